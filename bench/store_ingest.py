"""Benchmark: ingest speed, end to end and for the store alone, on SQLite and PostgreSQL.

Run on demand, never in the tests:

    .venv/bin/python bench/store_ingest.py                       # 200 extracted + 10,000 stored documents
    .venv/bin/python bench/store_ingest.py --extract-docs 50 --store-docs 2000 --dialects sqlite
    .venv/bin/python bench/store_ingest.py ... --no-maintain   # without the relationships table (for comparison)

Why two figures. Extraction (spaCy's parser) costs ~100x what storing costs, and on one core it
would take half an hour to extract 10,000 documents, so:

1. **Pipeline** (``--extract-docs``, default 200): the real path of ``factionmap ingest`` on varied
   documents built from the seed articles (each a different mix and order of the seeds' paragraphs,
   so neither the fingerprint nor the near-duplicate check can short-cut them): signature, lookup of
   the existing copy, extraction, one-transaction write. Reports documents/s and the store's share.
2. **Store** (``--store-docs``, default 10,000): those real extractions replayed through the same
   write path (signature + find_existing + write_extraction, one transaction per document) with
   varied text, so every write is a new document with real claim, mention and event counts. Most
   texts (1 - ``--near-duplicate-share``) have words substituted throughout, which makes them new
   stories to MinHash; the rest are the original text with paragraphs reordered and a new
   dateline, i.e. syndicated copies, which exercise the near-duplicate clustering. Reports
   documents/s and claims/s per dialect (PostgreSQL: a throwaway cluster, factionmap.store.pgtest,
   durability off, on a unix socket).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import distinct, func, select

from factionmap.graph.maintained import refresh
from factionmap.model import Article, Extraction
from factionmap.store import schema as t
from factionmap.store import writer
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature

OUTLETS = ("Wire One", "Daily Two", "Radio Three", "Weekly Four", "Gazette Five", "Post Six", "Monitor Seven")
SUBSTITUTE_EVERY = 4  # one word in four replaced: every 5-word shingle changes, so MinHash sees a new story
FILLER = ("report", "village", "council", "river", "market", "convoy", "statement", "official", "night", "road")


def seed_articles(shared: Path) -> list[Article]:
    from factionmap.ingest import iter_articles

    return [a for a in iter_articles([shared / "corpus" / "seeds"]) if isinstance(a, Article)]


def mixed_documents(seeds: list[Article], n: int, rng: random.Random) -> list[Article]:
    """Documents made of paragraphs of one seed, reordered, plus one paragraph of another."""
    docs = []
    for i in range(n):
        seed, other = seeds[i % len(seeds)], seeds[(i + 1 + i // len(seeds)) % len(seeds)]
        paras = [p for p in seed.text.split("\n") if p.strip()]
        rng.shuffle(paras)
        paras.insert(rng.randrange(len(paras) + 1), rng.choice([p for p in other.text.split("\n") if p.strip()]))
        docs.append(_article(i, "\n".join(paras), seed))
    return docs


def _article(i: int, text: str, like: Article) -> Article:
    outlet = OUTLETS[i % len(OUTLETS)]
    return Article(
        f"bench-{i}",
        text,
        title=f"Story {i}",
        publisher=outlet,
        published=f"20{15 + i % 10}-0{1 + i % 9}-15",
        url=f"https://{outlet.lower().replace(' ', '')}.example/{i}",
        source=like.source,
    )


def run_pipeline(engine, docs: list[Article], on_changed=None) -> tuple[dict, list[Extraction]]:
    """The ingest path: signature, existing copy, extract, write. Returns figures and the extractions."""
    from factionmap.extract.pipeline import EXTRACTOR_VERSION, Extractor

    extractor = Extractor()
    extractor.extract(docs[0])  # load spaCy and warm caches outside the timed loop
    run = writer.start_run(engine, "bench", EXTRACTOR_VERSION)
    extractions, store_s = [], 0.0
    t0 = time.perf_counter()
    for doc in docs:
        s0 = time.perf_counter()
        sig = signature(doc.text)
        existing = writer.find_existing(engine, sig)
        store_s += time.perf_counter() - s0
        extraction = extractor.extract(doc)
        s0 = time.perf_counter()
        writer.write_extraction(engine, extraction, sig, existing, run, on_changed=on_changed)
        store_s += time.perf_counter() - s0
        extractions.append(extraction)
    elapsed = time.perf_counter() - t0
    return {
        "documents": len(docs),
        "seconds": round(elapsed, 1),
        "documents_per_s": round(len(docs) / elapsed, 2),
        "claims": sum(len(e.claims) for e in extractions),
        "store_share": round(store_s / elapsed, 3),
    }, extractions


def varied_text(text: str, i: int, rng: random.Random, near_duplicate: bool) -> str:
    if near_duplicate:
        paras = text.split("\n")
        rng.shuffle(paras)
        return f"(Dispatch {i}) " + "\n".join(paras)
    words = text.split(" ")
    for k in range(i % SUBSTITUTE_EVERY, len(words), SUBSTITUTE_EVERY):
        words[k] = f"{rng.choice(FILLER)}{i % 97}"
    return " ".join(words)


def replay(engine, extractions: list[Extraction], n: int, near_share: float, seed: int, on_changed=None) -> dict:
    """The store's write path alone, on n documents carrying real extractions."""
    rng = random.Random(seed)
    jobs = []
    for i in range(n):
        ex = extractions[i % len(extractions)]
        text = varied_text(ex.article.text, i, rng, rng.random() < near_share)
        jobs.append(dataclasses.replace(ex, article=_article(100_000 + i, text, ex.article)))
    run = writer.start_run(engine, "bench", jobs[0].extractor_version)
    statuses: dict[str, int] = {}
    t0 = time.perf_counter()
    for ex in jobs:
        sig = signature(ex.article.text)
        existing = writer.find_existing(engine, sig)
        result = writer.write_extraction(engine, ex, sig, existing, run, on_changed=on_changed)
        statuses[result.status] = statuses.get(result.status, 0) + 1
    elapsed = time.perf_counter() - t0
    counts = writer.counts(engine)
    with engine.connect() as conn:
        counts["clusters"] = conn.execute(select(func.count(distinct(t.documents.c.cluster_id)))).scalar_one()
    return {
        "documents": n,
        "seconds": round(elapsed, 1),
        "documents_per_s": round(n / elapsed, 1),
        "claims_per_s": round(sum(len(e.claims) for e in jobs) / elapsed),
        "statuses": statuses,
        "stored": counts,
    }


