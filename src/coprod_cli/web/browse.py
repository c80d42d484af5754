"""The browsing pages: the dashboard (`/`), the list of agreements (`/acuerdos`),
the validation problems (`/problemas`) and the reports (`/informes/`).
See web/__init__.py for who owns which paths.

Every figure comes from the pipeline as the CLI computes it (web/dashboard.py,
web/reports.py, web/problems.py), already in words: the templates only show.
The work runs in a thread (``run_in_threadpool``): a large repository never
stalls the server for the other pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..lang import _, ngettext

#: Agreements per page of `/acuerdos` (10,000 agreements render in bounded time).
PAGE_SIZE = 100


def routes() -> list[Any]:
    from starlette.routing import Route

    return [
        Route("/", dashboard, methods=["GET"]),
        Route("/acuerdos", agreements, methods=["GET"]),
        Route("/problemas", problems, methods=["GET"]),
        Route("/informes/", report_index, methods=["GET"]),
        Route("/informes", report_index, methods=["GET"]),
        Route("/informes/{mes}/", report_month, methods=["GET"]),
        Route("/informes/{mes}/{name}", report_file, methods=["GET"]),
        Route("/informes/{name}", report_file, methods=["GET"]),
    ]


async def dashboard(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from .dashboard import build, month_of
    from .pages import page
    from .state import state_of

    month, month_error = month_of(request)
    state = state_of(request)
    # The board itself is kept (10,000 agreements: thousands of alerts put in words on every visit otherwise).
    board = await run_in_threadpool(state.cached, f"tablero:{month}", lambda: build(request, month))
    return page("tablero.html.j2", request, title=_("Tablero"), board=board, month=str(month), month_error=month_error)


@dataclass(frozen=True)
class AgreementRow:
    id: str
    title: str
    lead: str
    state: str
    criteria: str
    to_date: str
    overall: str
    alerts: str


def agreement_rows(fig: Any, locale: str, query: str) -> list[AgreementRow]:
    """The agreements of ``fig`` whose id, title or lead contains ``query`` (all when empty), in words."""
    from ..i18n import pct
    from ..model.labels import label

    wanted = query.casefold()
    rows = []
    for f in fig.agreements:
        a = f.acuerdo
        if wanted and not any(wanted in str(x).casefold() for x in (a.id, a.titulo, f.lead_actor_name)):
            continue
        p = f.progress
        rows.append(AgreementRow(
            a.id, str(a.titulo), f.lead_actor_name, label(a.estado), _("{met} de {total}").format(met=f.checklist.met, total=f.checklist.total),
            pct(p.to_date, locale=locale), pct(p.overall, locale=locale), _alerts_words(f),
        ))
    return rows


def _alerts_words(f: Any) -> str:
    parts = []
    if n := f.alert_count("invalid"):
        parts.append(ngettext("{n} dato inválido", "{n} datos inválidos", n).format(n=n))
    if n := f.alert_count("unreported"):
        parts.append(_("{n} sin informe").format(n=n))
    if n := f.alert_count("low_progress"):
        parts.append(_("{n} con poco avance").format(n=n))
    if f.alert_count("behind_schedule"):
        parts.append(_("atrasado"))
    return ", ".join(parts) or "—"


def _page_number(request: Any) -> int:
    value = request.query_params.get("pagina", "1")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


async def agreements(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from .dashboard import month_of, status_at
    from .pages import page

    month, month_error = month_of(request)
    query = request.query_params.get("q", "").strip()[:100]
    run = await run_in_threadpool(status_at, request, month)
    rows = await run_in_threadpool(agreement_rows, run.figures, run.locale, query)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    number = min(_page_number(request), pages)
    shown = rows[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
    return page(
        "acuerdos-lista.html.j2", request, title=_("Acuerdos"), rows=shown, total=len(rows), all_total=len(run.figures.agreements),
        number=number, pages=pages, first=(number - 1) * PAGE_SIZE + 1 if rows else 0, last=(number - 1) * PAGE_SIZE + len(shown),
        query=query, month=str(month), month_error=month_error, explicit=bool(request.query_params.get("mes")),
        unread=[u.rel for u in run.figures.unread],
    )


async def problems(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from .pages import page
    from .problems import problems_page
    from .state import state_of

    view = await run_in_threadpool(problems_page, state_of(request))
    return page("problemas.html.j2", request, title=_("Problemas de los archivos"), view=view)


async def report_index(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from ..errors import CoprodError
    from .dashboard import month_of
    from .pages import page
    from .reports import index_of
    from .state import state_of

    month, month_error = month_of(request)
    try:
        index = await run_in_threadpool(index_of, state_of(request), month)
    except CoprodError as exc:
        return _report_failed(request, exc)
    return page("informes.html.j2", request, title=_("Informes"), index=index, month=str(month), month_error=month_error)


async def report_month(request: Any) -> Any:
    """`/informes/AAAA-MM/` (a report's address without its file): the index of that month."""
    from starlette.exceptions import HTTPException
    from starlette.responses import RedirectResponse

    from ..errors import CoprodError
    from ..model.types import Month

    try:
        month = Month.argument(request.path_params["mes"], "el mes")
    except CoprodError:
        raise HTTPException(404) from None
    return RedirectResponse(f"/informes/?mes={month}", status_code=303)


async def report_file(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.responses import HTMLResponse

    from ..errors import CoprodError
    from ..model.types import Month, current_month
    from .reports import report_text
    from .state import state_of

    name = request.path_params["name"]
    mes = request.path_params.get("mes")
    try:
        month = Month.argument(mes, "el mes") if mes is not None else current_month()
    except CoprodError:
        raise HTTPException(404) from None
    if not name.endswith(".html"):
        raise HTTPException(404)
    try:
        text = await run_in_threadpool(report_text, state_of(request), month, name)
    except CoprodError as exc:
        return _report_failed(request, exc)
    if text is None:
        raise HTTPException(404)
    return HTMLResponse(text)


def _report_failed(request: Any, exc: Exception) -> Any:
    """The CLI's Spanish message (a template that fails, or may not be one) on a page."""
    from .forms import sentence
    from .pages import page

    text = sentence(str(exc)) + " " + _("Es el mismo mensaje que da «coprod report»; los archivos no se tocaron.")
    return page("error.html.j2", request, status=500, title=_("El informe no se pudo escribir"), text=text)
