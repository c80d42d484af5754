"""`coprod validate --format github|sarif|junit|gitlab`: the CI systems' own formats."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casekit import build
from conftest import EXAMPLE, EXAMPLE_WARNINGS
from gitkit import commit_all, init

SCHEMAS = Path(__file__).parent / "schemas"

#: An error in the plan (CP501), a warning in the actor map (CP301), and a
#: message with characters every format must escape (CP103 names the key).
BROKEN = {
    "edit": {
        "planes/2015.yaml": [["coordinador: imas", "coordinador: imass"]],
        "actores.yaml": [["    suplente:\n      nombre: Persona Cuatro\n", ""]],
        "acuerdos/a1.yaml": [["objetivo: Un objetivo\n", "objetivo: Un objetivo\n'a<b>&c,d:e%f': 1\n"]],
    }
}


@pytest.fixture
def broken(tmp_path) -> Path:
    return build(BROKEN, tmp_path / "repo")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


# -- SARIF ---------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(cli, broken, monkeypatch):
    import jsonschema

    monkeypatch.chdir(broken)
    r = cli("validate", "--format", "sarif")
    assert r.code == 1
    doc = json.loads(r.out)
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)

    from coprod_cli.check.registry import all_rules

    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "coprod"
    assert [x["id"] for x in rules] == [x.code for x in all_rules()]
    assert all(x["shortDescription"]["text"] and x["help"]["text"] for x in rules)
    results = run["results"]
    assert {(x["ruleId"], x["level"]) for x in results} == {("CP501", "error"), ("CP301", "warning"), ("CP103", "error")}
    for x in results:
        assert rules[x["ruleIndex"]]["id"] == x["ruleId"]
        loc = x["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    plan = next(x for x in results if x["ruleId"] == "CP501")["locations"][0]["physicalLocation"]
    assert plan["artifactLocation"]["uri"] == "planes/2015.yaml"
    assert plan["region"] == {"startLine": 5, "startColumn": 18}


def test_sarif_of_a_clean_repository_has_no_results(cli, clean_example):
    doc = json.loads(cli("validate", clean_example, "--format", "sarif").out)
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"] == []


# -- GitHub workflow commands --------------------------------------------------------

# ::error file=…,line=…,col=…,title=…::message — property values carry no raw "," ":" or newline.
COMMAND = re.compile(r"^::(error|warning) file=([^,:\r\n]+),line=(\d+),col=(\d+),title=([^,:\r\n]+)::([^\r\n]*)$")


def test_github_lines_match_the_workflow_command_grammar(cli, broken, monkeypatch):
    monkeypatch.chdir(broken)
    r = cli("validate", "--format", "github")
    assert r.code == 1
    lines = r.out.splitlines()
    commands = [l for l in lines if l.startswith("::")]
    assert len(commands) == 3
    parsed = [COMMAND.match(l) for l in commands]
    assert all(parsed), commands
    by_code = {m.group(5).split(" ")[0]: m for m in parsed}
    assert by_code["CP501"].group(1) == "error"
    assert by_code["CP501"].group(2, 3, 4) == ("planes/2015.yaml", "5", "18")
    assert by_code["CP301"].group(1) == "warning"
    assert by_code["CP501"].group(6) == "actor desconocido «imass»; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?"
    # The CP103 message names the key 'a<b>&c,d:e%f': "%" is escaped in the data.
    assert "%25" in by_code["CP103"].group(6) and "e%f" not in by_code["CP103"].group(6)
    assert lines[-1] == "coprod: 2 errores y 1 advertencia en 3 archivos (4 archivos revisados)."


def test_github_escaping_rules():
    from coprod_cli.render.ci_github import escape_data, escape_property

    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_data("a:b,c") == "a:b,c"
    assert escape_property("dir,x/a:b%.yaml\n") == "dir%2Cx/a%3Ab%25.yaml%0A"


def test_github_is_chosen_inside_github_actions(cli, broken, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    r = cli("validate", broken)
    assert r.code == 1
    assert any(COMMAND.match(l) for l in r.out.splitlines())
    # An explicit --format wins.
    r = cli("validate", broken, "--format", "text")
    assert "::error" not in r.out and "CP501" in r.out
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert "::error" not in cli("validate", broken).out


def test_github_clean_run_prints_a_summary(cli, clean_example, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    r = cli("validate", clean_example)
    assert r.code == 0
    assert r.out.strip() == "coprod: sin problemas (16 archivos revisados)."


def test_ci_paths_are_relative_to_the_git_checkout(cli, tmp_path, monkeypatch):
    """The canton repository is a subfolder of the git repository, and coprod
    runs from elsewhere: GitHub, SARIF and GitLab still name the file from the
    checkout's top folder."""
    top = init(tmp_path / "checkout")
    canton = build(BROKEN, top / "cantones" / "desamparados")
    commit_all(top, "inicio")
    monkeypatch.chdir(tmp_path)
    want = "cantones/desamparados/planes/2015.yaml"

    gh = cli("validate", canton, "--format", "github").out
    assert f"::error file={want},line=5,col=18," in gh
    sarif = json.loads(cli("validate", canton, "--format", "sarif").out)
    uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in sarif["runs"][0]["results"]}
    assert want in uris
    gl = json.loads(cli("validate", canton, "--format", "gitlab").out)
    assert want in {x["location"]["path"] for x in gl}


