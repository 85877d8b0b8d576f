"""Checks for calculus/05-second-order."""

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 2005


# -- test functions with their exact gradients and Hessians -------------------------------------


def _mixed(x):
    """f(x) = exp(x0) sin(x1) + x0 x2^2, a non-quadratic function of 3 variables."""
    return np.exp(x[0]) * np.sin(x[1]) + x[0] * x[2] ** 2


def _mixed_grad(x):
    return np.array([np.exp(x[0]) * np.sin(x[1]) + x[2] ** 2, np.exp(x[0]) * np.cos(x[1]), 2 * x[0] * x[2]])


def _mixed_hess(x):
    e, s, co = np.exp(x[0]), np.sin(x[1]), np.cos(x[1])
    return np.array([[e * s, e * co, 2 * x[2]], [e * co, -e * s, 0.0], [2 * x[2], 0.0, 2 * x[0]]])


def _rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def _rosenbrock_grad(x):
    return np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])


def _rosenbrock_hess(x):
    return np.array([[2 - 400 * x[1] + 1200 * x[0] ** 2, -400 * x[0]], [-400 * x[0], 200.0]])


def _double_well(x):
    """(x0^2 - 1)^2 + x1^2 (any further entries squared too): minima at x0 = +-1, a saddle at 0."""
    return (x[0] ** 2 - 1) ** 2 + np.sum(x[1:] ** 2)


def _double_well_grad(x):
    return np.concatenate([[4 * x[0] ** 3 - 4 * x[0]], 2 * x[1:]])


def _double_well_hess(x):
    H = 2.0 * np.eye(len(x))
    H[0, 0] = 12 * x[0] ** 2 - 4
    return H


def _soft_abs(x):
    """sqrt(1 + x^2) summed: convex, but a full Newton step from |x| > 1 overshoots and diverges."""
    return float(np.sum(np.sqrt(1 + x**2)))


def _soft_abs_grad(x):
    return x / np.sqrt(1 + x**2)


def _soft_abs_hess(x):
    return np.diag((1 + x**2) ** -1.5)


