"""One stored document with its mentions and claims, for the document page.

The reads are the JSON API's own (``factionmap.api.lookups``: SQLAlchemy Core, bound parameters, the
analysts' decisions applied as the store's reader applies them), so GET /api/documents/{id} and this
page can never disagree. They are imported when first used, because the API package itself imports
this one to mount the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from factionmap.errors import NotFound
from factionmap.model import StoredClaim


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
    from factionmap.api import lookups

    row = lookups.document(engine, document_id)
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    mentions = [(start, end, actor_id, name, type_)
                for start, end, _text, actor_id, name, type_ in lookups.mentions(engine, document_id)]
    return DocumentView(row.id, row.doc_id, row.title, row.author, row.publisher, row.published, row.url,
                        row.extractor_version, row.text, mentions, lookups.document_claims(engine, document_id))
