"""Issue 19 review: defects found in the change 4273d9f..main, each proven by a test."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT


def _coprod(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COPROD_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "coprod_cli", *map(str, args)], capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT
    )


def test_a_note_that_reads_lang_en_does_not_switch_the_language():
    """``--lang`` is a root option, given before the command (README «Idiomas»): a command's own
    argument whose text is ``--lang=en`` (a note, a title) must not turn the whole run into English."""
    run = _coprod("progress", "set", EXAMPLE, "icd-prevencion-drogas-colegios", "--level", "50", "--note", "--lang=en")
    assert run.returncode == 2
    assert "falta la opción «--month»" in run.stderr, run.stderr


def test_lang_after_the_command_is_not_read_either():
    """``coprod validate --note --lang en``-style: a value ``--lang`` after the command is the command's."""
    from coprod_cli.lang import from_argv

    assert from_argv(["--lang", "en", "status"]) == "en"
    assert from_argv(["--lang=en", "status"]) == "en"
    assert from_argv(["--version", "--lang", "en"]) == "en"
    assert from_argv(["progress", "set", "x", "--note", "--lang=en"]) is None
    assert from_argv(["progress", "set", "x", "--note", "--lang", "en"]) is None
