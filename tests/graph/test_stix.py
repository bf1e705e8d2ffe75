"""The STIX 2.1 bundle: valid per stix2-validator, typed as documented, deterministic, with its evidence."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from stix2validator import ValidationOptions, validate_instance

from factionmap.graph.relationships import Relationship
from factionmap.graph.stix import MAX_EVIDENCE_REFERENCES, stix_id, to_stix, write_stix
from factionmap.model import Actor, Claim, ReferenceRelation, Source, StoredClaim
from factionmap.vocab import load_vocab

CREATED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HOSTILE = "An aide said \"<script>alert(1)</script>\", adding, =cmd|' /C calc'!A0\nand more"
# Warnings we accept by design: {103} uuid5 ids (deterministic, not random v4), {202} custom relationship
# types, {302} article URLs without a content hash. Anything else is a regression.
ALLOWED_WARNINGS = {"103", "202", "302"}

ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP", ("RB", "Red Band")),
    "blue_army": Actor("blue_army", "Blue Army", "ARMED_GROUP"),
    "ruritania": Actor("ruritania", "Ruritania", "STATE"),
    "ivan_k": Actor("ivan_k", "Ivan K.", "PERSON"),
    "valley": Actor("valley", "Green Valley", "LOCATION", provisional=True),
}


def claim(
    claim_id: str,
    head: str,
    rtype: str,
    tail: str,
    evidence: str = "Red Band allied with Blue Army.",
    url: str | None = "https://news.example/a",
) -> StoredClaim:
    src = Source(1, claim_id, "Title", url, "Gazette", "2020-02-01", None, 1)
    return StoredClaim(
        claim_id, Claim(head, rtype, tail, False, False, None, "2020-01", evidence, 0, len(evidence), 0.8, "rule"), src
    )


def relationship(
    head: str,
    rtype: str,
    tail: str,
    *,
    claims: tuple[StoredClaim, ...] | None = None,
    first: str | None = "2019-03",
    valid_from: str | None = None,
    valid_to: str | None = None,
    confidence: float = 0.73,
) -> Relationship:
    claims = claims or (claim(f"{head}-{rtype}-{tail}", head, rtype, tail),)
    return Relationship(
        head,
        rtype,
        tail,
        claims,
        len(claims),
        0,
        1,
        first,
        "2020-01",
        valid_from,
        valid_to,
        0.0,
        confidence,
        "asserted",
    )


RELS = [
    relationship("red_band", "ALLY_OF", "blue_army", valid_from="2019", valid_to="2021-06"),
    relationship("red_band", "SPLINTER_OF", "blue_army", first=None),
    relationship(
        "ruritania",
        "SUPPORTS",
        "red_band",
        claims=(claim("q", "ruritania", "SUPPORTS", "red_band", HOSTILE, url=None),),
    ),
    relationship("ivan_k", "LEADS", "red_band"),
    relationship("red_band", "OPERATES_IN", "valley"),
]
REFERENCE = [ReferenceRelation("red_band", "AFFILIATE_OF", "blue_army", "2012", "2014", "ucdp:77", "UCDP dyad")]


def by_id(bundle) -> dict:
    return {o["id"]: o for o in json.loads(bundle.serialize())["objects"]}


def validate(bundle):
    result = validate_instance(json.loads(bundle.serialize()), ValidationOptions(version="2.1"))
    codes = {m.group(1) for w in result.warnings if (m := re.search(r"\{(\d+)\}", str(w)))}
    return result, codes


def test_bundle_passes_the_stix_validator():
    result, codes = validate(to_stix(RELS, ACTORS, REFERENCE, created=CREATED))
    assert result.is_valid and not result.errors
    assert codes <= ALLOWED_WARNINGS


def test_every_vocabulary_relation_type_exports_validly():
    vocab = load_vocab()
    rels = [relationship("red_band", name, "blue_army") for name in vocab.relations]
    bundle = to_stix(rels, ACTORS, created=CREATED)
    result, codes = validate(bundle)
    assert result.is_valid and not result.errors and codes <= ALLOWED_WARNINGS
    exported = {o["relationship_type"] for o in by_id(bundle).values() if o["type"] == "relationship"}
    assert exported == {spec.stix for spec in vocab.relations.values()}
    assert {"allied-with", "splinter-of", "pledged-allegiance-to", "supports", "attacks"} <= exported


def test_actor_object_types():
    objects = by_id(to_stix(RELS, ACTORS, created=CREATED))
    red = objects[stix_id("intrusion-set", "red_band")]
    assert red["name"] == "Red Band" and red["aliases"] == ["RB"]  # the name itself is not an alias
    state = objects[stix_id("identity", "ruritania")]
    assert state["identity_class"] == "organization" and state["sectors"] == ["government-national"]
    assert objects[stix_id("identity", "ivan_k")]["identity_class"] == "individual"
    place = objects[stix_id("identity", "valley")]
    assert place["identity_class"] == "unknown" and "provisional" in place["description"]
    producer = [o for o in objects.values() if o["type"] == "identity" and o["identity_class"] == "system"]
    assert len(producer) == 1
    assert all(o.get("created_by_ref") == producer[0]["id"] for o in objects.values() if o is not producer[0])


def test_relationship_carries_confidence_times_and_evidence():
    objects = by_id(to_stix(RELS, ACTORS, REFERENCE, created=CREATED))
    ally = objects[stix_id("relationship", "news", "red_band", "ALLY_OF", "blue_army")]
    assert ally["relationship_type"] == "allied-with" and ally["confidence"] == 73
    assert ally["source_ref"] == stix_id("intrusion-set", "red_band")
    assert ally["target_ref"] == stix_id("intrusion-set", "blue_army")
    assert ally["start_time"] == "2019-01-01T00:00:00Z" and ally["stop_time"] == "2021-06-30T23:59:59Z"
    assert ally["labels"] == ["news-derived", "asserted"]
    assert ally["external_references"][0] == {
        "source_name": "Gazette",
        "url": "https://news.example/a",
        "description": "Red Band allied with Blue Army.",
    }
    splinter = objects[stix_id("relationship", "news", "red_band", "SPLINTER_OF", "blue_army")]
    assert "start_time" not in splinter and "stop_time" not in splinter
    supports = objects[stix_id("relationship", "news", "ruritania", "SUPPORTS", "red_band")]
    assert supports["external_references"] == [{"source_name": "Gazette", "description": HOSTILE}]
    assert "Ruritania supports Red Band" in supports["description"]


def test_reference_rows_stay_distinguishable():
    objects = by_id(to_stix(RELS, ACTORS, REFERENCE, created=CREATED))
    ref = objects[stix_id("relationship", "reference", "red_band", "AFFILIATE_OF", "blue_army", "ucdp:77")]
    assert ref["labels"] == ["reference-data"] and ref["relationship_type"] == "affiliate-of"
    assert ref["external_references"] == [{"source_name": "ucdp", "external_id": "ucdp:77", "description": "UCDP dyad"}]
    assert (ref["start_time"], ref["stop_time"]) == ("2012-01-01T00:00:00Z", "2014-12-31T23:59:59Z")
    news = [o for o in objects.values() if o["type"] == "relationship" and "news-derived" in o["labels"]]
    assert len(news) == len(RELS)


def test_a_stop_before_the_start_keeps_the_dated_stop():
    rel = relationship("red_band", "ALLY_OF", "blue_army", first="2022-05", valid_to="2020")
    bundle = to_stix([rel], ACTORS, created=CREATED)
    ally = by_id(bundle)[stix_id("relationship", "news", "red_band", "ALLY_OF", "blue_army")]
    assert "start_time" not in ally and ally["stop_time"] == "2020-12-31T23:59:59Z"
    assert validate(bundle)[0].is_valid


def test_evidence_references_are_capped():
    many = tuple(
        claim(f"c{i}", "red_band", "ATTACKS", "blue_army", f"Attack number {i}.")
        for i in range(MAX_EVIDENCE_REFERENCES + 5)
    )
    bundle = to_stix([relationship("red_band", "ATTACKS", "blue_army", claims=many)], ACTORS, created=CREATED)
    attacks = by_id(bundle)[stix_id("relationship", "news", "red_band", "ATTACKS", "blue_army")]
    assert len(attacks["external_references"]) == MAX_EVIDENCE_REFERENCES
    assert f"of {MAX_EVIDENCE_REFERENCES + 5} quotes" in attacks["description"]


def test_re_export_is_deterministic(tmp_path):
    first = write_stix(tmp_path / "a.json", RELS, ACTORS, REFERENCE, created=CREATED).read_text(encoding="utf-8")
    second = write_stix(tmp_path / "b.json", list(reversed(RELS)), ACTORS, REFERENCE, created=CREATED).read_text(
        encoding="utf-8"
    )
    assert first == second
    later = to_stix(RELS, ACTORS, REFERENCE, created=datetime(2025, 1, 1, tzinfo=UTC))
    assert set(by_id(later)) == {o["id"] for o in json.loads(first)["objects"]}  # ids do not depend on time


def test_actor_missing_from_the_lookup_still_exports():
    missing = "ghost_group"
    bundle = to_stix([relationship(missing, "ATTACKS", "red_band")], ACTORS, created=CREATED)
    ghost = by_id(bundle)[stix_id("identity", missing)]
    assert ghost["name"] == missing and ghost["identity_class"] == "unknown"
    assert validate(bundle)[0].is_valid


def test_start_time_never_comes_from_an_article_date():
    from factionmap.graph.relationships import aggregate

    reported = StoredClaim(
        "r1",
        Claim(
            "red_band",
            "ALLY_OF",
            "blue_army",
            False,
            False,
            None,
            None,
            "Red Band and Blue Army fight side by side.",
            0,
            40,
            0.8,
            "rule",
        ),
        Source(1, "d1", "t", None, "Gazette", "2022-02-01", None, 1),
    )
    bundle = json.loads(to_stix(aggregate([reported]), ACTORS, created=CREATED).serialize())
    (rel,) = [o for o in bundle["objects"] if o["type"] == "relationship"]
    assert "start_time" not in rel and "stop_time" not in rel
    assert "no date stated, reported in articles of 2022-02-01" in rel["description"]
