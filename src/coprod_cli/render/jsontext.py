"""JSON for people and programs, written in time proportional to its size.

Why not ``json.dumps(doc, indent=2)``: with ``indent`` Python encodes every
value in Python, not in C; 19 000 diagnostics (one file of wrong ids, inside
the loader's limits) took a second in JSON, three in GitLab's format and six
in SARIF's. Here the small outer structure is indented as before, and each
element of a long list (diagnostics, results, issues) is written by the C
encoder on its own line. Same data, same key order; ``json_safe`` applied.
"""

from __future__ import annotations

import json
from typing import Any

from .safe import json_safe

#: A list longer than this writes one element per line, each on one line.
LONG_LIST = 8


# One encoder for every value: json.dumps with options builds a new one per call.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _dump(value: Any, pad: str) -> str:
    inner = pad + "  "
    if isinstance(value, dict) and value:
        items = ",\n".join(f"{inner}{_compact(str(k))}: {_dump(v, inner)}" for k, v in value.items())
        return "{\n" + items + "\n" + pad + "}"
    if isinstance(value, list) and value:
        each = _compact if len(value) > LONG_LIST else (lambda v: _dump(v, inner))
        return "[\n" + ",\n".join(inner + each(v) for v in value) + "\n" + pad + "]"
    return _compact(value)


def dumps(doc: Any) -> str:
    """``doc`` as indented JSON text, safe for a terminal or a CI log (``json_safe``)."""
    return json_safe(_dump(doc, ""))
