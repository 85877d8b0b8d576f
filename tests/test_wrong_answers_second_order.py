"""Learner-like wrong answers to the exercises of calculus/05-second-order: every check must reject them."""

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.checks.calculus import second_order as checks

# -- Exercise 1: quadratic_derivatives ----------------------------------------------------------


def qd_symmetric_assumed(A, b, x):
    """Uses the symmetric-A formulas 2Ax + b and 2A."""
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    if A.shape[0] != A.shape[1] or len(b) != len(A) or len(x) != len(A):
        raise ValueError
    return float(x @ A @ x + b @ x), 2 * A @ x + b, 2 * A


def qd_transpose_only(A, b, x):
    """Gradient A^T x + b: one half of the product rule."""
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    if A.shape[0] != A.shape[1] or len(b) != len(A) or len(x) != len(A):
        raise ValueError
    return float(x @ A @ x + b @ x), A.T @ x + b, A + A.T


def qd_no_validation(A, b, x):
    """Right formulas with b * x summed, and no shape checks: broadcasting lets a length-1 b through."""
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    return float(np.sum(x * (A @ x)) + np.sum(b * x)), (A + A.T) @ x + b, A + A.T


def qd_dropped_b_in_value(A, b, x):
    A, b, x = (np.asarray(a, dtype=float) for a in (A, b, x))
    if A.shape[0] != A.shape[1] or len(b) != len(A) or len(x) != len(A):
        raise ValueError
    return float(x @ A @ x), (A + A.T) @ x + b, A + A.T


# -- Exercise 2: numerical_hessian --------------------------------------------------------------


def _hessian_by(f, x, h, scheme):
    x = np.asarray(x, dtype=float)
    d = len(x)
    H = np.zeros((d, d))
    for i in range(d):
        for j in range(d):

            def at(si, sj, i=i, j=j):
                z = x.copy()
                z[i] += si * h[i]
                z[j] += sj * h[j]
                return f(z)

            if scheme == "forward":
                H[i, j] = (at(1, 1) - at(1, 0) - at(0, 1) + at(0, 0)) / (h[i] * h[j])
            else:
                H[i, j] = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
    return H


def nh_forward(f, x):
    x = np.asarray(x, dtype=float)
    H = _hessian_by(f, x, 1e-4 * np.maximum(1, np.abs(x)), "forward")
    return (H + H.T) / 2


def nh_absolute_step(f, x):
    """A fixed step of 1e-4, whatever the size of x."""
    x = np.asarray(x, dtype=float)
    H = _hessian_by(f, x, np.full(len(x), 1e-4), "central")
    return (H + H.T) / 2


def nh_not_symmetrised(f, x):
    """Central differences of a hand-written gradient estimate, rows and columns not averaged."""
    x = np.asarray(x, dtype=float)
    d = len(x)
    H = np.zeros((d, d))
    for j in range(d):
        h = 1e-4 * max(1.0, abs(x[j]))
        for i in range(d):
            k = 1e-4 * max(1.0, abs(x[i]))

            def g(z, i=i, k=k):
                up, down = z.copy(), z.copy()
                up[i] += k
                down[i] -= k
                return (f(up) - f(down)) / (2 * k)

            up, down = x.copy(), x.copy()
            up[j] += h
            down[j] -= h
            H[i, j] = (g(up) - g(down)) / (2 * h)
    return H


def nh_integer_step(f, x):
    """Works on a copy of x in its own dtype: the steps vanish for integer input."""
    x = np.array(x)
    d = len(x)
    H = np.zeros((d, d))
    for i in range(d):
        for j in range(d):
            h = 1e-4
            z = [x.copy() for _ in range(4)]
            for zz, si, sj in zip(z, (1, 1, -1, -1), (1, -1, 1, -1)):
                zz[i] += si * h
                zz[j] += sj * h
            H[i, j] = (f(z[0]) - f(z[1]) - f(z[2]) + f(z[3])) / (4 * h * h)
    return (H + H.T) / 2


# -- Exercise 3: quadratic_model ----------------------------------------------------------------


def qm_no_half(f, grad, hess, x, steps):
    steps = np.asarray(steps, dtype=float)
    return f(x) + steps @ grad(x) + np.sum((steps @ hess(x)) * steps, axis=1)


def qm_loop(f, grad, hess, x, steps):
    """Right values, but f, grad and hess evaluated once per step."""
    return np.array([f(x) + grad(x) @ p + 0.5 * p @ hess(x) @ p for p in np.asarray(steps, dtype=float)])


def qm_wrong_axis(f, grad, hess, x, steps):
    steps = np.asarray(steps, dtype=float)
    return f(x) + steps @ grad(x) + 0.5 * np.sum((steps @ hess(x)) * steps, axis=0)


def qm_first_order(f, grad, hess, x, steps):
    steps = np.asarray(steps, dtype=float)
    hess(x)
    return f(x) + steps @ grad(x)


# -- Exercise 4: classify_critical_point --------------------------------------------------------


