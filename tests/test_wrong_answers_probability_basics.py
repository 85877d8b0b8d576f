"""Learner-like wrong answers to the probability/01-probability-basics exercises: every check must reject each of them."""

import itertools
import math

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.probability.probability_basics import (
    check_bayes_posterior,
    check_birthday_people,
    check_collision_probability,
    check_count_event,
    check_independent,
    check_simulate_probability,
    check_spam_probability,
    check_total_probability,
)

# -- count_event ------------------------------------------------------------


def count_event_zero_based_faces(n_dice, sides, event):
    if n_dice < 0 or sides < 1:
        raise ValueError("bad input")
    rolls = list(itertools.product(range(sides), repeat=n_dice))  # faces 0..sides-1
    return sum(bool(event(r)) for r in rolls), len(rolls)


def count_event_unordered(n_dice, sides, event):
    if n_dice < 0 or sides < 1:
        raise ValueError("bad input")
    rolls = list(itertools.combinations_with_replacement(range(1, sides + 1), n_dice))  # (1, 2) and (2, 1) merged
    return sum(bool(event(r)) for r in rolls), len(rolls)


def count_event_wrong_total(n_dice, sides, event):
    if n_dice < 0 or sides < 1:
        raise ValueError("bad input")
    rolls = itertools.product(range(1, sides + 1), repeat=n_dice)
    return sum(bool(event(r)) for r in rolls), n_dice * sides  # sides * n_dice instead of sides ** n_dice


def count_event_no_validation(n_dice, sides, event):
    rolls = list(itertools.product(range(1, sides + 1), repeat=max(n_dice, 0)))
    return sum(bool(event(r)) for r in rolls), len(rolls)


# -- birthday_people --------------------------------------------------------


def _check_target(p, d):
    if not 0 < p <= 1 or d < 1:
        raise ValueError("bad input")


def birthday_people_last_below(p, d):
    _check_target(p, d)
    n, q = 1, 1.0
    while True:
        nxt = q * (1 - n / d)
        if 1 - nxt >= p:
            return n, 1 - q  # one person too few
        q, n = nxt, n + 1


def birthday_people_approximation(p, d):
    _check_target(p, d)
    n = 1
    while -math.expm1(-n * (n - 1) / (2 * d)) < p:
        n += 1
    return n, -math.expm1(-n * (n - 1) / (2 * d))


def birthday_people_off_by_one_factor(p, d):
    _check_target(p, d)
    n, q = 1, 1.0
    while 1 - q < p:
        q *= 1 - (n + 1) / d  # the factor for the next person is 1 - n / d
        n += 1
    return n, 1 - q


def birthday_people_float_factorial(p, d):
    _check_target(p, d)
    n = 1
    while True:
        probability = 1 - math.factorial(d) / math.factorial(d - n) / float(d) ** n  # overflows for large d
        if probability >= p:
            return n, probability
        n += 1


# -- bayes_posterior ----------------------------------------------------------


def _validate(*arrays):
    for a in arrays:
        if np.any((np.asarray(a) < 0) | (np.asarray(a) > 1)):
            raise ValueError("not a probability")


def bayes_posterior_specificity_as_false_positive(prior, sensitivity, specificity):
    prior, sensitivity, specificity = (np.asarray(a, dtype=float) for a in (prior, sensitivity, specificity))
    _validate(prior, sensitivity, specificity)
    with np.errstate(all="ignore"):
        return sensitivity * prior / (sensitivity * prior + specificity * (1 - prior))


def bayes_posterior_swapped(prior, sensitivity, specificity):
    prior, sensitivity, specificity = (np.asarray(a, dtype=float) for a in (prior, specificity, sensitivity))
    _validate(prior, sensitivity, specificity)
    with np.errstate(all="ignore"):
        return sensitivity * prior / (sensitivity * prior + (1 - specificity) * (1 - prior))


def bayes_posterior_no_base_rate(prior, sensitivity, specificity):
    prior, sensitivity, specificity = (np.asarray(a, dtype=float) for a in (prior, sensitivity, specificity))
    _validate(prior, sensitivity, specificity)
    with np.errstate(all="ignore"):
        return sensitivity / (sensitivity + (1 - specificity)) + 0 * prior


