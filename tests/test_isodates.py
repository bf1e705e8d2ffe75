"""The one date reader of the command line and the API (factionmap/isodates.py)."""

from __future__ import annotations

import pytest

from factionmap.errors import InvalidInput
from factionmap.isodates import parse_iso_date


@pytest.mark.parametrize("good", ["2021", "2021-08", "2021-08-15", " 2024-02-29 "])
def test_real_iso_years_months_and_days_are_taken(good):
    assert parse_iso_date(good) == good.strip()


@pytest.mark.parametrize("bad", ["yesterday", "2030-99-99", "15/03/2019", "2023-02-29", "2021-13", "2021-00",
                                 "0999", "21-08-15", "", "2021-8-15", "2021-08-15T00:00"])
def test_anything_else_is_refused_naming_the_field_and_the_shape(bad):
    with pytest.raises(InvalidInput) as err:
        parse_iso_date(bad, "--since")
    assert str(err.value).startswith("--since: ") and "2021-08-15" in str(err.value)
