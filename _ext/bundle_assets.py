"""One stylesheet and one script for every page, instead of fifteen and eleven.

Loaded through `sphinx: local_extensions:` in _config.yml. The theme and extensions each link
their own files, so a page asked for 15 render-blocking stylesheets (one of them through an
@import) and 11 scripts. Each is a round trip before the first paint on a slow connection; the
theme's stylesheet alone is 400 kB, mostly Bootstrap rules for components the book never uses.

When the build finishes, every page is rewritten:

- Its stylesheets become `_static/site.css`: the files in the page's order, @imports inlined,
  `url(...)` paths made relative to `_static/`, and every rule dropped whose selectors all name a
  class or id that no page and no script of the site contains (the way PurgeCSS works: a name
  that appears nowhere cannot match).
- Its scripts under `_static/` become one deferred `_static/site.js`: the blocking ones first,
  then the deferred ones, each in page order, as they ran before. `documentation_options.js`
  (a few settings the inline scripts extend) is written into the page, and the search page's
  own scripts follow site.js, deferred, in their order.
- Highlighted code keeps only the spans that change how it looks: the theme's Pygments colours
  give names, punctuation and whitespace the code block's own colour in both modes, and those
  spans were a fifth of a chapter page's elements (3,000 on the eigenvectors chapter).

The list of files is written at the top of site.css and site.js, so an incremental build that
renders no page (or only some) still bundles every file the other pages need. Each link
carries a digest of its file's content, so a reader's browser never mixes old and new. Before
that, files of `_static/` edited since Sphinx last copied them are copied (Sphinx copies only
when it writes a page).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import tinycss2
from sphinx.util import logging

logger = logging.getLogger(__name__)

SITE_CSS, SITE_JS = "site.css", "site.js"
SOURCES = re.compile(r"^/\* bundled from: (.*?) \*/", re.MULTILINE)
STYLESHEET = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="([^"]+)"[^>]*/?>\n?')
PRELOAD = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="preload")(?=[^>]*\bas="script")[^>]*>\n?')
SCRIPT = re.compile(r'[ \t]*<script\b([^>]*)\bsrc="([^"]+)"([^>]*)></script>\n?')
SEARCH_ONLY = {"searchtools.js", "language_data.js", "searchindex.js"}
INLINED = "documentation_options.js"
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;""")
NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
WORD = re.compile(r"[_a-zA-Z][\w-]*")
SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)  # each file's map, wrong for the bundle
OPAQUE = re.compile(r":(?:is|where|has|not)\(")  # their names need not match: keep the selector


def _pages(out: Path) -> list[Path]:
    return [path for path in sorted(out.rglob("*.html")) if not path.relative_to(out).parts[0].startswith("_")]


def _site_path(out: Path, page: Path, href: str) -> str | None:
    """A link's file as a path under the site root, or None for another site's file."""
    if re.match(r"^[a-z]+:|^//", href):
        return None
    return Path(os.path.relpath(page.parent / href.split("?")[0], out)).as_posix()


def _merge(lists: list[list[str]]) -> list[str]:
    """One order that keeps every list's order (files that only some pages use included)."""
    merged: list[str] = []
    for files in lists:
        position = 0
        for name in files:
            if name in merged:
                position = merged.index(name) + 1
            else:
                merged.insert(position, name)
                position += 1
    return merged


def _previous_sources(path: Path) -> list[str]:
    found = SOURCES.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    return found[1].split() if found else []


def _css_text(out: Path, name: str, seen: set[str]) -> str:
    """A stylesheet with its @imports inlined and its url()s relative to _static/."""
    path = out / name
    if name in seen or not path.is_file():
        return ""
    seen.add(name)
    folder = path.parent

    def rebase(match):
        target = match[2].strip()
        if re.match(r"^(data:|[a-z]+:|/|#)", target):
            return match[0]
        return f'url("{Path(os.path.relpath(folder / target, out / "_static")).as_posix()}")'

    imported = []  # inlined after this file's own url()s are rebased (theirs already are)

    def set_aside(match):
        imported.append(_css_text(out, Path(os.path.relpath(folder / match[1], out)).as_posix(), seen))
        return f"\0{len(imported) - 1}\0"

    text = IMPORT.sub(set_aside, re.sub(r"@charset[^;]*;", "", path.read_text(encoding="utf-8")))
    return re.sub(r"\0(\d+)\0", lambda match: imported[int(match[1])], URL.sub(rebase, text))


