"""Drive the real coprod program on a pseudo-terminal (POSIX only): wait for a
question, type an answer, read what it printed."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

from conftest import ROOT


class Terminal:
    def __init__(self, args: list[str], timeout: float = 30) -> None:
        self.args = args
        self.timeout = timeout
        self.seen = b""
        self.pos = 0  # what expect() already matched
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Terminal:
        import pty

        self.master, slave = pty.openpty()
        # The caller's PYTHONPATH first: a run against another checkout's src/ (the base commit) drives that one.
        path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(ROOT / "src")) if p)
        env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coprod_cli", *self.args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        os.close(self.master)

    def expect(self, text: str) -> None:
        """Wait until ``text`` appears after what was matched before."""
        wanted = text.encode("utf-8")
        end = time.time() + self.timeout
        while True:
            at = self.seen.find(wanted, self.pos)
            if at >= 0:
                self.pos = at + len(wanted)
                return
            ready, _, _ = select.select([self.master], [], [], max(0.0, end - time.time()))
            if not ready:
                raise AssertionError(f"no apareció {text!r}; salida: {self.output}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                raise AssertionError(f"terminó antes de {text!r}; salida: {self.output}") from None
            self.seen += chunk

    def answer(self, question: str, text: str) -> None:
        self.expect(question)
        self.expect(":")
        os.write(self.master, text.encode("utf-8") + b"\r")

    def wait(self) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout=self.timeout)
        try:
            while select.select([self.master], [], [], 0.2)[0]:
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.seen += chunk
        except OSError:
            pass
        return code

    @property
    def output(self) -> str:
        return self.seen.decode("utf-8", "replace").replace("\r\n", "\n")
