"""Record or remove a month's progress (section 6) in an agreement file,
changing only the entry concerned.

Refused, with a Spanish message and without touching the file, what the
rules would report as an error: a level off the five-level scale, a month
outside the schedule, a sub-activity that does not exist, a whole-month level
mixed with sub-activity levels (CP210). ``progress_change`` is the edit in
memory (`progress set` writes it; ``batch`` applies it leniently: a level off
the scale is written, for the check to report CP205 at its line).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CoprodError
from ..lang import _
from ..model.models import Acuerdo, Avance, AvanceSubactividad
from ..model.types import NIVELES, Month
from .arguments import clean_note, merged_note, parse_level, parse_month
from .document import Change, EditOutcome, ItemWith, Loaded, Refused, Where, edited, editing, item_style, write_edited, written
from .yamltext import YamlText, is_empty, to_plain

AGREEMENT_ORDER = list(Acuerdo.model_fields)
PROGRESS_ORDER = list(Avance.model_fields)
SUB_ORDER = list(AvanceSubactividad.model_fields)


def _month_of(entry: Any) -> Month | None:
    try:
        return Month.parse(str(entry.get("mes")).strip()) if isinstance(entry, dict) else None
    except ValueError:
        return None


@dataclass
class _Wanted:
    """What `progress set` records: a level for a month or one of its sub-activities, maybe with a note."""

    month: Month
    level: int | None  # None: the note alone, for a month (or sub-activity) whose level is recorded
    subactivity: int | None
    note: str | None
    replace_note: bool = False
    #: Words for a spreadsheet's rows instead of the command's options (``batch``).
    sheet: bool = False

    def say(self, command: str, sheet: str) -> str:
        return sheet if self.sheet else command

    def entry(self) -> dict[str, Any]:
        """The new month entry, when the month has none yet."""
        out: dict[str, Any] = {"mes": str(self.month)}
        if self.subactivity is None:
            out["nivel"] = self.level
            if self.note:
                out["nota"] = self.note
        else:
            out["subactividades"] = [self.sub()]
        return out

    def sub(self) -> dict[str, Any]:
        """The new sub-activity item."""
        out: dict[str, Any] = {"subactividad": self.subactivity, "nivel": self.level}
        if self.note:
            out["nota"] = self.note
        return out

    def updates(self, recorded: dict[str, Any]) -> dict[str, Any]:
        """The keys to change in an entry (or item) that exists; the note merged with the one recorded."""
        out: dict[str, Any] = {} if self.level is None else {"nivel": self.level}
        if self.note:
            self.note = out["nota"] = merged_note(recorded.get("nota"), self.note, self.replace_note)
        return out


# --- progress set ---------------------------------------------------------------------------


def set_progress(
    root: Path,
    ident: str,
    month_text: str,
    level_text: str,
    subactivity: int | None = None,
    note: str | None = None,
    replace_note: bool = False,
) -> EditOutcome:
    level = parse_level(level_text)
    month = parse_month(month_text)
    note = clean_note(note)
    with editing(root, ident) as loaded:
        return _set_progress(loaded, month, level, subactivity, note, replace_note)


def _set_progress(
    loaded: Loaded[Acuerdo], month: Month, level: int, subactivity: int | None, note: str | None, replace_note: bool = False
) -> EditOutcome:
    return written(loaded, progress_change(loaded, month, level, subactivity, note, replace_note))


def progress_change(
    loaded: Loaded[Acuerdo], month: Month, level: int | None, subactivity: int | None, note: str | None,
    replace_note: bool = False, sheet: bool = False,
) -> Change[Acuerdo]:
    """`progress set` in memory. ``level`` None: the note alone, where a level is recorded.
    ``sheet``: refusals worded for a spreadsheet's rows (``batch``)."""
    want = _Wanted(month, level, subactivity, note, replace_note, sheet)
    recorded = _recorded_level(loaded.model, want)
    _check_schedule(loaded.model, want)
    expected = to_plain(loaded.doc.data)
    plain_list = expected.get("avance") or []
    expected["avance"] = plain_list
    found = next((i for i, e in enumerate(plain_list) if _month_of(e) == month), None)
    if found is None:
        _needs_level(want, ("avance",))
        _add_month(loaded, plain_list, want)
    else:
        _update_month(loaded, plain_list, found, want)
    what = _("subactividad {subactivity} de {month}").format(subactivity=subactivity, month=month) if subactivity is not None else str(month)
    shown = _("sin cambiar el nivel") if level is None else "{level} % ({label})".format(level=level, label=_(NIVELES[level]) if level in NIVELES else _("fuera de la escala"))
    summary = _("avance de {what}: {shown}").format(what=what, shown=shown) + (_("; nota: {note}").format(note=want.note) if want.note else "")
    return Change(edited(loaded, expected), summary, _progress_where(want, recorded))


