"""`coprod new session`, `coprod attendance set`, `coprod decision add|done`:
a whole session recorded through the commands (the issue's «done when»), the
new file's attendance list and proposed agenda, and the Spanish refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import gitkit
from conftest import EXAMPLE_WARNINGS

SESSION = "sesiones/2015-12-15.yaml"


def _no_quorum_yet(root: Path) -> tuple[str, int, str]:
    """The new session as the command writes it: everyone «ausente», and held by the end of the
    suite's month (2015-12), so without quorum (CP707, at its `asistencia:`) until the list is filled."""
    lines = (root / SESSION).read_text(encoding="utf-8").splitlines()
    return (SESSION, lines.index("asistencia:") + 1, "CP707")


def _yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _actors(root: Path) -> list[str]:
    return [a["id"] for a in _yaml(root / "actores.yaml")["actores"]]


def _changed_lines(root: Path) -> tuple[list[str], list[str]]:
    """The removed and added lines of ``git diff`` (without the ---/+++ headers)."""
    diff = gitkit.git(root, "diff", "--no-color", "-U0")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def _session_diagnostics(cli, root: Path) -> list[dict]:
    import json

    r = cli("validate", root, "--format", "json", "--no-cache")
    data = json.loads(r.out)
    return [d for d in data["diagnostics"] if d["file"].startswith("sesiones/")]


def _located(diagnostics: list[dict]) -> list[tuple[str, int, str]]:
    return [(d["file"], d["line"], d["code"]) for d in diagnostics]


# --- the whole session ------------------------------------------------------------------------


def test_a_whole_session_through_the_commands_changes_only_the_intended_lines(cli, clean_example):
    root = gitkit.init(clean_example)  # without the example's overdue decision: what is reported is the new session's
    gitkit.commit_all(root, "ejemplo")
    r = cli("new", "session", root, "--date", "2015-12-15", "--type", "extraordinaria", "--place", "Salón comunal de Los Guido", "--no-input")
    assert r.code == 0, r.err
    assert gitkit.git(root, "status", "--porcelain").splitlines() == [f"?? {SESSION}"]  # the one new file, nothing else
    assert _located(_session_diagnostics(cli, root)) == [_no_quorum_yet(root)]
    gitkit.commit_all(root, "nueva sesión")

    actors = [e["actor"] for e in _yaml(root / SESSION)["asistencia"]]  # every actor convened (the CCCI's)
    assert len(actors) == 12
    states = {a: "titular" for a in actors} | {"ina": "suplente", "ifam": "ausente", "mideplan": "justificada"}
    for actor, state in states.items():
        r = cli("attendance", "set", root, "2015-12-15", actor, state)
        assert r.code == 0, r.err
    r = cli("decision", "add", root, "2015-12-15", "--text", "Entregar la lista de familias de Los Guido",
            "--responsible", "IMAS", "--due", "2016-01-29", "--agreement", "imas-ina-mapeo-familias")
    assert r.code == 0, r.err
    assert "acuerdo 1 de la sesión 2015-12-15, responsable imas, plazo 2016-01-29" in r.out
    r = cli("decision", "add", root, "2015-12-15", "--text", "Pedir personal de apoyo", "--responsible", "municipalidad", "--elevate")
    assert r.code == 0, r.err
    r = cli("decision", "done", root, "2015-12-15", "2", "--date", "2015-12-18")
    assert r.code == 0 and "acuerdo 2 de la sesión 2015-12-15 cumplido el 2015-12-18" in r.out, r.err

    removed, added = _changed_lines(root)
    changed = [a for a in actors if states[a] != "ausente"]
    assert removed == ["    estado: ausente"] * len(changed) + ["acuerdos_sesion: []"]
    assert added == [f"    estado: {states[a]}" for a in changed] + [
        "acuerdos_sesion:",
        "  - descripcion: Entregar la lista de familias de Los Guido",
        "    responsable: imas",
        "    plazo: 2016-01-29",
        "    acuerdos: [imas-ina-mapeo-familias]",
        "    estado: pendiente",
        "  - descripcion: Pedir personal de apoyo",
        "    responsable: municipalidad",
        "    estado: cumplido",
        "    cumplido: 2015-12-18",
        "    elevado_comision: true",
    ]
    assert gitkit.git(root, "status", "--porcelain").splitlines() == [f" M {SESSION}"]
    assert _session_diagnostics(cli, root) == []
    data = _yaml(root / SESSION)
    assert {e["actor"]: e["estado"] for e in data["asistencia"]} == states


# --- the new file ---------------------------------------------------------------------------


