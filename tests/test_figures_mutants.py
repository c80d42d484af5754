"""Tests that kill the mutants of compute/ that survived the rest of the suite
(issue 12, «tests that would catch a wrong figure»; docs/mutation.md).

Each test pins exact figures on a small hand-made agreement or on the
example at a given month, and its docstring names the mutants it kills.
"""

from __future__ import annotations

import pytest

from conftest import EXAMPLE
from coprod_cli.compute.progress import progress, record_problems
from coprod_cli.model.models import Acuerdo
from coprod_cli.model.types import Month

JUL, AUG, SEP = Month(2015, 7), Month(2015, 8), Month(2015, 9)
TWO = [{"descripcion": "uno"}, {"descripcion": "dos"}]


def _a(meses=None, avance=(), plazo=None, estado="en_ejecucion") -> Acuerdo:
    """A minimal agreement; ``meses=None`` leaves out the schedule."""
    data = {"id": "x", "titulo": "x", "estado": estado, "actividad": {"actor_encargado": "lead"}, "avance": list(avance)}
    if meses is not None:
        data["cronograma"] = {"eje": "e", "accion_estrategica": 1, "meses": [m if isinstance(m, dict) else {"mes": m} for m in meses]}
    if plazo:
        data["actividad"]["plazo"] = {"inicio": plazo[0], "fin": plazo[1]}
    return Acuerdo.model_validate(data)


def _p(code, kind, path, month, sub=None, value=None, target="value") -> tuple:
    return (code, kind, path, month, sub, value, target)


def _problems(a: Acuerdo) -> list[tuple]:
    """``record_problems`` as plain tuples (RecordProblem's constructor is not public)."""
    return [(p.code, p.kind, p.path, p.month, p.subactivity, p.value, p.target) for p in record_problems(a)]


def test_every_invalid_value_is_found_with_its_path_month_and_value():
    """Kills the mutants of ``record_problems``: a code, kind or path element
    changed, ``value=`` or ``target=`` dropped, ``>`` turned into ``>=`` for a
    sub-activity the month does not have, a repeated month or sub-activity no
    longer seen (``add`` dropped), ``and``/``or`` swapped in «no level» / «two forms»."""
    a = _a(
        [{"mes": "2015-07", "actividades": TWO}, "2015-08", "2015-07"],
        [
            {"mes": "2015-06", "nivel": 50},
            {"mes": "2015-07", "nota": "julio", "subactividades": [
                {"subactividad": 1, "nivel": 30}, {"subactividad": 3, "nivel": 0}, {"subactividad": 1, "nivel": 100},
            ]},
            {"mes": "2015-08", "nivel": 60},
            {"mes": "2015-08", "nivel": 50, "subactividades": [{"subactividad": 1, "nivel": 0}]},
            {"mes": "2015-09"},
        ],
    )
    assert _problems(a) == [
        _p("CP209", "repeated_schedule_month", ("cronograma", "meses", 2, "mes"), JUL),
        _p("CP204", "outside_schedule", ("avance", 0, "mes"), Month(2015, 6)),
        _p("CP205", "off_scale", ("avance", 1, "subactividades", 0, "nivel"), JUL, 1, 30),
        _p("CP210", "repeated_subactivity", ("avance", 1, "subactividades", 2, "subactividad"), JUL, 1),
        _p("CP210", "no_such_subactivity", ("avance", 1, "subactividades", 1, "subactividad"), JUL, 3, 2),
        _p("CP205", "off_scale", ("avance", 2, "nivel"), AUG, value=60),
        _p("CP209", "repeated_month", ("avance", 3, "mes"), AUG),
        _p("CP210", "two_forms", ("avance", 3, "subactividades"), AUG, target="key"),
        _p("CP210", "no_such_subactivity", ("avance", 3, "subactividades", 0, "subactividad"), AUG, 1, 0),
        _p("CP204", "outside_schedule", ("avance", 4, "mes"), SEP),
        _p("CP210", "no_level", ("avance", 4), SEP, target="key"),
    ]


def test_a_valid_record_has_no_problems_and_the_last_sub_activity_exists():
    """Kills ``s.subactividad > count`` → ``>=`` (the month's last sub-activity
    reported as missing) and ``s.nivel not in NIVELES`` → ``in``."""
    a = _a([{"mes": "2015-07", "actividades": TWO}, "2015-08"], [
        {"mes": "2015-07", "subactividades": [{"subactividad": 2, "nivel": 100}, {"subactividad": 1, "nivel": 0}]},
        {"mes": "2015-08", "nivel": 75},
    ])
    assert _problems(a) == []
    p = progress(a, AUG)
    assert [(c.subactivity, c.level) for c in p.commitments] == [(1, 0), (2, 100), (None, 75)]
    assert p.problems == () and [c for c in p.commitments if c.invalid] == [] and p.stray == ()


def test_problems_belong_to_their_sub_activity_and_strays_to_none():
    """Kills the mutants of the commitments' construction: a sub-activity's
    problem attached to every sub-activity (``p.subactivity == i`` → ``!=``,
    ``or`` → ``and``), a month-wide problem attached to none, the whole month's
    note lost (``month_note``), a sub-activity's note or level taken from
    another, a stray problem (no such sub-activity) dropped or attached."""
    a = _a([{"mes": "2015-07", "actividades": TWO + [{"descripcion": "tres"}]}], [
        {"mes": "2015-07", "nota": "julio", "subactividades": [
            {"subactividad": 1, "nivel": 30, "nota": "mal"},
            {"subactividad": 2, "nivel": 50, "nota": "bien"},
            {"subactividad": 4, "nivel": 0},
        ]},
    ])
    p = progress(a, JUL)
    assert [(c.subactivity, c.description, c.level, c.note, c.month_note, c.invalid) for c in p.commitments] == [
        (1, "uno", None, "mal", "julio", ("CP205",)),
        (2, "dos", 50, "bien", "julio", ()),
        (3, "tres", None, None, "julio", ()),
    ]
    assert [c.state(JUL) for c in p.commitments] == ["invalid", "reported", "unreported"]
    assert [(s.kind, s.subactivity, s.value) for s in p.stray] == [("no_such_subactivity", 4, 3)]
    assert p.problems == ("CP205", "CP210")
    assert [c.subactivity for c in p.commitments if c.invalid] == [1] and [c.subactivity for c in p.invalid_due] == [1]
    assert [c.subactivity for c in p.unreported_due] == [3] and p.to_date == 50.0
    assert p.overall == pytest.approx(50 / 3)
    # A month-wide problem (the month recorded twice) marks every sub-activity of that month.
    again = _a([{"mes": "2015-07", "actividades": TWO}], [
        {"mes": "2015-07", "subactividades": [{"subactividad": 1, "nivel": 100}]},
        {"mes": "2015-07", "nivel": 0},
    ])
    assert [(c.subactivity, c.level, c.invalid) for c in progress(again, JUL).commitments] == [(1, 100, ("CP209",)), (2, None, ("CP209",))]