def _recorded_level(a: Acuerdo, want: _Wanted) -> int | None:
    """The level recorded for the month (or sub-activity) ``want`` names, if any."""
    for entry in a.avance:
        if entry.mes != want.month:
            continue
        if want.subactivity is None:
            return entry.nivel
        return next((s.nivel for s in entry.subactividades if s.subactividad == want.subactivity), None)
    return None


def _progress_where(want: _Wanted, recorded: int | None) -> Where:
    """The value the edit writes: the level, or the note when the level stays as recorded."""
    entry: Where = ("avance", ItemWith("mes", str(want.month)))
    if want.subactivity is not None:
        entry += ("subactividades", ItemWith("subactividad", str(want.subactivity)))
    level = want.level is not None and (not want.note or want.level != recorded)
    return entry + ("nivel" if level else "nota",)


def _needs_level(want: _Wanted, where: Where) -> None:
    """A note alone cannot make a new entry: the protocol records a level first."""
    if want.level is None:
        what = _("la subactividad {subactivity} de {month}").format(subactivity=want.subactivity, month=want.month) if want.subactivity is not None else _("el mes {month}").format(month=want.month)
        raise Refused(_("{what} no tiene nivel registrado: escriba el nivel junto con la nota").format(what=what), where)


def _check_schedule(a: Acuerdo, want: _Wanted) -> None:
    """Refuse a month outside the schedule, or a sub-activity the month does not have."""
    month, subactivity = want.month, want.subactivity
    schedule = {m.mes: m for m in a.cronograma.meses} if a.cronograma else {}
    if not schedule:
        raise Refused(
            _("el acuerdo «{id}» no tiene cronograma (sección 5): agregue sus meses en «cronograma.meses» antes de registrar avance").format(id=a.id),
            ("cronograma", "meses"),
        )
    if month not in schedule:
        months = sorted(schedule)
        listed = ", ".join(str(m) for m in months) if len(months) <= 6 else f"{months[0]} a {months[-1]}"
        raise Refused(_("el mes {month} no está en el cronograma del acuerdo «{id}» (meses: {listed})").format(month=month, id=a.id, listed=listed), ("cronograma", "meses"))
    if subactivity is None:
        return
    count = len(schedule[month].actividades)
    where = ("cronograma", "meses", ItemWith("mes", str(month)), "actividades")
    if count == 0:
        raise Refused(
            _("el cronograma de {month} no tiene subactividades; registre el nivel del mes completo ").format(month=month)
            + want.say(_("(sin --subactivity)"), _("(en la fila del mes, sin número de subactividad)")),
            where,
        )
    if not 1 <= subactivity <= count:
        raise Refused(
            _("el cronograma de {month} tiene {count} subactividad(es): ").format(month=month, count=count)
            + want.say(_("use --subactivity entre 1 y {count}").format(count=count), _("no existe la subactividad {subactivity}").format(subactivity=subactivity)),
            where,
        )


