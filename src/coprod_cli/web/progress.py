"""``/avance?mes=AAAA-MM``: the month's progress for every agreement, one form.

One row per commitment scheduled in the month (the month, or each of its
sub-activities when the month is recorded that way: the rows of the
spreadsheet's «Avance» sheet for that month), with the level recorded and its
note. The form is sent whole; only the rows whose level or note differ from
what the files say are edits. They are staged together by ``edit/batch.py``
(the spreadsheet import's all-or-nothing: every file locked, every edit
applied in memory, a file that changed since the page was shown is a
conflict) and written only when every row passed: a refused row shows its
message next to it and no file is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import SOURCE, _, language
from ..model import types
from ..model.records import commitments
from ..model.types import NIVELES, Month
from .agreements import _raw_level, level_choices, refused
from .forms import FormErrors, file_diff, read_multi, snapshot_file
from .pages import page
from .state import state_of


def routes() -> list[Any]:
    from starlette.routing import Route

    return [Route("/avance", month_page, methods=["GET"]), Route("/avance", record_month, methods=["POST"])]


@dataclass
class Row:
    """A commitment of the month: the agreement, the sub-activity (None: the whole month), what is recorded."""

    key: str  # «acuerdos/x.yaml#2015-09» or «…#2015-09#2»: the row's id in the form
    rel: str
    ident: str
    title: str
    month: Month
    subactivity: int | None
    activities: list[str]  # what the schedule says for the month (or the sub-activity)
    level: Any  # as written; None: nothing recorded
    note: str | None
    digest: str  # sha256 of the file's bytes when the page was built (a change since then is a conflict)

    @property
    def valid_level(self) -> bool:
        return self.level in NIVELES


def _digest(path: Path) -> str:
    from ..load.guard import read_bounded
    from ..load.yamlsource import MAX_FILE_BYTES

    raw, _size = read_bounded(path, MAX_FILE_BYTES)
    return hashlib.sha256(raw or b"").hexdigest()


def month_rows(root: Path, repo: Any, month: Month) -> list[Row]:
    """The commitments of ``month`` of every agreement that loaded, by file name."""
    rows: list[Row] = []
    for doc, a in sorted(repo.valid_agreements(), key=lambda pair: pair[0].rel):
        if a.cronograma is None or not any(m.mes == month for m in a.cronograma.meses):
            continue
        digest = _digest(root / doc.rel)
        scheduled = next(m for m in a.cronograma.meses if m.mes == month)
        activities = [x.descripcion for x in scheduled.actividades]
        seen: set[str] = set()
        for c in commitments(a, month):
            key = f"{doc.rel}#{c.month}" + (f"#{c.subactivity}" if c.subactivity is not None else "")
            if c.month != month or key in seen:
                continue  # another month, or a month scheduled twice (CP209): one row
            seen.add(key)
            shown = activities if c.subactivity is None else activities[c.subactivity - 1:c.subactivity]
            rows.append(Row(key, doc.rel, a.id, a.titulo, month, c.subactivity, shown, _raw_level(a, c), c.note, digest))
    return rows


def _rows(request: Any, month: Month) -> list[Row]:
    state = state_of(request)
    return list(state.cached(f"avance:{month}", lambda: month_rows(state.root, state.repository(), month)))


def _month_of(request: Any, errors: FormErrors) -> Month:
    from ..edit.arguments import parse_month

    text = request.query_params.get("mes", "").strip()
    if not text:
        return types.current_month()
    month = errors.take("mes", parse_month, text)
    return month if month is not None else types.current_month()


def render_month(request: Any, month: Month, status: int = 200, errors: FormErrors | None = None,
                 typed: dict[str, tuple[str, str]] | None = None, nothing: bool = False) -> Any:
    rows = _rows(request, month)
    typed = typed or {}
    shown = []
    for i, r in enumerate(rows):
        level, note = typed.get(r.key, ("" if r.level is None else str(r.level), r.note or ""))
        shown.append({"i": i, "row": r, "level": level, "note": note})
    recorded = sum(1 for r in rows if r.valid_level)
    return page(
        "avance.html.j2", request, status=status, title=_("Avance de {month}").format(month=month_name(month)), month=str(month),
        month_name=month_name(month), previous=str(month + -1), next=str(month + 1), rows=shown,
        recorded=recorded, levels=level_choices(), errors=errors or FormErrors(), nothing=nothing,
    )


#: Fields of the month's form: four a row (key, file hash, level, note); the guard's 1 MB bounds the body anyway.
MAX_FIELDS = 50_000

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


def month_name(month: Month) -> str:
    """«julio de 2015» (``July 2015`` in English)."""
    if language() != SOURCE:
        from ..i18n import month_long

        return month_long(month)
    return f"{MONTHS[month.month - 1]} de {month.year}"


async def month_page(request: Any) -> Any:
    errors = FormErrors()
    month = _month_of(request, errors)
    return render_month(request, month, 422 if errors else 200, errors)


# --- the form sent -------------------------------------------------------------------------


@dataclass
class Asked:
    """What the form asks of one row: the level (None: keep) and the note (None: keep)."""

    index: int
    row: Row
    level: int | None
    note: str | None


def _last(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[-1]


def _read_rows(form: dict[str, list[str]], rows: list[Row], errors: FormErrors) -> tuple[list[Asked], dict[str, tuple[str, str]]]:
    """Each row sent, read with the CLI's parse functions; the changed ones, and every value typed (to show again)."""
    from ..edit.arguments import clean_note, parse_level

    by_key = {r.key: (i, r) for i, r in enumerate(rows)}
    asked: list[Asked] = []
    typed: dict[str, tuple[str, str]] = {}
    sent = sorted({int(k.split("-", 1)[1]) for k in form if k.startswith("clave-") and k.split("-", 1)[1].isdigit()})
    for n in sent:
        key = _last(form, f"clave-{n}")
        level_text, note_text = _last(form, f"nivel-{n}"), _last(form, f"nota-{n}").replace("\r\n", "\n")
        if key not in by_key:
            errors.add("", _("Una fila del formulario ya no está en el cronograma de este mes (¿se cambió un archivo?): "
                             "recargue la página y registre de nuevo. No se escribió nada."))
            continue
        i, row = by_key[key]
        typed[key] = (level_text, note_text)
        kept = row.level is not None and level_text.strip() == str(row.level)  # as recorded, even off the scale
        level = errors.take(f"nivel-{i}", parse_level, level_text) if level_text.strip() and not kept else None
        note = errors.take(f"nota-{i}", clean_note, note_text)
        if not level_text.strip() and row.level is not None:
            errors.add(f"nivel-{i}", _("Esta tabla no quita un nivel registrado: elija un nivel (para quitarlo por un "
                                       "error, use la orden «coprod progress unset»)."))
        if not note_text.strip() and (row.note or "").strip():
            errors.add(f"nota-{i}", _("Esta tabla no borra una nota: escriba otra o déjela como estaba."))
        new_level = level if level is not None and level != row.level else None
        new_note = note if note is not None and note != (row.note or "").strip() else None
        if new_level is None and new_note is None:
            continue
        if _last(form, f"huella-{n}") != row.digest:  # the value shown is not the one recorded now
            errors.add(f"nivel-{i}", _("«{rel}» cambió desde que abrió esta página (otro programa o una persona "
                                       "lo guardó): recargue la página y registre de nuevo. No se escribió nada.").format(rel=row.rel))
        asked.append(Asked(i, row, new_level, new_note))
    return asked, typed


