"""Checks for calculus/02-gradients."""

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient as reference_gradient

SEED = 2002


# -- helpers ------------------------------------------------------------------


def _f_partials(p):
    """The function of exercise 1: f(x, y) = x^2 y + sin(x y) - 3 y."""
    x, y = p
    return x**2 * y + np.sin(x * y) - 3 * y


def _grad_partials(p):
    x, y = np.asarray(p, dtype=float)
    return np.array([2 * x * y + y * np.cos(x * y), x**2 + x * np.cos(x * y) - 3])


def _stable_norm(v):
    scale = np.max(np.abs(v)) if v.size else 0.0
    return 0.0 if scale == 0 else float(scale * np.sqrt(np.sum((v / scale) ** 2)))


def _softmax_ce(Z, y):
    Z = np.asarray(Z, dtype=float)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    rows = np.arange(Z.shape[0])
    loss = float(np.mean(log_sum - shifted[rows, y]))
    grad = np.exp(shifted - log_sum[:, None])
    grad[rows, y] -= 1
    return loss, grad / Z.shape[0]


def _counting(f):
    """f, plus a list that records one entry per call."""
    calls = []

    def counted(x):
        calls.append(1)
        return f(x)

    return counted, calls


# Central differences with h = 1e-5 on the smooth test functions below are accurate to
# about 1e-10 relative (truncation h^2/6 * f''' plus rounding eps * |f| / h); forward
# differences are off by about h/2 * f'' = 5e-6 relative. So 1e-7 separates the two.
FD_RTOL = 1e-7


# -- exercise 1 -----------------------------------------------------------------


def check_partials(partials):
    rng = np.random.default_rng(SEED)
    # Formulas evaluated in float64 agree with ours to a few roundings (about 1e-15 relative);
    # the best central differences are off by about 1e-10. EXACT tells a formula from a
    # finite difference, as the task asks.
    EXACT = 1e-12
    with Checker(partials) as c:
        got = c.call("the origin, point = [0., 0.]", np.array([0.0, 0.0]))
        c.close(c.array(got, (2,)), np.array([0.0, -3.0]), rtol=EXACT)
        got = c.call("point = [1., 2.]", np.array([1.0, 2.0]))
        c.close(c.array(got, (2,)), np.array([4 + 2 * np.cos(2.0), 1 + np.cos(2.0) - 3]), rtol=EXACT)
        got = c.call("negative entries, point = [-1.5, 0.5]", np.array([-1.5, 0.5]))
        c.close(c.array(got, (2,)), _grad_partials([-1.5, 0.5]), rtol=EXACT)
        got = c.call("integer input, point = [2, -1]", np.array([2, -1]))
        c.close(c.array(got, (2,)), _grad_partials([2, -1]), rtol=EXACT)
        for trial in range(5):
            p = rng.uniform(-3, 3, size=2)
            got = c.array(c.call(f"seeded random point {trial + 1}: {np.round(p, 3).tolist()}", p), (2,))
            c.close(got, _grad_partials(p), rtol=EXACT)
            # numerical_gradient is accurate to about 1e-10 relative here
            c.close(
                got,
                reference_gradient(_f_partials, p),
                rtol=1e-6,
                what="against central differences (mlmath.numerics.numerical_gradient)",
            )


# -- exercise 2 -----------------------------------------------------------------


