"""Learner-like wrong answers for the linear-algebra chapter: every check must reject each of them.

One table per section, keyed by check. Each wrong answer is a plausible mistake (a transpose, a
dropped sign or absolute value, an off-by-one, a wrong axis, a wrong magnitude, a missing guard)
or one that an earlier version of a check let through. None uses what its task forbids, so each
must fail on its values, not on a rule: the test asserts a CheckFailure that is neither
NotImplementedYet nor ForbiddenUse.
"""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checking import ForbiddenUse
from mlmath.checks.linear_algebra import (
    determinants_and_change_of_basis,
    eigenvectors,
    linear_systems,
    matrices,
    orthogonality,
    svd,
    vectors,
)

LinAlgError = np.linalg.LinAlgError


def _f(x):
    return np.asarray(x, dtype=float)


def _square_or_raise(A):
    A = _f(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("not square")
    return A


# == 01 vectors ===============================================================================


def norm_no_sqrt(x):
    """Forgets the square root."""
    x = _f(x)
    return float(np.sum(x * x))


def norm_abs_sum(x):
    """The l1 norm instead of the l2 norm."""
    return float(np.sum(np.abs(_f(x))))


def norm_no_abs_max(x):
    """The largest entry, not the largest absolute entry, and no square root."""
    x = _f(x)
    return float(np.max(x, initial=0.0))


def dot_broadcasts(x, y):
    """No length check: lengths 1 and 3 broadcast quietly."""
    return float(np.sum(_f(x) * _f(y)))


def dot_abs(x, y):
    """Adds absolute products: the sign is lost."""
    x, y = _f(x), _f(y)
    if x.shape != y.shape:
        raise ValueError
    return float(np.sum(np.abs(x * y)))


def dot_reversed(x, y):
    """Pairs x[i] with y[n - 1 - i]."""
    x, y = _f(x), _f(y)
    if x.shape != y.shape:
        raise ValueError
    return float(np.sum(x * y[::-1]))


def _stable_norm(x):
    x = _f(x)
    scale = np.max(np.abs(x), initial=0.0)
    if scale == 0:
        return 0.0
    return float(scale * np.sqrt(np.sum((x / scale) ** 2)))


def cosine_no_clip(x, y):
    """Right formula, stable norms, but no clip: 1.0000000000000002 for some parallel pairs."""
    nx, ny = _stable_norm(x), _stable_norm(y)
    if nx == 0 or ny == 0:
        return 0.0
    return float(np.sum((_f(x) / nx) * (_f(y) / ny)))


def cosine_plain_norms(x, y):
    """Clipped, but with plain norms: the squares overflow for entries near 1e200."""
    x, y = _f(x), _f(y)
    nx, ny = np.sqrt(np.sum(x * x)), np.sqrt(np.sum(y * y))
    if nx == 0 or ny == 0:
        return 0.0
    return float(np.clip(np.sum(x * y) / (nx * ny), -1, 1))


def cosine_abs(x, y):
    """Takes the absolute value of the dot product: opposite directions come out as +1."""
    nx, ny = _stable_norm(x), _stable_norm(y)
    if nx == 0 or ny == 0:
        return 0.0
    return float(np.clip(abs(np.sum((_f(x) / nx) * (_f(y) / ny))), -1, 1))


def cosine_zero_nan(x, y):
    """No zero-vector guard: 0 / 0 gives NaN."""
    with np.errstate(all="ignore"):
        return float(np.clip(np.sum(_f(x) * _f(y)) / (_stable_norm(x) * _stable_norm(y)), -1, 1))


def _cosine(x, y):
    nx, ny = _stable_norm(x), _stable_norm(y)
    if nx == 0 or ny == 0:
        return 0.0
    return float(np.clip(np.sum((_f(x) / nx) * (_f(y) / ny)), -1, 1))


def angle_radians(x, y):
    """Forgets to convert to degrees."""
    return float(np.arccos(_cosine(x, y)))


def angle_no_clip(x, y):
    """arccos of an unclipped cosine: NaN for parallel pairs."""
    with np.errstate(all="ignore"):
        return float(np.degrees(np.arccos(cosine_no_clip(x, y))))


def angle_abs_cosine(x, y):
    """Uses |cos|, so every angle lands in [0, 90]."""
    return float(np.degrees(np.arccos(abs(_cosine(x, y)))))


def rows_plain_norm(X):
    """np.linalg.norm of each row without scaling first: rows near 1e200 become zero rows."""
    X = _f(X)
    lengths = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(lengths == 0, 1.0, lengths)


def rows_axis0(X):
    """Normalises the columns (axis 0) instead of the rows."""
    X = _f(X)
    scales = np.max(np.abs(X), axis=0, keepdims=True, initial=0.0)
    scaled = X / np.where(scales == 0, 1.0, scales)
    lengths = np.sqrt(np.sum(scaled**2, axis=0, keepdims=True))
    return scaled / np.where(lengths == 0, 1.0, lengths)


def rows_zero_nan(X):
    """No guard for zero rows: 0 / 0 gives NaN."""
    X = _f(X)
    scales = np.max(np.abs(X), axis=1, keepdims=True, initial=0.0)
    with np.errstate(all="ignore"):
        scaled = X / scales
        return scaled / np.sqrt(np.sum(scaled**2, axis=1, keepdims=True))


def _unit_rows(X):
    X = _f(X)
    lengths = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(lengths == 0, 1.0, lengths)


def nn_ascending(queries, database, k):
    """Sorts ascending: the k least similar rows."""
    similarity = _unit_rows(queries) @ _unit_rows(database).T
    return np.argsort(similarity, axis=1, kind="stable")[:, :k]


def nn_unnormalised(queries, database, k):
    """Ranks by the raw dot product: long database rows win."""
    similarity = _f(queries) @ _f(database).T
    return np.argsort(-similarity, axis=1, kind="stable")[:, :k]


def nn_off_by_one(queries, database, k):
    """Skips the first hit, as if the query were in the database."""
    similarity = _unit_rows(queries) @ _unit_rows(database).T
    return np.argsort(-similarity, axis=1, kind="stable")[:, 1 : k + 1]


def stable_guard_huge_only(x):
    """Scales only when the entries are huge: tiny entries still underflow."""
    x = _f(x)
    scale = np.max(np.abs(x), initial=0.0)
    if scale > 1e150:
        return float(scale * np.sqrt(np.sum((x / scale) ** 2)))
    return float(np.sqrt(np.sum(x * x)))


def stable_guard_inf(x):
    """Scales only when the plain sum of squares overflows to inf."""
    x = _f(x)
    with np.errstate(over="ignore"):
        plain = np.sqrt(np.sum(x * x))
    if np.isinf(plain):
        scale = np.max(np.abs(x))
        return float(scale * np.sqrt(np.sum((x / scale) ** 2)))
    return float(plain)


def stable_no_abs(x):
    """Scales by max(x), not max(|x|): negative entries break it."""
    x = _f(x)
    if x.size == 0:
        return 0.0
    scale = np.max(x)
    if scale == 0:
        return 0.0
    return float(abs(scale) * np.sqrt(np.sum((x / scale) ** 2)))


def stable_empty(x):
    """np.max of an empty array raises."""
    x = _f(x)
    scale = np.max(np.abs(x))
    if scale == 0:
        return 0.0
    return float(scale * np.sqrt(np.sum((x / scale) ** 2)))


VECTORS = {
    "check_norm": [norm_no_sqrt, norm_abs_sum, norm_no_abs_max],
    "check_dot": [dot_broadcasts, dot_abs, dot_reversed],
    "check_cosine_similarity": [cosine_no_clip, cosine_plain_norms, cosine_abs, cosine_zero_nan],
    "check_angle_degrees": [angle_radians, angle_no_clip, angle_abs_cosine],
    "check_normalize_rows": [rows_plain_norm, rows_axis0, rows_zero_nan],
    "check_nearest_neighbours": [nn_ascending, nn_unnormalised, nn_off_by_one],
    "check_stable_norm": [stable_guard_huge_only, stable_guard_inf, stable_no_abs, stable_empty],
}


# == 02 matrices ==============================================================================


def matvec_wrong_axis(A, x):
    """Sums over axis 0: the wrong axis."""
    A, x = _f(A), _f(x)
    if A.ndim != 2 or x.shape != (A.shape[1],):
        raise ValueError
    return np.sum(A * x, axis=0)


def matvec_broadcasts(A, x):
    """No length check: x of length 1 broadcasts."""
    A, x = _f(A), _f(x)
    if A.shape[1] != x.size and x.size != 1:
        raise ValueError
    return np.sum(A * x, axis=1)


def matvec_integer(A, x):
    """Right values, but integer input gives integers."""
    A, x = np.asarray(A), np.asarray(x)
    if x.shape != (A.shape[1],):
        raise ValueError
    return np.sum(A * x, axis=1)


def matmul_transposed(A, B):
    """Computes A B^T: pairs rows of A with rows of B."""
    A, B = _f(A), _f(B)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError
    return np.sum(A[:, None, :] * B[None, :, :], axis=2)


def matmul_broadcasts(A, B):
    """Right sum, but no shape check: a (1, 4) B broadcasts."""
    A, B = _f(A), _f(B)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)


