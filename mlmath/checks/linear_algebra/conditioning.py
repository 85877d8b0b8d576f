"""Checks for linear-algebra/04-conditioning."""

import numpy as np

from mlmath.checking import Checker
from mlmath.checks.cases import well_conditioned, with_singular_values

SEED = 1004

LinAlgError = np.linalg.LinAlgError


def _hilbert(n):
    """The n x n Hilbert matrix, h_ij = 1 / (i + j + 1) counting from 0: famously ill-conditioned."""
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1)


def _norms(A):
    """The induced 1- and inf-norms: the largest absolute column sum and row sum."""
    A = np.abs(np.asarray(A, dtype=float))
    return float(A.sum(axis=0).max()), float(A.sum(axis=1).max())


def check_induced_norms(induced_norms):
    rng = np.random.default_rng(SEED)
    with Checker(induced_norms, forbid=["np.linalg.norm", "np.linalg.cond"]) as c:
        cases = [
            ("A = [[1., -2., 3.], [-4., 5., -6.]] (2 x 3, negative entries)", np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])),
            ("A = [[1., -2.], [3., 4.], [-5., 0.5]] (3 x 2)", np.array([[1.0, -2.0], [3.0, 4.0], [-5.0, 0.5]])),
            ("a 1 x 1 matrix A = [[-3.]]", np.array([[-3.0]])),
            ("a single row A = [[2., -7., 1.]]", np.array([[2.0, -7.0, 1.0]])),
            ("a single column A = [[2.], [-7.], [1.]]", np.array([[2.0], [-7.0], [1.0]])),
            ("integer input A = [[1, 2], [3, 4]]", np.array([[1, 2], [3, 4]])),
            ("the zero matrix, shape (2, 3)", np.zeros((2, 3))),
            ("tiny entries, a 3 x 4 matrix scaled by 1e-200", rng.normal(size=(3, 4)) * 1e-200),
            ("huge entries, a 4 x 3 matrix scaled by 1e200", rng.normal(size=(4, 3)) * 1e200),
        ]
        cases += [
            (f"random {m} x {n} matrix {t + 1} (seeded)", rng.normal(size=(m, n))) for t, (m, n) in enumerate([(5, 3), (3, 6), (7, 7)])
        ]
        for case, A in cases:
            n1, ninf = c.unpack(c.call(case, A), ("norm_1", "norm_inf"))
            e1, einf = _norms(A)
            c.close(n1, e1, what="the 1-norm (largest absolute column sum)")
            c.close(ninf, einf, what="the inf-norm (largest absolute row sum)")
        # the definition: no vector is stretched more than the norm, in the matching vector norm
        A = rng.normal(size=(4, 6))
        n1, ninf = c.unpack(c.call("a random 4 x 6 matrix (seeded), against 500 random vectors", A), ("norm_1", "norm_inf"))
        X = rng.normal(size=(500, 6))
        c.require(
            np.all(np.abs(X @ A.T).sum(axis=1) <= n1 * np.abs(X).sum(axis=1) * (1 + 1e-12)),
            "Some vector x has |A x|_1 > norm_1 * |x|_1: the 1-norm must be the largest stretch.",
        )
        c.require(
            np.all(np.abs(X @ A.T).max(axis=1) <= ninf * np.abs(X).max(axis=1) * (1 + 1e-12)),
            "Some vector x has |A x|_inf > norm_inf * |x|_inf: the inf-norm must be the largest stretch.",
        )


