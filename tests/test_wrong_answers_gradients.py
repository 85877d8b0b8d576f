"""Learner-like wrong answers to the gradients exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import gradients as checks

# -- partials -------------------------------------------------------------------


def partials_dropped_chain_factor(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([2 * x * y + np.cos(x * y), x**2 + np.cos(x * y) - 3])


def partials_sign_of_cos(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([2 * x * y - y * np.sin(x * y), x**2 - x * np.sin(x * y) - 3])


def partials_swapped(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([x**2 + x * np.cos(x * y) - 3, 2 * x * y + y * np.cos(x * y)])


def partials_forward_difference(point):
    p, h = np.asarray(point, dtype=float), 1e-6

    def f(q):
        return q[0] ** 2 * q[1] + np.sin(q[0] * q[1]) - 3 * q[1]

    return np.array([(f(p + h * e) - f(p)) / h for e in np.eye(2)])


def partials_central_difference(point):
    p = np.asarray(point, dtype=float)

    def f(q):
        return q[0] ** 2 * q[1] + np.sin(q[0] * q[1]) - 3 * q[1]

    h = np.cbrt(np.finfo(float).eps)
    return np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(2)])


# -- numerical_gradient ------------------------------------------------------------


def numgrad_forward(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp = x.copy()
        xp[i] += h
        g[i] = (f(xp) - f(x)) / h
    return g


def numgrad_int_copy(f, x, h=1e-5):
    x = np.array(x)  # keeps an integer dtype: x + 0.1 is rounded away
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g


def numgrad_flat_only(f, x, h=1e-5):
    x = np.asarray(x, dtype=float).ravel()
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g  # flat shape, and f got a flat array


def numgrad_ignores_h(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += 1e-5
        xm[i] -= 1e-5
        g[i] = (f(xp) - f(xm)) / 2e-5
    return g


def numgrad_uses_np_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    values = np.array([f(x - h), f(x), f(x + h)])
    return np.gradient(values, h)[1] * np.ones_like(x)


def numgrad_in_place(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)  # no copy for float input: the caller's array is changed
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        x[i] += h  # back where it was, up to rounding
        g[i] = (up - down) / (2 * h)
    return g


# -- directional_derivative --------------------------------------------------------


def directional_not_normalised(f, x, u, h=1e-5):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    if not u.any():
        raise ValueError("zero direction")
    return float((f(x + h * u) - f(x - h * u)) / (2 * h))


def directional_full_gradient(f, x, u, h=1e-5):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("zero direction")
    g = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])
    return float(g @ (u / norm))


def directional_forward(f, x, u, h=1e-5):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("zero direction")
    return float((f(x + h * u / norm) - f(x)) / h)


def directional_zero_gives_nan(f, x, u, h=1e-5):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    with np.errstate(all="ignore"):
        unit = u / np.linalg.norm(u)
    return float((f(x + h * unit) - f(x - h * unit)) / (2 * h))


# -- steepest_ascent ------------------------------------------------------------------


def _reference_numgrad(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2 * h)
    return g


def steepest_naive_norm(f, x):
    g = _reference_numgrad(f, x)
    if not g.any():
        raise ValueError("zero gradient")
    with np.errstate(all="ignore"):
        length = np.sqrt(np.sum(g**2))
    return g / length, float(length)


def steepest_not_unit(f, x):
    g = _reference_numgrad(f, x)
    if not g.any():
        raise ValueError("zero gradient")
    scale = np.abs(g).max()
    return g, float(scale * np.linalg.norm(g / scale))


def steepest_descent_instead(f, x):
    g = _reference_numgrad(f, x)
    if not g.any():
        raise ValueError("zero gradient")
    scale = np.abs(g).max()
    length = scale * np.linalg.norm(g / scale)
    return -g / length, float(length)


def steepest_no_raise(f, x):
    g = _reference_numgrad(f, x)
    scale = np.abs(g).max() or 1.0
    length = scale * np.linalg.norm(g / scale)
    with np.errstate(all="ignore"):
        return g / length, float(length)


def steepest_rate_squared(f, x):
    g = _reference_numgrad(f, x)
    if not g.any():
        raise ValueError("zero gradient")
    scale = np.abs(g).max()
    length = scale * np.linalg.norm(g / scale)
    return g / length, float(np.sum((g / scale) ** 2) * scale)


# -- quadratic_form ---------------------------------------------------------------------


def _square(A, x):
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or x.shape != (A.shape[0],):
        raise ValueError("bad shapes")
    return A, x


def quadratic_two_A_x(A, x):
    A, x = _square(A, x)
    return float(x @ A @ x), 2 * A @ x


def quadratic_two_AT_x(A, x):
    A, x = _square(A, x)
    return float(x @ A @ x), 2 * A.T @ x


def quadratic_A_x(A, x):
    A, x = _square(A, x)
    return float(x @ A @ x), A @ x


def quadratic_no_checks(A, x):
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    return float(x @ A[:, : x.size][: x.size] @ x), (A + A.T)[: x.size, : x.size] @ x if A.shape[0] == A.shape[1] else x


def quadratic_value_wrong(A, x):
    A, x = _square(A, x)
    return float(np.sum(A) * (x @ x)) / x.size, (A + A.T) @ x


# -- least_squares ---------------------------------------------------------------------


def _fit(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    if X.ndim != 2 or y.shape != (X.shape[0],) or w.shape != (X.shape[1],):
        raise ValueError("shapes")
    return X, y, w, X.shape[0]


def least_squares_sum_not_mean(X, y, w):
    X, y, w, n = _fit(X, y, w)
    r = X @ w - y
    return float(r @ r), 2 * X.T @ r


def least_squares_sign(X, y, w):
    X, y, w, n = _fit(X, y, w)
    r = y - X @ w
    return float(r @ r / n), 2 * X.T @ r / n


def least_squares_no_two(X, y, w):
    X, y, w, n = _fit(X, y, w)
    r = X @ w - y
    return float(r @ r / n), X.T @ r / n


def least_squares_divides_by_d(X, y, w):
    X, y, w, n = _fit(X, y, w)
    r = X @ w - y
    return float(r @ r / n), 2 * X.T @ r / X.shape[1]


def least_squares_no_shape_checks(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    r = X @ w[: X.shape[1]] - y[: X.shape[0]].mean()
    return float(r @ r / X.shape[0]), 2 * X.T @ r / X.shape[0]


# -- softmax_cross_entropy --------------------------------------------------------------


def softmax_naive(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    with np.errstate(all="ignore"):
        p = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)
        loss = -np.mean(np.log(p[np.arange(n), y]))
    g = p.copy()
    g[np.arange(n), y] -= 1
    return float(loss), g / n


def softmax_log_of_probability(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    shifted = Z - Z.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        loss = -np.mean(np.log(p[np.arange(n), y]))
    g = p.copy()
    g[np.arange(n), y] -= 1
    return float(loss), g / n


def softmax_global_max(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    shifted = Z - Z.max()
    with np.errstate(all="ignore"):
        log_sum = np.log(np.sum(np.exp(shifted), axis=1))
        g = np.exp(shifted - log_sum[:, None])
    g[np.arange(n), y] -= 1
    return float(np.mean(log_sum - shifted[np.arange(n), y])), g / n


def softmax_wrong_axis(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    shifted = Z - Z.max(axis=0, keepdims=True)
    with np.errstate(all="ignore"):
        log_sum = np.log(np.sum(np.exp(shifted), axis=0))
        g = np.exp(shifted - log_sum[None, :])
        loss = float(np.mean(np.log(g[np.arange(n), y]) * -1))
    g[np.arange(n), y] -= 1
    return loss, g / n


def softmax_gradient_not_averaged(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    g = np.exp(shifted - log_sum[:, None])
    g[np.arange(n), y] -= 1
    return float(np.mean(log_sum - shifted[np.arange(n), y])), g


def softmax_onehot_sign(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    n = Z.shape[0]
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    g = np.exp(shifted - log_sum[:, None])
    g[np.arange(n), y] += 1
    return float(np.mean(log_sum - shifted[np.arange(n), y])), g / n


# -- gradient_check ------------------------------------------------------------------------


def _both(f, grad, x, h):
    claimed = np.asarray(grad(x), dtype=float)
    if claimed.shape != np.shape(x):
        raise ValueError("shape")
    return claimed, _reference_numgrad(f, x, h)


def check_absolute_error(f, grad, x, h=1e-5):
    claimed, numeric = _both(f, grad, x, h)
    return float(np.linalg.norm((claimed - numeric).ravel()))


def check_zero_gives_nan(f, grad, x, h=1e-5):
    claimed, numeric = _both(f, grad, x, h)
    with np.errstate(all="ignore"):
        return float(np.linalg.norm((claimed - numeric).ravel()) / max(np.linalg.norm(claimed.ravel()), np.linalg.norm(numeric.ravel())))


def check_divides_by_sum(f, grad, x, h=1e-5):
    claimed, numeric = _both(f, grad, x, h)
    top = np.linalg.norm((claimed - numeric).ravel())
    bottom = np.linalg.norm(claimed.ravel()) + np.linalg.norm(numeric.ravel())
    return 0.0 if bottom == 0 else float(top / bottom)


def check_ignores_h(f, grad, x, h=1e-5):
    return check_zero_safe(f, grad, x, 1e-5)


def check_zero_safe(f, grad, x, h=1e-5):
    claimed, numeric = _both(f, grad, x, h)
    top = np.linalg.norm((claimed - numeric).ravel())
    bottom = max(np.linalg.norm(claimed.ravel()), np.linalg.norm(numeric.ravel()))
    return 0.0 if bottom == 0 else float(top / bottom)


def check_no_shape_test(f, grad, x, h=1e-5):
    claimed = np.asarray(grad(x), dtype=float).reshape(np.shape(x)) if np.size(grad(x)) == np.size(x) else grad(x)
    numeric = _reference_numgrad(f, x, h)
    top = np.linalg.norm((claimed - numeric).ravel())
    bottom = max(np.linalg.norm(claimed.ravel()), np.linalg.norm(numeric.ravel()))
    return 0.0 if bottom == 0 else float(top / bottom)


def check_max_entry_error(f, grad, x, h=1e-5):
    claimed, numeric = _both(f, grad, x, h)
    with np.errstate(all="ignore"):
        ratios = np.abs(claimed - numeric) / np.maximum(np.abs(claimed), np.abs(numeric))
    return float(np.nan_to_num(ratios).max())


WRONG = [
    (checks.check_partials, partials_dropped_chain_factor),
    (checks.check_partials, partials_sign_of_cos),
    (checks.check_partials, partials_swapped),
    (checks.check_partials, partials_forward_difference),
    (checks.check_partials, partials_central_difference),
    (checks.check_numerical_gradient, numgrad_forward),
    (checks.check_numerical_gradient, numgrad_int_copy),
    (checks.check_numerical_gradient, numgrad_flat_only),
    (checks.check_numerical_gradient, numgrad_ignores_h),
    (checks.check_numerical_gradient, numgrad_uses_np_gradient),
    (checks.check_numerical_gradient, numgrad_in_place),
    (checks.check_directional_derivative, directional_not_normalised),
    (checks.check_directional_derivative, directional_full_gradient),
    (checks.check_directional_derivative, directional_forward),
    (checks.check_directional_derivative, directional_zero_gives_nan),
    (checks.check_steepest_ascent, steepest_naive_norm),
    (checks.check_steepest_ascent, steepest_not_unit),
    (checks.check_steepest_ascent, steepest_descent_instead),
    (checks.check_steepest_ascent, steepest_no_raise),
    (checks.check_steepest_ascent, steepest_rate_squared),
    (checks.check_quadratic_form, quadratic_two_A_x),
    (checks.check_quadratic_form, quadratic_two_AT_x),
    (checks.check_quadratic_form, quadratic_A_x),
    (checks.check_quadratic_form, quadratic_no_checks),
    (checks.check_quadratic_form, quadratic_value_wrong),
    (checks.check_least_squares, least_squares_sum_not_mean),
    (checks.check_least_squares, least_squares_sign),
    (checks.check_least_squares, least_squares_no_two),
    (checks.check_least_squares, least_squares_divides_by_d),
    (checks.check_least_squares, least_squares_no_shape_checks),
    (checks.check_softmax_cross_entropy, softmax_naive),
    (checks.check_softmax_cross_entropy, softmax_log_of_probability),
    (checks.check_softmax_cross_entropy, softmax_global_max),
    (checks.check_softmax_cross_entropy, softmax_wrong_axis),
    (checks.check_softmax_cross_entropy, softmax_gradient_not_averaged),
    (checks.check_softmax_cross_entropy, softmax_onehot_sign),
    (checks.check_gradient_check, check_absolute_error),
    (checks.check_gradient_check, check_zero_gives_nan),
    (checks.check_gradient_check, check_divides_by_sum),
    (checks.check_gradient_check, check_ignores_h),
    (checks.check_gradient_check, check_no_shape_test),
    (checks.check_gradient_check, check_max_entry_error),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(check, wrong)


def test_every_check_has_three_wrong_answers():
    names = [name for name in dir(checks) if name.startswith("check_")]
    counts = {name: sum(c.__name__ == name for c, _ in WRONG) for name in names}
    assert all(count >= 3 for count in counts.values()), counts
