"""Bounds on repository templates: time, memory, output (SECURITY.md, «Plantillas»).

Templates from the repository come from pull requests. They render in
Jinja's sandbox (no way into Python's internals), and here with bounds, so a
hostile or careless template ends with a located Spanish message:

* ``BoundedSandbox``: ``*`` and ``**`` may not build a text or list longer
  than ``MAX_SEQUENCE`` or an integer wider than ``MAX_INT_BITS``; checked
  before computing (Jinja never folds these operators at compile time in the
  sandbox), so ``'x' * 10**9`` costs nothing.
* a deadline per report (``Watchdog``): a thread interrupts the render with
  ``_thread.interrupt_main`` (any platform), the exception surfaces inside
  the template and carries its file and line. The render runs in a worker
  process (report/render.py) whose parent kills it when it outlives the
  deadline by ``GRACE_SECONDS`` (a long call in C that no interrupt reaches).
* output: a report is streamed (``Template.generate``) and stopped past
  ``Limits.output_chars``.
* memory: where ``resource`` exists and the process size can be read
  (Linux: the CI runners that render pull requests), the worker's address
  space is capped at its size plus ``Limits.memory_bytes``.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..lang import N_, _

#: Characters of a text, or items of a list, that ``*`` may build.
MAX_SEQUENCE = 1_000_000
#: Bits of an integer that ``*`` or ``**`` may build (about 30 000 digits).
MAX_INT_BITS = 100_000
#: How long the parent waits past a report's deadline before it stops the worker
#: (also covers a spawned worker still starting: Python and coprod's imports).
GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class Limits:
    """What rendering reports from repository templates may cost."""

    seconds: float  # a report about the whole repository (index, monitoring, progress, actors, annual)
    sheet_seconds: float  # one agreement's sheet
    total_seconds: float  # every report of one run
    output_chars: int  # one report
    memory_bytes: int  # a worker, over its size when it starts

    @classmethod
    def for_size(cls, agreements: int, reports: int) -> Limits:
        """Scaled to the repository. Measured with coprod's own templates in the
        sandbox (SECURITY.md): the slowest whole-repository report takes about
        0.5 ms and 1.5 KB per agreement, a sheet about 10 ms; a hostile
        template can make a run last a few times what a legitimate one does,
        never more."""
        return cls(
            seconds=0.5 + 0.002 * agreements,
            sheet_seconds=0.5,
            total_seconds=30.0 + 0.02 * reports,
            output_chars=32 * 2**20 + 4096 * agreements,
            memory_bytes=128 * 2**20 + 16384 * agreements,
        )

    def for_report(self, key: str) -> float:
        return self.sheet_seconds if key == "ficha" else self.seconds


class TemplateLimit(Exception):
    """A template went past a bound. ``str()`` is Spanish."""


class RenderTimeout(TemplateLimit):
    pass


class OutputTooLarge(TemplateLimit):
    pass


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with ``*`` and ``**`` bounded before they compute."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and _int(n) and len(seq) * n > MAX_SEQUENCE:
                    size, most = f"{len(seq) * n:,}".replace(",", " "), f"{MAX_SEQUENCE:,}".replace(",", " ")
                    raise TemplateLimit(_("«*» construiría un texto o una lista de {n} elementos (máximo {max})").format(n=size, max=most))
            if _int(left) and _int(right) and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
                raise TemplateLimit(_("«{op}» construiría un número de más de {n} bits").format(op="*", n=f"{MAX_INT_BITS:,}".replace(",", " ")))
        elif operator == "**" and _int(left) and _int(right) and right > 0 and abs(left) > 1:
            if right * abs(left).bit_length() > MAX_INT_BITS:
                raise TemplateLimit(_("«{op}» construiría un número de más de {n} bits").format(op="**", n=f"{MAX_INT_BITS:,}".replace(",", " ")))
        return super().call_binop(context, operator, left, right)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- deadline ---------------------------------------------------------------------------------------


class Watchdog:
    """Interrupts the main thread when the armed deadline passes.

    Why a thread and a signal handler: ``signal.alarm`` does not exist on
    Windows; ``_thread.interrupt_main`` does, and raises through the handler
    installed here in the main thread at the next bytecode, inside the
    template's own frame. A real Ctrl-C still cancels (in a worker process,
    ``ignore_interrupts``: the parent handles it and stops the workers). Must
    be created in the main thread (``ValueError`` otherwise).
    """

    def __init__(self, ignore_interrupts: bool = False) -> None:
        self._ignore_interrupts = ignore_interrupts
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._token = 0
        self._current: int | None = None
        self._fired: int | None = None
        self._seconds = 0.0
        self._closed = False
        self._previous = signal.signal(signal.SIGINT, self._on_signal)
        self._thread = threading.Thread(target=self._run, name="coprod-plantillas", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import _thread

        with self._cond:
            while not self._closed:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self._fired, self._deadline = self._current, None
                _thread.interrupt_main(signal.SIGINT)

    def _on_signal(self, signum: int, frame: Any) -> None:
        fired, self._fired = self._fired, None
        if fired is not None:
            if fired == self._current:
                raise RenderTimeout(_("tardó más de {n} s en escribir un informe (¿un bucle sin fin o demasiado grande?)").format(n=seconds_text(self._seconds)))
            return  # the report it was meant for already ended
        if self._ignore_interrupts:
            return
        previous = self._previous
        if callable(previous):
            previous(signum, frame)
        else:
            raise KeyboardInterrupt

    @contextmanager
    def armed(self, seconds: float) -> Iterator[None]:
        with self._cond:
            self._token += 1
            self._current, self._seconds = self._token, seconds
            self._deadline = time.monotonic() + seconds
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._current = self._deadline = None
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(1.0)
        signal.signal(signal.SIGINT, self._previous)


def watchdog(ignore_interrupts: bool = False) -> Watchdog | None:
    """A watchdog, or None where signal handlers cannot be installed (not the main thread)."""
    try:
        return Watchdog(ignore_interrupts)
    except (ValueError, OSError, RuntimeError):
        return None


# --- memory -----------------------------------------------------------------------------------------


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None."""
    import os

    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def limit_memory(extra: int) -> int | None:
    """Caps this process's address space at its size plus ``extra`` bytes; the cap, or None.

    Only in a render worker, never in coprod's own process. None where
    ``resource`` does not exist (Windows) or the size cannot be read (macOS,
    which does not enforce the limit anyway): time and operators still bound.
    """
    try:
        import resource
    except ImportError:
        return None
    size = _address_space()
    if size is None:
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft != resource.RLIM_INFINITY and soft <= cap:
            return soft
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return cap
    except (ValueError, OSError, AttributeError):
        return None


