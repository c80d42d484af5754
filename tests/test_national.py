"""`coprod status` and `coprod report` over many cantons (issue 19, point 1): the
national roll-up checked figure by figure against each canton's own
`coprod status --format json`, the cantons with problems listed, --as-of
honoured, and the national report public (docs/nacional.md, docs/cifras.md)."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE

AXIS_INJECTION = "Desarrollo <script>alert(1)</script> | *local* [red]rojo[/red]"
ICD = "acuerdos/icd-prevencion-drogas-colegios.yaml"


def _copy(dest: Path, name: str, province: str) -> Path:
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".coprod", "informes"))
    manifest = dest / "canton.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("canton: Desamparados", f"canton: {name}").replace("provincia: San José", f"provincia: {province}")
    manifest.write_text(text, encoding="utf-8")
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def cantons(tmp_path_factory) -> Path:
    """Three cantons (two in San José, one in Cartago, one with a validation error) and a folder that is not one."""
    root = tmp_path_factory.mktemp("pais")
    a = _copy(root / "a-alajuelita", "Alajuelita", "San José")
    _edit(a / "canton.yaml", "nombre: Desarrollo local", f"nombre: {json.dumps(AXIS_INJECTION, ensure_ascii=False)}")
    b = _copy(root / "b-escazu", "Escazú", "San José")
    _edit(b / ICD, "  - mes: 2015-10\n    nivel: 75", "  - mes: 2015-10\n    nivel: 25")  # less progress
    (b / "sesiones" / "2015-11-10.yaml").unlink()  # one council session fewer
    c = _copy(root / "c-paraiso", "Paraíso", "Cartago")
    _edit(c / ICD, "  - mes: 2015-09\n    nivel: 100", "  - mes: 2015-09\n    nivel: 60")  # CP205: an error
    (root / "notas").mkdir()
    (root / "notas" / "leame.txt").write_text("no es un cantón\n", encoding="utf-8")
    return root


FOLDERS = ("a-alajuelita", "b-escazu", "c-paraiso")


def _json(cli, *args: str) -> dict:
    result = cli("status", *args, "--format", "json")
    assert result.code == 0, result.out + result.err
    return json.loads(result.out)


@pytest.fixture(scope="module")
def runs(cantons):
    """Each canton's own status JSON and the national one, at two months (in-process, once per module)."""
    from coprod_cli.cli import main

    def run(*args: str) -> dict:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exc:
            main(["status", *args, "--format", "json"])
        assert int(exc.value.code or 0) == 0
        return json.loads(out.getvalue())

    found = {}
    for month in ("2015-09", "2015-12"):
        found[month] = {
            "national": run(str(cantons), "--as-of", month),
            **{name: run(str(cantons / name), "--as-of", month) for name in FOLDERS},
        }
    return found


def _sum(items, *keys):
    total = 0
    for item in items:
        for k in keys:
            item = item[k]
        total += item
    return total


def _expected(per: list[dict]) -> dict:
    """The national figures recomputed from the per-canton status outputs: sums, and ratios of sums."""
    t = [p["totals"] for p in per]
    level_due = sum(x["progress"]["to_date"] * x["progress"]["reported_due"] for x in t if x["progress"]["to_date"] is not None)
    level_all = sum(x["progress"]["overall"] * x["progress"]["commitments"] for x in t if x["progress"]["overall"] is not None)
    attended = sum(a["present"] for p in per for a in p["sessions"]["attendance"])
    convened = sum(a["convened"] for p in per for a in p["sessions"]["attendance"])
    return {
        "agreements": _sum(t, "agreements"),
        "counted": _sum(t, "counted"),
        "met": _sum(t, "checklist", "met"),
        "total": _sum(t, "checklist", "total"),
        "reported_due": _sum(t, "progress", "reported_due"),
        "commitments": _sum(t, "progress", "commitments"),
        "to_date": level_due / _sum(t, "progress", "reported_due"),
        "overall": level_all / _sum(t, "progress", "commitments"),
        "held": sum(p["sessions"]["held"] for p in per),
        "council": sum(p["sessions"]["council"] for p in per),
        "attendance": 100 * attended / convened,
        "attended": attended,
        "convened": convened,
        "errors": sum(p["validation"]["errors"] for p in per),
        "warnings": sum(p["validation"]["warnings"] for p in per),
        "unreported": sum(p["totals"]["alerts"]["unreported"] for p in per),
    }


