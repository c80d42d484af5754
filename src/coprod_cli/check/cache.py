"""The validation cache: unchanged files are not read again.

Like ruff's or mypy's cache, keyed on file contents. For each agreement file
it keeps the content hash, the agreement's id and its diagnostics from
file-scope rules. A file is reused when its content hash is the same and
nothing it is checked against changed: coprod's own code (version and source
files), the shared files (canton.yaml with its rule settings,
actores.yaml, every plan), and the current month (what the dated rules
report changes with it). Index-scope rules (ids repeated across files,
plans naming agreements) run on every validation, over all ids.

Why the stat first (as git's index): hashing 75 MB of agreements is most of
an unchanged run. An agreement whose (size, mtime_ns, ctime_ns, inode) is the
one recorded when its bytes were hashed is trusted without reading it. The
racy-git rule keeps that safe: a stat is recorded only when the file's times
are older than the start of the run by more than any file system's timestamp
granularity (``RACY_NS``), so an edit made after the read always gets a
different time, even a same-size edit within the same second. A file whose
times are too recent is hashed again next time (the hash is the fallback on
any doubt).

Why signed: the cache lives in the repository folder, and a pull request
could commit a forged one that says broken files are clean. The cache is an
HMAC-signed JSON file; the key lives in the user's own cache folder, never in
the repository, so only this machine's coprod can write a cache it will trust.
JSON, never pickle: nothing in it can run code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..codes import Severity
from ..fsutil import atomic_write_text
from ..lang import language
from ..load.guard import read_bounded, read_bounded_stat
from ..load.yamlsource import MAX_FILE_BYTES, Raw
from ..model.planreality import scheduled_actions
from .diagnostics import Diagnostic
from .engine import CheckResult
from .registry import all_rules

CACHE_DIR = ".coprod-cache"
CACHE_FILE = "validate.json"
FORMAT = 2
#: A file's times must be this much older than the run that read it for its
#: stat to be trusted later (racy git): FAT keeps times to 2 s, and a network
#: file system's clock may lag the machine's a little.
RACY_NS = 3_000_000_000
#: The largest cache file read or written. 10 000 agreements with 5 % of them
#: broken make a 1.3 MB cache (benchmarks/); a larger file is ignored, never
#: read into memory (a committed link to /dev/zero, a 10 GB sparse file).
MAX_CACHE_BYTES = 64 * 1024 * 1024


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "coprod" / "cache-key"


def _read_key(path: Path) -> bytes | None:
    data, _ = read_bounded(path, 1024)
    try:
        return bytes.fromhex(data.decode("ascii").strip()) if data else None
    except ValueError:
        return None


def _secret() -> bytes | None:
    path = _key_file()
    key = _read_key(path)
    if key:
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(fresh)
        return bytes.fromhex(fresh)
    except FileExistsError:  # another coprod created it just now
        return _read_key(path)
    except OSError:
        return None  # no writable home: no cache, everything still works


def _code_signature() -> str:
    """coprod's version and the size and time of each of its source files:
    a cache is never trusted across versions or code changes."""
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for path in sorted(pkg.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _digest(read: Raw) -> str:
    """What a file contributes to a key: the hash of the bytes the loader will
    parse, or the problem that kept them from being read."""
    data, problem = read
    if data is not None:
        return _hash(data)
    return "!" + _hash(repr(problem).encode("utf-8"))


def _usable_folder(root: Path) -> Path | None:
    """The cache folder, or None when it must not be used: a link, a Windows
    junction, a file, anything that does not stay ``root/.coprod-cache``.

    Why: a pull request can commit ``.coprod-cache`` as a link to a folder
    outside the repository; ``validate`` would then write there. The cache is
    then simply not used (validation is the same without it)."""
    folder = root / CACHE_DIR
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return folder  # created when the cache is saved, and checked again then
    except OSError:
        return None
    reparse = getattr(info, "st_file_attributes", 0) & getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
    if not stat.S_ISDIR(info.st_mode) or reparse:
        return None
    try:
        real = folder.resolve()
    except (OSError, RuntimeError):
        return None
    return folder if os.path.normcase(str(real)) == os.path.normcase(str(folder)) else None


def _load_index(folder: Path, secret: bytes) -> dict[str, Any] | None:
    # Bounded, and never through a link (validate.json → /dev/zero, a FIFO, a 10 GB file).
    data, _ = read_bounded(folder / CACHE_FILE, MAX_CACHE_BYTES, follow=False)
    if data is None:
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
        body, mac = doc["body"], doc["mac"]
        if not isinstance(body, str) or not isinstance(mac, str):
            return None
        expected = hmac.new(secret, body.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, expected):
            return None
        index = json.loads(body)
        return index if isinstance(index, dict) and index.get("format") == FORMAT else None
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def _save_index(root: Path, secret: bytes, index: dict[str, Any]) -> None:
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    mac = hmac.new(secret, body.encode("utf-8"), hashlib.sha256).hexdigest()
    text = json.dumps({"mac": mac, "body": body})
    if len(text.encode("utf-8")) > MAX_CACHE_BYTES:
        return  # it would not be read back
    try:
        folder = _usable_folder(root)
        if folder is None:
            return
        folder.mkdir(exist_ok=True)
        if _usable_folder(root) is None:  # what is there now is not the folder just made
            return
        ignore = folder / ".gitignore"
        if not os.path.lexists(ignore):
            # Why: the cache must never be committed (and git needs no setting for it).
            atomic_write_text(ignore, "# Creado por coprod: la caché no se versiona.\n*\n", durable=False)
        # A rename: a link already at validate.json is replaced, never written through.
        atomic_write_text(folder / CACHE_FILE, text, durable=False)
    except OSError:
        pass  # a read-only checkout: validation still worked, it just is not cached


def _to_dict(d: Diagnostic) -> list[Any]:
    return [d.line, d.column, d.code, d.severity.value, d.message, d.rule]


def _from_dict(rel: str, item: list[Any]) -> Diagnostic:
    line, col, code, sev, message, name = item
    return Diagnostic(rel, int(line), int(col), str(code), Severity(sev), str(message), str(name))


def cache_key() -> bytes | None:
    """This machine's key for signing the cache, or None (no writable home: no cache)."""
    return _secret()


