"""Record or remove a measurement of an annual plan's indicator
(`coprod indicator set|unset`), changing only the entry concerned: the same
lock, read-once, compare-and-swap and atomic write as `progress set`
(edit/document.py), in `planes/AAAA.yaml`.

Refused, without touching the file, what the rules would report as an
error: a value that is not a finite number (CP405), a date already measured
twice (CP408). A measurement of a date already recorded is replaced (its
note merged, as `progress set` does); a new one goes in date order.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import CoprodError
from ..lang import _
from ..load.repository import PLANS_DIR, YAML_SUFFIXES
from ..load.survey import inside
from ..model.plan import Indicador, Medicion, PlanAnual
from ..model.types import ambiguous_number
from ..model.validate import suggest
from ..render.safe import has_control
from .arguments import clean_note, merged_note
from .document import Change, EditOutcome, Loaded, edited, editing_file, item_style, write_edited, written
from .paths import checked_target
from .sessionfile import parse_date
from .yamltext import YamlText, is_empty, to_plain, yaml_scalar

INDICATOR_ORDER = list(Indicador.model_fields)
MEASUREMENT_ORDER = list(Medicion.model_fields)
#: The largest magnitude accepted from the command line: beyond it a figure is a typing slip, not a measurement.
MAX_VALUE = 1e12
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def parse_value(text: str, shown: str | None = None) -> int | float:
    """A measured value as a person types it: «120», «12.4» or «12,4»; never NaN, infinity or a text.

    ``shown`` names the value in the message (default «--value TEXTO»; a form names its field)."""
    shown = shown or _("«{value}»").format(value=f"--value {text}")
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(value):
        raise CoprodError(_("{shown}: se esperaba un número, como 120 o 12.4 (sin unidad ni signo de porcentaje)").format(shown=shown))
    if ambiguous_number(value):
        raise CoprodError(
            _("{shown} es ambiguo: ¿mil y algo, o un número con tres decimales? Escriba la cifra sin separador de miles (1500), o con otra cantidad de decimales (1.5)").format(shown=shown)
        )
    number = float(value.replace(",", "."))
    if abs(number) > MAX_VALUE:
        raise CoprodError(_("{shown}: el número es demasiado grande para una medición (más de un billón); revíselo").format(shown=shown))
    return int(number) if number.is_integer() and "." not in value and "," not in value else number


def _clean_text(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    if has_control(text.replace("\r\n", "\n")) or "\n" in text:
        raise CoprodError(_("el texto de {option} tiene saltos de línea o caracteres de control").format(option=option))
    return text.strip() or None


def plan_file(root: Path, text: str) -> Path:
    """The file of the plan of year ``text`` (``2015``): ``planes/2015.yaml``."""
    year = text.strip()
    folder = root / PLANS_DIR
    if not year.isdigit() or len(year) != 4:
        raise CoprodError(_("«{text}» no es el año de un plan anual: escriba el año, por ejemplo 2015").format(text=text))
    if folder.is_symlink() and not inside(root, folder):
        raise CoprodError(_("la carpeta «{plans_dir}» es un enlace que apunta fuera del repositorio; no se escribe en ella").format(plans_dir=PLANS_DIR))
    for suffix in YAML_SUFFIXES:
        path = folder / f"{year}{suffix}"
        if path.exists() or path.is_symlink():
            return checked_target(root, path)
    years = sorted(p.stem for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith(".")) if folder.is_dir() else []
    listed = _("; los planes son: {items}").format(items=', '.join(years)) if years else _("; cree uno con «coprod new plan»")
    raise CoprodError(_("no existe el plan anual {year} («{plans_dir}/{year}.yaml»){listed}").format(year=year, plans_dir=PLANS_DIR, listed=listed))


@contextmanager
def editing_plan(root: Path, year: str) -> Iterator[Loaded[PlanAnual]]:
    """The plan, read under its lock; the lock is held until the block ends (after the write)."""
    with editing_file(root, plan_file(root, year), PlanAnual) as loaded:
        yield loaded


def _find(loaded: Loaded[PlanAnual], ident: str) -> int:
    """The position of the indicator ``ident`` in the plan, with «¿quiso decir…?» when it does not exist."""
    ids = [i.id for i in loaded.model.indicadores]
    if ident in ids:
        if ids.count(ident) > 1:
            raise CoprodError(_("el id de indicador «{ident}» está repetido en «{rel}» (regla CP506); corríjalo antes. No se cambió nada.").format(ident=ident, rel=loaded.rel))
        return ids.index(ident)
    known = [i for i in ids if i]
    if not known:
        raise CoprodError(_("«{rel}» no tiene indicadores con «id»; agregue el «id» del indicador (regla CP403)").format(rel=loaded.rel))
    starts = [k for k in known if k.startswith(ident)]
    hint = _("; ¿quiso decir «{starts}»?").format(starts=starts[0]) if len(starts) == 1 else suggest(ident, known)
    hint = hint or _("; los indicadores son: {items}{value}").format(items=', '.join(known[:8]), value=', …' if len(known) > 8 else '')
    raise CoprodError(_("no existe el indicador «{ident}» en «{rel}»{hint}").format(ident=ident, rel=loaded.rel, hint=hint))


def _date_of(entry: Any) -> dt.date | None:
    value = entry.get("fecha") if isinstance(entry, dict) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _node(doc: YamlText, position: int) -> MappingNode:
    pair = doc.pair(doc.root, "indicadores")
    assert pair is not None and isinstance(pair[1], SequenceNode)
    node = pair[1].value[position]
    if not isinstance(node, MappingNode):  # pragma: no cover - the model refused this shape
        raise CoprodError(_("un indicador de «{name}» no es un mapeo").format(name=doc.name))
    return node


def _shown(value: Any) -> str:
    """A value as the summary line shows it: «12,5» (the decimal comma of the canton's reports)."""
    return yaml_scalar(value).replace(".", ",") if isinstance(value, float) else str(value)


# --- indicator set ----------------------------------------------------------------------------


def set_measurement(
    root: Path, year: str, ident: str, date_text: str, value_text: str,
    source: str | None = None, note: str | None = None, replace_note: bool = False,
) -> EditOutcome:  # fmt: skip
    """Record the value of indicator ``ident`` measured on a day, in the plan of ``year``."""
    day = parse_date(date_text, _("«{value}»").format(value=f"--date {date_text}"))
    value = parse_value(value_text)
    source = _clean_text(source, "--source")
    note = clean_note(note)
    with editing_plan(root, year) as loaded:
        return written(loaded, measurement_change(loaded, ident, day, value, source, note, replace_note))


def measurement_change(
    loaded: Loaded[PlanAnual], ident: str, day: dt.date, value: int | float, source: str | None, note: str | None, replace_note: bool = False,
) -> Change[PlanAnual]:  # fmt: skip
    """`indicator set` in memory: the measurement of ``day`` replaced, or inserted in date order."""
    position, doc = _find(loaded, ident), loaded.doc
    expected = to_plain(doc.data)
    plain = expected["indicadores"][position]
    ms = plain.get("mediciones") or []
    plain["mediciones"] = ms
    found = [i for i, e in enumerate(ms) if _date_of(e) == day]
    if len(found) > 1:
        raise CoprodError(_("el indicador «{ident}» ya tiene {n} mediciones del {day} (regla CP408); deje una sola a mano antes. No se cambió nada.").format(ident=ident, n=len(found), day=day))
    node = _node(doc, position)
    pair = doc.pair(node, "mediciones")
    if found:
        updates: dict[str, Any] = {"valor": value}
        if source:
            updates["fuente"] = source
        if note:
            updates["nota"] = note = merged_note(ms[found[0]].get("nota"), note, replace_note)
        ms[found[0]].update(updates)
        assert pair is not None and isinstance(pair[1], SequenceNode)
        item = pair[1].value[found[0]]
        assert isinstance(item, MappingNode)
        doc.put_many(item, updates, MEASUREMENT_ORDER)
    else:
        entry: dict[str, Any] = {"fecha": day, "valor": value, **({"fuente": source} if source else {}), **({"nota": note} if note else {})}
        index = next((i for i, e in enumerate(ms) if (_date_of(e) or day) > day), len(ms))
        ms.insert(index, copy.deepcopy(entry))
        if pair is None:
            doc.insert_keys(node, {"mediciones": [entry]}, INDICATOR_ORDER)
        elif is_empty(pair[1]):
            doc.set_value(pair[0], pair[1], [entry], pair[0].start_mark.column)
        elif isinstance(pair[1], SequenceNode):
            doc.insert_item(pair[1], index, item_style(pair[1].value, entry))
        else:  # pragma: no cover - the model refused this shape
            raise CoprodError(_("«mediciones» del indicador «{ident}» en «{rel}» no es una lista").format(ident=ident, rel=loaded.rel))
    extra = (f"; fuente: {source}" if source else "") + (f"; nota: {note}" if note else "")
    return Change(edited(loaded, expected), _("medición del {day} del indicador «{ident}»: {value}{extra}").format(day=day, ident=ident, value=_shown(value), extra=extra))


# --- indicator unset --------------------------------------------------------------------------


def unset_measurement(root: Path, year: str, ident: str, date_text: str) -> EditOutcome:
    """Remove the measurement of ``day`` (a value recorded by mistake), with its source and note."""
    day = parse_date(date_text, _("«{value}»").format(value=f"--date {date_text}"))
    with editing_plan(root, year) as loaded:
        position, doc = _find(loaded, ident), loaded.doc
        expected = to_plain(doc.data)
        ms = expected["indicadores"][position].get("mediciones") or []
        found = [i for i, e in enumerate(ms) if _date_of(e) == day]
        if not found:
            dates = [str(_date_of(e)) for e in ms if _date_of(e)]
            listed = _(" (tiene mediciones del {items})").format(items=', '.join(dates)) if dates else _(" (no tiene ninguna medición)")
            return EditOutcome(loaded.path, loaded.rel, False, "", _("el indicador «{ident}» no tenía medición del {day}{listed}").format(ident=ident, day=day, listed=listed))
        if len(found) > 1:
            raise CoprodError(_("el indicador «{ident}» tiene {n} mediciones del {day} (regla CP408); deje una sola a mano. No se cambió nada.").format(ident=ident, n=len(found), day=day))
        pair = doc.pair(_node(doc, position), "mediciones")
        assert pair is not None and isinstance(pair[0], ScalarNode) and isinstance(pair[1], SequenceNode)
        old = ms[found[0]].get("valor")
        del ms[found[0]]
        expected["indicadores"][position]["mediciones"] = ms
        doc.remove_item(pair[0], pair[1], found[0])
        changed = write_edited(loaded, expected)
    return EditOutcome(loaded.path, loaded.rel, changed, _("se quitó la medición del {day} del indicador «{ident}» (tenía {value})").format(day=day, ident=ident, value=_shown(old)))
