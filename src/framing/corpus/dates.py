"""Parsing the date strings found in German press exports ("12. März 2016", "12.03.2016",
"Samstag, 12. März 2016", "March 12, 2016", "2016-03-12T10:00:00Z")."""
from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

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
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PATTERNS = [
    # 2016-03-12, 2016-03-12T10:00:00Z, 2016/03/12
    (re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"), "ymd"),
    # 12.03.2016, 12.3.16
    (re.compile(r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})\b"), "dmy"),
    # 12. März 2016, 12 March 2016
    (re.compile(rf"(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH_RE})\.?\s+(?P<y>\d{{4}})", re.I), "d_mn_y"),
    # March 12, 2016
    (re.compile(rf"(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I), "mn_d_y"),
    # März 2016 (day unknown -> first of month)
    (re.compile(rf"(?P<mn>{_MONTH_RE})\.?\s+(?P<y>\d{{4}})", re.I), "mn_y"),
]


def parse_date(value: object) -> pd.Timestamp | None:
    """Return a Timestamp, or ``None`` when ``value`` is empty or not a recognisable date."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value)
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "nat", "null"}:
        return None
    for pattern, kind in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        try:
            year = int(g["y"])
            if year < 100:
                year += 2000 if year < 70 else 1900
            month = int(g["m"]) if "m" in g and g.get("m") else _MONTHS[g["mn"].lower()]
            day = int(g["d"]) if g.get("d") else 1
            return pd.Timestamp(year=year, month=month, day=day)
        except (ValueError, KeyError):
            return None
    return None
