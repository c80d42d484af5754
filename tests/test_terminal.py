"""Text is data in a terminal too (SECURITY.md, «El texto es dato»).

A value in a YAML file can carry terminal control sequences: ``ESC[2J``
clears the screen, an OSC 8 sequence turns text into a link to anywhere, BEL
rings, a C1 CSI (U+009B) starts a sequence on some terminals; bidirectional
marks (U+200E, U+200F, U+061C) and the line separators U+2028/U+2029 change
how text reads. Whatever a pull request writes, no command prints one of
those characters raw: they are shown as visible escapes (``\\x1b``,
``\\u200e``).

A CI log is a terminal with commands: GitHub's runner obeys a line that
starts with ``::`` (``::add-mask::``, ``::stop-commands::``) and ``##[cmd]``
anywhere in a line. A line break in a value, or a table cell wrapped by the
layout, must never let user text start such a command.
"""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE
from gitkit import commit_all, init

# In YAML double quotes, \e is ESC, \a BEL, \x9b the C1 CSI.
CLEAR = r"\e[2J\e[31m"
LINK = r"\e]8;;https://malicioso.example\e\\clic aquí\e]8;;\e\\"
BELL = r"\a\x9b2J"
# LRM, RLM, ALM, LS, PS (YAML's \L and \P are U+2028 and U+2029).
MARKS = r"\u200e\u200f\u061c\L\P"
RAW = ("\x1b", "\x07", "\x9b", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029")
# Workflow commands a pull request would like the CI log to obey.
MASK = r"\n::add-mask::borrador"
STOP = r"\n::stop-commands::fin"
LEGACY = "##[stop-commands]pausa"


def _edit(path, pattern, replacement):
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, lambda m: replacement, text, count=1, flags=re.M)
    assert new != text, pattern
    path.write_text(new, encoding="utf-8")


def hostile(dest):
    """The example with control sequences in titles, objectives, names, notes, and in values that get quoted in messages."""
    shutil.copytree(EXAMPLE, dest)
    imas = dest / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    _edit(imas, r"^titulo: .*$", f'titulo: "Mapeo {CLEAR} {LINK} {BELL} {MARKS}"')
    _edit(imas, r"^forma: .*$", f'forma: "carta{CLEAR}"')  # a value quoted in a CP104 message
    foro = dest / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    _edit(foro, r"^titulo: .*$", f'titulo: "Foro {LINK} {MARKS}"')
    app = dest / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    _edit(app, r"^titulo: .*$", f'titulo: "App {CLEAR}"')
    _edit(app, r"^    nota: .*$", f'    nota: "{LINK}"')
    _edit(app, r"^plan_anual: .*$", f'plan_anual: "{BELL}{MARKS} {LEGACY}"')  # a wrong type, quoted
    _edit(dest / "actores.yaml", r"nombre: Instituto Mixto de Ayuda Social", f'nombre: "IMAS {CLEAR} {MARKS} {LEGACY}"')
    _edit(dest / "canton.yaml", r"^canton: .*$", f'canton: "Desamparados {LINK}{STOP} {MARKS} {LEGACY}"')
    # Long enough to be wrapped by the status tables, with a command right after a space.
    _edit(dest / "canton.yaml", r"nombre: Los Guido$", 'nombre: "Distrito de Los Guido de Desamparados ::add-mask::zona ::x"')
    pani = dest / "acuerdos" / "pani-espacios-primera-infancia.yaml"
    _edit(pani, r"^estado: .*$", f'estado: "{MASK}"')  # quoted in a CP104 message
    _edit(dest / "planes" / "2015.yaml", r"^anio: .*$", f'anio: "{CLEAR}"')
    (dest / "acuerdos" / "icd-prevencion-drogas-colegios.yaml").write_text(
        'id: icd-prevencion-drogas-colegios\ntitulo: "\\e[2J"\nestado: "\\e[1m"\nactividad: {actor_encargado: "\\e]8;;x\\e\\\\"}\n', encoding="utf-8"
    )
    return dest


OWN_COMMANDS = ("::error ", "::warning ")  # what --format github itself writes


def assert_clean(*texts, own_commands=False, log=True):
    """No raw control character or mark, and (in what reaches a terminal or a
    CI log) no line a CI runner would obey."""
    for text in texts:
        for byte in RAW:
            assert byte not in text, f"{byte!r} reached the output: {text[max(0, text.find(byte) - 60):text.find(byte) + 20]!r}"
        for line in re.split(r"\r\n|\r|\n", text):
            start = line.lstrip()
            if own_commands and start.startswith(OWN_COMMANDS):
                start = start.split("::", 2)[2]  # the message: data, not a command
            if not log:
                break
            assert not start.startswith("::"), f"a workflow command reached the output: {line!r}"
            assert "##[" not in line, f"a legacy workflow command reached the output: {line!r}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return hostile(tmp_path_factory.mktemp("hostil") / "desamparados")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "gitlab"])
