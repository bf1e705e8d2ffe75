"""The committed Cytoscape.js is the one package-lock.json pins.

The pages serve a vendored copy (factionmap/web/static/vendor), committed so that a wheel from a clean checkout
serves the map without npm. tools/build_static.sh (``make static``) refreshes it; these checks catch a version
bump in package-lock.json without a refresh, and a copy edited or replaced by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "factionmap" / "web" / "static" / "vendor"


@pytest.fixture(scope="module")
def pinned() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/cytoscape"]["version"]


def test_the_vendored_library_is_the_pinned_version(pinned):
    bundle = (VENDOR / "cytoscape.min.js").read_text(encoding="utf-8")
    found = re.findall(r'\.version="(\d+\.\d+\.\d+)"', bundle)
    assert found == [pinned], f"vendored cytoscape {found} is not package-lock.json's {pinned}: run `make static`"


def test_the_source_note_names_the_version_and_the_file_s_hash(pinned):
    note = (VENDOR / "SOURCE.txt").read_text(encoding="utf-8")
    assert f"cytoscape {pinned} from the npm registry" in note
    digest = hashlib.sha256((VENDOR / "cytoscape.min.js").read_bytes()).hexdigest()
    assert f"sha256: {digest}" in note, "cytoscape.min.js changed without tools/build_static.sh: run `make static`"


def test_the_licence_ships_with_it():
    assert "Cytoscape Consortium" in (VENDOR / "cytoscape.LICENSE").read_text(encoding="utf-8")


def test_it_matches_the_npm_package_when_installed(pinned):
    """Where `npm ci` has run (make static), the committed file is byte for byte the package's."""
    package = ROOT / "node_modules" / "cytoscape"
    if not (package / "package.json").exists():
        pytest.skip("node_modules/cytoscape is not installed (make static installs it)")
    if json.loads((package / "package.json").read_text(encoding="utf-8"))["version"] != pinned:
        pytest.skip("node_modules holds another cytoscape version than package-lock.json pins")
    assert (package / "dist" / "cytoscape.min.js").read_bytes() == (VENDOR / "cytoscape.min.js").read_bytes()