def _split_selectors(prelude) -> list[str]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    selectors.append(tinycss2.serialize(current).strip())
    return selectors


def selector_names(selector: str) -> list[str]:
    """The class and id names a selector requires (attribute values are not class names)."""
    return NAME.findall(re.sub(r"\[[^\]]*\]", "", selector))


def _purge(rules, used: set[str]) -> list[str]:
    """The CSS text of the rules whose selectors can match something on the site."""

    def can_match(selector):
        return bool(OPAQUE.search(selector)) or all(name in used for name in selector_names(selector))

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if can_match(s)]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports", "container", "layer"):
            inner = _purge(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]).strip())
    return kept


CODE_BLOCK = re.compile(r'<div class="highlight">.*?</pre>', re.DOTALL)
COLOUR_RULE = re.compile(r'html\[data-theme="(light|dark)"\] \.highlight (?:\.([\w-]+) )?\{ *([^}]*?) *\}')


def _plain_token_classes(pygments_css: str) -> set[str]:
    """Token classes drawn exactly like the code around them in both colour modes."""
    base, rules = {}, {}
    for mode, token, declarations in COLOUR_RULE.findall(pygments_css):
        if token:
            rules.setdefault(token, {})[mode] = declarations
        else:
            base[mode] = dict(part.strip().split(":", 1) for part in declarations.split(";") if ":" in part).get("color", "").strip()
    return {
        token
        for token, modes in rules.items()
        if set(modes) == {"light", "dark"} and all(modes[mode] == f"color: {base.get(mode)}" for mode in modes)
    }


