"""The floor: PyYAML's C loader + pydantic validation of every agreement, in a
plain script (no positions, no cross-file rules, no output). Any Python
validator of these files does at least this much work."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pydantic import ValidationError

from coprod_cli.model.models import Acuerdo


def main(root: Path) -> int:
    bad = 0
    for path in sorted((root / "acuerdos").glob("*.yaml")):
        try:
            Acuerdo.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        except (yaml.YAMLError, ValidationError):
            bad += 1
    print(bad)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
