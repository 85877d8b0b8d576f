"""Learner-like wrong answers to the applications/05-naive-bayes exercises: every check must reject each of them."""

import re

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.naive_bayes import (
    check_build_vocabulary,
    check_confusion_matrix,
    check_count_matrix,
    check_evaluate_pipeline,
    check_fit_naive_bayes,
    check_log_posteriors,
    check_precision_recall_f1,
)


def _tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


# -- build_vocabulary ---------------------------------------------------------------------------


def vocabulary_without_lowercasing(texts):
    tokens = {t for text in texts for t in re.findall(r"[A-Za-z0-9]+", text)}
    return {t: j for j, t in enumerate(sorted(tokens))}


def vocabulary_split_on_spaces(texts):
    tokens = {t for text in texts for t in text.lower().split()}  # keeps "please!" and "invoice,"
    return {t: j for j, t in enumerate(sorted(tokens))}


def vocabulary_in_first_seen_order(texts):
    vocabulary = {}
    for text in texts:
        for t in _tokens(text):
            vocabulary.setdefault(t, len(vocabulary))
    return vocabulary


def vocabulary_counting_from_one(texts):
    tokens = {t for text in texts for t in _tokens(text)}
    return {t: j + 1 for j, t in enumerate(sorted(tokens))}


def vocabulary_as_sorted_list(texts):
    return sorted({t for text in texts for t in _tokens(text)})


# -- count_matrix -------------------------------------------------------------------------------


def counts_presence_only(texts, vocabulary):
    X = np.zeros((len(texts), len(vocabulary)), dtype=np.int64)
    for i, text in enumerate(texts):
        for t in _tokens(text):
            if t in vocabulary:
                X[i, vocabulary[t]] = 1
    return X


def counts_unknown_words_raise(texts, vocabulary):
    X = np.zeros((len(texts), len(vocabulary)), dtype=np.int64)
    for i, text in enumerate(texts):
        for t in _tokens(text):
            X[i, vocabulary[t]] += 1  # KeyError on a word the training texts never used
    return X


def counts_as_floats(texts, vocabulary):
    X = np.zeros((len(texts), len(vocabulary)))
    for i, text in enumerate(texts):
        for t in _tokens(text):
            if t in vocabulary:
                X[i, vocabulary[t]] += 1
    return X


def counts_in_dict_order(texts, vocabulary):
    columns = {t: j for j, t in enumerate(vocabulary)}  # ignores the indices the vocabulary gives
    X = np.zeros((len(texts), len(vocabulary)), dtype=np.int64)
    for i, text in enumerate(texts):
        for t in _tokens(text):
            if t in columns:
                X[i, columns[t]] += 1
    return X


# -- fit_naive_bayes ----------------------------------------------------------------------------


def _class_counts(X, y, n_classes):
    return np.eye(n_classes)[np.asarray(y)].T @ np.asarray(X, dtype=float)


def fit_alpha_once_in_denominator(X, y, n_classes, alpha):
    if alpha < 0:
        raise ValueError
    N = _class_counts(X, y, n_classes) + alpha
    with np.errstate(divide="ignore"):
        return np.log(np.bincount(y, minlength=n_classes) / len(y)), np.log(N) - np.log(
            N.sum(axis=1, keepdims=True) - alpha * (N.shape[1] - 1)
        )


def fit_normalised_over_classes(X, y, n_classes, alpha):
    if alpha < 0:
        raise ValueError
    N = _class_counts(X, y, n_classes) + alpha
    with np.errstate(divide="ignore"):
        return np.log(np.bincount(y, minlength=n_classes) / len(y)), np.log(N / N.sum(axis=0, keepdims=True))


def fit_uniform_priors(X, y, n_classes, alpha):
    if alpha < 0:
        raise ValueError
    N = _class_counts(X, y, n_classes) + alpha
    with np.errstate(divide="ignore"):
        return np.full(n_classes, -np.log(n_classes)), np.log(N / N.sum(axis=1, keepdims=True))


def fit_accepts_negative_alpha(X, y, n_classes, alpha):
    N = _class_counts(X, y, n_classes) + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.bincount(y, minlength=n_classes) / len(y)), np.log(N / N.sum(axis=1, keepdims=True))


