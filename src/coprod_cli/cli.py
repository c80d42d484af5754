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


VALIDATE_FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


def _validate_format(value: Optional[str]) -> str:
    """--format, or "auto": github inside GitHub Actions, text elsewhere."""
    import os

    if value is None or value == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return _choice(value, VALIDATE_FORMATS, "--format")


@app.command()
def validate(
    paths: Optional[list[Path]] = typer.Argument(
        None, help="Repositorio(s) de acuerdos, o archivos dentro de uno. Por defecto, la carpeta actual.", show_default=False
    ),
    format: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        help=(
            "Formato de salida: text (para personas), json, github (anotaciones de GitHub Actions), "
            "sarif, junit o gitlab (Code Quality). Por defecto text, o github si GITHUB_ACTIONS=true."
        ),
        show_default=False,
    ),
    strict: bool = typer.Option(False, "--strict", help="Las advertencias también hacen fallar la validación."),
    changed_since: Optional[str] = typer.Option(
        None,
        "--changed-since",
        metavar="REV",
        help="Informa solo de los archivos cambiados desde la revisión git REV y de los que los nombran.",
    ),
) -> None:
    """Revisa los archivos del repositorio: sintaxis, esquema y reglas entre archivos.

    Sale con 0 si no hay problemas, 1 si hay errores (o advertencias con
    --strict) y 2 si la ruta no es un repositorio o la orden está mal escrita.
    """
    fmt = _validate_format(format)
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
            _fail(f"«{p}» no está dentro de un repositorio de acuerdos (falta «canton.yaml»)")
        if p.is_dir() and p.resolve() == root:
            by_root[root] = None  # the whole repository
        elif by_root.get(root, set()) is not None:
            by_root.setdefault(root, set()).add(p.absolute())  # type: ignore[union-attr]

    results = []
    for root, only in by_root.items():
        repo = load_repository(root)
        result = check_repository(repo)
        if only is not None:
            # Files outside the repository's layout (a README, .pre-commit-config.yaml) match nothing.
            result.restrict(_rel_to(root, f) for f in only)
        if changed_since is not None:
            from .check.scope import affected_files
            from .gitrepo import GitError, changed_paths

            try:
                changed = changed_paths(root, changed_since)
            except GitError as exc:
                _fail(str(exc))
            affected = affected_files(repo, changed)
            if affected is not None:
                result.restrict(affected)
        results.append(result)

    if fmt == "text":
        from .render.diagnostics_text import render_text

        render_text(results, _console(), strict=strict)
    else:
        sys.stdout.write(_render_validation(fmt, results, strict))
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    raise typer.Exit(EXIT_PROBLEMS if errors or (strict and warnings) else EXIT_OK)


def _render_validation(fmt: str, results: list[Any], strict: bool) -> str:
    """The machine formats of `coprod validate`, each from its module in render/."""
    if fmt == "json":
        from .render.diagnostics_json import to_json

        return to_json(results) + "\n"
    from .gitrepo import workspace_prefix

    prefixes = {r.repo.root: workspace_prefix(r.repo.root) for r in results}
    if fmt == "github":
        from .render.ci_github import render_github

        return render_github(results, prefixes)
    if fmt == "sarif":
        from .check.registry import all_rules
        from .render.ci_sarif import to_sarif

        return to_sarif(results, all_rules(), prefixes) + "\n"
    if fmt == "junit":
        from .render.ci_junit import to_junit

        return to_junit(results, prefixes, strict=strict)
    from .render.ci_gitlab import to_gitlab

    return to_gitlab(results, prefixes) + "\n"


