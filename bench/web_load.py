"""Benchmark: `factionmap serve` under concurrent clients, on a store of 50,000 claims, during an ingest.

Run on demand, never in the tests:

    .venv/bin/python bench/web_load.py                       # 50,000 claims, 20 clients, 60 s, ingest running
    .venv/bin/python bench/web_load.py --workers 1           # the server as one process, for comparison
    .venv/bin/python bench/web_load.py --no-ingest --seconds 30

Method. A SQLite store is generated as in bench/relation_latency.py (seeded; actors with Zipf-like
popularity, so a few hubs hold thousands of claims). The real server is started as a subprocess
(``factionmap serve --workers N``) and driven over HTTP by ``--clients`` threads, each with its own
connection, for ``--seconds``. Every page and API route a reader uses is in the mix, with parameters
drawn from the store (hub actors included): the map data with varied filters, actor search and
profiles, relationships by actor and by pair, claims, documents, changes, questions, review history,
the HTML pages, and the exports. Meanwhile ``factionmap ingest`` writes new articles (copies of
../shared/corpus/real made unique) into the same store. The server's memory (RSS of its processes)
is sampled every second.

Printed: per route p50/p95/p99/max and errors, requests per second, and memory at the start, the
middle and the end. The target (issue 11): p95 < 500 ms on every route, no errors, memory flat.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import relation_latency  # the store generator lives beside this script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
READY_TIMEOUT_S = 120
# How often each route is asked, out of the total: the map and profiles most, as an analyst's session does.
MIX = {
    "map": 8,
    "map_page": 2,
    "actors_search": 5,
    "actors_busiest": 2,
    "actor_api": 8,
    "actor_page": 6,
    "relationships_by_actor": 6,
    "pair_api": 8,
    "pair_page": 6,
    "claim": 5,
    "documents": 3,
    "document_api": 3,
    "document_page": 3,
    "changes": 3,
    "ask": 3,
    "vocab": 1,
    "decisions": 2,
    "export_json": 1,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(root_pid: int) -> float:
    """Resident memory of a process and its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def make_store(path: Path, args) -> dict:
    from factionmap.store.db import make_engine

    engine = make_engine(f"sqlite:///{path}")
    gen = argparse.Namespace(claims=args.claims, actors=args.actors, documents=args.documents, seed=args.seed)
    try:
        return relation_latency.load(engine, gen, random.Random(args.seed))
    finally:
        engine.dispose()


