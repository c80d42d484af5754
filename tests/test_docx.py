"""`coprod report --format docx`: the Anexo 1 sheet as a Word document to sign.

The written document is opened with python-docx and every section is checked
against the example's YAML; the public version holds no personal value
anywhere in the package (body, header, footer, properties); the same input
gives the same bytes; a repository's own Word template is used when it is
sound and refused, in Spanish, when it is hostile; LibreOffice turns the
document into a PDF whose text holds every section and the signature block.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.load.repository import load_repository
from coprod_cli.model.criteria import CRITERIA
from reportkit import leaks, personal_values

docx = pytest.importorskip("docx")
pytest.importorskip("docxtpl")

ID = "imas-ina-mapeo-familias"
MONTH = "2026-09"
TEMPLATE = Path("templates/docx/acuerdo.docx")


def _agreement(root: Path = EXAMPLE):
    repo = load_repository(root)
    return next(d.model for d in repo.documents if getattr(d.model, "id", None) == ID)


def _write(cli, root: Path, out: Path, *extra: str):
    return cli("report", root, "--format", "docx", "--as-of", MONTH, "--out", out, *extra)


def _sheet(cli, tmp_path: Path, root: Path = EXAMPLE, *extra: str) -> Path:
    result = _write(cli, root, tmp_path / "out", "--only", ID, *extra)
    assert result.code == 0, result.err
    return tmp_path / "out" / f"ficha-{ID}.docx"


def _package_text(path: Path) -> str:
    """Every XML part of the document (body, headers, footers, properties), tags removed."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))]
    return "\n".join(re.sub(r"<[^>]+>", " ", p) + "\n" + p for p in parts)


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _template_with(paragraph: str) -> bytes:
    """coprod's template with one more paragraph (what a municipality's edit in Word looks like)."""
    from coprod_cli.report.docx_default import default_template

    doc = docx.Document(BytesIO(default_template()))
    doc.add_paragraph(paragraph)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _put_template(root: Path, data: bytes) -> Path:
    target = root / TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


# --- every section against the YAML ---------------------------------------------------------------


def test_every_section_holds_the_agreement_of_the_yaml(cli, tmp_path):
    a = _agreement()
    doc = docx.Document(_sheet(cli, tmp_path))
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Municipalidad de Desamparados" in header
    assert "Consejo Cantonal de Coordinación Institucional de Desamparados" in header
    assert "Estrategia de Desarrollo, Prevención de la Violencia y el Delito, Desamparados 2015-2018" in header
    paragraphs = _paragraphs(doc)
    assert a.titulo in paragraphs and any(ID in p for p in paragraphs)
    for heading in ("1. Encargados del acuerdo", "2. Objetivo del acuerdo", "3. Actividad de coproducción", "4. Acuerdo de corresponsabilidad",
                    "5. Cronograma de trabajo", "6. Cumplimiento y avance", "7. Tabla de monitoreo"):  # fmt: skip
        assert any(p.startswith(heading) for p in paragraphs), heading
    assert a.objetivo in paragraphs
    people, activity, coresp, schedule, progress, criteria = doc.tables
    # 1: name, institution, position, e-mail, phone (internal version)
    rows = _rows(people)
    assert rows[0] == ["Nombre", "Institución", "Cargo", "Correo", "Teléfono"]
    assert rows[1:] == [
        [e.nombre, f"{n} ({s})", e.cargo, e.correo, e.telefono]
        for e, n, s in zip(a.encargados, ("Instituto Mixto de Ayuda Social", "Instituto Nacional de Aprendizaje"), ("IMAS", "INA"), strict=True)
    ]
    # 3: the protocol's table of fields
    fields = dict((r[0], r[1]) for r in _rows(activity))
    act = a.actividad
    assert fields["Actividad programada"] == act.actividad_programada
    assert fields["Planes, programas o proyectos institucionales involucrados"] == "\n".join(act.planes_programas)
    assert fields["Meta de la actividad"] == act.meta
    assert fields["Población"] == act.poblacion
    assert fields["Territorio a impactar"].startswith(act.territorio.descripcion) and "San Miguel, Los Guido" in fields["Territorio a impactar"]
    assert fields["Actores de la sociedad civil que se integrarán"].startswith(act.actores_sociedad_civil.descripcion)
    assert fields["Actor encargado"] == "Instituto Mixto de Ayuda Social (IMAS)"
    assert fields["Actores colaboradores"].startswith("Asociaciones de Desarrollo Comunal")
    assert fields["Plazo propuesto"] == "julio de 2015 a enero de 2016"
    assert fields["Impacto esperado"] == act.impacto_esperado
    # 4: actor, roles, responsibilities, impact
    rows = _rows(coresp)[1:]
    assert len(rows) == len(a.corresponsabilidad) == 4
    for row, c in zip(rows, a.corresponsabilidad, strict=True):
        assert all(r in row[1] for r in c.roles) and all(r in row[2] for r in c.responsabilidades)
        assert row[3] == c.impacto_esperado
    assert rows[0][0] == "Instituto Mixto de Ayuda Social (IMAS)"
    # 5: months × activities
    rows = _rows(schedule)[1:]
    assert [r[0] for r in rows] == ["JUL-15", "AGO-15", "SET-15", "OCT-15", "NOV-15", "DIC-15", "ENE-16"]
    for row, m in zip(rows, a.cronograma.meses, strict=True):
        assert all(x.descripcion in row[1] for x in m.actividades)
    assert "primera quincena: Continuación con la elaboración de los planes familiares." in rows[2][1]
    assert rows[6][1] == "Sin actividad definida."
    assert any(p.startswith("Eje: Desarrollo local. Acción estratégica: 7. Programa de Transferencias") for p in paragraphs)
    # 7: the 14 criteria, cumple / no cumple
    rows = _rows(criteria)
    assert rows[0] == ["N.º", "Criterio", "Sí", "No", "Observaciones"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(str(c.number), c.text) for c in CRITERIA]
    assert all(r[2] == "X" and r[3] == "" for r in rows[1:])
    assert rows[14][4] == "Enero de 2016 sin actividad definida en el cronograma."
    assert "14 de 14 criterios cumplidos." in paragraphs


