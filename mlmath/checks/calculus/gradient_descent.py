"""Checks for calculus/04-gradient-descent."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG
from mlmath.numerics import numerical_gradient

SEED = 2004

# Shortcuts a learner might reach for instead of training; forbidden where the task says so.
_SOLVERS = ["np.linalg.lstsq", "np.linalg.solve", "np.linalg.inv", "np.linalg.pinv"]


def _rng(seed):
    return np.random.default_rng(seed)


# -- reference implementations (the checks compare against these) ----------------------------


def _quadratic(A, b=None):
    """The gradient w -> A w - b of L(w) = 1/2 w^T A w - b^T w."""
    A = np.asarray(A, dtype=float)
    b = np.zeros(A.shape[0]) if b is None else np.asarray(b, dtype=float)
    return lambda w: A @ w - b


def _descend(grad, w0, lr, tol, max_steps):
    w = np.array(w0, dtype=float)
    with np.errstate(all="ignore"):
        for step in range(max_steps + 1):
            g = grad(w)
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(g))):
                return None
            if np.linalg.norm(g) <= tol:
                return w, step, True
            if step == max_steps:
                return w, step, False
            w = w - lr * g


def _batches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


def _mse_gradient(X, y, w):
    return 2.0 / len(y) * (X.T @ (X @ w - y))


def _sgd(X, y, lr, batch_size, epochs, rng):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for batch in _batches(len(y), batch_size, rng):
            w = w - lr * _mse_gradient(X[batch], y[batch], w)
    return w


def _momentum(grad, w0, lr, beta, steps):
    path = [np.array(w0, dtype=float)]
    v = np.zeros_like(path[0])
    for _ in range(steps):
        v = beta * v + grad(path[-1])
        path.append(path[-1] - lr * v)
    return np.array(path)


def _adam(grad, w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    path = [np.array(w0, dtype=float)]
    m = np.zeros_like(path[0])
    s = np.zeros_like(path[0])
    for t in range(1, steps + 1):
        g = grad(path[-1])
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
        path.append(path[-1] - lr * m_hat / (np.sqrt(s_hat) + eps))
    return np.array(path)


def _bowl(rng, d=2):
    """A random symmetric positive definite matrix (not diagonal) and a vector b."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = Q @ np.diag(rng.uniform(0.5, 20, size=d)) @ Q.T
    return (A + A.T) / 2, rng.normal(size=d)


def _rosenbrock_gradient(w):
    x, y = w
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


# -- checks ------------------------------------------------------------------------------------


def check_gd_step(gd_step):
    rng = np.random.default_rng(SEED)
    with Checker(gd_step) as c:
        grad = lambda w: 2 * (w - 3)  # noqa: E731  (L(w) = (w - 3)^2)
        c.close(c.call("L(w) = (w - 3)^2, w = [0.], lr = 0.1", grad, np.array([0.0]), 0.1), np.array([0.6]))
        c.close(
            c.call("L(w) = (w - 3)^2, w = [5.], lr = 0.25 (gradient positive: w must go down)", grad, np.array([5.0]), 0.25),
            np.array([4.0]),
        )
        A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
        w = np.array([1.0, -2.0])
        c.close(
            c.call("2-D quadratic with A = [[3, 1], [1, 2]], b = [1, -1], w = [1., -2.], lr = 0.1", _quadratic(A, b), w, 0.1),
            w - 0.1 * (A @ w - b),
        )
        got = c.call("integer w = [1, 2] with the gradient of (w - 3)^2, lr = 0.5", grad, np.array([1, 2]), 0.5)
        c.close(got, np.array([3.0, 3.0]))
        W = rng.normal(size=(2, 3))
        target = rng.normal(size=(2, 3))
        c.close(
            c.call("a weight matrix W of shape (2, 3), L(W) = sum((W - T)^2), lr = 0.05", lambda V: 2 * (V - target), W, 0.05),
            W - 0.1 * (W - target),
        )
        for trial in range(3):
            A, b = _bowl(rng, 4)
            w, lr = rng.normal(size=4), float(rng.uniform(1e-3, 1.0))
            c.close(c.call(f"seeded 4-D quadratic {trial + 1}, lr = {lr:.4f}", _quadratic(A, b), w, lr), w - lr * (A @ w - b))
        c.call_raises("lr = 0 (a learning rate must be positive)", ValueError, grad, np.array([1.0]), 0.0)
        c.call_raises("lr = -0.1 (a negative learning rate climbs uphill)", ValueError, grad, np.array([1.0]), -0.1)


