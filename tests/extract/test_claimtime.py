"""Choosing a claim's time among its sentence's time expressions: nearness, clauses, asides, decades."""

from __future__ import annotations

from factionmap.extract.claimtime import claim_time
from factionmap.extract.timex import find_times


def test_decades_do_not_fix_a_claim_time() -> None:
    text = "The war in the ‘80s inspired fighters during the 1990s and the 1990’s."
    times = find_times(text, "2021")
    assert claim_time(times, 0, len(text), text.index("inspired")) is None


def test_claim_time_picks_the_nearest_time_in_the_sentence() -> None:
    text = "In 2015, ISWAP pledged allegiance to ISIS. In March 2019, the coalition attacked ISIS; in 2021 it left."
    times = find_times(text, "2021-05")
    second = text.index("In March")
    assert claim_time(times, 0, second - 1, text.index("pledged")) == "2015"
    assert claim_time(times, second, len(text), text.index("attacked"), text) == "2019-03"
    assert claim_time(times, second, len(text), text.index("left")) == "2021"


def test_claim_time_prefers_the_cues_clause() -> None:
    text = "Hamas, which was founded in 1987, attacked the post in 2014; in 2015 the army left."
    times = find_times(text, "2021-05")
    cue = text.index("attacked")
    assert [t.value for t in times] == ["1987", "2014", "2015"]
    assert claim_time(times, 0, len(text), cue) == "1987"  # nearest by distance alone
    assert claim_time(times, 0, len(text), cue, text) == "2014"  # the aside and the ";" are skipped
    assert claim_time(times, 0, 30, cue) is None  # no time inside those bounds


def test_claim_time_prefers_a_precise_time_to_recently() -> None:
    text = "Al-Shabaab recently attacked the base, as it did in March 2019."
    times = find_times(text, "2021-05")
    assert [t.value for t in times] == ["2021", "2019-03"]
    assert claim_time(times, 0, len(text), text.index("attacked")) == "2019-03"


def test_a_time_inside_an_aside_is_not_the_main_clauses_time() -> None:
    text = "Al-Shabaab, which pledged allegiance to al-Qaeda in 2012, attacked Kenya."
    times = find_times(text, None)
    assert claim_time(times, 0, len(text), text.index("attacked"), text) is None
    assert claim_time(times, 0, len(text), text.index("pledged"), text) == "2012"


def test_an_aside_that_only_holds_a_time_still_dates_its_sentence() -> None:
    text = "JNIM attacked the base (in March 2016) and withdrew."
    times = find_times(text, None)
    assert claim_time(times, 0, len(text), text.index("attacked"), text) == "2016-03"