def test_new_session_lists_the_convened_and_proposes_the_pending_agenda(cli, example):
    r = cli("new", "session", example, "--date", "2015-12-15", "--no-input")
    assert r.code == 0, r.err
    assert "Creada «sesiones/2015-12-15.yaml»: 12 actor(es) convocados" in r.out
    text = (example / SESSION).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/sesion.schema.json\n") or "$schema=" in text.splitlines()[0]
    data = _yaml(example / SESSION)
    ccci = [a["id"] for a in _yaml(example / "actores.yaml")["actores"] if "CCCI" in a.get("espacios", [])]
    assert [e["actor"] for e in data["asistencia"]] == ccci  # the council's members, in map order
    assert {e["estado"] for e in data["asistencia"]} == {"ausente"}
    assert data["acuerdos_sesion"] == [] and data["avances"] == []
    agenda = data["convocatoria"]["agenda"]
    temas = [p["tema"] for p in agenda]
    # The IMAS list decided on 2015-09-08, due 2015-10-30, not done: overdue, with who owes it.
    overdue = next(p for p in agenda if "acuerdo 1 de la sesión 2015-09-08" in p["tema"])
    assert "vencido el 2015-10-30" in overdue["tema"] and overdue["responsable"] == "imas"
    assert overdue["acuerdos"] == ["imas-ina-mapeo-familias"]
    # An agreement with due months unreported as of 2015-12, and criteria answered «No».
    assert any("avance sin informar de" in t and "2015-12" in t for t in temas)
    assert any(t.startswith("Monitoreo de «") and "criterios marcados «No»" in t for t in temas)
    # Done decisions are not on the agenda (the one elevated in September was done).
    assert not any("Solicitar a la Comisión Ejecutiva" in t for t in temas)
    assert not any("sesión 2015-12-15" in t for t in temas)
    # Every agenda id exists: the new file has no problem but the quorum its empty list lacks,
    # next to the example's overdue decision it puts on the agenda.
    sessions = [w for w in EXAMPLE_WARNINGS if w[0].startswith("sesiones/")]
    assert _located(_session_diagnostics(cli, example)) == [*sessions, _no_quorum_yet(example)]


def test_the_agenda_is_as_of_the_sessions_month(cli, example):
    """As of September 2015 the IMAS list (due 2015-10-30) is pending, not overdue; December's decision does not exist yet."""
    r = cli("new", "session", example, "--date", "2015-09-20", "--body", "foro", "--suffix", "Los Guido", "--no-input")
    assert r.code == 0, r.err
    data = _yaml(example / "sesiones" / "2015-09-20-los-guido.yaml")
    temas = [p["tema"] for p in data["convocatoria"]["agenda"]]
    assert any("acuerdo 1 de la sesión 2015-09-08 (plazo 2015-10-30)" in t for t in temas)
    assert not any("2015-12-08" in t for t in temas)
    assert data["instancia"] == "foro" and data["asistencia"] == []  # a foro's list is the secretary's


def test_a_working_group_session_convenes_its_group(cli, example):
    plan = _yaml(example / "planes" / "2015.yaml")
    group = plan["grupos_trabajo"][0]
    r = cli("new", "session", example, "--date", "2015-11-20", "--body", "grupo_trabajo", "--axis", group["eje"], "--no-input")
    assert r.code == 0, r.err
    data = _yaml(example / "sesiones" / "2015-11-20.yaml")
    expected = {group.get("coordinador"), *group.get("actores", [])} - {None}
    assert {e["actor"] for e in data["asistencia"]} == expected
    assert data["eje"] == group["eje"]


