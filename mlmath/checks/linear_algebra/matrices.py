"""Checks for linear-algebra/02-matrices."""

from functools import reduce

import numpy as np

from mlmath.checking import Checker

SEED = 202

#: What the matvec task rules out ("Do not use ..."); matmul's task says the same shortcuts are off limits.
MATRIX_PRODUCTS = ["@", "np.dot", "np.matmul", "np.einsum", "np.inner", "np.tensordot"]


def _random_shapes(count, rng, low=1, high=8):
    """Seeded (m, k, n) triples for random matrix cases."""
    for trial in range(count):
        yield trial + 1, tuple(int(size) for size in rng.integers(low, high + 1, size=3))


def _as_float(array):
    return np.asarray(array).astype(float)


def check_matvec(matvec):
    rng = np.random.default_rng(SEED)
    with Checker(matvec, forbid=[*MATRIX_PRODUCTS, "loop"]) as c:
        A = np.array([[1.0, 2.0], [3.0, 4.0]])
        c.close(c.call("A = [[1., 2.], [3., 4.]], x = [1., 1.]", A, np.array([1.0, 1.0])), np.array([3.0, 7.0]))
        A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        c.close(
            c.call("non-square A = [[1., 2., 3.], [4., 5., 6.]], x = [1., 0., -1.]", A, np.array([1.0, 0.0, -1.0])),
            A @ np.array([1.0, 0.0, -1.0]),
        )
        c.close(c.call("x = [0., 1., 0.] picks out column 2 of A = [[1., 2., 3.], [4., 5., 6.]]", A, np.array([0.0, 1.0, 0.0])), A[:, 1])
        A_int, x_int = np.array([[2, -1], [0, 3]]), np.array([1, 2])
        c.close(c.call("integer input A = [[2, -1], [0, 3]], x = [1, 2] (return floats)", A_int, x_int), _as_float(A_int @ x_int))
        c.close(
            c.call("one column, A of shape (3, 1), x = [2.]", np.array([[1.0], [-2.0], [0.5]]), np.array([2.0])), np.array([2.0, -4.0, 1.0])
        )
        c.close(c.call("A of shape (2, 0) and an empty x (an empty sum is 0)", np.zeros((2, 0)), np.zeros(0)), np.zeros(2))
        c.close(c.call("A of shape (0, 3), no rows", np.zeros((0, 3)), np.ones(3)), np.zeros(0))
        for trial, (m, n, _) in _random_shapes(5, rng):
            A, x = rng.normal(size=(m, n)), rng.normal(size=n)
            c.close(c.call(f"random case {trial} (seeded), A of shape {(m, n)}", A, x), A @ x)
        c.call_raises("A of shape (2, 3) with x of length 2", ValueError, np.ones((2, 3)), np.ones(2))
        c.call_raises("A of shape (2, 3) with x of length 1 (it would broadcast)", ValueError, np.ones((2, 3)), np.ones(1))


def check_matmul(matmul):
    rng = np.random.default_rng(SEED)
    with Checker(matmul, forbid=MATRIX_PRODUCTS) as c:  # "the same shortcuts as in Exercise 1"
        A, B = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])
        c.close(
            c.call("A = [[1., 2.], [3., 4.]], B = [[0., 1.], [1., 0.]] (AB swaps the columns of A)", A, B),
            np.array([[2.0, 1.0], [4.0, 3.0]]),
        )
        c.close(c.call("1 x 1 matrices [[3.]] and [[-2.]]", np.array([[3.0]]), np.array([[-2.0]])), np.array([[-6.0]]))
        row, column = np.array([[1.0, 2.0, 3.0]]), np.array([[4.0], [5.0], [6.0]])
        c.close(c.call("a row times a column, shapes (1, 3) and (3, 1)", row, column), np.array([[32.0]]))
        c.close(c.call("a column times a row, shapes (3, 1) and (1, 3)", column, row), column @ row)
        c.close(
            c.call("inner dimension 0, shapes (2, 0) and (0, 3) (every entry is an empty sum)", np.zeros((2, 0)), np.zeros((0, 3))),
            np.zeros((2, 3)),
        )
        A_int, B_int = np.array([[1, -2, 0], [3, 1, 4]]), np.array([[2, 1], [0, -1], [5, 2]])
        c.close(c.call("integer input of shapes (2, 3) and (3, 2) (return floats)", A_int, B_int), _as_float(A_int @ B_int))
        A = rng.normal(size=(3, 4))
        c.close(c.call("A of shape (3, 4) times the 4 x 4 identity", A, np.eye(4)), A)
        for trial, (m, k, n) in _random_shapes(5, rng):
            A, B = rng.normal(size=(m, k)), rng.normal(size=(k, n))
            c.close(c.call(f"random case {trial} (seeded), shapes {(m, k)} and {(k, n)}", A, B), A @ B)
        c.call_raises("shapes (2, 3) and (2, 3) (inner dimensions 3 and 2 differ)", ValueError, np.ones((2, 3)), np.ones((2, 3)))
        c.call_raises("shapes (2, 3) and (1, 4) (B has one row: it would broadcast)", ValueError, np.ones((2, 3)), np.ones((1, 4)))
        c.call_raises("B is a 1-D array of shape (3,), not a matrix", ValueError, np.ones((2, 3)), np.ones(3))


