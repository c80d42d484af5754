"""The annual report's «what was planned» table honours --as-of: before the plan's signing date
(2015-09-30 in the example) an unsigned planned agreement is «aún no», not «no», and a signature
dated after the cut is not shown."""


def _planned_rows(cli, example, tmp_path, as_of: str) -> dict[str, str]:
    out = tmp_path / as_of
    r = cli("report", example, "--as-of", as_of, "--format", "md", "--out", out, "--only", "anual")
    assert r.code == 0, r.err
    md = (out / "anual-2015.md").read_text(encoding="utf-8")
    table = md[md.index("| Acuerdo previsto") :].split("\n\n")[0].splitlines()[2:]
    return {cells[1].strip(): " | ".join(c.strip() for c in cells[2:5]) for cells in (line.split("|") for line in table)}


def test_before_the_signing_date_an_unsigned_planned_agreement_is_not_yet_late(cli, example, tmp_path) -> None:
    rows = _planned_rows(cli, example, tmp_path, "2015-08")
    # app-comercio is signed on 2015-09-28: after the 2015-08 cut, before the 2015-09-30 due date
    assert rows["Primer empleo para jóvenes con el comercio de Desamparados"] == "firmado | — | aún no"
    assert rows["Mapeo de familias beneficiarias e integración en procesos formativos"] == "en ejecución | 24 de junio de 2015 | sí"
    assert rows["Espacios seguros para la primera infancia en San Miguel"] == "borrador | — | aún no"


def test_after_the_signing_date_an_unsigned_planned_agreement_is_late(cli, example, tmp_path) -> None:
    rows = _planned_rows(cli, example, tmp_path, "2015-12")
    assert rows["Primer empleo para jóvenes con el comercio de Desamparados"] == "firmado | 28 de septiembre de 2015 | sí"
    assert rows["Espacios seguros para la primera infancia en San Miguel"] == "borrador | — | no"
