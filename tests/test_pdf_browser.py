"""The browser engine of `--format pdf` (report/pdf_browser.py): Edge, Chrome or
Chromium printing a report when WeasyPrint cannot run (Windows without Pango)."""

from __future__ import annotations

import os
import shutil
import stat
import sys

import pytest

from coprod_cli.errors import CoprodError
from coprod_cli.report import pdf_browser
from coprod_cli.report.render import with_csp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium no está instalado (en CI sí se instala)"
)
HOSTILE = (
    "<!DOCTYPE html><html><head><style>@import url(file:///etc/hostname);"
    " body { background: url(file:///etc/passwd) }</style></head><body><p>hola</p>"
    '<iframe src="file://{secret}" width="600" height="400"></iframe>'
    '<object data="file://{secret}"></object><embed src="file://{secret}">'
    '<img src="http://127.0.0.1:9/x.png"></body></html>'
)


def _text(pdf: bytes, tmp_path) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    with pdfplumber.open(path) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@needs_chromium
def test_a_hostile_page_cannot_frame_a_local_file_into_the_pdf(tmp_path, monkeypatch):
    secret = tmp_path / "secreto.txt"
    secret.write_text("CLAVE-SECRETA-123", encoding="utf-8")
    monkeypatch.delenv("COPROD_BROWSER", raising=False)
    browser = pdf_browser.find_browser()
    assert browser is not None
    page = HOSTILE.replace("{secret}", secret.as_posix())
    text = _text(pdf_browser.print_html(browser, page, "hostil.html"), tmp_path)
    assert "hola" in text
    assert "CLAVE-SECRETA-123" not in text and "root:" not in text


@needs_chromium
def test_the_same_page_without_the_policy_would_leak(tmp_path):
    """Not vacuous: a browser left to itself frames the file (this is what with_csp prevents)."""
    secret = tmp_path / "secreto.txt"
    secret.write_text("CLAVE-SECRETA-123", encoding="utf-8")
    page = HOSTILE.replace("{secret}", secret.as_posix())
    monkey = pytest.MonkeyPatch()
    monkey.setattr("coprod_cli.report.render.with_csp", lambda html: html)
    try:
        text = _text(pdf_browser.print_html(pdf_browser.find_browser(), page, "x"), tmp_path)
    finally:
        monkey.undo()
    assert "CLAVE-SECRETA-123" in text
    assert "Content-Security-Policy" in with_csp(page)


def test_coprod_browser_chooses_the_browser_and_a_missing_one_is_none(tmp_path, monkeypatch):
    monkeypatch.setenv("COPROD_BROWSER", str(tmp_path / "no-existe.exe"))
    assert pdf_browser.find_browser() is None
    fake = tmp_path / "navegador"
    fake.write_text("", encoding="utf-8")
    monkeypatch.setenv("COPROD_BROWSER", str(fake))
    assert pdf_browser.find_browser() == fake


def test_windows_and_macos_install_places_are_searched(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path))
    paths = pdf_browser._installed_paths()
    assert tmp_path / "Microsoft/Edge/Application/msedge.exe" in paths
    monkeypatch.setattr(sys, "platform", "darwin")
    assert any("Google Chrome.app" in str(p) for p in pdf_browser._installed_paths())


@pytest.mark.skipif(sys.platform == "win32", reason="un guion de shell hace de navegador")
@pytest.mark.parametrize(
    ("script", "expected"),
    [("#!/bin/sh\necho 'algo falló' >&2\nexit 3\n", "terminó con código 3 sin escribir el PDF (algo falló)"),
     ("#!/bin/sh\nsleep 30\n", "no terminó en 1 segundos")],
)
def test_a_failing_or_hanging_browser_is_a_spanish_error_naming_the_report(tmp_path, script, expected):
    fake = tmp_path / "navegador"
    fake.write_text(script, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(CoprodError) as exc:
        pdf_browser.print_html(fake, "<p>x</p>", "monitoreo.html", timeout=1)
    assert "no pudo imprimir «monitoreo.html» en PDF" in str(exc.value)
    assert expected in str(exc.value)
    assert 'pip install "coprod[pdf]"' in str(exc.value)
    assert exc.value.exit_code == 1
