"""Checks for probability/07-information-theory."""

import warnings

import numpy as np

from mlmath.checking import Checker

SEED = 3007

LN2 = float(np.log(2.0))

# What the tasks forbid: the library functions that would do the exercise in one call
SCIPY_ENTROPY = ["scipy.stats.entropy", "scipy.special.entr"]
SCIPY_KL = ["scipy.special.rel_entr", "scipy.special.kl_div", "scipy.special.entr", "scipy.stats.entropy"]


# -- reference implementations (the checks' own, written the plain way) ---------------------


def _xlogy(x, y):
    """x * log(y) with 0 * log(anything) = 0, elementwise, without warnings."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    out = np.zeros(x.shape)
    positive = x > 0
    with np.errstate(divide="ignore"):
        out[positive] = x[positive] * np.log(y[positive])
    return out


def _entropy(p):
    return -np.sum(_xlogy(p, p), axis=-1)


def _cross_entropy(p, q):
    return float(-np.sum(_xlogy(p, q)))


def _kl(p, q):
    return float(np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q)))


def _random_distribution(rng, k, zeros=0):
    """A seeded random distribution over k outcomes, with `zeros` of them set to probability 0."""
    p = rng.dirichlet(np.ones(k))
    if zeros:
        p[rng.choice(k, size=zeros, replace=False)] = 0.0
        p /= p.sum()
    return p


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def _gaussian_kl(mu0, cov0, mu1, cov1):
    mu0, mu1 = np.atleast_1d(np.asarray(mu0, dtype=float)), np.atleast_1d(np.asarray(mu1, dtype=float))
    cov0, cov1 = np.atleast_2d(np.asarray(cov0, dtype=float)), np.atleast_2d(np.asarray(cov1, dtype=float))
    d = mu0.size
    diff = mu1 - mu0
    trace = np.trace(np.linalg.solve(cov1, cov0))
    maha = diff @ np.linalg.solve(cov1, diff)
    logdet = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return float(0.5 * (trace + maha - d + logdet))


def _gaussian_logpdf(x, mu, cov):
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (x - mu).T)
    return -0.5 * np.sum(z**2, axis=0) - np.sum(np.log(np.diag(L))) - 0.5 * len(mu) * np.log(2 * np.pi)


# -- running the learner's function without NumPy warnings -----------------------------------


def _quiet_call(c, case, *args):
    """c.call, failing when the learner's code lets NumPy warn (log of 0, 0 * inf, overflow)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = c.call(case, *args)
    noisy = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    c.require(
        not noisy,
        f"Your function let NumPy warn: RuntimeWarning: {noisy[0].message if noisy else ''}.\n"
        "A correct answer has no warnings. Compute a logarithm only where it is defined (np.where evaluates "
        "both of its branches, so it does not help), or wrap the step in `with np.errstate(...)` when "
        "the infinite value is the right answer.",
    )
    return got


# -- the checks ---------------------------------------------------------------------------------


