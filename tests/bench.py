"""`make bench`: print build, test and check timings, the site's size, and our pages against a
default Jupyter Book page in Lighthouse.

Times are printed as ratios measured in this one run (the machine is shared and noisy);
absolute seconds are shown only for context. Nothing here asserts: tests do that. The budgets
(README, "Development") are printed as held or not.

    python tests/bench.py              everything: builds of a copy of the book (cold, warm, after
                                       editing one page), nbval serial and parallel, the checks'
                                       own times, the page table, then `make test`'s wall time
    python tests/bench.py --site-only  only the page table, on $BOOK_HTML (default _build/html)

Lighthouse comes from npm (`make bench` installs it into _build/.bench-tools/, never
`make test`); set LIGHTHOUSE to another binary. It runs the system Chromium (CHROME_PATH,
default /usr/bin/chromium). Without it the bench says so and still prints the byte table.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_site import BOOK_HTML, PAGE_WEIGHT_JS, serve  # noqa: E402

from mlmath.course import ROOT  # noqa: E402

PYTHON = sys.executable
JUPYTER_BOOK = str(Path(PYTHON).parent / "jupyter-book")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
LIGHTHOUSE = os.environ.get("LIGHTHOUSE") or str(ROOT / "_build" / ".bench-tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse")
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "1"))  # the median of this many runs per page

# The pages compared with the default book's landing page.
OUR_PAGES = {
    "landing": "intro.html",
    "chapter": "chapters/linear-algebra/07-eigenvectors.html",
    "exercise": "exercises/linear-algebra/07-eigenvectors.html",
    "solution": "solutions/linear-algebra/07-eigenvectors.html",
}
DEFAULT_PAGE = "intro.html"


def timed(command, cwd=ROOT, env=None):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def folder_size(path, pattern="*"):
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file())


# --- the default Jupyter Book page, built with the same pinned packages -------------------------


def build_default_book(scratch: Path) -> Path:
    book = scratch / "default-book"
    subprocess.run([JUPYTER_BOOK, "create", str(book)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([JUPYTER_BOOK, "build", str(book)], check=True, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return book / "_build" / "html"


# --- bytes, as a browser loads each page from a gzip server -------------------------------------

SETTLE = """async () => {
  const within = (p, ms) => Promise.race([p, new Promise(done => setTimeout(done, ms))]);
  await within(document.fonts.ready, 5000);
}"""


def page_bytes(pages: dict[str, str]) -> dict[str, int]:
    """{label: bytes transferred} for {label: url}, from Chromium's resource timing."""
    from playwright.sync_api import sync_playwright

    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        for label, url in pages.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.evaluate(SETTLE)
            page.wait_for_load_state("networkidle")
            result[label] = sum(entry["bytes"] for entry in page.evaluate(PAGE_WEIGHT_JS))
            context.close()
        browser.close()
    return result


# --- Lighthouse -----------------------------------------------------------------------------------


def lighthouse_available() -> str | None:
    """None when Lighthouse can run, else why not."""
    if not Path(CHROME).exists():
        return f"no Chromium at {CHROME} (set CHROME_PATH)"
    if not (shutil.which(LIGHTHOUSE) or Path(LIGHTHOUSE).is_file()):
        return f"no Lighthouse at {LIGHTHOUSE} (`make bench` installs it with npm; is npm installed and the registry reachable?)"
    return None


