from __future__ import annotations

import json

import pytest

from casekit import build, load_cases
from conftest import EXAMPLE, EXAMPLE_WARNINGS


def test_example_validates_clean(cli):
    """No error; only the warnings the example shows on purpose (EXAMPLE_WARNINGS)."""
    r = cli("validate", EXAMPLE)
    assert r.code == 0, r.out
    for file, line, code in EXAMPLE_WARNINGS:
        assert f"{file}\n  {line}:" in r.out and f"advertencia  {code}" in r.out
    n = len(EXAMPLE_WARNINGS)
    assert r.out.count("advertencia  ") == n and "error  " not in r.out
    assert f"! {n} advertencias en {n} archivos (16 archivos revisados)" in r.out


def test_example_validates_clean_strict_without_its_overdue_decision(cli, clean_example):
    r = cli("validate", clean_example, "--strict")
    assert r.code == 0, r.out
    assert "✓ Sin problemas (16 archivos revisados)." in r.out


def test_example_validates_strict_and_json(cli):
    # --strict fails on the example's warnings (EXAMPLE_WARNINGS), and on nothing else.
    r = cli("validate", EXAMPLE, "--strict", "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc["format_version"] == 1
    assert doc["files_checked"] == 16
    n = len(EXAMPLE_WARNINGS)
    assert doc["summary"] == {"files_checked": 16, "files_with_problems": n, "errors": 0, "warnings": n}
    assert [(d["file"], d["line"], d["code"], d["severity"]) for d in doc["diagnostics"]] == [
        (*w, "warning") for w in EXAMPLE_WARNINGS
    ]


# Cases with `changed` describe a change (validate --changed-since): tests/test_changed_since.py runs those through git.
BROKEN = [c for c in load_cases() if c[1]["expect"] == "fail" and "changed" not in c[1]]


@pytest.mark.parametrize("code,case", BROKEN, ids=lambda x: x if isinstance(x, str) else x["name"])
def test_broken_input_never_gives_a_traceback(cli, code, case, tmp_path):
    root = build(case, tmp_path / "repo")
    r = cli("validate", root)
    assert "Traceback" not in r.out + r.err
    assert r.code in (0, 1), r.out + r.err
    if any(e[4:] != ["warning"] for e in case["expected"]):
        assert r.code == 1
    # The broken file is named with its line and column.
    file, line, col = case["expected"][0][:3]
    assert file in r.out
    assert f"{line}:{col}" in r.out


def test_text_output_shows_the_source_line_and_caret(cli, clean_example):
    path = clean_example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("actor_encargado: imas ", "actor_encargado: imass"), encoding="utf-8")
    r = cli("validate", clean_example)
    assert r.code == 1
    assert "acuerdos/imas-ina-mapeo-familias.yaml" in r.out
    assert "CP501" in r.out and "actor desconocido «imass»; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?" in r.out
    lines = r.out.splitlines()
    i = next(n for n, l in enumerate(lines) if "actor_encargado: imass" in l)
    caret = lines[i + 1]
    assert caret.index("^") == lines[i].index("imass")
    assert "1 error en 1 archivo" in r.out


def test_json_output_shape(cli, clean_example):
    path = clean_example / "actores.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    suplente:\n      nombre: Jorge Arias Mena")
    end = text.index("  - id: dinadeco")
    cut = text[:start] + text[end:]
    cut = cut.replace("    oferta:\n      - descripcion: Cursos de formación técnica\n        genero: todos\n        grupo_etario: jóvenes de 15 a 35 años\n", "", 0)
    path.write_text(cut, encoding="utf-8")
    r = cli("validate", clean_example, "--format", "json")
    assert r.code == 0  # warnings alone do not fail
    doc = json.loads(r.out)
    assert doc["summary"] == {"files_checked": 16, "files_with_problems": 3, "errors": 0, "warnings": 3}
    d, *sessions = doc["diagnostics"]
    # The sessions INA attended by its suplente now name a suplente the map lacks (CP704).
    assert [(s["file"], s["line"], s["code"]) for s in sessions] == [
        ("sesiones/2015-08-11.yaml", 21, "CP704"),
        ("sesiones/2015-10-13.yaml", 20, "CP704"),
    ]
    assert set(d) == {"file", "line", "column", "code", "severity", "rule", "message", "repository"}
    assert (d["file"], d["code"], d["severity"], d["rule"]) == ("actores.yaml", "CP301", "warning", "actor-sin-suplente")
    assert d["message"] == "el actor «ina» no tiene suplente (protocolo B.2)"
    assert cut.splitlines()[d["line"] - 1].strip() == "- id: ina"
    assert cli("validate", clean_example, "--strict").code == 1


