"""`coprod report` as two functions: prepare (load, check, compute, build the
views) and write (render every report into the folder, each file whole)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EXIT_PROBLEMS, CoprodError
from ..lang import _
from .inputs import check_path, load_one, report_folder
from .status import counts, locale_of


@dataclass
class ReportJob:
    """Everything the reports are made from, checked before anything is written."""

    root: Path
    #: ``--out`` as typed (for messages) and made absolute (where to write).
    out: Path
    folder: Path
    formats: tuple[str, ...]
    only: str | None
    sources: Any  # report.sources.TemplateSources
    ctx: Any  # report.views.ReportContext
    public_ctx: Any
    jobs: int

    @property
    def ignored(self) -> list[str]:
        """Files in the repository's templates/ that are not a coprod template."""
        return list(self.sources.ignored)


def prepare_reports(
    path: Path, out: Path, month: Any, formats: tuple[str, ...], public: bool = False,
    only: str | None = None, year: int | None = None,
) -> ReportJob:
    """Load and check the repository, compute its figures at ``month`` and build the views.

    The counts of the check reuse the validation cache (pipeline/validation.py ``load_counted``)."""
    from .validation import load_counted

    check_path(out, _("la carpeta de «--out»"))
    repo, validation = load_one(path, load_counted)
    return prepare_loaded(repo, out, month, formats, public, only, year, validation=validation)


def prepare_loaded(
    repo: Any, out: Path, month: Any, formats: tuple[str, ...], public: bool = False,
    only: str | None = None, year: int | None = None, freeze: bool = True, validation: dict[str, int] | None = None,
) -> ReportJob:
    """``prepare_reports`` for a repository already loaded (the web app keeps one loaded).

    ``freeze``: what was built is put out of the cyclic collector's reach for good, right for a command
    that ends; a long-running server passes False (a view dropped from its cache must be collectable).
    ``validation``: the counts of the full check, when already known."""
    from ..check.engine import check_repository
    from ..compute.figures import compute
    from ..gcutil import no_cyclic_gc
    from ..report.render import BUILTIN, needs_public_context, plan
    from ..report.sources import template_sources
    from ..report.views import build_context

    check_path(out, _("la carpeta de «--out»"))
    folder = report_folder(out, repo.root)
    # Before any work: a template that may not be one stops the command (TemplateRefused, exit 2).
    sources = template_sources(repo.root, BUILTIN)
    with no_cyclic_gc(freeze=freeze):
        # Why the full check: a report made from a repository with errors says so
        # on its first page, with the count (the figures an error touches are marked).
        if validation is None:
            validation = counts(check_repository(repo, locate=False))  # the counts only
        fig, locale = compute(repo, month), locale_of(repo)
        ctx = build_context(repo, fig, locale, public, year, validation)
        # The annual report is public in every mode: it is always made from the redacted view.
        public_ctx = build_context(repo, fig, locale, True, year, validation) if needs_public_context(ctx, only) else None
    _check_only(ctx, only, formats)
    jobs = len(plan(ctx, formats, "ficha" if formats == ("docx",) and only is None else only))
    return ReportJob(repo.root, out, folder, formats, only, sources, ctx, public_ctx, jobs)


def _check_only(ctx: Any, only: str | None, formats: tuple[str, ...]) -> None:
    """``--only`` names a report or an agreement of the repository (exit 2 otherwise, with a suggestion)."""
    from ..model.suggest import suggest
    from ..report.render import REPORT_KEYS

    if formats == ("docx",) and only is not None and only in REPORT_KEYS and only != "ficha":
        raise CoprodError(
            _(
                "el formato docx es la ficha del Anexo 1 de un acuerdo, no el informe «{only}»: "
                "use «--only ficha» (todas las fichas) o «--only ID-DEL-ACUERDO»."
            ).format(only=only)
        )
    if only is None or only in REPORT_KEYS:
        return
    ids = [a.id for a in ctx.agreements]
    unread = [f for f in ctx.unread_files if Path(f).stem == only and Path(f).parts[:1] == ("acuerdos",)]
    if only not in ids and unread:
        raise CoprodError(
            _(
                "el acuerdo «{only}» está en «{file}», que no se pudo leer: ejecute «coprod validate» "
                "para ver qué línea corregir y repita la orden. No se escribió ningún informe."
            ).format(only=only, file=unread[0]),
            EXIT_PROBLEMS,
        )
    if only not in ids:
        same = [k for k in (*REPORT_KEYS, *ids) if k.casefold() == only.casefold()]  # ids are case-sensitive
        hint = _("; ¿quiso decir «{match}»?").format(match=same[0]) if same else suggest(only, (*REPORT_KEYS, *ids))
        raise CoprodError(
            _(
                "valor no válido para «--only»: «{only}» no es un informe ({reports}) "
                "ni el id de un acuerdo del repositorio{hint}"
            ).format(only=only, reports=", ".join(REPORT_KEYS), hint=hint)
        )


def write_reports(job: ReportJob, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    """Render every report of ``job`` into its folder; ``on_written`` hears of each file.

    A report that fails (a template error) is a problem found (exit 1); a disk
    that refuses a write is reported with how many reports were written whole.
    """
    from ..fsutil import os_error_es, remove_stale_temporaries
    from ..report.render import ReportProblem, render

    written: list[Path] = []
    try:
        if job.folder.is_dir():
            remove_stale_temporaries(job.folder)  # left by a report that was killed mid-write
        for p in render(job.root, job.ctx, job.folder, job.formats, job.only, job.public_ctx, sources=job.sources):
            written.append(p)
            if on_written is not None:
                on_written(p)
    except ReportProblem as exc:
        raise CoprodError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:
        raise CoprodError(
            _(
                "no se pudieron escribir los informes en «{out}» ({error}); "
                "{written} de {total} quedaron escritos, ninguno a medias. Corrija eso y repita la orden."
            ).format(out=job.out, error=os_error_es(exc), written=len(set(written)), total=job.jobs)
        ) from None
    return written