def _check(figures: dict, exp: dict) -> None:
    assert figures["agreements"] == exp["agreements"]
    assert figures["counted"] == exp["counted"]
    assert figures["checklist"]["met"] == exp["met"] and figures["checklist"]["total"] == exp["total"]
    assert figures["checklist"]["percent"] == pytest.approx(100 * exp["met"] / exp["total"])
    assert figures["progress"]["reported_due"] == exp["reported_due"]
    assert figures["progress"]["commitments"] == exp["commitments"]
    assert figures["progress"]["to_date"] == pytest.approx(exp["to_date"])
    assert figures["progress"]["overall"] == pytest.approx(exp["overall"])
    assert figures["sessions"]["held"] == exp["held"] and figures["sessions"]["council"] == exp["council"]
    assert (figures["sessions"]["attended"], figures["sessions"]["convened"]) == (exp["attended"], exp["convened"])
    assert figures["sessions"]["attendance_rate"] == pytest.approx(exp["attendance"])
    assert figures["validation"] == {"errors": exp["errors"], "warnings": exp["warnings"]}
    assert figures["alerts"]["unreported"] == exp["unreported"]


@pytest.mark.parametrize("month", ["2015-09", "2015-12"])
def test_national_totals_are_the_sums_of_the_cantons(runs, month):
    found = runs[month]
    national = found["national"]
    per = [found[name] for name in FOLDERS]
    assert national["scope"] == "national" and national["as_of"] == month
    assert [c["canton"] for c in national["cantons"]] == ["Alajuelita", "Escazú", "Paraíso"]
    exp = _expected(per)
    _check(national["totals"], exp)
    assert national["totals"]["cantons"] == 3
    # Each canton's line is its own status, figure by figure.
    for line, own in zip(national["cantons"], per, strict=True):
        _check(line, _expected([own]))
    # Not an average of percentages: the cantons differ, and the mean of their figures is another number.
    to_dates = [p["totals"]["progress"]["to_date"] for p in per]
    assert len(set(to_dates)) > 1
    if month == "2015-12":  # the erroneous canton has one reported commitment fewer: the weights differ
        assert len({p["totals"]["progress"]["reported_due"] for p in per}) > 1
        assert national["totals"]["progress"]["to_date"] != pytest.approx(sum(to_dates) / 3, abs=1e-9)


@pytest.mark.parametrize("month", ["2015-09", "2015-12"])
def test_by_province_and_by_axis(runs, month):
    found = runs[month]
    national = found["national"]
    provinces = {p["province"]: p for p in national["provinces"]}
    assert list(provinces) == ["Cartago", "San José"]
    assert provinces["San José"]["canton_names"] == ["Alajuelita", "Escazú"]
    _check(provinces["San José"], _expected([found["a-alajuelita"], found["b-escazu"]]))
    _check(provinces["Cartago"], _expected([found["c-paraiso"]]))
    assert provinces["San José"]["cantons"] == 2 and provinces["Cartago"]["cantons"] == 1
    # By axis: the axes of every canton, joined by their id; the name is the first canton's.
    sums: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for name in FOLDERS:
        for r in found[name]["rollups"]["axis"]:
            s = sums[r["key"]]
            s["cantons"] += 1
            s["agreements"] += len(r["agreements"])
            s["met"] += r["checklist"]["met"]
            s["total"] += r["checklist"]["total"]
            s["reported_due"] += r["progress"]["reported_due"]
            s["level_due"] += (r["progress"]["to_date"] or 0) * r["progress"]["reported_due"]
            s["commitments"] += r["progress"]["commitments"]
            s["level_all"] += (r["progress"]["overall"] or 0) * r["progress"]["commitments"]
    axes = {a["key"]: a for a in national["axes"]}
    assert set(axes) == set(sums)
    for key, s in sums.items():
        a = axes[key]
        assert (a["cantons"], a["agreements"], a["checklist"]["met"], a["checklist"]["total"]) == (s["cantons"], s["agreements"], s["met"], s["total"])
        assert a["checklist"]["percent"] == pytest.approx(100 * s["met"] / s["total"])
        if s["reported_due"]:
            assert a["progress"]["to_date"] == pytest.approx(s["level_due"] / s["reported_due"])
        assert a["progress"]["overall"] == pytest.approx(s["level_all"] / s["commitments"])
    assert axes["desarrollo-local"]["name"] == AXIS_INJECTION


def test_indicators_against_target_are_counted_per_canton(runs, cantons):
    from coprod_cli.compute.indicators import plan_indicators
    from coprod_cli.load.repository import load_repository
    from coprod_cli.model.types import Month

    national = runs["2015-12"]["national"]
    plan = load_repository(cantons / "a-alajuelita").plan(2015)
    statuses = [f.status for f in plan_indicators(plan, Month.parse("2015-12")).indicators]
    line = national["cantons"][0]["indicators"]
    assert line["total"] == len(statuses) > 0
    assert line["en_camino"] == statuses.count("en_camino") and line["atrasada"] == statuses.count("atrasada")
    assert national["totals"]["indicators"]["total"] == 3 * len(statuses)


