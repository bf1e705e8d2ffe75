"""The grammar of the cue frames: who fills which slot of a cue word in a dependency parse.

Two questions about one parsed sentence, neither of which knows what a cue means. ``slots`` finds a cue
word's slots in the parse (subject, agent, object, possessor, compound, an of-phrase, prepositional
phrases, "between X and Y", and for nouns the entity the noun describes: "X, an offshoot of Y" / "X is an
extension of Y" / "Y's branch X"), reaching through control, raising and purpose clauses. ``SentenceGraph``
says which mentions a slot's token stands for: those whose noun phrase reaches it through coordination,
apposition and transparent heads ("Taliban fighters", "the return of the Taliban").

Kept apart from frames.py, which turns slots into (head, type, tail) candidates from the vocabulary,
because the learned relation model reads a sentence through the same ``SentenceGraph`` (pairs.py,
decide.py) without using the frames' roles and types at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from factionmap.extract.lexicon import load_word_sets
from factionmap.vocab import Cue

_WORDS = load_word_sets("frame_words.yaml")  # the word lists below are data; see the comments there

NOUN_POS = ("NOUN", "PROPN", "PRON", "NUM")
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
CLIMB_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
MAX_CONTROL_DEPTH = 3
PLACE_KINDS = frozenset({"LOCATION", "STATE"})
TARGET_PREPS = frozenset({"against", "on"})
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
RAISING_VERBS = _WORDS["raising_verbs"]
LIGHT_VERBS = _WORDS["light_verbs"]
PURPOSE_NOUNS = _WORDS["purpose_nouns"]
CAUSATIVE_VERBS = _WORDS["causative_verbs"]
EXAMPLE_PREPS = _WORDS["example_preps"]
REVERSAL_NOUNS = _WORDS["reversal_nouns"]
MEMBER_NOUNS = _WORDS["member_nouns"]


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """A mention placed in a parsed sentence: its index in the article's mention list and its tokens."""

    index: int
    start: int  # token index in the sentence Doc
    end: int
    root: int
    actor_id: str
    actor_type: str


class SentenceGraph:
    """One parsed sentence with its mentions, answering which mentions fill which slot of a token."""

    def __init__(self, doc: Doc, spans: Sequence[MentionSpan]) -> None:
        self.doc = doc
        self.spans = list(spans)
        self.owner: dict[int, int] = {}
        for k, s in enumerate(self.spans):
            for i in range(s.start, s.end):
                self.owner[i] = k
        self._reattach_appositions()
        self._reach: dict[int, list[int]] = {}
        for k, s in enumerate(self.spans):
            for tok in self._climb(doc[s.root], k):
                self._reach.setdefault(tok, []).append(k)

    def _reattach_appositions(self) -> None:
        """ "X's branch in Yemen, Y": the parser hangs Y on the place; Y describes the branch.
        "attacks in Kabul and Herat against Y": the parser hangs "against Y" on the last place."""
        for tok in self.doc:
            if (
                tok.dep_ == "prep"
                and tok.lower_ in TARGET_PREPS
                and tok.head.i in self.owner
                and self.spans[self.owner[tok.head.i]].actor_type in PLACE_KINDS
            ):
                place = tok.head
                while place.dep_ == "conj" and place.head.i != place.i:
                    place = place.head
                if place.dep_ == "pobj" and place.head.dep_ == "prep":
                    tok.head = place.head.head
                continue
            head = tok.head
            if tok.dep_ != "appos" or head.dep_ != "pobj" or head.i not in self.owner or tok.i not in self.owner:
                continue
            place_span, named_span = self.spans[self.owner[head.i]], self.spans[self.owner[tok.i]]
            if place_span.actor_type in PLACE_KINDS and named_span.actor_type not in PLACE_KINDS:
                host = head.head.head
                if host.pos_ in ("NOUN", "PROPN") and host.i not in self.owner:
                    tok.head = host

    # -- which mentions a token stands for ----------------------------------------------------------
    def _describes_other(self, tok: Token, k: int) -> bool:
        """True when ``tok`` is a noun that names another entity (so climbing into it would be wrong)."""
        if tok.dep_ == "appos" and self.owner.get(tok.head.i, k) != k:
            return True
        if tok.dep_ == "compound" and tok.head.i in self.owner and self.owner[tok.head.i] != k:
            return True
        return any(c.dep_ == "appos" and c.i in self.owner and self.owner[c.i] != k for c in tok.children)

    def _climb(self, tok: Token, k: int) -> list[int]:
        """Tokens whose slot this mention inherits: itself, then heads over transparent links."""
        chain = [tok.i]
        seen = {tok.i}
        while tok.head.i != tok.i and len(chain) < 8:
            dep, head = tok.dep_, tok.head
            if dep in ("conj", "appos"):
                nxt = head
            elif dep in CLIMB_DEPS and head.pos_ in NOUN_POS:
                if dep == "poss" and self.spans[k].actor_type == "PERSON":
                    break  # "General X's unit captured ...": the unit acts, not the person
                nxt = head
            elif dep == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUN_POS:
                if head.head.lemma_.lower() in REVERSAL_NOUNS:
                    break  # celebrating the fall of X is not praising X
                nxt = head.head
            elif dep == "pobj" and head.lower_ == "from" and head.head.lower_ in MEMBER_NOUNS:
                nxt = head.head  # "fighters from X attacked": X's people stand for X
            elif dep == "pobj" and _is_example_prep(head) and head.head.pos_ in NOUN_POS:
                nxt = head.head  # "groups such as X, Y": X and Y stand for the groups
            else:
                break
            if dep not in ("conj", "appos"):
                if nxt.i in self.owner and self.owner[nxt.i] != k:
                    break
                if self._describes_other(nxt, k):
                    break
            if nxt.i in seen:
                break
            seen.add(nxt.i)
            chain.append(nxt.i)
            tok = nxt
        return chain

    def fillers(self, tok: Token | None) -> list[int]:
        """Mentions that the noun phrase headed by ``tok`` stands for (coordination included)."""
        if tok is None:
            return []
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            tok = tok.head.head
        found = list(self._reach.get(tok.i, []))
        if tok.i in self.owner and self.owner[tok.i] not in found:
            found.append(self.owner[tok.i])
        return found


