"""Checks for probability/06-statistics-and-ab-testing."""

import math
from statistics import NormalDist

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 3006

#: Library routines that would do the normal-distribution work for the learner.
NORMAL_SHORTCUTS = ["statistics.NormalDist", "scipy.stats.norm", "scipy.special.ndtri"]


def _z(q):
    """The standard normal quantile, from the standard library (exact to float precision)."""
    return NormalDist().inv_cdf(q)


# -- reference answers (written independently of the solutions) ---------------


def _interval(successes, n, confidence, method):
    z = _z(0.5 + confidence / 2)
    p = successes / n
    if method == "wald":
        centre, half = p, z * math.sqrt(p * (1 - p) / n)
    else:
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return min(max(centre - half, 0.0), 1.0), min(max(centre + half, 0.0), 1.0)


def _z_test(clicks_a, n_a, clicks_b, n_b):
    pooled = (clicks_a + clicks_b) / (n_a + n_b)
    if pooled in (0.0, 1.0):
        return 0.0, 1.0
    z = (clicks_b / n_b - clicks_a / n_a) / math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return z, math.erfc(abs(z) / math.sqrt(2))


def _sample_size(baseline, mde, alpha, power):
    """The exact (unrounded) per-arm sample size of the formula in the task."""
    treated = baseline + mde
    mean = (baseline + treated) / 2
    spread = _z(1 - alpha / 2) * math.sqrt(2 * mean * (1 - mean)) + _z(power) * math.sqrt(
        baseline * (1 - baseline) + treated * (1 - treated)
    )
    return spread**2 / mde**2


def _bootstrap(data, statistic, seed, n_boot, confidence):
    data = np.asarray(data, dtype=float)
    rows = np.random.default_rng(seed).integers(0, len(data), size=(n_boot, len(data)))
    values = statistic(data[rows])
    return tuple(float(v) for v in np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2]))


def _peeking(n_days, users_per_day, baseline, n_experiments, seed, alpha):
    clicks = np.random.default_rng(seed).binomial(users_per_day, baseline, size=(n_experiments, n_days, 2))
    seen = np.cumsum(clicks, axis=1).astype(float)
    users = users_per_day * np.arange(1, n_days + 1, dtype=float)
    pooled = (seen[..., 0] + seen[..., 1]) / (2 * users)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (seen[..., 1] - seen[..., 0]) / users / np.sqrt(pooled * (1 - pooled) * 2 / users)
    significant = np.nan_to_num(np.abs(z), nan=0.0) > _z(1 - alpha / 2)
    return float(np.mean(significant.any(axis=1))), float(np.mean(significant[:, -1]))


def _holm(p_values, alpha):
    p_values = np.asarray(p_values, dtype=float)
    m = len(p_values)
    reject = np.zeros(m, dtype=bool)
    for rank, index in enumerate(np.argsort(p_values, kind="stable")):
        if p_values[index] > alpha / (m - rank):
            break
        reject[index] = True
    return reject


# -- the checks ---------------------------------------------------------------


def check_normal_quantile(normal_quantile):
    rng = np.random.default_rng(SEED)
    with Checker(normal_quantile, forbid=NORMAL_SHORTCUTS) as c:
        for p in [0.975, 0.025, 0.95, 0.8, 0.3]:
            c.close(c.call(f"p = {p}", p), _z(p))
        # Bisection cannot hit 0 exactly: a tolerance on the scale of the bracket's last width
        c.close(c.call("p = 0.5 (the median, 0)", 0.5), 0.0, atol=1e-9)
        c.close(c.call("far lower tail p = 1e-15 (1 + erf(x / sqrt(2)) has lost every digit there)", 1e-15), _z(1e-15))
        c.close(c.call("extreme lower tail p = 1e-100 (is your bracket wide enough?)", 1e-100), _z(1e-100))
        upper = 1 - 1e-12
        c.close(
            c.call(
                "far upper tail p = 1 - 1e-12 (Phi(x) near 1 keeps only a few digits of 1 - p: use the symmetry Phi(-x) = 1 - Phi(x))",
                upper,
            ),
            _z(upper),
        )
        c.close(c.call("p = 0.9 as a NumPy float", np.float64(0.9)), _z(0.9))
        for _ in range(8):
            p = float(rng.uniform(0.001, 0.999))
            got = c.call(f"seeded random p = {p:.6f}", p)
            c.close(got, _z(p))
            c.close(0.5 * math.erfc(-float(got) / math.sqrt(2)), p, what="Phi(your quantile), which should be p")
        for bad in [0.0, 1.0, -0.2, 1.5]:
            c.call_raises(f"p = {bad}, outside (0, 1): raise ValueError", ValueError, bad)


