"""Spanish for the few words typer and its bundled click print themselves.

Why: every word a secretary reads must be Spanish, and typer offers no
translation catalogue; its panel titles are module constants and its usage
errors are exception classes we can format ourselves.
"""

from __future__ import annotations

from typing import Any

import typer.rich_utils as ru
from typer._click import core as click_core
from typer._click import exceptions as cx
from typer._click import formatting as click_formatting

HELP_TEXT = "Muestra esta ayuda y termina."


def install() -> None:
    ru.ARGUMENTS_PANEL_TITLE = "Argumentos"
    ru.OPTIONS_PANEL_TITLE = "Opciones"
    ru.COMMANDS_PANEL_TITLE = "Comandos"
    ru.ERRORS_PANEL_TITLE = "Error"
    ru.ABORTED_TEXT = "Cancelado."
    ru.DEFAULT_STRING = "[por defecto: {}]"
    ru.REQUIRED_LONG_STRING = "[obligatorio]"
    ru.ENVVAR_STRING = "[variable de entorno: {}]"
    ru.RICH_HELP = "Pruebe [blue]'{command_path} {help_option}'[/] para ver la ayuda."

    if not getattr(click_core.Command.get_help_option, "_coprod", False):
        original = click_core.Command.get_help_option

        def get_help_option(self: Any, ctx: Any) -> Any:
            opt = original(self, ctx)
            if opt is not None:
                opt.help = HELP_TEXT
            return opt

        get_help_option._coprod = True  # type: ignore[attr-defined]
        click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    if not getattr(click_formatting.HelpFormatter.write_usage, "_coprod", False):
        write_usage = click_formatting.HelpFormatter.write_usage

        def spanish_usage(self: Any, prog: str, args: str = "", prefix: Any = None) -> None:
            write_usage(self, prog, args, "Uso: " if prefix is None else prefix)

        spanish_usage._coprod = True  # type: ignore[attr-defined]
        click_formatting.HelpFormatter.write_usage = spanish_usage  # type: ignore[method-assign]


def usage_message(exc: Exception) -> str:
    """A Spanish sentence for a command-line usage error."""
    if isinstance(exc, cx.NoSuchOption):
        hint = ""
        if exc.possibilities:
            hint = f"; ¿quiso decir {' o '.join('«' + p + '»' for p in sorted(exc.possibilities))}?"
        return f"opción desconocida «{exc.option_name}»{hint}"
    if isinstance(exc, cx.MissingParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else "?"
        kind = "el argumento" if exc.param is not None and exc.param.param_type_name == "argument" else "la opción"
        if kind == "el argumento":
            name = getattr(exc.param, "metavar", None) or name.upper()
        return f"falta {kind} «{name}»"
    if isinstance(exc, cx.BadParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else (exc.param_hint or "?")
        return f"valor no válido para «{name}»: {exc.message}"
    if isinstance(exc, cx.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"la opción «{exc.option_name}» necesita un valor"
        if "does not take a value" in exc.message:
            return f"la opción «{exc.option_name}» no lleva valor"
        return f"uso incorrecto de «{exc.option_name}»"
    if isinstance(exc, cx.UsageError):
        msg = exc.message
        if msg.startswith("No such command"):
            return f"comando desconocido {msg.split(' ', 3)[-1].rstrip('.')}"
        if msg.startswith("Got unexpected extra argument"):
            return "sobran argumentos: " + msg.split("(", 1)[-1].rstrip(")")
        return msg
    return str(exc)
