"""The relationship page lists where the news agrees with, adds to or contradicts the reference data,
as escaped text."""

from __future__ import annotations

import shutil

import lxml.html
import pytest

from factionmap.model import ReferenceRelation
from factionmap.store.db import make_engine
from factionmap.store.reference import store_reference


@pytest.fixture(scope="module")
def page_client(store, tmp_path_factory):
    """The web store copied, with reference relations on the hand-made pair (allied in 2022 in the news)."""
    from fastapi.testclient import TestClient

    from factionmap.api import create_app
    from factionmap.settings import Settings

    path = tmp_path_factory.mktemp("web-reference") / "store.db"
    shutil.copyfile(store.path, path)
    refs = [
        ReferenceRelation("quiet_front", "RIVAL_OF", "hostile_brigade", "2020", None, "ucdp:t1", "<b>n</b>"),
        ReferenceRelation("quiet_front", "SUPPORTS", "hostile_brigade", None, None, "un:t2", ""),
    ]
    engine = make_engine(f"sqlite:///{path}")
    store_reference(engine, {(r.head, r.type, r.tail, r.source): r for r in refs})
    engine.dispose()
    with TestClient(create_app(Settings(db=str(path), token=None))) as client:
        yield client


def test_relationship_page_compares_the_news_with_the_reference(page_client, hostile):
    response = page_client.get("/relationships/hostile_brigade/quiet_front")
    assert response.status_code == 200
    for payload in (hostile.SCRIPT, hostile.SVG):  # the actor's name is markup: shown as text only
        assert payload not in response.text
    tree = lxml.html.document_fromstring(response.text)
    [section] = tree.xpath('//*[@data-testid="comparison"]')
    items = {li.get("data-kind"): li.text_content() for li in section.xpath(".//li")}
    assert set(items) == {"contradicts", "reference_only"}
    assert "Quiet Front is a rival of" in items["contradicts"] and "since 2020" in items["contradicts"]
    assert hostile.NAME in items["contradicts"]  # escaped on the way out, intact as text
    assert "Quiet Front supports" in items["reference_only"] and "(UN)" in items["reference_only"]
    assert not section.xpath(".//script|.//svg")


def test_without_reference_data_the_news_only_adds(client):
    response = client.get("/relationships/hostile_brigade/quiet_front")
    assert response.status_code == 200
    [section] = lxml.html.document_fromstring(response.text).xpath('//*[@data-testid="comparison"]')
    assert {li.get("data-kind") for li in section.xpath(".//li")} == {"adds"}
