"""The validation cache answers exactly as no cache would, and a pull request
cannot turn it against the machine (SECURITY.md, «La caché de validación»)."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from coprod_cli.check.cache import CACHE_DIR, CACHE_FILE
from coprod_cli.check.engine import check_repository
from coprod_cli.load.repository import load_repository
from coprod_cli.pipeline.validation import validate_cached

AGREEMENT = "acuerdos/imas-ina-mapeo-familias.yaml"


def _symlink(target: str, link: Path) -> None:
    try:
        os.symlink(target, link, target_is_directory=not target.endswith(".yaml"))
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot create symbolic links")


def _same_as_no_cache(cli, root: Path) -> tuple[int, str]:
    fresh = cli("validate", root, "--no-cache")
    cached = cli("validate", root)
    assert (cached.code, cached.out) == (fresh.code, fresh.out)
    return cached.code, cached.out


@pytest.mark.parametrize(
    "name,old,new",
    [
        ("actores.yaml", "  - id: imas\n", "  - id: imas-otro\n"),
        ("canton.yaml", "id: convivencia-paz-social", "id: convivencia"),
    ],
)
def test_a_shared_file_linked_inside_the_repository_is_hashed_through_the_link(cli, example, name, old, new):
    """A shared file that is a link inside the repository used to be hashed as
    «-»: editing its target kept the old diagnostics (cache: exit 0, no cache: exit 1)."""
    (example / "datos").mkdir()
    os.replace(example / name, example / "datos" / name)
    _symlink(f"datos/{name}", example / name)
    assert cli("validate", example).code == 0  # cold: the cache is written
    assert (example / CACHE_DIR / CACHE_FILE).is_file()
    target = example / "datos" / name
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = _same_as_no_cache(cli, example)
    assert code == 1 and "✗" in out


def test_a_file_changed_while_validating_never_poisons_the_cache(clean_example, monkeypatch):
    """Deterministic race: the agreement changes on disk right after its first
    read. Before, the cache hashed one read and parsed a second: the new
    file's diagnostics were kept under the old file's hash, and the old file,
    back again, got them from the cache. Now each file is opened once."""
    victim = (clean_example / AGREEMENT).resolve()
    good = victim.read_bytes()
    broken = good.replace(b"actor_encargado: imas", b"actor_encargado: imass", 1)
    assert broken != good
    opens: list[str] = []
    real_io_open, real_os_open = io.open, os.open

    def changed_after_first_read(path) -> None:
        try:
            same = Path(os.fspath(path)).resolve() == victim
        except (TypeError, OSError):
            return
        if same:
            opens.append("open")
            if len(opens) == 2:  # a second read: someone saves the file in between
                with real_io_open(victim, "wb") as fh:
                    fh.write(broken)

    def spy_io_open(file, *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)):
            changed_after_first_read(file)
        return real_io_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        changed_after_first_read(path)
        return real_os_open(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(io, "open", spy_io_open)
        m.setattr(os, "open", spy_os_open)
        validate_cached(clean_example)
    reads = len(opens)

    victim.write_bytes(good)  # the file as it was when it was hashed
    assert validate_cached(clean_example).diagnostics == check_repository(load_repository(clean_example)).diagnostics == []
    assert reads == 1, f"the agreement was opened {reads} times"


# --- the cache folder and file are never followed, and read bounded ---------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "fuera"
    folder.mkdir()
    return folder


def test_a_linked_cache_folder_is_never_written_through(cli, clean_example, outside):
    """A pull request commits `.coprod-cache` as a link to a folder outside:
    `validate` used to write `validate.json` and `.gitignore` there."""
    shutil.rmtree(clean_example / CACHE_DIR, ignore_errors=True)
    _symlink(os.path.relpath(outside, clean_example), clean_example / CACHE_DIR)
    for _ in range(2):
        code, out = _same_as_no_cache(cli, clean_example)
        assert code == 0 and "Sin problemas" in out
    assert list(outside.iterdir()) == []
    assert (clean_example / CACHE_DIR).is_symlink()  # left as it was: only the cache is not used


def test_a_cache_file_linked_outside_is_never_read(cli, clean_example, outside, monkeypatch):
    """`.coprod-cache/validate.json` as a link to a file outside (a CI secret):
    it is neither opened nor written through."""
    secret = outside / "secreto.json"
    secret.write_text('{"token": "TOKEN-CI-9f3a2c"}', encoding="utf-8")
    (clean_example / CACHE_DIR).mkdir(exist_ok=True)
    (clean_example / CACHE_DIR / CACHE_FILE).unlink(missing_ok=True)
    _symlink(os.path.relpath(secret, clean_example / CACHE_DIR), clean_example / CACHE_DIR / CACHE_FILE)
    seen: list[str] = []
    real_io_open, real_os_open = io.open, os.open

    def spy(real):
        def wrapper(path, *args, **kwargs):
            if isinstance(path, (str, bytes, os.PathLike)):
                seen.append(os.path.realpath(os.fspath(path)))
            return real(path, *args, **kwargs)

        return wrapper

    with monkeypatch.context() as m:
        m.setattr(io, "open", spy(real_io_open))
        m.setattr(os, "open", spy(real_os_open))
        assert cli("validate", clean_example).code == 0
    assert str(secret.resolve()) not in seen
    assert secret.read_text(encoding="utf-8") == '{"token": "TOKEN-CI-9f3a2c"}'
    # The link was replaced by this machine's cache, which is then used.
    assert not (clean_example / CACHE_DIR / CACHE_FILE).is_symlink()
    assert validate_cached(clean_example).diagnostics == []
    assert all(d.cached for d in validate_cached(clean_example).repo.acuerdos)


def test_a_cache_folder_that_is_a_file_is_ignored(cli, example):
    shutil.rmtree(example / CACHE_DIR, ignore_errors=True)
    (example / CACHE_DIR).write_text("no es una carpeta\n", encoding="utf-8")
    code, out = _same_as_no_cache(cli, example)
    assert code == 0 and "Traceback" not in out
    assert (example / CACHE_DIR).read_text(encoding="utf-8") == "no es una carpeta\n"


# --- an unchanged agreement is trusted by its stat; any doubt falls back to the hash ------------------


def _agreement_opens(root: Path, monkeypatch) -> list[str]:
    """Validate through the cache, and list the agreement files opened."""
    opened: list[str] = []
    real_os_open = os.open

    def spy(path, *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and "acuerdos" in Path(os.fspath(path)).parts:
            opened.append(Path(os.fspath(path)).name)
        return real_os_open(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", spy)
        validate_cached(root)
    return opened


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Edit the file in place, same size, and put its modification time back (an editor or tool may)."""
    assert len(old) == len(new)
    info = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def test_unchanged_agreements_are_not_read_again(clean_example, monkeypatch):
    """Like git's index: size, times and inode unchanged → the file is not even opened."""
    from coprod_cli.check import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)  # the example was just copied: its times count as settled
    assert _agreement_opens(clean_example, monkeypatch)  # cold: every agreement read once
    assert _agreement_opens(clean_example, monkeypatch) == []
    result = validate_cached(clean_example)
    assert result.diagnostics == check_repository(load_repository(clean_example)).diagnostics == []
    assert all(d.cached for d in result.repo.acuerdos)


