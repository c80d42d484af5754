"""What keeps other local users and other web sites from driving the app.

* **Session key**: a random key printed once at start, in the PATH of the address
  (``http://127.0.0.1:PORT/k/KEY/``): a capability URL. Every request must start
  with ``/k/KEY/``; it becomes the ASGI ``root_path``, so the app's routes see the rest,
  and put back on every link, form action and redirect of the app's HTML answers.
  No cookie: cookies are not separated by port, so any other server on 127.0.0.1
  the browser visited would receive one. Without the key, 403 with a Spanish page
  saying where the address is. The key never leaves the origin: Referer is sent
  only to the same origin.
* **Host header**: only ``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT`` or
  the ``--host`` given (DNS rebinding: a hostile site whose name points at
  127.0.0.1 still sends its own name as Host).
* **CSRF**: a POST must carry the form field ``csrf`` (a second random key, in
  every form the app renders; ``forms.read_form`` checks it) and, when the
  browser sends one, an ``Origin`` of this app.
* **Headers**: a Content-Security-Policy with no script at all, no framing,
  forms posted only here; nosniff; no Referer to other sites; nothing cached.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

#: No script; styles from the app and inline (the reports carry their <style>); images inline (SVG, data:).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Why same-origin and not no-referrer: under no-referrer Chromium sends «Origin: null» with every
    # form POST, and the Origin check then refuses the app's own forms; other sites still get no Referer.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
#: A form is a few kilobytes; a new agreement with long texts, well under this.
MAX_BODY_BYTES = 1024 * 1024
#: The start of every path of the app: ``/k/KEY/``.
KEY_PREFIX = "/k/"
#: The absolute links of the app's own HTML (its templates), to which the key prefix is added.
_ABSOLUTE_LINK = re.compile(rb'((?:href|action|src)=")/')
#: What could make a page send its address (with the key) to another site as Referer: a report template's
#: ``<meta name="referrer">`` or ``referrerpolicy=`` attribute would override the Referrer-Policy header.
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_REFERRER_META = re.compile(r"""name\s*=\s*["']?\s*referrer""", re.IGNORECASE)
_REFERRER_ATTRIBUTE = re.compile(rb"\breferrerpolicy(\s*=)", re.IGNORECASE)


@dataclass
class Guard:
    """The secrets of one server run and the names it answers to."""

    port: int
    host: str = "127.0.0.1"
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def prefix(self) -> str:
        """``/k/KEY``: what every path of this run starts with (then ``/``)."""
        return f"{KEY_PREFIX}{self.token}"

    def hosts(self) -> set[str]:
        names = {"127.0.0.1", "localhost", "[::1]", self.host if ":" not in self.host else f"[{self.host}]"}
        return {f"{n}:{self.port}" for n in names} | ({*names} if self.port == 80 else set())

    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts()}

    def url(self, path: str = "/") -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}{self.prefix}{path}"

    def strip(self, path: str) -> str | None:
        """The app's path inside ``path`` (``/k/KEY/rest`` → ``/rest``), or None without the right key."""
        if not path.startswith(KEY_PREFIX):
            return None
        key, slash, rest = path[len(KEY_PREFIX):].partition("/")
        if not slash or not self.token_ok(key):
            return None
        return "/" + rest

    def token_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(str(value).encode(), self.token.encode())

    def csrf_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(str(value).encode(), self.csrf.encode())


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


