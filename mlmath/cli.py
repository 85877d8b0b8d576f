"""Course commands.

For learners:
    python -m mlmath workspace   copy new exercise notebooks into my-work/ (never overwrites)
    python -m mlmath progress    run your notebooks in my-work/ and list which checks pass
    python -m mlmath check my-work/<chapter>/<NN-topic>.ipynb [exercise] [--watch]   one notebook, in full
    python -m mlmath hint my-work/<chapter>/<NN-topic>.ipynb <n>   the hint of exercise n
Your notebooks are only read: progress runs a copy in memory.

For authors (see CONTRIBUTING.md):
    python -m mlmath new <chapter>/<NN-topic> "<Title>"   scaffold a section
    python -m mlmath solutions [NOTEBOOK ...]             execute solutions in place, regenerate exercises
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat

from mlmath import exercises as generator
from mlmath import progress
from mlmath.course import ROOT, section_of
from mlmath.notebooks import execute_in_place, find_notebooks

EXERCISES = ROOT / "exercises"
HINT = re.compile(r"<details><summary>Hint</summary>(.*?)</details>", re.DOTALL)
WORKSPACE = ROOT / "my-work"


YOUR_COPY = (
    "*This is your copy, `{copy}`: write your code here. `make lab` never overwrites it "
    "(a new version of the course only adds notebooks you do not have). Save it (Ctrl+S) before "
    "`make progress`, or check just this notebook in a terminal: "
    "`.venv/bin/python -m mlmath check {copy}`; `.venv/bin/python -m mlmath hint {copy} <n>` prints hint n.*"
)


def learner_copy(source: Path, target: Path) -> None:
    """Write the exercise notebook `source` to `target`, its header speaking to the learner."""
    notebook = nbformat.read(source, as_version=4)
    header = notebook.cells[0]
    copy = target.relative_to(target.parents[2]).as_posix()  # my-work/<chapter>/<NN-topic>.ipynb
    for line in header.source.splitlines():
        if line.startswith("*Generated from `"):
            header.source = header.source.replace(line, YOUR_COPY.format(copy=copy))
    nbformat.write(notebook, target)


def workspace(exercises: Path = EXERCISES, work: Path = WORKSPACE) -> int:
    """Copy every exercise notebook the learner does not have yet into `work`."""
    added, kept = [], []
    for source in find_notebooks(exercises):
        target = work / source.relative_to(exercises)
        if target.exists():
            kept.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            learner_copy(source, target)
            added.append(target)
    for path in added:
        print(f"added {path.relative_to(work.parent).as_posix()}")
    print(f"{work.name}/: {len(added)} new notebook(s) added, {len(kept)} of yours kept as they are.")
    return 0


def show_progress(folder: Path, timeout: int, as_json: bool = False, plan: bool = False) -> int:
    """Judge every exercise of the course against the notebooks in `folder`; 0 only when all pass."""
    if not find_notebooks(folder):
        print(f"No notebooks in {folder}. Run `make lab` (or `python -m mlmath workspace`) first.")
        return 1

    def bar(done, total, name):
        if sys.stderr.isatty():
            filled = round(20 * (done - 1) / total)
            print(f"\r[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {name:<50}", end="", file=sys.stderr, flush=True)

    exercises, notes = progress.run(folder, timeout, progress=bar)
    if sys.stderr.isatty():
        print("\r" + " " * 80 + "\r", end="", file=sys.stderr)
    print(progress.as_json(exercises) if as_json else progress.render(exercises, folder, notes))
    if plan and not as_json:
        print("\n" + progress.study_plan(exercises))
    return 0 if all(e.status == "pass" for e in exercises) else 1


def check_one(notebook: Path, only: str | None, timeout: int) -> int:
    """Run one of your notebooks and print each exercise's verdict in full."""
    section = section_of(notebook)
    if section is None:
        print(
            f"{notebook} is not an exercise notebook of this course (its name must match a section, "
            "for example my-work/linear-algebra/01-vectors.ipynb).",
            file=sys.stderr,
        )
        return 2
    exercises = progress.course_exercises(section)
    if only:
        exercises = [e for e in exercises if only in (e.name, str(e.number))]
        if not exercises:
            print(f"{section.name} has no exercise {only!r}.", file=sys.stderr)
            return 2
    problem, notes = progress.judge_notebook(notebook, exercises, timeout)
    if problem:
        print(f"{notebook} could not be run: {problem}")
        return 1
    for note in notes:
        print(f"! {note}")
    for exercise in exercises:
        status = "not started" if exercise.status == "todo" else exercise.status
        print(f"{progress.SYMBOLS[exercise.status]} {exercise.number}. {exercise.name} ({exercise.title}): {status}")
        if exercise.detail and exercise.status != "todo":
            print("    " + exercise.detail.replace("\n", "\n    "))
    return 0 if all(e.status == "pass" for e in exercises) else 1