def test_a_whole_month_commitment_joins_its_activities_and_keeps_its_note():
    """Kills ``"; ".join`` → another separator, ``or None`` dropped (an empty
    description instead of none), the month's note dropped."""
    a = _a([{"mes": "2015-07", "actividades": TWO}, "2015-08"], [{"mes": "2015-07", "nivel": 25, "nota": "poco"}])
    p = progress(a, AUG)
    assert [(c.description, c.level, c.note, c.month_note, c.invalid) for c in p.commitments] == [
        ("uno; dos", 25, "poco", None, ()), (None, None, None, None, ()),
    ]


def test_problems_recorded_after_the_cut_do_not_exist_yet_but_the_schedule_s_do():
    """Kills the as-of filter of the problems (``p.month <= as_of`` → ``<`` or
    dropped; ``kind == "repeated_schedule_month" or`` → ``and``), and the
    count of entries left out (``later``)."""
    a = _a(["2015-07", "2015-08", "2015-09", "2015-09"], [
        {"mes": "2015-07", "nivel": 60},
        {"mes": "2015-08", "nivel": 60},
        {"mes": "2015-10", "nivel": 50},
    ])
    as_of_jul = progress(a, JUL)
    # September is listed twice in the schedule: a fact of the schedule, true as of any month.
    assert as_of_jul.problems == ("CP205", "CP209")
    assert [(str(c.month), c.invalid) for c in as_of_jul.commitments] == [
        ("2015-07", ("CP205",)), ("2015-08", ()), ("2015-09", ("CP209",)), ("2015-09", ("CP209",)),
    ]
    assert as_of_jul.stray == () and as_of_jul.later == 2
    as_of_aug = progress(a, AUG)
    assert [c.invalid for c in as_of_aug.commitments][:2] == [("CP205",), ("CP205",)] and as_of_aug.later == 1
    as_of_oct = progress(a, Month(2015, 10))
    assert [s.kind for s in as_of_oct.stray] == ["outside_schedule"] and as_of_oct.later == 0
    assert as_of_oct.problems == ("CP204", "CP205", "CP209")


def test_without_a_schedule_only_problems_up_to_the_cut_are_strays():
    """Kills the no-schedule branch: strays not filtered by the month
    (``<=`` → ``<``, filter dropped) and ``later`` miscounted (``>`` → ``>=``)."""
    a = _a(None, [{"mes": "2015-07", "nivel": 50}, {"mes": "2015-08", "nivel": 50}, {"mes": "2015-09", "nivel": 50}])
    p = progress(a, AUG)
    assert p.commitments == () and p.later == 1 and p.problems == ("CP204",)
    assert [(s.kind, str(s.month)) for s in p.stray] == [("outside_schedule", "2015-07"), ("outside_schedule", "2015-08")]
    assert p.to_date is None and p.overall is None and p.term is None and not p.behind_schedule


# --- the checklist (compute/checklist.py, compute/content.py) ---------------------------------

FULL = {
    "id": "x", "titulo": "x", "estado": "en_ejecucion",
    "objetivo": "o",
    "actividad": {
        "actividad_programada": "a", "planes_programas": ["p"], "meta": "m", "poblacion": "p",
        "territorio": {"descripcion": "t"}, "actores_sociedad_civil": {"descripcion": "s"},
        "actor_encargado": "lead", "actores_colaboradores": ["other"],
        "plazo": {"inicio": "2015-07", "fin": "2015-08"}, "impacto_esperado": "i",
    },
    "corresponsabilidad": [{"actor": "lead", "roles": ["r"], "responsabilidades": ["q"]}],
    "cronograma": {"eje": "e", "accion_estrategica": 1, "meses": [{"mes": "2015-07"}]},
}


def _content(**changes) -> list[int]:
    """The numbers of the criteria whose content is missing after ``changes``
    (dotted keys; None deletes)."""
    import copy

    from coprod_cli.compute.checklist import checklist

    data = copy.deepcopy(FULL)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = data
        for k in parents:
            node = node[k]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return [i.criterion.number for i in checklist(Acuerdo.model_validate(data)).items if not i.content]


@pytest.mark.parametrize(
    "changes,missing",
    [
        ({}, []),
        ({"objetivo": "   "}, [1]),
        ({"actividad__actividad_programada": None}, [2]),
        ({"actividad__planes_programas": []}, [3]),
        ({"actividad__meta": None}, [4]),
        ({"actividad__poblacion": None}, [5]),
        ({"actividad__territorio": None}, [6]),
        ({"actividad__territorio": {}}, [6]),
        ({"actividad__territorio": {"territorios": ["t1"]}}, []),
        ({"actividad__actores_sociedad_civil": None}, [7]),
        ({"actividad__actores_sociedad_civil": {}}, [7]),
        ({"actividad__actores_sociedad_civil": {"actores": ["adi"]}}, []),
        ({"actividad__actores_colaboradores": []}, [9]),
        ({"actividad__plazo": None}, [10]),
        ({"actividad__impacto_esperado": None}, [11]),
        ({"corresponsabilidad": []}, [12, 13]),
        ({"corresponsabilidad": [{"actor": "lead", "roles": ["r"], "responsabilidades": ["q"]}, {"actor": "other", "roles": ["r"]}]}, [13]),
        ({"corresponsabilidad": [{"actor": "lead", "responsabilidades": ["q"]}, {"actor": "other", "roles": ["r"], "responsabilidades": ["q"]}]}, [12]),
        ({"cronograma": None}, [14]),
        ({"cronograma": {"eje": "e", "accion_estrategica": 1, "meses": []}}, [14]),
    ],
)
def test_each_criterion_is_judged_from_its_own_content(changes, missing):
    """Kills the mutants of ``content_met``: ``and``/``or`` swapped (territory,
    civil society, roles, responsibilities: every co-responsible actor must have
    them), ``all`` → ``any``, ``bool(...)`` dropped, ``is not None`` → ``is None``,
    a criterion judged from another field."""
    assert _content(**changes) == missing


