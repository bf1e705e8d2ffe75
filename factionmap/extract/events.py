"""Events (secondary output): things that happened, with a date or a place, built from the claims.

An asserted, non-negated claim whose cue denotes an occurrence (an attack, a capture, a pledge, a
celebration, a killing, an agreement, a split) becomes an event; its place is the location mentioned
in the same sentence, its date the claim's time. Claims of standing relations (alliance, membership)
are not events.
"""

from __future__ import annotations

from factionmap.model import Event, Mention
from factionmap.vocab import Vocab

# cue lemma -> event type; checked before the relation type's own event (vocab.yaml's ``event``).
EVENT_BY_CUE = {
    "kill": "KILLING",
    "assassinate": "KILLING",
    "execute": "KILLING",
    "behead": "KILLING",
    "massacre": "KILLING",
    "pledge": "PLEDGE",
    "pledge allegiance": "PLEDGE",
    "swear allegiance": "PLEDGE",
    "declare allegiance": "PLEDGE",
    "demonstrate allegiance": "PLEDGE",
    "allegiance": "PLEDGE",
    "celebrate": "CELEBRATION",
    "congratulate": "CELEBRATION",
    "cheer": "CELEBRATION",
    "celebration": "CELEBRATION",
    "welcome": "CELEBRATION",
    "split": "SPLIT",
    "break tie": "SPLIT",
    "sever tie": "SPLIT",
    "break away": "SPLIT",
    "deal": "AGREEMENT",
    "agreement": "AGREEMENT",
    "accord": "AGREEMENT",
    "truce": "AGREEMENT",
    "ceasefire": "AGREEMENT",
    "sign": "AGREEMENT",
    "condemn": "STATEMENT",
    "denounce": "STATEMENT",
    "praise": "STATEMENT",
    "hail": "STATEMENT",
}
STANDING_CUES = frozenset(
    {
        "war",
        "conflict",
        "insurgency",
        "fight",
        "fighting",
        "rivalry",
        "hate",
        "oppose",
        "control",
        "hold",
        "rule",
        "govern",
        "campaign",
    }
)


def extract_events(state, vocab: Vocab) -> list[Event]:
    """One event per (type, sentence, actors): claims that share a sentence and a cue merge."""
    places: dict[int, Mention] = {}  # sentence index -> its first place
    for m in state.mentions:
        if m.actor_type == "LOCATION":
            places.setdefault(m.sentence, m)
    merged: dict[tuple, dict] = {}
    starts = {s.start: s.index for s in state.sentences}
    by_type = vocab.events  # relation type -> event type (vocab.yaml's ``event``)
    for c in state.claims:
        if c.negated or c.cue in STANDING_CUES:
            continue
        etype = EVENT_BY_CUE.get(c.cue) or by_type.get(c.type)
        if etype is None:
            continue
        sentence = starts.get(c.evidence_start, -1)
        key = (etype, c.evidence_start, c.head)
        entry = merged.setdefault(key, {"claim": c, "targets": [], "sentence": sentence})
        if c.tail not in entry["targets"]:
            entry["targets"].append(c.tail)
    out = []
    for (etype, _, head), entry in merged.items():
        c = entry["claim"]
        place = places.get(entry["sentence"])
        location = place.actor_id if place is not None else None
        targets = [t for t in entry["targets"] if t != location]
        if etype == "CAPTURE" and location is None and targets:
            location = targets[0]
        out.append(
            Event(
                etype,
                c.time,
                location,
                (head,),
                tuple(targets),
                None,
                c.evidence,
                c.evidence_start,
                c.evidence_end,
                c.cue,
            )
        )
    return out
