"""What every CI format shares: each diagnostic as ``Diagnostic.to_dict()``
plus ``path``, the file named the way the CI system names it (relative to the
git checkout, where the canton repository may be a subfolder), and the one
summary sentence. The diagnostics come from the one serialisation
(render/validation.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..check.engine import Summary
from ..lang import _, ngettext

if TYPE_CHECKING:
    from .validation import ValidationView


def located(view: ValidationView) -> list[dict[str, Any]]:
    """Every diagnostic's ``to_dict()`` with ``path`` = prefix + file, in report order."""
    return [{**e.fields, "path": e.path} for e in view.entries]


def summary_sentence(summary: Summary, strict: bool = False) -> str:
    """The one Spanish summary of a validation (every format writes this sentence
    or carries its numbers): «1 error y 2 advertencias en 2 archivos (9 archivos revisados)»."""
    checked = ngettext("{n} archivo revisado", "{n} archivos revisados", summary.files_checked).format(n=summary.files_checked)
    if not summary.errors and not summary.warnings:
        return _("sin problemas ({checked})").format(checked=checked)
    parts = []
    if summary.errors:
        parts.append(ngettext("{n} error", "{n} errores", summary.errors).format(n=summary.errors))
    if summary.warnings:
        parts.append(ngettext("{n} advertencia", "{n} advertencias", summary.warnings).format(n=summary.warnings))
    tail = "" if summary.failing(strict) or strict else _("; las advertencias no hacen fallar la validación (use --strict)")
    return _("{items} en {count} ({checked}){tail}").format(
        items=_(' y ').join(parts), count=ngettext('{n} archivo', '{n} archivos', summary.files_with_problems).format(n=summary.files_with_problems), checked=checked, tail=tail)


def summary_line(view: ValidationView) -> str:
    """One Spanish line for a CI log: «coprod: » and the summary."""
    return _("coprod: {summary_sentence}.").format(summary_sentence=summary_sentence(view.summary, view.strict))
