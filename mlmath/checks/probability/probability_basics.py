"""Checks for probability/01-probability-basics."""

import itertools
import math
from fractions import Fraction

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import GLOBAL_RNG

SEED = 3001


def check_count_event(count_event):
    with Checker(count_event) as c:

        def expect(case, n_dice, sides, event):
            outcomes = list(itertools.product(range(1, sides + 1), repeat=n_dice))
            expected = (sum(bool(event(o)) for o in outcomes), len(outcomes))
            seen = []

            def recording_event(roll):
                seen.append(tuple(int(face) for face in roll))
                return event(roll)

            got = c.call(case, n_dice, sides, recording_event)
            c.require(
                sorted(seen) == outcomes,
                "The event must be asked about every ordered roll exactly once, each face from 1 to sides. "
                f"It was asked about {len(seen)} rolls (expected {len(outcomes)}); "
                f"the first few were {seen[:4]}.",
            )
            c.equal(got, expected)

        expect("two six-sided dice, the sum is 7", 2, 6, lambda roll: sum(roll) == 7)
        expect("two six-sided dice, the first is larger than the second (order matters)", 2, 6, lambda roll: roll[0] > roll[1])
        expect("two six-sided dice, a double", 2, 6, lambda roll: roll[0] == roll[1])
        expect("four six-sided dice, at least one six", 4, 6, lambda roll: 6 in roll)
        expect("three six-sided dice, the sum is at least 10", 3, 6, lambda roll: sum(roll) >= 10)
        expect("one twenty-sided die, more than 15", 1, 20, lambda roll: roll[0] > 15)
        expect("three coins (2 sides), all faces equal", 3, 2, lambda roll: len(set(roll)) == 1)
        expect("five four-sided dice, strictly increasing", 5, 4, lambda roll: all(a < b for a, b in zip(roll, roll[1:])))
        expect("zero dice (one outcome: the empty roll), the sum is 0", 0, 6, lambda roll: sum(roll) == 0)
        c.call_raises("sides = 0 (a die needs at least one face)", ValueError, 2, 0, lambda roll: True)
        c.call_raises("n_dice = -1", ValueError, -1, 6, lambda roll: True)


def _birthday_reference(p, d):
    """The smallest n with P(shared birthday) >= p, its probability, and the probability one person earlier."""
    n, q = 1, 1.0
    previous = 0.0
    while 1.0 - q < p:
        previous = 1.0 - q
        q *= 1.0 - n / d
        n += 1
    return n, 1.0 - q, previous


def check_birthday_people(birthday_people):
    with Checker(birthday_people) as c:

        def expect(case, p, d):
            n, probability, previous = _birthday_reference(p, d)
            assert previous < p * (1 - 1e-9) and (probability >= p * (1 + 1e-9) or probability == p)  # no near-ties
            got = c.call(case, p, d)
            got_n, got_probability = c.unpack(got, ("n", "probability"))
            c.equal(got_n, n, what="n, the number of people")
            c.close(got_probability, probability, rtol=1e-9, what="the probability of a shared birthday for n people")
            c.require(
                float(got_probability) >= p,
                f"The probability for the n you returned must reach the target p = {p}; got {got_probability!r}.",
            )

        expect("p = 0.5, d = 365 (the classic 23 people)", 0.5, 365)
        expect("p = 0.99, d = 365", 0.99, 365)
        expect("p = 0.1, d = 365", 0.1, 365)
        expect("p = 1.0, d = 3 (certainty needs d + 1 people)", 1.0, 3)
        expect("p = 0.5, d = 1 (two people always share the one day)", 0.5, 1)
        expect("a tiny target p = 1e-6, d = 365 (two people already do it)", 1e-6, 365)
        expect("p = 0.5, d = 10**6", 0.5, 10**6)
        expect("p = 0.01, d = 10**6", 0.01, 10**6)
        expect("p = 0.5, d = 2**32 (32-bit IDs; d**n and d! overflow a float)", 0.5, 2**32)
        rng = np.random.default_rng(SEED)
        for trial in range(3):
            p, d = round(float(rng.uniform(0.05, 0.95)), 3), int(rng.integers(50, 5000))
            expect(f"seeded case {trial + 1}: p = {p}, d = {d}", p, d)
        for p in (0.0, -0.1, 1.5):
            c.call_raises(f"p = {p} (a target probability must be in (0, 1])", ValueError, p, 365)
        c.call_raises("d = 0 days", ValueError, 0.5, 0)


