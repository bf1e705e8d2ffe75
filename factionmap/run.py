"""The one place that knows the order of the work: read → check the store → extract → write.

``ingest`` is what ``factionmap ingest`` runs. Articles the store already holds in this extractor
version are never extracted again (a copy from a new URL is only recorded); the rest are extracted, in
worker processes if asked, and written one document per transaction by this process alone (one writer,
so SQLite never sees two). A file that cannot be read, or a document that fails, is reported and
skipped; what was stored before it stays as it was.

The per-article decision (``stored_already`` before extracting, ``store_outcome`` after) is shared with
the Dask ingest (factionmap.cluster), whose workers run both steps for each article in ``ingest_one``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from factionmap.extract.parallel import Outcome, extract_one, extract_parallel
from factionmap.extract.pipeline import Extractor
from factionmap.graph.maintained import refresh
from factionmap.model import Article
from factionmap.store import writer
from factionmap.store.dedupe import Signature, signature


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did, by outcome, with the failures named."""

    run_id: int = 0
    new: int = 0
    replaced: int = 0
    copies: int = 0
    unchanged: int = 0
    claims: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.replaced

    @property
    def seen(self) -> int:
        return self.new + self.replaced + self.copies + self.unchanged

    def add(self, stored: Stored, report: Progress) -> None:
        """Count one article's outcome and report it, wherever it was decided."""
        match stored.status:
            case "new":
                self.new += 1
            case "replaced":
                self.replaced += 1
            case "copy":
                self.copies += 1
            case "failed":
                self.failures.append(stored.failure or stored.doc_id)
            case _:
                self.unchanged += 1
        self.claims += stored.claims
        report(stored.doc_id, stored.status)


Progress = Callable[[str, str], None]  # (doc_id, outcome) after each article


@dataclass(frozen=True, slots=True)
class Stored:
    """What happened to one article: small and picklable, so a distributed worker can send it back to
    the process that keeps the summary and the progress bar."""

    doc_id: str
    status: str  # "new" | "replaced" | "copy" | "unchanged" | "failed"
    claims: int = 0
    failure: str | None = None  # "where: reason" when failed


def read(paths: Iterable[str | Path], stdin=None) -> Iterator:
    """Every article under ``paths`` (files, folders, ``-`` for stdin), read by the readers registered in
    :mod:`factionmap.ingest.registry`, with a ``ReadFailure`` inline for each input that cannot be read."""
    from factionmap.ingest import iter_articles

    return iter_articles([str(p) for p in paths], stdin=stdin)


def readable(items: Iterable, failures: list[str], report: Progress | None = None) -> Iterator[Article]:
    """The articles of ``items`` (Articles and ReadFailures, as :func:`read` yields them); each failure is
    appended to ``failures`` as ``where: reason`` and reported as ``failed``."""
    from factionmap.ingest import ReadFailure

    for item in items:
        if isinstance(item, ReadFailure):
            where = f"{item.source}:{item.line}" if item.line else item.source
            failures.append(f"{where}: {item.reason}")
            if report is not None:
                report(where, "failed")
            continue
        yield item


def ingest(
    paths: Iterable[str | Path],
    engine: Engine,
    extractor: Extractor,
    *,
    workers: int = 1,
    kb_extra: tuple[Path, ...] = (),
    progress: Progress | None = None,
    stdin=None,
    articles: Iterable | None = None,
) -> IngestSummary:
    """Extract and store every article under ``paths`` (or, when given, the ``articles``: Articles and
    ReadFailures from any source, in which case ``paths`` and ``stdin`` are not read); see the module
    docstring for what is skipped."""
    version = extractor.version
    summary = IngestSummary(run_id=writer.start_run(engine, "ingest", version))
    report = progress or (lambda doc_id, outcome: None)
    pending: dict[str, Signature] = {}
    items = articles if articles is not None else read(paths, stdin)

    def to_extract() -> Iterator[Article]:
        for item in readable(items, summary.failures, report):
            sig = signature(item.text)
            stored = stored_already(engine, item, sig, version)
            if stored is not None:
                summary.add(stored, report)
                continue
            pending[_key(item)] = sig
            yield item

    try:
        for outcome in extract_parallel(to_extract(), workers, extractor, kb_extra):
            sig = pending.pop(_key(outcome.article))
            summary.add(store_outcome(engine, outcome, sig, version, summary.run_id), report)
    finally:
        writer.finish_run(engine, summary.run_id, summary.documents, summary.copies, len(summary.failures))
    return summary


def ingest_one(engine: Engine, extractor: Extractor, article: Article, run_id: int) -> Stored:
    """One article the whole way, check → extract → write, where the extraction and the write happen in
    the same process (a distributed worker, see factionmap.cluster): the decision :func:`ingest` makes
    in two steps around its pool of extractors, made here in one. Safe to repeat: an article a lost
    attempt already stored is found by its text and comes back ``unchanged``."""
    sig = signature(article.text)
    stored = stored_already(engine, article, sig, extractor.version)
    if stored is not None:
        return stored
    return store_outcome(engine, extract_one(extractor, article), sig, extractor.version, run_id)


def _key(article: Article) -> str:
    return f"{article.doc_id}\x1f{article.source}\x1f{article.text_id}"


def stored_already(engine: Engine, article: Article, sig: Signature, version: str) -> Stored | None:
    """The outcome (copy recorded, or unchanged) when this extractor version already stored the same text;
    None when the article has to be extracted. Checked before extracting, as extraction costs ~100x a
    lookup."""
    existing = writer.find_existing(engine, sig)
    if existing is None or existing.extractor_version != version:
        return None
    result = writer.record_copy(engine, existing, article)
    return Stored(article.doc_id, result.status)


def store_outcome(engine: Engine, outcome: Outcome, sig: Signature, version: str, run_id: int) -> Stored:
    """Write one extracted article in its own transaction: new, a replacement of an older version's
    extraction, or (when the same text was stored meanwhile, by this run or another process) a copy.
    A failed extraction or a failed write becomes a ``failed`` outcome with its reason; the store is
    then as it was before this document."""
    article = outcome.article
    if outcome.extraction is None:
        return Stored(article.doc_id, "failed", failure=f"{article.source or article.doc_id}: {outcome.error}")
    try:
        existing = writer.find_existing(engine, sig)  # again: the same text may have come twice in this run
        if existing is not None and existing.extractor_version == version:
            result = writer.record_copy(engine, existing, article)
        else:
            result = writer.write_extraction(engine, outcome.extraction, sig, existing, run_id, on_changed=refresh)
    except IntegrityError:  # another process stored the same text meanwhile: it is a copy now
        existing = writer.find_existing(engine, sig)
        if existing is None:
            raise
        result = writer.record_copy(engine, existing, article)
    except SQLAlchemyError as exc:
        return Stored(
            article.doc_id,
            "failed",
            failure=f"{article.source or article.doc_id}: not stored ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0]}); the store is as it was before this document",
        )
    return Stored(article.doc_id, result.status, result.claims)