def test_progress_has_the_five_levels_per_month_as_of_the_month(cli, tmp_path):
    """Section 6: an X under the recorded level; a past month without a report says so."""
    doc = docx.Document(_sheet(cli, tmp_path))
    rows = _rows(doc.tables[4])
    assert rows[0] == ["Mes", "Sub-actividad", "100\xa0%", "75\xa0%", "50\xa0%", "25\xa0%", "0\xa0%", "Estado", "Nota"]
    marked = {r[0]: [h for h, v in zip(rows[0][2:7], r[2:7], strict=True) if v == "X"] for r in rows[1:]}
    levels = {k: [h.replace("\xa0", " ") for h in v] for k, v in marked.items()}
    assert levels == {"JUL-15": ["50 %"], "AGO-15": ["25 %"], "SET-15": ["0 %"], "OCT-15": ["0 %"], "NOV-15": ["0 %"], "DIC-15": ["0 %"], "ENE-16": []}
    states = {r[0]: r[7] for r in rows[1:]}
    assert states["JUL-15"] == "avanzada" and states["ENE-16"] == "vencido sin informe"
    assert any(p.startswith("Avance al día: 12,5\xa0%") for p in _paragraphs(doc))
    # --as-of: a month after the cut is pending, whatever the file records
    early = docx.Document(_sheet(cli, tmp_path / "early", EXAMPLE, "--as-of", "2015-08"))
    rows = _rows(early.tables[4])
    assert {r[0]: r[7] for r in rows[1:]}["SET-15"] == "pendiente" and "X" not in rows[3][2:7]


def test_an_invalid_level_is_shown_invalid_never_missing(cli, tmp_path, example):
    path = example / "acuerdos" / f"{ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - mes: 2015-09\n    nivel: 0", "  - mes: 2015-09\n    nivel: 60"), encoding="utf-8")
    doc = docx.Document(_sheet(cli, tmp_path, example))
    row = next(r for r in _rows(doc.tables[4]) if r[0] == "SET-15")
    assert "X" not in row[2:7]
    assert "inválido" in row[7] and "sin informe" not in row[7]


def test_signature_block_names_each_responsible_person(cli, tmp_path):
    a = _agreement()
    paragraphs = _paragraphs(docx.Document(_sheet(cli, tmp_path)))
    start = paragraphs.index("Firmas de las personas encargadas del acuerdo")
    block = paragraphs[start:]
    for e, inst in zip(a.encargados, ("Instituto Mixto de Ayuda Social (IMAS)", "Instituto Nacional de Aprendizaje (INA)"), strict=True):
        i = block.index(f"Nombre: {e.nombre}")
        assert block[i - 1].startswith("Firma: ___") and block[i + 1] == f"Institución: {inst}"
        assert block[i + 2] == f"Cargo: {e.cargo}" and block[i + 3].startswith("Fecha: ____")


