"""Spanish everywhere, including the libraries' words (issue 12, item 9).

Every command's and sub-command's ``--help``, and a set of wrong invocations
(unknown command, unknown option, missing argument, extra arguments, bad
number, bad choice, bad month…), are read for English words, Python words and
labels without their accents. Allowed: command and option names, YAML keys,
file names, and a few proper names (HTML, GitHub…).
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest

from conftest import ROOT

#: Words that are English (and not Spanish): what typer, click and pydantic print.
ENGLISH = set(
    """
    the and for with this that should must valid invalid value values input integer string parse unable
    usage options option arguments argument commands command default required show message exit
    missing such did you mean got unexpected extra try help aborted dynamic deprecated env var requires
    take takes does not file directory exist exists readable writable path text boolean bool int str float
    list dict none true false type choice choices one between greater less than equal format month year
    """.split()
)
#: Python's own words, as they would leak: type names, reprs, tracebacks.
PYTHON = re.compile(r"\b(None|True|False|NoneType|Traceback|[A-Z][a-z]+Error|Exception|ordereddict)\b|<(str|int|bool|path|float|list\[)")
#: Words allowed although they look English: proper names and formats.
ALLOWED = {"text", "true", "html", "markdown", "md", "json", "github", "gitlab", "sarif", "junit", "git", "head", "ci", "vs", "code", "pre-commit", "yaml", "pull", "request", "both", "a4", "utf-8", "id", "ids", "url", "gitlab-ci"}


def _commands():
    """Every command path of the application: (), ("validate",), ("progress", "set")…"""
    import typer

    from coprod_cli.cli import app

    root = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        out.append(path)
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, path + (name,))

    walk(root, ())
    return root, out


def _allowed_words() -> set[str]:
    """Command and option names, YAML keys, file names, the values users type."""
    from pydantic import BaseModel

    from coprod_cli.model import labels
    from coprod_cli.model.models import FILE_KINDS

    words = set(ALLOWED) | {"help", "h"}  # -h, --help
    root, paths = _commands()
    for path in paths:
        cmd = root
        for name in path:
            cmd = cmd.commands[name]
            words.add(name)
        for param in cmd.params:
            for opt in [*param.opts, *getattr(param, "secondary_opts", [])]:
                words.update(w for w in re.split(r"[^\w]+", opt.lower()) if w)

    def fields(model, seen):
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            words.update(name.split("_"))
            words.add(name)
            for arg in re.findall(r"[A-Za-z_]+", repr(field.annotation)):
                pass
        for sub in model.__subclasses__():
            fields(sub, seen)

    seen: set = set()
    for model in FILE_KINDS.values():
        fields(model, seen)
        for name in dir(__import__("coprod_cli.model.models", fromlist=["x"])):
            obj = getattr(__import__("coprod_cli.model.models", fromlist=["x"]), name)
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                fields(obj, seen)
    for table in labels.BY_FIELD.values():
        for value in table:
            words.update(value.split("_"))
    return words


ALLOWED_WORDS = None


def _bad_words(text: str) -> list[str]:
    global ALLOWED_WORDS
    if ALLOWED_WORDS is None:
        ALLOWED_WORDS = _allowed_words()
    found = [m.group(0) for m in PYTHON.finditer(text)]
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        w = word.lower().strip("'-")
        if w in ENGLISH and w not in ALLOWED_WORDS:
            found.append(word)
    for value, label in _accented_labels():
        if value in text:
            found.append(value)
    return found


def _accented_labels() -> list[tuple[str, str]]:
    """Labels written without their accents («en ejecucion», «en_ejecucion» shown as a label)."""
    from coprod_cli.model import labels
    from coprod_cli.model.suggest import folded

    out = []
    for table in labels.BY_FIELD.values():
        for value, label in table.items():
            plain = value.replace("_", " ")
            if plain != label and folded(plain) == folded(label) and " " in plain:
                out.append((plain, label))
    return out


def _run(cli, *args):
    r = cli(*args)
    return r.code, r.out + r.err


def test_every_help_is_spanish(cli):
    _, paths = _commands()
    assert len(paths) > 12  # the commands and their sub-commands
    bad = {}
    for path in paths:
        code, out = _run(cli, *path, "--help")
        assert code == 0, (path, out)
        assert "Uso: coprod" in out and "Opciones" in out
        words = _bad_words(out)
        if words:
            bad[" ".join(path) or "coprod"] = words
    assert not bad, bad


WRONG = [
    (["validat"], "comando desconocido «validat»; ¿quiso decir «validate»?"),
    (["progress", "sett"], "comando desconocido «sett»; ¿quiso decir «set»?"),
    (["new", "agrement"], "comando desconocido «agrement»; ¿quiso decir «agreement»?"),
    (["validate", "--bogus"], "opción desconocida «--bogus»"),
    (["validate", "--stric"], "opción desconocida «--stric»; ¿quiso decir «--strict»?"),
    (["pending", "A", "B"], "sobra el argumento «B»"),
    (["pending", "A", "B", "C"], "sobran los argumentos «B» y «C»"),
    (["diff"], "falta el argumento «BASE»"),
    (["progress", "set"], "falta el argumento «[RUTA] ACUERDO»"),
    (["report", "--year", "abc"], "valor no válido para «--year»: «abc» no es un número entero"),
    (["status", "--as-of"], "la opción «--as-of» necesita un valor"),
    (["validate", "--strict=sí"], "la opción «--strict» no lleva valor"),
    (["report", "--format", "xyz"], "«xyz»"),
    (["status", "--as-of", "2015-13"], "2015-13"),
    (["validate", "--format", "yaml"], "yaml"),
    (["rules", "--explain", "CP999"], "CP999"),
    (["progress", "set", "x", "--month", "2015-07", "--level", "30"], None),
    (["monitoring", "set", "x", "y", "tal vez"], None),
]


@pytest.mark.parametrize("args,expected", WRONG, ids=lambda x: " ".join(x) if isinstance(x, list) else None)
def test_a_wrong_invocation_is_answered_in_spanish(cli, example, monkeypatch, args, expected):
    monkeypatch.chdir(example)
    code, out = _run(cli, *args)
    assert code == 2, out
    assert "error" in out
    if expected is not None:
        assert expected in out, out
    assert not _bad_words(out), (_bad_words(out), out)


def test_status_and_report_labels_carry_their_accents(cli, example, tmp_path):
    code, out = _run(cli, "status", example)
    assert "en ejecución" in out and "en ejecucion" not in out
    code, _ = _run(cli, "report", example, "--out", tmp_path / "inf", "--only", "anual")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "inf").rglob("*.md"))
    assert "Gestión" in text and "| gestion |" not in text


# --- the catalogue ------------------------------------------------------------------


PO = ROOT / "src" / "coprod_cli" / "locale" / "es" / "LC_MESSAGES" / "coprod.po"


def test_the_compiled_catalogue_is_fresh():
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from coprod_cli.cli.i18n import CATALOGUE

    with PO.open("rb") as fh:
        catalog = read_po(fh)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert CATALOGUE.read_bytes() == compiled.getvalue(), "run «pybabel compile -d src/coprod_cli/locale -D coprod»"


def _typer_marked_strings() -> set[str]:
    """Every string typer marks with gettext (``_("…")``) in the installed version."""
    import typer

    out = set()
    for path in Path(typer.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
                if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    out.add(node.args[0].value)
    return out


def test_every_string_typer_marks_has_its_spanish():
    from coprod_cli.cli.i18n import translation

    marked = _typer_marked_strings()
    assert len(marked) >= 10
    es = translation()
    missing = [m for m in marked if es.gettext(m) == m and m != "Error"]
    assert not missing, missing


def test_the_bundled_click_has_no_gettext():
    """Why usage errors are rebuilt from their data (cli_i18n.py): if a typer
    upgrade brings click's gettext back, its catalogue can replace that code."""
    import typer._click as bundled

    sources = "".join(p.read_text(encoding="utf-8") for p in Path(bundled.__file__).parent.glob("*.py"))
    assert "gettext" not in sources.replace("uses gettext for no good reason", "")


def test_an_internal_error_names_no_python_class(cli, example, monkeypatch):
    import coprod_cli.pipeline.status as cli_module

    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr(cli_module, "_load_one", broken)
    code, out = _run(cli, "status", example)
    assert code == 70 and "error interno de coprod" in out
    assert "KeyError" not in out and not _bad_words(out), out


def test_every_enumerated_value_has_its_label():
    """One table of labels (model/labels.py) for every value a model enumerates."""
    from typing import Literal, get_args, get_origin

    from pydantic import BaseModel

    import coprod_cli.model.models as models
    from coprod_cli.model import labels
    from coprod_cli.model.validate import _unwrap

    values = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for field in obj.model_fields.values():
                tp = _unwrap(field.annotation)
                if get_origin(tp) is list:
                    tp = _unwrap(get_args(tp)[0])
                if get_origin(tp) is dict:
                    tp = _unwrap(get_args(tp)[1])
                if get_origin(tp) is Literal:
                    values.update(v for v in get_args(tp) if isinstance(v, str))
    known = {v for table in labels.BY_FIELD.values() for v in table}
    assert values and values <= known, values - known
    assert labels.label("en_ejecucion") == "en ejecución" and labels.title("gestion") == "Gestión"
