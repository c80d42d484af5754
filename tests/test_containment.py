"""Nothing escapes the repository (SECURITY.md, «Nada sale del repositorio»).

A pull request can add a symbolic link pointing at a CI secret; coprod must
refuse it *without reading it*. The ``opened`` fixture records every file and
folder the process opens or lists, so the tests prove the target was never
touched, not only that its content is absent from the output.
"""

from __future__ import annotations

import builtins
import io
import json
import os
from pathlib import Path

import pytest

PASSWD = "/etc/passwd"
SECRET = "id: secreto-de-ci\ntitulo: TOKEN-CI-9f3a2c\nestado: borrador\nactividad:\n  actor_encargado: imas\n"


@pytest.fixture
def opened(monkeypatch):
    """Every path opened (open, os.open) or listed (os.listdir, os.scandir), resolved."""
    seen: list[str] = []

    def note(path):
        if isinstance(path, int):
            return
        try:
            seen.append(os.path.realpath(os.fspath(path)))
        except (TypeError, ValueError):
            pass

    def spy(real):
        def wrapper(path, *args, **kwargs):
            note(path)
            return real(path, *args, **kwargs)

        return wrapper

    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(io, "open", spy(real_open))
    monkeypatch.setattr(os, "open", spy(os.open))
    monkeypatch.setattr(os, "listdir", spy(os.listdir))
    monkeypatch.setattr(os, "scandir", spy(os.scandir))
    return seen


def _touched(seen: list[str], target: Path | str) -> list[str]:
    real = os.path.realpath(target)
    return [p for p in seen if p == real or p.startswith(real + os.sep)]


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder next to the repository, playing the CI runner's secrets."""
    folder = tmp_path / "fuera"
    folder.mkdir()
    (folder / "secreto.yaml").write_text(SECRET, encoding="utf-8")
    return folder


# --- symbolic links in the repository -------------------------------------------------------------


def test_link_to_etc_passwd_is_refused_by_validate_without_reading_it(cli, example, opened):
    (example / "acuerdos" / "x.yaml").symlink_to(PASSWD)
    r = cli("validate", example, "--format", "json")
    assert r.code == 1
    found = [d for d in json.loads(r.out)["diagnostics"] if d["file"] == "acuerdos/x.yaml"]
    assert [(d["code"], d["message"]) for d in found] == [("CP008", "enlace simbólico que apunta fuera del repositorio: no se lee")]
    assert _touched(opened, PASSWD) == []
    assert "root:" not in r.out + r.err
    text = cli("validate", example)
    assert "acuerdos/x.yaml" in text.out and "fuera del repositorio" in text.out and "root:" not in text.out


def test_link_to_etc_passwd_is_refused_by_report_without_reading_it(cli, example, opened, tmp_path):
    (example / "acuerdos" / "x.yaml").symlink_to(PASSWD)
    out = tmp_path / "informes"
    r = cli("report", example, "--out", out, "--as-of", "2016-01")
    assert r.code == 0 and "1 archivo(s) no se pudieron leer" in r.err and "acuerdos/x.yaml" in r.err  # the reports are written, without the refused file
    assert _touched(opened, PASSWD) == []
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "root:" not in written
    # The link is named only where the reports say which files they left out.
    assert all("no se pudieron leer" in line for line in written.splitlines() if "x.yaml" in line)


def test_link_to_a_secret_is_refused_by_every_command(cli, example, outside, opened, tmp_path):
    (example / "acuerdos" / "secreto.yaml").symlink_to(outside / "secreto.yaml")
    (example / "planes" / "2016.yaml").symlink_to(outside / "secreto.yaml")
    outputs = [
        cli("validate", example),
        cli("status", example, "--as-of", "2016-01", "--format", "json"),
        cli("report", example, "--out", tmp_path / "informes", "--as-of", "2016-01"),
    ]
    assert [r.code for r in outputs] == [1, 0, 0]
    assert "acuerdos/secreto.yaml" in outputs[0].out and "planes/2016.yaml" in outputs[0].out
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "informes").iterdir())
    for text in [r.out + r.err for r in outputs] + [written]:
        assert "TOKEN-CI-9f3a2c" not in text and "secreto-de-ci" not in text
    assert _touched(opened, outside) == []


