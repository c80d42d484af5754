"""The benchmark stays runnable (its figures are measured by hand, not here:
speed is never asserted in a unit test)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_generator_is_deterministic_and_plants_known_problems(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    a = generate(tmp_path / "a", 40, seed=3, broken=0.3)
    b = generate(tmp_path / "b", 40, seed=3, broken=0.3)
    assert a == b and sum(a.values()) > 0
    for p in (tmp_path / "a").rglob("*.yaml"):
        assert p.read_bytes() == (tmp_path / "b" / p.relative_to(tmp_path / "a")).read_bytes()


def test_benchmark_runs_end_to_end(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "30", "--runs", "1", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for label in ("coprod validate, en frío", "sin cambios (caché)", "un archivo tocado", "coprod report --format html", "piso: libyaml", "Metas"):
        assert label in out.stdout, label


def test_serve_benchmark_runs_end_to_end():
    """benchmarks/serve.py starts `coprod serve`, reaches the dashboard and every main page (no speed asserted)."""
    import pytest

    pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "serve.py"), "--sizes", "30", "--runs", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for label in ("inicio → tablero (200)", "N = 30 acuerdos", "/acuerdos", "Metas"):
        assert label in out.stdout, label
    pages = [line for line in out.stdout.splitlines() if "HTTP" in line]
    assert len(pages) == 9 and all(line.endswith("HTTP 200") for line in pages), pages


def test_national_benchmark_runs_and_says_what_is_not_available(tmp_path):
    """benchmarks/national.py: a folder of generated cantons, every command
    measured or «no disponible» with the command's own refusal (no speed asserted)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_national

    counts = generate_national(tmp_path / "gen", 3, 10, seed=2, broken=0.3)
    names = sorted(p.name for p in (tmp_path / "gen").iterdir())
    assert names == ["canton-01", "canton-02", "canton-03"] and sum(counts.values()) > 0
    manifests = {(tmp_path / "gen" / n / "canton.yaml").read_text(encoding="utf-8").split("\n")[1] for n in names}
    assert len(manifests) == 3  # each canton its own name
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "national.py"), "--cantons", "2", "--agreements", "8", "--runs", "1",
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "coprod validate, en frío" in out.stdout and "Metas" in out.stdout
    for label in ("coprod status --format json", "coprod report --format html", "coprod export datos"):
        line = next(x for x in out.stdout.splitlines() if label in x)
        assert " s (mín. " in line or "no disponible (salida 2: " in line, line
