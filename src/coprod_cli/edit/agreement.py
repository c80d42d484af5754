"""Record a month's progress (section 6) and a monitoring answer (section 7)
in an agreement file, changing only the value concerned.

Both refuse, with a Spanish message and without touching the file, what the
rules would report as an error: a level off the five-level scale, a month
outside the schedule, a sub-activity that does not exist, a whole-month level
mixed with sub-activity levels (CP210), a «sí» for missing content (CP206).
"""

from __future__ import annotations

import copy
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..compute.content import content_met
from ..errors import CoprodError
from ..load.guard import read_bounded
from ..load.yamlsource import MAX_FILE_BYTES, text_source
from ..model.criteria import CRITERIA, CRITERIA_BY_KEY, CRITERION_KEYS, Criterion
from ..model.models import Acuerdo, Avance, AvanceSubactividad
from ..model.types import NIVELES, Month, answer_word
from ..model.validate import suggest, validate_tree
from .locking import key_for, refuse_read_only, repository_lock, write_back
from .paths import agreement_file, rel
from .yamltext import Flow, YamlText, is_empty, to_plain

AGREEMENT_ORDER = list(Acuerdo.model_fields)
PROGRESS_ORDER = list(Avance.model_fields)
SUB_ORDER = list(AvanceSubactividad.model_fields)
ANSWER_ORDER = ["cumple", "observaciones"]
SCALE = ", ".join(f"{n} ({NIVELES[n]})" for n in sorted(NIVELES))


@dataclass
class EditOutcome:
    path: Path
    rel: str
    changed: bool
    summary: str  # Spanish: what the file now says
    #: Spanish, when nothing was to be done: the whole sentence to show instead of «ya decía …».
    nothing: Optional[str] = None


# --- arguments -------------------------------------------------------------------


def parse_month(text: str) -> Month:
    return Month.argument(text, f"«{text}»")


def parse_level(text: str) -> int:
    value = text.strip().rstrip("%").strip()
    if not value.lstrip("-").isdigit() or int(value) not in NIVELES:
        raise CoprodError(f"el nivel «{text}» no está en la escala de cinco niveles del protocolo: {SCALE}")
    return int(value)


def parse_criterion(text: str) -> Criterion:
    value = text.strip().lower()
    if value.isdigit():
        n = int(value)
        if 1 <= n <= len(CRITERIA):
            return CRITERIA[n - 1]
        raise CoprodError(f"no existe el criterio {n}: los criterios van del 1 al {len(CRITERIA)}")
    if value in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[value]
    raise CoprodError(
        f"criterio desconocido «{text}»{suggest(value, CRITERION_KEYS)}; use un número del 1 al 14 o una clave: "
        + ", ".join(CRITERION_KEYS)
    )


def parse_answer(text: str) -> str:
    word = answer_word(text)
    if word is None:
        raise CoprodError(f"la respuesta debe ser «si» o «no», no «{text}»")
    return word


def _note(note: Optional[str]) -> Optional[str]:
    if note is None:
        return None
    note = note.strip()
    from ..render.safe import has_control

    if has_control(note.replace("\r\n", "\n")):
        # Why: an escape sequence in a note would be obeyed by the next terminal that shows it.
        raise CoprodError("la nota (--note) tiene caracteres de control")
    return note or None


#: Between an earlier note and one added after it: «Texto anterior — 2015-10-05: texto nuevo».
NOTE_JOINER = " — "


def merged_note(old: Any, new: Optional[str], replace: bool, today: Optional[dt.date] = None) -> Optional[str]:
    """The note to write when ``new`` is given where ``old`` is recorded.

    An earlier note is never lost silently: the new one is added after it,
    with the date it was added (``--replace-note`` replaces it instead).
    Writing the same note again changes nothing. None: nothing to write.
    """
    if new is None:
        return None
    before = old.strip() if isinstance(old, str) else ""
    if replace or not before:
        return new
    if before == new or before.endswith(f": {new}"):
        return before  # already there (the same command run twice)
    return f"{before}{NOTE_JOINER}{(today or dt.date.today()).isoformat()}: {new}"


# --- loading ------------------------------------------------------------------------


@dataclass
class _Loaded:
    path: Path
    rel: str
    raw: bytes  # the bytes read, parsed and compared again before the rename
    doc: YamlText
    model: Acuerdo


