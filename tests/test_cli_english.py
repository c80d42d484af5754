"""The command line in English (issue 19, point 4): ``--lang en``, ``COPROD_LANG=en`` or ``LANG``.

The help texts are made when the command modules are imported, in the language
chosen then, so every English run here is a new process. Spanish stays the
default: the same wrong invocations answer in Spanish without a language.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

#: Spanish words that are neither data (YAML keys and values, file names) nor names of commands.
SPANISH = set(
    """
    el la los las del al que una por para con sin según también cada hay está se su sus
    carpeta repositorio defecto opción opciones muestra escribe registra sesión año fecha número texto ruta
    uso comando comandos argumento argumentos ayuda termina desconocido desconocida falta vea valor válido
    agrega crea quita revisa lista abre
    """.split()
)
#: Help pages left out of the check (none: every page is in the catalogue).
NOT_YET: set[str] = set()

#: Runs in a fresh process: every command's --help, as {"progress set": text}.
HELP_SCRIPT = r"""
import contextlib, io, json, sys
import typer
from coprod_cli.cli import app, main
root = typer.main.get_command(app)
paths = []
def walk(cmd, path):
    paths.append(path)
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        walk(sub, path + [name])
walk(root, [])
out = {}
for path in paths:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        try:
            main([*path, "--help"])
        except SystemExit:
            pass
    out[" ".join(path)] = buf.getvalue()
print(json.dumps(out))
"""


def _env(**values: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COPROD_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "GITHUB_ACTIONS")}
    env["COLUMNS"] = "120"
    env.update({k: v for k, v in values.items() if v is not None})
    return env


def _coprod(*args: str | Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coprod_cli", *map(str, args)], capture_output=True, text=True, encoding="utf-8", env=_env(**env), cwd=ROOT
    )


def _spanish_words(text: str) -> list[str]:
    """The Spanish words of a help page (underscored values such as carta_de_entendimiento are one word: data)."""
    return [w for w in re.findall(r"[\wáéíóúñÁÉÍÓÚÑ]+", text) if w.lower() in SPANISH]


def _without_rows(text: str, names: set[str]) -> str:
    """A help page without the rows of the commands in ``names`` (their one-line help is not E's)."""
    keep, skipping = [], False
    for line in text.splitlines():
        row = re.match(r"│ ([a-z][a-z-]*) ", line)
        if row:
            skipping = row.group(1) in names
        elif not line.startswith("│  "):
            skipping = False
        if not skipping:
            keep.append(line)
    return "\n".join(keep)


@pytest.fixture(scope="module")
def english_help() -> dict[str, str]:
    run = subprocess.run([sys.executable, "-c", HELP_SCRIPT], capture_output=True, text=True, encoding="utf-8", env=_env(COPROD_LANG="en"))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_every_help_page_is_english(english_help):
    assert len(english_help) > 30  # coprod, the commands and their sub-commands
    bad = {}
    for path, text in english_help.items():
        if set(path.split()) & NOT_YET:
            continue
        assert "Usage: coprod" in text and "Options" in text, (path, text)
        assert "Uso:" not in text and "OPCIONES" not in text and "Muestra esta ayuda" not in text, path
        words = _spanish_words(_without_rows(text, NOT_YET))
        if words:
            bad[path or "coprod"] = words
    assert not bad, bad


def test_english_help_speaks_of_the_domain(english_help):
    assert "Records one month's progress in the agreement's file" in english_help["progress set"]
    assert "[PATH] AGREEMENT" in english_help["progress set"]
    assert "Monitoring table of the agreements" in english_help[""]
    assert "Shows this help and exits." in english_help["validate"]
    assert "YYYY-MM" in english_help["validate"]


def test_the_spanish_help_is_unchanged_by_the_catalogue():
    run = _coprod("progress", "set", "--help", COPROD_LANG="es")
    assert "Uso: coprod progress set [OPCIONES] {[RUTA] ACUERDO}..." in run.stdout
    assert "Registra el avance de un mes en el archivo del acuerdo; cambia solo ese valor." in run.stdout


USAGE_ERROR = ("validate", "--stric")


def test_a_usage_error_is_english_with_lang_en():
    run = _coprod("--lang", "en", *USAGE_ERROR)
    assert run.returncode == 2
    assert 'error: unknown option "--stric"; did you mean "--strict"?' in run.stderr
    assert 'See "coprod validate --help".' in run.stderr


def test_a_usage_error_is_spanish_by_default():
    run = _coprod(*USAGE_ERROR)
    assert run.returncode == 2
    assert "error: opción desconocida «--stric»; ¿quiso decir «--strict»?" in run.stderr
    assert "Vea «coprod validate --help»." in run.stderr


def test_a_missing_argument_names_it_in_english():
    run = _coprod("--lang", "en", "progress", "set")
    assert run.returncode == 2
    assert 'error: missing argument "[PATH] AGREEMENT"' in run.stderr


def _refused(example: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    return _coprod("progress", "set", example, "nope", "--month", "2015-07", "--level", "50", **env)


def test_a_refused_request_is_english_in_english(example):
    run = _refused(example, COPROD_LANG="en")
    assert run.returncode == 2
    assert 'error: there is no agreement "nope" in "acuerdos/"; the agreements are: ' in run.stderr


def test_a_refused_request_is_spanish_by_default(example):
    run = _refused(example)
    assert run.returncode == 2
    assert "error: no existe el acuerdo «nope» en «acuerdos/»; los acuerdos son: " in run.stderr


def test_a_write_and_its_summary_in_english(example):
    run = _coprod("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-07", "--level", "75", COPROD_LANG="en")
    assert run.returncode == 0, run.stderr
    assert 'Recorded in "acuerdos/imas-ina-mapeo-familias.yaml": progress of 2015-07: 75 % (' in run.stdout
    assert "Registrado" not in run.stdout


@pytest.mark.parametrize(
    "env,english",
    [
        ({"COPROD_LANG": "en"}, True),
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "es_CR.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, False),
        ({"LANG": "en_US.UTF-8", "COPROD_LANG": "es"}, False),
        ({}, False),
    ],
    ids=["COPROD_LANG=en", "LANG=en_US", "LC_ALL over LANG", "LANG=C", "COPROD_LANG over LANG", "nothing"],
)
def test_the_environment_chooses_the_language(env, english):
    run = _coprod(*USAGE_ERROR, **env)
    assert run.returncode == 2
    if english:
        assert 'unknown option "--stric"' in run.stderr, run.stderr
    else:
        assert "opción desconocida «--stric»" in run.stderr, run.stderr


def test_an_unknown_language_is_refused_in_spanish():
    run = _coprod("--lang", "xx", "validate", ROOT / "examples" / "desamparados")
    assert run.returncode == 2
    assert "error: valor no válido para «--lang»: «xx»; use uno de: es, en" in run.stderr


def test_lang_en_overrides_the_environment():
    run = _coprod("--lang", "en", *USAGE_ERROR, COPROD_LANG="es", LANG="es_CR.UTF-8")
    assert 'unknown option "--stric"' in run.stderr
