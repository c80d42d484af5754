"""The agreement's page (``/acuerdos/<id>``): its summary, its progress month
by month and its monitoring table, with a form to record one month's level and
note (``progress set``) and one to answer a criterion (``monitoring set``).

Each form is a thin layer over the CLI's editor (edit/agreement.py): the
fields are read with the CLI's own parse functions, the message of a refusal
sits next to its field, and nothing is written unless the editor writes it.
The month's table for every agreement is in ``progress.py``; the forms that
add an agreement or an actor, in ``newfiles.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import N_, _
from ..model import labels, types
from ..model.criteria import CRITERIA
from ..model.records import commitments
from ..model.types import NIVELES, Month
from .forms import FormErrors, read_form, sentence, snapshot_file, web_words, written_page
from .pages import page
from .state import state_of


def level_choices() -> tuple[tuple[int, str], ...]:
    """The select of a level: (value, label) on the protocol's five-level scale, in the language in use."""
    return tuple((n, _("{n} % — {label}").format(n=n, label=_(NIVELES[n]))) for n in sorted(NIVELES))


def routes() -> list[Any]:
    from starlette.routing import Route

    from . import gitsave, newfiles, progress

    return [
        Route("/acuerdos/{ident}", agreement_page, methods=["GET"]),
        Route("/acuerdos/{ident}/avance", record_progress, methods=["POST"]),
        Route("/acuerdos/{ident}/monitoreo", record_monitoring, methods=["POST"]),
        *progress.routes(),
        *newfiles.routes(),
        *gitsave.routes(),
    ]


# --- looking an agreement up ----------------------------------------------------------------


def find_agreement(request: Any, ident: str) -> tuple[Any, Any]:
    """(document, Acuerdo) of the agreement ``ident`` as loaded; 404 for an id the repository does not have.

    Why from the loaded repository and never from the URL as a path: an id in
    the address is only compared with the ids that loaded, it is never a file name."""
    from starlette.exceptions import HTTPException

    repo = state_of(request).repository()
    for doc, agreement in repo.valid_agreements():
        if agreement.id == ident:
            return doc, agreement
    broken = next((d for d in repo.acuerdos if d.model is None and d.source.path.stem == ident), None)
    if broken is not None:
        raise CoprodError(
            _("«{rel}» tiene errores y no se puede mostrar ni editar aquí: vea la página Problemas, "
              "corrija el archivo y vuelva a esta página").format(rel=broken.rel)
        )
    raise HTTPException(404)


@dataclass
class MonthRow:
    """One commitment of the agreement's schedule, with what is recorded for it."""

    month: Month
    subactivity: int | None
    activities: list[str]  # what the schedule says for the month (or the sub-activity)
    level: Any  # as written (an off-scale value shows as is)
    note: str | None


def progress_rows(agreement: Any) -> list[MonthRow]:
    """Every commitment of the schedule with the level and note recorded (the ones the figures read)."""
    months = [m.mes for m in agreement.cronograma.meses] if agreement.cronograma else []
    months += [av.mes for av in agreement.avance]
    if not months:
        return []
    schedule: dict[Month, list[str]] = {}
    for m in agreement.cronograma.meses if agreement.cronograma else []:
        schedule.setdefault(m.mes, [x.descripcion for x in m.actividades])
    rows = []
    for c in commitments(agreement, max(months)):
        activities = schedule.get(c.month, [])
        shown = activities if c.subactivity is None else activities[c.subactivity - 1:c.subactivity]
        rows.append(MonthRow(c.month, c.subactivity, shown, _raw_level(agreement, c), c.note))
    return rows


def _raw_level(agreement: Any, c: Any) -> Any:
    if c.level is not None or not c.invalid:
        return c.level
    from ..model.records import first_entries, first_subentries

    entry = first_entries(agreement).get(c.month)
    if entry is None:
        return None
    if c.subactivity is None:
        return entry.nivel
    sub = first_subentries(entry).get(c.subactivity)
    return sub.nivel if sub is not None else None


def level_label(level: Any) -> str:
    if level is None:
        return _("sin registrar")
    if level in NIVELES:
        return _("{n} % — {label}").format(n=level, label=_(NIVELES[level]))
    return _("{level} (fuera de la escala)").format(level=level)


def _word(text: str) -> str:
    """A label of the data (labels.py, ``N_``) in the language in use; a value that is not one stays as written
    (never ``_("")``: gettext's empty msgid is the catalogue's header)."""
    return _(text) if text else text


def monitoring_rows(agreement: Any) -> list[dict[str, Any]]:
    out = []
    for c in CRITERIA:
        entry = getattr(agreement.monitoreo, c.key, None) if agreement.monitoreo is not None else None
        answer = None if entry is None else _word(labels.RESPUESTA.get(str(entry.cumple), str(entry.cumple)))
        out.append({"number": c.number, "key": c.key, "text": _(c.text), "answer": answer,
                    "note": entry.observaciones if entry is not None else None})
    return out


def actor_names(repo: Any) -> dict[str, str]:
    actors = repo.actor_map
    if actors is None:
        return {}
    return {a.id: (f"{a.siglas} — {a.nombre}" if a.siglas else a.nombre) for a in actors.actores}


def summary(repo: Any, doc: Any, a: Any) -> dict[str, Any]:
    names = actor_names(repo)
    act = a.actividad
    return {
        "id": a.id, "titulo": a.titulo, "rel": doc.rel, "estado": _word(labels.ESTADO.get(a.estado, a.estado)),
        "forma": _word(labels.FORMA.get(a.forma, a.forma)) if a.forma else None,
        "encargado": names.get(act.actor_encargado, act.actor_encargado),
        "colaboradores": [names.get(i, i) for i in act.actores_colaboradores],
        "plazo": _("{start} a {end}").format(start=act.plazo.inicio, end=act.plazo.fin) if act.plazo else None,
        "plan": a.plan_anual,
    }


