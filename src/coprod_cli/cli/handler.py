"""The one place where a failure becomes a Spanish message and an exit code.

* A CoprodError (errors.py): the user's mistake or a refused request; its
  message, and its code (1 or 2).
* A usage error of typer/click: rebuilt in Spanish from its data (cli/i18n.py), exit 2.
* A failing machine (a full disk, no permission): a Spanish message, exit 2.
* Ctrl-C: «Cancelado.», exit 130.
* Anything else is a bug in coprod: exit 70 with a Spanish message saying so
  and how to report it; with ``COPROD_DEBUG=1`` the traceback follows.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer
from rich.text import Text

from .. import __version__
from ..errors import EXIT_CANCELLED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, CoprodError
from ..lang import N_, _
from ..render.safe import plain
from .common import console
from .i18n import usage_message

#: The environment variable that adds the traceback to an internal error.
DEBUG_VARIABLE = "COPROD_DEBUG"
#: Where a bug is reported (README: «Códigos de salida»).
BUG_REPORT = N_(
    "algo falló dentro de coprod, no en sus archivos: es un error del programa. Por favor informe este fallo "
    "a quien mantiene coprod con la orden que lo produjo y la versión («coprod --version»: {version}); "
    "con la variable de entorno {debug}=1 coprod muestra además el detalle técnico para el informe."
)


def _error(message: str) -> Text:
    return Text("error: ", style="bold red") + Text(plain(message))


def run_guarded(run: Callable[[], Any]) -> int:
    """Run the application and turn every outcome into an exit code (printing what the user must read)."""
    from typer._click import exceptions as cx

    err = console(stderr=True)
    try:
        code = run()
        if code == EXIT_CANCELLED:  # typer turns Ctrl-C into a silent exit code 130
            err.print(_("Cancelado."))
    except CoprodError as exc:
        err.print(_error(str(exc)))
        code = exc.exit_code
    except cx.NoArgsIsHelpError as exc:
        # Why: with rich help, building the exception already printed the help
        # (its message is then empty); plain click help comes back as text.
        if exc.message.strip():
            print(exc.message)
        code = EXIT_OK
    except cx.UsageError as exc:
        err.print(_error(usage_message(exc)))
        if exc.ctx is not None:
            err.print(Text(_("Vea «{command_path} --help».").format(command_path=exc.ctx.command_path), style="dim"))
        code = EXIT_USAGE
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C, or Ctrl-D at a question
        err.print(_("Cancelado."))
        code = EXIT_CANCELLED
    except BrokenPipeError:
        code = EXIT_OK
    except OSError as exc:  # the machine, not coprod: a full disk, a read-only folder, no permission…
        err.print(_machine_failure(exc))
        code = EXIT_USAGE
    except Exception:  # noqa: BLE001 - a traceback reaches the user only when asked for
        _internal_error(err)
        code = EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def _machine_failure(exc: OSError) -> Text:
    from ..fsutil import os_error_es, shown_path

    where = f" «{plain(shown_path(exc.filename))}»" if exc.filename else _(" un archivo")
    return Text("error: ", style="bold red") + Text(
        _("no se pudo leer o escribir{where}: {reason}. Corrija eso y repita la orden.").format(where=where, reason=os_error_es(exc, writing=False))
    )


def _internal_error(err: Any) -> None:
    """A bug: never a traceback on its own (it names Python's classes, not the user's files)."""
    err.print(
        Text(_("error interno de coprod: "), style="bold red")
        + Text(_(BUG_REPORT).format(version=__version__, debug=DEBUG_VARIABLE))
    )
    if os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0"):
        sys.stderr.write(traceback.format_exc())
