"""The cue frames: from a cue word's filled slots to (head mention, type, tail mention) candidates.

For every cue word of vocab.yaml in a parsed sentence, grammar.py finds the cue's slots and the mentions
that fill them; here the cue's class and its entry in vocab.yaml say which slots are the head and which
the tail, and a few modifiers change the type a cue states ("fought together": an alliance; a "former"
branch: a split).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from factionmap.extract.grammar import SentenceGraph, slots
from factionmap.extract.lexicon import load_word_sets
from factionmap.vocab import Cue, Vocab

_WORDS = load_word_sets("frame_words.yaml")  # the word lists below are data; see the comments there

NON_TAIL_PREPS = _WORDS["non_tail_preps"]
OFFICE_TITLES = _WORDS["office_titles"]
RANK_MODIFIERS = _WORDS["rank_modifiers"]

DEFAULT_ROLES = {
    "VERB": {
        "subj": "head",
        "agent": "head",
        "obj": "tail",
        "dative": "tail",
        "prep": "tail",
        "between": "both",
        "described": "head",
    },
    "ADJ": {"subj": "head", "agent": "head", "obj": "tail", "prep": "tail", "described": "head", "between": "both"},
    "ADV": {"subj": "head", "described": "head", "obj": "tail", "prep": "tail"},
    "relational": {
        "described": "head",
        "poss": "tail",
        "of": "tail",
        "compound": "tail",
        "prep:to": "tail",
        "prep:with": "tail",
        "prep:for": "tail",
        "between": "both",
        "prep:among": "both",
    },
    "event": {
        "poss": "head",
        "compound": "head",
        "gov_subj": "head",
        "prep:by": "head",
        "prep:from": "head",
        "prep:on": "tail",
        "prep:against": "tail",
        "prep:to": "tail",
        "prep:for": "tail",
        "prep:at": "tail",
        "prep:over": "tail",
        "prep:with": "tail",
        "between": "both",
    },
}


@dataclass(frozen=True, slots=True)
class Candidate:
    cue: Cue
    cue_token: int
    type: str
    head: int  # index into the MentionSpan list
    tail: int
    head_slot: str
    tail_slot: str


def role_of(cue: Cue, slot: str) -> str:
    """head, tail, both or none for a slot of this cue (vocab.yaml overrides, then class defaults)."""
    if slot in cue.roles:
        return cue.roles[slot]
    if slot.startswith("prep:") and slot[5:] in cue.roles:
        return cue.roles[slot[5:]]
    if cue.pos == "NOUN":
        return DEFAULT_ROLES[cue.noun_class or "relational"].get(slot, "none")
    table = DEFAULT_ROLES[cue.pos]
    if slot == "obj":
        return "tail" if cue.preps is None or "dobj" in cue.preps else "none"
    if slot == "dative":
        return "tail" if cue.preps is None or "dative" in cue.preps else "none"
    if slot.startswith("prep:"):
        word = slot[5:]
        if word in cue.by_prep:
            return "tail"
        if cue.preps is not None:
            return "tail" if word in cue.preps else "none"
        return "none" if word in NON_TAIL_PREPS else table["prep"]
    return table.get(slot, "none")


def cue_matches(tok: Token, cue: Cue) -> bool:
    """Two-word cues need their second word: the verb's object/particle, or the noun's compound."""
    if cue.obj_lemma is None:
        return True
    if cue.obj_lemma.startswith("compound:"):
        word = cue.obj_lemma.split(":", 1)[1]
        return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() == word for c in tok.children)
    for c in tok.children:
        if c.dep_ not in ("dobj", "prt", "advmod", "prep", "nsubjpass"):
            continue
        # "provided training, weapons and support": any conjunct of the object counts
        if any(x.lemma_.lower() == cue.obj_lemma for x in (c, *c.conjuncts)):
            return True
    return False


def _pos_key(tok: Token) -> str:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return tok.pos_


def find_candidates(graph: SentenceGraph, vocab: Vocab) -> list[Candidate]:
    """Every (head, type, tail) that a cue of the sentence licenses between two of its mentions."""
    out: list[Candidate] = []
    for tok in graph.doc:
        if tok.i in graph.owner:
            continue
        lemma = tok.lemma_.lower()
        cues = vocab.cues_for(lemma, _pos_key(tok))
        if not cues and tok.pos_ == "VERB" and tok.tag_ == "VBN":
            cues = vocab.cues_for(tok.lower_, "ADJ")
        for cue in cues:
            if cue_matches(tok, cue):
                out += _pairs(graph, tok, cue, vocab)
    return out


def _is_title(tok: Token) -> bool:
    """A noun used as a title right before a name ("President X", "Somali President X")."""
    return tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i


def _modified_type(tok: Token, cue: Cue, ctype: str, slot: str) -> str:
    """Modifiers that change what a cue says: fighting *together* is an alliance; a *former* branch
    has split; "an al-Qaeda leader" (one of its leaders) is membership, "the leader of" leadership."""
    mods = {
        c.lemma_.lower()
        for c in tok.children
        if c.dep_ in ("advmod", "amod", "det", "prt") or (c.dep_ == "compound" and c.lower_ in RANK_MODIFIERS)
    }
    if ctype == "ATTACKS" and cue.reciprocal and mods & {"together", "jointly"}:
        return "ALLY_OF"
    if ctype == "AFFILIATE_OF" and mods & {"former", "ex", "erstwhile", "onetime"}:
        return "SPLINTER_OF"
    if ctype == "LEADS" and cue.pos == "NOUN" and slot == "compound" and not mods & {"the", "its", "their"}:
        if cue.lemma in OFFICE_TITLES and _is_title(tok) and not mods & RANK_MODIFIERS:
            return ctype  # "Nigerian President Tinubu": the title names the one office holder
        return "MEMBER_OF"
    return ctype


def _pairs(graph: SentenceGraph, tok: Token, cue: Cue, vocab: Vocab) -> list[Candidate]:
    heads: list[tuple[int, str]] = []
    tails: list[tuple[int, str, str]] = []  # mention, slot, type
    both: list[tuple[int, str]] = []
    for slot, filler in slots(tok, cue):
        role = role_of(cue, slot)
        if role == "none":
            continue
        ctype = cue.by_prep.get(slot[5:], cue.type) if slot.startswith("prep:") else cue.type
        ctype = _modified_type(tok, cue, ctype, slot)
        for k in graph.fillers(filler):
            if role == "head":
                heads.append((k, slot))
            elif role == "tail":
                tails.append((k, slot, ctype))
            else:
                both.append((k, slot))
    rel = vocab.relation(cue.type)
    out: list[Candidate] = []
    btype = _modified_type(tok, cue, cue.type, "between")
    for h, hs in heads:
        for t, ts, ctype in tails:
            out.append(Candidate(cue, tok.i, ctype, h, t, hs, ts))
        for t, ts in both:
            out.append(Candidate(cue, tok.i, btype, h, t, hs, ts))
    pool = both if len(both) >= 2 else []
    if not tails and not both and len(heads) >= 2 and (cue.reciprocal or rel.symmetric):
        pool = heads
    for a, sa in pool:
        for b, sb in pool:
            if a != b:
                out.append(Candidate(cue, tok.i, btype, a, b, sa, sb))
    return [c for c in out if graph.spans[c.head].actor_id != graph.spans[c.tail].actor_id]
