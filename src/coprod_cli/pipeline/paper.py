"""`coprod report --format pdf`: every report, and the monthly package, as A4 PDF. Owner: issue 16 (PDF).

How: the report set is rendered as HTML by ``report.render.render`` (so a
repository's templates stay sandboxed and bounded in their worker), into a
private temporary folder outside the repository and outside ``--out`` (the
internal reports hold personal data: the folder is the user's alone and is
removed at the end); each HTML is converted by ``report.pdf`` (nothing
fetched) and written to ``<out>/<name>.pdf`` in one rename, so a killed run
leaves whole files only. With the whole set (no ``--only``) comes
``paquete-AAAA-MM.pdf``: index, progress and monitoring in one PDF with a
bookmark per section, for the council's monthly session.

Why a process pool only from a few reports: WeasyPrint takes ~0.6–2 s per
report, and a spawned worker must import WeasyPrint and load its fonts first;
benchmarks/paper.py measured when it pays (benchmarks/README.md, «PDF»).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EXIT_PROBLEMS, CoprodError
from ..lang import _, language
from .reports import ReportJob

#: The monthly package's sections, in order (report keys).
PACKAGE = ("indice", "avance", "monitoreo")
#: From this many PDF to write, a pool of forked workers pays (measured: 0.59x the serial time for the
#: example's 19 PDF, 0.51x for 46; benchmarks/README.md, «PDF»).
PARALLEL_MIN_REPORTS = 8
#: Spawned workers (Windows, macOS) first import WeasyPrint and load the fonts: measured 1.01x for 19 PDF, 0.57x for 46.
PARALLEL_MIN_REPORTS_SPAWN = 24


@dataclass(frozen=True)
class Paper:
    """One conversion: an HTML file of the temporary folder to a PDF of ``--out`` (picklable: spawn works)."""

    key: str
    html: Path
    target: Path
    title: str


@dataclass(frozen=True)
class Task:
    """What one worker does: convert ``papers``; with ``package``, also merge them into that file."""

    papers: tuple[Paper, ...]
    links: tuple[tuple[str, str], ...]
    package: Path | None = None
    package_title: str = ""


def package_name(ctx: Any) -> str:
    return f"paquete-{ctx.as_of}.pdf"


def report_title(key: str, item: Any, ctx: Any) -> str:
    """The PDF's title (its metadata and the package's bookmarks): ours, never the template's."""
    from ..report.jobs import REPORT_TITLES

    title = _(REPORT_TITLES[key])
    if key == "ficha" and item is not None:
        title += f": {item.title}"
    elif key in ("acta", "convocatoria") and item is not None:
        title += f" {item.stem}"
    elif key == "avance":
        title += _(" de {month}").format(month=ctx.as_of)
    elif key == "anual":
        title += f" {ctx.annual.year}"
    return f"{title} · {ctx.canton}"


def _tasks(job: ReportJob, html_dir: Path) -> list[Task]:
    """The conversions: the package's three reports in one task (their documents are merged), the rest one each."""
    from ..report.jobs import plan

    papers = []
    for j in plan(job.ctx, ("html",), job.only):
        item = j.agreement or j.session
        ctx = job.public_ctx if j.key == "anual" and job.public_ctx is not None else job.ctx
        target = job.folder / (Path(j.name).stem + ".pdf")
        papers.append(Paper(j.key, html_dir / j.name, target, report_title(j.key, item, ctx)))
    # Every report of the set, not only those of this run: with --only, a link still goes to the other reports' PDF.
    links = tuple((j.name, Path(j.name).stem + ".pdf") for j in plan(job.ctx, ("html",), None))
    grouped = [p for p in papers if p.key in PACKAGE]
    if job.only is not None or len(grouped) != len(PACKAGE):
        return [Task((p,), links) for p in papers]
    grouped.sort(key=lambda p: PACKAGE.index(p.key))
    package = Task(tuple(grouped), links, job.folder / package_name(job.ctx), _("Paquete mensual de {month} · {canton}").format(month=job.ctx.as_of, canton=job.ctx.canton))
    return [package] + [Task((p,), links) for p in papers if p.key not in PACKAGE]