def test_validate_never_prints_a_control_sequence(cli, repo, fmt):
    r = cli("validate", repo, "--format", fmt)
    assert r.code == 1
    assert_clean(r.out, r.err, own_commands=fmt == "github")
    if fmt in ("text", "github", "junit"):
        assert "\\x1b[2J" in r.out  # shown, not obeyed
        assert "«\\x0a:\\x3aadd-mask:\\x3aborrador» no es un valor permitido" in r.out.replace("%25", "%")
    if fmt in ("json", "sarif", "gitlab"):
        assert "\\u001b" in r.out  # JSON's own escape
        assert "\\n::add-mask::borrador" in r.out  # JSON's own escape of the line break
        assert "\\u200e\\u200f\\u061c\\u2028\\u2029 #\\u0023[stop-commands]pausa" in r.out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_status_never_prints_a_control_sequence(cli, repo, fmt, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # the wide layout prints more user text
    r = cli("status", repo, "--as-of", "2015-10", "--format", fmt)
    assert r.code == 0
    assert_clean(r.out, r.err)
    if fmt == "text":
        assert "\\x1b]8;;https:/" in r.out
        assert "Desamparados" in r.out and "\\x0a:\\x3astop-commands:\\x3afin" in r.out
        assert "fin \\u200e\\u200f\\u061c\\u2028\\u2029 #\\x23[stop-commands]pausa: estado al mes" in r.out
        assert ":\\x3aadd-mask:\\x3azona" in r.out  # a territory's name, in a wrapped cell


def test_status_tables_wrapped_at_any_width_never_start_a_command(cli, repo, monkeypatch):
    for width in range(60, 170, 7):
        monkeypatch.setenv("COLUMNS", str(width))
        r = cli("status", repo, "--as-of", "2015-10")
        assert r.code == 0
        assert_clean(r.out, r.err)


def test_report_never_prints_or_writes_a_control_sequence(cli, repo, tmp_path):
    out = tmp_path / "informes"
    r = cli("report", repo, "--out", out, "--as-of", "2016-01")
    assert r.code == 0
    assert_clean(r.out, r.err)
    files = sorted(out.iterdir())
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert_clean(text, log=False)  # a web page, not a log: a line break in a value is whitespace
    ficha = (out / "ficha-foro-local-seguridad-los-guido.html").read_text(encoding="utf-8")
    assert "Foro \\x1b]8;;https://malicioso.example" in ficha  # shown, not obeyed
    assert "IMAS \\x1b[2J\\x1b[31m \\u200e\\u200f\\u061c\\u2028\\u2029" in (out / "actores.html").read_text(encoding="utf-8")
    assert "IMAS \\\\x1b\\[2J\\\\x1b\\[31m \\\\u200e\\\\u200f\\\\u061c\\\\u2028\\\\u2029" in (out / "actores.md").read_text(encoding="utf-8")
    # The page's title, its heading, and the Gantt chart's label (SVG).
    assert ficha.count("\\u200e\\u200f\\u061c\\u2028\\u2029") >= 3
    assert 'aria-label="Cronograma de Foro \\x1b]8;;https://malicioso.example' in ficha


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_diff_never_prints_a_control_sequence(cli, tmp_path, fmt):
    work = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, work, dirs_exist_ok=True)
    commit_all(work, "base")
    shutil.rmtree(work / "acuerdos")
    shutil.rmtree(work / "planes")
    hostile(tmp_path / "h")
    for item in (tmp_path / "h").iterdir():
        target = work / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(item, target)
    commit_all(work, "hostil")
    r = cli("diff", "HEAD~1", "HEAD", work, "--as-of", "2016-01", "--format", fmt)
    assert r.code == 0
    assert_clean(r.out, r.err)
    assert "imas-ina-mapeo-familias" in r.out
    if fmt == "markdown":
        assert "add-mask" in r.out and "stop-commands" in r.out  # the values are there, on no line of their own


def test_rules_explain_and_usage_errors_show_arguments_escaped(cli, repo):
    for args in (("rules", "--explain", "CP\x1b[2J"), ("status", repo, "--format", "x\x1b[2J"), ("status", "--fo\x1b[2J")):
        r = cli(*args)
        assert r.code == 2
        assert_clean(r.out, r.err)
        assert "\\x1b[2J" in r.err


def test_edits_echo_user_text_escaped(cli, tmp_path):
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    r = cli("progress", "set", repo, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "50", "--note", "nota\x1b[2J")
    assert r.code == 2 and "caracteres de control" in r.err
    assert_clean(r.out, r.err)
    r = cli("progress", "set", repo, "x\x1b]8;;https://malicioso.example\x1b\\", "--month", "2015-09", "--level", "50")
    assert r.code == 2
    assert_clean(r.out, r.err)
    r = cli("monitoring", "set", repo, "imas-ina-mapeo-familias", "meta", "no", "--note", "[bold]marca[/bold] \u202eal revés")
    assert r.code == 2 and "caracteres de control" in r.err  # a bidirectional override is refused too
    r = cli("monitoring", "set", repo, "imas-ina-mapeo-familias", "meta", "no", "--note", "[bold]marca[/bold]")
    assert r.code == 0 and "[bold]marca[/bold]" in r.out  # rich markup in user text is shown, not interpreted


