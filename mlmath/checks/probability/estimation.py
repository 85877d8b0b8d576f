"""Checks for probability/05-estimation."""

import math

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 3005


# -- reference answers -------------------------------------------------------------------------


def _bernoulli_ll(p, x):
    p, x = np.asarray(p, dtype=float), np.asarray(x, dtype=float)
    k, n = x.sum(), x.size
    with np.errstate(divide="ignore"):
        ones = np.where(p > 0, k * np.log(np.where(p > 0, p, 1.0)), 0.0 if k == 0 else -np.inf)
        zeros = np.where(p < 1, (n - k) * np.log1p(-np.where(p < 1, p, 0.0)), 0.0 if k == n else -np.inf)
    return ones + zeros


def _gaussian_ll(params, x):
    mu, var = params
    return -0.5 * x.size * np.log(2 * np.pi * var) - np.sum((x - mu) ** 2) / (2 * var)


def _logsumexp(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def _softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=float)
    n = logits.shape[0]
    picked = logits[np.arange(n), labels]
    loss = float(np.mean(_logsumexp(logits, axis=1) - picked))
    grad = _softmax(logits, axis=1)
    grad[np.arange(n), labels] -= 1.0
    return loss, grad / n


def _bce(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))


def _poisson_mean_ll(theta, counts):
    counts = np.asarray(counts, dtype=float)
    log_factorials = np.array([math.lgamma(k + 1) for k in counts])
    return float(np.mean(counts) * theta - np.exp(theta) - np.mean(log_factorials))


def _poisson_path(counts, lr, steps, theta0):
    mean = float(np.mean(np.asarray(counts, dtype=float)))
    path = [float(theta0)]
    for _ in range(steps):
        path.append(path[-1] + lr * (mean - math.exp(path[-1])))
    return np.array(path)


# -- checks --------------------------------------------------------------------------------------


def check_bernoulli_log_likelihood(bernoulli_log_likelihood):
    rng = np.random.default_rng(SEED)
    with Checker(bernoulli_log_likelihood) as c:

        def expect(case, p, x):
            got = c.call(case, p, x)
            c.array(got, (np.size(p),))
            c.close(got, _bernoulli_ll(p, x))
            return got

        expect("p = [0.5], x = [1, 0, 1]", np.array([0.5]), np.array([1, 0, 1]))
        expect("p = [0.25, 0.5, 0.75], x = [1, 1, 1, 0] (3 ones, 1 zero)", np.array([0.25, 0.5, 0.75]), np.array([1, 1, 1, 0]))
        expect(
            "p = [0., 1., 0.5], x = [1, 1, 1]: all ones (p = 0 is impossible, p = 1 is certain)",
            np.array([0.0, 1.0, 0.5]),
            np.array([1, 1, 1]),
        )
        expect("p = [0., 1.], x = [0, 0]: all zeros (0 * log 0 counts as 0)", np.array([0.0, 1.0]), np.array([0, 0]))
        expect(
            "p = [0., 1.], x = [1, 0]: both outcomes seen, so both extremes are impossible",
            np.array([0.0, 1.0]),
            np.array([1, 0]),
        )
        expect("integer p = [0, 1], x = [1, 1]", np.array([0, 1]), np.array([1, 1]))
        expect("no data, x = [] (the likelihood of nothing is 1)", np.array([0.0, 0.3, 1.0]), np.array([], dtype=int))
        expect(
            "boolean data x = [True, False, False, False, False], p = [0.2, 0.9]",
            np.array([0.2, 0.9]),
            np.array([True, False, False, False, False]),
        )
        x = (rng.random(100_000) < 0.03).astype(int)
        got = expect(
            "100,000 seeded clicks at rate 0.03, p = [0.01, 0.03, 0.1] (a product of the probabilities underflows to 0)",
            np.array([0.01, 0.03, 0.1]),
            x,
        )
        c.require(np.all(np.isfinite(got)), "With 0 < p < 1 every log-likelihood is finite: work with sums of logs.")
        x = np.array([1] * 37 + [0] * 63)
        grid = np.linspace(0, 1, 101)
        got = expect("101 values of p from 0 to 1, data with 37 ones in 100", grid, x)
        c.require(
            int(np.argmax(got)) == 37,
            f"The log-likelihood should peak at the MLE p = 37/100 = 0.37; yours peaks at p = {grid[np.argmax(got)]:.2f}.",
        )
        c.call_raises("p = [1.5] (not a probability)", ValueError, np.array([1.5]), np.array([1, 0]))
        c.call_raises("p = [-0.1] (not a probability)", ValueError, np.array([-0.1]), np.array([1, 0]))
        c.call_raises("x = [1, 2] (a Bernoulli outcome is 0 or 1)", ValueError, np.array([0.5]), np.array([1, 2]))


