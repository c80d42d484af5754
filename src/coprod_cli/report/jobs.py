"""The report set as jobs: which reports, in which formats, under which file
names, and the refusal of a set in which two reports would be one file."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..lang import N_, _
from .views import AgreementView, ReportContext
from .views.session_types import SessionView

REPORT_KEYS = ("indice", "ficha", "monitoreo", "avance", "actores", "indicadores", "grupos", "convocatoria", "acta", "anual")
#: The reports' titles (Spanish; ``titles()`` in the language in use).
REPORT_TITLES = {
    "indice": N_("Índice de informes"),
    "ficha": N_("Ficha del acuerdo"),
    "monitoreo": N_("Tabla de monitoreo"),
    "avance": N_("Informe de avance"),
    "actores": N_("Mapa de actores"),
    "indicadores": N_("Indicadores del plan anual"),
    "grupos": N_("Grupos de trabajo"),
    "convocatoria": N_("Convocatoria"),
    "acta": N_("Acta de la sesión"),
    "anual": N_("Informe anual de acceso público"),
}
FORMATS = ("html", "md")


def titles() -> dict[str, str]:
    """Every report's title in the language in use."""
    return {key: _(title) for key, title in REPORT_TITLES.items()}


#: Reports for the public whatever the mode (5.3 A.2.3): always rendered from the redacted context.
PUBLIC_REPORTS = ("anual",)
#: Output file names longer than this do not fit every file system (255 bytes on most, with the path on Windows).
MAX_NAME_BYTES = 200


class ReportProblem(Exception):
    """The reports cannot be written as the repository stands (exit 1). ``str()`` is Spanish."""


#: Reports written once per session: the minutes of each session held, the convocation of the next ones.
SESSION_REPORTS = ("convocatoria", "acta")


def file_name(key: str, ctx: ReportContext, fmt: str, agreement: Any = None) -> str:
    """The file of a report; ``agreement`` is the agreement (or participation) of a sheet, the session of a session report."""
    if key in SESSION_REPORTS:
        assert agreement is not None
        return f"{key}-{agreement.stem}.{fmt}"
    if key == "indice":
        return f"index.{fmt}"
    if key == "ficha":
        assert agreement is not None
        return f"{agreement.file_stem}.{fmt}"
    if key == "avance":
        return f"avance-{ctx.as_of}.{fmt}"
    if key == "anual":
        return f"anual-{ctx.annual.year}.{fmt}"
    return f"{key}.{fmt}"


@dataclass(frozen=True)
class Job:
    key: str
    fmt: str
    agreement: AgreementView | None
    name: str
    session: SessionView | None = None


def plan(ctx: ReportContext, formats: tuple[str, ...], only: str | None) -> list[Job]:
    """The reports to write; ``only`` is a report key or an agreement id (that agreement's sheet)."""
    sheet_of = only if only is not None and only not in REPORT_KEYS else None
    jobs = []
    for fmt in formats:
        for key in REPORT_KEYS:
            if only and key != only and not (sheet_of and key == "ficha"):
                continue
            if key == "ficha":
                jobs += [Job(key, fmt, a, file_name(key, ctx, fmt, a)) for a in ctx.agreements if sheet_of in (None, a.id)]
            elif key in SESSION_REPORTS:
                jobs += [Job(key, fmt, None, file_name(key, ctx, fmt, s), s) for s in session_list(ctx, key)]
            else:
                jobs.append(Job(key, fmt, None, file_name(key, ctx, fmt)))
    return jobs


def session_list(ctx: ReportContext, key: str) -> tuple[SessionView, ...]:
    """The sessions a session report is written for (none when the context has no session figures)."""
    if ctx.sessions is None:
        return ()
    return ctx.sessions.minutes if key == "acta" else ctx.sessions.convocations


def _source(job: Job) -> str | None:
    item = job.agreement or job.session
    return item.source if item is not None and item.source else None


def same_file_key(name: str) -> str:
    """Two names that are one file on some file system map to one key.

    Windows and macOS ignore case, macOS normalises Unicode, Windows drops
    trailing dots and spaces: a report set must be the same set everywhere.
    """
    return unicodedata.normalize("NFC", name).casefold().rstrip(" .")


def check_outputs(jobs: list[Job]) -> None:
    """Refuse a set in which two reports would be one file (``ReportProblem``).

    Why before writing anything: the second would silently replace the first
    (``x.yaml`` and ``x.yml`` with the same id), and the count of written
    reports would be false.
    """
    from ..load.repository import shown_name

    groups: dict[str, list[Job]] = {}
    for job in jobs:
        if len(job.name.encode("utf-8")) > MAX_NAME_BYTES:
            origin = _source(job)
            source = f" (de «{shown_name(origin)}»)" if origin else ""
            what = "el nombre del archivo de la sesión" if job.session is not None else "el id del acuerdo"
            raise ReportProblem(
                f"el informe «{shown_name(job.name[:60])}…»{source} tendría un nombre de archivo de más de {MAX_NAME_BYTES} bytes; "
                f"acorte {what}. No se escribió ningún informe."
            )
        groups.setdefault(same_file_key(job.name), []).append(job)
    for group in groups.values():
        if len(group) < 2:
            continue
        names = sorted({j.name for j in group})
        sources = sorted({s for j in group if (s := _source(j))})
        what = " y ".join(f"«{shown_name(n)}»" for n in sources) if sources else "dos informes"
        ids = sorted({j.agreement.id for j in group if j.agreement is not None})
        same_file = " (sus nombres solo difieren en mayúsculas o en la forma de escribir un acento: en Windows y macOS son el mismo archivo)"
        why = f" (el id «{ids[0]}» está repetido: regla CP506 de «coprod validate»)" if len(ids) == 1 else same_file
        if not ids and len(sources) > 1:  # two session files with one name but their extension (.yaml, .yml)
            why = " (dos archivos de sesión con el mismo nombre)"
        raise ReportProblem(
            f"{what} se escribirían en el mismo archivo «{shown_name(names[0])}»{why}. "
            "Cambie el id de uno de ellos o borre el archivo sobrante. No se escribió ningún informe."
        )


def needs_public_context(ctx: ReportContext, only: str | None) -> bool:
    """Whether ``render`` needs a redacted context besides ``ctx`` (an internal set with the annual report)."""
    return not ctx.public and (only is None or only in PUBLIC_REPORTS)
