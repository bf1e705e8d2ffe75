"""The public shape of every record factionmap gives out, one per concept: what ``--json`` prints, what the
API returns and what the JSON export holds.

Records inside factionmap are frozen dataclasses (StoredClaim, Relationship, ReferenceRelation, the
``Queries`` answers); pydantic appears only here, where data leaves, so that ``/openapi.json`` types every
payload and the CLI and the exports print the very same models (:mod:`factionmap.public.convert` builds
them). Actors are named by id with their display name beside it (``head``/``head_name``); a relationship's
one id is ``"head|type|tail"``; claims keep their store id; documents their store id and ``doc_id``.
Confidence is rounded to four places everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from factionmap.graph.network import Direction
from factionmap.graph.reference_compare import Verdict
from factionmap.graph.relationships import Status
from factionmap.model import DecisionKind, ReviewVerdict, TimeSource


class ActorRefPublic(BaseModel):
    id: str
    name: str
    type: str


class ActorPublic(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    country: list[str]
    provisional: bool = Field(description="Made from a name the knowledge base does not know")
    claims: int | None = Field(
        description="Claims in the store with this actor at either end (null in an export, which counts none)"
    )


class DocumentRef(BaseModel):
    id: int = Field(description="The store's id of the document (GET /api/documents/{id})")
    doc_id: str = Field(description="The document's own id (from its file, or derived from its text)")
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None
    outlet: str = Field(description="The outlet that counts as its source (publisher, else the URL's host)")
    cluster_id: int | None = Field(description="Documents telling one story share it (copies count once)")


class ClaimPublic(BaseModel):
    id: str
    head: str
    head_name: str
    type: str
    tail: str
    tail_name: str
    negated: bool
    hedged: bool
    attributed_to: str | None
    time: str | None = Field(description="The date the text gives the claim, as precise as known")
    date: str | None = Field(description="The claim's time, else its article's date (see time_source)")
    time_source: TimeSource = Field(
        description="Where date comes from: its sentence (stated), only its article's date (article: when it "
        "was reported, not when it held), or nowhere (none)"
    )
    evidence: str
    evidence_start: int = Field(description="Where the evidence starts in its document's text (characters)")
    evidence_end: int
    rule: str = Field(description="What found the claim (extraction rule or model)")
    confidence: float
    review: ReviewVerdict | None = Field(description="accepted, rejected, or null when no analyst has judged it")
    document: DocumentRef


class RelationshipPublic(BaseModel):
    id: str = Field(description='Stable key "head|type|tail"')
    head: str
    head_name: str
    type: str
    tail: str
    tail_name: str
    symmetric: bool = Field(description="The type reads the same either way (ALLY_OF, RIVAL_OF, FIGHTS, ...)")
    status: Status = Field(description="asserted, denied or contested")
    confidence: float
    asserted: int
    negated: int
    independent_sources: int
    first_time: str | None = Field(description="Earliest time an asserting claim's sentence states")
    last_time: str | None = Field(description="Latest time an asserting claim's sentence states")
    valid_from: str | None
    valid_to: str | None
    share_hedged: float
    first_reported: str | None = Field(description="Earliest date of an article asserting it (when reported)")
    last_reported: str | None = Field(description="Latest date of an article asserting it (when reported)")
    claim_count: int = Field(
        description="Claims behind it; `claims` may hold only the strongest of them (see the route's description)"
    )
    claims: list[ClaimPublic]


class ReferencePublic(BaseModel):
    """A relation from reference data (MMP, UCDP, UN lists), shown beside the news, never mixed in."""

    head: str
    head_name: str
    type: str
    tail: str
    tail_name: str
    start: str | None
    end: str | None
    source: str
    note: str


class ConflictPublic(BaseModel):
    kind: str = Field(description="contrary (ALLY_OF vs RIVAL_OF, ...) or negation (asserted vs denied)")
    reading: str = Field(description="change (one ended, the other began) or dispute (sources disagree)")
    changed_at: str | None
    narrative: str


class ComparisonPublic(BaseModel):
    """One line of "news vs reference" (factionmap.graph.reference_compare)."""

    kind: Verdict
    basis: str = Field(description="same, symmetric, history, contrary, undated, after_end, denied, none or unmatched")
    text: str
    relationship: str | None = Field(
        description='The news relationship\'s id "head|type|tail"; null for reference_only'
    )
    reference: list[ReferencePublic] = Field(description="The reference relations that decide the kind")


class RelationAnswerPublic(BaseModel):
    a: ActorPublic
    b: ActorPublic
    as_of: str | None
    summary: str
    relationships: list[RelationshipPublic]
    conflicts: list[ConflictPublic]
    reference: list[ReferencePublic]
    path: list[RelationshipPublic] = Field(description="How they connect when nothing links them directly")
    comparison: list[ComparisonPublic] = Field(
        default_factory=list,
        description=("Where the news agrees with, adds to or contradicts the reference data, contradictions first"),
    )


class TimelinePointPublic(BaseModel):
    date: str
    explicit: bool = Field(description="True when the text dates the claim, false when only its article does")
    time_source: Literal["stated", "article"] = Field(
        description="stated: placed at the date its sentence gives; article: at its article's date (a hollow "
        "marker, never a bound)"
    )
    negated: bool
    hedged: bool
    claim_id: str
    outlet: str = Field(description="The outlet of the claim's article")


class TimelineTrackPublic(BaseModel):
    counterpart: str
    counterpart_name: str
    type: str
    direction: Direction
    start: str | None
    end: str | None
    points: list[TimelinePointPublic]
    undated_claims: int = Field(description="Claims neither their sentence nor their article dates (no point)")


class OutletPublic(BaseModel):
    outlet: str
    claims: int


class ActorProfile(BaseModel):
    actor: ActorPublic
    aliases: list[str]
    lineage: list[RelationshipPublic]
    relationships: list[RelationshipPublic]
    relationship_count: int = Field(description="All its relationships; `relationships` holds the strongest")
    reference: list[ReferencePublic]
    documents: int
    outlets: list[OutletPublic]
    timeline: list[TimelineTrackPublic]


class AskPublic(BaseModel):
    question: str
    reading: str = Field(description="What the question was taken to ask")
    kind: str = Field(description="relation, path, who or when")
    as_of: str | None
    relation: RelationAnswerPublic | None
    relationships: list[RelationshipPublic]


class ChangePublic(BaseModel):
    kind: str = Field(description="new, status, ended, contradiction or contradicts_reference")
    summary: str
    claim_ids: list[str]
    claims: list[ClaimPublic] = Field(description="The new claims behind the change")
    comparison: ComparisonPublic | None = Field(
        None, description="contradicts_reference: the news relationship and the reference relations it contradicts"
    )


class ChangesPublic(BaseModel):
    data: list[ChangePublic]
    count: int


class PathPublic(BaseModel):
    a: ActorPublic
    b: ActorPublic
    as_of: str | None
    path: list[RelationshipPublic] = Field(description="The strongest chain of relationships from a to b")


class DecisionPublic(BaseModel):
    id: int
    kind: DecisionKind = Field(description="accept, reject, merge or split")
    claim_id: str | None
    actor_id: str | None
    into_id: str | None = Field(description="merge: the actor it counts as; split: the other actor")
    reviewer: str
    note: str | None
    decided_at: datetime
    reverted_at: datetime | None
    reverted_by: str | None
    in_force: bool


class DocumentSummaryPublic(BaseModel):
    id: int
    doc_id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    extractor_version: str


class MentionPublic(BaseModel):
    start: int
    end: int
    text: str
    actor_id: str
    actor_name: str
    actor_type: str


class DocumentPublic(DocumentSummaryPublic):
    text: str
    mentions: list[MentionPublic]
    claims: list[ClaimPublic]
