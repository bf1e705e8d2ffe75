"""`factionmap watch`: follow RSS/Atom feeds and sitemaps and ingest the new articles they list.

It sits just above :mod:`factionmap.run` (tools/import_layers.py): pages go through ingest's HTML reader
and the one write path, ``run.ingest``; its own state (sources polled, URLs seen) is stored through
:mod:`factionmap.store.watchstate`. Modules: ``sources`` (the YAML file), ``fetch`` (HTTP, robots.txt,
back-off), ``feeds`` (feed and sitemap parsing), ``loop`` (rounds).
"""

from factionmap.watch.fetch import DEFAULT_USER_AGENT, Fetcher
from factionmap.watch.loop import RoundSummary, Watcher, run_forever
from factionmap.watch.sources import Source, load_sources

__all__ = ["DEFAULT_USER_AGENT", "Fetcher", "RoundSummary", "Source", "Watcher", "load_sources", "run_forever"]
