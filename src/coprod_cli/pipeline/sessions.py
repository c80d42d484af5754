"""The session commands: `coprod new session` (with the agenda proposed from
what is pending, computed here from compute's figures) and `coprod attendance
set`, `coprod decision add|done` (actors named by id, acronym or name, with
«¿quiso decir…?», from the actor map).

Pending as of the session's month (``--as-of`` semantics, as `coprod status`):

* agreements with due months unreported, months reported at 0 % or 25 %, or
  behind schedule (compute's alerts: only agreements in execution);
* decisions of earlier sessions not done (``model.sessions.decision_state``:
  overdue first, then pending);
* agreements with monitoring criteria answered «No» (cancelled ones left out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..compute.checklist import checklist
from ..compute.figures import EXCLUDED_FROM_TOTALS, Names, agreement_figures
from ..edit.document import EditOutcome
from ..edit.session import AttendanceChange, NewDecision, add_decision, complete_decision, set_attendance, set_attendance_rows
from ..load.repository import ACTORS, Document, Repository
from ..load.yamlsource import read_source
from ..model.models import MapaActores
from ..model.sessions import decision_state, decision_state_on, month_of
from ..model.types import Month
from ..model.validate import validate_tree
from ..scaffold.answers import Lookup, actor_lookup
from ..scaffold.session import (
    CreatedSession,
    Pending,
    PendingDecision,
    PendingMonitoring,
    PendingProgress,
    SessionOptions,
    new_session,
)


def pending_items(repo: Repository, day: dt.date) -> list[Pending]:
    """What a session on ``day`` should look at, as of its month, in agenda order."""
    as_of = month_of(day)
    names = Names.of(repo)
    progress: list[Pending] = []
    monitoring: list[Pending] = []
    for doc, a in sorted(repo.valid_agreements(), key=lambda x: x[1].id):
        if a.estado in EXCLUDED_FROM_TOTALS:
            continue
        fig = agreement_figures(doc.rel, a, as_of, names)
        lead = a.actividad.actor_encargado
        unreported = tuple(dict.fromkeys(al.month for al in fig.alerts if al.kind == "unreported" and al.month))
        low = tuple((al.month, al.subactivity, al.level) for al in fig.alerts
                    if al.kind == "low_progress" and al.month and al.level is not None)
        behind = next(((round(al.overall or 0), round(al.term_elapsed or 0)) for al in fig.alerts if al.kind == "behind_schedule"), None)
        if unreported or low or behind:
            progress.append(PendingProgress(a.id, a.titulo, lead, unreported, low, behind))
        answered_no = tuple((i.criterion.number, i.criterion.text) for i in checklist(a).items if i.answer == "no")
        if answered_no:
            monitoring.append(PendingMonitoring(a.id, a.titulo, lead, answered_no))
    return progress + _pending_decisions(repo, day, as_of) + monitoring


def _pending_decisions(repo: Repository, day: dt.date, as_of: Month) -> list[Pending]:
    """Decisions of the sessions before ``day`` not done as of ``as_of``: overdue first."""
    found: list[PendingDecision] = []
    for doc, s in repo.valid_sessions():
        if s.fecha >= day:
            continue
        for n, d in enumerate(s.acuerdos_sesion, 1):
            if decision_state(d, as_of) == "cumplido":
                continue
            overdue = decision_state_on(d, day) == "vencido"  # overdue on the session's own day
            found.append(PendingDecision(Path(doc.rel).stem, n, d.descripcion, d.responsable, d.plazo, tuple(d.acuerdos), overdue))
    found.sort(key=lambda p: (not p.overdue, p.session, p.number))
    return list(found)


def create_session(root: Path, opts: SessionOptions) -> CreatedSession:
    """`coprod new session`: the new file, its attendance list and proposed agenda."""
    return new_session(root, opts, pending_items)


def actors_of(root: Path) -> Lookup:
    """The actor map alone (not the whole repository), as a lookup by id, acronym or name."""
    repo = Repository(root)
    path = root / ACTORS
    if path.is_file():
        src = read_source(path, ACTORS)
        if src.data is not None and not src.problems:
            model, problems = validate_tree(MapaActores, src.data)
            if model is not None and not problems:
                repo.actores = Document(src, "actores", model)
    return actor_lookup(repo)


def record_attendance(
    root: Path, session: str, actors: list[str], state: str, name: str | None = None,
    note: str | None = None, replace_note: bool = False, everyone: bool = False,
) -> EditOutcome:
    """`coprod attendance set`. The actor map is read only for an actor the session does not list."""
    return set_attendance(root, session, actors, state, _lazy_resolve(root, None), name, note, replace_note, everyone)


def record_attendance_rows(root: Path, session: str, rows: list[tuple[str, AttendanceChange]]) -> EditOutcome:
    """The attendance table of `coprod serve`: each listed actor's own state, name and note, one write or none."""
    return set_attendance_rows(root, session, rows)


def record_decision(root: Path, session: str, new: NewDecision) -> EditOutcome:
    """`coprod decision add`."""
    return add_decision(root, session, new, _lazy_resolve(root, "--responsible"))


def _lazy_resolve(root: Path, where: str | None) -> Callable[[str], str]:
    """Resolve actor names through the actor map, read the first time one is needed."""
    cache: list[Lookup] = []

    def resolve(text: str) -> str:
        if not cache:
            cache.append(actors_of(root))
        return cache[0].resolve(text, where)

    return resolve


def record_decision_done(root: Path, session: str, number: str, date: str | None = None) -> EditOutcome:
    """`coprod decision done`."""
    return complete_decision(root, session, number, date)