def _logistic(seed_rng, n=40, d=3, strength=0.1):
    """Mean logistic loss of a seeded data set plus (strength / 2) |w|^2, with gradient and Hessian."""
    X = seed_rng.normal(size=(n, d))
    y = np.where(X @ np.array([1.5, -2.0, 0.5][:d]) + 0.5 * seed_rng.normal(size=n) > 0, 1.0, -1.0)

    def f(w):
        return float(np.mean(np.logaddexp(0, -y * (X @ w))) + strength / 2 * w @ w)

    def grad(w):
        s = 1 / (1 + np.exp(y * (X @ w)))  # sigma(-y x.w)
        return X.T @ (-y * s) / n + strength * w

    def hess(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return (X.T * (p * (1 - p))) @ X / n + strength * np.eye(d)

    return f, grad, hess


def _reference_newton(grad, hess, x, steps=60):
    """Pure Newton from a start where it is known to converge (for reference minimisers)."""
    for _ in range(steps):
        x = x - np.linalg.solve(hess(x), grad(x))
    return x


def _counting(func):
    """func, wrapped to count its calls in .calls."""

    def counted(*args, **kwargs):
        counted.calls += 1
        return func(*args, **kwargs)

    counted.calls = 0
    return counted


def _reference_numerical_hessian(f, x):
    """Central differences of numerical_gradient, symmetrised: about 1e-6 relative error."""
    x = np.asarray(x, dtype=float)
    H = np.zeros((x.size, x.size))
    for j in range(x.size):
        h = 1e-4 * max(1.0, abs(x[j]))
        up, down = x.copy(), x.copy()
        up[j] += h
        down[j] -= h
        H[:, j] = (numerical_gradient(f, up) - numerical_gradient(f, down)) / (up[j] - down[j])
    return (H + H.T) / 2


def _symmetric_with_eigenvalues(eigenvalues, rng):
    Q, _ = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    return (Q * np.asarray(eigenvalues, dtype=float)) @ Q.T


# -- Exercise 1 ---------------------------------------------------------------------------------


def check_quadratic_derivatives(quadratic_derivatives):
    rng = np.random.default_rng(SEED)
    with Checker(quadratic_derivatives) as c:
        cases = [
            (
                "non-symmetric A = [[1., 2.], [0., 3.]], b = [1., -1.], x = [1., 2.]",
                np.array([[1.0, 2.0], [0.0, 3.0]]),
                np.array([1.0, -1.0]),
                np.array([1.0, 2.0]),
            ),
            ("1 x 1: A = [[-2.]], b = [3.], x = [0.5]", np.array([[-2.0]]), np.array([3.0]), np.array([0.5])),
            (
                "integer input A = [[0, -1], [4, 2]], b = [2, 0], x = [-3, 1]",
                np.array([[0, -1], [4, 2]]),
                np.array([2, 0]),
                np.array([-3, 1]),
            ),
        ]
        for trial in range(3):
            d = int(rng.integers(3, 6))
            cases.append(
                (
                    f"seeded random non-symmetric A ({d} x {d}), b and x",
                    rng.normal(size=(d, d)),
                    rng.normal(size=d),
                    rng.normal(size=d) * 10.0 ** (trial - 1),
                )
            )
        for case, A, b, x in cases:
            value, gradient, hessian = c.unpack(c.call(case, A, b, x), ("value", "gradient", "hessian"))
            A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
            d = len(x)

            def f(z, A=A, b=b):
                return z @ A @ z + b @ z

            c.close(value, f(x), what="the value x^T A x + b^T x")
            c.array(gradient, (d,), what="the gradient")
            c.close(gradient, (A + A.T) @ x + b, what="the gradient")
            # numerical_gradient is accurate to about 1e-10 relative here; 1e-6 leaves room for rounding
            scale = np.abs(gradient).max() + np.abs(b).max() + np.abs(A).max() * np.abs(x).max()
            c.close(
                gradient,
                numerical_gradient(f, x),
                rtol=1e-6,
                atol=1e-6 * scale,
                what="the gradient against central differences of f",
            )
            c.array(hessian, (d, d), what="the Hessian")
            c.close(hessian, A + A.T, what="the Hessian")
            # differences of differences: about 1e-6 relative error for a quadratic, so allow 1e-5
            c.close(
                hessian,
                _reference_numerical_hessian(f, x),
                rtol=1e-5,
                atol=1e-5 * np.abs(A).max(),
                what="the Hessian against finite differences of f",
            )
        c.call_raises("a non-square A of shape (2, 3)", ValueError, np.ones((2, 3)), np.ones(3), np.ones(3))
        c.call_raises("A is 2 x 2 but x has length 3", ValueError, np.eye(2), np.ones(3), np.ones(3))
        c.call_raises("A is 2 x 2 but b has length 1 (it would broadcast)", ValueError, np.eye(2), np.ones(1), np.ones(2))


# -- Exercise 2 ---------------------------------------------------------------------------------


def check_numerical_hessian(numerical_hessian):
    rng = np.random.default_rng(SEED)
    A = rng.normal(size=(3, 3))
    B = rng.normal(size=(5, 5))
    cases = [
        (
            "f(x) = x^T A x with non-symmetric A (3 x 3, seeded), x = [1., -2., 0.5]",
            lambda x: x @ A @ x,
            np.array([1.0, -2.0, 0.5]),
            A + A.T,
        ),
        (
            "f(x) = exp(x1) sin(x2) + x1 x3^2 at x = [0.3, -1.2, 2.]",
            _mixed,
            np.array([0.3, -1.2, 2.0]),
            _mixed_hess(np.array([0.3, -1.2, 2.0])),
        ),
        ("one variable, f(x) = x1^4 at x = [-1.5]", lambda x: x[0] ** 4, np.array([-1.5]), np.array([[27.0]])),
        (
            "integer input x = [2, -1] for f(x) = x1^2 x2 + 3 x2^2",
            lambda x: x[0] ** 2 * x[1] + 3 * x[1] ** 2,
            np.array([2, -1]),
            np.array([[-2.0, 4.0], [4.0, 6.0]]),
        ),
        (
            "large entries, x near 1e3: f(x) = x^T B x with B 5 x 5 non-symmetric (seeded)",
            lambda x: x @ B @ x,
            1e3 * rng.normal(size=5),
            B + B.T,
        ),
        (
            "the Rosenbrock function at x = [-1.2, 1.]",
            _rosenbrock,
            np.array([-1.2, 1.0]),
            _rosenbrock_hess(np.array([-1.2, 1.0])),
        ),
    ]
    with Checker(numerical_hessian) as c:
        for case, f, x, expected in cases:
            got = c.array(c.call(case, f, x), (len(x), len(x)))
            # A second difference with step h ~ 1e-4 |x| is off by about h^2 (truncation) plus
            # eps |f| / h^2 (rounding): near 1e-8 of the Hessian's size here. Forward differences
            # are off by about h, 1e-4: the tolerance 1e-5 sits between the two.
            c.close(got, expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())
            c.require(
                np.array_equal(got, got.T),
                "The result is not exactly symmetric: a Hessian of a smooth function is, so "
                "return (H + H.T) / 2 of your estimate. Largest |H - H.T|: "
                f"{np.abs(got - got.T).max():.3g}.",
            )


# -- Exercise 3 ---------------------------------------------------------------------------------


def check_quadratic_model(quadratic_model):
    rng = np.random.default_rng(SEED)
    with Checker(quadratic_model) as c:
        A = np.array([[2.0, 1.0], [1.0, 3.0]])

        def quadratic(x):
            return 0.5 * x @ A @ x - x[0] + 4.0

        x = np.array([1.0, -1.0])
        steps = np.array([[0.5, 0.0], [0.0, -2.0], [1.0, 1.0]])
        got = c.array(
            c.call(
                "a quadratic f (the model is exact), x = [1., -1.], 3 steps",
                quadratic,
                lambda x: A @ x - np.array([1.0, 0.0]),
                lambda x: A,
                x,
                steps,
            ),
            (3,),
        )
        c.close(got, np.array([quadratic(x + p) for p in steps]))

        x = np.array([0.3, -1.2, 2.0])
        steps = rng.normal(size=(6, 3))
        f, grad, hess = _counting(_mixed), _counting(_mixed_grad), _counting(_mixed_hess)
        got = c.array(c.call("f(x) = exp(x1) sin(x2) + x1 x3^2, 6 seeded random steps", f, grad, hess, x, steps), (6,))
        g, H = _mixed_grad(x), _mixed_hess(x)
        c.close(got, _mixed(x) + steps @ g + 0.5 * np.einsum("ij,jk,ik->i", steps, H, steps))
        c.require(
            hess.calls == 1 and grad.calls == 1 and f.calls == 1,
            f"Evaluate f, its gradient and its Hessian once each at x, not once per step: your "
            f"function called them {f.calls}, {grad.calls} and {hess.calls} times for 6 steps.",
        )

        c.close(
            c.call(
                "one variable, f(x) = x^4 at x = [1.], steps [[0.1], [-0.2]]",
                lambda x: x[0] ** 4,
                lambda x: 4 * x**3,
                lambda x: np.array([[12 * x[0] ** 2]]),
                np.array([1.0]),
                np.array([[0.1], [-0.2]]),
            ),
            np.array([1.46, 0.44]),
        )
        c.close(
            c.call(
                "integer steps [[1, 0], [0, -1]] at x = [0., 0.] for the quadratic",
                quadratic,
                lambda x: A @ x - np.array([1.0, 0.0]),
                lambda x: A,
                np.zeros(2),
                np.array([[1, 0], [0, -1]]),
            ),
            np.array([4.0, 5.5]),
        )
        c.close(
            c.call(
                "no steps at all (shape (0, 2))",
                quadratic,
                lambda x: A @ x - np.array([1.0, 0.0]),
                lambda x: A,
                np.zeros(2),
                np.zeros((0, 2)),
            ),
            np.zeros(0),
        )

        # The property: the model's error shrinks like the cube of the step length
        x, direction = np.array([0.3, -1.2, 2.0]), np.array([0.6, -0.8, 0.5])
        lengths = np.array([0.1, 0.05, 0.025, 0.0125])
        got = c.call(
            "the steps t * u for t = 0.1, 0.05, 0.025, 0.0125 (u fixed)",
            _mixed,
            _mixed_grad,
            _mixed_hess,
            x,
            lengths[:, None] * direction,
        )
        c.array(got, (4,))
        errors = np.abs(np.array([_mixed(x + t * direction) for t in lengths]) - got)
        slopes = np.diff(np.log(errors)) / np.diff(np.log(lengths))
        c.require(
            np.all(np.abs(slopes - 3) < 0.3),
            "The error f(x + p) - model(p) should shrink like |p|^3 (8 times smaller when the "
            f"step halves); measured slopes on a log-log scale: {np.round(slopes, 2)}.",
        )


# -- Exercise 4 ---------------------------------------------------------------------------------


def _classify(H, tol=1e-8):
    lam = np.linalg.eigvalsh(H)
    scale = np.abs(lam).max()
    positive, negative = lam > tol * scale, lam < -tol * scale
    if positive.any() and negative.any():
        return "saddle", lam
    if positive.all():
        return "minimum", lam
    if negative.all():
        return "maximum", lam
    return "degenerate", lam


def check_classify_critical_point(classify_critical_point):
    rng = np.random.default_rng(SEED)
    cases = [
        ("H = [[2., 0.], [0., 3.]]", np.array([[2.0, 0.0], [0.0, 3.0]])),
        ("H = [[-1., 0.], [0., -5.]]", np.array([[-1.0, 0.0], [0.0, -5.0]])),
        ("H = [[1., 2.], [2., 1.]] (positive diagonal, but not a minimum)", np.array([[1.0, 2.0], [2.0, 1.0]])),
        ("H = [[-3., 1.], [1., -3.]] (negative diagonal, off-diagonal entries positive)", np.array([[-3.0, 1.0], [1.0, -3.0]])),
        ("H = [[1., 0.], [0., 0.]] (a zero eigenvalue)", np.array([[1.0, 0.0], [0.0, 0.0]])),
        ("H = [[0., 0.], [0., -2.]]", np.array([[0.0, 0.0], [0.0, -2.0]])),
        ("H = diag(1, -1, 0): a zero eigenvalue, but directions up and down", np.diag([1.0, -1.0, 0.0])),
        ("the zero matrix (2 x 2)", np.zeros((2, 2))),
        ("1 x 1: H = [[4.]]", np.array([[4.0]])),
        ("integer input H = [[2, 1], [1, 2]]", np.array([[2, 1], [1, 2]])),
        ("tiny scale: 1e-12 * [[2., 1.], [1., 2.]]", 1e-12 * np.array([[2.0, 1.0], [1.0, 2.0]])),
        (
            "huge scale: eigenvalues 1e12 and 1e-3 (the second is zero at this scale), rotated",
            _symmetric_with_eigenvalues([1e12, 1e-3], rng),
        ),
        ("seeded random 4 x 4 with eigenvalues 5, 2, 0.5, -0.1", _symmetric_with_eigenvalues([5.0, 2.0, 0.5, -0.1], rng)),
        ("seeded random 3 x 3 with eigenvalues -1e3, -2, -1e-2", _symmetric_with_eigenvalues([-1e3, -2.0, -1e-2], rng)),
    ]
    with Checker(classify_critical_point) as c:
        for case, H in cases:
            kind, eigenvalues = c.unpack(c.call(case, H), ("kind", "eigenvalues"))
            expected_kind, expected_eigenvalues = _classify(np.asarray(H, dtype=float))
            c.array(eigenvalues, (len(H),), what="the eigenvalues")
            # eigenvalues of a rounded matrix are only known to about eps times the largest one
            c.close(
                eigenvalues,
                expected_eigenvalues,
                atol=1e-9 * np.abs(expected_eigenvalues).max() + 1e-300,
                what="the eigenvalues, in ascending order",
            )
            c.equal(kind, expected_kind, what="the kind of critical point")
        c.call_raises("a non-symmetric H = [[1., 2.], [0., 1.]]", ValueError, np.array([[1.0, 2.0], [0.0, 1.0]]))
        c.call_raises("a non-square H of shape (2, 3)", ValueError, np.ones((2, 3)))


# -- Exercise 5 ---------------------------------------------------------------------------------


def _gd_iterations(H, x0, tol=1e-6, max_iter=100_000):
    H, x = np.asarray(H, dtype=float), np.asarray(x0, dtype=float)
    lam = np.linalg.eigvalsh(H)
    eta = 2 / (lam[0] + lam[-1])
    target = tol * np.linalg.norm(x)
    for k in range(max_iter + 1):
        if np.linalg.norm(x) <= target:
            return k
        x = x - eta * (H @ x)
    raise RuntimeError


def check_gd_iterations(gd_iterations):
    rng = np.random.default_rng(SEED)
    with Checker(gd_iterations) as c:
        c.equal(c.call("H = 3 I (kappa = 1), x0 = [3., 4.]", 3 * np.eye(2), np.array([3.0, 4.0])), 1)
        c.equal(c.call("x0 = [0., 0.] is already the minimum", np.diag([1.0, 10.0]), np.zeros(2)), 0)
        cases = [
            ("H = diag(1, 10), x0 = [3., 4.]", np.diag([1.0, 10.0]), np.array([3.0, 4.0]), 1e-6),
            ("H = diag(1, 10), x0 = [3., 4.], tol = 1e-3", np.diag([1.0, 10.0]), np.array([3.0, 4.0]), 1e-3),
            ("integer H = [[5, 2], [2, 1]], x0 = [1, -1]", np.array([[5, 2], [2, 1]]), np.array([1, -1]), 1e-6),
            (
                "seeded rotated H with eigenvalues 0.02, 0.5, 2 (kappa = 100)",
                _symmetric_with_eigenvalues([0.02, 0.5, 2.0], rng),
                rng.normal(size=3),
                1e-6,
            ),
        ]
        for case, H, x0, tol in cases:
            expected = _gd_iterations(H, x0, tol)
            c.equal(c.call(case, H, x0, tol), expected)
        counts = {}
        for kappa in (10.0, 100.0, 1000.0):
            H = _symmetric_with_eigenvalues([1.0, kappa], np.random.default_rng(SEED + 1))
            counts[kappa] = c.call(f"kappa = {kappa:g}: rotated H with eigenvalues 1 and {kappa:g}, x0 = [1., 1.]", H, np.ones(2), 1e-6)
            c.equal(counts[kappa], _gd_iterations(H, np.ones(2)))
            bound = int(np.ceil(np.log(1e-6) / np.log((kappa - 1) / (kappa + 1))))
            c.require(counts[kappa] <= bound, f"The theorem's bound is {bound} steps; you reported {counts[kappa]}.")
        ratio = counts[1000.0] / counts[100.0]
        c.require(
            8 < ratio < 12,
            "Ten times the condition number should take about ten times as many steps; "
            f"your counts for kappa = 100 and 1000 are {counts[100.0]} and {counts[1000.0]}.",
        )
        c.call_raises("H with a negative eigenvalue, [[1., 0.], [0., -1.]]", ValueError, np.diag([1.0, -1.0]), np.ones(2))
        c.call_raises("a singular H = [[1., 1.], [1., 1.]]", ValueError, np.ones((2, 2)), np.ones(2))
        c.call_raises("kappa = 1000 but max_iter = 100", RuntimeError, np.diag([1.0, 1000.0]), np.ones(2), 1e-6, 100)


# -- Exercise 6 ---------------------------------------------------------------------------------


def check_newton_step(newton_step):
    rng = np.random.default_rng(SEED)
    with Checker(newton_step, forbid=["np.linalg.inv", "np.linalg.pinv"]) as c:
        A = _symmetric_with_eigenvalues([0.5, 2.0, 7.0], rng)
        b = rng.normal(size=3)
        x = rng.normal(size=3)
        got = c.array(
            c.call(
                "f(x) = x^T A x / 2 - b^T x, A 3 x 3 positive definite (seeded): one step lands on the minimum",
                lambda z: A @ z - b,
                lambda z: A,
                x,
            ),
            (3,),
        )
        c.close(got, np.linalg.solve(A, b))
        x = np.array([-1.2, 1.0])
        c.close(
            c.call("the Rosenbrock function from x = [-1.2, 1.]", _rosenbrock_grad, _rosenbrock_hess, x),
            x - np.linalg.solve(_rosenbrock_hess(x), _rosenbrock_grad(x)),
        )
        c.close(
            c.call(
                "one variable, f(x) = x^4 from x = [2.]",
                lambda z: 4 * z**3,
                lambda z: np.array([[12 * z[0] ** 2]]),
                np.array([2.0]),
            ),
            np.array([4 / 3]),
        )
        x = np.array([0.3, -1.2, 2.0])
        c.close(
            c.call("f(x) = exp(x1) sin(x2) + x1 x3^2 from x = [0.3, -1.2, 2.] (an indefinite Hessian)", _mixed_grad, _mixed_hess, x),
            x - np.linalg.solve(_mixed_hess(x), _mixed_grad(x)),
        )
        c.close(
            c.call(
                "integer input x = [1, 2] on f(x) = -(x1^2 + 3 x2^2) / 2 (a maximum at 0)",
                lambda z: -np.array([1.0, 3.0]) * z,
                lambda z: -np.diag([1.0, 3.0]),
                np.array([1, 2]),
            ),
            np.zeros(2),
            atol=1e-12,
        )
        c.call_raises(
            "a singular Hessian [[1., 1.], [1., 1.]]",
            ValueError,
            lambda z: np.array([1.0, 0.0]),
            lambda z: np.ones((2, 2)),
            np.zeros(2),
        )


# -- Exercise 7 ---------------------------------------------------------------------------------


def check_newton_minimize(newton_minimize):
    rng = np.random.default_rng(SEED)
    with Checker(newton_minimize) as c:
        A = _symmetric_with_eigenvalues([0.5, 2.0, 7.0], rng)
        b = rng.normal(size=3)
        x, steps = c.unpack(
            c.call(
                "a positive definite quadratic x^T A x / 2 - b^T x (3 x 3, seeded), x0 = 0",
                lambda z: z @ A @ z / 2 - b @ z,
                lambda z: A @ z - b,
                lambda z: A,
                np.zeros(3),
            ),
            ("x", "steps"),
        )
        c.close(x, np.linalg.solve(A, b), what="x")
        c.equal(steps, 1, what="the number of Newton steps (one solves a quadratic)")

        x, steps = c.unpack(
            c.call(
                "starting at the minimum of the Rosenbrock function, x0 = [1., 1.]",
                _rosenbrock,
                _rosenbrock_grad,
                _rosenbrock_hess,
                np.ones(2),
            ),
            ("x", "steps"),
        )
        c.close(x, np.ones(2), what="x")
        c.equal(steps, 0, what="the number of steps")

        f, grad, hess = _logistic(rng)
        cases = [
            (
                "the Rosenbrock function from x0 = [-1.2, 1.]",
                _rosenbrock,
                _rosenbrock_grad,
                _rosenbrock_hess,
                np.array([-1.2, 1.0]),
                [np.ones(2)],
                40,
            ),
            (
                "regularised logistic regression, 3 weights (seeded data), x0 = 0",
                f,
                grad,
                hess,
                np.zeros(3),
                [_reference_newton(grad, hess, np.zeros(3))],
                10,
            ),
            (
                "the double well (x1^2 - 1)^2 + x2^2 from x0 = [0.3, 0.5], where the Hessian is not positive "
                "definite and a plain Newton step heads for the saddle at 0",
                _double_well,
                _double_well_grad,
                _double_well_hess,
                np.array([0.3, 0.5]),
                [np.array([1.0, 0.0]), np.array([-1.0, 0.0])],
                40,
            ),
            (
                "one variable, the double well (x^2 - 1)^2 from x0 = [-0.2], where plain Newton goes to the maximum at 0",
                _double_well,
                _double_well_grad,
                _double_well_hess,
                np.array([-0.2]),
                [np.ones(1), -np.ones(1)],
                40,
            ),
            (
                "f(x) = sqrt(1 + x^2) from x0 = [3.]: convex, but a full Newton step overshoots to -27",
                _soft_abs,
                _soft_abs_grad,
                _soft_abs_hess,
                np.array([3.0]),
                [np.zeros(1)],
                60,
            ),
            (
                "integer x0 = [2, -1] for the Rosenbrock function",
                _rosenbrock,
                _rosenbrock_grad,
                _rosenbrock_hess,
                np.array([2, -1]),
                [np.ones(2)],
                40,
            ),
        ]
        for case, f, grad, hess, x0, minima, most in cases:
            x, steps = c.unpack(c.call(case, f, grad, hess, x0, 1e-8, 100), ("x", "steps"))
            c.array(x, (len(x0),), what="x")
            nearest = min(minima, key=lambda m: np.linalg.norm(np.asarray(x, dtype=float) - m))
            c.require(np.all(np.isfinite(x)), f"x is not finite: {x}. Did a step overshoot? Backtrack until f decreases.")
            c.require(
                np.linalg.eigvalsh(hess(x))[0] > 0,
                f"Your x = {np.round(x, 6)} is a critical point but not a minimum (the Hessian there is not "
                "positive definite). Guard the step: make the Hessian positive definite before solving.",
            )
            c.require(f(x) <= f(np.asarray(x0, dtype=float)), "f(x) is larger than f(x0): Newton went uphill.")
            c.require(
                np.linalg.norm(grad(x)) <= 1e-8,
                f"|grad f(x)| = {np.linalg.norm(grad(x)):.3g} is above tol = 1e-8: stop only when it is below.",
            )
            # |grad| <= 1e-8 pins x down to about 1e-8 / (smallest Hessian eigenvalue), at most 3e-8 here
            c.close(x, nearest, atol=1e-6, what="x, against the nearest minimum")
            c.require(
                isinstance(steps, (int, np.integer)) and 0 < steps <= most,
                f"Expected a step count between 1 and {most} (Newton converges fast near a minimum), got {steps!r}.",
            )
        c.call_raises(
            "the Rosenbrock function from x0 = [-1.2, 1.] with max_iter = 2",
            RuntimeError,
            _rosenbrock,
            _rosenbrock_grad,
            _rosenbrock_hess,
            np.array([-1.2, 1.0]),
            1e-8,
            2,
        )


# -- Exercise 8 ---------------------------------------------------------------------------------


def check_hessian_vector_product(hessian_vector_product):
    rng = np.random.default_rng(SEED)
    with Checker(hessian_vector_product) as c:
        d = 30
        M = rng.normal(size=(d, d))
        S, b = M + M.T, rng.normal(size=d)
        grad = _counting(lambda z: S @ z + b)
        x, v = rng.normal(size=d), rng.normal(size=d)
        got = c.array(c.call(f"a quadratic in {d} variables (seeded): gradient S x + b", grad, x, v), (d,))
        # the gradient is linear, so central differences are exact up to rounding: eps |g| / step
        c.close(got, S @ v, rtol=1e-6, atol=1e-6 * np.abs(S @ v).max())
        c.require(
            grad.calls <= 2,
            f"Your function called the gradient {grad.calls} times. Two calls are enough; "
            "forming the Hessian column by column would take one or two per variable.",
        )

        # Sum of exp(x_i): H = diag(exp(x)), third derivatives as large as H, so one-sided
        # differences (error ~ step) fail the 1e-7 tolerance that central ones (~ step^2) pass.
        x = rng.normal(size=5)
        for label, scale in [("", 1.0), (" scaled by 1e6", 1e6), (" scaled by 1e-6", 1e-6)]:
            v = rng.normal(size=5) * scale
            got = c.array(c.call(f"f(x) = sum(exp(x)), seeded x and v{label}", np.exp, x, v), (5,))
            expected = np.exp(x) * v
            c.close(got, expected, rtol=1e-7, atol=1e-7 * np.abs(expected).max())
        c.close(c.call("v = 0 (the product is 0, not NaN)", np.exp, x, np.zeros(5)), np.zeros(5))
        c.close(
            c.call("integer input x = [1, -1], v = [2, 3] on f(x) = sum(exp(x))", np.exp, np.array([1, -1]), np.array([2, 3])),
            np.exp([1.0, -1.0]) * [2.0, 3.0],
            rtol=1e-7,
        )
        x = np.array([0.3, -1.2, 2.0])
        v = np.array([1.0, 0.5, -2.0])
        got = c.call("f(x) = exp(x1) sin(x2) + x1 x3^2 at x = [0.3, -1.2, 2.], v = [1., 0.5, -2.]", _mixed_grad, x, v)
        expected = _mixed_hess(x) @ v
        c.close(got, expected, rtol=1e-7, atol=1e-7 * np.abs(expected).max())
        u = np.array([-0.5, 2.0, 1.0])
        Hu = c.call("the same f and x with u = [-0.5, 2., 1.] (for u.Hv = v.Hu)", _mixed_grad, x, u)
        c.close(float(u @ got), float(v @ Hu), rtol=1e-6, what="u . (H v) against v . (H u)")