@pytest.mark.parametrize("folder", ["acuerdos", "planes"])
def test_linked_folder_outside_is_refused_and_never_listed(cli, example, outside, opened, folder):
    import shutil

    shutil.rmtree(example / folder)
    (example / folder).symlink_to(outside, target_is_directory=True)
    r = cli("validate", example, "--format", "json")
    assert r.code == 1
    diags = json.loads(r.out)["diagnostics"]
    assert {"file": folder, "code": "CP008"}.items() <= next(d for d in diags if d["file"] == folder).items()
    assert "secreto" not in r.out and "TOKEN" not in r.out
    assert _touched(opened, outside) == []  # not even its listing


def test_linked_folder_inside_is_read(cli, example):
    (example / "acuerdos").rename(example / "otros-acuerdos")
    (example / "acuerdos").symlink_to("otros-acuerdos", target_is_directory=True)
    assert cli("validate", example).code == 0


def test_repository_template_linked_outside_is_refused_without_reading_it(cli, example, outside, opened, tmp_path):
    (outside / "indice.md.j2").write_text("{{ ctx }} TOKEN-PLANTILLA\n", encoding="utf-8")
    own = example / "templates" / "reports"
    own.mkdir(parents=True)
    (own / "indice.md.j2").symlink_to(outside / "indice.md.j2")
    opened.clear()  # the set-up above wrote the file
    r = cli("report", example, "--out", tmp_path / "a", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 2 and "apunta fuera" in r.err
    assert _touched(opened, outside / "indice.md.j2") == []


def test_repository_templates_folder_linked_outside_is_refused(cli, example, outside, opened, tmp_path):
    (outside / "reports").mkdir()
    (outside / "reports" / "indice.md.j2").write_text("TOKEN-PLANTILLA\n", encoding="utf-8")
    (example / "templates").symlink_to(outside, target_is_directory=True)
    opened.clear()  # the set-up above wrote the file
    r = cli("report", example, "--out", tmp_path / "a", "--only", "indice", "--format", "md", "--as-of", "2016-01")
    assert r.code == 2 and "apunta fuera" in r.err
    assert _touched(opened, outside / "reports" / "indice.md.j2") == []


# --- where reports are written -------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "acuerdos", "acuerdos/informes", "planes", "templates", ".git/x"])
def test_out_inside_the_repository_sources_is_refused(cli, example, where):
    before = sorted(p.relative_to(example).as_posix() for p in example.rglob("*"))
    r = cli("report", example, "--out", example / where, "--as-of", "2016-01")
    assert r.code == 2 and "--out" in r.err, r.err
    assert sorted(p.relative_to(example).as_posix() for p in example.rglob("*")) == before


def test_out_through_a_link_into_the_sources_is_refused(cli, example, tmp_path):
    link = tmp_path / "atajo"
    link.symlink_to(example / "acuerdos", target_is_directory=True)
    r = cli("report", example, "--out", link, "--as-of", "2016-01")
    assert r.code == 2 and "acuerdos/" in r.err


def test_out_that_is_a_file_is_refused(cli, example, tmp_path):
    (tmp_path / "archivo").write_text("x", encoding="utf-8")
    r = cli("report", example, "--out", tmp_path / "archivo")
    assert r.code == 2 and "no es una carpeta" in r.err


def test_out_in_a_folder_of_the_repository_is_fine(cli, example):
    r = cli("report", example, "--out", example / "informes", "--as-of", "2016-01", "--only", "indice")
    assert r.code == 0 and (example / "informes" / "index.html").is_file()


def test_a_link_in_the_output_folder_is_replaced_not_written_through(cli, example, outside, tmp_path):
    out = tmp_path / "informes"
    out.mkdir()
    (out / "index.html").symlink_to(outside / "secreto.yaml")
    r = cli("report", example, "--out", out, "--as-of", "2016-01", "--only", "indice", "--format", "html")
    assert r.code == 0
    assert (outside / "secreto.yaml").read_text(encoding="utf-8") == SECRET
    assert not (out / "index.html").is_symlink() and "<html" in (out / "index.html").read_text(encoding="utf-8")


PRECIOUS = "<p>el index.html de otra persona</p>\n"


@pytest.fixture
def victim(tmp_path) -> Path:
    """A folder next to the repository whose files a hostile pull request wants overwritten."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "index.html").write_text(PRECIOUS, encoding="utf-8")
    return folder


def _untouched(victim: Path) -> bool:
    return sorted(p.name for p in victim.iterdir()) == ["index.html"] and (victim / "index.html").read_text(encoding="utf-8") == PRECIOUS


@pytest.mark.parametrize(
    "link,target,out",
    [
        ("informes", "../victim", None),  # the default --out: `ln -s ../victim informes; coprod report .`
        ("informes", "../victim", "informes/2016"),
        ("informes", "{victim}", "{repo}/informes"),  # absolute, typed through the repository
        ("salida", "docs", "salida/informes"),  # a link to a folder inside the repository
        ("publicar", "../victim", "publicar/informes"),
    ],
)
def test_an_output_folder_is_never_reached_through_a_link_in_the_repository(cli, example, victim, monkeypatch, link, target, out):
    """Issue 11, item 7: a committed `informes` link sent `coprod report .` to `../victim/index.html`."""
    (example / "docs").mkdir()
    (example / link).symlink_to(target.format(victim=victim), target_is_directory=True)
    monkeypatch.chdir(example)
    args = ("--out", out.format(repo=example)) if out else ()
    r = cli("report", ".", *args, "--as-of", "2016-01", "--only", "indice")
    assert r.code == 2, r.err
    assert f"pasa por «{link}», un enlace simbólico dentro del repositorio" in r.err
    assert _untouched(victim) and list((example / "docs").iterdir()) == []


def test_an_output_folder_outside_typed_by_the_user_is_still_allowed(cli, example, victim, tmp_path):
    """Also through the user's own link outside the repository, and into a repository reached through one."""
    r = cli("report", example, "--out", victim, "--as-of", "2016-01", "--only", "indice", "--format", "md")
    assert r.code == 0 and (victim / "index.md").is_file()
    shortcut = tmp_path / "atajo"
    shortcut.symlink_to(victim, target_is_directory=True)
    r = cli("report", example, "--out", shortcut / "otros", "--as-of", "2016-01", "--only", "indice", "--format", "md")
    assert r.code == 0 and (victim / "otros" / "index.md").is_file()
    repo_link = tmp_path / "mi-canton"
    repo_link.symlink_to(example, target_is_directory=True)
    r = cli("report", repo_link, "--out", repo_link / "informes", "--as-of", "2016-01", "--only", "indice", "--format", "md")
    assert r.code == 0 and (example / "informes" / "index.md").is_file() and not (example / "informes").is_symlink()


def test_schema_is_never_written_through_a_link_in_the_repository(cli, example, victim, monkeypatch):
    """The same mechanism for the other output folder: a committed `schemas -> ../victim`."""
    import shutil

    shutil.rmtree(example / "schemas", ignore_errors=True)
    (example / "schemas").symlink_to("../victim", target_is_directory=True)
    monkeypatch.chdir(example)
    r = cli("schema")
    assert r.code == 2 and "pasa por" in r.err and "enlace simbólico" in r.err
    assert _untouched(victim)


# --- names: control characters, «..», absolute paths ----------------------------------------------


CONTROL = "x\x1b[2J\x07"


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{bad}"),
        ("status", "{bad}"),
        ("report", "{bad}"),
        ("report", "{repo}", "--out", "{bad}"),
        ("diff", "HEAD~1", "HEAD", "{bad}"),
        ("schema", "--out", "{bad}"),
        ("init", "{bad}", "--canton", "X", "--no-input"),
        ("new", "plan", "{bad}"),
        ("progress", "set", "{bad}", "a1", "--month", "2015-07", "--level", "50"),
    ],
)
def test_control_characters_in_a_path_are_refused(cli, example, tmp_path, args):
    bad = str(tmp_path / CONTROL)
    r = cli(*[a.format(bad=bad, repo=example) for a in args])
    assert r.code == 2 and "caracteres de control" in r.err, r.err
    assert "\x1b" not in r.out + r.err and "\x07" not in r.out + r.err
    assert "\\x1b[2J" in r.err  # shown, not obeyed
    assert not any(tmp_path.glob("x*"))  # nothing created


@pytest.mark.parametrize("ident", ["../../etc/passwd", "/etc/passwd", "../canton.yaml", "a\x1b[2J"])
def test_agreement_names_that_leave_the_folder_are_refused(cli, example, ident):
    r = cli("progress", "set", example, ident, "--month", "2015-07", "--level", "50")
    assert r.code == 2 and "\x1b" not in r.err
    assert (example / "canton.yaml").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("ident", ["../fuera", "/tmp/x", "a/b", "A\x1bB"])
def test_new_agreement_ids_are_slugs(cli, example, ident):
    r = cli("new", "agreement", example, "--title", "Prueba", "--lead", "imas", "--id", ident, "--no-input")
    assert r.code == 2 and "no es un id válido" in r.err and "\x1b" not in r.err
    assert sorted(p.name for p in (example / "acuerdos").iterdir()) == sorted(
        p.name for p in (Path(__file__).parents[1] / "examples" / "desamparados" / "acuerdos").iterdir()
    )
