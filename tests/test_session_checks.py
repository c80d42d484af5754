"""The session rules (CP7xx) beyond their rule cases: the example as of
several months (`coprod validate --as-of`), personal data in a session's
attendance never quoted, and `--changed-since` on session files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casekit import build
from conftest import EXAMPLE, EXAMPLE_WARNINGS
from coprod_cli.model.personal import NOT_SHOWN
from gitkit import commit_all, init


def _diagnostics(cli, root: Path, *extra: str) -> list[tuple[str, int, str]]:
    r = cli("validate", root, "--format", "json", "--no-cache", *extra)
    assert r.code in (0, 1), r.err
    return [(d["file"], d["line"], d["code"]) for d in json.loads(r.out)["diagnostics"]]


# --- the example, as of a month ------------------------------------------------------------

def test_the_example_as_of_december_2015_has_one_warning_the_overdue_imas_decision(cli):
    # Its one session warning; the plan's two (CP410, CP412) are in EXAMPLE_WARNINGS too.
    assert _diagnostics(cli, EXAMPLE) == list(EXAMPLE_WARNINGS)
    assert [d for d in _diagnostics(cli, EXAMPLE) if d[0].startswith("sesiones/")] == [("sesiones/2015-09-08.yaml", 44, "CP705")]


def test_as_of_moves_the_dated_rules(cli):
    # November 2015: the IMAS list (due 2015-10-30) is overdue; the December session has not been held yet.
    november = _diagnostics(cli, EXAMPLE, "--as-of", "2015-11")
    assert ("sesiones/2015-09-08.yaml", 44, "CP705") in november
    assert {(f, c) for f, _, c in november if f.startswith("sesiones/")} == {
        ("sesiones/2015-09-08.yaml", "CP705"),
        ("sesiones/2015-12-08.yaml", "CP706"),  # its minutes are written before its date
    }
    # February 2016: the December session's decision (due 2016-01-29) is overdue as well.
    february = _diagnostics(cli, EXAMPLE, "--as-of", "2016-02")
    assert [(f, c) for f, _, c in february if f.startswith("sesiones/")] == [
        ("sesiones/2015-09-08.yaml", "CP705"),
        ("sesiones/2015-12-08.yaml", "CP705"),
    ]


def test_as_of_goes_through_the_cache_keyed_on_the_month(cli, tmp_path):
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    for month, expected in (("2016-02", 2), ("2015-12", 1), ("2016-02", 2)):
        r = cli("validate", repo, "--format", "json", "--as-of", month)
        found = [d for d in json.loads(r.out)["diagnostics"] if d["code"] == "CP705"]
        assert len(found) == expected, month


@pytest.mark.parametrize("value", ["2015-13", "diciembre", "1980-01"])
def test_a_wrong_as_of_is_a_usage_error(cli, value):
    r = cli("validate", EXAMPLE, "--as-of", value)
    assert r.code == 2
    assert f"«--as-of {value}»" in r.err


# --- personal data in a session ---------------------------------------------------------

def _with_a_delegate(dest: Path, replacement: str) -> Path:
    shutil.copytree(EXAMPLE, dest)
    path = dest / "sesiones" / "2015-12-08.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    nombre: Marta Quesada Rojas\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, replacement), encoding="utf-8")
    return dest


def test_a_wrong_delegate_name_is_never_quoted(cli, tmp_path):
    """CP102 on `asistencia[].nombre` and CP103 on an unknown key next to it, in
    every format and in the terminal's source lines: the name never shows."""
    repo = _with_a_delegate(tmp_path / "r", "    nombre: [Zoila Ocho Secreta]\n    Zoila Nueve: jefa\n")
    for fmt in ("text", "json", "github", "sarif", "junit", "gitlab"):
        r = cli("validate", repo, "--format", fmt, "--no-cache")
        assert r.code == 1
        assert "Zoila" not in r.out + r.err, fmt
    r = cli("validate", repo, "--format", "json", "--no-cache")
    personal = [d for d in json.loads(r.out)["diagnostics"] if d["file"] == "sesiones/2015-12-08.yaml"]
    assert {d["code"] for d in personal} == {"CP102", "CP103"}
    assert all(NOT_SHOWN in d["message"] for d in personal)


def test_a_delegate_without_a_representative_in_the_map_is_warned_about_without_the_name(cli, tmp_path):
    repo = _with_a_delegate(tmp_path / "r", "    nombre: Zoila Diez Secreta\n")
    actors = repo / "actores.yaml"
    text = actors.read_text(encoding="utf-8")
    suplente = "    suplente:\n      nombre: Pablo Vindas Soto\n      cargo: Promotor\n      correo: pablo.vindas@dinadeco.example\n      telefono: +506 2000-1302\n"
    assert text.count(suplente) == 1
    actors.write_text(text.replace(suplente, ""), encoding="utf-8")
    r = cli("validate", repo, "--format", "json", "--no-cache")
    found = [d for d in json.loads(r.out)["diagnostics"] if d["code"] == "CP704"]
    assert [(d["file"], d["line"]) for d in found] == [("sesiones/2015-12-08.yaml", 25)]
    assert "dinadeco" in found[0]["message"]
    text_out = cli("validate", repo, "--no-cache").out
    assert "Zoila" not in r.out + text_out