def _load(root: Path, path: Path) -> _Loaded:
    """Read the agreement once (call with its lock held)."""
    name = rel(root, path)
    refuse_read_only(path, name)
    raw, problem = read_bounded(path, MAX_FILE_BYTES)
    src = text_source(path, name, (raw, problem))
    src.data  # parse now
    if src.problems or raw is None:
        p = src.problems[0]
        raise CoprodError(f"«{name}» no se puede leer (línea {p.line}: {p.message}); corríjalo antes. No se cambió nada.")
    model, problems = validate_tree(Acuerdo, src.data)
    if model is None or problems:
        p = problems[0]
        line, _ = src.locate(p.path, p.target)
        raise CoprodError(
            f"«{name}» tiene errores (línea {line}: {p.message}); corríjalos antes "
            f"(vea «coprod validate»). No se cambió nada."
        )
    return _Loaded(path, name, raw, YamlText(raw, name), model)


@contextmanager
def _editing(root: Path, ident: str) -> Iterator[_Loaded]:
    """The agreement, read under its lock; the lock is held until the block ends (after the write)."""
    path = agreement_file(root, ident)
    with repository_lock(root, key_for(root, path), rel(root, path)):
        yield _load(root, path)


def _write(loaded: _Loaded, expected: Any) -> bool:
    data = loaded.doc.result(expected)
    if data is None:
        return False
    model, problems = validate_tree(Acuerdo, YamlText(data, loaded.rel).data)
    if model is None or problems:  # pragma: no cover - the checks above make this unreachable
        raise CoprodError(f"la edición dejaría «{loaded.rel}» con errores; no se cambió nada")
    write_back(loaded.path, loaded.rel, data, loaded.raw)
    return True


def _month_of(entry: Any) -> Optional[Month]:
    try:
        return Month.parse(str(entry.get("mes")).strip()) if isinstance(entry, dict) else None
    except ValueError:
        return None


def _item_style(siblings: list[Node], item: dict[str, Any]) -> dict[str, Any]:
    """Write a new mapping on one line when its siblings are written that way."""
    if siblings and all(isinstance(s, MappingNode) and s.flow_style for s in siblings):
        return Flow(item)
    return item


# --- progress (section 6) --------------------------------------------------------------


def set_progress(
    root: Path,
    ident: str,
    month_text: str,
    level_text: str,
    subactivity: Optional[int] = None,
    note: Optional[str] = None,
    replace_note: bool = False,
) -> EditOutcome:
    level = parse_level(level_text)
    month = parse_month(month_text)
    note = _note(note)
    with _editing(root, ident) as loaded:
        return _set_progress(loaded, month, level, subactivity, note, replace_note)


