"""Atomic writes: an interrupted write leaves the original intact and no
temporary file behind; permissions are kept; creation never overwrites."""

from __future__ import annotations

import os
import stat

import pytest

from coprod_cli import fsutil


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if fsutil.is_temporary(p.name) or p.name.endswith("tmp"))


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


def test_temporaries_have_a_name_that_is_never_data(tmp_path, monkeypatch):
    seen = []
    original = fsutil._write_temp

    def spy(folder, name, *args, **kwargs):
        tmp = original(folder, name, *args, **kwargs)
        seen.append(os.path.basename(tmp))
        return tmp

    monkeypatch.setattr(fsutil, "_write_temp", spy)
    fsutil.atomic_write_bytes(tmp_path / "a.yaml", b"x: 1\n")
    (name,) = seen
    assert name.startswith(".a.yaml.") and name.endswith(".coprod-tmp") and fsutil.is_temporary(name)
    assert not fsutil.is_temporary("a.yaml") and not fsutil.is_temporary(".gitkeep") and not fsutil.is_temporary(".a.yaml.lock")


def test_compare_and_swap_refuses_a_file_that_changed(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n")
    with pytest.raises(fsutil.FileChanged):
        fsutil.atomic_write_bytes(path, b"x: 3\n", expected=b"x: 0\n")
    assert path.read_bytes() == b"x: 1\n"
    fsutil.atomic_write_bytes(path, b"x: 2\n", expected=b"x: 1\n")
    assert path.read_bytes() == b"x: 2\n"
    path.unlink()
    with pytest.raises(fsutil.FileChanged):  # deleted meanwhile: not recreated
        fsutil.atomic_write_bytes(path, b"x: 3\n", expected=b"x: 2\n")
    assert not path.exists() and _leftovers(tmp_path) == []


def test_a_busy_file_on_windows_is_replaced_after_a_retry(tmp_path, monkeypatch):
    """Windows refuses to replace a file that another process has open for a moment."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x: 1\n")
    real = os.replace
    failures = iter([PermissionError(13, "Access is denied"), PermissionError(13, "Access is denied")])

    def busy(src, dst):
        error = next(failures, None)
        if error:
            raise error
        real(src, dst)

    monkeypatch.setattr(fsutil, "_RETRY_REPLACE", True)
    monkeypatch.setattr(fsutil, "_REPLACE_DELAYS", (0, 0, 0))
    monkeypatch.setattr(fsutil.os, "replace", busy)
    fsutil.atomic_write_bytes(path, b"x: 2\n")
    assert path.read_bytes() == b"x: 2\n"

    def always(src, dst):
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(fsutil.os, "replace", always)
    with pytest.raises(PermissionError):
        fsutil.atomic_write_bytes(path, b"x: 3\n")
    assert path.read_bytes() == b"x: 2\n" and _leftovers(tmp_path) == []


def test_stale_temporaries_are_removed_only_when_old_or_of_the_locked_target(tmp_path):
    old = tmp_path / ".a.yaml.abcd1234.coprod-tmp"
    fresh = tmp_path / ".b.yaml.abcd1234.coprod-tmp"
    mine = tmp_path / ".c.yaml.zz99yy88.coprod-tmp"
    legacy = tmp_path / ".d.yaml.k2j3h4g5.tmp"
    other = tmp_path / ".notas.txt"
    for p in (old, fresh, mine, legacy, other):
        p.write_bytes(b"x")
    hour_ago = os.stat(old).st_mtime - 3600
    for p in (old, legacy):
        os.utime(p, (hour_ago, hour_ago))
    (tmp_path / "enlace").mkdir()
    link = tmp_path / ".e.yaml.abcd1234.coprod-tmp"
    link.symlink_to(tmp_path / "enlace")
    assert fsutil.remove_stale_temporaries(tmp_path, target="c.yaml") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, other.name, link.name, "enlace"])


def test_a_link_is_replaced_without_taking_its_targets_mode(tmp_path):
    target = tmp_path / "secreto"
    target.write_bytes(b"no tocar\n")
    os.chmod(target, 0o600)
    link = tmp_path / "index.html"
    link.symlink_to(target)
    old = os.umask(0o022)
    try:
        fsutil.atomic_write_bytes(link, b"<p>informe</p>\n", durable=False)
    finally:
        os.umask(old)
    assert not link.is_symlink() and link.read_bytes() == b"<p>informe</p>\n"
    assert stat.S_IMODE(link.stat().st_mode) == 0o644
    assert target.read_bytes() == b"no tocar\n"
