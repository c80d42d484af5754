"""The repairs behind a syntax hint (step 2 of ``syntaxhints``), and the line
helpers both share.

Each of a few lines up to the error line is changed the way a person's slip
would be undone (a «:» after its first word, its indentation set to a
neighbour's or one step in or out) and the window is parsed again with
libyaml; the likeliest repair that makes the error disappear names the line
to fix. Bounded: at most ``MAX_TRIALS`` parses of a window of at most
``MAX_WINDOW`` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..lang import _, ngettext

#: At most this many characters are parsed again per trial repair.
MAX_WINDOW = 32 * 1024
#: At most this many repairs are tried (each a parse of the window).
MAX_TRIALS = 24
#: Lines before the error line considered as the place of the mistake.
LOOKBACK = 3
#: Lines after the error that a repaired text must parse cleanly.
AHEAD = 6
#: Longest stretch walked back to find where a window can start.
MAX_WALK = 200

_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[^\s#:\-\"'\[\]{},&*!|>%@`][^:#]*?)\s*:(?:\s|$)")
_WORD = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<word>[^\W\d][\w-]*)(?P<rest>(?: +[^\s#].*)?)$")
_KEYLIKE = re.compile(r"^\s*(?:- +)?[^\s#:\"'\[\]{}][^:#]*:(?:\s|$)|^\s*- ")


@dataclass
class Hint:
    message: str
    line: int  # 1-based
    column: int  # 1-based


def _parser() -> Any:
    from .fastyaml import HAVE_LIBYAML, _Parser

    return _Parser, HAVE_LIBYAML


def _significant(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the first key or value of a line starts, after any «- »."""
    m = re.match(r"^ *(?:- +)*", line)
    return m.end() if m else 0


def _first_error_line(text: str) -> int | None:
    """0-based line of libyaml's first syntax error in ``text`` (None: none)."""
    parser, _p = _parser()
    loader = parser(text)
    try:
        while loader.check_event():
            loader.get_event()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark is not None else 0
    finally:
        loader.dispose()
    return None


def _colon_hint(line: int, m: re.Match[str]) -> Hint:
    word = m.group("word")
    shown = word if len(word) <= 40 else word[:37] + "…"
    return Hint(_("falta «:» después de «{shown}»: escriba «{shown}: …»").format(shown=shown), line + 1, m.start("word") + 1)


# --- repairs ----------------------------------------------------------------


@dataclass
class _Repair:
    rank: tuple[bool, bool, int]  # unnatural, misaligned, keys left without their block: the lower the likelier
    order: int  # the earliest line first: an error shows after its cause
    line: int
    kind: str  # "colon" or "indent"
    level: int
    hint: Hint


def _repair(lines: list[str], error: int) -> Hint | None:
    candidates = [error] + _previous_significant(lines, error, LOOKBACK)
    candidates = [c for c in candidates if c < len(lines) and _significant(lines[c])]
    if not candidates:
        return None
    last = min(len(lines), error + AHEAD)
    start = _window_start(lines, max(0, min(candidates) - 1), last)  # from above every candidate: one may move left
    if start is None:
        return None
    window = lines[start:last]
    base = _first_error_line("\n".join(window))
    if base is None or base + start != error:
        return None  # libyaml does not stop where ruamel did in this window: no basis to compare
    style = _style(lines[max(0, start - MAX_WALK) : last])
    found: list[_Repair] = []
    trials = 0
    for order, c in enumerate(reversed(candidates)):
        for new, kind, hint in _fixes(lines, c, style.step):
            trials += 1
            if trials > MAX_TRIALS:
                break
            trial = list(window)
            trial[c - start] = new
            after = _first_error_line("\n".join(trial))
            if (after is None or after + start >= last - 1) and _starts_tokens(trial, c - start, error - start):
                level = _indent(new)
                rank = (
                    not _natural(lines, c, level, style),
                    not _fits(lines, c, level, style),
                    _orphans(trial, max(0, min(candidates) - start - 1), len(trial), style),
                )
                found.append(_Repair(rank, order, c, kind, level, hint))
    if not found:
        return None
    found.sort(key=lambda r: (r.rank, r.order))
    best = found[0]
    other = next((r for r in found[1:] if r.rank == best.rank and r.line != best.line), None)
    if best.kind == "indent" and other is not None and other.kind == "indent":  # two lines disagree: either may be the slip
        also = _(" (o es {what}, en la línea {n}, la que debe tener {level})").format(what=_what(lines[other.line]), n=other.line + 1, level=other.level)
        return Hint(best.hint.message + also, best.hint.line, best.hint.column)
    return best.hint


