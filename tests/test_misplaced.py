"""Issue 12, item 13: a data file coprod does not read (an agreement in a
subfolder of `acuerdos/`, a plan in one of `planes/`, a `.YAML` name) is an
error at its path (CP010) that says to move it, never a silence: in
`validate` (with and without the cache, and with `--changed-since`), in the
plan that lists it, in `progress set`, in `report` and in `coprod diff`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from gitkit import commit_all, init

FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"
MOVED = "acuerdos/2015/foro-local-seguridad-los-guido.yaml"
#: Where the example's sessions name that agreement (agenda, decisions, avances), as (file, line):
#: CP507 reports each of them as CP409 reports the plan that lists it (a warning since issue 17), in the same words.
SESSIONS_NAMING_FORO = [
    ("sesiones/2015-10-13.yaml", 12),
    ("sesiones/2015-10-13.yaml", 52),
    ("sesiones/2015-10-24-los-guido.yaml", 15),
    ("sesiones/2015-10-24-los-guido.yaml", 34),
    ("sesiones/2015-10-24-los-guido.yaml", 37),
    ("sesiones/2015-11-10.yaml", 12),
    ("sesiones/2015-11-10.yaml", 49),
    ("sesiones/2015-12-08.yaml", 13),
    ("sesiones/2015-12-08.yaml", 50),
]
SESSION_CP507 = {(file, "CP507") for file, _ in SESSIONS_NAMING_FORO}


def _move(root: Path, src: str = FORO, dest: str = MOVED) -> None:
    (root / dest).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(root / src, root / dest)


def _diagnostics(cli, root: Path, *extra: str) -> list[dict]:
    r = cli("validate", root, "--format", "json", *extra)
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["diagnostics"]


def test_an_agreement_in_a_subfolder_is_an_error_at_its_path(cli, example):
    _move(example)
    r = cli("validate", example)
    assert r.code == 1
    found = [d for d in _diagnostics(cli, example) if d["code"] in ("CP010", "CP409", "CP507")]
    assert [(d["file"], d["line"], d["code"]) for d in found] == [
        (MOVED, 1, "CP010"),
        ("planes/2015.yaml", 36, "CP409"),
    ] + [(file, line, "CP507") for file, line in SESSIONS_NAMING_FORO]
    moved, plan, *sessions = found
    assert all(s["message"] == plan["message"] for s in sessions)
    assert "está en una subcarpeta de «acuerdos/» y coprod no lo lee" in moved["message"]
    assert "muévalo a «acuerdos/foro-local-seguridad-los-guido.yaml»" in moved["message"]
    # The plan no longer says only «acuerdo desconocido»: it says where the file is.
    assert plan["message"] == (
        f"acuerdo desconocido «foro-local-seguridad-los-guido»: su archivo «{MOVED}» está en una subcarpeta y coprod "
        "no lo lee; muévalo a «acuerdos/foro-local-seguridad-los-guido.yaml» (regla CP010)"
    )
    assert f"{MOVED}\n  1:1  error  CP010  el archivo está en una subcarpeta" in r.out


def test_the_cache_reports_it_every_time_and_forgets_it_once_moved_back(cli, clean_example):
    example = clean_example  # no warning of its own: what is reported comes from the move
    _move(example)
    for _ in range(2):  # the second run is served by the cache
        assert {d["code"] for d in _diagnostics(cli, example)} >= {"CP010", "CP507"}
    assert (example / ".coprod-cache").is_dir()
    _move(example, MOVED, FORO)
    assert _diagnostics(cli, example) == []
    status = json.loads(cli("status", example, "--as-of", "2015-09", "--format", "json").out)
    assert "foro-local-seguridad-los-guido" in [a["id"] for a in status["agreements"]]


def test_an_uppercase_suffix_and_a_plan_in_a_subfolder(cli, example):
    shutil.move(example / FORO, example / "acuerdos" / "foro-local-seguridad-los-guido.YAML")
    shutil.copy(example / "planes" / "2015.yaml", example / "planes" / "2015.yaml.bak")  # a backup: not YAML by its name
    (example / "planes" / "archivo").mkdir()
    shutil.copy(example / "planes" / "2015.yaml", example / "planes" / "archivo" / "2014.yaml")
    found = {(d["file"], d["code"]): d["message"] for d in _diagnostics(cli, example) if d["code"] == "CP010"}
    assert set(found) == {("acuerdos/foro-local-seguridad-los-guido.YAML", "CP010"), ("planes/archivo/2014.yaml", "CP010")}
    assert "cámbiele el nombre a «acuerdos/foro-local-seguridad-los-guido.yaml»" in found[("acuerdos/foro-local-seguridad-los-guido.YAML", "CP010")]
    assert "Si es un plan anual, muévalo a «planes/2014.yaml»" in found[("planes/archivo/2014.yaml", "CP010")]


def test_a_huge_tree_under_acuerdos_is_searched_within_bounds(cli, example):
    from coprod_cli.load.repository import STRAY_REPORT_MAX

    folder = example / "acuerdos" / "copias"
    folder.mkdir()
    for i in range(STRAY_REPORT_MAX + 10):
        (folder / f"c{i:03}.yaml").write_text("id: x\n", encoding="utf-8")
    found = [d for d in _diagnostics(cli, example) if d["code"] == "CP010"]
    assert len(found) == STRAY_REPORT_MAX + 1
    assert found[0]["file"] == "acuerdos" and "puede haber más archivos que no se leen" in found[0]["message"]


def test_progress_set_says_where_the_agreement_is(cli, example):
    _move(example)
    before = (example / MOVED).read_bytes()
    r = cli("progress", "set", example, "foro-local-seguridad-los-guido", "--month", "2015-09", "--level", "50")
    assert r.code == 2
    assert f"el acuerdo «foro-local-seguridad-los-guido» está en «{MOVED}», una subcarpeta de «acuerdos/»" in r.err
    assert (example / MOVED).read_bytes() == before


def test_the_report_says_it_left_the_file_out(cli, example, tmp_path):
    _move(example)
    r = cli("report", example, "--out", tmp_path / "informes", "--only", "indice", "--format", "md", "--as-of", "2015-09")
    assert r.code == 0, r.err
    assert "no se pudieron leer" in r.err and MOVED in r.err


@pytest.fixture
def history(tmp_path) -> Path:
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    commit_all(top, "ejemplo")
    return top


def test_changed_since_reports_the_moved_file_and_the_plan_that_lists_it(cli, history):
    canton = history / "canton"
    _move(canton)
    reported = {(d["file"], d["code"]) for d in _diagnostics(cli, canton, "--changed-since", "HEAD")}
    assert reported == {(MOVED, "CP010"), ("planes/2015.yaml", "CP409")} | SESSION_CP507
    # A file given by name (pre-commit passes the staged files) is reported too.
    r = cli("validate", canton / MOVED, "--format", "json")
    assert {(d["file"], d["code"]) for d in json.loads(r.out)["diagnostics"]} == {(MOVED, "CP010")}


def test_diff_shows_the_moved_agreement_as_removed_with_its_new_problems(cli, history):
    canton = history / "canton"
    _move(canton)
    commit_all(history, "mover a una subcarpeta")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", canton, "--as-of", "2015-09", "--format", "json").out)
    assert [a["id"] for a in doc["agreements"]["removed"]] == ["foro-local-seguridad-los-guido"]
    assert {(p["file"], p["code"]) for p in doc["problems"]["new"]} == {(MOVED, "CP010"), ("planes/2015.yaml", "CP409")} | SESSION_CP507
