"""`coprod validate --format json`: a stable, documented shape (see docs/json.md)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from .jsontext import dumps
from .validation import ValidationView

FORMAT_VERSION = 1


def to_json(view: ValidationView) -> str:
    diagnostics: list[dict[str, Any]] = [{**e.fields, "repository": e.repository} for e in view.entries]
    summary = view.summary
    doc = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "coprod", "version": __version__},
        "repositories": [str(r.repo.root) for r in view.results],
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
