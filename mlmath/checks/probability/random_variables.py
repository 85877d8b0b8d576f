"""Checks for probability/02-random-variables."""

import math

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 3002


class _FixedUniforms:
    """A stand-in for a np.random.Generator whose `random(size)` returns chosen numbers in [0, 1).

    It lets a check put u exactly on a boundary of the cumulative sum, which a real generator
    almost never does.
    """

    def __init__(self, values):
        self.values = np.array(values, dtype=float)

    def random(self, size=None):
        count = int(np.prod(size)) if size is not None else 1
        if count != self.values.size:
            raise ValueError(f"this test generator holds {self.values.size} numbers; rng.random was asked for {size!r}")
        return self.values.copy() if size is not None else float(self.values[0])

    def __eq__(self, other):
        return isinstance(other, _FixedUniforms) and np.array_equal(self.values, other.values)

    def __repr__(self):
        return f"a generator whose rng.random(n) returns {np.array2string(self.values, separator=', ')}"


# -- reference answers, written independently of the solutions -------------------------------------


def _binomial_reference(n, theta):
    if theta in (0.0, 1.0):
        pmf = np.zeros(n + 1)
        pmf[0 if theta == 0.0 else n] = 1.0
        return pmf
    return np.array(
        [
            math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(theta) + (n - k) * math.log1p(-theta))
            for k in range(n + 1)
        ]
    )


def _poisson_reference(k, lam):
    top = int(max(k)) if len(k) else 0
    if lam == 0.0:
        pmf_all = np.zeros(top + 1)
        pmf_all[0] = 1.0
    else:
        pmf_all = np.array([math.exp(j * math.log(lam) - lam - math.lgamma(j + 1)) for j in range(top + 1)])
    cdf_all = np.array([math.fsum(pmf_all[: j + 1]) for j in range(top + 1)])
    k = np.asarray(k, dtype=int)
    return pmf_all[k], np.minimum(cdf_all[k], 1.0)


def _normal_cdf_reference(x, mu, sigma):
    return np.array([0.5 * math.erfc(-(value - mu) / (sigma * math.sqrt(2.0))) for value in np.asarray(x, dtype=float)])


def _ks_reference(sample, cdf):
    x = np.sort(np.asarray(sample, dtype=float))
    n = x.size
    F = cdf(x)
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


def _uniform_cdf(x):
    """The CDF of the uniform distribution on [0, 1]."""
    return np.clip(np.asarray(x, dtype=float), 0.0, 1.0)


def _standard_normal_cdf(x):
    return _normal_cdf_reference(x, 0.0, 1.0)


# -- the checks -------------------------------------------------------------------------------------


def check_binomial_pmf(binomial_pmf):
    with Checker(binomial_pmf, forbid=["math.comb", "math.factorial"]) as c:

        def expect(case, n, theta, rtol=1e-9):
            got = c.array(c.call(case, n, theta), (int(n) + 1,))
            c.close(got, _binomial_reference(int(n), theta), rtol=rtol)
            return got

        expect("n = 0 (one outcome, k = 0), theta = 0.3", 0, 0.3)
        expect("n = 1 (a Bernoulli variable), theta = 0.3", 1, 0.3)
        c.close(c.call("n = 4, theta = 0.5", 4, 0.5), np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16)
        c.close(
            c.call("n = 5, theta = 0.2 (not symmetric: theta and 1 - theta swapped would show)", 5, 0.2),
            np.array([0.32768, 0.4096, 0.2048, 0.0512, 0.0064, 0.00032]),
        )
        expect("n = 3, theta = 0.0 (every trial fails: log(theta) is -inf and 0 * -inf is NaN)", 3, 0.0)
        expect("n = 3, theta = 1.0 (every trial succeeds)", 3, 1.0)
        expect("n given as a NumPy integer, np.int64(10), theta = 0.75", np.int64(10), 0.75)
        for n, theta in [(1000, 0.3), (5000, 0.01), (2000, 0.5)]:
            got = expect(f"n = {n}, theta = {theta} (the binomial coefficient alone is beyond float64)", n, theta)
            k = np.arange(n + 1)
            c.close(got.sum(), 1.0, rtol=1e-9, what="the sum of the probabilities")
            c.close(got @ k, n * theta, rtol=1e-9, what="the mean sum_k k p(k), which should be n theta")
            c.close(
                got @ (k - n * theta) ** 2,
                n * theta * (1 - theta),
                rtol=1e-8,
                what="the variance sum_k (k - n theta)^2 p(k), which should be n theta (1 - theta)",
            )
        c.call_raises("theta = 1.5 (not a probability)", ValueError, 4, 1.5)
        c.call_raises("theta = -0.1 (not a probability)", ValueError, 4, -0.1)
        c.call_raises("n = -1 (not a number of trials)", ValueError, -1, 0.5)


