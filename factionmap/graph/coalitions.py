"""Coalitions: communities of the signed network, where cooperation pulls actors together and hostility
pushes them apart, with the hostile pairs a community still holds named, never hidden.

Method: Traag & Bruggeman, "Community detection in networks with positive and negative links" (Phys.
Rev. E 80, 036115, 2009) — the quality of a partition is the configuration-model quality of its
cooperative ties minus that of its hostile ties,

    Q = sum_ij [(A+_ij - γ k+_i k+_j / 2m+) - (A-_ij - γ k-_i k-_j / 2m-)] δ(σ_i, σ_j),

optimised by the Leiden algorithm (Traag, Waltman & van Eck, Sci. Rep. 9, 5233, 2019) as leidenalg
documents it for negative links: two layers over one node set, ``RBConfigurationVertexPartition`` on
each, ``optimise_partition_multiplex(..., layer_weights=[1, -1])``. RBConfiguration (not
``ModularityVertexPartition``) because its quality is not divided by the layer's total weight, so a layer
counts by its edge weights — a single weak hostile report cannot weigh as much as the whole cooperative
network. Edge weights are the relationships' confidences. networkx's Louvain, used before, takes no
negative weights: hostility could only be left out, and it put the Islamic State in one community with
JNIM, Boko Haram and ISGS, which it fights.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from factionmap.graph.network import MAP_STATUSES, POSITIVE_TYPES, noisy_or, participation_coefficient
from factionmap.graph.relationships import Relationship
from factionmap.vocab import load_vocab

# Hostile ties (vocab.yaml's ``stance: hostile``): the negative layer. A split is a break, a denunciation a
# public one.
HOSTILE_TYPES = load_vocab().hostile
SIGNED_TYPES = frozenset(POSITIVE_TYPES) | frozenset(HOSTILE_TYPES)  # the only relationships coalitions read
COALITION_SEED = 7  # Leiden is randomised: a fixed seed gives the analyst the same answer twice
COALITION_RESOLUTION = 1.0  # γ, the configuration model's own scale (Newman-Girvan); > 1 gives smaller coalitions
# Leiden passes: until a pass improves nothing, at most this many. Structured networks settle in a few;
# a structureless one (20,000 random signed ties among 3,000 actors) took 38 passes (~0.3 s each), where
# the last ones moved the quality by little.
LEIDEN_MAX_ITERATIONS = 10
# ... and a pass that improves the quality by less than this share of it ends them. On the million-claim
# benchmark's structureless network (3,000 actors, 350,000 signed ties) every pass from the third on moved
# the quality by under 0.05% (0.7 to 0.8 s each): three passes ran instead of nine, whose communities
# agree with these at an adjusted Rand index of 0.977 for a quality 0.09% higher (README, "Whole-network
# views at a million claims"). On the bundled samples with the real and seed excerpts, the same coalitions
# as without it.
LEIDEN_TOLERANCE = 1e-3
MIN_COALITION_SIZE = 2
# Guimerà & Amaral (2005) call a node with participation above ~0.3 a connector; with two coalitions
# that is a node with about a fifth or more of its tie strength in the other one.
BRIDGE_MIN_PARTICIPATION = 0.3
CONFIDENT_HOSTILITY = 0.4
"""A hostile relationship at or above this confidence, between two members of one coalition, is reported
in :attr:`Coalition.hostile_inside`. 0.4 is the confidence of one plain report in the paper's own voice,
from one outlet, by the weakest hostile cue in the lexicon (cue weight 0.4, names matched exactly; the
default cue weighs 0.8) — enough that an analyst must see it. Below it are reports that are only hedged
("reportedly clashed": at most 0.8 x 0.7 extraction x 0.6 aggregation ≈ 0.34) or only the word of a
party with a weak cue (0.5 x 0.6 = 0.3): too thin to overrule a community's cooperative ties, so left
unflagged; two independent such reports (noisy-OR ≈ 0.44 to 0.56) cross it."""


Pair = tuple[str, str]  # two actors, ordered by id
Tie = tuple[str, str, str, float]  # (head, type, tail, confidence) of a usable signed relationship
Edge = tuple[str, str, float]  # (a, b, weight) of one layer, a < b


def _usable(rel: Relationship) -> bool:
    return rel.status in MAP_STATUSES and rel.confidence > 0 and rel.head != rel.tail


def ties(relationships: Iterable[Relationship]) -> list[Tie]:
    """The signed relationships coalitions read: of :data:`SIGNED_TYPES`, on the map (asserted or
    contested), with some confidence, between two actors. (A store's table gives them straight:
    graph.maintained.signed_ties.)"""
    return [(r.head, r.type, r.tail, r.confidence) for r in relationships if r.type in SIGNED_TYPES and _usable(r)]


def layers(signed: Iterable[Tie]) -> tuple[list[Edge], list[Edge]]:
    """The cooperative (:data:`POSITIVE_TYPES`) and hostile (:data:`HOSTILE_TYPES`) layers: one undirected
    edge per pair with any tie of the kind, weighted by the noisy-OR of their confidences (two kinds of
    tie bind a pair more than one, staying in 0..1). Sorted, so that the same ties in any order give the
    same layers, to the last bit of every weight."""
    found: tuple[dict[Pair, list[float]], dict[Pair, list[float]]] = (defaultdict(list), defaultdict(list))
    for head, type_, tail, confidence in signed:
        pair = (head, tail) if head <= tail else (tail, head)
        if type_ in POSITIVE_TYPES:
            found[0][pair].append(confidence)
        elif type_ in HOSTILE_TYPES:
            found[1][pair].append(confidence)
    pos, neg = (
        sorted((a, b, cs[0] if len(cs) == 1 else noisy_or(sorted(cs))) for (a, b), cs in layer.items())
        for layer in found
    )
    return pos, neg


@dataclass(frozen=True, slots=True)
class Coalition:
    """A community of the signed network: tied by cooperation, hostile pairs inside it named."""

    members: tuple[str, ...]  # strongest cooperative ties inside first
    weight: float  # sum of the cooperative edge weights inside
    bridges: tuple[tuple[str, float], ...]  # members tied to other coalitions, with participation, highest first
    neighbours: tuple[int, ...]  # indexes (in the returned list) of coalitions it has cooperative ties with
    # (head, type, tail, confidence) of every hostile relationship between two members at or above
    # CONFIDENT_HOSTILITY, most confident first: the coalition is divided there, callers must say so
    hostile_inside: tuple[tuple[str, str, str, float], ...] = ()


def _partition(pos: list[Edge], neg: list[Edge], seed: int, resolution: float) -> list[set[str]]:
    """Leiden on the two layers; each community then cut into its cooperatively connected parts."""
    import igraph as ig  # imported here: only the coalition views pay for loading them
    import leidenalg as la

    ends = {a for a, _, _ in pos} | {b for _, b, _ in pos} | {a for a, _, _ in neg} | {b for _, b, _ in neg}
    nodes = sorted(ends)  # a fixed vertex order: the same answer twice
    index = {n: i for i, n in enumerate(nodes)}

    def layer(edges: list[Edge]) -> ig.Graph:  # the edges are sorted, and so by vertex index
        return ig.Graph(
            n=len(nodes),
            edges=[(index[a], index[b]) for a, b, _ in edges],
            edge_attrs={"weight": [w for *_, w in edges]},
        )

    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    cooperation = layer(pos)
    part_pos = la.RBConfigurationVertexPartition(cooperation, weights="weight", resolution_parameter=resolution)
    if neg:
        part_neg = la.RBConfigurationVertexPartition(layer(neg), weights="weight", resolution_parameter=resolution)

        def one_pass() -> float:
            return optimiser.optimise_partition_multiplex([part_pos, part_neg], layer_weights=[1, -1], n_iterations=1)

        def quality() -> float:
            return part_pos.quality() - part_neg.quality()
    else:  # an empty layer has no null model (0 / 2m): cooperation alone decides

        def one_pass() -> float:
            return optimiser.optimise_partition(part_pos, n_iterations=1)

        def quality() -> float:
            return part_pos.quality()

    for _ in range(LEIDEN_MAX_ITERATIONS):
        if one_pass() <= LEIDEN_TOLERANCE * abs(quality()):
            break
    # A coalition is held together by cooperation: the hostile layer's null model can attract two actors
    # who merely share enemies, and an actor with hostile ties only has nothing binding it to anyone. So
    # each community is cut into the parts its own cooperative ties connect.
    community = part_pos.membership
    inside = [i for i, (a, b) in enumerate(cooperation.get_edgelist()) if community[a] == community[b]]
    parts: dict[int, set[str]] = defaultdict(set)
    for node, part in zip(
        nodes, cooperation.subgraph_edges(inside, delete_vertices=False).connected_components().membership, strict=True
    ):
        parts[part].add(node)
    return list(parts.values())


def _hostile_inside(signed: Iterable[Tie], where: Mapping[str, int], count: int) -> list[tuple]:
    """Per coalition (by index), the hostile ties of at least CONFIDENT_HOSTILITY between two of its members,
    most confident first (one pass over the ties: a store has hundreds of thousands)."""
    found: list[set[tuple[str, str, str, float]]] = [set() for _ in range(count)]
    for head, type_, tail, confidence in signed:
        if type_ in HOSTILE_TYPES and confidence >= CONFIDENT_HOSTILITY:
            k = where.get(head, -1)
            if k != -1 and where.get(tail, -1) == k:
                found[k].add((head, type_, tail, round(confidence, 4)))
    return [tuple(sorted(h, key=lambda x: (-x[3], x[0], x[1], x[2]))) for h in found]


def coalitions(
    relationships: Iterable[Relationship], *, seed: int = COALITION_SEED, resolution: float = COALITION_RESOLUTION
) -> list[Coalition]:
    """Communities of the signed network the relationships make (see :func:`coalitions_of`)."""
    return coalitions_of(ties(relationships), seed=seed, resolution=resolution)


def coalitions_of(
    signed: Iterable[Tie], *, seed: int = COALITION_SEED, resolution: float = COALITION_RESOLUTION
) -> list[Coalition]:
    """Communities of the signed network (module docstring: Traag & Bruggeman's signed quality, optimised
    by Leiden through leidenalg with a fixed seed), each cut into its cooperatively connected parts, those
    of fewer than :data:`MIN_COALITION_SIZE` actors dropped; largest first. An actor whose only ties are
    hostile is in none. A coalition's bridges are its members whose cooperative ties reach other
    coalitions, scored by the participation coefficient (:func:`participation_coefficient`, on the
    cooperative layer) above :data:`BRIDGE_MIN_PARTICIPATION`. Hostile relationships of at least
    :data:`CONFIDENT_HOSTILITY` left between two members are listed in ``hostile_inside``.

    ``signed``: the usable signed ties (:func:`ties`); the answer does not depend on their order."""
    signed = list(signed)
    pos, neg = layers(signed)
    if not pos:
        return []
    parts = [p for p in _partition(pos, neg, seed, resolution) if len(p) >= MIN_COALITION_SIZE]
    part_of = {n: k for k, members in enumerate(parts) for n in members}
    inside: list[list[float]] = [[] for _ in parts]  # cooperative weights inside each part
    strength: dict[str, list[float]] = defaultdict(list)  # a member's cooperative weight inside its part
    linked: list[set[int]] = [set() for _ in parts]  # parts a part has cooperative ties with
    for a, b, w in pos:
        ka, kb = part_of.get(a, -1), part_of.get(b, -1)
        if ka == kb != -1:
            inside[ka].append(w)
            strength[a].append(w)
            strength[b].append(w)
        elif ka != -1 and kb != -1:
            linked[ka].add(kb)
            linked[kb].add(ka)
    weight = [math.fsum(ws) for ws in inside]  # fsum: exact, whatever the order of the terms
    order = sorted(range(len(parts)), key=lambda k: (-len(parts[k]), -weight[k], min(parts[k])))
    rank = {k: i for i, k in enumerate(order)}
    found = [parts[k] for k in order]
    where = {n: rank[k] for n, k in part_of.items()}
    participation = participation_coefficient(pos, found)
    hostile = _hostile_inside(signed, where, len(found))
    out = []
    for i, k in enumerate(order):
        members = parts[k]
        bridges = sorted(
            (
                (n, round(participation.get(n, 0.0), 4))
                for n in members
                if participation.get(n, 0.0) >= BRIDGE_MIN_PARTICIPATION
            ),
            key=lambda x: (-x[1], x[0]),
        )
        ranked = sorted(members, key=lambda n: (-math.fsum(strength[n]), n))
        out.append(
            Coalition(
                tuple(ranked),
                round(weight[k], 4),
                tuple(bridges),
                tuple(sorted(rank[j] for j in linked[k])),
                hostile[i],
            )
        )
    return out
