"""Benchmark coprod against the alternatives, in one run, on the same files.

Every figure is a whole process (what a user or CI waits for): the median of
``--runs`` runs after one warm-up, with the child's peak memory (ru_maxrss).
Baselines run on the same generated repository:

* ``check-jsonschema`` with coprod's exported schemas (schema checks only, no
  positions for cross-file rules): the tool people would otherwise use;
* the floor: PyYAML's C loader + pydantic validation in a plain script, the
  least any Python validator of these files can do.

    python benchmarks/run.py                      # N = 100, 1000, 10000
    python benchmarks/run.py --sizes 100 1000 --runs 5

Install the baselines first: ``pip install ".[bench]"``; measure an installed
copy (not an editable install you are editing: a half-edited file would be
measured as a crash).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
COPROD = [str(BIN / "coprod")] if (BIN / "coprod").exists() else [sys.executable, "-m", "coprod_cli"]
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
CACHE_DIR = ".coprod-cache"


@dataclass
class Timing:
    median: float
    best: float
    peak_mb: float
    runs: int


def run_once(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak MB and exit code of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def measure(cmd: list[str], runs: int, before=None, cwd: Path | None = None, ok=(0, 1)) -> Timing:
    times, peaks = [], []
    for i in range(runs + 1):  # the first run warms the OS file cache and is dropped
        if before:
            before(i)
        elapsed, peak, code = run_once(cmd, cwd)
        if code not in ok:
            raise SystemExit(f"{' '.join(cmd)} salió con {code}")
        if i:
            times.append(elapsed)
            peaks.append(peak)
    return Timing(statistics.median(times), min(times), max(peaks), runs)


def fmt(t: Timing | None) -> str:
    if t is None:
        return "—"
    return f"{t.median:8.3f} s (mín. {t.best:.3f}, {t.peak_mb:6.0f} MB)"


def ratio(a: Timing | None, b: Timing | None) -> str:
    if a is None or b is None or b.median == 0:
        return "—"
    return f"{a.median / b.median:6.2f}×"


def check(label: str, value: float | None, limit: float) -> str:
    if value is None:
        return f"  ? {label}: sin dato"
    mark = "✓" if value <= limit else "✗"
    return f"  {mark} {label}: {value:.2f} (meta ≤ {limit})"


def bench_size(n: int, runs: int, work: Path, seed: int) -> dict[str, Timing | None]:
    repo = work / f"canton-{n}"
    counts = generate(repo, n, seed=seed)
    schemas = work / f"schemas-{n}"
    subprocess.run(COPROD + ["schema", "--out", str(schemas)], check=True, stdout=subprocess.DEVNULL)
    agreements = sorted(str(p) for p in (repo / "acuerdos").glob("*.yaml"))
    print(f"\nN = {n}: {len(agreements)} acuerdos, {sum(p.stat().st_size for p in map(Path, agreements)) / 1e6:.1f} MB; con problemas: {sum(counts.values())}")

    def clear_cache(_: int) -> None:
        shutil.rmtree(repo / CACHE_DIR, ignore_errors=True)

    touched = Path(agreements[len(agreements) // 2])
    original = touched.read_text(encoding="utf-8")

    def touch(i: int) -> None:
        touched.write_text(original + f"# toque {i}\n", encoding="utf-8")

    out = work / f"informes-{n}"

    def clear_out(_: int) -> None:
        shutil.rmtree(out, ignore_errors=True)

    validate = COPROD + ["validate", str(repo), "--format", "json"]
    r: dict[str, Timing | None] = {}
    r["cold"] = measure(validate, runs, before=clear_cache)
    if run_once(validate)[2] != 1:  # the generated repository has known problems
        raise SystemExit("coprod validate no encontró los problemas del repositorio generado")
    run_once(validate)  # fill the cache
    r["warm"] = measure(validate, runs)
    r["touched"] = measure(validate, runs, before=touch)
    touched.write_text(original, encoding="utf-8")
    r["status"] = measure(COPROD + ["status", str(repo), "--format", "json", "--as-of", "2016-06"], runs, ok=(0,))
    r["report"] = measure(COPROD + ["report", str(repo), "--out", str(out), "--format", "html", "--as-of", "2016-06"], runs, before=clear_out, ok=(0,))
    written = len(list(out.glob("*.html")))
    if written < n * 0.9:  # agreements that do not load have no sheet
        raise SystemExit(f"coprod report escribió {written} archivos para {n} acuerdos")
    r["floor"] = measure([sys.executable, str(HERE / "floor.py"), str(repo)], runs, ok=(0,))
    if CHECK_JSONSCHEMA:
        r["jsonschema"] = measure([CHECK_JSONSCHEMA, "--schemafile", str(schemas / "acuerdo.schema.json"), *agreements], runs)
    else:
        r["jsonschema"] = None
    shutil.rmtree(out, ignore_errors=True)

    print(f"  coprod validate, en frío (sin caché)   {fmt(r['cold'])}")
    print(f"  coprod validate, sin cambios (caché)    {fmt(r['warm'])}   {ratio(r['warm'], r['cold'])} del frío")
    print(f"  coprod validate, un archivo tocado      {fmt(r['touched'])}   {ratio(r['touched'], r['cold'])} del frío")
    print(f"  coprod status --format json             {fmt(r['status'])}   {ratio(r['status'], r['cold'])} del frío")
    print(f"  coprod report --format html             {fmt(r['report'])}   {ratio(r['report'], r['cold'])} del frío")
    print(f"  piso: libyaml (C) + pydantic            {fmt(r['floor'])}")
    print(f"  check-jsonschema (solo esquema)         {fmt(r['jsonschema'])}" + ("" if CHECK_JSONSCHEMA else "   (no instalado: pip install -e '.[bench]')"))
    print(f"  frío / check-jsonschema                 {ratio(r['cold'], r['jsonschema'])}")
    print(f"  frío / piso                             {ratio(r['cold'], r['floor'])}")
    return r


def bench_startup(runs: int, work: Path) -> dict[str, Timing]:
    bare = work / "bare_typer.py"
    bare.write_text(
        "import typer\napp = typer.Typer()\n@app.command()\ndef hola(nombre: str = 'x'):\n    print(nombre)\n"
        "@app.command()\ndef adios():\n    pass\napp()\n",
        encoding="utf-8",
    )
    r = {
        "bare_help": measure([sys.executable, str(bare), "--help"], runs, ok=(0,)),
        "help": measure(COPROD + ["--help"], runs, ok=(0,)),
        "example": measure(COPROD + ["validate", str(ROOT / "examples" / "desamparados")], runs, ok=(0,)),
    }
    print("\nArranque")
    print(f"  app typer mínima --help                 {fmt(r['bare_help'])}")
    print(f"  coprod --help                           {fmt(r['help'])}   {ratio(r['help'], r['bare_help'])}")
    print(f"  coprod validate examples/desamparados   {fmt(r['example'])}   {ratio(r['example'], r['bare_help'])}")
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="carpeta de trabajo (por defecto, una temporal)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="coprod-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"coprod: {' '.join(COPROD)}; {os.cpu_count()} núcleos; {args.runs} corridas + 1 de calentamiento; mediana")
    startup = bench_startup(args.runs, work)
    results = {n: bench_size(n, args.runs, work, args.seed) for n in args.sizes}

    print("\nMetas")
    big = results.get(max(args.sizes))
    if big:
        n = max(args.sizes)
        cold = big["cold"].median if big["cold"] else None
        if big["jsonschema"]:
            print(check(f"N={n} frío / check-jsonschema", cold / big["jsonschema"].median, 1.0))
        # The goals of issue 19 (benchmarks/README.md, «Issue 19»).
        print(check(f"N={n} frío / piso libyaml+pydantic", cold / big["floor"].median, 0.5))
        print(check(f"N={n} sin cambios / frío", big["warm"].median / cold, 0.05))
        print(check(f"N={n} un archivo tocado / frío", big["touched"].median / cold, 0.15))
        print(check(f"N={n} status json / frío", big["status"].median / cold, 1.2))
        print(check(f"N={n} status json, memoria máxima (MB)", big["status"].peak_mb, 500))
        print(check(f"N={n} report html / frío", big["report"].median / cold, 1.5))
        print(check(f"N={n} report html, memoria máxima (MB)", big["report"].peak_mb, 1024))
    print(check("coprod --help / typer mínima", startup["help"].median / startup["bare_help"].median, 1.5))
    print(check("validate del ejemplo / typer mínima", startup["example"].median / startup["bare_help"].median, 3.0))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
