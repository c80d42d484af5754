"""Many edits to many files, all or nothing: what `coprod import xlsx|csv` writes.

Each edit is the one its command makes (`progress set`, `monitoring set`,
`attendance set`: ``progress_change``, ``monitoring_change``,
``attendance_change``), byte for byte, with three differences:

* lenient where a rule exists: a level off the scale (60) and a «sí» for
  missing content are written as asked, so that the check reports CP205 or
  CP206 at the line they land on (the import refuses the workbook then);
* what the editor refuses outright (a month outside the schedule, mixing a
  whole-month level with sub-activity levels, CP210, an unknown sub-activity or
  actor) becomes a ``Refusal`` at the nearest existing value, and the other
  edits go on;
* a note is a cell's whole text: it replaces the recorded one when it differs
  (no date stamp); an empty note removes nothing.

``staged()`` takes the lock of every file concerned (in sorted order, so two
imports never wait for each other), reads each once, compares it with the
hash of ``expect()`` (a file changed since the export is a ``Conflict``, left
alone), applies its edits in order in memory (each on the bytes the one before
produced) and holds the locks until the block ends. Nothing is written unless
the caller calls ``commit()`` in the block: a compare-and-swap atomic write of
each changed file. The caller checks the new bytes first (``files``,
``locate``, ``diff``).

Paths come from a workbook (untrusted): only an agreement file directly in
``acuerdos/`` or a session file directly in ``sesiones/`` is edited, never
through a link that leads out of the repository.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import CoprodError, EditConflict
from ..fsutil import FileChanged, atomic_write_bytes, os_error_es
from ..lang import _
from ..load.guard import read_bounded
from ..load.repository import ACTORS, AGREEMENTS_DIR, SESSIONS_DIR, YAML_SUFFIXES
from ..load.survey import inside
from ..load.yamlsource import MAX_FILE_BYTES, text_source
from ..model.criteria import CRITERIA_BY_KEY
from ..model.models import Acuerdo, MapaActores, Sesion
from ..model.types import Month, answer_word
from ..model.validate import suggest, validate_tree
from ..render.safe import has_control, plain
from .agreement import monitoring_change
from .document import ItemWith, Loaded, Refused, Where
from .locking import key_for, repository_lock
from .paths import checked_target
from .progress import progress_change
from .session import STATES, AttendanceChange, attendance_change
from .staging import Conflict, Edit, FileEdits, Places, Refusal, Staging, stage_file

__all__ = ["Batch", "Staged", "Refusal", "Conflict"]


class Batch:
    """The edits of one import, asked for one by one, then applied together in ``staged()``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, FileEdits] = {}
        self._real: dict[Path, str] = {}
        self._expected: dict[str, str] = {}
        self._count = 0
        self._actor_ids: tuple[set[str] | None] | None = None  # read on first use

    def expect(self, rel: str, sha256: str) -> None:
        """The hash of the file's bytes at the export: a file that no longer has it is a conflict."""
        key = str(PurePosixPath(rel))
        self._expected[key] = sha256.strip().lower()
        if key in self._files:
            self._files[key].expected = self._expected[key]

    def progress(self, origin: str, rel: str, month: Month, subactivity: int | None, level: int | None, note: str | None) -> None:
        """A month's (or sub-activity's) level and note; ``level`` None: the note alone (a level is recorded)."""
        text, bad = _note(note)
        where: Where = ("avance", ItemWith("mes", str(month)))
        if subactivity is not None:
            where += ("subactividades", ItemWith("subactividad", str(subactivity)))
        where += ("nivel" if level is not None else "nota",)
        if level is None and text is None and bad is None:
            return

        def apply(loaded: Loaded[Any]) -> Any:
            return progress_change(loaded, month, level, subactivity, text, replace_note=True, sheet=True)

        self._add(Edit(origin, rel, where, None if bad else apply, bad), AGREEMENTS_DIR)

    def monitoring(self, origin: str, rel: str, criterion_key: str, answer: str | None, note: str | None) -> None:
        """A criterion's answer, «si» or «no» (None: the observations alone), and its observations."""
        text, bad = _note(note)
        criterion = CRITERIA_BY_KEY.get(criterion_key)
        word = answer_word(answer) if answer is not None else None
        where: Where = ("monitoreo", criterion_key, "cumple" if answer is not None else "observaciones")
        if criterion is None:
            bad = _("criterio desconocido «{criterion_key}»{hint}").format(criterion_key=plain(criterion_key), hint=suggest(criterion_key, list(CRITERIA_BY_KEY)))
        elif answer is not None and word is None:
            bad = _("la respuesta del criterio {number} debe ser «Sí» o «No», no «{answer}»").format(number=criterion.number, answer=plain(answer))
        if answer is None and text is None and bad is None:
            return

        def apply(loaded: Loaded[Any]) -> Any:
            assert criterion is not None
            return monitoring_change(loaded, criterion, word, text, replace_note=True, lenient=True)

        self._add(Edit(origin, rel, where, None if bad else apply, bad), AGREEMENTS_DIR)

    def attendance(self, origin: str, rel: str, actor: str, state: str | None, note: str | None) -> None:
        """An actor's attendance state (None: the note alone, for an actor listed) and note."""
        text, bad = _note(note)
        value = state.strip().lower() if state is not None else None
        where: Where = ("asistencia", ItemWith("actor", actor), "estado" if state is not None else "nota")
        if value is not None and value not in STATES:
            bad = _("estado de asistencia desconocido «{value}»; use uno de: {items}").format(value=plain(state or ''), items=', '.join(STATES))
        if value is None and text is None and bad is None:
            return
        change = AttendanceChange(value, note=text, replace_note=True)

        def apply(loaded: Loaded[Any]) -> Any:
            if not any(a.actor == actor for a in loaded.model.asistencia):
                known = self._actors()
                if known is None:
                    raise Refused(_("«{actors}» falta o tiene errores: corríjalo antes de agregar actores a la asistencia (vea «coprod validate»)").format(actors=ACTORS), ("asistencia",))
                if actor not in known:
                    raise Refused(_(
                            "el actor «{actor}» no está en el mapa de actores («{actors}»){hint}"
                        ).format(actor=plain(actor), actors=ACTORS, hint=suggest(actor, sorted(known))), ("asistencia",))
            return attendance_change(loaded, actor, change)

        self._add(Edit(origin, rel, where, None if bad else apply, bad), SESSIONS_DIR)

    def _add(self, edit: Edit, folder: str) -> None:
        rel = _checked_rel(edit.origin, edit.rel, folder)
        path = self.root / rel
        if not (path.exists() or path.is_symlink()):
            raise CoprodError(_("{origin}: no existe el archivo «{rel}» en el repositorio; no se cambió nada").format(origin=edit.origin, rel=rel))
        try:
            real = checked_target(self.root, path)
        except CoprodError as exc:
            raise CoprodError(f"{edit.origin}: {exc}") from None
        first = self._real.setdefault(real, rel)
        if first != rel:
            raise CoprodError(_("{origin}: «{rel}» es el mismo archivo que «{first}» (un enlace); edítelo por un solo nombre").format(origin=edit.origin, rel=rel, first=first))
        if rel not in self._files:
            model = Acuerdo if folder == AGREEMENTS_DIR else Sesion
            self._files[rel] = FileEdits(rel, real, key_for(self.root, real), model, expected=self._expected.get(rel))
        edit.rel, edit.order = rel, self._count
        self._count += 1
        self._files[rel].edits.append(edit)

    def _actors(self) -> set[str] | None:
        """The ids of the actor map, read once per ``staged()``; None when it is missing, has errors or leads out."""
        if self._actor_ids is None:
            path = self.root / ACTORS
            raw, problem = read_bounded(path, MAX_FILE_BYTES) if inside(self.root, path) else (None, None)
            src = text_source(path, ACTORS, (raw, problem))
            model, problems = validate_tree(MapaActores, src.data) if raw is not None and src.data is not None else (None, [])
            self._actor_ids = ({a.id for a in model.actores},) if model is not None and not problems else (None,)
        return self._actor_ids[0]

    @contextmanager
    def staged(self) -> Iterator[Staged]:
        """Lock every file concerned, read each once and apply the edits in memory; the locks last the block."""
        files = sorted(self._files.values(), key=lambda f: (f.key, f.rel))
        with ExitStack() as locks:
            for fe in files:
                locks.enter_context(repository_lock(self.root, fe.key, fe.rel))
            self._actor_ids = None
            staged = Staged([stage_file(fe) for fe in files])
            try:
                yield staged
            finally:
                staged._open = False


