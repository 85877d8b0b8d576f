"""Learner-like wrong answers to the probability/04-gaussians exercises: every check must reject each of them."""

import contextlib
import io

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.gaussians import (
    check_condition,
    check_ellipse_axes,
    check_mahalanobis,
    check_marginal,
    check_mvn_logpdf,
    check_mvn_sample,
    check_normal_logpdf,
    check_whiten,
)

# -- Exercise 1: normal_logpdf -------------------------------------------------------------------


def logpdf_via_density(x, mu, sigma):
    if sigma <= 0:
        raise ValueError("sigma")
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi)))  # -inf in the tails


def logpdf_variance_in_log(x, mu, sigma):
    if sigma <= 0:
        raise ValueError("sigma")
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return -0.5 * z**2 - np.log(sigma**2) - 0.5 * np.log(2 * np.pi)  # log sigma^2 where log sigma belongs


def logpdf_missing_half(x, mu, sigma):
    if sigma <= 0:
        raise ValueError("sigma")
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return -0.5 * z**2 - np.log(sigma) - np.log(2 * np.pi)  # log(2 pi) without the 1/2


def logpdf_no_validation(x, mu, sigma):
    with np.errstate(all="ignore"):
        z = (np.asarray(x, dtype=float) - mu) / sigma
        return -0.5 * z**2 - np.log(abs(sigma)) - 0.5 * np.log(2 * np.pi)


def logpdf_with_global_rng(x, mu, sigma):
    if sigma <= 0:
        raise ValueError("sigma")
    np.random.normal(size=1)  # noqa: NPY002 (a forbidden call, whatever it is for)
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return -0.5 * z**2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)


# -- Exercise 2: mvn_logpdf ----------------------------------------------------------------------


def _validated(X, mu, Sigma):
    X, mu, Sigma = (np.asarray(a, dtype=float) for a in (X, mu, Sigma))
    if Sigma.ndim != 2 or Sigma.shape[0] != Sigma.shape[1] or not np.allclose(Sigma, Sigma.T):
        raise ValueError("Sigma")
    if mu.shape != (Sigma.shape[0],) or X.ndim != 2 or X.shape[1] != mu.size:
        raise ValueError("shapes")
    return X, mu, Sigma


def mvn_logpdf_with_det(X, mu, Sigma):
    X, mu, Sigma = _validated(X, mu, Sigma)
    L = np.linalg.cholesky(Sigma)
    Z = np.linalg.solve(L, (X - mu).T)
    return -0.5 * (np.sum(Z**2, axis=0) + np.log(np.linalg.det(Sigma)) + len(mu) * np.log(2 * np.pi))


def mvn_logpdf_with_inv(X, mu, Sigma):
    X, mu, Sigma = _validated(X, mu, Sigma)
    L = np.linalg.cholesky(Sigma)
    diff = X - mu
    quad = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(Sigma), diff)
    return -0.5 * (quad + 2 * np.sum(np.log(np.diag(L))) + len(mu) * np.log(2 * np.pi))


def mvn_logpdf_log_det_of_L(X, mu, Sigma):
    X, mu, Sigma = _validated(X, mu, Sigma)
    L = np.linalg.cholesky(Sigma)
    Z = np.linalg.solve(L, (X - mu).T)
    return -0.5 * (np.sum(Z**2, axis=0) + np.sum(np.log(np.diag(L))) + len(mu) * np.log(2 * np.pi))  # log det L


def mvn_logpdf_transposed_factor(X, mu, Sigma):
    X, mu, Sigma = _validated(X, mu, Sigma)
    L = np.linalg.cholesky(Sigma)
    Z = np.linalg.solve(L.T, (X - mu).T)  # L^-T instead of L^-1: the quadratic form of (L^T L)^-1
    return -0.5 * (np.sum(Z**2, axis=0) + 2 * np.sum(np.log(np.diag(L))) + len(mu) * np.log(2 * np.pi))


