"""The Jinja environment of one format: filters, pictures and links.

coprod's own templates are trusted code and render in a plain environment;
when the repository has templates of its own, every template renders in
the bounded sandbox (report/bounds.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from ..i18n import date_long, month_long, number, pct
from ..lang import N_, _, language, translations
from ..model.types import NIVELES, Month
from ..render.figures_text import level_label
from ..render.markdown import md_escape_br as md_escape
from ..render.safe import plain_lines
from . import svg
from .bounds import BoundedSandbox
from .jobs import file_name, titles
from .sources import SourceLoader, TemplateSources, template_sources
from .views import AgreementView, ReportContext
from .views.session_types import ASISTENCIA, ASISTENCIA_LETRA

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
#: Pictures that grow with the repository are drawn only while they stay readable;
#: the tables beside them carry the same data at any size.
MAX_PICTURE_ROWS = 300
MAX_MATRIX_COLUMNS = 60
#: The Gantt chart's month columns: every month from the first scheduled one to
#: the last while they are this many or fewer, else only the scheduled months;
#: no chart past it (the schedule's table carries the same data). Why: a chart's
#: size must follow what the file lists, not the distance between two months.
MAX_GANTT_MONTHS = 60
#: The mark printed on every page (a margin box of the print CSS) and at the top of the screen view.
INTERNAL_MARK = N_("Uso interno — contiene datos personales")
PUBLIC_MARK = N_("Informe público")


def gantt_months(scheduled: Iterable[Month]) -> list[Month]:
    """The columns of an agreement's Gantt chart (empty: no chart); see MAX_GANTT_MONTHS."""
    months = sorted(set(scheduled))
    if not months:
        return []
    span = months[-1] - months[0] + 1
    if span <= MAX_GANTT_MONTHS:
        return svg.months_between(months[0], months[-1])
    return months if len(months) <= MAX_GANTT_MONTHS else []


def _textbar(value: float | None, width: int = 10) -> str:
    if value is None:
        return "·" * width
    filled = int(round(max(0.0, min(100.0, value)) * width / 100))
    return "█" * filled + "░" * (width - filled)


def css_string(value: Any) -> Markup:
    """Text as a quoted CSS string for a `content:` in a <style>: every character but
    ASCII letters and digits as a six-digit escape (\\HHHHHH), so nothing in the text
    can end the string, the rule or the <style> element. Markup is read as its text."""
    text = value.striptags() if isinstance(value, Markup) else str(value)
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06X}" for ch in text)
    return Markup(f'"{body}"')


def page_numbers() -> Markup:
    """The print CSS ``content`` of the page-number box in the language in use:
    «Página {page} de {pages}» as CSS strings around ``counter(page)`` and ``counter(pages)``."""
    parts = re.split(r"(\{page\}|\{pages\})", _("Página {page} de {pages}"))
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(" ".join(counters[p] if p in counters else str(css_string(p)) for p in parts if p))