def _add_month(loaded: Loaded[Acuerdo], plain_list: list[Any], want: _Wanted) -> None:
    """A month without an entry: insert one, in month order."""
    doc, entry = loaded.doc, want.entry()
    index = next((i for i, e in enumerate(plain_list) if (_month_of(e) or want.month) > want.month), len(plain_list))
    plain_list.insert(index, copy.deepcopy(entry))
    pair = doc.pair(doc.root, "avance")
    seq = pair[1] if pair else None
    if pair is None:
        doc.insert_keys(doc.root, {"avance": [entry]}, AGREEMENT_ORDER)
    elif is_empty(seq):
        doc.set_value(pair[0], pair[1], [entry], pair[0].start_mark.column)
    elif isinstance(seq, SequenceNode):
        doc.insert_item(seq, index, item_style(seq.value, entry))
    else:  # pragma: no cover - the model already refused this shape
        raise CoprodError(_("«avance» en «{rel}» no es una lista").format(rel=loaded.rel))


def _update_month(loaded: Loaded[Acuerdo], plain_list: list[Any], found: int, want: _Wanted) -> None:
    """A month with an entry: set its level, or one sub-activity's (never both forms, CP210)."""
    doc, month = loaded.doc, want.month
    pair = doc.pair(doc.root, "avance")
    assert pair is not None and isinstance(pair[1], SequenceNode)
    node, plain = pair[1].value[found], plain_list[found]
    if not isinstance(node, MappingNode):  # pragma: no cover - the model refused this
        raise CoprodError(_("el avance de {month} en «{rel}» no es un mapeo").format(month=month, rel=loaded.rel))
    if want.subactivity is None:
        if plain.get("subactividades"):
            raise Refused(
                _("el avance de {month} está registrado por subactividad; ").format(month=month)
                + want.say(_("use --subactivity N "), _("registre el nivel en las filas de sus subactividades "))
                + _("(un mes no puede tener las dos formas, regla CP210)"),
                ("avance", ItemWith("mes", str(month)), "subactividades"),
            )
        if plain.get("nivel") is None:
            _needs_level(want, ("avance", ItemWith("mes", str(month))))
        updates = want.updates(plain)
        plain.update(updates)
        doc.put_many(node, updates, PROGRESS_ORDER)
        return
    if plain.get("nivel") is not None:
        raise Refused(
            _(
                "el avance de {month} tiene un nivel para el mes completo ({level}); "
                "no se puede mezclar con niveles por subactividad (regla CP210). "
            ).format(month=month, level=plain["nivel"])
            + want.say(_("Registre el mes sin --subactivity"), _("Registre el nivel en la fila del mes completo"))
            + _(" o cambie el archivo a mano."),
            ("avance", ItemWith("mes", str(month)), "nivel"),
        )
    _set_sub(doc, node, plain, want)


def _set_sub(doc: YamlText, node: Node, plain: dict[str, Any], want: _Wanted) -> None:
    """Set one sub-activity's level in a month's entry: update its item or insert one, in number order."""
    subs = plain.get("subactividades") or []
    plain["subactividades"] = subs
    assert want.subactivity is not None and isinstance(node, MappingNode)
    at = next((i for i, s in enumerate(subs) if isinstance(s, dict) and s.get("subactividad") == want.subactivity), None)
    sub_pair = doc.pair(node, "subactividades")
    if at is not None:
        updates = want.updates(subs[at])
        subs[at].update(updates)
        assert sub_pair is not None and isinstance(sub_pair[1], SequenceNode)
        doc.put_many(sub_pair[1].value[at], updates, SUB_ORDER)
        return
    _needs_level(want, ("avance", ItemWith("mes", str(want.month)), "subactividades"))
    sub = want.sub()
    index = next(
        (i for i, s in enumerate(subs) if isinstance(s, dict) and int(s.get("subactividad", 0)) > want.subactivity),
        len(subs),
    )
    subs.insert(index, dict(sub))
    if sub_pair is None:
        doc.insert_keys(node, {"subactividades": [sub]}, PROGRESS_ORDER)
    elif is_empty(sub_pair[1]):
        doc.set_value(sub_pair[0], sub_pair[1], [sub], sub_pair[0].start_mark.column)
    else:
        assert isinstance(sub_pair[1], SequenceNode)
        doc.insert_item(sub_pair[1], index, item_style(sub_pair[1].value, sub))


