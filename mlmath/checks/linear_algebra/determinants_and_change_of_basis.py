"""Checks for linear-algebra/06-determinants-and-change-of-basis."""

import numpy as np

from mlmath.checking import Checker

SEED = 707


def _square(rng, n, shift=0.0):
    """A seeded random n x n matrix; `shift` on the diagonal keeps it well away from singular."""
    return rng.normal(size=(n, n)) + shift * np.eye(n)


def check_signed_area(signed_area):
    rng = np.random.default_rng(SEED)
    with Checker(signed_area) as c:
        origin, east, north = np.array([0.0, 0.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0])
        c.close(c.call("counter-clockwise p = [0, 0], q = [1, 0], r = [0, 1]", origin, east, north), 0.5)
        c.close(c.call("clockwise p = [0, 0], q = [0, 1], r = [1, 0]", origin, north, east), -0.5)
        c.close(c.call("collinear p = [0, 0], q = [1, 1], r = [3, 3]", origin, np.array([1.0, 1.0]), np.array([3.0, 3.0])), 0.0)
        c.close(c.call("all three points equal, [2, 5]", np.array([2.0, 5.0]), np.array([2.0, 5.0]), np.array([2.0, 5.0])), 0.0)
        c.close(
            c.call(
                "counter-clockwise, shifted away from the origin: p = [10, 10], q = [11, 10], r = [10, 11]",
                np.array([10.0, 10.0]),
                np.array([11.0, 10.0]),
                np.array([10.0, 11.0]),
            ),
            0.5,
        )
        c.close(c.call("integer input p = [1, 1], q = [4, 1], r = [1, 5]", np.array([1, 1]), np.array([4, 1]), np.array([1, 5])), 6.0)
        far = 1e9
        p, q, r = np.array([0.5, 0.25]) + far, np.array([3.75, 1.5]) + far, np.array([-1.25, 4.5]) + far
        c.close(c.call("area 8, far from the origin (coordinates near 1e9)", p, q, r), 8.0)
        for trial in range(5):
            p, q, r = rng.normal(size=(3, 2)) * 5
            expected = 0.5 * np.linalg.det(np.column_stack([q - p, r - p]))
            c.close(c.call(f"random triangle {trial + 1} (seeded)", p, q, r), expected)
            c.close(c.call(f"random triangle {trial + 1}, vertices cycled to (q, r, p)", q, r, p), expected)
            c.close(c.call(f"random triangle {trial + 1}, q and r swapped", p, r, q), -expected)


