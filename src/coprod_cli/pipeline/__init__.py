"""One function per job of coprod, each taking paths and options and returning
a result object: find the repository → load → check (through the cache) →
compute → views. The CLI parses the arguments, calls one of these, renders the
result and exits; nothing here prints or exits (a refusal is a CoprodError).

* ``validate_repository(paths, …) -> ValidationRun``
* ``compute_status(path, month) -> StatusRun``
* ``prepare_reports(path, out, month, …) -> ReportJob``, then ``write_reports(job)``
* ``diff_revisions(path, base, head, month) -> DiffRun``
* ``export_calendar(path, out, month) -> CalendarRun``: the .ics calendar
* ``recheck(root)``: the repository checked again after an edit
* ``create_session(root, opts)``, ``record_attendance``, ``record_decision``,
  ``record_decision_done``: the session commands (``pending_items``: the agenda's pending)
* ``compute_pending(path, month, actor) -> PendingRun``: what each actor owes
* ``export_workbook(path, out, month, only) -> ExportRun``, ``export_tables(…)``: the
  spreadsheet to fill in (xlsx) or its CSV tables
* ``import_workbook(root, file, dry_run) -> ImportRun``, ``import_tables(root, files, dry_run)``:
  the filled-in workbook or CSV tables written back, or the problems at their cells
* ``export_open_data(path, out, month) -> OpenDataRun``: the open-data tables and datapackage.json
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: name → submodule. Why lazy (PEP 562): importing one job must not import every other
#: job's libraries; `coprod serve` reaches its first page a fifth of a second sooner.
_WHERE = {
    "CalendarRun": "calendar", "export_calendar": "calendar",
    "DiffRun": "diff", "diff_revisions": "diff",
    "ExportRun": "exchange", "export_tables": "exchange", "export_workbook": "exchange",
    "ImportRun": "importing", "import_tables": "importing", "import_workbook": "importing",
    "OpenDataRun": "opendata", "export_open_data": "opendata",
    "PendingRun": "pending", "compute_pending": "pending",
    "ReportJob": "reports", "prepare_reports": "reports", "write_reports": "reports",
    "create_session": "sessions", "pending_items": "sessions", "record_attendance": "sessions",
    "record_decision": "sessions", "record_decision_done": "sessions",
    "StatusRun": "status", "compute_status": "status",
    "ValidationRun": "validation", "recheck": "validation", "validate_repository": "validation",
}

__all__ = [
    "CalendarRun", "DiffRun", "ReportJob", "StatusRun", "ValidationRun", "compute_status", "diff_revisions", "export_calendar",
    "prepare_reports", "recheck", "validate_repository", "write_reports",
    "create_session", "pending_items", "record_attendance", "record_decision", "record_decision_done",
    "PendingRun", "compute_pending",
    "ExportRun", "export_tables", "export_workbook",
    "ImportRun", "import_tables", "import_workbook",
    "OpenDataRun", "export_open_data",
]

if TYPE_CHECKING:
    from .calendar import CalendarRun, export_calendar
    from .diff import DiffRun, diff_revisions
    from .exchange import ExportRun, export_tables, export_workbook
    from .importing import ImportRun, import_tables, import_workbook
    from .opendata import OpenDataRun, export_open_data
    from .pending import PendingRun, compute_pending
    from .reports import ReportJob, prepare_reports, write_reports
    from .sessions import create_session, pending_items, record_attendance, record_decision, record_decision_done
    from .status import StatusRun, compute_status
    from .validation import ValidationRun, recheck, validate_repository


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value
