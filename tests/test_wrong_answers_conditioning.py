"""Learner-like wrong answers to the linear-algebra/04-conditioning exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checking import ForbiddenUse
from mlmath.checks.linear_algebra.conditioning import (
    check_amplification,
    check_condition_number_1,
    check_error_bound,
    check_induced_norms,
    check_lipschitz_bound,
    check_predicted_digits,
    check_spectral_normalise,
)


def _f(x):
    return np.asarray(x, dtype=float)


# -- induced_norms ------------------------------------------------------------------------------


def norms_swapped(A):
    """Row sums for the 1-norm and column sums for the inf-norm."""
    A = np.abs(_f(A))
    return float(A.sum(axis=1).max()), float(A.sum(axis=0).max())


def norms_no_abs(A):
    """Sums the signed entries: negative entries cancel."""
    A = _f(A)
    return float(np.abs(A.sum(axis=0)).max()), float(np.abs(A.sum(axis=1)).max())


def norms_largest_entry(A):
    """The largest |entry| times the size, a bound, not the norm."""
    A = np.abs(_f(A))
    return float(A.max() * A.shape[0]), float(A.max() * A.shape[1])


def norms_sum_not_max(A):
    """Adds up all the column (row) sums: the sum of |entries|, twice."""
    A = np.abs(_f(A))
    return float(A.sum()), float(A.sum(axis=1).max())


# -- condition_number_1 -------------------------------------------------------------------------


def _norm1(A):
    return float(np.abs(_f(A)).sum(axis=0).max())


def _square(A):
    A = _f(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    return A


def cond1_transposed_inverse(A):
    """Solves with A.T: the 1-norm of the inverse's transpose is its inf-norm."""
    A = _square(A)
    return _norm1(A) * _norm1(np.linalg.solve(A.T, np.eye(len(A))))


def cond1_inf_norm(A):
    """Uses the inf-norm (row sums) of both factors."""
    A = _square(A)
    return _norm1(A.T) * _norm1(np.linalg.solve(A, np.eye(len(A))).T)


def cond1_no_inverse_norm(A):
    """Divides by the smallest column sum instead of taking the norm of the inverse."""
    A = _square(A)
    np.linalg.solve(A, np.eye(len(A)))
    sums = np.abs(A).sum(axis=0)
    return float(sums.max() / sums.min())


def cond1_forgets_norm_of_A(A):
    """Returns the 1-norm of the inverse alone."""
    A = _square(A)
    return _norm1(np.linalg.solve(A, np.eye(len(A))))


# -- predicted_digits ---------------------------------------------------------------------------


def _condition(A):
    s = np.linalg.svd(_f(A), compute_uv=False)
    return np.inf if s[-1] == 0 else s[0] / s[-1]


def digits_always_float64(A, dtype):
    """Uses float64's epsilon whatever dtype is asked for."""
    return max(0.0, float(-np.log10(_condition(A) * np.finfo(np.float64).eps)))


def digits_no_floor(A, dtype):
    """No max(0, ...): a negative number of digits."""
    with np.errstate(divide="ignore"):
        digits = float(-np.log10(_condition(A) * np.finfo(dtype).eps))
    return digits if np.isfinite(digits) else 0.0


def digits_natural_log(A, dtype):
    """np.log instead of np.log10: digits in base e."""
    with np.errstate(divide="ignore"):
        return max(0.0, float(-np.log(_condition(A) * np.finfo(dtype).eps)))


def digits_svd_in_dtype(A, dtype):
    """Computes the singular values in the dtype asked for: float32 cannot see the small ones."""
    s = np.linalg.svd(np.asarray(A, dtype=np.float32 if dtype == np.float16 else dtype), compute_uv=False).astype(float)
    with np.errstate(divide="ignore"):
        return 0.0 if s[-1] == 0 else max(0.0, float(-np.log10(s[0] / s[-1] * np.finfo(dtype).eps)))


# -- amplification ------------------------------------------------------------------------------


def _rownorm(M):
    return np.sqrt(np.sum(M**2, axis=1))


def amplification_rows_as_columns(A, B, dB):
    """Passes B straight to solve: rows are taken as columns (only fails loudly when k != n)."""
    A, B, dB = _f(A), _f(B), _f(dB)
    X, dX = np.linalg.solve(A, B), np.linalg.solve(A, dB)
    return (_rownorm(dX) / _rownorm(X)) / (_rownorm(dB) / _rownorm(B))


def amplification_inverted(A, B, dB):
    """The ratio upside down: relative change in b over relative change in x."""
    A, B, dB = _f(A), _f(B), _f(dB)
    X, dX = np.linalg.solve(A, B.T).T, np.linalg.solve(A, dB.T).T
    return (_rownorm(dB) / _rownorm(B)) / (_rownorm(dX) / _rownorm(X))


def amplification_absolute(A, B, dB):
    """Absolute changes, |dx| / |db|, not relative ones."""
    A, dB = _f(A), _f(dB)
    return _rownorm(np.linalg.solve(A, dB.T).T) / _rownorm(dB)


def amplification_transposed_system(A, B, dB):
    """Solves with A.T."""
    A, B, dB = _f(A), _f(B), _f(dB)
    X, dX = np.linalg.solve(A.T, B.T).T, np.linalg.solve(A.T, dB.T).T
    return (_rownorm(dX) / _rownorm(X)) / (_rownorm(dB) / _rownorm(B))


# -- error_bound --------------------------------------------------------------------------------


def _cond1(A):
    A = _f(A)
    return _norm1(A) * _norm1(np.linalg.solve(A, np.eye(len(A))))


def bound_absolute_residual(A, b, x_hat):
    """Forgets to divide by |b|_1."""
    A, b, x_hat = _f(A), _f(b), _f(x_hat)
    r = float(np.abs(b - A @ x_hat).sum())
    return r, _cond1(A) * r


