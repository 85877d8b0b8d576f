"""Learner-like wrong answers to the applications/04-neural-network exercises: every check must reject each of them."""

import contextlib
import io

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.neural_network import (
    check_backward,
    check_forward,
    check_init_params,
    check_make_spirals,
    check_sgd_step,
    check_softmax_cross_entropy,
    check_spiral_pipeline,
    check_train,
)

# -- correct building blocks the wrong answers are made from ----------------------------------


def _forward(params, X):
    X = np.asarray(X, dtype=float)
    H = np.tanh(X @ params["W1"] + params["b1"])
    return H @ params["W2"] + params["b2"], {"X": X, "H": H}


def _cross_entropy(logits, y):
    Z = np.asarray(logits, dtype=float)
    Z = Z - Z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(Z).sum(axis=1))
    rows = np.arange(len(y))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return float(np.mean(lse - Z[rows, y])), P / len(y)


def _backward(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    dA = (dlogits @ params["W2"].T) * (1 - H**2)
    return {"W1": X.T @ dA, "b1": dA.sum(axis=0), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=0)}


def _init(d, m, K, rng):
    return {"W1": rng.normal(size=(d, m)) / np.sqrt(d), "b1": np.zeros(m), "W2": rng.normal(size=(m, K)) / np.sqrt(m), "b2": np.zeros(K)}


def _step(params, X, y, lr):
    logits, cache = _forward(params, X)
    loss, dlogits = _cross_entropy(logits, y)
    grads = _backward(params, cache, dlogits)
    return {k: params[k] - lr * grads[k] for k in params}, loss


def _train(params, X, y, lr, batch_size, epochs, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start : start + batch_size]
            params, loss = _step(params, X[b], y[b], lr)
            losses.append(loss)
    return params, np.array(losses)


# -- Exercise 1: make_spirals -----------------------------------------------------------------


def _spirals(n_per_class, n_classes, noise, rng, eps_shape="rows", turn=4.0, radius=None):
    if n_classes < 2 or n_per_class < 1:
        raise ValueError
    t = np.linspace(0, 1, n_per_class)
    eps = rng.normal(size=(n_classes, n_per_class)) if eps_shape == "rows" else rng.normal(size=(n_per_class, n_classes)).T
    theta = 2 * np.pi * np.arange(n_classes)[:, None] / n_classes + turn * t + noise * eps
    r = t if radius is None else radius(t)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1).reshape(-1, 2)
    return X, np.repeat(np.arange(n_classes), n_per_class)


def spirals_noise_drawn_transposed(n_per_class, n_classes, noise, rng):
    return _spirals(n_per_class, n_classes, noise, rng, eps_shape="cols")


def spirals_sin_cos_swapped(n_per_class, n_classes, noise, rng):
    X, y = _spirals(n_per_class, n_classes, noise, rng)
    return X[:, ::-1].copy(), y


def spirals_interleaved_order(n_per_class, n_classes, noise, rng):
    X, y = _spirals(n_per_class, n_classes, noise, rng)
    order = np.arange(len(y)).reshape(n_classes, n_per_class).T.ravel()
    return X[order], y[order]


def spirals_global_rng(n_per_class, n_classes, noise, rng):
    np.random.seed(0)  # noqa: NPY002 (the mistake under test)
    return _spirals(n_per_class, n_classes, noise, np.random)


def spirals_no_validation(n_per_class, n_classes, noise, rng):
    t = np.linspace(0, 1, n_per_class)
    eps = rng.normal(size=(n_classes, n_per_class))
    theta = 2 * np.pi * np.arange(n_classes)[:, None] / max(n_classes, 1) + 4 * t + noise * eps
    X = np.stack([t * np.cos(theta), t * np.sin(theta)], axis=-1).reshape(-1, 2)
    return X, np.repeat(np.arange(n_classes), n_per_class)


def spirals_noisy_radius(n_per_class, n_classes, noise, rng):
    return _spirals(n_per_class, n_classes, noise, rng, radius=lambda t: t + 0.01 * noise)


# -- Exercise 2: init_params ------------------------------------------------------------------


def init_unscaled(d, m, K, rng):
    if min(d, m, K) < 1:
        raise ValueError
    return {"W1": rng.normal(size=(d, m)), "b1": np.zeros(m), "W2": rng.normal(size=(m, K)), "b2": np.zeros(K)}


