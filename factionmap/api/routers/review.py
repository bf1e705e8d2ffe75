"""Review (token for writes): accept or reject a claim, merge or split actors, revert a decision; and the
open history of decisions. Every decision is a row; the map and every query apply those in force.

A decision the store refuses because of what is already decided (a merge cycle, a second split, a revert
of a reverted decision) is 409 Conflict; a malformed one is 400; an unknown claim, actor or decision 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from factionmap.api import bounds
from factionmap.api.deps import EngineDep, MapCacheDep, Offset, QueriesDep, RowId, SettingsDep, TokenDep, json_response
from factionmap.api.errors import ApiError
from factionmap.api.schemas import DecisionsPublic, MergeRequest, RevertRequest, SplitRequest, VerdictRequest
from factionmap.errors import InvalidInput
from factionmap.graph.maintained import refresh
from factionmap.public import convert
from factionmap.public.records import DecisionPublic
from factionmap.settings import Settings
from factionmap.store import review

router = APIRouter(prefix="/review", tags=["review"])

DEFAULT_REVIEWER = "web"  # recorded when neither the request nor FACTIONMAP_REVIEWER names the reviewer


def _reviewer(given: str | None, settings: Settings) -> str:
    return given or settings.reviewer or DEFAULT_REVIEWER


@contextmanager
def _conflicts() -> Iterator[None]:
    """store.review says "refused because of other decisions" as InvalidInput without a field: 409 here."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field:
            raise
        message = str(exc).removesuffix(f" — {exc.hint}") if exc.hint else str(exc)
        raise ApiError(409, "conflict", message, hint=exc.hint) from exc


@router.post("/claims/{claim_id}", response_model=DecisionPublic)
def judge_claim(
    claim_id: str, body: VerdictRequest, _token: TokenDep, engine: EngineDep, settings: SettingsDep
) -> DecisionPublic:
    """Accept (checked and right) or reject (wrong: left out of every query and export) a claim."""
    decide = review.accept if body.verdict == "accept" else review.reject
    with _conflicts():
        return convert.decision(
            decide(engine, claim_id, _reviewer(body.reviewer, settings), body.note, on_changed=refresh)
        )


@router.post("/merge", response_model=DecisionPublic)
def merge(body: MergeRequest, _token: TokenDep, queries: QueriesDep, settings: SettingsDep) -> DecisionPublic:
    """Two names are one actor: ``actor``'s claims count as ``into``'s everywhere (names or ids)."""
    actor, into = queries.resolver.resolve(body.actor), queries.resolver.resolve(body.into)
    with _conflicts():
        return convert.decision(
            review.merge(
                queries.engine, actor.id, into.id, _reviewer(body.reviewer, settings), body.note, on_changed=refresh
            )
        )


@router.post("/split", response_model=DecisionPublic)
def split(body: SplitRequest, _token: TokenDep, queries: QueriesDep, settings: SettingsDep) -> DecisionPublic:
    """Two actors are not the same: cancels a merge between them and refuses future ones."""
    actor, other = queries.resolver.resolve(body.actor), queries.resolver.resolve(body.other)
    with _conflicts():
        return convert.decision(
            review.split(
                queries.engine, actor.id, other.id, _reviewer(body.reviewer, settings), body.note, on_changed=refresh
            )
        )


@router.post("/decisions/{decision_id}/revert", response_model=DecisionPublic)
def revert(
    decision_id: RowId, body: RevertRequest, _token: TokenDep, engine: EngineDep, settings: SettingsDep
) -> DecisionPublic:
    """Undo a decision; its row stays in the history with who reverted it and when."""
    with _conflicts():
        return convert.decision(
            review.revert(engine, decision_id, _reviewer(body.reviewer, settings), on_changed=refresh)
        )


@router.get("/decisions", response_model=DecisionsPublic)
def decisions(
    engine: EngineDep,
    cache: MapCacheDep,
    claim: Annotated[str | None, Query(max_length=64, description="Only this claim's")] = None,
    actor: Annotated[str | None, Query(max_length=300, description="Only this actor id's")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = bounds.DECISIONS_PAGE,
    offset: Offset = 0,
) -> Response:
    """Decisions, reverted ones included, oldest first, a page at a time (``count``: all of them). A
    decision moves the store's version, so the page is kept per store version."""

    def page() -> bytes:
        found = review.history(engine, claim_id=claim, actor_id=actor)
        return (
            DecisionsPublic(data=[convert.decision(d) for d in found[offset : offset + limit]], count=len(found))
            .model_dump_json()
            .encode("utf-8")
        )

    return json_response(cache.remembered(("decisions", claim, actor, limit, offset), page))
