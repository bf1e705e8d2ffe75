"""Pronouns and descriptions resolved to the actor meant, inside parsed sentences.

Rule-based, in the spirit of Hobbs and of centering theory: an anaphor's antecedent is a compatible
actor mention that came before it, preferring the subject (first mention) of the current or previous
sentence and the most recent otherwise, and never a co-argument of the same verb ("X congratulated
them" — "them" is not X). Descriptions that name their actor through a person ("al-Jolani's group",
"the Jolani terrorists") go through the knowledge base's leader links.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from factionmap.extract.lexicon import Lexicon
from factionmap.extract.mentions import DocActors
from factionmap.model import Mention, Sentence

MAX_SENTENCE_DISTANCE = 2
SUBJECT_BONUS = 1.5
GROUP_BONUS = 0.5
DISTANCE_COST = 2.0
COREF_SCORE = 0.75
DEMONSTRATIVES = frozenset({"the", "this", "that", "these", "those"})
PLURAL_SET_NOUNS = frozenset(
    {"groups", "factions", "sides", "movements", "organizations", "organisations", "parties", "forces"}
)
SET_KINDS = frozenset({"ARMED_GROUP", "STATE", "ORGANIZATION"})


def _sentence_of(m: Mention, sentences: Sequence[Sentence]) -> int:
    return m.sentence


def _first_in_sentence(prior: Sequence[Mention]) -> set[int]:
    first: dict[int, int] = {}
    for k, m in enumerate(prior):
        first.setdefault(m.sentence, k)
    return set(first.values())


def _co_arguments(tok: Token, to_orig, in_sentence: Sequence[Mention]) -> set[tuple[int, int]]:
    """Spans of the subjects of the verb an object pronoun depends on (binding: they can't be its antecedent)."""
    if tok.dep_ not in ("dobj", "pobj", "dative"):
        return set()
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    spans = set()
    for s in subs:
        for t in s.subtree:
            for m in in_sentence:
                if m.start <= to_orig(t.idx) < m.end:
                    spans.add((m.start, m.end))
    return spans


def pick_antecedent(
    prior: Sequence[Mention], kinds: Sequence[str], sentence_index: int, exclude: set[tuple[int, int]] = frozenset()
) -> Mention | None:
    """Best earlier mention of an allowed kind, by distance, subjecthood and kind."""
    firsts = _first_in_sentence(prior)
    best, best_score = None, float("-inf")
    for k, m in enumerate(prior):
        if m.actor_type not in kinds or (m.start, m.end) in exclude:
            continue
        distance = sentence_index - m.sentence
        if distance < 0 or distance > MAX_SENTENCE_DISTANCE:
            continue
        score = -DISTANCE_COST * distance + (SUBJECT_BONUS if k in firsts else 0.0)
        score += GROUP_BONUS if m.actor_type == "ARMED_GROUP" else 0.0
        score += k * 1e-6  # ties go to the most recent
        if score > best_score:
            best, best_score = m, score
    return best


def _set_marker(tok: Token) -> str | None:
    """ "both groups", "the two sides" -> "two"; "these groups", "all of these groups" -> "these"."""
    words = {c.lower_ for c in tok.children if c.i < tok.i}
    if words & {"both", "two"}:
        return "two"
    if words & {"these", "those", "such"}:
        return "these"
    return None


def _plural_set(tok: Token, marker: str, prior: Sequence[Mention], sentence_index: int) -> list[Mention]:
    """The actors a plural description stands for: the last two named, or the last list of groups."""
    recent = [
        m for m in prior if 0 <= sentence_index - m.sentence <= MAX_SENTENCE_DISTANCE + 1 and m.actor_type in SET_KINDS
    ]
    if marker == "two":
        picked: dict[str, Mention] = {}
        for m in reversed(recent):
            if m.actor_id not in picked:
                picked[m.actor_id] = m
            if len(picked) == 2:
                return list(picked.values())
        return []
    by_sentence: dict[int, dict[str, Mention]] = {}
    for m in recent:
        if m.actor_type == "ARMED_GROUP":
            by_sentence.setdefault(m.sentence, {}).setdefault(m.actor_id, m)
    for index in sorted(by_sentence, reverse=True):
        if len(by_sentence[index]) >= 2:
            return list(by_sentence[index].values())
    return []


def _led_group(person: Mention, registry: DocActors) -> str | None:
    groups = registry.kb.leader_of(person.actor_id) if not person.actor_id.startswith("new:") else []
    groups = [g for g in groups if registry.kb.actor(g).type == "ARMED_GROUP"]  # "X's group" is not a state
    return groups[0] if groups else None


def resolve_sentence(
    doc: Doc,
    sentence: Sentence,
    to_orig,
    prior: Sequence[Mention],
    in_sentence: Sequence[Mention],
    registry: DocActors,
    lex: Lexicon,
) -> list[Mention]:
    """Coreference mentions for the anaphors and descriptions of one parsed sentence.

    ``to_orig`` maps the parsed (masked) sentence's offsets back to the article's.
    """
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in in_sentence]

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    for tok in doc:
        a, b = to_orig(tok.idx), to_orig(tok.idx + len(tok.text))
        if not free(a, b):
            continue
        low = tok.lower_
        earlier = [m for m in in_sentence if m.end <= a]
        if (low in lex.pronouns and tok.pos_ == "PRON") or (
            low in ("its", "their", "his", "her") and tok.dep_ == "poss"
        ):
            kinds = lex.pronouns.get(low, ())
            ant = pick_antecedent([*prior, *earlier], kinds, sentence.index, _co_arguments(tok, to_orig, in_sentence))
            if ant is not None:
                out.append(Mention(a, b, tok.text, ant.actor_id, ant.actor_type, "coref", COREF_SCORE, sentence.index))
        elif low in PLURAL_SET_NOUNS and tok.pos_ == "NOUN" and _set_marker(tok):
            members = _plural_set(tok, _set_marker(tok), [*prior, *earlier], sentence.index)
            out += [
                Mention(a, b, tok.text, m.actor_id, m.actor_type, "coref", COREF_SCORE, sentence.index) for m in members
            ]
            if members:
                taken.append((a, b))
        elif low in lex.group_nouns and tok.pos_ == "NOUN":
            mention = _description(tok, to_orig, prior, earlier, in_sentence, sentence, registry)
            if mention is not None and free(mention.start, mention.end):
                out.append(mention)
                taken.append((mention.start, mention.end))
    return out