def test_a_same_size_edit_within_the_same_second_is_seen(clean_example, monkeypatch):
    """Racy git: the file was written just before the cache, so its stat is not
    trusted; a same-size edit with the same mtime is still found by its hash."""
    victim = clean_example / AGREEMENT
    validate_cached(clean_example)
    entries = json.loads(json.loads((clean_example / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))["body"])["files"]
    assert "stat" not in entries[AGREEMENT]  # too recent to vouch for anything
    _same_size_edit(victim, b"actor_encargado: imas ", b"actor_encargado: imaz ")
    assert _agreement_opens(clean_example, monkeypatch).count(victim.name) == 1
    after = validate_cached(clean_example)
    assert after.diagnostics == check_repository(load_repository(clean_example)).diagnostics
    assert any(d.file == AGREEMENT and d.code.startswith("CP") for d in after.diagnostics)


def test_a_settled_stat_that_changes_in_any_part_is_hashed_again(clean_example, monkeypatch):
    """Trusted stat, then a same-size edit with the mtime put back: the ctime
    moved, so the file is read; a copy put in its place has another inode."""
    from coprod_cli.check import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)
    victim = clean_example / AGREEMENT
    validate_cached(clean_example)
    assert _agreement_opens(clean_example, monkeypatch) == []
    _same_size_edit(victim, b"actor_encargado: imas ", b"actor_encargado: imaz ")
    assert _agreement_opens(clean_example, monkeypatch) == [victim.name]
    broken = validate_cached(clean_example).diagnostics
    assert broken == check_repository(load_repository(clean_example)).diagnostics
    assert any(d.file == AGREEMENT for d in broken)
    # The good text back through a new file (another inode), same size and times.
    info = victim.stat()
    fixed = victim.parent / "nuevo.tmp"
    fixed.write_bytes(victim.read_bytes().replace(b"actor_encargado: imaz ", b"actor_encargado: imas ", 1))
    os.utime(fixed, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(fixed, victim)
    assert victim.stat().st_ino != info.st_ino or os.name == "nt"
    assert _agreement_opens(clean_example, monkeypatch) == [victim.name]
    assert validate_cached(clean_example).diagnostics == check_repository(load_repository(clean_example)).diagnostics == []


def test_a_trusted_agreement_is_read_when_a_problem_must_be_located_in_it(clean_example, monkeypatch):
    """An index-scope rule (an id repeated in another file) reports on an
    unchanged, unread agreement: its text is read then, and the line is right."""
    from coprod_cli.check import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)
    validate_cached(clean_example)
    source = (clean_example / AGREEMENT).read_text(encoding="utf-8")
    (clean_example / "acuerdos" / "copia.yaml").write_text(source, encoding="utf-8")
    result = validate_cached(clean_example)
    expected = check_repository(load_repository(clean_example)).diagnostics
    assert result.diagnostics == expected
    assert any(d.file == AGREEMENT and d.line > 0 for d in expected if d.code == "CP506")