def bayes_posterior_no_validation(prior, sensitivity, specificity):
    prior, sensitivity, specificity = (np.asarray(a, dtype=float) for a in (prior, sensitivity, specificity))
    with np.errstate(all="ignore"):
        return sensitivity * prior / (sensitivity * prior + (1 - specificity) * (1 - prior))


def bayes_posterior_zero_instead_of_nan(prior, sensitivity, specificity):
    prior, sensitivity, specificity = (np.asarray(a, dtype=float) for a in (prior, sensitivity, specificity))
    _validate(prior, sensitivity, specificity)
    positive = sensitivity * prior + (1 - specificity) * (1 - prior)
    return np.divide(sensitivity * prior, positive, out=np.zeros(np.broadcast(prior, positive).shape), where=positive > 0)


# -- total_probability ------------------------------------------------------


def total_probability_exact_sum(priors, likelihoods):
    priors, likelihoods = np.asarray(priors, dtype=float), np.asarray(likelihoods, dtype=float)
    if priors.shape != likelihoods.shape or priors.sum() != 1 or np.any(priors < 0) or np.any(likelihoods > 1):
        raise ValueError("bad input")  # sum() != 1 rejects 0.1 + 0.2 + 0.7
    joint = priors * likelihoods
    if joint.sum() == 0:
        raise ValueError("P(A) = 0")
    return joint.sum(), joint / joint.sum()


def total_probability_allows_negative(priors, likelihoods):
    priors, likelihoods = np.asarray(priors, dtype=float), np.asarray(likelihoods, dtype=float)
    if priors.shape != likelihoods.shape or abs(priors.sum() - 1) > 1e-9 or np.any(likelihoods > 1):
        raise ValueError("bad input")
    joint = priors * likelihoods
    if joint.sum() == 0:
        raise ValueError("P(A) = 0")
    return joint.sum(), joint / joint.sum()


def total_probability_unnormalised(priors, likelihoods):
    priors, likelihoods = np.asarray(priors, dtype=float), np.asarray(likelihoods, dtype=float)
    if priors.shape != likelihoods.shape or abs(priors.sum() - 1) > 1e-9 or np.any(priors < 0) or np.any(likelihoods > 1):
        raise ValueError("bad input")
    joint = priors * likelihoods
    if joint.sum() == 0:
        raise ValueError("P(A) = 0")
    return joint.sum(), joint  # P(A and B_i), not P(B_i | A)


def total_probability_average(priors, likelihoods):
    priors, likelihoods = np.asarray(priors, dtype=float), np.asarray(likelihoods, dtype=float)
    if priors.shape != likelihoods.shape or abs(priors.sum() - 1) > 1e-9 or np.any(priors < 0) or np.any(likelihoods > 1):
        raise ValueError("bad input")
    if likelihoods.sum() == 0:
        raise ValueError("P(A) = 0")
    return likelihoods.mean(), likelihoods / likelihoods.sum()  # ignores the priors


# -- simulate_probability ---------------------------------------------------


def _simulate_checks(n, batch_size):
    if n < 1 or batch_size < 1:
        raise ValueError("bad input")


