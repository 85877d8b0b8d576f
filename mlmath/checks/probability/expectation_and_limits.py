"""Checks for probability/03-expectation-and-limits."""

import math
from fractions import Fraction

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 3003

#: How many standard errors a statistical case allows. A correct answer lands further out
#: than this with probability below 1e-6; every biased answer these checks look for
#: (ddof=0, a band that is too narrow, a wrong normalisation) is much further off.
Z = 5.0


def _number(c, value, name):
    c.require(
        np.ndim(value) == 0 and not isinstance(value, (bool, str, np.bool_)),
        f"Expected {name} to be a single number, got {value!r}.",
    )
    return value


# -- exercise 1 --------------------------------------------------------------------


def _exact_moments(values, probs):
    """Mean and variance in exact rational arithmetic from the float inputs."""
    values = [Fraction(float(v)) for v in np.asarray(values).ravel()]
    probs = [Fraction(float(p)) for p in np.asarray(probs).ravel()]
    total = sum(probs)
    mean = sum(v * p for v, p in zip(values, probs)) / total
    variance = sum((v - mean) ** 2 * p for v, p in zip(values, probs)) / total
    return float(mean), float(variance)


def check_discrete_moments(discrete_moments):
    rng = np.random.default_rng(SEED)
    with Checker(discrete_moments, forbid=["np.average", "np.var", "np.std", "np.cov"]) as c:

        def expect(case, values, probs, mean, variance, rtol=1e-9):
            got = c.call(case, values, probs)
            got_mean, got_variance = c.unpack(got, ("mean", "variance"))
            c.close(_number(c, got_mean, "mean"), mean, rtol=rtol, what="the mean")
            c.close(_number(c, got_variance, "variance"), variance, rtol=rtol, what="the variance")

        expect("a fair die, values [1, ..., 6] (integers), probabilities 1/6 each", np.arange(1, 7), np.full(6, 1 / 6), 3.5, 35 / 12)
        expect(
            "a Bernoulli(0.3) variable, values [0., 1.], probabilities [0.7, 0.3]",
            np.array([0.0, 1.0]),
            np.array([0.7, 0.3]),
            0.3,
            0.21,
        )
        values, probs = np.array([-2.0, 0.0, 5.0]), np.array([0.25, 0.5, 0.25])
        expect("negative values [-2., 0., 5.], probabilities [0.25, 0.5, 0.25]", values, probs, *_exact_moments(values, probs))
        expect("one value, [-4.], with probability [1.]", np.array([-4.0]), np.array([1.0]), -4.0, 0.0)
        values, probs = np.array([7.0, -1.0, 3.0, 100.0]), np.array([0.1, 0.6, 0.3, 0.0])
        expect(
            "unsorted values [7., -1., 3., 100.] with probabilities [0.1, 0.6, 0.3, 0.] (100 never happens)",
            values,
            probs,
            *_exact_moments(values, probs),
        )
        values, probs = 1e8 + np.array([0.1, 0.7, 1.3]), np.array([0.2, 0.5, 0.3])
        # the two-pass sum is accurate to about 1e-7 of the variance here; E[X^2] - mean^2 is off by 100%
        expect(
            "values near 1e8: 1e8 + [0.1, 0.7, 1.3], probabilities [0.2, 0.5, 0.3] (E[X^2] - E[X]^2 cancels catastrophically here)",
            values,
            probs,
            *_exact_moments(values, probs),
            rtol=1e-6,
        )
        for trial in range(4):
            size = int(rng.integers(2, 12))
            values, probs = rng.normal(0, 10, size=size), rng.dirichlet(np.ones(size))
            expect(f"random distribution {trial + 1} (seeded, {size} values)", values, probs, *_exact_moments(values, probs))
        c.call_raises(
            "probabilities [0.5, 0.4] that add up to 0.9 (raise ValueError)",
            ValueError,
            np.array([1.0, 2.0]),
            np.array([0.5, 0.4]),
        )
        c.call_raises(
            "probabilities [1.5, -0.5]: they add up to 1, but one is negative (raise ValueError)",
            ValueError,
            np.array([1.0, 2.0]),
            np.array([1.5, -0.5]),
        )
        c.call_raises("3 values but 2 probabilities (raise ValueError)", ValueError, np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5]))
        c.call_raises("no values at all (raise ValueError)", ValueError, np.array([]), np.array([]))


