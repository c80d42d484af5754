"""`coprod --lang en report`: the reports in English (issue 19, point 4).

Golden files (tests/golden/reports-en/, same mechanism as tests/test_golden.py) for a few
reports, and a completeness check over every report, internal and public: once the data
of the example (its YAML values stay as written: titles, names, descriptions) is taken
out, no Spanish word of the templates is left. Numbers and dates are English (en_001):
«68.8%», «September 2015», «8 September 2015».
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE
from test_golden import AS_OF, _compare

#: Reports compared byte for byte (HTML and Markdown; the public mode adds the annual report's redaction).
GOLDEN_REPORTS = ("index.md", "monitoreo.html", "avance-2015-09.md", "ficha-imas-ina-mapeo-familias.md", "anual-2015.md", "acta-2015-09-08.md")
#: Words and phrases of the Spanish templates that an English report never contains outside the data.
SPANISH = (
    "Datos al mes",
    "Avance",
    "avance",
    "Acuerdo",
    "acuerdo",
    "Acuerdos",
    "acuerdos",
    "Criterio",
    "criterio",
    "Criterios",
    "cumplido",
    "cumplidos",
    "cumplida",
    "Informe",
    "informe",
    "Sesión",
    "sesión",
    "sesiones",
    "Sesiones",
    "Actores",
    "actores",
    "Indicador",
    "indicador",
    "Indicadores",
    "Línea base",
    "línea base",
    "Meta",
    "Plazo",
    "Cronograma",
    "Responsable",
    "Estado",
    "Nivel",
    "sin informe",
    "vencido",
    "vencidos",
    "vencida",
    "pendiente",
    "Pendiente",
    "Ficha",
    "Acta",
    "Convocatoria",
    "Grupo",
    "Grupos",
    "Página",
    "Uso interno",
    "Versión pública",
    "Eje",
    "Asistencia",
    "Titular",
    "Suplente",
    "Firmado",
    "firmado",
    "borrador",
    "ejecución",
    "Ningún",
    "Ninguna",
    "ninguno",
    "Sin",
    "sin",
    " de la ",
    " del ",
    " los ",
    " las ",
    " con ",
    " para ",
    " por ",
    "según",
    " año",
    " mes ",
    " de 2015",
    "julio",
    "agosto",
    "setiembre",
    "septiembre",
    "octubre",
)


@pytest.fixture
def english():
    """The in-process language back to Spanish after the test (tests/conftest.py pins COPROD_LANG=es)."""
    from coprod_cli.lang import set_language

    yield
    set_language("es")


def _data_strings() -> list[str]:
    """Every string of the example's YAML (titles, names, descriptions): they stay as written."""
    found: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and len(x.strip()) > 2:
            found.add(x.strip())

    for path in EXAMPLE.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def _without_data(text: str, data: list[str]) -> str:
    text = re.sub(r"<style.*?</style>", "", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", text)).replace("\\", "")
    for d in data:
        text = text.replace(d, " ")
        if len(d) > 16:  # a long label cut short in a picture: «Sesión de instalación del fo…»
            text = re.sub(re.escape(d[:12]) + r"[^\n…]*…", " ", text)
    return re.sub(r"[\w/.-]+\.(?:yaml|md|html)\b|\b(?:sesiones|acuerdos|planes)/", " ", text)  # file names, folders, links


def _report(cli, example: Path, out: Path, *extra: str) -> dict[str, str]:
    r = cli("--lang", "en", "report", example, "--out", out, "--as-of", AS_OF, *extra)
    assert r.code == 0, r.err
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.is_file()}


def test_english_reports_match_their_golden_files(request, cli, example, tmp_path, english):
    files = _report(cli, example, tmp_path / "en")
    for name in GOLDEN_REPORTS:
        _compare(request, f"reports-en/{name}", files[name].replace(str(example), "<REPO>"))


def test_english_numbers_and_dates(cli, example, tmp_path, english):
    files = _report(cli, example, tmp_path / "en")
    avance = files["avance-2015-09.md"]
    assert avance.startswith("# Progress report: September 2015\n")
    assert "| Progress to date | 68\\.8% " in avance  # English decimal point, no space before «%»
    assert "8 September 2015" in avance and "setiembre" not in avance
    assert '<html lang="en">' in files["index.html"]
    assert 'Page\\000020" counter(page)' in files["index.html"]  # the print CSS's page numbers


@pytest.mark.parametrize("mode", ["internal", "public"])
def test_english_reports_have_no_spanish_left(cli, example, tmp_path, english, mode):
    files = _report(cli, example, tmp_path / "en", *(["--public"] if mode == "public" else []))
    data = _data_strings()
    left = []
    for name, text in files.items():
        for line in _without_data(text, data).splitlines():
            hits = [w for w in SPANISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", f" {line} ")]
            if hits:
                left.append(f"{name}: {hits} in «{line.strip()[:120]}»")
    assert not left, "Spanish in the English reports (mark it with _() and translate it):\n" + "\n".join(left[:40])


def test_spanish_reports_after_english_stay_spanish(cli, example, tmp_path, english):
    """The language is per run: an English run in the same process leaves the next Spanish run Spanish."""
    _report(cli, example, tmp_path / "en")
    from coprod_cli.lang import set_language

    set_language("es")
    r = cli("report", example, "--out", tmp_path / "es", "--as-of", AS_OF, "--only", "avance")
    assert r.code == 0, r.err
    text = (tmp_path / "es" / "avance-2015-09.md").read_text(encoding="utf-8")
    assert text.startswith("# Informe de avance: septiembre de 2015\n") and "68,8\u00a0%" in text
