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

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

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


def _usable(rel: Relationship) -> bool:
    return rel.status in MAP_STATUSES and rel.confidence > 0 and rel.head != rel.tail


def _ties(relationships: Iterable[Relationship], types: Collection[str]) -> nx.Graph:
    ties: dict[tuple[str, str], list[float]] = defaultdict(list)
    for rel in relationships:
        if rel.type in types and _usable(rel):
            ties[rel.pair].append(rel.confidence)
    g = nx.Graph()
    for (a, b), confidences in ties.items():
        g.add_edge(a, b, weight=noisy_or(confidences))
    return g


def positive_graph(relationships: Iterable[Relationship]) -> nx.Graph:
    """Undirected cooperative network: an edge where any :data:`POSITIVE_TYPES` relationship holds, weighted
    by the noisy-OR of their confidences (two kinds of tie bind a pair more than one, staying in 0..1)."""
    return _ties(relationships, POSITIVE_TYPES)


def hostile_graph(relationships: Iterable[Relationship]) -> nx.Graph:
    """Undirected hostile network (:data:`HOSTILE_TYPES`), weighted like :func:`positive_graph`."""
    return _ties(relationships, HOSTILE_TYPES)


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


def _partition(pos: nx.Graph, neg: nx.Graph, seed: int, resolution: float) -> list[set[str]]:
    """Leiden on the two layers; each community then cut into its cooperatively connected parts."""
    import igraph as ig  # imported here: only the coalition views pay for loading them
    import leidenalg as la

    nodes = sorted(set(pos) | set(neg))  # a fixed vertex order: with the seed, the same answer twice
    index = {n: i for i, n in enumerate(nodes)}

    def layer(g: nx.Graph) -> ig.Graph:
        edges = sorted((min(index[a], index[b]), max(index[a], index[b]), w) for a, b, w in g.edges(data="weight"))
        return ig.Graph(
            n=len(nodes), edges=[(a, b) for a, b, _ in edges], edge_attrs={"weight": [w for *_, w in edges]}
        )

    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    part_pos = la.RBConfigurationVertexPartition(layer(pos), weights="weight", resolution_parameter=resolution)
    if neg.number_of_edges():
        part_neg = la.RBConfigurationVertexPartition(layer(neg), weights="weight", resolution_parameter=resolution)

        def one_pass() -> float:
            return optimiser.optimise_partition_multiplex([part_pos, part_neg], layer_weights=[1, -1], n_iterations=1)
    else:  # an empty layer has no null model (0 / 2m): cooperation alone decides

        def one_pass() -> float:
            return optimiser.optimise_partition(part_pos, n_iterations=1)

    for _ in range(LEIDEN_MAX_ITERATIONS):
        if one_pass() <= 0:
            break
    groups: dict[int, set[str]] = defaultdict(set)
    for node, community in zip(nodes, part_pos.membership, strict=True):
        groups[community].add(node)
    # A coalition is held together by cooperation: the hostile layer's null model can attract two actors
    # who merely share enemies, and an actor with hostile ties only has nothing binding it to anyone.
    return [part for members in groups.values() for part in _cooperative_parts(pos, members)]


def _cooperative_parts(pos: nx.Graph, members: set[str]) -> list[set[str]]:
    inside = nx.Graph()
    inside.add_nodes_from(members)
    inside.add_edges_from(pos.subgraph(members).edges)
    return [set(part) for part in nx.connected_components(inside)]


def _hostile_inside(confident: Iterable[Relationship], members: Collection[str]) -> tuple:
    """``confident``: the usable hostile relationships of at least CONFIDENT_HOSTILITY (picked once for all
    coalitions: a store has hundreds of thousands of relationships)."""
    found = {
        (r.head, r.type, r.tail, round(r.confidence, 4)) for r in confident if r.head in members and r.tail in members
    }
    return tuple(sorted(found, key=lambda h: (-h[3], h[0], h[1], h[2])))


def _coalition(
    g: nx.Graph,
    index: int,
    members: set[str],
    where: Mapping[str, int],
    participation: Mapping[str, float],
    hostile: tuple,
) -> Coalition:
    inside = g.subgraph(members)
    ranked = sorted(members, key=lambda n: (-inside.degree(n, weight="weight"), n))
    bridges = sorted(
        ((n, round(participation[n], 4)) for n in members if participation[n] >= BRIDGE_MIN_PARTICIPATION),
        key=lambda x: (-x[1], x[0]),
    )
    others = {where[o] for n in members for o in g[n] if where[o] not in (index, -1)}
    return Coalition(
        tuple(ranked), round(inside.size(weight="weight"), 4), tuple(bridges), tuple(sorted(others)), hostile
    )


def coalitions(
    relationships: Iterable[Relationship], *, seed: int = COALITION_SEED, resolution: float = COALITION_RESOLUTION
) -> list[Coalition]:
    """Communities of the signed network (module docstring: Traag & Bruggeman's signed quality, optimised
    by Leiden through leidenalg with a fixed seed), each cut into its cooperatively connected parts, those
    of fewer than :data:`MIN_COALITION_SIZE` actors dropped; largest first. An actor whose only ties are
    hostile is in none. A coalition's bridges are its members whose cooperative ties reach other
    coalitions, scored by the participation coefficient (:func:`participation_coefficient`, on the
    cooperative graph) above :data:`BRIDGE_MIN_PARTICIPATION`. Hostile relationships of at least
    :data:`CONFIDENT_HOSTILITY` left between two members are listed in ``hostile_inside``."""
    rels = list(relationships)
    pos, neg = positive_graph(rels), hostile_graph(rels)
    if not pos:
        return []
    found = [c for c in _partition(pos, neg, seed, resolution) if len(c) >= MIN_COALITION_SIZE]
    found.sort(key=lambda c: (-len(c), -pos.subgraph(c).size(weight="weight"), min(c)))
    where = {n: -1 for n in pos} | {n: i for i, members in enumerate(found) for n in members}
    participation = participation_coefficient(pos, found)
    confident = [r for r in rels if r.type in HOSTILE_TYPES and r.confidence >= CONFIDENT_HOSTILITY and _usable(r)]
    return [
        _coalition(pos, i, members, where, participation, _hostile_inside(confident, members))
        for i, members in enumerate(found)
    ]
