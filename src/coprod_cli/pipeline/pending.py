"""`coprod pending` as a function: a repository, a month and perhaps one actor
in, what each actor owes out (compute/pending.py), ready for render/pending_text.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EXIT_USAGE, CoprodError
from ..lang import _
from .inputs import load_one as _load_one
from .status import locale_of


@dataclass(frozen=True)
class PendingRun:
    dues: Any  # compute.pending.Dues
    locale: str
    #: Set when one actor was asked for (--actor): its dues, even when it owes nothing.
    actor: Any = None  # compute.pending.ActorDues | None


def compute_pending(path: Path, month: Any, actor: str | None = None) -> PendingRun:
    """Load the repository at ``path`` and list what each actor owes as of ``month``
    (only ``actor``, when given: an id of the actor map)."""
    from ..compute.figures import compute
    from ..compute.pending import actor_dues
    from ..gcutil import no_cyclic_gc
    from ..model.suggest import suggest

    repo = _load_one(path)
    known = [a.id for a in repo.actor_map.actores] if repo.actor_map else []
    if actor is not None and actor not in known:
        raise CoprodError(_("actor desconocido «{actor}» en el mapa de actores{hint}").format(actor=actor, hint=suggest(actor, known)), EXIT_USAGE)
    with no_cyclic_gc():
        fig = compute(repo, month)
        result = dues_of(repo, fig)
    one = None
    if actor is not None:
        descriptions = session_descriptions(repo)
        names = {a.id: (a.siglas or a.nombre) for a in repo.actor_map.actores} if repo.actor_map else {}
        one = actor_dues(fig, actor, names.get(actor), descriptions)
    return PendingRun(result, locale_of(repo), one)


def session_descriptions(repo: Any) -> dict[tuple[str, int], Any]:
    """(session file, 1-based position) → the decision as written, for the words of each owed decision."""
    return {(doc.rel, i): d for doc, s in repo.valid_sessions() for i, d in enumerate(s.acuerdos_sesion, start=1)}


def dues_of(repo: Any, fig: Any) -> Any:
    """What each actor owes (compute.pending.Dues) from figures already computed (the web app's dashboard)."""
    from ..compute.pending import dues

    return dues(fig, repo.actor_map, session_descriptions(repo))
