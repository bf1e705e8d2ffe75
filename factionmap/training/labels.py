"""Gold relations laid onto the extractor's candidate pairs: the labels the model learns from.

A candidate's two mentions are mapped to gold entities the way the scorer maps names (normalised
names and aliases: the mention's own words first, then its actor's name and aliases). A gold relation
labels the candidates of its evidence sentence that join its two entities, with its type and direction.
A candidate joining the same two entities in another sentence is left out of training rather than
called negative: the gold records each relation once per article, so that sentence may well say it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from factionmap.extract.decide import label_of
from factionmap.extract.pipeline import DocState
from factionmap.vocab import Vocab

_QUOTES = dict.fromkeys(map(ord, "'’‘`ʼʻ\u02bc\u02bb\""), None)
IGNORE = None  # a candidate not to learn from


def norm(name: str) -> str:
    """The scorer's name normalisation (shared/eval/score.py): case, accents, quotes, hyphens, a leading "the"."""
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().translate(_QUOTES)
    s = re.sub(r"[-_./,()]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


class GoldNames:
    """Gold entity of a system mention or actor, by normalised name."""

    def __init__(self, gold: dict) -> None:
        self.alias: dict[str, str] = {}
        for e in gold.get("entities", []):
            for n in [e.get("name", ""), *e.get("aliases", [])]:
                if n:
                    self.alias.setdefault(norm(n), norm(e["name"]))

    def of(self, surface: str, actor_names: Iterable[str]) -> str | None:
        hit = self.alias.get(norm(surface))
        if hit is not None:
            return hit
        votes = Counter(self.alias[n] for n in map(norm, actor_names) if n in self.alias)
        return votes.most_common(1)[0][0] if votes else None


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    if not evidence:
        return None
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    squeezed = re.sub(r"\s+", " ", evidence).strip()
    words = [re.escape(w) for w in squeezed.split(" ")[:12]]
    m = re.search(r"\s+".join(words), text) if words else None
    return (m.start(), m.start() + len(evidence)) if m else None


def candidate_labels(state: DocState, gold: dict, vocab: Vocab) -> list[list[set[str] | None]]:
    """For each SentencePairs of ``state`` and each of its candidates: the gold labels (maybe empty), or
    None where the candidate's pair is related in gold but stated in another sentence."""
    names = GoldNames(gold)
    text = state.article.text
    relations = []
    for r in gold.get("relations", []):
        rtype = str(r.get("type", "")).upper()
        if rtype not in vocab.relations:
            continue
        span = _evidence_span(text, r.get("evidence") or "")
        relations.append((norm(r.get("head", "")), rtype, norm(r.get("tail", "")), span))
    related = {frozenset((h, t)) for h, _, t, _ in relations}
    actors = state.registry.actors

    def gold_entity(mention_index: int) -> str | None:
        m = state.mentions[mention_index]
        actor = actors.get(m.actor_id)
        known = [actor.name, *actor.aliases] if actor is not None else []
        return names.of(m.text, known)

    out = []
    for sp in state.pairs:
        sent = sp.ctx.sentence
        row: list[set[str] | None] = []
        for cand in sp.candidates:
            ga = gold_entity(sp.graph.spans[cand.first].index)
            gb = gold_entity(sp.graph.spans[cand.second].index)
            if ga is None or gb is None or ga == gb:
                row.append(set())
                continue
            labels = set()
            for h, rtype, t, span in relations:
                if {h, t} != {ga, gb} or span is None:
                    continue
                if span[0] < sent.end and sent.start < span[1]:  # the evidence overlaps this sentence
                    labels.add(label_of(rtype, h == ga, vocab))
            if not labels and frozenset((ga, gb)) in related:
                row.append(IGNORE)
            else:
                row.append(labels)
        out.append(row)
    return out
