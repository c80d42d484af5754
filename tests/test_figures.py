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


# --- tests that would catch a wrong figure (issue 12: mutants of compute/progress.py) ------------


def _a(meses, avance=(), plazo=None, estado="en_ejecucion") -> Acuerdo:
    data = {
        "id": "x", "titulo": "x", "estado": estado, "actividad": {"actor_encargado": "lead"},
        "cronograma": {"eje": "e", "accion_estrategica": 1, "meses": [m if isinstance(m, dict) else {"mes": m} for m in meses]},
        "avance": list(avance),
    }
    if plazo:
        data["actividad"]["plazo"] = {"inicio": plazo[0], "fin": plazo[1]}
    return Acuerdo.model_validate(data)


@pytest.mark.parametrize("level,low", [(100, False), (75, False), (50, False), (25, True), (0, True)])
def test_which_reported_levels_are_low_progress(level, low):
    from coprod_cli.compute.figures import _alerts

    a = _a(["2015-07", "2015-08"], [{"mes": "2015-07", "nivel": level}, {"mes": "2015-08", "nivel": 100}])
    p = progress(a, Month(2015, 8))
    assert [c.month for c in p.low] == ([Month(2015, 7)] if low else [])
    kinds = [al.kind for al in _alerts(a, p)]
    assert kinds.count("low_progress") == (1 if low else 0)
    from coprod_cli.compute.progress import pool

    assert pool((c, p.as_of) for c in p.commitments).low == (1 if low else 0)


def test_behind_schedule_only_when_overall_is_strictly_below_the_term_elapsed():
    months = ["2015-07", "2015-08"]
    # Half the term gone, half the schedule done: on time, not behind.
    on_time = progress(_a(months, [{"mes": "2015-07", "nivel": 100}]), Month(2015, 7))
    assert on_time.overall == on_time.term_elapsed == 50.0 and not on_time.behind_schedule
    behind = progress(_a(months, [{"mes": "2015-07", "nivel": 75}]), Month(2015, 7))
    assert behind.overall == 37.5 and behind.behind_schedule
    ahead = progress(_a(months, [{"mes": "2015-07", "nivel": 100}, {"mes": "2015-08", "nivel": 100}]), Month(2015, 8))
    assert ahead.overall == ahead.term_elapsed == 100.0 and not ahead.behind_schedule
    # Before the term starts nothing has elapsed, and nothing is behind.
    early = progress(_a(months), Month(2015, 6))
    assert early.term_elapsed == 0.0 and early.overall == 0.0 and not early.behind_schedule


def test_the_first_of_a_repeated_month_counts():
    a = _a(["2015-07"], [{"mes": "2015-07", "nivel": 25, "nota": "primera"}, {"mes": "2015-07", "nivel": 100, "nota": "segunda"}])
    (c,) = progress(a, Month(2015, 7)).commitments
    assert (c.level, c.note, c.invalid) == (25, "primera", ("CP209",))


def test_the_first_of_a_repeated_sub_activity_counts():
    a = _a(
        [{"mes": "2015-07", "actividades": [{"descripcion": "uno"}, {"descripcion": "dos"}]}],
        [{"mes": "2015-07", "subactividades": [
            {"subactividad": 2, "nivel": 0, "nota": "primera"},
            {"subactividad": 1, "nivel": 100},
            {"subactividad": 2, "nivel": 100, "nota": "segunda"},
        ]}],
    )
    one, two = progress(a, Month(2015, 7)).commitments
    assert (one.level, one.invalid) == (100, ())
    assert (two.level, two.note, two.invalid) == (0, "primera", ("CP210",))


def test_the_as_of_month_is_due_and_the_next_is_not():
    a = _a(["2015-07", "2015-08"], [{"mes": "2015-07", "nivel": 50}, {"mes": "2015-08", "nivel": 100}])
    p = progress(a, Month(2015, 7))
    assert [c.due(p.as_of) for c in p.commitments] == [True, False]
    assert [c.level for c in p.commitments] == [50, None]  # August's level does not exist yet
    assert p.to_date == 50.0 and p.overall == 25.0 and p.later == 1
    assert [c.state(p.as_of) for c in p.commitments] == ["reported", "pending"]
    q = progress(a, Month(2015, 8))
    assert q.to_date == 75.0 and q.overall == 75.0 and q.later == 0


def test_term_elapsed_counts_begun_months_of_the_term():
    a = _a(["2015-07"], plazo=("2015-07", "2015-10"))  # four months
    assert [progress(a, Month(2015, 6) + i).term_elapsed for i in range(6)] == [0.0, 25.0, 50.0, 75.0, 100.0, 100.0]
    single = _a(["2015-07"], plazo=("2015-07", "2015-07"))
    p = progress(single, Month(2015, 7))
    assert p.term == (Month(2015, 7), Month(2015, 7)) and p.term_elapsed == 100.0 and p.term_problem is None
    # Without a term, the schedule's first to last month.
    assert progress(_a(["2015-07", "2015-10"]), Month(2015, 8)).term == (Month(2015, 7), Month(2015, 10))
    # An inverted term is not used, and is marked.
    inverted = progress(_a(["2015-07", "2015-08"], plazo=("2015-09", "2015-07")), Month(2015, 7))
    assert inverted.term == (Month(2015, 7), Month(2015, 8)) and inverted.term_problem == "CP202"
    assert inverted.problems == ("CP202",)


