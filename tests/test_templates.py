"""Repository templates are code for the public website (SECURITY.md, «Plantillas»).

What may be template source (report/sources.py): a regular file, reached
without a link at any component, under ``templates/reports/``, with a name
coprod knows. What a template may cost (report/bounds.py): bounded time,
output and memory, every failure a located Spanish message and exit 1. What
an HTML report may do: nothing but show itself (Content-Security-Policy).
The measured bounds are in tests/test_bombs.py.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.load.repository import load_repository
from reportkit import leaks, personal_values
from test_containment import _touched, opened  # noqa: F401  (the fixture that spies on every open)

PROLOGUE = r'\s*(<!DOCTYPE html>\s*(<html lang="es">\s*<head>\s*<meta charset="utf-8">\s*)?)?'
GIT_SECRET = "ghp_SECRETO0000GIT0000CONFIG"
GIT_CONFIG = f'[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {GIT_SECRET}\n'


@pytest.fixture(scope="module")
def personal():
    return personal_values(load_repository(EXAMPLE))


def _own(example: Path) -> Path:
    own = example / "templates" / "reports"
    own.mkdir(parents=True, exist_ok=True)
    return own


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())} if folder.is_dir() else {}


# --- what may be template source (issue 11, item 1) --------------------------------------------------


def test_a_template_linked_to_the_actor_map_puts_no_personal_value_in_public_reports(cli, example, tmp_path, personal):
    """`ln -s ../../actores.yaml templates/reports/style.css; coprod report . --public`."""
    (_own(example) / "style.css").symlink_to("../../actores.yaml")
    out = tmp_path / "publico"
    r = cli("report", example, "--public", "--out", out, "--as-of", "2016-01")
    assert r.code == 2, r.err
    assert "«templates/reports/style.css» es un enlace simbólico" in r.err and "No se escribió ningún informe" in r.err
    found = {name: leaks(text, personal) for name, text in _texts(out).items() if leaks(text, personal)}
    assert found == {}
    assert leaks(r.out + r.err, personal) == []


def test_a_template_linked_to_the_git_config_never_reaches_the_html(cli, example, tmp_path, opened):  # noqa: F811
    """`ln -s ../../.git/config templates/reports/style.css`: the runner's credentials in every artefact."""
    (example / ".git").mkdir()
    (example / ".git" / "config").write_text(GIT_CONFIG, encoding="utf-8")
    (_own(example) / "style.css").symlink_to("../../.git/config")
    opened.clear()
    out = tmp_path / "informes"
    r = cli("report", example, "--out", out, "--as-of", "2016-01", "--format", "html")
    assert r.code == 2 and "es un enlace simbólico" in r.err
    assert all(GIT_SECRET not in t and "repositoryformatversion" not in t for t in _texts(out).values())
    assert GIT_SECRET not in r.out + r.err
    assert _touched(opened, example / ".git") == []  # not even opened


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda own, root: (own / "indice.md.j2").symlink_to(root / "canton.yaml"), id="absolute-link-inside"),
        pytest.param(lambda own, root: (own / "indice.md.j2").symlink_to("../../acuerdos/imas-ina-mapeo-familias.yaml"), id="relative-link-to-data"),
        pytest.param(lambda own, root: _linked_folder(own, root), id="linked-reports-folder"),
        pytest.param(lambda own, root: (own / "indice.md.j2").mkdir(), id="a-folder"),
        pytest.param(lambda own, root: (own / "indice.md.j2").write_bytes(b"\xff\xfe{{ ctx }}"), id="not-utf8"),
        pytest.param(lambda own, root: (own / "indice.md.j2").write_text("x" * (300 * 1024), encoding="utf-8"), id="too-big"),
    ],
)
def test_only_a_regular_file_reached_without_links_is_a_template(cli, example, tmp_path, make):
    make(_own(example), example)
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 2 and "una plantilla del repositorio debe ser un archivo común" in r.err and "Traceback" not in r.err, r.err
    assert not (tmp_path / "o" / "index.md").exists()


