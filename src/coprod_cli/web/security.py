"""What keeps other local users and other web sites from driving the app.

* **Session key**: a random key printed once at start, in the URL (as Jupyter
  does). The first visit with ``?clave=…`` sets an HttpOnly, SameSite=Strict
  cookie named after the port and redirects to the same address without the key
  (it leaves no trace in the history or a Referer). Every other request needs the
  cookie: without it, 403 with a Spanish page saying where the address is.
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
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

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
KEY_PARAMETER = "clave"


@dataclass
class Guard:
    """The secrets of one server run and the names it answers to."""

    port: int
    host: str = "127.0.0.1"
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def cookie(self) -> str:
        # Why the port in the name: cookies are not separated by port; two servers must not share one.
        return f"coprod_clave_{self.port}"

    def hosts(self) -> set[str]:
        names = {"127.0.0.1", "localhost", "[::1]", self.host if ":" not in self.host else f"[{self.host}]"}
        return {f"{n}:{self.port}" for n in names} | ({*names} if self.port == 80 else set())

    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts()}

    def url(self, path: str = "/") -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}{path}?{urlencode({KEY_PARAMETER: self.token})}"

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
        key = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get(KEY_PARAMETER)
        if key is not None and self.guard.token_ok(key) and scope["method"] == "GET":
            await self._welcome(scope, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, _bounded(receive), with_headers)

    def _refusal(self, scope: dict[str, Any]) -> tuple[int, str, str] | None:
        g = self.guard
        if (_header(scope, b"host") or "").lower() not in g.hosts():
            return 400, "Dirección no permitida", (
                "Esta aplicación solo responde en la dirección que mostró «coprod serve» al iniciar "
                "(por ejemplo http://127.0.0.1:8000/). Ábrala desde ahí."
            )
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return 413, "Formulario demasiado grande", "Lo enviado pasa de 1 MB: un formulario de coprod es mucho menor."
        key = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get(KEY_PARAMETER)
        cookie = SimpleCookie(_header(scope, b"cookie") or "").get(g.cookie)
        if not (g.token_ok(cookie.value if cookie else None) or (scope["method"] == "GET" and g.token_ok(key))):
            return 403, "Falta la clave de la sesión", (
                "Abra la dirección completa que mostró «coprod serve» al iniciar: incluye «?clave=…». "
                "Así nadie más en esta computadora puede usar la aplicación."
            )
        if scope["method"] not in ("GET", "HEAD"):
            origin = _header(scope, b"origin")
            if origin is not None and origin not in g.origins():
                return 403, "Formulario de otro sitio", "Este formulario no viene de coprod: no se escribió nada."
            if scope["method"] != "POST":
                return 405, "Método no permitido", "coprod solo recibe formularios (POST) y páginas (GET)."
        return None

    async def _welcome(self, scope: dict[str, Any], send: Any) -> None:
        """The key in the URL: set the cookie and send the browser to the same page without the key."""
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != KEY_PARAMETER]
        # Why "/" + lstrip: «//otro.sitio/» would be a redirect to another site. Why quote: the path arrives
        # decoded; a tab or a line end in the header would be dropped by the browser («/<TAB>/otro.sitio» is then
        # «//otro.sitio») or split the response, and a letter outside latin-1 would be lost.
        path = quote(str(scope.get("path", "/")).lstrip("/\\"), safe="/-._~!$&'()*+,;=:@")
        target = "/" + path + (f"?{urlencode(query)}" if query else "")
        cookie = f"{self.guard.cookie}={self.guard.token}; HttpOnly; SameSite=Strict; Path=/"
        headers = [(b"location", target.encode("ascii")), (b"set-cookie", cookie.encode()), *SECURITY_HEADERS]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


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
