"""What a reference can name, for «¿quiso decir…?»: the actors of the map, the
strategy's axes, the canton's territories, the agreements. Each is found by
its id, its name or its acronym, without case or accents (model/suggest.py:
``Targets``), and indexed once per loaded repository."""

from __future__ import annotations

from ..load.repository import Repository
from ..model.suggest import Targets

Entry = tuple[str, str, tuple[str, ...]]


def _entries(repo: Repository, kind: str) -> list[Entry]:
    manifest = repo.manifest
    if kind == "actor":
        actors = repo.actor_map.actores if repo.actor_map else []
        return [(a.id, a.nombre, (a.siglas,) if a.siglas else ()) for a in actors]
    if kind == "eje":
        return [(e.id, e.nombre, ()) for e in manifest.estrategia.ejes] if manifest else []
    if kind == "territorio":
        return [(t.id, t.nombre, ()) for t in manifest.territorios] if manifest else []
    if kind == "acuerdo":
        titles = {d.model.id: d.model.titulo for d in repo.acuerdos if d.model is not None}
        ids = {ident for _, ident in repo.agreement_ids()} | {d.source.path.stem for d in repo.acuerdos}
        return [(ident, titles.get(ident, ""), ()) for ident in sorted(ids)]
    return []


def targets(repo: Repository, kind: str) -> Targets | None:
    """The targets of ``kind`` in ``repo`` (None when the repository does not
    say what they are: no actor map, no canton manifest)."""
    if kind == "actor" and repo.actor_map is None or kind in ("eje", "territorio") and repo.manifest is None:
        return None
    cache = repo.__dict__.setdefault("_coprod_targets", {})
    if kind not in cache:
        cache[kind] = Targets(_entries(repo, kind))
    return cache[kind]
