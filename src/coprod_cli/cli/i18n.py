"""Spanish for every word typer and its bundled click print themselves.

How each kind of text is made Spanish, never by matching English wording:

* typer marks its own strings with gettext (``typer.core``, ``typer.rich_utils``:
  «Options», «[default: {}]», «Missing command.»…). coprod ships a Spanish
  catalogue for them (``locale/es/LC_MESSAGES/coprod.po``, compiled to
  ``coprod.mo``; a test checks the compiled file is fresh) and installs its
  ``gettext`` as those modules' ``_``, whatever the system's language (most
  secretaries run Windows, where no LANG says «es»).
* The click that typer 0.29 bundles (``typer._click``) has no gettext: its
  messages are built in place. Its errors are exception classes with their
  data (the option, the parameter, the possibilities), and coprod writes the
  sentence from the data (``usage_message``). The two errors click only
  gives as text, an unknown command and extra arguments, are raised here
  instead, with their data (``resolve_command`` and ``parse_args``).
* A value typer cannot convert (``--year abc``) is a pydantic error: mapped by
  its ``type`` (``pydantic_message``), never by its English ``msg``.
* Help: the help option's text, the usage line («Uso: coprod [OPCIONES]
  COMANDO…») and the type shown beside each option («TEXTO», «NÚMERO»,
  «RUTA»; nothing for a flag) instead of Python's type names.

Every sentence and word written here is a msgid of coprod's catalogue
(``_``/``N_``, lang.py): in English (``--lang en``) the same data give
«unknown option "--stric"; did you mean "--strict"?», «Usage:», «PATH»;
typer's own words are then left as typer writes them.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import typer.core as typer_core
import typer.rich_utils as ru
from typer._click import core as click_core
from typer._click import exceptions as cx
from typer._click import formatting as click_formatting

from ..lang import N_, _

HELP_TEXT = N_("Muestra esta ayuda y termina.")
OPTIONS_METAVAR = N_("[OPCIONES]")
SUBCOMMAND_METAVAR = N_("COMANDO [ARGUMENTOS]...")
USAGE_PREFIX = N_("Uso: ")
#: The compiled catalogue (``pybabel compile -d src/coprod_cli/locale -D coprod``).
CATALOGUE = Path(__file__).parent.parent / "locale" / "es" / "LC_MESSAGES" / "coprod.mo"

#: typer.rich_utils strings computed with gettext when typer was imported.
_RICH_STRINGS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)


def translation() -> gettext.NullTranslations:
    """coprod's Spanish catalogue (no catalogue: the strings as they are)."""
    try:
        with CATALOGUE.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except OSError:  # pragma: no cover - the package always ships it (tests/test_cli_spanish.py)
        return gettext.NullTranslations()


class UnknownCommand(cx.UsageError):
    """A command name that the group does not have."""

    def __init__(self, name: str, choices: list[str], ctx: Any) -> None:
        super().__init__("", ctx)
        self.name = name
        self.choices = choices


class ExtraArguments(cx.UsageError):
    """Arguments left over after a command took the ones it has."""

    def __init__(self, extra: list[str], ctx: Any) -> None:
        super().__init__("", ctx)
        self.extra = extra


def install() -> None:
    if getattr(install, "_done", False):
        return
    install._done = True  # type: ignore[attr-defined]
    from ..lang import language

    # typer's own words (English in typer): Spanish from locale/es, or as they are in English.
    es = translation() if language() == "es" else gettext.NullTranslations()
    typer_core._ = es.gettext
    ru._ = es.gettext
    for name in _RICH_STRINGS:
        setattr(ru, name, es.gettext(getattr(ru, name)))

    _install_help()
    _install_commands()