def _kind(lam, tol_abs):
    up, down = lam > tol_abs, lam < -tol_abs
    if up.any() and down.any():
        return "saddle"
    if up.all():
        return "minimum"
    if down.all():
        return "maximum"
    return "degenerate"


def _validated(H):
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or not np.allclose(H, H.T):
        raise ValueError
    return H


def cc_diagonal_signs(H, tol=1e-8):
    """Reads the signs of the diagonal entries instead of the eigenvalues."""
    H = _validated(H)
    lam = np.linalg.eigvalsh(H)
    return _kind(np.sort(np.diag(H)), tol * np.abs(np.diag(H)).max()), lam


def cc_absolute_tolerance(H, tol=1e-8):
    H = _validated(H)
    lam = np.linalg.eigvalsh(H)
    return _kind(lam, tol), lam


def cc_degenerate_first(H, tol=1e-8):
    """Calls any zero eigenvalue degenerate, even with directions both up and down."""
    H = _validated(H)
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol * np.abs(lam).max()):
        return "degenerate", lam
    return _kind(lam, 0.0), lam


def cc_no_symmetry_check(H, tol=1e-8):
    H = np.asarray(H, dtype=float)
    if H.shape[0] != H.shape[1]:
        raise ValueError
    lam = np.linalg.eigvalsh(H)
    return _kind(lam, tol * np.abs(lam).max()), lam


def cc_descending(H, tol=1e-8):
    H = _validated(H)
    lam = np.linalg.eigvalsh(H)
    return _kind(lam, tol * np.abs(lam).max()), lam[::-1]


# -- Exercise 5: gd_iterations ------------------------------------------------------------------


def _gd(H, x0, tol, max_iter, step_of, count_from=0, relative=True):
    H, x = np.asarray(H, dtype=float), np.asarray(x0, dtype=float)
    lam = np.linalg.eigvalsh(H)
    if lam[0] <= 0:
        raise ValueError
    step = step_of(lam)
    target = tol * np.linalg.norm(x) if relative else tol
    for k in range(max_iter + 1):
        if np.linalg.norm(x) <= target:
            return k + count_from
        x = x - step * (H @ x)
    raise RuntimeError


def gd_one_over_L(H, x0, tol=1e-6, max_iter=100_000):
    return _gd(H, x0, tol, max_iter, lambda lam: 1 / lam[-1])


def gd_off_by_one(H, x0, tol=1e-6, max_iter=100_000):
    return _gd(H, x0, tol, max_iter, lambda lam: 2 / (lam[0] + lam[-1]), count_from=1)


def gd_absolute_tol(H, x0, tol=1e-6, max_iter=100_000):
    return _gd(H, x0, tol, max_iter, lambda lam: 2 / (lam[0] + lam[-1]), relative=False)


def gd_no_pd_check(H, x0, tol=1e-6, max_iter=100_000):
    H, x = np.asarray(H, dtype=float), np.asarray(x0, dtype=float)
    lam = np.linalg.eigvalsh(H)
    step = 2 / (abs(lam[0]) + abs(lam[-1]))
    target = tol * np.linalg.norm(x)
    with np.errstate(all="ignore"):
        for k in range(max_iter + 1):
            if np.linalg.norm(x) <= target:
                return k
            x = x - step * (H @ x)
    raise RuntimeError


# -- Exercise 6: newton_step --------------------------------------------------------------------


def ns_inverse(grad, hess, x):
    x = np.asarray(x, dtype=float)
    return x - np.linalg.inv(hess(x)) @ grad(x)


def ns_plus_sign(grad, hess, x):
    x = np.asarray(x, dtype=float)
    return x + np.linalg.solve(hess(x), grad(x))


def ns_diagonal(grad, hess, x):
    x = np.asarray(x, dtype=float)
    return x - grad(x) / np.diag(hess(x))


def ns_returns_step(grad, hess, x):
    x = np.asarray(x, dtype=float)
    return np.linalg.solve(hess(x), -grad(x))


def ns_lstsq(grad, hess, x):
    """Least squares: no error on a singular Hessian."""
    x = np.asarray(x, dtype=float)
    return x - np.linalg.lstsq(hess(x), grad(x), rcond=None)[0]


# -- Exercise 7: newton_minimize ----------------------------------------------------------------


def _newton(f, grad, hess, x0, tol, max_iter, guard=True, search=True, count_from=0, check_last=True):
    x = np.asarray(x0, dtype=float)
    for steps in range(max_iter + 1):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            return x, steps + count_from
        if steps == max_iter:
            if check_last:
                break
            return x, steps
        H = hess(x)
        if guard:
            lam, Q = np.linalg.eigh(H)
            H = (Q * np.maximum(np.abs(lam), 1e-8)) @ Q.T
        p = np.linalg.solve(H, -g)
        t = 1.0
        if search:
            while f(x + t * p) > f(x) + 1e-4 * t * (g @ p) and t > 1e-12:
                t /= 2
        x = x + t * p
    raise RuntimeError


def nm_plain(f, grad, hess, x0, tol=1e-8, max_iter=100):
    return _newton(f, grad, hess, x0, tol, max_iter, guard=False, search=False)


