"""`coprod report --format pdf` (issue 16, report/pdf.py, pipeline/paper.py):
every report as an A4 PDF plus the monthly package, the figures of each
report in its PDF's text, no personal value in a public PDF (text or
metadata), nothing fetched whatever a repository template's HTML points at,
and a Spanish message (never a traceback) without the extra or a writable
folder. The page layout (columns, page counts) is tests/test_print.py's."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("weasyprint")

from conftest import EXAMPLE  # noqa: E402
from coprod_cli.load.repository import load_repository  # noqa: E402
from reportkit import leaks, personal_values  # noqa: E402

AS_OF = "2026-09"
PACKAGE = f"paquete-{AS_OF}.pdf"
SHEET = "imas-ina-mapeo-familias"
#: A figure of a report: a percentage, a count of criteria, «N de M».
FIGURE = re.compile(r"\d+(?:,\d+)? %|\d+/14|\d+ de \d+")


def _run(out: Path, *extra: object, repo: Path = EXAMPLE, fmt: str = "pdf") -> None:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", str(repo), "--out", str(out), "--as-of", AS_OF, "--format", fmt, *map(str, extra)])
    assert exc.value.code == 0


@functools.cache
def _pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _metadata(path: Path) -> dict[str, str]:
    with pdfplumber.open(path) as pdf:
        return {k: v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for k, v in pdf.metadata.items()}


def _outline(path: Path) -> list[tuple[int, str]]:
    with pdfplumber.open(path) as pdf:
        return [(level, title) for level, title, *_ in pdf.doc.get_outlines()]


def _searchable(path: Path) -> str:
    """The PDF's text as the leak search needs it: a name wrapped inside a table
    cell («Andrea / Solís / Vargas») is one line of the page per line of the
    cell, so each cell's text is added whole (lines joined with and without a
    space), and the metadata and raw bytes (the info dictionary) too."""
    parts = [path.read_bytes().decode("latin-1"), *_metadata(path).values()]
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            parts += [text, re.sub(r"\s+", " ", text)]
            for table in page.extract_tables():
                cells = [c for row in table for c in row if c]
                parts += [c.replace("\n", " ") for c in cells] + [c.replace("\n", "") for c in cells]
    return "\n".join(parts)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def internal(tmp_path_factory) -> Path:
    """The folder of the example's whole internal set as PDF (written once)."""
    out = tmp_path_factory.mktemp("pdf") / "informes"
    _run(out)
    return out


