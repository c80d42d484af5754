"""The one exception the editing and scaffolding modules raise.

Its message is a complete Spanish sentence for the person at the terminal;
cli.py prints it and exits with the usage code. Why one class: the modules
below cli.py never print or exit, and cli.py needs one thing to catch.
"""

from __future__ import annotations


class CoprodError(Exception):
    """A refused request (bad value, unknown id, unsafe path…), in Spanish."""
