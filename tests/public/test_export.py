"""The JSON export: the public records (the API's and --json's shape) in one document, read back."""

from __future__ import annotations

import json

from factionmap.graph.relationships import aggregate
from factionmap.model import Actor, Claim, ReferenceRelation, Source, StoredClaim
from factionmap.public.export import VERSION, to_json, write_json
from factionmap.public.records import ActorPublic, ReferencePublic, RelationshipPublic

HOSTILE = "They said \"<script>alert('x')</script>\", then =cmd|' /C calc'!A0 & <b>bold</b>"


def _claim(claim_id: str, head: str, rtype: str, tail: str, evidence: str, time: str | None) -> StoredClaim:
    src = Source(3, f"doc-{claim_id}", "@SUM(A1)", "https://www.news.example/a?b=1", None, "2019-04-01", None, 7)
    return StoredClaim(
        claim_id,
        Claim(head, rtype, tail, False, True, None, time, evidence, 4, 4 + len(evidence), 0.81234, "rule-x"),
        src,
    )


CLAIMS = [
    _claim("c1", "red_band", "SUPPORTS", "ruritania", HOSTILE, "2019-03"),
    _claim("c2", "blue_army", "ALLY_OF", "red_band", "Blue Army and Red Band allied.", None),
]
RELS = aggregate(CLAIMS)
ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP", ("RB", "Red Band"), ("Ruritania",)),
    "ruritania": Actor("ruritania", "Ruritania", "STATE"),
}
REFERENCE = [ReferenceRelation("red_band", "ALLY_OF", "green_front", "2012", "2014", "mmp_rel:42", 'MMP: "allies"')]


def test_the_document_holds_the_public_records_and_keeps_the_reference_apart(tmp_path):
    document = json.loads(write_json(tmp_path / "m.json", RELS, ACTORS, REFERENCE).read_text(encoding="utf-8"))
    assert document == to_json(RELS, ACTORS, REFERENCE)
    assert (document["format"], document["version"]) == ("factionmap-export", VERSION)
    assert set(document) == {"format", "version", "actors", "relationships", "reference"}
    # every item validates as the model the API declares for it
    actors = [ActorPublic.model_validate(a) for a in document["actors"]]
    rels = [RelationshipPublic.model_validate(r) for r in document["relationships"]]
    refs = [ReferencePublic.model_validate(r) for r in document["reference"]]
    assert [a.id for a in actors] == ["blue_army", "green_front", "red_band", "ruritania"]
    assert all(a.claims is None for a in actors)  # an export counts no claims in the store
    assert [r.id for r in rels] == ["blue_army|ALLY_OF|red_band", "red_band|SUPPORTS|ruritania"]
    supports = rels[1]
    assert (supports.head_name, supports.tail_name, supports.symmetric) == ("Red Band", "Ruritania", False)
    quote = supports.claims[0]
    assert quote.evidence == HOSTILE and (quote.evidence_start, quote.evidence_end) == (4, 4 + len(HOSTILE))
    assert quote.confidence == 0.8123 and quote.rule == "rule-x" and quote.time_source == "stated"
    assert quote.document.title == "@SUM(A1)" and quote.document.outlet == "news.example"
    assert (quote.document.id, quote.document.doc_id, quote.document.cluster_id) == (3, "doc-c1", 7)
    assert rels[0].symmetric and rels[0].claims[0].time_source == "article"
    assert refs == [
        ReferencePublic(
            head="red_band",
            head_name="Red Band",
            type="ALLY_OF",
            tail="green_front",
            tail_name="green_front",
            start="2012",
            end="2014",
            source="mmp_rel:42",
            note='MMP: "allies"',
        )
    ]
    assert all("green_front" not in (r.head, r.tail) for r in rels)


def test_actors_the_lookup_lacks_are_kept_as_provisional_stand_ins():
    document = to_json(RELS[:1], ACTORS)
    assert document["actors"] == [
        {
            "id": "blue_army",
            "name": "blue_army",
            "type": "UNKNOWN",
            "aliases": [],
            "country": [],
            "provisional": True,
            "claims": None,
        },
        {
            "id": "red_band",
            "name": "Red Band",
            "type": "ARMED_GROUP",
            "aliases": ["RB"],
            "country": ["Ruritania"],
            "provisional": False,
            "claims": None,
        },
    ]


def test_the_document_is_the_same_whatever_the_input_order():
    assert to_json(RELS, ACTORS, REFERENCE) == to_json(list(reversed(RELS)), ACTORS, REFERENCE)
