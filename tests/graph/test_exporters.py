"""The export registry: every format resolves to a writer that writes a non-empty file, names are unique,
and the README's export rows are the registry's lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from factionmap.graph import exporters
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, Claim, Source, StoredClaim

README = Path(__file__).resolve().parents[2] / "README.md"
ACTORS = {"red": Actor("red", "Red Band", "ARMED_GROUP"), "blue": Actor("blue", "Blue Army", "STATE")}


def _rels() -> list[Relationship]:
    src = Source(1, "d1", "Title", "https://news.example/a", "Gazette", "2020-02-01", None, 1)
    claim = StoredClaim(
        "c1",
        Claim("red", "ALLY_OF", "blue", False, False, None, "2019", "Red allied with Blue.", 0, 21, 0.8, "rule"),
        src,
    )
    return [Relationship("red", "ALLY_OF", "blue", (claim,), 1, 0, 1, "2019", "2019", None, None, 0.0, 0.7, "asserted")]


def test_the_existing_formats_come_first_in_their_order():
    assert exporters.names()[:5] == ("graphml", "gexf", "csv", "json", "stix")
    assert {"nodelink", "ftm"} <= set(exporters.names())
    assert exporters.metavar() == f"[{'|'.join(exporters.names())}]"


@pytest.mark.parametrize("fmt", exporters.names())
def test_every_registered_writer_writes(tmp_path, fmt):
    exporter = exporters.EXPORTERS[fmt]
    assert callable(exporter.writer) and exporter.media_type and exporter.extension and exporter.description
    target = tmp_path / (fmt if exporter.writes_folder else exporter.filename("map"))
    exporter.write(target, _rels(), ACTORS, [])
    files = sorted(target.iterdir()) if exporter.writes_folder else [target]
    assert files and all(f.stat().st_size > 0 for f in files)


def test_a_name_registers_once():
    with pytest.raises(ValueError, match="twice"):
        exporters.register(exporters.EXPORTERS["json"])


def test_download_names():
    assert exporters.EXPORTERS["stix"].filename("factionmap-2021") == "factionmap-2021-stix.json"
    assert exporters.EXPORTERS["graphml"].filename("factionmap") == "factionmap.graphml"
    assert exporters.EXPORTERS["csv"].filename("factionmap") == "factionmap.zip"


def test_the_readme_lists_the_registry():
    readme = README.read_text(encoding="utf-8")
    assert f"| `factionmap export --format F --out PATH` | {exporters.markdown_list()}." in readme
    assert f"| `{exporters.api_path()}` |" in readme