def check_gaussian_mle(gaussian_mle):
    rng = np.random.default_rng(SEED)
    with Checker(gaussian_mle, forbid=["np.var", "np.std", "np.nanvar", "np.nanstd", ".var", ".std"]) as c:

        def expect(case, x, unbiased, rtol=1e-7):
            got = c.call(case, x, unbiased)
            mean, variance = c.unpack(got, ("mean", "variance"))
            x = np.asarray(x, dtype=float)
            c.close(mean, float(np.mean(x)), rtol=rtol, what="the mean")
            c.close(variance, float(np.var(x, ddof=1 if unbiased else 0)), rtol=rtol, what="the variance")
            return mean, variance

        expect("x = [1., 2., 3., 4.], unbiased = False", np.array([1.0, 2.0, 3.0, 4.0]), False)
        expect("x = [1., 2., 3., 4.], unbiased = True (divide by n - 1)", np.array([1.0, 2.0, 3.0, 4.0]), True)
        expect("integer x = [2, 4, 4, 4, 5, 5, 7, 9], unbiased = False", np.array([2, 4, 4, 4, 5, 5, 7, 9]), False)
        expect("integer x = [2, 4, 4, 4, 5, 5, 7, 9], unbiased = True", np.array([2, 4, 4, 4, 5, 5, 7, 9]), True)
        expect("one observation x = [7.], unbiased = False", np.array([7.0]), False)
        expect("negative entries x = [-3., -1., -8.], unbiased = False", np.array([-3.0, -1.0, -8.0]), False)
        expect(
            "a large offset, x = 1e9 + [1., 2., 3., 4.] (E[x^2] - E[x]^2 cancels catastrophically)",
            1e9 + np.array([1.0, 2.0, 3.0, 4.0]),
            False,
        )
        expect("a tiny scale, x = 1e-150 * [1., 2., 3., 4.]", 1e-150 * np.array([1.0, 2.0, 3.0, 4.0]), True)
        for trial, (n, loc, scale) in enumerate([(1000, 3.0, 2.0), (17, -50.0, 0.01), (2, 0.0, 1.0)]):
            x = loc + scale * rng.normal(size=n)
            expect(f"seeded sample {trial + 1}: {n} draws from N({loc:g}, {scale:g}^2), unbiased = True", x, True)
            mean, variance = expect("the same sample, unbiased = False", x, False)
            # At the MLE the gradient of the log-likelihood vanishes. Differentiate in relative units,
            # mean + sd * u[0] and variance * (1 + u[1]), so both steps suit the data's scale; the
            # rounding error is then about n * eps / h ~ n * 1e-10, against 0.5 for ddof = 1.
            sd = math.sqrt(variance)
            gradient = numerical_gradient(
                lambda u, x=x, mean=mean, sd=sd, variance=variance: _gaussian_ll((mean + sd * u[0], variance * (1 + u[1])), x),
                np.zeros(2),
            )
            c.close(
                gradient,
                np.zeros(2),
                atol=1e-5 * n,
                what="the gradient of the Gaussian log-likelihood at your (mean, variance), in units of (sd, variance)",
            )
        c.call_raises("an empty sample, x = []", ValueError, np.array([]), False)
        c.call_raises("one observation with unbiased = True (n - 1 = 0)", ValueError, np.array([7.0]), True)


