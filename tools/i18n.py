"""coprod's gettext catalogues, kept with Babel: extract, update, compile, check, untranslated.

Spanish is the source: the msgids are the Spanish written in the code
(``_("…")``, ``ngettext("…", "…", n)``, ``N_("…")``) and in the report
templates (``{{ _("…") }}``, ``{% trans %}``). Each other language has
``src/coprod_cli/locale/<lang>/LC_MESSAGES/coprod.po`` (its translations) and
the compiled ``coprod.mo`` beside it (shipped). ``locale/es`` is different:
it holds typer's English words in Spanish (cli/i18n.py), is edited by hand,
and only compiled here.

    python tools/i18n.py extract                 # the msgids, one per line (for a look)
    python tools/i18n.py update [LANG...]        # merge them into the .po (default: every language but es)
    python tools/i18n.py compile                 # every .po → .mo
    python tools/i18n.py check                   # exit 1: missing, fuzzy, placeholders differ, stale .mo
    python tools/i18n.py untranslated [PATH...]  # Spanish string literals not yet marked, file:line
    python tools/i18n.py untranslated --write-baseline   # their count per module → tests/i18n_baseline.json

A new language: ``mkdir -p src/coprod_cli/locale/pt/LC_MESSAGES``, then
``python tools/i18n.py update pt`` creates its .po (every msgstr empty), add
``"pt"`` to ``LANGUAGES`` in src/coprod_cli/lang.py; docs/traducir.md.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import string
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "coprod_cli"
LOCALE = PACKAGE / "locale"
DOMAIN = "coprod"
#: The source language (no catalogue of coprod's words) and the one whose .po holds typer's words instead.
SOURCE = "es"
BASELINE = ROOT / "tests" / "i18n_baseline.json"
#: The functions that mark a text (lang.py); the numbers are the arguments that are msgids.
#: ``_t`` is the report templates' plain-text ``_`` for a word inside an expression (report/environment.py).
KEYWORDS: dict[str, Any] = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_t": None, "pgettext": ((1, "c"), 2), "NC_": ((1, "c"), 2)}
#: Which files are read and how (patterns relative to src/coprod_cli; the first that matches decides).
JINJA = "jinja2.ext:babel_extract"
METHOD_MAP = [
    ("templates/reports/**.j2", JINJA),
    ("templates/web/**.j2", JINJA),
    ("templates/**", "ignore"),
    ("**.py", "python"),
]
#: As the report environments are made (report/environment.py): whitespace of {% trans %} blocks alike.
JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false", "extensions": "jinja2.ext.i18n"}
OPTIONS_MAP = {"templates/reports/**.j2": JINJA_OPTIONS, "templates/web/**.j2": JINJA_OPTIONS}
HEADER = """\
{language} for coprod: the source (msgid) is coprod's Spanish; msgstr its English.
Made and kept complete by «python tools/i18n.py update» and «python tools/i18n.py compile»;
tests/test_i18n_catalogue.py fails on a missing or stale translation."""


# --- extract, update, compile ---------------------------------------------------------------


def extract() -> Catalog:
    """Every marked text of the package and its report templates, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="coprod", charset="utf-8")
    found = extract_from_dir(
        PACKAGE,
        METHOD_MAP,
        OPTIONS_MAP,
        keywords=KEYWORDS,
        directory_filter=lambda d: not Path(d).name.startswith((".", "__")),
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(f"src/coprod_cli/{filename}", lineno)], auto_comments=comments, context=context)
    # A rule's explanation is its docstring (check/registry.py: Rule.explanation translates it): no _() to extract.
    from coprod_cli.check.registry import all_rules

    for rule in all_rules():
        if rule.source_explanation:
            template.add(rule.source_explanation, None, [("src/coprod_cli/check/registry.py", 1)])
    return template


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def languages() -> list[str]:  # the languages with a catalogue folder, sorted
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def translated_languages() -> list[str]:  # the catalogues of coprod's Spanish: all but the source
    return [lang for lang in languages() if lang != SOURCE]


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.is_file():
        catalog = Catalog(locale=lang, domain=DOMAIN, charset="utf-8", header_comment=_header_comment(lang))
    else:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
    if lang != SOURCE:  # the same header whoever runs the tool (no names, no e-mails, no placeholders)
        catalog.project, catalog.version, catalog.msgid_bugs_address = "coprod", "", ""
        catalog.last_translator = catalog.language_team = "coprod"
    return catalog


def _header_comment(lang: str) -> str:
    from babel import Locale

    text = HEADER.format(language=Locale.parse(lang).english_name)
    return "\n".join("# " + line for line in text.splitlines())


