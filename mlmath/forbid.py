"""Enforce a task's "do not use X" while a check runs the learner's function.

Two nets, because neither catches everything alone:

* Reading the code. The learner's function, the functions nested in it and the
  functions of theirs it calls by name are disassembled: the `@` operator (and
  `@=`) and a `.dot(...)` method call are found there, since an operator cannot
  be intercepted at run time.
* Replacing the functions during the call. Each forbidden function is swapped for
  a tripwire at its public name (`numpy.linalg.inv`) and under every name the
  learner bound it to (`from numpy.linalg import inv as my_inv`), then restored
  whatever happens. NumPy's own internals call their private copies, so allowed
  functions keep working.

Rules are written as the task states them: "np.linalg.inv", "np.dot", "@",
".var" for a method (any `.var(...)` in the learner's code; methods cannot be
replaced, so they are found by reading the code), and "loop" for "no Python
loop" (a for or while loop or a comprehension, found in the bytecode: a check
that times the learner's code would pass or fail with the machine's load).
"""

from __future__ import annotations

import dis
import importlib
import importlib.util
import types
from contextlib import contextmanager

#: How a rule's module prefix is spelled in a task, and the module it means.
ALIASES = {"np": "numpy", "scipy": "scipy"}
MATMUL = "@"
LOOP = "loop"  # a Python loop: for, while, or a comprehension


class RuleBroken(Exception):
    """Raised by a tripwire; carries the rule that was broken."""

    def __init__(self, rule):
        super().__init__(f"{rule} is not allowed in this exercise")
        self.rule = rule


def resolve(rule: str):
    """The (module, attribute name, object) a rule such as 'np.linalg.inv' names, or None if not installed.

    ValueError when the rule names nothing, or something other than a module's function
    (for `np.logaddexp.reduce`, forbid `np.logaddexp`: its tripwire refuses `.reduce` too).
    """
    parts = rule.split(".")
    parts[0] = ALIASES.get(parts[0], parts[0])
    module_name, attribute = ".".join(parts[:-1]), parts[-1]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        if importlib.util.find_spec(parts[0]) is not None:  # the library is there: the rule is wrong
            raise ValueError(f"forbid: {rule} does not name a module's function (forbid the function itself)") from None
        return None  # a library that is not installed cannot be used either
    if not hasattr(module, attribute):
        raise ValueError(f"forbid: {rule} does not name a function ({module_name} has no {attribute})")
    return module, attribute, getattr(module, attribute)


def is_method_rule(rule: str) -> bool:
    return rule.startswith(".") and rule[1:].isidentifier()


def validate(rules) -> tuple[str, ...]:
    """Check the rules when the Checker is made, so a typo in a check fails loudly for its author."""
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    for rule in rules:
        if rule not in (MATMUL, LOOP) and not is_method_rule(rule):
            resolve(rule)
    return rules


def _learner_functions(func):
    """The learner's function and the functions of theirs it reaches by global name."""
    seen, todo = {}, [func]
    while todo:
        current = todo.pop()
        code = getattr(current, "__code__", None)
        if code is None or id(current) in seen:
            continue
        seen[id(current)] = current
        namespace = getattr(current, "__globals__", {})
        for name in _names(code):
            candidate = namespace.get(name)
            if (
                isinstance(candidate, types.FunctionType)
                and candidate.__globals__ is namespace
                and not (candidate.__module__ or "").startswith(("mlmath", "numpy"))
            ):
                todo.append(candidate)
    return list(seen.values())


def _codes(code):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _codes(constant)


def _names(code):
    return {name for nested in _codes(code) for name in nested.co_names}


