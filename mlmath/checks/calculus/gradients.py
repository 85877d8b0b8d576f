"""Checks for calculus/02-gradients."""

import numpy as np

from mlmath.checking import Checker

SEED = 2002


def check_scale(scale):
    rng = np.random.default_rng(SEED)
    with Checker(scale, forbid=["np.multiply"]) as c:
        c.close(c.call("x = [1., -2.], factor 3", np.array([1.0, -2.0]), 3), np.array([3.0, -6.0]))
        c.close(c.call("an empty vector", np.array([]), 2.0), np.array([]))
        c.close(c.call("integer input x = [1, 2], factor 0.5", np.array([1, 2]), 0.5), np.array([0.5, 1.0]))
        x = rng.normal(size=6)
        c.close(c.call("6 seeded random entries, factor -1e200", x, -1e200), x * -1e200)
