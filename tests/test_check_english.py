"""`coprod validate`, `coprod rules` and the CI formats in English (``--lang en``,
``COPROD_LANG=en``): the same codes at the same positions as in Spanish, in
English words. The broken inputs are the ones the Spanish suites use:
tests/rule_cases (every rule) and tests/test_broken_files.py (every way a
file breaks)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from casekit import build, load_cases
from coprod_cli import lang
from coprod_cli.check.engine import check_repository
from coprod_cli.check.registry import all_rules
from coprod_cli.load.repository import load_repository
from coprod_cli.model.criteria import CRITERIA
from test_broken_files import AGREEMENT
from test_broken_files import CASES as BROKEN_FILES

#: Words a Spanish message has and an English one has not (quoted values and YAML keys aside).
SPANISH = re.compile(
    r"\b(el|la|los|las|del|una|está|están|tiene|archivo|falta|acuerdo|sesión|clave|debe|línea|"
    r"sangría|escriba|quiso|decir|errores|advertencias?|revisados?|sin problemas)\b",
    re.IGNORECASE,
)
FAILING = [(code, case) for code, case in load_cases() if case["expect"] == "fail"]


@pytest.fixture
def english() -> Iterator[None]:
    lang.set_language("en")
    yield
    lang.set_language("es")


def spanish_words(message: str) -> list[str]:
    """The Spanish words of ``message`` outside «quoted values» and the criteria's own text (helper D's catalogue)."""
    text = re.sub(r"«[^»]*»", "«»", message)
    for c in CRITERIA:
        text = text.replace(c.text, "")
    return SPANISH.findall(text)


def _check(root: Path, changed: object) -> list[tuple[str, int, int, str, str, str]]:
    result = check_repository(load_repository(root), changed=changed)  # type: ignore[arg-type]
    return [(d.file, d.line, d.column, d.code, d.severity.value, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("code,case", FAILING, ids=[f"{c}-{case['name']}" for c, case in FAILING])
def test_every_rule_case_reports_the_same_problems_in_english(code, case, tmp_path, english):
    root = build(case, tmp_path / "repo")
    lang.set_language("es")
    es = _check(root, case.get("changed"))
    lang.set_language("en")
    en = _check(root, case.get("changed"))
    assert [d[:5] for d in en] == [d[:5] for d in es]
    for d in en:
        assert not spanish_words(d[5]), d[5]
    assert [d[5] for d in en] != [d[5] for d in es]


@pytest.mark.parametrize("name,data,code,expected", BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_each_kind_of_broken_file_gets_an_english_message(cli, example, name, data, code, expected, english):
    (example / AGREEMENT).write_bytes(data)
    es = cli("--lang", "es", "validate", example, "--format", "json", "--no-cache")
    en = cli("--lang", "en", "validate", example, "--format", "json", "--no-cache")
    assert en.code == es.code == code
    es_d, en_d = json.loads(es.out)["diagnostics"], json.loads(en.out)["diagnostics"]
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in en_d] == [(d["file"], d["line"], d["column"], d["code"]) for d in es_d]
    for d in en_d:
        assert not spanish_words(d["message"]), d["message"]
    text = cli("--lang", "en", "validate", example, "--no-cache")
    assert text.code == code and "Traceback" not in text.out + text.err
    assert not spanish_words(text.out.splitlines()[-1]), text.out.splitlines()[-1]


def test_validate_in_english_from_the_environment(example):
    """The real command in a process of its own, with COPROD_LANG=en, on a broken copy of the example."""
    path = example / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: en ejecucion"), encoding="utf-8")
    env = {**os.environ, "COPROD_LANG": "en", "COLUMNS": "200"}
    r = subprocess.run([sys.executable, "-m", "coprod_cli", "validate", str(example)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "error  CP104  «en ejecucion» is not an allowed value for «estado»; use one of: borrador, firmado, en_ejecucion" in r.stdout
    assert "did you mean «en_ejecucion»?" in r.stdout
    assert re.search(r"✗ 1 error and \d+ warnings? in \d+ files? \(\d+ files checked\)\.", r.stdout), r.stdout[-300:]
    for line in r.stdout.splitlines():
        if re.match(r"\s+\d+:\d+\s", line):
            assert not spanish_words(line), line


def test_the_cache_keeps_each_language_apart(cli, example, english):
    """es, then en, then es on one copy with the cache on: each run in its own language."""
    path = example / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: firmadoo"), encoding="utf-8")
    first = cli("--lang", "es", "validate", example)
    assert "no es un valor permitido para «estado»" in first.out and (example / ".coprod-cache").is_dir()
    second = cli("--lang", "en", "validate", example)
    assert "is not an allowed value for «estado»" in second.out and "no es un valor" not in second.out
    assert " warning " in second.out and "advertencia" not in second.out
    third = cli("--lang", "es", "validate", example)
    assert (third.code, third.out) == (first.code, first.out)


def test_rules_in_english(cli, english):
    r = cli("--lang", "en", "rules", "--format", "json")
    rules = {x["code"]: x for x in json.loads(r.out)}
    assert rules["CP001"]["summary"] == "the file is not valid YAML"
    assert rules["CP501"]["summary"] == "an actor is named that is not in the actor map"
    assert rules["CP001"]["name"] == "sintaxis-yaml"  # rule names, like codes, are not translated
    for x in rules.values():
        assert not spanish_words(x["summary"]), x["summary"]
    md = cli("--lang", "en", "rules", "--format", "markdown").out
    assert md.startswith("# Rules of `coprod validate`") and "| Code | Name | Severity | Configurable | Message |" in md
    assert "| [CP301](#cp301) | `actor-sin-suplente` | warning | yes | an actor has no alternate |" in md
    table = cli("--lang", "en", "rules").out
    assert "the file is not valid YAML" in table and "warning" in table


def test_rule_explanations_in_english(cli, english):
    """A rule's explanation (its docstring) in English, its YAML examples as written (keys and values are data)."""
    out = cli("--lang", "en", "rules", "--explain", "CP208").out
    assert "A draft may be incomplete: the list of 14 criteria says what it lacks." in out
    assert "Wrong (signed, but without a target or an expected impact):" in out and "    estado: firmado" in out
    for x in json.loads(cli("--lang", "en", "rules", "--format", "json").out):
        assert x["explanation"] and not re.search(r"\b(Incorrecto|Correcto)\b", x["explanation"]), x["code"]
        assert re.search(r"\b(Wrong|Right)\b", x["explanation"]) or x["code"] in ("CP204",), x["code"]
    lang.set_language("es")
    assert {r.code: r for r in all_rules()}["CP208"].explanation.startswith("Un borrador puede estar incompleto")


