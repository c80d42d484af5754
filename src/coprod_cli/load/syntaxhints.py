"""Where a YAML syntax error must be fixed, and what the likely mistake is.

A parser stops where the text stops making sense, which is often a line or
many lines after the mistake: a missing «:» is noticed on the next key, an
unclosed quote swallows the file up to the next quote, a key with too little
indentation turns the next line into the continuation of its value. So, for a
syntax error ruamel reports at line L, this module looks for the mistake:

1. a quoted text that spans lines and swallows lines that look like keys or
   list items: its quote was never closed; a «[» or «{» still open where the
   parser stopped, on a line indented like the opener's (both found with
   libyaml's scanner in the text before the error);
2. a repair: each of a few lines up to L is changed the way a person's slip
   would be undone (a «:» after its first word, its indentation set to a
   neighbour's or one step in or out) and the window is parsed again with
   libyaml. Among the repairs that make the error disappear, the likeliest is
   the one that puts its line where the file's layout would (a step in from
   the key that opens its block, beside its siblings), leaves no key without
   its block, and comes earliest (an error shows after its cause); when two
   lines are equally likely, the message names both. Bounded: at most
   ``MAX_TRIALS`` parses of a window of at most ``MAX_WINDOW`` characters;
3. a key the scanner could not finish (its context mark: a missing «:»).

Nothing here changes what is valid: the diagnosis only decides the message and
the position of a CP001 the exact parser already found. The same code serves
both paths (the fast path hands every syntax error to the exact one).
"""

from __future__ import annotations

from typing import Any

import yaml

from ..lang import _
from .syntaxrepair import (  # noqa: F401  (MAX_*, Hint: re-exported, the names this module has always offered)
    _KEYLIKE,
    _WORD,
    AHEAD,
    LOOKBACK,
    MAX_TRIALS,
    MAX_WALK,
    MAX_WINDOW,
    Hint,
    _colon_hint,
    _indent,
    _parser,
    _repair,
    _significant,
)


def diagnose(text: str, exc: Any) -> Hint | None:
    """The likely mistake behind ruamel's syntax error ``exc`` in ``text``, or None."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    pmark, cmark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    if pmark is None:
        return None
    lines = [line.rstrip("\r") for line in text.split("\n")]  # Windows line endings: the same lines
    hint, flows = _scan(text, lines, pmark)
    if hint is None:
        hint = _unclosed_quote(lines, cmark, context)
    if hint is None:
        hint = _unclosed_flow(lines, pmark, flows)
    if hint is None and not problem.startswith("found character"):
        hint = _repair(lines, pmark.line)
    if hint is None and problem.startswith("could not find expected ':'") and "simple key" in context and cmark is not None:
        hint = _missing_colon(lines, cmark.line)  # the key the scanner could not finish
    return hint


# --- 1 and 2. quotes, brackets and braces --------------------------------------


def _scan(text: str, lines: list[str], pmark: Any) -> tuple[Hint | None, list[tuple[int, int, str]]]:
    """Scan the tokens before the error: the first quoted text that swallowed
    lines looking like keys (a hint), and the «[» and «{» still open there."""
    parser, fast = _parser()
    end = _end_of_line(text, pmark.line)
    if not fast and end > MAX_WINDOW * 2:
        return None, []  # pure-Python scanner: about 15 times slower; keep it bounded
    prefix = text[:end]
    if not any(char in prefix for char in "\"'[{"):
        return None, []
    loader = parser(prefix)
    stack: list[tuple[int, int, str]] = []
    try:
        while loader.check_token():
            token = loader.get_token()
            mark = token.start_mark
            if (mark.line, mark.column) >= (pmark.line, pmark.column):
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                stack.append((mark.line, mark.column, "[" if isinstance(token, yaml.FlowSequenceStartToken) else "{"))
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and stack:
                stack.pop()
            elif isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > mark.line:
                swallowed = lines[mark.line + 1 : token.end_mark.line + 1]
                if any(_KEYLIKE.match(line) for line in swallowed):
                    return _quote_hint(token.style, mark.line, mark.column, token.end_mark.line), []
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return None, stack


def _end_of_line(text: str, line: int) -> int:
    """The offset just past 0-based ``line`` in ``text`` (its line break included)."""
    end = -1
    for _i in range(line + 1):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end + 1


def _unclosed_quote(lines: list[str], cmark: Any, context: str) -> Hint | None:
    """The file ends inside quotes: the parser's context mark is where they open."""
    if "quoted scalar" in context and cmark is not None and cmark.line < len(lines):
        char = lines[cmark.line][cmark.column : cmark.column + 1]
        return _quote_hint(char if char in "\"'" else '"', cmark.line, cmark.column, None)
    return None


def _quote_hint(quote: str, line: int, column: int, until: int | None) -> Hint:
    name = _("comilla") if quote == '"' else _("comilla simple")
    reach = _("el texto sigue hasta la línea {n}").format(n=until + 1) if until is not None else _("el texto sigue hasta el final del archivo")
    message = _("{name} «{quote}» sin cerrar abierta en la línea {n} ({reach}): cierre el texto con «{quote}» en esta línea").format(name=name, quote=quote, n=line + 1, reach=reach)
    return Hint(message, line + 1, column + 1)


def _unclosed_flow(lines: list[str], pmark: Any, stack: list[tuple[int, int, str]]) -> Hint | None:
    """The innermost «[» or «{» open where the parser stopped, when the text
    there no longer belongs to it (a line indented like the opener's, or the end)."""
    if not stack:
        return None
    line, column, opener = stack[-1]
    if line >= pmark.line:
        return None
    here = lines[pmark.line] if pmark.line < len(lines) else ""
    if _significant(here) and _indent(here) > _indent(lines[line]):
        return None  # a list that goes on over several lines: the mistake is where the parser stopped
    if opener == "[":
        message = _("corchete «[» abierto en la línea {n} sin cerrar: cierre la lista con «]» en esta línea").format(n=line + 1)
    else:
        message = _("llave «{{» abierta en la línea {n} sin cerrar: cierre el mapeo con «}}» en esta línea").format(n=line + 1)
    return Hint(message, line + 1, column + 1)


# --- 3. a key the scanner could not finish -----------------------------------


def _missing_colon(lines: list[str], line: int) -> Hint | None:
    m = _WORD.match(lines[line]) if line < len(lines) else None
    if m is None:
        return None
    return _colon_hint(line, m)