def fit_priors_from_word_counts(X, y, n_classes, alpha):
    if alpha < 0:
        raise ValueError
    N = _class_counts(X, y, n_classes)
    smoothed = N + alpha
    with np.errstate(divide="ignore"):
        return np.log(N.sum(axis=1) / N.sum()), np.log(smoothed / smoothed.sum(axis=1, keepdims=True))


# -- log_posteriors -----------------------------------------------------------------------------


def posteriors_unnormalised(X, log_priors, log_likelihoods):
    return np.asarray(X, dtype=float) @ log_likelihoods.T + log_priors


def posteriors_naive_exp(X, log_priors, log_likelihoods):
    joint = np.asarray(X, dtype=float) @ log_likelihoods.T + log_priors
    with np.errstate(divide="ignore", invalid="ignore"):
        return joint - np.log(np.sum(np.exp(joint), axis=1, keepdims=True))


def posteriors_with_a_loop(X, log_priors, log_likelihoods):
    rows = [np.asarray(x, dtype=float) @ log_likelihoods.T + log_priors for x in X]
    joint = np.array(rows).reshape(len(rows), len(log_priors))
    top = joint.max(axis=1, keepdims=True) if len(rows) else joint
    return joint - top - np.log(np.sum(np.exp(joint - top), axis=1, keepdims=True))


def posteriors_without_prior(X, log_priors, log_likelihoods):
    joint = np.asarray(X, dtype=float) @ log_likelihoods.T + 0 * log_priors
    if joint.shape[0] == 0:
        return joint
    top = joint.max(axis=1, keepdims=True)
    return joint - top - np.log(np.sum(np.exp(joint - top), axis=1, keepdims=True))


def posteriors_with_logaddexp(X, log_priors, log_likelihoods):
    joint = np.asarray(X, dtype=float) @ log_likelihoods.T + log_priors
    return joint - np.logaddexp.reduce(joint, axis=1, keepdims=True)


# -- confusion_matrix ---------------------------------------------------------------------------


def confusion_transposed(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or (
        y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= n_classes)
    ):
        raise ValueError
    return np.bincount(n_classes * y_pred + y_true, minlength=n_classes**2).reshape(n_classes, n_classes)


