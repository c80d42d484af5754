"""The reports in the app (`/informes/…`): each file exactly as `coprod report
--format html` writes it, made by the same pipeline (pipeline/reports.py) into a
temporary folder and served as text.

Why through the pipeline and not rendered here: a repository's own templates
(templates/reports/) are code from pull requests; the CLI renders them sandboxed,
bounded, in a worker it can stop (report/render.py). The app takes the same road,
so there is one sandbox to trust. The annual report stays public (redacted), as
in the CLI.

No path from the address touches the disk: the file name asked for is looked up
among the names of the report plan (report/jobs.py ``plan``); an unknown name is a
404. What is kept (web/state.py ``cached``) is keyed on the month and on the
templates' fingerprint, so an edited YAML file or template shows on reload.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Sheets listed on the index page before «see the list of agreements».
MAX_SHEETS = 60


def templates_fingerprint(root: Path) -> tuple[Any, ...]:
    """(name, size, mtime, mode) of the repository's template files, links not followed (a template edit shows on reload)."""
    items = []
    for rel in ("templates", "templates/reports"):
        try:
            with os.scandir(root / rel) as entries:
                for e in entries:
                    st = e.stat(follow_symlinks=False)
                    # ctime and inode too: a same-size edit within the mtime step (see state._stamp)
                    items.append((f"{rel}/{e.name}", st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode))
        except OSError:
            continue
    return tuple(sorted(items))


def scratch_folder() -> Path:
    """Where the pipeline is told it writes (each render writes into its own temporary folder instead)."""
    return Path(tempfile.gettempdir()) / "coprod-serve-informes"


def prepared(state: Any, month: Any) -> Any:
    """pipeline/reports.ReportJob for every HTML report at ``month`` (views built once, kept until a file changes)."""
    from ..pipeline.reports import prepare_loaded

    key = f"report-job:{month}:{hash(templates_fingerprint(state.root))}"
    return state.cached(key, lambda: prepare_loaded(state.repository(), scratch_folder(), month, ("html",), freeze=False))


@dataclass(frozen=True)
class ReportFile:
    name: str  # «ficha-x.html»
    key: str  # a report key (report/jobs.py REPORT_KEYS)
    title: str
    only: str  # what `coprod report --only` is given to write this file


def files_of(job: Any) -> dict[str, ReportFile]:
    """Every HTML file `coprod report` would write for ``job``, by name (the plan's names: nothing else is served)."""
    from ..i18n import date_long
    from ..report.jobs import REPORT_KEYS, REPORT_TITLES, plan

    out = {}
    for j in plan(job.ctx, ("html",), None):
        if j.agreement is not None:
            only = j.agreement.id if j.agreement.id not in REPORT_KEYS else "ficha"
            title = f"{REPORT_TITLES[j.key]}: {j.agreement.id}"
        elif j.session is not None:
            only, title = j.key, f"{REPORT_TITLES[j.key]} del {date_long(j.session.date)}"
        else:
            only, title = j.key, REPORT_TITLES[j.key]
        out[j.name] = ReportFile(j.name, j.key, title, only)
    return out


def report_text(state: Any, month: Any, name: str) -> str | None:
    """The HTML of the report file ``name`` at ``month`` (None: no such report); CoprodError as the CLI's."""
    job = prepared(state, month)
    wanted = files_of(job).get(name)
    if wanted is None:
        return None
    key = f"report:{month}:{hash(templates_fingerprint(state.root))}:{name}"
    return str(state.cached(key, lambda: _render(job, wanted)))


def _render(job: Any, wanted: ReportFile) -> str:
    """Write the report with the CLI's pipeline into a fresh temporary folder, and read it back."""
    from ..pipeline.reports import write_reports
    from ..report.jobs import plan

    with tempfile.TemporaryDirectory(prefix="coprod-serve-") as tmp:
        folder = Path(tmp) / "informes"
        count = len(plan(job.ctx, job.formats, wanted.only))
        one = dataclasses.replace(job, out=folder, folder=folder, only=wanted.only, jobs=count)
        written = write_reports(one)
        target = folder / wanted.name
        if target not in written:  # the plan and the writer disagree: never serve a stale or foreign file
            raise LookupError(wanted.name)
        return target.read_text(encoding="utf-8")


@dataclass
class ReportIndex:
    general: list[ReportFile]
    sessions: list[ReportFile]
    sheets: list[ReportFile]
    more_sheets: int
    ignored: list[str]
    notice: str | None


def index_of(state: Any, month: Any) -> ReportIndex:
    """The index page's lists: the general reports, the sessions', the first sheets."""
    from ..report.jobs import SESSION_REPORTS

    job = prepared(state, month)
    files = list(files_of(job).values())
    general = [f for f in files if f.key not in SESSION_REPORTS and f.key != "ficha"]
    sessions = [f for f in files if f.key in SESSION_REPORTS]
    sheets = [f for f in files if f.key == "ficha"]
    return ReportIndex(general, sessions, sheets[:MAX_SHEETS], max(0, len(sheets) - MAX_SHEETS),
                       list(job.ignored), job.ctx.notice)
