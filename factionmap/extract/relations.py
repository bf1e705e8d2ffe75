"""Relation claims for one parsed sentence: cue frames plus a locative rule, typed and qualified.

Confidence combines the cue's own weight, how the mentions were found (a gazetteer name is surer than
a resolved pronoun) and the qualifiers (a hedge lowers it). It ranks claims for review and answers; it
is not a calibrated probability.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from factionmap.extract import attribution as attribution_mod
from factionmap.extract import claimtime, qualifiers, timex
from factionmap.extract.frames import find_candidates
from factionmap.extract.grammar import LIGHT_VERBS, SentenceGraph, subjects
from factionmap.model import Claim, Mention, MentionMethod, Sentence
from factionmap.vocab import Vocab, load_vocab

HEDGE_PENALTY = 0.7
LOCATIVE_WEIGHT = 0.55
LOCATIVE_PREPS = frozenset({"in", "across", "throughout", "inside"})
PLACE_ACTOR_TYPES = frozenset({"LOCATION", "STATE"})
ACTOR_HEAD_TYPES = frozenset({"ARMED_GROUP", "ORGANIZATION"})
TITLE_TYPES = ("LEADS", "MEMBER_OF")
TITLE_WEIGHT = 0.8
DEPUTY_WORDS = frozenset({"vice", "deputy", "assistant"})


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What the qualifier rules need to know about the sentence's place in the article."""

    text: str  # the whole article
    sentence: Sentence
    to_orig: Callable[[int], int]  # parsed (masked) sentence offset -> article offset
    times: Sequence[timex.TimeMention]
    attributions: Sequence[attribution_mod.Attribution]


def _method_factor(m: Mention) -> float:
    return m.score if m.method != MentionMethod.COREF else min(m.score, 0.8)


def make_claim(
    ctx: SentenceContext,
    graph: SentenceGraph,
    mentions: Sequence[Mention],
    head: int,
    tail: int,
    rtype: str,
    cue_tok: Token,
    weight: float,
    rule: str,
    cue_text: str,
) -> Claim:
    hs, ts = graph.spans[head], graph.spans[tail]
    hm, tm = mentions[hs.index], mentions[ts.index]
    doc = graph.doc
    negated = qualifiers.is_negated(cue_tok, doc[hs.root], doc[ts.root])
    hedged = qualifiers.is_hedged(cue_tok)
    sent = ctx.sentence
    cue_char = ctx.to_orig(cue_tok.idx)
    span_chars = sorted((ctx.to_orig(doc[hs.root].idx), ctx.to_orig(doc[ts.root].idx), cue_char))
    speaker = attribution_mod.attribution_at(ctx.attributions, span_chars[0], span_chars[-1] + 1)
    claimant = attribution_mod.responsibility_claimant(cue_tok)
    if claimant is not None and claimant.i in graph.owner:
        speaker = mentions[graph.spans[graph.owner[claimant.i]].index].text
    when = (
        claimtime.claim_time(ctx.times, sent.start, sent.end, cue_char, text=ctx.text)
        if not load_vocab().relation(rtype).undated
        else None
    )
    confidence = weight * _method_factor(hm) * _method_factor(tm) * (HEDGE_PENALTY if hedged else 1.0)
    return Claim(
        hs.actor_id,
        rtype,
        ts.actor_id,
        negated,
        hedged,
        speaker,
        when,
        sent.text,
        sent.start,
        sent.end,
        round(confidence, 3),
        rule,
        cue_text,
        hm.text,
        tm.text,
    )


def _type_ok(vocab: Vocab, rtype: str, head_type: str, tail_type: str) -> bool:
    return vocab.relation(rtype).allows(head_type, tail_type)


def cue_claims(ctx: SentenceContext, graph: SentenceGraph, mentions: Sequence[Mention], vocab: Vocab) -> list[Claim]:
    out = []
    for cand in find_candidates(graph, vocab):
        hs, ts = graph.spans[cand.head], graph.spans[cand.tail]
        if not _type_ok(vocab, cand.type, hs.actor_type, ts.actor_type):
            continue
        if cand.cue.tail_types and ts.actor_type not in cand.cue.tail_types:
            continue
        rule = f"frame:{cand.cue.pos.lower()}:{cand.head_slot}->{cand.tail_slot}"
        out.append(
            make_claim(
                ctx,
                graph,
                mentions,
                cand.head,
                cand.tail,
                cand.type,
                graph.doc[cand.cue_token],
                cand.cue.weight,
                rule,
                cand.cue.text,
            )
        )
    return out


