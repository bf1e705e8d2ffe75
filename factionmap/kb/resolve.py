"""Pick one actor for an ambiguous name ("Ansar al-Sharia", "SNA", "ISI") from the article around it.

Resolution explains itself (nomenklatura-style): each candidate is scored by a list of named feature
functions, each returning a value in [0, 1] that is multiplied by its weight; the Resolution keeps the
weighted value of every feature so a reviewer or the UI can see why one candidate won.

The weights are hand-set and were checked only on invented sentences in tests/kb/test_resolve.py (place
named in the article and co-mentioned related groups must each outweigh the weak priors); they are not
fitted to any corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.gazetteer import CAPITAL, DEMONYM, GazetteerMatch
from factionmap.kb.normalize import alias_key
from factionmap.model import Actor

TYPE_PRIOR = {"ARMED_GROUP": 1.0, "STATE": 0.8, "ORGANIZATION": 0.5, "PERSON": 0.5, "LOCATION": 0.3}
SOURCES_FOR_FULL_CREDIT = 4  # a group attested by 4 reference sources is as established as it gets here
RELATED_FOR_FULL_CREDIT = 2  # two co-mentioned related actors are strong evidence


@dataclass(frozen=True, slots=True)
class ResolutionContext:
    """What the article says around a mention: states it names or implies (with counts), place
    names it uses, and the actors it mentions unambiguously."""

    states: Counter = field(default_factory=Counter)
    place_keys: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()

    @classmethod
    def from_matches(cls, kb: KnowledgeBase, matches: Iterable[GazetteerMatch]) -> ResolutionContext:
        """Build from gazetteer hits (ask ``find`` for demonyms and capitals too: they name states)."""
        states: Counter = Counter()
        places: set[str] = set()
        actors: set[str] = set()
        for m in matches:
            if len(m.candidates) != 1:
                continue
            actor_id = m.candidates[0]
            if m.kind in (DEMONYM, CAPITAL):
                states[actor_id] += 1
                places.add(alias_key(kb.actor(actor_id).name))
                continue
            actor = kb.actor(actor_id)
            actors.add(actor_id)
            if actor.type == "STATE":
                states[actor_id] += 1
                places.update({m.alias, alias_key(actor.name)})
            elif actor.type == "LOCATION":
                places.update({m.alias, alias_key(actor.name)})
                states.update(s for s in map(kb.state_for_country, actor.country) if s)
        return cls(states, frozenset(places), frozenset(actors))


@dataclass(frozen=True, slots=True)
class Resolution:
    actor_id: str
    score: float
    features: dict[str, float]  # weighted contribution of each feature for the winner
    alternatives: tuple[tuple[str, float], ...] = ()  # other candidates with their scores, best first

    @property
    def margin(self) -> float:
        """How far the winner is ahead of the runner-up (0 when tied: treat as unresolved)."""
        return self.score - self.alternatives[0][1] if self.alternatives else self.score


FeatureFn = Callable[[KnowledgeBase, Actor, ResolutionContext], float]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    weight: float
    fn: FeatureFn


def _candidate_states(kb: KnowledgeBase, actor: Actor) -> set[str]:
    # A country's own record lists, from UCDP, every country it fought in as a secondary party (Burkina
    # Faso: Mali; Armenia: Mali, Iraq): those are not where the name points, so a country counts only
    # itself. A government or agency distinct from its country (Afghan Republic, IRGC) counts its country.
    if actor.type == "STATE" and alias_key(actor.name) in {alias_key(c) for c in actor.country}:
        return {actor.id}
    states = {s for s in map(kb.state_for_country, actor.country) if s}
    if actor.type == "STATE":
        states.add(actor.id)
    return states


def country_match(kb: KnowledgeBase, actor: Actor, ctx: ResolutionContext) -> float:
    """Share of the article's state mentions (states, capitals, demonyms, places) in the actor's countries."""
    total = sum(ctx.states.values())
    if not total:
        return 0.0
    return sum(ctx.states[s] for s in _candidate_states(kb, actor)) / total


def place_in_name(kb: KnowledgeBase, actor: Actor, ctx: ResolutionContext) -> float:
    """1 when a place the article names is part of the actor's own name ("Ansar al-Sharia in Benghazi")."""
    for name in (actor.name, *actor.aliases):
        padded = f" {alias_key(name)} "
        if any(f" {place} " in padded for place in ctx.place_keys):
            return 1.0
    return 0.0


def related_mentioned(kb: KnowledgeBase, actor: Actor, ctx: ResolutionContext) -> float:
    """Co-mentioned actors tied to this one by a reference relation or a leadership link."""
    related = {r.tail if r.head == actor.id else r.head for r in kb.reference_relations(actor.id)}
    related.update(p for p in ctx.actors if actor.id in kb.leader_of(p))
    return min(1.0, len(related & ctx.actors) / RELATED_FOR_FULL_CREDIT)


def type_prior(kb: KnowledgeBase, actor: Actor, ctx: ResolutionContext) -> float:
    """News about armed groups mentions armed groups more often than namesake organisations."""
    return TYPE_PRIOR.get(actor.type, 0.0)


def well_attested(kb: KnowledgeBase, actor: Actor, ctx: ResolutionContext) -> float:
    """More reference sources (or the curated layer) → the better-known namesake."""
    return min(1.0, len(actor.sources) / SOURCES_FOR_FULL_CREDIT)


DEFAULT_FEATURES: tuple[Feature, ...] = (
    Feature("country_match", 2.0, country_match),
    Feature("place_in_name", 1.5, place_in_name),
    Feature("related_mentioned", 2.0, related_mentioned),
    Feature("type_prior", 0.3, type_prior),
    Feature("well_attested", 0.5, well_attested),
)


class Resolver:
    def __init__(self, kb: KnowledgeBase, features: tuple[Feature, ...] = DEFAULT_FEATURES) -> None:
        self.kb = kb
        self.features = features

    def score(self, actor_id: str, context: ResolutionContext) -> tuple[float, dict[str, float]]:
        actor = self.kb.actor(actor_id)
        detail = {f.name: round(f.weight * f.fn(self.kb, actor, context), 4) for f in self.features}
        return round(sum(detail.values()), 4), detail

    def resolve(self, match: GazetteerMatch, context: ResolutionContext) -> Resolution:
        """Best candidate of ``match`` in ``context``; ties go to the first id in sorted order so
        the result is deterministic (check ``margin`` before trusting a tie)."""
        scored = sorted(((*self.score(c, context), c) for c in match.candidates), key=lambda t: (-t[0], t[2]))
        best_score, best_detail, best_id = scored[0]
        return Resolution(best_id, best_score, best_detail, tuple((c, s) for s, _, c in scored[1:]))


def resolve(match: GazetteerMatch, context: ResolutionContext, kb: KnowledgeBase | None = None) -> Resolution:
    """Resolve with the default features against ``kb`` (the bundled KB when not given)."""
    return Resolver(kb or KnowledgeBase.load()).resolve(match, context)