def bound_sign_flip(A, b, x_hat):
    """r = b + A x_hat."""
    A, b, x_hat = _f(A), _f(b), _f(x_hat)
    r = float(np.abs(b + A @ x_hat).sum() / np.abs(b).sum())
    return r, _cond1(A) * r


def bound_two_norm(A, b, x_hat):
    """Euclidean norms for the residual with the 1-norm condition number."""
    A, b, x_hat = _f(A), _f(b), _f(x_hat)
    r = float(np.sqrt(np.sum((b - A @ x_hat) ** 2) / np.sum(b**2)))
    return r, _cond1(A) * r


def bound_without_cond(A, b, x_hat):
    """Reports the residual itself as the bound on the error."""
    A, b, x_hat = _f(A), _f(b), _f(x_hat)
    np.linalg.solve(A, b)
    r = float(np.abs(b - A @ x_hat).sum() / np.abs(b).sum())
    return r, r


# -- lipschitz_bound ----------------------------------------------------------------------------


def _chained(weights):
    weights = [_f(W) for W in weights]
    for before, after in zip(weights, weights[1:]):
        if after.shape[1] != before.shape[0]:
            raise ValueError("layers do not chain")
    return weights


def _product(weights):
    P = None
    for W in weights:
        P = W if P is None else W @ P
    return P


def lipschitz_frobenius(weights):
    """Frobenius norms instead of spectral norms."""
    weights = _chained(weights)
    P = _product(weights)
    return float(np.prod([np.linalg.norm(W) for W in weights])), 1.0 if P is None else float(np.linalg.norm(P, 2))


def lipschitz_sum(weights):
    """Adds the layers' norms instead of multiplying them."""
    weights = _chained(weights)
    P = _product(weights)
    bound = float(sum(np.linalg.norm(W, 2) for W in weights)) if weights else 1.0
    return bound, 1.0 if P is None else float(np.linalg.norm(P, 2))


def lipschitz_wrong_order(weights):
    """Multiplies the running product from the right, P @ W: the shapes only fit for square layers."""
    weights = _chained(weights)
    P = None
    for W in weights:
        P = W if P is None else P @ W
    return float(np.prod([np.linalg.norm(W, 2) for W in weights])), 1.0 if P is None else float(np.linalg.norm(P, 2))


def lipschitz_largest_layer(weights):
    """The largest spectral norm of a layer, not the product."""
    weights = _chained(weights)
    P = _product(weights)
    bound = max((float(np.linalg.norm(W, 2)) for W in weights), default=1.0)
    return bound, 1.0 if P is None else float(np.linalg.norm(P, 2))


# -- spectral_normalise -------------------------------------------------------------------------


def _unit(v):
    n = np.sqrt(v @ v)
    if n == 0:
        raise ValueError("zero")
    return v / n


def sn_sigma_squared(W, u):
    """Divides W by sigma**2."""
    W, u = _f(W), _f(u)
    Wv = W @ _unit(W.T @ u)
    sigma = np.sqrt(Wv @ Wv)
    return W / sigma**2, Wv / sigma


def sn_returns_old_u(W, u):
    """Returns the u it was given: the iteration never moves."""
    W, u = _f(W), _f(u)
    Wv = W @ _unit(W.T @ u)
    return W / np.sqrt(Wv @ Wv), u


def sn_unnormalised_v(W, u):
    """Does not normalise v: sigma is |W W^T u|, not |W v| for a unit v."""
    W, u = _f(W), _f(u)
    v = W.T @ u
    if not v.any():
        raise ValueError("zero")
    Wv = W @ v
    sigma = np.sqrt(Wv @ Wv)
    return W / sigma, Wv / sigma


def sn_rayleigh_on_u(W, u):
    """sigma = |W^T u| for the old u, one half-step behind."""
    W, u = _f(W), _f(u)
    v = W.T @ _unit(u)
    sigma = np.sqrt(v @ v)
    if sigma == 0:
        raise ValueError("zero")
    return W / sigma, _unit(W @ v)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_induced_norms, norms_swapped),
    (check_induced_norms, norms_no_abs),
    (check_induced_norms, norms_largest_entry),
    (check_induced_norms, norms_sum_not_max),
    (check_condition_number_1, cond1_transposed_inverse),
    (check_condition_number_1, cond1_inf_norm),
    (check_condition_number_1, cond1_no_inverse_norm),
    (check_condition_number_1, cond1_forgets_norm_of_A),
    (check_predicted_digits, digits_always_float64),
    (check_predicted_digits, digits_no_floor),
    (check_predicted_digits, digits_natural_log),
    (check_predicted_digits, digits_svd_in_dtype),
    (check_amplification, amplification_rows_as_columns),
    (check_amplification, amplification_inverted),
    (check_amplification, amplification_absolute),
    (check_amplification, amplification_transposed_system),
    (check_error_bound, bound_absolute_residual),
    (check_error_bound, bound_sign_flip),
    (check_error_bound, bound_two_norm),
    (check_error_bound, bound_without_cond),
    (check_lipschitz_bound, lipschitz_frobenius),
    (check_lipschitz_bound, lipschitz_sum),
    (check_lipschitz_bound, lipschitz_wrong_order),
    (check_lipschitz_bound, lipschitz_largest_layer),
    (check_spectral_normalise, sn_sigma_squared),
    (check_spectral_normalise, sn_returns_old_u),
    (check_spectral_normalise, sn_unnormalised_v),
    (check_spectral_normalise, sn_rayleigh_on_u),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    failure = assert_rejects(check, wrong)
    assert not isinstance(failure.value, ForbiddenUse), f"{wrong.__name__} broke a rule: {failure.value}"
