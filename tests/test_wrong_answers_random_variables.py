"""Learner-like wrong answers to the probability/02-random-variables exercises: every check must reject each of them."""

import math

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.random_variables import (
    check_binomial_pmf,
    check_empirical_quantile,
    check_ks_distance,
    check_memoryless_gap,
    check_normal_cdf,
    check_poisson_pmf_cdf,
    check_sample_discrete,
    check_sample_exponential,
)


def _log_factorials(top):
    return np.array([math.lgamma(m + 1) for m in range(top + 1)])


# -- binomial_pmf ---------------------------------------------------------------------------------


def binomial_with_comb(n, theta):
    if n < 0 or not 0 <= theta <= 1:
        raise ValueError
    return np.array([math.comb(n, k) * theta**k * (1 - theta) ** (n - k) for k in range(n + 1)], dtype=float)


def binomial_exp_of_log_choose(n, theta):
    """Log space for the coefficient only: exp(log C(n, k)) overflows for n = 5000."""
    if n < 0 or not 0 <= theta <= 1:
        raise ValueError
    k = np.arange(n + 1)
    lf = _log_factorials(n)
    with np.errstate(all="ignore"):
        return np.exp(lf[n] - lf - lf[::-1]) * theta**k * (1 - theta) ** (n - k)


def binomial_swapped_theta(n, theta):
    if n < 0 or not 0 <= theta <= 1:
        raise ValueError
    k = np.arange(n + 1)
    lf = _log_factorials(n)
    with np.errstate(all="ignore"):
        return np.exp(lf[n] - lf - lf[::-1] + k * np.log1p(-theta) + (n - k) * np.log(theta))


def binomial_nan_at_the_ends(n, theta):
    if n < 0 or not 0 <= theta <= 1:
        raise ValueError
    k = np.arange(n + 1)
    lf = _log_factorials(n)
    with np.errstate(all="ignore"):
        return np.exp(lf[n] - lf - lf[::-1] + k * np.log(theta) + (n - k) * np.log1p(-theta))


def binomial_k_up_to_n_minus_1(n, theta):
    if n < 0 or not 0 <= theta <= 1:
        raise ValueError
    full = binomial_nan_at_the_ends(n, theta)
    return full[:-1]


def binomial_no_validation(n, theta):
    n = int(n)
    if theta in (0.0, 1.0):
        pmf = np.zeros(n + 1)
        pmf[0 if theta == 0 else n] = 1.0
        return pmf
    k = np.arange(n + 1)
    lf = _log_factorials(n)
    return np.exp(lf[n] - lf - lf[::-1] + k * np.log(theta) + (n - k) * np.log1p(-theta))


# -- poisson_pmf_cdf ------------------------------------------------------------------------------


def _poisson_all(top, lam):
    j = np.arange(top + 1)
    if lam == 0:
        return (j == 0).astype(float)
    return np.exp(j * math.log(lam) - lam - _log_factorials(top))


def poisson_naive(k, lam):
    k = np.asarray(k, dtype=int)
    if lam < 0 or np.any(k < 0):
        raise ValueError
    top = int(k.max()) if k.size else 0
    with np.errstate(all="ignore"):
        pmf_all = np.array([np.exp(-lam) * np.float64(lam) ** j / math.gamma(j + 1) if j < 171 else 0.0 for j in range(top + 1)])
    return pmf_all[k], np.cumsum(pmf_all)[k]


def poisson_cdf_off_by_one(k, lam):
    k = np.asarray(k, dtype=int)
    if lam < 0 or np.any(k < 0):
        raise ValueError
    pmf_all = _poisson_all(int(k.max()) if k.size else 0, lam)
    below = np.concatenate([[0.0], np.cumsum(pmf_all)[:-1]])  # P(X < k) instead of P(X <= k)
    return pmf_all[k], below[k]


def poisson_cdf_over_the_given_counts(k, lam):
    k = np.asarray(k, dtype=int)
    if lam < 0 or np.any(k < 0):
        raise ValueError
    pmf = _poisson_all(int(k.max()) if k.size else 0, lam)[k]
    return pmf, np.cumsum(pmf)  # sums only the requested counts, in the order given


