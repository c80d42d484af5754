"""One session's page, ``/sesiones/<nombre>``: its data, links to its reports,
the attendance table (one submit, every changed row through the editor of
`coprod attendance set`, all rows or none), the decisions with a «cumplido»
form each (`coprod decision done`) and the form to add one (`coprod decision add`).

``<nombre>`` is looked up among the loaded sessions (never read as a path).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import CoprodError
from ..lang import _
from ..model.labels import title
from ..model.types import NAME_MAX, SLUG_RE, Month
from .forms import FormErrors, read_form, snapshot_file, written_page
from .sessions import as_of, form_date, note_text, refused_text, session_doc

#: Which field a message of the decision editors is about, by the option it names.
DECISION_FIELDS = (("--due", "plazo"), ("--responsible", "responsable"), ("--text", "texto"), ("--note", "nota-acuerdo"))


def routes() -> list[Any]:
    from starlette.routing import Route

    return [
        Route("/sesiones/{name}", session_view, methods=["GET"]),
        Route("/sesiones/{name}/asistencia", attendance_post, methods=["POST"]),
        Route("/sesiones/{name}/acuerdos", decision_post, methods=["POST"]),
        Route("/sesiones/{name}/acuerdos/{number:int}/cumplido", done_post, methods=["POST"]),
    ]


@dataclass(frozen=True)
class AttendanceRow:
    actor: str
    label: str  # «IMAS — Instituto Mixto de Ayuda Social»
    state: str
    name: str
    note: str


@dataclass(frozen=True)
class DecisionRow:
    number: int
    text: str
    responsible: str
    due: str
    state: str  # cumplido, pendiente, vencido (as of the month)
    state_label: str  # «Cumplido el 2015-08-05», «Vencido (plazo 2015-10-01)», «Pendiente»
    agreements: tuple[str, ...]
    elevated: bool
    open: bool  # not marked done in the file: the «cumplido» form shows


@dataclass
class Forms:
    """What each form of the page shows: the values typed and the messages (one form answered at a time)."""

    values: dict[str, str]
    attendance: FormErrors
    decision: FormErrors
    done: FormErrors
    notice: str = ""


def fresh(s: Any) -> Forms:
    values: dict[str, str] = {}
    for a in s.asistencia:
        values.setdefault(f"estado-{a.actor}", a.estado)
        values.setdefault(f"nombre-{a.actor}", a.nombre or "")
    values["elevar"] = ""
    return Forms(values, FormErrors(), FormErrors(), FormErrors())


def actor_labels(repo: Any) -> dict[str, str]:
    amap = repo.actor_map
    if amap is None:
        return {}
    return {a.id: (f"{a.siglas} — {a.nombre}" if a.siglas else a.nombre) for a in amap.actores}


def decision_rows(s: Any, month: Month, labels: dict[str, str]) -> list[DecisionRow]:
    from ..model.sessions import decision_state

    rows = []
    for n, d in enumerate(s.acuerdos_sesion, 1):
        state = decision_state(d, month)
        if state == "cumplido":
            label = _("Cumplido el {date}").format(date=d.cumplido) if d.cumplido else _("Cumplido")
        elif state == "vencido":
            label = _("Vencido (plazo {date})").format(date=d.plazo)
        else:
            label = _("Pendiente") + (_(" (plazo {date})").format(date=d.plazo) if d.plazo else _(" (sin plazo)"))
        who = labels.get(d.responsable, d.responsable) if d.responsable else "—"
        rows.append(DecisionRow(n, d.descripcion, who, str(d.plazo or "—"), state, label, tuple(d.acuerdos),
                                d.elevado_comision, d.estado != "cumplido"))
    return rows


def report_links(name: str, s: Any, month: Month) -> list[tuple[str, str]]:
    """(address, label) of the session's reports as `coprod report --as-of MES` writes them (/informes/MES/FILE)."""
    from ..model.sessions import held_by, month_of

    if held_by(s, month):
        return [(f"/informes/{month}/{quote(f'acta-{name}.html')}", _("Acta de la sesión"))]
    # A convocation is written for a session up to the month after the cut: ask for the month before it.
    cut = max(month, month_of(s.fecha) + -1)
    return [(f"/informes/{cut}/{quote(f'convocatoria-{name}.html')}", _("Convocatoria"))]