def test_checklist_answers_merge_with_content_and_totals_per_criterion():
    """Kills the mutants of ``checklist`` and ``checklist_totals``: a reviewer's
    «no» not standing (``answer != "no"`` → ``==``), a «sí» for missing content
    counted (``and`` → ``or``), observations or answers taken from nothing, the
    totals' per-criterion counts or percent off by one."""
    import copy

    from coprod_cli.compute.checklist import checklist, checklist_totals

    answered = copy.deepcopy(FULL)
    del answered["actividad"]["meta"]
    answered["monitoreo"] = {
        "objetivo": {"cumple": "no", "observaciones": "vago"},
        "meta": {"cumple": "sí"},
        "poblacion": {"cumple": "sí", "observaciones": "bien"},
    }
    cl = checklist(Acuerdo.model_validate(answered))
    by = {i.criterion.key: i for i in cl.items}
    assert (by["objetivo"].content, by["objetivo"].answer, by["objetivo"].observaciones, by["objetivo"].met) == (True, "no", "vago", False)
    assert (by["meta"].content, by["meta"].answer, by["meta"].met) == (False, "si", False)
    assert (by["poblacion"].answer, by["poblacion"].observaciones, by["poblacion"].met) == ("si", "bien", True)
    assert (by["plazo"].answer, by["plazo"].observaciones, by["plazo"].met) == (None, None, True)
    assert [i.criterion.number for i in cl.missing] == [1, 4]
    assert (cl.met, cl.total, cl.percent) == (12, 14, pytest.approx(100 * 12 / 14))
    full = checklist(Acuerdo.model_validate(FULL))
    totals = checklist_totals([cl, full])
    assert (totals.agreements, totals.met, totals.total) == (2, 26, 28)
    assert totals.per_criterion == (1, 2, 2, 1) + (2,) * 10
    assert totals.percent == pytest.approx(100 * 26 / 28)
    assert [totals.criterion_percent(i) for i in (0, 3, 13)] == [50.0, 50.0, 100.0]
    empty = checklist_totals([])
    assert (empty.agreements, empty.met, empty.total, empty.percent, empty.criterion_percent(0)) == (0, 0, 0, None, None)


def test_commitments_are_the_progress_commitments():
    """Kills the mutants of ``commitments`` (an agreement or the month dropped,
    another element of the result returned): no other test calls it."""
    from coprod_cli.compute.progress import commitments

    a = _a(["2015-07", "2015-08"], [{"mes": "2015-07", "nivel": 50}, {"mes": "2015-08", "nivel": 100}, {"mes": "2015-06", "nivel": 0}])
    assert commitments(a, JUL) == list(progress(a, JUL).commitments)
    assert [c.level for c in commitments(a, JUL)] == [50, None]


# --- the repository's figures (compute/figures.py) ----------------------------------------------


def _edited_example(tmp_path, rel: str, *edits: tuple[str, str]):
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


def test_alerts_as_records_in_order_with_their_figures(tmp_path):
    """Kills the mutants of the alerts: a kind, month, sub-activity, level,
    responsible actor, code or problem dropped or swapped, invalid values not
    alerted in their order, ``behind_schedule`` without its two figures, the
    counts per kind off."""
    from coprod_cli.compute.figures import Alert, compute
    from coprod_cli.load.repository import load_repository

    root = _edited_example(
        tmp_path, "acuerdos/imas-ina-mapeo-familias.yaml",
        ("  - mes: 2015-09\n    nivel: 0\n", "  - mes: 2015-09\n    nivel: 60\n"),
        ("avance:\n", "avance:\n  - mes: 2015-06\n    nivel: 50\n"),
    )
    fig = compute(load_repository(root), Month(2016, 1))
    f = next(f for f in fig.agreements if f.id == "imas-ina-mapeo-familias")
    lead = "imas"
    assert f.alerts == [
        Alert("invalid", f.id, Month(2015, 9), None, None, lead, codes=("CP205",)),
        Alert("invalid", f.id, Month(2015, 6), None, None, lead, codes=("CP204",), problem="outside_schedule"),
        Alert("unreported", f.id, Month(2016, 1), None, None, lead),
        Alert("low_progress", f.id, Month(2015, 8), None, 25, lead),
        Alert("low_progress", f.id, Month(2015, 10), None, 0, lead),
        Alert("low_progress", f.id, Month(2015, 11), None, 0, lead),
        Alert("low_progress", f.id, Month(2015, 12), None, 0, lead),
        Alert("behind_schedule", f.id, None, None, None, lead, overall=pytest.approx(75 / 7), term_elapsed=100.0),
    ]
    assert fig.alert_counts == {"unreported": 8, "low_progress": 6, "behind_schedule": 5, "invalid": 2}
    assert fig.problems == ("CP204", "CP205") and fig.unread == ()
    assert fig.progress.problems == ("CP205",)  # a stray value belongs to no commitment


def test_term_elapsed_is_zero_however_long_before_the_term():
    """Kills ``max(as_of - start + 1, 0)`` → ``max(…, -1)`` (a negative share
    of the term two months before it starts) and the clamp to the term's length
    dropped or moved by one."""
    a = _a(["2015-07", "2015-08", "2015-09"], [{"mes": "2015-07", "nivel": 0}], plazo=("2015-07", "2015-09"))
    assert [progress(a, Month(2015, m)).term_elapsed for m in (4, 5, 6, 7, 9, 12)] == [
        0.0, 0.0, 0.0, pytest.approx(100 / 3), 100.0, 100.0,
    ]
    assert not progress(a, Month(2015, 5)).behind_schedule and progress(a, Month(2015, 7)).behind_schedule