def check_gradient_descent(gradient_descent):
    rng = np.random.default_rng(SEED)
    with Checker(gradient_descent) as c:

        def compare(case, grad, w0, lr, tol, max_steps):
            expected = _descend(grad, w0, lr, tol, max_steps)
            got = c.call(case, grad, w0, lr, tol, max_steps)
            w, steps, converged = c.unpack(got, ("w", "steps", "converged"))
            c.close(w, expected[0], atol=1e-7 * max(1.0, float(np.abs(expected[0]).max())), what="w, the final point")
            c.equal(steps, expected[1], what="steps, the number of updates made")
            c.equal(converged, expected[2], what="converged")

        grad = lambda w: 2 * (w - 3)  # noqa: E731
        compare("L(w) = (w - 3)^2 from w0 = [0.], lr = 0.1, tol = 1e-6, max_steps = 1000", grad, np.array([0.0]), 0.1, 1e-6, 1000)
        compare("already at the minimum: w0 = [3.] (no update is needed, steps = 0)", grad, np.array([3.0]), 0.1, 1e-6, 1000)
        compare("max_steps = 5 is too few: converged = False after exactly 5 updates", grad, np.array([0.0]), 0.1, 1e-6, 5)
        compare("max_steps = 0: no update at all, and w0 = [0.] is not a minimum", grad, np.array([0.0]), 0.1, 1e-6, 0)
        compare(
            "L(w) = ||w - 1||^2 / 2 in 100 dimensions, w0 = 0, lr = 0.5, tol = 1e-3 (the norm uses every entry)",
            lambda w: w - 1.0,
            np.zeros(100),
            0.5,
            1e-3,
            1000,
        )
        A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
        compare(
            "2-D quadratic A = [[3, 1], [1, 2]], b = [1, -1], w0 = [0., 0.], lr = 0.3, tol = 1e-8",
            _quadratic(A, b),
            np.zeros(2),
            0.3,
            1e-8,
            10_000,
        )
        compare("integer w0 = [2, -1] on the same quadratic", _quadratic(A, b), np.array([2, -1]), 0.3, 1e-8, 10_000)
        compare(
            "Rosenbrock valley from w0 = [-1., 1.], lr = 1e-3, max_steps = 300 (not converged)",
            _rosenbrock_gradient,
            np.array([-1.0, 1.0]),
            1e-3,
            1e-6,
            300,
        )
        A, b = _bowl(rng, 3)
        lr = 1.0 / np.linalg.eigvalsh(A).max()
        compare("a seeded 3-D quadratic, lr = 1 / (largest eigenvalue)", _quadratic(A, b), rng.normal(size=3), lr, 1e-9, 10_000)
        got = c.call(
            "the same quadratic from w0 = 0: the gradient at the answer must be below tol",
            _quadratic(A, b),
            np.zeros(3),
            lr,
            1e-9,
            10_000,
        )
        c.require(
            np.linalg.norm(A @ c.unpack(got, ("w", "steps", "converged"))[0] - b) <= 1e-9,
            "With converged = True, the norm of the gradient at the returned w must be at most tol.",
        )
        A = np.diag([1.0, 10.0])
        c.call_raises(
            "A = diag(1, 10) with lr = 0.25 > 2/10: the iterates blow up, raise FloatingPointError",
            FloatingPointError,
            _quadratic(A),
            np.array([1.0, 1.0]),
            0.25,
            1e-6,
            10_000,
        )
        c.call_raises(
            "a gradient that is NaN at w0 (raise FloatingPointError)",
            FloatingPointError,
            lambda w: np.sqrt(w - 5.0),
            np.array([1.0]),
            0.1,
            1e-6,
            100,
        )


