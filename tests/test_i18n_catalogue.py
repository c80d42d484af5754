"""The gettext catalogues (tools/i18n.py): every marked Spanish text has its English, with the
same placeholders, the shipped .mo is the .po compiled, and the Spanish literals not yet marked
do not grow (a ratchet per module over tests/i18n_baseline.json).

After adding or changing a marked text:

    python tools/i18n.py update && (translate the empty msgstr) && python tools/i18n.py compile

After marking literals (fewer left), the lead lowers the baseline:

    python tools/i18n.py untranslated --write-baseline
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]


def _load_tool():
    spec = importlib.util.spec_from_file_location("coprod_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def template() -> Catalog:
    return tool.extract()


def test_extraction_reads_python_and_the_report_templates(template):
    ids = {m.id for m in template if m.id}
    # cli/application.py marks the --lang help; the report templates mark their words.
    assert "Idioma de los mensajes y de los informes: es (español, por defecto) o en (inglés). También COPROD_LANG o LANG." in ids
    files = {loc[0] for m in template for loc in m.locations}
    assert any(f.endswith(".py") for f in files)
    assert any(f.startswith("src/coprod_cli/templates/reports/") for f in files), "no msgid from the report templates"


def test_every_msgid_has_its_english_with_the_same_placeholders(template):
    found = [p for p in tool.problems(template) if p.kind != ".mo desactualizado"]
    assert not found, "translations missing (python tools/i18n.py update; fill the msgstr; compile):\n" + "\n".join(map(str, found[:60]))


def test_every_compiled_catalogue_is_its_po_compiled():
    for lang in tool.languages():
        assert tool.mo_path(lang).read_bytes() == tool.mo_bytes(tool.read(lang)), f"{lang}: run «python tools/i18n.py compile»"


def test_the_languages_coprod_speaks_have_a_catalogue():
    from coprod_cli.lang import LANGUAGES, SOURCE

    assert set(tool.translated_languages()) == set(LANGUAGES) - {SOURCE}


def test_a_missing_translation_fails_the_check(template):
    extended = Catalog(locale="en")
    for m in template:
        if m.id:
            extended.add(m.id, None, m.locations)
    extended.add("Una frase nueva que nadie tradujo")
    found = tool.problems(extended)
    assert [str(p) for p in found if p.kind == "falta en el .po"] == ["en: falta en el .po: «Una frase nueva que nadie tradujo» — python tools/i18n.py update"]
    assert tool.main(["check"]) == 0  # the shipped catalogues themselves are complete


@pytest.mark.parametrize(
    ("msgid", "msgstr", "kind"),
    [
        ("{n} acuerdos", "", "sin traducir"),
        ("{n} acuerdos", "{n} agreements", None),
        ("{n} acuerdos", "{count} agreements", "campos distintos"),
        ("Página %(page)s de %(pages)s", "Page %(page)s of %(pages)s", None),
        ("Página %(page)s de %(pages)s", "Page %(page)s", "campos distintos"),
        ("62,5 % de {total}", "62.5 % of {total}", None),
        (("{n} acuerdo", "{n} acuerdos"), ("{n} agreement", "{n} agreements"), None),
        (("{n} acuerdo", "{n} acuerdos"), ("{n} agreement", ""), "sin traducir"),
        (("{n} acuerdo", "{n} acuerdos"), ("one agreement", "{n} agreements"), "campos distintos"),
    ],
)
def test_each_translation_is_checked(msgid, msgstr, kind):
    catalog = Catalog(locale="en")
    catalog.add(msgid, msgstr)
    message = catalog[msgid if isinstance(msgid, str) else msgid[0]]
    kinds = [p.kind for p in tool.message_problems("en", message)]
    assert kinds == ([kind] if kind else [])


def test_a_fuzzy_translation_is_reported():
    catalog = Catalog(locale="en")
    catalog.add("Informe mensual", "Monthly report", flags=["fuzzy"])
    assert [p.kind for p in tool.message_problems("en", catalog["Informe mensual"])] == ["dudosa (fuzzy)"]


def test_update_adds_new_msgids_empty_drops_old_ones_and_keeps_translations():
    catalog = Catalog(locale="en")
    catalog.add("Acuerdos", "Agreements")
    catalog.add("Texto que ya no está", "Text no longer there")
    template = Catalog()
    template.add("Acuerdos", None, [("x.py", 1)])
    template.add("Acuerdos del cantón", None, [("x.py", 2)])  # close to «Acuerdos»: not guessed (no fuzzy match)
    assert tool.merge(catalog, template) == (1, 1)
    assert {m.id: m.string for m in catalog if m.id} == {"Acuerdos": "Agreements", "Acuerdos del cantón": ""}
    text = tool.po_bytes(catalog).decode("utf-8")
    assert "Texto que ya no está" not in text and "x.py" not in text
    assert text.index('msgid "Acuerdos"') < text.index('msgid "Acuerdos del cantón"')


def test_untranslated_finds_unmarked_spanish_literals_only(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        '"""Módulo de prueba: este docstring no cuenta."""\n'
        "from coprod_cli.lang import N_, _, ngettext\n"
        'TITLE = N_("Informe de avance")\n'
        'LEFT = "Sesiones del año"\n'
        "def f(n, path):\n"
        '    """Tampoco cuenta la documentación de una función."""\n'
        '    key = "actor_encargado"\n'
        '    ok = _("Acuerdo cumplido")\n'
        '    many = ngettext("{n} acuerdo", "{n} acuerdos", n)\n'
        '    shown = f"no se puede leer el archivo {path}"\n'
        '    data = "sí"  # i18n: ignore\n'
        '    english = "Monthly report"\n'
        "    return key, ok, many, shown, data, english\n",
        encoding="utf-8",
    )
    found = tool.literals_in(source, "m.py")
    assert [(lit.line, lit.text) for lit in found] == [(4, "Sesiones del año"), (10, "no se puede leer el archivo {}")]
    assert tool.counts(found) == {"m.py": 2}


def test_spanish_looking_strings():
    assert tool.spanish("Criterios cumplidos")
    assert tool.spanish("Página")
    assert tool.spanish("el acta de la sesión")
    assert not tool.spanish("actor_encargado")
    assert not tool.spanish("acuerdos/*.yaml")
    assert not tool.spanish("Monthly report of the canton")
    assert not tool.spanish("utf-8")


def test_unmarked_spanish_literals_do_not_grow():
    """The ratchet: no module has more unmarked Spanish literals than the committed baseline.
    Marking texts lowers the count (then the lead re-baselines); a new unmarked one fails here."""
    baseline = json.loads(tool.BASELINE.read_text(encoding="utf-8"))
    now = tool.counts(tool.untranslated())
    grown = {module: (baseline.get(module, 0), n) for module, n in now.items() if n > baseline.get(module, 0)}
    detail = "\n".join(f"{m}: {was} → {n}" for m, (was, n) in sorted(grown.items()))
    assert not grown, f"new Spanish literals without _(): mark them (python tools/i18n.py untranslated PATH lists them)\n{detail}"
