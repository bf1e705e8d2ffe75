"""The request deadline: long loops stop at it with a clear error; outside a request nothing is bounded."""

from __future__ import annotations

import pytest

from factionmap import deadline
from factionmap.errors import LimitExceeded
from factionmap.graph.relationships import aggregate
from factionmap.model import Claim, Source, StoredClaim


def _claims(n: int) -> list[StoredClaim]:
    src = Source(1, "d", None, None, "Wire", "2020", None, 1)
    return [
        StoredClaim(
            f"c{i}", Claim(f"a{i % 700}", "ALLY_OF", f"b{i % 900}", False, False, None, None, "e", 0, 1, 0.5, "r"), src
        )
        for i in range(n)
    ]


def test_outside_a_request_nothing_is_bounded():
    deadline.check()
    assert len(aggregate(_claims(3000))) > deadline.REQUEST_SECONDS  # many groups, no deadline looked at


def test_past_the_deadline_aggregation_stops_with_a_message_naming_the_bound():
    with deadline.bounded(0.0), pytest.raises(LimitExceeded) as caught:
        aggregate(_claims(3000))
    assert caught.value.kind == "time" and "0 s per request" in str(caught.value)
    assert "command line" in caught.value.hint


def test_an_unbounded_block_inside_a_bounded_one_lets_shared_work_finish():
    with deadline.bounded(0.0):
        with deadline.bounded(None):
            deadline.check()
        with pytest.raises(LimitExceeded):
            deadline.check()