def check_entropy(entropy):
    rng = np.random.default_rng(SEED)
    with Checker(entropy, forbid=SCIPY_ENTROPY) as c:
        c.close(_quiet_call(c, "a fair coin p = [0.5, 0.5] in bits (base 2)", np.array([0.5, 0.5]), 2), 1.0)
        c.close(_quiet_call(c, "a fair coin p = [0.5, 0.5] in nats (base e, the default)", np.array([0.5, 0.5])), LN2)
        c.close(_quiet_call(c, "p = [0.25, 0.25, 0.5] in bits", np.array([0.25, 0.25, 0.5]), 2), 1.5)
        c.close(_quiet_call(c, "uniform over 8 outcomes in bits", np.full(8, 1 / 8), 2), 3.0)
        c.close(_quiet_call(c, "a certain outcome p = [0., 1., 0.] (0 log 0 counts as 0)", np.array([0.0, 1.0, 0.0])), 0.0)
        c.close(_quiet_call(c, "integer input p = [0, 1]", np.array([0, 1])), 0.0)
        c.close(_quiet_call(c, "a single outcome p = [1.]", np.array([1.0])), 0.0)
        p = np.array([1e-300, 1.0])
        c.close(
            _quiet_call(c, "a tiny probability p = [1e-300, 1 - 1e-300] (adding an epsilon to p is wrong here)", p),
            float(_entropy(p)),
        )
        p = _random_distribution(rng, 6, zeros=2)
        c.close(_quiet_call(c, "a seeded random p over 6 outcomes, 2 of them 0, base 10", p, 10), float(_entropy(p) / np.log(10)))
        P = np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]])
        got = _quiet_call(c, "two rows P = [[0.5, 0.5, 0.], [1., 0., 0.]] in bits: one entropy per row", P, 2)
        c.array(got, (2,))
        c.close(got, np.array([1.0, 0.0]))
        P = np.stack([_random_distribution(rng, 3, zeros=int(i % 2)) for i in range(7)])
        got = _quiet_call(c, "7 seeded random rows over 3 outcomes (some entries 0)", P)
        c.array(got, (7,))
        c.close(got, _entropy(P))
        got = _quiet_call(c, "no rows: P of shape (0, 4)", np.zeros((0, 4)))
        c.array(got, (0,))
        # Theorem: the uniform distribution has the largest entropy, log k
        for k in (2, 5, 50):
            P = np.stack([_random_distribution(rng, k) for _ in range(20)] + [np.full(k, 1 / k)])
            got = _quiet_call(c, f"20 seeded random rows over {k} outcomes, then the uniform row", P)
            c.array(got, (21,))
            c.close(got, _entropy(P))
            c.require(
                np.all(got[:-1] <= got[-1]) and np.isclose(got[-1], np.log(k)),
                f"The uniform distribution over {k} outcomes should have the largest entropy, log {k} = "
                f"{np.log(k):.6f}; got {got[-1]!r} for it and up to {got[:-1].max()!r} for the others.",
            )
        c.call_raises("p = [0.5, 0.6] (sums to 1.1)", ValueError, np.array([0.5, 0.6]))
        c.call_raises("p = [1.5, -0.5] (sums to 1 but has a negative entry)", ValueError, np.array([1.5, -0.5]))
        c.call_raises("rows [[0.5, 0.5], [0.3, 0.3]] (the second row sums to 0.6)", ValueError, np.array([[0.5, 0.5], [0.3, 0.3]]))
        c.call_raises("an empty distribution p = [] (sums to 0)", ValueError, np.array([]))


def _pair_cases(rng, count):
    for trial in range(count):
        k = int(rng.integers(2, 8))
        yield f"seeded random pair {trial + 1} over {k} outcomes", _random_distribution(rng, k), _random_distribution(rng, k)


def check_cross_entropy(cross_entropy):
    rng = np.random.default_rng(SEED)
    with Checker(cross_entropy, forbid=SCIPY_KL) as c:
        c.close(_quiet_call(c, "a one-hot target p = [1, 0] (integers), q = [0.5, 0.5]", np.array([1, 0]), np.array([0.5, 0.5])), LN2)
        p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
        c.close(_quiet_call(c, "p = [0.5, 0.5], q = [0.9, 0.1]", p, q), _cross_entropy(p, q))
        c.close(_quiet_call(c, "p = [0.9, 0.1], q = [0.5, 0.5] (the order matters)", q, p), LN2)
        p = np.array([0.2, 0.3, 0.5])
        c.close(_quiet_call(c, "q = p = [0.2, 0.3, 0.5]: the cross-entropy is the entropy", p, p), float(_entropy(p)))
        c.close(
            _quiet_call(
                c,
                "zeros in the same place, p = [0.5, 0.5, 0.], q = [0.25, 0.75, 0.]",
                np.array([0.5, 0.5, 0.0]),
                np.array([0.25, 0.75, 0.0]),
            ),
            -0.5 * np.log(0.25) - 0.5 * np.log(0.75),
        )
        c.close(
            _quiet_call(c, "q has a 0 where p does not: p = [0.5, 0.5], q = [1., 0.]", np.array([0.5, 0.5]), np.array([1.0, 0.0])),
            np.inf,
        )
        p, q = np.array([0.5, 0.5]), np.array([1e-320, 1.0])
        c.close(
            _quiet_call(c, "a tiny q: p = [0.5, 0.5], q = [1e-320, 1 - 1e-320] (clipping q to an epsilon is wrong)", p, q),
            _cross_entropy(p, q),
        )
        for case, p, q in _pair_cases(rng, 6):
            got = _quiet_call(c, case, p, q)
            c.close(got, _cross_entropy(p, q))
            c.require(
                got >= _entropy(p) - 1e-12,
                f"The cross-entropy H(p, q) is never below the entropy H(p) = {_entropy(p)!r}; got {got!r}.",
            )
        c.call_raises("lengths 2 and 3", ValueError, np.array([0.5, 0.5]), np.full(3, 1 / 3))
        c.call_raises("q = [0.5, 0.4] does not sum to 1", ValueError, np.array([0.5, 0.5]), np.array([0.5, 0.4]))
        c.call_raises("p = [1.5, -0.5] has a negative entry", ValueError, np.array([1.5, -0.5]), np.array([0.5, 0.5]))


