"""Checks for applications/01-linear-regression."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG, well_conditioned
from mlmath.numerics import numerical_gradient

SEED = 4001
EPS = np.finfo(np.float64).eps

#: The shortcuts that would hide the maths of a fit.
SOLVERS = ["np.linalg.lstsq", "np.linalg.inv", "np.linalg.pinv"]


def delivery_orders(n, rng):
    """n simulated food-delivery orders: features (n, 4) and delivery times in minutes (n,).

    The columns are the straight-line distance (km), the road distance (km, nearly 1.3 times the
    first: a near-duplicate feature), the number of items, and 1.0 for an order placed at a peak
    hour (12-14 h or 18-21 h). The page and the checks draw their data from this one function.
    """
    straight_km = rng.gamma(shape=2.0, scale=1.5, size=n)
    road_km = 1.3 * straight_km + rng.normal(scale=0.05, size=n)
    items = rng.integers(1, 9, size=n).astype(float)
    hour = rng.integers(11, 23, size=n)
    peak = (((hour >= 12) & (hour < 14)) | ((hour >= 18) & (hour < 21))).astype(float)
    minutes = 9.0 + 2.0 * road_km + 1.0 * straight_km + 0.7 * items + 6.0 * peak + rng.normal(scale=4.0, size=n)
    return np.column_stack([straight_km, road_km, items, peak]), minutes


# -- reference pieces (what the exercises build) --------------------------------------------------


def _rmse(y_true, y_pred):
    return float(np.sqrt(np.mean((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2)))


def _split(n, n_test, rng):
    order = rng.permutation(n)
    return order[n_test:], order[:n_test]


def _standardise(X_train, X_test):
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def _least_squares(X, y):
    return np.linalg.lstsq(np.asarray(X, float), np.asarray(y, float), rcond=None)[0]


def _ridge(X, y, penalties):
    U, s, Vt = np.linalg.svd(np.asarray(X, float), full_matrices=False)
    filters = s / (s**2 + np.asarray(penalties, float)[:, None])
    return (filters * (U.T @ np.asarray(y, float))) @ Vt


def _pipeline(X, y, n_test, penalty, rng):
    train, test = _split(len(y), n_test, rng)
    Z_train, Z_test = _standardise(X[train], X[test])
    offset = y[train].mean()
    w = _ridge(Z_train, y[train] - offset, [penalty])[0]
    return _rmse(y[test], offset + Z_test @ w), Z_train


def _collinear_design(rng, n, delta):
    """An intercept, a feature, its near-twin (differing by delta times noise) and one more feature."""
    a, b = rng.normal(size=n), rng.normal(size=n)
    return np.column_stack([np.ones(n), a, a + delta * rng.normal(size=n), b])


# -- checks ---------------------------------------------------------------------------------------


def check_rmse(rmse):
    rng = np.random.default_rng(SEED)
    with Checker(rmse) as c:
        c.close(
            c.call(
                "y_true = [1., 2., 3.], y_pred = [1., 2., 3.] (a perfect prediction)", np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])
            ),
            0.0,
        )
        c.close(c.call("y_true = [0., 0.], y_pred = [3., -4.]", np.zeros(2), np.array([3.0, -4.0])), np.sqrt(12.5))
        c.close(
            c.call("y_true = [2., -1., 5., 0.], y_pred = [1., 1., 1., 1.]", np.array([2.0, -1.0, 5.0, 0.0]), np.ones(4)), np.sqrt(22 / 4)
        )
        c.close(c.call("one sample, y_true = [7.], y_pred = [4.]", np.array([7.0]), np.array([4.0])), 3.0)
        c.close(c.call("integer input y_true = [1, 2], y_pred = [3, 5]", np.array([1, 2]), np.array([3, 5])), np.sqrt(6.5))
        for scale in (1e100, 1e-100):
            y_true, y_pred = rng.normal(size=8) * scale, rng.normal(size=8) * scale
            c.close(c.call(f"8 seeded random values of size {scale:g}", y_true, y_pred), np.sqrt(np.mean((y_pred - y_true) ** 2)))
        y_true, y_pred = rng.normal(size=50), rng.normal(size=50)
        c.close(c.call("50 seeded random values", y_true, y_pred), np.sqrt(np.mean((y_pred - y_true) ** 2)))
        c.call_raises(
            "y_true of shape (3,), y_pred of shape (3, 1) (subtracting them broadcasts to (3, 3))", ValueError, np.ones(3), np.ones((3, 1))
        )
        c.call_raises("lengths 3 and 2", ValueError, np.ones(3), np.ones(2))
        c.call_raises("empty arrays (no samples, no error to average)", ValueError, np.array([]), np.array([]))


def check_split_indices(split_indices):
    with Checker(split_indices, forbid=[*GLOBAL_RNG]) as c:

        def split(case, n, n_test, seed):
            got = c.call(case, n, n_test, np.random.default_rng(seed))
            train, test = c.unpack(got, ("train", "test"))
            c.array(train, (n - n_test,), what="the train indices")
            c.array(test, (n_test,), what="the test indices")
            c.require(
                train.dtype.kind in "iu" and test.dtype.kind in "iu",
                f"Indices must be integers; got dtypes {train.dtype} and {test.dtype}.",
            )
            together = np.sort(np.concatenate([train, test]))
            c.require(
                np.array_equal(together, np.arange(n)),
                "Train and test together must hold every index 0, ..., n - 1 exactly once (no sample lost, "
                f"none in both, none twice); sorted, they are {together[:20]}{' ...' if n > 20 else ''}.",
            )
            return train, test

        train, test = split("n = 10, n_test = 3, rng = default_rng(0)", 10, 3, 0)
        expected_train, expected_test = _split(10, 3, np.random.default_rng(0))
        c.equal(test, expected_test, what="the test indices: the first n_test entries of rng.permutation(n)")
        c.equal(train, expected_train, what="the train indices: the rest of the permutation, in its order")
        split("n = 2, n_test = 1", 2, 1, 1)
        train, test = split("n = 1000, n_test = 200, rng = default_rng(5)", 1000, 200, 5)
        c.require(
            not np.array_equal(np.sort(test), np.arange(200)),
            "The test set is the first 200 samples: shuffle before you split (data often arrives sorted).",
        )
        again = split("the same again, with a fresh default_rng(5)", 1000, 200, 5)
        c.equal(again[1], test, what="the test indices for the same seed (a split must be reproducible from its rng)")
        other = split("n = 1000, n_test = 200, rng = default_rng(6)", 1000, 200, 6)
        c.require(not np.array_equal(other[1], test), "Two different seeds gave the same split: draw the order from `rng`.")
        expected_train, expected_test = _split(1000, 200, np.random.default_rng(6))
        c.equal(other[1], expected_test, what="the test indices: the first n_test entries of rng.permutation(n)")
        c.equal(other[0], expected_train, what="the train indices: the rest of the permutation, in its order")
        c.call_raises("n_test = 0 (an empty test set)", ValueError, 10, 0, np.random.default_rng(0))
        c.call_raises("n_test = n (an empty training set)", ValueError, 10, 10, np.random.default_rng(0))
        c.call_raises("n_test = -1", ValueError, 10, -1, np.random.default_rng(0))


def check_standardise(standardise):
    rng = np.random.default_rng(SEED)
    with Checker(standardise) as c:

        def expect(case, X_train, X_test):
            got = c.call(case, X_train, X_test)
            Z_train, Z_test = c.unpack(got, ("Z_train", "Z_test"))
            c.array(Z_train, np.shape(X_train), what="Z_train")
            c.array(Z_test, np.shape(X_test), what="Z_test")
            expected_train, expected_test = _standardise(X_train, X_test)
            c.close(Z_train, expected_train, atol=1e-12, what="Z_train: (X_train - train mean) / train std, column by column")
            c.close(
                Z_test, expected_test, atol=1e-9, what="Z_test: (X_test - train mean) / train std (the train statistics, not the test's)"
            )
            return Z_train, Z_test

        X_train = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]])
        X_test = np.array([[3.0, 20.0]])
        expect("X_train = [[1., 10.], [3., 30.], [5., 20.]], X_test = [[3., 20.]] (one test row)", X_train, X_test)
        X_train = rng.normal(size=(40, 3)) * [1.0, 5.0, 0.1] + [0.0, -3.0, 100.0]
        X_test = rng.normal(size=(7, 3)) * [2.0, 1.0, 0.3] + [10.0, 4.0, 95.0]  # shifted: its own statistics differ
        Z_train, _ = expect("40 x 3 train, 7 x 3 test with different means and spreads (leakage shows here)", X_train, X_test)
        c.close(Z_train.mean(axis=0), np.zeros(3), atol=1e-12, what="the mean of every column of Z_train (should be 0)")
        c.close(Z_train.std(axis=0), np.ones(3), what="the standard deviation (ddof=0) of every column of Z_train (should be 1)")
        X_train = np.column_stack([rng.normal(size=6), np.full(6, 2.0)])
        expect("a constant train column (std 0: centre it, do not divide by 0)", X_train, np.array([[0.5, 3.0], [1.0, 2.0]]))
        X_train = rng.normal(size=(5, 2)) * [1e6, 1e-6]
        expect("columns of scale 1e6 and 1e-6", X_train, rng.normal(size=(3, 2)) * [1e6, 1e-6])
        expect("integer input", np.array([[1, 4], [2, 0], [6, 2]]), np.array([[0, 0], [3, 3]]))
        expect("one feature, 4 x 1 train and 2 x 1 test", np.array([[1.0], [2.0], [4.0], [9.0]]), np.array([[0.0], [5.0]]))


def check_fit_normal_equations(fit_normal_equations):
    rng = np.random.default_rng(SEED)
    with Checker(fit_normal_equations, forbid=SOLVERS) as c:

        def expect(case, X, y, rtol=1e-7):
            got = c.call(case, X, y)
            c.array(got, (np.shape(X)[1],))
            c.close(got, _least_squares(X, y), rtol=rtol)

        X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
        expect("a line through (0, 1), (1, 3), (2, 5): X = [[1., 0.], [1., 1.], [1., 2.]], y = [1., 3., 5.]", X, np.array([1.0, 3.0, 5.0]))
        expect("the same X, y = [1., -2., 4.] (no exact fit)", X, np.array([1.0, -2.0, 4.0]))
        X = np.array([[2.0, 1.0], [0.0, 3.0]])
        expect("a square, non-symmetric X = [[2., 1.], [0., 3.]], y = [4., -3.]", X, np.array([4.0, -3.0]))
        expect("integer input X = [[1, 0], [1, 1], [1, 3]], y = [1, 2, 6]", np.array([[1, 0], [1, 1], [1, 3]]), np.array([1, 2, 6]))
        expect("one feature, X of shape (4, 1)", np.array([[1.0], [2.0], [-1.0], [3.0]]), np.array([2.0, 3.0, -2.0, 7.0]))
        for trial in range(3):
            n, d = int(rng.integers(8, 30)), int(rng.integers(2, 6))
            X = well_conditioned(rng, n, d)
            y = rng.normal(size=n) * 10.0 ** (3 * trial - 3)
            expect(f"seeded random X of shape ({n}, {d}), y of size {10.0 ** (3 * trial - 3):g}", X, y)
        c.call_raises("X of shape (2, 3): fewer rows than columns, so X^T X is singular", ValueError, rng.normal(size=(2, 3)), np.ones(2))


def check_fit_qr(fit_qr):
    rng = np.random.default_rng(SEED)
    with Checker(fit_qr, forbid=[*SOLVERS, "np.linalg.cholesky"]) as c:
        line = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
        for case, X, y in [
            (
                "a line through (0, 1), (1, 3), (2, 5): X = [[1., 0.], [1., 1.], [1., 2.]], y = [1., 3., 5.]",
                line,
                np.array([1.0, 3.0, 5.0]),
            ),
            ("the same X, y = [1., -2., 4.] (no exact fit)", line, np.array([1.0, -2.0, 4.0])),
            ("a square, non-symmetric X = [[2., 1.], [0., 3.]], y = [4., -3.]", np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([4.0, -3.0])),
            ("integer input", np.array([[1, 0], [1, 1], [1, 3]]), np.array([1, 2, 6])),
            ("one feature, X of shape (4, 1)", np.array([[1.0], [2.0], [-1.0], [3.0]]), np.array([2.0, 3.0, -2.0, 7.0])),
        ]:
            got = c.call(case, X, y)
            c.array(got, (np.shape(X)[1],))
            c.close(got, _least_squares(X, y))
        for trial in range(2):
            n, d = int(rng.integers(8, 30)), int(rng.integers(2, 6))
            X, y = well_conditioned(rng, n, d), rng.normal(size=n)
            got = c.call(f"seeded random X of shape ({n}, {d})", X, y)
            c.array(got, (d,))
            c.close(got, _least_squares(X, y))
        # Nearly collinear columns: kappa(X) is about 1e6, so QR recovers the exact weights to about
        # kappa * eps = 1e-10, while anything that forms X^T X loses kappa**2 * eps = 1e-4.
        X = _collinear_design(rng, 60, 1e-6)
        w_true = np.array([1.0, -2.0, 3.0, 0.5])
        kappa = np.linalg.cond(X)
        got = c.call(f"nearly collinear columns (kappa(X) = {kappa:.1e}), y = X @ [1., -2., 3., 0.5] exactly", X, X @ w_true)
        c.array(got, (4,))
        c.close(
            got,
            w_true,
            rtol=100 * kappa * EPS,
            what="the weights, to about kappa(X) * eps: solving anything built from X^T X loses twice as many digits",
        )
        c.call_raises("X of shape (2, 3): fewer rows than columns", ValueError, rng.normal(size=(2, 3)), np.ones(2))


def check_gradient_descent(gradient_descent):
    rng = np.random.default_rng(SEED)
    with Checker(gradient_descent, forbid=[*SOLVERS, "np.linalg.solve"]) as c:

        def mse(w, X, y):
            return np.mean((X @ w - y) ** 2)

        # Fixed values: one step from w0 is w0 - eta * (2 / n) X^T (X w0 - y).
        X = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
        y = np.array([1.0, -1.0, 2.0])
        w0 = np.array([0.5, -0.5])
        step = w0 - 0.1 * (2 / 3) * X.T @ (X @ w0 - y)
        got = c.call(
            "one step, X = [[1., 2.], [0., 1.], [3., -1.]], y = [1., -1., 2.], w0 = [0.5, -0.5], learning rate 0.1", X, y, w0, 0.1, 1
        )
        c.array(got, (2,))
        c.close(got, step)
        got = c.call("zero steps return w0 (as floats)", X, y, np.array([1, -2]), 0.1, 0)
        c.close(got, np.array([1.0, -2.0]))
        two = step - 0.1 * (2 / 3) * X.T @ (X @ step - y)
        c.close(c.call("two steps from the same w0", X, y, w0, 0.1, 2), two)
        Xs = np.array([[2.0, 1.0], [-1.0, 3.0]])
        got = c.call(
            "one step with a square, non-symmetric X = [[2., 1.], [-1., 3.]], y = [1., 2.], w0 = [0., 0.]",
            Xs,
            np.array([1.0, 2.0]),
            np.zeros(2),
            0.05,
            1,
        )
        c.close(got, -0.05 * (2 / 2) * Xs.T @ (-np.array([1.0, 2.0])))
        # One step from random points against finite differences of the loss. For a quadratic the central
        # difference has no truncation error; its rounding error is about eps**(2/3) * |L| per entry.
        for trial in range(4):
            n, d = int(rng.integers(5, 20)), int(rng.integers(1, 5))
            X, y, w0 = rng.normal(size=(n, d)), rng.normal(size=n) * 3, rng.normal(size=d)
            eta = 0.01
            numeric = numerical_gradient(lambda w, X=X, y=y: mse(w, X, y), w0)
            got = c.call(f"one step from a seeded random w0, X of shape ({n}, {d})", X, y, w0, eta, 1)
            c.array(got, (d,))
            c.close(
                got,
                w0 - eta * numeric,
                rtol=0,
                atol=eta * 100 * EPS ** (2 / 3) * mse(w0, X, y) + 1e-13,
                what="w0 - learning_rate * gradient, the gradient compared with central differences of (1/n)||Xw - y||^2",
            )
        # Many steps converge to least squares. With eta = 1 / lambda_max of the Hessian (2/n) X^T X the
        # error shrinks at least by (1 - lambda_min / lambda_max) each step: the tolerance is that bound.
        n = 50
        X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
        y = X @ np.array([2.0, -1.0, 0.5]) + 0.1 * rng.normal(size=n)
        curvatures = np.linalg.eigvalsh(2 / n * X.T @ X)
        steps = 300
        w_star = _least_squares(X, y)
        bound = (1 - curvatures[0] / curvatures[-1]) ** steps * np.linalg.norm(w_star)
        got = c.call(
            f"{steps} steps from w0 = 0 on 50 seeded samples, learning rate 1 / lambda_max", X, y, np.zeros(3), 1 / curvatures[-1], steps
        )
        c.close(got, w_star, rtol=0, atol=bound + 1e-12, what=f"the weights after {steps} steps: the least-squares solution")


def check_ridge_path(ridge_path):
    rng = np.random.default_rng(SEED)
    forbid = [*SOLVERS, "np.linalg.solve", "np.linalg.cholesky", "loop"]
    with Checker(ridge_path, forbid=forbid) as c:

        def expect(case, X, y, penalties):
            got = c.call(case, X, y, penalties)
            c.array(got, (len(penalties), np.shape(X)[1]))
            X, y = np.asarray(X, float), np.asarray(y, float)
            expected = np.array([np.linalg.solve(X.T @ X + a * np.eye(X.shape[1]), X.T @ y) for a in penalties])
            c.close(got, expected, rtol=1e-9, atol=0, what="row k: the solution of (X^T X + penalties[k] I) w = X^T y")
            return got

        X = np.array([[1.0, 2.0], [3.0, 1.0], [0.0, -1.0]])
        y = np.array([1.0, 2.0, -3.0])
        expect("X = [[1., 2.], [3., 1.], [0., -1.]], y = [1., 2., -3.], penalties = [0.5, 2., 10.]", X, y, np.array([0.5, 2.0, 10.0]))
        got = c.call("the same X and y, penalties = [0.] (ordinary least squares)", X, y, np.array([0.0]))
        c.array(got, (1, 2))
        c.close(got[0], _least_squares(X, y), what="the penalty-0 row: the least-squares solution")
        expect("integer input, penalties = [1, 3]", np.array([[1, 0], [2, 1], [0, 3]]), np.array([1, -1, 2]), np.array([1, 3]))
        expect(
            "a wide X of shape (2, 4) (more features than samples), penalties = [0.1, 1.]",
            rng.normal(size=(2, 4)),
            np.array([1.0, -2.0]),
            np.array([0.1, 1.0]),
        )
        twins = _collinear_design(rng, 30, 0.0)  # two identical columns: X^T X is singular, + alpha I is not
        expect("two identical columns (X^T X singular), penalties = [1e-3, 1.]", twins, rng.normal(size=30), np.array([1e-3, 1.0]))
        X, y = rng.normal(size=(40, 5)), rng.normal(size=40)
        penalties = np.logspace(-3, 6, 10)
        got = expect("40 x 5 seeded random X, 10 penalties from 1e-3 to 1e6", X, y, penalties)
        norms = np.linalg.norm(got, axis=1)
        c.require(np.all(np.diff(norms) < 0), f"A larger penalty must give a smaller ||w||; the norms came back as {np.round(norms, 4)}.")
        expect("a single huge penalty, 1e12 (w is about X^T y / 1e12)", X, y, np.array([1e12]))


def check_fit_and_score(fit_and_score):
    rng = np.random.default_rng(SEED)
    with Checker(fit_and_score, forbid=[*GLOBAL_RNG]) as c:

        def expect(case, X, y, n_test, penalty, seed):
            got = c.call(case, X, y, n_test, penalty, np.random.default_rng(seed))
            expected, Z_train = _pipeline(X, y, n_test, penalty, np.random.default_rng(seed))
            # Correct pipelines differ only by rounding, which the conditioning of the standardised
            # training matrix amplifies: allow 100 * kappa * eps (at least 1e-9) relative.
            rtol = max(1e-9, 100 * np.linalg.cond(Z_train) * EPS)
            c.close(got, expected, rtol=rtol)
            return got

        X, y = delivery_orders(400, np.random.default_rng(1))
        got = expect("400 simulated delivery orders, 100 for test, penalty 1.0, rng = default_rng(2)", X, y, 100, 1.0, 2)
        # The noise in delivery_orders has sd 4 minutes; with 100 test orders the RMSE of the noise alone
        # has a standard error of about 4 / sqrt(2 * 100), so a working model lands within a few of them.
        band = 4 * 4.0 / np.sqrt(2 * 100)
        c.require(abs(got - 4.0) < band + 0.5, f"A working model predicts delivery times to about the noise level, 4 minutes; got {got!r}.")
        expect("the same orders, penalty 0.0 (least squares)", X, y, 100, 0.0, 2)
        expect("the same orders, penalty 1e4 (heavy shrinkage: close to predicting the train mean)", X, y, 100, 1e4, 2)
        n = 30
        X = rng.normal(size=(n, 3)) * [1.0, 100.0, 0.01] + [5.0, -50.0, 0.0]
        y = X @ np.array([2.0, 0.03, 100.0]) + 7.0 + rng.normal(scale=0.5, size=n)
        expect("30 samples on very different scales, 10 for test, penalty 0.5, rng = default_rng(3)", X, y, 10, 0.5, 3)
        y_exact = X @ np.array([2.0, 0.03, 100.0]) + 7.0
        got = expect("noise-free targets, penalty 0.0 (the test RMSE is rounding error only)", X, y_exact, 10, 0.0, 4)
        c.require(
            got < 1e3 * EPS * np.abs(y_exact).max(),
            f"Noise-free linear data fit by least squares must predict the test set exactly; got RMSE {got!r}.",
        )
