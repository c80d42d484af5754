"""`coprod status` and `coprod report` over many cantons: the national roll-up.

One canton at a time: load it, compute its figures with the same
``pipeline.status.status_of`` as `coprod status`, keep a small summary
(compute/national.py), drop the repository. Memory stays that of the largest
canton, whatever the number of cantons. A canton that cannot be read at all
is listed with its reason; a folder that is not a canton is listed too
(``CantonSet.skipped``): nothing is dropped in silence.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..compute.national import NO_PROVINCE, CantonSummary, National, Unreadable, roll_up, summarise
from ..errors import CoprodError
from ..lang import _
from .cantons import CantonSet

#: Called after each canton with its shown path.
ProgressFn = Callable[[str], None]


def shown(root: Path) -> str:
    from ..load.repository import shown_name

    return shown_name(str(root))


def _indicator_statuses(repo: Any, month: Any) -> list[str]:
    """The statuses of the indicators of the annual plan of the year (compute/annual.py ``default_year``)."""
    from ..compute.annual import default_year
    from ..compute.indicators import plan_indicators

    plan = repo.plan(default_year(repo, month))
    if plan is None:
        return []
    return [f.status for f in plan_indicators(plan, month).indicators]


def canton_summary(root: Path, month: Any, seen: set[str] | None = None) -> CantonSummary | Unreadable:
    """One canton read, its figures computed and summarised; or why it is not counted.

    ``seen``: the cantons' keys so far (``cantons.canton_id``, as `coprod export datos` keys them): the
    same canton gathered twice is listed, never counted twice. A canton.yaml that does not fit its
    model (an unknown key) still gives the canton's figures, as its own `coprod status` does, under
    its folder's name; its errors list it among the cantons with errors.
    """
    from .cantons import canton_id
    from .status import status_of
    from .validation import load_counted

    path = shown(root)
    try:
        # The counts through the validation cache, as `coprod status` on one canton (pipeline/status.py).
        repo, problems = load_counted(root)
    except CoprodError as exc:
        return Unreadable(path, str(exc))
    except OSError as exc:
        from ..fsutil import os_error_es

        return Unreadable(path, os_error_es(exc, writing=False))
    manifest = repo.manifest
    ident = canton_id(manifest, root.name)
    if seen is not None:
        if ident in seen:
            return Unreadable(path, _("es el mismo cantón que otra carpeta de esta corrida (país, provincia y nombre iguales: «{id}»); no se cuenta dos veces").format(id=ident))
        seen.add(ident)
    name = str(manifest.canton) if manifest is not None else root.name
    province = str(manifest.provincia or NO_PROVINCE) if manifest is not None else NO_PROVINCE
    run = status_of(repo, month, problems)
    return summarise(run, path, name, province, _indicator_statuses(repo, month))


def national_status(cantons: CantonSet, month: Any, on_progress: ProgressFn | None = None) -> National:
    """The national roll-up of ``cantons`` at ``month``, one canton at a time."""
    summaries: list[CantonSummary] = []
    unreadable: list[Unreadable] = []
    seen: set[str] = set()
    for root in cantons.roots:
        found = canton_summary(root, month, seen)
        (unreadable if isinstance(found, Unreadable) else summaries).append(found)  # type: ignore[arg-type]
        _release()
        if on_progress is not None:
            on_progress(found.path)
    return roll_up(month, summaries, unreadable, cantons.skipped)


def _release() -> None:
    """Give back the canton just read: loading freezes what it builds out of the collector's reach
    (gcutil.no_cyclic_gc), right for one canton, but cyclic garbage of each canton would then stay for the
    whole run. Measured at 50 cantons × 200 agreements: the same peak with or without (58 and 59 MB, the
    figures are acyclic and reference counting frees them), so this is a guard, and costs one collection
    of a small heap per canton (notes: benchmarks are issue 19's point 3)."""
    gc.unfreeze()
    gc.collect()


def national_cantons(paths: list[Path]) -> CantonSet | None:
    """The cantons of a national run, or None for one canton (today's one-canton commands, unchanged).

    One path inside a canton is that canton; one path that is neither a canton
    nor a folder of cantons is left to the one-canton command, which says why
    as it always did. Several paths, or a folder of cantons, are a national run.
    """
    from ..load.repository import RepositoryNotFound, find_root
    from .cantons import find_cantons, holds_cantons
    from .inputs import check_path

    if len(paths) == 1 and not holds_cantons(paths[0]):
        try:
            check_path(paths[0])
            if not paths[0].exists():
                return None
            find_root(paths[0])
            return None
        except (CoprodError, RepositoryNotFound):
            pass
        try:
            return find_cantons(paths)
        except CoprodError:
            return None
    return find_cantons(paths)


def write_national(n: National, out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write ``<out>/nacional.<ext>`` for each format (each file in one rename); the files written."""
    from ..fsutil import atomic_write_bytes, atomic_write_text
    from ..report.national import NAME, render_national

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = out / f"{NAME}.{fmt}"
        if fmt == "pdf":
            atomic_write_bytes(target, _pdf(render_national(n, "html"), target.name))
        else:
            atomic_write_text(target, render_national(n, fmt))
        written.append(target)
    return written


def _pdf(html: str, name: str) -> bytes:
    """A4 PDF through the reports' paper pipeline: WeasyPrint, else an installed browser (pipeline/paper.py)."""
    from .paper import browser_instead

    browser = browser_instead()
    if browser is None:
        from ..report.national import title
        from ..report.pdf import html_to_pdf

        return html_to_pdf(html, name, title())
    from ..report.pdf_browser import print_html

    return print_html(browser, html, name)
