"""tools/build_kb.py: deterministic output, EU 2580 (CC BY-NC) kept out, committed data up to date."""

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_KB = REPO.parent / "shared" / "kb"
BUNDLED = REPO / "factionmap" / "kb" / "data"

pytestmark = pytest.mark.skipif(not (SHARED_KB / "groups.csv").exists(), reason="needs ../shared/kb")


def load_tool():
    spec = importlib.util.spec_from_file_location("build_kb", REPO / "tools" / "build_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kbdata")
    assert load_tool().main(["--shared", str(SHARED_KB), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", ["actors.jsonl", "reference_relations.jsonl"])
def test_build_reproduces_the_committed_files(built, name):
    assert (built / name).read_bytes() == (BUNDLED / name).read_bytes()


def test_build_drops_eu_only_groups_and_aliases(built):
    text = (built / "actors.jsonl").read_text(encoding="utf-8")
    assert "eu2580" not in text
    assert '"id": "the_base"' not in text
    assert "Hizballah Military Wing" not in text
    assert '"id": "kurdistan_workers_party"' in text  # kept: other sources list the PKK
