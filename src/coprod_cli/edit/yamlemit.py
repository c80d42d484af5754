"""YAML text for the values an edit writes: a scalar that reads back as
exactly the value in every YAML reader, and new mappings and lists in a
file's own indentation style (``Style``). ``yamltext`` patches them in."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import YAMLError

# --- scalars --------------------------------------------------------------------

# Words YAML 1.1 readers (PyYAML, many editors, GitHub) turn into booleans or null.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
_PLAIN = re.compile(r"^[^\W\d_][\w .,()/'-]*(?<! )$")


def _loads_as(text: str) -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=True).load(f"k: {text}\n")["k"]
    except (YAMLError, TypeError, KeyError):
        return object()


def _escape_char(ch: str) -> str:
    special = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
    if ch in special:
        return special[ch]
    code = ord(ch)
    printable = (
        code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    )
    if not printable or code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return f"\\x{code:02x}" if code <= 0xFF else (f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return ch


def double_quoted(value: str) -> str:
    return '"' + "".join(_escape_char(c) for c in value) + '"'


def yaml_scalar(value: Any, style: str | None = None, flow: bool = False) -> str:
    """A YAML scalar that reads back as exactly ``value``, in every YAML reader.

    Texts stay unquoted when they are plain words (``Pococí``, ``San José``);
    anything that YAML could read as another type or as structure (``no``,
    ``2015``, ``a: b``, ``# x``, quotes, line breaks) is double-quoted with
    escapes. ``style`` keeps the quoting of the value being replaced;
    ``flow`` is for values inside ``{…}`` or ``[…]``, where a comma ends a value.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        # A measured value (`indicator set`): with its dot and never an exponent, a float in YAML 1.1 and 1.2 alike.
        text = repr(value)
        return text if "e" not in text else f"{value:.17f}".rstrip("0")
    if isinstance(value, dt.date):
        return value.isoformat()  # a day, plain as people write it (``2015-09-08``): a date for coprod's reader
    text = str(value)
    if style == "'" and all(_escape_char(c) == c or c == '"' or c == "\\" for c in text):
        return "'" + text.replace("'", "''") + "'"
    if style == '"':
        return double_quoted(text)
    if _PLAIN.match(text) and text.lower() not in _YAML11_WORDS and not (flow and "," in text):
        loaded = _loads_as(text)
        if isinstance(loaded, str) and loaded == text:
            return text
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return text  # a month: plain, as people write them (a text for every YAML reader)
    return double_quoted(text)


class Flow(dict[str, Any]):
    """A mapping to write on one line, ``{cumple: sí, observaciones: …}``."""


def flow_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_value(v) for v in value) + "]"
    return yaml_scalar(value, flow=True)


def _inline(value: Any) -> bool:
    if isinstance(value, Flow):
        return True
    if isinstance(value, dict):
        return not value
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return True


@dataclass
class Style:
    """How a file indents: nested mappings, lists under a key, text after «- »."""

    map_indent: int = 2
    seq_delta: int = 2  # column of «-» minus the column of its key
    item_offset: int = 2  # column of an item's text minus the column of its «-»
    flow_items: bool = False  # list items written {a: 1, b: 2}


def emit_mapping(data: dict[str, Any], col: int, st: Style) -> list[str]:
    lines: list[str] = []
    pad = " " * col
    for key, value in data.items():
        if _inline(value):
            lines.append(f"{pad}{key}: {flow_value(value)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += emit_mapping(value, col + st.map_indent, st)
        else:
            lines.append(f"{pad}{key}:")
            lines += emit_sequence(value, col + st.seq_delta, st)
    return lines


def emit_sequence(items: list[Any], dash_col: int, st: Style) -> list[str]:
    lines: list[str] = []
    dash = " " * dash_col + "-" + " " * (st.item_offset - 1)
    for item in items:
        if isinstance(item, dict) and item and not st.flow_items and not isinstance(item, Flow):
            sub = emit_mapping(item, dash_col + st.item_offset, st)
            lines.append(dash + sub[0].lstrip(" "))
            lines += sub[1:]
        else:
            lines.append(dash + flow_value(item))
    return lines