Stat = list[int]


def _stat_key(info: os.stat_result) -> Stat:
    """What must stay the same for a file to be trusted unread (git's index keeps the same)."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _settled(info: os.stat_result, started_ns: int) -> bool:
    """The racy-git rule: the file's times are well before the run began, so an
    edit made after it was read would get other times."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < started_ns - RACY_NS


@dataclass
class CacheRun:
    """What the cache gives one validation, and what it keeps from it.

    The pipeline (pipeline/validation.py: validate_cached) loads with
    ``reuse`` and ``contents`` and checks with ``cached``, then calls ``save``.
    """

    root: Path
    secret: bytes
    #: The key of everything an agreement is checked against (code, shared files, month).
    shared_key: str
    #: The cache's entries, when they were made under the same shared key.
    entries: dict[str, Any]
    #: Per agreement read: the hash of its bytes.
    hashes: dict[str, str] = field(default_factory=dict)
    #: Per agreement: its stat, when it may be trusted next time (racy-git rule).
    stats: dict[str, Stat] = field(default_factory=dict)
    #: The bytes read, by POSIX path: every file but the agreements trusted by their stat.
    contents: dict[str, Raw] = field(default_factory=dict)
    #: Agreements to reuse: their text (None: trusted by its stat, read only if
    #: a problem must be located in it) and cached id (load_repository's ``reuse``).
    reuse: dict[str, tuple[str | None, str | None, tuple[tuple[int, int], ...]]] = field(default_factory=dict)
    #: Their file-scope diagnostics (check_repository's ``cached``).
    cached: dict[str, list[Diagnostic]] = field(default_factory=dict)

    def save(self, repo: Any, result: CheckResult) -> None:
        """Keep, per agreement, the file-scope diagnostics of this run (when they changed)."""
        index_codes = {r.code for r in all_rules() if r.scope == "index"}
        by_file: dict[str, list[list[Any]]] = {}
        for d in result.diagnostics:
            if d.code not in index_codes:
                by_file.setdefault(d.file, []).append(_to_dict(d))
        files = {}
        for doc in repo.acuerdos:
            rel = doc.rel
            if rel not in self.hashes:
                continue
            ident = doc.model.id if doc.model is not None else doc.cached_id
            actions = scheduled_actions(doc.model) if doc.model is not None else doc.cached_actions
            entry = {"hash": self.hashes[rel], "id": ident, "actions": [list(p) for p in actions], "diagnostics": by_file.get(rel, [])}
            if rel in self.stats:
                entry["stat"] = self.stats[rel]
            files[rel] = entry
        if files != self.entries:
            _save_index(self.root, self.secret, {"format": FORMAT, "shared": self.shared_key, "files": files})

    def same_bytes(self, rel: str, read: Raw) -> bool:
        """``read`` are the bytes this run's entry for ``rel`` was hashed from."""
        return read[0] is not None and self.hashes.get(rel) == _hash(read[0])

    def _trusted(self, rel: str, path: Path) -> bool:
        """The agreement's stat is the one recorded with its hash: reused unread."""
        entry = self.entries.get(rel)
        if not entry or not isinstance(entry.get("stat"), list) or not isinstance(entry.get("hash"), str):
            return False
        try:
            info = os.stat(path)  # a link inside the repository followed, as when it is read
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES or _stat_key(info) != entry["stat"]:
            return False
        self.hashes[rel], self.stats[rel] = entry["hash"], entry["stat"]
        return self._reuse(rel, None)

    def _reuse(self, rel: str, text: str | None) -> bool:
        entry = self.entries[rel]
        try:
            self.cached[rel] = [_from_dict(rel, item) for item in entry["diagnostics"]]
            actions = tuple((int(y), int(n)) for y, n in entry["actions"])
        except (ValueError, TypeError, KeyError):
            self.cached.pop(rel, None)
            self.hashes.pop(rel, None)
            self.stats.pop(rel, None)
            return False
        self.reuse[rel] = (text, entry.get("id"), actions)
        return True

    def _read(self, rel: str, path: Path, started_ns: int) -> None:
        """Read an agreement once: the same bytes are hashed, compared and parsed."""
        data, problem, info = read_bounded_stat(path, MAX_FILE_BYTES)
        self.contents[rel] = (data, problem)
        if data is None:
            return
        self.hashes[rel] = _hash(data)
        if info is not None and _settled(info, started_ns):
            self.stats[rel] = _stat_key(info)
        entry = self.entries.get(rel)
        if entry and entry.get("hash") == self.hashes[rel]:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                return
            self._reuse(rel, text)


