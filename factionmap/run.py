"""The one place that knows the order of the work: read → check the store → extract → write.

``ingest`` is what ``factionmap ingest`` runs. Articles the store already holds in this extractor
version are never extracted again (a copy from a new URL is only recorded); the rest are extracted, in
worker processes if asked, and written one document per transaction by this process alone (one writer,
so SQLite never sees two). A file that cannot be read, or a document that fails, is reported and
skipped; what was stored before it stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from factionmap.extract.parallel import extract_parallel
from factionmap.extract.pipeline import Extractor
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


Progress = Callable[[str, str], None]  # (doc_id, outcome) after each article


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
            if _stored_already(engine, item, sig, version, summary, report):
                continue
            pending[_key(item)] = sig
            yield item

    try:
        for outcome in extract_parallel(to_extract(), workers, extractor, kb_extra):
            article = outcome.article
            sig = pending.pop(_key(article))
            if outcome.extraction is None:
                summary.failures.append(f"{article.source or article.doc_id}: {outcome.error}")
                report(article.doc_id, "failed")
                continue
            _write(engine, outcome.extraction, sig, version, summary, report)
    finally:
        writer.finish_run(engine, summary.run_id, summary.documents, summary.copies, len(summary.failures))
    return summary


def _key(article: Article) -> str:
    return f"{article.doc_id}\x1f{article.source}\x1f{article.text_id}"


def _stored_already(
    engine: Engine, article: Article, sig: Signature, version: str, summary: IngestSummary, report: Progress
) -> bool:
    """True (and the copy recorded) when this extractor version already stored the same text."""
    existing = writer.find_existing(engine, sig)
    if existing is None or existing.extractor_version != version:
        return False
    result = writer.record_copy(engine, existing, article)
    if result.status == "copy":
        summary.copies += 1
    else:
        summary.unchanged += 1
    report(article.doc_id, result.status)
    return True


def _write(engine: Engine, extraction, sig: Signature, version: str, summary: IngestSummary, report: Progress) -> None:
    article = extraction.article
    try:
        existing = writer.find_existing(engine, sig)  # again: the same text may have come twice in this run
        if existing is not None and existing.extractor_version == version:
            result = writer.record_copy(engine, existing, article)
        else:
            result = writer.write_extraction(engine, extraction, sig, existing, summary.run_id)
    except IntegrityError:  # another process stored the same text meanwhile: it is a copy now
        existing = writer.find_existing(engine, sig)
        if existing is None:
            raise
        result = writer.record_copy(engine, existing, article)
    except SQLAlchemyError as exc:
        summary.failures.append(
            f"{article.source or article.doc_id}: not stored ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0]}); the store is as it was before this document"
        )
        report(article.doc_id, "failed")
        return
    match result.status:
        case "new":
            summary.new += 1
        case "replaced":
            summary.replaced += 1
        case "copy":
            summary.copies += 1
        case _:
            summary.unchanged += 1
    summary.claims += result.claims
    report(article.doc_id, result.status)
