"""`make run` keeps the bundled samples in a store of their own and installs only what running needs."""

from __future__ import annotations

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[1] / "Makefile"


def target(name: str) -> tuple[str, list[str]]:
    """The prerequisites line and the recipe lines of one Makefile target."""
    text = MAKEFILE.read_text(encoding="utf-8")
    m = re.search(rf"^{name}:(.*)\n((?:\t.*\n)+)", text, re.M)
    assert m, f"no {name} target"
    return m.group(1), [line.strip() for line in m.group(2).splitlines()]


def variable(name: str) -> str:
    m = re.search(rf"^{name}\s*:=\s*(\S+)", MAKEFILE.read_text(encoding="utf-8"), re.M)
    assert m, name
    return m.group(1)


def test_make_run_never_uses_the_user_s_default_store():
    _, recipe = target("run")
    factionmap_lines = [line for line in recipe if "/factionmap " in line]
    assert len(factionmap_lines) == 3  # ingest, ask, serve
    assert all("--db $(SAMPLES_DB)" in line for line in factionmap_lines)
    assert variable("SAMPLES_DB") != "factionmap.db"


def test_make_run_installs_the_runtime_only_and_make_test_the_development_extras():
    run_needs, _ = target("run")
    assert "$(RUNTIME_STAMP)" in run_needs and "$(STAMP)" not in run_needs.replace("$(RUNTIME_STAMP)", "")
    _, runtime_recipe = target(re.escape("$(RUNTIME_STAMP)"))
    assert any(line.endswith("install -q -e .") for line in runtime_recipe)
    _, dev_recipe = target(re.escape("$(STAMP)"))
    assert any("'.[dev]'" in line for line in dev_recipe)