def test_ci_paths_outside_git_are_relative_to_the_current_folder(cli, broken, monkeypatch):
    monkeypatch.chdir(broken.parent)
    out = cli("validate", "repo", "--format", "github").out
    assert "::error file=repo/planes/2015.yaml,line=5," in out


# -- JUnit ---------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(cli, broken):
    r = cli("validate", broken, "--format", "junit")
    assert r.code == 1
    root = ET.fromstring(r.out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "coprod validate"
    suite = suites[0]
    cases = suite.findall("testcase")
    # One test case per file, the passing ones too.
    assert sorted(c.get("name") for c in cases) == _files(broken)
    assert all(c.get("classname") == "coprod" for c in cases)
    failing = {c.get("name"): [f.get("type") for f in c.findall("failure")] for c in cases if c.findall("failure")}
    assert failing == {"planes/2015.yaml": ["CP501"], "acuerdos/a1.yaml": ["CP103"]}
    assert suite.get("tests") == root.get("tests") == "4"
    assert suite.get("failures") == root.get("failures") == "2"
    assert suite.get("errors") == "0"
    # The message kept its special characters through XML escaping.
    msg = next(c for c in cases if c.get("name") == "acuerdos/a1.yaml").find("failure").get("message")
    assert "a<b>&c,d:e%f" in msg
    # A warning is not a failure: it is reported in system-out.
    actors = next(c for c in cases if c.get("name") == "actores.yaml")
    assert actors.find("failure") is None
    assert "CP301" in actors.find("system-out").text


def test_junit_strict_makes_warnings_failures(cli, broken):
    root = ET.fromstring(cli("validate", broken, "--format", "junit", "--strict").out.encode("utf-8"))
    assert root.get("failures") == "3"
    actors = next(c for c in root.iter("testcase") if c.get("name") == "actores.yaml")
    assert [f.get("type") for f in actors.findall("failure")] == ["CP301"]


def test_junit_one_failure_per_error(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8").replace("actor_encargado: imas ", "actor_encargado: imass").replace("actor: ina\n", "actor: inaa\n")
    path.write_text(text, encoding="utf-8")
    r = cli("validate", example, "--format", "junit")
    root = ET.fromstring(r.out.encode("utf-8"))
    case = next(c for c in root.iter("testcase") if c.get("name") == "acuerdos/imas-ina-mapeo-familias.yaml")
    errors = json.loads(cli("validate", example, "--format", "json").out)["summary"]["errors"]
    assert len(case.findall("failure")) == errors >= 2
    assert root.get("tests") == "16" and root.get("failures") == "1"


# -- GitLab Code Quality -------------------------------------------------------------


def test_gitlab_code_quality_shape(cli, broken):
    r = cli("validate", broken, "--format", "gitlab")
    assert r.code == 1
    issues = json.loads(r.out)
    assert len(issues) == 3
    for x in issues:
        assert set(x) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[0-9a-f]{64}", x["fingerprint"])
        assert x["location"]["lines"]["begin"] >= 1
    assert {x["check_name"]: x["severity"] for x in issues} == {"CP501": "major", "CP103": "major", "CP301": "minor"}
    assert len({x["fingerprint"] for x in issues}) == 3
    assert {x["location"]["path"] for x in issues} == {"planes/2015.yaml", "actores.yaml", "acuerdos/a1.yaml"}


def test_gitlab_fingerprint_survives_a_moved_line(cli, broken):
    before = {x["check_name"]: x for x in json.loads(cli("validate", broken, "--format", "gitlab").out)}
    plan = broken / "planes" / "2015.yaml"
    plan.write_text("# una línea nueva arriba\n\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    after = {x["check_name"]: x for x in json.loads(cli("validate", broken, "--format", "gitlab").out)}
    assert after["CP501"]["location"]["lines"]["begin"] == before["CP501"]["location"]["lines"]["begin"] + 2
    assert after["CP501"]["fingerprint"] == before["CP501"]["fingerprint"]


def test_gitlab_identical_problems_keep_distinct_fingerprints():
    from coprod_cli.render.ci_gitlab import fingerprint

    assert fingerprint("CP501", "a.yaml", "m", 0) != fingerprint("CP501", "a.yaml", "m", 1)


# -- every machine format reads the same diagnostics ----------------------------------


def test_formats_agree_on_the_problems(cli, broken):
    base = json.loads(cli("validate", broken, "--format", "json").out)["diagnostics"]
    want = sorted((d["file"], d["line"], d["code"]) for d in base)
    gl = json.loads(cli("validate", broken, "--format", "gitlab").out)
    assert sorted((x["location"]["path"], x["location"]["lines"]["begin"], x["check_name"]) for x in gl) == want
    sarif = json.loads(cli("validate", broken, "--format", "sarif").out)["runs"][0]["results"]
    got = sorted(
        (x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], x["locations"][0]["physicalLocation"]["region"]["startLine"], x["ruleId"])
        for x in sarif
    )
    # Outside git the URIs are relative to the current folder; compare the tail.
    assert [(u.endswith(f), l, c) for (u, l, c), (f, _, _) in zip(got, want)] == [(True, l, c) for _, l, c in want]


def test_unknown_format_is_a_usage_error(cli):
    r = cli("validate", EXAMPLE, "--format", "xml")
    assert r.code == 2 and "github" in r.err


# -- paths given by pre-commit ---------------------------------------------------------


def test_files_outside_the_layout_are_ignored(cli, broken):
    (broken / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (broken / "notas.yml").write_text("no: [es, un, acuerdo\n", encoding="utf-8")
    r = cli("validate", broken / ".pre-commit-config.yaml", broken / "notas.yml")
    assert r.code == 0, r.out
    assert "CP" not in r.out
    r = cli("validate", broken / ".pre-commit-config.yaml", broken / "planes" / "2015.yaml", "--format", "junit")
    assert r.code == 1
    root = ET.fromstring(r.out.encode("utf-8"))
    assert [c.get("name") for c in root.iter("testcase")] == ["planes/2015.yaml"]


def test_a_file_with_no_canton_above_is_a_usage_error(cli, tmp_path):
    stray = tmp_path / "otro.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    r = cli("validate", stray)
    assert r.code == 2 and "canton.yaml" in r.err


# -- one summary for every format (issue 12, item 5) ------------------------------------------


def _summaries(cli, *args: str) -> dict[str, tuple]:
    """(files checked, files with problems, errors, warnings) as each of the six formats says it."""
    out: dict[str, tuple] = {}
    out["text"] = _parse_sentence(cli("validate", *args, "--format", "text").out.strip().splitlines()[-1])
    out["github"] = _parse_sentence(cli("validate", *args, "--format", "github").out.strip().splitlines()[-1])
    doc = json.loads(cli("validate", *args, "--format", "json").out)
    s = doc["summary"]
    assert doc["files_checked"] == s["files_checked"]
    assert (s["errors"], s["warnings"]) == (
        sum(d["severity"] == "error" for d in doc["diagnostics"]),
        sum(d["severity"] == "warning" for d in doc["diagnostics"]),
    )
    out["json"] = (s["files_checked"], s["files_with_problems"], s["errors"], s["warnings"])
    sarif = json.loads(cli("validate", *args, "--format", "sarif").out)["runs"][0]
    p = sarif["properties"]["summary"]
    levels = [r["level"] for r in sarif["results"]]
    assert (p["errors"], p["warnings"]) == (levels.count("error"), levels.count("warning"))
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["results"]}
    assert p["filesWithProblems"] == len(files)
    out["sarif"] = (p["filesChecked"], p["filesWithProblems"], p["errors"], p["warnings"])
    suite = ET.fromstring(cli("validate", *args, "--format", "junit").out).find("testsuite")
    props = {e.get("name"): int(e.get("value")) for e in suite.find("properties")}
    assert int(suite.get("tests")) == props["files_checked"] == len(suite.findall("testcase"))
    out["junit"] = (props["files_checked"], props["files_with_problems"], props["errors"], props["warnings"])
    issues = json.loads(cli("validate", *args, "--format", "gitlab").out)
    severities = [i["severity"] for i in issues]
    # GitLab's format is a list of problems: it carries the counts, not the files checked.
    out["gitlab"] = (out["json"][0], len({i["location"]["path"] for i in issues}), severities.count("major"), severities.count("minor"))
    return out


def _parse_sentence(line: str) -> tuple:
    checked = int(re.search(r"\((\d+) archivos? revisados?\)", line).group(1))
    errors = re.search(r"(\d+) errore?s?\b", line)
    warnings = re.search(r"(\d+) advertencias?\b", line)
    with_problems = re.search(r" en (\d+) archivos? \(", line)
    return (
        checked,
        int(with_problems.group(1)) if with_problems else 0,
        int(errors.group(1)) if errors else 0,
        int(warnings.group(1)) if warnings else 0,
    )


def test_one_summary_for_every_format(cli, broken, clean_example):
    """The issue's reproduction: `validate <one file>` said «9 archivos revisados» in text and «1» in github."""
    one = broken / "planes" / "2015.yaml"
    cases = {
        "one file": ((str(one),), (1, 1, 1, 0)),
        "whole repository": ((str(broken),), (4, 3, 2, 1)),
        "clean example": ((str(clean_example),), (16, 0, 0, 0)),
        # Its warnings: EXAMPLE_WARNINGS (one per file).
        "example": ((str(EXAMPLE),), (16, len(EXAMPLE_WARNINGS), 0, len(EXAMPLE_WARNINGS))),
        "two files": ((str(one), str(broken / "actores.yaml")), (2, 2, 1, 1)),
    }
    for name, (args, expected) in cases.items():
        said = _summaries(cli, *args)
        assert set(said) == {"text", "github", "json", "sarif", "junit", "gitlab"}
        assert all(v == expected for v in said.values()), (name, said)
