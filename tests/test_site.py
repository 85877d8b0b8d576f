"""Tests of the built site and of the links between its three kinds of page, without a browser.

- the site is self-contained: no script, style or font is fetched from another host;
- every notebook page offers its .ipynb (and a chapter section its .md) for download and
  launch buttons for Binder and Colab that open that file in this repository;
- every chapter section links to its exercise and solution notebooks and both link back,
  in the sources and in the built pages;
- the execution report lists every executed chapter notebook with its run time and status;
- the repository is ready for a BinderHub.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import nbformat
import pytest
import tinycss2
import yaml
from book_site import (
    BOOK_HTML,
    ROOT,
    exercise_of,
    html_file,
    require_site,
    sections,
    solution_of,
    toc_pages,
)
from bs4 import BeautifulSoup

PAGES = toc_pages()
SECTIONS = sections()
NOTEBOOK_PAGES = [page for section in SECTIONS for page in (section, exercise_of(section), solution_of(section))]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))

# The brief's grep, plus <link> tags of any kind (preload, icon, stylesheet) and CSS url()s.
EXTERNAL_IN_HTML = re.compile(r'src="https?://|href="https?://[^"]*\.(css|js)')
EXTERNAL_LINK_TAG = re.compile(r'<link\b[^>]*\bhref="(https?:)?//', re.IGNORECASE)
EXTERNAL_IN_CSS = re.compile(r'url\(\s*["\']?(https?:)?//|@import\s+["\']?(https?:)?//', re.IGNORECASE)


def soup(docname: str) -> BeautifulSoup:
    path = html_file(docname)
    if not path.exists():
        pytest.fail(f"{docname} is in _toc.yml but {path.relative_to(BOOK_HTML)} was not built")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def source_file(docname: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{docname}{suffix}").exists():
            return ROOT / f"{docname}{suffix}"
    pytest.fail(f"{docname} is in _toc.yml but neither {docname}.md nor {docname}.ipynb exists")


# --- the site is self-contained -------------------------------------------------------------


@pytest.mark.parametrize("docname", PAGES)
def test_toc_page_is_built(docname):
    require_site()
    assert html_file(docname).exists(), f"{docname} is in _toc.yml but was not built into {BOOK_HTML}"


def test_no_script_style_or_font_from_another_host():
    site = require_site()
    found = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for line_number, line in enumerate(text.splitlines(), start=1):
            if EXTERNAL_IN_HTML.search(line) or EXTERNAL_LINK_TAG.search(line):
                found.append(f"{path.relative_to(site)}:{line_number}: {line.strip()[:160]}")
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL_IN_CSS.finditer(text):
            found.append(f"{path.relative_to(site)}: {text[match.start() : match.start() + 120]}")
    assert not found, "the site loads resources from other hosts:\n" + "\n".join(found[:30])


def test_math_is_rendered_when_the_book_builds():
    """No math engine on any page: formulas arrive as HTML (drawn by KaTeX's stylesheet and fonts,
    served by the site) with a MathML copy; KaTeX's rules are in the site's one stylesheet."""
    site = require_site()
    katex = site / "_static" / "katex"
    assert (katex / "katex.min.css").is_file() and (katex / "LICENSE").is_file(), "KaTeX's stylesheet is not in the site"
    fonts = re.findall(r"url\(([^)]+)\)", (katex / "katex.min.css").read_text(encoding="utf-8"))
    assert fonts and all((katex / font).is_file() for font in fonts), "a font the stylesheet names is missing"
    with_math = without_math = 0
    for docname in PAGES:
        page = soup(docname)
        scripts = " ".join(tag.get("src", "") + tag.get_text() for tag in page.find_all("script"))
        assert "mathjax" not in scripts.lower() and "katex" not in scripts.lower(), f"{docname}: a math engine is loaded"
        has_math = bool(page.select(".math"))
        for formula in page.select(".math"):
            assert formula.select_one(".katex-mathml math") and formula.select_one(".katex-html"), f"{docname}: {formula.get_text()[:80]}"
        with_math += has_math
        without_math += not has_math
    assert with_math and without_math, (with_math, without_math)
    assert "_static/katex/katex.min.css" in bundle_assets._previous_sources(site / "_static" / "site.css")
    assert ".katex .mfrac" in (site / "_static" / "site.css").read_text(encoding="utf-8"), "KaTeX's rules were purged from site.css"


@pytest.mark.parametrize("docname", PAGES)
def test_no_dollar_sign_is_left_around_a_formula(docname):
    """A `$$...$$` inside a paragraph is display math (myst_dmath_double_inline, which Jupyter Book
    1 reads only from `sphinx: config:`); parsed as inline math it left a "$" on each side."""
    require_site()
    text = html_file(docname).read_text(encoding="utf-8")
    stray = re.findall(r'.{0,60}\$<span class="math|</math></span>.{0,200}?</span>\$', text)
    assert not stray, f"{docname}: a formula with a literal $ beside it: {[re.sub(r'<[^>]*>', '', s)[:80] for s in stray[:3]]}"
    prose = soup(docname).select_one("article")
    for code in prose.select("pre, code, .katex, script, style") if prose else []:
        code.decompose()
    assert "$$" not in (prose.get_text() if prose else ""), f"{docname}: an unrendered $$ in the text"
    blocks_in_paragraphs = re.findall(r"<p>(?:(?!</p>).)*?<div class=\"math", text, re.DOTALL)
    assert not blocks_in_paragraphs, f"{docname}: a display formula <div> inside a <p> (the browser splits the paragraph)"


def _build_one_page(folder: Path, text: str) -> subprocess.CompletedProcess:
    """Build a one-page Sphinx project with the book's math extension, strictly (-W)."""
    (folder / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\nextensions = ['static_math']\n"
        "html_math_renderer = 'static_math'\nmath_macros = {'R': r'\\mathbb{R}'}\n",
        encoding="utf-8",
    )
    (folder / "index.rst").write_text(f"Title\n=====\n\n{text}\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(folder), str(folder / "out")]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_formulas_and_macros_render_when_the_book_builds(tmp_path):
    built = _build_one_page(tmp_path, ".. math:: \\R^n \\ni x\n   :label: first\n\nSee :eq:`first` and :math:`\\R`.")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="katex"') == 2 and 'class="katex-display"' in page and "<math" in page
    assert 'class="eqno">(1)' in page and "mathbb" in page
    assert (tmp_path / "out" / "_static" / "katex" / "katex.min.css").is_file()


def test_a_formula_that_does_not_parse_fails_the_strict_build(tmp_path):
    built = _build_one_page(tmp_path, "Good :math:`x^2`, bad :math:`\\undefinedmacro{x}`.")
    assert built.returncode != 0
    assert "could not render the formula" in built.stderr and "undefinedmacro" in built.stderr, built.stderr


@pytest.mark.parametrize("docname", PAGES)
def test_page_has_a_description_and_a_favicon(docname):
    """Search results and link previews show the description; without an icon link the browser
    asks for /favicon.ico and logs a 404 on every page."""
    require_site()
    page = soup(docname)
    description = page.find("meta", attrs={"name": "description"})
    assert description and len(description.get("content", "")) >= 40, f"{docname}: no meta description"
    assert not description["content"].startswith("About "), f"{docname}: the time estimate is not a description"
    icon = page.find("link", rel="icon")
    assert icon and (html_file(docname).parent / icon["href"]).resolve().is_file(), f"{docname}: no favicon"


# --- download and launch buttons ------------------------------------------------------------


def _repository():
    url = (os.environ.get("REPOSITORY_URL") or CONFIG["repository"]["url"]).rstrip("/")  # as the Makefile builds
    org, repo = urlparse(url).path.strip("/").split("/")[:2]
    return org, repo, CONFIG["repository"].get("branch", "main")


@pytest.mark.parametrize("docname", NOTEBOOK_PAGES)
def test_download_and_launch_buttons(docname):
    require_site()
    page = soup(docname)
    source = source_file(docname)
    org, repo, branch = _repository()
    hrefs = [a.get("href", "") for a in page.select(".article-header-buttons a")]

    downloads = [h for h in hrefs if "_sources/" in h]
    wanted = [".ipynb"] + ([".md"] if source.suffix == ".md" else [])
    for suffix in wanted:
        matching = [h for h in downloads if h.endswith(f"{docname}{suffix}")]
        assert matching, f"{docname}: no download button for the {suffix} file (found {downloads})"
        target = (html_file(docname).parent / unquote(matching[0])).resolve()
        assert target.is_file(), f"{docname}: the {suffix} download points at {target}, which was not built"

    repo_path = source.relative_to(ROOT).as_posix()
    binder = f"https://mybinder.org/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{repo_path}"
    colab = f"https://colab.research.google.com/github/{org}/{repo}/blob/{branch}/{repo_path}"
    assert binder in hrefs, f"{docname}: no Binder launch button for {repo_path} (links: {hrefs})"
    if source.suffix == ".ipynb":  # Colab cannot open MyST Markdown; custom.css hides it there
        assert colab in hrefs, f"{docname}: no Colab launch button for {repo_path} (links: {hrefs})"


# --- links between the chapter section, its exercises and its solutions --------------------

MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<([^>`]+)>|([^`<>]+))`")


def _targets(markdown: str, where: Path) -> set[Path]:
    """Repository files that a piece of MyST Markdown links to (fragments dropped)."""
    found = set()
    for match in MARKDOWN_LINK.finditer(markdown):
        found.add(match.group(1))
    for match in DOC_ROLE.finditer(markdown):
        found.add(match.group(1) or match.group(2))
    resolved = set()
    for target in found:
        target = unquote(target.split("#")[0])
        if not target or re.match(r"^[a-z]+:", target):
            continue
        path = (where.parent / target).resolve()
        resolved.add(path)
        if not path.suffix:  # {doc} targets have no extension
            resolved |= {path.with_suffix(".md"), path.with_suffix(".ipynb")}
    return resolved


def _missing(links: set[Path], wanted: dict[str, Path]) -> list[str]:
    return [f"{name} ({path.relative_to(ROOT).as_posix()})" for name, path in wanted.items() if path not in links]


@pytest.mark.parametrize("section", SECTIONS)
def test_section_has_exercise_and_solution(section):
    pages = set(PAGES)
    for docname in (exercise_of(section), solution_of(section)):
        assert (ROOT / f"{docname}.ipynb").exists(), f"{section}: {docname}.ipynb does not exist"
        assert docname in pages, f"{section}: {docname} is not in _toc.yml"


@pytest.mark.parametrize("section", SECTIONS)
def test_chapter_links_to_exercise_and_solution(section):
    chapter = source_file(section)
    links = _targets(chapter.read_text(encoding="utf-8"), chapter)
    missing = _missing(
        links, {"the exercises": ROOT / f"{exercise_of(section)}.ipynb", "the solutions": ROOT / f"{solution_of(section)}.ipynb"}
    )
    assert not missing, f"{chapter.relative_to(ROOT)} has no link to " + " or ".join(missing)


@pytest.mark.parametrize("section", SECTIONS)
def test_exercise_first_cell_links_to_chapter_and_solution(section):
    path = ROOT / f"{exercise_of(section)}.ipynb"
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} does not exist")
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown", f"{path.relative_to(ROOT)}: the first cell is not markdown"
    links = _targets(first.source, path)
    missing = _missing(links, {"the chapter section": source_file(section), "the solutions": ROOT / f"{solution_of(section)}.ipynb"})
    assert not missing, f"{path.relative_to(ROOT)}: the first cell has no link to " + " or ".join(missing)


@pytest.mark.parametrize("section", SECTIONS)
def test_solution_links_to_chapter_and_exercise(section):
    path = ROOT / f"{solution_of(section)}.ipynb"
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} does not exist")
    cells = nbformat.read(path, as_version=4).cells
    links = set().union(*(_targets(cell.source, path) for cell in cells if cell.cell_type == "markdown"))
    missing = _missing(links, {"the chapter section": source_file(section), "the exercises": ROOT / f"{exercise_of(section)}.ipynb"})
    assert not missing, f"{path.relative_to(ROOT)} has no link to " + " or ".join(missing)


@pytest.mark.parametrize("section", SECTIONS)
def test_built_pages_link_to_each_other(section):
    """The same links, as the reader meets them: in each built page's content (not its sidebar)."""
    require_site()
    trio = {"chapter section": section, "exercises": exercise_of(section), "solutions": solution_of(section)}
    problems = []
    for kind, docname in trio.items():
        article = soup(docname).select_one("article")
        assert article is not None, f"{docname}: no <article> in the built page"
        base = f"http://site/{docname}.html"
        linked = set()
        for anchor in article.find_all("a", href=True):
            url = urlparse(urljoin(base, anchor["href"]))
            if url.netloc == "site":
                linked.add(unquote(url.path).lstrip("/"))
        for other_kind, other in trio.items():
            if other != docname and f"{other}.html" not in linked:
                problems.append(f"the {kind} page ({docname}.html) does not link to the {other_kind} ({other}.html)")
    assert not problems, "\n".join(problems)


# --- execution report --------------------------------------------------------------------------


def test_execution_report_lists_every_executed_notebook():
    require_site()
    assert "reports" in PAGES, "reports.md is not in _toc.yml (add `- file: reports` to a part's chapters)"
    rows = {}
    for row in soup("reports").select("article table tbody tr"):
        cells = row.find_all("td")
        link = cells[0].find("a", href=True) if cells else None
        if link is not None:
            docname = unquote(urlparse(urljoin("http://site/reports.html", link["href"])).path).lstrip("/")
            rows[docname.removesuffix(".html")] = [cell.get_text(strip=True) for cell in cells]
    executed = [
        page for page in PAGES if source_file(page).suffix == ".md" and "code-cell" in source_file(page).read_text(encoding="utf-8")
    ]
    missing = [page for page in executed if page not in rows]
    assert not missing, f"the execution report has no row for {missing} (rows: {sorted(rows)})"
    for docname, (_, _, method, run_time, status) in rows.items():
        assert status == "✅", f"the execution report says {docname} failed: {rows[docname]}"
        assert float(run_time) >= 0 and method, rows[docname]


# --- ready for a BinderHub -----------------------------------------------------------------------


def test_binder_environment():
    """repo2docker reads only .binder/ when it exists: it must install the pinned requirements."""
    requirements = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    requirements = [line for line in requirements if line and not line.startswith("#")]
    assert requirements[-1] == "-e .", "requirements.txt must end with `-e .` (installs the mlmath checks)"
    binder = ROOT / ".binder"
    assert "-r ../requirements.txt" in (binder / "requirements.txt").read_text().splitlines()
    version = re.fullmatch(r"python-3\.(\d+)", (binder / "runtime.txt").read_text().strip())
    assert version and int(version.group(1)) >= 11, "Binder needs Python 3.11+ (.binder/runtime.txt)"
    for script in ("postBuild", "start"):
        assert (binder / script).stat().st_mode & 0o111, f".binder/{script} must be executable"


# --- light pages (issue 9; the budgets in README's development section) -------------------------

FIGURE_BUDGET = 150_000  # bytes, any one figure
SOURCE_MAP = re.compile(r"(?://|/\*)# sourceMappingURL=([^\s*]+)")


@pytest.mark.parametrize("docname", PAGES)
def test_no_render_blocking_or_unneeded_scripts(docname):
    """No script in <head> holds up the first paint (each is deferred, async or inline), the
    search index loads only on the search page, and the icon-font script on none."""
    require_site()
    page = soup(docname)
    blocking = [tag["src"] for tag in page.head.find_all("script", src=True) if not (tag.has_attr("defer") or tag.has_attr("async"))]
    assert not blocking, f"{docname}: render-blocking scripts in <head>: {blocking}"
    sources = [tag["src"] for tag in page.find_all("script", src=True)]
    search = [src for src in sources if re.search(r"(searchindex|searchtools|language_data)\.js", src)]
    assert not search, f"{docname}: the search index is loaded on a page that is not the search page: {search}"
    assert not [src for src in sources if "fontawesome" in src], f"{docname}: loads fontawesome.js"
    assert not page.select("i[class*='fa-'], span.fa-solid, span.fa-brands"), f"{docname}: an icon is left for fontawesome.js"


def test_search_page_loads_the_index():
    require_site()
    sources = [tag["src"] for tag in soup("search").find_all("script", src=True)]
    assert any("searchindex.js" in src for src in sources), sources


def test_no_source_map_points_at_a_missing_file():
    """Browsers and Lighthouse report a sourceMappingURL whose map the site does not ship."""
    site = require_site()
    missing = []
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        for target in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
            if target.startswith(("data:", "http")) or '"' in target or "\\n" in target:
                continue  # an inline map, or the text of a map inside a map
            if not (path.parent / target.split("?")[0]).is_file():
                missing.append(f"{path.relative_to(site)} -> {target}")
    assert not missing, "source maps that are not shipped:\n" + "\n".join(missing)


def test_no_figure_over_the_budget():
    site = require_site()
    figures = [path for path in (site / "_images").glob("*") if path.is_file()]
    heavy = [f"{p.relative_to(site)}: {p.stat().st_size / 1e3:.0f} kB" for p in figures if p.stat().st_size > FIGURE_BUDGET]
    assert not heavy, f"figures over {FIGURE_BUDGET / 1e3:.0f} kB (save them smaller: fewer dpi, or SVG for line art):\n" + "\n".join(heavy)


# --- one stylesheet and one script per page (_ext/bundle_assets.py) --------------------------

sys.path.insert(0, str(ROOT / "_ext"))
import bundle_assets  # noqa: E402  (the build's own extension, tested on its own below)


@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_one_stylesheet_and_one_script(docname):
    require_site()
    page = soup(docname)
    sheets = [tag["href"] for tag in page.find_all("link", rel="stylesheet")]
    assert len(sheets) == 1 and re.search(r"_static/site\.css\?v=\w+$", sheets[0]), f"{docname}: stylesheets {sheets}"
    scripts = [tag for tag in page.find_all("script", src=True) if not tag.has_attr("async")]
    assert [tag["src"].split("?")[0].rsplit("/", 1)[-1] for tag in scripts] == ["site.js"], f"{docname}: scripts {scripts}"
    assert scripts[0].has_attr("defer"), f"{docname}: site.js is not deferred"
    assert not page.find_all("link", rel="preload"), f"{docname}: preloads a file the page no longer loads"


def test_bundles_hold_every_file_and_every_url_resolves():
    site = require_site()
    for bundle in ("site.css", "site.js"):
        sources = bundle_assets._previous_sources(site / "_static" / bundle)
        assert sources, f"_static/{bundle} does not say which files it holds"
        missing = [name for name in sources if not (site / name).is_file()]
        assert not missing, f"_static/{bundle} names files the site does not have: {missing}"
    style = (site / "_static" / "site.css").read_text(encoding="utf-8")
    targets = {match[2].split("?")[0].split("#")[0] for match in bundle_assets.URL.finditer(style)}
    broken = sorted(t for t in targets if not t.startswith("data:") and not (site / "_static" / t).is_file())
    assert not broken, f"site.css points at files that are not in _static/: {broken}"
    assert "@import" not in style, "site.css still imports another file (one more round trip)"


def test_purged_css_keeps_every_rule_a_page_can_match():
    """Every rule of the theme's and extensions' stylesheets whose classes and ids all occur in
    a page's markup is still in site.css (the purge may only drop rules nothing can match)."""
    site = require_site()
    used = set()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for classes in re.findall(r'\bclass="([^"]*)"', text):
            used.update(classes.split())
        used.update(re.findall(r'\bid="([^"]*)"', text))
    sources = bundle_assets._previous_sources(site / "_static" / "site.css")
    original = "\n".join(bundle_assets._css_text(site, name, set()) for name in sources)

    def selectors(css):
        found = set()
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "qualified-rule":
                found.update(" ".join(s.split()) for s in bundle_assets._split_selectors(rule.prelude))
            elif rule.type == "at-rule" and rule.content is not None:
                found |= selectors(tinycss2.serialize(rule.content))
        return found

    kept = selectors((site / "_static" / "site.css").read_text(encoding="utf-8"))
    needed = {s for s in selectors(original) if all(name in used for name in bundle_assets.selector_names(s))}
    dropped = sorted(needed - kept)
    assert not dropped, f"{len(dropped)} rules that match markup on the site were purged, e.g. {dropped[:5]}"
    assert len(kept) < 0.6 * len(selectors(original)), "the purge dropped almost nothing: is every rule kept?"


def test_merge_keeps_each_pages_order():
    pages = [["a", "b", "d"], ["a", "c", "d"], ["b", "e"], ["c", "e", "f"]]
    merged = bundle_assets._merge(pages)
    assert sorted(merged) == ["a", "b", "c", "d", "e", "f"], merged
    for files in pages:
        assert [merged.index(name) for name in files] == sorted(merged.index(name) for name in files), (files, merged)


def test_plain_code_spans_are_unwrapped_and_coloured_ones_kept():
    css = (
        'html[data-theme="light"] .highlight { background: #fff; color: #080808 }\n'
        'html[data-theme="dark"] .highlight { background: #222; color: #F8F8F2 }\n'
        'html[data-theme="light"] .highlight .n { color: #080808 }\n'
        'html[data-theme="dark"] .highlight .n { color: #F8F8F2 }\n'
        'html[data-theme="light"] .highlight .k { color: #7928A1; font-weight: bold }\n'
        'html[data-theme="dark"] .highlight .k { color: #DCC6E0 }\n'
        'html[data-theme="light"] .highlight .p { color: #080808 }\n'
    )
    plain = bundle_assets._plain_token_classes(css)
    assert plain == {"n"}, plain  # .k has its own colour, .p is plain only in light mode
    page = (
        '<p><span class="n">prose</span></p>'
        '<div class="highlight"><pre><span></span><span class="k">def</span> <span class="n">f</span><span class="p">(</span></pre></div>'
    )
    assert bundle_assets._unwrap_plain_spans(page, plain) == (
        '<p><span class="n">prose</span></p>'
        '<div class="highlight"><pre><span></span><span class="k">def</span> f<span class="p">(</span></pre></div>'
    )