# --- the page --------------------------------------------------------------------------------


def _default_month(rows: list[MonthRow]) -> str:
    """The month the progress form offers: the current one when scheduled, else the first without a level."""
    now = types.current_month()
    scheduled = [r.month for r in rows]
    if now in scheduled:
        return str(now)
    missing = [r.month for r in rows if r.level is None and r.month <= now]
    return str(missing[0] if missing else (scheduled[-1] if scheduled else now))


def render_agreement(request: Any, ident: str, status: int = 200, errors: FormErrors | None = None,
                     typed: dict[str, str] | None = None, which: str = "") -> Any:
    """The agreement's page; ``which`` («avance» or «monitoreo»): the form sent back with ``errors`` and ``typed``."""
    repo = state_of(request).repository()
    doc, a = find_agreement(request, ident)
    rows = progress_rows(a)
    wanted = request.query_params.get("criterio", "")
    values = {"mes": _default_month(rows), "subactividad": "", "nivel": "", "nota": "", "criterio": wanted,
              "cumple": "", "observaciones": "", "reemplazar": ""}
    if typed:
        values.update(typed)
    subs = max((len(m.actividades) for m in a.cronograma.meses), default=0) if a.cronograma else 0
    return page(
        "acuerdo.html.j2", request, status=status, title=a.titulo, a=summary(repo, doc, a), rows=rows,
        level_label=level_label, levels=level_choices(), criteria=monitoring_rows(a), subs=subs,
        months=sorted({str(r.month) for r in rows}), errors=errors or FormErrors(), values=values, which=which,
    )


async def agreement_page(request: Any) -> Any:
    return render_agreement(request, request.path_params["ident"])


# --- the forms -------------------------------------------------------------------------------


def field_of(exc: Exception, default: str = "") -> str:
    """The form field an editor's refusal concerns, from the place in the file it names."""
    where = tuple(str(getattr(w, "key", w)) for w in getattr(exc, "where", ()))
    if "subactividades" in where or "actividades" in where or "subactividad" in where:
        return "subactividad"
    if where[:2] == ("cronograma", "meses"):
        return "mes"
    if where[:1] == ("monitoreo",):
        return "cumple"
    if where[-1:] == ("nivel",) or (where[:1] == ("avance",) and len(where) <= 2):
        return "nivel"
    return default


#: What an editor's message may already say about what was not written (then not said twice).
NOTHING_DONE = (N_("no se escribió nada"), N_("no se cambió nada"), N_("no se creó nada"))


def refused(exc: Exception, done: str | None = None) -> str:
    """An editor's refusal as shown on a page: a sentence, then what was (not) written (default: nothing)."""
    done = _("No se escribió nada.") if done is None else done
    text = sentence(web_words(str(exc)))
    text = text if text.endswith((".", "?", "!")) else text + "."
    # Why: a message that already says it («…; no se creó nada») must not say it twice.
    said = any(words in text.lower() for words in (done.rstrip(".").lower(), *(_(w) for w in NOTHING_DONE)))
    return text if said else text + " " + done


def _subactivity(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise CoprodError(_("la subactividad «{value}» no es un número: las subactividades se numeran desde 1").format(value=value))
    return int(value)


async def record_progress(request: Any) -> Any:
    from ..edit.agreement import clean_note, parse_level, parse_month, set_progress

    form = await read_form(request)
    errors = FormErrors()
    errors.take("mes", parse_month, form.get("mes", ""))
    sub = errors.take("subactividad", _subactivity, form.get("subactividad", ""))
    errors.take("nivel", parse_level, form.get("nivel", ""))
    note = errors.take("nota", clean_note, form.get("nota", ""))
    replace = form.get("reemplazar") == "si"
    return await _edit(
        request, form, errors, "avance", _("Avance registrado"), "",
        lambda root, ident: set_progress(root, ident, form["mes"], form["nivel"], sub, note, replace),
    )


async def record_monitoring(request: Any) -> Any:
    from ..edit.agreement import clean_note, parse_answer, parse_criterion, set_monitoring

    form = await read_form(request)
    errors = FormErrors()
    errors.take("criterio", parse_criterion, form.get("criterio", ""))
    errors.take("cumple", parse_answer, form.get("cumple", ""))
    note = errors.take("observaciones", clean_note, form.get("observaciones", ""))
    replace = form.get("reemplazar") == "si"
    return await _edit(
        request, form, errors, "monitoreo", _("Monitoreo registrado"), "cumple",
        lambda root, ident: set_monitoring(root, ident, form["criterio"], form["cumple"], note, replace),
    )


async def _edit(request: Any, form: dict[str, str], errors: FormErrors, section: str, title: str,
                default_field: str, call: Any) -> Any:
    """One agreement's form after its fields were read: the form again (422, nothing written) on a
    problem, else the CLI's editor (``call(root, ident)``) in a worker thread and the page with the diff."""
    from starlette.concurrency import run_in_threadpool

    ident = request.path_params["ident"]
    doc, _agreement = find_agreement(request, ident)
    if errors:
        return render_agreement(request, ident, 422, errors, form, section)
    root: Path = state_of(request).root
    before = snapshot_file(root / doc.rel)
    try:
        outcome = await run_in_threadpool(call, root, ident)
    except CoprodError as exc:
        errors.add(field_of(exc, default_field), refused(exc))
        return render_agreement(request, ident, 422, errors, form, section)
    return await written_page(request, outcome, before, back=f"/acuerdos/{ident}", title=title)
