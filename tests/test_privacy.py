"""Personal data never reaches a public output (SECURITY.md, «Datos personales»).

Personal fields are marked in the models (``personal()``, ``"x-personal":
true`` in the JSON Schema); public reports are built from a copy of the
models where every marked field is None (model/personal.py, report/views.py
``public_source``). These tests check the marking is complete, that every
public report in both formats is clean, that even a hostile repository
template cannot find a personal value in its context, and that the search is
not vacuous: with the redaction switched off, it finds the leaks.
"""

from __future__ import annotations

import shutil
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import EXAMPLE
from coprod_cli.load.repository import load_repository
from coprod_cli.model.models import FILE_KINDS, Encargado, Persona
from coprod_cli.model.personal import personal_fields, redact
from reportkit import leaks, personal_values

PERSON_KEYS = {"nombre", "correo", "telefono"}
CONTACT_KEYS = {"correo", "telefono", "email", "phone", "celular", "whatsapp"}


def _models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()

    def visit(tp):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.add(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(tp):
            visit(arg)

    for model in FILE_KINDS.values():
        visit(model)
    return seen


def test_every_person_like_model_marks_name_email_and_phone():
    """A model with a contact field describes a person: its name and contacts are personal."""
    person_like = {m for m in _models() if CONTACT_KEYS & set(m.model_fields)}
    assert person_like == {Persona, Encargado}  # a new one must be marked too: this test lists it
    for model in person_like:
        assert PERSON_KEYS <= personal_fields(model), model.__name__
        assert set(model.model_fields) & CONTACT_KEYS <= personal_fields(model), model.__name__


def test_nothing_else_is_marked_and_the_schema_says_so():
    marked = {(m.__name__, f) for m in _models() for f in personal_fields(m)}
    # A session's attendance names the person who came when it was not the titular or the suplente.
    assert marked == {(m, f) for m in ("Persona", "Encargado") for f in PERSON_KEYS} | {("Asistencia", "nombre")}
    from coprod_cli.schema_export import schema_texts

    texts = schema_texts()
    assert texts["acuerdo.schema.json"].count('"x-personal": true') == 3
    assert texts["actores.schema.json"].count('"x-personal": true') == 3
    assert texts["sesion.schema.json"].count('"x-personal": true') == 1


def test_redaction_removes_every_personal_value_and_nothing_else():
    repo = load_repository(EXAMPLE)
    assert len(personal_values(repo)) > 60
    for doc in repo.documents:
        public = redact(doc.model)
        assert personal_values(type("R", (), {"documents": [type("D", (), {"model": public})()]})()) == set()
        # The rest is the same data (the original is untouched).
        keep = lambda m: {k: v for k, v in m.model_dump().items()}  # noqa: E731
        assert public is doc.model or keep(public) != keep(doc.model)
    a = next(d.model for d in repo.acuerdos if d.model.id == "imas-ina-mapeo-familias")
    r = redact(a)
    assert r.encargados[0].nombre is None and r.encargados[0].correo is None and r.encargados[0].cargo == "Jefa del Área Regional"
    assert a.encargados[0].correo == "andrea.solis@imas.example"
    assert r.cronograma is a.cronograma and r.titulo == a.titulo  # shared, not copied


@pytest.fixture(scope="module")
def personal():
    return personal_values(load_repository(EXAMPLE))


def _report(out: Path, *extra: str, repo: Path = EXAMPLE) -> dict[str, str]:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", str(repo), "--out", str(out), "--as-of", "2016-01", *extra])
    assert exc.value.code == 0
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def test_every_public_report_in_both_formats_is_clean(tmp_path, personal):
    files = _report(tmp_path / "publico", "--public")
    assert len(files) == 2 * (7 + 6 + 7)  # index, monitoring, progress, actors, indicators, groups, annual + six sheets + seven minutes, html and md
    assert {name: leaks(text, personal) for name, text in files.items() if leaks(text, personal)} == {}


def test_the_annual_report_is_clean_in_the_internal_set_too(tmp_path, personal):
    files = _report(tmp_path / "interno")
    assert leaks(files["anual-2015.html"] + files["anual-2015.md"], personal) == []
    internal = "".join(t for n, t in files.items() if not n.startswith("anual"))
    assert len(leaks(internal, personal)) > 40  # the internal reports do hold them: the search is not vacuous


def test_with_the_redaction_switched_off_the_search_finds_the_leaks(tmp_path, personal, monkeypatch):
    """The public test fails when redaction is bypassed: the proof it guards something."""
    import coprod_cli.report.views.public as views

    monkeypatch.setattr(views, "redact", lambda value, names=None: value)
    files = _report(tmp_path / "sin-redaccion", "--public")
    leaked = {name: leaks(text, personal) for name, text in files.items() if leaks(text, personal)}
    # The progress report lists each alert's responsible people: without the
    # redaction nothing stops them (the sheet and the actor map also hide them
    # by layout in public mode; a second lock, not the one this test is about).
    assert set(leaked) == {"avance-2016-01.html", "avance-2016-01.md"}
    assert len(leaked["avance-2016-01.html"]) >= 20 and any("@" in v for v in leaked["avance-2016-01.md"])


HOSTILE_TEMPLATE = """\
{# A repository template doing its best to print personal data. #}
{{ ctx }}
{% for a in ctx.agreements %}{{ a }}{% for p in a.people %}{{ p.name }} {{ p.email }} {{ p.phone }}{% endfor %}{% endfor %}
{% for x in ctx.actors %}{{ x }}{{ x.principal }}{{ x.alternate }}{% endfor %}
{{ ctx.secretariat_person }}{% for al in ctx.alerts %}{{ al.people }}{% endfor %}
{{ a if a is defined else "" }}
"""


@pytest.mark.parametrize("public", [True, False])
def test_a_hostile_repository_template_finds_nothing_personal(tmp_path, personal, public):
    repo = tmp_path / "canton"
    shutil.copytree(EXAMPLE, repo)
    own = repo / "templates" / "reports"
    own.mkdir(parents=True)
    for key in ("indice", "ficha", "monitoreo", "avance", "actores", "anual"):
        for fmt in ("html", "md"):
            (own / f"{key}.{fmt}.j2").write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    files = _report(tmp_path / "out", *(["--public"] if public else []), repo=repo)
    assert "AgreementView(" in files["index.html"]  # the template did dump its context
    found = {name: leaks(text, personal) for name, text in files.items() if leaks(text, personal)}
    if public:
        assert found == {}
    else:  # the internal set is for the council; only the annual report is public there
        assert not any(name.startswith("anual") for name in found) and found


def test_a_builtin_template_changed_to_print_emails_leaks_only_in_the_internal_set(tmp_path, personal, monkeypatch):
    """What a careless change to a shipped template does: the internal report
    shows the e-mails, the public one cannot (its context has none)."""
    import coprod_cli.report.render as render

    templates = tmp_path / "templates"
    shutil.copytree(render.BUILTIN, templates)
    index = templates / "reports" / "indice.html.j2"
    text = index.read_text(encoding="utf-8")
    marker = "{% endblock %}"
    emails = "<p>{% for a in ctx.agreements %}{% for p in a.people %}{{ p.email }} {% endfor %}{% endfor %}</p>\n"
    head, tail = text.rsplit(marker, 1)
    index.write_text(head + emails + marker + tail, encoding="utf-8")
    monkeypatch.setattr(render, "BUILTIN", templates)
    internal = _report(tmp_path / "interno", "--only", "indice", "--format", "html")
    public = _report(tmp_path / "publico", "--only", "indice", "--format", "html", "--public")
    assert "andrea.solis@imas.example" in internal["index.html"]
    assert leaks(public["index.html"], personal) == []


# --- diagnostics never quote a personal value -----------------------------------------------

#: Each edit puts a personal value where a rule fires on it; the value (a marker) must appear nowhere.
PERSONAL_MISTAKES = {
    # file: [(text to replace, replacement, marker that must never be printed)]
    "acuerdos/imas-ina-mapeo-familias.yaml": [
        ("    correo: andrea.solis@imas.example", "    correo: zoila.uno(arroba)imas.example", "zoila.uno"),  # CP107
        ("  - nombre: Marcela Rojas Chaves", "  - nombre: 50687776666", "50687776666"),  # CP102, a number
        ("    telefono: \"+506 2000-1201\"", "    telefono: \"+506 2000-1201 · Zoila Dos Secreta, su celular personal y el de su casa\"\n    Zoila Tres Secreta: jefa\n    apellido: ZoilaCuatro", "Zoila"),  # CP104 too long, CP103 ×2
    ],
    "actores.yaml": [
        ("    titular:\n      nombre: Andrea Solís Vargas\n      cargo: Jefa del Área Regional\n      correo: andrea.solis@imas.example\n      telefono: +506 2000-1101\n", "    titular: Zoila Cinco Secreta, zoila.cinco@imas.example\n", "Zoila Cinco"),  # CP102, a person as text
    ],
    "canton.yaml": [
        ("    telefono: \"+506 2000-0101\"", "    telefono: [\"+506 8888 0000\"]", "8888 0000"),  # CP102, a list
        ("    correo: laura.jimenez@desamparados.example", "    correo: zoila seis@desamparados.example", "zoila seis"),  # CP107
    ],
}


def _with_personal_mistakes(dest: Path) -> tuple[Path, set[str]]:
    shutil.copytree(EXAMPLE, dest)
    markers = set()
    for rel, edits in PERSONAL_MISTAKES.items():
        path = dest / rel
        text = path.read_text(encoding="utf-8")
        for old, new, marker in edits:
            assert text.count(old) == 1, (rel, old)
            text = text.replace(old, new)
            markers.add(marker)
        path.write_text(text, encoding="utf-8")
    return dest, markers


def test_no_diagnostic_quotes_a_personal_value(cli, tmp_path):
    """CP102, CP103, CP104 and CP107 on names, e-mails and phones, in every output
    format, the terminal's source lines included: the value is never printed."""
    repo, markers = _with_personal_mistakes(tmp_path / "r")
    seen_codes = set()
    for fmt in ("text", "json", "github", "sarif", "junit", "gitlab"):
        r = cli("validate", repo, "--format", fmt, "--no-cache")
        assert r.code == 1
        found = [m for m in markers if m in r.out + r.err]
        assert found == [], (fmt, found)
        if fmt == "json":
            import json

            from coprod_cli.model.personal import NOT_SHOWN

            personal = [d for d in json.loads(r.out)["diagnostics"] if NOT_SHOWN in d["message"]]
            seen_codes = {d["code"] for d in personal}
            assert len(personal) == 8, [d["message"] for d in personal]
    assert seen_codes == {"CP102", "CP103", "CP104", "CP107"}
    foro = repo / "acuerdos" / "foro-local-seguridad-los-guido.yaml"
    foro.write_text(foro.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: en ejecución"), encoding="utf-8")
    r = cli("validate", repo)
    assert "│ estado: en ejecución" in r.out  # the line of a problem without personal data is still shown
    # That line and its caret, the example's overdue decision (CP705 as of December 2015) and the
    # PANI draft still unsigned after the plan's date (CP410), with their carets: none of the eight
    # lines with personal data.
    assert r.out.count("│ ") == 6 and "│     plazo: 2015-10-30" in r.out and "│ estado: borrador" in r.out


def test_a_pull_request_comment_never_quotes_a_personal_value(cli, tmp_path):
    from gitkit import commit_all, init

    work = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, work, dirs_exist_ok=True)
    commit_all(work, "base")
    _, markers = _with_personal_mistakes(tmp_path / "h")
    for rel in PERSONAL_MISTAKES:
        shutil.copyfile(tmp_path / "h" / rel, work / rel)
    commit_all(work, "errores con datos personales")
    for fmt in ("markdown", "json"):
        r = cli("diff", "HEAD~1", "HEAD", work, "--as-of", "2016-01", "--format", fmt)
        assert r.code == 0 and "CP107" in r.out
        assert [m for m in markers if m in r.out] == [], fmt


# --- contact data typed into free text ------------------------------------------------------

#: E-mails and phones typed where free text goes: CP601 warns, public outputs scrub them.
FREE_TEXT_CONTACTS = {
    "acuerdos/imas-ina-mapeo-familias.yaml": [
        ("  Diseñar una estrategia conjunta", "  Escribir a zoila.libre@correo.example. Diseñar una estrategia conjunta"),  # objetivo
        ("        - descripcion: Tramitación de subsidios a las familias seleccionadas.",
         "        - descripcion: Tramitación de subsidios (consultas al +506 8123-4567)."),  # a commitment's description
        ('observaciones: "Enero de 2016 sin actividad definida en el cronograma."', 'observaciones: "Confirmar con 8765-4321."'),
    ],
    "acuerdos/app-comercio-empleo-juvenil.yaml": [
        ("    nota: Asistieron 8 de las 20 empresas invitadas.", "    nota: Asistieron 8 empresas; la lista la tiene lista.empresas@camara.example"),
    ],
    "actores.yaml": [
        ("    nombre: Asociaciones de Desarrollo Comunal de San Miguel y Los Guido", "    nombre: Asociaciones de Desarrollo (506) 2345 6789"),
        ("      - descripcion: Cursos de formación técnica", "      - descripcion: Cursos de formación técnica, inscripción al 2222-3344"),  # an offer (C.4.3)
    ],
    "canton.yaml": [("      nombre: Desarrollo local", "      nombre: Desarrollo local, 300 123 4567"), ("    nombre: Los Guido", "    nombre: Los Guido 2299-8877")],
    "planes/2015.yaml": [
        ("    nombre: Grupo de desarrollo local", "    nombre: Grupo de desarrollo local (grupo.local@correo.example)"),
        ("riesgos: [Desempleo juvenil,", "riesgos: [Desempleo juvenil avisar al 8111-2222,"),  # a working group's risk
        ("      - Se acordó ampliar el mapeo de familias a Patarrá en 2016", "      - Se acordó ampliar el mapeo de familias; dudas a zoila.encuentro@correo.example"),  # a meeting's outcome
    ],
}
CONTACT_MARKERS = [
    "zoila.libre@", "8123-4567", "8765-4321", "lista.empresas@", "2345 6789", "300 123 4567", "2299-8877", "grupo.local@", "2222-3344",
    "8111-2222", "zoila.encuentro@",
]  # fmt: skip


@pytest.fixture(scope="module")
def contacts_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("contactos") / "r"
    shutil.copytree(EXAMPLE, repo)
    for rel, edits in FREE_TEXT_CONTACTS.items():
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return repo


def _markers(text: str) -> list[str]:
    from coprod_cli.render.markdown import md_escape

    return [m for m in CONTACT_MARKERS if m in text or md_escape(m) in text]


def test_contact_data_in_free_text_is_a_warning_that_does_not_quote_it(cli, contacts_repo):
    import json

    r = cli("validate", contacts_repo, "--format", "json", "--no-cache")
    found = [d for d in json.loads(r.out)["diagnostics"] if d["code"] == "CP601"]
    assert len(found) == 11 and {d["severity"] for d in found} == {"warning"}
    assert _markers(r.out) == []
    r = cli("validate", contacts_repo)
    assert _markers(r.out) == [] and "CP601" in r.out  # nor the file's line in the terminal


def test_contact_data_in_free_text_never_reaches_a_public_report(tmp_path, contacts_repo, personal):
    public = _report(tmp_path / "publico", "--public", repo=contacts_repo)
    assert {n: _markers(t) for n, t in public.items() if _markers(t)} == {}
    assert "[correo retirado]" in public["ficha-imas-ina-mapeo-familias.html"]
    assert "teléfono retirado" in public["ficha-imas-ina-mapeo-familias.md"]
    assert {n: leaks(t, personal) for n, t in public.items() if leaks(t, personal)} == {}
    internal = _report(tmp_path / "interno", repo=contacts_repo)
    assert _markers(internal["anual-2015.html"] + internal["anual-2015.md"]) == []  # public in every mode
    assert "Grupo de desarrollo local ([correo retirado])" in public["grupos.html"] and "avisar al [teléfono retirado]" in public["grupos.html"]
    assert "inscripción al \\[teléfono retirado\\]" in public["actores.md"]
    assert "[correo retirado]" in internal["anual-2015.html"]  # a meeting's outcome, in the report that is public in every mode
    # The search is not vacuous: the internal reports keep free text as written
    # (a meeting's outcomes are only in the annual report, public in every mode).
    assert set(_markers("".join(internal.values()))) == set(CONTACT_MARKERS) - {"zoila.encuentro@"}


def test_with_the_scrubbing_switched_off_the_search_finds_the_contacts(tmp_path, contacts_repo, monkeypatch):
    import coprod_cli.model.personal as personal_module
    import coprod_cli.report.views.public as views

    monkeypatch.setattr(personal_module, "scrub", lambda text: text)
    monkeypatch.setattr(views, "scrub_text", lambda text: text)
    public = _report(tmp_path / "publico", "--public", repo=contacts_repo)
    assert set(_markers("".join(public.values()))) == set(CONTACT_MARKERS)


def _pdf_texts(repo: Path, out: Path, *extra: str) -> dict[str, str]:
    """The working groups, actor map and annual reports printed to PDF, read back as text (one space for any run of them)."""
    import re
    import subprocess

    from coprod_cli.cli import main

    for key in ("grupos", "actores", "anual"):
        with pytest.raises(SystemExit) as exc:
            main(["report", str(repo), "--out", str(out), "--as-of", "2016-03", "--format", "pdf", "--only", key, *extra])
        assert exc.value.code == 0
    texts = {}
    for pdf in sorted(out.glob("*.pdf")):
        raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=120).stdout
        texts[pdf.name] = re.sub(r"\s+", " ", raw.decode("utf-8"))
    return texts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) no está instalado")
