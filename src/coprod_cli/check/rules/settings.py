"""Rules on the repository's own settings in canton.yaml (CP508).
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...lang import _
from ...load.repository import Repository
from ...model.suggest import Suggestions
from ...problems import Problem
from .common import at


def rule_config(repo: Repository) -> Iterator[Problem]:
    """`reglas` en `canton.yaml` cambia la severidad de una regla o la
    desactiva. Las reglas de lectura y de esquema (CP0xx, CP1xx) no se pueden
    cambiar: sin ellas el archivo no se puede leer.

    Incorrecto (CP310 no existe: la regla es CP301; CP101 es de esquema):

        reglas:
          CP310: desactivada
          CP101: advertencia

    Correcto:

        reglas:
          CP301: desactivada
          CP208: error
    """
    if not repo.canton or not repo.manifest:
        return
    hints = Suggestions(codes.CATALOGUE).for_file()
    for code in repo.manifest.reglas:
        r = codes.CATALOGUE.get(code)
        if r is None:
            yield at(codes.CP508, repo.canton.source, ("reglas", code), _("regla desconocida «{code}»{hints}").format(code=code, hints=hints(code)), "key")
        elif not r.configurable:
            yield at(codes.CP508, repo.canton.source, ("reglas", code), _("la regla {code} ({name}) no se puede cambiar").format(code=code, name=r.name), "key")