def check_rotation_matrix(rotation_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(rotation_matrix) as c:
        c.close(c.call("theta = 0 (no rotation)", 0.0), np.eye(2), atol=1e-12)
        c.close(
            c.call("theta = pi/2 (a quarter turn anticlockwise: e1 goes to e2, e2 goes to -e1)", np.pi / 2),
            np.array([[0.0, -1.0], [1.0, 0.0]]),
            atol=1e-12,
        )
        c.close(c.call("theta = -pi/2 (a quarter turn clockwise)", -np.pi / 2), np.array([[0.0, 1.0], [-1.0, 0.0]]), atol=1e-12)
        c.close(c.call("theta = pi (a half turn)", np.pi), -np.eye(2), atol=1e-12)
        got = c.call("integer theta = 1 (one radian; return floats)", 1)
        c.close(got, np.array([[np.cos(1.0), -np.sin(1.0)], [np.sin(1.0), np.cos(1.0)]]))
        for trial in range(5):
            theta = float(rng.uniform(-10, 10))
            R = c.call(f"random angle {trial + 1} (seeded), theta = {theta:.4f}", theta)
            c.close(
                R[:, 0] if isinstance(R, np.ndarray) and R.shape == (2, 2) else R,
                np.array([np.cos(theta), np.sin(theta)]),
                what="the first column, where e1 lands: (cos theta, sin theta)",
            )
            c.close(R.T @ R, np.eye(2), atol=1e-12, what="R^T R, which is the identity for a rotation (it is orthogonal)")
            c.close(np.linalg.det(R), 1.0, what="the determinant, which is 1 for a rotation (-1 would be a reflection)")
            x = rng.normal(size=2)
            c.close(np.linalg.norm(R @ x), np.linalg.norm(x), what=f"the length of R @ x for x = {np.round(x, 4)} (rotations keep lengths)")
        alpha, beta = 0.7, -2.1
        first, then = c.call(f"theta = {alpha}", alpha), c.call(f"theta = {beta}", beta)
        both = c.call(f"theta = {alpha + beta:.1f}, against rotating by {alpha} and then by {beta}", alpha + beta)
        c.close(both, then @ first, what="R(alpha + beta) against R(beta) @ R(alpha): two turns add up")
        c.close(
            c.call("a large angle, theta = 0.3 + 2000 pi (1000 full turns more than 0.3)", 0.3 + 2000 * np.pi),
            np.array([[np.cos(0.3), -np.sin(0.3)], [np.sin(0.3), np.cos(0.3)]]),
            atol=1e-9,
        )


def check_transform_points(transform_points):
    rng = np.random.default_rng(SEED)
    with Checker(transform_points) as c:
        shear = np.array([[1.0, 1.0], [0.0, 1.0]])
        square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
        c.close(
            c.call("the shear [[1., 1.], [0., 1.]] on the corners of the unit square, one corner a row", shear, square),
            np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 1.0], [1.0, 1.0]]),
        )
        A, P = np.array([[2.0, -1.0], [0.5, 3.0]]), np.array([[1.0, 2.0], [-1.0, 4.0]])
        c.close(c.call("2 points [[1., 2.], [-1., 4.]] under A = [[2., -1.], [0.5, 3.]] (a square batch: rows are points)", A, P), P @ A.T)
        c.close(c.call("a single point of shape (1, 2)", A, np.array([[3.0, -1.0]])), np.array([[7.0, -1.5]]))
        lift = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
        points = rng.normal(size=(5, 2))
        c.close(c.call("A of shape (3, 2) maps 5 points in 2-D to 3-D", lift, points), points @ lift.T)
        c.close(c.call("no points: shape (0, 2), with A of shape (3, 2)", lift, np.zeros((0, 2))), np.zeros((0, 3)))
        A_int, P_int = np.array([[0, -1], [1, 0]]), np.array([[1, 2], [3, 4], [5, 6]])
        c.close(c.call("integer input: a quarter turn on 3 integer points (return floats)", A_int, P_int), _as_float(P_int @ A_int.T))
        for trial in range(3):
            A, P = rng.normal(size=(2, 2)), rng.normal(size=(100, 2))
            got = c.call(f"random case {trial + 1} (seeded): 100 points and a random 2 x 2 matrix", A, P)
            c.close(got, P @ A.T)
            if trial == 0:
                c.close(got[17], A @ P[17], what="row 17 of the result, which must be A @ (point 17)")
        c.call_raises("points of shape (4, 3) with a 2 x 2 matrix", ValueError, np.eye(2), np.ones((4, 3)))


