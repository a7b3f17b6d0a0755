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


# --- one date, every spelling the press exports use ------------------------------------------

@pytest.mark.parametrize("raw", [
    "10. Januar 2018", "January 10, 2018 Wednesday", "10 January 2018", "2018-01-10", "20180110",
    "10.01.18", "10.01.2018", "Mittwoch, 10. Januar 2018", "10. Jan. 2018", "2018-01-10T23:30:00Z",
    "20180110T093000", "10. 01. 2018", "2018/01/10",
])
def test_every_press_spelling_gives_the_same_date(raw: str) -> None:
    assert parse_date(raw) == pd.Timestamp("2018-01-10")


def test_objects_and_numbers() -> None:
    import datetime as dt

    import numpy as np

    assert parse_date(dt.date(2018, 1, 10)) == pd.Timestamp("2018-01-10")
    assert parse_date(np.datetime64("2018-01-10")) == pd.Timestamp("2018-01-10")
    assert parse_date(20180110) == pd.Timestamp("2018-01-10")  # a JSON number
    assert parse_date(float("nan")) is None and parse_date(pd.NaT) is None


def test_time_zones_are_dropped_keeping_the_wall_clock() -> None:
    berlin = pd.Timestamp("2016-03-12 00:30", tz="Europe/Berlin")
    assert parse_date(berlin) == pd.Timestamp("2016-03-12 00:30")
    assert parse_date(berlin).tzinfo is None
    assert parse_date("2016-03-12T00:30:00+01:00") == pd.Timestamp("2016-03-12")


# --- doubtful values: what is kept and what is reported -------------------------------------

def test_placeholder_and_glued_years_are_missing_with_a_reason() -> None:
    from framing.corpus.dates import DateCheck, check_date

    today = pd.Timestamp("2026-06-01")
    assert check_date("0001-01-01", today=today) == DateCheck(
        None, "implausible year 1 in date '0001-01-01' (accepted: 1800 to 2027); kept as missing")
    assert check_date("20166-03-12", today=today).value is None  # never "year 166"
    assert check_date("20166-03-12", today=today).problem == (
        "unparseable date '20166-03-12' kept as missing")
    assert check_date("1799-12-31", today=today).value is None
    assert check_date("2999-12-31", today=today).value is None
    import datetime as dt

    assert check_date(dt.datetime(1, 1, 1), today=today).value is None


def test_impossible_calendar_dates() -> None:
    from framing.corpus.dates import check_date

    checked = check_date("31.02.2016")
    assert checked.value is None
    assert checked.problem == ("'31.02.2016' is not a calendar date (day 31, month 2, year 2016); "
                               "kept as missing")
    assert check_date("2016-02-30").value is None
    assert check_date("29.02.2016").value == pd.Timestamp("2016-02-29")


def test_future_dates_are_kept_with_a_warning() -> None:
    from framing.corpus.dates import check_date

    today = pd.Timestamp("2026-06-01")
    soon = check_date("15.08.2026", today=today)
    assert soon.value == pd.Timestamp("2026-08-15")
    assert soon.problem == "date '15.08.2026' lies in the future (after 2026-06-01); kept"
    assert check_date("01.06.2026", today=today).problem is None  # today is not the future
    assert check_date("2028-01-01", today=today).value is None  # after next year: implausible


@pytest.mark.parametrize("raw, expected", [
    ("10.01.18", "2018-01-10"), ("1.2.99", "1999-02-01"), ("1.2.70", "1970-02-01"),
    ("1.2.27", "2027-02-01"), ("1.2.28", "1928-02-01"),
])
def test_two_digit_years_pivot_on_next_year(raw: str, expected: str) -> None:
    from framing.corpus.dates import check_date

    assert check_date(raw, today=pd.Timestamp("2026-06-01")).value == pd.Timestamp(expected)


def test_parse_dates_column_reports_positions() -> None:
    from framing.corpus.dates import parse_dates

    col = pd.Series(["12.03.2016", None, "31.02.2016", pd.Timestamp("2016-01-01", tz="UTC"),
                     "12. März 2016"])
    parsed, problems = parse_dates(col)
    assert str(parsed.dtype) == "datetime64[ns]"
    assert parsed[0] == pd.Timestamp("2016-03-12") and pd.isna(parsed[1]) and pd.isna(parsed[2])
    assert parsed[3] == pd.Timestamp("2016-01-01") and parsed[4] == pd.Timestamp("2016-03-12")
    assert [pos for pos, _ in problems] == [2]


@pytest.mark.parametrize("text", ["10 janvier 2018", "10 de enero de 2018", "10 gennaio 2018",
                                  "10 januari 2018", "Mittwoch 10.Januar 2018", "janvier 10, 2018"])
def test_other_interface_languages_and_glued_day(text):
    """Factiva/Nexis exports saved from a French, Spanish, Italian or Dutch interface keep their
    dates; a day glued to the month name ("10.Januar") parses too."""
    assert parse_date(text) == pd.Timestamp("2018-01-10")


def test_year_month_and_bare_year_spellings() -> None:
    from framing.corpus.dates import check_date

    today = pd.Timestamp("2026-06-01")
    assert check_date("2016-03", today=today).value == pd.Timestamp("2016-03-01")
    assert check_date("03.2016", today=today).value == pd.Timestamp("2016-03-01")
    assert check_date("3/2016", today=today).value == pd.Timestamp("2016-03-01")
    year = check_date("2016", today=today)
    assert year.value == pd.Timestamp("2016-01-01")
    assert year.problem == "year-only date '2016' set to 1 January 2016 (month and day unknown); kept"
    assert check_date(2016, today=today).value == pd.Timestamp("2016-01-01")
    assert check_date("1700", today=today).value is None  # before MIN_YEAR: not a publication year
    assert check_date("13.2016", today=today).value is None  # month 13