def _posterior(prior, sensitivity, specificity):
    arrays = (np.asarray(a, dtype=float) for a in (prior, sensitivity, specificity))
    prior, sensitivity, specificity = np.broadcast_arrays(*arrays)
    true_positive = sensitivity * prior
    positive = true_positive + (1 - specificity) * (1 - prior)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(positive > 0, true_positive / np.where(positive > 0, positive, 1.0), np.nan)


def check_bayes_posterior(bayes_posterior):
    rng = np.random.default_rng(SEED)
    with Checker(bayes_posterior) as c:
        c.close(c.call("prior 0.01, sensitivity 0.99, specificity 0.95", 0.01, 0.99, 0.95), 0.0099 / (0.0099 + 0.0495))
        c.close(
            c.call("prior 0.3, sensitivity 0.8, specificity 0.9 (sensitivity and specificity differ)", 0.3, 0.8, 0.9),
            0.24 / (0.24 + 0.07),
        )
        priors = np.array([0.001, 0.01, 0.1, 0.5, 0.9])
        got = c.call("five priors [0.001, 0.01, 0.1, 0.5, 0.9], sensitivity 0.9, specificity 0.99", priors, 0.9, 0.99)
        c.close(got, _posterior(priors, 0.9, 0.99))
        c.require(bool(np.all(np.diff(got) > 0)), "The posterior must grow with the prior; yours does not.")
        priors = rng.uniform(0, 1, size=(3, 4))
        c.close(
            c.call("a (3, 4) array of seeded priors, sensitivity 0.7, specificity 0.6", priors, 0.7, 0.6),
            _posterior(priors, 0.7, 0.6),
        )
        c.close(c.call("integer priors [0, 1], sensitivity 0.9, specificity 0.8", np.array([0, 1]), 0.9, 0.8), np.array([0.0, 1.0]))
        c.close(
            c.call("priors [1e-9, 0.2], a perfect test: sensitivity 1, specificity 1", np.array([1e-9, 0.2]), 1.0, 1.0),
            np.array([1.0, 1.0]),
        )
        c.close(
            c.call("priors [0., 0.5], specificity 1: a positive is impossible at prior 0 (NaN there)", np.array([0.0, 0.5]), 0.9, 1.0),
            np.array([np.nan, 1.0]),
        )
        sensitivities = np.array([0.5, 0.9, 0.99])
        c.close(
            c.call("prior 0.05 with an array of sensitivities [0.5, 0.9, 0.99], specificity 0.97", 0.05, sensitivities, 0.97),
            _posterior(0.05, sensitivities, 0.97),
        )
        c.call_raises("prior 1.5", ValueError, 1.5, 0.9, 0.9)
        c.call_raises("priors [0.2, -0.1]", ValueError, np.array([0.2, -0.1]), 0.9, 0.9)
        c.call_raises("sensitivity 1.2", ValueError, 0.1, 1.2, 0.9)
        c.call_raises("specificity -0.5", ValueError, 0.1, 0.9, -0.5)