def test_as_of_is_honoured(runs):
    sep, dec = runs["2015-09"]["national"], runs["2015-12"]["national"]
    assert sep["totals"]["progress"]["due"] < dec["totals"]["progress"]["due"]
    assert sep["totals"]["sessions"]["held"] < dec["totals"]["sessions"]["held"]


def test_errors_and_non_cantons_are_listed_and_the_exit_code_is_0(runs, cantons, cli, monkeypatch):
    national = runs["2015-12"]["national"]
    paraiso = runs["2015-12"]["c-paraiso"]
    assert paraiso["validation"]["errors"] >= 1
    assert national["validation"]["cantons_with_errors"] == [national["cantons"][2]["path"]]
    assert national["validation"]["cantons_with_errors"][0].endswith("c-paraiso")
    assert [s["path"].rsplit("/", 1)[-1] for s in national["skipped"]] == ["notas"]
    assert "canton.yaml" in national["skipped"][0]["reason"]
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("status", cantons, "--as-of", "2015-12")
    assert result.code == 0  # like one canton's status: the figures are informative
    assert AXIS_INJECTION in result.out  # canton text is shown, never read as markup
    assert "Cifras nacionales al mes de diciembre de 2015" in result.out
    assert "Cantones con errores" in result.out and "Paraíso" in result.out
    assert "notas" in result.out and "no tiene «canton.yaml»" in result.out


def test_a_canton_whose_manifest_does_not_load_is_counted_under_its_folder_and_listed_with_errors(tmp_path, cli):
    """As its own `coprod status` and `coprod export datos` do: its agreements count, its errors list it."""
    _copy(tmp_path / "uno", "Uno", "Limón")
    broken = _copy(tmp_path / "dos", "Dos", "Limón")
    (broken / "canton.yaml").write_text("canton: [sin cerrar\n", encoding="utf-8")
    own = _json(cli, broken, "--as-of", "2015-12")
    result = cli("status", tmp_path / "uno", tmp_path / "dos", "--format", "json", "--as-of", "2015-12")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["canton"] for c in data["cantons"]] == ["Uno", "dos"]
    dos = data["cantons"][1]
    assert dos["validation"]["errors"] > 0 and dos["agreements"] == own["totals"]["agreements"] == 6
    assert data["unreadable"] == [] and data["totals"]["cantons"] == 2


def test_a_canton_that_cannot_be_read_is_listed_with_its_reason(tmp_path, cli, monkeypatch):
    """A canton whose load fails outright (here: its folder cannot be read) is listed, never dropped."""
    from coprod_cli.errors import CoprodError
    from coprod_cli.pipeline import validation

    _copy(tmp_path / "uno", "Uno", "Limón")
    _copy(tmp_path / "dos", "Dos", "Limón")
    real = validation.load_counted

    def failing(root, *args, **kwargs):
        if root.name == "dos":
            raise CoprodError("no se pudo leer «dos»")
        return real(root, *args, **kwargs)

    monkeypatch.setattr(validation, "load_counted", failing)
    result = cli("status", tmp_path / "uno", tmp_path / "dos", "--format", "json", "--as-of", "2015-12")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["canton"] for c in data["cantons"]] == ["Uno"]
    assert [u["path"].rsplit("/", 1)[-1] for u in data["unreadable"]] == ["dos"]
    assert "no se pudo leer «dos»" in data["unreadable"][0]["reason"]
    assert data["totals"]["cantons"] == 1 and data["validation"]["unreadable"] == 1


def test_one_canton_keeps_todays_status(cli):
    data = _json(cli, EXAMPLE, "--as-of", "2015-12")
    assert "scope" not in data and data["canton"] == "Desamparados" and len(data["agreements"]) == 6