def matmul_drops_last_term(A, B):
    """An off-by-one in the inner loop: the last of the k products is never added."""
    A, B = _f(A), _f(B)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError
    return np.sum(A[:, :-1, None] * B[None, :-1, :], axis=1)


def rotation_clockwise(theta):
    """The sign of the sines swapped: a clockwise rotation."""
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, s], [-s, c]])


def rotation_degrees(theta):
    """Reads theta as degrees."""
    t = np.radians(theta)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def rotation_sin_cos_swapped(theta):
    """Swaps sine and cosine."""
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[s, -c], [c, s]])


def transform_no_transpose(A, points):
    """points @ A: the transpose is missing."""
    A, points = _f(A), _f(points)
    if points.shape[1] != A.shape[1]:
        raise ValueError
    return points @ A


def transform_points_as_columns(A, points):
    """A @ points.T, and forgets to transpose back."""
    A, points = _f(A), _f(points)
    if points.shape[1] != A.shape[1]:
        raise ValueError
    return A @ points.T


def transform_integer(A, points):
    """Right values, but integer input gives integers."""
    A, points = np.asarray(A), np.asarray(points)
    if points.shape[1] != A.shape[1]:
        raise ValueError
    return points @ A.T


def _check_chain(maps):
    if len(maps) == 0:
        raise ValueError
    for first, second in zip(maps, maps[1:]):
        if np.shape(second)[1] != np.shape(first)[0]:
            raise ValueError


def compose_wrong_order(maps):
    """Multiplies first to last: maps[0] @ maps[1] @ ..."""
    _check_chain(maps)
    total = _f(maps[0])
    for M in maps[1:]:
        if total.shape[1] != _f(M).shape[0]:
            raise ValueError
        total = total @ _f(M)
    return total


def compose_returns_input(maps):
    """Right product, but a single map comes back as the caller's own array."""
    _check_chain(maps)
    if len(maps) == 1:
        return maps[0]
    total = _f(maps[0])
    for M in maps[1:]:
        total = _f(M) @ total
    return total


def compose_empty_identity(maps):
    """Returns a 1 x 1 identity for an empty list instead of raising."""
    if len(maps) == 0:
        return np.eye(1)
    total = np.array(maps[0], dtype=float)
    for M in maps[1:]:
        total = _f(M) @ total
    return total


def _batch_shapes(A, B):
    A, B = _f(A), _f(B)
    if A.ndim != 3 or B.ndim != 3 or A.shape[0] != B.shape[0] or A.shape[2] != B.shape[1]:
        raise ValueError
    return A, B


def batched_transposed(A, B):
    """A[i] @ B[i].T: the wrong index of B is summed."""
    A, B = _f(A), _f(B)
    if A.ndim != 3 or B.ndim != 3 or A.shape[0] != B.shape[0]:
        raise ValueError
    return np.einsum("bik,bjk->bij", A, B)


def batched_broadcasts(A, B):
    """No batch-size check: a batch of 1 broadcasts against a batch of 3."""
    A, B = _f(A), _f(B)
    if A.ndim != 3 or B.ndim != 3 or A.shape[2] != B.shape[1]:
        raise ValueError
    b = max(A.shape[0], B.shape[0])
    return np.einsum("bik,bkj->bij", np.broadcast_to(A, (b,) + A.shape[1:]), np.broadcast_to(B, (b,) + B.shape[1:]))


def batched_sums_batch(A, B):
    """Sums over the batch too: one product for the whole batch."""
    A, B = _batch_shapes(A, B)
    total = np.einsum("bik,bkj->ij", A, B)
    return np.broadcast_to(total, (A.shape[0],) + total.shape).copy()


def flops_2mkn(m, k, n):
    """The usual estimate 2 m k n, not the exact count."""
    return 2 * m * k * n


def flops_float(m, k, n):
    """The right formula in floating point: huge counts lose their last digits."""
    if k == 0:
        return 0
    return int(float(m) * n * (2.0 * k - 1))


def flops_no_k0_guard(m, k, n):
    """m n (2k - 1) without the k = 0 case: a negative count."""
    return m * n * (2 * k - 1)


MATRICES = {
    "check_matvec": [matvec_wrong_axis, matvec_broadcasts, matvec_integer],
    "check_matmul": [matmul_transposed, matmul_broadcasts, matmul_drops_last_term],
    "check_rotation_matrix": [rotation_clockwise, rotation_degrees, rotation_sin_cos_swapped],
    "check_transform_points": [transform_no_transpose, transform_points_as_columns, transform_integer],
    "check_compose": [compose_wrong_order, compose_returns_input, compose_empty_identity],
    "check_batched_matmul": [batched_transposed, batched_broadcasts, batched_sums_batch],
    "check_matmul_flops": [flops_2mkn, flops_float, flops_no_k0_guard],
}


# == 03 linear systems ========================================================================


def _substitute(T, b, lower, divide=True, reverse=False, check=True):
    T, b = _f(T), _f(b)
    n = b.size
    x = np.zeros(n)
    order = range(n) if lower != reverse else range(n - 1, -1, -1)
    for i in order:
        if check and T[i, i] == 0:
            raise LinAlgError("zero on the diagonal")
        known = np.sum(T[i, :] * x) - T[i, i] * x[i]
        with np.errstate(all="ignore"):
            x[i] = (b[i] - known) / (T[i, i] if divide else 1.0)
    return x


def forward_unit_diagonal(L, b):
    """Assumes ones on the diagonal: never divides."""
    return _substitute(L, b, lower=True, divide=False)


def forward_wrong_order(L, b):
    """Runs from the bottom row up, as for an upper-triangular matrix."""
    return _substitute(L, b, lower=True, reverse=True)


def forward_no_zero_check(L, b):
    """Divides by a zero on the diagonal instead of raising LinAlgError."""
    return _substitute(L, b, lower=True, check=False)


def back_unit_diagonal(U, b):
    """Assumes ones on the diagonal: never divides."""
    return _substitute(U, b, lower=False, divide=False)


def back_wrong_order(U, b):
    """Runs from the top row down, as for a lower-triangular matrix."""
    return _substitute(U, b, lower=False, reverse=True)


def back_transposed(U, b):
    """Solves U^T x = b."""
    return _substitute(_f(U).T, b, lower=True)


