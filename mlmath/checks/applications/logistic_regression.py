"""Checks for applications/03-logistic-regression."""

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 4003

#: The chapter's seed: the last check reruns the pipeline on the page's own churn data.
PAGE_SEED = 3
PAGE_N, PAGE_TRAIN = 2000, 1500
#: The true model behind the churn data: logit = -1.45 - 0.06 * tenure + 0.035 * monthly charge.
TRUE_W = np.array([-1.45, -0.06, 0.035])


# -- references ------------------------------------------------------------------


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _bce_terms(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))


def _loss(w, X, y, alpha=0.0):
    return float(np.mean(_bce_terms(X @ w, y)) + 0.5 * alpha * (w @ w))


def _gradient(w, X, y, alpha=0.0):
    return X.T @ (_sigmoid(X @ w) - y) / X.shape[0] + alpha * w


def _descend(X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000):
    w, losses = np.zeros(X.shape[1]), []
    for step in range(max_steps + 1):
        losses.append(_loss(w, X, y, alpha))
        g = _gradient(w, X, y, alpha)
        if np.linalg.norm(g) <= tol or step == max_steps:
            break
        w = w - lr * g
    return w, np.array(losses)


def _calibration(p, y, n_bins):
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.minimum((p * n_bins).astype(int), n_bins - 1)
    counts = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(index, weights=p, minlength=n_bins) / counts
        observed = np.bincount(index, weights=y, minlength=n_bins) / counts
    return edges, counts, mean_predicted, observed


def churn_data(rng, n, tenure_shift=0.0):
    """The page's churn data: features (tenure in months, monthly charge), labels from the true model.

    Returns X of shape (n, 2) and integer labels y of shape (n,). `tenure_shift` moves the tenure
    distribution (a later cohort of customers), which leaves the true model unchanged.
    """
    tenure = rng.uniform(1, 72, size=n) + tenure_shift
    charge = rng.normal(70, 20, size=n)
    X = np.column_stack([tenure, charge])
    y = (rng.uniform(size=n) < _sigmoid(TRUE_W[0] + X @ TRUE_W[1:])).astype(int)
    return X, y


def page_split():
    """The page's train and test split: (X_train, y_train, X_test, y_test)."""
    rng = np.random.default_rng(PAGE_SEED)
    X, y = churn_data(rng, PAGE_N)
    order = rng.permutation(PAGE_N)
    train, test = order[:PAGE_TRAIN], order[PAGE_TRAIN:]
    return X[train], y[train], X[test], y[test]