REFUSED_PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>{title} — coprod</title></head>
<body><main><h1>{title}</h1><p>{text}</p></main></body></html>"""


class GuardMiddleware:
    """Pure ASGI middleware (it never reads the body): Host, key, Origin, size and headers."""

    def __init__(self, app: Any, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _send_page(send, *refusal)
            return
        prefix = self.guard.prefix
        path = str(scope.get("path", ""))
        if path == prefix:  # the address typed without its last «/»: relative links need it
            headers = [(b"location", (prefix + "/").encode("ascii")), *SECURITY_HEADERS]
            await send({"type": "http.response.start", "status": 308, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        # Why root_path and the path left whole: Starlette's routes (and Mount, for /static) match the path
        # minus root_path (the ASGI convention), so they see «/acuerdos» for «/k/KEY/acuerdos».
        inner = dict(scope, root_path=str(scope.get("root_path", "")) + prefix)
        await self.app(inner, _bounded(receive), _prefixing(send, prefix.encode("ascii"), scope["method"] != "HEAD"))

    def _refusal(self, scope: dict[str, Any]) -> tuple[int, str, str] | None:
        g = self.guard
        if (_header(scope, b"host") or "").lower() not in g.hosts():
            return 400, "Dirección no permitida", (
                "Esta aplicación solo responde en la dirección que mostró «coprod serve» al iniciar "
                "(por ejemplo http://127.0.0.1:8000/k/…/). Ábrala desde ahí."
            )
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return 413, "Formulario demasiado grande", "Lo enviado pasa de 1 MB: un formulario de coprod es mucho menor."
        path = str(scope.get("path", ""))
        if path != g.prefix and g.strip(path) is None:
            return 403, "Falta la clave de la sesión", (
                "Abra la dirección completa que mostró coprod serve al iniciar (incluye /k/…). "
                "Así nadie más en esta computadora puede usar la aplicación."
            )
        if scope["method"] not in ("GET", "HEAD"):
            origin = _header(scope, b"origin")
            if origin is not None and origin not in g.origins():
                return 403, "Formulario de otro sitio", "Este formulario no viene de coprod: no se escribió nada."
            if scope["method"] != "POST":
                return 405, "Método no permitido", "coprod solo recibe formularios (POST) y páginas (GET)."
        return None


def _prefixing(send: Any, prefix: bytes, rewrite: bool = True) -> Any:
    """``send`` that adds the security headers and puts ``/k/KEY`` back on the app's own addresses.

    A ``Location: /…`` gets the prefix; an HTML answer is held whole and every ``href="/``,
    ``action="/`` and ``src="/`` in it gets it too (its Content-Length is recomputed). Other
    answers (CSS, images, HEAD) pass as they come."""
    held: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def prefixing(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, prefix + v if k.lower() == b"location" and v.startswith(b"/") else v)
                       for k, v in message.get("headers", [])]
            message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            if rewrite and kind.lower().startswith(b"text/html"):
                held["start"] = message
                return
        elif message["type"] == "http.response.body" and "start" in held:
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = _keyed(b"".join(chunks), prefix)
            start = held.pop("start")
            start["headers"] = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            start["headers"].append((b"content-length", str(len(body)).encode()))
            await send(start)
            message = {"type": "http.response.body", "body": body}
        await send(message)

    return prefixing


def _keyed(html: bytes, prefix: bytes) -> bytes:
    """``html`` with the key prefix on its absolute links and nothing that could send its address elsewhere."""
    from html import unescape

    html = _ABSOLUTE_LINK.sub(lambda m: m.group(1) + prefix + b"/", html)
    html = _META.sub(lambda m: b"" if _REFERRER_META.search(unescape(m.group(0).decode("latin-1"))) else m.group(0), html)
    return _REFERRER_ATTRIBUTE.sub(rb"data-referrerpolicy\1", html)


class BodyTooLarge(Exception):
    """A body sent without Content-Length (chunked) that passes MAX_BODY_BYTES: answered 413, nothing written."""


def _bounded(receive: Any) -> Any:
    """``receive`` that stops a body at MAX_BODY_BYTES: the Content-Length check above does not see a chunked body."""
    seen = 0

    async def bounded() -> dict[str, Any]:
        nonlocal seen
        message: dict[str, Any] = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise BodyTooLarge()
        return message

    return bounded


async def _send_page(send: Any, status: int, title: str, text: str) -> None:
    from html import escape

    body = REFUSED_PAGE.format(title=escape(title), text=escape(text)).encode()
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
