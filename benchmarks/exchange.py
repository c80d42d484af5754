"""Benchmark the spreadsheet round trip on a generated repository: `coprod
export xlsx` and `coprod export csv`, as whole processes (median of ``--runs``
after one warm-up, with peak memory), each as a ratio to `coprod validate`
(cold, no cache) on the same files in the same run.

    python benchmarks/exchange.py                  # N = 1000 agreements, 5 runs
    python benchmarks/exchange.py --sizes 100 1000 --runs 3

Needs the xlsx extra: ``pip install ".[xlsx]"``. Measure an installed copy
(see run.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import CACHE_DIR, COPROD, Timing, fmt, measure, ratio, run_once  # noqa: E402

AS_OF = "2016-06"


def bench_size(n: int, runs: int, work: Path, seed: int) -> dict[str, Timing]:
    repo = work / f"canton-{n}"
    counts = generate(repo, n, seed=seed)
    size = sum(p.stat().st_size for p in (repo / "acuerdos").glob("*.yaml")) / 1e6
    print(f"\nN = {n}: {n} acuerdos, {size:.1f} MB; con problemas: {sum(counts.values())}")
    book = work / f"registro-{n}.xlsx"
    tables = work / f"registro-{n}"

    def clear_cache(_: int) -> None:
        shutil.rmtree(repo / CACHE_DIR, ignore_errors=True)

    def clear_out(_: int) -> None:
        book.unlink(missing_ok=True)
        shutil.rmtree(tables, ignore_errors=True)

    r = {
        "validate": measure(COPROD + ["validate", str(repo), "--format", "json", "--as-of", AS_OF], runs, before=clear_cache),
        "xlsx": measure(COPROD + ["export", "xlsx", str(repo), "--out", str(book), "--as-of", AS_OF], runs, before=clear_out, ok=(0,)),
        "csv": measure(COPROD + ["export", "csv", str(repo), "--out", str(tables), "--as-of", AS_OF], runs, before=clear_out, ok=(0,)),
    }
    run_once(COPROD + ["export", "xlsx", str(repo), "--out", str(book), "--as-of", AS_OF])  # the book, to show its size
    print(f"  coprod validate, en frío (sin caché)   {fmt(r['validate'])}")
    print(f"  coprod export xlsx                      {fmt(r['xlsx'])}   {ratio(r['xlsx'], r['validate'])} de validate; libro de {book.stat().st_size / 1e6:.1f} MB")
    print(f"  coprod export csv                       {fmt(r['csv'])}   {ratio(r['csv'], r['validate'])} de validate")
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="carpeta de trabajo (por defecto, una temporal)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="coprod-bench-exchange-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"coprod: {' '.join(COPROD)}; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    for n in args.sizes:
        bench_size(n, args.runs, work, args.seed)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
