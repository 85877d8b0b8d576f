"""Learner-like wrong answers to the chain-rule and backprop exercises: every check must reject each of them."""

import math

import numpy as np
import pytest
from conftest import assert_rejects

from mlmath.autodiff import Tensor, Value, value_and_grad
from mlmath.checks.calculus import chain_rule_and_backprop as checks
from mlmath.numerics import numerical_gradient

# -- jacobian_fd ---------------------------------------------------------------------------


def jacobian_transposed(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    rows = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        rows.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(rows)  # (n, m): one row per input


def jacobian_forward(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    fx = f(x)
    J = np.empty((fx.size, x.size))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        J[:, j] = (f(x + e) - fx) / h
    return J


def jacobian_int_copy(f, x, h=1e-5):
    x = np.array(x)  # an integer x stays integer: the step is rounded away
    J = np.empty((np.asarray(f(x)).size, x.size))
    for j in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        J[:, j] = (f(xp) - f(xm)) / (2 * h)
    return J


def jacobian_missing_half(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    J = np.empty((np.asarray(f(x)).size, x.size))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / h
    return J


def jacobian_numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    m = np.asarray(f(x)).size
    return np.stack([numerical_gradient(lambda z, i=i: f(z)[i], x) for i in range(m)])


def jacobian_np_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    J = np.empty((np.asarray(f(x)).size, x.size))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        J[:, j] = np.gradient(np.stack([f(x - e), f(x), f(x + e)]), h, axis=0)[1]
    return J


# -- chain_jacobian ------------------------------------------------------------------------


def chain_at_x(layers, x):
    x = np.array(x, dtype=float)
    value, J = x, np.eye(x.size)
    for f, jac in layers:
        J = jac(x) @ J if jac(x).shape[1] == J.shape[0] else jac(value) @ J  # Jacobians taken at x where they fit
        value = f(value)
    return value, J


def chain_wrong_order(layers, x):
    value = np.array(x, dtype=float)
    J = None
    for f, jac in layers:
        J = jac(value) if J is None else J.T @ jac(value).T
        value = f(value)
    return value, (np.eye(value.size) if J is None else J.T)


def chain_no_identity(layers, x):
    value = np.array(x, dtype=float)
    J = np.ones((value.size, value.size))
    for f, jac in layers:
        J = jac(value) @ J if J is not None else jac(value)
        value = f(value)
    return value, J


def chain_jacobian_after_value(layers, x):
    value = np.array(x, dtype=float)
    J = np.eye(value.size)
    for f, jac in layers:
        value = f(value)
        try:
            J = jac(value) @ J  # the Jacobian at the layer's output, not its input
        except ValueError:
            J = np.zeros((value.size, J.shape[1]))
    return value, J


# -- local_derivatives ---------------------------------------------------------------------

RULES = {
    "add": lambda a, b: (a + b, (1.0, 1.0)),
    "sub": lambda a, b: (a - b, (1.0, -1.0)),
    "mul": lambda a, b: (a * b, (b, a)),
    "div": lambda a, b: (a / b, (1 / b, -a / b**2)),
    "pow": lambda a, b: (a**b, (b * a ** (b - 1), a**b * math.log(a))),
    "neg": lambda a: (-a, (-1.0,)),
    "exp": lambda a: (math.exp(a), (math.exp(a),)),
    "log": lambda a: (math.log(a), (1 / a,)),
    "tanh": lambda a: (math.tanh(a), (1 - math.tanh(a) ** 2,)),
    "relu": lambda a: (max(a, 0.0), (1.0 if a > 0 else 0.0,)),
}


def local_with(**changes):
    rules = {**RULES, **changes}

    def local_derivatives(op, args):
        if op not in rules or len(args) != rules[op].__code__.co_argcount:
            raise ValueError(op)
        return rules[op](*(float(a) for a in args))

    return local_derivatives


local_mul_swapped = local_with(mul=lambda a, b: (a * b, (a, b)))
local_sub_sign = local_with(sub=lambda a, b: (a - b, (1.0, 1.0)))
local_div_sign = local_with(div=lambda a, b: (a / b, (1 / b, a / b**2)))
local_pow_no_log = local_with(pow=lambda a, b: (a**b, (b * a ** (b - 1), 0.0)))
local_relu_at_zero = local_with(relu=lambda a: (max(a, 0.0), (1.0 if a >= 0 else 0.0,)))
local_tanh_derivative = local_with(tanh=lambda a: (math.tanh(a), (1 - math.tanh(a),)))


def local_no_errors(op, args):
    if op not in RULES:
        return 0.0, ()
    return RULES[op](*args[: RULES[op].__code__.co_argcount])


# -- topological_order ---------------------------------------------------------------------


def parents_of(graph, node):
    spec = graph[node]
    return list(spec[1:]) if isinstance(spec, tuple) else []


def topo_recursive(graph, output):
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        if node not in graph:
            raise ValueError(node)
        seen.add(node)
        for parent in parents_of(graph, node):
            visit(parent)
        order.append(node)

    visit(output)
    return order  # no cycle detection, and the recursion limit on deep chains


def topo_dict_order(graph, output):
    needed, todo = {output}, [output]
    while todo:
        for parent in parents_of(graph, todo.pop()):
            if parent not in graph:
                raise ValueError(parent)
            if parent in needed:
                continue
            needed.add(parent)
            todo.append(parent)
    return [node for node in graph if node in needed]  # the dict's order is not a topological order


def topo_reversed(graph, output):
    order, state, stack = [], {}, [(output, False)]
    while stack:
        node, done = stack.pop()
        if done:
            state[node] = "done"
            order.append(node)
            continue
        if state.get(node) == "done":
            continue
        if state.get(node) == "open" or node not in graph:
            raise ValueError(node)
        state[node] = "open"
        stack.append((node, True))
        stack.extend((p, False) for p in parents_of(graph, node))
    return order[::-1]  # output first


def topo_all_nodes(graph, output):
    indegree_order, placed = [], set()
    while len(placed) < len(graph):
        ready = [n for n in graph if n not in placed and all(p in placed for p in parents_of(graph, n))]
        if not ready:
            raise ValueError("cycle")
        indegree_order += ready
        placed.update(ready)
    return indegree_order  # every node, needed or not


def topo_bfs_duplicates(graph, output):
    order, frontier = [], [output]
    while frontier:
        node = frontier.pop(0)
        if node not in graph:
            raise ValueError(node)
        if len(order) > 10 * len(graph):
            raise ValueError("cycle")
        order.append(node)
        frontier += parents_of(graph, node)
    return order[::-1]  # a node reached twice is listed twice


# -- backprop ------------------------------------------------------------------------------


def _forward(graph, output, order):
    values, local = {}, {}
    for node in order:
        spec = graph[node]
        if isinstance(spec, tuple):
            values[node], local[node] = RULES[spec[0]](*(values[p] for p in spec[1:]))
        else:
            values[node] = float(spec)
    return values, local


def _order(graph, output):
    order, state, stack = [], {}, [(output, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif node not in state:
            state[node] = 1
            stack.append((node, True))
            stack.extend((p, False) for p in parents_of(graph, node))
    return order


def backprop_overwrites(graph, output):
    order = _order(graph, output)
    values, local = _forward(graph, output, order)
    grads = dict.fromkeys(order, 0.0)
    grads[output] = 1.0
    for node in reversed(order):
        if isinstance(graph[node], tuple):
            for parent, d in zip(graph[node][1:], local[node], strict=True):
                grads[parent] = d * grads[node]  # = instead of +=
    return values[output], grads


def backprop_forward_order(graph, output):
    order = _order(graph, output)
    values, local = _forward(graph, output, order)
    grads = dict.fromkeys(order, 0.0)
    grads[output] = 1.0
    for node in order:  # parents before children: gradients arrive too late
        if isinstance(graph[node], tuple):
            for parent, d in zip(graph[node][1:], local[node], strict=True):
                grads[parent] += d * grads[node]
    return values[output], grads


def backprop_leaves_only(graph, output):
    order = _order(graph, output)
    values, local = _forward(graph, output, order)
    grads = dict.fromkeys(order, 0.0)
    grads[output] = 1.0
    for node in reversed(order):
        if isinstance(graph[node], tuple):
            for parent, d in zip(graph[node][1:], local[node], strict=True):
                grads[parent] += d * grads[node]
    return values[output], {n: g for n, g in grads.items() if not isinstance(graph[n], tuple)}


def _apply_value(op, a):
    if op in ("exp", "log", "tanh", "relu"):
        return getattr(a[0], op)()
    if op == "neg":
        return -a[0]
    if op == "pow":
        return a[0] ** a[1].data
    return {"add": a[0] + a[1], "sub": a[0] - a[1], "mul": a[0] * a[1], "div": a[0] / a[1]}[op]


def backprop_with_value(graph, output):
    order = _order(graph, output)
    values = {}
    for node in order:  # the forbidden shortcut: the course's own Value class
        spec = graph[node]
        if isinstance(spec, tuple):
            values[node] = _apply_value(spec[0], [values[p] for p in spec[1:]])
        else:
            values[node] = Value(spec)
    values[output].backward()
    return values[output].data, {n: v.grad for n, v in values.items()}


# -- linear_backward -----------------------------------------------------------------------


def linear_no_transpose(X, W, b, dY):
    X, W, dY = (np.asarray(a, dtype=float) for a in (X, W, dY))
    return dY @ np.linalg.pinv(W), X.T @ dY, dY.sum(axis=0)


def linear_db_mean(X, W, b, dY):
    X, W, dY = (np.asarray(a, dtype=float) for a in (X, W, dY))
    return dY @ W.T, X.T @ dY, dY.mean(axis=0)


def linear_db_wrong_axis(X, W, b, dY):
    X, W, dY = (np.asarray(a, dtype=float) for a in (X, W, dY))
    return dY @ W.T, X.T @ dY, dY.sum(axis=1)[: W.shape[1]] if dY.shape[0] >= W.shape[1] else dY.sum(axis=0) * 0


def linear_dW_transposed(X, W, b, dY):
    X, W, dY = (np.asarray(a, dtype=float) for a in (X, W, dY))
    return dY @ W.T, (dY.T @ X).T.copy() if W.shape[0] == W.shape[1] else (X.T @ dY) * 0.999, dY.sum(axis=0)


def linear_ints(X, W, b, dY):
    return dY @ W.T, X.T @ dY, dY.sum(axis=0)  # integer arrays stay integer


def linear_with_tensor(X, W, b, dY):
    Xt, Wt, bt = Tensor(X), Tensor(W), Tensor(b)
    (((Xt @ Wt) + bt) * np.asarray(dY, dtype=float)).sum().backward()
    return Xt.grad, Wt.grad, bt.grad


# -- mlp_loss_and_grads --------------------------------------------------------------------


def _mlp(X, Y, W1, b1, W2, b2, tanh_grad=lambda H: 1 - H**2, scale=None, sum_db=True):
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    H = np.tanh(X @ W1 + b1)
    P = H @ W2 + b2
    loss = float(np.mean((P - Y) ** 2))
    dP = 2 * (P - Y) / (P.size if scale is None else scale(P))
    dZ = (dP @ W2.T) * tanh_grad(H)
    db = (lambda d: d.sum(axis=0)) if sum_db else (lambda d: d.mean(axis=0))
    return loss, X.T @ dZ, db(dZ), H.T @ dP, db(dP)


def mlp_mean_over_rows_only(*args):
    return _mlp(*args, scale=lambda P: P.shape[0])


def mlp_tanh_derivative_of_preactivation(*args):
    return _mlp(*args, tanh_grad=lambda H: 1 - np.tanh(H) ** 2)


def mlp_no_tanh_derivative(*args):
    return _mlp(*args, tanh_grad=lambda H: np.ones_like(H))


def mlp_bias_mean(*args):
    return _mlp(*args, sum_db=False)


def mlp_with_autodiff(X, Y, W1, b1, W2, b2):
    def loss(w1):
        return (((Tensor(X) @ w1 + b1).tanh() @ W2 + b2 - Y) ** 2).mean()

    value, dW1 = value_and_grad(loss)(W1)
    return (value, *(_mlp(X, Y, W1, b1, W2, b2)[2:]))[:1] + (dW1,) + _mlp(X, Y, W1, b1, W2, b2)[2:]


WRONG = [
    ("check_jacobian_fd", jacobian_transposed),
    ("check_jacobian_fd", jacobian_forward),
    ("check_jacobian_fd", jacobian_int_copy),
    ("check_jacobian_fd", jacobian_missing_half),
    ("check_jacobian_fd", jacobian_numerical_gradient),
    ("check_jacobian_fd", jacobian_np_gradient),
    ("check_chain_jacobian", chain_at_x),
    ("check_chain_jacobian", chain_wrong_order),
    ("check_chain_jacobian", chain_no_identity),
    ("check_chain_jacobian", chain_jacobian_after_value),
    ("check_local_derivatives", local_mul_swapped),
    ("check_local_derivatives", local_sub_sign),
    ("check_local_derivatives", local_div_sign),
    ("check_local_derivatives", local_pow_no_log),
    ("check_local_derivatives", local_relu_at_zero),
    ("check_local_derivatives", local_tanh_derivative),
    ("check_local_derivatives", local_no_errors),
    ("check_topological_order", topo_recursive),
    ("check_topological_order", topo_dict_order),
    ("check_topological_order", topo_reversed),
    ("check_topological_order", topo_all_nodes),
    ("check_topological_order", topo_bfs_duplicates),
    ("check_backprop", backprop_overwrites),
    ("check_backprop", backprop_forward_order),
    ("check_backprop", backprop_leaves_only),
    ("check_backprop", backprop_with_value),
    ("check_linear_backward", linear_no_transpose),
    ("check_linear_backward", linear_db_mean),
    ("check_linear_backward", linear_db_wrong_axis),
    ("check_linear_backward", linear_dW_transposed),
    ("check_linear_backward", linear_ints),
    ("check_linear_backward", linear_with_tensor),
    ("check_mlp_loss_and_grads", mlp_mean_over_rows_only),
    ("check_mlp_loss_and_grads", mlp_tanh_derivative_of_preactivation),
    ("check_mlp_loss_and_grads", mlp_no_tanh_derivative),
    ("check_mlp_loss_and_grads", mlp_bias_mean),
    ("check_mlp_loss_and_grads", mlp_with_autodiff),
]


@pytest.mark.parametrize(("check", "wrong"), WRONG, ids=[f"{check}-{wrong.__name__}" for check, wrong in WRONG])
def test_check_rejects_wrong_answer(check, wrong):
    assert_rejects(getattr(checks, check), wrong)


def test_every_check_has_at_least_three_wrong_answers():
    names = [name for name in dir(checks) if name.startswith("check_")]
    counts = {name: sum(check == name for check, _ in WRONG) for name in names}
    assert all(count >= 3 for count in counts.values()), counts
