"""``edit.batch``: many edits to many files through the same byte-keeping code
as `progress set`, `monitoring set` and `attendance set`, under the locks, all
or nothing. Every byte but the values edited stays; refusals and conflicts are
reported, never written; nothing is written without ``commit()``."""

from __future__ import annotations

import codecs
import difflib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_WARNINGS, ROOT
from coprod_cli.edit import batch as batch_module
from coprod_cli.edit.batch import Batch, Conflict
from coprod_cli.edit.locking import key_for, repository_lock
from coprod_cli.errors import CoprodError, EditConflict
from coprod_cli.model.types import Month

IMAS = "acuerdos/imas-ina-mapeo-familias.yaml"
FORO = "acuerdos/foro-local-seguridad-los-guido.yaml"
MSP = "acuerdos/msp-policia-municipal-formacion.yaml"
ICD = "acuerdos/icd-prevencion-drogas-colegios.yaml"
PANI = "acuerdos/pani-espacios-primera-infancia.yaml"
DEC = "sesiones/2015-12-08.yaml"


def _changes(before: bytes, after: bytes) -> list[str]:
    """The diff as '-line' / '+line' entries (line endings kept), like `git diff` without context."""
    a = before.decode("utf-8-sig").splitlines(keepends=True)
    b = after.decode("utf-8-sig").splitlines(keepends=True)
    return [x for x in difflib.unified_diff(a, b, n=0) if x[:1] in "+-" and not x.startswith(("---", "+++"))]