# -- exercise 2 --------------------------------------------------------------------


def check_sample_variance(sample_variance):
    rng = np.random.default_rng(SEED)
    with Checker(sample_variance, forbid=["np.var", "np.std", "np.cov", "np.nanvar", "np.nanstd"]) as c:
        x = np.array([1.0, 2.0, 3.0, 4.0])
        c.close(c.call("x = [1., 2., 3., 4.] with the default ddof", x), 5 / 3)
        c.close(c.call("x = [1., 2., 3., 4.], ddof=0", x, 0), 1.25)
        c.close(c.call("x = [1., 2., 3., 4.], ddof=2", x, ddof=2), 2.5)
        c.close(c.call("integer input x = [2, 4, 4, 4, 5, 5, 7, 9]", np.array([2, 4, 4, 4, 5, 5, 7, 9])), 32 / 7)
        c.close(c.call("negative entries x = [-3., -1., -8.]", np.array([-3.0, -1.0, -8.0])), 13.0)
        c.close(c.call("one entry x = [5.], ddof=0", np.array([5.0]), 0), 0.0)
        c.close(c.call("a constant sample x = [2.5, 2.5, 2.5]", np.full(3, 2.5)), 0.0, atol=1e-12)
        x = 1e9 + np.array([0.25, 1.5, 2.0, 3.75])
        # two passes are accurate to about 1e-8 of the answer here; E[x^2] - mean^2 is off by 100%
        c.close(c.call("values near 1e9, x = 1e9 + [0.25, 1.5, 2., 3.75]", x), float(np.var(x, ddof=1)), rtol=1e-6)
        x = rng.normal(3.0, 2.0, size=25)
        c.close(c.call("25 seeded random values", x), float(np.var(x, ddof=1)))
        c.call_raises("one entry x = [5.] with ddof=1 (n - ddof = 0: raise ValueError)", ValueError, np.array([5.0]))
        c.call_raises("an empty x (raise ValueError)", ValueError, np.array([]))
        c.call_raises("x = [1., 2.], ddof=2 (raise ValueError)", ValueError, np.array([1.0, 2.0]), 2)
        # the property: averaged over many samples of size 3, s^2 (ddof=1) is sigma^2 = 4; ddof=0 gives 8/3
        samples = rng.normal(3.0, 2.0, size=(1000, 3))
        results = np.array(
            [
                float(_number(c, c.call(f"sample {i + 1} of 1000 of size 3 from a normal with variance 4 (seeded)", s), "the variance"))
                for i, s in enumerate(samples)
            ]
        )
        allowed = Z * results.std(ddof=1) / math.sqrt(results.size)
        c.require(
            abs(results.mean() - 4.0) <= allowed,
            f"Averaged over 1000 samples of size 3 with true variance 4, your sample variances come to "
            f"{results.mean():.4f} (allowed: 4 +- {allowed:.3f}). With ddof=1 the average is an unbiased "
            "estimate of the true variance: divide by n - ddof.",
        )


# -- exercise 3 --------------------------------------------------------------------


