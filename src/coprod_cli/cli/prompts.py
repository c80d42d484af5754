"""Questions on a terminal, for `coprod init` and `coprod new`: what the options
left out is asked, each answer checked when it is typed (by the same checks
the options go through) and asked again with the suggestion. Never asked in CI
or a script: only on a terminal and without --no-input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import typer

from ..errors import CoprodError
from ..lang import _
from ..model.labels import NIVEL_ACTOR, SECTOR_PREGUNTA
from .common import console, escape


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def interactive(no_input: bool) -> bool:
    """Questions only on a terminal and without --no-input (CI and scripts never wait)."""
    return not no_input and _stdin_is_terminal()


def ask(question: str, default: str | None = None, required: bool = True, check: Any = None) -> str:
    """Ask until the answer passes ``check`` (which raises CoprodError with a Spanish message)."""
    while True:
        answer = typer.prompt(question, default=default if default is not None else ("" if not required else None), show_default=bool(default))
        answer = str(answer).strip()
        if not answer and required:
            console(stderr=True).print(_("Escriba una respuesta."))
            continue
        if check is not None and answer:
            try:
                check(answer)
            except CoprodError as exc:
                console(stderr=True).print(f"[red]{escape(str(exc))}[/red]")
                continue
        return answer


def ask_choice(
    question: str,
    choices: list[tuple[str, str]],
    default: str | None = None,
    resolve: Any = None,
    required: bool = True,
) -> str:
    """Show a numbered list and accept a number or an id (or what ``resolve``
    accepts: it returns the id or raises CoprodError with the suggestion)."""
    out = console()
    for n, (ident, label) in enumerate(choices, 1):
        out.print(f"  {n:>2}. {escape(ident)} — {escape(label)}")
    ids = [c[0] for c in choices]

    def pick(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            return ids[int(answer) - 1]
        if resolve is not None:
            try:
                return str(resolve(answer))
            except CoprodError as exc:
                raise CoprodError(_("{exc}; o escriba un número de la lista (1 a {n})").format(exc=exc, n=len(ids))) from None
        if answer not in ids:
            from ..model.validate import suggest

            raise CoprodError(_("«{answer}» no está en la lista{value}; escriba un número o un id").format(answer=answer, value=suggest(answer, ids)))
        return answer

    answer = ask(question, default=default, check=pick, required=required)
    return pick(answer) if answer else ""


def split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def year(text: str) -> int:
    from ..model.types import check_year

    return check_year(int(text) if text.strip().isdigit() else None, text, _(" (por ejemplo 2026)"))


def init_questions(answers: dict[str, Any]) -> dict[str, Any]:
    """Ask, on a terminal, what the options of `init` left out (``answers`` holds the options)."""
    from ..scaffold.countries import DEFAULT_COUNTRY, PROFILES, profile
    from ..scaffold.init import default_strategy, this_year

    out = dict(answers)
    if out["country"] is None:
        choices = ", ".join(f"{p.code} {p.name}" for p in PROFILES.values())
        out["country"] = ask(_("País ({choices})").format(choices=choices), default=DEFAULT_COUNTRY, check=profile).upper()
    p = profile(out["country"])
    if not out["canton"]:
        out["canton"] = ask(_("Nombre del {division}").format(division=_(p.division)))
    if out["province"] is None:
        out["province"] = ask(_("{region} (opcional)").format(region=p.region.capitalize()), required=False) or None
    if out["start"] is None:
        out["start"] = int(ask(_("Año de inicio de la estrategia"), default=str(this_year()), check=year))
    if out["end"] is None:
        out["end"] = int(ask(_("Año de cierre de la estrategia"), default=str(out["start"] + 3), check=year))
    if out["strategy"] is None:
        out["strategy"] = ask(_("Nombre de la estrategia"), default=default_strategy(out["canton"], out["start"], out["end"]))
    if not out["territories"]:
        out["territories"] = split(ask(_("{subdivisions} priorizados, separados por comas (opcional)").format(subdivisions=_(p.subdivision_plural).capitalize()), required=False))
    return out


#: The labels of the sectors and levels an actor is asked for (model/labels.py).
ACTOR_LABELS = {**SECTOR_PREGUNTA, **NIVEL_ACTOR}


def actor_questions(answers: dict[str, Any]) -> dict[str, Any]:
    """Ask, on a terminal, what the options of `new actor` left out."""
    from ..scaffold.new import NIVELES_ACTOR, SECTORES

    out = dict(answers)
    if not out["name"]:
        out["name"] = ask(_("Nombre del actor"))
    if out["acronym"] is None:
        out["acronym"] = ask(_("Siglas (opcional)"), required=False) or None
    if not out["sector"]:
        console().print(_("Sectores:"))
        out["sector"] = ask_choice(_("Sector (número o nombre)"), [(s, ACTOR_LABELS[s]) for s in SECTORES])
    if not out["level"]:
        console().print(_("Niveles:"))
        out["level"] = ask_choice(_("Nivel (número o nombre)"), [(n, ACTOR_LABELS[n]) for n in NIVELES_ACTOR])
    return out


def plan_year_question(repo: Any) -> int:
    """Ask for the year of a new annual plan, refusing a year that has one."""
    from ..scaffold.new import next_plan_year, plan_years

    taken = plan_years(repo)

    def free(answer: str) -> None:
        if int(year(answer)) in taken:
            raise CoprodError(_("ya existe el plan anual {answer} («planes/{answer}.yaml»); elija otro año").format(answer=answer))

    if taken:
        console().print(escape(_("Planes anuales que ya existen: {items}.").format(items=', '.join(map(str, taken)))))
    return int(ask(_("Año del plan"), default=str(next_plan_year(repo)), check=free))


def asker(origin: dict[str, str]) -> Callable[..., str]:
    """``ask`` that also notes, in ``origin``, which question a value answers."""

    def ask_named(name: str, question: str, **kw: Any) -> str:
        answer = ask(question, **kw)
        origin[name] = _("la respuesta a «{question}»").format(question=question)
        return answer

    return ask_named


def agreement_questions(repo: Any, given: dict[str, Any], origin: dict[str, str]) -> dict[str, Any]:
    """Ask, on a terminal, what the options of `new agreement` left out.

    Each answer is checked when it is typed, by the same checks the options go
    through (scaffold/new.py), and asked again with the suggestion; an option
    given with the questions is checked first, before any question. ``origin``
    gets, for each answered value, the question it answers: a message at the
    end names that, never an option the person did not type.
    """
    questions = _AgreementQuestions(repo, dict(given), origin)
    questions.check_given()
    questions.identity()
    questions.actors()
    questions.texts()
    questions.axis()
    questions.action()
    questions.term()
    return questions.out


class _AgreementQuestions:
    """The steps of ``agreement_questions``, sharing the repository and the answers so far."""

    def __init__(self, repo: Any, out: dict[str, Any], origin: dict[str, str]) -> None:
        from ..scaffold.new import actor_lookup

        self.repo, self.out, self.origin = repo, out, origin
        self.ask = asker(origin)
        self.lookup = actor_lookup(repo)

    def check_given(self) -> None:
        """Options typed with the questions: refused now, not after every question."""
        from ..scaffold.new import check_month, check_new_id, check_schedule_axis, check_title

        out = self.out
        if out["title"]:
            check_title(out["title"], "--title")
        if out["id"]:
            check_new_id(self.repo, out["id"], out["title"] or out["id"])
        if out["lead"]:
            self.lookup.resolve(out["lead"], "--lead")
        for c in out["collaborator"] or []:
            for part in split(c):
                self.lookup.resolve(part, "--collaborator")
        for name in ("start", "end"):
            if out[name]:
                check_month(out[name], f"--{name}")
        if out["axis"]:
            check_schedule_axis(self.repo, out["axis"], "--axis")

    def identity(self) -> None:
        from ..scaffold.new import check_new_id, check_title, next_agreement_id

        out, repo = self.out, self.repo
        if not out["title"]:
            out["title"] = self.ask("title", _("Título del acuerdo"), check=lambda a: check_title(a, None))
        if not out["id"]:
            out["id"] = self.ask(
                "id", _("Id del acuerdo (nombre del archivo)"), default=next_agreement_id(repo, out["title"]),
                check=lambda a: check_new_id(repo, a, out["title"]),
            )

    def actors(self) -> None:
        from ..scaffold.new import actor_choices

        out, lookup = self.out, self.lookup
        choices = actor_choices(self.repo)
        ids = [c[0] for c in choices]

        def actor(answer: str) -> str:
            return ids[int(answer) - 1] if answer.isdigit() and 1 <= int(answer) <= len(ids) else lookup.resolve(answer)

        if not out["lead"]:
            console().print(_("Actores del mapa de actores:"))
            out["lead"] = ask_choice(_("Actor encargado (número, id o siglas)"), choices, resolve=lookup.resolve)
            self.origin["lead"] = _("la respuesta a «{question}»").format(question=_("Actor encargado"))
        if out["collaborator"] is None:

            def many(answer: str) -> list[str]:
                return [actor(x) for x in split(answer)]

            answer = self.ask("collaborators", _("Actores colaboradores: números, ids o siglas separados por comas (opcional)"), required=False, check=many)
            out["collaborator"] = [x for x in dict.fromkeys(many(answer)) if x != out["lead"]]

    def texts(self) -> None:
        from ..scaffold.init import clean_text

        out = self.out
        if out["civil_society"] is None:
            out["civil_society"] = self.ask(
                "civil_society", _("Actores de la sociedad civil que se integran (opcional)"), required=False,
                check=lambda a: clean_text(a, _("la respuesta")),
            ) or None
        if out["objective"] is None:
            out["objective"] = self.ask(
                "objective", _("Objetivo del acuerdo (opcional)"), required=False, check=lambda a: clean_text(a, _("la respuesta"))
            ) or None

    def axis(self) -> None:
        """The schedule (section 5) needs an axis, one of its strategic actions and the term."""
        from ..scaffold.new import axis_lookup, check_schedule_axis

        out, repo = self.out, self.repo
        if out["axis"]:
            return
        manifest = repo.manifest
        axes = [e for e in manifest.estrategia.ejes if e.acciones] if manifest else []
        if not axes:
            console().print(
                _("«canton.yaml» aún no tiene acciones estratégicas en sus ejes: el cronograma queda para después "
                "(agréguelas y complete «cronograma» en el archivo del acuerdo).")
            )
            return
        console().print(_("Ejes de la estrategia (con sus acciones estratégicas):"))
        lookup = axis_lookup(repo)
        later = out["action"] is None  # with --action, the axis is needed now
        out["axis"] = ask_choice(
            _("Eje del cronograma (número o id; vacío para dejarlo para después)") if later else _("Eje del cronograma (número o id)"),
            [(e.id, _("{name} (acciones {actions})").format(name=e.nombre, actions=", ".join(str(a.numero) for a in e.acciones))) for e in axes],
            resolve=lambda a: check_schedule_axis(repo, lookup.resolve(a), None),
            required=not later,
        ) or None
        if out["axis"]:
            self.origin["axis"] = _("la respuesta a «{question}»").format(question=_("Eje del cronograma"))

    def action(self) -> None:
        from ..scaffold.new import axis_actions, check_action, check_schedule_axis

        out, repo = self.out, self.repo
        if not out["axis"] or out["action"] is not None:
            return
        actions = axis_actions(repo, check_schedule_axis(repo, out["axis"], None))
        for number, name in actions:
            console().print(f"  {number:>2}. {escape(name)}")
        answer = self.ask(
            "action", _("Acción estratégica (número)"), default=str(actions[0][0]) if len(actions) == 1 else None,
            check=lambda a: check_action(repo, out["axis"], a, None),
        )
        out["action"] = str(check_action(repo, out["axis"], answer, None))

    def term(self) -> None:
        from ..scaffold.new import check_month, check_term

        out = self.out
        if out["start"] is not None or out["end"] is not None:
            return
        out["start"] = self.ask(
            "start", _("Inicio del plazo, AAAA-MM (vacío para dejarlo para después)"), required=False,
            check=lambda a: check_month(a, None),
        ) or None
        if out["start"]:
            first = check_month(out["start"], None)
            out["end"] = self.ask("end", _("Fin del plazo, AAAA-MM"), check=lambda a: check_term(first, check_month(a, None)))


def session_questions(root: Any, repo: Any, given: dict[str, Any], origin: dict[str, str]) -> dict[str, Any]:
    """Ask, on a terminal, what the options of `new session` left out (options given are checked first)."""
    import datetime as dt

    from ..edit.sessionfile import parse_date
    from ..model.labels import label
    from ..scaffold.answers import axis_lookup
    from ..scaffold.session import INSTANCIAS, TIPOS, check_choice, check_suffix, existing_session, session_stem

    out, ask_named = dict(given), asker(origin)
    if out["date"]:
        parse_date(out["date"], _("«{value}»").format(value="--date " + out["date"]))
    for name, allowed, what in (("type", TIPOS, _("tipo de sesión")), ("body", INSTANCIAS, _("instancia"))):
        if out[name]:
            check_choice(out[name], allowed, what, f"--{name}")
    if out["axis"]:
        axis_lookup(repo).resolve(out["axis"], "--axis")
    if out["suffix"]:
        check_suffix(out["suffix"])
    if not out["date"]:
        out["date"] = ask_named("date", _("Fecha de la sesión, AAAA-MM-DD"), default=dt.date.today().isoformat(),
                                check=lambda a: parse_date(a, _("«{value}»").format(value=a)))
    if not out["body"]:
        out["body"] = ask_choice(_("Instancia (número o nombre)"), [(i, label(i)) for i in INSTANCIAS], default="consejo")
    if not out["type"]:
        out["type"] = ask_choice(_("Tipo de sesión (número o nombre)"), [(t, t) for t in TIPOS], default="ordinaria")
    if out["body"] == "grupo_trabajo" and not out["axis"]:
        lookup = axis_lookup(repo)
        out["axis"] = ask_choice(_("Eje del grupo de trabajo (número o id)"), [(i, lookup.labels[i]) for i in lookup.ids], resolve=lookup.resolve)
        origin["axis"] = _("la respuesta a «{question}»").format(question=_("Eje del grupo de trabajo"))
    if out["place"] is None:
        before = [s for _, s in repo.valid_sessions() if s.instancia == out["body"] and s.lugar]
        out["place"] = ask_named("place", _("Lugar (opcional)"), default=before[-1].lugar if before else None, required=False) or None
    day = parse_date(out["date"], _("«{value}»").format(value=out["date"]))
    if not out["suffix"] and existing_session(root, session_stem(day, None)):

        def free(answer: str) -> None:
            if existing_session(root, session_stem(day, check_suffix(answer, _("la respuesta")))):
                raise CoprodError(_("también existe «{value}»; elija otro sufijo").format(value=session_stem(day, check_suffix(answer, _("la respuesta")))))

        console().print(escape(_("Ya hay una sesión el {day} («sesiones/{value}.yaml»).").format(day=day, value=session_stem(day, None))))
        out["suffix"] = ask_named("suffix", _("Sufijo para el archivo de esta otra sesión (por ejemplo los-guido)"), check=free)
    return out
