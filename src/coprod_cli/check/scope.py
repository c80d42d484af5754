"""Which files a change can affect (``coprod validate --changed-since``).

A changed file can make another, unchanged file wrong: a plan that lists a
deleted agreement, an agreement whose annual plan was renamed. The report for
a change therefore covers the changed files *and* the files that refer to
what they define:

* ``canton.yaml`` or ``actores.yaml`` changed → every file (everything names
  axes, territories, rules or actors);
* an agreement changed, added or deleted → the plans whose
  ``acuerdos_previstos`` name its id (or its file name, or an id that no
  longer exists), and any other agreement with the same id;
* a plan changed, added or deleted → the agreements whose ``plan_anual`` is
  its year (or its file name), and any other plan for the same year;
* an agreement changed, added or deleted → also the sessions that name its
  id (agenda, decisions, ``avances``) or an id that no longer exists;
* a session changed, added or deleted → every session: absences in a row
  (CP703) are reported on the last session of a series, so one session's
  attendance changes what another file says (a canton has a dozen sessions
  a year, so reporting them all costs nothing).

No I/O: the caller gives the changed paths (relative to the repository root).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..load.repository import ACTORS, AGREEMENTS_DIR, MANIFEST, PLANS_DIR, SESSIONS_DIR, Repository, is_layout_file
from ..model.models import Sesion


def affected_files(repo: Repository, changed: Iterable[str]) -> set[str] | None:
    """The files to report on for a change; None means the whole repository."""
    changed = {c for c in changed if is_layout_file(c)}
    if MANIFEST in changed or ACTORS in changed:
        return None
    out = set(changed)

    agreements = {d.rel: d for d in repo.acuerdos}
    plans = {d.rel: d for d in repo.planes}

    changed_ids: set[str] = set()
    changed_years: set[str] = set()
    for rel in changed:
        folder, stem = rel.split("/")[0], PurePosixPath(rel).stem
        if folder == SESSIONS_DIR:
            out |= {d.rel for d in repo.sesiones}
        elif folder == AGREEMENTS_DIR:
            changed_ids.add(stem)
            agreement = agreements.get(rel)
            if agreement is not None and agreement.model is not None:
                changed_ids.add(agreement.model.id)
        elif folder == PLANS_DIR:
            changed_years.add(stem)
            plan = plans.get(rel)
            if plan is not None and plan.model is not None:
                changed_years.add(str(plan.model.anio))

    known_ids = {d.model.id for d in repo.acuerdos if d.model is not None} | {PurePosixPath(r).stem for r in agreements}
    if changed_ids:
        for rel, doc in agreements.items():
            if doc.model is not None and doc.model.id in changed_ids:
                out.add(rel)  # same id twice (CP506) is reported on either file
        for rel, plan in plans.items():
            if plan.model is None:
                continue
            listed = set(plan.model.acuerdos_previstos)
            # An id that no longer exists may be the old id of a changed agreement.
            if listed & changed_ids or listed - known_ids:
                out.add(rel)
        for session in repo.sesiones:
            named = _agreements_named(session.model) if session.model is not None else set()
            if named & changed_ids or named - known_ids:
                out.add(session.rel)
    if changed_years:
        for rel, doc in agreements.items():
            if doc.model is not None and doc.model.plan_anual is not None and str(doc.model.plan_anual) in changed_years:
                out.add(rel)
        for rel, plan in plans.items():
            if plan.model is not None and str(plan.model.anio) in changed_years:
                out.add(rel)
    return out


def _agreements_named(s: Sesion) -> set[str]:
    """The agreement ids a session names: its agenda, its decisions, ``avances``."""
    agenda = s.convocatoria.agenda if s.convocatoria else []
    return {x for item in agenda for x in item.acuerdos} | {x for d in s.acuerdos_sesion for x in d.acuerdos} | set(s.avances)