def poisson_nan_at_zero_rate(k, lam):
    k = np.asarray(k, dtype=int)
    if lam < 0 or np.any(k < 0):
        raise ValueError
    top = int(k.max()) if k.size else 0
    j = np.arange(top + 1)
    with np.errstate(all="ignore"):
        pmf_all = np.exp(j * np.log(lam) - lam - _log_factorials(top))
    return pmf_all[k], np.cumsum(pmf_all)[k]


def poisson_fails_on_empty(k, lam):
    k = np.asarray(k, dtype=int)
    if lam < 0 or np.any(k < 0):
        raise ValueError
    pmf_all = _poisson_all(int(k.max()), lam)
    return pmf_all[k], np.minimum(np.cumsum(pmf_all), 1.0)[k]


# -- normal_cdf -----------------------------------------------------------------------------------


def normal_cdf_with_erf(x, mu, sigma):
    if sigma <= 0:
        raise ValueError
    z = (np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2))
    return np.array([0.5 * (1 + math.erf(value)) for value in z], dtype=float)


def normal_cdf_without_sqrt2(x, mu, sigma):
    if sigma <= 0:
        raise ValueError
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.array([0.5 * math.erfc(-value) for value in z], dtype=float)


def normal_cdf_with_variance(x, mu, sigma):
    if sigma <= 0:
        raise ValueError
    z = (np.asarray(x, dtype=float) - mu) / (sigma**2 * math.sqrt(2))
    return np.array([0.5 * math.erfc(-value) for value in z], dtype=float)


def normal_cdf_dropped_sign(x, mu, sigma):
    if sigma <= 0:
        raise ValueError
    z = (np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2))
    return np.array([0.5 * math.erfc(value) for value in z], dtype=float)  # 1 - F(x)


def normal_cdf_no_validation(x, mu, sigma):
    with np.errstate(all="ignore"):
        z = (np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2))
    return np.array([0.5 * math.erfc(-value) for value in z], dtype=float)


# -- empirical_quantile ---------------------------------------------------------------------------


def quantile_with_percentile(x, q):
    return np.percentile(x, 100 * np.asarray(q))


def quantile_nearest_rank(x, q):
    x = np.sort(np.asarray(x, dtype=float))
    q = np.asarray(q, dtype=float)
    if x.size == 0 or np.any((q < 0) | (q > 1)):
        raise ValueError
    return x[np.minimum(np.ceil(q * x.size).astype(int), x.size - 1)]


def quantile_position_n_times_q(x, q):
    x = np.sort(np.asarray(x, dtype=float))
    q = np.asarray(q, dtype=float)
    if x.size == 0 or np.any((q < 0) | (q > 1)):
        raise ValueError
    h = np.minimum(x.size * q, x.size - 1)
    lo = np.floor(h).astype(int)
    hi = np.minimum(lo + 1, x.size - 1)
    return x[lo] + (h - lo) * (x[hi] - x[lo])


def quantile_sorts_in_place(x, q):
    x.sort()
    q = np.asarray(q, dtype=float)
    if x.size == 0 or np.any((q < 0) | (q > 1)):
        raise ValueError
    h = (x.size - 1) * q
    lo = np.floor(h).astype(int)
    hi = np.minimum(lo + 1, x.size - 1)
    return x[lo] + (h - lo) * (x[hi] - x[lo])


def quantile_no_clip_at_the_top(x, q):
    x = np.sort(np.asarray(x, dtype=float))
    q = np.asarray(q, dtype=float)
    if x.size == 0 or np.any((q < 0) | (q > 1)):
        raise ValueError
    h = (x.size - 1) * q
    lo = np.floor(h).astype(int)
    return x[lo] + (h - lo) * (x[lo + 1] - x[lo])


def quantile_unsorted(x, q):
    x = np.asarray(x, dtype=float)
    q = np.asarray(q, dtype=float)
    if x.size == 0 or np.any((q < 0) | (q > 1)):
        raise ValueError
    h = (x.size - 1) * q
    lo = np.floor(h).astype(int)
    hi = np.minimum(lo + 1, x.size - 1)
    return x[lo] + (h - lo) * (x[hi] - x[lo])


