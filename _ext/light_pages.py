"""Lighter pages: what the theme sends to every reader that a page does not need.

Loaded through `sphinx: local_extensions:` in _config.yml. Every page, as Sphinx renders it, is
rewritten here (the builder's template renderer is wrapped, so incremental and parallel builds
see the same pages as a full build):

- Icons without the icon-font script. pydata-sphinx-theme loads Font Awesome's fontawesome.js
  (1.5 MB, 540 KB gzipped) on every page to turn its dozen `<i class="fa-...">` (and `<span>`) icons into
  inline SVG in the browser, and the icon fonts download before it gets round to it. The same
  SVG is written into the page here, from the icon data in that very script (so any icon the
  theme uses is found, in the theme's own version), and the script tag is dropped. The few
  CSS rules that fontawesome.js would inject are in _static/custom.css.
- (No render-blocking scripts: bundle_assets.py puts every script file into one deferred
  site.js when the build finishes.)
- The search index (searchindex.js with searchtools.js and language_data.js) only on the search
  page: the theme's search box submits to search.html (search_as_you_type is off).
- The colour mode is resolved before the first paint. The theme's <head> script sets
  `data-theme="auto"` on a first visit (no stored choice), which matches neither the light nor
  the dark colours, and its deferred script then sets "light" or "dark": the whole page is
  styled twice (90 ms of a phone's main thread on a chapter page). Here the <head> script
  resolves "auto" from the system setting the same way the theme's script does.
- Figures load when the reader scrolls near them (`loading="lazy"`), not all with the page: a
  chapter's figures are most of its bytes and compete with the text for the network.

The theme's CSS still draws a few icons with the solid icon font: a subset with just those
glyphs replaces it (see subset_icon_font). When the build finishes, `//# sourceMappingURL=` comments in the copied theme assets that point
at a map the site does not ship are removed (browsers and Lighthouse report them as errors).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

ICON = re.compile(r'<(?:i|span) class="((?:[^"]*\s)?fa-[^"]*)"([^>]*)>\s*</(?:i|span)>')
ATTRIBUTE = re.compile(r'\s*([\w-]+)="([^"]*)"')
STYLE_CLASSES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands"}
PACKS = {"fab": "fab", "fa-brands": "fab", "far": "far", "fa-regular": "far"}  # anything else: solid
FONTAWESOME_TAG = re.compile(r'[ \t]*<script\b[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\n?')
SEARCH_SCRIPTS = re.compile(r'[ \t]*<script\b[^>]*src="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*"[^>]*></script>\n?')
IMAGE = re.compile(r"<img\b(?![^>]*\bloading=)")
THEME_MODE = re.compile(r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "[\w-]*";')
RESOLVED_MODE = (
    'document.documentElement.dataset.theme = document.documentElement.dataset.mode === "auto"'
    ' ? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")'
    " : document.documentElement.dataset.mode;"
)
# One icon entry in fontawesome.js: name:[width,height,[aliases],"unicode","path"]
ICON_DATA = re.compile(r'(?:"([\w-]+)"|([\w$]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
PACK_END = re.compile(r'd\("(fab|far|fas)",p\)')


@lru_cache(maxsize=1)
def _icons() -> dict[str, dict[str, tuple[int, int, str]]]:
    """{pack: {icon name or alias: (width, height, path)}} from the theme's fontawesome.js."""
    import pydata_sphinx_theme

    script = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
    text = script.read_text(encoding="utf-8")
    packs, start = {}, 0
    for end in PACK_END.finditer(text):  # each pack's icon table ends with d("<pack>",p)
        icons = {}
        for match in ICON_DATA.finditer(text, start, end.start()):
            name, width, height, aliases, path = match[1] or match[2], int(match[3]), int(match[4]), match[5], match[6]
            icons[name] = (width, height, path)
            for alias in re.findall(r'"([\w-]+)"', aliases):
                icons.setdefault(alias, (width, height, path))
        packs[end[1]] = icons
        start = end.end()
    return packs


