"""Render the report set through Jinja.

Built-in templates ship in the package (``coprod_cli/templates/reports``); a
canton repository may override any of them with a file of the same relative
path under its own ``templates/`` folder, and then every template renders in
Jinja's sandbox. All render with ``StrictUndefined``: HTML with autoescape, Markdown with every
value passed through ``md_escape``. Text from agreements is data, never HTML,
Markdown or template code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..fsutil import atomic_write_text
from ..i18n import date_long, month_long, pct
from ..model.types import NIVELES, Month
from ..render.markdown import md_escape_br as md_escape
from ..render.safe import plain_lines
from . import svg
from .views import AgreementView, ReportContext

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
REPORT_KEYS = ("indice", "ficha", "monitoreo", "avance", "actores", "anual")
REPORT_TITLES = {
    "indice": "Índice de informes",
    "ficha": "Ficha del acuerdo",
    "monitoreo": "Tabla de monitoreo",
    "avance": "Informe de avance",
    "actores": "Mapa de actores",
    "anual": "Informe anual de acceso público",
}
FORMATS = ("html", "md")
#: Pictures that grow with the repository are drawn only while they stay readable;
#: the tables beside them carry the same data at any size.
MAX_PICTURE_ROWS = 300
MAX_MATRIX_COLUMNS = 60
#: The Gantt chart's month columns: every month from the first scheduled one to
#: the last while they are this many or fewer, else only the scheduled months;
#: no chart past it (the schedule's table carries the same data). Why: a chart's
#: size must follow what the file lists, not the distance between two months.
MAX_GANTT_MONTHS = 60
#: Reports for the public whatever the mode (5.3 A.2.3): always rendered from the redacted context.
PUBLIC_REPORTS = ("anual",)


class TemplateOutsideRepository(Exception):
    """A canton template resolves (through a link) outside the repository."""


class ContainedLoader(FileSystemLoader):
    """A canton's templates/ folder; refuses files that resolve outside the repository."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.root = root.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        # Why before reading: a link to a CI secret must not even be opened.
        from jinja2.loaders import split_template_path

        for folder in self.searchpath:
            candidate = Path(folder, *split_template_path(template))
            if candidate.is_file():
                try:
                    candidate.resolve().relative_to(self.root)
                except (ValueError, OSError, RuntimeError):
                    raise TemplateOutsideRepository(template) from None
        source, filename, uptodate = super().get_source(environment, template)
        try:
            Path(filename).resolve().relative_to(self.root)
        except ValueError:  # pragma: no cover - checked above; a second lock for a race
            raise TemplateOutsideRepository(template) from None
        return source, filename, uptodate


def gantt_months(scheduled: Iterable[Month]) -> list[Month]:
    """The columns of an agreement's Gantt chart (empty: no chart); see MAX_GANTT_MONTHS."""
    months = sorted(set(scheduled))
    if not months:
        return []
    span = months[-1] - months[0] + 1
    if span <= MAX_GANTT_MONTHS:
        return svg.months_between(months[0], months[-1])
    return months if len(months) <= MAX_GANTT_MONTHS else []


def file_name(key: str, ctx: ReportContext, fmt: str, agreement: Optional[AgreementView] = None) -> str:
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


def _textbar(value: Optional[float], width: int = 10) -> str:
    if value is None:
        return "·" * width
    filled = int(round(max(0.0, min(100.0, value)) * width / 100))
    return "█" * filled + "░" * (width - filled)