def check_numerical_gradient(numerical_gradient):
    rng = np.random.default_rng(SEED)
    B = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    with Checker(numerical_gradient, forbid=["np.gradient"]) as c:
        x = np.array([1.0, -2.0, 3.0])
        got = c.call("f(x) = sum(x**2) at x = [1., -2., 3.], default h", lambda v: np.sum(v**2), x)
        c.close(c.array(got, (3,)), 2 * x)
        # For a cubic, the central difference is exactly 3 x_i^2 + h^2: a forward difference
        # (3 x_i^2 + 3 x_i h + h^2) or an ignored h both show up here.
        x = np.array([1.0, -2.0, 0.5])
        got = c.call("f(x) = sum(x**3) at x = [1., -2., 0.5] with h = 0.1", lambda v: np.sum(v**3), x, 0.1)
        c.close(c.array(got, (3,)), 3 * x**2 + 0.01)
        got = c.call("integer input x = [1, 2, 3], f(x) = sum(x**3), h = 0.1", lambda v: np.sum(v**3), np.array([1, 2, 3]), 0.1)
        c.close(c.array(got, (3,)), 3.0 * np.array([1.0, 4.0, 9.0]) + 0.01)
        got = c.call("one entry, x = [2.], f(x) = sum(exp(x))", lambda v: np.sum(np.exp(v)), np.array([2.0]))
        c.close(c.array(got, (1,)), np.exp(np.array([2.0])), rtol=FD_RTOL)
        W = rng.normal(size=(2, 3))
        got = c.call("a 2x3 matrix W (seeded), f(W) = sum(B * sin(W)) with a fixed 2x3 B", lambda V: np.sum(B * np.sin(V)), W)
        c.close(c.array(got, (2, 3)), B * np.cos(W), rtol=FD_RTOL)
        T = rng.normal(size=(2, 1, 3))
        got = c.call("a 3-D array of shape (2, 1, 3) (seeded), f(T) = sum(T**3) / 3", lambda V: np.sum(V**3) / 3, T)
        c.close(c.array(got, (2, 1, 3)), T**2, rtol=FD_RTOL)
        for trial in range(3):
            x = rng.normal(size=5)
            a = rng.normal(size=5)

            def f(v, a=a):
                return np.log(np.sum(np.exp(a * v))) + 0.5 * np.sum(v**2)

            case = f"seeded random x of length 5 ({trial + 1}), f(x) = log(sum(exp(a * x))) + |x|^2 / 2"
            got = c.array(c.call(case, f, x), (5,))
            c.close(
                got,
                reference_gradient(f, x, h=1e-5),
                rtol=1e-6,
                what="against mlmath.numerics.numerical_gradient with the same h",
            )


# -- exercise 3 -----------------------------------------------------------------


def check_directional_derivative(directional_derivative):
    rng = np.random.default_rng(SEED)
    with Checker(directional_derivative) as c:
        square = lambda v: np.sum(v**2)  # noqa: E731
        got = c.call(
            "f(x) = sum(x**2) at x = [1., 2.], u = [3., 4.] (not a unit vector)",
            square,
            np.array([1.0, 2.0]),
            np.array([3.0, 4.0]),
        )
        c.close(got, 4.4, rtol=FD_RTOL)
        got = c.call("f(x) = sum(x**2) at x = [1., 2.], u = [-1., 0.]", square, np.array([1.0, 2.0]), np.array([-1.0, 0.0]))
        c.close(got, -2.0, rtol=FD_RTOL)
        got = c.call("integer input x = [1, 2], u = [0, 2], f(x) = sum(x**2)", square, np.array([1, 2]), np.array([0, 2]))
        c.close(got, 4.0, rtol=FD_RTOL)
        # central difference of sum(x**3) along a unit u: sum(3 x_i^2 u_i + h^2 u_i^3), exactly
        x, u = np.array([1.0, -1.0, 2.0]), np.array([2.0, 1.0, -2.0])
        unit = u / 3
        got = c.call("f(x) = sum(x**3) at x = [1., -1., 2.], u = [2., 1., -2.], h = 0.1", lambda v: np.sum(v**3), x, u, 0.1)
        c.close(got, float(np.sum(3 * x**2 * unit + 0.01 * unit**3)))
        c.call_raises("the zero direction u = [0., 0.] (it has no unit vector)", ValueError, square, np.array([1.0, 2.0]), np.zeros(2))
        for trial in range(4):
            n = int(rng.integers(2, 7))
            x, u, a = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)

            def f(v, a=a):
                return np.sum(np.sin(a * v)) + np.sum(v**2) * np.sum(a * v)

            gradient = reference_gradient(f, x)
            got = c.call(f"seeded random x, u of length {n} ({trial + 1}), f(x) = sum(sin(a x)) + |x|^2 (a . x)", f, x, u)
            c.close(
                got,
                float(gradient @ (u / np.linalg.norm(u))),
                atol=FD_RTOL * np.linalg.norm(gradient),
                what="against the gradient (numerical_gradient) dotted with the unit direction",
            )
        x, u = rng.normal(size=50), rng.normal(size=50)
        f, calls = _counting(lambda v: np.sum(np.cos(v)))
        got = c.call("x and u of length 50 (seeded), f(x) = sum(cos(x)), counting the calls of f", f, x, u)
        c.close(got, float(-np.sin(x) @ (u / np.linalg.norm(u))), atol=FD_RTOL * np.linalg.norm(np.sin(x)))
        c.require(
            len(calls) <= 2,
            f"Your function evaluated f {len(calls)} times in 50 dimensions. A directional "
            "derivative needs two evaluations, f(x + h u) and f(x - h u), whatever the dimension: "
            "that is its advantage over computing the whole gradient first.",
        )


