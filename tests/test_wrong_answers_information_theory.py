"""Learner-like wrong answers to the probability/07-information-theory exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability import information_theory as checks

# -- correct helpers that some wrong answers build on (as a learner's earlier exercises would) --


def _validate(*distributions):
    shapes = {np.shape(r) for r in distributions}
    if len(shapes) != 1:
        raise ValueError("shapes differ")
    for r in distributions:
        if np.any(r < 0) or not np.allclose(np.sum(r, axis=-1), 1.0, rtol=0, atol=1e-9):
            raise ValueError("not a distribution")


def kl_divergence(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    return float(np.sum(p[support] * (np.log(p[support]) - np.log(q[support]))))


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


# -- entropy ----------------------------------------------------------------------------------


def entropy_with_where(p, base=np.e):
    """np.where computes p * log(p) everywhere first: log(0) warns."""
    p = np.asarray(p, dtype=float)
    _validate(p)
    h = -np.sum(np.where(p > 0, p * np.log(p), 0.0), axis=-1) / np.log(base)
    return float(h) if p.ndim == 1 else h


def entropy_with_epsilon(p, base=np.e):
    """Adds an epsilon inside the log to dodge log(0)."""
    p = np.asarray(p, dtype=float)
    _validate(p)
    h = -np.sum(p * np.log(p + 1e-12), axis=-1) / np.log(base)
    return float(h) if p.ndim == 1 else h


def entropy_wrong_axis(p, base=np.e):
    """Sums down the columns of a 2-D input instead of along each row."""
    p = np.asarray(p, dtype=float)
    _validate(p)
    terms = np.zeros_like(p)
    terms[p > 0] = p[p > 0] * np.log(p[p > 0])
    h = -np.sum(terms, axis=0) / np.log(base)
    return float(h) if p.ndim == 1 else h


def entropy_ignores_base(p, base=np.e):
    """Always answers in nats."""
    p = np.asarray(p, dtype=float)
    _validate(p)
    terms = np.zeros_like(p)
    terms[p > 0] = p[p > 0] * np.log(p[p > 0])
    h = -np.sum(terms, axis=-1)
    return float(h) if p.ndim == 1 else h


def entropy_no_validation(p, base=np.e):
    """Right values, but accepts anything."""
    p = np.asarray(p, dtype=float)
    terms = np.zeros_like(p)
    terms[p > 0] = p[p > 0] * np.log(p[p > 0])
    h = -np.sum(terms, axis=-1) / np.log(base)
    return float(h) if p.ndim == 1 else h


# -- cross_entropy ----------------------------------------------------------------------------


def cross_entropy_swapped(p, q):
    """H(q, p) instead of H(p, q)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    support = q > 0
    if np.any(p[support] == 0):
        return float("inf")
    return float(-np.sum(q[support] * np.log(p[support])))


def cross_entropy_clipped(p, q):
    """Clips q away from 0: finite where the answer is inf, and wrong for tiny q."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    return float(-np.sum(p * np.log(np.clip(q, 1e-12, 1.0))))


def cross_entropy_silenced(p, q):
    """Silences the warnings, but 0 * log(0) is NaN."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log(q)))


