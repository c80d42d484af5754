"""HTML reports to A4 PDF with WeasyPrint (the ``pdf`` extra). Owner: issue 16 (PDF engine).

Why WeasyPrint: it implements CSS paged media (named pages, margin boxes,
``counter(pages)``), needs no browser, and every resource it would load goes
through one function we give it. The HTML it converts is the output of the
report templates, and a repository's own templates come from pull requests:
their HTML may point at ``file:///etc/passwd``, at a file of the repository,
at ``http://…`` (through ``<img>``, ``<link>``, ``@import``, ``url()``,
``@font-face``, ``<object>``, ``<embed>``, ``<link rel=attachment>``…). So:

* no base URL, and a URL fetcher that refuses EVERY URL (``file:``, ``http:``,
  ``https:``, ``data:``…): nothing from outside the HTML text reaches the PDF
  and no request leaves the machine (the same rule as the reports'
  Content-Security-Policy, ``default-src 'none'``; coprod's templates need
  no URL: styles are inline, pictures are inline SVG);
* links are kept only to another report (turned into its ``.pdf``), to an
  anchor of the document, or to ``http(s):``/``mailto:``; attachments are dropped;
* the metadata is ours (title, language ``es``, «coprod»), never the
  template's (no author, keywords, description or dates).

A failure inside WeasyPrint is a Spanish ``CoprodError`` naming the report
(exit 1), never a traceback.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

from ..errors import EXIT_PROBLEMS, CoprodError
from ..lang import N_, _

NEED_WEASYPRINT = N_(
    'Para escribir PDF instale el extra: pip install "coprod[pdf]" '
    "(en Windows y macOS WeasyPrint necesita además la biblioteca Pango: vea docs/papel.md). "
    "Mientras tanto, abra el informe HTML en su navegador e imprímalo en PDF (Ctrl+P): está hecho para A4."
)

#: Link schemes a PDF may keep (a click opens the browser or the mail program, nothing is loaded).
KEPT_SCHEMES = ("http://", "https://", "mailto:")
#: What fills the PDF's «Creator» field.
GENERATOR = "coprod"


def require_engine() -> Any:
    """The ``weasyprint`` module, or a Spanish ``CoprodError`` (exit 2) saying how to install it."""
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError):  # OSError: WeasyPrint is there but Pango is not (Windows, macOS)
        raise CoprodError(_(NEED_WEASYPRINT)) from None


def refusing_fetcher(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that loads nothing; ``.refused`` lists what was asked for."""

    class RefusingFetcher(weasyprint.urls.URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.refused.append(url)
            raise ValueError("coprod no carga recursos externos en un PDF")

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:  # urllib's entry point, refused too
            return self.fetch(str(getattr(url, "full_url", url)))

    return RefusingFetcher()


@contextmanager
def quiet_engine() -> Iterator[None]:
    """WeasyPrint's log (English, and a refused URL is expected) stays out of the user's terminal."""
    loggers = [logging.getLogger(n) for n in ("weasyprint", "weasyprint.progress", "fontTools")]
    saved = [(lg.propagate, lg.level, lg.handlers[:]) for lg in loggers]
    for lg in loggers:
        lg.propagate, lg.handlers = False, [logging.NullHandler()]
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, (propagate, level, handlers) in zip(loggers, saved, strict=True):
            lg.propagate, lg.handlers = propagate, handlers
            lg.setLevel(level)


def engine_failure(report: str, exc: BaseException) -> CoprodError:
    detail = _("se quedó sin memoria") if isinstance(exc, MemoryError) else _("error interno de WeasyPrint: {name}").format(name=type(exc).__name__)
    if isinstance(exc, RecursionError):
        detail = _("el HTML está anidado demasiado hondo")
    return CoprodError(
        _(
            "no se pudo convertir el informe «{report}» a PDF ({detail}). Ningún PDF quedó a medias. "
            "Si el repositorio tiene plantillas propias (templates/reports/), pruebe sin ellas; "
            "si no, abra el informe HTML en el navegador e imprímalo en PDF (Ctrl+P)."
        ).format(report=report, detail=detail),
        EXIT_PROBLEMS,
    )


def render_document(html: str, report: str, title: str, links: Mapping[str, str]) -> Any:
    """The laid-out WeasyPrint document of ``html``: nothing fetched, our metadata, safe links.

    ``links`` maps a report's HTML file name to its PDF file name (``index.html`` → ``index.pdf``).
    """
    weasyprint = require_engine()
    try:
        with quiet_engine():
            document = weasyprint.HTML(string=html, base_url=None, url_fetcher=refusing_fetcher(weasyprint)).render()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - any failure of the engine is said in Spanish
        raise engine_failure(report, exc) from None
    set_metadata(document, weasyprint, title)
    for page in document.pages:
        page.links[:] = [kept for link in page.links if (kept := safe_link(link, links)) is not None]
    return document


def set_metadata(document: Any, weasyprint: Any, title: str) -> None:
    """Replace whatever the template's <title>, <meta> and <link rel=attachment> said."""
    document.metadata = weasyprint.document.DocumentMetadata(title=title, lang="es", generator=GENERATOR)


def safe_link(link: tuple[Any, ...], links: Mapping[str, str]) -> tuple[Any, ...] | None:
    """The link as the PDF keeps it, or None to drop it (see the module's docstring)."""
    kind, target, *rest = link
    if kind == "internal":
        return link
    if kind != "external" or not isinstance(target, str):
        return None  # an attachment, or anything new
    name = unquote(target)  # WeasyPrint percent-encodes a name with accents
    if name in links:
        return (kind, links[name], *rest)
    return link if target.lower().startswith(KEPT_SCHEMES) else None


def document_pdf(document: Any, report: str) -> bytes:
    """The PDF bytes of a laid-out document (the same Spanish error as the layout on failure)."""
    try:
        with quiet_engine():
            data = document.write_pdf()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001
        raise engine_failure(report, exc) from None
    assert isinstance(data, bytes)
    return data


def html_to_pdf(html: str, report: str, title: str, links: Mapping[str, str] | None = None) -> bytes:
    """``html`` as A4 PDF bytes (the page size and margins are the HTML's print CSS)."""
    return document_pdf(render_document(html, report, title, links or {}), report)


def combine(sections: list[tuple[str, str, Any]], title: str, report: str) -> bytes:
    """One PDF of several documents, in order; ``sections`` are ``(file name, title, document)``.

    Each section gets a first-level bookmark (its own headings nest under it)
    and a link to another section's file becomes a jump inside the PDF.
    """
    weasyprint = require_engine()
    anchors = {name: f"coprod-seccion-{i}" for i, (name, _, _) in enumerate(sections)}
    pages: list[Any] = []
    for name, label, document in sections:
        first = document.pages[0]
        for page in document.pages:
            page.bookmarks[:] = [(level + 1, *rest) for level, *rest in page.bookmarks]
            page.links[:] = [
                ("internal", anchors[target], *rest) if kind == "external" and target in anchors else (kind, target, *rest)
                for kind, target, *rest in page.links
            ]
        first.bookmarks.insert(0, (1, label, (0, 0), "open"))
        first.anchors[anchors[name]] = (0, 0, 0, 0)
        pages += document.pages
    combined = sections[0][2].copy(pages)
    set_metadata(combined, weasyprint, title)
    return document_pdf(combined, report)
