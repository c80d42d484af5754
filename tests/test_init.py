"""`coprod init`: a new canton repository that validates, for Costa Rica and
the other country profiles; questions on a terminal, flags with --no-input;
values quoted so no name can break the YAML; nothing ever overwritten."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

YEAR = dt.date.today().year


def _yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture
def pococi(cli, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    r = cli("init", "pococi", "--canton", "Pococí", "--province", "Limón", "--no-input")
    assert r.code == 0, r.err
    return tmp_path / "pococi"


def test_init_then_validate_exits_0(cli, pococi):
    r = cli("validate", pococi)
    assert r.code == 0, r.out
    assert "0 errores" in r.out or "advertencias" in r.out
    # Without invented people, each institution lacks its titular and suplente:
    # warnings (exit 0), which --strict turns into a failure.
    doc = __import__("json").loads(cli("validate", pococi, "--format", "json").out)
    assert doc["summary"]["errors"] == 0
    codes = {d["code"] for d in doc["diagnostics"]}
    assert codes == {"CP301", "CP302"}
    assert doc["summary"]["warnings"] == 2 * len(_yaml(pococi / "actores.yaml")["actores"])
    assert cli("validate", pococi, "--strict").code == 1


def test_init_output_and_files(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("init", "pococi", "--canton", "Pococí", "--province", "Limón", "--no-input")
    assert "Repositorio de acuerdos creado en «pococi» (cantón Pococí, Costa Rica): 16 archivos." in r.out
    assert "El repositorio es válido, con 28 advertencia(s) (CP301: 14, CP302: 14)" in r.out
    root = tmp_path / "pococi"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git/" not in p.as_posix() + "/" and not p.relative_to(root).as_posix().startswith(".git/"))
    assert files == sorted([
        ".github/workflows/coprod.yml", ".gitignore", ".gitlab-ci.yml", ".pre-commit-config.yaml", "README.md",
        "actores.yaml", "acuerdos/.gitkeep", "canton.yaml", f"planes/{YEAR}.yaml", "plantillas/acuerdo.yaml",
        "schemas/actores.schema.json", "schemas/acuerdo.schema.json", "schemas/canton.schema.json", "schemas/plan.schema.json",
        "schemas/sesion.schema.json", "sesiones/.gitkeep",
    ])
    canton = _yaml(root / "canton.yaml")
    assert canton["canton"] == "Pococí" and canton["provincia"] == "Limón" and canton["pais"] == "CR"
    assert canton["instancia"] == {"tipo": "CCCI", "nombre": "Consejo Cantonal de Coordinación Institucional de Pococí"}
    assert canton["estrategia"]["nombre"] == f"Estrategia Preventiva local Pococí {YEAR}-{YEAR + 3}"
    assert canton["estrategia"]["periodo"] == {"inicio": YEAR, "fin": YEAR + 3}
    assert [e["id"] for e in canton["estrategia"]["ejes"]] == [
        "convivencia-paz-social", "promocion-salud", "desarrollo-local", "ninez-adolescencia"
    ]
    actors = {a["id"]: a for a in _yaml(root / "actores.yaml")["actores"]}
    for ident in ("imas", "ina", "dinadeco", "ifam", "msp", "oij", "fiscalia", "icd", "mideplan", "municipalidad", "policia-municipal"):
        assert ident in actors, ident
    assert actors["municipalidad"]["nombre"] == "Municipalidad de Pococí"
    assert actors["policia-municipal"]["sector"] == "municipal"
    assert actors["imas"] == {"id": "imas", "nombre": "Instituto Mixto de Ayuda Social", "siglas": "IMAS", "sector": "publico_nacional", "nivel": "nacional", "espacios": ["CCCI"]}
    assert _yaml(root / "planes" / f"{YEAR}.yaml")["anio"] == YEAR


def test_modelines_point_at_the_copied_schemas(pococi):
    from coprod_cli.schema_export import schema_texts

    for name, text in schema_texts().items():
        assert (pococi / "schemas" / name).read_text(encoding="utf-8") == text
    for rel in ("canton.yaml", "actores.yaml", f"planes/{YEAR}.yaml", "plantillas/acuerdo.yaml"):
        first = (pococi / rel).read_text(encoding="utf-8").splitlines()[0]
        m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert m, rel
        assert (pococi / rel).parent.joinpath(m.group(1)).resolve().is_file(), (rel, m.group(1))


def test_github_workflow_is_valid_yaml_that_runs_the_validator(pococi):
    wf = _yaml(pococi / ".github" / "workflows" / "coprod.yml")
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 readers turn `on` into true
    assert "pull_request" in triggers and "push" in triggers
    steps = wf["jobs"]["coprod"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(r.startswith("coprod validate") for r in runs)
    assert any(r.startswith("coprod diff") for r in runs) and any("coprod report" in r for r in runs)
    install = next(r for r in runs if "pip install" in r)
    assert "$COPROD_PIP_SPEC" in install and "exit 1" in install  # never installs a stranger's «coprod»
    assert wf["env"]["COPROD_PIP_SPEC"] == "${{ vars.COPROD_PIP_SPEC }}"
    assert any(s.get("uses", "").startswith("actions/checkout@") for s in steps)

    gl = _yaml(pococi / ".gitlab-ci.yml")
    assert 'coprod validate "$COPROD_DIR"' in gl["coprod-validate"]["script"]
    assert gl["variables"]["COPROD_PIP_SPEC"] == ""
    assert any("merge_request_event" in r["if"] for r in gl["workflow"]["rules"])

    hook = _yaml(pococi / ".pre-commit-config.yaml")["repos"][0]["hooks"][0]
    assert hook["entry"] == "coprod validate ." and hook["language"] == "system" and hook["pass_filenames"] is False


def test_readme_for_the_secretary(pococi):
    text = (pococi / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Acuerdos de coproducción de la seguridad: Pococí\n")
    for needle in ("coprod new agreement", "coprod progress set", "coprod monitoring set", "coprod validate",
                   "COPROD_PIP_SPEC", "CP301", "titular", "suplente", "coprod no inventa personas", "pre-commit install"):
        assert needle in text, needle


def test_the_generated_readme_says_to_review_templates_as_code(pococi):
    """Issue 11, item 11: templates and style.css are code for the public website."""
    text = (pococi / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Plantillas de los informes: revíselas como código"):]
    section = section[: section.index("\n## ", 5)]
    for needle in ("templates/reports/style.css", "es código del sitio web", "como se revisa un programa", "CP009", "--changed-since"):
        assert needle in section, needle


def test_template_agreement_is_a_valid_agreement(cli, pococi):
    import shutil

    shutil.copy(pococi / "plantillas" / "acuerdo.yaml", pococi / "acuerdos" / "nuevo-acuerdo.yaml")
    doc = __import__("json").loads(cli("validate", pococi, "--format", "json").out)
    assert doc["summary"]["errors"] == 0
    assert {d["code"] for d in doc["diagnostics"] if d["file"].startswith("acuerdos/")} == {"CP207"}


def test_names_cannot_inject_yaml(cli, tmp_path):
    name = 'Pococí: "x" # y\n- z'
    r = cli("init", tmp_path / "r", "--canton", 'Pococí: "x" # y', "--province", "{a: b}", "--strategy", "- lista",
            "--territory", "Guápiles: #1", "--territory", "no", "--no-input")
    assert r.code == 0, r.err
    canton = _yaml(tmp_path / "r" / "canton.yaml")
    assert canton["canton"] == 'Pococí: "x" # y'
    assert canton["provincia"] == "{a: b}"
    assert canton["estrategia"]["nombre"] == "- lista"
    assert [(t["id"], t["nombre"]) for t in canton["territorios"]] == [("guapiles-1", "Guápiles: #1"), ("no", "no")]
    assert _yaml(tmp_path / "r" / "actores.yaml")["actores"][0]["nombre"] == 'Municipalidad de Pococí: "x" # y'
    assert cli("validate", tmp_path / "r").code == 0
    r = cli("init", tmp_path / "s", "--canton", name, "--no-input")
    assert r.code == 2 and "no puede tener saltos de línea" in r.err
    assert not (tmp_path / "s").exists()


def test_non_empty_folder_is_refused(cli, tmp_path):
    target = tmp_path / "ocupada"
    target.mkdir()
    (target / "notas.txt").write_text("mías\n", encoding="utf-8")
    r = cli("init", target, "--canton", "Pococí", "--no-input")
    assert r.code == 2
    assert "no está vacía (notas.txt); coprod init no sobrescribe nada" in r.err
    assert sorted(p.name for p in target.iterdir()) == ["notas.txt"]
    (tmp_path / "archivo").write_text("x", encoding="utf-8")
    r = cli("init", tmp_path / "archivo", "--canton", "Pococí", "--no-input")
    assert r.code == 2 and "ya existe y no es una carpeta" in r.err


def test_empty_folder_or_a_fresh_clone_is_accepted(cli, tmp_path):
    (tmp_path / "vacia").mkdir()
    assert cli("init", tmp_path / "vacia", "--canton", "Pococí", "--no-input").code == 0
    clone = tmp_path / "clon"
    (clone / ".git").mkdir(parents=True)
    r = cli("init", clone, "--canton", "Pococí", "--no-input")
    assert r.code == 0 and "git: ya era un repositorio git." in r.out
    assert (clone / "canton.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".coprod-init")] == []


def test_missing_canton_without_questions(cli, tmp_path):
    r = cli("init", tmp_path / "x", "--no-input")
    assert r.code == 2 and "falta la opción «--canton»" in r.err
    assert not (tmp_path / "x").exists()
    r = cli("init", "--canton", "A")
    assert r.code == 2 and "falta el argumento «CARPETA»" in r.err


def test_bad_years_and_country(cli, tmp_path):
    r = cli("init", tmp_path / "x", "--canton", "A", "--start-year", "2026", "--end-year", "2020", "--no-input")
    assert r.code == 2 and "el periodo de la estrategia termina (2020) antes de empezar (2026)" in r.err
    r = cli("init", tmp_path / "x", "--canton", "A", "--start-year", "dos mil", "--no-input")
    assert r.code == 2 and "«dos mil» no es un número entero" in r.err
    r = cli("init", tmp_path / "x", "--canton", "A", "--country", "AR", "--no-input")
    assert r.code == 2 and "país desconocido «AR»; use uno de: CR (Costa Rica), MX (México), CL (Chile), CO (Colombia)" in r.err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "country,council,subdivision,first_actor",
    [
        ("MX", "Consejo Municipal de Seguridad Pública", "colonia", "Ayuntamiento de Centro"),
        ("CL", "Consejo Comunal de Seguridad Pública", "barrio", "Municipalidad de Centro"),
        ("CO", "Consejo Municipal de Seguridad", "comuna", "Alcaldía de Centro"),
        ("cr", "CCCI", "distrito", "Municipalidad de Centro"),
    ],
)
def test_country_profiles(cli, tmp_path, country, council, subdivision, first_actor):
    root = tmp_path / "r"
    r = cli("init", root, "--canton", "Centro", "--country", country, "--territory", "Uno", "--no-input", "--no-git")
    assert r.code == 0, r.err
    canton = _yaml(root / "canton.yaml")
    assert canton["pais"] == country.upper()
    assert canton["instancia"]["tipo"] == council
    assert canton["territorios"] == [{"id": "uno", "nombre": "Uno", "tipo": subdivision, "priorizado": True}]
    actors = _yaml(root / "actores.yaml")["actores"]
    assert actors[0]["nombre"] == first_actor and len(actors) >= 7
    assert all(a["espacios"] == [council] for a in actors)
    assert cli("validate", root).code == 0
    assert not (root / ".git").exists()


def test_git_init_only_when_git_is_there(cli, tmp_path, monkeypatch):
    import shutil

    if shutil.which("git"):
        r = cli("init", tmp_path / "con", "--canton", "A", "--no-input")
        assert (tmp_path / "con" / ".git").is_dir() and "git: repositorio git creado (git init)." in r.out
    monkeypatch.setattr("coprod_cli.scaffold.init.shutil.which", lambda name: None)
    r = cli("init", tmp_path / "sin", "--canton", "A", "--no-input")
    assert r.code == 0
    assert not (tmp_path / "sin" / ".git").exists()
    assert "git no está instalado: cree el repositorio después con «git init»" in r.out


def test_templates_ship_inside_the_package():
    """The top-level templates folder is the package's; every template is package data."""
    import tomllib

    assert (ROOT / "templates").resolve() == (ROOT / "src" / "coprod_cli" / "templates").resolve()
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["coprod_cli"]
    base = ROOT / "src" / "coprod_cli"
    templates = [p.relative_to(base).as_posix() for p in (base / "templates").rglob("*") if p.is_file()]
    assert templates
    for t in templates:
        assert any(fnmatch.fnmatch(t, pat) for pat in patterns), t


