"""Checks for linear-algebra/07-determinants-and-change-of-basis."""

import numpy as np

from mlmath.checking import Checker

SEED = 707


def _square(rng, n, shift=0.0):
    """A seeded random n x n matrix; `shift` on the diagonal keeps it well away from singular."""
    return rng.normal(size=(n, n)) + shift * np.eye(n)


def check_det_2x2(det_2x2):
    rng = np.random.default_rng(SEED)
    with Checker(det_2x2, forbid=["np.linalg.det"]) as c:
        c.close(c.call("the identity [[1., 0.], [0., 1.]]", np.eye(2)), 1.0)
        c.close(c.call("a stretch [[2., 0.], [0., 3.]]", np.array([[2.0, 0.0], [0.0, 3.0]])), 6.0)
        c.close(c.call("a shear [[1., 5.], [0., 1.]] (area unchanged)", np.array([[1.0, 5.0], [0.0, 1.0]])), 1.0)
        c.close(c.call("a reflection [[0., 1.], [1., 0.]] (orientation flips)", np.array([[0.0, 1.0], [1.0, 0.0]])), -1.0)
        c.close(c.call("parallel columns [[1., 2.], [2., 4.]]", np.array([[1.0, 2.0], [2.0, 4.0]])), 0.0)
        c.close(c.call("integer input [[3, 1], [4, 2]]", np.array([[3, 1], [4, 2]])), 2.0)
        c.close(c.call("negative entries [[-1., -2.], [3., -4.]]", np.array([[-1.0, -2.0], [3.0, -4.0]])), 10.0)
        for trial in range(5):
            A = rng.normal(size=(2, 2)) * 10.0 ** rng.integers(-3, 4)
            c.close(c.call(f"random 2 x 2 matrix {trial + 1} (seeded)", A), np.linalg.det(A))
        c.call_raises("a 3 x 3 matrix (not 2 x 2)", ValueError, np.eye(3))
        c.call_raises("a 2 x 3 matrix (not square)", ValueError, np.ones((2, 3)))


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


def check_similar_matrix(similar_matrix):
    rng = np.random.default_rng(SEED)
    # "computed with np.linalg.solve rather than np.linalg.inv"
    with Checker(similar_matrix, forbid=["np.linalg.inv"]) as c:
        A = np.array([[1.0, 2.0], [3.0, 4.0]])
        c.close(c.call("P = identity, A = [[1., 2.], [3., 4.]]", A, np.eye(2)), A)
        c.close(c.call("P = diag(2., 1.), A = [[1., 2.], [3., 4.]]", A, np.diag([2.0, 1.0])), np.array([[1.0, 1.0], [6.0, 4.0]]))
        c.close(
            c.call("integer input P = [[1, 1], [0, 1]], A = [[2, 0], [0, 3]]", np.array([[2, 0], [0, 3]]), np.array([[1, 1], [0, 1]])),
            np.array([[2.0, -1.0], [0.0, 3.0]]),
        )
        c.close(c.call("1 x 1 matrices A = [[5.]], P = [[-2.]]", np.array([[5.0]]), np.array([[-2.0]])), np.array([[5.0]]))
        eigenvalues = np.array([-2.0, 0.5, 1.0, 3.0])
        Q = _square(rng, 4, shift=2.0)
        A = Q @ np.diag(eigenvalues) @ np.linalg.inv(Q)
        for trial in range(3):
            P = _square(rng, 4, shift=2.0)
            got = c.call(f"A with eigenvalues [-2, 0.5, 1, 3], random P number {trial + 1} (seeded)", A, P)
            c.close(got, np.linalg.inv(P) @ A @ P, rtol=1e-7, atol=1e-8)
            found = np.linalg.eigvals(got)
            c.require(np.allclose(found.imag, 0, atol=1e-8), f"Your result has complex eigenvalues {found}; A's are real.")
            c.close(np.sort(found.real), eigenvalues, rtol=1e-7, atol=1e-8, what="the eigenvalues of your result, sorted")
        for n in (3, 6):
            A, P = _square(rng, n), _square(rng, n, shift=2.0)
            got = c.call(f"random {n} x {n} A and P (seeded)", A, P)
            c.close(got, np.linalg.inv(P) @ A @ P, rtol=1e-7, atol=1e-8)
            c.close(np.trace(got), np.trace(A), what="the trace (similar matrices share it)")
            c.close(np.linalg.det(got), np.linalg.det(A), what="the determinant (similar matrices share it)")
        c.close(
            c.call(
                "a tiny but invertible P = 1e-200 * [[2., 0.], [0., 1.]], A = [[1., 2.], [3., 4.]]",
                np.array([[1.0, 2.0], [3.0, 4.0]]),
                1e-200 * np.diag([2.0, 1.0]),
            ),
            np.array([[1.0, 1.0], [6.0, 4.0]]),
        )
        c.call_raises(
            "a singular P = [[1., 2.], [2., 4.]] (not a change of basis)", ValueError, np.eye(2), np.array([[1.0, 2.0], [2.0, 4.0]])
        )
        c.call_raises(
            "two equal columns, P = [[5., 5.], [3., 3.]] (np.linalg.solve does not raise: the last pivot is rounding noise, not exactly 0)",
            ValueError,
            np.eye(2),
            np.array([[5.0, 5.0], [3.0, 3.0]]),
        )
        c.call_raises(
            "dependent columns P = [[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]", ValueError, np.eye(3), np.arange(1.0, 10.0).reshape(3, 3)
        )
        c.call_raises("a non-square P of shape (2, 3)", ValueError, np.eye(2), np.ones((2, 3)))
