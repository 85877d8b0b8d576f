"""Checks for linear-algebra/05-orthogonality."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import require_orthonormal_columns, well_conditioned, with_singular_values

SEED = 404

#: Largest entry of |Q.T @ Q - I| that still counts as orthonormal columns on an ill-conditioned input.
ORTHOGONALITY_TOLERANCE = 1e-6


def _reference_qr(A):
    """NumPy's QR with the signs fixed so that R has a positive diagonal (the Gram-Schmidt convention)."""
    Q, R = np.linalg.qr(np.asarray(A, dtype=float))
    signs = np.sign(np.diag(R))
    signs[signs == 0] = 1.0
    return Q * signs, R * signs[:, None]


def _ill_conditioned(rng, m, n, condition):
    """A seeded random m x n matrix with singular values spread evenly (in log scale) from 1 to 1/condition."""
    return with_singular_values(rng, m, n, np.logspace(0, -np.log10(condition), n))


def _lauchli(eps=1e-8):
    """The Lauchli matrix: three columns that are almost parallel (condition number about 1.7e8)."""
    return np.array([[1.0, 1.0, 1.0], [eps, 0.0, 0.0], [0.0, eps, 0.0], [0.0, 0.0, eps]])


def _same_span(c, Q, A, tolerance=1e-9):
    c.close(
        Q @ (Q.T @ A),
        A,
        rtol=0,
        atol=tolerance * max(1.0, np.abs(A).max()),
        what="Q @ Q.T @ A (projecting A onto the span of Q must give A back)",
    )


def check_project_onto_line(project_onto_line):
    rng = np.random.default_rng(SEED)
    with Checker(project_onto_line) as c:
        c.close(c.call("x = [2., 3.], u = [1., 0.]", np.array([2.0, 3.0]), np.array([1.0, 0.0])), np.array([2.0, 0.0]))
        c.close(
            c.call("u is not a unit vector, x = [2., 3.], u = [5., 0.]", np.array([2.0, 3.0]), np.array([5.0, 0.0])), np.array([2.0, 0.0])
        )
        c.close(c.call("x orthogonal to u, x = [1., 1.], u = [1., -1.]", np.array([1.0, 1.0]), np.array([1.0, -1.0])), np.array([0.0, 0.0]))
        c.close(
            c.call("x already on the line, x = [-2., -4., -6.], u = [1., 2., 3.]", np.array([-2.0, -4.0, -6.0]), np.array([1.0, 2.0, 3.0])),
            np.array([-2.0, -4.0, -6.0]),
        )
        c.close(c.call("integer input x = [3, 1], u = [1, 1]", np.array([3, 1]), np.array([1, 1])), np.array([2.0, 2.0]))
        c.close(c.call("one-element vectors x = [5.], u = [-2.]", np.array([5.0]), np.array([-2.0])), np.array([5.0]))
        c.close(
            c.call("huge u = [3e200, 4e200] (u @ u overflows), x = [1., 0.]", np.array([1.0, 0.0]), np.array([3e200, 4e200])),
            np.array([0.36, 0.48]),
        )
        c.close(
            c.call("tiny u = [3e-200, 4e-200] (u @ u underflows to 0), x = [1., 0.]", np.array([1.0, 0.0]), np.array([3e-200, 4e-200])),
            np.array([0.36, 0.48]),
        )
        c.call_raises("u is the zero vector (it spans no line)", ValueError, np.array([1.0, 2.0]), np.zeros(2))
        for trial in range(5):
            n = int(rng.integers(2, 9))
            x, u = rng.normal(size=n), rng.normal(size=n)
            got = c.call(f"random pair {trial + 1} (seeded, length {n})", x, u)
            coefficient = np.linalg.lstsq(u[:, None], x, rcond=None)[0]
            c.close(got, u * coefficient)
            residual = x - got
            c.require(
                abs(residual @ u) <= 1e-10 * np.linalg.norm(x) * np.linalg.norm(u),
                f"The residual x - p must be orthogonal to u, but (x - p) @ u = {residual @ u:.3g}.",
            )


