"""The sources file: what it accepts, and errors that name the file and the field."""

from __future__ import annotations

import pytest

from factionmap.errors import InvalidInput
from factionmap.watch.sources import DEFAULT_INTERVAL, Source, load_sources


def _write(tmp_path, text: str):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_gives_its_sources_with_defaults(tmp_path):
    path = _write(
        tmp_path,
        "sources:\n"
        "  - url: https://example.org/feed.xml\n    outlet: Example News\n    reliability: 0.8\n    interval: 900\n"
        "  - url: https://example.net/sitemap.xml\n    outlet: ' Other '\n",
    )
    assert load_sources(path) == [
        Source("https://example.org/feed.xml", "Example News", 0.8, 900.0),
        Source("https://example.net/sitemap.xml", "Other", None, DEFAULT_INTERVAL),
    ]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("sources:\n  - url: https://e.org/f\n", "sources[0].outlet", "missing"),
        ("sources:\n  - outlet: E\n", "sources[0].url", "missing"),
        ("sources:\n  - url: ftp://e.org/f\n    outlet: E\n", "sources[0].url", "not an http"),
        ("sources:\n  - url: https://e.org/f\n    outlet: E\n    reliability: 1.5\n", "sources[0].reliability", "0..1"),
        (
            "sources:\n  - url: https://e.org/f\n    outlet: E\n    reliability: high\n",
            "sources[0].reliability",
            "not a number",
        ),
        ("sources:\n  - url: https://e.org/f\n    outlet: E\n    interval: 5\n", "sources[0].interval", "outside 60"),
        ("sources:\n  - url: https://e.org/f\n    outlet: E\n    every: 5\n", "sources[0].every", "unknown key"),
        (
            "sources:\n  - url: https://e.org/f\n    outlet: E\n  - url: https://e.org/f\n    outlet: F\n",
            "sources[1].url",
            "twice",
        ),
        ("sources: []\n", "sources", "non-empty"),
        ("feeds:\n  - url: https://e.org/f\n", None, "one key, `sources:`"),
    ],
)
def test_mistakes_name_the_file_and_the_field(tmp_path, text, field, words):
    path = _write(tmp_path, text)
    with pytest.raises(InvalidInput) as caught:
        load_sources(path)
    assert caught.value.source == str(path) and caught.value.field == field
    assert words in str(caught.value) and str(path) in str(caught.value)


def test_broken_yaml_and_a_missing_file_are_one_clear_error(tmp_path):
    with pytest.raises(InvalidInput, match=r"sources.yaml:\d+: not valid YAML"):
        load_sources(_write(tmp_path, "sources:\n  - url: [unclosed\n"))
    with pytest.raises(InvalidInput, match="cannot read sources file"):
        load_sources(tmp_path / "missing.yaml")
