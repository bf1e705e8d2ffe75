"""One store for the page and browser tests: the bundled sample corpus plus a hostile article, ingested
through ``factionmap.run.ingest``, and a hand-made actor whose very name is markup.

The hostile strings are the classic ones: a script element, an event-handler attribute, a ``javascript:``
link, an attribute break-out into SVG, and an SQL fragment. Every page must show them as text, intact.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.graph.maintained import refresh
from factionmap.model import Actor, Article, Claim, Extraction, Mention
from factionmap.run import ingest
from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature
from factionmap.store.writer import write_extraction

SAMPLES = Path(__file__).resolve().parents[2] / "factionmap" / "samples"
TOKEN = "web-test-token"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">this link</a>'
SVG = '"><svg onload=alert(1)>'
SQL = "'; DROP TABLE claims; --"
HOSTILE = (SCRIPT, IMG, JS_LINK, SVG, SQL)

# Invented sentences (no seed text): each puts one payload inside a sentence the extractor reads.
HOSTILE_ARTICLE = {
    "doc_id": "hostile",
    "title": f"{SCRIPT} Field report {SVG}",
    "publisher": f"{IMG} Wire",
    "url": "javascript:alert(1)",
    "published": "2023-05-01",
    "text": "\n\n".join(
        [
            f"Boko Haram pledged allegiance to the Islamic State {SCRIPT} in March 2015.",
            f"Al-Shabaab attacked the Islamic State {IMG} in Somalia in 2021.",
            f"Hamas praised the Houthis {SVG} for their attacks on shipping, a statement said.",
            f"Analysts traced the post to {JS_LINK} and noted {SQL} in the margin.",
        ]
    ),
}

HOSTILE_NAME = f"Brigade {SVG} {SCRIPT}"
HOSTILE_ACTORS = {
    "hostile_brigade": Actor("hostile_brigade", HOSTILE_NAME, "ARMED_GROUP", (IMG,)),
    "quiet_front": Actor("quiet_front", "Quiet Front", "ARMED_GROUP", ("QF",)),
}
HOSTILE_EVIDENCE = f"The Brigade is allied with the Quiet Front {SQL} {JS_LINK}."


def _hand_made(engine) -> None:
    """A document whose actor name, alias and claim evidence are all markup (no extractor could make
    such a name, but a knowledge-base file or a merge could)."""
    text = f"{HOSTILE_EVIDENCE}\n\nA second paragraph so the document is not empty of context."
    mentions = [
        Mention(text.index(name), text.index(name) + len(name), name, actor_id, "ARMED_GROUP", "gazetteer")
        for name, actor_id in (("Brigade", "hostile_brigade"), ("Quiet Front", "quiet_front"))
    ]
    claim = Claim(
        "hostile_brigade",
        "ALLY_OF",
        "quiet_front",
        negated=False,
        hedged=True,
        attributed_to=SCRIPT,
        time="2022",
        evidence=HOSTILE_EVIDENCE,
        evidence_start=0,
        evidence_end=len(HOSTILE_EVIDENCE),
        confidence=0.7,
        rule="test",
    )
    article = Article("hand-made", text, title=SVG, publisher=SQL, published="2022-06-01", url="https://example.org/x")
    extraction = Extraction(article, dict(HOSTILE_ACTORS), mentions, [claim], extractor_version="test")
    write_extraction(engine, extraction, signature(text), None, None, on_changed=refresh)


@pytest.fixture(scope="session")
def hostile() -> SimpleNamespace:
    """The payloads and the hostile records, for the tests (a conftest module is not importable)."""
    return SimpleNamespace(
        SCRIPT=SCRIPT,
        IMG=IMG,
        JS_LINK=JS_LINK,
        SVG=SVG,
        SQL=SQL,
        ALL=HOSTILE,
        ARTICLE=HOSTILE_ARTICLE,
        NAME=HOSTILE_NAME,
        EVIDENCE=HOSTILE_EVIDENCE,
        TOKEN=TOKEN,
    )


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> SimpleNamespace:
    """The store's path and the ids the tests look up (documents by their doc_id)."""
    folder = tmp_path_factory.mktemp("web-store")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE_ARTICLE) + "\n", encoding="utf-8")
    path = folder / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    # the frames alone: deterministic claims that do not move when the relation model is retrained
    summary = ingest([SAMPLES, hostile], engine, Extractor(nlp=load_nlp(), relation_model=None))
    assert summary.failures == [] and summary.new == 6
    _hand_made(engine)
    with engine.connect() as conn:
        ids = dict(conn.execute(select(t.documents.c.doc_id, t.documents.c.id)).all())
    engine.dispose()
    return SimpleNamespace(path=path, hostile_doc=ids["hostile"], hand_made_doc=ids["hand-made"])


@pytest.fixture(scope="session")
def app(store):
    from factionmap.api import create_app
    from factionmap.settings import Settings

    return create_app(Settings(db=str(store.path), token=TOKEN))


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield client