@dataclass
class Written:
    """The files the month's form changed: (rel, bytes before, bytes after), and what each row recorded."""

    files: list[tuple[str, bytes, bytes]]
    lines: dict[str, list[str]]


def stage_and_write(root: Path, asked: list[Asked], errors: FormErrors) -> Written | None:
    """All the edits staged together (edit/batch.py); written only when none is refused or in conflict."""
    from ..edit.batch import Batch

    batch = Batch(root)
    for a in asked:
        batch.expect(a.row.rel, a.row.digest)
        batch.progress(f"fila-{a.index}", a.row.rel, a.row.month, a.row.subactivity, a.level, a.note)
    with batch.staged() as st:
        for r in st.refusals:
            index = r.origin.split("-", 1)[1]
            errors.add(f"nivel-{index}", refused(CoprodError(r.message)))
        for c in st.conflicts:
            errors.add("", _("«{rel}» cambió desde que abrió esta página: recargue la página y registre de nuevo. "
                             "No se escribió nada.").format(rel=c.rel))
        if errors:
            return None
        files = [(rel, old, new) for rel, (old, new) in sorted(st.files.items())]
        try:
            st.commit()
        except CoprodError as exc:
            # Why not «No se escribió nada» always: a file that fails after others were written (disk full, a
            # program saving it at that moment) leaves the earlier ones written, and the page must say so.
            done = [rel for rel, _, new in files if snapshot_file(root / rel) == new]
            errors.add("", refused(exc, _("No se escribió nada.") if not done else
                                   _("Recargue la página: lo ya escrito se ve en la tabla; registre de nuevo solo lo que falta.")))
            return None
    lines: dict[str, list[str]] = {}
    for a in asked:
        lines.setdefault(a.row.rel, []).append(_said(a))
    return Written(files, lines)


