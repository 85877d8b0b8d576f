"""The course model: which sections exist and which files make each one.

`_toc.yml` is the one list of sections. Every tool and test asks this module,
so they all agree on the paths:

    chapters/<chapter>/NN-topic.md            the section to read
    exercises/<chapter>/NN-topic.ipynb        generated from the solution
    solutions/<chapter>/NN-topic.ipynb        the source of truth for the exercises
    mlmath/checks/<chapter_slug>/<topic>.py   its checks (module mlmath.checks.<chapter_slug>.<topic>)

where <chapter_slug> is the chapter with '-' turned into '_' (`linear-algebra` ->
`linear_algebra`) and <topic> is the stem without its number, likewise
(`06-determinants-and-change-of-basis` -> `determinants_and_change_of_basis`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOC = ROOT / "_toc.yml"
CHAPTERS = ("linear-algebra", "calculus", "probability", "applications")

#: A section's stem: two digits, a dash, lowercase words joined by dashes.
STEM = re.compile(r"^(?P<number>\d\d)-(?P<topic>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")
#: A section page in the table of contents.
SECTION_PAGE = re.compile(r"^chapters/(?P<chapter>[a-z-]+)/(?P<stem>\d\d-[a-z0-9-]+)$")
#: The page's time estimate, the line right under its title.
TIME_LINE = re.compile(r"^\*About (?P<reading>\d+) minutes of reading and (?P<exercises>\d+) minutes of exercises\.\*$", re.MULTILINE)
#: How many exercise functions a section has.
MIN_EXERCISES = 6
MAX_EXERCISES = 8


def module_name(text: str) -> str:
    """`linear-algebra` -> `linear_algebra`: the Python spelling of a chapter or topic."""
    return text.replace("-", "_")


@dataclass(frozen=True)
class Section:
    """One section: a chapter page, an exercise notebook, a solution notebook and a check module."""

    chapter: str  # linear-algebra
    stem: str  # 01-vectors
    root: Path = ROOT

    @property
    def number(self) -> int:
        return int(self.stem[:2])

    @property
    def topic(self) -> str:
        """`01-vectors` -> `vectors`."""
        return self.stem[3:]

    @property
    def name(self) -> str:
        """`linear-algebra/01-vectors`: how messages and commands name a section."""
        return f"{self.chapter}/{self.stem}"

    @property
    def page(self) -> Path:
        return self.root / "chapters" / self.chapter / f"{self.stem}.md"

    @property
    def exercise(self) -> Path:
        return self.root / "exercises" / self.chapter / f"{self.stem}.ipynb"

    @property
    def solution(self) -> Path:
        return self.root / "solutions" / self.chapter / f"{self.stem}.ipynb"

    @property
    def check_module(self) -> str:
        """The dotted name the solution imports its checks from."""
        return f"mlmath.checks.{module_name(self.chapter)}.{module_name(self.topic)}"

    @property
    def check_file(self) -> Path:
        return self.root / "mlmath" / "checks" / module_name(self.chapter) / f"{module_name(self.topic)}.py"

    @property
    def seed(self) -> int:
        """A seed for a new section's checks, unique in the course: 2001 for calculus/01-..."""
        return (CHAPTERS.index(self.chapter) + 1) * 1000 + self.number

    @cached_property
    def minutes(self) -> tuple[int, int]:
        """(reading, exercises): the page's own estimate, in minutes; (0, 0) if it states none."""
        match = TIME_LINE.search(self.page.read_text(encoding="utf-8"))
        return (int(match["reading"]), int(match["exercises"])) if match else (0, 0)

    def docnames(self) -> tuple[str, str, str]:
        """The three pages' names in _toc.yml: chapter, exercises, solutions."""
        return (f"chapters/{self.name}", f"exercises/{self.name}", f"solutions/{self.name}")


def repository_url(root: Path = ROOT) -> str:
    """The repository the book's buttons point at, from _config.yml (CI may build with another)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/")


def parse_section_name(text: str, root: Path = ROOT) -> Section:
    """`calculus/01-derivatives` -> Section; ValueError saying what is wrong otherwise."""
    parts = text.strip().strip("/").removesuffix(".md").split("/")
    if parts and parts[0] in ("chapters", "exercises", "solutions"):
        parts = parts[1:]
    if len(parts) != 2:
        raise ValueError(f"'{text}': name a section as <chapter>/<NN-topic>, for example calculus/01-derivatives")
    chapter, stem = parts
    if chapter not in CHAPTERS:
        raise ValueError(f"'{chapter}' is not a chapter; the chapters are {', '.join(CHAPTERS)}")
    stem = stem.removesuffix(".ipynb")
    if not STEM.match(stem):
        raise ValueError(f"'{stem}': a section stem is two digits, a dash and lowercase words joined by dashes (01-derivatives)")
    return Section(chapter, stem, root)


def _docname(entry: str) -> str:
    return re.sub(r"\.(md|ipynb)$", "", entry.strip("/"))


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every page in _toc.yml, in reading order, as docnames (no extension)."""
    data = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [_docname(data["root"])]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(_docname(entry["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    for key in ("parts", "chapters", "sections"):
        walk(data.get(key))
    return list(dict.fromkeys(pages))


def sections(root: Path = ROOT) -> list[Section]:
    """Every section in the table of contents, in reading order."""
    found = []
    for page in toc_pages(root):
        match = SECTION_PAGE.match(page)
        if match:
            found.append(Section(match["chapter"], match["stem"], root))
    return found


def section_of(path: Path, root: Path = ROOT) -> Section | None:
    """The section a chapter page, exercise, solution or learner's copy belongs to (by its stem)."""
    path = Path(path)
    for section in sections(root):
        if path.stem == section.stem and path.parent.name == section.chapter:
            return section
    return None