def cross_entropy_no_validation(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    return float(-np.sum(p[support] * np.log(q[support])))


# -- kl_divergence ----------------------------------------------------------------------------


def kl_with_ratio(p, q):
    """log(p / q): the ratio overflows when q is tiny."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    with np.errstate(all="ignore"):
        return float(np.sum(p[support] * np.log(p[support] / q[support])))


def kl_swapped(p, q):
    return kl_divergence(q, p)


def kl_with_epsilon(p, q):
    """Adds an epsilon to both: never inf."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    return float(np.sum(p * (np.log(p + 1e-12) - np.log(q + 1e-12))))


def kl_ignores_zero_q(p, q):
    """Sums only where both are positive: drops the infinite terms."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    both = (p > 0) & (q > 0)
    return float(np.sum(p[both] * (np.log(p[both]) - np.log(q[both]))))


# -- gaussian_kl ------------------------------------------------------------------------------


def _as_arrays(mu0, cov0, mu1, cov1):
    return (
        np.atleast_1d(np.asarray(mu0, dtype=float)),
        np.atleast_2d(np.asarray(cov0, dtype=float)),
        np.atleast_1d(np.asarray(mu1, dtype=float)),
        np.atleast_2d(np.asarray(cov1, dtype=float)),
    )


def gaussian_kl_swapped_trace(mu0, cov0, mu1, cov1):
    """tr(cov0^-1 cov1) instead of tr(cov1^-1 cov0)."""
    mu0, cov0, mu1, cov1 = _as_arrays(mu0, cov0, mu1, cov1)
    diff = mu1 - mu0
    logdet = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return float(0.5 * (np.trace(np.linalg.solve(cov0, cov1)) + diff @ np.linalg.solve(cov1, diff) - len(mu0) + logdet))


def gaussian_kl_with_det(mu0, cov0, mu1, cov1):
    """log(det / det): the determinants underflow or overflow in high dimension."""
    mu0, cov0, mu1, cov1 = _as_arrays(mu0, cov0, mu1, cov1)
    diff = mu1 - mu0
    with np.errstate(all="ignore"):
        logdet = np.log(np.linalg.det(cov1) / np.linalg.det(cov0))
    return float(0.5 * (np.trace(np.linalg.solve(cov1, cov0)) + diff @ np.linalg.solve(cov1, diff) - len(mu0) + logdet))


def gaussian_kl_with_inv(mu0, cov0, mu1, cov1):
    """Right, but uses the forbidden np.linalg.inv."""
    mu0, cov0, mu1, cov1 = _as_arrays(mu0, cov0, mu1, cov1)
    inverse = np.linalg.inv(cov1)
    diff = mu1 - mu0
    logdet = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return float(0.5 * (np.trace(inverse @ cov0) + diff @ inverse @ diff - len(mu0) + logdet))


def gaussian_kl_mahalanobis_in_cov0(mu0, cov0, mu1, cov1):
    """Measures the mean difference with the wrong covariance."""
    mu0, cov0, mu1, cov1 = _as_arrays(mu0, cov0, mu1, cov1)
    diff = mu1 - mu0
    logdet = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return float(0.5 * (np.trace(np.linalg.solve(cov1, cov0)) + diff @ np.linalg.solve(cov0, diff) - len(mu0) + logdet))


def gaussian_kl_no_half(mu0, cov0, mu1, cov1):
    mu0, cov0, mu1, cov1 = _as_arrays(mu0, cov0, mu1, cov1)
    diff = mu1 - mu0
    logdet = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return float(np.trace(np.linalg.solve(cov1, cov0)) + diff @ np.linalg.solve(cov1, diff) - len(mu0) + logdet)


# -- mutual_information -----------------------------------------------------------------------


def _checked_joint(counts):
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2 or np.any(counts < 0) or counts.sum() == 0:
        raise ValueError("bad table")
    return counts / counts.sum()


def mi_marginals_swapped(counts):
    """Outer product of the column sums with the row sums: transposed for a non-square table."""
    joint = _checked_joint(counts)
    independent = np.outer(joint.sum(axis=0), joint.sum(axis=1))
    seen = joint > 0
    return float(np.sum(joint[seen] * (np.log(joint[seen]) - np.log(independent[seen]))))


def mi_with_where(counts):
    """np.where evaluates log(0) for the empty cells: warnings."""
    joint = _checked_joint(counts)
    independent = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    return float(np.sum(np.where(joint > 0, joint * np.log(joint / independent), 0.0)))


def mi_unnormalised(counts):
    """Forgets to divide the counts by their total."""
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2 or np.any(counts < 0) or counts.sum() == 0:
        raise ValueError("bad table")
    independent = np.outer(counts.sum(axis=1), counts.sum(axis=0))
    seen = counts > 0
    return float(np.sum(counts[seen] * (np.log(counts[seen]) - np.log(independent[seen]))))


def mi_in_bits(counts):
    joint = _checked_joint(counts)
    independent = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    seen = joint > 0
    return float(np.sum(joint[seen] * (np.log2(joint[seen]) - np.log2(independent[seen]))))


def mi_no_validation(counts):
    counts = np.asarray(counts, dtype=float)
    with np.errstate(all="ignore"):
        joint = counts / counts.sum()
        independent = np.outer(joint.sum(axis=-1), joint.sum(axis=0))
        seen = joint > 0
        return float(np.sum(joint[seen] * (np.log(joint[seen]) - np.log(independent[seen]))))


# -- perplexity -------------------------------------------------------------------------------


def _checked_probs(token_probs):
    token_probs = np.asarray(token_probs, dtype=float)
    if token_probs.size == 0 or np.any(token_probs < 0) or np.any(token_probs > 1):
        raise ValueError("bad probabilities")
    return token_probs


def perplexity_from_product(token_probs):
    """The product of many probabilities underflows to 0."""
    token_probs = _checked_probs(token_probs)
    with np.errstate(all="ignore"):
        return float(np.prod(token_probs) ** (-1 / token_probs.size))


def perplexity_n_minus_one(token_probs):
    token_probs = _checked_probs(token_probs)
    if np.any(token_probs == 0):
        return float("inf")
    return float(np.exp(-np.sum(np.log(token_probs)) / max(token_probs.size - 1, 1)))


def perplexity_base_mixup(token_probs):
    """2 ** (cross-entropy in nats): the base of the power must match the base of the log."""
    token_probs = _checked_probs(token_probs)
    if np.any(token_probs == 0):
        return float("inf")
    return float(2 ** (-np.mean(np.log(token_probs))))


def perplexity_zero_warns(token_probs):
    """Right values, but log(0) warns for a zero probability."""
    token_probs = _checked_probs(token_probs)
    return float(np.exp(-np.mean(np.log(token_probs))))


def perplexity_no_validation(token_probs):
    token_probs = np.asarray(token_probs, dtype=float)
    if token_probs.size == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        return float(np.exp(-np.mean(np.log(token_probs))))


# -- js_divergence ----------------------------------------------------------------------------


def js_symmetrised_kl(p, q):
    """The average of the two KLs: symmetric, but infinite for disjoint supports."""
    return 0.5 * kl_divergence(p, q) + 0.5 * kl_divergence(q, p)


def js_unhalved_mixture(p, q):
    """m = p + q, not (p + q) / 2."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    m = p + q
    total = 0.0
    for r in (p, q):
        support = r > 0
        total += 0.5 * np.sum(r[support] * (np.log(r[support]) - np.log(m[support])))
    return float(total)


def js_mixture_first(p, q):
    """KL(m || p) + KL(m || q): infinite when p and q have different supports."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    _validate(p, q)
    m = (p + q) / 2
    return 0.5 * kl_divergence(m, p) + 0.5 * kl_divergence(m, q)


def js_in_bits(p, q):
    m = (np.asarray(p, dtype=float) + np.asarray(q, dtype=float)) / 2
    return (0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)) / np.log(2)


# -- distillation_loss ------------------------------------------------------------------------


def _checked_logits(student, teacher, temperature):
    student, teacher = np.asarray(student, dtype=float), np.asarray(teacher, dtype=float)
    if student.shape != teacher.shape or temperature <= 0:
        raise ValueError("bad input")
    return student, teacher


def distillation_naive_softmax(student_logits, teacher_logits, temperature=1.0):
    """exp without subtracting the maximum: overflows for large logits."""
    student, teacher = _checked_logits(student_logits, teacher_logits, temperature)
    with np.errstate(all="ignore"):
        p = np.exp(teacher / temperature)
        p /= p.sum(axis=1, keepdims=True)
        q = np.exp(student / temperature)
        q /= q.sum(axis=1, keepdims=True)
        return float(np.mean(np.sum(p * (np.log(p) - np.log(q)), axis=1)))


def distillation_log_of_probabilities(student_logits, teacher_logits, temperature=1.0):
    """Stable softmax, then log of the probabilities: log(0) for a one-hot teacher."""
    student, teacher = _checked_logits(student_logits, teacher_logits, temperature)
    p, q = np.exp(log_softmax(teacher / temperature)), np.exp(log_softmax(student / temperature))
    return float(np.mean(np.sum(p * (np.log(p) - np.log(q)), axis=1)))


def distillation_temperature_on_student_only(student_logits, teacher_logits, temperature=1.0):
    student, teacher = _checked_logits(student_logits, teacher_logits, temperature)
    log_p, log_q = log_softmax(teacher), log_softmax(student / temperature)
    return float(np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=1)))


def distillation_reversed(student_logits, teacher_logits, temperature=1.0):
    """KL(student || teacher) instead of KL(teacher || student)."""
    student, teacher = _checked_logits(student_logits, teacher_logits, temperature)
    log_p, log_q = log_softmax(student / temperature), log_softmax(teacher / temperature)
    return float(np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=1)))


def distillation_summed(student_logits, teacher_logits, temperature=1.0):
    """Sums over the examples instead of averaging."""
    student, teacher = _checked_logits(student_logits, teacher_logits, temperature)
    log_p, log_q = log_softmax(teacher / temperature), log_softmax(student / temperature)
    return float(np.sum(np.exp(log_p) * (log_p - log_q)))


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (checks.check_entropy, entropy_with_where),
    (checks.check_entropy, entropy_with_epsilon),
    (checks.check_entropy, entropy_wrong_axis),
    (checks.check_entropy, entropy_ignores_base),
    (checks.check_entropy, entropy_no_validation),
    (checks.check_cross_entropy, cross_entropy_swapped),
    (checks.check_cross_entropy, cross_entropy_clipped),
    (checks.check_cross_entropy, cross_entropy_silenced),
    (checks.check_cross_entropy, cross_entropy_no_validation),
    (checks.check_kl_divergence, kl_with_ratio),
    (checks.check_kl_divergence, kl_swapped),
    (checks.check_kl_divergence, kl_with_epsilon),
    (checks.check_kl_divergence, kl_ignores_zero_q),
    (checks.check_gaussian_kl, gaussian_kl_swapped_trace),
    (checks.check_gaussian_kl, gaussian_kl_with_det),
    (checks.check_gaussian_kl, gaussian_kl_with_inv),
    (checks.check_gaussian_kl, gaussian_kl_mahalanobis_in_cov0),
    (checks.check_gaussian_kl, gaussian_kl_no_half),
    (checks.check_mutual_information, mi_marginals_swapped),
    (checks.check_mutual_information, mi_with_where),
    (checks.check_mutual_information, mi_unnormalised),
    (checks.check_mutual_information, mi_in_bits),
    (checks.check_mutual_information, mi_no_validation),
    (checks.check_perplexity, perplexity_from_product),
    (checks.check_perplexity, perplexity_n_minus_one),
    (checks.check_perplexity, perplexity_base_mixup),
    (checks.check_perplexity, perplexity_zero_warns),
    (checks.check_perplexity, perplexity_no_validation),
    (checks.check_js_divergence, js_symmetrised_kl),
    (checks.check_js_divergence, js_unhalved_mixture),
    (checks.check_js_divergence, js_mixture_first),
    (checks.check_js_divergence, js_in_bits),
    (checks.check_distillation_loss, distillation_naive_softmax),
    (checks.check_distillation_loss, distillation_log_of_probabilities),
    (checks.check_distillation_loss, distillation_temperature_on_student_only),
    (checks.check_distillation_loss, distillation_reversed),
    (checks.check_distillation_loss, distillation_summed),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
