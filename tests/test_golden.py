"""Golden files: every report (HTML and Markdown, internal and public), every
output format of `validate`, `status` and `diff`, on the example, compared
byte for byte with the files under tests/golden/.

An output change shows up in the diff of a pull request, where a reviewer
reads it. The files change only with an explicit flag:

    python -m pytest tests/test_golden.py --update-golden

Absolute paths of the temporary copies are replaced by ``<REPO>``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from gitkit import commit_all, init

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2015-09"
#: A few mistakes a secretary makes, so the CI formats have something to say.
BROKEN = {
    "acuerdos/imas-ina-mapeo-familias.yaml": [("  - mes: 2015-08\n    nivel: 25\n", "  - mes: 2015-08\n    nivel: 60\n")],
    "acuerdos/icd-prevencion-drogas-colegios.yaml": [("actor_encargado: icd\n", "actor_encargado: IMAS\n")],
}


def _normalise(text: str, *roots: Path) -> str:
    for root in roots:
        for form in {str(root), root.as_posix(), str(root.resolve())}:
            text = text.replace(form, "<REPO>")
    return text


def _compare(request, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"falta {path}: ejecute `python -m pytest tests/test_golden.py --update-golden`"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} cambió; revise la diferencia y, si es correcta, ejecute `python -m pytest tests/test_golden.py --update-golden`"


def _broken(tmp_path: Path) -> Path:
    repo = tmp_path / "roto"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns(".coprod-cache"))
    for rel, edits in BROKEN.items():
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return repo


def _report_files(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.parametrize("mode", ["interno", "publico"])
def test_every_report_matches_its_golden_file(request, cli, example, tmp_path, mode):
    out = tmp_path / "informes"
    args = ["report", example, "--out", out, "--as-of", AS_OF]
    if mode == "publico":
        args.append("--public")
    r = cli(*args)
    assert r.code == 0, r.err
    files = _report_files(out)
    assert any(n.endswith(".html") for n in files) and any(n.endswith(".md") for n in files)
    names = set()
    for name, text in files.items():
        names.add(name)
        _compare(request, f"reports/{mode}/{name}", _normalise(text, example, out))
    folder = GOLDEN / "reports" / mode
    if not request.config.getoption("--update-golden"):
        assert {p.name for p in folder.iterdir()} == names, "informes agregados o quitados: ejecute con --update-golden"
    else:
        for stale in [p for p in folder.iterdir() if p.name not in names]:
            stale.unlink()


FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_validate_format_matches_its_golden_file(request, cli, tmp_path, fmt):
    repo = _broken(tmp_path)
    r = cli("validate", repo, "--format", fmt, "--no-cache")
    assert r.code == 1, r.err
    _compare(request, f"validate/{fmt}.txt", _normalise(r.out, repo))


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("which", ["ejemplo", "roto"])
def test_status_matches_its_golden_file(request, cli, example, tmp_path, fmt, which):
    repo = example if which == "ejemplo" else _broken(tmp_path)
    r = cli("status", repo, "--as-of", AS_OF, "--format", fmt)
    assert r.code in (0, 1), r.err
    _compare(request, f"status/{which}.{fmt}.txt", _normalise(r.out, repo))


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_diff_matches_its_golden_file(request, cli, tmp_path, fmt, monkeypatch):
    """Two commits with fixed dates: August's level 25 → 75 and a criterion answered «no»."""
    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(var, "2015-09-30T12:00:00+00:00")
    top = init(tmp_path / "git")
    shutil.copytree(EXAMPLE, top / "canton", ignore=shutil.ignore_patterns(".coprod-cache"))
    commit_all(top, "ejemplo")
    path = top / "canton" / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("  - mes: 2015-08\n    nivel: 25\n", "  - mes: 2015-08\n    nivel: 75\n"), ("  meta: {cumple: sí}\n", "  meta: {cumple: no, observaciones: Falta cuantificar}\n")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    commit_all(top, "avance de agosto")
    # The Markdown comment takes its month from the later commit's date (2015-09); JSON is given --as-of.
    args = ["diff", "HEAD~1", "HEAD", top / "canton", "--format", fmt] + (["--as-of", AS_OF] if fmt == "json" else [])
    r = cli(*args)
    assert r.code == 0, r.err
    out = re.sub(r"\b[0-9a-f]{40}\b", "<COMMIT>", r.out)
    out = re.sub(r"\(([0-9a-f]{7})\)", "(<commit>)", out)
    out = re.sub(r"(los dos, )[0-9a-f]{7}\)", r"\1<commit>)", out)
    _compare(request, f"diff/{fmt}.txt", _normalise(out, top))


#: The session reports as of December 2015, when the example's IMAS decision
#: (due 2015-10-30) is overdue, DINADECO's delegate attended, and the council
#: has held six sessions: the minutes, the progress report's decisions
#: follow-up, the actor map's attendance matrix and the annual report.
SESSION_REPORTS_DECEMBER = ("acta-2015-12-08.md", "acta-2015-09-08.md", "avance-2015-12.md", "actores.md", "anual-2015.md")


@pytest.mark.parametrize("mode", ["interno", "publico"])
def test_the_session_reports_of_december_match_their_golden_files(request, cli, example, tmp_path, mode):
    out = tmp_path / "informes"
    r = cli("report", example, "--out", out, "--as-of", "2015-12", "--format", "md", *(["--public"] if mode == "publico" else []))
    assert r.code == 0, r.err
    files = _report_files(out)
    for name in SESSION_REPORTS_DECEMBER:
        _compare(request, f"reports-2015-12/{mode}/{name}", _normalise(files[name], example, out))
