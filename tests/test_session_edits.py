"""The session edits write like `progress set`: only the intended bytes change
(comments, quotes, order, flow style, CRLF, BOM kept), under the file's lock,
with a compare-and-swap and an atomic rename; hostile session files are
refused in Spanish; the same bytes are written without fork and fcntl."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import racekit
from conftest import EXAMPLE

BOM = b"\xef\xbb\xbf"

CRLF_FLOW = (
    "# yaml-language-server: $schema=../schemas/sesion.schema.json\r\n"
    "# Acta escrita a mano: los comentarios se quedan.\r\n"
    "fecha: 2015-12-15   # martes\r\n"
    "tipo: 'ordinaria'\r\n"
    'instancia: "consejo"\r\n'
    "asistencia: [{actor: imas, estado: titular}, {actor: ina, estado: ausente, nota: 'Avisó'}]  # en una línea\r\n"
    "avances: []\r\n"
    "resumen: >-\r\n"
    "  Texto plegado\r\n"
    "  en dos líneas.\r\n"
)

CRLF_FLOW_AFTER = (
    "# yaml-language-server: $schema=../schemas/sesion.schema.json\r\n"
    "# Acta escrita a mano: los comentarios se quedan.\r\n"
    "fecha: 2015-12-15   # martes\r\n"
    "tipo: 'ordinaria'\r\n"
    'instancia: "consejo"\r\n'
    "asistencia: [{actor: imas, estado: titular}, {actor: ina, estado: suplente, nota: 'Avisó'}, "
    "{actor: mep, estado: titular}, {actor: pani, estado: titular}]  # en una línea\r\n"
    "acuerdos_sesion:\r\n"
    '  - descripcion: "Revisar: el plan"\r\n'
    "    responsable: mep\r\n"
    "    plazo: 2016-01-15\r\n"
    "    estado: cumplido\r\n"
    "    cumplido: 2015-12-20\r\n"
    "  - descripcion: Otro\r\n"
    "    estado: pendiente\r\n"
    "avances: []\r\n"
    "resumen: >-\r\n"
    "  Texto plegado\r\n"
    "  en dos líneas.\r\n"
)

EDITS = [
    ["attendance", "set", "{root}", "2015-12-15", "ina", "suplente"],
    ["attendance", "set", "{root}", "2015-12-15", "mep,pani", "titular"],
    ["decision", "add", "{root}", "2015-12-15", "--text", "Revisar: el plan", "--due", "2016-01-15", "--responsible", "MEP"],
    ["decision", "add", "{root}", "2015-12-15", "--text", "Otro"],
    ["decision", "done", "{root}", "2015-12-15", "1", "--date", "2015-12-20"],
]


def _session(root: Path, text: str, bom: bool = False, name: str = "2015-12-15.yaml") -> Path:
    path = root / "sesiones" / name
    path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    return path


def _run_edits(cli, root: Path) -> None:
    for command in EDITS:
        r = cli(*[a.format(root=root) for a in command])
        assert r.code == 0, (command, r.err)


@pytest.mark.parametrize("bom", [False, True])
def test_crlf_bom_quotes_comments_and_a_flow_list_are_kept(cli, example, bom):
    path = _session(example, CRLF_FLOW, bom)
    _run_edits(cli, example)
    assert path.read_bytes() == (BOM if bom else b"") + CRLF_FLOW_AFTER.encode("utf-8")


BLOCK = """\
# Sesión escrita a mano, con su propia sangría.
fecha: 2015-12-15
instancia: consejo
asistencia:
- actor: imas       # el titular llegó tarde
  estado: "titular"
# IFAM avisó por correo
- actor: ifam
  estado: justificada
  nota: Avisó por correo
acuerdos_sesion:
- descripcion: Algo ya acordado
  estado: pendiente   # sin plazo
