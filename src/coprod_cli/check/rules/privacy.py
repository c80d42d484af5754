"""Rules on personal data (CP6xx).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ... import codes
from ...lang import N_, _, ngettext
from ...load.repository import Document, Repository
from ...model.names import NameFinder, people_names
from ...model.personal import NOT_SHOWN, contacts_in, free_texts, scrub
from ...problems import Problem
from .common import agreements, at

_CONTACT_KINDS = {"email": N_("un correo electrónico"), "phone": N_("un número de teléfono")}

def _documents(repo: Repository) -> list[tuple[Document[Any], BaseModel]]:
    """Every file that loaded, with its model."""
    docs: list[Document[Any] | None] = [repo.canton, repo.actores]
    docs += [d for d, _ in repo.valid_plans()] + [d for d, _ in agreements(repo)] + [d for d, _ in repo.valid_sessions()]
    return [(d, d.model) for d in docs if d is not None and d.model is not None]


def contact_in_free_text(repo: Repository) -> Iterator[Problem]:
    """Los datos de contacto de una persona van solo en sus campos: `correo` y
    `telefono` de los encargados de un acuerdo, del titular y el suplente de
    un actor y del responsable de la Secretaría Técnica. Esos campos nunca
    llegan a un informe público; un correo o un teléfono escrito en un
    objetivo, una nota, una descripción, observaciones o el resumen o una
    nota del acta de una sesión sí llegaría. (El `nombre` de quien asistió
    a una sesión es un dato personal: no se publica ni se cita.) Los
    informes públicos los reemplazan por «[correo retirado]» o «[teléfono
    retirado]», pero el texto sigue en el repositorio: bórrelo de ahí.

    Se reconocen correos (`nombre@dominio.cr`) y teléfonos con prefijo
    internacional (`+506 2222-3333`), con código de área entre paréntesis
    o con separadores (`2222-3333`, `8888 7777`, `300 123 4567`); no un
    número suelto, una fecha ni un periodo (`2015-2018`). El mensaje no cita
    el valor (es un dato personal).

    Incorrecto:

        avance:
          - mes: 2015-08
            nivel: 50
            nota: Coordinar con Ana al 8888-7777

    Correcto:

        encargados:
          - nombre: Ana Solís Vargas
            telefono: "+506 8888-7777"
        avance:
          - mes: 2015-08
            nivel: 50
            nota: Coordinar con la encargada del IMAS
    """
    for doc, model in _documents(repo):
        for path, kinds in contacts_in(model):
            what = _(" y ").join(_(_CONTACT_KINDS[k]) for k in sorted(kinds))
            field = next((str(step) for step in reversed(path) if isinstance(step, str)), "texto")
            yield at(codes.CP601,
                doc.source,
                path,
                ngettext("«{field}» tiene {what} escrito en el texto: los datos de contacto van solo en «correo» y «telefono» "
                    "de una persona, que nunca se publican; bórrelo del texto ({NOT_SHOWN})", "«{field}» tiene {what} escritos en el texto: los datos de contacto van solo en «correo» y "
                    "«telefono» de una persona, que nunca se publican; bórrelo del texto ({NOT_SHOWN})", len(kinds)).format(field=field, what=what, NOT_SHOWN=_(NOT_SHOWN)),
            )


def name_in_free_text(repo: Repository) -> Iterator[Problem]:
    """El nombre de una persona va solo en su campo `nombre` (de un
    encargado, del titular o el suplente de un actor, del responsable de
    la Secretaría Técnica, de quien asistió a una sesión), que nunca llega
    a un informe público. Escrito en un objetivo, una nota, observaciones,
    los resultados de un encuentro anual o la referencia de un POI, sí
    llegaría: el informe anual es público. Los informes públicos lo
    reemplazan por «[nombre retirado]», pero el texto sigue en el
    repositorio: escriba el cargo o la institución en su lugar.

    Se reconocen los nombres que el repositorio declara en esos campos
    (el nombre completo, o sus dos primeras palabras), sin distinguir
    mayúsculas ni tildes; un nombre de una sola palabra no se busca. El
    mensaje no cita el nombre (es un dato personal).

    Incorrecto (Ana Solís Vargas es encargada de un acuerdo):

        encuentros:
          - tipo: avance
            resultados: [Ana Solís presentará el mapeo en enero]

    Correcto:

        encuentros:
          - tipo: avance
            resultados: [La encargada del IMAS presentará el mapeo en enero]
    """
    docs = _documents(repo)
    names = NameFinder(people_names(model for _, model in docs))
    if not names:
        return
    for doc, model in docs:
        texts = list(free_texts(model))
        if not names.maybe("\x00".join(t for _, t in texts)):
            continue
        for path, text in texts:
            if names.found(scrub(text)):  # a name inside an e-mail address is CP601's
                field = next((str(step) for step in reversed(path) if isinstance(step, str)), "texto")
                yield at(codes.CP602, doc.source, path,
                         _("«{field}» tiene escrito el nombre de una persona del repositorio: los nombres van solo en el campo "
                             "«nombre» de una persona, que nunca se publica; escriba su cargo o su institución ({NOT_SHOWN})").format(field=field, NOT_SHOWN=_(NOT_SHOWN)))
