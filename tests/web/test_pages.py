"""Every page renders from the store, shows hostile article text as text (intact), and carries nothing
the Content-Security-Policy would have to block: no inline script, no style attribute, no javascript: URL."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import lxml.html
import pytest

from factionmap.vocab import load_vocab

UNSAFE_DOM = re.compile(r"\.(inner|outer)HTML\s*[+]?=|insertAdjacentHTML\(|document\.write|\beval\(|new Function\(")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")


def parse(response) -> lxml.html.HtmlElement:
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.document_fromstring(response.text)


def by_testid(tree, testid: str) -> list:
    return tree.xpath(f'//*[@data-testid="{testid}"]')


def text_of(tree, testid: str) -> str:
    found = by_testid(tree, testid)
    assert found, f"no element with data-testid={testid}"
    return found[0].text_content()


@pytest.fixture
def inert(hostile):
    return lambda response: assert_inert(response, hostile)


def assert_inert(response, hostile) -> None:
    """Nothing on the page runs or styles itself: scripts only from /static, no handlers, no inline style,
    no javascript: URLs, no element a payload could have smuggled in, and no payload left unescaped."""
    for payload in hostile.ALL:
        if payload != hostile.SQL:  # the SQL fragment has no markup; it must simply be text (checked elsewhere)
            assert payload not in response.text
    tree = parse(response)
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        assert node.tag not in ("img", "iframe", "object", "embed", "style"), node.tag
        if node.tag == "script":
            assert (node.get("src") or "").startswith("/static/") and not (node.text or "").strip()
        if node.tag == "svg":
            assert node.get("class") == "timeline"
        for name, value in node.attrib.items():
            assert not name.lower().startswith("on"), (node.tag, name)
            assert name.lower() != "style", node.tag
            if name.lower() in URL_ATTRIBUTES:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value


def test_map_page_lists_every_relation_type_and_loads_the_vendored_library(client, inert):
    response = client.get("/")
    assert response.status_code == 200
    inert(response)
    tree = parse(response)
    boxes = tree.xpath('//fieldset[@id="type-filter"]//input[@name="type"]')
    assert [b.get("value") for b in boxes] == list(load_vocab().relations)
    assert all(b.get("data-label") for b in boxes)
    scripts = [s.get("src") for s in tree.iter("script")]
    assert "/static/vendor/cytoscape.min.js" in scripts and "/static/js/map.js" in scripts
    assert by_testid(tree, "map") and by_testid(tree, "search") and by_testid(tree, "as-of")


def test_pages_carry_the_security_headers(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/cytoscape.min.js",
        "/static/js/map.js",
        "/static/js/common.js",
        "/static/css/app.css",
        "/static/css/cytoscape-container.css",
    ],
)
def test_static_files_are_served_from_the_package(client, path):
    response = client.get(path)
    assert response.status_code == 200 and len(response.content) > 100


def test_scripts_never_put_data_into_inner_html(client):
    for name in ("common", "map", "actor", "ingest"):
        source = client.get(f"/static/js/{name}.js").text
        assert not UNSAFE_DOM.search(source), name


def test_actor_page_shows_aliases_lineage_timeline_and_sources(client, inert):
    response = client.get("/actors/hts")
    assert response.status_code == 200
    inert(response)
    tree = parse(response)
    assert text_of(tree, "actor-name") == "Hayat Tahrir al-Sham"
    assert "HTS" in [li.text_content() for li in by_testid(tree, "aliases")[0].iter("li")]
    assert "al-Qaeda" in text_of(tree, "lineage")
    assert by_testid(tree, "timeline-chart")[0].xpath(".//*[local-name()='rect']")
    links = [a.get("href") for a in by_testid(tree, "relationships")[0].iter("a")]
    assert "/relationships/hts/taliban" in links
    assert "Jomhor News Agency" in text_of(tree, "sources")


def test_actor_page_takes_a_name_or_a_provisional_id(client, store):
    assert "Hayat Tahrir al-Sham" in client.get("/actors/" + quote("Tahrir al-Sham")).text
    with sqlite3.connect(store.path) as conn:
        provisional = conn.execute("select id, name from actors where id like 'new:%' limit 1").fetchone()
    response = client.get("/actors/" + quote(provisional[0]))
    assert response.status_code == 200 and text_of(parse(response), "actor-name") == provisional[1]


def test_relationship_page_answers_first_then_gives_the_evidence(client, inert):
    response = client.get("/relationships/Taliban/HTS")
    assert response.status_code == 200
    inert(response)
    tree = parse(response)
    summary = text_of(tree, "summary")
    assert "Hayat Tahrir al-Sham is allied with Taliban" in summary
    sections = tree.xpath('//*[@data-testid="summary" or @data-testid="relationship"]')
    assert sections[0].get("data-testid") == "summary"
    assert {s.get("data-type") for s in by_testid(tree, "relationship")} >= {"ALLY_OF", "SUPPORTS"}
    quotes = [q.text_content() for q in by_testid(tree, "quote")]
    assert any("allies of the Taliban" in q for q in quotes)
    assert text_of(tree, "reference")  # the reference layer's section is always there, even when empty


def test_document_page_shows_the_hostile_article_literally(client, store, hostile, inert):
    response = client.get(f"/documents/{store.hostile_doc}")
    assert response.status_code == 200
    inert(response)
    tree = parse(response)
    with sqlite3.connect(store.path) as conn:
        stored = conn.execute("select text from documents where id = ?", (store.hostile_doc,)).fetchone()[0]
    assert all(payload in stored for payload in hostile.ALL)  # ingest kept every payload
    assert text_of(tree, "article-text") == stored  # and the page shows every character, in order, as text
    assert text_of(tree, "doc-title") == hostile.ARTICLE["title"]
    meta = text_of(tree, "doc-meta")
    assert hostile.ARTICLE["publisher"] in meta and "javascript:alert(1)" in meta  # shown, never linked
    mentions = tree.xpath('//*[@data-testid="article-text"]//a[contains(@class, "mention")]')
    assert {m.text_content() for m in mentions} >= {"Boko Haram", "Islamic State", "Hamas"}
    assert all(m.get("href").startswith("/actors/") for m in mentions)
    quotes = [q.text_content() for q in by_testid(tree, "quote")]
    for payload in (hostile.SCRIPT, hostile.IMG, hostile.SVG):
        assert any(payload in q for q in quotes), payload


def test_hostile_actor_name_alias_and_evidence_stay_text_on_every_page(client, store, hostile, inert):
    pages = {
        "actor": client.get("/actors/hostile_brigade"),
        "relationship": client.get("/relationships/hostile_brigade/quiet_front"),
        "document": client.get(f"/documents/{store.hand_made_doc}"),
        "by alias": client.get("/actors/QF"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        inert(response)
    actor = parse(pages["actor"])
    assert text_of(actor, "actor-name") == hostile.NAME
    assert hostile.IMG in text_of(actor, "aliases")
    relationship = parse(pages["relationship"])
    assert hostile.EVIDENCE in [q.text_content() for q in by_testid(relationship, "quote")]
    assert f"per {hostile.SCRIPT}" in relationship.text_content()
    assert hostile.SQL in parse(pages["document"]).text_content()


def test_the_sql_fragments_did_nothing_to_the_store(client, store, hostile):
    client.get(f"/documents/{store.hostile_doc}")
    with sqlite3.connect(store.path) as conn:
        claims = conn.execute("select count(*) from claims").fetchone()[0]
        stored = conn.execute("select text from documents where doc_id = 'hostile'").fetchone()[0]
    assert claims > 50 and hostile.SQL in stored


def test_ingest_page_keeps_its_forms_behind_the_token(client, inert):
    response = client.get("/ingest")
    assert response.status_code == 200
    inert(response)
    tree = parse(response)
    assert tree.xpath('//form[@id="upload-form"]') and tree.xpath('//form[@id="paste-form"]')
    forms = tree.xpath('//*[contains(@class, "needs-token")]')
    assert forms and all(f.get("hidden") is not None for f in forms)


def test_review_actions_are_rendered_hidden_until_a_token_is_entered(client):
    tree = parse(client.get("/relationships/hts/taliban"))
    buttons = tree.xpath("//button[@data-review]")
    assert {b.get("data-review") for b in buttons} == {"accept", "reject"}
    assert all(b.getparent().get("hidden") is not None for b in buttons)
    assert parse(client.get("/actors/hts")).xpath('//section[@id="merge-card"][@hidden]')


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/actors/no_such_group_anywhere_xyz", 404, "Actor not found"),
        ("/actors/nonexistent_x", 404, "Actor not found"),
        ("/relationships/hts/no_such_group_anywhere_xyz", 404, "Actor not found"),
        ("/documents/999999", 404, "Document not found"),
        ("/documents/99999999999999999999999", 404, "Document not found"),  # past 64 bits: never reaches SQL
        ("/documents/9223372036854775808", 404, "Document not found"),
        ("/actors/hts?as_of=yesterday", 400, "as_of must be an ISO date"),
    ],
)
def test_errors_are_pages_in_the_site_layout(client, path, status, text, inert):
    response = client.get(path)
    assert response.status_code == status
    inert(response)
    assert text in text_of(parse(response), "error")


def test_an_unknown_name_offers_candidates(client):
    response = client.get("/actors/" + quote("Hayat Tahrir al-Shamm"))
    if response.status_code == 200:  # the resolver's fuzzy match took it: also a right answer
        assert text_of(parse(response), "actor-name") == "Hayat Tahrir al-Sham"
    else:
        assert response.status_code == 404 and "/actors/hts" in response.text


def test_as_of_limits_the_actor_page(client):
    def point_dates(tree) -> list[str]:
        chart = by_testid(tree, "timeline-chart")[0]
        return [c.get("data-date") for c in chart.xpath(".//*[local-name()='circle']")]

    everything = point_dates(parse(client.get("/actors/hts")))
    earlier = point_dates(parse(client.get("/actors/hts?as_of=2019")))
    assert any(d > "2020" for d in everything)
    assert earlier and all(d[:4] <= "2019" for d in earlier)


def test_a_date_only_the_article_gives_is_marked_on_the_evidence_page(client):
    tree = parse(client.get("/relationships/taliban/al_qaeda"))
    dates = tree.xpath("//*[contains(concat(' ', @class, ' '), ' claim-date ')]")
    assert dates
    for d in dates:
        text = d.text_content().strip()
        if d.get("data-time-source") == "article":
            assert re.fullmatch(r"~\d{4}(-\d\d){0,2}", text) and "reported in an article of" in d.get("title")
        else:
            assert re.fullmatch(r"\d{4}(-\d\d){0,2}|undated", text), text
    assert any(d.get("data-time-source") == "article" for d in dates)


def test_relation_colours_come_from_the_vocabulary_as_a_stylesheet(client):
    """/vocab.css is app.css's relation-type table, generated from vocab.yaml's colour.page; every page links it
    and app.css keeps no per-type colour of its own."""
    tree = parse(client.get("/"))
    assert "/vocab.css" in [link.get("href") for link in tree.iter("link")]
    response = client.get("/vocab.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    for name, rel in load_vocab().relations.items():
        assert f"--rel-{name}: {rel.colour};" in response.text
        assert f".rel-{name} {{ --c: var(--rel-{name}); }}" in response.text
    assert "--rel-ALLY_OF: #2e7d32;" in response.text  # the colour the pages had before it moved
    app_css = client.get("/static/css/app.css").text
    assert not any(f"rel-{name}" in app_css for name in load_vocab().relations)