def test_contact_data_in_a_session_is_found_and_not_quoted(cli, tmp_path):
    repo = _with_a_delegate(tmp_path / "r", "    nombre: Marta Quesada Rojas\n    nota: Zoila Once, 8888-7777\n")
    r = cli("validate", repo, "--format", "json", "--no-cache")
    found = [d for d in json.loads(r.out)["diagnostics"] if d["code"] == "CP601"]
    assert [(d["file"], d["line"]) for d in found] == [("sesiones/2015-12-08.yaml", 27)]
    assert NOT_SHOWN in found[0]["message"]
    assert "8888-7777" not in cli("validate", repo, "--no-cache").out


# --- --changed-since ------------------------------------------------------------------------

SESSION = """fecha: 2015-09-08
convocatoria:
  enviada: 2015-08-31
  agenda:
    - tema: Avances
      acuerdos: [a1]
asistencia:
  - actor: imas
    estado: titular
"""

OTHER = """fecha: 2015-10-13
convocatoria:
  enviada: 2015-10-01
asistencia:
  - actor: imas
    estado: titular
  - actor: ina
    estado: titular
"""


@pytest.fixture
def canton(tmp_path) -> Path:
    top = init(tmp_path / "git")
    root = build({"files": {"sesiones/2015-09-08.yaml": SESSION, "sesiones/2015-10-13.yaml": OTHER}}, top / "canton")
    commit_all(top, "inicio")
    return root


def _reported(cli, root: Path) -> set[tuple[str, str]]:
    r = cli("validate", root, "--changed-since", "HEAD", "--format", "json")
    assert r.code in (0, 1), r.err
    return {(d["file"], d["code"]) for d in json.loads(r.out)["diagnostics"]}


def test_a_changed_session_is_reported(cli, canton):
    path = canton / "sesiones" / "2015-10-13.yaml"
    path.write_text(OTHER.replace("enviada: 2015-10-01", "enviada: 2015-10-12"), encoding="utf-8")
    assert _reported(cli, canton) == {("sesiones/2015-10-13.yaml", "CP702")}


def test_a_changed_session_reports_the_other_sessions_of_its_series(cli, canton):
    # Three council sessions without INA: the warning is on the last one, a file that did not change.
    (canton / "sesiones" / "2015-09-08.yaml").write_text(SESSION + "  - actor: ina\n    estado: ausente\n", encoding="utf-8")
    commit_all(canton, "ina ausente en setiembre")
    (canton / "sesiones" / "2015-10-13.yaml").write_text(OTHER.replace("fecha: 2015-10-13", "fecha: 2015-08-11"), encoding="utf-8")
    (canton / "sesiones" / "2015-10-13.yaml").rename(canton / "sesiones" / "2015-08-11.yaml")
    (canton / "sesiones" / "2015-11-10.yaml").write_text(
        OTHER.replace("fecha: 2015-10-13", "fecha: 2015-11-10").replace("2015-10-01", "2015-11-01").replace("ina\n    estado: titular", "ina\n    estado: ausente"),
        encoding="utf-8",
    )
    commit_all(canton, "otra sesión")
    (canton / "sesiones" / "2015-08-11.yaml").write_text(
        OTHER.replace("fecha: 2015-10-13", "fecha: 2015-08-11").replace("2015-10-01", "2015-08-01").replace("ina\n    estado: titular", "ina\n    estado: justificada"),
        encoding="utf-8",
    )
    assert _reported(cli, canton) == {("sesiones/2015-11-10.yaml", "CP703")}


def test_a_renamed_agreement_reports_the_sessions_that_name_it(cli, canton):
    path = canton / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: a1", "id: a1-nuevo"), encoding="utf-8")
    path.rename(canton / "acuerdos" / "a1-nuevo.yaml")
    # The plan's planned a1 has no file (CP409, a warning since issue 17) and a1-nuevo is outside the plan (CP411).
    assert _reported(cli, canton) == {("planes/2015.yaml", "CP409"), ("acuerdos/a1-nuevo.yaml", "CP411"), ("sesiones/2015-09-08.yaml", "CP507")}


def test_an_agreement_changed_in_place_reports_only_the_sessions_that_name_it(cli, canton):
    path = canton / "acuerdos" / "a1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("actor_encargado: imas", "actor_encargado: imax"), encoding="utf-8")
    (canton / "sesiones" / "2015-10-13.yaml").write_text(OTHER.replace("enviada: 2015-10-01", "enviada: 2015-10-12"), encoding="utf-8")
    commit_all(canton, "convocatoria tardía ya conocida")
    path.write_text(path.read_text(encoding="utf-8").replace("actor_encargado: imax", "actor_encargado: imas"), encoding="utf-8")
    assert _reported(cli, canton) == set()  # the late convocation is in a session that does not name a1