def _replaced(data: bytes, *pairs: tuple[str, str]) -> bytes:
    """``data`` with each ``old`` (found exactly once) replaced by ``new``: what an edit of those values alone gives."""
    text = data.decode("utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".coprod-cache" not in p.parts}


def _sha(root: Path, rel: str) -> str:
    return hashlib.sha256((root / rel).read_bytes()).hexdigest()


def _diagnostics(cli, root: Path) -> list[tuple[str, int, int, str]]:
    out = json.loads(cli("validate", root, "--format", "json").out)
    return [(d["file"], d["line"], d["column"], d["code"]) for d in out["diagnostics"]]


def _dozen(b: Batch) -> None:
    """Levels, notes, criteria, observations and attendance across five files."""
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.progress("Avance!I5", IMAS, Month(2015, 10), None, 50, "Se visitaron 200 familias")
    b.progress("Avance!H6", IMAS, Month(2015, 11), None, 25, None)
    b.progress("Avance!H16", FORO, Month(2015, 12), None, 50, None)  # a month without an entry yet: inserted in order
    b.progress("Avance!H14", FORO, Month(2015, 10), 2, 75, "El diagnóstico terminó en noviembre.")
    b.progress("Avance!I20", MSP, Month(2015, 9), None, 75, "Dos sesiones se reprogramaron por feriados.")  # unchanged
    b.monitoring("Monitoreo!D2", IMAS, "meta", "no", "Falta la cifra de jóvenes")
    b.monitoring("Monitoreo!AC2", IMAS, "cronograma", None, "Enero de 2016 ya tiene actividad.")
    b.monitoring("Monitoreo!W4", MSP, "impacto_esperado", "si", None)
    b.attendance("Asistencia!F4", DEC, "ina", "suplente", None)
    b.attendance("Asistencia!G6", DEC, "msp", None, "Llegó a las 10:00")
    b.attendance("Asistencia!F14", DEC, "casa-derechos", "ausente", None)


def test_a_dozen_edits_change_exactly_those_values(example, cli):
    before = _snapshot(example)
    b = Batch(example)
    _dozen(b)
    with b.staged() as st:
        assert st.refusals == [] and st.conflicts == []
        assert sorted(st.files) == [FORO, IMAS, MSP, DEC]  # MSP: the criterion; its unchanged note makes no edit
        assert _snapshot(example) == before  # nothing written before commit()
        assert st.commit() == [FORO, IMAS, MSP, DEC]
    after = _snapshot(example)
    changed = {rel for rel in before if before[rel] != after[rel]}
    assert changed == {FORO, IMAS, MSP, DEC}
    assert after[IMAS] == _replaced(
        before[IMAS],
        ("  - mes: 2015-10\n    nivel: 0\n  - mes: 2015-11\n    nivel: 0\n  - mes: 2015-12\n    nivel: 0\n",
         "  - mes: 2015-10\n    nivel: 50\n    nota: Se visitaron 200 familias\n  - mes: 2015-11\n    nivel: 25\n"
         "  - mes: 2015-12\n    nivel: 0\n"),
        ("  meta: {cumple: sí}\n", '  meta: {cumple: "no", observaciones: Falta la cifra de jóvenes}\n'),
        ('observaciones: "Enero de 2016 sin actividad definida en el cronograma."}', 'observaciones: "Enero de 2016 ya tiene actividad."}'),
    )
    assert after[FORO] == _replaced(
        before[FORO],
        ("        nivel: 50\n        nota: El diagnóstico sigue en noviembre.\n", "        nivel: 75\n        nota: El diagnóstico terminó en noviembre.\n"),
        ("  - mes: 2015-11\n    nivel: 25\n", "  - mes: 2015-11\n    nivel: 25\n  - mes: 2015-12\n    nivel: 50\n"),
    )
    assert after[MSP] == _replaced(before[MSP], ('impacto_esperado: {cumple: "no",', 'impacto_esperado: {cumple: "sí",'))
    assert after[DEC] == _replaced(
        before[DEC],
        ("  - actor: ina\n    estado: titular\n", "  - actor: ina\n    estado: suplente\n"),
        ("  - actor: msp\n    estado: titular\n", '  - actor: msp\n    estado: titular\n    nota: "Llegó a las 10:00"\n'),
        ("  - actor: casa-derechos\n    estado: titular\n", "  - actor: casa-derechos\n    estado: ausente\n"),
    )
    assert [(f, line, code) for f, line, _, code in _diagnostics(cli, example)] == list(EXAMPLE_WARNINGS)


def test_the_same_edits_by_command_give_the_same_bytes(example, tmp_path, cli):
    """The batch is the commands' code: `progress set --replace-note`, `monitoring set`, `attendance set` write the same bytes."""
    by_hand = tmp_path / "by-hand"
    shutil.copytree(example, by_hand)
    steps = [
        ("progress", "set", by_hand, "imas-ina-mapeo-familias", "--month", "2015-10", "--level", "50", "--note", "Se visitaron 200 familias", "--replace-note"),
        ("progress", "set", by_hand, "foro-local-seguridad-los-guido", "--month", "2015-10", "--level", "75", "--subactivity", "2",
         "--note", "El diagnóstico terminó en noviembre.", "--replace-note"),
        ("monitoring", "set", by_hand, "imas-ina-mapeo-familias", "meta", "no", "--note", "Falta la cifra de jóvenes"),
        ("attendance", "set", by_hand, "2015-12-08", "ina", "suplente"),
    ]
    for args in steps:
        assert cli(*args).code == 0
    b = Batch(example)
    b.progress("Avance!I5", IMAS, Month(2015, 10), None, 50, "Se visitaron 200 familias")
    b.progress("Avance!H14", FORO, Month(2015, 10), 2, 75, "El diagnóstico terminó en noviembre.")
    b.monitoring("Monitoreo!D2", IMAS, "meta", "no", "Falta la cifra de jóvenes")
    b.attendance("Asistencia!F4", DEC, "ina", "suplente", None)
    with b.staged() as st:
        st.commit()
    for rel in (IMAS, FORO, DEC):
        assert (example / rel).read_bytes() == (by_hand / rel).read_bytes(), rel


WEIRD = (ROOT / "tests" / "test_edit.py").read_text(encoding="utf-8").split('WEIRD = """\\\n', 1)[1].split('"""', 1)[0]


@pytest.mark.parametrize("variant", ["lf", "crlf-bom"])
def test_crlf_bom_and_comments_are_kept_through_several_edits_of_one_file(variant, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", root)
    path = root / "acuerdos" / "a1.yaml"
    data = WEIRD.encode("utf-8") if variant == "lf" else codecs.BOM_UTF8 + WEIRD.rstrip("\n").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(data)
    b = Batch(root)
    b.progress("Avance!H2", "acuerdos/a1.yaml", Month(2015, 7), None, 75, None)
    b.progress("Avance!H3", "acuerdos/a1.yaml", Month(2015, 8), 1, 100, None)
    b.progress("Avance!H4", "acuerdos/a1.yaml", Month(2015, 8), 2, 50, "Acta: «sí» # 3")
    b.progress("Avance!I2", "acuerdos/a1.yaml", Month(2015, 7), None, 75, "Según el acta")
    b.monitoring("Monitoreo!C2", "acuerdos/a1.yaml", "objetivo", "no", "Poco claro")
    b.monitoring("Monitoreo!J2", "acuerdos/a1.yaml", "meta", None, "falta la cifra")
    with b.staged() as st:
        assert st.refusals == []
        old, new = st.files["acuerdos/a1.yaml"]
        assert old == data
        st.commit()
    after = path.read_bytes()
    assert after == new
    assert after.startswith(codecs.BOM_UTF8) == (variant == "crlf-bom")
    if variant == "crlf-bom":
        assert b"\n" not in after.replace(b"\r\n", b"") and not after.endswith(b"\n")
    expected = _replaced(
        WEIRD.encode("utf-8"),
        ("    nivel:     50    # medio\n    # fin de julio\n",
         "    nivel:     75    # medio\n    nota: Según el acta\n    # fin de julio\n"
         "-   mes: 2015-08\n    subactividades:\n    -   subactividad: 1\n        nivel: 100\n"
         '    -   subactividad: 2\n        nivel: 50\n        nota: "Acta: «sí» # 3"\n'),
        ("        cumple: sí     # sí\n", '        cumple: "no"     # sí\n        observaciones: Poco claro\n'),
        ("observaciones: 'falta' }", "observaciones: 'falta la cifra' }"),
    )
    if variant == "crlf-bom":
        expected = codecs.BOM_UTF8 + expected.rstrip(b"\n").replace(b"\n", b"\r\n")
    assert after == expected


def test_edits_of_one_file_apply_in_order_and_locate_follows_the_lines(example):
    b = Batch(example)
    b.progress("Avance!H10", IMAS, Month(2015, 12), None, 75, None)
    b.progress("Avance!H11", IMAS, Month(2016, 1), None, 25, None)  # inserted after December
    b.progress("Avance!H12", IMAS, Month(2015, 12), None, 100, None)  # the same cell again: the last one wins
    b.progress("Avance!I12", IMAS, Month(2015, 12), None, 100, "Cerrado")
    b.progress("Avance!I13", IMAS, Month(2016, 1), None, 25, "Arranca")
    with b.staged() as st:
        text = st.files[IMAS][1].decode("utf-8")
        lines = text.splitlines()
        assert "  - mes: 2015-12\n    nivel: 100\n    nota: Cerrado\n  - mes: 2016-01\n    nivel: 25\n    nota: Arranca\n" in text
        rel, line, column = st.locate("Avance!H12")
        assert (rel, lines[line - 1], column) == (IMAS, "    nivel: 100", 12)
        assert lines[st.locate("Avance!I12")[1] - 1] == "    nota: Cerrado"  # the level unchanged: the note is what it wrote
        assert lines[st.locate("Avance!H11")[1] - 1] == "    nivel: 25"
        assert lines[st.locate("Avance!I13")[1] - 1] == "    nota: Arranca"
        assert st.locate("Avance!Z99") is None


def test_a_level_off_the_scale_is_written_and_the_check_finds_it_where_locate_points(example, cli):
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 60, None)
    b.monitoring("Monitoreo!K6", PANI, "meta", "si", None)  # «sí» for missing content: written, CP206
    with b.staged() as st:
        assert st.refusals == []
        assert b"    nivel: 60\n" in st.files[IMAS][1]
        assert b'  meta: {cumple: "s\xc3\xad", observaciones: Pendiente de definir con el INVU.}\n' in st.files[PANI][1]
        level = st.locate("Avance!H5")
        answer = st.locate("Monitoreo!K6")
        st.commit()
    found = _diagnostics(cli, example)
    assert (IMAS, level[1], level[2], "CP205") in found
    assert (PANI, answer[1], answer[2], "CP206") in found


def test_refusals_name_the_line_and_leave_the_other_edits(example):
    b = Batch(example)
    b.progress("Avance!H30", IMAS, Month(2016, 3), None, 25, None)  # outside the schedule
    b.progress("Avance!H31", IMAS, Month(2015, 8), 1, 25, None)  # CP210: August has a whole-month level
    b.progress("Avance!H32", FORO, Month(2015, 10), None, 50, None)  # CP210: October is by sub-activity
    b.progress("Avance!H33", FORO, Month(2015, 11), 4, 50, None)  # no such sub-activity
    b.progress("Avance!I34", IMAS, Month(2016, 1), None, None, "Solo nota")  # a note alone, no level recorded
    b.monitoring("Monitoreo!F6", PANI, "poblacion", None, "Sin población")  # observations for a criterion not answered
    b.attendance("Asistencia!F30", DEC, "nadie", "titular", None)  # not in the actor map
    b.attendance("Asistencia!F31", DEC, "ina", "presente", None)  # not a state
    b.monitoring("Monitoreo!C9", IMAS, "objetivo", "x", None)  # not an answer
    b.progress("Avance!I35", IMAS, Month(2015, 7), None, 50, "Nota con \x1b[31m color")  # a control character
    b.progress("Avance!H2", IMAS, Month(2015, 7), None, 75, None)  # fine
    with b.staged() as st:
        lines = {rel: st.files.get(rel, ((example / rel).read_bytes(),) * 2)[0].decode("utf-8").splitlines() for rel in (IMAS, FORO, PANI, DEC)}
        got = [(r.origin, r.rel, lines[r.rel][r.line - 1].strip(), r.message) for r in st.refusals]
        assert [g[:3] for g in got] == [
            ("Avance!H30", IMAS, "meses:"),
            ("Avance!H31", IMAS, "nivel: 25"),
            ("Avance!H32", FORO, "subactividades:"),
            ("Avance!H33", FORO, "actividades:"),
            ("Avance!I34", IMAS, "avance:"),
            ("Monitoreo!F6", PANI, "monitoreo:"),
            ("Asistencia!F30", DEC, "asistencia:"),
            ("Asistencia!F31", DEC, "estado: titular"),
            ("Monitoreo!C9", IMAS, "objetivo: {cumple: sí}"),
            ("Avance!I35", IMAS, "nivel: 50"),
        ]
        messages = [g[3] for g in got]
        assert messages[0] == "el mes 2016-03 no está en el cronograma del acuerdo «imas-ina-mapeo-familias» (meses: 2015-07 a 2016-01)"
        assert "no se puede mezclar con niveles por subactividad (regla CP210). Registre el nivel en la fila del mes completo" in messages[1]
        assert "registre el nivel en las filas de sus subactividades" in messages[2] and "--subactivity" not in messages[2]
        assert messages[3] == "el cronograma de 2015-11 tiene 1 subactividad(es): no existe la subactividad 4"
        assert messages[4] == "el mes 2016-01 no tiene nivel registrado: escriba el nivel junto con la nota"
        assert messages[5].startswith("el criterio 5 (") and "escriba «Sí» o «No» junto con la observación" in messages[5]
        assert messages[6].startswith("el actor «nadie» no está en el mapa de actores («actores.yaml»)")
        assert messages[7].startswith("estado de asistencia desconocido «presente»")
        assert messages[8] == "la respuesta del criterio 1 debe ser «Sí» o «No», no «x»"
        assert "caracteres de control" in messages[9]
        assert all(r.column >= 1 for r in st.refusals)
        assert list(st.files) == [IMAS]
        assert _changes(*st.files[IMAS]) == ["-    nivel: 50\n", "+    nivel: 75\n"]
        with pytest.raises(CoprodError, match="no se escribió nada: 10 cambio"):
            st.commit()
    assert (example / IMAS).read_bytes() == st.files[IMAS][0]


def test_notes_are_the_whole_text_and_an_empty_note_removes_nothing(example):
    b = Batch(example)
    b.progress("Avance!I3", MSP, Month(2015, 9), None, 75, "Se reprogramaron dos sesiones.")  # replaced, no date stamp
    b.progress("Avance!I4", MSP, Month(2015, 10), None, 50, "")  # empty: nothing
    b.progress("Avance!I5", FORO, Month(2015, 10), 2, 50, "   ")  # blank: nothing
    b.monitoring("Monitoreo!X2", MSP, "impacto_esperado", None, "")  # nothing to do
    b.attendance("Asistencia!G3", DEC, "dinadeco", None, None)  # nothing to do
    b.progress("Avance!I6", MSP, Month(2015, 10), None, 50, "Primera línea\r\nsegunda línea\r\n")  # a line break in a cell
    with b.staged() as st:
        assert st.refusals == [] and list(st.files) == [MSP]
        assert _changes(*st.files[MSP]) == [
            "-    nota: Dos sesiones se reprogramaron por feriados.\n", "+    nota: Se reprogramaron dos sesiones.\n",
            '+    nota: "Primera línea\\nsegunda línea"\n',
        ]


def test_expect_makes_a_changed_file_a_conflict(example):
    b = Batch(example)
    b.expect(IMAS, _sha(example, IMAS).upper())
    b.expect(MSP, "0" * 64)  # the file changed since the export
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.progress("Avance!H20", MSP, Month(2015, 10), None, 75, None)
    b.monitoring("Monitoreo!W4", MSP, "impacto_esperado", "si", None)
    with b.staged() as st:
        assert st.conflicts == [Conflict(MSP, ("Avance!H20", "Monitoreo!W4"))]
        assert list(st.files) == [IMAS] and st.refusals == []
        assert st.locate("Avance!H20") is None
        with pytest.raises(CoprodError, match="1 archivo\\(s\\) en conflicto"):
            st.commit()
    assert (example / IMAS).read_bytes() == st.files[IMAS][0]


def test_expect_given_after_the_edits_counts_too(example):
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.expect(IMAS, "f" * 64)
    with b.staged() as st:
        assert [c.rel for c in st.conflicts] == [IMAS] and st.files == {}


def test_a_file_changed_between_staged_and_commit_is_not_overwritten(example):
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.progress("Avance!H20", MSP, Month(2015, 10), None, 75, None)
    with b.staged() as st:
        saved = (example / MSP).read_bytes() + b"# guardado por otro programa\n"
        (example / MSP).write_bytes(saved)
        with pytest.raises(EditConflict) as exc:
            st.commit()
    assert str(exc.value) == (
        f"«{MSP}» cambió mientras coprod lo editaba (otro programa lo guardó): no se escribió ningún archivo. "
        "Revise el archivo y repita la importación."
    )
    assert exc.value.exit_code == 1
    assert (example / MSP).read_bytes() == saved and (example / IMAS).read_bytes() == st.files[IMAS][0]


def test_a_file_changed_during_the_commit_names_the_files_already_written(example, monkeypatch):
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.progress("Avance!H20", MSP, Month(2015, 10), None, 75, None)
    real = batch_module.atomic_write_bytes

    def someone_saves_msp_first(path, data, durable=True, expected=None):
        if Path(path).name == Path(MSP).name:
            Path(path).write_bytes(b"# otro programa\n" + Path(path).read_bytes())
        return real(path, data, durable, expected=expected)

    monkeypatch.setattr(batch_module, "atomic_write_bytes", someone_saves_msp_first)
    with b.staged() as st:
        with pytest.raises(EditConflict, match=f"«{MSP}» cambió .*no se escribió ni ese ni los siguientes; ya se habían escrito: {IMAS}"):
            st.commit()
    assert (example / IMAS).read_bytes() == st.files[IMAS][1]
    assert (example / MSP).read_bytes().startswith(b"# otro programa\n")


def test_nothing_is_written_without_commit_and_the_locks_last_the_block(example):
    before = _snapshot(example)
    b = Batch(example)
    _dozen(b)
    with b.staged() as st:
        assert len(st.files) == 4
        for rel in (IMAS, DEC):
            path = (example / rel).resolve()
            with pytest.raises(EditConflict, match="otra orden de coprod está cambiando"):
                with repository_lock(example, key_for(example, path), rel, timeout=0.05):
                    pass
    assert _snapshot(example) == before
    with repository_lock(example, key_for(example, (example / IMAS).resolve()), IMAS, timeout=0.05):
        pass  # released with the block
    with pytest.raises(RuntimeError):
        st.commit()
    assert _snapshot(example) == before


def test_diff_shows_each_changed_file(example):
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.attendance("Asistencia!F4", DEC, "ina", "suplente", None)
    with b.staged() as st:
        text = st.diff()
    assert text.startswith(f"--- a/{IMAS}\n+++ b/{IMAS}\n@@ ")
    assert f"--- a/{DEC}\n+++ b/{DEC}\n" in text
    assert [x for x in text.splitlines() if x[:1] in "+-" and not x.startswith(("---", "+++"))] == [
        "-    nivel: 0", "+    nivel: 50", "-    estado: titular", "+    estado: suplente",
    ]
    with Batch(example).staged() as nothing:
        assert nothing.diff() == "" and nothing.files == {} and nothing.commit() == []


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        ("../desamparados/acuerdos/imas-ina-mapeo-familias.yaml", "sale del repositorio («..»)"),
        ("acuerdos/../canton.yaml", "sale del repositorio («..»)"),
        ("/etc/passwd", "no es una ruta dentro del repositorio"),
        ("C:/Windows/win.ini", "no es una ruta dentro del repositorio"),
        ("acuerdos\\imas-ina-mapeo-familias.yaml", "no es una ruta dentro del repositorio"),
        ("canton.yaml", "no es un archivo de la carpeta «acuerdos/»"),
        ("acuerdos/.imas.yaml", "no es un archivo de la carpeta «acuerdos/»"),
        ("acuerdos/sub/x.yaml", "no es un archivo de la carpeta «acuerdos/»"),
        (DEC, "no es un archivo de la carpeta «acuerdos/»"),
        ("acuerdos/no-existe.yaml", "no existe el archivo «acuerdos/no-existe.yaml»"),
    ],
)
def test_a_path_outside_the_repository_or_its_folder_is_refused(example, rel, message):
    b = Batch(example)
    with pytest.raises(CoprodError, match=re.escape(message)) as exc:
        b.progress("Avance!A7", rel, Month(2015, 10), None, 50, None)
    assert str(exc.value).startswith("Avance!A7: ")


