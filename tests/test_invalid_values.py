"""An invalid value is never shown as missing (issue 12, item 2).

Each kind of value that validate reports as an error and that a figure
cannot use — a level off the scale (CP205), a month recorded twice (CP209),
progress in neither or both forms or for a sub-activity the month does not
have (CP210), progress for a month outside the schedule (CP204), a term that
ends before it starts (CP202), an agreement file that does not load — is
marked where the figure is shown («dato inválido, ver CPxxx»), and a status
or report made from a repository with errors says so first, with the count.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coprod_cli.compute.progress import progress
from coprod_cli.model.models import Acuerdo
from coprod_cli.model.types import Month

NB = "\u00a0"
IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"


def _edit(example: Path, rel: str, old: str, new: str) -> None:
    path = example / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _status(cli, example: Path, as_of: str = "2015-09") -> dict:
    r = cli("status", example, "--as-of", as_of, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def _imas(doc: dict) -> dict:
    return next(a for a in doc["agreements"] if a["id"] == "imas-ina-mapeo-familias")


def test_level_60_is_invalid_not_unreported_in_status(cli, example):
    """The issue's reproduction: a level 60 became «compromiso vencido sin avance informado»."""
    _edit(example, IMAS, "  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    nivel: 60")
    doc = _status(cli, example)
    assert doc["validation"]["errors"] == 1
    imas = _imas(doc)
    august = imas["progress"]["schedule"][1]
    assert (august["month"], august["level"], august["state"], august["problems"]) == ("2015-08", None, "invalid", ["CP205"])
    kinds = [(a["kind"], a["month"]) for a in imas["alerts"]]
    assert ("unreported", "2015-08") not in kinds and ("invalid", "2015-08") in kinds
    invalid = next(a for a in imas["alerts"] if a["kind"] == "invalid")
    assert invalid["problems"] == ["CP205"] and "dato inválido, ver CP205" in invalid["message"]
    assert "sin avance informado" not in invalid["message"]
    assert imas["progress"]["problems"] == ["CP205"] and imas["progress"]["invalid_due"] == 1
    assert imas["progress"]["unreported_due"] == 0
    assert doc["totals"]["problems"] == ["CP205"] and doc["totals"]["alerts"]["invalid"] == 1
    assert "CP205" in next(r for r in doc["rollups"]["axis"] if r["key"] == "desarrollo-local")["progress"]["problems"]

    out = cli("status", example, "--as-of", "2015-09").out.replace(NB, " ")
    assert out.splitlines()[1].startswith("Aviso: el repositorio tiene 1 error:")
    row = next(l for l in out.splitlines() if l.startswith("imas-ina-mapeo-familias"))
    assert "1 dato inválido" in row and "*" in row
    assert "2015-08: dato inválido, ver CP205" in out
    assert "sin avance informado" not in out


def test_level_60_is_marked_in_every_report(cli, example, tmp_path):
    _edit(example, IMAS, "  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    nivel: 60")
    out = tmp_path / "informes"
    r = cli("report", example, "--out", out, "--as-of", "2015-09")
    assert r.code == 0, r.err
    assert "el repositorio tiene 1 error" in r.err.lower()
    for path in sorted(out.iterdir()):
        text = path.read_text(encoding="utf-8").replace(NB, " ")
        assert "sin avance informado" not in text, path.name
        # The first page of every report says the repository has errors, with the count.
        if path.suffix == ".md":
            head = "\n".join(text.splitlines()[:8])
        else:
            head = text[text.index("<main>") : text.index("<main>") + 600]
        assert "El repositorio tiene 1 error" in head, path.name
    ficha = (out / "ficha-imas-ina-mapeo-familias.md").read_text(encoding="utf-8").replace(NB, " ").replace("\\", "")
    assert "| AGO-15 | mes completo | — | **dato inválido, ver CP205** |" in ficha
    assert "Avance al día: 25 % (dato inválido, ver CP205)" in ficha
    html = (out / "ficha-imas-ina-mapeo-familias.html").read_text(encoding="utf-8").replace(NB, " ")
    assert re.search(r"<title>[^<]*\(AGO-15\): dato inválido, ver CP205</title>", html)  # the Gantt chart
    avance = (out / "avance-2015-09.md").read_text(encoding="utf-8").replace(NB, " ").replace("\\", "")
    assert "| Datos inválidos | 1 |" in avance
    assert "dato inválido, ver CP205" in next(l for l in avance.splitlines() if l.startswith("| Avance global"))
    index = (out / "index.md").read_text(encoding="utf-8").replace(NB, " ").replace("\\", "")
    assert "(dato inválido, ver CP205)" in next(l for l in index.splitlines() if "Mapeo de familias" in l)


def test_a_clean_repository_says_nothing_of_errors(cli, tmp_path):
    from conftest import EXAMPLE

    out = tmp_path / "informes"
    assert cli("report", EXAMPLE, "--out", out, "--as-of", "2015-09").code == 0
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "El repositorio tiene" not in text and "ver CP" not in text, path.name


