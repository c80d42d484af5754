"""`coprod report --format docx`: the Anexo 1 sheet of each agreement as Word. Owner: issue 16 (DOCX).

One ``ficha-<id>.docx`` per agreement (``--only ID``: that one), made from the
same views as the HTML sheet (``job.ctx``: public with ``--public``), with
the repository's Word template when it has a valid one (report/docx_source.py).
The template is chosen and checked before any sheet is written; each sheet is
written whole (a temporary file, then a rename).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .reports import ReportJob


def docx_agreements(job: ReportJob) -> list[Any]:
    """The agreements whose sheet is written: all, or the one ``--only`` names."""
    only = job.only
    return [a for a in job.ctx.agreements if only in (None, "ficha", a.id)]


def _when(job: ReportJob) -> dt.datetime:
    """The documents' date: the first day of the report's month (the same bytes on every run)."""
    return dt.datetime(job.ctx.as_of.year, job.ctx.as_of.month, 1)


def write_docx_reports(job: ReportJob, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    """Write the Word sheet of each agreement of ``job`` into its folder; ``on_written`` hears of each file."""
    from ..fsutil import atomic_write_bytes, os_error_es, remove_stale_temporaries
    from ..report.bounds import watchdog
    from ..report.docx_context import docx_context
    from ..report.docx_render import render_sheet
    from ..report.docx_source import docx_source

    source = docx_source(job.root)
    agreements = docx_agreements(job)
    written: list[Path] = []
    deadline = watchdog() if source.own else None
    try:
        job.folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(job.folder)
        for a in agreements:
            data = render_sheet(source, docx_context(job.ctx, a), _when(job), deadline)
            # Not resolved: a link already in the output folder is replaced, never written through.
            target = job.folder / f"{a.file_stem}.docx"
            atomic_write_bytes(target, data, durable=False)
            written.append(target)
            if on_written is not None:
                on_written(target)
    except OSError as exc:
        raise CoprodError(
            _(
                    "no se pudieron escribir las fichas en Word en «{out}» ({reason}); {n} de {n2} quedaron escritas, ninguna a "
                    "medias. Corrija eso y repita la orden."
                ).format(out=job.out, reason=os_error_es(exc), n=len(written), n2=len(agreements))
        ) from None
    finally:
        if deadline is not None:
            deadline.close()
    return written


def write_default_template(root: Path, force: bool = False) -> Path:
    """Write coprod's Word template to the repository's ``templates/docx/acuerdo.docx``
    (``coprod new docx-template``); never over an existing file unless ``force``.

    Why the folders are checked: a link named ``templates`` could point the write anywhere."""
    from ..fsutil import atomic_create_bytes, atomic_write_bytes, os_error_es
    from ..report.docx_default import default_template
    from ..report.docx_source import DOCX_TEMPLATE, check_folder

    target = root / DOCX_TEMPLATE
    try:
        for rel in ("templates", "templates/docx"):
            if not check_folder(root / rel, rel):
                (root / rel).mkdir()
        if force:
            atomic_write_bytes(target, default_template())
        else:
            atomic_create_bytes(target, default_template())
    except FileExistsError:
        raise CoprodError(
            _("«{docx_template}» ya existe: no se sobrescribe. Use «--force» para reemplazarla por la plantilla de coprod.").format(docx_template=DOCX_TEMPLATE)
        ) from None
    except OSError as exc:
        raise CoprodError(_("no se pudo escribir «{docx_template}» ({reason}).").format(docx_template=DOCX_TEMPLATE, reason=os_error_es(exc))) from None
    return target