def simulate_drops_last_batch(event, n, rng, batch_size=100_000):
    _simulate_checks(n, batch_size)
    batches = max(n // batch_size, 1)
    size = min(batch_size, n)
    hits = sum(int(np.count_nonzero(event(rng, size))) for _ in range(batches))
    estimate = hits / n
    return estimate, math.sqrt(estimate * (1 - estimate) / n)


def simulate_mean_of_batch_means(event, n, rng, batch_size=100_000):
    _simulate_checks(n, batch_size)
    means, done = [], 0
    while done < n:
        size = min(batch_size, n - done)
        means.append(np.mean(event(rng, size)))
        done += size
    estimate = float(np.mean(means))  # a short last batch gets the weight of a full one
    return estimate, math.sqrt(estimate * (1 - estimate) / n)


def simulate_wrong_standard_error(event, n, rng, batch_size=100_000):
    _simulate_checks(n, batch_size)
    hits, done = 0, 0
    while done < n:
        size = min(batch_size, n - done)
        hits += int(np.count_nonzero(event(rng, size)))
        done += size
    estimate = hits / n
    return estimate, math.sqrt(estimate * (1 - estimate)) / n  # sqrt(p (1 - p)) / n


def simulate_own_generator(event, n, rng, batch_size=100_000):
    _simulate_checks(n, batch_size)
    rng = np.random.default_rng()  # not the caller's generator
    hits, done = 0, 0
    while done < n:
        size = min(batch_size, n - done)
        hits += int(np.count_nonzero(event(rng, size)))
        done += size
    estimate = hits / n
    return estimate, math.sqrt(estimate * (1 - estimate) / n)


def simulate_one_batch(event, n, rng, batch_size=100_000):
    _simulate_checks(n, batch_size)
    estimate = float(np.mean(event(rng, n)))  # ignores batch_size
    return estimate, math.sqrt(estimate * (1 - estimate) / n)


# -- independent ------------------------------------------------------------


def _table(joint):
    joint = np.asarray(joint, dtype=float)
    if joint.ndim != 2 or np.any(joint < 0) or abs(joint.sum() - 1) > 1e-9:
        raise ValueError("bad table")
    return joint


def independent_exact_equality(joint, atol=1e-9):
    joint = _table(joint)
    return bool(np.all(joint == np.outer(joint.sum(axis=1), joint.sum(axis=0))))


def independent_means_disjoint(joint, atol=1e-9):
    joint = _table(joint)
    return bool(np.all(joint > 0))  # confuses independence with "not mutually exclusive"


def independent_transposed_marginals(joint, atol=1e-9):
    joint = _table(joint)
    rows, cols = joint.sum(axis=1), joint.sum(axis=0)
    if joint.shape[0] != joint.shape[1]:
        rows, cols = cols, rows
        return bool(np.allclose(joint.T, np.outer(rows, cols), atol=atol, rtol=0))
    return bool(np.allclose(joint, np.outer(cols, rows), atol=atol, rtol=0))


def independent_first_cell_only(joint, atol=1e-9):
    joint = _table(joint)
    return bool(abs(joint[0, 0] - joint[0].sum() * joint[:, 0].sum()) <= atol)


def independent_loose_tolerance(joint, atol=1e-9):
    joint = _table(joint)
    return bool(np.allclose(joint, np.outer(joint.sum(axis=1), joint.sum(axis=0))))  # rtol 1e-5, atol 1e-8


# -- spam_probability ---------------------------------------------------------


def _prior(prior_spam):
    if not 0 < prior_spam < 1:
        raise ValueError("bad prior")


def spam_naive_product(words, p_word_spam, p_word_ham, prior_spam):
    _prior(prior_spam)
    spam, ham = prior_spam, 1 - prior_spam
    for word in words:
        if word in p_word_spam and word in p_word_ham:
            spam *= p_word_spam[word]
            ham *= p_word_ham[word]
    with np.errstate(all="ignore"):
        return float(np.float64(spam) / (np.float64(spam) + ham))  # 0 / 0 after underflow


def spam_set_of_words(words, p_word_spam, p_word_ham, prior_spam):
    _prior(prior_spam)
    log_odds = math.log(prior_spam / (1 - prior_spam))
    for word in set(words):  # a repeated word counts once
        if word in p_word_spam and word in p_word_ham:
            log_odds += math.log(p_word_spam[word] / p_word_ham[word])
    return 1 / (1 + math.exp(-log_odds)) if log_odds > -700 else 0.0


def spam_no_prior(words, p_word_spam, p_word_ham, prior_spam):
    _prior(prior_spam)
    log_odds = 0.0
    for word in words:
        if word in p_word_spam and word in p_word_ham:
            log_odds += math.log(p_word_spam[word] / p_word_ham[word])
    return 1 / (1 + math.exp(-log_odds)) if log_odds > -700 else 0.0


def spam_unknown_as_tiny(words, p_word_spam, p_word_ham, prior_spam):
    _prior(prior_spam)
    log_odds = math.log(prior_spam / (1 - prior_spam))
    for word in words:
        log_odds += math.log(p_word_spam.get(word, 1e-6) / p_word_ham.get(word, 1e-6))
    return 1 / (1 + math.exp(-log_odds)) if log_odds > -700 else 0.0


def spam_overflowing_sigmoid(words, p_word_spam, p_word_ham, prior_spam):
    _prior(prior_spam)
    log_odds = math.log(prior_spam / (1 - prior_spam))
    for word in words:
        if word in p_word_spam and word in p_word_ham:
            log_odds += math.log(p_word_spam[word] / p_word_ham[word])
    return math.exp(log_odds) / (1 + math.exp(log_odds))  # OverflowError for large log odds


# -- collision_probability --------------------------------------------------


def collision_one_minus_product(k, bits):
    buckets = 2.0**bits
    if k > buckets:
        return 1.0
    return float(1 - np.prod(1 - np.arange(k) / buckets))  # 1 - (1 - 2**-64) is 0


def collision_one_minus_exp(k, bits):
    buckets = 2.0**bits
    if k > buckets:
        return 1.0
    return float(1 - np.exp(np.sum(np.log1p(-np.arange(k) / buckets))))  # cancellation in 1 - exp


def collision_square_over_two(k, bits):
    return float(min(1.0, k * k / (2 * 2.0**bits)))


def collision_exponential_approximation(k, bits):
    buckets = 2.0**bits
    if k > buckets:
        return 1.0
    return float(-math.expm1(-k * (k - 1) / (2 * buckets)))  # not exact for k near sqrt(N)


def collision_integer_overflow(k, bits):
    buckets = np.power(np.int64(2), bits)  # 2**64 wraps to 0 in int64
    with np.errstate(all="ignore"):
        if k > buckets:
            return 1.0
        return float(-np.expm1(np.sum(np.log1p(-np.arange(k) / buckets))))


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_count_event, count_event_zero_based_faces),
    (check_count_event, count_event_unordered),
    (check_count_event, count_event_wrong_total),
    (check_count_event, count_event_no_validation),
    (check_birthday_people, birthday_people_last_below),
    (check_birthday_people, birthday_people_approximation),
    (check_birthday_people, birthday_people_off_by_one_factor),
    (check_birthday_people, birthday_people_float_factorial),
    (check_bayes_posterior, bayes_posterior_specificity_as_false_positive),
    (check_bayes_posterior, bayes_posterior_swapped),
    (check_bayes_posterior, bayes_posterior_no_base_rate),
    (check_bayes_posterior, bayes_posterior_no_validation),
    (check_bayes_posterior, bayes_posterior_zero_instead_of_nan),
    (check_total_probability, total_probability_exact_sum),
    (check_total_probability, total_probability_allows_negative),
    (check_total_probability, total_probability_unnormalised),
    (check_total_probability, total_probability_average),
    (check_simulate_probability, simulate_drops_last_batch),
    (check_simulate_probability, simulate_mean_of_batch_means),
    (check_simulate_probability, simulate_wrong_standard_error),
    (check_simulate_probability, simulate_own_generator),
    (check_simulate_probability, simulate_one_batch),
    (check_independent, independent_exact_equality),
    (check_independent, independent_means_disjoint),
    (check_independent, independent_transposed_marginals),
    (check_independent, independent_first_cell_only),
    (check_independent, independent_loose_tolerance),
    (check_spam_probability, spam_naive_product),
    (check_spam_probability, spam_set_of_words),
    (check_spam_probability, spam_no_prior),
    (check_spam_probability, spam_unknown_as_tiny),
    (check_spam_probability, spam_overflowing_sigmoid),
    (check_collision_probability, collision_one_minus_product),
    (check_collision_probability, collision_one_minus_exp),
    (check_collision_probability, collision_square_over_two),
    (check_collision_probability, collision_exponential_approximation),
    (check_collision_probability, collision_integer_overflow),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