def check_condition_number_1(condition_number_1):
    rng = np.random.default_rng(SEED)
    with Checker(condition_number_1, forbid=["np.linalg.inv", "np.linalg.cond", "np.linalg.pinv"]) as c:
        cases = [
            ("the 3 x 3 identity", np.eye(3), 1e-7),
            ("A = diag(2., -0.5) (a negative entry)", np.diag([2.0, -0.5]), 1e-7),
            (
                "a non-symmetric A = [[1., 2., 0.], [0., 1., 5.], [0., 0., 1.]]",
                np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 5.0], [0.0, 0.0, 1.0]]),
                1e-7,
            ),
            ("integer input A = [[4, 1], [2, 3]]", np.array([[4, 1], [2, 3]]), 1e-7),
            ("a 1 x 1 matrix A = [[-0.25]]", np.array([[-0.25]]), 1e-7),
            ("a 4 x 4 matrix scaled by 1e200 (the condition number does not change)", well_conditioned(rng, 4, 4) * 1e200, 1e-7),
            ("a 4 x 4 matrix scaled by 1e-200", well_conditioned(rng, 4, 4) * 1e-200, 1e-7),
            # the inverse of an ill-conditioned matrix is itself only accurate to about cond * eps
            ("the 6 x 6 Hilbert matrix (cond ~ 1e7)", _hilbert(6), 1e-6),
        ]
        cases += [
            (f"random {n} x {n} matrix {t + 1} (seeded)", well_conditioned(rng, n, n) + rng.normal(size=(n, n)) * 3, 1e-7)
            for t, n in enumerate([2, 5, 8])
        ]
        for case, A, rtol in cases:
            c.close(c.call(case, A), float(np.linalg.cond(np.asarray(A, dtype=float), 1)), rtol=rtol)
        c.call_raises("a singular A = [[1., 2.], [2., 4.]]", LinAlgError, np.array([[1.0, 2.0], [2.0, 4.0]]))
        c.call_raises("the zero matrix, shape (3, 3)", LinAlgError, np.zeros((3, 3)))
        c.call_raises("a non-square A of shape (2, 3)", ValueError, np.ones((2, 3)))


def _predicted(A, dtype):
    """Expected digits: -log10(cond(A) * eps), at least 0; singular matrices get 0."""
    A = np.asarray(A, dtype=np.float64)
    if np.linalg.matrix_rank(A) < A.shape[0]:
        return 0.0
    return max(0.0, float(-np.log10(np.linalg.cond(A) * np.finfo(dtype).eps)))


def check_predicted_digits(predicted_digits):
    rng = np.random.default_rng(SEED)
    with Checker(predicted_digits, forbid=["np.linalg.cond"]) as c:
        cases = [
            ("the 3 x 3 identity in float64", np.eye(3), np.float64),
            ("the 3 x 3 identity in float32", np.eye(3), np.float32),
            ("the 3 x 3 identity in float16", np.eye(3), np.float16),
            ("integer input A = [[2, 0], [0, 1]] in float64", np.array([[2, 0], [0, 1]]), np.float64),
            ("the 4 x 4 Hilbert matrix in float32 (compute cond(A) in float64 whatever dtype is)", _hilbert(4), np.float32),
            ("the 8 x 8 Hilbert matrix in float64 (cond ~ 1.5e10)", _hilbert(8), np.float64),
            ("the 6 x 6 Hilbert matrix in float32 (no digits left: return 0.0)", _hilbert(6), np.float32),
            ("the 4 x 4 Hilbert matrix scaled by 1e200 in float64 (scaling does not change cond)", _hilbert(4) * 1e200, np.float64),
            ("a singular A = [[1., 2.], [2., 4.]] in float64", np.array([[1.0, 2.0], [2.0, 4.0]]), np.float64),
            ("the zero matrix, shape (2, 2), in float64", np.zeros((2, 2)), np.float64),
        ]
        for trial, n in enumerate([2, 4, 6]):
            A = rng.normal(size=(n, n)) * 10.0 ** rng.uniform(-3, 3, size=n)  # columns of very different scales
            cases.append((f"random {n} x {n} matrix {trial + 1} with badly scaled columns (seeded), float32", A, np.float32))
            cases.append((f"the same random matrix {trial + 1}, float64", A, np.float64))
        for case, A, dtype in cases:
            c.close(c.call(case, A, dtype), _predicted(A, dtype), rtol=1e-6, atol=1e-9)


def _amplification(A, B, dB):
    X, dX = np.linalg.solve(A, np.asarray(B, dtype=float).T).T, np.linalg.solve(A, np.asarray(dB, dtype=float).T).T
    size = lambda M: np.linalg.norm(M, axis=1)  # noqa: E731
    return (size(dX) / size(X)) / (size(dB) / size(B))


