"""Benchmark `coprod report --format pdf` (WeasyPrint) as whole processes: the
median of ``--runs`` after one warm-up, with peak memory, as a ratio to
`coprod report --format html` on the same repository in the same run; the
conversion serially and in a pool of worker processes (fork, and spawn as on
Windows and macOS); and, when /usr/bin/chromium exists, Chromium
``--headless --print-to-pdf`` of each HTML report, one process per report.

    python benchmarks/paper.py                        # the example, 3 runs
    python benchmarks/paper.py --runs 5 --sizes 40    # also a generated canton of 40 agreements

Needs the pdf extra: ``pip install ".[pdf]"``. Measure an installed copy (see run.py).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import Timing, fmt, measure, ratio  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "desamparados"
AS_OF = "2026-09"
CHROMIUM = Path("/usr/bin/chromium")
#: coprod in-process with the pool threshold and start method forced (no knob in coprod itself).
FORCED = (
    "import sys, multiprocessing as mp; import coprod_cli.pipeline.paper as p; "
    "p.PARALLEL_MIN_REPORTS = p.PARALLEL_MIN_REPORTS_SPAWN = {min_reports}; "
    "p._context = (lambda: mp.get_context('{method}')); "
    "from coprod_cli.cli import main; main(sys.argv[1:])"
)


def forced(min_reports: int, method: str = "fork") -> list[str]:
    return [sys.executable, "-c", FORCED.format(min_reports=min_reports, method=method)]


def chromium_each(html_dir: Path, out: Path, runs: int) -> Timing:
    """Chromium prints each HTML report to PDF, one process per report (what a script would do)."""
    files = sorted(html_dir.glob("*.html"))
    times = []
    for i in range(runs + 1):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        start = time.perf_counter()
        for f in files:
            subprocess.run(
                [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                 f"--print-to-pdf={out / (f.stem + '.pdf')}", f.as_uri()],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120,
            )
        if i:
            times.append(time.perf_counter() - start)
    return Timing(statistics.median(times), min(times), 0.0, runs)


def bench_repo(label: str, repo: Path, runs: int, work: Path, chromium: bool) -> None:
    out = work / f"out-{repo.name}"

    def clear(_: int) -> None:
        shutil.rmtree(out, ignore_errors=True)

    base = ["report", str(repo), "--out", str(out), "--as-of", AS_OF]
    html = measure(forced(10**9) + base + ["--format", "html"], runs, before=clear, ok=(0,))
    serial = measure(forced(10**9) + base + ["--format", "pdf"], runs, before=clear, ok=(0,))
    fork = measure(forced(0, "fork") + base + ["--format", "pdf"], runs, before=clear, ok=(0,))
    spawn = measure(forced(0, "spawn") + base + ["--format", "pdf"], runs, before=clear, ok=(0,))
    n = len(list(out.glob("*.pdf")))
    print(f"\n{label}: {n} PDF (con el paquete mensual)")
    print(f"  report --format html                     {fmt(html)}")
    print(f"  report --format pdf, en serie            {fmt(serial)}   {ratio(serial, html)} del html")
    print(f"  report --format pdf, procesos (fork)     {fmt(fork)}   {ratio(fork, serial)} de en serie")
    print(f"  report --format pdf, procesos (spawn)    {fmt(spawn)}   {ratio(spawn, serial)} de en serie")
    if chromium:
        html_dir = work / f"html-{repo.name}"
        subprocess.run(forced(10**9) + ["report", str(repo), "--out", str(html_dir), "--as-of", AS_OF, "--format", "html"], check=True,
                       stdout=subprocess.DEVNULL)
        chrome = chromium_each(html_dir, work / f"chromium-{repo.name}", runs)
        count = len(list(html_dir.glob("*.html")))
        print(f"  Chromium --print-to-pdf, {count} procesos    {fmt(chrome)}   {ratio(chrome, serial)} de WeasyPrint en serie (sin el paquete)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="también cantones generados de N acuerdos")
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    chromium = CHROMIUM.exists() and not args.no_chromium
    import os

    print(f"coprod report --format pdf; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        bench_repo("Ejemplo examples/desamparados", EXAMPLE, args.runs, work, chromium)
        for n in args.sizes:
            repo = work / f"canton-{n}"
            generate(repo, n, seed=7, broken=0.0)
            bench_repo(f"Cantón generado de {n} acuerdos", repo, args.runs, work, chromium)


if __name__ == "__main__":
    main()
