"""Checks for calculus/01-derivatives."""

import numpy as np

from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 2001

EPS = np.finfo(float).eps


def _counted(func):
    """`func` and a dict that counts its calls (a plain function, so the Checker's copy of it is itself)."""
    calls = {"count": 0, "complex": False}

    def counted(x):
        calls["count"] += 1
        calls["complex"] = calls["complex"] or np.iscomplexobj(x)
        return func(x)

    return counted, calls


def _numerical_derivative(f, points):
    """f'(x) at each of `points` by the course's reference central differences (numerical_gradient)."""
    return np.array([numerical_gradient(lambda v: float(f(v[0])), np.array([p]))[0] for p in points])


# -- Exercise 1 ---------------------------------------------------------------------------------


def check_poly_derivative(poly_derivative):
    rng = np.random.default_rng(SEED)
    forbid = ["np.polyder", "np.polynomial.polynomial.polyder", "np.poly1d", "np.polynomial.Polynomial"]
    with Checker(poly_derivative, forbid=forbid) as c:
        got = c.call("c = [5., 3., -2., 4.], that is 5 + 3x - 2x^2 + 4x^3", np.array([5.0, 3.0, -2.0, 4.0]))
        c.close(got, np.array([3.0, -4.0, 12.0]))
        c.close(c.call("a line, c = [1., -2.]", np.array([1.0, -2.0])), np.array([-2.0]))
        c.close(c.call("a constant, c = [7.] (its derivative is the zero polynomial [0.])", np.array([7.0])), np.array([0.0]))
        c.close(c.call("integer input c = [1, 2, 3] (return floats)", np.array([1, 2, 3])), np.array([2.0, 6.0]))
        c.close(
            c.call("zero high coefficients, c = [0., 0., 0., 1., 0.]", np.array([0.0, 0.0, 0.0, 1.0, 0.0])),
            np.array([0.0, 0.0, 3.0, 0.0]),
        )
        c.close(
            c.call("tiny coefficients, c = [1e-200, -3e-200, 2e-200]", np.array([1e-200, -3e-200, 2e-200])),
            np.array([-3e-200, 4e-200]),
        )
        c.call_raises("an empty coefficient array (no polynomial)", ValueError, np.array([]))
        for trial in range(3):
            coeffs = rng.normal(size=int(rng.integers(2, 9))) * 10.0 ** rng.integers(-3, 4)
            got = c.call(f"seeded random polynomial {trial + 1} of degree {coeffs.size - 1}", coeffs)
            c.close(got, np.polynomial.polynomial.polyder(coeffs))
            # The derivative you return, evaluated at a few points, against central differences of the
            # polynomial itself. Those carry a relative error near 1e-10 for these small degrees and
            # points in [-2, 2], so 1e-6 of the size of the terms is a generous but meaningful bound.
            points = rng.uniform(-2, 2, size=4)
            numerical = _numerical_derivative(lambda x, a=coeffs: np.polynomial.polynomial.polyval(x, a), points)
            size = np.polynomial.polynomial.polyval(2.0, np.abs(np.polynomial.polynomial.polyder(coeffs)))
            c.close(
                np.polynomial.polynomial.polyval(points, got),
                numerical,
                atol=1e-6 * size,
                what="your derivative evaluated at 4 points, against finite differences of the polynomial",
            )


# -- Exercise 2 ---------------------------------------------------------------------------------