def check_distance_to_hyperplane(distance_to_hyperplane):
    rng = np.random.default_rng(SEED)
    # "No Python loop over the points"
    with Checker(distance_to_hyperplane, forbid=["loop"]) as c:
        w, b = np.array([3.0, 4.0]), -5.0
        X = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.5], [-3.0, -4.0]])
        expected = np.array([-1.0, 4.0, 0.0, -6.0])
        c.close(c.array(c.call("w = [3., 4.] (length 5), b = -5, four points", X, w, b), (4,)), expected, atol=1e-12)
        c.close(c.call("the same, with w and b scaled by 1000 (the same hyperplane)", X, 1000 * w, 1000 * b), expected, atol=1e-12)
        c.close(c.call("the same, with w and b scaled by -1 (the same hyperplane, sides swapped)", X, -w, -b), -expected, atol=1e-12)
        c.close(c.call("the same, with w and b scaled by 1e-3", X, 1e-3 * w, 1e-3 * b), expected, atol=1e-12)
        c.close(
            c.call(
                "b = 0 (through the origin), w = [0., 2.]: the signed height",
                np.array([[1.0, -3.0], [5.0, 2.0]]),
                np.array([0.0, 2.0]),
                0.0,
            ),
            np.array([-3.0, 2.0]),
        )
        c.close(
            c.call(
                "one point in 3-D, X of shape (1, 3), w = [1., 2., 2.], b = 3", np.array([[1.0, 1.0, 1.0]]), np.array([1.0, 2.0, 2.0]), 3.0
            ),
            np.array([8.0 / 3.0]),
        )
        c.close(
            c.call(
                "integer input X = [[1, 2], [3, 4], [5, 6]], w = [1, 1], b = 1", np.array([[1, 2], [3, 4], [5, 6]]), np.array([1, 1]), 1
            ),
            np.array([4.0, 8.0, 12.0]) / np.sqrt(2.0),
        )
        c.close(
            c.call(
                "one coordinate, X = [[-2.], [7.]], w = [-4.], b = 4 (the point x = 1)", np.array([[-2.0], [7.0]]), np.array([-4.0]), 4.0
            ),
            np.array([3.0, -6.0]),
        )
        c.close(c.array(c.call("no points: X of shape (0, 3)", np.zeros((0, 3)), np.ones(3), 1.0), (0,)), np.zeros(0))
        for trial, (n, d) in enumerate([(7, 3), (4, 9), (50, 2)]):
            X, w = rng.normal(size=(n, d)), rng.normal(size=d) * 10.0 ** rng.integers(-3, 4)
            b = float(rng.normal()) * np.abs(w).max()
            got = c.array(c.call(f"seeded {n} points in {d}-D, random w and b", X, w, b), (n,))
            c.close(got, (X @ w + b) / np.linalg.norm(w), atol=1e-12 * (1 + np.abs(X).max()))
            feet = X - got[:, None] * (w / np.linalg.norm(w))
            c.close(
                feet @ w + b,
                np.zeros(n),
                rtol=0,
                atol=1e-10 * np.abs(w).max() * (1 + np.abs(X).max()),
                what="w . (x - distance * w / |w|) + b: stepping back by the distance along the unit normal must land on the hyperplane",
            )
        c.call_raises("w = 0 (no hyperplane)", ValueError, np.ones((2, 2)), np.zeros(2), 1.0)
        c.call_raises("X has 3 columns but w has 2 entries", ValueError, np.ones((4, 3)), np.ones(2), 0.0)


