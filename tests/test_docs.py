"""The README's promises: two quick-start commands, CI runs the test one, and
the documented JSON shape is the real one."""

from __future__ import annotations

import json
import re

from conftest import EXAMPLE, ROOT


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh|shell|console)\n(.*?)```", text, re.S)
    assert block, "README needs a shell block with the quick start"
    return [l for l in block.group(1).splitlines() if l.strip() and not l.strip().startswith("#")]


def test_quick_start_is_two_commands():
    commands = _quick_start()
    assert len(commands) == 2
    assert "examples/desamparados" in commands[0] and "coprod" in commands[0]
    assert ".[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"( {_quick_start()[1]} )" in ci


def test_json_doc_lists_every_key(cli):
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    out = json.loads(cli("validate", EXAMPLE, "--format", "json").out)
    for key in out:
        assert f"`{key}" in doc, key
    example = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    assert set(example) == set(out)
    assert set(example["diagnostics"][0]) == {"file", "line", "column", "code", "severity", "rule", "message", "repository"}


def test_every_command_is_in_the_readme():
    from coprod_cli.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"coprod {name}" in readme, name
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:
            name = f"{group.name} {command.name or command.callback.__name__}"
            assert f"coprod {name}" in readme, name


def test_status_json_doc_matches_the_real_shape(cli):
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", doc, re.S)
    example = json.loads(blocks[1])
    real = json.loads(cli("status", EXAMPLE, "--as-of", "2015-08", "--format", "json").out)
    assert set(example) == set(real)
    assert set(example["agreements"][0]) == set(real["agreements"][0])
    for key in ("checklist", "progress"):
        assert set(example["agreements"][0][key]) == set(real["agreements"][0][key])
    assert set(example["totals"]) == set(real["totals"])
    assert set(example["rollups"]) == set(real["rollups"])
    for key in real["agreements"][0]:
        assert f"`agreements[].{key}" in doc or f"`{key}`" in doc or key in ("id", "file", "title", "status", "form", "annual_plan", "lead_actor", "lead_actor_name", "axis", "axis_name", "strategic_action", "territories"), key


def test_figures_doc_pins_the_seed_example():
    text = (ROOT / "docs" / "cifras.md").read_text(encoding="utf-8")
    assert "37,5 %" in text and "12,5 %" in text and "10,7 %" in text
    from coprod_cli.model.criteria import CRITERIA

    for c in CRITERIA:
        assert c.text in text, c.text


def test_diff_json_doc_matches_the_real_shape(cli, tmp_path):
    import shutil

    from gitkit import commit_all, init

    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    commit_all(top, "uno")
    new = (top / "canton" / "acuerdos" / "nuevo.yaml")
    new.write_text("id: nuevo\ntitulo: Nuevo\nestado: borrador\nactividad:\n  actor_encargado: imas\n", encoding="utf-8")
    path = top / "canton" / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8").replace("nivel: 25", "nivel: 75")
    path.write_text(text.replace("  meta: {cumple: sí}", '  meta: {cumple: "no", observaciones: Falta cuantificar}'), encoding="utf-8")
    commit_all(top, "dos")
    real = json.loads(cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2015-08", "--format", "json").out)

    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    example = json.loads(re.findall(r"```json\n(.*?)```", doc, re.S)[2])
    assert set(example) == set(real)
    for side in ("base", "head"):
        assert set(example[side]) == set(real[side])
    assert set(example["agreements"]) == set(real["agreements"])
    assert set(example["agreements"]["added"][0]) == set(real["agreements"]["added"][0])
    assert set(example["agreements"]["changed"][0]) == set(real["agreements"]["changed"][0])
    assert set(example["as_of_source"]) == set(real["as_of_source"])
    assert set(example["agreements"]["changed"][0]["levels"][0]) == set(real["agreements"]["changed"][0]["levels"][0])
    assert set(example["agreements"]["changed"][0]["criteria"][0]) == set(real["agreements"]["changed"][0]["criteria"][0])
    for key in [*real["agreements"]["changed"][0]["levels"][0], *real["agreements"]["changed"][0]["criteria"][0], *real["as_of_source"]]:
        assert f"`{key}`" in doc, key
    assert set(example["problems"]["new"][0]) == set(real["problems"]["new"][0])
    for key in real["base"]:
        assert f"`{key}`" in doc, key



def test_readme_edit_example_runs(cli, tmp_path, monkeypatch):
    import shlex
    import shutil

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(cp -r examples/desamparados prueba\n.*?)```", text, re.S)
    assert block, "README: el ejemplo de coprod progress set"
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLE, tmp_path / "prueba")
    for line in block.group(1).splitlines()[1:]:
        args = shlex.split(line)
        assert args[0] == "coprod"
        r = cli(*args[1:])
        assert r.code == 0, (line, r.err)
        assert "Registrado en «acuerdos/imas-ina-mapeo-familias.yaml»" in r.out


def test_security_md_names_only_tests_that_exist():
    """Every defence in SECURITY.md names the test that proves it: those tests must exist."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")}
    for path in re.findall(r"tests/(test_\w+\.py)", text):
        assert path in sources, path
    for name, test in re.findall(r"tests/(test_\w+\.py)::(test_\w+)", text):
        assert f"def {test}(" in sources[name], f"{name}::{test}"
    every = "".join(sources.values())
    for test in re.findall(r"`(test_\w+)`", text):
        assert f"def {test}(" in every, test
    assert "[`SECURITY.md`](SECURITY.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


#: Names ARCHITECTURE.md quotes that are Python's or a library's, not coprod's.
_FOREIGN = {"print", "exit", "type", "StrictUndefined", "SystemExit"}


def _quoted(name: str) -> list[str]:
    return re.findall(r"`([^`\s]+)`", (ROOT / name).read_text(encoding="utf-8"))


def test_architecture_md_names_only_paths_that_exist():
    """Every file or folder ARCHITECTURE.md names exists: a module renamed or
    split must be renamed in the document too."""
    src = ROOT / "src" / "coprod_cli"
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = [q for q in _quoted("ARCHITECTURE.md") if re.search(r"(\.py|\.md|\.j2|/)$", q) and "<" not in q]
    assert len(paths) > 40, "ARCHITECTURE.md: the files of each stage"
    missing = [p for p in paths if not (ROOT / p if p.split("/")[0] in ("src", "tests", "docs") else src / p).exists()]
    assert missing == [], missing
    for link in re.findall(r"\]\(([^)#]+)\)", text):
        assert (ROOT / link).exists(), link


def test_architecture_md_names_only_code_that_exists():
    """Every function, class or constant ARCHITECTURE.md names is defined in src/ or tests/."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "src").rglob("*.py")) + sorted((ROOT / "tests").glob("*.py")))
    quoted = [q for q in _quoted("ARCHITECTURE.md") if re.fullmatch(r"[A-Za-z_][\w.]*", q) and not re.search(r"\.(py|md|yaml|j2)$", q)]
    names = {q.rsplit(".", 1)[-1] for q in quoted if not q.startswith(("sys.", "os."))} - _FOREIGN
    undefined = [n for n in sorted(names) if not re.search(rf"^\s*(def {n}\(|class {n}\b|{n}\s*[:=])", code, re.M)]
    assert undefined == [], undefined
