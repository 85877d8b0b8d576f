"""Learner commands: the workspace never overwrites work; progress never lies and never touches a file."""

import json
import shutil

import nbformat
import pytest
from conftest import ROOT

from mlmath import progress
from mlmath.cli import main, workspace
from mlmath.course import sections

VECTORS = "linear-algebra/01-vectors.ipynb"
MATRICES = "linear-algebra/02-matrices.ipynb"


def test_workspace_copies_new_notebooks_and_keeps_edited_ones(tmp_path, capsys):
    exercises, work = tmp_path / "exercises", tmp_path / "my-work"
    (exercises / "linear-algebra").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / VECTORS, exercises / VECTORS)
    workspace(exercises, work)
    mine = work / VECTORS
    mine.write_text(mine.read_text().replace("# YOUR CODE HERE", "# my own attempt"))
    edited = mine.read_text()

    (exercises / "linear-algebra" / "02-new.ipynb").write_text((exercises / VECTORS).read_text())
    workspace(exercises, work)
    assert mine.read_text() == edited
    assert (work / "linear-algebra" / "02-new.ipynb").exists()
    assert "1 new notebook(s) added, 1 of yours kept as they are" in capsys.readouterr().out


def _edit(path, change):
    notebook = nbformat.read(path, as_version=4)
    change(notebook.cells)
    nbformat.write(notebook, path)


def _code_cell_defining(cells, name):
    return next(i for i, cell in enumerate(cells) if cell.cell_type == "code" and f"def {name}(" in cell.source)


def _wrong_norm(cells):
    cells[_code_cell_defining(cells, "norm")].source = "def norm(x):\n    return float(abs(x).sum())\n\n\ncheck_norm(norm)"


def _stale_pass_output(cells):  # an old ✔ stored under code that now returns None
    cell = cells[_code_cell_defining(cells, "norm")]
    cell.source = "def norm(x):\n    return None\n\n\ncheck_norm(norm)"
    cell.metadata["tags"] = ["skip-execution"]
    cell.outputs = [nbformat.v4.new_output("stream", text="\u2714 norm passes all 10 cases.\n")]


def _raising_norm(cells):
    cells[_code_cell_defining(cells, "norm")].source = "def norm(x):\n    return x[10]\n\n\ncheck_norm(norm)"


def _syntax_error(cells):
    cells[_code_cell_defining(cells, "norm")].source = "def norm(x)\n    return 0\n\n\ncheck_norm(norm)"


def _stuck_top_level_cell(cells):
    cells.insert(2, nbformat.v4.new_code_cell("while True:\n    pass"))


def _deleted_exercise(cells):
    del cells[_code_cell_defining(cells, "dot")]


# (what the learner did to 01-vectors, starting from the solution, the status of norm, words in its line)
BROKEN = [
    ("a wrong answer", _wrong_norm, "fail", "Expected"),
    ("an old pass output under code that returns None", _stale_pass_output, "fail", "returned None"),
    ("a syntax error", _syntax_error, "fail", "SyntaxError"),
    ("an exception, named by its cell as Jupyter names it", _raising_norm, "fail", "Cell In["),
    ("a stuck top-level cell", _stuck_top_level_cell, "pass", ""),
    ("a deleted exercise cell", _deleted_exercise, "pass", ""),
]


@pytest.mark.parametrize("kind, change, status, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_check_judges_a_broken_notebook_without_changing_it(tmp_path, kind, change, status, words):
    mine = tmp_path / "my-work" / VECTORS
    mine.parent.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / VECTORS, mine)
    _edit(mine, change)
    before = mine.read_bytes()
    section = next(s for s in sections() if s.stem == "01-vectors")
    exercises = progress.course_exercises(section)
    problem, notes = progress.judge_notebook(mine, exercises, timeout=3)
    assert problem is None and mine.read_bytes() == before
    assert len(exercises) == 7, "every exercise of the section is judged"
    norm = exercises[0]
    assert (norm.status, norm.name) == (status, "norm"), f"{kind}: {norm}"
    assert words in norm.detail
    if change is _stuck_top_level_cell:
        assert any("stopped after 3 s" in note for note in notes)
        assert all(e.status == "pass" for e in exercises), "the rest of the notebook still counts"
    if change is _deleted_exercise:
        assert exercises[1].status == "missing" and "not in your copy" in exercises[1].detail


def test_progress_counts_every_exercise_whatever_the_files(tmp_path, capsys):
    work = tmp_path / "my-work"
    (work / "linear-algebra").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / VECTORS, work / VECTORS)
    (work / MATRICES).write_text("{ this is not a notebook")
    before = {p: p.read_bytes() for p in work.rglob("*.ipynb")}
    total = sum(len(progress.course_exercises(s)) for s in sections())

    assert main(["progress", str(work), "--timeout", "5"]) == 1, "exit 0 only when everything passes"
    out = capsys.readouterr().out
    assert f"7 of {total} exercises pass" in out
    assert "02-matrices.ipynb could not be run: it is not a readable notebook" in out
    assert "cp exercises/linear-algebra/02-matrices.ipynb my-work/linear-algebra/02-matrices-fresh.ipynb" in out
    assert "Next: linear-algebra/02-matrices, exercise 1" in out
    assert {p: p.read_bytes() for p in work.rglob("*.ipynb")} == before

    assert main(["progress", str(work), "--timeout", "5", "--json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert len(records) == total and {r["status"] for r in records} == {"pass", "not run"}


def test_progress_without_notebooks_says_what_to_do(tmp_path, capsys):
    assert main(["progress", str(tmp_path)]) == 1
    assert "make lab" in capsys.readouterr().out


def test_check_one_exercise_prints_the_verdict_in_full(tmp_path, capsys):
    mine = tmp_path / "my-work" / VECTORS
    mine.parent.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / VECTORS, mine)
    _edit(mine, _wrong_norm)
    assert main(["check", str(mine), "norm"]) == 1
    out = capsys.readouterr().out
    assert "\u2718 1. norm (the Euclidean norm): fail" in out and "Case:" in out and "Got:" in out
    assert main(["check", str(mine), "2"]) == 0


def test_the_learners_copy_speaks_to_the_learner_and_its_links_resolve(tmp_path):
    work = ROOT / "my-work"  # where the copy lives in a real clone: the links are relative to it
    source = ROOT / "exercises" / VECTORS
    from mlmath.cli import learner_copy

    target = tmp_path / "my-work" / VECTORS
    target.parent.mkdir(parents=True)
    learner_copy(source, target)
    header = nbformat.read(target, as_version=4).cells[0].source
    assert "This is your copy, `my-work/linear-algebra/01-vectors.ipynb`" in header
    assert "authors edit the solution" not in header
    for link in ("../../chapters/linear-algebra/01-vectors.md", "../../solutions/linear-algebra/01-vectors.ipynb"):
        assert link in header and (work / "linear-algebra" / link).resolve().exists()


def test_hint_prints_the_exercises_hint(capsys):
    assert main(["hint", str(ROOT / "exercises" / VECTORS), "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1: the Euclidean norm") and "<details>" not in out
    assert main(["hint", str(ROOT / "exercises" / VECTORS), "99"]) == 2
