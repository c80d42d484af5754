"""The JSON schemas in schemas/ and the generated rules table are never stale,
and the example files validate against the schemas editors use."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLE, ROOT
from coprod_cli.schema_export import SCHEMA_FILES, schema_texts


def test_committed_schemas_match_the_models():
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"falta {path}: ejecute `coprod schema`"
        assert path.read_text(encoding="utf-8") == text, f"{name} desactualizado: ejecute `coprod schema`"


def test_schema_check_command(cli, tmp_path):
    assert cli("schema", "--out", tmp_path).code == 0
    assert cli("schema", "--out", tmp_path, "--check").code == 0
    (tmp_path / "acuerdo.schema.json").write_text("{}", encoding="utf-8")
    assert cli("schema", "--out", tmp_path, "--check").code == 1


def test_generated_rules_doc_is_current():
    from coprod_cli.check.registry import all_rules
    from coprod_cli.render.rules_table import rules_markdown

    doc = ROOT / "docs" / "reglas.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(all_rules()), "ejecute `coprod rules --format markdown > docs/reglas.md`"


def _jsonable(node):
    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    return node


KIND_OF = {"canton.yaml": "canton", "actores.yaml": "actores"}


def _example_files():
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        rel = path.relative_to(EXAMPLE).as_posix()
        kind = KIND_OF.get(rel) or {"planes": "plan", "sesiones": "sesion"}.get(rel.split("/")[0], "acuerdo")
        yield rel, kind


@pytest.mark.parametrize("rel,kind", list(_example_files()))
def test_example_files_validate_against_schema_and_carry_modeline(rel, kind):
    path = EXAMPLE / rel
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_ref = first.split("$schema=", 1)[1]
    schema_path = (path.parent / schema_ref).resolve()
    assert schema_path == (ROOT / "schemas" / SCHEMA_FILES[kind]).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = _jsonable(YAML(typ="safe").load(text))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_unknown_keys():
    schema = json.loads((ROOT / "schemas" / "acuerdo.schema.json").read_text(encoding="utf-8"))
    bad = {"id": "a", "titulo": "t", "estado": "borrador", "actividad": {"actor_encargado": "x"}, "objetvo": "typo"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)