def check_chain_derivative(chain_derivative):
    rng = np.random.default_rng(SEED)
    with Checker(chain_derivative) as c:
        x = np.array([-1.5, 0.0, 0.4, 2.0])
        got = c.call("one function, sin, at x = [-1.5, 0., 0.4, 2.]", [np.sin], [np.cos], x)
        c.array(got, (4,))
        c.close(got, np.cos(x))

        def square(u):
            return u**2

        def double(u):
            return 2 * u

        c.close(
            c.call("[square, sin], which is sin(x^2), at x = [-1.5, 0., 0.4, 2.]", [square, np.sin], [double, np.cos], x),
            np.cos(x**2) * 2 * x,
        )
        c.close(
            c.call("[sin, square], which is sin(x)^2 (the other order), at the same x", [np.sin, square], [np.cos, double], x),
            2 * np.sin(x) * np.cos(x),
        )

        def affine(u):
            return 3 * u - 1

        def affine_slope(u):
            return np.full_like(u, 3.0, dtype=float)

        def tanh_slope(u):
            return 1 - np.tanh(u) ** 2

        expected = np.exp(np.tanh(3 * x - 1)) * tanh_slope(3 * x - 1) * 3
        c.close(
            c.call(
                "[3u - 1, tanh, exp], which is exp(tanh(3x - 1)), at the same x",
                [affine, np.tanh, np.exp],
                [affine_slope, tanh_slope, np.exp],
                x,
            ),
            expected,
        )
        c.close(c.call("no functions at all: the identity, whose derivative is 1", [], [], x), np.ones(4))
        c.close(c.call("an empty x with [sin]", [np.sin], [np.cos], np.array([])), np.array([]))
        c.call_raises("two functions but one derivative", ValueError, [np.sin, np.exp], [np.cos], x)

        # A seeded composite of five functions, against the closed form and against finite differences.
        # Each function and each derivative is counted: the chain rule needs every function at most once
        # (keep the intermediate values) and every derivative exactly once.
        names = ["sin", "exp", "3u - 1", "tanh", "square"]
        pairs = {
            "sin": (np.sin, np.cos),
            "exp": (np.exp, np.exp),
            "3u - 1": (affine, affine_slope),
            "tanh": (np.tanh, tanh_slope),
            "square": (square, double),
        }
        order = [names[i] for i in rng.permutation(5)]
        points = rng.uniform(-1, 1, size=6)
        counted = [(_counted(pairs[name][0]), _counted(pairs[name][1])) for name in order]
        functions = [f for (f, _), _ in counted]
        derivatives = [d for _, (d, _) in counted]
        got = c.call(f"five functions in the seeded order {order} at 6 seeded points", functions, derivatives, points)
        value, expected = points.copy(), np.ones_like(points)
        for name in order:
            function, derivative = pairs[name]
            expected, value = expected * derivative(value), function(value)
        c.close(got, expected)
        for name, ((_, f_calls), (_, d_calls)) in zip(order, counted):
            c.require(
                d_calls["count"] == 1,
                f"The derivative of {name} was called {d_calls['count']} times; the chain "
                "rule needs each derivative exactly once, at the value that reaches it (x itself for the "
                "first function, the previous function's output for the others).",
            )
            c.require(
                f_calls["count"] <= 1,
                f"The function {name} was called {f_calls['count']} times. Compute each "
                "intermediate value once and keep it: recomputing the chain from x for every factor costs "
                "k^2 calls instead of k.",
            )

        def composite(v):
            for name in order:
                v = pairs[name][0](v)
            return v

        # numerical_gradient has a relative error near 1e-10 here (smooth functions, |x| <= 1).
        c.close(
            got,
            _numerical_derivative(composite, points),
            rtol=1e-6,
            what="your derivative against central differences of the composite",
        )


# -- Exercise 3 ---------------------------------------------------------------------------------


def check_central_difference(central_difference):
    rng = np.random.default_rng(SEED)
    with Checker(central_difference, forbid=["np.gradient"]) as c:
        x = np.array([1.0, -2.0, 0.5])

        def cube(u):
            return u**3

        # For a cubic the central difference is exactly 3x^2 + h^2, so these cases need no slack.
        got = c.call("f(x) = x^3 at x = [1., -2., 0.5], h = 0.1", cube, x, 0.1)
        c.array(got, (3,))
        c.close(got, 3 * x**2 + 0.01)
        c.close(
            c.call("the same with one step per point, h = [0.1, 0.2, 0.3]", cube, x, np.array([0.1, 0.2, 0.3])),
            3 * x**2 + np.array([0.01, 0.04, 0.09]),
        )
        c.close(
            c.call("f(x) = x^2 at integer x = [1, 2, -3], h = 0.5 (exact for quadratics)", np.square, np.array([1, 2, -3]), 0.5),
            np.array([2.0, 4.0, -6.0]),
        )
        c.close(c.call("one point, x = [2.], f = x^3, h = 0.1", cube, np.array([2.0]), 0.1), np.array([12.01]))
        c.close(c.call("no points, x = []", np.sin, np.array([]), 0.1), np.array([]))

        # Default step: cbrt(eps) * max(1, |x|). With it, the truncation error (h^2/6 |f'''|, about 6e-12
        # relative) and the rounding error (about eps/h, 4e-11 relative) are both far below rtol=1e-8;
        # a step that does not grow with |x| loses most digits at x = 3e7, where float64 spacing is 4e-9.
        x = np.array([0.0, 1.0, -3.0, 20.0])
        # atol=0: the answers span many scales (e^-3 to e^20, 3e-8 to 2), so every entry is judged relatively.
        c.close(c.call("f = exp at x = [0., 1., -3., 20.], default step (h=None)", np.exp, x), np.exp(x), rtol=1e-8, atol=0)
        x = np.array([1e6, 3e7, 0.5])
        c.close(c.call("f = log at x = [1e6, 3e7, 0.5], default step: it must grow with |x|", np.log, x), 1 / x, rtol=1e-8, atol=0)
        c.close(
            c.call("f = log at large x with h = 10.0", np.log, np.array([1e6, 3e7]), 10.0),
            (np.log(np.array([1e6, 3e7]) + 10) - np.log(np.array([1e6, 3e7]) - 10)) / 20,
            rtol=1e-6,
        )

        x = rng.uniform(-10, 10, size=50)
        sin, calls = _counted(np.sin)
        got = c.call("f = sin at 50 seeded points in [-10, 10], default step", sin, x)
        c.close(got, np.cos(x), atol=1e-8)  # |f| <= 1: absolute error below 1e-10, so 1e-8 is safe
        c.require(
            calls["count"] <= 2,
            f"Your function called f {calls['count']} times for 50 points. Call it on the "
            "whole array (twice: at x + h and at x - h) instead of looping over the points.",
        )


