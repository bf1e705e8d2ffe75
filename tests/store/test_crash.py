"""Crash consistency of `factionmap ingest`: SIGKILL at random points, then a re-run, on both dialects.

Each case runs the real command in a subprocess, kills it (the parent; with ``--workers 2`` a worker
first) at seeded random moments of a run several times, then lets a last run finish, and checks:

- the store is whole: SQLite's ``integrity_check`` and ``foreign_key_check``, orphan queries on both;
- the last run exits 0 with no traceback;
- its documents and claims equal those of a clean single run into another store: no duplicate, nothing
  lost, each document with its bands, mentions and events.

A killed worker alone (parent alive) must not end the run: it goes on and exits 0.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from factionmap.store.db import make_engine

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and fork")

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 12  # of the real corpus: enough to be killed mid-way, few enough to stay quick
KILLS = 3
RUN_TIMEOUT_S = 120
ORPHAN_GRACE_S = 1.5
CLI = [sys.executable, "-c", "from factionmap.cli import app; app(prog_name='factionmap')"]

ORPHAN_QUERIES = {
    "claims without document": "SELECT count(*) FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
    "WHERE d.id IS NULL",
    "claims without actor": "SELECT count(*) FROM claims c LEFT JOIN actors h ON h.id = c.head_id "
    "LEFT JOIN actors t ON t.id = c.tail_id WHERE h.id IS NULL OR t.id IS NULL",
    "mentions without document or actor": "SELECT count(*) FROM mentions m LEFT JOIN documents d ON "
    "d.id = m.document_id LEFT JOIN actors a ON a.id = m.actor_id "
    "WHERE d.id IS NULL OR a.id IS NULL",
    "events without document": "SELECT count(*) FROM events e LEFT JOIN documents d ON d.id = e.document_id "
    "WHERE d.id IS NULL",
    "bands without document": "SELECT count(*) FROM document_bands b LEFT JOIN documents d ON "
    "d.id = b.document_id WHERE d.id IS NULL",
    "copies without document": "SELECT count(*) FROM document_copies c LEFT JOIN documents d ON "
    "d.id = c.document_id WHERE d.id IS NULL",
    "aliases without actor": "SELECT count(*) FROM aliases a LEFT JOIN actors x ON x.id = a.actor_id "
    "WHERE x.id IS NULL",
    "documents without bands": "SELECT count(*) FROM documents d WHERE NOT EXISTS "
    "(SELECT 1 FROM document_bands b WHERE b.document_id = d.id)",
    "documents from no run": "SELECT count(*) FROM documents d LEFT JOIN runs r ON r.id = d.run_id "
    "WHERE d.run_id IS NOT NULL AND r.id IS NULL",
}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((REPO / "realset" / "corpus").glob("*.txt"))[:ARTICLES]:
        shutil.copy(path, folder / path.name)
        meta = path.with_suffix(".meta.json")
        if meta.exists():
            shutil.copy(meta, folder / meta.name)
    return folder


_CLEAN: dict[str, dict] = {}  # a clean run's store, per dialect: the same for every case of this file


@pytest.fixture
def clean(store_url, tmp_path, _db_names, request, corpus) -> dict:
    """What one clean single-process run stores (run once per dialect, into another fresh store)."""
    dialect = store_url.split(":")[0]
    if dialect not in _CLEAN:
        if dialect == "sqlite":
            url = f"sqlite:///{tmp_path / 'clean.db'}"
        else:
            url = request.getfixturevalue("pg_cluster").create_schema("factionmap_tests", f"clean_{next(_db_names)}")
        code, _, err = finish(start(ingest_cmd(corpus, url, 1), tmp_path))
        assert code == 0, err
        _CLEAN[dialect] = snapshot(url)
    return _CLEAN[dialect]


def ingest_cmd(corpus: Path, url: str, workers: int) -> list[str]:
    return [*CLI, "ingest", str(corpus), "--db", url, "--no-reference", "--quiet", "--workers", str(workers)]


def start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    # A session of its own: what is left of it (orphaned workers) can be ended by its id afterwards.
    return subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=RUN_TIMEOUT_S)
    return proc.returncode, out, err


def end_session(proc: subprocess.Popen) -> list[int]:
    """SIGKILL whatever is left of the process group started for ``proc``; returns the pids that were left."""
    left = [pid for pid in _pids() if _pgid(pid) == proc.pid and _alive(pid)]
    if left:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    return left


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _alive(pid: int) -> bool:
    """Running, not a zombie (an orphan that exited stays one where PID 1 does not reap, as in containers)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except (ProcessLookupError, PermissionError):
        return None


def workers_of(pid: int) -> list[int]:
    """The pool's worker processes: children forked from ``pid``, so with its command line."""

    def cmdline(p: int) -> bytes:
        try:
            return Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            return b""

    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    mine = cmdline(pid)
    return [c for c in children if mine and cmdline(c) == mine]


def wait_for_workers(proc: subprocess.Popen, deadline: float) -> list[int]:
    while time.monotonic() < deadline and proc.poll() is None:
        found = workers_of(proc.pid)
        if found:
            return found
        time.sleep(0.05)
    return []