def check_beta_map_rate(beta_map_rate):
    rng = np.random.default_rng(SEED)
    with Checker(beta_map_rate) as c:

        def expect(case, clicks, views, a, b):
            got = c.call(case, clicks, views, a, b)
            c.array(got, (np.size(clicks),))
            clicks, views = np.asarray(clicks, dtype=float), np.asarray(views, dtype=float)
            c.close(got, (clicks + a - 1) / (views + a + b - 2))
            return got

        expect("clicks = [3], views = [10], a = b = 1 (a flat prior: the MLE 0.3)", np.array([3]), np.array([10]), 1, 1)
        expect(
            "clicks = [3, 0, 10], views = [10, 5, 10], a = b = 2 (one pseudo-click and one pseudo-miss)",
            np.array([3, 0, 10]),
            np.array([10, 5, 10]),
            2,
            2,
        )
        expect(
            "clicks = [1], views = [4], a = 2, b = 30 (a prior near 1/30; a and b are not interchangeable)",
            np.array([1]),
            np.array([4]),
            2,
            30,
        )
        expect("no data: clicks = [0], views = [0], a = 3, b = 5 (the prior's mode, 2/6)", np.array([0]), np.array([0]), 3, 5)
        expect("no data with a = 1, b = 4: the prior's mode is 0", np.array([0]), np.array([0]), 1, 4)
        expect(
            "fractional pseudo-counts a = 1.5, b = 2.5, clicks = [2, 7], views = [9, 7]",
            np.array([2, 7]),
            np.array([9, 7]),
            1.5,
            2.5,
        )
        expect(
            "a billion views, clicks = [12_345_678], views = [1_000_000_000], a = 50, b = 950 (the data swamps the prior)",
            np.array([12_345_678]),
            np.array([1_000_000_000]),
            50,
            950,
        )
        views = rng.integers(0, 40, size=200)
        clicks = rng.binomial(views, 0.05)
        got = expect("200 seeded ads with 0 to 39 views each, a = 2, b = 40", clicks, views, 2, 40)
        c.require(np.all((got >= 0) & (got <= 1)), "Every MAP rate must lie in [0, 1].")
        views = rng.integers(1, 1000, size=50)
        clicks = rng.binomial(views, 0.3)
        got = expect("50 seeded ads with at least one view each, a = b = 1", clicks, views, 1, 1)
        c.close(got, clicks / views, what="the MAP rate under a flat Beta(1, 1) prior against the MLE clicks / views")
        c.call_raises(
            "no data and a flat prior (a = b = 1): every rate is equally likely, there is no mode",
            ValueError,
            np.array([3, 0]),
            np.array([10, 0]),
            1,
            1,
        )
        c.call_raises("a = 0.5 (the task asks for a >= 1 and b >= 1)", ValueError, np.array([1]), np.array([2]), 0.5, 2)
        c.call_raises("b = 0 (the task asks for a >= 1 and b >= 1)", ValueError, np.array([1]), np.array([2]), 2, 0)
        c.call_raises("more clicks than views, clicks = [5], views = [3]", ValueError, np.array([5]), np.array([3]), 2, 2)
        c.call_raises("negative clicks, clicks = [-1], views = [3]", ValueError, np.array([-1]), np.array([3]), 2, 2)


def check_logsumexp(logsumexp):
    rng = np.random.default_rng(SEED)
    with Checker(logsumexp, forbid=["scipy.special.logsumexp", "np.logaddexp", "np.logaddexp2"]) as c:

        def expect(case, z, axis=-1):
            got = c.call(case, z, axis)
            expected = _logsumexp(z, axis)
            if np.ndim(expected) > 0:
                c.array(got, expected.shape)
            c.close(got, expected if np.ndim(expected) else float(expected))
            return got

        expect("z = [0., 0.] (log 2)", np.array([0.0, 0.0]))
        expect("z = [1., 2., 3.]", np.array([1.0, 2.0, 3.0]))
        expect("huge entries z = [1000., 1000.] (exp overflows)", np.array([1000.0, 1000.0]))
        expect("very negative entries z = [-1000., -1000.] (exp underflows to 0)", np.array([-1000.0, -1000.0]))
        expect("z = [1000., -1000.]", np.array([1000.0, -1000.0]))
        expect("a -inf entry (a zero probability), z = [-inf, 0.]", np.array([-np.inf, 0.0]))
        expect("every entry -inf, z = [-inf, -inf] (log 0 = -inf, not NaN)", np.array([-np.inf, -np.inf]))
        expect("one entry z = [5.]", np.array([5.0]))
        expect("integer input z = [1, 2, 3]", np.array([1, 2, 3]))
        Z = np.array([[1.0, 2.0, 3.0], [1000.0, -5.0, 999.0]])
        expect("Z of shape (2, 3), axis = -1 (one result per row)", Z, -1)
        expect("the same Z, axis = 1", Z, 1)
        expect("the same Z, axis = 0 (one result per column)", Z, 0)
        expect("rows with -inf, Z = [[-inf, -inf], [-inf, 3.]], axis = 1", np.array([[-np.inf, -np.inf], [-np.inf, 3.0]]), 1)
        expect("seeded Z of shape (4, 5) scaled by 1000, axis = 0", 1000 * rng.normal(size=(4, 5)), 0)
        expect("seeded array of shape (2, 3, 4), axis = 1", 50 * rng.normal(size=(2, 3, 4)), 1)


