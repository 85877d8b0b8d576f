"""The machinery every exercise check is built from.

A check runs the learner's function on named cases and compares what comes
back with what the maths says. When something is wrong it raises
`CheckFailure` with a message a learner can act on: the case, what was
expected, what came back and the first thing that differs. When everything
is right it prints one deterministic line.

    def check_norm(norm):
        with Checker(norm) as c:
            got = c.call("the 3-4-5 vector", np.array([3.0, 4.0]))
            c.close(got, 5.0)
"""

from __future__ import annotations

import copy
import signal
import threading
import traceback
from contextlib import contextmanager

import numpy as np

#: Seconds one call of the learner's function may take before we call it stuck.
TIME_LIMIT = 10.0

PASS_MARK = "\u2714"  # ✔, the first character of every pass line


class CheckFailure(AssertionError):
    """The learner's function gave a wrong answer (or none) on a case."""

    learner_error = None  # the learner's own exception, when that is what failed

    def _render_traceback_(self):
        """Jupyter shows this instead of a traceback through the checks' own code."""
        return [f"{type(self).__name__}: {self}"]


class NotImplementedYet(CheckFailure):
    """The exercise still holds the generated stub."""


def _show(value, limit=300):
    """A short, one-line repr for messages (NumPy arrays and scalars without noise)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        text = " ".join(np.array2string(value, precision=6, separator=", ", threshold=20).split())
        if value.dtype != float:
            text = f"{text} (dtype {value.dtype})"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _learner_traceback(error):
    """The learner's exception as they would see it, without our frames."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "mlmath" not in frame.filename.replace("\\", "/").split("/")
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "".join(lines).rstrip()


@contextmanager
def _time_limit(seconds, on_timeout):
    """Interrupt the block after `seconds` (main thread on Unix only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def handler(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError:
        on_timeout()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _same(a, b):
    """True when an argument still equals its copy taken before the call."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # objects that cannot be compared: assume unchanged
        return True