class ChunkStream:
    """Chunks of data handed out one at a time in one reused buffer, as a file reader does.

    It can be read only once. Keeping a reference to a chunk does not keep its values: the
    next chunk overwrites them.
    """

    def __init__(self, chunks, description):
        self._chunks = [np.asarray(chunk, dtype=float) for chunk in chunks]
        self._description = description
        self._read = False

    def __iter__(self):
        if self._read:
            raise RuntimeError(
                "this stream of chunks can be read only once (like a file being read or a network stream): compute everything in one pass"
            )
        self._read = True
        buffer = np.empty(max([chunk.size for chunk in self._chunks] + [1]))
        for chunk in self._chunks:
            view = buffer[: chunk.size]
            view[:] = chunk
            yield view

    def __eq__(self, other):  # the Checker compares inputs before and after a call: a stream is its data
        return isinstance(other, ChunkStream)

    def __repr__(self):
        return f"ChunkStream({self._description})"


def _split(x, rng, pieces):
    cuts = np.sort(rng.choice(np.arange(1, x.size), size=pieces - 1, replace=False))
    return np.split(x, cuts)


def check_streaming_moments(streaming_moments):
    rng = np.random.default_rng(SEED)
    forbid = ["np.var", "np.std", "np.cov", "np.concatenate", "np.hstack", "np.vstack", "np.append", "np.stack"]
    with Checker(streaming_moments, forbid=forbid) as c:

        def expect(case, chunks, data, rtol=1e-9, mean_atol=None):
            data = np.asarray(data, dtype=float)
            got = c.call(case, chunks)
            count, mean, variance = c.unpack(got, ("count", "mean", "variance"))
            c.equal(count, int(data.size), what="the count")
            c.close(_number(c, mean, "the mean"), float(np.mean(data)), rtol=rtol, atol=mean_atol, what="the mean")
            c.close(_number(c, variance, "the variance"), float(np.var(data, ddof=1)), rtol=rtol, what="the variance (ddof=1)")

        expect("chunks [[1., 2.], [3., 4., 5.]]", [np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0])], [1, 2, 3, 4, 5])
        expect("one chunk [[2., 4., 4., 4., 5., 5., 7., 9.]]", [np.array([2.0, 4, 4, 4, 5, 5, 7, 9])], [2, 4, 4, 4, 5, 5, 7, 9])
        expect(
            "empty chunks in between: [[], [1., 2.], [], [3., 4., 5.], []]",
            [np.array([]), np.array([1.0, 2.0]), np.array([]), np.array([3.0, 4.0, 5.0]), np.array([])],
            [1, 2, 3, 4, 5],
        )
        expect(
            "one value per chunk, negative values: [[4.], [-2.], [7.], [-9.]]",
            [np.array([4.0]), np.array([-2.0]), np.array([7.0]), np.array([-9.0])],
            [4, -2, 7, -9],
        )
        expect("integer chunks [[1, 2], [3, 4, 5]]", [np.array([1, 2]), np.array([3, 4, 5])], [1, 2, 3, 4, 5])
        x = rng.normal(-3.0, 0.5, size=1000)
        expect("1000 seeded random values in 7 chunks of different sizes", _split(x, rng, 7), x)
        x = 1_700_000_000 + rng.integers(0, 600, size=5000)
        # integer timestamps: summing their squares in int64 overflows, in float64 it cancels
        expect(
            "5000 integer timestamps 1_700_000_000 + (0..599) seconds (int64) in 9 chunks",
            _split(x, rng, 9),
            x,
            rtol=1e-6,
            mean_atol=1e-3,
        )
        x = 1.7e9 + rng.uniform(0.0, 1.0, size=20_000)
        # Welford's updates round to the spacing near 1.7e9 (2.4e-7): about 1e-7 of this variance;
        # the sum-of-squares formula is off by more than 100%
        expect(
            "20,000 timestamps 1.7e9 + uniform(0, 1) seconds in 25 chunks (variance about 1/12)",
            _split(x, rng, 25),
            x,
            rtol=1e-5,
            mean_atol=1e-3,
        )
        x = rng.normal(10.0, 3.0, size=600)
        stream = ChunkStream(_split(x, rng, 6), "600 values in 6 chunks, read once, one reused buffer")
        expect(f"{stream!r}: keeping a chunk keeps a view of the buffer, not its values", stream, x)
        c.call_raises("a single value [[5.]] (a variance needs 2 values: raise ValueError)", ValueError, [np.array([5.0])])
        c.call_raises("no chunks at all (raise ValueError)", ValueError, [])
        c.call_raises("only empty chunks [[], []] (raise ValueError)", ValueError, [np.array([]), np.array([])])


