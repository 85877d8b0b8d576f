"""Shared paths and helpers for the course's tests."""

import contextlib
import io
import os

import nbformat
import pytest

from mlmath.checking import CheckFailure, NotImplementedYet
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


def assert_rejects(check, wrong):
    """Run `check` on a wrong answer: it must fail as a check does (not call it 'not implemented').

    Returns pytest's ExceptionInfo (`.value` is the failure), for tests that look at its message or kind.
    """
    # NumPy's error state is left as it is: some checks judge the warnings an answer raises.
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(CheckFailure) as failure:
        check(wrong)
    assert not isinstance(failure.value, NotImplementedYet), f"{wrong.__name__} was called not implemented"
    return failure