def test_the_new_reports_and_the_annual_report_are_clean_in_pdf(tmp_path, personal, contacts_repo):
    """PDF too (issue 17): the working groups report, the actor map with its offer and the annual
    report hold no name, e-mail or phone of the example, nor a contact typed into a risk, an
    offer or a meeting's outcome."""
    pytest.importorskip("weasyprint", reason="WeasyPrint no está instalado (extra pdf)")
    public = _pdf_texts(contacts_repo, tmp_path / "publico", "--public")
    assert set(public) == {"grupos.pdf", "actores.pdf", "anual-2015.pdf"}
    assert {n: leaks(t, personal) for n, t in public.items() if leaks(t, personal)} == {}
    assert {n: _markers(t) for n, t in public.items() if _markers(t)} == {}
    # What was searched is the report: its sections are there, with the scrubbed texts.
    assert "Grupo de desarrollo local" in public["grupos.pdf"] and "Desempleo juvenil avisar al [teléfono retirado]" in public["grupos.pdf"]
    assert "Oferta por género y grupo etario" in public["actores.pdf"] and "inscripción al [teléfono retirado]" in public["actores.pdf"]
    assert "Lo que sigue" in public["anual-2015.pdf"] and "dudas a [correo retirado]" in public["anual-2015.pdf"]
    # Not vacuous: the internal actor map in PDF names the people and keeps the texts as written;
    # the annual report, public in every mode, does not.
    internal = _pdf_texts(contacts_repo, tmp_path / "interno")
    assert len(leaks(internal["actores.pdf"], personal)) > 20 and "2222-3344" in internal["actores.pdf"]
    assert leaks(internal["anual-2015.pdf"], personal) == [] and _markers(internal["anual-2015.pdf"]) == []