def render(request: Any, name: str, forms: Forms | None = None, status: int = 200) -> Any:
    from ..model.sessions import held_by, thresholds
    from .pages import page
    from .state import state_of

    month = as_of(request)
    repo = state_of(request).repository()
    doc = session_doc(repo, name)
    s = doc.model
    if s is None:
        return page("sesion.html.j2", request, status=status or 200, title=_("Sesión {name}").format(name=name), stem=name, rel=doc.rel, s=None)
    forms = forms or fresh(s)
    if request.query_params.get("creada") and not forms.notice:
        forms.notice = _("Creada «{rel}»: {actors} actor(es) convocados, todos «ausente» hasta registrar "
                         "la asistencia, y {topics} tema(s) de agenda propuestos "
                         "con lo pendiente. Revise la agenda antes de enviar la convocatoria.").format(
            rel=doc.rel, actors=len(s.asistencia), topics=len(s.convocatoria.agenda) if s.convocatoria else 0)
    labels = actor_labels(repo)
    first = {a.actor: a for a in reversed(s.asistencia)}  # an actor listed twice: its first entry (the editor refuses both)
    rows = [AttendanceRow(a.actor, labels.get(a.actor, a.actor), a.estado, a.nombre or "", a.nota or "")
            for a in s.asistencia if first[a.actor] is a]
    present = sum(1 for r in rows if r.state in ("titular", "suplente"))
    return page(
        "sesion.html.j2", request, status=status, title=_("Sesión del {date}").format(date=s.fecha), stem=name, rel=doc.rel, s=s,
        body=title(s.instancia), kind=title(s.tipo), held=held_by(s, month), month=str(month), rows=rows, present=present,
        quorum=thresholds(repo.manifest).quorum, decisions=decision_rows(s, month, labels), links=report_links(name, s, month),
        actors=sorted(labels.items(), key=lambda x: x[1].casefold()), states=_states(), forms=forms,
        today=dt.date.today().isoformat(),
    )


def _states() -> list[tuple[str, str]]:
    from ..edit.session import STATES

    return [(st, title(st)) for st in STATES]


async def session_view(request: Any) -> Any:
    return render(request, request.path_params["name"])


def _loaded(request: Any) -> tuple[Any, Any, Path]:
    """(document, session model, root) of the session in the address; a file with errors is refused in Spanish."""
    from .state import state_of

    state = state_of(request)
    doc = session_doc(state.repository(), request.path_params["name"])
    if doc.model is None:
        raise CoprodError(f"«{doc.rel}» tiene errores y no se puede editar desde aquí; vea la página Problemas")
    return doc, doc.model, state.root



async def attendance_post(request: Any) -> Any:
    """Every row whose state, name or note changed, through one write of `attendance set`'s editor."""
    from starlette.concurrency import run_in_threadpool

    from ..pipeline.sessions import record_attendance_rows

    form = await read_form(request)
    doc, s, root = _loaded(request)
    forms = fresh(s)
    forms.values.update(form)
    changes = attendance_changes(s, form, forms.attendance)
    name = request.path_params["name"]
    if forms.attendance:
        forms.attendance.add("", _("Hay filas con problemas (vea los mensajes junto a cada actor): no se escribió nada."))
        return render(request, name, forms, 422)
    if not changes:
        forms.notice = _("Ninguna fila cambió: no se escribió nada.")
        return render(request, name, forms)
    before = snapshot_file(root / doc.rel)
    try:
        outcome = await run_in_threadpool(record_attendance_rows, root, name, changes)
    except CoprodError as exc:
        where = getattr(exc, "where", ())
        actor = next((getattr(step, "value", None) for step in where if getattr(step, "key", None) == "actor"), None)
        forms.attendance.add(f"estado-{actor}" if actor else "", refused_text(str(exc)))
        return render(request, name, forms, 422)
    return await written_page(request, outcome, before, back=f"/sesiones/{quote(name)}", title=_("Asistencia de la sesión {name}").format(name=name))


def attendance_changes(s: Any, form: dict[str, str], errors: FormErrors) -> list[tuple[str, Any]]:
    """The rows that change, each read as `attendance set` reads it; the messages by the row's fields."""
    from ..edit.session import PRESENT, AttendanceChange, parse_state
    from ..scaffold.init import clean_text

    out: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for a in s.asistencia:
        key = a.actor
        if key in seen or f"estado-{key}" not in form:
            continue
        seen.add(key)
        state = errors.take(f"estado-{key}", parse_state, form[f"estado-{key}"])
        person = errors.take(f"nombre-{key}", lambda v: clean_text(v, "el nombre de quien asistió"), form.get(f"nombre-{key}", ""))
        note = errors.take(f"nota-{key}", note_text, form.get(f"nota-{key}", ""))
        if state is None or not _asked(a, key, form, state, person, note, errors):
            continue
        if state not in PRESENT and person and person != a.nombre:
            errors.add(f"nombre-{key}", f"El nombre es el de quien asistió: bórrelo, o elija titular o suplente en vez de «{state}».")
            continue
        new_name = person if state in PRESENT and person and person != a.nombre else None
        forget = state in PRESENT and not person and a.nombre is not None
        if state != a.estado or new_name or forget or note:
            out.append((key, AttendanceChange(state, new_name, note, False, forget)))
    return out


