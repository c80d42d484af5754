"""The open-data tables (``coprod export datos``) as records: each table's
columns with their types, its keys and its rows, taken from the figures
(``compute.figures``) and the repository **already redacted** by the caller
(``report/views/public.py: public_source``, the one place personal data is
removed). No column here reads a personal field: the tables name actors
(organisations) by id, never a person, so a value the redaction missed still
has no column to land in. The words (titles, descriptions) are render's
(``render/datapackage.py``); the serialisation too.

Values: ``str``, ``int``, ``float`` (full precision), ``bool``,
``datetime.date``, ``Month`` or None (an empty cell). Rows are in a stable
order (by key), so two exports of the same repository and month are the
same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import get_args

from .. import codes
from ..load.repository import Repository
from ..model.criteria import CRITERIA
from ..model.models import Estado, EstadoAsistencia, Indicador, PlanAnual
from ..model.records import INVALID, PENDING, REPORTED, UNREPORTED
from ..model.types import Month
from .figures import AgreementFigures, RepoFigures
from .indicators import STATUSES, IndicatorFigures, plan_indicators

#: A commitment's state as of the month (``Commitment.state``), as written in the tables.
STATES = {REPORTED: "reportado", INVALID: "invalido", UNREPORTED: "sin_reporte", PENDING: "pendiente"}
#: The types a column can have (Frictionless Table Schema).
TYPES = ("string", "integer", "number", "date", "yearmonth", "boolean")

Value = str | int | float | bool | dt.date | Month | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    enum: tuple[str, ...] = ()  # the values a column of codes can hold (empty: any)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str  # also the file name: <name>.csv
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class OpenData:
    as_of: Month
    canton: str | None
    tables: tuple[Table, ...]


def _cols(spec: str, **enums: Iterable[str]) -> tuple[Column, ...]:
    """Columns from «name:type name:type…» (type string when left out)."""
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        assert (kind or "string") in TYPES, item
        out.append(Column(name, kind or "string", tuple(enums.get(name, ()))))
    return tuple(out)


def _fk(fields: str, table: str, reference: str) -> ForeignKey:
    return ForeignKey(tuple(fields.split()), table, tuple(reference.split()))


def _ids(values: Iterable[str]) -> str | None:
    """A list of ids (slugs, never a space) in one cell, separated by spaces; None when empty."""
    unique = list(dict.fromkeys(values))
    return " ".join(unique) if unique else None


def _unique(rows: Iterable[tuple[Value, ...]]) -> tuple[tuple[Value, ...], ...]:
    """Rows without repeats, in their order (a list in a file may repeat an item)."""
    return tuple(dict.fromkeys(rows))


# -- the strategy: axes, strategic actions, territories ------------------------------


def _strategy(repo: Repository) -> list[Table]:
    manifest = repo.manifest
    axes = manifest.estrategia.ejes if manifest else []
    territories = manifest.territorios if manifest else []
    actions = sorted(((ac.numero, e.id, ac.nombre) for e in axes for ac in e.acciones), key=lambda r: r[0])
    return [
        Table("ejes", _cols("id nombre"), ("id",), (), _unique((e.id, e.nombre) for e in axes)),
        Table(
            "acciones_estrategicas", _cols("numero:integer eje nombre"), ("numero",), (_fk("eje", "ejes", "id"),), _unique(actions)
        ),
        Table(
            "territorios", _cols("id nombre tipo priorizado:boolean"), ("id",), (),
            _unique((t.id, t.nombre, t.tipo, t.priorizado) for t in territories),
        ),
    ]


def _actors(repo: Repository) -> Table:
    """The organisations of the actor map; never their titular or suplente (people)."""
    actors = sorted(repo.actor_map.actores, key=lambda a: a.id) if repo.actor_map else []
    return Table(
        "actores", _cols("id nombre siglas sector nivel territorios"), ("id",),
        (), _unique((a.id, a.nombre, a.siglas, a.sector, a.nivel, _ids(a.territorios)) for a in actors),
    )


# -- agreements, commitments, monitoring ----------------------------------------------------

AGREEMENT_COLUMNS = (
    "id archivo titulo estado forma plan_anual:integer fecha_firma:date objetivo actor_encargado eje "
    "accion_estrategica:integer territorios plazo_inicio:yearmonth plazo_fin:yearmonth cuenta_en_totales:boolean "
    "criterios_cumplidos:integer criterios_total:integer compromisos:integer compromisos_vencidos:integer "
    "reportados:integer reportados_vencidos:integer sin_reporte_vencidos:integer invalidos_vencidos:integer "
    "poco_avance:integer avance_al_dia:number avance_global:number plazo_transcurrido:number atrasado:boolean problemas"
)


def _agreement_row(f: AgreementFigures) -> tuple[Value, ...]:
    a, p, cl = f.acuerdo, f.progress, f.checklist
    cron, act = a.cronograma, a.actividad
    plazo = act.plazo
    return (
        a.id, f.rel, a.titulo, a.estado, a.forma, a.plan_anual, a.fecha_firma, a.objetivo, act.actor_encargado,
        cron.eje if cron else None, cron.accion_estrategica if cron else None,
        _ids(act.territorio.territorios) if act.territorio else None,
        plazo.inicio if plazo else None, plazo.fin if plazo else None, f.counts_in_totals,
        cl.met, cl.total, p.total, len(p.due), len(p.reported), len(p.reported_due), len(p.unreported_due),
        len(p.invalid_due), len(p.low), p.to_date, p.overall, p.term_elapsed, p.behind_schedule, _ids(p.problems),
    )


def _agreements(fig: RepoFigures) -> list[Table]:
    agreements = Table(
        "acuerdos", _cols(AGREEMENT_COLUMNS, estado=get_args(Estado)), ("id",),
        (
            _fk("plan_anual", "planes", "anio"), _fk("actor_encargado", "actores", "id"), _fk("eje", "ejes", "id"),
            _fk("accion_estrategica", "acciones_estrategicas", "numero"),
        ),
        tuple(_agreement_row(f) for f in fig.agreements),
    )
    commitments = []
    for f in fig.agreements:
        p = f.progress
        for c in p.commitments:
            commitments.append((
                f.id, c.month, c.subactivity, c.description, c.level, STATES[p.state(c)], p.is_due(c), _ids(c.invalid),
                c.note, c.month_note if c.subactivity is not None else None,
            ))
    monitoring = [
        (f.id, i.criterion.number, i.criterion.key, i.criterion.text, i.content, i.answer, i.observaciones, i.met)
        for f in fig.agreements for i in f.checklist.items
    ]
    return [
        agreements,
        Table(
            "compromisos",
            _cols("acuerdo mes:yearmonth subactividad:integer descripcion nivel:integer estado vencido:boolean problemas nota nota_del_mes",
                  estado=STATES.values()),
            ("acuerdo", "mes", "subactividad"), (_fk("acuerdo", "acuerdos", "id"),), _unique(commitments),
        ),
        Table(
            "monitoreo",
            _cols("acuerdo criterio:integer clave texto contenido:boolean respuesta observaciones cumple:boolean",
                  clave=(c.key for c in CRITERIA), respuesta=("si", "no")),
            ("acuerdo", "criterio"), (_fk("acuerdo", "acuerdos", "id"),), tuple(monitoring),
        ),
    ]


# -- plans and indicators -------------------------------------------------------------------


INDICATOR_COLUMNS = (
    "anio:integer numero:integer id tipo nombre unidad eje sentido linea_base:number linea_base_fecha:date meta:number "
    "meta_fecha:date mediciones:integer ultimo_valor:number ultima_fecha:date avance_meta:number estado problemas"
)
MEASUREMENT_COLUMNS = "anio:integer indicador:integer numero:integer fecha:date valor:number cuenta:boolean fuente nota problemas"


def _indicator_row(year: int, n: int, f: IndicatorFigures) -> tuple[Value, ...]:
    b, t, last = f.baseline, f.target, f.latest
    return (
        year, n, f.id, f.kind, f.name, f.unit, f.axis, f.direction, b.value if b else None, b.date if b else None,
        t.value if t else None, t.date if t else None, len(f.measurements), last.value if last else None,
        last.date if last else None, f.progress, f.status, _ids(f.problems),
    )  # fmt: skip


def _measurement_rows(year: int, n: int, f: IndicatorFigures) -> list[tuple[Value, ...]]:
    out: list[tuple[Value, ...]] = []
    for m in sorted(f.measurements, key=lambda m: m.index):
        found = ([codes.CP405] if m.invalid else []) + ([codes.CP408] if m.repeated else [])
        out.append((year, n, m.index + 1, m.date, m.value, not m.invalid and not m.repeated, m.source, m.note, _ids(found)))
    return out


def _indicators(plans: list[PlanAnual], as_of: Month) -> list[Table]:
    figures = [(p.anio, plan_indicators(p, as_of)) for p in plans]
    rows = [_indicator_row(year, f.position + 1, f) for year, pi in figures for f in pi.indicators]
    ms = [r for year, pi in figures for f in pi.indicators for r in _measurement_rows(year, f.position + 1, f)]
    return [
        Table(
            "indicadores", _cols(INDICATOR_COLUMNS, tipo=get_args(Indicador.model_fields["tipo"].annotation), estado=STATUSES),
            ("anio", "numero"), (_fk("anio", "planes", "anio"), _fk("eje", "ejes", "id")), _unique(rows),
        ),
        Table(
            "mediciones", _cols(MEASUREMENT_COLUMNS), ("anio", "indicador", "numero"),
            (_fk("anio indicador", "indicadores", "anio numero"),), _unique(ms),
        ),
    ]


def _plans(repo: Repository, as_of: Month) -> list[Table]:
    plans = sorted((p for _, p in repo.valid_plans()), key=lambda p: p.anio)
    plan_fk = _fk("anio", "planes", "anio")
    return [
        Table(
            "planes",
            _cols("anio:integer acciones_estrategicas:integer acuerdos_previstos:integer indicadores:integer grupos_trabajo:integer encuentros:integer"),
            ("anio",), (),
            _unique(
                (p.anio, len(set(p.acciones)), len(set(p.acuerdos_previstos)), len(p.indicadores), len(p.grupos_trabajo), len(p.encuentros))
                for p in plans
            ),
        ),
        Table(
            "plan_acciones", _cols("anio:integer accion:integer"), ("anio", "accion"),
            (plan_fk, _fk("accion", "acciones_estrategicas", "numero")), _unique((p.anio, n) for p in plans for n in p.acciones),
        ),
        Table(
            "plan_acuerdos", _cols("anio:integer acuerdo"), ("anio", "acuerdo"),
            (plan_fk, _fk("acuerdo", "acuerdos", "id")), _unique((p.anio, a) for p in plans for a in p.acuerdos_previstos),
        ),
        *_indicators(plans, as_of),
    ]


# -- sessions and attendance --------------------------------------------------------------------

SESSION_COLUMNS = (
    "id fecha:date tipo instancia eje territorio convocados:integer presentes:integer titulares:integer suplentes:integer "
    "ausentes:integer justificadas:integer invitados:integer quorum:number quorum_alcanzado:boolean decisiones:integer "
    "decisiones_cumplidas:integer decisiones_pendientes:integer decisiones_vencidas:integer"
)

#: Attendance to the council's sessions per actor (compute/sessions.py: ``ActorAttendance``).
ACTOR_ATTENDANCE_COLUMNS = (
    "actor sector convocatorias:integer presentes:integer titulares:integer suplentes:integer ausentes:integer "
    "justificadas:integer tasa:number ausencias_seguidas:integer"
)


def session_id(rel: str) -> str:
    """A session's id in the tables: its file name without the extension (``2015-10-24-los-guido``)."""
    return PurePosixPath(rel).stem


