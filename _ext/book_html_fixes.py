"""Sphinx hooks that keep the built book free of console errors.

Loaded through `sphinx: local_extensions:` in _config.yml.

sphinx-thebe (pulled in by Jupyter Book) registers its inline configuration script
(`const THEBE_JS_URL = ...`) after the HTML builder has copied the registered scripts,
with `None` as the file name where the builder's copy has `''`. Sphinx then sees two
different scripts and writes both into every page, and the browser reports
"Identifier 'THEBE_JS_URL' has already been declared". This keeps the first of any
scripts that render identically.
"""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", deduplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