def _rel_to(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix() if not path.is_symlink() else path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _as_of(value: Optional[str]) -> Any:
    from .compute.figures import current_month
    from .model.types import Month

    if value is None:
        return current_month()
    try:
        return Month.parse(value.strip())
    except ValueError:
        _fail(f"«--as-of {value}»: el mes debe tener la forma AAAA-MM (por ejemplo 2015-09)")


def _load_one(path: Path) -> Any:
    from .load.repository import RepositoryNotFound, find_root, load_repository

    if not path.exists():
        _fail(f"no existe la ruta «{path}»")
    try:
        return load_repository(find_root(path))
    except RepositoryNotFound:
        _fail(f"«{path}» no está dentro de un repositorio de acuerdos (falta «canton.yaml»)")


@app.command()
def status(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
    format: str = typer.Option("text", "--format", "-f", help="text (tablero para personas) o json."),
) -> None:
    """Tablero: lista de 14 criterios y avance de cada acuerdo, alertas, totales y agregados.

    Las cifras se calculan al mes de corte (--as-of) para que un informe de una
    sesión pasada se pueda reproducir. Las definiciones están en docs/cifras.md.
    """
    fmt = _choice(format, ("text", "json"), "--format")
    month = _as_of(as_of)
    repo = _load_one(path)
    from .check.engine import check_repository
    from .compute.figures import compute
    from .i18n import locale_for

    checked = check_repository(repo)
    problems = {"errors": checked.errors, "warnings": checked.warnings}
    fig = compute(repo, month)
    if fmt == "json":
        from .render.status_json import to_json

        sys.stdout.write(to_json(fig, problems) + "\n")
        return
    from .render.status_text import render_status

    manifest = repo.manifest
    render_status(fig, _console(), locale_for(manifest.pais if manifest else None), problems)


@app.command()
def report(
    path: Path = typer.Argument(Path("."), help="El repositorio de acuerdos. Por defecto, la carpeta actual."),
    out: Path = typer.Option(Path("informes"), "--out", "-o", help="Carpeta donde escribir los informes."),
    format: str = typer.Option("both", "--format", "-f", help="html, md o both (los dos)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM (por defecto, el mes actual)."),
    public: bool = typer.Option(False, "--public", help="Versión pública: sin nombres, correos ni teléfonos de personas."),
    only: Optional[str] = typer.Option(None, "--only", help="Un solo informe: indice, ficha, monitoreo, avance, actores o anual."),
    year: Optional[int] = typer.Option(None, "--year", help="Año del informe anual (por defecto, el del mes de corte)."),
) -> None:
    """Escribe los informes: fichas de los acuerdos, tabla de monitoreo, avance, mapa de actores e informe anual.

    HTML autocontenido (se abre sin internet y se imprime en A4) y Markdown
    (para GitHub o GitLab). Un repositorio puede reemplazar cualquier plantilla
    con su propia carpeta templates/.
    """
    fmt = _choice(format, ("html", "md", "both"), "--format")
    if only is not None:
        from .report.render import REPORT_KEYS

        _choice(only, REPORT_KEYS, "--only")
    month = _as_of(as_of)
    repo = _load_one(path)
    if out.exists() and not out.is_dir():
        _fail(f"«{out}» existe y no es una carpeta")
    from .check.engine import check_repository
    from .compute.figures import compute
    from .i18n import locale_for
    from .report.render import TemplateNotFound, TemplateOutsideRepository, plan, render
    from .report.views import build_context

    checked = check_repository(repo)
    manifest = repo.manifest
    ctx = build_context(repo, compute(repo, month), locale_for(manifest.pais if manifest else None), public, year, checked.errors)
    formats = ("html", "md") if fmt == "both" else (fmt,)
    err = _console(stderr=True)
    if checked.errors:
        err.print(f"Aviso: el repositorio tiene {checked.errors} error(es); los archivos que no cargan no están en los informes. Ejecute «coprod validate».")
    jobs = len(plan(ctx, formats, only))
    written = []
    try:
        if err.is_terminal and jobs > 8:
            from rich.progress import Progress

            with Progress(console=err, transient=True) as bar:
                task = bar.add_task("Escribiendo informes", total=jobs)
                for p in render(repo.root, ctx, out, formats, only):
                    written.append(p)
                    bar.advance(task)
        else:
            written = list(render(repo.root, ctx, out, formats, only))
    except TemplateOutsideRepository as exc:
        _fail(f"la plantilla «templates/{exc}» del repositorio apunta fuera de él: no se usa")
    except TemplateNotFound as exc:
        _fail(f"falta la plantilla «{exc}»")
    except Exception as exc:
        from jinja2 import TemplateError

        if isinstance(exc, TemplateError):
            _fail(f"error en una plantilla: {exc}")
        raise
    index = next((p for p in written if p.name.startswith("index.")), written[0] if written else None)
    version = "pública (sin datos personales)" if public else "interna"
    _console().print(f"✓ {len(written)} informes escritos en {out} (versión {version}, al mes de {month}).")
    if index is not None:
        _console().print(f"  Abra {index}")


@app.command()
def diff(
    base: str = typer.Argument(..., help="Revisión git de partida (rama, etiqueta o commit), p. ej. origin/main."),
    head: str = typer.Argument("HEAD", help="Revisión git de llegada. Por defecto, HEAD."),
    path: Path = typer.Argument(Path("."), help="La carpeta del repositorio de acuerdos dentro del repositorio git. Por defecto, la actual."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Mes de corte AAAA-MM para las cifras de ambos lados (por defecto, el mes actual)."),
    format: str = typer.Option("markdown", "--format", "-f", help="markdown (o md; para un comentario de pull request) o json."),
) -> None:
    """Resume qué cambió entre dos revisiones git: acuerdos agregados, eliminados y
    modificados, su lista de criterios y su avance antes y después, y los problemas
    nuevos y resueltos.

    Lee las dos revisiones del repositorio git sin tocar la carpeta de trabajo.
    Sale con 0 (el resumen es informativo) y con 2 si una revisión no existe o la
    carpeta no está en un repositorio git.
    """
    fmt = _choice(format, ("markdown", "md", "json"), "--format")
    month = _as_of(as_of)
    if not path.is_dir():
        _fail(f"«{path}» no es una carpeta")
    import tempfile

    from .check.engine import check_repository
    from .compute.diff import compare
    from .compute.figures import compute
    from .gitrepo import GitError, export_revision, resolve_commit
    from .load.repository import load_repository

    if path == Path(".") and head != "HEAD" and Path(head).is_dir():
        # `coprod diff main carpeta`: the second argument is the folder, not a revision.
        try:
            resolve_commit(Path(head), head)
        except GitError:
            head, path = "HEAD", Path(head)
    sides = []
    try:
        with tempfile.TemporaryDirectory(prefix="coprod-diff-") as tmp:
            for label in (base, head):
                commit = resolve_commit(path, label)
                dest = Path(tmp) / ("base" if not sides else "head")
                if export_revision(path, commit, dest):
                    checked = check_repository(load_repository(dest))
                    sides.append((label, commit, checked, compute(checked.repo, month)))
                else:
                    sides.append((label, commit, None, None))
            if sides[0][2] is None and sides[1][2] is None:
                _fail(f"no hay un repositorio de acuerdos (canton.yaml) en «{path}» ni en {base} ni en {head}")
            result = compare(month, sides[0], sides[1])
    except GitError as exc:
        _fail(str(exc))
    if fmt == "json":
        from .render.diff_json import to_json

        sys.stdout.write(to_json(result) + "\n")
        return
    from .i18n import locale_for
    from .render.diff_markdown import render_diff_markdown

    head_repo = sides[1][2] or sides[0][2]
    manifest = head_repo.repo.manifest
    sys.stdout.write(render_diff_markdown(result, locale_for(manifest.pais if manifest else None)))


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


def main(argv: Optional[list[str]] = None) -> NoReturn:
    """Entry point: runs the app and turns every failure into a Spanish message and an exit code."""
    from typer import exceptions as typer_exceptions
    from typer._click import exceptions as cx

    err = _console(stderr=True)
    try:
        code = app(args=argv, prog_name="coprod", standalone_mode=False)
    except UsageProblem as exc:
        from rich.text import Text

        err.print(Text("error: ", style="bold red") + Text(str(exc)))
        code = EXIT_USAGE
    except cx.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "")
        code = EXIT_OK
    except cx.UsageError as exc:
        from rich.text import Text

        err.print(Text("error: ", style="bold red") + Text(usage_message(exc)))
        if exc.ctx is not None:
            err.print(Text(f"Vea «{exc.ctx.command_path} --help».", style="dim"))
        code = EXIT_USAGE
    except typer_exceptions.Abort:
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
