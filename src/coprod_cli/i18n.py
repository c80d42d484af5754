"""Spanish numbers and dates through Babel (CLDR data), per country.

Why Babel: month names, decimal and grouping separators differ between
es_CR, es_MX, es_CL and es_CO; CLDR has them right, a hand-written table
would not.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache, lru_cache

from .model.types import Month

LOCALES = {"CR": "es_CR", "MX": "es_MX", "CL": "es_CL", "CO": "es_CO"}
DEFAULT_LOCALE = "es_CR"


def locale_for(country: str | None) -> str:
    return LOCALES.get((country or "").upper(), DEFAULT_LOCALE if not country else "es")


@cache
def _fmt_decimal(locale: str, decimals: int):  # pragma: no cover - tiny wrapper
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return lambda x: format_decimal(x, format=pattern, locale=locale)


@lru_cache(maxsize=65536)
def number(x: float, decimals: int = 1, locale: str = DEFAULT_LOCALE) -> str:
    """37.5 → "37,5" (es_CR); halves round up (81.25 → "81,3"), as people expect.

    Cached: reports format the same few figures (0, 25, 50 %…) thousands of times.
    """
    with localcontext() as ctx:  # a huge but finite value (1e308) has 309 digits: quantize needs them all
        ctx.prec = 400
        q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return _fmt_decimal(locale, decimals)(q)


def pct(x: float | None, decimals: int = 1, locale: str = DEFAULT_LOCALE, empty: str = "—") -> str:
    """62.5 → "62,5 %"; None → "—". Rounded only here, for display."""
    if x is None:
        return empty
    return f"{number(x, decimals, locale)}\u00a0%"


@lru_cache(maxsize=4096)
def month_long(m: Month, locale: str = DEFAULT_LOCALE) -> str:
    """2015-07 → "julio de 2015"."""
    from babel.dates import format_date

    return format_date(dt.date(m.year, m.month, 1), "MMMM 'de' y", locale=locale)


@lru_cache(maxsize=4096)
def date_long(d: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """2015-06-24 → "24 de junio de 2015"."""
    from babel.dates import format_date

    return format_date(d, "d 'de' MMMM 'de' y", locale=locale)


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»: a count with its noun (Spanish: singular only for 1)."""
    return f"{n} {one if n == 1 else many}"
