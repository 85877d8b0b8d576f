"""Checks for calculus/03-chain-rule-and-backprop."""

import math

import numpy as np

from mlmath.autodiff import Tensor, value_and_grad
from mlmath.checking import Checker
from mlmath.numerics import numerical_gradient

SEED = 2003

#: The reference autodiff, which the exercises that build one may not call.
NO_AUTODIFF = ["mlmath.autodiff.Value", "mlmath.autodiff.Tensor", "mlmath.autodiff.grad", "mlmath.autodiff.value_and_grad"]


def _fd_jacobian(f, x):
    """Reference Jacobian by central differences, one output at a time (about 1e-10 relative error)."""
    x = np.asarray(x, dtype=float)
    m = np.asarray(f(x)).size
    return np.stack([numerical_gradient(lambda z, i=i: float(np.asarray(f(z)).reshape(-1)[i]), x) for i in range(m)])


# -- Exercise 1 ------------------------------------------------------------------------------


def check_jacobian_fd(jacobian_fd):
    rng = np.random.default_rng(SEED)

    def curved(x):  # R^3 -> R^2
        return np.array([x[0] * x[1] ** 2, np.sin(x[2]) + x[0] ** 3])

    def curved_jacobian(x):
        return np.array([[x[1] ** 2, 2 * x[0] * x[1], 0.0], [3 * x[0] ** 2, 0.0, np.cos(x[2])]])

    with Checker(jacobian_fd, forbid=["np.gradient", "mlmath.numerics.numerical_gradient"]) as c:
        A = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
        got = c.array(
            c.call("a linear map f(x) = A x with A of shape (2, 3), x = [1., 2., 3.]", lambda x: A @ x, np.array([1.0, 2.0, 3.0])),
            (2, 3),
        )
        # Central differences of a linear map are exact up to rounding, about 1e-16 / h = 1e-11.
        c.close(got, A, atol=1e-8)

        x = np.array([0.5, -1.5, 2.0])
        # With h = 1e-3 central differences err by about h^2 / 6 * |f'''| (below 1e-6 here);
        # a forward difference errs by about h / 2 * |f''| (about 1e-3), so 1e-5 separates them.
        got = c.array(c.call("f(x) = [x1 x2^2, sin(x3) + x1^3] at x = [0.5, -1.5, 2.], h = 1e-3", curved, x, 1e-3), (2, 3))
        c.close(got, curved_jacobian(x), atol=1e-5)
        got = c.array(c.call("the same f and x with the default h", curved, x), (2, 3))
        c.close(got, curved_jacobian(x), atol=1e-7)  # h = 1e-5: error about 1e-10 + 1e-11

        got = c.array(
            c.call("integer input x = [1, 2, 3] (a step added in place to an int array is lost)", curved, np.array([1, 2, 3])),
            (2, 3),
        )
        c.close(got, curved_jacobian(np.array([1.0, 2.0, 3.0])), atol=1e-7)

        got = c.array(
            c.call(
                "a curve R^1 -> R^4, f(t) = [t, t^2, t^3, exp(t)] at t = [0.3]",
                lambda t: np.array([t[0], t[0] ** 2, t[0] ** 3, np.exp(t[0])]),
                np.array([0.3]),
            ),
            (4, 1),
        )
        c.close(got, np.array([[1.0], [0.6], [0.27], [np.exp(0.3)]]), atol=1e-7)

        got = c.array(
            c.call(
                "one output, f(x) = [sum of x^2] for x = [1., -2., 3., 4.]",
                lambda x: np.array([np.sum(x**2)]),
                np.array([1.0, -2.0, 3.0, 4.0]),
            ),
            (1, 4),
        )
        c.close(got, np.array([[2.0, -4.0, 6.0, 8.0]]), atol=1e-7)

        W = rng.normal(size=(5, 3))
        x = rng.normal(size=3)
        got = c.array(c.call("f(x) = tanh(W x), W seeded random of shape (5, 3)", lambda z: np.tanh(W @ z), x), (5, 3))
        c.close(got, (1 - np.tanh(W @ x) ** 2)[:, None] * W, atol=1e-7)


# -- Exercise 2 ------------------------------------------------------------------------------


