"""`coprod export datos` over many cantons (and ``--format parquet`` for one): one
Data Package whose tables hold every canton, each row keyed by its canton
(docs/datos-abiertos.md).

Streaming: one canton at a time is loaded, checked, turned into its public
tables (``build_open_data``: the one redaction, report/views/public.py), its rows
appended to each table's file and then dropped, so memory does not grow with the
number of cantons. Each table's file is written under a temporary name and
renamed when every canton is in; ``datapackage.json`` is written last.

The canton key (``cantones.id``): country, province and canton of canton.yaml,
lower case, without accents, joined by «-» (``cr-san-jose-desamparados``): the
same wherever the folder is and whoever gathers the cantons. When canton.yaml
does not load, the folder's name. A canton whose key repeats an earlier one's is
listed as ``duplicado`` with no rows (its figures would count twice).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compute.opendata import OpenData, Table, Value
from ..errors import CoprodError
from ..lang import _
from .cantons import canton_id, slug, unique_id

#: The table that lists the cantons; first in the package.
CANTONS = "cantones"


@dataclass(frozen=True)
class CantonRow:
    """A canton of the run, as the ``cantones`` table lists it; ``message`` only for the summary (it may hold a local path)."""

    id: str
    name: str | None
    province: str | None
    country: str | None
    folder: str
    state: str  # compute/opendata.py: CANTON_STATES
    errors: int | None = None
    warnings: int | None = None
    unread: int | None = None
    counts: tuple[int, int, int, int] | None = None  # agreements, commitments, sessions, indicators
    message: str | None = None

    def row(self) -> tuple[Value, ...]:
        counts: tuple[int | None, ...] = self.counts or (None, None, None, None)
        return (self.id, self.name, self.province, self.country, self.folder, self.state, self.errors, self.warnings, self.unread, *counts)


@dataclass(frozen=True)
class NationalRun:
    folder: Path
    files: tuple[str, ...]
    rows: dict[str, int]
    cantons: tuple[CantonRow, ...]
    skipped: tuple[tuple[str, str], ...]


def _count(data: OpenData, name: str) -> int:
    return next(len(t.rows) for t in data.tables if t.name == name)


def read_canton(root: Path, month: Any, seen: set[str]) -> tuple[CantonRow, OpenData | None]:
    """One canton's row of ``cantones`` and its public tables (None: not read, or a duplicate)."""
    from ..check.engine import check_repository
    from ..load.repository import load_repository
    from .opendata import build_open_data
    from .status import counts

    try:
        repo = load_repository(root)
    except (CoprodError, OSError) as exc:
        return CantonRow(unique_id(slug(root.name) or "canton", seen), None, None, None, root.name, "no_leido", message=str(exc)), None
    manifest = repo.manifest
    ident = canton_id(manifest, root.name)
    name, province, country = (manifest.canton, manifest.provincia, manifest.pais) if manifest is not None else (None, None, None)
    if ident in seen:  # its row keyed apart (the table's primary key is its id); its figures never counted twice
        return CantonRow(unique_id(ident, seen), name, province, country, root.name, "duplicado", message=ident), None
    seen.add(ident)
    problems = counts(check_repository(repo, locate=False))
    data = build_open_data(repo, month)
    unread = sum(1 for d in repo.documents if d.model is None and not d.cached)
    tallies = (_count(data, "acuerdos"), _count(data, "compromisos"), _count(data, "sesiones"), _count(data, "indicadores"))
    state = "con_errores" if problems["errors"] or unread else "valido"
    return CantonRow(ident, name, province, country, root.name, state, problems["errors"], problems["warnings"], unread, tallies), data


def table_schemas(month: Any) -> tuple[Table, ...]:
    """Every open-data table without rows (the tables of a repository with nothing in it)."""
    from ..load.repository import Repository
    from .opendata import build_open_data

    return build_open_data(Repository(Path(os.devnull)), month).tables


class TableFiles:
    """Each table's file under a temporary name in ``folder``, appended to, then renamed (``commit``) or removed (``abort``)."""

    def __init__(self, folder: Path, tables: Sequence[Table], fmt: str) -> None:
        from ..fsutil import TMP_SUFFIX
        from ..render.datapackage import FORMATS, CsvTable

        self.folder, self.names = folder, [f"{t.name}.{FORMATS[fmt][0]}" for t in tables]
        self.temps: list[str] = []
        self.writers: dict[str, Any] = {}
        if fmt == "parquet":
            from ..render.parquet import ParquetTable, require_pyarrow

            require_pyarrow()
        try:
            for table, name in zip(tables, self.names, strict=True):
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TMP_SUFFIX, dir=folder)
                os.close(fd)
                self.temps.append(tmp)
                self.writers[table.name] = ParquetTable(Path(tmp), table) if fmt == "parquet" else CsvTable(Path(tmp), table)
        except BaseException:
            self.abort()
            raise

    def append(self, table: str, rows: Iterable[tuple[Value, ...]]) -> None:
        self.writers[table].append(rows)

    def rows(self) -> dict[str, int]:
        return {name: w.rows for name, w in self.writers.items()}

    def commit(self, package: bytes) -> None:
        from ..fsutil import atomic_write_bytes
        from ..render.datapackage import DATAPACKAGE

        for w in self.writers.values():
            w.close()
        mask = os.umask(0)
        os.umask(mask)
        for tmp, name in zip(self.temps, self.names, strict=True):
            os.chmod(tmp, 0o666 & ~mask)
            os.replace(tmp, self.folder / name)
        self.temps = []
        atomic_write_bytes(self.folder / DATAPACKAGE, package, durable=False)

    def abort(self) -> None:
        for w in self.writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - the file is removed anyway
                pass
        for tmp in self.temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.temps = []


