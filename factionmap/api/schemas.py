"""The API's request and response models, so /openapi.json types every payload.

Records inside factionmap are frozen dataclasses; pydantic appears only here, at the edge where data
leaves or enters (STYLE 1 and 11). Names follow the FastAPI template: ``XPublic`` is one item,
``XsPublic(data, count)`` a page of them, with ``count`` the total before paging.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 1_000_000  # pasted article text: a long feature is ~100,000 characters
MAX_META_CHARS = 2_000  # title, url, publisher: longer is not metadata
MAX_NOTE_CHARS = 2_000  # a reviewer's note
MAX_REVIEWER_CHARS = 120  # the review_decisions.reviewer column's width
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # how precise claim and article dates are: 2021, 2021-08, 2021-08-15


class Body(BaseModel):
    """A request body: unknown fields are refused, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- errors ----------------------------------------------------------------------------------------


class ActorRefPublic(BaseModel):
    id: str
    name: str
    type: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    field: str | None = None
    hint: str | None = None
    candidates: list[ActorRefPublic] | None = Field(
        default=None, description="For an ambiguous or unknown actor name: the actors it may mean, best first"
    )


class ErrorPublic(BaseModel):
    """The one shape of every failure, whatever its status."""

    error: ErrorDetail


# --- actors, claims, relationships -----------------------------------------------------------------


class ActorPublic(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    country: list[str]
    provisional: bool = Field(description="Made from a name the knowledge base does not know")
    claims: int = Field(description="Claims in the store with this actor at either end")


class ActorsPublic(BaseModel):
    data: list[ActorPublic]
    count: int


class DocumentRef(BaseModel):
    id: int
    doc_id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None


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
    time_source: Literal["stated", "article", "none"] = Field(
        description="Where date comes from: its sentence (stated), only its article's date (article: when it "
        "was reported, not when it held), or nowhere (none)"
    )
    evidence: str
    confidence: float
    review: str | None = Field(description="accepted, rejected, or null when no analyst has judged it")
    document: DocumentRef


class RelationshipPublic(BaseModel):
    id: str = Field(description='Stable key "head|type|tail"')
    head: str
    head_name: str
    type: str
    tail: str
    tail_name: str
    status: str = Field(description="asserted, denied or contested")
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


class RelationshipsPublic(BaseModel):
    data: list[RelationshipPublic]
    count: int


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


class TimelineTrackPublic(BaseModel):
    counterpart: str
    counterpart_name: str
    type: str
    direction: Literal["out", "in", "both"]
    start: str | None
    end: str | None
    points: list[TimelinePointPublic]


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


# --- documents -------------------------------------------------------------------------------------


class DocumentSummaryPublic(BaseModel):
    id: int
    doc_id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    extractor_version: str


class DocumentsPublic(BaseModel):
    data: list[DocumentSummaryPublic]
    count: int


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


# --- questions, changes, vocabulary ----------------------------------------------------------------


class AskPublic(BaseModel):
    question: str
    reading: str = Field(description="What the question was taken to ask")
    kind: str = Field(description="relation, path, who or when")
    as_of: str | None
    relation: RelationAnswerPublic | None
    relationships: list[RelationshipPublic]


class ChangePublic(BaseModel):
    kind: str = Field(description="new, status, ended or contradiction")
    summary: str
    claim_ids: list[str]


class ChangesPublic(BaseModel):
    data: list[ChangePublic]
    count: int


class RelationTypePublic(BaseModel):
    name: str
    label: str
    symmetric: bool
    stix: str
    head: list[str]
    tail: list[str]
    stance: str = Field("neutral", description="cooperative, hostile or neutral (vocab.yaml)")
    contrary: dict[str, str] = Field(
        default_factory=dict,
        description="types that cannot hold at the same time "
        "-> before, after, ended_by or ends (which usually comes first)",
    )
    colour: str = Field("", description="the pages' colour for the type, #rrggbb (also in /vocab.css)")


class ActorTypePublic(BaseModel):
    name: str
    label: str
    stix: str


class VocabPublic(BaseModel):
    relation_types: list[RelationTypePublic]
    actor_types: list[ActorTypePublic]


# --- the map ---------------------------------------------------------------------------------------


class MapNode(BaseModel):
    id: str
    name: str
    type: str
    country: list[str]
    degree: int


class MapEdge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    label: str
    symmetric: bool
    confidence: float
    sources: int
    first_time: str | None
    last_time: str | None
    valid_from: str | None
    valid_to: str | None
    status: str


class MapDates(BaseModel):
    min: str | None
    max: str | None


class MapData(BaseModel):
    nodes: list[MapNode]
    edges: list[MapEdge]
    as_of: str | None
    dates: MapDates = Field(description="The span of the whole map's dates, for the time slider")
    regions: list[str]
    total_edges: int = Field(0, description="Edges passing the filters; `edges` holds the strongest max_edges")


# --- writes ----------------------------------------------------------------------------------------


class PastedArticle(Body):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=MAX_META_CHARS)
    url: str | None = Field(default=None, max_length=MAX_META_CHARS)
    publisher: str | None = Field(default=None, max_length=MAX_META_CHARS)
    published: str | None = Field(default=None, max_length=40, description="A date, ISO or as printed")


