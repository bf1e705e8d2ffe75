"""Time expressions: find them in article text and normalise them to ISO values.

Regexes plus calendar arithmetic rather than dateparser: dateparser costs ~1 ms per call and news
text needs only a few shapes (absolute dates, month/year phrases, and a handful of expressions
relative to the publication date). The whole pass over a 1,000-word article takes well under 2 ms.
Which of an article's times dates a given claim is chosen separately, in claimtime.py.

Values are as precise as the text makes them: ``2021``, ``2021-08`` or ``2021-08-26``. Decades
("the 1990s", "the ‘80s") are recognised so that their digits are not read as a year, and get the
ISO 8601 reduced-precision value for a decade (``199``); ``claimtime.claim_time`` ignores them because a
decade does not fix when a relation held. Slashed numeric dates are not read at all ("9/11", "24/7" and the
day/month order ambiguity make them more trouble than they are worth in this domain).

A relative expression is resolved against ``anchor``, the article's publication date (``2024``,
``2024-12`` or ``2024-12-08``); where the anchor is too coarse or missing it is skipped rather than
guessed. "Five years before that" counts back from the previous absolute time in the text;
"recent(ly)" is taken as the anchor's year (the gold annotators read "a recent statement" so).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from factionmap.extract.qualifiers import qualifier_lexicon
from factionmap.isodates import DAY_PATTERN, MONTH_NUMBERS, MONTH_PATTERN, YEAR_PATTERN, PartialDate, iso_of

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
    "a decade": 10,
    "two decades": 20,
}

# Month names are matched capitalised only: "may" and "march" are common lowercase words.
_MONTH, _DAY, _YEAR = MONTH_PATTERN, DAY_PATTERN, YEAR_PATTERN
_NUM = (
    r"(?P<num>\d{1,2}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|fifteen|twenty)"
)
_APPROX = r"(?:(?:over|more than|nearly|almost|about|around|some|roughly|just over|less than)\s+)?"
# A bare month must not be the start of a longer date ("since February of last year", "March 2019").
_NO_YEAR_AFTER = r"(?!\.?,?\s+(?:of\s+)?(?:\d|(?:last|this|next|the previous|the same)\s+year))"

# Scanning the text once per rule with a leading \b or a case-insensitive group is slow (~250 µs
# per rule on a 1,400-word article). Instead a few *triggers* (flat patterns the regex engine can skip
# through quickly: a digit, a capitalised month name, a unit word) find the places worth looking at,
# and each rule is only tried there with .match. Words a rule needs *before* its trigger ("in March",
# "last month", "five years ago") are a separate ``left`` pattern tried on the text just before.
_TRIGGERS = {
    "digit": re.compile(r"[0-9]"),
    "month": re.compile(
        r"(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
    ),
    "unit": re.compile(r"[YyMmWwDd](?:ears?|onths?|eeks?|ays?|ecades?)\b"),
    "deictic": re.compile(r"[YyTtLl](?:esterday|oday|onight|ast night)\b"),
    "recent": re.compile(r"[Rr]ecent(?:ly)?\b"),
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
    "apostrophe": re.compile(r"[‘’'][0-9]0s\b"),
}
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b")
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")
_MONTH_YEAR = re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}\b")
_MONTH_REL_YEAR = re.compile(rf"{_MONTH},?\s+(?:of\s+)?(?P<rel>last|this|next|the previous|the same)\s+year\b")
_MONTH_DAY = re.compile(rf"{_MONTH}\s+{_DAY}\b(?![\d,.:]\d)")
_DAY_MONTH = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}\b")
_MONTH_ONLY = re.compile(rf"{_MONTH}\b{_NO_YEAR_AFTER}")
_DECADE = re.compile(r"(?P<full>1[89]\d0|20\d0)[’']?s\b")
_SHORT_DECADE = re.compile(r"[‘’'](?P<short>\d0)s\b")
_YEAR_ONLY = re.compile(rf"{_YEAR}\b(?![’']?s\b)(?![,.]\d)(?!\s*%)(?!\s*/)")
_UNIT = re.compile(r"(?P<unit>(?i:year|month|week))\b")
_AGO = re.compile(
    r"(?P<unit>(?i:years?|decades?|months?|weeks?|days?))\s+"
    r"(?P<dir>(?i:ago|earlier|before|later|after))\b"
)
_DEICTIC = re.compile(r"(?P<word>(?i:yesterday|today|tonight|last night))\b")
RECENT = re.compile(r"(?i:recent(?:ly)?)\b")  # claimtime ranks these below precise times
_WEEKDAY = re.compile(r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")

_LEFT_REL_MONTH = re.compile(r"\b(?P<rel>(?i:last|this|next|earlier this|past))\s+$")
_LEFT_BARE_MONTH = re.compile(
    r"\b(?i:in|since|until|till|by|from|during|through|before|after|between|and|to|"
    r"of|on|early|late|mid|earlier in|later in|end of|beginning of)\s+"
    r"(?:the\s+)?(?:(?i:early|late|mid)-?\s*)?$"
)
_LEFT_REL_UNIT = re.compile(r"\b(?P<rel>(?i:last|this|next|past|earlier this|later this))\s+$")
_LEFT_COUNT = re.compile(rf"\b(?i:{_APPROX}{_NUM})\s+$")
_LEFT_WEEKDAY = re.compile(r"\b(?P<rel>(?i:last|this|on|next))\s+$")
LEFT_CONTEXT_CHARS = 30  # longest left context: "just over a couple of " / "beginning of the mid-"
_ANCHOR = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RELATIVE = "relative:"  # value prefix of "N years before/after", settled by _resolve_counted_back


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """The publication date, as precise as known (month and day may be missing)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        return iso_of(self.year, self.month, self.day)


