"""Generate a realistic synthetic canton repository for benchmarks.

Deterministic from a seed: N agreements with schedules, progress, monitoring
answers and comments (about 6 KB each), an actor map and plans to match, and a
share of files with known problems (unknown actor, level off the scale,
misspelt key, duplicate key, month outside the schedule).

    python benchmarks/generate.py OUT --agreements 1000 --seed 7 --broken 0.05
    python benchmarks/generate.py OUT --cantons 50 --agreements 200   # a folder of cantons
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

AXES = [
    ("convivencia-paz-social", "Convivencia ciudadana y paz social", [1, 2, 3]),
    ("promocion-salud", "Promoción de la salud", [4, 5]),
    ("desarrollo-local", "Desarrollo local", [6, 7, 8]),
    ("ninez-adolescencia", "Niñez y adolescencia", [9, 10]),
]
FORMS = ["alianza", "coalicion_ciudadana", "convenio", "contrato", "carta_de_entendimiento", "alianza_publico_privada"]
STATES = ["borrador", "firmado", "en_ejecucion", "en_ejecucion", "en_ejecucion", "concluido"]
SECTORS = ["publico_nacional", "municipal", "sociedad_civil", "privado", "academia", "cooperacion"]
LEVELS = [0, 25, 50, 75, 100]
WORDS = (
    "familias jóvenes prevención comunidad distrito formación seguridad convivencia espacios públicos "
    "organización liderazgo acompañamiento institucional estrategia municipal talleres diagnóstico "
    "participación oferta programa proyecto coordinación sesiones barrio escuela salud empleo"
).split()
PROBLEMS = ["unknown_actor", "level", "typo", "duplicate", "month"]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def month(index: int) -> str:
    return f"{2015 + index // 12:04d}-{index % 12 + 1:02d}"


PROVINCES = ["San José", "Alajuela", "Cartago", "Heredia", "Guanacaste", "Puntarenas", "Limón"]


def write_canton(root: Path, territories: int, name: str = "Sintético", province: str = "San José") -> None:
    lines = [
        "# Cantón sintético para pruebas de rendimiento",
        f"canton: {name}",
        f"provincia: {province}",
        "pais: CR",
        "instancia:",
        "  tipo: CCCI",
        f"  nombre: CCCI {name}",
        "estrategia:",
        "  nombre: Estrategia Sintética 2015-2020",
        "  periodo: {inicio: 2015, fin: 2020}",
        "  ejes:",
    ]
    for ident, name, actions in AXES:
        lines += [f"    - id: {ident}", f"      nombre: {name}", "      acciones:"]
        for n in actions:
            lines += [f"        - numero: {n}", f"          nombre: Acción {n}"]
    lines.append("territorios:")
    for t in range(territories):
        lines += [f"  - id: distrito-{t}", f"    nombre: Distrito {t}", "    tipo: distrito", f"    priorizado: {'true' if t < 3 else 'false'}"]
    (root / "canton.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_actors(root: Path, rng: random.Random, n: int, territories: int) -> None:
    lines = ["# Mapa de actores sintético", "actores:"]
    for i in range(n):
        sector = "sociedad_civil" if i % 4 == 0 else rng.choice(SECTORS)
        lines += [
            f"  - id: actor-{i}",
            f"    nombre: Actor sintético {i}",
            f"    siglas: AS{i}",
            f"    sector: {sector}",
            f"    nivel: {rng.choice(['nacional', 'cantonal', 'distrital', 'comunal'])}",
            "    espacios: [CCCI]",
            f"    temas: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
            f"    territorios: [distrito-{rng.randrange(territories)}]",
            "    titular:",
            f"      nombre: Persona {i}-A",
            f"      correo: persona{i}a@actor{i}.example",
            f'      telefono: "+506 2{i:03d}-0001"',
            "    suplente:",
            f"      nombre: Persona {i}-B",
            f"      correo: persona{i}b@actor{i}.example",
        ]
    (root / "actores.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def agreement_text(rng: random.Random, ident: str, actors: int, territories: int, problem: str | None) -> str:
    axis, _, actions = rng.choice(AXES)
    start = rng.randrange(0, 48)
    length = rng.randrange(4, 13)
    lead = rng.randrange(actors)
    civil = [a for a in rng.sample(range(actors), 4) if a % 4 == 0] or [0]
    collabs = rng.sample(range(actors), 3)
    lines = [
        "# yaml-language-server: $schema=../schemas/acuerdo.schema.json",
        f"# Acuerdo sintético {ident}",
        f"id: {ident}",
        f"titulo: {q(sentence(rng, 6))}",
        f"forma: {rng.choice(FORMS)}",
        f"estado: {rng.choice(STATES)}",
        f"plan_anual: {2015 + start // 12}",
        "",
        "# 1. Encargados",
        "encargados:",
        f"  - nombre: Encargada {ident}",
        f"    actor: actor-{lead}",
        f"    correo: encargada.{ident}@ejemplo.example",
        '    telefono: "+506 2222-3333"',
        "",
        f"objetivo: >-\n  {sentence(rng, 18)}\n  {sentence(rng, 12)}",
        "",
        "actividad:",
        f"  actividad_programada: {q(sentence(rng, 10))}",
        "  planes_programas:",
        f"    - {q(sentence(rng, 4))}",
        f"    - {q(sentence(rng, 5))}",
        f"  meta: {q(sentence(rng, 12))}",
        f"  poblacion: {q(sentence(rng, 8))}",
        "  territorio:",
        f"    descripcion: {q(sentence(rng, 5))}",
        f"    territorios: [distrito-{rng.randrange(territories)}]",
        "  actores_sociedad_civil:",
        f"    descripcion: {q(sentence(rng, 8))}",
        f"    actores: [{', '.join(f'actor-{a}' for a in civil)}]",
        f"  actor_encargado: {'actor-inexistente' if problem == 'unknown_actor' else f'actor-{lead}'}",
        f"  actores_colaboradores: [{', '.join(f'actor-{a}' for a in collabs)}]",
        "  plazo:",
        f"    inicio: {month(start)}",
        f"    fin: {month(start + length - 1)}",
        f"  impacto_esperado: {q(sentence(rng, 14))}",
        "",
        "corresponsabilidad:",
    ]
    for a in [lead] + collabs:
        lines += [
            f"  - actor: actor-{a}",
            f"    roles: [{q(sentence(rng, 3))}]",
            "    responsabilidades:",
            f"      - {q(sentence(rng, 7))}",
            f"      - {q(sentence(rng, 6))}",
            f"    impacto_esperado: {q(sentence(rng, 9))}",
        ]
    lines += ["", "cronograma:", f"  eje: {axis}", f"  accion_estrategica: {rng.choice(actions)}", "  meses:"]
    for m in range(length):
        lines += [f"    - mes: {month(start + m)}  # mes {m + 1}", "      actividades:"]
        for s in range(rng.randrange(1, 3)):
            lines += [f"        - descripcion: {q(sentence(rng, 9))}", f"          lugar: {q(sentence(rng, 3))}"]
    lines += ["", "avance:"]
    reported = rng.randrange(0, length + 1)
    for m in range(reported):
        level = 60 if problem == "level" and m == 0 else rng.choice(LEVELS)
        mes = month(start + length + 3) if problem == "month" and m == 0 else month(start + m)
        lines += [f"  - mes: {mes}", f"    nivel: {level}"]
        if rng.random() < 0.3:
            lines.append(f"    nota: {q(sentence(rng, 8))}")
    if reported == 0:
        lines[-1] = "avance: []"
    lines += ["", "monitoreo:"]
    for key in (
        "objetivo", "actividad_programada", "planes_programas", "meta", "poblacion", "territorio",
        "actores_sociedad_civil", "actor_encargado", "actores_colaboradores", "plazo",
        "impacto_esperado", "roles", "responsabilidades", "cronograma",
    ):
        if rng.random() < 0.85:
            lines.append(f"  {key}: {{cumple: sí, observaciones: {q(sentence(rng, 5))}}}")
        else:
            lines.append(f'  {key}: {{cumple: "no", observaciones: {q(sentence(rng, 6))}}}')
    text = "\n".join(lines) + "\n"
    if problem == "typo":
        text = text.replace("\nobjetivo:", "\nobjetvo:", 1)
    if problem == "duplicate":
        text = text.replace("\nforma:", "\nforma: convenio\nforma:", 1)
    return text


def generate(out: Path, agreements: int, seed: int = 7, broken: float = 0.05, name: str = "Sintético", province: str = "San José") -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "acuerdos").mkdir(parents=True)
    (out / "planes").mkdir()
    actors = max(30, agreements // 20)
    territories = 12
    write_canton(out, territories, name, province)
    write_actors(out, rng, actors, territories)
    for year in range(2015, 2021):
        (out / "planes" / f"{year}.yaml").write_text(f"anio: {year}\nacciones: [1, 2, 7]\n", encoding="utf-8")
    counts = {p: 0 for p in PROBLEMS}
    for i in range(agreements):
        ident = f"acuerdo-{i:05d}"
        problem = PROBLEMS[i % len(PROBLEMS)] if rng.random() < broken else None
        if problem:
            counts[problem] += 1
        (out / "acuerdos" / f"{ident}.yaml").write_text(agreement_text(rng, ident, actors, territories, problem), encoding="utf-8")
    return counts


def generate_national(out: Path, cantons: int, agreements: int, seed: int = 7, broken: float = 0.05) -> dict[str, int]:
    """A folder of ``cantons`` synthetic cantons (``canton-01`` …), each of
    ``agreements`` agreements, its own seed, name and province: what a national
    body reads with ``coprod status CARPETA``. Returns the planted problems, summed."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    total = {p: 0 for p in PROBLEMS}
    for i in range(1, cantons + 1):
        counts = generate(out / f"canton-{i:02d}", agreements, seed=seed * 1000 + i, broken=broken,
                          name=f"Sintético {i:02d}", province=PROVINCES[i % len(PROVINCES)])
        for k, n in counts.items():
            total[k] += n
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--broken", type=float, default=0.05)
    parser.add_argument("--cantons", type=int, default=0, help="una carpeta de N cantones de --agreements acuerdos cada uno")
    args = parser.parse_args()
    if args.cantons:
        counts = generate_national(args.out, args.cantons, args.agreements, args.seed, args.broken)
        print(f"{args.cantons} cantones de {args.agreements} acuerdos en {args.out}; con problemas: {counts}")
        return
    counts = generate(args.out, args.agreements, args.seed, args.broken)
    print(f"{args.agreements} acuerdos en {args.out}; con problemas: {counts}")


if __name__ == "__main__":
    main()