def _has_data_loop(code, exempt_codes) -> bool:
    """True when `code` loops, other than over a literal tuple or list (`for a in (X, mu)`).

    Every loop jumps back (JUMP_BACKWARD, POP_JUMP_BACKWARD_IF_TRUE, ...). A loop over a
    literal is the conversion idiom `(np.asarray(a) for a in (X, y))`, not a loop over data:
    its FOR_ITER, or the comprehension's own code object, is exempt.
    """
    if code in exempt_codes:
        return False
    instructions = list(dis.get_instructions(code))
    exempt_targets = set()
    for index, instruction in enumerate(instructions):
        if instruction.opname != "GET_ITER" or index == 0:
            continue
        before = instructions[index - 1]
        literal = before.opname in ("BUILD_TUPLE", "BUILD_LIST") or (
            before.opname == "LOAD_CONST" and isinstance(before.argval, (tuple, frozenset))
        )
        if not literal:
            continue
        following = instructions[index + 1] if index + 1 < len(instructions) else None
        if following is not None and following.opname == "FOR_ITER":
            exempt_targets.add(following.offset)
        else:  # a comprehension: its code object was loaded just before the literal was built
            loaded = [i.argval for i in instructions[:index] if i.opname == "LOAD_CONST" and isinstance(i.argval, types.CodeType)]
            if loaded:
                exempt_codes.add(loaded[-1])
    for instruction in instructions:
        if instruction.opname == "FOR_ITER" and instruction.offset not in exempt_targets:
            return True
        if "BACKWARD" in instruction.opname and instruction.argval not in exempt_targets:
            return True
    return False


def found_in_code(func, rules) -> str | None:
    """The first rule that the learner's code visibly breaks (the `@` operator, a `.dot` method, a loop)."""
    exempt_codes = set()
    for function in _learner_functions(func):
        for code in _codes(function.__code__):
            if LOOP in rules and _has_data_loop(code, exempt_codes):
                return LOOP
            for instruction in dis.get_instructions(code):
                if MATMUL in rules and instruction.opname == "BINARY_OP" and instruction.argrepr in ("@", "@="):
                    return MATMUL
                if (
                    MATMUL in rules
                    and instruction.opname in ("LOAD_ATTR", "LOAD_METHOD", "LOAD_GLOBAL", "LOAD_NAME")
                    and instruction.argval in ("matmul", "__matmul__", "__rmatmul__", "__imatmul__")
                ):
                    # operator.matmul(A, x), A.__matmul__(x): the operator by another name
                    return "np.matmul" if instruction.argval == "matmul" and "np.matmul" in rules else MATMUL
                if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD"):
                    if "np.dot" in rules and instruction.argval == "dot":
                        return "np.dot"
                    if f".{instruction.argval}" in rules:
                        return f".{instruction.argval}"
    return None


@contextmanager
def tripwires(func, rules, broken: list):
    """Replace each forbidden function by a tripwire for the duration of the block.

    A tripwire records the rule in `broken` (so a learner's `try/except` cannot hide
    it) and raises RuleBroken. Everything is restored on the way out.
    """
    saved = []  # (namespace owner, name, original), restored in reverse order

    class Tripwire:
        """Stands in for a forbidden function: calling it, or any attribute of it (a ufunc's
        `.reduce`), records the rule and raises."""

        def __init__(self, rule):
            self.rule = rule

        def _refuse(self):
            broken.append(self.rule)
            raise RuleBroken(self.rule)

        def __call__(self, *args, **kwargs):
            self._refuse()

        def __getattr__(self, name):
            self._refuse()

    tripwire = Tripwire

    learner_namespaces = {id(f.__globals__): f.__globals__ for f in _learner_functions(func)}
    try:
        for rule in rules:
            target = None if rule in (MATMUL, LOOP) or is_method_rule(rule) else resolve(rule)
            if target is None:
                continue
            module, attribute, original = target
            saved.append((module.__dict__, attribute, original))
            setattr(module, attribute, tripwire(rule))
            for namespace in learner_namespaces.values():
                for name, value in list(namespace.items()):
                    if value is original:
                        saved.append((namespace, name, value))
                        namespace[name] = tripwire(rule)
        yield
    finally:
        for namespace, name, original in reversed(saved):
            namespace[name] = original
