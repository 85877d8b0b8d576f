"""Sphinx hooks that keep the built book free of console errors and give every page a description.

Loaded through `sphinx: local_extensions:` in _config.yml.

sphinx-thebe (pulled in by Jupyter Book) registers its inline configuration script
(`const THEBE_JS_URL = ...`) after the HTML builder has copied the registered scripts,
with `None` as the file name where the builder's copy has `''`. Sphinx then sees two
different scripts and writes both into every page, and the browser reports
"Identifier 'THEBE_JS_URL' has already been declared". This keeps the first of any
scripts that render identically.
"""

from __future__ import annotations

import html

from bs4 import BeautifulSoup

from mlmath.course import TIME_LINE  # the line under a section's title, as written: *About ...*

DESCRIPTION_LENGTH = 155  # what search engines show


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    return (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))


def deduplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # the builder restores its own list after each page


def describe_page(app, pagename, templatename, context, doctree):
    """A <meta name="description"> from the page's first paragraph of prose (search results, link
    previews); the "About N minutes ..." line under a section's title is not a description."""
    if 'name="description"' in context.get("metatags", ""):
        return
    for paragraph in BeautifulSoup(context.get("body") or "", "html.parser").find_all("p"):
        for formula in paragraph.select(".katex"):  # its MathML reads as plain text: "Ax = b"
            mathml = formula.find("math")
            for annotation in mathml.find_all("annotation") if mathml else []:
                annotation.decompose()
            formula.replace_with(mathml.get_text() if mathml else "")
        text = " ".join(paragraph.get_text().split())
        if text and not TIME_LINE.match(f"*{text}*"):
            break
    else:
        return
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(text)}" />'


def setup(app):
    app.connect("html-page-context", deduplicate_scripts, priority=900)
    app.connect("html-page-context", describe_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
