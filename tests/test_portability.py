"""Without fork, fcntl or resource, coprod gives the same results (SECURITY.md,
«Sin fork, fcntl ni resource»).

Most secretaries use Windows, where ``os.fork``, ``fcntl`` and ``resource`` do
not exist. Each test runs coprod in a child process whose ``sitecustomize``
(put first on PYTHONPATH) takes them away the way Windows lacks them:
``import fcntl`` and ``import resource`` fail, ``os.fork`` is gone and
``multiprocessing.get_context("fork")`` raises ValueError. The loader takes
its parallel path on a repository large enough for it, the edits take their
locks (filelock's fallback), and the results are compared with a normal run.
The report's own test is tests/test_report_portability.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import racekit
from conftest import EXAMPLE

SHIM = """\
# Windows-like: no fork, no fcntl, no resource (tests/test_portability.py).
import os
import sys

sys.modules["fcntl"] = None  # import fcntl -> ImportError
sys.modules["resource"] = None
for _name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, _name):
        delattr(os, _name)

import multiprocessing
import multiprocessing.context as _context

for _name in ("fork", "forkserver"):
    _context._concrete_contexts.pop(_name, None)  # get_context("fork") -> ValueError
multiprocessing.set_start_method("spawn", force=True)
"""

#: Loads a repository with two workers; prints every document's result and whether a pool was started.
LOAD = """\
import json, sys
from pathlib import Path
from coprod_cli import parallel
from coprod_cli.load.repository import PARALLEL_MIN_FILES, load_repository

pools = []
real_pool = parallel._pool
def spy(workers):
    pool = real_pool(workers)
    pools.append(pool is not None)
    return pool
parallel._pool = spy

repo = load_repository(Path(sys.argv[1]), workers=2)
docs = []
for d in repo.documents:
    docs.append([
        d.rel, d.kind,
        d.model.model_dump(mode="json") if d.model is not None else None,
        [[p.code, p.message, p.line, p.column] for p in d.source.problems],
        [[p.code, list(map(str, p.path)), p.target, p.message] for p in d.schema_problems],
        [list(d.source.locate(tuple(p.path), p.target)) for p in d.schema_problems],
    ])
print(json.dumps({"files": len(docs), "min": PARALLEL_MIN_FILES, "pools": pools, "docs": docs}, ensure_ascii=False))
"""

CHECK = """\
import json, os, sys
result = {}
for module in ("fcntl", "resource"):
    try:
        __import__(module)
        result[module] = True
    except ImportError:
        result[module] = False
result["os.fork"] = hasattr(os, "fork")
import multiprocessing
try:
    multiprocessing.get_context("fork")
    result["fork context"] = True
except ValueError:
    result["fork context"] = False
from coprod_cli.parallel import fork_context
result["coprod fork"] = fork_context() is not None
from coprod_cli.edit.locking import _filelock
result["filelock"] = _filelock().FileLock.__name__
print(json.dumps(result))
"""


#: Where processes exist but a pool cannot start: no working sem_open (AWS Lambda, some sandboxes).
NO_SEMAPHORES = """\
import sys
sys.modules["multiprocessing.synchronize"] = None  # ProcessPoolExecutor() -> ImportError
"""


def _env(tmp_path: Path, windows_like: bool | str) -> dict[str, str]:
    """The environment of a child: normal, Windows-like (True), or with another ``sitecustomize`` text."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("GITHUB_ACTIONS", None)
    if windows_like:
        text = SHIM if windows_like is True else str(windows_like)
        shim = tmp_path / f"shim-{abs(hash(text))}"
        shim.mkdir(exist_ok=True)
        (shim / "sitecustomize.py").write_text(text, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("PYTHONPATH", "")]))
    return env


def _python(tmp_path: Path, windows_like: bool | str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=_env(tmp_path, windows_like), timeout=600)


def _coprod(tmp_path: Path, windows_like: bool | str, *args: object) -> subprocess.CompletedProcess:
    return _python(tmp_path, windows_like, "-m", "coprod_cli", *map(str, args))


def test_the_shim_takes_fork_fcntl_and_resource_away(tmp_path):
    run = _python(tmp_path, True, "-c", CHECK)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "fcntl": False, "resource": False, "os.fork": False, "fork context": False, "coprod fork": False,
        "filelock": "SoftFileLock",  # filelock's portable lock, as where neither fcntl nor Windows locks exist
    }
    assert run.stderr == ""  # filelock's English warning about its fallback never reaches the user


