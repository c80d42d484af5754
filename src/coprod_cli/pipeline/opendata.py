"""`coprod export datos` as a function: a repository, a folder and a month in;
the public open-data tables and their ``datapackage.json`` written, each file
whole (docs/datos-abiertos.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from ..lang import _
from .inputs import SOURCE_FOLDERS, check_path, load_one


@dataclass(frozen=True)
class OpenDataRun:
    #: ``--out`` made absolute (where the files were written).
    folder: Path
    #: The file names written, datapackage.json last.
    files: tuple[str, ...]
    #: Rows per table, in the package's order.
    rows: dict[str, int]
    #: Files that do not load: not in any table.
    unread: tuple[str, ...]
    #: The counts of the full check: {"errors": n, "warnings": n}.
    problems: dict[str, int]


def data_folder(out: Path, root: Path) -> Path:
    """``--out`` made absolute by name (no link followed), checked against the repository:
    refused through a link inside the repository, as the repository itself, or inside
    its source folders (as ``coprod report`` refuses them)."""
    from ..links import link_inside
    from ..load.repository import shown_name

    check_path(out, _("la carpeta de «--out»"))
    link = link_inside(out, root)
    if link is not None:
        raise CoprodError(
            _("«--out {out}» pasa por «{link}», un enlace simbólico dentro del repositorio: los datos nunca se "
              "escriben a través de un enlace (podría llevarlos fuera del repositorio). Borre el enlace o elija otra carpeta.").format(
                out=out, link=shown_name(str(link)))
        )
    if out.exists() and not out.is_dir():
        raise CoprodError(_("«{out}» existe y no es una carpeta; indique una carpeta en «--out» (por ejemplo «--out datos»)").format(out=out))
    target = out.resolve()
    if target == root:
        raise CoprodError(
            _("«--out {out}» es la carpeta del repositorio de acuerdos; escriba los datos en una carpeta aparte (por ejemplo «--out datos»)").format(out=out))
    for name in SOURCE_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise CoprodError(
                _("«--out {out}» está dentro de «{name}/» del repositorio; los datos van en una carpeta aparte (por ejemplo «--out datos»)").format(
                    out=out, name=name))
    return Path(os.path.abspath(out))


def build_open_data(repo: Any, month: Any) -> Any:
    """The open-data tables of a loaded repository as of ``month``, from its redacted view."""
    from ..compute.figures import compute
    from ..compute.opendata import open_data
    from ..gcutil import no_cyclic_gc
    from ..report.views.public import public_source

    with no_cyclic_gc():
        # The one place personal data is removed (report/views/public.py): every table is made from its output.
        public_repo, public_fig = public_source(repo, compute(repo, month))
        return open_data(public_repo, public_fig)


def export_open_data(path: Path, out: Path, month: Any) -> OpenDataRun:
    """Load and check the repository at ``path``, and write its public tables as of ``month`` into ``out``."""
    from ..check.engine import check_repository
    from ..compute.opendata import row_counts
    from ..fsutil import atomic_write_bytes, os_error_es, remove_stale_temporaries
    from ..render.datapackage import package_files
    from .status import counts

    check_path(out, _("la carpeta de «--out»"))
    repo = load_one(path)
    folder = data_folder(out, repo.root)
    problems = counts(check_repository(repo, locate=False))
    data = build_open_data(repo, month)
    files = package_files(data)  # every byte ready before the first write
    unread = tuple(sorted(d.rel for d in repo.documents if d.model is None and not d.cached))
    written: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        for name, blob in files.items():
            atomic_write_bytes(folder / name, blob, durable=False)
            written.append(name)
    except OSError as exc:
        raise CoprodError(
            _("no se pudieron escribir los datos en «{out}» ({reason}); {written} de {files} archivos quedaron "
              "escritos, ninguno a medias (datapackage.json se escribe al final). Corrija eso y repita la orden.").format(
                out=out, reason=os_error_es(exc), written=len(written), files=len(files))
        ) from None
    return OpenDataRun(folder, tuple(files), row_counts(data), unread, problems)