def _asked(a: Any, key: str, form: dict[str, str], state: str, person: str | None, note: str | None, errors: FormErrors) -> bool:
    """Whether the row asks for a change, against the values the page showed (``antes-…``, from the file then).

    Why: a row the person left as shown must not write back what the page showed over what another program
    or person saved since (that change would be lost silently); a row changed on both sides is a conflict."""
    shown_state, shown_name = form.get(f"antes-estado-{key}"), form.get(f"antes-nombre-{key}")
    if shown_state is None or shown_name is None:  # a page from before these fields: compare with the file
        return True
    if state == shown_state and (person or "") == shown_name and not note:
        return False
    if not note and state == a.estado and (person or "") == (a.nombre or ""):
        return False  # already so in the file (the same form sent twice)
    if a.estado != shown_state or (a.nombre or "") != shown_name:
        errors.add(f"estado-{key}", f"Esta fila cambió en el archivo desde que abrió la página (ahora: «{a.estado}»"
                                    f"{', ' + a.nombre if a.nombre else ''}): recargue la página y vuelva a escribirla.")
        return False
    return True


async def decision_post(request: Any) -> Any:
    """`coprod decision add`: a decision at the end of the session's list."""
    from starlette.concurrency import run_in_threadpool

    from ..edit.session import NewDecision
    from ..pipeline.sessions import actors_of, record_decision

    form = await read_form(request)
    doc, s, root = _loaded(request)
    name = request.path_params["name"]
    forms = fresh(s)
    forms.values.update(form)
    errs = forms.decision
    text = errs.take("texto", _required_text, form.get("texto", ""))
    who = form.get("responsable", "").strip()
    errs.take("responsable", lambda v: actors_of(root).resolve(v, "el campo «Responsable»") if v else None, who)
    due = errs.take("plazo", lambda v: form_date(v, "Plazo") if v.strip() else None, form.get("plazo", ""))
    agreements = errs.take("acuerdos", lambda v: agreement_ids(root, v), form.get("acuerdos", ""))
    note = errs.take("nota-acuerdo", note_text, form.get("nota-acuerdo", ""))
    if errs:
        return render(request, name, forms, 422)
    new = NewDecision(text or "", who or None, due.isoformat() if due else None, agreements or [], bool(form.get("elevar")), note)
    before = snapshot_file(root / doc.rel)
    try:
        outcome = await run_in_threadpool(record_decision, root, name, new)
    except CoprodError as exc:
        message = str(exc)
        errs.add(next((f for opt, f in DECISION_FIELDS if opt in message), ""), refused_text(message))
        return render(request, name, forms, 422)
    return await written_page(request, outcome, before, back=f"/sesiones/{quote(name)}", title=_("Acuerdo agregado a la sesión {name}").format(name=name))


def _required_text(text: str) -> str:
    value = note_text(text)
    if not value:
        raise CoprodError("escriba qué se acordó")
    return value


def agreement_ids(root: Path, text: str) -> list[str]:
    """«a, b c» → [a, b], each an agreement of ``acuerdos/`` (with «¿quiso decir…?»); never a path."""
    from ..edit.paths import agreement_file

    ids = [part for part in re.split(r"[,;\s]+", text.strip()) if part]
    for ident in ids:
        if not SLUG_RE.match(ident) or len(ident) > NAME_MAX:  # a name the system refuses («File name too long»)
            raise CoprodError(f"«{ident[:60]}» no es el id de un acuerdo: use el id, en minúsculas y con guiones (por ejemplo imas-ina-mapeo-familias)")
        agreement_file(root, ident)
    return list(dict.fromkeys(ids))


async def done_post(request: Any) -> Any:
    """`coprod decision done SESIÓN N --date FECHA`."""
    from starlette.concurrency import run_in_threadpool

    from ..pipeline.sessions import record_decision_done

    form = await read_form(request)
    doc, s, root = _loaded(request)
    name, number = request.path_params["name"], int(request.path_params["number"])
    forms = fresh(s)
    key = f"cumplido-{number}"
    forms.values[key] = form.get("fecha", "")
    day = forms.done.take(key, lambda v: form_date(v, "Fecha en que se cumplió"), form.get("fecha", ""))
    if not 1 <= number <= len(s.acuerdos_sesion):
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    shown = form.get("texto")  # the decision the page showed under this number (a page from before: absent)
    if day is not None and shown is not None and shown != s.acuerdos_sesion[number - 1].descripcion:
        forms.done.add(key, f"El acuerdo {number} del archivo ya no es el que mostraba la página (el archivo cambió "
                            "desde que la abrió): recargue la página y márquelo de nuevo. No se escribió nada.")
    if day is None or forms.done:
        return render(request, name, forms, 422)
    before = snapshot_file(root / doc.rel)
    try:
        outcome = await run_in_threadpool(record_decision_done, root, name, str(number), day.isoformat())
    except CoprodError as exc:
        forms.done.add(key, refused_text(str(exc)))
        return render(request, name, forms, 422)
    return await written_page(request, outcome, before, back=f"/sesiones/{quote(name)}", title=_("Acuerdo {number} de la sesión {name} cumplido").format(number=number, name=name))
