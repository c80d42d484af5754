"""`coprod report --only`: a report key or an agreement id (its sheet), and the refusals."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from conftest import EXAMPLE


def test_only_an_agreement_id_writes_that_sheet_and_nothing_else(cli, tmp_path):
    out = tmp_path / "o"
    r = cli("report", EXAMPLE, "--out", out, "--as-of", "2015-10", "--only", "imas-ina-mapeo-familias")
    assert r.code == 0, r.err
    assert sorted(p.name for p in out.iterdir()) == ["ficha-imas-ina-mapeo-familias.html", "ficha-imas-ina-mapeo-familias.md"]
    html = (out / "ficha-imas-ina-mapeo-familias.html").read_text(encoding="utf-8")
    assert "Mapeo de familias beneficiarias" in html
    assert "2 informes escritos" in r.out


def test_only_a_report_key_still_writes_every_sheet(cli, tmp_path):
    out = tmp_path / "o"
    r = cli("report", EXAMPLE, "--out", out, "--as-of", "2015-10", "--only", "ficha", "--format", "md")
    assert r.code == 0, r.err
    assert len(list(out.glob("ficha-*.md"))) == 6


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("imas-ina-mapeo", "imas-ina-mapeo-familias"), ("monitoro", "monitoreo"), ("IMAS-INA-MAPEO-FAMILIAS", "imas-ina-mapeo-familias")],
)
def test_an_unknown_only_is_refused_with_a_suggestion_and_nothing_is_written(cli, tmp_path, value, suggestion):
    out = tmp_path / "o"
    r = cli("report", EXAMPLE, "--out", out, "--only", value)
    assert r.code == 2
    assert f"«{value}» no es un informe" in r.err and "ni el id de un acuerdo" in r.err
    assert f"¿quiso decir «{suggestion}»?" in r.err
    assert "Traceback" not in r.err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("key", ["avance", "monitoreo", "indice", "anual", "acta"])
def test_docx_is_only_for_agreement_sheets(cli, tmp_path, key):
    pytest.importorskip("docxtpl", reason="el extra docx no está instalado")
    r = cli("report", EXAMPLE, "--out", tmp_path / "o", "--format", "docx", "--only", key)
    assert r.code == 2
    assert f"no el informe «{key}»" in r.err and "--only ID-DEL-ACUERDO" in r.err


@pytest.mark.parametrize(("fmt", "module", "extra"), [("pdf", "weasyprint", "pdf"), ("docx", "docxtpl", "docx")])
def test_a_missing_extra_is_said_in_spanish_before_any_work(cli, tmp_path, monkeypatch, fmt, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # `import` raises ImportError
    monkeypatch.setenv("COPROD_BROWSER", str(tmp_path / "sin-navegador"))  # and no browser to fall back on
    out = tmp_path / "o"
    r = cli("report", tmp_path / "no-existe", "--out", out, "--format", fmt)
    assert r.code == 2
    assert f'pip install "coprod[{extra}]"' in r.err
    assert "Traceback" not in r.err and not out.exists()


def test_format_refuses_an_unknown_value(cli, tmp_path):
    r = cli("report", EXAMPLE, "--out", tmp_path / "o", "--format", "odt")
    assert r.code == 2
    assert "html, md, both, pdf, docx" in r.err


@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"), reason="chromium no está instalado (en CI sí se instala)")
def test_without_weasyprint_the_command_prints_with_the_installed_browser(cli, tmp_path, monkeypatch):
    """Windows without Pango: `--format pdf` does not stop at the missing extra when a browser can print."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.delenv("COPROD_BROWSER", raising=False)
    out = tmp_path / "o"
    r = cli("report", EXAMPLE, "--out", out, "--format", "pdf", "--only", "monitoreo", "--as-of", "2015-10")
    assert r.code == 0, r.err
    assert [p.name for p in out.iterdir()] == ["monitoreo.pdf"]
    assert (out / "monitoreo.pdf").read_bytes().startswith(b"%PDF-")


def test_only_an_agreement_whose_file_cannot_be_read_says_so(cli, example, tmp_path):
    """Not «no such id»: the file is there, and `coprod validate` says which line to fix."""
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nobjetivo:", "\nobjetivo_x:"), encoding="utf-8")
    out = tmp_path / "o"
    r = cli("report", example, "--out", out, "--only", "imas-ina-mapeo-familias")
    assert r.code == 1
    assert "«acuerdos/imas-ina-mapeo-familias.yaml», que no se pudo leer" in r.err and "coprod validate" in r.err
    assert not out.exists() or not any(out.iterdir())