def po_bytes(catalog: Catalog) -> bytes:
    """The .po as the tool always writes it: sorted, unwrapped, no locations (merges stay line by line)."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)  # what pybabel compile writes
    return buf.getvalue()


def merge(catalog: Catalog, template: Catalog) -> tuple[int, int]:
    """New msgids added empty, obsolete ones removed, translations kept; (added, removed)."""
    before = {m.id for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    after = {m.id for m in catalog if m.id}
    for message in catalog:
        message.locations = []
        if message.id and not message.string:
            message.string = "" if isinstance(message.id, str) else ("",) * len(message.id)
    return len(after - before), len(before - after)


def _write(path: Path, data: bytes) -> None:  # atomically: never a half-written catalogue
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def cmd_extract(_args: argparse.Namespace) -> int:
    for message in extract():
        if message.id:
            print(message.id if isinstance(message.id, str) else " | ".join(message.id))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    template = extract()
    for lang in args.langs or translated_languages():
        if lang == SOURCE:
            print(f"{lang}: es la lengua de origen (locale/es guarda las palabras de typer; se edita a mano)", file=sys.stderr)
            return 2
        catalog = read(lang)
        added, removed = merge(catalog, template)
        _write(po_path(lang), po_bytes(catalog))
        print(f"{lang}: {len([m for m in catalog if m.id])} mensajes, {added} nuevos, {removed} quitados")
    return 0


def cmd_compile(_args: argparse.Namespace) -> int:
    for lang in languages():
        _write(mo_path(lang), mo_bytes(read(lang)))
        print(f"{lang}: {mo_path(lang).relative_to(ROOT)}")
    return 0


# --- check ------------------------------------------------------------------------------------

#: A %-field (``%(n)s``, ``%d``, ``%%``); not «62,5 % de» (a space flag is never used, so «% d» is text).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0+\-]*\d*(?:\.\d+)?[sdifrxXeEgGc%](?![A-Za-z])")


def placeholders(text: str) -> list[str]:
    """The fields a text is formatted with, sorted: ``{name}`` (str.format) and ``%(name)s``."""
    found = _PERCENT.findall(text)
    try:
        found += ["{" + (field or "") + "}" for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:  # a lone brace: not a format string
        pass
    return sorted(found)


@dataclass(frozen=True)
class Problem:
    lang: str
    kind: str
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        extra = f" — {self.detail}" if self.detail else ""
        return f"{self.lang}: {self.kind}: «{self.msgid}»{extra}"


def _forms(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def message_problems(lang: str, message: Message) -> Iterator[Problem]:
    """Missing, fuzzy or with other placeholders than its msgid."""
    ids, strs = _forms(message.id), _forms(message.string or "")
    shown = ids[0]
    if not all(strs) or len(strs) < len(ids):
        yield Problem(lang, "sin traducir", shown)
        return
    if message.fuzzy:
        yield Problem(lang, "dudosa (fuzzy)", shown)
    for i, text in enumerate(strs):
        source = ids[min(i, len(ids) - 1)]
        if placeholders(source) != placeholders(text):
            yield Problem(lang, "campos distintos", shown, f"{placeholders(source)} ≠ {placeholders(text)} en «{text}»")


def problems(template: Catalog | None = None) -> list[Problem]:
    """Everything `check` reports, over every language."""
    template = extract() if template is None else template
    wanted = {m.id for m in template if m.id}
    found: list[Problem] = []
    for lang in translated_languages():
        catalog = read(lang)
        have = {m.id: m for m in catalog if m.id}
        for msgid in sorted(wanted, key=str):
            if msgid not in have:
                found.append(Problem(lang, "falta en el .po", _forms(msgid)[0], "python tools/i18n.py update"))
            else:
                found.extend(message_problems(lang, have[msgid]))
    for lang in languages():
        if not mo_path(lang).is_file() or mo_path(lang).read_bytes() != mo_bytes(read(lang)):
            found.append(Problem(lang, ".mo desactualizado", str(mo_path(lang).relative_to(ROOT)), "python tools/i18n.py compile"))
    return found


def cmd_check(_args: argparse.Namespace) -> int:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} problemas", file=sys.stderr)
        return 1
    print("catálogos completos")
    return 0


# --- untranslated: Spanish literals not yet marked -------------------------------------------

_ACCENTED = re.compile(r"[áéíóúñüÁÉÍÓÚÑÜ¿¡«]")
_WORD = re.compile(r"[A-Za-záéíóúñüÁÉÍÓÚÑÜ]+")
#: Common Spanish words that are not English words (an English sentence has none of them).
SPANISH_WORDS = frozenset(
    """de la el los las del que por para con sin una uno unos unas es son se su sus al lo le les hay ya
    pero como cuando donde desde hasta entre sobre este esta estos estas ese esa otro otra otros otras
    mes meses año años fecha falta faltan debe deben puede pueden tiene tienen sesión sesiones acuerdo
    acuerdos informe informes actor actores criterio criterios nivel niveles avance indicador indicadores
    compromiso compromisos archivo archivos carpeta ninguno ninguna valor valores total sí dato datos
    cantón cantones página cumplido cumplidos pendiente pendientes meta metas uso interno público""".split()
)
#: Marks a line whose literal is data, not a sentence (a YAML value compared, a file name).
IGNORE_MARK = "i18n: ignore"


def spanish(text: str) -> bool:
    """A sentence or label in Spanish: not an identifier, a key or a path, and with Spanish in it."""
    if not text.strip() or re.fullmatch(r"[a-z0-9_.\-/:*%{}()\[\]]*", text):
        return False  # a key, a file name, a format pattern
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    return bool(_ACCENTED.search(text)) or any(w in SPANISH_WORDS for w in words)


@dataclass(frozen=True)
class Literal:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 90 else self.text[:87] + "…"
        return f"{self.path}:{self.line}: {shown!r}"


def _docstrings(tree: ast.AST) -> set[int]:  # the string constants that are statements: docstrings, attribute docs
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            skip.add(id(node.value))
    return skip


def _marked(tree: ast.AST) -> set[int]:  # every node inside a call to _, ngettext, N_ (or gettext)
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
            inside.update(id(n) for arg in node.args for n in ast.walk(arg))
    return inside


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its text parts, the fields as {}
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def literals_in(path: Path, rel: str) -> list[Literal]:
    """The Spanish string literals of one Python file that no _()/ngettext/N_ marks."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    skip, inside = _docstrings(tree), _marked(tree)
    in_fstring = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside or id(node) in in_fstring:
            continue
        text = _literal_text(node)
        if text is None or not spanish(text):
            continue
        line = getattr(node, "lineno", 0)
        if IGNORE_MARK in (lines[line - 1] if 0 < line <= len(lines) else ""):
            continue
        found.append(Literal(rel, line, text))
    return sorted(found, key=lambda lit: (lit.path, lit.line))


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        elif path.suffix == ".py":
            yield path


