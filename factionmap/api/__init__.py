"""factionmap's HTTP API: ``create_app(settings)`` builds the FastAPI app (JSON under /api, the web pages
beside it when ``factionmap.web`` is installed). See app.py for how it is put together."""

from factionmap.api.app import create_app

__all__ = ["create_app"]