def _orphans(lines: list[str], first: int, last: int, style: _Style) -> int:
    """Lines ending in «:» whose block is missing (the next line is not a step
    in): a key left without its block is the usual trace of a slipped line."""
    count = 0
    for i in range(first, last):
        if _significant(lines[i]) and _opens(lines[i]):
            after = _next_significant(lines, i, 1)
            if after and after[0] < last:
                n = lines[after[0]]
                if _indent(n) <= _key_column(lines[i]) and not (_is_item(n) and style.items == 0 and _indent(n) == _key_column(lines[i])):
                    count += 1
    return count


def _starts_tokens(lines: list[str], repaired: int, error: int) -> bool:
    """Whether, in a repaired window, the repaired line begins a key, an item
    or a value of its own, and the error line too or is the text of a «>» or
    «|» block: a repair that hides a line inside a text explains nothing."""
    parser, _p = _parser()
    loader = parser("\n".join(lines))
    left = {w for w in (repaired, error) if w < len(lines)}
    try:
        while left and loader.check_token():
            token = loader.get_token()
            line = token.start_mark.line
            if line in left and isinstance(token, _STARTS) and token.start_mark.column in (_indent(lines[line]), _key_column(lines[line])):
                left.discard(line)
            elif isinstance(token, yaml.ScalarToken) and token.style in ("|", ">") and error in left:
                if line < error <= token.end_mark.line and not _KEYLIKE.match(lines[error]):
                    left.discard(error)
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return not left


_STARTS = (yaml.KeyToken, yaml.BlockEntryToken, yaml.ScalarToken, yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)


def _previous_significant(lines: list[str], line: int, count: int) -> list[int]:
    out: list[int] = []
    i = line - 1
    while i >= 0 and len(out) < count:
        if _significant(lines[i]):
            out.append(i)
        i -= 1
    return out


def _window_start(lines: list[str], first: int, last: int) -> int | None:
    """A line at which the text can be parsed on its own: a top-level line, or
    the furthest line back whose indentation is the smallest of the stretch."""
    lowest = min((_indent(line) for line in lines[first:last] if _significant(line)), default=0)
    start = first
    size = sum(len(line) + 1 for line in lines[first:last])
    i = first
    while i >= 0 and first - i <= MAX_WALK:
        line = lines[i]
        size += len(line) + 1 if i < first else 0
        if size > MAX_WINDOW:
            break
        if _significant(line):
            indent = _indent(line)
            if indent <= lowest:
                lowest, start = indent, i
                if indent == 0:
                    return i
        i -= 1
    if i < 0:
        return 0
    return start if sum(len(line) + 1 for line in lines[start:last]) <= MAX_WINDOW else None


def _fixes(lines: list[str], c: int, step: int) -> list[tuple[str, str, Hint]]:
    """The slips a person makes on line ``c``, each undone: (repaired line, kind, hint)."""
    line = lines[c]
    out: list[tuple[str, str, Hint]] = []
    word = _WORD.match(line)
    if word is not None and not _KEY.match(line):
        end = word.end("word")
        out.append((line[:end] + ":" + line[end:], "colon", _colon_hint(c, word)))
    current = _indent(line)
    levels: dict[int, int | None] = {}  # indentation -> a nearby line that has it
    neighbours = _previous_significant(lines, c, 2) + _next_significant(lines, c, 1)
    for n in neighbours:
        for level in (_indent(lines[n]), _key_column(lines[n])):
            if level != current and level not in levels:
                levels[level] = n
    for level in (current + step, current - step):  # one step in or out
        if level >= 0 and level not in levels:
            levels[level] = _nearby_with_indent(lines, c, level)
    for level in sorted(levels, key=lambda lv: (abs(lv - current), lv)):
        out.append((" " * level + line.lstrip(" "), "indent", _indent_hint(lines, c, current, level, levels[level])))
    return out


def _nearby_with_indent(lines: list[str], c: int, level: int) -> int | None:
    """A line near ``c`` indented by ``level`` (to name in the message), or None."""
    for n in _next_significant(lines, c, 50) + _previous_significant(lines, c, 50):
        if _indent(lines[n]) == level:
            return n
    return None


def _next_significant(lines: list[str], line: int, count: int) -> list[int]:
    out: list[int] = []
    i = line + 1
    while i < len(lines) and len(out) < count:
        if _significant(lines[i]):
            out.append(i)
        i += 1
    return out


def _subject(line: str) -> tuple[str, str]:
    """What a line starts with: ("item", ""), ("key", its name, bounded) or ("line", "")."""
    stripped = line.lstrip(" ")
    if stripped.startswith("- ") or stripped == "-":
        return "item", ""
    key = _KEY.match(line)
    if key is not None and not key.group("dashes"):
        name = key.group("key")
        return "key", name if len(name) <= 40 else name[:37] + "…"
    return "line", ""


