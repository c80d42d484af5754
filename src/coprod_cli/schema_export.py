"""JSON Schema for every file kind, for editors (yaml-language-server) and
other tools. `coprod schema` writes them; a test fails when the copies in
`schemas/` are stale."""

from __future__ import annotations

import json
from pathlib import Path

from .model.models import FILE_KINDS

SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in FILE_KINDS}
TITLES = {
    "canton": "Manifiesto del cantón (canton.yaml)",
    "actores": "Mapa de actores (actores.yaml)",
    "plan": "Plan anual (planes/AAAA.yaml)",
    "acuerdo": "Acuerdo de coproducción (acuerdos/<id>.yaml)",
    "sesion": "Sesión (sesiones/AAAA-MM-DD.yaml)",
}


def schema_texts() -> dict[str, str]:
    out = {}
    for kind, model in FILE_KINDS.items():
        schema = model.model_json_schema(mode="validation")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"coprod/{SCHEMA_FILES[kind]}",
            **schema,
            "title": TITLES[kind],
        }
        out[SCHEMA_FILES[kind]] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    from .fsutil import atomic_write_text, remove_stale_temporaries

    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)  # left by a write that was killed
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        atomic_write_text(path, text)
        written.append(path)
    return written