def check_amplification(amplification):
    rng = np.random.default_rng(SEED)
    with Checker(amplification, forbid=["np.linalg.inv", "loop"]) as c:
        A = np.diag([1.0, 1e-3])
        B, dB = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])
        got = c.array(c.call("A = diag(1., 1e-3), b = e1 with db = e2, then b = e2 with db = e1", A, B, dB), (2,))
        c.close(got, np.array([1e3, 1e-3]))
        cases = [
            (
                "a non-symmetric A = [[1., 4.], [0., 2.]], b = [1., 1.], db = [1e-6, -1e-6]",
                np.array([[1.0, 4.0], [0.0, 2.0]]),
                np.array([[1.0, 1.0]]),
                np.array([[1e-6, -1e-6]]),
            ),
            (
                "integer input A = [[2, 1], [1, 3]], two rows",
                np.array([[2, 1], [1, 3]]),
                np.array([[1, 0], [3, -2]]),
                np.array([[0, 1], [1, 1]]),
            ),
        ]
        A3 = np.array([[2.0, -1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 4.0, -2.0]])
        cases.append(
            (
                "a non-symmetric 3 x 3 A with exactly 3 rows in B (one solve for all rows: transpose)",
                A3,
                rng.normal(size=(3, 3)),
                rng.normal(size=(3, 3)),
            )
        )
        cases.append(
            (
                "a 4 x 4 A with 7 rows in B and dB (seeded)",
                well_conditioned(rng, 4, 4),
                rng.normal(size=(7, 4)),
                rng.normal(size=(7, 4)) * 1e-8,
            )
        )
        cases.append(
            (
                "huge b, tiny db (the ratio does not depend on the scales)",
                A3,
                rng.normal(size=(2, 3)) * 1e150,
                rng.normal(size=(2, 3)) * 1e-150,
            )
        )
        for case, A, B, dB in cases:
            got = c.array(c.call(case, A, B, dB), (len(B),))
            c.close(got, _amplification(np.asarray(A, dtype=float), B, dB))
        # the property: no perturbation is amplified by more than cond(A), in the 2-norm
        A = with_singular_values(rng, 5, 5, [10.0, 3.0, 1.0, 0.1, 0.01])
        B, dB = rng.normal(size=(300, 5)), rng.normal(size=(300, 5))
        got = c.array(c.call("a 5 x 5 A with cond(A) = 1000, 300 random rows (seeded)", A, B, dB), (300,))
        c.close(got, _amplification(A, B, dB), rtol=1e-6)
        c.require(
            np.all(got <= 1000.0 * (1 + 1e-9)) and np.all(got >= 1e-3 * (1 - 1e-9)),
            "Every amplification must lie between 1 / cond(A) and cond(A).",
        )


def _error_bound(A, b, x_hat):
    A, b, x_hat = (np.asarray(v, dtype=float) for v in (A, b, x_hat))
    r = b - A @ x_hat
    rel = np.abs(r).sum() / np.abs(b).sum()
    return float(rel), float(np.linalg.cond(A, 1) * rel)