def _sessions(fig: RepoFigures) -> list[Table]:
    held = sorted(fig.sessions.sessions, key=lambda s: (s.date, s.rel)) if fig.sessions is not None else []
    sessions = [
        (
            session_id(s.rel), s.date, s.type, s.body, s.axis, s.territory, s.convened, s.present, s.titular, s.suplente,
            s.absent, s.justified, s.invited, s.quorum, s.quorum_met, s.decisions.total, s.decisions.done,
            s.decisions.pending, s.decisions.overdue,
        )
        for s in held
    ]
    # Who attended is an actor (an organisation) and its state; never the name of the person who came.
    attendance = [(session_id(s.rel), actor, state, state in ("titular", "suplente")) for s in held for actor, state in s.attendance]
    return [
        Table(
            "sesiones", _cols(SESSION_COLUMNS), ("id",), (_fk("eje", "ejes", "id"), _fk("territorio", "territorios", "id")),
            _unique(sessions),
        ),
        Table(
            "asistencia", _cols("sesion actor estado presente:boolean", estado=get_args(EstadoAsistencia)), ("sesion", "actor"),
            (_fk("sesion", "sesiones", "id"), _fk("actor", "actores", "id")), _unique(attendance),
        ),
        Table(
            "asistencia_actores", _cols(ACTOR_ATTENDANCE_COLUMNS), ("actor",), (_fk("actor", "actores", "id"),),
            _unique(
                (a.actor, a.sector, a.convened, a.present, a.titular, a.suplente, a.absent, a.justified, a.rate, a.streak)
                for a in sorted(fig.sessions.attendance if fig.sessions is not None else (), key=lambda a: a.actor)
            ),
        ),
    ]