def check_kl_divergence(kl_divergence):
    rng = np.random.default_rng(SEED)
    with Checker(kl_divergence, forbid=SCIPY_KL) as c:
        p = np.array([0.2, 0.3, 0.5])
        c.close(_quiet_call(c, "q = p = [0.2, 0.3, 0.5]", p, p), 0.0, atol=1e-12)
        p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
        forward = _quiet_call(c, "p = [0.5, 0.5], q = [0.9, 0.1]", p, q)
        c.close(forward, _kl(p, q))
        backward = _quiet_call(c, "p = [0.9, 0.1], q = [0.5, 0.5] (KL is not symmetric)", q, p)
        c.close(backward, _kl(q, p))
        c.close(
            _quiet_call(c, "p has a 0 where q does not: p = [1, 0] (integers), q = [0.5, 0.5]", np.array([1, 0]), np.array([0.5, 0.5])),
            LN2,
        )
        c.close(
            _quiet_call(c, "q has a 0 where p does not: p = [0.5, 0.5], q = [1., 0.]", np.array([0.5, 0.5]), np.array([1.0, 0.0])),
            np.inf,
        )
        p, q = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.75, 0.0])
        c.close(_quiet_call(c, "zeros in the same place, p = [0.5, 0.5, 0.], q = [0.25, 0.75, 0.]", p, q), _kl(p, q))
        p, q = np.array([0.5, 0.5]), np.array([1e-320, 1.0])
        c.close(_quiet_call(c, "a tiny q: p = [0.5, 0.5], q = [1e-320, 1 - 1e-320] (p / q overflows to inf)", p, q), _kl(p, q))
        for case, p, q in _pair_cases(rng, 8):
            got = _quiet_call(c, case, p, q)
            c.close(got, _kl(p, q))
            c.require(got >= 0, f"Gibbs' inequality: KL(p || q) is never negative; got {got!r}.")
        c.call_raises("lengths 3 and 2", ValueError, np.full(3, 1 / 3), np.array([0.5, 0.5]))
        c.call_raises("p = [0.7, 0.7] does not sum to 1", ValueError, np.array([0.7, 0.7]), np.array([0.5, 0.5]))
        c.call_raises("q = [1.5, -0.5] has a negative entry", ValueError, np.array([0.5, 0.5]), np.array([1.5, -0.5]))


def _random_covariance(rng, d):
    A = rng.normal(size=(d, d))  # not symmetric: A A^T + I is
    return A @ A.T + np.eye(d)


