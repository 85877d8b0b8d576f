"""The reference autodiff (mlmath.autodiff) against central differences."""

import math

import numpy as np
import pytest

from mlmath.autodiff import Tensor, Value, grad, value_and_grad
from mlmath.numerics import numerical_gradient

SEED = 3003
RTOL, ATOL = 1e-6, 1e-8  # central differences are good to about 1e-10 relative here


# -- Value: each operation's derivative at a few points --------------------------

VALUE_CASES = {
    "a + b": lambda a, b: a + b,
    "a - b": lambda a, b: a - b,
    "a * b": lambda a, b: a * b,
    "a / b": lambda a, b: a / b,
    "a ** 3": lambda a, b: a**3,
    "b ** -1.5": lambda a, b: b**-1.5,
    "-a * b": lambda a, b: -a * b,
    "2 * a + b * 3": lambda a, b: 2 * a + b * 3,
    "1 - a / b": lambda a, b: 1 - a / b,
    "2 / b + 1 + a": lambda a, b: 2 / b + 1 + a,
    "exp(a) * log(b)": lambda a, b: a.exp() * b.log(),
    "tanh(a * b)": lambda a, b: (a * b).tanh(),
    "relu(a) - relu(-b)": lambda a, b: a.relu() - (-b).relu(),
    "a used twice: a * a + a": lambda a, b: a * a + a,
    "shared subexpression": lambda a, b: (lambda c: c * c.exp() + c)(a * b - 1),
}


def plain(f):
    """The same formula on floats, for numerical_gradient."""

    class Num(float):
        def exp(self):
            return Num(math.exp(self))

        def log(self):
            return Num(math.log(self))

        def tanh(self):
            return Num(math.tanh(self))

        def relu(self):
            return Num(max(float(self), 0.0))

    ops = (
        "__add__",
        "__radd__",
        "__sub__",
        "__rsub__",
        "__mul__",
        "__rmul__",
        "__truediv__",
        "__rtruediv__",
        "__pow__",
        "__neg__",
    )
    for op in ops:
        setattr(Num, op, (lambda name: lambda self, *o: Num(getattr(float, name)(float(self), *o)))(op))
    return lambda x: float(f(Num(x[0]), Num(x[1])))


@pytest.mark.parametrize("name", VALUE_CASES)
def test_value_gradients_match_finite_differences(name):
    f = VALUE_CASES[name]
    rng = np.random.default_rng(SEED)
    for _ in range(4):
        point = np.array([rng.uniform(-2, 2), rng.uniform(0.5, 2)])  # b > 0 for log and powers
        if abs(point[0]) < 0.05:  # stay away from relu's kink
            point[0] = 0.5
        a, b = Value(point[0]), Value(point[1])
        out = f(a, b)
        out.backward()
        expected = numerical_gradient(plain(f), point)
        assert out.data == pytest.approx(plain(f)(point))
        np.testing.assert_allclose([a.grad, b.grad], expected, rtol=RTOL, atol=ATOL, err_msg=name)


def test_value_backward_twice_gives_the_same_gradients():
    x = Value(1.5)
    y = x * x * x
    y.backward()
    y.backward()
    assert x.grad == pytest.approx(3 * 1.5**2)


def test_value_long_chain_has_no_recursion_limit():
    x = Value(0.3)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000)


def test_value_relu_and_pow_of_value_exponent():
    assert Value(-2.0).relu().data == 0.0
    with pytest.raises(TypeError):
        Value(2.0) ** Value(3.0)


# -- Tensor: each operation, on non-square, non-symmetric inputs ------------------