# -- Exercise 4 ---------------------------------------------------------------------------------


def _reference_errors(f, df, x, steps):
    return np.abs((f(x + steps) - f(x - steps)) / (2 * steps) - df(x))


def check_best_step(best_step):
    with Checker(best_step) as c:

        def cube(u):
            return u**3

        def cube_slope(u):
            return 3 * u**2

        steps = np.array([0.5, 0.1, 0.01])
        h_best, errors = c.unpack(
            c.call("f = x^3 at x = 2, steps [0.5, 0.1, 0.01] (error is h^2)", cube, cube_slope, 2.0, steps), ("h_best", "errors")
        )
        c.array(errors, (3,), what="errors")
        c.close(errors, steps**2, what="errors")
        c.close(h_best, 0.01, what="h_best")
        h_best, errors = c.unpack(
            c.call("the same steps in another order, [0.01, 0.5, 0.1]", cube, cube_slope, 2.0, np.array([0.01, 0.5, 0.1])),
            ("h_best", "errors"),
        )
        c.close(errors, np.array([1e-4, 0.25, 0.01]), what="errors")
        c.close(h_best, 0.01, what="h_best (a step, not its position in the array)")
        h_best, errors = c.unpack(
            c.call(
                "f = x^2 at x = 1, steps [0.5, 0.25, 0.125]: every error is 0, so the first step wins",
                np.square,
                lambda u: 2 * u,
                1.0,
                np.array([0.5, 0.25, 0.125]),
            ),
            ("h_best", "errors"),
        )
        c.close(errors, np.zeros(3), atol=1e-15, what="errors")
        c.close(h_best, 0.5, what="h_best")

        # The full curve for exp at x = 1. Where rounding dominates, the error is noise of size about
        # eps * e / h, so the comparison allows a few times that on each entry; on the truncation side
        # the allowance is far below the error itself.
        steps = np.logspace(-15, -1, 43)
        h_best, errors = c.unpack(c.call("f = exp at x = 1, 43 steps from 1e-15 to 1e-1", np.exp, np.exp, 1.0, steps), ("h_best", "errors"))
        c.array(errors, (43,), what="errors")
        c.close(errors, _reference_errors(np.exp, np.exp, 1.0, steps), rtol=1e-6, atol=8 * EPS * np.e / steps, what="errors")
        c.require(np.any(steps == h_best), f"h_best must be one of the steps you were given; got {h_best!r}.")
        c.require(
            errors[np.flatnonzero(steps == h_best)[0]] == np.min(errors),
            "h_best must be the step with the smallest error in the errors you returned.",
        )
        c.require(
            1e-7 <= h_best <= 1e-4,
            f"For exp at x = 1 the best central step is near cbrt(eps) = 6e-6; "
            f"got h_best = {h_best!r}. Are the errors measured against df(x), as absolute values?",
        )
        c.call_raises("a zero step, steps = [0.1, 0.]", ValueError, np.exp, np.exp, 1.0, np.array([0.1, 0.0]))
        c.call_raises("a negative step, steps = [-0.1]", ValueError, np.exp, np.exp, 1.0, np.array([-0.1]))
        c.call_raises("no steps at all", ValueError, np.exp, np.exp, 1.0, np.array([]))


# -- Exercise 5 ---------------------------------------------------------------------------------


