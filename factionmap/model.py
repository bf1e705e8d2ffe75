"""Plain records that flow between the stages.

Records are frozen, slotted dataclasses (followthemoney's Statement, not a pydantic model): they are
created by the million during extraction and must be cheap, hashable and immutable. Pydantic is only
used where data enters from outside (settings, user YAML, API bodies).

Ids are content hashes so that re-running extraction on the same article gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from factionmap.isodates import undated_last

ACTOR_TYPES = ("ARMED_GROUP", "STATE", "PERSON", "ORGANIZATION", "LOCATION")


def content_id(*parts: object, size: int = 16) -> str:
    """A stable hex id from the parts' text (sha1; collisions are irrelevant at this size of corpus)."""
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:size]


@dataclass(frozen=True, slots=True)
class Article:
    """One document as read from disk or stdin, boilerplate already removed from ``text``."""

    doc_id: str
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date, as precise as known ("2024", "2024-12", "2024-12-08")
    url: str | None = None
    source: str | None = None  # the file (and line, for JSONL) it came from

    @property
    def text_id(self) -> str:
        return content_id(self.text, size=24)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor the knowledge base knows, or a provisional one made from an unknown name."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    provisional: bool = False
    sources: tuple[str, ...] = ()


class MentionMethod(StrEnum):
    """How a mention was found (the relation model reads it as a feature, by its value)."""

    GAZETTEER = "gazetteer"  # a name or alias of the knowledge base
    FACTION = "faction"  # "the X faction of Y": the faction the knowledge base knows
    ACRONYM = "acronym"  # an acronym defined in the text or known
    DEMONYM = "demonym"  # "Afghan forces" -> Afghanistan
    DESCRIPTION = "description"  # "the group", "the militants": resolved to an earlier mention
    HOME_STATE = "home_state"  # "the government" -> the article's home state
    NER = "ner"  # spaCy's entity recogniser, for a name the knowledge base lacks
    COREF = "coref"  # a pronoun resolved to an earlier mention


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that refers to an actor; ``method`` says how it was found."""

    start: int
    end: int
    text: str
    actor_id: str
    actor_type: str
    method: MentionMethod
    score: float = 1.0
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Claim:
    """One relation the article asserts, with its qualifiers and the evidence behind it."""

    head: str  # actor id
    type: str
    tail: str  # actor id
    negated: bool
    hedged: bool
    attributed_to: str | None
    time: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    rule: str
    cue: str = ""
    head_text: str = ""
    tail_text: str = ""

    def key(self, doc_id: str, extractor_version: str) -> str:
        return content_id(doc_id, self.head, self.type, self.tail, self.negated, self.evidence_start, extractor_version)


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    date: str | None
    location: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    casualties: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    cue: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article; ``factionmap.output.extraction_to_json`` gives the schema's shape."""

    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extractor_version: str = ""
    time_anchor: str | None = None  # the date relative times were read against (published, or inferred)
    time_anchor_source: str | None = None  # "published", "latest date in text", or None


def as_dict(record: Any) -> dict[str, Any]:
    return asdict(record)


# --- what the store gives back ---------------------------------------------------------------------


# Where a claim's date comes from. "stated": its sentence (or clause) gives it; "article": the sentence
# gives none and the claim is dated by its article (published, or inferred from the text); "none": no
# date at all. Analysts must be able to tell "in 2019" from "reported in an article of 2019".
class TimeSource(StrEnum):
    STATED = "stated"
    ARTICLE = "article"
    NONE = "none"


STATED, ARTICLE, NO_TIME = TimeSource.STATED, TimeSource.ARTICLE, TimeSource.NONE
TIME_SOURCES = tuple(TimeSource)
INFERRED_MARK = "~"  # prefix of a date that is only the article's: "~2016-10"


def time_source(stated: str | None, article_date: str | None) -> TimeSource:
    """The origin of a claim's date from its own time and its article's date (see :data:`TIME_SOURCES`)."""
    if stated:
        return STATED
    return ARTICLE if article_date else NO_TIME


@dataclass(frozen=True, slots=True)
class Source:
    """The stored document a claim comes from: enough to cite it and to count independent sources."""

    document_id: int
    doc_id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None
    time_anchor: str | None
    cluster_id: int  # near-duplicate cluster: syndicated copies share one
    # Who published it, for counting independent sources: the publisher, else the URL's host, else the
    # document itself (an unknown outlet counts once per story). Worked out once here: aggregation asks
    # for it several times per claim, over thousands of claims for a busy pair.
    outlet: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.publisher:
            outlet = self.publisher.strip().lower()
        elif self.url and "://" in self.url:
            outlet = self.url.split("://", 1)[1].split("/", 1)[0].lower().removeprefix("www.")
        else:
            outlet = f"cluster:{self.cluster_id}"
        object.__setattr__(self, "outlet", outlet)

    @property
    def article_date(self) -> str | None:
        """The article's date: published, else the one inferred from its text (``time_anchor``)."""
        return self.published or self.time_anchor

    @property
    def outlet_name(self) -> str:
        """The outlet as a person reads it, everywhere a source is named (answers, exports, contradictions,
        the command line): the publisher as written, else the site, else "unattributed article" and the
        document; never the internal cluster key ``outlet`` falls back on for counting sources."""
        if not self.has_outlet:
            return f"unattributed article ({self.doc_id})"
        return self.publisher.strip() if self.publisher else self.outlet

    @property
    def cited_as(self) -> str:
        """How a sentence names the source: its outlet, else its title in quotes, else the document."""
        if not self.has_outlet and self.title:
            return f"“{self.title}”"
        return self.outlet_name

    @property
    def has_outlet(self) -> bool:
        """Whether a publisher or a site names the outlet (else ``outlet`` is the story's cluster key)."""
        return not self.outlet.startswith("cluster:")