def check_proportion_interval(proportion_interval):
    rng = np.random.default_rng(SEED)
    with Checker(proportion_interval, forbid=NORMAL_SHORTCUTS) as c:

        def expect(case, successes, n, confidence, method):
            low, high = c.unpack(c.call(case, successes, n, confidence, method), ("low", "high"))
            want_low, want_high = _interval(successes, n, confidence, method)
            # Ends of an interval for a probability: rounding of order 1e-16 is not an error
            c.close(low, want_low, atol=1e-12, what="low")
            c.close(high, want_high, atol=1e-12, what="high")
            c.require(
                0 <= low <= high <= 1,
                f"An interval for a proportion lies inside [0, 1] with low <= high; got ({low!r}, {high!r}). Clip the ends to [0, 1].",
            )
            return low, high

        for method in ["wald", "wilson"]:
            expect(f"8 successes out of 20, 95%, method {method!r}", 8, 20, 0.95, method)
            expect(f"8 successes out of 20, 90% (not 1.96 then), method {method!r}", 8, 20, 0.90, method)
            expect(f"1 success out of 20, 95%, method {method!r} (the Wald low end is negative before clipping)", 1, 20, 0.95, method)
            expect(f"0 successes out of 20, method {method!r}", 0, 20, 0.95, method)
            expect(f"20 successes out of 20, method {method!r}", 20, 20, 0.95, method)
            expect(f"1 success out of 1, 99%, method {method!r}", 1, 1, 0.99, method)
            expect(f"123 successes out of 1,000,000, method {method!r}", 123, 1_000_000, 0.95, method)
            expect(f"integer inputs as NumPy ints (7 of 30), method {method!r}", np.int64(7), np.int64(30), 0.95, method)
        low, high = expect("0 successes out of 20, Wilson: not the useless (0, 0)", 0, 20, 0.95, "wilson")
        c.require(high > 0.1, "The Wilson interval for 0 of 20 should reach well above 0 (about 0.16).")
        n = 13
        for successes in range(n + 1):
            low, high = expect(f"Wilson, {successes} of {n}", successes, n, 0.95, "wilson")
            c.require(
                low - 1e-12 <= successes / n <= high + 1e-12,
                f"The Wilson interval should contain the observed proportion {successes / n:.4f}; got ({low}, {high}).",
            )
            mirror = c.call(f"Wilson, {n - successes} of {n} (the mirror image of {successes} of {n})", n - successes, n, 0.95, "wilson")
            c.close(mirror[0], 1 - high, atol=1e-12, what="low end of the mirror image, 1 - high")
        for trial in range(6):
            n = int(rng.integers(5, 5000))
            successes = int(rng.integers(0, n + 1))
            method = ["wald", "wilson"][trial % 2]
            expect(f"seeded random case {successes} of {n}, method {method!r}", successes, n, 0.95, method)
        c.call_raises("21 successes out of 20: raise ValueError", ValueError, 21, 20, 0.95, "wilson")
        c.call_raises("-1 successes out of 20: raise ValueError", ValueError, -1, 20, 0.95, "wald")
        c.call_raises("n = 0: raise ValueError", ValueError, 0, 0, 0.95, "wilson")
        c.call_raises("an unknown method 'exact': raise ValueError", ValueError, 3, 20, 0.95, "exact")


