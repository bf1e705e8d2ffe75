"""The FollowTheMoney export reads back with the followthemoney library: schemata, properties, links."""

from __future__ import annotations

import json

from followthemoney import model

from factionmap.graph.ftm import write_ftm
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, Claim, ReferenceRelation, Source, StoredClaim

ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP", ("RB",)),
    "blue_army": Actor("blue_army", "Blue Army", "ARMED_GROUP"),
    "ruritania": Actor("ruritania", "Ruritania", "STATE"),
    "ivan_k": Actor("ivan_k", "Ivan K.", "PERSON"),
    "valley": Actor("valley", "Green Valley", "LOCATION", provisional=True),
    "civic": Actor("civic", "Civic League", "ORGANIZATION"),
}


def claim(head: str, rtype: str, tail: str, evidence: str, *, negated: bool = False, n: int = 0) -> StoredClaim:
    src = Source(1, f"d{n}", "Title", f"https://news.example/{head}/{n}", "Gazette", "2020-02-01", None, n)
    return StoredClaim(
        f"c-{head}-{rtype}-{n}",
        Claim(head, rtype, tail, negated, False, None, None, evidence, 0, len(evidence), 0.8, "rule"),
        src,
    )


def relationship(
    head: str,
    rtype: str,
    tail: str,
    *,
    first: str | None = None,
    valid_from: str | None = None,
    valid_to: str | None = None,
    claims: tuple[StoredClaim, ...] | None = None,
) -> Relationship:
    claims = claims or (claim(head, rtype, tail, f"{head} {rtype} {tail}."),)
    return Relationship(
        head,
        rtype,
        tail,
        claims,
        len(claims),
        0,
        1,
        first,
        first,
        valid_from,
        valid_to,
        0.0,
        0.7,
        "asserted",
        first_reported="2020-02-01",
        last_reported="2020-02-01",
    )


RELS = [
    relationship(
        "red_band",
        "ALLY_OF",
        "blue_army",
        first="2019-03",
        valid_from="2019",
        valid_to="2021-06",
        claims=(
            claim("red_band", "ALLY_OF", "blue_army", "Red Band allied with Blue Army.", n=1),
            claim("red_band", "ALLY_OF", "blue_army", "No alliance, said Blue Army.", negated=True, n=2),
        ),
    ),
    relationship("ivan_k", "LEADS", "red_band", first="2018"),
    relationship("ivan_k", "MEMBER_OF", "blue_army"),
    relationship("red_band", "SUCCESSOR_OF", "civic"),
    relationship("ruritania", "SUPPORTS", "red_band"),
    relationship("red_band", "OPERATES_IN", "valley"),
]
REFERENCE = [ReferenceRelation("red_band", "AFFILIATE_OF", "blue_army", "2012", "2014", "ucdp:77", "UCDP dyad")]


def load(path) -> list:
    return [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def test_entities_read_back_with_their_schemata(tmp_path):
    entities = load(write_ftm(tmp_path / "map.ftm.json", RELS, ACTORS, REFERENCE))
    by_name = {e.first("name"): e for e in entities if e.schema.is_a("LegalEntity") or e.schema.name == "Territory"}
    assert {n: e.schema.name for n, e in by_name.items()} == {
        "Red Band": "Organization",
        "Blue Army": "Organization",
        "Ruritania": "PublicBody",
        "Ivan K.": "Person",
        "Green Valley": "Territory",
        "Civic League": "Organization",
    }
    assert by_name["Red Band"].get("alias") == ["RB"] and "red_band" in by_name["Red Band"].get("keywords")
    assert by_name["Ruritania"].get("topics") == ["gov.national"]
    links = [e for e in entities if e.schema.is_a("Interval")]
    assert sorted(e.schema.name for e in links) == [
        "Directorship",
        "Membership",
        "Membership",
        "Succession",
        "UnknownLink",
        "UnknownLink",
        "UnknownLink",
    ]


def test_every_link_points_at_exported_entities(tmp_path):
    entities = load(write_ftm(tmp_path / "map.ftm.json", RELS, ACTORS, REFERENCE))
    ids = {e.id for e in entities}
    assert len(ids) == len(entities)
    for link in (e for e in entities if e.schema.is_a("Interval")):
        ends = [v for prop, v in link.itervalues() if prop.type.name == "entity"]
        assert len(ends) == 2 and set(ends) <= ids, link.to_dict()


def test_links_carry_roles_stated_dates_and_evidence(tmp_path):
    entities = load(write_ftm(tmp_path / "map.ftm.json", RELS, ACTORS, REFERENCE))
    by_record = {e.first("recordId"): e for e in entities if e.schema.is_a("Interval")}
    ids = {e.first("name"): e.id for e in entities if not e.schema.is_a("Interval")}
    ally = by_record[RELS[0].id]
    assert ally.schema.name == "UnknownLink" and ally.get("role") == ["is allied with"]
    assert ally.get("subject") == [ids["Red Band"]] and ally.get("object") == [ids["Blue Army"]]
    assert ally.get("startDate") == ["2019"] and ally.get("endDate") == ["2021-06"]
    assert ally.get("status") == ["asserted"] and ally.get("publisher") == ["Gazette"]
    assert set(ally.get("description")) == {"Red Band allied with Blue Army.", "[denies] No alliance, said Blue Army."}
    assert set(ally.get("sourceUrl")) == {"https://news.example/red_band/1", "https://news.example/red_band/2"}
    leads = by_record[RELS[1].id]
    assert leads.schema.name == "Directorship" and leads.get("director") == [ids["Ivan K."]]
    assert leads.get("organization") == [ids["Red Band"]] and leads.get("startDate") == ["2018"]
    member = by_record[RELS[2].id]
    assert member.get("member") == [ids["Ivan K."]] and member.get("organization") == [ids["Blue Army"]]
    succession = by_record[RELS[3].id]
    assert succession.get("successor") == [ids["Red Band"]] and succession.get("predecessor") == [ids["Civic League"]]
    assert not by_record[RELS[4].id].get("startDate")  # only article dates: no start
    reference = next(e for e in by_record.values() if e.first("status") == "reference")
    assert reference.schema.name == "Membership" and reference.get("role") == ["affiliate"]
    assert reference.get("startDate") == ["2012"] and reference.get("publisher") == ["ucdp:77"]


def test_re_export_gives_the_same_ids(tmp_path):
    first = write_ftm(tmp_path / "a.json", RELS, ACTORS, REFERENCE).read_text(encoding="utf-8")
    assert write_ftm(tmp_path / "b.json", list(reversed(RELS)), ACTORS, REFERENCE).read_text(encoding="utf-8") == first