# -- exercises 4 and 5 -------------------------------------------------------------


def _covariance(X):
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / (X.shape[0] - 1)


def _correlation(X):
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    unit = centred / np.sqrt(np.sum(centred**2, axis=0))
    return np.clip(unit.T @ unit, -1.0, 1.0)


def _data(rng, n, d):
    mixing = rng.normal(size=(d, d)) + np.diag(rng.uniform(0.5, 2.0, size=d))
    return rng.normal(size=(n, d)) @ mixing + rng.normal(0, 5, size=d)


def check_covariance_matrix(covariance_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(covariance_matrix, forbid=["np.cov", "np.corrcoef"]) as c:

        def expect(case, X, rtol=1e-9):
            X_array = np.asarray(X)
            d = X_array.shape[1]
            got = c.array(c.call(case, X), (d, d))
            expected = _covariance(X_array)
            c.close(got, expected, rtol=rtol)
            scale = float(np.max(np.abs(expected))) or 1.0
            c.require(
                np.max(np.abs(got - got.T)) <= 1e-12 * scale,
                "A covariance matrix is symmetric: entry (j, k) must equal entry (k, j).",
            )
            eigenvalues = np.linalg.eigvalsh((got + got.T) / 2)
            c.require(
                eigenvalues.min() >= -1e-10 * scale,
                f"A covariance matrix is positive semi-definite, but yours has the eigenvalue {eigenvalues.min():.3g}.",
            )

        X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [6.0, 4.0]])
        c.close(
            c.call("X = [[1., 2.], [2., 1.], [3., 5.], [6., 4.]] (4 samples, 2 features)", X),
            np.array([[14 / 3, 7 / 3], [7 / 3, 10 / 3]]),
        )
        expect("a (5, 3) data matrix: 5 samples of 3 features (seeded)", _data(rng, 5, 3))
        expect("more features than samples: a (3, 5) data matrix (seeded)", _data(rng, 3, 5))
        expect("one feature: X of shape (6, 1)", np.array([[1.0], [4.0], [-2.0], [0.0], [3.0], [0.5]]))
        expect("integer input, X of shape (4, 3)", np.array([[1, 0, 3], [2, -1, 5], [0, 4, 4], [7, 2, -1]]))
        expect("two samples, X = [[1., 5.], [3., -1.]]", np.array([[1.0, 5.0], [3.0, -1.0]]))
        X = 1e9 + _data(rng, 50, 3)
        # centring first is accurate to about 1e-8 here; E[XY] - E[X]E[Y] is off by 100% or more
        expect("50 samples of 3 features around 1e9 (seeded)", X, rtol=1e-6)
        expect("200 samples of 4 features (seeded)", _data(rng, 200, 4))
        c.call_raises("one sample, X of shape (1, 3) (raise ValueError)", ValueError, np.array([[1.0, 2.0, 3.0]]))
        c.call_raises("a 1-D array instead of a data matrix (raise ValueError)", ValueError, np.array([1.0, 2.0, 3.0]))