def test_without_a_canton_or_actor_map_figures_fall_back_to_ids(tmp_path):
    """Kills ``if repo.actor_map`` / ``if manifest`` → ``or True`` (a crash when
    ``canton.yaml`` does not load or ``actores.yaml`` is missing) and the
    fall-backs of the roll-up names and their order (axes by key when the
    strategy is unknown)."""
    from coprod_cli.compute.figures import compute
    from coprod_cli.load.repository import load_repository

    root = _edited_example(tmp_path, "canton.yaml", ("canton: Desamparados", "canton: ["))
    (root / "actores.yaml").unlink()
    fig = compute(load_repository(root), SEP)
    assert fig.canton is None
    assert [(f.id, f.lead_actor_name, f.axis_name, f.action_name) for f in fig.agreements][:2] == [
        ("app-comercio-empleo-juvenil", "camara-comercio", None, None),
        ("foro-local-seguridad-los-guido", "municipalidad", None, None),
    ]
    assert [(r.key, r.name) for r in fig.rollups["axis"]] == [(k, k) for k in ("convivencia-paz-social", "desarrollo-local", "promocion-salud")]
    assert [(r.key, r.name) for r in fig.rollups["strategic_action"]] == [(k, k) for k in ("1", "2", "4", "7", "8")]
    assert [(r.key, r.name) for r in fig.rollups["territory"]] == [(k, k) for k in ("desamparados-centro", "los-guido", "san-miguel")]
    assert fig.checklist.agreements == 6 and fig.progress.commitments == 28


def test_unread_agreements_are_listed_by_path_with_their_codes(tmp_path):
    """Kills the sort of the unread agreements (``key=`` dropped: two records
    that cannot be compared) and their codes lost."""
    from coprod_cli.compute.figures import UnreadAgreement, compute
    from coprod_cli.load.repository import load_repository

    root = _edited_example(tmp_path, "acuerdos/pani-espacios-primera-infancia.yaml", ("titulo:", "titulo: [\n"))
    path = root / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("titulo:", "titulo: [\n", 1), encoding="utf-8")
    fig = compute(load_repository(root), SEP)
    assert fig.unread == (
        UnreadAgreement("acuerdos/app-comercio-empleo-juvenil.yaml", ("CP001",)),
        UnreadAgreement("acuerdos/pani-espacios-primera-infancia.yaml", ("CP001",)),
    )
    assert fig.problems == ("CP001",) and len(fig.agreements) == 4


def test_each_agreement_carries_its_lead_actor_axis_and_action_names():
    """Kills ``action_name=None`` (and the names swapped): the report's sheet of
    each agreement reads them from the figures."""
    from coprod_cli.compute.figures import compute
    from coprod_cli.load.repository import load_repository

    fig = compute(load_repository(EXAMPLE), SEP)
    f = next(f for f in fig.agreements if f.id == "imas-ina-mapeo-familias")
    assert (f.lead_actor_name, f.axis_name) == ("IMAS", "Desarrollo local")
    assert f.action_name == "Programa de Transferencias y fortalecimiento de Familias en Condiciones de especial vulnerabilidad"
    pani = next(f for f in fig.agreements if f.id == "pani-espacios-primera-infancia")
    assert (pani.lead_actor_name, pani.axis_name, pani.action_name) == ("PANI", None, None)


@pytest.mark.parametrize(("estado", "binding"), [
    ("borrador", False), ("firmado", True), ("en_ejecucion", True), ("concluido", True), ("cancelado", False),
])
def test_invalid_values_alert_in_every_state_and_the_rest_only_in_binding_ones(estado, binding):
    """Kills the mutants of ``_alerts`` and ``ACTIVE_STATES``: a state name
    changed or ``not in`` → ``in`` (alerts of a draft, none for a signed or
    concluded agreement), the three invalid alerts (a wrong level, a stray
    month, an inverted term) dropped, reordered or without their code, month
    or problem, and ``alert_count``/``counts_in_totals`` off."""
    from coprod_cli.compute.figures import Alert, Names, agreement_figures

    a = _a(
        ["2015-07", "2015-08", "2015-09"],
        [{"mes": "2015-07", "nivel": 25}, {"mes": "2015-08", "nivel": 60}, {"mes": "2015-06", "nivel": 50}],
        plazo=("2015-09", "2015-07"),
        estado=estado,
    )
    f = agreement_figures("acuerdos/x.yaml", a, SEP, Names({}, {}, {}, {}))
    invalid = [
        Alert("invalid", "x", AUG, None, None, "lead", codes=("CP205",)),
        Alert("invalid", "x", Month(2015, 6), None, None, "lead", codes=("CP204",), problem="outside_schedule"),
        Alert("invalid", "x", None, None, None, "lead", codes=("CP202",), problem="inverted_term"),
    ]
    rest = [
        Alert("unreported", "x", SEP, None, None, "lead"),
        Alert("low_progress", "x", JUL, None, 25, "lead"),
        Alert("behind_schedule", "x", None, None, None, "lead", overall=pytest.approx(25 / 3), term_elapsed=100.0),
    ]
    assert f.alerts == invalid + (rest if binding else [])
    assert [f.alert_count(k) for k in ("unreported", "low_progress", "behind_schedule", "invalid")] == [int(binding)] * 3 + [3]
    assert (f.rel, f.id, f.lead_actor_name, f.axis_name, f.action_name) == ("acuerdos/x.yaml", "x", "lead", None, None)
    assert f.counts_in_totals is (estado != "cancelado")


def _scheduled(id_: str, lead: str, eje: str, accion: int, territorios, meses, avance) -> Acuerdo:
    """An agreement in execution with a schedule of whole months; ``territorios=None`` leaves out the territory."""
    data = {
        "id": id_, "titulo": id_, "estado": "en_ejecucion", "actividad": {"actor_encargado": lead}, "avance": avance,
        "cronograma": {"eje": eje, "accion_estrategica": accion, "meses": [{"mes": m} for m in meses]},
    }
    if territorios is not None:
        data["actividad"]["territorio"] = {"territorios": territorios}
    return Acuerdo.model_validate(data)