def test_a_link_out_of_the_repository_is_refused(example, tmp_path):
    outside = tmp_path / "fuera.yaml"
    shutil.copy(example / IMAS, outside)
    link = example / "acuerdos" / "enlace.yaml"
    try:
        os.symlink(outside, link)
    except OSError:
        pytest.skip("this system cannot create symbolic links")
    b = Batch(example)
    with pytest.raises(CoprodError, match="apunta fuera del repositorio"):
        b.progress("Avance!A7", "acuerdos/enlace.yaml", Month(2015, 10), None, 50, None)
    with pytest.raises(CoprodError, match="no es un archivo de la carpeta «sesiones/»"):
        b.attendance("Asistencia!A2", "acuerdos/enlace.yaml", "ina", "titular", None)
    assert outside.read_bytes() == (example / IMAS).read_bytes()


def test_a_file_with_errors_refuses_each_of_its_edits_at_the_error(example):
    path = example / IMAS
    path.write_text(path.read_text(encoding="utf-8").replace("estado: en_ejecucion", "estado: quizas"), encoding="utf-8")
    b = Batch(example)
    b.progress("Avance!H5", IMAS, Month(2015, 10), None, 50, None)
    b.progress("Avance!H6", IMAS, Month(2015, 11), None, 50, None)
    b.progress("Avance!H20", MSP, Month(2015, 10), None, 75, None)
    with b.staged() as st:
        assert [(r.origin, r.line) for r in st.refusals] == [("Avance!H5", 9), ("Avance!H6", 9)]
        assert "tiene errores (línea 9" in st.refusals[0].message
        assert list(st.files) == [MSP]


