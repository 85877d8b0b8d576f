"""Learner-like wrong answers for calculus/04-gradient-descent: every one must fail its check."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import gradient_descent as checks

# -- correct helpers the wrong answers build on ------------------------------------------------


def _mse_gradient(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    return 2.0 / len(y) * (X.T @ (X @ w - y))


def _batches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


# -- gd_step -------------------------------------------------------------------------------------


def gd_step_uphill(grad, w, lr):
    if lr <= 0:
        raise ValueError
    return np.asarray(w, dtype=float) + lr * grad(np.asarray(w, dtype=float))


def gd_step_in_place(grad, w, lr):
    if lr <= 0:
        raise ValueError
    w -= lr * grad(w)
    return w


def gd_step_no_validation(grad, w, lr):
    w = np.asarray(w, dtype=float)
    return w - lr * grad(w)


def gd_step_forgets_lr(grad, w, lr):
    if lr <= 0:
        raise ValueError
    w = np.asarray(w, dtype=float)
    return w - grad(w)


def gd_step_allows_zero(grad, w, lr):
    if lr < 0:
        raise ValueError
    w = np.asarray(w, dtype=float)
    return w - lr * grad(w)


# -- gradient_descent ----------------------------------------------------------------------------


def _gd_template(
    grad,
    w0,
    lr,
    tol,
    max_steps,
    *,
    check_after=False,
    detect=True,
    loss_change=False,
    count_from_one=False,
    converged_always=False,
):
    w = np.asarray(w0, dtype=float)
    with np.errstate(all="ignore"):
        for step in range(max_steps + 1):
            g = grad(w)
            if detect and not (np.all(np.isfinite(w)) and np.all(np.isfinite(g))):
                raise FloatingPointError("diverged")
            small = np.abs(g).max() <= tol if loss_change else np.linalg.norm(g) <= tol
            if small and not check_after:
                return w, step + count_from_one, True
            if step == max_steps:
                return w, step + count_from_one, converged_always
            w = w - lr * g
            if check_after and np.linalg.norm(grad(w)) <= tol:
                return w, step + 1, True


def gd_checks_before_update_counts_after(grad, w0, lr, tol, max_steps):
    return _gd_template(grad, w0, lr, tol, max_steps, count_from_one=True)


def gd_no_divergence_detection(grad, w0, lr, tol, max_steps):
    return _gd_template(grad, w0, lr, tol, max_steps, detect=False)


def gd_always_converged(grad, w0, lr, tol, max_steps):
    return _gd_template(grad, w0, lr, tol, max_steps, converged_always=True)


def gd_max_entry_instead_of_norm(grad, w0, lr, tol, max_steps):
    return _gd_template(grad, w0, lr, tol, max_steps, loss_change=True)


def gd_one_step_too_few(grad, w0, lr, tol, max_steps):
    w = np.asarray(w0, dtype=float)
    for step in range(max_steps):
        g = grad(w)
        if not np.all(np.isfinite(g)):
            raise FloatingPointError
        if np.linalg.norm(g) <= tol:
            return w, step, True
        if step == max_steps - 1:
            return w, step, False
        w = w - lr * g
    return w, 0, False


# -- largest_stable_lr ---------------------------------------------------------------------------


def _validated(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError
    eigenvalues = np.linalg.eigvalsh(A)
    if eigenvalues[0] <= 0:
        raise ValueError
    return eigenvalues


def lr_one_over_lambda(A):
    return float(1.0 / _validated(A)[-1])


def lr_smallest_eigenvalue(A):
    return float(2.0 / _validated(A)[0])


def lr_largest_diagonal_entry(A):
    _validated(A)
    return float(2.0 / np.max(np.diag(np.asarray(A, dtype=float))))


def lr_no_symmetry_check(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError
    eigenvalues = np.linalg.eigvalsh(A)  # reads one triangle only: wrong for a non-symmetric A
    if eigenvalues[0] <= 0:
        raise ValueError
    return float(2.0 / eigenvalues[-1])


def lr_accepts_singular(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError
    eigenvalues = np.linalg.eigvalsh(A)
    if eigenvalues[0] < 0:
        raise ValueError
    return float(2.0 / eigenvalues[-1])


# -- mse_gradient --------------------------------------------------------------------------------


def mse_missing_two(X, y, w):
    return _mse_gradient(X, y, w) / 2


def mse_sum_not_mean(X, y, w):
    return _mse_gradient(X, y, w) * len(y)


def mse_dropped_sign(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    if y.shape != (X.shape[0],) or w.shape != (X.shape[1],):
        raise ValueError
    return 2.0 / len(y) * (X.T @ (y - X @ w))


def mse_divides_by_features(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    if y.shape != (X.shape[0],) or w.shape != (X.shape[1],):
        raise ValueError
    return 2.0 / X.shape[1] * (X.T @ (X @ w - y))


def mse_no_shape_check(X, y, w):
    X, y, w = (np.asarray(a, dtype=float) for a in (X, y, w))
    return 2.0 / len(y) * (X.T @ (X @ w[: X.shape[1]] - y[:, None].mean(axis=1)[: X.shape[0]]))


# -- minibatch_indices ---------------------------------------------------------------------------


def batches_drop_last(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n - batch_size + 1, batch_size)]


def batches_not_shuffled(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    order = np.arange(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def batches_global_rng(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    order = np.random.permutation(n)  # noqa: NPY002  (the global RNG, which the task forbids)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def batches_array_split(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    return list(np.array_split(rng.permutation(n), max(1, -(-n // batch_size))))


def batches_with_replacement(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    order = rng.integers(0, n, size=n) if n else np.array([], dtype=int)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def batches_reseeded(n, batch_size, rng):
    if batch_size < 1:
        raise ValueError
    order = np.random.default_rng(0).permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


# -- sgd_linear_regression -----------------------------------------------------------------------


def sgd_full_gradient(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for _batch in _batches(len(y), batch_size, rng):
            w = w - lr * _mse_gradient(X, y, w)
    return w


def sgd_fixed_order(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            batch = np.arange(start, min(start + batch_size, len(y)))
            w = w - lr * _mse_gradient(X[batch], y[batch], w)
    return w


def sgd_start_at_ones(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.ones(X.shape[1])
    for _ in range(epochs):
        for batch in _batches(len(y), batch_size, rng):
            w = w - lr * _mse_gradient(X[batch], y[batch], w)
    return w


def sgd_lstsq(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.lstsq(X, y, rcond=None)[0] if epochs else np.zeros(X.shape[1])


def sgd_batch_sum(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for batch in _batches(len(y), batch_size, rng):
            w = w - lr * _mse_gradient(X[batch], y[batch], w) * len(batch) / batch_size
    return w


# -- momentum ------------------------------------------------------------------------------------


def _momentum_template(grad, w0, lr, beta, steps, *, ema=False, nesterov=False, update_first=False, validate=True):
    if validate and not 0 <= beta < 1:
        raise ValueError
    w = np.asarray(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        if update_first:
            w = w - lr * v
            v = beta * v + grad(w)
        else:
            g = grad(w - lr * beta * v) if nesterov else grad(w)
            v = beta * v + ((1 - beta) * g if ema else g)
            w = w - lr * v
        path.append(w)
    return np.array(path)


def momentum_ema_velocity(grad, w0, lr, beta, steps):
    return _momentum_template(grad, w0, lr, beta, steps, ema=True)


def momentum_nesterov(grad, w0, lr, beta, steps):
    return _momentum_template(grad, w0, lr, beta, steps, nesterov=True)


def momentum_stale_velocity(grad, w0, lr, beta, steps):
    return _momentum_template(grad, w0, lr, beta, steps, update_first=True)


def momentum_path_without_start(grad, w0, lr, beta, steps):
    return _momentum_template(grad, w0, lr, beta, steps)[1:]


def momentum_no_validation(grad, w0, lr, beta, steps):
    return _momentum_template(grad, w0, lr, beta, steps, validate=False)


# -- adam ----------------------------------------------------------------------------------------


def _adam_template(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, *, correct=True, eps_inside=False, t_offset=0, abs_second=False):
    w = np.asarray(w0, dtype=float)
    m, s = np.zeros_like(w), np.zeros_like(w)
    path = [w]
    for t in range(1, steps + 1):
        g = grad(w)
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * (np.abs(g) if abs_second else g**2)
        m_hat = m / (1 - beta1 ** (t + t_offset)) if correct else m
        s_hat = s / (1 - beta2 ** (t + t_offset)) if correct else s
        w = w - lr * m_hat / (np.sqrt(s_hat + eps) if eps_inside else np.sqrt(s_hat) + eps)
        path.append(w)
    return np.array(path)


def adam_no_bias_correction(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_template(grad, w0, lr, steps, beta1, beta2, eps, correct=False)


def adam_eps_inside_sqrt(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_template(grad, w0, lr, steps, beta1, beta2, eps, eps_inside=True)


def adam_t_off_by_one(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_template(grad, w0, lr, steps, beta1, beta2, eps, t_offset=1)


def adam_abs_instead_of_square(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_template(grad, w0, lr, steps, beta1, beta2, eps, abs_second=True)


def adam_ignores_keywords(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_template(grad, w0, lr, steps)


WRONG_ANSWERS = [
    (checks.check_gd_step, gd_step_uphill),
    (checks.check_gd_step, gd_step_in_place),
    (checks.check_gd_step, gd_step_no_validation),
    (checks.check_gd_step, gd_step_forgets_lr),
    (checks.check_gd_step, gd_step_allows_zero),
    (checks.check_gradient_descent, gd_checks_before_update_counts_after),
    (checks.check_gradient_descent, gd_no_divergence_detection),
    (checks.check_gradient_descent, gd_always_converged),
    (checks.check_gradient_descent, gd_max_entry_instead_of_norm),
    (checks.check_gradient_descent, gd_one_step_too_few),
    (checks.check_largest_stable_lr, lr_one_over_lambda),
    (checks.check_largest_stable_lr, lr_smallest_eigenvalue),
    (checks.check_largest_stable_lr, lr_largest_diagonal_entry),
    (checks.check_largest_stable_lr, lr_no_symmetry_check),
    (checks.check_largest_stable_lr, lr_accepts_singular),
    (checks.check_mse_gradient, mse_missing_two),
    (checks.check_mse_gradient, mse_sum_not_mean),
    (checks.check_mse_gradient, mse_dropped_sign),
    (checks.check_mse_gradient, mse_divides_by_features),
    (checks.check_mse_gradient, mse_no_shape_check),
    (checks.check_minibatch_indices, batches_drop_last),
    (checks.check_minibatch_indices, batches_not_shuffled),
    (checks.check_minibatch_indices, batches_global_rng),
    (checks.check_minibatch_indices, batches_array_split),
    (checks.check_minibatch_indices, batches_with_replacement),
    (checks.check_minibatch_indices, batches_reseeded),
    (checks.check_sgd_linear_regression, sgd_full_gradient),
    (checks.check_sgd_linear_regression, sgd_fixed_order),
    (checks.check_sgd_linear_regression, sgd_start_at_ones),
    (checks.check_sgd_linear_regression, sgd_lstsq),
    (checks.check_sgd_linear_regression, sgd_batch_sum),
    (checks.check_momentum, momentum_ema_velocity),
    (checks.check_momentum, momentum_nesterov),
    (checks.check_momentum, momentum_stale_velocity),
    (checks.check_momentum, momentum_path_without_start),
    (checks.check_momentum, momentum_no_validation),
    (checks.check_adam, adam_no_bias_correction),
    (checks.check_adam, adam_eps_inside_sqrt),
    (checks.check_adam, adam_t_off_by_one),
    (checks.check_adam, adam_abs_instead_of_square),
    (checks.check_adam, adam_ignores_keywords),
]


@pytest.mark.parametrize("check, wrong", WRONG_ANSWERS, ids=[wrong.__name__ for _, wrong in WRONG_ANSWERS])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(check, wrong)


def test_every_check_has_at_least_three_wrong_answers():
    counts = {}
    for check, _ in WRONG_ANSWERS:
        counts[check.__name__] = counts.get(check.__name__, 0) + 1
    defined = [name for name in vars(checks) if name.startswith("check_")]
    assert sorted(counts) == sorted(defined)
    assert min(counts.values()) >= 3, counts
