"""Render the report set through Jinja.

Built-in templates ship in the package (``coprod_cli/templates/reports``); a
canton repository may override any of them with a file of the same name in
its own ``templates/reports/`` (report/sources.py says what may be one), and
then every template renders in Jinja's sandbox, bounded in time, output and
memory (report/bounds.py) inside a worker process the parent can stop. All
render with ``StrictUndefined``: HTML with autoescape, Markdown with every
value passed through ``md_escape``. Text from agreements is data, never
HTML, Markdown or template code. Every HTML report carries a
Content-Security-Policy that forbids scripts and remote loads, whatever its
template says (``with_csp``).

Processes: large sets render on every core; the contexts are built once and
forked workers inherit them. Where ``fork`` does not exist (Windows) the
workers are spawned and receive the contexts pickled once each; where no
worker can start, reports render in this process.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..fsutil import atomic_write_text
from ..i18n import date_long, month_long, pct
from ..model.types import NIVELES, Month
from ..render.markdown import md_escape_br as md_escape
from ..render.figures_text import level_label
from ..render.safe import plain_lines
from . import svg
from .bounds import GRACE_SECONDS, BoundedSandbox, seconds_text, Limits, Watchdog, describe, limit_memory, locate, render_bounded, watchdog
from .sources import SourceLoader, TemplateRefused, TemplateSources, template_sources
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
#: What an HTML report may load and run: nothing but its own inline styles.
#: No script, no remote style, font, image or frame, no form, no <base>.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
#: Output file names longer than this do not fit every file system (255 bytes on most, with the path on Windows).
MAX_NAME_BYTES = 200


class ReportProblem(Exception):
    """The reports cannot be written as the repository stands (exit 1). ``str()`` is Spanish."""


class TemplateFailure(ReportProblem):
    """A template failed or went past a bound while writing a report."""

    def __init__(self, file: Optional[str], line: Optional[int], detail: str, report: Optional[str] = None) -> None:
        super().__init__(file, line, detail, report)
        self.file, self.line, self.detail, self.report = file, line, detail, report

    def __str__(self) -> str:
        from ..load.repository import shown_name

        where = f"la plantilla «{shown_name(self.file)}»" if self.file else "una plantilla"
        if self.line:
            where += f", línea {self.line}"
        during = f" (al escribir «{self.report}»)" if self.report else ""
        return f"{where}{during}: {self.detail}. Corrija la plantilla, o bórrela para usar la de coprod."


_PROLOGUE = re.compile(
    r'\A<!DOCTYPE html>\n<html lang="[a-z]{2,3}(?:-[A-Za-z]{2,4})?">\n<head>\n<meta charset="utf-8">\n' + re.escape(CSP_META) + r"\n"
)
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>", re.IGNORECASE)


def with_csp(html: str) -> str:
    """The report with the Content-Security-Policy before anything else it says.

    coprod's own layout already has it first in <head>. Any other text (a
    repository's base template) gets it right after its doctype, before any
    tag it writes: a policy in a <meta> covers only what follows it, and
    policies add up, so a template can tighten but never loosen it.
    """
    if _PROLOGUE.match(html):
        return html
    m = _DOCTYPE.match(html)
    cut = m.end() if m else 0
    return html[:cut] + CSP_META + html[cut:]



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


def environment(repo_root: Path, fmt: str, ctx: ReportContext, sources: Optional[TemplateSources] = None) -> Environment:
    """The Jinja environment for one format: coprod's templates, or the repository's own (sandboxed)."""
    if sources is None:
        sources = template_sources(repo_root, BUILTIN)
    # Why: the sandbox checks every attribute access (~2x slower rendering).
    # Templates from the repository may come from any pull request: when the
    # repository has one, every template renders sandboxed (and bounded:
    # report/bounds.py); coprod's own templates alone are trusted code.
    env_class = BoundedSandbox if sources.own else Environment
    env = env_class(
        loader=SourceLoader(sources),
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

    def f_figure(value: Optional[float], mark: Optional[str] = None) -> str:
        """A percentage and, when an invalid value is behind it, its mark: «7,1 % (dato inválido, ver CP205)»."""
        return pct(value, locale=loc) + (f" ({mark})" if mark else "")

    def gantt(a: AgreementView) -> Markup:
        columns = gantt_months([m.month for m in a.months])
        if not columns or len(a.commitments) > MAX_PICTURE_ROWS:
            return Markup("")
        rows = []
        for c in a.commitments:
            label = c.month.short_label + (f" · {c.subactivity}. " if c.subactivity else " · ") + (c.description or "sin actividad descrita")
            rows.append((label, c.month, c.level, c.state, c.invalid_mark or ""))
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
        figure=f_figure,
        month=f_month,
        date=f_date,
        short=lambda m: m.short_label,
        level_name=lambda n: NIVELES.get(n, "") if n is not None else "sin informe",
        level_label=lambda n: level_label(n, loc),
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
        invalid_colour=svg.INVALID,
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
            source = f" (de «{shown_name(job.agreement.source)}»)" if job.agreement is not None and job.agreement.source else ""
            raise ReportProblem(
                f"el informe «{shown_name(job.name[:60])}…»{source} tendría un nombre de archivo de más de {MAX_NAME_BYTES} bytes; "
                "acorte el id del acuerdo. No se escribió ningún informe."
            )
        groups.setdefault(same_file_key(job.name), []).append(job)
    for group in groups.values():
        if len(group) < 2:
            continue
        names = sorted({j.name for j in group})
        sources = sorted({j.agreement.source for j in group if j.agreement is not None and j.agreement.source})
        what = " y ".join(f"«{shown_name(n)}»" for n in sources) if sources else "dos informes"
        ids = sorted({j.agreement.id for j in group if j.agreement is not None})
        why = f" (el id «{ids[0]}» está repetido: regla CP506 de «coprod validate»)" if len(ids) == 1 else " (sus nombres solo difieren en mayúsculas o en la forma de escribir un acento: en Windows y macOS son el mismo archivo)"
        raise ReportProblem(
            f"{what} se escribirían en el mismo archivo «{shown_name(names[0])}»{why}. "
            "Cambie el id de uno de ellos o borre el archivo sobrante. No se escribió ningún informe."
        )


def needs_public_context(ctx: ReportContext, only: Optional[str]) -> bool:
    """Whether ``render`` needs a redacted context besides ``ctx`` (an internal set with the annual report)."""
    return not ctx.public and (only is None or only in PUBLIC_REPORTS)


#: Below this many files, a second process costs more than it saves.
PARALLEL_MIN_JOBS = 60


@dataclass
class _Run:
    """Everything a worker needs (inherited by a forked worker, pickled once for a spawned one)."""

    repo_root: Path
    ctx: ReportContext
    public_ctx: Optional[ReportContext]
    out: Path
    jobs: list[Job]
    sources: TemplateSources
    limits: Optional[Limits]  # None: coprod's own templates only (trusted, unbounded)

    @property
    def sandboxed(self) -> bool:
        return self.limits is not None


class _Renderer:
    """Renders jobs of a run, one environment per (format, public) pair."""

    def __init__(self, run: _Run, dog: Optional[Watchdog]) -> None:
        self.run = run
        self.dog = dog
        self.envs: dict[tuple[str, bool], Environment] = {}

    def close(self) -> None:
        if self.dog is not None:
            self.dog.close()
            self.dog = None

    def _deadline(self, key: str) -> Any:
        limits = self.run.limits
        return self.dog.armed(limits.for_report(key)) if self.dog is not None and limits is not None else nullcontext()

    def _env(self, fmt: str, public: bool) -> Environment:
        key = (fmt, public)
        env = self.envs.get(key)
        if env is None:
            run = self.run
            env = self.envs[key] = environment(run.repo_root, fmt, run.public_ctx if public else run.ctx, run.sources)
        return env

    def failure(self, exc: BaseException, report: Optional[str] = None) -> TemplateFailure:
        where = locate(exc)
        file, line = (where if where else (None, None))
        builtin = str(BUILTIN)
        if file is not None and file.startswith(builtin):
            file = Path(file).relative_to(builtin).as_posix() + " (de coprod)"
        try:
            detail = describe(exc, self.run.sources.known)
        except Exception:  # noqa: BLE001 - the message must not fail where the template did
            detail = f"falló al escribir un informe ({type(exc).__name__})"
        return TemplateFailure(file, line, detail, report)

    def compile_all(self) -> None:
        """Compile the repository's templates the run uses: a broken one is found before any report is written."""
        names = {(j.fmt, f"reports/{j.key}.{j.fmt}.j2") for j in self.run.jobs}
        if any(j.fmt == "html" for j in self.run.jobs):
            names |= {("html", "reports/base.html.j2"), ("html", "reports/style.css")}
        for fmt, name in sorted(names):
            env = self._env(fmt, False)
            if name in self.run.sources.own:
                    try:
                        with self._deadline(""):
                            env.get_template(name)
                    except (KeyboardInterrupt, SystemExit):
                        raise
                    except BaseException as exc:
                        if not self.run.sandboxed:
                            raise
                        raise self.failure(exc) from None

    def render(self, i: int) -> str:
        run = self.run
        job = run.jobs[i]
        # The annual report is public in every mode: always from the redacted context.
        public = job.key in PUBLIC_REPORTS and run.public_ctx is not None
        job_ctx = run.public_ctx if public else run.ctx
        variables = {"ctx": job_ctx, "a": job.agreement, "report": job.key, "fmt": job.fmt}
        try:
            env = self._env(job.fmt, public)
            if run.limits is None:
                text = env.get_template(f"reports/{job.key}.{job.fmt}.j2").render(**variables)
            else:
                with self._deadline(job.key):
                    template = env.get_template(f"reports/{job.key}.{job.fmt}.j2")
                    text = render_bounded(template, run.limits, variables)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            if not run.sandboxed:
                raise
            raise self.failure(exc, job.name) from None
        if job.fmt == "html":
            text = with_csp(text)
        # Not resolved: a link already in the output folder is replaced, never written through.
        target = run.out / job.name
        if target.parent != run.out or job.name in ("", ".", ".."):  # ids are slugs; this is a second lock on the door
            raise ValueError(job.name)
        atomic_write_text(target, text, durable=False)
        return str(target)