class IngestOutcome(BaseModel):
    doc_id: str
    outcome: str = Field(description="new, replaced, copy, unchanged or failed")


class IngestResult(BaseModel):
    new: int
    replaced: int
    copies: int
    unchanged: int
    claims: int
    failures: list[str]
    document_ids: list[int] = Field(description="Documents stored or re-extracted by this request")
    outcomes: list[IngestOutcome]


class VerdictRequest(Body):
    verdict: Literal["accept", "reject"]
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    reviewer: str | None = Field(default=None, max_length=MAX_REVIEWER_CHARS)


class MergeRequest(Body):
    actor: str = Field(min_length=1, max_length=MAX_META_CHARS, description="Merged away: any name or id")
    into: str = Field(min_length=1, max_length=MAX_META_CHARS, description="The actor it is the same as")
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    reviewer: str | None = Field(default=None, max_length=MAX_REVIEWER_CHARS)


class SplitRequest(Body):
    actor: str = Field(min_length=1, max_length=MAX_META_CHARS)
    other: str = Field(min_length=1, max_length=MAX_META_CHARS)
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    reviewer: str | None = Field(default=None, max_length=MAX_REVIEWER_CHARS)


class RevertRequest(Body):
    reviewer: str | None = Field(default=None, max_length=MAX_REVIEWER_CHARS)


class DecisionPublic(BaseModel):
    id: int
    kind: str = Field(description="accept, reject, merge or split")
    claim_id: str | None
    actor_id: str | None
    into_id: str | None = Field(description="merge: the actor it counts as; split: the other actor")
    reviewer: str
    note: str | None
    decided_at: datetime
    reverted_at: datetime | None
    reverted_by: str | None
    in_force: bool


class DecisionsPublic(BaseModel):
    data: list[DecisionPublic]
    count: int


class ComparisonPublic(BaseModel):
    """One line of "news vs reference" (factionmap.graph.reference_compare)."""

    kind: Literal["contradicts", "agrees", "adds", "reference_only"]
    basis: str = Field(description="same, symmetric, history, contrary, undated, after_end, denied, none or unmatched")
    text: str
    relationship: str | None = Field(
        description='The news relationship\'s id "head|type|tail"; null for reference_only'
    )
    reference: list[ReferencePublic] = Field(description="The reference relations that decide the kind")


class ReferenceLoadResult(BaseModel):
    source: Literal["bundled", "csv"]
    stored: int = Field(description="Reference relations inserted or updated (0 on a reload)")
    total: int = Field(description="Reference relations in the store now")


RelationAnswerPublic.model_rebuild()  # its `comparison` field names ComparisonPublic, defined after it
