"""`coprod rules` (the list of rules, or one explained) and `coprod schema` (the JSON schemas)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import EXIT_PROBLEMS
from ..lang import _
from .application import app
from .common import choice, console, escape, fail, path_arg


@app.command(help=_("Lista todas las reglas: código, severidad, nombre y mensaje."))
def rules(
    format: str = typer.Option("text", "--format", "-f", help=_("text, json o markdown.")),
    explain: str | None = typer.Option(None, "--explain", help=_("Muestra la explicación completa de una regla (p. ej. CP501).")),
) -> None:
    from ..check.registry import all_rules
    from ..render.rules_table import rules_json, rules_markdown

    fmt = choice(format, ("text", "json", "markdown"), "--format")
    rule_list = all_rules()
    if explain:
        _explain(rule_list, explain)
    elif fmt == "json":
        sys.stdout.write(rules_json(rule_list) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(rules_markdown(rule_list))
    else:
        _table(rule_list)


def _explain(rule_list: list[Any], explain: str) -> None:
    from rich.text import Text

    code = explain.upper()
    match = [r for r in rule_list if r.code == code]
    if not match:
        fail(_("regla desconocida «{explain}»; vea la lista con «coprod rules»").format(explain=explain))
    r = match[0]
    out = console()
    out.print(Text(f"{r.code} {r.name} ({r.severity.label})", style="bold"))
    out.print(Text(r.summary))
    out.print()
    out.print(Text(r.explanation))


def _table(rule_list: list[Any]) -> None:
    from rich.table import Table

    table = Table(title=_("Reglas de coprod"), show_lines=False)
    table.add_column(_("Código"), no_wrap=True)
    table.add_column("Severidad", no_wrap=True)
    table.add_column("Nombre", no_wrap=True)
    table.add_column("Mensaje")
    for r in rule_list:
        table.add_row(r.code, r.severity.label, r.name, r.summary)
    console().print(table)


@app.command(help=_("Escribe el esquema JSON de cada tipo de archivo (para editores como VS Code)."))
def schema(
    out: Path = typer.Option(Path("schemas"), "--out", "-o", help=_("Carpeta donde escribir los esquemas JSON.")),
    check: bool = typer.Option(False, "--check", help=_("No escribe: sale con 1 si los esquemas de la carpeta están desactualizados.")),
) -> None:
    from ..fsutil import os_error_es
    from ..pipeline.inputs import no_link_in_repository
    from ..schema_export import schema_texts, write_schemas

    path_arg(out, _("la carpeta de «--out»"))
    no_link_in_repository(out)
    if check:
        stale = [n for n, t in schema_texts().items() if not _holds(out / n, t.encode("utf-8"))]
        if stale:
            console(stderr=True).print(escape(_("Esquemas desactualizados en {out}: {items}. Ejecute «coprod schema --out {out}».").format(out=out, items=', '.join(stale))))
            raise typer.Exit(EXIT_PROBLEMS)
        console().print(escape(_("Los esquemas de {out} están al día.").format(out=out)))
        return
    try:
        written = write_schemas(out)
    except OSError as exc:
        fail(_("no se pudieron escribir los esquemas en «{out}» ({value}); los que ya estaban quedaron completos. Corrija eso y repita la orden.").format(out=out, value=os_error_es(exc)))
    for path in written:
        console().print(escape(_("escrito {path}").format(path=path)))


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data`` (unreadable or missing: no)."""
    try:
        return path.is_file() and path.read_bytes() == data
    except OSError:
        return False