def _tanh_layer():
    return (np.tanh, lambda z: np.diag(1 - np.tanh(z) ** 2))


def _linear_layer(A, b):
    return (lambda z: A @ z + b, lambda z: A.copy())


def _reference_chain(layers, x):
    value = np.array(x, dtype=float)
    J = np.eye(value.size)
    for f, jac in layers:
        J = jac(value) @ J
        value = f(value)
    return value, J


def _composition(layers):
    def composed(x):
        for f, _ in layers:
            x = f(x)
        return x

    return composed


def check_chain_jacobian(chain_jacobian):
    rng = np.random.default_rng(SEED)
    square = (lambda z: z**2, lambda z: np.diag(2 * z))
    sum_of_squares = (lambda z: np.array([np.sum(z**2)]), lambda z: 2 * z[np.newaxis, :])
    with Checker(chain_jacobian) as c:
        x = np.array([1.0, -2.0, 0.5])
        value, J = c.unpack(c.call("no layers at all: x = [1., -2., 0.5]", [], x), ("value", "J"))
        c.close(c.array(value, (3,), "the value"), x, what="the value")
        c.close(c.array(J, (3, 3), "the Jacobian"), np.eye(3), what="the Jacobian")

        A = np.array([[2.0, 0.0, -1.0], [1.0, 3.0, 0.0]])
        b = np.array([0.5, -0.5])
        layers = [_linear_layer(A, b)]
        value, J = c.unpack(c.call("one linear layer z -> A z + b, A of shape (2, 3)", layers, x), ("value", "J"))
        c.close(c.array(value, (2,), "the value"), A @ x + b, what="the value")
        c.close(c.array(J, (2, 3), "the Jacobian"), A, what="the Jacobian")

        layers = [square, _linear_layer(A, b)]
        value, J = c.unpack(c.call("z -> z^2 then z -> A z + b (the Jacobian of z^2 is taken at x)", layers, x), ("value", "J"))
        c.close(c.array(J, (2, 3), "the Jacobian"), A @ np.diag(2 * x), what="the Jacobian")

        value, J = c.unpack(
            c.call("z -> z^2 twice, x = [1., -2., 0.5] (the second Jacobian is taken at x^2)", [square, square], x),
            ("value", "J"),
        )
        c.close(c.array(value, (3,), "the value"), x**4, what="the value")
        c.close(c.array(J, (3, 3), "the Jacobian"), np.diag(4 * x**3), what="the Jacobian")

        layers = [_linear_layer(A, b), square]
        value, J = c.unpack(
            c.call("z -> A z + b then z -> z^2 (the Jacobian of z^2 is taken at A x + b, not at x)", layers, x), ("value", "J")
        )
        c.close(c.array(value, (2,), "the value"), (A @ x + b) ** 2, what="the value")
        c.close(c.array(J, (2, 3), "the Jacobian"), np.diag(2 * (A @ x + b)) @ A, what="the Jacobian")

        x = np.array([1, -1, 2])
        layers = [_linear_layer(A, b), _tanh_layer(), sum_of_squares]
        value, J = c.unpack(c.call("integer x = [1, -1, 2]; linear (2 x 3), tanh, then sum of squares", layers, x), ("value", "J"))
        expected_value, expected_J = _reference_chain(layers, x)
        c.close(c.array(value, (1,), "the value"), expected_value, what="the value")
        c.close(c.array(J, (1, 3), "the Jacobian"), expected_J, what="the Jacobian")

        sizes = [4, 6, 3, 5, 2]
        layers = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            layers += [_linear_layer(rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)), _tanh_layer()]
        x = rng.normal(size=4)
        value, J = c.unpack(c.call("8 seeded random layers R^4 -> R^6 -> R^3 -> R^5 -> R^2 (linear, tanh, ...)", layers, x), ("value", "J"))
        expected_value, expected_J = _reference_chain(layers, x)
        c.close(c.array(value, (2,), "the value"), expected_value, what="the value")
        c.close(c.array(J, (2, 4), "the Jacobian"), expected_J, what="the Jacobian")
        # The chain rule itself: the product of Jacobians is the Jacobian of the composition.
        # Central differences are good to about 1e-9 here, so 1e-6 is a safe margin.
        c.close(
            J,
            _fd_jacobian(_composition(layers), x),
            atol=1e-6,
            what="your Jacobian against finite differences of the whole composition",
        )