def _eliminate(A, b, pivoting=True, tol=1e-12, relative=True):
    A, b = _f(A).copy(), _f(b).copy()
    n = b.size
    scale = np.abs(A).max(initial=0.0)
    for k in range(n):
        p = k + int(np.argmax(np.abs(A[k:, k]))) if pivoting else k
        if abs(A[p, k]) <= (tol * scale if relative else tol):
            raise LinAlgError("singular")
        A[[k, p]], b[[k, p]] = A[[p, k]], b[[p, k]]
        factors = A[k + 1 :, k] / A[k, k]
        A[k + 1 :, k:] -= np.outer(factors, A[k, k:])
        b[k + 1 :] -= factors * b[k]
    return _substitute(A, b, lower=False)


def gauss_no_pivoting(A, b):
    """Never swaps rows: a zero or tiny first pivot breaks it."""
    return _eliminate(A, b, pivoting=False, tol=0.0)


def gauss_absolute_tolerance(A, b):
    """Compares pivots with 1e-12 itself, not relative to the size of A."""
    return _eliminate(A, b, relative=False)


def gauss_exact_zero_only(A, b):
    """Raises only for a pivot that is exactly 0: rounding hides singular matrices."""
    return _eliminate(A, b, tol=0.0)


def _plu(A, pivoting=True):
    A = _f(A)
    n = A.shape[0]
    U, L, P = A.copy(), np.eye(n), np.eye(n)
    for k in range(n):
        p = k + int(np.argmax(np.abs(U[k:, k]))) if pivoting else k
        U[[k, p]], P[[k, p]] = U[[p, k]], P[[p, k]]
        L[[k, p], :k] = L[[p, k], :k]
        if U[k, k] != 0:
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
            U[k + 1 :, k] = 0.0
    return P, L, U


def lu_no_pivoting(A):
    """No row swaps: a zero first pivot gives NaN, a tiny one huge multipliers."""
    with np.errstate(all="ignore"):
        A = _square_or_raise(A)
        n = A.shape[0]
        U, L = A.copy(), np.eye(n)
        for k in range(n):
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        return np.eye(n), L, U


def lu_P_transposed(A):
    """Returns P^T (so that A = P L U) where the task asks for P A = L U."""
    P, L, U = _plu(_square_or_raise(A))
    return P.T, L, U


def lu_strict_L(A):
    """L without the ones on its diagonal."""
    P, L, U = _plu(_square_or_raise(A))
    return P, L - np.eye(L.shape[0]), U


def _rank(A, tol=1e-10, relative=True, diagonal_only=False):
    A = _f(A).copy()
    if A.size == 0:
        return 0
    m, n = A.shape
    threshold = tol * np.abs(A).max() if relative else tol
    r = 0
    for k in range(n):
        if r == m:
            break
        p = r + int(np.argmax(np.abs(A[r:, k])))
        if abs(A[p, k]) <= threshold:
            if diagonal_only:
                r += 1
            continue
        A[[r, p]] = A[[p, r]]
        A[r + 1 :, k:] -= np.outer(A[r + 1 :, k] / A[r, k], A[r, k:])
        r += 1
    return r


def rank_as_array(A, tol=1e-10):
    """Right count, returned as a 1-element array."""
    return np.array([_rank(A, tol)])


def rank_absolute_tolerance(A, tol=1e-10):
    """Compares pivots with tol itself: a matrix scaled by 1e-200 has rank 0."""
    return _rank(A, tol, relative=False)


def rank_advances_without_pivot(A, tol=1e-10):
    """Moves the pivot row down even when a column has no pivot."""
    return _rank(A, tol, diagonal_only=True)


def rank_nullity(A, tol=1e-10):
    """Counts the columns without a pivot (n - rank) instead of those with one."""
    A = _f(A)
    return A.shape[1] - _rank(A, tol) if A.size else 0


def independent_rows(V):
    """Compares the rank with the number of rows (the length of the vectors), not of columns."""
    V = _f(V)
    return bool(_rank(V) == V.shape[0])


def independent_exact_zero(V):
    """Looks for an exactly zero pivot only: rounding hides dependence."""
    V = _f(V)
    return bool(_rank(V, tol=0.0) == V.shape[1])


def independent_returns_int(V):
    """Returns 1 or 0 instead of True or False."""
    V = _f(V)
    return int(_rank(V) == V.shape[1])


def _lu_solve(P, L, U, B, permute=True, transpose_P=False, unit=True):
    P, L, U, B = _f(P), _f(L), _f(U), _f(B)
    Y = (P.T if transpose_P else P) @ B if permute else B.copy()
    for i in range(len(Y)):
        Y[i] = (Y[i] - L[i, :i] @ Y[:i]) / (1.0 if unit else L[i, i])
    for i in reversed(range(len(Y))):
        if U[i, i] == 0:
            raise LinAlgError("zero pivot")
        Y[i] = (Y[i] - U[i, i + 1 :] @ Y[i + 1 :]) / U[i, i]
    return Y


def lu_solve_ignores_P(P, L, U, B):
    """Forgets the row swaps: solves L U X = B."""
    return _lu_solve(P, L, U, B, permute=False)


def lu_solve_P_transposed(P, L, U, B):
    """Applies P.T instead of P."""
    return _lu_solve(P, L, U, B, transpose_P=True)


def lu_solve_first_column(P, L, U, B):
    """Solves for the first right-hand side only and repeats it."""
    X = _lu_solve(P, L, U, _f(B)[:, :1]) if _f(B).shape[1] else _f(B)
    return np.repeat(X, _f(B).shape[1], axis=1)


def lu_solve_wrong_order(P, L, U, B):
    """Back substitution with U first, then forward substitution with L."""
    P, L, U, B = _f(P), _f(L), _f(U), _f(B)
    Y = P @ B
    for i in reversed(range(len(Y))):
        if U[i, i] == 0:
            raise LinAlgError("zero pivot")
        Y[i] = (Y[i] - U[i, i + 1 :] @ Y[i + 1 :]) / U[i, i]
    for i in range(len(Y)):
        Y[i] = Y[i] - L[i, :i] @ Y[:i]
    return Y


def _null(A, tol=1e-10, relative=True, sign=-1.0, reduce_above=True):
    R = _f(A).copy()
    m, n = R.shape
    threshold = tol * np.abs(R).max(initial=0.0) if relative else tol
    pivots, r = [], 0
    for k in range(n):
        if r == m:
            break
        p = r + int(np.argmax(np.abs(R[r:, k])))
        if abs(R[p, k]) <= threshold:
            continue
        R[[r, p]] = R[[p, r]]
        R[r] /= R[r, k]
        rows = np.arange(m) != r if reduce_above else np.arange(m) > r
        R[rows] -= np.outer(R[rows, k], R[r])
        pivots.append(k)
        r += 1
    free = [k for k in range(n) if k not in pivots]
    N = np.zeros((n, len(free)))
    for j, f in enumerate(free):
        N[f, j] = 1.0
        N[pivots, j] = sign * R[:r, f]
    return N


def null_space_sign_dropped(A, tol=1e-10):
    """Puts +r_if, not -r_if, into the pivot entries."""
    return _null(A, tol, sign=1.0)


def null_space_absolute_tolerance(A, tol=1e-10):
    """An absolute pivot tolerance: a matrix scaled by 1e-200 looks like zero."""
    return _null(A, tol, relative=False)


def null_space_echelon_only(A, tol=1e-10):
    """Eliminates below the pivots only (echelon form, not reduced): the pivot entries are wrong."""
    return _null(A, tol, reduce_above=False)


def null_space_exact_zero(A, tol=1e-10):
    """Treats only exact zeros as missing pivots: rounding leaves [[1, 2, 3], [4, 5, 6], [7, 8, 9]] full rank."""
    return _null(A, 0.0)