# -- exercise 4 -----------------------------------------------------------------


def check_steepest_ascent(steepest_ascent):
    rng = np.random.default_rng(SEED)
    with Checker(steepest_ascent) as c:

        def cases():
            yield "f(x) = 3 x_1 - 4 x_2 (a plane) at x = [1., 1.]", lambda v: 3 * v[0] - 4 * v[1], np.array([1.0, 1.0])
            yield ("f(x) = x_1^2 + 3 x_2^2 at x = [1., -1.]", lambda v: v[0] ** 2 + 3 * v[1] ** 2, np.array([1.0, -1.0]))
            yield (
                "huge slope: f(x) = 1e200 * (x_1 + 2 x_2) at x = [0.5, 0.5] (squares overflow)",
                lambda v: 1e200 * (v[0] + 2 * v[1]),
                np.array([0.5, 0.5]),
            )
            yield (
                "tiny slope: f(x) = 1e-200 * (x_1 - 2 x_2) at x = [0.5, 0.5] (squares underflow)",
                lambda v: 1e-200 * (v[0] - 2 * v[1]),
                np.array([0.5, 0.5]),
            )
            yield "integer input x = [1, 2], f(x) = sum(x**2)", lambda v: np.sum(v**2), np.array([1, 2])
            for trial in range(3):
                n = int(rng.integers(2, 6))
                a = rng.normal(size=n)
                yield (
                    f"seeded random x of length {n} ({trial + 1}), f(x) = sum(sin(a x)) + |x|^2",
                    lambda v, a=a: np.sum(np.sin(a * v)) + np.sum(v**2),
                    rng.normal(size=n),
                )

        for case, f, x in cases():
            direction, rate = c.unpack(c.call(case, f, x), ("direction", "rate"))
            gradient = reference_gradient(f, x)
            size = _stable_norm(gradient)
            c.array(direction, x.shape, what="the direction")
            # numerical gradients with slightly different steps agree to about 1e-9 relative
            c.close(rate, size, rtol=1e-6, what="the rate (the largest directional derivative)")
            c.close(
                direction,
                gradient / size,
                rtol=1e-6,
                atol=1e-6,
                what="the direction, against numerical_gradient divided by its length",
            )
            c.close(_stable_norm(np.asarray(direction, dtype=float)), 1.0, rtol=1e-9, what="the length of the direction")
            others = rng.normal(size=(20, x.size))
            others /= np.linalg.norm(others, axis=1, keepdims=True)
            scaled = gradient / size  # compare directions, not magnitudes (no overflow)
            c.require(
                np.all(others @ scaled <= scaled @ np.asarray(direction, dtype=float) + 1e-9),
                "Some random unit direction climbs faster than yours: yours is not the steepest.",
            )
        c.call_raises(
            "a stationary point: f(x) = sum(x**2) at x = [0., 0., 0.] (the gradient is zero)",
            ValueError,
            lambda v: np.sum(v**2),
            np.zeros(3),
        )


# -- exercise 5 -----------------------------------------------------------------