# -- Exercise 3 ------------------------------------------------------------------------------

#: op: (function of the arguments, the exact local derivatives)
PRIMITIVES = {
    "add": (lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    "sub": (lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    "mul": (lambda a, b: a * b, lambda a, b: (b, a)),
    "div": (lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2)),
    "pow": (lambda a, b: a**b, lambda a, b: (b * a ** (b - 1), a**b * math.log(a))),
    "neg": (lambda a: -a, lambda a: (-1.0,)),
    "exp": (lambda a: math.exp(a), lambda a: (math.exp(a),)),
    "log": (lambda a: math.log(a), lambda a: (1 / a,)),
    "tanh": (lambda a: math.tanh(a), lambda a: (1 / math.cosh(a) ** 2,)),
    "relu": (lambda a: max(a, 0.0), lambda a: (1.0 if a > 0 else 0.0,)),
}


def _check_primitive(c, case, op, args, numerical=False):
    value, partials = c.unpack(c.call(case, op, args), ("value", "partials"))
    function, derivatives = PRIMITIVES[op]
    floats = [float(a) for a in args]
    c.close(value, function(*floats), what="the value")
    c.require(
        isinstance(partials, (tuple, list)) and len(partials) == len(args),
        f"  Checking: the partials\nExpected a tuple with one local derivative per argument ({len(args)}), got {partials!r}.",
    )
    for index, (got, expected) in enumerate(zip(partials, derivatives(*floats), strict=True)):
        c.close(got, expected, what=f"the derivative with respect to argument {index + 1}")
    if numerical:
        estimate = numerical_gradient(lambda z: function(*z), np.array(floats))
        # central differences are good to about 1e-10 relative for these smooth functions
        c.close(np.array([float(p) for p in partials]), estimate, rtol=1e-6, what="the partials against central differences")


def check_local_derivatives(local_derivatives):
    rng = np.random.default_rng(SEED)
    with Checker(local_derivatives) as c:
        _check_primitive(c, "add of (2., -3.)", "add", (2.0, -3.0))
        _check_primitive(c, "sub of (2., -3.): a - b", "sub", (2.0, -3.0))
        _check_primitive(c, "mul of (-2., 3.5): a * b", "mul", (-2.0, 3.5))
        _check_primitive(c, "div of (-1.5, 4.): a / b", "div", (-1.5, 4.0))
        _check_primitive(c, "div of integers (1, 4)", "div", (1, 4))
        _check_primitive(c, "pow of (2.5, 1.5): a ** b", "pow", (2.5, 1.5))
        _check_primitive(c, "pow of (0.5, 3.): a ** b, log(a) < 0", "pow", (0.5, 3.0))
        _check_primitive(c, "neg of (3.,)", "neg", (3.0,))
        _check_primitive(c, "exp of (-3.,)", "exp", (-3.0,))
        _check_primitive(c, "log of (0.25,)", "log", (0.25,))
        _check_primitive(c, "tanh of (0.7,)", "tanh", (0.7,))
        _check_primitive(c, "tanh of (-2.,)", "tanh", (-2.0,))
        _check_primitive(c, "relu of (2.,)", "relu", (2.0,))
        _check_primitive(c, "relu of (-1.,)", "relu", (-1.0,))
        _check_primitive(c, "relu of (0.,): value 0, derivative 0 by convention", "relu", (0.0,))
        for op in PRIMITIVES:
            arity = 2 if op in ("add", "sub", "mul", "div", "pow") else 1
            args = tuple(float(v) for v in rng.uniform(0.3, 2.0, size=arity) * rng.choice([-1, 1], size=arity))
            if op in ("log", "pow"):
                args = (abs(args[0]),) + args[1:]
            if op == "relu":
                args = (-args[0],)  # the opposite sign from the fixed case above
            _check_primitive(c, f"{op} of seeded random {args}", op, args, numerical=True)
        c.call_raises("an unknown op 'sqrt'", ValueError, "sqrt", (4.0,))
        c.call_raises("'exp' with two arguments", ValueError, "exp", (1.0, 2.0))
        c.call_raises("'mul' with one argument", ValueError, "mul", (1.0,))


# -- Exercises 4 and 5: graphs -------------------------------------------------------------------


def _parents(graph, node):
    spec = graph[node]
    return list(spec[1:]) if isinstance(spec, tuple) else []


def _ancestors(graph, output):
    found, todo = {output}, [output]
    while todo:
        for parent in _parents(graph, todo.pop()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _random_graph(rng, size, ops=("add", "sub", "mul", "tanh", "neg", "relu", "div")):
    """A random DAG whose node ids are shuffled and inserted out of order; returns (graph, output id)."""
    ids = [int(i) for i in rng.permutation(1000)[:size]]
    specs = []
    for position in range(size):
        if position < 3:
            specs.append(float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1])))
            continue
        op = str(rng.choice(ops))
        if op == "div":  # divide by a leaf, which is never zero
            specs.append((op, ids[int(rng.integers(3, position))] if position > 3 else ids[0], ids[int(rng.integers(0, 3))]))
        elif op in ("add", "sub", "mul"):
            specs.append((op, ids[int(rng.integers(max(0, position - 4), position))], ids[int(rng.integers(0, position))]))
        else:
            specs.append((op, ids[position - 1]))
    graph = {ids[p]: spec for p, spec in enumerate(specs)}
    order = rng.permutation(size)
    return {ids[p]: graph[ids[p]] for p in order}, ids[-1]


