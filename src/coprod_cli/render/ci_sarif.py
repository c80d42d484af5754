"""`coprod validate --format sarif`: SARIF 2.1.0 (OASIS), for GitHub code
scanning and other viewers.

One run; ``tool.driver.rules`` lists every registered rule (id, name,
short description = the one-line summary, full description and help = the
explanation, default level); each result points at its rule by ``ruleId`` and
``ruleIndex`` and at its file by a URI relative to the git checkout
(``uriBaseId`` ``%SRCROOT%``), with 1-based line and column.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .. import __version__
from ..check.engine import Summary
from ..check.registry import Rule
from ..lang import language
from .ci_common import located
from .jsontext import dumps
from .validation import ValidationView

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning"}


def _rule(r: Rule) -> dict[str, Any]:
    explanation = r.explanation or r.summary
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation},
        "defaultConfiguration": {"level": LEVEL[r.severity.value]},
        "properties": {"configurable": r.configurable},
    }


def _summary(s: Summary) -> dict[str, int]:
    return {"filesChecked": s.files_checked, "filesWithProblems": s.files_with_problems, "errors": s.errors, "warnings": s.warnings}


def to_sarif(view: ValidationView, rules: list[Rule]) -> str:
    index = {r.code: i for i, r in enumerate(rules)}
    sarif_results = []
    for d in located(view):
        result: dict[str, Any] = {
            "ruleId": d["code"],
            "level": LEVEL[d["severity"]],
            "message": {"text": d["message"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(d["path"], safe="/"), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": d["line"], "startColumn": d["column"]},
                    }
                }
            ],
        }
        if d["code"] in index:
            result["ruleIndex"] = index[d["code"]]
        sarif_results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coprod",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "language": language(),
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
                # The summary every format of `coprod validate` shares (check/engine.py: Summary).
                "properties": {"summary": _summary(view.summary)},
            }
        ],
    }
    return dumps(doc)