def check_poisson_pmf_cdf(poisson_pmf_cdf):
    with Checker(poisson_pmf_cdf, forbid=["math.factorial"]) as c:

        def expect(case, k, lam):
            k = np.array(k, dtype=int)
            pmf, cdf = c.unpack(c.call(case, k, lam), ("pmf", "cdf"))
            c.array(pmf, k.shape, what="pmf")
            c.array(cdf, k.shape, what="cdf")
            want_pmf, want_cdf = _poisson_reference(k, lam)
            c.close(pmf, want_pmf, rtol=1e-9, what="pmf")
            c.close(cdf, want_cdf, rtol=1e-9, what="cdf")
            return pmf, cdf

        pmf, cdf = expect("k = [0, 1, 2, 3], lam = 2", [0, 1, 2, 3], 2.0)
        c.close(pmf, np.exp(-2.0) * np.array([1.0, 2.0, 2.0, 4.0 / 3.0]), what="pmf against e^-2 2^k / k!")
        expect("k = [5, 0, 5, 2] (unsorted, repeated), lam = 3.5", [5, 0, 5, 2], 3.5)
        expect("a single k = [7], lam = 0.4", [7], 0.4)
        expect("lam = 0 (no arrivals at all), k = [0, 1, 4]", [0, 1, 4], 0.0)
        expect("an empty k", [], 2.0)
        expect("lam = 1000 requests a second, k = [900, 1000, 1100] (e^-1000 underflows to 0)", [900, 1000, 1100], 1000.0)
        pmf, cdf = expect("every k from 0 to 60, lam = 7.5", np.arange(61), 7.5)
        c.close(pmf.sum(), 1.0, rtol=1e-12, what="the sum of the pmf over k = 0..60 (the rest is below 1e-25)")
        c.close(pmf @ np.arange(61), 7.5, rtol=1e-12, what="the mean sum_k k p(k), which should be lam")
        c.close(np.diff(cdf), pmf[1:], rtol=1e-9, atol=1e-15, what="cdf(k) - cdf(k - 1), which should be pmf(k)")
        c.call_raises("lam = -1 (a rate cannot be negative)", ValueError, np.array([0, 1]), -1.0)
        c.call_raises("k = [2, -1] (a count cannot be negative)", ValueError, np.array([2, -1]), 1.0)