def check_correlation_matrix(correlation_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(correlation_matrix, forbid=["np.corrcoef", "np.cov"]) as c:

        def expect(case, X, expected=None):
            X_array = np.asarray(X)
            d = X_array.shape[1]
            got = c.array(c.call(case, X), (d, d))
            c.close(got, _correlation(X_array) if expected is None else expected, atol=1e-9)
            c.require(
                np.all(np.abs(np.diag(got) - 1) <= 1e-12),
                f"Every feature has correlation exactly 1 with itself; your diagonal is {np.diag(got)!r}.",
            )
            c.require(
                np.all(np.abs(got) <= 1.0),
                f"A correlation lies in [-1, 1], but your matrix has an entry of size {np.max(np.abs(got))!r} (clip the rounding).",
            )
            return got

        x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        X = np.stack([x, 2 * x + 3, -x, x**2], axis=1)
        expected = np.array([[1, 1, -1, 0], [1, 1, -1, 0], [-1, -1, 1, 0], [0, 0, 0, 1]], dtype=float)
        expect("columns x = [-2, -1, 0, 1, 2], 2x + 3, -x and x^2 (x^2 depends on x but is uncorrelated)", X, expected)
        X = _data(rng, 30, 4)
        base = expect("a (30, 4) data matrix (seeded)", X)
        scales = np.array([1e-150, -3.0, 1e150, 0.5])
        shifts = np.array([7.0, -1e3, 0.0, 1e4]) * np.abs(scales)
        got = expect("the same data with its columns scaled by [1e-150, -3, 1e150, 0.5] and shifted", X * scales + shifts)
        signs = np.sign(scales)
        c.close(
            got,
            base * np.outer(signs, signs),
            atol=1e-9,
            what="scaling a column by a positive number changes nothing; by a negative one, only signs",
        )
        expect("integer input, X of shape (5, 2)", np.array([[1, 2], [2, 1], [3, 5], [6, 4], [0, 0]]))
        expect("more features than samples, X of shape (3, 6) (seeded)", _data(rng, 3, 6))
        expect("100 samples of 3 features around 1e9 (seeded)", 1e9 + _data(rng, 100, 3))
        c.call_raises(
            "a constant column: X = [[1., 2.], [1., 3.], [1., 5.]] (no correlation defined: raise ValueError)",
            ValueError,
            np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 5.0]]),
        )
        c.call_raises("one sample, X of shape (1, 2) (raise ValueError)", ValueError, np.array([[1.0, 2.0]]))


# -- exercise 6 --------------------------------------------------------------------


def _exponential_sampler(rng, size):
    return rng.exponential(2.0, size=size)


def _uniform_sampler(rng, size):
    return rng.uniform(0.0, 1.0, size=size)


def _monte_carlo_reference(g, sampler, n, rng):
    y = np.asarray(g(sampler(rng, n)), dtype=float)
    estimate = y.mean()
    se = np.sqrt(np.sum((y - estimate) ** 2) / (n - 1) / n)
    return float(estimate), float(se), float(estimate - 1.96 * se), float(estimate + 1.96 * se)