def _said(a: Asked) -> str:
    what = (_("subactividad {sub} de {month}").format(sub=a.row.subactivity, month=a.row.month)
            if a.row.subactivity else str(a.row.month))
    parts = [f"{a.row.ident}, {what}"]
    if a.level is not None:
        parts.append(_("nivel {level} % ({label})").format(level=a.level, label=_(NIVELES[a.level])))
    if a.note is not None:
        parts.append(_("nota: {note}").format(note=a.note))
    return ": ".join(parts[:1]) + ": " + "; ".join(parts[1:])


async def record_month(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from ..edit.arguments import parse_month

    form = await read_multi(request, max_fields=MAX_FIELDS)
    errors = FormErrors()
    month = errors.take("mes", parse_month, _last(form, "mes"))
    if month is None:
        return render_month(request, types.current_month(), 422, errors)
    rows = _rows(request, month)
    asked, typed = _read_rows(form, rows, errors)
    if errors:
        return render_month(request, month, 422, errors, typed)
    if not asked:
        return render_month(request, month, 200, errors, typed, nothing=True)
    try:
        done = await run_in_threadpool(stage_and_write, state_of(request).root, asked, errors)
    except CoprodError as exc:
        errors.add("", refused(exc))
        done = None
    if done is None:
        return render_month(request, month, 422, errors, typed)
    return await written_files_page(request, done, back=f"/avance?mes={month}", title=_("Avance de {month} registrado").format(month=month_name(month)))


async def written_files_page(request: Any, done: Written, back: str, title: str, link: tuple[str, str] | None = None) -> Any:
    """The page after a write of one or more files: what each row recorded, each file's diff, the re-check."""
    from starlette.concurrency import run_in_threadpool

    from ..pipeline.validation import validate_cached
    from .gitsave import note_written

    state = state_of(request)
    for rel, _before, _after in done.files:
        note_written(request, rel)
    # Why the validation cache: it keys on each file's bytes, so the files just written are checked again
    # and the others reused (10,000 agreements: about 3 s instead of a minute for a check from scratch).
    result = await run_in_threadpool(validate_cached, state.root)
    changed = {rel for rel, _, _ in done.files}
    mine = [d for d in result.diagnostics if d.file in changed]
    files = [{"rel": rel, "lines": done.lines.get(rel, []), "diff": file_diff(rel, old, new), "new": not old}
             for rel, old, new in done.files]
    return page("avance-escrito.html.j2", request, title=title, files=files, back=back, link=link,
                errors_total=result.errors, warnings_total=result.warnings, problems=mine[:20],
                more=max(0, len(mine) - 20), git=state.git)
