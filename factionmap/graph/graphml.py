"""GraphML for Gephi, yEd and Cytoscape, written in one pass as the edges come.

The same graph as :func:`factionmap.graph.exports.export_graph` (one node per involved actor, one edge per
relationship keyed ``news:TYPE``, one per reference row keyed ``reference:TYPE:SOURCE``, with the same
attributes), but never held whole: networkx's writer first builds the whole graph and then an XML element
per datum, which took 44 s for a million-claim store's 674,000 relationships (bench/whole_network.py).
Here each edge is one string from a fixed template, and a whole store's GraphML streams from the
maintained table's rows (:func:`write_rows`) with memory bounded by the actors, not the edges.

The document is what networkx would read back as that graph (the tests read it with
``networkx.read_graphml``): keys typed as networkx types them (``string``, ``boolean``, ``long``,
``double``), declared once for every attribute either exporter can write; a missing value (an undated
relationship's ``first_time``) is left out, not written empty. Key ids are unique per document (a node's
``label`` is ``node_label``; networkx's ``named_key_ids`` gives two keys the id ``label``, which GraphML's
schema forbids). Booleans are written ``true``/``false`` (XML Schema's spelling).

Article text is hostile input: every string is escaped for attributes and text, and characters XML 1.0
cannot hold are dropped (exports.XML_ILLEGAL).
"""

from __future__ import annotations

import functools
import html
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from factionmap.graph.exports import (
    XML_ILLEGAL,
    involved_ids,
    is_symmetric,
    node_actors,
    node_attrs,
    reference_edge,
    sorted_reference,
    sorted_relationships,
)
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, ReferenceRelation
from factionmap.store.relationships import COLUMNS

# attr.name -> attr.type, in the order networkx writes an edge's data (exports.news_edge, reference_edge)
NODE_KEYS = {"label": "string", "type": "string", "provisional": "boolean", "aliases": "string"}
EDGE_KEYS = {
    "label": "string",
    "relation": "string",
    "origin": "string",
    "symmetric": "boolean",
    "weight": "double",
    "confidence": "double",
    "status": "string",
    "claims": "long",
    "asserted": "long",
    "negated": "long",
    "sources": "long",
    "share_hedged": "double",
    "first_time": "string",
    "last_time": "string",
    "valid_from": "string",
    "valid_to": "string",
    "first_reported": "string",
    "last_reported": "string",
    "reference_source": "string",
    "note": "string",
}
NODE_KEY_PREFIX = "node_"  # node keys' ids: "node_label" beside the edges' "label"
FLUSH_EDGES = 10_000  # edges formatted into one chunk of the file (~6.5 MB)
SPOOLED = 2  # chunks formatted ahead of the disk at most
ESCAPE_CACHE = 1 << 16  # distinct strings whose escaped form is kept: ids, types and dates repeat

# A news edge's fields, in the relationships table's column order (store.relationships.NUMBERS): what
# write_rows takes straight from the table and news_row makes of a Relationship.
NEWS_FIELDS = COLUMNS[: COLUMNS.index("status") + 1]
DATE_FIELDS = NEWS_FIELDS[7:13]

_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
# Every field of a news edge but the dates, which may be missing: one template, one % per edge.
_NEWS_EDGE = (
    '<edge source="%s" target="%s" id="news:%s">\n'
    '  <data key="label">%s</data>\n'
    '  <data key="relation">%s</data>\n'
    '  <data key="origin">news</data>\n'
    '  <data key="symmetric">%s</data>\n'
    '  <data key="weight">%r</data>\n'
    '  <data key="confidence">%r</data>\n'
    '  <data key="status">%s</data>\n'
    '  <data key="claims">%d</data>\n'
    '  <data key="asserted">%d</data>\n'
    '  <data key="negated">%d</data>\n'
    '  <data key="sources">%d</data>\n'
    '  <data key="share_hedged">%r</data>\n'
)
_DATES = tuple(f'  <data key="{name}">%s</data>\n' for name in DATE_FIELDS)


@functools.lru_cache(maxsize=ESCAPE_CACHE)
def escape(value: str) -> str:
    """``value`` safe in an XML attribute or text: markup escaped, characters XML 1.0 cannot hold dropped."""
    return html.escape(XML_ILLEGAL.sub("", str(value)), quote=True)


