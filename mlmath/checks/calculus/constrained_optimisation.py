"""Checks for calculus/07-constrained-optimisation."""

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 2007


# -- reference answers (written independently of the solutions notebook) -----------------------


def _kkt(P, q, A, b):
    """x and the multipliers of min 1/2 x'Px + q'x subject to Ax = b, with L = f - lam'(Ax - b)."""
    P, q, A, b = (np.asarray(a, dtype=float) for a in (P, q, A, b))
    n, m = len(q), len(b)
    K = np.block([[(P + P.T) / 2, -A.T], [A, np.zeros((m, m))]])
    z = np.linalg.solve(K, np.concatenate([-q, b]))
    return z[:n], z[n:]


def _qp_value(P, q, x):
    return 0.5 * x @ P @ x + q @ x


def _random_qp(rng, n, m):
    """A non-symmetric P whose symmetric part is positive definite, and a full-rank A of shape (m, n)."""
    B = rng.normal(size=(n, n))
    P = B @ B.T + n * np.eye(n) + rng.normal(size=(n, n))  # + a non-symmetric part
    return P, rng.normal(size=n), rng.normal(size=(m, n)), rng.normal(size=m)


def _null_space(A, n):
    """Columns spanning {z : Az = 0} (for random feasible points), from QR of A'."""
    m = A.shape[0]
    if m == 0:
        return np.eye(n)
    Q, _ = np.linalg.qr(A.T, mode="complete")
    return Q[:, m:]


def _project_simplex(v):
    """Projection onto {p : p >= 0, sum p = 1}: the threshold tau with sum(max(v - tau, 0)) = 1.

    Try each candidate support (the j largest entries) and keep the one that is consistent.
    """
    v = np.asarray(v, dtype=float)
    descending = -np.sort(-v)
    for j in range(len(v), 0, -1):
        tau = (descending[:j].sum() - 1) / j
        if descending[j - 1] > tau:
            return np.maximum(v - tau, 0.0)
    raise AssertionError("unreachable: j = 1 always qualifies")


def _project_ball(x, radius):
    norm = np.linalg.norm(x)
    return x if norm <= radius else x * (radius / norm)


def _max_entropy(x, mean):
    """p proportional to exp(theta x) with mean `mean`, theta by Newton's method on the log-partition."""
    x = np.asarray(x, dtype=float)
    theta = 0.0
    for _ in range(200):
        logits = theta * x
        p = np.exp(logits - logits.max())
        p /= p.sum()
        mu = p @ x
        var = p @ (x - mu) ** 2
        step = (mu - mean) / var
        theta -= np.clip(step, -1.0, 1.0)
        if abs(step) < 1e-15 * max(1.0, abs(theta)):
            break
    logits = theta * x
    p = np.exp(logits - logits.max())
    return p / p.sum(), theta


# -- checks -----------------------------------------------------------------------------------