def _install_help() -> None:
    """The help option's text, «Uso:», the types beside each option, in Spanish."""
    original_help = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        opt = original_help(self, ctx)
        if opt is not None:
            opt.help = _(HELP_TEXT)
        return opt

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    write_usage = click_formatting.HelpFormatter.write_usage

    def spanish_usage(self: Any, prog: str, args: str = "", prefix: Any = None) -> None:
        write_usage(self, prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    click_formatting.HelpFormatter.write_usage = spanish_usage  # type: ignore[method-assign]

    for cls in (typer_core.TyperCommand, typer_core.TyperGroup):
        _spanish_metavars(cls)
    _spanish_argument_names(typer_core.TyperArgument)

    def display_type(self: Any, ctx: Any) -> str | None:
        return _display_type(self)

    typer_core._TyperParameter.display_type = display_type  # type: ignore[method-assign, assignment]


def _install_commands() -> None:
    """An unknown command and extra arguments raised with their data (usage_message writes the sentence)."""
    resolve = typer_core.TyperGroup.resolve_command

    def resolve_command(self: Any, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not ctx.resilient_parsing and not name.startswith("-"):
            found = self.get_command(ctx, name)
            if found is None and ctx.token_normalize_func is not None:
                found = self.get_command(ctx, ctx.token_normalize_func(name))
            if found is None:
                raise UnknownCommand(name, sorted(self.list_commands(ctx)), ctx)
        return resolve(self, ctx, args)

    typer_core.TyperGroup.resolve_command = resolve_command  # type: ignore[method-assign]

    parse_args = click_core.Command.parse_args

    def parse_args_spanish(self: Any, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # the extra arguments come back as data, not as an English sentence
        try:
            rest = parse_args(self, ctx, args)
        except cx.UsageError as exc:
            if exc.ctx is None:  # the parser raises without it: the message needs the command's options
                exc.ctx = ctx
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(list(rest), ctx)
        return rest

    click_core.Command.parse_args = parse_args_spanish  # type: ignore[method-assign]


def _spanish_metavars(cls: Any) -> None:
    init = cls.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if getattr(self, "options_metavar", None):
            self.options_metavar = _(OPTIONS_METAVAR)
        if getattr(self, "subcommand_metavar", None):
            self.subcommand_metavar = _(SUBCOMMAND_METAVAR)

    cls.__init__ = __init__


#: The name shown for an argument (usage line, help, «falta el argumento…»)
#: when the command gives none: coprod's parameter names are English identifiers.
ARGUMENT_NAMES = {"path": N_("RUTA"), "paths": N_("RUTA"), "directory": N_("CARPETA"), "base": N_("BASE"), "head": N_("LLEGADA")}


def _spanish_argument_names(cls: Any) -> None:
    init = cls.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if self.metavar is None and self.name:
            self.metavar = _(ARGUMENT_NAMES[self.name]) if self.name in ARGUMENT_NAMES else self.name.upper()

    cls.__init__ = __init__


_TYPE_WORDS = {int: N_("NÚMERO"), float: N_("NÚMERO"), str: N_("TEXTO"), Path: N_("RUTA")}


def _display_type(param: Any) -> str | None:
    """The kind of value a parameter takes, in Spanish: nothing for a flag,
    nor for an argument (its name says it: RUTA, CARPETA)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False) or param.param_type_name == "argument":
        return None
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices)
    if desc.is_path:
        return _("RUTA")
    annotation = desc.annotation
    if desc.is_list:
        args = getattr(annotation, "__args__", None) or (str,)
        annotation = args[0]
    return _(_TYPE_WORDS.get(annotation, N_("VALOR")))


# --- usage errors -------------------------------------------------------------------


def quote(value: str) -> str:
    """A value as the message quotes it: «value» in Spanish."""
    return _("«{value}»").format(value=value)


def _quoted(values: list[str]) -> str:
    shown = [quote(v) for v in values]
    return shown[0] if len(shown) == 1 else _("{items} y {last}").format(items=", ".join(shown[:-1]), last=shown[-1])


def _param_name(param: Any, fallback: str | None = None) -> str:
    if param is None:
        return fallback or "?"
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    return param.opts[0] if param.opts else (fallback or "?")


def _option(ctx: Any, name: str) -> Any:
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", []) if command is not None else []:
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None


def usage_message(exc: Exception) -> str:
    """A Spanish sentence for a command-line usage error, from its data."""
    from ..model.suggest import suggest

    if isinstance(exc, UnknownCommand):
        hint = suggest(exc.name, exc.choices)
        return _("comando desconocido «{name}»{hint}").format(name=exc.name, hint=hint or _("; use uno de: {items}").format(items=", ".join(exc.choices)))
    if isinstance(exc, ExtraArguments):
        if len(exc.extra) == 1:
            return _("sobra el argumento {extra}").format(extra=_quoted(exc.extra))
        return _("sobran los argumentos {extra}").format(extra=_quoted(exc.extra))
    if isinstance(exc, cx.NoSuchOption):
        hint = ""
        if exc.possibilities:
            hint = _("; ¿quiso decir {options}?").format(options=_(" o ").join(quote(p) for p in sorted(exc.possibilities)))
        return _("opción desconocida «{option}»{hint}").format(option=exc.option_name, hint=hint)
    if isinstance(exc, cx.MissingParameter):
        if exc.param is not None and exc.param.param_type_name == "argument":
            return _("falta el argumento «{name}»").format(name=_param_name(exc.param))
        return _("falta la opción «{name}»").format(name=_param_name(exc.param))
    if isinstance(exc, cx.BadParameter):
        name = _param_name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None)
        cause = exc.__cause__
        reason = pydantic_message(cause) if cause is not None and hasattr(cause, "errors") else exc.message
        return _("valor no válido para «{name}»: {reason}").format(name=name, reason=reason)
    if isinstance(exc, cx.BadOptionUsage):
        option = _option(exc.ctx, exc.option_name)
        if option is not None and (getattr(option, "is_flag", False) or getattr(option, "count", False)):
            return _("la opción «{option}» no lleva valor").format(option=exc.option_name)
        return _("la opción «{option}» necesita un valor").format(option=exc.option_name)
    if isinstance(exc, cx.BadArgumentUsage):
        return _("un argumento tiene más o menos valores de los que lleva")
    if isinstance(exc, cx.UsageError):
        cause = exc.__cause__
        if cause is not None and hasattr(cause, "errors"):
            return pydantic_message(cause)
        return exc.message  # typer's own, through the catalogue («falta el comando»)
    return str(exc)


#: What a value must be, by pydantic error type (typer converts options with pydantic).
_PYDANTIC_EXPECTED = {
    "int_parsing": N_("un número entero"),
    "int_type": N_("un número entero"),
    "int_from_float": N_("un número entero"),
    "float_parsing": N_("un número"),
    "float_type": N_("un número"),
    "bool_parsing": N_("sí o no (true o false)"),
    "bool_type": N_("sí o no (true o false)"),
    "string_type": N_("un texto"),
    "date_parsing": N_("una fecha AAAA-MM-DD"),
    "date_from_datetime_parsing": N_("una fecha AAAA-MM-DD"),
    "datetime_parsing": N_("una fecha AAAA-MM-DD"),
    "path_type": N_("una ruta"),
}


def pydantic_message(error: Any) -> str:
    """A pydantic validation error in Spanish, by each error's ``type``."""
    parts = []
    for e in error.errors(include_url=False):
        value = e.get("input")
        shown = quote(value) if isinstance(value, str) else _("el valor")
        etype = e.get("type", "")
        ctx = e.get("ctx") or {}
        if etype == "literal_error":
            parts.append(_("{shown} no es uno de los valores permitidos ({expected})").format(shown=shown, expected=ctx.get("expected", "")).replace("'", ""))
        elif etype in ("greater_than_equal", "greater_than"):
            parts.append(_("{shown} debe ser {limit} o más").format(shown=shown, limit=ctx.get("ge", ctx.get("gt"))))
        elif etype in ("less_than_equal", "less_than"):
            parts.append(_("{shown} debe ser {limit} o menos").format(shown=shown, limit=ctx.get("le", ctx.get("lt"))))
        elif etype in _PYDANTIC_EXPECTED:
            parts.append(_("{shown} no es {expected}").format(shown=shown, expected=_(_PYDANTIC_EXPECTED[etype])))
        else:
            parts.append(_("{shown} no es un valor válido").format(shown=shown))
    return "; ".join(parts) or _("valor no válido")
