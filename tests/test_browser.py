"""The built book in a real browser: Debian's Chromium driven by Playwright.

Every page in _toc.yml is loaded once from a local server (one browser, one page reused) and
checked: HTTP 200, no console error, no failed request, no request to any other host, every
formula rendered when the book was built (KaTeX: its fonts loaded, a MathML copy, no math engine
in the page), every image loaded and has alt text, and axe-core finds no serious or critical
accessibility violation. The search page, the solution dropdowns and the
exercise hints are tried as a reader would, and screenshots of a chapter section, its
exercises and its solutions are saved in _build/screenshots/ (next to $BOOK_HTML).

Without /usr/bin/chromium (or Playwright) these tests skip with one line saying how to
install it; with REQUIRE_BROWSER=1 (CI) that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from book_site import PAGE_WEIGHT_JS, REQUIRED, ROOT, exercise_of, html_file, require_site, sections, serve, solution_of, toc_pages

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
PAGES = toc_pages()
SECTIONS = sections()
SEARCH_WORDS = ["eigenvalue", "gradient"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


# --- the local server and the browser -------------------------------------------------------


@pytest.fixture(scope="session")
def site_url():
    """The built book served on a free localhost port for the whole session, with gzip as a
    static host (GitHub Pages) serves it, so that page weights are what readers download."""
    site = require_site()
    url, server = serve(site)
    yield url
    server.shutdown()
    server.server_close()


def _no_browser(request, reason):
    advice = "install Chromium with `apt-get install -y chromium` (Debian's package; the tests never download a browser)"
    if REQUIRED:
        pytest.fail(f"BROWSER TESTS CANNOT RUN (REQUIRE_BROWSER=1): {reason}; {advice}.")
    message = f"BROWSER TESTS SKIPPED: {reason}; {advice}."
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(message, yellow=True, bold=True)
    pytest.skip(message)


@dataclass
class Visit:
    """What one page load showed."""

    path: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    weight: list[dict] = field(default_factory=list)  # every local resource loaded, with its bytes on the wire


class Reader:
    """One Chromium page, reused for every visit, with every request watched."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.current: Visit | None = None
        self.visits: dict[str, Visit] = {}
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._log("console_errors", f"uncaught exception: {error}"))
        page.on("requestfailed", lambda req: self._log("failed_requests", f"{req.url} ({req.failure})"))
        page.on("response", self._on_response)
        page.on("websocket", lambda ws: self._log("external_requests", f"websocket {ws.url}"))
        page.context.route("**/*", self._route)

    def _log(self, kind, message):
        if self.current is not None:
            getattr(self.current, kind).append(message)

    def _on_console(self, message):
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self._log("console_errors", f"{message.text} [{location}]")

    def _on_response(self, response):
        if response.status >= 400:
            self._log("failed_requests", f"{response.url} (HTTP {response.status})")

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            self._log("external_requests", route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def url(self, path):
        return self.base_url + quote(path, safe="/?=&")

    def open(self, path, visit: Visit | None = None):
        """Load a page and wait until fonts, images and the network have settled."""
        self.current = visit or Visit(path)
        response = self.page.goto(self.url(path), wait_until="load")
        self.current.status = response.status if response else None
        self.page.evaluate(_SETTLE)
        self.page.wait_for_load_state("networkidle")
        return self.current

    def visit(self, docname) -> Visit:
        """Load one table-of-contents page once, and record everything the tests look at."""
        if docname in self.visits:
            return self.visits[docname]
        visit = self.open(f"{docname}.html")
        if visit.status == 200:
            visit.math = self.page.evaluate(_MATH_REPORT)
            visit.images = self.page.evaluate(_IMAGE_REPORT)
            visit.weight = self.page.evaluate(PAGE_WEIGHT_JS)
            self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            visit.axe = self.page.evaluate(_AXE_RUN)
        self.current = None
        self.visits[docname] = visit
        return visit


# One browser for the module, closed when this file's tests are done: later tests (nbval, the
# notebook runs) then start with no Playwright event loop around.
@pytest.fixture(scope="module")
def reader(request, site_url):
    if not Path(CHROMIUM).exists():
        _no_browser(request, f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser(request, "the playwright package is not installed (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        context.set_default_timeout(30_000)
        yield Reader(context.new_page(), site_url)
        context.close()
        browser.close()


def _visited(reader, docname) -> Visit:
    visit = reader.visit(docname)
    if visit.status != 200:
        pytest.fail(f"{docname}.html is in _toc.yml but the site answered HTTP {visit.status}")
    return visit


# --- JavaScript run in the page ---------------------------------------------------------------

_SETTLE = """async () => {
  const within = (promise, ms) => Promise.race([promise, new Promise(done => setTimeout(done, ms))]);
  await within(document.fonts.ready, 5000);
  // Figures load lazily (as a reader scrolls): ask for all of them now, so each is checked.
  document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
  await within(Promise.all([...document.images].map(img => img.decode().catch(() => null))), 5000);
}"""

_MATH_REPORT = r"""() => {
  // Formulas are HTML by the time the page arrives (_ext/static_math.py): each .math element holds
  // one KaTeX rendering, drawn in KaTeX's fonts, with a MathML copy for screen readers.
  const formulas = [...document.querySelectorAll('.math')];
  const unrendered = formulas.filter(el => !el.querySelector('.katex-html') || !el.querySelector('.katex-mathml math'))
                             .map(el => el.textContent.trim().slice(0, 100));
  const errors = [...document.querySelectorAll('.math-error, .katex-error')].map(el => el.textContent.slice(0, 100));
  const katexFonts = [...document.fonts].filter(font => font.family.replace(/["']/g, '').startsWith('KaTeX'));
  const fontsMissing = katexFonts.filter(font => font.status === 'error').map(font => `${font.family} ${font.style} ${font.weight}`);
  if (formulas.length && !katexFonts.some(font => font.status === 'loaded')) fontsMissing.push('no KaTeX font loaded');
  const skip = 'pre, code, script, style, textarea, .katex-mathml, .highlight';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    const text = node.textContent;
    if (/\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{/.test(text)) raw.push(text.trim().slice(0, 120));
  }
  return {formulas: formulas.length, unrendered, errors, fontsMissing, raw,
          engine: !!(window.MathJax || window.katex)};
}"""

_IMAGE_REPORT = """() => [...document.images].map(img => ({
  src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
  width: img.naturalWidth, alt: img.getAttribute('alt')}))"""

# KaTeX's visual markup (.katex-html) is hidden from assistive technology, which reads the MathML
# copy next to it; on a chapter page it is most of the DOM and most of axe's time.
_AXE_RUN = """async () => {
  const result = await axe.run({exclude: [['.katex-html']]}, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 200))}));
}"""


# --- every page in the table of contents ---------------------------------------------------------


@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_cleanly(reader, docname):
    visit = _visited(reader, docname)
    problems = [f"console error: {e}" for e in visit.console_errors]
    problems += [f"failed request: {r}" for r in visit.failed_requests]
    assert not problems, f"{docname}:\n" + "\n".join(problems)


@pytest.mark.parametrize("docname", PAGES)
def test_page_stays_on_localhost(reader, docname):
    visit = _visited(reader, docname)
    assert not visit.external_requests, f"{docname} requested other hosts (blocked):\n" + "\n".join(visit.external_requests)


@pytest.mark.parametrize("docname", PAGES)
def test_math_is_rendered(reader, docname):
    math = _visited(reader, docname).math
    assert not math["unrendered"], f"{docname}: {len(math['unrendered'])} formula(s) not rendered: {math['unrendered'][:5]}"
    assert not math["errors"], f"{docname}: formulas that did not render: {math['errors'][:5]}"
    assert not math["raw"], f"{docname}: raw TeX left in the visible text: {math['raw'][:5]}"
    assert not math["fontsMissing"], f"{docname}: the math fonts did not load: {math['fontsMissing']}"
    assert not math["engine"], f"{docname}: a math engine runs in the browser; formulas are rendered when the book builds"


@pytest.mark.parametrize("docname", PAGES)
def test_images_load_and_have_alt_text(reader, docname):
    problems = []
    for image in _visited(reader, docname).images:
        alt = (image["alt"] or "").strip()
        if not image["loaded"]:
            problems.append(f"did not load: {image['src']}")
        if not alt:
            problems.append(f"no alt text: {image['src']}")
        elif alt.lower().endswith((".png", ".svg", ".jpg", ".jpeg", ".gif")) or "_images/" in alt:
            problems.append(f"alt text is a file name, not a description: {image['src']} (alt={alt!r})")
    assert not problems, f"{docname}:\n" + "\n".join(problems)


@pytest.mark.parametrize("docname", PAGES)
def test_no_serious_accessibility_violations(reader, docname):
    violations = _visited(reader, docname).axe
    assert not violations, f"{docname}: axe-core found serious or critical violations:\n" + json.dumps(violations, indent=1)


# Everything one page loads (HTML, scripts, styles, fonts, figures), gzipped as served. Measured
# with this build: 400-730 KiB a page (the chapter with the most figures the heaviest), against
# 1,270-1,580 KiB before issue 9 and ~960 KiB for a default Jupyter Book page. See README.
PAGE_WEIGHT_BUDGET = 900 * 1024


@pytest.mark.parametrize("docname", PAGES)
def test_page_weight_is_within_budget(reader, docname):
    weight = _visited(reader, docname).weight
    total = sum(entry["bytes"] for entry in weight)
    heaviest = sorted(weight, key=lambda entry: -entry["bytes"])[:8]
    assert total <= PAGE_WEIGHT_BUDGET, (
        f"{docname} loads {total / 1024:.0f} KiB (budget {PAGE_WEIGHT_BUDGET / 1024:.0f} KiB), the heaviest:\n"
        + "\n".join(f"  {entry['bytes'] / 1024:7.1f} KiB  {entry['url']}" for entry in heaviest)
    )
    assert not [entry for entry in weight if "fontawesome" in entry["url"]], f"{docname} loads fontawesome.js"


# --- search, dropdowns and hints, as a reader uses them -----------------------------------------


@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_search_finds(reader, word):
    visit = reader.open(f"search.html?q={word}")
    assert visit.status == 200
    reader.page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && /Search finished|did not match/.test(s.textContent); }"
    )
    results = reader.page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))")
    reader.current = None
    assert results, f"searching the book for {word!r} found no page"
    assert not visit.console_errors and not visit.failed_requests and not visit.external_requests, visit