class Staged:
    """The edits applied in memory, under the locks: what would be written, what was refused, what conflicts."""

    def __init__(self, stagings: list[Staging]) -> None:
        self._stagings = {s.rel: s for s in stagings}
        #: rel -> (bytes read, new bytes), changed files only.
        self.files: dict[str, tuple[bytes, bytes]] = {
            s.rel: (s.read, s.new) for s in stagings if s.read is not None and s.new is not None and s.conflict is None
        }
        self.refusals: list[Refusal] = [r for _, r in sorted((r for s in stagings for r in s.refusals), key=lambda x: x[0])]
        self.conflicts: list[Conflict] = [s.conflict for s in stagings if s.conflict is not None]
        self._where = {origin: (s.rel, where) for s in stagings for origin, where in s.located.items()}
        self._places: dict[str, Places] = {}
        self._open = True
        self._written: list[str] | None = None

    def locate(self, origin: str) -> tuple[str, int, int] | None:
        """(rel, line, column), 1-based, of the value ``origin`` wrote, in the new bytes; None for an edit not applied."""
        found = self._where.get(origin)
        if found is None:
            return None
        rel, where = found
        staging = self._stagings[rel]
        if rel not in self._places:
            data = staging.new if staging.new is not None else staging.read
            assert data is not None
            self._places[rel] = Places(rel, staging.path, data)
        line, column = self._places[rel].at(where)
        return rel, line, column

    def diff(self) -> str:
        """A unified diff of every changed file (``a/<rel>``, ``b/<rel>``), control characters shown escaped."""
        out: list[str] = []
        for rel, (old, new) in sorted(self.files.items()):
            a, b = (_lines(x) for x in (old, new))
            out.extend(plain(line) for line in difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}", lineterm=""))
        return "\n".join(out) + ("\n" if out else "")

    def commit(self) -> list[str]:
        """Write each changed file (compare-and-swap, atomic), under the locks; the files written, sorted."""
        if not self._open:
            raise RuntimeError("Staged.commit() fuera del bloque «with batch.staged()»: los archivos ya no están bloqueados")
        if self._written is not None:
            return list(self._written)
        if self.refusals or self.conflicts:
            raise CoprodError(
                _("no se escribió nada: {n} cambio(s) rechazado(s) y {n2} archivo(s) en conflicto").format(n=len(self.refusals), n2=len(self.conflicts))
            )
        for rel, (old, _new) in sorted(self.files.items()):  # all checked before the first write
            if read_bounded(self._stagings[rel].path, MAX_FILE_BYTES)[0] != old:
                raise EditConflict(_changed(rel, []))
        written: list[str] = []
        for rel, (old, new) in sorted(self.files.items()):
            try:
                atomic_write_bytes(self._stagings[rel].path, new, expected=old)
            except FileChanged:
                raise EditConflict(_changed(rel, written)) from None
            except OSError as exc:
                raise CoprodError(_("no se pudo escribir «{rel}» ({reason}); el archivo quedó como estaba{already}").format(rel=rel, reason=os_error_es(exc), already=_already(written))) from None
            written.append(rel)
        self._written = written
        return list(written)


