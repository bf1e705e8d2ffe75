"""Ingest on a Dask cluster (``factionmap ingest PATH... --dask [SCHEDULER_ADDRESS]``).

``--workers N`` (factionmap.run) is bounded by one machine: N extracting processes and one writing
process. A corpus too large for that is spread over a Dask cluster instead, and there every worker does
the whole of the work for its articles (check the store, extract, write), because shipping extractions
back to one writer would make that writer the bottleneck again. So the store must take concurrent
writers: PostgreSQL. SQLite (the single-machine default, one writer at a time) is refused.

How it stays correct and bounded:

- Each worker loads spaCy and the knowledge base once, in a :class:`IngestPlugin` (a Dask WorkerPlugin)
  whose ``setup`` also opens the worker's own engine from the store URL (engines do not pickle). A worker
  the nanny restarts runs ``setup`` again.
- The client reads the inputs lazily with the same readers as every other ingest (run.read/readable) and
  submits them in batches of ``batch_size`` articles, with at most ``in_flight`` batches on the cluster:
  memory stays bounded however large the input.
- Each article is decided and written by :func:`factionmap.run.ingest_one`, the same "new, copy or
  replace" decision as the local path, one transaction per document. A worker killed mid-batch loses
  nothing (its open transaction is rolled back by PostgreSQL) and duplicates nothing: the scheduler
  reruns the batch elsewhere (up to ``distributed.scheduler.allowed-failures`` worker deaths; ``retries``
  covers exceptions such as a dropped connection), and the articles the lost attempt had already
  committed are found by their text's fingerprint and come back ``unchanged``.
- Outcomes travel back as small :class:`factionmap.run.Stored` records, so the summary and progress bar
  are the same as for a local ingest. One difference: an article stored by a lost attempt is counted as
  unchanged, not new, when its batch is rerun (the store itself is the same either way).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from distributed import Client, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin
from sqlalchemy import Engine

from factionmap.errors import FactionmapError, StoreError
from factionmap.model import Article
from factionmap.run import IngestSummary, Progress, Stored, ingest_one, read, readable
from factionmap.store import writer
from factionmap.store.db import is_sqlite, make_engine

if TYPE_CHECKING:
    from distributed import Future

    from factionmap.extract.pipeline import Extractor

LOCAL = "local"  # --dask with no address: a LocalCluster on this machine
BATCH_SIZE = 20  # articles per task: ~3 s of extraction, so the scheduler's ~1 ms per task is noise
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: one running, one ready, the input not read ahead
TASK_RETRIES = 2  # reruns of a batch that raised (e.g. the store's connection dropped); safe, see above
SQLITE_REFUSED = (
    "--dask needs a PostgreSQL store (--db postgresql+psycopg://user@host/db) that every worker can reach: "
    "SQLite is the single-machine store with one writer; on one machine use --workers N"
)

RelationModelChoice = Literal["shipped"] | None


def check_store(url: str) -> None:
    """Refuse a store the workers cannot all write to, before anything is started or created (an engine
    connects, and so creates a SQLite file, only when first used)."""
    engine = make_engine(url)
    try:
        if is_sqlite(engine):
            raise StoreError(SQLITE_REFUSED)
    finally:
        engine.dispose()


def is_address(value: str) -> bool:
    """Whether a command-line argument names a scheduler (``tcp://host:8786``, ``tls://...``) rather than an
    input: ``--dask`` is a flag, so its optional address arrives among the paths. A scheme is required; no
    file or folder name has one."""
    return "://" in value


class IngestPlugin(WorkerPlugin):
    """What each worker loads once: the extractor (spaCy, knowledge base, relation model) and an engine.

    The extra knowledge-base files travel as their contents, not their paths: the workers of a remote
    cluster do not see the client's files."""

    def __init__(
        self,
        name: str,
        store_url: str,
        kb_files: tuple[tuple[str, bytes], ...] = (),
        relation_model: RelationModelChoice = "shipped",
    ) -> None:
        self.name = name
        self.store_url = store_url
        self.kb_files = kb_files
        self.relation_model = relation_model
        self.extractor: Extractor | None = None
        self.engine: Engine | None = None

    def setup(self, worker: Any) -> None:
        from factionmap.extract.pipeline import Extractor
        from factionmap.kb import KnowledgeBase

        with tempfile.TemporaryDirectory(prefix="fm-kb-") as folder:
            extra = []
            for i, (name, data) in enumerate(self.kb_files):
                path = Path(folder) / f"{i}_{Path(name).name}"
                path.write_bytes(data)
                extra.append(path)
            kb = KnowledgeBase.load(extra=tuple(extra))
        extractor = Extractor(kb=kb, relation_model=self.relation_model)
        _ = extractor.nlp  # load spaCy now, not inside the first task
        self.extractor = extractor
        self.engine = make_engine(self.store_url)

    def teardown(self, worker: Any) -> None:
        if self.engine is not None:
            self.engine.dispose()


def _plugin(name: str, worker: Any = None) -> IngestPlugin:
    """This worker's plugin: tasks find their worker by context, ``client.run`` functions are given it."""
    plugin = (worker or get_worker()).plugins[name]
    assert isinstance(plugin, IngestPlugin) and plugin.extractor is not None and plugin.engine is not None
    return plugin


def _ingest_batch(plugin_name: str, articles: list[Article], run_id: int) -> list[Stored]:
    """The task: every article of the batch, each in its own transaction. An error the per-article
    path does not turn into a ``failed`` outcome (the store unreachable for a lookup) fails the task,
    which Dask then retries."""
    plugin = _plugin(plugin_name)
    assert plugin.engine is not None and plugin.extractor is not None
    return [ingest_one(plugin.engine, plugin.extractor, article, run_id) for article in articles]


def _version(plugin_name: str, dask_worker: Any = None) -> str:
    extractor = _plugin(plugin_name, dask_worker).extractor
    assert extractor is not None
    return extractor.version


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def ingest_dask(
    paths: Iterable[str | Path],
    store_url: str,
    client: Client,
    *,
    kb_extra: tuple[Path, ...] = (),
    relation_model: RelationModelChoice = "shipped",
    progress: Progress | None = None,
    stdin=None,
    articles: Iterable | None = None,
    batch_size: int = BATCH_SIZE,
    in_flight: int | None = None,
) -> IngestSummary:
    """Extract and store every article under ``paths`` (or the given ``articles``) on ``client``'s
    cluster, into the PostgreSQL store at ``store_url`` (migrated already: the caller opened it).
    Same summary and progress reports as :func:`factionmap.run.ingest`."""
    check_store(store_url)
    name = f"factionmap-ingest-{uuid.uuid4().hex[:12]}"  # two runs on one scheduler keep their own
    kb_files = tuple((str(p), Path(p).read_bytes()) for p in kb_extra)
    client.register_plugin(IngestPlugin(name, store_url, kb_files, relation_model), name=name)
    engine = make_engine(store_url)
    try:
        client.wait_for_workers(1)
        versions = set(client.run(_version, name).values())
        if len(versions) != 1:
            raise FactionmapError(f"the Dask workers run different extractor versions: {sorted(versions)}")
        version = versions.pop()
        summary = IngestSummary(run_id=writer.start_run(engine, "ingest", version))
        try:
            _run(client, name, summary, paths, stdin, articles, progress, batch_size, in_flight)
        finally:
            writer.finish_run(engine, summary.run_id, summary.documents, summary.copies, len(summary.failures))
    finally:
        engine.dispose()
        client.unregister_worker_plugin(name)
    return summary


def _run(
    client: Client,
    name: str,
    summary: IngestSummary,
    paths: Iterable[str | Path],
    stdin,
    articles: Iterable | None,
    progress: Progress | None,
    batch_size: int,
    in_flight: int | None,
) -> None:
    """Keep at most ``in_flight`` batches on the cluster, reading the next one as each comes back."""
    report = progress or (lambda doc_id, outcome: None)
    items = articles if articles is not None else read(paths, stdin)
    batches = _batches(readable(items, summary.failures, report), batch_size)
    limit = in_flight or IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
    submitted: dict[Future, list[Article]] = {}

    def submit(batch: list[Article]) -> Future:
        future = client.submit(_ingest_batch, name, batch, summary.run_id, pure=False, retries=TASK_RETRIES)
        submitted[future] = batch
        return future

    done = as_completed([submit(b) for b in islice(batches, limit)])
    for future in done:
        batch = submitted.pop(future)
        try:
            outcomes: list[Stored] = future.result()
        except Exception as exc:  # retries spent: the batch's articles are reported, the run goes on
            reason = f"not stored after {TASK_RETRIES + 1} attempts ({type(exc).__name__}: {exc})"
            outcomes = [Stored(a.doc_id, "failed", failure=f"{a.source or a.doc_id}: {reason}") for a in batch]
        future.release()
        for stored in outcomes:
            summary.add(stored, report)
        following = next(batches, None)
        if following is not None:
            done.add(submit(following))


@contextmanager
def connect(address: str, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or with :data:`LOCAL` of a new LocalCluster of ``workers``
    processes (one thread each: the parse holds the GIL), closed again at the end."""
    if address == LOCAL:
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise FactionmapError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client
