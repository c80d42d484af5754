"""«¿Quiso decir…?» (model/suggest.py): the right suggestion, a bounded number per file."""

from __future__ import annotations

from coprod_cli.model.suggest import MAX_WORD, PER_FILE, FileBudget, Suggestions, suggest


def test_the_closest_choice_is_suggested():
    actors = ["imas", "ina", "municipalidad", "asociaciones-desarrollo"]
    assert suggest("imass", actors) == "; ¿quiso decir «imas»?"
    assert suggest("municipalida", actors) == "; ¿quiso decir «municipalidad»?"
    assert suggest("objetvo", ["objetivo", "actividad", "meta"]) == "; ¿quiso decir «objetivo»?"
    assert suggest("desarrollo", ["desarrollo-local", "convivencia-paz-social"]) == "; ¿quiso decir «desarrollo-local»?"
    assert suggest("xyz", actors) == ""  # nothing close
    assert suggest("imas", []) == ""
    assert suggest("i" * (MAX_WORD + 1), ["i"]) == ""  # no id is that long


def test_equally_close_choices_give_the_same_answer_in_any_order():
    a = Suggestions(["abcx", "abcy"]).closest("abc")
    b = Suggestions(["abcy", "abcx"]).closest("abc")
    assert a == b == "abcx"


def test_a_file_gets_suggestions_for_its_first_distinct_wrong_values_only():
    known = Suggestions([f"actor-{i:03d}" for i in range(100)])
    hints = known.for_file()
    given = [hints(f"actor-{i:03d}x") for i in range(PER_FILE + 10)]
    assert all(given[:PER_FILE]) and not any(given[PER_FILE:])
    assert hints("actor-000x") == given[0]  # a value seen before keeps its suggestion
    # Another file starts again, whatever the first one looked up (the cache must agree with a fresh run).
    assert known.for_file()(f"actor-{PER_FILE + 5:03d}x") == f"; ¿quiso decir «actor-{PER_FILE + 5:03d}»?"


def test_the_budget_is_shared_by_every_lookup_of_a_file():
    budget = FileBudget()
    keys, values = Suggestions(["objetivo", "meta"]), Suggestions(["borrador", "firmado"])
    for i in range(PER_FILE):
        assert keys.for_file(budget)(f"objetiv{i}")
    assert values.for_file(budget)("borador") == ""


def test_targets_match_ids_names_and_acronyms_without_case_or_accents():
    from coprod_cli.model.suggest import Targets, folded

    actors = Targets([
        ("imas", "Instituto Mixto de Ayuda Social", ("IMAS",)),
        ("msp", "Ministerio de Seguridad Pública", ("MSP",)),
        ("lideres-comunales", "Líderes comunales", ()),
    ])
    imas = "; ¿quiso decir «imas» (Instituto Mixto de Ayuda Social)?"
    for written in ("IMAS", "Imas", "Instituto Mixto de Ayuda Social", "instituto mixto de ayuda social", "imass", "instituto-mixto"):
        assert actors(written) == imas, written
    assert actors("Ministerio de Seguridad Publica") == "; ¿quiso decir «msp» (Ministerio de Seguridad Pública)?"
    assert actors("Líderes Comunales") == "; ¿quiso decir «lideres-comunales»?"  # the name is the id: not repeated
    assert actors("xyz") == ""
    assert actors("I" * (MAX_WORD + 1)) == ""
    assert folded("Los  Guido!") == folded("los-guido") == "los guido"
    # The per-file budget counts them like any suggestion.
    budget = FileBudget()
    assert all(actors.for_file(budget)(f"IMAS{i}") for i in range(PER_FILE))
    assert actors.for_file(budget)("MSP") == ""
