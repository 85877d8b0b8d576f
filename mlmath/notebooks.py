"""Notebook helpers shared by the generator, the learner commands and the tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat

#: An exercise's check call, `check_<name>(<name>)`, on its own line (a trailing comment is
#: allowed): groups (check, function).
CHECK_CALL = re.compile(r"^(check_\w+)\((\w+)\)[ \t]*(?:#.*)?$", re.MULTILINE)


def find_notebooks(folder: Path) -> list[Path]:
    """Every notebook below `folder`, sorted, without Jupyter's autosave copies."""
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _client(notebook, folder: Path, timeout: int, allow_errors: bool):
    from nbclient import NotebookClient

    # record_timing=False: executing a notebook writes no timestamps into it (no diff noise).
    # interrupt_on_timeout with allow_errors: a stuck cell is interrupted and the next cells still run.
    return NotebookClient(
        notebook,
        timeout=timeout,
        allow_errors=allow_errors,
        kernel_name="python3",
        record_timing=False,
        interrupt_on_timeout=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    )


def run_copy(path: Path, timeout: int = 120) -> nbformat.NotebookNode:
    """Execute a copy of the notebook in its own folder, errors allowed; the file is not touched.

    Every cell runs, including those tagged skip-execution: a check that did not run this
    time must not leave an old verdict standing.
    """
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "skip-execution" in tags:
            cell.metadata["tags"] = [tag for tag in tags if tag != "skip-execution"]
    _client(notebook, path.parent, timeout, allow_errors=True).execute(stderr=subprocess.DEVNULL)
    return notebook


def execute_in_place(path: Path, timeout: int = 600) -> None:
    """Run a solution notebook top to bottom and store its outputs; an error in a cell raises."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:  # timestamps an earlier run (or another tool) left behind
        cell.metadata.pop("execution", None)
    _client(notebook, path.parent, timeout, allow_errors=False).execute(stderr=subprocess.DEVNULL)
    nbformat.write(notebook, path)