def _linked_folder(own: Path, root: Path) -> None:
    """templates/reports is a link to a folder of the repository that holds an «indice.md.j2»."""
    own.rmdir()
    (root / "planes" / "indice.md.j2").write_text("{{ ctx }}", encoding="utf-8")
    own.symlink_to("../planes", target_is_directory=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX")
def test_a_pipe_under_a_template_name_is_refused_without_hanging(cli, example, tmp_path):
    os.mkfifo(_own(example) / "style.css")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "html", "--as-of", "2016-01")
    assert r.code == 2 and "no es un archivo común" in r.err


@pytest.mark.parametrize("name", ["../actores.yaml", "../../actores.yaml", ".git/config", "/etc/passwd", "reports/extra.j2", "repo/README.md.j2"])
def test_a_template_can_include_only_templates_coprod_knows(cli, example, tmp_path, personal, name):
    own = _own(example)
    (own / "extra.j2").write_text("{{ ctx.secretariat_person }}", encoding="utf-8")
    (own / "indice.md.j2").write_text(f"Índice\n{{% include {name!r} %}}\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1, r.err
    assert "«templates/reports/indice.md.j2», línea 2" in r.err and "que no es una de las de coprod" in r.err
    assert "Aviso: se ignora «templates/reports/extra.j2»" in r.err
    assert leaks(r.err, personal) == [] and not (tmp_path / "o" / "index.md").exists()


def test_a_repository_template_may_include_a_known_one(cli, example, tmp_path):
    own = _own(example)
    (own / "style.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "html", "--as-of", "2016-01")
    assert r.code == 0, r.err
    html = (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert "body { color: #123456; }" in html and "Aviso" not in r.err


# --- template errors and bounds: located, exit 1 (issue 11, item 6) ----------------------------------


@pytest.mark.parametrize(
    "file,source,line,message",
    [
        ("indice.md.j2", "Índice\n\n{{ 1/0 }}\n", 3, "división por cero"),
        ("indice.md.j2", "{{ 'x' * 10**9 }}\n", 1, "«*» construiría un texto o una lista de 1 000 000 000 elementos"),
        ("indice.md.j2", "{% set n = 7 ** 1000000 %}\n", 1, "«**» construiría un número"),
        ("indice.md.j2", "a\n{% for x in %}\n", 2, "error de sintaxis"),
        ("indice.md.j2", "a\nb\n{% if true %}\n", 3, "la plantilla termina antes de cerrar un bloque"),
        ("indice.md.j2", "{{ ctx.nada }}\n", 1, "no tiene el atributo «nada»"),
        ("indice.md.j2", "{{ nada }}\n", 1, "«nada» no está definido"),
        ("indice.md.j2", "{{ ctx.__class__.__mro__ }}\n", 1, "entorno aislado"),
        ("indice.md.j2", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n", 1, "recursión"),
        ("style.css", "body { }\n{{ 1/0 }}\n", 2, "división por cero"),
    ],
)
def test_a_template_error_is_a_located_spanish_message_and_exit_1(cli, example, tmp_path, file, source, line, message):
    (_own(example) / file).write_text(source, encoding="utf-8")
    fmt = "html" if file == "style.css" else "md"
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", fmt, "--as-of", "2016-01")
    assert r.code == 1, r.err
    assert f"«templates/reports/{file}», línea {line}" in r.err and message in r.err, r.err
    assert "Traceback" not in r.err and "error interno" not in r.err
    assert not (tmp_path / "o" / f"index.{fmt}").exists()


def test_an_endless_template_is_stopped_at_its_deadline_with_its_line(cli, example, tmp_path):
    (_own(example) / "ficha.md.j2").write_text(
        "# {{ a.title }}\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", encoding="utf-8"
    )
    r = cli("report", example, "--out", tmp_path / "o", "--only", "ficha", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1, r.err
    assert "«templates/reports/ficha.md.j2», línea 2" in r.err and "tardó más de 0,5 s" in r.err
    assert "(al escribir «ficha-" in r.err


def test_output_past_the_bound_is_stopped(cli, example, tmp_path, monkeypatch):
    from coprod_cli.report import bounds

    monkeypatch.setattr(bounds.Limits, "for_size", classmethod(lambda cls, n, r: cls(30.0, 30.0, 60.0, output_chars=100_000, memory_bytes=2**30)))
    (_own(example) / "indice.md.j2").write_text("{% for i in range(100000) %}\n{{ i }} xxxxxxxxxx\n{% endfor %}\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1 and "«templates/reports/indice.md.j2», línea 2" in r.err and "escribió más de" in r.err, r.err


@pytest.mark.parametrize("in_workers", [True, False])
def test_a_run_of_slow_sheets_is_stopped_at_the_total_deadline(cli, example, tmp_path, monkeypatch, in_workers):
    """Each sheet under its own deadline, but not 10 000 of them: the run has a total one."""
    from coprod_cli.report import bounds, render

    monkeypatch.setattr(bounds.Limits, "for_size", classmethod(lambda cls, n, r: cls(30.0, 30.0, 0.2, output_chars=2**25, memory_bytes=2**30)))
    if not in_workers:
        monkeypatch.setattr(render, "_process_context", lambda: None, raising=False)
    (_own(example) / "ficha.md.j2").write_text("{% for i in range(50) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "ficha", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1, r.err
    assert "los informes tardaron más de 0,2 s en total" in r.err and "de 6 escritos" in r.err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap reads /proc (Linux)")
def test_memory_past_the_cap_is_a_located_message(cli, example, tmp_path):
    (_own(example) / "indice.md.j2").write_text("a\n{{ 'x'.ljust(3000000000)|length }}\n", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "o", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1 and "«templates/reports/indice.md.j2», línea 2" in r.err and "memoria" in r.err, r.err


def test_builtin_templates_render_the_same_in_the_bounded_sandbox(cli, example, tmp_path):
    """A repository that overrides one template gets every other report exactly as before."""
    plain_out, own_out = tmp_path / "a", tmp_path / "b"
    assert cli("report", example, "--out", plain_out, "--as-of", "2016-01").code == 0
    builtin = Path(__file__).resolve().parents[1] / "src" / "coprod_cli" / "templates" / "reports" / "monitoreo.md.j2"
    (_own(example) / "monitoreo.md.j2").write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("report", example, "--out", own_out, "--as-of", "2016-01")
    assert r.code == 0 and "40 informes escritos" in r.out, r.err  # 26, and the minutes of seven sessions
    assert _texts(plain_out) == _texts(own_out)


# --- Content-Security-Policy (issue 11, item 11) --------------------------------------------------------


def test_every_html_report_forbids_scripts_and_remote_loads(cli, example, tmp_path):
    from coprod_cli.report.render import CONTENT_SECURITY_POLICY, CSP_META

    out = tmp_path / "o"
    assert cli("report", example, "--out", out, "--as-of", "2016-01", "--format", "html").code == 0
    for name, html in _texts(out).items():
        assert html.count(CSP_META) == 1, name
        head = html[: html.index("<style>")]
        assert CSP_META in head and "<script" not in html, name
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none';") and "http" not in CONTENT_SECURITY_POLICY
    assert "script" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "file,source",
    [
        ("style.css", "body { color: red; }\n</style><script>document.title = 'pwned'</script><style>\n@import url(https://evil.example/x.css);\n"),
        ("base.html.j2", "<!DOCTYPE html><script>document.title = 'pwned'</script><html><head><title>x</title></head><body>{% block content %}{% endblock %}</body></html>\n"),
        ("base.html.j2", "<script src=https://evil.example/x.js></script>{% block content %}{% endblock %}\n"),
    ],
)
def test_a_repository_template_cannot_remove_the_policy(cli, example, tmp_path, file, source):
    from coprod_cli.report.render import CSP_META

    (_own(example) / file).write_text(source, encoding="utf-8")
    out = tmp_path / "o"
    r = cli("report", example, "--out", out, "--as-of", "2016-01", "--format", "html")
    assert r.code == 0, r.err
    for name, html in _texts(out).items():
        assert html.index(CSP_META) < html.index("<script"), name
        # Nothing the template wrote comes before the policy but coprod's own opening (or a doctype).
        assert re.fullmatch(PROLOGUE, html[: html.index(CSP_META)]), name
