"""`coprod diff BASE [HEAD] [PATH]`: what a pull request did to the agreements."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from gitkit import commit_all, git, init

NEW = """id: ferias-empleo
titulo: "Ferias de empleo | jóvenes <script>alert(1)</script>"
estado: borrador
actividad:
  actor_encargado: imas
"""
IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"


@pytest.fixture
def history(tmp_path) -> Path:
    """Two commits in a git repository whose canton is the subfolder `canton`:
    the second adds an agreement and raises IMAS-INA's August level 25 → 75."""
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    (top / "LEEME.txt").write_text("otro contenido del repositorio\n", encoding="utf-8")
    commit_all(top, "ejemplo")
    canton = top / "canton"
    path = canton / IMAS
    text = path.read_text(encoding="utf-8")
    assert text.count("  - mes: 2015-08\n    nivel: 25\n") == 1
    path.write_text(text.replace("  - mes: 2015-08\n    nivel: 25\n", "  - mes: 2015-08\n    nivel: 75\n"), encoding="utf-8")
    (canton / "acuerdos" / "ferias-empleo.yaml").write_text(NEW, encoding="utf-8")
    commit_all(top, "avance de agosto y un acuerdo nuevo")
    return top


def test_diff_reports_exactly_the_two_changes(cli, history):
    r = cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "2015-08", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["as_of"] == "2015-08" and doc["canton"] == "Desamparados"
    assert doc["base"]["rev"] == "HEAD~1" and re.fullmatch(r"[0-9a-f]{40}", doc["base"]["commit"])
    assert (doc["base"]["agreements"], doc["head"]["agreements"]) == (6, 7)

    added = doc["agreements"]["added"]
    assert [a["id"] for a in added] == ["ferias-empleo"]
    assert added[0]["file"] == "acuerdos/ferias-empleo.yaml" and added[0]["status"] == "borrador"
    assert doc["agreements"]["removed"] == []

    changed = doc["agreements"]["changed"]
    assert [c["id"] for c in changed] == ["imas-ina-mapeo-familias"]
    c = changed[0]
    assert c["sections"] == ["avance"]
    assert c["before"]["checklist"]["met"] == c["after"]["checklist"]["met"] == 14
    assert c["before"]["progress"]["to_date"] == 37.5  # (50 + 25) / 2
    assert c["after"]["progress"]["to_date"] == 62.5  # (50 + 75) / 2
    assert c["before"]["progress"]["overall"] == pytest.approx(75 / 7)
    assert c["after"]["progress"]["overall"] == pytest.approx(125 / 7)
    assert doc["other_files"] == []
    # The new draft has no civil society: one new warning, nothing resolved.
    assert [(p["file"], p["code"]) for p in doc["problems"]["new"]] == [("acuerdos/ferias-empleo.yaml", "CP207")]
    assert doc["problems"]["resolved"] == []


def test_diff_markdown_summary(cli, history, monkeypatch):
    monkeypatch.chdir(history / "canton")
    r = cli("diff", "HEAD~1", "--as-of", "2015-08")
    assert r.code == 0, r.err
    md = r.out
    assert "### Acuerdos agregados (1)" in md
    assert "### Acuerdos modificados (1)" in md
    assert "Acuerdos eliminados" not in md
    row = next(l for l in md.splitlines() if l.startswith("| imas\\-ina\\-mapeo\\-familias") or l.startswith("| imas-ina-mapeo-familias"))
    assert "14/14 → 14/14" in row
    assert "37,5\u00a0% → 62,5\u00a0%" in row
    assert "10,7\u00a0% → 17,9\u00a0%" in row
    assert "### Problemas nuevos (1)" in md and "CP207" in md
    # Agreement text is shown as text: no live HTML, and the table keeps its columns.
    assert "<script>" not in md
    added = next(l for l in md.splitlines() if "ferias" in l and l.startswith("|"))
    assert "\\<script\\>" in added
    assert len(re.findall(r"(?<!\\)\|", added)) == 7  # six cells