def check_compose(compose):
    rng = np.random.default_rng(SEED)
    with Checker(compose) as c:
        quarter_turn = np.array([[0.0, -1.0], [1.0, 0.0]])
        flip = np.array([[1.0, 0.0], [0.0, -1.0]])
        c.close(c.call("[quarter turn, flip]: rotate by pi/2 first, then flip the y-axis", [quarter_turn, flip]), flip @ quarter_turn)
        c.close(c.call("[flip, quarter turn]: the same two maps in the other order", [flip, quarter_turn]), quarter_turn @ flip)
        single = np.array([[2.0, 1.0], [0.0, 3.0]])
        got = c.call("a single map [[2., 1.], [0., 3.]]", [single])
        c.close(got, np.array([[2.0, 1.0], [0.0, 3.0]]))
        c.require(
            not np.shares_memory(got, single),
            "You returned the input array itself, so a caller who changes the result changes their map too. "
            "Return a new array (np.array(..., dtype=float) copies).",
        )
        scale, shear = np.diag([2.0, 0.5]), np.array([[1.0, 1.5], [0.0, 1.0]])
        c.close(
            c.call("three maps: scale by diag(2., 0.5), then shear, then a quarter turn", [scale, shear, quarter_turn]),
            quarter_turn @ shear @ scale,
        )
        up, down = rng.normal(size=(3, 2)), rng.normal(size=(1, 3))
        c.close(c.call("non-square maps: shape (3, 2) first (2-D to 3-D), then shape (1, 3) (3-D to 1-D)", [up, down]), down @ up)
        c.close(
            c.call(
                "integer input [[[1, 1], [0, 1]], [[2, 0], [0, 2]]] (return floats)",
                [np.array([[1, 1], [0, 1]]), np.array([[2, 0], [0, 2]])],
            ),
            np.array([[2.0, 2.0], [0.0, 2.0]]),
        )
        for trial in range(3):
            dims = [int(d) for d in rng.integers(1, 6, size=5)]
            maps = [rng.normal(size=(dims[i + 1], dims[i])) for i in range(4)]
            x = rng.normal(size=dims[0])
            got = c.call(f"random chain {trial + 1} (seeded) of 4 maps through dimensions {dims}", maps)
            c.close(got, reduce(lambda total, M: M @ total, maps), rtol=1e-6)
            c.close(
                got @ x,
                reduce(lambda v, M: M @ v, maps, x),
                rtol=1e-6,
                what="the composed matrix times x, against applying the 4 maps to x one at a time",
            )
        c.call_raises("an empty list (there is no map to compose)", ValueError, [])
        c.call_raises("shapes that do not chain: (3, 2) then (3, 2)", ValueError, [np.ones((3, 2)), np.ones((3, 2))])