def _set_progress(
    loaded: _Loaded, month: Month, level: int, subactivity: Optional[int], note: Optional[str], replace_note: bool = False
) -> EditOutcome:
    a, doc = loaded.model, loaded.doc
    schedule = {m.mes: m for m in a.cronograma.meses} if a.cronograma else {}
    if not schedule:
        raise CoprodError(
            f"el acuerdo «{a.id}» no tiene cronograma (sección 5): agregue sus meses en «cronograma.meses» "
            "antes de registrar avance"
        )
    if month not in schedule:
        months = sorted(schedule)
        listed = ", ".join(str(m) for m in months) if len(months) <= 6 else f"{months[0]} a {months[-1]}"
        raise CoprodError(f"el mes {month} no está en el cronograma del acuerdo «{a.id}» (meses: {listed})")
    if subactivity is not None:
        count = len(schedule[month].actividades)
        if count == 0:
            raise CoprodError(
                f"el cronograma de {month} no tiene subactividades; registre el nivel del mes completo (sin --subactivity)"
            )
        if not 1 <= subactivity <= count:
            raise CoprodError(
                f"el cronograma de {month} tiene {count} subactividad(es): use --subactivity entre 1 y {count}"
            )

    expected = to_plain(doc.data)
    plain_list = expected.get("avance") or []
    expected["avance"] = plain_list
    found = next((i for i, e in enumerate(plain_list) if _month_of(e) == month), None)
    pair = doc.pair(doc.root, "avance")
    seq = pair[1] if pair else None

    if found is None:
        entry: dict[str, Any] = {"mes": str(month)}
        if subactivity is None:
            entry["nivel"] = level
        else:
            sub: dict[str, Any] = {"subactividad": subactivity, "nivel": level}
            if note:
                sub["nota"] = note
            entry["subactividades"] = [sub]
        if note and subactivity is None:
            entry["nota"] = note
        index = next((i for i, e in enumerate(plain_list) if (_month_of(e) or month) > month), len(plain_list))
        plain_list.insert(index, copy.deepcopy(entry))
        if pair is None:
            doc.insert_keys(doc.root, {"avance": [entry]}, AGREEMENT_ORDER)
        elif is_empty(seq):
            doc.set_value(pair[0], pair[1], [entry], pair[0].start_mark.column)
        elif isinstance(seq, SequenceNode):
            doc.insert_item(seq, index, _item_style(seq.value, entry))
        else:  # pragma: no cover - the model already refused this shape
            raise CoprodError(f"«avance» en «{loaded.rel}» no es una lista")
    else:
        assert isinstance(seq, SequenceNode)
        node = seq.value[found]
        plain = plain_list[found]
        if not isinstance(node, MappingNode):  # pragma: no cover - the model refused this
            raise CoprodError(f"el avance de {month} en «{loaded.rel}» no es un mapeo")
        if subactivity is None:
            if plain.get("subactividades"):
                raise CoprodError(
                    f"el avance de {month} está registrado por subactividad; use --subactivity N "
                    "(un mes no puede tener las dos formas, regla CP210)"
                )
            updates: dict[str, Any] = {"nivel": level}
            if note:
                note = updates["nota"] = merged_note(plain.get("nota"), note, replace_note)
            plain.update(updates)
            doc.put_many(node, updates, PROGRESS_ORDER)
        else:
            if plain.get("nivel") is not None:
                raise CoprodError(
                    f"el avance de {month} tiene un nivel para el mes completo ({plain['nivel']}); "
                    "no se puede mezclar con niveles por subactividad (regla CP210). "
                    "Registre el mes sin --subactivity o cambie el archivo a mano."
                )
            subs = plain.get("subactividades") or []
            plain["subactividades"] = subs
            at = next((i for i, s in enumerate(subs) if isinstance(s, dict) and s.get("subactividad") == subactivity), None)
            sub_pair = doc.pair(node, "subactividades")
            if at is not None:
                updates = {"nivel": level}
                if note:
                    note = updates["nota"] = merged_note(subs[at].get("nota"), note, replace_note)
                subs[at].update(updates)
                assert sub_pair is not None and isinstance(sub_pair[1], SequenceNode)
                doc.put_many(sub_pair[1].value[at], updates, SUB_ORDER)
            else:
                sub = {"subactividad": subactivity, "nivel": level}
                if note:
                    sub["nota"] = note
                index = next(
                    (i for i, s in enumerate(subs) if isinstance(s, dict) and int(s.get("subactividad", 0)) > subactivity),
                    len(subs),
                )
                subs.insert(index, dict(sub))
                if sub_pair is None:
                    doc.insert_keys(node, {"subactividades": [sub]}, PROGRESS_ORDER)
                elif is_empty(sub_pair[1]):
                    doc.set_value(sub_pair[0], sub_pair[1], [sub], sub_pair[0].start_mark.column)
                else:
                    assert isinstance(sub_pair[1], SequenceNode)
                    doc.insert_item(sub_pair[1], index, _item_style(sub_pair[1].value, sub))

    changed = _write(loaded, expected)
    what = f"subactividad {subactivity} de {month}" if subactivity is not None else str(month)
    summary = f"avance de {what}: {level} % ({NIVELES[level]})" + (f"; nota: {note}" if note else "")
    return EditOutcome(loaded.path, loaded.rel, changed, summary)


def unset_progress(root: Path, ident: str, month_text: str, subactivity: Optional[int] = None) -> EditOutcome:
    """Remove a month's recorded level (or one sub-activity's): a level recorded by mistake.

    The month's entry goes with its note; a sub-activity's item goes with its
    note, and the month's entry too when it was the last one. Every other byte
    stays; the same lock, compare-and-swap and atomic write as ``set_progress``.
    """
    month = parse_month(month_text)
    with _editing(root, ident) as loaded:
        return _unset_progress(loaded, month, subactivity)


def _unset_progress(loaded: _Loaded, month: Month, subactivity: Optional[int]) -> EditOutcome:
    a, doc = loaded.model, loaded.doc
    what = f"subactividad {subactivity} de {month}" if subactivity is not None else str(month)
    expected = to_plain(doc.data)
    plain_list = expected.get("avance") or []
    found = [i for i, e in enumerate(plain_list) if _month_of(e) == month]
    if not found:
        recorded = sorted({str(e.mes) for e in a.avance})
        listed = f" (tiene avance de: {', '.join(recorded)})" if recorded else " (no tiene ningún avance registrado)"
        return EditOutcome(loaded.path, loaded.rel, False, "", f"«{loaded.rel}» no tenía avance de {what}{listed}")
    if len(found) > 1:
        raise CoprodError(
            f"el avance de {month} aparece {len(found)} veces en «{loaded.rel}» (regla CP209); "
            "deje una sola entrada a mano antes de quitarla. No se cambió nada."
        )
    index = found[0]
    pair = doc.pair(doc.root, "avance")
    assert pair is not None and isinstance(pair[1], SequenceNode)
    key, seq = pair
    entry = plain_list[index]
    subs = entry.get("subactividades") or []
    if subactivity is None:
        if subs:
            numbers = ", ".join(str(x.get("subactividad")) for x in subs if isinstance(x, dict))
            raise CoprodError(
                f"el avance de {month} está registrado por subactividad ({numbers}); quite cada una con "
                "--subactivity N. No se cambió nada."
            )
        old = entry.get("nivel")
        del plain_list[index]
        doc.remove_item(key, seq, index)
    else:
        at = next((i for i, x in enumerate(subs) if isinstance(x, dict) and x.get("subactividad") == subactivity), None)
        if at is None:
            if entry.get("nivel") is not None:
                raise CoprodError(
                    f"el avance de {month} tiene un nivel para el mes completo ({entry['nivel']}), no por subactividad; "
                    "quítelo sin --subactivity. No se cambió nada."
                )
            return EditOutcome(loaded.path, loaded.rel, False, "", f"«{loaded.rel}» no tenía avance de {what}")
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
    changed = _write(loaded, expected)
    label = f"{old} %, {NIVELES[old]}" if old in NIVELES else ("sin nivel" if old is None else f"«{old}»")
    return EditOutcome(loaded.path, loaded.rel, changed, f"se quitó el avance de {what} (tenía {label})")


