"""Unit tests of the check machinery: every failure kind gives its message; right answers pass."""

import time

import numpy as np
import pytest

from mlmath.checking import PASS_MARK, RESULTS_ENV, Checker, CheckFailure, ForbiddenUse, NotImplementedYet


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


# --- scalars and arrays: a wrong form is named, never a crash ---------------------------------


@pytest.mark.parametrize(
    "got, says",
    [
        (np.array([3]), "Expected a single number, got an array of shape (1,)"),
        (np.array([3, 3]), "Expected a single number, got an array of shape (2,)"),
        ([3], "Expected a number, got a list"),
        ("3", "Expected a number, got a str"),
        (3.0, "Expected an integer, got a float"),
        (None, "returned None"),
        (True, "Expected a number, got a bool"),
    ],
)
def test_equal_rejects_a_wrong_form_where_an_integer_is_expected(got, says):
    assert says in run(identity, lambda c: c.equal(c.call("rank", got), 3))


@pytest.mark.parametrize("got", [np.int64(3), np.array(3), 3])
def test_equal_accepts_an_integer_in_any_numpy_spelling(got):
    with Checker(identity) as c:
        c.equal(c.call("rank", got), 3)


@pytest.mark.parametrize(
    "got, says",
    [
        (10**400, "off by inf"),  # a Python int too large for a float
        (np.array(10**400, dtype=object), "off by inf"),
        ({"value": 1.0}, "Expected a number, got a dict"),
        ([[1.0]], "Expected a number, got a list"),
        (b"5", "Expected a number, got a bytes"),
        (object(), "Expected a number, got a object"),
        (1 + 2j, "Expected a real number, got a complex one"),
        (np.array([1.0]), "Expected a single number, got an array of shape (1,)"),
    ],
)
def test_close_never_crashes_on_what_a_learner_returns(got, says):
    def returns_it(x):
        return got

    assert says in run(returns_it, lambda c: c.close(c.call("any value", 1.0), 5e200))


@pytest.mark.parametrize("got", [np.array(["a", "b"]), np.array([1.0, None], dtype=object), np.array([[1.0], [2.0]])])
def test_close_names_the_difference_of_an_odd_array(got):
    message = run(identity, lambda c: c.close(c.call("odd array", got), np.array([1.0, 2.0])))
    assert "First difference: " in message


def test_close_tolerance_scales_with_the_expected_value():
    assert "off by 5e-200" in run(identity, lambda c: c.close(c.call("underflow", 0.0), 5e-200))
    assert "off by" in run(identity, lambda c: c.close(c.call("huge", 1.001e200), 1e200))
    with Checker(identity) as c:
        c.close(c.call("tiny but right", 5e-200 * (1 + 1e-12)), 5e-200)
        c.close(c.call("huge but right", 1e200 * (1 + 1e-12)), 1e200)
        c.close(c.call("zero entry in a big result", np.array([1e6, 1e-12])), np.array([1e6, 0.0]))
    message = run(identity, lambda c: c.close(c.call("tiny vector", np.array([0.0, 4e-200])), np.array([3e-200, 4e-200])))
    assert "at index (0,)" in message


# --- "do not use X" ------------------------------------------------------------------------------


def test_a_forbidden_function_is_refused_with_the_rule_and_the_exercise():
    def solve_with_inverse(A, b):
        return np.linalg.inv(A) @ b

    Checker(solve_with_inverse).call("no rule given: allowed", np.eye(2), np.ones(2))
    with pytest.raises(ForbiddenUse, match=r"(?s)solve_with_inverse is not right yet.*not to use `np.linalg.inv`"):
        with Checker(solve_with_inverse, forbid=["np.linalg.inv"]) as c:
            c.call("2 x 2 system", np.eye(2), np.ones(2))
    assert np.linalg.inv(2 * np.eye(1))[0, 0] == 0.5  # restored afterwards


def test_a_forbidden_function_under_another_name_or_caught_is_still_refused():
    namespace = {}
    exec(
        "from numpy.linalg import inv as my_inverse\n"
        "def sneaky(A):\n"
        "    try:\n"
        "        return my_inverse(A)\n"
        "    except Exception:\n"
        "        return A\n",
        namespace,
    )
    with pytest.raises(ForbiddenUse, match="np.linalg.inv"):
        Checker(namespace["sneaky"], forbid=["np.linalg.inv"]).call("identity", np.eye(2))
    assert namespace["my_inverse"] is np.linalg.inv  # the learner's name is restored