def check_gram_schmidt(gram_schmidt):
    rng = np.random.default_rng(SEED)
    with Checker(gram_schmidt, forbid=["np.linalg.qr"]) as c:
        c.close(c.call("one column A = [[3.], [4.]]", np.array([[3.0], [4.0]])), np.array([[0.6], [0.8]]))
        A = np.array([[3.0, 1.0], [4.0, 2.0]])
        c.close(c.call("A = [[3., 1.], [4., 2.]]", A), _reference_qr(A)[0])
        c.close(c.call("the identity (already orthonormal)", np.eye(3)), np.eye(3))
        c.close(c.call("negative entries A = [[-2., 0.], [0., -3.]]", np.array([[-2.0, 0.0], [0.0, -3.0]])), -np.eye(2))
        A = np.array([[1, 1], [1, 0], [0, 1]])
        c.close(c.call("integer input A = [[1, 1], [1, 0], [0, 1]] (shape (3, 2))", A), _reference_qr(A)[0])
        c.close(c.call("no columns, A of shape (3, 0)", np.zeros((3, 0))), np.zeros((3, 0)))
        c.call_raises("dependent columns A = [[1., 2.], [1., 2.]]", ValueError, np.array([[1.0, 2.0], [1.0, 2.0]]))
        c.call_raises("a zero column A = [[1., 0.], [2., 0.], [3., 0.]]", ValueError, np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]))
        c.call_raises("more columns than rows, A of shape (2, 3)", ValueError, np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]))
        for m, n in [(4, 1), (6, 3), (10, 4), (7, 7)]:
            A = well_conditioned(rng, m, n)
            Q = c.call(f"seeded random A of shape ({m}, {n})", A)
            c.close(Q, _reference_qr(A)[0])
            require_orthonormal_columns(c, Q, atol=1e-10)
            _same_span(c, Q, A)


def check_modified_gram_schmidt(modified_gram_schmidt):
    rng = np.random.default_rng(SEED)
    with Checker(modified_gram_schmidt) as c:
        c.close(c.call("one column A = [[3.], [4.]]", np.array([[3.0], [4.0]])), np.array([[0.6], [0.8]]))
        A = np.array([[1, 1], [1, 0], [0, 1]])
        c.close(c.call("integer input A = [[1, 1], [1, 0], [0, 1]] (shape (3, 2))", A), _reference_qr(A)[0])
        c.close(c.call("no columns, A of shape (3, 0)", np.zeros((3, 0))), np.zeros((3, 0)))
        c.call_raises("dependent columns A = [[1., 2.], [1., 2.]]", ValueError, np.array([[1.0, 2.0], [1.0, 2.0]]))
        c.call_raises("a zero column A = [[1., 0.], [2., 0.], [3., 0.]]", ValueError, np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]))
        for m, n in [(6, 3), (10, 4)]:
            A = well_conditioned(rng, m, n)
            Q = c.call(f"seeded random A of shape ({m}, {n})", A)
            c.close(Q, _reference_qr(A)[0])
        # The cases that separate the two algorithms: classical Gram-Schmidt loses orthogonality here.
        cases = [("the Lauchli matrix [[1, 1, 1], [1e-8, 0, 0], [0, 1e-8, 0], [0, 0, 1e-8]] (nearly parallel columns)", _lauchli())]
        cases += [(f"seeded random A of shape (30, 8) with condition number 1e{k}", _ill_conditioned(rng, 30, 8, 10.0**k)) for k in (6, 8)]
        for case, A in cases:
            Q = c.array(c.call(case, A), A.shape, what="Q")
            loss = np.abs(Q.T @ Q - np.eye(A.shape[1])).max()
            c.require(
                loss <= ORTHOGONALITY_TOLERANCE,
                f"The columns of Q are not orthogonal: the largest entry of |Q.T @ Q - I| is {loss:.2g} "
                f"(allowed: {ORTHOGONALITY_TOLERANCE:g}). Subtract each projection from the updated "
                "vector, not from the original column.",
            )
            _same_span(c, Q, A, tolerance=ORTHOGONALITY_TOLERANCE)


