"""The completion figures, pinned to the protocol's own example (Anexo 1,
IMAS-INA) and checked with property-based inputs."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from coprod_cli.compute.checklist import checklist
from coprod_cli.compute.figures import compute
from coprod_cli.compute.progress import progress
from coprod_cli.load.repository import load_repository
from coprod_cli.model.models import Acuerdo
from coprod_cli.model.types import NIVELES, Month


@pytest.fixture(scope="module")
def repo():
    return load_repository(EXAMPLE)


def _agreement(repo, ident: str) -> Acuerdo:
    return next(a for _, a in repo.valid_agreements() if a.id == ident)


def test_imas_ina_meets_all_14_criteria(repo):
    cl = checklist(_agreement(repo, "imas-ina-mapeo-familias"))
    assert (cl.met, cl.total, cl.percent) == (14, 14, 100.0)
    assert all(i.content and i.answer == "si" for i in cl.items)


def test_imas_ina_progress_to_date_as_of_august_2015_is_37_5(repo):
    p = progress(_agreement(repo, "imas-ina-mapeo-familias"), Month(2015, 8))
    assert p.to_date == 37.5  # (50 + 25) / 2: JUL-15 and AGO-15
    # As of August, the levels recorded for September to December do not exist yet.
    assert [c.level for c in p.commitments] == [50, 25, None, None, None, None, None]
    assert [c.state(p.as_of) for c in p.commitments] == ["reported", "reported"] + ["pending"] * 5
    assert len(p.due) == 2 and p.unreported_due == [] and p.later == 4
    # Only August's 25 % (algo avanzada) is low progress; July's 50 % (avanzada) is not.
    assert [str(c.month) for c in p.low] == ["2015-08"]
    assert p.overall == pytest.approx(75 / 7)


def test_imas_ina_unreported_january_is_an_alert_not_a_zero(repo):
    a = _agreement(repo, "imas-ina-mapeo-familias")
    p = progress(a, Month(2016, 1))
    assert [str(c.month) for c in p.unreported_due] == ["2016-01"]
    # To date: the six reported months only; January is not counted as 0 %.
    assert p.to_date == 12.5  # (50 + 25 + 0 + 0 + 0 + 0) / 6, not 75 / 7
    # Overall: the share of the whole seven-month schedule done; January adds nothing yet.
    assert p.overall == pytest.approx(75 / 7)
    assert p.term_elapsed == 100.0 and p.behind_schedule
    fig = compute(load_repository(EXAMPLE), Month(2016, 1))
    alerts = next(f for f in fig.agreements if f.id == a.id).alerts
    unreported = [al for al in alerts if al.kind == "unreported"]
    assert len(unreported) == 1 and str(unreported[0].month) == "2016-01" and unreported[0].responsible == "imas"


def test_draft_without_schedule_has_no_progress_figures(repo):
    a = _agreement(repo, "pani-espacios-primera-infancia")
    p = progress(a, Month(2016, 1))
    assert p.total == 0 and p.to_date is None and p.overall is None
    cl = checklist(a)
    # Missing: meta, población, plazo, impacto, responsabilidades (INVU has none), cronograma.
    assert [i.criterion.number for i in cl.missing] == [4, 5, 10, 11, 13, 14]
    assert cl.met == 8


def test_reviewer_no_stands_even_when_content_exists(repo):
    cl = checklist(_agreement(repo, "msp-policia-municipal-formacion"))
    item = cl.items[10]
    assert item.criterion.key == "impacto_esperado" and item.content and item.answer == "no" and not item.met
    assert cl.met == 13


def test_progress_per_subactivity(repo):
    # Foro: October carries two sub-activity levels (100 and 50), so October is two commitments.
    p = progress(_agreement(repo, "foro-local-seguridad-los-guido"), Month(2015, 11))
    oct_ = [c for c in p.commitments if c.month == Month(2015, 10)]
    assert [(c.subactivity, c.level) for c in oct_] == [(1, 100), (2, 50)]
    assert p.total == 7  # six months, October split in two
    assert p.to_date == pytest.approx((100 + 100 + 50 + 25) / 4)


def test_repository_totals_and_rollups(repo):
    fig = compute(repo, Month(2015, 9))
    assert fig.checklist.agreements == 6
    assert fig.checklist.met == 14 + 14 + 14 + 13 + 13 + 8
    assert fig.checklist.percent == pytest.approx(100 * 76 / 84)
    by_axis = {r.key: r for r in fig.rollups["axis"]}
    assert set(by_axis) == {"convivencia-paz-social", "promocion-salud", "desarrollo-local"}
    dl = by_axis["desarrollo-local"]
    assert set(dl.agreements) == {"imas-ina-mapeo-familias", "app-comercio-empleo-juvenil"}
    # Pooled: IMAS-INA's three due months (50, 25, 0); the APP has nothing due in September.
    assert dl.progress.to_date == 25.0
    years = {r.key: r for r in fig.rollups["year"]}
    assert set(years) == {"2015", "2016"}
    assert years["2016"].progress.due == 0


# --- properties ------------------------------------------------------------------

MONTHS = st.integers(min_value=0, max_value=23).map(lambda i: Month(2015, 1) + i)


@st.composite
def agreements(draw):
    months = sorted(set(draw(st.lists(MONTHS, min_size=0, max_size=10))))
    meses = [
        {"mes": str(m), "actividades": [{"descripcion": f"a{i}"} for i in range(draw(st.integers(0, 3)))]}
        for m in months
    ]
    avance = []
    for m in meses:
        choice = draw(st.sampled_from(["none", "month", "subs"]))
        if choice == "month":
            avance.append({"mes": m["mes"], "nivel": draw(st.sampled_from(sorted(NIVELES)))})
        elif choice == "subs" and m["actividades"]:
            n = len(m["actividades"])
            chosen = draw(st.lists(st.integers(1, n), unique=True, max_size=n))
            avance.append({"mes": m["mes"], "subactividades": [{"subactividad": i, "nivel": draw(st.sampled_from(sorted(NIVELES)))} for i in chosen]})
    data = {
        "id": "x",
        "titulo": "x",
        "estado": "en_ejecucion",
        "actividad": {"actor_encargado": "a"},
        "cronograma": {"eje": "e", "accion_estrategica": 1, "meses": meses},
        "avance": avance,
    }
    if months and draw(st.booleans()):
        data["actividad"]["plazo"] = {"inicio": str(months[0]), "fin": str(months[-1])}
    return Acuerdo.model_validate(data)


@settings(max_examples=300, deadline=None)
@given(agreements(), MONTHS)
def test_figures_stay_within_0_and_100(a, as_of):
    p = progress(a, as_of)
    for value in (p.to_date, p.overall, p.term_elapsed):
        assert value is None or 0.0 <= value <= 100.0
    # Every due commitment is exactly one of: reported, unreported, invalid (never invalid counted as unreported).
    assert len(p.reported_due) + len(p.unreported_due) + len(p.invalid_due) == len(p.due) <= p.total
    cl = checklist(a)
    assert 0 <= cl.met <= 14 and 0.0 <= cl.percent <= 100.0


@settings(max_examples=300, deadline=None)
@given(agreements(), MONTHS, st.sampled_from(sorted(NIVELES)), st.data())
def test_adding_a_reported_level_never_lowers_the_reported_count(a, as_of, level, data):
    before = progress(a, as_of)
    unreported = [c for c in before.commitments if c.level is None and not c.invalid]
    if not unreported:
        return
    target = data.draw(st.sampled_from(unreported))
    raw = a.model_dump(mode="json")
    entry = next((e for e in raw["avance"] if e["mes"] == str(target.month)), None)
    if target.subactivity is None:
        if entry is None:
            raw["avance"].append({"mes": str(target.month), "nivel": level})
        else:
            entry["nivel"] = level
    else:
        entry["subactividades"].append({"subactividad": target.subactivity, "nivel": level})
    after = progress(Acuerdo.model_validate(raw), as_of)
    if target.month <= as_of:
        assert len(after.reported) == len(before.reported) + 1
        assert len(after.reported_due) == len(before.reported_due) + 1
    else:  # a level for a month after the cut does not exist as of the cut
        assert after.commitments == before.commitments and after.later >= before.later
    assert after.total == before.total
