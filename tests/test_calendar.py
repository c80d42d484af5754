"""`coprod calendar`: the example's .ics read back by a second, independent
reader (vobject, not the icalendar library that writes it), its golden file,
hostile texts, the output guard and what is left out (files that do not load,
personal data).

The golden file changes only with ``python -m pytest tests/test_calendar.py --update-golden``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject
import yaml

from reportkit import personal_values

GOLDEN = Path(__file__).parent / "golden" / "calendario.ics"
AS_OF = "2015-12"
TZ = "America/Costa_Rica"


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _export(cli, repo: Path, out: Path, *extra: str):
    r = cli("calendar", repo, "--out", out, "--as-of", AS_OF, *extra)
    assert r.code == 0, r.err
    return r


def _read(path: Path):
    return vobject.readOne(path.read_text(encoding="utf-8"))


def _by_category(cal, name: str, category: str) -> list:
    return [c for c in cal.contents.get(name, []) if category in c.categories.value]


def _unfolded(path: Path) -> str:
    return path.read_bytes().decode("utf-8").replace("\r\n ", "")


def test_every_session_is_an_event_at_its_time_in_the_cantons_zone(cli, example, tmp_path):
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    events = _by_category(_read(out), "vevent", "Sesión")
    files = sorted((example / "sesiones").glob("*.yaml"))
    assert len(files) == 7 and len(events) == 7
    expected = {}
    for f in files:
        data = _yaml(f)
        hour, minute = (int(p) for p in data["hora"].split(":"))
        expected[(data["fecha"], hour, minute)] = data["lugar"]
    got = {}
    for ev in events:
        start = ev.dtstart.value
        assert isinstance(start, dt.datetime) and start.tzinfo is not None
        assert start.utcoffset() == dt.timedelta(hours=-6)  # Costa Rica: UTC-6, no daylight saving since 1992
        got[(start.date(), start.hour, start.minute)] = ev.location.value
    assert got == expected
    text = _unfolded(out)
    assert text.count(f"DTSTART;TZID={TZ}:2015") == 7 and f"BEGIN:VTIMEZONE\r\nTZID:{TZ}\r\n" in text
    foro = next(ev for ev in events if ev.dtstart.value.date() == dt.date(2015, 10, 24))
    assert foro.summary.value == "Sesión extraordinaria del foro: Sesión con el Foro Local de Seguridad de Los Guido"
    assert "Diagnóstico participativo de la seguridad en Los Guido" in foro.description.value


def test_each_session_has_a_convocation_todo_due_n_days_before(cli, example, tmp_path):
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    cal = _read(out)
    sessions = {ev.uid.value: ev for ev in _by_category(cal, "vevent", "Sesión")}
    todos = cal.contents["vtodo"]
    assert len(todos) == 7
    for todo in todos:
        session = sessions[todo.related_to.value]
        assert todo.due.value == session.dtstart.value.date() - dt.timedelta(days=5)  # canton.yaml default
        assert todo.status.value == "COMPLETED"  # every example session records when it was convened


def test_every_schedule_month_spans_its_month(cli, example, tmp_path):
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    expected = set()
    for f in (example / "acuerdos").glob("*.yaml"):
        data = _yaml(f)
        for m in (data.get("cronograma") or {}).get("meses", []):
            year, month = (int(p) for p in str(m["mes"]).split("-"))
            expected.add((data["titulo"], dt.date(year, month, 1), [a["descripcion"] for a in m.get("actividades", [])][0] if m.get("actividades") else None))
    events = _by_category(_read(out), "vevent", "Cronograma")
    assert len(events) == len(expected) > 0
    got = set()
    for ev in events:
        start, end = ev.dtstart.value, ev.dtend.value
        assert not isinstance(start, dt.datetime) and start.day == 1
        assert end == (start + dt.timedelta(days=32)).replace(day=1)  # the whole month, all day
        first = ev.description.value.split("\n")[1].split(". ", 1)[1].split(" (")[0] if ev.description.value.startswith("Subactividades") else None
        got.add((ev.summary.value.removeprefix("Cronograma: "), start, first))
    assert got == expected


def test_every_decision_due_date_with_its_responsible_and_state(cli, example, tmp_path):
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    expected = []
    for f in sorted((example / "sesiones").glob("*.yaml")):
        expected += [d["plazo"] for d in _yaml(f).get("acuerdos_sesion", []) if "plazo" in d]
    events = _by_category(_read(out), "vevent", "Plazo")
    assert sorted(ev.dtstart.value for ev in events) == sorted(expected)
    imas = [ev for ev in events if ev.dtstart.value == dt.date(2015, 10, 30)]
    assert len(imas) == 1
    assert imas[0].summary.value.startswith("Plazo (vencido): Entregar al consejo la lista de familias")
    assert "Responsable: IMAS (Instituto Mixto de Ayuda Social)" in imas[0].description.value
    assert "Estado al 31 de diciembre de 2015: vencido" in imas[0].description.value
    # As of September 2015 (reference day the 30th) the same decision is not yet due.
    out10 = tmp_path / "sep.ics"
    assert cli("calendar", example, "--out", out10, "--as-of", "2015-09").code == 0
    again = [ev for ev in _by_category(_read(out10), "vevent", "Plazo") if ev.dtstart.value == dt.date(2015, 10, 30)]
    assert again[0].summary.value.startswith("Plazo (pendiente): ")


def _without_zone_rules(ics: bytes) -> bytes:
    """The calendar with its VTIMEZONE rules elided: icalendar builds them from
    the installed tzdata, which a fresh machine may have in another version
    (the zone's name and the events' local times stay in the golden file)."""
    import re

    return re.sub(rb"(BEGIN:VTIMEZONE\r\nTZID:[^\r]*\r\n).*?(END:VTIMEZONE\r\n)", rb"\1(reglas de tzdata)\r\n\2", ics, flags=re.S)


def test_the_calendar_matches_its_golden_file(request, cli, example, tmp_path):
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    actual = _without_zone_rules(out.read_bytes())
    assert actual.count(b"(reglas de tzdata)") == 1
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(actual)
        return
    assert GOLDEN.is_file(), f"falta {GOLDEN}: ejecute `python -m pytest tests/test_calendar.py --update-golden`"
    assert actual == GOLDEN.read_bytes(), "el calendario cambió; revise la diferencia y, si es correcta, ejecute `python -m pytest tests/test_calendar.py --update-golden`"


def test_uids_are_stable_and_unique_and_a_reexport_is_identical(cli, example, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    _export(cli, example, first)
    _export(cli, example, second)
    assert first.read_bytes() == second.read_bytes()
    cal = _read(first)
    uids = [c.uid.value for kind in ("vevent", "vtodo") for c in cal.contents[kind]]
    assert len(uids) == len(set(uids))
    # Moving the repository elsewhere changes no UID: they come from its content, not from where it lives.
    moved = tmp_path / "otra" / "carpeta"
    moved.parent.mkdir()
    example.rename(moved)
    third = tmp_path / "c.ics"
    _export(cli, moved, third)
    assert third.read_bytes() == first.read_bytes()


def test_no_personal_data_in_the_calendar(cli, example, tmp_path):
    from coprod_cli.load.repository import load_repository

    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    text = _unfolded(out)
    values = personal_values(load_repository(example))
    assert "Marta Quesada Rojas" in values and "Laura Jiménez Mora" in values  # the example's delegate and secretary
    leaked = sorted(v for v in values if v in text)
    assert leaked == []


def test_stdout_and_lines_are_crlf_and_folded(cli, example, tmp_path):
    r = cli("calendar", example, "--out", "-", "--as-of", AS_OF)
    assert r.code == 0, r.err
    assert r.out.startswith("BEGIN:VCALENDAR") and "✓" not in r.out
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    raw = out.read_bytes()
    assert r.out.replace("\r\n", "\n") == raw.decode("utf-8").replace("\r\n", "\n")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75


@pytest.mark.parametrize("where", ["acuerdos", "sesiones", "planes", ".git"])
def test_out_into_a_source_folder_is_refused(cli, example, where):
    (example / where).mkdir(exist_ok=True)
    before = sorted(p.name for p in (example / where).iterdir())
    r = cli("calendar", example, "--out", example / where / "cal.ics")
    assert r.code == 2
    assert f"«{where}/»" in r.err
    assert sorted(p.name for p in (example / where).iterdir()) == before


def test_out_must_be_an_ics_file(cli, example, tmp_path):
    r = cli("calendar", example, "--out", example / "canton.yaml")
    assert r.code == 2 and "«.ics»" in r.err
    assert cli("calendar", example, "--out", tmp_path).code == 2
    r = cli("calendar", example)
    assert r.code == 2 and "--out" in r.err


def test_files_that_do_not_load_are_skipped_and_named(cli, example, tmp_path):
    (example / "sesiones" / "2015-11-10.yaml").write_text("fecha: [\n", encoding="utf-8")
    out = tmp_path / "cal.ics"
    r = _export(cli, example, out)
    assert "sesiones/2015-11-10.yaml" in r.err and "no se pudieron leer" in r.err
    cal = _read(out)
    dates = {ev.dtstart.value.date() for ev in _by_category(cal, "vevent", "Sesión")}
    assert len(dates) == 6 and dt.date(2015, 11, 10) not in dates


def test_unknown_country_leaves_floating_times(cli, example, tmp_path):
    manifest = example / "canton.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("pais: CR", "pais: ZZ"), encoding="utf-8")
    out = tmp_path / "cal.ics"
    r = _export(cli, example, out)
    assert "«ZZ»" in r.err
    cal = _read(out)
    assert "vtimezone" not in cal.contents
    start = _by_category(cal, "vevent", "Sesión")[0].dtstart.value
    assert start.tzinfo is None and (start.hour, start.minute) == (9, 0)


HOSTILE = {
    "injection": "Tema\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example\r\nSUMMARY:falso",
    "controls": "Ojo\x00\x07\x1b[31m rojo\x7f\x85\u2028\u202e fin",
    "punctuation": 'coma, punto y coma; dos puntos: barra \\ comillas "x" y N\\n literal',
}


def _hostile_session(example: Path, long: str) -> None:
    import json

    path = example / "sesiones" / "2015-12-08.yaml"
    text = path.read_text(encoding="utf-8")
    # JSON strings are YAML double-quoted scalars: every control character written as an escape.
    agenda = "\n".join(f"    - tema: {json.dumps(t)}" for t in HOSTILE.values())
    text = text.replace("lugar:", f"nombre: {json.dumps(HOSTILE['injection'])}\nlugar:", 1)
    text = text.replace("  agenda:\n", f"  agenda:\n{agenda}\n", 1)
    text = text.replace("acuerdos_sesion:\n", f"acuerdos_sesion:\n  - descripcion: {json.dumps(long)}\n    responsable: imas\n    plazo: 2015-12-20\n", 1)
    path.write_text(text, encoding="utf-8")


def test_contact_data_typed_into_a_session_is_scrubbed_like_a_public_report(cli, example, tmp_path):
    # Review 14rev: the calendar is shared like a public report (README), so an
    # e-mail or phone typed into a decision or a place must not reach it (CP601
    # only warns; the public report scrubs them).
    path = example / "sesiones" / "2015-12-08.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("lugar: Salón de sesiones de la Municipalidad de Desamparados", "lugar: Casa de marta@example.org")
    text = text.replace("descripcion: Preparar la propuesta", "descripcion: Llamar al 8888-7777 y preparar la propuesta")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    body = _unfolded(out)
    assert "marta@example.org" not in body and "8888-7777" not in body
    assert "Casa de [correo retirado]" in body and "Llamar al [teléfono retirado]" in body


def test_hostile_texts_do_not_break_the_file(cli, example, tmp_path):
    long = "Descripción muy larga, con comas; " * 3000  # ~100 000 characters
    _hostile_session(example, long)
    out = tmp_path / "cal.ics"
    r = _export(cli, example, out)
    assert "no se pudieron leer" not in r.err  # the hostile session loaded and is in the calendar
    raw = out.read_bytes()
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    # No raw control character anywhere (RFC 5545 TEXT forbids them); line breaks only as CRLF.
    body = raw.replace(b"\r\n", b"")
    assert not any(b < 0x20 and b != 0x09 for b in body) and b"\x7f" not in body
    assert "\u2028" not in raw.decode("utf-8") and "\u202e" not in raw.decode("utf-8")
    cal = _read(out)
    assert len(cal.contents["vevent"]) == len(_by_category(cal, "vevent", "Sesión")) + len(_by_category(cal, "vevent", "Cronograma")) + len(_by_category(cal, "vevent", "Plazo"))
    assert "evil@example" not in {ev.uid.value for ev in cal.contents["vevent"]}
    dec = next(ev for ev in _by_category(cal, "vevent", "Sesión") if ev.dtstart.value.date() == dt.date(2015, 12, 8))
    assert dec.summary.value.endswith("Tema\\x0d\\x0aEND:VEVENT\\x0d\\x0aBEGIN:VEVENT\\x0d\\x0aUID:evil@example\\x0d\\x0aSUMMARY:falso")
    agenda = dec.description.value
    assert "Ojo\\x00\\x07\\x1b[31m rojo\\x7f\\x85\\u2028\\u202e fin" in agenda  # shown, not obeyed
    assert HOSTILE["punctuation"] in agenda  # commas, semicolons, backslashes round-trip exactly
    due = next(ev for ev in _by_category(cal, "vevent", "Plazo") if ev.dtstart.value == dt.date(2015, 12, 20))
    assert due.summary.value == "Plazo (vencido): " + long  # due 2015-12-20, not done by the 31st


def test_the_writer_escapes_what_the_loader_never_lets_through():
    """The writer alone, with a session the loader would refuse (a raw CR in a place):
    the file still has one event per record, and the text is shown escaped."""
    from coprod_cli.compute.calendar import CalendarData, SessionEntry
    from coprod_cli.model.models import Sesion
    from coprod_cli.model.types import Month
    from coprod_cli.render.calendar_ics import to_ics

    s = Sesion.model_construct(
        fecha=dt.date(2015, 7, 14), hora="09:00", tipo="ordinaria", instancia="otra", nombre=None, eje=None,
        lugar="Sala\rX-INJECTED:1\nDTSTART:19700101", territorio=None, convocatoria=None, acuerdos_sesion=[],
    )
    data = CalendarData("Cantón; con, signos", "CR", TZ, Month(2015, 7), dt.date(2015, 7, 31))
    data.sessions.append(SessionEntry("a@coprod", "b@coprod", "sesiones/x.yaml", s, dt.date(2015, 7, 9)))
    raw = to_ics(data)
    assert b"\rX-INJECTED" not in raw and b"\nDTSTART:19700101\r" not in raw
    cal = vobject.readOne(raw.decode("utf-8"))
    (event,) = cal.contents["vevent"]
    assert event.location.value == "Sala\\x0dX-INJECTED:1\\x0aDTSTART:19700101"
    assert "x_injected" not in event.contents


def test_a_session_without_time_is_all_day_and_the_convocation_follows_canton_yaml(cli, example, tmp_path):
    manifest = example / "canton.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("reglas: {}", "sesiones:\n  convocatoria_dias: 10\nreglas: {}"), encoding="utf-8")
    session = example / "sesiones" / "2015-12-08.yaml"
    text = session.read_text(encoding="utf-8")
    text = text.replace('hora: "09:00"\n', "", 1)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("  enviada:"))
    session.write_text(text, encoding="utf-8")
    out = tmp_path / "cal.ics"
    _export(cli, example, out)
    cal = _read(out)
    dec = next(ev for ev in _by_category(cal, "vevent", "Sesión") if "sesiones/2015-12-08.yaml" in ev.description.value)
    assert dec.dtstart.value == dt.date(2015, 12, 8) and dec.dtend.value == dt.date(2015, 12, 9)
    assert "Convocatoria: enviarla a más tardar el 28 de noviembre de 2015." in dec.description.value
    todo = next(t for t in cal.contents["vtodo"] if t.related_to.value == dec.uid.value)
    assert todo.due.value == dt.date(2015, 11, 28) and todo.status.value == "NEEDS-ACTION"
    assert "completed" not in todo.contents