@pytest.mark.parametrize(
    "old,new,code,month,state,level",
    [
        # A month recorded twice: the first value counts, and it is marked.
        ("  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    nivel: 25\n  - mes: 2015-08\n    nivel: 100", "CP209", "2015-08", "reported", 25),
        # Neither form: no level, no sub-activities.
        ("  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    nota: se reunieron", "CP210", "2015-08", "invalid", None),
        # Both forms: the month's level counts, and it is marked.
        ("  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    nivel: 25\n    subactividades: [{subactividad: 1, nivel: 100}]", "CP210", "2015-08", "reported", 25),
        # A sub-activity level off the scale (August has two sub-activities).
        ("  - mes: 2015-08\n    nivel: 25", "  - mes: 2015-08\n    subactividades: [{subactividad: 1, nivel: 100}, {subactividad: 2, nivel: 40}]", "CP205", "2015-08", "invalid", None),
    ],
    ids=["repeated-month", "no-level", "both-forms", "sub-off-scale"],
)
def test_each_invalid_progress_value_is_marked(cli, example, old, new, code, month, state, level):
    _edit(example, IMAS, old, new)
    doc = _status(cli, example)
    assert doc["validation"]["errors"] >= 1
    imas = _imas(doc)
    entries = [c for c in imas["progress"]["schedule"] if c["month"] == month]
    flagged = [c for c in entries if code in c["problems"]]
    assert flagged, entries
    assert any((c["state"], c["level"]) == (state, level) for c in flagged), flagged
    assert code in imas["progress"]["problems"] and code in doc["totals"]["problems"]
    assert any(a["kind"] == "invalid" and code in a["problems"] for a in imas["alerts"])
    assert not any(a["kind"] == "unreported" and a["month"] == month for a in imas["alerts"])


def test_progress_outside_the_schedule_is_marked(cli, example):
    _edit(example, IMAS, "  - mes: 2015-12\n    nivel: 0", "  - mes: 2015-12\n    nivel: 0\n  - mes: 2016-02\n    nivel: 100")
    doc = _status(cli, example, "2016-03")
    imas = _imas(doc)
    stray = [a for a in imas["alerts"] if a["kind"] == "invalid"]
    assert [(a["month"], a["problems"]) for a in stray] == [("2016-02", ["CP204"])]
    assert "no está en el cronograma: dato inválido, ver CP204" in stray[0]["message"]
    assert imas["progress"]["problems"] == ["CP204"]
    # As of a month before it, that progress does not exist yet.
    assert _imas(_status(cli, example, "2016-01"))["progress"]["problems"] == []


def test_inverted_term_is_marked(cli, example):
    _edit(example, IMAS, "    inicio: 2015-07\n    fin: 2016-01", "    inicio: 2016-01\n    fin: 2015-07")
    imas = _imas(_status(cli, example))
    assert imas["progress"]["problems"] == ["CP202"]
    assert any(a["kind"] == "invalid" and a["problems"] == ["CP202"] and a["month"] is None for a in imas["alerts"])


def test_an_agreement_that_does_not_load_is_named_not_dropped(cli, example, tmp_path):
    _edit(example, "acuerdos/icd-prevencion-drogas-colegios.yaml", "estado: en_ejecucion", "estado: en ejecución")
    doc = _status(cli, example)
    assert [a["id"] for a in doc["agreements"]].count("icd-prevencion-drogas-colegios") == 0
    assert doc["unread"] == [{"file": "acuerdos/icd-prevencion-drogas-colegios.yaml", "problems": ["CP104"]}]
    assert doc["totals"]["problems"] == ["CP104"]
    out = cli("status", example, "--as-of", "2015-09").out
    assert "acuerdos/icd-prevencion-drogas-colegios.yaml: no se pudo leer (CP104); no está en las cifras." in out
    cli("report", example, "--out", tmp_path / "inf", "--as-of", "2015-09", "--format", "md")
    index = (tmp_path / "inf" / "index.md").read_text(encoding="utf-8")
    assert "1 acuerdo que no se pudo leer no está en este informe" in index
    assert "dato inválido, ver CP104" in index


# --- the figures themselves ------------------------------------------------------------------------


def _acuerdo(meses: list[dict], avance: list[dict], plazo: dict | None = None) -> Acuerdo:
    data = {
        "id": "x", "titulo": "x", "estado": "en_ejecucion", "actividad": {"actor_encargado": "a"},
        "cronograma": {"eje": "e", "accion_estrategica": 1, "meses": meses}, "avance": avance,
    }
    if plazo:
        data["actividad"]["plazo"] = plazo
    return Acuerdo.model_validate(data)


def test_an_invalid_level_adds_nothing_and_is_not_unreported():
    a = _acuerdo([{"mes": "2015-07"}, {"mes": "2015-08"}], [{"mes": "2015-07", "nivel": 60}, {"mes": "2015-08", "nivel": 50}])
    p = progress(a, Month(2015, 8))
    assert [c.state(p.as_of) for c in p.commitments] == ["invalid", "reported"]
    assert p.unreported_due == [] and len(p.invalid_due) == 1
    assert p.to_date == 50.0 and p.overall == 25.0 and p.problems == ("CP205",)


def test_a_sub_activity_the_month_does_not_have_is_marked():
    a = _acuerdo(
        [{"mes": "2015-07", "actividades": [{"descripcion": "uno"}, {"descripcion": "dos"}]}],
        [{"mes": "2015-07", "subactividades": [{"subactividad": 1, "nivel": 100}, {"subactividad": 3, "nivel": 50}]}],
    )
    p = progress(a, Month(2015, 7))
    assert [(c.subactivity, c.level) for c in p.commitments] == [(1, 100), (2, None)]
    assert [s.code for s in p.stray] == ["CP210"] and p.problems == ("CP210",)
    assert len(p.unreported_due) == 1  # sub-activity 2: nothing recorded for it
