"""The relationships table equals what aggregating the claims gives, after any sequence of writes.

Random sequences of ingests (near-duplicate copies among them), re-extractions by a newer extractor
(which replace a document's claims), verdicts, merges, splits and reverts go through the store's writers
with the maintenance hook; after each step the table must equal ``aggregate`` over every claim (with every
stored actor's names), and at the end ``rebuild`` must give the same table again. SQLite only here;
tests/store/test_relationships.py runs a fixed sequence on PostgreSQL too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from factionmap.errors import InvalidInput, NotFound
from factionmap.graph.coalitions import coalitions
from factionmap.graph.exports import export_graph
from factionmap.graph.maintained import rebuild, refresh, row
from factionmap.graph.maintained import stored as maintained_stored
from factionmap.graph.relationships import aggregate, cluster_outlets
from factionmap.model import Actor, Article, Claim, Extraction, Mention
from factionmap.store import reader, review
from factionmap.store import relationships as table
from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature
from factionmap.store.writer import find_existing, write_extraction

ACTORS = {
    a.id: a
    for a in (
        Actor("north_front", "North Front", "ARMED_GROUP", ("NF",)),
        Actor("river_brigade", "River Brigade", "ARMED_GROUP", ("Liwa al-Nahr",)),
        Actor("hill_council", "Hill Council", "ARMED_GROUP"),
        Actor("sea_army", "Sea Army", "ARMED_GROUP"),
    )
}
# Surface forms a document may use: a new one becomes a stored alias, which can make a speaker partisan.
SURFACES = {
    "north_front": ("North Front", "Northern Front", "NF"),
    "river_brigade": ("River Brigade", "Nahr fighters"),
    "hill_council": ("Hill Council",),
    "sea_army": ("Sea Army", "Navy of the Sea"),
}
TYPES = ("ALLY_OF", "RIVAL_OF", "ATTACKS", "SUPPORTS", "AFFILIATE_OF", "SPLINTER_OF")
SPEAKERS = (None, "an official", "a Northern Front commander", "a Nahr fighters statement", "a North Front spokesman")
BASES = (
    "The North Front announced on Monday that it had formed an alliance with the River Brigade, according "
    "to a statement posted by the group. Officials in the capital said the River Brigade had received "
    "weapons from abroad during the previous winter, a claim the government denied. The Hill Council "
    "accused both groups of betrayal and said its fighters would continue to operate independently.",
    "Heavy fighting broke out near the port as the Sea Army pushed into districts held by the Hill "
    "Council. Residents described checkpoints on the main road and convoys of pickup trucks moving at "
    "night. Traders said prices for fuel and flour had doubled, and many families had left for the south "
    "while aid groups warned of shortages in the coming weeks and months ahead of the rainy season.",
)
PUBLISHERS = (("Alpha News", "https://alpha.example/"), ("Beta Post", "https://beta.example/"), (None, None))

PLAIN = {a: s[0] for a, s in SURFACES.items()}  # every actor by its first name
claim_st = st.tuples(
    st.sampled_from(sorted(ACTORS)),
    st.sampled_from(TYPES),
    st.sampled_from(sorted(ACTORS)),
    st.booleans(),  # negated
    st.booleans(),  # hedged
    st.sampled_from(SPEAKERS),
    st.sampled_from((None, "2019", "2021-03", "2022", "2023-06-01")),
    st.sampled_from((0.5, 0.8, 0.95)),
).filter(lambda c: c[0] != c[2])
claims_st = st.lists(claim_st, max_size=4)
surfaces_st = st.fixed_dictionaries({a: st.sampled_from(s) for a, s in SURFACES.items()})


def _claims(drawn: list[tuple]) -> list[Claim]:
    out = []
    for i, (head, type_, tail, negated, hedged, speaker, time, confidence) in enumerate(drawn):
        evidence = f"{ACTORS[head].name} {type_.lower()} {ACTORS[tail].name}."
        start = i * 100
        out.append(
            Claim(
                head,
                type_,
                tail,
                negated,
                hedged,
                speaker,
                time,
                evidence,
                start,
                start + len(evidence),
                confidence,
                "t",
            )
        )
    return out


def _extraction(doc: dict, claims: list[Claim], surfaces: dict[str, str]) -> Extraction:
    used = sorted({c.head for c in claims} | {c.tail for c in claims})
    mentions = [Mention(0, 3, surfaces[a], a, ACTORS[a].type, "gazetteer") for a in used]
    article = Article(
        doc["doc_id"], doc["text"], publisher=doc["publisher"], published=doc["published"], url=doc["url"]
    )
    return Extraction(article, {a: ACTORS[a] for a in used}, mentions, claims, extractor_version=doc["version"])


def _write(engine: Engine, ex: Extraction) -> None:
    sig = signature(ex.article.text)
    write_extraction(engine, ex, sig, find_existing(engine, sig), None, on_changed=refresh)


def expected(engine: Engine) -> list[dict]:
    """What aggregating every claim gives (with every stored actor's names), as rows."""
    claims = list(reader.iter_claims(engine))
    ids = {x for c in claims for x in (c.head, c.tail)}
    aliases = {i: (a.name, *a.aliases) for i, a in reader.actors(engine, ids).items()}
    outlets = cluster_outlets(claims)
    return sorted((row(r, outlets, aliases) for r in aggregate(claims, aliases=aliases)), key=_key)


def stored(engine: Engine) -> list[dict]:
    return [{k: v for k, v in vars_(r).items() if k != "updated_at"} for r in table.read_all(engine)]


def vars_(r: table.StoredRelationship) -> dict:
    return {name: getattr(r, name) for name in table.COLUMNS}


def _key(r: dict) -> tuple:
    return (r["head_id"], r["type"], r["tail_id"])


def assert_same(got: list[dict], want: list[dict]) -> None:
    assert [_key(r) for r in got] == [_key(r) for r in want]
    for g, w in zip(got, want, strict=True):
        for name, value in w.items():
            if isinstance(value, float):
                assert g[name] == pytest.approx(value, abs=1e-9), (_key(w), name)
            else:
                assert g[name] == value, (_key(w), name)


def maintained_equals_rebuilt(engine: Engine) -> bool:
    """The relationships table as the writes left it equals a rebuild from the claims (which it becomes)."""
    before = stored(engine)
    after = rebuilt(engine)
    assert_same(after, before)
    return bool(before)


def rebuilt(engine: Engine) -> list[dict]:
    with engine.begin() as conn:
        rebuild(conn)
    return stored(engine)


operation = st.one_of(
    st.tuples(st.just("ingest"), st.integers(0, 2), st.integers(0, 2), st.booleans(), claims_st, surfaces_st),
    st.tuples(st.just("reextract"), st.integers(0, 20), claims_st, surfaces_st),
    st.tuples(st.just("verdict"), st.sampled_from(("accept", "reject")), st.integers(0, 40)),
    st.tuples(st.just("merge"), st.sampled_from(sorted(ACTORS)), st.sampled_from(sorted(ACTORS))),
    st.tuples(st.just("split"), st.sampled_from(sorted(ACTORS)), st.sampled_from(sorted(ACTORS))),
    st.tuples(st.just("revert"), st.integers(0, 20)),
)


def _apply(engine: Engine, op: tuple, docs: list[dict]) -> None:
    kind = op[0]
    if kind == "ingest":
        _, base, publisher, dated, drawn, surfaces = op
        n = len(docs)
        # Two bases with a short distinct ending: copies of one story cluster as near-duplicates; a third
        # kind of text is a story of its own.
        text = f"{BASES[base]} Update number {n}." if base < len(BASES) else f"Story {n} stands alone. " * 12
        name, site = PUBLISHERS[publisher]
        doc = {
            "doc_id": f"doc-{n}",
            "text": text,
            "publisher": name,
            "url": f"{site}{n}" if site else None,
            "published": "2023-05-01" if dated else None,
            "version": "v1",
        }
        docs.append(doc)
        _write(engine, _extraction(doc, _claims(drawn), surfaces))
    elif kind == "reextract" and docs:
        _, pick, drawn, surfaces = op
        doc = docs[pick % len(docs)]
        doc["version"] = f"v{int(doc['version'][1:]) + 1}"
        _write(engine, _extraction(doc, _claims(drawn), surfaces))
    elif kind == "verdict":
        with engine.connect() as conn:
            ids = list(conn.execute(select(t.claims.c.id).order_by(t.claims.c.id)).scalars())
        if ids:
            decide = review.accept if op[1] == "accept" else review.reject
            decide(engine, ids[op[2] % len(ids)], "tester", on_changed=refresh)
    elif kind in ("merge", "split"):
        decide = review.merge if kind == "merge" else review.split
        with contextlib.suppress(InvalidInput, NotFound):
            decide(engine, op[1], op[2], "tester", on_changed=refresh)
    elif kind == "revert":
        with engine.connect() as conn:
            d = t.review_decisions.c
            ids = list(conn.execute(select(d.id).where(d.reverted_at.is_(None)).order_by(d.id)).scalars())
        if ids:
            with contextlib.suppress(InvalidInput):
                review.revert(engine, ids[op[1] % len(ids)], "tester", on_changed=refresh)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(operation, min_size=3, max_size=16))
