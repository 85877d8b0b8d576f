"""Learner-like wrong answers for calculus/01-derivatives: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import derivatives as checks

EPS = np.finfo(float).eps


# -- poly_derivative --------------------------------------------------------------------------


def poly_highest_first(c):
    """Reads the coefficients as np.polyval's order (highest degree first)."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        raise ValueError
    return c[:-1] * np.arange(c.size - 1, 0, -1) if c.size > 1 else np.zeros(1)


def poly_off_by_one(c):
    """Multiplies by k - 1 instead of k."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        raise ValueError
    return np.arange(c.size - 1) * c[1:] if c.size > 1 else np.zeros(1)


def poly_keeps_length(c):
    """Multiplies every coefficient by its power but forgets to shift down."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        raise ValueError
    return np.arange(c.size) * c


def poly_integer_dtype(c):
    """Right values, but integer input gives an integer array."""
    c = np.asarray(c)
    if c.size == 0:
        raise ValueError
    return np.arange(1, c.size) * c[1:] if c.size > 1 else np.zeros(1)


def poly_library(c):
    """The forbidden shortcut."""
    return np.polynomial.polynomial.polyder(np.asarray(c, dtype=float))


def poly_constant_empty(c):
    """Returns an empty array for a constant."""
    c = np.asarray(c, dtype=float)
    if c.size == 0:
        raise ValueError
    return np.arange(1, c.size) * c[1:]


# -- chain_derivative -------------------------------------------------------------------------


def chain_all_at_x(functions, derivatives, x):
    """Evaluates every derivative at x instead of at the value entering its function."""
    if len(functions) != len(derivatives):
        raise ValueError
    slope = np.ones_like(np.asarray(x, dtype=float))
    for derivative in derivatives:
        slope = slope * derivative(x)
    return slope


def chain_reversed(functions, derivatives, x):
    """Applies the functions last to first."""
    if len(functions) != len(derivatives):
        raise ValueError
    value = np.asarray(x, dtype=float)
    slope = np.ones_like(value)
    for function, derivative in zip(functions[::-1], derivatives[::-1]):
        slope, value = slope * derivative(value), function(value)
    return slope


def chain_at_output(functions, derivatives, x):
    """Evaluates each derivative at its function's output."""
    if len(functions) != len(derivatives):
        raise ValueError
    value = np.asarray(x, dtype=float)
    slope = np.ones_like(value)
    for function, derivative in zip(functions, derivatives):
        value = function(value)
        slope = slope * derivative(value)
    return slope


def chain_recomputes(functions, derivatives, x):
    """Right values, but recomputes the chain from x for every factor (k^2 calls)."""
    if len(functions) != len(derivatives):
        raise ValueError
    slope = np.ones_like(np.asarray(x, dtype=float))
    for j, derivative in enumerate(derivatives):
        value = np.asarray(x, dtype=float)
        for function in functions[:j]:
            value = function(value)
        slope = slope * derivative(value)
    return slope


def chain_numerical(functions, derivatives, x):
    """Differentiates the composite numerically and ignores the derivatives."""
    if len(functions) != len(derivatives):
        raise ValueError
    x = np.asarray(x, dtype=float)

    def composite(v):
        for function in functions:
            v = function(v)
        return v

    h = 1e-6
    return (composite(x + h) - composite(x - h)) / (2 * h)


def chain_sum(functions, derivatives, x):
    """Adds the factors instead of multiplying them."""
    if len(functions) != len(derivatives):
        raise ValueError
    value = np.asarray(x, dtype=float)
    total = np.zeros_like(value) if functions else np.ones_like(value)
    for function, derivative in zip(functions, derivatives):
        total, value = total + derivative(value), function(value)
    return total


# -- central_difference -----------------------------------------------------------------------


def _default_step(x):
    return np.cbrt(EPS) * np.maximum(1.0, np.abs(x))


def central_forward(f, x, h=None):
    """Forward instead of central difference."""
    x = np.asarray(x, dtype=float)
    h = _default_step(x) if h is None else h
    return (f(x + h) - f(x)) / h


def central_divides_by_h(f, x, h=None):
    """Forgets the 2 in 2h."""
    x = np.asarray(x, dtype=float)
    h = _default_step(x) if h is None else h
    return (f(x + h) - f(x - h)) / h


def central_precedence(f, x, h=None):
    """Writes / 2 * h, which multiplies by h."""
    x = np.asarray(x, dtype=float)
    h = _default_step(x) if h is None else h
    return (f(x + h) - f(x - h)) / 2 * h


