"""The README's pictures of `coprod serve`, taken from the real app.

    python tools/screenshots.py            # writes docs/img/serve-*.png

Starts `coprod serve` on a copy of examples/desamparados (never the example
itself), opens the pages in Debian's Chromium (Playwright) with a Spanish
browser (es-CR: dates and months in the forms read as a secretary sees them),
and saves a screenshot of each. Needs the test extra and chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from webkit import chromium, served  # noqa: E402

OUT = ROOT / "docs" / "img"
PAGES = {
    "serve-avance.png": "/avance?mes=2015-09",
    "serve-tablero.png": "/?mes=2015-09",
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "desamparados"
        shutil.copytree(ROOT / "examples" / "desamparados", root, ignore=shutil.ignore_patterns(".coprod-cache"))
        with served(root) as s, chromium() as browser:
            context = browser.new_context(locale="es-CR", viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(s.url)
            for name, path in PAGES.items():
                page.goto(s.app + path)
                page.screenshot(path=str(OUT / name), full_page=False)
                print(OUT / name)


if __name__ == "__main__":
    main()