def check_det_cofactor(det_cofactor):
    rng = np.random.default_rng(SEED)
    with Checker(det_cofactor, forbid=["np.linalg.det"]) as c:
        c.close(c.call("the empty 0 x 0 matrix (its determinant is 1)", np.zeros((0, 0))), 1.0)
        c.close(c.call("a 1 x 1 matrix [[-3.]]", np.array([[-3.0]])), -3.0)
        c.close(c.call("a 2 x 2 matrix [[1., 2.], [3., 4.]]", np.array([[1.0, 2.0], [3.0, 4.0]])), -2.0)
        A = np.array([[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [1.0, 1.0, 1.0]])
        c.close(c.call("a 3 x 3 matrix [[2., 0., 1.], [1., 3., 2.], [1., 1., 1.]]", A), np.linalg.det(A))
        A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
        c.close(c.call("a cyclic permutation [[0., 1., 0.], [0., 0., 1.], [1., 0., 0.]]", A), 1.0)
        A = np.array([[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]])
        c.close(c.call("integer input, the 4 x 4 second-difference matrix", A), 5.0)
        U = np.triu(rng.integers(-4, 5, size=(5, 5))).astype(float)
        c.close(c.call("a 5 x 5 upper-triangular matrix (seeded)", U), float(np.prod(np.diag(U))))
        for n in range(2, 7):
            A = _square(rng, n)
            c.close(c.call(f"random {n} x {n} matrix (seeded)", A), np.linalg.det(A))
        c.call_raises("a 2 x 3 matrix (not square)", ValueError, np.ones((2, 3)))


def check_det_via_lu(det_via_lu):
    rng = np.random.default_rng(SEED)
    with Checker(det_via_lu, forbid=["np.linalg.det", "np.linalg.slogdet", "scipy.linalg.lu"]) as c:
        c.close(c.call("the empty 0 x 0 matrix (its determinant is 1)", np.zeros((0, 0))), 1.0)
        c.close(c.call("a 1 x 1 matrix [[-3.]]", np.array([[-3.0]])), -3.0)
        c.close(c.call("a zero in the corner [[0., 1.], [1., 0.]] (needs a row swap)", np.array([[0.0, 1.0], [1.0, 0.0]])), -1.0)
        c.close(c.call("integer input [[2, 1], [1, 1]] (multipliers are not integers)", np.array([[2, 1], [1, 1]])), 1.0)
        c.close(c.call("a singular matrix [[1., 2.], [2., 4.]]", np.array([[1.0, 2.0], [2.0, 4.0]])), 0.0, atol=1e-12)
        A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
        c.close(c.call("a singular 3 x 3 matrix [[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]", A), 0.0, atol=1e-12)
        A = np.array([[1e-17, 1.0, 1.0], [1.0, 1.0, 2.0], [1.0, 2.0, 1.0]])
        c.close(c.call("a tiny pivot [[1e-17, 1., 1.], [1., 1., 2.], [1., 2., 1.]] (determinant 2)", A), 2.0)
        P = np.eye(4)[[1, 0, 3, 2]]
        c.close(c.call("a permutation that swaps rows 0, 1 and rows 2, 3", P), 1.0)
        P = np.eye(4)[[1, 2, 3, 0]]
        c.close(c.call("a cyclic permutation of 4 rows", P), -1.0)
        A = np.array([[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]])
        c.close(c.call("negative entries [[4., -2., 1.], [-2., 4., -2.], [1., -2., 4.]]", A), np.linalg.det(A))
        for n in (3, 6, 10):
            A = _square(rng, n)
            c.close(c.call(f"random {n} x {n} matrix (seeded)", A), np.linalg.det(A), rtol=1e-9)
        A = _square(rng, 200)
        c.close(c.call("random 200 x 200 matrix (seeded)", A), np.linalg.det(A), rtol=1e-8)
        c.call_raises("a 3 x 2 matrix (not square)", ValueError, np.ones((3, 2)))


def check_log_abs_det(log_abs_det):
    rng = np.random.default_rng(SEED)
    # "the same contract as np.linalg.slogdet (which you may not use)"
    with Checker(log_abs_det, forbid=["np.linalg.slogdet"]) as c:
        cases = [
            ("the 3 x 3 identity", np.eye(3)),
            ("the empty 0 x 0 matrix", np.zeros((0, 0))),
            ("a reflection [[0., 1.], [1., 0.]]", np.array([[0.0, 1.0], [1.0, 0.0]])),
            ("a diagonal matrix diag(2, -3)", np.diag([2.0, -3.0])),
            ("integer input [[2, 1], [1, 1]]", np.array([[2, 1], [1, 1]])),
            ("a tiny pivot [[1e-17, 1., 1.], [1., 1., 2.], [1., 2., 1.]]", np.array([[1e-17, 1.0, 1.0], [1.0, 1.0, 2.0], [1.0, 2.0, 1.0]])),
            ("a random 5 x 5 matrix (seeded)", _square(rng, 5)),
            ("a random 300 x 300 matrix times 10 (det overflows to inf)", 10 * _square(rng, 300)),
            ("a random 300 x 300 matrix times 0.01 (det underflows to 0)", 0.01 * _square(rng, 300)),
            ("1e-3 times the 400 x 400 identity (det = 1e-1200)", 1e-3 * np.eye(400)),
        ]
        for case, A in cases:
            sign, logabsdet = c.unpack(c.call(case, A), ("sign", "logabsdet"))
            expected_sign, expected_log = np.linalg.slogdet(A)
            c.close(sign, float(expected_sign), what="the sign")
            c.close(logabsdet, float(expected_log), rtol=1e-9, atol=1e-9, what="log |det A|")
        sign, logabsdet = c.unpack(
            c.call("a singular matrix [[1., 2.], [2., 4.]]", np.array([[1.0, 2.0], [2.0, 4.0]])), ("sign", "logabsdet")
        )
        c.close(sign, 0.0, what="the sign (0 for a singular matrix)")
        c.close(logabsdet, -np.inf, what="log |det A| (-inf for a singular matrix)")
        c.call_raises("a 2 x 3 matrix (not square)", ValueError, np.ones((2, 3)))


def check_change_of_basis(change_of_basis):
    rng = np.random.default_rng(SEED)
    # "Use np.linalg.solve (not np.linalg.inv)"
    with Checker(change_of_basis, forbid=["np.linalg.inv"]) as c:
        c.close(c.call("the standard basis, v = [3., -1., 2.]", np.array([3.0, -1.0, 2.0]), np.eye(3)), np.array([3.0, -1.0, 2.0]))
        c.close(
            c.call("a stretched basis B = [[2., 0.], [0., 3.]], v = [4., 9.]", np.array([4.0, 9.0]), np.array([[2.0, 0.0], [0.0, 3.0]])),
            np.array([2.0, 3.0]),
        )
        c.close(
            c.call(
                "basis vectors [1, 0] and [1, 1] as the columns of B = [[1., 1.], [0., 1.]], v = [3., 2.]",
                np.array([3.0, 2.0]),
                np.array([[1.0, 1.0], [0.0, 1.0]]),
            ),
            np.array([1.0, 2.0]),
        )
        c.close(
            c.call("integer input B = [[1, 1], [1, -1]], v = [5, 1]", np.array([5, 1]), np.array([[1, 1], [1, -1]])), np.array([3.0, 2.0])
        )
        c.close(c.call("a 1 x 1 basis B = [[4.]], v = [2.]", np.array([2.0]), np.array([[4.0]])), np.array([0.5]))
        angle = 0.3
        R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        v = np.array([1.0, 2.0])
        c.close(c.call("a rotated orthonormal basis (angle 0.3 rad), v = [1., 2.]", v, R), R.T @ v)
        for trial, n in enumerate((2, 4, 7)):
            B, v = _square(rng, n, shift=2.0), rng.normal(size=n)
            got = c.call(f"random basis {trial + 1} in {n} dimensions (seeded)", v, B)
            c.close(got, np.linalg.solve(B, v))
            c.close(B @ got, v, what="the round trip B @ coordinates (should give v back)")
        c.close(
            c.call(
                "a tiny but perfectly good basis B = 1e-200 * [[2., 0.], [1., 3.]], v = 1e-200 * [4., 11.] "
                "(the test for a basis must be relative to the size of B)",
                np.array([4e-200, 11e-200]),
                1e-200 * np.array([[2.0, 0.0], [1.0, 3.0]]),
            ),
            np.array([2.0, 3.0]),
        )
        c.close(
            c.call(
                "a huge basis B = 1e200 * [[0., 1.], [-1., 0.]], v = [1e200, 2e200]",
                np.array([1e200, 2e200]),
                1e200 * np.array([[0.0, 1.0], [-1.0, 0.0]]),
            ),
            np.array([-2.0, 1.0]),
        )
        c.call_raises(
            "columns that are not a basis, B = [[1., 2.], [2., 4.]]", ValueError, np.array([1.0, 1.0]), np.array([[1.0, 2.0], [2.0, 4.0]])
        )
        c.call_raises(
            "two equal columns, B = [[5., 5.], [3., 3.]] (elimination leaves a pivot of rounding size, "
            "not exactly 0, so np.linalg.solve does not raise)",
            ValueError,
            np.array([1.0, 0.0]),
            np.array([[5.0, 5.0], [3.0, 3.0]]),
        )
        c.call_raises(
            "dependent columns [1, 4, 7], [2, 5, 8], [3, 6, 9] (third = 2 x second - first)",
            ValueError,
            np.array([1.0, 0.0, 0.0]),
            np.arange(1.0, 10.0).reshape(3, 3),
        )
        c.call_raises(
            "equal columns scaled by 1e-200, B = 1e-200 * [[5., 5.], [3., 3.]]",
            ValueError,
            np.array([1e-200, 0.0]),
            1e-200 * np.array([[5.0, 5.0], [3.0, 3.0]]),
        )
        c.call_raises("two vectors in 3-D, B of shape (3, 2) (not a basis of 3-D space)", ValueError, np.ones(3), np.ones((3, 2)))


def _cholesky_reference(S):
    return np.linalg.cholesky(np.asarray(S, dtype=float))


def check_cholesky(cholesky):
    rng = np.random.default_rng(SEED + 2)
    # "Do not use np.linalg.cholesky or scipy.linalg.cholesky"
    with Checker(cholesky, forbid=["np.linalg.cholesky", "scipy.linalg.cholesky"]) as c:

        def factor(case, S, expected=None):
            S = np.asarray(S)
            n = S.shape[0]
            L = c.array(c.call(case, S), (n, n), what="L")
            c.require(np.all(np.triu(L, 1) == 0), f"L must be lower triangular (zeros above the diagonal); got {L}.")
            c.require(np.all(np.diag(L) > 0), f"L must have a positive diagonal; got diagonal {np.diag(L)}.")
            Sf = S.astype(float)
            c.close(L @ L.T, Sf, rtol=1e-9, atol=1e-12 * np.abs(Sf).max(), what="L @ L.T (it must give S back)")
            c.close(L, _cholesky_reference(Sf) if expected is None else expected, rtol=1e-9, atol=1e-12 * np.sqrt(np.abs(Sf).max()))
            return L

        factor("integer input S = [[4, 2], [2, 3]]", np.array([[4, 2], [2, 3]]), np.array([[2.0, 0.0], [1.0, np.sqrt(2.0)]]))
        factor(
            "S = [[4., -2., 2.], [-2., 10., -7.], [2., -7., 30.]] (negative entries)",
            np.array([[4.0, -2.0, 2.0], [-2.0, 10.0, -7.0], [2.0, -7.0, 30.0]]),
            np.array([[2.0, 0.0, 0.0], [-1.0, 3.0, 0.0], [1.0, -2.0, 5.0]]),
        )
        factor("a 1 x 1 matrix [[9.]]", np.array([[9.0]]), np.array([[3.0]]))
        factor("a diagonal matrix diag(9., 1e-4, 16.)", np.diag([9.0, 1e-4, 16.0]), np.diag([3.0, 1e-2, 4.0]))
        factor("a tiny but definite 1e-200 * [[4., 2.], [2., 3.]] (the tolerance is relative)", 1e-200 * np.array([[4.0, 2.0], [2.0, 3.0]]))
        factor("a huge 1e200 * [[4., 2.], [2., 3.]]", 1e200 * np.array([[4.0, 2.0], [2.0, 3.0]]))
        X = rng.normal(size=(50, 6)) @ rng.normal(size=(6, 6)) + 3.0
        Xc = X - X.mean(axis=0)
        cov = Xc.T @ Xc / 49
        L = factor("the sample covariance of 50 seeded points in 6-D", cov)
        _, logdet = np.linalg.slogdet(cov)
        c.close(2 * np.sum(np.log(np.diag(L))), logdet, what="2 * sum(log(diag(L))) (it must be log det S)")
        c.call_raises(
            "[[1., 2.], [2., 1.]] (a positive diagonal, but x = [1, -1] gives x^T S x = -2)", ValueError, np.array([[1.0, 2.0], [2.0, 1.0]])
        )
        c.call_raises("diag(1., -1e-3) (a small negative entry on the diagonal)", ValueError, np.diag([1.0, -1e-3]))
        c.call_raises("[[1., 1.], [1., 1.]] (semidefinite: x = [1, -1] gives x^T S x = 0)", ValueError, np.ones((2, 2)))
        c.call_raises("a 1 x 1 matrix [[0.]]", ValueError, np.array([[0.0]]))
        c.call_raises("diag(-1., -2.) (its determinant 2 is positive)", ValueError, np.diag([-1.0, -2.0]))
        for trial in range(3):
            few = rng.normal(size=(3, 5))
            few_c = few - few.mean(axis=0)
            c.call_raises(
                f"the sample covariance of 3 seeded points in 5-D, number {trial + 1} (rank 2: not positive definite)",
                ValueError,
                few_c.T @ few_c / 2,
            )
        x = rng.normal(size=(40, 2))
        Xs = np.column_stack([x, 0.7 * x[:, 0] - 1.3 * x[:, 1]])
        Xs = Xs - Xs.mean(axis=0)
        c.call_raises(
            "the covariance of 40 seeded points whose third feature is 0.7 x1 - 1.3 x2 (rank 2; rounding leaves a last pivot near 1e-15)",
            ValueError,
            Xs.T @ Xs / 39,
        )
        c.call_raises("a non-symmetric [[2., 1.], [0., 2.]]", ValueError, np.array([[2.0, 1.0], [0.0, 2.0]]))
        c.call_raises("a non-square array of shape (2, 3)", ValueError, np.ones((2, 3)))


def check_whiten(whiten):
    rng = np.random.default_rng(SEED + 1)
    # "Do not use np.cov or np.linalg.inv"
    with Checker(whiten, forbid=["np.cov", "np.linalg.inv"]) as c:

        def whitened(case, X, atol=1e-9):
            X = np.asarray(X)
            n, d = X.shape
            Z, mean, L = c.unpack(c.call(case, X), ("Z", "mean", "L"))
            Xf = X.astype(float)
            c.array(mean, (d,), what="mean, the sample mean of each column")
            c.close(mean, Xf.mean(axis=0), rtol=1e-9, atol=1e-12 * np.abs(Xf).max(), what="mean, the sample mean of each column")
            cov = np.atleast_2d(np.cov(Xf, rowvar=False))
            c.array(L, (d, d), what="L, the Cholesky factor")
            c.require(np.all(np.triu(L, 1) == 0), f"L must be lower triangular (zeros above the diagonal); got {L}.")
            c.require(np.all(np.diag(L) > 0), f"L must have a positive diagonal; got diagonal {np.diag(L)}.")
            c.close(
                L @ L.T, cov, rtol=1e-9, atol=1e-9 * np.abs(cov).max(), what="L @ L.T (it must be the sample covariance, dividing by n - 1)"
            )
            c.array(Z, (n, d), what="Z, the whitened data")
            c.close(Z.mean(axis=0), np.zeros(d), rtol=0, atol=atol, what="the column means of Z (whitened data is centred)")
            c.close(
                Z.T @ Z / (n - 1),
                np.eye(d),
                rtol=0,
                atol=atol,
                what="the sample covariance of Z, Z.T @ Z / (n - 1) (it must be the identity)",
            )
            c.close(Z @ L.T + mean, Xf, rtol=1e-9, atol=1e-9 * np.abs(Xf).max(), what="Z @ L.T + mean (it must give X back)")
            return Z

        Z = whitened("X = [[0.], [2.]] (two samples in 1-D)", np.array([[0.0], [2.0]]))
        c.close(Z, np.array([[-1.0], [1.0]]) / np.sqrt(2.0), what="Z")
        Z = whitened("integer input X = [[1, 0], [3, 0], [1, 2], [3, 2]]", np.array([[1, 0], [3, 0], [1, 2], [3, 2]]))
        c.close(Z, np.sqrt(3.0) / 2 * np.array([[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]]), what="Z")
        mixing = np.array([[3.0, 0.0, 0.0], [2.0, 0.5, 0.0], [-1.0, 1.0, 0.2]])
        X = rng.normal(size=(500, 3)) @ mixing.T + np.array([100.0, -50.0, 7.0])
        whitened("500 seeded samples in 3-D, strongly correlated, far from the origin", X)
        whitened("6 seeded samples in 5-D (n = d + 1, just enough)", rng.normal(size=(6, 5)))
        whitened("400 seeded samples with entries near 1e-120", 1e-120 * (rng.normal(size=(400, 3)) @ mixing.T))
        whitened("400 seeded samples with entries near 1e120", 1e120 * (rng.normal(size=(400, 3)) @ mixing.T))
        x = rng.normal(size=(50, 2))
        c.call_raises(
            "a third column that is the sum of the first two (covariance of rank 2)", ValueError, np.column_stack([x, x[:, 0] + x[:, 1]])
        )
        c.call_raises("a constant column (variance 0)", ValueError, np.column_stack([x, np.full(50, 3.0)]))
        c.call_raises("3 samples in 3-D (n <= d: the covariance has rank 2 at most)", ValueError, rng.normal(size=(3, 3)))
        c.call_raises("a single sample (no covariance)", ValueError, np.ones((1, 2)))
        c.call_raises("a 1-D array (not one sample per row)", ValueError, np.arange(5.0))