_WORKER: Optional[_Renderer] = None


def _worker_init(run: _Run) -> None:
    """In each worker: the deadline watchdog and, where possible, the memory cap (sandboxed runs only)."""
    global _WORKER
    dog = None
    if run.limits is not None:
        # Ctrl-C reaches the whole process group: the parent terminates the pool, the workers need not say so.
        dog = watchdog(ignore_interrupts=True)  # before the cap: a thread's stack counts against it
        limit_memory(run.limits.memory_bytes)
    _WORKER = _Renderer(run, dog)


def _worker_compile() -> Optional[tuple[Optional[str], Optional[int], str, Optional[str]]]:
    assert _WORKER is not None
    try:
        _WORKER.compile_all()
    except TemplateFailure as exc:
        return (exc.file, exc.line, exc.detail, exc.report)
    return None


def _worker_chunk(indices: list[int]) -> tuple[str, Any]:
    assert _WORKER is not None
    written = []
    try:
        for i in indices:
            written.append(_WORKER.render(i))
    except TemplateFailure as exc:
        return "error", (exc.file, exc.line, exc.detail, exc.report)
    return "ok", written


def _process_context() -> Any:
    """fork where it exists (the workers inherit the contexts), else spawn; None without multiprocessing."""
    try:
        import multiprocessing as mp
    except ImportError:  # pragma: no cover - a Python built without it
        return None
    if hasattr(os, "fork"):
        try:
            return mp.get_context("fork")
        except ValueError:
            pass
    try:
        return mp.get_context("spawn")
    except ValueError:  # pragma: no cover
        return None


