"""Benchmark: `relation A B` lookup latency with a million stored claims, on SQLite and PostgreSQL.

Run on demand, never in the tests:

    .venv/bin/python bench/relation_latency.py                      # 1,000,000 claims, both dialects
    .venv/bin/python bench/relation_latency.py --claims 200000 --dialects sqlite

Method. A synthetic store is generated (seeded, so runs compare): ``--actors`` actors whose
popularity follows a Zipf-like law (exponent ``POPULARITY_EXPONENT``: a few groups are in most
stories, most are rarely named, as in news), ``--documents`` documents from a few dozen outlets, and
``--claims`` claims, each between two actors drawn by popularity, in a random document. A little
analyst review is added (merges, rejections) so the reader's decision handling does real work.

Loading is the fast path a bulk import would use, not the per-document write path: the schema is
created by the real migrations, the claims table's secondary indexes are dropped, rows go in by
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), then the indexes are rebuilt and statistics taken
(ANALYZE; on PostgreSQL ``VACUUM ANALYZE``, which autovacuum runs on its own after a bulk insert and which
sets the visibility map index-only scans need). The PostgreSQL server is a throwaway cluster
(factionmap.store.pgtest), durability off, its default 64 MB of shared buffers.

Timing. ``factionmap.store.reader.claims_between(engine, a, b)`` (the call behind
`relation A B`: actor map, claims both ways, review verdicts, StoredClaim records) is called for
``--pairs`` pairs: half drawn from stored claims (pairs that have evidence, weighted as analysts would
meet them), half uniformly random actors (mostly empty answers). After a warm-up, and after
``factionmap.heap.settle()`` as ``factionmap serve`` does at start-up, each call is timed with
perf_counter; p50/p95/p99 are printed per dialect, with the size of the answers. The first
``--answers`` pairs are also timed as the whole `relation A B` answer (``Queries.relation``: the same
read plus aggregation, contradictions, reference data and, for unrelated pairs, the connecting chain).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, text

from factionmap import heap
from factionmap.store import schema as t
from factionmap.store.db import bulk_insert, is_sqlite, make_engine, migrate
from factionmap.store.reader import claims_between

POPULARITY_EXPONENT = 0.9  # Zipf-like popularity; at 1M claims over 3,000 actors the busiest pair has 11.7k
OUTLETS = 40
RELATION_TYPES = (
    "ALLY_OF",
    "RIVAL_OF",
    "ATTACKS",
    "AFFILIATE_OF",
    "SPLINTER_OF",
    "SUPPORTS",
    "PRAISES",
    "DENOUNCES",
    "PLEDGED_ALLEGIANCE",
    "NEGOTIATES_WITH",
)
MERGES, REJECTIONS = 30, 2_000  # analyst decisions in force during the timing
WARMUP = 30
CLAIM_COLUMNS = (
    "id",
    "document_id",
    "head_id",
    "type",
    "tail_id",
    "negated",
    "hedged",
    "attributed_to",
    "time",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "rule",
    "cue",
    "head_text",
    "tail_text",
    "time_source",
)


def actor_weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** POPULARITY_EXPONENT for rank in range(n)]


def claim_rows(rng: random.Random, n_claims: int, n_actors: int, n_docs: int):
    """Claims as tuples in CLAIM_COLUMNS order (tuples, not dicts: a million of them)."""
    ids = [f"actor_{i:05d}" for i in range(n_actors)]
    cumulative = list(_accumulate(actor_weights(n_actors)))
    heads = rng.choices(ids, cum_weights=cumulative, k=n_claims)
    tails = rng.choices(ids, cum_weights=cumulative, k=n_claims)
    for i, (head, tail) in enumerate(zip(heads, tails, strict=True)):
        if head == tail:
            tail = ids[(ids.index(tail) + 1) % n_actors] if i % 7 else ids[-1 - (i % 50)]
        year = 2010 + i % 15
        evidence = f"Claim {i}: {head} and {tail} were reported together in a statement quoted by officials."
        stated = bool(i % 3)  # a third of the sentences give no date: dated by their (dated) documents
        yield (
            f"{i:016x}",
            1 + rng.randrange(n_docs),
            head,
            RELATION_TYPES[i % len(RELATION_TYPES)],
            tail,
            i % 11 == 0,
            i % 5 == 0,
            None,
            f"{year}-{1 + i % 12:02d}" if stated else None,
            evidence,
            40 * (i % 20),
            40 * (i % 20) + len(evidence),
            0.5 + (i % 50) / 100,
            "synthetic",
            "",
            head,
            tail,
            "stated" if stated else "article",
        )


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def load(engine: Engine, args, rng: random.Random) -> dict:
    """Generate and bulk-load the store; returns counts and load time."""
    migrate(engine)
    t0 = time.perf_counter()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        bulk_insert(
            conn,
            t.actors,
            (
                {"id": f"actor_{i:05d}", "name": f"Actor {i}", "type": "ARMED_GROUP", "provisional": False}
                for i in range(args.actors)
            ),
        )
        bulk_insert(
            conn,
            t.documents,
            (
                {
                    "id": d,
                    "doc_id": f"doc-{d}",
                    "fingerprint": f"{d:040x}",
                    "cluster_id": d - d % 3 or d,
                    "publisher": f"Outlet {d % OUTLETS}",
                    "published": f"{2010 + d % 15}-{1 + d % 12:02d}-01",
                    "url": f"https://outlet{d % OUTLETS}.example/{d}",
                    "text": f"Document {d}.",
                    "extractor_version": "synthetic",
                    "ingested_at": now,
                }
                for d in range(1, args.documents + 1)
            ),
        )
        for index in t.claims.indexes:
            index.drop(conn)
    rows = claim_rows(rng, args.claims, args.actors, args.documents)
    if is_sqlite(engine):
        _load_sqlite(engine, rows)
    else:
        _load_postgresql(engine, rows)
    with engine.begin() as conn:
        for index in t.claims.indexes:
            index.create(conn)
        _add_reviews(conn, rng, args, now)
        if is_sqlite(engine):
            conn.execute(text("ANALYZE"))
    if not is_sqlite(engine):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return {"load_s": round(time.perf_counter() - t0, 1), "rows_per_s": round(args.claims / (time.perf_counter() - t0))}


def _load_sqlite(engine: Engine, rows) -> None:
    placeholders = ", ".join("?" for _ in CLAIM_COLUMNS)
    sql = f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) VALUES ({placeholders})"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                cur.executemany(sql, batch)
                batch = []
        cur.executemany(sql, batch)
        raw.commit()
    finally:
        raw.close()


def _load_postgresql(engine: Engine, rows) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY claims ({', '.join(CLAIM_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def _add_reviews(conn, rng: random.Random, args, now: datetime) -> None:
    merges = [
        {
            "kind": "merge",
            "actor_id": f"actor_{args.actors - 1 - i:05d}",
            "into_id": f"actor_{100 + i:05d}",
            "reviewer": "bench",
            "decided_at": now,
        }
        for i in range(MERGES)
    ]
    rejected = [
        {"kind": "reject", "claim_id": f"{rng.randrange(args.claims):016x}", "reviewer": "bench", "decided_at": now}
        for _ in range(REJECTIONS)
    ]
    conn.execute(insert(t.review_decisions), merges)
    conn.execute(insert(t.review_decisions), rejected)


def pairs(rng: random.Random, args) -> list[tuple[str, str]]:
    """Half from stored claims (re-generated with the same seed), half uniformly random."""
    sample = set(rng.sample(range(args.claims), args.pairs // 2))
    replay = random.Random(args.seed)
    with_claims = [
        (r[2], r[4]) for i, r in enumerate(claim_rows(replay, args.claims, args.actors, args.documents)) if i in sample
    ]
    uniform = [
        (f"actor_{rng.randrange(args.actors):05d}", f"actor_{rng.randrange(args.actors):05d}")
        for _ in range(args.pairs - len(with_claims))
    ]
    out = with_claims + uniform
    rng.shuffle(out)
    return out


def time_lookups(engine: Engine, queries: list[tuple[str, str]], settle: bool = True) -> dict:
    for a, b in queries[:WARMUP]:
        claims_between(engine, a, b)
    if settle:
        heap.settle()
    latencies, sizes = [], []
    for a, b in queries:
        t0 = time.perf_counter()
        found = claims_between(engine, a, b)
        latencies.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(found))
    q = statistics.quantiles(latencies, n=100)
    return {
        "pairs": len(queries),
        "p50_ms": round(q[49], 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "max_ms": round(max(latencies), 1),
        "median_claims": statistics.median(sizes),
        "max_claims": max(sizes),
    }


def time_answers(engine: Engine, queries: list[tuple[str, str]], settle: bool = True) -> dict:
    """The whole `relation A B` answer (Queries.relation): names resolved, claims read, relationships
    aggregated, contradictions, reference data, and the connecting chain when nothing links them."""
    from factionmap.queries.answers import Queries

    q = Queries(engine)
    for a, b in queries[:WARMUP]:
        q.relation(a, b)
    if settle:
        heap.settle()
    latencies = []
    for a, b in queries:
        t0 = time.perf_counter()
        q.relation(a, b)
        latencies.append((time.perf_counter() - t0) * 1000)
    p = statistics.quantiles(latencies, n=100)
    return {
        "answers": len(queries),
        "answer_p50_ms": round(p[49], 2),
        "answer_p95_ms": round(p[94], 2),
        "answer_p99_ms": round(p[98], 2),
        "answer_max_ms": round(max(latencies), 1),
    }


def run(url: str, args) -> dict:
    engine = make_engine(url)
    try:
        rng = random.Random(args.seed)
        report = load(engine, args, random.Random(args.seed))
        queries = pairs(rng, args)
        report |= time_lookups(engine, queries, settle=not args.no_settle)
        report |= time_answers(engine, queries[: args.answers], settle=not args.no_settle)
        return report
    finally:
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=3_000)
    ap.add_argument("--documents", type=int, default=40_000)
    ap.add_argument("--pairs", type=int, default=1_000)
    ap.add_argument("--answers", type=int, default=300, help="pairs also timed as the full `relation` answer")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dialects", default="sqlite,postgresql")
    ap.add_argument(
        "--no-settle",
        action="store_true",
        help="leave the start-up heap to the garbage collector (as a library caller might)",
    )
    args = ap.parse_args()
    results = {}
    for dialect in args.dialects.split(","):
        if dialect == "sqlite":
            with tempfile.TemporaryDirectory(prefix="fm-bench-") as tmp:
                results["sqlite"] = run(f"sqlite:///{Path(tmp) / 'bench.db'}", args)
        elif dialect == "postgresql":
            from factionmap.store import pgtest

            with pgtest.throwaway_cluster() as cluster:
                results["postgresql"] = run(cluster.create_database("bench"), args)
        else:
            ap.error(f"unknown dialect {dialect!r}: use sqlite and/or postgresql")
        print(dialect, json.dumps(results[dialect]), flush=True)
    print(
        json.dumps(
            {"claims": args.claims, "actors": args.actors, "documents": args.documents, "results": results}, indent=2
        )
    )


if __name__ == "__main__":
    main()