def _what(line: str) -> str:
    kind, name = _subject(line)
    if kind == "item":
        return _("el elemento «-»")
    return _("la clave «{name}»").format(name=name) if kind == "key" else _("esta línea")


def _spaces(n: int) -> str:
    return ngettext("{n} espacio", "{n} espacios", n).format(n=n)


def _like(line: str, level: int, ref: int) -> str:
    """The neighbour whose indentation a repaired line takes, named for a message."""
    if _indent(line) == level:
        kind, name = _subject(line)
        if kind == "key":
            return _("«{name}» en la línea {n}").format(name=name, n=ref + 1)
        if kind == "line":
            return _("la línea {n}").format(n=ref + 1)
        return _("el elemento «-» de la línea {n}").format(n=ref + 1)
    key = _KEY.match(" " * level + line[level:])  # the first key after a «- »
    return _("«{name}» en la línea {n}").format(name=key.group("key"), n=ref + 1) if key is not None else _("la línea {n}").format(n=ref + 1)


def _indent_hint(lines: list[str], c: int, current: int, level: int, ref: int | None) -> Hint:
    like = _(", como {like}").format(like=_like(lines[ref], level, ref)) if ref is not None else ""
    message = _("sangría incorrecta: {what} tiene {spaces} al comienzo y debe tener {level}{like}").format(what=_what(lines[c]), spaces=_spaces(current), level=level, like=like)
    return Hint(message, c + 1, current + 1)


@dataclass
class _Style:
    """How the file indents: a key's block (``step``, 2 in the examples) and a
    list under a key (``items``: 2, or 0 for lists at the key's own column)."""

    step: int
    items: int


def _opens(line: str) -> bool:
    """A line that ends with «:» (a comment aside): the next lines are its block."""
    return line.split(" #")[0].rstrip().endswith(":")


def _is_item(line: str) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("- ") or stripped == "-"


def _style(lines: list[str]) -> _Style:
    keys: dict[int, int] = {}
    items: dict[int, int] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if _significant(a) and _significant(b) and _opens(a):
            d = _indent(b) - _key_column(a)
            counts = items if _is_item(b) else keys
            if d >= 0:
                counts[d] = counts.get(d, 0) + 1
    step = max((d for d in keys if d > 0), key=lambda d: keys[d], default=2)
    return _Style(step, max(items, key=lambda d: items[d], default=step))


def _fits(lines: list[str], c: int, level: int, style: _Style) -> bool:
    """Whether line ``c`` at ``level`` lines up with both neighbours: after the
    previous line (its sibling, its first child, or a dedent) and before the next
    (its sibling, its child, or a dedent)."""
    line = " " * level + lines[c].lstrip(" ")
    item = _is_item(line)
    before, after = _previous_significant(lines, c, 1), _next_significant(lines, c, 1)
    if before:
        p = lines[before[0]]
        pi = _indent(p)
        if level == pi:
            ok = _is_item(p) == item or (_opens(p) and item and style.items == 0)
        elif level == _key_column(p) and pi < level:
            ok = not item  # beside the first key of a «- » item
        elif level > pi:
            ok = _opens(p) and level == _key_column(p) + (style.items if item else style.step)
        else:
            ok = True  # a dedent: _natural judges it
        if not ok:
            return False
    if after:
        n = lines[after[0]]
        ni = _indent(n)
        if ni < level:
            return True
        if ni == level:
            return _is_item(n) == item or (_opens(line) and _is_item(n) and style.items == 0)
        if ni == _key_column(line):
            return not _is_item(n)  # the next key of this «- » item
        return _opens(line) and ni == _key_column(line) + (style.items if _is_item(n) else style.step)
    return True


def _natural(lines: list[str], c: int, level: int, style: _Style) -> bool:
    """Whether line ``c`` at ``level`` sits where the file's layout puts such a
    line: beside a sibling, beside the first key of its «- » item, or a step in
    from the key that opens its block."""
    item = _is_item(lines[c])
    for p in _previous_significant(lines, c, MAX_WALK):
        line = lines[p]
        indent = _indent(line)
        if indent == level and (_is_item(line) == item or (item and style.items == 0 and _opens(line))):
            return True  # a sibling, or a list at its key's column
        if indent < level:
            if _key_column(line) == level:
                return not item  # beside the first key of a «- » item
            return _opens(line) and level - _key_column(line) == (style.items if item else style.step)
    return level == 0
