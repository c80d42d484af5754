"""Rules on personal data (CP6xx).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import codes
from ...load.repository import Document, Repository
from ...model.personal import NOT_SHOWN, contacts_in
from ...problems import Problem
from .common import agreements, at

_CONTACT_KINDS = {"email": "un correo electrónico", "phone": "un número de teléfono"}

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
    docs: list[Document[Any] | None] = [repo.canton, repo.actores]
    docs += [d for d, _ in repo.valid_plans()] + [d for d, _ in agreements(repo)] + [d for d, _ in repo.valid_sessions()]
    for doc in docs:
        if doc is None or doc.model is None:
            continue
        for path, kinds in contacts_in(doc.model):
            what = " y ".join(_CONTACT_KINDS[k] for k in sorted(kinds))
            field = next((str(step) for step in reversed(path) if isinstance(step, str)), "texto")
            yield at(codes.CP601,
                doc.source,
                path,
                f"«{field}» tiene {what} escrito{'s' if len(kinds) > 1 else ''} en el texto: los datos de contacto van solo en «correo» y «telefono» "
                f"de una persona, que nunca se publican; bórrelo del texto ({NOT_SHOWN})",
            )