def check_largest_stable_lr(largest_stable_lr):
    rng = np.random.default_rng(SEED)
    with Checker(largest_stable_lr) as c:
        c.close(c.call("A = diag(1., 10.)", np.diag([1.0, 10.0])), 0.2)
        A = np.array([[3.0, 1.0], [1.0, 2.0]])
        c.close(c.call("A = [[3., 1.], [1., 2.]] (not diagonal)", A), 4.0 / (5.0 + np.sqrt(5.0)))
        c.close(c.call("a 1 x 1 matrix A = [[4.]]", np.array([[4.0]])), 0.5)
        c.close(c.call("integer A = [[2, 1], [1, 2]]", np.array([[2, 1], [1, 2]])), 2.0 / 3.0)
        c.close(c.call("huge curvature A = 1e6 * I (3 x 3)", 1e6 * np.eye(3)), 2e-6)
        c.close(c.call("tiny curvature A = diag(1e-8, 3e-8)", np.diag([1e-8, 3e-8])), 2.0 / 3e-8)
        for trial in range(3):
            A, _ = _bowl(rng, 5)
            got = c.call(f"seeded 5 x 5 symmetric positive definite matrix {trial + 1}", A)
            c.close(got, 2.0 / np.linalg.eigvalsh(A).max())
            below, above = (_descend(_quadratic(A), np.ones(5), factor * got, 0.0, 1500) for factor in (0.99, 1.01))
            c.require(
                below is not None and np.linalg.norm(below[0]) < 1e-3,
                "Gradient descent at 0.99 times your learning rate should converge on this quadratic, and it did not.",
            )
            c.require(
                above is None or np.linalg.norm(above[0]) > 1.0,
                "Gradient descent at 1.01 times your learning rate should diverge on this quadratic, and it did not.",
            )
        c.call_raises("a non-symmetric A = [[2., 1.], [0., 2.]]", ValueError, np.array([[2.0, 1.0], [0.0, 2.0]]))
        c.call_raises("a non-square A of shape (2, 3)", ValueError, np.ones((2, 3)))
        c.call_raises("an indefinite A = diag(1., -1.) (a saddle, no minimum)", ValueError, np.diag([1.0, -1.0]))
        c.call_raises(
            "a singular A = [[1., 1.], [1., 1.]] (a flat valley, no unique minimum)",
            ValueError,
            np.array([[1.0, 1.0], [1.0, 1.0]]),
        )


def check_mse_gradient(mse_gradient):
    rng = np.random.default_rng(SEED)
    with Checker(mse_gradient) as c:
        X, y, w = np.array([[1.0], [2.0]]), np.array([2.0, 4.0]), np.array([0.0])
        c.close(c.call("X = [[1.], [2.]], y = [2., 4.], w = [0.]", X, y, w), np.array([-10.0]))
        c.close(c.call("the same data at the exact fit w = [2.] (gradient 0)", X, y, np.array([2.0])), np.array([0.0]), atol=1e-12)
        X = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
        y, w = np.array([1.0, -2.0]), np.array([0.5, -1.0, 2.0])
        c.close(c.call("X of shape (2, 3) (wider than tall), negative entries", X, y, w), 2.0 / 2 * X.T @ (X @ w - y))
        c.close(
            c.call(
                "one sample, X = [[3., -1.]], y = [2.], w = [1., -1.]",
                np.array([[3.0, -1.0]]),
                np.array([2.0]),
                np.array([1.0, -1.0]),
            ),
            np.array([12.0, -4.0]),
        )
        c.close(
            c.call(
                "integer input X = [[1, 2], [3, 4], [5, 6]], y = [1, 0, 1], w = [1, -1]",
                np.array([[1, 2], [3, 4], [5, 6]]),
                np.array([1, 0, 1]),
                np.array([1, -1]),
            ),
            2.0 / 3 * np.array([[1, 3, 5], [2, 4, 6]]) @ np.array([-2.0, -1.0, -2.0]),
        )
        for trial, (n, d, scale) in enumerate([(50, 4, 1.0), (7, 3, 1e4), (200, 6, 1e-3)]):
            X, y, w = scale * rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)
            got = c.call(f"seeded data {trial + 1}: X of shape ({n}, {d}) scaled by {scale:g}", X, y, w)
            c.close(got, 2.0 / n * X.T @ (X @ w - y))
            # Central differences on this quadratic are exact up to rounding, about eps^(2/3) relative.
            c.close(
                got,
                numerical_gradient(lambda v, X=X, y=y: np.mean((X @ v - y) ** 2), w),
                rtol=1e-6,
                what="your gradient against central finite differences of the mean squared error",
            )
        X, y = rng.normal(size=(30, 3)), rng.normal(size=30)
        best = np.linalg.lstsq(X, y, rcond=None)[0]
        c.close(c.call("seeded X of shape (30, 3) at the least-squares solution (gradient 0)", X, y, best), np.zeros(3), atol=1e-12)
        c.call_raises("X has 3 rows but y has 2 entries", ValueError, np.ones((3, 2)), np.ones(2), np.ones(2))
        c.call_raises("X has 2 columns but w has 3 entries", ValueError, np.ones((3, 2)), np.ones(3), np.ones(3))


