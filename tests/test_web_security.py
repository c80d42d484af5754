"""`coprod serve`'s guard: the session key, the Host header, CSRF, the headers,
and the command's own refusals (a taken port, the missing extra)."""

from __future__ import annotations

import socket

import pytest

from conftest import EXAMPLE
from webkit import app_client, client, csrf_of, needs_chromium

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webkit import served_example

    with served_example(tmp_path_factory.mktemp("serve")) as s:
        yield s


def test_the_address_printed_carries_the_key_in_its_path_and_sets_no_cookie(server):
    import httpx

    assert server.url == f"http://127.0.0.1:{server.port}/k/{server.token}/"
    r = httpx.get(server.url, follow_redirects=False)
    assert r.status_code == 200 and r.text.count("<h1") >= 1 and "Tablero" in r.text
    assert "set-cookie" not in r.headers
    # Every link, form and stylesheet of the page keeps the key (absolute paths under /k/KEY/).
    prefix = f"/k/{server.token}/"
    assert f'href="{prefix}static/app.css"' in r.text and f'href="{prefix}acuerdos"' in r.text
    assert 'href="/' not in r.text.replace(f'href="{prefix}', "") and 'action="/' not in r.text.replace(f'action="{prefix}', "")
    # The address without its last «/» is sent to the one with it (relative links need it).
    r = httpx.get(server.app, follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == prefix


def test_without_the_key_every_page_is_refused_in_spanish(server):
    import httpx

    wrong = "x" * len(server.token)
    for path in ("/", "/static/app.css", "/no-existe", f"/?clave={server.token}", f"/k/{wrong}/", f"/k/{wrong}",
                 f"/k/{server.token[:-1]}/", f"/k/{server.token}x/", f"/K/{server.token}/", f"/x/k/{server.token}/",
                 "/k//", "/k/"):
        r = httpx.get(server.base + path, follow_redirects=False)
        assert r.status_code == 403, path
        assert "Falta la clave de la sesión" in r.text and "(incluye /k/…)" in r.text and "coprod serve" in r.text
        assert "set-cookie" not in r.headers
    # Not even a POST with the key in the query (the old address).
    r = httpx.post(server.base + f"/?clave={server.token}", data={"x": "1"})
    assert r.status_code == 403


def test_no_answer_ever_sets_a_cookie(server):
    """The defect this closes: cookies are not separated by port, so a cookie of coprod reached any other server
    on 127.0.0.1 the browser visited. With the key in the path there is nothing for the browser to send."""
    c = client(server)
    answers = [c.get(p) for p in ("/", "/acuerdos", "/avance", "/sesiones", "/indicadores", "/informes/", "/problemas",
                                  "/static/app.css", "/no-existe", "/nuevo/acuerdo")]
    answers.append(c.post("/nuevo/acuerdo", data={"csrf": csrf_of(answers[-1].text)}))
    assert [r.status_code for r in answers][:3] == [200, 200, 200]
    assert all("set-cookie" not in r.headers for r in answers)


def test_a_foreign_host_header_is_refused_before_anything_else(server):
    import httpx

    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port + 1}"):
        r = httpx.get(server.url, headers={"Host": host})
        assert r.status_code == 400, host
        assert "Dirección no permitida" in r.text
        assert "set-cookie" not in r.headers
    r = httpx.get(server.url, headers={"Host": f"localhost:{server.port}"})
    assert r.status_code == 200


