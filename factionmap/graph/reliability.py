"""Per-outlet reliability weights, from an optional YAML file the analyst keeps.

The file maps an outlet to a weight in 0..1 that multiplies the weight of every claim it publishes
(see :func:`factionmap.graph.relationships.claim_weight`)::

    # reliability.yaml
    outlets:
      reuters: 1.0
      the long war journal: 0.9
      example-propaganda.net: 0.2   # a host works too (Source.outlet uses the host when no publisher)

Keys are matched the way :attr:`factionmap.model.Source.outlet` is made: lower case, trimmed, a
leading ``www.`` dropped. An outlet not in the file weighs
:data:`~factionmap.graph.relationships.DEFAULT_RELIABILITY` (1.0): with no file, every outlet is
trusted alike. No default list ships with factionmap: outlet reliability is the analyst's judgement,
and nothing here was calibrated on data. A weight of 0 silences an outlet without deleting its claims.

The file is read with a safe loader only, and bounded (factionmap.yamlsafe: its size, its YAML aliases and
the values it stands for; here :data:`MAX_OUTLETS` and :data:`MAX_OUTLET_CHARS`), each limit named.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from factionmap import yamlsafe
from factionmap.errors import InvalidInput

TOP_KEY = "outlets"
MAX_OUTLETS = 100_000  # outlets in one file: every news site an analyst could weigh, and then some
MAX_OUTLET_CHARS = 300  # an outlet's name or host


def outlet_key(name: str) -> str:
    """The normal form of an outlet name or host, the same as ``Source.outlet`` gives."""
    return name.strip().lower().removeprefix("www.")


def _fail(path: Path, node: yaml.Node | None, message: str, field: str | None = None) -> InvalidInput:
    line = node.start_mark.line + 1 if node is not None else None
    return InvalidInput(
        message,
        source=str(path),
        line=line,
        field=field,
        hint="expected `outlets:` mapping outlet names to numbers between 0 and 1",
    )


NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _weight(path: Path, key: str, node: yaml.Node) -> float:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in NUMBER_TAGS:
        shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else "(a list or mapping)"
        raise _fail(path, node, f"weight {shown!r} is not a number", field=key)
    value = float(yaml.safe_load(node.value))
    if not 0.0 <= value <= 1.0:
        raise _fail(path, node, f"weight {value} is outside 0..1", field=key)
    return value


def parse_reliability(text: str, path: Path | str = "<reliability>") -> dict[str, float]:
    """Outlet -> weight from YAML text; errors name the file, the line and the outlet."""
    path = Path(path)
    try:
        yamlsafe.check_size(text, lambda message: InvalidInput(message, source=str(path)))
        root = yaml.compose(text, Loader=yamlsafe.LOADER)  # a safe loader: nodes only, nothing is built
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", source=str(path), line=mark.line + 1 if mark else None
        ) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, root, "the file must be a mapping with an `outlets:` key")
    out: dict[str, float] = {}
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value != TOP_KEY:
            shown = str(key_node.value)[:40] if isinstance(key_node, yaml.ScalarNode) else "(not text)"
            raise _fail(path, key_node, f"unknown key {shown!r}", field=shown)
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise _fail(path, value_node, "`outlets` must map outlet names to weights", field=TOP_KEY)
        if len(value_node.value) > MAX_OUTLETS:
            raise _fail(
                path,
                value_node,
                f"{len(value_node.value):,} outlets, over the limit of {MAX_OUTLETS:,} (MAX_OUTLETS)",
                field=TOP_KEY,
            )
        for outlet_node, weight_node in value_node.value:
            if not isinstance(outlet_node, yaml.ScalarNode):
                raise _fail(path, outlet_node, "an outlet name must be text, not a list or mapping", field=TOP_KEY)
            name = outlet_key(str(outlet_node.value))
            if not name:
                raise _fail(path, outlet_node, "empty outlet name", field=TOP_KEY)
            if len(name) > MAX_OUTLET_CHARS:
                raise _fail(
                    path,
                    outlet_node,
                    f"outlet name {name[:40]!r}... is over the {MAX_OUTLET_CHARS}-character limit (MAX_OUTLET_CHARS)",
                    field=TOP_KEY,
                )
            if name in out:
                raise _fail(path, outlet_node, f"outlet {name!r} is listed twice", field=name)
            out[name] = _weight(path, name, weight_node)
    return out


def load_reliability(path: Path | str | None) -> dict[str, float]:
    """Weights from a file; no path means no weights (every outlet at the default)."""
    if path is None:
        return {}
    path = Path(path)
    try:
        text = yamlsafe.read_text(path, lambda message: InvalidInput(message, source=str(path)))
    except OSError as exc:
        raise InvalidInput(f"cannot read reliability file: {exc.strerror}", source=str(path)) from None
    return parse_reliability(text, path)