def nm_no_line_search(f, grad, hess, x0, tol=1e-8, max_iter=100):
    with np.errstate(all="ignore"):
        return _newton(f, grad, hess, x0, tol, max_iter, search=False)


def nm_no_guard(f, grad, hess, x0, tol=1e-8, max_iter=100):
    return _newton(f, grad, hess, x0, tol, max_iter, guard=False)


def nm_counts_from_one(f, grad, hess, x0, tol=1e-8, max_iter=100):
    return _newton(f, grad, hess, x0, tol, max_iter, count_from=1)


def nm_never_raises(f, grad, hess, x0, tol=1e-8, max_iter=100):
    return _newton(f, grad, hess, x0, tol, max_iter, check_last=False)


def nm_gradient_descent(f, grad, hess, x0, tol=1e-8, max_iter=100):
    """Backtracking gradient descent: no curvature at all."""
    x = np.asarray(x0, dtype=float)
    for steps in range(max_iter + 1):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            return x, steps
        t = 1.0
        while f(x - t * g) > f(x) - 1e-4 * t * (g @ g):
            t /= 2
        x = x - t * g
    raise RuntimeError


# -- Exercise 8: hessian_vector_product ---------------------------------------------------------


def _step(x, v):
    return np.cbrt(np.finfo(float).eps) * max(1.0, np.linalg.norm(x)) / np.linalg.norm(v)


def hvp_forward(grad, x, v):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    if not v.any():
        return np.zeros_like(x)
    eps = _step(x, v)
    return (grad(x + eps * v) - grad(x)) / eps


def hvp_fixed_step(grad, x, v):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    eps = 1e-5
    return (grad(x + eps * v) - grad(x - eps * v)) / (2 * eps)


def hvp_full_hessian(grad, x, v):
    """Builds the Hessian column by column, then multiplies: d gradient calls."""
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    H = np.zeros((len(x), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = 1e-5
        H[:, j] = (grad(x + e) - grad(x - e)) / 2e-5
    return H @ v


def hvp_no_two(grad, x, v):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    if not v.any():
        return np.zeros_like(x)
    eps = _step(x, v)
    return (grad(x + eps * v) - grad(x - eps * v)) / eps


def hvp_nan_at_zero(grad, x, v):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    with np.errstate(all="ignore"):
        eps = _step(x, v)
        return (grad(x + eps * v) - grad(x - eps * v)) / (2 * eps)


WRONG = [
    ("check_quadratic_derivatives", qd_symmetric_assumed),
    ("check_quadratic_derivatives", qd_transpose_only),
    ("check_quadratic_derivatives", qd_no_validation),
    ("check_quadratic_derivatives", qd_dropped_b_in_value),
    ("check_numerical_hessian", nh_forward),
    ("check_numerical_hessian", nh_absolute_step),
    ("check_numerical_hessian", nh_not_symmetrised),
    ("check_numerical_hessian", nh_integer_step),
    ("check_quadratic_model", qm_no_half),
    ("check_quadratic_model", qm_loop),
    ("check_quadratic_model", qm_wrong_axis),
    ("check_quadratic_model", qm_first_order),
    ("check_classify_critical_point", cc_diagonal_signs),
    ("check_classify_critical_point", cc_absolute_tolerance),
    ("check_classify_critical_point", cc_degenerate_first),
    ("check_classify_critical_point", cc_no_symmetry_check),
    ("check_classify_critical_point", cc_descending),
    ("check_gd_iterations", gd_one_over_L),
    ("check_gd_iterations", gd_off_by_one),
    ("check_gd_iterations", gd_absolute_tol),
    ("check_gd_iterations", gd_no_pd_check),
    ("check_newton_step", ns_inverse),
    ("check_newton_step", ns_plus_sign),
    ("check_newton_step", ns_diagonal),
    ("check_newton_step", ns_returns_step),
    ("check_newton_step", ns_lstsq),
    ("check_newton_minimize", nm_plain),
    ("check_newton_minimize", nm_no_line_search),
    ("check_newton_minimize", nm_no_guard),
    ("check_newton_minimize", nm_counts_from_one),
    ("check_newton_minimize", nm_never_raises),
    ("check_newton_minimize", nm_gradient_descent),
    ("check_hessian_vector_product", hvp_forward),
    ("check_hessian_vector_product", hvp_fixed_step),
    ("check_hessian_vector_product", hvp_full_hessian),
    ("check_hessian_vector_product", hvp_no_two),
    ("check_hessian_vector_product", hvp_nan_at_zero),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{check}-{wrong.__name__}" for check, wrong in WRONG])
def test_second_order_check_rejects_wrong_answer(check, wrong):
    assert_rejects(getattr(checks, check), wrong)


def test_second_order_every_check_has_three_wrong_answers():
    counts = {name: 0 for name in dir(checks) if name.startswith("check_")}
    for check, _ in WRONG:
        counts[check] += 1
    assert min(counts.values()) >= 3, counts