def check_qr_gram_schmidt(qr_gram_schmidt):
    rng = np.random.default_rng(SEED)
    with Checker(qr_gram_schmidt, forbid=["np.linalg.qr"]) as c:

        def check_factors(case, A, compare=True):
            Q, R = c.unpack(c.call(case, A), ("Q", "R"))
            m, n = np.shape(A)
            c.array(Q, (m, n), what="Q")
            c.array(R, (n, n), what="R")
            scale = max(1.0, float(np.abs(A).max())) if np.size(A) else 1.0
            c.close(
                np.tril(R, -1),
                np.zeros((n, n)),
                rtol=0,
                atol=1e-12 * scale,
                what="the entries of R below the diagonal (R must be upper triangular)",
            )
            c.require(np.all(np.diag(R) > 0), f"The diagonal of R must be positive (the lengths of the remainders); got {_diag(R)}.")
            c.close(Q @ R, np.asarray(A, dtype=float), rtol=1e-7, atol=1e-10 * scale, what="Q @ R (it must rebuild A)")
            if compare:
                expected_Q, expected_R = _reference_qr(A)
                c.close(Q, expected_Q, what="Q")
                c.close(R, expected_R, atol=1e-9 * scale, what="R")
            return Q, R

        check_factors("one column A = [[3.], [4.]]", np.array([[3.0], [4.0]]))
        check_factors("A = [[3., 1.], [4., 2.]]", np.array([[3.0, 1.0], [4.0, 2.0]]))
        check_factors("integer input A = [[1, 1], [1, 0], [0, 1]]", np.array([[1, 1], [1, 0], [0, 1]]))
        check_factors("negative entries A = [[-2., 1.], [0., -3.]]", np.array([[-2.0, 1.0], [0.0, -3.0]]))
        check_factors("large entries, A = [[3e100, 1e100], [4e100, 2e100]]", np.array([[3e100, 1e100], [4e100, 2e100]]))
        c.call_raises("dependent columns A = [[1., 2.], [1., 2.]]", ValueError, np.array([[1.0, 2.0], [1.0, 2.0]]))
        for m, n in [(5, 2), (9, 4), (6, 6)]:
            check_factors(f"seeded random A of shape ({m}, {n})", well_conditioned(rng, m, n))
        Q, _ = check_factors("the Lauchli matrix (nearly parallel columns)", _lauchli(), compare=False)
        require_orthonormal_columns(c, Q, atol=ORTHOGONALITY_TOLERANCE)


def _diag(R):
    return np.array2string(np.diag(R), precision=4, threshold=8)


def check_least_squares_qr(least_squares_qr):
    rng = np.random.default_rng(SEED)
    with Checker(least_squares_qr, forbid=["np.linalg.lstsq", "np.linalg.pinv", "np.linalg.inv"]) as c:

        def expect(case, A, b, **tolerance):
            x = c.call(case, A, b)
            A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
            c.close(x, np.linalg.lstsq(A, b, rcond=None)[0], **tolerance)
            return x

        expect("a square system A = [[2., 0.], [0., 4.]], b = [2., 8.]", np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([2.0, 8.0]))
        expect(
            "consistent, A = [[1., 0.], [0., 1.], [1., 1.]], b = [1., 2., 3.]",
            np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
            np.array([1.0, 2.0, 3.0]),
        )
        expect("one column of ones, b = [1., 2., 6.] (the answer is the mean)", np.ones((3, 1)), np.array([1.0, 2.0, 6.0]))
        expect("integer input A = [[1, 0], [1, 1], [1, 2]], b = [1, 3, 4]", np.array([[1, 0], [1, 1], [1, 2]]), np.array([1, 3, 4]))
        expect(
            "negative values, A = [[-1., 2.], [3., -1.], [0., -2.]], b = [-5., 4., 1.]",
            np.array([[-1.0, 2.0], [3.0, -1.0], [0.0, -2.0]]),
            np.array([-5.0, 4.0, 1.0]),
        )
        for m, n in [(6, 1), (20, 3), (50, 5)]:
            A, b = well_conditioned(rng, m, n), rng.normal(size=m)
            x = expect(f"seeded random A of shape ({m}, {n}) and b of length {m}", A, b)
            residual = b - A @ x
            c.close(
                A.T @ residual,
                np.zeros(n),
                rtol=0,
                atol=1e-10 * np.linalg.norm(A) * np.linalg.norm(b),
                what="A.T @ (b - A @ x) (the residual must be orthogonal to every column of A)",
            )
        t = np.linspace(0.0, 1.0, 50)
        A = np.vander(t, 11, increasing=True)
        expect(
            "a degree-10 polynomial fit: A = np.vander(np.linspace(0, 1, 50), 11, increasing=True), "
            "b = A @ np.ones(11) (condition number about 2e7; the normal equations, or a plain Q.T @ b "
            "after Gram-Schmidt, lose about 3 digits too many here)",
            A,
            A @ np.ones(11),
            rtol=1e-6,
            atol=1e-6,
        )


