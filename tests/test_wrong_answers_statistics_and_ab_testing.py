"""Learner-like wrong answers to the probability/06-statistics-and-ab-testing exercises: every check must reject each of them."""

import math
from statistics import NormalDist

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.statistics_and_ab_testing import (
    check_ab_readout,
    check_bootstrap_interval,
    check_multiple_testing_decisions,
    check_normal_quantile,
    check_peeking_false_positive_rate,
    check_proportion_interval,
    check_sample_size_per_arm,
    check_two_proportion_z_test,
)

SQRT2 = math.sqrt(2.0)


def _bisect(cdf, p, low=-40.0, high=40.0, steps=200):
    for _ in range(steps):
        middle = 0.5 * (low + high)
        if cdf(middle) < p:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def _quantile(p):
    """A correct quantile (bisection, no library), for the wrong answers of later exercises to build on."""
    if p > 0.5:
        return -_quantile(1 - p)
    return _bisect(lambda x: 0.5 * math.erfc(-x / SQRT2), p, -40.0, 0.0)


# -- Exercise 1: normal_quantile ----------------------------------------------


def quantile_with_erf(p):
    """1 + erf(...) cancels in the lower tail."""
    if not 0 < p < 1:
        raise ValueError(p)
    return _bisect(lambda x: 0.5 * (1 + math.erf(x / SQRT2)), p)


def quantile_without_symmetry(p):
    """Accurate lower tail, but Phi near 1 keeps only a few digits of 1 - p."""
    if not 0 < p < 1:
        raise ValueError(p)
    return _bisect(lambda x: 0.5 * math.erfc(-x / SQRT2), p)


def quantile_narrow_bracket(p):
    """A bracket of [-10, 10] misses p = 1e-100."""
    if not 0 < p < 1:
        raise ValueError(p)
    if p > 0.5:
        return -quantile_narrow_bracket(1 - p)
    return _bisect(lambda x: 0.5 * math.erfc(-x / SQRT2), p, -10.0, 10.0)


def quantile_few_steps(p):
    """Stops bisecting after 20 halvings: about 1e-4 accuracy."""
    if not 0 < p < 1:
        raise ValueError(p)
    if p > 0.5:
        return -quantile_few_steps(1 - p)
    return _bisect(lambda x: 0.5 * math.erfc(-x / SQRT2), p, -40.0, 0.0, steps=20)


def quantile_no_validation(p):
    if p > 0.5:
        return -quantile_no_validation(1 - p)
    return _bisect(lambda x: 0.5 * math.erfc(-x / SQRT2), p, -40.0, 0.0)


def quantile_from_library(p):
    if not 0 < p < 1:
        raise ValueError(p)
    return NormalDist().inv_cdf(p)


# -- Exercise 2: proportion_interval -----------------------------------------


def _interval(successes, n, confidence, method, z=None, clip=True, wilson_centre=True):
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError("bad counts")
    if method not in ("wald", "wilson"):
        raise ValueError(method)
    z = _quantile(0.5 + confidence / 2) if z is None else z
    p = successes / n
    if method == "wald":
        centre, half = p, z * math.sqrt(p * (1 - p) / n)
    else:
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator if wilson_centre else p
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    if clip:
        return max(centre - half, 0.0), min(centre + half, 1.0)
    return centre - half, centre + half


def interval_hard_coded_196(successes, n, confidence=0.95, method="wilson"):
    return _interval(successes, n, confidence, method, z=1.96)


def interval_not_clipped(successes, n, confidence=0.95, method="wilson"):
    return _interval(successes, n, confidence, method, clip=False)


def interval_wilson_centred_on_p_hat(successes, n, confidence=0.95, method="wilson"):
    return _interval(successes, n, confidence, method, wilson_centre=False)


def interval_one_sided_quantile(successes, n, confidence=0.95, method="wilson"):
    return _interval(successes, n, confidence, method, z=_quantile(confidence))


def interval_accepts_bad_counts(successes, n, confidence=0.95, method="wilson"):
    z = _quantile(0.5 + confidence / 2)
    p = successes / n if n else 0.0
    half = z * math.sqrt(abs(p * (1 - p)) / max(n, 1))
    return max(p - half, 0.0), min(p + half, 1.0)


# -- Exercise 3: two_proportion_z_test ---------------------------------------


def _z_test(clicks_a, n_a, clicks_b, n_b, pooled=True, tail=None, sign=1):
    if n_a <= 0 or n_b <= 0 or not 0 <= clicks_a <= n_a or not 0 <= clicks_b <= n_b:
        raise ValueError("bad counts")
    rate_a, rate_b = clicks_a / n_a, clicks_b / n_b
    both = (clicks_a + clicks_b) / (n_a + n_b)
    if both in (0.0, 1.0):
        return 0.0, 1.0
    if pooled:
        se = math.sqrt(both * (1 - both) * (1 / n_a + 1 / n_b))
    else:
        se = math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    z = sign * (rate_b - rate_a) / se
    p_value = math.erfc(abs(z) / SQRT2) if tail is None else tail(z)
    return z, p_value


