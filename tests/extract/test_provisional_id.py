"""Provisional actor ids fit the store's id columns on every dialect (PostgreSQL refuses a longer one)."""

from __future__ import annotations

from factionmap.extract.mentions import MAX_ACTOR_ID, provisional_id
from factionmap.store.schema import ID


def test_a_short_name_keeps_its_readable_id():
    assert provisional_id("Freedom Front", "ARMED_GROUP") == "new:armed_group:freedom_front"


def test_a_long_name_is_cut_to_fit_with_a_hash_that_keeps_ids_apart():
    long = provisional_id("Federal Office for the Protection of the Constitution", "ORGANIZATION")
    other = provisional_id("Federal Office for the Protection of the Constitutional Order", "ORGANIZATION")
    assert MAX_ACTOR_ID == ID
    assert len(long) == len(other) == ID
    assert long.startswith("new:organization:federal_office_for_the")
    assert long != other
    assert provisional_id("Federal Office for the Protection of the Constitution", "ORGANIZATION") == long