def _large_repository(dest: Path, n: int = 330) -> Path:
    """The example with ``n`` more agreements: copies with their own id, one in ten broken on purpose."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns(".coprod-cache"))
    sources = sorted((EXAMPLE / "acuerdos").glob("*.yaml"))
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8").replace(f"id: {src.stem}", f"id: copia-{i}", 1)
        if i % 10 == 3:
            text = text.replace("estado: ", "estado: activo # ", 1)  # a schema problem (CP1xx)
        if i % 10 == 7:
            text += "\nid: repetido\n"  # a duplicate key: only the exact reader finds it (CP002)
        (dest / "acuerdos" / f"copia-{i}.yaml").write_text(text, encoding="utf-8")
    return dest


def test_the_loader_gives_the_same_results_without_fork(tmp_path):
    root = _large_repository(tmp_path / "grande")
    normal = _python(tmp_path, False, "-c", LOAD, str(root))
    windows = _python(tmp_path, True, "-c", LOAD, str(root))
    assert normal.returncode == 0, normal.stderr
    assert windows.returncode == 0, windows.stderr
    a, b = json.loads(normal.stdout), json.loads(windows.stdout)
    assert a["files"] > a["min"]  # large enough for the parallel path
    if hasattr(os, "fork"):
        assert a["pools"] == [True]  # this machine forked workers…
    assert b["pools"] == [False]  # …the Windows-like one could not, and read in its own process
    assert a["docs"] == b["docs"]
    problems = [d for d in b["docs"] if d[3] or d[4]]
    assert len(problems) == 66  # the broken copies are found, with the same lines and messages


@pytest.mark.parametrize("where", ["without fork", "without semaphores"])
def test_validate_gives_the_same_output_without_fork(tmp_path, where):
    root = _large_repository(tmp_path / "grande")
    shim = True if where == "without fork" else NO_SEMAPHORES
    for fmt in ("json", "text"):
        normal = _coprod(tmp_path, False, "validate", root, "--no-cache", "--format", fmt)
        other = _coprod(tmp_path, shim, "validate", root, "--no-cache", "--format", fmt)
        assert normal.returncode == other.returncode == 1, other.stderr
        assert normal.stdout == other.stdout
        assert other.stderr == ""


EDITS = [
    ["progress", "set", "{root}", "imas-ina-mapeo-familias", "--month", "2015-09", "--level", "100", "--note", "Acta 12"],
    ["progress", "set", "{root}", "app-comercio-empleo-juvenil", "--month", "2015-11", "--level", "75", "--subactivity", "1"],
    ["monitoring", "set", "{root}", "imas-ina-mapeo-familias", "meta", "no", "--note", "Falta la meta"],
    ["new", "actor", "{root}", "--no-input", "--name", "Asociación de Desarrollo Los Guido", "--sector", "sociedad_civil", "--level", "comunal"],
    ["new", "agreement", "{root}", "--no-input", "--title", "Foro juvenil", "--lead", "imas", "--plan", "2015",
     "--start", "2015-10", "--end", "2015-12", "--axis", "desarrollo-local", "--action", "6"],
    ["new", "plan", "{root}", "--year", "2016"],
]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".coprod-cache" not in p.parts and ".git" not in p.parts
    }


def test_the_edits_write_the_same_bytes_without_fork_and_fcntl(tmp_path):
    trees = {}
    for windows_like in (False, True):
        root = tmp_path / ("windows" if windows_like else "normal") / "r"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
        for command in EDITS:
            run = _coprod(tmp_path, windows_like, *[a.format(root=root) for a in command])
            assert run.returncode == 0, (command, run.stderr)
            assert run.stderr == "", run.stderr
        assert (root / ".coprod-cache" / "locks").is_dir()  # the edits took their locks
        target = root.parent / "nuevo"
        run = _coprod(tmp_path, windows_like, "init", target, "--canton", "Pococí", "--no-input", "--no-git")
        assert run.returncode == 0, run.stderr
        trees[windows_like] = (_tree(root), _tree(target))
    assert trees[False] == trees[True]
    assert b"nivel: 100" in trees[True][0]["acuerdos/imas-ina-mapeo-familias.yaml"]
    assert "acuerdos/foro-juvenil.yaml" in trees[True][0] and "planes/2016.yaml" in trees[True][0]


def test_concurrent_edits_without_fcntl_lose_nothing(example, tmp_path):
    """filelock's fallback lock (an exclusive-create file) keeps the guarantee where fcntl is missing."""
    racekit.schedule_agreement(example)
    months = racekit.MONTHS[:8]
    commands = [["progress", "set", str(example), racekit.RACE_AGREEMENT, "--month", m, "--level", "25"] for m in months]
    env = _env(tmp_path, True)
    env["RACE_LOCK_TIMEOUT"] = "600"
    outcomes = racekit.race(tmp_path / "race", commands, env=env)
    assert [o.code for o in outcomes] == [0] * len(months), [o.err for o in outcomes]
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((example / "acuerdos" / f"{racekit.RACE_AGREEMENT}.yaml").read_text(encoding="utf-8"))
    assert [str(e["mes"]) for e in data["avance"]] == months


@pytest.mark.parametrize("module", ["fcntl", "resource"])
def test_coprod_itself_never_imports_fcntl_or_resource_without_a_fallback(module):
    """Every use in coprod's own code sits behind a fallback (today: none at all)."""
    src = Path(__file__).resolve().parents[1] / "src" / "coprod_cli"
    users = [p.relative_to(src).as_posix() for p in src.rglob("*.py") if f"import {module}" in p.read_text(encoding="utf-8")]
    for path in users:
        text = (src / path).read_text(encoding="utf-8")
        assert "except ImportError" in text or "except (ImportError" in text, f"{path} imports {module} without a fallback"