def parse_anchor(anchor: str | None) -> Anchor | None:
    """Read an ISO date prefix ("2024", "2024-12", "2024-12-08T10:00"); None where there is none.

    Lenient on purpose: a malformed publication date should cost the relative times, not the article.
    """
    m = _ANCHOR.match(anchor or "")
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if not month or not 1 <= month <= 12:
        return Anchor(year)
    if not day or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return Anchor(year, month)
    return Anchor(year, month, day)


def inferred_anchor(text: str) -> str | None:
    """For an article without a publication date: the latest date the text states to the month or day.

    Relative expressions ("last night", "last month", "recently") are then read against it, as a reader
    of an undated article does (the narrative reference time of temporal taggers such as HeidelTime).
    Years alone are too coarse to anchor "last month", so they are ignored.
    """
    values = [t.value for t in find_times(text, None) if not t.value.startswith(_RELATIVE) and len(t.value) >= 7]
    return max(values, default=None)


def find_times(text: str, anchor: str | None) -> list[TimeMention]:
    """Every time expression in ``text`` with its ISO value, in text order, without overlaps.

    Where two expressions overlap the longer wins, then the earlier rule (rules go most specific first).
    """
    anc = parse_anchor(anchor)
    positions = {name: _trigger_positions(text, name) for name in _TRIGGERS}
    found: list[tuple[int, int, int, str]] = []  # (start, end, rule order, value)
    for order, rule in enumerate(_RULES):
        for pos in positions[rule.trigger]:
            m = rule.pattern.match(text, pos)
            if m is None:
                continue
            hit = rule.apply(text, m, anc)
            if hit is not None:
                found.append((hit[0], m.end(), order, hit[1]))
    kept: list[TimeMention] = []
    for start, end, _, value in sorted(found, key=lambda f: (f[0] - f[1], f[2])):
        if not any(start < k.end and k.start < end for k in kept):
            kept.append(TimeMention(start, end, text[start:end], value))
    return _resolve_counted_back(sorted(kept, key=lambda t: t.start))


# --- resolvers: (match, anchor) -> ISO value or None -------------------------------------------------


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTH_NUMBERS[key]


def _valid(year: int, month: int, day: int) -> str | None:
    """The day when it exists ("February 30" does not), else None."""
    try:
        return PartialDate(year, month, day).iso
    except ValueError:
        return None


