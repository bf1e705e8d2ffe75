"""Pronouns and descriptions resolved to the actor meant, inside parsed sentences.

Rule-based, in the spirit of Hobbs and of centering theory: an anaphor's antecedent is a compatible
actor mention that came before it, preferring the subject (first mention) of the current or previous
sentence and the most recent otherwise, and never a co-argument of the same verb ("X congratulated
them" — "them" is not X). Descriptions that name their actor through a person ("al-Jolani's group",
"the Jolani terrorists") go through the knowledge base's leader links.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from spacy.tokens import Doc, Token

from factionmap.extract.frames import OFFICE_TITLES
from factionmap.extract.lexicon import MentionLexicon
from factionmap.extract.mentions import DocActors
from factionmap.model import Actor, Mention, MentionMethod, Sentence

MAX_SENTENCE_DISTANCE = 2
SUBJECT_BONUS = 1.5
GROUP_BONUS = 0.5
DISTANCE_COST = 2.0
COREF_SCORE = 0.75
SALIENCE_WEIGHT = 1.0  # per e-fold of earlier mentions of the same actor
DEMONSTRATIVES = frozenset({"the", "this", "that", "these", "those"})
PLURAL_SET_NOUNS = frozenset(
    {"groups", "factions", "sides", "movements", "organizations", "organisations", "parties", "forces"}
)
SET_KINDS = frozenset({"ARMED_GROUP", "STATE", "ORGANIZATION"})
# Set nouns that name non-state groups only: "the two groups" after "Niger and Burkina Faso" are not
# the two states ("sides", "parties" and "forces" may be states).
GROUP_SET_NOUNS = frozenset({"groups", "factions", "movements", "organizations", "organisations"})
GROUP_SET_KINDS = frozenset({"ARMED_GROUP", "ORGANIZATION"})
LED_VERBS = frozenset({"lead", "head", "command", "found"})
RULER_NOUNS = frozenset({"government", "regime", "administration", "junta"})
# A state's organs, which a local report names without the state ("the army said", "government forces").
HEAD_OF_GOVERNMENT_NOUNS = frozenset({"president", "minister", "premier"})
OFFICE_MODIFIERS = frozenset({"prime", "home", "foreign", "defence", "defense", "interior", "deputy"})
HOME_STATE_NOUNS = (
    frozenset({"army", "military", "government", "junta", "regime", "authorities", "forces", "troops", "tatmadaw"})
    | HEAD_OF_GOVERNMENT_NOUNS
)
STATE_NOUN_MODIFIERS = frozenset(
    {"government", "security", "armed", "state", "national", "federal", "regular", "central", "army", "military"}
)
STATE_FORCE_MODIFIERS = frozenset({"government", "security", "armed", "state", "army", "military"})
HOME_STATE_MIN_VOTES = 2.0
HOME_STATE_MARGIN = 1.5
POSSESSIVE_OF = {"their": "them", "its": "it", "his": "him", "her": "her"}
REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# Head-of-state titles written before a name ("President X", "Prime Minister Y", "King Z"), and the words
# a two-word title may carry before its head noun.
TITLE_PARTS = frozenset({"prime"})


def _sentence_of(m: Mention, sentences: Sequence[Sentence]) -> int:
    return m.sentence


def _first_in_sentence(prior: Sequence[Mention]) -> set[int]:
    first: dict[int, int] = {}
    for k, m in enumerate(prior):
        first.setdefault(m.sentence, k)
    return set(first.values())


def _co_arguments(tok: Token, to_orig, in_sentence: Sequence[Mention]) -> set[str]:
    """Actors that are co-arguments of the verb a pronoun depends on (binding: "X congratulated them" —
    them is not X; "they trained X" — they are not X), under any of their names. A reflexive ("X armed
    itself") binds to its subject instead."""
    if tok.lower_ in REFLEXIVES:
        return set()
    if tok.dep_ in ("dobj", "pobj", "dative"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        others = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
        verbs = [tok.head, *tok.head.conjuncts]
        others = [c for v in verbs for c in v.children if c.dep_ in ("dobj", "dative")]
    else:
        return set()
    actors = set()
    for s in others:
        for t in s.subtree:
            for m in in_sentence:
                if m.start <= to_orig(t.idx) < m.end:
                    actors.add(m.actor_id)
    return actors


def pick_antecedent(
    prior: Sequence[Mention],
    kinds: Sequence[str],
    sentence_index: int,
    exclude: Set[str] = frozenset(),
    plural: bool = False,
) -> Mention | None:
    """Best earlier mention of an allowed kind, by distance, subjecthood and kind; ``exclude`` holds the
    actor ids binding rules out."""
    pool = [m for m in prior if m.actor_type in kinds and m.actor_id not in exclude]
    if plural:  # "they" is rarely "the US" or "Turkish" (a modifier); "Afghan forces" is plural
        pool = [m for m in pool if m.actor_type != "STATE" or m.text.endswith("s")] or pool
    firsts = _first_in_sentence(pool)
    best, best_score = None, float("-inf")
    for k, m in enumerate(pool):
        distance = sentence_index - m.sentence
        if distance < 0 or distance > MAX_SENTENCE_DISTANCE:
            continue
        score = -DISTANCE_COST * distance + (SUBJECT_BONUS if k in firsts else 0.0)
        score += GROUP_BONUS if m.actor_type == "ARMED_GROUP" else 0.0
        score += k * 1e-6  # ties go to the most recent
        if score > best_score:
            best, best_score = m, score
    return best


def _same_as_object(tok: Token, to_orig, resolved: Sequence[Mention]) -> list[Mention]:
    """A possessive in a verb's prepositional phrase that matches the verb's object pronoun refers to the
    same actor: "thanked them for their support", "praised it for its restraint"."""
    noun = tok.head
    if tok.dep_ != "poss" or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return []
    objects = [c for c in noun.head.head.children if c.dep_ == "dobj" and POSSESSIVE_OF.get(tok.lower_) == c.lower_]
    if not objects:
        return []
    start = to_orig(objects[0].idx)
    return [m for m in resolved if m.start == start]


def _set_of(ant: Mention, pool: Sequence[Mention]) -> list[Mention]:
    """A plural pronoun whose antecedent is one member of a plural description ("these groups differ,
    but they united") stands for every member of that set."""
    if ant.method != MentionMethod.COREF:
        return [ant]
    members = {
        m.actor_id: m for m in pool if (m.start, m.end) == (ant.start, ant.end) and m.method == MentionMethod.COREF
    }
    return list(members.values()) or [ant]


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
    kinds = GROUP_SET_KINDS if tok.lower_ in GROUP_SET_NOUNS else SET_KINDS
    recent = [
        m for m in prior if 0 <= sentence_index - m.sentence <= MAX_SENTENCE_DISTANCE + 1 and m.actor_type in kinds
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


def _titled_office(
    tok: Token, to_orig, in_sentence: Sequence[Mention], sentence: Sentence, registry: DocActors
) -> Mention | None:
    """ "President Joe Biden", "Prime Minister Abiy Ahmed": a bare head-of-state title before a known
    person stands for the one state the knowledge base says that person leads. The title word (not the
    name) becomes a mention of that state, so the relation stage reads "President <person>" as LEADS.
    A title with its own modifiers ("former President", "Taliban leader") is left to the cue frames."""
    person_tok = tok.head
    if person_tok.i < tok.i or any(c.dep_ not in ("compound",) or c.lower_ not in TITLE_PARTS for c in tok.children):
        return None
    start_tok = min([tok, *tok.children], key=lambda t: t.i)
    person = next(
        (m for m in in_sentence if m.actor_type == "PERSON" and m.start <= to_orig(person_tok.idx) < m.end), None
    )
    actor = _state_led_by(person, registry)
    if actor is None:
        return None
    a, b = to_orig(start_tok.idx), to_orig(tok.idx + len(tok.text))
    return _over(a, b, sentence, actor.id, actor.type, MentionMethod.DESCRIPTION)


def _state_led_by(person: Mention | None, registry: DocActors):
    """The one state the knowledge base says a known person leads (None for none, several, or an unknown
    person): what "President X" and "the government of X" stand for."""
    if person is None or person.actor_id.startswith("new:"):
        return None
    led = list(dict.fromkeys(k.target for k in registry.kb.links(person.actor_id) if k.relation == "LEADS"))
    led = [x for x in led if registry.kb.actor(x).type == "STATE"]
    return registry.known(led[0]) if len(led) == 1 else None


def _leader_tokens(tok: Token) -> list[Token]:
    """Name tokens of the agent of a "led by" / "headed by" participle on ``tok``."""
    out = []
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in LED_VERBS):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            out += [o for o in agent.children if o.dep_ == "pobj"]
    return out


def _person_of(tokens: Sequence[Token], to_orig, in_sentence: Sequence[Mention]) -> Mention | None:
    """The known person mention covering one of ``tokens``."""
    for t in tokens:
        for m in in_sentence:
            if m.actor_type == "PERSON" and m.start <= to_orig(t.idx) < m.end:
                return m
    return None


def _ruler_state(
    tok: Token, to_orig, in_sentence: Sequence[Mention], sentence: Sentence, registry: DocActors
) -> Mention | None:
    """ "the government of Bashar al-Assad", "Maduro's government", "the Deby regime": a government
    named after its head is the state the knowledge base says that person leads."""
    named = [c for c in tok.children if c.dep_ in ("poss", "compound")]
    named += [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    person = _person_of(named, to_orig, in_sentence)
    actor = _state_led_by(person, registry)
    if actor is None:
        return None
    a, b = to_orig(tok.idx), to_orig(tok.idx + len(tok.text))
    return Mention(
        a,
        b,
        sentence.text[a - sentence.start : b - sentence.start],
        actor.id,
        actor.type,
        MentionMethod.DESCRIPTION,
        COREF_SCORE,
        sentence.index,
    )


def _bare_state_noun(tok: Token) -> bool:
    """ "the army", "the military", "the junta", "government forces", "security forces", "army spokesman":
    a state's organ named without its state. Not when a name, a demonym, a possessive or an "of" phrase
    says whose ("Mozambique's army", "the Malian army", "the government of Mali" are mentions already),
    nor a plain "forces"/"troops" (whose forces is anyone's guess)."""
    low = tok.lower_
    if tok.dep_ == "compound" and tok.head.lower_ in HOME_STATE_NOUNS:
        return False  # "government forces": the head noun carries the mention
    left = [c for c in tok.children if c.i < tok.i]
    modifiers = OFFICE_MODIFIERS if low in HEAD_OF_GOVERNMENT_NOUNS else STATE_NOUN_MODIFIERS
    if any(
        c.dep_ == "poss" or c.pos_ == "PROPN" or (c.dep_ in ("compound", "amod") and c.lower_ not in modifiers)
        for c in left
    ):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return False
    if low in ("forces", "troops"):
        return any(c.lower_ in STATE_FORCE_MODIFIERS for c in left)
    if low in HEAD_OF_GOVERNMENT_NOUNS:  # "the prime minister, X": only with "the", never "President X"
        return any(c.dep_ == "det" and c.lower_ == "the" for c in left) and all(
            c.dep_ == "det" or c.lower_ in OFFICE_MODIFIERS for c in left
        )
    det = next((c for c in left if c.dep_ == "det"), None)
    return det is None or det.lower_ == "the"


def home_state(mentions: Sequence[Mention], registry: DocActors):
    """The state an article's bare "the army" or "the government" belongs to: the state its mentions
    point at most, a state named counting twice and a known group's or place's recorded country once,
    when it leads the next by a clear margin; None when no state does."""
    votes: dict[str, float] = {}
    kb = registry.kb
    for m in mentions:
        if m.method == MentionMethod.HOME_STATE:
            continue
        if m.actor_type == "STATE":
            votes[m.actor_id] = votes.get(m.actor_id, 0.0) + 2.0
        elif not m.actor_id.startswith("new:") and m.actor_id in kb:
            for country in kb.actor(m.actor_id).country:
                state_id = kb.state_for_country(country)
                if state_id is not None:
                    votes[state_id] = votes.get(state_id, 0.0) + 1.0
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < HOME_STATE_MIN_VOTES or score < HOME_STATE_MARGIN * runner_up:
        return None
    return registry.known(best)


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
    lex: MentionLexicon,
    home: Actor | None = None,
) -> list[Mention]:
    """Coreference mentions for the anaphors and descriptions of one parsed sentence.

    ``to_orig`` maps the parsed (masked) sentence's offsets back to the article's; ``home`` is the state a
    bare "the army" or "the government" stands for (``home_state``), if the article has one.
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
        earlier = sorted((m for m in (*in_sentence, *out) if m.end <= a), key=lambda m: m.start)
        if (low in lex.pronouns and tok.pos_ == "PRON") or (
            low in ("its", "their", "his", "her") and tok.dep_ == "poss"
        ):
            kinds = lex.pronouns.get(low, ())
            same = _same_as_object(tok, to_orig, out)
            if same:  # "congratulated them on their victory": their = them
                out += [
                    Mention(a, b, tok.text, m.actor_id, m.actor_type, MentionMethod.COREF, COREF_SCORE, sentence.index)
                    for m in same
                ]
                continue
            pool = [*prior, *earlier]
            ant = pick_antecedent(
                pool, kinds, sentence.index, _co_arguments(tok, to_orig, in_sentence), plural=low in PLURAL_PRONOUNS
            )
            members = _set_of(ant, pool) if ant is not None and low in PLURAL_PRONOUNS else [ant]
            out += [
                Mention(a, b, tok.text, m.actor_id, m.actor_type, MentionMethod.COREF, COREF_SCORE, sentence.index)
                for m in members
                if m is not None
            ]
        elif (
            low in RULER_NOUNS
            and tok.pos_ == "NOUN"
            and (ruler := _ruler_state(tok, to_orig, in_sentence, sentence, registry)) is not None
        ):
            out.append(ruler)
            taken.append((ruler.start, ruler.end))
        elif home is not None and low in HOME_STATE_NOUNS and tok.pos_ in ("NOUN", "PROPN") and _bare_state_noun(tok):
            out.append(
                Mention(a, b, tok.text, home.id, home.type, MentionMethod.HOME_STATE, COREF_SCORE, sentence.index)
            )
            taken.append((a, b))
        elif low in OFFICE_TITLES and tok.dep_ == "compound":
            mention = _titled_office(tok, to_orig, in_sentence, sentence, registry)
            if mention is not None and free(mention.start, mention.end):
                out.append(mention)
                taken.append((mention.start, mention.end))
        elif low in PLURAL_SET_NOUNS and tok.pos_ == "NOUN" and (marker := _set_marker(tok)):
            members = _plural_set(tok, marker, [*prior, *earlier], sentence.index)
            out += [
                Mention(a, b, tok.text, m.actor_id, m.actor_type, MentionMethod.COREF, COREF_SCORE, sentence.index)
                for m in members
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
                return _over(a, b, sentence, actor.id, actor.type, MentionMethod.DESCRIPTION)
            return None  # "the Taliban's group", "Hamas militants": a name is already there
    leader = _person_of(_leader_tokens(tok), to_orig, in_sentence)
    group = _led_group(leader, registry) if leader is not None else None
    if group is not None:  # "the group, led by Iyad Ag Ghaly, ...": the group that person leads
        actor = registry.known(group)
        return _over(a, b, sentence, actor.id, actor.type, MentionMethod.DESCRIPTION)
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
    return _over(a, b, sentence, ant.actor_id, ant.actor_type, MentionMethod.COREF)


def _over(a: int, b: int, sentence: Sentence, actor_id: str, actor_type: str, method: MentionMethod) -> Mention:
    """A pronoun or description over characters a..b of the article that stands for an earlier actor."""
    text = sentence.text[a - sentence.start : b - sentence.start]
    return Mention(a, b, text, actor_id, actor_type, method, COREF_SCORE, sentence.index)
