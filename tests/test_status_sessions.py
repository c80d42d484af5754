"""The «Sesiones» part of `coprod status`, text and JSON."""

from __future__ import annotations

import json

from conftest import EXAMPLE


def _json(cli, *args):
    r = cli("status", *args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_json_sessions_as_of_december(cli):
    s = _json(cli, EXAMPLE, "--as-of", "2015-12")["sessions"]
    assert (s["reference_day"], s["held"], s["council"], s["scheduled"]) == ("2015-12-31", 7, 6, 0)
    ifam = next(a for a in s["attendance"] if a["actor"] == "ifam")
    assert (ifam["convened"], ifam["present"], ifam["absent"], ifam["rate"]) == (6, 4, 2, 4 / 6 * 100)
    assert s["decision_totals"] == {"done": 6, "pending": 1, "overdue": 1}
    assert s["by_responsible"]["imas"] == {"done": 0, "pending": 0, "overdue": 1}
    assert s["elevated"] == {"done": 1, "pending": 0, "overdue": 0}
    assert [c["state"] for c in s["cycle"]] == ["held"] * 6
    [alert] = s["alerts"]
    assert alert["kind"] == "overdue_decision" and alert["responsible"] == "imas" and alert["due"] == "2015-10-30"
    assert alert["message"] == "acuerdo 1 de la sesión del 8 de septiembre de 2015: venció el 30 de octubre de 2015 y sigue pendiente"
    assert s["alert_counts"] == {"no_session": 0, "overdue_decision": 1, "absences": 0, "unread_session": 0}


def test_json_as_of_september_knows_nothing_later(cli):
    s = _json(cli, EXAMPLE, "--as-of", "2015-09")["sessions"]
    assert s["held"] == 3 and s["alerts"] == [] and s["next_session"]["date"] == "2015-10-13"
    imas = next(d for d in s["decisions"] if d["responsible"] == "imas")
    assert (imas["state"], imas["done"]) == ("pendiente", None)


def test_status_never_shows_a_delegates_name(cli):
    for fmt in ("text", "json"):
        r = cli("status", EXAMPLE, "--as-of", "2015-12", "--format", fmt)
        assert r.code == 0 and "Marta" not in r.out and "Quesada" not in r.out


def test_text_section_and_alerts(cli, example):
    (example / "sesiones" / "2015-09-08.yaml").unlink()
    (example / "sesiones" / "2015-11-10.yaml").write_text("fecha: [\n", encoding="utf-8")
    r = cli("status", example, "--as-of", "2015-12")
    assert r.code == 0, r.err
    section = r.out.split("\nSesiones\n", 1)[1].split("\n\n", 1)[0]
    assert "Sesiones realizadas al 31 de diciembre de 2015: 5 (4 del consejo, 1 de otras instancias)" in section
    assert "4 de 6 meses con sesión" in section and "sin sesión: septiembre de 2015;" in section
    assert "no se pudo leer: noviembre de 2015" in section
    assert "✗ sesiones/2015-11-10.yaml: no se pudo leer" in section
    assert "• Sesiones: septiembre de 2015: el consejo no sesionó" in r.out
    doc = _json(cli, example, "--as-of", "2015-12")["sessions"]
    assert doc["unread"][0]["file"] == "sesiones/2015-11-10.yaml" and doc["unread"][0]["problems"]
    assert {c["month"]: c["state"] for c in doc["cycle"]}["2015-11"] == "unread"


def test_json_doc_documents_every_session_key(cli):
    import re

    from conftest import ROOT

    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    example = json.loads(re.findall(r"```json\n(.*?)```", doc, re.S)[1])["sessions"]
    real = _json(cli, EXAMPLE, "--as-of", "2015-12")["sessions"]
    assert set(example) == set(real)
    for key in ("sessions", "attendance", "by_sector", "cycle", "decisions", "alerts"):
        assert set(example[key][0]) == set(real[key][0]), key
    for key in real:
        assert f"`sessions.{key}" in doc or f".{key}`" in doc, key
