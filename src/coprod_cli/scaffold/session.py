"""`coprod new session`: ``sesiones/AAAA-MM-DD[-sufijo].yaml`` from its
template, with the attendance list of the actors convened
(``model.sessions.convened``) and an agenda proposed from what is pending.

What is pending is computed by the caller (the pipeline, which may read
compute's figures; scaffold may not) and handed over as records
(``PendingProgress``, ``PendingDecision``, ``PendingMonitoring``); their words
are written here, in the file's language. Never overwrites a file.

Why every convened actor starts «ausente»: the model has no «not yet
recorded» state, and the list is a roll-call the secretary marks as people
arrive (`coprod attendance set … --all titular`, then the exceptions). A
session in the future counts in no figure or rule until its day
(``model.sessions.held_by``), and a held session whose list nobody filled
shows as absences and a missing quorum: visible, never silently «present».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ..edit.locking import repository_lock
from ..edit.sessionfile import parse_date
from ..errors import CoprodError
from ..lang import _
from ..load.repository import SESSIONS_DIR, YAML_SUFFIXES, Repository, load_repository
from ..model.labels import label
from ..model.models import InstanciaSesion, Sesion, TipoSesion
from ..model.sessions import convened, month_of, thresholds
from ..model.types import SLUG_RE, Month
from ..model.validate import suggest
from .answers import axis_lookup
from .init import check_rendered, clean_text
from .new import Created, _create, _modeline
from .render import render, slugify

TIPOS: tuple[str, ...] = get_args(TipoSesion)
INSTANCIAS: tuple[str, ...] = get_args(InstanciaSesion)
#: The bodies' names in the new file's heading and in the questions.
@dataclass(frozen=True)
class PendingProgress:
    """An agreement with due months unreported, months reported low, or behind schedule."""

    agreement: str
    title: str
    responsible: str | None
    unreported: tuple[Month, ...] = ()
    low: tuple[tuple[Month, int | None, int], ...] = ()  # (month, sub-activity, level)
    behind: tuple[int, int] | None = None  # (overall %, term elapsed %), rounded


@dataclass(frozen=True)
class PendingDecision:
    """A decision of an earlier session not done as of the new session's month."""

    session: str  # the session file's stem, 2015-09-08
    number: int  # 1-based position in its acuerdos_sesion
    text: str
    responsible: str | None
    due: dt.date | None
    agreements: tuple[str, ...]
    overdue: bool


@dataclass(frozen=True)
class PendingMonitoring:
    """An agreement with monitoring criteria answered «No»."""

    agreement: str
    title: str
    responsible: str | None
    criteria: tuple[tuple[int, str], ...]  # (number, text)


Pending = PendingProgress | PendingDecision | PendingMonitoring
#: What the pipeline hands over: the pending items of a repository for a session on a day (as of its month).
PendingFinder = Callable[[Repository, dt.date], list[Pending]]


def agenda_point(item: Pending, actors: set[str]) -> dict[str, Any]:
    """One agenda item (``tema``, ``acuerdos``, ``responsable``) for a pending record."""
    if isinstance(item, PendingDecision):
        state = f"vencido el {item.due}" if item.overdue else (f"plazo {item.due}" if item.due else "sin plazo")
        tema = f"Seguimiento del acuerdo {item.number} de la sesión {item.session} ({state}): {item.text}"
        agreements = list(item.agreements)
    elif isinstance(item, PendingMonitoring):
        listed = "; ".join(f"{n}. {text}" for n, text in item.criteria)
        tema = f"Monitoreo de «{item.title}»: criterios marcados «No» ({listed})"
        agreements = [item.agreement]
    else:
        parts = []
        if item.unreported:
            parts.append("avance sin informar de " + ", ".join(str(m) for m in item.unreported))
        if item.low:
            parts.append("avance bajo en " + ", ".join(
                f"{m}" + (f" (subactividad {s})" if s is not None else "") + f": {lv} %" for m, s, lv in item.low))
        if item.behind:
            parts.append(f"atrasado ({item.behind[0]} % del cronograma hecho, {item.behind[1]} % del plazo transcurrido)")
        tema = f"«{item.title}»: " + "; ".join(parts)
        agreements = [item.agreement]
    point: dict[str, Any] = {"tema": tema, "acuerdos": agreements}
    if item.responsible and item.responsible in actors:
        point["responsable"] = item.responsible
    return point


@dataclass
class SessionOptions:
    date: str
    type: str = "ordinaria"
    body: str = "consejo"
    axis: str | None = None
    place: str | None = None
    suffix: str | None = None
    #: Where a value came from, for messages (an option by default, or a question's words).
    origin: dict[str, str] = field(default_factory=dict)

    def where(self, name: str) -> str:
        return self.origin.get(name, {"date": "--date", "type": "--type", "body": "--body", "axis": "--axis",
                                      "place": "--place", "suffix": "--suffix"}.get(name, name))


@dataclass
class CreatedSession(Created):
    convened: int = 0
    agenda: int = 0


