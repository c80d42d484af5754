"""`coprod serve`'s guard: the session key, the Host header, CSRF, the headers,
and the command's own refusals (a taken port, the missing extra)."""

from __future__ import annotations

import socket

import pytest

from conftest import EXAMPLE
from webkit import app_client, client, needs_chromium

pytest.importorskip("starlette", reason="el complemento web no está instalado (pip install -e '.[web]')")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webkit import served_example

    with served_example(tmp_path_factory.mktemp("serve")) as s:
        yield s


def test_the_address_printed_sets_a_cookie_and_drops_the_key_from_the_address(server):
    import httpx

    r = httpx.get(server.url, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert f"coprod_clave_{server.port}={server.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_without_the_key_every_page_is_refused_in_spanish(server):
    import httpx

    for path in ("/", "/static/app.css", "/no-existe", "/?clave=otra"):
        r = httpx.get(server.base + path)
        assert r.status_code == 403, path
        assert "clave" in r.text and "coprod serve" in r.text
    # Not even a POST with a guessed key in the address.
    r = httpx.post(server.base + f"/?clave={server.token}", data={"x": "1"})
    assert r.status_code == 403


def test_a_foreign_host_header_is_refused_before_anything_else(server):
    import httpx

    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port + 1}"):
        r = httpx.get(server.url, headers={"Host": host})
        assert r.status_code == 400, host
        assert "Dirección no permitida" in r.text
        assert "set-cookie" not in r.headers
    r = httpx.get(server.url, headers={"Host": f"localhost:{server.port}"})
    assert r.status_code == 303


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


def test_the_welcome_redirect_never_leaves_the_app(server):
    import httpx

    for path in ("//evil.example/", "/\\evil.example/", "///evil.example"):
        r = httpx.get(server.base + path + f"?clave={server.token}", follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"].startswith("/") and not r.headers["location"].startswith(("//", "/\\")), path


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
def test_in_a_real_browser_the_address_without_its_key_is_refused_and_with_it_opens(server):
    from webkit import chromium

    with chromium() as browser:
        page = browser.new_page()
        response = page.goto(server.base + "/")
        assert response is not None and response.status == 403
        assert "Falta la clave de la sesión" in page.content()
        response = page.goto(server.url)
        assert response is not None and response.status == 200
        assert page.url == server.base + "/"  # the key left the address bar
        assert page.locator("h1").first.inner_text().startswith("Tablero")
        # A second browser (another user of the computer) without the key is refused again.
        other = browser.new_context().new_page()
        assert other.goto(server.base + "/avance").status == 403
