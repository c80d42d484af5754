"""i18n.number with huge but finite values: a goal of 1e30 families is absurd but valid YAML and
passes CP405 (it is a finite number); the reports must print it, not crash with exit 70."""

from coprod_cli.i18n import number


def test_huge_finite_numbers_are_formatted() -> None:
    assert number(1e30, 0, "es_CR").replace("\u00a0", " ") == "1" + " 000" * 10
    assert number(1.5e308, 1, "es_CR").replace("\u00a0", " ").startswith("150 000 000")
    assert number(12.45, 1, "es_CR") == "12,5"


def test_huge_goal_and_measurement_in_reports(cli, example, tmp_path) -> None:
    agreement = example / "acuerdos" / "app-comercio-empleo-juvenil.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("meta_cuantitativa: {valor: 25,", "meta_cuantitativa: {valor: 1e30,"), encoding="utf-8")
    plan = example / "planes" / "2015.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("{fecha: 2015-12-31, valor: 11.8}", "{fecha: 2015-12-31, valor: 5e40}"), encoding="utf-8")
    out = tmp_path / "out"
    r = cli("report", example, "--as-of", "2016-01", "--format", "md", "--out", out)
    assert r.code == 0, r.err
    annual = (out / "anual-2015.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "1" + " 000" * 10 in annual
    assert "50" + " 000" * 13 in (out / "indicadores.md").read_text(encoding="utf-8").replace("\u00a0", " ")


def test_invalid_goal_is_shown_invalid_not_missing(cli, example, tmp_path) -> None:
    """meta_cuantitativa.valor «cuatrocientos» (CP405): the annual report's Meta column says «dato inválido»,
    not «—», and the reached value (valid: 150 + 110 familias in 2015-10) is still shown."""
    agreement = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("meta_cuantitativa: {valor: 450,", "meta_cuantitativa: {valor: cuatrocientos,"), encoding="utf-8")
    out = tmp_path / "out"
    r = cli("report", example, "--as-of", "2016-01", "--format", "both", "--out", out, "--only", "anual")
    assert r.code == 0, r.err
    md = (out / "anual-2015.md").read_text(encoding="utf-8")
    assert "| Desarrollo local | familias | dato inválido, ver CP405 | 260 | — | 1 de 1 |" in md
    html = (out / "anual-2015.html").read_text(encoding="utf-8")
    assert '<td class="num"><span class="badge invalid">dato inválido, ver CP405</span></td><td class="num">260</td>' in html


def test_status_counts_the_plan_actions_without_agreement() -> None:
    """«Acciones del plan sin acuerdo │ 10» read as ten actions; it is one: action 10."""
    from coprod_cli.render.status_management import _actions

    assert _actions([10]) == "1 (acción 10)"
    assert _actions([4, 10]) == "2 (acciones 4, 10)"
    assert _actions([]) == "ninguna"
