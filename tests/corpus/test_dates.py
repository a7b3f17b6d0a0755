"""Date strings as they appear in German press exports."""
from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus.dates import parse_date


@pytest.mark.parametrize("raw, expected", [
    ("12. März 2016", "2016-03-12"),
    ("Samstag, 12. März 2016", "2016-03-12"),
    ("12.03.2016", "2016-03-12"),
    ("1.2.16", "2016-02-01"),
    ("2016-03-12T10:00:00Z", "2016-03-12"),
    ("March 12, 2016 Saturday", "2016-03-12"),
    ("12 March 2016", "2016-03-12"),
    ("3. Okt. 2017", "2017-10-03"),
    ("Dezember 2018", "2018-12-01"),
])
def test_parses_common_formats(raw: str, expected: str) -> None:
    assert parse_date(raw) == pd.Timestamp(expected)


@pytest.mark.parametrize("raw", ["", "  ", None, "gestern", "32.13.2016", "nan"])
def test_unparseable_or_empty_gives_none(raw) -> None:
    assert parse_date(raw) is None