def open_store(url: str):
    engine = make_engine(url)
    migrate(engine)
    return engine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--extract-docs", type=int, default=200)
    ap.add_argument("--store-docs", type=int, default=10_000)
    ap.add_argument("--near-duplicate-share", type=float, default=0.2)
    ap.add_argument("--dialects", default="sqlite,postgresql")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument(
        "--no-maintain",
        action="store_true",
        help="write without maintaining the relationships table (what the store alone costs; production maintains it)",
    )
    args = ap.parse_args()
    args.on_changed = None if args.no_maintain else refresh
    rng = random.Random(args.seed)
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="fm-bench-") as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'pipeline.db'}")
        report["pipeline_sqlite"], extractions = run_pipeline(
            engine, mixed_documents(seed_articles(args.shared), args.extract_docs, rng), args.on_changed
        )
        engine.dispose()
        print("pipeline", json.dumps(report["pipeline_sqlite"]), flush=True)
        for dialect in args.dialects.split(","):
            report[f"store_{dialect}"] = _replay_on(dialect, Path(tmp), extractions, args)
            print(dialect, json.dumps(report[f"store_{dialect}"]), flush=True)
    print(json.dumps(report, indent=2))


def _replay_on(dialect: str, tmp: Path, extractions: list[Extraction], args) -> dict:
    if dialect == "sqlite":
        engine = open_store(f"sqlite:///{tmp / 'store.db'}")
        try:
            return replay(engine, extractions, args.store_docs, args.near_duplicate_share, args.seed, args.on_changed)
        finally:
            engine.dispose()
    if dialect != "postgresql":
        raise SystemExit(f"unknown dialect {dialect!r}: use sqlite and/or postgresql")
    from factionmap.store import pgtest

    with pgtest.throwaway_cluster() as cluster:
        engine = open_store(cluster.create_database("bench"))
        try:
            return replay(engine, extractions, args.store_docs, args.near_duplicate_share, args.seed, args.on_changed)
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
