"""Checks for applications/05-naive-bayes.

The section's data also lives here, so that the page, the exercises and the checks use the same
support tickets: `word_distributions()` is the generating model (written for this course),
`make_tickets(n, rng)` draws tickets from it, and `ticket_splits()` is the fixed
train / validation / test split the page and the last exercise use.
"""

import re

import numpy as np

from mlmath.checking import Checker

SEED = 4005

# -- the section's data: support tickets drawn from per-class word distributions ---------------

CLASS_NAMES = ("billing", "bug", "feature request")
CLASS_PRIORS = np.array([0.5, 0.3, 0.2])
_COMMON = ("i the a my to is and it of in on for this please can you we have not with when but was there just hi thanks help need").split()
_TOPICAL = {  # each class's own words, strongest first
    0: (
        "invoice charged charge refund payment card subscription price bill receipt tax twice month annual "
        "discount credit paid cancel renewal cost vat billing"
    ).split(),
    1: (
        "error crash crashes broken fails loading screen blank button click freeze bug version browser "
        "timeout stuck slow wrong shows missing 500 404 reload"
    ).split(),
    2: (
        "add feature would like option export dark mode integration request could nice allow custom "
        "shortcut support idea wish bulk filter calendar"
    ).split(),
}
_SHARED = {  # words two classes both use: the source of honest confusion
    "account": (0, 1),
    "plan": (0, 2),
    "upgrade": (0, 2),
    "app": (1, 2),
    "page": (1, 2),
    "update": (1, 2),
    "login": (0, 1),
    "api": (1, 2),
    "dashboard": (1, 2),
    "report": (1, 2),
    "team": (0, 2),
    "users": (0, 2),
}
WORDS = tuple(sorted(set(_COMMON) | {w for words in _TOPICAL.values() for w in words} | set(_SHARED)))
TICKET_SEED = 20240605
SPLIT_SIZES = (400, 300, 600)  # train, validation, test


def word_distributions():
    """The true P(word | class): an array of shape (3, len(WORDS)) whose rows sum to 1, every entry positive."""
    index = {w: j for j, w in enumerate(WORDS)}
    weights = np.full((3, len(WORDS)), 0.04)  # every word is possible in every class
    for w in _COMMON:
        weights[:, index[w]] += 4.0
    for k, words in _TOPICAL.items():
        others = [j for j in range(3) if j != k]
        for rank, w in enumerate(words):
            weights[k, index[w]] += 6.0 / np.sqrt(1 + rank)  # a few strong words, a tail of weak ones
            weights[others, index[w]] += 0.15
    for w, classes in _SHARED.items():
        weights[list(classes), index[w]] += 2.5
    return weights / weights.sum(axis=1, keepdims=True)


def make_tickets(n, rng):
    """n tickets (a list of strings) and their labels (int array, shape (n,)), drawn with the Generator rng."""
    theta = word_distributions()
    vocabulary = np.asarray(WORDS)
    labels = rng.choice(3, size=n, p=CLASS_PRIORS)
    lengths = 3 + rng.poisson(5, size=n)
    texts = []
    for label, length in zip(labels, lengths):
        words = list(vocabulary[rng.choice(len(WORDS), size=length, p=theta[label])])
        words[0] = words[0].capitalize()
        text = " ".join(words) + str(rng.choice([".", "!", "?", "..."]))
        if rng.random() < 0.25:  # an order number: a token that is the same in every class and rarely seen twice
            text += f" (Order #{rng.integers(10_000, 100_000)})"
        texts.append(text)
    return texts, labels


def ticket_splits():
    """The section's fixed data: (train_texts, train_labels, val_texts, val_labels, test_texts, test_labels)."""
    texts, labels = make_tickets(sum(SPLIT_SIZES), np.random.default_rng(TICKET_SEED))
    a, b = SPLIT_SIZES[0], SPLIT_SIZES[0] + SPLIT_SIZES[1]
    return texts[:a], labels[:a], texts[a:b], labels[a:b], texts[b:], labels[b:]


# -- reference answers -------------------------------------------------------------------------


def _tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def _vocabulary(texts):
    return {word: j for j, word in enumerate(sorted({t for text in texts for t in _tokens(text)}))}