# --- questions ------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr("coprod_cli.cli.prompts._stdin_is_terminal", lambda: True)


def test_init_asks_on_a_terminal(terminal, tmp_path):
    from typer.testing import CliRunner

    from coprod_cli.cli import app

    answers = "\n".join(["", "Pococí", "Limón", "dos mil", "2025", "", "", "Guápiles, Jiménez"]) + "\n"
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p"), "--no-git"], input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    for question in ("País (CR Costa Rica, MX México, CL Chile, CO Colombia) [CR]:", "Nombre del cantón:", "Provincia (opcional):",
                     f"Año de inicio de la estrategia [{YEAR}]:", "Año de cierre de la estrategia [2028]:",
                     "Nombre de la estrategia [Estrategia Preventiva local Pococí 2025-2028]:",
                     "Distritos priorizados, separados por comas (opcional):"):
        assert question in out, question
    assert "«dos mil» no es un año de 1990 a 2100 (por ejemplo 2026)" in out
    canton = _yaml(tmp_path / "p" / "canton.yaml")
    assert canton["canton"] == "Pococí" and canton["provincia"] == "Limón"
    assert canton["estrategia"]["periodo"] == {"inicio": 2025, "fin": 2028}
    assert [t["id"] for t in canton["territorios"]] == ["guapiles", "jimenez"]