def stored(url: str) -> int:
    """How many documents the store holds now (0 before the run has made its tables)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def wait_until_stored(proc: subprocess.Popen, url: str, count: int) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while proc.poll() is None and time.monotonic() < deadline and stored(url) < count:
        time.sleep(0.02)


def killed_run(cmd: list[str], cwd: Path, url: str, rng: random.Random, total: int, workers: int) -> dict:
    """One run killed at a random point of its work (a worker first, when there are workers).

    The point is drawn as a number of documents stored, then a random delay: a kill lands in the start-up,
    in an extraction or inside a document's transaction, never after the run has ended."""
    have = stored(url)
    room = max(0, (total - have) // 2)  # leave documents for the later kills
    proc = start(cmd, cwd)
    what = {"worker_killed": None, "parent_killed": False, "stored_before": have}
    try:
        target = have + rng.randint(0, room)
        if workers > 1:
            wait_until_stored(proc, url, target)
            wait_for_workers(proc, time.monotonic() + RUN_TIMEOUT_S)
            time.sleep(rng.uniform(0.0, 0.3))
            found = workers_of(proc.pid)  # again: the pool may have been replaced meanwhile
            if found and proc.poll() is None:
                victim = rng.choice(sorted(found))
                with contextlib.suppress(ProcessLookupError):  # it may have just ended with its pool
                    os.kill(victim, signal.SIGKILL)
                    what["worker_killed"] = victim
            target += rng.randint(0, 1)
        wait_until_stored(proc, url, target)
        time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is None:
            proc.kill()
            what["parent_killed"] = True
        proc.wait(timeout=RUN_TIMEOUT_S)
        time.sleep(ORPHAN_GRACE_S)  # orphaned workers get this long to notice and leave
    finally:
        what["left"] = end_session(proc)  # before reading: orphans would hold the output pipes open
    what["code"], _, what["stderr"] = finish(proc)
    what["stored_after"] = stored(url)
    return what


def snapshot(url: str) -> dict:
    """Documents, claims and per-document content counts, as sorted lists (duplicates would show)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            docs = sorted(tuple(r) for r in conn.execute(text("SELECT doc_id, fingerprint FROM documents")))
            claims = sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT d.fingerprint, c.head_id, c.type, c.tail_id, c.negated, c.evidence_start, "
                        "c.time_source "
                        "FROM claims c JOIN documents d ON d.id = c.document_id"
                    )
                )
            )
            ids = sorted(tuple(r) for r in conn.execute(text("SELECT id, head_id, type, tail_id FROM claims")))
            per_doc = {}
            for table in ("mentions", "events", "document_bands", "document_copies"):
                per_doc[table] = sorted(
                    tuple(r)
                    for r in conn.execute(
                        text(
                            f"SELECT d.fingerprint, count(*) FROM {table} x JOIN documents d ON d.id = x.document_id "
                            "GROUP BY d.fingerprint"
                        )
                    )
                )
            actors = sorted(r[0] for r in conn.execute(text("SELECT id FROM actors")))
    finally:
        engine.dispose()
    return {
        "documents": docs,
        "claims": [(*c[:4], bool(c[4]), *c[5:]) for c in claims],
        "claim_ids": ids,
        "per_document": per_doc,
        "actors": actors,
    }


def assert_whole(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if url.startswith("sqlite"):
                assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            orphans = {name: conn.execute(text(sql)).scalar_one() for name, sql in ORPHAN_QUERIES.items()}
    finally:
        engine.dispose()
    assert orphans == dict.fromkeys(ORPHAN_QUERIES, 0)


def no_duplicates(rows: list) -> None:
    repeated = [row for row, n in Counter(rows).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_killed_at_random_points_then_rerun_equals_a_clean_run(store_url, clean, corpus, tmp_path, workers):
    rng = random.Random(f"crash-{workers}-{store_url.split(':')[0]}")
    assert len(clean["documents"]) >= ARTICLES - 2 and clean["claims"]  # a copy or an unreadable file is not one

    cmd = ingest_cmd(corpus, store_url, workers)
    kills = [killed_run(cmd, tmp_path, store_url, rng, len(clean["documents"]), workers) for _ in range(KILLS)]
    assert any(k["parent_killed"] for k in kills), kills
    for k in kills:
        assert "Traceback" not in k["stderr"], k["stderr"]
        if k["parent_killed"]:
            assert k["code"] == -signal.SIGKILL
        else:  # it finished before the moment drawn for the kill: a worker's death must not have ended it
            assert k["code"] == 0, k["stderr"]
        assert_whole(store_url)
    if workers > 1:
        assert any(k["worker_killed"] for k in kills), kills
        # SIGKILL gives the parent no chance to stop its pool: its workers must not outlive it for good
        assert all(not k["left"] for k in kills if k["parent_killed"]), [k["left"] for k in kills]

    code, _, err = finish(start(cmd, tmp_path))
    assert code == 0, err
    assert "Traceback" not in err, err
    assert_whole(store_url)
    after = snapshot(store_url)
    for key in ("documents", "claims"):
        no_duplicates(after[key])
    assert after["documents"] == clean["documents"]
    assert after["claims"] == clean["claims"]
    assert after["per_document"] == clean["per_document"]
    assert after["actors"] == clean["actors"]
    if store_url.startswith("sqlite"):
        # SQLite gives a rolled-back row's id to the next one, so even the claim ids (which include the
        # document's row id) are a clean run's; PostgreSQL's sequences skip the ids of killed transactions.
        assert after["claim_ids"] == clean["claim_ids"]


def test_a_killed_worker_does_not_end_the_run(store_url, clean, corpus, tmp_path):
    """Only a worker dies: the parent retries what it had in flight and finishes with every document."""
    proc = start(ingest_cmd(corpus, store_url, 2), tmp_path)
    try:
        found = wait_for_workers(proc, time.monotonic() + 60)
        assert found
        time.sleep(0.2)
        os.kill(found[0], signal.SIGKILL)
        code, _, err = finish(proc)
    finally:
        end_session(proc)
    assert code == 0, err
    assert "Traceback" not in err, err
    assert_whole(store_url)
    assert snapshot(store_url)["claims"] == clean["claims"]
