"""HTML building blocks of the report: escaping, number formats, tables, KWIC evidence in
``<details>``, sections and the page with its table of contents.

Every function returns an HTML fragment as a string; every value from the data passes through
:func:`esc` (German text, quotes, ``<`` in a headline), so a fragment is always safe to join.
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

NA = '<span class="na">–</span>'


def missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def esc(value: Any) -> str:
    """The value as escaped text; a dash for missing values."""
    return NA if missing(value) else html.escape(str(value))


def num(value: Any, digits: int = 2) -> str:
    """A number: integers with thousands separators, floats with ``digits`` decimals."""
    if missing(value):
        return NA
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return esc(value)
    if isinstance(value, bool):
        return esc(value)
    if isinstance(value, (int, np.integer)) or digits == 0:
        return f"{round(float(value)):,}"
    return f"{float(value):,.{digits}f}"


def count(value: Any) -> str:
    """A count: ``12,345``."""
    return num(value, 0)


def pct(value: Any) -> str:
    """A share 0–1 as a percentage: ``37 %`` (``<1 %`` for small non-zero shares)."""
    if missing(value):
        return NA
    v = float(value) * 100
    return "&lt;1&nbsp;%" if 0 < v < 0.5 else f"{v:.0f}&nbsp;%"


def interval(value: Any, low: Any, high: Any, fmt: Callable[[Any], str] = num) -> str:
    """``value [low–high]``; only the value where the interval is missing. With ``fmt=pct``
    the bounds go without their own percent signs: ``55 % [42–66]``."""
    if missing(value):
        return NA
    if missing(low) or missing(high):
        return f'{fmt(value)} <span class="ci" title="no interval (fewer than two documents)">[–]</span>'
    bound = (lambda v: f"{float(v) * 100:.0f}") if fmt is pct else fmt
    return f'{fmt(value)} <span class="ci">[{bound(low)}–{bound(high)}]</span>'


def bar(value: Any, width: float = 1.0) -> str:
    """A small horizontal bar for a share 0–1 (decoration beside the number)."""
    if missing(value):
        return ""
    w = max(0.0, min(1.0, float(value) / width)) * 100
    return f'<span class="bar"><span style="width:{w:.1f}%"></span></span>'


def link(href: str, text: str | None = None) -> str:
    """A link to a file of the analysis folder, by relative path."""
    return f'<a href="{html.escape(quote(href))}">{esc(text if text is not None else href)}</a>'


def details(summary: str, body: str, cls: str = "evidence") -> str:
    """A closed ``<details>``: ``summary`` (HTML) visible, ``body`` one click away."""
    return f'<details class="{cls}"><summary>{summary}</summary>{body}</details>'


def note(text: str) -> str:
    """A "how to read this" box (``text`` is HTML)."""
    return f'<div class="howto"><strong>How to read this.</strong> {text}</div>'


def cut_note(shown: int, total: int, href: str | None) -> str:
    """Say that a table was cut, and where the whole of it is."""
    if shown >= total:
        return ""
    where = f"; all rows: {link(href)}" if href else ""
    return f'<p class="cut">Showing {shown:,} of {total:,} rows{where}.</p>'


@dataclass
class Column:
    """One table column: the data ``key``, its ``header``, a formatter to HTML and a CSS class
    (``"num"`` right-aligns). ``key`` may be a callable taking the row."""

    key: str | Callable[[pd.Series], Any]
    header: str
    fmt: Callable[[Any], str] = esc
    cls: str = ""

    def cell(self, row: pd.Series) -> str:
        value = self.key(row) if callable(self.key) else row.get(self.key)
        return f'<td class="{self.cls}">{self.fmt(value)}</td>' if self.cls else f"<td>{self.fmt(value)}</td>"


def table(rows: pd.DataFrame, columns: Sequence[Column], *, max_rows: int | None = None,
          evidence: Sequence[str] | None = None, href: str | None = None, cls: str = "data") -> str:
    """An HTML table of ``rows``; at most ``max_rows`` (a note says so, linking ``href``).
    ``evidence``: one HTML fragment per row, shown in a full-width row beneath it."""
    total = len(rows)
    shown = rows if max_rows is None else rows.iloc[:max_rows]
    head = "".join(f'<th class="{c.cls}">{html.escape(c.header)}</th>' for c in columns)
    body = []
    # object dtype: iterrows would turn the ints of an all-numeric row into floats ("2015.0")
    for i, (_, row) in enumerate(shown.astype(object).iterrows()):
        body.append("<tr>" + "".join(c.cell(row) for c in columns) + "</tr>")
        if evidence is not None and evidence[i]:
            body.append(f'<tr class="ev"><td colspan="{len(columns)}">{evidence[i]}</td></tr>')
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>' + cut_note(len(shown), total, href))


def kwic(rows: pd.DataFrame, extra: Sequence[Column] = (), max_rows: int = 8, lead: Sequence[Column] = ()) -> str:
    """Keyword-in-context rows (``left``, ``match``, ``right``) after the ``lead`` columns and
    the document id, ``extra`` columns after them; the match stands out between its
    right-aligned left context and its right context."""
    if rows.empty:
        return '<p class="na">No evidence rows.</p>'
    cols = [*lead, Column("doc_id", "document", cls="doc"), Column("left", "", cls="left"),
            Column("match", "match", cls="match"), Column("right", "", cls="right"), *extra]
    return table(rows, cols, max_rows=max_rows, cls="kwic")


@dataclass
class Section:
    """One section of the report: anchor ``id``, ``title``, HTML ``body``; ``ran`` is False when
    the analysis step did not run (the body then says so)."""

    id: str
    title: str
    body: str
    ran: bool = True


def not_run(id: str, title: str, what: str) -> Section:
    """A section whose step did not run: ``what`` (HTML) says which files are missing."""
    return Section(id, title, f'<p class="notrun">Not run: {what}</p>', ran=False)


def page(title: str, header: str, sections: Sequence[Section], css: str) -> str:
    """The whole document: ``<meta charset>``, inline CSS, header, table of contents, sections."""
    toc = "".join(f'<li><a href="#{s.id}">{html.escape(s.title)}</a>'
                  + ("" if s.ran else ' <span class="na">(not run)</span>') + "</li>" for s in sections)
    body = "".join(f'<section id="{s.id}" class="{"" if s.ran else "notrun"}"><h2>{html.escape(s.title)}</h2>'
                   f"{s.body}</section>" for s in sections)
    return ("<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{css}</style></head>"
            f"<body><main>{header}<nav class=\"toc\"><h2>Contents</h2><ol>{toc}</ol></nav>{body}"
            "</main></body></html>\n")


__all__ = [
    "NA",
    "Column",
    "Section",
    "bar",
    "count",
    "cut_note",
    "details",
    "esc",
    "interval",
    "kwic",
    "link",
    "missing",
    "not_run",
    "note",
    "num",
    "page",
    "pct",
    "table",
]
