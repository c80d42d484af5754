"""`coprod init`: a new canton's agreements repository from the templates.

The files are rendered into a hidden folder next to the target and moved into
place only when all of them are written and read back clean, so an
interrupted init leaves no half-made repository. Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ci_templates import DESTINATIONS, read_template
from ..edit.locking import CACHE_DIR, repository_lock
from ..errors import CoprodError
from ..fsutil import atomic_create_bytes, os_error_es
from ..lang import _
from ..model.models import Acuerdo, Canton, MapaActores, PlanAnual
from ..model.types import YEAR_WINDOW, in_year_window
from ..render.safe import escape_controls
from ..schema_export import SCHEMA_FILES, schema_texts
from .countries import DEFAULT_AXES, DEFAULT_COUNTRY, CountryProfile, profile
from .render import next_free, render, slugify

SCHEMA_DIR = "schemas"
TEMPLATE_FILE = "plantillas/acuerdo.yaml"


@dataclass
class InitOptions:
    canton: str
    provincia: str | None = None
    country: str = DEFAULT_COUNTRY
    strategy: str | None = None
    start: int | None = None
    end: int | None = None
    territories: list[str] = field(default_factory=list)
    council: str | None = None
    secretariat: str | None = None
    git: bool = True


@dataclass
class InitResult:
    root: Path
    files: list[str]
    git: str  # Spanish: what happened with git


def this_year() -> int:
    return dt.date.today().year


def default_strategy(canton: str, start: int, end: int) -> str:
    return f"Estrategia Preventiva local {canton} {start}-{end}"


def default_secretariat(p: CountryProfile, canton: str) -> str:
    return f"Secretaría Técnica del {p.council_type} de {canton}"


def schema_ref(rel: str, kind: str) -> str:
    """The modeline path from a file at ``rel`` to its schema in ``schemas/``."""
    depth = rel.count("/")
    return "../" * depth + f"{SCHEMA_DIR}/{SCHEMA_FILES[kind]}"


def clean_text(value: str | None, what: str, required: bool = False, limit: int | None = None) -> str | None:
    """``value`` stripped (None when empty), refused with a Spanish message: line breaks, control marks, over ``limit``."""
    if value is None or not value.strip():
        if required:
            raise CoprodError(_("falta {what}").format(what=what))
        return None
    value = value.strip()
    if any(c in value for c in "\r\n\u2028\u2029\x85"):
        raise CoprodError(_("{what} no puede tener saltos de línea").format(what=what))
    if escape_controls(value) != value:  # the one list of render/safe.py: C0, C1, bidirectional marks
        raise CoprodError(_("{what} tiene caracteres de control o marcas de dirección del texto").format(what=what))
    if limit is not None and len(value) > limit:  # the schema's bound: else the edited file fails to validate
        raise CoprodError(_("{what} tiene {n} caracteres; el máximo es {limit}: acórtelo").format(what=what, n=len(value), limit=limit))
    return value


def check_years(start: int, end: int) -> None:
    if not in_year_window(start) or not in_year_window(end):
        raise CoprodError(
            _(
                    "el periodo {start}-{end} no parece un periodo de años de {year_window} (por ejemplo {value}-{n})"
                ).format(start=start, end=end, year_window=YEAR_WINDOW, value=this_year(), n=this_year() + 3)
        )
    if end < start:
        raise CoprodError(_("el periodo de la estrategia termina ({end}) antes de empezar ({start})").format(end=end, start=start))


def check_target(target: Path, staging: str = "") -> None:
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise CoprodError(_("«{target}» ya existe y no es una carpeta; coprod init no sobrescribe nada").format(target=target))
        others = [e.name for e in target.iterdir() if e.name not in (".git", staging) and not _lock_folder(e)]
        if others:
            raise CoprodError(
                _(
                        "la carpeta «{target}» no está vacía ({items}{value}); coprod init no sobrescribe nada: use una carpeta nueva "
                        "o vacía"
                    ).format(target=target, items=', '.join(sorted(others)[:3]), value='…' if len(others) > 3 else '')
            )


def _lock_folder(entry: Path) -> bool:
    """The folder of coprod's locks (made by a concurrent init): a real folder, never a link."""
    return entry.name == CACHE_DIR and entry.is_dir() and not entry.is_symlink()


