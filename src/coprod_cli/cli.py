"""The command line. The only module that prints or exits: everything below
it returns values, and this module turns them into output and exit codes.

Exit codes: 0 clean, 1 problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional

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
    """A mistake on the command line or an input that cannot be read (exit 2), or
    an edit that lost a race and wrote nothing (exit 1: trying again works)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    # Why emoji=False: «:bomb:» in a file name would print an emoji; every
    # interpolated value goes through _escape (markup) or rich.text.Text.
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def _fail(message: str, code: int = 2) -> NoReturn:
    raise UsageProblem(message, code)


def _path_arg(path: Path, what: str = "la ruta") -> Path:
    """A path from the command line; refused when it carries control characters.

    Why: it is echoed in messages and CI logs, and a name with an escape
    sequence or a line break is never a real folder of agreements.
    """
    from .load.repository import shown_name, unsafe_name

    if unsafe_name(str(path)):
        _fail(f"{what} «{shown_name(str(path))}» tiene caracteres de control: no se usa")
    return path


#: Folders of an agreements repository that reports must never be written into.
_SOURCE_FOLDERS = ("acuerdos", "planes", "templates", "schemas", ".git")


def _report_folder(out: Path, root: Path) -> Path:
    """``--out`` made absolute by name (no link followed), checked against the repository.

    Refused: a symbolic link inside the repository anywhere on the way (a
    committed ``informes -> ../victim`` would send the reports outside), the
    repository itself, its source folders (also through a link from outside).
    A folder outside the repository that the user typed is theirs to choose.
    """
    import os

    from .links import link_inside

    _path_arg(out, "la carpeta de «--out»")
    link = link_inside(out, root)
    if link is not None:
        from .load.repository import shown_name

        try:
            shown = link.relative_to(Path(os.path.abspath(root))).as_posix()
        except ValueError:
            shown = str(link)
        _fail(
            f"«--out {out}» pasa por «{shown_name(shown)}», un enlace simbólico dentro del repositorio: los informes nunca "
            "se escriben a través de un enlace (podría llevarlos fuera del repositorio). Borre el enlace o elija otra carpeta."
        )
    if out.exists() and not out.is_dir():
        _fail(f"«{out}» existe y no es una carpeta")
    target = out.resolve()
    if target == root:
        _fail(
            f"«--out {out}» es la carpeta del repositorio de acuerdos; escriba los informes en una carpeta aparte "
            "(por ejemplo «--out informes»)"
        )
    for name in _SOURCE_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            _fail(f"«--out {out}» está dentro de «{name}/» del repositorio; los informes van en una carpeta aparte (por ejemplo «informes»)")
    return Path(os.path.abspath(out))


def _no_link_in_repository(out: Path) -> None:
    """Refuse an output folder reached through a link inside the agreements repository that holds it."""
    from .links import lexical_root, link_inside

    root = lexical_root(out)
    link = link_inside(out, root) if root is not None else None
    if link is not None:
        from .load.repository import shown_name

        _fail(
            f"«--out {out}» pasa por «{shown_name(str(link))}», un enlace simbólico dentro del repositorio: nunca se escribe "
            "a través de un enlace (podría llevar los archivos fuera del repositorio). Borre el enlace o elija otra carpeta."
        )


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


#: A progress bar appears only for work this large (about a second or more).
PROGRESS_MIN_FILES = 800


