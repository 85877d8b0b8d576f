"""Checks for linear-algebra/08-svd."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import orthonormal_columns, require_orthonormal_columns, with_singular_values

SEED = 606

EPS = np.finfo(float).eps


def _align_columns(got, expected):
    """Flip the sign of each column of `got` to point the same way as `expected`'s."""
    signs = np.sign(np.sum(got * expected, axis=0))
    signs[signs == 0] = 1.0
    return got * signs


# -- Exercise: singular values from the eigendecomposition of A^T A -------------


def _check_svd_from_eigh_case(c, case, A, compare_vectors=True):
    A = np.asarray(A)
    m, n = A.shape
    r = min(m, n)
    s, V = c.unpack(c.call(case, A), ("s", "V"))
    _, s_np, Vt_np = np.linalg.svd(A.astype(float))
    scale = max(float(s_np[0]), 1.0)
    c.array(s, (r,), what="the singular values s")
    c.close(s, s_np, rtol=1e-6, atol=1e-6 * scale, what="the singular values s (largest first)")
    c.array(V, (n, r), what="V, the right singular vectors as columns")
    require_orthonormal_columns(c, V, atol=1e-6, what="the columns of V")
    # Columns belonging to a zero singular value can be any orthonormal basis of the null space;
    # the others are unique up to sign (the singular values in these cases are well separated).
    keep = s_np > 1e-6 * scale
    if compare_vectors and keep.any():
        expected = Vt_np[:r].T[:, keep]
        c.close(
            _align_columns(V[:, keep], expected),
            expected,
            atol=1e-6,
            what="the columns of V for the non-zero singular values (compared up to sign)",
        )
    c.close(
        np.linalg.norm(A @ V, axis=0),
        s_np,
        rtol=1e-6,
        atol=1e-6 * scale,
        what="the lengths of the columns of A @ V (they must equal the singular values)",
    )


def check_svd_from_eigh(svd_from_eigh):
    rng = np.random.default_rng(SEED)
    with Checker(svd_from_eigh, forbid=["np.linalg.svd"]) as c:
        _check_svd_from_eigh_case(c, "diagonal A = [[3., 0.], [0., 5.]] (not in order)", np.array([[3.0, 0.0], [0.0, 5.0]]))
        _check_svd_from_eigh_case(c, "negative entries A = [[-2., 0.], [0., 1.]]", np.array([[-2.0, 0.0], [0.0, 1.0]]))
        _check_svd_from_eigh_case(c, "a 1 x 1 matrix A = [[-3.]]", np.array([[-3.0]]))
        _check_svd_from_eigh_case(c, "integer input A = [[1, 2], [3, 4], [5, 6]]", np.array([[1, 2], [3, 4], [5, 6]]))
        _check_svd_from_eigh_case(c, "the zero matrix of shape (2, 2)", np.zeros((2, 2)))
        _check_svd_from_eigh_case(
            c,
            "a rank-one 3 x 3 matrix, np.outer([1., 2., 3.], [0.1, 0.7, 0.3]) (A.T @ A has eigenvalues that round to tiny negatives)",
            np.outer([1.0, 2.0, 3.0], [0.1, 0.7, 0.3]),
        )
        _check_svd_from_eigh_case(
            c,
            "a wide 2 x 3 matrix A = [[1., 2., 3.], [4., 5., 6.]] (2 singular values, not 3)",
            np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
        )
        for trial, (m, n) in enumerate([(6, 4), (4, 6), (5, 5)]):
            A = with_singular_values(rng, m, n, np.linspace(4.0, 1.0, min(m, n)))
            _check_svd_from_eigh_case(c, f"seeded random {m} x {n} matrix {trial + 1}", A)


# -- Exercise: the best rank-k approximation -------------------------------------


def _check_rank_k_case(c, case, A, k):
    got = c.call(case, A, k)
    A = np.asarray(A, dtype=float)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    expected = (U[:, :k] * s[:k]) @ Vt[:k]
    scale = max(float(s[0]) if s.size else 0.0, 1.0)
    c.close(got, expected, rtol=1e-7, atol=1e-9 * scale)
    rank = int(np.linalg.matrix_rank(got)) if got.size else 0
    expected_rank = int(np.linalg.matrix_rank(expected)) if expected.size else 0
    c.require(rank == expected_rank, f"The result should have rank {expected_rank}, but np.linalg.matrix_rank gives {rank}.")
    c.close(
        np.linalg.norm(A - got),
        np.sqrt(np.sum(s[k:] ** 2)),
        rtol=1e-7,
        atol=1e-9 * scale,
        what="the error ||A - A_k||_F (it must equal the root of the sum of the discarded squared singular values)",
    )


