"""Edit a YAML file in place, byte for byte.

ruamel.yaml reads the file and gives every node its exact start and end
offsets; an edit is a small text patch at those offsets (a scalar replaced,
a key or a list item inserted with the file's own indentation and line
endings). Every other byte, comments, quotes, blank lines, the BOM and the
final newline included, stays as it was. After patching, the new text is
parsed again and compared with the data the edit meant to produce; if they
differ, nothing is written.

Why not dump the tree with ruamel.yaml: a round-trip dump re-indents, reflows
long lines and normalises spacing in files people wrote by hand, and those
changes would show up in every pull request.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CoprodError
from ..lang import N_, _
from ..load.yamlsource import MAX_FILE_BYTES, _make_yaml, to_plain
from .yamlemit import (  # noqa: F401  (re-exported: the names the editor has always offered here)
    Flow,
    Style,
    _inline,
    double_quoted,
    emit_mapping,
    emit_sequence,
    flow_value,
    yaml_scalar,
)

BOM = codecs.BOM_UTF8
_UNUSUAL = N_("no se pudo editar «{name}» sin cambiar su formato (forma de YAML poco común); edítelo a mano. No se cambió nada.")

# --- the file -------------------------------------------------------------------------


def _compose_and_load(text: str) -> tuple[Any, Any]:
    """The node tree (with offsets) and the data of ``text``, from one parse.

    Why not always: a merge key (``<<``) makes the constructor rewrite the
    nodes it merges, so such a file is parsed twice, the tree kept untouched."""
    if "<<" in text:
        return _make_yaml().compose(text), _make_yaml().load(text)
    constructor, parser = _make_yaml().get_constructor_parser(text)
    try:
        root = constructor.composer.get_single_node()
        return root, (constructor.construct_document(root) if root is not None else None)
    finally:
        parser.dispose()


def is_empty(node: Node | None) -> bool:
    """null, ``~``, nothing, ``[]`` or ``{}``."""
    if node is None:
        return True
    if isinstance(node, ScalarNode):
        return node.style is None and node.value in ("", "~", "null", "Null", "NULL")
    return not node.value


class YamlText:
    """One YAML file's text, its node tree with offsets, and pending patches."""

    def __init__(self, raw: bytes, name: str) -> None:
        self.name = name
        if len(raw) > MAX_FILE_BYTES:
            raise CoprodError(_("«{name}» es demasiado grande para editarlo ({n} KiB)").format(name=name, n=len(raw) // 1024))
        self.bom = raw.startswith(BOM)
        try:
            self.text = raw[len(BOM) if self.bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise CoprodError(_("«{name}» no está en UTF-8; no se edita").format(name=name)) from None
        crlf = self.text.count("\r\n")
        self.newline = "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"
        try:
            root, self.data = _compose_and_load(self.text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = _(" (línea {n})").format(n=mark.line + 1) if mark is not None else ""
            raise CoprodError(
                _("«{name}» no es YAML válido{where}; corríjalo antes (vea «coprod validate»). No se cambió nada.").format(name=name, where=where)
            ) from None
        if not isinstance(root, MappingNode):
            raise CoprodError(_("«{name}» no es un mapeo de claves y valores; no se edita").format(name=name))
        self.root: MappingNode = root
        self.patches: list[tuple[int, int, str]] = []
        self.style = self._detect_style()

    # -- reading the tree --------------------------------------------------------------

    @staticmethod
    def pair(mapping: Node, key: str) -> tuple[ScalarNode, Node] | None:
        if not isinstance(mapping, MappingNode):
            return None
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
        return None

    def _line_start(self, i: int) -> int:
        return max(self.text.rfind("\n", 0, i), self.text.rfind("\r", 0, i)) + 1

    def _line_end(self, i: int) -> int:
        ends = [e for e in (self.text.find("\n", i), self.text.find("\r", i)) if e >= 0]
        return min(ends) if ends else len(self.text)

    def _content_end(self, node: Node) -> int:
        """Offset just after the last character that belongs to a node."""
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._value_end(*last) if isinstance(last, tuple) else self._content_end(last)
        end = node.end_mark.index
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                end -= 1
        return end

    def _value_end(self, key: Node, value: Node) -> int:
        """Like _content_end, but an empty value (``clave:``) ends after its colon."""
        if isinstance(value, ScalarNode) and value.style is None and value.value == "" and isinstance(key, ScalarNode):
            return self._colon_after(key) + 1
        return self._content_end(value)

    def _after_lines(self, end: int, col: int) -> int:
        """End of the line holding offset ``end``, past comment lines indented deeper than ``col``."""
        pos = self._line_end(end)
        while pos < len(self.text):
            nxt = pos + (2 if self.text.startswith("\r\n", pos) else 1)
            line_end = self._line_end(nxt)
            line = self.text[nxt:line_end]
            stripped = line.lstrip(" ")
            if stripped.startswith("#") and len(line) - len(stripped) > col:
                pos = line_end
                continue
            break
        return pos

    def _colon_after(self, key: ScalarNode) -> int:
        i = self.text.find(":", key.end_mark.index)
        if i < 0:  # pragma: no cover - the parser found the key, so the colon is there
            raise CoprodError(_("no se encontró «:» después de «{value}» en «{name}»").format(value=key.value, name=self.name))
        return i

    def _detect_style(self) -> Style:
        st = Style()
        found_map = found_seq = False
        queue: list[Node] = [self.root]
        while queue and not (found_map and found_seq):
            node = queue.pop(0)
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    block = isinstance(v, (MappingNode, SequenceNode)) and not v.flow_style and v.value
                    if block and v.start_mark.line > k.start_mark.line:
                        if isinstance(v, MappingNode) and not found_map:
                            st.map_indent = max(1, v.value[0][0].start_mark.column - k.start_mark.column)
                            found_map = True
                        if isinstance(v, SequenceNode) and not found_seq:
                            st.seq_delta = max(0, v.start_mark.column - k.start_mark.column)
                            first = v.value[0]
                            if first.start_mark.line == v.start_mark.line:
                                st.item_offset = max(1, first.start_mark.column - v.start_mark.column)
                            found_seq = True
                    queue.append(v)
            elif isinstance(node, SequenceNode):
                queue.extend(node.value)
        return st

    def _seq_style(self, seq: SequenceNode) -> Style:
        st = Style(self.style.map_indent, self.style.seq_delta, self.style.item_offset)
        if seq.value and not seq.flow_style:
            first = seq.value[0]
            if first.start_mark.line == seq.start_mark.line:
                st.item_offset = max(1, first.start_mark.column - seq.start_mark.column)
            st.flow_items = all(isinstance(i, MappingNode) and i.flow_style for i in seq.value)
        return st

    # -- patches --------------------------------------------------------------------------

    def _patch(self, start: int, end: int, text: str) -> None:
        for s, e, _text in self.patches:
            if start < e and s < end or (start == end == s):
                raise CoprodError(_("dos cambios en el mismo lugar de «{name}»; no se cambió nada").format(name=self.name))
        self.patches.append((start, end, text))

    def replace_scalar(self, node: ScalarNode, value: Any, flow: bool = False) -> bool:
        """Write ``value`` where a scalar is, keeping its quote style. False when unchanged."""
        if str(node.value) == str(value):
            return False
        new = yaml_scalar(value, None if node.style in ("|", ">") else node.style, flow)
        self._patch(node.start_mark.index, self._content_end(node), new)
        return True

    def set_value(self, key: ScalarNode, value_node: Node, value: Any, key_col: int) -> None:
        """Replace an empty value (``clave:``, ``~``, ``[]``, ``{}``) with ``value``."""
        colon = self._colon_after(key)
        null = isinstance(value_node, ScalarNode) and value_node.style is None and value_node.value == ""
        if _inline(value):
            end = colon + 1 if null else self._content_end(value_node)
            self._patch(colon + 1, end, " " + flow_value(value))
            return
        if isinstance(value, dict):
            lines = emit_mapping(value, key_col + self.style.map_indent, self.style)
        else:
            lines = emit_sequence(value, key_col + self.style.seq_delta, self.style)
        block = self.newline + self.newline.join(lines)
        if null:
            pos = self._line_end(colon)  # after a comment on the key's line, if any
            self._patch(pos, pos, block)
            return
        end = self._content_end(value_node)
        line_end = self._line_end(end)
        if self.text[end:line_end].strip().startswith("#"):
            # `clave: []  # nota`: the comment stays on the key's line.
            self._patch(colon + 1, end, "")
            self._patch(line_end, line_end, block)
        else:
            self._patch(colon + 1, end, block)

    def insert_keys(self, mapping: MappingNode, items: dict[str, Any], order: Iterable[str]) -> None:
        """Add keys to a mapping, each after the keys that come before it in ``order``."""
        order = list(order)
        rank = {k: i for i, k in enumerate(order)}
        existing = [(k, v) for k, v in mapping.value if isinstance(k, ScalarNode)]
        groups: dict[int, list[tuple[str, Any]]] = {}
        anchors: dict[int, tuple[ScalarNode, Any] | None] = {}
        for key, value in items.items():
            before = [p for p in existing if p[0].value in rank and rank[p[0].value] < rank.get(key, len(order))]
            anchor = before[-1] if before else (existing[-1] if existing else None)
            slot = -1 if anchor is None else existing.index(anchor)
            groups.setdefault(slot, []).append((key, value))
            anchors[slot] = anchor
        for slot, pairs in groups.items():
            anchor = anchors[slot]
            if mapping.flow_style:
                text = ", ".join(f"{k}: {flow_value(v)}" for k, v in pairs)
                if anchor is None:
                    inner = mapping.end_mark.index - 1  # the closing brace
                    self._patch(inner, inner, text)
                else:
                    pos = self._value_end(*anchor)
                    self._patch(pos, pos, ", " + text)
                continue
            if anchor is None:  # pragma: no cover - a block mapping always has a key
                raise CoprodError(_("no se puede agregar «{pairs}» en «{name}»").format(pairs=pairs[0][0], name=self.name))
            col = mapping.value[0][0].start_mark.column
            lines = emit_mapping(dict(pairs), col, self.style)
            pos = self._after_lines(self._value_end(*anchor), col)
            self._patch(pos, pos, self.newline + self.newline.join(lines))

    def put(self, mapping: MappingNode, key: str, value: Any, order: Iterable[str]) -> None:
        """Set ``key`` to a scalar ``value``: replaced if present, filled if empty, else inserted."""
        pair = self.pair(mapping, key)
        if pair is None:
            self.insert_keys(mapping, {key: value}, order)
        elif isinstance(pair[1], ScalarNode) and not is_empty(pair[1]):
            self.replace_scalar(pair[1], value, flow=bool(mapping.flow_style))
        elif is_empty(pair[1]):
            self.set_value(pair[0], pair[1], value, pair[0].start_mark.column)
        else:
            raise CoprodError(_("«{key}» en «{name}» no es un valor simple; edítelo a mano").format(key=key, name=self.name))

    def put_many(self, mapping: MappingNode, values: dict[str, Any], order: Iterable[str]) -> None:
        """Set several scalar keys of one mapping (absent ones are inserted together)."""
        order = list(order)
        missing = {k: v for k, v in values.items() if self.pair(mapping, k) is None}
        for key, value in values.items():
            if key not in missing:
                self.put(mapping, key, value, order)
        if missing:
            self.insert_keys(mapping, missing, order)

    def insert_item(self, seq: SequenceNode, index: int, item: Any) -> None:
        """Insert ``item`` at position ``index`` of a non-empty list."""
        if seq.flow_style:
            text = flow_value(item)
            if index == 0:
                pos = seq.value[0].start_mark.index
                self._patch(pos, pos, text + ", ")
            else:
                pos = self._content_end(seq.value[index - 1])
                self._patch(pos, pos, ", " + text)
            return
        st = self._seq_style(seq)
        dash_col = seq.start_mark.column
        lines = emit_sequence([item], dash_col, st)
        nl = self.newline
        if index == 0:
            pos = self._line_start(seq.start_mark.index)
            if self.text[pos : seq.start_mark.index].strip(" "):
                raise CoprodError(_("la lista de «{name}» tiene una forma que no se puede editar sin reescribirla").format(name=self.name))
            self._patch(pos, pos, nl.join(lines) + nl)
        else:
            pos = self._after_lines(self._content_end(seq.value[index - 1]), dash_col)
            self._patch(pos, pos, nl + nl.join(lines))

    def remove_item(self, key: ScalarNode, seq: SequenceNode, index: int) -> None:
        """Remove item ``index`` of the list ``seq`` (the value of ``key``).

        A block item goes with its lines, from its «-» to its last line and
        the comment lines indented under it; a flow item with its comma.
        Removing the only item leaves ``[]``, never an empty value (which would
        read as null). Comments on the key's line stay where they are."""
        items = seq.value
        item = items[index]
        if seq.flow_style:
            if len(items) == 1:
                self._patch(seq.start_mark.index, seq.end_mark.index, "[]")
            elif index < len(items) - 1:
                self._patch(item.start_mark.index, items[index + 1].start_mark.index, "")
            else:
                self._patch(self._content_end(items[index - 1]), self._content_end(item), "")
            return
        start = self._line_start(item.start_mark.index)
        prefix = self.text[start : item.start_mark.index]
        if not re.fullmatch(r" *- +", prefix):
            raise CoprodError(_("la lista de «{name}» tiene una forma que no se puede editar sin reescribirla; edítela a mano").format(name=self.name))
        dash_col = prefix.index("-")
        end = self._after_lines(self._content_end(item), dash_col)
        if self.text.startswith("\r\n", end):
            end += 2
        elif self.text.startswith(("\n", "\r"), end):
            end += 1
        self._patch(start, end, "")
        if len(items) == 1:
            colon = self._colon_after(key)
            self._patch(colon + 1, colon + 1, " []")

    def remove_key(self, mapping: MappingNode, key: str) -> bool:
        """Remove ``key`` and its value from a block mapping, with their lines
        and the comment lines indented under them; False when the key is not
        there. A key that shares its line with something before it (the first
        key of a list item, ``- nombre: Ana``) or a flow mapping is refused:
        the file would have to be rewritten."""
        found = self.pair(mapping, key)
        if found is None:
            return False
        k, v = found
        start = self._line_start(k.start_mark.index)
        if mapping.flow_style or self.text[start : k.start_mark.index].strip(" "):
            raise CoprodError(_("«{key}» en «{name}» tiene una forma que no se puede quitar sin reescribir el archivo; bórrela a mano").format(key=key, name=self.name))
        end = self._after_lines(self._value_end(k, v), k.start_mark.column)
        if self.text.startswith("\r\n", end):
            end += 2
        elif self.text.startswith(("\n", "\r"), end):
            end += 1
        self._patch(start, end, "")
        return True

    # -- result ------------------------------------------------------------------------------

    def new_text(self) -> str:
        text = self.text
        for start, end, new in sorted(self.patches, key=lambda p: (p[0], p[1]), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def reread(self, expected: Any) -> YamlText | None:
        """``result`` read again as a new ``YamlText`` (its tree ready for the next edit), or None when
        nothing changes; one parse of the new text where ``result`` and a new ``YamlText`` take three."""
        if not self.patches:
            return None
        data = (BOM if self.bom else b"") + self.new_text().encode("utf-8")
        if len(data) > MAX_FILE_BYTES:
            return YamlText(data, self.name)  # refused there, with the size
        try:
            doc: YamlText | None = YamlText(data, self.name)
        except CoprodError:
            doc = None
        if doc is None or to_plain(doc.data) != to_plain(expected):
            raise CoprodError(_(_UNUSUAL).format(name=self.name))
        return doc

    def result(self, expected: Any) -> bytes | None:
        """The new bytes, or None when nothing changes. Refuses when the
        patched text does not read back as ``expected``."""
        if not self.patches:
            return None
        text = self.new_text()
        try:
            data = _make_yaml().load(text)
        except YAMLError:
            data = object()
        if to_plain(data) != to_plain(expected):
            raise CoprodError(_(_UNUSUAL).format(name=self.name))
        return (BOM if self.bom else b"") + text.encode("utf-8")