def test_diff_does_not_touch_the_working_tree(cli, history):
    canton = history / "canton"
    (canton / IMAS).write_text("sin: guardar\n", encoding="utf-8")  # an uncommitted edit
    status = git(history, "status", "--porcelain")
    r = cli("diff", "HEAD~1", "HEAD", canton, "--as-of", "2015-08", "--format", "json")
    assert r.code == 0
    # The committed versions were compared, not the edited file.
    assert [c["id"] for c in json.loads(r.out)["agreements"]["changed"]] == ["imas-ina-mapeo-familias"]
    assert git(history, "status", "--porcelain") == status
    assert (canton / IMAS).read_text(encoding="utf-8") == "sin: guardar\n"


def test_second_argument_may_be_the_folder(cli, history, monkeypatch):
    monkeypatch.chdir(history)
    r = cli("diff", "HEAD~1", "canton", "--as-of", "2015-08", "--format", "json")
    assert r.code == 0, r.err
    assert [a["id"] for a in json.loads(r.out)["agreements"]["added"]] == ["ferias-empleo"]


def test_removed_agreement_and_resolved_problem(cli, history):
    canton = history / "canton"
    (canton / "acuerdos" / "ferias-empleo.yaml").unlink()
    commit_all(history, "quitar el borrador")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", canton, "--as-of", "2015-08", "--format", "json").out)
    assert [a["id"] for a in doc["agreements"]["removed"]] == ["ferias-empleo"]
    assert doc["agreements"]["added"] == doc["agreements"]["changed"] == []
    assert [(p["file"], p["code"]) for p in doc["problems"]["resolved"]] == [("acuerdos/ferias-empleo.yaml", "CP207")]
    assert doc["problems"]["new"] == []
    md = cli("diff", "HEAD~1", "HEAD", canton, "--as-of", "2015-08").out
    assert "### Acuerdos eliminados (1)" in md and "### Problemas resueltos (1)" in md


def test_a_moved_problem_is_neither_new_nor_resolved(cli, history):
    path = history / "canton" / "acuerdos" / "ferias-empleo.yaml"
    path.write_text("# Borrador para la próxima sesión.\n# Falta la sociedad civil.\n" + NEW, encoding="utf-8")
    commit_all(history, "comentario")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "2015-08", "--format", "json").out)
    assert doc["problems"] == {"new": [], "resolved": []}
    assert [c["id"] for c in doc["agreements"]["changed"]] == ["ferias-empleo"]
    assert doc["agreements"]["changed"][0]["sections"] == []
    assert "formato o comentarios" in cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "2015-08").out


def test_other_files_are_listed(cli, history):
    plan = history / "canton" / "planes" / "2015.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# nota\n", encoding="utf-8")
    commit_all(history, "plan")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", history / "canton", "--format", "json").out)
    assert doc["other_files"] == [{"file": "planes/2015.yaml", "change": "changed"}]


def test_base_without_a_canton_means_everything_is_new(cli, history):
    first = git(history, "rev-list", "--max-parents=0", "HEAD").strip()
    (history / "nuevo").mkdir()
    shutil.copytree(EXAMPLE, history / "nuevo" / "canton")
    commit_all(history, "otro cantón")
    doc = json.loads(cli("diff", first, "HEAD", history / "nuevo" / "canton", "--format", "json").out)
    assert doc["base"]["exists"] is False
    assert len(doc["agreements"]["added"]) == 6
    r = cli("diff", first, "HEAD~1", history / "nuevo")
    assert r.code == 2 and "canton.yaml" in r.err


def test_unknown_revision_and_no_git_are_usage_errors(cli, history, tmp_path):
    r = cli("diff", "no-existe", "HEAD", history / "canton")
    assert r.code == 2 and "revisión desconocida «no-existe»" in r.err
    r = cli("diff", "--", "-x", "HEAD", history / "canton")
    assert r.code == 2
    plain = tmp_path / "sin-git"
    shutil.copytree(EXAMPLE, plain)
    r = cli("diff", "HEAD~1", "HEAD", plain)
    assert r.code == 2 and "no está dentro de un repositorio git" in r.err
    assert "Traceback" not in r.out + r.err