def check_gaussian_kl(gaussian_kl):
    rng = np.random.default_rng(SEED)
    with Checker(gaussian_kl, forbid=["np.linalg.inv"]) as c:
        c.close(c.call("univariate N(0, 1) against N(1, 2) (numbers: mean and variance)", 0.0, 1.0, 1.0, 2.0), 0.5 * LN2)
        c.close(c.call("univariate N(1, 2) against N(0, 1) (the order matters)", 1.0, 2.0, 0.0, 1.0), 1 - 0.5 * LN2)
        c.close(
            c.call("integer input: N(0, 1) as numbers against N([2], [[4]]) as arrays", 0, 1, np.array([2]), np.array([[4]])),
            0.125 + LN2,
        )
        c.close(c.call("the same Gaussian twice, N(-3, 0.5)", -3.0, 0.5, -3.0, 0.5), 0.0, atol=1e-12)
        mu0, mu1 = np.array([1.0, -2.0]), np.array([0.5, 1.0])
        cov0, cov1 = np.array([[2.0, 0.6], [0.6, 1.0]]), np.array([[1.0, -0.3], [-0.3, 0.5]])
        c.close(
            c.call("2-D, correlated covariances [[2, 0.6], [0.6, 1]] and [[1, -0.3], [-0.3, 0.5]]", mu0, cov0, mu1, cov1),
            _gaussian_kl(mu0, cov0, mu1, cov1),
        )
        d = 120
        c.close(
            c.call(
                "120-D, covariances 0.001 I and 0.002 I (each determinant underflows to 0)",
                np.zeros(d),
                0.001 * np.eye(d),
                np.zeros(d),
                0.002 * np.eye(d),
            ),
            d / 2 * (0.5 - 1 + LN2),
        )
        c.close(
            c.call(
                "100-D, covariances 1e4 I and 1e4 I / 2, means 1 apart in every entry (each determinant overflows)",
                np.zeros(100),
                1e4 * np.eye(100),
                np.ones(100),
                5e3 * np.eye(100),
            ),
            50 * (2.0 + 100 / 5e3 / 100 - 1 - LN2),
        )
        for trial in range(4):
            d = int(rng.integers(1, 5))
            mu0, mu1 = rng.normal(size=d), rng.normal(size=d)
            cov0, cov1 = _random_covariance(rng, d), _random_covariance(rng, d)
            c.close(c.call(f"seeded random {d}-D pair {trial + 1}", mu0, cov0, mu1, cov1), _gaussian_kl(mu0, cov0, mu1, cov1))
        # Against a Monte Carlo estimate: KL(p || q) = E_p[log p(X) - log q(X)], 5 standard errors
        for trial in range(2):
            d, n = 3, 40_000
            mu0, mu1 = rng.normal(size=d), rng.normal(size=d)
            cov0, cov1 = _random_covariance(rng, d), _random_covariance(rng, d)
            x = mu0 + rng.normal(size=(n, d)) @ np.linalg.cholesky(cov0).T
            log_ratio = _gaussian_logpdf(x, mu0, cov0) - _gaussian_logpdf(x, mu1, cov1)
            estimate, standard_error = log_ratio.mean(), log_ratio.std(ddof=1) / np.sqrt(n)
            got = c.call(f"seeded random 3-D pair {trial + 1}, compared with a Monte Carlo estimate from {n} samples", mu0, cov0, mu1, cov1)
            c.close(got, _gaussian_kl(mu0, cov0, mu1, cov1))
            c.require(
                abs(got - estimate) <= 5 * standard_error,
                f"The Monte Carlo estimate of E[log p(X) - log q(X)] is {estimate:.5f} +- {standard_error:.5f}; "
                f"your closed form gave {got!r}, more than 5 standard errors away.",
            )


def _mi(counts):
    joint = np.asarray(counts, dtype=float) / np.sum(counts)
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    return float(np.sum(_xlogy(joint, joint)) - np.sum(_xlogy(joint, np.outer(px, py))))


def check_mutual_information(mutual_information):
    rng = np.random.default_rng(SEED)
    with Checker(mutual_information, forbid=SCIPY_KL + ["sklearn.metrics.mutual_info_score"]) as c:
        c.close(_quiet_call(c, "a perfect copy, counts [[10, 0], [0, 10]]", np.array([[10, 0], [0, 10]])), LN2)
        c.close(_quiet_call(c, "independent 2 x 3 counts [[3, 1, 2], [6, 2, 4]]", np.array([[3, 1, 2], [6, 2, 4]])), 0.0, atol=1e-12)
        c.close(_quiet_call(c, "one cell, counts [[5]]", np.array([[5]])), 0.0, atol=1e-12)
        counts = np.array([[30, 10], [5, 15], [0, 40]])
        c.close(
            _quiet_call(c, "a feature with 3 values against a label with 2, counts [[30, 10], [5, 15], [0, 40]]", counts),
            _mi(counts),
        )
        counts = np.array([[3, 0, 1], [1, 0, 3]])
        c.close(_quiet_call(c, "a column of zeros, counts [[3, 0, 1], [1, 0, 3]]", counts), _mi(counts))
        counts = np.array([[0.5, 0.25], [0.0, 0.25]])
        c.close(_quiet_call(c, "float counts that are a joint distribution, [[0.5, 0.25], [0., 0.25]]", counts), _mi(counts))
        for trial in range(4):
            r, k = int(rng.integers(2, 6)), int(rng.integers(2, 6))
            while k == r:
                k = int(rng.integers(2, 7))
            counts = rng.integers(0, 30, size=(r, k))
            got = _quiet_call(c, f"seeded random {r} x {k} counts {trial + 1}", counts)
            c.close(got, _mi(counts))
            flipped = _quiet_call(c, f"the transpose of seeded random counts {trial + 1} ({k} x {r})", counts.T)
            c.close(flipped, got, atol=1e-12, what="I(Y; X), which must equal I(X; Y)")
            joint = counts / counts.sum()
            bound = min(_entropy(joint.sum(axis=0)), _entropy(joint.sum(axis=1)))
            c.require(-1e-12 <= got <= bound + 1e-12, f"I(X; Y) must lie between 0 and min(H(X), H(Y)) = {bound!r}; got {got!r}.")
        counts = np.outer(rng.integers(1, 20, size=4), rng.integers(1, 20, size=7))
        c.close(_quiet_call(c, "seeded random independent 4 x 7 counts (an outer product)", counts), 0.0, atol=1e-12)
        c.call_raises("a negative count [[1, -1], [2, 3]]", ValueError, np.array([[1, -1], [2, 3]]))
        c.call_raises("no observations, counts all 0", ValueError, np.zeros((2, 3)))
        c.call_raises("a 1-D array [1, 2, 3] (not a table)", ValueError, np.array([1, 2, 3]))