def _subject_mentions(graph: SentenceGraph, verb: Token) -> list[int]:
    found = []
    for s in subjects(verb):
        found += graph.fillers(s)
    return found


def locative_claims(
    ctx: SentenceContext, graph: SentenceGraph, mentions: Sequence[Mention], vocab: Vocab
) -> list[Claim]:
    """OPERATES_IN from "X <acts> in L" and "X in L": a group doing something somewhere is there."""
    out = []
    doc = graph.doc
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
            continue
        places = [
            k
            for o in prep.children
            if o.dep_ == "pobj"
            for k in graph.fillers(o)
            if graph.spans[k].actor_type in PLACE_ACTOR_TYPES
        ]
        if not places:
            continue
        host = prep.head
        if host.pos_ in ("VERB", "AUX"):
            actors = _subject_mentions(graph, host)
        else:
            actors = graph.fillers(host)
            if host.dep_ == "appos":  # "X, the former branch in Syria"
                actors += graph.fillers(host.head)
            if host.dep_ == "dobj" and host.head.lemma_.lower() in LIGHT_VERBS:  # "X carried out attacks in L"
                actors += _subject_mentions(graph, host.head)
        for a in actors:
            for p in places:
                if graph.spans[a].actor_type not in ACTOR_HEAD_TYPES:
                    continue
                if graph.spans[a].actor_id == graph.spans[p].actor_id:
                    continue
                out.append(
                    make_claim(
                        ctx,
                        graph,
                        mentions,
                        a,
                        p,
                        "OPERATES_IN",
                        prep,
                        LOCATIVE_WEIGHT,
                        "locative:" + prep.lower_,
                        prep.lower_,
                    )
                )
    return out


def _title_type(surface: str, vocab: Vocab) -> str | None:
    """LEADS or MEMBER_OF when an actor's name ends in an office ("Nigerian President", "US envoy"),
    read off the vocabulary's title cues; two-word titles ("prime minister") before one-word ones."""
    words = surface.lower().replace("’", "'").split()
    if not words:
        return None
    last, before = words[-1], (words[-2] if len(words) > 1 else "")
    cues = vocab.cues_for(last, "NOUN") or vocab.cues_for(last.removesuffix("s"), "NOUN")
    for cue in sorted(cues, key=lambda c: c.obj_lemma is None):
        if cue.type not in TITLE_TYPES:
            continue
        if before in DEPUTY_WORDS:
            return "MEMBER_OF"  # "Malian vice president": second in office
        if cue.obj_lemma is None or cue.obj_lemma == f"compound:{before}":
            return cue.type
    return None


def title_claims(ctx: SentenceContext, graph: SentenceGraph, mentions: Sequence[Mention], vocab: Vocab) -> list[Claim]:
    """A titled name: "Somali President Hassan Sheikh", "the Malian foreign minister Abdoulaye Diop".

    The masked parse sees one placeholder ("France Johnson"), so the office word inside the actor's
    name is read from the mention text; the person is the name the titled actor is a compound of."""
    out = []
    doc = graph.doc
    for tail, span in enumerate(graph.spans):
        root = doc[span.root]
        if span.actor_type == "PERSON" or root.dep_ != "compound" or root.head.i not in graph.owner:
            continue
        person = graph.owner[root.head.i]
        if graph.spans[person].actor_type != "PERSON":
            continue
        rtype = _title_type(mentions[span.index].text, vocab)
        if rtype is None or not _type_ok(vocab, rtype, "PERSON", span.actor_type):
            continue
        out.append(
            make_claim(
                ctx,
                graph,
                mentions,
                person,
                tail,
                rtype,
                root,
                TITLE_WEIGHT,
                "title:" + rtype.lower(),
                mentions[span.index].text.split()[-1].lower(),
            )
        )
    return out


def sentence_claims(
    ctx: SentenceContext, graph: SentenceGraph, mentions: Sequence[Mention], vocab: Vocab
) -> list[Claim]:
    return (
        cue_claims(ctx, graph, mentions, vocab)
        + locative_claims(ctx, graph, mentions, vocab)
        + title_claims(ctx, graph, mentions, vocab)
    )
