"""Extraction over worker processes on one machine, results in input order.

The parse is CPU-bound Python/Cython that holds the GIL, so threads do not help; each worker process loads
its own knowledge base and spaCy pipeline once (about a second) and then extracts whole documents. A
document that fails is returned as an outcome with its reason, never raised, so one bad article cannot stop
a batch, in a worker or in the calling process alike. Corpora beyond one machine belong to a distributed
engine (see the store's ingest), not to this module.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factionmap.errors import FactionmapError
from factionmap.model import Article, Extraction

if TYPE_CHECKING:
    from factionmap.extract.pipeline import Extractor

PARENT_CHECK_S = 0.5  # how often a worker checks that its parent is still alive
IN_FLIGHT_PER_WORKER = 4  # documents queued per worker: keeps workers busy without reading the corpus ahead
WORKER_DIED = (
    "the worker process extracting it died (killed, or out of memory) twice: retried once "
    "alone, then given up; the rest of the run went on"
)


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
        _leave_with_parent()
        if cls.extractor is not None:  # forked: the parent's loaded extractor came along
            return
        from factionmap.extract.pipeline import Extractor
        from factionmap.kb import KnowledgeBase

        cls.extractor = Extractor(kb=KnowledgeBase.load(extra=kb_extra), relation_model=relation_model)

    @classmethod
    def run(cls, article: Article) -> Outcome:
        assert cls.extractor is not None, "worker used before its initializer ran"
        return extract_one(cls.extractor, article)


def _leave_with_parent(interval_s: float = PARENT_CHECK_S) -> None:
    """End this worker when the process that started it is gone.

    A parent killed outright (SIGKILL, the out-of-memory killer) cannot shut its pool down, and its workers
    wait on the task queue for ever, each holding a loaded spaCy pipeline and the parent's inherited pipes
    (a caller reading the parent's output never sees it end). A daemon thread notices the parent's death
    (the worker is re-parented) and exits the worker."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval_s)
        os._exit(1)

    threading.Thread(target=watch, name="factionmap-parent-watch", daemon=True).start()


class _Pool:
    """A process pool that can be replaced when a worker dies.

    A worker killed (SIGKILL, the out-of-memory killer) breaks a ProcessPoolExecutor for good: every
    document in flight fails with BrokenProcessPool and so does every later submit. The run must not die
    with it, so the broken pool is dropped and a new one forked in its place."""

    def __init__(self, workers: int, context, initargs: tuple) -> None:
        self.workers, self.context, self.initargs = workers, context, initargs
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context, initializer=_Worker.start, initargs=self.initargs
        )

    def submit(self, article: Article) -> Future[Outcome]:
        return self.executor.submit(_Worker.run, article)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _finished(future: Future[Outcome]) -> Outcome | None:
    """The future's outcome if it completed before the pool broke, else None."""
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None


def _recover(pool: _Pool, in_flight: list[Article], futures: list[Future[Outcome] | None]) -> list[Outcome]:
    """Outcomes for the documents in flight when a worker died, in order.

    Those that finished keep their results. Each of the others is retried once, alone, in a new pool: the
    document that killed the worker is then the only one to fail again, and is reported as failed;
    the innocent ones that were merely in flight beside it are extracted."""
    pool.restart()
    out = []
    for article, future in zip(in_flight, futures, strict=True):
        done = _finished(future) if future is not None else None
        if done is not None:
            out.append(done)
            continue
        try:
            out.append(pool.submit(article).result())
        except BrokenProcessPool:
            out.append(Outcome(article, None, WORKER_DIED))
            pool.restart()
    return out


def extract_parallel(
    articles: Iterable[Article], workers: int, extractor: Extractor, kb_extra: tuple[Path, ...] = ()
) -> Iterator[Outcome]:
    """Outcomes for ``articles`` in their order, extracted by ``workers`` processes.

    On Linux the workers are forked from this process after ``extractor`` has loaded its knowledge base
    and spaCy pipeline, so they share them copy-on-write and start at once; elsewhere each worker builds
    its own from the bundled data plus ``kb_extra``. A worker that dies costs at most the document it
    was extracting (see :func:`_recover`); the run goes on.
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
    pool = _Pool(workers, context, (kb_extra, getattr(extractor, "relation_model", "shipped")))
    pending: deque[tuple[Article, Future[Outcome] | None]] = deque()

    def head() -> Iterator[Outcome]:
        future = pending[0][1]
        try:
            outcome = future.result() if future is not None else None
        except BrokenProcessPool:
            outcome = None
        if outcome is not None:
            pending.popleft()
            yield outcome
            return
        lost = list(pending)
        pending.clear()
        yield from _recover(pool, [a for a, _ in lost], [f for _, f in lost])

    try:
        for article in articles:
            try:
                future: Future[Outcome] | None = pool.submit(article)
            except BrokenProcessPool:  # a worker died while idle: head() recovers when it gets there
                future = None
            pending.append((article, future))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from head()
        while pending:
            yield from head()
    finally:
        pool.close()
