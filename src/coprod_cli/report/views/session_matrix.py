"""The attendance matrix of the actor map report: actor × council session,
each cell the actor's state, with the rates per actor and per sector that
compute/sessions.py counts (the council's sessions: B.2's attendance control)."""

from __future__ import annotations

from pathlib import PurePosixPath

from ...compute.session_records import SectorAttendance, SessionFigures
from ...compute.sessions import YearSessions
from ...lang import _
from .people import Refs
from .session_types import AnnualSessions, AttendanceMatrix, MatrixColumn, MatrixRow, SectorRate
from .types import SECTORES


def sector_rates(rows: tuple[SectorAttendance, ...]) -> tuple[SectorRate, ...]:
    """The sectors in the labels' order (actors off the map last)."""
    order = {k: i for i, k in enumerate(SECTORES)}
    ranked = sorted(rows, key=lambda r: order.get(r.sector or "", len(order)))
    return tuple(
        SectorRate(SECTORES.get(r.sector or "", _("Fuera del mapa de actores")), len(r.actors), r.convened, r.present, r.rate) for r in ranked
    )


#: Sessions shown as columns: a year of monthly sessions, what a printed page holds.
#: Why a bound: a repository with years of sessions (or a pull request with
#: thousands) would make a table no one can read or print; the rates count them all.
MATRIX_SESSIONS_MAX = 12


def attendance_matrix(fig: SessionFigures, refs: Refs) -> AttendanceMatrix:
    council = fig.council[-MATRIX_SESSIONS_MAX:]
    columns = tuple(MatrixColumn(r.date, PurePosixPath(r.rel).stem, r.date.strftime("%d/%m/%y")) for r in council)
    states = [dict(r.attendance) for r in council]
    rows = tuple(
        MatrixRow(
            refs.ref(a.actor), SECTORES.get(a.sector or "", "—"), tuple(s.get(a.actor) for s in states),
            a.convened, a.present, a.titular, a.suplente, a.absent, a.justified, a.rate, a.streak,
            a.streak >= fig.thresholds.ausencias_consecutivas,
        )
        for a in fig.attendance
    )  # fmt: skip
    rep = fig.representation
    return AttendanceMatrix(
        columns, rows, sector_rates(fig.by_sector), fig.attendance_rate, rep.titular_share, rep.suplente_share,
        fig.thresholds.ausencias_consecutivas, len(fig.council),
    )  # fmt: skip


def annual_sessions(year: YearSessions) -> AnnualSessions:
    return AnnualSessions(year.held, year.council, year.extraordinary, sector_rates(year.by_sector), year.rate)


__all__ = ["MATRIX_SESSIONS_MAX", "annual_sessions", "attendance_matrix", "sector_rates"]