def check_quadratic_form(quadratic_form):
    rng = np.random.default_rng(SEED)
    with Checker(quadratic_form) as c:

        def judge(case, A, x, value, gradient, atol=None):
            got_value, got_gradient = c.unpack(c.call(case, A, x), ("value", "gradient"))
            c.close(got_value, value, atol=atol, what="the value x^T A x")
            c.array(got_gradient, (len(x),), what="the gradient")
            c.close(got_gradient, gradient, atol=atol, what="the gradient")
            c.close(
                got_gradient,
                reference_gradient(lambda v: v @ np.asarray(A, dtype=float) @ v, x),
                rtol=1e-6,
                atol=1e-6 * max(1.0, float(np.abs(gradient).max())),
                what="the gradient against numerical_gradient",
            )

        A = np.array([[1.0, 2.0], [0.0, 3.0]])
        judge("non-symmetric A = [[1., 2.], [0., 3.]], x = [1., -1.]", A, np.array([1.0, -1.0]), 2.0, np.array([0.0, -4.0]))
        judge(
            "integer input A = [[1, 2], [0, 3]], x = [2, 1]",
            np.array([[1, 2], [0, 3]]),
            np.array([2, 1]),
            11.0,
            np.array([6.0, 10.0]),
        )
        judge("a 1x1 matrix A = [[-3.]], x = [2.]", np.array([[-3.0]]), np.array([2.0]), -12.0, np.array([-12.0]))
        S = rng.normal(size=(4, 4))
        S = S - S.T
        x = rng.normal(size=4)
        # x^T S x = 0 for skew-symmetric S; the terms that cancel are of size |S| |x|^2
        judge(
            "a skew-symmetric A (A^T = -A, seeded 4x4): x^T A x = 0 and the gradient is 0",
            S,
            x,
            0.0,
            np.zeros(4),
            atol=1e-12 * np.abs(S).max() * (x @ x),
        )
        for trial in range(3):
            n = int(rng.integers(2, 7))
            A, x = rng.normal(size=(n, n)), rng.normal(size=n)
            judge(f"seeded random non-symmetric {n}x{n} A ({trial + 1})", A, x, float(x @ A @ x), (A + A.T) @ x)
        c.call_raises("a non-square A of shape (2, 3), x of length 3", ValueError, np.ones((2, 3)), np.ones(3))
        c.call_raises("A of shape (3, 3), x of length 2", ValueError, np.eye(3), np.ones(2))


# -- exercise 6 -----------------------------------------------------------------


def check_least_squares(least_squares):
    rng = np.random.default_rng(SEED)
    with Checker(least_squares) as c:

        def judge(case, X, y, w):
            Xf, yf, wf = (np.asarray(a, dtype=float) for a in (X, y, w))
            n = Xf.shape[0]
            residual = Xf @ wf - yf
            got_loss, got_gradient = c.unpack(c.call(case, X, y, w), ("loss", "gradient"))
            c.close(got_loss, float(residual @ residual / n), what="the loss")
            c.array(got_gradient, wf.shape, what="the gradient")
            c.close(got_gradient, 2 * Xf.T @ residual / n, what="the gradient")
            c.close(
                got_gradient,
                reference_gradient(lambda v: np.mean((Xf @ v - yf) ** 2), wf),
                rtol=1e-6,
                atol=1e-6 * max(1.0, float(np.abs(2 * Xf.T @ residual / n).max())),
                what="the gradient against numerical_gradient",
            )

        judge(
            "X = [[1., 2.], [3., 4.], [5., 6.]] (3 rows, 2 columns), y = [1., -1., 2.], w = [0.5, -1.]",
            np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
            np.array([1.0, -1.0, 2.0]),
            np.array([0.5, -1.0]),
        )
        judge(
            "one example: X = [[2., -1., 0.5]], y = [3.], w = [1., 1., 1.]",
            np.array([[2.0, -1.0, 0.5]]),
            np.array([3.0]),
            np.ones(3),
        )
        judge(
            "one feature: X of shape (4, 1), y = [1., 2., 3., 4.], w = [0.]",
            np.array([[1.0], [2.0], [3.0], [4.0]]),
            np.array([1.0, 2.0, 3.0, 4.0]),
            np.array([0.0]),
        )
        judge(
            "integer input X = [[1, 0], [0, 2], [1, 1]], y = [1, 2, 3], w = [1, -1]",
            np.array([[1, 0], [0, 2], [1, 1]]),
            np.array([1, 2, 3]),
            np.array([1, -1]),
        )
        for trial in range(3):
            n, d = int(rng.integers(5, 40)), int(rng.integers(2, 6))
            judge(
                f"a seeded random batch ({trial + 1}): X of shape ({n}, {d})",
                rng.normal(size=(n, d)),
                rng.normal(size=n) * 10,
                rng.normal(size=d),
            )
        X = rng.normal(size=(20, 3))
        w_best = np.array([1.0, -2.0, 0.5])
        got_loss, got_gradient = c.unpack(
            c.call("an exact fit: y = X w for X of shape (20, 3)", X, X @ w_best, w_best), ("loss", "gradient")
        )
        c.close(got_loss, 0.0, atol=1e-20, what="the loss at an exact fit")
        c.close(got_gradient, np.zeros(3), atol=1e-12, what="the gradient at the minimum")
        c.call_raises("y of length 3 for X of shape (4, 2)", ValueError, np.ones((4, 2)), np.ones(3), np.ones(2))
        c.call_raises("w of length 3 for X of shape (4, 2)", ValueError, np.ones((4, 2)), np.ones(4), np.ones(3))