def test_flags_skip_their_questions(terminal, tmp_path):
    from typer.testing import CliRunner

    from coprod_cli.cli import app

    result = CliRunner().invoke(
        app, ["init", str(tmp_path / "p"), "--canton", "Pococí", "--country", "MX", "--province", "Oaxaca",
              "--start-year", "2026", "--end-year", "2027", "--strategy", "E", "--territory", "Centro", "--no-git"],
        input="",
    )
    assert result.exit_code == 0, result.output
    assert "?" not in result.output.split("Repositorio de acuerdos creado")[0]
    assert _yaml(tmp_path / "p" / "canton.yaml")["estrategia"]["nombre"] == "E"


def test_no_input_never_asks_even_on_a_terminal(terminal, cli, tmp_path):
    r = cli("init", tmp_path / "p", "--no-input")
    assert r.code == 2 and "falta la opción «--canton»" in r.err


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminal")
def test_init_in_a_real_pseudo_terminal(tmp_path):
    """The real program on a pseudo-terminal: questions appear, answers are taken."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coprod_cli", "init", str(tmp_path / "p"), "--no-git"],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )
    os.close(slave)
    seen = b""

    def read_until(text: bytes, timeout: float = 30) -> None:
        nonlocal seen
        end = time.time() + timeout
        while text not in seen:
            ready, _, _ = select.select([master], [], [], max(0.0, end - time.time()))
            if not ready:
                raise AssertionError(f"no apareció {text!r}; salida: {seen!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:
                raise AssertionError(f"terminó antes de {text!r}; salida: {seen!r}") from None
            seen += chunk

    try:
        for question, answer in [
            ("País".encode(), b"CR"), ("Nombre del cantón".encode(), "Pococí".encode()), (b"Provincia", "Limón".encode()),
            ("Año de inicio".encode(), b"2026"), ("Año de cierre".encode(), b""), (b"Nombre de la estrategia", b""),
            (b"Distritos priorizados", "Guápiles".encode()),
        ]:
            read_until(question)
            os.write(master, answer + b"\r")
        read_until(b"Repositorio de acuerdos creado")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    canton = _yaml(tmp_path / "p" / "canton.yaml")
    assert canton["canton"] == "Pococí" and canton["estrategia"]["periodo"] == {"inicio": 2026, "fin": 2029}
    assert canton["territorios"][0]["nombre"] == "Guápiles"


def test_git_init_ignores_git_variables_of_the_caller(cli, tmp_path, monkeypatch):
    """GIT_DIR in the environment (a git hook, a script) would make `git init`
    initialise that folder instead of the new canton's."""
    import shutil

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "otro"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path))
    r = cli("init", tmp_path / "con", "--canton", "A", "--no-input")
    assert r.code == 0 and "git: repositorio git creado (git init)." in r.out
    assert (tmp_path / "con" / ".git").is_dir()
    assert not (tmp_path / "otro").exists()


