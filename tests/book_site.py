"""The built book as the site and browser tests see it: its pages, sections and location.

Pages come from _toc.yml, so a section added there is tested without editing any test.
The built site is read from $BOOK_HTML (default: _build/html in the repository), which
`make test` builds before it runs pytest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlmath import course
from mlmath.course import ROOT

BOOK_HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html").resolve()
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"  # CI: a missing site or browser fails


def toc_pages() -> list[str]:
    """Every page in the table of contents, in reading order, as docnames (no extension)."""
    return course.toc_pages()


def sections() -> list[str]:
    """The chapter sections in the table of contents: chapters/<chapter>/NN-topic."""
    return [section.docnames()[0] for section in course.sections()]


def exercise_of(section: str) -> str:
    return section.replace("chapters/", "exercises/", 1)


def solution_of(section: str) -> str:
    return section.replace("chapters/", "solutions/", 1)


def html_file(docname: str) -> Path:
    return BOOK_HTML / f"{docname}.html"


def require_site() -> Path:
    """The built site, or a skip (a failure with REQUIRE_BROWSER=1) saying how to build it."""
    if not (BOOK_HTML / "index.html").exists():
        message = f"no built book at {BOOK_HTML}: run `make book` (or set BOOK_HTML to a built site)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return BOOK_HTML
