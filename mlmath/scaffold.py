"""`python -m mlmath new <chapter>/<NN-topic> "<Title>"`: the files of a new section.

Creates, from templates that already follow CONTRIBUTING.md:

    chapters/<chapter>/NN-topic.md           the page: each part a section needs, and its links
    solutions/<chapter>/NN-topic.ipynb       title, setup cell, one exercise with a hint and its check
    mlmath/checks/<chapter_slug>/<topic>.py  the check of that exercise (and the package, when new)
    tests/test_wrong_answers_<topic>.py      wrong answers its checks must reject
    _toc.yml                                 the three pages, under the chapter

then executes the solution and generates the exercise notebook, so that the new
section passes `make test` before the author writes a word. Everything is
validated first: a bad name or a section that exists already changes nothing.
"""

from __future__ import annotations

import textwrap

import nbformat
import yaml

from mlmath.course import ROOT, Section, module_name, parse_section_name, sections

TOC_HEADER = """\
# Table of contents: https://jupyterbook.org/en/stable/structure/toc.html
# Each section is followed by its exercise and solution notebooks (same NN-topic stem).
# `python -m mlmath new <chapter>/<NN-topic> "<Title>"` adds a section here.
"""


class ScaffoldError(Exception):
    """The section cannot be created; nothing was changed."""


def chapter_page(section: Section, title: str) -> str:
    label = section.topic
    return f"""\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

*About 40 minutes of reading and 50 minutes of exercises.*

Where this shows up in ML engineering: one short paragraph about the situation (a training run,
a model in production, a data pipeline) in which this maths decides what happens.

```{{code-cell}} ipython3
import matplotlib.pyplot as plt
import numpy as np
from myst_nb import glue

SEED = {section.number}
rng = np.random.default_rng(SEED)
```

## The idea

Intuition first, with a figure the reader would rather look at than read.

```{{code-cell}} ipython3
---
tags: [hide-input]
mystnb:
  figure:
    caption: What the reader should notice in this figure, in one or two sentences.
    name: {label}-first-figure
  image:
    alt: What the figure shows, for a reader who cannot see it.
---
x = np.linspace(-2, 2, 101)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(x, x**2, color="black")
ax.set(xlabel="x", ylabel="x squared")
plt.show()
```

## Definitions and results

:::{{prf:definition}} The first definition
:label: {label}-def-first

State it in general form and explain every symbol the first time it appears.
:::

Every formula is followed by a cell that checks it:

```{{code-cell}} ipython3
x = rng.normal(size=5)
assert np.isclose(np.sum(x**2), x @ x)
glue("{module_label(label)}_example", float(x @ x), display=False)
```

A number the text states is computed and glued: $\\sum_i x_i^2 = $ {{glue:text}}`{module_label(label)}_example:.3f`.

## Engineering notes

Shapes, cost, float32 against float64, stability: with numbers measured in a cell.

## Summary

- What to remember, in a few bullets.

Now practise: the [exercises](../../exercises/{section.name}.ipynb) ask you to write
the functions of this section, each with a check that tells you what is wrong. The
[worked solutions](../../solutions/{section.name}.ipynb) are there for after you have tried.
"""


def module_label(label: str) -> str:
    return label.replace("-", "_")


def solution_notebook(section: Section, title: str) -> nbformat.NotebookNode:
    title_cell = (
        f"# {title}: solutions\n\n"
        f"Worked solutions for the section [{title}](../../chapters/{section.name}.md).\n"
        f"Try the [exercises](../../exercises/{section.name}.ipynb) first: each solution\n"
        "sits where your code goes, and the check under it is the same one you run."
    )
    setup = f"import numpy as np\n\nfrom {section.check_module} import (\n    check_scale,\n)"
    task = textwrap.dedent("""\
        ## Exercise 1: scale a vector

        Write `scale(x, factor)`: return `factor * x` as a new float array of the shape of `x`
        (a 1-D array, possibly empty, integers or floats). Do not change `x` in place, and do not
        use `np.multiply`.

        <details><summary>Hint</summary>

        Convert to float first; multiplying an array by a number works entry by entry.
        </details>""")
    code = textwrap.dedent('''\
        def scale(x, factor):
            """factor * x for a 1-D array x of shape (n,). Returns a float array of shape (n,)."""
            ### BEGIN SOLUTION
            return np.asarray(x, dtype=float) * factor
            ### END SOLUTION


        check_scale(scale)''')
    cells = [
        nbformat.v4.new_markdown_cell(title_cell),
        nbformat.v4.new_code_cell(setup),
        nbformat.v4.new_markdown_cell(task),
        nbformat.v4.new_code_cell(code),
    ]
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel, "language_info": {"name": "python"}})