def reference_pipeline(X_train, y_train, X_test, y_test, lr=1.0, alpha=0.0, max_steps=5000):
    """(mean, std, w, test accuracy) of the pipeline in exercise 8, and the test probabilities."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    A_train = np.column_stack([np.ones(len(X_train)), (X_train - mean) / std])
    A_test = np.column_stack([np.ones(len(X_test)), (X_test - mean) / std])
    w, _ = _descend(A_train, y_train, lr, alpha, 1e-6, max_steps)
    p = _sigmoid(A_test @ w)
    return mean, std, w, float(np.mean((p >= 0.5) == y_test)), p


def _with_intercept(rng, n, d):
    return np.column_stack([np.ones(n), rng.normal(size=(n, d - 1)) * rng.uniform(0.5, 2.0, size=d - 1)])


# -- exercise 1 -------------------------------------------------------------------


def check_sigmoid(sigmoid):
    rng = np.random.default_rng(SEED)
    with Checker(sigmoid) as c:

        def judge(case, z, atol=None):
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                got = c.call(case + " (NumPy set to raise on overflow)", z)
            c.close(c.array(got, np.shape(z)), _sigmoid(z), atol=atol)
            return got

        judge("z = [0., 2., -2.]", np.array([0.0, 2.0, -2.0]))
        # every entry right relative to its own size: 1 / (1 + e^40) is about 4e-18, not 0
        judge("huge logits z = [-1000., -40., 40., 1000.]", np.array([-1000.0, -40.0, 40.0, 1000.0]), atol=0)
        judge("z = [-745., -700., -30.] (tiny probabilities, each to full relative precision)", np.array([-745.0, -700.0, -30.0]), atol=0)
        judge("integer input z = [-3, 0, 3]", np.array([-3, 0, 3]))
        judge("an empty array", np.array([]))
        judge("a 2-D array of shape (2, 3)", np.array([[1.0, -1.0, 0.5], [-800.0, 800.0, 0.0]]), atol=0)
        z = rng.normal(scale=10, size=50)
        got = judge("50 seeded random logits of scale 10", z, atol=0)
        mirror = c.call("the same 50 logits negated", -z)
        c.close(np.asarray(got) + np.asarray(mirror), np.ones(50), what="sigma(z) + sigma(-z), which must be 1")


# -- exercise 2 -------------------------------------------------------------------


def check_binary_cross_entropy(binary_cross_entropy):
    rng = np.random.default_rng(SEED)
    with Checker(binary_cross_entropy) as c:

        def judge(case, z, y, expected=None, atol=None):
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                got = c.call(case + " (NumPy set to raise on overflow and log(0))", z, y)
            c.close(got, float(np.mean(_bce_terms(z, y))) if expected is None else expected, atol=atol)

        judge("z = [0., 0.], y = [1., 0.] (both probabilities 1/2)", np.zeros(2), np.array([1.0, 0.0]), np.log(2))
        judge("z = [2.], y = [1.]", np.array([2.0]), np.array([1.0]), np.log1p(np.exp(-2.0)))
        judge("z = [2.], y = [0.] (a dropped sign or swapped terms shows here)", np.array([2.0]), np.array([0.0]), np.log1p(np.exp(2.0)))
        judge("confident and right, z = [40.], y = [1.]: the loss is about 4.2e-18, not 0", np.array([40.0]), np.array([1.0]), atol=0)
        judge("confident and right, z = [-40.], y = [0.]", np.array([-40.0]), np.array([0.0]), atol=0)
        judge("confident and wrong, z = [40., -1000.], y = [0., 1.]: losses 40 and 1000", np.array([40.0, -1000.0]), np.array([0.0, 1.0]))
        judge("z = [1000., -1000.], y = [1., 0.] (both right, loss 0)", np.array([1000.0, -1000.0]), np.array([1.0, 0.0]), 0.0, atol=1e-300)
        judge("integer labels y = [1, 0, 1], z = [0.5, -1., 3.]", np.array([0.5, -1.0, 3.0]), np.array([1, 0, 1]))
        z, y = rng.normal(scale=5, size=200), rng.integers(0, 2, size=200)
        judge("200 seeded random logits and labels", z, y)
        c.call_raises("z of length 3 and y of length 1 (they would broadcast)", ValueError, np.zeros(3), np.ones(1))
        c.call_raises("empty z and y (a mean of nothing)", ValueError, np.array([]), np.array([]))


# -- exercise 3 -------------------------------------------------------------------


def check_loss_and_gradient(loss_and_gradient):
    rng = np.random.default_rng(SEED)
    with Checker(loss_and_gradient) as c:

        def judge(case, w, X, y, alpha=None):
            args = (w, X, y) if alpha is None else (w, X, y, alpha)
            got = c.call(case, *args)
            loss, gradient = c.unpack(got, ("loss", "gradient"))
            a = 0.0 if alpha is None else alpha
            c.close(loss, _loss(w, X, y, a), what="the loss")
            c.close(c.array(gradient, w.shape, what="the gradient"), _gradient(w, X, y, a), what="the gradient")
            # central differences are accurate to about 1e-9 relative on these smooth losses
            scale = np.linalg.norm(_gradient(w, X, y, a)) + 1e-12
            c.close(
                gradient,
                numerical_gradient(lambda v: _loss(v, X, y, a), w),
                rtol=1e-6,
                atol=1e-6 * scale,
                what="the gradient against central differences (mlmath.numerics.numerical_gradient)",
            )

        X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
        judge(
            "w = [0., 0.], X of shape (3, 2), y = [1., 0., 1.]: loss log 2, gradient [-1/6, -7/12]",
            np.zeros(2),
            X,
            np.array([1.0, 0.0, 1.0]),
        )
        judge("w = [0.5, -1.], the same X and y", np.array([0.5, -1.0]), X, np.array([1.0, 0.0, 1.0]))
        judge("integer labels y = [0, 1, 1], w = [-0.3, 0.8]", np.array([-0.3, 0.8]), X, np.array([0, 1, 1]))
        judge("the same with L2 penalty alpha = 0.1", np.array([-0.3, 0.8]), X, np.array([0, 1, 1]), 0.1)
        judge(
            "a non-square X of shape (2, 4), w of length 4",
            np.array([1.0, -2.0, 0.5, 3.0]),
            np.array([[1.0, 0.0, 2.0, -1.0], [1.0, 3.0, -1.0, 0.5]]),
            np.array([0.0, 1.0]),
        )
        judge(
            "huge logits (|Xw| = 1000): the loss must stay finite",
            np.array([500.0, -500.0]),
            np.array([[1.0, 1.0], [1.0, -1.0]]),
            np.array([1.0, 0.0]),
        )
        for trial in range(3):
            n, d = int(rng.integers(20, 60)), int(rng.integers(2, 6))
            X = _with_intercept(rng, n, d)
            w, y = rng.normal(size=d), rng.integers(0, 2, size=n).astype(float)
            alpha = [0.0, 0.01, 1.0][trial]
            judge(f"seeded random X of shape ({n}, {d}), alpha = {alpha}", w, X, y, alpha)
        c.call_raises("X has 3 rows but y only 1 entry (it would broadcast)", ValueError, np.zeros(2), np.ones((3, 2)), np.ones(1))


# -- exercise 4 -------------------------------------------------------------------


def check_gradient_descent(gradient_descent):
    rng = np.random.default_rng(SEED)
    with Checker(gradient_descent) as c:

        def judge(case, X, y, lr, alpha=0.0, tol=1e-6, max_steps=10_000, rtol=1e-7):
            got = c.call(case, X, y, lr, alpha=alpha, tol=tol, max_steps=max_steps)
            w, losses = c.unpack(got, ("w", "losses"))
            w_ref, losses_ref = _descend(X, y, lr, alpha, tol, max_steps)
            c.array(losses, (None,), what="losses")
            c.require(
                len(losses) == len(losses_ref),
                f"Expected {len(losses_ref)} losses (the loss at w_0 and after each of {len(losses_ref) - 1} steps), "
                f"got {len(losses)}. Stop at the first w_k whose gradient has norm <= tol, or at k = max_steps.",
            )
            c.close(c.array(w, (X.shape[1],), what="w"), w_ref, rtol=rtol, what="the final weights w")
            c.close(losses, losses_ref, rtol=rtol, what="the losses")
            return w, losses

        X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
        y = np.array([1.0, 0.0, 1.0])
        judge("max_steps = 0: no step, w = 0 and losses = [log 2]", X, y, 0.5, max_steps=0)
        judge("max_steps = 1, lr = 0.5: exactly one step", X, y, 0.5, max_steps=1)
        judge("max_steps = 3, lr = 2., alpha = 0.1", X, y, 2.0, alpha=0.1, max_steps=3)
        judge("tol = 10. (the gradient at w = 0 is already small enough: no step)", X, y, 0.5, tol=10.0)
        n, d = 200, 3
        X = _with_intercept(rng, n, d)
        y = (rng.uniform(size=n) < _sigmoid(X @ np.array([0.5, -1.0, 2.0]))).astype(float)
        # contractive near the minimum: summation order changes the result by rounding only
        w, losses = judge("seeded X of shape (200, 3), lr = 1., tol = 1e-8", X, y, 1.0, tol=1e-8, rtol=1e-6)
        c.require(np.linalg.norm(_gradient(np.asarray(w), X, y)) <= 1e-8, "At the returned w the gradient norm must be <= tol.")
        c.require(
            bool(np.all(np.diff(losses) <= 1e-12)),
            "With this small learning rate every step must lower the loss (the loss is convex and lr < 2/L).",
        )
        Xs = np.column_stack([np.ones(6), [-3.0, -2.0, -1.0, 1.0, 2.0, 3.0]])
        ys = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
        judge("separable data, alpha = 0, max_steps = 300 (w keeps growing)", Xs, ys, 1.0, max_steps=300, rtol=1e-6)
        judge("separable data, alpha = 0.1 (the penalty gives a finite minimiser)", Xs, ys, 1.0, alpha=0.1, tol=1e-9, rtol=1e-6)


# -- exercise 5 -------------------------------------------------------------------


def check_predict(predict):
    rng = np.random.default_rng(SEED)
    with Checker(predict) as c:

        def judge(case, w, X, threshold=None):
            args = (w, X) if threshold is None else (w, X, threshold)
            with np.errstate(over="raise"):
                got = c.call(case, *args)
            p, labels = c.unpack(got, ("probabilities", "labels"))
            p_ref = _sigmoid(X @ w)
            labels_ref = (p_ref >= (0.5 if threshold is None else threshold)).astype(int)
            c.close(c.array(p, (X.shape[0],), what="the probabilities"), p_ref, what="the probabilities")
            c.equal(c.array(labels, (X.shape[0],), what="the labels"), labels_ref, what="the labels (integers 0 and 1)")

        X = np.array([[1.0, 0.0], [1.0, 2.0], [1.0, -2.0], [1.0, 0.3]])
        judge("w = [0., 1.], default threshold: the first row has p exactly 0.5 (label 1)", np.array([0.0, 1.0]), X)
        judge("w = [0., 1.], threshold 0.6 (compare probabilities with it, not logits)", np.array([0.0, 1.0]), X, 0.6)
        judge("w = [0., 1.], threshold 0.2", np.array([0.0, 1.0]), X, 0.2)
        judge("huge logits, w = [0., 500.]", np.array([0.0, 500.0]), X)
        judge("a non-square X of shape (2, 3)", np.array([0.5, -1.0, 2.0]), np.array([[1.0, 2.0, 0.0], [1.0, -1.0, 1.0]]), 0.7)
        X = _with_intercept(rng, 30, 4)
        judge("30 seeded random rows, threshold 0.3", rng.normal(size=4), X, 0.3)
        c.call_raises("threshold 1.5 (not a probability)", ValueError, np.zeros(2), np.ones((2, 2)), 1.5)
        c.call_raises("threshold -0.1", ValueError, np.zeros(2), np.ones((2, 2)), -0.1)


# -- exercise 6 -------------------------------------------------------------------


def _metrics(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp = np.sum(y_true & y_pred)
    accuracy = float(np.mean(y_true == y_pred))
    precision = float(tp / y_pred.sum()) if y_pred.sum() else 0.0
    recall = float(tp / y_true.sum()) if y_true.sum() else 0.0
    return accuracy, precision, recall


def check_classification_metrics(classification_metrics):
    rng = np.random.default_rng(SEED)
    with Checker(classification_metrics, forbid=["loop"]) as c:

        def judge(case, y_true, y_pred, expected=None):
            got = c.unpack(c.call(case, y_true, y_pred), ("accuracy", "precision", "recall"))
            expected = _metrics(y_true, y_pred) if expected is None else expected
            for name, value, want in zip(("accuracy", "precision", "recall"), got, expected):
                c.close(value, want, what=name)

        # 2 true positives, 1 false positive, 3 false negatives, 2 true negatives
        judge(
            "y_true = [1, 1, 1, 1, 1, 0, 0, 0], y_pred = [1, 1, 0, 0, 0, 1, 0, 0]: precision 2/3, recall 2/5",
            np.array([1, 1, 1, 1, 1, 0, 0, 0]),
            np.array([1, 1, 0, 0, 0, 1, 0, 0]),
            (0.5, 2 / 3, 0.4),
        )
        judge("nothing predicted positive (precision defined as 0.)", np.array([1, 0, 1]), np.array([0, 0, 0]), (1 / 3, 0.0, 0.0))
        judge("no positive labels (recall defined as 0.)", np.array([0, 0, 0, 0]), np.array([1, 0, 0, 0]), (0.75, 0.0, 0.0))
        judge("a single example, right", np.array([1]), np.array([1]), (1.0, 1.0, 1.0))
        judge(
            "float labels y_true = [1., 0., 1.], y_pred = [1., 1., 1.]",
            np.array([1.0, 0.0, 1.0]),
            np.array([1.0, 1.0, 1.0]),
            (2 / 3, 2 / 3, 1.0),
        )
        y_true = rng.integers(0, 2, size=500)
        y_pred = np.where(rng.uniform(size=500) < 0.8, y_true, 1 - y_true)
        judge("500 seeded random labels, 80% predicted right", y_true, y_pred)
        c.call_raises("different lengths 3 and 1 (they would broadcast)", ValueError, np.array([1, 0, 1]), np.array([1]))
        c.call_raises("empty arrays", ValueError, np.array([], dtype=int), np.array([], dtype=int))


# -- exercise 7 -------------------------------------------------------------------


def check_calibration_table(calibration_table):
    rng = np.random.default_rng(SEED)
    with Checker(calibration_table, forbid=["np.histogram", "np.digitize"]) as c:

        def judge(case, p, y, n_bins):
            with np.errstate(invalid="ignore", divide="ignore"):
                got = c.call(case, p, y, n_bins)
            edges, counts, mean_predicted, observed = c.unpack(got, ("edges", "counts", "mean_predicted", "observed"))
            ref = _calibration(np.asarray(p, dtype=float), np.asarray(y, dtype=float), n_bins)
            c.close(c.array(edges, (n_bins + 1,), what="edges"), ref[0], what="the bin edges")
            c.equal(c.array(counts, (n_bins,), what="counts"), ref[1], what="the counts (integers)")
            c.close(
                c.array(mean_predicted, (n_bins,), what="mean_predicted"),
                ref[2],
                what="the mean predicted probability per bin (NaN if empty)",
            )
            c.close(c.array(observed, (n_bins,), what="observed"), ref[3], what="the observed frequency per bin (NaN if empty)")

        judge(
            "4 bins, p = [0.1, 0.2, 0.6, 0.9, 1.0, 0.75], y = [0, 1, 1, 1, 1, 0]: bin 2 is empty, 0.75 and 1.0 go to the last bin",
            np.array([0.1, 0.2, 0.6, 0.9, 1.0, 0.75]),
            np.array([0, 1, 1, 1, 1, 0]),
            4,
        )
        judge(
            "2 bins, p = [0., 0.5, 0.25, 0.5], y = [0, 1, 0, 0] (0.5 starts the second bin)",
            np.array([0.0, 0.5, 0.25, 0.5]),
            np.array([0, 1, 0, 0]),
            2,
        )
        judge("1 bin, p = [0.2, 0.9], y = [1, 1]", np.array([0.2, 0.9]), np.array([1, 1]), 1)
        p = rng.uniform(size=400) ** 2
        judge("400 seeded random probabilities, 10 bins", p, (rng.uniform(size=400) < p).astype(int), 10)
        p = rng.uniform(0.0, 0.3, size=50)
        judge("50 seeded probabilities below 0.3, 5 bins (the upper bins are empty)", p, (rng.uniform(size=50) < p).astype(float), 5)
        c.call_raises("a probability above 1, p = [0.5, 1.2]", ValueError, np.array([0.5, 1.2]), np.array([0, 1]), 4)
        c.call_raises("a negative probability, p = [-0.1, 0.5]", ValueError, np.array([-0.1, 0.5]), np.array([0, 1]), 4)
        c.call_raises("n_bins = 0", ValueError, np.array([0.5]), np.array([1]), 0)


# -- exercise 8 -------------------------------------------------------------------


def check_fit_and_evaluate(fit_and_evaluate):
    rng = np.random.default_rng(SEED)
    with Checker(fit_and_evaluate) as c:

        def judge(case, X_train, y_train, X_test, y_test, alpha=0.0):
            got = c.call(case, X_train, y_train, X_test, y_test, 1.0, alpha, 5000)
            mean, std, w, accuracy = c.unpack(got, ("mean", "std", "w", "test_accuracy"))
            mean_ref, std_ref, w_ref, accuracy_ref, p_ref = reference_pipeline(X_train, y_train, X_test, y_test, 1.0, alpha, 5000)
            d = X_train.shape[1]
            c.close(c.array(mean, (d,), what="mean"), mean_ref, what="mean: the training set's feature means (test data must not leak in)")
            c.close(c.array(std, (d,), what="std"), std_ref, what="std: the training set's feature standard deviations (ddof=0)")
            c.close(
                c.array(w, (d + 1,), what="w"), w_ref, rtol=1e-6, what="w, the intercept first, trained on the standardised training set"
            )
            # Rounding can only flip test points that sit on the boundary: allow one per point whose
            # reference probability is within 1e-6 of 0.5, and no more.
            flips = int(np.sum(np.abs(p_ref - 0.5) < 1e-6))
            c.close(accuracy, accuracy_ref, atol=flips / len(y_test) + 1e-12, what="the test accuracy")
            # The true model is the best any classifier can do; a fitted one comes within sampling error of it.
            bayes = float(np.mean((_sigmoid(TRUE_W[0] + X_test @ TRUE_W[1:]) >= 0.5) == y_test))
            slack = 3 * np.sqrt(bayes * (1 - bayes) / len(y_test))
            c.require(
                accuracy >= bayes - slack,
                f"The test accuracy {accuracy:.3f} is far below the true model's {bayes:.3f} (allowed: {slack:.3f} below).",
            )

        judge("the chapter's churn data: 1500 training and 500 test customers", *page_split())
        X_train, y_train = churn_data(rng, 600)
        X_test, y_test = churn_data(rng, 300, tenure_shift=30.0)
        judge(
            "seeded churn data whose test customers have 30 more months of tenure (their own mean must not be used)",
            X_train,
            y_train,
            X_test,
            y_test,
        )
        judge("the same data with alpha = 0.05", X_train, y_train, X_test, y_test, alpha=0.05)
        constant = X_train.copy()
        constant[:, 1] = 70.0
        c.call_raises(
            "a training feature that is constant (its standard deviation is 0)",
            ValueError,
            constant,
            y_train,
            X_test,
            y_test,
            1.0,
            0.0,
            100,
        )