def check_total_probability(total_probability):
    rng = np.random.default_rng(SEED)
    with Checker(total_probability) as c:

        def expect(case, priors, likelihoods):
            priors_f, likelihoods_f = np.asarray(priors, dtype=float), np.asarray(likelihoods, dtype=float)
            p_event = float(np.sum(priors_f * likelihoods_f))
            got_event, got_posterior = c.unpack(c.call(case, priors, likelihoods), ("p_event", "posterior"))
            c.close(got_event, p_event, what="P(A), the total probability")
            c.array(got_posterior, (len(priors_f),), what="the posterior P(B_i | A)")
            c.close(got_posterior, priors_f * likelihoods_f / p_event, what="the posterior P(B_i | A)")
            c.close(float(np.sum(got_posterior)), 1.0, what="the sum of the posterior")

        expect(
            "three vendors, priors [0.5, 0.3, 0.2], error rates [0.02, 0.05, 0.1]",
            np.array([0.5, 0.3, 0.2]),
            np.array([0.02, 0.05, 0.1]),
        )
        expect(
            "priors [0.7, 0.2, 0.1] (in floating point they add up to 0.9999999999999999)",
            np.array([0.7, 0.2, 0.1]),
            np.array([0.9, 0.5, 0.1]),
        )
        expect("a partition of one set, priors [1.], likelihoods [0.3]", np.array([1.0]), np.array([0.3]))
        expect("integer priors [0, 1, 0], likelihoods [0.5, 0.25, 1.]", np.array([0, 1, 0]), np.array([0.5, 0.25, 1.0]))
        expect(
            "a zero prior, priors [0.4, 0., 0.6], likelihoods [0.1, 0.9, 0.2]",
            np.array([0.4, 0.0, 0.6]),
            np.array([0.1, 0.9, 0.2]),
        )
        expect(
            "tiny likelihoods, priors [0.25, 0.75], likelihoods [1e-300, 3e-300]",
            np.array([0.25, 0.75]),
            np.array([1e-300, 3e-300]),
        )
        for trial in range(3):
            k = int(rng.integers(2, 8))
            expect(f"seeded partition {trial + 1} into {k} sets", rng.dirichlet(np.ones(k)), rng.uniform(0, 1, size=k))
        c.call_raises("priors [0.5, 0.49] (they sum to 0.99, not 1)", ValueError, np.array([0.5, 0.49]), np.array([0.1, 0.2]))
        c.call_raises(
            "priors [1.2, -0.2] (they sum to 1, but a probability cannot be negative)",
            ValueError,
            np.array([1.2, -0.2]),
            np.array([0.1, 0.2]),
        )
        c.call_raises("likelihoods [0.5, 1.5]", ValueError, np.array([0.5, 0.5]), np.array([0.5, 1.5]))
        c.call_raises("3 priors and 2 likelihoods", ValueError, np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.2]))
        c.call_raises("P(A) = 0: likelihoods [0., 0.] (no posterior exists)", ValueError, np.array([0.5, 0.5]), np.array([0.0, 0.0]))


def check_simulate_probability(simulate_probability):
    with Checker(simulate_probability, forbid=GLOBAL_RNG) as c:

        def expect(case, p_true, n, batch_size, make_event):
            sizes = []

            def event(rng, size):
                sizes.append(int(size))
                return make_event(rng, size)

            seed = SEED + n
            got = c.call(case, event, n, np.random.default_rng(seed), batch_size)
            estimate, error = c.unpack(got, ("estimate", "standard_error"))
            c.require(
                all(0 < s <= batch_size for s in sizes) and sum(sizes) == n,
                f"Call event(rng, size) in batches of at most batch_size = {batch_size} that add up to n = {n}; "
                f"your batch sizes were {sizes[:6]}{' ...' if len(sizes) > 6 else ''} (total {sum(sizes)}).",
            )
            replay = np.random.default_rng(seed)
            hits = sum(int(np.count_nonzero(make_event(replay, s))) for s in sizes)
            expected = hits / n
            c.close(estimate, expected, what="the estimate (the fraction of trials in which the event happened)")
            c.close(error, float(np.sqrt(expected * (1 - expected) / n)), what="the standard error")
            if p_true is not None:  # the estimate is within 5 standard errors of the truth
                true_error = np.sqrt(p_true * (1 - p_true) / n)
                c.require(
                    abs(float(estimate) - p_true) <= 5 * true_error + 1e-12,
                    f"The estimate {float(estimate):.5f} is more than 5 standard errors from the true {p_true:.5f}.",
                )

        expect("P(U < 0.3) with n = 1000 in one batch", 0.3, 1000, 100_000, lambda rng, size: rng.random(size) < 0.3)
        expect(
            "P(U < 0.3) with n = 250001, batch_size 100000 (the last batch is short)",
            0.3,
            250_001,
            100_000,
            lambda rng, size: rng.random(size) < 0.3,
        )
        expect(
            "two dice sum to 7, n = 10, batch_size 3",
            None,
            10,
            3,
            lambda rng, size: rng.integers(1, 7, size) + rng.integers(1, 7, size) == 7,
        )
        expect("a rare event P = 0.001, n = 50000, batch_size 7000", 0.001, 50_000, 7000, lambda rng, size: rng.random(size) < 0.001)
        expect("an event that always happens, n = 1", 1.0, 1, 10, lambda rng, size: np.ones(size, dtype=bool))
        expect("an event that never happens, n = 5, batch_size 1", 0.0, 5, 1, lambda rng, size: np.zeros(size, dtype=bool))
        c.call_raises("n = 0 trials", ValueError, lambda rng, size: rng.random(size) < 0.5, 0, np.random.default_rng(SEED), 10)
        c.call_raises("batch_size = 0", ValueError, lambda rng, size: rng.random(size) < 0.5, 10, np.random.default_rng(SEED), 0)