def check_two_proportion_z_test(two_proportion_z_test):
    rng = np.random.default_rng(SEED)
    with Checker(two_proportion_z_test, forbid=NORMAL_SHORTCUTS) as c:

        def expect(case, *args):
            z, p_value = c.unpack(c.call(case, *args), ("z", "p_value"))
            want_z, want_p = _z_test(*args)
            c.close(z, want_z, what="z")
            c.close(p_value, want_p, what="the two-sided p-value")

        expect("A: 1000 of 10000, B: 1080 of 10000", 1000, 10000, 1080, 10000)
        expect("B worse: A 1080 of 10000, B 1000 of 10000 (z is negative, the p-value the same)", 1080, 10000, 1000, 10000)
        expect("unequal arms: A 480 of 5000, B 1100 of 10000", 480, 5000, 1100, 10000)
        expect("equal rates: A 50 of 1000, B 100 of 2000 (z = 0, p-value 1)", 50, 1000, 100, 2000)
        expect("a huge effect: A 100 of 10000, B 300 of 10000 (p-value about 5e-24: 1 - Phi(z) rounds to 0)", 100, 10000, 300, 10000)
        expect("small arms: A 3 of 12, B 9 of 14", 3, 12, 9, 14)
        expect("NumPy integer inputs: A 30 of 400, B 45 of 400", np.int64(30), np.int64(400), np.int64(45), np.int64(400))
        expect("no clicks anywhere: A 0 of 100, B 0 of 50 (no evidence: z = 0, p-value 1)", 0, 100, 0, 50)
        expect("everyone clicked: A 100 of 100, B 50 of 50 (no evidence: z = 0, p-value 1)", 100, 100, 50, 50)
        for _ in range(6):
            n_a, n_b = (int(n) for n in rng.integers(50, 50_000, size=2))
            clicks_a, clicks_b = int(rng.binomial(n_a, 0.1)), int(rng.binomial(n_b, 0.11))
            expect(f"seeded random case A {clicks_a} of {n_a}, B {clicks_b} of {n_b}", clicks_a, n_a, clicks_b, n_b)
        c.call_raises("n_a = 0: raise ValueError", ValueError, 0, 0, 5, 10)
        c.call_raises("more clicks than users in B (11 of 10): raise ValueError", ValueError, 5, 10, 11, 10)


def check_sample_size_per_arm(sample_size_per_arm):
    rng = np.random.default_rng(SEED)
    with Checker(sample_size_per_arm, forbid=NORMAL_SHORTCUTS) as c:

        def expect(case, baseline, mde, alpha=0.05, power=0.8):
            exact = _sample_size(baseline, mde, alpha, power)
            got = c.call(case + f" (the formula gives {exact:.3f} before rounding up)", baseline, mde, alpha, power)
            c.equal(got, math.ceil(exact))

        expect("baseline 0.1, mde +0.01, alpha 0.05, power 0.8", 0.1, 0.01)
        expect("a drop: baseline 0.1, mde -0.01", 0.1, -0.01)
        expect("baseline 0.05, mde +0.005, alpha 0.01, power 0.9", 0.05, 0.005, 0.01, 0.9)
        expect("baseline 0.5, mde +0.1", 0.5, 0.1)
        expect("baseline 0.3, mde -0.05, power 0.95", 0.3, -0.05, 0.05, 0.95)
        expect("a rare event: baseline 0.002, mde +0.0005", 0.002, 0.0005)
        expect("Bonferroni over 20 metrics: alpha 0.05 / 20", 0.1, 0.01, 0.05 / 20)
        expect("a huge effect: baseline 0.2, mde +0.6 (a handful of users)", 0.2, 0.6)
        trials = 0
        while trials < 8:
            baseline = float(rng.uniform(0.01, 0.6))
            mde = float(rng.uniform(0.002, 0.05)) * float(rng.choice([-1, 1]))
            power = float(rng.uniform(0.6, 0.95))
            exact = _sample_size(baseline, mde, 0.05, power)
            if min(exact % 1, 1 - exact % 1) < 1e-6:
                continue  # too close to a whole number for rounding up to be well defined in floating point
            trials += 1
            expect(f"seeded random baseline {baseline:.4f}, mde {mde:+.4f}, power {power:.3f}", baseline, mde, 0.05, power)
        c.call_raises("mde = 0 (no effect needs infinitely many users): raise ValueError", ValueError, 0.1, 0.0)
        c.call_raises("baseline 0.95, mde +0.1 (a rate above 1): raise ValueError", ValueError, 0.95, 0.1)
        c.call_raises("baseline 0.0: raise ValueError", ValueError, 0.0, 0.01)
        c.call_raises("alpha = 1.5: raise ValueError", ValueError, 0.1, 0.01, 1.5, 0.8)
        c.call_raises("power = 0: raise ValueError", ValueError, 0.1, 0.01, 0.05, 0.0)