def test_empty_figures_are_none_not_zero():
    p = progress(_a([]), Month(2015, 7))
    assert p.total == 0 and p.to_date is None and p.overall is None and p.term_elapsed is None and not p.behind_schedule
    nothing_due = progress(_a(["2015-08"]), Month(2015, 7))
    assert nothing_due.to_date is None and nothing_due.overall == 0.0
    unreported = progress(_a(["2015-07"]), Month(2015, 7))
    assert unreported.to_date is None and len(unreported.unreported_due) == 1  # an alert, not a zero


def test_month_or_sub_activity_form():
    meses = [{"mes": "2015-07", "actividades": [{"descripcion": "uno"}, {"descripcion": "dos"}]}]
    whole = progress(_a(meses, [{"mes": "2015-07", "nivel": 50}]), Month(2015, 7))
    assert [(c.subactivity, c.level, c.description) for c in whole.commitments] == [(None, 50, "uno; dos")]
    subs = progress(_a(meses, [{"mes": "2015-07", "subactividades": [{"subactividad": 2, "nivel": 25}]}]), Month(2015, 7))
    assert [(c.subactivity, c.level) for c in subs.commitments] == [(1, None), (2, 25)]
    both = progress(_a(meses, [{"mes": "2015-07", "nivel": 75, "subactividades": [{"subactividad": 1, "nivel": 0}]}]), Month(2015, 7))
    assert [(c.subactivity, c.level, c.invalid) for c in both.commitments] == [(None, 75, ("CP210",))]
    # Sub-activity levels for a month without activities: nothing counts, the month is marked.
    bare = progress(_a(["2015-07"], [{"mes": "2015-07", "subactividades": [{"subactividad": 1, "nivel": 100}]}]), Month(2015, 7))
    assert [(c.subactivity, c.level, c.state(Month(2015, 7)), c.invalid) for c in bare.commitments] == [(None, None, "invalid", ("CP210",))]


def test_pooled_figures_equal_the_agreements_own():
    from coprod_cli.compute.progress import pool

    a = _a(["2015-07", "2015-08", "2015-09", "2015-10"], [{"mes": "2015-07", "nivel": 100}, {"mes": "2015-08", "nivel": 60}, {"mes": "2015-10", "nivel": 25}])
    p = progress(a, Month(2015, 9))
    pp = pool((c, p.as_of) for c in p.commitments)
    assert (pp.commitments, pp.due, pp.reported_due, pp.unreported_due, pp.invalid_due, pp.low) == (4, 3, 1, 1, 1, 0)
    assert pp.to_date == p.to_date == 100.0 and pp.overall == p.overall == 25.0 and pp.problems == ("CP205",)


@settings(max_examples=200, deadline=None)
@given(agreements(), MONTHS)
def test_pooling_one_agreement_gives_its_figures(a, as_of):
    from coprod_cli.compute.progress import pool

    p = progress(a, as_of)
    pp = pool((c, as_of) for c in p.commitments)
    assert (pp.to_date, pp.overall) == (p.to_date, p.overall)
    assert (pp.commitments, pp.due, pp.reported_due, pp.unreported_due, pp.invalid_due, pp.low) == (
        p.total, len(p.due), len(p.reported_due), len(p.unreported_due), len(p.invalid_due), len(p.low)
    )


@pytest.mark.parametrize("estado,alerts", [("borrador", False), ("firmado", True), ("en_ejecucion", True), ("concluido", True), ("cancelado", False)])
def test_alerts_only_for_binding_states_but_invalid_values_always(estado, alerts):
    from coprod_cli.compute.figures import _alerts

    a = _a(["2015-07", "2015-08"], [{"mes": "2015-07", "nivel": 0}, {"mes": "2015-08", "nivel": 60}], estado=estado)
    kinds = [al.kind for al in _alerts(a, progress(a, Month(2015, 8)))]
    assert ("low_progress" in kinds) == alerts and ("behind_schedule" in kinds) == alerts
    assert kinds.count("invalid") == 1


def test_cancelled_agreements_stay_out_of_totals_and_rollups(tmp_path):
    import shutil

    from conftest import EXAMPLE as example

    root = tmp_path / "repo"
    shutil.copytree(example, root)
    path = root / "acuerdos" / "icd-prevencion-drogas-colegios.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: cancelado"), encoding="utf-8")
    fig = compute(load_repository(root), Month(2015, 9))
    assert fig.checklist.agreements == 5 and len(fig.agreements) == 6
    assert "icd-prevencion-drogas-colegios" not in {i for dim in fig.rollups.values() for r in dim for i in r.agreements}
    assert fig.progress.commitments == 28 - 4