def _check_order(c, graph, output, got):
    c.require(isinstance(got, list), f"Expected a list of node ids, got {type(got).__name__}: {got!r:.200}.")
    wanted = _ancestors(graph, output)
    c.require(len(got) == len(set(got)), "A node appears more than once in your order: list each node once.")
    missing, extra = wanted - set(got), set(got) - wanted
    c.require(not missing, f"Your order leaves out node(s) {sorted(missing)[:5]}, which the output depends on.")
    c.require(not extra, f"Your order contains node(s) {sorted(extra)[:5]}, which the output does not depend on.")
    position = {node: index for index, node in enumerate(got)}
    for node in got:
        for parent in _parents(graph, node):
            c.require(
                position[parent] < position[node],
                f"Node {node} comes before its parent {parent}: every node must come after the nodes it uses.",
            )


def check_topological_order(topological_order):
    rng = np.random.default_rng(SEED)
    with Checker(topological_order) as c:
        graph = {7: 2.0}
        c.equal(c.call("a graph of one leaf {7: 2.0}, output 7", graph, 7), [7])
        graph = {5: ("exp", 2), 2: ("mul", 9, 9), 9: 1.5}
        c.equal(c.call("node 9 used twice: {5: ('exp', 2), 2: ('mul', 9, 9), 9: 1.5}, output 5", graph, 5), [9, 2, 5])
        graph = {4: ("add", 3, 1), 3: ("mul", 1, 2), 1: 0.5, 2: -1.0, 8: ("exp", 4), 6: ("neg", 1)}
        got = c.call(
            "{4: ('add', 3, 1), 3: ('mul', 1, 2), 1: 0.5, 2: -1.0, 8: ('exp', 4), 6: ('neg', 1)}, output 4 (nodes 8 and 6 are not needed)",
            graph,
            4,
        )
        _check_order(c, graph, 4, got)
        for trial in range(3):
            graph, output = _random_graph(rng, 40)
            _check_order(c, graph, output, c.call(f"random graph {trial + 1}: 40 nodes, ids shuffled (seeded)", graph, output))
        depth = 5000
        graph = {0: 1.0, **{node: ("tanh", node - 1) for node in range(1, depth)}}
        got = c.call(f"a chain of {depth} tanh nodes (deeper than Python's recursion limit)", graph, depth - 1)
        c.require(got == list(range(depth)), f"Expected the chain in order, [0, 1, ..., {depth - 1}].")
        c.call_raises("a cycle {1: ('exp', 2), 2: ('neg', 1)}", ValueError, {1: ("exp", 2), 2: ("neg", 1)}, 1)
        c.call_raises("a self-loop {1: 2.0, 3: ('add', 1, 3)}", ValueError, {1: 2.0, 3: ("add", 1, 3)}, 3)
        c.call_raises("a parent that is not in the graph {1: ('exp', 2)}", ValueError, {1: ("exp", 2)}, 1)


