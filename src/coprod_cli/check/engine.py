"""Run every stage's problems and every rule over a loaded repository and
return sorted, located diagnostics with the repository's configured severity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from .. import codes
from ..codes import info
from ..lang import N_, _
from ..load.repository import Repository
from ..model import types
from ..model.suggest import FileBudget
from ..model.types import Month
from ..model.validate import example_of
from ..problems import Problem
from .diagnostics import Diagnostic, sort_key
from .registry import RULES, Severity
from .targets import targets


@dataclass
class CheckResult:
    repo: Repository
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The files reported on (POSIX, relative to the root); None = the whole repository.
    scope: frozenset[str] | None = None

    def restrict(self, wanted: Iterable[str]) -> None:
        """Report only on ``wanted`` files or folders (relative to the root).

        The whole repository was still loaded and checked, so a rule that
        crosses files is right; only its report is narrowed. Paths that are
        not files of the repository (a README, another tool's YAML) match
        nothing and are ignored. Restricting twice keeps the intersection.
        """
        wanted = [w.rstrip("/") for w in wanted]
        candidates = {d.rel for d in self.repo.documents} | {d.file for d in self.diagnostics}
        chosen = {f for f in candidates if any(w in (".", "") or f == w or f.startswith(w + "/") for w in wanted)}
        self.scope = frozenset(chosen if self.scope is None else chosen & self.scope)
        self.diagnostics = [d for d in self.diagnostics if d.file in self.scope]

    @property
    def files(self) -> list[str]:
        """The files reported on: every file read (or in scope), and any file with a problem."""
        read = {d.rel for d in self.repo.documents} | {d.file for d in self.diagnostics}
        return sorted(read if self.scope is None else read & self.scope)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


@dataclass(frozen=True)
class Summary:
    """What every output format of `coprod validate` says in sum: one count for all.

    ``files_checked`` are the files reported on: every file of the repository
    when the whole repository is validated, only the files named (or changed,
    with ``--changed-since``) otherwise. The whole repository is still read
    and checked, since rules cross files; a file not reported on is not
    counted as checked.
    """

    files_checked: int
    files_with_problems: int
    errors: int
    warnings: int

    def failing(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def summarize(results: list[CheckResult]) -> Summary:
    return Summary(
        files_checked=sum(len(r.files) for r in results),
        files_with_problems=len({(id(r), d.file) for r in results for d in r.diagnostics}),
        errors=sum(r.errors for r in results),
        warnings=sum(r.warnings for r in results),
    )


def _severity_overrides(repo: Repository) -> dict[str, Severity | None]:
    out: dict[str, Severity | None] = {}
    manifest = repo.manifest
    if not manifest:
        return out
    for code, sev in manifest.reglas.items():
        rule = RULES.get(code)
        if rule is None or not rule.configurable:
            continue  # reported by CP508
        out[code] = None if sev == "desactivada" else (Severity.ERROR if sev == "error" else Severity.WARNING)
    return out


#: The folder of the repository's own report templates: code for the public website (CP009).
TEMPLATES = "templates"


def template_changes(changed: Iterable[str]) -> list[str]:
    """The changed paths (POSIX, relative to the root) under ``templates/``, or that folder itself."""
    return sorted(c for c in changed if c == TEMPLATES or c.startswith(TEMPLATES + "/"))


def today() -> Month:
    """The current month, for the rules that depend on the calendar (``Rule.dated``)."""
    return types.current_month()


def _with_suggestion(repo: Repository, sp: Problem, budget: FileBudget) -> str:
    """A reference that is not even an id (``IMAS``, «Desarrollo Local») is
    still looked up among its targets, by id, name and acronym."""
    ref = sp.arg("ref")
    if ref is None:
        return sp.message
    kind, written, clause = ref
    found = targets(repo, kind)
    if found is None or found.first is None:
        return sp.message
    hint = budget.hint(found, written)
    if hint:
        return clause + hint
    return sp.message.split(_(" (por ejemplo"), 1)[0] + example_of(found.first)  # an example from this repository


def check_repository(
    repo: Repository,
    cached: dict[str, list[Diagnostic]] | None = None,
    changed: Iterable[str] | None = None,
    now: Month | None = None,
    locate: bool = True,
) -> CheckResult:
    """Every diagnostic of the repository, sorted.

    ``cached`` holds, for agreement files the validation cache vouches for,
    their diagnostics from file-scope rules (check/cache.py); index-scope rules
    run over every agreement each time. ``changed`` (``validate
    --changed-since``): the paths a change touches, for what depends on the
    change itself rather than on the files (CP009). ``now``: the current month
    for the dated rules (default: this month). ``locate=False``: every
    diagnostic at line 0, column 0, for a caller that needs only the counts
    (status, report): finding lines costs a parse of each file with a problem.
    """
    now = now or today()
    result = CheckResult(repo)
    out = result.diagnostics
    for diagnostics in (cached or {}).values():
        out.extend(diagnostics)
    out.extend(_diagnostic(p) for p in _stage_problems(repo, changed, locate))
    out.extend(_diagnostic(p) for p in _rule_problems(repo, now, locate))
    out.sort(key=sort_key)
    _forget_positions(repo)
    return result


def _forget_positions(repo: Repository) -> None:
    """Every diagnostic has its line now: drop the libyaml nodes kept to find them
    (rebuilt if asked again). Why: thousands of files with a warning kept theirs
    alive, and with many cantons in one run, every canton's at once."""
    for doc in repo.documents:
        doc.source._nodes = None


def _diagnostic(p: Problem) -> Diagnostic:
    # A message kept as its Spanish source (N_: a module's constant) is shown in the language in use.
    return Diagnostic(p.file, p.line, p.column, p.code, p.effective_severity, _(p.message), info(p.code).name)


_TEMPLATE_CHANGED = N_(
    "el cambio toca una plantilla de los informes: las plantillas y style.css son código del sitio público "
    "(pueden agregar scripts, enlaces o textos a cada informe); revíselo como código antes de aceptarlo (SECURITY.md)"
)


def _stage_problems(repo: Repository, changed: Iterable[str] | None, locate: bool) -> Iterator[Problem]:
    """The problems of the layout, of the change (CP009), of reading and of the schema, located."""
    yield from repo.structure
    for rel in template_changes(changed or ()):
        yield Problem(codes.CP009, _(_TEMPLATE_CHANGED), 1, 1, file=rel)
    for doc in repo.documents:
        for lp in doc.source.problems:
            yield lp.located(doc.rel, lp.line, lp.column)
        budget = FileBudget()  # one file: a bounded number of «¿quiso decir…?»
        for sp in doc.schema_problems:
            line, col = doc.source.locate(sp.path, sp.target) if locate else (0, 0)
            yield replace(sp.located(doc.rel, line, col), message=_with_suggestion(repo, sp, budget))


def _rule_problems(repo: Repository, now: Month, locate: bool) -> Iterator[Problem]:
    """What every enabled rule reports, located, with the repository's severity."""
    overrides = _severity_overrides(repo)
    sources = {doc.rel: doc.source for doc in repo.documents}
    for code, rule in RULES.items():
        if rule.check is None:
            continue
        severity = overrides.get(code, rule.severity)
        if severity is None:
            continue
        for f in rule.check(repo, now) if rule.dated else rule.check(repo):
            line, col = sources[f.file].locate(f.path, f.target) if locate else (0, 0)
            yield replace(f.located(f.file, line, col), severity=severity)