def _people(actors: Path) -> set[str]:
    """Every person's name, e-mail and phone in an actor map."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "correo" in node or "telefono" in node:
                found.update(str(node[k]) for k in ("nombre", "correo", "telefono") if node.get(k))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(yaml.safe_load(actors.read_text(encoding="utf-8")))
    return found


def test_the_national_report_has_the_figures_and_no_personal_data(runs, cantons, cli, tmp_path):
    from coprod_cli.i18n import pct

    out = tmp_path / "informe"
    result = cli("report", cantons, "--as-of", "2015-12", "--out", out, "--format", "both")
    assert result.code == 0, result.out + result.err
    html = (out / "nacional.html").read_text(encoding="utf-8")
    md = (out / "nacional.md").read_text(encoding="utf-8")
    totals = runs["2015-12"]["national"]["totals"]
    for text in (html, md):
        for name in ("Alajuelita", "Escazú", "Paraíso", "Cartago", "San José"):
            assert name in text
        assert pct(totals["checklist"]["percent"]) in text
        assert pct(totals["progress"]["to_date"]) in text and pct(totals["progress"]["overall"]) in text
        assert pct(totals["sessions"]["attendance_rate"]) in text
        assert "notas" in text  # the folder that is not a canton is named
    people = _people(EXAMPLE / "actores.yaml")
    assert len(people) > 10
    leaked = {p for p in people if p in html or p in md}
    assert not leaked
    # Canton text is data: escaped in HTML and in Markdown.
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in md and "\\<script\\>" in md and "\\| \\*local\\*" in md and "\\[red\\]rojo" in md


def test_national_report_refuses_one_canton_options(cantons, cli, tmp_path):
    result = cli("report", cantons, "--only", "avance", "--out", tmp_path / "x")
    assert result.code == 2 and "informe nacional" in result.err + result.out
    assert not (tmp_path / "x").exists()


def test_a_cantons_own_templates_are_not_used(cantons, cli, tmp_path):
    own = cantons / "a-alajuelita" / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "nacional.html.j2").write_text("PLANTILLA PROPIA", encoding="utf-8")
    try:
        result = cli("report", cantons, "--as-of", "2015-12", "--out", tmp_path / "r", "--format", "html")
        assert result.code == 0, result.err
        html = (tmp_path / "r" / "nacional.html").read_text(encoding="utf-8")
        assert "PLANTILLA PROPIA" not in html and "Alajuelita" in html
    finally:
        shutil.rmtree(cantons / "a-alajuelita" / "templates")


@pytest.fixture
def english():
    from coprod_cli.lang import set_language

    set_language("en")
    yield
    set_language("es")


def test_the_national_figures_in_english(cantons, cli, english, tmp_path):
    result = cli("status", cantons, "--as-of", "2015-12")
    assert result.code == 0, result.err
    assert "National figures as of" in result.out and "National total (3 cantons, 18 agreements" in result.out
    assert "Cantons with errors" in result.out and "Folders that are not cantons" in result.out
    assert "Cifras nacionales" not in result.out
    out = tmp_path / "en"
    assert cli("report", cantons, "--as-of", "2015-12", "--out", out, "--format", "md").code == 0
    md = (out / "nacional.md").read_text(encoding="utf-8")
    assert md.startswith("# National figures of the co-production of security") and "## By province" in md and "Cantones" not in md
    assert cli("report", cantons, "--as-of", "2015-12", "--out", out, "--format", "html").code == 0
    html = (out / "nacional.html").read_text(encoding="utf-8")
    # The printed page numbers too (style.css says «Página N de M»; base.html.j2 and this report override it).
    assert '<html lang="en">' in html and '@bottom-right { content: "Page\\000020" counter(page) "\\000020of\\000020" counter(pages); }' in html


def test_the_national_report_never_goes_into_a_cantons_data(cantons, cli):
    target = cantons / "b-escazu" / "acuerdos" / "informe"
    result = cli("report", cantons, "--out", target, "--format", "md")
    assert result.code == 2 and "acuerdos/" in result.err + result.out
    assert not target.exists()


def test_a_progress_bar_on_a_terminal_with_many_cantons(cantons, cli, monkeypatch):
    import coprod_cli.cli.status as status_cli

    monkeypatch.setattr(status_cli, "PROGRESS_MIN_CANTONS", 2)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: a terminal
    result = cli("status", cantons, "--as-of", "2015-12", "--format", "json")
    assert result.code == 0
    assert "Leyendo cantones" in result.err
    assert json.loads(result.out)["totals"]["cantons"] == 3  # stdout stays clean JSON
    monkeypatch.setattr(status_cli, "PROGRESS_MIN_CANTONS", 3)
    assert "Leyendo cantones" not in cli("status", cantons, "--as-of", "2015-12", "--format", "json").err


def test_the_national_report_as_a4_pdf(cantons, cli, tmp_path):
    pytest.importorskip("weasyprint", reason="WeasyPrint no está instalado (extra pdf)")
    out = tmp_path / "pdf"
    result = cli("report", cantons, "--as-of", "2015-12", "--out", out, "--format", "pdf")
    assert result.code == 0, result.err
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(out / "nacional.pdf") as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = " ".join(p.extract_text() or "" for p in pdf.pages)
    assert "Cifras nacionales de la coproducción de la seguridad" in text and "Paraíso" in text
    assert not (out / "nacional.html").exists()
