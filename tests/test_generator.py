"""Unit tests of the solution -> exercise generator, including every refusal."""

import json

import nbformat
import pytest

from mlmath.course import repository_url
from mlmath.exercises import BEGIN, END, GeneratorError, main, make_exercise, plan

TITLE = "# Sums: solutions\n\nWorked solutions."


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(TITLE), *cells]
    return nb


def code(source, outputs=()):
    cell = nbformat.v4.new_code_cell(source, execution_count=3)
    cell.outputs = [nbformat.v4.new_output("stream", text=text) for text in outputs]
    cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00"}
    return cell


SOLVED = f'def total(x):\n    """Sum of x."""\n    {BEGIN}\n    return sum(x)\n    {END}\n\n\ncheck_total(total)'


def test_solution_block_becomes_stub_at_its_indentation():
    exercise = make_exercise(notebook(code(SOLVED, outputs=["✔ total passes"])), "solutions/demo/01-sums.ipynb")
    source = exercise.cells[2].source
    assert source == ('def total(x):\n    """Sum of x."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\ncheck_total(total)')
    assert exercise.cells[2].outputs == [] and exercise.cells[2].execution_count is None
    assert "execution" not in exercise.cells[2].metadata


def test_title_cell_says_generated_and_links_both_ways():
    first = make_exercise(notebook(code(SOLVED)), "solutions/demo/01-sums.ipynb").cells[0].source
    assert first.startswith("# Sums: exercises\n")
    assert "Generated from `solutions/demo/01-sums.ipynb` by `make exercises`" in first
    assert "(../../chapters/demo/01-sums.md)" in first and "(../../solutions/demo/01-sums.ipynb)" in first


def test_cells_without_markers_are_kept():
    exercise = make_exercise(notebook(code("import numpy as np", outputs=["x"])), "s.ipynb")
    assert exercise.cells[2].source == "import numpy as np" and exercise.cells[2].outputs == []


def test_output_is_identical_on_every_run():
    nb = notebook(code(SOLVED))
    first = nbformat.writes(make_exercise(nb, "s.ipynb"))
    assert nbformat.writes(make_exercise(nb, "s.ipynb")) == first


@pytest.mark.parametrize(
    "source, reason",
    [
        (f"{BEGIN}\nx = 1", "never closed"),
        (f"x = 1\n{END}", "without a"),
        (f"{BEGIN}\n{BEGIN}\nx = 1\n{END}\n{END}", "nested"),
        (f"x = 1  {BEGIN}", "stand alone"),
    ],
)
def test_refuses_unbalanced_nested_or_inline_markers(source, reason):
    with pytest.raises(GeneratorError, match=reason):
        make_exercise(notebook(code(source)), "s.ipynb")


def test_refuses_marker_in_markdown_cell():
    with pytest.raises(GeneratorError, match="only allowed in code cells"):
        make_exercise(notebook(nbformat.v4.new_markdown_cell(f"{BEGIN}\nsecret\n{END}")), "s.ipynb")


def test_refuses_missing_title():
    nb = notebook(code(SOLVED))
    nb.cells[0].source = "Some text"
    with pytest.raises(GeneratorError, match="first cell must be a markdown title"):
        make_exercise(nb, "s.ipynb")


def write_course(root, notebooks):
    for name, nb in notebooks.items():
        path = root / "solutions" / "demo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nb if isinstance(nb, str) else nbformat.writes(nb))
    (root / "exercises").mkdir(exist_ok=True)


def test_bad_notebook_writes_nothing_and_names_the_file(tmp_path, capsys):
    write_course(tmp_path, {"01-good.ipynb": notebook(code(SOLVED)), "02-bad.ipynb": "{not json"})
    assert main(["--root", str(tmp_path)]) == 2
    assert not list((tmp_path / "exercises").rglob("*.ipynb"))
    assert "02-bad.ipynb: cannot be read as a notebook" in capsys.readouterr().err


def test_unbalanced_marker_writes_nothing(tmp_path):
    write_course(tmp_path, {"01-good.ipynb": notebook(code(SOLVED)), "02-bad.ipynb": notebook(code(BEGIN))})
    with pytest.raises(GeneratorError, match="02-bad.ipynb, cell 2, line 1"):
        plan(tmp_path)
    assert main(["--root", str(tmp_path)]) == 2
    assert not list((tmp_path / "exercises").rglob("*.ipynb"))


def test_check_mode_names_each_stale_file_and_writes_nothing(tmp_path, capsys):
    write_course(tmp_path, {"01-a.ipynb": notebook(code(SOLVED)), "02-b.ipynb": notebook(code(SOLVED))})
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["--root", str(tmp_path), "--check"]) == 0

    edited = tmp_path / "exercises" / "demo" / "01-a.ipynb"
    data = json.loads(edited.read_text())
    data["cells"][1]["source"] = "print('hand edit')"
    edited.write_text(json.dumps(data))
    orphan = tmp_path / "exercises" / "demo" / "03-orphan.ipynb"
    orphan.write_text(nbformat.writes(notebook()))
    capsys.readouterr()

    assert main(["--root", str(tmp_path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "out of date: exercises/demo/01-a.ipynb" in out
    assert "out of date: exercises/demo/03-orphan.ipynb" in out
    assert "02-b" not in out
    assert "hand edit" in edited.read_text()  # --check wrote nothing


def test_the_colab_cell_installs_the_checks_on_colab_only(monkeypatch):
    import sys
    import types

    cell = make_exercise(notebook(code(SOLVED)), "solutions/demo/01-sums.ipynb").cells[1].source
    calls = []

    class FakeShell:
        def run_line_magic(self, name, line):
            calls.append((name, line))

    exec(cell, {"get_ipython": FakeShell})
    assert calls == [], "locally and on Binder the cell does nothing"
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(cell, {"get_ipython": FakeShell})
    assert calls == [("pip", f"install --quiet git+{repository_url()}")]
