"""The API's request bodies and its own response envelopes, so /openapi.json types every payload.

The records and answers inside them (claims, relationships, actors, ...) are factionmap.public.records,
the one shape the CLI's --json and the JSON export give too. Pydantic appears only at the edges where data
leaves or enters (STYLE 1 and 11). Names follow the FastAPI template: ``XPublic`` is one item,
``XsPublic(data, count)`` a page of them, with ``count`` the total before paging.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from factionmap.public.records import (
    ActorPublic,
    ActorRefPublic,
    DecisionPublic,
    DocumentSummaryPublic,
    RelationshipPublic,
)

MAX_TEXT_CHARS = 1_000_000  # pasted article text: a long feature is ~100,000 characters
MAX_META_CHARS = 2_000  # title, url, publisher: longer is not metadata
MAX_NOTE_CHARS = 2_000  # a reviewer's note
MAX_REVIEWER_CHARS = 120  # the review_decisions.reviewer column's width


class Body(BaseModel):
    """A request body: unknown fields are refused, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- errors ----------------------------------------------------------------------------------------


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


class ActorsPublic(BaseModel):
    data: list[ActorPublic]
    count: int


class RelationshipsPublic(BaseModel):
    data: list[RelationshipPublic]
    count: int


# --- documents -------------------------------------------------------------------------------------


class DocumentsPublic(BaseModel):
    data: list[DocumentSummaryPublic]
    count: int


# --- questions, changes, vocabulary ----------------------------------------------------------------


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


class DecisionsPublic(BaseModel):
    data: list[DecisionPublic]
    count: int


class ReferenceLoadResult(BaseModel):
    source: Literal["bundled", "csv"]
    stored: int = Field(description="Reference relations inserted or updated (0 on a reload)")
    total: int = Field(description="Reference relations in the store now")
