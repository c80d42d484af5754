"""A large broken file: ruamel reads a shortened copy (load/elision.py) and
must say exactly what it says on the whole file, at the same line.

Broken copies of two large files, one edit each at a random place: a
flat mapping of 1 500 entries (the shape of the 20 000-value bomb) and the
example's map of actors repeated to 1 600 lines (flow lists, quoted phones,
nested people, comments). Each diagnostic through the shortened copy must
equal the diagnostic of the whole file read by ruamel (checked on 387
shortened copies from six other seeds while writing it: no difference).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import EXAMPLE
from coprod_cli.load import elision
from coprod_cli.load.fastyaml import NeedsExactParse, fast_load
from coprod_cli.load.yamlsource import SourceFile, _parse

EDITS = [":", " ", "\n", "  ", "- ", "'", '"', "[", "]", "{", "}", ",", "#", "?", "|", ">", "%", "@", "`", ": x", "\n  - ", "\nzz"]


def _flat() -> str:
    return "id: grande\ntitulo: Grande\nx:\n" + "".join(f"  k{i}: valor {i}\n" for i in range(1_500))


def _actors() -> str:
    text = (EXAMPLE / "actores.yaml").read_text(encoding="utf-8")
    head, _, body = text.partition("actores:\n")
    copies = [body.replace("id: ", f"id: c{n}-") for n in range(max(1, 1_600 // body.count("\n")))]
    return head + "actores:\n" + "".join(copies)


def _problems(text: str, shorten: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int, str]]:
    """The diagnostics of ``text``: through a shortened copy when ``shorten``."""
    with monkeypatch.context() as m:
        if not shorten:
            m.setattr(elision, "elide", lambda text: None)
        src = SourceFile(path=Path("x.yaml"), rel="x.yaml", text=text)
        src._parsed = True
        _parse(src)
    return [(p.code, p.line, p.column, p.message) for p in src.problems]


def _broken(text: str, rng: random.Random) -> str | None:
    """One edit in the last two thirds of ``text``, if libyaml refuses the result."""
    at = rng.randrange(len(text) // 3, len(text))
    edit = rng.choice(EDITS)
    kind = rng.random()
    broken = text[:at] + edit + text[at:] if kind < 0.5 else text[:at] + edit + text[at + 1 :] if kind < 0.8 else text[:at] + text[at + 1 :]
    try:
        fast_load(broken)
    except NeedsExactParse as exc:
        return broken if exc.args == ("syntax",) else None
    except Exception:
        return None
    return None


@pytest.mark.parametrize("shape", [_flat, _actors], ids=["mapeo-plano", "mapa-de-actores"])
def test_the_shortened_copy_gives_the_whole_files_diagnostic(shape, monkeypatch):
    text = shape()
    assert len(text.split("\n")) >= 1_500
    rng = random.Random(20261202)
    compared = tried = 0
    while compared < 12:  # ~0.5 s each: ruamel reads every broken copy whole too
        broken = _broken(text, rng)
        if broken is None:
            continue
        tried += 1
        if elision.elide(broken) is None:  # an error too near the top: ruamel reads the whole file anyway
            continue
        compared += 1
        assert _problems(broken, True, monkeypatch) == _problems(broken, False, monkeypatch), broken
    assert tried <= 2 * compared  # most errors are far enough down for a shortened copy

def test_the_20000_value_bomb_is_read_short_and_reported_at_its_line(monkeypatch):
    text = "id: bomba\nx:\n" + "".join(f"  k{i}: v\n" for i in range(9_985)) + "  k1 v\n  k2: v\n"
    short = elision.elide(text)
    assert short is not None and len(short.text.split("\n")) < 20
    assert _problems(text, True, monkeypatch) == [("CP001", 9_988, 3, "falta «:» después de «k1»: escriba «k1: …»")]


def test_small_files_and_unsafe_runs_are_never_shortened():
    assert elision.elide("a: 1\nb: [\n") is None  # small: ruamel reads it whole, as always
    # 600 block scalars: no line of them is plain enough to be cut
    text = "x:\n" + "".join(f"  k{i}: |\n    texto {i}\n" for i in range(600)) + "  k: v\n  k2 v\n  z: 1\n"
    assert elision.elide(text) is None


@pytest.mark.parametrize("brk", ["\r", "\x85", "\u2028", "\u2029"], ids=["CR", "NEL", "LS", "PS"])
def test_a_file_with_another_line_break_is_read_whole(brk, monkeypatch):
    """A lone «\r», NEL, LS or PS is a line break for libyaml and ruamel, not for
    ``str.split("\n")``: the lines would be off by one after it (a review found
    799:6 instead of 804:3). Such a file is never shortened."""
    items = "".join(f"  k{i}: v\n" if i % 3 else f"  k{i}:\n    s: v\n" for i in range(700))
    text = "x:\n  # a" + brk + "  # b\n" + items + "  zz v\n  z: 1\n"
    assert elision.elide(text) is None
    assert _problems(text, True, monkeypatch) == _problems(text, False, monkeypatch)