def mvn_logpdf_no_symmetry_check(X, mu, Sigma):
    X, mu, Sigma = (np.asarray(a, dtype=float) for a in (X, mu, Sigma))
    if Sigma.ndim != 2 or Sigma.shape[0] != Sigma.shape[1] or mu.shape != (Sigma.shape[0],):
        raise ValueError("shapes")
    L = np.linalg.cholesky(Sigma)  # reads the lower triangle only
    Z = np.linalg.solve(L, (X - mu).T)
    return -0.5 * (np.sum(Z**2, axis=0) + 2 * np.sum(np.log(np.diag(L))) + len(mu) * np.log(2 * np.pi))


# -- Exercise 3: ellipse_axes --------------------------------------------------------------------


def _closed_form(Sigma):
    Sigma = np.asarray(Sigma, dtype=float)
    if Sigma.shape != (2, 2) or not np.allclose(Sigma, Sigma.T):
        raise ValueError("Sigma")
    a, b, c = Sigma[0, 0], Sigma[0, 1], Sigma[1, 1]
    mid, radius = (a + c) / 2, np.hypot((a - c) / 2, b)
    if mid - radius < -1e-12 * abs(mid + radius):
        raise ValueError("negative eigenvalue")
    theta = 0.5 * np.arctan2(2 * b, a - c)
    major, minor = np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])
    return mid + radius, max(mid - radius, 0.0), major, minor


def axes_without_sqrt(Sigma, k):
    big, small, major, minor = _closed_form(Sigma)
    return k * np.column_stack([big * major, small * minor])  # variances, not standard deviations


def axes_minor_first(Sigma, k):
    big, small, major, minor = _closed_form(Sigma)
    return k * np.column_stack([np.sqrt(small) * minor, np.sqrt(big) * major])


def axes_as_rows(Sigma, k):
    big, small, major, minor = _closed_form(Sigma)
    return (k * np.column_stack([np.sqrt(big) * major, np.sqrt(small) * minor])).T


def axes_with_arctan(Sigma, k):
    big, small, _, _ = _closed_form(Sigma)
    Sigma = np.asarray(Sigma, dtype=float)
    a, b, c = Sigma[0, 0], Sigma[0, 1], Sigma[1, 1]
    theta = 0.5 * np.arctan(2 * b / (a - c)) if a != c else np.pi / 4 * np.sign(b)  # loses the quadrant when a < c
    major, minor = np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])
    return k * np.column_stack([np.sqrt(big) * major, np.sqrt(small) * minor])


def axes_with_eigh(Sigma, k):
    _closed_form(Sigma)
    lam, V = np.linalg.eigh(np.asarray(Sigma, dtype=float))
    return k * V[:, ::-1] * np.sqrt(np.clip(lam[::-1], 0, None))


# -- Exercise 4: mvn_sample ----------------------------------------------------------------------


def _factor(mu, Sigma):
    mu, Sigma = np.asarray(mu, dtype=float), np.asarray(Sigma, dtype=float)
    if not np.allclose(Sigma, Sigma.T):
        raise ValueError("Sigma")
    return mu, np.linalg.cholesky(Sigma)