def check_rank_k_approximation(rank_k_approximation):
    rng = np.random.default_rng(SEED)
    with Checker(rank_k_approximation) as c:
        D = np.diag([1.0, 5.0, 3.0])
        c.close(c.call("diagonal A = diag(1., 5., 3.), k = 1 (keeps the 5, not the first entry)", D, 1), np.diag([0.0, 5.0, 0.0]))
        c.close(c.call("diagonal A = diag(1., 5., 3.), k = 2", D, 2), np.diag([0.0, 5.0, 3.0]))
        c.close(c.call("k = 0 gives the zero matrix, A = [[1., 2.], [3., 4.]]", np.array([[1.0, 2.0], [3.0, 4.0]]), 0), np.zeros((2, 2)))
        _check_rank_k_case(
            c, "k = min(m, n) gives A back, A = [[1., 2.], [3., 4.], [5., 6.]], k = 2", np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), 2
        )
        _check_rank_k_case(c, "integer input A = [[2, 0, 1], [0, 3, 0]], k = 1", np.array([[2, 0, 1], [0, 3, 0]]), 1)
        _check_rank_k_case(c, "negative entries A = [[-4., 1.], [2., -3.]], k = 1", np.array([[-4.0, 1.0], [2.0, -3.0]]), 1)
        for trial, (m, n, k) in enumerate([(8, 5, 2), (5, 8, 3), (30, 20, 7), (6, 6, 1)]):
            A = with_singular_values(rng, m, n, np.sort(rng.uniform(0.5, 10.0, size=min(m, n)))[::-1])
            _check_rank_k_case(c, f"seeded random {m} x {n} matrix {trial + 1}, k = {k}", A, k)


# -- Exercise: the Eckart-Young table --------------------------------------------


def _first_k_columns(A, k):
    """A rank-k approximation that is not the best one: keep the first k columns of A, zero the rest."""
    A = np.asarray(A, dtype=float)
    B = np.zeros_like(A)
    B[:, :k] = A[:, :k]
    return B


def _check_table_case(c, case, A, approximate=None):
    got = c.call(case, A) if approximate is None else c.call(case + ", approximate = keep the first k columns", A, approximate)
    A = np.asarray(A, dtype=float)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    r = s.size
    scale = max(float(np.linalg.norm(A)), 1.0)
    c.array(got, (r + 1, 2), what="the table, one row per k = 0, 1, ..., r and two columns")
    if approximate is None:
        measured = np.array([np.linalg.norm(A - (U[:, :k] * s[:k]) @ Vt[:k]) for k in range(r + 1)])
        what = "column 0, the measured errors ||A - A_k||_F for k = 0, 1, ..., r"
    else:
        measured = np.array([np.linalg.norm(A - approximate(A, k)) for k in range(r + 1)])
        what = (
            "column 0, the measured errors ||A - approximate(A, k)||_F for k = 0, 1, ..., r "
            "(measure the approximation you are given; do not copy the prediction)"
        )
    predicted = np.sqrt(np.array([np.sum(s[k:] ** 2) for k in range(r + 1)]))
    c.close(got[:, 0], measured, rtol=1e-7, atol=1e-10 * scale, what=what)
    c.close(
        got[:, 1],
        predicted,
        rtol=1e-7,
        atol=1e-10 * scale,
        what="column 1, the predicted errors sqrt(s_{k+1}^2 + ... + s_r^2) for k = 0, 1, ..., r",
    )
    if approximate is not None:
        c.require(
            np.all(got[:, 0] >= got[:, 1] - 1e-9 * scale),
            "No rank-k approximation beats the truncated SVD: column 0 must never be below column 1.",
        )


