"""The command line: the only package that prints or exits. Everything below
it returns values (pipeline/ runs a job and returns its result); each module
here parses the arguments of one command group, calls the pipeline, renders
the result and exits. Failures become messages and exit codes in one place
(handler.py); the exit codes are in errors.py and the README.

Modules: application (the typer app and ``main``), validate, status, report,
calendar, pending, diff, rules (rules and schema), edit (progress and monitoring),
indicator (measurements of the plan's indicators), init, new,
session (attendance and decisions), export (workbook and CSV tables), importing,
opendata (export datos),
prompts (questions on a terminal), common (shared helpers), i18n (typer and
click in Spanish), handler (errors → exit codes).
"""

from __future__ import annotations

import sys

from ..lang import from_argv, from_environment, set_language

# Before any command module is imported: their help texts are made in the language in use.
set_language(from_argv(sys.argv[1:]) or from_environment())

from .application import app, main  # noqa: E402

# Imported for their commands, in the order «coprod --help» lists them.
from . import validate, status, report, calendar, pending, diff, rules, edit, indicator, init, new, session, export, importing, opendata, serve  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]
