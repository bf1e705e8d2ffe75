"""Publication dates to ISO strings, as precise as the text says ("2024", "2024-12", "2024-12-08").

The common English and ISO forms are read by regex (microseconds); anything else (other languages,
"8 de diciembre de 2024") goes to dateparser, imported lazily because its import costs ~0.5 s.
"""

from __future__ import annotations

import re

from factionmap.isodates import PartialDate

MIN_YEAR, MAX_YEAR = 1900, 2100
"""Years accepted as a publication date; outside them a match is a number, not a date."""

MAX_DATE_TEXT_CHARS = 80
"""Longest text handed to dateparser: a date line, never a paragraph (dateparser then guesses wildly)."""

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?(?!\d)"),
    re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<!\w){_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
)


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    """The date in ISO form when it is real and of a plausible year for a news article, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return PartialDate(year, month, day).iso
    except ValueError:
        return None


_NUMERIC = re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)")


def _numeric_date(text: str) -> str | None:
    """'12.03.2024' is day first (the dotted form is European); in '03/12/2024' the order is only
    known when one number exceeds 12, else just the year is certain."""
    match = _NUMERIC.search(text)
    if not match:
        return None
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if match["sep"] == "." or a > 12:
        return _iso(year, b, a)
    if b > 12:
        return _iso(year, a, b)
    return _iso(year, None, None)


def _regex_date(text: str) -> str | None:
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = _MONTHS[groups["mon"].lower()[:3]] if groups.get("mon") else int(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
        return _iso(int(groups["y"]), month, day)
    return None


def _dateparser_date(text: str) -> str | None:
    """dateparser for other languages; requires a year so that "Monday" is not taken as a date."""
    from dateparser.date import DateDataParser  # lazy: heavy import, rarely needed

    parser = DateDataParser(settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"})
    data = parser.get_date_data(text[:MAX_DATE_TEXT_CHARS])
    if data.date_obj is None:
        return None
    found = data.date_obj
    if data.period == "year":
        return _iso(found.year, None, None)
    if data.period == "month":
        return _iso(found.year, found.month, None)
    return _iso(found.year, found.month, found.day)


def to_iso_date(text: str | None) -> str | None:
    """The date in ``text`` as ISO, or None. Already-ISO values pass through, cut to the day."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return _iso(int(text), None, None)
    return _regex_date(text) or _numeric_date(text) or _dateparser_date(text)


def has_year(text: str) -> bool:
    """Cheap pre-check: a plausible four-digit year appears (dates without one are not publication dates)."""
    return any(MIN_YEAR <= int(y) <= MAX_YEAR for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text))
