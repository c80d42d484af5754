"""Value types shared by every file kind: slugs, months, levels, texts.

Each custom check raises a ``PydanticCustomError`` with its own ``type`` so the
diagnostics layer maps errors by type, never by pydantic's English wording.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict, StrictInt, StringConstraints
from pydantic_core import PydanticCustomError, core_schema

from ..errors import CoprodError
from ..lang import N_, _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")

#: The years coprod accepts anywhere: a month of a term, a schedule or
#: progress, an annual plan, a strategy's period, ``--year`` or ``--as-of``.
#: Why one window: the coproduction strategies run for a few years around now,
#: a month like 0001-01 or 9999-12 is a typo, and a term or schedule from one
#: to the other would make a report thousands of years wide (SECURITY.md).
YEAR_MIN, YEAR_MAX = 1990, 2100
YEAR_WINDOW = f"{YEAR_MIN} a {YEAR_MAX}"


def in_year_window(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def check_year(year: int | None, shown: str, example: str = "") -> int:
    """``year`` when it is in the window; else (None too: no number) a CoprodError
    ««shown» no es un año de 1990 a 2100»."""
    if year is None or not in_year_window(year):
        raise CoprodError(_("«{shown}» no es un año de {YEAR_WINDOW}{example}").format(shown=shown, YEAR_WINDOW=year_window(), example=example))
    return year


class MonthError(ValueError):
    """A text that is not a month coprod accepts; ``reason`` says why, in Spanish."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text)
        self.reason = reason


NOT_A_MONTH = N_("no es un mes con la forma AAAA-MM (por ejemplo 2015-07)")
OUT_OF_WINDOW = f"está fuera de los años que coprod acepta ({YEAR_WINDOW})"  # Spanish; out_of_window() in the language in use


def year_window() -> str:
    """«1990 a 2100» in the language in use."""
    return _("{first} a {last}").format(first=YEAR_MIN, last=YEAR_MAX)


def out_of_window() -> str:
    """«está fuera de los años que coprod acepta (1990 a 2100)» in the language in use."""
    return _("está fuera de los años que coprod acepta ({window})").format(window=year_window())

#: The protocol's month abbreviations (``JUL-15``), shown in the language in use.
MESES_CORTOS = (N_("ENE"), N_("FEB"), N_("MAR"), N_("ABR"), N_("MAY"), N_("JUN"), N_("JUL"), N_("AGO"), N_("SET"), N_("OCT"), N_("NOV"), N_("DIC"))


class Month:
    """A calendar month, written ``AAAA-MM`` in the files (e.g. ``2015-07``)."""

    # Why ``index`` is kept and every comparison written out: the figures of
    # 10 000 agreements compare months millions of times (total_ordering's
    # derived ``<=`` cost two calls and a property each time).
    __slots__ = ("year", "month", "index")

    def __init__(self, year: int, month: int) -> None:
        if not 1 <= month <= 12:
            raise ValueError(month)
        self.year = year
        self.month = month
        self.index = year * 12 + month - 1

    @classmethod
    def parse(cls, text: str) -> Month:
        """``AAAA-MM`` with a year in the window; else ``MonthError`` (a ValueError)."""
        m = MONTH_RE.match(text)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise MonthError(text, _(NOT_A_MONTH))
        if not in_year_window(int(m.group(1))):
            raise MonthError(text, out_of_window())
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def argument(cls, text: str, shown: str) -> Month:
        """A month given by a person (an option, a prompt): ``parse``, or a CoprodError
        «{shown} {reason}» (``shown`` names the value, e.g. «--as-of 2015-13»: el mes)."""
        try:
            return cls.parse(text.strip())
        except MonthError as exc:
            raise CoprodError(_("{shown} {reason}").format(shown=shown, reason=exc.reason)) from None

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __sub__(self, other: Month) -> int:
        return self.index - other.index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Month) and self.index == other.index

    def __lt__(self, other: Month) -> bool:
        return self.index < other.index

    def __le__(self, other: Month) -> bool:
        return self.index <= other.index

    def __gt__(self, other: Month) -> bool:
        return self.index > other.index

    def __ge__(self, other: Month) -> bool:
        return self.index >= other.index

    def __hash__(self) -> int:
        return hash(self.index)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"Month({self})"

    @property
    def short_label(self) -> str:
        """The protocol's own label, e.g. ``JUL-15``."""
        return f"{_(MESES_CORTOS[self.month - 1])}-{self.year % 100:02d}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Month:
            if isinstance(value, Month):
                return value
            if not isinstance(value, str):
                raise PydanticCustomError(
                    "month_format", _("se esperaba un mes con la forma AAAA-MM, entre comillas o no (por ejemplo 2015-07)")
                )
            try:
                return cls.parse(value.strip())
            except MonthError as exc:
                raise PydanticCustomError("month_format", "«{value}» " + exc.reason, {"value": value}) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^(199\d|20\d\d|2100)-(0[1-9]|1[0-2])$",
            "description": f"Mes con la forma AAAA-MM, por ejemplo 2015-07, de {YEAR_WINDOW}.",
        }