def check_batched_matmul(batched_matmul):
    rng = np.random.default_rng(SEED)
    with Checker(batched_matmul, forbid=["@", "np.matmul", "loop"]) as c:
        A = np.array([[[1.0, 2.0], [3.0, 4.0]], [[0.0, 1.0], [-1.0, 0.0]]])
        B = np.array([[[0.0, 1.0], [1.0, 0.0]], [[2.0, 0.0], [1.0, 3.0]]])
        c.close(c.call("a batch of two 2 x 2 products", A, B), np.matmul(A, B))
        for trial, (m, k, n) in _random_shapes(3, rng, 2, 5):
            b = int(rng.integers(1, 6))
            A, B = rng.normal(size=(b, m, k)), rng.normal(size=(b, k, n))
            c.close(c.call(f"random case {trial} (seeded), shapes {A.shape} and {B.shape}", A, B), np.matmul(A, B))
        A, B = rng.normal(size=(4, 3, 3)), rng.normal(size=(4, 3, 3))
        c.close(c.call("random square case (seeded), shapes (4, 3, 3) and (4, 3, 3)", A, B), np.matmul(A, B))
        A, B = rng.normal(size=(1, 2, 3)), rng.normal(size=(1, 3, 2))
        c.close(c.call("a batch of one, shapes (1, 2, 3) and (1, 3, 2)", A, B), np.matmul(A, B))
        c.close(c.call("an empty batch, shapes (0, 2, 3) and (0, 3, 4)", np.zeros((0, 2, 3)), np.zeros((0, 3, 4))), np.zeros((0, 2, 4)))
        c.close(c.call("inner dimension 0, shapes (2, 3, 0) and (2, 0, 4)", np.zeros((2, 3, 0)), np.zeros((2, 0, 4))), np.zeros((2, 3, 4)))
        A_int, B_int = rng.integers(-5, 6, size=(3, 2, 2)), rng.integers(-5, 6, size=(3, 2, 2))
        c.close(c.call("integer input, shapes (3, 2, 2) and (3, 2, 2) (return floats)", A_int, B_int), _as_float(np.matmul(A_int, B_int)))
        A, B = rng.normal(size=(10_000, 3, 4)), rng.normal(size=(10_000, 4, 2))
        c.close(c.call("a large batch, shapes (10000, 3, 4) and (10000, 4, 2)", A, B), np.matmul(A, B))
        c.call_raises("batch sizes 2 and 3", ValueError, np.ones((2, 2, 3)), np.ones((3, 3, 2)))
        c.call_raises("batch sizes 1 and 3 (einsum and matmul would broadcast the 1)", ValueError, np.ones((1, 2, 3)), np.ones((3, 3, 2)))
        c.call_raises("inner dimensions 3 and 2, shapes (2, 2, 3) and (2, 2, 3)", ValueError, np.ones((2, 2, 3)), np.ones((2, 2, 3)))
        c.call_raises("2-D inputs, shapes (2, 3) and (3, 2) (no batch axis)", ValueError, np.ones((2, 3)), np.ones((3, 2)))


def _count_textbook_flops(m, k, n):
    """Run the textbook triple loop on counters, not numbers: one per multiplication or addition."""
    flops = 0
    for _ in range(m):
        for _ in range(n):
            if k > 0:
                flops += 1  # the first product starts the sum
            flops += 2 * max(k - 1, 0)  # every further product, and the addition that adds it in
    return flops


def check_matmul_flops(matmul_flops):
    rng = np.random.default_rng(SEED)
    with Checker(matmul_flops) as c:
        cases = [
            ("1 x 1 times 1 x 1: one multiplication", (1, 1, 1), 1),
            ("a dot product of length 3, (m, k, n) = (1, 3, 1): 3 multiplications, 2 additions", (1, 3, 1), 5),
            ("(m, k, n) = (2, 3, 4): 8 entries, each a dot product of length 3", (2, 3, 4), 40),
            ("an outer product, (m, k, n) = (4, 1, 5): 20 multiplications, no additions", (4, 1, 5), 20),
            ("inner dimension k = 0, (m, k, n) = (3, 0, 4): every entry is an empty sum, 0", (3, 0, 4), 0),
            ("no rows, (m, k, n) = (0, 5, 2)", (0, 5, 2), 0),
        ]
        for case, sizes, expected in cases:
            c.equal(c.call(case, *sizes), expected)
        for trial, sizes in _random_shapes(5, rng, 0, 12):
            got = c.call(f"random case {trial} (seeded), (m, k, n) = {sizes}, counted by running the triple loop", *sizes)
            c.equal(got, _count_textbook_flops(*sizes))
        n = 4096
        c.equal(c.call("square 4096 x 4096 matrices", n, n, n), n * n * (2 * n - 1))
        got = c.call(
            "(m, k, n) = (3000001, 2999999, 3000007): about 5.4e19, too big for float64 or int64 to hold exactly",
            3_000_001,
            2_999_999,
            3_000_007,
        )
        c.require(
            isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)),
            f"Expected a whole number (int), got {got!r} ({type(got).__name__}). Python's int is exact at any size.",
        )
        c.equal(got, 3_000_001 * 3_000_007 * (2 * 2_999_999 - 1))