def _pages_with(selector):
    from bs4 import BeautifulSoup

    found = []
    for docname in PAGES:
        path = html_file(docname)
        if path.exists():
            article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
            if article is not None and article.select(selector):
                found.append(docname)
    return found


def test_solution_dropdown_opens_on_click(reader):
    pages = _pages_with("div.solution.dropdown")
    assert pages, (
        "no page has a {solution} dropdown (sphinx-exercise `:class: dropdown`); the chapter sections should each have at least one"
    )
    for docname in pages:
        reader.open(f"{docname}.html")
        dropdown = reader.page.locator("article div.solution.dropdown").first
        content = dropdown.locator("section").first
        assert content.is_hidden(), f"{docname}: the solution is visible before it is opened"
        dropdown.locator("button.toggle-button").first.click()
        content.wait_for(state="visible", timeout=5_000)
        assert "toggle-hidden" not in (dropdown.get_attribute("class") or "")
    reader.current = None


def test_exercise_hints_open_on_click(reader):
    pages = [exercise_of(section) for section in SECTIONS if html_file(exercise_of(section)).exists()]
    assert pages, "no exercise page was built"
    with_hints = set(_pages_with("details > summary"))  # reads every page: once, not once per page
    without = [docname for docname in pages if docname not in with_hints]
    assert not without, f"exercise pages without a hint (<details>): {without}"
    for docname in pages:
        reader.open(f"{docname}.html")
        hint = reader.page.locator("article details").first
        body = hint.locator(":scope > :not(summary)").first
        assert hint.get_attribute("open") is None and body.is_hidden(), f"{docname}: the hint starts open"
        hint.locator("summary").click()
        body.wait_for(state="visible", timeout=5_000)
        assert hint.get_attribute("open") is not None
    reader.current = None


