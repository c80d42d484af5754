"""One agreement's Anexo 1 sheet as Word bytes: docxtpl over python-docx, in
Jinja's sandbox with autoescape (SECURITY.md, «Plantillas de Word»).

* A template is code: every template (coprod's and the repository's) renders
  in ``BoundedSandbox`` (report/bounds.py), a ``SandboxedEnvironment`` with
  ``*``/``**`` bounded, ``StrictUndefined`` (a misspelt name is an error, not
  a blank) and ``autoescape=True``, which docxtpl applies to every value: a
  text from YAML is Word text, it cannot open or close an XML element. A
  repository's template also renders under a deadline.
* The document says nothing of who or when it was made: its core properties
  (author, last modified by, dates, revision) are set here from the report,
  never kept from the template (Word writes its user's name there), and the
  zip's dates are fixed, so the same repository and month give the same bytes;
  the template's comments, tracked changes and editors are taken out (report/docx_clean.py).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from ..errors import EXIT_PROBLEMS, CoprodError
from ..lang import _, language
from .docx_clean import clean_package
from .docx_default import TITLE
from .docx_source import DocxSource, DocxTemplateRefused
from .docx_zip import UnsafeDocx, check_relationships, normalized_zip

#: How long a repository's template may take to write one sheet (coprod's own: about 0.1 s).
SHEET_SECONDS = 10.0


class DocxRenderError(CoprodError):
    """A Word template failed to render (exit 1). ``str()`` is Spanish."""

    exit_code = EXIT_PROBLEMS


def open_template(source: DocxSource) -> Any:
    """A docxtpl template over ``source``'s bytes, its relationships checked."""
    from .worddoc import require_docx

    tpl = require_docx().DocxTemplate(BytesIO(source.data))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises what its parsers raise: one Spanish message for any
        raise DocxTemplateRefused(_("no es un documento de Word (.docx) que se pueda abrir ({name})").format(name=type(exc).__name__)) from None
    try:
        check_relationships(tpl.docx)
    except UnsafeDocx as exc:
        raise DocxTemplateRefused(str(exc)) from None
    return tpl


def _environment() -> Any:
    from jinja2 import StrictUndefined

    from .bounds import BoundedSandbox

    return BoundedSandbox(autoescape=True, undefined=StrictUndefined)


def _render(tpl: Any, context: dict[str, Any], source: DocxSource, deadline: Any) -> None:
    from .bounds import describe

    try:
        if deadline is not None:
            with deadline.armed(SHEET_SECONDS):
                tpl.render(context, jinja_env=_environment(), autoescape=True)
        else:
            tpl.render(context, jinja_env=_environment(), autoescape=True)
    except (KeyboardInterrupt, CoprodError):
        raise
    except Exception as exc:
        reason = describe(exc) if not _broken_xml(exc) else _("produjo un documento de Word roto (¿una etiqueta {% %} partida por el formato de Word?)")
        raise DocxRenderError(
            _(
                "{template} no se pudo usar para la ficha del acuerdo «{id}»: {reason}. "
                "Corrija la plantilla (vea «Ficha en Word para firmar» en docs/papel.md) o bórrela para usar la de coprod. "
                "No se escribió esa ficha."
            ).format(template=_named(source), id=context["a"]["id"], reason=reason)
        ) from None


def _named(source: DocxSource) -> str:
    return _("La plantilla «{name}»").format(name=source.name) if source.own else source.name[:1].upper() + source.name[1:]


def _broken_xml(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("lxml")


def _properties(tpl: Any, context: dict[str, Any], when: dt.datetime) -> None:
    """The document's properties, from the report only (nothing of the template's author or dates)."""
    props = tpl.docx.core_properties
    props.author = context["municipio"] or "coprod"
    props.last_modified_by = "coprod"
    props.title = _("Ficha del acuerdo: {title}").format(title=context["a"]["titulo"])
    props.subject = _(TITLE)
    props.identifier = context["a"]["id"]
    props.language = language()
    for name in ("comments", "keywords", "category", "content_status", "version"):
        setattr(props, name, "")
    props.created = props.modified = when
    if props.last_printed is not None:
        props.last_printed = when
    props.revision = 1


def render_sheet(source: DocxSource, context: dict[str, Any], when: dt.datetime, deadline: Any = None) -> bytes:
    """The .docx bytes of one agreement's sheet; ``deadline`` (a bounds.Watchdog) for a repository's template."""
    tpl = open_template(source)
    _render(tpl, context, source, deadline if source.own else None)
    _properties(tpl, context, when)
    # Comments, tracked changes, company and manager of the template's editors; and its thumbnail
    # (a picture of the template's first page would show the template, not this sheet).
    clean_package(tpl.docx)
    buf = BytesIO()
    try:
        tpl.save(buf)
    except Exception as exc:
        raise DocxRenderError(_("{template} produjo un documento de Word que no se pudo guardar ({name}).").format(template=_named(source), name=type(exc).__name__)) from None
    return normalized_zip(buf.getvalue())
