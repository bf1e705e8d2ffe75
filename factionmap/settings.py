"""One Settings object for everything a deployment may change (pydantic-settings: environment or arguments).

Environment variables use the ``FACTIONMAP_`` prefix: ``FACTIONMAP_DB`` (file path or database URL),
``FACTIONMAP_RELIABILITY`` (YAML of per-outlet reliability weights), ``FACTIONMAP_TOKEN`` (bearer token
for writes through the web API). Command-line options override them.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILE = "factionmap.db"
ENV_VAR = "FACTIONMAP_DB"


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), else ``FACTIONMAP_DB``, else ./factionmap.db."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FACTIONMAP_", extra="ignore")

    db: str = DEFAULT_DB_FILE  # a SQLite file path, or a URL such as postgresql+psycopg://user@host/db
    reliability: Path | None = None  # YAML: outlet -> weight (see factionmap/graph/reliability.py)
    token: str | None = None  # bearer token the web API requires for writes; unset means writes refused
    reviewer: str | None = None  # name recorded with review decisions (default: the login name)

    def database_url(self) -> str:
        return database_url(self.db)