def current_month(today: dt.date | None = None) -> Month:
    """The calendar's month: the default ``--as-of`` and the date of the dated rules.

    Why here, below check and compute: both need it. Callers look it up on this
    module at call time (``types.current_month()``), so the tests' fixed month
    (tests/conftest.py patches this name) reaches every one of them.
    """
    today = today or dt.date.today()
    return Month(today.year, today.month)


def _date_in_window(value: dt.date) -> dt.date:
    if not in_year_window(value.year):
        raise PydanticCustomError("date_window", _("la fecha {value} ") + out_of_window(), {"value": value.isoformat()})
    return value


#: A day, written ``AAAA-MM-DD`` (e.g. ``2015-07-14``), in the same years as every month.
Fecha = Annotated[dt.date, AfterValidator(_date_in_window)]


def _strict_str(value: Any) -> Any:
    # Why: YAML turns `no`, `12` or `2015-07-01` into other types; a text field
    # must say so instead of silently storing "False" or "12".
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", _("se esperaba un texto"))
    return value


def _phone(value: Any) -> Any:
    # Why: a phone written without quotes (22001234) is a number for YAML.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _strict_str(value)


#: The longest name or title (an actor, a territory, an axis, the canton, a
#: person, an agreement's title). Why a limit: a name is printed wherever it is
#: referred to (every report's header, each sheet naming an actor, each alert),
#: so a 500 KB name referred to a thousand times would be a 500 MB report.
#: Real names are under 120 characters. Free texts (objectives, descriptions,
#: notes) have no limit but the file's: each is printed where it is written.
NAME_MAX = 200
Nombre = Annotated[str, StringConstraints(strict=True, max_length=NAME_MAX)]
#: An e-mail address is at most 254 characters (RFC 5321), a phone number far less.
EMAIL_MAX, PHONE_MAX = 254, 40
Telefono = Annotated[str, BeforeValidator(_phone), StringConstraints(max_length=PHONE_MAX)]
# Why strict and in pydantic-core (not Python validators): these two types are
# checked tens of thousands of times in a national repository.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]


class Ref:
    """Marks an id field with what it names: ``Ref("actor")`` on a reference to
    an actor, ``Ref("actor", defines=True)`` on the actor's own id. Messages
    use it to give an example of the right kind and to suggest from the
    targets (check/targets.py); it changes nothing in validation or schemas."""

    __slots__ = ("kind", "defines")

    def __init__(self, kind: str, defines: bool = False) -> None:
        self.kind = kind
        self.defines = defines

    def __repr__(self) -> str:
        return f"Ref({self.kind!r}{', defines=True' if self.defines else ''})"


#: For each kind of id: what it names, where such ids are declared, an example.
REF_KINDS: dict[str, tuple[str, str, str]] = {
    "actor": (N_("un actor"), N_("en «actores.yaml»"), "imas"),
    "eje": (N_("un eje"), N_("en «canton.yaml» (estrategia.ejes)"), "desarrollo-local"),
    "territorio": (N_("un territorio"), N_("en «canton.yaml» (territorios)"), "san-miguel"),
    "acuerdo": (N_("un acuerdo"), N_("en «acuerdos/» (el nombre de cada archivo)"), "imas-ina-mapeo-familias"),
    "indicador": (N_("un indicador"), N_("en el plan anual (indicadores)"), "familias-identificadas"),
}

