"""Concurrent edits never lose an update (SECURITY.md, «Ediciones simultáneas»).

Every read-modify-write holds the file's lock (edit/locking.py, filelock) and
writes with a compare-and-swap: real separate processes started at the same
moment (racekit.py) all get their change in, or are told in Spanish that
nothing was written (exit 1). Before the locks, 29 of 30 `progress set` and
9 of 10 `new actor` said «Registrado» and were lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

import racekit

#: Under a loaded test machine 30 serialised edits can take longer than a person would wait.
SLOW = {"RACE_LOCK_TIMEOUT": "600"}


def _yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _no_traceback(outcomes):
    for o in outcomes:
        assert "Traceback" not in o.err and "error interno" not in o.err, o.err


def test_30_concurrent_progress_set_lose_no_update(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    outcomes, found = racekit.progress_race(example, tmp_path / "race")
    _no_traceback(outcomes)
    assert [o.code for o in outcomes] == [0] * 30, [o.err for o in outcomes if o.code]
    assert all("Registrado en «acuerdos/carrera.yaml»" in o.out for o in outcomes)
    assert racekit.lost(outcomes, found, "--month") == 0
    assert found == racekit.MONTHS  # every month once, in order
    # Nothing left behind next to the data; the locks live in the ignored cache folder.
    assert [p.name for p in (example / "acuerdos").iterdir() if p.name.startswith(".")] == []
    assert (example / ".coprod-cache" / "locks" / "acuerdos__carrera.yaml.lock").exists() or os.name == "nt"


def test_10_concurrent_new_actor_lose_no_actor(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    before = [a["id"] for a in _yaml(example / "actores.yaml")["actores"]]
    outcomes, ids = racekit.actor_race(example, tmp_path / "race")
    _no_traceback(outcomes)
    assert [o.code for o in outcomes] == [0] * 10, [o.err for o in outcomes if o.code]
    assert racekit.lost(outcomes, ids, "--id") == 0
    assert ids[: len(before)] == before
    assert sorted(ids[len(before):]) == sorted(f"asociacion-{i}" for i in range(10))


def test_concurrent_monitoring_set_lose_no_answer(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    ident = "imas-ina-mapeo-familias"
    criteria = ["objetivo", "meta", "poblacion", "territorio", "actividad_programada", "plazo", "impacto_esperado", "cronograma"]
    commands = [["monitoring", "set", str(example), ident, c, "no", "--note", f"Nota {c}", "--replace-note"] for c in criteria]
    outcomes = racekit.race(tmp_path / "race", commands)
    _no_traceback(outcomes)
    assert [o.code for o in outcomes] == [0] * len(criteria), [o.err for o in outcomes if o.code]
    table = _yaml(example / "acuerdos" / f"{ident}.yaml")["monitoreo"]
    for c in criteria:
        assert table[c] == {"cumple": "no", "observaciones": f"Nota {c}"}, c


def test_concurrent_new_agreement_with_one_title_get_distinct_ids(example, tmp_path, monkeypatch):
    """Before the folder lock, all picked «foro» and all but one failed with «ya existe»."""
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    commands = [["new", "agreement", str(example), "--no-input", "--title", "Foro", "--lead", "imas", "--plan", "2015"]] * 5
    outcomes = racekit.race(tmp_path / "race", commands)
    _no_traceback(outcomes)
    assert [o.code for o in outcomes] == [0] * 5, [o.err for o in outcomes if o.code]
    made = sorted(p.name for p in (example / "acuerdos").glob("foro*.yaml") if "local" not in p.name)
    assert made == ["foro-2.yaml", "foro-3.yaml", "foro-4.yaml", "foro-5.yaml", "foro.yaml"]
    assert sorted(_yaml(example / "acuerdos" / m)["id"] for m in made) == sorted(m[:-5] for m in made)


def test_concurrent_new_plan_get_one_year_each(example, tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    outcomes = racekit.race(tmp_path / "race", [["new", "plan", str(example)]] * 3)
    _no_traceback(outcomes)
    assert [o.code for o in outcomes] == [0, 0, 0], [o.err for o in outcomes if o.code]
    assert sorted(p.name for p in (example / "planes").iterdir()) == ["2015.yaml", "2016.yaml", "2017.yaml", "2018.yaml"]


def test_concurrent_init_into_one_empty_folder_never_mixes_two_repositories(tmp_path, monkeypatch):
    monkeypatch.setenv("RACE_LOCK_TIMEOUT", SLOW["RACE_LOCK_TIMEOUT"])
    target = tmp_path / "nuevo"
    target.mkdir()
    names = ["Alfa", "Beta", "Gama", "Delta"]
    commands = [["init", str(target), "--canton", n, "--no-input", "--no-git"] for n in names]
    outcomes = racekit.race(tmp_path / "race", commands)
    _no_traceback(outcomes)
    winners = [n for n, o in zip(names, outcomes) if o.code == 0]
    assert len(winners) == 1, [(o.code, o.err) for o in outcomes]
    for o in outcomes:
        if o.code:
            assert o.code == 2 and "no está vacía" in o.err, o.err
    # Every file is the winner's: no file of another init was moved in, none overwritten.
    canton = winners[0]
    assert _yaml(target / "canton.yaml")["canton"] == canton
    assert f"Municipalidad de {canton}" in (target / "actores.yaml").read_text(encoding="utf-8")
    assert canton in (target / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in target.iterdir() if p.name.startswith(".coprod-init")] == []


# --- compare-and-swap: a writer that does not take coprod's lock ---------------------------


EDITOR = "# guardado por un editor mientras coprod trabajaba\n"


def _save_meanwhile(monkeypatch, path: Path) -> None:
    """Another program saves ``path`` after coprod read it and before coprod renames."""
    from coprod_cli import fsutil

    original = fsutil._write_temp

    def write_temp(folder, name, *args, **kwargs):
        if name == path.name:
            path.write_bytes(path.read_bytes() + EDITOR.encode("utf-8"))
        return original(folder, name, *args, **kwargs)

    monkeypatch.setattr(fsutil, "_write_temp", write_temp)


def test_progress_set_never_overwrites_a_change_saved_meanwhile(cli, example, monkeypatch):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    _save_meanwhile(monkeypatch, path)
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 1, r.out + r.err
    assert "«acuerdos/imas-ina-mapeo-familias.yaml» cambió mientras coprod lo editaba (otro programa lo guardó); no se cambió nada" in r.err
    assert "Registrado" not in r.out
    assert path.read_bytes() == before + EDITOR.encode("utf-8")  # the other program's change is kept
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_monitoring_set_never_overwrites_a_change_saved_meanwhile(cli, example, monkeypatch):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    _save_meanwhile(monkeypatch, path)
    r = cli("monitoring", "set", example, "imas-ina-mapeo-familias", "meta", "no", "--note", "x")
    assert r.code == 1 and "cambió mientras coprod lo editaba" in r.err
    assert path.read_bytes() == before + EDITOR.encode("utf-8")


def test_new_actor_never_overwrites_a_change_saved_meanwhile(cli, example, monkeypatch):
    path = example / "actores.yaml"
    before = path.read_bytes()
    _save_meanwhile(monkeypatch, path)
    r = cli("new", "actor", example, "--no-input", "--name", "Asociación Z", "--sector", "sociedad_civil", "--level", "comunal")
    assert r.code == 1 and "«actores.yaml» cambió mientras coprod lo editaba" in r.err
    assert "Agregado" not in r.out
    assert path.read_bytes() == before + EDITOR.encode("utf-8")


# --- the lock: waiting, giving up in Spanish, never through a link ------------------------------

HOLDER = """\
import sys, time
from pathlib import Path
from coprod_cli.edit.locking import repository_lock
with repository_lock(Path(sys.argv[1]), sys.argv[2], sys.argv[2]):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def _hold(root: Path, key: str, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root), key, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_held_lock_makes_the_edit_wait_then_give_up_in_spanish(cli, example, monkeypatch):
    from coprod_cli.edit import locking

    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    holder = _hold(example, "acuerdos/imas-ina-mapeo-familias.yaml", 30)
    try:
        monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.5)
        start = time.monotonic()
        r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
        waited = time.monotonic() - start
    finally:
        holder.kill()
        holder.wait()
    assert r.code == 1, r.err
    assert (
        "otra orden de coprod está cambiando «acuerdos/imas-ina-mapeo-familias.yaml» desde hace más de 0 s; no se cambió nada. "
        "Espere a que termine y vuelva a intentarlo (si no hay ninguna en marcha, borre «.coprod-cache/locks/acuerdos__imas-ina-mapeo-familias.yaml.lock»)."
    ) in r.err.replace("\n", " ")
    assert waited >= 0.5
    assert path.read_bytes() == before
    # The holder was killed (kill -9): the system released its lock with it.
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 0, r.err


