"""GET /api/ask?q=: a question in plain English, read into one of the queries and answered.

The reading is returned with the answer, so the analyst sees what the question was taken to mean.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from factionmap.api import bounds, convert
from factionmap.api.deps import QueriesDep
from factionmap.api.routers.relationships import relation_public
from factionmap.api.schemas import AskPublic
from factionmap.queries.ask import parse_question

router = APIRouter(prefix="/ask", tags=["questions"])

MAX_QUESTION_CHARS = 500


@router.get("", response_model=AskPublic)
def ask(
    queries: QueriesDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUESTION_CHARS,
            description='e.g. "What is the relationship between X and Y?", "Who supports X?", "Allies of X as of 2020"',
        ),
    ],
) -> AskPublic:
    reading = parse_question(q)
    relation, rels = None, []
    if reading.kind == "relation" or (reading.kind == "when" and reading.b):
        relation = relation_public(queries, queries.relation(reading.a, reading.b, reading.as_of))
        rels = [r for r in relation.relationships if not reading.types or r.type in reading.types]
    elif reading.kind == "path":
        _, _, chain = queries.path(reading.a, reading.b, reading.as_of)
        rels = convert.relationships(chain, queries.names(convert.names_in(chain)), bounds.LIST_CLAIMS)
    else:
        found = queries.who(reading.a, reading.types, reading.role, reading.as_of)
        rels = convert.relationships(found, queries.names(convert.names_in(found)), bounds.LIST_CLAIMS)
    return AskPublic(
        question=q,
        reading=reading.describe(),
        kind=reading.kind,
        as_of=reading.as_of,
        relation=relation,
        relationships=rels,
    )
