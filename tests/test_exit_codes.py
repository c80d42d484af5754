"""The exit codes (README: «Códigos de salida») and the internal-error path:
a bug exits 70 with a Spanish message, and the traceback only with COPROD_DEBUG=1."""

from __future__ import annotations

import pytest


def _broken(*args, **kwargs):
    raise KeyError("x")


@pytest.fixture
def bug(monkeypatch):
    """A bug inside coprod: loading the repository for `status` raises an unexpected exception."""
    import coprod_cli.pipeline.status as status

    monkeypatch.setattr(status, "_load_one", _broken)


def test_a_bug_exits_70_with_a_spanish_message_and_no_traceback(cli, example, bug, monkeypatch):
    monkeypatch.delenv("COPROD_DEBUG", raising=False)
    r = cli("status", example)
    assert r.code == 70
    assert "error interno de coprod" in r.err and "es un error del programa" in r.err
    assert "coprod --version" in r.err and "COPROD_DEBUG=1" in r.err
    assert "Traceback" not in r.err + r.out and "KeyError" not in r.err + r.out


def test_coprod_debug_prints_the_traceback_of_a_bug(cli, example, bug, monkeypatch):
    monkeypatch.setenv("COPROD_DEBUG", "1")
    r = cli("status", example)
    assert r.code == 70
    assert "error interno de coprod" in r.err
    assert "Traceback (most recent call last)" in r.err and "KeyError: 'x'" in r.err


def test_coprod_debug_zero_keeps_the_traceback_hidden(cli, example, bug, monkeypatch):
    monkeypatch.setenv("COPROD_DEBUG", "0")
    r = cli("status", example)
    assert r.code == 70 and "Traceback" not in r.err


@pytest.mark.parametrize("code", [1, 2])
def test_a_coprod_error_exits_with_its_code_and_its_message(cli, example, monkeypatch, code):
    from coprod_cli.errors import CoprodError

    def refused(*args, **kwargs):
        raise CoprodError("no se puede: «motivo»", code)

    monkeypatch.setattr("coprod_cli.pipeline.status._load_one", refused)
    r = cli("status", example)
    assert r.code == code
    assert r.err.strip() == "error: no se puede: «motivo»"


def test_an_edit_conflict_exits_1():
    from coprod_cli.errors import EXIT_PROBLEMS, EXIT_USAGE, CoprodError, EditConflict

    assert EditConflict("x").exit_code == EXIT_PROBLEMS == 1
    assert CoprodError("x").exit_code == EXIT_USAGE == 2


def test_the_readme_documents_every_exit_code():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Códigos de salida", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2", "70", "130"):
        assert f"**{code}**" in section, code
    assert "COPROD_DEBUG=1" in section