ActorId = Annotated[Slug, Ref("actor")]
EjeId = Annotated[Slug, Ref("eje")]
TerritorioId = Annotated[Slug, Ref("territorio")]
AcuerdoId = Annotated[Slug, Ref("acuerdo")]
IndicadorId = Annotated[Slug, Ref("indicador")]
Texto = Annotated[str, Strict()]
# An e-mail address: one @, no spaces, a dot in the domain. Why not
# email-validator: it costs ~0.13 ms a value in Python; this runs in
# pydantic-core and catches the mistakes people make when typing.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
Correo = Annotated[str, StringConstraints(strict=True, pattern=EMAIL_PATTERN, max_length=EMAIL_MAX)]
Entero = StrictInt
#: A year (an annual plan, a strategy's period), in the one window of years.
Anio = Annotated[StrictInt, Field(ge=YEAR_MIN, le=YEAR_MAX)]

#: The protocol's five levels (footnote 13), with their names (Spanish; ``_(NIVELES[n])`` where shown).
NIVELES: dict[int, str] = {
    100: N_("cumplida"),
    75: N_("muy avanzada"),
    50: N_("avanzada"),
    25: N_("algo avanzada"),
    0: N_("sin avance"),
}


#: A progress level. The JSON schema lists the five levels, so that an editor
#: flags 30 as it is typed; the model itself accepts any whole number, so that
#: a wrong level is reported by CP205 at its place and the rest of the
#: agreement still counts.
NivelAvance = Annotated[StrictInt, Field(json_schema_extra={"enum": sorted(NIVELES)})]


def answer_word(value: Any) -> str | None:
    """«si» or «no» for the protocol's Sí/No however written (``sí``, ``SI``, a
    YAML 1.1 boolean); None for anything else."""
    # Why: `no` is a boolean for YAML 1.1 parsers (PyYAML, many editors);
    # accept both spellings of the protocol's Sí/No.
    if value is True:
        return "si"
    if value is False:
        return "no"
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("si", "sí"):
            return "si"
        if v == "no":
            return "no"
    return None


def _answer(value: Any) -> Any:
    word = answer_word(value)
    if word is None:
        raise PydanticCustomError("answer_value", _("la respuesta debe ser «sí» o «no»"))
    return word


Respuesta = Annotated[str, BeforeValidator(_answer)]


def has_text(value: Any) -> bool:
    """True when a field carries content (not None, not blank, not an empty list)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return any(has_text(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


#: A measured or targeted quantity (an indicator's baseline, target and
#: measurements; an agreement's quantitative goal and what it reached). The
#: schema says number, so an editor flags «cuatrocientos» as it is typed; the
#: model accepts anything, like ``NivelAvance``, so that a value that is not a
#: finite number is reported by CP405 at its place, shown as invalid by the
#: figures, and the rest of the plan or agreement still counts.
Valor = Annotated[Any, Field(json_schema_extra={"type": "number"})]

_NUMBER_TEXT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*%?\s*$")
#: «1.500» or «1,500»: one thousand five hundred in Costa Rica, one and a half elsewhere.
_AMBIGUOUS = re.compile(r"\s*[+-]?\d{1,3}[.,]\d{3}\s*%?\s*")


def ambiguous_number(text: str) -> bool:
    """Whether ``text`` is a number whose separator could be of thousands or of decimals: never guessed."""
    return _AMBIGUOUS.fullmatch(text) is not None


def number_of(value: Any) -> float | None:
    """``value`` as a finite number, or None (a text, a boolean, NaN, infinity, nothing)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        f = float(value)
    except OverflowError:  # a whole number of hundreds of digits
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def legacy_point(value: Any) -> Any:
    """A baseline or target written as before, as one text or number (``meta: "450"``,
    ``linea_base: "5 %"``, ``meta: 6``), read as ``{valor: …}``; anything else is left to the model."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return {"valor": value}
    if isinstance(value, str):
        m = _NUMBER_TEXT.match(value)
        if m is None:  # «450 familias», «bajar la deserción»: kept as an invalid value (CP405 at its place),
            return {"valor": value}  # so the rest of the plan (groups, meetings, planned agreements) still loads
        if ambiguous_number(value):
            return {"valor": value}  # an invalid value (CP405), never a silent guess
        n = m.group(1).replace(",", ".")
        return {"valor": float(n) if "." in n else int(n)}
    return value


def _poi_state(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == "pendiente":
        return "pendiente"
    word = answer_word(value)
    if word is None:
        raise PydanticCustomError("answer_value", _("el estado debe ser «sí», «no» o «pendiente»"))
    return word


#: Whether an institution's POI reflects a commitment: «sí», «no» or «pendiente» (``si`` and YAML booleans read too).
EstadoPOI = Annotated[str, BeforeValidator(_poi_state), Field(json_schema_extra={"enum": ["sí", "si", "no", "pendiente"]})]