def check_perplexity(perplexity):
    rng = np.random.default_rng(SEED)
    with Checker(perplexity) as c:
        c.close(_quiet_call(c, "four tokens each given probability 0.25", np.full(4, 0.25)), 4.0)
        c.close(_quiet_call(c, "token probabilities [0.5, 0.125]", np.array([0.5, 0.125])), 4.0)
        c.close(_quiet_call(c, "one token with probability 0.1", np.array([0.1])), 10.0)
        c.close(_quiet_call(c, "integer input [1, 1, 1]: every token certain", np.array([1, 1, 1])), 1.0)
        c.close(_quiet_call(c, "a token given probability 0, [0.5, 0.]", np.array([0.5, 0.0])), np.inf)
        probs = rng.uniform(0.05, 0.6, size=7)
        c.close(_quiet_call(c, "7 seeded random token probabilities", probs), float(np.exp(-np.mean(np.log(probs)))))
        probs = rng.uniform(0.01, 0.3, size=100_000)
        c.close(
            _quiet_call(c, "100,000 seeded random token probabilities (their product underflows to 0)", probs),
            float(np.exp(-np.mean(np.log(probs)))),
        )
        vocabulary = 50_257
        c.close(
            _quiet_call(c, "10,000 tokens guessed uniformly from a vocabulary of 50,257", np.full(10_000, 1 / vocabulary)),
            float(vocabulary),
        )
        c.call_raises("an empty sequence", ValueError, np.array([]))
        c.call_raises("a probability above 1, [0.5, 1.5]", ValueError, np.array([0.5, 1.5]))
        c.call_raises("a negative probability, [-0.1, 0.5]", ValueError, np.array([-0.1, 0.5]))


def _js(p, q):
    m = (p + q) / 2
    return 0.5 * _kl(p, m) + 0.5 * _kl(q, m)


def check_js_divergence(js_divergence):
    rng = np.random.default_rng(SEED)
    forbid = SCIPY_KL + ["scipy.spatial.distance.jensenshannon"]
    with Checker(js_divergence, forbid=forbid) as c:
        p = np.array([0.2, 0.3, 0.5])
        c.close(_quiet_call(c, "q = p = [0.2, 0.3, 0.5]", p, p), 0.0, atol=1e-12)
        c.close(
            _quiet_call(c, "disjoint supports p = [1, 0], q = [0, 1] (integers; KL would be infinite)", np.array([1, 0]), np.array([0, 1])),
            LN2,
        )
        c.close(
            _quiet_call(
                c,
                "disjoint supports p = [0.5, 0.5, 0., 0.], q = [0., 0., 0.3, 0.7]",
                np.array([0.5, 0.5, 0.0, 0.0]),
                np.array([0.0, 0.0, 0.3, 0.7]),
            ),
            LN2,
        )
        p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
        c.close(_quiet_call(c, "p = [0.5, 0.5], q = [0.9, 0.1]", p, q), _js(p, q))
        p, q = np.array([1.0, 0.0, 0.0]), np.array([0.2, 0.3, 0.5])
        c.close(_quiet_call(c, "p = [1., 0., 0.], q = [0.2, 0.3, 0.5] (q has no zero where p has one)", p, q), _js(p, q))
        for case, p, q in _pair_cases(rng, 6):
            got = _quiet_call(c, case, p, q)
            c.close(got, _js(p, q))
            swapped = _quiet_call(c, case + ", arguments swapped", q, p)
            c.close(swapped, got, atol=1e-12, what="JS(q, p), which must equal JS(p, q)")
            c.require(0 <= got <= LN2, f"JS(p, q) must lie between 0 and log 2 = {LN2!r}; got {got!r}.")
        c.call_raises("lengths 2 and 3", ValueError, np.array([0.5, 0.5]), np.full(3, 1 / 3))
        c.call_raises("p = [0.6, 0.6] does not sum to 1", ValueError, np.array([0.6, 0.6]), np.array([0.5, 0.5]))


