"""A fast parse for the common case: a well-formed file.

libyaml (through PyYAML's C parser) parses about 15× faster than ruamel.yaml's
round-trip loader, but it knows nothing of positions, accepts duplicate keys,
anchors and tags, and speaks YAML 1.1 (`no` is a boolean, `010` is octal).
So this loader

* resolves plain scalars with ruamel.yaml's own YAML 1.2 table and builds
  them with the same rules, so every value equals what the exact path gives;
* gives up (``NeedsExactParse``) on anything the exact path would report or
  treat differently: non-text keys, aliases, anchors, tags, deep nesting,
  syntax errors, anything that is not a mapping;
* reports a file whose only problems are repeated keys itself
  (``FastProblem``), the first one ruamel would meet, with the exact path's
  message and position: libyaml's nodes know where both occurrences are, and
  re-reading a large file with ruamel only to say so costs a second. ruamel
  builds depth-first in document order and checks a key after building its
  value; ``_build`` walks the same way.

When it gives up, the file goes through ``yamlsource.read_source`` (ruamel,
positions kept), which produces the diagnostics. A test compares the two paths
on the broken fixtures and on generated repositories.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.resolver import implicit_resolvers as _ruamel_resolvers

from .. import codes
from .yamlsource import MAX_DEPTH, LoadProblem, duplicate_key_message

try:  # pragma: no cover - depends on the wheel
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - pure-Python PyYAML: slower, same results

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):  # type: ignore[no-redef]
        def __init__(self, stream: Any) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)

    HAVE_LIBYAML = False


class NeedsExactParse(Exception):
    """This file must be read by the exact (position-keeping) path."""


class FastProblem(Exception):
    """The file has exactly this problem, as the exact path would report it."""

    def __init__(self, problem: LoadProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# Anchors (&a), aliases (*a) and tags (!x) start a token after a space, a flow
# indicator or the start of a line. A false alarm only costs speed.
_SUSPECT = re.compile(r"(?:^|[\s\[\]{},])(?:[&*][^\s,\]}]|!)", re.M)  # a lone «!» is a tag too

def _compiled(regexp: Any) -> Any:
    """The compiled pattern behind ruamel's lazy one (``util.LazyEval``): every
    ``match`` through the lazy wrapper cost two Python calls, for each of the
    millions of scalars of a national repository."""
    lazy = getattr(regexp, "lazy_self", None)
    return lazy() if callable(lazy) else regexp


_TABLE: dict[Any, list[tuple[str, Any]]] = {}
for _versions, _tag, _regexp, _first in _ruamel_resolvers:
    if (1, 2) in _versions:
        _firsts: list[str | None] = list(_first) if _first else [None]
        for _ch in _firsts:
            _TABLE.setdefault(_ch, []).append((_tag, _compiled(_regexp)))
_ANY = _TABLE.pop(None, [])
_FIRST = {ch: rules + _ANY for ch, rules in _TABLE.items()}
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_BOOL = {"true": True, "false": False}


class _Resolver(yaml.resolver.BaseResolver):
    """Tags plain scalars with ruamel.yaml's YAML 1.2 table (so `no` stays text)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _FIRST.get(value[:1], _ANY):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _int(text: str) -> int:
    # ruamel.yaml's YAML 1.2 rules (constructor.construct_yaml_int).
    s = text.replace("_", "")
    sign = -1 if s[0] == "-" else 1
    if s[0] in "+-":
        s = s[1:]
    if s.startswith("0b"):
        return sign * int(s[2:], 2)
    if s.startswith("0x"):
        return sign * int(s[2:], 16)
    if s.startswith("0o"):
        return sign * int(s[2:], 8)
    return sign * int(s)


def _float(text: str) -> float:
    s = text.replace("_", "").lower()
    sign = -1 if s[0] == "-" else 1
    if s[0] in "+-":
        s = s[1:]
    if s == ".inf":
        return sign * float("inf")
    if s == ".nan":
        return float("nan")
    return sign * float(s)


_TIMESTAMP = yaml.constructor.SafeConstructor()

