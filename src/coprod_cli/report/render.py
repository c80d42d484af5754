"""Render the report set through Jinja.

Built-in templates ship in the package (``coprod_cli/templates/reports``); a
canton repository may override any of them with a file of the same name in
its own ``templates/reports/`` (report/sources.py says what may be one), and
then every template renders in Jinja's sandbox, bounded in time, output and
memory (report/bounds.py) inside a worker process the parent can stop. All
render with ``StrictUndefined``: HTML with autoescape, Markdown with every value
passed through ``md_escape``. Text from agreements is data, never HTML, Markdown
or template code. Every HTML report carries a Content-Security-Policy that
forbids scripts and remote loads, whatever its template says (``with_csp``).

Processes: large sets render on every core; the contexts are built once and
forked workers inherit them. Where ``fork`` does not exist (Windows) the
workers are spawned and receive the contexts pickled once each; where no
worker can start, reports render in this process.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..fsutil import atomic_write_text
from ..lang import _, language, set_language
from .bounds import GRACE_SECONDS, Limits, Watchdog, describe, limit_memory, locate, render_bounded, seconds_text, watchdog
from .environment import BUILTIN, MAX_GANTT_MONTHS, MAX_MATRIX_COLUMNS, MAX_PICTURE_ROWS, environment, gantt_months, precompile_builtin
from .jobs import (
    FORMATS,
    MAX_NAME_BYTES,
    PUBLIC_REPORTS,
    REPORT_KEYS,
    REPORT_TITLES,
    Job,
    ReportProblem,
    check_outputs,
    file_name,
    needs_public_context,
    plan,
    same_file_key,
)
from .sources import TemplateRefused, TemplateSources, template_sources
from .views import ReportContext

#: What an HTML report may load and run: nothing but its own inline styles.
#: No script, no remote style, font, image or frame, no form, no <base>.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


class TemplateFailure(ReportProblem):
    """A template failed or went past a bound while writing a report."""

    def __init__(self, file: str | None, line: int | None, detail: str, report: str | None = None) -> None:
        super().__init__(file, line, detail, report)
        self.file, self.line, self.detail, self.report = file, line, detail, report

    def __str__(self) -> str:
        from ..load.repository import shown_name

        where = _("la plantilla «{file}»").format(file=shown_name(self.file)) if self.file else _("una plantilla")
        if self.line:
            where += _(", línea {n}").format(n=self.line)
        during = _(" (al escribir «{report}»)").format(report=self.report) if self.report else ""
        return _("{where}{during}: {detail}. Corrija la plantilla, o bórrela para usar la de coprod.").format(where=where, during=during, detail=self.detail)


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


#: Below this many files, a second process costs more than it saves.
PARALLEL_MIN_JOBS = 60


@dataclass
class _Run:
    """Everything a worker needs (inherited by a forked worker, pickled once for a spawned one)."""

    repo_root: Path
    ctx: ReportContext
    public_ctx: ReportContext | None
    out: Path
    jobs: list[Job]
    sources: TemplateSources
    limits: Limits | None  # None: coprod's own templates only (trusted, unbounded)

    @property
    def sandboxed(self) -> bool:
        return self.limits is not None


class _Renderer:
    """Renders jobs of a run, one environment per (format, public) pair."""

    def __init__(self, run: _Run, dog: Watchdog | None) -> None:
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
        key, run = (fmt, public), self.run
        if key not in self.envs:
            ctx = run.public_ctx if public else run.ctx
            assert ctx is not None, "a public report is rendered only from the public context"
            self.envs[key] = environment(run.repo_root, fmt, ctx, run.sources)
        return self.envs[key]

    def failure(self, exc: BaseException, report: str | None = None) -> TemplateFailure:
        where = locate(exc)
        file, line = (where if where else (None, None))
        builtin = str(BUILTIN)
        if file is not None and file.startswith(builtin):
            file = Path(file).relative_to(builtin).as_posix() + _(" (de coprod)")
        try:
            detail = describe(exc, self.run.sources.known)
        except Exception:  # noqa: BLE001 - the message must not fail where the template did
            detail = _("falló al escribir un informe ({name})").format(name=type(exc).__name__)
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
        variables = {"ctx": job_ctx, "a": job.agreement, "s": job.session, "report": job.key, "fmt": job.fmt}
        try:
            env = self._env(job.fmt, public)
            precompile_builtin(env, f"reports/{job.key}.{job.fmt}.j2", run.sources)
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


_WORKER: _Renderer | None = None


def _worker_init(run: _Run, lang: str = "es") -> None:
    """In each worker: the run's language (a spawned worker starts in Spanish), the watchdog, the memory cap (sandboxed runs)."""
    global _WORKER
    set_language(lang)
    dog = None
    if run.limits is not None:
        # Ctrl-C reaches the whole process group: the parent terminates the pool, the workers need not say so.
        dog = watchdog(ignore_interrupts=True)  # before the cap: a thread's stack counts against it
        limit_memory(run.limits.memory_bytes)
    _WORKER = _Renderer(run, dog)


def _worker_compile() -> tuple[str | None, int | None, str, str | None] | None:
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
    detail = _(
        "los informes tardaron más de {n} s en total ({done} de {total} escritos) y se detuvieron: las plantillas del repositorio son demasiado lentas"
    ).format(n=seconds_text(run.limits.total_seconds), done=done, total=len(run.jobs))
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
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(run, language()))
    except _NO_POOL:
        yield from _serial(run)
        return
    with pool:
        for _status, written in pool.map(_worker_chunk, _chunks(len(run.jobs), workers)):
            yield from written


def _sandboxed_in_workers(run: _Run, workers: int) -> Iterator[str]:
    """Repository templates in worker processes, each report under a deadline the parent enforces."""
    context = _process_context()
    if context is None:
        yield from _serial(run)
        return
    try:
        pool = context.Pool(workers, initializer=_worker_init, initargs=(run, language()))
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
            raise TemplateFailure(None, None, _("las plantillas no se pudieron preparar a tiempo (se detuvo el proceso)")) from None
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
                detail = _("tardó más de {n} s en escribir un informe y se detuvo (¿un bucle sin fin, o una operación enorme?)").format(
                    n=seconds_text(limits.for_report(job.key))
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
    only: str | None = None,
    public_ctx: ReportContext | None = None,
    workers: int | None = None,
    sources: TemplateSources | None = None,
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


# Also read from here: the report set's names and jobs (report/jobs.py) and the environment (report/environment.py), split out of this module.
__all__ = [
    "render", "plan", "REPORT_KEYS", "REPORT_TITLES", "FORMATS", "PUBLIC_REPORTS", "MAX_NAME_BYTES", "BUILTIN",
    "ReportProblem", "TemplateFailure", "TemplateRefused", "with_csp", "CSP_META", "CONTENT_SECURITY_POLICY",
    "Job", "check_outputs", "file_name", "needs_public_context", "same_file_key", "environment", "gantt_months", "MAX_GANTT_MONTHS", "MAX_MATRIX_COLUMNS", "MAX_PICTURE_ROWS",
]  # fmt: skip
