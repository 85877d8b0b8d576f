"""The course model and the section scaffold."""

import contextlib
import io
import shutil

import nbformat
import pytest

from mlmath.checking import NotImplementedYet
from mlmath.course import ROOT, Section, parse_section_name, sections, toc_pages
from mlmath.exercises import make_exercise
from mlmath.notebooks import find_notebooks
from mlmath.scaffold import ScaffoldError, new_section


def test_every_section_in_the_toc_has_its_four_files():
    assert sections(), "no sections in _toc.yml"
    for section in sections():
        for path in (section.page, section.solution, section.exercise, section.check_file):
            assert path.exists(), f"{section.name}: {path.relative_to(ROOT)} is missing"
        assert (section.check_file.parent / "__init__.py").exists(), f"{section.check_file.parent} is not a package"


def test_every_solution_notebook_is_a_section_in_the_toc():
    listed = {section.solution for section in sections()}
    assert set(find_notebooks(ROOT / "solutions")) == listed


def test_every_solution_imports_its_own_check_module():
    for section in sections():
        setup = nbformat.read(section.solution, as_version=4).cells[1].source
        assert f"from {section.check_module} import" in setup, f"{section.name}: the setup cell imports other checks"


def test_check_module_seeds_are_unique():
    seeds = {}
    for section in sections():
        text = section.check_file.read_text(encoding="utf-8")
        seed = next((line for line in text.splitlines() if line.startswith("SEED = ")), None)
        assert seed, f"{section.check_file.relative_to(ROOT)} defines no SEED"
        assert seed not in seeds, f"{section.name} and {seeds.get(seed)} share {seed}"
        seeds[seed] = section.name


@pytest.mark.parametrize(
    "name, message",
    [
        ("calculus", "name a section as <chapter>/<NN-topic>"),
        ("statistics/01-mean", "'statistics' is not a chapter"),
        ("calculus/1-limits", "two digits, a dash"),
        ("calculus/01-Limits", "two digits, a dash"),
        ("calculus/01_limits", "two digits, a dash"),
    ],
)
def test_a_bad_section_name_says_what_is_wrong(name, message):
    with pytest.raises(ValueError, match=message):
        parse_section_name(name)


def test_section_paths_follow_one_rule():
    section = Section("linear-algebra", "06-determinants-and-change-of-basis")
    assert section.check_module == "mlmath.checks.linear_algebra.determinants_and_change_of_basis"
    assert section.exercise == ROOT / "exercises/linear-algebra/06-determinants-and-change-of-basis.ipynb"
    assert section.docnames()[2] == "solutions/linear-algebra/06-determinants-and-change-of-basis"


@pytest.fixture
def course_copy(tmp_path):
    """The files the scaffold reads and writes, copied into a scratch course."""
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    for chapter in ("linear-algebra", "calculus", "probability", "applications"):
        (tmp_path / "chapters" / chapter).mkdir(parents=True)
    (tmp_path / "mlmath" / "checks").mkdir(parents=True)
    return tmp_path


def snapshot(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_scaffold_creates_a_section_whose_check_passes_and_whose_stub_fails(course_copy):
    section = new_section("applications/08-counting", "Counting", root=course_copy)
    assert "applications/08-counting" in [s.name for s in sections(course_copy)]
    assert {
        "chapters/applications/08-counting",
        "exercises/applications/08-counting",
        "solutions/applications/08-counting",
    } <= set(toc_pages(course_copy))
    assert (course_copy / "mlmath/checks/applications/__init__.py").exists()
    assert section.page.read_text().startswith("---\njupytext:")
    assert section.minutes == (40, 50)
    wrong_answers = (course_copy / "tests/test_wrong_answers_counting.py").read_text()
    assert "from mlmath.checks.applications.counting import check_scale" in wrong_answers

    checks = {}
    exec(section.check_file.read_text(), checks)
    solution = nbformat.read(section.solution, as_version=4)
    exercise = make_exercise(solution, "solutions/applications/08-counting.ipynb")
    for notebook, expect in ((solution, "passes"), (exercise, "not implemented")):
        namespace = dict(checks)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            try:
                for cell in notebook.cells:
                    if cell.cell_type == "code" and "def " in cell.source:  # the exercises, not the setup
                        exec(cell.source, namespace)
            except NotImplementedYet as stub:
                output.write(str(stub))
        assert expect in output.getvalue()


@pytest.mark.parametrize(
    "name, title, message",
    [
        ("applications/09-limits", "Limits", None),  # fine the first time; then it exists
        ("calculus/1-limits", "Limits", "two digits"),
        ("calculus/02-limits", "", "one-line title"),
    ],
)
def test_scaffold_refuses_and_changes_nothing(course_copy, name, title, message):
    if message is None:
        new_section(name, title, root=course_copy)
        message = "already has a section numbered 09"
    before = snapshot(course_copy)
    with pytest.raises(ScaffoldError, match=message):
        new_section(name, title, root=course_copy)
    assert snapshot(course_copy) == before