def central_unscaled_step(f, x, h=None):
    """Default step cbrt(eps), not scaled with |x|."""
    x = np.asarray(x, dtype=float)
    h = np.cbrt(EPS) if h is None else h
    return (f(x + h) - f(x - h)) / (2 * h)


def central_loop(f, x, h=None):
    """Right values, one pair of calls per point."""
    x = np.asarray(x, dtype=float)
    steps = np.broadcast_to(_default_step(x) if h is None else h, x.shape)
    return np.array([(f(np.array([xi + hi])) - f(np.array([xi - hi])))[0] / (2 * hi) for xi, hi in zip(x, steps)])


def central_gradient(f, x, h=None):
    """The forbidden np.gradient on sampled values."""
    x = np.asarray(x, dtype=float)
    h = _default_step(x) if h is None else h
    return np.gradient(f(np.stack([x - h, x, x + h])), axis=0)[1] / h


# -- best_step --------------------------------------------------------------------------------


def _errors(f, df, x, steps):
    steps = np.asarray(steps, dtype=float)
    if steps.size == 0 or np.any(steps <= 0):
        raise ValueError
    return steps, np.abs((f(x + steps) - f(x - steps)) / (2 * steps) - df(x))


def best_returns_index(f, df, x, steps):
    steps, errors = _errors(f, df, x, steps)
    return int(np.argmin(errors)), errors


def best_signed_errors(f, df, x, steps):
    steps, _ = _errors(f, df, x, steps)
    signed = (f(x + steps) - f(x - steps)) / (2 * steps) - df(x)
    return float(steps[np.argmin(signed)]), signed


def best_forward(f, df, x, steps):
    steps, _ = _errors(f, df, x, steps)
    errors = np.abs((f(x + steps) - f(x)) / steps - df(x))
    return float(steps[np.argmin(errors)]), errors


def best_argmax(f, df, x, steps):
    steps, errors = _errors(f, df, x, steps)
    return float(steps[np.argmax(errors)]), errors


def best_no_guard(f, df, x, steps):
    steps = np.asarray(steps, dtype=float)
    with np.errstate(all="ignore"):
        errors = np.abs((f(x + steps) - f(x - steps)) / (2 * steps) - df(x))
    return (float(steps[np.nanargmin(errors)]) if steps.size else 0.0), errors


def best_last_tie(f, df, x, steps):
    steps, errors = _errors(f, df, x, steps)
    return float(steps[len(errors) - 1 - np.argmin(errors[::-1])]), errors


# -- difference_order -------------------------------------------------------------------------


def _validated(steps, errors):
    steps, errors = np.asarray(steps, dtype=float), np.asarray(errors, dtype=float)
    if steps.shape != errors.shape or steps.size < 2 or np.any(steps <= 0) or np.any(errors <= 0):
        raise ValueError
    return steps, errors


def order_endpoints(steps, errors):
    """Slope through the first and last points only."""
    steps, errors = _validated(steps, errors)
    return float((np.log(errors[-1]) - np.log(errors[0])) / (np.log(steps[-1]) - np.log(steps[0])))


def order_not_centred(steps, errors):
    """Least squares through the origin (forgets the intercept log C)."""
    steps, errors = _validated(steps, errors)
    a, b = np.log(steps), np.log(errors)
    return float(np.sum(a * b) / np.sum(a * a))


def order_no_logs(steps, errors):
    """Least-squares slope of errors against steps, without logarithms."""
    steps, errors = _validated(steps, errors)
    a, b = steps - steps.mean(), errors - errors.mean()
    return float(np.sum(a * b) / np.sum(a * a))


def order_polyfit(steps, errors):
    """The forbidden shortcut."""
    steps, errors = _validated(steps, errors)
    return float(np.polyfit(np.log(steps), np.log(errors), 1)[0])


def order_no_guards(steps, errors):
    """Right slope, but no ValueError on bad input."""
    with np.errstate(all="ignore"):
        a, b = np.log(np.asarray(steps, dtype=float)), np.log(np.asarray(errors, dtype=float))
        a, b = a - a.mean(), b[: a.size] - b[: a.size].mean()
        return float(np.sum(a * b) / np.sum(a * a))


# -- complex_step_derivative ------------------------------------------------------------------


def complex_real_part(f, x, h=1e-20):
    x = np.asarray(x, dtype=float)
    return np.real(f(x + 1j * h)) / h


def complex_returns_complex(f, x, h=1e-20):
    """Divides by i h and keeps the complex array."""
    x = np.asarray(x, dtype=float)
    return (f(x + 1j * h) - f(x)) / (1j * h)


def complex_no_division(f, x, h=1e-20):
    x = np.asarray(x, dtype=float)
    return np.imag(f(x + 1j * h))