def z_test_unpooled(clicks_a, n_a, clicks_b, n_b):
    return _z_test(clicks_a, n_a, clicks_b, n_b, pooled=False)


def z_test_a_minus_b(clicks_a, n_a, clicks_b, n_b):
    return _z_test(clicks_a, n_a, clicks_b, n_b, sign=-1)


def z_test_one_sided(clicks_a, n_a, clicks_b, n_b):
    return _z_test(clicks_a, n_a, clicks_b, n_b, tail=lambda z: 0.5 * math.erfc(abs(z) / SQRT2))


def z_test_one_minus_cdf(clicks_a, n_a, clicks_b, n_b):
    """2 * (1 - Phi(|z|)): right in the middle, 0.0 for a huge effect."""
    return _z_test(clicks_a, n_a, clicks_b, n_b, tail=lambda z: 2 * (1 - 0.5 * (1 + math.erf(abs(z) / SQRT2))))


def z_test_crashes_without_clicks(clicks_a, n_a, clicks_b, n_b):
    both = (clicks_a + clicks_b) / (n_a + n_b)
    z = (clicks_b / n_b - clicks_a / n_a) / math.sqrt(both * (1 - both) * (1 / n_a + 1 / n_b))
    return z, math.erfc(abs(z) / SQRT2)


# -- Exercise 4: sample_size_per_arm -----------------------------------------


def _sample_size(baseline, mde, alpha=0.05, power=0.8, rounding=math.ceil, two_sided=True, simple=False, absolute=False):
    treated = baseline + (abs(mde) if absolute else mde)
    if mde == 0 or not 0 < baseline < 1 or not 0 < treated < 1 or not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("bad input")
    z_alpha = _quantile(1 - alpha / 2) if two_sided else _quantile(1 - alpha)
    z_power = _quantile(power)
    spread_alt = math.sqrt(baseline * (1 - baseline) + treated * (1 - treated))
    if simple:
        spread = (z_alpha + z_power) * spread_alt
    else:
        mean = (baseline + treated) / 2
        spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_power * spread_alt
    return int(rounding(spread**2 / mde**2))


def sample_size_rounded(baseline, mde, alpha=0.05, power=0.8):
    return _sample_size(baseline, mde, alpha, power, rounding=round)


def sample_size_truncated(baseline, mde, alpha=0.05, power=0.8):
    return _sample_size(baseline, mde, alpha, power, rounding=int)


def sample_size_both_arms(baseline, mde, alpha=0.05, power=0.8):
    """The total over both arms, not the size of one arm."""
    return 2 * _sample_size(baseline, mde, alpha, power)


def sample_size_one_sided(baseline, mde, alpha=0.05, power=0.8):
    return _sample_size(baseline, mde, alpha, power, two_sided=False)


def sample_size_simple_formula(baseline, mde, alpha=0.05, power=0.8):
    return _sample_size(baseline, mde, alpha, power, simple=True)


def sample_size_ignores_sign(baseline, mde, alpha=0.05, power=0.8):
    return _sample_size(baseline, mde, alpha, power, absolute=True)


def sample_size_returns_float(baseline, mde, alpha=0.05, power=0.8):
    return float(_sample_size(baseline, mde, alpha, power))


# -- Exercise 5: bootstrap_interval ------------------------------------------


def _bootstrap(data, statistic, rng, n_boot, confidence, draw=None, percentiles=None):
    data = np.asarray(data, dtype=float)
    n = len(data)
    rows = rng.integers(0, n, size=(n_boot, n)) if draw is None else draw(rng, n, n_boot)
    values = statistic(data[rows])
    tail = (1 - confidence) / 2 if percentiles is None else percentiles
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


def bootstrap_columns_independently(data, statistic, rng, n_boot=2000, confidence=0.95):
    """Resamples clicks and views separately, breaking up each user's row."""
    data = np.asarray(data, dtype=float)
    n = len(data)
    if data.ndim == 1:
        samples = data[rng.integers(0, n, size=(n_boot, n))]
    else:
        rows = rng.integers(0, n, size=(n_boot, n, data.shape[1]))
        samples = np.take_along_axis(np.broadcast_to(data, (n_boot, *data.shape)), rows, axis=1)
    values = statistic(samples)
    return tuple(float(v) for v in np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2]))


def bootstrap_without_replacement(data, statistic, rng, n_boot=2000, confidence=0.95):
    return _bootstrap(data, statistic, rng, n_boot, confidence, draw=lambda r, n, b: np.stack([r.permutation(n) for _ in range(b)]))


