"""The page helpers: highlighted text keeps every character once, links are http(s) only, the timeline
chart puts bars and points where their dates say."""

from __future__ import annotations

import pytest

from factionmap.graph.network import timeline
from factionmap.model import Claim, Source, StoredClaim
from factionmap.web import views


def test_highlight_keeps_every_character_once_and_skips_overlaps():
    text = "The Red Hand met the Blue Lake Front in 2020."
    mentions = [
        (4, 12, "red_hand", "Red Hand", "ARMED_GROUP"),
        (8, 12, "hand", "Hand", "PERSON"),  # inside the first: skipped
        (21, 36, "blue_lake", "Blue Lake Front", "ARMED_GROUP"),
        (40, 99, "bad", "Bad", "LOCATION"),
    ]  # runs past the end: clamped
    segments = views.highlight(text, mentions)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.actor_id) for s in segments if s.actor_id] == [
        ("Red Hand", "red_hand"),
        ("Blue Lake Front", "blue_lake"),
        ("2020.", "bad"),
    ]


def test_highlight_of_text_without_mentions_is_one_plain_run():
    assert views.highlight("<b>bold</b>", []) == [views.Segment("<b>bold</b>")]
    assert views.highlight("", [(0, 3, "x", "X", "STATE")]) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org  ", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_allows_only_web_addresses(url, expected):
    assert views.safe_url(url) == expected


@pytest.mark.parametrize(
    ("date", "year"), [("2019", 2019.0), ("2019-07", 2019.5), ("2019-01-01", 2019.0), (None, None), ("soon", None)]
)
def test_year_fraction(date, year):
    assert views.year_fraction(date) == year


def stored(claim_id: str, head: str, type_: str, tail: str, time: str | None, *, negated=False, hedged=False):
    source = Source(1, "d", None, None, "Outlet", None, None, 1)
    return StoredClaim(claim_id, Claim(head, type_, tail, negated, hedged, None, time, "x", 0, 1, 0.8, "test"), source)


def test_timeline_chart_places_bars_and_points_by_date():
    claims = [
        stored("a", "red", "ALLY_OF", "blue", "2016"),
        stored("b", "red", "ALLY_OF", "blue", "2020", hedged=True),
        stored("c", "red", "ATTACKS", "green", "2018-07"),
        stored("d", "red", "SUPPORTS", "grey", None),
    ]
    chart = views.timeline_chart(timeline(claims, "red"), {"blue": "Blue", "green": "Green", "grey": "Grey"})
    rows = {r.counterpart: r for r in chart.rows}
    assert set(rows) == {"blue", "green"} and chart.undated == ("Grey · SUPPORTS",)
    ally, attack = rows["blue"], rows["green"]
    assert ally.x1 < attack.x1 < ally.x2  # mid-2018 falls inside 2016–2020
    assert [p.css for p in ally.points] == ["point", "point hedged"]
    assert attack.x2 - attack.x1 == views.MIN_BAR_WIDTH  # one date still shows as a short bar
    years = [label for _, label in chart.ticks]
    assert years[0] == "2016" and years[-1] == "2021"
    assert chart.height > len(chart.rows) * views.CHART_ROW_HEIGHT


def test_timeline_chart_without_dates_draws_nothing():
    chart = views.timeline_chart(timeline([stored("a", "red", "ALLY_OF", "blue", None)], "red"), {})
    assert chart.rows == () and chart.undated == ("blue · ALLY_OF",)