def test_every_agreement_gets_a_sheet(cli, tmp_path):
    result = _write(cli, EXAMPLE, tmp_path / "out")
    assert result.code == 0, result.err
    ids = sorted(d.model.id for d in load_repository(EXAMPLE).documents if d.kind == "acuerdo" and d.model is not None)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"ficha-{i}.docx" for i in ids]
    assert _write(cli, EXAMPLE, tmp_path / "o2", "--only", "ficha").code == 0
    assert len(list((tmp_path / "o2").iterdir())) == len(ids)


# --- privacy, escaping, determinism ---------------------------------------------------------------


def test_public_sheets_hold_no_personal_value_anywhere(cli, tmp_path):
    personal = personal_values(load_repository(EXAMPLE))
    assert _write(cli, EXAMPLE, tmp_path / "pub", "--public").code == 0
    assert _write(cli, EXAMPLE, tmp_path / "int").code == 0
    public = {p.name: _package_text(p) for p in (tmp_path / "pub").iterdir()}
    assert {n: leaks(t, personal) for n, t in public.items() if leaks(t, personal)} == {}
    internal = "".join(_package_text(p) for p in (tmp_path / "int").iterdir())
    assert len(leaks(internal, personal)) > 10  # the search is not vacuous
    doc = docx.Document(tmp_path / "pub" / f"ficha-{ID}.docx")
    assert _rows(doc.tables[0]) == [
        ["Institución", "Cargo"],
        ["Instituto Mixto de Ayuda Social (IMAS)", "Jefa del Área Regional"],
        ["Instituto Nacional de Aprendizaje (INA)", "Encargada de la Unidad Regional"],
    ]
    paragraphs = _paragraphs(doc)
    assert paragraphs.count("Nombre: ______________________________") == 2
    assert "Cargo: Jefa del Área Regional" in paragraphs
    props = doc.core_properties
    assert props.author == "Municipalidad de Desamparados" and props.last_modified_by == "coprod"
    assert "Versión pública" in "".join(p.text for p in doc.sections[0].footer.paragraphs)


def test_yaml_text_is_data_never_word_markup(cli, tmp_path, example):
    hostile = '</w:t></w:r><w:r><w:t>inyectado</w:t></w:r><w:r><w:t> & {{ 7*7 }} {% if 1 %}x{% endif %} \a\f'
    path = example / "acuerdos" / f"{ID}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("objetivo: >-")
    end = text.index("\n\n", start)
    escaped = hostile.replace("\\", "\\\\").replace('"', '\\"').replace("\a", "\\a").replace("\f", "\\f")
    path.write_text(text[:start] + f'objetivo: "{escaped}"' + text[end:], encoding="utf-8")
    doc = docx.Document(_sheet(cli, tmp_path, example))
    shown = next(p for p in _paragraphs(doc) if p.startswith("</w:t>"))
    assert shown == hostile.replace("\a", "\\x07").replace("\f", "\\x0c")
    with zipfile.ZipFile(tmp_path / "out" / f"ficha-{ID}.docx") as z:
        body = z.read("word/document.xml").decode()
    assert "<w:t>inyectado</w:t>" not in body and "&lt;/w:t&gt;" in body


