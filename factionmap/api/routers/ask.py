"""GET /api/ask?q=: a question in plain English, read into one of the queries and answered.

The reading is returned with the answer, so the analyst sees what the question was taken to mean.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from factionmap.api import bounds
from factionmap.api.deps import QueriesDep
from factionmap.public import convert
from factionmap.public.records import AskPublic

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
    return convert.ask(
        queries.ask(q), max_claims=bounds.PAIR_CLAIMS, path_claims=bounds.LIST_CLAIMS, list_claims=bounds.LIST_CLAIMS
    )