def check_eckart_young_table(eckart_young_table):
    rng = np.random.default_rng(SEED)
    with Checker(eckart_young_table) as c:
        c.close(c.call("diagonal A = diag(3., 4.)", np.diag([3.0, 4.0])), np.array([[5.0, 5.0], [3.0, 3.0], [0.0, 0.0]]))
        c.close(c.call("a 1 x 1 matrix A = [[-2.]]", np.array([[-2.0]])), np.array([[2.0, 2.0], [0.0, 0.0]]))
        c.close(
            c.call(
                "diagonal A = diag(3., 4.), approximate = keep the first k columns (keeps the 3, not the 4)",
                np.diag([3.0, 4.0]),
                _first_k_columns,
            ),
            np.array([[5.0, 5.0], [4.0, 3.0], [0.0, 0.0]]),
        )
        _check_table_case(c, "integer input A = [[1, 2, 3], [4, 5, 6]] (wide)", np.array([[1, 2, 3], [4, 5, 6]]))
        _check_table_case(
            c, "a tall A = [[1., -2.], [3., 0.], [-1., 4.]]", np.array([[1.0, -2.0], [3.0, 0.0], [-1.0, 4.0]]), _first_k_columns
        )
        _check_table_case(c, "the zero matrix of shape (3, 2)", np.zeros((3, 2)))
        for trial, (m, n) in enumerate([(7, 4), (4, 9), (12, 12)]):
            A = rng.normal(size=(m, n))
            _check_table_case(c, f"seeded random {m} x {n} matrix {trial + 1}", A)
            _check_table_case(c, f"seeded random {m} x {n} matrix {trial + 1}", A, _first_k_columns)


# -- Exercise: how many singular values keep a given share of the energy ---------


def check_energy_rank(energy_rank):
    rng = np.random.default_rng(SEED)
    with Checker(energy_rank) as c:
        s = np.array([4.0, 3.0])
        c.equal(c.call("s = [4., 3.], fraction = 0.6 (squares: 16 of 25 is 0.64)", s, 0.6), 1)
        c.equal(c.call("s = [2., 1., 1., 1., 1.], fraction = 0.5 (exactly 4 of 8 at k = 1)", np.array([2.0, 1.0, 1.0, 1.0, 1.0]), 0.5), 1)
        c.equal(c.call("integer input s = [2, 1, 1, 1, 1], fraction = 0.6", np.array([2, 1, 1, 1, 1]), 0.6), 2)
        c.equal(c.call("fraction = 0 keeps nothing, s = [4., 3.]", s, 0.0), 0)
        c.equal(c.call("fraction = 1 with trailing zeros, s = [3., 1., 0., 0.]", np.array([3.0, 1.0, 0.0, 0.0]), 1.0), 2)
        c.equal(c.call("all zeros, s = [0., 0., 0.], fraction = 0.9", np.zeros(3), 0.9), 0)
        c.equal(c.call("empty s, fraction = 0.9", np.array([]), 0.9), 0)
        c.equal(c.call("one value, s = [7.], fraction = 0.3", np.array([7.0]), 0.3), 1)
        c.equal(
            c.call("huge values s = [3e200, 2e200, 1e200], fraction = 0.9 (the squares overflow)", np.array([3e200, 2e200, 1e200]), 0.9), 2
        )
        c.equal(
            c.call(
                "tiny values s = [3e-200, 2e-200, 1e-200], fraction = 0.9 (the squares underflow)", np.array([3e-200, 2e-200, 1e-200]), 0.9
            ),
            2,
        )
        s = np.sort(np.random.default_rng(0).uniform(0, 1, size=34))[::-1]
        c.equal(c.call("34 seeded values in (0, 1), fraction = 1.0 (the running sum ends a hair below np.sum)", s, 1.0), 34)
        for trial in range(5):
            s = np.sort(rng.exponential(size=int(rng.integers(2, 60))))[::-1]
            fraction = float(np.round(rng.uniform(0.05, 0.95), 3))
            running = np.concatenate([[0.0], np.cumsum(s**2)])
            expected = int(np.searchsorted(running, fraction * running[-1], side="left"))
            c.equal(c.call(f"seeded random spectrum {trial + 1} of length {s.size}, fraction = {fraction}", s, fraction), expected)
        c.call_raises("fraction = 1.5 is not a fraction", ValueError, np.array([2.0, 1.0]), 1.5)
        c.call_raises("fraction = -0.1 is not a fraction", ValueError, np.array([2.0, 1.0]), -0.1)


# -- Exercise: the pseudo-inverse ------------------------------------------------


def _check_pinv_case(c, case, A, rtol=None):
    got = c.call(case, A) if rtol is None else c.call(case, A, rtol)
    A = np.asarray(A, dtype=float)
    cutoff = max(A.shape) * EPS if rtol is None else rtol
    expected = np.linalg.pinv(A, rcond=cutoff)
    scale = max(float(np.abs(expected).max()) if expected.size else 0.0, 1.0)
    c.close(got, expected, rtol=1e-6, atol=1e-9 * scale)
    size = max(float(np.abs(A).max()), 1.0) * scale
    c.close(A @ got @ A, A, rtol=1e-6, atol=1e-8 * size, what="A @ A_plus @ A (it must give back A)")
    c.close(A @ got, (A @ got).T, atol=1e-8 * size, what="A @ A_plus (it must be symmetric)")


