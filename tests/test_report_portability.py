"""`coprod report` where fork, resource or worker processes do not exist (issue 11, item 12).

Most secretaries use Windows: no ``os.fork``, no ``resource``, no
``fcntl``. The reports must come out the same there, on the parallel path
(spawned workers receive the contexts pickled) and in one process when no
worker can start; repository templates must stay bounded in time on each.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

ENDLESS = "# {{ a.title }}\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """The example with each agreement copied five times under new ids: 36 agreements, 82 reports (the parallel path)."""
    root = tmp_path_factory.mktemp("grande") / "canton"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    for src in sorted((root / "acuerdos").glob("*.yaml")):
        text = src.read_text(encoding="utf-8")
        assert f"id: {src.stem}\n" in text
        for k in range(1, 6):
            new = f"{src.stem}-copia-{k}"
            (root / "acuerdos" / f"{new}.yaml").write_text(text.replace(f"id: {src.stem}\n", f"id: {new}\n", 1), encoding="utf-8")
    return root


def _report(root: Path, out: Path, *extra: str) -> int:
    from coprod_cli.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", str(root), "--out", str(out), "--as-of", "2016-01", *extra])
    return int(exc.value.code or 0)


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def reference(large, tmp_path_factory) -> dict[str, str]:
    """The reports rendered in this process, one by one."""
    out = tmp_path_factory.mktemp("referencia")
    mp = pytest.MonkeyPatch()
    mp.setattr(os, "cpu_count", lambda: 1)
    try:
        assert _report(large, out) == 0
    finally:
        mp.undo()
    texts = _texts(out)
    assert len(texts) == 2 * (7 + 36 + 7)  # seven reports, 36 sheets and the minutes of the seven sessions
    return texts


@pytest.fixture
def contexts(monkeypatch) -> list[str]:
    """The start method of every pool of workers the report starts (two cores, so the parallel path is taken)."""
    from coprod_cli.report import render

    seen: list[str] = []
    real = render._process_context

    def spy():
        ctx = real()
        seen.append(ctx.get_start_method() if ctx is not None else "none")
        return ctx

    monkeypatch.setattr(render, "_process_context", spy, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return seen


def _no_fork(monkeypatch) -> None:
    import multiprocessing as mp

    real = mp.get_context

    def get_context(method=None):
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real(method)

    monkeypatch.setattr(mp, "get_context", get_context)
    monkeypatch.delattr(os, "fork")


def _no_resource_no_fcntl(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` raises ImportError
    monkeypatch.setitem(sys.modules, "fcntl", None)


def test_without_fork_the_workers_are_spawned_and_the_reports_are_the_same(large, reference, contexts, monkeypatch, tmp_path):
    _no_fork(monkeypatch)
    _no_resource_no_fcntl(monkeypatch)
    assert _report(large, tmp_path / "o") == 0
    assert contexts == ["spawn"]
    assert _texts(tmp_path / "o") == reference


def test_without_resource_the_forked_workers_give_the_same_reports(large, reference, contexts, monkeypatch, tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("fork: POSIX")
    _no_resource_no_fcntl(monkeypatch)
    assert _report(large, tmp_path / "o") == 0
    assert contexts == ["fork"]
    assert _texts(tmp_path / "o") == reference


def test_without_any_worker_process_the_reports_render_here(large, reference, monkeypatch, tmp_path):
    from coprod_cli.report import render

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(render, "_process_context", lambda: None, raising=False)
    assert _report(large, tmp_path / "o") == 0
    assert _texts(tmp_path / "o") == reference


def _own_templates(tmp_path: Path, source: str) -> Path:
    root = tmp_path / "canton"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".coprod-cache"))
    own = root / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "ficha.md.j2").write_text(source, encoding="utf-8")
    return root


@pytest.mark.parametrize("where", ["spawn", "fork-without-resource", "this-process", "pool-refused"])
def test_repository_templates_stay_bounded_everywhere(cli, tmp_path, monkeypatch, where):
    from coprod_cli.report import render

    if where == "spawn":
        _no_fork(monkeypatch)
        _no_resource_no_fcntl(monkeypatch)
    elif where == "fork-without-resource":
        if not hasattr(os, "fork"):
            pytest.skip("fork: POSIX")
        _no_resource_no_fcntl(monkeypatch)
    elif where == "this-process":
        monkeypatch.setattr(render, "_process_context", lambda: None, raising=False)
    else:  # the platform has no working semaphores or processes
        import multiprocessing.context as mpc

        def refuse(self, *args, **kwargs):
            raise OSError(38, "Function not implemented")

        monkeypatch.setattr(mpc.BaseContext, "Pool", refuse)
    root = _own_templates(tmp_path, ENDLESS)
    r = cli("report", root, "--out", tmp_path / "o", "--only", "ficha", "--format", "md", "--as-of", "2016-01")
    assert r.code == 1, r.err
    assert "«templates/reports/ficha.md.j2», línea 2" in r.err and "tardó más de" in r.err
    # And a well-behaved repository template renders on the same path.
    (root / "templates" / "reports" / "ficha.md.j2").write_text("# {{ a.title }}\n", encoding="utf-8")
    r = cli("report", root, "--out", tmp_path / "o", "--only", "ficha", "--format", "md", "--as-of", "2016-01")
    assert r.code == 0, r.err
    assert (tmp_path / "o" / "ficha-imas-ina-mapeo-familias.md").read_text(encoding="utf-8").startswith("# ")


def test_a_spawned_worker_does_not_run_the_command_again(tmp_path):
    """`python -m coprod_cli` is the main module a spawned worker imports: it must not run coprod."""
    main = (Path(__file__).resolve().parents[1] / "src" / "coprod_cli" / "__main__.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":' in main