def init_scaled_by_fan_out(d, m, K, rng):
    if min(d, m, K) < 1:
        raise ValueError
    return {"W1": rng.normal(size=(d, m)) / np.sqrt(m), "b1": np.zeros(m), "W2": rng.normal(size=(m, K)) / np.sqrt(K), "b2": np.zeros(K)}


def init_transposed_draw(d, m, K, rng):
    if min(d, m, K) < 1:
        raise ValueError
    return {
        "W1": rng.normal(size=(m, d)).T / np.sqrt(d),
        "b1": np.zeros(m),
        "W2": rng.normal(size=(K, m)).T / np.sqrt(m),
        "b2": np.zeros(K),
    }


def init_random_biases(d, m, K, rng):
    if min(d, m, K) < 1:
        raise ValueError
    W1 = rng.normal(size=(d, m)) / np.sqrt(d)
    W2 = rng.normal(size=(m, K)) / np.sqrt(m)
    return {"W1": W1, "b1": 0.01 * rng.normal(size=m), "W2": W2, "b2": np.zeros(K)}


def init_global_rng(d, m, K, rng):
    if min(d, m, K) < 1:
        raise ValueError
    return _init(d, m, K, np.random.default_rng(0))


def init_no_validation(d, m, K, rng):
    return _init(d, m, K, rng) if d > 0 else _init(1, m, K, rng)


# -- Exercise 3: forward ----------------------------------------------------------------------


def forward_relu(params, X):
    X = np.asarray(X, dtype=float)
    H = np.maximum(X @ params["W1"] + params["b1"], 0)
    return H @ params["W2"] + params["b2"], {"X": X, "H": H}


def forward_bias_after_tanh(params, X):
    X = np.asarray(X, dtype=float)
    H = np.tanh(X @ params["W1"]) + params["b1"]
    return H @ params["W2"] + params["b2"], {"X": X, "H": H}


def forward_caches_preactivation(params, X):
    X = np.asarray(X, dtype=float)
    A = X @ params["W1"] + params["b1"]
    return np.tanh(A) @ params["W2"] + params["b2"], {"X": X, "H": A}


def forward_loop_over_rows(params, X):
    X = np.asarray(X, dtype=float)
    H = np.array([np.tanh(x @ params["W1"] + params["b1"]) for x in X])
    return H @ params["W2"] + params["b2"], {"X": X, "H": H}


def forward_softmax_output(params, X):
    logits, cache = _forward(params, X)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), cache


# -- Exercise 4: softmax_cross_entropy --------------------------------------------------------


def _labels_ok(Z, y):
    if np.any(y < 0) or np.any(y >= Z.shape[1]):
        raise ValueError


def ce_naive_unstable(logits, y):
    Z = np.asarray(logits, dtype=float)
    _labels_ok(Z, y)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = float(-np.mean(np.log(P[rows, y])))
    P[rows, y] -= 1
    return loss, P / len(y)


def ce_gradient_not_averaged(logits, y):
    loss, g = _cross_entropy(logits, y)
    _labels_ok(np.asarray(logits), y)
    return loss, g * len(y)


def ce_gradient_sign_flipped(logits, y):
    loss, g = _cross_entropy(logits, y)
    _labels_ok(np.asarray(logits), y)
    return loss, -g


def ce_softmax_over_wrong_axis(logits, y):
    Z = np.asarray(logits, dtype=float)
    _labels_ok(Z, y)
    Z = Z - Z.max(axis=0, keepdims=True)
    lse = np.log(np.exp(Z).sum(axis=0))
    rows = np.arange(len(y))
    P = np.exp(Z - lse)
    loss = float(-np.mean(np.log(P[rows, y])))
    P[rows, y] -= 1
    return loss, P / len(y)


def ce_no_label_check(logits, y):
    return _cross_entropy(logits, y)


def ce_summed_loss(logits, y):
    loss, g = _cross_entropy(logits, y)
    _labels_ok(np.asarray(logits), y)
    return loss * len(y), g


# -- Exercise 5: backward ---------------------------------------------------------------------


def backward_no_tanh_derivative(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    dA = dlogits @ params["W2"].T
    return {"W1": X.T @ dA, "b1": dA.sum(axis=0), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=0)}


def backward_wrong_tanh_derivative(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    dA = (dlogits @ params["W2"].T) * (1 - H)
    return {"W1": X.T @ dA, "b1": dA.sum(axis=0), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=0)}


