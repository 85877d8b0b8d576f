"""Checks for linear-algebra/07-eigenvectors."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import orthonormal_columns

SEED = 505


def _symmetric_with_dominant(n, rng):
    """A random symmetric matrix whose largest-magnitude eigenvalue stands clear of the rest."""
    eigenvalues = rng.uniform(-1.0, 1.0, size=n)
    eigenvalues[0] = rng.choice([-1.0, 1.0]) * rng.uniform(1.6, 3.0)
    Q = orthonormal_columns(rng, n, n)
    A = (Q * eigenvalues) @ Q.T
    return (A + A.T) / 2


def _dominant_eigh(A):
    """The eigenvalue of largest magnitude of a symmetric A and a unit eigenvector, from np.linalg.eigh."""
    w, V = np.linalg.eigh(A)
    i = int(np.argmax(np.abs(w)))
    return float(w[i]), V[:, i]


def _check_eigenvector(c, got_v, expected_v, atol=1e-6):
    """got_v must be a unit vector along expected_v; either sign is accepted."""
    c.array(got_v, expected_v.shape, what="the eigenvector")
    c.close(np.linalg.norm(got_v), 1.0, rtol=1e-6, what="the length of the eigenvector (it should be a unit vector)")
    sign = 1.0 if float(got_v @ expected_v) >= 0 else -1.0
    c.close(sign * got_v, expected_v, rtol=0, atol=atol, what="the eigenvector (compared up to sign, since -v is an eigenvector too)")


def check_is_eigenpair(is_eigenpair):
    rng = np.random.default_rng(SEED)
    # "not np.linalg.eig or its relatives"
    with Checker(is_eigenpair, forbid=["np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals", "np.linalg.eigvalsh"]) as c:
        D = np.array([[2.0, 0.0], [0.0, 3.0]])
        c.equal(c.call("A = diag(2, 3), v = [1., 0.], lam = 2", D, np.array([1.0, 0.0]), 2.0), True)
        c.equal(c.call("A = diag(2, 3), v = [1., 0.], lam = 3 (wrong eigenvalue)", D, np.array([1.0, 0.0]), 3.0), False)
        c.equal(c.call("A = diag(2, 3), v = [1., 1.], lam = 2 (not an eigenvector)", D, np.array([1.0, 1.0]), 2.0), False)
        c.equal(c.call("A = diag(2, 3), v = [0., -5.], lam = 3 (a scaled, negative eigenvector)", D, np.array([0.0, -5.0]), 3.0), True)
        c.equal(c.call("the zero vector v = [0., 0.] (never an eigenvector)", D, np.zeros(2), 2.0), False)
        c.equal(
            c.call(
                "the zero matrix, v = [1., 2.], lam = 0 (every non-zero v is an eigenvector)", np.zeros((2, 2)), np.array([1.0, 2.0]), 0.0
            ),
            True,
        )
        c.equal(c.call("the zero matrix, v = [1., 2.], lam = 1", np.zeros((2, 2)), np.array([1.0, 2.0]), 1.0), False)
        c.equal(c.call("integer input A = [[2, 1], [1, 2]], v = [1, 1], lam = 3", np.array([[2, 1], [1, 2]]), np.array([1, 1]), 3), True)
        c.equal(c.call("a 1 x 1 matrix A = [[5.]], v = [2.], lam = 5", np.array([[5.0]]), np.array([2.0]), 5.0), True)

        S = rng.normal(size=(4, 4))
        S = S + S.T
        w, V = np.linalg.eigh(S)
        big = 1e12 * S
        c.equal(
            c.call(
                "large entries: A = 1e12 * S (symmetric 4 x 4), an eigenpair from np.linalg.eigh "
                "(the residual is far above 1e-8, yet tiny next to ||A||)",
                big,
                V[:, 0],
                1e12 * w[0],
            ),
            True,
        )
        tiny = 1e-12 * S
        c.equal(
            c.call(
                "tiny entries: A = 1e-12 * S, lam off by 10% of the eigenvalue (an absolute tolerance of 1e-8 would wrongly accept it)",
                tiny,
                V[:, 0],
                1.1e-12 * w[0],
            ),
            False,
        )
        c.equal(c.call("A = diag(2, 3), v = [1., 0.], lam = 2.00001 with tol = 1e-4", D, np.array([1.0, 0.0]), 2.00001, tol=1e-4), True)
        c.equal(c.call("A = diag(2, 3), v = [1., 0.], lam = 2.00001 with the default tol = 1e-8", D, np.array([1.0, 0.0]), 2.00001), False)
        for trial in range(4):
            n = int(rng.integers(2, 7))
            A = rng.normal(size=(n, n))
            A = A + A.T
            w, V = np.linalg.eigh(A)
            i = int(rng.integers(n))
            scale = rng.uniform(0.1, 10)
            c.equal(
                c.call(
                    f"random symmetric {n} x {n} (seeded), eigenpair {i + 1} from np.linalg.eigh, v scaled by {scale:.3f}",
                    A,
                    scale * V[:, i],
                    float(w[i]),
                ),
                True,
            )
            c.equal(c.call("the same matrix, lam off by 0.001", A, V[:, i], float(w[i]) + 1e-3), False)
        T = np.array([[2.0, 1.0], [0.0, 3.0]])  # not symmetric: A v and v^T A differ
        c.equal(c.call("a non-symmetric A = [[2., 1.], [0., 3.]], v = [1., 0.], lam = 2", T, np.array([1.0, 0.0]), 2.0), True)
        c.equal(c.call("a non-symmetric A = [[2., 1.], [0., 3.]], v = [1., 1.], lam = 3", T, np.array([1.0, 1.0]), 3.0), True)
        c.equal(
            c.call(
                "a non-symmetric A = [[2., 1.], [0., 3.]], v = [0., 1.], lam = 3 (v^T A = 3 v^T, but A v = [1., 3.])",
                T,
                np.array([0.0, 1.0]),
                3.0,
            ),
            False,
        )
        c.equal(
            c.call(
                "a non-symmetric A = [[2., 1.], [0., 3.]], v = [1., -1.], lam = 2 (v^T A = 2 v^T, but A v is not)",
                T,
                np.array([1.0, -1.0]),
                2.0,
            ),
            False,
        )
        for _ in range(3):
            n = int(rng.integers(3, 7))
            X = rng.normal(size=(n, n)) + n * np.eye(n)
            eigenvalues = rng.uniform(-5.0, 5.0, size=n)
            A = X @ np.diag(eigenvalues) @ np.linalg.inv(X)
            i = int(rng.integers(n))
            c.equal(
                c.call(
                    f"random non-symmetric {n} x {n} with real eigenvalues (seeded), eigenpair {i + 1}", A, X[:, i], float(eigenvalues[i])
                ),
                True,
            )
            left = np.linalg.inv(X)[i]
            c.equal(
                c.call(
                    "the same matrix, a left eigenvector (left @ A = lam * left, but A @ left is not lam * left)",
                    A,
                    left,
                    float(eigenvalues[i]),
                ),
                False,
            )
        c.call_raises("a non-square A of shape (2, 3)", ValueError, np.ones((2, 3)), np.ones(3), 1.0)


def check_rayleigh_quotient(rayleigh_quotient):
    rng = np.random.default_rng(SEED)
    with Checker(rayleigh_quotient) as c:
        A = np.array([[2.0, 1.0], [1.0, 2.0]])
        c.close(c.call("A = [[2., 1.], [1., 2.]], the eigenvector v = [1., 1.]", A, np.array([1.0, 1.0])), 3.0)
        c.close(c.call("A = [[2., 1.], [1., 2.]], the eigenvector v = [3., -3.]", A, np.array([3.0, -3.0])), 1.0)
        c.close(c.call("A = [[2., 1.], [1., 2.]], v = [1., 0.]", A, np.array([1.0, 0.0])), 2.0)
        c.close(c.call("integer input A = [[2, 1], [1, 2]], v = [1, 2]", np.array([[2, 1], [1, 2]]), np.array([1, 2])), 2.8)
        c.close(c.call("a 1 x 1 matrix A = [[-4.]], v = [0.5]", np.array([[-4.0]]), np.array([0.5])), -4.0)
        c.close(c.call("huge v = [1e200, 1e200] (v @ v overflows)", A, np.array([1e200, 1e200])), 3.0)
        c.close(c.call("tiny v = [1e-200, 0.] (v @ v underflows to 0)", A, np.array([1e-200, 0.0])), 2.0)
        c.call_raises("the zero vector (the quotient is 0 / 0)", ValueError, A, np.zeros(2))
        for trial in range(5):
            n = int(rng.integers(2, 9))
            S = rng.normal(size=(n, n))
            S = S + S.T
            v = rng.normal(size=n)
            got = c.call(f"random symmetric {n} x {n} and random v (seeded, {trial + 1} of 5)", S, v)
            c.close(got, float(v @ S @ v / (v @ v)))
            w = np.linalg.eigvalsh(S)
            c.require(
                w[0] - 1e-9 <= got <= w[-1] + 1e-9,
                f"For a symmetric matrix the Rayleigh quotient lies between the smallest and largest "
                f"eigenvalues, [{w[0]:.4f}, {w[-1]:.4f}]; got {got!r}.",
            )


def check_power_iteration(power_iteration):
    rng = np.random.default_rng(SEED)
    with Checker(power_iteration, forbid=["np.linalg.eig", "np.linalg.eigh"]) as c:

        def case(description, A, v0, expected=None, **kwargs):
            if expected is None:
                expected = _dominant_eigh(A)
            lam, v = c.unpack(c.call(description, A, v0, **kwargs), ("lam", "v"))
            c.close(lam, expected[0], rtol=1e-7, atol=1e-9, what="the dominant eigenvalue")
            _check_eigenvector(c, v, expected[1])

        case("A = diag(3., 1.), v0 = [1., 1.]", np.diag([3.0, 1.0]), np.array([1.0, 1.0]))
        case(
            "a negative dominant eigenvalue: A = [[1., 2.], [2., -2.]] (eigenvalues 2 and -3), v0 = [1., 0.]",
            np.array([[1.0, 2.0], [2.0, -2.0]]),
            np.array([1.0, 0.0]),
        )
        case(
            "A = -5 * I + [[0., 1.], [1., 0.]] (eigenvalues -4 and -6), v0 = [1., 0.]",
            np.array([[-5.0, 1.0], [1.0, -5.0]]),
            np.array([1.0, 0.0]),
        )
        case("a 1 x 1 matrix A = [[-7.]], v0 = [2.]", np.array([[-7.0]]), np.array([2.0]))
        case("integer input A = [[2, 1], [1, 2]], v0 = [1, 0]", np.array([[2, 1], [1, 2]]), np.array([1, 0]))
        case(
            "eigenvalues 1e30 and 5e29 (an iterate that is not normalised overflows)",
            np.array([[7.5e29, 2.5e29], [2.5e29, 7.5e29]]),
            np.array([1.0, 0.0]),
        )
        case(
            "a non-symmetric A = [[2., 1.], [0., 1.]], v0 = [1., 1.] (dominant eigenpair 2, [1, 0])",
            np.array([[2.0, 1.0], [0.0, 1.0]]),
            np.array([1.0, 1.0]),
            expected=(2.0, np.array([1.0, 0.0])),
        )
        for trial in range(5):
            n = int(rng.integers(2, 9))
            A = _symmetric_with_dominant(n, rng)
            case(
                f"random symmetric {n} x {n} with a clear dominant eigenvalue, random v0 (seeded, {trial + 1} of 5)", A, rng.normal(size=n)
            )
        case(
            "A = diag(3., 1.), v0 = [0., 1.] has no component along the dominant eigenvector [1, 0]: "
            "the steps stay on [0, 1] and return the pair (1, [0, 1]), as the task says",
            np.diag([3.0, 1.0]),
            np.array([0.0, 1.0]),
            expected=(1.0, np.array([0.0, 1.0])),
        )
        c.call_raises("a zero start vector v0 = [0., 0.]", ValueError, np.eye(2), np.zeros(2))
        c.call_raises(
            "|lam1| = |lam2|: A = diag(1., -1.), v0 = [1., 1.], max_iter = 1000 (it never converges: raise RuntimeError)",
            RuntimeError,
            np.diag([1.0, -1.0]),
            np.array([1.0, 1.0]),
            max_iter=1000,
        )
        c.call_raises(
            "a 90-degree rotation A = [[0., -1.], [1., 0.]] (complex eigenvalues), max_iter = 1000",
            RuntimeError,
            np.array([[0.0, -1.0], [1.0, 0.0]]),
            np.array([1.0, 0.0]),
            max_iter=1000,
        )


def check_power_by_diagonalisation(power_by_diagonalisation):
    rng = np.random.default_rng(SEED)
    with Checker(power_by_diagonalisation, forbid=["np.linalg.matrix_power", "np.linalg.inv", "np.diag"]) as c:

        def case(description, A, k):
            expected = np.linalg.matrix_power(np.asarray(A, dtype=float), k)
            got = c.call(description, A, k)
            c.close(got, expected, rtol=1e-7, atol=1e-9 * max(1.0, float(np.max(np.abs(expected)))))

        case("A = diag(2., 0.5), k = 3", np.diag([2.0, 0.5]), 3)
        case("A = [[2., 1.], [0., 3.]] (not symmetric), k = 1: A = V diag(lam) V^-1 gives A back", np.array([[2.0, 1.0], [0.0, 3.0]]), 1)
        case("A = [[2., 1.], [0., 3.]], k = 5", np.array([[2.0, 1.0], [0.0, 3.0]]), 5)
        case("k = 0 gives the identity, A = [[1., 2.], [3., 4.]]", np.array([[1.0, 2.0], [3.0, 4.0]]), 0)
        case("integer input A = [[1, 1], [1, 0]] (Fibonacci), k = 10", np.array([[1, 1], [1, 0]]), 10)
        case("negative eigenvalues A = [[0., 2.], [2., 0.]] (eigenvalues 2, -2), k = 3", np.array([[0.0, 2.0], [2.0, 0.0]]), 3)
        case(
            "a 90-degree rotation, complex eigenvalues +-i, k = 4 (the answer is real: the identity)",
            np.array([[0.0, -1.0], [1.0, 0.0]]),
            4,
        )
        case("a 1 x 1 matrix A = [[-3.]], k = 3", np.array([[-3.0]]), 3)
        for trial in range(5):
            n = int(rng.integers(2, 7))
            k = int(rng.integers(1, 7))
            case(f"random {n} x {n} (seeded, not symmetric), k = {k}", rng.normal(size=(n, n)), k)
        c.call_raises("a Jordan block A = [[1., 1.], [0., 1.]] (not diagonalisable)", ValueError, np.array([[1.0, 1.0], [0.0, 1.0]]), 3)
        c.call_raises("a non-square A of shape (2, 3)", ValueError, np.ones((2, 3)), 2)


def _terms_from_eigh(S):
    w, Q = np.linalg.eigh(S)
    return w[:, None, None] * Q.T[:, :, None] * Q.T[:, None, :]


def check_spectral_terms(spectral_terms):
    rng = np.random.default_rng(SEED)
    with Checker(spectral_terms, forbid=["loop"]) as c:

        def properties(got, S):
            c.close(
                got.sum(axis=0),
                np.asarray(S, dtype=float),
                atol=1e-9 * max(1.0, float(np.max(np.abs(S), initial=0))),
                what="the sum of the terms (it must give S back)",
            )
            for i, term in enumerate(got):
                c.require(
                    np.linalg.matrix_rank(term, tol=1e-8 * max(1.0, float(np.max(np.abs(S))))) <= 1,
                    f"Term {i} should be lam_i q_i q_i^T, a matrix of rank one; its rank is {np.linalg.matrix_rank(term)}.",
                )

        S = np.diag([1.0, 2.0])
        got = c.call("S = diag(1., 2.)", S)
        c.close(got, np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]]]))
        S = np.array([[2.0, 1.0], [1.0, 2.0]])
        got = c.call("S = [[2., 1.], [1., 2.]] (eigenvalues 1 and 3)", S)
        c.close(got, np.array([[[0.5, -0.5], [-0.5, 0.5]], [[1.5, 1.5], [1.5, 1.5]]]))
        S = np.array([[1, 2], [2, 1]])
        got = c.call("integer input S = [[1, 2], [2, 1]] (eigenvalues -1 and 3)", S)
        c.close(got, _terms_from_eigh(S.astype(float)))
        c.close(c.call("a 1 x 1 matrix S = [[-2.]]", np.array([[-2.0]])), np.array([[[-2.0]]]))
        c.close(c.call("an empty matrix of shape (0, 0)", np.zeros((0, 0))), np.zeros((0, 0, 0)))
        got = c.call("the identity I (3 x 3): a repeated eigenvalue, so only the sum of the terms is checked", np.eye(3))
        c.array(got, (3, 3, 3))
        properties(got, np.eye(3))
        for trial in range(4):
            n = int(rng.integers(2, 7))
            S = rng.normal(size=(n, n))
            S = S + S.T
            got = c.call(f"random symmetric {n} x {n} (seeded, {trial + 1} of 4)", S)
            c.close(got, _terms_from_eigh(S), atol=1e-9)
            properties(got, S)
        c.call_raises(
            "a non-symmetric S = [[1., 2.], [0., 1.]] (np.linalg.eigh would silently use only one triangle)",
            ValueError,
            np.array([[1.0, 2.0], [0.0, 1.0]]),
        )
        c.call_raises("a non-square S of shape (2, 3)", ValueError, np.ones((2, 3)))


def _transition(adjacency):
    """Column-stochastic transition matrix, computed the long way for the checks."""
    A = np.asarray(adjacency, dtype=float)
    n = A.shape[0]
    out = A.sum(axis=1)
    P = np.full((n, n), 1.0 / max(n, 1))
    linked = out > 0
    P[linked, :] = A[linked, :] / out[linked, None]
    return P.T


def _random_graph(n, rng, density):
    adjacency = (rng.random((n, n)) < density).astype(int)
    np.fill_diagonal(adjacency, 0)
    return adjacency


def check_transition_matrix(transition_matrix):
    rng = np.random.default_rng(SEED)
    with Checker(transition_matrix, forbid=["loop"]) as c:

        def case(description, adjacency):
            got = c.call(description, adjacency)
            expected = _transition(adjacency)
            c.close(got, expected)
            if got.size:
                c.close(got.sum(axis=0), np.ones(got.shape[1]), what="the column sums (every column is a probability distribution)")
            return got

        cycle = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
        case("the cycle 0 -> 1 -> 2 -> 0 (integer adjacency)", cycle)
        case("0 links to 1 and 2, 1 links to 2, 2 links to 0", np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
        case("a dangling page: 0 -> 1, 0 -> 2, 2 -> 1, page 1 links nowhere", np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
        case(
            "weighted links: 0 -> 1 three times, 0 -> 2 once, 1 -> 0, 2 -> 0", np.array([[0.0, 3.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
        )
        case("no links at all (4 pages)", np.zeros((4, 4)))
        case("a single page with no links", np.zeros((1, 1)))
        c.close(c.call("no pages: adjacency of shape (0, 0)", np.zeros((0, 0))), np.zeros((0, 0)))
        for trial in range(4):
            n = int(rng.integers(2, 30))
            got = case(f"random graph with {n} pages (seeded, {trial + 1} of 4)", _random_graph(n, rng, 0.2))
            c.require(np.all(got >= 0), "A transition matrix holds probabilities: no entry may be negative.")
        c.call_raises("a negative link weight", ValueError, np.array([[0.0, -1.0], [1.0, 0.0]]))
        c.call_raises("a non-square adjacency of shape (2, 3)", ValueError, np.ones((2, 3)))


def _google_stationary(adjacency, damping):
    """The eigenvector of the Google matrix for eigenvalue 1, scaled to sum to 1, from np.linalg.eig."""
    P = _transition(adjacency)
    n = P.shape[0]
    G = damping * P + (1 - damping) / n
    w, V = np.linalg.eig(G)
    r = np.real(V[:, int(np.argmin(np.abs(w - 1)))])
    return r / r.sum()


def check_pagerank(pagerank):
    rng = np.random.default_rng(SEED)
    with Checker(pagerank, forbid=["np.linalg.eig"]) as c:

        def case(description, adjacency, damping=None):
            args = (adjacency,) if damping is None else (adjacency, damping)
            got = c.call(description, *args)
            expected = _google_stationary(adjacency, 0.85 if damping is None else damping)
            c.close(got, expected, rtol=1e-7, atol=1e-9)
            c.close(float(np.sum(got)), 1.0, what="the sum of the ranks (a probability distribution sums to 1)")
            c.require(np.all(got >= 0), f"PageRank values are probabilities and cannot be negative; got {got.min()!r}.")
            return got

        web = np.array([[0, 1, 1, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0]])
        case("4 pages: 0 -> 1, 0 -> 2, 1 -> 2, 2 -> 0, 3 -> 2 (default damping 0.85)", web)
        case("the same 4 pages, damping = 0.5", web, 0.5)
        case("damping = 0: every page gets 1/n", web, 0.0)
        case("a dangling page: 0 -> 1, 0 -> 2, 2 -> 1, page 1 links nowhere", np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
        case(
            "weighted links: 0 -> 1 three times, 0 -> 2 once, 1 -> 0, 2 -> 0", np.array([[0.0, 3.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
        )
        case("no links at all (5 pages)", np.zeros((5, 5)))
        case("a single page", np.zeros((1, 1)))
        for trial in range(4):
            n = int(rng.integers(3, 60))
            case(f"random graph with {n} pages (seeded, {trial + 1} of 4)", _random_graph(n, rng, 0.1))
        case("random graph with 300 pages (seeded), damping = 0.9", _random_graph(300, rng, 0.02), 0.9)
        bipartite = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
        c.call_raises(
            "damping = 1 on the periodic graph 0 <-> 1 <-> 2 (the walk oscillates: raise RuntimeError)", RuntimeError, bipartite, 1.0
        )
        c.call_raises("damping = 1.5 (must lie in [0, 1])", ValueError, web, 1.5)
        c.call_raises("damping = -0.1 (must lie in [0, 1])", ValueError, web, -0.1)
        c.call_raises("no pages: adjacency of shape (0, 0) (no distribution sums to 1 over no pages)", ValueError, np.zeros((0, 0)))


def check_definiteness(definiteness):
    rng = np.random.default_rng(SEED)
    # "Use np.linalg.eigvalsh, not np.linalg.cholesky"
    with Checker(definiteness, forbid=["np.linalg.cholesky"]) as c:
        cases = [
            ("diag(2., 1.)", np.diag([2.0, 1.0]), "definite"),
            (
                "[[2., -1.], [-1., 2.]] (negative off-diagonal entries, eigenvalues 1 and 3)",
                np.array([[2.0, -1.0], [-1.0, 2.0]]),
                "definite",
            ),
            ("[[1., 1.], [1., 1.]] (eigenvalues 0 and 2)", np.ones((2, 2)), "semidefinite"),
            ("[[1., 3.], [3., 1.]] (a positive diagonal, but eigenvalues -2 and 4)", np.array([[1.0, 3.0], [3.0, 1.0]]), "indefinite"),
            ("diag(-1., -2.) (its determinant 2 is positive)", np.diag([-1.0, -2.0]), "indefinite"),
            ("diag(1., -1e-3) (a small negative eigenvalue is still negative)", np.diag([1.0, -1e-3]), "indefinite"),
            ("the zero matrix of shape (3, 3)", np.zeros((3, 3)), "semidefinite"),
            ("integer input [[4, 2], [2, 3]]", np.array([[4, 2], [2, 3]]), "definite"),
            ("a 1 x 1 matrix [[3.]]", np.array([[3.0]]), "definite"),
            ("a 1 x 1 matrix [[0.]]", np.array([[0.0]]), "semidefinite"),
            ("a 1 x 1 matrix [[-1.]]", np.array([[-1.0]]), "indefinite"),
            ("a tiny but definite 1e-200 * diag(2., 1.) (the tolerance is relative)", 1e-200 * np.diag([2.0, 1.0]), "definite"),
            ("a huge semidefinite 1e200 * [[1., 1.], [1., 1.]]", 1e200 * np.ones((2, 2)), "semidefinite"),
            ("a huge definite 1e150 * diag(1., 3., 2.)", 1e150 * np.diag([1.0, 3.0, 2.0]), "definite"),
        ]
        for case, S, expected in cases:
            c.equal(c.call(case, S), expected)
        X = rng.normal(size=(40, 4)) + np.array([5.0, -3.0, 0.0, 1.0])
        cov = np.cov(X, rowvar=False)
        c.equal(c.call("the sample covariance of 40 seeded points in 4-D", cov), "definite")
        for trial in range(3):
            few = rng.normal(size=(3, 6))
            cov = np.cov(few, rowvar=False)  # rank 2: its zero eigenvalues come out as +-1e-17
            c.equal(c.call(f"the sample covariance of 3 seeded points in 6-D (rank 2), number {trial + 1}", cov), "semidefinite")
        Q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
        S = (Q * np.array([4.0, 2.0, 1.0, 0.5, -0.25])) @ Q.T
        c.equal(c.call("a seeded 5 x 5 symmetric matrix with one eigenvalue -0.25 (no entry gives it away)", (S + S.T) / 2), "indefinite")
        c.call_raises(
            "a non-symmetric [[2., -3.], [3., 2.]] (x^T A x = 2|x|^2, but A is not symmetric)",
            ValueError,
            np.array([[2.0, -3.0], [3.0, 2.0]]),
        )
        c.call_raises("a non-symmetric [[1., 2.], [0., 1.]]", ValueError, np.array([[1.0, 2.0], [0.0, 1.0]]))
        c.call_raises("a non-square array of shape (2, 3)", ValueError, np.ones((2, 3)))