def check_softmax(softmax):
    rng = np.random.default_rng(SEED)
    with Checker(softmax, forbid=["scipy.special.softmax", "scipy.special.log_softmax"]) as c:

        def expect(case, z, axis=-1):
            got = c.call(case, z, axis)
            c.array(got, np.shape(z))
            dtype = np.float32 if np.asarray(z).dtype == np.float32 else np.float64
            c.require(
                got.dtype == dtype,
                f"Expected dtype {np.dtype(dtype).name} (float32 in, float32 out; anything else gives float64), got {got.dtype}.",
            )
            rtol = 1e-6 if dtype == np.float32 else 1e-7
            c.close(got, _softmax(z, axis), rtol=rtol)
            sums = np.asarray(np.sum(got, axis=axis, dtype=float))
            c.close(sums, np.ones(sums.shape), rtol=rtol, what=f"the sums along axis {axis} (probabilities add up to 1)")
            return got

        expect("z = [1., 2., 3.]", np.array([1.0, 2.0, 3.0]))
        expect("z = [1000., 1001., 1002.] (exp overflows)", np.array([1000.0, 1001.0, 1002.0]))
        expect("z = [-1000., -1000.] (exp underflows to 0)", np.array([-1000.0, -1000.0]))
        expect("a -inf logit (a class that is ruled out), z = [-inf, 0., 0.]", np.array([-np.inf, 0.0, 0.0]))
        expect("one entry z = [5.]", np.array([5.0]))
        expect("integer input z = [1, 2]", np.array([1, 2]))
        expect("float32 input z = [100., 101.] (exp(100) overflows float32)", np.array([100.0, 101.0], dtype=np.float32))
        Z = np.array([[1.0, 2.0, 3.0], [1000.0, -5.0, 999.0]])
        expect("Z of shape (2, 3), axis = -1 (each row sums to 1)", Z, -1)
        expect("the same Z, axis = 0 (each column sums to 1)", Z, 0)
        Z = 10 * rng.normal(size=(5, 4))
        first = expect("seeded Z of shape (5, 4), axis = 1", Z, 1)
        shifted = c.call("the same Z plus 1000 (softmax ignores a constant added to every logit)", Z + 1000.0, 1)
        c.close(shifted, first, what="softmax(Z + 1000) against your softmax(Z)")
        expect("seeded float32 Z of shape (3, 6) scaled by 100, axis = -1", (100 * rng.normal(size=(3, 6))).astype(np.float32))
        expect("seeded array of shape (2, 3, 4), axis = 1", 5 * rng.normal(size=(2, 3, 4)), 1)


