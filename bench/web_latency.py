"""Benchmark: latency of the web map's data, an actor page and a relationship page at ≥ 100,000 claims.

Run on demand, never in the tests:

    .venv/bin/python bench/web_latency.py                          # 100,000 generated claims, SQLite
    .venv/bin/python bench/web_latency.py --claims 300000 --requests 300
    .venv/bin/python bench/web_latency.py --db /path/to/factionmap.db   # an existing store instead

Method. The store is generated as in bench/relation_latency.py (seeded; actors with Zipf-like
popularity, documents from a few dozen outlets, some analyst review) unless ``--db`` names a store.
The app is the real one (``factionmap.api.create_app``) driven in-process through Starlette's
TestClient, so routing, the dependencies, the queries, the JSON/HTML rendering and the security
middleware are all timed; only the socket is not. As ``factionmap serve`` does, the app is built and
then ``factionmap.heap.settle()`` freezes the start-up heap. Three request kinds, ``--requests`` each,
after a warm-up:

- ``GET /api/map`` with varied filters (time slider positions, minimum sources, relation types): the
  relationships of the whole store are aggregated once per store version (the first, cold request is
  reported on its own) and each request filters that snapshot;
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing store (file or URL) instead of a generated one")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--actors", type=int, default=3_000)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
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
                "map": timed(client, map_urls(rng, args.requests)),
                "actor_page": timed(client, [f"/actors/{rng.choice(by_claims)}" for _ in range(args.requests)]),
                "relationship_page": timed(client, [f"/relationships/{a}/{b}" for a, b in pairs]),
            }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
