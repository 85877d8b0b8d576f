"""Every check can fail: on the generated stubs (the negative control) and on wrong answers."""

import contextlib
import functools
import io
import os

import numpy as np
from conftest import read
from IPython.core.inputtransformer2 import TransformerManager

from mlmath.checking import CheckFailure, NotImplementedYet
from mlmath.notebooks import CHECK_CALL, run_copy


def test_negative_control_every_check_fails_on_the_stubs(exercise_path):
    """Run the generated exercise as a learner would before writing anything."""
    outcomes = {}
    for cell in run_copy(exercise_path).cells:
        for check, _ in CHECK_CALL.findall(cell.source):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            passed = [o for o in cell.outputs if o.output_type == "stream" and "\u2714" in o.text]
            outcomes[check] = (errors[0].ename, errors[0].evalue) if errors else ("no error", str(passed))
    assert outcomes, "no check calls found"
    wrong = {
        check: outcome
        for check, outcome in outcomes.items()
        if outcome[0] != "NotImplementedYet" or "not implemented yet" not in outcome[1]
    }
    assert not wrong, f"checks that did not report 'not implemented yet' on the stubs: {wrong}"


def perturb(value):
    """A slightly wrong version of a correct answer, of the same type and shape."""
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, np.ndarray):
        kind = value.dtype.kind
        return ~value if kind == "b" else value + 1 if kind in "iu" else value * 1.001 + 1e-3 if kind in "fc" else value
    if isinstance(value, (int, np.integer)):
        return value + 1
    if isinstance(value, (float, np.floating, complex)):
        return value * 1.001 + 1e-3
    if isinstance(value, str):
        return value + "?"  # a label with a typo is a wrong label
    if isinstance(value, (tuple, list)):
        return type(value)(perturb(item) for item in value)
    if isinstance(value, dict):
        return {key: perturb(item) for key, item in value.items()}
    return value


def mutant(func):
    @functools.wraps(func)
    def slightly_wrong(*args, **kwargs):
        return perturb(func(*args, **kwargs))

    return slightly_wrong


def solution_namespace(path):
    """Run a solution notebook's code in this process and return its globals."""
    namespace = {"__name__": "__solution__"}
    transform = TransformerManager().transform_cell
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in read(path).cells:
                if cell.cell_type == "code":
                    exec(compile(transform(cell.source), str(path), "exec"), namespace)
    finally:
        os.chdir(cwd)
    return namespace


def test_every_check_fails_on_a_slightly_wrong_answer(solution_path):
    """Each check must reject the solution's own answers perturbed by about 0.1%."""
    namespace = solution_namespace(solution_path)
    calls = [call for cell in read(solution_path).cells for call in CHECK_CALL.findall(cell.source)]
    assert calls
    wrongly_judged = []
    for check, name in calls:
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                namespace[check](mutant(namespace[name]))
            except NotImplementedYet:
                wrongly_judged.append(f"{check} called a wrong answer 'not implemented'")
            except CheckFailure:
                pass
            else:
                wrongly_judged.append(f"{check} accepted a wrong answer")
    assert not wrongly_judged
