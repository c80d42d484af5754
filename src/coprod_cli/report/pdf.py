"""HTML reports to A4 PDF with WeasyPrint (the ``pdf`` extra). Owner: issue 16 (PDF engine)."""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import CoprodError

NEED_WEASYPRINT = (
    'Para escribir PDF instale el extra: pip install "coprod[pdf]" '
    "(en Windows y macOS WeasyPrint necesita además la biblioteca Pango: vea docs/papel.md). "
    "Mientras tanto, abra el informe HTML en su navegador e imprímalo en PDF (Ctrl+P): está hecho para A4."
)


def require_engine() -> Any:
    """The ``weasyprint`` module, or a Spanish ``CoprodError`` (exit 2) saying how to install it."""
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError):  # OSError: WeasyPrint is there but Pango is not (Windows, macOS)
        raise CoprodError(NEED_WEASYPRINT) from None
