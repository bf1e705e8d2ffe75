"""The pages analysts use: the network map, actor, relationship, document and ingest pages.

``create_app`` (factionmap.api) includes ``router`` and mounts ``STATIC_DIR`` at /static. The map's
network library (Cytoscape.js) is copied into ``static/vendor`` from the npm registry by
``tools/build_static.sh`` (run by ``make``), so nothing is fetched from elsewhere at run time.
"""

from pathlib import Path

from factionmap.web.pages import router

STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["STATIC_DIR", "router"]