def _counts(texts, vocabulary):
    X = np.zeros((len(texts), len(vocabulary)), dtype=np.int64)
    for i, text in enumerate(texts):
        for token in _tokens(text):
            if token in vocabulary:
                X[i, vocabulary[token]] += 1
    return X


def _fit(X, y, n_classes, alpha):
    X = np.asarray(X, dtype=float)
    Y = np.eye(n_classes)[np.asarray(y)]  # one-hot, shape (n, K)
    N = Y.T @ X  # word counts per class, shape (K, V)
    with np.errstate(divide="ignore"):
        log_priors = np.log(Y.sum(axis=0) / len(y))
        smoothed = N + alpha
        log_likelihoods = np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))
    return log_priors, log_likelihoods


def _log_posteriors(X, log_priors, log_likelihoods):
    joint = np.asarray(X, dtype=float) @ log_likelihoods.T + log_priors
    m = joint.max(axis=1, keepdims=True) if joint.shape[0] else np.zeros((0, 1))
    return joint - (m + np.log(np.exp(joint - m).sum(axis=1, keepdims=True)))


def _confusion(y_true, y_pred, n_classes):
    return np.bincount(n_classes * np.asarray(y_true) + np.asarray(y_pred), minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def _prf(confusion):
    confusion = np.asarray(confusion, dtype=float)
    tp = np.diag(confusion)
    predicted, actual = confusion.sum(axis=0), confusion.sum(axis=1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(tp), where=both > 0)
    return precision, recall, f1


def _pipeline(train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
    """Reference result, and the margin between the two best classes of every test document."""
    vocabulary = _vocabulary(train_texts)
    log_priors, log_likelihoods = _fit(_counts(train_texts, vocabulary), train_labels, n_classes, alpha)
    posteriors = _log_posteriors(_counts(test_texts, vocabulary), log_priors, log_likelihoods)
    predicted = np.argmax(posteriors, axis=1)
    confusion = _confusion(test_labels, predicted, n_classes)
    ordered = np.sort(posteriors, axis=1)
    result = {
        "vocabulary_size": len(vocabulary),
        "accuracy": float(np.mean(predicted == np.asarray(test_labels))),
        "macro_f1": float(np.mean(_prf(confusion)[2])),
    }
    return result, ordered[:, -1] - ordered[:, -2]


# -- checks -------------------------------------------------------------------------------------


def _expect_vocabulary(c, got, expected):
    c.require(got is not None, "Your function returned None: is a `return` statement missing?")
    c.require(isinstance(got, dict), f"Expected a dict that maps each word to its column, got a {type(got).__name__}.")
    missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    c.require(not missing, f"Words missing from the vocabulary: {missing[:8]} (expected {len(expected)} words, got {len(got)}).")
    c.require(not extra, f"Words that should not be in the vocabulary: {extra[:8]} (expected {len(expected)} words, got {len(got)}).")
    for word in expected:
        index = got[word]
        c.require(
            isinstance(index, (int, np.integer)) and not isinstance(index, bool),
            f"The column of {word!r} should be an integer, got {index!r} ({type(index).__name__}).",
        )
        c.require(
            index == expected[word],
            f"The column of {word!r}: expected {expected[word]} (words numbered 0, 1, ... in sorted order), got {index}.",
        )


def check_build_vocabulary(build_vocabulary):
    rng = np.random.default_rng(SEED)
    with Checker(build_vocabulary) as c:
        texts = ["Refund my invoice, please!", "The app crashes on login.", "please add dark mode"]
        _expect_vocabulary(c, c.call("three tickets with capitals and punctuation", texts), _vocabulary(texts))
        texts = ["error error ERROR", "Error?"]
        _expect_vocabulary(c, c.call("one word repeated, in three spellings", texts), {"error": 0})
        texts = ["HTTP 500 on /api/v2/users", "can't log in (again)"]
        _expect_vocabulary(c, c.call("digits, slashes and an apostrophe: 'can't' is the tokens 'can' and 't'", texts), _vocabulary(texts))
        _expect_vocabulary(c, c.call("no texts at all", []), {})
        _expect_vocabulary(c, c.call("texts with no tokens", ["", "!!!", "  ... "]), {})
        texts = ["zebra apple mango", "banana apple"]
        _expect_vocabulary(
            c,
            c.call("words first seen out of alphabetical order", texts),
            {"apple": 0, "banana": 1, "mango": 2, "zebra": 3},
        )
        texts, _ = make_tickets(40, rng)
        _expect_vocabulary(c, c.call("40 seeded random support tickets", texts), _vocabulary(texts))


def check_count_matrix(count_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(count_matrix) as c:
        vocabulary = {"add": 0, "crash": 1, "refund": 2, "the": 3}
        texts = ["Refund, refund, REFUND!", "the app crash", "Add the the thing"]
        got = c.call("3 texts, vocabulary {'add': 0, 'crash': 1, 'refund': 2, 'the': 3}", texts, vocabulary)
        c.array(got, (3, 4))
        c.equal(got, np.array([[0, 0, 3, 0], [0, 1, 0, 1], [1, 0, 0, 2]]))
        got = c.call("only unknown words (they are ignored): ['hello world', '']", ["hello world", ""], vocabulary)
        c.equal(got, np.zeros((2, 4), dtype=np.int64))
        got = c.call("no texts", [], vocabulary)
        c.equal(got, np.zeros((0, 4), dtype=np.int64))
        vocabulary = {"b": 1, "a": 0}
        c.equal(c.call("a vocabulary dict not in column order: {'b': 1, 'a': 0}", ["b b a"], vocabulary), np.array([[1, 2]]))
        c.equal(c.call("an empty vocabulary", ["some words"], {}), np.zeros((1, 0), dtype=np.int64))
        train, _ = make_tickets(30, rng)
        test, _ = make_tickets(20, rng)
        test = [text + " unseenword Zebra" for text in test]
        vocabulary = _vocabulary(train)
        c.equal(
            c.call("20 seeded tickets against a vocabulary built from 30 others (some words unknown)", test, vocabulary),
            _counts(test, vocabulary),
        )


def check_fit_naive_bayes(fit_naive_bayes):
    rng = np.random.default_rng(SEED)
    with Checker(fit_naive_bayes) as c:

        def expect(case, X, y, n_classes, alpha):
            got = c.call(case, X, y, n_classes, alpha)
            log_priors, log_likelihoods = c.unpack(got, ("log_priors", "log_likelihoods"))
            want_priors, want_likelihoods = _fit(X, y, n_classes, alpha)
            c.array(log_priors, (n_classes,), what="log_priors")
            c.array(log_likelihoods, (n_classes, np.shape(X)[1]), what="log_likelihoods")
            c.close(log_priors, want_priors, what="log_priors")
            c.close(log_likelihoods, want_likelihoods, what="log_likelihoods")
            if alpha > 0:
                c.close(
                    np.exp(log_likelihoods).sum(axis=1),
                    np.ones(n_classes),
                    what="each row of exp(log_likelihoods) (a distribution over the vocabulary) must sum to 1",
                )

        X = np.array([[2, 0, 1, 0, 1], [0, 3, 0, 1, 0], [1, 1, 0, 0, 4]])
        expect("3 documents, 5 words, labels [0, 1, 0], alpha = 1 (integer counts)", X, np.array([0, 1, 0]), 2, 1.0)
        expect("the same with alpha = 0.5", X, np.array([0, 1, 0]), 2, 0.5)
        expect("the same with alpha = 0 (words a class never used get log 0 = -inf)", X, np.array([0, 1, 0]), 2, 0.0)
        expect("alpha = 0 with every count positive (the MLE)", np.array([[1, 2], [3, 1], [2, 2]]), np.array([1, 0, 1]), 2, 0.0)
        expect("class 2 of 3 has no documents (its log prior is -inf), alpha = 1", X, np.array([1, 0, 0]), 3, 1.0)
        X = rng.integers(0, 4, size=(60, 17))
        y = rng.integers(0, 4, size=60)
        expect("60 seeded random documents, 17 words, 4 classes, alpha = 0.3", X, y, 4, 0.3)
        X = rng.integers(0, 1000, size=(8, 3))
        expect("large counts (8 documents, 3 words), alpha = 1e-3", X, np.arange(8) % 2, 2, 1e-3)
        c.call_raises("a negative alpha = -1", ValueError, X, np.arange(8) % 2, 2, -1.0)


def check_log_posteriors(log_posteriors):
    rng = np.random.default_rng(SEED)
    with Checker(log_posteriors, forbid=["loop", "np.logaddexp", "np.logaddexp2"]) as c:

        def expect(case, X, log_priors, log_likelihoods, atol=None):
            got = c.call(case, X, log_priors, log_likelihoods)
            c.array(got, (np.shape(X)[0], len(log_priors)))
            c.close(got, _log_posteriors(X, log_priors, log_likelihoods), atol=atol)
            if got.size:
                c.close(np.exp(got).sum(axis=1), np.ones(got.shape[0]), what="each row of exp(result) (the posterior) must sum to 1")

        log_priors = np.log(np.array([0.5, 0.3, 0.2]))
        theta = np.array([[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25]])
        X = np.array([[1, 0, 2, 0], [0, 3, 0, 0]])
        expect("2 documents, 3 classes, 4 words (integer counts)", X, log_priors, np.log(theta))
        expect("a document with no known words (the posterior is the prior)", np.zeros((1, 4), dtype=int), log_priors, np.log(theta))
        expect("no documents, X of shape (0, 4)", np.zeros((0, 4), dtype=int), log_priors, np.log(theta))
        # Long documents: the joint log-probabilities are about -1e5, so exp() of them is exactly 0.
        expect(
            "two long documents (counts in the thousands: exp of the joint log-probability underflows)",
            X * 20_000 + 7,
            log_priors,
            np.log(theta),
        )
        expect(
            "class 1 has prior 0 (log prior -inf): its column must be -inf, the others finite",
            X,
            np.array([np.log(0.6), -np.inf, np.log(0.4)]),
            np.log(theta),
        )
        theta = rng.dirichlet(np.ones(30), size=5)
        X = rng.integers(0, 3, size=(12, 30))
        expect("12 seeded random documents, 30 words, 5 classes", X, np.log(rng.dirichlet(np.ones(5))), np.log(theta))


def check_confusion_matrix(confusion_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(confusion_matrix, forbid=["loop"]) as c:
        y_true, y_pred = np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 1])
        got = c.call("y_true = [0, 0, 1, 2, 2, 2], y_pred = [0, 1, 1, 2, 0, 1], 3 classes", y_true, y_pred, 3)
        c.array(got, (3, 3))
        c.equal(got, np.array([[1, 1, 0], [0, 1, 0], [1, 1, 1]]))
        c.equal(
            c.call("4 classes, class 3 never true and never predicted", y_true, y_pred, 4),
            np.array([[1, 1, 0, 0], [0, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0]]),
        )
        c.equal(
            c.call("no predictions at all, 2 classes", np.array([], dtype=int), np.array([], dtype=int), 2), np.zeros((2, 2), dtype=int)
        )
        y_true, y_pred = rng.integers(0, 5, size=200), rng.integers(0, 5, size=200)
        c.equal(c.call("200 seeded random labels, 5 classes", y_true, y_pred, 5), _confusion(y_true, y_pred, 5))
        c.call_raises("a label 3 with only 3 classes (0, 1, 2)", ValueError, np.array([0, 1, 3]), np.array([0, 1, 2]), 3)
        c.call_raises(
            "a predicted label 3 with only 3 classes, y_true = [0, 0, 1], y_pred = [3, 0, 0]",
            ValueError,
            np.array([0, 0, 1]),
            np.array([3, 0, 0]),
            3,
        )
        c.call_raises("a negative label -1", ValueError, np.array([0, 1, 2]), np.array([0, -1, 2]), 3)
        c.call_raises("y_true of length 3 and y_pred of length 2", ValueError, np.array([0, 1, 2]), np.array([0, 1]), 3)


def check_precision_recall_f1(precision_recall_f1):
    rng = np.random.default_rng(SEED)
    with Checker(precision_recall_f1) as c:

        def expect(case, confusion):
            got = c.call(case, confusion)
            precision, recall, f1 = c.unpack(got, ("precision", "recall", "f1"))
            want = _prf(confusion)
            k = np.shape(confusion)[0]
            for name, value, wanted in zip(("precision", "recall", "f1"), (precision, recall, f1), want):
                c.array(value, (k,), what=name)
                c.close(value, wanted, what=name)

        expect(
            "confusion [[5, 1, 0], [2, 3, 1], [0, 4, 4]] (rows: true class, columns: predicted)",
            np.array([[5, 1, 0], [2, 3, 1], [0, 4, 4]]),
        )
        expect("class 1 is never predicted (its precision is 0/0: report 0)", np.array([[4, 0, 1], [2, 0, 3], [1, 0, 6]]))
        expect("class 2 never occurs and is never predicted (recall 0/0 and F1 0/0: report 0)", np.array([[3, 1, 0], [2, 5, 0], [0, 0, 0]]))
        expect("class 0 has no correct predictions (precision and recall 0: F1 0)", np.array([[0, 2], [3, 4]]))
        expect("a perfect classifier, 2 classes", np.array([[7, 0], [0, 9]]))
        expect("a seeded random 6 x 6 confusion matrix", rng.integers(0, 40, size=(6, 6)))


def check_evaluate_pipeline(evaluate_pipeline):
    rng = np.random.default_rng(SEED)
    with Checker(evaluate_pipeline) as c:

        def expect(case, train_texts, train_labels, test_texts, test_labels, n_classes, alpha):
            got = c.call(case, train_texts, train_labels, test_texts, test_labels, n_classes, alpha)
            want, margins = _pipeline(train_texts, train_labels, test_texts, test_labels, n_classes, alpha)
            c.require(isinstance(got, dict), f"Expected a dict with keys {sorted(want)}, got {type(got).__name__}.")
            c.require(set(got) == set(want), f"Expected a dict with keys {sorted(want)}, got keys {sorted(got)}.")
            c.equal(
                got["vocabulary_size"],
                want["vocabulary_size"],
                what="vocabulary_size (words of the TRAINING texts only: test words must not leak in)",
            )
            # A test document whose two best classes are within 1e-6 in log space may go either way with
            # the order of the sums; each such document can move the accuracy by 1 / (number of test documents).
            ties = int(np.sum(margins < 1e-6))
            c.close(got["accuracy"], want["accuracy"], atol=(ties + 1e-9) / len(test_texts), what="accuracy on the test texts")
            # One flipped document changes the F1 of at most two classes, each by at most 2 / (that class's
            # test documents), so the macro average moves by at most 4 / (n_classes * smallest class).
            smallest = max(int(np.min(np.bincount(test_labels, minlength=n_classes))), 1)
            c.close(got["macro_f1"], want["macro_f1"], atol=(4 * ties + 1e-9) / (n_classes * smallest), what="macro_f1 on the test texts")

        train = ["refund my invoice", "invoice charged twice", "app crash on login", "crash after update", "add dark mode please"]
        test = ["Refund please!", "login crash", "dark mode please", "charged twice invoice", "crash"]
        expect(
            "5 hand-written training tickets, 5 test tickets, alpha = 1",
            train,
            np.array([0, 0, 1, 1, 2]),
            test,
            np.array([0, 1, 2, 0, 1]),
            3,
            1.0,
        )
        # Test texts full of words the training texts never used: with them in the vocabulary (leakage),
        # the smoothing denominators change and so do the predictions.
        train = ["a a a b", "a c", "b b d", "d d d b"]
        test = ["a b zz yy xx ww", "c d vv uu tt", "d zz zz zz", "b ss rr qq pp"]
        expect(
            "test texts with many words not in the training texts (they must be ignored), alpha = 2",
            train,
            np.array([0, 0, 1, 1]),
            test,
            np.array([0, 0, 1, 1]),
            2,
            2.0,
        )
        train_texts, train_labels = make_tickets(150, rng)
        test_texts, test_labels = make_tickets(100, rng)
        for alpha in (0.05, 5.0):
            expect(
                f"150 seeded training tickets, 100 test tickets, alpha = {alpha}",
                train_texts,
                train_labels,
                test_texts,
                test_labels,
                3,
                alpha,
            )
        train_texts, train_labels, _, _, test_texts, test_labels = ticket_splits()
        expect(
            "the section's data: 400 training tickets, 600 test tickets, alpha = 1",
            train_texts,
            train_labels,
            test_texts,
            test_labels,
            3,
            1.0,
        )