def _changed(rel: str, written: list[str]) -> str:
    done = _("no se escribió ni ese ni los siguientes; ya se habían escrito: {items}").format(items=', '.join(written)) if written else _("no se escribió ningún archivo")
    return _("«{rel}» cambió mientras coprod lo editaba (otro programa lo guardó): {done}. Revise el archivo y repita la importación.").format(rel=rel, done=done)


def _already(written: list[str]) -> str:
    return _("; ya se habían escrito: {items}").format(items=', '.join(written)) if written else ""


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig", errors="replace").splitlines()


def _note(note: str | None) -> tuple[str | None, str | None]:
    """A note cell: its text (None: empty, nothing to change), or why it is refused."""
    if note is None or not note.strip():
        return None, None
    text = note.replace("\r\n", "\n").strip()  # a line break in a cell: CRLF in some CSV files
    if has_control(text):
        return None, _("la nota tiene caracteres de control (invisibles); bórrelos y vuelva a escribirla")
    return text, None


def _checked_rel(origin: str, rel: str, folder: str) -> str:
    """``rel`` as a file directly in ``folder`` (``acuerdos/x.yaml``); refused otherwise, before any file is opened."""
    shown = plain(rel)
    if not rel or "\\" in rel or rel.startswith("/") or (len(rel) > 1 and rel[1] == ":") or has_control(rel):
        raise CoprodError(_("{origin}: «{shown}» no es una ruta dentro del repositorio; se esperaba «{folder}/ARCHIVO.yaml». No se cambió nada.").format(origin=origin, shown=shown, folder=folder))
    path = PurePosixPath(rel)
    if ".." in path.parts:
        raise CoprodError(_("{origin}: «{shown}» sale del repositorio («..»); no se cambió nada").format(origin=origin, shown=shown))
    if len(path.parts) != 2 or path.parts[0] != folder or path.suffix not in YAML_SUFFIXES or path.name.startswith("."):
        raise CoprodError(_("{origin}: «{shown}» no es un archivo de la carpeta «{folder}/» del repositorio; no se cambió nada").format(origin=origin, shown=shown, folder=folder))
    return str(path)

