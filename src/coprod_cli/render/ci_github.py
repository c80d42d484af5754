"""`coprod validate --format github`: GitHub Actions workflow commands.

One line per problem, ``::error file=…,line=…,col=…,title=…::message`` (or
``::warning``), so each problem shows on its line of the pull request. Chosen
automatically when ``GITHUB_ACTIONS=true``.

Escaping (the runner's rules): in the message, ``%`` → ``%25``, CR → ``%0D``,
LF → ``%0A``; in a property value also ``:`` → ``%3A`` and ``,`` → ``%2C``.
Without it a file name or message with a comma or a newline would cut the
command short, or start a new one.
"""

from __future__ import annotations

from .ci_common import located, summary_line
from .safe import plain
from .validation import ValidationView


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(view: ValidationView) -> str:
    lines = []
    for d in located(view):
        command = "error" if d["severity"] == "error" else "warning"
        props = ",".join(
            f"{k}={escape_property(str(v))}"
            for k, v in (
                ("file", d["path"]),
                ("line", d["line"]),
                ("col", d["column"]),
                ("title", f"{d['code']} {d['rule']}"),
            )
        )
        lines.append(f"::{command} {props}::{escape_data(plain(d['message']))}")
    lines.append(summary_line(view))
    return "\n".join(lines) + "\n"