def test_each_roll_up_groups_names_orders_and_pools_its_agreements():
    """Kills the mutants of compute/rollups.py: ``Rollup(dimension=None)``
    (a group that does not say its dimension), ``_territories`` reading the
    territory of an agreement that has none (``if terr`` → ``or True``), a
    repeated territory counted twice, the orders (axes by the strategy, actions
    by number not text, actors and territories by name ignoring case, years
    ascending), the names' fall-back to the key, and each group's pooled
    progress, checklist count and problem codes."""
    from coprod_cli.compute.figures import Names, agreement_figures
    from coprod_cli.compute.rollups import rollups

    names = Names({"b": "Beta", "a": "alfa"}, {"e2": "Eje dos", "e1": "Eje uno"}, {10: "Diez", 2: "Dos"}, {"t1": "zeta", "t2": "Alfa"})
    as_of = Month(2016, 2)
    agreements = [
        _scheduled("p", "b", "e1", 10, None, ["2015-12", "2016-01"], [{"mes": "2015-12", "nivel": 100}, {"mes": "2016-01", "nivel": 50}]),
        _scheduled("q", "a", "e2", 2, ["t1", "t1", "t2"], ["2016-02"], [{"mes": "2016-02", "nivel": 60}]),
        _scheduled("r", "z", "e9", 2, ["t9"], ["2015-11"], [{"mes": "2015-11", "nivel": 25}]),
    ]
    counted = [agreement_figures(f"{a.id}.yaml", a, as_of, names) for a in agreements]
    got = {
        d: [(r.dimension, r.key, r.name, r.agreements, r.progress.commitments, r.progress.to_date, r.progress.overall, r.checklist.agreements, r.problems) for r in rs]
        for d, rs in rollups(counted, as_of, names).items()
    }
    assert got == {
        "axis": [
            ("axis", "e2", "Eje dos", ("q",), 1, None, 0.0, 1, ("CP205",)),
            ("axis", "e1", "Eje uno", ("p",), 2, 75.0, 75.0, 1, ()),
            ("axis", "e9", "e9", ("r",), 1, 25.0, 25.0, 1, ()),
        ],
        "strategic_action": [
            ("strategic_action", "2", "Dos", ("q", "r"), 2, 25.0, 12.5, 2, ("CP205",)),
            ("strategic_action", "10", "Diez", ("p",), 2, 75.0, 75.0, 1, ()),
        ],
        "lead_actor": [
            ("lead_actor", "a", "alfa", ("q",), 1, None, 0.0, 1, ("CP205",)),
            ("lead_actor", "b", "Beta", ("p",), 2, 75.0, 75.0, 1, ()),
            ("lead_actor", "z", "z", ("r",), 1, 25.0, 25.0, 1, ()),
        ],
        "territory": [
            ("territory", "t2", "Alfa", ("q",), 1, None, 0.0, 1, ("CP205",)),
            ("territory", "t9", "t9", ("r",), 1, 25.0, 25.0, 1, ()),
            ("territory", "t1", "zeta", ("q",), 1, None, 0.0, 1, ("CP205",)),
        ],
        "year": [
            ("year", "2015", "2015", ("p", "r"), 2, 62.5, 62.5, 2, ()),
            ("year", "2016", "2016", ("p", "q"), 2, 50.0, 25.0, 2, ("CP205",)),
        ],
    }


def test_invalid_alerts_keep_the_sub_activity_and_the_level_recorded():
    """Kills ``_alerts`` mutants that drop the sub-activity or the level of an
    invalid commitment's alert (``c.subactivity``/``c.level`` → ``None``) and
    the sub-activity of a stray value's alert (``s.subactivity`` → ``None``):
    a month recorded twice (CP209) keeps the levels it has, a sub-activity the
    month does not have (CP210) keeps its number."""
    from coprod_cli.compute.figures import Alert, Names, agreement_figures

    a = _a(
        [{"mes": "2015-07", "actividades": TWO}, "2015-08", "2015-08"],
        [
            {"mes": "2015-07", "subactividades": [{"subactividad": 1, "nivel": 30}, {"subactividad": 2, "nivel": 50}]},
            {"mes": "2015-08", "nivel": 75},
            {"mes": "2015-07", "subactividades": [{"subactividad": 3, "nivel": 0}]},
        ],
    )
    f = agreement_figures("x.yaml", a, AUG, Names({}, {}, {}, {}))
    assert f.alerts == [
        Alert("invalid", "x", JUL, 1, None, "lead", codes=("CP205", "CP209")),
        Alert("invalid", "x", JUL, 2, 50, "lead", codes=("CP209",)),
        Alert("invalid", "x", AUG, None, 75, "lead", codes=("CP209",)),
        Alert("invalid", "x", AUG, None, 75, "lead", codes=("CP209",)),
        Alert("invalid", "x", JUL, 3, None, "lead", codes=("CP210",), problem="no_such_subactivity"),
        Alert("behind_schedule", "x", None, None, None, "lead", overall=50.0, term_elapsed=100.0),
    ]


def test_actors_and_territories_are_ordered_by_lower_case_name():
    """Kills ``r.name.lower()`` → ``r.name.upper()`` in the lead-actor and
    territory roll-ups: both ignore case, but ``_`` sorts before the lower-case
    letters and after the upper-case ones, so «Ana_» comes before «AnaB» only
    when compared in lower case."""
    from coprod_cli.compute.figures import Names, agreement_figures
    from coprod_cli.compute.rollups import rollups

    names = Names({"a": "AnaB", "b": "Ana_"}, {}, {}, {"t1": "SanJuan", "t2": "San_Rafael"})
    agreements = [_scheduled("p", "a", "e", 1, ["t1"], ["2015-07"], []), _scheduled("q", "b", "e", 1, ["t2"], ["2015-07"], [])]
    got = rollups([agreement_figures(f"{a.id}.yaml", a, JUL, names) for a in agreements], JUL, names)
    assert [r.name for r in got["lead_actor"]] == ["Ana_", "AnaB"]
    assert [r.name for r in got["territory"]] == ["San_Rafael", "SanJuan"]


def test_unreported_and_low_alerts_name_their_sub_activity():
    """Kills ``_alerts`` mutants that drop the sub-activity of an «unreported»
    or a «low_progress» alert (``c.subactivity`` → ``None``): a month split in
    two activities alerts on each one by its number."""
    from coprod_cli.compute.figures import Alert, Names, agreement_figures

    a = _a([{"mes": "2015-07", "actividades": TWO}], [{"mes": "2015-07", "subactividades": [{"subactividad": 2, "nivel": 25}]}])
    f = agreement_figures("x.yaml", a, JUL, Names({}, {}, {}, {}))
    assert f.alerts == [
        Alert("unreported", "x", JUL, 1, None, "lead"),
        Alert("low_progress", "x", JUL, 2, 25, "lead"),
        Alert("behind_schedule", "x", None, None, None, "lead", overall=12.5, term_elapsed=100.0),
    ]


