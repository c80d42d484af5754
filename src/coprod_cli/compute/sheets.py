"""The tables of the spreadsheet round trip (`coprod export xlsx|csv`, `coprod
import xlsx|csv`): which rows and columns a workbook holds, and the value of
every cell as the repository records it. render/xlsx.py and
render/csv_tables.py write them; load/workbook.py reads a filled-in workbook
back and pipeline/importing.py compares it with a fresh ``build_book``.

Why one table for both directions: a cell the import compares must hold
exactly what the export wrote, so export and import build the same ``Book``.
The value shown is the value recorded, as the figures read it (the first
entry of a month recorded twice, model/records.py), and a value that no
figure can use is shown as written: a level of 60 shows 60, never an empty
cell (an invalid value is invalid, not missing).

Rows carry a stable hidden key (``_clave``), so a workbook re-sorted or
re-saved by another program still matches its rows. No person's name, e-mail
or phone is ever in a table: a workbook travels by e-mail and WhatsApp.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..load.repository import Document, Repository
from ..model import labels
from ..model.criteria import CRITERIA
from ..model.models import Acuerdo, MapaActores, MesCronograma, Sesion
from ..model.personal import scrub_text
from ..model.records import commitments, first_entries, first_subentries
from ..model.sessions import convened, held_by
from ..model.types import NIVELES, Month

#: Written in the hidden ``_coprod`` sheet, checked on import.
FORMAT = "coprod-hojas-1"
LEVELS: tuple[int, ...] = tuple(sorted(NIVELES))
ANSWERS = ("Sí", "No")
STATES = ("titular", "suplente", "ausente", "justificada")

AVANCE, MONITOREO, ASISTENCIA, ACUERDOS, ACTORES = "Avance", "Monitoreo", "Asistencia", "Acuerdos", "Actores"
#: The header of the hidden key column (column A of every editable sheet).
KEY_HEADER = "_clave"


@dataclass(frozen=True)
class Column:
    key: str  # stable id: "clave", "acuerdo", "mes", "nivel", "nota", "c01", "c01_obs", "estado"…
    header: str  # the Spanish header written in row 1
    editable: bool
    kind: str  # "key" | "text" | "int" | "date" | "month" | "level" | "answer" | "state"
    width: int = 14  # column width hint for xlsx


@dataclass(frozen=True)
class Row:
    key: str  # the hidden row id
    file: str  # POSIX path of the source file, relative to the repository root
    values: dict[str, Any]  # column key -> int | str | datetime.date | None (None: empty cell)
    overdue: bool = False  # Avance: a past month with no valid level recorded (highlighted)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    editable: bool  # Acuerdos and Actores: False (protected in xlsx)


@dataclass(frozen=True)
class Book:
    sheets: tuple[Sheet, ...]
    files: tuple[str, ...]  # every source file the editable rows come from (sorted)
    as_of: Month
    session: str | None  # the Asistencia session's file stem, when there is one
    canton: str = ""  # the canton's name (canton.yaml), for the ``_coprod`` sheet

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


_KEY = Column("clave", KEY_HEADER, False, "key", 12)
_AGREEMENT = Column("acuerdo", "Acuerdo", False, "text", 30)
_TITLE = Column("titulo", "Título", False, "text", 40)

_COLUMNS: dict[str, tuple[Column, ...]] = {
    AVANCE: (
        _KEY,
        _AGREEMENT,
        _TITLE,
        Column("mes", "Mes", False, "month", 10),
        Column("subactividad", "Subactividad", False, "int", 13),
        Column("compromiso", "Compromiso", False, "text", 50),
        Column("responsable", "Responsable", False, "text", 24),
        Column("nivel", "Nivel (%)", True, "level", 11),
        Column("nota", "Nota", True, "text", 45),
    ),
    MONITOREO: (
        _KEY,
        _AGREEMENT,
        _TITLE,
        *(
            col
            for c in CRITERIA
            for col in (
                Column(f"c{c.number:02d}", f"{c.number}. {c.text}", True, "answer", 14),
                Column(f"c{c.number:02d}_obs", f"Observaciones {c.number}", True, "text", 30),
            )
        ),
    ),
    ASISTENCIA: (
        _KEY,
        Column("sesion", "Sesión", False, "date", 12),
        Column("actor", "Actor", False, "text", 24),
        Column("nombre_actor", "Institución u organización", False, "text", 40),
        Column("sector", "Sector", False, "text", 18),
        Column("estado", "Asistencia", True, "state", 14),
        Column("nota", "Nota", True, "text", 40),
    ),
    ACUERDOS: (
        Column("acuerdo", "Acuerdo", False, "text", 30),
        Column("titulo", "Título", False, "text", 45),
        Column("estado", "Estado", False, "text", 14),
        Column("forma", "Forma", False, "text", 22),
        Column("encargado", "Actor encargado", False, "text", 28),
        Column("colaboradores", "Actores colaboradores", False, "text", 32),
        Column("inicio", "Inicio", False, "month", 10),
        Column("fin", "Fin", False, "month", 10),
        Column("fecha_firma", "Fecha de firma", False, "date", 13),
        Column("plan_anual", "Plan anual", False, "int", 10),
        Column("archivo", "Archivo", False, "text", 40),
    ),
    ACTORES: (
        Column("actor", "Actor", False, "text", 24),
        Column("nombre", "Nombre", False, "text", 45),
        Column("siglas", "Siglas", False, "text", 12),
        Column("sector", "Sector", False, "text", 18),
        Column("nivel", "Nivel", False, "text", 12),
        Column("espacios", "Espacios", False, "text", 30),
        Column("temas", "Temas", False, "text", 30),
    ),
}

#: Criterion number -> the criterion's key under ``monitoreo:``.
CRITERION_OF_COLUMN: dict[str, str] = {f"c{c.number:02d}": c.key for c in CRITERIA}


def columns_of(sheet_name: str) -> tuple[Column, ...]:
    """The fixed columns of a sheet (``KeyError`` for a name that is not one)."""
    return _COLUMNS[sheet_name]


def normalise_header(text: str) -> str:
    """A header as readers compare it: NFC, case-folded, inner spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def header_index(sheet_name: str) -> dict[str, str]:
    """Normalised header text -> column key, for readers (the key itself is
    accepted as a header too: ``nivel``, ``c01``)."""
    out: dict[str, str] = {}
    for col in columns_of(sheet_name):
        out.setdefault(normalise_header(col.key), col.key)
        out[normalise_header(col.header)] = col.key
    return out


