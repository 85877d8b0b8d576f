"""Learner-like wrong answers to the applications/03-logistic-regression exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.logistic_regression import (
    check_binary_cross_entropy,
    check_calibration_table,
    check_classification_metrics,
    check_fit_and_evaluate,
    check_gradient_descent,
    check_loss_and_gradient,
    check_predict,
    check_sigmoid,
)

# -- correct pieces the wrong answers are built from ------------------------------


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _bce(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0:
        raise ValueError("shapes")
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def _loss_and_gradient(w, X, y, alpha=0.0):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.shape[0] != y.shape[0]:
        raise ValueError("shapes")
    z = X @ w
    return _bce(z, y) + 0.5 * alpha * (w @ w), X.T @ (_sigmoid(z) - y) / len(y) + alpha * w


def _descend(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    w, losses = np.zeros(np.shape(X)[1]), []
    for k in range(max_steps + 1):
        loss, g = _loss_and_gradient(w, X, y, alpha)
        losses.append(loss)
        if np.linalg.norm(g) <= tol or k == max_steps:
            break
        w = w - lr * g
    return w, np.array(losses)


def _metrics(y_true, y_pred):
    actual, said = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    if actual.shape != said.shape or actual.size == 0:
        raise ValueError("shapes")
    tp = np.sum(actual & said)
    return float(np.mean(actual == said)), float(tp / said.sum()) if said.any() else 0.0, float(tp / actual.sum()) if actual.any() else 0.0


# -- exercise 1: sigmoid ------------------------------------------------------------


def sigmoid_naive(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))  # overflows for z = -1000


def sigmoid_both_branches(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))  # evaluates both: overflow


def sigmoid_clipped(z):
    z = np.clip(np.asarray(z, dtype=float), -30, 30)  # avoids overflow, but sigma(-40) is not sigma(-30)
    return 1 / (1 + np.exp(-z))


def sigmoid_via_tanh(z):
    return 0.5 * (1 + np.tanh(np.asarray(z, dtype=float) / 2))  # 1 - 1 + tiny loses every digit of sigma(-40)


def sigmoid_wrong_sign(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))  # the branches swapped: sigma(-z)


# -- exercise 2: binary_cross_entropy ----------------------------------------------


def bce_through_probabilities(z, y):
    p = _sigmoid(z)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))  # log(0) for confident examples


def bce_logaddexp_minus_yz(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0:
        raise ValueError("shapes")
    return float(np.mean(np.logaddexp(0, z) - y * z))  # 40.000...004 - 40 rounds the tiny loss to 0


def bce_sum_not_mean(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if z.shape != y.shape or z.size == 0:
        raise ValueError("shapes")
    return float(np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def bce_swapped_labels(z, y):
    return _bce(z, 1 - np.asarray(y, dtype=float))


def bce_no_shape_check(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))


# -- exercise 3: loss_and_gradient -------------------------------------------------


def gradient_without_mean(w, X, y, alpha=0.0):
    loss, _ = _loss_and_gradient(w, X, y, alpha)
    return loss, X.T @ (_sigmoid(X @ w) - y) + alpha * w


def gradient_wrong_sign(w, X, y, alpha=0.0):
    loss, _ = _loss_and_gradient(w, X, y, alpha)
    return loss, X.T @ (y - _sigmoid(X @ w)) / len(y) + alpha * w


def gradient_forgets_penalty(w, X, y, alpha=0.0):
    loss, _ = _loss_and_gradient(w, X, y, alpha)
    return loss, X.T @ (_sigmoid(X @ w) - y) / len(y)


def loss_forgets_half(w, X, y, alpha=0.0):
    _, g = _loss_and_gradient(w, X, y, alpha)
    return _bce(X @ w, y) + alpha * (w @ w), g


def gradient_mean_over_features(w, X, y, alpha=0.0):
    loss, _ = _loss_and_gradient(w, X, y, alpha)
    return loss, X.T @ (_sigmoid(X @ w) - y) / X.shape[1] + alpha * w  # divides by d instead of n


def loss_and_gradient_broadcasts(w, X, y, alpha=0.0):
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    z = X @ w
    terms = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))  # y of length 1 broadcasts silently
    return float(np.mean(terms)) + 0.5 * alpha * (w @ w), X.T @ (_sigmoid(z) - y) / X.shape[0] + alpha * w


# -- exercise 4: gradient_descent ---------------------------------------------------


def descent_steps_before_testing(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    w, losses = np.zeros(np.shape(X)[1]), []
    for _ in range(max_steps):  # off by one: the loss at the last w is never recorded
        loss, g = _loss_and_gradient(w, X, y, alpha)
        losses.append(loss)
        if np.linalg.norm(g) <= tol:
            break
        w = w - lr * g
    return w, np.array(losses)


def descent_one_extra_step(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    w, losses = np.zeros(np.shape(X)[1]), []
    for _ in range(max_steps + 1):
        loss, g = _loss_and_gradient(w, X, y, alpha)
        losses.append(loss)
        w = w - lr * g  # steps, then tests
        if np.linalg.norm(g) <= tol:
            break
    return w, np.array(losses)


def descent_ascends(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    return _descend(X, y, -lr, alpha, tol, max_steps)


def descent_stops_on_loss_change(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    w, losses = np.zeros(np.shape(X)[1]), []
    for k in range(max_steps + 1):
        loss, g = _loss_and_gradient(w, X, y, alpha)
        losses.append(loss)
        if (k > 0 and abs(losses[-2] - loss) <= tol) or k == max_steps:
            break
        w = w - lr * g
    return w, np.array(losses)


def descent_ignores_alpha(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    return _descend(X, y, lr, 0.0, tol, max_steps)


# -- exercise 5: predict -----------------------------------------------------------


def predict_strict_threshold(w, X, threshold=0.5):
    if not 0 <= threshold <= 1:
        raise ValueError("threshold")
    p = _sigmoid(X @ w)
    return p, (p > threshold).astype(int)


def predict_thresholds_logits(w, X, threshold=0.5):
    if not 0 <= threshold <= 1:
        raise ValueError("threshold")
    z = X @ w
    return _sigmoid(z), (z >= threshold).astype(int)


def predict_boolean_labels(w, X, threshold=0.5):
    if not 0 <= threshold <= 1:
        raise ValueError("threshold")
    p = _sigmoid(X @ w)
    return p, p >= threshold


def predict_ignores_bad_threshold(w, X, threshold=0.5):
    p = _sigmoid(X @ w)
    return p, (p >= threshold).astype(int)


def predict_naive_sigmoid(w, X, threshold=0.5):
    if not 0 <= threshold <= 1:
        raise ValueError("threshold")
    p = 1 / (1 + np.exp(-(X @ w)))
    return p, (p >= threshold).astype(int)


# -- exercise 6: classification_metrics ---------------------------------------------


def metrics_swapped(y_true, y_pred):
    accuracy, precision, recall = _metrics(y_true, y_pred)
    return accuracy, recall, precision


def metrics_nan_on_zero_division(y_true, y_pred):
    actual, said = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    if actual.shape != said.shape or actual.size == 0:
        raise ValueError("shapes")
    tp = np.sum(actual & said)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.mean(actual == said)), float(tp / said.sum()), float(tp / actual.sum())


def metrics_with_a_loop(y_true, y_pred):
    if len(y_true) != len(y_pred) or len(y_true) == 0:
        raise ValueError("shapes")
    tp = sum(1 for a, b in zip(y_true, y_pred) if a == 1 and b == 1)
    said, actual = sum(y_pred == 1), sum(y_true == 1)
    return float(np.mean(y_true == y_pred)), tp / said if said else 0.0, tp / actual if actual else 0.0


def metrics_accuracy_of_positives(y_true, y_pred):
    _, precision, recall = _metrics(y_true, y_pred)
    return recall, precision, recall  # "accuracy" as the fraction of positives found


def metrics_broadcast(y_true, y_pred):
    actual, said = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp = np.sum(actual & said)
    return float(np.mean(actual == said)), float(tp / said.sum()) if said.any() else 0.0, float(tp / actual.sum()) if actual.any() else 0.0


# -- exercise 7: calibration_table --------------------------------------------------


def _table(index, p, y, n_bins):
    counts = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (
            np.linspace(0, 1, n_bins + 1),
            counts,
            np.bincount(index, weights=p, minlength=n_bins) / counts,
            np.bincount(index, weights=y, minlength=n_bins) / counts,
        )


def _validated(p, y, n_bins):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if n_bins < 1 or np.any((p < 0) | (p > 1)):
        raise ValueError("bad input")
    return p, y


def calibration_right_closed(p, y, n_bins=10):
    p, y = _validated(p, y, n_bins)
    index = np.maximum(np.ceil(p * n_bins).astype(int) - 1, 0)  # bins (a, b]: 0.75 lands in the wrong bin
    return _table(index, p, y, n_bins)


def calibration_empty_as_zero(p, y, n_bins=10):
    p, y = _validated(p, y, n_bins)
    edges, counts, mean_predicted, observed = _table(np.minimum((p * n_bins).astype(int), n_bins - 1), p, y, n_bins)
    return edges, counts, np.nan_to_num(mean_predicted), np.nan_to_num(observed)


def calibration_one_bin_short(p, y, n_bins=10):
    p, y = _validated(p, y, n_bins)
    index = np.minimum((p * (n_bins - 1)).astype(int), n_bins - 1)  # off by one in the width
    return _table(index, p, y, n_bins)


def calibration_with_histogram(p, y, n_bins=10):
    p, y = _validated(p, y, n_bins)
    counts, edges = np.histogram(p, bins=n_bins, range=(0, 1))
    sums, _ = np.histogram(p, bins=n_bins, range=(0, 1), weights=p)
    hits, _ = np.histogram(p, bins=n_bins, range=(0, 1), weights=y)
    with np.errstate(invalid="ignore", divide="ignore"):
        return edges, counts, sums / counts, hits / counts


def calibration_no_validation(p, y, n_bins=10):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    index = np.clip((p * n_bins).astype(int), 0, max(n_bins - 1, 0))
    return _table(index, p, y, max(n_bins, 1))


def calibration_float_counts(p, y, n_bins=10):
    p, y = _validated(p, y, n_bins)
    edges, counts, mean_predicted, observed = _table(np.minimum((p * n_bins).astype(int), n_bins - 1), p, y, n_bins)
    return edges, counts.astype(float), mean_predicted, observed


# -- exercise 8: fit_and_evaluate ---------------------------------------------------


def _fit(mean, std, X_train, y_train, X_test, y_test, lr, alpha, max_steps, test_mean=None, test_std=None):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if np.any(std == 0):
        raise ValueError("constant feature")
    test_mean = mean if test_mean is None else test_mean
    test_std = std if test_std is None else test_std
    A_train = np.column_stack([np.ones(len(X_train)), (X_train - mean) / std])
    A_test = np.column_stack([np.ones(len(X_test)), (X_test - test_mean) / test_std])
    w, _ = _descend(A_train, y_train, lr, alpha, 1e-6, max_steps)
    accuracy, _, _ = _metrics(y_test, (_sigmoid(A_test @ w) >= 0.5).astype(int))
    return mean, std, w, accuracy


def pipeline_statistics_from_all_data(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    both = np.vstack([X_train, X_test])  # leaks the test set into the scaling
    return _fit(both.mean(axis=0), both.std(axis=0), X_train, y_train, X_test, y_test, lr, alpha, max_steps)


def pipeline_test_scaled_by_itself(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0)
    return _fit(mean, std, X_train, y_train, X_test, y_test, lr, alpha, max_steps, np.mean(X_test, axis=0), np.std(X_test, axis=0))


def pipeline_statistics_per_row(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    mean, std = np.mean(X_train, axis=1).mean(), np.std(X_train)  # wrong axis: one number for everything
    mean, std = np.full(X_train.shape[1], mean), np.full(X_train.shape[1], std)
    return _fit(mean, std, X_train, y_train, X_test, y_test, lr, alpha, max_steps)


def pipeline_sample_std(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0, ddof=1)
    return _fit(mean, std, X_train, y_train, X_test, y_test, lr, alpha, max_steps)


def pipeline_no_intercept(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    if np.any(std == 0):
        raise ValueError("constant feature")
    w, _ = _descend((X_train - mean) / std, y_train, lr, alpha, 1e-6, max_steps)
    accuracy, _, _ = _metrics(y_test, (_sigmoid((X_test - mean) / std @ w) >= 0.5).astype(int))
    return mean, std, np.concatenate([[0.0], w]), accuracy


def pipeline_scores_training_set(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    mean, std = np.mean(X_train, axis=0), np.std(X_train, axis=0)
    return _fit(mean, std, X_train, y_train, X_train, y_train, lr, alpha, max_steps)  # the training accuracy


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_sigmoid, sigmoid_naive),
    (check_sigmoid, sigmoid_both_branches),
    (check_sigmoid, sigmoid_clipped),
    (check_sigmoid, sigmoid_via_tanh),
    (check_sigmoid, sigmoid_wrong_sign),
    (check_binary_cross_entropy, bce_through_probabilities),
    (check_binary_cross_entropy, bce_logaddexp_minus_yz),
    (check_binary_cross_entropy, bce_sum_not_mean),
    (check_binary_cross_entropy, bce_swapped_labels),
    (check_binary_cross_entropy, bce_no_shape_check),
    (check_loss_and_gradient, gradient_without_mean),
    (check_loss_and_gradient, gradient_wrong_sign),
    (check_loss_and_gradient, gradient_forgets_penalty),
    (check_loss_and_gradient, loss_forgets_half),
    (check_loss_and_gradient, gradient_mean_over_features),
    (check_loss_and_gradient, loss_and_gradient_broadcasts),
    (check_gradient_descent, descent_steps_before_testing),
    (check_gradient_descent, descent_one_extra_step),
    (check_gradient_descent, descent_ascends),
    (check_gradient_descent, descent_stops_on_loss_change),
    (check_gradient_descent, descent_ignores_alpha),
    (check_predict, predict_strict_threshold),
    (check_predict, predict_thresholds_logits),
    (check_predict, predict_boolean_labels),
    (check_predict, predict_ignores_bad_threshold),
    (check_predict, predict_naive_sigmoid),
    (check_classification_metrics, metrics_swapped),
    (check_classification_metrics, metrics_nan_on_zero_division),
    (check_classification_metrics, metrics_with_a_loop),
    (check_classification_metrics, metrics_accuracy_of_positives),
    (check_classification_metrics, metrics_broadcast),
    (check_calibration_table, calibration_right_closed),
    (check_calibration_table, calibration_empty_as_zero),
    (check_calibration_table, calibration_one_bin_short),
    (check_calibration_table, calibration_with_histogram),
    (check_calibration_table, calibration_no_validation),
    (check_calibration_table, calibration_float_counts),
    (check_fit_and_evaluate, pipeline_statistics_from_all_data),
    (check_fit_and_evaluate, pipeline_test_scaled_by_itself),
    (check_fit_and_evaluate, pipeline_statistics_per_row),
    (check_fit_and_evaluate, pipeline_sample_std),
    (check_fit_and_evaluate, pipeline_no_intercept),
    (check_fit_and_evaluate, pipeline_scores_training_set),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
