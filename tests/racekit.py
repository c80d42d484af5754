"""Run several `coprod` commands at the same moment, in real separate processes.

Each child imports coprod first, says it is ready, then waits for a «go» file:
the commands start within a few milliseconds of each other, so a lost update
shows up (tests/test_concurrency.py; the figures in SECURITY.md come from
``python tests/racekit.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

RUNNER = """\
import os, sys, time
from coprod_cli.cli import main
import coprod_cli.edit.agreement, coprod_cli.scaffold.new, coprod_cli.check.engine  # imported before the start
if os.environ.get("RACE_LOCK_TIMEOUT"):  # tests under heavy load wait longer than a person would
    try:
        import coprod_cli.edit.locking as locking
        locking.LOCK_TIMEOUT = float(os.environ["RACE_LOCK_TIMEOUT"])
    except ImportError:  # a version without locks
        pass
ready, go = sys.argv[1], sys.argv[2]
open(os.path.join(ready, str(os.getpid())), "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
main(sys.argv[3:])
"""


@dataclass
class Outcome:
    args: list[str]
    code: int
    out: str
    err: str


def race(work: Path, commands: list[list[str]], env: dict[str, str] | None = None, timeout: float = 300) -> list[Outcome]:
    """Start every command in its own process at once; their outcomes, in order."""
    work.mkdir(parents=True, exist_ok=True)
    runner, ready, go = work / "runner.py", work / "ready", work / "go"
    runner.write_text(RUNNER, encoding="utf-8")
    ready.mkdir(exist_ok=True)
    for p in ready.iterdir():
        p.unlink()
    if go.exists():
        go.unlink()
    environment = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    procs = [
        subprocess.Popen(
            [sys.executable, str(runner), str(ready), str(go), *map(str, args)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
        )
        for args in commands
    ]
    deadline = time.monotonic() + timeout
    while len(list(ready.iterdir())) < len(procs) and time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.01)
    go.touch()
    outcomes = []
    for args, p in zip(commands, procs):
        out, err = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
        outcomes.append(Outcome(list(map(str, args)), p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")))
    return outcomes


# --- the two scenarios of SECURITY.md -------------------------------------------------------

MONTHS = [f"{2015 + (6 + i) // 12}-{(6 + i) % 12 + 1:02d}" for i in range(30)]  # 2015-07 … 2017-12
RACE_AGREEMENT = "carrera"


def schedule_agreement(root: Path) -> Path:
    """An agreement of the example with a 30-month schedule (2015-07 to 2017-12) and no progress."""
    from coprod_cli.scaffold.new import AgreementOptions, new_agreement

    created = new_agreement(
        root,
        AgreementOptions(
            title="Carrera", id=RACE_AGREEMENT, lead="imas", civil_society="ONG", plan=2015,
            start=MONTHS[0], end=MONTHS[-1], axis="desarrollo-local", action=6,
        ),
    )
    return created.path


def progress_race(root: Path, work: Path, n: int = 30) -> tuple[list[Outcome], list[str]]:
    """``n`` `progress set` on one agreement, each for another month; (outcomes, months found in the file)."""
    from ruamel.yaml import YAML

    path = root / "acuerdos" / f"{RACE_AGREEMENT}.yaml"
    if not path.exists():
        schedule_agreement(root)
    commands = [["progress", "set", str(root), RACE_AGREEMENT, "--month", m, "--level", "50"] for m in MONTHS[:n]]
    outcomes = race(work, commands)
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    found = [str(e["mes"]) for e in data.get("avance") or []]
    return outcomes, found


def actor_race(root: Path, work: Path, n: int = 10) -> tuple[list[Outcome], list[str]]:
    """``n`` `new actor` at once, each with its own id; (outcomes, ids found in actores.yaml)."""
    from ruamel.yaml import YAML

    commands = [
        ["new", "actor", str(root), "--no-input", "--name", f"Asociación {i}", "--id", f"asociacion-{i}",
         "--sector", "sociedad_civil", "--level", "comunal"]
        for i in range(n)
    ]
    outcomes = race(work, commands)
    data = YAML(typ="safe").load((root / "actores.yaml").read_text(encoding="utf-8"))
    return outcomes, [a["id"] for a in data["actores"]]


def lost(outcomes: list[Outcome], found: list[str], key: str) -> int:
    """Commands that said they wrote (exit 0) but whose value is not in the file."""
    return sum(1 for o in outcomes if o.code == 0 and o.args[o.args.index(key) + 1] not in found)


def main(trials: int = 1) -> None:  # pragma: no cover - the measurement behind SECURITY.md's figures
    import shutil
    import tempfile

    example = Path(__file__).resolve().parents[1] / "examples" / "desamparados"
    totals = {"progress": [0, 0, 0, 0], "actor": [0, 0, 0, 0]}  # lost, ok, refused, other
    for t in range(trials):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "r"
            shutil.copytree(example, root, ignore=shutil.ignore_patterns(".coprod-cache"))
            os.environ.setdefault("XDG_CACHE_HOME", str(Path(tmp) / "xdg"))
            start = time.monotonic()
            outcomes, found = progress_race(root, Path(tmp) / "w1")
            p_time = time.monotonic() - start
            start = time.monotonic()
            a_out, ids = actor_race(root, Path(tmp) / "w2")
            a_time = time.monotonic() - start
            for name, outs, fnd, key in (("progress", outcomes, found, "--month"), ("actor", a_out, ids, "--id")):
                row = totals[name]
                row[0] += lost(outs, fnd, key)
                row[1] += sum(o.code == 0 for o in outs)
                row[2] += sum(o.code == 1 for o in outs)
                row[3] += sum(o.code not in (0, 1) for o in outs)
            print(f"trial {t + 1}: progress x30 lost {lost(outcomes, found, '--month')} ({p_time:.1f} s); "
                  f"new actor x10 lost {lost(a_out, ids, '--id')} ({a_time:.1f} s); "
                  f"exit codes {sorted({o.code for o in outcomes + a_out})}")
            for o in outcomes + a_out:
                if o.code not in (0, 1) or "Traceback" in o.err:
                    print("  ", o.code, o.err.strip()[:300])
    for name, (lost_n, ok, refused, other) in totals.items():
        print(f"{name}: {lost_n} lost, {ok} written, {refused} refused (exit 1), {other} other exits")


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).parent))
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