class Checker:
    """Runs one learner function on cases; use as a context manager.

    `call` runs the function on one case (guarding against exceptions,
    endless loops and inputs changed in place); `close`, `equal` and
    `require` judge the result of the most recent call. Leaving the
    `with` block without a failure prints the pass line.
    """

    def __init__(self, func, name=None, time_limit=TIME_LIMIT):
        if not callable(func):
            raise CheckFailure(f"Expected a function to check, but got {_show(func)}.")
        self.func = func
        self.name = name or getattr(func, "__name__", "your function")
        self.time_limit = time_limit
        self.case = None
        self.cases = 0

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print(f"{PASS_MARK} {self.name} passes all {self.cases} cases.")
        return False

    # -- running the learner's code ----------------------------------------

    def call(self, case, *args, **kwargs):
        """Run the learner's function on `args`; `case` names them for messages."""
        self.case = case
        self.cases += 1
        originals = copy.deepcopy((args, kwargs))
        try:
            with _time_limit(self.time_limit, self._timed_out):
                result = self.func(*args, **kwargs)
        except CheckFailure:
            raise
        except NotImplementedError as error:
            stub = traceback.extract_tb(error.__traceback__)[-1].name
            needs = "" if stub in (self.name, getattr(self.func, "__name__", None)) else f" (it calls {stub}, which is not)"
            raise NotImplementedYet(
                f"{self.name} is not implemented yet{needs}: replace `raise NotImplementedError()` "
                "with your code, run the cell again, and this check will tell you how it went."
            ) from None
        except Exception as error:
            failure = self._failure(f"Your function raised an exception:\n{_learner_traceback(error)}")
            failure.learner_error = error
            raise failure from None
        for position, (before, after) in enumerate(zip(originals[0], args)):
            if not _same(before, after):
                self.fail(
                    f"Your function changed its input (argument {position + 1}) in place.\n"
                    f"  Before: {_show(before)}\n  After:  {_show(after)}\n"
                    "Work on a copy (for example `x = x.astype(float)` or `x.copy()`) "
                    "so the caller's data is left alone."
                )
        for key, before in originals[1].items():
            if not _same(before, kwargs[key]):
                self.fail(f"Your function changed its input `{key}` in place. Work on a copy.")
        return result

    def call_raises(self, case, error_type, *args, **kwargs):
        """Run the learner's function on bad input; it must raise `error_type`."""
        try:
            result = self.call(case, *args, **kwargs)
        except CheckFailure as failure:
            if not isinstance(getattr(failure, "learner_error", None), error_type):
                raise
            return
        self.fail(f"Expected your function to raise {error_type.__name__}, but it returned {_show(result)}.")

    def _timed_out(self):
        self.fail(
            f"Your function was still running after {self.time_limit:g} s, so it was stopped. "
            "Look for a loop whose condition never becomes false."
        )

    # -- judging results ---------------------------------------------------

    def _failure(self, detail):
        where = f"\n  Case: {self.case}" if self.case else ""
        return CheckFailure(f"{self.name} is not right yet.{where}\n{detail}")

    def fail(self, detail):
        """Raise a CheckFailure that names the function and the current case."""
        raise self._failure(detail)

    def require(self, condition, detail):
        """Fail with `detail` unless `condition` holds (for properties)."""
        if not condition:
            self.fail(detail)

    def equal(self, got, expected, what="the result"):
        """Exact comparison, for integers, booleans, strings and tuples."""
        if isinstance(expected, np.ndarray):
            self.close(got, expected, rtol=0, atol=0, what=what)
            return
        if type(expected) is bool and not isinstance(got, (bool, np.bool_)):
            self.fail(f"Expected {what} to be True or False, got {_show(got)} ({type(got).__name__}).")
        if got != expected:
            checking = "" if what == "the result" else f"  Checking: {what}\n"
            self.fail(f"{checking}  Expected: {_show(expected)}\n  Got:      {_show(got)}")

    def close(self, got, expected, rtol=1e-7, atol=1e-9, what="the result"):
        """Numeric comparison: type, then shape, then dtype, then NaN, then values."""
        header = "" if what == "the result" else f"  Checking: {what}\n"
        header += f"  Expected: {_show(expected)}\n  Got:      {_show(got)}\n"
        if got is None:
            self.fail(header + "Your function returned None: is a `return` statement missing?")
        if np.ndim(expected) == 0:
            self._close_scalar(got, expected, rtol, atol, header)
            return
        if not isinstance(got, np.ndarray):
            self.fail(header + f"Expected a NumPy array, got a {type(got).__name__}. Use np.array(...) or NumPy operations.")
        expected = np.asarray(expected)
        if got.shape != expected.shape:
            self.fail(header + f"First difference: shape. Expected shape {expected.shape}, got {got.shape}.")
        if _kind(got) != _kind(expected):
            self.fail(header + f"First difference: dtype. Expected {_kind_name(expected)} values "
                      f"({expected.dtype}), got {_kind_name(got)} values ({got.dtype}).")
        if got.size == 0:
            return
        if expected.dtype.kind in "fc" or got.dtype.kind in "fc":
            unexpected_nan = np.isnan(got) & ~np.isnan(expected)
            if unexpected_nan.any():
                index = tuple(int(i) for i in np.argwhere(unexpected_nan)[0])
                self.fail(header + f"First difference: NaN at index {index}, where {_show(expected[index])} was expected. "
                          "A division by zero or the square root of a negative number?")
            wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        else:
            wrong = got != expected
        if wrong.any():
            index = tuple(int(i) for i in np.argwhere(wrong)[0])
            self.fail(header + f"First difference: at index {index} expected {_show(expected[index])}, got {_show(got[index])} "
                      f"({int(wrong.sum())} of {wrong.size} entries differ).")

    def _close_scalar(self, got, expected, rtol, atol, header):
        if isinstance(got, np.ndarray) and got.ndim > 0:
            self.fail(header + f"Expected a single number, got an array of shape {got.shape}.")
        if isinstance(got, (str, bytes, list, tuple, dict)) or not np.isscalar(np.asarray(got).item()):
            self.fail(header + f"Expected a number, got a {type(got).__name__}.")
        got_value = np.asarray(got).item()
        if isinstance(expected, (bool, np.bool_)):
            self.equal(got_value, bool(expected), what="the result")
            return
        if np.isnan(got_value) and not np.isnan(expected):
            self.fail(header + "First difference: got NaN. A division by zero or the square root of a negative number?")
        if not np.isclose(got_value, expected, rtol=rtol, atol=atol, equal_nan=True):
            self.fail(header + f"First difference: the value (off by {abs(got_value - expected):.3g}).")


def _kind(array):
    """Group dtypes the way a learner thinks of them: bool, integer, real, complex."""
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}.get(array.dtype.kind, array.dtype.kind)


def _kind_name(array):
    return {"bool": "boolean", "int": "integer", "float": "floating-point", "complex": "complex"}.get(_kind(array), str(array.dtype))