# --- issue 12, item 14: what a new repository commits, and what its README teaches ----------------


def test_internal_reports_are_never_committed(cli, tmp_path, monkeypatch):
    """`coprod report` writes into `informes/` (names, e-mails, phones); `git add -A` must leave it out."""
    import shutil

    import gitkit

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    root = tmp_path / "nuevo"
    assert cli("init", root, "--canton", "Pococí", "--no-input").code == 0
    monkeypatch.chdir(root)
    assert cli("report", ".", "--only", "actores", "--format", "md").code == 0
    assert cli("report", ".", "--public", "--only", "anual", "--out", "publico", "--format", "md").code == 0
    assert (root / "informes" / "actores.md").is_file() and list((root / "publico").iterdir())
    (root / "acuerdos" / "informes").mkdir()  # the same name anywhere in the repository
    (root / "acuerdos" / "informes" / "x.html").write_text("correo@example.org\n", encoding="utf-8")
    gitkit.git(root, "add", "-A")
    staged = gitkit.git(root, "diff", "--cached", "--name-only").split()
    assert not [s for s in staged if "informes" in s], staged
    assert any(s.startswith("publico/anual-") for s in staged), staged  # the public report may be kept
    assert "informes/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


def _scaffold_texts(root: Path) -> str:
    """Every text file init writes that a person reads (the JSON schemas are the models', for editors)."""
    paths = [p for p in root.rglob("*") if p.is_file() and "schemas" not in p.parts and ".git" not in p.parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths))


