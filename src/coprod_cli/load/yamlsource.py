"""Read one YAML file with ruamel.yaml, keeping positions.

Everything else in coprod asks for a position through ``SourceFile.locate``
with a YAML path (the same tuple pydantic gives as an error ``loc``); no rule
touches ruamel. Why: a faster parser can later be put behind this one small
interface without changing any rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from .. import codes
from ..lang import _
from ..problems import Problem
from .guard import MAX_NODES, over_limits, read_bounded, too_many_message
from .yamlmessages import (  # noqa: F401  (re-exported: the names the reader has always offered here)
    _spanish_problem,
    duplicate_key_message,
    non_text_key_message,
    shown_key,
)

#: Bounds for hostile input; see SECURITY.md (and guard.MAX_NODES).
MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 64

PathT = tuple[Any, ...]
#: A file's bytes, or the problem that kept them from being read.
Raw = tuple[bytes | None, Problem | None]


#: A problem found while reading a file, before any model sees it: the one
#: problem type, located by line and column (1-based).
LoadProblem = Problem


class ForbiddenConstruct(MarkedYAMLError):
    def __init__(self, code: str, message: str, mark: Any, repeated: tuple[str, int, int] | None = None) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.code = code
        self.message = message
        #: For CP002: the key, its line and its first occurrence's line (the message needs the text).
        self.repeated = repeated


class StrictComposer(Composer):
    """Refuses anchors, aliases and explicit tags while composing.

    Why: nobody writing an agreement needs them, and an alias bomb
    ("billion laughs") hangs any tool that walks the loaded tree.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise ForbiddenConstruct(
                codes.CP003, _("alias YAML «*{anchor}» no permitido: escriba el valor completo").format(anchor=event.anchor), event.start_mark
            )
        if getattr(event, "anchor", None) is not None:
            raise ForbiddenConstruct(
                codes.CP003, _("ancla YAML «&{anchor}» no permitida: escriba el valor completo").format(anchor=event.anchor), event.start_mark
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise ForbiddenConstruct(codes.CP004, _("etiqueta YAML «{tag}» no permitida en estos archivos").format(tag=tag), event.start_mark)
        self._coprod_nodes = getattr(self, "_coprod_nodes", 0) + 1  # guard.over_limits counts first; this is the backstop
        if self._coprod_nodes > MAX_NODES:
            raise ForbiddenConstruct(codes.CP007, too_many_message(), event.start_mark)
        return super().compose_node(parent, index)


class LocatedConstructor(RoundTripConstructor):
    """Gives a position to values Python cannot build (a 5 000-digit number,
    the 30th of February), which would otherwise escape as a bare ValueError,
    and names the line of a repeated key's first occurrence."""

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
        if key in mapping:
            first = next((k for k, _ in node.value if k is not key_node and _same_key(k, key_node)), None)
            line = first.start_mark.line + 1 if first is not None else mapping.lc.key(key)[0] + 1
            written = key_node.value if isinstance(key_node.value, str) else ""
            shown = "" if key is None else written
            raise ForbiddenConstruct(codes.CP002, "", key_node.start_mark, (shown, key_node.start_mark.line + 1, line))
        return True

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except TypeError:  # a list or a mapping as a key: it cannot be hashed
            raise ForbiddenConstruct(codes.CP001, _("una clave debe ser un texto, no una lista ni un mapeo"), node.start_mark) from None
        except ValueError:
            value = str(getattr(node, "value", ""))
            shown = value if len(value) <= 40 else value[:37] + "…"
            tag = str(getattr(node, "tag", ""))
            if tag.endswith(":timestamp"):
                raise ForbiddenConstruct(codes.CP106, _("«{shown}» no es una fecha posible; revise el día y el mes").format(shown=shown), node.start_mark) from None
            if tag.endswith(":int") or tag.endswith(":float"):
                message = _("el número «{shown}» no se puede leer (¿demasiado largo?); póngalo entre comillas si es un texto").format(shown=shown)
                raise ForbiddenConstruct(codes.CP001, message, node.start_mark) from None
            raise ForbiddenConstruct(codes.CP001, _("el valor «{shown}» no se puede leer").format(shown=shown), node.start_mark) from None


def _same_key(a: Any, b: Any) -> bool:
    """Two key nodes that build the same key (scalars: same tag and text)."""
    return isinstance(a, ScalarNode) and isinstance(b, ScalarNode) and a.tag == b.tag and a.value == b.value


def _make_yaml() -> YAML:
    y = YAML(typ="rt")
    y.Composer = StrictComposer
    y.Constructor = LocatedConstructor
    y.allow_duplicate_keys = False
    y.max_depth = MAX_DEPTH
    return y


def _hint(text: str, exc: MarkedYAMLError) -> Any:
    from .syntaxhints import diagnose

    try:
        return diagnose(text, exc)
    except Exception:  # pragma: no cover - a guess must never hide the error it explains
        return None


@dataclass
class SourceFile:
    """One file of the repository: its text, its tree and where each value is.

    The round-trip tree (``data``) is built on first use: a file read by the
    fast path (see ``fastyaml``) only pays for it when a rule asks where a
    value is.
    """

    path: Path
    rel: str  # POSIX path relative to the repository root, as shown to users
    text: str = ""
    problems: list[LoadProblem] = field(default_factory=list)
    _data: Any = None
    _parsed: bool = False
    #: True when the fast path read the file: positions then come from
    #: libyaml's nodes (fastyaml.NodePositions), built on first use.
    fast: bool = False
    _nodes: Any = None

    @property
    def data(self) -> Any:
        if not self._parsed:
            self._parsed = True
            _parse(self)
        return self._data

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def source_line(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def locate(self, path: PathT, target: str = "value") -> tuple[int, int]:
        """1-based (line, column) of a YAML path.

        ``target="value"`` points at the value (or at the key when the value is
        a block mapping or list); ``target="key"`` at the key. A path that does
        not exist points at its nearest existing parent.
        """
        if self.fast:
            if self._nodes is None:
                from .fastyaml import NodePositions

                self._nodes = NodePositions(self.text)
            return self._nodes.locate(path, target)
        node = self.data
        pos = (1, 1)
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, CommentedMap) and step in node:
                kline, kcol = node.lc.key(step)
                child = node[step]
                if last and target == "value" and not _is_block(child):
                    if child is None:  # an empty value: ruamel puts it on the next line; the key is where to write it
                        return kline + 1, kcol + 1
                    vline, vcol = node.lc.value(step)
                    return vline + 1, vcol + 1
                pos = (kline + 1, kcol + 1)
                node = child
            elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
                line, col = node.lc.item(step)
                pos = (line + 1, col + 1)
                node = node[step]
            else:
                break
        return pos


class DeferredSource(SourceFile):
    """An unchanged agreement the validation cache vouches for by its stat
    (check/cache.py): its text is read only when a problem must be located or
    shown in it, which is rare; an unchanged run then reads no agreement."""

    @property
    def text(self) -> str:
        text = self.__dict__.get("_text")
        if text is None:
            data, _ = read_raw(self.path)
            text = data.decode("utf-8-sig", errors="replace") if data is not None else ""
            self.__dict__["_text"] = text
        return text

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["_text"] = value or None  # the dataclass's default "": not read yet


def _is_block(node: Any) -> bool:
    """A block mapping or list (its value starts on the next line)."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        return bool(node) and not node.fa.flow_style()  # ruamel leaves [] and {} without a style: they are flow
    return False


def read_text(path: Path, rel: str) -> SourceFile:
    """Read and decode a file; problems (size, encoding, unreadable) are recorded."""
    return text_source(path, rel, read_raw(path))


def read_raw(path: Path) -> Raw:
    """A file's bytes, or why not: never more than the limit, never a FIFO (guard.read_bounded)."""
    return read_bounded(path, MAX_FILE_BYTES)


def text_source(path: Path, rel: str, read: Raw) -> SourceFile:
    """Decode bytes already read (``read_raw``, or a git blob); problems are recorded."""
    src = SourceFile(path=path, rel=rel)
    raw, problem = read
    text = _decode(raw, src) if raw is not None else None
    problem = problem or (over_limits(text, MAX_DEPTH) if text is not None else None)
    if problem is not None:
        src.problems.append(problem)
    if text is None or problem is not None:
        src._parsed = True
        return src
    src.text = text
    return src


def read_source(path: Path, rel: str) -> SourceFile:
    """Read and parse one file with positions; problems are recorded, never raised."""
    src = read_text(path, rel)
    _data = src.data  # parse now
    return src


def _parse(src: SourceFile) -> None:
    text = src.text
    if src.problems:
        return
    if not text.strip():
        src.problems.append(LoadProblem(codes.CP005, _("el archivo está vacío"), 1, 1))
        return
    try:
        data = _load(src)
    except ForbiddenConstruct as exc:
        mark = exc.problem_mark
        message = duplicate_key_message(*exc.repeated, text) if exc.repeated is not None else exc.message
        src.problems.append(LoadProblem(exc.code, message, mark.line + 1, mark.column + 1))
        return
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if type(exc).__name__ == "MaxDepthExceededError":
            src.problems.append(LoadProblem(codes.CP007, _("anidamiento demasiado profundo (máximo {MAX_DEPTH} niveles)").format(MAX_DEPTH=MAX_DEPTH), line, col))
        else:
            hint = _hint(text, exc)
            if hint is not None:  # the likely mistake, at the line to fix
                line, col = hint.line, hint.column
            src.problems.append(LoadProblem(codes.CP001, hint.message if hint is not None else _spanish_problem(exc), line, col))
        return
    except ReaderError as exc:  # a control character YAML does not allow in a file
        before = text[: max(0, exc.position)]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        src.problems.append(LoadProblem(codes.CP001, _("carácter no permitido en un archivo YAML (U+{ord:04X}); bórrelo").format(ord=ord(char)), line, col))
        return
    except Exception:  # pragma: no cover - defensive: a parser surprise must not stop the whole check
        src.problems.append(LoadProblem(codes.CP001, _("el archivo no se puede leer como YAML: revise la sangría, las comillas y los signos «:», «-», «[» y «{»"), 1, 1))
        return
    if data is None:
        src.problems.append(LoadProblem(codes.CP005, _("el archivo no tiene datos (solo comentarios o líneas en blanco)"), 1, 1))
        return
    if not isinstance(data, CommentedMap):
        kind = _("una lista") if isinstance(data, list) else _("un valor suelto")
        src.problems.append(LoadProblem(codes.CP005, _("el archivo debe ser un mapeo de claves y valores, no {kind}").format(kind=kind), 1, 1))
        return
    bad_keys = list(_non_text_keys(data))
    if bad_keys:
        for line, col, key in bad_keys:
            src.problems.append(LoadProblem(codes.CP001, non_text_key_message(key, src.source_line(line)[col - 1 :]), line, col))
        return
    src._data = data


def _load(src: SourceFile) -> Any:
    """ruamel's tree of the file; for a large file with a syntax error,
    ruamel's error found in a shortened copy, on the whole file's lines
    (``elision``: libyaml finds the error first, in a twentieth of the time)."""
    from .elision import elide, restore

    short = elide(src.text)
    if short is not None:
        try:
            _make_yaml().load(short.text)
        except ForbiddenConstruct:
            pass  # not a syntax error: the whole file decides
        except MarkedYAMLError as exc:
            raise restore(exc, short) from None
        except Exception:  # pragma: no cover - anything else: the whole file decides
            pass
    return _make_yaml().load(src.text)


def _decode(raw: bytes, src: SourceFile) -> str | None:
    if b"\x00" in raw:
        before = raw[: raw.index(b"\x00")]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        src.problems.append(LoadProblem(codes.CP006, _("el archivo contiene bytes nulos: no es texto"), line, col))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        src.problems.append(
            LoadProblem(codes.CP006, _("el archivo no está en UTF-8; guárdelo con la codificación UTF-8"), line, col)
        )
        return None
    # Why: YAML parsers accept \r\n; positions stay right because lines are counted the same way.
    return text


def _non_text_keys(node: Any) -> Iterator[tuple[int, int, Any]]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CommentedMap):
            for k, v in n.items():
                if not isinstance(k, str):
                    line, col = n.lc.key(k)
                    yield line + 1, col + 1, k
                stack.append(v)
        elif isinstance(n, CommentedSeq):
            stack.extend(n)


def to_plain(value: Any) -> Any:
    """A ruamel tree as plain Python values (ScalarInt → int, CommentedMap → dict…),
    to compare trees from the two parsers or before and after an edit."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo)
    return value
