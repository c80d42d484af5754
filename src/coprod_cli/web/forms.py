"""What every form of the app shares: reading the body with its CSRF key,
messages next to the field they concern, and the diff of the file written.

A form handler:

    form = await read_form(request)            # 403 without the CSRF key (nothing read further)
    errors = FormErrors()
    level = errors.take("nivel", parse_level, form.get("nivel", ""))   # CoprodError → message at the field
    if errors: return page("x.html.j2", request, status=422, errors=errors, form=form)
    before = snapshot_file(path)
    outcome = await run_in_threadpool(set_progress, root, …)   # the CLI's editor: locked, atomic, byte-keeping
    return written_page(request, outcome, before)            # what changed, as a diff, and the re-check
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import CoprodError

T = TypeVar("T")

#: The longest text a form field may carry (a note, an objective); the editor has its own bounds too.
MAX_FIELD_CHARS = 20_000


class FormRefused(Exception):
    """A POST without this app's CSRF key: answered 403, nothing read or written."""


class SentTwice(Exception):
    """The same rendered form sent again (a double click, a reload of the page shown after it): 409, nothing written."""


#: The «envio» keys already received, the oldest forgotten first (a form is sent once; thousands are plenty).
MAX_SENDINGS = 10_000
_SENDINGS_LOCK = threading.Lock()


def _first_sending(request: Any, key: str) -> None:
    """Remember ``key``; SentTwice when it was already received. A form without one (an older page) passes."""
    from collections import OrderedDict

    if not key:
        return
    with _SENDINGS_LOCK:
        seen = getattr(request.app.state, "coprod_sendings", None)
        if seen is None:
            seen = OrderedDict()
            request.app.state.coprod_sendings = seen
        if key in seen:
            raise SentTwice()
        seen[key] = True
        while len(seen) > MAX_SENDINGS:
            seen.popitem(last=False)


async def read_form(request: Any) -> dict[str, str]:
    """The form's fields as text (the last value of a repeated name, as Starlette's form reads it), CSRF checked."""
    return {k: values[-1] for k, values in (await read_multi(request)).items()}


async def read_multi(request: Any, max_fields: int = 1000) -> dict[str, list[str]]:
    """Every value of every field (tables of rows sent as one form), CSRF checked.

    ``max_fields``: python-multipart refuses more fields (400); a table of rows may
    need more (four fields a row; the body stays under the guard's 1 MB)."""
    from .state import state_of

    data = await request.form(max_fields=max_fields)
    if not state_of(request).guard.csrf_ok(str(data.get("csrf") or "")):
        raise FormRefused()
    out: dict[str, list[str]] = {}
    for k, v in data.multi_items():
        if isinstance(v, str) and k not in ("csrf", "envio"):
            out.setdefault(k, []).append(field_text(k, v))
    _first_sending(request, str(data.get("envio") or ""))
    return out


def field_text(name: str, value: str) -> str:
    """A field's text as the person typed it: the browser's line ends (CR LF, HTML's rule) as the files' LF.

    A text longer than MAX_FIELD_CHARS is refused (CoprodError: a Spanish page, nothing written), never cut:
    a note cut in the middle of a word would be written as if it were what the person typed."""
    if len(value) > MAX_FIELD_CHARS:
        raise CoprodError(
            f"el campo «{name}» tiene {len(value):,} caracteres y el máximo es {MAX_FIELD_CHARS:,}".replace(",", " ")
            + ": acorte el texto y envíe el formulario de nuevo"
        )
    return value.replace("\r\n", "\n").replace("\r", "\n")


#: The CLI's option names in an editor's message, as the form's fields say them.
WEB_WORDS = (
    (re.compile(r"\(sin --subactivity\)|sin --subactivity"), "con «El mes completo» en Subactividad"),
    (re.compile(r"use --subactivity entre 1 y (\d+)"), r"elija una subactividad entre 1 y \1"),
    (re.compile(r"use --subactivity N ?"), "elija la subactividad "),
    (re.compile(r" ?\(--note\)"), ""),
    (re.compile(r"«coprod new actor»"), "la página Agregar › Un actor"),
)


def web_words(message: str) -> str:
    """An editor's message with the form's words instead of the command's options."""
    for pattern, words in WEB_WORDS:
        message = pattern.sub(words, message)
    return message


@dataclass
class FormErrors:
    """Spanish messages by field name (``""``: about the whole form)."""

    by_field: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, message)

    def take(self, name: str, parse: Callable[[str], T], value: str) -> T | None:
        """``parse(value)``; a CoprodError becomes the field's message (and None)."""
        try:
            return parse(value)
        except CoprodError as exc:
            self.add(name, sentence(web_words(str(exc))))
            return None

    def get(self, name: str) -> str | None:
        return self.by_field.get(name)


def sentence(message: str) -> str:
    """A CoprodError's text as a sentence on a page: capital first letter, full stop."""
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", "»")) else text + "."


def snapshot_file(path: Path) -> bytes:
    """The file's bytes before an edit (empty when it does not exist yet: a new file)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


@dataclass
class DiffLine:
    kind: str  # "add", "del", "hunk", "same"
    text: str


def file_diff(rel: str, before: bytes, after: bytes, context: int = 2) -> list[DiffLine]:
    """The unified diff of one file, line by line, for the page shown after a write."""
    old = before.decode("utf-8", "replace").splitlines()
    new = after.decode("utf-8", "replace").splitlines()
    lines = []
    for line in difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}", n=context, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        lines.append(DiffLine(kind, line))
    return lines


async def written_page(request: Any, outcome: Any, before: bytes, back: str, title: str) -> Any:
    """The page after an edit: what the file now says, its diff, and the repository re-checked.

    The re-check goes through the validation cache (only the file just written is checked again; 10,000
    agreements: seconds, not a minute) in a worker thread, so that other pages keep answering meanwhile."""
    from starlette.concurrency import run_in_threadpool

    from ..pipeline.validation import validate_cached
    from .gitsave import note_written
    from .pages import page
    from .state import state_of

    state = state_of(request)
    after = snapshot_file(outcome.path)
    if outcome.changed:
        note_written(request, outcome.rel)  # offered on /git (serve --git)
    result = await run_in_threadpool(validate_cached, state.root)
    mine = [d for d in result.diagnostics if d.file == outcome.rel]
    return page(
        "escrito.html.j2", request, title=title, outcome=outcome, back=back,
        diff=file_diff(outcome.rel, before, after), errors_total=result.errors,
        warnings_total=result.warnings, problems=mine[:20], more=max(0, len(mine) - 20), git=state.git,
    )