resumen: Nada más.
"""


def test_a_block_list_keeps_its_own_indentation_and_comments(cli, example):
    path = _session(example, BLOCK)
    for command in (
        ["attendance", "set", example, "2015-12-15", "imas", "suplente", "--note", "Llegó a las 10"],
        ["attendance", "set", example, "2015-12-15", "ina", "titular"],
        ["decision", "add", example, "2015-12-15", "--text", "Nuevo", "--agreement", "imas-ina-mapeo-familias", "--elevate"],
        ["decision", "done", example, "2015-12-15", "1", "--date", "2015-12-16"],
    ):
        r = cli(*command)
        assert r.code == 0, (command, r.err)
    assert path.read_text(encoding="utf-8") == """\
# Sesión escrita a mano, con su propia sangría.
fecha: 2015-12-15
instancia: consejo
asistencia:
- actor: imas       # el titular llegó tarde
  estado: "suplente"
  nota: Llegó a las 10
# IFAM avisó por correo
- actor: ifam
  estado: justificada
  nota: Avisó por correo
- actor: ina
  estado: titular
acuerdos_sesion:
- descripcion: Algo ya acordado
  estado: cumplido   # sin plazo
  cumplido: 2015-12-16
- descripcion: Nuevo
  acuerdos: [imas-ina-mapeo-familias]
  estado: pendiente
  elevado_comision: true