def check_monte_carlo(monte_carlo):
    with Checker(monte_carlo, forbid=GLOBAL_RNG) as c:
        names = ("estimate", "standard_error", "low", "high")

        def result(case, *args):
            got = c.unpack(c.call(case, *args), names)
            return tuple(float(_number(c, value, name)) for value, name in zip(got, names))

        def expect(case, g, sampler, n, seed):
            got = result(f"{case}, rng = np.random.default_rng({seed})", g, sampler, n, np.random.default_rng(seed))
            expected = _monte_carlo_reference(g, sampler, n, np.random.default_rng(seed))
            for name, value, wanted in zip(names, got, expected):
                c.close(
                    value,
                    wanted,
                    rtol=1e-9,
                    atol=1e-12 * max(abs(x) for x in expected),
                    what=f"{name} (draw once with sampler(rng, n))",
                )
            return got

        got = result(
            "g(x) = 2.5 for every x (a constant), n = 10",
            lambda x: np.full(np.shape(x), 2.5),
            _uniform_sampler,
            10,
            np.random.default_rng(1),
        )
        c.close(got[0], 2.5, what="the estimate")
        c.close(
            np.array(got[1:]),
            np.array([0.0, 2.5, 2.5]),
            atol=1e-12,
            what="(standard_error, low, high): every sample is the same, so there is no uncertainty",
        )
        expect("E[X^2] for X exponential with mean 2 (true value 8), n = 50", np.square, _exponential_sampler, 50, 7)
        expect("E[-X] for X uniform on [0, 1] (negative values), n = 2", np.negative, _uniform_sampler, 2, 3)
        expect("E[sqrt(X)] for X uniform on [0, 1], n = 1000", np.sqrt, _uniform_sampler, 1000, 11)
        other = result(
            "E[X^2], X exponential, n = 50, a different seed: rng = np.random.default_rng(8)",
            np.square,
            _exponential_sampler,
            50,
            np.random.default_rng(8),
        )
        c.require(
            other[0] != _monte_carlo_reference(np.square, _exponential_sampler, 50, np.random.default_rng(7))[0],
            "Generators with different seeds gave the same estimate: draw from the `rng` argument.",
        )
        # the property: the 95% band covers E[X^2] = 1/3 (X uniform) in about 95% of runs
        rng = np.random.default_rng(SEED)
        runs, n = 300, 100
        covered = 0
        for run, seed in enumerate(rng.integers(2**32, size=runs)):
            _, _, low, high = result(
                f"run {run + 1} of {runs}: E[X^2] for X uniform on [0, 1], n = {n} (seeded)",
                np.square,
                _uniform_sampler,
                n,
                np.random.default_rng(seed),
            )
            covered += low <= 1 / 3 <= high
        lowest = 0.95 - Z * math.sqrt(0.95 * 0.05 / runs)
        c.require(
            covered / runs >= lowest,
            f"Your band contained the true value 1/3 in only {covered} of {runs} runs ({covered / runs:.1%}); "
            f"a 95% band should contain it in about 95% (at least {lowest:.1%} here).",
        )
        c.call_raises(
            "n = 1 (one sample has no standard error: raise ValueError)",
            ValueError,
            np.square,
            _uniform_sampler,
            1,
            np.random.default_rng(5),
        )


# -- exercise 7 --------------------------------------------------------------------


def _die_sampler(rng, size):
    return rng.integers(1, 7, size=size)


def _standardised_reference(sampler, mean, std, n, repetitions, rng):
    sums = np.asarray(sampler(rng, (repetitions, n)), dtype=float).sum(axis=1)
    return (sums - n * mean) / (std * math.sqrt(n))


def _normal_cdf(z):
    return 0.5 * (1.0 + np.vectorize(math.erf)(np.asarray(z) / math.sqrt(2.0)))


def check_standardised_sums(standardised_sums):
    with Checker(standardised_sums, forbid=GLOBAL_RNG) as c:

        def expect(case, sampler, mean, std, n, repetitions, seed):
            got = c.call(f"{case}, rng = np.random.default_rng({seed})", sampler, mean, std, n, repetitions, np.random.default_rng(seed))
            c.array(got, (repetitions,))
            expected = _standardised_reference(sampler, mean, std, n, repetitions, np.random.default_rng(seed))
            c.close(got, expected, rtol=1e-9, atol=1e-9)
            return got

        expect(
            "die rolls (integers, mean 3.5, std sqrt(35/12)), n = 1, 8 repetitions",
            _die_sampler,
            3.5,
            math.sqrt(35 / 12),
            1,
            8,
            1,
        )
        expect("die rolls, n = 10, 5 repetitions", _die_sampler, 3.5, math.sqrt(35 / 12), 10, 5, 2)
        expect("exponential with mean 2 (std 2), n = 3, 1 repetition", _exponential_sampler, 2.0, 2.0, 3, 1, 3)
        expect(
            "uniform on [0, 1] (mean 1/2, std sqrt(1/12)), n = 7, 4 repetitions (more draws than repetitions)",
            _uniform_sampler,
            0.5,
            math.sqrt(1 / 12),
            7,
            4,
            4,
        )
        # the property: for n = 40 skewed exponential inputs, Z is close to standard normal
        z = expect("exponential with mean 2, n = 40, 20,000 repetitions", _exponential_sampler, 2.0, 2.0, 40, 20_000, 5)
        repetitions = z.size
        c.require(
            abs(z.mean()) <= Z / math.sqrt(repetitions) and abs(z.var() - 1) <= 0.05,
            f"Standardised sums have mean 0 and variance 1; yours have {z.mean():.4f} and {z.var():.4f}.",
        )
        ordered = np.sort(z)
        ranks = np.arange(1, repetitions + 1) / repetitions
        gap = float(np.max(np.abs(ranks - _normal_cdf(ordered))))
        c.require(gap < 0.05, f"The distribution of your sums is {gap:.3f} away from the normal's (allowed 0.05).")
        c.call_raises("std = 0 (raise ValueError)", ValueError, _uniform_sampler, 0.5, 0.0, 5, 3, np.random.default_rng(6))
        c.call_raises("n = 0 (raise ValueError)", ValueError, _uniform_sampler, 0.5, 0.3, 0, 3, np.random.default_rng(6))


