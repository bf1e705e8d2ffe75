"""Ingest on Dask (factionmap.cluster): a worker killed mid-run loses nothing and duplicates nothing, so the
store ends up exactly as a serial ``run.ingest`` of the same input leaves it; and SQLite is refused.

The PostgreSQL store is a throwaway cluster (factionmap.store.pgtest), skipped without the server binaries
except under CI (the ``pg`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from factionmap import cluster as fm_cluster
from factionmap.errors import StoreError
from factionmap.extract.pipeline import Extractor
from factionmap.run import ingest
from factionmap.store import pgtest
from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate

ARTICLES = 30
BATCH = 3  # ten batches, four in flight: a kill always finds some on the worker

SENTENCES = (
    "Boko Haram pledged allegiance to the Islamic State in March 2015.",
    "Hamas praised the Houthis for their attacks on shipping in the Red Sea.",
    "Hezbollah fighters attacked Israeli positions near the border on Tuesday.",
    "The Taliban denied that they had received weapons from Iran.",
    "Al-Shabaab claimed responsibility for the bombing in Mogadishu.",
)


def store(pg: pgtest.Cluster, name: str) -> tuple[str, Engine]:
    url = pg.create_database(name)
    engine = make_engine(url)
    migrate(engine)
    return url, engine


def feed(folder: Path) -> Path:
    """Thirty different small articles (no two share a text, so which copy wins a race never matters)."""
    lines = []
    for i in range(ARTICLES):
        picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
        text = " ".join(picked) + f"\nDispatch {i} from the regional desk, filed on day {i + 1}.\n"
        lines.append(json.dumps({"doc_id": f"art-{i:02d}", "text": text, "url": f"https://news.example/{i}"}))
    path = folder / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def contents(engine: Engine) -> tuple[list[str], list[tuple]]:
    """The stored documents and their claims, by what they say (ids and clusters depend on arrival order)."""
    d, c = t.documents.c, t.claims.c
    with engine.connect() as conn:
        docs = sorted(conn.execute(select(d.doc_id)).scalars())
        claims = sorted(
            tuple(r)
            for r in conn.execute(
                select(d.doc_id, c.head_id, c.type, c.tail_id, c.negated, c.evidence_start).join(
                    t.documents, d.id == c.document_id
                )
            )
        )
    return docs, claims


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(pg, tmp_path):
    path = feed(tmp_path)
    _, serial = store(pg, "serial")
    expected = ingest([path], serial, Extractor(relation_model=None))
    assert (expected.new, expected.failures) == (ARTICLES, [])
    assert expected.claims >= ARTICLES  # every article says something: a lost write would show

    url, engine = store(pg, "dask")
    killed: list[int] = []
    reported: list[tuple[str, str]] = []
    with fm_cluster.connect(fm_cluster.LOCAL, 2) as client:
        pids = client.run(os.getpid)

        def progress(doc_id: str, outcome: str) -> None:
            reported.append((doc_id, outcome))
            if killed:
                return
            busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
            if busy:  # a worker with batches in flight, one of them most likely half written
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])

        summary = fm_cluster.ingest_dask(
            [path], url, client, relation_model=None, progress=progress, batch_size=BATCH, in_flight=4
        )
        after = set(client.run(os.getpid).values())

    assert killed, "no worker had work in flight to kill"
    assert killed[0] not in after  # it really died (the nanny started a new worker in its place)
    assert summary.failures == []
    # every article reported once; those a lost attempt had stored come back unchanged on the rerun
    assert sorted(doc for doc, _ in reported) == [f"art-{i:02d}" for i in range(ARTICLES)]
    assert summary.new + summary.unchanged == ARTICLES and summary.copies == 0
    assert contents(engine) == contents(serial)
    engine.dispose()
    serial.dispose()


def test_sqlite_is_refused_in_one_line_before_anything_starts(tmp_path):
    from factionmap.cli import app

    db = tmp_path / "store.db"
    result = CliRunner().invoke(app, ["ingest", str(feed(tmp_path)), "--db", str(db), "--dask", "--quiet"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "PostgreSQL" in result.output
    assert not db.exists()  # refused before the store was opened (and created)
    with pytest.raises(StoreError, match="PostgreSQL"):
        fm_cluster.check_store(f"sqlite:///{db}")


def test_a_scheduler_address_is_taken_from_the_arguments():
    assert fm_cluster.is_address("tcp://10.0.0.5:8786")
    assert not fm_cluster.is_address("feed.jsonl") and not fm_cluster.is_address("-")
