"""`coprod report --format docx`: the Anexo 1 sheet of each agreement as Word. Owner: issue 16 (DOCX)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import CoprodError
from .reports import ReportJob


def write_docx_reports(job: ReportJob, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    raise CoprodError("el formato docx aún no está disponible")