LINEAR_SYSTEMS = {
    "check_forward_substitution": [forward_unit_diagonal, forward_wrong_order, forward_no_zero_check],
    "check_back_substitution": [back_unit_diagonal, back_wrong_order, back_transposed],
    "check_gaussian_elimination": [gauss_no_pivoting, gauss_absolute_tolerance, gauss_exact_zero_only],
    "check_lu_decompose": [lu_no_pivoting, lu_P_transposed, lu_strict_L],
    "check_rank": [rank_as_array, rank_absolute_tolerance, rank_advances_without_pivot, rank_nullity],
    "check_is_linearly_independent": [independent_rows, independent_exact_zero, independent_returns_int],
    "check_lu_solve": [lu_solve_ignores_P, lu_solve_P_transposed, lu_solve_first_column, lu_solve_wrong_order],
    "check_null_space_basis": [null_space_sign_dropped, null_space_absolute_tolerance, null_space_echelon_only, null_space_exact_zero],
}


# == 04 orthogonality =========================================================================


def project_unit_assumed(x, u):
    """Assumes u is a unit vector: (x . u) u."""
    x, u = _f(x), _f(u)
    if not np.any(u):
        raise ValueError
    return np.sum(x * u) * u


def project_onto_x(x, u):
    """Projects u onto x instead of x onto u."""
    x, u = _f(x), _f(u)
    if not np.any(u) or not np.any(x):
        raise ValueError
    return np.sum(x * u) / np.sum(x * x) * x


def project_overflows(x, u):
    """Divides by u . u: it overflows or underflows for huge or tiny u."""
    x, u = _f(x), _f(u)
    if not np.any(u):
        raise ValueError
    with np.errstate(all="ignore"):
        return np.sum(x * u) / np.sum(u * u) * u


def _hyperplane(X, w):
    X, w = _f(X), _f(w)
    if X.ndim != 2 or w.ndim != 1 or X.shape[1] != w.shape[0] or not np.any(w):
        raise ValueError
    return X, w


def distance_unnormalised(X, w, b):
    """The score w . x + b itself: not divided by the length of w."""
    X, w = _hyperplane(X, w)
    return X @ w + b


def distance_norm_squared(X, w, b):
    """Divides by w . w instead of |w|."""
    X, w = _hyperplane(X, w)
    return (X @ w + b) / (w @ w)


def distance_unsigned(X, w, b):
    """The absolute value: which side a point is on is lost."""
    X, w = _hyperplane(X, w)
    return np.abs(X @ w + b) / np.linalg.norm(w)


def distance_minus_b(X, w, b):
    """w . x - b: the sign of the offset flipped."""
    X, w = _hyperplane(X, w)
    return (X @ w - b) / np.linalg.norm(w)


def distance_no_zero_guard(X, w, b):
    """No test for w = 0: divides by zero and returns inf or NaN."""
    X, w = _f(X), _f(w)
    if X.shape[1] != w.shape[0]:
        raise ValueError
    return (X @ w + b) / np.linalg.norm(w)


def _gram_schmidt(A, modified=True, normalise=True, check=True):
    A = _f(A)
    m, n = A.shape
    if n > m:
        raise ValueError
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v = v - (Q[:, i] @ (v if modified else A[:, j])) * Q[:, i]
        length = np.linalg.norm(v)
        if check and length <= 1e-10 * np.linalg.norm(A[:, j]):
            raise ValueError("dependent columns")
        with np.errstate(all="ignore"):
            Q[:, j] = v / length if normalise else v
    return Q


def gs_not_normalised(A):
    """Orthogonal columns, but never divides by their lengths."""
    return _gram_schmidt(A, normalise=False)


def gs_no_dependence_check(A):
    """Divides by a zero length instead of raising ValueError."""
    return _gram_schmidt(A, check=False)


def gs_basis_as_rows(A):
    """Returns the orthonormal vectors as rows: Q^T."""
    return _gram_schmidt(A).T


def mgs_classical(A):
    """Classical Gram-Schmidt: projects the original column, and loses orthogonality."""
    return _gram_schmidt(A, modified=False)


def mgs_no_dependence_check(A):
    """Divides by a zero length instead of raising ValueError."""
    return _gram_schmidt(A, check=False)


def mgs_negated(A):
    """Orthonormal, same span, but the columns point the other way (R would have a negative diagonal)."""
    return -_gram_schmidt(A)


def _qr(A, modified=True):
    Q = _gram_schmidt(A, modified=modified)
    return Q, Q.T @ _f(A)


def qr_R_transposed(A):
    """Returns R^T: lower triangular."""
    Q, R = _qr(A)
    return Q, R.T


def qr_negative_diagonal(A):
    """Flips the sign of the first column of Q and row of R: Q R is still A."""
    Q, R = _qr(A)
    Q[:, 0], R[0] = -Q[:, 0], -R[0]
    return Q, R


def qr_classical(A):
    """Classical Gram-Schmidt: Q loses orthogonality on the Lauchli matrix."""
    A = _f(A)
    Q = _gram_schmidt(A, modified=False)
    return Q, np.triu(Q.T @ A)


def ls_normal_equations(A, b):
    """Solves A^T A x = A^T b: squares the condition number."""
    A, b = _f(A), _f(b)
    return np.linalg.solve(A.T @ A, A.T @ b)


def ls_square_part(A, b):
    """Solves with the first n rows only, ignoring the rest."""
    A, b = _f(A), _f(b)
    n = A.shape[1]
    return np.linalg.solve(A[:n], b[:n])


def ls_R_transposed(A, b):
    """Solves R^T x = Q^T b."""
    A, b = _f(A), _f(b)
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R.T, Q.T @ b)


def _qr_least_squares(A, b):
    """Householder QR, refusing columns within 1e-10 (relative) of the span of the others."""
    A, b = _f(A), _f(b)
    Q, R = np.linalg.qr(A)
    if np.any(np.abs(np.diag(R)) <= 1e-10 * np.linalg.norm(A, axis=0)):
        raise ValueError("dependent columns")
    return np.linalg.solve(R, Q.T @ b)


def fit_uncentred(x, y):
    """The design matrix [x, 1] as it is: for x near 1e10 its columns count as dependent."""
    x = _f(x)
    if np.unique(x).size < 2:
        raise ValueError
    slope, intercept = _qr_least_squares(np.column_stack([x, np.ones_like(x)]), y)
    return float(slope), float(intercept)


def fit_swapped(x, y):
    """Returns (intercept, slope)."""
    x = _f(x)
    if np.unique(x).size < 2:
        raise ValueError
    centre = x.mean()
    slope, shifted = _qr_least_squares(np.column_stack([x - centre, np.ones_like(x)]), y)
    return float(shifted - slope * centre), float(slope)


def fit_textbook_formula(x, y):
    """a = (mean(xy) - mean(x) mean(y)) / (mean(x^2) - mean(x)^2): cancels for x near 1e6."""
    x, y = _f(x), _f(y)
    if np.unique(x).size < 2:
        raise ValueError
    slope = (np.mean(x * y) - x.mean() * y.mean()) / (np.mean(x * x) - x.mean() ** 2)
    return float(slope), float(y.mean() - slope * x.mean())


def fit_shift_not_undone(x, y):
    """Centres x but returns the intercept of the shifted line."""
    x = _f(x)
    if np.unique(x).size < 2:
        raise ValueError
    slope, shifted = _qr_least_squares(np.column_stack([x - x.mean(), np.ones_like(x)]), y)
    return float(slope), float(shifted)


