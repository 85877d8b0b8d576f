"""Notebook helpers shared by the generator, the learner commands and the tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat

#: An exercise's check call, `check_<name>(<name>)`, on its own line: groups (check, function).
CHECK_CALL = re.compile(r"^(check_\w+)\((\w+)\)\s*$", re.MULTILINE)


def find_notebooks(folder: Path) -> list[Path]:
    """Every notebook below `folder`, sorted, without Jupyter's autosave copies."""
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def run_copy(path: Path, timeout: int = 120) -> nbformat.NotebookNode:
    """Execute a copy of the notebook in its own folder, errors allowed; the file is not touched."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(stderr=subprocess.DEVNULL)  # the kernel process's own log lines are noise here
    return notebook