def _chunks(n_jobs: int, workers: int) -> list[list[int]]:
    size = max(1, n_jobs // (workers * 8))
    return [list(range(i, min(i + size, n_jobs))) for i in range(0, n_jobs, size)]


def _serial(run: _Run) -> Iterator[str]:
    renderer = _Renderer(run, watchdog() if run.sandboxed else None)
    start = time.monotonic()
    try:
        if run.sandboxed:
            renderer.compile_all()
        for i in range(len(run.jobs)):
            yield renderer.render(i)
            if run.limits is not None and time.monotonic() - start > run.limits.total_seconds:
                raise _over_total(run, i + 1)
    finally:
        renderer.close()


def _over_total(run: _Run, done: int) -> TemplateFailure:
    assert run.limits is not None
    detail = (
        f"los informes tardaron más de {seconds_text(run.limits.total_seconds)} s en total "
        f"({done} de {len(run.jobs)} escritos) y se detuvieron: las plantillas del repositorio son demasiado lentas"
    )
    return TemplateFailure(None, None, detail)


#: What starting a pool of workers raises where processes or their semaphores are not available.
_NO_POOL = (OSError, ImportError, NotImplementedError, ValueError, AttributeError, RuntimeError)


def _trusted_in_workers(run: _Run, workers: int) -> Iterator[str]:
    """coprod's own templates on every core (a worker that dies is reported, not waited for)."""
    from concurrent.futures import ProcessPoolExecutor

    context = _process_context()
    if context is None:
        yield from _serial(run)
        return
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(run,))
    except _NO_POOL:
        yield from _serial(run)
        return
    with pool:
        for status, written in pool.map(_worker_chunk, _chunks(len(run.jobs), workers)):
            yield from written


