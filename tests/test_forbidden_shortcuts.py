"""A task's "do not use X" is enforced by its check: every rule, tried with a learner's shortcut.

RULES is the list of what each linear-algebra task rules out, spelled as the task
spells it. One test confirms that the checks enforce exactly these rules; another
runs, for every rule, a shortcut a learner might write with the forbidden thing
(and a few harder-to-spot variants: an alias import, a helper function, a
try/except around the call) and expects `ForbiddenUse` naming the rule. The last
confirms the reference solutions, which follow the rules, still pass.
"""

import contextlib
import importlib
import io
import pkgutil
import textwrap

import pytest
from conftest import ROOT, read
from test_checks_can_fail import solution_namespace

import mlmath.checks.linear_algebra as linear_algebra
from mlmath import forbid
from mlmath.checking import PASS_MARK, Checker, ForbiddenUse, NotImplementedYet
from mlmath.notebooks import CHECK_CALL

PRODUCTS = ("@", "np.dot", "np.matmul", "np.einsum", "np.inner", "np.tensordot")
FACTORISATIONS = (
    "np.linalg.qr",
    "np.linalg.cholesky",
    "np.linalg.svd",
    "np.linalg.eig",
    "np.linalg.eigh",
    "scipy.linalg.lu",
    "scipy.linalg.lu_factor",
    "scipy.linalg.ldl",
    "scipy.linalg.qr",
    "scipy.linalg.cholesky",
    "scipy.linalg.svd",
)

#: "<module>.<exercise>": what its task says not to use. Exercises not listed have no such rule.
RULES = {
    "vectors.norm": ("np.linalg.norm",),
    "vectors.dot": ("np.dot", "@", "np.inner"),
    "matrices.matvec": (*PRODUCTS, "loop"),  # "... and no Python loop either"
    "matrices.matmul": PRODUCTS,  # "The same shortcuts as in Exercise 1 are off limits"
    "matrices.batched_matmul": ("@", "np.matmul", "loop"),
    "linear_systems.forward_substitution": ("np.linalg.solve", "np.linalg.inv"),
    "linear_systems.back_substitution": ("np.linalg.solve", "np.linalg.inv"),  # "Same rules as Exercise 1"
    "linear_systems.gaussian_elimination": ("np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"),
    "linear_systems.lu_decompose": FACTORISATIONS,  # "any factorisation routine from NumPy or SciPy"
    "linear_systems.rank": ("np.linalg.matrix_rank", "np.linalg.svd", "np.linalg.det"),
    "linear_systems.is_linearly_independent": ("np.linalg.det",),
    "linear_systems.lu_solve": ("np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"),
    "linear_systems.null_space_basis": ("np.linalg.svd", "np.linalg.matrix_rank", "scipy.linalg.null_space"),
    "conditioning.induced_norms": ("np.linalg.norm", "np.linalg.cond"),
    "conditioning.condition_number_1": ("np.linalg.inv", "np.linalg.cond", "np.linalg.pinv"),
    "conditioning.predicted_digits": ("np.linalg.cond",),
    "conditioning.amplification": ("np.linalg.inv", "loop"),  # "no Python loop over the rows"
    "conditioning.error_bound": ("np.linalg.inv", "np.linalg.cond"),
    "conditioning.spectral_normalise": ("np.linalg.svd",),
    "orthogonality.distance_to_hyperplane": ("loop",),  # "No Python loop over the points"
    "orthogonality.gram_schmidt": ("np.linalg.qr",),
    "orthogonality.qr_gram_schmidt": ("np.linalg.qr",),
    "orthogonality.least_squares_qr": ("np.linalg.lstsq", "np.linalg.pinv", "np.linalg.inv"),
    "orthogonality.fit_line": ("np.polyfit", "np.linalg.lstsq"),
    "eigenvectors.is_eigenpair": ("np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals", "np.linalg.eigvalsh"),
    "eigenvectors.power_iteration": ("np.linalg.eig", "np.linalg.eigh"),
    "eigenvectors.power_by_diagonalisation": ("np.linalg.matrix_power", "np.linalg.inv", "np.diag"),
    "eigenvectors.pagerank": ("np.linalg.eig",),
    "eigenvectors.spectral_terms": ("loop",),  # "No Python loop: build all the terms with broadcasting"
    "eigenvectors.transition_matrix": ("loop",),  # "No Python loop over pages"
    "eigenvectors.definiteness": ("np.linalg.cholesky",),
    "svd.svd_from_eigh": ("np.linalg.svd",),
    "svd.pseudo_inverse": ("np.linalg.pinv", "np.linalg.inv", "np.linalg.lstsq"),
    "svd.ridge_svd": ("np.linalg.solve", "np.linalg.inv", "np.linalg.lstsq"),
    "svd.pca_components": ("np.cov", "np.linalg.eig", "np.linalg.eigh"),
    "determinants_and_change_of_basis.det_cofactor": ("np.linalg.det",),
    "determinants_and_change_of_basis.det_via_lu": ("np.linalg.det", "np.linalg.slogdet", "scipy.linalg.lu"),
    "determinants_and_change_of_basis.log_abs_det": ("np.linalg.slogdet",),
    "determinants_and_change_of_basis.change_of_basis": ("np.linalg.inv",),
    "determinants_and_change_of_basis.cholesky": ("np.linalg.cholesky", "scipy.linalg.cholesky"),
    "determinants_and_change_of_basis.whiten": ("np.cov", "np.linalg.inv"),
}

