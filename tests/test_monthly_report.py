"""The monthly progress report shows that month (issue 12, item 3), the five
levels carry the protocol's names, and numbers and words follow the canton's
locale everywhere (item 5)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLE

NB = "\u00a0"


@pytest.fixture(scope="module")
def october(tmp_path_factory):
    from coprod_cli.cli import main

    out = tmp_path_factory.mktemp("informes")
    with pytest.raises(SystemExit) as exc:
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", "2015-10"])
    assert exc.value.code == 0
    return out


def _read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8").replace(NB, " ").replace("\\", "")


def _section(md: str, title: str) -> str:
    return md.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_the_month_per_agreement_with_level_note_and_responsible(october):
    md = _read(october, "avance-2015-10.md")
    month = _section(md, "El mes de octubre de 2015")
    rows = [l for l in month.splitlines() if l.startswith("| [")]
    # One row per commitment of October: the foro's two sub-activities, one for each other agreement.
    assert len(rows) == 6
    app = next(l for l in rows if "Primer empleo" in l)
    assert "Jornada de conocimiento mutuo con las empresas" in app
    assert "Cámara de Comercio de Desamparados; Roberto Esquivel Lara" in app  # who answers for it
    assert "25 % algo avanzada" in app and "Asistieron 8 de las 20 empresas invitadas." in app
    foro = [l for l in rows if "Foro Local" in l]
    assert "1. Sesión de instalación del foro" in foro[0] and "100 % cumplida" in foro[0]
    assert "2. Diagnóstico participativo de la seguridad" in foro[1] and "50 % avanzada" in foro[1]
    assert "El diagnóstico sigue en noviembre." in foro[1]
    icd = next(l for l in rows if "Talleres de prevención" in l)
    assert "75 % muy avanzada" in icd
    assert "Borrador" not in month and "Espacios seguros" not in month  # the draft has no schedule


def test_what_is_due_next_month(october):
    md = _read(october, "avance-2015-10.md")
    nxt = _section(md, "Lo que vence en noviembre de 2015")
    assert "Selección de los jóvenes" in nxt and "Priorización de problemas y redacción de la agenda" in nxt
    assert "Sesión con familias y evaluación" in nxt
    imas = next(l for l in nxt.splitlines() if "Mapeo de familias" in l)
    assert "IMAS; Andrea Solís Vargas" in imas
    html = _read(october, "avance-2015-10.html")
    assert "<h2>Lo que vence en noviembre de 2015</h2>" in html and "Selección de los jóvenes" in html


def test_the_month_names_the_institutions_of_each_activity(tmp_path, cli, example):
    path = example / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "        - descripcion: Diagnóstico participativo de la seguridad\n",
        "        - descripcion: Diagnóstico participativo de la seguridad\n          instituciones: [dinadeco]\n",
    )
    path.write_text(text, encoding="utf-8")
    assert cli("report", example, "--out", tmp_path / "inf", "--as-of", "2015-10", "--format", "md").code == 0
    month = _section(_read(tmp_path / "inf", "avance-2015-10.md"), "El mes de octubre de 2015")
    foro = [l for l in month.splitlines() if "Foro Local" in l]
    assert "instituciones: DINADECO" in foro[1] and "instituciones" not in foro[0]


def test_an_unreported_month_is_said_so_in_the_month(tmp_path, cli):
    assert cli("report", EXAMPLE, "--out", tmp_path, "--as-of", "2016-01", "--format", "md").code == 0
    month = _section(_read(tmp_path, "avance-2016-01.md"), "El mes de enero de 2016")
    imas = next(l for l in month.splitlines() if "Mapeo de familias" in l)
    assert "**sin informe**" in imas


def test_levels_carry_the_protocols_names_everywhere(october):
    """75 % is «muy avanzada», never «sin cumplir»; every level is named as note 13 of the protocol does."""
    for path in october.iterdir():
        text = _read(october, path.name)
        assert "sin cumplir" not in text.lower() and "no cumplido" not in text.lower(), path.name
    md = _read(october, "avance-2015-10.md")
    assert "100 % cumplida, 75 % muy avanzada, 50 % avanzada, 25 % algo avanzada, 0 % sin avance" in md


def test_which_levels_raise_an_alert(cli):
    """0 % and 25 % are low progress; 50 %, 75 % and 100 % are not (docs/cifras.md)."""
    doc = json.loads(cli("status", EXAMPLE, "--as-of", "2015-11", "--format", "json").out)
    alerts = {(a["id"], al["month"], al["level"]) for a in doc["agreements"] for al in a["alerts"] if al["kind"] == "low_progress"}
    levels = {level for _, _, level in alerts}
    assert levels == {0, 25}
    assert ("msp-policia-municipal-formacion", "2015-09", 75) not in alerts
    assert ("foro-local-seguridad-los-guido", "2015-11", 25) in alerts
    out = cli("status", EXAMPLE, "--as-of", "2015-11").out
    assert "sin cumplir" not in out


# --- the canton's locale, everywhere --------------------------------------------------------------


def test_mexico_numbers_in_totals_alerts_and_json(cli, example, tmp_path):
    canton = example / "canton.yaml"
    canton.write_text(canton.read_text(encoding="utf-8").replace("pais: CR", "pais: MX"), encoding="utf-8")
    out = cli("status", example, "--as-of", "2015-09").out.replace(NB, " ")
    # Totals and the alerts use the same decimal separator: the issue's «31.9 %» beside «4,2 %».
    assert "global 19.6 %" in out
    assert "atrasado: avance global 10.7 % con el 42.9 % del plazo transcurrido" in out
    assert not re.search(r"\d,\d %", out), out
    doc = json.loads(cli("status", example, "--as-of", "2015-09", "--format", "json").out)
    messages = [al["message"].replace(NB, " ") for a in doc["agreements"] for al in a["alerts"]]
    assert "atrasado: avance global 10.7 % con el 42.9 % del plazo transcurrido" in messages
    assert cli("report", example, "--out", tmp_path / "inf", "--as-of", "2015-09").code == 0
    for path in (tmp_path / "inf").iterdir():
        text = path.read_text(encoding="utf-8").replace(NB, " ")
        assert not re.search(r"\d,\d %", text), path.name
    assert "10.7 % con el 42.9 %" in _read(tmp_path / "inf", "avance-2015-09.html")


def test_compute_writes_no_sentence_and_imports_no_locale():
    """compute/ returns numbers and records; the words are written where the locale is known."""
    from conftest import ROOT

    for path in (ROOT / "src" / "coprod_cli" / "compute").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "i18n" not in text and "pct(" not in text, path.name
    from coprod_cli.compute.figures import Alert

    assert "message" not in Alert.__dataclass_fields__