def _add_canton(files: TableFiles, root: Path, month: Any, seen: set[str]) -> CantonRow:
    """Read one canton and append its rows, keyed by it; nothing of it is kept but its ``cantones`` row."""
    from ..compute.opendata import keyed_rows

    row, data = read_canton(root, month, seen)
    if data is not None:
        for table in data.tables:
            files.append(table.name, keyed_rows(table, row.id))
    return row


def output_folder(out: Path, roots: Sequence[Path]) -> Path:
    """``--out`` checked against every canton's repository (pipeline/opendata.py: ``data_folder``), created."""
    from ..fsutil import os_error_es, remove_stale_temporaries
    from .opendata import data_folder

    folder = Path(os.path.abspath(out))
    for root in roots:
        folder = data_folder(out, root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoprodError(_("no se pudo crear la carpeta «{out}» ({reason})").format(out=out, reason=os_error_es(exc))) from None
    remove_stale_temporaries(folder)
    return folder


def write_failed(out: Path, exc: OSError) -> CoprodError:
    from ..fsutil import os_error_es

    return CoprodError(
        _("no se pudieron escribir los datos en «{out}» ({reason}); las tablas ya escritas quedaron como estaban, ninguna a medias "
          "(datapackage.json se escribe al final). Corrija eso y repita la orden.").format(out=out, reason=os_error_es(exc))
    )


@contextmanager
def table_files(folder: Path, tables: Sequence[Table], fmt: str, out: Path) -> Iterator[TableFiles]:
    """``TableFiles`` to append to and commit inside the block; on any failure every temporary file is
    removed (nothing half-written stays) and a system error becomes the Spanish ``write_failed``."""
    try:
        files = TableFiles(folder, tables, fmt)
    except OSError as exc:
        raise write_failed(out, exc) from None
    try:
        yield files
    except OSError as exc:
        files.abort()
        raise write_failed(out, exc) from None
    except BaseException:
        files.abort()
        raise


def export_national(roots: Sequence[Path], skipped: Sequence[tuple[str, str]], out: Path, month: Any, fmt: str = "csv") -> NationalRun:
    """Every canton's public tables as of ``month`` in one package in ``out`` (see the module's docstring)."""
    from ..compute.opendata import cantons_schema, keyed_schema
    from ..render.datapackage import DATAPACKAGE, national_package_json

    if fmt == "parquet":
        from ..render.parquet import require_pyarrow

        require_pyarrow()  # before anything is created
    folder = output_folder(out, roots)
    tables = (cantons_schema(), *(keyed_schema(t) for t in table_schemas(month)))
    cantons: list[CantonRow] = []
    seen: set[str] = set()
    with table_files(folder, tables, fmt, out) as files:
        for root in roots:
            cantons.append(_add_canton(files, root, month, seen))
        files.append(CANTONS, (c.row() for c in cantons))
        files.commit(national_package_json(month, len(cantons), tables, fmt))
    return NationalRun(folder, (*files.names, DATAPACKAGE), files.rows(), tuple(cantons), tuple(skipped))


def export_one_parquet(path: Path, out: Path, month: Any) -> Any:
    """One canton's package with its tables in Parquet: the tables and keys of the CSV package, no canton key."""
    from ..check.engine import check_repository
    from ..render.datapackage import DATAPACKAGE, package_json
    from ..render.parquet import require_pyarrow
    from .inputs import load_one
    from .opendata import OpenDataRun, build_open_data
    from .status import counts

    require_pyarrow()
    repo = load_one(path)
    folder = output_folder(out, [repo.root])
    problems = counts(check_repository(repo, locate=False))
    data = build_open_data(repo, month)
    unread = tuple(sorted(d.rel for d in repo.documents if d.model is None and not d.cached))
    with table_files(folder, data.tables, "parquet", out) as files:
        for table in data.tables:
            files.append(table.name, table.rows)
        files.commit(package_json(data, "parquet"))
    return OpenDataRun(folder, (*files.names, DATAPACKAGE), files.rows(), unread, problems)