def _actor_name(actors: MapaActores | None, actor_id: str) -> str:
    if actors is not None:
        for a in actors.actores:
            if a.id == actor_id:
                return scrub_text(f"{a.siglas} ({a.nombre})" if a.siglas else a.nombre) or actor_id
    return actor_id


def _responsible(a: Acuerdo, month: MesCronograma | None, sub: int | None, names: dict[str, str]) -> str:
    if month is not None and sub is not None and 0 < sub <= len(month.actividades):
        ids = month.actividades[sub - 1].instituciones
        if ids:
            return ", ".join(names.get(i, i) for i in ids)
    lead = a.actividad.actor_encargado
    return names.get(lead, lead)


def _recorded(a: Acuerdo, as_of: Month, month: Month, sub: int | None) -> tuple[int | None, str | None]:
    """The level and note recorded for a commitment as written (the first entry
    of the month; an off-scale level as is), as of ``as_of``."""
    av = first_entries(a, as_of).get(month)
    if av is None:
        return None, None
    if sub is None:
        return av.nivel, av.nota
    s = first_subentries(av).get(sub)
    return (s.nivel, s.nota) if s is not None else (None, None)


def _progress_rows(rel: str, a: Acuerdo, as_of: Month, names: dict[str, str]) -> Iterator[Row]:
    schedule: dict[Month, MesCronograma] = {}
    for m in a.cronograma.meses if a.cronograma else []:
        schedule.setdefault(m.mes, m)
    seen: set[str] = set()
    for c in commitments(a, as_of):
        key = f"{rel}#{c.month}" if c.subactivity is None else f"{rel}#{c.month}#{c.subactivity}"
        if c.month > as_of or key in seen:
            continue  # a future month is not a row; a month scheduled twice (CP209) is one row
        seen.add(key)
        level, note = _recorded(a, as_of, c.month, c.subactivity)
        values = {
            "clave": key,
            "acuerdo": a.id,
            "titulo": a.titulo,
            "mes": str(c.month),
            "subactividad": c.subactivity,
            "compromiso": c.description,
            "responsable": _responsible(a, schedule.get(c.month), c.subactivity, names),
            "nivel": level,
            "nota": note,
        }
        yield Row(key, rel, values, overdue=c.month < as_of and c.level is None)


def _answer(value: Any) -> str | None:
    if value is None:
        return None
    return ANSWERS[0] if value.cumple == "si" else ANSWERS[1]


def _monitoring_row(rel: str, a: Acuerdo) -> Row:
    values: dict[str, Any] = {"clave": rel, "acuerdo": a.id, "titulo": a.titulo}
    for c in CRITERIA:
        entry = getattr(a.monitoreo, c.key) if a.monitoreo is not None else None
        values[f"c{c.number:02d}"] = _answer(entry)
        values[f"c{c.number:02d}_obs"] = entry.observaciones if entry is not None else None
    return Row(rel, rel, values)


def attendance_session(repo: Repository, as_of: Month) -> tuple[Document[Sesion], Sesion] | None:
    """The session whose attendance the workbook asks for: the last council
    session held as of ``as_of``; when there is none, the last session of any body."""
    held = [(d, s) for d, s in repo.valid_sessions() if held_by(s, as_of)]
    council = [(d, s) for d, s in held if s.instancia == "consejo"]
    chosen = council or held
    return chosen[-1] if chosen else None


