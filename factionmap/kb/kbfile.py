"""Read and check a knowledge-base YAML file (the bundled curated.yaml or a user's ``--kb extra.yaml``).

The format is documented at the top of ``factionmap/kb/data/curated.yaml``. Every problem is reported
as a KnowledgeBaseError that names the file, the entry (index and id) and the field, because the user
fixing an extension file needs to find the line, not a stack trace.

A user's file is bounded (factionmap.yamlsafe: its size, its YAML aliases, the values it stands for; here:
entries, list lengths and text lengths), each limit named in the error; the bundled files are far inside.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factionmap import yamlsafe
from factionmap.errors import KnowledgeBaseError
from factionmap.model import ACTOR_TYPES

MAX_KB_ACTORS = 50_000  # actor entries in one file (curated.yaml has ~700)
MAX_KB_LIST_ITEMS = 1_000  # aliases (or demonyms, countries, links...) of one actor (the bundled most: 49)
MAX_KB_TOP_ITEMS = 10_000  # denylist entries, state form templates
MAX_KB_TEXT_CHARS = 300  # an id, a name, an alias (the bundled longest: 100)
MAX_KB_NOTE_CHARS = 2_000  # the free-text note
_SHOWN = reprlib.Repr()  # a bad value, in a message: cut short however big or deep it is
_SHOWN.maxstring = _SHOWN.maxother = 80
_SHOWN.maxlist = _SHOWN.maxdict = 4
_SHOWN.maxlevel = 2
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TOP_LEVEL_KEYS = frozenset({"actors", "denylist", "state_forms"})
LIST_FIELDS = ("aliases", "remove_aliases", "demonyms", "form_words", "country", "merge", "sources")
TEXT_FIELDS = ("name", "capital", "note")
LINK_FIELDS = {"leads": "LEADS", "member_of": "MEMBER_OF"}
ACTOR_FIELDS = frozenset({"id", "type", "active_from", "active_to", *LIST_FIELDS, *TEXT_FIELDS, *LINK_FIELDS})


@dataclass(frozen=True, slots=True)
class Link:
    """A person's tie to a group or state (``LEADS`` / ``MEMBER_OF``), with dates where known."""

    person: str
    relation: str
    target: str
    start: str | None = None
    end: str | None = None


@dataclass(slots=True)
class Entry:
    """One checked actor entry; fields left out are ``None`` (an extension changes only what it gives)."""

    id: str
    where: str  # "file: actor #3 (id)" for later error messages
    values: dict[str, Any] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class KbFile:
    path: str
    entries: list[Entry]
    denylist: list[str]
    state_forms: list[str]


def _fail(where: str, field_name: str | None, message: str) -> KnowledgeBaseError:
    place = f"{where} (field {field_name!r})" if field_name else where
    return KnowledgeBaseError(f"{place}: {message}")


def _text(value: Any, where: str, name: str, max_chars: int = MAX_KB_TEXT_CHARS) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool) or str(value).strip() == "":
        raise _fail(where, name, f"expected non-empty text, got {_SHOWN.repr(value)}")
    text = str(value).strip()
    if len(text) > max_chars:
        limit = "MAX_KB_NOTE_CHARS" if max_chars == MAX_KB_NOTE_CHARS else "MAX_KB_TEXT_CHARS"
        raise _fail(where, name, f"{_SHOWN.repr(text)} is over the {max_chars:,}-character limit ({limit})")
    return text


def _text_list(value: Any, where: str, name: str, max_items: int = MAX_KB_LIST_ITEMS) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _fail(where, name, f"expected a list of text, got {type(value).__name__}")
    if len(value) > max_items:
        limit = "MAX_KB_TOP_ITEMS" if max_items == MAX_KB_TOP_ITEMS else "MAX_KB_LIST_ITEMS"
        raise _fail(where, name, f"{len(value):,} items, over the limit of {max_items:,} ({limit})")
    return [_text(v, where, name) for v in value]


def _date(value: Any, where: str, name: str) -> str | None:
    if value is None:
        return None
    text = _text(value, where, name)
    if not DATE_PATTERN.match(text):
        raise _fail(where, name, f"expected an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {text!r}")
    return text