def check_normal_cdf(normal_cdf):
    rng = np.random.default_rng(SEED)
    with Checker(normal_cdf) as c:

        def expect(case, x, mu, sigma):
            x = np.asarray(x)
            got = c.array(c.call(case, x, mu, sigma), x.shape)
            # atol=0: every entry must be right relative to its own size, far-left-tail entries included
            c.close(got, _normal_cdf_reference(x, mu, sigma), rtol=1e-9, atol=0)
            return got

        expect("x = [0.], the standard normal (mu = 0, sigma = 1)", np.array([0.0]), 0.0, 1.0)
        c.close(
            c.call("x = [-1., 0., 1., 2.], the standard normal", np.array([-1.0, 0.0, 1.0, 2.0]), 0.0, 1.0),
            np.array([0.15865525393145707, 0.5, 0.8413447460685429, 0.9772498680518208]),
            rtol=1e-12,
        )
        expect("x = [100., 115., 70.], mu = 100, sigma = 15", np.array([100.0, 115.0, 70.0]), 100.0, 15.0)
        expect("integer input x = [0, 1, 2], mu = 1, sigma = 2", np.array([0, 1, 2]), 1.0, 2.0)
        expect("an empty x", np.array([]), 0.0, 1.0)
        expect(
            "a narrow normal far from 0: x = [1e6 - 0.002, 1e6, 1e6 + 0.001], mu = 1e6, sigma = 1e-3",
            np.array([1e6 - 0.002, 1e6, 1e6 + 0.001]),
            1e6,
            1e-3,
        )
        expect(
            "the far left tail, x = [-5., -10., -20.] (true values 2.9e-7, 7.6e-24, 2.8e-89): 1 + erf(z) cancels there",
            np.array([-5.0, -10.0, -20.0]),
            0.0,
            1.0,
        )
        expect("the far right tail, x = [5., 10., 40.], mu = 0, sigma = 1", np.array([5.0, 10.0, 40.0]), 0.0, 1.0)
        for trial in range(3):
            mu, sigma = rng.normal(0, 10), rng.uniform(0.1, 5)
            x = mu + sigma * rng.normal(0, 2, size=20)
            expect(f"random set {trial + 1}: 20 seeded points, mu = {mu:.3f}, sigma = {sigma:.3f}", x, mu, sigma)
        grid = np.linspace(-8.0, 12.0, 201)
        got = c.call("a sorted grid from -8 to 12, mu = 2, sigma = 1.5", grid, 2.0, 1.5)
        c.require(np.all(np.diff(got) >= 0), "A CDF never decreases, but your values go down somewhere on a sorted grid.")
        mirrored = c.call("the same grid mirrored around mu = 2", 4.0 - grid, 2.0, 1.5)
        c.close(got + mirrored, np.ones_like(grid), atol=1e-14, what="F(mu + d) + F(mu - d), which should be 1 (the normal is symmetric)")
        c.call_raises("sigma = 0", ValueError, np.array([0.0]), 0.0, 0.0)
        c.call_raises("sigma = -1 (a standard deviation is positive)", ValueError, np.array([0.0]), 0.0, -1.0)


def check_empirical_quantile(empirical_quantile):
    rng = np.random.default_rng(SEED)
    with Checker(
        empirical_quantile, forbid=["np.quantile", "np.percentile", "np.nanquantile", "np.nanpercentile", "np.median", "np.nanmedian"]
    ) as c:

        def expect(case, x, q):
            x, q = np.asarray(x), np.asarray(q, dtype=float)
            got = c.array(c.call(case, x, q), q.shape)
            c.close(got, np.quantile(x, q), rtol=1e-12)

        c.close(
            c.call("x = [1., 2., 3., 4.], q = [0., 0.5, 1.]", np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 0.5, 1.0])),
            np.array([1.0, 2.5, 4.0]),
        )
        expect("unsorted x with negatives, x = [3., -1., 7., 0., 2.], q = [0.1, 0.25, 0.99]", [3.0, -1.0, 7.0, 0.0, 2.0], [0.1, 0.25, 0.99])
        expect("one element, x = [5.], q = [0., 0.3, 1.]", [5.0], [0.0, 0.3, 1.0])
        expect("integer input x = [10, 0, 20], q = [0.25, 0.75]", np.array([10, 0, 20]), [0.25, 0.75])
        expect("ties, x = [2., 2., 2., 9.], q = [0.5, 0.7, 0.9]", [2.0, 2.0, 2.0, 9.0], [0.5, 0.7, 0.9])
        expect("q = [1.] on 7 values (the top index)", rng.normal(size=7), [1.0])
        expect("an empty q", [1.0, 2.0], [])
        expect("huge and tiny values, x = [1e300, -1e300, 1e-300], q = [0.2, 0.5, 0.8]", [1e300, -1e300, 1e-300], [0.2, 0.5, 0.8])
        x = rng.normal(size=1001)
        expect("1001 seeded normal values, q = 0, 0.1, ..., 1 and 0.99", x, np.append(np.linspace(0, 1, 11), 0.99))
        latencies = 20 + rng.exponential(30, size=500)
        expect("500 seeded latencies, q = [0.5, 0.9, 0.99, 0.999] (p50 to p99.9)", latencies, [0.5, 0.9, 0.99, 0.999])
        c.call_raises("an empty x", ValueError, np.array([]), np.array([0.5]))
        c.call_raises("q = [0.5, 1.2] (1.2 is not a level)", ValueError, np.array([1.0, 2.0]), np.array([0.5, 1.2]))
        c.call_raises("q = [-0.1]", ValueError, np.array([1.0, 2.0]), np.array([-0.1]))


