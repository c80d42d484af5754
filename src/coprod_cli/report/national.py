"""The national report (`coprod report PATH...` over many cantons): one public
page of the national roll-up, in HTML, Markdown and PDF (docs/nacional.md).

Only coprod's own templates (templates/reports/nacional.*.j2): a canton's
``templates/`` folder is never used here, since one canton's template must not
shape the report of all. Public by construction: the roll-up holds counts,
canton names, provinces and axis names only (compute/national.py), never a
person. Canton text is data: autoescaped in HTML, escaped in Markdown.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..compute.national import National
from ..i18n import month_long, number, pct
from ..lang import _, language, translations
from ..render.markdown import md_escape_br
from ..render.national_text import national_locale, on_track, province_name
from . import svg
from .environment import BUILTIN, css_string, html_text, page_numbers

#: The report's file name, without its extension.
NAME = "nacional"
TEMPLATES = {"html": "reports/nacional.html.j2", "md": "reports/nacional.md.j2"}


def title() -> str:
    return _("Cifras nacionales de la coproducción de la seguridad")


def environment(fmt: str, loc: str) -> Environment:
    """coprod's built-in templates only (trusted code), autoescaped in HTML, escaped in Markdown."""
    env = Environment(
        loader=FileSystemLoader(str(BUILTIN)),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape_br if fmt == "md" else html_text,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        pct=lambda v: pct(v, locale=loc),
        number=lambda v: number(v, 0, loc) if v is not None else "—",
        month=lambda m: month_long(m, loc),
        bar=lambda v, label="": svg.bar(v, loc, label=label),
        css_string=css_string,
        md=md_escape_br,
        folder=lambda p: Path(str(p)).name or str(p),
    )
    env.globals.update(
        province_name=province_name, on_track=on_track, report_title=title(), public_mark=_("Informe público"),
        # The page-number box in the language in use, as base.html.j2 sets it for every other report.
        report_lang=language(), page_numbers=page_numbers,
    )
    return env


def render_national(n: National, fmt: str) -> str:
    """The national report in ``html`` or ``md``."""
    env = environment(fmt, national_locale(n))
    return env.get_template(TEMPLATES[fmt]).render(n=n)