def check_error_bound(error_bound):
    rng = np.random.default_rng(SEED)
    with Checker(error_bound, forbid=["np.linalg.inv", "np.linalg.cond"]) as c:

        def case(description, A, b, x_hat, x_true=None, rtol=1e-7):
            rel, bound = c.unpack(c.call(description, A, b, x_hat), ("relative_residual", "bound"))
            e_rel, e_bound = _error_bound(A, b, x_hat)
            c.close(rel, e_rel, rtol=rtol, what="the relative residual |b - A x_hat|_1 / |b|_1")
            c.close(bound, e_bound, rtol=rtol, what="the bound cond_1(A) * relative residual")
            if x_true is not None:
                error = np.abs(np.asarray(x_hat) - x_true).sum() / np.abs(x_true).sum()
                c.require(error <= bound * (1 + 1e-6), f"The true relative error {error:.3g} exceeds your bound {bound:.3g}.")

        case("A = I (3 x 3), b = [1., -2., 3.], x_hat = [1.1, -2., 3.]", np.eye(3), np.array([1.0, -2.0, 3.0]), np.array([1.1, -2.0, 3.0]))
        A = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 5.0], [0.0, 0.0, 1.0]])
        x = np.array([1.0, -1.0, 2.0])
        case("a non-symmetric A, x_hat off by 1e-3 in its last entry", A, A @ x, x + np.array([0.0, 0.0, 1e-3]), x)
        case("the exact answer: residual 0 and bound 0", A, A @ x, x.copy())
        case(
            "integer input A = [[4, 1], [2, 3]], b = [5, 5], x_hat = [1, 1]", np.array([[4, 1], [2, 3]]), np.array([5, 5]), np.array([1, 1])
        )
        H = _hilbert(8)
        x = np.ones(8)
        x_hat = np.linalg.solve(H, H @ x)
        # the residual is a difference of nearly equal numbers: compared with an absolute tolerance
        rel, bound = c.unpack(
            c.call("the 8 x 8 Hilbert matrix, x_hat from np.linalg.solve (a tiny residual)", H, H @ x, x_hat),
            ("relative_residual", "bound"),
        )
        e_rel, e_bound = _error_bound(H, H @ x, x_hat)
        c.close(rel, e_rel, atol=1e-15, what="the relative residual")
        c.close(bound, e_bound, rtol=1e-5, atol=1e-15 * np.linalg.cond(H, 1), what="the bound")
        c.require(np.abs(x_hat - x).sum() / 8 <= bound * (1 + 1e-6), "The true relative error exceeds your bound.")
        for trial, n in enumerate([3, 6]):
            A = well_conditioned(rng, n, n) + rng.normal(size=(n, n)) * 2
            x = rng.normal(size=n)
            case(
                f"random {n} x {n} system {trial + 1} (seeded), x_hat with relative noise 1e-4",
                A,
                A @ x,
                x * (1 + 1e-4 * rng.normal(size=n)),
                x,
            )
        c.call_raises("a singular A = [[1., 2.], [2., 4.]]", LinAlgError, np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2), np.ones(2))


def _lipschitz(weights):
    bound, product = 1.0, None
    for W in weights:
        W = np.asarray(W, dtype=float)
        bound *= np.linalg.norm(W, 2)
        product = W if product is None else W @ product
    return float(bound), float(np.linalg.norm(product, 2)) if product is not None else 1.0


def check_lipschitz_bound(lipschitz_bound):
    rng = np.random.default_rng(SEED)
    with Checker(lipschitz_bound) as c:

        def case(description, weights, rtol=1e-7):
            bound, exact = c.unpack(c.call(description, weights), ("bound", "linear"))
            e_bound, e_exact = _lipschitz(weights)
            c.close(bound, e_bound, rtol=rtol, what="the bound, the product of the spectral norms")
            c.close(exact, e_exact, rtol=rtol, what="||W_L ... W_1||_2, the constant of the linear network")
            return bound

        case("one layer W = [[3., 0.], [0., -5.]]", [np.array([[3.0, 0.0], [0.0, -5.0]])])
        case("two layers that cancel: W1 = diag(10., 0.1), W2 = diag(0.1, 10.)", [np.diag([10.0, 0.1]), np.diag([0.1, 10.0])])
        case("no layers at all (the identity map)", [])
        case("integer input, W1 = [[1, 2, 0]] (3 -> 1), W2 = [[2], [-1]] (1 -> 2)", [np.array([[1, 2, 0]]), np.array([[2], [-1]])])
        shapes = [(16, 8), (32, 16), (4, 32)]
        weights = [rng.normal(size=s) / np.sqrt(s[1]) for s in shapes]
        bound = case("three layers 8 -> 16 -> 32 -> 4 (seeded; not square: mind the order)", weights)
        # the property: a ReLU network with these layers never stretches a difference by more than the bound
        X, Y = rng.normal(size=(400, 8)), rng.normal(size=(400, 8))

        def network(Z):
            for W in weights[:-1]:
                Z = np.maximum(Z @ W.T, 0.0)
            return Z @ weights[-1].T

        ratios = np.linalg.norm(network(X) - network(Y), axis=1) / np.linalg.norm(X - Y, axis=1)
        c.require(
            isinstance(bound, float) and ratios.max() <= bound * (1 + 1e-9),
            "A ReLU network stretched a difference by more than your bound.",
        )
        case("huge and tiny layers, 1e150 and 1e-150 (the product is moderate)", [np.eye(3) * 1e150, rng.normal(size=(2, 3)) * 1e-150])
        c.call_raises("layers that do not chain: W1 of shape (4, 3), W2 of shape (2, 5)", ValueError, [np.ones((4, 3)), np.ones((2, 5))])
        c.call_raises("layers in the wrong order: W1 of shape (2, 4), W2 of shape (4, 3)", ValueError, [np.ones((2, 4)), np.ones((4, 3))])