def test_the_matmul_operator_and_dot_method_are_found_in_the_code_and_in_helpers():
    namespace = {}
    exec(
        "def helper(A, x):\n    return A @ x\n"
        "def matvec(A, x):\n    return helper(A, x)\n"
        "def with_dot(A, x):\n    return A.dot(x)\n"
        "import operator\ndef by_name(A, x):\n    return operator.matmul(A, x)\n"
        "def dunder(A, x):\n    return A.__matmul__(x)\n",
        namespace,
    )
    for name in ("by_name", "dunder"):
        with pytest.raises(ForbiddenUse, match="the @ operator"):
            Checker(namespace[name], forbid=["@"]).call("any", np.eye(2), np.ones(2))
    with pytest.raises(ForbiddenUse, match="the @ operator"):
        Checker(namespace["matvec"], forbid=["@"]).call("any", np.eye(2), np.ones(2))
    with pytest.raises(ForbiddenUse, match="np.dot"):
        Checker(namespace["with_dot"], forbid=["np.dot"]).call("any", np.eye(2), np.ones(2))


def test_allowed_functions_keep_working_while_others_are_forbidden():
    def solve(A, b):
        return np.linalg.solve(A, b)  # numpy's own code must not trip the wire on inv

    with Checker(solve, forbid=["np.linalg.inv", "np.dot", "np.matmul"]) as c:
        c.close(c.call("2 x 2", 2 * np.eye(2), np.ones(2)), np.full(2, 0.5))


def test_a_misspelled_rule_fails_for_the_author():
    with pytest.raises(ValueError, match="does not name a function"):
        Checker(identity, forbid=["np.linalg.inverse"])


# --- the time limit and the results channel ------------------------------------------------------


def test_the_time_limit_restores_an_outer_timer():
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *args: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        with Checker(identity) as c:
            c.call("quick", 1)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25.0 < remaining <= 30.0, "the outer timer was cancelled or reset"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_each_check_records_its_result_for_progress(tmp_path, monkeypatch):
    import json

    results = tmp_path / "results.jsonl"
    monkeypatch.setenv(RESULTS_ENV, str(results))

    def stub(x):
        raise NotImplementedError()

    with Checker(identity) as c:
        c.close(c.call("one", 1.0), 1.0)
    for func in (stub, lambda x: 2.0):
        with pytest.raises(CheckFailure):
            with Checker(func) as c:
                c.close(c.call("one", 1.0), 1.0)
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert [(r["check"], r["status"]) for r in records] == [
        ("check_identity", "pass"),
        ("check_stub", "todo"),
        ("check_<lambda>", "fail"),
    ]
    assert "Expected: 1.0" in records[2]["message"]


def test_drawing_from_a_random_generator_argument_is_not_a_change_in_place():
    def draw(n, rng):
        return rng.normal(size=n)

    with Checker(draw) as c:
        c.array(c.call("three draws", 3, np.random.default_rng(0)), shape=(3,))


def test_method_rules_and_ufunc_attributes_are_refused():
    def variance_by_method(x):
        return x.var(ddof=1)

    def reduce_of_a_forbidden_ufunc(x):
        return np.logaddexp.reduce(x)

    with pytest.raises(ForbiddenUse, match=r"the method `\.var\(\)`"):
        Checker(variance_by_method, forbid=[".var"]).call("any", np.ones(3))
    with pytest.raises(ForbiddenUse, match="np.logaddexp"):
        Checker(reduce_of_a_forbidden_ufunc, forbid=["np.logaddexp"]).call("any", np.ones(3))
    assert np.logaddexp.reduce(np.zeros(2)) == np.log(2)  # restored
    with pytest.raises(ValueError, match="forbid the function itself"):
        Checker(identity, forbid=["np.logaddexp.reduce"])


@pytest.mark.parametrize(
    "source",
    [
        "def f(x):\n    total = 0.0\n    for v in x:\n        total += v\n    return total",
        "def f(x):\n    return sum(v for v in x)",
        "def f(x):\n    return float(np.sum([v for v in x]))",
        "def f(x):\n    i, total = 0, 0.0\n    while i < len(x):\n        total += x[i]\n        i += 1\n    return total",
    ],
)
def test_a_python_loop_is_refused_when_the_task_says_so(source):
    namespace = {"np": np}
    exec(source, namespace)
    with pytest.raises(ForbiddenUse, match="a Python loop"):
        Checker(namespace["f"], forbid=["loop"]).call("any", np.ones(3))
    with Checker(lambda x: float(np.sum(x)), forbid=["loop"]) as c:
        c.close(c.call("vectorised", np.ones(3)), 3.0)


@pytest.mark.parametrize(
    "source",
    [
        "def f(x, y=1.0):\n    x, y = (np.asarray(a, dtype=float) for a in (x, y))\n    return float(np.sum(x * y))",
        "def f(x, y=1.0):\n    x, y = [np.asarray(a, dtype=float) for a in [x, y]]\n    return float(np.sum(x * y))",
        "def f(x, y=1.0):\n    for a in (x, y):\n        if np.ndim(a) > 1:\n            raise ValueError\n    return float(np.sum(x * y))",
    ],
)
def test_a_loop_over_a_literal_tuple_of_arguments_is_not_a_python_loop_over_data(source):
    namespace = {"np": np}
    exec(source, namespace)
    with Checker(namespace["f"], forbid=["loop"]) as c:
        c.close(c.call("vectorised, with a conversion loop", np.ones(3)), 3.0)