def check_independent(independent):
    rng = np.random.default_rng(SEED)
    with Checker(independent) as c:

        def expect(case, joint, answer):
            c.equal(c.call(case, joint), answer)

        expect(
            "A and B independent, [[0.12, 0.28], [0.18, 0.42]] (rounding: 0.4 * 0.3 is not exactly 0.12)",
            np.array([[0.12, 0.28], [0.18, 0.42]]),
            True,
        )
        expect("mutually exclusive events, [[0., 0.5], [0.5, 0.]]", np.array([[0.0, 0.5], [0.5, 0.0]]), False)
        expect("dependent, [[0.3, 0.2], [0.1, 0.4]]", np.array([[0.3, 0.2], [0.1, 0.4]]), False)
        expect("independent 2 x 3, outer([0.25, 0.75], [0.2, 0.3, 0.5])", np.outer([0.25, 0.75], [0.2, 0.3, 0.5]), True)
        expect(
            "independent 3 x 2 with different marginals, outer([0.5, 0.3, 0.2], [0.9, 0.1])",
            np.outer([0.5, 0.3, 0.2], [0.9, 0.1]),
            True,
        )
        not_symmetric = np.outer([0.6, 0.3, 0.1], [0.1, 0.2, 0.7])
        expect("independent 3 x 3 with row and column marginals that differ (transposes give the wrong answer)", not_symmetric, True)
        expect(
            "an impossible row (P = 0) is independent of everything, [[0., 0.], [0.3, 0.7]]",
            np.array([[0.0, 0.0], [0.3, 0.7]]),
            True,
        )
        checkerboard = np.array([[1.0, -1.0], [-1.0, 1.0]])
        expect("independent up to rounding of 1e-13", np.outer([0.3, 0.7], [0.6, 0.4]) + 1e-13 * checkerboard, True)
        expect("dependent by 1e-6 (still dependent)", np.outer([0.3, 0.7], [0.6, 0.4]) + 1e-6 * checkerboard, False)
        expect(
            "3 x 3, the first row and column independent, the rest not (equal marginals, different cells)",
            not_symmetric + np.array([[0, 0, 0], [0, 0.01, -0.01], [0, -0.01, 0.01]]),
            False,
        )
        expect("one cell, [[1.]]", np.array([[1.0]]), True)
        expect("a table of shape (1, 3), [[0.2, 0.3, 0.5]]", np.array([[0.2, 0.3, 0.5]]), True)
        for trial in range(3):
            r, k = int(rng.integers(2, 5)), int(rng.integers(2, 5))
            joint = np.outer(rng.dirichlet(np.ones(r)), rng.dirichlet(np.ones(k)))
            expect(f"seeded independent table {trial + 1}, shape {joint.shape}", joint, True)
            noise = rng.normal(size=joint.shape) * 1e-3
            noise -= noise.mean()
            bent = np.abs(joint + noise)
            expect(f"seeded dependent table {trial + 1}, shape {joint.shape}", bent / bent.sum(), False)
        c.call_raises("a table that sums to 0.9", ValueError, np.array([[0.2, 0.3], [0.2, 0.2]]))
        c.call_raises("a negative entry, [[0.6, -0.1], [0.25, 0.25]]", ValueError, np.array([[0.6, -0.1], [0.25, 0.25]]))
        c.call_raises("a 1-D array instead of a table", ValueError, np.array([0.5, 0.5]))


def _spam_reference(words, p_spam, p_ham, prior):
    total = math.log(prior) - math.log1p(-prior)
    for w in words:
        if w in p_spam and w in p_ham:
            total += math.log(p_spam[w]) - math.log(p_ham[w])
    return 1.0 / (1.0 + math.exp(-total)) if total >= 0 else math.exp(total) / (1.0 + math.exp(total))


