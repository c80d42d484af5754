"""``/indicadores``: each annual plan's indicators as of ``?mes=AAAA-MM`` (the
figures of compute/indicators.py, written as the indicators report writes
them: an invalid value reads «dato inválido, ver CP405», never «—»), and per
indicator a form to record a measurement through `coprod indicator set`'s
editor (edit/indicator.set_measurement).

Plans and indicators are looked up among the loaded plans by year and id:
the address never becomes a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from ..errors import CoprodError
from ..lang import _
from ..model.types import Month
from .forms import FormErrors, read_form, snapshot_file, written_page
from .sessions import as_of, form_date, note_text, refused_text

FIELDS = ("fecha", "valor", "fuente", "nota")


def routes() -> list[Any]:
    from starlette.routing import Route

    return [
        Route("/indicadores", indicators_page, methods=["GET"]),
        Route("/indicadores/{year:int}/{ident}/medicion", measurement_post, methods=["POST"]),
    ]


@dataclass(frozen=True)
class _Cut:
    """What indicators_view reads of the figures when it is given its own cut: nothing (``as_of`` only)."""

    as_of: Month


@dataclass(frozen=True)
class PlanBlock:
    year: int
    rel: str
    view: Any  # report/views/indicators.IndicatorsView, or None when the plan does not load
    unread: bool = False


def plan_blocks(repo: Any, month: Month) -> list[PlanBlock]:
    """Every plan file, the latest year first; one that does not load is listed as unread."""
    from ..report.views.indicators import indicators_view

    blocks = []
    for doc in repo.planes:
        plan = doc.model
        if plan is None:
            blocks.append(PlanBlock(0, doc.rel, None, unread=True))
            continue
        view = indicators_view(repo, cast(Any, _Cut(month)), plan.anio, month)
        blocks.append(PlanBlock(plan.anio, doc.rel, view))
    return sorted(blocks, key=lambda b: (b.year, b.rel), reverse=True)


@dataclass
class MeasurementForm:
    """The form answered (its plan year and indicator id), the values typed and the messages by field id."""

    year: int = 0
    ident: str = ""
    values: dict[str, str] | None = None
    errors: FormErrors | None = None


async def indicators_page(request: Any) -> Any:
    return _page(request, MeasurementForm())


def _page(request: Any, answered: MeasurementForm, status: int = 200) -> Any:
    import datetime as dt

    from .pages import page
    from .state import state_of

    month = as_of(request)
    state = state_of(request)
    repo = state.repository()
    blocks = state.cached(f"indicadores:{month}", lambda: plan_blocks(repo, month))
    return page("indicadores.html.j2", request, status=status, title=_("Indicadores"), blocks=blocks, month=str(month),
                answered=answered, today=dt.date.today().isoformat())


def _lookup(request: Any) -> tuple[int, str]:
    """The year and indicator id of the address, when a loaded plan has them (else 404)."""
    from starlette.exceptions import HTTPException

    from .state import state_of

    year, ident = int(request.path_params["year"]), str(request.path_params["ident"])
    plan = state_of(request).repository().plan(year)
    if plan is None or ident not in {i.id for i in plan.indicadores if i.id}:
        raise HTTPException(404)
    return year, ident


async def measurement_post(request: Any) -> Any:
    """`coprod indicator set AÑO ID --date --value [--source] [--note]`: one measurement, or nothing and the messages."""
    from starlette.concurrency import run_in_threadpool

    from ..edit.indicator import parse_value, plan_file, set_measurement
    from ..scaffold.init import clean_text
    from .state import state_of

    form = await read_form(request)
    year, ident = _lookup(request)
    root = state_of(request).root
    key = f"{year}-{ident}"
    values = {f"{f}-{key}": form.get(f, "") for f in FIELDS}
    errors = FormErrors()
    errors.take(f"fecha-{key}", lambda v: form_date(v, "Fecha de la medición"), form.get("fecha", ""))
    errors.take(f"valor-{key}", lambda v: parse_value(v, f"«{v.strip()[:40]}» (Valor)") if v.strip() else _missing_value(), form.get("valor", ""))
    errors.take(f"fuente-{key}", lambda v: clean_text(v, "la fuente"), form.get("fuente", ""))
    errors.take(f"nota-{key}", note_text, form.get("nota", ""))
    answered = MeasurementForm(year, ident, values, errors)
    if errors:
        return _page(request, answered, 422)
    before = snapshot_file(plan_file(root, str(year)))
    try:
        outcome = await run_in_threadpool(
            set_measurement, root, str(year), ident, form["fecha"], form["valor"], form.get("fuente") or None, form.get("nota") or None,
        )
    except CoprodError as exc:
        message = str(exc)
        field = "fecha" if "--date" in message or "mediciones del" in message else "valor" if "--value" in message else ""
        errors.add(f"{field}-{key}" if field else "", refused_text(message))
        return _page(request, answered, 422)
    return await written_page(request, outcome, before, back=f"/indicadores#ind-{key}", title=_("Medición del indicador «{ident}»").format(ident=ident))


def _missing_value() -> float:
    raise CoprodError(_("falta el valor medido: un número, como 120 o 12.4 (sin unidad)"))

