"""Text is data in a terminal too (SECURITY.md, «El texto es dato»).

A value in a YAML file can carry terminal control sequences: ``ESC[2J``
clears the screen, an OSC 8 sequence turns text into a link to anywhere, BEL
rings, a C1 CSI (U+009B) starts a sequence on some terminals. Whatever a
pull request writes, no command prints one of those bytes raw: they are shown
as visible escapes (``\\x1b``).
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import EXAMPLE
from gitkit import commit_all, init

# In YAML double quotes, \e is ESC, \a BEL, \x9b the C1 CSI.
CLEAR = r"\e[2J\e[31m"
LINK = r"\e]8;;https://malicioso.example\e\\clic aquí\e]8;;\e\\"
BELL = r"\a\x9b2J"
RAW = ("\x1b", "\x07", "\x9b")


def _edit(path, pattern, replacement):
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, lambda m: replacement, text, count=1, flags=re.M)
    assert new != text, pattern
    path.write_text(new, encoding="utf-8")


def hostile(dest):
    """The example with control sequences in titles, objectives, names, notes, and in values that get quoted in messages."""
    shutil.copytree(EXAMPLE, dest)
    imas = dest / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    _edit(imas, r"^titulo: .*$", f'titulo: "Mapeo {CLEAR} {LINK} {BELL}"')
    _edit(imas, r"^forma: .*$", f'forma: "carta{CLEAR}"')  # a value quoted in a CP104 message
    foro = dest / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    _edit(foro, r"^titulo: .*$", f'titulo: "Foro {LINK}"')
    app = dest / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    _edit(app, r"^titulo: .*$", f'titulo: "App {CLEAR}"')
    _edit(app, r"^    nota: .*$", f'    nota: "{LINK}"')
    _edit(app, r"^plan_anual: .*$", f'plan_anual: "{BELL}"')  # a wrong type, quoted
    _edit(dest / "actores.yaml", r"nombre: Instituto Mixto de Ayuda Social", f'nombre: "IMAS {CLEAR}"')
    _edit(dest / "canton.yaml", r"^canton: .*$", f'canton: "Desamparados {LINK}"')
    _edit(dest / "planes" / "2015.yaml", r"^anio: .*$", f'anio: "{CLEAR}"')
    (dest / "acuerdos" / "icd-prevencion-drogas-colegios.yaml").write_text(
        'id: icd-prevencion-drogas-colegios\ntitulo: "\\e[2J"\nestado: "\\e[1m"\nactividad: {actor_encargado: "\\e]8;;x\\e\\\\"}\n', encoding="utf-8"
    )
    return dest


def assert_clean(*texts):
    for text in texts:
        for byte in RAW:
            assert byte not in text, f"{byte!r} reached the output: {text[max(0, text.find(byte) - 60):text.find(byte) + 20]!r}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return hostile(tmp_path_factory.mktemp("hostil") / "desamparados")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "gitlab"])
def test_validate_never_prints_a_control_sequence(cli, repo, fmt):
    r = cli("validate", repo, "--format", fmt)
    assert r.code == 1
    assert_clean(r.out, r.err)
    if fmt in ("text", "github", "junit"):
        assert "\\x1b[2J" in r.out  # shown, not obeyed
    if fmt in ("json", "sarif", "gitlab"):
        assert "\\u001b" in r.out  # JSON's own escape


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_status_never_prints_a_control_sequence(cli, repo, fmt, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # the wide layout prints more user text
    r = cli("status", repo, "--as-of", "2015-10", "--format", fmt)
    assert r.code == 0
    assert_clean(r.out, r.err)
    if fmt == "text":
        assert "\\x1b]8;;https://malicioso.example" in r.out


def test_report_never_prints_or_writes_a_control_sequence(cli, repo, tmp_path):
    out = tmp_path / "informes"
    r = cli("report", repo, "--out", out, "--as-of", "2016-01")
    assert r.code == 0
    assert_clean(r.out, r.err)
    files = sorted(out.iterdir())
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert_clean(text)
    ficha = (out / "ficha-foro-local-seguridad-los-guido.html").read_text(encoding="utf-8")
    assert "Foro \\x1b]8;;https://malicioso.example" in ficha  # shown, not obeyed
    assert "IMAS \\x1b[2J" in (out / "actores.html").read_text(encoding="utf-8")
    assert "IMAS \\\\x1b\\[2J" in (out / "actores.md").read_text(encoding="utf-8")


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
        assert_clean(r.out, r.err)
        shown = r.out.replace("%3A", ":") if fmt != "json" else r.out.replace("\\\\", "\\")
        assert "acuerdos/x\\x1b[2J\\x0a::error::falso.yaml" in shown
        assert "\n::error::falso" not in r.out  # no forged GitHub annotation