def _description(
    tok: Token, to_orig, prior, earlier, in_sentence, sentence: Sentence, registry: DocActors
) -> Mention | None:
    """ "the group" / "this militant group" / "al-Jolani's group" / "the Jolani terrorists"."""
    left = [c for c in tok.children if c.i < tok.i]
    a, b = to_orig(tok.idx), to_orig(tok.idx + len(tok.text))  # the noun alone: a named person stays a mention
    base = sentence.start
    for c in left:
        if c.dep_ in ("poss", "compound"):
            person = next(
                (m for m in in_sentence if m.actor_type == "PERSON" and m.start <= to_orig(c.idx) < m.end), None
            )
            if person is not None:
                group = _led_group(person, registry)
                if group is None:
                    return None
                actor = registry.known(group)
                return Mention(
                    a,
                    b,
                    sentence.text[a - base : b - base],
                    actor.id,
                    actor.type,
                    "description",
                    COREF_SCORE,
                    sentence.index,
                )
            return None  # "the Taliban's group", "Hamas militants": a name is already there
    det = next((c for c in left if c.dep_ == "det"), None)
    if det is None or det.lower_ not in DEMONSTRATIVES:
        return None
    if any(c.dep_ in ("appos",) for c in tok.children) or tok.dep_ == "compound":
        return None  # "the group Boko Haram": the name follows
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and any(m.start <= to_orig(nxt.idx) < m.end for m in in_sentence):
        return None
    ant = pick_antecedent(
        [*prior, *earlier], ("ARMED_GROUP",), sentence.index, _co_arguments(tok, to_orig, in_sentence)
    )
    if ant is None:
        return None
    return Mention(
        a, b, sentence.text[a - base : b - base], ant.actor_id, ant.actor_type, "coref", COREF_SCORE, sentence.index
    )