def lighthouse(url: str) -> dict:
    """Lighthouse's four scores, transferred bytes, LCP and console errors for one URL (mobile preset)."""
    runs = []
    for _ in range(LIGHTHOUSE_RUNS):
        completed = subprocess.run(
            [
                LIGHTHOUSE,
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=performance,accessibility,best-practices,seo",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": CHROME},
            timeout=300,
        )
        if completed.returncode != 0:
            raise RuntimeError(completed.stderr.strip()[-600:] or f"lighthouse exited with {completed.returncode}")
        report = json.loads(completed.stdout)
        audits, categories = report["audits"], report["categories"]
        errors = audits.get("errors-in-console", {}).get("details", {}).get("items", [])
        runs.append(
            {
                "performance": categories["performance"]["score"],
                "accessibility": categories["accessibility"]["score"],
                "best-practices": categories["best-practices"]["score"],
                "seo": categories["seo"]["score"],
                "bytes": audits["total-byte-weight"]["numericValue"],
                "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
                "console errors": len(errors),
                "failed": sorted(
                    key
                    for category in ("accessibility", "best-practices", "seo")
                    for key in (ref["id"] for ref in categories[category]["auditRefs"] if ref.get("weight", 0) > 0)
                    if audits[key].get("score") is not None and audits[key]["score"] < 1
                ),
            }
        )
    runs.sort(key=lambda run: run["performance"] or 0)
    return runs[len(runs) // 2]


def site_table(our_html: Path, default_html: Path | None):
    our_url, our_server = serve(our_html)
    urls = {label: our_url + path for label, path in OUR_PAGES.items()}
    default_server = None
    if default_html is not None:
        default_url, default_server = serve(default_html)
        urls = {"default JB1 page": default_url + DEFAULT_PAGE, **urls}
    try:
        weights = page_bytes(urls)
        print()
        print("Page weight (everything the page loads before the reader scrolls, gzipped as served), Chromium:")
        for label, weight in weights.items():
            print(f"  {label:18s} {weight / 1024:8.0f} KiB")

        reason = lighthouse_available()
        if reason:
            print(f"\nLIGHTHOUSE NOT RUN: {reason}. The byte table above is all this bench can measure here.")
            return
        print(f"\nLighthouse (mobile preset, {LIGHTHOUSE_RUNS} run(s) per page, median by performance):")
        header = f"  {'page':18s} {'perf':>5s} {'a11y':>5s} {'b-p':>5s} {'seo':>5s} {'transfer':>10s} {'LCP':>7s} {'console':>8s}"
        print(header)
        results = {}
        for label, url in urls.items():
            try:
                results[label] = lighthouse(url)
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as error:
                print(f"  {label:18s} LIGHTHOUSE FAILED: {error}")
                continue
            r = results[label]
            print(
                f"  {label:18s} {r['performance']:5.2f} {r['accessibility']:5.2f} {r['best-practices']:5.2f} {r['seo']:5.2f}"
                f" {r['bytes'] / 1024:6.0f} KiB {r['lcp']:5.1f} s {r['console errors']:8d}"
                + (f"   fails: {', '.join(r['failed'])}" if r["failed"] else "")
            )
        budgets(results)
    finally:
        our_server.shutdown()
        if default_server is not None:
            default_server.shutdown()


def budgets(results: dict):
    default = results.get("default JB1 page")
    ours = {label: r for label, r in results.items() if label != "default JB1 page"}
    if not ours:
        return
    print("\nBudgets (README, Development):")
    checks = []
    for label, r in ours.items():
        if default is not None:
            checks.append((f"{label}: performance >= default + 0.25", r["performance"] >= default["performance"] + 0.25))
            checks.append((f"{label}: transfer <= half of default", r["bytes"] <= default["bytes"] / 2))
        for category in ("accessibility", "best-practices", "seo"):
            checks.append((f"{label}: {category} = 1.0", r[category] == 1))
        checks.append((f"{label}: zero console errors", r["console errors"] == 0))
    for text, held in checks:
        print(f"  {'HOLDS ' if held else 'BROKEN'}  {text}")
    broken = sum(not held for _, held in checks)
    print(f"  {len(checks) - broken} of {len(checks)} budgets hold" + ("" if default else " (no default page to compare with)"))


# --- the book's own timings -----------------------------------------------------------------------

EDITED_PAGE = "chapters/linear-algebra/01-vectors.md"
NBVAL = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "solutions"]
NBVAL += ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]