# --- progress unset -------------------------------------------------------------------------


def unset_progress(root: Path, ident: str, month_text: str, subactivity: int | None = None) -> EditOutcome:
    """Remove a month's recorded level (or one sub-activity's): a level recorded by mistake.

    The month's entry goes with its note; a sub-activity's item goes with its
    note, and the month's entry too when it was the last one. Every other byte
    stays; the same lock, compare-and-swap and atomic write as ``set_progress``.
    """
    month = parse_month(month_text)
    with editing(root, ident) as loaded:
        return _unset_progress(loaded, month, subactivity)


def _unset_progress(loaded: Loaded[Acuerdo], month: Month, subactivity: int | None) -> EditOutcome:
    a, doc = loaded.model, loaded.doc
    what = _("subactividad {subactivity} de {month}").format(subactivity=subactivity, month=month) if subactivity is not None else str(month)
    expected = to_plain(doc.data)
    plain_list = expected.get("avance") or []
    found = [i for i, e in enumerate(plain_list) if _month_of(e) == month]
    if not found:
        recorded = sorted({str(e.mes) for e in a.avance})
        listed = _(" (tiene avance de: {months})").format(months=", ".join(recorded)) if recorded else _(" (no tiene ningún avance registrado)")
        return EditOutcome(loaded.path, loaded.rel, False, "", _("«{rel}» no tenía avance de {what}{listed}").format(rel=loaded.rel, what=what, listed=listed))
    if len(found) > 1:
        raise CoprodError(
            _("el avance de {month} aparece {n} veces en «{rel}» (regla CP209); deje una sola entrada a mano antes de quitarla. No se cambió nada.").format(month=month, n=len(found), rel=loaded.rel)
        )
    index = found[0]
    pair = doc.pair(doc.root, "avance")
    assert pair is not None
    key, seq = pair
    assert isinstance(key, ScalarNode) and isinstance(seq, SequenceNode)
    entry = plain_list[index]
    subs = entry.get("subactividades") or []
    if subactivity is None:
        if subs:
            numbers = ", ".join(str(x.get("subactividad")) for x in subs if isinstance(x, dict))
            raise CoprodError(
                _("el avance de {month} está registrado por subactividad ({numbers}); quite cada una con --subactivity N. No se cambió nada.").format(month=month, numbers=numbers)
            )
        old = entry.get("nivel")
        del plain_list[index]
        doc.remove_item(key, seq, index)
    else:
        at = next((i for i, x in enumerate(subs) if isinstance(x, dict) and x.get("subactividad") == subactivity), None)
        if at is None:
            if entry.get("nivel") is not None:
                raise CoprodError(
                    _(
                            "el avance de {month} tiene un nivel para el mes completo ({entry}), no por subactividad; quítelo sin "
                            "--subactivity. No se cambió nada."
                        ).format(month=month, entry=entry['nivel'])
                )
            return EditOutcome(loaded.path, loaded.rel, False, "", _("«{rel}» no tenía avance de {what}").format(rel=loaded.rel, what=what))
        old = subs[at].get("nivel")
        node = seq.value[index]
        sub_pair = doc.pair(node, "subactividades")
        assert sub_pair is not None and isinstance(sub_pair[1], SequenceNode)
        if len(subs) == 1:  # the month's last one: the month's entry goes
            del plain_list[index]
            doc.remove_item(key, seq, index)
        else:
            del subs[at]
            doc.remove_item(sub_pair[0], sub_pair[1], at)
    expected["avance"] = plain_list
    changed = write_edited(loaded, expected)
    label = f"{old} %, {_(NIVELES[old])}" if old in NIVELES else (_("sin nivel") if old is None else _("«{value}»").format(value=old))
    return EditOutcome(loaded.path, loaded.rel, changed, _("se quitó el avance de {what} (tenía {label})").format(what=what, label=label))