def check_lagrangian_gradient(lagrangian_gradient):
    rng = np.random.default_rng(SEED)
    with Checker(lagrangian_gradient) as c:
        P = np.array([[2.0, 1.0], [-3.0, 4.0]])  # not symmetric: the gradient uses (P + P^T) / 2
        q, A, b = np.array([1.0, -1.0]), np.array([[1.0, 2.0]]), np.array([3.0])
        x, lam = np.array([1.0, -2.0]), np.array([0.5])
        # grad_x = [[2, -1], [-1, 4]] x + q - A^T lam = [4, -9] + [1, -1] - [0.5, 1]; b - Ax = 3 - (-3)
        got = c.call(
            "x = [1, -2], lam = [0.5], P = [[2, 1], [-3, 4]] (not symmetric), q = [1, -1], A = [[1, 2]], b = [3]",
            x,
            lam,
            P,
            q,
            A,
            b,
        )
        c.array(got, (3,))
        c.close(got, np.array([4.5, -11.0, 6.0]))
        got = c.call(
            "integer input, the same problem",
            x.astype(int),
            np.array([1]),
            P.astype(int),
            q.astype(int),
            A.astype(int),
            b.astype(int),
        )
        c.close(got, np.array([4.0, -12.0, 6.0]))
        n = 3
        got = c.call(
            "no constraints: A of shape (0, 3), b and lam of shape (0,)",
            np.ones(n),
            np.zeros(0),
            np.diag([1.0, 2.0, 3.0]),
            np.zeros(n),
            np.zeros((0, n)),
            np.zeros(0),
        )
        c.close(got, np.array([1.0, 2.0, 3.0]))
        for trial, (n, m) in enumerate([(4, 2), (5, 1), (3, 3)]):
            P, q, A, b = _random_qp(rng, n, m)
            x, lam = 10 * rng.normal(size=n), rng.normal(size=m)
            got = c.call(f"seeded random problem {trial + 1}: n = {n} variables, m = {m} constraints, P not symmetric", x, lam, P, q, A, b)
            c.array(got, (n + m,))
            c.close(got, np.concatenate([(P + P.T) / 2 @ x + q - A.T @ lam, b - A @ x]))

            def lagrangian(z, P=P, q=q, A=A, b=b, n=n):
                return _qp_value(P, q, z[:n]) - z[n:] @ (A @ z[:n] - b)

            # Central differences of a quadratic are exact up to rounding, about 1e-10 of the
            # gradient's scale here: 1e-6 leaves room and still catches a 0.1% error.
            c.close(
                got,
                numerical_gradient(lagrangian, np.concatenate([x, lam])),
                rtol=1e-6,
                what="your gradient against central differences of L(x, lam) = f(x) - lam^T (Ax - b)",
            )
        P, q, A, b = _random_qp(rng, 4, 2)
        x_star, lam_star = _kkt(P, q, A, b)
        got = c.call("at the solution of a seeded problem (the gradient must vanish)", x_star, lam_star, P, q, A, b)
        scale = np.abs(P).max() * np.abs(x_star).max() + np.abs(q).max() + np.abs(A).max() * np.abs(lam_star).max()
        c.close(got, np.zeros(6), atol=1e-9 * scale)


def check_solve_equality_qp(solve_equality_qp):
    rng = np.random.default_rng(SEED)
    with Checker(solve_equality_qp, forbid=["np.linalg.inv", "np.linalg.pinv"]) as c:
        got = c.call(
            "the budget problem: min x^2 + 4y^2 with x + y = 1",
            np.diag([2.0, 8.0]),
            np.zeros(2),
            np.array([[1.0, 1.0]]),
            np.array([1.0]),
        )
        x, lam = c.unpack(got, ("x", "lam"))
        c.array(x, (2,), what="x")
        c.array(lam, (1,), what="lam")
        c.close(x, np.array([0.8, 0.2]), what="x")
        c.close(lam, np.array([1.6]), what="lam (with L = f - lam (x + y - 1), the multiplier is +1.6)")
        got = c.call(
            "integer input: min x^2 + 4y^2 with x + y = 2",
            np.diag([2, 8]),
            np.zeros(2, dtype=int),
            np.array([[1, 1]]),
            np.array([2]),
        )
        x, lam = c.unpack(got, ("x", "lam"))
        c.close(x, np.array([1.6, 0.4]), what="x")
        c.close(lam, np.array([3.2]), what="lam")
        P = np.array([[2.0, 2.0], [-2.0, 2.0]])  # symmetric part 2 I: f = x^2 + y^2 - 2x
        got = c.call(
            "P = [[2, 2], [-2, 2]] (not symmetric), q = [-2, 0], constraint y = 1",
            P,
            np.array([-2.0, 0.0]),
            np.array([[0.0, 1.0]]),
            np.array([1.0]),
        )
        x, lam = c.unpack(got, ("x", "lam"))
        c.close(x, np.array([1.0, 1.0]), what="x")
        c.close(lam, np.array([2.0]), what="lam")
        got = c.call(
            "no constraints: A of shape (0, 2), b of shape (0,)",
            np.diag([2.0, 4.0]),
            np.array([-2.0, 4.0]),
            np.zeros((0, 2)),
            np.zeros(0),
        )
        x, lam = c.unpack(got, ("x", "lam"))
        c.close(x, np.array([1.0, -1.0]), what="x")
        c.array(lam, (0,), what="lam")
        for trial, (n, m, scale) in enumerate([(4, 2, 1.0), (6, 3, 1.0), (5, 1, 1e6), (3, 3, 1e-6)]):
            P, q, A, b = _random_qp(rng, n, m)
            P, q = P * scale, q * scale
            x_ref, lam_ref = _kkt(P, q, A, b)
            got = c.call(f"seeded random problem {trial + 1}: n = {n}, m = {m}, P and q scaled by {scale:g}", P, q, A, b)
            x, lam = c.unpack(got, ("x", "lam"))
            c.array(x, (n,), what="x")
            c.array(lam, (m,), what="lam")
            c.close(
                A @ x,
                b,
                atol=1e-9 * (np.abs(A).max() * np.abs(x).max() + np.abs(b).max()),
                what="A @ x, which must equal b (the constraint)",
            )
            c.close(x, x_ref, what="x")
            c.close(lam, lam_ref, what="lam")
            N = _null_space(A, n)
            others = x_ref + rng.normal(size=(50, n - m)) @ N.T if n > m else x_ref[None, :]
            best_other = min(_qp_value(P, q, z) for z in others)
            c.require(
                _qp_value(P, q, x) <= best_other + 1e-9 * abs(best_other),
                "Some feasible point has a smaller objective than your x, so it is not the minimum.",
            )
        c.call_raises("A has 3 columns but P is 2 x 2", ValueError, np.eye(2), np.zeros(2), np.ones((1, 3)), np.ones(1))
        c.call_raises("A has 2 rows but b has 1 entry", ValueError, np.eye(3), np.zeros(3), np.ones((2, 3)), np.ones(1))


