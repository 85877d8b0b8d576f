"""The built book as the site and browser tests see it: its pages, sections and location.

Pages come from _toc.yml, so a section added there is tested without editing any test.
The built site is read from $BOOK_HTML (default: _build/html in the repository), which
`make test` builds before it runs pytest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlmath import course
from mlmath.course import ROOT

BOOK_HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html").resolve()
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"  # CI: a missing site or browser fails


def toc_pages() -> list[str]:
    """Every page in the table of contents, in reading order, as docnames (no extension)."""
    return course.toc_pages()


def sections() -> list[str]:
    """The chapter sections in the table of contents: chapters/<chapter>/NN-topic."""
    return [section.docnames()[0] for section in course.sections()]


def exercise_of(section: str) -> str:
    return section.replace("chapters/", "exercises/", 1)


def solution_of(section: str) -> str:
    return section.replace("chapters/", "solutions/", 1)


def html_file(docname: str) -> Path:
    return BOOK_HTML / f"{docname}.html"


def require_site() -> Path:
    """The built site, or a skip (a failure with REQUIRE_BROWSER=1) saying how to build it."""
    if not (BOOK_HTML / "index.html").exists():
        message = f"no built book at {BOOK_HTML}: run `make book` (or set BOOK_HTML to a built site)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return BOOK_HTML


# --- the site served as a static host serves it: gzip, and what a page costs to load ----------

COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".xml", ".ipynb", ".md", ".inv"}


def _gzip_handler():
    import gzip
    import http.server

    class GzipHandler(http.server.SimpleHTTPRequestHandler):
        """http.server with gzip for text files (like GitHub Pages), quiet, no caching by the browser."""

        def log_message(self, format, *args):  # noqa: A002  (the base class's name)
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            import io

            return io.BytesIO(body)

    return GzipHandler


def serve(directory: Path):
    """Serve a built site on a free localhost port with gzip, in a thread. Returns (url, server);
    call server.shutdown() when done."""
    import functools
    import http.server
    import sys
    import threading

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a browser that hangs up is not news
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(_gzip_handler(), directory=str(directory))
    server = Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


# What the page and everything it loaded (scripts, styles, fonts, images) cost on the wire,
# body bytes as sent (gzipped where the server gzips), from the browser's resource timing.
PAGE_WEIGHT_JS = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.filter(e => e.name.startsWith(location.origin))
                .map(e => ({url: e.name.slice(location.origin.length), bytes: e.encodedBodySize,
                            type: e.initiatorType || 'navigation'}));
}"""


def gzipped_size(path: Path) -> int:
    """The bytes a static host with gzip sends for one file (its body)."""
    import gzip

    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6, mtime=0)) if path.suffix in COMPRESSIBLE else len(data)