def test_new_session_never_overwrites_and_suggests_a_suffix(cli, example):
    path = example / "sesiones" / "2015-09-08.yaml"
    before = path.read_bytes()
    r = cli("new", "session", example, "--date", "2015-09-08", "--type", "extraordinaria", "--no-input")
    assert r.code == 2
    assert "«sesiones/2015-09-08.yaml» ya existe; coprod no sobrescribe archivos" in r.err
    assert "--suffix extraordinaria" in r.err and "«sesiones/2015-09-08-extraordinaria.yaml»" in r.err
    assert path.read_bytes() == before
    r = cli("new", "session", example, "--date", "2015-09-08", "--suffix", "extraordinaria", "--no-input")
    assert r.code == 0 and (example / "sesiones" / "2015-09-08-extraordinaria.yaml").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "2015-02-30"], "esa fecha no existe en el calendario"),
        (["--date", "1989-12-01"], "fuera de los años que coprod acepta (1990 a 2100)"),
        (["--date", "15/09/2015"], "se esperaba una fecha con la forma AAAA-MM-DD"),
        (["--date", "2015-12-15", "--type", "ordinario"], "tipo de sesión desconocido «ordinario» en --type; ¿quiso decir «ordinaria»?"),
        (["--date", "2015-12-15", "--body", "grupo_trabajo"], "la sesión de un grupo de trabajo necesita su eje (--axis EJE)"),
        (["--date", "2015-12-15", "--axis", "prevencion"], "eje desconocido «prevencion» en --axis"),
        (["--date", "2015-12-15", "--place", "Salón\x1b[31m"], "tiene caracteres de control"),
        (["--date", "2015-12-15", "--suffix", "¿?"], "debe tener letras o números"),
        ([], "falta la opción «--date»"),
    ],
)
def test_new_session_refuses_in_spanish(cli, example, args, message):
    r = cli("new", "session", example, *args, "--no-input")
    assert r.code == 2, r.out
    assert message in r.err, r.err
    assert "Traceback" not in r.err
    assert sorted(p.name for p in (example / "sesiones").iterdir()) == sorted(p.name for p in (Path(__file__).parents[1] / "examples" / "desamparados" / "sesiones").iterdir())


def test_new_session_asks_on_a_terminal(example, monkeypatch):
    from typer.testing import CliRunner

    from coprod_cli.cli import app

    monkeypatch.setattr("coprod_cli.cli.prompts._stdin_is_terminal", lambda: True)
    # date (after a wrong one), body (default: consejo), type by number, place (default: the last council session's), suffix
    answers = "\n".join(["2015-09-31", "2015-09-08", "", "2", "", "ext"]) + "\n"
    result = CliRunner().invoke(app, ["new", "session", str(example)], input=answers)
    assert result.exit_code == 0, result.output
    assert "esa fecha no existe en el calendario" in result.output
    assert "Ya hay una sesión el 2015-09-08" in result.output
    data = _yaml(example / "sesiones" / "2015-09-08-ext.yaml")
    assert data["tipo"] == "extraordinaria" and data["instancia"] == "consejo"
    assert data["lugar"] == "Salón de sesiones de la Municipalidad de Desamparados"


# --- attendance and decisions: refusals ---------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["attendance", "set", "{root}", "2015-09-09", "imas", "titular"], "no existe la sesión «2015-09-09» en «sesiones/»; las más cercanas: 2015-08-11, 2015-09-08, 2015-10-13"),
        (["attendance", "set", "{root}", "2015-10-24", "imas", "titular"], None),
        (["attendance", "set", "{root}", "2015-09-08", "imaz", "titular"], "actor desconocido «imaz»; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?"),
        (["attendance", "set", "{root}", "2015-09-08", "imas", "presente"], "estado de asistencia desconocido «presente»"),
        (["attendance", "set", "{root}", "2015-09-08", "imas", "ausente", "--name", "Ana"], "--name es el nombre de quien asistió"),
        (["attendance", "set", "{root}", "2015-09-08", "imas", "ina", "titular", "--name", "Ana"], "úselo con un solo actor"),
        (["attendance", "set", "{root}", "2015-09-08", "imas"], "falta el argumento «ESTADO»"),
        (["decision", "done", "{root}", "2015-09-08", "3"], "la sesión 2015-09-08 tiene 2 acuerdo(s): use un número del 1 al 2"),
        (["decision", "done", "{root}", "2015-09-08", "0"], "se numeran desde 1"),
        (["decision", "done", "{root}", "2015-09-08", "1", "--date", "2015-09-01"], "es anterior a la sesión 2015-09-08"),
        (["decision", "done", "{root}", "2015-09-08", "1", "--date", "2099-01-01"], "todavía no llega"),
        (["decision", "add", "{root}", "2015-09-08", "--text", "X", "--due", "2015-09-01"], "el plazo 2015-09-01 es anterior a la sesión 2015-09-08"),
        (["decision", "add", "{root}", "2015-09-08", "--text", "X", "--due", "2015-13-01"], "«--due 2015-13-01»: esa fecha no existe"),
        (["decision", "add", "{root}", "2015-09-08", "--text", "X", "--agreement", "imas-ina-mapeo"], "no existe el acuerdo «imas-ina-mapeo»"),
        (["decision", "add", "{root}", "2015-09-08", "--text", "X", "--responsible", "mepp"], "¿quiso decir «mep»"),
        (["decision", "add", "{root}", "2015-09-08", "--text", "  "], "falta el texto del acuerdo (--text)"),
    ],
)
def test_session_edits_refuse_in_spanish_and_change_nothing(cli, example, args, message):
    before = {p.name: p.read_bytes() for p in (example / "sesiones").iterdir()}
    r = cli(*[a.format(root=example) for a in args])
    if message is None:  # a date with a suffixed session only: that one is meant
        assert r.code == 0, r.err
        return
    assert r.code == 2, r.out
    assert message in r.err.replace("\n", " "), r.err
    assert "Traceback" not in r.err
    assert {p.name: p.read_bytes() for p in (example / "sesiones").iterdir()} == before