def check_module(section: Section) -> str:
    return f'''\
"""Checks for {section.name}."""

import numpy as np

from mlmath.checking import Checker

SEED = {section.seed}


def check_scale(scale):
    rng = np.random.default_rng(SEED)
    with Checker(scale, forbid=["np.multiply"]) as c:
        c.close(c.call("x = [1., -2.], factor 3", np.array([1.0, -2.0]), 3), np.array([3.0, -6.0]))
        c.close(c.call("an empty vector", np.array([]), 2.0), np.array([]))
        c.close(c.call("integer input x = [1, 2], factor 0.5", np.array([1, 2]), 0.5), np.array([0.5, 1.0]))
        x = rng.normal(size=6)
        c.close(c.call("6 seeded random entries, factor -1e200", x, -1e200), x * -1e200)
'''


def wrong_answers_test(section: Section) -> str:
    return f'''\
"""Learner-like wrong answers to the {section.name} exercises: every check must reject each of them."""

import numpy as np
import pytest
from conftest import assert_rejects

from {section.check_module} import check_scale


def scale_in_place(x, factor):
    x *= factor  # changes the caller's array
    return x


def scale_ignores_sign(x, factor):
    return np.asarray(x, dtype=float) * abs(factor)


def scale_with_forbidden_call(x, factor):
    return np.multiply(x, factor)


# (check, wrong answer): at least three mistakes a learner makes, for every check
WRONG = [
    (check_scale, scale_in_place),
    (check_scale, scale_ignores_sign),
    (check_scale, scale_with_forbidden_call),
]


@pytest.mark.parametrize("check, wrong", WRONG, ids=[f"{{c.__name__}}-{{w.__name__}}" for c, w in WRONG])
def test_the_check_rejects_a_wrong_answer(check, wrong):
    assert_rejects(check, wrong)
'''


class _TocDumper(yaml.SafeDumper):
    """Indent lists under their key, as _toc.yml is written by hand."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def add_to_toc(section: Section, root=ROOT) -> str:
    """The text of _toc.yml with the section's three pages added under its chapter, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    chapter_index = f"chapters/{section.chapter}/index"
    entries = [entry for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    chapter = next((entry for entry in entries if entry.get("file") == chapter_index), None)
    if chapter is None:
        raise ScaffoldError(f"_toc.yml has no chapter page {chapter_index}")
    page, exercise, solution = section.docnames()
    chapter.setdefault("sections", []).append({"file": page, "sections": [{"file": exercise}, {"file": solution}]})
    chapter["sections"].sort(key=lambda entry: entry["file"])
    return TOC_HEADER + yaml.dump(toc, Dumper=_TocDumper, sort_keys=False, width=120)


def new_section(name: str, title: str, root=ROOT) -> Section:
    """Create the section's files (see the module docstring). Raises ScaffoldError, changing nothing."""
    try:
        section = parse_section_name(name, root)
    except ValueError as error:
        raise ScaffoldError(str(error)) from None
    title = title.strip()
    if not title or "\n" in title or title.endswith(": solutions"):
        raise ScaffoldError(f"'{title}': give the section a one-line title, for example \"Derivatives\"")
    if any(existing.stem[:2] == section.stem[:2] and existing.chapter == section.chapter for existing in sections(root)):
        raise ScaffoldError(f"{section.chapter} already has a section numbered {section.stem[:2]} in _toc.yml")
    wrong_answers = root / "tests" / f"test_wrong_answers_{module_name(section.topic)}.py"
    existing = [p for p in (section.page, section.solution, section.exercise, section.check_file, wrong_answers) if p.exists()]
    if existing:
        raise ScaffoldError("these files exist already: " + ", ".join(p.relative_to(root).as_posix() for p in existing))
    toc_text = add_to_toc(section, root)

    package = section.check_file.parent
    if not (package / "__init__.py").exists():
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text(f'"""Checks for the {section.chapter} chapter."""\n', encoding="utf-8")
    section.check_file.write_text(check_module(section), encoding="utf-8")
    wrong_answers.parent.mkdir(parents=True, exist_ok=True)
    wrong_answers.write_text(wrong_answers_test(section), encoding="utf-8")
    section.page.parent.mkdir(parents=True, exist_ok=True)
    section.page.write_text(chapter_page(section, title), encoding="utf-8")
    section.solution.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(solution_notebook(section, title), section.solution)
    (root / "_toc.yml").write_text(toc_text, encoding="utf-8")
    return section
