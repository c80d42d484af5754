"""A4 PDF through an installed Chromium-family browser, when WeasyPrint cannot run.

Why a second engine: WeasyPrint (the ``pdf`` extra) needs the Pango library,
which Linux has but Windows and macOS must install apart; most secretaries use
Windows, and every Windows 10/11 has Microsoft Edge. So ``--format pdf`` asks
WeasyPrint first and, when it cannot be imported, prints with the first
browser it finds (Edge, Chrome or Chromium, ``--headless --print-to-pdf``):
the report's print CSS is made for both (tests/test_print.py prints with both).

Safety: the browser opens a copy of the report in a private temporary folder,
with a fresh profile, no extensions, no background networking; every report
carries the Content-Security-Policy ``default-src 'none'`` first in its head
(report/render.py ``with_csp``, which a repository template cannot loosen), so
the page can load no file, image, frame or font, local or remote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import EXIT_PROBLEMS, CoprodError
from ..lang import _

#: Names on PATH, most specific first.
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "msedge", "chrome")
#: A report prints in about a second; this bounds a browser that hangs.
TIMEOUT_SECONDS = 120.0
#: Flags of a quiet, private, offline print (the probe of this machine's env notes; Chromium ≥ 112).
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


def _installed_paths() -> list[Path]:
    """Where Edge, Chrome and Chromium install themselves on Windows and macOS."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")]
        tails = ("Microsoft/Edge/Application/msedge.exe", "Google/Chrome/Application/chrome.exe", "Chromium/Application/chrome.exe")
        return [Path(root) / tail for root in roots if root for tail in tails]
    if sys.platform == "darwin":
        apps = ("Google Chrome.app/Contents/MacOS/Google Chrome", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge", "Chromium.app/Contents/MacOS/Chromium")
        return [Path(base) / app for base in ("/Applications", Path.home() / "Applications") for app in apps]
    return []


def find_browser() -> Path | None:
    """The browser to print with: ``COPROD_BROWSER`` if set, else the first one found."""
    chosen = os.environ.get("COPROD_BROWSER")
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    for name in PATH_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in _installed_paths() if p.is_file()), None)


def _argv(browser: Path, profile: Path, page: Path, dest: Path) -> list[str]:
    argv = [str(browser), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={dest}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox (containers, CI)
    return [*argv, page.as_uri()]


def print_html(browser: Path, html: str, name: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF of one report (``html``, a whole document), printed by ``browser``.

    Raises ``CoprodError`` (exit 1) in Spanish naming the report when the
    browser fails, hangs or writes nothing. The policy is put first here too
    (``with_csp`` leaves a report that has it as it is): without it, a page
    opened from a file may frame any other local file into the PDF.
    """
    from .render import with_csp

    html = with_csp(html)
    with tempfile.TemporaryDirectory(prefix="coprod-pdf-") as tmp:
        folder = Path(tmp)
        page, dest = folder / "informe.html", folder / "informe.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(
                _argv(browser, folder / "perfil", page, dest),
                capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False,
            )
        except subprocess.TimeoutExpired:
            raise _failed(browser, name, _("no terminó en {n} segundos").format(n=int(timeout))) from None
        except OSError as exc:
            raise _failed(browser, name, _("no se pudo ejecutar ({reason})").format(reason=exc.strerror or exc)) from None
        if not dest.is_file() or dest.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [_("sin mensaje")]
            raise _failed(browser, name, _("terminó con código {code} sin escribir el PDF ({detail})").format(code=done.returncode, detail=detail[0][:200]))
        return dest.read_bytes()


def _failed(browser: Path, name: str, why: str) -> CoprodError:
    return CoprodError(
        _(
            "el navegador «{browser}» no pudo imprimir «{name}» en PDF: {why}. "
            'Instale el extra de PDF (pip install "coprod[pdf]") o imprima el informe HTML desde el navegador (Ctrl+P).'
        ).format(browser=browser, name=name, why=why),
        EXIT_PROBLEMS,
    )


__all__ = ["FLAGS", "PATH_NAMES", "TIMEOUT_SECONDS", "find_browser", "print_html"]
