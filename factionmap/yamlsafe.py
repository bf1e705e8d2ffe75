"""Reading a YAML file a user hands us (``--kb`` actor files, the outlet reliability file) within bounds.

Only the safe loaders are used (``CSafeLoader`` when libyaml is there, else ``SafeLoader``): no tag can
build a Python object. Before anything is built the file is bounded three ways, each named in the error:

* its size, read no further than :data:`MAX_YAML_BYTES`;
* the alias references (``*name``) it makes, at most :data:`MAX_YAML_ALIASES`;
* the nodes it stands for once every alias is expanded, at most :data:`MAX_YAML_NODES`: a "billion
  laughs" file of a few hundred bytes, each anchor referring nine times to the one before, stands for
  billions of nodes that any walk over the loaded data (a check, an error message) would visit.

The bundled curated.yaml (130 KB, ~15,000 nodes, no aliases) is far inside all three.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~20x faster; both are safe
MB = 1024 * 1024
MAX_YAML_BYTES = 10 * MB  # one file
MAX_YAML_ALIASES = 1_000  # alias references (*name) in one file
MAX_YAML_NODES = 1_000_000  # scalars, sequences and mappings, aliases expanded

Fail = Callable[[str], Exception]


def read_text(path: Path | str, fail: Fail) -> str:
    """The file's text, read no further than MAX_YAML_BYTES (OSError is left to the caller)."""
    max_bytes = MAX_YAML_BYTES
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise fail(f"the file is over the {max_bytes / MB:g} MB limit (MAX_YAML_BYTES)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (byte {exc.start})") from None


def check_size(text: str, fail: Fail) -> None:
    """Refuse YAML that makes more than MAX_YAML_ALIASES alias references or stands for more than
    MAX_YAML_NODES nodes once expanded. Counts parser events only: nothing is built. YAMLError passes on."""
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for
    starts: list[tuple[str | None, int]] = []  # (anchor, nodes seen before it) of each open collection
    aliases = seen = 0
    for event in yaml.parse(text, Loader=LOADER):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            seen += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif kind is yaml.AliasEvent:
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise fail(f"the file makes more than {MAX_YAML_ALIASES:,} alias references (*name) (MAX_YAML_ALIASES)")
            seen += sizes.get(event.anchor, 1)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            starts.append((event.anchor, seen))
            seen += 1
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            anchor, before = starts.pop()
            if anchor:
                sizes[anchor] = seen - before
        if seen > MAX_YAML_NODES:
            raise fail(
                f"the file stands for more than {MAX_YAML_NODES:,} values once its aliases (*name) "
                "are expanded (MAX_YAML_NODES)"
            )


def load(path: Path | str, fail: Fail) -> Any:
    """``read_text``, ``check_size``, then the safe loader. OSError and YAMLError are left to the caller."""
    text = read_text(path, fail)
    check_size(text, fail)
    return yaml.load(text, Loader=LOADER)  # a safe loader: CSafeLoader or SafeLoader
