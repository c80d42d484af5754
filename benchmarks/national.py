"""Measure coprod on a folder of many cantons (issue 19: 50 cantons × 200 agreements).

Generates a folder of synthetic cantons (``generate.generate_national``) and
measures, in one run, the time (median of ``--runs`` after one warm-up) and the
peak memory (``ru_maxrss`` of the whole process, its worker processes
included) of every command over the whole folder:

* ``coprod validate CARPETA`` (cold, without the caches, and unchanged); if
  validate refuses a folder of cantons, every canton named on one command line;
* ``coprod status CARPETA --format json``;
* ``coprod report CARPETA --format html``;
* ``coprod export datos CARPETA``.

A command that refuses a folder of cantons (exit 2: its many-cantons form does
not exist in the installed coprod) is reported «no disponible», with its
message, and the others are still measured. Goal: every command within 2 GB.

    python benchmarks/national.py                          # 50 cantons × 200 agreements, 3 runs
    python benchmarks/national.py --cantons 5 --agreements 20 --runs 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_national  # noqa: E402
from run import CACHE_DIR, COPROD, Timing, fmt, measure  # noqa: E402

#: Every command within this peak (MB), on 50 cantons × 200 agreements.
PEAK_GOAL_MB = 2048


def refusal(cmd: list[str]) -> str | None:
    """None when ``cmd`` runs (exit 0 or 1: problems found), else why not, from its own message."""
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    if proc.returncode in (0, 1):
        return None
    lines = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
    return f"salida {proc.returncode}: {lines[-1] if lines else 'sin mensaje'}"


def bench(label: str, cmd: list[str], runs: int, before=None) -> tuple[str, Timing | None, str | None]:
    if before:
        before(0)
    why = refusal(cmd)
    if why is not None:
        print(f"  {label:44s} no disponible ({why})")
        return label, None, why
    t = measure(cmd, runs, before=before)
    print(f"  {label:44s} {fmt(t)}")
    return label, t, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cantons", type=int, default=50)
    parser.add_argument("--agreements", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="carpeta de trabajo (por defecto, una temporal)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="coprod-nacional-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "cantones"
    counts = generate_national(folder, args.cantons, args.agreements, seed=args.seed)
    cantons = sorted(p for p in folder.iterdir() if (p / "canton.yaml").is_file())
    size = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 1e6
    print(f"coprod: {' '.join(COPROD)}; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    print(f"\n{len(cantons)} cantones × {args.agreements} acuerdos ({len(cantons) * args.agreements} acuerdos, {size:.1f} MB); "
          f"con problemas: {sum(counts.values())}")

    def clear_caches(_: int) -> None:
        for c in cantons:
            shutil.rmtree(c / CACHE_DIR, ignore_errors=True)

    def clear(path: Path):
        return lambda _: shutil.rmtree(path, ignore_errors=True)

    validate, how = COPROD + ["validate", str(folder), "--format", "json"], ""
    if refusal(validate) is not None:  # no many-cantons validate: every canton on one command line
        validate, how = COPROD + ["validate", *map(str, cantons), "--format", "json"], " [cantones uno a uno]"
    results = [
        bench(f"coprod validate, en frío{how}", validate, args.runs, before=clear_caches),
        bench(f"coprod validate, sin cambios{how}", validate, args.runs),
        bench("coprod status --format json", COPROD + ["status", str(folder), "--format", "json", "--as-of", "2016-06"], args.runs),
        bench("coprod report --format html", COPROD + ["report", str(folder), "--out", str(work / "informes"), "--format", "html",
                                                      "--as-of", "2016-06"], args.runs, before=clear(work / "informes")),
        bench("coprod export datos", COPROD + ["export", "datos", str(folder), "--out", str(work / "datos")], args.runs,
              before=clear(work / "datos")),
    ]
    cold = results[0][1]
    print("\nMetas")
    for label, t, why in results:
        if t is None:
            print(f"  ? {label}: no disponible")
            continue
        mark = "✓" if t.peak_mb <= PEAK_GOAL_MB else "✗"
        share = f"; {t.median / cold.median:.2f}× del validate en frío" if cold and t is not cold else ""
        print(f"  {mark} {label}: memoria máxima {t.peak_mb:.0f} MB (meta ≤ {PEAK_GOAL_MB}){share}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