def _html_text(value: Any) -> Any:
    """Control characters in user text shown as escapes (autoescape then handles the markup)."""
    return plain_lines(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def environment(repo_root: Path, fmt: str, ctx: ReportContext) -> Environment:
    loaders = []
    own = repo_root / "templates"
    if own.is_dir():
        loaders.append(ContainedLoader(own, repo_root))
    loaders.append(FileSystemLoader(str(BUILTIN)))
    # Why: the sandbox checks every attribute access (~2x slower rendering).
    # Templates from the repository may come from any pull request: when the
    # repository has a templates/ folder, every template renders sandboxed;
    # coprod's own templates alone are trusted code.
    env_class = SandboxedEnvironment if own.is_dir() else Environment
    env = env_class(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape if fmt == "md" else _html_text,
    )
    loc = ctx.locale

    def f_pct(value: Optional[float]) -> str:
        return pct(value, locale=loc)

    def f_month(value: Optional[Month]) -> str:
        return month_long(value, loc) if value is not None else "—"

    def f_date(value: Optional[dt.date]) -> str:
        return date_long(value, loc) if value is not None else "—"

    def gantt(a: AgreementView) -> Markup:
        columns = gantt_months([m.month for m in a.months])
        if not columns or len(a.commitments) > MAX_PICTURE_ROWS:
            return Markup("")
        rows = []
        for c in a.commitments:
            label = c.month.short_label + (f" · {c.subactivity}. " if c.subactivity else " · ") + (c.description or "sin actividad descrita")
            rows.append((label, c.month, c.level, c.due))
        return svg.gantt(rows, columns, loc, f"Cronograma de {a.title}, coloreado por nivel de avance")

    def heatmap(c: ReportContext) -> Markup:
        if len(c.agreements) > MAX_PICTURE_ROWS:
            return Markup("")
        return svg.heatmap([a.id for a in c.agreements], [[x.met for x in a.criteria] for a in c.agreements], "Mapa de calor: acuerdos por criterio de monitoreo")

    def actor_matrix(c: ReportContext) -> Markup:
        if len(c.agreements) > MAX_MATRIX_COLUMNS:
            return Markup("")
        actors = [x for x in c.actors if x.participation]
        return svg.matrix(
            [x.label for x in actors],
            [a.id for a in c.agreements],
            [[x.role_in(a.id) for a in c.agreements] for x in actors],
            "Matriz de actores por acuerdo (E encargado, C colaborador, S sociedad civil, R corresponsable)",
        )

    def link(key: str, agreement: Optional[AgreementView] = None) -> str:
        return file_name(key, ctx, fmt, agreement)

    env.filters.update(
        pct=f_pct,
        month=f_month,
        date=f_date,
        short=lambda m: m.short_label,
        level_name=lambda n: NIVELES.get(n, "") if n is not None else "sin informe",
        textbar=_textbar,
        bar=lambda v, label="": svg.bar(v, loc, label=label),
        md=md_escape,
    )
    env.globals.update(
        gantt=gantt,
        heatmap=heatmap,
        actor_matrix=actor_matrix,
        link=link,
        titles=REPORT_TITLES,
        max_picture_rows=MAX_PICTURE_ROWS,
        max_matrix_columns=MAX_MATRIX_COLUMNS,
        level_colours=svg.LEVEL_COLOURS,
        level_text=svg.LEVEL_TEXT,
    )
    return env


@dataclass(frozen=True)
class Job:
    key: str
    fmt: str
    agreement: Optional[AgreementView]
    name: str


def plan(ctx: ReportContext, formats: tuple[str, ...], only: Optional[str]) -> list[Job]:
    jobs = []
    for fmt in formats:
        for key in REPORT_KEYS:
            if only and key != only:
                continue
            if key == "ficha":
                jobs += [Job(key, fmt, a, file_name(key, ctx, fmt, a)) for a in ctx.agreements]
            else:
                jobs.append(Job(key, fmt, None, file_name(key, ctx, fmt)))
    return jobs


def needs_public_context(ctx: ReportContext, only: Optional[str]) -> bool:
    """Whether ``render`` needs a redacted context besides ``ctx`` (an internal set with the annual report)."""
    return not ctx.public and (only is None or only in PUBLIC_REPORTS)


#: Below this many files, a second process costs more than it saves.
PARALLEL_MIN_JOBS = 60
_STATE: dict[str, Any] = {}  # what forked workers render from (set before the fork)


def _render_iter(indices: Iterable[int]) -> Iterator[str]:
    repo_root, ctx, out, jobs = _STATE["repo_root"], _STATE["ctx"], _STATE["out"], _STATE["jobs"]
    public_ctx = _STATE.get("public_ctx")
    envs: dict[tuple[str, bool], Environment] = {}
    for i in indices:
        job = jobs[i]
        # The annual report is public in every mode: always from the redacted context.
        public = job.key in PUBLIC_REPORTS and public_ctx is not None
        job_ctx = public_ctx if public else ctx
        key = (job.fmt, public)
        env = envs.get(key) or envs.setdefault(key, environment(repo_root, job.fmt, job_ctx))
        template = env.get_template(f"reports/{job.key}.{job.fmt}.j2")
        text = template.render(ctx=job_ctx, a=job.agreement, report=job.key, fmt=job.fmt)
        # Not resolved: a link already in the output folder is replaced, never written through.
        target = out / job.name
        if target.parent != out or job.name in ("", ".", ".."):  # ids are slugs; this is a second lock on the door
            raise ValueError(job.name)
        atomic_write_text(target, text, durable=False)
        yield str(target)


def _render_jobs(indices: list[int]) -> list[str]:
    return list(_render_iter(indices))


def render(
    repo_root: Path,
    ctx: ReportContext,
    out: Path,
    formats: tuple[str, ...],
    only: Optional[str] = None,
    public_ctx: Optional[ReportContext] = None,
    workers: Optional[int] = None,
) -> Iterator[Path]:
    """Write every report; yields each written path (so a caller can show progress).

    ``public_ctx`` (built with ``public=True``) renders the reports of
    PUBLIC_REPORTS when ``ctx`` is the internal one: they are public in every
    mode. Large sets render on every core: the contexts are built once, and
    forked workers inherit them (nothing big is pickled).
    """
    import os

    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    jobs = plan(ctx, formats, only)
    if not ctx.public and public_ctx is None and any(j.key in PUBLIC_REPORTS for j in jobs):
        raise ValueError("the annual report needs the public (redacted) context")
    for fmt in formats:  # template errors surface here, before any worker starts
        environment(repo_root, fmt, ctx).get_template(f"reports/{'indice' if not only else only}.{fmt}.j2")
    _STATE.update(repo_root=repo_root, ctx=ctx, public_ctx=public_ctx, out=out, jobs=jobs)
    n = workers if workers is not None else (os.cpu_count() or 1)
    try:
        if n <= 1 or len(jobs) < PARALLEL_MIN_JOBS:
            yield from map(Path, _render_iter(range(len(jobs))))
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, len(jobs) // (n * 8))
        chunks = [list(range(i, min(i + size, len(jobs)))) for i in range(0, len(jobs), size)]
        with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork")) as pool:
            for written in pool.map(_render_jobs, chunks):
                yield from map(Path, written)
    finally:
        _STATE.clear()


__all__ = ["render", "plan", "REPORT_KEYS", "TemplateNotFound", "TemplateOutsideRepository"]