def check_difference_order(difference_order):
    rng = np.random.default_rng(SEED)
    forbid = ["np.polyfit", "np.polynomial.polynomial.polyfit", "np.linalg.lstsq"]
    with Checker(difference_order, forbid=forbid) as c:
        steps = np.array([0.1, 0.05, 0.02, 0.01])
        c.close(c.call("exact errors 3 h^2 at h = [0.1, 0.05, 0.02, 0.01]", steps, 3 * steps**2), 2.0)
        c.close(c.call("exact errors 0.5 h", steps, 0.5 * steps), 1.0)
        c.close(
            c.call(
                "exact errors 7 h^4 at unsorted h = [0.02, 0.1, 0.01, 0.05]",
                np.array([0.02, 0.1, 0.01, 0.05]),
                7 * np.array([0.02, 0.1, 0.01, 0.05]) ** 4,
            ),
            4.0,
        )
        c.close(
            c.call("integer input, steps [1, 2, 4, 8], errors [1, 4, 16, 64]", np.array([1, 2, 4, 8]), np.array([1, 4, 16, 64])),
            2.0,
        )
        c.close(c.call("two points, steps [1e-2, 1e-3], errors [2e-4, 2e-6]", np.array([1e-2, 1e-3]), np.array([2e-4, 2e-6])), 2.0)

        # Noisy errors: the least-squares slope differs from the two-endpoint slope here.
        steps = np.logspace(-1, -4, 12)
        errors = 0.2 * steps**1.5 * np.exp(0.3 * rng.normal(size=12))
        expected = np.polyfit(np.log(steps), np.log(errors), 1)[0]
        c.close(c.call("12 seeded noisy errors around 0.2 h^1.5", steps, errors), expected)

        # Property: measured errors of the forward and central differences of sin at x = 1.
        steps = np.logspace(-1, -4, 10)
        forward = np.abs((np.sin(1 + steps) - np.sin(1)) / steps - np.cos(1))
        central = np.abs((np.sin(1 + steps) - np.sin(1 - steps)) / (2 * steps) - np.cos(1))
        for name, errors, order in [("forward", forward, 1), ("central", central, 2)]:
            got = c.call(f"measured {name}-difference errors of sin at x = 1, h from 1e-1 to 1e-4", steps, errors)
            c.close(got, np.polyfit(np.log(steps), np.log(errors), 1)[0])
            c.require(abs(got - order) < 0.05, f"The {name} difference is of order {order}; got {got!r}.")
        c.call_raises("one point only (a slope needs two)", ValueError, np.array([0.1]), np.array([0.01]))
        c.call_raises("lengths 3 and 2", ValueError, steps[:3], central[:2])
        c.call_raises("an error of exactly 0 (its logarithm is -inf)", ValueError, steps[:3], np.array([1e-3, 0.0, 1e-5]))
        c.call_raises("a negative step", ValueError, np.array([0.1, -0.01]), np.array([1e-2, 1e-4]))


# -- Exercise 6 ---------------------------------------------------------------------------------


def _squire_trapp(x):
    return np.exp(x) / np.sqrt(np.sin(x) ** 3 + np.cos(x) ** 3)


def _squire_trapp_slope(x):
    s, k = np.sin(x), np.cos(x)
    return _squire_trapp(x) * (1 - (3 * s**2 * k - 3 * k**2 * s) / (2 * (s**3 + k**3)))


def check_complex_step_derivative(complex_step_derivative):
    rng = np.random.default_rng(SEED)
    with Checker(complex_step_derivative) as c:
        x = np.array([1.0, -2.0, 0.5])

        def cube(u):
            return u**3

        # Im((x + ih)^3) / h = 3x^2 - h^2 exactly, so h = 0.1 shows the formula and h = 1e-20 the limit.
        got = c.call("f(x) = x^3 at x = [1., -2., 0.5], h = 0.1", cube, x, 0.1)
        c.array(got, (3,))
        c.close(got, 3 * x**2 - 0.01)
        c.close(c.call("the same at the default h = 1e-20", cube, x), 3 * x**2, rtol=1e-15)
        c.close(c.call("integer x = [1, 2], f = x^3, h = 0.5", cube, np.array([1, 2]), 0.5), np.array([2.75, 11.75]))
        c.close(c.call("no points, x = []", np.sin, np.array([])), np.array([]))

        # The classic test function exp(x) / sqrt(sin^3 x + cos^3 x): the complex step is exact to
        # rounding (relative error a few eps), far beyond what any difference of two values can reach.
        x = np.array([0.5, 1.5, -0.3])
        f, calls = _counted(_squire_trapp)
        got = c.call("f(x) = exp(x) / sqrt(sin(x)^3 + cos(x)^3) at x = [0.5, 1.5, -0.3], h = 1e-20", f, x)
        c.close(got, _squire_trapp_slope(x), rtol=1e-13)
        c.require(
            calls["count"] == 1 and calls["complex"],
            f"Your function called f {calls['count']} time(s)"
            + ("" if calls["complex"] else ", never with a complex argument")
            + ". The complex step needs exactly one call, f(x + i h), on the whole array.",
        )
        c.close(c.call("the same at a tiny step h = 1e-200", _squire_trapp, x, 1e-200), _squire_trapp_slope(x), rtol=1e-13)

        x = rng.uniform(-3, 3, size=20)

        def bump(u):
            return np.exp(np.sin(u)) * u**2

        slope = np.exp(np.sin(x)) * (np.cos(x) * x**2 + 2 * x)
        got = c.call("f(x) = exp(sin x) x^2 at 20 seeded points in [-3, 3]", bump, x)
        c.close(got, slope, rtol=1e-12)
        # numerical_gradient has a relative error near 1e-10 here; the complex step does far better.
        c.close(
            got[:5],
            _numerical_derivative(bump, x[:5]),
            rtol=1e-7,
            what="your derivative at the first 5 points, against central differences",
        )