@given(st.text(alphabet=st.sampled_from("0123456789 .-+()@a٣２"), max_size=30))
def test_the_first_look_never_misses_a_contact(text):
    """``maybe_contact`` (bytes, in C) says False only where the patterns find nothing."""
    from coprod_cli.model.personal import contacts_in_text, maybe_contact, scrub

    if not maybe_contact(text):
        assert scrub(text) == text and contacts_in_text(text) == set()


def test_the_public_source_redacts_every_kind_of_file_the_repository_holds():
    """Sessions carry the name of a delegate who attended; public_source
    redacts every document field of the repository, not a list that a new
    kind of file could be missing from."""
    from coprod_cli.compute.figures import compute as compute_figures
    from coprod_cli.model.types import Month
    from coprod_cli.report.views.public import public_source

    repo = load_repository(EXAMPLE)
    assert "Marta Quesada Rojas" in personal_values(repo)
    public_repo, _ = public_source(repo, compute_figures(repo, Month(2015, 12)))
    assert len(public_repo.sesiones) == len(repo.sesiones) == 7
    assert personal_values(public_repo) == set()


# --- open data: `coprod export datos` -------------------------------------------------------

#: Planted where a careless table would pick them up: a phone typed into a progress note (free
#: text: scrubbed) and an e-mail as the name of the person who attended a session (a personal field).
OPEN_DATA_PLANTS = {
    "acuerdos/imas-ina-mapeo-familias.yaml": [
        ("  - mes: 2015-07\n    nivel: 50\n", "  - mes: 2015-07\n    nivel: 50\n    nota: Confirmado por teléfono al 8899-1122.\n"),
    ],
    "sesiones/2015-12-08.yaml": [("    nombre: Marta Quesada Rojas\n", "    nombre: zoila.asiste@correo.example\n")],
}
OPEN_DATA_MARKERS = ["8899-1122", "zoila.asiste@"]