def copy_of_the_book(scratch: Path) -> Path:
    """The repository's files (tracked and new, not ignored), copied: the bench edits a page of
    the copy, never of the repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    book = scratch / "book"
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (book / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, book / name)
    return book


def book_builds(scratch: Path) -> tuple[dict[str, float], Path]:
    """Seconds for a cold build (empty execution cache), a warm one (cache kept, no HTML) and an
    incremental one after editing one chapter page; and where the site is."""
    book = copy_of_the_book(scratch)
    build = [JUPYTER_BOOK, "build", ".", "-W", "-n", "--keep-going"]
    seconds = {"cold": timed(build, cwd=book)}
    page = book / EDITED_PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence, as an author adds one.\n", encoding="utf-8")
    seconds["incremental"] = timed(build, cwd=book)
    html = book / "_build" / "html"
    shutil.rmtree(html)
    seconds["warm"] = timed(build, cwd=book)
    return seconds, html


def xdist_installed() -> bool:
    return subprocess.run([PYTHON, "-c", "import xdist"], capture_output=True).returncode == 0


def check_times(results: Path) -> list[tuple[float, str]]:
    """(seconds, check) for every check that passed in the nbval run, slowest last."""
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted((record["seconds"], record["check"]) for record in records if record["status"] == "pass")


def timings(scratch: Path) -> tuple[dict[str, float], Path]:
    builds, html = book_builds(scratch)
    cold = builds["cold"]
    results = scratch / "check-results.jsonl"
    measured = {"incremental / cold": builds["incremental"] / cold}
    serial = timed([PYTHON, *NBVAL], env={**os.environ, "MLMATH_RESULTS": str(results)})
    parallel = timed([PYTHON, *NBVAL, "-n", "2", "--dist", "loadfile"]) if xdist_installed() else None
    generate = timed([PYTHON, "-m", "mlmath.exercises", "--check"])

    print(f"book build, cold (executes every chapter):  {cold:6.1f} s  = 1.00")
    print(f"book build, after editing {EDITED_PAGE}: {builds['incremental']:6.1f} s  = {builds['incremental'] / cold:.2f} of cold")
    print(f"book build, warm (execution cache, no HTML): {builds['warm']:6.1f} s  = {builds['warm'] / cold:.2f} of cold")
    print(f"nbval on every solution, serial:            {serial:6.1f} s  = {serial / cold:.2f} of cold build")
    if parallel is None:
        print("nbval in parallel: pytest-xdist is not installed (pip install -r requirements.txt)")
    else:
        measured["nbval speed-up"] = serial / parallel
        print(f"nbval on every solution, 2 workers:         {parallel:6.1f} s  = {serial / parallel:.2f}x faster than serial")
    print(f"exercise generator --check:                 {generate:6.1f} s  = {generate / cold:.2f} of cold build")
    times = check_times(results)
    if times:
        median, (slowest, slowest_name) = statistics.median(t for t, _ in times), times[-1]
        measured["median check call"] = median
        print(f"check calls on the reference solutions: {len(times)}, median {median * 1000:.0f} ms,", end=" ")
        print(f"slowest {slowest * 1000:.0f} ms ({slowest_name})")

    pages = sorted(html.rglob("*.html"))
    total, images = folder_size(html), folder_size(html, "*.png")
    fonts = folder_size(html / "_static" / "katex")
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    figures = [p.stat().st_size for p in (html / "_images").glob("*") if p.is_file()]
    print(f"site: {len(pages)} pages, {total / 1e6:.1f} MB in all, {images / 1e6:.1f} MB of figures,", end=" ")
    print(f"{fonts / 1e3:.0f} kB of math stylesheet and fonts")
    print(f"heaviest page: {heaviest.relative_to(html)} ({heaviest.stat().st_size / 1e3:.0f} kB of HTML)")
    if figures:
        median, largest = statistics.median(figures) / 1e3, max(figures) / 1e3
        print(f"figures: {len(figures)}, median {median:.0f} kB, largest {largest:.0f} kB (budget 150 kB)")
    return measured, html


def make_test_seconds() -> float:
    """`make test`'s wall time in the repository, environment installed (its last step)."""
    return timed(["make", "test"])


def time_budgets(measured: dict[str, float]):
    rules = [
        ("incremental rebuild <= 10% of a cold build", "incremental / cold", lambda v: v <= 0.10, "{:.2f} of cold"),
        ("parallel nbval >= 1.6x serial", "nbval speed-up", lambda v: v >= 1.6, "{:.2f}x"),
        ("median check call < 100 ms", "median check call", lambda v: v < 0.1, "{:.3f} s"),
        ("make test < 10 minutes", "make test", lambda v: v < 600, "{:.0f} s"),
    ]
    print("\nTime budgets (README, Development):")
    for text, key, holds, shown in rules:
        if key not in measured:
            print(f"  NOT RUN {text}")
        else:
            print(f"  {'HOLDS ' if holds(measured[key]) else 'BROKEN'}  {text}: {shown.format(measured[key])}")


def main():
    site_only = "--site-only" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        measured, our_html = ({}, BOOK_HTML) if site_only else timings(scratch)
        if not (our_html / "intro.html").exists():
            print(f"no built book at {our_html}: run `make book` or set BOOK_HTML")
            return
        try:
            default_html = build_default_book(scratch)
        except subprocess.CalledProcessError as error:
            print(f"\nthe default Jupyter Book did not build ({error}): our pages are measured alone")
            default_html = None
        site_table(our_html, default_html)
    if not site_only:
        measured["make test"] = make_test_seconds()
        print(f"\nmake test (environment installed): {measured['make test']:.0f} s")
        time_budgets(measured)


if __name__ == "__main__":
    main()
