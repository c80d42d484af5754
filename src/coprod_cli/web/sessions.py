"""The sessions of the repository: ``/sesiones`` (the list, with the attendance
and decision figures of compute/sessions.py, and the «Nueva sesión» form over
`coprod new session`'s own creator) and, in ``session_page.py``, one session's
page with its attendance table and its decisions.

A session is named in the address by its file's stem (``2015-09-08``,
``2015-10-24-los-guido``) and looked up among the loaded sessions: the address
never becomes a path. Figures as of ``?mes=AAAA-MM`` (default: this month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import CoprodError
from ..lang import _, ngettext
from ..model import types
from ..model.labels import title
from ..model.types import Month
from .forms import FormErrors, read_form

FIELDS = ("fecha", "tipo", "instancia", "eje", "lugar", "sufijo")
#: What the messages of `coprod new session` call each value, in the form's words.
ORIGIN = {"date": "el campo «Fecha»", "type": "el campo «Tipo»", "body": "el campo «Instancia»",
          "axis": "el campo «Eje»", "place": "el campo «Lugar»", "suffix": "el campo «Sufijo»"}


def routes() -> list[Any]:
    from starlette.routing import Route

    from . import session_page

    return [
        Route("/sesiones", sessions_list, methods=["GET"]),
        Route("/sesiones", new_session, methods=["POST"]),
        *session_page.routes(),
    ]


def as_of(request: Any) -> Month:
    """``?mes=AAAA-MM`` (as `--as-of`), or the current month; a month that does not read → 400 in Spanish."""
    text = request.query_params.get("mes")
    if not text:
        return types.current_month()
    return Month.argument(text, f"«mes={text[:20]}»: el mes")


def session_doc(repo: Any, name: str) -> Any:
    """The loaded session document whose file stem is ``name`` (404 when none)."""
    from starlette.exceptions import HTTPException

    found = [d for d in repo.sesiones if Path(d.rel).stem == name]
    if len(found) != 1:
        raise HTTPException(404)
    return found[0]


@dataclass(frozen=True)
class SessionRow:
    """One line of the list, as the page shows it (the figures of compute/sessions.session_record)."""

    name: str
    rel: str
    date: str
    body: str
    kind: str
    held: bool
    convened: int
    present: int
    titular: int
    suplente: int
    absent: int
    justified: int
    quorum: str  # «83,3 %», «—»
    quorum_met: bool | None
    done: int
    pending: int
    overdue: int
    unread: bool = False

    @property
    def decisions(self) -> list[tuple[str, str]]:
        """(«1 vencido», state) of each state present, overdue first; empty: no decision."""
        counts = (("vencido", self.overdue), ("pendiente", self.pending), ("cumplido", self.done))
        words = {"vencido": lambda n: ngettext("{n} vencido", "{n} vencidos", n),
                 "pendiente": lambda n: ngettext("{n} pendiente", "{n} pendientes", n),
                 "cumplido": lambda n: ngettext("{n} cumplido", "{n} cumplidos", n)}
        return [(words[w](n).format(n=n), w) for w, n in counts if n]


def session_rows(repo: Any, month: Month) -> list[SessionRow]:
    """Every session file, newest first; one that does not load is listed as unread."""
    from ..compute.sessions import session_record
    from ..i18n import DEFAULT_LOCALE, locale_for, pct
    from ..model.sessions import held_by, thresholds

    manifest = repo.manifest
    locale = locale_for(manifest.pais) if manifest else DEFAULT_LOCALE
    quorum = thresholds(manifest).quorum
    rows = []
    for doc in repo.sesiones:
        name = Path(doc.rel).stem
        s = doc.model
        if s is None:
            rows.append(SessionRow(name, doc.rel, name[:10], "", "", False, 0, 0, 0, 0, 0, 0, "—", None, 0, 0, 0, unread=True))
            continue
        r = session_record(doc.rel, s, month, quorum)
        held = held_by(s, month)
        rows.append(SessionRow(
            name, doc.rel, s.fecha.isoformat(), _body(repo, s), title(s.tipo), held, r.convened, r.present, r.titular,
            r.suplente, r.absent, r.justified, pct(r.quorum, locale=locale) if held else "—", r.quorum_met if held else None,
            r.decisions.done, r.decisions.pending, r.decisions.overdue,
        ))  # fmt: skip
    return sorted(rows, key=lambda x: (x.date, x.name), reverse=True)


def _body(repo: Any, s: Any) -> str:
    """«Consejo», «Grupo de trabajo (Desarrollo local)»."""
    text = title(s.instancia)
    if s.eje:
        axes = {e.id: e.nombre for e in repo.manifest.estrategia.ejes} if repo.manifest else {}
        text += f" ({axes.get(s.eje, s.eje)})"
    return text


def choices(repo: Any) -> dict[str, list[tuple[str, str]]]:
    """The options of the form's lists: (value, label)."""
    from ..scaffold.session import INSTANCIAS, TIPOS

    axes = [(e.id, e.nombre) for e in repo.manifest.estrategia.ejes] if repo.manifest else []
    return {"tipo": [(t, title(t)) for t in TIPOS], "instancia": [(i, title(i)) for i in INSTANCIAS], "eje": axes}


