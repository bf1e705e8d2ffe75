"""A user's --kb file is read with a safe loader only and within bounds, each named in the error
(factionmap.yamlsafe, factionmap.kb.kbfile); the bundled curated.yaml is far inside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factionmap import yamlsafe
from factionmap.errors import KnowledgeBaseError
from factionmap.kb import kbfile
from factionmap.kb.actors import CURATED_FILE
from factionmap.kb.kbfile import read_kb_file

PACKAGE = Path(kbfile.__file__).resolve().parents[1]


def laughs(levels: int = 9) -> str:
    """A "billion laughs" document: a few hundred bytes standing for 9**levels values once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def kb_error(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "extra.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(KnowledgeBaseError) as err:
        read_kb_file(path)
    assert str(err.value).startswith(str(path))  # the file is named
    return str(err.value)


def test_every_yaml_read_in_the_package_uses_a_safe_loader():
    calls = []
    for source in PACKAGE.rglob("*.py"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\byaml\.(load|load_all|compose|compose_all|parse|full_load|unsafe_load)\(", line):
                calls.append((source.name, number, line.strip()))
            assert not re.search(
                r"\byaml\.(Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|CUnsafeLoader)\b", line
            ), f"{source}:{number}"
    assert calls
    for name, number, line in calls:
        assert "yaml.safe_load(" in line or "Loader=LOADER" in line or "Loader=yamlsafe.LOADER" in line, (
            f"{name}:{number}: {line}"
        )
    assert yamlsafe.LOADER in (getattr(__import__("yaml"), "CSafeLoader", None), __import__("yaml").SafeLoader)


def test_a_python_tag_builds_nothing(tmp_path):
    message = kb_error(tmp_path, "actors: !!python/object/apply:os.system ['echo pwned']\n")
    assert "not valid YAML" in message


def test_an_alias_bomb_is_refused_before_anything_is_built(tmp_path):
    message = kb_error(tmp_path, laughs())
    assert "MAX_YAML_NODES" in message and "1,000,000" in message


def test_too_many_alias_references_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_YAML_ALIASES", 3)
    text = "denylist: &d [x]\nactors:\n" + "".join(f"- {{id: a{i}, aliases: *d}}\n" for i in range(4))
    assert "MAX_YAML_ALIASES" in kb_error(tmp_path, text)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_YAML_BYTES", 1024)
    message = kb_error(tmp_path, "actors: []\n" + "# padding\n" * 200)
    assert "MAX_YAML_BYTES" in message


def test_a_file_that_is_not_utf8_is_an_error_naming_it(tmp_path):
    assert "not UTF-8" in kb_error(tmp_path, b"actors:\n- {id: x, name: \xff\xfe}\n")


def test_keys_of_mixed_kinds_are_reported_not_crashed_on(tmp_path):
    assert "unknown field" in kb_error(tmp_path, "actors:\n- {id: x, 1: y, foo: z}\n")
    assert "unknown top-level key" in kb_error(tmp_path, "1: a\nfoo: b\n")


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("actors:\n- {id: x, aliases: [" + ",".join(f"a{i}" for i in range(1001)) + "]}\n", "MAX_KB_LIST_ITEMS"),
        ("actors:\n- {id: x, aliases: [" + "a" * 301 + "]}\n", "MAX_KB_TEXT_CHARS"),
        ("actors:\n- {id: x, name: " + "n" * 301 + "}\n", "MAX_KB_TEXT_CHARS"),
        ("actors:\n- {id: x, note: " + "n" * 2001 + "}\n", "MAX_KB_NOTE_CHARS"),
        ("actors:\n- {id: x, leads: [" + ",".join(f"g{i}" for i in range(1001)) + "]}\n", "MAX_KB_LIST_ITEMS"),
        ("denylist: [" + ",".join(f"d{i}" for i in range(10_001)) + "]\n", "MAX_KB_TOP_ITEMS"),
    ],
)
def test_lists_and_texts_are_bounded_and_the_limit_is_named(tmp_path, text, limit):
    message = kb_error(tmp_path, text)
    assert limit in message and len(message) < 500  # a huge value is shown cut short


def test_too_many_actors_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(kbfile, "MAX_KB_ACTORS", 2)
    text = "actors:\n" + "".join(f"- {{id: a{i}}}\n" for i in range(3))
    assert "MAX_KB_ACTORS" in kb_error(tmp_path, text)


def test_a_bad_nested_value_is_shown_cut_short(tmp_path):
    message = kb_error(tmp_path, "actors:\n- {id: x, leads: [[[[[[1, 2, 3, 4, 5, 6]]]]]]}\n")
    assert "expected an id" in message and "6" not in message.split("got", 1)[1]


def test_the_bundled_file_is_inside_every_bound():
    kb = read_kb_file(CURATED_FILE)
    assert len(kb.entries) < kbfile.MAX_KB_ACTORS
    assert CURATED_FILE.stat().st_size < yamlsafe.MAX_YAML_BYTES