def check_sample_exponential(sample_exponential):
    with Checker(sample_exponential, forbid=[*GLOBAL_RNG, ".exponential"]) as c:

        def expect(case, rate, n, seed):
            got = c.array(c.call(case, rate, n, np.random.default_rng(seed)), (n,))
            u = np.random.default_rng(seed).random(n)
            expected = -np.log1p(-u) / rate
            if got.shape == expected.shape and got.dtype.kind == "f" and n and np.allclose(got, -np.log(u) / rate):
                c.fail(
                    "Your samples are -log(u) / rate: that is F^-1(1 - u). It has the right distribution, "
                    "but the task asks for F^-1(u) = -log(1 - u) / rate, so that a check can compare draws one by one."
                )
            c.close(got, expected, rtol=1e-9)
            return got

        expect("rate = 1, n = 5 (rng = np.random.default_rng(1))", 1.0, 5, 1)
        expect("rate = 0.25 (mean waiting time 4), n = 1000", 0.25, 1000, SEED)
        expect("rate = 40 (mean waiting time 0.025), n = 1000", 40.0, 1000, SEED + 1)
        expect("integer rate = 3, n = 10", 3, 10, SEED + 2)
        expect("n = 0 (no draws)", 2.0, 0, SEED)
        rate, n = 2.0, 20_000
        got = expect(f"rate = {rate}, n = {n}", rate, n, SEED + 3)
        # property: the sample mean is within 5 standard errors of 1 / rate (the standard deviation is 1 / rate too)
        c.require(
            abs(got.mean() - 1 / rate) < 5 * (1 / rate) / np.sqrt(n),
            f"The mean of {n} waiting times should be near 1 / rate = {1 / rate}, but it is {got.mean():.4f}.",
        )
        c.require(
            _ks_reference(got, lambda x: 1 - np.exp(-rate * x)) < 1.63 / np.sqrt(n),
            "The sample's empirical CDF is too far from 1 - exp(-rate x) (Kolmogorov-Smirnov test at the 1% level).",
        )
        c.call_raises("rate = 0 (no arrivals: the waiting time is infinite)", ValueError, 0.0, 5, np.random.default_rng(SEED))
        c.call_raises("rate = -1", ValueError, -1.0, 5, np.random.default_rng(SEED))