#: What is never versioned: the internal reports (``coprod report`` writes
#: them into ``informes/`` by default; they carry people's names, e-mail
#: addresses and phone numbers, and ``git add -A`` would publish them), and
#: what coprod creates for itself: its cache and locks, and the temporaries an
#: interrupted write can leave (fsutil.py), which the next write removes.
GITIGNORE = """\
# Creado por «coprod init»: lo que nunca se versiona.
# Informes internos de «coprod report» (tienen nombres, correos y teléfonos de
# personas). El informe anual público va aparte: «--public --out publico».
informes/
# Caché de «coprod validate» y bloqueos de las ediciones (se recrean solos).
.coprod-cache/
# Temporales de una escritura interrumpida (coprod los borra en la siguiente).
.*.coprod-tmp
# Carpeta de trabajo de un «coprod init» interrumpido.
.coprod-init-*/
"""


def render_files(opts: InitOptions) -> dict[str, str]:
    """Every file of the new repository: relative path → text."""
    p = profile(opts.country)
    canton = clean_text(opts.canton, _("el nombre del {division} (--canton)").format(division=_(p.division)), required=True)
    assert canton is not None
    provincia = clean_text(opts.provincia, _("la {region} (--province)").format(region=p.region))
    start = opts.start if opts.start is not None else this_year()
    end = opts.end if opts.end is not None else start + 3
    check_years(start, end)
    strategy = clean_text(opts.strategy, _("el nombre de la estrategia")) or default_strategy(canton, start, end)
    council = clean_text(opts.council, _("el nombre del consejo")) or p.council(canton)
    secretariat = clean_text(opts.secretariat, _("el nombre de la Secretaría Técnica")) or default_secretariat(p, canton)
    year = this_year() if start <= this_year() <= end else start

    territories = _territories(p, opts.territories)
    actors = [
        {"id": i.id, "nombre": i.nombre.format(canton=canton), "siglas": i.siglas, "sector": i.sector, "nivel": i.nivel}
        for i in p.institutions
    ]
    common = dict(p=p, canton=canton, council=council, start=start, end=end, year=year)
    plan_rel = f"planes/{year}.yaml"
    files = {
        "canton.yaml": render(
            "repo/canton.yaml.j2",
            schema=schema_ref("canton.yaml", "canton"),
            provincia=provincia,
            strategy=strategy,
            axes=DEFAULT_AXES,
            territories=territories,
            secretariat=secretariat,
            **common,
        ),
        "actores.yaml": render("repo/actores.yaml.j2", schema=schema_ref("actores.yaml", "actores"), actors=actors, p=p),
        plan_rel: render("files/plan.yaml.j2", schema=schema_ref(plan_rel, "plan"), year=year, ex=p.examples),
        TEMPLATE_FILE: _agreement_template(p, str(actors[0]["id"]), year),
        "acuerdos/.gitkeep": "",
        "sesiones/.gitkeep": "",
        "README.md": render("repo/README.md.j2", **common),
        # Why a local hook: it works as soon as coprod is installed, with no
        # address of a coprod repository to configure first.
        ".pre-commit-config.yaml": render("repo/pre-commit-config.yaml.j2"),
        ".gitignore": GITIGNORE,
    }
    # The CI set-up: the same workflows the README documents for any canton
    # repository (templates/ci/).
    for name in ("github-workflow.yml", "gitlab-ci.yml"):
        files[DESTINATIONS[name]] = read_template(name)
    for name, text in schema_texts().items():
        files[f"{SCHEMA_DIR}/{name}"] = text
    for rel_path, model in (("canton.yaml", Canton), ("actores.yaml", MapaActores), (plan_rel, PlanAnual), (TEMPLATE_FILE, Acuerdo)):
        check_rendered(rel_path, files[rel_path], model)
    return files