def untranslated(paths: Iterable[Path] | None = None) -> list[Literal]:
    """Every unmarked Spanish literal under ``paths`` (default: the package), file:line."""
    found: list[Literal] = []
    for path in python_files(paths or [PACKAGE]):
        resolved = path.resolve()
        rel = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else path.as_posix()
        found.extend(literals_in(path, rel))
    return found


def counts(found: Iterable[Literal]) -> dict[str, int]:  # per module, how many are left (the ratchet)
    return dict(sorted(Counter(lit.path for lit in found).items()))


def cmd_untranslated(args: argparse.Namespace) -> int:
    found = untranslated([Path(p) for p in args.paths] if args.paths else None)
    if args.write_baseline:
        BASELINE.write_text(json.dumps(counts(found), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{BASELINE.relative_to(ROOT)}: {len(found)} literales en {len(counts(found))} módulos")
        return 0
    if args.count:
        for module, n in sorted(counts(found).items(), key=lambda kv: -kv[1]):
            print(f"{n:5d}  {module}")
    else:
        for lit in found:
            print(lit)
    print(f"{len(found)} literales en español sin marcar", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="los msgid, uno por línea").set_defaults(run=cmd_extract)
    update = sub.add_parser("update", help="los msgid nuevos al .po (vacíos), los viejos fuera")
    update.add_argument("langs", nargs="*")
    update.set_defaults(run=cmd_update)
    sub.add_parser("compile", help="cada .po a su .mo").set_defaults(run=cmd_compile)
    sub.add_parser("check", help="traducciones que faltan, dudosas, con otros campos; .mo viejo").set_defaults(run=cmd_check)
    unt = sub.add_parser("untranslated", help="literales en español sin _() (archivo:línea)")
    unt.add_argument("paths", nargs="*")
    unt.add_argument("--count", action="store_true", help="cuántos por módulo")
    unt.add_argument("--write-baseline", action="store_true", help=f"escribe {BASELINE.relative_to(ROOT)}")
    unt.set_defaults(run=cmd_untranslated)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
