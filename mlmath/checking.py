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
import json
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager

import numpy as np

from mlmath import forbid as forbid_rules

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
    if isinstance(value, np.random.Generator):
        return f"np.random.Generator({type(value.bit_generator).__name__})"  # no memory address
    if isinstance(value, np.ndarray):
        text = " ".join(np.array2string(value, precision=6, separator=", ", threshold=20).split())
        if value.dtype != float:
            text = f"{text} (dtype {value.dtype})"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _where(filename):
    """'Cell In[5]' for code typed in a notebook cell (IPython runs it from a temporary file), else the file."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        kind, name = shell.compile.format_code_name(filename) if shell is not None else (None, None)
        return f"{kind} {name}" if kind else f'File "{filename}"'
    except Exception:  # no IPython, or an IPython without format_code_name
        return f'File "{filename}"'


def _learner_traceback(error):
    """The learner's exception as they would see it, without our frames, cells named as Jupyter names them."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "mlmath" not in frame.filename.replace("\\", "/").split("/")]
    lines = [
        f"  {_where(frame.filename)}, line {frame.lineno}, in {frame.name}\n" + (f"    {frame.line}\n" if frame.line else "")
        for frame in frames
    ]
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines).rstrip()


@contextmanager
def _time_limit(seconds, on_timeout):
    """Interrupt the block after `seconds` (main thread on Unix only).

    A timer that was already running (pytest-timeout's, an outer check's) keeps
    its deadline: it is restored afterwards with the time that is left on it, and
    when it is due first it is left alone.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    outer_remaining, outer_interval = signal.getitimer(signal.ITIMER_REAL) if usable else (0.0, 0.0)
    if not usable or 0 < outer_remaining <= seconds:
        yield
        return

    def handler(signum, frame):
        raise TimeoutError

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError:
        on_timeout()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining > 0:  # give the outer timer back what is left of it (at least a moment)
            left = max(outer_remaining - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)


def _same(a, b):
    """True when an argument still equals its copy taken before the call."""
    if isinstance(a, (np.random.Generator, np.random.BitGenerator)):
        return True  # drawing from a random generator is what it is for, not a change to the caller's data
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


class ForbiddenUse(CheckFailure):
    """The learner's function used something the task rules out."""


#: When set (by `python -m mlmath progress`), each check appends its result here as one JSON line.
RESULTS_ENV = "MLMATH_RESULTS"


def record_result(check, status, cases=0, message="", seconds=0.0):
    """Append one check's result for `progress`: {"check", "status", "cases", "message", "seconds"}.

    status is "pass", "fail" or "todo" (the stub is still there); seconds is how long the
    check ran (`make bench` reports them). This is the one result format shared by the
    checks, the progress report and the bench.
    """
    path = os.environ.get(RESULTS_ENV)
    if path:
        line = json.dumps({"check": check, "status": status, "cases": cases, "message": message, "seconds": round(seconds, 6)})
        with open(path, "a", encoding="utf-8") as results:
            results.write(line + "\n")


