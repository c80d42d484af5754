"""A hostile pull request against coprod's git calls (SECURITY.md, «Git»).

* A pull request can commit ``HEAD``, ``config``, ``objects/`` and ``refs/``
  into the canton folder (or a folder above it): git's own discovery would
  take that folder for a repository and obey its ``config``. Every git call of
  coprod names the real repository, and settings that run programs are off.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE, EXAMPLE_WARNINGS, settle_overdue_decision
from gitkit import IDENTITY, commit_all, git, init

AGREEMENT = "acuerdos/imas-ina-mapeo-familias.yaml"


def _plant_git_directory(folder: Path, marker: Path) -> None:
    """Make ``folder`` look like a git directory with two commits of its own,
    whose config runs a program (``core.fsmonitor``) that writes ``marker``.
    Every file is ordinary: a pull request can commit them all."""
    env = {**os.environ, "GIT_DIR": str(folder)}
    subprocess.run(["git", "init", "-q", "--bare", str(folder)], check=True, capture_output=True)

    def plumb(*args: str, stdin: str = "") -> str:
        proc = subprocess.run(["git", *IDENTITY, *args], env=env, input=stdin, capture_output=True, text=True, check=True)
        return proc.stdout.strip()

    tree = plumb("mktree")
    first = plumb("commit-tree", tree, "-m", "planted 1")
    second = plumb("commit-tree", tree, "-p", first, "-m", "planted 2")
    plumb("update-ref", "refs/heads/main", second)
    plumb("update-ref", "refs/heads/master", second)
    command = f"echo ran >> '{marker.as_posix()}'; false"
    (folder / "config").write_text(
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
        f'\tfsmonitor = "{command}"\n\tpager = "{command}"\n'
        f'[diff]\n\texternal = "{command}"\n',
        encoding="utf-8",
    )
    shutil.rmtree(folder / "hooks", ignore_errors=True)


@pytest.fixture(params=["canton", "parent"])
def planted(request, tmp_path):
    """A checkout whose canton folder (or the folder holding it) a pull request
    turned into a git directory; the canton also has an uncommitted change, so
    git looks at the work tree. Returns (top, canton, marker)."""
    top = init(tmp_path / "git")
    canton = top / "sub" / "canton"
    shutil.copytree(EXAMPLE, canton, ignore=shutil.ignore_patterns(".coprod-cache"))
    commit_all(top, "base")
    path = canton / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8").replace("nivel: 25", "nivel: 75", 1), encoding="utf-8")
    commit_all(top, "avance")
    marker = tmp_path / "MARKER"
    _plant_git_directory(canton if request.param == "canton" else canton.parent, marker)
    git(top, "add", "-A", "-f")
    git(top, "commit", "-q", "-m", "pull request hostil")
    (canton / "acuerdos" / "nuevo.yaml").write_text("id: nuevo\n", encoding="utf-8")  # untracked: git lists the work tree
    return top, canton, marker


def test_changed_since_never_runs_a_planted_git_config(cli, planted):
    top, canton, marker = planted
    r = cli("validate", canton, "--changed-since", "HEAD~2", "--format", "json")
    assert r.code == 1, r.err  # the real repository: the new agreement has problems
    assert not marker.exists(), "the planted core.fsmonitor ran"
    files = {d["file"] for d in json.loads(r.out)["diagnostics"]}
    assert "acuerdos/nuevo.yaml" in files
    # Without the new file, HEAD~2 of the real repository ("base") still differs: the edited agreement.
    (canton / "acuerdos" / "nuevo.yaml").unlink()
    r = cli("validate", canton, "--changed-since", "HEAD~2", "--format", "json")
    assert r.code == 0, r.err
    assert not marker.exists()


def test_changed_since_names_changes_of_the_real_repository(cli, planted):
    top, canton, marker = planted
    (canton / "acuerdos" / "nuevo.yaml").unlink()
    path = canton / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8").replace("actor_encargado: imas", "actor_encargado: imass", 1), encoding="utf-8")
    r = cli("validate", canton, "--changed-since", "HEAD", "--format", "json")
    assert r.code == 1, r.err
    # The sessions naming the changed agreement are checked with it (check/scope.py):
    # one of them holds the example's overdue decision (EXAMPLE_WARNINGS); so are the plans
    # that list it, with the plan's own warning (CP412). Other agreements are not reported.
    sessions = {(file, code) for file, _, code in EXAMPLE_WARNINGS if not file.startswith("acuerdos/")}
    assert {(d["file"], d["code"]) for d in json.loads(r.out)["diagnostics"]} == {(AGREEMENT, "CP501")} | sessions
    assert not marker.exists()


def test_github_annotations_name_files_from_the_real_checkout(cli, planted):
    top, canton, marker = planted
    r = cli("validate", canton, "--changed-since", "HEAD~2", "--format", "github")
    assert "file=sub/canton/acuerdos/nuevo.yaml" in r.out, r.out
    assert not marker.exists()


def test_diff_never_runs_a_planted_git_config_nor_reads_its_revisions(cli, planted):
    top, canton, marker = planted
    r = cli("diff", "HEAD~2", "HEAD~1", canton, "--as-of", "2015-08", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["base"]["commit"] == git(top, "rev-parse", "HEAD~2").strip()
    assert doc["head"]["commit"] == git(top, "rev-parse", "HEAD~1").strip()
    assert [c["id"] for c in doc["agreements"]["changed"]] == ["imas-ina-mapeo-familias"]
    md = cli("diff", "HEAD~2", "HEAD~1", canton, "--as-of", "2015-08")
    assert md.code == 0 and "Acuerdos modificados (1)" in md.out
    assert not marker.exists(), "the planted config ran"


def test_git_variables_of_the_caller_do_not_choose_another_repository(cli, planted, monkeypatch):
    top, canton, marker = planted
    planted_dir = canton if (canton / "HEAD").exists() else canton.parent
    base = git(top, "rev-parse", "HEAD~2").strip()
    monkeypatch.setenv("GIT_DIR", str(planted_dir))
    monkeypatch.setenv("GIT_WORK_TREE", str(planted_dir))
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", f"sh -c 'echo ran >> {marker.as_posix()}'")
    r = cli("diff", "HEAD~2", "HEAD~1", canton, "--as-of", "2015-08", "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["base"]["commit"] == base
    assert cli("validate", canton, "--changed-since", "HEAD~2", "--format", "json").code == 1
    assert not marker.exists()


def test_a_filter_the_pull_request_names_is_not_run(cli, tmp_path):
    """The user's configuration may define a content filter (git-lfs does,
    globally); a pull request's .gitattributes can name it for any file, and
    `git diff` runs it on a changed file of the work tree."""
    top = init(tmp_path / "git")
    canton = top / "canton"
    shutil.copytree(EXAMPLE, canton, ignore=shutil.ignore_patterns(".coprod-cache"))
    (canton / ".gitattributes").write_text("*.yaml filter=otro\n", encoding="utf-8")
    commit_all(top, "base")
    marker = tmp_path / "FILTER"
    git(top, "config", "filter.otro.clean", f"echo ran >> '{marker.as_posix()}'; cat")
    git(top, "config", "filter.otro.required", "true")
    path = canton / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8") + "# cambio\n", encoding="utf-8")
    r = cli("validate", canton, "--changed-since", "HEAD", "--format", "json")
    assert r.code == 0, r.err
    assert not marker.exists(), "the configured filter ran"


def test_git_refuses_a_checkout_of_another_owner_with_the_spanish_advice(cli, tmp_path, monkeypatch):
    """CI containers check out as another user: git's own ownership check
    (safe.directory) still applies, with coprod's advice."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to give the checkout to another user")
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton", ignore=shutil.ignore_patterns(".coprod-cache"))
    commit_all(top, "base")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no global safe.directory
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "home").mkdir()
    for p in [top, *top.rglob("*")]:
        os.lchown(p, 65534, 65534)
    r = cli("diff", "HEAD", "HEAD", top / "canton")
    assert r.code == 2 and "safe.directory" in r.err and "otro dueño" in r.err, r.err


