"""Screenshots of every page of the built book, to look at before a change to the site lands.

    make screenshots        # after `make book`; writes _build/screenshots/pages/

Each page in _toc.yml is opened in Chromium in light and in dark mode at a laptop width
(1280 x 900) and at a phone width (390 x 844): the top of the page, and at laptop width also its
first display formula and its first figure when it has them. Then a contact sheet per chapter,
mode and view puts the pictures side by side (contact-<chapter>-<mode>-<size>-<view>.png), which
is how a reviewer sees every page in a few minutes.
It prints, per page, what a picture cannot show at a glance: a formula KaTeX could not draw,
an image that did not load, a page wider than the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from bench import CHROME, CHROME_FLAGS  # noqa: E402  (the system Chromium, as `make bench` runs it)
from book_site import BOOK_HTML, serve, toc_pages  # noqa: E402

SIZES = {"laptop": (1280, 900), "phone": (390, 844)}
THUMBNAIL = 420  # px wide on a contact sheet
PROBLEMS = """() => {
  document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
  const problems = [];
  const errors = document.querySelectorAll('.katex-error').length;
  if (errors) problems.push(`${errors} formulas not drawn`);
  const broken = [...document.images].filter(img => img.complete && img.naturalWidth === 0).length;
  if (broken) problems.push(`${broken} images not loaded`);
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`page ${document.documentElement.scrollWidth}px wide`);
  return problems;
}"""


def main() -> int:
    if not Path(CHROME).exists():
        print(f"screenshots: no Chromium at {CHROME}: apt-get install -y chromium (or set CHROME_PATH)")
        return 1
    if not (BOOK_HTML / "index.html").exists():
        print(f"screenshots: no built book at {BOOK_HTML}: run `make book` first")
        return 1
    from playwright.sync_api import sync_playwright

    folder = BOOK_HTML.parent / "screenshots" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    url, server = serve(BOOK_HTML)
    shots: dict[str, list[Path]] = {}
    flagged = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        for mode in ("light", "dark"):
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
                page = context.new_page()
                for docname in toc_pages():
                    page.goto(f"{url}{docname}.html", wait_until="load")
                    page.wait_for_load_state("networkidle")
                    problems = page.evaluate(PROBLEMS)
                    page.evaluate("document.fonts.ready")
                    if problems:
                        flagged += 1
                        print(f"{docname} ({mode}, {size}): {'; '.join(problems)}")
                    stem = f"{docname.replace('/', '-')}-{mode}-{size}"
                    views = [("top", None)]
                    if size == "laptop":
                        views += [("formula", "article div.math"), ("figure", "article img")]
                    for view, selector in views:
                        if selector and not page.locator(selector).count():
                            continue
                        if selector:
                            page.locator(selector).first.scroll_into_view_if_needed()
                            page.wait_for_timeout(150)
                        path = folder / f"{stem}-{view}.png"
                        page.screenshot(path=str(path))
                        chapter = docname.split("/")[1] if docname.count("/") == 2 else "book"
                        shots.setdefault(f"{chapter}-{mode}-{size}-{view}", []).append(path)
                    page.evaluate("window.scrollTo(0, 0)")
                context.close()
        browser.close()
    server.shutdown()
    for group, paths in sorted(shots.items()):
        _contact_sheet(paths, folder.parent / f"contact-{group}.png")
    print(f"{sum(len(p) for p in shots.values())} screenshots in {folder}; contact sheets in {folder.parent}; {flagged} page views flagged")
    return 1 if flagged else 0


def _contact_sheet(paths: list[Path], target: Path, columns: int = 6) -> None:
    thumbs = []
    for path in paths:
        with Image.open(path) as image:
            scale = THUMBNAIL / image.width if image.width > THUMBNAIL else 1
            thumbs.append(image.convert("RGB").resize((int(image.width * scale), int(image.height * scale))))
    row_height = max(t.height for t in thumbs)
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (THUMBNAIL + 8), rows * (row_height + 8)), "white")
    for index, thumb in enumerate(thumbs):
        sheet.paste(thumb, ((index % columns) * (THUMBNAIL + 8), (index // columns) * (row_height + 8)))
    sheet.save(target)


if __name__ == "__main__":
    sys.exit(main())
