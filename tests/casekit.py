"""Build small repositories for rule tests: the base fixture plus the edits a
case describes (see tests/rule_cases/README.md)."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "base"
CASES = HERE / "rule_cases"


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    yaml = YAML(typ="safe")
    out = []
    for path in sorted(CASES.glob("CP*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"))
        assert doc["code"] == path.stem, f"{path.name}: code {doc['code']} != file name"
        for case in doc["cases"]:
            out.append((doc["code"], case))
    return out


def build(case: dict[str, Any], dest: Path) -> Path:
    """Materialise a case's repository in dest and return its root."""
    shutil.copytree(BASE, dest)
    for rel, pairs in (case.get("edit") or {}).items():
        path = dest / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, f"edit {old!r} must match exactly once in {rel}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    for rel, text in (case.get("files") or {}).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, escaped in (case.get("bytes") or {}).items():
        # Python escapes (\xff, \x00) written in YAML as text.
        data = codecs.decode(escaped, "unicode_escape").encode("latin-1")
        (dest / rel).write_bytes(data)
    for rel, src in (case.get("copy") or {}).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dest / src, dest / rel)
    for rel in case.get("delete") or []:
        target = dest / rel
        shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()
    for rel in case.get("dirs") or []:
        (dest / rel).mkdir(parents=True)
    for rel, target in (case.get("symlinks") or {}).items():
        os.symlink(target, dest / rel)
    for rel in case.get("fifos") or []:
        os.mkfifo(dest / rel)
    return dest
