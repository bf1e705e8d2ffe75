"""Extraction over worker processes on one machine, results in input order.

The parse is CPU-bound Python/Cython that holds the GIL, so threads do not help; each worker process loads
its own knowledge base and spaCy pipeline once (about a second) and then extracts whole documents. A
document that fails is returned as an outcome with its reason, never raised, so one bad article cannot stop
a batch, in a worker or in the calling process alike. Corpora beyond one machine belong to a distributed
engine (see the store's ingest), not to this module.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factionmap.errors import FactionmapError
from factionmap.model import Article, Extraction

if TYPE_CHECKING:
    from factionmap.extract.pipeline import Extractor

IN_FLIGHT_PER_WORKER = 4  # documents queued per worker: keeps workers busy without reading the corpus ahead


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's result: its extraction, or why it has none."""

    article: Article
    extraction: Extraction | None
    error: str | None = None


def extract_one(extractor: Extractor, article: Article) -> Outcome:
    """Extract one article; our own errors and unexpected ones both become the outcome's reason."""
    try:
        return Outcome(article, extractor.extract(article))
    except FactionmapError as exc:
        return Outcome(article, None, str(exc))
    except Exception as exc:  # an extractor bug must not stop the batch: report it with the article
        reason = f"internal error {type(exc).__name__}: {exc} (please report it with this article)"
        return Outcome(article, None, reason)


class _Worker:
    """The extractor of one worker process, built once by the pool's initializer."""

    extractor: Extractor | None = None

    @classmethod
    def start(cls, kb_extra: tuple[Path, ...], relation_model=None) -> None:
        if cls.extractor is not None:  # forked: the parent's loaded extractor came along
            return
        from factionmap.extract.pipeline import Extractor
        from factionmap.kb.actors import KnowledgeBase

        cls.extractor = Extractor(kb=KnowledgeBase.load(extra=kb_extra), relation_model=relation_model)

    @classmethod
    def run(cls, article: Article) -> Outcome:
        assert cls.extractor is not None, "worker used before its initializer ran"
        return extract_one(cls.extractor, article)


def extract_parallel(articles: Iterable[Article], workers: int, extractor: Extractor,
                     kb_extra: tuple[Path, ...] = ()) -> Iterator[Outcome]:
    """Outcomes for ``articles`` in their order, extracted by ``workers`` processes.

    On Linux the workers are forked from this process after ``extractor`` has loaded its knowledge base
    and spaCy pipeline, so they share them copy-on-write and start at once; elsewhere each worker builds
    its own from the bundled data plus ``kb_extra``.
    """
    if workers <= 1:
        yield from (extract_one(extractor, a) for a in articles)
        return
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    if fork:
        _ = extractor.nlp  # load before forking, once for all workers
        _Worker.extractor = extractor
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pending: deque[Future[Outcome]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_Worker.start,
                             initargs=(kb_extra, getattr(extractor, "relation_model", "shipped"))) as pool:
        for article in articles:
            pending.append(pool.submit(_Worker.run, article))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