def test_rules_stay_spanish_by_default(cli):
    rules = {x["code"]: x for x in json.loads(cli("rules", "--format", "json").out)}
    assert rules["CP001"]["summary"] == "el archivo no es YAML válido"
    assert {r.code: r.summary for r in all_rules()}["CP301"] == "un actor no tiene suplente"


@pytest.fixture
def broken_en(example) -> Path:
    path = example / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: firmadoo"), encoding="utf-8")
    return example


def test_github_annotations_in_english(cli, broken_en, english):
    out = cli("--lang", "en", "validate", broken_en, "--format", "github").out
    assert "::error file=acuerdos/imas-ina-mapeo-familias.yaml,line=9,col=9,title=CP104 valor-no-permitido::«firmadoo» is not an allowed value" in out
    last = out.strip().splitlines()[-1]
    assert re.fullmatch(r"coprod: 1 error and \d+ warnings? in \d+ files \(\d+ files checked\)\.", last), last


def test_sarif_in_english(cli, broken_en, english):
    doc = json.loads(cli("--lang", "en", "validate", broken_en, "--format", "sarif").out)
    run = doc["runs"][0]
    assert run["tool"]["driver"]["language"] == "en"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["CP104"]["shortDescription"]["text"] == "a value is not among the allowed ones"
    messages = [r["message"]["text"] for r in run["results"]]
    assert any(m.startswith("«firmadoo» is not an allowed value for «estado»") for m in messages)
    for m in messages:
        assert not spanish_words(m), m


def test_junit_in_english(cli, broken_en, english):
    out = cli("--lang", "en", "validate", broken_en, "--format", "junit").out
    assert "«firmadoo» is not an allowed value for «estado»" in out
    assert ": warning CP" in out and "advertencia" not in out


def test_gitlab_in_english(cli, broken_en, english):
    issues = json.loads(cli("--lang", "en", "validate", broken_en, "--format", "gitlab").out)
    assert any(i["description"].startswith("CP104 valor-no-permitido: «firmadoo» is not an allowed value") for i in issues)
    for i in issues:  # «CP104 valor-no-permitido: …»: the rule's name is not translated
        assert not spanish_words(i["description"].split(": ", 1)[1]), i["description"]


def test_json_diagnostics_in_english_keep_their_keys(cli, broken_en, english):
    doc = json.loads(cli("--lang", "en", "validate", broken_en, "--format", "json").out)
    d = next(x for x in doc["diagnostics"] if x["code"] == "CP104")
    assert (d["severity"], d["rule"]) == ("error", "valor-no-permitido")
    assert d["message"].startswith("«firmadoo» is not an allowed value for «estado»; use one of:")