def _median(samples):
    return np.median(samples, axis=1)


def _mean(samples):
    return np.mean(samples, axis=1)


def _ratio(samples):
    """Clicks per view: column 0 holds each user's clicks, column 1 their views."""
    return samples[..., 0].sum(axis=1) / samples[..., 1].sum(axis=1)


def check_bootstrap_interval(bootstrap_interval):
    rng = np.random.default_rng(SEED)
    with Checker(bootstrap_interval, forbid=GLOBAL_RNG) as c:

        def expect(case, data, statistic, seed, n_boot, confidence):
            got = c.call(case + f", np.random.default_rng({seed})", data, statistic, np.random.default_rng(seed), n_boot, confidence)
            low, high = c.unpack(got, ("low", "high"))
            want_low, want_high = _bootstrap(data, statistic, seed, n_boot, confidence)
            c.close(low, want_low, what="low (draws made with rng.integers(0, n, size=(n_boot, n)), as the task says)")
            c.close(high, want_high, what="high")
            c.require(low <= high, f"low must not exceed high; got ({low}, {high}).")
            return low, high

        durations = rng.lognormal(3.0, 1.0, size=60)
        expect("the median of 60 skewed session lengths, 1000 resamples, 95%", durations, _median, 1, 1000, 0.95)
        expect("the same data, 90% (the 5th and 95th percentiles)", durations, _median, 1, 1000, 0.90)
        expect("the same data, the mean, 500 resamples", durations, _mean, 2, 500, 0.95)
        views = rng.integers(1, 20, size=80)
        clicks = rng.binomial(views, 0.1)
        users = np.stack([clicks, views], axis=1)
        expect(
            "a ratio metric: 80 users as rows (clicks, views) of an integer array of shape (80, 2), clicks per view",
            users,
            _ratio,
            3,
            800,
            0.95,
        )
        low, high = expect("constant data [4., 4., 4., 4., 4.] (every resample is the same)", np.full(5, 4.0), _median, 4, 200, 0.95)
        c.close(low, 4.0, what="low, for data that never varies")
        c.close(high, 4.0, what="high, for data that never varies")
        expect("one observation [7.]", np.array([7.0]), _median, 5, 100, 0.95)
        # Determinism: the same seed gives the same interval, and the draws come from the rng passed in
        first = c.call("seed 6 (first call)", durations, _median, np.random.default_rng(6), 300, 0.95)
        again = c.call("seed 6 again (the same seed must give the same interval)", durations, _median, np.random.default_rng(6), 300, 0.95)
        for end, (got_end, first_end) in zip(["low", "high"], zip(again, first)):
            c.close(got_end, first_end, rtol=0, atol=0, what=f"{end} from the same seed, twice")
        other = c.call("seed 7 (another seed should give another interval)", durations, _median, np.random.default_rng(7), 300, 0.95)
        c.require(
            tuple(other) != tuple(first),
            "Two different seeds gave exactly the same interval: is your function drawing from the rng it is given?",
        )
        # Coverage: over many data sets drawn from a population with mean 0, a 95% interval for the
        # mean covers 0 about 95% of the time (percentile intervals run a little short for small n).
        data_sets, n = 200, 40
        covered = 0
        for trial in range(data_sets):
            sample = rng.normal(size=n)
            low, high = c.call(
                f"coverage data set {trial + 1} of {data_sets} (40 seeded normal values, the mean)",
                sample,
                _mean,
                np.random.default_rng(100 + trial),
                400,
                0.95,
            )
            covered += low <= 0.0 <= high
        rate = covered / data_sets
        margin = 5 * math.sqrt(0.95 * 0.05 / data_sets)  # 5 standard errors of a coverage estimate
        c.require(
            0.95 - margin - 0.02 <= rate <= 0.95 + margin,
            f"Your 95% intervals covered the true mean in {rate:.1%} of {data_sets} data sets; expected about "
            f"95% (within {margin + 0.02:.1%}).",
        )


