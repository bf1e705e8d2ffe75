"""English inflections of a cue word from suffix rules: the forms a lemmatizer would bring back to a lemma.

Shared by the extraction pipeline (extract/selection.py, which feeds it spaCy's lemmatizer tables) and the
question reader (queries/ask.py, which uses the regular rules below), so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Regular inflection suffixes (form suffix, lemma suffix), used when the lemmatizer's tables are absent.
DEFAULT_RULES: Mapping[str, Sequence[tuple[str, str]]] = {
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "noun": (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}
POS_TABLE = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj", "ADP": None, "ADV": None}


def inflections(
    lemma: str,
    pos: str,
    rules: Mapping[str, Sequence[tuple[str, str]]],
    exceptions: Mapping[str, Mapping[str, Sequence[str]]],
) -> set[str]:
    """The forms a lemmatizer with these suffix rules and exceptions would bring back to ``lemma``."""
    table = POS_TABLE.get(pos, "verb")
    forms = {lemma}
    if table is None:
        return forms
    for form_suffix, lemma_suffix in rules.get(table, ()):
        if lemma.endswith(lemma_suffix):
            forms.add(lemma[: len(lemma) - len(lemma_suffix)] + form_suffix)
    if table == "verb" and len(lemma) > 2 and lemma[-1] not in "aeiouwxy":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "planned", "committing"
    forms |= {form for form, lemmas in exceptions.get(table, {}).items() if lemma in lemmas}
    return forms
