"""The open-data tables as Apache Parquet files (``coprod export datos --format parquet``),
for analysts who query many cantons with DuckDB, Spark or pandas without coprod.

Why pyarrow (the optional extra ``parquet``): its schema is explicit, so each
column gets the type its Data Package field says (compute/opendata.py), also in a
table whose rows are all empty; DuckDB writes Parquet too, but from its own type
inference over the rows given. Types: ``string`` → UTF-8 string, ``integer`` →
int64, ``number`` → float64 (full precision), ``date`` → date32, ``boolean`` →
boolean, ``yearmonth`` → the string ``AAAA-MM`` (Table Schema's own form of a
year and month; Parquet has no such type). Every column may be null (the empty
cell of the CSV). Rows are buffered and written in row groups of at most
``ROW_GROUP`` rows, so memory stays flat over many cantons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..compute.opendata import Table, Value
from ..errors import EXIT_USAGE, CoprodError
from ..lang import _
from ..model.types import Month

#: Rows per row group (DuckDB and Spark read a row group at a time).
ROW_GROUP = 65_536


def require_pyarrow() -> Any:
    """``pyarrow.parquet``, or a CoprodError naming the extra to install (exit 2, never a traceback)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise CoprodError(
            _('«--format parquet» necesita pyarrow, que no está instalado. Instale el extra: pip install "coprod[parquet]" (o use «--format csv»).'),
            EXIT_USAGE,
        ) from None
    return pq


def arrow_schema(table: Table) -> Any:
    """The table's Arrow schema, one field per column with the type of its Data Package field."""
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "yearmonth": pa.string(), "boolean": pa.bool_()}
    return pa.schema([pa.field(c.name, types[c.type], nullable=True) for c in table.columns])


def _value(value: Value) -> Any:
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, float | int | str | bool | dt.date) or value is None:
        return value
    return str(value)


class ParquetTable:
    """One table's Parquet file, written a batch of rows at a time (``append``), finished by ``close``.

    Each batch (one canton's rows) becomes Arrow columns at once (far smaller than Python tuples); the
    columns are written as a row group when ``ROW_GROUP`` rows have gathered, and at ``close``."""

    def __init__(self, path: Path, table: Table) -> None:
        pq = require_pyarrow()
        self.schema = arrow_schema(table)
        self.rows = 0
        self._pending: list[Any] = []
        self._count = 0
        self._writer = pq.ParquetWriter(str(path), self.schema, compression="snappy")

    def append(self, rows: Iterable[tuple[Value, ...]]) -> None:
        import pyarrow as pa

        batch = list(rows)
        if not batch:
            return
        columns = zip(*batch, strict=True)
        arrays = [pa.array([_value(v) for v in col], type=f.type) for col, f in zip(columns, self.schema, strict=True)]
        self._pending.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self._count += len(batch)
        self.rows += len(batch)
        if self._count >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._writer.write_table(pa.Table.from_batches(self._pending, schema=self.schema), row_group_size=ROW_GROUP)
        self._pending, self._count = [], 0

    def close(self) -> None:
        self._flush()
        self._writer.close()