_TRANSITION = """
    A = np.asarray(adjacency, dtype=float)
    n = A.shape[0]
    out = A.sum(axis=1, keepdims=True)
    P = np.where(out > 0, A / np.where(out > 0, out, 1.0), 1.0 / n).T
    G = damping * P + (1 - damping) / n
"""

#: (exercise, rule, learner's code): the code defines the exercise function and uses the rule's shortcut.
SHORTCUTS = [
    ("vectors.norm", "np.linalg.norm", "def norm(x):\n    return float(np.linalg.norm(x))"),
    ("vectors.dot", "np.dot", "def dot(x, y):\n    return float(np.dot(x, y))"),
    ("vectors.dot", "@", "def dot(x, y):\n    return float(np.asarray(x, dtype=float) @ np.asarray(y, dtype=float))"),
    ("vectors.dot", "np.inner", "def dot(x, y):\n    return float(np.inner(x, y))"),
    ("matrices.matvec", "@", "def matvec(A, x):\n    return A @ x"),
    ("matrices.matvec", "np.dot", "def matvec(A, x):\n    return np.dot(A, x).astype(float)"),
    ("matrices.matvec", "np.matmul", "def matvec(A, x):\n    return np.matmul(A, x).astype(float)"),
    ("matrices.matvec", "np.einsum", "def matvec(A, x):\n    return np.einsum('ij,j->i', A, x).astype(float)"),
    ("matrices.matvec", "np.inner", "def matvec(A, x):\n    return np.inner(A, x).astype(float)"),
    ("matrices.matvec", "np.tensordot", "def matvec(A, x):\n    return np.tensordot(A, x, axes=1).astype(float)"),
    ("matrices.matmul", "@", "def matmul(A, B):\n    return np.asarray(A, dtype=float) @ np.asarray(B, dtype=float)"),
    ("matrices.matmul", "np.dot", "def matmul(A, B):\n    return np.asarray(A, dtype=float).dot(B)"),
    ("matrices.matmul", "np.matmul", "def matmul(A, B):\n    return np.matmul(A, B).astype(float)"),
    ("matrices.matmul", "np.einsum", "def matmul(A, B):\n    return np.einsum('ik,kj->ij', A, B).astype(float)"),
    ("matrices.matmul", "np.inner", "def matmul(A, B):\n    return np.inner(A, np.transpose(B)).astype(float)"),
    ("matrices.matmul", "np.tensordot", "def matmul(A, B):\n    return np.tensordot(A, B, axes=1).astype(float)"),
    ("matrices.matvec", "loop", "def matvec(A, x):\n    return np.array([float(np.sum(row * x)) for row in np.asarray(A, dtype=float)])"),
    (
        "matrices.batched_matmul",
        "loop",
        "def batched_matmul(A, B):\n    return np.stack([np.sum(a[:, :, None] * b[None], axis=1) for a, b in zip(A, B)])",
    ),
    (
        "eigenvectors.spectral_terms",
        "loop",
        "def spectral_terms(S):\n    w, Q = np.linalg.eigh(S)\n    return np.array([w[i] * np.outer(Q[:, i], Q[:, i]) for i in range(len(w))])",
    ),
    (
        "eigenvectors.transition_matrix",
        "loop",
        "def transition_matrix(adjacency):\n    A = np.asarray(adjacency, dtype=float)\n    P = np.zeros_like(A)\n"
        "    for j in range(len(A)):\n        s = A[:, j].sum()\n        P[:, j] = A[:, j] / s if s else 1 / len(A)\n    return P",
    ),
    ("matrices.batched_matmul", "@", "def batched_matmul(A, B):\n    return np.asarray(A, dtype=float) @ B"),
    ("matrices.batched_matmul", "np.matmul", "def batched_matmul(A, B):\n    return np.matmul(A, B).astype(float)"),
    (
        "linear_systems.forward_substitution",
        "np.linalg.solve",
        "def forward_substitution(L, b):\n    return np.linalg.solve(L, b)",
    ),
    (
        "linear_systems.forward_substitution",
        "np.linalg.inv",
        "def forward_substitution(L, b):\n    return np.linalg.inv(L) @ np.asarray(b, dtype=float)",
    ),
    ("linear_systems.back_substitution", "np.linalg.solve", "def back_substitution(U, b):\n    return np.linalg.solve(U, b)"),
    (
        "linear_systems.back_substitution",
        "np.linalg.inv",
        "def back_substitution(U, b):\n    return np.linalg.inv(U) @ np.asarray(b, dtype=float)",
    ),
    (
        "linear_systems.gaussian_elimination",
        "np.linalg.solve",
        "def gaussian_elimination(A, b, tol=1e-12):\n    return np.linalg.solve(A, b)",
    ),
    (
        "linear_systems.gaussian_elimination",
        "np.linalg.inv",
        "def gaussian_elimination(A, b, tol=1e-12):\n    return np.linalg.inv(A) @ b",
    ),
    (
        "linear_systems.gaussian_elimination",
        "np.linalg.lstsq",
        "def gaussian_elimination(A, b, tol=1e-12):\n    return np.linalg.lstsq(A, b, rcond=None)[0]",
    ),
    (
        "linear_systems.lu_decompose",
        "np.linalg.qr",
        "def lu_decompose(A):\n    Q, R = np.linalg.qr(A)\n    return np.eye(len(A)), Q, R",
    ),
    (
        "linear_systems.lu_decompose",
        "np.linalg.cholesky",
        "def lu_decompose(A):\n    L = np.linalg.cholesky(A)\n    return np.eye(len(A)), L, L.T",
    ),
    (
        "linear_systems.lu_decompose",
        "np.linalg.svd",
        "def lu_decompose(A):\n    U, s, Vt = np.linalg.svd(A)\n    return np.eye(len(A)), U, s[:, None] * Vt",
    ),
    (
        "linear_systems.lu_decompose",
        "np.linalg.eig",
        "def lu_decompose(A):\n    w, V = np.linalg.eig(A)\n    return np.eye(len(A)), V, w[:, None] * np.linalg.inv(V)",
    ),
    (
        "linear_systems.lu_decompose",
        "np.linalg.eigh",
        "def lu_decompose(A):\n    w, V = np.linalg.eigh(A)\n    return np.eye(len(A)), V, w[:, None] * V.T",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.lu",
        "import scipy.linalg\ndef lu_decompose(A):\n    P, L, U = scipy.linalg.lu(A)\n    return P.T, L, U",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.lu_factor",
        "import scipy.linalg\ndef lu_decompose(A):\n    lu, piv = scipy.linalg.lu_factor(A)\n"
        "    return np.eye(len(A)), np.tril(lu, -1) + np.eye(len(A)), np.triu(lu)",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.ldl",
        "import scipy.linalg\ndef lu_decompose(A):\n    L, D, perm = scipy.linalg.ldl(A)\n    return np.eye(len(A)), L, D @ L.T",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.qr",
        "import scipy.linalg\ndef lu_decompose(A):\n    Q, R = scipy.linalg.qr(A)\n    return np.eye(len(A)), Q, R",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.cholesky",
        "import scipy.linalg\ndef lu_decompose(A):\n    L = scipy.linalg.cholesky(A, lower=True)\n    return np.eye(len(A)), L, L.T",
    ),
    (
        "linear_systems.lu_decompose",
        "scipy.linalg.svd",
        "import scipy.linalg\ndef lu_decompose(A):\n    U, s, Vt = scipy.linalg.svd(A)\n    return np.eye(len(A)), U, s[:, None] * Vt",
    ),
    ("linear_systems.rank", "np.linalg.matrix_rank", "def rank(A, tol=1e-10):\n    return int(np.linalg.matrix_rank(A))"),
    (
        "linear_systems.rank",
        "np.linalg.svd",
        "def rank(A, tol=1e-10):\n    s = np.linalg.svd(A, compute_uv=False)\n    return int(np.sum(s > tol * s.max()))",
    ),
    (
        "linear_systems.rank",
        "np.linalg.det",
        "def rank(A, tol=1e-10):\n    return len(A) if abs(np.linalg.det(A)) > tol else len(A) - 1",
    ),
    (
        "linear_systems.is_linearly_independent",
        "np.linalg.det",
        "def is_linearly_independent(V):\n    return bool(np.linalg.det(V) != 0)",
    ),
    (
        "conditioning.predicted_digits",
        "np.linalg.cond",
        "def predicted_digits(A, dtype):\n    return float(max(0.0, -np.log10(np.linalg.cond(A) * np.finfo(dtype).eps)))",
    ),
    (
        "linear_systems.lu_solve",
        "np.linalg.solve",
        "def lu_solve(P, L, U, B):\n    return np.linalg.solve(np.asarray(P, dtype=float).T @ L @ U, np.asarray(B, dtype=float))",
    ),
    (
        "linear_systems.lu_solve",
        "np.linalg.inv",
        "def lu_solve(P, L, U, B):\n    return np.linalg.inv(np.asarray(P, dtype=float).T @ L @ U) @ np.asarray(B, dtype=float)",
    ),
    (
        "linear_systems.lu_solve",
        "np.linalg.lstsq",
        "def lu_solve(P, L, U, B):\n    return np.linalg.lstsq(np.asarray(P, dtype=float).T @ L @ U, np.asarray(B, dtype=float), rcond=None)[0]",
    ),
    (
        "linear_systems.null_space_basis",
        "np.linalg.svd",
        "def null_space_basis(A, tol=1e-10):\n    A = np.asarray(A, dtype=float)\n    U, s, Vt = np.linalg.svd(A)\n    return Vt[int(np.sum(s > tol * s.max())) :].T",
    ),
    (
        "linear_systems.null_space_basis",
        "np.linalg.matrix_rank",
        "def null_space_basis(A, tol=1e-10):\n    A = np.asarray(A, dtype=float)\n    return np.zeros((A.shape[1], A.shape[1] - np.linalg.matrix_rank(A)))",
    ),
    (
        "linear_systems.null_space_basis",
        "scipy.linalg.null_space",
        "import scipy.linalg\ndef null_space_basis(A, tol=1e-10):\n    return scipy.linalg.null_space(A)",
    ),
    (
        "conditioning.induced_norms",
        "np.linalg.norm",
        "def induced_norms(A):\n    return float(np.linalg.norm(A, 1)), float(np.linalg.norm(A, np.inf))",
    ),
    (
        "conditioning.induced_norms",
        "np.linalg.cond",
        "def induced_norms(A):\n    A = np.asarray(A, dtype=float)\n    return float(np.linalg.cond(A, 1)), float(np.abs(A).sum(axis=1).max())",
    ),
    (
        "conditioning.condition_number_1",
        "np.linalg.inv",
        "def condition_number_1(A):\n    A = np.asarray(A, dtype=float)\n    return float(np.abs(A).sum(axis=0).max() * np.abs(np.linalg.inv(A)).sum(axis=0).max())",
    ),
    (
        "conditioning.condition_number_1",
        "np.linalg.cond",
        "def condition_number_1(A):\n    return float(np.linalg.cond(A, 1))",
    ),
    (
        "conditioning.condition_number_1",
        "np.linalg.pinv",
        "def condition_number_1(A):\n    A = np.asarray(A, dtype=float)\n    return float(np.abs(A).sum(axis=0).max() * np.abs(np.linalg.pinv(A)).sum(axis=0).max())",
    ),
    (
        "conditioning.amplification",
        "np.linalg.inv",
        "def amplification(A, B, dB):\n    B, dB = np.asarray(B, dtype=float), np.asarray(dB, dtype=float)\n    Ai = np.linalg.inv(A)\n    X, dX = B @ Ai.T, dB @ Ai.T\n    size = lambda M: np.sqrt(np.sum(M**2, axis=1))\n    return (size(dX) / size(X)) / (size(dB) / size(B))",
    ),
    (
        "conditioning.amplification",
        "loop",
        "def amplification(A, B, dB):\n    out = []\n    for b, db in zip(np.asarray(B, dtype=float), np.asarray(dB, dtype=float)):\n        x, dx = np.linalg.solve(A, b), np.linalg.solve(A, db)\n        out.append((np.sqrt(dx @ dx) / np.sqrt(x @ x)) / (np.sqrt(db @ db) / np.sqrt(b @ b)))\n    return np.array(out)",
    ),
    (
        "conditioning.error_bound",
        "np.linalg.inv",
        "def error_bound(A, b, x_hat):\n    A, b, x_hat = np.asarray(A, dtype=float), np.asarray(b, dtype=float), np.asarray(x_hat, dtype=float)\n    r = float(np.abs(b - A @ x_hat).sum() / np.abs(b).sum())\n    return r, float(np.abs(A).sum(axis=0).max() * np.abs(np.linalg.inv(A)).sum(axis=0).max()) * r",
    ),
    (
        "conditioning.error_bound",
        "np.linalg.cond",
        "def error_bound(A, b, x_hat):\n    A, b, x_hat = np.asarray(A, dtype=float), np.asarray(b, dtype=float), np.asarray(x_hat, dtype=float)\n    r = float(np.abs(b - A @ x_hat).sum() / np.abs(b).sum())\n    return r, float(np.linalg.cond(A, 1)) * r",
    ),
    (
        "conditioning.spectral_normalise",
        "np.linalg.svd",
        "def spectral_normalise(W, u):\n    W = np.asarray(W, dtype=float)\n    U, s, Vt = np.linalg.svd(W)\n    return W / s[0], U[:, 0]",
    ),
    (
        "orthogonality.distance_to_hyperplane",
        "loop",
        "def distance_to_hyperplane(X, w, b):\n    w = np.asarray(w, dtype=float)\n"
        "    return np.array([(float(np.sum(x * w)) + b) / np.sqrt(np.sum(w * w)) for x in np.asarray(X, dtype=float)])",
    ),
    (
        "orthogonality.gram_schmidt",
        "np.linalg.qr",
        "def gram_schmidt(A):\n    Q, R = np.linalg.qr(np.asarray(A, dtype=float))\n    return Q * np.sign(np.diag(R))",
    ),
    (
        "orthogonality.qr_gram_schmidt",
        "np.linalg.qr",
        "def qr_gram_schmidt(A):\n    Q, R = np.linalg.qr(np.asarray(A, dtype=float))\n    s = np.sign(np.diag(R))\n"
        "    return Q * s, R * s[:, None]",
    ),
    (
        "orthogonality.least_squares_qr",
        "np.linalg.lstsq",
        "def least_squares_qr(A, b):\n    return np.linalg.lstsq(A, b, rcond=None)[0]",
    ),
    ("orthogonality.least_squares_qr", "np.linalg.pinv", "def least_squares_qr(A, b):\n    return np.linalg.pinv(A) @ b"),
    (
        "orthogonality.least_squares_qr",
        "np.linalg.inv",
        "def least_squares_qr(A, b):\n    Q, R = np.linalg.qr(np.asarray(A, dtype=float))\n    return np.linalg.inv(R) @ (Q.T @ b)",
    ),
    (
        "orthogonality.fit_line",
        "np.polyfit",
        "def fit_line(x, y):\n    slope, intercept = np.polyfit(x, y, 1)\n    return float(slope), float(intercept)",
    ),
    (
        "orthogonality.fit_line",
        "np.linalg.lstsq",
        "def fit_line(x, y):\n    A = np.column_stack([x, np.ones(len(x))])\n    slope, intercept = np.linalg.lstsq(A, y, rcond=None)[0]\n"
        "    return float(slope), float(intercept)",
    ),
    (
        "eigenvectors.is_eigenpair",
        "np.linalg.eig",
        "def is_eigenpair(A, v, lam, tol=1e-8):\n    return bool(np.any(np.isclose(np.linalg.eig(A)[0], lam)))",
    ),
    (
        "eigenvectors.is_eigenpair",
        "np.linalg.eigh",
        "def is_eigenpair(A, v, lam, tol=1e-8):\n    return bool(np.any(np.isclose(np.linalg.eigh(A)[0], lam)))",
    ),
    (
        "eigenvectors.is_eigenpair",
        "np.linalg.eigvals",
        "def is_eigenpair(A, v, lam, tol=1e-8):\n    return bool(np.any(np.isclose(np.linalg.eigvals(A), lam)))",
    ),
    (
        "eigenvectors.is_eigenpair",
        "np.linalg.eigvalsh",
        "def is_eigenpair(A, v, lam, tol=1e-8):\n    return bool(np.any(np.isclose(np.linalg.eigvalsh(A), lam)))",
    ),
    (
        "eigenvectors.power_iteration",
        "np.linalg.eig",
        "def power_iteration(A, v0, tol=1e-10, max_iter=10_000):\n    w, V = np.linalg.eig(A)\n    i = np.argmax(abs(w))\n"
        "    return float(w[i].real), V[:, i].real",
    ),
    (
        "eigenvectors.power_iteration",
        "np.linalg.eigh",
        "def power_iteration(A, v0, tol=1e-10, max_iter=10_000):\n    w, V = np.linalg.eigh(A)\n    i = np.argmax(abs(w))\n"
        "    return float(w[i]), V[:, i]",
    ),
    (
        "eigenvectors.power_by_diagonalisation",
        "np.linalg.matrix_power",
        "def power_by_diagonalisation(A, k):\n    return np.linalg.matrix_power(np.asarray(A, dtype=float), k)",
    ),
    (
        "eigenvectors.power_by_diagonalisation",
        "np.linalg.inv",
        "def power_by_diagonalisation(A, k):\n    lam, V = np.linalg.eig(A)\n    return np.real((V * lam**k) @ np.linalg.inv(V))",
    ),
    (
        "eigenvectors.power_by_diagonalisation",
        "np.diag",
        "def power_by_diagonalisation(A, k):\n    lam, V = np.linalg.eig(A)\n"
        "    return np.real(np.linalg.solve(V.T, (V @ np.diag(lam**k)).T).T)",
    ),
    (
        "eigenvectors.pagerank",
        "np.linalg.eig",
        "def pagerank(adjacency, damping=0.85, tol=1e-12, max_iter=1000):"
        + _TRANSITION
        + "    w, V = np.linalg.eig(G)\n    r = np.real(V[:, np.argmax(np.real(w))])\n    return r / r.sum()",
    ),
    (
        "svd.svd_from_eigh",
        "np.linalg.svd",
        "def svd_from_eigh(A):\n    _, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)\n    return s, Vt.T",
    ),
    (
        "svd.pseudo_inverse",
        "np.linalg.pinv",
        "def pseudo_inverse(A, rtol=None):\n    return np.linalg.pinv(np.asarray(A, dtype=float))",
    ),
    (
        "svd.pseudo_inverse",
        "np.linalg.inv",
        "def pseudo_inverse(A, rtol=None):\n    A = np.asarray(A, dtype=float)\n    return np.linalg.inv(A.T @ A) @ A.T",
    ),
    (
        "svd.pseudo_inverse",
        "np.linalg.lstsq",
        "def pseudo_inverse(A, rtol=None):\n    A = np.asarray(A, dtype=float)\n    return np.linalg.lstsq(A, np.eye(len(A)), rcond=rtol)[0]",
    ),
    (
        "svd.pca_components",
        "np.cov",
        "def pca_components(X, k):\n    w, V = np.linalg.svd(np.cov(X, rowvar=False))[1:]\n    return V[:k], w[:k]",
    ),
    (
        "svd.pca_components",
        "np.linalg.eig",
        "def pca_components(X, k):\n    X = np.asarray(X, dtype=float)\n    C = X - X.mean(axis=0)\n"
        "    w, V = np.linalg.eig(C.T @ C / (len(X) - 1))\n    order = np.argsort(w)[::-1][:k]\n    return V[:, order].T, w[order]",
    ),
    (
        "svd.pca_components",
        "np.linalg.eigh",
        "def pca_components(X, k):\n    X = np.asarray(X, dtype=float)\n    C = X - X.mean(axis=0)\n"
        "    w, V = np.linalg.eigh(C.T @ C / (len(X) - 1))\n    return V[:, ::-1][:, :k].T, w[::-1][:k]",
    ),
    (
        "determinants_and_change_of_basis.det_cofactor",
        "np.linalg.det",
        "def det_cofactor(A):\n    return float(np.linalg.det(A))",
    ),
    ("determinants_and_change_of_basis.det_via_lu", "np.linalg.det", "def det_via_lu(A):\n    return float(np.linalg.det(A))"),
    (
        "determinants_and_change_of_basis.det_via_lu",
        "np.linalg.slogdet",
        "def det_via_lu(A):\n    sign, logdet = np.linalg.slogdet(A)\n    return float(sign * np.exp(logdet))",
    ),
    (
        "determinants_and_change_of_basis.det_via_lu",
        "scipy.linalg.lu",
        "import scipy.linalg\ndef det_via_lu(A):\n    P, L, U = scipy.linalg.lu(A)\n"
        "    return float(np.linalg.det(P) * np.prod(np.diag(U)))",
    ),
    (
        "determinants_and_change_of_basis.log_abs_det",
        "np.linalg.slogdet",
        "def log_abs_det(A):\n    sign, logdet = np.linalg.slogdet(A)\n    return float(sign), float(logdet)",
    ),
    (
        "determinants_and_change_of_basis.change_of_basis",
        "np.linalg.inv",
        "def change_of_basis(v, B):\n    return np.linalg.inv(B) @ np.asarray(v, dtype=float)",
    ),
    (
        "determinants_and_change_of_basis.cholesky",
        "np.linalg.cholesky",
        "def cholesky(S, rtol=1e-10):\n    try:\n        return np.linalg.cholesky(np.asarray(S, dtype=float))\n"
        "    except np.linalg.LinAlgError:\n        raise ValueError('not positive definite') from None",
    ),
    (
        "determinants_and_change_of_basis.cholesky",
        "scipy.linalg.cholesky",
        "import scipy.linalg\ndef cholesky(S, rtol=1e-10):\n    return scipy.linalg.cholesky(np.asarray(S, dtype=float), lower=True)",
    ),
    (
        "eigenvectors.definiteness",
        "np.linalg.cholesky",
        "def definiteness(S, rtol=1e-10):\n    try:\n        np.linalg.cholesky(S)\n        return 'definite'\n"
        "    except np.linalg.LinAlgError:\n        return 'indefinite'",
    ),
    (
        "determinants_and_change_of_basis.whiten",
        "np.cov",
        "def whiten(X):\n    X = np.asarray(X, dtype=float)\n    mean = X.mean(axis=0)\n"
        "    L = np.linalg.cholesky(np.atleast_2d(np.cov(X, rowvar=False)))\n"
        "    return np.linalg.solve(L, (X - mean).T).T, mean, L",
    ),
    (
        "determinants_and_change_of_basis.whiten",
        "np.linalg.inv",
        "def whiten(X):\n    X = np.asarray(X, dtype=float)\n    mean = X.mean(axis=0)\n    Xc = X - mean\n"
        "    L = np.linalg.cholesky(Xc.T @ Xc / (len(X) - 1))\n    return Xc @ np.linalg.inv(L).T, mean, L",
    ),
    (
        "svd.ridge_svd",
        "np.linalg.solve",
        "def ridge_svd(X, y, alpha):\n    X = np.asarray(X, dtype=float)\n"
        "    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)",
    ),
    (
        "svd.ridge_svd",
        "np.linalg.inv",
        "def ridge_svd(X, y, alpha):\n    X = np.asarray(X, dtype=float)\n"
        "    return np.linalg.inv(X.T @ X + alpha * np.eye(X.shape[1])) @ X.T @ y",
    ),
    (
        "svd.ridge_svd",
        "np.linalg.lstsq",
        "def ridge_svd(X, y, alpha):\n    X = np.asarray(X, dtype=float)\n    d = X.shape[1]\n"
        "    big = np.vstack([X, np.sqrt(alpha) * np.eye(d)])\n"
        "    return np.linalg.lstsq(big, np.concatenate([y, np.zeros(d)]), rcond=None)[0]",
    ),
]

