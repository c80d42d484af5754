"""`coprod validate --format json`: a stable, documented shape (see docs/json.md)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..check.engine import CheckResult, summarize
from .jsontext import dumps

FORMAT_VERSION = 1


def to_json(results: list[CheckResult]) -> str:
    diagnostics: list[dict[str, Any]] = []
    for r in results:
        for d in r.diagnostics:
            item = d.to_dict()
            item["repository"] = str(r.repo.root)
            diagnostics.append(item)
    summary = summarize(results)
    doc = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "coprod", "version": __version__},
        "repositories": [str(r.repo.root) for r in results],
        "files_checked": summary.files_checked,
        "summary": {
            "files_checked": summary.files_checked,
            "files_with_problems": summary.files_with_problems,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
        "diagnostics": diagnostics,
    }
    return dumps(doc)