def check_peeking_false_positive_rate(peeking_false_positive_rate):
    with Checker(peeking_false_positive_rate, forbid=GLOBAL_RNG) as c:

        def expect(case, n_days, users_per_day, baseline, n_experiments, seed, alpha=0.05):
            got = c.call(
                case + f", np.random.default_rng({seed})",
                n_days,
                users_per_day,
                baseline,
                n_experiments,
                np.random.default_rng(seed),
                alpha,
            )
            peeking, fixed = c.unpack(got, ("peeking", "fixed"))
            want_peeking, want_fixed = _peeking(n_days, users_per_day, baseline, n_experiments, seed, alpha)
            draws = "draws made with one rng.binomial call of shape (n_experiments, n_days, 2), as the task says"
            c.close(peeking, want_peeking, what=f"the false-positive rate with daily peeking ({draws})")
            c.close(fixed, want_fixed, what="the false-positive rate at the last day only")
            return peeking, fixed

        peeking, fixed = expect("14 days, 500 users a day per arm, baseline 0.1, 4000 A/A experiments", 14, 500, 0.1, 4000, 1)
        margin = 5 * math.sqrt(0.05 * 0.95 / 4000)  # 5 standard errors of a rate estimated from 4000 experiments
        c.require(
            abs(fixed - 0.05) <= margin,
            f"Without peeking the false-positive rate should be close to alpha = 0.05 (within {margin:.3f}); got {fixed}.",
        )
        c.require(peeking > fixed + margin, f"Peeking every day should raise the false-positive rate well above {fixed}; got {peeking}.")
        peeking, fixed = expect("one day only (peeking changes nothing)", 1, 500, 0.1, 2000, 2)
        c.require(peeking == fixed, f"With a single look both rates are the same; got {peeking} and {fixed}.")
        expect("alpha = 0.01, 10 days, 300 users a day, baseline 0.2, 3000 experiments", 10, 300, 0.2, 3000, 3, 0.01)
        expect(
            "rare clicks: 5 days, 40 users a day, baseline 0.01 (some days have no clicks at all: not significant, and no NaN)",
            5,
            40,
            0.01,
            1000,
            4,
        )
        expect("30 days, 100 users a day, baseline 0.5, 500 experiments", 30, 100, 0.5, 500, 5)


def check_multiple_testing_decisions(multiple_testing_decisions):
    rng = np.random.default_rng(SEED)
    with Checker(multiple_testing_decisions, forbid=["statsmodels.stats.multitest.multipletests"]) as c:

        def expect(case, p_values, alpha, method):
            got = c.array(c.call(case, p_values, alpha, method), (len(p_values),))
            p = np.asarray(p_values, dtype=float)
            want = p <= alpha / max(len(p), 1) if method == "bonferroni" else _holm(p, alpha)
            c.equal(got, want)
            return got

        p = np.array([0.045, 0.001, 0.02, 0.012])
        expect("Bonferroni on p = [0.045, 0.001, 0.02, 0.012], alpha 0.05", p, 0.05, "bonferroni")
        expect("Holm on p = [0.045, 0.001, 0.02, 0.012] (Holm rejects all four; report them in the input order)", p, 0.05, "holm")
        expect(
            "Holm on p = [0.049, 0.03, 0.001, 0.04] (the second smallest fails, so Holm stops there)",
            np.array([0.049, 0.03, 0.001, 0.04]),
            0.05,
            "holm",
        )
        expect("Holm with ties, p = [0.2, 0.01, 0.01]", np.array([0.2, 0.01, 0.01]), 0.05, "holm")
        for method in ["bonferroni", "holm"]:
            expect(
                f"{method}: p exactly alpha / m = 0.0125 counts as significant (p <= threshold)",
                np.array([0.5, 0.0125, 0.5, 0.5]),
                0.05,
                method,
            )
            expect(f"{method}: a single p-value 0.03", np.array([0.03]), 0.05, method)
            expect(f"{method}: no p-values at all", np.array([]), 0.05, method)
            expect(f"{method}: a Python list [0.001, 0.3], alpha 0.01", [0.001, 0.3], 0.01, method)
        for _ in range(10):
            m = int(rng.integers(2, 30))
            p = rng.uniform(size=m) ** 4
            holm = expect(f"Holm on {m} seeded random p-values", p, 0.05, "holm")
            bonferroni = expect(f"Bonferroni on the same {m} p-values", p, 0.05, "bonferroni")
            c.require(np.all(holm[bonferroni]), "Holm must reject every hypothesis Bonferroni rejects.")
        c.call_raises("an unknown method 'fdr': raise ValueError", ValueError, np.array([0.01]), 0.05, "fdr")