# -- sample_exponential ---------------------------------------------------------------------------


def exponential_from_u(rate, n, rng):
    if rate <= 0:
        raise ValueError
    return -np.log(rng.random(n)) / rate


def exponential_times_rate(rate, n, rng):
    if rate <= 0:
        raise ValueError
    return -np.log1p(-rng.random(n)) * rate


def exponential_with_the_method(rate, n, rng):
    if rate <= 0:
        raise ValueError
    return rng.exponential(1 / rate, size=n)


def exponential_with_a_fresh_generator(rate, n, rng):
    if rate <= 0:
        raise ValueError
    return -np.log1p(-np.random.default_rng(0).random(n)) / rate


def exponential_no_validation(rate, n, rng):
    with np.errstate(all="ignore"):
        return -np.log1p(-rng.random(n)) / rate


# -- sample_discrete ------------------------------------------------------------------------------


def _validated(pmf):
    pmf = np.asarray(pmf, dtype=float)
    if pmf.size == 0 or np.any(pmf < 0) or abs(pmf.sum() - 1) > 1e-9:
        raise ValueError
    return pmf


def discrete_side_left(pmf, n, rng):
    pmf = _validated(pmf)
    return np.minimum(np.searchsorted(np.cumsum(pmf), rng.random(n), side="left"), pmf.size - 1)


def discrete_no_guard_for_the_last_value(pmf, n, rng):
    pmf = _validated(pmf)
    return np.searchsorted(np.cumsum(pmf), rng.random(n), side="right")


def discrete_with_choice(pmf, n, rng):
    pmf = _validated(pmf)
    return rng.choice(pmf.size, size=n, p=pmf)


def discrete_returns_floats(pmf, n, rng):
    pmf = _validated(pmf)
    return np.minimum(np.searchsorted(np.cumsum(pmf), rng.random(n), side="right"), pmf.size - 1).astype(float)


def discrete_no_validation(pmf, n, rng):
    pmf = np.asarray(pmf, dtype=float)
    return np.minimum(np.searchsorted(np.cumsum(pmf), rng.random(n), side="right"), max(pmf.size - 1, 0))


def discrete_with_a_loop_and_strict_inequality(pmf, n, rng):
    pmf = _validated(pmf)
    cdf = np.cumsum(pmf)
    out = []
    for u in rng.random(n):
        k = 0
        while k < pmf.size - 1 and u > cdf[k]:  # > instead of >=: u == F(k) stays at k
            k += 1
        out.append(k)
    return np.array(out, dtype=np.int64)


# -- ks_distance ----------------------------------------------------------------------------------


def ks_only_after_the_jumps(sample, cdf):
    x = np.sort(np.asarray(sample, dtype=float))
    if x.size == 0:
        raise ValueError
    i = np.arange(1, x.size + 1)
    return float(np.max(np.abs(i / x.size - cdf(x))))


def ks_unsorted(sample, cdf):
    x = np.asarray(sample, dtype=float)
    if x.size == 0:
        raise ValueError
    n, F, i = x.size, cdf(x), np.arange(1, x.size + 1)
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


def ks_on_a_grid(sample, cdf):
    x = np.sort(np.asarray(sample, dtype=float))
    if x.size == 0:
        raise ValueError
    grid = np.linspace(x.min() - 1, x.max() + 1, 1000)
    ecdf = np.searchsorted(x, grid, side="right") / x.size
    return float(np.max(np.abs(ecdf - cdf(grid))))


def ks_off_by_one(sample, cdf):
    x = np.sort(np.asarray(sample, dtype=float))
    if x.size == 0:
        raise ValueError
    n, F, i = x.size, cdf(x), np.arange(x.size)  # i from 0: both staircases one step low
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


# -- memoryless_gap -------------------------------------------------------------------------------