# -- exercise 7 -----------------------------------------------------------------


def check_softmax_cross_entropy(softmax_cross_entropy):
    rng = np.random.default_rng(SEED)
    with Checker(softmax_cross_entropy) as c:

        def judge(case, Z, y, numeric=True):
            loss, gradient = _softmax_ce(Z, y)
            got_loss, got_gradient = c.unpack(c.call(case, Z, y), ("loss", "gradient"))
            c.close(got_loss, loss, what="the loss")
            c.array(got_gradient, np.shape(Z), what="the gradient")
            c.close(got_gradient, gradient, atol=1e-12, what="the gradient")
            c.close(
                np.sum(got_gradient, axis=1),
                np.zeros(len(y)),
                atol=1e-12,
                what="the sum of each row of the gradient (softmax sums to 1, the one-hot row too)",
            )
            if numeric:
                c.close(
                    got_gradient,
                    reference_gradient(lambda V: _softmax_ce(V, y)[0], Z),
                    atol=1e-8,
                    what="the gradient against numerical_gradient of the loss",
                )

        judge("one example, Z = [[2., 1., 0.1]], y = [0]", np.array([[2.0, 1.0, 0.1]]), np.array([0]))
        judge("equal logits, Z = [[0., 0., 0., 0.]], y = [3] (loss log 4)", np.zeros((1, 4)), np.array([3]))
        judge(
            "non-square batch, Z = [[1., -1.], [0.5, 2.], [-3., 0.]], y = [1, 1, 0]",
            np.array([[1.0, -1.0], [0.5, 2.0], [-3.0, 0.0]]),
            np.array([1, 1, 0]),
        )
        judge("integer logits Z = [[3, 1, 2], [0, 0, 5]], y = [2, 0]", np.array([[3, 1, 2], [0, 0, 5]]), np.array([2, 0]))
        judge(
            "huge logits, Z = [[1000., 0., -1000.]], y = [1] (exp overflows; the loss is 1000)",
            np.array([[1000.0, 0.0, -1000.0]]),
            np.array([1]),
            numeric=False,
        )
        judge(
            "very negative logits, Z = [[-1000., -1001., -1002.]], y = [2] (exp underflows to 0)",
            np.array([[-1000.0, -1001.0, -1002.0]]),
            np.array([2]),
            numeric=False,
        )
        judge(
            "rows on different scales, Z = [[0., 1.], [-2000., -2001.]], y = [0, 1] (subtract each row's own max)",
            np.array([[0.0, 1.0], [-2000.0, -2001.0]]),
            np.array([0, 1]),
            numeric=False,
        )
        for trial in range(3):
            n, k = int(rng.integers(2, 9)), int(rng.integers(2, 6))
            judge(
                f"a seeded random batch ({trial + 1}): Z of shape ({n}, {k})",
                rng.normal(size=(n, k)) * 3,
                rng.integers(0, k, size=n),
            )


