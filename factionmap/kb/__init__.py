"""Actor knowledge base: bundled reference data + curated layer, name normalisation, gazetteer, resolution.

Nothing is read at import time; ``KnowledgeBase.load()`` reads the bundled data once per process.
"""

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.gazetteer import Gazetteer, GazetteerMatch
from factionmap.kb.normalize import alias_key, normalize, normalize_with_offsets
from factionmap.kb.resolve import Resolution, ResolutionContext, Resolver, resolve

__all__ = [
    "Gazetteer",
    "GazetteerMatch",
    "KnowledgeBase",
    "Resolution",
    "ResolutionContext",
    "Resolver",
    "alias_key",
    "normalize",
    "normalize_with_offsets",
    "resolve",
]