ORTHOGONALITY = {
    "check_project_onto_line": [project_unit_assumed, project_onto_x, project_overflows],
    "check_distance_to_hyperplane": [
        distance_unnormalised,
        distance_norm_squared,
        distance_unsigned,
        distance_minus_b,
        distance_no_zero_guard,
    ],
    "check_gram_schmidt": [gs_not_normalised, gs_no_dependence_check, gs_basis_as_rows],
    "check_modified_gram_schmidt": [mgs_classical, mgs_no_dependence_check, mgs_negated],
    "check_qr_gram_schmidt": [qr_R_transposed, qr_negative_diagonal, qr_classical],
    "check_least_squares_qr": [ls_normal_equations, ls_square_part, ls_R_transposed],
    "check_fit_line": [fit_uncentred, fit_swapped, fit_textbook_formula, fit_shift_not_undone],
}


# == 05 eigenvectors ==========================================================================


def _eigenpair(A, v, lam, tol, left=False, relative=True, zero_check=True):
    A, v = _square_or_raise(A), _f(v)
    if zero_check and not np.any(v):
        return False
    residual = np.linalg.norm((v @ A if left else A @ v) - lam * v)
    bound = tol * np.linalg.norm(A) * np.linalg.norm(v) if relative else tol
    return bool(residual <= bound)


def eigenpair_left(A, v, lam, tol=1e-8):
    """Computes v^T A instead of A v: right only for symmetric A."""
    return _eigenpair(A, v, lam, tol, left=True)


def eigenpair_absolute_tolerance(A, v, lam, tol=1e-8):
    """Compares the residual with tol itself, not relative to ||A|| ||v||."""
    return _eigenpair(A, v, lam, tol, relative=False)


def eigenpair_zero_vector(A, v, lam, tol=1e-8):
    """Forgets that the zero vector is never an eigenvector."""
    return _eigenpair(A, v, lam, tol, zero_check=False)


def rayleigh_no_division(A, v):
    """v^T A v without dividing by v^T v."""
    A, v = _f(A), _f(v)
    if not np.any(v):
        raise ValueError
    return float(v @ A @ v)


def rayleigh_overflows(A, v):
    """v^T A v / v^T v as it stands: NaN for huge or tiny v."""
    A, v = _f(A), _f(v)
    if not np.any(v):
        raise ValueError
    with np.errstate(all="ignore"):
        return float(v @ A @ v / (v @ v))


def rayleigh_divides_by_norm(A, v):
    """Divides by ||v||, not ||v||^2."""
    A, v = _f(A), _f(v)
    if not np.any(v):
        raise ValueError
    u = v / np.max(np.abs(v))
    return float(u @ A @ u / np.linalg.norm(u)) * 1.0


def _power(A, v0, tol, max_iter, absolute=False, stop_on_settle=False, flip_sign=False):
    A, v = _f(A), _f(v0)
    if not np.any(v):
        raise ValueError
    threshold = tol * np.linalg.norm(A)
    for _ in range(max_iter):
        v = v / np.max(np.abs(v))
        v = v / np.linalg.norm(v)
        Av = A @ v
        lam = float(v @ Av)
        if stop_on_settle:
            new = Av / np.linalg.norm(Av)
            if np.linalg.norm(new - v) <= tol:
                return lam, v
        elif np.linalg.norm(Av - lam * v) <= threshold:
            return (abs(lam) if absolute else lam), (-v if flip_sign else v)
        v = Av
    raise RuntimeError


def power_abs_eigenvalue(A, v0, tol=1e-10, max_iter=10_000):
    """Returns |lam|: the sign of a negative dominant eigenvalue is lost."""
    return _power(A, v0, tol, max_iter, absolute=True)


def power_stops_when_settled(A, v0, tol=1e-10, max_iter=10_000):
    """Stops when v stops changing: with lam < 0 it flips for ever."""
    return _power(A, v0, tol, max_iter, stop_on_settle=True)


def power_not_unit(A, v0, tol=1e-10, max_iter=10_000):
    """Returns an eigenvector of length 2, not a unit vector."""
    lam, v = _power(A, v0, tol, max_iter)
    return lam, 2.0 * v


def _diagonalise(A, k, transpose=False, exponent_shift=0):
    A = _square_or_raise(A)
    w, V = np.linalg.eig(A)
    if np.linalg.matrix_rank(V) < A.shape[0]:
        raise ValueError("not diagonalisable")
    scaled = V * w ** (k + exponent_shift)
    result = scaled @ V.T if transpose else np.linalg.solve(V.T, scaled.T).T
    return np.real_if_close(result, tol=1e6)


def diagonalise_transpose_as_inverse(A, k):
    """Uses V^T for V^-1: right only when V is orthogonal (symmetric A)."""
    return np.real(_diagonalise(A, k, transpose=True))


def diagonalise_off_by_one(A, k):
    """Raises the eigenvalues to k - 1."""
    return np.real(_diagonalise(A, k, exponent_shift=-1))


def diagonalise_keeps_complex(A, k):
    """Forgets to take the real part: a complex array for a rotation."""
    A = _square_or_raise(A)
    w, V = np.linalg.eig(A)
    if np.linalg.matrix_rank(V) < A.shape[0]:
        raise ValueError
    return np.linalg.solve(V.T, (V * w**k).T).T


def _symmetric_or_raise(S):
    S = _square_or_raise(S)
    if not np.allclose(S, S.T):
        raise ValueError
    return S


def spectral_rows(S):
    """Uses the rows of Q from eigh, not its columns."""
    w, Q = np.linalg.eigh(_symmetric_or_raise(S))
    return w[:, None, None] * Q[:, :, None] * Q[:, None, :]


def spectral_no_eigenvalues(S):
    """q_i q_i^T without lam_i."""
    w, Q = np.linalg.eigh(_symmetric_or_raise(S))
    return Q.T[:, :, None] * Q.T[:, None, :]


def spectral_no_symmetry_check(S):
    """Right terms, but a non-symmetric S is accepted (eigh reads one triangle)."""
    w, Q = np.linalg.eigh(_square_or_raise(S))
    return w[:, None, None] * Q.T[:, :, None] * Q.T[:, None, :]


def _transition(adjacency, transpose=True, dangling_uniform=True, check=True):
    A = _square_or_raise(adjacency)
    if check and np.any(A < 0):
        raise ValueError
    n = A.shape[0]
    out = A.sum(axis=1)
    P = np.full((n, n), 1.0 / n if dangling_uniform else 0.0) if n else np.zeros((0, 0))
    linked = out > 0
    P[linked] = A[linked] / out[linked, None]
    return P.T if transpose else P


def transition_row_stochastic(adjacency):
    """Rows sum to 1: the transpose of what the task asks for."""
    return _transition(adjacency, transpose=False)


def transition_dangling_zero(adjacency):
    """A page without links gets a zero column, not a uniform jump."""
    return _transition(adjacency, dangling_uniform=False)


def transition_accepts_negative(adjacency):
    """No check for negative weights."""
    return _transition(adjacency, check=False)


def _pagerank(adjacency, damping=0.85, tol=1e-12, max_iter=1000, empty_check=True, transpose=True, teleport_per_page=True):
    if not 0 <= damping <= 1:
        raise ValueError
    P = _transition(adjacency, transpose=transpose)
    n = P.shape[0]
    if empty_check and n == 0:
        raise ValueError
    r = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = damping * (P @ r) + (1 - damping) / (n if teleport_per_page else 1)
        new = new / np.sum(new) if not teleport_per_page else new
        if np.sum(np.abs(new - r)) < tol:
            return new
        r = new
    raise RuntimeError


def pagerank_empty_zero_division(adjacency, damping=0.85, tol=1e-12, max_iter=1000):
    """No pages: 1.0 / n raises a bare ZeroDivisionError."""
    return _pagerank(adjacency, damping, tol, max_iter, empty_check=False)


