"""Actor knowledge base: bundled reference data + curated layer, name normalisation, gazetteer, resolution.

Nothing is read at import time; ``KnowledgeBase.load()`` reads the bundled data once per process. Other packages
import only what this module exports (tests/test_layers.py checks it); the submodules are kb's own business.
"""

from factionmap.kb.actors import KnowledgeBase, bundled_reference_relations
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
    "bundled_reference_relations",
    "normalize",
    "normalize_with_offsets",
    "resolve",
]