def _annual_repo(as_of: Month):
    """Hand-made agreements around the year 2015, as ``compute`` would give them
    (by id), and one unread agreement file."""
    from coprod_cli.compute.figures import Names, RepoFigures, UnreadAgreement, agreement_figures
    from coprod_cli.compute.progress import pool
    from coprod_cli.compute.rollups import checklist_totals

    def term(id_, inicio, fin, **extra):
        data = {"id": id_, "titulo": id_, "estado": "en_ejecucion", "actividad": {"actor_encargado": "l" + id_, "plazo": {"inicio": inicio, "fin": fin}}}
        return Acuerdo.model_validate(data | extra)

    agreements = [
        # Commitments in 2015 and 2016; an off-scale level recorded for January 2016 (after the 2015 cut).
        _scheduled("p", "lp", "e1", 1, None, ["2015-12", "2016-01"], [{"mes": "2015-12", "nivel": 100}, {"mes": "2016-01", "nivel": 60}]),
        _scheduled("q", "lq", "e2", 1, None, ["2016-02"], [{"mes": "2016-02", "nivel": 25}]),  # 2016 only
        _scheduled("r", "lr", "e9", 1, None, ["2015-11"], [{"mes": "2015-11", "nivel": 25}]),
        _scheduled("r2", "lr2", "e1", 1, None, ["2015-10", "2015-11"], [{"mes": "2015-10", "nivel": 50}, {"mes": "2015-11", "nivel": 75}, {"mes": "2015-06", "nivel": 50}]),  # June: CP204, in no commitment
        Acuerdo.model_validate({"id": "s", "titulo": "s", "estado": "cancelado", "plan_anual": 2015, "actividad": {"actor_encargado": "ls"}}),
        term("t1", "2015-03", "2015-09"),  # a term of 2015 only
        term("t2", "2014-06", "2016-03", plan_anual=2014),  # a term that spans 2015
        term("t3", "2016-01", "2017-01"),  # after 2015
        term("t4", "2013-01", "2014-12", plan_anual=2016),  # before 2015, plan of 2016
    ]
    names = Names({}, {"e1": "Eje uno"}, {}, {})
    figs = [agreement_figures(f"{a.id}.yaml", a, as_of, names) for a in agreements]
    return RepoFigures(as_of, None, figs, checklist_totals(f.checklist for f in figs), pool(()), {}, {}, (UnreadAgreement("u.yaml", ("CP101", "CP003")),))


def _axes(af) -> list[tuple]:
    return [(x.key, x.name, x.agreements, x.progress.commitments, x.progress.due, x.progress.level_sum_due, x.problems) for x in af.by_axis]


def test_annual_figures_choose_the_year_s_agreements_and_read_them_as_of_its_cut():
    """Kills the mutants of ``in_year`` (``==``/``<=`` turned, ``and``/``or``
    swapped, the plan, commitment or term test dropped), of ``annual_figures``
    (the cut not at December, progress not re-read as of it or re-read always,
    cancelled agreements pooled, unread files' codes dropped, positions wrong)
    and of ``_by_axis`` (axis order, name fall-back, member count, pooled codes);
    ``set(pooled.problems) | {…}`` → ``&`` in both (a stray problem, in no
    commitment of the year, dropped from the codes)."""
    from coprod_cli.compute.annual import annual_figures

    fig = _annual_repo(Month(2016, 2))
    af = annual_figures(fig, 2015, ("e9", "e1"))
    ids = [f.id for f in fig.agreements]
    assert (af.year, af.as_of) == (2015, Month(2015, 12))
    assert [ids[i] for i in af.positions] == ["p", "r", "r2", "s", "t1", "t2"]
    assert {k: v.as_of for k, v in af.progress.items()} == dict.fromkeys(["p", "r", "r2", "s", "t1", "t2"], Month(2015, 12))
    t = af.total
    assert (t.commitments, t.due, t.reported_due, t.level_sum_due, t.problems) == (4, 4, 4, 250, ())
    assert _axes(af) == [("e9", "e9", 1, 1, 1, 25, ()), ("e1", "Eje uno", 2, 3, 3, 225, ("CP204",))]
    assert af.problems == ("CP003", "CP101", "CP204")
    assert af.participants == {"lp", "lr", "lr2", "ls", "lt1", "lt2"}

    # The year of the figures' month: the progress already read is kept.
    af = annual_figures(fig, 2016)
    assert [ids[i] for i in af.positions] == ["p", "q", "t2", "t3", "t4"]
    assert all(af.progress[ids[i]] is fig.agreements[i].progress for i in af.positions)
    assert (af.as_of, af.total.commitments, af.total.due, af.total.level_sum_due, af.total.problems) == (Month(2016, 2), 2, 2, 25, ("CP205",))
    assert _axes(af) == [("e1", "Eje uno", 1, 1, 1, 0, ("CP205",)), ("e2", "e2", 1, 1, 1, 25, ())]


def test_the_default_year_is_the_latest_plan_up_to_the_as_of_year():
    """Kills the mutants of ``default_year``: ``p.anio <= as_of.year`` → ``<``
    (the plan of the as-of year skipped), ``max`` → ``min``, ``if years`` →
    ``or True``/dropped (no plan up to the year: ``max([])`` or not the as-of year)."""
    from types import SimpleNamespace

    from coprod_cli.compute.annual import default_year

    class Plans:
        def __init__(self, *years):
            self.years = years

        def valid_plans(self):
            return [(None, SimpleNamespace(anio=y)) for y in self.years]

    repo = Plans(2013, 2015, 2014, 2017)
    assert [default_year(repo, Month(y, 6)) for y in (2012, 2013, 2014, 2015, 2016, 2018)] == [2012, 2013, 2014, 2015, 2015, 2017]
    assert default_year(Plans(), Month(2016, 1)) == 2016
    assert default_year(load_example(), Month(2016, 2)) == 2015


def load_example():
    from coprod_cli.load.repository import load_repository

    return load_repository(EXAMPLE)