def _markers(code: str) -> set[str]:
    """What belongs to one country only: its phone prefix and sample values, its names for its divisions."""
    from coprod_cli.scaffold.countries import PROFILES

    p = PROFILES[code]
    ex = p.examples
    words = {rf"\b{w}\b" for w in (p.division, p.subdivision, p.subdivision_plural)}
    values = {ex.phone.split()[0] + " ", ex.territory_name, ex.territory_id, ex.civil_society, ex.local_organisations, f"--lead {ex.lead} "}
    return words | {re.escape(v) for v in values}


@pytest.mark.parametrize("country", ["CR", "MX", "CL", "CO"])
def test_every_example_comes_from_the_country_profile(cli, tmp_path, country):
    """Issue 12, item 14: the MX profile showed «+506» phones, San Miguel, `--lead imas`…"""
    from coprod_cli.scaffold.countries import PROFILES

    root = tmp_path / "r"
    assert cli("init", root, "--canton", "Centro", "--country", country, "--no-input", "--no-git").code == 0
    # Files made later from the templates, in this repository, follow its country too.
    assert cli("new", "plan", root).code == 0
    ex = PROFILES[country].examples
    r = cli("new", "agreement", root, "--no-input", "--title", "Prueba", "--lead", ex.lead, "--collaborator", ex.collaborators[0])
    assert r.code == 0, r.err
    text = _scaffold_texts(root) + (root / "acuerdos" / "prueba.yaml").read_text(encoding="utf-8")
    own = _markers(country)
    for pattern in own - {rf"\b{PROFILES[country].subdivision}\b"}:  # a canton without territories names none
        assert re.search(pattern, text), (country, pattern)
    for other in PROFILES:
        if other == country:
            continue
        for pattern in _markers(other) - own:
            found = re.search(pattern, text)
            assert not found, f"{country}: el ejemplo de {other} {pattern!r} aparece: …{text[max(0, found.start() - 80):found.end() + 40]}…"
    actors = {a["id"] for a in _yaml(root / "actores.yaml")["actores"]}
    assert {ex.lead, *ex.collaborators} <= actors  # the README's example command works as written