# -- exercise 8 -----------------------------------------------------------------


def _relative_error(f, grad, x, h=1e-5):
    analytic = np.asarray(grad(x), dtype=float)
    numeric = reference_gradient(f, x, h=h)
    top, bottom = _stable_norm(analytic - numeric), max(_stable_norm(analytic), _stable_norm(numeric))
    return 0.0 if bottom == 0 else top / bottom


def check_gradient_check(gradient_check):
    rng = np.random.default_rng(SEED)
    with Checker(gradient_check) as c:
        x = np.array([1.0, 2.0, 3.0])
        square = lambda v: np.sum(v**2)  # noqa: E731
        got = c.call("a correct gradient: f(x) = sum(x**2), grad(x) = 2 x, x = [1., 2., 3.]", square, lambda v: 2 * v, x)
        c.close(got, 0.0, atol=1e-8)
        got = c.call("a gradient missing its factor 2: f(x) = sum(x**2), grad(x) = x", square, lambda v: v * 1.0, x)
        c.close(got, 0.5, rtol=1e-6)
        got = c.call("a dropped sign: f(x) = sum(x**2), grad(x) = -2 x", square, lambda v: -2 * v, x)
        c.close(got, 2.0, rtol=1e-6)
        got = c.call(
            "a constant f(x) = 7 with grad(x) = 0 (both gradients are zero: the error is 0)",
            lambda v: 7.0,
            lambda v: np.zeros_like(v, dtype=float),
            x,
        )
        c.close(got, 0.0, atol=1e-12)
        # for a cubic with h = 0.1 the numerical gradient is 3 x^2 + 0.01 exactly
        f = lambda v: np.sum(v**3)  # noqa: E731
        grad = lambda v: 3 * v**2  # noqa: E731
        got = c.call("f(x) = sum(x**3), the exact grad(x) = 3 x^2, x = [1., 2., 3.], h = 0.1", f, grad, x, 0.1)
        c.close(got, _relative_error(f, grad, x, 0.1), rtol=1e-6)
        B = rng.normal(size=(2, 3))
        W = rng.normal(size=(2, 3))
        f = lambda V: np.sum(B * np.tanh(V))  # noqa: E731
        got = c.call("a correct gradient of a 2x3 matrix W (seeded), f(W) = sum(B * tanh(W))", f, lambda V: B * (1 - np.tanh(V) ** 2), W)
        c.close(got, 0.0, atol=1e-8)
        got = c.call("the same f with a gradient that forgot B: grad(W) = 1 - tanh(W)**2", f, lambda V: 1 - np.tanh(V) ** 2, W)
        c.close(got, _relative_error(f, lambda V: 1 - np.tanh(V) ** 2, W), rtol=1e-6)
        for scale in (1e-8, 1e8):
            x = rng.normal(size=4)
            f = lambda v, s=scale: s * np.sum(np.sin(v))  # noqa: E731
            wrong = lambda v, s=scale: s * np.cos(v) + s * 0.1  # noqa: E731
            got = c.call(f"f(x) = {scale:g} * sum(sin(x)) with a wrong gradient (the error must not depend on the scale)", f, wrong, x)
            c.close(got, _relative_error(f, wrong, x), rtol=1e-6)
            got = c.call(f"f(x) = {scale:g} * sum(sin(x)) with the right gradient", f, lambda v, s=scale: s * np.cos(v), x)
            c.close(got, 0.0, atol=1e-8)
        c.call_raises(
            "grad returns shape (6,) for x of shape (2, 3)",
            ValueError,
            lambda V: np.sum(V**2),
            lambda V: 2 * V.ravel(),
            np.ones((2, 3)),
        )
