"""`coprod report --format pdf`: every report, and the monthly package, as A4 PDF. Owner: issue 16 (PDF)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import CoprodError
from .reports import ReportJob


def write_pdf_reports(job: ReportJob, on_written: Callable[[Path], None] | None = None) -> list[Path]:
    raise CoprodError("el formato pdf aún no está disponible")
