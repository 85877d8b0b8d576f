"""Generate the exercise notebooks from the solution notebooks.

    python -m mlmath.exercises           # write exercises/ from solutions/
    python -m mlmath.exercises --check   # exit 1 naming every file that is out of date

Inside a solution code cell, the learner's part sits between
`### BEGIN SOLUTION` and `### END SOLUTION`. Each such block becomes
`# YOUR CODE HERE` and `raise NotImplementedError()` at the marker's
indentation. Outputs and execution counts are cleared, and the title cell
says the file is generated. Every solution is read and validated before
anything is written, so a bad notebook stops the run with nothing changed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from mlmath.course import ROOT, repository_url
from mlmath.notebooks import find_notebooks

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
TITLE = re.compile(r"^# (?P<topic>.+): solutions\s*$")
# Cell metadata left behind by running or editing a notebook (jupytext's included): not the learner's.
VOLATILE_METADATA = ("execution", "scrolled", "collapsed", "lines_to_next_cell")
NOTEBOOK_METADATA = ("kernelspec", "language_info")  # all an exercise keeps of the solution's metadata


GENERATED_NOTICE = "*Generated from `{name}` by `make exercises`: authors edit the solution, never this file.*"


COLAB_CELL = """\
# On Google Colab only: install the course's checks (nothing happens locally or on Binder).
import sys

if "google.colab" in sys.modules:
    get_ipython().run_line_magic("pip", "install --quiet git+{url}")"""


class GeneratorError(Exception):
    """A solution notebook the generator refuses to turn into an exercise."""


def _stub_block(source, where):
    """Replace each BEGIN/END SOLUTION block of one cell's source with a stub."""
    out, inside, begin_line = [], False, 0
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise GeneratorError(f"{where}, line {number}: nested {BEGIN} (the block opened on line {begin_line} is not closed)")
            inside, begin_line = True, number
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
        elif marker == END:
            if not inside:
                raise GeneratorError(f"{where}, line {number}: {END} without a {BEGIN} before it")
            inside = False
        elif BEGIN in line or END in line:
            raise GeneratorError(f"{where}, line {number}: a solution marker must stand alone on its line")
        elif not inside:
            out.append(line)
    if inside:
        raise GeneratorError(f"{where}, line {begin_line}: {BEGIN} is never closed by {END}")
    return "\n".join(out)


def exercise_path(solution_path: Path, root: Path = ROOT) -> Path:
    """solutions/<chapter>/NN-topic.ipynb -> exercises/<chapter>/NN-topic.ipynb"""
    return root / "exercises" / solution_path.relative_to(root / "solutions")


def _exercise_header(topic, name):
    """The exercise's first cell: title, how to work, links, and the generated notice."""
    chapter, stem = Path(name).parent.name, Path(name).stem
    return (
        f"# {topic}: exercises\n\n"
        f"These exercises go with the section [{topic}](../../chapters/{chapter}/{stem}.md). "
        "Each one asks you to write a function: replace `raise NotImplementedError()` with your code "
        "and run the cell. The check at the end of the cell tries your function on edge cases and "
        "seeded random inputs, and either tells you what is wrong (the case, what was expected, what "
        "came back) or prints one line starting with \u2714. Run the setup cell first, then the cells in order. "
        "Stuck? Open the hint under the exercise; the "
        f"[worked solutions](../../solutions/{chapter}/{stem}.ipynb) are for after you have tried.\n\n"
        f"{GENERATED_NOTICE.format(name=name)}"
    )


def make_exercise(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The exercise notebook for one solution notebook (which is not modified)."""
    cells = solution.cells
    title = TITLE.match(cells[0].source.splitlines()[0]) if cells and cells[0].cell_type == "markdown" and cells[0].source else None
    if title is None:
        raise GeneratorError(f"{name}: the first cell must be a markdown title '# <Topic>: solutions'")

    metadata = {key: value for key, value in solution.metadata.items() if key in NOTEBOOK_METADATA}
    exercise = nbformat.v4.new_notebook(metadata=metadata)
    for index, cell in enumerate(cells):
        where = f"{name}, cell {index + 1}"
        if cell.cell_type != "code":
            if BEGIN in cell.source or END in cell.source:
                raise GeneratorError(f"{where}: solution markers are only allowed in code cells")
            new = nbformat.v4.new_markdown_cell(cell.source) if cell.cell_type == "markdown" else nbformat.v4.new_raw_cell(cell.source)
        else:
            new = nbformat.v4.new_code_cell(_stub_block(cell.source, where))
        new.metadata = {k: v for k, v in cell.metadata.items() if k not in VOLATILE_METADATA}
        exercise.cells.append(new)

    exercise.cells[0].source = _exercise_header(title["topic"], name)
    exercise.cells.insert(1, nbformat.v4.new_code_cell(COLAB_CELL.format(url=repository_url())))
    for number, cell in enumerate(exercise.cells):
        cell.id = f"cell-{number}"  # stable ids keep regenerated files identical
    return exercise


def render(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def plan(root: Path = ROOT) -> dict[Path, str]:
    """Read and validate every solution; return {exercise path: text}. Writes nothing."""
    planned, errors = {}, []
    for path in find_notebooks(root / "solutions"):
        name = path.relative_to(root).as_posix()
        try:
            notebook = nbformat.read(path, as_version=4)
            planned[exercise_path(path, root)] = render(make_exercise(notebook, name))
        except GeneratorError as error:
            errors.append(str(error))
        except Exception as error:  # unreadable JSON, wrong nbformat, ...
            errors.append(f"{name}: cannot be read as a notebook ({type(error).__name__}: {error})")
    if errors:
        raise GeneratorError("\n".join(errors))
    return planned


def stale(root: Path = ROOT) -> list[str]:
    """Exercise files that differ from what the generator would write, or have no solution."""
    planned = plan(root)
    differ = [p for p, text in planned.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    orphans = [p for p in find_notebooks(root / "exercises") if p not in planned]
    return sorted(p.relative_to(root).as_posix() for p in differ + orphans)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mlmath.exercises", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any exercise is out of date")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course repository (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.check:
            out_of_date = stale(root)
            for name in out_of_date:
                print(f"out of date: {name}  (run `make exercises`)")
            print(f"{len(out_of_date)} exercise notebook(s) out of date.")
            return 1 if out_of_date else 0
        planned = plan(root)
    except GeneratorError as error:
        print(f"Nothing was written. Fix these solution notebooks first:\n{error}", file=sys.stderr)
        return 2
    for path, text in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root).as_posix()}")
    print(f"{len(planned)} exercise notebook(s) up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