#: Harder to spot, but the same shortcut: the check must see through each of these.
DISGUISED = [
    (
        "an alias import",
        "determinants_and_change_of_basis.change_of_basis",
        "np.linalg.inv",
        "from numpy.linalg import inv as my_inv\ndef change_of_basis(v, B):\n    return my_inv(B) @ np.asarray(v, dtype=float)",
    ),
    (
        "a module alias",
        "linear_systems.forward_substitution",
        "np.linalg.solve",
        "import numpy.linalg as la\ndef forward_substitution(L, b):\n    return la.solve(L, b)",
    ),
    (
        "`from numpy import linalg`",
        "determinants_and_change_of_basis.det_cofactor",
        "np.linalg.det",
        "from numpy import linalg\ndef det_cofactor(A):\n    return float(linalg.det(A))",
    ),
    (
        "a name imported from numpy",
        "matrices.matvec",
        "np.einsum",
        "from numpy import einsum\ndef matvec(A, x):\n    return einsum('ij,j->i', A, x).astype(float)",
    ),
    (
        "a try/except that falls back to an honest answer",
        "vectors.norm",
        "np.linalg.norm",
        "def norm(x):\n    try:\n        return float(np.linalg.norm(x))\n    except Exception:\n"
        "        return float(np.sqrt(np.sum(np.asarray(x, dtype=float) ** 2)))",
    ),
    (
        "a bare except around the call",
        "orthogonality.least_squares_qr",
        "np.linalg.lstsq",
        "def least_squares_qr(A, b):\n    try:\n        return np.linalg.lstsq(A, b, rcond=None)[0]\n    except:\n"
        "        return np.zeros(np.shape(A)[1])",
    ),
    (
        "a helper function of the learner's",
        "matrices.matvec",
        "@",
        "def _product(A, x):\n    return A @ x\ndef matvec(A, x):\n    return _product(np.asarray(A, dtype=float), x)",
    ),
    (
        "a helper that calls the forbidden function",
        "eigenvectors.power_iteration",
        "np.linalg.eigh",
        "def _dominant(A):\n    w, V = np.linalg.eigh(A)\n    i = np.argmax(abs(w))\n    return float(w[i]), V[:, i]\n"
        "def power_iteration(A, v0, tol=1e-10, max_iter=10_000):\n    return _dominant(np.asarray(A, dtype=float))",
    ),
    (
        "a lambda inside the function",
        "matrices.matvec",
        "@",
        "def matvec(A, x):\n    product = lambda M, v: M @ v\n    return product(np.asarray(A, dtype=float), x)",
    ),
    (
        "the in-place operator @=",
        "matrices.matmul",
        "@",
        "def matmul(A, B):\n    C = np.array(A, dtype=float)\n    C @= B\n    return C",
    ),
    ("the .dot method", "vectors.dot", "np.dot", "def dot(x, y):\n    return float(np.asarray(x, dtype=float).dot(y))"),
    (
        "np.diag inside a list comprehension",
        "eigenvectors.power_by_diagonalisation",
        "np.diag",
        "def power_by_diagonalisation(A, k):\n    lam, V = np.linalg.eig(A)\n    D = [np.diag(lam**k)][0]\n"
        "    return np.real(np.linalg.solve(V.T, (V @ D).T).T)",
    ),
]


