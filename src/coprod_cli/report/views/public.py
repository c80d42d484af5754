"""The redacted source of public reports: the one place personal data is removed."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from ...compute.checklist import checklist
from ...compute.figures import AgreementFigures, RepoFigures
from ...compute.progress import progress
from ...load.repository import Document, Repository
from ...model.personal import free_texts, maybe_contact, redact, scrub_text


def public_source(repo: Repository, fig: RepoFigures) -> tuple[Repository, RepoFigures]:
    """The repository and figures with every personal field set to None, and
    every e-mail address and phone number typed into a free text replaced by
    a mark (model/personal.py: ``redact``).

    The one place personal data is removed for public outputs: the context
    is then built from these, so nothing personal can reach a template.
    """
    done: dict[int, Any] = {}

    def once(model: Any) -> Any:  # the figures share each agreement's model with its document
        if id(model) not in done:
            done[id(model)] = redact(model)
        return done[id(model)]

    def doc(d: Any) -> Any:
        return replace(d, model=once(d.model)) if d is not None and d.model is not None else d

    # Why every field: a kind of file added later (sessions, with the name of
    # a delegate who attended) must not reach a public report unredacted
    # because this list forgot it.
    changes: dict[str, Any] = {}
    for f in fields(repo):
        value = getattr(repo, f.name)
        if isinstance(value, Document):
            changes[f.name] = doc(value)
        elif isinstance(value, list) and any(isinstance(d, Document) for d in value):
            changes[f.name] = [doc(d) for d in value]
    public_repo = replace(repo, **changes)
    # The figures hold texts of their own, taken from the files before the
    # redaction: each commitment's description and note and each criterion's
    # observations (made again from the redacted agreement when it had contact
    # data to scrub), and the names of actors, axes, actions and territories.
    def agreement(f: AgreementFigures) -> AgreementFigures:
        public = once(f.acuerdo)
        changes: dict[str, Any] = {}
        if maybe_contact("\x00".join(text for _, text in free_texts(f.acuerdo))):
            changes.update(checklist=checklist(public), progress=progress(public, fig.as_of))
        return replace(
            f,
            acuerdo=public,
            lead_actor_name=scrub_text(f.lead_actor_name) or "",
            axis_name=scrub_text(f.axis_name),
            action_name=scrub_text(f.action_name),
            **changes,
        )

    public_fig = replace(
        fig,
        canton=scrub_text(fig.canton),
        agreements=[agreement(f) for f in fig.agreements],
        rollups={dim: [replace(r, name=scrub_text(r.name) or "") for r in rs] for dim, rs in fig.rollups.items()},
    )
    return public_repo, public_fig
