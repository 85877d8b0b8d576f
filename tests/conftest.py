"""Shared paths and helpers for the course's tests."""

import os
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").rglob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").rglob("*.ipynb"))
CHECK_CALL = re.compile(r"^(check_\w+)\((\w+)\)\s*$", re.MULTILINE)


def notebook_id(path):
    return path.relative_to(ROOT).as_posix()


def read(path):
    return nbformat.read(path, as_version=4)


@pytest.fixture(params=SOLUTIONS, ids=notebook_id)
def solution_path(request):
    return request.param


@pytest.fixture(params=EXERCISES, ids=notebook_id)
def exercise_path(request):
    return request.param


os.environ.setdefault("MPLBACKEND", "Agg")  # solutions run in-process in some tests
