"""The README's DuckDB query («Datos para analistas»), taken from README.md so the doc cannot
drift, run on the Parquet package of three small cantons: it gives the national figure that
`coprod status --format json` gives per canton, summed (issue 19, point 2)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from test_opendata_national import CANTONS, make_cantons

duckdb = pytest.importorskip("duckdb", reason="the DuckDB query test needs duckdb (in the test extra: pip install -e '.[test]')")
pytest.importorskip("pyarrow", reason='the Parquet package needs pyarrow (the parquet extra: pip install "coprod[parquet]")')


def readme_query() -> str:
    """The first SQL block of the README's «Datos para analistas» section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Datos para analistas\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "README: one ```sql block in «Datos para analistas»"
    return blocks[0]


def readme_export_command() -> list[str]:
    """The `coprod export datos` line the README shows before the query, as arguments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Datos para analistas\n", 1)[1].split("\n## ", 1)[0]
    line = next(l for l in section.splitlines() if l.startswith("coprod export datos "))
    return line.split()[1:]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_readme_query_gives_the_national_figure_of_coprod_status(cli, tmp_path, monkeypatch, fmt):
    make_cantons(tmp_path / "cantones")
    monkeypatch.chdir(tmp_path)
    args = readme_export_command()
    assert args[:5] == ["export", "datos", "cantones/", "--out", "datos"] and "--as-of" in args
    if fmt == "csv":  # the README's CSV variant: the same query over read_csv
        args = [a for a in args if a not in ("--format", "parquet")]
    r = cli(*args)
    assert r.code == 0, r.out + r.err
    month = args[args.index("--as-of") + 1]
    query = readme_query()
    if fmt == "csv":
        assert "'datos/acuerdos.parquet'" in query
        query = query.replace("'datos/acuerdos.parquet'", "read_csv('datos/acuerdos.csv')")
    met, total, percent = duckdb.connect().execute(query).fetchone()
    status = [json.loads(cli("status", tmp_path / "cantones" / sub, "--format", "json", "--as-of", month).out) for sub, *_ in CANTONS]
    expected_met = sum(s["totals"]["checklist"]["met"] for s in status)
    expected_total = sum(s["totals"]["checklist"]["total"] for s in status)
    assert (met, total) == (expected_met, expected_total)
    assert len({s["totals"]["checklist"]["met"] for s in status}) == 3 and expected_total == 84 + 70 + 70  # three cantons that differ
    assert sum(s["totals"]["agreements"] - s["totals"]["counted"] for s in status) == 1  # the cancelled one is filtered out
    assert percent == round(100 * expected_met / expected_total, 1)
