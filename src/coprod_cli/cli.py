"""The command line. The only module that prints or exits: everything below
it returns values, and this module turns them into output and exit codes.

Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from . import __version__
from .cli_i18n import install as _install_spanish
from .cli_i18n import usage_message

_install_spanish()

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="coprod",
    help=(
        "coprod: los acuerdos de coproducción de la seguridad de un cantón, como archivos YAML "
        "en un repositorio git, convertidos en revisiones e informes (Protocolo de articulación "
        "para la coproducción de la seguridad, CCCI Desamparados)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class UsageProblem(Exception):
    """A mistake on the command line or an input that cannot be read (exit 2)."""


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(message: str) -> NoReturn:
    raise UsageProblem(message)


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        _fail(f"valor no válido para «{option}»: «{value}»; use uno de: {', '.join(allowed)}")
    return value


def _version(value: bool) -> None:
    if value:
        print(f"coprod {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Muestra la versión y termina."),
) -> None:
    """coprod: acuerdos de coproducción de la seguridad como archivos, revisiones e informes."""


@app.command()
def validate(
    paths: Optional[list[Path]] = typer.Argument(
        None, help="Repositorio(s) de acuerdos, o archivos dentro de uno. Por defecto, la carpeta actual.", show_default=False
    ),
    format: str = typer.Option("text", "--format", "-f", help="Formato de salida: text (para personas) o json."),
    strict: bool = typer.Option(False, "--strict", help="Las advertencias también hacen fallar la validación."),
) -> None:
    """Revisa los archivos del repositorio: sintaxis, esquema y reglas entre archivos.

    Sale con 0 si no hay problemas, 1 si hay errores (o advertencias con
    --strict) y 2 si la ruta no es un repositorio o la orden está mal escrita.
    """
    fmt = _choice(format, ("text", "json"), "--format")
    from .check.engine import check_repository
    from .load.repository import RepositoryNotFound, find_root, load_repository

    targets = paths or [Path(".")]
    by_root: dict[Path, Optional[set[Path]]] = {}
    for p in targets:
        if not p.exists() and not p.is_symlink():
            _fail(f"no existe la ruta «{p}»")
        try:
            root = find_root(p)
        except RepositoryNotFound:
            from .edit.paths import NOT_A_REPOSITORY

            _fail(NOT_A_REPOSITORY.format(path=p))
        if p.is_dir() and p.resolve() == root:
            by_root[root] = None  # the whole repository
        elif by_root.get(root, set()) is not None:
            by_root.setdefault(root, set()).add(p.absolute())  # type: ignore[union-attr]

    results = []
    for root, only in by_root.items():
        result = check_repository(load_repository(root))
        if only is not None:
            wanted = {_rel_to(root, f) for f in only}
            result.diagnostics = [d for d in result.diagnostics if any(d.file == w or d.file.startswith(w + "/") for w in wanted)]
        results.append(result)

    if fmt == "json":
        from .render.diagnostics_json import to_json

        sys.stdout.write(to_json(results) + "\n")
    else:
        from .render.diagnostics_text import render_text

        render_text(results, _console(), strict=strict)
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    raise typer.Exit(EXIT_PROBLEMS if errors or (strict and warnings) else EXIT_OK)


def _rel_to(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix() if not path.is_symlink() else path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", help="text, json o markdown."),
    explain: Optional[str] = typer.Option(None, "--explain", help="Muestra la explicación completa de una regla (p. ej. CP501)."),
) -> None:
    """Lista todas las reglas: código, severidad, nombre y mensaje."""
    fmt = _choice(format, ("text", "json", "markdown"), "--format")
    from .check.registry import all_rules
    from .render.rules_table import rules_json, rules_markdown

    rule_list = all_rules()
    if explain:
        code = explain.upper()
        match = [r for r in rule_list if r.code == code]
        if not match:
            _fail(f"regla desconocida «{explain}»; vea la lista con «coprod rules»")
        r = match[0]
        console = _console()
        from rich.text import Text

        console.print(Text(f"{r.code} {r.name} ({r.severity.label})", style="bold"))
        console.print(Text(r.summary))
        console.print()
        console.print(Text(r.explanation))
        return
    if fmt == "json":
        sys.stdout.write(rules_json(rule_list) + "\n")
        return
    if fmt == "markdown":
        sys.stdout.write(rules_markdown(rule_list))
        return
    from rich.table import Table

    table = Table(title="Reglas de coprod", show_lines=False)
    table.add_column("Código", no_wrap=True)
    table.add_column("Severidad", no_wrap=True)
    table.add_column("Nombre", no_wrap=True)
    table.add_column("Mensaje")
    for r in rule_list:
        table.add_row(r.code, r.severity.label, r.name, r.summary)
    _console().print(table)


@app.command()
def schema(
    out: Path = typer.Option(Path("schemas"), "--out", "-o", help="Carpeta donde escribir los esquemas JSON."),
    check: bool = typer.Option(False, "--check", help="No escribe: sale con 1 si los esquemas de la carpeta están desactualizados."),
) -> None:
    """Escribe el esquema JSON de cada tipo de archivo (para editores como VS Code)."""
    from .schema_export import schema_texts, write_schemas

    if check:
        stale = [n for n, t in schema_texts().items() if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != t]
        if stale:
            _console(stderr=True).print(f"Esquemas desactualizados en {out}: {', '.join(stale)}. Ejecute «coprod schema --out {out}».")
            raise typer.Exit(EXIT_PROBLEMS)
        _console().print(f"Los esquemas de {out} están al día.")
        return
    for path in write_schemas(out):
        _console().print(f"escrito {path}")


# --- writing files: shared by init, new, progress and monitoring ---------------------------


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _int(value: Optional[str], option: str) -> Optional[int]:
    if value is None:
        return None
    text = value.strip()
    if not text.lstrip("-").isdigit():
        _fail(f"valor no válido para «{option}»: «{value}» no es un número entero")
    return int(text)


def _coprod_errors() -> Any:
    """A context that turns a CoprodError into the usage failure (exit 2)."""
    from contextlib import contextmanager

    from .errors import CoprodError

    @contextmanager
    def guard() -> Any:
        try:
            yield
        except CoprodError as exc:
            _fail(str(exc))

    return guard()


def _root_of(path: Path) -> Path:
    from .edit.paths import repository_root

    with _coprod_errors():
        return repository_root(path)


def _validation_summary(root: Path, focus: Optional[str] = None) -> None:
    """Re-check the repository after a write and say, in Spanish, whether it is still valid."""
    from collections import Counter

    from .check.engine import check_repository
    from .load.repository import load_repository

    result = check_repository(load_repository(root))
    console = _console()
    codes = Counter(d.code for d in result.diagnostics if d.severity.value == "warning")
    detail = ", ".join(f"{c}: {n}" for c, n in sorted(codes.items()))
    if result.errors == 0:
        if result.warnings:
            console.print(f"El repositorio es válido, con {result.warnings} advertencia(s) ({detail}); vea «coprod validate».")
        else:
            console.print("El repositorio es válido: sin errores ni advertencias.")
    else:
        console.print(
            f"[bold red]Atención:[/bold red] el repositorio tiene {result.errors} error(es); vea «coprod validate»."
        )
    if focus:
        mine = [d for d in result.diagnostics if d.file == focus]
        for d in mine[:5]:
            console.print(_escape(f"  {d.file}:{d.line}:{d.column} {d.severity.label} {d.code} {d.message}"))
        if len(mine) > 5:
            console.print(_escape(f"  … y {len(mine) - 5} más en «{focus}»."))


# --- coprod progress set / coprod monitoring set -------------------------------------------------

progress_app = typer.Typer(
    help="Avance de los acuerdos (sección 6 del Anexo 1).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(progress_app, name="progress")
monitoring_app = typer.Typer(
    help="Tabla de monitoreo de los acuerdos (sección 7 del Anexo 1).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(monitoring_app, name="monitoring")


def _path_and(args: list[str], names: list[str]) -> tuple[Path, list[str]]:
    """Split ``[RUTA] A B…`` into the repository path and the required arguments."""
    if len(args) == len(names):
        return Path("."), args
    if len(args) == len(names) + 1:
        return Path(args[0]), args[1:]
    if len(args) < len(names):
        _fail(f"falta el argumento «{names[len(args)]}»")
    _fail(f"sobran argumentos: {' '.join(args[len(names) + 1:])}")


def _edit_report(outcome: Any, root: Path) -> None:
    console = _console()
    if outcome.changed:
        console.print(_escape(f"Registrado en «{outcome.rel}»: {outcome.summary}."))
    else:
        console.print(_escape(f"Sin cambios: «{outcome.rel}» ya decía {outcome.summary}."))
    _validation_summary(root, outcome.rel)


@progress_app.command("set")
def progress_set(
    args: list[str] = typer.Argument(..., metavar="[RUTA] ACUERDO", help="Repositorio (por defecto, la carpeta actual) e id del acuerdo.", show_default=False),
    month: str = typer.Option(..., "--month", help="Mes del cronograma, AAAA-MM.", show_default=False),
    level: str = typer.Option(..., "--level", help="Nivel: 0, 25, 50, 75 o 100.", show_default=False),
    subactivity: Optional[str] = typer.Option(None, "--subactivity", help="Número de la subactividad de ese mes (1, 2, …).", show_default=False),
    note: Optional[str] = typer.Option(None, "--note", help="Nota sobre el avance.", show_default=False),
) -> None:
    """Registra el avance de un mes en el archivo del acuerdo; cambia solo ese valor."""
    from .edit.agreement import set_progress

    path, (ident,) = _path_and(args, ["ACUERDO"])
    root = _root_of(path)
    sub = _int(subactivity, "--subactivity")
    if sub is not None and sub < 1:
        _fail("valor no válido para «--subactivity»: las subactividades se numeran desde 1")
    with _coprod_errors():
        outcome = set_progress(root, ident, month, level, sub, note)
    _edit_report(outcome, root)


@monitoring_app.command("set")
def monitoring_set(
    args: list[str] = typer.Argument(..., metavar="[RUTA] ACUERDO CRITERIO si|no", help="Repositorio (opcional), id del acuerdo, criterio (clave o número 1-14) y respuesta.", show_default=False),
    note: Optional[str] = typer.Option(None, "--note", help="Observaciones.", show_default=False),
) -> None:
    """Registra un criterio de la tabla de monitoreo (sí/no con observaciones)."""
    from .edit.agreement import set_monitoring

    path, (ident, criterion, answer) = _path_and(args, ["ACUERDO", "CRITERIO", "RESPUESTA"])
    root = _root_of(path)
    with _coprod_errors():
        outcome = set_monitoring(root, ident, criterion, answer, note)
    _edit_report(outcome, root)


def main(argv: Optional[list[str]] = None) -> NoReturn:
    """Entry point: runs the app and turns every failure into a Spanish message and an exit code."""
    from typer._click import exceptions as cx

    err = _console(stderr=True)
    try:
        code = app(args=argv, prog_name="coprod", standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into a silent exit code 130
            err.print("Cancelado.")
    except UsageProblem as exc:
        from rich.text import Text

        err.print(Text("error: ", style="bold red") + Text(str(exc)))
        code = EXIT_USAGE
    except cx.NoArgsIsHelpError as exc:
        # Why: with rich help, building the exception already printed the help
        # (its message is then empty); plain click help comes back as text.
        if exc.message.strip():
            print(exc.message)
        code = EXIT_OK
    except cx.UsageError as exc:
        from rich.text import Text

        err.print(Text("error: ", style="bold red") + Text(usage_message(exc)))
        if exc.ctx is not None:
            err.print(Text(f"Vea «{exc.ctx.command_path} --help».", style="dim"))
        code = EXIT_USAGE
    except typer.Abort:  # Ctrl-C or Ctrl-D at a question
        err.print("Cancelado.")
        code = 130
    except KeyboardInterrupt:
        err.print("Cancelado.")
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a traceback must never reach the user
        from rich.text import Text

        err.print(
            Text("error interno de coprod: ", style="bold red")
            + Text(f"{type(exc).__name__}. Por favor informe este fallo con la orden que lo produjo.")
        )
        code = 70
    sys.exit(code if isinstance(code, int) else EXIT_OK)
