"""Learner commands: the workspace never overwrites work; progress reads, runs a copy, reports."""

import shutil

import nbformat

from conftest import ROOT
from mlmath.cli import check_results, progress, workspace

VECTORS = "linear-algebra/01-vectors.ipynb"


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


def test_check_results_reads_pass_fail_and_todo():
    cells = [nbformat.v4.new_code_cell(f"check_{name}({name})") for name in ("a", "b", "c", "d")]
    cells[0].outputs = [nbformat.v4.new_output("stream", text="\u2714 a passes all 3 cases.\n")]
    cells[1].outputs = [nbformat.v4.new_output("error", ename="CheckFailure", evalue="b is not right yet.\n  Case: x", traceback=[])]
    cells[2].outputs = [nbformat.v4.new_output("error", ename="NotImplementedYet", evalue="c is not implemented yet", traceback=[])]
    notebook = nbformat.v4.new_notebook(cells=cells)
    assert check_results(notebook) == [
        ("a", "pass", ""),
        ("b", "fail", "CheckFailure: b is not right yet.   Case: x"),
        ("c", "todo", "not implemented yet"),
        ("d", "not run", "an earlier cell stopped the notebook"),
    ]


def test_progress_runs_a_copy_and_leaves_the_notebook_untouched(tmp_path, capsys):
    (tmp_path / "linear-algebra").mkdir()
    solved, stub = tmp_path / "linear-algebra" / "01-solved.ipynb", tmp_path / "linear-algebra" / "02-stub.ipynb"
    shutil.copy(ROOT / "solutions" / VECTORS, solved)
    shutil.copy(ROOT / "exercises" / VECTORS, stub)
    before = stub.read_bytes()
    assert progress(tmp_path) == 0
    out = capsys.readouterr().out
    assert stub.read_bytes() == before
    assert "\u2714 norm" in out and "\u00b7 norm: not implemented yet" in out
    assert "7 of 14 exercises pass (0 failing, 7 not started, 0 not reached)." in out


def test_progress_without_notebooks_says_what_to_do(tmp_path, capsys):
    assert progress(tmp_path) == 1
    assert "make lab" in capsys.readouterr().out


def test_progress_reports_a_broken_notebook_and_goes_on(tmp_path, capsys):
    (tmp_path / "01-broken.ipynb").write_text("{ this is not a notebook")
    shutil.copy(ROOT / "solutions" / VECTORS, tmp_path / "02-solved.ipynb")
    assert progress(tmp_path) == 0
    out = capsys.readouterr().out
    assert "01-broken\n  could not run this notebook:" in out
    assert "7 of 7 exercises pass" in out
