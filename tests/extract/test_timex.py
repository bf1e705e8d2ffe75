"""Finding time expressions: absolute and relative forms, anchors of every precision, counts that are not times."""

from __future__ import annotations

import time

import pytest

from factionmap.extract.timex import find_times, inferred_anchor, parse_anchor


def values(text: str, anchor: str | None = "2021-05-10") -> list[str]:
    return [t.value for t in find_times(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JNIM was founded in 2017.", ["2017"]),
        ("Boko Haram has fought the army since 2009.", ["2009"]),
        ("In 2015, ISWAP pledged allegiance to the Islamic State.", ["2015"]),
        ("Wagner arrived in Mali in March 2019.", ["2019-03"]),
        ("The talks began in March of 2020.", ["2020-03"]),
        ("The strike happened on August 26, 2021.", ["2021-08-26"]),
        ("The strike happened on August 26th, 2021.", ["2021-08-26"]),
        ("The strike happened on 26 August 2021.", ["2021-08-26"]),
        ("The strike happened on the 26th of August, 2021.", ["2021-08-26"]),
        ("The strike happened on 2021-08-26 at dawn.", ["2021-08-26"]),
        ("The government fell on Dec. 8, 2024.", ["2024-12-08"]),
        ("Fighting resumed in mid-2019 and again in early 2020.", ["2019", "2020"]),
    ],
)
def test_absolute_times(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Hezbollah fired rockets last month.", "2021-05-10", ["2021-04"]),
        ("Hezbollah fired rockets last month.", "2021-01", ["2020-12"]),
        ("Hezbollah fired rockets last month.", "2021", []),  # the anchor does not fix a month
        ("The deal was signed last year.", "2021-05", ["2020"]),
        ("The group has grown this year.", "2024-12", ["2024"]),
        ("The truce collapsed a year ago.", "2021-05", ["2020"]),
        ("The truce collapsed over a year ago.", "2021-05", ["2020"]),
        ("Al-Shabaab split five years ago.", "2024-12", ["2019"]),
        ("The militia attacked in March.", "2021-05", ["2021-03"]),
        ("The militia attacked in August.", "2021-05", ["2020-08"]),  # a month after the anchor's: last year
        ("A report reached that conclusion last August.", "2021-05", ["2020-08"]),
        ("A report reached that conclusion last May.", "2021-05", ["2020-05"]),
        ("JNIM has been active since February of last year.", "2021-05", ["2020-02"]),
        ("Earlier in March, a commander was killed.", "2021-05", ["2021-03"]),
        ("The deadline was May 1.", "2021-05-10", ["2021-05-01"]),
        ("The attack on August 26th killed 13 soldiers.", "2021-09", ["2021-08-26"]),
        ("Just last night, the Front carried out three attacks.", "2024-12", ["2024-12"]),
        ("Just last night, the Front carried out three attacks.", "2024-12-09", ["2024-12-08"]),
        ("The militants struck yesterday.", "2024-12-09", ["2024-12-08"]),
        ("The army said on Tuesday that it had retaken the town.", "2021-09-02", ["2021-08-31"]),
        ("The army said on Thursday that it had retaken the town.", "2021-09-02", ["2021-09-02"]),  # same day
        ("The army said on Tuesday that it had retaken the town.", "2021-09", ["2021-09"]),
        ("The army said on Tuesday that it had retaken the town.", None, []),
        ("Fighting was heavy three weeks ago.", "2021-05-10", ["2021-04"]),
        ("In a recent statement, JNIM threatened the junta.", "2021-05", ["2021"]),
    ],
)
def test_relative_times(text: str, anchor: str | None, expected: list[str]) -> None:
    assert values(text, anchor) == expected


def test_counted_back_from_the_previous_year_in_the_text() -> None:
    text = "Kabul fell in 2021. The group had broken ties with al-Qaeda five years before that."
    assert values(text) == ["2021", "2016"]
    assert values("Two years later it split again.") == []  # nothing to count from


def test_decades_are_recognised() -> None:
    text = "The war in the ‘80s inspired fighters during the 1990s and the 1990’s."
    assert values(text) == ["198", "199", "199"]  # claimtime ignores them: tests/extract/test_claimtime.py


@pytest.mark.parametrize(
    "text",
    [
        "Boko Haram has 6,000 fighters.",
        "The 215 Maiwand Corps took the district.",
        "Five of the 12 insurgents were members of AQIS.",
        "The date of the 9/11 withdrawal was announced.",
        "About 1500 fighters crossed the border.",
        "The group may attack again, officials warned.",  # "may" is not a month
        "The rebels march on the capital.",
        "They paid $2019 in fines and 2000 troops stayed.",
    ],
)
def test_counts_and_lookalikes_are_not_times(text: str) -> None:
    assert values(text) == []


def test_offsets_point_into_the_text() -> None:
    text = "Al-Shabaab attacked the base in March 2019, a year after JNIM did."
    first, second = find_times(text, "2021-05")
    assert text[first.start : first.end] == first.text == "March 2019"
    assert (second.text, second.value) == ("a year after", "2020")  # counted from March 2019


def test_anchor_parsing_is_lenient() -> None:
    assert parse_anchor("2024-12-08T10:00:00Z") is not None
    assert parse_anchor("2024-12").iso == "2024-12"  # type: ignore[union-attr]
    assert parse_anchor("2024-13-40").iso == "2024"  # type: ignore[union-attr]
    assert parse_anchor("December 2024") is None
    assert parse_anchor(None) is None


def test_speed_on_a_long_article() -> None:
    paragraph = (
        "In March 2019, Boko Haram attacked the base, killing 12 soldiers, officials said "
        "last month. The group, founded in 2002, has 6,000 fighters and has been active since "
        "February of last year. "
    )
    text = paragraph * 30  # ~1,000 words
    find_times(text, "2021-05-10")
    start = time.perf_counter()
    for _ in range(20):
        find_times(text, "2021-05-10")
    assert (time.perf_counter() - start) / 20 < 0.01  # measured ~0.3 ms; generous for noisy CI


def test_an_undated_article_is_anchored_on_its_latest_dated_mention() -> None:
    text = "The town fell on 3 May 2023. Talks began in March 2019. In 2031 a census is planned."
    assert inferred_anchor(text) == "2023-05-03"  # years alone are too coarse to anchor on
    assert inferred_anchor("Founded in 2006, the group grew.") is None