def bootstrap_fixed_percentiles(data, statistic, rng, n_boot=2000, confidence=0.95):
    return _bootstrap(data, statistic, rng, n_boot, confidence, percentiles=0.025)


def bootstrap_transposed_draw(data, statistic, rng, n_boot=2000, confidence=0.95):
    return _bootstrap(data, statistic, rng, n_boot, confidence, draw=lambda r, n, b: r.integers(0, n, size=(n, b)).T)


def bootstrap_global_rng(data, statistic, rng, n_boot=2000, confidence=0.95):
    data = np.asarray(data, dtype=float)
    rows = np.random.randint(0, len(data), size=(n_boot, len(data)))  # noqa: NPY002
    values = statistic(data[rows])
    return tuple(float(v) for v in np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2]))


def bootstrap_normal_interval(data, statistic, rng, n_boot=2000, confidence=0.95):
    """statistic +- z * bootstrap standard error: not the percentile interval the task asks for."""
    data = np.asarray(data, dtype=float)
    values = statistic(data[rng.integers(0, len(data), size=(n_boot, len(data)))])
    centre, spread = float(statistic(data[None])[0]), float(np.std(values))
    z = _quantile(0.5 + confidence / 2)
    return centre - z * spread, centre + z * spread


# -- Exercise 6: peeking_false_positive_rate ---------------------------------


def _peeking(n_days, users_per_day, baseline, n_experiments, rng, alpha, cumulative=True, shape=None, critical=None):
    size = (n_experiments, n_days, 2) if shape is None else shape(n_experiments, n_days)
    clicks = rng.binomial(users_per_day, baseline, size=size)
    if shape is not None:
        clicks = np.moveaxis(clicks, 0, 1)
    seen = np.cumsum(clicks, axis=1) if cumulative else clicks
    users = users_per_day * (np.arange(1, n_days + 1) if cumulative else np.ones(n_days))
    pooled = seen.sum(axis=2) / (2 * users)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (seen[..., 1] - seen[..., 0]) / users / np.sqrt(pooled * (1 - pooled) * 2 / users)
    crit = _quantile(1 - alpha / 2) if critical is None else critical(alpha)
    significant = np.nan_to_num(np.abs(z)) > crit
    return float(significant.any(axis=1).mean()), float(significant[:, -1].mean())


def peeking_daily_not_cumulative(n_days, users_per_day, baseline, n_experiments, rng, alpha=0.05):
    return _peeking(n_days, users_per_day, baseline, n_experiments, rng, alpha, cumulative=False)


def peeking_days_first(n_days, users_per_day, baseline, n_experiments, rng, alpha=0.05):
    return _peeking(n_days, users_per_day, baseline, n_experiments, rng, alpha, shape=lambda e, d: (d, e, 2))


def peeking_one_sided(n_days, users_per_day, baseline, n_experiments, rng, alpha=0.05):
    return _peeking(n_days, users_per_day, baseline, n_experiments, rng, alpha, critical=lambda a: _quantile(1 - a))


def peeking_returns_swapped(n_days, users_per_day, baseline, n_experiments, rng, alpha=0.05):
    peeking, fixed = _peeking(n_days, users_per_day, baseline, n_experiments, rng, alpha)
    return fixed, peeking


def peeking_global_rng(n_days, users_per_day, baseline, n_experiments, rng, alpha=0.05):
    np.random.seed(0)  # noqa: NPY002
    return _peeking(n_days, users_per_day, baseline, n_experiments, np.random.default_rng(0), alpha)


# -- Exercise 7: multiple_testing_decisions ----------------------------------


def _decisions(p_values, alpha, method, sort_back=True, stop=True, strict=False):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if method not in ("bonferroni", "holm"):
        raise ValueError(method)
    if m == 0:
        return np.zeros(0, dtype=bool)
    below = (lambda a, b: a < b) if strict else (lambda a, b: a <= b)
    if method == "bonferroni":
        return below(p, alpha / m)
    order = np.argsort(p, kind="stable")
    passes = below(p[order], alpha / (m - np.arange(m)))
    if stop:
        passes = np.cumprod(passes).astype(bool)
    if not sort_back:
        return passes
    reject = np.zeros(m, dtype=bool)
    reject[order] = passes
    return reject


def holm_in_sorted_order(p_values, alpha=0.05, method="holm"):
    return _decisions(p_values, alpha, method, sort_back=False)


def holm_does_not_stop(p_values, alpha=0.05, method="holm"):
    return _decisions(p_values, alpha, method, stop=False)


def decisions_strict_inequality(p_values, alpha=0.05, method="holm"):
    return _decisions(p_values, alpha, method, strict=True)


def holm_is_bonferroni(p_values, alpha=0.05, method="holm"):
    return _decisions(p_values, alpha, "bonferroni" if method in ("holm", "bonferroni") else method)