def test_the_same_input_gives_the_same_bytes(cli, tmp_path):
    first = _sheet(cli, tmp_path / "a").read_bytes()
    second = _sheet(cli, tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- the repository's own template ----------------------------------------------------------------


def test_a_municipality_template_is_used(cli, tmp_path, example):
    assert cli("new", "docx-template", example).code == 0
    data = _template_with("Sello de la Gestión Local de {{ canton }}: {{ a.id }}")
    _put_template(example, data)
    doc = docx.Document(_sheet(cli, tmp_path, example))
    assert f"Sello de la Gestión Local de Desamparados: {ID}" in _paragraphs(doc)
    assert len(doc.tables) == 6


def test_new_docx_template_writes_the_default_and_never_overwrites(cli, example):
    from coprod_cli.report.docx_default import default_template

    assert cli("new", "docx-template", example).code == 0
    assert (example / TEMPLATE).read_bytes() == default_template()
    again = cli("new", "docx-template", example)
    assert again.code == 2 and "ya existe" in again.err and "--force" in again.err
    (example / TEMPLATE).write_bytes(b"x")
    assert cli("new", "docx-template", example, "--force").code == 0
    assert (example / TEMPLATE).read_bytes() == default_template()


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "entorno aislado"),
        ("{{ a.__class__ }}{{ cycler.__init__.__globals__ }}", "entorno aislado"),
        ("{{ no_existe }}", "«no_existe» no está definido"),
        ("{% for i in range(10) %}{{ 'x' * 100000000 }}{% endfor %}", "máximo"),
    ],
)
def test_a_hostile_template_fails_in_spanish_naming_the_template(cli, tmp_path, example, body, said):
    _put_template(example, _template_with(body))
    result = _write(cli, example, tmp_path / "out", "--only", ID)
    assert result.code == 1
    assert "templates/docx/acuerdo.docx" in result.err and said in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out" / f"ficha-{ID}.docx").exists()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_external_image(target: str) -> bytes:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from coprod_cli.report.docx_default import default_template

    doc = docx.Document(BytesIO(default_template()))
    doc.part.relate_to(target, RT.IMAGE, is_external=True)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _with_field(instr: str) -> bytes:
    from coprod_cli.report.docx_default import default_template

    with zipfile.ZipFile(BytesIO(default_template())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    field = f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r></w:p>'
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + field.encode())
    return _zip(parts)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda: _zip({"word/document.xml": b"\0" * (80 * 2**20)}), "bomba zip"),
        (lambda: _zip({f"p{i}.xml": b"" for i in range(1200)}), "partes dentro"),
        (lambda: _zip({"../../evil.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}), "nombre no permitido"),
        (lambda: b"esto no es un zip", "no es un documento de Word"),
        (lambda: _zip({"[Content_Types].xml": b"<Types/>"}), "no es un documento de Word"),
        (lambda: _with_external_image("file://servidor/compartido/logo.png"), "vínculo externo"),
        (lambda: _with_external_image("http://rastreo.example/pixel.png"), "vínculo externo"),
        (lambda: _with_field('INCLUDEPICTURE "http://rastreo.example/x.png" \\d'), "INCLUDETEXT"),
        (lambda: _with_field('INCLUDETEXT "C:\\\\secreto.txt"'), "INCLUDETEXT"),
    ],
    ids=["bomb", "entries", "traversal", "not-zip", "not-word", "external-file", "external-http", "includepicture", "includetext"],
)
def test_a_hostile_template_file_is_refused_before_any_sheet(cli, tmp_path, example, make, said):
    _put_template(example, make())
    result = _write(cli, example, tmp_path / "out")
    assert result.code == 2, result.err
    assert "templates/docx/acuerdo.docx" in result.err and said in result.err and "No se escribió ninguna ficha" in result.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_a_hyperlink_to_a_web_page_is_allowed(cli, tmp_path, example):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from coprod_cli.report.docx_default import default_template

    doc = docx.Document(BytesIO(default_template()))
    doc.part.relate_to("https://www.desamparados.go.cr/", RT.HYPERLINK, is_external=True)
    buf = BytesIO()
    doc.save(buf)
    _put_template(example, buf.getvalue())
    assert _sheet(cli, tmp_path, example).exists()


def test_a_huge_template_is_refused_unread(cli, tmp_path, example):
    target = _put_template(example, b"")
    with open(target, "wb") as fh:
        fh.truncate(11 * 2**20)  # sparse: costs no disk
    result = _write(cli, example, tmp_path / "out")
    assert result.code == 2 and "demasiado grande" in result.err


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="enlaces simbólicos de POSIX")
@pytest.mark.parametrize("where", ["file", "folder", "templates"])
def test_a_template_behind_a_symbolic_link_is_refused(cli, tmp_path, example, where):
    from coprod_cli.report.docx_default import default_template

    elsewhere = tmp_path / "fuera" / "docx"
    elsewhere.mkdir(parents=True)
    (elsewhere / "acuerdo.docx").write_bytes(default_template())
    if where == "file":
        (example / "templates" / "docx").mkdir(parents=True)
        (example / TEMPLATE).symlink_to(elsewhere / "acuerdo.docx")
    elif where == "folder":
        (example / "templates").mkdir()
        (example / "templates" / "docx").symlink_to(elsewhere)
    else:
        (example / "templates").symlink_to(elsewhere.parent)
    result = _write(cli, example, tmp_path / "out")
    assert result.code == 2 and "enlace simbólico" in result.err, result.err
    assert cli("new", "docx-template", example).code != 0 or where == "file"