def check_sample_discrete(sample_discrete):
    rng = np.random.default_rng(SEED)
    with Checker(sample_discrete, forbid=[*GLOBAL_RNG, ".choice"]) as c:

        def expect(case, pmf, n, generator, expected):
            got = c.array(c.call(case, np.array(pmf, dtype=float), n, generator), (n,))
            c.equal(got, np.asarray(expected, dtype=np.int64))
            return got

        quarter = [0.25, 0.5, 0.25]
        expect(
            "pmf = [0.25, 0.5, 0.25], u = [0., 0.1, 0.25, 0.5, 0.75, 0.9999] (u on the boundaries F(k) belongs to the next value)",
            quarter,
            6,
            _FixedUniforms([0.0, 0.1, 0.25, 0.5, 0.75, 0.9999]),
            [0, 0, 1, 1, 2, 2],
        )
        expect(
            "pmf = [0., 0.5, 0., 0.5] (values 0 and 2 are impossible), u = [0., 0.49, 0.5, 0.99]",
            [0.0, 0.5, 0.0, 0.5],
            4,
            _FixedUniforms([0.0, 0.49, 0.5, 0.99]),
            [1, 1, 3, 3],
        )
        expect(
            "pmf = [0.5, 0.4999999995] (sums to 1 - 5e-10 after rounding), u = [0.9999999998]: u can be above the last cumulative sum",
            [0.5, 0.4999999995],
            1,
            _FixedUniforms([0.9999999998]),
            [1],
        )
        expect(
            "pmf = [0.1] * 10 (its cumulative sum ends at 0.9999999999999999), u = the largest float below 1",
            [0.1] * 10,
            1,
            _FixedUniforms([np.nextafter(1.0, 0.0)]),
            [9],
        )
        expect("one value, pmf = [1.], n = 4", [1.0], 4, _FixedUniforms([0.0, 0.3, 0.6, 0.9]), [0, 0, 0, 0])
        expect("n = 0 (no draws)", quarter, 0, np.random.default_rng(SEED), [])
        for trial, (size, n) in enumerate([(6, 2000), (50, 500)]):
            pmf = rng.dirichlet(np.ones(size))
            u = np.random.default_rng(SEED + trial).random(n)
            cdf = np.cumsum(pmf)
            expected = np.minimum(np.searchsorted(cdf, u, side="right"), size - 1)
            expect(
                f"a seeded random pmf over {size} values, n = {n}, rng = np.random.default_rng({SEED + trial})",
                pmf,
                n,
                np.random.default_rng(SEED + trial),
                expected,
            )
        pmf, n = np.array([0.1, 0.2, 0.3, 0.4]), 100_000
        got = c.call(f"pmf = [0.1, 0.2, 0.3, 0.4], n = {n}", pmf, n, np.random.default_rng(SEED + 5))
        counts = np.bincount(np.asarray(got, dtype=np.int64), minlength=4)[:4]
        worst = np.max(np.abs(counts - n * pmf) / np.sqrt(n * pmf * (1 - pmf)))
        c.require(
            worst < 5,
            f"The counts of each value {counts.tolist()} are more than 5 standard errors from n * pmf = {(n * pmf).astype(int).tolist()}.",
        )
        c.call_raises("pmf = [0.5, 0.6] (sums to 1.1)", ValueError, np.array([0.5, 0.6]), 3, np.random.default_rng(SEED))
        c.call_raises("pmf = [1.2, -0.2] (a negative probability)", ValueError, np.array([1.2, -0.2]), 3, np.random.default_rng(SEED))
        c.call_raises("an empty pmf", ValueError, np.array([]), 3, np.random.default_rng(SEED))