def convert(task: Task) -> list[str]:
    """Write the task's PDF files (each in one rename); the paths written, in order."""
    from ..fsutil import atomic_write_bytes
    from ..report.pdf import combine, document_pdf, render_document

    links = dict(task.links)
    written, documents = [], []
    for paper in task.papers:
        html = paper.html.read_text(encoding="utf-8")
        paper.html.unlink(missing_ok=True)  # the internal reports hold personal data: gone as soon as read
        document = render_document(html, paper.target.name, paper.title, links)
        atomic_write_bytes(paper.target, document_pdf(document, paper.target.name), durable=False)
        written.append(str(paper.target))
        if task.package is not None:
            documents.append((paper.target.name, paper.title, document))
    if task.package is not None:
        atomic_write_bytes(task.package, combine(documents, task.package_title, task.package.name), durable=False)
        written.append(str(task.package))
    return written


@dataclass(frozen=True)
class Bound:
    """What converting one task may cost when the HTML comes from a repository's own templates."""

    seconds: float
    memory_bytes: int

    @classmethod
    def for_size(cls, agreements: int) -> Bound:
        # Measured: coprod's largest example report converts in about 2 s; a
        # generated canton's monitoring table grows about linearly with the agreements.
        return cls(seconds=60.0 + 0.05 * agreements, memory_bytes=2**30 + 2**16 * agreements)


def _worker_init(bound: Bound | None, lang: str = "es") -> None:
    import signal

    from ..lang import set_language

    set_language(lang)  # a spawned worker starts in Spanish: its messages in the run's language

    # Ctrl-C reaches the whole process group: the parent terminates the pool, the workers need not say so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):  # the pool's terminate(): a PDF being written removes its temporary
        signal.signal(signal.SIGTERM, _stop_worker)
    if bound is not None:
        from ..report.bounds import limit_memory

        limit_memory(bound.memory_bytes)


def _convert_here(task: Task) -> tuple[str, Any]:
    """``convert`` in a worker: a CoprodError comes back as its text and exit code (its pickle would lose the code)."""
    try:
        return "ok", convert(task)
    except CoprodError as exc:
        return "error", (str(exc), exc.exit_code)


def _context() -> Any:
    """fork where it exists, else spawn (as for rendering); None without multiprocessing."""
    from ..report.render import _process_context

    return _process_context()


def _in_workers(tasks: list[Task], workers: int, bound: Bound | None) -> Iterator[list[str]]:
    """The tasks on ``workers`` processes (spawned where there is no fork), in order.

    With ``bound`` (a repository's own templates) each task has a deadline and
    the workers a memory cap: a stuck conversion is stopped (leaving the pool
    terminates it) and said in Spanish. Where no pool starts, the tasks run here.
    """
    import multiprocessing as mp

    from ..report.render import _NO_POOL

    context = _context()
    try:
        pool = context.Pool(workers, initializer=_worker_init, initargs=(bound, language())) if context is not None else None
    except _NO_POOL:
        pool = None
    if pool is None:
        yield from map(convert, tasks)
        return
    with pool:  # leaving it terminates the workers
        results = [pool.apply_async(_convert_here, (task,)) for task in tasks]
        for task, result in zip(tasks, results, strict=True):
            try:
                status, value = result.get(bound.seconds * len(task.papers) if bound is not None else None)
            except mp.TimeoutError:
                _kill_workers(pool)
                raise _too_slow(task, bound) from None
            if status == "error":
                raise CoprodError(*value)
            yield value


def _kill_workers(pool: Any) -> None:
    """Kill a pool's workers outright before leaving it. Why: the pool's terminate() sends SIGTERM, whose
    handler in a worker (``_stop_worker``) is Python and never runs while the worker is stuck in C (a lock
    inherited locked from a forked parent with threads was seen in CI): the pool then waited for it forever."""
    for proc in getattr(pool, "_pool", ()):
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            continue


def _too_slow(task: Task, bound: Bound | None) -> CoprodError:
    assert bound is not None
    names = ", ".join(_("«{value}»").format(value=p.target.name) for p in task.papers)
    return CoprodError(
        _(
                "la conversión a PDF de {names} tardó más de {n:.0f} s y se detuvo: el HTML de las plantillas propias del "
                "repositorio (templates/reports/) es demasiado grande o pesado. Corrija la plantilla, o bórrela para usar la "
                "de coprod."
            ).format(names=names, n=bound.seconds * len(task.papers)),
        EXIT_PROBLEMS,
    )


def _workers(tasks: list[Task]) -> int:
    cpus = os.cpu_count() or 1
    reports = sum(len(t.papers) for t in tasks)
    context = _context() if cpus > 1 else None
    spawned = context is not None and context.get_start_method() != "fork"
    least = PARALLEL_MIN_REPORTS_SPAWN if spawned else PARALLEL_MIN_REPORTS
    return 1 if context is None or reports < least else min(cpus, len(tasks))