def test_validate_a_single_file_reports_only_that_file(cli, example):
    (example / "acuerdos" / "icd-prevencion-drogas-colegios.yaml").write_text("id: [\n", encoding="utf-8")
    bad = example / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("nivel: 25", "nivel: 30"), encoding="utf-8")
    r = cli("validate", bad)
    assert r.code == 1
    assert "app-comercio-empleo-juvenil.yaml" in r.out and "icd-prevencion" not in r.out
    assert "CP205" in r.out


def test_usage_errors_are_spanish_and_exit_2(cli, tmp_path):
    r = cli("validate", tmp_path / "no-existe")
    assert r.code == 2 and "no existe la ruta" in r.err
    r = cli("validate", tmp_path)
    assert r.code == 2 and "no está dentro de un repositorio de acuerdos" in r.err
    r = cli("validate", "--formato", "json")
    assert r.code == 2 and "opción desconocida «--formato»" in r.err
    r = cli("validate", EXAMPLE, "--format", "xml")
    assert r.code == 2 and "use uno de: text, json" in r.err
    r = cli("validar")
    assert r.code == 2 and "comando desconocido" in r.err
    for out in (r.out, r.err):
        assert "Traceback" not in out


def test_help_is_spanish(cli):
    r = cli("--help")
    assert r.code == 0
    assert "Uso: coprod" in r.out and "Muestra esta ayuda y termina." in r.out
    assert "Show this message" not in r.out and "Usage:" not in r.out
    r = cli("validate", "--help")
    assert "Revisa los archivos del repositorio" in r.out and "--strict" in r.out


def test_no_arguments_prints_the_help_once(cli):
    r = cli()
    assert r.code == 0
    assert r.out.count("Uso: coprod") == 1


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, EOFError])
def test_interrupt_is_cancelled_not_a_traceback(cli, monkeypatch, interruption):
    def interrupted(*args, **kwargs):
        raise interruption

    monkeypatch.setattr("coprod_cli.check.engine.check_repository", interrupted)
    r = cli("validate", EXAMPLE, "--no-cache")
    assert r.code == 130 and "Cancelado." in r.err and "Traceback" not in r.err + r.out


def test_rules_command_lists_every_rule(cli):
    from coprod_cli.check.registry import all_rules

    r = cli("rules", "--format", "json")
    assert r.code == 0
    listed = json.loads(r.out)
    assert [x["code"] for x in listed] == [x.code for x in all_rules()]
    r = cli("rules")
    for rule in all_rules():
        assert rule.code in r.out
    r = cli("rules", "--explain", "cp203")
    assert "ENE-15" in r.out and "Incorrecto" in r.out
    assert cli("rules", "--explain", "CP999").code == 2


def test_module_entry_point_runs():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "coprod_cli", "validate", str(EXAMPLE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "(16 archivos revisados)" in out.stdout  # in real time, with the warnings of test_example_in_real_time


@pytest.mark.real_calendar
def test_example_in_real_time(cli):
    """Run today, the example's schedules ended long ago: each signed or running
    agreement with months never reported gets CP213, and each session decision
    still pending past its due date CP705 (warnings: validate still passes)."""
    r = cli("validate", EXAMPLE, "--format", "json")
    assert r.code == 0
    doc = json.loads(r.out)
    assert doc["summary"]["errors"] == 0
    assert {(d["file"], d["code"]) for d in doc["diagnostics"]} == {
        ("acuerdos/app-comercio-empleo-juvenil.yaml", "CP213"),
        ("acuerdos/foro-local-seguridad-los-guido.yaml", "CP213"),
        ("acuerdos/imas-ina-mapeo-familias.yaml", "CP213"),
        ("acuerdos/msp-policia-municipal-formacion.yaml", "CP213"),
        # The plan against reality (issue 17): the planned PANI draft, and action 10 without an agreement.
        ("acuerdos/pani-espacios-primera-infancia.yaml", "CP410"),
        ("planes/2015.yaml", "CP412"),
        ("sesiones/2015-09-08.yaml", "CP705"),
        ("sesiones/2015-12-08.yaml", "CP705"),
    }