def pagerank_row_stochastic(adjacency, damping=0.85, tol=1e-12, max_iter=1000):
    """Iterates with P^T (rows that sum to 1)."""
    return _pagerank(adjacency, damping, tol, max_iter, transpose=False)


def pagerank_teleport_not_divided(adjacency, damping=0.85, tol=1e-12, max_iter=1000):
    """Adds (1 - d) to every page instead of (1 - d) / n, then renormalises."""
    return _pagerank(adjacency, damping, tol, max_iter, teleport_per_page=False)


def _kind(S, rtol=1e-10, symmetric=True, relative=True, strict=False, absolute_values=False):
    S = _f(S)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError
    scale = np.abs(S).max() if S.size else 0.0
    if symmetric and np.any(np.abs(S - S.T) > rtol * scale):
        raise ValueError
    if scale == 0:
        return "semidefinite"
    w = np.linalg.eigvalsh(S / scale) * (1.0 if relative else scale)
    if absolute_values:
        w = np.abs(w)
    tol = 0.0 if strict else (rtol * np.abs(w).max() if relative else rtol)
    return "definite" if w.min() > tol else "semidefinite" if w.min() >= -tol else "indefinite"


def kind_absolute_tolerance(S, rtol=1e-10):
    """An absolute tolerance of 1e-10: 1e-200 * diag(2, 1) comes out semidefinite."""
    return _kind(S, rtol, relative=False)


def kind_no_tolerance(S, rtol=1e-10):
    """Compares with 0 exactly: an eigenvalue of -1e-17 makes a covariance indefinite."""
    return _kind(S, rtol, strict=True)


def kind_no_symmetry_test(S, rtol=1e-10):
    """eigvalsh alone: it reads one triangle and never notices a non-symmetric matrix."""
    return _kind(S, rtol, symmetric=False)


def kind_absolute_eigenvalues(S, rtol=1e-10):
    """Looks at |eigenvalues|: negative eigenvalues pass as positive."""
    return _kind(S, rtol, absolute_values=True)


def kind_positive_diagonal(S, rtol=1e-10):
    """A positive diagonal taken as the test for definiteness."""
    S = _f(S)
    if S.ndim != 2 or S.shape[0] != S.shape[1] or np.any(S != S.T):
        raise ValueError
    d = np.diag(S)
    return "definite" if np.all(d > 0) else "semidefinite" if np.all(d >= 0) else "indefinite"


EIGENVECTORS = {
    "check_is_eigenpair": [eigenpair_left, eigenpair_absolute_tolerance, eigenpair_zero_vector],
    "check_rayleigh_quotient": [rayleigh_no_division, rayleigh_overflows, rayleigh_divides_by_norm],
    "check_power_iteration": [power_abs_eigenvalue, power_stops_when_settled, power_not_unit],
    "check_power_by_diagonalisation": [diagonalise_transpose_as_inverse, diagonalise_off_by_one, diagonalise_keeps_complex],
    "check_spectral_terms": [spectral_rows, spectral_no_eigenvalues, spectral_no_symmetry_check],
    "check_transition_matrix": [transition_row_stochastic, transition_dangling_zero, transition_accepts_negative],
    "check_pagerank": [pagerank_empty_zero_division, pagerank_row_stochastic, pagerank_teleport_not_divided],
    "check_definiteness": [
        kind_absolute_tolerance,
        kind_no_tolerance,
        kind_no_symmetry_test,
        kind_absolute_eigenvalues,
        kind_positive_diagonal,
    ],
}


# == 06 svd ===================================================================================


def _svd_eigh(A, ascending=False, no_sqrt=False, clip=True):
    A = _f(A)
    r = min(A.shape)
    w, V = np.linalg.eigh(A.T @ A)
    order = np.argsort(w) if ascending else np.argsort(w)[::-1]
    w, V = w[order][:r] if not ascending else w[order][-r:], V[:, order][:, :r] if not ascending else V[:, order][:, -r:]
    if no_sqrt:
        return w, V
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.clip(w, 0, None) if clip else w), V


def svd_ascending(A):
    """Keeps eigh's order: smallest singular value first."""
    return _svd_eigh(A, ascending=True)


def svd_no_square_root(A):
    """Returns the eigenvalues of A^T A, the squares of the singular values."""
    return _svd_eigh(A, no_sqrt=True)


def svd_no_clip(A):
    """Square roots of tiny negative eigenvalues: NaN."""
    return _svd_eigh(A, clip=False)


def _truncate(A, k, keep_last=False, shift=0):
    A = _f(A)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    k = k + shift
    keep = slice(len(s) - k, len(s)) if keep_last else slice(0, k)
    return (U[:, keep] * s[keep]) @ Vt[keep]


def rank_k_smallest(A, k):
    """Keeps the k smallest singular values."""
    return _truncate(A, k, keep_last=True)


def rank_k_off_by_one(A, k):
    """Keeps k + 1 singular values."""
    return _truncate(A, k, shift=1)


def rank_k_rows_of_V(A, k):
    """Takes the first k columns of V^T (a transpose mix-up) instead of its first k rows."""
    A = _f(A)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:, :k].T


def _tails(A):
    s = np.linalg.svd(_f(A), compute_uv=False)
    return s, np.append(np.cumsum(s[::-1] ** 2)[::-1], 0.0)


def table_predicted_twice(A, approximate=None):
    """Copies the prediction into the measured column."""
    s, tails = _tails(A)
    return np.column_stack([np.sqrt(tails), np.sqrt(tails)])


def table_off_by_one(A, approximate=None):
    """Predicts row k from the singular values after the (k+1)-th."""
    A = _f(A)
    approximate = approximate or (lambda M, k: _truncate(M, k))
    s, tails = _tails(A)
    measured = [np.linalg.norm(A - approximate(A, k)) for k in range(s.size + 1)]
    return np.column_stack([measured, np.sqrt(np.append(tails[1:], 0.0))])


def table_no_square_root(A, approximate=None):
    """Predicts the squared error."""
    A = _f(A)
    approximate = approximate or (lambda M, k: _truncate(M, k))
    s, tails = _tails(A)
    measured = [np.linalg.norm(A - approximate(A, k)) for k in range(s.size + 1)]
    return np.column_stack([measured, tails])


def table_ignores_approximate(A, approximate=None):
    """Measures the truncated SVD whatever approximation it is given."""
    A = _f(A)
    s, tails = _tails(A)
    measured = [np.linalg.norm(A - _truncate(A, k)) for k in range(s.size + 1)]
    return np.column_stack([measured, np.sqrt(tails)])


def table_transposed(A, approximate=None):
    """Two rows and r + 1 columns."""
    A = _f(A)
    approximate = approximate or (lambda M, k: _truncate(M, k))
    s, tails = _tails(A)
    measured = [np.linalg.norm(A - approximate(A, k)) for k in range(s.size + 1)]
    return np.vstack([measured, np.sqrt(tails)])


def _energy(s, fraction, squares=True, scale=True, side="left"):
    if not 0 <= fraction <= 1:
        raise ValueError
    s = _f(s)
    if s.size == 0 or s[0] == 0:
        return 0
    scaled = s / s[0] if scale else s
    running = np.concatenate([[0.0], np.cumsum(scaled * scaled if squares else scaled)])
    with np.errstate(all="ignore"):
        return int(np.searchsorted(running, fraction * running[-1], side=side))


def energy_as_array(s, fraction):
    """Right count, returned as a 1-element array."""
    return np.array([_energy(s, fraction)])


def energy_not_squared(s, fraction):
    """Adds singular values, not their squares."""
    return _energy(s, fraction, squares=False)


def energy_overflows(s, fraction):
    """Squares without scaling first: inf for values near 1e200, 0 near 1e-200."""
    return _energy(s, fraction, scale=False)