def _attendance_rows(repo: Repository, doc: Document[Sesion], s: Sesion) -> Iterator[Row]:
    actors = repo.actor_map
    by_id = {a.id: a for a in actors.actores} if actors is not None else {}
    listed: dict[str, tuple[str | None, str | None]] = {}
    for entry in s.asistencia:
        listed.setdefault(entry.actor, (entry.estado, entry.nota))
    plans = [p for _, p in repo.valid_plans()]
    for actor_id in [*listed, *(i for i in convened(repo.manifest, actors, plans, s) if i not in listed)]:
        state, note = listed.get(actor_id, (None, None))
        known = by_id.get(actor_id)
        key = f"{doc.rel}#{actor_id}"
        values = {
            "clave": key,
            "sesion": s.fecha,
            "actor": actor_id,
            "nombre_actor": _actor_name(actors, actor_id) if known is not None else None,
            "sector": labels.SECTOR[known.sector] if known is not None else None,
            "estado": state,
            "nota": note,
        }
        yield Row(key, doc.rel, values)


def _summary_row(rel: str, a: Acuerdo, names: dict[str, str]) -> Row:
    act = a.actividad
    values: dict[str, Any] = {
        "acuerdo": a.id,
        "titulo": a.titulo,
        "estado": labels.ESTADO[a.estado],
        "forma": labels.FORMA[a.forma] if a.forma else None,
        "encargado": names.get(act.actor_encargado, act.actor_encargado),
        "colaboradores": ", ".join(names.get(i, i) for i in act.actores_colaboradores) or None,
        "inicio": str(act.plazo.inicio) if act.plazo else None,
        "fin": str(act.plazo.fin) if act.plazo else None,
        "fecha_firma": a.fecha_firma,
        "plan_anual": a.plan_anual,
        "archivo": rel,
    }
    return Row(rel, rel, values)


def _actor_rows(repo: Repository) -> Iterator[Row]:
    doc = repo.actores
    actors = repo.actor_map
    if doc is None or actors is None:
        return
    for a in actors.actores:
        values: dict[str, Any] = {
            "actor": a.id,
            "nombre": scrub_text(a.nombre),
            "siglas": a.siglas,
            "sector": labels.SECTOR[a.sector],
            "nivel": labels.NIVEL_ACTOR[a.nivel],
            "espacios": scrub_text(", ".join(a.espacios)) or None,
            "temas": scrub_text(", ".join(a.temas)) or None,
        }
        yield Row(f"{doc.rel}#{a.id}", doc.rel, values)


def _sheet(name: str, rows: Sequence[Row], editable: bool) -> Sheet:
    return Sheet(name, columns_of(name), tuple(rows), editable)


def build_book(repo: Repository, as_of: Month, only: Sequence[str] | None = None) -> Book:
    """Every table of the workbook as of ``as_of``: the agreements that loaded
    (only those whose id is in ``only``, when given), by file."""
    actors = repo.actor_map
    names = {a.id: _actor_name(actors, a.id) for a in actors.actores} if actors is not None else {}
    wanted = set(only) if only else None
    agreements = sorted(
        ((d.rel, a) for d, a in repo.valid_agreements() if wanted is None or a.id in wanted),
        key=lambda pair: pair[0],
    )
    progress = [row for rel, a in agreements for row in _progress_rows(rel, a, as_of, names)]
    sheets = [_sheet(AVANCE, progress, True), _sheet(MONITOREO, [_monitoring_row(rel, a) for rel, a in agreements], True)]
    files = {rel for rel, _ in agreements}
    session = attendance_session(repo, as_of)
    if session is not None:
        sheets.append(_sheet(ASISTENCIA, list(_attendance_rows(repo, *session)), True))
        files.add(session[0].rel)
    sheets.append(_sheet(ACUERDOS, [_summary_row(rel, a, names) for rel, a in agreements], False))
    sheets.append(_sheet(ACTORES, list(_actor_rows(repo)), False))
    manifest = repo.manifest
    canton = manifest.canton if manifest is not None else repo.root.name
    stem = session[0].source.path.stem if session is not None else None
    return Book(tuple(sheets), tuple(sorted(files)), as_of, stem, canton)


__all__ = [
    "ACTORES",
    "ACUERDOS",
    "ANSWERS",
    "ASISTENCIA",
    "AVANCE",
    "CRITERION_OF_COLUMN",
    "FORMAT",
    "KEY_HEADER",
    "LEVELS",
    "MONITOREO",
    "STATES",
    "Book",
    "Column",
    "Row",
    "Sheet",
    "attendance_session",
    "build_book",
    "columns_of",
    "header_index",
    "normalise_header",
]