def complex_unit_step(f, x, h=1e-20):
    """Adds 1j instead of 1j * h."""
    x = np.asarray(x, dtype=float)
    return np.imag(f(x + 1j)) / h


def complex_central(f, x, h=1e-20):
    """A real central difference with the tiny step: cancellation wipes it out."""
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)


def complex_per_point(f, x, h=1e-20):
    """Right values, one call of f per point."""
    x = np.asarray(x, dtype=float)
    return np.array([np.imag(f(np.array([xi + 1j * h])))[0] / h for xi in x])


# -- newton_root ------------------------------------------------------------------------------


def newton_sign(f, df, x0, tol=1e-12, max_iter=50):
    """Steps uphill: x + f/f'."""
    x = float(x0)
    for _ in range(max_iter):
        slope = df(x)
        if slope == 0:
            raise ValueError
        step = f(x) / slope
        x = x + step
        if abs(step) <= tol * max(1.0, abs(x)):
            return x
    raise RuntimeError


def newton_absolute_tol(f, df, x0, tol=1e-12, max_iter=50):
    """Absolute tolerance: cannot stop near a root of size 1e10."""
    x = float(x0)
    for _ in range(max_iter):
        slope = df(x)
        if slope == 0:
            raise ValueError
        step = f(x) / slope
        x = x - step
        if abs(step) <= tol:
            return x
    raise RuntimeError


def newton_no_zero_guard(f, df, x0, tol=1e-12, max_iter=50):
    """Divides by f'(x) = 0 (ZeroDivisionError, not ValueError)."""
    x = float(x0)
    for _ in range(max_iter):
        step = f(x) / df(x)
        x = x - step
        if abs(step) <= tol * max(1.0, abs(x)):
            return x
    raise RuntimeError


def newton_returns_last(f, df, x0, tol=1e-12, max_iter=50):
    """Returns the last iterate instead of raising when it did not converge."""
    x = float(x0)
    for _ in range(max_iter):
        slope = df(x)
        if slope == 0:
            raise ValueError
        step = f(x) / slope
        x = x - step
        if abs(step) <= tol * max(1.0, abs(x)):
            break
    return x


def newton_residual_stop(f, df, x0, tol=1e-12, max_iter=50):
    """Stops on |f(x)| <= tol, which a root of size 1e10 never reaches in float64."""
    x = float(x0)
    for _ in range(max_iter):
        if abs(f(x)) <= tol:
            return x
        slope = df(x)
        if slope == 0:
            raise ValueError
        x = x - f(x) / slope
    raise RuntimeError


def newton_roots(f, df, x0, tol=1e-12, max_iter=50):
    """The forbidden shortcut (for polynomials only, found by sampling f)."""
    xs = np.arange(4.0)
    coeffs = np.polyfit(xs, [f(v) for v in xs], 3)
    roots = np.roots(coeffs)
    real = roots[np.abs(roots.imag) < 1e-9].real
    return float(real[np.argmin(np.abs(real - x0))])


WRONG = {
    "check_poly_derivative": [
        poly_highest_first,
        poly_off_by_one,
        poly_keeps_length,
        poly_integer_dtype,
        poly_library,
        poly_constant_empty,
    ],
    "check_chain_derivative": [chain_all_at_x, chain_reversed, chain_at_output, chain_recomputes, chain_numerical, chain_sum],
    "check_central_difference": [
        central_forward,
        central_divides_by_h,
        central_precedence,
        central_unscaled_step,
        central_loop,
        central_gradient,
    ],
    "check_best_step": [best_returns_index, best_signed_errors, best_forward, best_argmax, best_no_guard, best_last_tie],
    "check_difference_order": [order_endpoints, order_not_centred, order_no_logs, order_polyfit, order_no_guards],
    "check_complex_step_derivative": [
        complex_real_part,
        complex_returns_complex,
        complex_no_division,
        complex_unit_step,
        complex_central,
        complex_per_point,
    ],
    "check_newton_root": [
        newton_sign,
        newton_absolute_tol,
        newton_no_zero_guard,
        newton_returns_last,
        newton_residual_stop,
        newton_roots,
    ],
}

CASES = [(check, wrong) for check, wrongs in WRONG.items() for wrong in wrongs]


@pytest.mark.parametrize("check, wrong", CASES, ids=[f"{check}-{wrong.__name__}" for check, wrong in CASES])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(getattr(checks, check), wrong)


def test_every_check_has_three_wrong_answers():
    names = {name for name in dir(checks) if name.startswith("check_")}
    assert names == set(WRONG)
    assert all(len(wrongs) >= 3 for wrongs in WRONG.values())
