"""Messages marked late for the catalogue (git, ``coprod report --only``): Spanish unchanged by default,
English under ``--lang en`` (``lang.set_language``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from coprod_cli import gitrepo, lang
from coprod_cli.errors import CoprodError
from coprod_cli.pipeline.reports import _check_only


@pytest.fixture
def english() -> Iterator[None]:
    lang.set_language("en")
    yield
    lang.set_language("es")


def _message(fn, *args) -> str:
    with pytest.raises(CoprodError) as info:
        fn(*args)
    return str(info.value)


def test_a_folder_outside_git_is_said_in_spanish_by_default(tmp_path: Path):
    assert _message(gitrepo._open, tmp_path) == f"«{tmp_path}» no está dentro de un repositorio git"


def test_a_folder_outside_git_is_said_in_english(tmp_path: Path, english):
    assert _message(gitrepo._open, tmp_path) == f'"{tmp_path}" is not inside a git repository'


def test_an_invalid_tree_in_both_languages():
    es = str(gitrepo._invalid_tree("0123456789abcdef", "a/b.yaml", lang._("aparece dos veces")))
    assert es.startswith("la revisión 0123456789ab tiene un árbol que git no podría extraer")
    assert "aparece dos veces" in es
    lang.set_language("en")
    try:
        en = str(gitrepo._invalid_tree("0123456789abcdef", "a/b.yaml", lang._("aparece dos veces")))
    finally:
        lang.set_language("es")
    assert en.startswith("the revision 0123456789ab has a tree git could not check out")
    assert "appears twice" in en and "made by hand, not with git" in en


def test_only_with_an_unknown_name_in_english_suggests_the_report(english):
    ctx = SimpleNamespace(agreements=[SimpleNamespace(id="ACU-01")], unread_files=[])
    message = _message(_check_only, ctx, "AVANCE", ("html",))
    assert message.startswith('invalid value for "--only": "AVANCE" is neither a report (')
    assert message.endswith("of the repository; did you mean «avance»?")


def test_only_docx_of_a_report_in_spanish():
    ctx = SimpleNamespace(agreements=[], unread_files=[])
    message = _message(_check_only, ctx, "avance", ("docx",))
    assert message.startswith("el formato docx es la ficha del Anexo 1 de un acuerdo, no el informe «avance»")


def test_the_data_package_describes_its_fields_in_the_language_in_use():
    from coprod_cli.render.datapackage import _field

    column = SimpleNamespace(name="estado", type="string", enum=("borrador", "firmado"))
    es = _field("acuerdos", column)
    assert es["description"] == "Estado del acuerdo: borrador, firmado, en_ejecucion, concluido o cancelado."
    lang.set_language("en")
    try:
        en = _field("acuerdos", column)
    finally:
        lang.set_language("es")
    assert en["description"] == "State of the agreement: borrador, firmado, en_ejecucion, concluido or cancelado."
    assert {k: v for k, v in en.items() if k != "description"} == {k: v for k, v in es.items() if k != "description"}


def test_the_national_data_package_title_in_english(english):
    import json

    from coprod_cli.model.types import Month
    from coprod_cli.render.datapackage import national_package_json

    package = json.loads(national_package_json(Month(2024, 5), 3, [], "csv"))
    assert package["name"] == "coprod-cantones"
    assert package["title"] == "Security co-production agreements of 3 cantons, as of 2024-05"
    assert package["keywords"] == ["security co-production", "agreements", "cantons"]
    assert "Open data of 3 cantons" in package["description"]