# --- coprod diff never materialises a tree ------------------------------------------------------------


def _object(top: Path, data: bytes) -> str:
    proc = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=top, input=data, capture_output=True, check=True)
    return proc.stdout.decode().strip()


def _tree(top: Path, lines: list[str]) -> str:
    proc = subprocess.run(["git", "mktree"], cwd=top, input="".join(l + "\n" for l in lines), capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _ls(top: Path, tree: str) -> list[str]:
    return [l for l in git(top, "ls-tree", tree).splitlines() if l]


def _crafted_commit(top: Path, agreements: list[str], root: list[str] = ()) -> str:
    """A commit on top of HEAD whose acuerdos/ tree gets ``agreements`` lines
    (ls-tree format) and whose root tree gets ``root`` lines: duplicates and
    all, which only plumbing can make."""
    acuerdos = _tree(top, _ls(top, "HEAD:acuerdos") + agreements)
    lines = [l if not l.endswith("\tacuerdos") else f"040000 tree {acuerdos}\tacuerdos" for l in _ls(top, "HEAD^{tree}")]
    commit = git(top, "commit-tree", _tree(top, lines + list(root)), "-p", "HEAD", "-m", "árbol fabricado").strip()
    git(top, "update-ref", "refs/heads/hostil", commit)
    return "hostil"


@pytest.fixture
def repo(tmp_path) -> Path:
    """The example committed, without warnings (its overdue session decision
    marked done), so that every problem found comes from the test's change."""
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".coprod-cache"))
    settle_overdue_decision(top)
    commit_all(top, "base")
    return top