def _territories(p: CountryProfile, names: list[str]) -> list[dict[str, Any]]:
    """The prioritised territories given to `init`, each with an id made from its name."""
    territories = []
    used: list[str] = []
    for name in names:
        clean = clean_text(name, _("el nombre de un {subdivision}").format(subdivision=_(p.subdivision)))
        if not clean:
            continue
        base = slugify(clean)
        if not base:
            raise CoprodError(_("«{clean}» no sirve como nombre de {subdivision}: use letras o números").format(clean=clean, subdivision=_(p.subdivision)))
        ident = next_free(base, used)
        used.append(ident)
        territories.append({"id": ident, "nombre": clean, "priorizado": True})
    return territories


def _agreement_template(p: CountryProfile, lead: str, year: int) -> str:
    """The commented agreement a secretariat copies (TEMPLATE_FILE): every field empty."""
    return render(
        "files/acuerdo.yaml.j2",
        schema=schema_ref(TEMPLATE_FILE, "acuerdo"),
        placeholder=True,
        id="nuevo-acuerdo",
        titulo="Título del acuerdo",
        forma=None,
        estado="borrador",
        plan_anual=None,
        objetivo=None,
        civil=None,
        lead=lead,
        collaborators=[],
        start=None,
        end=None,
        axis=None,
        action=None,
        months=[],
        year=year,
        ex=p.examples,
    )


def check_rendered(rel_path: str, text: str, model: type) -> None:
    """Read a rendered file back as coprod will; a template bug must never reach the user's disk."""
    from ..load.yamlsource import SourceFile, _make_yaml
    from ..model.validate import validate_tree

    try:
        data = _make_yaml().load(text)
    except Exception as exc:  # noqa: BLE001
        raise CoprodError(_("error interno: la plantilla de «{rel_path}» no produjo YAML válido ({name})").format(rel_path=rel_path, name=type(exc).__name__)) from None
    _tree, problems = validate_tree(model, data)
    if problems:
        where = SourceFile(Path(rel_path), rel_path, text, data).locate(problems[0].path)
        raise CoprodError(_("error interno: «{rel_path}» generado no es válido (línea {where}: {message})").format(rel_path=rel_path, where=where[0], message=problems[0].message))


def _dir_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def create_repository(target: Path, opts: InitOptions) -> InitResult:
    files = render_files(opts)  # every question answered and checked before touching the disk
    check_target(target)
    if target.is_dir():
        # Why a lock: the files are moved into an existing folder one by one, and
        # a second init at the same time would mix its files with these.
        with repository_lock(target, "init", str(target)):
            check_target(target)
            _populate(target, files, exists=True)
    else:
        # One rename of the whole folder: a concurrent init finds it taken and fails.
        _populate(target, files, exists=False)
    git = init_git(target) if opts.git else _("sin git (--no-git)")
    return InitResult(target, sorted(files), git)


def _populate(target: Path, files: dict[str, str], exists: bool) -> None:
    base = target if exists else target.parent
    try:
        base.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".coprod-init-", dir=base))
    except OSError as exc:
        raise CoprodError(_("no se puede crear «{target}» ({reason})").format(target=target, reason=os_error_es(exc))) from None
    try:
        for rel_path, text in files.items():
            path = staging / rel_path
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_create_bytes(path, text.encode("utf-8"))
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, _dir_mode())
        if exists:
            check_target(target, staging.name)
            for entry in sorted(staging.iterdir()):
                os.rename(entry, target / entry.name)
            staging.rmdir()
        else:
            os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CoprodError(_("no se pudo crear el repositorio en «{target}» ({reason}); no quedó nada a medias").format(target=target, reason=os_error_es(exc))) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def init_git(target: Path) -> str:
    """`git init` when git is installed; never fails the command, never uses the network."""
    if (target / ".git").exists():
        return _("ya era un repositorio git")
    git = shutil.which("git")
    if git is None:
        return _("git no está instalado: cree el repositorio después con «git init»")
    from ..gitrepo import git_env

    env = git_env()  # Why: a GIT_DIR or GIT_WORK_TREE in the environment would initialise another folder
    try:
        run = subprocess.run([git, "init", "-q", str(target)], capture_output=True, text=True, timeout=60, env=env, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return _("no se pudo ejecutar git init ({name}); hágalo después con «git init»").format(name=type(exc).__name__)
    if run.returncode != 0:
        return _("git init falló; hágalo después con «git init»")
    return "repositorio git creado (git init)"