def decisions_as_list(p_values, alpha=0.05, method="holm"):
    return _decisions(p_values, alpha, method).tolist()


# -- Exercise 8: ab_readout --------------------------------------------------


def _readout(clicks_a, n_a, clicks_b, n_b, alpha, pooled_ci=False, sign=1, z=None, keys=None):
    _, p_value = _z_test(clicks_a, n_a, clicks_b, n_b)
    rate_a, rate_b = clicks_a / n_a, clicks_b / n_b
    difference = sign * (rate_b - rate_a)
    z = _quantile(1 - alpha / 2) if z is None else z
    if pooled_ci:
        both = (clicks_a + clicks_b) / (n_a + n_b)
        half = z * math.sqrt(both * (1 - both) * (1 / n_a + 1 / n_b))
    else:
        half = z * math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    result = {
        "difference": difference,
        "ci": (difference - half, difference + half),
        "p_value": p_value,
        "significant": bool(p_value < alpha),
    }
    if keys:
        result = {keys.get(k, k): v for k, v in result.items()}
    return result


def readout_pooled_ci(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    return _readout(clicks_a, n_a, clicks_b, n_b, alpha, pooled_ci=True)


def readout_a_minus_b(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    return _readout(clicks_a, n_a, clicks_b, n_b, alpha, sign=-1)


def readout_ci_ignores_alpha(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    return _readout(clicks_a, n_a, clicks_b, n_b, alpha, z=_quantile(0.975))


def readout_significant_from_ci(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    result = _readout(clicks_a, n_a, clicks_b, n_b, alpha)
    low, high = result["ci"]
    result["significant"] = bool(low > 0 or high < 0)
    return result


def readout_other_key(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    return _readout(clicks_a, n_a, clicks_b, n_b, alpha, keys={"p_value": "p"})


def readout_tuple(clicks_a, n_a, clicks_b, n_b, alpha=0.05):
    return tuple(_readout(clicks_a, n_a, clicks_b, n_b, alpha).values())


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_normal_quantile, quantile_with_erf),
    (check_normal_quantile, quantile_without_symmetry),
    (check_normal_quantile, quantile_narrow_bracket),
    (check_normal_quantile, quantile_few_steps),
    (check_normal_quantile, quantile_no_validation),
    (check_normal_quantile, quantile_from_library),
    (check_proportion_interval, interval_hard_coded_196),
    (check_proportion_interval, interval_not_clipped),
    (check_proportion_interval, interval_wilson_centred_on_p_hat),
    (check_proportion_interval, interval_one_sided_quantile),
    (check_proportion_interval, interval_accepts_bad_counts),
    (check_two_proportion_z_test, z_test_unpooled),
    (check_two_proportion_z_test, z_test_a_minus_b),
    (check_two_proportion_z_test, z_test_one_sided),
    (check_two_proportion_z_test, z_test_one_minus_cdf),
    (check_two_proportion_z_test, z_test_crashes_without_clicks),
    (check_sample_size_per_arm, sample_size_rounded),
    (check_sample_size_per_arm, sample_size_truncated),
    (check_sample_size_per_arm, sample_size_both_arms),
    (check_sample_size_per_arm, sample_size_one_sided),
    (check_sample_size_per_arm, sample_size_simple_formula),
    (check_sample_size_per_arm, sample_size_ignores_sign),
    (check_sample_size_per_arm, sample_size_returns_float),
    (check_bootstrap_interval, bootstrap_columns_independently),
    (check_bootstrap_interval, bootstrap_without_replacement),
    (check_bootstrap_interval, bootstrap_fixed_percentiles),
    (check_bootstrap_interval, bootstrap_transposed_draw),
    (check_bootstrap_interval, bootstrap_global_rng),
    (check_bootstrap_interval, bootstrap_normal_interval),
    (check_peeking_false_positive_rate, peeking_daily_not_cumulative),
    (check_peeking_false_positive_rate, peeking_days_first),
    (check_peeking_false_positive_rate, peeking_one_sided),
    (check_peeking_false_positive_rate, peeking_returns_swapped),
    (check_peeking_false_positive_rate, peeking_global_rng),
    (check_multiple_testing_decisions, holm_in_sorted_order),
    (check_multiple_testing_decisions, holm_does_not_stop),
    (check_multiple_testing_decisions, decisions_strict_inequality),
    (check_multiple_testing_decisions, holm_is_bonferroni),
    (check_multiple_testing_decisions, decisions_as_list),
    (check_ab_readout, readout_pooled_ci),
    (check_ab_readout, readout_a_minus_b),
    (check_ab_readout, readout_ci_ignores_alpha),
    (check_ab_readout, readout_significant_from_ci),
    (check_ab_readout, readout_other_key),
    (check_ab_readout, readout_tuple),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
