"""A small file makes a small report (SECURITY.md, «Límites»).

The reports must grow with what the files say, never with the distance
between two months or the number of times a long name is referred to. Each
case adds a few hostile bytes to the example and measures the bytes the whole
report set (HTML and Markdown) grows by, per byte of input (file contents and
new file names). Measured worst case, printed with ``pytest -s``: a minimal
agreement (76 bytes, and its 19-byte name) gets its own sheet in two formats
and rows in every summary, ≈ 17 KB, about 180 bytes of report per byte of
input; every other case is below 110. The test allows 300.

Without the bounds a 178-byte agreement with ``meses: [0001-01, 9999-12]``
made a 10.7 MB sheet (60 000 bytes per byte), and an actor with a 200 000
character name named 1 000 times in a 4 KB agreement made 400 MB.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE

#: Bytes of report per byte of input, at most (the measured worst is ≈ 180).
MAX_RATIO = 300
HEAD = "id: bomba\ntitulo: B\nestado: en_ejecucion\nactividad:\n  actor_encargado: imas\n"
CRON = "cronograma:\n  eje: desarrollo-local\n  accion_estrategica: 7\n"


def _months(n: int, first_year: int) -> list[str]:
    return [f"{first_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def _long_name(repo: Path) -> None:
    path = repo / "actores.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nombre: Instituto Nacional de Aprendizaje", "nombre: " + "x" * 200_000, 1), encoding="utf-8")


CASES = {
    "una ficha mínima": ({"acuerdos/bomba.yaml": HEAD}, None),
    "meses 0001-01 y 9999-12": ({"acuerdos/bomba.yaml": HEAD + CRON + "  meses: [{mes: 0001-01}, {mes: 9999-12}]\n"}, None),
    "meses 1990-01 y 2100-12": ({"acuerdos/bomba.yaml": HEAD + CRON + "  meses: [{mes: 1990-01}, {mes: 2100-12}]\n"}, None),
    "plazo de 1990 a 2100": (
        {"acuerdos/bomba.yaml": HEAD.replace("imas\n", "imas\n  plazo: {inicio: 1990-01, fin: 2100-12}\n") + CRON + "  meses: [{mes: 1990-01}, {mes: 2100-12}]\n"},
        None,
    ),
    "61 meses seguidos": ({"acuerdos/bomba.yaml": HEAD + CRON + "  meses: [" + ",".join("{mes: %s}" % m for m in _months(61, 2010)) + "]\n"}, None),
    "1 000 meses": ({"acuerdos/bomba.yaml": HEAD + CRON + "  meses: [" + ",".join("{mes: %s}" % m for m in _months(1000, 1991)) + "]\n"}, None),
    "un actor repetido 2 000 veces": ({"acuerdos/bomba.yaml": HEAD + "  actores_colaboradores: [" + ",".join(["ina"] * 2000) + "]\n"}, None),
    "un nombre de 200 000 caracteres nombrado 2 000 veces": (
        {"acuerdos/bomba.yaml": HEAD + "  actores_colaboradores: [" + ",".join(["ina"] * 2000) + "]\n"},
        _long_name,
    ),
    "1 000 alertas y 1 000 encargados": (
        {
            "acuerdos/bomba.yaml": HEAD
            + "encargados: ["
            + ",".join(["{nombre: a}"] * 1000)
            + "]\n"
            + CRON
            + "  meses:\n    - mes: 2015-07\n      actividades: ["
            + ",".join(["{descripcion: a}"] * 1000)
            + "]\navance:\n  - mes: 2015-07\n    subactividades: ["
            + ",".join("{subactividad: %d, nivel: 0}" % (i + 1) for i in range(1000))
            + "]\n"
        },
        None,
    ),
    # Every report names the files that did not load: at most five of them.
    "500 archivos rotos de nombre largo y 500 fichas": (
        {
            **{f"acuerdos/roto-{i:03d}-{'x' * 200}.yaml": "[" for i in range(500)},
            **{f"acuerdos/a{i}.yaml": HEAD.replace("bomba", f"a{i}") for i in range(500)},
        },
        None,
    ),
}


def _report_bytes(cli, repo: Path, out: Path) -> dict[str, int]:
    r = cli("report", repo, "--out", out, "--as-of", "2016-01")
    assert r.code == 0, r.err
    return {p.name: p.stat().st_size for p in out.iterdir()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    from coprod_cli.cli import main

    out = tmp_path_factory.mktemp("base")
    with pytest.raises(SystemExit):
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", "2016-01"])
    return sum(p.stat().st_size for p in out.iterdir())


@pytest.mark.parametrize("name", list(CASES))
def test_a_small_file_makes_a_bounded_report(cli, tmp_path, baseline, name, capsys):
    files, change = CASES[name]
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    before = sum(p.stat().st_size for p in repo.rglob("*") if p.is_file())
    if change is not None:
        change(repo)
    for rel, text in files.items():
        (repo / rel).write_text(text, encoding="utf-8")
    # Input: the bytes of the files and of the new files' names (a pull request writes both).
    added = sum(p.stat().st_size for p in repo.rglob("*") if p.is_file()) - before + sum(len(rel.encode()) for rel in files)
    sizes = _report_bytes(cli, repo, tmp_path / "informes")
    grown = sum(sizes.values()) - baseline
    with capsys.disabled():
        print(f"\n[amplificación] {name}: {added} B de entrada, {grown} B más de informes ({grown / added:.1f} por byte)")
    assert grown <= MAX_RATIO * added, f"{name}: {grown} bytes of report for {added} bytes of input"
    assert max(sizes.values()) < 2_000_000, sizes  # no single report runs away either


def test_the_gantt_chart_follows_the_scheduled_months(tmp_path):
    from coprod_cli.model.types import Month
    from coprod_cli.report.render import MAX_GANTT_MONTHS, gantt_months

    m = Month.parse
    assert gantt_months([m("2015-07"), m("2016-01")]) == [m("2015-07") + i for i in range(7)]  # the gaps are drawn
    far = gantt_months([m("1990-01"), m("2100-12")])
    assert far == [m("1990-01"), m("2100-12")]  # only what the file lists
    many = [m("1991-01") + i for i in range(MAX_GANTT_MONTHS + 1)]
    assert gantt_months(many) == []  # no chart: the schedule's table has the data
    assert gantt_months([]) == []


def test_one_window_of_years_for_every_command(cli, tmp_path):
    """Months and years outside 1990–2100 are refused wherever they are typed."""
    repo = tmp_path / "r"
    shutil.copytree(EXAMPLE, repo)
    window = "(1990 a 2100)"
    for args, expected in [
        (("status", repo, "--as-of", "0001-01"), f"«--as-of 0001-01»: el mes está fuera de los años que coprod acepta {window}"),
        (("report", repo, "--year", "3000", "--out", tmp_path / "o"), "«--year 3000» no es un año de 1990 a 2100"),
        (("new", "plan", repo, "--year", "2200"), "«2200» no es un año de 1990 a 2100"),
        (("init", tmp_path / "nuevo", "--canton", "X", "--start-year", "1900", "--no-input", "--no-git"), "no parece un periodo de años de 1990 a 2100"),
        (("progress", "set", repo, "imas-ina-mapeo-familias", "--month", "2200-01", "--level", "50"), f"«2200-01» está fuera de los años que coprod acepta {window}"),
        (
            ("new", "agreement", repo, "--title", "T", "--lead", "imas", "--start", "0001-01", "--end", "9999-12", "--no-input"),
            f"«0001-01» en --start está fuera de los años que coprod acepta {window}",
        ),
    ]:
        r = cli(*args)
        assert r.code == 2 and expected in r.err, (args, r.err)