def test_without_the_extra_the_message_says_how_to_install_it(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docxtpl", None)  # «import docxtpl» raises ImportError
    result = _write(cli, EXAMPLE, tmp_path / "out", "--only", ID)
    assert result.code == 2
    assert 'pip install "coprod[docx]"' in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()
    assert cli("new", "docx-template", tmp_path).code == 2


# --- on paper: LibreOffice ------------------------------------------------------------------------


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and not os.environ.get("CI"):
        pytest.skip("LibreOffice (soffice) no está instalado: no se puede convertir la ficha a PDF")
    assert found is not None, "CI must have LibreOffice (soffice) to check the Word sheet on paper"
    return found


def test_libreoffice_prints_every_section_and_the_signature_block(cli, tmp_path):
    soffice = _soffice()
    sheet = _sheet(cli, tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(sheet)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / f"ficha-{ID}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    assert 2 <= len([p for p in pages if p.strip()]) <= 5
    for heading in ("1. Encargados del acuerdo", "2. Objetivo del acuerdo", "4. Acuerdo de corresponsabilidad", "5. Cronograma de trabajo",
                    "6. Cumplimiento y avance", "Firmas de las personas encargadas", "Nombre: Andrea Solís Vargas", "Nombre: Marcela Rojas Chaves"):  # fmt: skip
        assert heading in text, heading
    assert re.search(r"7\. Tabla de monitoreo", text) and "Presenta un Cronograma de trabajo" in text
    assert "Municipalidad de Desamparados" in pages[0] and "Página 1 de" in pages[0]
    images = tmp_path / "png"
    images.mkdir()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(images / "ficha")], check=True, timeout=60)
    assert any(p.stat().st_size > 5000 for p in images.iterdir())
    artefacts = os.environ.get("COPROD_PAPER_ARTEFACTS")
    if artefacts:  # CI keeps the first page for people to look at
        shutil.copytree(images, Path(artefacts) / "docx", dirs_exist_ok=True)


def test_a_template_that_never_ends_is_stopped_at_its_deadline(cli, tmp_path, example, monkeypatch):
    import time

    from coprod_cli.report import docx_render

    monkeypatch.setattr(docx_render, "SHEET_SECONDS", 0.5)
    _put_template(example, _template_with("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"))
    start = time.monotonic()
    result = _write(cli, example, tmp_path / "out", "--only", ID)
    assert time.monotonic() - start < 30
    assert result.code == 1 and "templates/docx/acuerdo.docx" in result.err and "tardó más de" in result.err, result.err


def test_the_template_editors_names_never_reach_a_sheet(cli, tmp_path, example):
    """Comments and tracked changes saved in a template (Word writes their author) are taken out."""
    from coprod_cli.report.docx_default import default_template

    with zipfile.ZipFile(BytesIO(default_template())) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = (
        '<w:p><w:commentRangeStart w:id="0"/><w:ins w:id="1" w:author="Revisora Secreta" w:date="2026-01-01T00:00:00Z">'
        '<w:r><w:t>Texto aceptado</w:t></w:r></w:ins><w:del w:id="2" w:author="Revisora Secreta" w:date="2026-01-01T00:00:00Z">'
        '<w:r><w:delText>Texto borrado</w:delText></w:r></w:del><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + body.encode())
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {ns}><w:comment w:id="0" w:author="Revisora Secreta" '
        'w:initials="RS"><w:p><w:r><w:t>Revisar esto</w:t></w:r></w:p></w:comment></w:comments>'
    ).encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
        b'Target="comments.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
    )
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(b"<Company/>", b"<Company>Revisora Secreta S.A.</Company>")
    _put_template(example, _zip(parts))
    sheet = _sheet(cli, tmp_path, example)
    text = _package_text(sheet)
    assert "Revisora Secreta" not in text and "Texto borrado" not in text and "Revisar esto" not in text
    assert "Texto aceptado" in _paragraphs(docx.Document(sheet))
    with zipfile.ZipFile(sheet) as z:
        assert "word/comments.xml" not in z.namelist() and "docProps/thumbnail.jpeg" not in z.namelist()
