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
    row = next(l for l in md.splitlines() if l.startswith("| Mapeo de familias beneficiarias e integración en procesos formativos | imas-ina-mapeo-familias |"))
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
    text = path.read_text(encoding="utf-8").replace("titulo: Mapeo de familias", f"titulo: {LIVE[:120]} Mapeo")
    text = text.replace("  - mes: 2015-08\n    nivel: 25\n", f'  - mes: 2015-08\n    nivel: 25\n    nota: "{LIVE}"\n')
    text = text.replace("  meta: {cumple: sí}", f'  meta: {{cumple: "no", observaciones: "{LIVE}"}}')
    path.write_text(text, encoding="utf-8")
    commit_all(top, "textos vivos")
    r = cli("diff", "HEAD~1", "HEAD", top, "--as-of", "2016-01")
    assert r.code == 0
    assert [f for f in LIVE_FORMS if f in r.out] == []
    shown = r.out.replace("\u2060", "").replace("\\", "")  # WORD JOINER, and Markdown's escapes
    assert "Avisar a @octocat y @org/equipo, ana@example.com, ver https://evil.example/x" in shown  # the title, as written
    assert "«Avisar a @octocat" in shown  # the wrong «estado», quoted in a problem
    # The note and the observation quoted in the details of the change are text too.
    assert "Avance de agosto de 2015: nota nueva: «Avisar a @octocat" in shown
    assert "Criterio 4, «Presenta la Meta de la actividad»: Sí → No (cumplido → no cumplido); observaciones nuevas: «Avisar a @octocat" in shown


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


# --- issue 12, item 10: a summary a reviewer can act on ------------------------------------------------------