async def sessions_list(request: Any) -> Any:
    return _list_page(request, FormErrors(), {"fecha": "", "tipo": "ordinaria", "instancia": "consejo"})


def _list_page(request: Any, errors: FormErrors, values: dict[str, str], status: int = 200) -> Any:
    from .pages import page
    from .state import state_of

    month = as_of(request)
    state = state_of(request)
    repo = state.repository()
    rows = state.cached(f"sesiones:{month}", lambda: session_rows(repo, month))
    return page("sesiones.html.j2", request, status=status, title=_("Sesiones"), rows=rows, month=str(month),
                errors=errors, values=values, choices=choices(repo))


async def new_session(request: Any) -> Any:
    """`coprod new session --no-input`: the new file (never over another), then its page."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    from ..pipeline.sessions import create_session
    from ..scaffold.session import SessionOptions
    from .state import state_of

    form = await read_form(request)
    values = {k: form.get(k, "") for k in FIELDS}
    state = state_of(request)
    errors = check_new(state.root, state.repository(), values)
    if errors:
        return _list_page(request, errors, values, 422)
    opts = SessionOptions(date=values["fecha"], type=values["tipo"] or "ordinaria", body=values["instancia"] or "consejo",
                          axis=values["eje"] or None, place=values["lugar"] or None, suffix=values["sufijo"] or None,
                          origin=dict(ORIGIN))
    try:
        created = await run_in_threadpool(create_session, state.root, opts)
    except CoprodError as exc:
        errors.add("fecha" if "ya existe" in str(exc) else "", refused_text(str(exc)))
        return _list_page(request, errors, values, 422)
    return RedirectResponse(f"/sesiones/{quote(Path(created.rel).stem)}?creada=1", status_code=303)


def check_new(root: Path, repo: Any, values: dict[str, str]) -> FormErrors:
    """Each field read by the creator's own checks, its message by the field; a taken date at «Fecha»."""
    from ..scaffold.answers import axis_lookup
    from ..scaffold.init import clean_text
    from ..scaffold.session import INSTANCIAS, TIPOS, check_choice, check_suffix, existing_session, session_stem

    errors = FormErrors()
    day = errors.take("fecha", lambda v: form_date(v, "Fecha"), values["fecha"])
    errors.take("tipo", lambda v: check_choice(v or "ordinaria", TIPOS, "tipo de sesión", ORIGIN["type"]), values["tipo"])
    body = errors.take("instancia", lambda v: check_choice(v or "consejo", INSTANCIAS, "instancia", ORIGIN["body"]), values["instancia"])
    errors.take("eje", lambda v: axis_lookup(repo).resolve(v, ORIGIN["axis"]) if v.strip() else None, values["eje"])
    if body == "grupo_trabajo" and not values["eje"].strip():
        errors.add("eje", "La sesión de un grupo de trabajo necesita su eje: elíjalo en la lista.")
    errors.take("lugar", lambda v: clean_text(v, "el lugar"), values["lugar"])
    suffix = errors.take("sufijo", lambda v: check_suffix(v, ORIGIN["suffix"]), values["sufijo"])
    if day is not None and "sufijo" not in errors.by_field:
        taken = existing_session(root, session_stem(day, suffix))
        if taken is not None:
            errors.add("fecha", f"Ya hay una sesión en «sesiones/{taken}»; coprod no sobrescribe archivos. Si es otra sesión "
                                "del mismo día, escriba un sufijo en el campo «Sufijo» (por ejemplo «extraordinaria» o el lugar).")
    return errors


def form_date(text: str, label: str) -> dt.date:
    """A day typed in a form field: the CLI's own reading (AAAA-MM-DD, real, in coprod's years)."""
    from ..edit.sessionfile import parse_date

    if not text.strip():
        raise CoprodError(f"falta «{label}»: escriba una fecha con la forma AAAA-MM-DD (por ejemplo 2015-09-08)")
    return parse_date(text, f"«{text.strip()[:40]}» ({label})")


def note_text(text: str) -> str | None:
    """A note typed in a form, read as `--note` is (None when empty)."""
    from ..edit.arguments import clean_note

    try:
        return clean_note(text)
    except CoprodError:
        raise CoprodError("la nota tiene caracteres de control (invisibles); bórrelos y vuelva a escribirla") from None


def refused_text(message: str) -> str:
    """An editor's refusal in the form's words, ending with «No se escribió nada.»."""
    text = form_words(message)
    return text + ("" if text.endswith((".", "?", "!")) else ".") + " No se escribió nada."


def form_words(message: str) -> str:
    """A message of the CLI's editors in the form's words: the options become the fields they came from."""
    import re

    from .forms import sentence

    words = {"--suffix": "el campo «Sufijo»", "--due": "el campo «Plazo»", "--date": "el campo «Fecha»",
             "--responsible": "el campo «Responsable»", "--text": "el campo «Qué se acordó»", "--note": "el campo «Nota»",
             "--value": "el campo «Valor»", "--source": "el campo «Fuente»", "--name": "el campo «Nombre»"}
    text = re.sub(r"--suffix (\S+)", r"«\1» en el campo «Sufijo»", message)
    for option, field in words.items():
        text = text.replace(option, field)
    return sentence(text.replace("«coprod decision add»", "el formulario «Agregar un acuerdo»"))