def check_choice(value: str, allowed: tuple[str, ...], what: str, where: str) -> str:
    text = value.strip().lower()
    if text not in allowed:
        raise CoprodError(_("{what} desconocido «{value}» en {where}{hint}; use uno de: {items}").format(what=what, value=value, where=where, hint=suggest(text, allowed), items=', '.join(allowed)))
    return text


def check_suffix(text: str | None, where: str = "--suffix") -> str | None:
    """``Los Guido`` → ``los-guido``; None when not given."""
    value = clean_text(text, _("el sufijo ({where})").format(where=where))
    if value is None:
        return None
    slug = slugify(value, 40)
    if not slug or not SLUG_RE.match(slug):
        raise CoprodError(_("el sufijo «{value}» ({where}) debe tener letras o números (por ejemplo los-guido)").format(value=value, where=where))
    return slug


def session_stem(day: dt.date, suffix: str | None) -> str:
    return day.isoformat() + (f"-{suffix}" if suffix else "")


def existing_session(root: Path, stem: str) -> str | None:
    """The name of a file of ``sesiones/`` that a new ``stem`` would collide with (any YAML suffix, any case)."""
    folder = root / SESSIONS_DIR
    if not folder.is_dir():
        return None
    for p in folder.iterdir():
        if p.suffix.lower() in YAML_SUFFIXES and p.stem.lower() == stem.lower():
            return p.name
    return None


def _refuse_existing(root: Path, day: dt.date, suffix: str | None, body: str, kind: str) -> None:
    stem = session_stem(day, suffix)
    taken = existing_session(root, stem)
    if taken is None:
        return
    hint = body.replace("_", "-") if body != "consejo" else ("extraordinaria" if kind == "extraordinaria" else "2")
    if suffix:
        hint = f"{suffix}-2"
    raise CoprodError(
        _(
                "«{sessions_dir}/{taken}» ya existe; coprod no sobrescribe archivos. Si es otra sesión del mismo día, agregue "
                "un sufijo: --suffix {hint} (se crea «{sessions_dir}/{value}.yaml»)"
            ).format(sessions_dir=SESSIONS_DIR, taken=taken, hint=hint, value=session_stem(day, hint))
    )


def planned_session(repo: Repository, opts: SessionOptions) -> tuple[Sesion, str | None]:
    """The new session as the model reads it (checked options) and its file-name suffix."""
    day = parse_date(opts.date, _("«{value}»").format(value=f"{opts.where('date')} {opts.date}"))
    kind = check_choice(opts.type, TIPOS, _("tipo de sesión"), opts.where("type"))
    body = check_choice(opts.body, INSTANCIAS, "instancia", opts.where("body"))
    axis = axis_lookup(repo).resolve(opts.axis, opts.where("axis")) if opts.axis else None
    if body == "grupo_trabajo" and axis is None:
        raise CoprodError(_("la sesión de un grupo de trabajo necesita su eje ({option} EJE)").format(option=opts.where('axis')))
    place = clean_text(opts.place, _("el lugar ({option})").format(option=opts.where('place')))
    suffix = check_suffix(opts.suffix, opts.where("suffix"))
    data: dict[str, Any] = {"fecha": day, "tipo": kind, "instancia": body}
    if axis:
        data["eje"] = axis
    if place:
        data["lugar"] = place
    return Sesion.model_validate(data), suffix


def new_session(root: Path, opts: SessionOptions, pending: PendingFinder) -> CreatedSession:
    """Why a lock on the folder: two `new session` for one day must not both write it."""
    with repository_lock(root, SESSIONS_DIR, f"{SESSIONS_DIR}/"):
        return _new_session(root, opts, pending)


def _new_session(root: Path, opts: SessionOptions, pending: PendingFinder) -> CreatedSession:
    repo = load_repository(root)
    session, suffix = planned_session(repo, opts)
    _refuse_existing(root, session.fecha, suffix, session.instancia, session.tipo)
    attendance = convened(repo.manifest, repo.actor_map, [p for _, p in repo.valid_plans()], session)
    as_of = month_of(session.fecha)
    actors = {a.id for a in repo.actor_map.actores} if repo.actor_map else set()
    agenda = [agenda_point(item, actors) for item in pending(repo, session.fecha)]
    stem = session_stem(session.fecha, suffix)
    rel_path = f"{SESSIONS_DIR}/{stem}.yaml"
    text = render(
        "files/sesion.yaml.j2",
        schema=_modeline(root / SESSIONS_DIR, root, rel_path, "sesion"),
        fecha=session.fecha.isoformat(),
        tipo=session.tipo,
        instancia=session.instancia,
        instancia_label=label(session.instancia),
        eje=session.eje,
        lugar=session.lugar,
        dias=thresholds(repo.manifest).convocatoria_dias,
        as_of=str(as_of),
        agenda=agenda,
        asistencia=attendance,
        sesion=stem,
    )
    check_rendered(rel_path, text, Sesion)
    created = _create(root, SESSIONS_DIR, f"{stem}.yaml", text)
    return CreatedSession(created.path, created.rel, created.id, convened=len(attendance), agenda=len(agenda))
