"""`coprod validate` as a function: paths in, checked repositories out."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .inputs import rel_to, roots_of

#: Opens a progress display for one repository and yields its ``(done, total)`` callback (or None).
Progress = Callable[[], AbstractContextManager[Any]]


@dataclass
class ValidationRun:
    """The checked repositories, each narrowed to what was asked about."""

    results: list[Any] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.results)

    def failing(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))


def validate_repository(
    paths: list[Path],
    changed_since: str | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    as_of: Any = None,
) -> ValidationRun:
    """Find the repositories of ``paths``, load and check each (through the
    cache when it may be used), and keep the report to the files named or,
    with ``changed_since``, to the files a change touches. ``as_of``: the
    month of the dated rules (a ``Month``; None for the current month)."""
    run = ValidationRun()
    for root, only in roots_of(paths or [Path(".")]).items():
        changed = _changed(root, changed_since)
        with (progress or nullcontext)() as on_progress:
            result = _check(root, changed, use_cache, on_progress, as_of)
        _narrow(result, root, only, changed)
        run.results.append(result)
    return run


def _changed(root: Path, changed_since: str | None) -> set[str] | None:
    if changed_since is None:
        return None
    from ..gitrepo import changed_paths

    return changed_paths(root, changed_since)  # GitError: a CoprodError with its Spanish message


def _check(root: Path, changed: set[str] | None, use_cache: bool, on_progress: Any, now: Any = None) -> Any:
    from ..check.engine import check_repository
    from ..gcutil import no_cyclic_gc
    from ..load.repository import load_repository

    with no_cyclic_gc():
        if not use_cache or changed is not None:
            return check_repository(load_repository(root, on_progress=on_progress), changed=changed, now=now)
        return validate_cached(root, on_progress=on_progress, now=now)


def validate_cached(root: Path, workers: int | None = None, on_progress: Any = None, now: Any = None) -> Any:
    """`check_repository(load_repository(root))`, reusing unchanged agreements
    (check/cache.py: what is reused and why it can be trusted). ``now``: the
    month of the dated rules (default: the current month); the cache keys on it."""
    from ..check.cache import cache_key, open_cache
    from ..check.engine import check_repository, today
    from ..load.repository import load_repository, survey

    root = root.resolve()
    now = now or today()
    secret = cache_key()
    if secret is None:
        return check_repository(load_repository(root, workers=workers, on_progress=on_progress), now=now)
    # Each file is read at most once: the same bytes are hashed for the cache and parsed
    # (an agreement whose size, times and inode are unchanged is not read at all).
    layout = survey(root)
    cache = open_cache(root, secret, layout, now)
    repo = load_repository(root, workers=workers, reuse=cache.reuse, on_progress=on_progress, layout=layout, contents=cache.contents)
    result = check_repository(repo, cache.cached, now=now)
    cache.save(repo, result)
    return result


def load_counted(root: Path, now: Any = None) -> tuple[Any, dict[str, int]]:
    """The whole repository loaded (every model: status and report compute
    figures from them) and the counts of its full check: ``{"errors", "warnings"}``.

    Why the validation cache here too: the counts of an unchanged agreement's
    file-scope rules are in it (a ``validate`` has usually just run), so only
    the index-scope rules and the changed files are checked. Nothing is saved:
    diagnostics counted without their lines must never reach the cache.
    """
    from dataclasses import replace

    from ..check.cache import cache_key, open_cache
    from ..check.engine import check_repository, today
    from ..gcutil import no_cyclic_gc
    from ..load.repository import Document, load_repository, survey
    from ..load.yamlsource import DeferredSource, read_raw

    root = root.resolve()
    now = now or today()
    secret = cache_key()
    layout = survey(root)
    if secret is None:
        repo = load_repository(root, layout=layout)
        return repo, _counts(check_repository(repo, now=now, locate=False))
    cache = open_cache(root, secret, layout, now)
    contents = dict(cache.contents)
    vouched = {}  # agreements whose cached diagnostics describe exactly the bytes now parsed
    for path, rel, _kind, _ in layout.items:
        if rel in cache.reuse and rel not in contents:  # trusted by its stat, not read yet
            contents[rel] = read_raw(path)
        if rel in cache.reuse and cache.same_bytes(rel, contents[rel]):
            vouched[rel] = cache.reuse[rel]
    repo = load_repository(root, layout=layout, contents=contents)
    del contents
    cache.contents.clear()
    for d in repo.acuerdos:
        if d.model is not None and not d.source.problems:
            # Nothing here locates a problem (the counts only): 10 000 texts are 75 MB
            # of the peak; read again from disk only if something asks for one.
            d.source = DeferredSource(path=d.source.path, rel=d.rel, fast=d.source.fast)
    # As validate_cached loads them: a fresh source (its reading problems are in the cached diagnostics), no model.
    stubs = [
        Document(source=DeferredSource(path=d.source.path, rel=d.rel, fast=True), kind=d.kind, cached=True,
                 cached_id=vouched[d.rel][1], cached_actions=vouched[d.rel][2]) if d.rel in vouched else d
        for d in repo.acuerdos
    ]
    cached = {rel: diags for rel, diags in cache.cached.items() if rel in vouched}
    with no_cyclic_gc():
        checked = check_repository(replace(repo, acuerdos=stubs), cached, now=now, locate=False)
    return repo, _counts(checked)


def _counts(checked: Any) -> dict[str, int]:
    return {"errors": checked.errors, "warnings": checked.warnings}


def _narrow(result: Any, root: Path, only: set[Path] | None, changed: set[str] | None) -> None:
    if only is not None:
        # Files outside the repository's layout (a README, .pre-commit-config.yaml) match nothing.
        result.restrict(rel_to(root, f) for f in only)
    if changed is not None:
        from ..check.engine import template_changes
        from ..check.scope import affected_files

        affected = affected_files(result.repo, changed)
        if affected is not None:
            result.restrict(affected | set(template_changes(changed)))


def recheck(root: Path) -> Any:
    """The whole repository checked again, after a write (no cache: the write just changed it)."""
    from ..check.engine import check_repository
    from ..load.repository import load_repository

    return check_repository(load_repository(root))