def test_participants_are_the_actors_of_every_role():
    """Kills the mutants of ``participants``: a role left out (lead, collaborators,
    civil society, co-responsible) or the civil-society test inverted."""
    from coprod_cli.compute.annual import participants

    a = Acuerdo.model_validate({
        "id": "x", "titulo": "x", "estado": "en_ejecucion",
        "actividad": {"actor_encargado": "lead", "actores_colaboradores": ["c1", "c2"], "actores_sociedad_civil": {"actores": ["sc"]}},
        "corresponsabilidad": [{"actor": "co"}, {"actor": "c1"}],
    })
    assert participants(a) == {"lead", "c1", "c2", "sc", "co"}
    assert participants(_a()) == {"lead"}


def test_level_changes_list_each_month_and_sub_activity_that_changed_in_order():
    """Kills the mutants of ``level_changes`` and ``_levels`` (compute/diff.py):
    a month with both forms losing its whole-month level, a later repeated month
    counting (CP209: the first counts), a note change missed (also of a month
    with no level: ``not av.subactividades`` → ``av.subactividades``), ``!=`` turned,
    before/after or level/note swapped, the order by (month, sub-activity)."""
    from coprod_cli.compute.diff import LevelChange, level_changes

    before = _a(avance=[
        {"mes": "2015-07", "nivel": 50, "nota": "a"},
        {"mes": "2015-08", "subactividades": [{"subactividad": 1, "nivel": 25}, {"subactividad": 2, "nivel": 0, "nota": "x"}]},
        {"mes": "2015-09", "nivel": 100},
        {"mes": "2015-11", "nota": "n1"},
        {"mes": "2015-07", "nivel": 0},
    ])
    after = _a(avance=[
        {"mes": "2015-07", "nivel": 50, "nota": "b"},
        {"mes": "2015-08", "nivel": 75, "subactividades": [{"subactividad": 2, "nivel": 50}, {"subactividad": 1, "nivel": 25}]},
        {"mes": "2015-10"},
        {"mes": "2015-06", "nivel": 25},
        {"mes": "2015-07", "nivel": 100},
        {"mes": "2015-11", "nota": "n2"},
    ])
    jun, oct_ = Month(2015, 6), Month(2015, 10)
    assert level_changes(before, after) == (
        LevelChange(jun, None, None, 25, None, None),
        LevelChange(JUL, None, 50, 50, "a", "b"),
        LevelChange(AUG, None, None, 75, None, None),
        LevelChange(AUG, 2, 0, 50, "x", None),
        LevelChange(SEP, None, 100, None, None, None),
        LevelChange(Month(2015, 11), None, None, None, "n1", "n2"),
    )
    assert level_changes(after, before)[3] == LevelChange(AUG, 2, 50, 0, None, "x")
    assert level_changes(before, before) == ()
    assert oct_ not in {c.month for c in level_changes(before, after)}


def test_criterion_changes_list_each_answer_result_or_observation_that_changed():
    """Kills the mutants of ``criterion_changes`` (compute/diff.py): a change of
    the result alone (the content went away), of the answer alone or of the
    observations alone missed, ``!=`` turned, a field dropped or before/after swapped."""
    from coprod_cli.compute.checklist import checklist
    from coprod_cli.compute.diff import CriterionChange, criterion_changes

    def ag(monitoreo, **extra):
        data = {"id": "x", "titulo": "x", "estado": "en_ejecucion", "actividad": {"actor_encargado": "lead"}, "monitoreo": monitoreo}
        return checklist(Acuerdo.model_validate(data | extra))

    same = {"objetivo": {"cumple": "sí"}, "meta": {"cumple": "no"}}
    before = ag(same | {"plazo": {"cumple": "sí", "observaciones": "ok"}}, objetivo="obj")
    after = ag(same | {"plazo": {"cumple": "sí", "observaciones": "bien"}, "poblacion": {"cumple": "sí"}})
    assert criterion_changes(before, after) == (
        CriterionChange(1, "objetivo", "Presenta Objetivo", "si", "si", True, False, None, None),
        CriterionChange(5, "poblacion", "Señala la Población", None, "si", False, False, None, None),
        CriterionChange(10, "plazo", "Define el Plazo propuesto", "si", "si", False, False, "ok", "bien"),
    )
    assert criterion_changes(after, before)[2].observations_before == "bien"
    assert criterion_changes(before, before) == ()