def check_pseudo_inverse(pseudo_inverse):
    rng = np.random.default_rng(SEED)
    with Checker(pseudo_inverse, forbid=["np.linalg.pinv", "np.linalg.inv", "np.linalg.lstsq"]) as c:
        A = np.array([[2.0, 1.0], [1.0, 3.0]])
        c.close(c.call("an invertible A = [[2., 1.], [1., 3.]] (the pseudo-inverse is the inverse)", A), np.linalg.inv(A))
        c.close(c.call("a 1 x 1 matrix A = [[-4.]]", np.array([[-4.0]])), np.array([[-0.25]]))
        R = np.array([[1.0, 2.0], [2.0, 4.0]])
        c.close(c.call("a singular A = [[1., 2.], [2., 4.]] (rank one: A_plus = A.T / 25)", R), R.T / 25)
        c.close(c.call("the zero matrix of shape (2, 3) (its pseudo-inverse is zero, of shape (3, 2))", np.zeros((2, 3))), np.zeros((3, 2)))
        c.close(
            c.call("A = diag(1., 1e-20): the tiny singular value is below the default cutoff", np.diag([1.0, 1e-20])), np.diag([1.0, 0.0])
        )
        c.close(
            c.call(
                "A = diag(1e6, 100., 5e5) with rtol = 1e-3 (the cutoff is 1e-3 * 1e6 = 1000, so 100 is dropped)",
                np.diag([1e6, 100.0, 5e5]),
                1e-3,
            ),
            np.diag([1e-6, 0.0, 2e-6]),
        )
        c.close(
            c.call(
                "a small-scale A = diag(2e-16, 1e-16) (the default cutoff is relative to the largest singular value)",
                np.diag([2e-16, 1e-16]),
            ),
            np.diag([5e15, 1e16]),
        )
        _check_pinv_case(c, "integer input A = [[1, 2], [3, 4], [5, 6]] (tall)", np.array([[1, 2], [3, 4], [5, 6]]))
        _check_pinv_case(c, "a wide A = [[1., 0., 2.], [0., 1., -1.]]", np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]]))
        _check_pinv_case(c, "a rank-one 3 x 3 matrix, np.outer([1., 2., 3.], [0.1, 0.7, 0.3])", np.outer([1.0, 2.0, 3.0], [0.1, 0.7, 0.3]))
        for trial, (m, n, rank) in enumerate([(6, 4, 4), (4, 7, 4), (8, 8, 5), (10, 6, 2)]):
            values = np.sort(rng.uniform(0.5, 5.0, size=rank))[::-1]
            _check_pinv_case(c, f"seeded random {m} x {n} matrix {trial + 1} of rank {rank}", with_singular_values(rng, m, n, values))


# -- Exercise: ridge regression through the SVD -----------------------------------


