"""`--as-of M` reproduces the state at month M, for every figure (issue 12, item 1).

As of M, a level recorded for a month after M does not exist: not in the
overall or to-date figures, the alerts, «behind schedule», the Gantt chart,
the monthly and annual reports, the status text or JSON. The property test
adds progress after M (valid, invalid, repeated) to the example and requires
every output made as of M to stay byte for byte the same.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from coprod_cli.compute.figures import compute
from coprod_cli.load.repository import load_repository
from coprod_cli.model.models import Acuerdo
from coprod_cli.model.types import Month
from coprod_cli.render.status_json import status_dict

NB = "\u00a0"


def _agreement(doc: dict, ident: str) -> dict:
    return next(a for a in doc["agreements"] if a["id"] == ident)


def test_status_as_of_july_2015_counts_only_july(cli):
    """The issue's reproduction: ICD had 81.25 % before its schedule started, IMAS 10.7 %."""
    doc = json.loads(cli("status", EXAMPLE, "--as-of", "2015-07", "--format", "json").out)
    imas = _agreement(doc, "imas-ina-mapeo-familias")
    assert imas["progress"]["overall"] == pytest.approx(50 / 7)  # one 50 % level over 7 commitments: 7.1 %
    assert [c["level"] for c in imas["progress"]["schedule"]] == [50, None, None, None, None, None, None]
    assert [c["state"] for c in imas["progress"]["schedule"]] == ["reported"] + ["pending"] * 6
    icd = _agreement(doc, "icd-prevencion-drogas-colegios")
    assert icd["progress"]["overall"] == 0.0 and icd["progress"]["to_date"] is None
    assert icd["alerts"] == [] and not icd["progress"]["behind_schedule"]
    # MSP (October's 50 % recorded) and the APP (October's 25 %) have nothing as of July either.
    for ident in ("msp-policia-municipal-formacion", "app-comercio-empleo-juvenil", "foro-local-seguridad-los-guido"):
        a = _agreement(doc, ident)
        assert a["progress"]["overall"] == 0.0 and all(c["level"] is None for c in a["progress"]["schedule"]), ident
    assert doc["totals"]["progress"]["overall"] == pytest.approx(50 / 28)
    assert doc["totals"]["alerts"] == {"unreported": 0, "low_progress": 0, "behind_schedule": 1, "invalid": 0}


def test_status_text_as_of_july_2015(cli):
    out = cli("status", EXAMPLE, "--as-of", "2015-07").out.replace(NB, " ")
    icd = next(l for l in out.splitlines() if l.startswith("icd-prevencion-drogas-colegios"))
    assert "81,3 %" not in icd and " 0 %" in icd
    imas = next(l for l in out.splitlines() if l.startswith("imas-ina-mapeo-familias"))
    assert "7,1 %" in imas and "50 %" in imas


@pytest.fixture(scope="module")
def september(tmp_path_factory):
    from coprod_cli.cli import main

    out = tmp_path_factory.mktemp("informes")
    with pytest.raises(SystemExit) as exc:
        main(["report", str(EXAMPLE), "--out", str(out), "--as-of", "2015-09"])
    assert exc.value.code == 0
    return out


def _read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8").replace(NB, " ")


def test_september_gantt_leaves_october_and_november_pending(september):
    """The foro recorded October (per sub-activity) and November: in September's report they are pending."""
    html = _read(september, "ficha-foro-local-seguridad-los-guido.html")
    titles = re.findall(r"<title>([^<]*\((?:SET|OCT|NOV|DIC)-15\)[^<]*)</title>", html)
    assert titles and all(t.endswith("pendiente") for t in titles if "(OCT-15)" in t or "(NOV-15)" in t), titles
    assert any(t.endswith("(SET-15): 100 %") for t in titles), titles
    md = _read(september, "ficha-foro-local-seguridad-los-guido.md")
    assert "| OCT-15 | mes completo | — | pendiente |" in md  # one commitment: its sub-activity levels do not exist yet
    assert "| NOV-15 | mes completo | — | pendiente |" in md


def test_september_imas_lists_october_to_december_as_pending(september):
    md = _read(september, "ficha-imas-ina-mapeo-familias.md")
    for month in ("OCT-15", "NOV-15", "DIC-15"):
        assert f"| {month} | mes completo | — | pendiente |" in md, month
    assert "| SET-15 | mes completo | 0 % | sin avance |" in md


def test_september_figures_everywhere(september):
    # MSP: 100 (AGO) + 75 (SET) over 5 months = 35 %, behind with 40 % of its term gone (October's 50 % does not count).
    avance = _read(september, "avance-2015-09.md")
    row = next(l for l in avance.splitlines() if "Formación de la Policía Municipal" in l and "En ejecución" in l)
    assert "| 87,5 % | 35 % | atrasado |" in row
    anual = _read(september, "anual-2015.md")
    # 2015: IMAS 6 commitments (50+25+0), foro 4 (100), ICD 4 (100+100), MSP 5 (100+75), APP 3: 550 / 22.
    assert "| Avance del año | 25 % |" in anual


# --- the property: adding progress after M never changes anything as of M -------------------------

MONTHS_AROUND = st.integers(min_value=0, max_value=11).map(lambda i: Month(2015, 6) + i)