def _sandboxed_in_workers(run: _Run, workers: int) -> Iterator[str]:
    """Repository templates in worker processes, each report under a deadline the parent enforces."""
    context = _process_context()
    if context is None:
        yield from _serial(run)
        return
    try:
        pool = context.Pool(workers, initializer=_worker_init, initargs=(run,))
    except _NO_POOL:
        yield from _serial(run)
        return
    import multiprocessing as mp

    limits = run.limits
    assert limits is not None
    start = time.monotonic()
    done = 0
    with pool:  # leaving it terminates the workers: a stuck one is stopped
        try:
            found = pool.apply_async(_worker_compile).get(len(run.sources.sources) * limits.sheet_seconds + GRACE_SECONDS)
        except mp.TimeoutError:
            raise TemplateFailure(None, None, "las plantillas no se pudieron preparar a tiempo (se detuvo el proceso)") from None
        if found is not None:
            raise TemplateFailure(*found)
        chunks = _chunks(len(run.jobs), workers)
        results = pool.imap(_worker_chunk, chunks)
        for chunk in chunks:
            budget = sum(limits.for_report(run.jobs[i].key) for i in chunk)
            left = limits.total_seconds - (time.monotonic() - start)
            try:
                status, value = results.next(max(0.0, min(budget, left)) + GRACE_SECONDS)
            except mp.TimeoutError:
                if left < budget:
                    raise _over_total(run, done) from None
                job = run.jobs[chunk[0]]
                own = f"reports/{job.key}.{job.fmt}.j2"
                file = f"templates/{own}" if own in run.sources.own else None
                detail = (
                    f"tardó más de {seconds_text(limits.for_report(job.key))} s en escribir un informe y se detuvo "
                    "(¿un bucle sin fin, o una operación enorme?)"
                )
                raise TemplateFailure(file, None, detail, job.name) from None
            if status == "error":
                raise TemplateFailure(*value)
            done += len(value)
            yield from value
            if time.monotonic() - start > limits.total_seconds:
                raise _over_total(run, done)


def render(
    repo_root: Path,
    ctx: ReportContext,
    out: Path,
    formats: tuple[str, ...],
    only: Optional[str] = None,
    public_ctx: Optional[ReportContext] = None,
    workers: Optional[int] = None,
    sources: Optional[TemplateSources] = None,
) -> Iterator[Path]:
    """Write every report; yields each written path (so a caller can show progress).

    ``public_ctx`` (built with ``public=True``) renders the reports of
    PUBLIC_REPORTS when ``ctx`` is the internal one: they are public in every
    mode. ``out`` is written as given (the caller has checked it: cli.py).
    Raises ``TemplateRefused`` (a repository template that may not be one),
    ``ReportProblem`` (two reports to one file; a template failed or went
    past a bound, as ``TemplateFailure`` with its file and line).
    """
    jobs = plan(ctx, formats, only)
    if not ctx.public and public_ctx is None and any(j.key in PUBLIC_REPORTS for j in jobs):
        raise ValueError("the annual report needs the public (redacted) context")
    check_outputs(jobs)
    if sources is None:
        sources = template_sources(repo_root, BUILTIN)
    limits = Limits.for_size(len(ctx.agreements), len(jobs)) if sources.own else None
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(repo_root, ctx, public_ctx, out, jobs, sources, limits)
    n = workers if workers is not None else (os.cpu_count() or 1)
    if run.sandboxed:
        # Always in a worker, so that the parent can stop it; more than one only when it pays.
        written = _sandboxed_in_workers(run, max(1, min(n, len(jobs) // PARALLEL_MIN_JOBS)))
    elif n <= 1 or len(jobs) < PARALLEL_MIN_JOBS:
        written = _serial(run)
    else:
        written = _trusted_in_workers(run, n)
    yield from map(Path, written)


__all__ = ["render", "plan", "REPORT_KEYS", "ReportProblem", "TemplateFailure", "TemplateRefused", "with_csp", "CSP_META"]
