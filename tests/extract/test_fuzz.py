"""Adversarial and random text to the extractor: every article ends in an Extraction or in an Outcome
error of one line (naming the cap when a per-document cap is hit), within a bounded time, never raising.

DOC_SECONDS is generous on purpose (a loaded CI machine): with the caps the worst document costs ~8 s
here and the cases below a few seconds; what it catches is a document that costs minutes (one list
sentence of 300 acronyms took 17 s, a page of them minutes, a million characters a minute).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factionmap.extract import pipeline
from factionmap.extract.parallel import Outcome, extract_one
from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from factionmap.model import Article, Extraction

DOC_SECONDS = 20.0
"""Wall time one document may take to extract; see the module docstring."""

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp())


@pytest.fixture(scope="module")
def names(extractor: Extractor) -> list[str]:
    """Names of known groups, organisations and states: text the gazetteer will find."""
    kinds = {"ARMED_GROUP", "ORGANIZATION", "STATE"}
    return sorted(a.name for a in extractor.kb if a.type in kinds and a.name.isascii())[:300]


@pytest.fixture(scope="module")
def acronyms(extractor: Extractor) -> list[str]:
    return sorted({x for a in extractor.kb for x in a.aliases if x.isupper() and x.isalpha() and 3 <= len(x) <= 6})


def _extract(extractor: Extractor, text: str) -> Outcome:
    start = time.monotonic()
    outcome = extract_one(extractor, Article(doc_id="fuzz", text=text))
    assert time.monotonic() - start < DOC_SECONDS
    assert isinstance(outcome, Outcome)
    if outcome.extraction is None:
        assert outcome.error and len(outcome.error.splitlines()) == 1, outcome.error
        assert "internal error" not in outcome.error, outcome.error
    else:
        assert isinstance(outcome.extraction, Extraction) and outcome.error is None
    return outcome


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]),
        st.characters(categories=["L", "N", "P", "S"]),
        st.sampled_from(list("\u200b\u200f\u202e\u2066\u2069\x00\x85\u2028 .,;:!?\"'()-\n")),
    ),
    max_size=600,
)


@FUZZ
@given(text=TEXT)
def test_random_text(extractor: Extractor, text: str) -> None:
    _extract(extractor, text)


@FUZZ
@given(data=st.data())
def test_random_text_around_actor_names(extractor: Extractor, names: list[str], data) -> None:
    """Known names and cue words among adversarial characters, so the parse and the relation stage run."""
    words = st.sampled_from(names) | st.sampled_from(["attacked", "allied with", "the group", "they", "in"]) | TEXT
    parts = data.draw(st.lists(words, min_size=2, max_size=40))
    joiner = data.draw(st.sampled_from([" ", ", ", ". ", "\u200b ", " \u202e", "\n", ""]))
    _extract(extractor, joiner.join(parts))


# -- each named family, explicitly ----------------------------------------------------------------------
def test_control_and_bidi_characters(extractor: Extractor, names: list[str]) -> None:
    """Text straight to the extractor (the readers remove these, an API caller may not)."""
    text = f"\u202e{names[0]}\x00 attacked\u200b \u2066{names[1]}\u2069\x85 near Gao\u200f, officials said.\x1b[0m"
    assert _extract(extractor, text).extraction is not None


def test_ten_thousand_word_sentence_without_punctuation(extractor: Extractor, names: list[str]) -> None:
    """Cut into pieces of at most MAX_SENTENCE_CHARS (so tokens) before the parser sees it."""
    words = []
    for i in range(10_000):
        words.append(f"{names[i // 50 % len(names)]} attacked" if i % 100 == 0 else "fighters")
    text = " ".join(words)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in split_sentences(text))
    assert _extract(extractor, text).extraction is not None


def test_article_over_the_character_cap_fails_at_once(extractor: Extractor) -> None:
    text = "The Hill Brigade attacked the army. " * (pipeline.MAX_ARTICLE_CHARS // 30)
    start = time.monotonic()
    outcome = _extract(extractor, text)
    assert time.monotonic() - start < 1
    assert "MAX_ARTICLE_CHARS" in outcome.error and f"{pipeline.MAX_ARTICLE_CHARS:,}" in outcome.error


def test_article_over_the_sentence_cap_fails_before_parsing(extractor: Extractor, acronyms: list[str]) -> None:
    text = " ".join(f"{acronyms[i % 50]} hit {acronyms[(i + 7) % 50]}." for i in range(pipeline.MAX_SENTENCES + 1))
    outcome = _extract(extractor, text)
    assert "MAX_SENTENCES" in outcome.error and f"{pipeline.MAX_SENTENCES:,}" in outcome.error


def test_article_over_the_mention_cap_fails(extractor: Extractor, acronyms: list[str]) -> None:
    """A page of acronyms: tens of thousands of gazetteer hits cost minutes before the cap (and the
    gazetteer's overlap test became linear)."""
    text = "\n".join(f"{acronyms[0]} attacked " + ", ".join(acronyms[k : k + 150]) + "." for k in range(60))
    outcome = _extract(extractor, text)
    assert "MAX_ARTICLE_MENTIONS" in outcome.error


def test_list_sentence_is_not_related_pairwise(extractor: Extractor, acronyms: list[str]) -> None:
    """One sentence listing 300 acronyms took 17 s in the relation stage; past MAX_SENTENCE_MENTIONS it is
    left out of it, and the article's other sentences are still read."""
    listing = (f"{acronyms[0]} attacked " + ", ".join(acronyms[1:301]))[: MAX_SENTENCE_CHARS - 10] + "."
    outcome = _extract(extractor, "Boko Haram pledged allegiance to the Islamic State in March 2015.\n" + listing)
    assert outcome.extraction is not None
    assert len([m for m in outcome.extraction.mentions if m.sentence == 1]) > pipeline.MAX_SENTENCE_MENTIONS
    assert {c.evidence_start for c in outcome.extraction.claims} <= {0}
    assert outcome.extraction.claims


def test_article_over_the_pair_cap_fails(extractor: Extractor, acronyms: list[str]) -> None:
    per = pipeline.MAX_SENTENCE_MENTIONS - 1
    count = pipeline.MAX_MENTION_PAIRS // (per * (per - 1) // 2) + 1
    text = "\n".join(f"{acronyms[k]} attacked " + ", ".join(acronyms[k + 1 : k + per]) + "." for k in range(count))
    outcome = _extract(extractor, text)
    assert "MAX_MENTION_PAIRS" in outcome.error


def test_normal_article_is_unaffected(extractor: Extractor) -> None:
    outcome = _extract(extractor, "Boko Haram pledged allegiance to the Islamic State in March 2015.")
    assert [(c.type, c.time) for c in outcome.extraction.claims] == [("PLEDGED_ALLEGIANCE", "2015-03")]


def test_article_over_the_acronym_definition_cap_fails(extractor: Extractor) -> None:
    """Each definition is looked for through the whole text: 6,200 of them cost 33 s before the cap."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    acros = [a + b + c for a in letters for b in letters for c in letters][: pipeline.MAX_ACRONYM_DEFINITIONS + 1]
    text = ", ".join(f"{a[0]}ardo {a[1]}ello {a[2]}ront ({a}) fought" for a in acros) + "."
    outcome = _extract(extractor, text)
    assert "MAX_ACRONYM_DEFINITIONS" in outcome.error
