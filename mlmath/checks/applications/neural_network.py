"""Checks for applications/04-neural-network."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG
from mlmath.numerics import numerical_gradient

SEED = 4004

NAMES = ("W1", "b1", "W2", "b2")


# -- reference implementations (the maths the checks compare against) ------------------------


def _make_spirals(n_per_class, n_classes, noise, rng):
    t = np.linspace(0.0, 1.0, n_per_class)
    eps = noise * rng.normal(size=(n_classes, n_per_class))
    theta = 2 * np.pi * np.arange(n_classes)[:, np.newaxis] / n_classes + 4.0 * t + eps
    X = np.stack([t * np.cos(theta), t * np.sin(theta)], axis=-1).reshape(-1, 2)
    return X, np.repeat(np.arange(n_classes), n_per_class)


def _init_params(d, m, K, rng):
    W1 = rng.normal(size=(d, m)) / np.sqrt(d)
    W2 = rng.normal(size=(m, K)) / np.sqrt(m)
    return {"W1": W1, "b1": np.zeros(m), "W2": W2, "b2": np.zeros(K)}


def _forward(params, X):
    X = np.asarray(X, dtype=float)
    H = np.tanh(X @ params["W1"] + params["b1"])
    return H @ params["W2"] + params["b2"], {"X": X, "H": H}


def _cross_entropy(logits, y):
    Z = np.asarray(logits, dtype=float)
    Z = Z - Z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(Z).sum(axis=1))
    rows = np.arange(len(y))
    P = np.exp(Z - lse[:, np.newaxis])
    P[rows, y] -= 1.0
    return float(np.mean(lse - Z[rows, y])), P / len(y)


def _backward(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    dA = (dlogits @ params["W2"].T) * (1.0 - H**2)
    return {"W1": X.T @ dA, "b1": dA.sum(axis=0), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=0)}


def _sgd_step(params, X, y, lr):
    logits, cache = _forward(params, X)
    loss, dlogits = _cross_entropy(logits, y)
    grads = _backward(params, cache, dlogits)
    return {name: params[name] - lr * grads[name] for name in NAMES}, loss


def _train(params, X, y, lr, batch_size, epochs, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            params, loss = _sgd_step(params, X[batch], y[batch], lr)
            losses.append(loss)
    return params, np.array(losses)


def _pipeline_predictions(X_train, y_train, X_test, rng, hidden, lr, batch_size, epochs):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    params = _init_params(X_train.shape[1], hidden, int(y_train.max()) + 1, rng)
    params, _ = _train(params, (X_train - mean) / std, y_train, lr, batch_size, epochs, rng)
    return _forward(params, (X_test - mean) / std)[0].argmax(axis=1)


def _random_params(rng, d, m, K):
    return {"W1": rng.normal(size=(d, m)), "b1": rng.normal(size=m), "W2": rng.normal(size=(m, K)), "b2": rng.normal(size=K)}


# -- helpers ---------------------------------------------------------------------------------


def _params_dict(c, got, shapes, what="the parameters"):
    """Fail unless `got` is a dict with exactly the keys W1, b1, W2, b2, each an array of its shape."""
    if not isinstance(got, dict):
        c.fail(f"Expected {what} as a dict with keys 'W1', 'b1', 'W2', 'b2', got a {type(got).__name__}.")
    if set(got) != set(NAMES):
        c.fail(f"Expected {what} as a dict with keys 'W1', 'b1', 'W2', 'b2', got the keys {sorted(got)}.")
    for name in NAMES:
        c.array(got[name], shapes[name], f"{what}['{name}']")
    return got


def _shapes(params):
    return {name: params[name].shape for name in NAMES}


def _close_params(c, got, expected, what="the parameters", **tolerance):
    _params_dict(c, got, _shapes(expected), what)
    for name in NAMES:
        c.close(got[name], expected[name], what=f"{what}['{name}']", **tolerance)


# -- Exercise 1 ------------------------------------------------------------------------------


def check_make_spirals(make_spirals):
    rng = np.random.default_rng(SEED)
    with Checker(make_spirals, forbid=[*GLOBAL_RNG]) as c:
        for n_per_class, n_classes, noise in ((4, 3, 0.2), (7, 5, 0.5), (1, 2, 0.3), (50, 3, 0.2)):
            seed = int(rng.integers(1000))
            got = c.call(
                f"{n_per_class} per class, {n_classes} classes, noise {noise}, rng = np.random.default_rng({seed})",
                n_per_class,
                n_classes,
                noise,
                np.random.default_rng(seed),
            )
            X, y = c.unpack(got, ("X", "y"))
            X_ref, y_ref = _make_spirals(n_per_class, n_classes, noise, np.random.default_rng(seed))
            c.array(X, (n_per_class * n_classes, 2), "X")
            c.array(y, (n_per_class * n_classes,), "y")
            c.equal(y, y_ref, what="the labels y (class 0 first, then class 1, ...)")
            c.close(X, X_ref, what="the points X")
            # property: the noise moves a point along its circle, so its distance to the origin is exactly t
            c.close(
                np.linalg.norm(X, axis=1),
                np.tile(np.linspace(0, 1, n_per_class), n_classes),
                atol=1e-12,
                what="the distance of each point to the origin (it must be t, whatever the noise)",
            )
        X, _ = c.unpack(c.call("no noise: 5 per class, 4 classes, noise 0.0", 5, 4, 0.0, np.random.default_rng(0)), ("X", "y"))
        c.close(X, _make_spirals(5, 4, 0.0, np.random.default_rng(0))[0], atol=1e-12, what="the points X")
        generator = np.random.default_rng(11)
        first, _ = c.unpack(c.call("two calls with the same generator (the second must differ)", 3, 2, 0.1, generator), ("X", "y"))
        second, _ = c.unpack(c.call("two calls with the same generator (the second must differ)", 3, 2, 0.1, generator), ("X", "y"))
        c.require(not np.allclose(first[1:], second[1:]), "Two calls with the same rng gave the same points: draw the noise from rng.")
        c.call_raises("one class (n_classes = 1)", ValueError, 5, 1, 0.2, np.random.default_rng(0))
        c.call_raises("no points (n_per_class = 0)", ValueError, 0, 3, 0.2, np.random.default_rng(0))


# -- Exercise 2 ------------------------------------------------------------------------------


def check_init_params(init_params):
    rng = np.random.default_rng(SEED)
    with Checker(init_params, forbid=[*GLOBAL_RNG]) as c:
        for d, m, K in ((2, 5, 3), (1, 1, 2), (3, 7, 4), (400, 6, 2)):
            seed = int(rng.integers(1000))
            got = c.call(
                f"d = {d} inputs, m = {m} hidden units, K = {K} classes, rng = np.random.default_rng({seed})",
                d,
                m,
                K,
                np.random.default_rng(seed),
            )
            expected = _init_params(d, m, K, np.random.default_rng(seed))
            _params_dict(c, got, _shapes(expected))
            c.equal(got["b1"], np.zeros(m), what="b1 (biases start at zero)")
            c.equal(got["b2"], np.zeros(K), what="b2 (biases start at zero)")
            c.close(got["W1"], expected["W1"], what="W1 (drawn first, scaled by 1 / sqrt(d))")
            c.close(got["W2"], expected["W2"], what="W2 (drawn second, scaled by 1 / sqrt(m))")
        # property: with 400 inputs of variance 1, a unit's pre-activation X @ W1[:, j] has variance close to 1
        W1 = got["W1"]
        spread = float(np.sum(W1**2, axis=0).mean())
        c.require(abs(spread - 1.0) < 0.2, f"With d = 400 the columns of W1 should have squared length near 1; the mean is {spread:.3f}.")
        c.call_raises("no hidden units (m = 0)", ValueError, 2, 0, 3, np.random.default_rng(0))
        c.call_raises("no inputs (d = 0)", ValueError, 0, 4, 3, np.random.default_rng(0))


# -- Exercise 3 ------------------------------------------------------------------------------


def _check_forward(c, case, params, X):
    got = c.call(case, params, X)
    logits, cache = c.unpack(got, ("logits", "cache"))
    expected, expected_cache = _forward(params, X)
    c.array(logits, expected.shape, "the logits")
    c.close(logits, expected, what="the logits")
    if not isinstance(cache, dict) or set(cache) != {"X", "H"}:
        c.fail(f"Expected the cache as a dict with keys 'X' and 'H', got {cache!r:.200}.")
    c.close(c.array(cache["H"], expected_cache["H"].shape, "cache['H']"), expected_cache["H"], what="cache['H'] (the hidden activations)")
    c.close(c.array(cache["X"], expected_cache["X"].shape, "cache['X']"), expected_cache["X"], what="cache['X'] (the input, as floats)")


def check_forward(forward):
    rng = np.random.default_rng(SEED)
    with Checker(forward, forbid=["loop"]) as c:
        params = {
            "W1": np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]]),
            "b1": np.array([0.0, 0.0, 0.5]),
            "W2": np.array([[1.0, -1.0], [0.0, 1.0], [2.0, 0.0]]),
            "b2": np.array([0.1, -0.2]),
        }
        _check_forward(c, "by hand: X = [[1., 0.], [0., -1.]], d = 2, m = 3, K = 2", params, np.array([[1.0, 0.0], [0.0, -1.0]]))
        _check_forward(c, "integer input X = [[2, 1]]", params, np.array([[2, 1]]))
        _check_forward(c, "one example, d = 3, m = 4, K = 5 (non-square)", _random_params(rng, 3, 4, 5), rng.normal(size=(1, 3)))
        _check_forward(
            c, "a batch of 9, d = 3, m = 6, K = 2 (seeded, non-zero biases)", _random_params(rng, 3, 6, 2), rng.normal(size=(9, 3))
        )
        _check_forward(c, "a batch of 1000, d = 2, m = 16, K = 3 (seeded)", _random_params(rng, 2, 16, 3), rng.normal(size=(1000, 2)))


# -- Exercise 4 ------------------------------------------------------------------------------


def _check_cross_entropy(c, case, logits, y, numeric=True):
    got = c.call(case, logits, y)
    loss, dlogits = c.unpack(got, ("loss", "dlogits"))
    expected_loss, expected_grad = _cross_entropy(logits, y)
    c.close(loss, expected_loss, atol=1e-12 * max(1.0, abs(expected_loss)), what="the loss")
    c.array(dlogits, np.shape(logits), "dlogits")
    c.close(dlogits, expected_grad, what="dlogits, the gradient of the loss with respect to the logits")
    c.close(dlogits.sum(axis=1), np.zeros(len(y)), atol=1e-12, what="the row sums of dlogits (softmax minus one-hot sums to 0)")
    if numeric:
        # central differences of this smooth loss are good to about 1e-9 relative
        estimate = numerical_gradient(lambda Z: _cross_entropy(Z, y)[0], logits)
        c.close(dlogits, estimate, rtol=1e-6, what="dlogits against central differences")


def check_softmax_cross_entropy(softmax_cross_entropy):
    rng = np.random.default_rng(SEED)
    with Checker(softmax_cross_entropy, forbid=["loop"]) as c:
        _check_cross_entropy(c, "all logits 0 (loss log 4), 2 examples, 4 classes", np.zeros((2, 4)), np.array([3, 0]))
        _check_cross_entropy(c, "negative logits [[-1., -2., -3.]], label 2", np.array([[-1.0, -2.0, -3.0]]), np.array([2]))
        _check_cross_entropy(
            c,
            "huge logits [[1000., 0., -1000.], [1000., 0., -1000.]], labels [0, 2] (exp overflows)",
            np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, -1000.0]]),
            np.array([0, 2]),
            numeric=False,
        )
        _check_cross_entropy(c, "all logits -1000 (exp underflows), labels [1, 0]", np.full((2, 2), -1000.0), np.array([1, 0]))
        _check_cross_entropy(c, "6 examples, 3 classes (seeded)", rng.normal(size=(6, 3)) * 3, rng.integers(0, 3, size=6))
        _check_cross_entropy(
            c, "5 examples, 7 classes (seeded), labels not all present", rng.normal(size=(5, 7)), np.array([6, 6, 0, 2, 6])
        )
        c.call_raises("a label equal to K (labels run from 0 to K - 1)", ValueError, np.zeros((2, 3)), np.array([0, 3]))
        c.call_raises("a negative label -1 (it would silently index the last class)", ValueError, np.zeros((2, 3)), np.array([-1, 0]))


# -- Exercise 5 ------------------------------------------------------------------------------


def _check_backward(c, case, params, X, dlogits):
    _, cache = _forward(params, X)
    got = c.call(case, params, cache, dlogits)
    expected = _backward(params, cache, dlogits)
    _close_params(c, got, expected, what="the gradients")

    # property: backward is the vector-Jacobian product of forward, so it is the gradient of
    # sum(logits * dlogits) with respect to each parameter. Central differences are good to 1e-9 relative.
    for name in NAMES:

        def f(value, name=name):
            moved = dict(params, **{name: value})
            return float(np.sum(_forward(moved, X)[0] * dlogits))

        c.close(got[name], numerical_gradient(f, params[name]), rtol=1e-6, what=f"gradients['{name}'] against central differences")


def check_backward(backward):
    rng = np.random.default_rng(SEED)
    with Checker(backward) as c:
        params = _random_params(rng, 3, 4, 2)
        _check_backward(
            c, "5 examples, d = 3, m = 4, K = 2 (seeded, any dlogits)", params, rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
        )
        params = _random_params(rng, 2, 5, 3)
        _check_backward(c, "one example, d = 2, m = 5, K = 3", params, rng.normal(size=(1, 2)), rng.normal(size=(1, 3)))
        params = _random_params(rng, 4, 3, 6)
        X = rng.normal(size=(7, 4))
        dlogits = _cross_entropy(_forward(params, X)[0], rng.integers(0, 6, size=7))[1]
        _check_backward(c, "7 examples, d = 4, m = 3, K = 6, dlogits from the cross-entropy", params, X, dlogits)
        params = _random_params(rng, 2, 2, 2)
        _check_backward(c, "square layers d = m = K = 2 (seeded)", params, rng.normal(size=(3, 2)), rng.normal(size=(3, 2)))


# -- Exercise 6 ------------------------------------------------------------------------------


def _check_sgd_step(c, case, params, X, y, lr):
    got = c.call(case, params, X, y, lr)
    new, loss = c.unpack(got, ("new_params", "loss"))
    expected, expected_loss = _sgd_step(params, X, y, lr)
    c.close(loss, expected_loss, what="the loss (on the batch, before the step)")
    _close_params(c, new, expected, what="the new parameters", atol=1e-12 * max(np.abs(p).max() for p in expected.values()))
    return new


def check_sgd_step(sgd_step):
    rng = np.random.default_rng(SEED)
    with Checker(sgd_step) as c:
        params = _random_params(rng, 2, 5, 3)
        X, y = rng.normal(size=(8, 2)), rng.integers(0, 3, size=8)
        _check_sgd_step(c, "8 examples, d = 2, m = 5, K = 3, lr = 0.1 (seeded)", params, X, y, 0.1)
        new = _check_sgd_step(c, "the same batch, lr = 1e-3", params, X, y, 1e-3)
        c.require(
            _cross_entropy(_forward(new, X)[0], y)[0] < _cross_entropy(_forward(params, X)[0], y)[0],
            "A small step against the gradient must lower the batch loss, and it did not.",
        )
        new = _check_sgd_step(c, "lr = 0 (nothing may change)", params, X, y, 0.0)
        params = _random_params(rng, 3, 4, 2)
        _check_sgd_step(c, "one example, d = 3, m = 4, K = 2, lr = 0.5", params, rng.normal(size=(1, 3)), np.array([1]), 0.5)
        params = _init_params(2, 6, 4, rng)
        _check_sgd_step(
            c,
            "freshly initialised (zero biases), 10 examples, K = 4, lr = 2.0",
            params,
            rng.normal(size=(10, 2)),
            rng.integers(0, 4, size=10),
            2.0,
        )


# -- Exercise 7 ------------------------------------------------------------------------------


def _check_train(c, case, params, X, y, lr, batch_size, epochs, seed):
    got = c.call(case, params, X, y, lr, batch_size, epochs, np.random.default_rng(seed))
    new, losses = c.unpack(got, ("params", "losses"))
    expected, expected_losses = _train(params, X, y, lr, batch_size, epochs, np.random.default_rng(seed))
    steps = epochs * -(-len(y) // batch_size)
    c.array(losses, (steps,), f"the losses (one per step: {epochs} epoch(s) of ceil({len(y)} / {batch_size}) batches)")
    c.close(losses, expected_losses, what="the losses, one per step (a fresh rng.permutation each epoch)")
    _close_params(c, new, expected, what="the trained parameters")


def check_train(train):
    rng = np.random.default_rng(SEED)
    with Checker(train, forbid=[*GLOBAL_RNG]) as c:
        X, y = _make_spirals(5, 2, 0.2, rng)
        params = _init_params(2, 4, 2, rng)
        _check_train(c, "10 examples, batch_size 4 (the last batch has 2), 3 epochs, lr 0.5, rng seed 1", params, X, y, 0.5, 4, 3, 1)
        _check_train(c, "10 examples, batch_size 10 (one batch an epoch), 2 epochs, rng seed 2", params, X, y, 0.5, 10, 2, 2)
        _check_train(c, "10 examples, batch_size 1, 1 epoch, rng seed 3", params, X, y, 0.1, 1, 1, 3)
        _check_train(c, "10 examples, batch_size 32 (larger than the data), 2 epochs, rng seed 4", params, X, y, 0.5, 32, 2, 4)
        X, y = _make_spirals(30, 3, 0.2, rng)
        params = _init_params(2, 8, 3, rng)
        got = c.call("90 spiral points, batch_size 16, 40 epochs, lr 0.5, rng seed 5", params, X, y, 0.5, 16, 40, np.random.default_rng(5))
        new, losses = c.unpack(got, ("params", "losses"))
        expected, expected_losses = _train(params, X, y, 0.5, 16, 40, np.random.default_rng(5))
        c.close(c.array(losses, expected_losses.shape, "the losses"), expected_losses, what="the losses")
        _close_params(c, new, expected, what="the trained parameters")
        c.require(losses[-6:].mean() < losses[:6].mean(), "The loss of the last epoch should be below that of the first.")


# -- Exercise 8 ------------------------------------------------------------------------------


def _nearest_neighbour_accuracy(X_train, y_train, X_test, y_test):
    distances = ((X_test[:, np.newaxis, :] - X_train[np.newaxis, :, :]) ** 2).sum(axis=2)
    return float(np.mean(y_train[distances.argmin(axis=1)] == y_test))


def _softmax_regression_accuracy(X_train, y_train, X_test, y_test, lr=0.5, steps=300):
    W, b = np.zeros((X_train.shape[1], int(y_train.max()) + 1)), np.zeros(int(y_train.max()) + 1)
    for _ in range(steps):
        dlogits = _cross_entropy(X_train @ W + b, y_train)[1]
        W, b = W - lr * X_train.T @ dlogits, b - lr * dlogits.sum(axis=0)
    return float(np.mean((X_test @ W + b).argmax(axis=1) == y_test))


def _split(rng, X, y, fraction=0.75):
    order = rng.permutation(len(y))
    cut = int(fraction * len(y))
    return X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]]


def _check_pipeline(c, case, X_train, y_train, X_test, y_test, seed, settings):
    got = c.call(case, X_train, y_train, X_test, y_test, np.random.default_rng(seed), **settings)
    accuracy, predictions = c.unpack(got, ("accuracy", "predictions"))
    c.array(predictions, y_test.shape, "the predictions")
    c.require(predictions.dtype.kind in "iu", f"The predictions must be integer class labels, got dtype {predictions.dtype}.")
    c.close(accuracy, float(np.mean(predictions == y_test)), rtol=1e-12, what="the accuracy (the fraction of predictions equal to y_test)")
    expected = _pipeline_predictions(X_train, y_train, X_test, np.random.default_rng(seed), **settings)
    differ = int(np.sum(predictions != expected))
    # the same seeded run gives the same network up to rounding; allow one borderline test point to flip
    c.require(
        differ <= 1,
        f"{differ} of {len(y_test)} predictions differ from the reference run with the same rng. Standardise with the "
        "training mean and standard deviation only (apply them to the test set), then init_params and train with this rng.",
    )
    return accuracy


def check_spiral_pipeline(spiral_pipeline):
    rng = np.random.default_rng(SEED)
    with Checker(spiral_pipeline, forbid=[*GLOBAL_RNG]) as c:
        X, y = _make_spirals(100, 3, 0.2, rng)
        X_train, y_train, X_test, y_test = _split(rng, X, y)
        settings = {"hidden": 32, "lr": 0.5, "batch_size": 32, "epochs": 150}
        accuracy = _check_pipeline(
            c, "three spirals, 100 points each, 225 train / 75 test, 150 epochs, rng seed 8", X_train, y_train, X_test, y_test, 8, settings
        )
        # A threshold from the data: 1-nearest-neighbour's accuracy, less three standard errors of an
        # accuracy measured on this many test points; and above what a linear model reaches.
        knn = _nearest_neighbour_accuracy(X_train, y_train, X_test, y_test)
        threshold = knn - 3 * np.sqrt(knn * (1 - knn) / len(y_test))
        linear = _softmax_regression_accuracy(X_train, y_train, X_test, y_test)
        c.require(
            accuracy >= threshold, f"Test accuracy {accuracy:.3f} is below {threshold:.3f} (nearest neighbour's {knn:.3f} less 3 SE)."
        )
        c.require(accuracy > linear + 0.2, f"Test accuracy {accuracy:.3f} is not clearly above logistic regression's {linear:.3f}.")

        # leakage: the test set has a different mean from the training set; only the training statistics may be used
        X, y = _make_spirals(60, 2, 0.2, rng)
        X_train, y_train, X_test, y_test = _split(rng, 3.0 * X + np.array([5.0, -2.0]), y, fraction=0.3)
        _check_pipeline(
            c,
            "two spirals scaled by 3 and moved to mean (5, -2), 36 train / 84 test, the test set shifted by (1, -0.6), 80 epochs",
            X_train,
            y_train,
            X_test + np.array([1.0, -0.6]),
            y_test,
            9,
            {"hidden": 16, "lr": 0.5, "batch_size": 16, "epochs": 80},
        )