def gap_with_greater_or_equal(sample, s, t):
    sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
    above_s = (sample[None, :] >= s[:, None]).sum(axis=1)
    if np.any(above_s == 0):
        raise ValueError
    return (sample[None, :] >= s[:, None] + t).sum(axis=1) / above_s - np.mean(sample >= t)


def gap_joint_not_conditional(sample, s, t):
    sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
    above_s = (sample[None, :] > s[:, None]).sum(axis=1)
    if np.any(above_s == 0):
        raise ValueError
    return (sample[None, :] > s[:, None] + t).mean(axis=1) - np.mean(sample > t)


def gap_swapped_s_and_t(sample, s, t):
    sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
    above_t = np.sum(sample > t)
    if above_t == 0 or np.any((sample[None, :] > s[:, None]).sum(axis=1) == 0):
        raise ValueError
    return (sample[None, :] > s[:, None] + t).sum(axis=1) / above_t - (sample[None, :] > s[:, None]).mean(axis=1)


def gap_without_the_raise(sample, s, t):
    sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
    above_s = (sample[None, :] > s[:, None]).sum(axis=1)
    with np.errstate(all="ignore"):
        return (sample[None, :] > s[:, None] + t).sum(axis=1) / above_s - np.mean(sample > t)


def gap_wrong_axis(sample, s, t):
    sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
    above_s = (sample[:, None] > s[None, :]).sum(axis=1)  # counts per sample value, not per s_j
    if np.any(above_s == 0) or s.size == 0:
        raise ValueError
    return (sample[:, None] > s[None, :] + t).sum(axis=1) / above_s - np.mean(sample > t)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_binomial_pmf, binomial_with_comb),
    (check_binomial_pmf, binomial_exp_of_log_choose),
    (check_binomial_pmf, binomial_swapped_theta),
    (check_binomial_pmf, binomial_nan_at_the_ends),
    (check_binomial_pmf, binomial_k_up_to_n_minus_1),
    (check_binomial_pmf, binomial_no_validation),
    (check_poisson_pmf_cdf, poisson_naive),
    (check_poisson_pmf_cdf, poisson_cdf_off_by_one),
    (check_poisson_pmf_cdf, poisson_cdf_over_the_given_counts),
    (check_poisson_pmf_cdf, poisson_nan_at_zero_rate),
    (check_poisson_pmf_cdf, poisson_fails_on_empty),
    (check_normal_cdf, normal_cdf_with_erf),
    (check_normal_cdf, normal_cdf_without_sqrt2),
    (check_normal_cdf, normal_cdf_with_variance),
    (check_normal_cdf, normal_cdf_dropped_sign),
    (check_normal_cdf, normal_cdf_no_validation),
    (check_empirical_quantile, quantile_with_percentile),
    (check_empirical_quantile, quantile_nearest_rank),
    (check_empirical_quantile, quantile_position_n_times_q),
    (check_empirical_quantile, quantile_sorts_in_place),
    (check_empirical_quantile, quantile_no_clip_at_the_top),
    (check_empirical_quantile, quantile_unsorted),
    (check_sample_exponential, exponential_from_u),
    (check_sample_exponential, exponential_times_rate),
    (check_sample_exponential, exponential_with_the_method),
    (check_sample_exponential, exponential_with_a_fresh_generator),
    (check_sample_exponential, exponential_no_validation),
    (check_sample_discrete, discrete_side_left),
    (check_sample_discrete, discrete_no_guard_for_the_last_value),
    (check_sample_discrete, discrete_with_choice),
    (check_sample_discrete, discrete_returns_floats),
    (check_sample_discrete, discrete_no_validation),
    (check_sample_discrete, discrete_with_a_loop_and_strict_inequality),
    (check_ks_distance, ks_only_after_the_jumps),
    (check_ks_distance, ks_unsorted),
    (check_ks_distance, ks_on_a_grid),
    (check_ks_distance, ks_off_by_one),
    (check_memoryless_gap, gap_with_greater_or_equal),
    (check_memoryless_gap, gap_joint_not_conditional),
    (check_memoryless_gap, gap_swapped_s_and_t),
    (check_memoryless_gap, gap_without_the_raise),
    (check_memoryless_gap, gap_wrong_axis),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
