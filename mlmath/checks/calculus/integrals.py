"""Checks for calculus/06-integrals."""

import math

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 2006

#: How many standard errors a statistical case allows. A correct answer lands further out
#: than this with probability below 1e-8, so it never fails in practice; every biased answer
#: these checks look for (a missing (b - a), ddof=0, an off-by-one in a count) is off by
#: ten standard errors or more.
Z = 6.0


def _generator(seed):
    """np.random.default_rng(seed), as a generator the checks can pass to a learner."""
    return np.random.default_rng(seed)


def _counted(g):
    """g, wrapped so the check can see how often (and on what) the learner calls it."""
    calls = []

    def f(x):
        calls.append(np.ndim(x))
        return g(x)

    return f, calls


# -- reference answers ----------------------------------------------------------


def _riemann(g, a, b, n):
    h = (b - a) / n
    x = a + h * np.arange(n + 1)
    midpoints = a + h * (np.arange(n) + 0.5)
    return float(h * np.sum(g(x[:-1]))), float(h * np.sum(g(x[1:]))), float(h * np.sum(g(midpoints)))


def _cumulative(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    pieces = np.diff(x) * (y[1:] + y[:-1]) / 2
    return np.concatenate([np.zeros(min(x.size, 1)), np.cumsum(pieces)])


def _trapezoid(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def _slope_order(ns, errors):
    u, v = np.log(np.asarray(ns, dtype=float)), np.log(np.asarray(errors, dtype=float))
    u, v = u - u.mean(), v - v.mean()
    return float(-np.sum(u * v) / np.sum(u * u))


def _orders(g, a, b, exact, ns):
    errors = {"left": [], "right": [], "midpoint": [], "trapezoid": []}
    for n in ns:
        left, right, mid = _riemann(g, a, b, n)
        x = np.linspace(a, b, n + 1)
        for key, value in zip(errors, (left, right, mid, _trapezoid(x, g(x)))):
            errors[key].append(abs(value - exact))
    return {key: _slope_order(ns, value) for key, value in errors.items()}


def _auc(scores, labels):
    """The Mann-Whitney form: P(a positive outscores a negative), ties counting one half."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    values, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    first_rank = np.cumsum(counts) - counts + 1
    average_rank = (first_rank + (counts - 1) / 2)[inverse]
    p, q = labels.sum(), (~labels).sum()
    return float((average_rank[labels].sum() - p * (p + 1) / 2) / (p * q))


# -- shared statistical cases ------------------------------------------------------


def _pair(c, got):
    estimate, standard_error = c.unpack(got, ("estimate", "standard_error"))
    for name, value in (("estimate", estimate), ("standard_error", standard_error)):
        c.require(np.ndim(value) == 0 and not isinstance(value, (bool, str)), f"Expected {name} to be a single number, got {value!r}.")
    return float(estimate), float(standard_error)


def _reproducible(c, run, description, seeds_matter=True):
    first = _pair(c, c.call(f"{description}, rng = np.random.default_rng(7)", *run(_generator(7))))
    again = _pair(c, c.call(f"{description}, again with a fresh np.random.default_rng(7)", *run(_generator(7))))
    c.require(
        first == again,
        f"Two calls with identically seeded generators gave {first} and {again}. "
        "Draw every random number from the `rng` argument (and nothing else), so runs are reproducible.",
    )
    if seeds_matter:  # (for a continuous f, two seeds giving the same estimate means the rng is ignored)
        other = _pair(c, c.call(f"{description}, rng = np.random.default_rng(8)", *run(_generator(8))))
        c.require(other[0] != first[0], "Generators with different seeds gave the same estimate: is the `rng` argument ignored?")


def _accurate(c, got, truth, sigma, kurtosis, n):
    """One large-n run: within Z standard errors of the truth, and an honest standard error.

    kurtosis is E[(Y - mean)**4] / sigma**4 for one sample Y; the sample standard deviation of
    n samples then has a relative standard error of about sqrt((kurtosis - 1) / (4 n)).
    """
    estimate, standard_error = _pair(c, got)
    true_error = sigma / np.sqrt(n)
    c.require(
        abs(estimate - truth) <= Z * true_error,
        f"The estimate {estimate!r} is {abs(estimate - truth) / true_error:.1f} standard errors from the "
        f"true value {truth!r}; a correct estimator is almost never more than {Z:g} away. "
        "Check the factor (b - a) (the volume of the region you sample) and what you divide by.",
    )
    allowed = Z * np.sqrt((kurtosis - 1) / (4 * n))
    c.require(
        abs(standard_error / true_error - 1) <= allowed,
        f"The standard error {standard_error!r} should be about {true_error:.6g} "
        "(sample standard deviation of the n values, divided by sqrt(n)).",
    )


def _unbiased(c, case, run, truth, sigma, n, repetitions):
    """Many small-n runs: the mean estimate and the mean squared standard error are unbiased."""
    rng = np.random.default_rng(SEED)
    seeds = rng.integers(2**32, size=repetitions)
    results = np.array(
        [_pair(c, c.call(f"{case}, repetition {i + 1} of {repetitions} (seeded)", *run(_generator(s)))) for i, s in enumerate(seeds)]
    )
    estimates, variances = results[:, 0], results[:, 1] ** 2
    allowed = Z * sigma / np.sqrt(n * repetitions)
    c.require(
        abs(estimates.mean() - truth) <= allowed,
        f"Over {repetitions} seeded repetitions with n = {n}, your estimates average "
        f"{estimates.mean():.6g}, but the true value is {truth:.6g} (allowed: +-{allowed:.3g}, "
        f"{Z:g} standard errors). The estimate is biased: divide the sum by n, the number of samples.",
    )
    # the squared standard error, computed with ddof=1, is an unbiased estimate of sigma**2 / n;
    # its own standard error is estimated from the repetitions
    wanted = sigma**2 / n
    allowed = Z * variances.std(ddof=1) / np.sqrt(repetitions)
    c.require(
        abs(variances.mean() - wanted) <= allowed,
        f"Over {repetitions} seeded repetitions with n = {n}, your squared standard errors average "
        f"{variances.mean():.6g}, but they should average {wanted:.6g} (allowed: +-{allowed:.3g}). "
        "Use the sample standard deviation with ddof=1, then divide by sqrt(n).",
    )


# -- the checks --------------------------------------------------------------------


def check_riemann_sums(riemann_sums):
    rng = np.random.default_rng(SEED)
    with Checker(riemann_sums) as c:

        def case(description, g, a, b, n, expected=None):
            f, calls = _counted(g)
            left, right, mid = c.unpack(c.call(description, f, a, b, n), ("left", "right", "midpoint"))
            c.require(
                len(calls) <= 3 and all(ndim >= 1 for ndim in calls),
                f"f was called {len(calls)} time(s), {sum(ndim == 0 for ndim in calls)} of them on a single "
                "number. Call f on an array of all the points at once (at most three calls in total): "
                "a Python loop over the points is what this exercise replaces.",
            )
            expected = expected or _riemann(g, a, b, n)
            for name, got, want in zip(("left", "right", "midpoint"), (left, right, mid), expected):
                c.close(got, want, atol=1e-12 * max(1.0, max(abs(e) for e in expected)), what=f"the {name} sum")

        square = np.square
        case("f(x) = x**2 on [0, 1], n = 4", square, 0.0, 1.0, 4, (0.21875, 0.46875, 0.328125))
        case("f(x) = x**2 on [0, 2], n = 1 (one rectangle)", square, 0.0, 2.0, 1, (0.0, 8.0, 2.0))
        case(
            "f(x) = 2x - 1 (negative on part of it) on [0, 3] with integer bounds, n = 3",
            lambda x: 2 * x - 1,
            0,
            3,
            3,
            (3.0, 9.0, 6.0),
        )
        case(
            "reversed bounds: f(x) = x**2 from a = 1 to b = 0, n = 4 (h is negative)",
            square,
            1.0,
            0.0,
            4,
            (-0.46875, -0.21875, -0.328125),
        )
        for trial in range(4):
            a = float(rng.uniform(-3, 0))
            b = a + float(rng.uniform(0.5, 4))
            n = int(rng.integers(2, 40))
            case(
                f"seeded case {trial + 1}: f(x) = cos(3x) + x on [{a:.3f}, {b:.3f}], n = {n}",
                lambda x: np.cos(3 * x) + x,
                a,
                b,
                n,
            )
        case("f(x) = exp(-x) on [0, 5] with n = 1,000,000 points", lambda x: np.exp(-x), 0.0, 5.0, 1_000_000)
        c.call_raises("n = 0 (no rectangles: raise ValueError)", ValueError, square, 0.0, 1.0, 0)


def check_trapezoid(trapezoid):
    rng = np.random.default_rng(SEED)
    with Checker(trapezoid, forbid=["np.trapezoid", "scipy.integrate.trapezoid", "scipy.integrate.simpson"]) as c:
        c.close(c.call("uneven spacing x = [0., 1., 3.], y = [1., 2., 3.]", np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0, 3.0])), 6.5)
        c.close(c.call("integer input x = [0, 1, 3], y = [1, 2, 3]", np.array([0, 1, 3]), np.array([1, 2, 3])), 6.5)
        c.close(
            c.call("negative values x = [0., 0.5, 2.], y = [-1., -3., 2.]", np.array([0.0, 0.5, 2.0]), np.array([-1.0, -3.0, 2.0])),
            -1.75,
        )
        c.close(c.call("two points x = [2., 5.], y = [4., 0.]", np.array([2.0, 5.0]), np.array([4.0, 0.0])), 6.0)
        c.close(c.call("one point (no interval): x = [1.], y = [7.]", np.array([1.0]), np.array([7.0])), 0.0)
        c.close(c.call("empty x and y", np.array([]), np.array([])), 0.0)
        x = np.sort(rng.uniform(-2, 3, size=25))
        c.close(
            c.call("a straight line y = 3x - 2 on 25 seeded uneven points (the rule is exact)", x, 3 * x - 2),
            1.5 * (x[-1] ** 2 - x[0] ** 2) - 2 * (x[-1] - x[0]),
        )
        for trial in range(3):
            n = int(rng.integers(3, 60))
            x = np.cumsum(rng.exponential(size=n)) * 10.0 ** rng.integers(-9, 3)
            y = rng.normal(size=n) * 10.0 ** rng.integers(-3, 12)
            # positive and negative pieces cancel: the rounding allowed follows the size of the pieces
            scale = np.sum(np.diff(x) * (np.abs(y[1:]) + np.abs(y[:-1])))
            c.close(
                c.call(f"seeded case {trial + 1}: {n} unevenly spaced points, scale {np.ptp(x):.1e} by {np.abs(y).max():.1e}", x, y),
                _trapezoid(x, y),
                atol=1e-12 * scale,
            )
        c.call_raises("x of length 3 and y of length 2 (raise ValueError)", ValueError, np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0]))


def check_cumulative_trapezoid(cumulative_trapezoid):
    rng = np.random.default_rng(SEED)
    forbid = ["np.trapezoid", "scipy.integrate.trapezoid", "scipy.integrate.cumulative_trapezoid"]
    # 200,000 points take milliseconds in O(n); a loop over prefixes takes minutes, so 3 s is generous
    with Checker(cumulative_trapezoid, forbid=forbid, time_limit=3.0) as c:
        c.close(
            c.call("x = [0., 1., 3.], y = [1., 2., 3.]", np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0, 3.0])),
            np.array([0.0, 1.5, 6.5]),
        )
        c.close(
            c.call("integer input x = [0, 1, 3], y = [1, 2, 3]", np.array([0, 1, 3]), np.array([1, 2, 3])),
            np.array([0.0, 1.5, 6.5]),
        )
        c.close(
            c.call("negative values x = [0., 0.5, 2.], y = [-1., -3., 2.]", np.array([0.0, 0.5, 2.0]), np.array([-1.0, -3.0, 2.0])),
            np.array([0.0, -1.0, -1.75]),
        )
        c.close(c.call("one point x = [4.], y = [9.]", np.array([4.0]), np.array([9.0])), np.array([0.0]))
        c.close(c.call("empty x and y", np.array([]), np.array([])), np.array([]))
        x = np.sort(rng.uniform(0, 4, size=30))
        got = c.call("y = 2x on 30 seeded uneven points (the running integral is x**2 - x[0]**2)", x, 2 * x)
        c.close(got, x**2 - x[0] ** 2, atol=1e-12 * 16)
        for trial in range(3):
            n = int(rng.integers(2, 50))
            x = np.cumsum(rng.exponential(size=n)) - 5
            y = rng.normal(size=n) * 10.0 ** rng.integers(-3, 6)
            c.close(c.call(f"seeded case {trial + 1}: {n} unevenly spaced points", x, y), _cumulative(x, y))
        x = np.cumsum(rng.exponential(0.01, size=200_000))
        y = np.sin(x)
        got = c.array(c.call("200,000 seeded uneven points, y = sin(x) (must run in O(n))", x, y), (200_000,))
        c.close(got, _cumulative(x, y), atol=1e-12 * x.size)
        c.close(got[-1], _trapezoid(x, y), atol=1e-12 * x.size, what="the last entry (the whole integral)")
        c.call_raises("x of length 3 and y of length 4 (raise ValueError)", ValueError, np.arange(3.0), np.arange(4.0))


def check_convergence_order(convergence_order):
    rng = np.random.default_rng(SEED)
    forbid = ["np.polyfit", "np.linalg.lstsq", "np.polynomial.polynomial.polyfit", "scipy.stats.linregress"]
    with Checker(convergence_order, forbid=forbid) as c:
        ns = np.array([10, 100, 1000])
        c.close(c.call("errors = 5 / n**2 at n = [10, 100, 1000]", ns, 5.0 / ns**2), 2.0)
        c.close(c.call("two points: n = [4, 8], errors = [0.5, 0.25]", np.array([4, 8]), np.array([0.5, 0.25])), 1.0)
        c.close(c.call("integer input: n = [1, 10], errors = [1000, 10]", np.array([1, 10]), np.array([1000, 10])), 2.0)
        c.close(
            c.call(
                "n in no particular order: n = [64, 4, 16], errors = 1 / sqrt(n)",
                np.array([64, 4, 16]),
                np.array([0.125, 0.5, 0.25]),
            ),
            0.5,
        )
        ns = 2 ** np.arange(10, 20)
        c.close(c.call("errors that grow (rounding): errors = 1e-16 * n, so the order is -1", ns, 1e-16 * ns), -1.0)
        c.close(
            c.call(
                "tiny errors: errors = 1e-300 / n**3 at n = [2, 3, 5]",
                np.array([2, 3, 5]),
                1e-300 / np.array([2.0, 3.0, 5.0]) ** 3,
            ),
            3.0,
        )
        for trial in range(3):
            ns = np.sort(rng.choice(np.arange(4, 5000), size=int(rng.integers(4, 12)), replace=False))
            errors = 0.7 * ns ** -rng.uniform(0.5, 4) * np.exp(0.3 * rng.normal(size=ns.size))
            c.close(
                c.call(f"seeded case {trial + 1}: {ns.size} noisy errors (fit all points by least squares)", ns, errors),
                _slope_order(ns, errors),
            )
        c.call_raises(
            "an error of exactly 0 (its log is undefined: raise ValueError)",
            ValueError,
            np.array([10, 20, 40]),
            np.array([1e-3, 0.0, 1e-5]),
        )
        c.call_raises("a single point n = [10] (no slope: raise ValueError)", ValueError, np.array([10]), np.array([0.1]))
        c.call_raises("every n the same, n = [8, 8] (no slope: raise ValueError)", ValueError, np.array([8, 8]), np.array([0.1, 0.2]))
        c.call_raises("3 values of n but 2 errors (raise ValueError)", ValueError, np.array([4, 8, 16]), np.array([0.1, 0.05]))


def check_observed_orders(observed_orders):
    keys = ("left", "right", "midpoint", "trapezoid")
    with Checker(observed_orders) as c:

        def case(description, g, a, b, exact, ns, near=None):
            got = c.call(description, g, a, b, exact, ns)
            c.require(isinstance(got, dict) and set(got) == set(keys), f"Expected a dict with the keys {list(keys)}, got {got!r}.")
            expected = _orders(g, a, b, exact, ns)
            for key in keys:
                c.close(got[key], expected[key], rtol=1e-6, what=f"the order of the {key} rule")
            for key, order in (near or {}).items():
                c.require(abs(got[key] - order) < 0.1, f"The {key} rule should converge with order close to {order}, got {got[key]!r}.")

        ns = 2 ** np.arange(2, 11)
        case(
            "f = exp on [0, 1], n = 4, 8, ..., 1024",
            np.exp,
            0.0,
            1.0,
            np.e - 1,
            ns,
            {"left": 1, "right": 1, "midpoint": 2, "trapezoid": 2},
        )
        case(
            "f(x) = x - x**3 on [-1, 2] (integral -2.25), n = [5, 11, 23, 47, 95]",
            lambda x: x - x**3,
            -1.0,
            2.0,
            -2.25,
            np.array([5, 11, 23, 47, 95]),
            {"left": 1, "right": 1, "midpoint": 2, "trapezoid": 2},
        )
        case(
            "f = sqrt on [0, 1] (integral 2/3, infinite slope at 0), n = 4, 8, ..., 1024",
            np.sqrt,
            0.0,
            1.0,
            2 / 3,
            ns,
            {"midpoint": 1.5, "trapezoid": 1.5},
        )


def check_monte_carlo(monte_carlo):
    with Checker(monte_carlo, forbid=GLOBAL_RNG) as c:
        estimate, standard_error = _pair(
            c,
            c.call("f(x) = 2.5 (a constant) on [-1, 3], n = 10", lambda x: np.full(np.shape(x), 2.5), -1.0, 3.0, 10, _generator(1)),
        )
        c.close(estimate, 10.0, rtol=1e-12, what="the estimate (every sample gives (b - a) * 2.5 = 10)")
        c.close(standard_error, 0.0, atol=1e-12, what="the standard error (every sample is the same)")
        estimate, standard_error = _pair(
            c, c.call("f(x) = -x (negative) on [2, 4] with integer bounds, n = 2", np.negative, 2, 4, 2, _generator(2))
        )
        c.require(
            -8 <= estimate <= -4 and standard_error >= 0,
            f"With f(x) = -x on [2, 4], every sample (b - a) f(x) lies in [-8, -4] and a standard error is "
            f"never negative; got ({estimate!r}, {standard_error!r}).",
        )
        _reproducible(c, lambda rng: (np.sin, 0.0, np.pi, 50, rng), "f = sin on [0, pi], n = 50")
        # f = exp on [0, 2]: a sample is Y = 2 exp(U), U uniform on [0, 2], with E[Y**k] = 2**k (e**(2k) - 1) / (2k)
        raw = [1.0] + [2.0**k * (np.e ** (2 * k) - 1) / (2 * k) for k in range(1, 5)]
        truth = raw[1]
        central = [sum(math.comb(k, j) * raw[j] * (-truth) ** (k - j) for j in range(k + 1)) for k in (2, 4)]
        sigma, kurtosis = np.sqrt(central[0]), central[1] / central[0] ** 2
        n = 100_000
        _accurate(c, c.call(f"f = exp on [0, 2], n = {n:,} (seeded)", np.exp, 0.0, 2.0, n, _generator(3)), truth, sigma, kurtosis, n)
        # f(x) = x on [1, 3]: the samples 2U are uniform on [2, 6], mean 4 and variance 16/12
        _unbiased(c, "f(x) = x on [1, 3], n = 2", lambda rng: (lambda x: x, 1.0, 3.0, 2, rng), 4.0, np.sqrt(16 / 12), 2, 400)
        c.call_raises("n = 1 (one sample has no standard error: raise ValueError)", ValueError, np.sin, 0.0, 1.0, 1, _generator(4))
        c.call_raises("a = b = 1 (raise ValueError)", ValueError, np.sin, 1.0, 1.0, 10, _generator(5))


def check_ball_volume(ball_volume):
    with Checker(ball_volume, forbid=GLOBAL_RNG) as c:
        estimate, standard_error = _pair(c, c.call("d = 1 (the 'ball' is [-1, 1], volume 2), n = 10", 1, 10, _generator(1)))
        c.close(estimate, 2.0, rtol=1e-12, what="the estimate (every point of [-1, 1] is inside)")
        c.close(standard_error, 0.0, atol=1e-12, what="the standard error (every sample is the same)")
        _reproducible(c, lambda rng: (3, 100, rng), "d = 3, n = 100", seeds_matter=False)
        n = 100_000
        for d in (2, 5, 10):
            volume = np.pi ** (d / 2) / math.gamma(d / 2 + 1)
            p = volume / 2**d  # the chance that a point of the cube lands in the ball
            sigma = 2**d * np.sqrt(p * (1 - p))
            kurtosis = (1 - 3 * p * (1 - p)) / (p * (1 - p))  # of a scaled 0/1 sample
            _accurate(c, c.call(f"d = {d}, n = {n:,} (seeded)", d, n, _generator(10 + d)), volume, sigma, kurtosis, n)
        inside = (4 / 3 * np.pi) / 8
        _unbiased(c, "d = 3, n = 2", lambda rng: (3, 2, rng), 4 / 3 * np.pi, 8 * np.sqrt(inside * (1 - inside)), 2, 400)
        c.call_raises("d = 0 (raise ValueError)", ValueError, 0, 10, _generator(2))
        c.call_raises("n = 1 (one sample has no standard error: raise ValueError)", ValueError, 2, 1, _generator(3))


def check_roc_auc(roc_auc):
    rng = np.random.default_rng(SEED)
    forbid = ["np.trapezoid", "scipy.integrate.trapezoid", "sklearn.metrics.roc_auc_score", "sklearn.metrics.auc"]
    with Checker(roc_auc, forbid=forbid) as c:
        c.close(
            c.call(
                "perfect ranking: scores [0.9, 0.8, 0.3, 0.1], labels [1, 1, 0, 0]",
                np.array([0.9, 0.8, 0.3, 0.1]),
                np.array([1, 1, 0, 0]),
            ),
            1.0,
        )
        c.close(
            c.call(
                "reversed ranking: scores [0.1, 0.3, 0.8, 0.9], labels [1, 1, 0, 0]",
                np.array([0.1, 0.3, 0.8, 0.9]),
                np.array([1, 1, 0, 0]),
            ),
            0.0,
        )
        c.close(
            c.call("every score tied: scores [0.5, 0.5, 0.5, 0.5], labels [0, 1, 0, 1]", np.full(4, 0.5), np.array([0, 1, 0, 1])),
            0.5,
        )
        scores, labels = np.array([0.9, 0.7, 0.7, 0.4, 0.2]), np.array([1, 1, 0, 1, 0])
        c.close(
            c.call("a positive and a negative tied at 0.7: scores [0.9, 0.7, 0.7, 0.4, 0.2], labels [1, 1, 0, 1, 0]", scores, labels),
            0.75,
        )
        c.close(
            c.call(
                "the same with the tied pair in the other order: scores [0.9, 0.7, 0.7, 0.4, 0.2], labels [1, 0, 1, 1, 0]",
                scores,
                np.array([1, 0, 1, 1, 0]),
            ),
            0.75,
        )
        c.close(
            c.call(
                "boolean labels, integer and negative scores: scores [-3, 2, 2, 5], labels [False, True, False, True]",
                np.array([-3, 2, 2, 5]),
                np.array([False, True, False, True]),
            ),
            0.875,
        )
        for trial in range(3):
            n = int(rng.integers(5, 300))
            labels = rng.random(n) < rng.uniform(0.2, 0.8)
            labels[:2] = [True, False]
            scores = np.round(rng.normal(size=n) + labels * rng.uniform(0, 2), 1)
            got = c.call(f"seeded case {trial + 1}: {n} scores rounded to 1 decimal (many ties)", scores, labels)
            c.close(got, _auc(scores, labels))
            flipped = c.call(f"seeded case {trial + 1} with every score negated", -scores, labels)
            c.close(
                flipped,
                1 - _auc(scores, labels),
                atol=1e-12,
                what="roc_auc(-scores) (reversing the ranking turns the AUC into 1 - AUC)",
            )
        n = 200_000
        labels = rng.random(n) < 0.1
        scores = np.round(rng.normal(size=n) + labels, 2)
        c.close(c.call(f"{n:,} seeded scores, 10% positives, rounded to 2 decimals", scores, labels), _auc(scores, labels))
        c.call_raises(
            "only positives: labels [1, 1, 1] (the ROC curve is undefined: raise ValueError)",
            ValueError,
            np.array([0.1, 0.2, 0.3]),
            np.array([1, 1, 1]),
        )
        c.call_raises("scores of length 3, labels of length 2 (raise ValueError)", ValueError, np.array([0.1, 0.2, 0.3]), np.array([1, 0]))