def _unwrap_plain_spans(text: str, plain: set[str]) -> str:
    if not plain:
        return text
    span = re.compile(r'<span class="(?:' + "|".join(map(re.escape, sorted(plain))) + r')">([^<]*)</span>')
    return CODE_BLOCK.sub(lambda block: span.sub(r"\1", block[0]), text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _bundled_scripts(out: Path, page: Path, text: str) -> list[str]:
    """The page's scripts that go into site.js, in the order they ran: blocking, then deferred."""
    blocking, deferred = [], []
    for match in SCRIPT.finditer(text):
        attributes, name = match[1] + match[3], _site_path(out, page, match[2])
        if name is None or re.search(r"\basync\b", attributes) or not name.startswith("_static/"):
            continue
        if name.rsplit("/", 1)[-1] not in (INLINED, SITE_JS, *SEARCH_ONLY):
            (deferred if re.search(r"\bdefer\b", attributes) else blocking).append(name)
    return blocking + deferred


def _rewrite(out: Path, page: Path, text: str, css_link: str, js_link: str) -> str:
    prefix = Path(os.path.relpath(out, page.parent)).as_posix() + "/"
    prefix = "" if prefix == "./" else prefix
    head_end = text.find("</head>")
    head, body = text[:head_end], text[head_end:]

    links = [m for m in STYLESHEET.finditer(head) if (_site_path(out, page, m[1]) or "").startswith("_static/")]
    if links:
        first = links[0].start()
        for match in reversed(links):
            head = head[: match.start()] + head[match.end() :]
        head = head[:first] + f'  <link rel="stylesheet" href="{prefix}{css_link}" />\n' + head[first:]
    head = PRELOAD.sub("", head)
    text = head + body

    search_tags = []

    def take(match):
        attributes, name = match[1] + match[3], _site_path(out, page, match[2])
        if name is None or re.search(r"\basync\b", attributes):
            return match[0]
        base = name.rsplit("/", 1)[-1]
        if base == INLINED:
            return f"<script>{(out / name).read_text(encoding='utf-8').strip()}</script>\n"
        if base in SEARCH_ONLY:
            search_tags.append(f'<script defer src="{match[2]}"></script>')
            return ""
        if name.startswith("_static/"):
            return ""
        return match[0]

    text = SCRIPT.sub(take, text)
    tags = [f'<script defer src="{prefix}{js_link}"></script>', *search_tags]
    body_end = text.rfind("</body>")
    return text[:body_end] + "  " + "\n  ".join(tags) + "\n" + text[body_end:]


def bundle(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    pages = {page: page.read_text(encoding="utf-8") for page in _pages(out)}

    css_lists, js_lists = [_previous_sources(static / SITE_CSS)], [_previous_sources(static / SITE_JS)]
    for page, text in pages.items():
        head = text[: text.find("</head>")]
        css = [_site_path(out, page, m[1]) for m in STYLESHEET.finditer(head)]
        css_lists.append([name for name in css if name and name.startswith("_static/") and not name.endswith(SITE_CSS)])
        js_lists.append(_bundled_scripts(out, page, text))
    css_files = [name for name in _merge(css_lists) if (out / name).is_file()]
    js_files = [name for name in _merge(js_lists) if (out / name).is_file()]
    if not css_files or not js_files:
        logger.warning("bundle_assets: found no stylesheet or script to bundle; pages left as they are")
        return

    script = "\n;\n".join(SOURCE_MAP.sub("", (out / name).read_text(encoding="utf-8")).strip() for name in js_files)
    # The `;` ends the directive prologue: the first file's "use strict" must not apply to the others.
    script = f"/* bundled from: {' '.join(js_files)} */\n;\n{script}\n"
    used = set()
    search_scripts = [static / name for name in SEARCH_ONLY if (static / name).is_file()]
    for text in [*pages.values(), script, *(path.read_text(encoding="utf-8") for path in search_scripts)]:
        used.update(WORD.findall(text))
    seen: set[str] = set()
    source = "\n".join(_css_text(out, name, seen) for name in css_files)
    rules = tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True)
    style = f"/* bundled from: {' '.join(css_files)} */\n" + "\n".join(_purge(rules, used)) + "\n"

    (static / SITE_CSS).write_text(style, encoding="utf-8")
    (static / SITE_JS).write_text(script, encoding="utf-8")
    css_link, js_link = f"_static/{SITE_CSS}?v={_digest(style)}", f"_static/{SITE_JS}?v={_digest(script)}"
    pygments_css = static / "pygments.css"
    plain = _plain_token_classes(pygments_css.read_text(encoding="utf-8")) if pygments_css.is_file() else set()
    for page, text in pages.items():
        if "</head>" not in text or "</body>" not in text:
            continue
        new = _unwrap_plain_spans(_rewrite(out, page, text, css_link, js_link), plain)
        if new != text:
            page.write_text(new, encoding="utf-8")
    summary = f"{len(css_files)} stylesheets -> {SITE_CSS} ({len(style) // 1024} kB), {len(js_files)} scripts -> {SITE_JS}"
    logger.info(f"bundle_assets: {summary}")


def refresh_static_files(app, exception):
    """Sphinx copies `_static/` only when it writes some page, so an edit to custom.css alone
    would not reach the site (nor site.css): copy each file that is newer than its copy."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for folder in app.config.html_static_path:
        source = Path(app.confdir) / folder
        for path in source.rglob("*") if source.is_dir() else []:
            copy = static / path.relative_to(source)
            if path.is_file() and (not copy.is_file() or copy.stat().st_mtime < path.stat().st_mtime):
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)


def setup(app):
    app.connect("build-finished", refresh_static_files, priority=100)  # before the others read _static/
    app.connect("build-finished", bundle, priority=900)  # after the other extensions wrote their files
    return {"parallel_read_safe": True, "parallel_write_safe": True}
