"""Reference numerics the checks (and the chapters) share."""

from __future__ import annotations

import numpy as np


def numerical_gradient(f, x, h=None):
    """The gradient of a scalar function f at x by central differences, entry by entry.

    x may have any shape; the result has the same shape. The default step,
    eps**(1/3) scaled by |x_i| (at least 1), balances truncation error (h**2)
    against rounding error (eps / h): about 1e-10 relative error for smooth f.
    """
    x = np.array(x, dtype=float)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = h if h is not None else np.cbrt(np.finfo(float).eps) * max(1.0, abs(x[index]))
        forward, backward = x.copy(), x.copy()
        forward[index] += step
        backward[index] -= step
        gradient[index] = (f(forward) - f(backward)) / (forward[index] - backward[index])
    return gradient
