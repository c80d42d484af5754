"""Record a monitoring answer (section 7) in an agreement file, changing only
the value concerned; progress (section 6) is in ``progress``.

Refused, with a Spanish message and without touching the file, what the
rules would report as an error: a «sí» for missing content (CP206).
``monitoring_change`` is the edit in memory (`monitoring set` writes it;
``batch`` applies it leniently: the «sí» is written, for the check to report
CP206 at its line).

Every name the edits have offered from here stays importable from here
(``set_progress``, ``unset_progress``, ``merged_note``, ``parse_*``…).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from ..lang import _
from ..model.content import content_met
from ..model.criteria import CRITERION_KEYS, Criterion
from ..model.models import Acuerdo
from ..model.types import answer_word
from .arguments import (  # noqa: F401  (re-exported: the names the edits have always offered here)
    NOTE_JOINER,
    SCALE,
    clean_note,
    merged_note,
    parse_answer,
    parse_criterion,
    parse_level,
    parse_month,
)
from .document import Change, EditOutcome, Loaded, Refused, edited, editing, item_style, written
from .progress import (  # noqa: F401  (re-exported)
    AGREEMENT_ORDER,
    PROGRESS_ORDER,
    SUB_ORDER,
    set_progress,
    unset_progress,
)
from .yamltext import Flow, is_empty, to_plain

ANSWER_ORDER = ["cumple", "observaciones"]


# --- monitoring (section 7) ---------------------------------------------------------------


def _same_answer(node: Node | None, answer: str) -> bool:
    if not isinstance(node, ScalarNode):
        return False
    value: Any = str(node.value).strip().lower()
    if node.style is None:  # a plain scalar: read as YAML 1.1 would
        value = {"true": True, "yes": True, "on": True, "false": False, "off": False}.get(value, value)
    return answer_word(value) == answer


def set_monitoring(
    root: Path, ident: str, criterion_text: str, answer_text: str, note: str | None = None, replace_note: bool = False
) -> EditOutcome:
    criterion = parse_criterion(criterion_text)
    answer = parse_answer(answer_text)
    note = clean_note(note)
    with editing(root, ident) as loaded:
        return _set_monitoring(loaded, criterion, answer, note, replace_note)


def _set_monitoring(loaded: Loaded[Acuerdo], criterion: Criterion, answer: str, note: str | None, replace_note: bool = False) -> EditOutcome:
    return written(loaded, monitoring_change(loaded, criterion, answer, note, replace_note))


def monitoring_change(
    loaded: Loaded[Acuerdo], criterion: Criterion, answer: str | None, note: str | None,
    replace_note: bool = False, lenient: bool = False,
) -> Change[Acuerdo]:
    """`monitoring set` in memory. ``answer`` None: the observations alone, of a criterion answered.
    ``lenient``: a «sí» for missing content is written (the check reports it, CP206)."""
    recorded = getattr(loaded.model.monitoreo, criterion.key, None) if loaded.model.monitoreo is not None else None
    same = recorded is not None and answer_word(recorded.cumple) == answer
    where = ("monitoreo", criterion.key, "cumple" if answer is not None and not (note and same) else "observaciones")
    if answer == "si" and not lenient and not content_met(loaded.model)[criterion.key]:
        raise Refused(
            _(
                    "no se puede marcar «sí» en el criterio {number} ({text}): el acuerdo no tiene ese contenido ({items}). "
                    "Complete el acuerdo o responda «no» con una observación (regla CP206)."
                ).format(number=criterion.number, text=criterion.text, items=', '.join(criterion.fields)),
            where,
        )
    expected = to_plain(loaded.doc.data)
    plain_mon = expected.get("monitoreo")
    if not isinstance(plain_mon, dict):
        plain_mon = {}
        expected["monitoreo"] = plain_mon
    current = plain_mon.get(criterion.key)
    if answer is None and not (isinstance(current, dict) and current.get("cumple") is not None):
        raise Refused(
            _("el criterio {number} ({text}) no tiene respuesta: escriba «Sí» o «No» junto con la observación").format(number=criterion.number, text=criterion.text),
            where[:2],
        )
    note = _put_answer(loaded, plain_mon, criterion, answer, note, replace_note)
    written_answer = {"si": "sí", "no": "no", None: _("sin cambiar la respuesta")}[answer]
    summary = _("criterio {number} ({text}): {answer}").format(number=criterion.number, text=criterion.text, answer=written_answer) + (
        _("; observaciones: {note}").format(note=note) if note else ""
    )
    return Change(edited(loaded, expected), summary, where)


def _put_answer(
    loaded: Loaded[Acuerdo], plain_mon: dict[str, Any], criterion: Criterion, answer: str | None, note: str | None,
    replace_note: bool,
) -> str | None:
    """Patch the criterion's entry (created when absent); the note as written."""
    doc, key = loaded.doc, criterion.key
    entry: dict[str, Any] = {"cumple": "sí" if answer == "si" else "no"}
    if note:
        entry["observaciones"] = note
    pair = doc.pair(doc.root, "monitoreo")
    if pair is None:
        plain_mon[key] = dict(entry)
        doc.insert_keys(doc.root, {"monitoreo": {key: Flow(entry)}}, AGREEMENT_ORDER)
        return note
    if is_empty(pair[1]):
        plain_mon[key] = dict(entry)
        doc.set_value(pair[0], pair[1], {key: Flow(entry)}, pair[0].start_mark.column)
        return note
    mon = pair[1]
    assert isinstance(mon, MappingNode)
    cpair = doc.pair(mon, key)
    if cpair is None:
        plain_mon[key] = dict(entry)
        siblings = [v for _, v in mon.value]
        doc.insert_keys(mon, {key: Flow(entry) if not siblings else item_style(siblings, entry)}, CRITERION_KEYS)
        return note
    if is_empty(cpair[1]):
        plain_mon[key] = dict(entry)
        doc.set_value(cpair[0], cpair[1], Flow(entry), cpair[0].start_mark.column)
        return note
    node = cpair[1]
    assert isinstance(node, MappingNode)
    current = plain_mon[key]
    updates: dict[str, Any] = {}
    old = doc.pair(node, "cumple")
    if answer is not None and not (old and _same_answer(old[1], answer)):
        updates["cumple"] = entry["cumple"]
    if note:
        note = merged_note(current.get("observaciones"), note, replace_note)
        if note != current.get("observaciones"):
            updates["observaciones"] = note
    current.update(updates)
    if updates:
        doc.put_many(node, updates, ANSWER_ORDER)
    return note
