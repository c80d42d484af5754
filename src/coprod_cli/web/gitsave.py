"""``/git`` (only with ``coprod serve --git``): commit the files this app wrote,
with a message the person writes. Never a push, never another file.

The files offered are those the app's forms wrote since it started that git
still sees as changed; a path sent back by the form is only a choice among
them (never a path from the request). git runs as gitrepo.py runs it: the
repository named explicitly, hooks and filters off, no network; and without
commit signing (it would wait for a passphrase the app cannot ask for).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..gitrepo import GitError, _open, _prefix, _split_z
from ..render.safe import has_control
from .forms import FormErrors, read_multi, sentence
from .pages import page
from .state import state_of

MAX_MESSAGE = 2000
_LOCK = threading.Lock()


def routes() -> list[Any]:
    from starlette.routing import Route

    return [Route("/git", git_page, methods=["GET"]), Route("/git", git_commit, methods=["POST"])]


def note_written(request: Any, rel: str) -> None:
    """Remember that a form of the app wrote ``rel`` (offered on /git)."""
    with _LOCK:
        written = getattr(request.app.state, "coprod_written", None)
        if written is None:
            written = set()
            request.app.state.coprod_written = written
        written.add(rel)


def _written(request: Any) -> set[str]:
    with _LOCK:
        return set(getattr(request.app.state, "coprod_written", None) or ())


def pending(root: Path, rels: set[str]) -> list[str]:
    """The files among ``rels`` that git sees as changed or new (not committed yet), sorted."""
    if not rels:
        return []
    repo = _open(root)
    prefix = _prefix(repo, root)
    proc = repo.run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *(prefix + r for r in sorted(rels))],
                    extra=repo.filter_drivers())
    if proc.returncode != 0:
        raise GitError(f"git status falló: {proc.stderr.decode('utf-8', 'replace').strip()}")
    changed = {item[3:] for item in _split_z(proc.stdout) if len(item) > 3}
    return sorted(r for r in rels if prefix + r in changed)


def commit(root: Path, rels: list[str], message: str) -> str:
    """``git add`` then ``git commit`` of exactly ``rels``; the new commit's id."""
    repo = _open(root)
    prefix = _prefix(repo, root)
    paths = [prefix + r for r in rels]
    extra = [*repo.filter_drivers(), "commit.gpgSign=false"]
    added = repo.run(["add", "--", *paths], extra=extra)
    if added.returncode != 0:
        raise GitError(f"git add falló: {added.stderr.decode('utf-8', 'replace').strip()}")
    done = repo.run(["commit", "--no-verify", "--quiet", "-F", "-", "--only", "--", *paths], stdin=message.encode("utf-8"), extra=extra)
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace")
        if "user.email" in err or "user.name" in err or "who you are" in err:
            raise GitError("git no sabe quién hace el commit: configure «git config --global user.name \"Su nombre\"» "
                           "y «git config --global user.email su@correo» en una terminal y vuelva a intentarlo")
        raise GitError(f"git commit falló: {err.strip()}")
    head = repo.run(["rev-parse", "--short", "HEAD"])
    return head.stdout.decode().strip()


def _check_message(text: str) -> str:
    message = text.replace("\r\n", "\n").strip()
    if not message:
        raise CoprodError("escriba un mensaje que diga qué cambió (por ejemplo «Avance de septiembre de 2015»)")
    if len(message) > MAX_MESSAGE:
        raise CoprodError(f"el mensaje pasa de {MAX_MESSAGE} caracteres")
    if has_control(message):
        raise CoprodError("el mensaje tiene caracteres de control (invisibles); bórrelos y vuelva a escribirlo")
    return message


def _render(request: Any, status: int = 200, errors: FormErrors | None = None, message: str = "",
            done: str | None = None, committed: list[str] | None = None) -> Any:
    from starlette.exceptions import HTTPException

    state = state_of(request)
    if not state.git:
        raise HTTPException(404)
    errors = errors or FormErrors()
    files: list[str] = []
    try:
        files = pending(state.root, _written(request))
    except CoprodError as exc:
        errors.add("", sentence(str(exc)) + " No se guardó nada en git.")
    return page("git.html.j2", request, status=status, title="Guardar en git", files=files, errors=errors,
                message=message, done=done, committed=committed or [])


async def git_page(request: Any) -> Any:
    return _render(request)


async def git_commit(request: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    form = await read_multi(request)
    state = state_of(request)
    if not state.git:
        return _render(request)
    errors = FormErrors()
    typed = (form.get("mensaje") or [""])[-1]
    message = errors.take("mensaje", _check_message, typed)
    offered = _written(request)
    chosen = [r for r in form.get("archivo", []) if r in offered]
    if not chosen:
        errors.add("archivo", "Elija al menos un archivo de la lista.")
    if errors or message is None:
        return _render(request, 422, errors, typed)
    try:
        files = await run_in_threadpool(pending, state.root, set(chosen))
        if not files:
            raise CoprodError("los archivos elegidos ya no tienen cambios sin guardar en git")
        done = await run_in_threadpool(commit, state.root, files, message)
    except CoprodError as exc:
        errors.add("", sentence(str(exc)) + " No se guardó nada en git.")
        return _render(request, 422, errors, typed)
    return _render(request, 200, done=done, committed=files)