_SCALARS = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": lambda node: _BOOL[node.value.lower()],
    "tag:yaml.org,2002:int": lambda node: _int(node.value),
    "tag:yaml.org,2002:float": lambda node: _float(node.value),
    "tag:yaml.org,2002:timestamp": _TIMESTAMP.construct_yaml_timestamp,
}


Repeat = tuple[Any, Any]  # (the repeated key node, its first occurrence)


def _build(node: Any, seen: set[int], depth: int, repeats: list[Repeat]) -> Any:
    """Plain Python values from libyaml's nodes; gives up where ruamel would
    differ. A repeated key is noted in ``repeats`` (its first value kept), in
    the order ruamel's constructor would raise them."""
    if depth > MAX_DEPTH:
        raise NeedsExactParse("depth")
    if id(node) in seen:
        raise NeedsExactParse("alias")  # the same node twice
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        convert = _SCALARS.get(node.tag)
        if convert is None:
            raise NeedsExactParse("tag")
        return convert(node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise NeedsExactParse("tag")
        return [_build(child, seen, depth + 1, repeats) for child in node.value]
    if node.tag != _MAP:
        raise NeedsExactParse("tag")
    mapping: dict[str, Any] = {}
    keys: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag != _STR or key.value == "<<":
            raise NeedsExactParse("key")
        built = _build(value, seen, depth + 1, repeats)
        if key.value in keys:  # after its value, as ruamel checks it: the first noted is the one ruamel reports
            repeats.append((key, keys[key.value]))
            continue
        keys[key.value] = key
        mapping[key.value] = built
    return mapping


class FastLoader(_Parser, _Resolver):
    def __init__(self, stream: Any) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)


def fast_load(text: str) -> dict[str, Any]:
    """Parse a file's text; raise NeedsExactParse for anything unusual, and
    FastProblem for a file whose one problem is a repeated key."""
    if "\t" in text or (("&" in text or "*" in text or "!" in text) and _SUSPECT.search(text)):
        raise NeedsExactParse("suspect")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # line breaks for libyaml, not for ruamel: positions differ
        raise NeedsExactParse("line breaks")
    loader = FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise NeedsExactParse("syntax") from exc
    finally:
        loader.dispose()
    if node is None or not isinstance(node, yaml.MappingNode):
        raise NeedsExactParse("not a mapping")
    repeats: list[Repeat] = []
    try:
        data = _build(node, set(), 1, repeats)
    except RecursionError as exc:
        raise NeedsExactParse("depth") from exc
    except (ValueError, KeyError, TypeError) as exc:  # a scalar only ruamel knows how to read
        raise NeedsExactParse("scalar") from exc
    if repeats:  # the file's only problem: every other value was built as ruamel builds it
        key, first = repeats[0]
        mark = key.start_mark
        message = duplicate_key_message(key.value, mark.line + 1, first.start_mark.line + 1, text)
        raise FastProblem(LoadProblem(codes.CP002, message, mark.line + 1, mark.column + 1))
    return data


#: The plain scalars ruamel's YAML 1.2 table reads as null (its ``null`` resolver).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _PositionsLoader(_Parser, _Resolver):
    """Nodes for positions only: a scalar's tag matters only as null or not
    (``NodePositions.locate``), so the full table is not run on every scalar."""

    def __init__(self, stream: Any) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class NodePositions:
    """Where each value is, from libyaml's composed nodes (for files the fast
    path read). Same answers as ``SourceFile.locate`` on the ruamel tree."""

    def __init__(self, text: str) -> None:
        loader = _PositionsLoader(text)
        try:
            self.root = loader.get_single_node()
        finally:
            loader.dispose()

    def locate(self, path: tuple[Any, ...], target: str = "value") -> tuple[int, int]:
        node = self.root
        pos = (1, 1)
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == step), None)
                if pair is None:
                    break
                key, value = pair
                if last and target == "value" and not _is_block(value):
                    if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:  # as the exact path: at the key
                        return key.start_mark.line + 1, key.start_mark.column + 1
                    return value.start_mark.line + 1, value.start_mark.column + 1
                pos = (key.start_mark.line + 1, key.start_mark.column + 1)
                node = value
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                pos = (node.start_mark.line + 1, node.start_mark.column + 1)
            else:
                break
        return pos


def _is_block(node: Any) -> bool:
    return isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style