def _export_datos(repo: Path, out: Path) -> dict[str, str]:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["export", "datos", str(repo), "--out", str(out), "--as-of", "2015-12"])
    assert exc.value.code == 0
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def planted_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("datos") / "r"
    shutil.copytree(EXAMPLE, repo)
    for rel, edits in OPEN_DATA_PLANTS.items():
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return repo


def test_the_open_data_package_holds_no_personal_value(tmp_path, personal, planted_repo):
    """Every file of the package (each CSV and datapackage.json): no name, e-mail or phone of a
    person of the example, nor the planted ones; the note is there, with the phone scrubbed."""
    files = _export_datos(planted_repo, tmp_path / "datos")
    assert len(files) == 16  # 15 tables (mediciones since issue 17) and datapackage.json
    planted = personal | personal_values(load_repository(planted_repo))
    assert {n: leaks(t, planted) for n, t in files.items() if leaks(t, planted)} == {}
    assert {n: [m for m in OPEN_DATA_MARKERS if m in t] for n, t in files.items() if any(m in t for m in OPEN_DATA_MARKERS)} == {}
    assert "Confirmado por teléfono al [teléfono retirado]." in files["compromisos.csv"]
    assert "dinadeco,suplente,true" in files["asistencia.csv"].replace("\r\n", "\n").split("\n2015-12-08,", 1)[1]


def test_the_open_data_package_scrubs_contacts_typed_into_free_text(tmp_path, contacts_repo, personal):
    files = _export_datos(contacts_repo, tmp_path / "datos")
    assert {n: _markers(t) for n, t in files.items() if _markers(t)} == {}
    assert {n: leaks(t, personal) for n, t in files.items() if leaks(t, personal)} == {}
    assert "[correo retirado]" in files["acuerdos.csv"] and "[teléfono retirado]" in files["territorios.csv"]


def test_with_the_redaction_switched_off_the_package_search_finds_the_leak(tmp_path, planted_repo, monkeypatch):
    """Not vacuous: without public_source's redaction, the phone in the note reaches the package.
    The attendance name does not even then: no table has a column for a person."""
    import coprod_cli.model.personal as personal_module
    import coprod_cli.report.views.public as views

    monkeypatch.setattr(personal_module, "scrub", lambda text: text)
    monkeypatch.setattr(views, "redact", lambda value, names=None: value)
    files = _export_datos(planted_repo, tmp_path / "datos")
    assert "8899-1122" in files["compromisos.csv"]
    assert not any("zoila.asiste@" in t or "Marta Quesada" in t for t in files.values())