def confusion_with_a_loop(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or (
        y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= n_classes)
    ):
        raise ValueError
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def confusion_sized_by_labels_seen(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError
    k = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    return np.bincount(k * y_true + y_pred, minlength=k * k).reshape(k, k)


def confusion_without_range_check(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return np.bincount(n_classes * y_true + y_pred, minlength=n_classes**2)[: n_classes**2].reshape(n_classes, n_classes)


# -- precision_recall_f1 ------------------------------------------------------------------------


def _safe(a, b):
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


def prf_axes_swapped(confusion):
    C = np.asarray(confusion, dtype=float)
    tp = np.diag(C)
    p, r = _safe(tp, C.sum(axis=1)), _safe(tp, C.sum(axis=0))
    return p, r, _safe(2 * p * r, p + r)


def prf_nan_on_zero_division(confusion):
    C = np.asarray(confusion, dtype=float)
    tp = np.diag(C)
    with np.errstate(invalid="ignore", divide="ignore"):
        p, r = tp / C.sum(axis=0), tp / C.sum(axis=1)
        return p, r, 2 * p * r / (p + r)


def prf_arithmetic_mean(confusion):
    C = np.asarray(confusion, dtype=float)
    tp = np.diag(C)
    p, r = _safe(tp, C.sum(axis=0)), _safe(tp, C.sum(axis=1))
    return p, r, (p + r) / 2


def prf_precision_over_everything(confusion):
    C = np.asarray(confusion, dtype=float)
    tp = np.diag(C)
    p, r = _safe(tp, np.full_like(tp, C.sum())), _safe(tp, C.sum(axis=1))
    return p, r, _safe(2 * p * r, p + r)


# -- evaluate_pipeline --------------------------------------------------------------------------


def _vocabulary(texts):
    return {t: j for j, t in enumerate(sorted({t for text in texts for t in _tokens(text)}))}


def _counts(texts, vocabulary):
    X = np.zeros((len(texts), len(vocabulary)), dtype=np.int64)
    for i, text in enumerate(texts):
        for t in _tokens(text):
            if t in vocabulary:
                X[i, vocabulary[t]] += 1
    return X


def _run(vocabulary, fit_texts, fit_labels, eval_texts, eval_labels, n_classes, alpha, macro=np.mean):
    N = np.eye(n_classes)[np.asarray(fit_labels)].T @ _counts(fit_texts, vocabulary) + alpha
    log_priors = np.log(np.bincount(fit_labels, minlength=n_classes) / len(fit_labels))
    joint = _counts(eval_texts, vocabulary) @ np.log(N / N.sum(axis=1, keepdims=True)).T + log_priors
    predicted = joint.argmax(axis=1)
    C = np.bincount(n_classes * np.asarray(eval_labels) + predicted, minlength=n_classes**2).reshape(n_classes, n_classes)
    tp = np.diag(C).astype(float)
    p, r = _safe(tp, C.sum(axis=0).astype(float)), _safe(tp, C.sum(axis=1).astype(float))
    f1 = _safe(2 * p * r, p + r)
    return {
        "vocabulary_size": len(vocabulary),
        "accuracy": float(np.mean(predicted == eval_labels)),
        "macro_f1": float(macro(f1) if macro is np.mean else macro(f1, C)),
    }


def pipeline_vocabulary_from_all_texts(train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
    return _run(_vocabulary(train_texts + test_texts), train_texts, train_labels, test_texts, test_labels, n_classes, alpha)


def pipeline_scored_on_training_texts(train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
    return _run(_vocabulary(train_texts), train_texts, train_labels, train_texts, train_labels, n_classes, alpha)


def pipeline_support_weighted_f1(train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
    def weighted(f1, C):
        return np.sum(f1 * C.sum(axis=1)) / C.sum()

    return _run(_vocabulary(train_texts), train_texts, train_labels, test_texts, test_labels, n_classes, alpha, macro=weighted)


def pipeline_ignores_alpha(train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
    return _run(_vocabulary(train_texts), train_texts, train_labels, test_texts, test_labels, n_classes, 1.0)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_build_vocabulary, vocabulary_without_lowercasing),
    (check_build_vocabulary, vocabulary_split_on_spaces),
    (check_build_vocabulary, vocabulary_in_first_seen_order),
    (check_build_vocabulary, vocabulary_counting_from_one),
    (check_build_vocabulary, vocabulary_as_sorted_list),
    (check_count_matrix, counts_presence_only),
    (check_count_matrix, counts_unknown_words_raise),
    (check_count_matrix, counts_as_floats),
    (check_count_matrix, counts_in_dict_order),
    (check_fit_naive_bayes, fit_alpha_once_in_denominator),
    (check_fit_naive_bayes, fit_normalised_over_classes),
    (check_fit_naive_bayes, fit_uniform_priors),
    (check_fit_naive_bayes, fit_accepts_negative_alpha),
    (check_fit_naive_bayes, fit_priors_from_word_counts),
    (check_log_posteriors, posteriors_unnormalised),
    (check_log_posteriors, posteriors_naive_exp),
    (check_log_posteriors, posteriors_with_a_loop),
    (check_log_posteriors, posteriors_without_prior),
    (check_log_posteriors, posteriors_with_logaddexp),
    (check_confusion_matrix, confusion_transposed),
    (check_confusion_matrix, confusion_with_a_loop),
    (check_confusion_matrix, confusion_sized_by_labels_seen),
    (check_confusion_matrix, confusion_without_range_check),
    (check_precision_recall_f1, prf_axes_swapped),
    (check_precision_recall_f1, prf_nan_on_zero_division),
    (check_precision_recall_f1, prf_arithmetic_mean),
    (check_precision_recall_f1, prf_precision_over_everything),
    (check_evaluate_pipeline, pipeline_vocabulary_from_all_texts),
    (check_evaluate_pipeline, pipeline_scored_on_training_texts),
    (check_evaluate_pipeline, pipeline_support_weighted_f1),
    (check_evaluate_pipeline, pipeline_ignores_alpha),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
