"""How far a learner has come: every exercise of the course, judged in this run.

The list of exercises comes from the course (each section's generated exercise
notebook), never from the learner's files, so the totals cannot shrink. Each
learner notebook is run as a copy with MLMATH_RESULTS pointing at a scratch
file; each check appends its verdict there (`mlmath.checking.record_result`),
so nothing counts as passed unless its check ran in this run. Each exercise
ends up with one status:

    pass        its check passed
    fail        its check failed, or its cell raised before the check ran
    todo        not started: the stub is still there
    missing     the exercise's check call is not in your copy (a deleted cell?)
    not run     the notebook could not be run, or stopped before this exercise
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from mlmath.checking import RESULTS_ENV
from mlmath.course import ROOT, Section, sections
from mlmath.notebooks import CHECK_CALL, run_copy

SYMBOLS = {"pass": "\u2714", "fail": "\u2718", "todo": "\u00b7", "missing": "?", "not run": "!"}
EXERCISE_TITLE = re.compile(r"^## Exercise (\d+): (.+)$", re.MULTILINE)
#: A cell may run this long before progress interrupts it and goes on with the next cell.
CELL_TIMEOUT = 30


@dataclass
class Exercise:
    section: str  # linear-algebra/01-vectors
    number: int  # 1, 2, ... as in the notebook's "## Exercise N: ..." headings
    name: str  # the function, e.g. norm
    title: str  # the heading's title, e.g. the Euclidean norm
    status: str = "not run"
    detail: str = ""


def course_exercises(section: Section) -> list[Exercise]:
    """The section's exercises, in order, read from its generated exercise notebook."""
    found, title = [], None
    for cell in nbformat.read(section.exercise, as_version=4).cells:
        if cell.cell_type == "markdown":
            heading = EXERCISE_TITLE.search(cell.source)
            title = heading.groups() if heading else title
        elif cell.cell_type == "code":
            for _, name in CHECK_CALL.findall(cell.source):
                number, text = title if title else (str(len(found) + 1), name)
                found.append(Exercise(section.name, int(number), name, text.strip()))
    return found


