"""Benchmark: what a write pays to know its near-duplicate cluster's outlet, by cluster size (issue 13).

Run on demand, never in the tests:

    .venv/bin/python bench/cluster_outlets.py --db /tmp/bench1m_t.db    # a generated store (whole_network.py)
    .venv/bin/python bench/cluster_outlets.py --db /tmp/bench1m_t.db --sizes 10,100,1000

Each write's maintenance asks which document each of its clusters counts as
(``store.relationships.cluster_outlets(conn, clusters)``): a story syndicated by hundreds of sites is one
cluster of hundreds of documents. Method: inside a transaction that is rolled back (the store is left as
it was), the first N documents of the store are made one cluster; the lookup is timed 30 times for each
N, against the way it was made before (every document of the cluster read, the first chosen in Python).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def _every_document(conn, cluster: int) -> dict[int, int]:
    """The lookup as it was: every document of the cluster with a claim in force, ranked in Python."""
    from sqlalchemy import exists, select

    from factionmap.store import schema as t
    from factionmap.store.reader import rejected

    d = t.documents.c
    kept = exists().where(t.claims.c.document_id == d.id, ~rejected())
    chosen: dict[int, tuple[int, int]] = {}
    for doc, of in conn.execute(select(d.id, d.cluster_id).where(kept, d.cluster_id == cluster)):
        rank = (0 if doc == of else 1, doc)
        if of not in chosen or rank < chosen[of]:
            chosen[of] = rank
    return {of: rank[1] for of, rank in chosen.items()}


def _median_ms(call, repeat: int) -> float:
    call()  # warm the page cache and the statement cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a store with documents and claims (SQLite path or URL)")
    ap.add_argument("--sizes", default="10,100,500,2000", help="cluster sizes to try, in documents")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    from sqlalchemy import select, update

    from factionmap.settings import database_url
    from factionmap.store import relationships as table
    from factionmap.store import schema as t
    from factionmap.store.db import make_engine

    d = t.documents.c
    engine = make_engine(database_url(args.db))
    report = []
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            for size in (int(s) for s in args.sizes.split(",")):
                ids = conn.scalars(select(d.id).order_by(d.id).limit(size)).all()
                cluster = ids[0]
                conn.execute(update(t.documents).where(d.id.in_(ids)).values(cluster_id=cluster))
                probed = table.cluster_outlets(conn, {cluster})
                assert set(probed) == set(_every_document(conn, cluster)), "the two lookups disagree"
                report.append(
                    {
                        "documents_in_cluster": len(ids),
                        "every_document_read_ms": _median_ms(lambda c=cluster: _every_document(conn, c), args.repeat),
                        "first_document_probed_ms": _median_ms(
                            lambda c=cluster: table.cluster_outlets(conn, {c}), args.repeat
                        ),
                    }
                )
                print(json.dumps(report[-1]), flush=True)
        finally:
            transaction.rollback()  # the store as it was
    engine.dispose()


if __name__ == "__main__":
    main()