def test_the_lock_folder_is_never_committed_nor_read_as_data(cli, example):
    import gitkit

    gitkit.init(example)
    gitkit.commit_all(example, "base")
    assert cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100").code == 0
    assert cli("new", "actor", example, "--no-input", "--name", "Asociación Z", "--sector", "sociedad_civil", "--level", "comunal").code == 0
    assert (example / ".coprod-cache" / "locks").is_dir()
    gitkit.git(example, "add", "-A")
    staged = gitkit.git(example, "diff", "--cached", "--name-only").split()
    assert staged == ["actores.yaml", "acuerdos/imas-ina-mapeo-familias.yaml"]
    r = cli("validate", example, "--format", "json")
    assert r.code == 0 and ".coprod-cache" not in r.out


def test_a_planted_cache_link_is_never_followed_by_an_edit(cli, example, tmp_path):
    outside = tmp_path / "fuera"
    outside.mkdir()
    (example / ".coprod-cache").symlink_to(outside, target_is_directory=True)
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 2
    assert "«.coprod-cache» debería ser la carpeta de trabajo de coprod y es un enlace o un archivo: bórrelo" in r.err
    assert list(outside.iterdir()) == []
    assert path.read_bytes() == before


def test_a_planted_link_in_the_lock_folder_is_never_written_through(cli, example, tmp_path):
    victim = tmp_path / "victima.txt"
    victim.write_text("intacto\n", encoding="utf-8")
    locks = example / ".coprod-cache" / "locks"
    locks.mkdir(parents=True)
    (locks / "acuerdos__imas-ina-mapeo-familias.yaml.lock").symlink_to(victim)
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 0, r.err
    assert victim.read_text(encoding="utf-8") == "intacto\n"
    assert not (locks / "acuerdos__imas-ina-mapeo-familias.yaml.lock").is_symlink()


def test_a_read_only_repository_is_refused_before_anything_is_read(cli, example, monkeypatch):
    import errno

    from coprod_cli.edit import locking

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(locking.os, "mkdir", read_only)
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    before = path.read_bytes()
    r = cli("progress", "set", example, "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100")
    assert r.code == 2
    assert f"no se puede escribir en el repositorio «{example.resolve()}» (el disco o la carpeta es de solo lectura); no se cambió nada" in r.err.replace("\n", "")
    assert path.read_bytes() == before
