"""Benchmark `coprod serve`: start-up to the first page, as a ratio to
`coprod validate` on the same repository in the same run (medians of ``--runs``
after one warm-up), and, on generated cantons, each main page's time cold
(the first request after start: load, check, compute) and warm (the same page
again, from the app's cache while no file changed), with the server's peak memory.

    python benchmarks/serve.py                      # the example, and a canton of 10,000 agreements
    python benchmarks/serve.py --sizes 1000 --runs 3

Needs the web extra: ``pip install ".[web]"`` (httpx for the requests: ``.[test]``).
Measure an installed copy (see run.py).
"""

from __future__ import annotations

import argparse
import os
import re
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
from run import COPROD, Timing, check, fmt, measure, ratio  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "desamparados"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/k/[A-Za-z0-9_\-]+/")
PAGES = ("/", "/acuerdos", "/problemas", "/avance?mes=2026-03", "/sesiones", "/indicadores", "/informes/2026-03/index.html", "/informes/2026-03/monitoreo.html")


class Server:
    """`coprod serve ROOT --port 0`: started, its address read from what it prints."""

    def __init__(self, root: Path) -> None:
        self.started = time.perf_counter()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "300", "NO_COLOR": "1"}
        self.proc = subprocess.Popen(
            COPROD + ["serve", str(root), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, env=env,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            m = URL.search(line)
            if m:
                self.url, self.port = m.group(0), int(m.group(1))
                break
        else:
            raise SystemExit("coprod serve no mostró su dirección")
        import httpx

        # The key is in the path: «/acuerdos» is asked as «/k/KEY/acuerdos» (httpx keeps the base's path).
        self.client = httpx.Client(base_url=self.url.rstrip("/"), timeout=600)

    def first_page(self) -> float:
        """Seconds from the process start to the dashboard's 200 (the address printed, key in its path)."""
        r = self.client.get(self.url, follow_redirects=True)
        if r.status_code != 200:
            raise SystemExit(f"el tablero respondió {r.status_code}")
        return time.perf_counter() - self.started

    def get(self, path: str) -> tuple[float, int]:
        start = time.perf_counter()
        r = self.client.get(path)
        return time.perf_counter() - start, r.status_code

    def stop(self) -> float:
        """Stop it (SIGTERM, as Ctrl+C) and return its peak memory in MB."""
        self.client.close()
        self.proc.terminate()
        _, _, usage = os.wait4(self.proc.pid, 0)
        return usage.ru_maxrss / 1024


def bench_startup(root: Path, runs: int) -> tuple[Timing, Timing]:
    firsts, peaks = [], []
    for i in range(runs + 1):
        s = Server(root)
        seconds = s.first_page()
        peak = s.stop()
        if i:
            firsts.append(seconds)
            peaks.append(peak)
    serve = Timing(statistics.median(firsts), min(firsts), max(peaks), runs)
    validate = measure(COPROD + ["validate", str(root)], runs, ok=(0, 1))
    return serve, validate


def bench_pages(root: Path) -> tuple[dict[str, tuple[float, float, int]], float]:
    s = Server(root)
    found = {"inicio → tablero": (s.first_page(), 0.0, 200)}
    for path in PAGES:
        cold, status = s.get(path)
        warm, _ = s.get(path)
        found[path] = (cold, warm, status)
    return found, s.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"coprod: {' '.join(COPROD)}; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    serve, validate = bench_startup(EXAMPLE, args.runs)
    print("\nArranque de coprod serve en examples/desamparados")
    print(f"  coprod validate                           {fmt(validate)}")
    print(f"  coprod serve: inicio → tablero (200)      {fmt(serve)}   {ratio(serve, validate)} de validate")
    work = Path(tempfile.mkdtemp(prefix="coprod-serve-bench-"))
    try:
        for n in args.sizes:
            root = work / f"canton-{n}"
            generate(root, n, seed=args.seed)
            pages, peak = bench_pages(root)
            print(f"\nN = {n} acuerdos: cada página en frío (primera vez) y de nuevo (sin cambios); servidor: {peak:.0f} MB máx.")
            for path, (cold, warm, status) in pages.items():
                print(f"  {path:<28} {cold:8.3f} s  {warm:8.3f} s   HTTP {status}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\nMetas")
    print(check("serve: inicio → tablero, segundos", serve.median, 1.0))
    print(check("serve: inicio → tablero / validate", serve.median / validate.median, 2.0))


if __name__ == "__main__":
    main()
