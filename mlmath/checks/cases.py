"""Test matrices and properties that checks in more than one module share.

Every generator takes the seeded `rng` first, then the shape, so a check's
random cases are reproducible and read the same everywhere:

    A = well_conditioned(rng, 6, 3)
    Q = orthonormal_columns(rng, 5, 5)      # a random orthogonal matrix
"""

import numpy as np

#: NumPy's global random number generator (and a second generator made inside the function): an
#: exercise that takes an `rng` argument must draw from it, so that its results are reproducible.
GLOBAL_RNG = [
    "np.random.seed",
    "np.random.default_rng",
    "np.random.rand",
    "np.random.randn",
    "np.random.random",
    "np.random.random_sample",
    "np.random.randint",
    "np.random.choice",
    "np.random.normal",
    "np.random.standard_normal",
    "np.random.multivariate_normal",
    "np.random.uniform",
    "np.random.binomial",
    "np.random.poisson",
    "np.random.exponential",
    "np.random.permutation",
    "np.random.shuffle",
]


def well_conditioned(rng, m, n):
    """A seeded random m x n matrix that is safely full rank: Gaussian entries plus +-max(m, n) on the diagonal.

    The strong diagonal keeps every singular value well away from 0 (a plain Gaussian
    square matrix is occasionally nearly singular), so solutions, projections and
    factorisations of it are accurate to close to machine precision.
    """
    A = rng.normal(size=(m, n))
    k = min(m, n)
    A[np.arange(k), np.arange(k)] += max(m, n) * rng.choice([-1.0, 1.0], size=k)
    return A


def orthonormal_columns(rng, m, k):
    """A seeded random m x k matrix (k <= m) with orthonormal columns; with k = m, a random orthogonal matrix."""
    Q, _ = np.linalg.qr(rng.normal(size=(m, k)))
    return Q


def with_singular_values(rng, m, n, values):
    """A seeded random m x n matrix with the given singular values (at most min(m, n) of them; the rest are 0)."""
    values = np.asarray(values, dtype=float)
    U = orthonormal_columns(rng, m, values.size)
    V = orthonormal_columns(rng, n, values.size)
    return (U * values) @ V.T


def require_orthonormal_columns(c, Q, atol, what="the columns of Q"):
    """Fail (through the Checker `c`) unless Q.T @ Q is the identity to within `atol`, entry by entry."""
    c.close(Q.T @ Q, np.eye(Q.shape[1]), rtol=0, atol=atol, what=f"{what}: Q.T @ Q must be the identity (orthonormal columns)")
