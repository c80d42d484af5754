"""A person's name typed into free text (issue 17: the public annual report
prints meeting outcomes, POI references, measurement notes): found by
CP602 without quoting it, and replaced by «[nombre retirado]» in every
public output (reports in --public, the always-public annual report, the
calendar), as contact data is (model/names.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_cli.model.models import Actor, MapaActores
from coprod_cli.model.names import NAME_MARK, NameFinder, people_names
from coprod_cli.model.personal import redact
from coprod_cli.render.markdown import md_escape

ANDREA = "Andrea Solís Vargas"  # the IMAS titular and an encargada of imas-ina in the example
MARTA = "Marta Quesada Rojas"  # who attended the session of 2015-12-08 for an actor


@pytest.mark.parametrize(
    "text, scrubbed",
    [
        ("Coordinar con Andrea Solís Vargas.", f"Coordinar con {NAME_MARK}."),
        ("Coordinar con andrea solis", f"Coordinar con {NAME_MARK}"),
        ("ANDREA   SOLÍS\nVARGAS informó", f"{NAME_MARK} informó"),
        ("Andre\u0301a Soli\u0301s dijo", f"{NAME_MARK} dijo"),  # accents written apart (NFD)
        ("Andrea Solís y Marta Quesada", f"{NAME_MARK} y {NAME_MARK}"),
        ("Andreas Solís, Andrea Solísima", "Andreas Solís, Andrea Solísima"),  # whole words only
        ("Andrea presentó el informe", "Andrea presentó el informe"),  # one word is not a name
        ("Solís Vargas", "Solís Vargas"),
    ],
)
def test_names_are_found_as_people_write_them(text, scrubbed):
    finder = NameFinder([ANDREA, MARTA, "Ana"])
    assert finder.scrub(text) == scrubbed
    assert finder.found(text) == (scrubbed != text)


def test_a_name_with_pattern_characters_is_matched_literally():
    finder = NameFinder(["Ana (la) Pérez.*"])
    assert finder.scrub("con Ana (la) Pérez.* hoy") == f"con {NAME_MARK}.* hoy"  # a name is its words
    assert finder.scrub("con Ana la Pérez hoy") == f"con {NAME_MARK} hoy"  # the first two words, «Ana la»
    assert not NameFinder(["Ana (la) Pérez.*"]).found("Anala Pérez")


def test_redact_with_names_changes_free_texts_never_ids():
    m = MapaActores.model_validate(
        {"actores": [{"id": "andrea-solis", "nombre": "Fundación Andrea Solís", "sector": "sociedad_civil", "nivel": "cantonal",
                      "temas": ["Talleres con Andrea Solís"], "titular": {"nombre": "Andrea Solís"}}]}
    )
    names = NameFinder(people_names([m]))
    (a,) = redact(m, names).actores
    assert isinstance(a, Actor) and a.id == "andrea-solis" and a.titular is not None and a.titular.nombre is None
    assert (a.nombre, a.temas) == (f"Fundación {NAME_MARK}", [f"Talleres con {NAME_MARK}"])


def _put(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def named(example):
    """The example with people's names typed where the public annual report and the calendar print text."""
    _put(example, "planes/2015.yaml", "      - Se acordó ampliar el mapeo de familias a Patarrá en 2016",
         "      - Se acordó ampliar el mapeo de familias a Patarrá en 2016, a cargo de andrea solís")
    _put(example, "acuerdos/imas-ina-mapeo-familias.yaml", "  Diseñar una estrategia conjunta entre el IMAS y el INA",
         "  Diseñar con Marta Quesada Rojas una estrategia conjunta entre el IMAS y el INA")
    _put(example, "sesiones/2015-09-08.yaml", "resumen: Se revisaron los avances de agosto.",
         "resumen: Andrea Solís Vargas revisó los avances de agosto.")
    return example


def test_cp602_names_the_field_not_the_person(cli, named):
    r = cli("validate", named, "--format", "json", "--as-of", "2016-01")
    assert r.code == 0, r.err
    assert r.out.count('"CP602"') == 3
    assert "Andrea" not in r.out and "Marta" not in r.out and "andrea" not in r.out


def test_public_outputs_carry_the_mark_not_the_names(cli, named, tmp_path):
    out = tmp_path / "publico"
    r = cli("report", named, "--public", "--out", out, "--as-of", "2016-01")
    assert r.code == 0, r.err
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".html", ".md")}
    for name, text in texts.items():
        for who in ("Andrea Sol", "andrea sol", "Marta Quesada"):
            assert who not in text, (name, who)
    assert f"Diseñar con {NAME_MARK} una estrategia" in texts["anual-2015.html"]
    assert f"a Patarrá en 2016, a cargo de {NAME_MARK}" in texts["anual-2015.html"]  # a yearly meeting's outcome
    assert f"a Patarrá en 2016, a cargo de {md_escape(NAME_MARK)}" in texts["anual-2015.md"]
    assert f"Diseñar con {md_escape(NAME_MARK)} una estrategia" in texts["ficha-imas-ina-mapeo-familias.md"]


def test_the_internal_sheet_keeps_the_text_as_written(cli, named, tmp_path):
    r = cli("report", named, "--out", tmp_path / "interno", "--as-of", "2016-01", "--only", "imas-ina-mapeo-familias", "--format", "md")
    assert r.code == 0, r.err
    assert "Diseñar con Marta Quesada Rojas una estrategia" in (tmp_path / "interno" / "ficha-imas-ina-mapeo-familias.md").read_text(encoding="utf-8")


def test_the_calendar_carries_the_mark_not_the_names(cli, named, tmp_path):
    target = tmp_path / "c.ics"
    r = cli("calendar", named, "--out", target, "--as-of", "2015-09")
    assert r.code == 0, r.err
    text = target.read_text(encoding="utf-8").replace("\r\n ", "")  # unfolded lines
    assert "Andrea" not in text and "Marta" not in text


@pytest.mark.parametrize("extra", [0, 40])  # few first words: substring probes; many: one expression
def test_the_first_look_finds_accented_and_plain_spellings(extra):
    finder = NameFinder(["José Pérez Mora", "Ana Mora"] + [f"Nombre{i} Apellido{i}" for i in range(extra)])
    for text in ("Con JOSÉ PÉREZ.", "con jose perez", "con Jose\u0301 Pe\u0301rez", "Ana  Mora dijo"):
        assert finder.maybe(text) and finder.found(text), text
    for text in ("mañana con Mora", "Anabel Mora", "José Péreztrás"):
        assert not finder.found(text), text


def test_a_name_inside_an_e_mail_address_is_cp601s_not_cp602s(cli, example):
    _put(example, "acuerdos/imas-ina-mapeo-familias.yaml", "  Diseñar una estrategia conjunta entre el IMAS y el INA",
         "  Escribir a andrea.solis@imas.example. Diseñar una estrategia conjunta entre el IMAS y el INA")
    r = cli("validate", example, "--format", "json", "--as-of", "2016-01")
    assert r.out.count('"CP601"') == 1 and '"CP602"' not in r.out
