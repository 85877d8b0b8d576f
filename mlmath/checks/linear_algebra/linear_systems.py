"""Checks for linear-algebra/03-linear-systems."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import well_conditioned

SEED = 303

LinAlgError = np.linalg.LinAlgError

#: lu_decompose: "Not allowed: any factorisation routine from NumPy or SciPy" (SciPy's count only when it is installed).
FACTORISATIONS = [
    "np.linalg.qr",
    "np.linalg.cholesky",
    "np.linalg.svd",
    "np.linalg.eig",
    "np.linalg.eigh",
    "scipy.linalg.lu",
    "scipy.linalg.lu_factor",
    "scipy.linalg.ldl",
    "scipy.linalg.qr",
    "scipy.linalg.cholesky",
    "scipy.linalg.svd",
]


def _triangular(n, rng, lower):
    """A random triangular matrix, diagonal entries in +-[1, 3], well conditioned for any n."""
    off = rng.normal(size=(n, n)) / np.sqrt(n)
    off = np.tril(off, -1) if lower else np.triu(off, 1)
    return off + np.diag(rng.choice([-1.0, 1.0], size=n) * rng.uniform(1.0, 3.0, size=n))


def _low_rank(m, n, r, rng):
    """A random m x n matrix of rank r (a product of m x r and r x n factors)."""
    return rng.normal(size=(m, r)) @ rng.normal(size=(r, n))


def _check_triangular(substitute, lower):
    """Shared body of the forward and back substitution checks."""
    rng = np.random.default_rng(SEED)
    name = "L" if lower else "U"
    triangle = np.tril if lower else np.triu
    # Forward substitution: "Not allowed: np.linalg.solve, np.linalg.inv"; back substitution: "Same rules as Exercise 1"
    with Checker(substitute, forbid=["np.linalg.solve", "np.linalg.inv"]) as c:
        T = triangle(np.array([[2.0, 1.0, -1.0], [1.0, 3.0, 2.0], [-1.0, 2.0, 4.0]]))
        b = np.array([4.0, -1.0, 6.0])
        c.close(c.call(f"{name} = {_rows(T)}, b = [4., -1., 6.]", T, b), np.linalg.solve(T, b))
        T, b = triangle(np.array([[2, 3], [1, 4]])), np.array([1, 2])
        c.close(c.call(f"integer input {name} = {_rows(T)}, b = [1, 2] (the answer is not an integer)", T, b), np.linalg.solve(T, b))
        c.close(c.call(f"a 1 x 1 system {name} = [[-4.]], b = [2.]", np.array([[-4.0]]), np.array([2.0])), np.array([-0.5]))
        c.close(c.call("an empty system, shapes (0, 0) and (0,)", np.zeros((0, 0)), np.zeros(0)), np.zeros(0))
        T = np.eye(3)
        c.close(c.call("the identity, b = [1e200, -3e-200, 7.]", T, np.array([1e200, -3e-200, 7.0])), np.array([1e200, -3e-200, 7.0]))
        for trial, n in enumerate([1, 2, 4, 6, 8]):
            T, b = _triangular(n, rng, lower), rng.normal(size=n)
            got = c.call(f"random {n} x {n} system {trial + 1} (seeded)", T, b)
            c.close(got, np.linalg.solve(T, b))
        T, b = _triangular(150, rng, lower), rng.normal(size=150)
        got = c.call("a random 150 x 150 system (seeded)", T, b)
        c.close(T @ got, b, rtol=1e-9, atol=1e-9, what=f"{name} @ x against b")
        T = triangle(np.array([[1.0, 2.0, 3.0], [4.0, 0.0, 5.0], [6.0, 7.0, 8.0]]))
        c.call_raises(f"a zero on the diagonal, {name} = {_rows(T)}", LinAlgError, T, np.ones(3))


def _rows(matrix):
    """A matrix as a compact nested list for case descriptions."""
    return str(np.asarray(matrix).tolist()).replace(".0,", ".,").replace(".0]", ".]")


def check_forward_substitution(forward_substitution):
    _check_triangular(forward_substitution, lower=True)


def check_back_substitution(back_substitution):
    _check_triangular(back_substitution, lower=False)


def check_gaussian_elimination(gaussian_elimination):
    rng = np.random.default_rng(SEED)
    with Checker(gaussian_elimination, forbid=["np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"]) as c:
        A, b = np.array([[3.0, 1.0, -2.0], [6.0, 4.0, 1.0], [-3.0, 5.0, 2.0]]), np.array([-5.0, 1.0, -7.0])
        c.close(c.call(f"A = {_rows(A)}, b = [-5., 1., -7.]", A, b), np.array([1.0, -2.0, 3.0]))
        A, b = np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([2.0, 3.0])
        c.close(c.call("a zero first pivot, A = [[0., 1.], [1., 1.]], b = [2., 3.] (swap rows)", A, b), np.array([1.0, 2.0]))
        A, b = np.array([[1e-20, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0])
        c.close(
            c.call("a tiny first pivot, A = [[1e-20, 1.], [1., 1.]], b = [1., 2.] (pivot on the largest entry)", A, b),
            np.linalg.solve(A, b),
        )
        A, b = np.array([[2, 1], [1, 3]]), np.array([1, 1])
        c.close(c.call("integer input A = [[2, 1], [1, 3]], b = [1, 1] (the answer is [0.4, 0.2])", A, b), np.array([0.4, 0.2]))
        c.close(c.call("a 1 x 1 system A = [[4.]], b = [-2.]", np.array([[4.0]]), np.array([-2.0])), np.array([-0.5]))
        for trial, n in enumerate([2, 3, 5, 8]):
            A, b = rng.normal(size=(n, n)), rng.normal(size=n)
            c.close(c.call(f"random {n} x {n} system {trial + 1} (seeded)", A, b), np.linalg.solve(A, b))
        A, b = well_conditioned(rng, 6, 6), rng.normal(size=6)
        c.close(c.call("a random 6 x 6 system scaled by 1e-200 (the tolerance is relative)", A * 1e-200, b * 1e-200), np.linalg.solve(A, b))
        c.close(c.call("a random 6 x 6 system, A scaled by 1e150", A * 1e150, b), np.linalg.solve(A * 1e150, b))
        A, b = well_conditioned(rng, 100, 100), rng.normal(size=100)
        got = c.call("a random 100 x 100 system (seeded)", A, b)
        c.close(A @ got, b, rtol=1e-9, atol=1e-9, what="A @ x against b")
        c.call_raises("a singular A = [[1., 2.], [2., 4.]]", LinAlgError, np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2))
        c.call_raises("the zero matrix, shape (3, 3)", LinAlgError, np.zeros((3, 3)), np.ones(3))
        c.call_raises("a 1 x 1 zero matrix", LinAlgError, np.zeros((1, 1)), np.ones(1))
        A = np.arange(1.0, 10.0).reshape(3, 3)
        c.call_raises(
            "A = [[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]] (singular; the last pivot is ~1e-16, not exactly 0)", LinAlgError, A, np.ones(3)
        )
        A = _low_rank(4, 4, 3, rng)
        c.call_raises("a random 4 x 4 matrix of rank 3 (seeded; rounding hides that it is singular)", LinAlgError, A, np.ones(4))


def _check_plu(c, result, A):
    """The properties of P, L, U returned for the square matrix A."""
    n = A.shape[0]
    P, L, U = c.unpack(result, ("P", "L", "U"))
    for label, M in zip("PLU", (P, L, U)):
        c.array(M, (n, n), what=label)
        c.require(M.dtype.kind == "f", f"Expected {label} to hold floats, got dtype {M.dtype}.")
        c.require(np.isfinite(M).all(), f"{label} contains NaN or inf: a division by a zero pivot?")
    c.require(
        np.isin(P, (0.0, 1.0)).all() and (P.sum(axis=0) == 1).all() and (P.sum(axis=1) == 1).all(),
        f"P must be a permutation matrix (a single 1 in every row and column, zeros elsewhere); got\n{P}",
    )
    c.require(
        np.allclose(np.diag(L), 1.0, rtol=0, atol=1e-12) and np.allclose(np.triu(L, 1), 0.0, rtol=0, atol=0),
        f"L must be unit lower triangular (ones on the diagonal, zeros above it); got\n{L}",
    )
    scale = max(np.abs(A).max(initial=0.0), np.abs(U).max(initial=0.0), 1.0)
    c.require(
        np.allclose(np.tril(U, -1), 0.0, rtol=0, atol=1e-12 * scale), f"U must be upper triangular (zeros below the diagonal); got\n{U}"
    )
    c.require(
        np.abs(L).max(initial=0.0) <= 1.0 + 1e-12,
        "With partial pivoting every multiplier in L has |l_ij| <= 1, but the largest is "
        f"{np.abs(L).max():.3g}: did you swap in the row with the largest |entry| of the column?",
    )
    c.close(L @ U, P @ A, rtol=1e-10, atol=1e-12 * scale, what="L @ U against P @ A")


def check_lu_decompose(lu_decompose):
    rng = np.random.default_rng(SEED)
    with Checker(lu_decompose, forbid=FACTORISATIONS) as c:
        cases = [
            ("A = [[2., 1.], [4., 3.]] (swap rows: 4 is the larger pivot)", np.array([[2.0, 1.0], [4.0, 3.0]])),
            ("a zero first pivot, A = [[0., 1.], [1., 1.]]", np.array([[0.0, 1.0], [1.0, 1.0]])),
            ("a tiny first pivot, A = [[1e-20, 1.], [1., 1.]]", np.array([[1e-20, 1.0], [1.0, 1.0]])),
            ("integer input A = [[2, 1], [1, 3]]", np.array([[2, 1], [1, 3]])),
            (
                "negative entries, A = [[-1., 2., 0.], [3., -4., 1.], [-5., 6., -2.]]",
                np.array([[-1.0, 2.0, 0.0], [3.0, -4.0, 1.0], [-5.0, 6.0, -2.0]]),
            ),
            ("a 1 x 1 matrix A = [[7.]]", np.array([[7.0]])),
            ("a singular A = [[1., 2.], [2., 4.]] (U gets a zero on its diagonal)", np.array([[1.0, 2.0], [2.0, 4.0]])),
            (
                "a zero column, A = [[0., 1., 2.], [0., 3., 4.], [0., 5., 7.]] (nothing to eliminate: move on)",
                np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 7.0]]),
            ),
            ("the zero matrix, shape (3, 3)", np.zeros((3, 3))),
            ("large entries, a 3 x 3 matrix scaled by 1e200", well_conditioned(rng, 3, 3) * 1e200),
        ]
        cases += [(f"random {n} x {n} matrix {trial + 1} (seeded)", rng.normal(size=(n, n))) for trial, n in enumerate([3, 5, 8])]
        cases += [("a random 60 x 60 matrix (seeded)", rng.normal(size=(60, 60)))]
        for case, A in cases:
            _check_plu(c, c.call(case, A), np.asarray(A, dtype=float))


def check_rank(rank):
    rng = np.random.default_rng(SEED)
    with Checker(rank, forbid=["np.linalg.matrix_rank", "np.linalg.svd", "np.linalg.det"]) as c:
        fixed = [
            ("the identity, shape (3, 3)", np.eye(3)),
            ("A = [[1., 2.], [2., 4.]] (second row = 2 x first)", np.array([[1.0, 2.0], [2.0, 4.0]])),
            (
                "A = [[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]] (the last pivot is ~1e-16, not exactly 0)",
                np.arange(1.0, 10.0).reshape(3, 3),
            ),
            ("the zero matrix, shape (2, 3)", np.zeros((2, 3))),
            ("no rows, shape (0, 3)", np.zeros((0, 3))),
            ("a single row [[0., 0., 5.]]", np.array([[0.0, 0.0, 5.0]])),
            (
                "a zero column in the middle, A = [[1., 0., 2.], [2., 0., 5.]] (skip it, keep the row)",
                np.array([[1.0, 0.0, 2.0], [2.0, 0.0, 5.0]]),
            ),
            ("a zero pivot that needs a row swap, A = [[0., 1.], [1., 0.], [1., 1.]]", np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])),
            ("integer input A = [[2, 4, 6], [1, 2, 4]]", np.array([[2, 4, 6], [1, 2, 4]])),
            ("a wide 3 x 6 matrix of rank 2 (seeded)", _low_rank(3, 6, 2, rng)),
            ("a tall 7 x 4 matrix of rank 3 (seeded)", _low_rank(7, 4, 3, rng)),
            ("a 5 x 5 matrix of rank 4, scaled by 1e-200 (the tolerance is relative)", _low_rank(5, 5, 4, rng) * 1e-200),
            ("a 5 x 5 matrix of rank 2, scaled by 1e200", _low_rank(5, 5, 2, rng) * 1e200),
        ]
        for case, A in fixed:
            c.equal(c.call(case, A), int(np.linalg.matrix_rank(A)) if A.size else 0)
        for trial in range(8):
            m, n = (int(k) for k in rng.integers(1, 9, size=2))
            r = int(rng.integers(0, min(m, n) + 1))
            A = _low_rank(m, n, r, rng)
            c.equal(c.call(f"random {m} x {n} matrix of rank {r} (seeded)", A), int(np.linalg.matrix_rank(A)))


def check_is_linearly_independent(is_linearly_independent):
    rng = np.random.default_rng(SEED)
    with Checker(is_linearly_independent, forbid=["np.linalg.det"]) as c:
        fixed = [
            ("the columns of the 3 x 3 identity", np.eye(3), True),
            ("one non-zero vector, V = [[1.], [2.]]", np.array([[1.0], [2.0]]), True),
            ("a zero vector among the columns, V = [[1., 0.], [2., 0.]]", np.array([[1.0, 0.0], [2.0, 0.0]]), False),
            ("a repeated column, V = [[1., 1.], [2., 2.], [3., 3.]]", np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]), False),
            ("three vectors in R^2 (too many to be independent)", np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]), False),
            ("two independent vectors in R^3 (V is not square)", np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]), True),
            ("columns [1, 4, 7], [2, 5, 8], [3, 6, 9] (third = 2 x second - first)", np.arange(1.0, 10.0).reshape(3, 3), False),
            ("integer input V = [[1, 2], [3, 4]]", np.array([[1, 2], [3, 4]]), True),
            ("no vectors at all, V of shape (3, 0) (the empty set is independent)", np.zeros((3, 0)), True),
            ("3 random vectors in R^3 that span only a plane (seeded; the determinant is not exactly 0)", _low_rank(3, 3, 2, rng), False),
            ("a 4 x 3 matrix of rank 2 scaled by 1e-200", _low_rank(4, 3, 2, rng) * 1e-200, False),
        ]
        for case, V, expected in fixed:
            c.equal(c.call(case, V), expected)
        for trial in range(6):
            n, k = (int(v) for v in rng.integers(1, 7, size=2))
            r = min(n, k) - int(trial % 2 and min(n, k) > 1)
            V = _low_rank(n, k, r, rng)
            c.equal(c.call(f"{k} random vector{'s' * (k != 1)} in R^{n} whose span has dimension {r} (seeded)", V), r == k)


def check_lu_solve(lu_solve):
    rng = np.random.default_rng(SEED)
    with Checker(lu_solve, forbid=["np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"]) as c:

        def case(description, P, L, U, B, rtol=1e-7):
            P, L, U = (np.asarray(M, dtype=float) for M in (P, L, U))
            A = P.T @ L @ U  # P A = L U
            got = c.array(c.call(description, P, L, U, B), np.shape(B))
            c.close(got, np.linalg.solve(A, np.asarray(B, dtype=float)), rtol=rtol)

        P, L, U = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0, 0.0], [0.5, 1.0]]), np.array([[4.0, 3.0], [0.0, -0.5]])
        case("A = [[2., 1.], [4., 3.]] as P, L, U; B = I (the answer is the inverse)", P, L, U, np.eye(2))
        P = np.eye(3)[[1, 2, 0]]  # a cyclic permutation: P is not its own transpose
        L = np.array([[1.0, 0.0, 0.0], [-0.5, 1.0, 0.0], [0.25, 0.75, 1.0]])
        U = np.array([[2.0, -1.0, 3.0], [0.0, 4.0, 1.0], [0.0, 0.0, -2.0]])
        B = np.array([[1.0, 0.0, 2.0, -1.0], [0.0, 3.0, 1.0, 1.0], [-2.0, 1.0, 0.0, 5.0]])
        case(f"P = {_rows(P)} (a cyclic permutation), 4 right-hand sides", P, L, U, B)
        case("the same factors, one right-hand side, B of shape (3, 1)", P, L, U, B[:, :1])
        case("the same factors, no right-hand sides, B of shape (3, 0)", P, L, U, np.zeros((3, 0)))
        case("the same factors, integer B = [[1, 2], [3, 4], [5, 6]]", P, L, U, np.array([[1, 2], [3, 4], [5, 6]]))
        case("the same factors, B scaled by 1e200", P, L, U, B * 1e200)
        case(
            "a 1 x 1 system: P = L = [[1.]], U = [[-4.]], B = [[2., 8.]]", np.eye(1), np.eye(1), np.array([[-4.0]]), np.array([[2.0, 8.0]])
        )
        for trial, (n, k) in enumerate([(4, 3), (7, 2), (5, 9)]):
            P = np.eye(n)[rng.permutation(n)]
            L = np.tril(rng.uniform(-1.0, 1.0, size=(n, n)), -1) + np.eye(n)
            case(
                f"random {n} x {n} factors with {k} right-hand sides {trial + 1} (seeded)",
                P,
                L,
                _triangular(n, rng, lower=False),
                rng.normal(size=(n, k)),
            )
        n = 80
        P, L = np.eye(n)[rng.permutation(n)], np.eye(n) + np.tril(rng.uniform(-1.0, 1.0, size=(n, n)), -1) / n
        U, B = _triangular(n, rng, lower=False), rng.normal(size=(n, 30))
        X = c.array(c.call("random 80 x 80 factors, 30 right-hand sides (seeded)", P, L, U, B), (n, 30))
        c.close(L @ (U @ X), P @ B, rtol=1e-9, atol=1e-9, what="L @ U @ X against P @ B")
        U = np.array([[1.0, 2.0], [0.0, 0.0]])
        c.call_raises("a zero on the diagonal of U = [[1., 2.], [0., 0.]] (A is singular)", LinAlgError, np.eye(2), np.eye(2), U, np.eye(2))


def _null_basis_ok(c, N, A, what):
    """N must be an (n, n - r) float array with A N = 0 and independent columns."""
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    r = int(np.linalg.matrix_rank(A)) if A.size else 0
    N = c.array(N, (n, n - r), what=f"{what} (n - rank A = {n} - {r} columns, by rank-nullity)")
    c.require(N.dtype.kind == "f", f"Expected the basis to hold floats, got dtype {N.dtype}.")
    if N.size == 0:
        return
    c.require(np.isfinite(N).all(), "The basis contains NaN or inf: a division by a zero pivot?")
    scale = np.abs(A).max(initial=0.0) * np.abs(N).max(initial=0.0)
    c.close(A @ N, np.zeros((m, n - r)), atol=1e-9 * scale * max(n, 1), what="A @ N (every basis vector must be in the null space)")
    s = np.linalg.svd(N, compute_uv=False)
    c.require(s[-1] > 1e-8 * s[0], f"The {n - r} columns of N are not independent (smallest/largest singular value {s[-1] / s[0]:.1e}).")


def check_null_space_basis(null_space_basis):
    rng = np.random.default_rng(SEED)
    with Checker(null_space_basis, forbid=["np.linalg.svd", "np.linalg.matrix_rank", "scipy.linalg.null_space"]) as c:
        A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
        N = c.call("A = [[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]] (rank 2; the last pivot is ~1e-16, not 0)", A)
        _null_basis_ok(c, N, A, "N")
        c.close(N[:, 0] / N[2, 0], np.array([1.0, -2.0, 1.0]), what="the basis vector, scaled so that its last entry is 1")
        cases = [
            ("the 3 x 3 identity (only the zero vector: shape (3, 0))", np.eye(3)),
            ("the zero matrix, shape (2, 3) (every vector: 3 columns)", np.zeros((2, 3))),
            ("a single row [[1., -2., 0., 3.]] (three free columns)", np.array([[1.0, -2.0, 0.0, 3.0]])),
            ("a zero column first, A = [[0., 1., 2.], [0., 2., 5.]] (x1 is free)", np.array([[0.0, 1.0, 2.0], [0.0, 2.0, 5.0]])),
            ("a tall A = [[1., 2.], [2., 4.], [-3., -6.]] (rank 1)", np.array([[1.0, 2.0], [2.0, 4.0], [-3.0, -6.0]])),
            ("integer input A = [[2, 4, 6], [1, 2, 4]]", np.array([[2, 4, 6], [1, 2, 4]])),
            ("a wide 3 x 6 matrix of rank 2 (seeded)", _low_rank(3, 6, 2, rng)),
            ("a 5 x 5 matrix of rank 3, scaled by 1e-200 (the tolerance is relative)", _low_rank(5, 5, 3, rng) * 1e-200),
            ("a 4 x 6 matrix of rank 4, scaled by 1e150", _low_rank(4, 6, 4, rng) * 1e150),
            ("no rows, shape (0, 3) (every vector)", np.zeros((0, 3))),
        ]
        for trial in range(6):
            m, n = (int(k) for k in rng.integers(1, 8, size=2))
            r = int(rng.integers(0, min(m, n) + 1))
            cases.append((f"random {m} x {n} matrix of rank {r} (seeded)", _low_rank(m, n, r, rng)))
        for case, A in cases:
            _null_basis_ok(c, c.call(case, A), A, "N")
