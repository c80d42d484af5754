"""Issue 19 review: defects found in the change 4273d9f..main, each proven by a test."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT


def _coprod(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COPROD_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "coprod_cli", *map(str, args)], capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT
    )


def test_a_note_that_reads_lang_en_does_not_switch_the_language():
    """``--lang`` is a root option, given before the command (README «Idiomas»): a command's own
    argument whose text is ``--lang=en`` (a note, a title) must not turn the whole run into English."""
    run = _coprod("progress", "set", EXAMPLE, "icd-prevencion-drogas-colegios", "--level", "50", "--note", "--lang=en")
    assert run.returncode == 2
    assert "falta la opción «--month»" in run.stderr, run.stderr


def test_lang_after_the_command_is_not_read_either():
    """``coprod validate --note --lang en``-style: a value ``--lang`` after the command is the command's."""
    from coprod_cli.lang import from_argv

    assert from_argv(["--lang", "en", "status"]) == "en"
    assert from_argv(["--lang=en", "status"]) == "en"
    assert from_argv(["--version", "--lang", "en"]) == "en"
    assert from_argv(["progress", "set", "x", "--note", "--lang=en"]) is None
    assert from_argv(["progress", "set", "x", "--note", "--lang", "en"]) is None


def _two_copies(folder):
    """A folder of cantons holding the same canton twice (gathered from two hands)."""
    import shutil

    for sub in ("a", "b"):
        shutil.copytree(EXAMPLE, folder / sub, ignore=shutil.ignore_patterns(".coprod*", "informes"))
    return folder


def test_export_datos_with_a_repeated_canton_is_a_valid_data_package(cli, tmp_path):
    """A repeated canton is listed as «duplicado» in «cantones», whose primary key is «id»:
    two rows with the same id make the package fail its own schema (frictionless)."""
    import frictionless

    cantons = _two_copies(tmp_path / "cantones")
    out = tmp_path / "datos"
    r = cli("export", "datos", cantons, "--out", out, "--as-of", "2015-12")
    assert r.code == 0, r.out + r.err
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["resource", "rowNumber", "type", "note"])


def test_national_status_does_not_count_a_repeated_canton_twice(cli, tmp_path):
    """`export datos` keeps a repeated canton once («duplicado»: «its figures would count twice»);
    `status` over the same folder counts it twice, so the README's DuckDB query and the national
    status disagree on the same folder."""
    import json

    cantons = _two_copies(tmp_path / "cantones")
    one = json.loads(cli("status", cantons / "a", "--format", "json", "--as-of", "2015-12").out)
    national = json.loads(cli("status", cantons, "--format", "json", "--as-of", "2015-12").out)
    assert national["totals"]["checklist"]["met"] == one["totals"]["checklist"]["met"]
    assert national["totals"]["agreements"] == one["totals"]["agreements"]


def test_the_direction_of_an_indicator_is_translated_in_english(cli, tmp_path):
    """«Sentido» is an enum with a label (model/labels.py SENTIDO, «increase» in the English
    catalogue), but the indicators report shows the raw Spanish value in English."""
    from coprod_cli.lang import set_language

    set_language("en")
    try:
        out = tmp_path / "en"
        r = cli("report", EXAMPLE, "--as-of", "2015-12", "--out", out, "--format", "md", "--only", "indicadores")
        assert r.code == 0, r.out + r.err
        md = (out / "indicadores.md").read_text(encoding="utf-8")
    finally:
        set_language("es")
    assert "- Direction: " in md
    assert "Direction: aumentar" not in md and "Direction: disminuir" not in md
    assert "Direction: increase" in md


def test_one_unknown_key_in_canton_yaml_does_not_drop_a_canton_from_the_national_figures(cli, tmp_path):
    """A canton.yaml with one schema error (an unknown key, CP103) still gives the canton's figures in
    its own `status` and its rows in `export datos` («con_errores»); the national status drops all of
    them («unreadable», «no está en ninguna cifra»), so the national total is not the sum of the
    per-canton statuses, nor the DuckDB figure over the export of the same folder."""
    import csv
    import json
    import shutil

    cantons = tmp_path / "cantones"
    for sub, name in (("a", "Desamparados"), ("b", "Otro")):
        shutil.copytree(EXAMPLE, cantons / sub, ignore=shutil.ignore_patterns(".coprod*", "informes"))
        manifest = cantons / sub / "canton.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("canton: Desamparados", f"canton: {name}"), encoding="utf-8")
    manifest = cantons / "b" / "canton.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "campo_desconocido: 1\n", encoding="utf-8")

    def status(path):
        r = cli("status", path, "--format", "json", "--as-of", "2015-12")
        assert r.code == 0, r.err
        return json.loads(r.out)

    per = [status(cantons / sub) for sub in ("a", "b")]
    assert per[1]["totals"]["agreements"] == 6  # its own status reads it
    r = cli("export", "datos", cantons, "--out", tmp_path / "datos", "--as-of", "2015-12")
    assert r.code == 0, r.err
    with (tmp_path / "datos" / "acuerdos.csv").open(encoding="utf-8", newline="") as fh:
        exported = list(csv.DictReader(fh))
    national = status(cantons)
    assert national["totals"]["agreements"] == sum(p["totals"]["agreements"] for p in per)
    assert national["totals"]["agreements"] == len(exported)


def test_a_folder_of_cantons_inside_a_canton_is_read_as_its_cantons(cli, tmp_path):
    """`coprod status canton/vecinos` where «vecinos» holds two cantons: the run silently gives the
    enclosing canton's own status (find_root walks up) and never reads the two cantons asked for."""
    import json
    import shutil

    outer = tmp_path / "desamparados"
    shutil.copytree(EXAMPLE, outer, ignore=shutil.ignore_patterns(".coprod*", "informes"))
    for sub, name in (("uno", "Uno"), ("dos", "Dos")):
        dest = outer / "vecinos" / sub
        shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".coprod*", "informes"))
        manifest = dest / "canton.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("canton: Desamparados", f"canton: {name}"), encoding="utf-8")
    r = cli("status", outer / "vecinos", "--format", "json", "--as-of", "2015-12")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data.get("scope") == "national", data.get("canton")
    assert [c["canton"] for c in data["cantons"]] == ["Dos", "Uno"]
