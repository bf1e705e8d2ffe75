"""Benchmark: latency of the web map's data, an actor page and a relationship page at ≥ 100,000 claims.

Run on demand, never in the tests:

    .venv/bin/python bench/web_latency.py                          # 100,000 generated claims, SQLite
    .venv/bin/python bench/web_latency.py --claims 300000 --requests 300
    .venv/bin/python bench/web_latency.py --db /path/to/factionmap.db   # an existing store instead
    .venv/bin/python bench/web_latency.py --db /tmp/bench1m.db --map-only --requests 30   # the map alone

Method. The store is generated as in bench/relation_latency.py (seeded; actors with Zipf-like
popularity, documents from a few dozen outlets, some analyst review) unless ``--db`` names a store.
The app is the real one (``factionmap.api.create_app``) driven in-process through Starlette's
TestClient, so routing, the dependencies, the queries, the JSON/HTML rendering and the security
middleware are all timed; only the socket is not. As ``factionmap serve`` does, the app is built and
then ``factionmap.heap.settle()`` freezes the start-up heap. Three request kinds, ``--requests`` each,
after a warm-up:

- ``GET /api/map`` with varied filters (time slider positions, minimum sources, relation types), read
  from the maintained relationships table; the first request of the process is reported on its own, and
  so is the first map after each of ``--cold-rounds`` new articles written through the write path (a
  new store version each time: the issue 13 target is p95 < 500 ms at a million claims);
- ``GET /actors/{id}``: the actor page (HTML) for actors drawn by popularity;
- ``GET /relationships/{a}/{b}``: the relationship page (HTML) for pairs that have claims.

p50/p95/p99 per kind are printed; the target is p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relation_latency  # the generator lives beside this script

WARMUP = 5


def percentiles(values: list[float]) -> dict:
    q = statistics.quantiles(values, n=100)
    return {
        "n": len(values),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "max_ms": round(max(values), 1),
    }


def timed(client, urls: list[str]) -> dict:
    for url in urls[:WARMUP]:
        client.get(url)
    out = []
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")
    return percentiles(out)


def map_urls(rng: random.Random, n: int) -> list[str]:
    types = ["ALLY_OF", "ATTACKS", "SUPPORTS", "SPLINTER_OF", "PRAISES"]
    urls = []
    for _ in range(n):
        params = [f"as_of={rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}"] if rng.random() < 0.7 else []
        if rng.random() < 0.3:
            params.append(f"min_sources={rng.randint(1, 3)}")
        if rng.random() < 0.3:
            params.append("types=" + ",".join(rng.sample(types, 2)))
        urls.append("/api/map" + ("?" + "&".join(params) if params else ""))
    return urls


def write_article(engine, rng: random.Random, actors: list, n: int) -> None:
    """One new article with three claims between actors already stored, through the one write path (the
    relationships table maintained in its transaction, as `factionmap ingest` and `watch` write)."""
    from factionmap.graph.maintained import refresh
    from factionmap.model import Article, Claim, Extraction
    from factionmap.store.dedupe import signature
    from factionmap.store.writer import write_extraction

    words = " ".join(rng.choice(("convoy", "border", "statement", "council", "river", "night")) for _ in range(80))
    text = f"Bench article {n} {time.time_ns()}: {words}."  # new text on every run over the same store
    claims, used = [], {}
    for k in range(3):
        head, tail = rng.sample(actors, 2)
        used |= {head.id: head, tail.id: tail}
        type_ = rng.choice(("ALLY_OF", "ATTACKS", "SUPPORTS"))
        claims.append(Claim(head.id, type_, tail.id, False, False, None, "2024-06", text[:40], k, k + 40, 0.8, "bench"))
    article = Article(f"bench-{n}", text, publisher=rng.choice(("Wire One", "Daily Two")), published="2024-06-01")
    extraction = Extraction(article, used, [], claims, extractor_version="bench")
    write_extraction(engine, extraction, signature(text), None, None, on_changed=refresh)


def cold_after_writes(client, engine, rng: random.Random, rounds: int) -> dict:
    """The first /api/map after each of ``rounds`` new articles (a new store version each time)."""
    from factionmap.store import reader

    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM actors ORDER BY id LIMIT 500")]
    actors = list(reader.actors(engine, ids).values())
    out = []
    for n in range(rounds):
        write_article(engine, rng, actors, n)
        t0 = time.perf_counter()
        if client.get("/api/map").status_code != 200:
            raise SystemExit("/api/map failed after a write")
        out.append((time.perf_counter() - t0) * 1000)
    return percentiles(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing store (file or URL) instead of a generated one")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--actors", type=int, default=3_000)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cold-rounds", type=int, default=20, help="new articles, each followed by a first map")
    ap.add_argument("--map-only", action="store_true", help="skip the actor and relationship pages")
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from factionmap import heap
    from factionmap.api import create_app
    from factionmap.settings import Settings
    from factionmap.store import reader
    from factionmap.store.db import make_engine

    with tempfile.TemporaryDirectory(prefix="fm-web-bench-") as tmp:
        if args.db:
            url = Settings(db=args.db).database_url()
            generated = None
        else:
            url = f"sqlite:///{Path(tmp) / 'web.db'}"
            gen = argparse.Namespace(
                claims=args.claims,
                actors=args.actors,
                documents=args.documents,
                pairs=args.requests * 2,
                seed=args.seed,
            )
            generated = relation_latency.load(make_engine(url), gen, random.Random(args.seed))
        engine = make_engine(url)
        claims = list(reader.iter_claims(engine))
        rng = random.Random(args.seed)
        by_claims = [c.head for c in claims]
        pairs = [(c.head, c.tail) for c in rng.sample(claims, min(len(claims), args.requests))]
        n_claims = len(claims)
        del claims  # the server process would not hold them
        app = create_app(Settings(db=url))
        heap.settle()  # as `factionmap serve` does before serving
        with TestClient(app) as client:
            t0 = time.perf_counter()
            assert client.get("/api/map").status_code == 200
            cold = round((time.perf_counter() - t0) * 1000)
            report = {
                "claims": n_claims,
                "generated": generated,
                "map_cold_ms": cold,
                "map_first_after_a_write": cold_after_writes(client, engine, rng, args.cold_rounds),
                "map": timed(client, map_urls(rng, args.requests)),
            }
            if not args.map_only:
                report["actor_page"] = timed(client, [f"/actors/{rng.choice(by_claims)}" for _ in range(args.requests)])
                report["relationship_page"] = timed(client, [f"/relationships/{a}/{b}" for a, b in pairs])
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
