"""Compare a canton repository at two revisions (``coprod diff``): agreements
added, removed and changed, with their checklist and progress before and
after, other files changed, and problems that appeared or went away.

No I/O: the caller loads both repositories (from git) and gives them here.

* Agreements are matched by id (by file name when the file does not load),
  so renaming a file is a change, not a removal and an addition.
* An agreement changed when its file's text changed (or it moved).
* Problems are compared by (file, code, message), ignoring line and column:
  a problem that only moved because lines were added above it is neither new
  nor resolved. Identical problems are counted (a multiset).
* Of a changed agreement that loads on both sides, what a reviewer acts on:
  each month (or sub-activity) whose level or note changed, from what to
  what, and each monitoring criterion whose answer or result flipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..check.diagnostics import Diagnostic
from ..check.engine import CheckResult
from ..load.repository import Document, Repository
from ..model.models import Acuerdo
from ..model.records import first_entries, first_subentries
from ..model.types import Month
from .checklist import Checklist, checklist
from .figures import AgreementFigures, RepoFigures


@dataclass(frozen=True)
class AgreementState:
    """One agreement on one side of the comparison."""

    id: str
    file: str
    title: str | None
    status: str | None
    loads: bool  # False: the file has errors that keep it out of the figures
    checklist_met: int | None
    checklist_total: int | None
    checklist_percent: float | None
    to_date: float | None
    overall: float | None


@dataclass(frozen=True)
class LevelChange:
    """A month's (or a sub-activity's) recorded level or note, before → after (None: not recorded)."""

    month: Month
    subactivity: int | None
    before: int | None
    after: int | None
    note_before: str | None
    note_after: str | None


@dataclass(frozen=True)
class CriterionChange:
    """A monitoring criterion whose recorded answer, result or observations changed."""

    number: int
    key: str
    text: str  # the protocol's wording
    answer_before: str | None  # "si", "no" or None
    answer_after: str | None
    met_before: bool
    met_after: bool
    observations_before: str | None
    observations_after: str | None


@dataclass(frozen=True)
class AgreementChange:
    id: str
    before: AgreementState | None
    after: AgreementState | None
    sections: tuple[str, ...] = ()  # top-level keys whose value changed
    levels: tuple[LevelChange, ...] = ()
    criteria: tuple[CriterionChange, ...] = ()


@dataclass(frozen=True)
class Side:
    """Totals of one side."""

    label: str  # the revision as given (e.g. "origin/main")
    commit: str | None  # full commit id, when known
    exists: bool  # False: no canton repository at that revision
    agreements: int
    errors: int
    warnings: int
    checklist_percent: float | None
    to_date: float | None
    overall: float | None


#: Where the cut-off month came from: the option, or the date of the newer of the two commits.
AS_OF_OPTION, AS_OF_COMMIT = "option", "commit"


@dataclass
class RepoDiff:
    as_of: Month
    canton: str | None
    base: Side
    head: Side
    added: list[AgreementChange] = field(default_factory=list)
    removed: list[AgreementChange] = field(default_factory=list)
    changed: list[AgreementChange] = field(default_factory=list)
    other_files: list[tuple[str, str]] = field(default_factory=list)  # (file, "added" | "removed" | "changed")
    new_problems: list[Diagnostic] = field(default_factory=list)
    resolved_problems: list[Diagnostic] = field(default_factory=list)
    as_of_source: str = AS_OF_OPTION
    as_of_commit: str | None = None  # the commit whose date gave the month (AS_OF_COMMIT)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other_files or self.new_problems or self.resolved_problems)


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (order-insensitive for maps)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _key(doc: Document[Any]) -> str:
    return doc.model.id if doc.model is not None else PurePosixPath(doc.rel).stem


def _state(doc: Document[Any], fig: AgreementFigures | None) -> AgreementState:
    model = doc.model
    data = doc.source.data if isinstance(doc.source.data, dict) else {}
    title = model.titulo if model is not None else (data.get("titulo") if isinstance(data.get("titulo"), str) else None)
    status = model.estado if model is not None else (data.get("estado") if isinstance(data.get("estado"), str) else None)
    return AgreementState(
        id=_key(doc),
        file=doc.rel,
        title=title,
        status=str(status) if status is not None else None,
        loads=fig is not None,
        checklist_met=fig.checklist.met if fig else None,
        checklist_total=fig.checklist.total if fig else None,
        checklist_percent=fig.checklist.percent if fig else None,
        to_date=fig.progress.to_date if fig else None,
        overall=fig.progress.overall if fig else None,
    )


def _sections(before: Document[Any], after: Document[Any]) -> tuple[str, ...]:
    a, b = _plain(before.source.data), _plain(after.source.data)
    if not isinstance(a, dict) or not isinstance(b, dict):
        return ()
    keys = list(dict.fromkeys([*a, *b]))
    return tuple(k for k in keys if a.get(k) != b.get(k))


def _levels(a: Acuerdo) -> dict[tuple[Month, int | None], tuple[int | None, str | None]]:
    """(month, sub-activity) → (level, note) as recorded; the first of a repeated month or sub-activity counts (CP209)."""
    out: dict[tuple[Month, int | None], tuple[int | None, str | None]] = {}
    for month, av in first_entries(a).items():
        if av.nivel is not None or not av.subactividades:
            out[(month, None)] = (av.nivel, av.nota)
        for number, sub in first_subentries(av).items():
            out[(month, number)] = (sub.nivel, sub.nota)
    return out


def level_changes(before: Acuerdo, after: Acuerdo) -> tuple[LevelChange, ...]:
    a, b = _levels(before), _levels(after)
    out = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], k[1] or 0)):
        (lb, nb), (la, na) = a.get(key, (None, None)), b.get(key, (None, None))
        if (lb, nb) != (la, na):
            out.append(LevelChange(key[0], key[1], lb, la, nb, na))
    return tuple(out)


def criterion_changes(before: Checklist, after: Checklist) -> tuple[CriterionChange, ...]:
    out = []
    for b, a in zip(before.items, after.items, strict=False):
        if (b.answer, b.met, b.observaciones) != (a.answer, a.met, a.observaciones):
            c = a.criterion
            out.append(CriterionChange(c.number, c.key, c.text, b.answer, a.answer, b.met, a.met, b.observaciones, a.observaciones))
    return tuple(out)


def _details(bd: Document[Any], ad: Document[Any]) -> tuple[tuple[LevelChange, ...], tuple[CriterionChange, ...]]:
    if bd.model is None or ad.model is None:
        return (), ()  # a side that does not load has no levels to compare (its problems are listed)
    return level_changes(bd.model, ad.model), criterion_changes(checklist(bd.model), checklist(ad.model))


def _agreements(repo: Repository | None, figs: RepoFigures | None) -> dict[str, tuple[Document[Any], AgreementState]]:
    if repo is None:
        return {}
    by_rel = {f.rel: f for f in figs.agreements} if figs else {}
    out: dict[str, tuple[Document[Any], AgreementState]] = {}
    for doc in repo.acuerdos:
        out.setdefault(_key(doc), (doc, _state(doc, by_rel.get(doc.rel))))
    return out


def _side(label: str, commit: str | None, checked: CheckResult | None, figs: RepoFigures | None) -> Side:
    return Side(
        label=label,
        commit=commit,
        exists=checked is not None,
        agreements=len(checked.repo.acuerdos) if checked else 0,
        errors=checked.errors if checked else 0,
        warnings=checked.warnings if checked else 0,
        checklist_percent=figs.checklist.percent if figs and figs.agreements else None,
        to_date=figs.progress.to_date if figs else None,
        overall=figs.progress.overall if figs else None,
    )


def _problem_key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.file, d.code, d.message)


def _only_in(mine: list[Diagnostic], theirs: list[Diagnostic]) -> list[Diagnostic]:
    left = Counter(_problem_key(d) for d in theirs)
    out = []
    for d in mine:
        k = _problem_key(d)
        if left[k]:
            left[k] -= 1
        else:
            out.append(d)
    return out


def compare(
    as_of: Month,
    base: tuple[str, str | None, CheckResult | None, RepoFigures | None],
    head: tuple[str, str | None, CheckResult | None, RepoFigures | None],
    as_of_commit: str | None = None,
) -> RepoDiff:
    """Each side is (label, commit, check result or None, figures or None); None = no repository there.
    ``as_of_commit``: the commit whose date gave ``as_of`` (None: the month was given)."""
    b_label, b_commit, b_checked, b_figs = base
    h_label, h_commit, h_checked, h_figs = head
    b_repo = b_checked.repo if b_checked else None
    h_repo = h_checked.repo if h_checked else None
    canton = (h_figs.canton if h_figs else None) or (b_figs.canton if b_figs else None)
    diff = RepoDiff(
        as_of=as_of,
        canton=canton,
        base=_side(b_label, b_commit, b_checked, b_figs),
        head=_side(h_label, h_commit, h_checked, h_figs),
        as_of_source=AS_OF_COMMIT if as_of_commit else AS_OF_OPTION,
        as_of_commit=as_of_commit,
    )

    before = _agreements(b_repo, b_figs)
    after = _agreements(h_repo, h_figs)
    for key in sorted(set(before) | set(after)):
        if key not in before:
            diff.added.append(AgreementChange(key, None, after[key][1]))
        elif key not in after:
            diff.removed.append(AgreementChange(key, before[key][1], None))
        else:
            (bd, bs), (ad, as_) = before[key], after[key]
            if bd.rel != ad.rel or bd.source.text != ad.source.text:
                levels, criteria = _details(bd, ad)
                diff.changed.append(AgreementChange(key, bs, as_, _sections(bd, ad), levels, criteria))

    def others(repo: Repository | None) -> dict[str, str]:
        if repo is None:
            return {}
        docs = [repo.canton, repo.actores, *repo.planes, *repo.sesiones]
        return {d.rel: d.source.text for d in docs if d is not None}

    ob, oa = others(b_repo), others(h_repo)
    for rel in sorted(set(ob) | set(oa)):
        if rel not in ob:
            diff.other_files.append((rel, "added"))
        elif rel not in oa:
            diff.other_files.append((rel, "removed"))
        elif ob[rel] != oa[rel]:
            diff.other_files.append((rel, "changed"))

    b_diags = b_checked.diagnostics if b_checked else []
    h_diags = h_checked.diagnostics if h_checked else []
    diff.new_problems = _only_in(h_diags, b_diags)
    diff.resolved_problems = _only_in(b_diags, h_diags)
    return diff