def _full_date(m: Groups, _anc: Anchor | None) -> str | None:
    month = m["month"]
    number = int(month) if month.isdigit() else _month_number(month)
    return _valid(int(m["year"]), number, int(m["day"]))


def _month_year(m: Groups, _anc: Anchor | None) -> str | None:
    return iso_of(int(m["year"]), _month_number(m["month"]))


def _year_before(month: int, day: int | None, anc: Anchor) -> int:
    """The year of the latest (month, day) on or before the anchor (a past month by default)."""
    if anc.month is None:
        return anc.year
    if month > anc.month or (month == anc.month and day and anc.day and day > anc.day):
        return anc.year - 1
    return anc.year


def _month_rel_year(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    offset = {"last": -1, "the previous": -1, "next": 1}.get(m["rel"].lower(), 0)
    return iso_of(anc.year + offset, _month_number(m["month"]))


def _month_day(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    month, day = _month_number(m["month"]), int(m["day"])
    return _valid(_year_before(month, day, anc), month, day)


def _rel_month(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    month, rel = _month_number(m["month"]), m["rel"].lower()
    if rel == "next":
        year = anc.year + 1 if anc.month and month <= anc.month else anc.year
    elif rel in {"last", "past"} and anc.month == month:
        year = anc.year - 1  # "last March" written in March means a year ago
    else:
        year = _year_before(month, None, anc)
    return iso_of(year, month)


def _bare_month(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    month = _month_number(m["month"])
    return iso_of(_year_before(month, None, anc), month)


def _decade(m: Groups, anc: Anchor | None) -> str | None:
    if "full" in m:
        return m["full"][:3]
    short = int(m["short"])
    this_decade = (anc.year if anc else 2000) % 100
    century = 20 if short <= this_decade else 19
    return f"{century}{short // 10}"


def _year(m: Groups, _anc: Anchor | None) -> str | None:
    return m["year"]


def _rel_unit(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        return iso_of(anc.year + step)
    if unit == "month":
        if anc.month is None:
            return None
        year, month = _add_months(anc.year, anc.month, step)
        return iso_of(year, month)
    if anc.day is None or anc.month is None:  # a week: only as precise as the anchor allows
        return anc.iso if anc.month is not None else None
    day = date(anc.year, anc.month, anc.day) + timedelta(weeks=step)
    return iso_of(day.year, day.month)


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _count(m: Groups) -> int:
    num = m["num"].lower()
    amount = int(num) if num.isdigit() else NUMBER_WORDS[num]
    return amount * 10 if m["unit"].lower().startswith("decade") else amount


def _ago(m: Groups, anc: Anchor | None) -> str | None:
    """ "N units ago" against the anchor; "N years before/after" is left for _resolve_counted_back."""
    n, unit, direction = _count(m), m["unit"].lower(), m["dir"].lower()
    if direction != "ago":
        if not unit.startswith(("year", "decade")):
            return None
        return f"{_RELATIVE}{-n if direction in {'before', 'earlier'} else n}"
    if anc is None:
        return None
    if unit.startswith(("year", "decade")):
        return iso_of(anc.year - n)
    if unit.startswith("month"):
        return iso_of(*_add_months(anc.year, anc.month, -n)) if anc.month else None
    if anc.day is None or anc.month is None:
        return None
    days = n * 7 if unit.startswith("week") else n
    when = date(anc.year, anc.month, anc.day) - timedelta(days=days)
    return iso_of(when.year, when.month) if unit.startswith("week") else iso_of(when.year, when.month, when.day)


def _deictic(m: Groups, anc: Anchor | None) -> str | None:
    if anc is None:
        return None
    if anc.day is None or anc.month is None:  # parse_anchor sets no day without a month
        return anc.iso
    back = 1 if m["word"].lower() in {"yesterday", "last night"} else 0
    when = date(anc.year, anc.month, anc.day) - timedelta(days=back)
    return iso_of(when.year, when.month, when.day)


def _weekday(m: Groups, anc: Anchor | None) -> str | None:
    """The latest such weekday on or before the anchor ("on Tuesday" in a Tuesday paper is that day)."""
    if anc is None or anc.month is None:
        return None
    if anc.day is None:
        return anc.iso
    today = date(anc.year, anc.month, anc.day)
    back = (today.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7
    rel = m.get("rel", "").lower()
    if rel == "next":
        return None  # the future: not when anything happened
    if rel == "last" and back == 0:
        back = 7
    when = today - timedelta(days=back)
    return iso_of(when.year, when.month, when.day)


def _trigger_positions(text: str, name: str) -> list[int]:
    starts = [m.start() for m in _TRIGGERS[name].finditer(text)]
    if name == "digit":  # the start of each run of digits
        starts = [p for p in starts if not p or not text[p - 1].isdigit()]
    return starts


Groups = dict[str, str]  # a match's named groups (its own and its left context's)
_Resolver = Callable[[Groups, "Anchor | None"], "str | None"]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern, what its match means, and the words it needs just before it (if any)."""

    trigger: str
    pattern: re.Pattern[str]
    resolve: _Resolver
    left: re.Pattern[str] | None = None
    left_required: bool = True
    not_after: str = ""  # characters that may not precede the match ("$2019" is not a year)

    def apply(self, text: str, m: re.Match[str], anc: Anchor | None) -> tuple[int, str] | None:
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in self.not_after):
            return None
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        if self.left is not None:
            ctx = self.left.search(text, max(0, start - LEFT_CONTEXT_CHARS), start)
            if ctx is None and self.left_required:
                return None
            if ctx is not None:
                groups |= {k: v for k, v in ctx.groupdict().items() if v is not None}
                start = ctx.start()
        if self.pattern is _YEAR_ONLY and _is_count(text, m.end()):
            return None
        value = self.resolve(groups, anc)
        return (start, value) if value else None


# Most specific first; overlaps are settled in favour of the longer match, then the earlier rule.
_RULES: tuple[_Rule, ...] = (
    _Rule("digit", _ISO_DATE, _full_date),
    _Rule("month", _MONTH_DAY_YEAR, _full_date),
    _Rule("digit", _DAY_MONTH_YEAR, _full_date),
    _Rule("month", _MONTH_REL_YEAR, _month_rel_year),
    _Rule("month", _MONTH_YEAR, _month_year),
    _Rule("month", _MONTH_DAY, _month_day),
    _Rule("digit", _DAY_MONTH, _month_day),
    _Rule("month", _MONTH_ONLY, _rel_month, _LEFT_REL_MONTH),
    _Rule("month", _MONTH_ONLY, _bare_month, _LEFT_BARE_MONTH),
    _Rule("digit", _DECADE, _decade),
    _Rule("apostrophe", _SHORT_DECADE, _decade),
    _Rule("digit", _YEAR_ONLY, _year, not_after=",.$£€/"),
    _Rule("unit", _UNIT, _rel_unit, _LEFT_REL_UNIT),
    _Rule("unit", _AGO, _ago, _LEFT_COUNT),
    _Rule("deictic", _DEICTIC, _deictic),
    _Rule("recent", RECENT, lambda _m, anc: iso_of(anc.year) if anc else None),
    _Rule("weekday", _WEEKDAY, _weekday, _LEFT_WEEKDAY, left_required=False),
)


def _is_count(text: str, end: int) -> bool:
    """A bare four-digit number followed by a count noun is a quantity ("1500 fighters"), not a year."""
    nxt = re.match(r"\s+(?:more\s+|other\s+|armed\s+|foreign\s+)?([a-z]+)", text[end : end + 40])
    return nxt is not None and nxt[1] in qualifier_lexicon().count_nouns


def _resolve_counted_back(found: list[TimeMention]) -> list[TimeMention]:
    """Give "N years before/after (that)" a value counted from the previous year in the text."""
    out: list[TimeMention] = []
    last_year: int | None = None
    for t in found:
        if t.value.startswith(_RELATIVE):
            if last_year is None:
                continue
            last_year += int(t.value[len(_RELATIVE) :])
            t = TimeMention(t.start, t.end, t.text, iso_of(last_year))
        elif len(t.value) >= 4:
            last_year = int(t.value[:4])
        out.append(t)
    return out