def check_cross_entropy_from_logits(cross_entropy_from_logits):
    rng = np.random.default_rng(SEED)
    with Checker(cross_entropy_from_logits) as c:

        def expect(case, logits, labels, check_gradient=False):
            got = c.call(case, logits, labels)
            loss, grad = c.unpack(got, ("loss", "grad"))
            expected_loss, expected_grad = _cross_entropy(logits, labels)
            c.close(loss, expected_loss, what="the loss")
            c.array(grad, np.shape(logits), what="the gradient")
            c.close(grad, expected_grad, what="the gradient")
            c.close(
                np.sum(grad, axis=1),
                np.zeros(len(labels)),
                atol=1e-12,
                what="each row of the gradient summed over classes (softmax minus one-hot sums to 0)",
            )
            if check_gradient:
                # Central differences of a smooth loss of size ~1: about 1e-10 error, so 1e-7 is safe.
                numerical = numerical_gradient(lambda v: _cross_entropy(v, labels)[0], np.asarray(logits, dtype=float))
                c.close(grad, numerical, rtol=1e-6, atol=1e-7, what="your gradient against central finite differences of the loss")

        expect("logits = [[2., 1., 0.]], labels = [0]", np.array([[2.0, 1.0, 0.0]]), np.array([0]))
        expect(
            "logits of shape (3, 4) (batch 3, 4 classes), labels = [3, 0, 1]",
            np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -3.0, 0.2], [-0.4, 0.9, 0.1, 2.5]]),
            np.array([3, 0, 1]),
            True,
        )
        expect(
            "huge logits [[1000., 0.], [0., 1000.]], labels = [1, 1] (one confident miss, one confident hit)",
            np.array([[1000.0, 0.0], [0.0, 1000.0]]),
            np.array([1, 1]),
        )
        expect(
            "a confident right answer, logits = [[1000., 0., -1000.]], labels = [0] (loss 0)",
            np.array([[1000.0, 0.0, -1000.0]]),
            np.array([0]),
        )
        expect("integer logits [[1, 2], [3, 1]], labels = [1, 0]", np.array([[1, 2], [3, 1]]), np.array([1, 0]))
        expect("one class, logits = [[4.], [-2.]], labels = [0, 0] (loss 0)", np.array([[4.0], [-2.0]]), np.array([0, 0]))
        logits, labels = 3 * rng.normal(size=(6, 5)), rng.integers(0, 5, size=6)
        expect("seeded logits of shape (6, 5) and labels", logits, labels, True)
        logits, labels = 200 * rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)
        expect("seeded logits of shape (4, 3) scaled by 200", logits, labels)
        logits, labels = rng.normal(size=(500, 10)), rng.integers(0, 10, size=500)
        expect("seeded batch of 500 rows, 10 classes (the loss is a mean over the batch)", logits, labels)
        c.call_raises("a label equal to the number of classes, labels = [3] with 3 classes", ValueError, np.zeros((1, 3)), np.array([3]))
        c.call_raises(
            "a negative label, labels = [-1] (NumPy would quietly read the last class)",
            ValueError,
            np.zeros((1, 3)),
            np.array([-1]),
        )
        c.call_raises("3 rows of logits but 2 labels", ValueError, np.zeros((3, 4)), np.array([0, 1]))
        c.call_raises(
            "an empty batch, logits of shape (0, 3) (a mean over no examples)",
            ValueError,
            np.zeros((0, 3)),
            np.array([], dtype=int),
        )


