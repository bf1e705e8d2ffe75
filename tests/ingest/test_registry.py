"""The input-type registry: one reader per suffix, lower case with the dot, looked up case-insensitively."""

from __future__ import annotations

import pytest

from factionmap.ingest import registry


def test_the_built_in_types():
    assert registry.suffixes() == (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson")
    assert registry.accept_attribute() == ",".join(registry.suffixes())
    assert [r.label for r in registry.readers()] == ["plain text", "web pages", "JSON Lines"]
    assert registry.describe() == (
        "plain text (.txt, .text), web pages (.html, .htm, .xhtml) or JSON Lines (.jsonl, .ndjson)"
    )


def test_lookup_is_by_suffix_in_any_case():
    assert registry.reader_for("a/b/Report.HTML").label == "web pages"
    assert registry.reader_for("feed.ndjson").label == "JSON Lines"
    assert registry.reader_for("notes.pdf") is None and registry.reader_for("README") is None


def test_a_suffix_registers_once_and_in_its_form():
    with pytest.raises(ValueError, match="already read"):
        registry.register(registry.Reader("again", (".txt",), "x:y"))
    with pytest.raises(ValueError, match="lower case"):
        registry.register(registry.Reader("shouting", (".PDF",), "x:y"))
    assert ".PDF" not in registry.READERS and ".pdf" not in registry.READERS
