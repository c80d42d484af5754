"""Rule registry: stable codes, default severities, one-line Spanish messages.

Codes are never renumbered or reused. Ranges follow the domain:

* CP0xx reading a file (syntax, encoding, structure of the repository)
* CP1xx schema (missing, wrong type, unknown key)
* CP2xx agreements
* CP3xx actor map
* CP4xx annual plans
* CP5xx references between files
* CP6xx personal data

A rule's docstring is its documentation (``coprod rules --explain CODE``).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

if TYPE_CHECKING:
    from ..load.repository import Repository
    from ..load.yamlsource import SourceFile


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "error", "warning": "advertencia"}[self.value]


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a file, a YAML path in it and a Spanish message."""

    source: "SourceFile"
    path: tuple[Any, ...]
    message: str
    target: str = "value"  # "value" or "key": see SourceFile.locate


CheckFn = Callable[..., Iterator[Finding]]  # (repository) or, for a dated rule, (repository, today)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # one line, Spanish
    explanation: str  # longer Spanish text with Incorrecto/Correcto examples
    check: Optional[CheckFn]  # None for rules the loader and schema stage emit
    configurable: bool
    #: "file": what it reports on an agreement depends only on that agreement
    #: and the shared files (canton, actors, plans), so the validation cache
    #: may keep it; "index": it compares agreements with each other and runs
    #: on every validation.
    scope: str = "file"
    #: Whether the rule depends on the current month (its check takes it as a
    #: second argument): what it reports changes with the calendar, not only
    #: with the files (the validation cache keys on the month for it).
    dated: bool = False


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.code in RULES:
        raise ValueError(f"código de regla repetido: {rule.code}")
    RULES[rule.code] = rule


def rule(code: str, name: str, severity: Severity, summary: str, scope: str = "file", dated: bool = False) -> Callable[[CheckFn], CheckFn]:
    """Register a check function; its docstring is the rule's explanation.
    A ``dated`` rule's check takes the current month as a second argument."""

    def deco(fn: CheckFn) -> CheckFn:
        _register(Rule(code, name, severity, summary, inspect.cleandoc(fn.__doc__ or ""), fn, configurable=True, scope=scope, dated=dated))
        return fn

    return deco


def builtin(code: str, name: str, severity: Severity, summary: str, explanation: str) -> None:
    """Register a rule the reading or schema stage emits (cannot be switched off)."""
    _register(Rule(code, name, severity, summary, inspect.cleandoc(explanation), None, configurable=False))


def all_rules() -> list[Rule]:
    from . import rules  # noqa: F401  (registers the rules)

    return [RULES[c] for c in sorted(RULES)]
