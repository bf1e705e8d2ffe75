"""The pages analysts use: the network map, actor, relationship, document and ingest pages.

``install`` includes ``router`` and mounts ``STATIC_DIR`` at /static; ``create_app`` (factionmap.api) calls it
through the ``factionmap.pages`` entry point in pyproject.toml, so the API never imports this package. The map's
network library (Cytoscape.js) is committed in ``static/vendor``, copied from the npm registry at the version
package-lock.json pins by ``tools/build_static.sh`` (``make static``): nothing is fetched from elsewhere at run
time, and a wheel built from a clean checkout serves it (package-data in pyproject.toml; tests/test_wheel.py).
HEAD on every page is answered like GET by the app's middleware (factionmap.api.middleware.HeadAsGet).
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from factionmap.web.pages import router

STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["STATIC_DIR", "install", "router"]


def install(app: FastAPI) -> None:
    """Add the pages and their static files to ``app`` (the ``factionmap.pages`` entry point)."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