# -- exercise 8 --------------------------------------------------------------------


def _distinct_exact(m, k):
    """m (1 - (1 - 1/m)^k), exactly, for moderate k."""
    return float(m * (1 - (1 - Fraction(1, m)) ** k))


def check_expected_distinct(expected_distinct):
    rng = np.random.default_rng(SEED)
    with Checker(expected_distinct) as c:
        c.close(c.call("m = 1 item, k = 5 draws (always the same item)", 1, 5), 1.0)
        c.close(c.call("m = 10, k = 0 draws", 10, 0), 0.0, atol=1e-12)
        c.close(c.call("m = 10, k = 1 draw", 10, 1), 1.0)
        c.close(c.call("m = 2, k = 2 (exactly: 1 * 1/2 + 2 * 1/2 = 1.5)", 2, 2), 1.5)
        c.close(c.call("a die rolled 6 times: m = 6, k = 6", 6, 6), _distinct_exact(6, 6))
        c.close(c.call("birthdays of 23 people: m = 365, k = 23", 365, 23), _distinct_exact(365, 23))
        c.close(c.call("m = 1000, k = 5000 (more draws than items)", 1000, 5000), _distinct_exact(1000, 5000))
        c.close(c.call("m = 100, k = 10**6 (every item is seen)", 100, 10**6), 100.0)
        # (1 - 1/m) rounds to the spacing of floats near 1 (1.1e-16): for m = 1e15 that moves 1/m by up to 5%
        c.close(c.call("m = 10**15 possible keys, k = 10 draws (1 - 1/m rounds badly)", 10**15, 10), _distinct_exact(10**15, 10))
        c.close(c.call("m = 2**40 keys, k = 1000 draws", 2**40, 1000), _distinct_exact(2**40, 1000))
        c.close(c.call("float input m = 50.0, k = 80.0", 50.0, 80.0), _distinct_exact(50, 80))
        # the property, by simulation: draw k of m items with replacement and count the distinct ones
        m, k, trials = 50, 80, 4000
        got = float(_number(c, c.call(f"m = {m}, k = {k}, compared with {trials} simulated samples", m, k), "the result"))
        draws = np.sort(rng.integers(0, m, size=(trials, k)), axis=1)
        distinct = 1 + np.count_nonzero(np.diff(draws, axis=1), axis=1)
        allowed = Z * distinct.std(ddof=1) / math.sqrt(trials)
        c.require(
            abs(distinct.mean() - got) <= allowed,
            f"{trials} simulated samples had {distinct.mean():.3f} distinct items on average, "
            f"but your function says {got:.3f} (allowed: +-{allowed:.3f}).",
        )
        c.call_raises("m = 0 items (raise ValueError)", ValueError, 0, 3)
        c.call_raises("k = -1 draws (raise ValueError)", ValueError, 10, -1)
