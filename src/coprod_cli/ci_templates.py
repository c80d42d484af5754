"""The CI and pre-commit set-up a canton repository can copy (package data
under ``templates/ci/``), and where each goes in that repository."""

from __future__ import annotations

from importlib.resources import files

#: template file name → path in the canton repository
DESTINATIONS = {
    "github-workflow.yml": ".github/workflows/coprod.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def read_template(name: str) -> str:
    """The text of ``templates/ci/<name>``."""
    if name not in DESTINATIONS:
        raise KeyError(name)
    return (files("coprod_cli") / "templates" / "ci" / name).read_text(encoding="utf-8")
