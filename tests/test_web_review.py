"""A hostile review of `coprod serve` (issue 18): each test reproduces a defect found, beside its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import webkit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "desamparados"
IDENT = "app-comercio-empleo-juvenil"


@pytest.fixture()
def repo(tmp_path):
    root = tmp_path / "desamparados"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture()
def client(repo):
    return webkit.app_client(repo)


def _progress(client, note: str, month: str = "2015-10"):
    return client.post(f"/acuerdos/{IDENT}/avance", data={
        "csrf": client.guard.csrf, "mes": month, "nivel": "50", "nota": note, "reemplazar": "si"})


def test_a_note_longer_than_the_limit_is_refused_never_cut(client, repo):
    from coprod_cli.web.forms import MAX_FIELD_CHARS

    path = repo / "acuerdos" / f"{IDENT}.yaml"
    before = path.read_bytes()
    r = _progress(client, "palabra " * (MAX_FIELD_CHARS // 8 + 10))
    assert r.status_code == 400
    assert "«nota»" in r.text and "acorte el texto" in r.text and "No se escribió nada" in r.text
    assert path.read_bytes() == before


def test_a_note_typed_on_two_lines_is_written_with_the_files_line_end(client, repo):
    """A browser sends a textarea's line ends as CR LF: written as they came, the file got «"uno\\r\\ndos"»."""
    path = repo / "acuerdos" / f"{IDENT}.yaml"
    r = _progress(client, "uno\r\ndos")
    assert r.status_code == 200
    text = path.read_text(encoding="utf-8")
    assert "\\r" not in text and "\r" not in text
    import yaml

    entries = yaml.safe_load(text)["avance"]
    assert [e.get("nota") for e in entries if str(e["mes"]) == "2015-10"] == ["uno\ndos"]