def backward_mean_bias(params, cache, dlogits):
    grads = _backward(params, cache, dlogits)
    H = cache["H"]
    dA = (dlogits @ params["W2"].T) * (1 - H**2)
    return dict(grads, b1=dA.mean(axis=0), b2=dlogits.mean(axis=0))


def backward_bias_wrong_axis(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    dA = (dlogits @ params["W2"].T) * (1 - H**2)
    return {"W1": X.T @ dA, "b1": dA.sum(axis=1), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=1)}


def backward_uses_weights_not_transposed(params, cache, dlogits):
    X, H = cache["X"], cache["H"]
    W2 = params["W2"]
    dH = dlogits @ W2.reshape(W2.shape[1], W2.shape[0])  # a reshape is not a transpose
    dA = dH * (1 - H**2)
    return {"W1": X.T @ dA, "b1": dA.sum(axis=0), "W2": H.T @ dlogits, "b2": dlogits.sum(axis=0)}


# -- Exercise 6: sgd_step ---------------------------------------------------------------------


def step_ascent(params, X, y, lr):
    return _step(params, X, y, -lr)


def step_loss_after(params, X, y, lr):
    new, _ = _step(params, X, y, lr)
    return new, _cross_entropy(_forward(new, X)[0], y)[0]


def step_in_place(params, X, y, lr):
    logits, cache = _forward(params, X)
    loss, dlogits = _cross_entropy(logits, y)
    grads = _backward(params, cache, dlogits)
    for k in params:
        params[k] -= lr * grads[k]
    return params, loss


def step_biases_frozen(params, X, y, lr):
    new, loss = _step(params, X, y, lr)
    return dict(new, b1=params["b1"].copy(), b2=params["b2"].copy()), loss


# -- Exercise 7: train ------------------------------------------------------------------------


def train_drops_last_batch(params, X, y, lr, batch_size, epochs, rng):
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y) - batch_size + 1, batch_size):
            b = order[start : start + batch_size]
            params, loss = _step(params, X[b], y[b], lr)
            losses.append(loss)
    return params, np.array(losses)


def train_one_permutation(params, X, y, lr, batch_size, epochs, rng):
    order = rng.permutation(len(y))
    losses = []
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            b = order[start : start + batch_size]
            params, loss = _step(params, X[b], y[b], lr)
            losses.append(loss)
    return params, np.array(losses)


def train_no_shuffle(params, X, y, lr, batch_size, epochs, rng):
    losses = []
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            params, loss = _step(params, X[start : start + batch_size], y[start : start + batch_size], lr)
            losses.append(loss)
    return params, np.array(losses)


def train_global_rng(params, X, y, lr, batch_size, epochs, rng):
    return _train(params, X, y, lr, batch_size, epochs, np.random.default_rng(0))


def train_epoch_means(params, X, y, lr, batch_size, epochs, rng):
    params, losses = _train(params, X, y, lr, batch_size, epochs, rng)
    return params, losses.reshape(epochs, -1).mean(axis=1)


# -- Exercise 8: spiral_pipeline --------------------------------------------------------------


def _pipeline(X_train, y_train, X_test, y_test, rng, hidden, lr, batch_size, epochs, stats):
    mean, std = stats
    params = _init(X_train.shape[1], hidden, int(y_train.max()) + 1, rng)
    params, _ = _train(params, (X_train - mean) / std, y_train, lr, batch_size, epochs, rng)
    pred = _forward(params, (X_test - mean) / std)[0].argmax(axis=1)
    return float(np.mean(pred == y_test)), pred


