"""A failing machine gets a Spanish message, never exit 70 (SECURITY.md,
«Disco lleno, solo lectura, interrupciones»): a full disk, a quota, a
read-only disk or no permission while `report` or `schema` writes; a file
marked read-only is refused, a written file keeps its owner; a write killed
between its temporary and its rename leaves a file that is never data and
is removed next time."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coprod_cli import fsutil

DISK_ERRORS = {
    "ENOSPC": (errno.ENOSPC, "el disco está lleno: libere espacio"),
    "EDQUOT": (getattr(errno, "EDQUOT", 122), "se agotó la cuota de disco de su usuario: libere espacio"),
    "EROFS": (errno.EROFS, "el disco o la carpeta es de solo lectura"),
    "EACCES": (errno.EACCES, "no hay permiso para escribir ahí"),
}


def _fail_at(monkeypatch, where: str, code: int) -> None:
    """Make every write fail like the disk would: creating the temporary, or renaming it."""

    def fail(*args, **kwargs):
        raise (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code))

    if where == "rename":
        monkeypatch.setattr(fsutil.os, "replace", fail)
    else:
        monkeypatch.setattr(fsutil.tempfile, "mkstemp", fail)


@pytest.mark.parametrize("where", ["temporary", "rename"])
@pytest.mark.parametrize("name", sorted(DISK_ERRORS))
def test_report_on_a_failing_disk_is_a_spanish_message_not_exit_70(cli, example, tmp_path, monkeypatch, name, where):
    code, text = DISK_ERRORS[name]
    out = tmp_path / "informes"
    _fail_at(monkeypatch, where, code)
    r = cli("report", example, "--out", out, "--as-of", "2016-01")
    assert r.code == 2, r.err
    assert f"no se pudieron escribir los informes en «{out}» ({text}); 0 de " in r.err
    assert "quedaron escritos, ninguno a medias. Corrija eso y repita la orden." in r.err.replace("\n", " ")
    assert "error interno" not in r.err and "Traceback" not in r.err
    assert [p.name for p in out.iterdir()] == []  # no report, no temporary


@pytest.mark.parametrize("where", ["temporary", "rename"])
@pytest.mark.parametrize("name", sorted(DISK_ERRORS))
def test_schema_on_a_failing_disk_is_a_spanish_message_not_exit_70(cli, tmp_path, monkeypatch, name, where):
    code, text = DISK_ERRORS[name]
    _fail_at(monkeypatch, where, code)
    r = cli("schema", "--out", tmp_path / "esquemas")
    assert r.code == 2, r.err
    assert f"no se pudieron escribir los esquemas en «{tmp_path / 'esquemas'}» ({text})" in r.err.replace("\n", " ")
    assert "error interno" not in r.err
    assert list((tmp_path / "esquemas").iterdir()) == []


def test_report_on_a_really_full_disk(tmp_path):
    """A 48 KiB tmpfs (in a user namespace, where the system allows one): the disk really fills up."""
    if not shutil.which("unshare") or sys.platform != "linux":
        pytest.skip("needs unshare (Linux)")
    repo = tmp_path / "r"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "desamparados", repo)
    disk = tmp_path / "disco"
    disk.mkdir()
    script = (
        f"mount -t tmpfs -o size=48k tmpfs {disk} || exit 99; "
        f"{sys.executable} -m coprod_cli report {repo} --out {disk}/out --as-of 2016-01; code=$?; "
        f"ls -A {disk}/out; exit $code"
    )
    env = {**os.environ, "COLUMNS": "300"}
    run = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, env=env)
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip("no tmpfs in a user namespace here")
    assert run.returncode == 2, run.stderr
    assert f"no se pudieron escribir los informes en «{disk}/out» (el disco está lleno: libere espacio)" in run.stderr
    assert "error interno" not in run.stderr
    assert not any(fsutil.is_temporary(name) for name in run.stdout.split())


def test_an_unexpected_os_error_is_spanish_not_exit_70(cli, example, monkeypatch):
    import coprod_cli.compute.figures as figures

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", str(example / "canton.yaml"))

    monkeypatch.setattr(figures, "compute", broken)
    r = cli("status", example)
    assert r.code == 2
    assert f"no se pudo leer o escribir «{example / 'canton.yaml'}»: error de lectura o escritura del disco" in r.err.replace("\n", " ")
    assert "error interno" not in r.err


# --- read-only files and owners -----------------------------------------------------------------


def test_progress_set_refuses_a_read_only_file(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    os.chmod(path, 0o444)
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 2
    assert "«acuerdos/imas-ina-mapeo-familias.yaml» es de solo lectura: coprod no lo cambia." in r.err
    assert "desmarque «Solo lectura»" in r.err and "No se cambió nada." in r.err.replace("\n", " ")
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444
    r = cli("monitoring", "set", example, "imas-ina-mapeo-familias", "meta", "no")
    assert r.code == 2 and "es de solo lectura" in r.err


def test_new_actor_refuses_a_read_only_actor_map(cli, example):
    path = example / "actores.yaml"
    before = path.read_bytes()
    os.chmod(path, 0o444)
    r = cli("new", "actor", example, "--no-input", "--name", "Asociación Z", "--sector", "sociedad_civil", "--level", "comunal")
    assert r.code == 2 and "«actores.yaml» es de solo lectura: coprod no lo cambia." in r.err
    assert path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "chown") or getattr(os, "geteuid", lambda: 1)() != 0, reason="only root can give a file to another user")
def test_an_edit_by_root_keeps_the_owner_group_and_mode(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    os.chown(path, 4321, 8765)
    os.chmod(path, 0o664)
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 0, r.err
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 8765, 0o664)
    actors = example / "actores.yaml"
    os.chown(actors, 4321, 8765)
    assert cli("new", "actor", example, "--no-input", "--name", "Asociación Z", "--sector", "sociedad_civil", "--level", "comunal").code == 0
    assert (actors.stat().st_uid, actors.stat().st_gid) == (4321, 8765)


# --- a write killed between its temporary and its rename ------------------------------------------

KILLED = """\
import os, signal, sys
from coprod_cli import fsutil
def die(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)  # kill -9 after the temporary is written, before the rename
fsutil.os.replace = die
from coprod_cli.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_a_killed_edit_leaves_a_temporary_that_is_never_data_and_goes_next_time(cli, clean_example):
    path = clean_example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    run = subprocess.run(
        [sys.executable, "-c", KILLED, "progress", "set", str(clean_example), "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100"],
        capture_output=True, text=True,
    )
    assert run.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    (left,) = [p for p in path.parent.iterdir() if p.name.startswith(".")]
    assert re.match(r"^\.imas-ina-mapeo-familias\.yaml\.[a-z0-9_]{8}\.(coprod-)?tmp$", left.name), left.name
    # What older versions left: «.<name>.<random>.tmp», and a stale one of another file.
    legacy = path.parent / ".imas-ina-mapeo-familias.yaml.x1y2z3w4.tmp"
    legacy.write_bytes(left.read_bytes())
    other = path.parent / ".pani-espacios-primera-infancia.yaml.q1w2e3r4.coprod-tmp"
    other.write_bytes(b"id: imas-ina-mapeo-familias\n")  # would repeat an id if it were ever loaded
    hour_ago = os.stat(other).st_mtime - 3600
    os.utime(other, (hour_ago, hour_ago))

    # Never data: validate, status and report see the six agreements, and nothing else.
    r = cli("validate", clean_example, "--strict", "--format", "json")
    assert r.code == 0, r.out
    assert ".coprod-tmp" not in r.out and ".tmp" not in r.out
    import json

    assert len(json.loads(cli("status", clean_example, "--format", "json").out)["agreements"]) == 6
    r = cli("progress", "set", clean_example, f"acuerdos/{left.name}", "--month", "2015-09", "--level", "100")
    assert r.code == 2 and "es un archivo oculto (su nombre empieza con un punto): no es un acuerdo del repositorio" in r.err

    # The next write of that file removes what the killed one left, and the old one of another file.
    r = cli("progress", "set", clean_example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 0, r.err
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_init_ignores_temporaries_and_the_cache_in_git(cli, tmp_path):
    import gitkit

    root = tmp_path / "nuevo"
    assert cli("init", root, "--canton", "Pococí", "--no-input").code == 0
    if not (root / ".git").is_dir():
        pytest.skip("git is not installed")
    (root / "acuerdos" / ".x.yaml.abcd1234.coprod-tmp").write_text("id: x\n", encoding="utf-8")
    (root / ".coprod-cache" / "locks").mkdir(parents=True)
    (root / ".coprod-cache" / "locks" / "actores.yaml.lock").write_text("", encoding="utf-8")
    gitkit.git(root, "add", "-A")
    staged = gitkit.git(root, "diff", "--cached", "--name-only").split()
    assert ".gitignore" in staged and "canton.yaml" in staged
    assert not [s for s in staged if "coprod-tmp" in s or ".coprod-cache" in s]


def test_report_removes_old_temporaries_from_its_folder(cli, example, tmp_path):
    out = tmp_path / "informes"
    out.mkdir()
    old = out / ".index.html.abcd1234.coprod-tmp"
    fresh = out / ".index.md.wxyz9876.coprod-tmp"  # maybe another report writing right now
    for p in (old, fresh):
        p.write_text("<p>a medias", encoding="utf-8")
    hour_ago = os.stat(old).st_mtime - 3600
    os.utime(old, (hour_ago, hour_ago))
    assert cli("report", example, "--out", out, "--as-of", "2016-01").code == 0
    assert not old.exists() and fresh.exists()
