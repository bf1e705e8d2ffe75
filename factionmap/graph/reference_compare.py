"""The news against the reference layer: where claims agree with curated relations, add to them, or
contradict them (pure functions, no store).

Each news :class:`~factionmap.graph.relationships.Relationship` on a pair gets one
:class:`Comparison`; each reference relation no news relationship speaks to gets one ``reference_only``.

* **agrees**: the reference records the same relation on the pair (same direction, or either direction
  for a symmetric type, and for MMP affiliations, which MMP records undirected), and no stated time of
  the news places it after the reference's ``end``. A news affiliation or pledge whose stated times all
  precede a reference split from the same group agrees too (``basis="history"``): a split presupposes
  the tie it ended.
* **contradicts**: the reference records a contrary relation (:data:`~factionmap.graph.relationships.CONTRARY`:
  affiliate vs split, ally vs rival or attacking) over a time the news relation may also cover, i.e.
  unless the news's stated times all fall before the reference's ``start`` or after its ``end``. News
  that states no time cannot be placed outside the reference's span, so it contradicts (the wording
  says the news gives no date: it may describe an earlier time). Also a contradiction: the news dates
  the relation after the reference says it ended (``basis="after_end"``), or the news denies a relation
  the reference records, unless every denial is dated after the reference's end.
* **adds**: the reference records nothing of the kind on the pair.
* **reference_only**: a reference relation that no news relationship agrees with, contradicts or
  continues.

Only a time a claim's own sentence states (``StoredClaim.stated_time``, summed up in a relationship's
``first_time``/``last_time``) takes part; the article's date never decides anything here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from factionmap.graph.relationships import (
    CONTRARY,
    DateBounds,
    Relationship,
    Status,
    aggregate,
    cluster_outlets,
)
from factionmap.isodates import earlier
from factionmap.model import ReferenceRelation, ReviewVerdict, StoredClaim
from factionmap.vocab import load_vocab


class Verdict(StrEnum):
    """What the news does to the reference on one relation; the order is the order answers list them in."""

    CONTRADICTS = "contradicts"
    AGREES = "agrees"
    ADDS = "adds"
    REFERENCE_ONLY = "reference_only"


KINDS = tuple(Verdict)
UNDIRECTED_SOURCES = {"AFFILIATE_OF": ("mmp",)}  # sources recording a directed type without direction


@dataclass(frozen=True, slots=True)
class Comparison:
    """One line of "news vs reference"."""

    kind: Verdict
    basis: str  # why: same, symmetric, history, contrary, after_end, denied, none, unmatched
    relationship: Relationship | None  # the news relationship (None for reference_only)
    reference: tuple[ReferenceRelation, ...]  # the reference relations that decide the kind
    text: str  # one line for people


# --- matching --------------------------------------------------------------------------------------


def source_label(ref: ReferenceRelation) -> str:
    """ "mmp_rel:1803" -> "MMP", "ucdp:7118:..." -> "UCDP", "un:QDe.146" -> "UN"."""
    return re.split(r"[:_]", ref.source, maxsplit=1)[0].upper() or ref.source


def _undirected(type_: str, ref: ReferenceRelation, symmetric: Collection[str]) -> bool:
    if type_ in symmetric or ref.type in symmetric:
        return True
    return ref.source.lower().startswith(UNDIRECTED_SOURCES.get(ref.type, ()))


def _same_ends(rel: Relationship, ref: ReferenceRelation, undirected: bool) -> bool:
    if (rel.head, rel.tail) == (ref.head, ref.tail):
        return True
    return undirected and (rel.head, rel.tail) == (ref.tail, ref.head)


def _contrary(a: str, b: str) -> bool:
    return (a, b) in CONTRARY or (b, a) in CONTRARY


def _stated(claims: Iterable[StoredClaim]) -> list[str]:
    return [c.stated_time for c in claims if c.stated_time]


def _outside(times: list[str], ref: ReferenceRelation) -> bool:
    """The news's stated times all fall before the reference's start, or all after its end."""
    if not times:
        return False
    bounds = DateBounds.of(times)
    return bool((ref.start and bounds.all_before(ref.start)) or (ref.end and bounds.all_after(ref.end)))


# --- wording ---------------------------------------------------------------------------------------


def _label(type_: str) -> str:
    vocab = load_vocab()
    return vocab.relations[type_].label if type_ in vocab.relations else type_


def _when(start: str | None, end: str | None) -> str:
    if start and end:
        return f" {start}–{end}"
    if start:
        return f" since {start}"
    if end:
        return f" until {end}"
    return ""


def _news(rel: Relationship, names: Mapping[str, str]) -> str:
    head, tail = names.get(rel.head, rel.head), names.get(rel.tail, rel.tail)
    counted = rel.asserted if rel.status != Status.DENIED else rel.negated
    outlets = rel.independent_sources
    facts = [f"{counted} claim{'s' if counted != 1 else ''}", f"{outlets} outlet{'s' if outlets != 1 else ''}"]
    if rel.first_time:
        facts.append(rel.first_time if rel.first_time == rel.last_time else f"{rel.first_time}–{rel.last_time}")
    else:
        facts.append("no stated date")
    verb = f"not {_label(rel.type)}" if rel.status == Status.DENIED else _label(rel.type)
    contested = "contested: " if rel.status == Status.CONTESTED else ""
    return f"News: {contested}{head} {verb} {tail} ({', '.join(facts)})"


def _phrases(refs: Sequence[ReferenceRelation], names: Mapping[str, str]) -> dict[str, list[str]]:
    """What the reference says, one phrase per distinct relation -> the sources saying it."""
    phrases: dict[str, list[str]] = {}
    for r in refs:
        text = f"{names.get(r.head, r.head)} {_label(r.type)} {names.get(r.tail, r.tail)}{_when(r.start, r.end)}"
        sources = phrases.setdefault(text, [])
        if source_label(r) not in sources:
            sources.append(source_label(r))
    return phrases


def _ref(refs: Sequence[ReferenceRelation], names: Mapping[str, str]) -> str:
    return "; ".join(f"reference ({', '.join(s)}) says {t}" for t, s in _phrases(refs, names).items())


def _text(
    kind: str, basis: str, rel: Relationship | None, refs: Sequence[ReferenceRelation], names: Mapping[str, str]
) -> str:
    if rel is None:
        said = "; ".join(f"{t} ({', '.join(s)})" for t, s in _phrases(refs, names).items())
        return f"Reference only: {said}; no news claim speaks to it."
    news = _news(rel, names)
    if kind == "adds":
        return f"{news}; the reference records nothing of the kind (the news adds it)."
    said = _ref(refs, names)
    if kind == "agrees":
        extra = " (the news dates the tie before the split)" if basis == "history" else ""
        return f"{news}; {said}: they agree{extra}."
    why = {
        "after_end": "the news dates it after the reference's end",
        "denied": "the news denies what the reference records",
        "undated": "the news states no date, so it may describe an earlier time; check",
    }.get(basis, "")
    return f"{news}; {said}{f' ({why})' if why else ''}."


# --- comparing -------------------------------------------------------------------------------------


def _judge(
    rel: Relationship, refs: Sequence[ReferenceRelation], symmetric: Collection[str]
) -> tuple[Verdict, str, list[ReferenceRelation], list[ReferenceRelation]]:
    """(kind, basis, deciding references, every reference the relationship speaks to)."""
    agree, contra, spoken = [], [], []
    basis_agree, basis_contra = "same", "contrary"
    asserting_times = _stated(rel.asserting)
    for ref in refs:
        undirected = _undirected(rel.type, ref, symmetric)
        if not _same_ends(rel, ref, undirected):
            continue
        if ref.type == rel.type:
            spoken.append(ref)
            if rel.status == Status.DENIED:
                denials = _stated(rel.denying)
                if ref.end and denials and DateBounds.of(denials).all_after(ref.end):
                    agree.append(ref)  # denied after the reference's end: it had ended
                else:
                    contra.append(ref)
                    basis_contra = "denied"
            elif ref.end and earlier(ref.end, rel.last_time):
                contra.append(ref)
                basis_contra = "after_end" if basis_contra == "contrary" else basis_contra
            else:
                agree.append(ref)
                if (rel.head, rel.tail) != (ref.head, ref.tail):
                    basis_agree = "symmetric"
        elif _contrary(rel.type, ref.type) and rel.status != Status.DENIED:
            spoken.append(ref)
            if _outside(asserting_times, ref) or (not asserting_times and ref.end and (ref.type, rel.type) in CONTRARY):
                # consistent: the two held at different times (or the news names what replaced an ended tie)
                # a split ends an affiliation or a pledge (vocab.yaml's contrary: ended_by/ends): news of
                # the tie dated before a reference split is its history
                if (rel.type, ref.type) in load_vocab().lifecycle and DateBounds.of(asserting_times).all_before(
                    ref.start
                ):
                    agree.append(ref)
                    basis_agree = "history" if basis_agree == "same" else basis_agree
                continue
            contra.append(ref)
            if not asserting_times and basis_contra == "contrary":
                basis_contra = "undated"
    if contra:
        return Verdict.CONTRADICTS, basis_contra, contra, spoken
    if agree:
        return Verdict.AGREES, basis_agree, agree, spoken
    return Verdict.ADDS, "none", [], spoken


def compare(
    relationships: Iterable[Relationship],
    reference: Iterable[ReferenceRelation],
    names: Mapping[str, str] | None = None,
) -> list[Comparison]:
    """News relationships against reference relations (typically those of one pair, or of the pairs the
    relationships are on): one :class:`Comparison` per relationship, then one per reference relation
    nothing in the news speaks to. Ordered by :data:`KINDS`, then as given."""
    names = names or {}
    symmetric = load_vocab().symmetric
    refs = list(dict.fromkeys(reference))
    by_pair: dict[tuple[str, str], list[ReferenceRelation]] = {}
    for r in refs:
        pair = (r.head, r.tail) if r.head <= r.tail else (r.tail, r.head)
        by_pair.setdefault(pair, []).append(r)
    out: list[Comparison] = []
    spoken_to: set[ReferenceRelation] = set()
    for rel in relationships:
        kind, basis, deciding, spoken = _judge(rel, by_pair.get(rel.pair, []), symmetric)
        spoken_to.update(spoken)
        out.append(Comparison(kind, basis, rel, tuple(deciding), _text(kind, basis, rel, deciding, names)))
    for r in refs:
        if r not in spoken_to:
            out.append(
                Comparison(
                    Verdict.REFERENCE_ONLY,
                    "unmatched",
                    None,
                    (r,),
                    _text(Verdict.REFERENCE_ONLY, "unmatched", None, [r], names),
                )
            )
    rank = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: rank[c.kind])


def counts(comparison: Iterable[Comparison]) -> dict[Verdict, int]:
    found = dict.fromkeys(KINDS, 0)
    for c in comparison:
        found[c.kind] += 1
    return found


def summary_line(comparison: Sequence[Comparison]) -> str:
    """ "News vs reference: 1 agrees, 2 add, 1 contradicts, 3 reference only." ("" when nothing to compare)."""
    if not comparison:
        return ""
    n = counts(comparison)
    agrees, adds, contradicts, only = (
        n[k] for k in (Verdict.AGREES, Verdict.ADDS, Verdict.CONTRADICTS, Verdict.REFERENCE_ONLY)
    )
    parts = [
        f"{agrees} agree{'s' if agrees == 1 else ''}" if agrees else "",
        f"{adds} add{'s' if adds == 1 else ''} to it" if adds else "",
        f"{contradicts} contradict{'s' if contradicts == 1 else ''} it" if contradicts else "",
        f"{only} only in the reference" if only else "",
    ]
    return "News vs reference: " + ", ".join(p for p in parts if p) + "."


# --- the watchlist ---------------------------------------------------------------------------------


def fresh_relationships(
    claims: Iterable[StoredClaim], fresh: Collection[str], reliability: Mapping[str, float] | None = None
) -> list[Relationship]:
    """The relationships (aggregated over all of their pair's claims) that hold at least one claim whose
    id is in ``fresh`` (the claims new since a date, by ``contradictions.is_new``)."""
    kept = [c for c in claims if c.review != ReviewVerdict.REJECTED]
    touched = {tuple(sorted((c.head, c.tail))) for c in kept if c.id in fresh}
    scope = [c for c in kept if tuple(sorted((c.head, c.tail))) in touched]
    rels = aggregate(scope, reliability, outlets=cluster_outlets(kept))
    return [r for r in rels if any(c.id in fresh for c in r.claims)]


def contradictions(
    relationships: Iterable[Relationship],
    reference: Iterable[ReferenceRelation],
    names: Mapping[str, str] | None = None,
) -> list[Comparison]:
    """Only the news relationships the reference contradicts."""
    return [c for c in compare(relationships, reference, names) if c.kind == Verdict.CONTRADICTS]