# -- Exercise 7 ---------------------------------------------------------------------------------


def check_newton_root(newton_root):
    rng = np.random.default_rng(SEED)
    with Checker(newton_root, forbid=["np.roots"]) as c:
        c.close(
            c.call(
                "f(x) = x^2 - 2 from x0 = 1, max_iter = 6 (Newton converges quadratically)",
                lambda x: x * x - 2,
                lambda x: 2 * x,
                1.0,
                max_iter=6,
            ),
            np.sqrt(2),
        )
        c.close(c.call("f(x) = x^2 - 2 from x0 = -3 (the negative root)", lambda x: x * x - 2, lambda x: 2 * x, -3.0), -np.sqrt(2))
        c.close(c.call("f(x) = cos(x) - x from x0 = 1", lambda x: np.cos(x) - x, lambda x: -np.sin(x) - 1, 1.0), 0.7390851332151607)
        c.close(
            c.call("f(x) = x^3 - 2x - 5 from integer x0 = 2", lambda x: x**3 - 2 * x - 5, lambda x: 3 * x**2 - 2, 2),
            2.0945514815423265,
        )
        c.close(c.call("f(x) = x^2 - 4 from x0 = 2, already a root", lambda x: x * x - 4, lambda x: 2 * x, 2.0), 2.0)
        c.close(
            c.call(
                "a huge root: f(x) = x^2 - 2e20 from x0 = 2e10 (the tolerance is relative)",
                lambda x: x * x - 2e20,
                lambda x: 2 * x,
                2e10,
            ),
            np.sqrt(2e20),
        )
        c.close(
            c.call("a double root: f(x) = x^2 from x0 = 1 (slow, but within 50 steps)", lambda x: x * x, lambda x: 2 * x, 1.0),
            0.0,
            atol=1e-10,
        )
        c.call_raises(
            "the same double root with max_iter = 30 (Newton needs 40 steps there)",
            RuntimeError,
            lambda x: x * x,
            lambda x: 2 * x,
            1.0,
            max_iter=30,
        )
        c.call_raises("f(x) = x^2 - 1 from x0 = 0, where f'(x0) = 0", ValueError, lambda x: x * x - 1, lambda x: 2 * x, 0.0)
        c.call_raises(
            "f(x) = x^3 - 2x + 2 from x0 = 0 (Newton cycles between 0 and 1)",
            RuntimeError,
            lambda x: x**3 - 2 * x + 2,
            lambda x: 3 * x**2 - 2,
            0.0,
        )
        c.call_raises(
            "f(x) = cbrt(x) from x0 = 1 (each step overshoots to -2x: it diverges)",
            RuntimeError,
            np.cbrt,
            lambda x: 1 / (3 * np.cbrt(x) ** 2),
            1.0,
        )
        for trial in range(3):
            root = float(rng.uniform(-5, 5))

            def f(x, r=root):
                return (x - r) * (x * x + 1)

            def df(x, r=root):
                return x * x + 1 + 2 * x * (x - r)

            case = f"seeded case {trial + 1}: f(x) = (x - r)(x^2 + 1), r = {root:.4f}, from x0 = r + 0.1"
            got = c.call(case, f, df, root + 0.1)
            c.close(got, root, atol=1e-11)
            c.require(abs(f(got)) <= 1e-9 * (1 + root * root), f"f(root) should be about 0; got f({got!r}) = {f(got)!r}.")