def check_ridge_svd(ridge_svd):
    rng = np.random.default_rng(SEED + 1)
    # "Use np.linalg.svd; not np.linalg.solve, np.linalg.inv or np.linalg.lstsq"
    with Checker(ridge_svd, forbid=["np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"]) as c:

        def ridge(X, y, alpha):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)

        X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
        got = c.array(c.call("X = [[1, 0], [0, 2], [0, 0]] (shape (3, 2)), y = [1, 1, 1], alpha = 1", X, np.ones(3), 1.0), (2,))
        c.close(got, np.array([0.5, 0.4]), what="w (filter factors 1/(1 + 1) and 2/(4 + 1))")
        c.close(c.call("the same X, y = [-2, 3, 5], alpha = 4", X, np.array([-2.0, 3.0, 5.0]), 4.0), np.array([-0.4, 0.75]))
        c.close(
            c.call(
                "integer input X = [[2, 1], [0, 1], [1, 0]], y = [1, 2, 3], alpha = 1",
                np.array([[2, 1], [0, 1], [1, 0]]),
                np.array([1, 2, 3]),
                1,
            ),
            ridge([[2, 1], [0, 1], [1, 0]], [1, 2, 3], 1.0),
        )
        for trial, (n, d, alpha) in enumerate([(30, 4, 0.5), (8, 8, 1e-3), (3, 6, 2.0)]):
            X, y = rng.normal(size=(n, d)), rng.normal(size=n)
            got = c.array(c.call(f"seeded X of shape ({n}, {d}), alpha = {alpha}", X, y, alpha), (d,))
            c.close(got, ridge(X, y, alpha), rtol=1e-9, atol=1e-12)
        x = rng.normal(size=20)
        twins = np.column_stack([np.ones(20), x, x])
        y = 2.0 + 3.0 * x + 0.1 * rng.normal(size=20)
        got = c.call("two identical feature columns (X is rank-deficient), alpha = 0.1", twins, y, 0.1)
        c.close(got, ridge(twins, y, 0.1), rtol=1e-9, atol=1e-12)
        c.close(got[1], got[2], what="the two twin weights (ridge splits the weight evenly)")
        X, y = rng.normal(size=(10, 3)), rng.normal(size=10)
        c.close(
            c.call("alpha = 1e6, far above every sigma^2: w is close to X.T @ y / alpha", X, y, 1e6),
            ridge(X, y, 1e6),
            rtol=1e-9,
            atol=1e-18,
        )
        c.close(
            c.call("X scaled by 1e3 and alpha by 1e6: w scales by 1e-3", 1e3 * X, y, 1e6 * 0.5),
            ridge(X, y, 0.5) / 1e3,
            rtol=1e-9,
            atol=1e-15,
        )
        c.call_raises("alpha = 0 (that is the pseudo-inverse, not ridge)", ValueError, X, y, 0.0)
        c.call_raises("alpha = -1", ValueError, X, y, -1.0)
        c.call_raises("y has 9 entries but X has 10 rows", ValueError, X, y[:9], 1.0)


# -- Exercise: PCA through the SVD -----------------------------------------------


def _check_pca_case(c, case, X, k):
    components, variance = c.unpack(c.call(case, X, k), ("components", "explained_variance"))
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    eigenvalues, eigenvectors = np.linalg.eigh(np.atleast_2d(np.cov(X, rowvar=False)))
    order = np.argsort(eigenvalues)[::-1][:k]
    expected_variance, expected_components = eigenvalues[order], eigenvectors[:, order].T
    scale = max(float(eigenvalues.max()), 1.0)
    c.array(variance, (k,), what="the explained variances")
    c.close(
        variance,
        expected_variance,
        rtol=1e-6,
        atol=1e-9 * scale,
        what="the explained variances, largest first (sample variance, dividing by n - 1)",
    )
    c.array(components, (k, d), what="the components, one per row")
    c.close(
        _align_columns(components.T, expected_components.T).T,
        expected_components,
        atol=1e-6,
        what="the components, one unit vector per row (compared up to sign)",
    )
    projected = (X - X.mean(axis=0)) @ components.T
    c.close(
        projected.var(axis=0, ddof=1),
        expected_variance,
        rtol=1e-6,
        atol=1e-9 * scale,
        what="the variance of the centred data projected on each component",
    )


def check_pca_components(pca_components):
    rng = np.random.default_rng(SEED)
    # "do not use np.cov or an eigendecomposition"
    with Checker(pca_components, forbid=["np.cov", "np.linalg.eig", "np.linalg.eigh"]) as c:
        t = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
        X = np.column_stack([10 + t, 20 + 2 * t])
        _check_pca_case(c, "five points on the line through (10, 20) with direction (1, 2), k = 1", X, 1)
        _check_pca_case(c, "one feature, X = [[1.], [2.], [4.]], k = 1", np.array([[1.0], [2.0], [4.0]]), 1)
        _check_pca_case(c, "integer input X = [[0, 0], [4, 0], [0, 2], [4, 2]], k = 2", np.array([[0, 0], [4, 0], [0, 2], [4, 2]]), 2)
        _check_pca_case(c, "two samples, X = [[1., 2., 3.], [3., 2., 1.]], k = 1", np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]), 1)
        for trial, (n, d, k) in enumerate([(200, 5, 2), (300, 3, 3), (6, 10, 3)]):
            rotation = orthonormal_columns(rng, d, d)
            X = (rng.normal(size=(n, d)) * np.geomspace(5.0, 0.2, d)) @ rotation.T + rng.uniform(-1000, 1000, size=d)
            _check_pca_case(c, f"seeded random data {trial + 1}: {n} samples, {d} features, mean far from 0, k = {k}", X, k)


# -- Exercise: a conditioning experiment --------------------------------------------
