"""The few git operations coprod needs, through the ``git`` program.

* where the git checkout starts (CI formats name files relative to it);
* which files changed since a revision (``validate --changed-since``);
* a revision's copy of a canton repository, written to a temporary folder
  without touching the working tree or the index (``coprod diff``).

Errors are ``GitError`` with a Spanish message; nothing here prints.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Optional

from .load.repository import MANIFEST, is_layout_file


class GitError(Exception):
    """A git operation failed; the message is Spanish and names what to do."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password in CI
    env["LC_ALL"] = "C"
    return env


def _git(args: list[str], cwd: Path, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=str(cwd),
            input=stdin,
            capture_output=True,
            env=_env(),
            check=False,
        )
    except FileNotFoundError:
        raise GitError("no se encontró el programa «git»; instálelo para usar esta orden") from None
    except OSError as exc:
        raise GitError(f"no se pudo ejecutar git ({exc.strerror or exc})") from None


def _toplevel(path: Path) -> tuple[Optional[Path], str]:
    folder = path if path.is_dir() else path.parent
    proc = _git(["rev-parse", "--show-toplevel"], folder)
    out = proc.stdout.decode("utf-8", "surrogateescape").strip()
    if proc.returncode != 0 or not out:
        return None, proc.stderr.decode("utf-8", "replace")
    return Path(out).resolve(), ""


def toplevel(path: Path) -> Optional[Path]:
    """The top folder of the git work tree holding ``path``, or None."""
    return _toplevel(path)[0]


def workspace_prefix(root: Path, cwd: Optional[Path] = None) -> str:
    """How CI systems name the files of the canton repository at ``root``:
    the POSIX path from the git checkout's top folder (or, outside git, from
    the current folder) to ``root``, ending in "/" ("" when they are the same,
    or when ``root`` is in neither).
    """
    root = root.resolve()
    base = toplevel(root) or (cwd or Path.cwd()).resolve()
    try:
        rel = root.relative_to(base).as_posix()
    except ValueError:
        rel = ""  # outside the current folder too: name files from the canton repository itself
    return "" if rel in ("", ".") else rel + "/"


def _require_repo(path: Path) -> Path:
    top, err = _toplevel(path.resolve())
    if top is None:
        if "safe.directory" in err:
            # Why: CI containers often check out as another user; git then refuses the folder.
            raise GitError(
                f"git no confía en la carpeta «{path}» (otro dueño); ejecute "
                "«git config --global --add safe.directory '*'» antes de coprod"
            )
        raise GitError(f"«{path}» no está dentro de un repositorio git")
    return top


def resolve_commit(path: Path, rev: str) -> str:
    """The full commit id of ``rev`` in the git repository holding ``path``."""
    top = _require_repo(path)
    if not rev or rev.startswith("-"):
        raise GitError(f"revisión no válida «{rev}»")
    proc = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if proc.returncode != 0:
        raise GitError(f"revisión desconocida «{rev}»: no es una rama, etiqueta ni commit de este repositorio (¿falta «git fetch»?)")
    return proc.stdout.decode().strip()


def short(path: Path, commit: str) -> str:
    proc = _git(["rev-parse", "--short", commit], _require_repo(path))
    return proc.stdout.decode().strip() if proc.returncode == 0 else commit[:7]


def _split_z(data: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


def changed_paths(root: Path, rev: str) -> set[str]:
    """Files under ``root`` that differ from ``rev``: committed since, staged,
    modified or deleted in the working tree, and new untracked files (not
    ignored). POSIX paths relative to ``root``.
    """
    root = root.resolve()
    commit = resolve_commit(root, rev)
    diff = _git(["diff", "--name-only", "--no-renames", "--relative", "-z", commit, "--", "."], root)
    if diff.returncode != 0:
        raise GitError(f"git diff falló: {diff.stderr.decode('utf-8', 'replace').strip()}")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], root)
    if untracked.returncode != 0:
        raise GitError(f"git ls-files falló: {untracked.stderr.decode('utf-8', 'replace').strip()}")
    return set(_split_z(diff.stdout)) | set(_split_z(untracked.stdout))


def repo_prefix(path: Path) -> str:
    """The path of folder ``path`` inside its git repository ("" at the top, else ending in "/")."""
    top = _require_repo(path)
    rel = path.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def _without_oversized(top: Path, wanted: list[tuple[str, str, str]], dest: Path) -> list[tuple[str, str, str]]:
    """Leave out blobs over the loader's size limit: each becomes a sparse file of
    the same size, which the loader refuses by its size (CP007) without reading.

    Why: a pull request may add a 50 MB "agreement"; ``coprod diff`` in CI must
    not pull it into memory to find that out."""
    from .load.yamlsource import MAX_FILE_BYTES

    check = _git(["cat-file", "--batch-check"], top, stdin="".join(f"{oid}\n" for _, oid, _ in wanted).encode())
    if check.returncode != 0:
        raise GitError(f"git cat-file falló: {check.stderr.decode('utf-8', 'replace').strip()}")
    sizes = [int(line.split()[2]) if len(line.split()) == 3 else 0 for line in check.stdout.decode().splitlines()]
    kept = []
    for (mode, oid, rel), size in zip(wanted, sizes):
        if size > MAX_FILE_BYTES and mode != "120000":
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                fh.truncate(size)
        else:
            kept.append((mode, oid, rel))
    return kept


def export_revision(path: Path, commit: str, dest: Path) -> bool:
    """Write the canton repository at folder ``path`` as it was at ``commit``
    into ``dest``: only the files coprod reads, from git's object store (the
    working tree and the index are not touched). Returns False when the
    revision has no ``canton.yaml`` there.
    """
    top = _require_repo(path)
    prefix = repo_prefix(path)
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or "."], top)
    if listing.returncode != 0:
        raise GitError(f"git ls-tree falló: {listing.stderr.decode('utf-8', 'replace').strip()}")
    wanted: list[tuple[str, str, str]] = []  # (mode, object id, path relative to the canton root)
    for entry in _split_z(listing.stdout):
        meta, _, name = entry.partition("\t")
        mode, kind, oid = meta.split(" ")
        if kind != "blob" or not name.startswith(prefix):
            continue
        rel = name[len(prefix):]
        if is_layout_file(rel):
            wanted.append((mode, oid, rel))
    dest.mkdir(parents=True, exist_ok=True)
    if not wanted:
        return False
    wanted = _without_oversized(top, wanted, dest)
    batch = _git(["cat-file", "--batch"], top, stdin="".join(f"{oid}\n" for _, oid, _ in wanted).encode())
    if batch.returncode != 0:
        raise GitError(f"git cat-file falló: {batch.stderr.decode('utf-8', 'replace').strip()}")
    out, pos = batch.stdout, 0
    for mode, oid, rel in wanted:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split(b" ")[2])
        content = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            # A symbolic link: recreated as one, so the loader refuses it
            # exactly as it would in the working tree (CP008 when it leaves the repository).
            os.symlink(content.decode("utf-8", "surrogateescape"), target)
        else:
            target.write_bytes(content)
    return (dest / MANIFEST).is_file() or (dest / MANIFEST).is_symlink()
