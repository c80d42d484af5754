"""`coprod serve`'s pages in Debian's Chromium under axe-core: no serious or
critical accessibility violation (issue 18, point 5).

Two tests: the browsing pages (dashboard, agreements, problems, reports), and
the pages of the forms (an agreement, the month's progress, sessions,
indicators, a new agreement), parametrised and switched on by OTHERS_MERGED
once those pages are on main.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import EXAMPLE
from webkit import axe_violations, chromium, needs_chromium, served

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")
pytest.importorskip("axe_playwright_python", reason="axe-playwright-python no está instalado")

SHEET = "imas-ina-mapeo-familias"

#: The browsing pages (helper A of issue 18).
OWN_PAGES = [
    "/?mes=2015-09",
    "/?mes=2015-13",  # the month form with its message
    "/acuerdos?mes=2015-09",
    "/acuerdos?q=zzz",
    "/problemas",
    "/informes/?mes=2015-09",
    "/informes/2015-09/index.html",
    f"/informes/2015-09/ficha-{SHEET}.html",
    "/informes/no-existe.html",  # the 404 page
]

# ---------------------------------------------------------------------------
OTHERS_MERGED = True
OTHER_PAGES = [
    f"/acuerdos/{SHEET}",
    "/avance?mes=2015-09",
    "/sesiones",
    "/sesiones/2015-09-08",
    "/indicadores",
    "/nuevo",
    "/nuevo/acuerdo",
    "/nuevo/actor",
]


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("a11y") / "desamparados"
    shutil.copytree(EXAMPLE, root)
    with served(root) as s, chromium() as browser:
        page = browser.new_page()
        page.goto(s.url)  # the address with its key; every link of the app keeps it
        yield s, page


def _check(browser_page, path: str, expect: int = 200) -> None:
    s, page = browser_page
    response = page.goto(s.app + path)
    assert response is not None and response.status == expect, path
    assert page.locator("html").get_attribute("lang") == "es"
    found = axe_violations(page)
    assert found == [], f"{path}: {found}"


@needs_chromium
@pytest.mark.parametrize("path", OWN_PAGES)
def test_the_browsing_pages_have_no_serious_accessibility_violation(browser_page, path):
    _check(browser_page, path, 404 if "no-existe" in path else 200)


@needs_chromium
@pytest.mark.skipif(not OTHERS_MERGED, reason="páginas de los formularios (issue 18, B y C): se activa con OTHERS_MERGED al unirlas")
@pytest.mark.parametrize("path", OTHER_PAGES)
def test_the_form_pages_have_no_serious_accessibility_violation(browser_page, path):
    _check(browser_page, path)