def check_value_sensitivity(value_sensitivity):
    rng = np.random.default_rng(SEED)
    with Checker(value_sensitivity) as c:
        # The optimal value p*(b) of an equality-constrained QP is a quadratic in b, so a central
        # difference is exact up to rounding (about eps |p*| / h): rtol 1e-6 is generous for that and
        # still rejects a forward difference, whose error h/2 * p*''(b) is about 1e-3 of the answer here.
        got = c.call(
            "the budget problem min x^2 + 4y^2 with x + y = 1 (p*(c) = 0.8 c^2)",
            np.diag([2.0, 8.0]),
            np.zeros(2),
            np.array([[1.0, 1.0]]),
            np.array([1.0]),
        )
        c.array(got, (1,))
        c.close(got, np.array([1.6]), rtol=1e-6)
        got = c.call(
            "the same problem at level c = -3, h = 0.5",
            np.diag([2.0, 8.0]),
            np.zeros(2),
            np.array([[1.0, 1.0]]),
            np.array([-3.0]),
            0.5,
        )
        c.close(got, np.array([-4.8]), rtol=1e-6)
        got = c.call("no constraints: b of shape (0,)", np.eye(2), np.ones(2), np.zeros((0, 2)), np.zeros(0))
        c.array(got, (0,))
        for trial, (n, m, level) in enumerate([(4, 2, 1.0), (5, 3, 1.0), (3, 1, 1e3)]):
            P, q, A, b = _random_qp(rng, n, m)
            b = b * level
            _, lam = _kkt(P, q, A, b)
            got = c.call(f"seeded random problem {trial + 1}: n = {n}, m = {m}, b of size {level:g}", P, q, A, b)
            c.array(got, (m,))
            c.close(got, lam, rtol=1e-6, what="the slopes, which must match the multipliers of the KKT system")