def _evaluate(graph, node, cache=None):
    """The value of every node below `node`, by a plain forward pass (the check's own)."""
    cache = {} if cache is None else cache
    for current in sorted(_ancestors(graph, node), key=lambda n: len(_ancestors(graph, n))):
        spec = graph[current]
        if isinstance(spec, tuple):
            cache[current] = PRIMITIVES[spec[0]][0](*(cache[p] for p in spec[1:]))
        else:
            cache[current] = float(spec)
    return cache


def _reference_backprop(graph, output):
    values = _evaluate(graph, output)
    order = sorted(values, key=lambda n: len(_ancestors(graph, n)))
    grads = dict.fromkeys(order, 0.0)
    grads[output] = 1.0
    for node in reversed(order):
        spec = graph[node]
        if isinstance(spec, tuple):
            args = [values[p] for p in spec[1:]]
            for parent, local in zip(spec[1:], PRIMITIVES[spec[0]][1](*args), strict=True):
                grads[parent] += local * grads[node]
    return values[output], grads


def _check_backprop(c, case, graph, output, numerical=True):
    value, grads = c.unpack(c.call(case, graph, output), ("value", "grads"))
    expected_value, expected = _reference_backprop(graph, output)
    c.close(value, expected_value, what="the value of the output")
    c.require(isinstance(grads, dict), f"Expected the gradients as a dict {{node id: gradient}}, got {type(grads).__name__}.")
    c.require(
        set(grads) == set(expected),
        f"Expected gradients for exactly the nodes {sorted(expected)[:10]}, got them for {sorted(grads)[:10]}.",
    )
    scale = max(abs(g) for g in expected.values())
    for node in sorted(expected, key=lambda n: len(_ancestors(graph, n)), reverse=True):
        c.close(grads[node], expected[node], atol=1e-9 * scale, what=f"the gradient of the output with respect to node {node}")
    if numerical:
        leaves = [node for node in expected if not isinstance(graph[node], tuple)]

        def f(point):
            moved = dict(graph)
            moved.update({leaf: float(v) for leaf, v in zip(leaves, point, strict=True)})
            return _evaluate(moved, output)[output]

        estimate = numerical_gradient(f, np.array([float(graph[leaf]) for leaf in leaves]))
        # central differences: about 1e-10 relative for smooth graphs; the leaves stay away from relu's kink
        c.close(
            np.array([float(grads[leaf]) for leaf in leaves]),
            estimate,
            rtol=1e-6,
            atol=1e-6 * scale,
            what=f"the gradients of the leaves {leaves[:6]} against central differences",
        )


def check_backprop(backprop):
    rng = np.random.default_rng(SEED)
    with Checker(backprop, forbid=NO_AUTODIFF) as c:
        _check_backprop(c, "the output is a leaf: {3: 2.5}, output 3", {3: 2.5}, 3, numerical=False)
        _check_backprop(c, "x used twice: {1: -3.0, 2: ('mul', 1, 1)} (x * x, gradient 2x)", {1: -3.0, 2: ("mul", 1, 1)}, 2)
        graph = {10: ("add", 11, 12), 11: ("mul", 1, 2), 12: ("exp", 2), 1: 1.5, 2: -0.5, 99: ("log", 1)}
        _check_backprop(c, "L = x1 * x2 + exp(x2), x1 = 1.5, x2 = -0.5 (node 99 is not used)", graph, 10)
        graph = {4: ("div", 3, 2), 3: ("sub", 1, 2), 1: 2.0, 2: 4.0}
        _check_backprop(c, "L = (x1 - x2) / x2 with x1 = 2, x2 = 4 (signs and order of arguments)", graph, 4)
        graph = {1: 0.8, 2: 1.3, 3: ("pow", 1, 2), 4: ("tanh", 3), 5: ("relu", 4), 6: ("neg", 5), 7: ("log", 2), 8: ("sub", 6, 7)}
        _check_backprop(c, "L = -relu(tanh(x1 ** x2)) - log(x2), x1 = 0.8, x2 = 1.3", graph, 8)
        for trial in range(3):
            graph, output = _random_graph(rng, 30)
            _check_backprop(c, f"random graph {trial + 1}: 30 nodes, ids shuffled (seeded)", graph, output)
        depth = 3000
        graph = {0: 0.5, **{node: ("mul", node - 1, -1) for node in range(1, depth)}, -1: 1.0005}
        value, grads = c.unpack(
            c.call(f"a chain of {depth - 1} multiplications by a leaf -1 = 1.0005 (deep)", graph, depth - 1), ("value", "grads")
        )
        c.close(value, 0.5 * 1.0005 ** (depth - 1), what="the value of the output")
        c.close(grads[0], 1.0005 ** (depth - 1), what="the gradient with respect to node 0")
        c.close(grads[-1], (depth - 1) * 0.5 * 1.0005 ** (depth - 2), what="the gradient with respect to the leaf -1")


