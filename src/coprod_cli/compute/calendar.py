"""What `coprod calendar` places on a calendar, as records (no sentence): the
sessions with the day their convocation is due, each agreement's schedule
months, and the due dates of the sessions' decisions with their state as of a
month. render/calendar_ics.py words them as RFC 5545.

Why records carry a stable ``uid``: a calendar application that imports the
file again updates the events it already has (same UID) instead of adding
copies. The UID is derived from the repository content only — the canton, the
file and the position in it — never from the time of the export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..load.repository import Repository
from ..model.models import Acuerdo, AcuerdoSesion, MesCronograma, Sesion
from ..model.names import NameFinder, people_names
from ..model.personal import redact, scrub_text
from ..model.sessions import EstadoDecision, decision_state, reference_day, thresholds
from ..model.types import Month

#: The canton's time zone from its country (``canton.yaml`` ``pais``): the
#: capital's IANA zone. A country not listed gets local times with no zone
#: («floating» times in RFC 5545: the same hour wherever the calendar is read).
TIME_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "BO": "America/La_Paz",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "CR": "America/Costa_Rica",
    "DO": "America/Santo_Domingo",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "GT": "America/Guatemala",
    "HN": "America/Tegucigalpa",
    "MX": "America/Mexico_City",
    "NI": "America/Managua",
    "PA": "America/Panama",
    "PE": "America/Lima",
    "PY": "America/Asuncion",
    "SV": "America/El_Salvador",
    "UY": "America/Montevideo",
    "VE": "America/Caracas",
}
#: ``pais`` when canton.yaml did not load: the model's own default.
DEFAULT_COUNTRY = "CR"


def time_zone(country: str | None) -> str | None:
    return TIME_ZONES.get((country or DEFAULT_COUNTRY).upper())


def uid(canton: str, rel: str, part: str) -> str:
    """A stable UID from the canton, the file and the position in it."""
    digest = hashlib.sha256("\0".join((canton, rel, part)).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@coprod"


@dataclass(frozen=True)
class SessionEntry:
    uid: str
    todo_uid: str
    rel: str
    session: Sesion
    #: The day the convocation should be sent: ``convocatoria_dias`` before the session.
    convene_by: dt.date


@dataclass(frozen=True)
class MonthEntry:
    uid: str
    rel: str
    agreement: Acuerdo
    month: MesCronograma
    start: dt.date
    #: The first day of the next month (an all-day span ends the day after its last day).
    end: dt.date


@dataclass(frozen=True)
class DueEntry:
    uid: str
    rel: str
    session: Sesion
    #: 1-based position in ``acuerdos_sesion`` («acuerdo 2 de la sesión 2015-09-08»).
    position: int
    decision: AcuerdoSesion
    state: EstadoDecision


@dataclass
class CalendarData:
    canton: str
    country: str
    tz: str | None
    as_of: Month
    #: The reference day of ``as_of``: the decisions' states and the DTSTAMP.
    day: dt.date
    sessions: list[SessionEntry] = field(default_factory=list)
    months: list[MonthEntry] = field(default_factory=list)
    dues: list[DueEntry] = field(default_factory=list)
    #: Files that did not load (POSIX paths from the root): not in the calendar.
    unread: list[str] = field(default_factory=list)
    #: Names by id, for the words: actors (institutions, never a person), axes, territories.
    actors: dict[str, str] = field(default_factory=dict)
    axes: dict[str, str] = field(default_factory=dict)
    territories: dict[str, str] = field(default_factory=dict)
    #: The council's type in canton.yaml (CCCI…), when it loaded.
    council: str | None = None


def _first_day(month: Month) -> dt.date:
    return dt.date(month.year, month.month, 1)


def _people(repo: Repository) -> NameFinder:
    """The names of the repository's people, scrubbed from the calendar's texts like a public report's."""
    return NameFinder(people_names(d.model for d in repo.documents if d.model is not None))


def _sessions(data: CalendarData, repo: Repository, days: int, names: NameFinder) -> None:
    for doc, s in repo.valid_sessions():
        # Why redact: the calendar is shared like a public report (README), so
        # a phone, an e-mail or a person's name typed into a decision or a place is scrubbed the same way.
        s = redact(s, names)
        data.sessions.append(
            SessionEntry(uid(data.canton, doc.rel, "sesion"), uid(data.canton, doc.rel, "convocatoria"), doc.rel, s, s.fecha - dt.timedelta(days=days))
        )
        for i, decision in enumerate(s.acuerdos_sesion, start=1):
            if decision.plazo is None:
                continue  # nothing to place on a calendar
            state = decision_state(decision, data.as_of, data.day)
            data.dues.append(DueEntry(uid(data.canton, doc.rel, f"acuerdo_sesion/{i}"), doc.rel, s, i, decision, state))


def _months(data: CalendarData, repo: Repository, names: NameFinder) -> None:
    for doc, a in sorted(repo.valid_agreements(), key=lambda pair: pair[0].rel):
        if a.cronograma is None:
            continue
        a = redact(a, names)
        for m in a.cronograma.meses:
            entry = MonthEntry(uid(data.canton, doc.rel, f"cronograma/{m.mes}"), doc.rel, a, m, _first_day(m.mes), _first_day(m.mes + 1))
            data.months.append(entry)


def _names(data: CalendarData, repo: Repository) -> None:
    actors = repo.actor_map
    if actors is not None:
        data.actors = {a.id: scrub_text(f"{a.siglas} ({a.nombre})" if a.siglas else a.nombre) or "" for a in actors.actores}
    manifest = repo.manifest
    if manifest is not None:
        data.axes = {e.id: e.nombre for e in manifest.estrategia.ejes}
        data.territories = {t.id: t.nombre for t in manifest.territorios}
        data.council = manifest.instancia.tipo


def calendar_data(repo: Repository, as_of: Month, today: dt.date | None = None) -> CalendarData:
    """Every session, schedule month and decision due date of ``repo``, as of ``as_of``."""
    manifest = repo.manifest
    country = manifest.pais if manifest is not None else DEFAULT_COUNTRY
    canton = manifest.canton if manifest is not None else repo.root.name
    data = CalendarData(canton, country, time_zone(country), as_of, reference_day(as_of, today))
    days = thresholds(manifest).convocatoria_dias
    _names(data, repo)
    names = _people(repo)
    _sessions(data, repo, days, names)
    _months(data, repo, names)
    data.dues.sort(key=lambda e: (e.decision.plazo or e.session.fecha, e.rel, e.position))
    data.months.sort(key=lambda e: (e.start, e.rel))
    data.unread = sorted(d.rel for d in repo.documents if d.model is None and not d.cached)
    return data


__all__ = ["DEFAULT_COUNTRY", "TIME_ZONES", "CalendarData", "DueEntry", "MonthEntry", "SessionEntry", "calendar_data", "time_zone", "uid"]