def test_a_file_name_with_a_control_sequence_is_refused_and_shown_escaped(cli, tmp_path):
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    shutil.copyfile(repo / "acuerdos" / "imas-ina-mapeo-familias.yaml", repo / "acuerdos" / "x\x1b[2J\n::error::falso.yaml")
    for fmt in ("text", "github", "json"):
        r = cli("validate", repo, "--format", fmt)
        assert r.code == 1
        assert_clean(r.out, r.err, own_commands=fmt == "github")
        shown = r.out.replace("%3A", ":").replace(":\\x3a", "::") if fmt != "json" else r.out.replace("\\\\", "\\")
        assert "acuerdos/x\\x1b[2J\\x0a::error::falso.yaml" in shown
        assert "\n::error::falso" not in r.out  # no forged GitHub annotation


def test_messages_that_echo_user_text_never_start_a_workflow_command(cli, tmp_path):
    """Edits, scaffolding, rules and usage errors echo what a person or a file wrote: one line, no command."""
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    runs = [
        ("progress", "set", repo, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "50", "--note", "nota\n::add-mask::x ##[stop-commands]y"),
        ("monitoring", "set", repo, "imas-ina-mapeo-familias", "meta", "no", "--note", "falta\n::add-mask::meta"),
        ("new", "actor", repo, "--name", "Actor ##[add-mask]x ::a", "--sector", "privado", "--level", "comunal", "--no-input"),
        ("new", "agreement", repo, "--title", "Título ##[stop-commands]t", "--lead", "imas", "--no-input"),
        ("new", "agreement", repo, "--title", "Título\n::add-mask::t", "--lead", "imas", "--no-input"),
        ("init", tmp_path / "nuevo", "--canton", "Cantón ##[add-mask]c", "--no-input", "--no-git"),
        ("init", tmp_path / "otro", "--canton", "Cantón\n::add-mask::c", "--no-input", "--no-git"),
        ("rules", "--explain", "CP\n::add-mask::x"),
        ("status", repo, "--as-of", "2015-1\n::add-mask::x"),
    ]
    for args in runs:
        r = cli(*args)
        assert_clean(r.out, r.err)
        assert "add-mask" in r.out + r.err or "stop-commands" in r.out + r.err or "saltos de línea" in r.err, args
    r = cli(*runs[0])
    assert "nota: nota\\x0a:\\x3aadd-mask:\\x3ax #\\x23[stop-commands]y" in r.out


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from([":::", "##[x]", "a\u2028b", "\u200e\u061c", "\r\n::x"]))
def test_plain_and_json_safe_leave_nothing_to_obey(text):
    import json

    from coprod_cli.render.safe import UNSAFE, json_safe, plain

    shown = plain(text)
    assert not re.search(f"[{UNSAFE}]", shown) and "::" not in shown and "##[" not in shown
    encoded = json_safe(json.dumps({"v": text}, ensure_ascii=False))
    assert not re.search(f"[{UNSAFE}]", encoded) and "##[" not in encoded
    assert json.loads(encoded) == {"v": text}  # same data


@pytest.mark.parametrize("forced", [False, True])
def test_rich_markup_in_a_file_name_is_shown_not_interpreted(cli, tmp_path, monkeypatch, forced):
    """A file name is text in every message printed through rich: «[link=…]» is not a link."""
    if forced:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes styles and links as on a terminal
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    name = "[link=https:evil.example]clic [bold]:bomb:.yaml"
    (repo / "acuerdos" / name).write_text("id: [roto\n", encoding="utf-8")
    r = cli("report", repo, "--out", tmp_path / "informes", "--as-of", "2016-01", "--only", "indice")
    assert r.code == 0
    assert "Aviso: 1 archivo(s) no se pudieron leer" in r.err
    assert f"acuerdos/{name}" in r.err  # every character shown, nothing consumed as markup
    assert "\x1b]8" not in r.err and "💣" not in r.err
    r = cli("validate", repo)
    assert f"acuerdos/{name}" in r.out and "\x1b]8" not in r.out


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u2028", "\u2029", "\u202e", "\x9b"])
def test_what_a_person_types_with_a_bidi_mark_is_refused(cli, tmp_path, mark):
    """The commands that write files refuse the characters every output escapes (render/safe.py: UNSAFE)."""
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    for args in [
        ("new", "actor", repo, "--name", f"Actor{mark}nuevo", "--sector", "privado", "--level", "comunal", "--no-input"),
        ("new", "agreement", repo, "--title", f"Título{mark}nuevo", "--lead", "imas", "--no-input"),
        ("progress", "set", repo, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "50", "--note", f"no{mark}ta"),
        ("monitoring", "set", repo, "imas-ina-mapeo-familias", "meta", "no", "--note", f"no{mark}ta"),
        ("init", tmp_path / "nuevo", "--canton", f"Can{mark}tón", "--no-input", "--no-git"),
    ]:
        r = cli(*args)
        assert r.code == 2, (args, r.out, r.err)
        assert "caracteres de control" in r.err or "saltos de línea" in r.err, r.err
        assert_clean(r.out, r.err)
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before
    assert not (tmp_path / "nuevo").exists()