def check_ks_distance(ks_distance):
    rng = np.random.default_rng(SEED)
    with Checker(ks_distance) as c:

        def expect(case, sample, cdf):
            got = c.call(case, np.asarray(sample), cdf)
            c.close(got, _ks_reference(sample, cdf), rtol=1e-12)
            return got

        c.close(c.call("sample = [0.5], the uniform CDF on [0, 1]", np.array([0.5]), _uniform_cdf), 0.5)
        c.close(
            c.call(
                "sample = [0.1, 0.2, 0.9], the uniform CDF (the largest gap is at 0.2, where the empirical CDF has reached 2/3)",
                np.array([0.1, 0.2, 0.9]),
                _uniform_cdf,
            ),
            2 / 3 - 0.2,
        )
        expect("unsorted sample = [0.9, 0.1, 0.2, 0.35], the uniform CDF", [0.9, 0.1, 0.2, 0.35], _uniform_cdf)
        expect("ties, sample = [0.5, 0.5, 0.5, 0.5] (the empirical CDF jumps from 0 to 1 at 0.5)", [0.5, 0.5, 0.5, 0.5], _uniform_cdf)
        c.close(
            c.call("sample = [5., 6.], far above the uniform distribution (the distance is 1)", np.array([5.0, 6.0]), _uniform_cdf), 1.0
        )
        expect("integer sample = [0, 1, 1, 3], the uniform CDF", np.array([0, 1, 1, 3]), _uniform_cdf)
        for n in [10, 500]:
            sample = rng.normal(size=n)
            got = expect(f"{n} seeded standard normal values, the standard normal CDF", sample, _standard_normal_cdf)
            c.require(
                got >= 1 / (2 * n),
                f"The distance can never be below 1 / (2n) = {1 / (2 * n)}: the empirical CDF jumps by 1/n at every point.",
            )
        expect(
            "500 seeded values from a normal with mean 0.3, against the standard normal CDF (a biased sampler)",
            rng.normal(0.3, 1.0, size=500),
            _standard_normal_cdf,
        )
        c.call_raises("an empty sample", ValueError, np.array([]), _uniform_cdf)


def check_memoryless_gap(memoryless_gap):
    rng = np.random.default_rng(SEED)
    with Checker(memoryless_gap) as c:
        ten = np.arange(1.0, 11.0)

        def reference(sample, s, t):
            above_s = (sample[None, :] > s[:, None]).sum(axis=1)
            above_both = (sample[None, :] > s[:, None] + t).sum(axis=1)
            return above_both / above_s - np.mean(sample > t)

        def expect(case, sample, s, t):
            sample, s = np.asarray(sample, dtype=float), np.asarray(s, dtype=float)
            got = c.array(c.call(case, sample, s, t), s.shape)
            c.close(got, reference(sample, s, t), rtol=1e-12, atol=1e-15)
            return got

        c.close(
            c.call("sample = 1, 2, ..., 10, s = [2.], t = 3 (P(X > 5 | X > 2) = 5/8, P(X > 3) = 7/10)", ten, np.array([2.0]), 3.0),
            np.array([5 / 8 - 7 / 10]),
        )
        expect("sample = 1, 2, ..., 10, s = [4.], t = 1 (s and t differ)", ten, [4.0], 1.0)
        expect("sample = 1, 2, ..., 10, s = [0., 2., 4.5], t = 3", ten, [0.0, 2.0, 4.5], 3.0)
        expect("sample = 1, 2, ..., 10, t = 0", ten, [3.0, 7.0], 0.0)
        expect("an empty s", ten, [], 1.0)
        expect("unsorted sample = [3., 0.5, 8., 2., 2.], s = [1., 2.], t = 1.5", [3.0, 0.5, 8.0, 2.0, 2.0], [1.0, 2.0], 1.5)
        n, rate, t = 200_000, 1.5, 1.0
        s = np.array([0.25, 0.5, 1.0, 2.0])
        waits = rng.exponential(1 / rate, size=n)
        got = expect(f"{n} seeded exponential waiting times (rate {rate}), s = {s.tolist()}, t = {t}", waits, s, t)
        # The two estimated probabilities are both near q = exp(-rate t); their standard errors add in quadrature
        q = np.exp(-rate * t)
        standard_error = np.sqrt(q * (1 - q) / (n * np.exp(-rate * s)) + q * (1 - q) / n)
        c.require(
            np.all(np.abs(got) < 5 * standard_error),
            f"For exponential waiting times the gap should be within 5 standard errors of 0; got {got}.",
        )
        uniform = rng.uniform(size=n)
        got = expect(f"{n} seeded uniform values on [0, 1], s = [0.5], t = 0.25 (not memoryless: the gap is -0.25)", uniform, [0.5], 0.25)
        c.call_raises(
            "s = [1., 10.] with sample 1, ..., 10 (nothing waits longer than 10: the condition is empty)",
            ValueError,
            ten,
            np.array([1.0, 10.0]),
            1.0,
        )
