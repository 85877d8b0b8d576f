"""Print _config.yml with the repository URL replaced: the site's buttons must point at the
repository it was built from. `make book` and `make test` use this when REPOSITORY_URL is set
(CI sets it from the repository it runs in); otherwise _config.yml is used as it is.

    python tools/book_config.py https://github.com/<owner>/<repo> > _build/_config.yml
"""

import re
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "_config.yml"
REPOSITORY_URL = re.compile(r"^(repository:\n  url: ).*$", re.MULTILINE)


def main(url: str) -> int:
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url.rstrip("/")):
        print(f"book_config: {url!r} is not a GitHub repository URL (https://github.com/<owner>/<repo>)", file=sys.stderr)
        return 2
    text, count = REPOSITORY_URL.subn(lambda match: match[1] + url.rstrip("/"), CONFIG.read_text(encoding="utf-8"))
    if count != 1:
        print("book_config: _config.yml has no `repository:` block with `url:` as its first key", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
