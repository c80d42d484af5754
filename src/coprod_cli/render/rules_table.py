"""The rules table as JSON and as Markdown (docs/reglas.md is generated from
it by `coprod rules --format markdown`; a test fails when it is stale)."""

from __future__ import annotations

import json

from ..check.registry import Rule
from ..lang import _


def rules_json(rules: list[Rule]) -> str:
    return json.dumps(
        [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "configurable": r.configurable,
                "summary": r.summary,
                "explanation": r.explanation,
            }
            for r in rules
        ],
        ensure_ascii=False,
        indent=2,
    )


def rules_markdown(rules: list[Rule]) -> str:
    lines = [
        _("# Reglas de `coprod validate`"),
        "",
        _("<!-- Generado por `coprod rules --format markdown > docs/reglas.md`; no lo edite a mano. -->"),
        "",
        _("Cada regla tiene un código estable que nunca se renumera ni se reutiliza. "
        "Las reglas configurables se pueden desactivar o cambiar de severidad en `canton.yaml`:"),
        "",
        "```yaml",
        "reglas:",
        "  CP301: desactivada",
        "  CP208: error",
        "```",
        "",
        _("| Código | Nombre | Severidad | Configurable | Mensaje |"),
        "|---|---|---|---|---|",
    ]
    for r in rules:
        summary = r.summary.replace("|", "\\|")
        lines.append(_("| [{code}](#{lower}) | `{name}` | {label} | {value} | {summary} |").format(
            code=r.code, lower=r.code.lower(), name=r.name, label=r.severity.label, value=_('sí') if r.configurable else _('no'), summary=summary))
    lines.append("")
    for r in rules:
        lines += [f"## {r.code}", "", _("**{name}** ({label}): {summary}.").format(name=r.name, label=r.severity.label, summary=r.summary), "", r.explanation, ""]
    return "\n".join(lines)
