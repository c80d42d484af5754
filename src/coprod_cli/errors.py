"""The one error type for a user's mistake or a refused request, and the exit codes.

Each message is a complete Spanish sentence for the person at the terminal;
the CLI (cli/handler.py) prints it and exits with the exception's code. Why
one base class: the modules below the CLI never print or exit, and the CLI
needs one thing to catch. Any other exception is a bug in coprod (exit 70).

Exit codes (README: «Códigos de salida»).
"""

from __future__ import annotations

EXIT_OK = 0
#: Problems found (validation errors, stale schemas, a report that failed), or
#: an edit refused because another one got there first.
EXIT_PROBLEMS = 1
#: A usage error: a wrong option or value, an input that cannot be read, a
#: request that cannot be done as asked.
EXIT_USAGE = 2
#: A bug in coprod (sysexits.h EX_SOFTWARE).
EXIT_INTERNAL = 70
#: Cancelled with Ctrl-C (or Ctrl-D at a question).
EXIT_CANCELLED = 130


class CoprodError(Exception):
    """A refused request (bad value, unknown id, unsafe path…), in Spanish."""

    #: The exit code: 2, a request that cannot be done as asked.
    exit_code = EXIT_USAGE

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class EditConflict(CoprodError):
    """Nothing was written because another edit got there first: the file changed
    since it was read, or another coprod held it for too long. Trying again works."""

    exit_code = EXIT_PROBLEMS