def check_binary_cross_entropy_with_logits(binary_cross_entropy_with_logits):
    rng = np.random.default_rng(SEED)
    with Checker(binary_cross_entropy_with_logits, forbid=["np.logaddexp", "np.logaddexp2"]) as c:

        def expect(case, z, y, atol=None):
            got = c.call(case, z, y)
            c.array(got, np.shape(z))
            c.close(got, _bce(z, y), atol=atol)
            return got

        expect("z = [0.], y = [1.] (log 2)", np.array([0.0]), np.array([1.0]))
        expect("z = [2., -1., 0.5], y = [1., 0., 0.]", np.array([2.0, -1.0, 0.5]), np.array([1.0, 0.0, 0.0]))
        expect(
            "|z| = 1000: z = [1000., -1000., 1000., -1000.], y = [1., 1., 0., 0.]",
            np.array([1000.0, -1000.0, 1000.0, -1000.0]),
            np.array([1.0, 1.0, 0.0, 0.0]),
        )
        # Every entry must be right to its own size: the losses of confident right answers are ~4e-18.
        expect(
            "confident right answers z = [-40., 40.], y = [0., 1.] (losses near 4e-18: use log1p)",
            np.array([-40.0, 40.0]),
            np.array([0.0, 1.0]),
            atol=0,
        )
        expect("soft labels z = [1.5, -2., 3.], y = [0.3, 0.5, 0.9]", np.array([1.5, -2.0, 3.0]), np.array([0.3, 0.5, 0.9]))
        expect("integer input z = [3, -2], y = [0, 1]", np.array([3, -2]), np.array([0, 1]))
        expect("empty arrays", np.array([]), np.array([]))
        z = 30 * rng.normal(size=40)
        y = (rng.random(40) < 0.5).astype(float)
        got = expect("40 seeded logits of scale 30, labels 0 or 1", z, y, atol=0)
        two_class = np.stack([np.zeros_like(z), z], axis=1)
        # This form subtracts z from z + log(1 + e^-|z|), so it is only good to about eps * |z| absolutely.
        c.close(
            got,
            _logsumexp(two_class, axis=1) - two_class[np.arange(40), y.astype(int)],
            atol=1e-12,
            what="your losses against the cross-entropy of a 2-class softmax with logits [0, z]",
        )
        Z = rng.normal(size=(3, 4))
        expect("seeded arrays of shape (3, 4) with soft labels", Z, rng.random((3, 4)))
        c.call_raises("z has 3 entries, y has 2", ValueError, np.zeros(3), np.zeros(2))
        c.call_raises("a label y = [1.5] outside [0, 1]", ValueError, np.zeros(1), np.array([1.5]))
        c.call_raises("a label y = [-1.] outside [0, 1]", ValueError, np.zeros(1), np.array([-1.0]))


def check_poisson_mle_ascent(poisson_mle_ascent):
    rng = np.random.default_rng(SEED)
    with Checker(poisson_mle_ascent) as c:

        def expect(case, counts, lr, steps, theta0=0.0):
            got = c.call(case, counts, lr, steps, theta0)
            c.array(got, (steps + 1,))
            c.close(got, _poisson_path(counts, lr, steps, theta0))
            return got

        expect("counts = [2, 4, 3], lr = 0.5, 2 steps from theta0 = 0", np.array([2, 4, 3]), 0.5, 2)
        expect("steps = 0 (the path is just theta0 = 0.7)", np.array([2, 4, 3]), 0.5, 0, 0.7)
        expect(
            "counts = [0, 1, 0, 5], lr = 0.2, 5 steps from theta0 = log 10 (starting above the MLE)",
            np.array([0, 1, 0, 5]),
            0.2,
            5,
            math.log(10),
        )
        expect("one count [5], lr = 0.1, 100 steps (converges to log 5)", np.array([5]), 0.1, 100)
        expect("float counts [1., 2.], lr = 0.3, 4 steps from theta0 = -2", np.array([1.0, 2.0]), 0.3, 4, -2.0)
        counts = rng.poisson(4.2, size=500)
        lr = 0.1
        path = expect("500 seeded counts with rate 4.2, lr = 0.1, 300 steps", counts, lr, 300)
        c.close(
            math.exp(path[-1]),
            float(np.mean(counts)),
            rtol=1e-6,
            what="exp(final log-rate) against the closed-form MLE, the sample mean",
        )
        # Each step is theta + lr * gradient: the gradient recovered from the path must match central
        # differences of the mean log-likelihood (error ~1e-10; the subtraction adds ~eps * |theta| / lr).
        for t in (0, 1, 2, 10):
            step_gradient = (path[t + 1] - path[t]) / lr
            numerical = numerical_gradient(lambda v: _poisson_mean_ll(v[0], counts), np.array([path[t]]))[0]
            c.close(
                step_gradient,
                numerical,
                rtol=1e-6,
                atol=1e-8,
                what=f"step {t + 1} divided by lr against a central-difference gradient of the mean log-likelihood",
            )
        c.call_raises("no counts", ValueError, np.array([], dtype=int), 0.1, 10)
        c.call_raises("a negative count, counts = [3, -1]", ValueError, np.array([3, -1]), 0.1, 10)
        c.call_raises("all counts 0 (the MLE rate is 0: no finite log-rate reaches it)", ValueError, np.array([0, 0, 0]), 0.1, 10)
