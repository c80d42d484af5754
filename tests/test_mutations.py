"""Mutation test: hundreds of broken copies of the example repository, and
not one traceback (SECURITY.md, «Archivos rotos»).

Each mutation changes one file of the example: deletes, duplicates or
retypes a key line, truncates the file at a random byte, inserts bytes
(NUL, 0xff, tab, ``:``, ``&``, ``*``, ``!``, ``{``, ``[``, ESC…), changes an
indentation. ``coprod validate --format json`` runs in-process on each and
must never print a traceback. A mutation counts as a broken repository when
coprod exits with 1 or 2 and names the mutated file among the errors; when it
does not, an oracle independent of the CLI and of the fast path (the exact
path alone: ruamel and the model) must agree the file still passes (an
optional key deleted, a comment cut), otherwise the test fails.

The seed is fixed and printed; ``COPROD_MUTATION_SEED=n`` replays another
run, ``COPROD_MUTATIONS=n`` asks for more broken repositories.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, MUTATION_SEED

SEED = MUTATION_SEED
WANTED = int(os.environ.get("COPROD_MUTATIONS", "500"))
MAX_TRIES = 3 * WANTED
INSERTS = [b"\x00", b"\xff", b"\t", b":", b"&", b"*", b"!", b"{", b"[", b"]", b"}", b"'", b'"', b"#", b"%", b"@", b"`", b"|", b">",
           b"\x1b[2J", b"\r", b"\xc3", b"\xef\xbb\xbf", b"- ", b": x", b"&a ", b"*a", b"!!str ", b"? "]
KEY_LINE = re.compile(rb"^(\s*(?:- )?)([A-Za-z_]+):(.*)$")
RETYPES = [b" [x, y]", b" {a: 1}", b' "x"', b" 12345", b" 2015-02-30", " sí".encode(), b" ~", b" texto suelto", b" - a"]


def _kind(rel: str) -> type:
    from coprod_cli.model.models import Acuerdo, Canton, MapaActores, PlanAnual, Sesion

    by_folder = {"planes": PlanAnual, "sesiones": Sesion}
    return {"canton.yaml": Canton, "actores.yaml": MapaActores}.get(rel) or by_folder.get(rel.split("/")[0], Acuerdo)


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation of a file's bytes: (its description, the new bytes)."""
    lines = data.split(b"\n")
    keyed = [i for i, l in enumerate(lines) if KEY_LINE.match(l)]
    op = rng.choice(["delete", "duplicate", "retype", "truncate", "insert", "indent", "delete", "retype", "insert"])
    if op in ("delete", "duplicate", "retype", "indent") and keyed:
        i = rng.choice(keyed)
        if op == "delete":
            return f"borrar la línea {i + 1}", b"\n".join(lines[:i] + lines[i + 1 :])
        if op == "duplicate":
            return f"duplicar la línea {i + 1}", b"\n".join(lines[: i + 1] + lines[i:])
        if op == "retype":
            m = KEY_LINE.match(lines[i])
            new = m.group(1) + m.group(2) + b":" + rng.choice([r for r in RETYPES if r != m.group(3)])
            return f"cambiar el tipo en la línea {i + 1}", b"\n".join(lines[:i] + [new] + lines[i + 1 :])
        shift = rng.choice([-2, -1, 1, 2, 3])
        line = lines[i][-shift:] if shift < 0 and lines[i].startswith(b"  ") else b" " * abs(shift) + lines[i]
        return f"sangría {shift:+d} en la línea {i + 1}", b"\n".join(lines[:i] + [line] + lines[i + 1 :])
    if op == "truncate":
        at = rng.randrange(0, len(data))
        return f"cortar en el byte {at}", data[:at]
    at = rng.randrange(0, len(data) + 1)
    chunk = b"".join(rng.choice(INSERTS) for _ in range(rng.randint(1, 3)))
    return f"insertar {chunk!r} en el byte {at}", data[:at] + chunk + data[at:]


def _exact_problems(path: Path, rel: str) -> bool:
    """Whether the file alone fails: read by the exact path, validated by its model."""
    from coprod_cli.load.yamlsource import read_source
    from coprod_cli.model.validate import validate_tree

    src = read_source(path, rel)
    if src.problems or src.data is None:
        return True
    return bool(validate_tree(_kind(rel), src.data)[1])


def _run(*args: str) -> tuple[int, str, str]:
    from coprod_cli.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_hundreds_of_mutated_repositories_never_crash(tmp_path, capsys):
    repo = tmp_path / "desamparados"
    shutil.copytree(EXAMPLE, repo)
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml"))
    originals = {rel: (repo / rel).read_bytes() for rel in files}
    rng = random.Random(SEED)
    with capsys.disabled():
        print(f"\n[mutaciones] COPROD_MUTATION_SEED={SEED}: {WANTED} repositorios rotos, un archivo cada uno")
    started, broken, tries, exit_codes = time.perf_counter(), 0, 0, {0: 0, 1: 0, 2: 0}
    while broken < WANTED and tries < MAX_TRIES:
        tries += 1
        rel = rng.choice(files)
        what, data = mutate(originals[rel], rng)
        path = repo / rel
        path.write_bytes(data)
        replay = f"COPROD_MUTATION_SEED={SEED}, mutación {tries}: {rel}, {what}"
        try:
            code, out, err = _run("validate", str(repo), "--format", "json")
            assert code in (0, 1, 2) and "Traceback" not in out + err, f"{replay}: salida {code}\n{err[-2000:]}"
            named = {d["file"] for d in json.loads(out)["diagnostics"] if d["severity"] == "error"}
            exit_codes[code] += 1
            self_broken = code in (1, 2) and rel in named
            if self_broken:
                broken += 1
            else:  # coprod says the file is fine: the oracle must agree
                assert not _exact_problems(path, rel), f"{replay}: el archivo está roto y coprod sale con {code} sin nombrarlo ({sorted(named)})"
            if tries % 10 == 0:  # the other readers of a broken repository
                code, out, err = _run("validate", str(repo))
                assert code in (0, 1) and "Traceback" not in out + err and (not self_broken or rel in out), f"{replay}: texto\n{err[-2000:]}"
                code, out, err = _run("status", str(repo), "--as-of", "2016-01", "--format", "json")
                assert code == 0 and "Traceback" not in out + err, f"{replay}: status sale con {code}\n{err[-2000:]}"
            if tries % 50 == 0:
                code, out, err = _run("report", str(repo), "--out", str(tmp_path / "informes"), "--as-of", "2016-01", "--format", "md")
                assert code == 0 and "Traceback" not in out + err, f"{replay}: report sale con {code}\n{err[-2000:]}"
        finally:
            path.write_bytes(originals[rel])
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"[mutaciones] {tries} mutaciones, {broken} repositorios rotos, salidas {exit_codes}, {elapsed:.1f} s")
    assert broken >= WANTED, f"COPROD_MUTATION_SEED={SEED}: solo {broken} de {tries} mutaciones rompieron su archivo"


@pytest.mark.parametrize("seed", range(5))
def test_mutations_are_deterministic(seed):
    data = (EXAMPLE / "canton.yaml").read_bytes()
    assert mutate(data, random.Random(seed)) == mutate(data, random.Random(seed))