def test_a_session_is_named_by_date_file_name_or_path(cli, example, monkeypatch):
    for name in ("2015-09-08", "2015-09-08.yaml", "sesiones/2015-09-08.yaml", str(example / "sesiones" / "2015-09-08.yaml")):
        r = cli("attendance", "set", example, name, "ifam", "ausente")
        assert r.code == 0, (name, r.err)
        assert "Sin cambios" in r.out  # IFAM was already absent in September
    monkeypatch.chdir(example)
    r = cli("attendance", "set", "2015-10-24-los-guido", "municipalidad", "titular")
    assert r.code == 0, r.err


def test_attendance_set_appends_an_actor_not_listed_and_keeps_the_rest(cli, example):
    path = example / "sesiones" / "2015-10-24-los-guido.yaml"
    before = path.read_text(encoding="utf-8")
    listed = [e["actor"] for e in _yaml(path)["asistencia"]]
    missing = next(a for a in _actors(example) if a not in listed)
    r = cli("attendance", "set", example, "2015-10-24", missing, "suplente", "--note", "Llegó tarde")
    assert r.code == 0, r.err
    last = "  - actor: grupos-religiosos\n    estado: ausente\n"
    added = f"  - actor: {missing}\n    estado: suplente\n    nota: Llegó tarde\n"
    assert path.read_text(encoding="utf-8") == before.replace(last, last + added)
    r = cli("attendance", "set", example, "2015-10-24", missing, "suplente", "--note", "Llegó tarde")
    assert "Sin cambios" in r.out  # the same command twice adds nothing


def test_decision_done_keeps_a_recorded_date_unless_one_is_given(cli, example):
    path = example / "sesiones" / "2015-09-08.yaml"
    before = path.read_bytes()
    r = cli("decision", "done", example, "2015-09-08", "2")
    assert r.code == 0 and "Sin cambios" in r.out and "2015-09-25" in r.out
    assert path.read_bytes() == before
    r = cli("decision", "done", example, "2015-09-08", "2", "--date", "2015-09-28")
    assert r.code == 0
    assert path.read_bytes() == before.replace(b"cumplido: 2015-09-25", b"cumplido: 2015-09-28")


def test_decision_done_again_names_the_date_it_replaces(cli, example):
    # Review 14rev: re-dating a decision already done used to say nothing of the old date.
    r = cli("decision", "done", example, "2015-09-08", "2", "--date", "2015-09-28")
    assert r.code == 0, r.err
    assert "cumplido el 2015-09-28" in r.out and "antes constaba cumplido el 2015-09-25" in r.out


def test_decision_done_on_a_session_without_decisions(cli, example):
    assert cli("new", "session", example, "--date", "2015-12-15", "--no-input").code == 0
    r = cli("decision", "done", example, "2015-12-15", "1")
    assert r.code == 2 and "la sesión 2015-12-15 no tiene acuerdos registrados; agregue uno con «coprod decision add»" in r.err


def test_decision_done_today_by_default(cli, example):
    import datetime as dt

    r = cli("decision", "done", example, "2015-09-08", "1")
    assert r.code == 0, r.err
    entry = _yaml(example / "sesiones" / "2015-09-08.yaml")["acuerdos_sesion"][0]
    assert entry["estado"] == "cumplido" and entry["cumplido"] == dt.date.today()
    assert re.search(r"cumplido el \d{4}-\d\d-\d\d", r.out)


def test_presente_is_never_read_as_its_opposite(cli, example):
    # Review 14rev: «presente» is one letter from «ausente»; the suggestion was its opposite.
    r = cli("attendance", "set", example, "2015-11-10", "imas", "presente")
    assert r.code == 2 and "¿quiso decir «titular»?" in r.err and "«ausente»?" not in r.err
    path = example / "sesiones" / "2015-11-10.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("estado: titular", "estado: presente", 1), encoding="utf-8")
    r = cli("validate", example)
    assert r.code == 1 and "«presente» no es un valor permitido para «estado»" in r.out and "¿quiso decir «titular»?" in r.out
