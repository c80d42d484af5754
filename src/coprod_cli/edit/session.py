"""Record a session's attendance and decisions in its file, changing only the
entries concerned (`coprod attendance set`, `coprod decision add|done`).

The same lock, byte-keeping patches, compare-and-swap and atomic write as
`progress set` (``document``). Refused, with a Spanish message and without
touching the file: a file that does not load or validate, an attendance
state that does not exist, a name for an actor who did not attend, a due
date before the session, a decision number out of range, a completion date
before the session or after today.

Actors are resolved by the caller (the pipeline holds the actor map and its
«¿quiso decir…?»): ``resolve`` turns what a person typed into an actor id.
``attendance_change`` is one actor's attendance in memory (``batch`` applies
it; `attendance set` patches each actor named the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ruamel.yaml.nodes import MappingNode, SequenceNode

from ..errors import CoprodError
from ..lang import _
from ..model.models import AcuerdoSesion, Asistencia, EstadoAsistencia, Sesion
from ..model.sessions import PRESENT
from ..model.validate import enum_targets
from .arguments import clean_note, merged_note
from .document import Change, EditOutcome, ItemWith, Loaded, Refused, item_style, reloaded
from .locking import write_back
from .paths import agreement_file
from .sessionfile import editing_session, parse_date
from .yamltext import YamlText, is_empty, to_plain

SESSION_ORDER = list(Sesion.model_fields)
ATTENDANCE_ORDER = list(Asistencia.model_fields)
DECISION_ORDER = list(AcuerdoSesion.model_fields)
STATES: tuple[str, ...] = get_args(EstadoAsistencia)

Resolve = Callable[[str], str]


def parse_state(text: str) -> str:
    value = text.strip().lower()
    if value not in STATES:
        raise CoprodError(_("estado de asistencia desconocido «{text}»{value}; use uno de: {items}").format(text=text, value=enum_targets(tuple(STATES))(value), items=', '.join(STATES)))
    return value


def session_name(loaded: Loaded[Sesion]) -> str:
    """«la sesión 2015-09-08» (its file's name when it has a suffix)."""
    return _("la sesión {stem}").format(stem=Path(loaded.rel).stem)


# --- one list of a session file ----------------------------------------------------------


def _append(doc: YamlText, key: str, item: dict[str, Any]) -> None:
    """Append a mapping to the list under ``key`` of the file's root (created when absent or empty)."""
    pair = doc.pair(doc.root, key)
    if pair is None:
        doc.insert_keys(doc.root, {key: [item]}, SESSION_ORDER)
    elif is_empty(pair[1]):
        doc.set_value(pair[0], pair[1], [item], pair[0].start_mark.column)
    elif isinstance(pair[1], SequenceNode):
        doc.insert_item(pair[1], len(pair[1].value), item_style(pair[1].value, item))
    else:  # pragma: no cover - the model refused this shape
        raise CoprodError(_("«{key}» en «{name}» no es una lista").format(key=key, name=doc.name))


def _item_node(doc: YamlText, key: str, index: int) -> MappingNode:
    pair = doc.pair(doc.root, key)
    assert pair is not None and isinstance(pair[1], SequenceNode)
    node = pair[1].value[index]
    if not isinstance(node, MappingNode):  # pragma: no cover - the model refused this shape
        raise CoprodError(_("«{key}» en «{name}» tiene un elemento que no es un mapeo").format(key=key, name=doc.name))
    return node


def _finish(loaded: Loaded[Sesion], doc: YamlText) -> bool:
    """Write ``doc`` (the last of one or more patched copies) when it differs from the file read."""
    after = _session_after(loaded, doc)
    if after is None:
        return False
    write_back(loaded.path, loaded.rel, after.raw, loaded.raw)
    return True


def _session_after(loaded: Loaded[Sesion], doc: YamlText) -> Loaded[Sesion] | None:
    """The session file as ``doc`` (patched copies read again) has it, validated; None when unchanged."""
    return reloaded(loaded, doc)


def _patched(doc: YamlText, expected: Any) -> YamlText:
    """The file after ``doc``'s patches, read again (several entries change one after the other)."""
    return doc.reread(expected) or doc


# --- attendance --------------------------------------------------------------------------


@dataclass
class AttendanceChange:
    """What `attendance set` records for each actor named."""

    state: str | None  # None: the note alone, for an actor listed
    name: str | None = None
    note: str | None = None
    replace_note: bool = False
    forget_name: bool = False


def set_attendance(
    root: Path, session: str, actors: list[str], state_text: str, resolve: Resolve, name: str | None = None,
    note: str | None = None, replace_note: bool = False, everyone: bool = False,
) -> EditOutcome:
    """Set the attendance of ``actors`` (or of everyone listed, ``everyone``) in a session."""
    state = parse_state(state_text)
    # Why: `--name ""` takes a name away (it is personal data, and may be wrong).
    forget = name is not None and not name.strip()
    note, name = clean_note(note), clean_note(name)
    if name is not None and state not in PRESENT:
        raise CoprodError(_("--name es el nombre de quien asistió: no corresponde a «{state}»").format(state=state))
    if name is not None and (everyone or len(actors) != 1):
        raise CoprodError(_("--name es el nombre de una persona: úselo con un solo actor"))
    change = AttendanceChange(state, name, note, replace_note, forget)
    with editing_session(root, session) as loaded:
        listed = [a.actor for a in loaded.model.asistencia]
        if everyone:
            if not listed:
                raise CoprodError(_("{session} no tiene lista de asistencia; nombre los actores uno por uno").format(session=session_name(loaded)))
            ids = list(dict.fromkeys(listed))
        else:
            ids = list(dict.fromkeys(a if a in listed else resolve(a) for a in actors))
        doc = loaded.doc
        for ident in ids:
            doc = _set_one(doc, ident, change)
        changed = _finish(loaded, doc)
    summary = f"{', '.join(ids)}: {state}" + (f" ({name})" if name else "") + (f"; nota: {change.note}" if change.note else "")
    return EditOutcome(loaded.path, loaded.rel, changed, summary)


def set_attendance_rows(root: Path, session: str, rows: list[tuple[str, AttendanceChange]]) -> EditOutcome:
    """Several actors of a session's list, each with its own state, name and note, in one write or none
    (the attendance table of `coprod serve`): every row checked as `attendance set` checks one actor."""
    for ident, change in rows:
        where = ("asistencia", ItemWith("actor", ident))
        if change.state is not None:
            parse_state(change.state)
        if change.name is not None and change.state not in PRESENT:
            raise Refused(_("el nombre es el de quien asistió por «{ident}»: no corresponde a «{state}»").format(ident=ident, state=change.state), where)
    with editing_session(root, session) as loaded:
        listed = {a.actor for a in loaded.model.asistencia}
        doc = loaded.doc
        for ident, change in rows:
            if ident not in listed:
                raise Refused(_("el actor «{ident}» no está en la lista de asistencia de {session}").format(ident=ident, session=session_name(loaded)), ("asistencia", ItemWith("actor", ident)))
            doc = _set_one(doc, ident, change)
        changed = _finish(loaded, doc)
    parts = [f"{i}: {c.state or _('sin cambiar el estado')}" + (f" ({c.name})" if c.name else "") + (_("; nota: {note}").format(note=c.note) if c.note else "") for i, c in rows]
    return EditOutcome(loaded.path, loaded.rel, changed, " · ".join(parts))


def attendance_change(loaded: Loaded[Sesion], ident: str, change: AttendanceChange) -> Change[Sesion]:
    """One actor's attendance in memory (``ident`` already resolved to an actor id)."""
    recorded = next((a.estado for a in loaded.model.asistencia if a.actor == ident), None)
    listed = recorded is not None
    same = change.note and change.state == recorded
    where = ("asistencia", ItemWith("actor", ident), "estado" if change.state is not None and not same else "nota")
    if not listed and change.state is None:
        raise Refused(_("el actor «{ident}» no está en la lista de asistencia de {session}: escriba su estado junto con la nota").format(ident=ident, session=session_name(loaded)), ("asistencia",))
    after = _session_after(loaded, _set_one(loaded.doc, ident, change))
    shown = change.state or _("sin cambiar el estado")
    return Change(after, f"{ident}: {shown}" + (f"; nota: {change.note}" if change.note else ""), where)


def _set_one(doc: YamlText, ident: str, change: AttendanceChange) -> YamlText:
    expected = to_plain(doc.data)
    entries = expected.get("asistencia") or []
    expected["asistencia"] = entries
    found = [i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("actor") == ident]
    if len(found) > 1:
        raise Refused(
            _("el actor «{ident}» aparece {n} veces en la asistencia de «{name}»; deje una sola entrada a mano. No se cambió nada.").format(ident=ident, n=len(found), name=doc.name),
            ("asistencia", ItemWith("actor", ident)),
        )
    if not found:
        assert change.state is not None  # attendance_change refuses a note alone for an actor not listed
        item: dict[str, Any] = {"actor": ident, "estado": change.state}
        if change.name:
            item["nombre"] = change.name
        if change.note:
            item["nota"] = change.note
        entries.append(dict(item))
        _append(doc, "asistencia", item)
        return _patched(doc, expected)
    entry = entries[found[0]]
    state = change.state or entry.get("estado")
    updates: dict[str, Any] = {}
    if entry.get("estado") != state:
        updates["estado"] = state
    if change.name and entry.get("nombre") != change.name:
        updates["nombre"] = change.name
    if change.note:
        merged = merged_note(entry.get("nota"), change.note, change.replace_note)
        if merged != entry.get("nota"):
            updates["nota"] = merged
    # A person named for an actor who did not attend (or whose name is taken
    # away) goes: a name is personal data, kept only for who came.
    drop = "nombre" in entry and (change.forget_name or state not in PRESENT)
    if not updates and not drop:
        return doc
    entry.update(updates)
    if updates:
        doc.put_many(_item_node(doc, "asistencia", found[0]), updates, ATTENDANCE_ORDER)
        doc = _patched(doc, expected)
    if drop:  # a second pass: a key inserted next to the name would touch the same place
        del entry["nombre"]
        doc.remove_key(_item_node(doc, "asistencia", found[0]), "nombre")
        doc = _patched(doc, expected)
    return doc


# --- decisions ---------------------------------------------------------------------------


@dataclass
class NewDecision:
    """What `decision add` appends to ``acuerdos_sesion``."""

    text: str
    responsible: str | None = None
    due: str | None = None
    agreements: list[str] = field(default_factory=list)
    elevate: bool = False
    note: str | None = None


def add_decision(root: Path, session: str, new: NewDecision, resolve: Resolve) -> EditOutcome:
    """Append a decision to a session's ``acuerdos_sesion`` (the key created when absent)."""
    text = clean_note(new.text)
    if not text:
        raise CoprodError(_("falta el texto del acuerdo (--text)"))
    note = clean_note(new.note)
    due = parse_date(new.due, _("«{value}»").format(value=f"--due {new.due}")) if new.due is not None else None
    responsible = resolve(new.responsible) if new.responsible else None
    agreements = list(dict.fromkeys(_agreement_id(root, a) for a in new.agreements))
    with editing_session(root, session) as loaded:
        if due is not None and due < loaded.model.fecha:
            raise CoprodError(_("el plazo {due} es anterior a {session} ({fecha}); revise --due").format(due=due, session=session_name(loaded), fecha=loaded.model.fecha))
        item: dict[str, Any] = {"descripcion": text}
        if responsible:
            item["responsable"] = responsible
        if due is not None:
            item["plazo"] = due
        if agreements:
            item["acuerdos"] = agreements
        item["estado"] = "pendiente"
        if new.elevate:
            item["elevado_comision"] = True
        if note:
            item["nota"] = note
        expected = to_plain(loaded.doc.data)
        expected["acuerdos_sesion"] = list(expected.get("acuerdos_sesion") or []) + [dict(item)]
        _append(loaded.doc, "acuerdos_sesion", item)
        changed = _finish(loaded, _patched(loaded.doc, expected))
        number = len(expected["acuerdos_sesion"])
    who = f", responsable {responsible}" if responsible else ""
    when = f", plazo {due}" if due else ""
    return EditOutcome(loaded.path, loaded.rel, changed, _("acuerdo {number} de {session}{who}{when}: {text}").format(number=number, session=session_name(loaded), who=who, when=when, text=text))


def _agreement_id(root: Path, text: str) -> str:
    """An agreement's id, checked against ``acuerdos/`` (with «¿quiso decir…?»)."""
    ident = text.strip()
    agreement_file(root, ident)
    return ident


def parse_number(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise CoprodError(_("«{text}» no es el número de un acuerdo de la sesión: se numeran desde 1, en el orden del archivo").format(text=text))
    return int(value)


def complete_decision(root: Path, session: str, number_text: str, date_text: str | None = None, today: dt.date | None = None) -> EditOutcome:
    """Mark the N-th decision (1-based) of a session done: ``estado: cumplido`` and its date (default today)."""
    number = parse_number(number_text)
    today = today or dt.date.today()
    day = parse_date(date_text, _("«{value}»").format(value=f"--date {date_text}")) if date_text is not None else today
    with editing_session(root, session) as loaded:
        decisions = loaded.model.acuerdos_sesion
        if not decisions:
            raise CoprodError(_("{session} no tiene acuerdos registrados; agregue uno con «coprod decision add»").format(session=session_name(loaded)))
        if number > len(decisions):
            raise CoprodError(_("{session} tiene {n} acuerdo(s): use un número del 1 al {n}").format(session=session_name(loaded), n=len(decisions)))
        if day < loaded.model.fecha:
            raise CoprodError(_("la fecha {day} es anterior a {session} ({fecha}), en la que se tomó el acuerdo").format(day=day, session=session_name(loaded), fecha=loaded.model.fecha))
        if day > today:
            raise CoprodError(_("la fecha {day} todavía no llega: registre el acuerdo como cumplido cuando se cumpla").format(day=day))
        decision = decisions[number - 1]
        if decision.estado == "cumplido" and decision.cumplido is not None and date_text is None:
            day = decision.cumplido  # without --date, a recorded date stays
        expected = to_plain(loaded.doc.data)
        entry = expected["acuerdos_sesion"][number - 1]
        updates = {k: v for k, v in {"estado": "cumplido", "cumplido": day}.items() if entry.get(k) != v}
        if updates:
            entry.update(updates)
            loaded.doc.put_many(_item_node(loaded.doc, "acuerdos_sesion", number - 1), updates, DECISION_ORDER)
        changed = _finish(loaded, _patched(loaded.doc, expected))
    summary = _("acuerdo {number} de {session} cumplido el {day} ({descripcion})").format(number=number, session=session_name(loaded), day=day, descripcion=decision.descripcion)
    if decision.estado == "cumplido" and decision.cumplido is not None and decision.cumplido != day:
        # Why: --date on a decision already done replaces its date; say which one was lost.
        summary += _("; antes constaba cumplido el {cumplido}").format(cumplido=decision.cumplido)
    return EditOutcome(loaded.path, loaded.rel, changed, summary)
