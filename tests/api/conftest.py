"""A store with the bundled sample articles, built once per test session (spaCy takes a few seconds), and
clients over copies of it, so a test module that writes never changes what another one reads."""

from __future__ import annotations

import shutil
import warnings
from importlib import resources
from pathlib import Path

import pytest

from factionmap.settings import Settings

TOKEN = "test-token-7f3a9c"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    from factionmap.extract.pipeline import Extractor
    from factionmap.run import ingest
    from factionmap.store.db import make_engine, migrate

    path = tmp_path_factory.mktemp("store") / "samples.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    # the frames alone: deterministic claims that do not move when the relation model is retrained
    summary = ingest([str(resources.files("factionmap") / "samples")], engine, Extractor(relation_model=None))
    assert summary.new == 5 and summary.claims > 50
    engine.dispose()  # the last connection closed: SQLite folds the WAL into the file, so copies are whole
    return path


def copy_store(sample_db: Path, folder: Path) -> Path:
    target = folder / "store.db"
    shutil.copyfile(sample_db, target)
    return target


def client_for(db: Path, token: str | None = None):
    with warnings.catch_warnings():  # starlette's TestClient warns that it will move to httpx2
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from factionmap.api import create_app

    app = create_app(Settings(db=str(db), token=token, reliability=None, reviewer=None))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def make_client(sample_db, tmp_path_factory):
    """make_client(token=TOKEN): a client over a fresh copy of the sample store (token None: read-only server)."""

    def make(token: str | None = TOKEN):
        return client_for(copy_store(sample_db, tmp_path_factory.mktemp("store")), token)

    return make


@pytest.fixture(scope="module")
def client(make_client):
    """For reading: a token is configured, but the tests using this client do not write."""
    return make_client()
