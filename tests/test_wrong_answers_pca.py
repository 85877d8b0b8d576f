"""Learner-like wrong answers to the applications/02-pca exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.applications.pca import (
    check_centre,
    check_choose_k,
    check_patch_pca_error,
    check_principal_components,
    check_project,
    check_reconstruct,
    check_reconstruction_errors,
    check_whiten,
)

# -- correct pieces the wrong answers are built from ------------------------


def _centre(X):
    X = np.asarray(X, dtype=float)
    return X - X.mean(axis=0), X.mean(axis=0)


def _components(X):
    centred, _ = _centre(X)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    signs = np.sign(Vt[np.arange(Vt.shape[0]), np.argmax(np.abs(Vt), axis=1)])
    return Vt * signs[:, None], s**2 / (centred.shape[0] - 1)


def _patches(image, size, swap=True):
    image = np.asarray(image, dtype=float)
    a, b = image.shape[0] // size, image.shape[1] // size
    blocks = image[: a * size, : b * size].reshape(a, size, b, size)
    if swap:
        blocks = blocks.swapaxes(1, 2)
    return blocks.reshape(a * b, size * size)


# -- centre ------------------------------------------------------------------


def centre_row_means(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=1)
    return X - mean[:, None], mean


def centre_in_place(X):
    X = np.asarray(X)
    X = X if X.dtype.kind == "f" else X.astype(float)
    mean = X.mean(axis=0)
    X -= mean
    return X, mean


def centre_integer_division(X):
    X = np.asarray(X)
    mean = X.sum(axis=0) // X.shape[0]
    return X - mean, mean


def centre_returns_median(X):
    X = np.asarray(X, dtype=float)
    mean = np.median(X, axis=0)
    return X - mean, mean


# -- principal_components ------------------------------------------------------


def components_no_centring(X):
    X = np.asarray(X, dtype=float)
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    signs = np.sign(Vt[np.arange(Vt.shape[0]), np.argmax(np.abs(Vt), axis=1)])
    return Vt * signs[:, None], s**2 / (X.shape[0] - 1)


def components_no_sign_fix(X):
    centred, _ = _centre(X)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    return Vt, s**2 / (centred.shape[0] - 1)


def components_sign_of_first_entry(X):
    centred, _ = _centre(X)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    return Vt * np.sign(Vt[:, :1]), s**2 / (centred.shape[0] - 1)


def components_columns_of_U(X):
    centred, _ = _centre(X)
    U, s, Vt = np.linalg.svd(centred, full_matrices=False)
    return _components(X)[0].T[: Vt.shape[0]] if centred.shape[0] == centred.shape[1] else U.T, s**2 / (centred.shape[0] - 1)


def components_divide_by_n(X):
    components, variance = _components(X)
    n = np.shape(X)[0]
    return components, variance * (n - 1) / n


def components_singular_values(X):
    components, variance = _components(X)
    return components, np.sqrt(variance * (np.shape(X)[0] - 1))


def components_with_eigh(X):
    centred, _ = _centre(X)
    values, vectors = np.linalg.eigh(np.atleast_2d(np.cov(centred, rowvar=False)))
    Vt = vectors[:, ::-1].T
    signs = np.sign(Vt[np.arange(Vt.shape[0]), np.argmax(np.abs(Vt), axis=1)])
    r = min(centred.shape)
    return (Vt * signs[:, None])[:r], values[::-1][:r]


def components_always_float64(X):
    components, variance = _components(X)
    return components.astype(np.float64), variance.astype(np.float64)


# -- project -------------------------------------------------------------------


def project_own_mean(X, mean, components, k):
    X = np.asarray(X, dtype=float)
    if not 0 <= k <= components.shape[0]:
        raise ValueError
    return (X - X.mean(axis=0)) @ components[:k].T


def project_no_centring(X, mean, components, k):
    if not 0 <= k <= components.shape[0]:
        raise ValueError
    return np.asarray(X, dtype=float) @ components[:k].T


def project_off_by_one(X, mean, components, k):
    if not 0 <= k <= components.shape[0]:
        raise ValueError
    return (np.asarray(X, dtype=float) - mean) @ components[: k + 1].T[:, 1:]


def project_columns(X, mean, components, k):
    if not 0 <= k <= components.shape[0]:
        raise ValueError
    return (np.asarray(X, dtype=float) - mean) @ components[:, :k]


def project_no_range_check(X, mean, components, k):
    return (np.asarray(X, dtype=float) - mean) @ components[: max(k, 0)].T


# -- reconstruct ---------------------------------------------------------------


def reconstruct_no_mean(scores, mean, components):
    scores = np.asarray(scores, dtype=float)
    if scores.shape[1] > components.shape[0]:
        raise ValueError
    return scores @ components[: scores.shape[1]]


def reconstruct_subtracts_mean(scores, mean, components):
    scores = np.asarray(scores, dtype=float)
    if scores.shape[1] > components.shape[0]:
        raise ValueError
    return scores @ components[: scores.shape[1]] - mean


def reconstruct_last_components(scores, mean, components):
    scores = np.asarray(scores, dtype=float)
    k = scores.shape[1]
    if k > components.shape[0]:
        raise ValueError
    return scores @ components[components.shape[0] - k :] + mean


def reconstruct_transposed(scores, mean, components):
    scores = np.asarray(scores, dtype=float)
    k = scores.shape[1]
    if k > components.shape[0]:
        raise ValueError
    return scores @ components.T[:k] + mean


# -- choose_k --------------------------------------------------------------------


def _validate(variance, fraction):
    if not 0 < fraction <= 1:
        raise ValueError
    variance = np.asarray(variance, dtype=float)
    if variance.sum() <= 0:
        raise ValueError
    return variance


def choose_k_strict(variance, fraction):
    variance = _validate(variance, fraction)
    cumulative = np.cumsum(variance) / np.cumsum(variance)[-1]
    return variance / variance.sum(), int(np.searchsorted(cumulative, fraction, side="right")) + 1


def choose_k_index(variance, fraction):
    variance = _validate(variance, fraction)
    cumulative = np.cumsum(variance) / np.cumsum(variance)[-1]
    return variance / variance.sum(), int(np.searchsorted(cumulative, fraction))


def choose_k_cumulative_ratio(variance, fraction):
    variance = _validate(variance, fraction)
    cumulative = np.cumsum(variance) / np.cumsum(variance)[-1]
    return cumulative, int(np.searchsorted(cumulative, fraction)) + 1


def choose_k_divides_by_sum(variance, fraction):
    variance = _validate(variance, fraction)
    cumulative = np.cumsum(variance) / np.sum(variance)
    return variance / variance.sum(), int(np.searchsorted(cumulative, fraction)) + 1


def choose_k_no_validation(variance, fraction):
    variance = np.asarray(variance, dtype=float)
    with np.errstate(all="ignore"):
        cumulative = np.cumsum(variance) / np.cumsum(variance)[-1]
        return variance / variance.sum(), int(np.searchsorted(cumulative, fraction)) + 1


# -- reconstruction_errors ------------------------------------------------------------


def _errors(X, shift=0, root=False, centred_data=True):
    centred, mean = _centre(X)
    components, variance = _components(X)
    data = centred if centred_data else np.asarray(X, dtype=float)
    r = components.shape[0]
    measured = np.array([np.sum((data - data @ components[:k].T @ components[:k]) ** 2) for k in range(r + 1)])
    squared = variance * (centred.shape[0] - 1)
    formula = np.concatenate([np.cumsum(squared[::-1])[::-1], [0.0]])
    formula = np.concatenate([formula[shift:], np.zeros(shift)])
    if root:
        measured, formula = np.sqrt(measured), np.sqrt(formula)
    return measured, formula


def errors_off_by_one(X):
    return _errors(X, shift=1)


def errors_not_squared(X):
    return _errors(X, root=True)


def errors_without_centring(X):
    return _errors(X, centred_data=False)


def errors_singular_values_not_squared(X):
    measured, _ = _errors(X)
    _, variance = _components(X)
    s = np.sqrt(variance * (np.shape(X)[0] - 1))
    return measured, np.concatenate([np.cumsum(s[::-1])[::-1], [0.0]])


# -- whiten ------------------------------------------------------------------------


def _whiten(X, k, divide):
    components, variance = _components(X)
    if not 1 <= k <= components.shape[0] or not variance[k - 1] > 1e-12 * variance[0]:
        raise ValueError
    centred, _ = _centre(X)
    return centred @ components[:k].T / divide(variance[:k], centred.shape[0])


def whiten_by_singular_values(X, k):
    return _whiten(X, k, lambda v, n: np.sqrt(v * (n - 1)))


def whiten_by_variance(X, k):
    return _whiten(X, k, lambda v, n: v)


def whiten_population_std(X, k):
    return _whiten(X, k, lambda v, n: np.sqrt(v * (n - 1) / n))


def whiten_no_zero_check(X, k):
    components, variance = _components(X)
    if not 1 <= k <= components.shape[0]:
        raise ValueError
    centred, _ = _centre(X)
    with np.errstate(all="ignore"):
        return centred @ components[:k].T / np.sqrt(variance[:k])


def whiten_no_centring(X, k):
    components, variance = _components(X)
    if not 1 <= k <= components.shape[0] or not variance[k - 1] > 1e-12 * variance[0]:
        raise ValueError
    return np.asarray(X, dtype=float) @ components[:k].T / np.sqrt(variance[:k])


# -- patch_pca_error ---------------------------------------------------------------


def _pipeline(train_image, test_image, size, k, swap=True, test_mean=False, fit_on_test=False, offset=0):
    if not 1 <= k <= size * size:
        raise ValueError
    train, test = _patches(train_image, size, swap), _patches(test_image, size, swap)
    fit = test if fit_on_test else train
    components, _ = _components(fit)
    mean = test.mean(axis=0) if test_mean else fit.mean(axis=0)
    kept = components[: k + offset]
    approximation = (test - mean) @ kept.T @ kept + mean
    return float(np.sqrt(np.mean((test - approximation) ** 2)))


def pipeline_strips_not_patches(train_image, test_image, size, k):
    return _pipeline(train_image, test_image, size, k, swap=False)


def pipeline_test_mean(train_image, test_image, size, k):
    return _pipeline(train_image, test_image, size, k, test_mean=True)


def pipeline_fits_on_test(train_image, test_image, size, k):
    return _pipeline(train_image, test_image, size, k, fit_on_test=True)


def pipeline_off_by_one(train_image, test_image, size, k):
    return _pipeline(train_image, test_image, size, k, offset=1)


def pipeline_with_loop(train_image, test_image, size, k):
    if not 1 <= k <= size * size:
        raise ValueError

    def patches(image):
        image = np.asarray(image, dtype=float)
        a, b = image.shape[0] // size, image.shape[1] // size
        return np.array([image[i * size : (i + 1) * size, j * size : (j + 1) * size].ravel() for i in range(a) for j in range(b)])

    train, test = patches(train_image), patches(test_image)
    components, _ = _components(train)
    mean = train.mean(axis=0)
    kept = components[:k]
    return float(np.sqrt(np.mean((test - ((test - mean) @ kept.T @ kept + mean)) ** 2)))


def pipeline_sum_not_mean(train_image, test_image, size, k):
    return _pipeline(train_image, test_image, size, k) * np.sqrt(size * size)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_centre, centre_row_means),
    (check_centre, centre_in_place),
    (check_centre, centre_integer_division),
    (check_centre, centre_returns_median),
    (check_principal_components, components_no_centring),
    (check_principal_components, components_no_sign_fix),
    (check_principal_components, components_sign_of_first_entry),
    (check_principal_components, components_columns_of_U),
    (check_principal_components, components_divide_by_n),
    (check_principal_components, components_singular_values),
    (check_principal_components, components_with_eigh),
    (check_principal_components, components_always_float64),
    (check_project, project_own_mean),
    (check_project, project_no_centring),
    (check_project, project_off_by_one),
    (check_project, project_columns),
    (check_project, project_no_range_check),
    (check_reconstruct, reconstruct_no_mean),
    (check_reconstruct, reconstruct_subtracts_mean),
    (check_reconstruct, reconstruct_last_components),
    (check_reconstruct, reconstruct_transposed),
    (check_choose_k, choose_k_strict),
    (check_choose_k, choose_k_index),
    (check_choose_k, choose_k_cumulative_ratio),
    (check_choose_k, choose_k_divides_by_sum),
    (check_choose_k, choose_k_no_validation),
    (check_reconstruction_errors, errors_off_by_one),
    (check_reconstruction_errors, errors_not_squared),
    (check_reconstruction_errors, errors_without_centring),
    (check_reconstruction_errors, errors_singular_values_not_squared),
    (check_whiten, whiten_by_singular_values),
    (check_whiten, whiten_by_variance),
    (check_whiten, whiten_population_std),
    (check_whiten, whiten_no_zero_check),
    (check_whiten, whiten_no_centring),
    (check_patch_pca_error, pipeline_strips_not_patches),
    (check_patch_pca_error, pipeline_test_mean),
    (check_patch_pca_error, pipeline_fits_on_test),
    (check_patch_pca_error, pipeline_off_by_one),
    (check_patch_pca_error, pipeline_with_loop),
    (check_patch_pca_error, pipeline_sum_not_mean),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