def pipeline_test_statistics(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    mean_tr, std_tr = X_train.mean(axis=0), X_train.std(axis=0)
    mean_te, std_te = X_test.mean(axis=0), X_test.std(axis=0)
    params = _init(X_train.shape[1], hidden, int(y_train.max()) + 1, rng)
    params, _ = _train(params, (X_train - mean_tr) / std_tr, y_train, lr, batch_size, epochs, rng)
    pred = _forward(params, (X_test - mean_te) / std_te)[0].argmax(axis=1)
    return float(np.mean(pred == y_test)), pred


def pipeline_pooled_statistics(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    both = np.vstack([X_train, X_test])
    return _pipeline(X_train, y_train, X_test, y_test, rng, hidden, lr, batch_size, epochs, (both.mean(axis=0), both.std(axis=0)))


def pipeline_not_standardised(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    return _pipeline(X_train, y_train, X_test, y_test, rng, hidden, lr, batch_size, epochs, (0.0, 1.0))


def pipeline_train_accuracy(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    _, pred = _pipeline(X_train, y_train, X_test, y_test, rng, hidden, lr, batch_size, epochs, (mean, std))
    train_pred = _pipeline(X_train, y_train, X_train, y_train, np.random.default_rng(8), hidden, lr, batch_size, epochs, (mean, std))[1]
    return float(np.mean(train_pred == y_train)), pred


def pipeline_global_rng(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return _pipeline(X_train, y_train, X_test, y_test, np.random.default_rng(8), hidden, lr, batch_size, epochs, (mean, std))


def pipeline_error_rate(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    accuracy, pred = _pipeline(X_train, y_train, X_test, y_test, rng, hidden, lr, batch_size, epochs, (mean, std))
    return 1.0 - accuracy, pred


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_make_spirals, spirals_noise_drawn_transposed),
    (check_make_spirals, spirals_sin_cos_swapped),
    (check_make_spirals, spirals_interleaved_order),
    (check_make_spirals, spirals_global_rng),
    (check_make_spirals, spirals_no_validation),
    (check_make_spirals, spirals_noisy_radius),
    (check_init_params, init_unscaled),
    (check_init_params, init_scaled_by_fan_out),
    (check_init_params, init_transposed_draw),
    (check_init_params, init_random_biases),
    (check_init_params, init_global_rng),
    (check_init_params, init_no_validation),
    (check_forward, forward_relu),
    (check_forward, forward_bias_after_tanh),
    (check_forward, forward_caches_preactivation),
    (check_forward, forward_loop_over_rows),
    (check_forward, forward_softmax_output),
    (check_softmax_cross_entropy, ce_naive_unstable),
    (check_softmax_cross_entropy, ce_gradient_not_averaged),
    (check_softmax_cross_entropy, ce_gradient_sign_flipped),
    (check_softmax_cross_entropy, ce_softmax_over_wrong_axis),
    (check_softmax_cross_entropy, ce_no_label_check),
    (check_softmax_cross_entropy, ce_summed_loss),
    (check_backward, backward_no_tanh_derivative),
    (check_backward, backward_wrong_tanh_derivative),
    (check_backward, backward_mean_bias),
    (check_backward, backward_bias_wrong_axis),
    (check_backward, backward_uses_weights_not_transposed),
    (check_sgd_step, step_ascent),
    (check_sgd_step, step_loss_after),
    (check_sgd_step, step_in_place),
    (check_sgd_step, step_biases_frozen),
    (check_train, train_drops_last_batch),
    (check_train, train_one_permutation),
    (check_train, train_no_shuffle),
    (check_train, train_global_rng),
    (check_train, train_epoch_means),
    (check_spiral_pipeline, pipeline_test_statistics),
    (check_spiral_pipeline, pipeline_pooled_statistics),
    (check_spiral_pipeline, pipeline_not_standardised),
    (check_spiral_pipeline, pipeline_train_accuracy),
    (check_spiral_pipeline, pipeline_global_rng),
    (check_spiral_pipeline, pipeline_error_rate),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)


# -- the right answer, written differently, must pass ----------------------------------------


def _spiral_pipeline_other_order(X_train, y_train, X_test, y_test, rng, hidden=32, lr=0.5, batch_size=32, epochs=150):
    """A correct pipeline whose arithmetic is arranged differently (rounding differs in the last bits)."""
    mean = X_train.sum(axis=0) / len(X_train)
    std = np.sqrt(((X_train - mean) ** 2).mean(axis=0))
    scale = 1.0 / std
    params = _init(X_train.shape[1], hidden, int(y_train.max()) + 1, rng)
    params, _ = _train(params, (X_train - mean) * scale, y_train, lr, batch_size, epochs, rng)
    pred = _forward(params, (X_test - mean) * scale)[0].argmax(axis=1)
    return float(np.mean(pred == y_test)), pred


_spiral_pipeline_other_order.__name__ = "spiral_pipeline"


def test_a_correct_pipeline_with_other_rounding_passes():
    with contextlib.redirect_stdout(io.StringIO()):
        check_spiral_pipeline(_spiral_pipeline_other_order)