def check_ab_readout(ab_readout):
    rng = np.random.default_rng(SEED)
    with Checker(ab_readout, forbid=NORMAL_SHORTCUTS) as c:

        def expect(case, clicks_a, n_a, clicks_b, n_b, alpha=0.05):
            got = c.call(case, clicks_a, n_a, clicks_b, n_b, alpha)
            if not isinstance(got, dict):
                c.fail(f"Expected a dict with keys 'difference', 'ci', 'p_value', 'significant'; got {type(got).__name__}: {got!r}"[:300])
            keys = {"difference", "ci", "p_value", "significant"}
            c.require(set(got) == keys, f"Expected exactly the keys {sorted(keys)}; got {sorted(got)}.")
            rate_a, rate_b = clicks_a / n_a, clicks_b / n_b
            difference = rate_b - rate_a
            half = _z(1 - alpha / 2) * math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
            _, p_value = _z_test(clicks_a, n_a, clicks_b, n_b)
            c.close(got["difference"], difference, atol=1e-12, what="'difference' (rate B - rate A)")
            low, high = c.unpack(got["ci"], ("low", "high"))
            c.close(low, difference - half, atol=1e-12, what="'ci' low end (unpooled standard error)")
            c.close(high, difference + half, atol=1e-12, what="'ci' high end")
            c.close(got["p_value"], p_value, what="'p_value' (the pooled two-proportion z-test)")
            c.equal(got["significant"], bool(p_value < alpha), what="'significant' (p_value < alpha)")

        expect("A 1000 of 10000, B 1100 of 10000 (significant)", 1000, 10000, 1100, 10000)
        expect("A 1000 of 10000, B 1050 of 10000 (not significant)", 1000, 10000, 1050, 10000)
        expect("B worse: A 1100 of 10000, B 1000 of 10000", 1100, 10000, 1000, 10000)
        expect("A 1000 of 10000, B 1085 of 10000, alpha 0.05 (p-value about 0.049)", 1000, 10000, 1085, 10000)
        expect("the same data, alpha 0.01 (now not significant)", 1000, 10000, 1085, 10000, 0.01)
        expect("unequal arms: A 200 of 4000, B 560 of 8000", 200, 4000, 560, 8000)
        expect("no clicks anywhere: A 0 of 500, B 0 of 500", 0, 500, 0, 500)
        expect(
            "A 50 of 1000, B 18 of 200: the p-value (pooled) says significant although the interval (unpooled) reaches below 0",
            50,
            1000,
            18,
            200,
        )
        expect("A 50 of 1000, B 4 of 200: the interval stays below 0 although the p-value is about 0.06", 50, 1000, 4, 200)
        for _ in range(5):
            n_a, n_b = (int(n) for n in rng.integers(500, 40_000, size=2))
            clicks_a, clicks_b = int(rng.binomial(n_a, 0.08)), int(rng.binomial(n_b, 0.085))
            expect(f"seeded random case A {clicks_a} of {n_a}, B {clicks_b} of {n_b}", clicks_a, n_a, clicks_b, n_b)
