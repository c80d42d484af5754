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
