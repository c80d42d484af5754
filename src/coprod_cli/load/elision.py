"""Find ruamel's syntax error in a large broken file without reading all of it.

Why: a file libyaml refused goes through ruamel (``yamlsource._parse``) so
that the message and position are the exact path's; ruamel reads about
10 000 values a second, so a file of 20 000 values (the limit; a map of 500
actors has 17 500) with a typo near its end cost 2–3 s. Most of such a file
is long runs of plain items: the entries of a mapping, the elements of a
list, each on its own lines, with no quotes, brackets, block scalars, anchors
or tags.

``elide`` removes whole runs of such sibling items before libyaml's error
(keeping the first item of each collection and the last lines before the
error), so ruamel reads a few hundred lines instead; ``restore`` puts the
lines of ruamel's marks back where they are in the whole file. Removing
complete sibling items of a block collection leaves the scanner in the same
state at the cut (a line start, at the items' column, nothing open), so the
tokens before and after the cut are the same, and ruamel stops at the same
place with the same words. ``tests/test_elision.py`` compares the two on
broken large files.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import yaml

#: Line breaks for YAML besides «\n» (a lone «\r», NEL, LS, PS): a file with one
#: is read whole, since ``str.split("\n")`` would not count the lines YAML counts.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

#: Below this many removable lines, ruamel reads the whole file (and small
#: files keep exactly the path they always had).
MIN_ELIDED_LINES = 500
#: Lines kept before libyaml's error, so that ruamel's context (the key it
#: was scanning, the collection it was in) is still there.
KEEP_BEFORE_ERROR = 5

# A line that can only be plain block YAML, whole on its line: a key and a
# value, a «- » item, a bare key or value, a comment or nothing. A value is
# plain, quoted without escapes, or a list or mapping in brackets or braces
# of such values, closed on the same line. No block scalars, anchors,
# aliases, tags or directives.
_PLAIN = r"[\w(+][\w .,()/+@-]*"
_FLOW_PLAIN = r"[\w(+][\w .()/+@-]*"
_QUOTED = r"\"[^\"\\\n]*\"|'[^'\n]*'"
_ITEM = rf"(?:{_FLOW_PLAIN}|{_QUOTED})"
_LIST = rf"\[ *(?:{_ITEM}(?: *, *{_ITEM})*)? *\]"
_MAP = rf"\{{ *(?:{_FLOW_PLAIN}: +{_ITEM}(?: *, *{_FLOW_PLAIN}: +{_ITEM})*)? *\}}"
_VALUE = rf"(?:{_PLAIN}|{_QUOTED}|{_LIST}|{_MAP})"
_SAFE = re.compile(rf"^ *(?:- +)*(?:{_PLAIN}(?:: +{_VALUE}|:)?|{_VALUE}) *$|^ *(?:#.*)?$")


@dataclass
class Elided:
    """The shortened text and how to find a line of it in the whole file."""

    text: str
    #: Sorted (first line of the shortened text after a cut, lines removed before it).
    shifts: list[tuple[int, int]]

    def original_line(self, line: int) -> int:
        """0-based line of the whole file for 0-based ``line`` of the shortened text."""
        i = bisect_right(self.shifts, (line, float("inf"))) - 1
        return line + (self.shifts[i][1] if i >= 0 else 0)


def elide(text: str) -> Elided | None:
    """The text without long runs of plain items before libyaml's first
    error, or None when there is no such error or too little to remove."""
    if text.count("\n") < MIN_ELIDED_LINES:
        return None  # a small file: ruamel reads it whole, as it always did
    if any(brk in text for brk in _OTHER_BREAKS):
        return None  # libyaml and ruamel count these as line breaks too: lines here would be off by one
    lines = text.split("\n")
    found = _item_starts(text)
    if found is None:
        return None
    items, error_line = found
    chosen = _outermost(_cuts(items, lines, error_line - KEEP_BEFORE_ERROR))
    if sum(end - start for start, end in chosen) < MIN_ELIDED_LINES:
        return None
    kept: list[str] = []
    shifts: list[tuple[int, int]] = []
    position, total = 0, 0
    for start, end in chosen:
        kept.extend(lines[position:start])
        total += end - start
        shifts.append((len(kept), total))
        position = end
    kept.extend(lines[position:])
    return Elided("\n".join(kept), shifts)


def _item_starts(text: str) -> tuple[list[list[int]], int] | None:
    """The first line of each item of each block collection libyaml read
    before its first error, and the error's first line (None: no error)."""
    from .fastyaml import _Parser

    items: list[list[int]] = []
    stack: list[list[Any]] = []  # [item start lines, is a mapping, children seen, is block]
    loader = _Parser(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if stack and isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                top = stack[-1]
                if top[3] and (not top[1] or top[2] % 2 == 0):  # an item of a list, or a key of a mapping
                    top[0].append(event.start_mark.line if event.start_mark is not None else 0)
                top[2] += 1
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                items.append([])
                stack.append([items[-1], isinstance(event, yaml.MappingStartEvent), 0, not event.flow_style])
    except yaml.MarkedYAMLError as exc:
        marks = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
        return items, min(marks) if marks else 0
    finally:
        loader.dispose()
    return None


def _cuts(items: list[list[int]], lines: list[str], safe_until: int) -> list[tuple[int, int]]:
    """Runs of items 1..j of one collection whose lines are all plain and
    whose next sibling starts before ``safe_until``: (first line, end line)."""
    unsafe = [i for i in range(min(safe_until, len(lines))) if not _SAFE.match(lines[i])]
    cuts: list[tuple[int, int]] = []
    for starts in items:
        run_start, end = None, 0
        for k in range(1, len(starts) - 1):
            first, nxt = starts[k], starts[k + 1]
            ok = starts[k - 1] < first and nxt <= safe_until and not _any_between(unsafe, first, nxt)
            if ok:
                run_start, end = (first if run_start is None else run_start), nxt
            elif run_start is not None:
                cuts.append((run_start, end))
                run_start = None
        if run_start is not None:
            cuts.append((run_start, end))
    return cuts


def _outermost(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs not inside another, in order. Runs of one collection are
    disjoint, and a nested collection lies inside one item of its parent,
    so two runs are either disjoint or one holds the other."""
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(cuts, key=lambda c: (c[0], -c[1])):
        if end - start >= 2 and (not chosen or start >= chosen[-1][1]):
            chosen.append((start, end))
    return chosen


def _any_between(sorted_lines: list[int], start: int, end: int) -> bool:
    i = bisect_right(sorted_lines, start - 1)
    return i < len(sorted_lines) and sorted_lines[i] < end


def restore(exc: Any, elided: Elided) -> Any:
    """``exc`` with its marks on the whole file's lines."""
    for name in ("problem_mark", "context_mark"):
        mark = getattr(exc, name, None)
        if mark is not None:
            moved = copy.copy(mark)
            moved.line = elided.original_line(mark.line)
            setattr(exc, name, moved)
    return exc