def _check(exercise):
    module, name = exercise.split(".")
    return getattr(importlib.import_module(f"mlmath.checks.linear_algebra.{module}"), f"check_{name}")


def _learner(exercise, source):
    """Run the learner's cell in a fresh namespace, as a notebook would, and return their function."""
    namespace = {"__name__": "__main__"}
    exec(compile("import numpy as np\n" + textwrap.dedent(source), "<learner's cell>", "exec"), namespace)
    return namespace[exercise.split(".")[1]]


def _needs(rule):
    if rule.startswith("scipy."):
        pytest.importorskip("scipy.linalg", reason=f"SciPy is not installed, so {rule} cannot be used either")


def _named(rule):
    return {"@": "the @ operator", "loop": "a Python loop"}.get(rule, f"`{rule}`")


@pytest.fixture(autouse=True)
def tripwires_are_removed():
    """Every forbidden function is back in place after the check, whatever happened."""
    rules = {rule for rules in RULES.values() for rule in rules if rule not in ("@", "loop")}
    before = {rule: forbid.resolve(rule) for rule in rules}
    yield
    moved = [rule for rule, target in before.items() if target and forbid.resolve(rule)[2] is not target[2]]
    assert not moved, f"still replaced after the check: {moved}"


def _every_check():
    for module in pkgutil.iter_modules(linear_algebra.__path__):
        checks = importlib.import_module(f"{linear_algebra.__name__}.{module.name}")
        for attribute in dir(checks):
            if attribute.startswith("check_") and callable(getattr(checks, attribute)):
                yield f"{module.name}.{attribute[len('check_') :]}", getattr(checks, attribute)