class Status(StrEnum):
    """A relationship's standing: its claims assert it, deny it, or disagree (contested). Here, below both
    the aggregation (graph.relationships) and the store's relationships table, which both speak of it."""

    ASSERTED = "asserted"
    DENIED = "denied"
    CONTESTED = "contested"


class ReviewVerdict(StrEnum):
    """An analyst's verdict on a claim, as the claim carries it."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as the store holds it: the extracted :class:`Claim`, its source, and the analyst's verdict
    when there is one.

    ``head`` and ``tail`` are the actors the claim counts for after analysts' merges; ``claim.head`` and
    ``claim.tail`` (also ``head_raw``/``tail_raw``) are the ids extraction gave. The claim's other fields
    are read through it (``type``, ``evidence``, ``confidence``, ...)."""

    id: str
    claim: Claim
    source: Source
    review: ReviewVerdict | None = None  # None: not reviewed
    head: str = ""  # after merges; the extracted id when empty
    tail: str = ""
    # Where ``date`` comes from (:data:`TIME_SOURCES`): "stated" (the sentence dates it: ``time``),
    # "article" (only the article's date is known) or "none". Stored with the claim; worked out from
    # ``time`` and the source when a caller builds a claim without it.
    time_source: TimeSource | None = None
    # When the claim is dated: its own time, else its article's date (published or inferred). For ordering
    # and for showing, marked as what it is (:attr:`shown_date`); only a stated time (:attr:`stated_time`)
    # may bound a validity interval, order a change or place the claim in time. Set once here because
    # ordering, validity and conflicts read it a score of times per claim.
    date: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.head:
            object.__setattr__(self, "head", self.claim.head)
        if not self.tail:
            object.__setattr__(self, "tail", self.claim.tail)
        object.__setattr__(self, "date", self.claim.time or self.source.article_date)
        if self.time_source is None:
            object.__setattr__(self, "time_source", time_source(self.claim.time, self.source.article_date))

    # The extracted claim's fields, read through (the store keeps one copy of each).
    @property
    def type(self) -> str:
        return self.claim.type

    @property
    def negated(self) -> bool:
        return self.claim.negated

    @property
    def hedged(self) -> bool:
        return self.claim.hedged

    @property
    def attributed_to(self) -> str | None:
        return self.claim.attributed_to

    @property
    def time(self) -> str | None:
        return self.claim.time

    @property
    def evidence(self) -> str:
        return self.claim.evidence

    @property
    def evidence_start(self) -> int:
        return self.claim.evidence_start

    @property
    def evidence_end(self) -> int:
        return self.claim.evidence_end

    @property
    def confidence(self) -> float:
        return self.claim.confidence

    @property
    def rule(self) -> str:
        return self.claim.rule

    @property
    def head_raw(self) -> str:
        return self.claim.head

    @property
    def tail_raw(self) -> str:
        return self.claim.tail

    @property
    def stated_time(self) -> str | None:
        """The time the claim's own sentence gives, or None: an article's date says when the claim was
        reported, not when the relation held."""
        return self.time if self.time_source == STATED else None

    @property
    def shown_date(self) -> str | None:
        """``date`` as a person should read it: a stated time as it is, an article's date with the
        :data:`INFERRED_MARK` prefix ("~2016-10": reported in an article of 2016-10), else None."""
        if self.time_source == STATED:
            return self.time
        return f"{INFERRED_MARK}{self.date}" if self.date else None


def claim_order(claim: StoredClaim) -> tuple:
    """Claims oldest first, undated last, stable within a document: the order the store reads them in and
    every relationship keeps."""
    return (undated_last(claim.date), claim.source.document_id, claim.evidence_start)


# --- records the store, the questions and the edges share -------------------------------------------


@dataclass(frozen=True, slots=True)
class ReferenceRelation:
    """A dated relation from the reference data (MMP, UCDP, UN), kept with its source row id."""

    head: str
    type: str
    tail: str
    start: str | None
    end: str | None
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor a name was resolved to: its id, display name and type."""

    id: str
    name: str
    type: str


class DecisionKind(StrEnum):
    """What a review decision does: a verdict on a claim, or two actors declared one (merge) or not (split)."""

    ACCEPT = "accept"
    REJECT = "reject"
    MERGE = "merge"
    SPLIT = "split"


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's review decision as stored: a verdict on a claim, or a merge or split of two actors."""

    id: int
    kind: DecisionKind
    claim_id: str | None
    actor_id: str | None
    into_id: str | None  # merge: the actor it counts as; split: the other actor
    reviewer: str
    note: str | None
    decided_at: datetime
    reverted_at: datetime | None
    reverted_by: str | None

    @property
    def in_force(self) -> bool:
        return self.reverted_at is None