def test_pages_carry_a_policy_without_scripts(server):
    c = client(server)
    r = c.get("/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["cache-control"] == "no-store"
    assert "<script" not in r.text.lower()


def test_a_post_from_another_origin_or_without_the_form_key_writes_nothing(server):
    before = {p: p.read_bytes() for p in server.root.rglob("*.yaml")}
    c = client(server)
    r = c.post("/", data={"csrf": "x"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "otro sitio" in r.text
    for method in ("PUT", "DELETE", "PATCH"):
        assert c.request(method, "/").status_code == 405
    assert {p: p.read_bytes() for p in server.root.rglob("*.yaml")} == before


def test_a_huge_body_is_refused_unread(server):
    c = client(server)
    r = c.post("/", content=b"a" * (1024 * 1024 + 1), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_a_taken_port_is_a_spanish_message(tmp_path, cli):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        port = sock.getsockname()[1]
        result = cli("serve", str(EXAMPLE), "--port", str(port))
    finally:
        sock.close()
    assert result.code == 2
    assert f"el puerto {port} ya está en uso" in result.err
    assert "--port" in result.err


def test_without_the_web_extra_the_command_says_how_to_install_it(cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec

    def absent(name, *args, **kwargs):
        return None if name.split(".")[0] in ("starlette", "uvicorn") else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", absent)
    result = cli("serve", str(EXAMPLE))
    assert result.code == 2
    assert "coprod[web]" in result.err and "starlette, uvicorn" in result.err and "Traceback" not in result.err


def test_the_in_process_client_sees_the_same_guard(tmp_path):
    tc = app_client(EXAMPLE)
    assert tc.get("/").status_code == 200
    assert tc.get("/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_every_network_at_once_is_refused(cli, host):
    result = cli("serve", str(EXAMPLE), "--host", host, "--port", "0")
    assert result.code == 2
    assert "todas las redes" in result.err and "192.168.1.10" in result.err


def test_a_redirect_of_the_app_keeps_the_key_and_never_leaves_the_app(server):
    c = client(server)
    r = c.get("/informes/2015-09/")
    assert r.status_code == 303 and r.headers["location"] == f"/k/{server.token}/informes/?mes=2015-09"
    for path in ("//evil.example/", "/\\evil.example/", "///evil.example"):
        r = c.get(server.app + path)  # whole address: httpx would merge «//…» with the base
        assert r.status_code in (404, 307, 308), (path, r.status_code)
        location = r.headers.get("location", f"/k/{server.token}/")
        assert location.startswith(f"/k/{server.token}/") or location.startswith(server.app), (path, location)


def test_the_app_keeps_few_heavy_values(tmp_path):
    """A month's figures of a large canton are hundreds of MB: only the latest two months stay, one report
    view set, and a build is made once per key while its files do not change."""
    from coprod_cli.web.security import Guard
    from coprod_cli.web.state import MAX_KEPT, AppState

    state = AppState(root=EXAMPLE, guard=Guard(port=8000))
    calls = []
    for month in ("2015-07", "2015-08", "2015-09", "2015-08"):
        state.cached(f"status:{month}", lambda m=month: calls.append(m) or m)
    assert calls == ["2015-07", "2015-08", "2015-09"]  # 2015-08 again: kept, not built twice
    assert [k for k in state._cache if k.startswith("status:")] == ["status:2015-09", "status:2015-08"]
    for i in range(3):
        state.cached(f"report-job:{i}", lambda: i)
    assert [k for k in state._cache if k.startswith("report-job:")] == ["report-job:2"]
    for i in range(MAX_KEPT + 5):
        state.cached(f"otro:{i}", lambda: i)
    assert len(state._cache) == MAX_KEPT


@needs_chromium
def test_in_a_real_browser_the_key_never_reaches_another_local_server(server):
    """Chromium, the secretary's browser: the app opens with the printed address, a page of another server on
    127.0.0.1 (another user's, another port) visited afterwards gets no cookie, and no Referer with the key."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from webkit import chromium

    seen: list[str] = []

    class Other(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            seen.append(str(self.headers))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>otro</p>")

        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        with chromium() as browser:
            page = browser.new_page()
            response = page.goto(server.base + "/")
            assert response is not None and response.status == 403
            assert "Falta la clave de la sesión" in page.content()
            response = page.goto(server.url)
            assert response is not None and response.status == 200
            assert page.locator("h1").first.inner_text().startswith("Tablero")
            page.click('nav a[href$="/acuerdos"]')
            assert page.url.startswith(server.url + "acuerdos")  # the links keep the key
            assert page.context.cookies() == []
            page.goto(f"http://127.0.0.1:{other.server_address[1]}/pagina")
            assert "otro" in page.content()
            # A second browser (another user of the computer) without the key is refused again.
            assert browser.new_context().new_page().goto(server.base + "/avance").status == 403
    finally:
        other.shutdown()
    assert seen and all(server.token not in h and "cookie" not in h.lower() for h in seen), seen


def test_an_html_answer_cannot_send_its_keyed_address_to_another_site():
    """The key is in the address: a report template's «<meta name="referrer">» or «referrerpolicy=» would override
    the Referrer-Policy header and send the address, key included, to a site linked from the page."""
    from coprod_cli.web.security import _keyed

    page = (b'<meta charset="utf-8"><META NAME=\'&#114;eferrer\' content="unsafe-url"><meta name=referrer content=x>'
            b'<a href="/acuerdos" ReferrerPolicy="unsafe-url">a</a><a href="https://otro.sitio/">b</a>'
            b'<form action="/avance"><img src="/static/x.svg"><a href="ficha.html">c</a>')
    assert _keyed(page, b"/k/K") == (
        b'<meta charset="utf-8">'
        b'<a href="/k/K/acuerdos" data-referrerpolicy="unsafe-url">a</a><a href="https://otro.sitio/">b</a>'
        b'<form action="/k/K/avance"><img src="/k/K/static/x.svg"><a href="ficha.html">c</a>')


def test_head_keeps_the_length_of_the_page_and_a_page_sent_in_pieces_is_keyed_whole(tmp_path):
    tc = app_client(EXAMPLE)
    got = tc.get("/acuerdos")
    head = tc.head("/acuerdos")
    assert head.status_code == 200 and head.content == b"" and "set-cookie" not in head.headers
    assert int(got.headers["content-length"]) == len(got.content)
    assert f'href="{tc.guard.prefix}/acuerdos/' in got.text and 'href="/acuerdos/' not in got.text
    # A body in pieces (a link cut between two of them) is held and keyed whole, its length recomputed.
    import asyncio

    from coprod_cli.web.security import _prefixing

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def answer():
        out = _prefixing(send, b"/k/K")
        await out({"type": "http.response.start", "status": 200,
                   "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"24")]})
        await out({"type": "http.response.body", "body": b'<a hr', "more_body": True})
        await out({"type": "http.response.body", "body": b'ef="/x">x</a><p>', "more_body": False})

    asyncio.run(answer())
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[1]["body"] == b'<a href="/k/K/x">x</a><p>'
    assert (b"content-length", b"25") in sent[0]["headers"]


def test_values_built_together_walk_the_repository_once(monkeypatch):
    """The board needs the figures, which need the repository: one fingerprint serves the nested builds."""
    import coprod_cli.web.state as state_module
    from coprod_cli.web.security import Guard
    from coprod_cli.web.state import AppState

    walks = []
    real = state_module.fingerprint
    monkeypatch.setattr(state_module, "fingerprint", lambda root: walks.append(root) or real(root))
    state = AppState(root=EXAMPLE, guard=Guard(port=8000))
    value = state.cached("tablero:x", lambda: state.cached("status:x", lambda: state.cached("repository", lambda: 1) + 1) + 1)
    assert value == 3 and len(walks) == 1
    assert state.cached("status:x", lambda: 99) == 2 and len(walks) == 2  # kept; a new request walks again
