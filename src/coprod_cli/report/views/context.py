"""``build_context``: the one typed context every report template receives,
built from the loaded repository and the computed figures."""

from __future__ import annotations

from typing import Any

from ...compute.annual import default_year
from ...compute.figures import RepoFigures, Rollup
from ...lang import _, ngettext
from ...load.repository import Repository
from ...model.criteria import CRITERIA
from ...model.models import Canton
from ...render.figures_text import invalid_mark
from .actors import actor_views, offer_view, sector_groups
from .agreement import agreement_view
from .annual import annual_view
from .indicators import indicators_view
from .people import Refs, person
from .public import public_source
from .sessions import sessions_view
from .types import AxisView, CriterionTotal, ReportContext, RollupView


def rollup_view(r: Rollup) -> RollupView:
    pp, mark = r.progress, invalid_mark(r.problems) if r.problems else None
    return RollupView(r.key, r.name, len(r.agreements), pp.to_date, pp.overall, r.checklist.percent, pp.due, pp.unreported_due, pp.low, mark)


def problems_notice(validation: dict[str, int] | None, fig: RepoFigures) -> str | None:
    """What the first page of every report says about a repository with errors (None: it has none)."""
    errors = (validation or {}).get("errors", 0)
    if not errors and not fig.unread and not fig.problems:
        return None
    parts = []
    if errors:
        parts.append(ngettext("El repositorio tiene {n} error", "El repositorio tiene {n} errores", errors).format(n=errors))
    else:
        parts.append(_("El repositorio tiene datos inválidos"))
    if fig.problems:
        parts.append(_("las cifras marcadas «{mark}» no cuentan un valor que no se puede usar").format(mark=invalid_mark(fig.problems)))
    if fig.unread:
        n = len(fig.unread)
        parts.append(ngettext("{n} acuerdo que no se pudo leer no está en este informe", "{n} acuerdos que no se pudieron leer no están en este informe", n).format(n=n))
    return _("{problems}. Ejecute «coprod validate» para ver dónde y cómo corregirlos.").format(problems="; ".join(parts))


def _canton_fields(manifest: Canton | None) -> dict[str, Any]:
    """What the canton's manifest says: names, strategy, axes, territories, secretariat."""
    if manifest is None:
        return dict(
            canton="", province=None, country="", council_type="", council_name="", strategy_name="", period=(0, 0),
            axes=(), territories=(), secretariat=None, secretariat_person=None,
        )  # fmt: skip
    st, strategy = manifest.secretaria_tecnica, manifest.estrategia
    return dict(
        canton=manifest.canton,
        province=manifest.provincia,
        country=manifest.pais,
        council_type=manifest.instancia.tipo,
        council_name=manifest.instancia.nombre,
        strategy_name=strategy.nombre,
        period=(strategy.periodo.inicio, strategy.periodo.fin),
        axes=tuple(AxisView(e.id, e.nombre, tuple((ac.numero, ac.nombre) for ac in e.acciones)) for e in strategy.ejes),
        territories=tuple((t.nombre, t.priorizado) for t in manifest.territorios),
        secretariat=st.nombre if st else None,
        secretariat_person=person(st.responsable) if st else None,
    )


def _totals_fields(fig: RepoFigures) -> dict[str, Any]:
    """The repository's totals: checklist, progress, alerts, roll-ups (compute/figures.py)."""
    cl = fig.checklist
    return dict(
        checklist_met=cl.met,
        checklist_total=cl.total,
        checklist_percent=cl.percent,
        criteria_totals=tuple(CriterionTotal(c.number, c.key, c.label, cl.per_criterion[i], cl.criterion_percent(i)) for i, c in enumerate(CRITERIA)),
        to_date=fig.progress.to_date,
        overall=fig.progress.overall,
        commitments=fig.progress.commitments,
        due=fig.progress.due,
        alert_counts=dict(fig.alert_counts),
        rollups={dim: tuple(rollup_view(r) for r in rs) for dim, rs in fig.rollups.items()},
        invalid_mark=invalid_mark(fig.problems) if fig.problems else None,
    )


def build_context(
    repo: Repository,
    fig: RepoFigures,
    locale: str,
    public: bool,
    year: int | None = None,
    validation: dict[str, int] | None = None,
) -> ReportContext:
    """The context of every report; in public mode made from the redacted source (``public_source``)."""
    if public:
        repo, fig = public_source(repo, fig)
    manifest = repo.manifest
    refs = Refs(
        {x.id: x for x in repo.actor_map.actores} if repo.actor_map else {},
        {t.id: t.nombre for t in manifest.territorios} if manifest else {},
    )
    agreements = [agreement_view(f, refs, locale) for f in fig.agreements]
    actors = actor_views(refs, agreements)
    annual = annual_view(repo, fig, agreements, actors, year or default_year(repo, fig.as_of))
    return ReportContext(
        public=public,
        as_of=fig.as_of,
        locale=locale,
        **_canton_fields(manifest),
        agreements=agreements,
        counted=fig.counted,
        **_totals_fields(fig),
        alerts=tuple(al for a in agreements for al in a.alerts),
        actors=tuple(actors),
        sectors=sector_groups(actors),
        missing_alternate=tuple(v for v in actors if not v.has_alternate),
        offer=offer_view(actors),
        annual=annual,
        unread_files=tuple(sorted({d.rel for d in repo.documents if d.model is None} | {p.rel for p in repo.structure})),
        validation=dict(validation) if validation is not None else None,
        notice=problems_notice(validation, fig),
        next_month=fig.as_of + 1,
        sessions=sessions_view(repo, fig.sessions, agreements, refs) if fig.sessions is not None else None,
        indicators=indicators_view(repo, fig, year or default_year(repo, fig.as_of)),
        groups=annual.groups,  # the same year, repository and cut as the annual report's
    )