# --- monitoring (section 7) ---------------------------------------------------------------


def _same_answer(node: Optional[Node], answer: str) -> bool:
    if not isinstance(node, ScalarNode):
        return False
    value: Any = str(node.value).strip().lower()
    if node.style is None:  # a plain scalar: read as YAML 1.1 would
        value = {"true": True, "yes": True, "on": True, "false": False, "off": False}.get(value, value)
    return answer_word(value) == answer


def set_monitoring(
    root: Path, ident: str, criterion_text: str, answer_text: str, note: Optional[str] = None, replace_note: bool = False
) -> EditOutcome:
    criterion = parse_criterion(criterion_text)
    answer = parse_answer(answer_text)
    note = _note(note)
    with _editing(root, ident) as loaded:
        return _set_monitoring(loaded, criterion, answer, note, replace_note)


def _set_monitoring(loaded: _Loaded, criterion: Criterion, answer: str, note: Optional[str], replace_note: bool = False) -> EditOutcome:
    a, doc = loaded.model, loaded.doc
    if answer == "si" and not content_met(a)[criterion.key]:
        raise CoprodError(
            f"no se puede marcar «sí» en el criterio {criterion.number} ({criterion.text}): el acuerdo no tiene "
            f"ese contenido ({', '.join(criterion.fields)}). Complete el acuerdo o responda «no» con una "
            "observación (regla CP206)."
        )
    written = "sí" if answer == "si" else "no"
    entry: dict[str, Any] = {"cumple": written}
    if note:
        entry["observaciones"] = note

    expected = to_plain(doc.data)
    plain_mon = expected.get("monitoreo")
    if not isinstance(plain_mon, dict):
        plain_mon = {}
        expected["monitoreo"] = plain_mon
    pair = doc.pair(doc.root, "monitoreo")
    key = criterion.key
    if pair is None:
        plain_mon[key] = dict(entry)
        doc.insert_keys(doc.root, {"monitoreo": {key: Flow(entry)}}, AGREEMENT_ORDER)
    elif is_empty(pair[1]):
        plain_mon[key] = dict(entry)
        doc.set_value(pair[0], pair[1], {key: Flow(entry)}, pair[0].start_mark.column)
    else:
        mon = pair[1]
        assert isinstance(mon, MappingNode)
        cpair = doc.pair(mon, key)
        if cpair is None:
            plain_mon[key] = dict(entry)
            siblings = [v for _, v in mon.value]
            doc.insert_keys(mon, {key: Flow(entry) if not siblings else _item_style(siblings, entry)}, CRITERION_KEYS)
        elif is_empty(cpair[1]):
            plain_mon[key] = dict(entry)
            doc.set_value(cpair[0], cpair[1], Flow(entry), cpair[0].start_mark.column)
        else:
            node = cpair[1]
            assert isinstance(node, MappingNode)
            current = plain_mon[key]
            updates: dict[str, Any] = {}
            old = doc.pair(node, "cumple")
            if not (old and _same_answer(old[1], answer)):
                updates["cumple"] = written
            if note:
                note = merged_note(current.get("observaciones"), note, replace_note)
                if note != current.get("observaciones"):
                    updates["observaciones"] = note
            current.update(updates)
            if updates:
                doc.put_many(node, updates, ANSWER_ORDER)

    changed = _write(loaded, expected)
    summary = f"criterio {criterion.number} ({criterion.text}): {written}" + (f"; observaciones: {note}" if note else "")
    return EditOutcome(loaded.path, loaded.rel, changed, summary)
