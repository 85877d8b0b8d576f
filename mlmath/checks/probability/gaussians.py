"""Checks for probability/04-gaussians."""

import math

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 3004

#: How many standard errors a statistical check allows: a correct sampler is essentially never this far off.
Z = 5.0

_INVERSES = ["np.linalg.inv", "np.linalg.pinv"]
_DETERMINANTS = ["np.linalg.det", "np.linalg.slogdet"]
_EIGEN = ["np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals", "np.linalg.eigvalsh", "np.linalg.svd"]


# -- test matrices and reference implementations ---------------------------------------------


def _covariance(rng, d, low=0.5, high=3.0):
    """A seeded random d x d covariance with eigenvalues spread over [low, high] and a random orientation."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return (Q * np.linspace(low, high, d)) @ Q.T


#: A 3 x 3 covariance whose Cholesky factor L is far from symmetric, so L L^T and L^T L differ a lot.
SIGMA3 = np.array([[4.0, 2.0, -1.2], [2.0, 2.0, 0.3], [-1.2, 0.3, 1.5]])


def _normal_logpdf(x, mu, sigma):
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return -0.5 * z**2 - math.log(sigma) - 0.5 * math.log(2 * math.pi)


def _mvn_logpdf(X, mu, Sigma):
    X, mu, Sigma = (np.asarray(a, dtype=float) for a in (X, mu, Sigma))
    d = mu.size
    _, logdet = np.linalg.slogdet(Sigma)
    diff = X - mu
    quad = np.einsum("ij,ij->i", diff, np.linalg.solve(Sigma, diff.T).T)
    return -0.5 * (quad + logdet + d * math.log(2 * math.pi))


def _mvn_sample(mu, Sigma, n, rng):
    mu, Sigma = np.asarray(mu, dtype=float), np.asarray(Sigma, dtype=float)
    L = np.linalg.cholesky(Sigma)
    return mu + rng.standard_normal((n, mu.size)) @ L.T


# -- Exercise 1 ----------------------------------------------------------------------------------


def check_normal_logpdf(normal_logpdf):
    rng = np.random.default_rng(SEED)
    with Checker(normal_logpdf, forbid=["np.random.normal"]) as c:
        half_log_2pi = 0.5 * math.log(2 * math.pi)
        got = c.call("x = [0.], mu = 0, sigma = 1 (the peak of the standard normal)", np.array([0.0]), 0.0, 1.0)
        c.array(got, (1,))
        c.close(got, np.array([-half_log_2pi]))
        c.close(
            c.call("x = [1., -1., 2.], mu = 0, sigma = 1", np.array([1.0, -1.0, 2.0]), 0.0, 1.0),
            np.array([-0.5, -0.5, -2.0]) - half_log_2pi,
        )
        c.close(c.call("integer input x = [3, 5, 1], mu = 3, sigma = 2", np.array([3, 5, 1]), 3, 2), _normal_logpdf([3, 5, 1], 3, 2))
        c.close(
            c.call("a negative mean, x = [-2., -1.5, 0.], mu = -2, sigma = 0.5", np.array([-2.0, -1.5, 0.0]), -2.0, 0.5),
            _normal_logpdf([-2.0, -1.5, 0.0], -2.0, 0.5),
        )
        c.close(
            c.call(
                "far in the tails, x = [40., -60.], mu = 0, sigma = 1 (the density itself underflows to 0)",
                np.array([40.0, -60.0]),
                0.0,
                1.0,
            ),
            np.array([-800.0, -1800.0]) - half_log_2pi,
        )
        c.close(
            c.call("a huge scale, x = [1e6, 0.], mu = 0, sigma = 1e6", np.array([1e6, 0.0]), 0.0, 1e6), _normal_logpdf([1e6, 0.0], 0.0, 1e6)
        )
        c.close(
            c.call("a tiny scale, x = [1e-3, 0.], mu = 0, sigma = 1e-3 (log-densities above 0)", np.array([1e-3, 0.0]), 0.0, 1e-3),
            _normal_logpdf([1e-3, 0.0], 0.0, 1e-3),
        )
        got = c.call("an empty x", np.array([]), 0.0, 1.0)
        c.array(got, (0,))
        x = rng.normal(size=20) * 3
        c.close(c.call("20 seeded random points, mu = 1.5, sigma = 2.5", x, 1.5, 2.5), _normal_logpdf(x, 1.5, 2.5))
        grid = np.linspace(1.0 - 10 * 0.7, 1.0 + 10 * 0.7, 4001)
        got = c.array(c.call("a grid of 4001 points over mu +- 10 sigma, mu = 1, sigma = 0.7", grid, 1.0, 0.7), (4001,))
        density = np.exp(got)
        area = float(np.sum((density[1:] + density[:-1]) / 2 * np.diff(grid)))
        c.close(area, 1.0, rtol=1e-6, what="the area under exp(log-density) (a density integrates to 1)")
        c.call_raises("sigma = 0 (no spread: raise ValueError)", ValueError, np.array([0.0]), 0.0, 0.0)
        c.call_raises("sigma = -1 (raise ValueError)", ValueError, np.array([0.0]), 0.0, -1.0)


# -- Exercise 2 ----------------------------------------------------------------------------------


def check_mvn_logpdf(mvn_logpdf):
    rng = np.random.default_rng(SEED)
    with Checker(mvn_logpdf, forbid=_INVERSES + _DETERMINANTS) as c:

        def expect(case, X, mu, Sigma):
            got = c.array(c.call(case, X, mu, Sigma), (len(X),))
            c.close(got, _mvn_logpdf(X, mu, Sigma), rtol=1e-9)

        X = np.array([[0.0], [2.0], [-3.0]])
        expect(
            "d = 1: X = [[0.], [2.], [-3.]], mu = [0.], Sigma = [[4.]] (the univariate normal, sigma = 2)",
            X,
            np.array([0.0]),
            np.array([[4.0]]),
        )
        expect("the standard normal in 2-D at the mean: X = [[0., 0.]], Sigma = I", np.zeros((1, 2)), np.zeros(2), np.eye(2))
        X = rng.normal(size=(5, 3)) * 2
        expect(
            "a diagonal Sigma = diag(1, 4, 0.25), 5 seeded points, mu = [1., -1., 0.]",
            X,
            np.array([1.0, -1.0, 0.0]),
            np.diag([1.0, 4.0, 0.25]),
        )
        expect(
            "a correlated 3 x 3 Sigma = [[4, 2, -1.2], [2, 2, 0.3], [-1.2, 0.3, 1.5]], 6 seeded points",
            rng.normal(size=(6, 3)) * 2 - 1,
            np.array([0.5, -2.0, 1.0]),
            SIGMA3,
        )
        expect(
            "integer input X = [[1, 2], [0, -1]], mu = [1, 0], Sigma = [[2, 1], [1, 2]]",
            np.array([[1, 2], [0, -1]]),
            np.array([1, 0]),
            np.array([[2, 1], [1, 2]]),
        )
        d = 200
        for low, high, why in [
            (0.01, 0.02, "det(Sigma) is about 1e-370 and underflows to 0"),
            (30.0, 60.0, "det(Sigma) is about 1e320 and overflows to inf"),
        ]:
            Sigma = _covariance(rng, d, low, high)
            mu = rng.normal(size=d)
            X = mu + rng.normal(size=(3, d)) * math.sqrt(low)
            expect(f"d = 200, eigenvalues of Sigma between {low:g} and {high:g}, 3 seeded points ({why})", X, mu, Sigma)
        got = c.call("no points: X of shape (0, 2)", np.zeros((0, 2)), np.zeros(2), np.eye(2))
        c.array(got, (0,))
        c.call_raises(
            "a non-symmetric Sigma = [[2., 1.], [0., 2.]] (Cholesky would quietly read only the lower triangle: raise ValueError)",
            ValueError,
            np.zeros((1, 2)),
            np.zeros(2),
            np.array([[2.0, 1.0], [0.0, 2.0]]),
        )
        c.call_raises(
            "a non-symmetric Sigma = [[2., 0.], [1., 2.]] (raise ValueError)",
            ValueError,
            np.zeros((1, 2)),
            np.zeros(2),
            np.array([[2.0, 0.0], [1.0, 2.0]]),
        )
        c.call_raises(
            "a symmetric Sigma that is not positive definite, [[1., 2.], [2., 1.]] (raise ValueError)",
            ValueError,
            np.zeros((1, 2)),
            np.zeros(2),
            np.array([[1.0, 2.0], [2.0, 1.0]]),
        )
        c.call_raises("a non-square Sigma of shape (2, 3) (raise ValueError)", ValueError, np.zeros((1, 2)), np.zeros(2), np.ones((2, 3)))
        c.call_raises("mu of length 3 with a 2 x 2 Sigma (raise ValueError)", ValueError, np.zeros((1, 2)), np.zeros(3), np.eye(2))


# -- Exercise 3 ----------------------------------------------------------------------------------


def _expected_axes(Sigma, k):
    lam, V = np.linalg.eigh(np.asarray(Sigma, dtype=float))
    lam, V = lam[::-1], V[:, ::-1]
    return k * V * np.sqrt(np.clip(lam, 0, None)), lam


def check_ellipse_axes(ellipse_axes):
    rng = np.random.default_rng(SEED)
    with Checker(ellipse_axes, forbid=_EIGEN) as c:

        def expect(case, Sigma, k):
            got = c.array(c.call(case, Sigma, k), (2, 2))
            expected, lam = _expected_axes(Sigma, k)
            scale = k * math.sqrt(max(lam[0], 0))
            c.close(
                got @ got.T,
                k**2 * np.asarray(Sigma, dtype=float),
                rtol=1e-9,
                atol=1e-9 * scale**2,
                what="A @ A.T, which must equal k**2 * Sigma (each column is a semi-axis)",
            )
            c.close(
                got[:, 0] @ got[:, 1],
                0.0,
                atol=1e-9 * scale**2,
                what="the dot product of the two columns (the axes of an ellipse are perpendicular)",
            )
            if lam[0] - lam[1] > 1e-6 * lam[0]:  # distinct eigenvalues: each axis is unique up to its sign
                for j, which in enumerate(["column 0, the major (longer) semi-axis", "column 1, the minor semi-axis"]):
                    sign = 1.0 if got[:, j] @ expected[:, j] >= 0 else -1.0
                    c.close(got[:, j], sign * expected[:, j], rtol=1e-9, atol=1e-9 * scale, what=f"{which} (either sign is accepted)")

        expect("Sigma = diag(4, 1), k = 1 (axes along x, length 2, and y, length 1)", np.diag([4.0, 1.0]), 1.0)
        expect("Sigma = diag(1, 9), k = 1 (the major axis is vertical)", np.diag([1.0, 9.0]), 1.0)
        expect("Sigma = [[2, 1], [1, 2]], k = 1 (major axis along (1, 1))", np.array([[2.0, 1.0], [1.0, 2.0]]), 1.0)
        expect(
            "Sigma = [[2, -1], [-1, 2]], k = 2 (negative correlation: major axis along (1, -1))", np.array([[2.0, -1.0], [-1.0, 2.0]]), 2.0
        )
        expect("Sigma = [[1, 0.8], [0.8, 3]], k = 1 (a > c is not required)", np.array([[1.0, 0.8], [0.8, 3.0]]), 1.0)
        expect("integer input Sigma = [[5, 2], [2, 2]], k = 3", np.array([[5, 2], [2, 2]]), 3)
        expect("the identity, k = 1.5 (a circle: any two perpendicular radii of length 1.5)", np.eye(2), 1.5)
        expect("a singular Sigma = [[1, 1], [1, 1]] (a flat ellipse: the minor axis has length 0)", np.array([[1.0, 1.0], [1.0, 1.0]]), 1.0)
        expect("a huge scale, Sigma = 1e12 * [[5, 2], [2, 1]]", 1e12 * np.array([[5.0, 2.0], [2.0, 1.0]]), 1.0)
        expect("a tiny scale, Sigma = 1e-12 * [[1, -0.5], [-0.5, 4]]", 1e-12 * np.array([[1.0, -0.5], [-0.5, 4.0]]), 1.0)
        for trial in range(6):
            B = rng.normal(size=(2, 2))
            k = float(rng.uniform(0.5, 3))
            expect(f"seeded random covariance {trial + 1}, k = {k:.3f}", B @ B.T + 0.05 * np.eye(2), k)
        c.call_raises(
            "a non-symmetric Sigma = [[2., 1.], [0., 2.]] (raise ValueError)", ValueError, np.array([[2.0, 1.0], [0.0, 2.0]]), 1.0
        )
        c.call_raises(
            "Sigma = [[1., 2.], [2., 1.]] has a negative eigenvalue (raise ValueError)", ValueError, np.array([[1.0, 2.0], [2.0, 1.0]]), 1.0
        )
        c.call_raises("a 3 x 3 Sigma (raise ValueError)", ValueError, np.eye(3), 1.0)


# -- Exercise 4 ----------------------------------------------------------------------------------


def check_mvn_sample(mvn_sample):
    rng_seed = SEED + 4
    with Checker(mvn_sample, forbid=[*GLOBAL_RNG, ".multivariate_normal"]) as c:
        case = "mu = [1., -2., 0.5], Sigma = [[4, 2, -1.2], [2, 2, 0.3], [-1.2, 0.3, 1.5]], n = 100,000"
        mu, n = np.array([1.0, -2.0, 0.5]), 100_000
        got = c.array(c.call(case + ", rng = np.random.default_rng(3008)", mu, SIGMA3, n, np.random.default_rng(rng_seed)), (n, 3))
        mean = got.mean(axis=0)
        error = np.abs(mean - mu) / np.sqrt(np.diag(SIGMA3) / n)
        c.require(
            np.all(error <= Z),
            f"The sample mean {np.round(mean, 4)} is {error.max():.1f} standard errors from "
            f"mu = {mu}; a correct sampler is almost never more than {Z:g} away. Did you add mu?",
        )
        cov = np.cov(got, rowvar=False)
        variances = np.diag(SIGMA3)
        standard_errors = np.sqrt((np.outer(variances, variances) + SIGMA3**2) / n)
        error = np.abs(cov - SIGMA3) / standard_errors
        c.require(
            np.all(error <= Z),
            f"The sample covariance\n{np.round(cov, 3)}\nis {error.max():.1f} standard errors "
            f"from Sigma\n{SIGMA3}\nin some entry. x = mu + L z has covariance L L^T: is L (or its transpose) "
            "the right way round?",
        )
        c.close(
            got,
            _mvn_sample(mu, SIGMA3, n, np.random.default_rng(rng_seed)),
            rtol=1e-10,
            what="the samples themselves: with the same rng, Z = rng.standard_normal((n, d)) and mu + Z @ L.T give exactly these",
        )
        again = c.call(case + ", again with a fresh np.random.default_rng(3008)", mu, SIGMA3, n, np.random.default_rng(rng_seed))
        c.require(
            np.array_equal(got, again),
            "Two calls with identically seeded generators gave different samples: draw every random number from the `rng` argument.",
        )
        for case, mean, Sigma, n, seed in [
            ("d = 1: mu = [5.], Sigma = [[4.]], n = 10", np.array([5.0]), np.array([[4.0]]), 10, 1),
            ("integer input mu = [1, 2], Sigma = [[2, 1], [1, 2]], n = 5", np.array([1, 2]), np.array([[2, 1], [1, 2]]), 5, 2),
            ("one sample, n = 1, d = 3", mu, SIGMA3, 1, 3),
            ("a huge scale, Sigma = 1e10 * [[4, 2, -1.2], ...], n = 4", np.zeros(3), 1e10 * SIGMA3, 4, 4),
        ]:
            got = c.array(
                c.call(f"{case}, rng = np.random.default_rng({seed})", mean, Sigma, n, np.random.default_rng(seed)), (n, len(mean))
            )
            c.close(got, _mvn_sample(mean, Sigma, n, np.random.default_rng(seed)), rtol=1e-10)
        c.array(c.call("no samples, n = 0, d = 2", np.zeros(2), np.eye(2), 0, np.random.default_rng(5)), (0, 2))
        c.call_raises(
            "a singular Sigma = [[1., 1.], [1., 1.]] (Cholesky fails: raise ValueError)",
            ValueError,
            np.zeros(2),
            np.array([[1.0, 1.0], [1.0, 1.0]]),
            3,
            np.random.default_rng(6),
        )
        c.call_raises(
            "a non-symmetric Sigma = [[1., 0.], [0.5, 1.]] (raise ValueError)",
            ValueError,
            np.zeros(2),
            np.array([[1.0, 0.0], [0.5, 1.0]]),
            3,
            np.random.default_rng(7),
        )


# -- Exercise 5 ----------------------------------------------------------------------------------


def check_whiten(whiten):
    rng = np.random.default_rng(SEED)
    with Checker(whiten, forbid=_INVERSES) as c:

        def expect(case, X):
            X = np.asarray(X)
            n, d = X.shape
            got = c.array(c.call(case, X), (n, d))
            c.close(got.mean(axis=0), np.zeros(d), atol=1e-9, what="the mean of each column of the result")
            c.close(
                np.cov(got, rowvar=False, ddof=1).reshape(d, d),
                np.eye(d),
                atol=1e-8,
                what="the sample covariance of the result (ddof = 1), which must be the identity",
            )
            centred = X - X.mean(axis=0)
            scale = np.abs(centred).max(axis=0)
            M, *_ = np.linalg.lstsq(centred / scale, got, rcond=None)
            c.close(
                (centred / scale) @ M,
                got,
                atol=1e-8,
                what="the result as a linear map of the centred data (whitening is (X - mean) times a matrix)",
            )

        expect(
            "500 seeded correlated points in 3-D",
            rng.normal(size=(500, 3)) @ np.array([[2.0, 0.0, 0.0], [1.5, 0.5, 0.0], [-1.0, 0.3, 0.2]]) + np.array([5.0, -3.0, 1.0]),
        )
        expect("d = 1: X = [[1.], [2.], [4.], [7.]] (whitening is standardising)", np.array([[1.0], [2.0], [4.0], [7.0]]))
        expect("integer input X = [[1, 2], [3, 1], [0, 0], [2, 5]]", np.array([[1, 2], [3, 1], [0, 0], [2, 5]]))
        expect("the fewest rows that work, n = d + 1 = 4 points in 3-D (seeded)", rng.normal(size=(4, 3)))
        Y = rng.normal(size=(200, 2)) @ np.array([[1.0, 0.0], [0.9, 0.3]])
        expect("columns of very different scales (1e6 and 1e-3), 200 seeded correlated points", Y * np.array([1e6, 1e-3]))
        c.call_raises("n = d = 3 rows (the sample covariance is singular: raise ValueError)", ValueError, rng.normal(size=(3, 3)))
        c.call_raises("one row, X of shape (1, 2) (raise ValueError)", ValueError, np.array([[1.0, 2.0]]))


# -- Exercise 6 ----------------------------------------------------------------------------------


def check_mahalanobis(mahalanobis):
    rng = np.random.default_rng(SEED)
    with Checker(mahalanobis, forbid=[*_INVERSES, "loop"]) as c:

        def expect(case, X, mu, Sigma):
            X = np.asarray(X)
            got = c.array(c.call(case, X, mu, Sigma), (len(X),))
            diff = np.asarray(X, dtype=float) - np.asarray(mu, dtype=float)
            squared = np.einsum("ij,ij->i", diff, np.linalg.solve(np.asarray(Sigma, dtype=float), diff.T).T)
            c.close(got, np.sqrt(squared), rtol=1e-9)

        X = np.array([[3.0, 4.0], [0.0, -2.0], [0.0, 0.0]])
        expect("Sigma = I (the Euclidean distance to mu = 0), X = [[3, 4], [0, -2], [0, 0]]", X, np.zeros(2), np.eye(2))
        expect(
            "Sigma = diag(4, 1), mu = 0, X = [[2, 0], [0, 2]] (2 is one standard deviation along x, two along y)",
            np.array([[2.0, 0.0], [0.0, 2.0]]),
            np.zeros(2),
            np.diag([4.0, 1.0]),
        )
        expect(
            "strong correlation Sigma = [[1, 0.9], [0.9, 1]], X = [[1, 1], [1, -1]] (same Euclidean distance, "
            "very different Mahalanobis distances)",
            np.array([[1.0, 1.0], [1.0, -1.0]]),
            np.zeros(2),
            np.array([[1.0, 0.9], [0.9, 1.0]]),
        )
        expect(
            "a correlated 3 x 3 Sigma, mu = [1, -1, 2], 10 seeded points", rng.normal(size=(10, 3)) * 3, np.array([1.0, -1.0, 2.0]), SIGMA3
        )
        expect(
            "integer input X = [[1, 2]], mu = [0, 1], Sigma = [[2, 1], [1, 2]]",
            np.array([[1, 2]]),
            np.array([0, 1]),
            np.array([[2, 1], [1, 2]]),
        )
        expect("a huge scale: Sigma = 1e12 * SIGMA, points 1e6 away", 1e6 * rng.normal(size=(4, 3)), np.zeros(3), 1e12 * SIGMA3)
        expect("no points: X of shape (0, 3)", np.zeros((0, 3)), np.zeros(3), SIGMA3)
        # Property: if x = mu + L z, the Mahalanobis distance of x is exactly the length of z
        Sigma = _covariance(rng, 6)
        L = np.linalg.cholesky(Sigma)
        mu = rng.normal(size=6)
        Zs = rng.normal(size=(50, 6))
        got = c.array(c.call("50 points x = mu + L z, d = 6 (seeded)", mu + Zs @ L.T, mu, Sigma), (50,))
        c.close(got, np.linalg.norm(Zs, axis=1), rtol=1e-9, what="the distances, which must equal |z| for x = mu + L z")
        n, d = 100_000, 4
        expect(
            f"{n:,} seeded points in {d}-D (one solve for all points at once)", rng.normal(size=(n, d)), np.zeros(d), _covariance(rng, d)
        )


# -- Exercise 7 ----------------------------------------------------------------------------------


def check_marginal(marginal):
    rng = np.random.default_rng(SEED)
    with Checker(marginal) as c:

        def expect(case, mu, Sigma, idx):
            mean, cov = c.unpack(c.call(case, mu, Sigma, idx), ("mean", "cov"))
            k = len(idx)
            c.array(mean, (k,), what="the mean")
            c.array(cov, (k, k), what="the covariance")
            idx = np.asarray(idx, dtype=int)
            c.close(mean, np.asarray(mu, dtype=float)[idx], what="the mean")
            c.close(cov, np.asarray(Sigma, dtype=float)[np.ix_(idx, idx)], what="the covariance")

        mu = np.array([10.0, -20.0, 30.0, -40.0])
        Sigma = np.array([[4.0, 1.0, 0.5, -0.3], [1.0, 3.0, -0.7, 0.2], [0.5, -0.7, 2.0, 0.9], [-0.3, 0.2, 0.9, 1.0]])
        expect("mu = [10, -20, 30, -40], a 4 x 4 Sigma, idx = [0, 2]", mu, Sigma, [0, 2])
        expect("the same, idx = [3, 1] (keep the order asked for)", mu, Sigma, [3, 1])
        expect("the same, idx = [2, 0, 3]", mu, Sigma, [2, 0, 3])
        expect("one index, idx = [1] (still a vector and a 1 x 1 matrix)", mu, Sigma, [1])
        expect("all indices in order, idx = [0, 1, 2, 3]", mu, Sigma, [0, 1, 2, 3])
        expect("idx as a NumPy array np.array([1, 3])", mu, Sigma, np.array([1, 3]))
        expect(
            "integer input mu = [1, 2, 3], Sigma = [[3, 1, 0], [1, 2, 1], [0, 1, 2]], idx = [2, 1]",
            np.array([1, 2, 3]),
            np.array([[3, 1, 0], [1, 2, 1], [0, 1, 2]]),
            [2, 1],
        )
        expect("no indices, idx = [] (the empty marginal)", mu, Sigma, [])
        Sigma = _covariance(rng, 7)
        mu = rng.normal(size=7)
        idx = list(rng.permutation(7)[:4])
        expect(f"a seeded random 7-D Gaussian, idx = {[int(i) for i in idx]}", mu, Sigma, [int(i) for i in idx])


# -- Exercise 8 ----------------------------------------------------------------------------------


def _condition(mu, Sigma, a, b, x_b):
    mu, Sigma, x_b = (np.asarray(v, dtype=float) for v in (mu, Sigma, x_b))
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    S_aa, S_ab, S_bb = Sigma[np.ix_(a, a)], Sigma[np.ix_(a, b)], Sigma[np.ix_(b, b)]
    if b.size == 0:
        return mu[a], S_aa
    K = np.linalg.solve(S_bb, S_ab.T).T
    return mu[a] + K @ (x_b - mu[b]), S_aa - K @ S_ab.T


def check_condition(condition):
    rng = np.random.default_rng(SEED)
    with Checker(condition, forbid=_INVERSES) as c:

        def expect(case, mu, Sigma, a, b, x_b):
            mean, cov = c.unpack(c.call(case, mu, Sigma, a, b, x_b), ("mean", "cov"))
            k = len(a)
            c.array(mean, (k,), what="the conditional mean")
            c.array(cov, (k, k), what="the conditional covariance")
            expected_mean, expected_cov = _condition(mu, Sigma, a, b, x_b)
            c.close(mean, expected_mean, rtol=1e-9, what="the conditional mean")
            c.close(cov, expected_cov, rtol=1e-9, what="the conditional covariance")
            marginal = np.asarray(Sigma, dtype=float)[np.ix_(a, a)]
            if k:
                c.require(
                    np.linalg.eigvalsh(marginal - cov).min() >= -1e-9 * np.abs(marginal).max(),
                    "Conditioning can only remove uncertainty: Sigma_aa minus your covariance must be positive "
                    "semidefinite, and it is not. Check the sign of the correction term.",
                )

        Sigma = np.array([[4.0, 3.0], [3.0, 9.0]])
        expect(
            "mu = [1, 2], Sigma = [[4, 3], [3, 9]], a = [0], b = [1], x_b = [5.] (mean 2, variance 3)",
            np.array([1.0, 2.0]),
            Sigma,
            [0],
            [1],
            np.array([5.0]),
        )
        expect("the same Gaussian the other way: a = [1], b = [0], x_b = [-1.]", np.array([1.0, 2.0]), Sigma, [1], [0], np.array([-1.0]))
        expect(
            "independent blocks (Sigma_ab = 0): nothing changes",
            np.array([1.0, 2.0, 3.0]),
            np.diag([1.0, 2.0, 3.0]),
            [0, 2],
            [1],
            np.array([10.0]),
        )
        mu = np.array([0.5, -1.0, 2.0, 0.0, 1.5])
        Sigma = _covariance(rng, 5)
        expect("a seeded random 5-D Gaussian, a = [3, 0], b = [4, 1, 2]", mu, Sigma, [3, 0], [4, 1, 2], rng.normal(size=3))
        expect("the same Gaussian, a = [0, 2], b = [1, 3] (as many conditioned as kept)", mu, Sigma, [0, 2], [1, 3], rng.normal(size=2) * 3)
        expect("the same Gaussian, a = [2, 1, 4], b = [0]", mu, Sigma, [2, 1, 4], [0], np.array([-2.0]))
        expect("nothing observed, b = [], x_b = [] (the marginal of a)", mu, Sigma, [1, 3], [], np.array([]))
        expect(
            "integer input mu = [1, 2, 3], Sigma = [[3, 1, 1], [1, 2, 0], [1, 0, 2]], a = [0], b = [1, 2], x_b = [3, 1]",
            np.array([1, 2, 3]),
            np.array([[3, 1, 1], [1, 2, 0], [1, 0, 2]]),
            [0],
            [1, 2],
            np.array([3, 1]),
        )
        Sigma = 1e8 * _covariance(rng, 4)
        expect(
            "a huge scale, Sigma times 1e8, a = [1], b = [0, 2, 3], x_b about 1e4",
            np.zeros(4),
            Sigma,
            [1],
            [0, 2, 3],
            1e4 * rng.normal(size=3),
        )
