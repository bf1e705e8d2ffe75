"""The README keeps up with the code: every relation type and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from factionmap.cli import app
from factionmap.vocab import load_vocab

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def command_paths(group: typer.Typer) -> list[str]:
    """Every command as typed, sub-command groups included ("extract", "store ingest"), from the
    Click command Typer builds, so names set with ``name=`` or derived from the function both count."""
    root = get_command(group)
    out: list[str] = []

    def walk(cmd, prefix: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                walk(sub, path)
            else:
                out.append(path)

    walk(root, "")
    return sorted(out)


@pytest.mark.parametrize("rtype", sorted(load_vocab().relations))
def test_relation_type_is_documented(readme, rtype):
    assert re.search(rf"\|\s*`{rtype}`\s*\|", readme), f"{rtype} is missing from the README's relation table"


def test_relation_table_matches_vocab(readme):
    """Each table row says what vocab.yaml says: symmetric or not, the kinds and the label."""
    for name, rel in load_vocab().relations.items():
        row = (
            f"| `{name}` | {'yes' if rel.symmetric else 'no'} | {', '.join(rel.head)} → "
            f"{', '.join(rel.tail)} | {rel.label} |"
        )
        assert row in readme, f"README row for {name} is out of date; expected:\n{row}"


def test_cli_has_commands():
    assert "extract" in command_paths(app)


@pytest.mark.parametrize("command", command_paths(app))
def test_cli_command_is_documented(readme, command):
    assert f"factionmap {command}" in readme, f"`factionmap {command}` is not documented in README.md"


def test_extract_options_are_documented(readme):
    extract = get_command(app).commands["extract"]
    for param in extract.params:
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in readme, f"option {opt} of `factionmap extract` is not documented"


def api_routes() -> list[tuple[str, str]]:
    """(method, path) of every JSON API operation, from the routers the app mounts under /api."""
    from fastapi.routing import APIRoute

    from factionmap.api.app import ROUTERS

    return sorted(
        {
            (method, f"/api{route.path}")
            for module in ROUTERS
            for route in module.router.routes
            if isinstance(route, APIRoute)
            for method in route.methods
            if method != "HEAD"
        }
    )


def test_api_has_routes():
    assert ("GET", "/api/map") in api_routes()


@pytest.mark.parametrize(("method", "path"), api_routes())
def test_api_route_is_documented(readme, method, path):
    # The README's API table names each route in backticks, several routes of one method in a row
    # ("`POST /api/review/claims/{id}`, `/api/review/merge`"); a path parameter may be named otherwise.
    shape = re.sub(r"\\\{[^}]*\\\}", r"\\{[^}]*\\}", re.escape(path))
    rows = [
        line
        for line in readme.splitlines()
        if line.startswith("|") and re.search(rf"`(?:[A-Z]+ )?{shape}(?:[?`])", line)
    ]
    assert any(f"`{method} /api" in row for row in rows), f"{method} {path} is not in README's API table"