def test_compare_matches_agreements_by_id_and_counts_identical_problems(tmp_path):
    """Kills the mutants of ``compare``, ``_agreements``, ``_state``, ``_key``,
    ``_sections``, ``_side`` and ``_only_in`` (compute/diff.py): a renamed file
    not a change, an unloadable file not keyed by its name or without the title
    it has, a section not named, other files added/removed/changed mixed up,
    a file that no longer loads read for levels (``_details``: ``or`` → ``and``),
    identical problems not counted as a multiset (``left[k] -= 1`` dropped or
    turned), new and resolved swapped, a side's totals wrong."""
    import shutil

    from coprod_cli.check.engine import check_repository
    from coprod_cli.compute.diff import compare
    from coprod_cli.compute.figures import compute
    from coprod_cli.load.repository import load_repository

    base, head = tmp_path / "base", tmp_path / "head"
    for root in (base, head):
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    acuerdos = head / "acuerdos"
    app = acuerdos / "app-comercio-empleo-juvenil.yaml"
    app.write_text(app.read_text(encoding="utf-8").replace("titulo: Primer empleo", "titulo: Primer empleo formal"), encoding="utf-8")
    (acuerdos / "foro-local-seguridad-los-guido.yaml").unlink()
    (acuerdos / "imas-ina-mapeo-familias.yaml").rename(acuerdos / "mapeo.yaml")
    (acuerdos / "nuevo.yaml").write_text("titulo: Nuevo\nestado: firmado\nid: [\n", encoding="utf-8")
    (acuerdos / "otro.yaml").write_text("titulo: Otro\nestado: [x]\n", encoding="utf-8")
    (base / "acuerdos" / "otro.yaml").write_text("titulo: Otro\nestado: [x]\nid: 3\n", encoding="utf-8")
    # A file that became a list: no sections to compare (``_sections``: ``or`` → ``and`` would read it as a map).
    (base / "acuerdos" / "lista.yaml").write_text("titulo: Lista\n", encoding="utf-8")
    (acuerdos / "lista.yaml").write_text("- Lista\n", encoding="utf-8")
    # An agreement that no longer loads: matched by its file name, no levels to compare (``_details``: ``or`` → ``and``).
    pani = acuerdos / "pani-espacios-primera-infancia.yaml"
    pani.write_text(pani.read_text(encoding="utf-8") + "id: [\n", encoding="utf-8")
    canton = head / "canton.yaml"
    canton.write_text(canton.read_text(encoding="utf-8") + "# nota\n", encoding="utf-8")
    plan = (base / "planes" / "2015.yaml").read_text(encoding="utf-8")
    (head / "planes" / "2016.yaml").write_text(plan.replace("anio: 2015", "anio: 2016"), encoding="utf-8")
    (base / "planes" / "2014.yaml").write_text(plan.replace("anio: 2015", "anio: 2014"), encoding="utf-8")
    as_of = Month(2016, 2)

    def side(label, root):
        checked = check_repository(load_repository(root), now=as_of)
        return (label, label[0], checked, compute(checked.repo, as_of))

    d = compare(as_of, side("base", base), side("head", head))

    def state(s):
        return s and (s.id, s.file, s.title, s.status, s.loads, s.checklist_met, s.checklist_total)

    got = {k: [(c.id, state(c.before), state(c.after), c.sections, c.levels, c.criteria) for c in getattr(d, k)] for k in ("added", "removed", "changed")}
    app_title = "Primer empleo para jóvenes con el comercio de Desamparados"
    mapeo = "Mapeo de familias beneficiarias e integración en procesos formativos"
    assert got == {
        "added": [("nuevo", None, ("nuevo", "acuerdos/nuevo.yaml", None, None, False, None, None), (), (), ())],
        "removed": [(
            "foro-local-seguridad-los-guido",
            ("foro-local-seguridad-los-guido", "acuerdos/foro-local-seguridad-los-guido.yaml", "Foro Local de Seguridad de Los Guido", "en_ejecucion", True, 14, 14),
            None, (), (), (),
        )],
        "changed": [
            (
                "app-comercio-empleo-juvenil",
                ("app-comercio-empleo-juvenil", "acuerdos/app-comercio-empleo-juvenil.yaml", app_title, "firmado", True, 13, 14),
                ("app-comercio-empleo-juvenil", "acuerdos/app-comercio-empleo-juvenil.yaml", app_title.replace("empleo", "empleo formal"), "firmado", True, 13, 14),
                ("titulo",), (), (),
            ),
            (
                "imas-ina-mapeo-familias",
                ("imas-ina-mapeo-familias", "acuerdos/imas-ina-mapeo-familias.yaml", mapeo, "en_ejecucion", True, 14, 14),
                ("imas-ina-mapeo-familias", "acuerdos/mapeo.yaml", mapeo, "en_ejecucion", True, 14, 14),
                (), (), (),
            ),
            ("lista", ("lista", "acuerdos/lista.yaml", "Lista", None, False, None, None), ("lista", "acuerdos/lista.yaml", None, None, False, None, None), (), (), ()),
            ("otro", ("otro", "acuerdos/otro.yaml", "Otro", None, False, None, None), ("otro", "acuerdos/otro.yaml", "Otro", None, False, None, None), ("id",), (), ()),
            (
                "pani-espacios-primera-infancia",
                ("pani-espacios-primera-infancia", "acuerdos/pani-espacios-primera-infancia.yaml", "Espacios seguros para la primera infancia en San Miguel", "borrador", True, 8, 14),
                ("pani-espacios-primera-infancia", "acuerdos/pani-espacios-primera-infancia.yaml", None, None, False, None, None),
                (), (), (),
            ),
        ],
    }
    assert d.other_files == [("canton.yaml", "changed"), ("planes/2014.yaml", "removed"), ("planes/2016.yaml", "added")]
    assert [(p.file, p.code) for p in d.new_problems] == [
        ("acuerdos/lista.yaml", "CP005"), ("acuerdos/mapeo.yaml", "CP201"), ("acuerdos/mapeo.yaml", "CP213"), ("acuerdos/nuevo.yaml", "CP001"),
        ("acuerdos/otro.yaml", "CP101"), ("acuerdos/pani-espacios-primera-infancia.yaml", "CP001"), ("planes/2015.yaml", "CP409"), ("planes/2016.yaml", "CP409"),
        # The sessions naming the removed forum agreement (agenda, decisions, avances), as the plans do.
        *[("sesiones/2015-10-13.yaml", "CP507")] * 2, *[("sesiones/2015-10-24-los-guido.yaml", "CP507")] * 3,
        *[("sesiones/2015-11-10.yaml", "CP507")] * 2, *[("sesiones/2015-12-08.yaml", "CP507")] * 2,
    ]
    assert [(p.file, p.code) for p in d.resolved_problems] == [
        ("acuerdos/imas-ina-mapeo-familias.yaml", "CP213"), *[("acuerdos/lista.yaml", "CP101")] * 3,
        ("acuerdos/otro.yaml", "CP102"),
        # The PANI draft, planned by the base's plans 2014 and 2015 and unsigned after their signing date (CP410):
        # the head's broken PANI file says nothing more.
        *[("acuerdos/pani-espacios-primera-infancia.yaml", "CP410")] * 2,
        ("planes/2014.yaml", "CP402"),
    ]
    sides = [(s.label, s.commit, s.exists, s.agreements, s.errors, s.warnings, round(s.checklist_percent, 2), round(s.to_date, 2), round(s.overall, 2)) for s in (d.base, d.head)]
    # As of February 2016 both sides also have two overdue session decisions (CP705: the IMAS list, due
    # 2015-10-30, and the decision of 2015-12-08 due 2016-01-29); the head the nine session CP507 above.
    # Issue 17: the base's two plans find the PANI draft unsigned (CP410, 2 warnings); the head's two plans
    # name the removed forum agreement as a warning (CP409), no longer an error (CP507).
    assert sides == [("base", "b", True, 8, 6, 3 + 2 + 2, 90.48, 51.39, 31.9), ("head", "h", True, 8, 7 + 9, 2 + 2 + 2, 96.43, 46.43, 29.55)]
    assert (d.canton, d.as_of, d.as_of_source, d.as_of_commit, d.empty) == ("Desamparados", as_of, "option", None, False)