def energy_off_by_one(s, fraction):
    """side="right": one too many when a share is reached exactly."""
    return _energy(s, fraction, side="right")


def _ridge(X, y, alpha, factor, guard=True):
    X, y = _f(X), _f(y)
    if (guard and not alpha > 0) or y.shape != (X.shape[0],):
        raise ValueError
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    return Vt.T @ (factor(s, alpha) * (U.T @ y))


def ridge_alpha_squared(X, y, alpha):
    """sigma / (sigma^2 + alpha^2): alpha squared."""
    return _ridge(X, y, alpha, lambda s, a: s / (s**2 + a**2))


def ridge_shift(X, y, alpha):
    """1 / (sigma + alpha): shifts the singular value instead of its square."""
    return _ridge(X, y, alpha, lambda s, a: 1 / (s + a))


def ridge_no_sigma(X, y, alpha):
    """sigma^2 / (sigma^2 + alpha): the shrinkage factor, without the 1 / sigma."""
    return _ridge(X, y, alpha, lambda s, a: s**2 / (s**2 + a))


def ridge_no_alpha_check(X, y, alpha):
    """Accepts alpha <= 0 (and divides by zero or flips the penalty)."""
    return _ridge(X, y, alpha, lambda s, a: s / (s**2 + a), guard=False)


def _lost(kappas, n, rng, spectrum=None, floor=True, log=np.log10):
    kappas = _f(kappas)
    if n < 2 or np.any(kappas < 1):
        raise ValueError
    eps = np.finfo(float).eps
    out = np.empty(kappas.shape)
    for i, kappa in enumerate(kappas):
        U, _ = np.linalg.qr(rng.normal(size=(n, n)))
        V, _ = np.linalg.qr(rng.normal(size=(n, n)))
        s = np.logspace(0, -np.log10(kappa), n) if spectrum is None else spectrum(kappa, n)
        A = (U * s) @ V.T
        x = rng.normal(size=n)
        error = np.linalg.norm(np.linalg.solve(A, A @ x) - x) / np.linalg.norm(x)
        out[i] = log(max(error, eps) / eps) if floor else log(max(error, eps))
    return out


def _pinv(A, rtol=None, relative=True, transpose=True):
    A = _f(A)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    cutoff = max(A.shape) * np.finfo(float).eps if rtol is None else rtol
    cutoff = cutoff * (s[0] if s.size and relative else 1.0)
    inverse = np.zeros_like(s)
    inverse[s > cutoff] = 1 / s[s > cutoff]
    result = (Vt.T * inverse) @ U.T
    return result if transpose else result.T


def pinv_absolute_cutoff(A, rtol=None):
    """The cutoff is not scaled by the largest singular value."""
    return _pinv(A, rtol, relative=False)


def pinv_transposed(A, rtol=None):
    """Returns the transpose: shape (m, n) instead of (n, m)."""
    return _pinv(A, rtol, transpose=False)


def pinv_no_cutoff(A, rtol=None):
    """Inverts every singular value: inf for a zero one, huge values for tiny ones."""
    A = _f(A)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    with np.errstate(divide="ignore"):
        return (Vt.T / s) @ U.T


def _pca(X, k, centre=True, ddof=1, rows=True):
    X = _f(X)
    Xc = X - X.mean(axis=0) if centre else X
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    variance = s[:k] ** 2 / (X.shape[0] - ddof)
    return (Vt[:k] if rows else Vt[:k].T), variance


def pca_uncentred(X, k):
    """Forgets to subtract the mean."""
    return _pca(X, k, centre=False)


def pca_population_variance(X, k):
    """Divides by n, not n - 1."""
    return _pca(X, k, ddof=0)


def pca_components_as_columns(X, k):
    """Components as columns: shape (d, k)."""
    return _pca(X, k, rows=False)


SVD = {
    "check_svd_from_eigh": [svd_ascending, svd_no_square_root, svd_no_clip],
    "check_rank_k_approximation": [rank_k_smallest, rank_k_off_by_one, rank_k_rows_of_V],
    "check_eckart_young_table": [
        table_predicted_twice,
        table_off_by_one,
        table_no_square_root,
        table_ignores_approximate,
        table_transposed,
    ],
    "check_energy_rank": [energy_as_array, energy_not_squared, energy_overflows, energy_off_by_one],
    "check_ridge_svd": [ridge_alpha_squared, ridge_shift, ridge_no_sigma, ridge_no_alpha_check],
    "check_pseudo_inverse": [pinv_absolute_cutoff, pinv_transposed, pinv_no_cutoff],
    "check_pca_components": [pca_uncentred, pca_population_variance, pca_components_as_columns],
}


# == 07 determinants and change of basis ======================================================


def _two_by_two(A):
    A = _f(A)
    if A.shape != (2, 2):
        raise ValueError
    return A


def _chol(S, rtol=1e-10, symmetric=True, relative=True, dtype=float, subtract_in_column=True, upper=False):
    S = np.asarray(S, dtype=float)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError
    scale = np.abs(S).max() if S.size else 0.0
    if symmetric and np.any(np.abs(S - S.T) > rtol * scale):
        raise ValueError
    n = len(S)
    L = np.zeros((n, n), dtype=dtype)
    for j in range(n):
        pivot = S[j, j] - np.sum(L[j, :j] ** 2)
        if not pivot > (rtol * scale if relative is True else relative):
            raise ValueError
        L[j, j] = np.sqrt(pivot)
        below = S[j + 1 :, j] - (L[j + 1 :, :j] @ L[j, :j] if subtract_in_column else 0.0)
        L[j + 1 :, j] = below / L[j, j]
    return L.T if upper else L


def chol_upper(S, rtol=1e-10):
    """Returns the upper-triangular factor L^T (S = R^T R) instead of L."""
    return _chol(S, rtol, upper=True)


def chol_no_tolerance(S, rtol=1e-10):
    """Raises only for a pivot <= 0: a rank-deficient covariance, pivot 1e-17, gets factored."""
    return _chol(S, rtol, relative=0.0)


def chol_absolute_tolerance(S, rtol=1e-10):
    """Compares pivots with 1e-10 itself: 1e-200 * [[4, 2], [2, 3]] is refused."""
    return _chol(S, rtol, relative=rtol)


def chol_no_symmetry_test(S, rtol=1e-10):
    """Reads only the lower triangle: [[2, 1], [0, 2]] gets a factor."""
    return _chol(S, rtol, symmetric=False)


def chol_integer_copy(S, rtol=1e-10):
    """L = np.zeros_like(S): an integer S gives an integer L, sqrt(2) truncated to 1."""
    return _chol(S, rtol, dtype=np.asarray(S).dtype)


def chol_drops_column_sum(S, rtol=1e-10):
    """Below the pivot, divides S[i, j] by l_jj without subtracting the earlier columns."""
    return _chol(S, rtol, subtract_in_column=False)


def _whiten(X, ddof=1, transposed=False, centre=True, absolute=False, pivot_test=True):
    X = _f(X)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError
    mean = X.mean(axis=0)
    Xc = X - mean if centre else X
    L = np.linalg.cholesky(Xc.T @ Xc / (len(X) - ddof))
    p = np.diag(L)
    if pivot_test and (p.min() <= (1e-8 if absolute else 1e-6 * p.max())):
        raise ValueError
    Z = np.linalg.solve(L.T, Xc.T).T if transposed else np.linalg.solve(L, Xc.T).T
    return Z, mean, L


def whiten_divides_by_n(X):
    """The covariance divided by n, not n - 1."""
    return _whiten(X, ddof=0)


def whiten_transposed(X):
    """Solves with L^T instead of L: uncorrelated only when L is diagonal."""
    return _whiten(X, transposed=True)