def _value(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    return escape(value)


def _data(keys: Mapping[str, str], attrs: Mapping[str, Any], prefix: str = "") -> str:
    return "".join(
        f'  <data key="{prefix}{name}">{_value(keys[name], value)}</data>\n'
        for name, value in attrs.items()
        if value is not None
    )


class _Spool:
    """Writes the file on a second thread while the next edges are formatted: the disk write releases the
    GIL, so a whole store's 450 MB costs the formatting's time, not the sum (at most ``SPOOLED`` chunks
    wait, so memory stays bounded)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphml-write")
        self.pending: deque[Future] = deque()

    def __call__(self, text: str) -> None:
        self.pending.append(self.pool.submit(self.out.write, text.encode("utf-8")))
        while len(self.pending) > SPOOLED:
            self.pending.popleft().result()  # a failed write (disk full) raises here

    def close(self) -> None:
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _head(emit: Callable[[str], None], actors: Iterable[Actor]) -> None:
    parts = [_HEADER]
    parts += (
        f'<key id="{NODE_KEY_PREFIX}{n}" for="node" attr.name="{n}" attr.type="{k}"/>\n' for n, k in NODE_KEYS.items()
    )
    parts += (f'<key id="{n}" for="edge" attr.name="{n}" attr.type="{k}"/>\n' for n, k in EDGE_KEYS.items())
    parts.append('<graph edgedefault="directed">\n')
    parts += (
        f'<node id="{escape(a.id)}">\n{_data(NODE_KEYS, node_attrs(a), NODE_KEY_PREFIX)}</node>\n' for a in actors
    )
    emit("".join(parts))


def _news_edges(emit: Callable[[str], None], rows: Iterable[Sequence[Any]]) -> int:
    symmetric: dict[str, str] = {}
    date_first, date_last, date_from, date_to, reported_first, reported_last = _DATES
    written, batch = 0, list[str]()
    add = batch.append
    for row in rows:
        head, type_, tail, claims, asserted, negated, sources, first, last, start, end, r_first, r_last = row[:13]
        share_hedged, confidence, status = row[13:16]
        if type_ not in symmetric:
            symmetric[type_] = "true" if is_symmetric(type_) else "false"
        relation = escape(type_)
        confidence = float(confidence)
        add(
            _NEWS_EDGE
            % (
                escape(head),
                escape(tail),
                relation,
                relation,
                relation,
                symmetric[type_],
                confidence,
                confidence,
                escape(status),
                claims,
                asserted,
                negated,
                sources,
                float(share_hedged),
            )
        )
        # unrolled, not a loop over the six: this runs once per edge of the whole store
        if first:
            add(date_first % escape(first))
        if last:
            add(date_last % escape(last))
        if start:
            add(date_from % escape(start))
        if end:
            add(date_to % escape(end))
        if r_first:
            add(reported_first % escape(r_first))
        if r_last:
            add(reported_last % escape(r_last))
        add("</edge>\n")
        written += 1
        if written % FLUSH_EDGES == 0:
            emit("".join(batch))
            batch.clear()
    emit("".join(batch))
    return written


def _reference_edges(emit: Callable[[str], None], reference: Iterable[ReferenceRelation]) -> None:
    emit(
        "".join(
            f'<edge source="{escape(ref.head)}" target="{escape(ref.tail)}" '
            f'id="{escape(f"reference:{ref.type}:{ref.source}")}">\n'
            f"{_data(EDGE_KEYS, reference_edge(ref))}</edge>\n"
            for ref in sorted_reference(reference)
        )
    )


def write_rows(
    path: str | Path,
    rows: Iterable[Sequence[Any]],
    actors: Iterable[Actor],
    reference: Iterable[ReferenceRelation] = (),
) -> int:
    """Write GraphML from news edges given as rows of :data:`NEWS_FIELDS` (the relationships table's
    columns, in its order; further columns are ignored), in the order they come, after the nodes
    ``actors`` (every actor an edge names, in the order given) and before the reference rows. Returns
    the number of news edges written. The rows are read once: a cursor over the table streams.

    The document is written beside ``path`` and moved onto it when complete: an export that fails half
    way (a store gone, a disk full) leaves an earlier file at ``path`` as it was, and no partial one."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as out:
            spool = _Spool(out)
            try:
                _head(spool, actors)
                written = _news_edges(spool, rows)
                _reference_edges(spool, reference)
                spool("</graph>\n</graphml>\n")
            finally:
                spool.close()
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return written


def news_row(rel: Relationship) -> tuple[Any, ...]:
    """A relationship as a row of :data:`NEWS_FIELDS`."""
    return (
        rel.head,
        rel.type,
        rel.tail,
        rel.claim_count,
        rel.asserted,
        rel.negated,
        rel.independent_sources,
        rel.first_time,
        rel.last_time,
        rel.valid_from,
        rel.valid_to,
        rel.first_reported,
        rel.last_reported,
        rel.share_hedged,
        rel.confidence,
        str(rel.status),
    )


def write_graphml(
    path: str | Path,
    relationships: Iterable[Relationship],
    actors: Mapping[str, Actor],
    reference: Iterable[ReferenceRelation] = (),
) -> Path:
    """GraphML for Gephi/yEd/Cytoscape: node ``label``/``type``/``aliases``, edge ``relation``, ``weight``
    (= confidence), ``first_time``/``last_time``, ``sources`` (independent), ``status``, ``origin``
    (the export format's writer; a whole store's streams from its table through :func:`write_rows`)."""
    rels, refs = sorted_relationships(relationships), list(reference)
    write_rows(path, map(news_row, rels), node_actors(involved_ids(rels, refs), actors), refs)
    return Path(path)