def check_max_variance_directions(max_variance_directions):
    rng = np.random.default_rng(SEED)
    forbid = ["np.linalg.eig", "np.linalg.eigh", "np.linalg.svd", "np.linalg.eigvalsh", "np.linalg.eigvals"]
    with Checker(max_variance_directions, forbid=forbid) as c:
        X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
        W, variances = c.unpack(c.call("X = [[2, 0], [-2, 0], [0, 1], [0, -1]], k = 2", X, 2), ("W", "variances"))
        c.array(W, (2, 2), what="W")
        c.array(variances, (2,), what="variances")
        W = W * np.sign(np.sum(W * np.eye(2), axis=1, keepdims=True))  # the sign of a direction is free
        c.close(W, np.eye(2), atol=1e-6, what="the directions (rows of W, up to sign)")
        c.close(variances, np.array([8 / 3, 2 / 3]), what="the variances (divide by n - 1 = 3)")
        for trial, (n, d, k, offset, integer) in enumerate(
            [(200, 3, 1, 0.0, False), (300, 5, 3, 100.0, False), (150, 4, 4, 0.0, False), (100, 3, 2, -7.0, True)]
        ):
            Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
            spread = 3.0 * 0.5 ** np.arange(d)  # standard deviations with a clear gap between them
            X = (rng.normal(size=(n, d)) * spread) @ Q.T + offset + rng.normal(size=d)
            if integer:
                X = np.round(10 * X).astype(int)
            centred = X - X.mean(axis=0)
            values, vectors = np.linalg.eigh(centred.T @ centred / (n - 1))
            expected_W, expected_var = vectors[:, ::-1][:, :k].T, values[::-1][:k]
            what = f"seeded random data {trial + 1}: n = {n}, d = {d}, k = {k}, mean {offset:g}" + (", integer entries" if integer else "")
            W, variances = c.unpack(c.call(what, X, k), ("W", "variances"))
            c.array(W, (k, d), what="W (one direction per row)")
            c.array(variances, (k,), what="variances")
            c.close(W @ W.T, np.eye(k), atol=1e-8, what="W @ W.T: the rows must be orthonormal (the constraints)")
            aligned = W * np.where(np.sum(W * expected_W, axis=1, keepdims=True) < 0, -1.0, 1.0)
            # A residual of 1e-10 |S| leaves an angle error of about 1e-10 |S| / gap, far below 1e-6.
            c.close(aligned, expected_W, atol=1e-6, what="the directions (rows of W, up to sign)")
            c.close(variances, expected_var, what="the variances, largest first")
        c.call_raises("max_iter = 2 on the seeded data of the last case (too few steps to converge)", RuntimeError, X, k, 1e-10, 2)


def check_max_entropy_distribution(max_entropy_distribution):
    with Checker(max_entropy_distribution) as c:
        cases = [
            ("die faces 1..6 with mean 4.5", np.arange(1.0, 7.0), 4.5),
            ("two values [0, 1] with mean 0.25", np.array([0.0, 1.0]), 0.25),
            ("unsorted values with negatives [3, -1, 0.5, -4], mean -2", np.array([3.0, -1.0, 0.5, -4.0]), -2.0),
            ("integer values [0, 1, 2, 3], mean 0.1 (close to the minimum)", np.array([0, 1, 2, 3]), 0.1),
            (
                "values 10000 + [0, 1, 2] with mean 10001.6 (theta * x overflows exp)",
                10_000.0 + np.array([0.0, 1.0, 2.0]),
                10_001.6,
            ),
            ("values [0, 1000, 2000], mean 1999.9", np.array([0.0, 1000.0, 2000.0]), 1999.9),
        ]
        for case, x, mean in cases:
            expected_p, expected_theta = _max_entropy(x, mean)
            p, theta = c.unpack(c.call(case, x, mean), ("p", "theta"))
            c.array(p, x.shape, what="p")
            c.close(p.sum(), 1.0, what="the sum of p")
            spread = float(np.ptp(x))
            c.close(p @ x, mean, atol=1e-9 * spread, what="the mean of p, sum(p * values)")
            c.close(theta, expected_theta, what="theta")
            c.close(p, expected_p, what="p")
        p, theta = c.unpack(c.call("die faces 1..6 with mean 3.5 (the uniform mean)", np.arange(1.0, 7.0), 3.5), ("p", "theta"))
        c.close(theta, 0.0, atol=1e-9, what="theta")
        c.close(p, np.full(6, 1 / 6), what="p")
        for case, x, mean in [
            ("mean equal to the largest value", np.arange(1.0, 7.0), 6.0),
            ("mean below the smallest value", np.arange(1.0, 7.0), 0.5),
            ("mean above the largest value", np.array([-1.0, 1.0]), 2.0),
        ]:
            c.call_raises(case + " (no distribution on these values has it)", ValueError, x, mean)


