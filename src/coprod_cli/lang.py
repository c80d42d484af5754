"""The language of what coprod says and writes: one gettext catalogue, Spanish the source.

Every text a person reads is written in Spanish in the code and the templates,
marked ``_("…")`` (``ngettext`` for a count), and looked up in the catalogue
of the chosen language (``locale/<lang>/LC_MESSAGES/coprod.mo``). Spanish
needs no catalogue for coprod's own words. ``locale/es`` holds typer's and
click's English words in Spanish (cli/i18n.py).

The language, first found wins: ``--lang`` (read by the CLI before anything
is imported, since help texts are made when a command module is imported),
``COPROD_LANG``, then the POSIX variables ``LC_ALL``, ``LC_MESSAGES``,
``LANG``. A language without a catalogue is Spanish.

Why base: model, load, check and render all have messages; this module
imports nothing of coprod.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

#: The languages coprod speaks; the first is the source (no catalogue needed).
LANGUAGES = ("es", "en")
SOURCE = "es"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "coprod"
#: The environment variables read, in order (POSIX: LC_ALL overrides LC_MESSAGES overrides LANG).
ENV_VARS = ("COPROD_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

_current = SOURCE
_translation: _gettext.NullTranslations = _gettext.NullTranslations()


def normalise(value: str | None) -> str | None:
    """``en_US.UTF-8`` → ``en``; ``C``, ``POSIX``, empty or unknown → None."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (see the module's docstring), Spanish when none."""
    env = os.environ if environ is None else environ
    for name in ENV_VARS:
        value = env.get(name)
        if value:  # the first variable set decides, as in POSIX (LC_ALL=C means C)
            return normalise(value) or SOURCE
    return SOURCE


def from_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--lang X`` / ``--lang=X`` among the root options, before the command.

    Why stop at the command: after it every word is the command's own (a note
    whose text is ``--lang=en`` must not change the run's language)."""
    for i, arg in enumerate(argv):
        if arg == "--lang":
            return argv[i + 1] if i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--" or not arg.startswith("-"):
            return None
    return None


def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (Spanish, or no file: the words as written)."""
    if lang == SOURCE:
        return _gettext.NullTranslations()
    try:
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    except OSError:  # pragma: no cover - the package ships every catalogue (tests/test_i18n_catalogue.py)
        return _gettext.NullTranslations()


def set_language(lang: str) -> str:
    """Use ``lang`` from now on (an unknown one is Spanish); the language set."""
    global _current, _translation
    chosen = normalise(lang) or SOURCE
    _current, _translation = chosen, catalogue(chosen)
    return chosen


def language() -> str:
    """The language in use: ``es`` or ``en``."""
    return _current


def translations() -> _gettext.NullTranslations:
    """The catalogue in use (the report templates' ``_`` and ``ngettext``)."""
    return _translation


def _(message: str) -> str:
    """``message`` (Spanish, as written in the code) in the language in use."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a count, in the language in use."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in use, as meant in ``context`` (one Spanish phrase, two English ones)."""
    return _translation.pgettext(context, message)


def NC_(context: str, message: str) -> str:
    """``N_`` with a context: ``pgettext(context, CONST)`` where it is shown."""
    return message


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is defined (a table, a constant); ``_`` it where it is shown."""
    return message
