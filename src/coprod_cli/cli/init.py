"""`coprod init`: a new agreements repository for a canton."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..lang import _
from .application import app
from .common import console, escape, fail, int_option, path_arg, validation_summary
from .prompts import init_questions, interactive


@app.command(help=_(
        "Crea el repositorio de acuerdos de un cantón: manifiesto, mapa de actores,\n"
        "plan del año, plantilla de acuerdo, guía para la Secretaría Técnica y\n"
        "revisión automática (GitHub, GitLab, pre-commit).\n"
        "\n"
        "En una terminal pregunta lo que falta; con --no-input todo se toma de las opciones."
    ))
def init(
    directory: Path = typer.Argument(..., metavar=_("CARPETA"), help=_("Carpeta nueva (o vacía) donde crear el repositorio."), show_default=False),
    canton: str | None = typer.Option(None, "--canton", help=_("Nombre del cantón (o municipio, comuna)."), show_default=False),
    province: str | None = typer.Option(None, "--province", help=_("Provincia (o estado, región, departamento)."), show_default=False),
    country: str | None = typer.Option(None, "--country", help=_("País: CR (Costa Rica, por defecto), MX, CL o CO."), show_default=False),
    strategy: str | None = typer.Option(None, "--strategy", help=_("Nombre de la Estrategia Preventiva local."), show_default=False),
    start_year: str | None = typer.Option(None, "--start-year", help=_("Año de inicio de la estrategia (por defecto, el actual)."), show_default=False),
    end_year: str | None = typer.Option(None, "--end-year", help=_("Año de cierre (por defecto, inicio + 3)."), show_default=False),
    territory: list[str] | None = typer.Option(None, "--territory", help=_("Un territorio priorizado (distrito…); repita la opción para varios."), show_default=False),
    council: str | None = typer.Option(None, "--council", help=_("Nombre del consejo (por defecto, el del país)."), show_default=False),
    no_git: bool = typer.Option(False, "--no-git", help=_("No ejecuta «git init».")),
    no_input: bool = typer.Option(False, "--no-input", help=_("No hace preguntas: todo se toma de las opciones.")),
) -> None:
    from ..scaffold.countries import DEFAULT_COUNTRY
    from ..scaffold.init import InitOptions, check_target, create_repository

    path_arg(directory, _("la carpeta"))
    check_target(directory)
    answers: dict[str, Any] = dict(
        canton=canton, province=province, country=country, strategy=strategy,
        start=int_option(start_year, "--start-year"), end=int_option(end_year, "--end-year"),
        territories=list(territory or []),
    )
    if interactive(no_input):
        answers = init_questions(answers)
    elif not canton:
        fail(_("falta la opción «--canton» (o ejecute la orden en una terminal para responder las preguntas)"))
    opts = InitOptions(
        canton=answers["canton"] or "",
        provincia=answers["province"],
        country=answers["country"] or DEFAULT_COUNTRY,
        strategy=answers["strategy"],
        start=answers["start"],
        end=answers["end"],
        territories=answers["territories"],
        council=council,
        git=not no_git,
    )
    _created(directory, opts, create_repository(directory, opts))


def _created(directory: Path, opts: Any, result: Any) -> None:
    from ..scaffold.countries import profile

    p = profile(opts.country)
    out = console()
    out.print(escape(_(
            "Repositorio de acuerdos creado en «{directory}» ({division} {canton}, {country}): {n} archivos."
        ).format(directory=directory, division=_(p.division), canton=opts.canton.strip(), country=p.name, n=len(result.files))))
    for f in result.files:
        out.print(escape(f"  {f}"))
    out.print(escape(f"git: {result.git}."))
    validation_summary(result.root)
    out.print(
        escape(
            _(
                    "Siguientes pasos: lea «{readme}»; complete titulares y suplentes en «actores.yaml»; agregue acuerdos con "
                    "«coprod new agreement {directory}»."
                ).format(readme=directory / 'README.md', directory=directory)
        )
    )