def check_project_l2_ball(project_l2_ball):
    rng = np.random.default_rng(SEED)
    with Checker(project_l2_ball) as c:
        X = np.array([[3.0, 4.0], [0.3, -0.4], [0.0, 0.0], [-6.0, 8.0]])
        got = c.call("rows [3, 4], [0.3, -0.4], [0, 0], [-6, 8], radius 1", X, 1.0)
        c.array(got, (4, 2))
        c.close(got, np.array([[0.6, 0.8], [0.3, -0.4], [0.0, 0.0], [-0.6, 0.8]]))
        got = c.call("integer rows [[3, 4, 0]], radius 2", np.array([[3, 4, 0]]), 2)
        c.close(got, np.array([[1.2, 1.6, 0.0]]))
        got = c.call("radius 0 (everything goes to the origin), rows [1, 2] and [0, 0]", np.array([[1.0, 2.0], [0.0, 0.0]]), 0.0)
        c.close(got, np.zeros((2, 2)))
        got = c.call("no rows, X of shape (0, 3)", np.zeros((0, 3)), 1.0)
        c.array(got, (0, 3))
        got = c.call(
            "huge rows [3e100, -4e100] and tiny rows [3e-100, 4e-100], radius 1e-50",
            np.array([[3e100, -4e100], [3e-100, 4e-100]]),
            1e-50,
        )
        c.close(got, np.array([[6e-51, -8e-51], [3e-100, 4e-100]]), rtol=1e-12, atol=0)
        X = rng.normal(size=(40, 5)) * rng.uniform(0.1, 3.0, size=(40, 1))
        radius = 2.0
        got = c.call("40 seeded random rows of length 5, some inside and some outside radius 2", X, radius)
        c.array(got, (40, 5))
        expected = np.array([_project_ball(row, radius) for row in X])
        c.close(got, expected)
        c.require(
            np.all(np.linalg.norm(got, axis=1) <= radius * (1 + 1e-12)),
            "Every projected row must lie in the ball: some row is longer than the radius.",
        )
        again = c.call("projecting your own answer again (a projection changes nothing the second time)", got, radius)
        c.close(again, got)
        c.call_raises("a negative radius, -1", ValueError, np.ones((2, 2)), -1.0)


def check_project_simplex(project_simplex):
    rng = np.random.default_rng(SEED)
    with Checker(project_simplex) as c:
        fixed = [
            ("a point on the simplex already, [0.2, 0.5, 0.3]", np.array([0.2, 0.5, 0.3]), np.array([0.2, 0.5, 0.3])),
            ("v = [2, 0]", np.array([2.0, 0.0]), np.array([1.0, 0.0])),
            ("v = [1, 1, -1]", np.array([1.0, 1.0, -1.0]), np.array([0.5, 0.5, 0.0])),
            ("the zero vector of length 4", np.zeros(4), np.full(4, 0.25)),
            ("all negative v = [-3, -1, -2]", np.array([-3.0, -1.0, -2.0]), np.array([0.0, 1.0, 0.0])),
            ("v = [0.5, 2, 0.4, 1.6] (two survive)", np.array([0.5, 2.0, 0.4, 1.6]), np.array([0.0, 0.7, 0.0, 0.3])),
            ("integer input [2, 1, 2]", np.array([2, 1, 2]), np.array([0.5, 0.0, 0.5])),
            ("one element [-5.]", np.array([-5.0]), np.array([1.0])),
        ]
        for case, v, expected in fixed:
            got = c.call(case, v)
            c.array(got, v.shape)
            c.close(got, expected, atol=1e-12)
        # Entries near 1e6 carry rounding errors of about 1e6 * eps = 2e-10 in v - tau
        got = c.call("huge entries [1e6, 1e6 + 0.5]", np.array([1e6, 1e6 + 0.5]))
        c.close(got, np.array([0.25, 0.75]), atol=1e-9)
        for trial, n in enumerate([5, 12, 50]):
            v = rng.normal(size=n) * 2
            got = c.call(f"seeded random v {trial + 1} of length {n}", v)
            c.array(got, (n,))
            c.require(np.all(got >= 0), f"Probabilities cannot be negative; got a minimum of {got.min()!r}.")
            c.close(got.sum(), 1.0, what="the sum of the result")
            c.close(got, _project_simplex(v), atol=1e-12)
            others = rng.dirichlet(np.ones(n), size=200)
            c.require(
                np.linalg.norm(got - v) <= np.linalg.norm(others - v, axis=1).min() + 1e-12,
                "A random point of the simplex is closer to v than your answer, so it is not the projection.",
            )
            again = c.call(f"projecting your own answer to random v {trial + 1} again", got)
            c.close(again, got, atol=1e-12, what="the second projection, which must change nothing")
        c.call_raises("an empty vector (there is no simplex in 0 dimensions)", ValueError, np.zeros(0))