def tensor_cases(rng):
    A = rng.normal(size=(3, 4))
    B = rng.normal(size=(4, 2))
    row = rng.normal(size=4)
    col = rng.normal(size=(3, 1))
    P = rng.uniform(0.5, 2.0, size=(3, 4))  # positive, for log, division and powers
    W = rng.normal(size=(4, 5))
    return {
        # name: (function of a Tensor, point, function of an ndarray)
        "x + broadcast row": (lambda x: ((x + row) ** 2).sum(), A, lambda x: ((x + row) ** 2).sum()),
        "row (x) + matrix": (lambda x: ((x + A) ** 2).sum(), row, lambda x: ((x + A) ** 2).sum()),
        "column (x) - matrix": (lambda x: ((x - A) * A).sum(), col, lambda x: ((x - A) * A).sum()),
        "matrix * column (x)": (lambda x: (A * x).tanh().sum(), col, lambda x: np.tanh(A * x).sum()),
        "x / positive matrix": (lambda x: (x / P).sum() + (P / x).mean(), P[0] + 1, lambda x: (x / P).sum() + (P / x).mean()),
        "x ** 3 and ** -0.5": (lambda x: (x**3).sum() + (x**-0.5).sum(), P, lambda x: (x**3).sum() + (x**-0.5).sum()),
        "reflected: 2 * x, 1 - x, 3 / x, row * x": (
            lambda x: (2 * x + (1 - x) ** 2 + 3 / x + row * x).sum(),
            P,
            lambda x: (2 * x + (1 - x) ** 2 + 3 / x + row * x).sum(),
        ),
        "ndarray on the left: A - x, A * x": (lambda x: (A - x * A).mean(), P, lambda x: (A - x * A).mean()),
        "x @ B (x is 3 x 4)": (lambda x: ((x @ B) ** 2).sum(), A, lambda x: ((x @ B) ** 2).sum()),
        "A @ x (x is 4 x 2)": (lambda x: ((A @ x).tanh()).sum(), B, lambda x: np.tanh(A @ x).sum()),
        "x @ vector": (lambda x: ((x @ row) ** 2).sum(), A, lambda x: ((x @ row) ** 2).sum()),
        "vector (x) @ matrix": (lambda x: ((x @ W) ** 2).sum(), row, lambda x: ((x @ W) ** 2).sum()),
        "vector (x) @ vector": (lambda x: (x @ row) ** 2, row[::-1].copy(), lambda x: (x @ row) ** 2),
        "x.T @ x": (lambda x: ((x.T @ x) * W[:, :4]).sum(), A, lambda x: ((x.T @ x) * W[:, :4]).sum()),
        "exp, log, relu": (
            lambda x: (x.exp() + x.log() + (x - 1).relu()).sum(),
            P,
            lambda x: (np.exp(x) + np.log(x) + np.maximum(x - 1, 0)).sum(),
        ),
        "sum(axis=0) and mean(axis=1)": (
            lambda x: (x.sum(axis=0) ** 2).sum() + (x.mean(axis=1) ** 3).sum(),
            A,
            lambda x: (x.sum(axis=0) ** 2).sum() + (x.mean(axis=1) ** 3).sum(),
        ),
        "x used twice": (lambda x: (x * x.exp() + x).mean(), A, lambda x: (x * np.exp(x) + x).mean()),
        "negation": (lambda x: (-x * A).sum(), A.T.copy().T, lambda x: (-x * A).sum()),
        "two-layer network, loss in W1": (
            lambda x: ((((A @ x).tanh() @ W[:4, :3]) - P[:, :3]) ** 2).mean(),
            rng.normal(size=(4, 4)),
            lambda x: (((np.tanh(A @ x) @ W[:4, :3]) - P[:, :3]) ** 2).mean(),
        ),
    }


@pytest.mark.parametrize("name", list(tensor_cases(np.random.default_rng(SEED))))
def test_tensor_gradients_match_finite_differences(name):
    f, point, f_numpy = tensor_cases(np.random.default_rng(SEED))[name]
    value, gradient = value_and_grad(f)(point)
    assert isinstance(value, float)
    assert value == pytest.approx(f_numpy(point))
    assert gradient.shape == np.shape(point)
    np.testing.assert_allclose(gradient, numerical_gradient(f_numpy, point), rtol=RTOL, atol=ATOL, err_msg=name)


def test_grad_returns_the_gradient_and_leaves_the_input_alone():
    x = np.arange(6).reshape(2, 3)  # integer input
    before = x.copy()
    g = grad(lambda t: (t * t).sum())(x)
    np.testing.assert_array_equal(g, 2.0 * x)
    assert g.dtype == float
    np.testing.assert_array_equal(x, before)


def test_tensor_broadcasting_gradients_are_summed_back_to_shape():
    X = Tensor(np.ones((5, 3)))
    b = Tensor([1.0, 2.0, 3.0])
    c = Tensor([[2.0]])
    ((X + b) * c).sum().backward()
    np.testing.assert_array_equal(b.grad, [10.0, 10.0, 10.0])  # each entry used in 5 rows, times c = 2
    np.testing.assert_array_equal(c.grad, [[5 * (2 + 3 + 4)]])
    assert X.grad.shape == (5, 3)


def test_tensor_backward_needs_a_scalar():
    with pytest.raises(ValueError):
        (Tensor(np.ones(3)) * 2).backward()
    with pytest.raises(ValueError):
        grad(lambda t: t * 2)(np.ones(3))


def test_tensor_backward_twice_gives_the_same_gradients():
    w = Tensor([1.0, -2.0])
    loss = (w * w).sum()
    loss.backward()
    loss.backward()
    np.testing.assert_array_equal(w.grad, [2.0, -4.0])


def test_a_function_that_ignores_its_input_has_zero_gradient():
    np.testing.assert_array_equal(grad(lambda t: Tensor(3.0))(np.ones((2, 2))), np.zeros((2, 2)))
