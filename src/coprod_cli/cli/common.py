"""What every command shares: the consoles, refusing a value, the options parsed
the same way everywhere (a month, an integer, a path), and the progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from ..errors import EXIT_USAGE, CoprodError
from ..lang import _

#: One context setting for the application and every group: «-h» is help too.
CONTEXT = {"help_option_names": ["-h", "--help"]}


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    # Why emoji=False: «:bomb:» in a file name would print an emoji; every
    # interpolated value goes through escape (markup) or rich.text.Text.
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def escape(text: str) -> str:
    """User text for ``console.print``: control characters shown, markup not interpreted."""
    from rich.markup import escape as markup_escape

    from ..render.safe import plain

    return markup_escape(plain(text))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Stop the command with a Spanish message (cli/handler.py prints it)."""
    raise CoprodError(message, code)


def path_arg(path: Path, what: str | None = None) -> Path:
    """A path from the command line; refused when it carries control characters."""
    from ..pipeline.inputs import check_path

    return check_path(path, what or _("la ruta"))


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        fail(_("valor no válido para «{option}»: «{value}»; use uno de: {items}").format(option=option, value=value, items=', '.join(allowed)))
    return value


def int_option(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not text.lstrip("-").isdigit():
        fail(_("valor no válido para «{option}»: «{value}» no es un número entero").format(option=option, value=value))
    return int(text)


def parse_month(value: str | None) -> Any:
    """``--as-of AAAA-MM``, or the current month."""
    from ..model import types
    from ..model.types import Month

    if value is None:
        return types.current_month()
    return Month.argument(value, _("«--as-of {value}»: el mes").format(value=value))


#: A progress bar appears only for work this large (about a second or more).
PROGRESS_MIN_FILES = 800


@contextmanager
def progress(label: str, enabled: bool = True) -> Iterator[Any]:
    """A callback ``(done, total)`` that drives a rich progress bar on stderr,
    shown only on a terminal and only for large repositories."""
    err = console(stderr=True)
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if total < PROGRESS_MIN_FILES:
                return
            if task is None:
                task = bar.add_task(label, total=total)
            bar.update(task, completed=done)

        yield update


def root_of(path: Path) -> Path:
    """The agreements repository holding ``path`` (for the commands that write)."""
    from ..edit.paths import repository_root

    path_arg(path)
    return repository_root(path)


def validation_summary(root: Path, focus: str | None = None) -> None:
    """Re-check the repository after a write and say, in Spanish, whether it is still valid."""
    from collections import Counter

    from ..pipeline import recheck

    result = recheck(root)
    out = console()
    codes = Counter(d.code for d in result.diagnostics if d.severity.value == "warning")
    detail = ", ".join(f"{c}: {n}" for c, n in sorted(codes.items()))
    if result.errors == 0:
        if result.warnings:
            out.print(escape(_("El repositorio es válido, con {warnings} advertencia(s) ({detail}); vea «coprod validate».").format(warnings=result.warnings, detail=detail)))
        else:
            out.print(_("El repositorio es válido: sin errores ni advertencias."))
    else:
        out.print(_("[bold red]Atención:[/bold red] el repositorio tiene {errors} error(es); vea «coprod validate».").format(errors=result.errors))
    if focus:
        mine = [d for d in result.diagnostics if d.file == focus]
        for d in mine[:5]:
            out.print(escape(f"  {d.file}:{d.line}:{d.column} {d.severity.label} {d.code} {d.message}"))
        if len(mine) > 5:
            out.print(escape(_("  … y {n} más en «{focus}».").format(n=len(mine) - 5, focus=focus)))