def sample_with_transposed_factor(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    return mu + rng.standard_normal((n, mu.size)) @ L  # covariance L^T L


def sample_with_sigma(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    return mu + rng.standard_normal((n, mu.size)) @ np.asarray(Sigma, dtype=float)  # covariance Sigma^2


def sample_without_mean(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    return rng.standard_normal((n, mu.size)) @ L.T


def sample_with_library(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    return rng.multivariate_normal(mu, Sigma, size=n)


def sample_with_global_rng(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    return mu + np.random.standard_normal((n, mu.size)) @ L.T  # noqa: NPY002 (the global RNG: forbidden)


def sample_draws_transposed(mu, Sigma, n, rng):
    mu, L = _factor(mu, Sigma)
    Z = rng.standard_normal((mu.size, n)).T  # right distribution, but not the draws the task asks for
    return mu + Z @ L.T


# -- Exercise 5: whiten --------------------------------------------------------------------------


def _centred(X):
    X = np.asarray(X, dtype=float)
    if X.shape[0] <= X.shape[1]:
        raise ValueError("n <= d")
    return X - X.mean(axis=0)


def whiten_biased_covariance(X):
    centred = _centred(X)
    L = np.linalg.cholesky(centred.T @ centred / len(centred))  # ddof = 0
    return np.linalg.solve(L, centred.T).T


def whiten_without_centring(X):
    X = np.asarray(X, dtype=float)
    centred = _centred(X)
    L = np.linalg.cholesky(centred.T @ centred / (len(X) - 1))
    return np.linalg.solve(L, X.T).T


def whiten_by_standardising(X):
    centred = _centred(X)
    return centred / centred.std(axis=0, ddof=1)  # removes the scales, not the correlations


def whiten_wrong_side(X):
    centred = _centred(X)
    L = np.linalg.cholesky(centred.T @ centred / (len(centred) - 1))
    return np.linalg.solve(L.T, centred.T).T  # L^-T x instead of L^-1 x


def whiten_with_inv(X):
    centred = _centred(X)
    L = np.linalg.cholesky(centred.T @ centred / (len(centred) - 1))
    return centred @ np.linalg.inv(L).T


# -- Exercise 6: mahalanobis ---------------------------------------------------------------------


def mahalanobis_squared(X, mu, Sigma):
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    Z = np.linalg.solve(L, (np.asarray(X, dtype=float) - mu).T)
    return np.sum(Z**2, axis=0)


def mahalanobis_euclidean(X, mu, Sigma):
    return np.linalg.norm(np.asarray(X, dtype=float) - mu, axis=1)


def mahalanobis_transposed_factor(X, mu, Sigma):
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    Z = np.linalg.solve(L.T, (np.asarray(X, dtype=float) - mu).T)
    return np.sqrt(np.sum(Z**2, axis=0))


def mahalanobis_with_inv(X, mu, Sigma):
    diff = np.asarray(X, dtype=float) - mu
    return np.sqrt(np.einsum("ij,jk,ik->i", diff, np.linalg.inv(np.asarray(Sigma, dtype=float)), diff))


def mahalanobis_in_a_loop(X, mu, Sigma):
    X = np.asarray(X, dtype=float)
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    return np.array([np.linalg.norm(np.linalg.solve(L, x - mu)) for x in X]).reshape(len(X))


# -- Exercise 7: marginal ------------------------------------------------------------------------


def marginal_pairs_indices(mu, Sigma, idx):
    idx = np.asarray(idx, dtype=int)
    return np.asarray(mu, dtype=float)[idx], np.asarray(Sigma, dtype=float)[idx, idx]  # k numbers, not a block


def marginal_sorted(mu, Sigma, idx):
    idx = np.sort(np.asarray(idx, dtype=int))
    return np.asarray(mu, dtype=float)[idx], np.asarray(Sigma, dtype=float)[np.ix_(idx, idx)]


def marginal_rows_only(mu, Sigma, idx):
    idx = np.asarray(idx, dtype=int)
    return np.asarray(mu, dtype=float)[idx], np.asarray(Sigma, dtype=float)[idx]


def marginal_of_the_rest(mu, Sigma, idx):
    keep = np.setdiff1d(np.arange(len(mu)), idx)
    return np.asarray(mu, dtype=float)[keep], np.asarray(Sigma, dtype=float)[np.ix_(keep, keep)]


# -- Exercise 8: condition -----------------------------------------------------------------------


def _blocks(mu, Sigma, a, b, x_b):
    mu, Sigma, x_b = (np.asarray(v, dtype=float) for v in (mu, Sigma, x_b))
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    return mu, x_b, a, b, Sigma[np.ix_(a, a)], Sigma[np.ix_(a, b)], Sigma[np.ix_(b, b)]


def condition_plus_sign(mu, Sigma, a, b, x_b):
    mu, x_b, a, b, S_aa, S_ab, S_bb = _blocks(mu, Sigma, a, b, x_b)
    if b.size == 0:
        return mu[a], S_aa
    K = np.linalg.solve(S_bb, S_ab.T).T
    return mu[a] + K @ (x_b - mu[b]), S_aa + K @ S_ab.T


def condition_transposed_gain(mu, Sigma, a, b, x_b):
    mu, x_b, a, b, S_aa, S_ab, S_bb = _blocks(mu, Sigma, a, b, x_b)
    if b.size == 0:
        return mu[a], S_aa
    K = np.linalg.solve(S_bb, S_ab.T)  # Sigma_bb^-1 Sigma_ba, used as if it were Sigma_ab Sigma_bb^-1
    K = K.reshape(len(a), len(b)) if K.shape != (len(a), len(b)) else K
    return mu[a] + K @ (x_b - mu[b]), S_aa - K @ S_ab.T


def condition_forgets_mean_b(mu, Sigma, a, b, x_b):
    mu, x_b, a, b, S_aa, S_ab, S_bb = _blocks(mu, Sigma, a, b, x_b)
    if b.size == 0:
        return mu[a], S_aa
    K = np.linalg.solve(S_bb, S_ab.T).T
    return mu[a] + K @ x_b, S_aa - K @ S_ab.T


def condition_with_inv(mu, Sigma, a, b, x_b):
    mu, x_b, a, b, S_aa, S_ab, S_bb = _blocks(mu, Sigma, a, b, x_b)
    if b.size == 0:
        return mu[a], S_aa
    K = S_ab @ np.linalg.inv(S_bb)
    return mu[a] + K @ (x_b - mu[b]), S_aa - K @ S_ab.T


def condition_sorted_indices(mu, Sigma, a, b, x_b):
    order = np.argsort(a)
    mean, cov = condition_with_solve(mu, Sigma, np.asarray(a, dtype=int)[order], b, x_b)
    return mean, cov


def condition_with_solve(mu, Sigma, a, b, x_b):
    mu, x_b, a, b, S_aa, S_ab, S_bb = _blocks(mu, Sigma, a, b, x_b)
    if b.size == 0:
        return mu[a], S_aa
    K = np.linalg.solve(S_bb, S_ab.T).T
    return mu[a] + K @ (x_b - mu[b]), S_aa - K @ S_ab.T


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_normal_logpdf, logpdf_via_density),
    (check_normal_logpdf, logpdf_variance_in_log),
    (check_normal_logpdf, logpdf_missing_half),
    (check_normal_logpdf, logpdf_no_validation),
    (check_normal_logpdf, logpdf_with_global_rng),
    (check_mvn_logpdf, mvn_logpdf_with_det),
    (check_mvn_logpdf, mvn_logpdf_with_inv),
    (check_mvn_logpdf, mvn_logpdf_log_det_of_L),
    (check_mvn_logpdf, mvn_logpdf_transposed_factor),
    (check_mvn_logpdf, mvn_logpdf_no_symmetry_check),
    (check_ellipse_axes, axes_without_sqrt),
    (check_ellipse_axes, axes_minor_first),
    (check_ellipse_axes, axes_as_rows),
    (check_ellipse_axes, axes_with_arctan),
    (check_ellipse_axes, axes_with_eigh),
    (check_mvn_sample, sample_with_transposed_factor),
    (check_mvn_sample, sample_with_sigma),
    (check_mvn_sample, sample_without_mean),
    (check_mvn_sample, sample_with_library),
    (check_mvn_sample, sample_with_global_rng),
    (check_mvn_sample, sample_draws_transposed),
    (check_whiten, whiten_biased_covariance),
    (check_whiten, whiten_without_centring),
    (check_whiten, whiten_by_standardising),
    (check_whiten, whiten_wrong_side),
    (check_whiten, whiten_with_inv),
    (check_mahalanobis, mahalanobis_squared),
    (check_mahalanobis, mahalanobis_euclidean),
    (check_mahalanobis, mahalanobis_transposed_factor),
    (check_mahalanobis, mahalanobis_with_inv),
    (check_mahalanobis, mahalanobis_in_a_loop),
    (check_marginal, marginal_pairs_indices),
    (check_marginal, marginal_sorted),
    (check_marginal, marginal_rows_only),
    (check_marginal, marginal_of_the_rest),
    (check_condition, condition_plus_sign),
    (check_condition, condition_transposed_gain),
    (check_condition, condition_forgets_mean_b),
    (check_condition, condition_with_inv),
    (check_condition, condition_sorted_indices),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)


def test_the_reference_answers_pass():
    """The correct helpers above (used by some wrong answers) pass, so the wrong answers fail for their mistake."""
    with contextlib.redirect_stdout(io.StringIO()):
        check_condition(condition_with_solve)
