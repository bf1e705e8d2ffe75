"""The rule-based sentence splitter: abbreviations, initials, quotes, paragraphs and exact offsets."""

from __future__ import annotations

import itertools

import pytest

from factionmap.extract.sentences import MAX_SENTENCE_CHARS, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_offsets_exact(text: str, stripped: bool = True) -> None:
    """Every sentence is the article's own characters at its offsets, indexed in order."""
    sentences = split_sentences(text)
    for k, s in enumerate(sentences):
        assert s.index == k
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() or not stripped
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. military struck a camp near the border. Officials confirmed the raid.",
            ["The U.S. military struck a camp near the border.", "Officials confirmed the raid."],
        ),
        (
            "The U.N. envoy met both sides. Talks resumed on Monday.",
            ["The U.N. envoy met both sides.", "Talks resumed on Monday."],
        ),
        ("Gen. Mahmoud spoke first. Dr. Osei answered him.", ["Gen. Mahmoud spoke first.", "Dr. Osei answered him."]),
        (
            "Abu Bakr M. Shekau led the faction. He was killed later.",
            ["Abu Bakr M. Shekau led the faction.", "He was killed later."],
        ),
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text, expected):
    assert texts(text) == expected
    assert_offsets_exact(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'The commander said: "We will not retreat." The brigade then withdrew.',
            ['The commander said: "We will not retreat."', "The brigade then withdrew."],
        ),
        (
            "The spokesman said: “We will not retreat.” The brigade then withdrew.",
            ["The spokesman said: “We will not retreat.”", "The brigade then withdrew."],
        ),
        (
            "The militia withdrew (under pressure.) Its rivals advanced.",
            ["The militia withdrew (under pressure.)", "Its rivals advanced."],
        ),
    ],
)
def test_closing_quotes_and_brackets_stay_with_their_sentence(text, expected):
    assert texts(text) == expected
    assert_offsets_exact(text)


def test_question_and_exclamation_marks_end_sentences():
    text = "Was the truce real? Nobody knew! Then 2016 came."
    assert texts(text) == ["Was the truce real?", "Nobody knew!", "Then 2016 came."]


def test_lowercase_continuation_is_not_a_new_sentence():
    assert texts("The faction, i.e. the northern wing, agreed. it is unclear why.") == [
        "The faction, i.e. the northern wing, agreed. it is unclear why."
    ]


def test_paragraph_breaks_always_end_a_sentence():
    text = "A headline with no full stop\nThe first paragraph ends here.\n\nThe second. And a third."
    assert texts(text) == [
        "A headline with no full stop",
        "The first paragraph ends here.",
        "The second.",
        "And a third.",
    ]
    assert_offsets_exact(text)


def test_offsets_are_exact_with_surrounding_whitespace():
    text = "   Leading spaces here.   Gaps between.  \n\n  Indented paragraph.  "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(3, 23), (26, 39), (45, 64)]
    assert_offsets_exact(text)


def test_empty_and_blank_text_give_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("  \n\n \n") == []


OVERLONG = "Then " + "the militia moved north, " * (2 * MAX_SENTENCE_CHARS // 25) + "and stopped."


def test_overlong_runs_are_cut_with_offsets_kept():
    sentences = split_sentences(OVERLONG)
    assert len(sentences) >= 2
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert_offsets_exact(OVERLONG, stripped=False)
    assert "".join(s.text for s in sentences) == OVERLONG  # contiguous: no character lost


def test_overlong_runs_are_cut_at_a_clause_boundary():
    pieces = split_sentences(OVERLONG)[:-1]
    assert all(p.text.endswith(",") for p in pieces)