def check_minibatch_indices(minibatch_indices):
    with Checker(minibatch_indices, forbid=GLOBAL_RNG) as c:

        def compare(case, n, batch_size, seed):
            expected = _batches(n, batch_size, np.random.default_rng(seed))
            got = c.call(case, n, batch_size, _rng(seed))
            if not isinstance(got, list):
                c.fail(f"Expected a list of 1-D integer arrays, got a {type(got).__name__}.")
            c.require(
                len(got) == len(expected),
                f"Expected {len(expected)} batches (sizes {[len(b) for b in expected]}), got {len(got)}.",
            )
            for index, batch in enumerate(got):
                c.array(batch, (len(expected[index]),), what=f"batch {index}")
            together = np.concatenate(got) if got else np.array([], dtype=int)
            c.require(
                np.array_equal(np.sort(together), np.arange(n)),
                "Every index 0, ..., n - 1 must appear in exactly one batch: some are missing or repeated.",
            )
            c.equal(got, expected, what="the batches (in the order of one rng.permutation(n))")

        compare(f"n = 10, batch_size = 3, rng = np.random.default_rng({SEED}) (last batch has 1)", 10, 3, SEED)
        compare("n = 12, batch_size = 4 (batches of equal size)", 12, 4, SEED + 1)
        compare("n = 5, batch_size = 5 (one batch)", 5, 5, SEED + 2)
        compare("n = 5, batch_size = 8 (larger than n: one batch of 5)", 5, 8, SEED + 3)
        compare("n = 6, batch_size = 1", 6, 1, SEED + 4)
        compare("n = 1, batch_size = 2", 1, 2, SEED + 5)
        compare("n = 1000, batch_size = 64", 1000, 64, SEED + 6)
        got = c.call("n = 0 (an empty data set has no batches)", 0, 4, _rng(SEED))
        c.equal(got, [], what="the list of batches")
        first = c.call("n = 50, batch_size = 50, a generator seeded with 1", 50, 50, _rng(1))
        second = c.call("n = 50, batch_size = 50, a generator seeded with 2", 50, 50, _rng(2))
        c.require(
            not np.array_equal(first[0], second[0]),
            "Two differently seeded generators gave the same order: is the permutation drawn from `rng`?",
        )
        rng = _rng(SEED)
        epoch_one = c.call("two epochs in a row from one generator: epoch 1", 20, 20, rng)
        epoch_two = c.call("two epochs in a row from one generator: epoch 2 (must differ from epoch 1)", 20, 20, rng)
        c.require(
            not np.array_equal(epoch_one[0], epoch_two[0]),
            "Two epochs drawn from the same generator gave the same order: draw from `rng`, do not reseed.",
        )
        c.call_raises("batch_size = 0", ValueError, 10, 0, _rng(SEED))


