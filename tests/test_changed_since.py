"""`coprod validate --changed-since REV`: the files changed since REV and the
files that refer to them, with the whole repository still checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casekit import build
from gitkit import commit_all, git, init

A2 = """id: a2
titulo: Segundo acuerdo
estado: borrador
actividad:
  actor_encargado: imass
"""


@pytest.fixture
def canton(tmp_path) -> Path:
    """A git repository whose canton folder has an old problem in acuerdos/a2.yaml."""
    top = init(tmp_path / "git")
    root = build({"files": {"acuerdos/a2.yaml": A2}}, top / "canton")
    commit_all(top, "inicio")
    return root


def _reported(cli, root: Path, *extra: str) -> tuple[int, set[tuple[str, str]]]:
    r = cli("validate", root, "--changed-since", "HEAD", "--format", "json", *extra)
    assert r.code in (0, 1), r.err
    return r.code, {(d["file"], d["code"]) for d in json.loads(r.out)["diagnostics"]}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_reports_nothing(cli, canton):
    assert cli("validate", canton, "--format", "json").code == 1  # the old problem is there
    assert _reported(cli, canton) == (0, set())


def test_a_changed_agreement_is_reported_and_unchanged_ones_are_not(cli, canton):
    _edit(canton / "acuerdos" / "a1.yaml", "actor_encargado: imas", "actor_encargado: imax")
    assert _reported(cli, canton) == (1, {("acuerdos/a1.yaml", "CP501")})


def test_committed_changes_count_too(cli, canton):
    first = git(canton, "rev-parse", "HEAD").strip()
    _edit(canton / "acuerdos" / "a1.yaml", "actor_encargado: imas", "actor_encargado: imax")
    commit_all(canton, "cambio")
    r = cli("validate", canton, "--changed-since", first, "--format", "json")
    assert {(d["file"], d["code"]) for d in json.loads(r.out)["diagnostics"]} == {("acuerdos/a1.yaml", "CP501")}
    assert _reported(cli, canton) == (0, set())


def test_a_deleted_agreement_reports_the_plan_that_lists_it(cli, canton):
    (canton / "acuerdos" / "a1.yaml").unlink()
    # Warnings (issue 17): the plan's planned agreement has no file (CP409), its action no agreement (CP412).
    assert _reported(cli, canton) == (0, {("planes/2015.yaml", "CP409"), ("planes/2015.yaml", "CP412")})


def test_a_renamed_id_reports_the_plan_that_lists_the_old_one(cli, canton):
    _edit(canton / "acuerdos" / "a1.yaml", "id: a1", "id: a1-nuevo")
    (canton / "acuerdos" / "a1.yaml").rename(canton / "acuerdos" / "a1-nuevo.yaml")
    # Warnings (issue 17): the planned a1 has no file (CP409), and a1-nuevo is outside the plan (CP411).
    assert _reported(cli, canton) == (0, {("planes/2015.yaml", "CP409"), ("acuerdos/a1-nuevo.yaml", "CP411")})


def test_a_new_untracked_file_is_reported(cli, canton):
    (canton / "acuerdos" / "a3.yaml").write_text(A2.replace("a2", "a3"), encoding="utf-8")
    assert _reported(cli, canton) == (1, {("acuerdos/a3.yaml", "CP501"), ("acuerdos/a3.yaml", "CP207")})


def test_a_changed_plan_reports_its_agreements(cli, canton):
    # The plan now has year 2016: a1 (plan_anual: 2015) loses its plan.
    _edit(canton / "planes" / "2015.yaml", "anio: 2015", "anio: 2016")
    code, found = _reported(cli, canton)
    assert ("acuerdos/a1.yaml", "CP505") in found
    assert all(f != "acuerdos/a2.yaml" for f, _ in found)


def test_a_changed_actor_map_reports_everything(cli, canton):
    _edit(canton / "actores.yaml", "nombre: Persona Seis", "nombre: Persona Siete")
    assert ("acuerdos/a2.yaml", "CP501") in _reported(cli, canton)[1]


def test_changes_outside_the_layout_report_nothing(cli, canton):
    (canton / "README.md").write_text("hola\n", encoding="utf-8")
    (canton.parent / "otro.yaml").write_text("a: 1\n", encoding="utf-8")
    assert _reported(cli, canton) == (0, set())


def test_text_output_says_how_many_files_were_reviewed(cli, canton):
    _edit(canton / "acuerdos" / "a1.yaml", "actor_encargado: imas", "actor_encargado: imax")
    r = cli("validate", canton, "--changed-since", "HEAD")
    assert r.code == 1 and "CP501" in r.out and "a2.yaml" not in r.out


def test_unknown_revision_is_a_usage_error(cli, canton):
    r = cli("validate", canton, "--changed-since", "no-existe")
    assert r.code == 2
    assert "revisión desconocida «no-existe»" in r.err


def test_outside_git_is_a_usage_error(cli, tmp_path):
    root = build({}, tmp_path / "suelto")
    r = cli("validate", root, "--changed-since", "HEAD")
    assert r.code == 2
    assert "no está dentro de un repositorio git" in r.err


@pytest.mark.parametrize("also", [None, "canton.yaml"])
def test_a_change_to_the_templates_is_a_warning_to_review_it_as_code(cli, canton, also, monkeypatch):
    """Issue 11, item 11: a pull request touching only `templates/reports/style.css` reaches every public report."""
    own = canton / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "style.css").write_text("body { }\n</style><script>alert(1)</script>\n", encoding="utf-8")
    if also:  # the same pull request cannot switch it off (CP508: not a rule that can be changed)
        (canton / also).write_text((canton / also).read_text(encoding="utf-8") + "reglas:\n  CP009: desactivada\n", encoding="utf-8")
    code, found = _reported(cli, canton)
    assert ("templates/reports/style.css", "CP009") in found and code == (1 if also else 0)
    r = cli("validate", canton, "--changed-since", "HEAD", "--strict")
    assert r.code == 1 and "templates/reports/style.css\n  1:1  advertencia  CP009  el cambio toca una plantilla" in r.out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    r = cli("validate", canton, "--changed-since", "HEAD")
    assert "::warning file=canton/templates/reports/style.css,line=1" in r.out and "revíselo como código" in r.out
    # Without --changed-since there is no change to review: no warning.
    whole = json.loads(cli("validate", canton, "--format", "json").out)["diagnostics"]
    assert not [d for d in whole if d["code"] == "CP009"]