def _is_example_prep(prep: Token) -> bool:
    """ "such as", "including", "like", "especially", "namely" introduce members of a set."""
    word = prep.lower_
    if word == "as":
        return any(c.lower_ == "such" for c in prep.children) or (prep.i > 0 and prep.nbor(-1).lower_ == "such")
    return word in EXAMPLE_PREPS


# -- slots of a cue ---------------------------------------------------------------------------------
def subjects(tok: Token, depth: int = 0) -> list[Token]:
    children = list(tok.children)
    subs = [c for c in children if c.dep_ in SUBJECT_DEPS]
    if not subs and depth > 0 and tok.lemma_.lower() in RAISING_VERBS:
        subs = [c for c in children if c.dep_ == "nsubjpass"]  # "X is believed to support Y": X supports
    if subs or depth >= MAX_CONTROL_DEPTH or any(c.dep_ == "nsubjpass" for c in children):
        return subs
    if (
        tok.dep_ in ("relcl", "acl")
        and tok.head.lemma_.lower() in PURPOSE_NOUNS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    ):
        verb = _governing_verb(tok.head)  # "X attacked in a bid to seize Y": X seizes
        return subjects(verb, depth + 1) if verb is not None else []
    if tok.dep_ == "relcl":
        return [tok.head]
    if tok.dep_ == "acl" and tok.tag_ == "VBG":
        return [tok.head]
    if tok.dep_ == "xcomp" and tok.head.pos_ == "VERB":
        objs = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
        if objs:  # object control: "X forced Y to attack Z": Y attacks; "X urged Y to attack Z": nobody yet
            return objs if tok.head.lemma_.lower() in CAUSATIVE_VERBS else []
    if tok.dep_ in ("xcomp", "conj", "advcl", "ccomp") and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        return subjects(tok.head, depth + 1)
    if tok.dep_ == "acomp" and tok.head.pos_ in ("VERB", "AUX"):
        return subjects(tok.head, depth + 1)  # "X was able to attack Y": X attacks
    if tok.dep_ == "pcomp" and tok.head.head.pos_ in ("VERB", "AUX"):
        return subjects(tok.head.head, depth + 1)  # "X succeeded by forming ...": X forms
    return []


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun hangs on, directly ("made an attempt") or through a preposition ("in a bid")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head.i != noun.i else None


