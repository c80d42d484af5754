"""The repository as the app sees it: loaded again whenever a file changed on
disk (a change made in a text editor shows on reload), else kept.

Why a fingerprint and not a watcher: a watcher needs a thread per platform; the
fingerprint (path, size, mtime) of the YAML files is a directory walk, a few
milliseconds on the example and tens on 10,000 files, and the edits made by the
app change it like any other write.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .security import Guard

#: The folders whose YAML files make the repository (load/repository.py reads these).
WATCHED = ("acuerdos", "sesiones", "planes")
#: Values kept at once (figures at a month, rendered report folders…), the least recently used dropped first.
MAX_KEPT = 24
#: The heavy kinds, by key prefix: a month's figures and the report views of 10,000 agreements are hundreds
#: of MB each (benchmarks/serve.py: 2.6 GB with every month kept), so only the latest months stay.
KEPT_PER_KIND = {"status": 2, "dues": 2, "tablero": 2, "report-job": 1, "report": 12}


def fingerprint(root: Path) -> tuple[Any, ...]:
    """(name, size, mtime_ns) of every YAML file the repository is made of, sorted; links are not followed."""
    items: list[tuple[Any, ...]] = []
    for name in ("canton.yaml", "actores.yaml", "canton.yml", "actores.yml"):
        _add(items, root / name, name)
    for folder in WATCHED:
        try:
            with os.scandir(root / folder) as entries:
                for e in entries:
                    if e.name.endswith((".yaml", ".yml")):
                        st = e.stat(follow_symlinks=False)
                        items.append((f"{folder}/{e.name}", *_stamp(st)))
        except OSError:
            continue
    return tuple(sorted(items))


def _add(items: list[tuple[Any, ...]], path: Path, name: str) -> None:
    try:
        st = path.lstat()
    except OSError:
        return
    items.append((name, *_stamp(st)))


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """Size, mtime, ctime and inode: an edit of the same size within the file system's mtime step (1–2 s on
    FAT and network drives, or an editor that keeps the mtime) still changes the ctime or, saved by renaming
    a new file over it (coprod, most editors), the inode."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


#: The fingerprint of the value this thread is building, if any (see ``AppState.cached``).
_BUILDING = threading.local()


@dataclass
class AppState:
    """One per server: the repository root, the guard's keys and the cached loads."""

    root: Path
    guard: Guard
    #: git commit from the app (optional, off unless `coprod serve --git`).
    git: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: OrderedDict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=OrderedDict)
    _building: dict[str, threading.Lock] = field(default_factory=dict)

    def cached(self, key: str, build: Any) -> Any:
        """``build()`` again when a file of the repository changed since the last time, else the kept value.

        One build per key at a time: a request that arrives while the same value is being built (another
        tab) waits for it instead of building it twice. Values of an older
        fingerprint are dropped as soon as a newer one is seen, and at most MAX_KEPT values are kept
        (each month's figures of a large canton are big)."""
        # Inside another value's build (the board needs the figures, which need the repository), the outer
        # fingerprint serves: the directory is walked once, and the values built together see one state.
        outer = getattr(_BUILDING, "fingerprint", None)
        now = outer if outer is not None else fingerprint(self.root)
        with self._lock:
            builder = self._building.setdefault(key, threading.Lock())
        with builder:
            with self._lock:
                kept = self._cache.get(key)
                if kept is not None and kept[0] == now:
                    self._cache.move_to_end(key)
                    return kept[1]
            _BUILDING.fingerprint = now
            try:
                value = build()
            finally:
                _BUILDING.fingerprint = outer
            with self._lock:
                for old in [k for k, (seen, _) in self._cache.items() if seen != now]:
                    del self._cache[old]
                self._cache[key] = (now, value)
                self._evict(key)
            return value

    def _evict(self, newest: str) -> None:
        """At most MAX_KEPT values, and at most KEPT_PER_KIND of a heavy kind (least recently used first)."""
        kind = newest.split(":", 1)[0]
        same = [k for k in self._cache if k.split(":", 1)[0] == kind]
        for old in same[: max(0, len(same) - KEPT_PER_KIND.get(kind, MAX_KEPT))]:
            del self._cache[old]
        while len(self._cache) > MAX_KEPT:
            self._cache.popitem(last=False)

    def repository(self) -> Any:
        """The loaded repository (load/repository.Repository), fresh from disk when a file changed."""
        from ..pipeline.inputs import load_one

        return self.cached("repository", lambda: _thawed(load_one(self.root)))

    def canton_name(self) -> str:
        try:
            doc = self.repository().canton
            return str(doc.model.canton) if doc is not None and doc.model is not None else self.root.name
        except Exception:  # noqa: BLE001 - the menu must show even when the repository does not load
            return self.root.name


def _thawed(value: Any) -> Any:
    """``value``, with what the loader froze out of the cyclic collector's reach put back in it.

    Why: a command's repository lives until the command ends; the server drops one at every change on
    disk, and a frozen one with a cycle in it would never be freed."""
    import gc

    gc.unfreeze()
    return value


def state_of(request: Any) -> AppState:
    state: AppState = request.app.state.coprod
    return state