def make_corpus(folder: Path, copies: int) -> int:
    """Unique articles to ingest during the run: the real excerpts, each copy told apart by one line."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(CORPUS.glob("*.txt")) or sorted((ROOT / "factionmap" / "samples").glob("*.txt"))
    n = 0
    for i in range(copies):
        for src in sources:
            text = src.read_text(encoding="utf-8")
            (folder / f"{src.stem}_{i}.txt").write_text(f"{text}\n\nEdition {i} of {src.stem}.\n", encoding="utf-8")
            n += 1
    return n


def urls(args, rng: random.Random) -> dict[str, list[str]]:
    """Request URLs per route, drawn from the generated store (hubs first in the actor ranks)."""
    replay = random.Random(args.seed)
    rows = list(relation_latency.claim_rows(replay, args.claims, args.actors, args.documents))
    weights = relation_latency.actor_weights(args.actors)
    actors = [f"actor_{i:05d}" for i in rng.choices(range(args.actors), weights=weights, k=300)]
    pairs = [(r[2], r[4]) for r in rng.sample(rows, 300)]
    claims = [r[0] for r in rng.sample(rows, 300)]
    docs = [rng.randrange(1, args.documents + 1) for _ in range(300)]
    years = [str(y) for y in range(2010, 2025)]
    return {
        "map": [f"/api/map?as_of={rng.choice(years)}&min_sources={rng.choice([1, 1, 2])}" for _ in range(50)]
        + ["/api/map", "/api/map?types=ALLY_OF,ATTACKS"],
        "map_page": ["/"],
        "actors_search": [f"/api/actors?q=Actor%20{rng.randrange(args.actors)}" for _ in range(100)],
        "actors_busiest": ["/api/actors", "/api/actors?limit=100"],
        "actor_api": [f"/api/actors/{a}" for a in actors],
        "actor_page": [f"/actors/{a}" for a in actors],
        "relationships_by_actor": [f"/api/relationships?actor={a}&limit=50" for a in actors],
        "pair_api": [f"/api/relationships/{a}/{b}" for a, b in pairs],
        "pair_page": [f"/relationships/{a}/{b}" for a, b in pairs],
        "claim": [f"/api/claims/{c}" for c in claims],
        "documents": [f"/api/documents?limit=50&offset={rng.randrange(0, 1000)}" for _ in range(50)],
        "document_api": [f"/api/documents/{d}" for d in docs],
        "document_page": [f"/documents/{d}" for d in docs],
        "changes": [
            f"/api/changes?since={rng.choice(years)}&by={rng.choice(['claim', 'ingestion'])}" for _ in range(30)
        ],
        "ask": [f"/api/ask?q=What%20is%20the%20relationship%20between%20{a}%20and%20{b}%3F" for a, b in pairs[:100]],
        "vocab": ["/api/vocab"],
        "decisions": ["/api/review/decisions"],
        "export_json": ["/api/export/json"],
    }


def client_loop(base: str, plan: dict[str, list[str]], deadline: float, seed: int, out: list, lock) -> None:
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    local = []
    with httpx.Client(base_url=base, timeout=120) as client:
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights=weights)[0]
            url = rng.choice(plan[kind])
            t0 = time.perf_counter()
            try:
                status = client.get(url).status_code
            except httpx.HTTPError as exc:
                status = f"{type(exc).__name__}"
            local.append((kind, (time.perf_counter() - t0) * 1000, status))
    with lock:
        out.extend(local)


def summarise(results: list, seconds: float) -> dict:
    by_kind: dict[str, list] = defaultdict(list)
    for kind, ms, status in results:
        by_kind[kind].append((ms, status))
    report = {}
    for kind in MIX:
        values = by_kind.get(kind, [])
        if len(values) < 2:
            report[kind] = {"n": len(values)}
            continue
        times = [ms for ms, _ in values]
        q = statistics.quantiles(times, n=100)
        # A 404 for a random pair or document that does not exist is an answer, not an error.
        errors = sum(1 for _, s in values if not (isinstance(s, int) and s in (200, 404)))
        report[kind] = {
            "n": len(values),
            "p50_ms": round(q[49]),
            "p95_ms": round(q[94]),
            "p99_ms": round(q[98]),
            "max_ms": round(max(times)),
            "errors": errors,
            "statuses": dict(sorted(status_counts(s for _, s in values).items())),
        }
    all_times = [ms for _, ms, _ in results]
    q = statistics.quantiles(all_times, n=100)
    report["all"] = {
        "n": len(all_times),
        "req_per_s": round(len(all_times) / seconds, 1),
        "p95_ms": round(q[94]),
        "errors": sum(v.get("errors", 0) for v in report.values()),
    }
    return report


def status_counts(items) -> dict:
    """How many responses had each status (or exception name), keyed as strings for JSON."""
    out: dict[str, int] = defaultdict(int)
    for item in items:
        out[str(item)] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=50_000)
    ap.add_argument("--actors", type=int, default=1_500)
    ap.add_argument("--documents", type=int, default=12_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: serve's own)")
    ap.add_argument("--no-ingest", action="store_true", help="no ingest writing to the store during the run")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    factionmap = shutil.which("factionmap", path=str(Path(sys.executable).parent)) or "factionmap"
    with tempfile.TemporaryDirectory(prefix="fm-load-") as tmp:
        db = Path(tmp) / "load.db"
        report: dict = {"store": make_store(db, args) | {"claims": args.claims}}
        port = free_port()
        command = [factionmap, "serve", "--db", str(db), "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        # A file, not a pipe: a pipe nobody reads fills up and then blocks the server's error log.
        server_log = open(Path(tmp) / "server.log", "w+", encoding="utf-8")  # noqa: SIM115 - lives as the run
        server = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=server_log, text=True, env=os.environ | {"FACTIONMAP_TOKEN": ""}
        )
        base = f"http://127.0.0.1:{port}"
        try:
            start = time.monotonic()
            while True:
                try:
                    if httpx.get(f"{base}/api/vocab", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() - start > READY_TIMEOUT_S:
                    server_log.seek(0)
                    raise SystemExit(f"server did not start: {server_log.read()[-2000:]}")
                time.sleep(0.5)
            plan = urls(args, random.Random(args.seed + 1))
            for kind in MIX:  # warm every route once (the map's snapshot is built on its first request)
                httpx.get(base + plan[kind][0], timeout=300)
            ingest = None
            if not args.no_ingest:
                corpus = Path(tmp) / "corpus"
                report["ingest_articles"] = make_corpus(corpus, 20)
                ingest_log = open(Path(tmp) / "ingest.log", "w+", encoding="utf-8")  # noqa: SIM115 - as server_log
                ingest = subprocess.Popen(
                    [factionmap, "ingest", str(corpus), "--db", str(db), "--no-reference", "--quiet"],
                    stdout=subprocess.DEVNULL,
                    stderr=ingest_log,
                    text=True,
                )
                time.sleep(5)  # its spaCy is loaded and it is writing when the clients start
            memory = [rss_mb(server.pid)]
            results: list = []
            lock = threading.Lock()
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client_loop, args=(base, plan, deadline, args.seed + i, results, lock))
                for i in range(args.clients)
            ]
            for th in threads:
                th.start()
            while any(th.is_alive() for th in threads):
                time.sleep(1)
                memory.append(rss_mb(server.pid))
            if ingest is not None:
                running = ingest.poll() is None
                ingest_log.seek(0)
                report["ingest"] = {
                    "running_at_end": running,
                    "exit_code": None if running else ingest.returncode,
                    "stderr_tail": ingest_log.read()[-500:],
                }
                ingest.terminate()
                ingest.wait(30)
                import sqlite3

                with sqlite3.connect(db) as conn:
                    report["ingest"]["documents_written"] = conn.execute(
                        "SELECT count(*) FROM documents WHERE extractor_version != 'synthetic'"
                    ).fetchone()[0]
            report["routes"] = summarise(results, args.seconds)
            report["memory_mb"] = {
                "start": memory[0],
                "middle": memory[len(memory) // 2],
                "end": memory[-1],
                "max": max(memory),
            }
            server_log.seek(0)
            report["server_errors"] = [line.strip() for line in server_log if "Error" in line or "error" in line][:20]
            report["settings"] = {
                "clients": args.clients,
                "seconds": args.seconds,
                "workers": args.workers,
                "ingest": not args.no_ingest,
            }
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