# --- rendering and locating -------------------------------------------------------------------------


def render_bounded(template: Any, limits: Limits, variables: dict[str, Any]) -> str:
    """The template's text, streamed and stopped past ``limits.output_chars``."""
    parts: list[str] = []
    size = 0
    stream = template.generate(**variables)
    try:
        for chunk in stream:
            size += len(chunk)
            if size > limits.output_chars:
                stream.throw(OutputTooLarge(_("escribió más de {n} MB en un informe").format(n=limits.output_chars // 2**20)))
            parts.append(chunk)
    except TemplateLimit as exc:
        # Raised between two pieces of output (the deadline fell in this loop):
        # thrown into the template so that the error carries its line.
        if stream.gi_frame is not None and not located(exc):
            stream.throw(exc.with_traceback(None))
        raise
    return "".join(parts)


def located(exc: BaseException) -> bool:
    return locate(exc) is not None


def locate(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template frame of ``exc``: (file name, line), or None.

    Jinja rewrites a template's traceback into frames that carry the
    template's file name and line (their globals hold
    ``__jinja_exception__``); a frame it did not rewrite still holds its
    template (``__jinja_template__``) to translate the line.
    """
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return (exc.filename or exc.name or "?", exc.lineno)
    found = None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif "__jinja_exception__" in frame.f_globals:
            found = (frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


_UNDEFINED = (
    (re.compile(r"^'(.+)' is undefined$"), N_("«{0}» no está definido")),
    (re.compile(r"^'(.+)' has no attribute '(.+)'$"), N_("«{0}» no tiene el atributo «{1}»")),
    (re.compile(r"^'(.+)' object has no attribute '(.+)'$"), N_("«{0}» no tiene el atributo «{1}»")),
)
_SYNTAX = (
    (re.compile(r"^unexpected end of template", re.IGNORECASE), N_("la plantilla termina antes de cerrar un bloque ({{% ... %}} sin su {{% end... %}})")),
    (re.compile(r"^Encountered unknown tag '(.+?)'", re.IGNORECASE), N_("etiqueta desconocida «{0}»")),
    (re.compile(r"^unexpected '(.+?)'"), N_("«{0}» inesperado")),
    (re.compile(r"^expected token '(.+?)', got '(.+?)'"), N_("se esperaba «{0}» y hay «{1}»")),
    (re.compile(r"^no filter named '(.+?)'"), N_("no existe el filtro «{0}»")),
    (re.compile(r"^no test named '(.+?)'"), N_("no existe la prueba «{0}»")),
)


def _translated(message: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, spanish in table:
        m = pattern.match(message)
        if m:
            return _(spanish).format(*m.groups())
    return None


def describe(exc: BaseException, known: tuple[str, ...] = ()) -> str:
    """What went wrong in a template, in Spanish (without its location)."""
    if isinstance(exc, TemplateLimit):
        return str(exc)
    if isinstance(exc, MemoryError):
        return _("usó más memoria de la permitida para un informe")
    if isinstance(exc, RecursionError):
        return _("se llama a sí misma demasiadas veces (recursión sin fin)")
    if isinstance(exc, ZeroDivisionError):
        return _("división por cero")
    if isinstance(exc, SecurityError):
        return _("usa algo que el entorno aislado de plantillas no permite (atributos internos de Python)")
    if isinstance(exc, TemplateSyntaxError):
        text = _translated(exc.message or "", _SYNTAX)
        return _("error de sintaxis: {detail}").format(detail=text or _("la plantilla no se puede leer (Jinja: «{message}»)").format(message=_short(exc.message)))
    if isinstance(exc, TemplateNotFound):
        names = ", ".join(known)
        return _("pide la plantilla «{name}», que no es una de las de coprod").format(name=_short(exc.name)) + (f" ({names})" if names else "")
    if isinstance(exc, UndefinedError):
        text = _translated(exc.message or "", _UNDEFINED)
        return _("usa un valor que no existe: {detail}").format(detail=text or f"«{_short(exc.message)}»")
    if isinstance(exc, (OverflowError, ValueError, TypeError, KeyError, IndexError, AttributeError)):
        return _("falló al escribir un informe ({name}: un valor de tipo o tamaño imposible)").format(name=type(exc).__name__)
    return _("falló al escribir un informe ({name})").format(name=type(exc).__name__)


def _short(text: Any, limit: int = 120) -> str:
    from ..render.safe import plain

    s = plain(str(text))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def seconds_text(value: float) -> str:
    """Seconds as Spanish writes them: «1,5»."""
    return f"{value:.1f}".replace(".", ",")