def _summary(message: str) -> str:
    """The lines of a check's message that say what is wrong, joined on one line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " | ".join(lines[:6])


def _cell_error(cell, timeout) -> str | None:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            if output.ename in ("KeyboardInterrupt", "CellTimeoutError"):
                return f"stopped after {timeout} s (an endless loop?)"
            return f"{output.ename}: {output.evalue}".strip()
    return None


def judge_notebook(path: Path, exercises: list[Exercise], timeout: int = CELL_TIMEOUT) -> tuple[str | None, list[str]]:
    """Run a copy of the learner's notebook and set each exercise's status; the file is not touched.

    Returns why the notebook as a whole could not be run (or None), and notes on
    cells outside the exercises that failed or were stopped.
    """
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:
        return f"it is not a readable notebook ({type(error).__name__}: {str(error).splitlines()[0][:120]})", []
    calls = {name: cell for cell in notebook.cells if cell.cell_type == "code" for _, name in CHECK_CALL.findall(cell.source)}
    with tempfile.TemporaryDirectory() as scratch:
        results = Path(scratch) / "results.jsonl"
        results.touch()
        previous = os.environ.get(RESULTS_ENV)
        os.environ[RESULTS_ENV] = str(results)  # the kernel inherits it
        try:
            executed = run_copy(path, timeout)
        except Exception as error:
            return f"the kernel could not run it ({type(error).__name__}: {str(error).splitlines()[0][:160]})", []
        finally:
            if previous is None:
                os.environ.pop(RESULTS_ENV, None)
            else:
                os.environ[RESULTS_ENV] = previous
        verdicts = {}
        for line in results.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            verdicts[record["check"].removeprefix("check_")] = record
    executed_calls = {name: cell for cell in executed.cells if cell.cell_type == "code" for _, name in CHECK_CALL.findall(cell.source)}
    earlier_problem = None
    for exercise in exercises:
        if exercise.name not in calls:
            exercise.status, exercise.detail = "missing", f"the cell with check_{exercise.name}(...) is not in your copy"
            continue
        cell = executed_calls[exercise.name]
        verdict = verdicts.get(exercise.name)
        if verdict is not None:
            exercise.status = verdict["status"]
            exercise.detail = "" if verdict["status"] == "pass" else verdict["message"]
        elif _cell_error(cell, timeout):
            exercise.status, exercise.detail = "fail", _cell_error(cell, timeout)
        else:
            exercise.status = "not run"
            exercise.detail = earlier_problem or "its check did not run"
        if exercise.status == "fail" and "stopped after" in exercise.detail:
            earlier_problem = "an earlier cell was stopped"
    notes = []
    for index, cell in enumerate(executed.cells):  # a stuck or broken cell outside the exercises
        error = _cell_error(cell, timeout)
        if error and not CHECK_CALL.search(cell.source) and not error.startswith("NotImplementedError"):
            notes.append(f"cell {index + 1} (not an exercise): {error[:200]}")
            for exercise in exercises:
                if exercise.status == "not run":
                    exercise.detail = f"cell {index + 1} failed first: {error[:160]}"
    return None, notes


def run(workspace: Path, timeout: int = CELL_TIMEOUT, progress=None) -> tuple[list[Exercise], dict[str, list[str]]]:
    """Judge every exercise of the course against the learner's copies in `workspace`.

    Returns the exercises, in course order, and notes per section on cells that failed outside them.
    """
    everything, notes = [], {}
    course = sections()
    for index, section in enumerate(course, start=1):
        if progress:
            progress(index, len(course), section.name)
        exercises = course_exercises(section)
        everything += exercises
        mine = workspace / section.chapter / f"{section.stem}.ipynb"
        if not mine.exists():
            for exercise in exercises:
                exercise.status, exercise.detail = "not run", "you have no copy yet: run `make lab`"
            continue
        problem, notes[section.name] = judge_notebook(mine, exercises, timeout)
        if problem:
            fresh = mine.with_name(f"{section.stem}-fresh.ipynb")
            for exercise in exercises:
                exercise.status = "not run"
                exercise.detail = (
                    f"{mine.relative_to(workspace.parent).as_posix()} could not be run: {problem}. "
                    f"Your file is kept as it is; for a fresh copy next to it: "
                    f"cp {section.exercise.relative_to(ROOT).as_posix()} "
                    f"{fresh.relative_to(workspace.parent).as_posix()}"
                )
    return everything, notes


def render(exercises: list[Exercise], workspace: Path, notes: dict[str, list[str]] | None = None) -> str:
    """The report a learner reads: one line an exercise, totals, and the next step."""
    lines, current = [], None
    for exercise in exercises:
        if exercise.section != current:
            current = exercise.section
            done = sum(e.status == "pass" for e in exercises if e.section == current)
            total = sum(e.section == current for e in exercises)
            lines.append(f"{current}  ({done}/{total})")
            notebook_problem = {e.detail for e in exercises if e.section == current and "could not be run" in e.detail}
            if notebook_problem:
                lines.append(f"  ! {notebook_problem.pop()}")
            lines += [f"  ! {note}" for note in (notes or {}).get(current, [])]
        detail = "" if exercise.status == "pass" or "could not be run" in exercise.detail else f": {_summary(exercise.detail)[:300]}"
        if exercise.status == "todo":
            detail = ": not started"
        lines.append(f"  {SYMBOLS[exercise.status]} {exercise.number}. {exercise.name}{detail}")
    counts = {status: sum(e.status == status for e in exercises) for status in SYMBOLS}
    lines.append("")
    lines.append(
        f"{counts['pass']} of {len(exercises)} exercises pass ({counts['fail']} failing, {counts['todo']} not started, "
        f"{counts['missing']} missing from your copies, {counts['not run']} not run)."
    )
    upcoming = next((e for e in exercises if e.status != "pass"), None)
    if upcoming is None:
        lines.append("Every exercise passes. Well done.")
    else:
        where = (workspace / f"{upcoming.section}.ipynb").relative_to(workspace.parent).as_posix()
        lines.append(f"Next: {upcoming.section}, exercise {upcoming.number} ({upcoming.title}): open {where}.")
        left = minutes_left(exercises).get(upcoming.section)
        if left:
            lines.append(f"About {left} minutes left in this section, by its own estimate.")
        lines.append("(progress reads your saved files: save the notebook in JupyterLab first.)")
    return "\n".join(lines)


def minutes_left(exercises: list[Exercise]) -> dict[str, int]:
    """Per section with work left: its reading time if nothing passes yet, plus its share of exercise time."""
    left = {}
    for section in sections():
        mine = [e for e in exercises if e.section == section.name]
        todo = sum(e.status != "pass" for e in mine)
        if mine and todo:
            reading, practice = section.minutes
            started = todo < len(mine)
            left[section.name] = (0 if started else reading) + round(practice * todo / len(mine))
    return left


def study_plan(exercises: list[Exercise], sitting: int = 120) -> str:
    """What is left, packed in order into sittings of about `sitting` minutes (a section is never split)."""
    plan, current, used = [], [], 0
    for name, minutes in minutes_left(exercises).items():
        if current and used + minutes > sitting:
            plan.append((current, used))
            current, used = [], 0
        current.append(name)
        used += minutes
    if current:
        plan.append((current, used))
    if not plan:
        return "Nothing left to plan."
    lines = [f"Study plan: {len(plan)} sitting(s) of about {sitting} minutes (sections' own estimates)."]
    lines += [f"  {number}. {' + '.join(names)}  (~{minutes} min)" for number, (names, minutes) in enumerate(plan, 1)]
    return "\n".join(lines)


def as_json(exercises: list[Exercise]) -> str:
    return json.dumps([asdict(e) for e in exercises], indent=1)
