"""Every command's help shows what to type (a metavar) for options that take a value, and nothing for
flags: never Typer's Python type placeholders (``<str>``, ``<bool>``)."""

from __future__ import annotations

import re

from typer.main import get_command
from typer.testing import CliRunner

from factionmap.cli import app
from factionmap.graph import exporters

# What Typer shows for a parameter's type: <str>, <bool>, <int>, <Path>, <list[str]>, <int range>…
PLACEHOLDER = re.compile(
    r"<(?:str|bool|int|float|Path|path|file|directory|datetime|(?:int|float) range"
    r"|list\[[^>]*\])>"
)


def _command_paths(command, path=()):
    yield list(path)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command_paths(sub, (*path, name))


def _help(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (path, result.output)
    return result.output


def test_no_help_shows_a_type_placeholder():
    paths = list(_command_paths(get_command(app)))
    assert len(paths) > 15  # the root, every command, the kb and review groups and theirs
    for path in paths:
        shown = _help(path)
        assert not PLACEHOLDER.search(shown), (path, PLACEHOLDER.findall(shown))


def test_options_that_take_a_value_show_what_to_type():
    changes = _help(["changes"])
    assert re.search(r"--since\s+DATE", changes) and re.search(r"--db\s+URL\|FILE", changes)
    formats = "|".join(exporters.names())  # the registry's list, in its order
    assert formats.startswith("graphml|gexf|csv|json|stix")
    assert re.search(r"--format\s+-f\s+" + re.escape(f"[{formats}]"), _help(["export"]))
    assert re.search(r"--workers\s+INTEGER", _help(["ingest"]))
    assert re.search(r"--json\s+Print JSON", changes)  # a flag: nothing between it and its help
