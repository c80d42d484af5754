"""The pre-commit hook and the CI templates a canton repository copies."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

ALLOWED_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}


def _yaml(text: str):
    return YAML(typ="safe").load(text)


def _template(name: str) -> str:
    from coprod_cli.ci_templates import read_template

    return read_template(name)


# -- pre-commit ------------------------------------------------------------------------


def test_pre_commit_hook_definition():
    hooks = _yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "coprod-validate")
    assert hook["entry"] == "coprod validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("acuerdos/imas.yaml", "planes/2015.yml", "canton.yaml", ".pre-commit-config.yaml"):
        assert files.search(name), name
    for name in ("README.md", "acuerdos/imas.yaml.bak", "informe.html"):
        assert not files.search(name), name


def test_what_pre_commit_runs_passes_on_a_clean_repository(cli, example):
    """pre-commit calls `coprod validate FILE...` with every staged YAML file,
    the repository's own .pre-commit-config.yaml included."""
    shutil.copyfile(ROOT / "src" / "coprod_cli" / "templates" / "ci" / "pre-commit-config.yaml", example / ".pre-commit-config.yaml")
    staged = [example / ".pre-commit-config.yaml", example / "canton.yaml", example / "acuerdos" / "imas-ina-mapeo-familias.yaml"]
    r = cli("validate", *staged)
    assert r.code == 0, r.out


def test_what_pre_commit_runs_fails_on_a_broken_staged_file(cli, example):
    path = example / "acuerdos" / "imas-ina-mapeo-familias.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("actor_encargado: imas ", "actor_encargado: imass"), encoding="utf-8")
    r = cli("validate", path, example / "planes" / "2015.yaml")
    assert r.code == 1 and "CP501" in r.out


def test_canton_pre_commit_config_uses_the_hook():
    cfg = _yaml(_template("pre-commit-config.yaml"))
    assert [h["id"] for r in cfg["repos"] for h in r["hooks"]] == ["coprod-validate"]


# -- GitHub Actions ----------------------------------------------------------------------


def _steps(workflow):
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def test_github_workflow_validates_and_comments_the_diff():
    wf = _yaml(_template("github-workflow.yml"))
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"]["pull-requests"] == "write"
    steps = _steps(wf)
    used = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert used <= ALLOWED_ACTIONS
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"

    validate = [s for s in steps if "coprod validate" in s.get("run", "")]
    assert validate and "if" not in validate[0]  # on every event
    diff = next(s for s in steps if "coprod diff" in s.get("run", ""))
    assert "pull_request" in diff["if"]
    assert "origin/$BASE_REF" in diff["run"] and diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    comment = next(s for s in steps if "gh pr comment" in s.get("run", ""))
    assert "pull_request" in comment["if"] and comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert comment.get("continue-on-error") is True
    report = next(s for s in steps if "coprod report" in s.get("run", ""))
    # From an empty folder: a pull request may bring informes/ with a link to a runner secret.
    assert report["run"] == 'rm -rf informes && coprod report "$COPROD_DIR" --out informes --format html'
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert 'if [ -z "$COPROD_PIP_SPEC" ]' in install["run"] and "exit 1" in install["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].startswith("informes")
    assert wf["env"]["COPROD_PIP_SPEC"] == "${{ vars.COPROD_PIP_SPEC }}"  # no default: never a stranger's package


def test_github_workflow_never_expands_pull_request_text_in_scripts():
    """Script injection: untrusted values reach scripts through env, never ${{ }} inside run."""
    for step in _steps(_yaml(_template("github-workflow.yml"))):
        assert "${{" not in step.get("run", ""), step


# -- GitLab CI ----------------------------------------------------------------------------


def test_gitlab_ci_validates_and_diffs_merge_requests():
    ci = _yaml(_template("gitlab-ci.yml"))
    assert ci["stages"] == ["validate", "report"]
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    validate = next(j for j in jobs.values() if any("coprod validate" in line for line in j["script"]))
    assert validate["artifacts"]["reports"] == {"codequality": "gl-code-quality.json", "junit": "coprod-junit.xml"}
    assert any("--format gitlab > gl-code-quality.json" in line for line in validate["script"])
    assert any("--format junit > coprod-junit.xml" in line for line in validate["script"])
    assert validate["artifacts"]["when"] == "always"
    diff = next(j for j in jobs.values() if any("coprod diff" in line for line in j["script"]))
    assert diff["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert diff["variables"]["GIT_DEPTH"] == 0
    assert "coprod-diff.md" in diff["artifacts"]["paths"]
    report = next(j for j in jobs.values() if any("coprod report" in line for line in j["script"]))
    assert report["stage"] == "report" and "informes/" in report["artifacts"]["paths"]
    assert any(line.startswith("rm -rf informes && coprod report") for line in report["script"])


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash")
@pytest.mark.parametrize("name", ["github-workflow.yml", "gitlab-ci.yml"])
def test_template_scripts_are_valid_shell(name):
    doc = _yaml(_template(name))
    if name.startswith("github"):
        scripts = [s["run"] for s in _steps(doc) if "run" in s]
    else:
        scripts = [line for v in doc.values() if isinstance(v, dict) for key in ("script", "before_script") for line in v.get(key, [])]
        scripts += doc["default"]["before_script"]
    assert scripts
    for script in scripts:
        proc = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert proc.returncode == 0, (script, proc.stderr)


def test_templates_are_package_data():
    from coprod_cli.ci_templates import DESTINATIONS

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates/**/*"' in text
    for name in DESTINATIONS:
        assert _template(name).strip()


def test_github_workflow_never_runs_with_the_base_repository_secrets():
    """SECURITY.md: `pull_request_target` would run a fork's files with the base repository's token."""
    assert "pull_request_target" not in _template("github-workflow.yml")
