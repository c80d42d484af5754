"""The redacted source of public reports: the one place personal data is removed."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from ...compute.checklist import checklist
from ...compute.figures import AgreementFigures, RepoFigures
from ...compute.progress import progress
from ...load.repository import Document, Repository
from ...model.names import NameFinder, people_names
from ...model.personal import free_texts, maybe_contact, redact, scrub_text


class _Redactor:
    """Redacts each model once (the figures share each agreement's model with its document)."""

    def __init__(self, repo: Repository) -> None:
        self.names = NameFinder(people_names(d.model for d in repo.documents if d.model is not None))
        self.done: dict[int, Any] = {}

    def model(self, model: Any) -> Any:
        if id(model) not in self.done:
            self.done[id(model)] = redact(model, self.names)
        return self.done[id(model)]

    def text(self, value: str | None) -> str | None:
        value = scrub_text(value)
        return self.names.scrub(value) if value and self.names.maybe(value) else value

    def doc(self, d: Any) -> Any:
        return replace(d, model=self.model(d.model)) if d is not None and d.model is not None else d

    def agreement(self, f: AgreementFigures, as_of: Any) -> AgreementFigures:
        """The figures hold texts of their own, taken from the files before the
        redaction: each commitment's description and note and each criterion's
        observations (made again from the redacted agreement when it had
        contact data or a name to scrub), and the names of actors, axes,
        actions and territories."""
        public = self.model(f.acuerdo)
        changes: dict[str, Any] = {}
        joined = "\x00".join(t for _, t in free_texts(f.acuerdo))
        if maybe_contact(joined) or self.names.maybe(joined):
            changes.update(checklist=checklist(public), progress=progress(public, as_of))
        return replace(
            f,
            acuerdo=public,
            lead_actor_name=self.text(f.lead_actor_name) or "",
            axis_name=self.text(f.axis_name),
            action_name=self.text(f.action_name),
            **changes,
        )


def public_source(repo: Repository, fig: RepoFigures) -> tuple[Repository, RepoFigures]:
    """The repository and figures with every personal field set to None, and
    every e-mail address and phone number typed into a free text replaced by
    a mark (model/personal.py: ``redact``), and every name of a person the
    repository declares typed into one replaced by «[nombre retirado]»
    (model/names.py).

    The one place personal data is removed for public outputs: the context
    is then built from these, so nothing personal can reach a template.
    """
    r = _Redactor(repo)
    # Why every field: a kind of file added later (sessions, with the name of
    # a delegate who attended) must not reach a public report unredacted
    # because this list forgot it.
    changes: dict[str, Any] = {}
    for f in fields(repo):
        value = getattr(repo, f.name)
        if isinstance(value, Document):
            changes[f.name] = r.doc(value)
        elif isinstance(value, list) and any(isinstance(d, Document) for d in value):
            changes[f.name] = [r.doc(d) for d in value]
    public_fig = replace(
        fig,
        canton=r.text(fig.canton),
        agreements=[r.agreement(f, fig.as_of) for f in fig.agreements],
        rollups={dim: [replace(x, name=r.text(x.name) or "") for x in rs] for dim, rs in fig.rollups.items()},
    )
    return replace(repo, **changes), public_fig
