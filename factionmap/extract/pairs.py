"""Candidate actor pairs of one parsed sentence, each described by the features the relation model reads.

Every pair of mentions of two different actors in a parsed sentence is a candidate, names, acronyms and
resolved pronouns and descriptions alike; the learned decision (decide.py) says which relation, in which
direction, holds between them, or none. The features are what the pipeline already computes: the words
between and around the two mentions, the dependency path joining them, how each hangs in the parse
(apposition, possessive, compound, coordination, title), the cue lexicon (a feature here, no longer a
gate), negation and hedge words, the kinds of the two actors and how they were found, and the outputs of
the hand-written frames, and what the knowledge base's reference data already records of the two actors
(a prior, never a claim on its own). Features are strings (one-hot); a pair is described from its first mention's
side, so the model learns direction as "the earlier mention is the head" or "the later one is".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from factionmap.extract import qualifiers
from factionmap.extract.grammar import SentenceGraph
from factionmap.model import Claim, Mention
from factionmap.vocab import Vocab

WINDOW = 2  # words read before the first mention and after the second
MAX_BETWEEN_SEQUENCE = 6  # the words between are also one feature when there are at most this many
MAX_PATH = 8  # dependency paths longer than this are described by their ends only
DISTANCE_BINS = (0, 1, 2, 4, 7, 12, 20)
CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "PROPN", "ADV", "AUX", "PART"})


@dataclass(slots=True)
class PairCandidate:
    """Two mention spans of one sentence (``first`` before ``second`` in the text) and their features."""

    sentence: int
    first: int  # index into the sentence graph's spans
    second: int
    features: list[str] = field(default_factory=list)
    rule_claims: list[tuple[str, bool, Claim]] = field(default_factory=list)  # (type, first is head, claim)


def _bin(n: int) -> str:
    for b in DISTANCE_BINS:
        if n <= b:
            return str(b)
    return "far"


def _word(graph: SentenceGraph, tok: Token) -> str:
    """A token as a feature word: the kind of the actor it belongs to, or its lower-case lemma."""
    k = graph.owner.get(tok.i)
    if k is not None:
        return f"<{graph.spans[k].actor_type}>"
    if tok.like_num:
        return "<NUM>"
    return tok.lemma_.lower() or tok.lower_


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while tok.head.i != tok.i and len(chain) < 40:
        tok = tok.head
        chain.append(tok)
    return chain


def dependency_path(
    a: Token, b: Token, facts: SentenceFacts | None = None
) -> tuple[list[Token], list[str], Token | None]:
    """Tokens strictly between ``a`` and ``b`` on the tree path, the arc labels up and down, the meeting
    token (lowest common ancestor; None when they sit in different trees)."""
    up_a, up_b = (facts.ancestors(a), facts.ancestors(b)) if facts else (_ancestors(a), _ancestors(b))
    where_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in where_b:
            m = where_b[t.i]
            rising, falling = up_a[:n], up_b[:m]
            arcs = [f"{x.dep_}^" for x in rising] + [f"{x.dep_}v" for x in reversed(falling)]
            inner = up_a[1 : n + 1] + list(reversed(up_b[1:m]))
            inner = [x for x in inner if x.i not in (a.i, b.i)]
            return inner, arcs, t
    return [], [], None


def _cue_types(vocab: Vocab, tok: Token) -> set[str]:
    lemma = tok.lemma_.lower()
    found = {c.type for c in vocab.cues_for(lemma, tok.pos_)}
    if not found and tok.pos_ == "PROPN":
        found = {c.type for c in vocab.cues_for(lemma, "NOUN")}
    return found


class SentenceFacts:
    """What every pair of one sentence reads: computed once per sentence, not once per pair."""

    def __init__(self, graph: SentenceGraph, vocab: Vocab) -> None:
        self.cues = [_cue_types(vocab, tok) for tok in graph.doc]
        self.cues_anywhere = set().union(*self.cues) if self.cues else set()
        self.words = [_word(graph, tok) for tok in graph.doc]
        self.spaces = [tok.is_space for tok in graph.doc]
        self._hedged: dict[int, bool] = {}
        self._ancestors: dict[int, list[Token]] = {}

    def ancestors(self, tok: Token) -> list[Token]:
        if tok.i not in self._ancestors:
            self._ancestors[tok.i] = _ancestors(tok)
        return self._ancestors[tok.i]

    def hedged(self, tok: Token) -> bool:
        if tok.i not in self._hedged:
            self._hedged[tok.i] = qualifiers.is_hedged(tok)
        return self._hedged[tok.i]


def pair_features(
    graph: SentenceGraph,
    mentions: Sequence[Mention],
    first: int,
    second: int,
    vocab: Vocab,
    facts: SentenceFacts | None = None,
) -> list[str]:
    """The feature strings of one candidate pair (``first`` precedes ``second``)."""
    facts = facts or SentenceFacts(graph, vocab)
    doc = graph.doc
    sa, sb = graph.spans[first], graph.spans[second]
    ma, mb = mentions[sa.index], mentions[sb.index]
    ra, rb = doc[sa.root], doc[sb.root]
    ta, tb = sa.actor_type, sb.actor_type
    tt = f"{ta}|{tb}"
    f = [f"types={tt}", f"ta={ta}", f"tb={tb}", f"ma={ma.method}", f"mb={mb.method}"]

    between = [i for i in range(sa.end, sb.start) if not facts.spaces[i]]
    words: list[str] = []
    for i in between:
        w = facts.words[i]
        if not words or words[-1] != w or not w.startswith("<"):
            words.append(w)
    f.append(f"dist={_bin(len(between))}")
    f.append(f"others_between={_bin(sum(1 for w in words if w.startswith('<')))}")
    f += [f"bw={w}" for w in set(words)]
    if words:
        f += [f"bw1={words[0]}", f"bwL={words[-1]}"]
    else:
        f.append("adjacent")
    if len(words) <= MAX_BETWEEN_SEQUENCE:
        f.append(f"bseq={' '.join(words)}")
        f.append(f"bseq|{tt}={' '.join(words)}")
    for n in range(1, WINDOW + 1):
        before = doc[sa.start - n] if sa.start - n >= 0 else None
        after = doc[sb.end + n - 1] if sb.end + n - 1 < len(doc) else None
        f.append(f"pre{n}={_word(graph, before) if before is not None else '<S>'}")
        f.append(f"post{n}={_word(graph, after) if after is not None else '</S>'}")

    inner, arcs, lca = dependency_path(ra, rb, facts)
    if lca is not None:
        lca_word = _word(graph, lca)
        f += [f"lca={lca_word}", f"lca_pos={lca.pos_}", f"lca|{tt}={lca_word}", f"pathlen={_bin(len(arcs))}"]
        if len(arcs) <= MAX_PATH:
            f.append(f"dpath={' '.join(arcs)}")
            f.append(f"lpath={' '.join(arcs)}|{lca_word}")
            f.append(f"dpath|{tt}={' '.join(arcs)}")
        else:
            f.append(f"dpath_ends={arcs[0]}..{arcs[-1]}")
        for tok in inner:
            if tok.pos_ in CONTENT_POS:
                f.append(f"pw={_word(graph, tok)}")
        on_path = [*inner, lca]
        if qualifiers.is_negated(lca, ra, rb):
            f.append("negated")
        if facts.hedged(lca):
            f.append("hedged")
    else:
        f.append("no_path")
        on_path = []

    for side, tok in (("a", ra), ("b", rb)):
        f.append(f"{side}_dep={tok.dep_}")
        f.append(f"{side}_head={_word(graph, tok.head)}")
        if tok.head.pos_ == "ADP" and tok.head.head.i != tok.head.i:
            f.append(f"{side}_prep={tok.head.lower_}>{_word(graph, tok.head.head)}")
    f += list(_shape_features(graph, ra, rb, facts))

    cue_path = {t for tok in on_path for t in facts.cues[tok.i]}
    cue_between = {t for i in between for t in facts.cues[i]}
    cue_sentence = facts.cues_anywhere
    f += [f"cue_path={t}" for t in cue_path] + [f"cue_between={t}" for t in cue_between]
    f += [f"cue_sent={t}" for t in cue_sentence - cue_path - cue_between]
    f += [f"cue_path|{tt}={t}" for t in cue_path]
    return f


def _shape_features(graph: SentenceGraph, ra: Token, rb: Token, facts: SentenceFacts) -> Iterable[str]:
    """Constructions that tie two noun phrases without a verb: apposition, possessive, compound, lists."""
    for name, x, y in (("ab", ra, rb), ("ba", rb, ra)):
        if x.head.i == y.i:
            yield f"attached_{name}={x.dep_}"  # "X, an affiliate of Y" (appos), "Y's branch" (poss)
        if x.head.i == y.head.i and x.i != y.i:
            yield f"siblings={x.dep_}+{y.dep_}"
        if x.dep_ == "pobj" and x.head.head.i == y.i:
            yield f"of_phrase_{name}={x.head.lower_}"  # "the leader of X", "an affiliate of Y"
        if x.dep_ == "pobj" and x.head.head.head.i == y.i:
            yield f"prep_noun_{name}={x.head.lower_}>{_word(graph, x.head.head)}"
    if rb.dep_ == "conj" and any(t.i == ra.i for t in facts.ancestors(rb)[1:3]):
        yield "coordinated"
    for tok in (ra, rb):
        if tok.dep_ in ("compound", "amod") and tok.head.i not in graph.owner:
            yield f"modifies={_word(graph, tok.head)}"  # "JNIM fighters", "X-backed militia"


def kb_features(kb, first_id: str, second_id: str) -> list[str]:
    """What the reference data says of the pair: its recorded relations (with direction), a person's
    recorded office, a group's recorded country. Empty for actors the knowledge base does not hold."""
    if kb is None or first_id not in kb or second_id not in kb:
        return []
    out = set()
    a, b = kb.canonical_id(first_id), kb.canonical_id(second_id)
    for rel in kb.reference_relations(a):
        heads, tails = kb.canonical_id(rel.head), kb.canonical_id(rel.tail)
        if {heads, tails} == {a, b}:
            out.add(f"kb_rel={rel.type}{'>' if heads == a else '<'}")
    for person, other, arrow in ((a, b, ">"), (b, a, "<")):
        for link in kb.links(person):
            if kb.canonical_id(link.target) == other:
                out.add(f"kb_link={link.relation}{arrow}")
    actor_a, actor_b = kb.actor(a), kb.actor(b)
    if actor_b.name in actor_a.country:
        out.add("kb_country=b_in_a")
    if actor_a.name in actor_b.country:
        out.add("kb_country=a_in_b")
    return sorted(out)


