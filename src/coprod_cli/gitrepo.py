"""The few git operations coprod needs, through the ``git`` program.

* where the git checkout starts (CI formats name files relative to it);
* which files changed since a revision (``validate --changed-since``);
* a revision's copy of a canton repository, read from git's object store
  without touching the working tree or the index (``coprod diff``).

Why every call names its repository: a pull request can commit ``HEAD``,
``config``, ``objects/`` and ``refs/`` into the canton folder, and git's own
discovery would then take that folder for a (bare) repository and obey its
``config`` (``core.fsmonitor`` runs a program). So coprod finds the checkout
itself, walking up from the canton folder to the first ``.git`` entry (git
refuses to commit a path named ``.git``, so that one is the user's), lets git
confirm it from exactly there (git's ownership check, ``safe.directory``,
still applies), and then passes ``--git-dir`` and ``--work-tree`` on every
call, with every setting that can run a program switched off (see
``_HARDENING``) and the ``GIT_*`` variables that choose a repository or run
a program removed from the environment. See SECURITY.md.

Errors are ``GitError`` with a Spanish message; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import CoprodError
from .lang import _
from .load.repository import Layout, RepositoryNotFound, survey
from .load.snapshot import FILE, LINK, SUBMODULE, Entry, Snapshot
from .load.yamlsource import Raw


class GitError(CoprodError):
    """A git operation failed; the message is Spanish and names what to do (exit 2)."""


#: Settings given on every call (command-line settings win over every file).
#: Each one runs a program or reaches the network when the repository's
#: configuration asks for it; none is needed to read objects or list changes.
_HARDENING = (
    "core.quotepath=off",
    "core.fsmonitor=false",  # a program run on every look at the work tree
    f"core.hooksPath={os.devnull}",  # no command here runs a hook; in case one ever does
    "core.pager=cat",
    "credential.helper=",
    "protocol.allow=never",  # never the network (a partial clone's lazy fetch included)
    "safe.bareRepository=explicit",  # never a bare repository git found by itself
    "submodule.recurse=false",
)

#: Environment variables removed before running git: they choose another
#: repository, index or object store, or run a program. The caller's
#: configuration files (global, system) are kept: they are the user's, not the
#: pull request's, and CI needs them (``safe.directory``; Git for Windows's
#: ``core.autocrlf``).
_DROPPED_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_PAGER", "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR", "GIT_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND",
    "GIT_EXEC_PATH", "GIT_TEST_FSMONITOR", "GIT_ATTR_SOURCE", "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE", "GIT_QUARANTINE_PATH", "GIT_ALLOW_PROTOCOL", "GIT_TRACE", "GIT_TRACE2",
    "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF", "GIT_TRACE_PACKET", "GIT_TRACE_PERFORMANCE",
)


def git_env(ceiling: Path | None = None) -> dict[str, str]:
    """The environment of every git coprod runs (``coprod init``'s included)."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password in CI
    env["GIT_PAGER"] = env["PAGER"] = "cat"
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a folder named «[x]» or «*» is a name, not a pattern
    env["GIT_OPTIONAL_LOCKS"] = "0"  # reading never writes the index
    env["GIT_NO_LAZY_FETCH"] = "1"
    env["LC_ALL"] = "C"
    if ceiling is not None:
        env["GIT_CEILING_DIRECTORIES"] = str(ceiling)
    return env


def _run(argv: list[str], cwd: Path, env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(argv, cwd=str(cwd), input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitError(_("no se encontró el programa «git»; instálelo para usar esta orden")) from None
    except OSError as exc:
        raise GitError(_("no se pudo ejecutar git ({error})").format(error=exc.strerror or exc)) from None


def _settings(pairs: tuple[str, ...] | list[str]) -> list[str]:
    out: list[str] = []
    for pair in pairs:
        out += ["-c", pair]
    return out


def find_checkout(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``: the nearest
    folder, from ``path`` up, with a ``.git`` entry (a folder, or the file a
    linked work tree or a submodule has). None outside git.

    A folder that merely holds ``HEAD``, ``objects/`` and ``refs/`` (what a
    pull request can commit) is never taken for a repository."""
    try:
        folder = path.resolve()
    except (OSError, RuntimeError):
        return None
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dotgit = candidate / ".git"
        if dotgit.is_dir() or dotgit.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Checkout:
    """A git work tree, named explicitly on every call."""

    top: Path

    @property
    def git_dir(self) -> Path:
        return self.top / ".git"

    def run(self, args: list[str], stdin: bytes | None = None, extra: tuple[str, ...] | list[str] = ()) -> subprocess.CompletedProcess[bytes]:
        argv = [
            "git", "--no-pager", "--no-replace-objects",
            f"--git-dir={self.git_dir}", f"--work-tree={self.top}",
            *_settings(_HARDENING), *_settings(extra), *args,
        ]
        return _run(argv, self.top, git_env(_ceiling(self.top)), stdin)

    def filter_drivers(self) -> list[str]:
        """Settings that switch off every content filter the configuration
        defines (``filter.<name>.clean``, ``.smudge``, ``.process``): a
        ``.gitattributes`` in the pull request may name any of them, and git
        runs it on a changed file of the work tree."""
        proc = self.run(["config", "-z", "--get-regexp", r"^filter\..*\.(clean|smudge|process|required)$"])
        names = set()
        for item in proc.stdout.split(b"\0"):
            key = item.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
            if key.startswith("filter.") and key.count(".") >= 2:
                names.add(key[len("filter."):].rsplit(".", 1)[0])
        out = []
        for name in sorted(names):
            if "=" in name:  # «-c» cannot name it; refuse rather than let it run
                raise GitError(_("la configuración de git define un filtro con un nombre que coprod no puede desactivar («{name}»); quítelo").format(name=name))
            out += [f"filter.{name}.clean=", f"filter.{name}.smudge=", f"filter.{name}.process=", f"filter.{name}.required=false"]
        return out


def _ceiling(top: Path) -> Path | None:
    return top.parent if top.parent != top else None


def _invalid_checkout(path: Path, top: Path) -> str:
    return _("«{path}» no está dentro de un repositorio git válido (git no reconoce «{git}»)").format(path=path, git=top / ".git")


def _open(path: Path) -> Checkout:
    """The checkout holding ``path``, confirmed by git from its top folder."""
    top = find_checkout(path)
    if top is None:
        raise GitError(_("«{path}» no está dentro de un repositorio git").format(path=path))
    # Why discovery here, from the top and no higher: git's ownership check
    # (safe.directory) applies only to a repository it finds by itself, and
    # from the top folder the first thing it finds is that folder's `.git`.
    argv = ["git", "--no-pager", *_settings(_HARDENING), "rev-parse", "--show-toplevel"]
    proc = _run(argv, top, git_env(_ceiling(top)))
    out = proc.stdout.decode("utf-8", "surrogateescape").strip()
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0 or not out:
        if "safe.directory" in err or "dubious ownership" in err:
            # Why: CI containers often check out as another user; git then refuses the folder.
            raise GitError(
                _(
                    "git no confía en la carpeta «{top}» (otro dueño); ejecute "
                    "«git config --global --add safe.directory '*'» antes de coprod"
                ).format(top=top)
            )
        raise GitError(_invalid_checkout(path, top))
    try:
        same = Path(out).resolve() == top
    except (OSError, RuntimeError):
        same = False
    if not same:
        raise GitError(_invalid_checkout(path, top))
    return Checkout(top)


def workspace_prefix(root: Path, cwd: Path | None = None) -> str:
    """How CI systems name the files of the canton repository at ``root``:
    the POSIX path from the git checkout's top folder (or, outside git, from
    the current folder) to ``root``, ending in "/" ("" when they are the same,
    or when ``root`` is in neither).
    """
    root = root.resolve()
    base = find_checkout(root) or (cwd or Path.cwd()).resolve()
    try:
        rel = root.relative_to(base).as_posix()
    except ValueError:
        rel = ""  # outside the current folder too: name files from the canton repository itself
    return "" if rel in ("", ".") else rel + "/"


def _prefix(repo: Checkout, path: Path) -> str:
    rel = path.resolve().relative_to(repo.top).as_posix()
    return "" if rel == "." else rel + "/"


def _commit(repo: Checkout, rev: str) -> str:
    if not rev or rev.startswith("-"):
        raise GitError(_("revisión no válida «{rev}»").format(rev=rev))
    proc = repo.run(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"])
    if proc.returncode != 0:
        raise GitError(_("revisión desconocida «{rev}»: no es una rama, etiqueta ni commit de este repositorio (¿falta «git fetch»?)").format(rev=rev))
    return proc.stdout.decode().strip()


def resolve_commit(path: Path, rev: str) -> str:
    """The full commit id of ``rev`` in the git repository holding ``path``."""
    return _commit(_open(path), rev)


def commit_date(path: Path, commit: str) -> dt.datetime:
    """When ``commit`` was made (its committer date, in the committer's own time
    zone), read from the commit object itself: no format string, no pager."""
    repo = _open(path)
    proc = repo.run(["cat-file", "commit", commit])
    if proc.returncode == 0:
        header = proc.stdout.split(b"\n\n", 1)[0]
        for line in header.split(b"\n"):
            if not line.startswith(b"committer "):
                continue
            parts = line.rsplit(b" ", 2)
            try:
                seconds, zone = int(parts[1]), parts[2].decode("ascii")
                sign = -1 if zone.startswith("-") else 1
                offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
                return dt.datetime.fromtimestamp(seconds, dt.timezone(offset))
            except (IndexError, ValueError, OverflowError, OSError):
                break
    raise GitError(_("no se pudo leer la fecha del commit {commit}; indique el mes de corte con «--as-of AAAA-MM»").format(commit=commit[:12]))


def _split_z(data: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


def changed_paths(root: Path, rev: str) -> set[str]:
    """Files under ``root`` that differ from ``rev``: committed since, staged,
    modified or deleted in the working tree, and new untracked files (not
    ignored). POSIX paths relative to ``root``.
    """
    root = root.resolve()
    repo = _open(root)
    commit = _commit(repo, rev)
    prefix = _prefix(repo, root)
    spec = prefix or "."
    diff = repo.run(
        ["diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all", "-z", commit, "--", spec],
        extra=repo.filter_drivers(),
    )
    if diff.returncode != 0:
        raise GitError(_("git diff falló: {error}").format(error=diff.stderr.decode("utf-8", "replace").strip()))
    untracked = repo.run(["ls-files", "--others", "--exclude-standard", "-z", "--", spec])
    if untracked.returncode != 0:
        raise GitError(_("git ls-files falló: {error}").format(error=untracked.stderr.decode("utf-8", "replace").strip()))
    names = set(_split_z(diff.stdout)) | set(_split_z(untracked.stdout))
    return {n[len(prefix):] for n in names if n.startswith(prefix)}


def changed_between(path: Path, base: str, head: str) -> set[str]:
    """Files under folder ``path`` that differ between commits ``base`` and
    ``head`` (``coprod diff``), POSIX paths relative to ``path``."""
    repo = _open(path)
    prefix = _prefix(repo, path)
    diff = repo.run(
        ["diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all", "-z",
         _commit(repo, base), _commit(repo, head), "--", prefix or "."],
    )
    if diff.returncode != 0:
        raise GitError(_("git diff falló: {error}").format(error=diff.stderr.decode("utf-8", "replace").strip()))
    return {n[len(prefix):] for n in _split_z(diff.stdout) if n.startswith(prefix)}


#: A link's target longer than this is no path a system accepts (Linux: 4 096 bytes).
MAX_LINK_BYTES = 4096


def _invalid_tree(commit: str, rel: str, why: str) -> GitError:
    from .load.repository import shown_name

    return GitError(
        _(
            "la revisión {commit} tiene un árbol que git no podría extraer («{name}» {why}); "
            "no se compara: ese commit fue fabricado a mano, no con git"
        ).format(commit=commit[:12], name=shown_name(rel), why=why)
    )


def _blobs(repo: Checkout, oids: list[str]) -> dict[str, bytes]:
    """The contents of these blobs, from git's object store, by object id."""
    wanted = sorted(set(oids))
    if not wanted:
        return {}
    proc = repo.run(["cat-file", "--batch"], stdin="".join(f"{oid}\n" for oid in wanted).encode())
    if proc.returncode != 0:
        raise GitError(_("git cat-file falló: {error}").format(error=proc.stderr.decode("utf-8", "replace").strip()))
    out, pos, blobs = proc.stdout, 0, {}
    for oid in wanted:
        end = out.find(b"\n", pos)
        header = out[pos:end].split(b" ") if end >= 0 else []
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(_("git no tiene el objeto {oid} (¿un clon parcial? ejecute «git fetch»)").format(oid=oid[:12]))
        size = int(header[2])
        blobs[oid] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


def read_revision(path: Path, commit: str, root: Path) -> tuple[Layout, dict[str, Raw]] | None:
    """The canton repository at folder ``path`` as it was at ``commit``: the
    loader's layout and each file's bytes, read from git's object store into
    memory (nothing is written to disk; the working tree and the index are not
    touched). ``root`` names the files (it need not exist). None when the
    revision has no ``canton.yaml`` there.

    Why in memory: a crafted tree (a path twice, first a link to an absolute
    path, then a file) made the former copy on disk write through the link."""
    repo = _open(path)
    prefix = _prefix(repo, path)
    listing = repo.run(["ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", prefix or "."])
    if listing.returncode != 0:
        raise GitError(_("git ls-tree falló: {error}").format(error=listing.stderr.decode("utf-8", "replace").strip()))
    entries: dict[str, Entry] = {}
    for item in listing.stdout.split(b"\0"):
        meta, tab, name = item.partition(b"\t")
        fields = meta.split()
        if not tab or len(fields) != 4:
            continue
        mode, kind, oid, size = (f.decode("ascii", "replace") for f in fields)
        full = name.decode("utf-8", "surrogateescape")
        if not full.startswith(prefix):
            continue
        rel = full[len(prefix):]
        if any(part in ("", ".", "..") for part in rel.split("/")):
            raise _invalid_tree(commit, rel, _("no es un nombre de archivo"))
        if rel in entries:
            raise _invalid_tree(commit, rel, _("aparece dos veces"))
        if mode == "120000":
            entries[rel] = Entry(LINK, oid, int(size))
        elif kind == "blob":
            entries[rel] = Entry(FILE, oid, int(size))
        elif kind == "commit":
            entries[rel] = Entry(SUBMODULE, oid, 0)
    for rel in entries:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in entries:
                raise _invalid_tree(commit, "/".join(parts[:i]), _("es a la vez un archivo (o un enlace) y una carpeta"))
    links = {rel: e for rel, e in entries.items() if e.kind == LINK and e.size <= MAX_LINK_BYTES}
    targets = _blobs(repo, [e.oid for e in links.values()])
    for rel, e in links.items():
        data = targets[e.oid]
        if b"\0" not in data:
            entries[rel] = replace(e, target=data.decode("utf-8", "surrogateescape"))
    snapshot = Snapshot(root, entries)
    try:
        layout = survey(root, snapshot)
    except RepositoryNotFound:
        return None
    return layout, snapshot.contents(layout, _blobs(repo, snapshot.blobs_to_read(layout)))
