"""Shared pieces of the web app's tests (`coprod serve`).

* ``Served``: the real command, `python -m coprod_cli serve COPY --port N`, in a
  subprocess; ``start(root)`` waits for the address it prints (with the key).
* ``client(served)``: an httpx client whose base URL is the address with its key
  (``/k/KEY``), for requests without a browser.
* ``chromium()``: Debian's Chromium under Playwright (as tests/test_browser.py);
  ``csrf_of(html)``: the form key of a page.
* ``app_client(root)``: Starlette's TestClient over the app, in this process (fast
  checks of a route without a server).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium no está instalado (en CI sí se instala)"
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/k/([A-Za-z0-9_\-]+)/")


@dataclass
class Served:
    root: Path
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/k/KEY/
    port: int
    token: str

    @property
    def base(self) -> str:
        """The server without the key: every path under it is refused."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def app(self) -> str:
        """The app's root with the key, without the last «/»: ``app + "/acuerdos"``."""
        return f"{self.base}/k/{self.token}"

    def stop(self) -> str:
        """Stop the server (as Ctrl+C would) and return what it printed."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        out = self.process.stdout.read() if self.process.stdout else ""
        return out


def start(root: Path, *extra: str, timeout: float = 30) -> Served:
    """`coprod serve ROOT --port 0` in a subprocess; returns once it prints its address."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coprod_cli", "serve", str(root), "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, env=env,
    )
    seen = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        m = URL.search(line)
        if m:
            return Served(root, proc, m.group(0), int(m.group(1)), m.group(2))
    proc.kill()
    raise AssertionError("coprod serve did not print its address:\n" + "".join(seen))


@contextmanager
def served(root: Path, *extra: str) -> Iterator[Served]:
    s = start(root, *extra)
    try:
        yield s
    finally:
        s.stop()


def client(s: Served):  # -> httpx.Client
    """An httpx client whose base URL carries the key: ``c.get("/acuerdos")`` is ``/k/KEY/acuerdos``."""
    import httpx

    return httpx.Client(base_url=s.app, follow_redirects=False, timeout=60)


def prefix_of(c) -> str:
    """``/k/KEY`` of a client from ``client()`` or ``app_client()``: what the app's links start with."""
    return str(c.base_url.path).rstrip("/")


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m, "the page has no form with the CSRF key"
    return m.group(1)


@contextmanager
def chromium():
    """A Playwright Chromium browser (Debian's), closed afterwards."""
    assert CHROMIUM, "chromium is required in CI"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page, serious_only: bool = True) -> list[dict]:
    """axe-core (vendored in axe-playwright-python) run in ``page``: the serious and critical violations.

    The app's CSP forbids scripts in the page; Playwright's evaluate runs in the
    page's world but is not subject to it (it is the DevTools protocol), so axe runs
    without loosening the policy."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = results.response["violations"]
    if serious_only:
        found = [v for v in found if v.get("impact") in ("serious", "critical")]
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in found]


def app_client(root: Path):
    """Starlette's TestClient over the app for ``root`` (in this process), its base URL with the key."""
    from starlette.testclient import TestClient

    from coprod_cli.web.app import create_app
    from coprod_cli.web.security import Guard

    guard = Guard(port=8000)
    tc = TestClient(create_app(root, guard), base_url=guard.url("").rstrip("/"), follow_redirects=False)
    tc.guard = guard  # type: ignore[attr-defined]
    return tc


@contextmanager
def served_example(folder: Path, *extra: str) -> Iterator[Served]:
    """`coprod serve` on a fresh copy of examples/desamparados in ``folder`` (never the example itself)."""
    root = folder / "desamparados"
    example = Path(__file__).resolve().parent.parent / "examples" / "desamparados"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    with served(root, *extra) as s:
        yield s
