"""Checks for linear-algebra/01-vectors."""

import numpy as np

from mlmath.checking import Checker

SEED = 101


def _random_pairs(count, rng):
    for trial in range(count):
        dim = int(rng.integers(1, 9))
        yield f"random pair {trial + 1} (seeded, length {dim})", rng.normal(size=dim), rng.normal(size=dim)


def check_norm(norm):
    rng = np.random.default_rng(SEED)
    with Checker(norm, forbid=["np.linalg.norm"]) as c:
        c.close(c.call("the 3-4-5 vector x = [3., 4.]", np.array([3.0, 4.0])), 5.0)
        c.close(c.call("the zero vector x = [0., 0., 0.]", np.zeros(3)), 0.0)
        c.close(c.call("an empty vector x = []", np.array([])), 0.0)
        c.close(c.call("negative entries x = [-1., -2., 2.]", np.array([-1.0, -2.0, 2.0])), 3.0)
        c.close(c.call("integer input x = [1, 2, 2]", np.array([1, 2, 2])), 3.0)
        for case, x, _ in _random_pairs(5, rng):
            c.close(c.call(case, x), np.linalg.norm(x))


def check_dot(dot):
    rng = np.random.default_rng(SEED)
    with Checker(dot, forbid=["np.dot", "@", "np.inner"]) as c:
        c.close(c.call("x = [1., 2., 3.], y = [4., 5., 6.]", np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])), 32.0)
        c.close(c.call("orthogonal x = [1., 0.], y = [0., 7.]", np.array([1.0, 0.0]), np.array([0.0, 7.0])), 0.0)
        c.close(c.call("empty vectors", np.array([]), np.array([])), 0.0)
        c.close(c.call("integer input x = [2, -3], y = [4, 5]", np.array([2, -3]), np.array([4, 5])), -7.0)
        for case, x, y in _random_pairs(5, rng):
            c.close(c.call(case, x, y), float(x @ y))
        c.call_raises("lengths 1 and 3 (they do not match, but would broadcast)", ValueError, np.ones(1), np.ones(3))


def check_cosine_similarity(cosine_similarity):
    rng = np.random.default_rng(SEED)
    with Checker(cosine_similarity) as c:

        def expect(case, x, y, expected):
            got = c.call(case, x, y)
            c.close(got, expected)
            c.require(-1 <= got <= 1, f"A cosine similarity must lie in [-1, 1] (clip the rounding); got {got!r}.")

        expect("the same direction, x = [1., 1.], y = [3., 3.]", np.array([1.0, 1.0]), np.array([3.0, 3.0]), 1.0)
        expect("opposite directions, x = [1., 2.], y = [-2., -4.]", np.array([1.0, 2.0]), np.array([-2.0, -4.0]), -1.0)
        x = np.full(3, 1 / 3)
        expect("parallel, x = [1/3, 1/3, 1/3], y = 3 * x (rounding can give 1.0000000000000002)", x, 3 * x, 1.0)
        expect("opposite, x = [1/3, 1/3, 1/3], y = -3 * x", x, -3 * x, -1.0)
        expect("orthogonal x = [1., 0.], y = [0., 5.]", np.array([1.0, 0.0]), np.array([0.0, 5.0]), 0.0)
        expect("a zero vector, x = [0., 0.], y = [1., 2.] (defined as 0.0)", np.zeros(2), np.array([1.0, 2.0]), 0.0)
        expect("huge entries, x = [1e200, 1e200], y = [1e200, 0.]", np.array([1e200, 1e200]), np.array([1e200, 0.0]), 1 / np.sqrt(2))
        expect(
            "tiny entries, x = [1e-200, -1e-200], y = [0., 1e-200]", np.array([1e-200, -1e-200]), np.array([0.0, 1e-200]), -1 / np.sqrt(2)
        )
        for trial in range(10):
            x = rng.normal(size=int(rng.integers(2, 9)))
            scale = rng.uniform(0.1, 10) * rng.choice([-1.0, 1.0])
            expect(f"parallel pair {trial + 1} (seeded), y = {scale:.3f} * x", x, scale * x, float(np.sign(scale)))
        for case, x, y in _random_pairs(5, rng):
            expect(case, x, y, x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))


def check_angle_degrees(angle_degrees):
    rng = np.random.default_rng(SEED)
    with Checker(angle_degrees) as c:
        c.close(c.call("x = [1., 0.], y = [0., 1.]", np.array([1.0, 0.0]), np.array([0.0, 1.0])), 90.0)
        c.close(c.call("x = [1., 0.], y = [1., 1.]", np.array([1.0, 0.0]), np.array([1.0, 1.0])), 45.0)
        c.close(c.call("opposite directions, x = [2., 0.], y = [-1., 0.]", np.array([2.0, 0.0]), np.array([-1.0, 0.0])), 180.0)
        # Rounding puts the computed cosine of these parallel pairs just above 1: arccos gives NaN
        x = np.full(3, 1 / 3)
        c.close(c.call("parallel, x = [1/3, 1/3, 1/3], y = 3 * x", x, 3 * x), 0.0, atol=1e-5)
        for trial in range(20):
            x = rng.normal(size=3)
            scale = rng.uniform(0.1, 10)
            c.close(c.call(f"parallel pair {trial + 1} (seeded), y = {scale:.3f} * x", x, scale * x), 0.0, atol=1e-5)
        for case, x, y in _random_pairs(5, rng):
            cosine = x @ y / (np.linalg.norm(x) * np.linalg.norm(y))
            c.close(c.call(case, x, y), np.degrees(np.arccos(np.clip(cosine, -1, 1))))