def html_text(value: Any) -> Any:
    """Control characters in user text shown as escapes (autoescape then handles the markup)."""
    return plain_lines(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def gettext_callables(finalize: Callable[[Any], Any], html: bool) -> dict[str, Callable[..., Any]]:
    """The templates' ``gettext``/``ngettext`` (``_`` calls ``gettext``): the template's own words
    translated and left as they are written, like literal template text (Markup: the Markdown
    finalizer does not escape them), each %-variable passed through the format's finalizer and
    escaped, as ``{{ value }}`` would be. Always %-formatted, as Jinja's newstyle gettext: a
    literal percent sign inside ``_()`` is written ``%%``. ``_t`` is for a word inside an expression."""

    def prepare(value: Any) -> Any:
        shown = finalize(value)
        return escape(shown) if html else Markup(shown)

    def gettext(message: str, **variables: Any) -> Markup:
        text = translations().gettext(message)
        if not variables and "%" not in text:  # most words of a template: no formatting to do
            return Markup(text)
        return Markup(text) % {k: prepare(v) for k, v in variables.items()}

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(translations().ngettext(singular, plural, num)) % {k: prepare(v) for k, v in variables.items()}

    def text(message: str) -> str:
        """A word inside an expression (``_t("Meta")``): plain text, escaped where it is shown, as a string literal was."""
        return translations().gettext(message)

    # ``_`` is ``gettext`` itself, not Jinja's alias that looks it up and calls it (two sandboxed calls per word).
    return {"gettext": gettext, "_": gettext, "ngettext": ngettext, "_t": text}


def _filters(loc: str) -> dict[str, Callable[..., Any]]:
    """The filters every template may use, numbers and dates in the canton's locale."""

    def f_pct(value: float | None) -> str:
        return pct(value, locale=loc)

    def f_month(value: Month | None) -> str:
        return month_long(value, loc) if value is not None else "—"

    def f_date(value: dt.date | None) -> str:
        return date_long(value, loc) if value is not None else "—"

    def f_number(value: float | None, decimals: int = 1) -> str:
        """A quantity in the canton's locale, its decimals only when it has them: «450», «12,4», «—» for none."""
        if value is None:
            return "—"
        return number(value, 0 if float(value).is_integer() else decimals, loc)

    def f_figure(value: float | None, mark: str | None = None) -> str:
        """A percentage and, when an invalid value is behind it, its mark: «7,1 % (dato inválido, ver CP205)»."""
        return pct(value, locale=loc) + (f" ({mark})" if mark else "")

    return dict(
        pct=f_pct,
        number=f_number,
        figure=f_figure,
        month=f_month,
        date=f_date,
        short=lambda m: m.short_label,
        level_name=lambda n: _(NIVELES[n]) if n in NIVELES else ("" if n is not None else _("sin informe")),
        level_label=lambda n: level_label(n, loc),
        textbar=_textbar,
        bar=lambda v, label="": svg.bar(v, loc, label=label),
        md=md_escape,
        css_string=css_string,
    )


def _gantt(a: AgreementView, loc: str) -> Markup:
    """An agreement's schedule coloured by level (empty past MAX_PICTURE_ROWS or MAX_GANTT_MONTHS)."""
    columns = gantt_months([m.month for m in a.months])
    if not columns or len(a.commitments) > MAX_PICTURE_ROWS:
        return Markup("")
    rows = []
    for c in a.commitments:
        label = c.month.short_label + (f" · {c.subactivity}. " if c.subactivity else " · ") + (c.description or _("sin actividad descrita"))
        rows.append((label, c.month, c.level, c.state, c.invalid_mark or ""))
    return svg.gantt(rows, columns, loc, _("Cronograma de {title}, coloreado por nivel de avance").format(title=a.title))


def heatmap(c: ReportContext) -> Markup:
    if len(c.agreements) > MAX_PICTURE_ROWS:
        return Markup("")
    return svg.heatmap([a.id for a in c.agreements], [[x.met for x in a.criteria] for a in c.agreements], _("Mapa de calor: acuerdos por criterio de monitoreo"))


def actor_matrix(c: ReportContext) -> Markup:
    if len(c.agreements) > MAX_MATRIX_COLUMNS:
        return Markup("")
    actors = [x for x in c.actors if x.participation]
    return svg.matrix(
        [x.label for x in actors],
        [a.id for a in c.agreements],
        [[x.role_in(a.id) for a in c.agreements] for x in actors],
        _("Matriz de actores por acuerdo (E encargado, C colaborador, S sociedad civil, R corresponsable)"),
    )


def _globals(fmt: str, ctx: ReportContext) -> dict[str, Any]:
    """The pictures, links and tables every template may use."""

    def gantt(a: AgreementView) -> Markup:
        return _gantt(a, ctx.locale)

    def link(key: str, agreement: AgreementView | None = None) -> str:
        return file_name(key, ctx, fmt, agreement)

    return dict(
        gantt=gantt,
        heatmap=heatmap,
        actor_matrix=actor_matrix,
        link=link,
        titles=titles(),
        max_picture_rows=MAX_PICTURE_ROWS,
        max_matrix_columns=MAX_MATRIX_COLUMNS,
        level_colours=svg.LEVEL_COLOURS,
        level_text=svg.LEVEL_TEXT,
        invalid_colour=svg.INVALID,
        attendance_letters=ASISTENCIA_LETRA,
        attendance_labels=ASISTENCIA,
        INTERNAL_MARK=_(INTERNAL_MARK),
        PUBLIC_MARK=_(PUBLIC_MARK),
        report_lang=language(),
        page_numbers=page_numbers,
    )


def environment(repo_root: Path, fmt: str, ctx: ReportContext, sources: TemplateSources | None = None) -> Environment:
    """The Jinja environment for one format: coprod's templates, or the repository's own (sandboxed)."""
    if sources is None:
        sources = template_sources(repo_root, BUILTIN)
    # Why: the sandbox checks every attribute access (~2x slower rendering).
    # Templates from the repository may come from any pull request: when the
    # repository has one, every template renders sandboxed (and bounded:
    # report/bounds.py); coprod's own templates alone are trusted code.
    env_class = BoundedSandbox if sources.own else Environment
    env = env_class(
        loader=SourceLoader(sources),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape if fmt == "md" else html_text,
        extensions=["jinja2.ext.i18n"],
    )
    # Every word of a report in the language in use (lang.py): {{ _("…") }}, {% trans %}.
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(gettext_callables(env.finalize or (lambda v: v), fmt == "html"))
    env.filters.update(_filters(ctx.locale))
    env.globals.update(_globals(fmt, ctx))
    return env


def precompile_builtin(env: Environment, name: str, sources: TemplateSources) -> None:
    """Compile coprod's own template ``name`` and the own ones it extends or includes (trusted code,
    cached by ``env``) before a report's deadline starts: a sandboxed run bounds each report's time,
    and compiling coprod's templates is not the report's. A repository's template is left alone
    (compiled under its deadline)."""
    if name in sources.own or name not in sources.sources:
        return
    env.get_template(name)
    for ref in _REFERENCED.findall(sources.sources[name][0]):
        if ref != name:
            precompile_builtin(env, ref, sources)


#: The templates a template names: {% extends/include/import/from "…" %}.
_REFERENCED = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
