"""GET /healthz: 200 when the store answers and its migrations are the head of this release's scripts, 503
with the same shape and what is wrong otherwise. No token, outside /api, and in the README's API table."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from factionmap.store.db import make_engine, migration_revisions

KEYS = {"status", "store", "migrations", "revision"}
README = Path(__file__).resolve().parents[2] / "README.md"


def _head() -> str:
    heads, _known = migration_revisions()
    assert len(heads) == 1, "factionmap's migrations are one line; a second head is a mistake"
    return next(iter(heads))


def _set_revision(client, revision: str) -> None:
    """Write the store's Alembic revision behind the running app's back (a test's shortcut for a store that
    another release migrated, or one restored from an old backup)."""
    with client.app.state.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :rev"), {"rev": revision})


def test_a_migrated_store_is_healthy(make_client):
    client = make_client(token=None)  # no token configured, none sent: probes carry none
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": "reachable", "migrations": "current", "revision": _head()}
    assert response.headers["cache-control"] == "no-store"
    assert client.get("/api/healthz").status_code == 404  # outside /api


def test_the_head_is_read_from_the_migration_scripts():
    """The newest script file, not a hard-coded id: a new migration becomes the head by being added."""
    versions = Path(__file__).resolve().parents[2] / "factionmap" / "store" / "migrations" / "versions"
    newest = max(p.name for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert _head() == newest.split("_")[0]


def test_head_answers_a_probe_without_a_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""


def test_a_store_behind_the_migrations_is_unavailable(make_client):
    client = make_client()
    _set_revision(client, "0001")
    response = client.get("/healthz")
    assert response.status_code == 503
    expected = {"status": "unavailable", "store": "reachable", "migrations": "behind", "revision": "0001"}
    assert response.json() == expected


def test_a_store_migrated_by_a_newer_release_is_unavailable(make_client):
    client = make_client()
    _set_revision(client, "9999")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "ahead" and response.json()["revision"] == "9999"


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder-for-factionmap/store.db",  # SQLite cannot create a file there
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",  # nothing listens on port 1
    ],
)
def test_an_unreachable_store_is_unavailable_and_the_reason_stays_in_the_log(make_client, url, caplog):
    client = make_client()
    client.app.state.engine = make_engine(url)  # the store went away after start-up
    with caplog.at_level("WARNING", logger="factionmap.api.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert set(body) == KEYS
    assert body == {"status": "unavailable", "store": "unreachable", "migrations": "unknown", "revision": None}
    assert "does not answer" in caplog.text  # the operator's reason: in the server's log, not in the response


def test_health_is_in_the_schema_with_both_answers(client):
    operation = client.get("/openapi.json").json()["paths"]["/healthz"]["get"]
    assert {"200", "503"} <= set(operation["responses"])


def test_health_is_in_the_readme_api_table():
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    assert any("`GET /healthz`" in row for row in rows), "GET /healthz is not in the README's API table"
