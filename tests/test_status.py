from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLE, EXAMPLE_WARNINGS


def test_status_json_shape_and_seed_figures(cli):
    r = cli("status", EXAMPLE, "--as-of", "2015-08", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["as_of"] == "2015-08" and doc["canton"] == "Desamparados"
    # The validation counts are the calendar's month's (the suite's), whatever --as-of: the example's one overdue decision.
    assert doc["validation"] == {"errors": 0, "warnings": len(EXAMPLE_WARNINGS)}
    ids = [a["id"] for a in doc["agreements"]]
    assert ids == sorted(ids) and len(ids) == 6
    imas = next(a for a in doc["agreements"] if a["id"] == "imas-ina-mapeo-familias")
    assert imas["checklist"]["met"] == 14 and imas["checklist"]["percent"] == 100.0
    assert imas["progress"]["to_date"] == 37.5
    assert imas["progress"]["overall"] == 75 / 7  # full precision, not rounded
    assert imas["lead_actor"] == "imas" and imas["axis"] == "desarrollo-local" and imas["strategic_action"] == 7
    # As of August: July's 50 % (avanzada) is no alert, August's 25 % (algo avanzada) is low progress.
    assert [(a["kind"], a["month"]) for a in imas["alerts"]] == [("low_progress", "2015-08"), ("behind_schedule", None)]
    assert set(doc["totals"]) == {"agreements", "counted", "checklist", "progress", "alerts", "problems"}
    assert doc["totals"]["problems"] == [] and doc["unread"] == []
    assert doc["totals"]["checklist"]["percent"] == 100 * 76 / 84
    assert set(doc["rollups"]) == {"axis", "strategic_action", "lead_actor", "territory", "year"}


def test_status_january_alert(cli):
    doc = json.loads(cli("status", EXAMPLE, "--as-of", "2016-01", "--format", "json").out)
    imas = next(a for a in doc["agreements"] if a["id"] == "imas-ina-mapeo-familias")
    assert imas["progress"]["to_date"] == 12.5
    assert imas["progress"]["unreported_due"] == 1
    unreported = [a for a in imas["alerts"] if a["kind"] == "unreported"]
    assert unreported == [
        {"kind": "unreported", "month": "2016-01", "subactivity": None, "level": None, "responsible": "imas",
         "problems": [], "message": "2016-01: compromiso vencido sin avance informado"}
    ]


def _status_text(cli, monkeypatch, columns: int, as_of: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    r = cli("status", EXAMPLE, "--as-of", as_of)
    assert r.code == 0
    return r.out.replace("\xa0", " ")


def test_status_is_readable_at_80_columns(cli, monkeypatch):
    out = _status_text(cli, monkeypatch, 80, "2015-09")
    table_lines = [l for l in out.splitlines() if not l.startswith(("Total", "Al día:", "  • "))]
    assert max(len(l) for l in table_lines) <= 80
    assert "septiembre de 2015" in out
    line = next(l for l in out.splitlines() if l.startswith("imas-ina-mapeo-familias"))
    assert "14/14" in line and "25 %" in line and "10,7 %" in line and "2 poco avance" in line
    for title in ("Por eje estratégico", "Por acción estratégica", "Por actor encargado", "Por territorio", "Por año"):
        assert title in out


def test_status_wide_terminal_shows_axis_and_bars(cli, monkeypatch):
    out = _status_text(cli, monkeypatch, 160, "2016-01")
    line = next(l for l in out.splitlines() if l.startswith("imas-ina-mapeo-familias"))
    assert "Desarrollo local" in line and "█" in line and "12,5 %" in line and "1 sin informe" in line
    assert "enero de 2016" in out


def test_status_bad_as_of(cli):
    r = cli("status", EXAMPLE, "--as-of", "sept-2015")
    assert r.code == 2 and "AAAA-MM" in r.err


@pytest.mark.real_calendar
def test_status_defaults_to_current_month(cli):
    import datetime as dt

    doc = json.loads(cli("status", EXAMPLE, "--format", "json").out)
    today = dt.date.today()
    assert doc["as_of"] == f"{today.year:04d}-{today.month:02d}"


def test_status_on_a_partly_broken_repository(cli, example):
    (example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml").write_text("id: [\n", encoding="utf-8")
    r = cli("status", example, "--as-of", "2015-09", "--format", "json")
    doc = json.loads(r.out)
    assert doc["validation"]["errors"] == 1 and len(doc["agreements"]) == 5
    r = cli("status", example, "--as-of", "2015-09")
    assert "el repositorio tiene 1 error:" in r.out


def test_closed_pipe_gives_no_traceback():
    proc = subprocess.run(
        f"{sys.executable} -m coprod_cli status {EXAMPLE} --as-of 2016-01 | head -n 1",
        shell=True, capture_output=True, text=True,
    )
    assert "Traceback" not in proc.stderr