def _prep_objects(prep: Token) -> list[Token]:
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objs:  # a two-word preposition ("out of X", "away from X") is named by its first word
        objs = [o for c in prep.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return objs


def _described(tok: Token) -> list[Token]:
    """The entity a predicate noun/adjective is said of: apposition, copula, "as", compound head."""
    dep, head = tok.dep_, tok.head
    named = [c for c in tok.children if c.dep_ == "appos"]
    if dep == "conj":  # "X and its allies A, B": the conjunct's own apposition names what it describes
        return named or _described(head)
    if dep == "appos":
        return [head]
    if dep == "compound" and head.pos_ in ("PROPN", "NOUN"):
        return [head]
    if dep in ("attr", "acomp", "oprd"):
        subs = subjects(head)
        objs = [c for c in head.children if c.dep_ == "dobj"]
        return objs if dep == "oprd" and objs else subs
    if dep == "amod" and tok.pos_ == "ADJ":
        return [head]
    if dep == "pobj" and head.lower_ == "as":
        verb = head.head
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs or subjects(verb)
    if dep == "ccomp" and tok.pos_ in ("NOUN", "PROPN"):
        return [c for c in head.children if c.dep_ == "dobj"] or subjects(tok)
    appos = [c for c in tok.children if c.dep_ == "appos"]
    return appos


def _framesubjects(tok: Token) -> list[Token]:
    """Who says it of whom: the subject of the verb a predicate noun hangs on ("X considers Y a Z",
    "X referred to Y as Z", "X called Y Z")."""
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ in ("oprd", "ccomp", "xcomp", "attr") and tok.head.pos_ == "VERB":
        verb = tok.head
        if verb.lemma_ == "be":
            return []
        return subjects(verb)
    if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
        return subjects(tok.head.head)
    return []


def slots(tok: Token, cue: Cue) -> list[tuple[str, Token]]:
    """(slot name, filler token) pairs for one cue token."""
    out: list[tuple[str, Token]] = []
    children = list(tok.children)
    if cue.pos in ("VERB", "ADJ", "ADV"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) or (tok.dep_ == "acl" and tok.tag_ == "VBN")
        out += [("obj" if passive else "subj", s) for s in subjects(tok)] if not passive else []
        out += [("obj", c) for c in children if c.dep_ == "nsubjpass"]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            out.append(("obj", tok.head))
        out += _hyphen_participle(tok)
        out += [("obj", c) for c in children if c.dep_ == "dobj"]
        out += [("dative", c) for c in children if c.dep_ == "dative"]
        for agent in (c for c in children if c.dep_ == "agent"):
            out += [("agent", o) for o in _prep_objects(agent)]
        if cue.pos in ("ADJ", "ADV"):
            out += [("described", d) for d in _described(tok)]
        objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
        prep_hosts = [tok] + [x for c in objects for x in (c, *c.conjuncts)]  # "support for X was provided"
    else:
        out += [("poss", c) for c in children if c.dep_ == "poss"]
        out += [("compound", c) for c in children if c.dep_ in ("compound", "amod", "nmod")]
        out += [("described", d) for d in _described(tok)]
        out += [("frame_subj", s) for s in _framesubjects(tok)]
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS:
            out += [("gov_subj", s) for s in subjects(tok.head)]
        elif tok.dep_ == "nsubjpass":
            for agent in (c for c in tok.head.children if c.dep_ == "agent"):
                out += [("gov_subj", o) for o in _prep_objects(agent)]
        prep_hosts = [tok]
    for host in prep_hosts:
        for prep in (c for c in host.children if c.dep_ in ("prep", "dative") and c.pos_ == "ADP"):
            word = prep.lower_
            name = "between" if word == "between" else ("of" if word == "of" else f"prep:{word}")
            out += [(name, o) for o in _prep_objects(prep)]
    return out


def _hyphen_participle(tok: Token) -> list[tuple[str, Token]]:
    """ "the Iran-backed group", "Turkish-funded militias": a participle hyphenated to a name before the
    noun it modifies is a passive with an agent: the name is the agent, the noun the object."""
    if tok.dep_ != "amod" or tok.tag_ != "VBN" or tok.i == 0 or tok.nbor(-1).text not in HYPHENS:
        return []
    agents = [c for c in tok.children if c.i < tok.i and c.dep_ in ("npadvmod", "compound", "nmod", "nsubj")]
    return [("obj", tok.head), *(("agent", a) for a in agents)] if agents else []