def _commit_at(top: Path, message: str, when: str) -> None:
    import os
    import subprocess

    from gitkit import IDENTITY

    subprocess.run(["git", *IDENTITY, "add", "-A"], cwd=top, check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", *IDENTITY, "commit", "-q", "-m", message], cwd=top, check=True, env=env)


@pytest.fixture
def session(tmp_path) -> Path:
    """After the September 2015 session: August's level 25 → 75 with a note, criterion 4
    answered «no», the agreement concluded; the Foro's October sub-activity 2 completed."""
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    _commit_at(top, "julio y agosto", "2015-08-31T18:00:00-0600")
    path = top / "canton" / IMAS
    text = path.read_text(encoding="utf-8").replace("  - mes: 2015-08\n    nivel: 25\n", "  - mes: 2015-08\n    nivel: 75\n    nota: Se tramitaron 120 subsidios\n")
    text = text.replace("  meta: {cumple: sí}", '  meta: {cumple: "no", observaciones: Falta cuantificar}').replace("estado: en_ejecucion", "estado: concluido")
    path.write_text(text, encoding="utf-8")
    foro = top / "canton" / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    foro.write_text(foro.read_text(encoding="utf-8").replace("        nivel: 50\n        nota: El diagnóstico sigue en noviembre.\n", "        nivel: 100\n"), encoding="utf-8")
    # Committed on 1 October in Costa Rica: 07:30 UTC, still 1 October in its own time zone.
    _commit_at(top, "sesión de setiembre", "2015-10-01T01:30:00-0600")
    return top


def test_the_summary_says_which_month_changed_from_what_to_what(cli, session):
    md = cli("diff", "HEAD~1", "HEAD", session / "canton", "--as-of", "2015-10").out
    assert "#### Mapeo de familias beneficiarias e integración en procesos formativos (imas-ina-mapeo-familias)" in md
    assert "- Avance de agosto de 2015: 25\u00a0% algo avanzada → 75\u00a0% muy avanzada; nota nueva: «Se tramitaron 120 subsidios»" in md
    assert "- Criterio 4, «Presenta la Meta de la actividad»: Sí → No (cumplido → no cumplido); observaciones nuevas: «Falta cuantificar»" in md
    assert "- Estado: en ejecución → concluido" in md
    assert "- Avance de octubre de 2015, subactividad 2: 50\u00a0% avanzada → 100\u00a0% cumplida; se quitó la nota «El diagnóstico sigue en noviembre.»" in md
    row = next(l for l in md.splitlines() if "| imas-ina-mapeo-familias |" in l).replace("\\", "")
    assert row.startswith("| Mapeo de familias beneficiarias e integración en procesos formativos | imas-ina-mapeo-familias | estado, avance (sección 6), monitoreo (sección 7) | en ejecución → concluido | 14/14 → 13/14 |")
    # Labels as people write them, never identifiers.
    assert "en\\_ejecucion" not in md and "en_ejecucion" not in md
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", session / "canton", "--as-of", "2015-10", "--format", "json").out)
    imas = next(c for c in doc["agreements"]["changed"] if c["id"] == "imas-ina-mapeo-familias")
    assert imas["levels"] == [{"month": "2015-08", "subactivity": None, "before": 25, "after": 75, "note_before": None, "note_after": "Se tramitaron 120 subsidios"}]
    assert imas["criteria"] == [{
        "number": 4, "key": "meta", "text": "Presenta la Meta de la actividad", "answer_before": "si", "answer_after": "no",
        "met_before": True, "met_after": False, "observations_before": None, "observations_after": "Falta cuantificar",
    }]
    assert imas["after"]["status"] == "concluido"  # JSON keeps the identifier: it is for programs


def test_the_summary_explains_its_figures_without_a_link(cli, session):
    md = cli("diff", "HEAD~1", "HEAD", session / "canton", "--as-of", "2015-10").out
    assert "cifras.md" not in md and "docs/" not in md  # a canton's repository has no docs/ of coprod
    assert "**Cómo leer las cifras.**" in md
    for words in ("14 criterios de la tabla de monitoreo", "vencidos al mes de corte", "un compromiso vencido sin informar es una alerta, no un cero", "todos los compromisos del cronograma"):
        assert words in md, words


def test_the_cut_off_is_the_month_of_the_newer_commit_not_today(cli, session, monkeypatch):
    """It was today's month: the same pull request summarised in December said other figures than in October."""
    import datetime as dt

    from coprod_cli.model import types

    class Later(dt.date):
        @classmethod
        def today(cls):
            return cls(2016, 12, 15)

    monkeypatch.setattr(types.dt, "date", Later)  # «today» is far later: it must not matter
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", session / "canton", "--format", "json").out)
    head = git(session, "rev-parse", "HEAD").strip()
    assert doc["as_of"] == "2015-10"  # the commit's own time zone: 1 October, not 30 September in UTC-6 nor 1 October UTC by chance
    assert doc["as_of_source"] == {"kind": "commit", "commit": head}
    md = cli("diff", "HEAD~1", "HEAD", session / "canton").out
    assert f"cifras a octubre de 2015 (el mes del commit más reciente de los dos, {head[:7]})" in md
    # Reversed, the newer commit is still the one that counts.
    assert json.loads(cli("diff", "HEAD", "HEAD~1", session / "canton", "--format", "json").out)["as_of"] == "2015-10"
    # --as-of wins.
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", session / "canton", "--as-of", "2015-08", "--format", "json").out)
    assert doc["as_of"] == "2015-08" and doc["as_of_source"] == {"kind": "option", "commit": None}
    assert "cifras a agosto de 2015 (--as-of)" in cli("diff", "HEAD~1", "HEAD", session / "canton", "--as-of", "2015-08").out


def test_a_commit_dated_outside_the_year_window_asks_for_as_of(cli, tmp_path):
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    _commit_at(top, "reloj roto", "1980-01-01T00:00:00+0000")
    (top / "canton" / "LEEME.txt").write_text("x\n", encoding="utf-8")
    _commit_at(top, "reloj roto otra vez", "1980-02-01T00:00:00+0000")
    r = cli("diff", "HEAD~1", "HEAD", top / "canton")
    assert r.code == 2
    assert "tiene la fecha 1980-02, fuera de los años que coprod acepta (1990 a 2100); indique el mes de corte con «--as-of AAAA-MM»" in r.err
    assert cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2015-10").code == 0


def test_many_changes_in_one_agreement_are_bounded_in_the_comment(cli, tmp_path):
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    commit_all(top, "uno")
    path = top / "canton" / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("objetivo", "actividad_programada", "planes_programas", "meta", "poblacion", "territorio", "actores_sociedad_civil",
                "actor_encargado", "actores_colaboradores", "plazo", "impacto_esperado", "roles", "responsabilidades"):
        text = text.replace(f"  {key}: {{cumple: sí}}", f'  {key}: {{cumple: "no", observaciones: Revisar {key}}}')
    for m, level in (("07", 50), ("09", 0), ("10", 0), ("11", 0), ("12", 0)):
        text = text.replace(f"  - mes: 2015-{m}\n    nivel: {level}\n", f"  - mes: 2015-{m}\n    nivel: 100\n    nota: Cumplido en 2015-{m}\n")
    text = text.replace('  cronograma: {cumple: sí, observaciones: "Enero de 2016 sin actividad definida en el cronograma."}', '  cronograma: {cumple: "no"}')
    text = text.replace("titulo: Mapeo de familias", "titulo: Mapeo de las familias")
    path.write_text(text.replace("estado: en_ejecucion", "estado: concluido"), encoding="utf-8")
    commit_all(top, "todo")
    md = cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2016-01").out
    section = md[md.index("#### Mapeo de las familias"):]
    section = section[: section.index("\n\n", section.index("\n\n") + 2)]
    lines = [l for l in section.splitlines() if l.startswith("- ")]
    # title, status, 5 levels, 14 criteria: 21 changes, 20 shown
    assert len(lines) == 21 and lines[-1] == "- … y 1 cambio más (`coprod diff --format json` los lista todos)."
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2016-01", "--format", "json").out)
    change = doc["agreements"]["changed"][0]
    assert len(change["levels"]) == 5 and len(change["criteria"]) == 14