# -- Exercise 6 ------------------------------------------------------------------------------


def _check_linear(c, case, X, W, b, dY):
    dX, dW, db = c.unpack(c.call(case, X, W, b, dY), ("dX", "dW", "db"))
    n, d_in = X.shape
    d_out = W.shape[1]
    c.array(dX, (n, d_in), "dX")
    c.array(dW, (d_in, d_out), "dW")
    c.array(db, (d_out,), "db")
    X, W, b, dY = (np.asarray(a, dtype=float) for a in (X, W, b, dY))
    c.close(dX, dY @ W.T, what="dX")
    c.close(dW, X.T @ dY, what="dW")
    c.close(db, dY.sum(axis=0), what="db")
    if 0 < n <= 10:  # central differences cost one forward pass per entry: small cases only
        # L = sum(dY * Y) has gradient dY with respect to Y; central differences of this
        # linear function are exact up to rounding (about 1e-10 here).
        for name, got, point, f in [
            ("dX", dX, X, lambda z: np.sum(dY * (z @ W + b))),
            ("dW", dW, W, lambda z: np.sum(dY * (X @ z + b))),
            ("db", db, b, lambda z: np.sum(dY * (X @ W + z))),
        ]:
            c.close(
                got,
                numerical_gradient(f, point),
                rtol=1e-6,
                atol=1e-6 * max(1.0, float(np.abs(got).max())),
                what=f"{name} against central differences of L = sum(dY * Y)",
            )


def check_linear_backward(linear_backward):
    rng = np.random.default_rng(SEED)
    with Checker(linear_backward, forbid=NO_AUTODIFF) as c:
        X = np.array([[1.0, 2.0]])
        W = np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -3.0]])
        _check_linear(
            c,
            "one example X = [[1., 2.]], W of shape (2, 3), dY = [[1., -2., 0.5]]",
            X,
            W,
            np.array([0.1, 0.2, 0.3]),
            np.array([[1.0, -2.0, 0.5]]),
        )
        _check_linear(
            c,
            "integer inputs, X of shape (2, 2), W of shape (2, 3)",
            np.array([[1, 0], [-2, 3]]),
            np.array([[1, 2, 3], [4, 5, 6]]),
            np.array([0, 0, 1]),
            np.array([[1, 1, 1], [0, -1, 2]]),
        )
        _check_linear(
            c,
            "seeded random: X (5, 3), W (3, 4), b (4,), dY (5, 4)",
            rng.normal(size=(5, 3)),
            rng.normal(size=(3, 4)),
            rng.normal(size=4),
            rng.normal(size=(5, 4)),
        )
        _check_linear(
            c,
            "seeded random with one output: X (6, 4), W (4, 1), b (1,), dY (6, 1)",
            rng.normal(size=(6, 4)),
            rng.normal(size=(4, 1)),
            rng.normal(size=1),
            rng.normal(size=(6, 1)),
        )
        _check_linear(
            c,
            "an empty batch: X (0, 3), W (3, 2), dY (0, 2) (db and dW are zeros)",
            np.zeros((0, 3)),
            rng.normal(size=(3, 2)),
            rng.normal(size=2),
            np.zeros((0, 2)),
        )
        _check_linear(
            c,
            "a batch of 2000: X (2000, 16), W (16, 8) (huge and tiny scales)",
            rng.normal(size=(2000, 16)) * 1e6,
            rng.normal(size=(16, 8)) * 1e-6,
            rng.normal(size=8),
            rng.normal(size=(2000, 8)),
        )