def test_the_readme_is_enough_to_start(pococi):
    """Install on three systems, the monthly routine, the public annual report, and git in plain Spanish."""
    text = (pococi / "README.md").read_text(encoding="utf-8")

    def section(title: str) -> str:
        body = text[text.index(title):]
        return body[: body.index("\n## ", 5)] if "\n## " in body[5:] else body

    install = section("## Instalar coprod")
    for needle in ("**Windows**", "**macOS**", "**Linux**", "Add python.exe to PATH", "pipx install", "coprod --version", "COPROD_PIP_SPEC"):
        assert needle in install, needle
    routine = section("## Cada mes, después de la sesión")
    steps = ["git pull", "coprod progress set", "coprod validate", "coprod status --as-of", "coprod report --as-of", "git"]
    positions = [routine.index(s) for s in steps[:-1]]
    assert positions == sorted(positions), "record progress → validate → status → report, in that order"
    assert "informes/" in routine
    public = section("## Publicar el informe anual de acceso público")
    assert f"coprod report --public --only anual --year {YEAR} --out publico" in public and "CP601" in public
    git = section("## Guardar y enviar los cambios con git")
    for needle in ("**commit**", "**push**", "git switch -c", "git add -A", "git commit -m", "git push -u origin", "pull request", "merge request", "«Merge»"):
        assert needle in git, needle


def test_every_command_of_the_generated_readme_runs(cli, tmp_path, monkeypatch):
    """The secretary copies the README's commands as written: each one works in the new repository."""
    import shlex

    root = tmp_path / "r"
    assert cli("init", root, "--canton", "Pococí", "--no-input", "--no-git").code == 0
    canton = root / "canton.yaml"
    canton.write_text(
        canton.read_text(encoding="utf-8").replace(
            "    - id: desarrollo-local\n      nombre: Desarrollo local\n      acciones: []",
            "    - id: desarrollo-local\n      nombre: Desarrollo local\n      acciones:\n        - numero: 1\n          nombre: Empleo",
        ),
        encoding="utf-8",
    )
    (root / "acuerdos" / "prueba.yaml").write_text(
        f"id: prueba\ntitulo: Prueba\nestado: en_ejecucion\nactividad:\n  actividad_programada: Algo\n  actor_encargado: imas\n"
        f"  plazo: {{inicio: {YEAR}-07, fin: {YEAR}-08}}\n"
        f"cronograma:\n  eje: desarrollo-local\n  accion_estrategica: 1\n  meses:\n"
        f"    - {{mes: {YEAR}-07, actividades: [{{descripcion: Uno}}]}}\n"
        f"    - {{mes: {YEAR}-08, actividades: [{{descripcion: Uno}}, {{descripcion: Dos}}]}}\n",
        encoding="utf-8",
    )
    text = (root / "README.md").read_text(encoding="utf-8")
    lines = [l.strip() for block in re.findall(r"```\n(.*?)```", text, re.S) for l in block.splitlines() if l.strip().startswith("coprod ")]
    assert len(lines) >= 9, lines
    monkeypatch.chdir(root)
    for line in lines:
        if line == "coprod new agreement":
            continue  # the questions: tests/test_new.py
        args = [a.replace("ID-DEL-ACUERDO", "prueba") for a in shlex.split(line)[1:]]
        r = cli(*args)
        assert r.code in (0, 1) if args[0] == "validate" else r.code == 0, (line, r.out, r.err)
    assert (root / "publico" / f"anual-{YEAR}.html").is_file()
    # The month's session, recorded through the README's commands alone.
    session = _yaml(root / "sesiones" / f"{YEAR}-07-14.yaml")
    assert {a["estado"] for a in session["asistencia"]} == {"titular"} and len(session["asistencia"]) >= 5
    assert session["acuerdos_sesion"][0]["estado"] == "cumplido"
    assert "BEGIN:VEVENT" in (root / "calendario.ics").read_text(encoding="utf-8")
