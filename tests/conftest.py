"""Shared paths and helpers for the course's tests."""

import os

import nbformat
import pytest

from mlmath.course import ROOT
from mlmath.notebooks import find_notebooks

SOLUTIONS = find_notebooks(ROOT / "solutions")
EXERCISES = find_notebooks(ROOT / "exercises")


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
