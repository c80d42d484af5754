"""The exceptions the editing and scaffolding modules raise.

Each message is a complete Spanish sentence for the person at the terminal;
cli.py prints it and exits with the exception's code. Why so few classes: the
modules below cli.py never print or exit, and cli.py needs one thing to catch.
"""

from __future__ import annotations


class CoprodError(Exception):
    """A refused request (bad value, unknown id, unsafe path…), in Spanish."""

    #: The exit code: 2, a request that cannot be done as asked (README: «Códigos de salida»).
    exit_code = 2


class EditConflict(CoprodError):
    """Nothing was written because another edit got there first: the file changed
    since it was read, or another coprod held it for too long. Trying again works."""

    exit_code = 1