def test_an_actor_not_listed_yet_is_appended_in_a_crlf_session_with_a_bom(example, cli):
    path = example / DEC
    data = codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    refused = Batch(example)
    refused.attendance("Asistencia!G16", DEC, "fiscalia", None, "Sin respuesta")  # a note alone: the actor must be listed
    with refused.staged() as st:
        assert [(r.origin, r.message) for r in st.refusals] == [
            ("Asistencia!G16", "el actor «fiscalia» no está en la lista de asistencia de la sesión 2015-12-08: escriba su estado junto con la nota"),
        ]
        assert st.files == {}
    b = Batch(example)
    b.attendance("Asistencia!F15", DEC, "oij", "justificada", "Operativo en Los Guido")
    b.attendance("Asistencia!F5", DEC, "dinadeco", "ausente", None)  # the person's name goes with «ausente», as in `attendance set`
    with b.staged() as st:
        assert st.refusals == []
        lines = st.files[DEC][1].decode("utf-8-sig").split("\r\n")
        assert lines[st.locate("Asistencia!F15")[1] - 1] == "    estado: justificada"
        st.commit()
    after = path.read_bytes()
    assert after == _replaced(
        data[3:],
        ("  - actor: casa-derechos\r\n    estado: titular\r\n",
         "  - actor: casa-derechos\r\n    estado: titular\r\n  - actor: oij\r\n    estado: justificada\r\n    nota: Operativo en Los Guido\r\n"),
        ("  - actor: dinadeco\r\n    estado: suplente\r\n    nombre: Marta Quesada Rojas\r\n", "  - actor: dinadeco\r\n    estado: ausente\r\n"),
    ).join([codecs.BOM_UTF8, b""])
    assert [d for d in _diagnostics(cli, example) if d[0] == DEC] == []


def test_an_actor_map_with_errors_refuses_only_the_actors_not_listed(example):
    actors = example / "actores.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("  - id: oij\n", "  - id: OIJ mal\n", 1), encoding="utf-8")
    b = Batch(example)
    b.attendance("Asistencia!F15", DEC, "oij", "titular", None)
    b.attendance("Asistencia!F4", DEC, "ina", "suplente", None)  # listed: the map is not needed
    with b.staged() as st:
        assert [(r.origin, r.message) for r in st.refusals] == [
            ("Asistencia!F15", "«actores.yaml» falta o tiene errores: corríjalo antes de agregar actores a la asistencia (vea «coprod validate»)"),
        ]
        assert _changes(*st.files[DEC]) == ["-    estado: titular\n", "+    estado: suplente\n"]
