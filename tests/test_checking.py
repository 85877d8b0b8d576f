"""Unit tests of the check machinery: every failure kind gives its message; right answers pass."""

import time

import numpy as np
import pytest

from mlmath.checking import PASS_MARK, Checker, CheckFailure, NotImplementedYet


def identity(x):
    return x


def run(func, got_check):
    """Run `got_check(checker)` inside a Checker for func; return the failure message."""
    with pytest.raises(CheckFailure) as failure:
        with Checker(func) as c:
            got_check(c)
    return str(failure.value)


def test_pass_prints_one_deterministic_line(capsys):
    with Checker(identity) as c:
        c.close(c.call("case one", np.array([1.0, 2.0])), np.array([1.0, 2.0]))
        c.close(c.call("case two", 3.0), 3.0)
    assert capsys.readouterr().out == f"{PASS_MARK} identity passes all 2 cases.\n"


def test_stub_is_reported_as_not_implemented_yet():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(NotImplementedYet, match="stub is not implemented yet"):
        with Checker(stub) as c:
            c.call("any case", 1)


def test_stub_called_by_another_exercise_is_named():
    def helper(x):
        raise NotImplementedError()

    def caller(x):
        return helper(x)

    with pytest.raises(NotImplementedYet, match=r"caller is not implemented yet \(it calls helper"):
        Checker(caller).call("any case", 1)


def test_learner_exception_is_shown_as_theirs():
    def broken(x):
        return x[10]

    message = run(broken, lambda c: c.call("a short vector", np.zeros(2)))
    assert "Case: a short vector" in message
    assert "Your function raised an exception" in message
    assert "IndexError" in message and "in broken" in message
    assert "mlmath/checking.py" not in message  # our own frames are hidden


def test_shape_is_reported_before_values():
    message = run(identity, lambda c: c.close(c.call("column", np.zeros((3, 1))), np.zeros(3)))
    assert "First difference: shape. Expected shape (3,), got (3, 1)." in message


def test_dtype_is_reported():
    message = run(identity, lambda c: c.close(c.call("ints", np.array([1, 2])), np.array([1.0, 2.0])))
    assert "First difference: dtype" in message and "integer" in message


def test_nan_is_reported_with_its_index():
    message = run(identity, lambda c: c.close(c.call("nan", np.array([1.0, np.nan])), np.array([1.0, 2.0])))
    assert "NaN at index (1,)" in message


def test_first_differing_index_and_values_are_reported():
    got, expected = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 2.0], [3.0, 4.0]])
    message = run(identity, lambda c: c.close(c.call("matrix", got), expected))
    assert "at index (1, 1) expected 4.0, got 5.0 (1 of 4 entries differ)" in message
    assert "Expected:" in message and "Got:" in message


def test_scalar_value_difference():
    message = run(identity, lambda c: c.close(c.call("scalar", 2.5), 2.0))
    assert "Expected: 2.0" in message and "Got:      2.5" in message and "off by 0.5" in message


def test_array_where_scalar_expected():
    message = run(identity, lambda c: c.close(c.call("vector", np.ones(3)), 3.0))
    assert "Expected a single number, got an array of shape (3,)" in message


def test_list_where_array_expected():
    message = run(identity, lambda c: c.close(c.call("list", [1.0, 2.0]), np.array([1.0, 2.0])))
    assert "Expected a NumPy array, got a list" in message


def test_missing_return():
    message = run(lambda x: None, lambda c: c.close(c.call("anything", 1.0), 1.0))
    assert "returned None" in message


def test_input_modified_in_place():
    def scale_in_place(x):
        x *= 2
        return x

    message = run(scale_in_place, lambda c: c.call("ones", np.ones(2)))
    assert "changed its input (argument 1) in place" in message


def test_endless_loop_is_stopped():
    def forever(x):
        while True:
            pass

    start = time.perf_counter()
    with pytest.raises(CheckFailure, match="still running after 0.5 s"):
        Checker(forever, time_limit=0.5).call("any case", 1)
    assert time.perf_counter() - start < 5


def test_call_raises_accepts_the_right_exception_and_rejects_silence():
    def strict(x):
        raise ValueError("bad")

    with Checker(strict) as c:
        c.call_raises("bad input", ValueError, 1)
    message = run(identity, lambda c: c.call_raises("bad input", ValueError, 1))
    assert "Expected your function to raise ValueError, but it returned 1" in message


def test_require_reports_the_property():
    message = run(identity, lambda c: (c.call("case", 1), c.require(False, "Columns are not orthonormal.")))
    assert "Columns are not orthonormal." in message


def test_equal_on_booleans_and_integers():
    assert "Expected: True" in run(identity, lambda c: c.equal(c.call("bool", False), True))
    assert "Expected: 3" in run(identity, lambda c: c.equal(c.call("int", 4), 3))


def test_failure_renders_without_internal_traceback_in_jupyter():
    failure = CheckFailure("norm is not right yet.")
    assert failure._render_traceback_() == ["CheckFailure: norm is not right yet."]