def check_fit_line(fit_line):
    rng = np.random.default_rng(SEED)
    with Checker(fit_line, forbid=["np.polyfit", "np.linalg.lstsq"]) as c:

        def expect(case, x, y, **tolerance):
            got_slope, got_intercept = c.unpack(c.call(case, x, y), ("slope", "intercept"))
            slope, intercept = np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), 1)
            c.close(got_slope, slope, what="the slope", **tolerance)
            c.close(got_intercept, intercept, what="the intercept", **tolerance)

        expect("points on y = 2x + 1: x = [0., 1., 2.], y = [1., 3., 5.]", np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]))
        expect("two points x = [1., 3.], y = [4., 0.] (negative slope)", np.array([1.0, 3.0]), np.array([4.0, 0.0]))
        expect("a horizontal line y = [5., 5., 5.] at x = [-1., 0., 1.]", np.array([-1.0, 0.0, 1.0]), np.array([5.0, 5.0, 5.0]))
        expect("integer input x = [0, 1, 2, 3], y = [1, 2, 2, 4]", np.array([0, 1, 2, 3]), np.array([1, 2, 2, 4]))
        expect("x not in order, x = [3., -1., 2.], y = [1., 0., 4.]", np.array([3.0, -1.0, 2.0]), np.array([1.0, 0.0, 4.0]))
        for trial in range(3):
            m = int(rng.integers(5, 40))
            x = rng.uniform(-10, 10, size=m)
            y = rng.normal() * x + rng.normal() + rng.normal(scale=0.5, size=m)
            expect(f"seeded noisy points {trial + 1} ({m} points)", x, y)
        x = 1e6 + np.arange(20.0)
        y = 0.5 * x + 3.0 + rng.normal(scale=0.1, size=20)
        expect(
            "x = 1e6 + [0, 1, ..., 19] (like timestamps: columns x and 1 are nearly parallel), seeded noisy y near 0.5 x + 3",
            x,
            y,
            rtol=1e-7,
        )
        slope, intercept = c.unpack(
            c.call(
                "two points x = [1e10, 1e10 + 1], y = [0., 1.] (slope 1, intercept -1e10; "
                "uncentred, the columns x and 1 are 5e-11 radians from parallel)",
                np.array([1e10, 1e10 + 1]),
                np.array([0.0, 1.0]),
            ),
            ("slope", "intercept"),
        )
        c.close(slope, 1.0, what="the slope")
        c.close(intercept, -1e10, what="the intercept")
        t = np.arange(10.0)
        x, y = 1e9 + t, 1e9 - 2.0 * t + t % 2  # y = -2 x + 3e9 + (0, 1, 0, 1, ...)
        expected_slope = float(np.sum((t - t.mean()) * (y - y.mean())) / np.sum((t - t.mean()) ** 2))
        expected_intercept = float(y.mean() - expected_slope * t.mean()) - expected_slope * 1e9
        slope, intercept = c.unpack(
            c.call("x = 1e9 + [0, 1, ..., 9], y = -2 x + 3e9 + [0, 1, 0, 1, ...] (x near 1e9, a negative slope)", x, y),
            ("slope", "intercept"),
        )
        c.close(slope, expected_slope, what="the slope")
        c.close(intercept, expected_intercept, what="the intercept")
        c.call_raises("a single point x = [1.], y = [2.] (no unique line)", ValueError, np.array([1.0]), np.array([2.0]))
        c.call_raises(
            "all x equal, x = [2., 2., 2.] (a vertical line has no slope)", ValueError, np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0])
        )
