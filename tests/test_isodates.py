"""Partial dates and the one date reader of the command line and the API (factionmap/isodates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from factionmap.errors import InvalidInput
from factionmap.isodates import PartialDate, date_in_phrase, earlier, parse_iso_date, span, undated_last


@pytest.mark.parametrize("good", ["2021", "2021-08", "2021-08-15", " 2024-02-29 "])
def test_real_iso_years_months_and_days_are_taken(good):
    assert parse_iso_date(good) == good.strip()


@pytest.mark.parametrize(
    "bad",
    [
        "yesterday",
        "2030-99-99",
        "15/03/2019",
        "2023-02-29",
        "2021-13",
        "2021-00",
        "0999",
        "21-08-15",
        "",
        "2021-8-15",
        "2021-08-15T00:00",
    ],
)
def test_anything_else_is_refused_naming_the_field_and_the_shape(bad):
    with pytest.raises(InvalidInput) as err:
        parse_iso_date(bad, "--since")
    assert str(err.value).startswith("--since: ") and "2021-08-15" in str(err.value)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("March 2019", "2019-03"),
        ("Sept. 5, 2019", "2019-09-05"),
        ("2019-03-05", "2019-03-05"),
        ("2019", "2019"),
        ("march 2019", "2019"),
        ("February 30, 2019", "2019"),
        ("2019-02-30", "2019"),
        ("early 2019", "2019"),
        ("1990s 2019", "199"),
        ("1750", None),
        ("today", None),
    ],
)
def test_a_question_date_phrase_is_read_without_the_pipeline(phrase, value):
    assert date_in_phrase(phrase) == value


def test_the_phrase_reader_agrees_with_the_article_reader():
    """queries/ask.py reads "as of March 2019" with isodates; the pipeline's timex.py (no publication date)
    must read every such phrase the same way."""
    import itertools

    from factionmap.extract.timex import find_times

    words = ["", "March", "march", "May", "Sept.", "Sep", "Jan.", "Dec", "early", "the", "1990s", "2019", "5", "X"]
    days = ["", "1", "05", "29,", "30", "31", "32", "1st"]
    years = ["2019", "1899", "1799", "2100", "2019-02", "2019-13", "2020-02-29", "2019-02-29", "2019-04-31"]
    for word, day, year in itertools.product(words, days, years):
        phrase = " ".join(p for p in (word, day, year) if p)
        times = find_times(phrase, None)
        assert date_in_phrase(phrase) == (times[0].value if times else None), phrase


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2016", (date(2016, 1, 1), date(2016, 12, 31))),
        ("2016-02", (date(2016, 2, 1), date(2016, 2, 29))),
        ("2016-02-03", (date(2016, 2, 3), date(2016, 2, 3))),
        ("2016-02-03T10:00:00+00:00", (date(2016, 2, 3), date(2016, 2, 3))),
        ("2016-13", None),
        ("soon", None),
        (None, None),
    ],
)
def test_span_reads_partial_iso_dates(value, bounds):
    assert span(value) == bounds


def test_a_partial_date_is_a_real_year_month_or_day():
    assert PartialDate.parse("2016-02-29") == PartialDate(2016, 2, 29) and PartialDate(2016, 2).iso == "2016-02"
    for bad in ((2015, 2, 29), (2016, 13), (2016, None, 3)):
        with pytest.raises(ValueError):
            PartialDate(*bad)
    assert PartialDate.parse("2015-02-29") is None and PartialDate.parse("March 2016") is None


def test_dates_of_any_precision_sort_in_date_order_with_the_undated_last():
    values = [None, "2016-03", "2015", "2016", None, "2014-12-31"]
    assert sorted(values, key=undated_last) == ["2014-12-31", "2015", "2016", "2016-03", None, None]
    assert earlier("2015", "2016-03") and not earlier("2016", "2016-03") and not earlier(None, "2016")
