"""The committed notebooks agree with each other and with the rules in DESIGN.md."""

import re

import pytest
from conftest import EXERCISES, ROOT, SOLUTIONS, read

from mlmath.course import MAX_EXERCISES, MIN_EXERCISES
from mlmath.exercises import BEGIN, END, exercise_path, stale
from mlmath.notebooks import CHECK_CALL

SOLUTION_BLOCK = re.compile(rf"^[ \t]*{BEGIN}\n(.*?)^[ \t]*{END}", re.MULTILINE | re.DOTALL)


def test_there_are_solutions_and_matching_exercises():
    assert SOLUTIONS, "no solution notebooks found"
    assert [exercise_path(p) for p in SOLUTIONS] == EXERCISES


def test_committed_exercises_equal_generated_ones():
    assert stale() == [], "run `make exercises` and commit the result"


def test_no_marker_or_solution_text_in_exercises(solution_path):
    exercise = read(exercise_path(solution_path))
    exercise_text = "\n".join(cell.source for cell in exercise.cells)
    assert BEGIN not in exercise_text and END not in exercise_text
    for cell in read(solution_path).cells:
        for block in SOLUTION_BLOCK.findall(cell.source):
            assert block.strip() not in exercise_text, f"solution text leaked:\n{block}"


def test_every_solution_code_cell_is_stored_executed_in_order(solution_path):
    counts = [cell.execution_count for cell in read(solution_path).cells if cell.cell_type == "code"]
    assert None not in counts, "some code cells were never executed: run `make solutions`"
    assert counts == list(range(1, len(counts) + 1)), f"cells were not run top to bottom once: {counts}"


def test_every_exercise_function_has_its_check_in_the_same_cell(solution_path):
    exercises = 0
    for cell in read(solution_path).cells:
        if BEGIN not in cell.source:
            continue
        exercises += 1
        defined = set(re.findall(r"^def (\w+)\(", cell.source, re.MULTILINE))
        checked = dict((name, check) for check, name in CHECK_CALL.findall(cell.source))
        assert defined & checked.keys(), f"exercise cell has no check call on its function:\n{cell.source[:200]}"
        for name, check in checked.items():
            assert check == f"check_{name}", f"{check}({name}): a check is named after its exercise"
    assert MIN_EXERCISES <= exercises <= MAX_EXERCISES, (
        f"{solution_path.name} has {exercises} exercises; a section has {MIN_EXERCISES} to {MAX_EXERCISES}"
    )


def test_every_check_function_is_used_by_a_solution():
    import importlib
    import pkgutil

    import mlmath.checks

    used = {check for path in SOLUTIONS for cell in read(path).cells for check, _ in CHECK_CALL.findall(cell.source)}
    defined = set()
    for module in pkgutil.walk_packages(mlmath.checks.__path__, "mlmath.checks."):
        names = vars(importlib.import_module(module.name))
        defined |= {name for name in names if name.startswith("check_") and callable(names[name])}
    assert defined - used == set(), "checks no solution calls"


@pytest.mark.parametrize("stem", sorted({p.stem for p in SOLUTIONS}))
def test_section_has_chapter_page(stem):
    assert list((ROOT / "chapters").glob(f"*/{stem}.md")), f"no chapter page for {stem}"


def test_every_exercise_has_a_collapsed_hint(solution_path):
    cells = read(solution_path).cells
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and BEGIN in cell.source:
            task = next((c.source for c in reversed(cells[:index]) if c.cell_type == "markdown"), "")
            assert "<details><summary>Hint</summary>" in task and "</details>" in task, (
                f"{solution_path.name}: the exercise before cell {index + 1} has no collapsed hint"
            )


def test_every_section_states_its_time_for_one_sitting():
    from mlmath.course import sections

    for section in sections():
        reading, practice = section.minutes
        assert reading and practice, f"{section.page.name}: no '*About N minutes of reading and M minutes of exercises.*' line"
        assert 60 <= reading + practice <= 125, f"{section.name}: {reading + practice} minutes is not one sitting"