@contextmanager
def _progress(label: str, enabled: bool = True) -> Iterator[Any]:
    """A callback ``(done, total)`` that drives a rich progress bar on stderr,
    shown only on a terminal and only for large repositories."""
    err = _console(stderr=True)
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
    no_cache: bool = typer.Option(
        False, "--no-cache", help="No usa ni escribe la caché (.coprod-cache/) de los archivos sin cambios."
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
        _path_arg(p)
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
        from .gcutil import no_cyclic_gc

        changed: Optional[set[str]] = None
        if changed_since is not None:
            from .gitrepo import GitError, changed_paths

            try:
                changed = changed_paths(root, changed_since)
            except GitError as exc:
                _fail(str(exc))
        with _progress("Leyendo archivos", enabled=fmt == "text") as on_progress, no_cyclic_gc():
            if no_cache or changed is not None:
                result = check_repository(load_repository(root, on_progress=on_progress), changed=changed)
            else:
                from .check.cache import validate_cached

                result = validate_cached(root, on_progress=on_progress)
        repo = result.repo
        if only is not None:
            # Files outside the repository's layout (a README, .pre-commit-config.yaml) match nothing.
            result.restrict(_rel_to(root, f) for f in only)
        if changed is not None:
            from .check.engine import template_changes
            from .check.scope import affected_files

            affected = affected_files(repo, changed)
            if affected is not None:
                result.restrict(affected | set(template_changes(changed)))
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

        return render_github(results, prefixes, strict)
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
    from .model.types import Month, MonthError

    if value is None:
        return current_month()
    try:
        return Month.parse(value.strip())
    except MonthError as exc:
        _fail(f"«--as-of {value}»: el mes {exc.reason}")


def _load_one(path: Path) -> Any:
    from .load.repository import RepositoryNotFound, find_root, load_repository

    _path_arg(path)
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

    from .gcutil import no_cyclic_gc

    with no_cyclic_gc():
        checked = check_repository(repo, locate=False)  # the counts only
        problems = {"errors": checked.errors, "warnings": checked.warnings}
        fig = compute(repo, month)
    manifest = repo.manifest
    locale = locale_for(manifest.pais if manifest else None)
    if fmt == "json":
        from .render.status_json import to_json

        sys.stdout.write(to_json(fig, problems, locale) + "\n")
        return
    from .render.status_text import render_status

    render_status(fig, _console(), locale, problems)


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
    if year is not None:
        from .model.types import YEAR_WINDOW, in_year_window

        if not in_year_window(year):
            _fail(f"«--year {year}» no es un año de {YEAR_WINDOW}")
    _path_arg(out, "la carpeta de «--out»")
    repo = _load_one(path)
    folder = _report_folder(out, repo.root)
    from .compute.figures import compute
    from .i18n import locale_for
    from .report.render import BUILTIN, ReportProblem, needs_public_context, plan, render
    from .report.sources import TemplateRefused, template_sources
    from .report.views import build_context

    err = _console(stderr=True)
    try:
        # Before any work: a template that may not be one stops the command.
        sources = template_sources(repo.root, BUILTIN)
    except TemplateRefused as exc:
        _fail(str(exc))
    for rel in sources.ignored:
        err.print(_escape(f"Aviso: se ignora «{rel}»: no es el nombre de una plantilla de coprod (vea «Plantillas propias» en el README)."))
    manifest = repo.manifest
    from .check.engine import check_repository
    from .gcutil import no_cyclic_gc

    with no_cyclic_gc(freeze=True):
        # Why the full check: a report made from a repository with errors says so
        # on its first page, with the count (the figures an error touches are marked).
        checked = check_repository(repo, locate=False)  # the counts only
        validation = {"errors": checked.errors, "warnings": checked.warnings}
        fig, locale = compute(repo, month), locale_for(manifest.pais if manifest else None)
        ctx = build_context(repo, fig, locale, public, year, validation)
        # The annual report is public in every mode: it is always made from the redacted view.
        public_ctx = build_context(repo, fig, locale, True, year, validation) if needs_public_context(ctx, only) else None
    formats = ("html", "md") if fmt == "both" else (fmt,)
    if ctx.unread_files:
        err.print(
            _escape(
                f"Aviso: {len(ctx.unread_files)} archivo(s) no se pudieron leer y no están en los informes "
                f"({', '.join(ctx.unread_files[:5])}{'…' if len(ctx.unread_files) > 5 else ''}). Ejecute «coprod validate»."
            )
        )
    if ctx.notice:
        err.print(_escape(f"Aviso: {ctx.notice} Cada informe lo dice en su primera página."))
    jobs = len(plan(ctx, formats, only))
    written: list[Path] = []
    from .fsutil import os_error_es, remove_stale_temporaries

    try:
        if folder.is_dir():
            remove_stale_temporaries(folder)  # left by a report that was killed mid-write
        if err.is_terminal and jobs > 8:
            from rich.progress import Progress

            with Progress(console=err, transient=True) as bar:
                task = bar.add_task("Escribiendo informes", total=jobs)
                for p in render(repo.root, ctx, folder, formats, only, public_ctx, sources=sources):
                    written.append(p)
                    bar.advance(task)
        else:
            for p in render(repo.root, ctx, folder, formats, only, public_ctx, sources=sources):
                written.append(p)
    except TemplateRefused as exc:
        _fail(str(exc))
    except ReportProblem as exc:
        from rich.text import Text

        from .render.safe import plain

        err.print(Text("error: ", style="bold red") + Text(plain(str(exc))))
        raise typer.Exit(EXIT_PROBLEMS)
    except OSError as exc:
        _fail(
            f"no se pudieron escribir los informes en «{out}» ({os_error_es(exc)}); "
            f"{len(set(written))} de {jobs} quedaron escritos, ninguno a medias. Corrija eso y repita la orden."
        )
    index = next((p for p in written if p.name.startswith("index.")), written[0] if written else None)
    version = "pública (sin datos personales)" if public else "interna"
    _console().print(_escape(f"✓ {len(set(written))} informes escritos en {out} (versión {version}, al mes de {month})."))
    if index is not None:
        _console().print(_escape(f"  Abra {index}"))


@app.command()
def diff(
    base: str = typer.Argument(..., help="Revisión git de partida (rama, etiqueta o commit), p. ej. origin/main."),
    head: str = typer.Argument("HEAD", help="Revisión git de llegada. Por defecto, HEAD."),
    path: Path = typer.Argument(Path("."), help="La carpeta del repositorio de acuerdos dentro del repositorio git. Por defecto, la actual."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", help="Mes de corte AAAA-MM para las cifras de ambos lados (por defecto, el mes del commit más reciente de los dos)."
    ),
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
    month = _as_of(as_of) if as_of is not None else None
    _path_arg(path)
    if not path.is_dir():
        _fail(f"«{path}» no es una carpeta")
    import tempfile

    from .check.engine import check_repository
    from .compute.diff import compare
    from .compute.figures import compute
    from .gitrepo import GitError, changed_between, commit_date, read_revision, resolve_commit
    from .load.repository import load_repository

    if path == Path(".") and head != "HEAD" and Path(head).is_dir():
        # `coprod diff main carpeta`: the second argument is the folder, not a revision.
        try:
            resolve_commit(Path(head), head)
        except GitError:
            head, path = "HEAD", Path(head)
    sides = []
    try:
        # Each revision is read into memory; the files are named as if under an
        # empty folder of ours, so that nothing is ever read from the working tree.
        with tempfile.TemporaryDirectory(prefix="coprod-diff-") as tmp:
            commits = [resolve_commit(path, label) for label in (base, head)]
            dated: Optional[str] = None
            if month is None:
                # Why not today: the summary of a change must read the same when it is run again later.
                when, dated = max((commit_date(path, c), c) for c in commits)
                month = _commit_month(when, dated)
            # What the change touches, for what depends on the change itself (CP009: templates).
            touched = changed_between(path, *commits)
            for label, commit in zip((base, head), commits):
                revision = read_revision(path, commit, Path(tmp) / ("base" if not sides else "head"))
                if revision is not None:
                    layout, contents = revision
                    repo_side = load_repository(layout.root, layout=layout, contents=contents)
                    checked = check_repository(repo_side, changed=touched if sides else None)
                    sides.append((label, commit, checked, compute(checked.repo, month)))
                else:
                    sides.append((label, commit, None, None))
            if sides[0][2] is None and sides[1][2] is None:
                _fail(f"no hay un repositorio de acuerdos (canton.yaml) en «{path}» ni en {base} ni en {head}")
            result = compare(month, sides[0], sides[1], as_of_commit=dated)
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


def _commit_month(when: Any, commit: str) -> Any:
    from .model.types import YEAR_WINDOW, Month, in_year_window

    if not in_year_window(when.year):
        _fail(
            f"el commit {commit[:12]} tiene la fecha {when.year}-{when.month:02d}, fuera de los años que coprod acepta "
            f"({YEAR_WINDOW}); indique el mes de corte con «--as-of AAAA-MM»"
        )
    return Month(when.year, when.month)


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

    _path_arg(out, "la carpeta de «--out»")
    _no_link_in_repository(out)
    if check:
        stale = [n for n, t in schema_texts().items() if not _holds(out / n, t.encode("utf-8"))]
        if stale:
            _console(stderr=True).print(_escape(f"Esquemas desactualizados en {out}: {', '.join(stale)}. Ejecute «coprod schema --out {out}»."))
            raise typer.Exit(EXIT_PROBLEMS)
        _console().print(_escape(f"Los esquemas de {out} están al día."))
        return
    from .fsutil import os_error_es

    try:
        written = write_schemas(out)
    except OSError as exc:
        _fail(f"no se pudieron escribir los esquemas en «{out}» ({os_error_es(exc)}); los que ya estaban quedaron completos. Corrija eso y repita la orden.")
    for path in written:
        _console().print(_escape(f"escrito {path}"))


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data`` (unreadable or missing: no)."""
    try:
        return path.is_file() and path.read_bytes() == data
    except OSError:
        return False


# --- writing files: shared by init, new, progress and monitoring ---------------------------


def _escape(text: str) -> str:
    """User text for ``console.print``: control characters shown, markup not interpreted."""
    from rich.markup import escape

    from .render.safe import plain

    return escape(plain(text))


def _int(value: Optional[str], option: str) -> Optional[int]:
    if value is None:
        return None
    text = value.strip()
    if not text.lstrip("-").isdigit():
        _fail(f"valor no válido para «{option}»: «{value}» no es un número entero")
    return int(text)


def _coprod_errors() -> Any:
    """A context that turns a CoprodError into its message and exit code (2; 1 for an edit conflict)."""

    from .errors import CoprodError

    @contextmanager
    def guard() -> Any:
        try:
            yield
        except CoprodError as exc:
            _fail(str(exc), exc.exit_code)

    return guard()


def _root_of(path: Path) -> Path:
    from .edit.paths import repository_root

    _path_arg(path)
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
            console.print(_escape(f"El repositorio es válido, con {result.warnings} advertencia(s) ({detail}); vea «coprod validate»."))
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
    elif outcome.nothing:
        console.print(_escape(f"Sin cambios: {outcome.nothing}."))
    else:
        console.print(_escape(f"Sin cambios: «{outcome.rel}» ya decía {outcome.summary}."))
    _validation_summary(root, outcome.rel)


@progress_app.command("set")
def progress_set(
    args: list[str] = typer.Argument(..., metavar="[RUTA] ACUERDO", help="Repositorio (por defecto, la carpeta actual) e id del acuerdo.", show_default=False),
    month: str = typer.Option(..., "--month", help="Mes del cronograma, AAAA-MM.", show_default=False),
    level: str = typer.Option(..., "--level", help="Nivel: 0, 25, 50, 75 o 100.", show_default=False),
    subactivity: Optional[str] = typer.Option(None, "--subactivity", help="Número de la subactividad de ese mes (1, 2, …).", show_default=False),
    note: Optional[str] = typer.Option(
        None, "--note", help="Nota sobre el avance. Si ya había una, se agrega después de ella con la fecha de hoy.", show_default=False
    ),
    replace_note: bool = typer.Option(False, "--replace-note", help="Con --note: reemplaza la nota anterior en lugar de agregar la nueva."),
) -> None:
    """Registra el avance de un mes en el archivo del acuerdo; cambia solo ese valor."""
    from .edit.agreement import set_progress

    path, (ident,) = _path_and(args, ["ACUERDO"])
    _replace_needs_note(replace_note, note)
    root = _root_of(path)
    sub = _subactivity(subactivity)
    with _coprod_errors():
        outcome = set_progress(root, ident, month, level, sub, note, replace_note)
    _edit_report(outcome, root)


@progress_app.command("unset")
def progress_unset(
    args: list[str] = typer.Argument(..., metavar="[RUTA] ACUERDO", help="Repositorio (por defecto, la carpeta actual) e id del acuerdo.", show_default=False),
    month: str = typer.Option(..., "--month", help="Mes cuyo avance se quita, AAAA-MM.", show_default=False),
    subactivity: Optional[str] = typer.Option(None, "--subactivity", help="Número de la subactividad de ese mes (1, 2, …).", show_default=False),
) -> None:
    """Quita el avance registrado de un mes (o de una subactividad), con su nota: un nivel registrado por error."""
    from .edit.agreement import unset_progress

    path, (ident,) = _path_and(args, ["ACUERDO"])
    root = _root_of(path)
    sub = _subactivity(subactivity)
    with _coprod_errors():
        outcome = unset_progress(root, ident, month, sub)
    _edit_report(outcome, root)


def _subactivity(value: Optional[str]) -> Optional[int]:
    sub = _int(value, "--subactivity")
    if sub is not None and sub < 1:
        _fail("valor no válido para «--subactivity»: las subactividades se numeran desde 1")
    return sub


def _replace_needs_note(replace_note: bool, note: Optional[str]) -> None:
    if replace_note and note is None:
        _fail("«--replace-note» reemplaza la nota anterior por la de «--note TEXTO»: escriba también «--note»")


@monitoring_app.command("set")
def monitoring_set(
    args: list[str] = typer.Argument(..., metavar="[RUTA] ACUERDO CRITERIO si|no", help="Repositorio (opcional), id del acuerdo, criterio (clave o número 1-14) y respuesta.", show_default=False),
    note: Optional[str] = typer.Option(
        None, "--note", help="Observaciones. Si ya había, se agregan después de ellas con la fecha de hoy.", show_default=False
    ),
    replace_note: bool = typer.Option(False, "--replace-note", help="Con --note: reemplaza las observaciones anteriores."),
) -> None:
    """Registra un criterio de la tabla de monitoreo (sí/no con observaciones)."""
    from .edit.agreement import set_monitoring

    path, (ident, criterion, answer) = _path_and(args, ["ACUERDO", "CRITERIO", "RESPUESTA"])
    _replace_needs_note(replace_note, note)
    root = _root_of(path)
    with _coprod_errors():
        outcome = set_monitoring(root, ident, criterion, answer, note, replace_note)
    _edit_report(outcome, root)


# --- asking questions (only on a terminal) -----------------------------------------------


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _interactive(no_input: bool) -> bool:
    """Questions only on a terminal and without --no-input (CI and scripts never wait)."""
    return not no_input and _stdin_is_terminal()


def _ask(question: str, default: Optional[str] = None, required: bool = True, check: Any = None) -> str:
    """Ask until the answer passes ``check`` (which raises CoprodError with a Spanish message)."""
    from .errors import CoprodError

    while True:
        answer = typer.prompt(question, default=default if default is not None else ("" if not required else None), show_default=bool(default))
        answer = str(answer).strip()
        if not answer and required:
            _console(stderr=True).print("Escriba una respuesta.")
            continue
        if check is not None and answer:
            try:
                check(answer)
            except CoprodError as exc:
                _console(stderr=True).print(f"[red]{_escape(str(exc))}[/red]")
                continue
        return answer


def _ask_choice(
    question: str,
    choices: list[tuple[str, str]],
    default: Optional[str] = None,
    resolve: Any = None,
    required: bool = True,
) -> str:
    """Show a numbered list and accept a number or an id (or what ``resolve``
    accepts: it returns the id or raises CoprodError with the suggestion)."""
    from .errors import CoprodError

    console = _console()
    for n, (ident, label) in enumerate(choices, 1):
        console.print(f"  {n:>2}. {_escape(ident)} — {_escape(label)}")
    ids = [c[0] for c in choices]

    def pick(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            return ids[int(answer) - 1]
        if resolve is not None:
            try:
                return str(resolve(answer))
            except CoprodError as exc:
                raise CoprodError(f"{exc}; o escriba un número de la lista (1 a {len(ids)})") from None
        if answer not in ids:
            from .model.validate import suggest

            raise CoprodError(f"«{answer}» no está en la lista{suggest(answer, ids)}; escriba un número o un id")
        return answer

    answer = _ask(question, default=default, check=pick, required=required)
    return pick(answer) if answer else ""


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


# --- coprod init ---------------------------------------------------------------------------


@app.command()
def init(
    directory: Path = typer.Argument(..., metavar="CARPETA", help="Carpeta nueva (o vacía) donde crear el repositorio.", show_default=False),
    canton: Optional[str] = typer.Option(None, "--canton", help="Nombre del cantón (o municipio, comuna).", show_default=False),
    province: Optional[str] = typer.Option(None, "--province", help="Provincia (o estado, región, departamento).", show_default=False),
    country: Optional[str] = typer.Option(None, "--country", help="País: CR (Costa Rica, por defecto), MX, CL o CO.", show_default=False),
    strategy: Optional[str] = typer.Option(None, "--strategy", help="Nombre de la Estrategia Preventiva local.", show_default=False),
    start_year: Optional[str] = typer.Option(None, "--start-year", help="Año de inicio de la estrategia (por defecto, el actual).", show_default=False),
    end_year: Optional[str] = typer.Option(None, "--end-year", help="Año de cierre (por defecto, inicio + 3).", show_default=False),
    territory: Optional[list[str]] = typer.Option(None, "--territory", help="Un territorio priorizado (distrito…); repita la opción para varios.", show_default=False),
    council: Optional[str] = typer.Option(None, "--council", help="Nombre del consejo (por defecto, el del país).", show_default=False),
    no_git: bool = typer.Option(False, "--no-git", help="No ejecuta «git init»."),
    no_input: bool = typer.Option(False, "--no-input", help="No hace preguntas: todo se toma de las opciones."),
) -> None:
    """Crea el repositorio de acuerdos de un cantón: manifiesto, mapa de actores,
    plan del año, plantilla de acuerdo, guía para la Secretaría Técnica y
    revisión automática (GitHub, GitLab, pre-commit).

    En una terminal pregunta lo que falta; con --no-input todo se toma de las opciones.
    """
    from .scaffold.countries import DEFAULT_COUNTRY, PROFILES, profile
    from .scaffold.init import InitOptions, check_target, create_repository, default_strategy, this_year

    _path_arg(directory, "la carpeta")
    with _coprod_errors():
        check_target(directory)
        start, end = _int(start_year, "--start-year"), _int(end_year, "--end-year")
        territories = list(territory or [])
        if _interactive(no_input):
            choices = ", ".join(f"{p.code} {p.name}" for p in PROFILES.values())
            if country is None:
                country = _ask(f"País ({choices})", default=DEFAULT_COUNTRY, check=profile).upper()
            p = profile(country)
            if not canton:
                canton = _ask(f"Nombre del {p.division}")
            if province is None:
                province = _ask(f"{p.region.capitalize()} (opcional)", required=False) or None
            if start is None:
                start = int(_ask("Año de inicio de la estrategia", default=str(this_year()), check=lambda a: _year(a)))
            if end is None:
                end = int(_ask("Año de cierre de la estrategia", default=str(start + 3), check=lambda a: _year(a)))
            if strategy is None:
                strategy = _ask("Nombre de la estrategia", default=default_strategy(canton, start, end))
            if not territories:
                territories = _split(_ask(f"{p.subdivision_plural.capitalize()} priorizados, separados por comas (opcional)", required=False))
        elif not canton:
            _fail("falta la opción «--canton» (o ejecute la orden en una terminal para responder las preguntas)")
        opts = InitOptions(
            canton=canton or "",
            provincia=province,
            country=country or DEFAULT_COUNTRY,
            strategy=strategy,
            start=start,
            end=end,
            territories=territories,
            council=council,
            git=not no_git,
        )
        result = create_repository(directory, opts)
    p = profile(opts.country)
    console = _console()
    console.print(_escape(f"Repositorio de acuerdos creado en «{directory}» ({p.division} {opts.canton.strip()}, {p.name}): {len(result.files)} archivos."))
    for f in result.files:
        console.print(_escape(f"  {f}"))
    console.print(_escape(f"git: {result.git}."))
    _validation_summary(result.root)
    console.print(
        _escape(
            f"Siguientes pasos: lea «{directory / 'README.md'}»; complete titulares y suplentes en «actores.yaml»; "
            f"agregue acuerdos con «coprod new agreement {directory}»."
        )
    )


def _year(text: str) -> int:
    from .errors import CoprodError
    from .model.types import YEAR_WINDOW, in_year_window

    if not text.strip().isdigit() or not in_year_window(int(text)):
        raise CoprodError(f"«{text}» no es un año de {YEAR_WINDOW} (por ejemplo 2026)")
    return int(text)


# --- coprod new agreement | actor | plan -------------------------------------------------------

new_app = typer.Typer(
    help="Agrega un acuerdo, un actor o un plan anual a partir de su plantilla, sin sobrescribir nada.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(new_app, name="new")


@new_app.command("agreement")
def new_agreement(
    path: Path = typer.Argument(Path("."), metavar="RUTA", help="Repositorio de acuerdos (por defecto, la carpeta actual).", show_default=False),
    id: Optional[str] = typer.Option(None, "--id", help="Id del acuerdo (por defecto, a partir del título).", show_default=False),
    title: Optional[str] = typer.Option(None, "--title", help="Título del acuerdo.", show_default=False),
    lead: Optional[str] = typer.Option(None, "--lead", help="Id del actor encargado (de actores.yaml).", show_default=False),
    collaborator: Optional[list[str]] = typer.Option(None, "--collaborator", help="Id de un actor colaborador; repita la opción para varios.", show_default=False),
    civil_society: Optional[str] = typer.Option(None, "--civil-society", help="Actores de la sociedad civil que se integran (texto).", show_default=False),
    objective: Optional[str] = typer.Option(None, "--objective", help="Objetivo del acuerdo.", show_default=False),
    form: Optional[str] = typer.Option(None, "--form", help="alianza, coalicion_ciudadana, convenio, contrato, carta_de_entendimiento o alianza_publico_privada.", show_default=False),
    status: str = typer.Option("borrador", "--status", help="borrador, firmado, en_ejecucion, concluido o cancelado."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Año del plan anual (por defecto, el del año actual si existe).", show_default=False),
    start: Optional[str] = typer.Option(None, "--start", help="Inicio del plazo, AAAA-MM.", show_default=False),
    end: Optional[str] = typer.Option(None, "--end", help="Fin del plazo, AAAA-MM.", show_default=False),
    axis: Optional[str] = typer.Option(None, "--axis", help="Eje del cronograma (id de canton.yaml).", show_default=False),
    action: Optional[str] = typer.Option(None, "--action", help="Número de la acción estratégica del cronograma.", show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help="No hace preguntas: todo se toma de las opciones."),
) -> None:
    """Crea «acuerdos/<id>.yaml» a partir de la plantilla, con el siguiente id libre."""
    from .load.repository import load_repository
    from .scaffold.new import AgreementOptions, new_agreement as create

    root = _root_of(path)
    origin: dict[str, str] = {}
    with _coprod_errors():
        if _interactive(no_input):
            answers = _agreement_questions(
                load_repository(root),
                dict(title=title, id=id, lead=lead, collaborator=collaborator, civil_society=civil_society,
                     objective=objective, start=start, end=end, axis=axis, action=action),
                origin,
            )
            title, id, lead, collaborator = answers["title"], answers["id"], answers["lead"], answers["collaborator"]
            civil_society, objective, start, end = answers["civil_society"], answers["objective"], answers["start"], answers["end"]
            axis, action = answers["axis"], answers["action"]
        else:
            if not title:
                _fail("falta la opción «--title» (o ejecute la orden en una terminal para responder las preguntas)")
            if not lead:
                _fail("falta la opción «--lead» (o ejecute la orden en una terminal para responder las preguntas)")
        created = create(
            root,
            AgreementOptions(
                title=title or "",
                lead=lead or "",
                id=id,
                collaborators=list(collaborator or []),
                civil_society=civil_society,
                objective=objective,
                form=form,
                status=status,
                plan=_int(plan, "--plan"),
                start=start,
                end=end,
                axis=axis,
                action=_int(action, "--action"),
                origin=origin,
            ),
        )
    _console().print(_escape(f"Creado «{created.rel}» (acuerdo «{created.id}»). Complete sus secciones en el archivo."))
    _validation_summary(root, created.rel)


def _agreement_questions(repo: Any, given: dict[str, Any], origin: dict[str, str]) -> dict[str, Any]:
    """Ask, on a terminal, what the options of `new agreement` left out.

    Each answer is checked when it is typed, by the same checks the options go
    through (scaffold/new.py), and asked again with the suggestion; an option
    given with the questions is checked first, before any question. ``origin``
    gets, for each answered value, the question it answers: a message at the
    end names that, never an option the person did not type.
    """
    from .scaffold.new import (
        actor_choices, actor_lookup, axis_actions, axis_lookup, check_action, check_month, check_new_id,
        check_schedule_axis, check_term, check_title, next_agreement_id,
    )
    from .scaffold.init import clean_text

    out = dict(given)

    def ask(name: str, question: str, **kw: Any) -> str:
        answer = _ask(question, **kw)
        origin[name] = f"la respuesta a «{question}»"
        return answer

    # Options typed with the questions: refused now, not after every question.
    actors = actor_lookup(repo)
    if out["title"]:
        check_title(out["title"], "--title")
    if out["id"]:
        check_new_id(repo, out["id"], out["title"] or out["id"])
    if out["lead"]:
        actors.resolve(out["lead"], "--lead")
    for c in out["collaborator"] or []:
        for part in _split(c):
            actors.resolve(part, "--collaborator")
    for name in ("start", "end"):
        if out[name]:
            check_month(out[name], f"--{name}")
    if out["axis"]:
        check_schedule_axis(repo, out["axis"], "--axis")

    if not out["title"]:
        out["title"] = ask("title", "Título del acuerdo", check=lambda a: check_title(a, None))
    if not out["id"]:
        out["id"] = ask(
            "id", "Id del acuerdo (nombre del archivo)", default=next_agreement_id(repo, out["title"]),
            check=lambda a: check_new_id(repo, a, out["title"]),
        )
    choices = actor_choices(repo)
    ids = [c[0] for c in choices]

    def actor(answer: str) -> str:
        return ids[int(answer) - 1] if answer.isdigit() and 1 <= int(answer) <= len(ids) else actors.resolve(answer)

    if not out["lead"]:
        _console().print("Actores del mapa de actores:")
        out["lead"] = _ask_choice("Actor encargado (número, id o siglas)", choices, resolve=actors.resolve)
        origin["lead"] = "la respuesta a «Actor encargado»"
    if out["collaborator"] is None:

        def many(answer: str) -> list[str]:
            return [actor(x) for x in _split(answer)]

        answer = ask("collaborators", "Actores colaboradores: números, ids o siglas separados por comas (opcional)", required=False, check=many)
        out["collaborator"] = [x for x in dict.fromkeys(many(answer)) if x != out["lead"]]
    if out["civil_society"] is None:
        out["civil_society"] = ask(
            "civil_society", "Actores de la sociedad civil que se integran (opcional)", required=False,
            check=lambda a: clean_text(a, "la respuesta"),
        ) or None
    if out["objective"] is None:
        out["objective"] = ask(
            "objective", "Objetivo del acuerdo (opcional)", required=False, check=lambda a: clean_text(a, "la respuesta")
        ) or None

    # The schedule (section 5) needs an axis, one of its strategic actions and the term.
    manifest = repo.manifest
    axes = [e for e in manifest.estrategia.ejes if e.acciones] if manifest else []
    if not out["axis"]:
        if axes:
            _console().print("Ejes de la estrategia (con sus acciones estratégicas):")
            lookup = axis_lookup(repo)
            later = out["action"] is None  # with --action, the axis is needed now
            out["axis"] = _ask_choice(
                "Eje del cronograma (número o id" + ("; vacío para dejarlo para después)" if later else ")"),
                [(e.id, f"{e.nombre} (acciones {', '.join(str(a.numero) for a in e.acciones)})") for e in axes],
                resolve=lambda a: check_schedule_axis(repo, lookup.resolve(a), None),
                required=not later,
            ) or None
            if out["axis"]:
                origin["axis"] = "la respuesta a «Eje del cronograma»"
        else:
            _console().print(
                "«canton.yaml» aún no tiene acciones estratégicas en sus ejes: el cronograma queda para después "
                "(agréguelas y complete «cronograma» en el archivo del acuerdo)."
            )
    if out["axis"] and out["action"] is None:
        actions = axis_actions(repo, check_schedule_axis(repo, out["axis"], None))
        for number, name in actions:
            _console().print(f"  {number:>2}. {_escape(name)}")
        out["action"] = ask(
            "action", "Acción estratégica (número)", default=str(actions[0][0]) if len(actions) == 1 else None,
            check=lambda a: check_action(repo, out["axis"], a, None),
        )
        out["action"] = str(check_action(repo, out["axis"], out["action"], None))
    if out["start"] is None and out["end"] is None:
        out["start"] = ask(
            "start", "Inicio del plazo, AAAA-MM (vacío para dejarlo para después)", required=False,
            check=lambda a: check_month(a, None),
        ) or None
        if out["start"]:
            first = check_month(out["start"], None)
            out["end"] = ask("end", "Fin del plazo, AAAA-MM", check=lambda a: check_term(first, check_month(a, None)))
    return out


@new_app.command("actor")
def new_actor(
    path: Path = typer.Argument(Path("."), metavar="RUTA", help="Repositorio de acuerdos (por defecto, la carpeta actual).", show_default=False),
    name: Optional[str] = typer.Option(None, "--name", help="Nombre del actor.", show_default=False),
    acronym: Optional[str] = typer.Option(None, "--acronym", help="Siglas (opcional).", show_default=False),
    sector: Optional[str] = typer.Option(None, "--sector", help="publico_nacional, municipal, sociedad_civil, privado, academia o cooperacion.", show_default=False),
    level: Optional[str] = typer.Option(None, "--level", help="nacional, cantonal, distrital o comunal.", show_default=False),
    id: Optional[str] = typer.Option(None, "--id", help="Id del actor (por defecto, a partir de las siglas o el nombre).", show_default=False),
    space: Optional[list[str]] = typer.Option(None, "--space", help="Espacio en que participa (CCCI, Red Cantonal…); repita para varios.", show_default=False),
    theme: Optional[list[str]] = typer.Option(None, "--theme", help="Tema que trabaja; repita para varios.", show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help="No hace preguntas: todo se toma de las opciones."),
) -> None:
    """Agrega un actor al final de «actores.yaml», sin cambiar nada más del archivo."""
    from .scaffold.new import NIVELES_ACTOR, SECTORES, ActorOptions, new_actor as create

    root = _root_of(path)
    labels = {
        "publico_nacional": "institución pública nacional", "municipal": "municipalidad y sus órganos",
        "sociedad_civil": "organización de la sociedad civil", "privado": "empresa privada",
        "academia": "universidad o centro académico", "cooperacion": "cooperación internacional",
        "nacional": "nacional", "cantonal": "cantonal", "distrital": "distrital", "comunal": "comunal",
    }
    with _coprod_errors():
        if _interactive(no_input):
            if not name:
                name = _ask("Nombre del actor")
            if acronym is None:
                acronym = _ask("Siglas (opcional)", required=False) or None
            if not sector:
                _console().print("Sectores:")
                sector = _ask_choice("Sector (número o nombre)", [(s, labels[s]) for s in SECTORES])
            if not level:
                _console().print("Niveles:")
                level = _ask_choice("Nivel (número o nombre)", [(n, labels[n]) for n in NIVELES_ACTOR])
        else:
            for value, option in ((name, "--name"), (sector, "--sector"), (level, "--level")):
                if not value:
                    _fail(f"falta la opción «{option}» (o ejecute la orden en una terminal para responder las preguntas)")
        created = create(
            root,
            ActorOptions(
                name=name or "", sector=sector or "", level=level or "", acronym=acronym, id=id,
                spaces=list(space or []), themes=list(theme or []),
            ),
        )
    _console().print(_escape(f"Agregado el actor «{created.id}» al final de «{created.rel}». Escriba su titular y su suplente."))
    _validation_summary(root, created.rel)


@new_app.command("plan")
def new_plan(
    path: Path = typer.Argument(Path("."), metavar="RUTA", help="Repositorio de acuerdos (por defecto, la carpeta actual).", show_default=False),
    year: Optional[str] = typer.Option(None, "--year", help="Año del plan (por defecto, el siguiente al último plan).", show_default=False),
    no_input: bool = typer.Option(False, "--no-input", help="No hace preguntas: el año es el de --year o el siguiente al último plan."),
) -> None:
    """Crea «planes/AAAA.yaml» para el año siguiente al último plan (o el de --year)."""
    from .scaffold.new import new_plan as create

    root = _root_of(path)
    with _coprod_errors():
        chosen = _int(year, "--year")
        if chosen is None and _interactive(no_input):
            from .errors import CoprodError
            from .load.repository import load_repository
            from .scaffold.new import next_plan_year, plan_years

            repo = load_repository(root)
            taken = plan_years(repo)

            def free(answer: str) -> None:
                if int(_year(answer)) in taken:
                    raise CoprodError(f"ya existe el plan anual {answer} («planes/{answer}.yaml»); elija otro año")

            if taken:
                _console().print(_escape(f"Planes anuales que ya existen: {', '.join(map(str, taken))}."))
            chosen = int(_ask("Año del plan", default=str(next_plan_year(repo)), check=free))
        created = create(root, chosen)
    _console().print(_escape(f"Creado «{created.rel}» (plan anual {created.id})."))
    _validation_summary(root, created.rel)


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

        from .render.safe import plain

        err.print(Text("error: ", style="bold red") + Text(plain(str(exc))))
        code = exc.code
    except cx.NoArgsIsHelpError as exc:
        # Why: with rich help, building the exception already printed the help
        # (its message is then empty); plain click help comes back as text.
        if exc.message.strip():
            print(exc.message)
        code = EXIT_OK
    except cx.UsageError as exc:
        from rich.text import Text

        from .render.safe import plain

        err.print(Text("error: ", style="bold red") + Text(plain(usage_message(exc))))
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
    except OSError as exc:  # the machine, not coprod: a full disk, a read-only folder, no permission…
        from rich.text import Text

        from .fsutil import os_error_es, shown_path
        from .render.safe import plain

        where = f" «{plain(shown_path(exc.filename))}»" if exc.filename else " un archivo"
        err.print(
            Text("error: ", style="bold red")
            + Text(f"no se pudo leer o escribir{where}: {os_error_es(exc, writing=False)}. Corrija eso y repita la orden.")
        )
        code = EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a traceback must never reach the user
        from rich.text import Text

        err.print(
            Text("error interno de coprod: ", style="bold red")
            + Text("algo falló dentro de coprod, no en sus archivos. Por favor informe este fallo con la orden que lo produjo "
                   f"y la versión («coprod --version»: {__version__}).")
        )
        code = 70
    sys.exit(code if isinstance(code, int) else EXIT_OK)
