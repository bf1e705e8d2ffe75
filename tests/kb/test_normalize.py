"""Name folding: every variant a news text uses for a name must fold to the alias's key."""

import pytest

from factionmap.kb.normalize import alias_key, normalize, normalize_with_offsets


@pytest.mark.parametrize("mark", ["'", "’", "‘", "`", "ʼ", "ʻ", "´", "ʾ", "ʿ"])
def test_every_apostrophe_form_folds_the_same(mark):
    assert normalize(f"Jama{mark}at Ansar") == "jamaat ansar"
    assert normalize(f"Hezbollah{mark}s men") == "hezbollah men"


@pytest.mark.parametrize("text", ["al-Qaida", "Al Qaida", "al Qaida", "AL-QAIDA", "al‑Qaida", "al–Qaida", "el-Qaida"])
def test_arabic_article_and_hyphen_variants(text):
    assert normalize(text) == "al qaida"


def test_assimilated_article_becomes_al_only_when_hyphenated():
    assert normalize("ash-Sham") == "al sham"
    assert normalize("as-Sahab") == "al sahab"
    assert normalize("as soon as") == "as soon as"


def test_possessive_is_stripped_but_not_inner_s():
    assert normalize("the Taliban’s envoy") == "the taliban envoy"
    assert normalize("Da'ish") == "daish"
    assert normalize("the groups' leaders") == "the groups leaders"


def test_diacritics_and_case_fold():
    assert normalize("Türkiye") == "turkiye"
    assert normalize("Öcalan") == "ocalan"
    assert normalize("İslami Büyük Doğu") == "islami buyuk dogu"


def test_acronym_dots_are_dropped_and_other_dots_become_spaces():
    assert normalize("U.S.") == "us"
    assert normalize("the U.N. envoy") == "the un envoy"
    assert normalize("Kabul.Then") == "kabul then"


def test_punctuation_and_whitespace_collapse():
    assert normalize("  (HTS),\n\tand   TIP ") == "hts and tip"


def test_non_latin_script_is_kept():
    assert normalize("القاعدة") == "القاعدة"
    assert normalize("Группа Вагнера") == "группа вагнера"


def test_alias_key_drops_leading_the_only():
    assert alias_key("The Base") == "base"
    assert alias_key("Army of the Pure") == "army of the pure"


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.-backed SDF’s fighters met al-Qaeda's envoy in Türkiye.",
        "Da´ish — and ash-Shabaab (al-Shabab) — ʿAli's men",
        "ﬁghters of Hay'at Tahrir al-Sham",
    ],
)
def test_offsets_map_every_folded_char_back_to_the_original(text):
    folded, offsets = normalize_with_offsets(text)
    assert len(folded) == len(offsets)
    assert offsets == sorted(offsets)
    assert folded == normalize(text)
    for ch, i in zip(folded, offsets, strict=True):
        if ch != " ":
            assert ch in normalize(text[i]) or ch in "al"  # a ligature folds to two; "ash-" to "al "


def test_offsets_give_exact_original_span():
    text = "Yesterday the U.S. and al‑Qaeda’s allies met."
    folded, offsets = normalize_with_offsets(text)
    i = folded.index("al qaeda")
    j = i + len("al qaeda")
    assert text[offsets[i] : offsets[j - 1] + 1] == "al‑Qaeda"
    k = folded.index("us")
    assert text[offsets[k] : offsets[k + 1] + 1] == "U.S"
