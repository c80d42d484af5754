"""`coprod validate --format gitlab`: GitLab Code Quality report (JSON).

A list of issues with ``description``, ``check_name``, ``fingerprint``,
``severity`` and ``location.path`` / ``location.lines.begin``. Errors are
``major``, warnings ``minor``.

The fingerprint is what GitLab uses to tell a new problem from one that was
already there: sha256 of the rule code, the file and the message — not the
line, so a problem that only moved (someone added lines above it) is not
shown as new. Two identical problems in one file (same code and message)
get an occurrence number so each keeps its own fingerprint.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from .ci_common import located
from .jsontext import dumps
from .validation import ValidationView

SEVERITY = {"error": "major", "warning": "minor"}


def fingerprint(code: str, path: str, message: str, occurrence: int = 0) -> str:
    key = "\0".join((code, path, message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def to_gitlab(view: ValidationView) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, Any]] = []
    for d in located(view):
        key = (d["code"], d["path"], d["message"])
        occurrence = seen[key]
        seen[key] += 1
        issues.append(
            {
                "type": "issue",
                "engine_name": "coprod",
                "check_name": d["code"],
                "description": f"{d['code']} {d['rule']}: {d['message']}",
                "fingerprint": fingerprint(d["code"], d["path"], d["message"], occurrence),
                "severity": SEVERITY[d["severity"]],
                "location": {"path": d["path"], "lines": {"begin": d["line"]}},
            }
        )
    return dumps(issues)