def check_normalize_rows(normalize_rows):
    rng = np.random.default_rng(SEED)
    with Checker(normalize_rows) as c:
        X = np.array([[3.0, 4.0], [0.0, 2.0]])
        c.close(c.call("X = [[3., 4.], [0., 2.]]", X), np.array([[0.6, 0.8], [0.0, 1.0]]))
        c.close(
            c.call("a zero row stays zero, X = [[0., 0.], [1., 0.]]", np.array([[0.0, 0.0], [1.0, 0.0]])),
            np.array([[0.0, 0.0], [1.0, 0.0]]),
        )
        c.close(c.call("integer input X = [[1, 1]]", np.array([[1, 1]])), np.array([[1.0, 1.0]]) / np.sqrt(2))
        c.close(
            c.call("negative entries, X = [[-3., 4.], [0., -2.]]", np.array([[-3.0, 4.0], [0.0, -2.0]])),
            np.array([[-0.6, 0.8], [0.0, -1.0]]),
        )
        c.close(c.call("no rows, X of shape (0, 3)", np.zeros((0, 3))), np.zeros((0, 3)))
        c.close(
            c.call(
                "rows of very different scales, X = [[3e200, 4e200], [3e-200, -4e-200], [3., 4.]] (a squared norm overflows or underflows)",
                np.array([[3e200, 4e200], [3e-200, -4e-200], [3.0, 4.0]]),
            ),
            np.array([[0.6, 0.8], [0.6, -0.8], [0.6, 0.8]]),
        )
        X = rng.normal(size=(50, 7))
        got = c.call("50 seeded random rows of length 7", X)
        c.close(got, X / np.linalg.norm(X, axis=1, keepdims=True))
        c.close(np.linalg.norm(got, axis=1), np.ones(50), what="the norm of every row")
        X = rng.normal(size=(3, 4)) * 10.0 ** np.array([[200], [-200], [0]])
        got = c.call("3 seeded random rows scaled by 1e200, 1e-200 and 1", X)
        c.close(np.linalg.norm(got, axis=1), np.ones(3), what="the norm of every row")


def check_nearest_neighbours(nearest_neighbours):
    rng = np.random.default_rng(SEED)
    with Checker(nearest_neighbours) as c:
        database = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [1.0, 1.0]])
        queries = np.array([[2.0, 0.1]])
        c.equal(c.call("one query [2., 0.1] against 4 rows, k = 2", queries, database, 2), np.array([[0, 3]]))
        c.equal(c.call("the same query with k = 1", queries, database, 1), np.array([[0]]))
        queries = rng.normal(size=(20, 16))
        database = rng.normal(size=(300, 16))
        similarity = (queries / np.linalg.norm(queries, axis=1, keepdims=True)) @ (
            database / np.linalg.norm(database, axis=1, keepdims=True)
        ).T
        expected = np.argsort(-similarity, axis=1, kind="stable")[:, :5]
        c.equal(c.call("20 seeded random queries, 300 database rows, k = 5", queries, database, 5), expected)


def check_stable_norm(stable_norm):
    rng = np.random.default_rng(SEED)
    with Checker(stable_norm) as c:
        c.close(c.call("huge entries x = [3e200, 4e200] (squares overflow)", np.array([3e200, 4e200])), 5e200)
        c.close(c.call("tiny entries x = [3e-200, 4e-200] (squares underflow)", np.array([3e-200, 4e-200])), 5e-200)
        c.close(
            c.call(
                "tiny entries x = [3e-160, -4e-160] (the squares are subnormal and have lost their digits)", np.array([3e-160, -4e-160])
            ),
            5e-160,
        )
        c.close(c.call("mixed x = [1e200, 1e-200, -1e200]", np.array([1e200, 1e-200, -1e200])), np.sqrt(2) * 1e200)
        c.close(c.call("the zero vector", np.zeros(4)), 0.0)
        c.close(c.call("an empty vector", np.array([])), 0.0)
        c.close(c.call("a single entry x = [-7.]", np.array([-7.0])), 7.0)
        c.close(c.call("negative entries x = [-3., -4.]", np.array([-3.0, -4.0])), 5.0)
        c.close(
            c.call(
                "negative entries and a zero, x = [-3., 0., -4.] (the largest entry is 0, the largest |entry| 4)",
                np.array([-3.0, 0.0, -4.0]),
            ),
            5.0,
        )
        c.close(c.call("integer input x = [3, -4]", np.array([3, -4])), 5.0)
        for trial, (case, x, _) in enumerate(_random_pairs(6, rng)):
            power = int(rng.integers(180, 250)) * (1 if trial % 2 else -1)  # squares overflow or underflow
            x = x * 10.0**power
            big = float(np.max(np.abs(x)))
            c.close(c.call(case + f", scaled by 1e{power}", x), big * float(np.linalg.norm(x / big)))
