"""Benchmark: `factionmap ingest --dask` (a LocalCluster) against `--workers N` (one machine's process pool).

Run on demand, never in the tests:

    .venv/bin/python bench/dask_ingest.py                 # 20,000 articles, 2 workers each way (hours on 2 cores)
    .venv/bin/python bench/dask_ingest.py --articles 200  # a few minutes

Method. One JSONL of N unique articles: the real excerpts of ../shared/corpus/real (the bundled samples
when that folder is missing), each copy told apart by one closing line as bench/web_load.py does, so
every article is extracted and stored as a new document. It is written once and ingested twice, by the
real command line as a subprocess, each time into a fresh database of one throwaway PostgreSQL cluster
(factionmap.store.pgtest: durability off, unix socket): ``--dask --workers N`` (a LocalCluster of N
worker processes, each extracting and writing) and ``--workers N`` (N extracting processes, one writer).
``--no-reference`` and ``--niceness 0`` keep both runs to the ingest itself.

Printed as JSON, per mode: wall time of the command (start-up included: worker processes, spaCy),
the run's own time from the store's ``runs`` row (from the moment the extractors are loaded to the last
write), articles/s over each, articles/s per worker, and what was stored.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def make_feed(path: Path, articles: int) -> int:
    """N unique articles as one JSONL file, written line by line (20,000 real excerpts are ~100 MB)."""
    sources = sorted(CORPUS.glob("*.txt")) or sorted((ROOT / "factionmap" / "samples").glob("*.txt"))
    texts = [(src.stem, src.read_text(encoding="utf-8")) for src in sources]
    with path.open("w", encoding="utf-8") as out:
        for i in range(articles):
            stem, text = texts[i % len(texts)]
            edition = i // len(texts)
            record = {"doc_id": f"{stem}_{edition}", "text": f"{text}\n\nEdition {edition} of {stem}.\n"}
            out.write(json.dumps(record) + "\n")
    return articles


def ingest(feed: Path, url: str, workers: int, dask: bool) -> dict:
    """One run of the command line into the store at ``url``; its timings and what it stored."""
    from factionmap.store import schema as t
    from factionmap.store.db import make_engine

    cmd = [str(ROOT / ".venv" / "bin" / "factionmap"), "ingest", str(feed), "--db", url, "--workers", str(workers)]
    cmd += ["--no-reference", "--niceness", "0", "--quiet"] + (["--dask"] if dask else [])
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    engine = make_engine(url)
    with engine.connect() as conn:
        run = conn.execute(select(t.runs).order_by(t.runs.c.id.desc())).first()
        claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
    engine.dispose()
    assert run is not None
    run_s = (run.finished_at - run.started_at).total_seconds()
    stored = run.documents + run.copies
    return {
        "wall_s": round(wall, 1),
        "run_s": round(run_s, 1),
        "articles_per_s_wall": round(stored / wall, 2),
        "articles_per_s_run": round(stored / run_s, 2),
        "per_worker_articles_per_s_run": round(stored / run_s / workers, 2),
        "documents": run.documents,
        "copies": run.copies,
        "failures": run.failures,
        "claims": claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from factionmap.store import pgtest
    from factionmap.store.db import make_engine, migrate

    with tempfile.TemporaryDirectory(prefix="fm-dask-bench-") as folder, pgtest.throwaway_cluster() as cluster:
        feed = Path(folder) / "feed.jsonl"
        make_feed(feed, args.articles)
        results = {}
        for mode, dask in (("dask", True), ("multiprocessing", False)):
            url = cluster.create_database(f"bench_{mode}")
            engine = make_engine(url)
            migrate(engine)  # before the clock starts, as for a store in use
            engine.dispose()
            results[mode] = ingest(feed, url, args.workers, dask)
    print(json.dumps({"articles": args.articles, "workers": args.workers, "runs": results}, indent=2))


if __name__ == "__main__":
    main()