def write_pdf_reports(job: ReportJob, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    """Write every report of ``job`` as PDF (and the monthly package); ``on_written`` hears of each file.

    A template that fails is a problem found (exit 1); a disk that refuses a
    write is said with how many PDF were written whole (exit 2).
    """
    from ..fsutil import os_error_es

    try:
        tmp = tempfile.TemporaryDirectory(prefix="coprod-pdf-", ignore_cleanup_errors=True)  # mode 0700: the user's alone
    except OSError as exc:
        raise _temporary_failure(exc) from None
    with tmp, _terminate_cleans_up():
        html_dir = Path(tmp.name)
        _render_html(job, html_dir)
        tasks = _tasks(job, html_dir)
        total = sum(len(t.papers) + (t.package is not None) for t in tasks)
        written: list[Path] = []
        try:
            for p in _convert_all(job, tasks):
                written.append(p)
                if on_written is not None:
                    on_written(p)
        except OSError as exc:
            raise CoprodError(
                _(
                        "no se pudieron escribir los informes en «{out}» ({reason}); {n} de {total} quedaron escritos, ninguno a "
                        "medias. Corrija eso y repita la orden."
                    ).format(out=job.out, reason=os_error_es(exc), n=len(written), total=total)
            ) from None
    return written


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _stop_worker(signum: int, frame: Any) -> None:
    raise SystemExit(1)  # unwinds (a temporary is removed) and ends the worker without a traceback


@contextmanager
def _terminate_cleans_up() -> Iterator[None]:
    """A SIGTERM (``kill``, a CI cancel) ends the run like Ctrl-C, so the temporary folder
    (internal reports hold personal data) is removed; only SIGKILL or a power cut can leave it."""
    import signal
    import threading

    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _render_html(job: ReportJob, html_dir: Path) -> None:
    """The report set as HTML in the temporary folder (repository templates sandboxed, as for ``--format html``)."""
    from ..report.render import ReportProblem, render

    try:
        for _ in render(job.root, job.ctx, html_dir, ("html",), job.only, job.public_ctx, sources=job.sources):
            pass
    except ReportProblem as exc:
        raise CoprodError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:
        raise _temporary_failure(exc) from None


def _convert_all(job: ReportJob, tasks: list[Task]) -> Iterator[Path]:
    from ..fsutil import remove_stale_temporaries

    browser = browser_instead()
    job.folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(job.folder)  # left by a report that was killed mid-write
    if browser is not None:
        yield from _print_with_browser(browser, tasks)
        return
    workers = _workers(tasks)
    # Repository templates: always in a worker, so that a stuck conversion can be stopped (as their rendering is).
    bound = Bound.for_size(len(job.ctx.agreements)) if job.sources.own else None
    for paths in _in_workers(tasks, workers, bound) if workers > 1 or bound is not None else map(convert, tasks):
        yield from map(Path, paths)


def browser_instead() -> Path | None:
    """None when WeasyPrint runs; else the installed Edge/Chrome/Chromium (report/pdf_browser.py),
    or the Spanish «install the extra» error when there is none either."""
    from ..report.pdf import require_engine

    try:
        require_engine()
        return None
    except CoprodError:
        from ..report.pdf_browser import find_browser

        browser = find_browser()
        if browser is None:
            raise
        return browser


def _print_with_browser(browser: Path, tasks: list[Task]) -> Iterator[Path]:
    """Each report printed by the browser (no package: merging needs WeasyPrint); links go to the .pdf files."""
    from ..fsutil import atomic_write_bytes
    from ..report.pdf_browser import print_html

    links = dict(tasks[0].links) if tasks else {}
    for paper in (p for t in tasks for p in t.papers):
        html = paper.html.read_text(encoding="utf-8")
        paper.html.unlink(missing_ok=True)
        for name, pdf in links.items():  # only exact links to a report of the set (names are slugs)
            html = html.replace(f'href="{name}"', f'href="{pdf}"')
        atomic_write_bytes(paper.target, print_html(browser, html, paper.target.name), durable=False)
        yield paper.target


def _temporary_failure(exc: OSError) -> CoprodError:
    from ..fsutil import os_error_es

    return CoprodError(
        _(
                "no se pudo preparar la carpeta temporal de los PDF en «{value}» ({reason}); no se escribió ningún PDF. Libere "
                "espacio allí, o indique otra carpeta temporal con la variable TMPDIR (TEMP en Windows)."
            ).format(value=tempfile.gettempdir(), reason=os_error_es(exc))
    )