def test_status_counts_through_the_cache_are_the_counts_of_a_full_check(tmp_path, cli):
    """status and report count problems with the cache's file-scope diagnostics
    (pipeline/validation.py ``load_counted``): the same counts as a check of
    every file, cold, warm, with a touched file, and never saved to the cache."""
    import sys

    from conftest import ROOT
    from coprod_cli.pipeline.validation import load_counted

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    root = tmp_path / "canton"
    assert sum(generate(root, 120, seed=5, broken=0.25).values()) > 10

    def exact() -> dict[str, int]:
        checked = check_repository(load_repository(root), locate=False)
        return {"errors": checked.errors, "warnings": checked.warnings}

    assert load_counted(root)[1] == exact()  # no cache yet
    assert not (root / CACHE_DIR / CACHE_FILE).exists()
    validate_cached(root)
    saved = (root / CACHE_DIR / CACHE_FILE).read_bytes()
    repo, counts = load_counted(root)
    assert counts == exact() and counts["errors"] > 0
    assert not any(d.cached for d in repo.acuerdos)  # every model, for the figures
    assert sum(1 for d in repo.acuerdos if d.model is not None) > 100
    victim = root / "acuerdos" / "acuerdo-00007.yaml"
    victim.write_text(victim.read_text(encoding="utf-8").replace("nivel: ", "nivel: 6", 1), encoding="utf-8")
    assert load_counted(root)[1] == exact()
    assert (root / CACHE_DIR / CACHE_FILE).read_bytes() == saved