@pytest.fixture(scope="module")
def markdown(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("md") / "informes"
    _run(out, fmt="md")
    return {p.stem: p.read_text(encoding="utf-8") for p in out.glob("*.md")}


@pytest.fixture(scope="module")
def personal() -> set[str]:
    return personal_values(load_repository(EXAMPLE))


def test_every_report_is_a_pdf_and_the_package_comes_with_them(internal, markdown):
    folder = internal
    names = {p.name for p in folder.iterdir()}
    assert names == {f"{stem}.pdf" for stem in markdown} | {PACKAGE}  # one PDF per report, nothing else (no HTML, no temporary)
    assert len(names) == 21  # 13 reports (indicators and working groups among them), the minutes of seven sessions, the package
    for name in names:
        assert (folder / name).read_bytes().startswith(b"%PDF-")
        assert _metadata(folder / name)["Creator"] == "coprod"
    assert _metadata(folder / "index.pdf")["Title"] == "Índice de informes · Desamparados"
    assert _metadata(folder / f"ficha-{SHEET}.pdf")["Title"].startswith("Ficha del acuerdo: ")


@pytest.mark.parametrize("stem", ["index", "monitoreo", "avance-2026-09", "anual-2015", f"ficha-{SHEET}", "acta-2015-09-08"])
def test_the_figures_of_each_report_are_in_its_pdf(internal, markdown, stem):
    """Every percentage, «N/14» and «N de M» of the report's Markdown (same month) is in its PDF's text."""
    figures = set(FIGURE.findall(markdown[stem]))
    assert figures  # the check is not vacuous
    text = _flat("".join(_pages(internal / f"{stem}.pdf")))
    assert sorted(f for f in figures if _flat(f) not in text) == []


def test_the_package_is_index_progress_and_monitoring_in_order_with_a_bookmark_each(internal):
    folder = internal
    pages = _pages(folder / PACKAGE)
    parts = [_pages(folder / "index.pdf"), _pages(folder / f"avance-{AS_OF}.pdf"), _pages(folder / "monitoreo.pdf")]
    assert pages == [p for part in parts for p in part]  # the three PDFs, whole, in this order
    top = [title for level, title in _outline(folder / PACKAGE) if level == 1]
    assert top == ["Índice de informes · Desamparados", f"Informe de avance de {AS_OF} · Desamparados", "Tabla de monitoreo · Desamparados"]
    assert _metadata(folder / PACKAGE)["Title"] == f"Paquete mensual de {AS_OF} · Desamparados"


def test_links_between_reports_point_at_the_pdf_files_and_inside_the_package(internal):
    folder = internal
    with pdfplumber.open(folder / "index.pdf") as pdf:
        uris = {link.get("uri") for page in pdf.pages for link in page.hyperlinks}
    assert {"monitoreo.pdf", f"avance-{AS_OF}.pdf", f"ficha-{SHEET}.pdf", "anual-2015.pdf"} <= uris
    assert not any(u and u.endswith(".html") for u in uris)
    with pdfplumber.open(folder / PACKAGE) as pdf:
        first = pdf.pages[0].hyperlinks
        uris = {link.get("uri") for link in first}
        jumps = {a["data"].get("Dest") for a in pdf.pages[0].annots} - {None}
    assert "monitoreo.pdf" not in uris and f"avance-{AS_OF}.pdf" not in uris and "actores.pdf" in uris
    assert {b"coprod-seccion-1", b"coprod-seccion-2"} <= jumps  # index → progress and monitoring: jumps inside the package


def test_only_one_sheet_writes_that_pdf_and_no_package(cli, tmp_path):
    out = tmp_path / "informes"
    r = cli("report", EXAMPLE, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", SHEET)
    assert r.code == 0, r.err
    assert [p.name for p in out.iterdir()] == [f"ficha-{SHEET}.pdf"]
    assert "✓ 1 informes escritos" in r.out
    text = "".join(_pages(out / f"ficha-{SHEET}.pdf"))
    assert "Mapeo" in text or "mapeo" in text


def test_the_cli_points_at_the_index_pdf(cli, tmp_path):
    out = tmp_path / "informes"
    r = cli("report", EXAMPLE, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 0, r.err
    assert sorted(p.name for p in out.iterdir()) == ["index.pdf"]
    assert f"Abra{out / 'index.pdf'}" in "".join(r.out.split())


def test_public_pdfs_hold_no_personal_value_in_text_or_metadata(tmp_path_factory, internal, personal):
    out = tmp_path_factory.mktemp("publico") / "informes"
    _run(out, "--public")
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 21
    found = {p.name: leaks(_searchable(p), personal) for p in files}
    assert {name: values for name, values in found.items() if values} == {}
    # Not vacuous: the internal actor map and progress report do hold them, and the search finds them.
    folder = internal
    assert len(leaks(_searchable(folder / "actores.pdf"), personal)) > 30
    assert len(leaks(_searchable(folder / f"avance-{AS_OF}.pdf"), personal)) > 20


# --- A hostile repository template: its HTML points everywhere, nothing is fetched ---------------

SECRET = "SECRETO-DEL-REPOSITORIO-7319"

HOSTILE_BASE = """\
<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<base href="file:///">
<title>{% block title %}{% endblock %}</title>
<style>@import url("file:///etc/passwd"); @import url("http://127.0.0.1:PORT/import.css");</style>
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="http://127.0.0.1:PORT/link.css">
<link rel="stylesheet" href="secreto.css">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="attachment" href="secreto.txt">
<meta name="author" content="Autor-De-La-Plantilla">
<meta name="keywords" content="palabra-de-la-plantilla">
<style>
{% include "reports/style.css" %}
@font-face { font-family: Robada; src: url("http://127.0.0.1:PORT/font.woff"); }
body { font-family: Robada, sans-serif; background: url("file:///etc/passwd"); }
h1::after { content: url("http://127.0.0.1:PORT/after.svg"); }
</style>
</head>
<body>
<img src="file:///etc/passwd" alt=""><img src="../secreto.txt" alt=""><img src="secreto.txt" alt="">
<img src="http://127.0.0.1:PORT/img.png" alt="">
<iframe src="file:///etc/passwd"></iframe>
<object data="secreto.txt" type="text/plain"></object>
<embed src="file:///etc/passwd" type="text/plain">
<svg width="10" height="10"><image href="http://127.0.0.1:PORT/svg.png" width="10" height="10"/></svg>
<a rel="attachment" href="file:///etc/passwd">adjunto</a>
<a href="file:///etc/passwd">enlace local</a> <a href="javascript:alert(1)">guion</a> <a href="https://example.org/">sitio</a>
{% block content %}{% endblock %}
</body>
</html>
"""

HOSTILE_CSS = """\
@import url("http://127.0.0.1:PORT/style-import.css");
@import url("secreto.css");
main { background-image: url("http://127.0.0.1:PORT/bg.png"); }
footer::before { content: url("file:///etc/passwd"); }
"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.seen.append(self.path)
        body = f"body {{ color: red }} /* {SECRET} */".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def generous(monkeypatch):
    """Rendering repository templates has its own deadlines (0.5 s a sheet): on a loaded
    machine they are not what these tests are about."""
    from coprod_cli.report.bounds import Limits

    monkeypatch.setattr(Limits, "for_size", classmethod(lambda cls, agreements, reports: cls(20.0, 20.0, 300.0, 32 * 2**20, 2**30)))


@pytest.fixture
def listening():
    """A local HTTP server that records every request it gets (and answers with the secret)."""
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Recorder.seen
    server.shutdown()
    server.server_close()


def _hostile_repo(root: Path, port: int) -> Path:
    repo = root / "canton"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    (repo / "secreto.txt").write_text(SECRET, encoding="utf-8")
    (repo / "secreto.css").write_text(f'body::before {{ content: "{SECRET}" }}', encoding="utf-8")
    own = repo / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "base.html.j2").write_text(HOSTILE_BASE.replace("PORT", str(port)), encoding="utf-8")
    (own / "style.css").write_text(HOSTILE_CSS.replace("PORT", str(port)), encoding="utf-8")
    return repo


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """Every URL WeasyPrint asked our fetcher for (the proof the hostile HTML did ask).

    Kept in a file: with repository templates the conversion runs in a (forked) worker."""
    import coprod_cli.report.pdf as pdf

    log = tmp_path / "asked.txt"
    original = pdf.refusing_fetcher

    def recording(weasyprint):
        fetcher = original(weasyprint)
        refuse = fetcher.fetch

        def fetch(url, headers=None):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(url + "\n")
            return refuse(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf, "refusing_fetcher", recording)
    return lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_hostile_template_gets_its_pdf_written_with_nothing_fetched(cli, tmp_path, listening, asked, generous):
    port, seen = listening
    repo = _hostile_repo(tmp_path, port)
    out = tmp_path / "informes"
    r = cli("report", repo, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 0, r.err
    assert "Traceback" not in r.err and "WARNING" not in r.err and "ERROR" not in r.err  # WeasyPrint's log stays quiet
    pdf_file = out / "index.pdf"
    text = "\n".join(_pages(pdf_file))
    assert "Informes de coproducción" in text and "8/14" in text  # the report is there
    assert seen == []  # no connection reached the local server
    urls = asked()
    assert any(u.startswith("file:///etc/passwd") for u in urls) and any(u.startswith("http://127.0.0.1") for u in urls)
    raw = pdf_file.read_bytes()
    assert SECRET not in text and "root:" not in text
    assert b"/EmbeddedFiles" not in raw and b"/Author" not in raw and b"/Keywords" not in raw
    with pdfplumber.open(pdf_file) as pdf:
        uris = {link.get("uri") for page in pdf.pages for link in page.hyperlinks}
    # Its <base href="file:///"> made the links between reports file: URLs: dropped, like any link but the web's.
    assert uris == {"https://example.org/"}
    assert not any(u and u.startswith(("file:", "javascript:")) for u in uris)  # links nowhere but reports and the web


def test_without_the_refusing_fetcher_the_same_template_would_fetch(cli, tmp_path, listening, monkeypatch, generous):
    """The hostile test is not vacuous: WeasyPrint's own fetcher does reach the server (and the disk)."""
    import weasyprint

    import coprod_cli.report.pdf as pdf

    port, seen = listening
    repo = _hostile_repo(tmp_path, port)
    monkeypatch.setattr(pdf, "refusing_fetcher", lambda w: weasyprint.urls.URLFetcher(timeout=5))
    r = cli("report", repo, "--out", tmp_path / "informes", "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 0, r.err
    assert "/import.css" in seen and "/link.css" in seen


# --- Without the extra, or without a writable folder: a Spanish message ---------------------------


class _NoPango:
    """An import hook: ``weasyprint`` fails as on Windows without Pango (OSError) or not installed (ImportError)."""

    def __init__(self, error: type[Exception]) -> None:
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise self.error("cannot load library 'libpango-1.0-0': error 0x7e" if self.error is OSError else "No module named 'weasyprint'")
        return None


@pytest.mark.parametrize("error", [ImportError, OSError])
def test_without_the_extra_a_spanish_message_says_how_to_install_it(cli, tmp_path, monkeypatch, error):
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(error), *sys.meta_path])
    monkeypatch.setenv("COPROD_BROWSER", str(tmp_path / "no-hay-navegador"))  # and no browser to fall back on
    out = tmp_path / "informes"
    r = cli("report", EXAMPLE, "--out", out, "--as-of", AS_OF, "--format", "pdf")
    assert r.code == 2
    assert 'pip install "coprod[pdf]"' in " ".join(r.err.split()) and "Pango" in r.err
    assert "Traceback" not in r.err and "libpango" not in r.err
    assert not out.exists()  # nothing written, not even the folder


def test_a_folder_that_refuses_writes_gets_the_usual_spanish_message(cli, tmp_path, monkeypatch):
    import errno
    import os

    from coprod_cli import fsutil

    out = tmp_path / "informes"
    original = fsutil._write_temp

    def refuse(folder, *args, **kwargs):
        if Path(folder) == out:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return original(folder, *args, **kwargs)

    monkeypatch.setattr(fsutil, "_write_temp", refuse)
    r = cli("report", EXAMPLE, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 2, r.err
    err = " ".join(r.err.split())
    assert f"no se pudieron escribir los informes en «{out}» (no hay permiso para escribir ahí); 0 de 1 quedaron escritos, ninguno a medias" in err
    assert "Traceback" not in r.err
    assert list(out.iterdir()) == []


def test_a_template_whose_html_is_too_heavy_to_convert_is_stopped(cli, tmp_path, monkeypatch, generous):
    """Repository templates convert in a worker under a deadline: a stuck conversion is stopped, in Spanish."""
    from coprod_cli.pipeline import paper

    repo = tmp_path / "canton"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    own = repo / "templates" / "reports"
    own.mkdir(parents=True)
    heavy = '{% extends "reports/base.html.j2" %}{% block content %}{% for i in range(20000) %}<p>fila {{ i }}</p>{% endfor %}{% endblock %}'
    (own / "indice.html.j2").write_text(heavy, encoding="utf-8")
    monkeypatch.setattr(paper.Bound, "for_size", classmethod(lambda cls, n: cls(seconds=1.0, memory_bytes=2**30)))
    out = tmp_path / "informes"
    start = time.monotonic()
    r = cli("report", repo, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 1, r.err
    assert "la conversión a PDF de «index.pdf» tardó más de 1 s y se detuvo" in " ".join(r.err.split())
    assert "Traceback" not in r.err
    assert time.monotonic() - start < 30
    assert list(out.iterdir()) == []  # nothing half-written


def test_conversion_in_a_spawned_worker_works(cli, tmp_path, monkeypatch, generous):
    """Where there is no fork (Windows, macOS) the worker is spawned (its task pickled). A repository
    template (here coprod's own style.css, copied) puts the conversion in a worker."""
    import multiprocessing as mp

    from coprod_cli.pipeline import paper
    from coprod_cli.report.environment import BUILTIN

    repo = tmp_path / "canton"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    (repo / "templates" / "reports").mkdir(parents=True)
    shutil.copy(Path(BUILTIN) / "reports" / "style.css", repo / "templates" / "reports" / "style.css")
    monkeypatch.setattr(paper, "_context", lambda: mp.get_context("spawn"))
    out = tmp_path / "informes"
    r = cli("report", repo, "--out", out, "--as-of", AS_OF, "--format", "pdf", "--only", SHEET)
    assert r.code == 0, r.err
    assert [p.name for p in out.iterdir()] == [f"ficha-{SHEET}.pdf"]
    assert "Mapeo" in "".join(_pages(out / f"ficha-{SHEET}.pdf"))


def test_a_terminated_run_leaves_no_temporary_html_and_no_half_pdf(tmp_path):
    """The internal HTML (personal data) lives in a private temporary folder: SIGTERM removes it too."""
    import os
    import signal
    import subprocess

    temp, out = tmp_path / "tmp", tmp_path / "informes"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coprod_cli", "report", str(EXAMPLE), "--out", str(out), "--as-of", AS_OF, "--format", "pdf"],
        env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not (out.is_dir() and list(out.glob("*.pdf"))) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert list(temp.glob("coprod-pdf-*")), "the run had its temporary folder"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "Traceback" not in err.decode()
    assert list(temp.iterdir()) == []
    written = list(out.iterdir())
    assert 0 < len(written) < 19
    for p in written:
        data = p.read_bytes()
        assert p.suffix == ".pdf" and data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), p.name


@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None, reason="sin Chromium")
def test_without_weasyprint_an_installed_browser_prints_each_report(tmp_path, monkeypatch):
    """Windows without Pango: the reports are printed by Edge/Chrome/Chromium (report/pdf_browser.py), links to the
    .pdf files (Chromium makes them absolute to the page's temporary folder: a known limit of this fallback)."""
    from coprod_cli.cli.common import parse_month
    from coprod_cli.pipeline.paper import write_pdf_reports
    from coprod_cli.pipeline.reports import prepare_reports

    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(OSError), *sys.meta_path])
    monkeypatch.delenv("COPROD_BROWSER", raising=False)
    out = tmp_path / "informes"
    job = prepare_reports(EXAMPLE, out, parse_month(AS_OF), ("pdf",), False, "monitoreo")
    assert [p.name for p in write_pdf_reports(job)] == ["monitoreo.pdf"]
    assert [p.name for p in out.iterdir()] == ["monitoreo.pdf"]
    with pdfplumber.open(out / "monitoreo.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        uris = {link.get("uri") or "" for page in pdf.pages for link in page.hyperlinks}
    assert "Tabla de monitoreo" in text
    assert any(u.endswith(f"ficha-{SHEET}.pdf") for u in uris) and not any(u.endswith(".html") for u in uris)


def _stuck_ignoring_sigterm(task):
    """A worker stuck where its SIGTERM handler cannot run (the signal blocked, as in a C wait)."""
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    time.sleep(120)
    return ("ok", None)


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX: bloquear SIGTERM en el trabajador")
def test_a_worker_stuck_where_sigterm_cannot_reach_it_is_killed_at_the_deadline(cli, tmp_path, monkeypatch, generous):
    """The pool's terminate() sends SIGTERM; a worker that cannot run its handler is killed outright, so the
    run ends at its deadline instead of waiting for the worker forever (seen once in CI)."""
    from coprod_cli.pipeline import paper

    repo = tmp_path / "canton"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    own = repo / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "indice.html.j2").write_text('{% extends "reports/base.html.j2" %}{% block content %}<p>x</p>{% endblock %}', encoding="utf-8")
    monkeypatch.setattr(paper.Bound, "for_size", classmethod(lambda cls, n: cls(seconds=1.0, memory_bytes=2**30)))
    monkeypatch.setattr(paper, "_convert_here", _stuck_ignoring_sigterm)
    start = time.monotonic()
    r = cli("report", repo, "--out", tmp_path / "informes", "--as-of", AS_OF, "--format", "pdf", "--only", "indice")
    assert r.code == 1 and "tardó más de 1 s y se detuvo" in " ".join(r.err.split())
    assert time.monotonic() - start < 60
