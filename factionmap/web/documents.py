"""One stored document with its mentions and claims, for the document page.

The reads are the store reader's (``factionmap.store.reader``: bound parameters, the analysts'
decisions applied), the same ones GET /api/documents/{id} makes, so the page and the API never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from factionmap.errors import NotFound
from factionmap.model import StoredClaim
from factionmap.store import reader


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    doc_id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    extractor_version: str
    text: str
    mentions: list[tuple[int, int, str, str, str]]  # start, end, actor id (after merges), actor name, actor type
    claims: list[StoredClaim]  # text order, rejected ones included (marked)


def load_document(engine: Engine, document_id: int) -> DocumentView:
    row = reader.document(engine, document_id)
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    mentions = [
        (start, end, actor_id, name, type_)
        for start, end, _text, actor_id, name, type_ in reader.mentions(engine, document_id)
    ]
    return DocumentView(
        row.id,
        row.doc_id,
        row.title,
        row.author,
        row.publisher,
        row.published,
        row.url,
        row.extractor_version,
        row.text,
        mentions,
        reader.document_claims(engine, document_id),
    )
