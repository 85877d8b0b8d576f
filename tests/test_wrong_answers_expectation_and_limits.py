"""Learner-like wrong answers to the probability/03-expectation-and-limits exercises: every check must reject each of them."""

import math

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.expectation_and_limits import (
    check_correlation_matrix,
    check_covariance_matrix,
    check_discrete_moments,
    check_expected_distinct,
    check_monte_carlo,
    check_sample_variance,
    check_standardised_sums,
    check_streaming_moments,
)


def _validate(values, probs):
    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    if values.size == 0 or values.shape != probs.shape or np.any(probs < 0) or abs(probs.sum() - 1) > 1e-9:
        raise ValueError("not a distribution")
    return values, probs


# -- exercise 1: discrete_moments --------------------------------------------------


def moments_naive_variance(values, probs):
    values, probs = _validate(values, probs)
    mean = np.sum(probs * values)
    return float(mean), float(np.sum(probs * values**2) - mean**2)  # cancels for values near 1e8


def moments_ignore_probabilities(values, probs):
    values, probs = _validate(values, probs)
    return float(np.mean(values)), float(np.mean((values - values.mean()) ** 2))


def moments_no_sign_check(values, probs):
    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    if values.size == 0 or values.shape != probs.shape or abs(probs.sum() - 1) > 1e-9:
        raise ValueError("not a distribution")
    mean = np.sum(probs * values)
    return float(mean), float(np.sum(probs * (values - mean) ** 2))


def moments_with_np_average(values, probs):
    values, probs = _validate(values, probs)
    mean = np.average(values, weights=probs)
    return float(mean), float(np.average((values - mean) ** 2, weights=probs))


def moments_standard_deviation(values, probs):
    values, probs = _validate(values, probs)
    mean = np.sum(probs * values)
    return float(mean), float(np.sqrt(np.sum(probs * (values - mean) ** 2)))


# -- exercise 2: sample_variance ---------------------------------------------------


def variance_ignores_ddof(x, ddof=1):
    x = np.asarray(x, dtype=float)
    if x.size - ddof <= 0:
        raise ValueError("too few values")
    return float(np.sum((x - x.mean()) ** 2) / x.size)


def variance_with_np_var(x, ddof=1):
    x = np.asarray(x, dtype=float)
    if x.size - ddof <= 0:
        raise ValueError("too few values")
    return float(np.var(x, ddof=ddof))


def variance_naive_formula(x, ddof=1):
    x = np.asarray(x, dtype=float)
    if x.size - ddof <= 0:
        raise ValueError("too few values")
    return float((np.sum(x**2) - np.sum(x) ** 2 / x.size) / (x.size - ddof))


def variance_plus_ddof(x, ddof=1):
    x = np.asarray(x, dtype=float)
    if x.size - ddof <= 0:
        raise ValueError("too few values")
    return float(np.sum((x - x.mean()) ** 2) / (x.size + ddof - 1 if ddof else x.size))


def variance_no_raise(x, ddof=1):
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return 0.0
    with np.errstate(all="ignore"):
        return float(np.sum((x - x.mean()) ** 2) / max(x.size - ddof, 1))


# -- exercise 3: streaming_moments -------------------------------------------------


def streaming_sum_of_squares(chunks):
    count, total, squares = 0, 0.0, 0.0
    for chunk in chunks:
        chunk = np.asarray(chunk, dtype=float)
        count, total, squares = count + chunk.size, total + chunk.sum(), squares + np.sum(chunk**2)
    if count < 2:
        raise ValueError("too few values")
    return count, total / count, (squares - total**2 / count) / (count - 1)


def streaming_concatenate(chunks):
    data = np.concatenate([np.asarray(chunk, dtype=float) for chunk in chunks] + [np.array([])])
    if data.size < 2:
        raise ValueError("too few values")
    mean = data.mean()
    return int(data.size), float(mean), float(np.sum((data - mean) ** 2) / (data.size - 1))


def streaming_keeps_references(chunks):
    kept = []
    for chunk in chunks:
        kept.extend(chunk[i : i + 1] for i in range(len(chunk)))  # views of the reader's buffer
    data = np.array([float(v[0]) for v in kept])
    if data.size < 2:
        raise ValueError("too few values")
    mean = data.mean()
    return int(data.size), float(mean), float(np.sum((data - mean) ** 2) / (data.size - 1))


def streaming_forgets_between_chunks(chunks):
    count, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        chunk = np.asarray(chunk, dtype=float)
        if chunk.size == 0:
            continue
        nb, mb = chunk.size, chunk.mean()
        total = count + nb
        mean, m2, count = mean + (mb - mean) * nb / total, m2 + np.sum((chunk - mb) ** 2), total  # no delta^2 term
    if count < 2:
        raise ValueError("too few values")
    return count, float(mean), float(m2 / (count - 1))


def streaming_ddof0(chunks):
    count, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        for x in np.asarray(chunk, dtype=float):
            count += 1
            delta = x - mean
            mean += delta / count
            m2 += delta * (x - mean)
    if count < 2:
        raise ValueError("too few values")
    return count, float(mean), float(m2 / count)


