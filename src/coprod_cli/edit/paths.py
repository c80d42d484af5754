"""Where an edit may write: only inside the repository, never through a link
that leads out of it."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CoprodError
from ..lang import N_, _
from ..load.repository import AGREEMENTS_DIR, YAML_SUFFIXES, RepositoryNotFound, find_root
from ..load.survey import inside
from ..model.types import SLUG_RE
from ..model.validate import suggest

NOT_A_REPOSITORY = N_(
    "«{path}» no está dentro de un repositorio de acuerdos (falta «canton.yaml»); "
    "para crear uno, use «coprod init CARPETA --canton NOMBRE»"
)


def repository_root(path: Path) -> Path:
    if not path.exists():
        raise CoprodError(_("no existe la ruta «{path}»").format(path=path))
    try:
        return find_root(path)
    except RepositoryNotFound:
        raise CoprodError(_(NOT_A_REPOSITORY).format(path=path)) from None


def rel(root: Path, path: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def checked_target(root: Path, path: Path) -> Path:
    """The real file behind ``path``; refused when it lies outside the repository.

    Why resolve: writing through a symbolic link must change the file it
    points to, and a link pointing out of the repository must not be followed.
    """
    if not inside(root, path):
        raise CoprodError(_("«{path}» apunta fuera del repositorio; no se escribe en él").format(path=rel(root, path)))
    return path.resolve()


def checked_folder(root: Path, name: str) -> Path:
    """A folder of the repository (``acuerdos``, ``planes``), created if missing."""
    folder = root / name
    if folder.is_symlink() and not inside(root, folder):
        raise CoprodError(_("la carpeta «{name}» es un enlace que apunta fuera del repositorio; no se escribe en ella").format(name=name))
    if folder.exists() and not folder.is_dir():
        raise CoprodError(_("«{name}» debería ser una carpeta y es un archivo").format(name=name))
    folder.mkdir(exist_ok=True)
    return folder.resolve()


def agreement_file(root: Path, ident: str) -> Path:
    """The file of an agreement, given its id (``imas-ina``) or its path."""
    folder = root / AGREEMENTS_DIR
    if ident.endswith(YAML_SUFFIXES) or "/" in ident or os.sep in ident:
        path = Path(ident)
        candidates = [path] if path.is_absolute() else [Path.cwd() / path, root / path]
        if path.name.startswith("."):
            # Hidden files are never agreements: the loader skips them, and coprod's
            # temporaries (.<name>.<random>.coprod-tmp) are among them.
            raise CoprodError(_("«{ident}» es un archivo oculto (su nombre empieza con un punto): no es un acuerdo del repositorio").format(ident=ident))
        for p in candidates:
            if p.exists() or p.is_symlink():
                if p.absolute().parent.resolve() != folder.resolve():
                    raise CoprodError(_("«{ident}» no es un archivo de la carpeta «{agreements_dir}/» del repositorio").format(ident=ident, agreements_dir=AGREEMENTS_DIR))
                return checked_target(root, p.absolute())
        raise CoprodError(_("no existe el archivo «{ident}»").format(ident=ident))
    if not SLUG_RE.match(ident):
        raise CoprodError(
            _("«{ident}» no es un id de acuerdo: use minúsculas sin tildes, números y guiones (por ejemplo imas-ina-mapeo)").format(ident=ident)
        )
    for suffix in YAML_SUFFIXES:
        path = folder / f"{ident}{suffix}"
        if path.exists() or path.is_symlink():
            return checked_target(root, path)
    files = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith(".")) if folder.is_dir() else []
    for path in files:  # an agreement whose file is named differently (rule CP201)
        if inside(root, path) and _declares_id(path, ident):
            return checked_target(root, path)
    from ..load.repository import FolderView, strays

    for stray in strays(AGREEMENTS_DIR, FolderView(root.resolve()).children)[0]:
        if stray.count("/") > 1 and Path(stray).stem == ident:
            raise CoprodError(
                _(
                        "el acuerdo «{ident}» está en «{stray}», una subcarpeta de «{agreements_dir}/», y coprod no lo lee: muévalo a "
                        "«{agreements_dir}/{ident}.yaml» y repita la orden (regla CP010)"
                    ).format(ident=ident, stray=stray, agreements_dir=AGREEMENTS_DIR)
            )
    known = [p.stem for p in files]
    starts = [k for k in known if k.startswith(ident)]
    hint = _("; ¿quiso decir «{starts}»?").format(starts=starts[0]) if len(starts) == 1 else suggest(ident, known)
    if not hint and known:
        shown = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        hint = _("; los acuerdos son: {shown}").format(shown=shown)
    raise CoprodError(_("no existe el acuerdo «{ident}» en «{agreements_dir}/»{hint}").format(ident=ident, agreements_dir=AGREEMENTS_DIR, hint=hint))


def _declares_id(path: Path, ident: str) -> bool:
    from ..load.yamlsource import read_source

    src = read_source(path, path.name)
    return src.data is not None and src.data.get("id") == ident
