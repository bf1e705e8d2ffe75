"""Several writers on one store at once, on both dialects: CLI ingests, the API's ingest and review decisions.

No lost update, no duplicate, every writer ending cleanly (or with one clear line), never a traceback.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from factionmap.errors import FactionmapError, InvalidInput, StoreError
from factionmap.settings import Settings
from factionmap.store import db, review
from factionmap.store.db import make_engine, migrate

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from factionmap.cli import app; app(prog_name='factionmap')"]
TOKEN = "concurrency-token"
TIMEOUT_S = 300


def _corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    files = []
    for path in sorted((REPO / "realset" / "corpus").glob("*.txt"))[:count]:
        files.append(Path(shutil.copy(path, folder / path.name)))
    return files


def _rows(url: str) -> dict:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                "documents": sorted(tuple(r) for r in conn.execute(text("SELECT doc_id, fingerprint FROM documents"))),
                "claims": sorted(
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT d.fingerprint, c.head_id, c.type, c.tail_id, c.evidence_start "
                            "FROM claims c JOIN documents d ON d.id = c.document_id"
                        )
                    )
                ),
                "copies": sorted(
                    tuple(r) for r in conn.execute(text("SELECT document_id, doc_id, url, source FROM document_copies"))
                ),
                "reference": sorted(
                    tuple(r)
                    for r in conn.execute(text("SELECT head_id, type, tail_id, source FROM reference_relations"))
                ),
                "decisions": sorted(
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT id, kind, claim_id, actor_id, into_id, reviewer, reverted_by FROM review_decisions"
                        )
                    )
                ),
            }
    finally:
        engine.dispose()


def _repeated(rows: list) -> list:
    return [row for row, n in Counter(rows).items() if n > 1]


def _client(url: str):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from factionmap.api import create_app

    return TestClient(
        create_app(Settings(db=url, token=TOKEN, reliability=None, reviewer=None)), raise_server_exceptions=False
    )


def test_cli_ingests_api_ingest_and_review_decisions_at_once(store_url, tmp_path, helpers):
    """Two CLI ingests of overlapping article sets into a new store (both loading the bundled reference
    relations first), the API's ingest of some of the same articles, and analysts' decisions, all at once."""
    files = _corpus(tmp_path / "corpus", 10)
    first, second, uploaded = files[:6], files[3:], files[4:8]
    engine = make_engine(store_url)
    migrate(engine)
    # something to decide on before the articles arrive (hand-made, no spaCy)
    seeded = helpers.ingest(engine, helpers.make_extraction())
    with engine.connect() as conn:
        claim_ids = (
            conn.execute(text("SELECT id FROM claims WHERE document_id = :d"), {"d": seeded.document_id})
            .scalars()
            .all()
        )
    assert claim_ids

    procs = [
        subprocess.Popen(
            [*CLI, "ingest", *map(str, part), "--db", store_url, "--strict"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in (first, second)
    ]
    decisions, refused, errors = [], [], []

    def decide(i: int) -> None:
        try:
            kind = review.accept if i % 2 else review.reject
            decisions.append(kind(engine, claim_ids[i % len(claim_ids)], f"analyst-{i}", note="concurrent"))
        except FactionmapError as exc:  # a clear error is allowed; a driver error is not
            errors.append(exc)

    def api_ingest() -> dict:
        with _client(store_url) as client:
            response = client.post(
                "/api/ingest",
                headers={"Authorization": f"Bearer {TOKEN}"},
                files=[("files", (p.name, p.read_bytes(), "text/plain")) for p in uploaded],
            )
        return {"status": response.status_code, "body": response.json()}

    with ThreadPoolExecutor(4) as pool:
        api = pool.submit(api_ingest)
        for i in range(12):
            pool.submit(decide, i)
        # merges in both directions at once: one may pass, never both (a cycle)
        for a, b in (("north_front", "river_brigade"), ("river_brigade", "north_front")):
            pool.submit(lambda a=a, b=b: _try(refused, review.merge, engine, a, b, "merger"))
        api_result = api.result(timeout=TIMEOUT_S)
    outputs = [p.communicate(timeout=TIMEOUT_S) for p in procs]

    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert "Traceback" not in err, err
        assert proc.returncode == 0, err
    assert api_result["status"] == 200, api_result
    assert not api_result["body"]["failures"], api_result
    assert errors == []
    merges = [d for d in refused if not isinstance(d, Exception)]
    assert len(merges) == 1, refused  # the other is refused as a cycle, with a clear message
    assert all(isinstance(e, InvalidInput) for e in refused if isinstance(e, Exception)), refused

    rows = _rows(store_url)
    for key in ("documents", "claims", "copies", "reference", "decisions"):
        assert _repeated(rows[key]) == [], key
    stems = {p.stem for p in files}
    # every article stored once, or recorded as a copy of the same text stored under another name
    assert stems <= {doc_id for doc_id, _ in rows["documents"]} | {c[1] for c in rows["copies"]}
    assert len({fp for _, fp in rows["documents"]}) == len(rows["documents"])
    # every decision made is there, as made: none lost or overwritten
    stored = {r[0]: r for r in rows["decisions"]}
    assert len(decisions) == 12
    for d in decisions:
        assert stored[d.id][1:6] == (d.kind, d.claim_id, None, None, d.reviewer)
    assert rows["reference"]  # loaded once, by one of the two ingests, not twice
    engine.dispose()


def _race(calls: list[tuple]) -> list:
    """Run each (function, *args) in its own thread, all released at once; their results or our errors."""
    barrier = threading.Barrier(len(calls))
    results: list = []

    def run(fn, *args) -> None:
        barrier.wait()
        _try(results, fn, *args)

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def _first_claim(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM claims ORDER BY id")).scalars().first()


def _try(into: list, decide, *args) -> None:
    try:
        into.append(decide(*args))
    except FactionmapError as exc:
        into.append(exc)


def test_two_reverts_of_one_decision_at_once_one_wins(engine, helpers):
    """A lost update: both reverts read the decision in force and both would say they reverted it."""
    helpers.ingest(engine, helpers.make_extraction())
    claim_id = _first_claim(engine)
    for _ in range(5):
        decision = review.accept(engine, claim_id, "ana")
        results = _race([(review.revert, engine, decision.id, f"rev-{i}") for i in range(4)])
        done = [r for r in results if not isinstance(r, Exception)]
        assert len(done) == 1, results
        assert all(isinstance(r, InvalidInput) and "already reverted" in str(r) for r in results if r not in done)
        assert review.history(engine, claim_id=claim_id)[-1].reverted_by == done[0].reverted_by


def test_merges_both_ways_at_once_never_make_a_cycle(engine, helpers):
    helpers.ingest(engine, helpers.make_extraction())
    for _ in range(5):
        results = _race(
            [
                (review.merge, engine, "north_front", "river_brigade", "ana"),
                (review.merge, engine, "river_brigade", "north_front", "ana"),
            ]
        )
        done = [r for r in results if not isinstance(r, Exception)]
        assert len(done) == 1, results
        review.revert(engine, done[0].id, "ana")


def test_a_store_locked_too_long_gives_one_clear_line(tmp_path, helpers, monkeypatch):
    """SQLite: another process holds the write lock past the busy timeout → StoreError, not a driver error."""
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    helpers.ingest(engine, helpers.make_extraction())
    claim_id = _first_claim(engine)
    engine.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="the store is busy: another process kept the store locked"):
            review.accept(engine, claim_id, "ana")
        with pytest.raises(StoreError, match="the store is busy"):
            helpers.ingest(engine, helpers.make_extraction(text=helpers.OTHER_STORY, doc_id="doc-2"))
    finally:
        holder.rollback()
        holder.close()
    assert review.accept(engine, claim_id, "ana").kind == "accept"  # free again: works