def _svg(match: re.Match, pagename: str) -> str:
    classes, attributes = match[1].split(), dict(ATTRIBUTE.findall(match[2]))
    pack = next((PACKS[c] for c in classes if c in PACKS), "fas")
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in STYLE_CLASSES]
    for name in names:
        found = _icons().get(pack, {}).get(name)
        if found:
            break
    else:
        logger.warning(f"light_pages: no Font Awesome icon for {match[0]!r}", location=pagename)
        return match[0]
    width, height, path = found
    kept = [c for c in classes if c not in STYLE_CLASSES]
    attributes.pop("title", None)  # the button around the icon carries the name
    extra = "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items() if key not in ("class", "aria-hidden"))
    return (
        f'<svg class="svg-inline--fa {" ".join(kept)}"{extra} aria-hidden="true" focusable="false" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"></path></svg>'
    )


def lighten(page: str, pagename: str) -> str:
    page = FONTAWESOME_TAG.sub("", page)
    page = ICON.sub(lambda match: _svg(match, pagename), page)
    if pagename != "search":
        page = SEARCH_SCRIPTS.sub("", page)
    page = IMAGE.sub('<img loading="lazy"', page)
    page = THEME_MODE.sub(RESOLVED_MODE, page, count=1)
    return page


def wrap_renderer(app):
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render

    def render_light(template, context):
        page = render(template, context)
        return lighten(page, context.get("pagename", "")) if template.endswith(".html") else page

    templates.render = render_light


SOURCE_MAP = re.compile(r"\n?(?://# sourceMappingURL=(\S+)|/\*# sourceMappingURL=(\S+?) ?\*/)[ \t]*(?=\n|$)")


def drop_missing_source_maps(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for path in [*static.rglob("*.js"), *static.rglob("*.css")]:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if "sourceMappingURL=" not in text:
            continue

        def keep_if_shipped(match, folder=path.parent):
            target = (match[1] or match[2]).split("?")[0]
            return match[0] if target.startswith("data:") or (folder / target).is_file() else ""

        new = SOURCE_MAP.sub(keep_if_shipped, text)
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")


ICON_FONT = "vendor/fontawesome/webfonts/fa-solid-900.ttf"
ICON_FONT_CSS = "light-icons.css"
ICON_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
ICON_CLASS_RULE = re.compile(r"^\.fa-[\w-]+:+(before|after)$")
CODEPOINT = re.compile(r'"\\(f[0-9a-f]{3})"|([\ue000-\uf8ff])')


def subset_icon_font(app, exception):
    """The theme's CSS still draws a few icons with the solid icon font (admonition titles, the
    exercise pencil, the "on this page" chevron): 150 KB for about 17 glyphs. Write a font with
    only the glyphs the site's CSS uses, declared after the theme's (the last matching
    @font-face wins, so the full font is never downloaded)."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    css, font = static / ICON_FONT_CSS, static / ICON_FONT
    codepoints = set()
    for path in static.rglob("*.css"):
        if "mathjax" in path.parts or path == css:
            continue
        for rule in ICON_RULE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if all(ICON_CLASS_RULE.match(selector.strip()) for selector in rule[1].split(",")):
                continue  # `.fa-<name>:before`: the icon classes, now inline SVG
            for escaped, raw in CODEPOINT.findall(rule[2]):
                codepoints.add(int(escaped, 16) if escaped else ord(raw))
    rule = ""
    try:
        from fontTools import subset

        if font.is_file() and codepoints:
            options = subset.Options()
            options.flavor = "woff"  # zlib: woff2 would need brotli
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codepoints)
            loaded = subset.load_font(str(font), options)
            subsetter.subset(loaded)
            subset.save_font(loaded, str(static / "fa-solid-900-subset.woff"), options)
            rule = (
                '@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;'
                'font-display:block;src:url(fa-solid-900-subset.woff) format("woff")}\n'
            )
    except ImportError:
        logger.info("light_pages: fontTools is not installed, the full icon font stays")
    css.write_text(f"/* Generated by _ext/light_pages.py: the icon glyphs the CSS uses. */\n{rule}", encoding="utf-8")


def setup(app):
    app.connect("builder-inited", wrap_renderer)
    app.connect("build-finished", drop_missing_source_maps)
    app.connect("build-finished", subset_icon_font)
    app.add_css_file(ICON_FONT_CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
