"""`coprod pending`: what each actor owes, as plain text for an e-mail or WhatsApp."""

from __future__ import annotations

import re

from conftest import EXAMPLE

#: What a plain-text message must not hold: Markdown, ANSI colour, box drawing.
NOT_PLAIN = re.compile(r"\*\*|__|^#|^\||```|\x1b\[|[\u2500-\u257f\u2580-\u259f]", re.M)


def _blocks(out: str) -> dict[str, list[str]]:
    blocks = {}
    for block in out.strip().split("\n\n")[1:]:
        head, *lines = block.split("\n")
        blocks[head] = lines
    return blocks


def test_pending_as_of_september(cli):
    r = cli("pending", EXAMPLE, "--as-of", "2015-09")
    assert r.code == 0, r.err
    assert r.out.startswith("Desamparados: pendientes de cada actor al 30 de septiembre de 2015\n")
    imas = _blocks(r.out)["IMAS (imas)"]
    assert "• Acuerdo 1 de la sesión del 8 de septiembre de 2015, pendiente para el 30 de octubre de 2015: Entregar al consejo" in "\n".join(imas)
    assert imas[-1] == "• Próxima sesión del consejo: 13 de octubre de 2015, con convocatoria."
    camara = _blocks(r.out)["Cámara de Comercio de Desamparados (camara-comercio)"]
    assert camara[-1].endswith("sin convocatoria para este actor.")
    assert not NOT_PLAIN.search(r.out)


def test_pending_as_of_december(cli):
    r = cli("pending", EXAMPLE, "--as-of", "2015-12")
    assert r.code == 0, r.err
    blocks = _blocks(r.out)
    assert list(blocks)[:2] == ["IMAS (imas)", "MSP (msp)"]  # actor-map order
    assert any("vencido desde el 30 de octubre de 2015" in line for line in blocks["IMAS (imas)"])
    msp = blocks["MSP (msp)"]
    assert "• Informar el avance de noviembre de 2015 del acuerdo msp-policia-municipal-formacion." in msp
    assert any("Criterio 11 del acuerdo msp-policia-municipal-formacion" in line and "«No»" in line for line in msp)
    muni = blocks["Municipalidad de Desamparados (municipalidad)"]
    assert any("pendiente para el 29 de enero de 2016: Preparar la propuesta" in line for line in muni)
    # No next session is recorded after December: no line about it.
    assert "Próxima sesión" not in r.out
    assert "Marta" not in r.out and not NOT_PLAIN.search(r.out)


def test_pending_for_one_actor(cli):
    r = cli("pending", EXAMPLE, "--as-of", "2015-10", "--actor", "ifam")
    assert r.code == 0, r.err
    assert _blocks(r.out) == {"IFAM (ifam)": ["• Nada pendiente.", "• Próxima sesión del consejo: 10 de noviembre de 2015, con convocatoria."]}
    one = cli("pending", EXAMPLE, "--as-of", "2015-10", "--actor", "imas")
    assert list(_blocks(one.out)) == ["IMAS (imas)"]
    assert any("vencido desde el 30 de octubre de 2015" in line for line in _blocks(one.out)["IMAS (imas)"])


def test_pending_unknown_actor_is_refused(cli):
    r = cli("pending", EXAMPLE, "--actor", "imass")
    assert r.code == 2 and "«imass»" in r.err and "imas" in r.err and r.out == ""


def test_pending_names_the_files_it_could_not_read(cli, example):
    (example / "sesiones" / "2015-09-08.yaml").write_text("fecha: [\n", encoding="utf-8")
    r = cli("pending", example, "--as-of", "2015-12")
    assert r.code == 0, r.err
    assert "Aviso: 1 archivo no se pudo leer (sesiones/2015-09-08.yaml); lo que contiene no está en esta lista." in r.out
    # The overdue IMAS decision lives in the unread file: it cannot be listed, and the warning says so.
    assert "vencido desde" not in r.out


def test_decision_done_after_as_of_is_still_owed(cli):
    # The MSP decision of 10 November was done on 8 December: as of November it is owed.
    nov = _blocks(cli("pending", EXAMPLE, "--as-of", "2015-11").out)["MSP (msp)"]
    assert any("Acuerdo 1 de la sesión del 10 de noviembre de 2015, pendiente para el 8 de diciembre de 2015" in line for line in nov)
    dec = _blocks(cli("pending", EXAMPLE, "--as-of", "2015-12").out)["MSP (msp)"]
    assert not any("10 de noviembre" in line for line in dec)