@st.composite
def later_progress(draw, as_of: Month, months: list[Month]):
    """Progress entries for months after ``as_of``: valid, off the scale, per sub-activity, repeated, outside the schedule."""
    later = [m for m in months if m > as_of] + [as_of + draw(st.integers(1, 6))]
    entries = []
    for _ in range(draw(st.integers(1, 4))):
        month = draw(st.sampled_from(later))
        kind = draw(st.sampled_from(["level", "off_scale", "subs", "empty", "both"]))
        level = draw(st.sampled_from([0, 25, 50, 75, 100]))
        if kind == "level":
            entries.append({"mes": str(month), "nivel": level, "nota": "después del corte"})
        elif kind == "off_scale":
            entries.append({"mes": str(month), "nivel": 60})
        elif kind == "subs":
            entries.append({"mes": str(month), "subactividades": [{"subactividad": draw(st.integers(1, 3)), "nivel": level}]})
        elif kind == "empty":
            entries.append({"mes": str(month)})
        else:
            entries.append({"mes": str(month), "nivel": level, "subactividades": [{"subactividad": 1, "nivel": 30}]})
    return entries


@pytest.fixture(scope="module")
def example_repo():
    return load_repository(EXAMPLE)


def _with_progress(repo, additions: dict[str, list[dict]]):
    docs = []
    for doc in repo.acuerdos:
        extra = additions.get(doc.model.id) if doc.model is not None else None
        if extra:
            raw = doc.model.model_dump(mode="json")
            raw["avance"] = raw["avance"] + extra
            doc = dataclasses.replace(doc, model=Acuerdo.model_validate(raw))
        docs.append(doc)
    return dataclasses.replace(repo, acuerdos=docs)


def _outputs(repo, as_of: Month) -> dict[str, str]:
    """Every output made as of a month: status JSON, status text, every report (both formats)."""
    import io

    from rich.console import Console

    from coprod_cli.render.status_text import render_status
    from coprod_cli.report.render import render
    from coprod_cli.report.views import build_context

    fig = compute(repo, as_of)
    out = {"status.json": json.dumps(status_dict(fig, None, "es_CR"), sort_keys=True)}
    buffer = io.StringIO()
    render_status(fig, Console(file=buffer, width=160, color_system=None), "es_CR")
    out["status.txt"] = buffer.getvalue()
    ctx = build_context(repo, fig, "es_CR", False)
    public = build_context(repo, fig, "es_CR", True)
    with tempfile.TemporaryDirectory() as tmp:
        for path in render(repo.root, ctx, Path(tmp), ("html", "md"), None, public, workers=1):
            out[path.name] = path.read_text(encoding="utf-8")
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), as_of=MONTHS_AROUND)
def test_progress_recorded_after_the_cut_changes_nothing_as_of_the_cut(example_repo, data, as_of):
    additions = {}
    for _, a in example_repo.valid_agreements():
        if data.draw(st.booleans(), label=f"add to {a.id}"):
            months = [m.mes for m in a.cronograma.meses] if a.cronograma else []
            additions[a.id] = data.draw(later_progress(as_of, months), label=a.id)
    before = _outputs(example_repo, as_of)
    after = _outputs(_with_progress(example_repo, additions), as_of)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], f"{name} changed as of {as_of} with {additions}"


def test_the_annual_report_counts_up_to_the_end_of_its_year(cli, example, tmp_path):
    """A 2015 report made in 2016 is made as of December 2015: a level recorded for
    January 2016 (and an invalid one) changes none of its figures."""
    before, after = tmp_path / "antes", tmp_path / "despues"
    assert cli("report", example, "--out", before, "--as-of", "2016-02", "--only", "anual", "--year", "2015").code == 0
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - mes: 2015-12\n    nivel: 0\n", "  - mes: 2015-12\n    nivel: 0\n  - mes: 2016-01\n    nivel: 100\n"), encoding="utf-8")
    app = example / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    note = "    nota: Asistieron 8 de las 20 empresas invitadas.\n"
    app.write_text(app.read_text(encoding="utf-8").replace(note, note + "  - mes: 2016-01\n    nivel: 60\n"), encoding="utf-8")
    assert cli("report", example, "--out", after, "--as-of", "2016-02", "--only", "anual", "--year", "2015").code == 0
    for name in ("anual-2015.md", "anual-2015.html"):
        old, new = _read(before, name), _read(after, name)
        assert "Cifras al mes de diciembre de 2015" in old
        # Only the notice of the new error differs: no figure does.
        def strip(t: str) -> list[str]:
            return [l for l in t.splitlines() if l.strip() and not l.startswith(("> **Aviso:**", '<p class="notice" role="alert">'))]

        assert "El repositorio tiene 1 error" in new
        assert strip(old) == strip(new), name


def test_diff_figures_as_of_a_month_ignore_progress_recorded_after_it(cli, tmp_path):
    """A pull request that records only months after the cut changes no figure of the summary."""
    import shutil

    from gitkit import commit_all, init

    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton")
    commit_all(top, "ejemplo")
    path = top / "canton" / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - mes: 2015-09\n    nivel: 0\n", "  - mes: 2015-09\n    nivel: 100\n"), encoding="utf-8")
    commit_all(top, "septiembre")
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2015-08", "--format", "json").out)
    (changed,) = doc["agreements"]["changed"]
    assert changed["before"]["progress"] == changed["after"]["progress"] == {"to_date": 37.5, "overall": 75 / 7}
    assert doc["base"]["progress"] == doc["head"]["progress"]
    later = json.loads(cli("diff", "HEAD~1", "HEAD", top / "canton", "--as-of", "2015-09", "--format", "json").out)
    (changed,) = later["agreements"]["changed"]
    assert changed["before"]["progress"]["to_date"] == 25.0 and changed["after"]["progress"]["to_date"] == 175 / 3
