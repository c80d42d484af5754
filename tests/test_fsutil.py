"""Atomic writes: an interrupted write leaves the original intact and no
temporary file behind; permissions are kept; creation never overwrites."""

from __future__ import annotations

import os
import stat

import pytest

from coprod_cli import fsutil


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failure_between_write_and_rename_keeps_the_original(tmp_path, monkeypatch, failing):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"nivel: 50\r\n")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, failing, boom)
    with pytest.raises(OSError):
        fsutil.atomic_write_bytes(path, b"nivel: 75\r\n")
    assert path.read_bytes() == b"nivel: 50\r\n"
    assert _leftovers(tmp_path) == []


def test_permissions_are_kept(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n")
    os.chmod(path, 0o640)
    fsutil.atomic_write_bytes(path, b"x: 2\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b"x: 2\n"


def test_new_files_follow_the_umask_not_mkstemp(tmp_path):
    old = os.umask(0o022)
    try:
        fsutil.atomic_write_bytes(tmp_path / "n.yaml", b"x: 1\n")
        fsutil.atomic_create_bytes(tmp_path / "c.yaml", b"x: 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "n.yaml").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "c.yaml").stat().st_mode) == 0o644


def test_create_never_overwrites(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"original\n")
    with pytest.raises(FileExistsError):
        fsutil.atomic_create_bytes(path, b"nuevo\n")
    assert path.read_bytes() == b"original\n"
    assert _leftovers(tmp_path) == []
