"""Learner-like wrong answers that the checks of calculus/07-constrained-optimisation must reject."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import constrained_optimisation as checks

# -- lagrangian_gradient ----------------------------------------------------------------------


def _lagrangian_gradient(x, lam, P, q, A, b, symmetrise=True, sign=-1.0, constraint_sign=1.0):
    x, lam, P, q, A, b = (np.asarray(a, dtype=float) for a in (x, lam, P, q, A, b))
    H = (P + P.T) / 2 if symmetrise else P
    return np.concatenate([H @ x + q + sign * (A.T @ lam), constraint_sign * (b - A @ x)])


def grad_uses_P_not_its_symmetric_part(x, lam, P, q, A, b):
    return _lagrangian_gradient(x, lam, P, q, A, b, symmetrise=False)


def grad_plus_multiplier_term(x, lam, P, q, A, b):
    return _lagrangian_gradient(x, lam, P, q, A, b, sign=+1.0)


def grad_constraint_part_ax_minus_b(x, lam, P, q, A, b):
    return _lagrangian_gradient(x, lam, P, q, A, b, constraint_sign=-1.0)


def grad_forgets_the_half(x, lam, P, q, A, b):
    x, lam, P, q, A, b = (np.asarray(a, dtype=float) for a in (x, lam, P, q, A, b))
    return np.concatenate([(P + P.T) @ x + q - A.T @ lam, b - A @ x])


def grad_x_part_only(x, lam, P, q, A, b):
    x, lam, P, q, A, b = (np.asarray(a, dtype=float) for a in (x, lam, P, q, A, b))
    return (P + P.T) / 2 @ x + q - A.T @ lam


# -- solve_equality_qp ------------------------------------------------------------------------


def _kkt_solve(P, q, A, b, symmetrise=True, sign=-1.0, rhs_sign=-1.0, use_inv=False):
    P, q, A, b = (np.asarray(a, dtype=float) for a in (P, q, A, b))
    n, m = len(q), len(b)
    if P.shape != (n, n) or A.shape != (m, n):
        raise ValueError("shapes")
    H = (P + P.T) / 2 if symmetrise else P
    K = np.block([[H, sign * A.T], [A, np.zeros((m, m))]])
    rhs = np.concatenate([rhs_sign * q, b])
    z = np.linalg.inv(K) @ rhs if use_inv else np.linalg.solve(K, rhs)
    return z[:n], z[n:]


def qp_uses_P_not_its_symmetric_part(P, q, A, b):
    return _kkt_solve(P, q, A, b, symmetrise=False)


def qp_multiplier_with_the_other_sign(P, q, A, b):
    return _kkt_solve(P, q, A, b, sign=+1.0)


def qp_forgets_minus_q(P, q, A, b):
    return _kkt_solve(P, q, A, b, rhs_sign=+1.0)


def qp_with_the_inverse(P, q, A, b):
    return _kkt_solve(P, q, A, b, use_inv=True)


def qp_without_shape_checks(P, q, A, b):
    P, q, A, b = (np.asarray(a, dtype=float) for a in (P, q, A, b))
    n, m = len(q), A.shape[0]
    K = np.block([[(P + P.T) / 2, -A.T], [A, np.zeros((m, m))]])
    z = np.linalg.lstsq(K, np.concatenate([-q, np.resize(b, m)]), rcond=None)[0]
    return z[:n], z[n:]


# -- value_sensitivity ------------------------------------------------------------------------


def _optimal_value(P, q, A, b):
    x, _ = _kkt_solve(P, q, A, b)
    return 0.5 * x @ np.asarray(P, dtype=float) @ x + np.asarray(q, dtype=float) @ x


def sensitivity_forward_difference(P, q, A, b, h=1e-3):
    b = np.asarray(b, dtype=float)
    return np.array([(_optimal_value(P, q, A, b + h * e) - _optimal_value(P, q, A, b)) / h for e in np.eye(len(b))])


def sensitivity_divides_by_h(P, q, A, b, h=1e-3):
    b = np.asarray(b, dtype=float)
    return np.array([(_optimal_value(P, q, A, b + h * e) - _optimal_value(P, q, A, b - h * e)) / h for e in np.eye(len(b))])


def sensitivity_moves_every_level_at_once(P, q, A, b, h=1e-3):
    b = np.asarray(b, dtype=float)
    slope = (_optimal_value(P, q, A, b + h) - _optimal_value(P, q, A, b - h)) / (2 * h)
    return np.full(len(b), slope)


def sensitivity_with_the_other_sign(P, q, A, b, h=1e-3):
    return -_kkt_solve(P, q, A, b)[1]


# -- max_variance_directions ------------------------------------------------------------------


def _power_directions(X, k, centre=True, ddof=1, orthogonalise=True, use_eigh=False, rows=True):
    X = np.asarray(X, dtype=float)
    data = X - X.mean(axis=0) if centre else X
    S = data.T @ data / (len(X) - ddof)
    if use_eigh:
        values, vectors = np.linalg.eigh(S)
        return vectors[:, ::-1][:, :k].T, values[::-1][:k]
    d = S.shape[0]
    W, variances = np.zeros((k, d)), np.zeros(k)
    start = np.random.default_rng(0).normal(size=(k, d))
    for j in range(k):
        v = start[j]
        for _ in range(5000):
            if orthogonalise:
                v = v - W[:j].T @ (W[:j] @ v)
            v = v / np.linalg.norm(v)
            Sv = S @ v
            lam = v @ Sv
            if np.linalg.norm(Sv - lam * v) <= 1e-10 * np.linalg.norm(S):
                break
            v = Sv
        W[j], variances[j] = v, lam
    return (W, variances) if rows else (W.T, variances)


def directions_without_centring(X, k):
    return _power_directions(X, k, centre=False)


def directions_divide_by_n(X, k):
    return _power_directions(X, k, ddof=0)


def directions_without_the_orthogonality_constraint(X, k):
    return _power_directions(X, k, orthogonalise=False)


def directions_with_eigh(X, k):
    return _power_directions(X, k, use_eigh=True)


def directions_as_columns(X, k):
    return _power_directions(X, k, rows=False)


# -- max_entropy_distribution -----------------------------------------------------------------


def _max_entropy(values, mean, shift=True, check_range=True, flip=1.0):
    x = np.asarray(values, dtype=float)
    if check_range and not x.min() < mean < x.max():
        raise ValueError("mean out of range")

    def p_of(theta):
        logits = theta * x
        w = np.exp(logits - logits.max()) if shift else np.exp(logits)
        return w / w.sum()

    low, high = -1.0, 1.0
    with np.errstate(all="ignore"):
        while p_of(low) @ x > mean:
            low *= 2
        while p_of(high) @ x < mean:
            high *= 2
        for _ in range(200):
            middle = (low + high) / 2
            if p_of(middle) @ x < mean:
                low = middle
            else:
                high = middle
        theta = (low + high) / 2
        return p_of(theta), flip * theta


def entropy_without_the_max_shift(values, mean):
    return _max_entropy(values, mean, shift=False)


def entropy_theta_with_the_other_sign(values, mean):
    return _max_entropy(values, mean, flip=-1.0)


def entropy_without_the_range_check(values, mean):
    x = np.asarray(values, dtype=float)
    if mean == x.max() or mean == x.min():
        return (x == mean).astype(float), 0.0
    return _max_entropy(values, mean, check_range=False)


def entropy_ignores_the_mean(values, mean):
    x = np.asarray(values, dtype=float)
    return np.full(x.shape, 1 / x.size), 0.0


def entropy_stops_after_20_halvings(values, mean):
    x = np.asarray(values, dtype=float)
    if not x.min() < mean < x.max():
        raise ValueError("mean out of range")
    low, high = -64.0, 64.0
    for _ in range(20):
        middle = (low + high) / 2
        logits = middle * x
        p = np.exp(logits - logits.max())
        if (p / p.sum()) @ x < mean:
            low = middle
        else:
            high = middle
    theta = (low + high) / 2
    logits = theta * x
    p = np.exp(logits - logits.max())
    return p / p.sum(), theta


# -- project_l2_ball --------------------------------------------------------------------------


def ball_norms_over_the_wrong_axis(X, radius):
    if radius < 0:
        raise ValueError("radius")
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=0, keepdims=True)
    return np.where(norms > radius, X * radius / np.where(norms > 0, norms, 1), X)


def ball_rescales_every_row(X, radius):
    if radius < 0:
        raise ValueError("radius")
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X * radius / np.where(norms > 0, norms, 1)


def ball_clips_each_entry(X, radius):
    if radius < 0:
        raise ValueError("radius")
    return np.clip(np.asarray(X, dtype=float), -radius, radius)


def ball_divides_by_the_norm_only(X, radius):
    if radius < 0:
        raise ValueError("radius")
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.where(norms > radius, X / np.where(norms > 0, norms, 1), X)


def ball_whole_matrix_norm(X, radius):
    if radius < 0:
        raise ValueError("radius")
    X = np.asarray(X, dtype=float)
    norm = np.linalg.norm(X)
    return X if norm <= radius else X * radius / norm


# -- project_simplex --------------------------------------------------------------------------


def simplex_normalise(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        raise ValueError("empty")
    return v / v.sum()


def simplex_clip_then_normalise(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        raise ValueError("empty")
    p = np.maximum(v, 0)
    return p / p.sum() if p.sum() > 0 else np.full(v.size, 1 / v.size)


def simplex_softmax(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        raise ValueError("empty")
    e = np.exp(v - v.max())
    return e / e.sum()


def simplex_sorted_ascending(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        raise ValueError("empty")
    u = np.sort(v)
    thresholds = (np.cumsum(u) - 1) / np.arange(1, v.size + 1)
    rho = np.nonzero(u > thresholds)[0]
    tau = thresholds[rho[-1]] if rho.size else thresholds[-1]
    return np.maximum(v - tau, 0)


def simplex_off_by_one(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        raise ValueError("empty")
    u = np.sort(v)[::-1]
    thresholds = (np.cumsum(u) - 1) / np.arange(1, v.size + 1)
    rho = np.nonzero(u > thresholds)[0][-1]
    return np.maximum(v - thresholds[max(rho - 1, 0)], 0)


# -- projected_gradient_descent ---------------------------------------------------------------


def pgd_without_projecting_the_start(grad, project, x0, step, n_steps):
    x = np.asarray(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x = project(x - step * grad(x))
        path.append(x)
    return np.array(path)


def pgd_one_row_short(grad, project, x0, step, n_steps):
    x = project(np.asarray(x0, dtype=float))
    path = []
    for _ in range(n_steps):
        x = project(x - step * grad(x))
        path.append(x)
    return np.array(path) if path else x[None, :]


def pgd_gradient_ascent(grad, project, x0, step, n_steps):
    x = project(np.asarray(x0, dtype=float))
    path = [x]
    for _ in range(n_steps):
        x = project(x + step * grad(x))
        path.append(x)
    return np.array(path)


def pgd_projects_only_at_the_end(grad, project, x0, step, n_steps):
    x = np.asarray(x0, dtype=float)
    path = [project(x)]
    for _ in range(n_steps):
        x = x - step * grad(x)
        path.append(project(x))
    return np.array(path)


WRONG = [
    (checks.check_lagrangian_gradient, grad_uses_P_not_its_symmetric_part),
    (checks.check_lagrangian_gradient, grad_plus_multiplier_term),
    (checks.check_lagrangian_gradient, grad_constraint_part_ax_minus_b),
    (checks.check_lagrangian_gradient, grad_forgets_the_half),
    (checks.check_lagrangian_gradient, grad_x_part_only),
    (checks.check_solve_equality_qp, qp_uses_P_not_its_symmetric_part),
    (checks.check_solve_equality_qp, qp_multiplier_with_the_other_sign),
    (checks.check_solve_equality_qp, qp_forgets_minus_q),
    (checks.check_solve_equality_qp, qp_with_the_inverse),
    (checks.check_solve_equality_qp, qp_without_shape_checks),
    (checks.check_value_sensitivity, sensitivity_forward_difference),
    (checks.check_value_sensitivity, sensitivity_divides_by_h),
    (checks.check_value_sensitivity, sensitivity_moves_every_level_at_once),
    (checks.check_value_sensitivity, sensitivity_with_the_other_sign),
    (checks.check_max_variance_directions, directions_without_centring),
    (checks.check_max_variance_directions, directions_divide_by_n),
    (checks.check_max_variance_directions, directions_without_the_orthogonality_constraint),
    (checks.check_max_variance_directions, directions_with_eigh),
    (checks.check_max_variance_directions, directions_as_columns),
    (checks.check_max_entropy_distribution, entropy_without_the_max_shift),
    (checks.check_max_entropy_distribution, entropy_theta_with_the_other_sign),
    (checks.check_max_entropy_distribution, entropy_without_the_range_check),
    (checks.check_max_entropy_distribution, entropy_ignores_the_mean),
    (checks.check_max_entropy_distribution, entropy_stops_after_20_halvings),
    (checks.check_project_l2_ball, ball_norms_over_the_wrong_axis),
    (checks.check_project_l2_ball, ball_rescales_every_row),
    (checks.check_project_l2_ball, ball_clips_each_entry),
    (checks.check_project_l2_ball, ball_divides_by_the_norm_only),
    (checks.check_project_l2_ball, ball_whole_matrix_norm),
    (checks.check_project_simplex, simplex_normalise),
    (checks.check_project_simplex, simplex_clip_then_normalise),
    (checks.check_project_simplex, simplex_softmax),
    (checks.check_project_simplex, simplex_sorted_ascending),
    (checks.check_project_simplex, simplex_off_by_one),
    (checks.check_projected_gradient_descent, pgd_without_projecting_the_start),
    (checks.check_projected_gradient_descent, pgd_one_row_short),
    (checks.check_projected_gradient_descent, pgd_gradient_ascent),
    (checks.check_projected_gradient_descent, pgd_projects_only_at_the_end),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{c.__name__}-{w.__name__}" for c, w in WRONG])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
