"""Learner-like wrong answers to the probability/05-estimation exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.estimation import (
    check_bernoulli_log_likelihood,
    check_beta_map_rate,
    check_binary_cross_entropy_with_logits,
    check_cross_entropy_from_logits,
    check_gaussian_mle,
    check_logsumexp,
    check_poisson_mle_ascent,
    check_softmax,
)

# -- bernoulli_log_likelihood ---------------------------------------------------------------------


def _validate_bernoulli(p, x):
    p, x = np.asarray(p, dtype=float), np.asarray(x)
    if np.any((p < 0) | (p > 1)) or np.any((x != 0) & (x != 1)):
        raise ValueError
    return p, x


def bernoulli_nan_at_the_edges(p, x):
    p, x = _validate_bernoulli(p, x)
    k, n = x.sum(), x.size
    with np.errstate(divide="ignore", invalid="ignore"):
        return k * np.log(p) + (n - k) * np.log(1 - p)  # 0 * log 0 is NaN here


def bernoulli_product_of_probabilities(p, x):
    p, x = _validate_bernoulli(p, x)
    with np.errstate(divide="ignore"):
        return np.log(np.prod(np.where(x[None, :] == 1, p[:, None], 1 - p[:, None]), axis=1))


def bernoulli_swapped_counts(p, x):
    p, x = _validate_bernoulli(p, x)
    k, n = x.sum(), x.size
    with np.errstate(divide="ignore"):
        ones = (n - k) * np.log(p) if n - k > 0 else np.zeros_like(p)
        zeros = k * np.log1p(-p) if k > 0 else np.zeros_like(p)
    return ones + zeros


def bernoulli_mean_not_sum(p, x):
    p, x = _validate_bernoulli(p, x)
    k, n = x.sum(), max(x.size, 1)
    with np.errstate(divide="ignore"):
        ones = k * np.log(p) if k > 0 else np.zeros_like(p)
        zeros = (x.size - k) * np.log1p(-p) if x.size - k > 0 else np.zeros_like(p)
    return (ones + zeros) / n


def bernoulli_no_validation(p, x):
    p, x = np.asarray(p, dtype=float), np.asarray(x)
    k, n = x.sum(), x.size
    with np.errstate(divide="ignore"):
        ones = k * np.log(p) if k > 0 else np.zeros_like(p)
        zeros = (n - k) * np.log1p(-p) if n - k > 0 else np.zeros_like(p)
    return ones + zeros


# -- gaussian_mle ---------------------------------------------------------------------------------


def _validate_gaussian(x, unbiased):
    x = np.asarray(x, dtype=float)
    if x.size == 0 or (unbiased and x.size < 2):
        raise ValueError
    return x


def gaussian_always_biased(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    return float(np.mean(x)), float(np.mean((x - np.mean(x)) ** 2))


def gaussian_always_unbiased(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    n = x.size
    return float(np.mean(x)), float(np.sum((x - np.mean(x)) ** 2) / max(n - 1, 1))


def gaussian_one_pass(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    n = x.size
    variance = (np.mean(x * x) - np.mean(x) ** 2) * n / (n - 1 if unbiased else n)
    return float(np.mean(x)), float(variance)


def gaussian_uses_np_var(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    return float(np.mean(x)), float(np.var(x, ddof=int(unbiased)))


def gaussian_uses_var_method(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    return float(x.mean()), float(x.var(ddof=int(unbiased)))


def gaussian_standard_deviation(x, unbiased=False):
    x = _validate_gaussian(x, unbiased)
    n = x.size
    return float(np.mean(x)), float(np.sqrt(np.sum((x - np.mean(x)) ** 2) / (n - 1 if unbiased else n)))


# -- beta_map_rate --------------------------------------------------------------------------------


def _validate_beta(clicks, views, a, b):
    clicks, views = np.asarray(clicks, dtype=float), np.asarray(views, dtype=float)
    if a < 1 or b < 1 or np.any(clicks < 0) or np.any(clicks > views) or np.any(views + a + b - 2 == 0):
        raise ValueError
    return clicks, views


def beta_posterior_mean(clicks, views, a, b):
    clicks, views = _validate_beta(clicks, views, a, b)
    return (clicks + a) / (views + a + b)


def beta_swapped_pseudo_counts(clicks, views, a, b):
    clicks, views = _validate_beta(clicks, views, a, b)
    return (clicks + b - 1) / (views + a + b - 2)


def beta_no_minus_two(clicks, views, a, b):
    clicks, views = _validate_beta(clicks, views, a, b)
    return (clicks + a - 1) / (views + a + b - 1)


def beta_mle_with_nan_for_no_views(clicks, views, a, b):
    clicks, views = np.asarray(clicks, dtype=float), np.asarray(views, dtype=float)
    if np.any(clicks > views) or np.any(clicks < 0) or a < 1 or b < 1:
        raise ValueError
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(a == b == 1, clicks / views, (clicks + a - 1) / (views + a + b - 2))


def beta_no_validation(clicks, views, a, b):
    clicks, views = np.asarray(clicks, dtype=float), np.asarray(views, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (clicks + a - 1) / (views + a + b - 2)


# -- logsumexp ------------------------------------------------------------------------------------


def logsumexp_naive(z, axis=-1):
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=axis))


def logsumexp_nan_for_minus_inf(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_ignores_axis(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.squeeze(m, axis=-1) + np.log(np.sum(np.exp(z - m), axis=-1))


def logsumexp_global_max(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z)
    m = m if np.isfinite(m) else 0.0
    with np.errstate(divide="ignore"):
        return m + np.log(np.sum(np.exp(z - m), axis=axis))


def logsumexp_reduce(z, axis=-1):
    return np.logaddexp.reduce(np.asarray(z, dtype=float), axis=axis)


# -- softmax --------------------------------------------------------------------------------------


def softmax_naive(z, axis=-1):
    z = np.asarray(z)
    z = z.astype(np.float32 if z.dtype == np.float32 else np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)


def softmax_always_float64(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_wrong_axis(z, axis=-1):
    z = np.asarray(z)
    z = z.astype(np.float32 if z.dtype == np.float32 else np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_global_shift(z, axis=-1):
    z = np.asarray(z)
    z = z.astype(np.float32 if z.dtype == np.float32 else np.float64)
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_without_keepdims(z, axis=-1):
    z = np.asarray(z)
    z = z.astype(np.float32 if z.dtype == np.float32 else np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e)  # normalises by the total of the whole array


# -- cross_entropy_from_logits --------------------------------------------------------------------


def _lse_rows(logits):
    m = np.max(logits, axis=1, keepdims=True)
    return m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))


def _validate_ce(logits, labels):
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    n, k = logits.shape
    if n == 0 or labels.shape != (n,) or np.any(labels < 0) or np.any(labels >= k):
        raise ValueError
    return logits, labels, n


def _softmax_rows(logits):
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def ce_sum_not_mean(logits, labels):
    logits, labels, n = _validate_ce(logits, labels)
    rows = np.arange(n)
    grad = _softmax_rows(logits)
    grad[rows, labels] -= 1
    return float(np.sum(_lse_rows(logits) - logits[rows, labels])), grad


def ce_gradient_sign_flipped(logits, labels):
    logits, labels, n = _validate_ce(logits, labels)
    rows = np.arange(n)
    grad = _softmax_rows(logits)
    grad[rows, labels] -= 1
    return float(np.mean(_lse_rows(logits) - logits[rows, labels])), -grad / n


def ce_log_of_softmax(logits, labels):
    logits, labels, n = _validate_ce(logits, labels)
    rows = np.arange(n)
    probs = _softmax_rows(logits)
    with np.errstate(divide="ignore"):
        loss = float(-np.mean(np.log(probs[rows, labels])))
    grad = probs.copy()
    grad[rows, labels] -= 1
    return loss, grad / n


def ce_negative_labels_allowed(logits, labels):
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    n, k = logits.shape
    if n == 0 or labels.shape != (n,) or np.any(labels >= k):
        raise ValueError
    rows = np.arange(n)
    grad = _softmax_rows(logits)
    grad[rows, labels] -= 1
    return float(np.mean(_lse_rows(logits) - logits[rows, labels])), grad / n


def ce_gradient_missing_one_hot(logits, labels):
    logits, labels, n = _validate_ce(logits, labels)
    rows = np.arange(n)
    return float(np.mean(_lse_rows(logits) - logits[rows, labels])), _softmax_rows(logits) / n


# -- binary_cross_entropy_with_logits -------------------------------------------------------------


def _validate_bce(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or np.any((y < 0) | (y > 1)):
        raise ValueError
    return z, y


def bce_through_sigmoid(z, y):
    z, y = _validate_bce(z, y)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-z))
        return -(y * np.log(s) + (1 - y) * np.log(1 - s))


def bce_log_not_log1p(z, y):
    z, y = _validate_bce(z, y)
    return np.maximum(z, 0.0) - y * z + np.log(1 + np.exp(-np.abs(z)))


def bce_sign_of_label_flipped(z, y):
    z, y = _validate_bce(z, y)
    return np.maximum(z, 0.0) + y * z + np.log1p(np.exp(-np.abs(z)))


def bce_with_logaddexp(z, y):
    z, y = _validate_bce(z, y)
    return np.logaddexp(0.0, z) - y * z


def bce_no_validation(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))


# -- poisson_mle_ascent ---------------------------------------------------------------------------


def _validate_poisson(counts):
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0 or np.any(counts < 0) or np.all(counts == 0):
        raise ValueError
    return counts


def poisson_descent(counts, lr, steps, theta0=0.0):
    counts = _validate_poisson(counts)
    thetas = [theta0]
    for _ in range(steps):
        thetas.append(thetas[-1] - lr * (np.mean(counts) - np.exp(thetas[-1])))
    return np.array(thetas)


def poisson_sum_not_mean(counts, lr, steps, theta0=0.0):
    counts = _validate_poisson(counts)
    thetas = [theta0]
    for _ in range(steps):
        thetas.append(thetas[-1] + lr * np.sum(counts - np.exp(thetas[-1])))
    return np.array(thetas)


def poisson_gradient_in_rate(counts, lr, steps, theta0=0.0):
    counts = _validate_poisson(counts)
    thetas = [theta0]
    for _ in range(steps):
        rate = np.exp(thetas[-1])
        thetas.append(thetas[-1] + lr * (np.mean(counts) / rate - 1))  # d/d(rate), not d/d(theta)
    return np.array(thetas)


def poisson_drops_theta0(counts, lr, steps, theta0=0.0):
    counts = _validate_poisson(counts)
    theta, thetas = theta0, []
    for _ in range(steps + 1):
        theta = theta + lr * (np.mean(counts) - np.exp(theta))
        thetas.append(theta)
    return np.array(thetas)


def poisson_allows_all_zero(counts, lr, steps, theta0=0.0):
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0 or np.any(counts < 0):
        raise ValueError
    thetas = [theta0]
    for _ in range(steps):
        thetas.append(thetas[-1] + lr * (np.mean(counts) - np.exp(thetas[-1])))
    return np.array(thetas)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_bernoulli_log_likelihood, bernoulli_nan_at_the_edges),
    (check_bernoulli_log_likelihood, bernoulli_product_of_probabilities),
    (check_bernoulli_log_likelihood, bernoulli_swapped_counts),
    (check_bernoulli_log_likelihood, bernoulli_mean_not_sum),
    (check_bernoulli_log_likelihood, bernoulli_no_validation),
    (check_gaussian_mle, gaussian_always_biased),
    (check_gaussian_mle, gaussian_always_unbiased),
    (check_gaussian_mle, gaussian_one_pass),
    (check_gaussian_mle, gaussian_uses_np_var),
    (check_gaussian_mle, gaussian_uses_var_method),
    (check_gaussian_mle, gaussian_standard_deviation),
    (check_beta_map_rate, beta_posterior_mean),
    (check_beta_map_rate, beta_swapped_pseudo_counts),
    (check_beta_map_rate, beta_no_minus_two),
    (check_beta_map_rate, beta_mle_with_nan_for_no_views),
    (check_beta_map_rate, beta_no_validation),
    (check_logsumexp, logsumexp_naive),
    (check_logsumexp, logsumexp_nan_for_minus_inf),
    (check_logsumexp, logsumexp_ignores_axis),
    (check_logsumexp, logsumexp_global_max),
    (check_logsumexp, logsumexp_reduce),
    (check_softmax, softmax_naive),
    (check_softmax, softmax_always_float64),
    (check_softmax, softmax_wrong_axis),
    (check_softmax, softmax_global_shift),
    (check_softmax, softmax_without_keepdims),
    (check_cross_entropy_from_logits, ce_sum_not_mean),
    (check_cross_entropy_from_logits, ce_gradient_sign_flipped),
    (check_cross_entropy_from_logits, ce_log_of_softmax),
    (check_cross_entropy_from_logits, ce_negative_labels_allowed),
    (check_cross_entropy_from_logits, ce_gradient_missing_one_hot),
    (check_binary_cross_entropy_with_logits, bce_through_sigmoid),
    (check_binary_cross_entropy_with_logits, bce_log_not_log1p),
    (check_binary_cross_entropy_with_logits, bce_sign_of_label_flipped),
    (check_binary_cross_entropy_with_logits, bce_with_logaddexp),
    (check_binary_cross_entropy_with_logits, bce_no_validation),
    (check_poisson_mle_ascent, poisson_descent),
    (check_poisson_mle_ascent, poisson_sum_not_mean),
    (check_poisson_mle_ascent, poisson_gradient_in_rate),
    (check_poisson_mle_ascent, poisson_drops_theta0),
    (check_poisson_mle_ascent, poisson_allows_all_zero),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