def hint(notebook: Path, number: int) -> int:
    """Print the hint of exercise `number` of a notebook (the learner's copy or the course's)."""
    try:
        cells = nbformat.read(notebook, as_version=4).cells
    except Exception as error:
        print(f"{notebook} cannot be read ({type(error).__name__}); the course's copy is in exercises/.", file=sys.stderr)
        return 2
    for cell in cells:
        heading = progress.EXERCISE_TITLE.search(cell.source) if cell.cell_type == "markdown" else None
        if heading and int(heading[1]) == number:
            found = HINT.search(cell.source)
            print(f"Exercise {number}: {heading[2]}\n\n" + (found[1].strip() if found else "This exercise has no hint."))
            return 0
    print(f"{notebook} has no exercise {number}.", file=sys.stderr)
    return 2


def watch(notebook: Path, only: str | None, timeout: int) -> int:
    """Check the notebook again each time it is saved; Ctrl+C stops."""
    print(f"Watching {notebook}: save it in JupyterLab to check it again (Ctrl+C stops).")
    seen = None
    try:
        while True:
            stamp = notebook.stat().st_mtime if notebook.exists() else None
            if stamp != seen:
                seen = stamp
                print(f"\n--- {time.strftime('%H:%M:%S')} ---", flush=True)
                check_one(notebook, only, timeout)
            time.sleep(1)
    except KeyboardInterrupt:
        return 0


def new(name: str, title: str) -> int:
    """Scaffold a section, execute its solution and generate its exercise."""
    from mlmath.scaffold import ScaffoldError, new_section

    try:
        section = new_section(name, title)
    except ScaffoldError as error:
        print(f"Nothing was created: {error}", file=sys.stderr)
        return 2
    for path in (section.page, section.solution, section.check_file):
        print(f"created {path.relative_to(ROOT).as_posix()}")
    print(f"created tests/test_wrong_answers_{section.check_file.stem}.py")
    print("added its three pages to _toc.yml")
    status = run_solutions([section.solution])
    if status == 0:
        print(
            f"\nNext: write the page, the exercises and their checks (CONTRIBUTING.md), then\n"
            f"  make solutions NB={section.solution.relative_to(ROOT).as_posix()}\n  make test"
        )
    return status


def run_solutions(paths: list[Path]) -> int:
    """Execute solution notebooks in place (no timestamps), then regenerate the exercises."""
    paths = [Path(p).resolve() for p in paths] or find_notebooks(ROOT / "solutions")
    failed = []
    for path in paths:
        print(f"executing {path.relative_to(ROOT).as_posix()}", flush=True)
        try:
            execute_in_place(path)
        except Exception as error:  # CellExecutionError carries the cell and its traceback
            failed.append(path)
            print(f"  failed: {type(error).__name__}: {error}"[:3000], file=sys.stderr)
    status = generator.main([])
    return 1 if failed else status


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mlmath", description="Course commands for learners.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("workspace", help="copy new exercise notebooks into my-work/ (never overwrites yours)")
    progress_parser = commands.add_parser("progress", help="run your notebooks (a copy) and list passing checks")
    progress_parser.add_argument("folder", nargs="?", type=Path, default=WORKSPACE, help="folder of notebooks to run (default: my-work/)")
    progress_parser.add_argument(
        "--timeout",
        type=int,
        default=progress.CELL_TIMEOUT,
        help=f"seconds a cell may run before it is interrupted (default {progress.CELL_TIMEOUT})",
    )
    progress_parser.add_argument("--json", action="store_true", help="print the results as JSON")
    progress_parser.add_argument("--plan", action="store_true", help="end with a study plan: what is left, in sittings")
    check_parser = commands.add_parser("check", help="run one of your notebooks and show each verdict in full")
    check_parser.add_argument("notebook", type=Path)
    check_parser.add_argument("exercise", nargs="?", help="only this exercise (its number or function name)")
    check_parser.add_argument("--timeout", type=int, default=progress.CELL_TIMEOUT)
    check_parser.add_argument("--watch", action="store_true", help="check again each time the notebook is saved")
    hint_parser = commands.add_parser("hint", help="print the hint of an exercise")
    hint_parser.add_argument("notebook", type=Path)
    hint_parser.add_argument("number", type=int, help="the exercise number")
    new_parser = commands.add_parser("new", help="authors: scaffold a section (page, solution, checks, _toc.yml)")
    new_parser.add_argument("section", help="<chapter>/<NN-topic>, for example calculus/01-derivatives")
    new_parser.add_argument("title", help='the section title, for example "Derivatives"')
    solutions_parser = commands.add_parser("solutions", help="authors: execute solutions in place, regenerate exercises")
    solutions_parser.add_argument("notebooks", nargs="*", type=Path, help="solution notebooks (default: all)")
    args = parser.parse_args(argv)
    if args.command == "workspace":
        return workspace()
    if args.command == "new":
        return new(args.section, args.title)
    if args.command == "solutions":
        return run_solutions(args.notebooks)
    if args.command == "check":
        run = watch if args.watch else check_one
        return run(args.notebook.resolve(), args.exercise, args.timeout)
    if args.command == "hint":
        return hint(args.notebook, args.number)
    return show_progress(args.folder.resolve(), args.timeout, args.json, args.plan)


if __name__ == "__main__":
    sys.exit(main())
