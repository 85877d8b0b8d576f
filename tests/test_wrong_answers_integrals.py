"""Learner-like wrong answers to the integrals exercises: every check must reject each of them."""

import contextlib
import io

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import integrals as checks

# -- correct helpers that some wrong answers build on (as a learner's earlier exercises would) --


def riemann_sums(f, a, b, n):
    if n < 1:
        raise ValueError("n < 1")
    h = (b - a) / n
    x = a + h * np.arange(n + 1)
    fx = f(x)
    return float(h * np.sum(fx[:-1])), float(h * np.sum(fx[1:])), float(h * np.sum(f(x[:-1] + h / 2)))


def trapezoid(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def convergence_order(ns, errors):
    ns, errors = np.asarray(ns, dtype=float), np.asarray(errors, dtype=float)
    if ns.shape != errors.shape or np.any(errors <= 0):
        raise ValueError("bad input")
    u, v = np.log(ns), np.log(errors)
    u, v = u - u.mean(), v - v.mean()
    if np.sum(u * u) == 0:
        raise ValueError("one n")
    return float(-np.sum(u * v) / np.sum(u * u))


# -- riemann_sums ---------------------------------------------------------------------------


def riemann_n_points(f, a, b, n):
    """Off by one: n grid points instead of n + 1."""
    if n < 1:
        raise ValueError("n < 1")
    h = (b - a) / n
    x = np.linspace(a, b, n)
    return float(h * np.sum(f(x))), float(h * np.sum(f(x + h))), float(h * np.sum(f(x + h / 2)))


def riemann_unit_width(f, a, b, n):
    """Forgets the length of the interval: h = 1 / n."""
    if n < 1:
        raise ValueError("n < 1")
    x = np.linspace(a, b, n + 1)
    h = 1 / n
    return float(h * np.sum(f(x[:-1]))), float(h * np.sum(f(x[1:]))), float(h * np.sum(f((x[:-1] + x[1:]) / 2)))


def riemann_loop(f, a, b, n):
    """A Python loop calling f on one number at a time."""
    if n < 1:
        raise ValueError("n < 1")
    h = (b - a) / n
    left = right = mid = 0.0
    for i in range(n):
        left += h * f(a + i * h)
        right += h * f(a + (i + 1) * h)
        mid += h * f(a + (i + 0.5) * h)
    return float(left), float(right), float(mid)


def riemann_no_validation(f, a, b, n):
    """Correct sums, but n = 0 divides by zero instead of raising ValueError."""
    h = (b - a) / n
    x = a + h * np.arange(n + 1)
    return float(h * np.sum(f(x[:-1]))), float(h * np.sum(f(x[1:]))), float(h * np.sum(f(x[:-1] + h / 2)))


def riemann_swapped(f, a, b, n):
    """Left and right sums returned in the wrong order."""
    left, right, mid = riemann_sums(f, a, b, n)
    return right, left, mid


# -- trapezoid --------------------------------------------------------------------------------


def trapezoid_mean_spacing(x, y):
    """The equal-spacing formula with the average spacing: wrong on uneven grids."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    if x.size < 2:
        return 0.0
    h = (x[-1] - x[0]) / (x.size - 1)
    return float(h * (np.sum(y) - (y[0] + y[-1]) / 2))


def trapezoid_left_rule(x, y):
    """Rectangles at the left ends instead of trapezoids."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return float(np.sum(np.diff(x) * y[:-1]))


def trapezoid_no_half(x, y):
    """Forgets to halve the sum of the two heights."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1])))


def trapezoid_library(x, y):
    """The forbidden shortcut."""
    if len(x) != len(y):
        raise ValueError("lengths differ")
    return float(np.trapezoid(y, x))


# -- cumulative_trapezoid -----------------------------------------------------------------------


def cumulative_no_leading_zero(x, y):
    """Length n - 1: the running integral at x[0] is missing."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return np.cumsum(np.diff(x) * (y[1:] + y[:-1]) / 2)


def cumulative_zero_at_the_end(x, y):
    """The zero appended at the wrong end."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return np.concatenate([np.cumsum(np.diff(x) * (y[1:] + y[:-1]) / 2), np.zeros(min(x.size, 1))])


def cumulative_left_rule(x, y):
    """Running left-rectangle sums instead of trapezoids."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return np.concatenate([np.zeros(min(x.size, 1)), np.cumsum(np.diff(x) * y[:-1])])


def cumulative_quadratic(x, y):
    """Right values, but the whole trapezoid rule again for every prefix: O(n**2)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("lengths differ")
    return np.array([trapezoid(x[: i + 1], y[: i + 1]) for i in range(x.size)])


# -- convergence_order ----------------------------------------------------------------------------


def order_sign_dropped(ns, errors):
    """Returns the slope itself, which is -p."""
    return -convergence_order(ns, errors)


def order_two_points(ns, errors):
    """Uses only the smallest and the largest n, ignoring the points between."""
    ns, errors = np.asarray(ns, dtype=float), np.asarray(errors, dtype=float)
    if ns.shape != errors.shape or ns.size < 2 or np.any(errors <= 0) or ns.min() == ns.max():
        raise ValueError("bad input")
    i, j = np.argmin(ns), np.argmax(ns)
    return float(-np.log(errors[j] / errors[i]) / np.log(ns[j] / ns[i]))


def order_mixed_logs(ns, errors):
    """log10 of the errors against the natural log of n."""
    ns, errors = np.asarray(ns, dtype=float), np.asarray(errors, dtype=float)
    if ns.shape != errors.shape or np.any(errors <= 0):
        raise ValueError("bad input")
    u, v = np.log(ns), np.log10(errors)
    u, v = u - u.mean(), v - v.mean()
    if np.sum(u * u) == 0:
        raise ValueError("one n")
    return float(-np.sum(u * v) / np.sum(u * u))


def order_no_validation(ns, errors):
    """Right on good input, but lets log(0) and a single point through as inf or nan."""
    u, v = np.log(np.asarray(ns, dtype=float)), np.log(np.asarray(errors, dtype=float))
    if u.shape != v.shape:
        raise ValueError("lengths differ")
    u, v = u - u.mean(), v - v.mean()
    with np.errstate(all="ignore"):
        return float(-np.sum(u * v) / np.sum(u * u))


def order_polyfit(ns, errors):
    """The forbidden one-liner."""
    if np.any(np.asarray(errors) <= 0) or len(set(ns)) < 2 or len(ns) != len(errors):
        raise ValueError("bad input")
    return float(-np.polyfit(np.log(ns), np.log(errors), 1)[0])


# -- observed_orders --------------------------------------------------------------------------------


def orders_signed_errors(f, a, b, exact, ns):
    """Forgets the absolute value: negative errors have no logarithm."""
    errors = {"left": [], "right": [], "midpoint": [], "trapezoid": []}
    for n in ns:
        x = np.linspace(a, b, n + 1)
        for rule, value in zip(errors, (*riemann_sums(f, a, b, n), trapezoid(x, f(x)))):
            errors[rule].append(value - exact)
    return {rule: convergence_order(ns, np.array(values)) for rule, values in errors.items()}


def orders_trapezoid_n_points(f, a, b, exact, ns):
    """The trapezoid rule on n points (n - 1 intervals) instead of n + 1."""
    errors = {"left": [], "right": [], "midpoint": [], "trapezoid": []}
    for n in ns:
        x = np.linspace(a, b, n)
        for rule, value in zip(errors, (*riemann_sums(f, a, b, n), trapezoid(x, f(x)))):
            errors[rule].append(abs(value - exact))
    return {rule: convergence_order(ns, np.array(values)) for rule, values in errors.items()}


def orders_left_right_swapped(f, a, b, exact, ns):
    """The left and right errors filed under each other's names."""
    errors = {"right": [], "left": [], "midpoint": [], "trapezoid": []}
    for n in ns:
        x = np.linspace(a, b, n + 1)
        for rule, value in zip(errors, (*riemann_sums(f, a, b, n), trapezoid(x, f(x)))):
            errors[rule].append(abs(value - exact))
    return {rule: convergence_order(ns, np.array(values)) for rule, values in errors.items()}


# -- monte_carlo ------------------------------------------------------------------------------------


def mc_no_width(f, a, b, n, rng):
    """Forgets the factor (b - a): the mean of f is not its integral."""
    if n < 2 or not a < b:
        raise ValueError("bad input")
    samples = f(rng.uniform(a, b, size=n))
    return float(samples.mean()), float(samples.std(ddof=1) / np.sqrt(n))


def mc_ddof0(f, a, b, n, rng):
    """The population standard deviation (ddof=0): standard errors too small for small n."""
    if n < 2 or not a < b:
        raise ValueError("bad input")
    samples = (b - a) * f(rng.uniform(a, b, size=n))
    return float(samples.mean()), float(samples.std() / np.sqrt(n))


def mc_divide_by_n_minus_1(f, a, b, n, rng):
    """Divides the sum by n - 1: an off-by-one in the count."""
    if n < 2 or not a < b:
        raise ValueError("bad input")
    samples = (b - a) * f(rng.uniform(a, b, size=n))
    return float(samples.sum() / (n - 1)), float(samples.std(ddof=1) / np.sqrt(n))


def mc_global_rng(f, a, b, n, rng):
    """Ignores the rng argument and uses NumPy's global generator."""
    if n < 2 or not a < b:
        raise ValueError("bad input")
    samples = (b - a) * f(np.random.uniform(a, b, size=n))  # noqa: NPY002 (the wrong answer under test)
    return float(samples.mean()), float(samples.std(ddof=1) / np.sqrt(n))


def mc_no_sqrt_n(f, a, b, n, rng):
    """Reports the spread of one sample instead of the standard error of the mean."""
    if n < 2 or not a < b:
        raise ValueError("bad input")
    samples = (b - a) * f(rng.uniform(a, b, size=n))
    return float(samples.mean()), float(samples.std(ddof=1))


# -- ball_volume ------------------------------------------------------------------------------------


def ball_unit_cube(d, n, rng):
    """Samples [0, 1]**d and forgets that the cube [-1, 1]**d has volume 2**d."""
    if d < 1 or n < 2:
        raise ValueError("bad input")
    inside = (np.sum(rng.random((n, d)) ** 2, axis=1) <= 1) * 1.0
    return float(inside.mean()), float(inside.std(ddof=1) / np.sqrt(n))


def ball_ddof0(d, n, rng):
    """The population standard deviation (ddof=0)."""
    if d < 1 or n < 2:
        raise ValueError("bad input")
    samples = 2.0**d * (np.sum(rng.uniform(-1, 1, size=(n, d)) ** 2, axis=1) <= 1)
    return float(samples.mean()), float(samples.std() / np.sqrt(n))


def ball_wrong_axis(d, n, rng):
    """Sums the squares over the points (axis 0) instead of over the coordinates."""
    if d < 1 or n < 2:
        raise ValueError("bad input")
    samples = 2.0**d * (np.sum(rng.uniform(-1, 1, size=(n, d)) ** 2, axis=0) <= 1)
    return float(samples.mean()), float(samples.std(ddof=1) / np.sqrt(n))


def ball_off_by_one(d, n, rng):
    """Divides the count of points inside by n - 1."""
    if d < 1 or n < 2:
        raise ValueError("bad input")
    samples = 2.0**d * (np.sum(rng.uniform(-1, 1, size=(n, d)) ** 2, axis=1) <= 1)
    return float(samples.sum() / (n - 1)), float(samples.std(ddof=1) / np.sqrt(n))


# -- roc_auc ----------------------------------------------------------------------------------------


def _roc_input(scores, labels):
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    if scores.shape != labels.shape or labels.all() or not labels.any():
        raise ValueError("bad input")
    return scores, labels


def auc_ties_ignored(scores, labels):
    """One ROC point per example: tied scores get an order they do not have."""
    scores, labels = _roc_input(scores, labels)
    order = np.argsort(-scores, kind="stable")
    tpr = np.r_[0.0, np.cumsum(labels[order]) / labels.sum()]
    fpr = np.r_[0.0, np.cumsum(~labels[order]) / (~labels).sum()]
    return trapezoid(fpr, tpr)


def _curve(scores, labels, ascending=False):
    order = np.argsort(scores if ascending else -scores, kind="stable")
    scores, labels = scores[order], labels[order]
    last = np.r_[scores[1:] != scores[:-1], True]
    return np.cumsum(~labels)[last] / (~labels).sum(), np.cumsum(labels)[last] / labels.sum()


def auc_ascending(scores, labels):
    """Sorts the scores in increasing order: the thresholds run the wrong way."""
    fpr, tpr = _curve(*_roc_input(scores, labels), ascending=True)
    return trapezoid(np.r_[0.0, fpr], np.r_[0.0, tpr])


def auc_no_origin(scores, labels):
    """Forgets the ROC curve's first point (0, 0)."""
    fpr, tpr = _curve(*_roc_input(scores, labels))
    return trapezoid(fpr, tpr)


def auc_axes_swapped(scores, labels):
    """Integrates the false-positive rate over the true-positive rate."""
    fpr, tpr = _curve(*_roc_input(scores, labels))
    return trapezoid(np.r_[0.0, tpr], np.r_[0.0, fpr])


def auc_library(scores, labels):
    """The forbidden shortcut for the integral."""
    fpr, tpr = _curve(*_roc_input(scores, labels))
    return float(np.trapezoid(np.r_[0.0, tpr], np.r_[0.0, fpr]))


WRONG = {
    "check_riemann_sums": [riemann_n_points, riemann_unit_width, riemann_loop, riemann_no_validation, riemann_swapped],
    "check_trapezoid": [trapezoid_mean_spacing, trapezoid_left_rule, trapezoid_no_half, trapezoid_library],
    "check_cumulative_trapezoid": [
        cumulative_no_leading_zero,
        cumulative_zero_at_the_end,
        cumulative_left_rule,
        cumulative_quadratic,
    ],
    "check_convergence_order": [order_sign_dropped, order_two_points, order_mixed_logs, order_no_validation, order_polyfit],
    "check_observed_orders": [orders_signed_errors, orders_trapezoid_n_points, orders_left_right_swapped],
    "check_monte_carlo": [mc_no_width, mc_ddof0, mc_divide_by_n_minus_1, mc_global_rng, mc_no_sqrt_n],
    "check_ball_volume": [ball_unit_cube, ball_ddof0, ball_wrong_axis, ball_off_by_one],
    "check_roc_auc": [auc_ties_ignored, auc_ascending, auc_no_origin, auc_axes_swapped, auc_library],
}

CASES = [(check, wrong) for check, wrongs in WRONG.items() for wrong in wrongs]


def test_every_check_has_at_least_three_wrong_answers():
    defined = {name for name in dir(checks) if name.startswith("check_")}
    assert defined == set(WRONG)
    assert all(len(wrongs) >= 3 for wrongs in WRONG.values())


@pytest.mark.parametrize("check, wrong", CASES, ids=[f"{check}-{wrong.__name__}" for check, wrong in CASES])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(getattr(checks, check), wrong)


@pytest.mark.parametrize(
    "check, right",
    [("check_riemann_sums", riemann_sums), ("check_trapezoid", trapezoid), ("check_convergence_order", convergence_order)],
)
def test_the_helpers_here_are_right(check, right):
    """The wrong answers above build on these: they must pass, or a wrong answer could fail for their sake."""
    with contextlib.redirect_stdout(io.StringIO()):
        getattr(checks, check)(right)
