"""The HTML pages analysts use, rendered on the server from the same ``Queries`` the JSON API uses.

Every value reaches the page through a Jinja template with autoescape on; the pages' scripts come from
/static only (the Content-Security-Policy forbids inline script and style), and what they add to a page
they add with textContent. The app that mounts this router keeps ``queries`` (and ``engine``,
``settings``) on ``app.state``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from factionmap.errors import FactionmapError, NotFound
from factionmap.graph import network
from factionmap.ingest import registry as input_types
from factionmap.queries.answers import LINEAGE_TYPES, Queries
from factionmap.queries.text import reference_sentence, relationship_sentence, relationship_when, span
from factionmap.vocab import load_vocab
from factionmap.web import views

TEMPLATE_DIR = Path(__file__).parent / "templates"
# A hub actor can have thousands of relationships: the page shows the strongest, the rest via the API.
MAX_ACTOR_RELATIONSHIPS = 200
MAX_TIMELINE_ROWS = 40
MAX_LINEAGE = 50
AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # the store's ISO dates, as precise as known

router = APIRouter(include_in_schema=False)  # pages are not part of the JSON API's OpenAPI


@functools.cache
def templates() -> Jinja2Templates:
    """One template environment per process; autoescape on for every template, undefined names fail."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(vocab=load_vocab(), span=span, when=relationship_when, safe_url=views.safe_url)
    return Jinja2Templates(env=env)


def page_queries(request: Request) -> Queries:
    """The app's one Queries (its resolver takes actor ids as they are, names as names)."""
    return request.app.state.queries


QueriesDep = Annotated[Queries, Depends(page_queries)]
AsOf = Annotated[str | None, Query(description="show the store as of this ISO date")]


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


def problem(request: Request, status: int, title: str, error: Exception) -> HTMLResponse:
    """An error page in the site's layout (the JSON error shape is for /api)."""
    candidates = getattr(error, "candidates", None) or []
    return render(request, "error.html", status, page="error", title=title, message=str(error), candidates=candidates)


def checked_as_of(as_of: str | None) -> str | None:
    if as_of and not AS_OF.match(as_of):
        raise FactionmapError(f"as_of must be an ISO date such as 2021 or 2021-08-15, not {as_of!r}")
    return as_of or None


@router.get("/vocab.css", name="vocab_css")
def vocab_css() -> Response:
    """The relation types' page colours from vocab.yaml, as ``--rel-TYPE`` custom properties and ``.rel-TYPE``
    classes (swatches, timeline bars; map.js reads the properties): app.css holds no per-type table."""
    return Response(load_vocab().css(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/", response_class=HTMLResponse, name="map_page")
def map_page(request: Request, queries: QueriesDep) -> HTMLResponse:
    """The network map; its data comes from GET /api/map, drawn by static/js/map.js."""
    return render(request, "map.html", page="map", documents=queries.document_count())


@router.get("/actors/{actor_id}", response_class=HTMLResponse, name="actor_page")
def actor_page(request: Request, actor_id: str, queries: QueriesDep, as_of: AsOf = None) -> HTMLResponse:
    """Without ``as_of`` the page reads the maintained relationships (and the claims its timeline draws)
    and is kept per store version."""
    try:
        as_of = checked_as_of(as_of)
        if as_of:
            return _actor_page(request, actor_id, queries, as_of)
        cache = request.app.state.map_cache
        return HTMLResponse(
            cache.remembered(
                ("actor_page", actor_id), lambda: bytes(_actor_page(request, actor_id, queries, None).body)
            )
        )
    except NotFound as error:
        return problem(request, 404, "Actor not found", error)
    except FactionmapError as error:
        return problem(request, 400, "Bad request", error)


def _actor_page(request: Request, actor_id: str, queries: Queries, as_of: str | None) -> HTMLResponse:
    # The timeline draws the claims of the strongest MAX_TIMELINE_ROWS; the rest need their numbers only.
    answer = queries.actor(actor_id, as_of, claims_for=MAX_TIMELINE_ROWS)
    rels = answer.relationships  # strongest first (confidence, then key)
    shown = rels[:MAX_ACTOR_RELATIONSHIPS]
    lineage = [r for r in rels if r.type in LINEAGE_TYPES][:MAX_LINEAGE]
    names = answer.names  # every actor the answer names, read with it
    stored = answer.actors.get(answer.actor.id)
    chart = views.timeline_chart(network.tracks(shown[:MAX_TIMELINE_ROWS], answer.actor.id), names)
    return render(
        request,
        "actor.html",
        page="actor",
        answer=answer,
        stored=stored,
        names=names,
        as_of=as_of,
        relationships=shown,
        hidden=len(rels) - len(shown),
        chart=chart,
        lineage=lineage,
        claims=sum(r.claim_count for r in answer.relationships),
        references=[reference_sentence(r, names) for r in answer.reference],
        sentence=relationship_sentence,
    )


@router.get("/relationships/{a}/{b}", response_class=HTMLResponse, name="relationship_page")
def relationship_page(request: Request, a: str, b: str, queries: QueriesDep, as_of: AsOf = None) -> HTMLResponse:
    try:
        as_of = checked_as_of(as_of)
        answer = queries.relation(a, b, as_of)
    except NotFound as error:
        return problem(request, 404, "Actor not found", error)
    except FactionmapError as error:
        return problem(request, 400, "Bad request", error)
    names = answer.names  # every actor the answer names, read with it
    rels = sorted(answer.relationships, key=lambda r: (-r.confidence, r.type))
    return render(
        request,
        "relationship.html",
        page="relationship",
        answer=answer,
        names=names,
        as_of=as_of,
        relationships=rels,
        summary=[s for s in answer.summary.split("\n") if s],
        references=[reference_sentence(r, names) for r in answer.reference],
        sentence=relationship_sentence,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse, name="document_page")
def document_page(request: Request, document_id: int, queries: QueriesDep) -> HTMLResponse:
    try:
        doc = queries.document(document_id)  # the answer GET /api/documents/{id} gives too
    except NotFound as error:
        return problem(request, 404, "Document not found", error)
    spans = [(start, end, actor_id, name, kind) for start, end, _text, actor_id, name, kind in doc.mentions]
    return render(
        request,
        "document.html",
        page="document",
        doc=doc,
        names=doc.names,
        segments=views.highlight(doc.text, spans),
        actors=sorted({(m[2], m[3], m[4]) for m in spans}, key=lambda m: m[1].lower()),
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@router.get("/ingest", response_class=HTMLResponse, name="ingest_page")
def ingest_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "ingest.html",
        page="ingest",
        accept=input_types.accept_attribute(),
        input_types=_sentence_case(input_types.describe()),
    )