# Found by this test: an acceptance of one claim counted an earlier rejection of another claim as undone,
# so a cluster's rejected first copy became its outlet again (store.relationships.cluster_outlets).
@example(
    [
        ("ingest", 0, 1, False, [], PLAIN),
        ("ingest", 0, 0, False, [], PLAIN),
        ("reextract", 0, [("hill_council", "ALLY_OF", "river_brigade", False, False, None, None, 0.5)], PLAIN),
        ("verdict", "reject", 0),
        ("ingest", 0, 0, False, [], PLAIN),
        ("ingest", 0, 0, False, [("hill_council", "ALLY_OF", "north_front", False, False, None, None, 0.5)], PLAIN),
        ("verdict", "accept", 0),
    ]
)
def test_the_table_equals_the_aggregated_claims_after_any_writes(ops):
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'store.db'}")
        try:
            migrate(engine)
            docs: list[dict] = []
            for op in ops:
                _apply(engine, op, docs)
                assert_same(stored(engine), expected(engine))
            maintained = stored(engine)
            assert_same(rebuilt(engine), maintained)
        finally:
            engine.dispose()


def test_a_new_name_makes_a_speaker_partisan_in_relationships_already_stored(tmp_path):
    """A later document that calls the North Front "Northern Front" makes "a Northern Front commander" one
    of its own people: the earlier relationship's confidence drops, without any new claim on that pair."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    surfaces = {a: s[0] for a, s in SURFACES.items()}
    first = {"doc_id": "d1", "text": BASES[0], "publisher": "Alpha News", "url": None, "published": None}
    claim = ("north_front", "SUPPORTS", "river_brigade", False, False, "a Northern Front commander", None, 0.8)
    _write(engine, _extraction(first | {"version": "v1"}, _claims([claim]), surfaces))
    before = {r.key: r.confidence for r in table.read_all(engine)}
    second = {"doc_id": "d2", "text": BASES[1], "publisher": "Beta Post", "url": None, "published": None}
    other = ("north_front", "ATTACKS", "sea_army", False, False, None, None, 0.8)
    _write(
        engine, _extraction(second | {"version": "v1"}, _claims([other]), surfaces | {"north_front": "Northern Front"})
    )
    after = {r.key: r.confidence for r in table.read_all(engine)}
    key = ("north_front", "SUPPORTS", "river_brigade")
    assert after[key] < before[key]
    assert_same(stored(engine), expected(engine))


def test_read_all_gives_every_row_with_its_numbers(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    doc = {"doc_id": "d1", "text": BASES[0], "publisher": "Alpha News", "url": None, "published": "2023-05-01"}
    drawn = [
        ("river_brigade", "ALLY_OF", "north_front", False, True, None, "2021-03", 0.8),
        ("north_front", "ALLY_OF", "river_brigade", True, False, None, None, 0.8),
    ]
    _write(engine, _extraction(doc | {"version": "v1"}, _claims(drawn), {a: s[0] for a, s in SURFACES.items()}))
    [r] = table.read_all(engine)
    assert r.key == ("north_front", "ALLY_OF", "river_brigade")  # symmetric: ends ordered by id
    assert (r.claim_count, r.asserted, r.negated, r.status) == (2, 1, 1, "contested")
    assert (r.first_time, r.valid_from, r.first_reported) == ("2021-03", "2021-03", "2023-05-01")
    assert r.share_hedged == 1.0
    assert r.updated_at is not None


def test_which_copy_counts_as_a_clusters_outlet_is_store_wide(tmp_path):
    """Syndicated copies count as the outlet of their cluster's first document with claims in force, over
    the whole store: a pair whose claims are in the second copy counts the first copy's outlet, and
    rejecting the first copy's only claim (on another pair) changes that pair's sources."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    surfaces = {a: s[0] for a, s in SURFACES.items()}
    supports = ("hill_council", "SUPPORTS", "sea_army", False, False, None, None, 0.8)
    docs = [
        (
            {"text": BASES[0] + " Update number 0.", "publisher": "Alpha News"},
            ("north_front", "ALLY_OF", "river_brigade"),
        ),
        ({"text": BASES[0] + " Update number 1.", "publisher": "Beta Post"}, None),
        ({"text": BASES[1], "publisher": "Alpha News"}, None),
    ]
    for n, (doc, first) in enumerate(docs):
        drawn = [(*first, False, False, None, None, 0.8)] if first else [supports]
        doc |= {"doc_id": f"d{n}", "url": None, "published": None, "version": "v1"}
        _write(engine, _extraction(doc, _claims(drawn), surfaces))
    key = ("hill_council", "SUPPORTS", "sea_army")
    sources = {r.key: r.independent_sources for r in table.read_all(engine)}
    assert sources[key] == 1  # the Beta copy counts as Alpha, its cluster's first document
    assert_same(stored(engine), expected(engine))
    with engine.connect() as conn:
        first_claim = conn.execute(select(t.claims.c.id).where(t.claims.c.type == "ALLY_OF")).scalar_one()
    review.reject(engine, first_claim, "tester", on_changed=refresh)
    sources = {r.key: r.independent_sources for r in table.read_all(engine)}
    assert sources[key] == 2  # the cluster now counts as Beta, its first document with a claim in force
    assert ("north_front", "ALLY_OF", "river_brigade") not in sources
    assert_same(stored(engine), expected(engine))