def check_projected_gradient_descent(projected_gradient_descent):
    rng = np.random.default_rng(SEED)

    def reference(grad, project, x0, step, n_steps):
        path = [project(np.asarray(x0, dtype=float))]
        for _ in range(n_steps):
            path.append(project(path[-1] - step * grad(path[-1])))
        return np.array(path)

    with Checker(projected_gradient_descent) as c:
        target = np.array([2.0, 1.0])

        def grad_ball(x):  # f(x) = |x - target|^2, minimised over the unit ball
            return 2 * (x - target)

        def project_unit_ball(x):
            return _project_ball(x, 1.0)

        got = c.call(
            "f(x) = |x - [2, 1]|^2 on the unit ball, x0 = [0, 0], step 0.25, 3 steps",
            grad_ball,
            project_unit_ball,
            np.zeros(2),
            0.25,
            3,
        )
        c.array(got, (4, 2))
        c.close(got, reference(grad_ball, project_unit_ball, np.zeros(2), 0.25, 3))
        got = c.call(
            "the same problem with x0 = [0, -3] outside the ball (project it first), 0 steps",
            grad_ball,
            project_unit_ball,
            np.array([0.0, -3.0]),
            0.25,
            0,
        )
        c.array(got, (1, 2))
        c.close(got, np.array([[0.0, -1.0]]))
        got = c.call(
            "the same problem from integer x0 = [0, -3], step 0.1, 5 steps",
            grad_ball,
            project_unit_ball,
            np.array([0, -3]),
            0.1,
            5,
        )
        c.close(got, reference(grad_ball, project_unit_ball, np.array([0.0, -3.0]), 0.1, 5))

        M = rng.normal(size=(30, 4))
        y = M @ np.array([0.7, 0.3, 0.0, 0.0]) + 0.05 * rng.normal(size=30)

        def grad_weights(w):  # least squares for ensemble weights that must form a distribution
            return 2 * M.T @ (M @ w - y) / len(y)

        step = 0.5 / np.linalg.norm(M, 2) ** 2 * len(y)
        x0 = np.array([3.0, -1.0, 0.5, 0.5])
        got = c.call(
            "least squares over the probability simplex, x0 = [3, -1, 0.5, 0.5], 200 steps",
            grad_weights,
            _project_simplex,
            x0,
            step,
            200,
        )
        c.array(got, (201, 4))
        c.close(got, reference(grad_weights, _project_simplex, x0, step, 200), atol=1e-10)
        c.require(
            np.all(got >= -1e-12) and np.allclose(got.sum(axis=1), 1.0),
            "Every iterate must be feasible (here: a probability vector), including the first.",
        )
        loss = np.mean((got @ M.T - y) ** 2, axis=1)
        c.require(loss[-1] <= loss[0], f"The loss went up, from {loss[0]:.4g} to {loss[-1]:.4g}: a sign error in the step?")