@pytest.mark.parametrize("variant", ["link, then file", "file, then link", "link, then a file over the size limit"])
def test_diff_never_writes_through_a_link_in_a_crafted_tree(cli, repo, tmp_path, variant):
    """The same path twice in a tree, a link to an absolute path and a file:
    the file used to land at the link's target."""
    victim = tmp_path / "victima"
    victim.mkdir()
    link = f"120000 blob {_object(repo, str(victim / 'pwned.yaml').encode())}\tzz.yaml"
    body = b"id: zz\n" if "limit" not in variant else b"id: zz\n" + b"#" * 600_000 + b"\n"
    file = f"100644 blob {_object(repo, body)}\tzz.yaml"
    branch = _crafted_commit(repo, [file, link] if variant.startswith("file") else [link, file])
    r = cli("diff", "HEAD", branch, repo, "--format", "json")
    assert list(victim.iterdir()) == []
    assert r.code == 2, r.out
    assert "«acuerdos/zz.yaml» aparece dos veces" in r.err and "Traceback" not in r.err


def test_diff_never_writes_into_a_folder_linked_by_a_crafted_tree(cli, repo, tmp_path):
    """`acuerdos` is both a link to a folder outside and a folder with a file."""
    victim = tmp_path / "victima"
    victim.mkdir()
    link = f"120000 blob {_object(repo, str(victim).encode())}\tacuerdos"
    branch = _crafted_commit(repo, [f"100644 blob {_object(repo, b'id: x')}\tx.yaml"], root=[link])
    r = cli("diff", "HEAD", branch, repo, "--format", "json")
    assert list(victim.iterdir()) == []
    assert r.code == 2 and "«acuerdos» es a la vez un archivo (o un enlace) y una carpeta" in r.err, r.err


def _link(target: str, link: Path) -> None:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot create symbolic links")


def _problems(cli, *args) -> set[tuple[str, str, str]]:
    r = cli(*args)
    doc = json.loads(r.out)
    found = doc["problems"]["new"] if "problems" in doc else doc["diagnostics"]
    return {(d["file"], d["code"], d["message"]) for d in found}


def test_diff_judges_links_as_validate_does_in_the_working_tree(cli, repo, tmp_path):
    """Links committed in a pull request, read from git in memory: each one is
    reported exactly as `validate` reports it in the checked-out folder."""
    secret = tmp_path / "secreto.yaml"
    secret.write_text("id: secreto\ntitulo: TOKEN-CI-9f3a2c\n", encoding="utf-8")
    (repo / "datos").mkdir()
    (repo / "datos" / "extra.yaml").write_text((repo / AGREEMENT).read_text(encoding="utf-8").replace("id: imas-ina-mapeo-familias", "id: extra"), encoding="utf-8")
    folder = repo / "acuerdos"
    _link(str(secret), folder / "absoluto.yaml")
    _link("../../" + secret.name, folder / "relativo.yaml")
    _link("../datos/extra.yaml", folder / "extra.yaml")  # inside: followed
    _link("no-existe.yaml", folder / "roto.yaml")
    _link("bucle-b.yaml", folder / "bucle-a.yaml")
    _link("bucle-a.yaml", folder / "bucle-b.yaml")
    _link("../datos", folder / "carpeta.yaml")  # a folder where a file goes
    commit_all(repo, "enlaces")
    in_tree = _problems(cli, "validate", repo, "--format", "json", "--no-cache")
    in_git = _problems(cli, "diff", "HEAD~1", "HEAD", repo, "--format", "json")
    assert in_git == in_tree
    files = {f for f, _, _ in in_git}
    assert {"acuerdos/absoluto.yaml", "acuerdos/relativo.yaml", "acuerdos/roto.yaml", "acuerdos/bucle-a.yaml", "acuerdos/carpeta.yaml"} <= files
    assert ("acuerdos/absoluto.yaml", "CP008", "enlace simbólico que apunta fuera del repositorio: no se lee") in in_git
    doc = json.loads(cli("diff", "HEAD~1", "HEAD", repo, "--format", "json").out)
    added = {a["id"]: a for a in doc["agreements"]["added"]}
    assert added["extra"]["file"] == "acuerdos/extra.yaml"  # the link inside was followed and read
    assert "TOKEN-CI" not in json.dumps(doc)


def test_diff_judges_a_linked_folder_as_validate_does(cli, repo, tmp_path):
    outside = tmp_path / "fuera"
    outside.mkdir()
    (outside / "2015.yaml").write_text("anio: 2015\n", encoding="utf-8")
    shutil.rmtree(repo / "planes")
    _link(str(outside), repo / "planes")
    commit_all(repo, "planes fuera")
    in_tree = _problems(cli, "validate", repo, "--format", "json", "--no-cache")
    in_git = _problems(cli, "diff", "HEAD~1", "HEAD", repo, "--format", "json")
    assert ("planes", "CP008", "la carpeta «planes» es un enlace simbólico que apunta fuera del repositorio: no se lee") in in_git
    assert in_git <= in_tree
