"""Learner-like wrong answers to the applications/01-linear-regression exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.linear_regression import (
    check_fit_and_score,
    check_fit_normal_equations,
    check_fit_qr,
    check_gradient_descent,
    check_ridge_path,
    check_rmse,
    check_split_indices,
    check_standardise,
)

# -- rmse -------------------------------------------------------------------------------------------


def rmse_without_root(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError
    return float(np.mean((y_pred - y_true) ** 2))


def rmse_sample_denominator(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError
    return float(np.sqrt(np.sum((y_pred - y_true) ** 2) / max(y_true.size - 1, 1)))


def rmse_broadcasts(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.size == 0:
        raise ValueError
    return float(np.sqrt(np.mean((y_pred - y_true) ** 2)))


def rmse_mean_absolute(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError
    return float(np.mean(np.abs(y_pred - y_true)))


# -- split_indices ----------------------------------------------------------------------------------


def split_global_rng(n, n_test, rng):
    if not 0 < n_test < n:
        raise ValueError
    order = np.random.permutation(n)  # noqa: NPY002 (the global RNG: forbidden)
    return order[n_test:], order[:n_test]


def split_with_replacement(n, n_test, rng):
    if not 0 < n_test < n:
        raise ValueError
    order = rng.integers(0, n, size=n)
    return order[n_test:], order[:n_test]


def split_without_shuffle(n, n_test, rng):
    if not 0 < n_test < n:
        raise ValueError
    order = np.arange(n)
    return order[n_test:], order[:n_test]


def split_off_by_one(n, n_test, rng):
    if not 0 < n_test < n:
        raise ValueError
    order = rng.permutation(n)
    return order[n_test + 1 :], order[: n_test + 1]


def split_swapped(n, n_test, rng):
    if not 0 < n_test < n:
        raise ValueError
    order = rng.permutation(n)
    return order[: n - n_test], order[n - n_test :]


def split_no_validation(n, n_test, rng):
    order = rng.permutation(n)
    return order[n_test:], order[:n_test]


# -- standardise ------------------------------------------------------------------------------------


def _safe(std):
    return np.where(std > 0, std, 1.0)


def standardise_test_with_own_stats(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    Z_train = (X_train - X_train.mean(axis=0)) / _safe(X_train.std(axis=0))
    Z_test = (X_test - X_test.mean(axis=0)) / _safe(X_test.std(axis=0))
    return Z_train, Z_test


def standardise_pooled(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    both = np.vstack([X_train, X_test])
    mean, std = both.mean(axis=0), _safe(both.std(axis=0))
    return (X_train - mean) / std, (X_test - mean) / std


def standardise_ddof1(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    mean, std = X_train.mean(axis=0), _safe(X_train.std(axis=0, ddof=1))
    return (X_train - mean) / std, (X_test - mean) / std


def standardise_divides_by_zero(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    with np.errstate(all="ignore"):
        return (X_train - mean) / std, (X_test - mean) / std


def standardise_wrong_axis(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    mean, std = X_train.mean(axis=1, keepdims=True), _safe(X_train.std(axis=1, keepdims=True))
    return (X_train - mean) / std, (X_test - mean[: len(X_test)]) / std[: len(X_test)]


# -- fit_normal_equations ---------------------------------------------------------------------------


def normal_missing_transpose_on_y(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.solve(X.T @ X, y[: X.shape[1]])


def normal_outer_gram(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.solve(X @ X.T, X @ y) if X.shape[0] == X.shape[1] else np.linalg.solve(X.T @ X, X.T @ y[::-1])


def normal_with_inverse(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.inv(X.T @ X) @ X.T @ y


def normal_with_lstsq(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.lstsq(X, y, rcond=None)[0]


def normal_cholesky_transposes_swapped(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    L = np.linalg.cholesky(X.T @ X)
    return np.linalg.solve(L, np.linalg.solve(L.T, X.T @ y))


def normal_no_shape_guard(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    return np.linalg.solve(X.T @ X + 1e-12 * np.eye(X.shape[1]), X.T @ y)


# -- fit_qr -----------------------------------------------------------------------------------------


def qr_via_normal_equations(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.solve(X.T @ X, X.T @ y)


def qr_of_gram_matrix(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    Q, R = np.linalg.qr(X.T @ X)
    return np.linalg.solve(R, Q.T @ (X.T @ y))


def qr_transposed_R(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    Q, R = np.linalg.qr(X)
    return np.linalg.solve(R.T, Q.T @ y)


def qr_complete_mode(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    Q, R = np.linalg.qr(X, mode="complete")
    return np.linalg.solve(R, Q.T @ y)


def qr_with_pinv(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.shape[0] < X.shape[1]:
        raise ValueError
    return np.linalg.pinv(X) @ y


# -- gradient_descent -------------------------------------------------------------------------------


def _descent(name, gradient):
    def descend(X, y, w0, learning_rate, n_steps):
        X, y = np.asarray(X, float), np.asarray(y, float)
        w = np.array(w0, dtype=float)
        for _ in range(n_steps):
            w = w - learning_rate * gradient(X, y, w)
        return w

    descend.__name__ = name
    return descend


gd_without_factor_two = _descent("gd_without_factor_two", lambda X, y, w: 1 / len(y) * X.T @ (X @ w - y))
gd_sum_not_mean = _descent("gd_sum_not_mean", lambda X, y, w: 2 * X.T @ (X @ w - y))
gd_ascent = _descent("gd_ascent", lambda X, y, w: -2 / len(y) * X.T @ (X @ w - y))
gd_wrong_residual_sign = _descent("gd_wrong_residual_sign", lambda X, y, w: 2 / len(y) * X.T @ (y - X @ w))


def gd_one_step_too_many(X, y, w0, learning_rate, n_steps):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = np.array(w0, dtype=float)
    for _ in range(n_steps + 1):
        w = w - learning_rate * 2 / len(y) * X.T @ (X @ w - y)
    return w


def gd_changes_w0(X, y, w0, learning_rate, n_steps):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w = w0 if w0.dtype == float else w0.astype(float)
    for _ in range(n_steps):
        w -= learning_rate * 2 / len(y) * X.T @ (X @ w - y)
    return w


# -- ridge_path -------------------------------------------------------------------------------------


def _ridge_with(name, filter_factors):
    def ridge(X, y, penalties):
        U, s, Vt = np.linalg.svd(np.asarray(X, float), full_matrices=False)
        filters = filter_factors(s, np.asarray(penalties, float)[:, None])
        return (filters * (U.T @ np.asarray(y, float))) @ Vt

    ridge.__name__ = name
    return ridge


ridge_unsquared_sigma = _ridge_with("ridge_unsquared_sigma", lambda s, a: s / (s + a))
ridge_squared_penalty = _ridge_with("ridge_squared_penalty", lambda s, a: s / (s**2 + a**2))
ridge_inverted_filter = _ridge_with("ridge_inverted_filter", lambda s, a: 1 / (s + a))


def ridge_loop_over_penalties(X, y, penalties):
    U, s, Vt = np.linalg.svd(np.asarray(X, float), full_matrices=False)
    return np.array([Vt.T @ (s / (s**2 + a) * (U.T @ y)) for a in penalties])


def ridge_by_solve(X, y, penalties):
    X, y = np.asarray(X, float), np.asarray(y, float)
    A = X.T @ X + np.asarray(penalties, float)[:, None, None] * np.eye(X.shape[1])
    return np.linalg.solve(A, np.broadcast_to(X.T @ y, (len(penalties), X.shape[1]))[..., None])[..., 0]


def ridge_transposed_result(X, y, penalties):
    U, s, Vt = np.linalg.svd(np.asarray(X, float), full_matrices=False)
    filters = s / (s**2 + np.asarray(penalties, float)[:, None])
    return ((filters * (U.T @ np.asarray(y, float))) @ Vt).T


# -- fit_and_score ----------------------------------------------------------------------------------


def _ridge(Z, y, penalty):
    U, s, Vt = np.linalg.svd(Z, full_matrices=False)
    return Vt.T @ (s / (s**2 + penalty) * (U.T @ y))


def _score(y_true, y_pred):
    return float(np.sqrt(np.mean((y_pred - y_true) ** 2)))


def pipeline_standardises_before_split(X, y, n_test, penalty, rng):
    X, y = np.asarray(X, float), np.asarray(y, float)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)  # test rows leak into the statistics
    order = rng.permutation(len(y))
    train, test = order[n_test:], order[:n_test]
    offset = y[train].mean()
    return _score(y[test], offset + Z[test] @ _ridge(Z[train], y[train] - offset, penalty))


def pipeline_centres_with_all_targets(X, y, n_test, penalty, rng):
    X, y = np.asarray(X, float), np.asarray(y, float)
    order = rng.permutation(len(y))
    train, test = order[n_test:], order[:n_test]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    Z_train, Z_test = (X[train] - mean) / std, (X[test] - mean) / std
    offset = y.mean()  # the test targets leak into the intercept
    return _score(y[test], offset + Z_test @ _ridge(Z_train, y[train] - offset, penalty))


def pipeline_forgets_intercept(X, y, n_test, penalty, rng):
    X, y = np.asarray(X, float), np.asarray(y, float)
    order = rng.permutation(len(y))
    train, test = order[n_test:], order[:n_test]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    Z_train, Z_test = (X[train] - mean) / std, (X[test] - mean) / std
    return _score(y[test], Z_test @ _ridge(Z_train, y[train], penalty))


def pipeline_scores_training_data(X, y, n_test, penalty, rng):
    X, y = np.asarray(X, float), np.asarray(y, float)
    order = rng.permutation(len(y))
    train = order[n_test:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    Z_train = (X[train] - mean) / std
    offset = y[train].mean()
    return _score(y[train], offset + Z_train @ _ridge(Z_train, y[train] - offset, penalty))


def pipeline_global_rng(X, y, n_test, penalty, rng):
    X, y = np.asarray(X, float), np.asarray(y, float)
    order = np.random.permutation(len(y))  # noqa: NPY002 (the global RNG: forbidden)
    train, test = order[n_test:], order[:n_test]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    Z_train, Z_test = (X[train] - mean) / std, (X[test] - mean) / std
    offset = y[train].mean()
    return _score(y[test], offset + Z_test @ _ridge(Z_train, y[train] - offset, penalty))


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_rmse, rmse_without_root),
    (check_rmse, rmse_sample_denominator),
    (check_rmse, rmse_broadcasts),
    (check_rmse, rmse_mean_absolute),
    (check_split_indices, split_global_rng),
    (check_split_indices, split_with_replacement),
    (check_split_indices, split_without_shuffle),
    (check_split_indices, split_off_by_one),
    (check_split_indices, split_swapped),
    (check_split_indices, split_no_validation),
    (check_standardise, standardise_test_with_own_stats),
    (check_standardise, standardise_pooled),
    (check_standardise, standardise_ddof1),
    (check_standardise, standardise_divides_by_zero),
    (check_standardise, standardise_wrong_axis),
    (check_fit_normal_equations, normal_missing_transpose_on_y),
    (check_fit_normal_equations, normal_outer_gram),
    (check_fit_normal_equations, normal_with_inverse),
    (check_fit_normal_equations, normal_with_lstsq),
    (check_fit_normal_equations, normal_cholesky_transposes_swapped),
    (check_fit_normal_equations, normal_no_shape_guard),
    (check_fit_qr, qr_via_normal_equations),
    (check_fit_qr, qr_of_gram_matrix),
    (check_fit_qr, qr_transposed_R),
    (check_fit_qr, qr_complete_mode),
    (check_fit_qr, qr_with_pinv),
    (check_gradient_descent, gd_without_factor_two),
    (check_gradient_descent, gd_sum_not_mean),
    (check_gradient_descent, gd_ascent),
    (check_gradient_descent, gd_wrong_residual_sign),
    (check_gradient_descent, gd_one_step_too_many),
    (check_gradient_descent, gd_changes_w0),
    (check_ridge_path, ridge_unsquared_sigma),
    (check_ridge_path, ridge_squared_penalty),
    (check_ridge_path, ridge_inverted_filter),
    (check_ridge_path, ridge_loop_over_penalties),
    (check_ridge_path, ridge_by_solve),
    (check_ridge_path, ridge_transposed_result),
    (check_fit_and_score, pipeline_standardises_before_split),
    (check_fit_and_score, pipeline_centres_with_all_targets),
    (check_fit_and_score, pipeline_forgets_intercept),
    (check_fit_and_score, pipeline_scores_training_data),
    (check_fit_and_score, pipeline_global_rng),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
