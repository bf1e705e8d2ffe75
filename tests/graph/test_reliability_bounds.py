"""The outlet reliability file: a safe loader only, and bounded (size, aliases, outlets, name length),
each limit named in the error with the file."""

from __future__ import annotations

import pytest

from factionmap import yamlsafe
from factionmap.errors import InvalidInput
from factionmap.graph import reliability
from factionmap.graph.reliability import load_reliability, parse_reliability
from tests.kb.test_yaml_bounds import laughs


def error_of(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as err:
        parse_reliability(text, "weights.yaml")
    assert err.value.source == "weights.yaml"
    return err.value


def test_an_alias_bomb_is_refused_by_name():
    assert "MAX_YAML_NODES" in str(error_of(laughs()))


def test_an_alias_bomb_inside_outlets_is_refused_quickly():
    bomb = "outlets:\n" + "".join(f"  {line}\n" for line in laughs().splitlines())
    assert "MAX_YAML_NODES" in str(error_of(bomb))


def test_a_python_tag_is_not_a_weight():
    error = error_of("outlets:\n  x: !!python/object/apply:os.system ['echo pwned']\n")
    assert "not a number" in str(error)


def test_an_outlet_name_that_is_not_text_is_an_error():
    assert "must be text" in str(error_of("outlets:\n  ? [a, b]\n  : 0.5\n"))


def test_outlets_and_their_names_are_bounded(monkeypatch):
    assert "MAX_OUTLET_CHARS" in str(error_of(f"outlets:\n  {'x' * 301}: 0.5\n"))
    monkeypatch.setattr(reliability, "MAX_OUTLETS", 2)
    assert "MAX_OUTLETS" in str(error_of("outlets:\n  a: 1\n  b: 1\n  c: 1\n"))


def test_a_file_over_the_size_limit_or_not_utf8_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "weights.yaml"
    path.write_bytes(b"outlets:\n  \xff: 0.5\n")
    with pytest.raises(InvalidInput, match="not UTF-8"):
        load_reliability(path)
    path.write_text("outlets:\n" + "".join(f"  o{i}: 0.5\n" for i in range(200)), encoding="utf-8")
    monkeypatch.setattr(yamlsafe, "MAX_YAML_BYTES", 1024)
    with pytest.raises(InvalidInput, match="MAX_YAML_BYTES") as err:
        load_reliability(path)
    assert err.value.source == str(path)
