"""Dates as precise as the text knows them, and the one reader of the dates people give factionmap.

Claim and article dates are ISO dates as precise as known: ``2021``, ``2021-08`` or ``2021-08-15``
(:class:`PartialDate` reads and writes them; records keep the ISO string, which sorts and compares at a
common precision as fast as strings do: :func:`earlier`, :func:`undated_last`). A question's date
(``--as-of``, ``--since``, ``?as_of=``, ``?since=``) has the same shape and must name a real day, month
or year: "yesterday", "2030-99-99" and "15/03/2019" are refused with one sentence saying what is
expected, by the command line (exit 2) and the API (422) alike, instead of being compared as strings and
answering "nothing".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from factionmap.errors import InvalidInput

ISO_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # 2021, 2021-08, 2021-08-15 (the API's query parameters say it too)
_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")  # a timestamp's date part is read too
EXPECTED = "expected an ISO date: 2021, 2021-08 or 2021-08-15"
_UNDATED = (1, "")  # undated_last's key for no date: after every date


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A real year, month or day: what a sentence or an article dates something to, no more precise."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs its month")
        month = 1 if self.month is None else self.month  # month 0 and day 0 do not exist: no `or 1` here
        dt.date(self.year, month, 1 if self.day is None else self.day)  # ValueError when it does not exist

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        """The date an ISO value begins with ("2016", "2016-05", "2016-05-03", a timestamp's date), or None
        for anything else or an impossible date."""
        match = _ISO_PREFIX.match(value or "")
        if not match:
            return None
        try:
            return cls(int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)
        except ValueError:
            return None

    @property
    def iso(self) -> str:
        return iso_of(self.year, self.month, self.day)

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and the last day it covers ("2016" -> 2016-01-01 .. 2016-12-31)."""
        if self.day is not None and self.month is not None:
            one = dt.date(self.year, self.month, self.day)
            return one, one
        if self.month is not None:
            return dt.date(self.year, self.month, 1), dt.date(
                self.year, self.month, calendar.monthrange(self.year, self.month)[1]
            )
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)


def iso_of(year: int, month: int | None = None, day: int | None = None) -> str:
    """ "2016", "2016-05" or "2016-05-03", unchecked (:class:`PartialDate` checks the date is real)."""
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period an ISO value names (see :meth:`PartialDate.span`), or None."""
    found = PartialDate.parse(value)
    return found.span() if found else None


def earlier(a: str | None, b: str | None) -> bool:
    """True when ISO date ``a`` is strictly before ``b`` at their common precision.

    "2015" is earlier than "2016-03", but "2016" and "2016-03" are not ordered (same year): two dates
    are only ordered where the less precise one allows it. Undated (None) is never ordered. Compared as
    strings: the aggregation asks this a few times per claim, over millions of claims."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def undated_last(value: str | None) -> tuple[int, str]:
    """A sort key for ISO dates of any precision: in date order, the undated after every date."""
    return (0, value) if value else _UNDATED


def parse_iso_date(text: str, field: str = "date") -> str:
    """``text`` stripped, when it is a real ISO year, month or day; InvalidInput naming ``field`` otherwise."""
    value = (text or "").strip()
    if re.fullmatch(ISO_PATTERN, value) is None:
        raise InvalidInput(f"{value!r} is not a date", source=field, hint=EXPECTED)
    found = PartialDate.parse(value)
    if found is None or found.year < 1000:
        raise InvalidInput(f"{value!r} is not a real date", source=field, hint=EXPECTED)
    return value


# Absolute dates in a short phrase ("March 2019", "March 5, 2019", "2019-03-05", "2019"): the subset of
# extract/timex.py's rules that needs no publication date, so that a question's "as of March 2019" is read
# here without importing the extraction pipeline (tests/test_isodates.py compares them). The month names
# and the month, day and year patterns are defined here once; timex.py imports them.
# Month and weekday names in full: capitalised in text, never a name the extractor should look for.
CALENDAR_WORDS = frozenset(n.lower() for n in (*calendar.month_name, *calendar.day_name) if n)
MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_PATTERN = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
)
DAY_PATTERN = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_PATTERN = r"(?P<year>1[89]\d\d|20\d\d)"
_MONTH_START = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
)
_DIGIT = re.compile(r"[0-9]")
# (starts at, pattern, characters that may not precede it), most specific first
_PHRASE_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("digit", re.compile(r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b"), ""),
    ("month", re.compile(rf"{MONTH_PATTERN}\s+{DAY_PATTERN},?\s+{YEAR_PATTERN}\b"), ""),
    ("digit", re.compile(rf"{DAY_PATTERN}\s+(?:of\s+)?{MONTH_PATTERN},?\s+{YEAR_PATTERN}\b"), ""),
    ("month", re.compile(rf"{MONTH_PATTERN},?\s+(?:of\s+)?{YEAR_PATTERN}\b"), ""),
    ("digit", re.compile(r"(?P<decade>1[89]\d0|20\d0)[’']?s\b"), ""),
    ("digit", re.compile(rf"{YEAR_PATTERN}\b(?![’']?s\b)(?![,.]\d)(?!\s*%)(?!\s*/)"), ",.$£€/"),
)


def date_in_phrase(text: str) -> str | None:
    """The ISO value of the first absolute date in ``text`` (a decade gives ``199``), as the article reader
    (extract/timex.py, without a publication date) would read it; None when there is none."""
    starts = {
        "month": [m.start() for m in _MONTH_START.finditer(text)],
        "digit": [m.start() for m in _DIGIT.finditer(text) if not m.start() or not text[m.start() - 1].isdigit()],
    }
    found: list[tuple[int, int, int, str]] = []  # (start, end, rule order, value)
    for order, (trigger, pattern, not_after) in enumerate(_PHRASE_RULES):
        for pos in starts[trigger]:
            m = pattern.match(text, pos)
            if m is None or (pos and (text[pos - 1].isalnum() or text[pos - 1] in not_after)):
                continue
            value = _phrase_value(m.groupdict())
            if value:
                found.append((pos, m.end(), order, value))
    kept: list[tuple[int, int, str]] = []
    for start, end, _, value in sorted(found, key=lambda f: (f[0] - f[1], f[2])):
        if not any(start < k[1] and k[0] < end for k in kept):
            kept.append((start, end, value))
    return min(kept)[2] if kept else None


def _phrase_value(groups: dict[str, str | None]) -> str | None:
    decade = groups.get("decade")
    if decade:
        return decade[:3]
    year, month, day = groups["year"], groups.get("month"), groups.get("day")
    if year is None or month is None:  # every non-decade rule has a mandatory year group
        return year
    number = int(month) if month.isdigit() else MONTH_NUMBERS[month.lower().rstrip(".")]
    if day is None:
        return f"{int(year):04d}-{number:02d}"
    if 1 <= int(day) <= calendar.monthrange(int(year), number)[1]:
        return f"{int(year):04d}-{number:02d}-{int(day):02d}"
    return None