def check_spam_probability(spam_probability):
    rng = np.random.default_rng(SEED)
    p_spam = {"free": 0.05, "money": 0.04, "meeting": 0.002, "win": 0.03, "report": 0.004, "the": 0.06}
    p_ham = {"free": 0.005, "money": 0.004, "meeting": 0.02, "win": 0.001, "report": 0.03, "the": 0.06}
    with Checker(spam_probability) as c:

        def expect(case, words, prior, spam=p_spam, ham=p_ham, expected=None):
            got = c.call(case, words, spam, ham, prior)
            expected = _spam_reference(words, spam, ham, prior) if expected is None else expected
            c.close(got, expected, rtol=1e-9)
            c.require(0.0 <= float(got) <= 1.0, f"A probability must lie in [0, 1]; got {got!r}.")

        expect(
            "words ['free', 'money', 'meeting'], prior 0.4",
            ["free", "money", "meeting"],
            0.4,
            expected=0.4 * 0.05 * 0.04 * 0.002 / (0.4 * 0.05 * 0.04 * 0.002 + 0.6 * 0.005 * 0.004 * 0.02),
        )
        expect("a repeated word counts each time, ['win', 'win'], prior 0.5", ["win", "win"], 0.5, expected=900 / 901)
        expect("unknown words are skipped, ['hello', 'report', 'zebra'], prior 0.3", ["hello", "report", "zebra"], 0.3)
        expect(
            "a word known only as spam ('bonus') is skipped, ['bonus', 'meeting'], prior 0.5",
            ["bonus", "meeting"],
            0.5,
            spam={**p_spam, "bonus": 0.1},
        )
        expect("an empty message: the posterior is the prior 0.2", [], 0.2, expected=0.2)
        expect("a message of 4000 words 'free', 'report' alternating (the products underflow to 0)", ["free", "report"] * 2000, 0.3)
        expect("3000 copies of 'free' (log odds about 6900: exp(6900) overflows)", ["free"] * 3000, 0.5, expected=1.0)
        expect(
            "3000 copies of 'meeting' (a posterior of about exp(-6900), which is 0.0 in float64)",
            ["meeting"] * 3000,
            0.5,
            expected=0.0,
        )
        expect("500 copies of 'the' (equal likelihoods), prior 0.7", ["the"] * 500, 0.7, expected=0.7)
        vocabulary = [f"w{i}" for i in range(40)]
        spam = dict(zip(vocabulary, rng.dirichlet(np.ones(40)).tolist()))
        ham = dict(zip(vocabulary, rng.dirichlet(np.ones(40)).tolist()))
        for trial in range(3):
            words = [vocabulary[i] for i in rng.integers(0, 40, size=int(rng.integers(5, 30)))]
            prior = float(rng.uniform(0.05, 0.95))
            expect(
                f"seeded message {trial + 1} of {len(words)} words from a 40-word vocabulary, prior {prior:.3f}",
                words,
                prior,
                spam,
                ham,
            )
        for prior in (0.0, 1.0, 1.3):
            c.call_raises(f"prior {prior} (it must be strictly between 0 and 1)", ValueError, ["free"], p_spam, p_ham, prior)


def _collision_reference(k, bits):
    buckets = 2.0**bits
    if k > buckets:
        return 1.0
    log_none = float(np.sum(np.log1p(-np.arange(k, dtype=float) / buckets)))
    return -math.expm1(log_none)


def check_collision_probability(collision_probability):
    with Checker(collision_probability) as c:

        def expect(case, k, bits, expected=None):
            expected = _collision_reference(k, bits) if expected is None else expected
            got = c.call(case, k, bits)
            c.close(got, expected, rtol=1e-9)
            c.require(0.0 <= float(got) <= 1.0, f"A probability must lie in [0, 1]; got {got!r}.")

        expect("k = 2 items, 1 bit (2 buckets)", 2, 1, expected=0.5)
        expect("k = 3 items, 1 bit (more items than buckets)", 3, 1, expected=1.0)
        expect("k = 0 items", 0, 16, expected=0.0)
        expect("k = 1 item", 1, 64, expected=0.0)
        expect("k = 16 items, 4 bits", 16, 4, expected=float(1 - Fraction(math.factorial(16), 16**16)))
        expect("k = 17 items, 4 bits", 17, 4, expected=1.0)
        expect(
            "k = 300 items, 16 bits (k**2 / (2 N) is a poor approximation here)",
            300,
            16,
            expected=float(1 - Fraction(math.perm(2**16, 300), 2 ** (16 * 300))),
        )
        expect("k = 2 items, 64 bits (about 5.4e-20: 1 - (1 - 2**-64) rounds to 0)", 2, 64, expected=2.0**-64)
        expect("k = 10**6 items, 64 bits", 10**6, 64)
        expect("k = 77163 items, 32 bits (close to one half)", 77_163, 32)
        expect("k = 10**6 items, 32 bits (a collision is all but certain)", 10**6, 32)
        expect("k = 1000 items, 128 bits", 1000, 128)
        expect("k = 10**5 items, 40 bits", 10**5, 40)
