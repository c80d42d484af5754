"""The Anexo 1 sheet as a Word document to sign (the ``docx`` extra). Owner: issue 16 (DOCX)."""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import CoprodError
from ..lang import N_, _

NEED_DOCX = N_('Para escribir documentos de Word instale el extra: pip install "coprod[docx]"')


def require_docx() -> Any:
    """The ``docxtpl`` module, or a Spanish ``CoprodError`` (exit 2) saying how to install it."""
    try:
        return importlib.import_module("docxtpl")
    except ImportError:
        raise CoprodError(_(NEED_DOCX)) from None