def _links(value: Any, person: str, relation: str, where: str, name: str) -> list[Link]:
    if not isinstance(value, list):
        value = [value]
    if len(value) > MAX_KB_LIST_ITEMS:
        raise _fail(where, name, f"{len(value):,} links, over the limit of {MAX_KB_LIST_ITEMS:,} (MAX_KB_LIST_ITEMS)")
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"id": item}
        if not isinstance(item, dict) or "id" not in item or set(item) - {"id", "start", "end"}:
            raise _fail(where, name, f"expected an id or {{id, start, end}}, got {_SHOWN.repr(item)}")
        out.append(
            Link(
                person,
                relation,
                _text(item["id"], where, name),
                _date(item.get("start"), where, name),
                _date(item.get("end"), where, name),
            )
        )
    return out


def _entry(raw: Any, index: int, path: str) -> Entry:
    where = f"{path}: actor #{index}"
    if not isinstance(raw, dict):
        raise _fail(where, None, f"expected a mapping, got {type(raw).__name__}")
    if "id" not in raw:
        raise _fail(where, "id", "missing")
    actor_id = _text(raw["id"], where, "id")
    where = f"{where} ({actor_id})"
    if not ID_PATTERN.match(actor_id):
        raise _fail(where, "id", "use lower-case letters, digits and underscores")
    unknown = sorted(set(raw) - ACTOR_FIELDS, key=str)  # keys may be numbers too
    if unknown:
        raise _fail(where, unknown[0], f"unknown field; known fields: {', '.join(sorted(ACTOR_FIELDS))}")
    entry = Entry(actor_id, where)
    for name in TEXT_FIELDS:
        if raw.get(name) is not None:
            entry.values[name] = _text(
                raw[name], where, name, MAX_KB_NOTE_CHARS if name == "note" else MAX_KB_TEXT_CHARS
            )
    for name in LIST_FIELDS:
        if raw.get(name) is not None:
            entry.values[name] = _text_list(raw[name], where, name)
    for name in ("active_from", "active_to"):
        if name in raw:
            entry.values[name] = _date(raw[name], where, name)
    if raw.get("type") is not None:
        kind = _text(raw["type"], where, "type")
        if kind not in ACTOR_TYPES:
            raise _fail(where, "type", f"{kind!r} is not one of {', '.join(ACTOR_TYPES)}")
        entry.values["type"] = kind
    for name, relation in LINK_FIELDS.items():
        if raw.get(name) is not None:
            entry.links.extend(_links(raw[name], actor_id, relation, where, name))
    return entry


def _state_forms(value: Any, path: str) -> list[str]:
    forms = _text_list(value, path, "state_forms", MAX_KB_TOP_ITEMS)
    for form in forms:
        if "{w}" not in form:
            raise _fail(path, "state_forms", f"template {form!r} lacks the placeholder {{w}}")
    return forms


def read_kb_file(path: Path | str) -> KbFile:
    """Parse and check one YAML file; raises KnowledgeBaseError naming file, entry and field."""
    name = str(path)
    try:
        raw = yamlsafe.load(path, lambda message: KnowledgeBaseError(f"{name}: {message}"))  # a safe loader only
    except OSError as exc:
        raise KnowledgeBaseError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{name}: not valid YAML ({exc})") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{name}: expected a mapping with 'actors', 'denylist' or 'state_forms'")
    unknown = sorted(set(raw) - TOP_LEVEL_KEYS, key=str)
    if unknown:
        known = ", ".join(sorted(TOP_LEVEL_KEYS))
        raise _fail(name, unknown[0], f"unknown top-level key; known keys: {known}")
    actors = raw.get("actors") or []
    if not isinstance(actors, list):
        raise _fail(name, "actors", "expected a list of actor entries")
    if len(actors) > MAX_KB_ACTORS:
        raise _fail(name, "actors", f"{len(actors):,} entries, over the limit of {MAX_KB_ACTORS:,} (MAX_KB_ACTORS)")
    return KbFile(
        path=name,
        entries=[_entry(item, i, name) for i, item in enumerate(actors, start=1)],
        denylist=_text_list(raw.get("denylist") or [], name, "denylist", MAX_KB_TOP_ITEMS),
        state_forms=_state_forms(raw.get("state_forms") or [], name),
    )