def _sn_step(W, u):
    W, u = np.asarray(W, dtype=float), np.asarray(u, dtype=float)
    v = W.T @ u
    v = v / np.linalg.norm(v)
    Wv = W @ v
    sigma = np.linalg.norm(Wv)
    return W / sigma, Wv / sigma


def check_spectral_normalise(spectral_normalise):
    rng = np.random.default_rng(SEED)
    with Checker(spectral_normalise, forbid=["np.linalg.svd"]) as c:

        def case(description, W, u):
            W_sn, u_new = c.unpack(c.call(description, W, u), ("W_sn", "u"))
            e_W, e_u = _sn_step(W, u)
            c.array(W_sn, np.shape(W), what="W_sn")
            c.array(u_new, (np.shape(W)[0],), what="u")
            c.close(W_sn, e_W, what="W_sn, W divided by the estimate of sigma_max")
            c.close(u_new, e_u, what="the new u")

        case(
            "W = [[3., 0.], [0., -5.]], u = [1., 0.] (one step: the estimate is 3, not 5)",
            np.array([[3.0, 0.0], [0.0, -5.0]]),
            np.array([1.0, 0.0]),
        )
        case(
            "a 2 x 3 W = [[1., 2., -1.], [0., 1., 3.]], u = [1., 1.] (not square)",
            np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 3.0]]),
            np.array([1.0, 1.0]),
        )
        case(
            "a 3 x 2 W = [[1., 0.], [2., 1.], [-1., 3.]], u = [0., 1., 0.]",
            np.array([[1.0, 0.0], [2.0, 1.0], [-1.0, 3.0]]),
            np.array([0.0, 1.0, 0.0]),
        )
        case("integer input W = [[2, 1], [0, 1]], u = [2, 0] (u need not be a unit vector)", np.array([[2, 1], [0, 1]]), np.array([2, 0]))
        case("a 1 x 1 W = [[-4.]], u = [1.]", np.array([[-4.0]]), np.array([1.0]))
        case("a 5 x 8 W scaled by 1e100 (seeded)", rng.normal(size=(5, 8)) * 1e100, rng.normal(size=5))
        c.call_raises("the zero matrix, shape (2, 3) (no direction to normalise)", ValueError, np.zeros((2, 3)), np.ones(2))
        # the property: repeated steps, as in training, drive the spectral norm of W_sn to 1 from above
        W = with_singular_values(rng, 6, 4, [4.0, 2.0, 1.0, 0.5])
        u = rng.normal(size=6)
        norms = []
        for step in range(40):
            W_sn, u = c.unpack(c.call(f"step {step + 1} of 40 on a seeded 6 x 4 W with sigma_max = 4, feeding u back", W, u), ("W_sn", "u"))
            norms.append(np.linalg.norm(W_sn, 2))
        c.require(min(norms) >= 1 - 1e-12, "The estimate of sigma_max can never exceed sigma_max, so ||W_sn||_2 >= 1 after every step.")
        c.close(norms[-1], 1.0, rtol=1e-9, what="||W_sn||_2 after 40 steps")