def whiten_not_centred(X):
    """The covariance of the raw data, not of the centred data."""
    return _whiten(X, centre=False)


def whiten_absolute_pivot_test(X):
    """Rejects any pivot below 1e-8: data in units of 1e-120 is refused."""
    return _whiten(X, absolute=True)


def whiten_trusts_cholesky(X):
    """Lets LinAlgError escape and has no pivot test: a singular covariance is not a ValueError."""
    return _whiten(X, pivot_test=False)


def area_unsigned(p, q, r):
    """The absolute value: orientation lost."""
    p, q, r = _f(p), _f(q), _f(r)
    u, v = q - p, r - p
    return float(abs(u[0] * v[1] - u[1] * v[0]) / 2)


def area_no_half(p, q, r):
    """The parallelogram, not the triangle."""
    p, q, r = _f(p), _f(q), _f(r)
    u, v = q - p, r - p
    return float(u[0] * v[1] - u[1] * v[0])


def area_from_origin(p, q, r):
    """det[q, r] / 2: measures from the origin, not from p."""
    q, r = _f(q), _f(r)
    return float((q[0] * r[1] - q[1] * r[0]) / 2)


def _cofactor(A, signed=True, empty=1.0):
    A = _square_or_raise(A)
    n = A.shape[0]
    if n == 0:
        return empty
    if n == 1:
        return float(A[0, 0])
    total = 0.0
    for j in range(n):
        minor = np.delete(A[1:], j, axis=1)
        total += (-1) ** (j if signed else 0) * A[0, j] * _cofactor(minor, signed, empty)
    return float(total)


def cofactor_unsigned(A):
    """Forgets the alternating signs."""
    return _cofactor(A, signed=False)


def cofactor_empty_zero(A):
    """Gives the empty matrix determinant 0."""
    return _cofactor(A, empty=0.0)


def cofactor_wrong_minor(A):
    """Deletes column j + 1 instead of column j: an off-by-one in the minor."""
    A = _square_or_raise(A)
    n = A.shape[0]
    if n == 0:
        return 1.0
    if n == 1:
        return float(A[0, 0])
    return float(sum((-1) ** j * A[0, j] * cofactor_wrong_minor(np.delete(A[1:], (j + 1) % n, axis=1)) for j in range(n)))


def _lu_determinant(A, swap_sign=True, pivoting=True, absolute=False):
    A = _square_or_raise(A).copy()
    n = A.shape[0]
    sign, det = 1.0, 1.0
    for k in range(n):
        p = k + int(np.argmax(np.abs(A[k:, k]))) if pivoting else k
        if A[p, k] == 0:
            return 0.0
        if p != k:
            A[[k, p]] = A[[p, k]]
            sign = -sign if swap_sign else sign
        A[k + 1 :, k:] -= np.outer(A[k + 1 :, k] / A[k, k], A[k, k:])
        det *= A[k, k]
    det *= sign
    return float(abs(det) if absolute else det)


def lu_det_ignores_swaps(A):
    """Forgets that a row swap flips the sign."""
    return _lu_determinant(A, swap_sign=False)


def lu_det_no_pivoting(A):
    """No row swaps: a zero pivot gives 0, a tiny one a wrong answer."""
    with np.errstate(all="ignore"):
        return _lu_determinant(A, pivoting=False)


def lu_det_absolute(A):
    """Returns |det A|."""
    return _lu_determinant(A, absolute=True)


def _slogdet(A):
    A = _square_or_raise(A).copy()
    n = A.shape[0]
    sign, logabs = 1.0, 0.0
    for k in range(n):
        p = k + int(np.argmax(np.abs(A[k:, k])))
        if A[p, k] == 0:
            return 0.0, -np.inf
        if p != k:
            A[[k, p]] = A[[p, k]]
            sign = -sign
        A[k + 1 :, k:] -= np.outer(A[k + 1 :, k] / A[k, k], A[k, k:])
        sign *= np.sign(A[k, k])
        logabs += np.log(abs(A[k, k]))
    return sign, logabs


def logdet_of_det(A):
    """log |det A| from det A itself: overflows to inf or underflows to -inf."""
    d = _lu_determinant(A)
    with np.errstate(all="ignore"):
        return float(np.sign(d)), float(np.log(abs(d)))


def logdet_no_sign(A):
    """The sign is always 1 (0 for singular)."""
    sign, logabs = _slogdet(A)
    return (0.0 if sign == 0 else 1.0), logabs


def logdet_log10(A):
    """Base-10 logarithm."""
    sign, logabs = _slogdet(A)
    return sign, logabs / np.log(10)


def _basis(B):
    B = _f(B)
    if B.ndim != 2 or B.shape[0] != B.shape[1]:
        raise ValueError
    return B


def basis_solve_only(v, B):
    """Trusts np.linalg.solve to raise: [[5, 5], [3, 3]] gives coordinates near 1e15."""
    return np.linalg.solve(_basis(B), _f(v))


def basis_transposed(v, B):
    """Solves B^T c = v: the basis vectors taken as rows."""
    B = _basis(B)
    if np.linalg.matrix_rank(B) < B.shape[0]:
        raise ValueError
    return np.linalg.solve(B.T, _f(v))


def basis_absolute_determinant(v, B):
    """|det B| < 1e-12 as the test for a basis: rejects a tiny but good basis."""
    B = _basis(B)
    if abs(np.linalg.det(B)) < 1e-12:
        raise ValueError
    return np.linalg.solve(B, _f(v))


DETERMINANTS = {
    "check_signed_area": [area_unsigned, area_no_half, area_from_origin],
    "check_det_cofactor": [cofactor_unsigned, cofactor_empty_zero, cofactor_wrong_minor],
    "check_det_via_lu": [lu_det_ignores_swaps, lu_det_no_pivoting, lu_det_absolute],
    "check_log_abs_det": [logdet_of_det, logdet_no_sign, logdet_log10],
    "check_change_of_basis": [basis_solve_only, basis_transposed, basis_absolute_determinant],
    "check_cholesky": [
        chol_upper,
        chol_no_tolerance,
        chol_absolute_tolerance,
        chol_no_symmetry_test,
        chol_integer_copy,
        chol_drops_column_sum,
    ],
    "check_whiten": [whiten_divides_by_n, whiten_transposed, whiten_not_centred, whiten_absolute_pivot_test, whiten_trusts_cholesky],
}


# == the tables ===============================================================================

MODULES = {
    vectors: VECTORS,
    matrices: MATRICES,
    linear_systems: LINEAR_SYSTEMS,
    orthogonality: ORTHOGONALITY,
    eigenvectors: EIGENVECTORS,
    svd: SVD,
    determinants_and_change_of_basis: DETERMINANTS,
}

CASES = [(module, check, wrong) for module, table in MODULES.items() for check, wrongs in table.items() for wrong in wrongs]


@pytest.mark.parametrize(
    "module, check, wrong",
    CASES,
    ids=[f"linear-{module.__name__.rsplit('.', 1)[1]}-{check}-{wrong.__name__}" for module, check, wrong in CASES],
)
def test_check_rejects_wrong_answer(module, check, wrong):
    failure = assert_rejects(getattr(module, check), wrong)
    assert not isinstance(failure.value, ForbiddenUse), f"{wrong.__name__} broke a rule: {failure.value}"


@pytest.mark.parametrize("module", list(MODULES), ids=[f"linear-{m.__name__.rsplit('.', 1)[1]}" for m in MODULES])
def test_every_linear_algebra_check_has_three_wrong_answers(module):
    names = {name for name in dir(module) if name.startswith("check_")}
    assert names == set(MODULES[module])
    assert all(len(wrongs) >= 3 for wrongs in MODULES[module].values())