def test_bad_as_of_and_format(cli, history):
    assert cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "agosto").code == 2
    assert cli("diff", "HEAD~1", "HEAD", history / "canton", "--format", "html").code == 2


# -- md_escape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"),
        ("| x |", "\\| x \\|"),
        ("[clic](javascript:alert(1))", "\\[clic\\]\\(javascript:alert\\(1\\)\\)"),
        ("*negrita* _it_ `código` ~~tachado~~", "\\*negrita\\* \\_it\\_ \\`código\\` \\~\\~tachado\\~\\~"),
        ("línea 1\nlínea 2\r\n  línea 3", "línea 1 línea 2 línea 3"),
        ("a \\| b", "a \\\\\\| b"),
        ("&lt; $x$", "\\&lt; \\$x\\$"),
        ("San José, 37,5 %", "San José, 37,5 %"),
    ],
)
def test_md_escape(text, expected):
    from coprod_cli.render.markdown import md_escape

    assert md_escape(text) == expected


def test_md_escape_keeps_a_table_row_valid():
    from coprod_cli.render.markdown import cell

    row = f"| {cell('a | b')} | {cell('<b>x</b>' + chr(10) + '| y |')} | {cell('')} |"
    assert len(re.findall(r"(?<!\\)\|", row)) == 4
    assert "\n" not in row and "—" in row


LIVE = "Avisar a @octocat y @org/equipo, ana@example.com, ver https://evil.example/x y www.evil.example (cierra #12)"
#: What GitHub would link or notify if it reached the comment as written.
LIVE_FORMS = ("@octocat", "@org", "ana@example.com", "https://", "www.evil", "#12")


def test_the_comment_links_and_notifies_nobody(cli, tmp_path):
    """URLs, e-mail addresses, @mentions and #numbers in user text stay text
    (a WORD JOINER inside each, render/markdown.py); they read the same."""
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top, dirs_exist_ok=True)
    commit_all(top, "base")
    (top / "acuerdos" / "avisos.yaml").write_text(
        f'id: avisos\ntitulo: "{LIVE[:150]}"\nestado: "{LIVE}"\nactividad:\n  actor_encargado: imas\n', encoding="utf-8"
    )
    path = top / IMAS
    path.write_text(path.read_text(encoding="utf-8").replace("titulo: Mapeo de familias", f"titulo: {LIVE[:120]} Mapeo"), encoding="utf-8")
    commit_all(top, "textos vivos")
    r = cli("diff", "HEAD~1", "HEAD", top, "--as-of", "2016-01")
    assert r.code == 0
    assert [f for f in LIVE_FORMS if f in r.out] == []
    shown = r.out.replace("\u2060", "").replace("\\", "")  # WORD JOINER, and Markdown's escapes
    assert "Avisar a @octocat y @org/equipo, ana@example.com, ver https://evil.example/x" in shown  # the title, as written
    assert "«Avisar a @octocat" in shown  # the wrong «estado», quoted in a problem


def test_a_pull_request_touching_the_templates_is_flagged_in_the_summary(cli, history):
    """Issue 11, item 11: the shipped CI workflows run `coprod diff` on every pull
    request; a change under `templates/` is a new CP009 warning there."""
    own = history / "canton" / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "style.css").write_text("@import url(https://evil.example/x.css);\n", encoding="utf-8")
    commit_all(history, "estilo")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "2015-08", "--format", "json").out)
    assert [(p["file"], p["code"]) for p in doc["problems"]["new"]] == [("templates/reports/style.css", "CP009")]
    md = cli("diff", "HEAD~1", "HEAD", history / "canton", "--as-of", "2015-08").out
    assert "CP009" in md and "revíselo como código" in md
    # The earlier change touched no template: nothing to review there.
    doc = json.loads(cli("diff", "HEAD~2", "HEAD~1", history / "canton", "--as-of", "2015-08", "--format", "json").out)
    assert not [p for p in doc["problems"]["new"] if p["code"] == "CP009"]
