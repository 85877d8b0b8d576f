"""`make bench`: print build and check timings and the site's size.

Times are printed as ratios measured in this one run (the machine is shared and noisy);
absolute seconds are shown only for context. Nothing here asserts: tests do that.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mlmath.course import ROOT

PYTHON = sys.executable
JUPYTER_BOOK = str(Path(PYTHON).parent / "jupyter-book")


def timed(command, cwd=ROOT):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def folder_size(path, pattern="*"):
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file())


def main():
    with tempfile.TemporaryDirectory() as scratch:
        # Run from the scratch folder: the execution cache path in _config.yml is relative to it,
        # so the cold build starts with an empty cache and leaves the repository's alone.
        build = [JUPYTER_BOOK, "build", str(ROOT), "--path-output", scratch, "-W", "-n", "--keep-going"]
        cold = timed(build, cwd=scratch)
        shutil.rmtree(Path(scratch) / "_build" / "html")
        warm = timed(build, cwd=scratch)  # execution cache kept: only Sphinx runs again
        html = Path(scratch) / "_build" / "html"
        pages = sorted(html.rglob("*.html"))
        total, images = folder_size(html), folder_size(html, "*.png")
        mathjax = folder_size(html / "_static" / "mathjax") if (html / "_static" / "mathjax").exists() else 0
        heaviest = max(pages, key=lambda p: p.stat().st_size)
        heaviest_name, heaviest_size = heaviest.relative_to(html), heaviest.stat().st_size

    generate = timed([PYTHON, "-m", "mlmath.exercises", "--check"])
    nbval = timed(
        [
            PYTHON,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "solutions",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/sanitize.cfg",
        ]
    )

    print(f"book build, cold (executes every chapter): {cold:6.1f} s  = 1.00")
    print(f"book build, warm (execution cache hit):    {warm:6.1f} s  = {warm / cold:.2f} of cold")
    print(f"nbval on every solution:                   {nbval:6.1f} s  = {nbval / cold:.2f} of cold build")
    print(f"exercise generator --check:                {generate:6.1f} s  = {generate / cold:.2f} of cold build")
    print(f"site: {len(pages)} pages, {total / 1e6:.1f} MB in all, {images / 1e6:.1f} MB of figures, {mathjax / 1e6:.1f} MB of MathJax")
    print(f"heaviest page: {heaviest_name} ({heaviest_size / 1e3:.0f} kB of HTML)")


if __name__ == "__main__":
    main()