def test_a_new_article_updates_its_pairs_rows_without_reading_their_claims(tmp_path, monkeypatch):
    """The common write (a new article asserting relations no claim denies) adds its claims to the rows by
    their summaries: the pair's earlier claims are not read, and the rows still equal the aggregation,
    including a dated rivalry that ends the alliance and a second outlet that corroborates it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    surfaces = {a: s[0] for a, s in SURFACES.items()}
    first = {"doc_id": "d1", "text": BASES[0], "publisher": "Alpha News", "url": None, "published": "2021-05-01"}
    allied = ("north_front", "ALLY_OF", "river_brigade", False, True, "an official", "2021-03", 0.8)
    _write(engine, _extraction(first | {"version": "v1"}, _claims([allied]), surfaces))

    def unread(*_args, **_kwargs):
        raise AssertionError("a new article's pair was recomputed from its claims")

    monkeypatch.setattr(reader, "claims_of_pairs", unread)
    second = {"doc_id": "d2", "text": BASES[1], "publisher": "Beta Post", "url": None, "published": "2023-07-01"}
    later = [
        ("river_brigade", "ALLY_OF", "north_front", False, False, None, "2021-03", 0.95),
        ("river_brigade", "RIVAL_OF", "north_front", False, False, None, "2023-06-01", 0.5),
    ]
    _write(engine, _extraction(second | {"version": "v1"}, _claims(later), surfaces))
    monkeypatch.undo()
    rows = {r.key: r for r in table.read_all(engine)}
    alliance = rows[("north_front", "ALLY_OF", "river_brigade")]
    assert (alliance.asserted, alliance.independent_sources, alliance.share_hedged) == (2, 2, 0.5)
    assert (alliance.valid_to, alliance.first_reported, alliance.last_reported) == (
        "2023-06-01",
        "2021-05-01",
        "2023-07-01",
    )
    assert_same(stored(engine), expected(engine))


def test_the_table_read_back_gives_the_whole_network_views_what_aggregation_gives(tmp_path):
    """stored() is what coalitions and the graph exports read: the aggregation's relationships, without
    their claims, and the same coalitions and GraphML edges as from the aggregated claims."""
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    surfaces = {a: s[0] for a, s in SURFACES.items()}
    docs = [
        [
            ("north_front", "ALLY_OF", "river_brigade", False, False, None, "2019", 0.8),
            ("hill_council", "ATTACKS", "sea_army", False, True, "an official", "2021-03", 0.95),
        ],
        [
            ("river_brigade", "ALLY_OF", "north_front", False, False, None, None, 0.5),
            ("north_front", "ATTACKS", "sea_army", False, False, None, "2022", 0.8),
            ("north_front", "ALLY_OF", "river_brigade", True, False, "a North Front spokesman", None, 0.8),
        ],
    ]
    for n, drawn in enumerate(docs):
        doc = {"doc_id": f"d{n}", "text": BASES[n], "publisher": PUBLISHERS[n][0], "url": None, "published": None}
        _write(engine, _extraction(doc | {"version": "v1"}, _claims(drawn), surfaces))
    claims = list(reader.iter_claims(engine))
    aliases = {i: (a.name, *a.aliases) for i, a in reader.actors(engine, {"north_front", "river_brigade"}).items()}
    aliases |= {i: (a.name, *a.aliases) for i, a in reader.actors(engine, {"hill_council", "sea_army"}).items()}
    aggregated = aggregate(claims, aliases=aliases)
    from_table = maintained_stored(engine)
    assert [r.key for r in from_table] == [r.key for r in aggregated]
    for got, want in zip(from_table, aggregated, strict=True):
        assert got == dataclasses.replace(want, claims=())
        assert got.claim_count == len(want.claims)
    assert coalitions(from_table) == coalitions(aggregated)
    actors = reader.actors(engine, set(ACTORS))
    assert sorted(export_graph(from_table, actors).edges(data=True, keys=True), key=repr) == sorted(
        export_graph(aggregated, actors).edges(data=True, keys=True), key=repr
    )
