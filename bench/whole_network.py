"""Benchmark: the whole-network views at a million claims, on SQLite and PostgreSQL (issue 13).

Run on demand, never in the tests:

    .venv/bin/python bench/whole_network.py                               # 1,000,000 claims, both dialects
    .venv/bin/python bench/whole_network.py --claims 100000 --dialects sqlite
    .venv/bin/python bench/whole_network.py --sqlite /tmp/bench1m.db      # a store already generated

Method. The store is generated as in bench/relation_latency.py (seeded; 3,000 actors with Zipf-like
popularity, 40,000 documents from a few dozen outlets, some analyst review), bulk-loaded past the write
path, so the maintained relationships table is then filled by ``rebuild`` (timed: what migration 0005 or
``factionmap store rebuild`` costs at that size). PostgreSQL is a throwaway cluster
(factionmap.store.pgtest: durability off, unix socket). Then, on each dialect:

- the first ``GET /api/map`` after each of ``--rounds`` new articles, each written through the one write
  path (relationships maintained in its transaction; each write is a new store version), through the real
  app in-process (bench/web_latency.py): target p95 < 500 ms;
- ``coalitions`` (``Queries.coalitions``: the signed ties off the table, then Leiden) and a GraphML export
  of the whole store (``factionmap export --format graphml``'s path: ``Queries.export_table``, streaming
  the table's rows to the file), each once, cold (the first coalitions pays for importing igraph):
  target < 10 s each.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relation_latency  # the generator lives beside this script
import web_latency  # the first-map-after-a-write measurement


def measure(url: str, args: argparse.Namespace, generate: bool) -> dict:
    from fastapi.testclient import TestClient

    from factionmap import heap
    from factionmap.api import create_app
    from factionmap.graph import exporters
    from factionmap.graph.maintained import rebuild
    from factionmap.queries.answers import Queries
    from factionmap.settings import Settings
    from factionmap.store.db import make_engine, migrate

    engine = make_engine(url)
    report: dict = {}
    if generate:
        gen = argparse.Namespace(claims=args.claims, actors=3_000, documents=40_000, pairs=0, seed=args.seed)
        report["generated"] = relation_latency.load(engine, gen, random.Random(args.seed))
        _advance_sequences(engine)
    else:
        migrate(engine)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        report["relationships"] = rebuild(conn)
    report["rebuild_s"] = round(time.perf_counter() - t0, 1)
    queries = Queries(engine)
    t0 = time.perf_counter()
    found = queries.coalitions()
    report["coalitions_s"] = round(time.perf_counter() - t0, 2)
    report["coalitions"] = len(found)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        edges, nodes, _ = queries.export_table(exporters.EXPORTERS["graphml"], Path(tmp) / "map.graphml")
        report["graphml_export_s"] = round(time.perf_counter() - t0, 2)
        report["graphml_edges"], report["graphml_nodes"] = edges, nodes
        report["graphml_bytes"] = (Path(tmp) / "map.graphml").stat().st_size
    del found  # the server process would not hold them: its collector must not walk them
    app = create_app(Settings(db=url))
    heap.settle()  # as `factionmap serve` does before serving
    with TestClient(app) as client:
        t0 = time.perf_counter()
        assert client.get("/api/map").status_code == 200
        report["map_first_request_ms"] = round((time.perf_counter() - t0) * 1000)
        rng = random.Random(args.seed)
        report["map_first_after_a_write"] = web_latency.cold_after_writes(client, engine, rng, args.rounds)
    engine.dispose()
    return report


def _advance_sequences(engine) -> None:
    """The generator inserts ids itself; on PostgreSQL, move the id sequences past them for the writes."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in ("documents", "review_decisions", "runs"):
            after = f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table})"
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {after}, false)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--dialects", default="sqlite,postgresql")
    ap.add_argument("--sqlite", help="an existing SQLite store of generated claims instead of a new one")
    ap.add_argument("--rounds", type=int, default=20, help="new articles, each followed by a first map")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    from factionmap.store import pgtest

    out = {}
    with tempfile.TemporaryDirectory(prefix="fm-network-bench-") as tmp:
        for dialect in args.dialects.split(","):
            with contextlib.ExitStack() as stack:
                if dialect == "sqlite":
                    path = args.sqlite or str(Path(tmp) / "network.db")
                    url, generate = f"sqlite:///{path}", not args.sqlite
                else:
                    cluster = stack.enter_context(pgtest.throwaway_cluster())
                    url, generate = cluster.create_database("network"), True
                out[dialect] = measure(url, args, generate)
                print(dialect, json.dumps(out[dialect]), flush=True)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
