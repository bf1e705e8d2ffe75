"""The store's tables, as SQLAlchemy Core (no ORM: rows go in by the thousand and come out as tuples).

Claims are the stored truth; relationships (graph edges) are computed from them (STYLE: "relations are not
edges"), and the ``relationships`` table only caches that computation, kept equal to it by every write.
Every analyst decision is a row in ``review_decisions`` that
queries apply on the fly, so a decision is reversible by reverting its row and the claims stay untouched.

The migrations in ``store/migrations`` create exactly these tables; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Constraint names follow one convention so migrations can refer to them on every dialect.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 64  # actor ids: knowledge-base ids ("hayat_tahrir_al_sham") or "new:<kind>:<name>"

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("command", String(40), nullable=False),
    Column("extractor_version", String(40)),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("documents", Integer, nullable=False, default=0),
    Column("copies", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", String(300), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # hash of the normalised text: exact copies
    Column("cluster_id", Integer, nullable=False),  # near-duplicate cluster (its first document's id)
    Column("title", Text),
    Column("author", Text),
    Column("publisher", Text),
    Column("published", String(10)),
    Column("url", Text),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("minhash", LargeBinary),  # MinHash signature of word shingles, to confirm near-duplicates
    Column("time_anchor", String(10)),
    Column("time_anchor_source", String(40)),
    Column("extractor_version", String(40), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fingerprint"),
    Index(None, "cluster_id"),
    Index(None, "doc_id"),
)

# The same text seen again under another URL or file: recorded, never extracted twice.
document_copies = Table(
    "document_copies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("doc_id", String(300)),
    Column("url", Text),
    Column("source", Text),
    Column("publisher", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index(None, "document_id"),
)

# MinHash LSH bands of each document: documents sharing a band are near-duplicate candidates.
document_bands = Table(
    "document_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("hash", String(32), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Index(None, "band", "hash"),
    Index(None, "document_id"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("provisional", Boolean, nullable=False, default=False),
    Column("country", Text),  # ISO codes, comma-separated
    Column("sources", Text),  # where the knowledge base has it from, comma-separated
)

aliases = Table(
    "aliases",
    metadata,
    Column("actor_id", String(ID), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("norm", String(300), nullable=False),  # kb.normalize form, for lookups
    UniqueConstraint("actor_id", "norm"),
    Index(None, "norm"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(ID), ForeignKey("actors.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("method", String(20), nullable=False),
    Index(None, "document_id"),
    Index(None, "actor_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),  # content hash: Claim.key(doc, extractor version)
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("head_id", String(ID), ForeignKey("actors.id"), nullable=False),
    Column("type", String(24), nullable=False),
    Column("tail_id", String(ID), ForeignKey("actors.id"), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("attributed_to", Text),
    Column("time", String(10)),  # ISO as precise as known: "2021", "2021-08", "2021-08-15"
    # Where the claim's date comes from: "stated" (``time``, from its sentence), "article" (its document's
    # date only) or "none" (model.TIME_SOURCES; migration 0003 derived it for older stores).
    Column("time_source", String(8), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("rule", String(80), nullable=False),
    Column("cue", String(80)),
    Column("head_text", Text),
    Column("tail_text", Text),
    # Pair lookups use the first two columns; type and negated let walks and link counts read the index
    # alone (migration 0002).
    Index(None, "head_id", "tail_id", "type", "negated"),
    Index(None, "tail_id", "head_id", "type", "negated"),
    Index(None, "document_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(20), nullable=False),
    Column("date", String(10)),
    Column("location", Text),
    Column("actors", Text),
    Column("targets", Text),  # actor ids, comma-separated
    Column("casualties", Text),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Index(None, "document_id"),
)

# Baseline knowledge (MMP, UCDP, UN lists): shown beside news claims, never mixed with them.
reference_relations = Table(
    "reference_relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("head_id", String(ID), nullable=False),
    Column("type", String(24), nullable=False),
    Column("tail_id", String(ID), nullable=False),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("source", String(120), nullable=False),
    Column("note", Text),
    UniqueConstraint("head_id", "type", "tail_id", "source"),
    Index(None, "head_id", "tail_id"),
    Index(None, "tail_id", "head_id"),
)

# Analyst decisions: accept/reject a claim, merge/split actors. Reverting sets reverted_at; nothing is
# deleted, so the history of who decided what, and when, stays.
review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # accept | reject | merge | split
    Column("claim_id", String(32)),
    Column("actor_id", String(ID)),  # merge: the actor merged away; split: the actor taken back out
    Column("into_id", String(ID)),  # merge: the actor it now counts as
    Column("reviewer", String(120), nullable=False),
    Column("note", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reverted_at", DateTime(timezone=True)),
    Column("reverted_by", String(120)),
    Index(None, "claim_id"),
    Index(None, "actor_id"),
)

# `factionmap watch`: each followed feed or sitemap's polling state, so a restart resumes where it stopped
# (conditional-GET validators, when it is next due, its run of failures for the back-off).
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("url", String(2000), primary_key=True),  # factionmap.watch.sources.MAX_URL_CHARS
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled_at", DateTime(timezone=True)),
    Column("next_poll_at", DateTime(timezone=True)),
    Column("failures", Integer, nullable=False, default=0),  # consecutive; 0 after a good poll
    Column("last_error", Text),
)

# Every article URL `factionmap watch` has dealt with, so none is fetched twice. ``outcome``: stored,
# copy, unchanged, skipped (not an article), failed (for good), robots (disallowed) or error (a
# transient failure, tried again up to factionmap.watch.loop.MAX_PAGE_ATTEMPTS times).
watch_seen = Table(
    "watch_seen",
    metadata,
    Column("url", String(2000), primary_key=True),
    Column("source_url", String(2000), nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Index(None, "source_url"),
)

# Relationships as aggregating the claims gives them (factionmap.graph.relationships.aggregate), kept equal
# to it as claims arrive and decisions are made: every write of claims or decisions recomputes the rows of
# the actor pairs it touches in its own transaction (factionmap.graph.maintained), and `factionmap store
# rebuild` recomputes them all. Keys are the ids after analysts' merges; a symmetric type's ends are ordered
# by id. A derived cache: the claims stay the truth (migration 0005).
relationships = Table(
    "relationships",
    metadata,
    Column("head_id", String(ID), primary_key=True),
    Column("type", String(24), primary_key=True),
    Column("tail_id", String(ID), primary_key=True),
    Column("claim_count", Integer, nullable=False),
    Column("asserted", Integer, nullable=False),
    Column("negated", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("first_time", String(10)),
    Column("last_time", String(10)),
    Column("valid_from", String(10)),
    Column("valid_to", String(10)),
    Column("first_reported", String(10)),
    Column("last_reported", String(10)),
    Column("share_hedged", Float, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("status", String(12), nullable=False),
    Column("support", Float, nullable=False),
    Column("denial", Float, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("evidence", Text, nullable=False),  # graph.summary.Summary as JSON
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index(None, "head_id"),
    Index(None, "tail_id"),
    Index("ix_relationships_rank", "confidence", "independent_sources", "status"),  # the map, strongest first
    Index(None, "valid_from"),  # the map's time slider: its span
    Index(None, "valid_to"),
    Index(None, "last_time"),
)
