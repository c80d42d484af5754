"""Bounds for hostile input, checked before a parser sees a file.

Why a module of its own: the readers (``yamlsource``, ``fastyaml``) stay about
parsing; what a file may cost (bytes, values, nesting) is decided here and
documented in SECURITY.md, with a test for each bound (tests/test_hostile.py).

* ``read_bounded`` opens without blocking (a FIFO never hangs the tool),
  refuses what is not a regular file and never reads more than the limit
  (a 50 MB file costs a ``stat``, not 50 MB of memory).
* ``over_limits`` counts libyaml events (C, about 1 µs each, constant
  memory) and stops at the limit: a 100 000-element list, or ``[`` nested
  10 000 deep, is refused before any tree is built. ruamel's exact path costs
  about 50 µs a value, so this bound is also what keeps the exact path under
  a second.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .. import codes
from ..lang import N_, _
from ..problems import Problem

#: Values (scalars, lists, mappings) in one file. The largest real files, an
#: actor map of 500 actors, hold about 17 500; an agreement about 300.
MAX_NODES = 20_000

_ERRNO_ES = {
    errno.EACCES: N_("no hay permiso para leer el archivo"),
    errno.EPERM: N_("no hay permiso para leer el archivo"),
    errno.ENOENT: N_("el archivo no existe (¿un enlace simbólico roto?)"),
    errno.ELOOP: N_("enlace simbólico circular"),
    errno.EISDIR: N_("se esperaba un archivo y hay una carpeta"),
    errno.ENAMETOOLONG: N_("el nombre del archivo es demasiado largo"),
}


def _unreadable(exc: OSError) -> Problem:
    text = _ERRNO_ES.get(exc.errno or 0)
    if text is None:
        name = errno.errorcode.get(exc.errno or 0, "desconocido")
        text = _("no se puede leer el archivo (error del sistema {name})").format(name=name)
    return Problem(codes.CP007, _(text), 1, 1)


#: A symbolic link where ``read_bounded(…, follow=False)`` wants a file.
LINK = Problem(codes.CP008, N_("es un enlace simbólico: no se sigue"), 1, 1)


def missing() -> Problem:
    """The problem of a file that is listed but not there (a broken link)."""
    return _unreadable(FileNotFoundError(errno.ENOENT, "missing"))


def too_big(size: int, limit: int) -> Problem:
    return Problem(codes.CP007, _("archivo demasiado grande ({n} KiB; máximo {n2} KiB)").format(n=size // 1024, n2=limit // 1024), 1, 1)


def read_bounded(path: Path, limit: int, follow: bool = True) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or a problem: unreadable, not a regular file, over ``limit``.

    ``follow=False`` refuses a symbolic link instead of reading its target
    (``O_NOFOLLOW`` where the system has it; a ``lstat`` first everywhere,
    Windows included)."""
    data, problem, _ = read_bounded_stat(path, limit, follow)
    return data, problem


def read_bounded_stat(path: Path, limit: int, follow: bool = True) -> tuple[bytes | None, Problem | None, os.stat_result | None]:
    """``read_bounded``, with the ``fstat`` of the file the bytes were read from
    (taken before reading them): the validation cache trusts an unchanged
    (size, times, inode) later only if it describes the bytes it hashed."""
    info: os.stat_result | None = None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return None, LINK, None
        except OSError as exc:
            return None, _unreadable(exc), info
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and exc.errno == errno.ELOOP:  # it became a link after the lstat
            return None, LINK, None
        return None, _unreadable(exc), info
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return None, Problem(codes.CP007, _("se esperaba un archivo y hay una carpeta"), 1, 1), info
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(codes.CP007, _("no es un archivo común (es un dispositivo, una tubería o un socket): no se lee"), 1, 1), info
        if info.st_size > limit:
            return None, too_big(info.st_size, limit), info
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew after the stat
            return None, too_big(total, limit), info
        return b"".join(chunks), None, info
    except OSError as exc:
        return None, _unreadable(exc), info
    finally:
        os.close(fd)


def over_limits(text: str, max_depth: int, limit: int = MAX_NODES) -> Problem | None:
    """A problem at the value past ``limit`` or nested deeper than ``max_depth``,
    or None (also when libyaml stops at a syntax error first: the parsers then
    report it, and ruamel's composer keeps its own count).

    Why the depth here too: ruamel's scanner looks 1 024 characters ahead in a
    flow collection, and ``[[[[…`` costs it a second before its own depth check."""
    flows = text.count("[") + text.count("{")
    if len(text) <= limit // 2 and flows <= max_depth:  # cheap exit: YAML needs 2 characters for 3 values ([:,:,…])
        return None
    import yaml

    from .fastyaml import _Parser

    nodes = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    parser = _Parser(text)
    count = depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, ends):
                depth -= 1
            elif isinstance(event, nodes):
                count += 1
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                if count > limit:
                    return Problem(codes.CP007, too_many_message(limit), line, column)
                if isinstance(event, starts):
                    depth += 1
                    if depth > max_depth:
                        return Problem(codes.CP007, _("anidamiento demasiado profundo (máximo {max_depth} niveles)").format(max_depth=max_depth), line, column)
    except yaml.MarkedYAMLError as exc:
        # libyaml's scanner looks ahead and stops at 1 000 levels before the parser reaches ours.
        if "maximum nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            mark = exc.problem_mark
            return Problem(codes.CP007, _("anidamiento demasiado profundo (máximo {max_depth} niveles)").format(max_depth=max_depth), mark.line + 1, mark.column + 1)
        return None
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()


def too_many_message(limit: int = MAX_NODES) -> str:
    shown = f"{limit:,}".replace(",", " ")
    return (
        _("el archivo tiene demasiados valores (más de {shown}): ningún acuerdo, plan o mapa de actores real llega a tantos; revise si se pegó una lista o un texto por error").format(shown=shown)
    )
