"""Parsing the date strings found in German press exports, the same way everywhere.

Every path into a corpus (``framing.read``, ``Corpus.from_frame``, ``Corpus.from_texts``) parses
dates with :func:`check_date`, so one spelling gives one date wherever it comes from. Accepted
spellings (German day-first, never month-first):

* ``12. März 2016``, ``Samstag, 12. März 2016``, ``12 March 2016``, ``3. Okt. 2017``, ``12.März 2016``
* month names of Factiva's/Nexis' other interfaces: ``10 janvier 2018``, ``10 de enero de 2018``,
  ``10 gennaio 2018``, ``10 januari 2018``
* ``12.03.2016``, ``12.3.16`` (two-digit year, see below), ``12. 03. 2016``
* ``2016-03-12``, ``2016-03-12T10:00:00+01:00``, ``2016/03/12``
* ``20160312`` (compact, as in GENIOS XML), also with a time after it
* ``March 12, 2016``, ``January 10, 2018 Wednesday`` (Nexis/Factiva)
* ``März 2016``, ``2016-03``, ``03.2016`` (day unknown → the first of the month)
* ``2016`` alone (month and day unknown → 1 January, kept with a warning in the report)
* date/datetime objects and pandas Timestamps (e.g. from YAML, Parquet or Excel)

One representation: every date is a **naive** timestamp holding the wall-clock time as written.
A time zone is dropped without converting (``2016-03-12T00:30:00+01:00`` → ``2016-03-12 00:30``),
so that a midnight date of a German paper stays on its day and tz-aware Parquet dates mix with
naive CSV dates. Strings keep only the day (a time after the date is ignored).

Decisions on doubtful values (each is reported by ``read``, kept missing unless said otherwise):

* not a calendar date (``31.02.2016``, ``32.13.2016``) → missing;
* a year before :data:`MIN_YEAR` or after next year (``0001-01-01``, a database's "no date";
  ``2999-12-31``) → missing: such years are placeholders or typos, not publication dates;
* digits glued to a date (``20166-03-12``) → missing, never a guess at the year;
* a date after today (but not after next year) → **kept** with a warning;
* two-digit years: ``yy`` is 20yy unless that lies after next year, then 19yy
  (``10.01.18`` → 2018, ``1.2.99`` → 1999).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd

#: Earliest year accepted as a publication date; earlier years are kept missing and reported.
MIN_YEAR = 1800

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
#: Month names of the other interface languages of Factiva and Nexis (French, Spanish, Italian,
#: Dutch), so that an export saved from such an interface keeps its dates.
_MONTHS.update({
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
})
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PATTERNS = [
    # 2016-03-12, 2016-03-12T10:00:00Z, 2016/03/12, 2016.03.12
    re.compile(r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),
    # 20160312 (GENIOS XML), maybe with a time after it
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:[T ]\S*)?$"),
    # 12.03.2016, 12.3.16, 12. 03. 2016
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d.]\d)"),
    # 12. März 2016, 12 March 2016, 12.März 2016, 10 de enero de 2018
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:\.\s*|\s+)(?:de\s+)?(?P<mn>{_MONTH_RE})\.?\s+(?:de\s+)?"
               rf"(?P<y>\d{{4}})(?!\d)", re.I),
    # March 12, 2016; January 10, 2018 Wednesday
    re.compile(rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    # März 2016 (day unknown -> first of month)
    re.compile(rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    # 2016-03, 03.2016, 03/2016 (a whole value: day unknown -> first of month)
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})$"),
]
#: A bare year ("2016", as in many published datasets): kept as 1 January with a warning, since
#: month and day are unknown and a monthly analysis would put the document in January.
_YEAR_ONLY = re.compile(r"^(?P<y>\d{4})$")
_EMPTY = frozenset({"", "nan", "none", "nat", "null", "<na>"})


@dataclass(frozen=True)
class DateCheck:
    """The outcome of parsing one date value.

    ``value`` is the naive Timestamp or ``None``; ``problem`` says why it is missing (when the
    input was not empty) or what is doubtful about a kept value (a date in the future)."""

    value: pd.Timestamp | None
    problem: str | None = None


def _today() -> pd.Timestamp:
    return pd.Timestamp.today().normalize()


def _max_year(today: pd.Timestamp) -> int:
    return today.year + 1


def _in_range(ts: pd.Timestamp, raw: str, today: pd.Timestamp) -> DateCheck:
    if ts.year < MIN_YEAR or ts.year > _max_year(today):
        return DateCheck(None, f"implausible year {ts.year} in date {raw!r} (accepted: "
                               f"{MIN_YEAR} to {_max_year(today)}); kept as missing")
    ts = pd.Timestamp(ts).as_unit("ns")
    if ts.date() > today.date():
        return DateCheck(ts, f"date {raw!r} lies in the future (after {today.date()}); kept")
    return DateCheck(ts)


def _year(text: str, today: pd.Timestamp) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= _max_year(today) else 1900
    return year


def check_date(value: object, *, today: pd.Timestamp | None = None) -> DateCheck:
    """Parse one date value (see the module docstring) and say what is wrong with it, if anything.

    Empty values (``None``, ``""``, ``NaN``, ``NaT``) give ``DateCheck(None, None)``."""
    today = _today() if today is None else pd.Timestamp(today)
    if value is None or value is pd.NaT:
        return DateCheck(None)
    if isinstance(value, float) and np.isnan(value):
        return DateCheck(None)
    if isinstance(value, (pd.Timestamp, datetime, date, np.datetime64)):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, OverflowError):
            return DateCheck(None, f"date {str(value)[:40]!r} cannot be represented; kept as missing")
        if pd.isna(ts):
            return DateCheck(None)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)  # keep the wall-clock time as written
        if not isinstance(value, datetime) and isinstance(value, date):
            ts = ts.normalize()
        return _in_range(ts, str(value)[:40], today)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = str(int(value))
    return _check_text(str(value).strip(), today)


@lru_cache(maxsize=65_536)
def _check_text(text: str, today: pd.Timestamp) -> DateCheck:
    """:func:`check_date` for a string (cached: a corpus repeats its dates many times)."""
    if text.lower() in _EMPTY:
        return DateCheck(None)
    raw = text[:40]
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else _MONTHS[g["mn"].lower()]
        day = int(g["d"]) if g.get("d") else 1
        year = _year(g["y"], today)
        try:
            parsed = date(year, month, day)
        except ValueError:
            if not 1 <= year <= 9999:
                return DateCheck(None, f"implausible year {year} in date {raw!r}; kept as missing")
            return DateCheck(None, f"{raw!r} is not a calendar date (day {day}, month {month}, "
                                   f"year {year}); kept as missing")
        if parsed.year < MIN_YEAR or parsed.year > _max_year(today):
            return DateCheck(None, f"implausible year {parsed.year} in date {raw!r} (accepted: "
                                   f"{MIN_YEAR} to {_max_year(today)}); kept as missing")
        ts = pd.Timestamp(parsed.year, parsed.month, parsed.day).as_unit("ns")
        if parsed > today.date():
            return DateCheck(ts, f"date {raw!r} lies in the future (after {today.date()}); kept")
        return DateCheck(ts)
    m = _YEAR_ONLY.match(text)
    if m and MIN_YEAR <= int(m["y"]) <= _max_year(today):
        ts = pd.Timestamp(int(m["y"]), 1, 1).as_unit("ns")
        return DateCheck(ts, f"year-only date {raw!r} set to 1 January {m['y']} "
                             f"(month and day unknown); kept")
    return DateCheck(None, f"unparseable date {raw!r} kept as missing")


def parse_date(value: object) -> pd.Timestamp | None:
    """Return a naive Timestamp, or ``None`` when ``value`` is empty or not a plausible date
    (see :func:`check_date` for the reasons)."""
    return check_date(value).value


def parse_dates(values: "pd.Series | list[object]") -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse a column of dates → (datetime64 Series, [(position, problem), ...]).

    Used by :meth:`Corpus.from_frame` and :meth:`Corpus.from_texts` so that a DataFrame's dates
    parse exactly as ``read`` parses them; the problems are reported there."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    today = _today()
    problems: list[tuple[int, str]] = []
    parsed: list[pd.Timestamp | None] = []
    memo: dict[object, DateCheck] = {}
    for pos, v in enumerate(series.tolist()):
        try:
            check = memo.get(v)
        except TypeError:  # unhashable (a list in a date cell)
            check, v = None, str(v)
        if check is None:
            check = check_date(v, today=today)
            memo[v] = check
        if check.problem:
            problems.append((pos, check.problem))
        parsed.append(check.value)
    out = pd.Series(pd.to_datetime(pd.Series(parsed, dtype=object), errors="coerce"),
                    index=series.index, name=series.name).astype("datetime64[ns]")
    return out, problems