def check_sgd_linear_regression(sgd_linear_regression):
    rng = np.random.default_rng(SEED)
    with Checker(sgd_linear_regression, forbid=_SOLVERS + GLOBAL_RNG) as c:

        def compare(case, X, y, lr, batch_size, epochs, seed, atol=None):
            got = c.call(case, X, y, lr, batch_size, epochs, _rng(seed))
            c.array(got, (np.shape(X)[1],))
            c.close(got, _sgd(X, y, lr, batch_size, epochs, np.random.default_rng(seed)), atol=atol)
            return got

        X, y = np.array([[1.0], [2.0]]), np.array([2.0, 4.0])
        compare("X = [[1.], [2.]], y = [2., 4.], lr = 0.1, one full batch, one epoch (one GD step)", X, y, 0.1, 2, 1, SEED)
        compare("the same data, batch_size = 1, 3 epochs", X, y, 0.1, 1, 3, SEED)
        got = c.call("epochs = 0 (w stays at its start, zeros)", np.ones((4, 3)), np.ones(4), 0.1, 2, 0, _rng(SEED))
        c.close(got, np.zeros(3), atol=1e-12)
        c.close(
            c.call("integer X and y, one full batch", np.array([[1, 0], [0, 2], [1, 1]]), np.array([1, 2, 3]), 0.1, 3, 1, _rng(SEED)),
            _sgd(np.array([[1, 0], [0, 2], [1, 1]]), np.array([1, 2, 3]), 0.1, 3, 1, np.random.default_rng(SEED)),
        )
        n, d = 40, 3
        X = rng.normal(size=(n, d))
        w_true = np.array([1.5, -2.0, 0.5])
        y = X @ w_true + 0.1 * rng.normal(size=n)
        compare("seeded X of shape (40, 3), lr = 0.05, batch_size = 8, 5 epochs", X, y, 0.05, 8, 5, SEED)
        compare("the same data, batch_size = 7 (the last batch of each epoch has 5 rows)", X, y, 0.05, 7, 5, SEED + 1)
        got = compare("the same data, lr = 0.02, batch_size = 4, 300 epochs", X, y, 0.02, 4, 300, SEED + 2)
        best = np.linalg.lstsq(X, y, rcond=None)[0]
        # Constant-step SGD ends in a noise ball around the least-squares solution: radius ~ sqrt(lr * noise).
        c.require(
            np.linalg.norm(got - best) < 0.05,
            f"After 300 epochs SGD should be near the least-squares solution {np.round(best, 3)}; got {np.round(got, 3)}.",
        )
        a = c.call("batch_size = 5, seed 1", X, y, 0.05, 5, 2, _rng(1))
        b = c.call("batch_size = 5, seed 2 (the batches differ, so w must differ)", X, y, 0.05, 5, 2, _rng(2))
        c.require(not np.allclose(a, b), "Two differently seeded generators gave the same w: are batches drawn from `rng`?")


def check_momentum(momentum):
    rng = np.random.default_rng(SEED)
    with Checker(momentum) as c:
        grad = lambda w: w  # noqa: E731  (L(w) = w^2 / 2)
        got = c.call("L(w) = w^2 / 2, w0 = [1.], lr = 0.5, beta = 0.5, 3 steps", grad, np.array([1.0]), 0.5, 0.5, 3)
        c.array(got, (4, 1))
        c.close(got, np.array([[1.0], [0.5], [0.0], [-0.25]]))
        c.close(c.call("steps = 0 (the path is just w0)", grad, np.array([1.0, -2.0]), 0.1, 0.9, 0), np.array([[1.0, -2.0]]))
        A = np.diag([1.0, 50.0])
        w0 = np.array([-4.0, 1.0])
        c.close(
            c.call("beta = 0 on the elongated bowl diag(1, 50) (plain gradient descent)", _quadratic(A), w0, 0.03, 0.0, 20),
            _momentum(_quadratic(A), w0, 0.03, 0.0, 20),
        )
        got = c.call("beta = 0.9 on the elongated bowl diag(1, 50), lr = 0.01, 200 steps", _quadratic(A), w0, 0.01, 0.9, 200)
        c.close(got, _momentum(_quadratic(A), w0, 0.01, 0.9, 200), atol=1e-9)
        plain = _momentum(_quadratic(A), w0, 0.01, 0.0, 200)
        c.require(
            np.linalg.norm(got[-1]) < np.linalg.norm(plain[-1]),
            "On this elongated bowl momentum should end nearer the minimum than plain descent with the same lr.",
        )
        c.close(
            c.call("integer w0 = [2, -1], beta = 0.5", grad, np.array([2, -1]), 0.1, 0.5, 4),
            _momentum(grad, np.array([2.0, -1.0]), 0.1, 0.5, 4),
        )
        A, b = _bowl(rng, 3)
        w0 = rng.normal(size=3)
        c.close(
            c.call("a seeded 3-D quadratic, lr = 0.01, beta = 0.8, 25 steps", _quadratic(A, b), w0, 0.01, 0.8, 25),
            _momentum(_quadratic(A, b), w0, 0.01, 0.8, 25),
        )
        c.call_raises("beta = 1 (the velocity never forgets: not allowed)", ValueError, grad, np.array([1.0]), 0.1, 1.0, 3)
        c.call_raises("beta = -0.5", ValueError, grad, np.array([1.0]), 0.1, -0.5, 3)