def sentence_candidates(
    graph: SentenceGraph,
    mentions: Sequence[Mention],
    sentence: int,
    vocab: Vocab,
    rule_claims: Sequence[Claim],
    kb=None,
) -> list[PairCandidate]:
    """Every pair of spans of two different actors in the sentence, with features and the frames' votes."""
    order = sorted(range(len(graph.spans)), key=lambda k: graph.spans[k].start)
    facts = SentenceFacts(graph, vocab)
    out: list[PairCandidate] = []
    seen: set[tuple[str, str, int, int]] = set()
    for n, first in enumerate(order):
        for second in order[n + 1 :]:
            sa, sb = graph.spans[first], graph.spans[second]
            if sa.actor_id == sb.actor_id or sa.root == sb.root:
                continue
            key = (sa.actor_id, sb.actor_id, sa.root, sb.root)
            if key in seen:
                continue
            seen.add(key)
            cand = PairCandidate(
                sentence,
                first,
                second,
                pair_features(graph, mentions, first, second, vocab, facts) + kb_features(kb, sa.actor_id, sb.actor_id),
            )
            for c in rule_claims:
                if c.head == sa.actor_id and c.tail == sb.actor_id:
                    cand.rule_claims.append((c.type, True, c))
                elif c.head == sb.actor_id and c.tail == sa.actor_id:
                    cand.rule_claims.append((c.type, False, c))
            for rtype, forward, c in cand.rule_claims:
                arrow = ">" if forward else "<"
                cand.features += [f"rule={rtype}{arrow}", f"rulename={c.rule}{arrow}"]
            out.append(cand)
    return out
