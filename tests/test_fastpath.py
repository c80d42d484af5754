"""Speed must not change a single diagnostic: the fast path (libyaml, positions
from its nodes) and the validation cache give exactly what the exact path
(ruamel for every file) gives, on the broken fixtures and on generated
repositories with problems."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit import build, load_cases
from conftest import ROOT
from coprod_cli.check.cache import CACHE_DIR, CACHE_FILE
from coprod_cli.check.engine import check_repository
from coprod_cli.load.fastyaml import NeedsExactParse, fast_load
from coprod_cli.load.repository import load_repository
from coprod_cli.load.yamlsource import to_plain as plain
from coprod_cli.pipeline.validation import validate_cached

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _diagnostics(root: Path, fast: bool) -> list[tuple]:
    result = check_repository(load_repository(root, fast=fast, workers=1))
    return [(d.file, d.line, d.column, d.code, d.severity.value, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("code,case", load_cases(), ids=lambda x: x if isinstance(x, str) else x["name"])
def test_fast_and_exact_paths_agree_on_every_rule_case(code, case, tmp_path):
    root = build(case, tmp_path / "repo")
    assert _diagnostics(root, fast=True) == _diagnostics(root, fast=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen") / "canton"
    counts = generate(root, 300, seed=11, broken=0.2)
    assert sum(counts.values()) > 30
    return root


def test_fast_and_exact_paths_agree_on_a_generated_repository(generated):
    exact = _diagnostics(generated, fast=False)
    assert len({d[3] for d in exact}) >= 5  # several kinds of problem, not a clean repository
    assert _diagnostics(generated, fast=True) == exact


def test_parallel_loading_gives_the_same_result(generated):
    one = check_repository(load_repository(generated, workers=1)).diagnostics
    two = check_repository(load_repository(generated, workers=2)).diagnostics
    assert one == two


def test_cache_gives_the_same_diagnostics_cold_warm_and_touched(generated, tmp_path):
    root = tmp_path / "canton"
    shutil.copytree(generated, root)
    expected = check_repository(load_repository(root)).diagnostics
    cold = validate_cached(root)
    assert (root / CACHE_DIR / CACHE_FILE).is_file()
    assert (root / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    warm = validate_cached(root)
    assert cold.diagnostics == warm.diagnostics == expected
    assert sum(1 for d in warm.repo.acuerdos if d.cached) == 300  # nothing parsed again
    # Touch one agreement so that it now repeats another's id (an index-scope rule).
    victim = root / "acuerdos" / "acuerdo-00150.yaml"
    victim.write_text(victim.read_text(encoding="utf-8").replace("id: acuerdo-00150", "id: acuerdo-00010"), encoding="utf-8")
    touched = validate_cached(root)
    assert sum(1 for d in touched.repo.acuerdos if not d.cached) == 1
    assert touched.diagnostics == check_repository(load_repository(root)).diagnostics
    assert any(d.code == "CP506" and d.file == "acuerdos/acuerdo-00150.yaml" for d in touched.diagnostics)
    # A shared file changes: every agreement is checked again.
    plan = root / "planes" / "2015.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "acuerdos_previstos: [no-existe]\n", encoding="utf-8")
    after = validate_cached(root)
    assert all(not d.cached for d in after.repo.acuerdos)
    assert after.diagnostics == check_repository(load_repository(root)).diagnostics


def test_a_forged_cache_is_not_trusted(generated, tmp_path):
    """A pull request could commit a .coprod-cache saying broken files are clean."""
    root = tmp_path / "canton"
    shutil.copytree(generated, root)
    expected = check_repository(load_repository(root)).diagnostics
    validate_cached(root)
    path = root / CACHE_DIR / CACHE_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    body = json.loads(doc["body"])
    for entry in body["files"].values():
        entry["diagnostics"] = []  # "everything is fine"
    doc["body"] = json.dumps(body)
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert validate_cached(root).diagnostics == expected
    path.write_text("{not json", encoding="utf-8")
    assert validate_cached(root).diagnostics == expected


def test_validate_no_cache_flag(cli, tmp_path):
    root = tmp_path / "canton"
    shutil.copytree(ROOT / "examples" / "desamparados", root, ignore=shutil.ignore_patterns(".coprod-cache"))
    assert cli("validate", root, "--no-cache").code == 0
    assert not (root / CACHE_DIR).exists()
    assert cli("validate", root).code == 0
    assert (root / CACHE_DIR / CACHE_FILE).exists()


SCALARS = st.one_of(
    st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9_]*)?([eE][-+]?[0-9]+)?", fullmatch=True),
    st.from_regex(r"0[xob][0-9a-fA-F_]{1,4}", fullmatch=True),
    st.sampled_from(["yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "~", "null", "Null", ".inf", "-.Inf", ".NaN", "1:20", "010", "2015-07", "2015-07-01", "2015-07-01 10:00:00", "2015-07-01T10:00:00Z"]),
    st.text(alphabet="abcxyz0123456789 .-_:", min_size=1, max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(SCALARS)
def test_fast_path_reads_plain_scalars_as_ruamel_does(text):
    from ruamel.yaml import YAML

    doc = f"a: {text}\n"
    try:
        exact = YAML().load(doc)
    except Exception:
        return  # not valid YAML: the exact path reports it
    try:
        fast = fast_load(doc)
    except NeedsExactParse:
        return  # the fast path stepped aside: the exact path decides
    a, b = fast["a"], plain(exact["a"])
    assert type(a) is type(b) and (a == b or (a != a and b != b)), (text, a, b)


def test_fast_path_reports_one_repeated_key_itself():
    """A large file whose one problem is a repeated key is not read again by ruamel (test_bombs)."""
    from coprod_cli.load.fastyaml import FastProblem
    from coprod_cli.load.yamlsource import SourceFile

    text = "a:\n  b: 1\n  c: 2\n  b: 3\n"
    with pytest.raises(FastProblem) as exc:
        fast_load(text)
    exact = SourceFile(path=Path("x.yaml"), rel="x.yaml", text=text)
    exact.data
    assert [exc.value.problem] == exact.problems
    assert (exc.value.problem.line, exc.value.problem.column) == (4, 3) and "línea 2" in exc.value.problem.message
    # A repeated key and another problem: the exact path decides which comes first.
    for text in ("a: 1\na: 2\nb: 2015-02-30\n", "a: 1\na: 2\n1: x\n"):
        with pytest.raises(NeedsExactParse):
            fast_load(text)


KEYS = st.sampled_from(["a", "b", "c"])
TREES = st.recursive(
    st.sampled_from(["x", "1", "2015-07"]),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.lists(st.tuples(KEYS, children), min_size=1, max_size=4),  # a mapping whose keys may repeat
    ),
    max_leaves=12,
)


def _yaml(tree, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(tree, str):
        return tree
    out = []
    for item in tree:
        if isinstance(item, tuple):
            key, value = item
            if isinstance(value, str):
                out.append(f"{pad}{key}: {value}")
            else:
                out.append(f"{pad}{key}:\n{_yaml(value, indent + 2)}")
        elif isinstance(item, str):
            out.append(f"{pad}- {item}")
        else:
            out.append(f"{pad}-\n{_yaml(item, indent + 2)}")
    return "\n".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(KEYS, TREES), min_size=1, max_size=4))
def test_fast_path_reports_the_repeated_key_ruamel_meets_first(pairs):
    from coprod_cli.load.fastyaml import FastProblem
    from coprod_cli.load.yamlsource import SourceFile

    text = _yaml(pairs) + "\n"
    exact = SourceFile(path=Path("x.yaml"), rel="x.yaml", text=text)
    exact.data
    try:
        fast_load(text)
        fast = []
    except FastProblem as exc:
        fast = [exc.problem]
    except NeedsExactParse:
        return
    assert fast == exact.problems, text
