"""Math rendered while the book builds, so that no reader's browser runs a math engine.

Every formula (`$...$`, `$$...$$`, amsmath environments, SymPy's LaTeX outputs) goes through
KaTeX (vendored in _ext/katex by tools/vendor-web-assets.sh) in an embedded V8 (the PyPI package
mini-racer: no Node.js needed). A page gets HTML that its stylesheet and woff2 fonts draw, plus a
hidden MathML copy that screen readers read. A formula KaTeX cannot parse is a build warning with
its page and line, so the strict build (`-W`) fails on it.

The book's macros (`\\R`, `\\norm`, ...) are the `math_macros` of _config.yml; equation numbers
and their links are Sphinx's, as with MathJax.
"""

from __future__ import annotations

import html
import shutil
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

KATEX = Path(__file__).parent / "katex"
STYLESHEET = "katex/katex.min.css"  # under the site's _static/


class MathError(ValueError):
    """KaTeX could not render a formula; the message is KaTeX's own."""


@cache
def _katex():
    from py_mini_racer import MiniRacer

    context = MiniRacer()
    context.eval((KATEX / "katex.min.js").read_text(encoding="utf-8"))
    return context


@cache
def render(tex: str, display: bool, macros: tuple[tuple[str, str], ...] = ()) -> str:
    """KaTeX's HTML (with hidden MathML) for one formula; MathError if it does not parse."""
    options = {
        "displayMode": display,
        "throwOnError": True,
        "output": "htmlAndMathml",
        "macros": {f"\\{name}": body for name, body in macros},  # KaTeX adds \gdef's to this dict
        "strict": "ignore",  # unicode text in \text{} is fine in this book
    }
    try:
        return _katex().call("katex.renderToString", tex, options)
    except Exception as error:  # mini-racer's JSEvalException: its first line is KaTeX's message
        message = str(error).splitlines()[0].removeprefix("<anonymous>:1: ")
        raise MathError(message) from None


def _render_node(translator, node, tex: str, display: bool) -> str:
    macros = tuple(sorted(translator.builder.config.math_macros.items()))
    try:
        return render(tex, display, macros)
    except MathError as error:
        logger.warning("could not render the formula %r: %s", tex, error, location=node, type="static_math")
        return f'<code class="math-error">{html.escape(tex)}</code>'


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_render_node(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display block, wrapped as sphinx.ext.mathjax wraps it (paragraphs aligned)."""
    if node["nowrap"]:  # a whole amsmath environment, such as \begin{align}...\end{align}
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(parts) == 1:
        return parts[0]
    return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"


def visit_displaymath(self, node: nodes.math_block) -> None:
    # `$$...$$` written inside a paragraph (myst_dmath_double_inline) is a display formula in a
    # <p>, where a <div> is not allowed (the browser would close the paragraph): a <span> then.
    in_text = isinstance(node.parent, nodes.TextElement)
    tag, classes = ("span", "math notranslate nohighlight math-display") if in_text else ("div", "math notranslate nohighlight")
    self.body.append(self.starttag(node, tag, CLASS=classes))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_render_node(self, node, display_tex(node), display=True))
    self.body.append(f"</{tag}>" if in_text else "</div>\n")
    raise nodes.SkipNode


def copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "katex"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(KATEX / "fonts", target / "fonts")
    for name in ("katex.min.css", "LICENSE"):
        shutil.copy2(KATEX / name, target / name)


def setup(app):
    app.add_config_value("math_macros", {}, "env", types=[dict])
    app.add_html_math_renderer("static_math", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(STYLESHEET)  # into every page's one stylesheet (bundle_assets.py); fonts load only where used
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