resumen: Nada más.
"""


def test_values_that_yaml_would_misread_are_quoted(cli, example):
    _session(example, "fecha: 2015-12-15\n")
    for text in ("no", "2016-01-01", "a: b # c", "- x", "«Sí» — 100 %"):
        r = cli("decision", "add", example, "2015-12-15", "--text", text)
        assert r.code == 0, r.err
    data = YAML(typ="safe").load((example / "sesiones" / "2015-12-15.yaml").read_text(encoding="utf-8"))
    assert [d["descripcion"] for d in data["acuerdos_sesion"]] == ["no", "2016-01-01", "a: b # c", "- x", "«Sí» — 100 %"]


# --- hostile files and names --------------------------------------------------------------------


def test_a_session_that_is_a_link_out_of_the_repository_is_refused(cli, example, tmp_path):
    outside = tmp_path / "fuera.yaml"
    outside.write_text("fecha: 2015-12-15\n", encoding="utf-8")
    link = example / "sesiones" / "2015-12-15.yaml"
    try:
        link.symlink_to(outside)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot create symbolic links")
    r = cli("attendance", "set", example, "2015-12-15", "imas", "titular")
    assert r.code == 2 and "apunta fuera del repositorio; no se escribe en él" in r.err
    assert outside.read_text(encoding="utf-8") == "fecha: 2015-12-15\n"


def test_a_sessions_folder_that_links_out_is_refused(cli, example, tmp_path):
    shutil.move(str(example / "sesiones"), str(tmp_path / "otras"))
    try:
        (example / "sesiones").symlink_to(tmp_path / "otras")
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot create symbolic links")
    r = cli("decision", "add", example, "2015-09-08", "--text", "X")
    assert r.code == 2 and "es un enlace que apunta fuera del repositorio" in r.err


@pytest.mark.parametrize("name", ["2015-09-08\x1b[2J", "2015-09-08\n", "2015\u202e-09-08", "sesiones/.2015-09-08.yaml"])
def test_a_session_name_with_control_characters_or_hidden_is_refused(cli, example, name):
    before = (example / "sesiones" / "2015-09-08.yaml").read_bytes()
    r = cli("attendance", "set", example, name, "imas", "ausente")
    assert r.code == 2, r.out
    assert "\x1b" not in r.err and "\u202e" not in r.err and "Traceback" not in r.err
    assert "caracteres de control" in r.err or "archivo oculto" in r.err
    assert (example / "sesiones" / "2015-09-08.yaml").read_bytes() == before


def test_a_huge_session_file_is_refused_without_reading_it_whole(cli, example):
    from coprod_cli.load.yamlsource import MAX_FILE_BYTES

    path = _session(example, "fecha: 2015-12-15\nresumen: " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    size = path.stat().st_size
    r = cli("attendance", "set", example, "2015-12-15", "imas", "titular")
    assert r.code == 2 and "Traceback" not in r.err
    assert "«sesiones/2015-12-15.yaml»" in r.err and "No se cambió nada" in r.err
    assert path.stat().st_size == size


@pytest.mark.parametrize(
    "text, message",
    [
        ("fecha: 2015-12-15\nasistencia: [\n", "«sesiones/2015-12-15.yaml» no se puede leer (línea"),
        ("fecha: 2015-12-15\nasistencia:\n  - actor: imas\n    estado: presente\n", "«sesiones/2015-12-15.yaml» tiene errores (línea 4:"),
        ("fecha: 2015-02-30\n", "no se puede leer (línea 1: «2015-02-30» no es una fecha posible"),
        ("fecha: 1989-12-31\n", "tiene errores (línea 1:"),
    ],
)
def test_a_session_file_that_does_not_load_is_refused_at_its_line(cli, example, text, message):
    path = _session(example, text)
    r = cli("decision", "add", example, "2015-12-15", "--text", "X")
    assert r.code == 2 and message in r.err, r.err
    assert "No se cambió nada" in r.err
    assert path.read_text(encoding="utf-8") == text


def test_a_session_in_a_subfolder_is_not_a_session(cli, example):
    (example / "sesiones" / "viejas").mkdir()
    shutil.copy(example / "sesiones" / "2015-09-08.yaml", example / "sesiones" / "viejas" / "2015-09-08.yaml")
    r = cli("attendance", "set", example, "sesiones/viejas/2015-09-08.yaml", "imas", "ausente")
    assert r.code == 2 and "no es un archivo de la carpeta «sesiones/» del repositorio" in r.err


def test_a_read_only_session_is_not_changed(cli, example):
    path = example / "sesiones" / "2015-09-08.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        r = cli("decision", "done", example, "2015-09-08", "1", "--date", "2015-10-01")
    finally:
        path.chmod(0o644)
    assert r.code == 2 and "es de solo lectura" in r.err
    assert path.read_bytes() == before


# --- concurrency ---------------------------------------------------------------------------------


def test_concurrent_session_edits_lose_nothing(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", "600")
    path = _session(example, "fecha: 2015-12-15\ninstancia: consejo\n")
    actors = ["imas", "ina", "dinadeco", "ifam", "msp", "municipalidad", "icd", "invu"]
    commands = [["attendance", "set", str(example), "2015-12-15", a, "titular"] for a in actors]
    commands += [["decision", "add", str(example), "2015-12-15", "--text", f"Acuerdo {i}"] for i in range(4)]
    outcomes = racekit.race(tmp_path / "race", commands)
    for o in outcomes:
        assert "Traceback" not in o.err and "error interno" not in o.err, o.err
    assert [o.code for o in outcomes] == [0] * len(commands), [o.err for o in outcomes if o.code]
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert sorted(e["actor"] for e in data["asistencia"]) == sorted(actors)
    assert sorted(d["descripcion"] for d in data["acuerdos_sesion"]) == [f"Acuerdo {i}" for i in range(4)]
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_concurrent_new_session_for_one_day_writes_it_once(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", "600")
    commands = [["new", "session", str(example), "--date", "2015-12-15", "--place", f"Lugar {i}", "--no-input"] for i in range(4)]
    outcomes = racekit.race(tmp_path / "race", commands)
    assert sorted(o.code for o in outcomes) == [0, 2, 2, 2], [o.err for o in outcomes]
    for o in outcomes:
        assert o.code == 0 or "ya existe; coprod no sobrescribe archivos" in o.err, o.err
    winner = next(i for i, o in enumerate(outcomes) if o.code == 0)
    assert f"lugar: Lugar {winner}\n" in (example / "sesiones" / "2015-12-15.yaml").read_text(encoding="utf-8")


def test_a_session_saved_by_another_program_meanwhile_is_never_overwritten(cli, example, monkeypatch):
    from coprod_cli import fsutil

    path = example / "sesiones" / "2015-09-08.yaml"
    before = path.read_bytes()
    extra = b"# guardado por un editor\n"
    original = fsutil._write_temp

    def write_temp(folder, name, *args, **kwargs):
        if name == path.name:
            path.write_bytes(path.read_bytes() + extra)
        return original(folder, name, *args, **kwargs)

    monkeypatch.setattr(fsutil, "_write_temp", write_temp)
    r = cli("attendance", "set", example, "2015-09-08", "ifam", "titular")
    assert r.code == 1 and "cambió mientras coprod lo editaba" in r.err
    assert path.read_bytes() == before + extra


# --- portability -------------------------------------------------------------------------------


def test_the_session_commands_write_the_same_bytes_without_fork_and_fcntl(tmp_path):
    from test_portability import _coprod, _tree

    commands = [["new", "session", "{root}", "--date", "2015-12-20", "--no-input"], *EDITS]
    trees = {}
    for windows_like in (False, True):
        root = tmp_path / ("windows" if windows_like else "normal") / "r"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
        _session(root, CRLF_FLOW)
        for command in commands:
            run = _coprod(tmp_path, windows_like, *[a.format(root=root) for a in command])
            assert run.returncode == 0, (command, run.stderr)
            assert run.stderr == "", run.stderr
        trees[windows_like] = _tree(root)
    assert trees[False] == trees[True]
    assert trees[True]["sesiones/2015-12-15.yaml"] == CRLF_FLOW_AFTER.encode("utf-8")
    assert "sesiones/2015-12-20.yaml" in trees[True]


NAMED = (
    "fecha: 2015-12-15\r\n"
    "asistencia:\r\n"
    "  - actor: imas\r\n"
    "    estado: suplente\r\n"
    "    nombre: Ana Pérez   # delegada\r\n"
    "      # llegó con el oficio de la dirección\r\n"
    "    nota: Avisó\r\n"
    "  - actor: ina\r\n"
    "    estado: suplente\r\n"
    "    nombre: Luis Mora\r\n"
    "resumen: Nada más.\r\n"
)


def test_a_name_goes_when_its_actor_did_not_attend_or_it_is_taken_away(cli, example):
    """A person's name is kept only for someone who came (personal data):
    marking the actor absent, or `--name ""`, takes away its line and the
    comments under it, and nothing else."""
    path = _session(example, NAMED)
    assert cli("attendance", "set", example, "2015-12-15", "imas", "ausente", "--note", "Se retiró", "--replace-note").code == 0
    # A note inserted where the name was: the two changes are made one after the other.
    assert cli("attendance", "set", example, "2015-12-15", "ina", "ausente", "--note", "Nadie llegó").code == 0
    assert cli("attendance", "set", example, "2015-12-15", "ina", "suplente", "--name", "Luis Mora").code == 0
    assert cli("attendance", "set", example, "2015-12-15", "ina", "suplente", "--name", "").code == 0
    assert path.read_bytes().decode("utf-8") == (
        "fecha: 2015-12-15\r\n"
        "asistencia:\r\n"
        "  - actor: imas\r\n"
        "    estado: ausente\r\n"
        "    nota: Se retiró\r\n"
        "  - actor: ina\r\n"
        "    estado: suplente\r\n"
        "    nota: Nadie llegó\r\n"
        "resumen: Nada más.\r\n"
    )


def test_a_name_written_first_in_its_item_is_left_for_the_person_to_remove(cli, example):
    text = "fecha: 2015-12-15\nasistencia:\n  - nombre: Ana Pérez\n    actor: imas\n    estado: suplente\n"
    path = _session(example, text)
    r = cli("attendance", "set", example, "2015-12-15", "imas", "ausente")
    assert r.code != 0 and "«nombre»" in r.err and "bórrela a mano" in r.err and "Traceback" not in r.err
    assert path.read_text(encoding="utf-8") == text