def streaming_old_mean(chunks):
    count, mean, m2 = 0, 0.0, 0.0
    for chunk in chunks:
        for x in np.asarray(chunk, dtype=float):
            count += 1
            delta = x - mean
            m2 += delta * delta  # with the old mean: the update needs (x - new mean)
            mean += delta / count
    if count < 2:
        raise ValueError("too few values")
    return count, float(mean), float(m2 / (count - 1))


# -- exercise 4: covariance_matrix -------------------------------------------------


def _checked(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError("bad shape")
    return X


def covariance_transposed(X):
    X = _checked(X)
    centred = X - X.mean(axis=0)
    return centred @ centred.T / (X.shape[0] - 1)


def covariance_ddof0(X):
    X = _checked(X)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / X.shape[0]


def covariance_wrong_axis_mean(X):
    X = _checked(X)
    centred = X - X.mean(axis=1, keepdims=True)
    return centred.T @ centred / (X.shape[0] - 1)


def covariance_not_centred(X):
    X = _checked(X)
    n = X.shape[0]
    mean = X.mean(axis=0)
    return (X.T @ X - n * np.outer(mean, mean)) / (n - 1)  # E[XY] - E[X]E[Y]: cancels near 1e9


def covariance_with_np_cov(X):
    return np.cov(_checked(X), rowvar=False)


# -- exercise 5: correlation_matrix ------------------------------------------------


def correlation_with_epsilon(X):
    X = _checked(X)
    centred = X - X.mean(axis=0)
    lengths = np.sqrt(np.sum(centred**2, axis=0))
    if np.any(lengths == 0):
        raise ValueError("constant column")
    unit = centred / (lengths + 1e-12)
    return np.clip(unit.T @ unit, -1, 1)


def correlation_not_centred(X):
    X = _checked(X)
    lengths = np.sqrt(np.sum(X**2, axis=0))
    if np.any(np.ptp(X, axis=0) == 0):
        raise ValueError("constant column")
    unit = X / lengths
    return np.clip(unit.T @ unit, -1, 1)


def correlation_nan_for_constant(X):
    X = _checked(X)
    centred = X - X.mean(axis=0)
    with np.errstate(all="ignore"):
        unit = centred / np.sqrt(np.sum(centred**2, axis=0))
    return np.clip(unit.T @ unit, -1, 1)


def correlation_divides_by_variances(X):
    X = _checked(X)
    centred = X - X.mean(axis=0)
    cov = centred.T @ centred / (X.shape[0] - 1)
    var = np.diag(cov)
    if np.any(var == 0):
        raise ValueError("constant column")
    return np.clip(cov / np.outer(var, var), -1, 1)


def correlation_with_np_corrcoef(X):
    return np.corrcoef(_checked(X), rowvar=False)


# -- exercise 6: monte_carlo -------------------------------------------------------


def monte_carlo_ddof0(g, sampler, n, rng):
    if n < 2:
        raise ValueError("n < 2")
    y = np.asarray(g(sampler(rng, n)), dtype=float)
    estimate, se = y.mean(), y.std() / np.sqrt(n)
    return float(estimate), float(se), float(estimate - 1.96 * se), float(estimate + 1.96 * se)


def monte_carlo_divides_by_n(g, sampler, n, rng):
    if n < 2:
        raise ValueError("n < 2")
    y = np.asarray(g(sampler(rng, n)), dtype=float)
    estimate, se = y.mean(), np.sqrt(np.sum((y - y.mean()) ** 2) / (n - 1)) / n
    return float(estimate), float(se), float(estimate - 1.96 * se), float(estimate + 1.96 * se)


def monte_carlo_own_generator(g, sampler, n, rng):
    if n < 2:
        raise ValueError("n < 2")
    y = np.asarray(g(sampler(np.random.default_rng(), n)), dtype=float)
    estimate, se = y.mean(), np.sqrt(np.sum((y - y.mean()) ** 2) / (n - 1) / n)
    return float(estimate), float(se), float(estimate - 1.96 * se), float(estimate + 1.96 * se)


def monte_carlo_band_of_one_se(g, sampler, n, rng):
    if n < 2:
        raise ValueError("n < 2")
    y = np.asarray(g(sampler(rng, n)), dtype=float)
    estimate, se = y.mean(), np.sqrt(np.sum((y - y.mean()) ** 2) / (n - 1) / n)
    return float(estimate), float(se), float(estimate - se), float(estimate + se)


def monte_carlo_draws_twice(g, sampler, n, rng):
    if n < 2:
        raise ValueError("n < 2")
    estimate = float(np.mean(g(sampler(rng, n))))
    y = np.asarray(g(sampler(rng, n)), dtype=float)  # a second, different sample for the error
    se = float(np.sqrt(np.sum((y - y.mean()) ** 2) / (n - 1) / n))
    return estimate, se, estimate - 1.96 * se, estimate + 1.96 * se


# -- exercise 7: standardised_sums -------------------------------------------------


def _draws(sampler, std, n, repetitions, rng):
    if std <= 0 or n < 1 or repetitions < 1:
        raise ValueError("bad arguments")
    return np.asarray(sampler(rng, (repetitions, n)), dtype=float)


def sums_divided_by_n(sampler, mean, std, n, repetitions, rng):
    sums = _draws(sampler, std, n, repetitions, rng).sum(axis=1)
    return (sums - n * mean) / (std * n)


def sums_wrong_axis(sampler, mean, std, n, repetitions, rng):
    sums = _draws(sampler, std, n, repetitions, rng).sum(axis=0)
    return (sums - n * mean) / (std * math.sqrt(n))


def sums_sample_standardised(sampler, mean, std, n, repetitions, rng):
    sums = _draws(sampler, std, n, repetitions, rng).sum(axis=1)
    spread = sums.std() if sums.size > 1 and sums.std() > 0 else std * math.sqrt(n)
    return (sums - sums.mean()) / spread


def sums_subtract_mean_once(sampler, mean, std, n, repetitions, rng):
    sums = _draws(sampler, std, n, repetitions, rng).sum(axis=1)
    return (sums - mean) / (std * math.sqrt(n))


def sums_global_generator(sampler, mean, std, n, repetitions, rng):
    np.random.seed(0)  # noqa: NPY002 (the mistake this wrong answer makes)
    sums = _draws(sampler, std, n, repetitions, np.random.default_rng(0)).sum(axis=1)
    return (sums - n * mean) / (std * math.sqrt(n))


# -- exercise 8: expected_distinct -------------------------------------------------


def distinct_naive_power(m, k):
    if m < 1 or k < 0:
        raise ValueError("bad arguments")
    return float(m * (1 - (1 - 1 / m) ** k))  # 1 - 1/m rounds for huge m


def distinct_off_by_one(m, k):
    if m < 1 or k < 0:
        raise ValueError("bad arguments")
    return float(-m * np.expm1((k - 1) * np.log1p(-1.0 / m))) if m > 1 else float(min(k, 1))


def distinct_probability_of_one_item(m, k):
    if m < 1 or k < 0:
        raise ValueError("bad arguments")
    return float(-np.expm1(k * np.log1p(-1.0 / m))) if m > 1 else float(min(k, 1))  # forgot the factor m


def distinct_min_of_k_and_m(m, k):
    if m < 1 or k < 0:
        raise ValueError("bad arguments")
    return float(min(m, k))


def distinct_no_raise(m, k):
    if k == 0:
        return 0.0
    if m <= 1:
        return float(m)
    return float(-m * np.expm1(k * np.log1p(-1.0 / m)))


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_discrete_moments, moments_naive_variance),
    (check_discrete_moments, moments_ignore_probabilities),
    (check_discrete_moments, moments_no_sign_check),
    (check_discrete_moments, moments_with_np_average),
    (check_discrete_moments, moments_standard_deviation),
    (check_sample_variance, variance_ignores_ddof),
    (check_sample_variance, variance_with_np_var),
    (check_sample_variance, variance_naive_formula),
    (check_sample_variance, variance_plus_ddof),
    (check_sample_variance, variance_no_raise),
    (check_streaming_moments, streaming_sum_of_squares),
    (check_streaming_moments, streaming_concatenate),
    (check_streaming_moments, streaming_keeps_references),
    (check_streaming_moments, streaming_forgets_between_chunks),
    (check_streaming_moments, streaming_ddof0),
    (check_streaming_moments, streaming_old_mean),
    (check_covariance_matrix, covariance_transposed),
    (check_covariance_matrix, covariance_ddof0),
    (check_covariance_matrix, covariance_wrong_axis_mean),
    (check_covariance_matrix, covariance_not_centred),
    (check_covariance_matrix, covariance_with_np_cov),
    (check_correlation_matrix, correlation_with_epsilon),
    (check_correlation_matrix, correlation_not_centred),
    (check_correlation_matrix, correlation_nan_for_constant),
    (check_correlation_matrix, correlation_divides_by_variances),
    (check_correlation_matrix, correlation_with_np_corrcoef),
    (check_monte_carlo, monte_carlo_ddof0),
    (check_monte_carlo, monte_carlo_divides_by_n),
    (check_monte_carlo, monte_carlo_own_generator),
    (check_monte_carlo, monte_carlo_band_of_one_se),
    (check_monte_carlo, monte_carlo_draws_twice),
    (check_standardised_sums, sums_divided_by_n),
    (check_standardised_sums, sums_wrong_axis),
    (check_standardised_sums, sums_sample_standardised),
    (check_standardised_sums, sums_subtract_mean_once),
    (check_standardised_sums, sums_global_generator),
    (check_expected_distinct, distinct_naive_power),
    (check_expected_distinct, distinct_off_by_one),
    (check_expected_distinct, distinct_probability_of_one_item),
    (check_expected_distinct, distinct_min_of_k_and_m),
    (check_expected_distinct, distinct_no_raise),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