def open_data(public_repo: Repository, public_fig: RepoFigures) -> OpenData:
    """Every open-data table, from the redacted repository and figures (``public_source``)."""
    tables = [
        *_strategy(public_repo), _actors(public_repo), *_agreements(public_fig), *_plans(public_repo, public_fig.as_of), *_sessions(public_fig),
    ]
    return OpenData(public_fig.as_of, public_fig.canton, tuple(tables))


# -- many cantons: one package, every table keyed by its canton -------------------------------

#: The canton key's column, first in every table of a package of many cantons (``cantones.id``).
CANTON_COLUMN = Column("canton", "string")
#: A canton's state in the ``cantones`` table (pipeline/opendata_national.py).
CANTON_STATES = ("valido", "con_errores", "no_leido", "duplicado")
CANTONS_COLUMNS = (
    "id nombre provincia pais carpeta estado errores:integer avisos:integer archivos_no_leidos:integer acuerdos:integer "
    "compromisos:integer sesiones:integer indicadores:integer"
)


def keyed_schema(table: Table) -> Table:
    """The table's schema in a package of many cantons, without its rows: the ``canton`` column first, the canton
    in its primary key and in its foreign keys (an id is unique within its canton), and a key to ``cantones``.

    Only the foreign keys whose fields are in the primary key (never empty) are kept: a key of two fields is checked
    by Frictionless unless both are empty, so («canton», an empty «eje») would be a broken reference. The others
    (an agreement's axis, plan, lead actor or action; a session's axis or territory; an indicator's axis) stay
    described by their columns («id en la tabla …», of the same canton)."""
    fks = tuple(
        ForeignKey(("canton", *fk.fields), fk.table, ("canton", *fk.reference))
        for fk in table.foreign_keys if set(fk.fields) <= set(table.primary_key)
    )
    return Table(
        table.name, (CANTON_COLUMN, *table.columns), ("canton", *table.primary_key), (_fk("canton", "cantones", "id"), *fks), (),
    )


def keyed_rows(table: Table, canton: str) -> Iterable[tuple[Value, ...]]:
    """The table's rows with the canton's key first (made as they are written: nothing kept)."""
    return ((canton, *row) for row in table.rows)


def cantons_schema(rows: Sequence[tuple[Value, ...]] = ()) -> Table:
    """The ``cantones`` table: one row per canton read (or not), with its state and its counts."""
    return Table("cantones", _cols(CANTONS_COLUMNS, estado=CANTON_STATES), ("id",), (), tuple(rows))


def row_counts(data: OpenData) -> dict[str, int]:
    return {t.name: len(t.rows) for t in data.tables}


__all__: Sequence[str] = (
    "CANTON_STATES", "STATES", "Column", "cantons_schema", "keyed_rows", "keyed_schema", "ForeignKey", "OpenData", "Table", "open_data", "row_counts", "session_id")