def test_the_checks_enforce_exactly_the_rules_the_tasks_state(monkeypatch):
    enforced = {}
    original = Checker.__init__

    def recording(self, func, *args, **kwargs):
        enforced[func.__name__] = tuple(kwargs.get("forbid", ()))
        original(self, func, *args, **kwargs)

    monkeypatch.setattr(Checker, "__init__", recording)
    found = {}
    for exercise, check in _every_check():
        name = exercise.split(".")[1]

        def stub(*args, **kwargs):
            raise NotImplementedError()

        stub.__name__ = name
        with pytest.raises(NotImplementedYet):
            check(stub)
        if enforced.get(name):
            found[exercise] = enforced[name]
    assert found == RULES


def test_every_rule_has_a_shortcut_to_catch():
    tried = {(exercise, rule) for exercise, rule, _ in SHORTCUTS}
    assert tried == {(exercise, rule) for exercise, rules in RULES.items() for rule in rules}


@pytest.mark.parametrize(("exercise", "rule", "source"), SHORTCUTS, ids=[f"{e}-{r}" for e, r, _ in SHORTCUTS])
def test_a_shortcut_is_refused(exercise, rule, source):
    _needs(rule)
    with pytest.raises(ForbiddenUse) as refused, contextlib.redirect_stdout(io.StringIO()):
        _check(exercise)(_learner(exercise, source))
    message = str(refused.value)
    assert f"The task says not to use {_named(rule)}" in message
    assert "Case: " in message  # the case that ran it, for the learner to reproduce


@pytest.mark.parametrize(("how", "exercise", "rule", "source"), DISGUISED, ids=[how for how, *_ in DISGUISED])
def test_a_disguised_shortcut_is_refused(how, exercise, rule, source):
    _needs(rule)
    with pytest.raises(ForbiddenUse, match=f"The task says not to use {_named(rule)}"), contextlib.redirect_stdout(io.StringIO()):
        _check(exercise)(_learner(exercise, source))


LINEAR_ALGEBRA_SOLUTIONS = sorted((ROOT / "solutions" / "linear-algebra").glob("*.ipynb"))


@pytest.mark.parametrize("path", LINEAR_ALGEBRA_SOLUTIONS, ids=lambda path: path.stem)
def test_the_reference_solutions_keep_the_rules_and_pass(path):
    namespace = solution_namespace(path)  # runs every check cell; a refused solution raises here
    for check, name in (call for cell in read(path).cells for call in CHECK_CALL.findall(cell.source)):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            namespace[check](namespace[name])
        assert output.getvalue().startswith(f"{PASS_MARK} {name} passes all "), (check, output.getvalue())