def check_adam(adam):
    rng = np.random.default_rng(SEED)
    with Checker(adam) as c:
        grad = lambda w: 2 * (w - 3)  # noqa: E731
        got = c.call("L(w) = (w - 3)^2, w0 = [0.], lr = 0.1, 1 step", grad, np.array([0.0]), 0.1, 1)
        c.array(got, (2, 1))
        c.close(got, _adam(grad, np.array([0.0]), 0.1, 1))
        c.require(
            abs(got[1, 0] - 0.1) < 1e-6,
            "With bias correction, Adam's first step moves each coordinate by about lr (here 0.1); "
            f"yours moved {got[1, 0] - got[0, 0]:.6g}. Did you divide m and s by (1 - beta^t)?",
        )
        c.close(c.call("steps = 0 (the path is just w0)", grad, np.array([1.0, 2.0]), 0.1, 0), np.array([[1.0, 2.0]]))
        A = np.diag([1.0, 50.0])
        w0 = np.array([-4.0, 1.0])
        got = c.call("the elongated bowl diag(1, 50), w0 = [-4., 1.], lr = 0.1, 100 steps", _quadratic(A), w0, 0.1, 100)
        c.close(got, _adam(_quadratic(A), w0, 0.1, 100), atol=1e-9)
        c.close(c.call("integer w0 = [2, -1]", grad, np.array([2, -1]), 0.05, 5), _adam(grad, np.array([2.0, -1.0]), 0.05, 5))
        c.close(
            c.call(
                "beta1 = 0.5, beta2 = 0.9, eps = 1e-3 given by keyword",
                grad,
                np.array([1.0]),
                0.1,
                4,
                beta1=0.5,
                beta2=0.9,
                eps=1e-3,
            ),
            _adam(grad, np.array([1.0]), 0.1, 4, 0.5, 0.9, 1e-3),
        )
        A, b = _bowl(rng, 3)
        w0 = rng.normal(size=3)
        small = c.call("a seeded 3-D quadratic, lr = 0.05, 30 steps", _quadratic(A, b), w0, 0.05, 30)
        c.close(small, _adam(_quadratic(A, b), w0, 0.05, 30))
        big = c.call("the same quadratic with the loss multiplied by 1000", lambda w: 1000 * (A @ w - b), w0, 0.05, 30)
        # Adam divides by the gradient's own size: scaling the loss changes only the eps term, ~1e-8 relative.
        c.close(big, small, rtol=1e-6, what="the path when the loss is scaled by 1000 (Adam should not notice)")
        got = c.call(
            "a coordinate whose gradient is always 0 stays where it is",
            lambda w: np.array([2 * w[0], 0.0]),
            np.array([1.0, 5.0]),
            0.1,
            10,
        )
        c.close(got[:, 1], np.full(11, 5.0), what="the second coordinate of every point on the path")
