"""A small reverse-mode automatic differentiation engine: the course's reference.

Two classes do the same job at two sizes:

* `Value`, one number. Each node remembers the nodes it was computed from
  (its parents) and the local derivative d(node)/d(parent) for each of them.
  `backward()` walks the graph from the output to the inputs and applies the
  chain rule: parent.grad += local derivative * node.grad.
* `Tensor`, a NumPy array. A local derivative is now a Jacobian, too big to
  store, so each node keeps a function that turns the gradient of its output
  into the gradients of its parents (a vector-Jacobian product).

    x = Value(3.0)
    y = x * x + 2 * x      # y = x^2 + 2x
    y.backward()
    x.grad                 # 8.0 = 2x + 2

`grad(f)` and `value_and_grad(f)` wrap a function of one Tensor.
"""

from __future__ import annotations

import math

import numpy as np


def _topological_order(output):
    """Every node `output` depends on (itself included), each after all the nodes it uses.

    An iterative depth-first search, so that a long chain of operations does not
    hit Python's recursion limit.
    """
    order, seen = [], set()
    stack = [(output, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))  # comes back after all its parents
            stack.extend((parent, False) for parent in node._parents if id(parent) not in seen)
    return order


class Value:
    """A scalar that records how it was computed, for reverse-mode differentiation."""

    def __init__(self, data, _parents=(), _local=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(_parents)  # the nodes this one was computed from
        self._local = tuple(_local)  # d(self)/d(parent), one number per parent

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # -- the primitive operations: value and local derivatives -----------------

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError("Value ** Value is not supported: the exponent must be a number")
        p = float(exponent)
        return Value(self.data**p, (self,), (p * self.data ** (p - 1),))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    # -- everything else is built from the primitives --------------------------

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self * other**-1

    def __radd__(self, other):  # 2 + v
        return self + other

    def __rmul__(self, other):  # 2 * v
        return self * other

    def __rsub__(self, other):  # 1 - v
        return (-self) + other

    def __rtruediv__(self, other):  # 1 / v
        return Value(other) / self

    def backward(self):
        """Set .grad = d(self)/d(node) on every node self depends on.

        Gradients start at zero on every call; a node used twice receives the
        sum of the contributions along both paths.
        """
        order = _topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # outputs first, inputs last
            for parent, local in zip(node._parents, node._local, strict=True):
                parent.grad += local * node.grad  # the chain rule, one edge at a time


def _unbroadcast(gradient, shape):
    """Sum `gradient` back to `shape`, undoing NumPy broadcasting.

    A (3,) operand broadcast against a (4, 3) array was used in all 4 rows,
    so its gradient is the sum of the 4 rows' gradients.
    """
    while gradient.ndim > len(shape):  # axes broadcasting added in front
        gradient = gradient.sum(axis=0)
    for axis, length in enumerate(shape):  # axes of length 1 that were stretched
        if length == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient


class Tensor:
    """A float NumPy array that records how it was computed (the vectorised Value)."""

    __array_ufunc__ = None  # make `ndarray * Tensor` call Tensor.__rmul__ instead of NumPy's

    def __init__(self, data, _parents=(), _backward=None):
        self.data = np.array(data, dtype=float)  # a copy: the caller's array is never changed
        self.grad = np.zeros_like(self.data)
        self._parents = tuple(_parents)
        self._backward = _backward  # gradient of self -> tuple of gradients of the parents

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Tensor(shape={self.shape}, data={np.array2string(self.data, precision=4, threshold=6)})"

    # -- elementwise arithmetic, with broadcasting -----------------------------

    def __add__(self, other):
        other = _tensor(other)
        return Tensor(self.data + other.data, (self, other), lambda g: (_unbroadcast(g, self.shape), _unbroadcast(g, other.shape)))

    def __sub__(self, other):
        other = _tensor(other)
        return Tensor(self.data - other.data, (self, other), lambda g: (_unbroadcast(g, self.shape), _unbroadcast(-g, other.shape)))

    def __mul__(self, other):
        other = _tensor(other)
        return Tensor(
            self.data * other.data,
            (self, other),
            lambda g: (_unbroadcast(g * other.data, self.shape), _unbroadcast(g * self.data, other.shape)),
        )

    def __truediv__(self, other):
        other = _tensor(other)
        a, b = self.data, other.data
        return Tensor(a / b, (self, other), lambda g: (_unbroadcast(g / b, self.shape), _unbroadcast(-g * a / b**2, other.shape)))

    def __pow__(self, exponent):
        if isinstance(exponent, Tensor):
            raise TypeError("Tensor ** Tensor is not supported: the exponent must be a number")
        p = float(exponent)
        return Tensor(self.data**p, (self,), lambda g: (g * p * self.data ** (p - 1),))

    def __neg__(self):
        return Tensor(-self.data, (self,), lambda g: (-g,))

    def __radd__(self, other):
        return _tensor(other) + self

    def __rsub__(self, other):
        return _tensor(other) - self

    def __rmul__(self, other):
        return _tensor(other) * self

    def __rtruediv__(self, other):
        return _tensor(other) / self

    # -- the matrix product: gradients are matrix products too ------------------

    def __matmul__(self, other):
        other = _tensor(other)
        a, b = self.data, other.data
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise ValueError("@ supports vectors and matrices (1-D and 2-D arrays) only")
        a2 = a if a.ndim == 2 else a[np.newaxis, :]  # a row vector as a 1 x k matrix
        b2 = b if b.ndim == 2 else b[:, np.newaxis]  # a column vector as a k x 1 matrix

        def backward(g):
            g2 = np.reshape(g, (a2.shape[0], b2.shape[1]))
            # Y = A B  gives  dA = dY B^T  and  dB = A^T dY
            return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)

        return Tensor(a @ b, (self, other), backward)

    def __rmatmul__(self, other):
        return _tensor(other) @ self

    @property
    def T(self):
        return Tensor(self.data.T, (self,), lambda g: (g.T,))

    # -- reductions -------------------------------------------------------------

    def sum(self, axis=None):
        def backward(g):
            if axis is not None:
                g = np.expand_dims(g, axis)  # put the summed axis back, then copy along it
            return (np.broadcast_to(g, self.shape).copy(),)

        return Tensor(self.data.sum(axis=axis), (self,), backward)

    def mean(self, axis=None):
        count = self.data.size if axis is None else self.shape[axis]
        return self.sum(axis=axis) / count

    # -- elementwise functions ----------------------------------------------------

    def exp(self):
        e = np.exp(self.data)
        return Tensor(e, (self,), lambda g: (g * e,))

    def log(self):
        return Tensor(np.log(self.data), (self,), lambda g: (g / self.data,))

    def tanh(self):
        t = np.tanh(self.data)
        return Tensor(t, (self,), lambda g: (g * (1.0 - t**2),))

    def relu(self):
        return Tensor(np.maximum(self.data, 0.0), (self,), lambda g: (g * (self.data > 0),))

    def backward(self):
        """Set .grad = d(self)/d(node), of node's shape, on every node; self must hold one number."""
        if self.data.size != 1:
            raise ValueError(f"backward() needs a scalar output (one number), got shape {self.shape}")
        order = _topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            if node._backward is not None:
                for parent, gradient in zip(node._parents, node._backward(node.grad), strict=True):
                    parent.grad = parent.grad + gradient  # accumulate: a node may be used twice


def _tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def value_and_grad(f):
    """For f taking a Tensor and returning a one-number Tensor: x -> (f(x) as a float, df/dx of x's shape)."""

    def value_and_gradient(x):
        x = Tensor(x.data if isinstance(x, Tensor) else x)
        out = f(x)
        if not isinstance(out, Tensor) or out.data.size != 1:
            raise ValueError("f must return a Tensor holding one number (a scalar loss)")
        out.backward()
        return float(out.data.reshape(())), x.grad

    return value_and_gradient


def grad(f):
    """For f taking a Tensor and returning a one-number Tensor: the function x -> df/dx (x's shape)."""

    def gradient(x):
        return value_and_grad(f)(x)[1]

    return gradient