class Checker:
    """Runs one learner function on cases; use as a context manager.

    `call` runs the function on one case (guarding against exceptions,
    endless loops, inputs changed in place and the functions the task
    forbids); `close`, `equal` and `require` judge a result; `array` and
    `unpack` check its form first. Leaving the `with` block without a
    failure prints the pass line.

    forbid: what the task says not to use, as the task spells it:
    "np.linalg.inv", "np.dot" (also the `.dot` method), "@" (the operator), ".var" (a method),
    "loop" (no for or while loop or comprehension in the learner's code).
    """

    def __init__(self, func, name=None, time_limit=TIME_LIMIT, forbid=()):
        if not callable(func):
            raise CheckFailure(f"Expected a function to check, but got {_show(func)}.")
        self.func = func
        self.name = name or getattr(func, "__name__", "your function")
        self.time_limit = time_limit
        self.forbidden = forbid_rules.validate(forbid)
        self.case = None
        self.cases = 0

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        check = f"check_{getattr(self.func, '__name__', self.name)}"
        seconds = time.perf_counter() - self.started
        if exc_type is None:
            print(f"{PASS_MARK} {self.name} passes all {self.cases} cases.")
            record_result(check, "pass", self.cases, seconds=seconds)
        elif issubclass(exc_type, NotImplementedYet):
            record_result(check, "todo", self.cases, str(exc), seconds=seconds)
        else:
            message = str(exc) if isinstance(exc, CheckFailure) else f"{exc_type.__name__}: {exc}"
            record_result(check, "fail", self.cases, message, seconds=seconds)
        return False

    # -- running the learner's code ----------------------------------------

    def call(self, case, *args, **kwargs):
        """Run the learner's function on `args`; `case` names them for messages."""
        self.case = case
        self.cases += 1
        if self.forbidden:
            self._refuse(forbid_rules.found_in_code(self.func, self.forbidden))
        originals = copy.deepcopy((args, kwargs))
        broken = []
        try:
            with _time_limit(self.time_limit, self._timed_out), forbid_rules.tripwires(self.func, self.forbidden, broken):
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
            self._refuse(broken[0] if broken else None)
            failure = self._failure(f"Your function raised an exception:\n{_learner_traceback(error)}")
            failure.learner_error = error
            raise failure from None
        self._refuse(broken[0] if broken else None)  # even if their code caught the tripwire's error
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

    def _refuse(self, rule):
        if rule is not None:
            special = {forbid_rules.MATMUL: "the @ operator", forbid_rules.LOOP: "a Python loop (for, while or a comprehension)"}
            what = special.get(rule, f"the method `{rule}()`" if rule.startswith(".") else f"`{rule}`")
            raise ForbiddenUse(
                f"{self.name} is not right yet.\n  Case: {self.case}\n"
                f"The task says not to use {what}, and your function uses it. The task says what to "
                "use instead; doing that work yourself is the point of this exercise."
            )

    def _timed_out(self):
        self.fail(
            f"Your function was still running after {self.time_limit:g} s, so it was stopped. "
            "Look for a loop whose condition never becomes false."
        )

    # -- the form of a result ----------------------------------------------

    def array(self, got, shape=None, what="the result"):
        """Fail unless `got` is a NumPy array (of `shape`, when given; None in it matches any length)."""
        checking = "" if what == "the result" else f"  Checking: {what}\n"
        if got is None:
            self.fail(checking + "Your function returned None: is a `return` statement missing?")
        if not isinstance(got, np.ndarray):
            self.fail(
                checking + f"Expected a NumPy array, got a {type(got).__name__}: {_show(got)}. Use np.array(...) or NumPy operations."
            )
        if shape is not None:
            shape = tuple(shape)
            if got.ndim != len(shape) or any(want is not None and have != want for have, want in zip(got.shape, shape)):
                wanted = "(" + ", ".join("any" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"
                self.fail(checking + f"First difference: shape. Expected shape {wanted}, got {got.shape}.")
        return got

    def unpack(self, got, names):
        """Fail unless `got` is a tuple (or list) with one item per name; return the items.

        s, V = c.unpack(c.call(case, A), ("s", "V"))
        """
        names = tuple(names)
        wanted = f"a tuple ({', '.join(names)})"
        if got is None:
            self.fail(f"Expected {wanted}, but your function returned None: is a `return` statement missing?")
        if not isinstance(got, (tuple, list)):
            self.fail(f"Expected {wanted}, got a {type(got).__name__}: {_show(got)}.")
        if len(got) != len(names):
            self.fail(f"Expected {wanted}, got a {type(got).__name__} of {len(got)} item(s): {_show(got)}.")
        return tuple(got)

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
        """Exact comparison, for integers, booleans, strings, tuples and integer or boolean arrays."""
        header = "" if what == "the result" else f"  Checking: {what}\n"
        header += f"  Expected: {_show(expected)}\n  Got:      {_show(got)}\n"
        if isinstance(expected, np.ndarray):
            self.close(got, expected, rtol=0, atol=0, what=what)
            return
        if isinstance(expected, (tuple, list)):
            if not isinstance(got, (tuple, list)) or len(got) != len(expected):
                self.fail(header + f"Expected a {type(expected).__name__} of {len(expected)} item(s).")
            for index, (got_item, expected_item) in enumerate(zip(got, expected)):
                self.equal(got_item, expected_item, what=f"item {index} of {what}")
            return
        got = self._scalar(got, expected, header)
        if got != expected:
            self.fail(header.rstrip("\n"))

    def close(self, got, expected, rtol=1e-7, atol=None, what="the result"):
        """Numeric comparison: type, then shape, then dtype, then NaN, then values.

        An entry passes when |got - expected| <= atol + rtol * |expected|. By default
        atol is rtol times the largest |expected| entry, so the tolerance follows the
        scale of the answer: 0.0 does not pass for 5e-200, and entries that are zero
        in a result of size 1e6 are allowed the rounding error of that result.
        Pass `atol` when the scale is set by the inputs instead (a sum that cancels),
        and `atol=0` when every entry must be right relative to its own size although
        the entries span many orders of magnitude (derivatives at e**-3 and e**20).
        """
        header = "" if what == "the result" else f"  Checking: {what}\n"
        header += f"  Expected: {_show(expected)}\n  Got:      {_show(got)}\n"
        if got is None:
            self.fail(header + "Your function returned None: is a `return` statement missing?")
        if np.ndim(expected) == 0 and not isinstance(expected, np.ndarray):
            if isinstance(expected, np.generic):
                expected = expected.item()
            if isinstance(expected, int) and not isinstance(expected, bool):
                expected = float(expected)  # close() compares values: 3.0 is a fine answer for 3
            value = self._scalar(got, expected, header)
            expected_value = complex(expected) if isinstance(expected, complex) else float(expected)
            if isinstance(expected, (bool, np.bool_)):
                if value != expected:
                    self.fail(header.rstrip("\n"))
                return
            if np.isnan(value) and not np.isnan(expected_value):
                self.fail(header + "First difference: got NaN. A division by zero or the square root of a negative number?")
            if not _close_enough(value, expected_value, rtol, atol):
                self.fail(header + f"First difference: the value (off by {_difference(value, expected_value)}).")
            return
        expected = np.asarray(expected)
        if not isinstance(got, np.ndarray):
            self.fail(header + f"Expected a NumPy array, got a {type(got).__name__}. Use np.array(...) or NumPy operations.")
        if got.shape != expected.shape:
            self.fail(header + f"First difference: shape. Expected shape {expected.shape}, got {got.shape}.")
        if _kind(got) != _kind(expected):
            self.fail(
                header + f"First difference: dtype. Expected {_kind_name(expected)} values "
                f"({expected.dtype}), got {_kind_name(got)} values ({got.dtype})."
            )
        if got.size == 0:
            return
        if expected.dtype.kind in "fc" or got.dtype.kind in "fc":
            unexpected_nan = np.isnan(got) & ~np.isnan(expected)
            if unexpected_nan.any():
                index = tuple(int(i) for i in np.argwhere(unexpected_nan)[0])
                self.fail(
                    header + f"First difference: NaN at index {index}, where {_show(expected[index])} was expected. "
                    "A division by zero or the square root of a negative number?"
                )
            wrong = ~_close_enough(got, expected, rtol, atol)
        else:
            wrong = got != expected
        if wrong.any():
            index = tuple(int(i) for i in np.argwhere(wrong)[0])
            self.fail(
                header + f"First difference: at index {index} expected {_show(expected[index])}, got {_show(got[index])} "
                f"({int(wrong.sum())} of {wrong.size} entries differ)."
            )

    def _scalar(self, got, expected, header):
        """`got` as a plain Python value of the kind `expected` is, or a failure that says why it is not one."""
        if got is None:
            self.fail(header + "Your function returned None: is a `return` statement missing?")
        if isinstance(got, np.ndarray):
            if got.ndim > 0:
                self.fail(
                    header + f"Expected a single number, got an array of shape {got.shape}. "
                    "Return a number (for example with float(...) or int(...)), not an array."
                )
            got = got[()]
        if isinstance(got, np.generic):
            got = got.item()
        if isinstance(expected, (bool, np.bool_)):
            if not isinstance(got, bool):
                self.fail(header + f"Expected True or False, got a {type(got).__name__}.")
            return got
        if isinstance(expected, str):
            if not isinstance(got, str):
                self.fail(header + f"Expected a string, got a {type(got).__name__}.")
            return got
        if isinstance(got, bool) or isinstance(got, (str, bytes, list, tuple, dict, set)):
            self.fail(header + f"Expected a number, got a {type(got).__name__}.")
        if isinstance(expected, (int, np.integer)):
            if not isinstance(got, int):
                self.fail(header + f"Expected an integer, got a {type(got).__name__}. Return int(...) for a count.")
            return got
        if isinstance(got, complex) and not isinstance(expected, complex):
            if got.imag != 0:
                self.fail(header + "Expected a real number, got a complex one.")
            got = got.real
        try:
            return complex(got) if isinstance(expected, complex) else float(got)
        except OverflowError:  # a Python int too large for a float
            return float("inf") if got > 0 else float("-inf")
        except (TypeError, ValueError):
            self.fail(header + f"Expected a number, got a {type(got).__name__}.")


def _close_enough(got, expected, rtol, atol):
    """|got - expected| <= atol + rtol * |expected|, entry by entry, infinities equal to themselves."""
    got, expected = np.asarray(got), np.asarray(expected)
    if atol is None:
        finite = np.abs(expected[np.isfinite(expected)])
        scale = float(finite.max()) if finite.size else 0.0
        atol = rtol * scale if scale > 0 else 1e-12
    with np.errstate(all="ignore"):
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def _difference(got, expected):
    with np.errstate(all="ignore"):
        return f"{abs(got - expected):.3g}"


def _kind(array):
    """Group dtypes the way a learner thinks of them: bool, integer, real, complex."""
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}.get(array.dtype.kind, array.dtype.kind)


def _kind_name(array):
    return {"bool": "boolean", "int": "integer", "float": "floating-point", "complex": "complex"}.get(_kind(array), str(array.dtype))
