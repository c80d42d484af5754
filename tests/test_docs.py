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
