"""Benchmark `coprod import xlsx` and `coprod import csv` on a generated
repository, as whole processes (median of ``--runs`` after one warm-up, with
peak memory), each as a ratio to `coprod validate` (cold, no cache) on the
same files in the same run.

* the workbook as exported, unchanged: read, rebuild the tables, compare
  every cell (no edit, nothing checked);
* the same workbook with one level changed in each of 100 agreements,
  ``--dry-run``: the edits staged in memory and the whole repository checked
  twice (before and after), nothing written, so every run does the same work;
* the CSV tables, unchanged and with the same 100 edits (``--dry-run``).

    python benchmarks/importing.py                  # N = 1000 agreements, 5 runs
    python benchmarks/importing.py --sizes 100 1000 --runs 3

Needs the xlsx extra: ``pip install ".[xlsx]"``. Measure an installed copy (see run.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import CACHE_DIR, COPROD, Timing, fmt, measure, ratio  # noqa: E402

AS_OF = "2016-06"
EDITED = 100


def _edit_workbook(book: Path, out: Path) -> int:
    """One level changed in each of the first ``EDITED`` agreements (a recorded
    level moved one step on the scale); the number of cells changed."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["Avance"]
    header = [c.value for c in ws[1]]
    level = header.index("Nivel (%)") + 1
    seen: set[str] = set()
    for row in ws.iter_rows(min_row=2):
        rel = str(row[0].value).split("#")[0]
        value = row[level - 1].value
        if rel in seen or value not in (0, 25, 50, 75):
            continue
        seen.add(rel)
        row[level - 1].value = value + 25
        if len(seen) == EDITED:
            break
    wb.save(out)
    return len(seen)


def _edit_csv(table: Path, out: Path) -> None:
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"), newline="")))
    level = rows[0].index("Nivel (%)")
    seen: set[str] = set()
    for row in rows[1:]:
        rel = row[0].split("#")[0]
        if rel in seen or row[level] not in ("0", "25", "50", "75"):
            continue
        seen.add(rel)
        row[level] = str(int(row[level]) + 25)
        if len(seen) == EDITED:
            break
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    out.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def bench_size(n: int, runs: int, work: Path, seed: int) -> dict[str, Timing]:
    repo = work / f"canton-{n}"
    generate(repo, n, seed=seed)
    book, edited = work / f"registro-{n}.xlsx", work / f"editado-{n}.xlsx"
    tables = work / f"tablas-{n}"
    subprocess.run(COPROD + ["export", "xlsx", str(repo), "--out", str(book), "--as-of", AS_OF], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(COPROD + ["export", "csv", str(repo), "--out", str(tables), "--as-of", AS_OF], check=True, stdout=subprocess.DEVNULL)
    cells = _edit_workbook(book, edited)
    _edit_csv(tables / "avance.csv", tables / "avance-editado.csv")
    print(f"\nN = {n}: libro de {book.stat().st_size / 1e6:.1f} MB; {cells} niveles cambiados en el libro editado")

    def clear_cache(_: int) -> None:
        shutil.rmtree(repo / CACHE_DIR, ignore_errors=True)

    imp = COPROD + ["import"]
    r = {
        "validate": measure(COPROD + ["validate", str(repo), "--format", "json", "--as-of", AS_OF], runs, before=clear_cache),
        "xlsx": measure(imp + ["xlsx", str(repo), str(book)], runs, ok=(0,)),
        "xlsx-edit": measure(imp + ["xlsx", str(repo), str(edited), "--dry-run"], runs),
        "csv": measure(imp + ["csv", str(repo), str(tables / "avance.csv"), str(tables / "monitoreo.csv")], runs, ok=(0,)),
        "csv-edit": measure(imp + ["csv", str(repo), str(tables / "avance-editado.csv"), "--dry-run"], runs),
    }
    v = r["validate"]
    print(f"  coprod validate, en frío (sin caché)         {fmt(v)}")
    print(f"  coprod import xlsx, sin cambios             {fmt(r['xlsx'])}   {ratio(r['xlsx'], v)} de validate")
    print(f"  coprod import xlsx --dry-run, {EDITED} cambios  {fmt(r['xlsx-edit'])}   {ratio(r['xlsx-edit'], v)} de validate")
    print(f"  coprod import csv, sin cambios              {fmt(r['csv'])}   {ratio(r['csv'], v)} de validate")
    print(f"  coprod import csv --dry-run, {EDITED} cambios   {fmt(r['csv-edit'])}   {ratio(r['csv-edit'], v)} de validate")
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="carpeta de trabajo (por defecto, una temporal)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="coprod-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"coprod: {' '.join(COPROD)}; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    for n in args.sizes:
        bench_size(n, args.runs, work, args.seed)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
