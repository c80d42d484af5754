"""`coprod serve`: a local web app over the repository's files (the files stay the truth).

Starlette routes, server-rendered with Jinja (``templates/web/``) and with the
reports exactly as `coprod report` writes them; every form is a thin layer over
the same byte-preserving, locked, atomic editors as the CLI (edit/, scaffold/),
through pipeline/. No JavaScript: every page is plain HTML and forms.

Stage ``web`` (tests/test_architecture.py): it may import what cli/ may, never
cli/, and like every stage below cli/ it does not print or exit.
"""

from __future__ import annotations

from ..errors import CoprodError

INSTALL = "pip install 'coprod[web]'"


def require_web() -> None:
    """Refuse, in Spanish, when the web extra is not installed (never an ImportError)."""
    from importlib.util import find_spec

    # find_spec, not import: the check costs nothing at start-up (uvicorn is imported once, by the server).
    missing = [package for module, package in (("starlette", "starlette"), ("uvicorn", "uvicorn"), ("python_multipart", "python-multipart"))
               if find_spec(module) is None]
    if missing:
        raise CoprodError(
            f"«coprod serve» necesita el complemento web ({', '.join(missing)} "
            f"{'no está instalado' if len(missing) == 1 else 'no están instalados'}): "
            f"instálelo con «{INSTALL}» (o «pip install -e '.[web]'» en una copia del código) y repita la orden."
        )