# -- Exercise 7 ------------------------------------------------------------------------------


def _mlp_reference(X, Y, W1, b1, W2, b2):
    names = ("W1", "b1", "W2", "b2")
    params = dict(zip(names, (W1, b1, W2, b2), strict=True))
    grads = {}
    for name in names:

        def loss(t, name=name):
            p = {k: (t if k == name else Tensor(v)) for k, v in params.items()}
            H = (Tensor(X) @ p["W1"] + p["b1"]).tanh()
            return ((H @ p["W2"] + p["b2"] - Y) ** 2).mean()

        value, grads[name] = value_and_grad(loss)(params[name])
    return value, grads


def _mlp_numpy_loss(X, Y, W1, b1, W2, b2):
    return float(np.mean((np.tanh(X @ W1 + b1) @ W2 + b2 - Y) ** 2))


def _check_mlp(c, case, X, Y, W1, b1, W2, b2):
    got = c.call(case, X, Y, W1, b1, W2, b2)
    loss, dW1, db1, dW2, db2 = c.unpack(got, ("loss", "dW1", "db1", "dW2", "db2"))
    arrays = [np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2)]
    value, expected = _mlp_reference(*arrays)
    c.close(loss, value, what="the loss")
    params = dict(zip(("W1", "b1", "W2", "b2"), arrays[2:], strict=True))
    for name, gradient in zip(("W1", "b1", "W2", "b2"), (dW1, db1, dW2, db2), strict=True):
        c.array(gradient, params[name].shape, f"d{name}")
        c.close(gradient, expected[name], what=f"d{name}")

    for position, (name, gradient) in enumerate(zip(("W1", "b1", "W2", "b2"), (dW1, db1, dW2, db2), strict=True)):

        def f(z, position=position):
            moved = list(arrays)
            moved[2 + position] = z
            return _mlp_numpy_loss(*moved)

        # central differences of this smooth loss are good to about 1e-9 relative
        c.close(
            gradient,
            numerical_gradient(f, params[name]),
            rtol=1e-6,
            atol=1e-6 * max(1e-3, float(np.abs(expected[name]).max())),
            what=f"d{name} against central differences",
        )


def check_mlp_loss_and_grads(mlp_loss_and_grads):
    rng = np.random.default_rng(SEED)
    with Checker(mlp_loss_and_grads, forbid=NO_AUTODIFF) as c:
        _check_mlp(
            c,
            "one example, X = [[1., -2.]], 3 hidden units, one output",
            np.array([[1.0, -2.0]]),
            np.array([[0.5]]),
            np.array([[0.1, -0.3, 0.2], [0.4, 0.0, -0.5]]),
            np.array([0.0, 0.1, -0.1]),
            np.array([[1.0], [-2.0], [0.5]]),
            np.array([0.3]),
        )
        n, d, h, k = 7, 3, 5, 2
        _check_mlp(
            c,
            f"seeded random: X ({n}, {d}), W1 ({d}, {h}), W2 ({h}, {k}), Y ({n}, {k})",
            rng.normal(size=(n, d)),
            rng.normal(size=(n, k)),
            rng.normal(size=(d, h)),
            rng.normal(size=h),
            rng.normal(size=(h, k)),
            rng.normal(size=k),
        )
        n, d, h, k = 10, 4, 6, 3
        _check_mlp(
            c,
            f"seeded random with large weights (tanh saturates): X ({n}, {d}), W1 ({d}, {h}) times 5, W2 ({h}, {k})",
            rng.normal(size=(n, d)),
            rng.normal(size=(n, k)),
            5 * rng.normal(size=(d, h)),
            rng.normal(size=h),
            rng.normal(size=(h, k)),
            rng.normal(size=k),
        )
        _check_mlp(
            c,
            "integer inputs X (2, 2), Y (2, 1), W1 (2, 3), W2 (3, 1)",
            np.array([[1, 0], [0, -1]]),
            np.array([[1], [0]]),
            np.array([[1, 0, -1], [0, 1, 1]]),
            np.array([0, 0, 1]),
            np.array([[1], [-1], [0]]),
            np.array([0]),
        )