def _distill(student, teacher, temperature):
    log_p = _log_softmax(np.asarray(teacher, dtype=float) / temperature)
    log_q = _log_softmax(np.asarray(student, dtype=float) / temperature)
    return float(np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=1)))


def check_distillation_loss(distillation_loss):
    rng = np.random.default_rng(SEED)
    with Checker(distillation_loss) as c:
        c.close(
            _quiet_call(c, "equal logits [[0., 0.]] for student and teacher", np.zeros((1, 2)), np.zeros((1, 2)), 1.0),
            0.0,
            atol=1e-12,
        )
        student, teacher = np.array([[1.0, 2.0, 3.0]]), np.array([[3.0, 2.0, 1.0]])
        for temperature in (1.0, 2.0, 0.5):
            c.close(
                _quiet_call(c, f"student [[1., 2., 3.]], teacher [[3., 2., 1.]], temperature {temperature}", student, teacher, temperature),
                _distill(student, teacher, temperature),
            )
        teacher = rng.normal(size=(2, 4)) * 3
        shift = np.array([[5.0], [-3.0]])
        c.close(
            _quiet_call(c, "student = seeded teacher logits + a constant per row (5 and -3): same softmax", teacher + shift, teacher, 1.0),
            0.0,
            atol=1e-12,
        )
        student, teacher = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)) * 2
        got = _quiet_call(c, "seeded random logits, 5 examples and 3 classes, temperature 1", student, teacher, 1.0)
        c.close(got, _distill(student, teacher, 1.0))
        c.require(got >= 0, f"A KL divergence, and so its mean, is never negative; got {got!r}.")
        c.close(_quiet_call(c, "the same logits at temperature 4", student, teacher, 4.0), _distill(student, teacher, 4.0))
        c.close(
            _quiet_call(
                c,
                "integer logits [[2, 0], [0, 1]] and [[0, 0], [1, 1]]",
                np.array([[2, 0], [0, 1]]),
                np.array([[0, 0], [1, 1]]),
                1,
            ),
            _distill([[2, 0], [0, 1]], [[0, 0], [1, 1]], 1),
        )
        student = rng.normal(size=(4, 6)) * 800
        teacher = rng.normal(size=(4, 6)) * 800
        c.close(
            _quiet_call(c, "seeded logits of size about 1000 (exp overflows), 4 x 6, temperature 2", student, teacher, 2.0),
            _distill(student, teacher, 2.0),
        )
        # Property: with a one-hot teacher the loss is the usual cross-entropy loss, -log softmax(student)[label]
        labels = rng.integers(0, 5, size=8)
        teacher = 1e4 * np.eye(5)[labels]  # softmax of these is exactly one-hot in float64
        student = rng.normal(size=(8, 5)) * 4
        cross_entropy_loss = float(np.mean(-_log_softmax(student)[np.arange(8), labels]))
        c.close(
            _quiet_call(c, "a one-hot teacher (logit 1e4 on seeded labels), 8 x 5: this is the cross-entropy loss", student, teacher, 1.0),
            cross_entropy_loss,
        )
        c.call_raises("shapes (2, 3) and (3, 2)", ValueError, np.zeros((2, 3)), np.zeros((3, 2)), 1.0)
        c.call_raises("temperature 0", ValueError, np.zeros((2, 3)), np.zeros((2, 3)), 0.0)
