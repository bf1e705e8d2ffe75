"""The reference layer on SQLite and PostgreSQL: validated, idempotent loading and lookups."""

from __future__ import annotations

import csv
from pathlib import Path
from types import MappingProxyType

import pytest
from sqlalchemy import select

from factionmap.errors import InvalidInput
from factionmap.model import ReferenceRelation
from factionmap.store import schema as t
from factionmap.store.reference import load_reference, reference_between, reference_of
from factionmap.store.writer import counts

HEADER = "head_id,type,tail_id,start,end,source,note\n"
ROWS = [
    "north_front,ALLY_OF,river_brigade,2019-04,,set:1,joint operations",
    "hill_council,SPLINTER_OF,north_front,2016,,set:2,",
    'old_river_id,RIVAL_OF,hill_council,2018,2020-06-30,set:3,"renamed, later ""River Brigade"""',
    "river_brigade,AFFILIATE_OF,old_river_id,,,set:4,becomes a self-loop once the old id is mapped",
    "north_front,ALLY_OF,river_brigade,2019-04,,set:1,a repeat of line 2: skipped",
    "state_x,SUPPORTS,river_brigade,,,un:7,",
]
REAL_CSV = Path(__file__).resolve().parents[3] / "shared" / "kb" / "relations.csv"


class TinyKB:
    """The two things loading asks of a knowledge base: does it know an id, and what is its current id."""

    ids = frozenset({"north_front", "river_brigade", "hill_council", "state_x"})
    redirects = MappingProxyType({"old_river_id": "river_brigade"})

    def __contains__(self, actor_id: str) -> bool:
        return self.canonical_id(actor_id) in self.ids

    def canonical_id(self, actor_id: str) -> str:
        return self.redirects.get(actor_id, actor_id)


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r)[1:] for r in conn.execute(select(t.reference_relations)))


def test_load_maps_ids_skips_self_loops_and_repeats(engine, tmp_path):
    assert load_reference(engine, write_csv(tmp_path / "rel.csv", ROWS), kb=TinyKB()) == 4
    rows = stored(engine)
    assert len(rows) == 4
    assert (
        "river_brigade",
        "RIVAL_OF",
        "hill_council",
        "2018",
        "2020-06-30",
        "set:3",
        'renamed, later "River Brigade"',
    ) in rows
    assert not any(r[0] == r[2] for r in rows)
    assert ("north_front", "ALLY_OF", "river_brigade", "2019-04", None, "set:1", "joint operations") in rows
    assert counts(engine)["claims"] == 0  # baseline knowledge never becomes a claim


def test_reload_adds_nothing_and_a_changed_row_is_updated(engine, tmp_path):
    path = write_csv(tmp_path / "rel.csv", ROWS)
    load_reference(engine, path, kb=TinyKB())
    before = stored(engine)
    assert load_reference(engine, path, kb=TinyKB()) == 0
    assert stored(engine) == before
    changed = [ROWS[0].replace(",,set:1,joint operations", ",2021,set:1,alliance ended"), *ROWS[1:]]
    assert load_reference(engine, write_csv(path, changed), kb=TinyKB()) == 1
    after = stored(engine)
    assert len(after) == len(before)
    assert ("north_front", "ALLY_OF", "river_brigade", "2019-04", "2021", "set:1", "alliance ended") in after


@pytest.mark.parametrize(
    ("bad_row", "where"),
    [
        ("north_front,FRIENDS_WITH,river_brigade,,,set:9,", "(field 'type')"),
        (",ALLY_OF,river_brigade,,,set:9,", "(field 'head_id')"),
        ("north_front,ALLY_OF,ghost_group,,,set:9,", "(field 'tail_id')"),
        ("north_front,ALLY_OF,river_brigade,spring 2019,,set:9,", "(field 'start')"),
        ("north_front,ALLY_OF,river_brigade,,2019/05,set:9,", "(field 'end')"),
        ("north_front,ALLY_OF,river_brigade,,,,", "(field 'source')"),
    ],
)
def test_a_bad_row_names_file_line_field_and_nothing_is_written(engine, tmp_path, bad_row, where):
    path = write_csv(tmp_path / "rel.csv", [ROWS[0], ROWS[1], bad_row])
    with pytest.raises(InvalidInput) as err:
        load_reference(engine, path, kb=TinyKB())
    assert f"{path}:4 {where}" in str(err.value)
    assert stored(engine) == []


def test_a_missing_column_is_reported(engine, tmp_path):
    path = tmp_path / "rel.csv"
    path.write_text("head_id,type,tail_id\nnorth_front,ALLY_OF,river_brigade\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing column"):
        load_reference(engine, path, kb=TinyKB())


def test_lookups_read_both_directions_and_order_by_date(engine, tmp_path):
    load_reference(engine, write_csv(tmp_path / "rel.csv", ROWS), kb=TinyKB())
    between = reference_between(engine, {"river_brigade"}, ["north_front", "hill_council"])
    assert [(r.head, r.type, r.tail, r.start) for r in between] == [
        ("river_brigade", "RIVAL_OF", "hill_council", "2018"),
        ("north_front", "ALLY_OF", "river_brigade", "2019-04"),
    ]
    assert all(isinstance(r, ReferenceRelation) for r in between)
    assert reference_between(engine, ["hill_council"], ["north_front"]) == reference_between(
        engine, ["north_front"], ["hill_council"]
    )
    of_river = reference_of(engine, "river_brigade")
    assert [r.source for r in of_river] == ["set:3", "set:1", "un:7"]  # undated last
    assert of_river[-1].note == ""
    assert reference_of(engine, ["nobody"]) == []


@pytest.mark.skipif(not REAL_CSV.exists(), reason=f"{REAL_CSV} not present")
def test_the_shared_reference_file_loads_and_reloads(engine):
    from factionmap.kb import KnowledgeBase

    kb = KnowledgeBase.load()
    with open(REAL_CSV, encoding="utf-8", newline="") as f:
        keys = {
            (kb.canonical_id(r["head_id"]), r["type"], kb.canonical_id(r["tail_id"]), r["source"])
            for r in csv.DictReader(f)
        }
    expected = {k for k in keys if k[0] != k[2]}
    assert load_reference(engine, REAL_CSV) == len(expected) > 1000
    assert load_reference(engine, REAL_CSV) == 0
    head, kind, tail, source = sorted(expected)[0]
    assert any(r.source == source and r.type == kind for r in reference_between(engine, [head], [tail]))
    assert {(r.head, r.type, r.tail, r.source) for r in stored_relations(engine)} == expected


def stored_relations(engine) -> list[ReferenceRelation]:
    with engine.connect() as conn:
        ids = {r.head_id for r in conn.execute(select(t.reference_relations.c.head_id))}
    return reference_of(engine, ids)
