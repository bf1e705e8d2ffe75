"""The one reader of the dates people give factionmap (``--as-of``, ``--since``, ``?as_of=``, ``?since=``).

Claim and article dates are ISO dates as precise as known: ``2021``, ``2021-08`` or ``2021-08-15``. A
question's date has the same shape and must name a real day, month or year: "yesterday",
"2030-99-99" and "15/03/2019" are refused with one sentence saying what is expected, by the command
line (exit 2) and the API (422) alike, instead of being compared as strings and answering "nothing".
"""

from __future__ import annotations

import datetime as dt
import re

from factionmap.errors import InvalidInput

ISO_SHAPE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EXPECTED = "expected an ISO date: 2021, 2021-08 or 2021-08-15"


def parse_iso_date(text: str, field: str = "date") -> str:
    """``text`` stripped, when it is a real ISO year, month or day; InvalidInput naming ``field`` otherwise."""
    value = (text or "").strip()
    m = ISO_SHAPE.match(value)
    if m is None:
        raise InvalidInput(f"{value!r} is not a date", source=field, hint=EXPECTED)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        dt.date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidInput(f"{value!r} is not a real date", source=field, hint=EXPECTED) from None
    if year < 1000:
        raise InvalidInput(f"{value!r} is not a real date", source=field, hint=EXPECTED)
    return value