def test_screenshots(reader):
    """A chapter section, its exercises and its solutions, for people to look at."""
    assert SECTIONS, "no chapter section in _toc.yml"
    section = SECTIONS[0]
    folder = require_site().parent / "screenshots"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for kind, docname in [("chapter", section), ("exercise", exercise_of(section)), ("solution", solution_of(section))]:
        visit = reader.open(f"{docname}.html")
        assert visit.status == 200, f"{docname}: HTTP {visit.status}"
        path = folder / f"{kind}-{docname.replace('/', '-')}.png"
        reader.page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000, f"{path} looks empty"
    reader.current = None


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_colour_mode_is_resolved_before_the_first_paint(reader, scheme):
    """On a first visit the page is drawn in the reader's colour scheme from the start: the <head>
    script resolves "auto" itself, without waiting for the theme's deferred script (blocked here)."""
    context = reader.page.context.browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.route("**/_static/site.js*", lambda route: route.abort())
        page.goto(reader.url(f"{SECTIONS[0]}.html"), wait_until="domcontentloaded")
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
    finally:
        context.close()


def test_dark_mode_pages_are_accessible_and_captured(reader):
    """A chapter section, its exercises and its solutions in dark mode: axe finds no serious
    violation (contrast included), and a screenshot of each is saved next to the light ones."""
    folder = require_site().parent / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    context = reader.page.context.browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        section = SECTIONS[0]
        for kind, docname in [("chapter", section), ("exercise", exercise_of(section)), ("solution", solution_of(section))]:
            page.goto(reader.url(f"{docname}.html"), wait_until="load")
            page.evaluate(_SETTLE)
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            violations = page.evaluate(_AXE_RUN)
            assert not violations, f"{docname} in dark mode:\n" + json.dumps(violations, indent=1)
            page.screenshot(path=str(folder / f"{kind}-dark-{docname.replace('/', '-')}.png"))
    finally:
        context.close()


def test_no_page_is_wider_than_a_phone(reader):
    """At a phone's width (390 px) no page scrolls sideways: wide formulas, code and tables scroll
    inside their own box, and long inline literals wrap."""
    context = reader.page.context.browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        wide = {}
        for docname in PAGES:
            page.goto(reader.url(f"{docname}.html"), wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 391:
                wide[docname] = width
        assert not wide, f"pages wider than a 390 px phone (px): {wide}"
    finally:
        context.close()