def open_cache(root: Path, secret: bytes, layout: Any, now: Any) -> CacheRun:
    """The cache of ``root`` for the files of ``layout``, at month ``now``; its
    ``contents`` are the bytes read, for the loader.

    Why one read: the key must describe exactly the bytes that are parsed. A
    file hashed, then read again to parse, may change in between, and the
    diagnostics of the new bytes would be kept under the hash of the old
    ones. So each file is read once here (bounded; a link inside the
    repository followed, so editing its target changes the key), and the same
    bytes go to the hash and to the loader. An agreement trusted by its stat
    is not read at all (see the module's docstring).
    """
    started_ns = time.time_ns()  # before any stat: the racy-git rule compares with it
    from ..load.yamlsource import read_raw

    shared = {rel: read_raw(path) for path, rel, kind, _ in layout.items if kind != "acuerdo"}
    shared_key = _shared_key(layout, shared, now)
    folder = _usable_folder(root)
    index = _load_index(folder, secret) if folder is not None else None
    entries: dict[str, Any] = index["files"] if index and index.get("shared") == shared_key else {}
    run = CacheRun(root, secret, shared_key, entries, contents=shared)
    for path, rel, kind, _ in layout.items:
        if kind == "acuerdo" and not run._trusted(rel, path):
            run._read(rel, path, started_ns)
    return run


def _shared_key(layout: Any, contents: dict[str, Raw], now: Any) -> str:
    shared = hashlib.blake2b(digest_size=16)
    shared.update(_code_signature().encode())
    # The dated rules (Rule.dated) report differently from one month to the next.
    shared.update(f"month:{now};".encode())
    # The messages are kept in the language they were written in (lang.py): another language, another key.
    shared.update(f"lang:{language()};".encode())
    for _, rel, kind, _ in layout.items:
        if kind != "acuerdo":
            shared.update(f"{rel}:{_digest(contents[rel])};".encode())
    for problem in layout.structure:
        shared.update(f"#{problem.code}:{problem.rel}:{problem.message};".encode())
    return shared.hexdigest()


__all__ = ["CacheRun", "cache_key", "open_cache", "CACHE_DIR", "CACHE_FILE"]
