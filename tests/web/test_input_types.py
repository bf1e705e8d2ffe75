"""One list of input types: the ingest page's ``accept`` and text, the API ingest route's description, the
CLI's PATHS help and what the readers read all come from factionmap.ingest.registry."""

from __future__ import annotations

import json

import lxml.html
from typer.testing import CliRunner

from factionmap.cli import app as cli_app
from factionmap.ingest import registry
from factionmap.ingest.readers import read_file, walk_folder

SAMPLES = {  # a readable body for each reader, by label
    "plain text": b"Al-Shabaab is allied with al-Qaeda in the Horn of Africa, analysts say.",
    "web pages": b"<html><head><title>Sahel</title></head><body><article><p>Jama'at Nusrat al-Islam wal-Muslimin "
    b"pledged allegiance to al-Qaeda in 2017, the group said in a video released in Mali.</p>"
    b"</article></body></html>",
    "JSON Lines": json.dumps({"doc_id": "x", "text": "Hamas praised the Houthis for their attacks."}).encode(),
}


def test_the_ingest_page_accepts_what_the_registry_lists(client):
    tree = lxml.html.document_fromstring(client.get("/ingest").text)
    field = tree.xpath('//input[@id="files"]')[0]
    assert field.get("accept").split(",") == list(registry.suffixes())
    label = tree.xpath('//label[@for="files"]')[0].text_content()
    assert all(suffix in label for suffix in registry.suffixes())


def test_the_api_ingest_route_describes_the_registered_types(client):
    body = client.get("/openapi.json").json()["paths"]["/api/ingest"]["post"]["requestBody"]
    described = body["content"]["multipart/form-data"]["schema"]["properties"]["files"]["description"]
    assert all(suffix in described for suffix in registry.suffixes())


def test_the_cli_help_lists_the_registered_types():
    for command in ("ingest", "extract"):
        shown = CliRunner().invoke(cli_app, [command, "--help"], env={"COLUMNS": "200"}).output
        assert registry.suffix_list() in shown, command


def test_the_readers_read_every_registered_type_and_only_those(tmp_path):
    assert SAMPLES.keys() == {r.label for r in registry.readers()}  # a new reader needs a sample here
    for suffix in registry.suffixes():
        path = tmp_path / f"sample{suffix.replace('.', '-')}{suffix.upper()}"  # suffixes are case-insensitive
        path.write_bytes(SAMPLES[registry.READERS[suffix].label])
        results = list(read_file(path))
        assert results and not any(hasattr(r, "reason") for r in results), (suffix, results)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("hidden")
    walked = [p.suffix.lower() for p in walk_folder(tmp_path)]
    assert walked and set(walked) == set(registry.suffixes()) and len(walked) == len(registry.suffixes())
    failure = next(read_file(tmp_path / "notes.pdf"))
    assert "unsupported file type" in failure.reason and all(s in failure.reason for s in registry.suffixes())
