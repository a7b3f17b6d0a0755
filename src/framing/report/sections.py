"""One function per report section. Each takes the :class:`AnalysisFolder` and returns a
:class:`Section` (or, for the header, HTML); a step that did not run gives a "not run" section.

Tables are cut to readable sizes with a link to the full CSV; every headline number has its
evidence (KWIC rows, documents) one click away in a ``<details>`` beneath its row.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from framing.report import html as h
from framing.report.assets import image
from framing.report.folder import AnalysisFolder

#: rows shown in a table / in one evidence box before the note "showing N of M"
MAX_ROWS = 25
MAX_EVIDENCE = 6
NO_GROUP = "(no {by})"


def _truthy(series: pd.Series) -> pd.Series:
    """A CSV column of True/False (read as bool or as text) as booleans."""
    if series.dtype == bool:
        return series
    return series.astype(str).str.lower().isin(("true", "1", "1.0"))


def _counted_first(ev: pd.DataFrame, flag: str = "counted") -> pd.DataFrame:
    """Counted evidence rows first (in reading order), then the excluded ones with their reason."""
    if flag not in ev.columns or ev.empty:
        return ev
    order = (~_truthy(ev[flag])).astype(int)
    return ev.assign(_o=order.to_numpy()).sort_values("_o", kind="stable").drop(columns="_o")


def _figure(folder: AnalysisFolder, rel: str, caption: str) -> str:
    """An inlined figure with a caption and links to its PNG/SVG files; "" where absent."""
    path = folder.path(rel)
    if path is None:
        return ""
    files = [h.link(folder.rel(p), p.suffix[1:].upper()) for p in (path.with_suffix(".png"), path.with_suffix(".svg"))
             if p.is_file()]
    return (f'<figure>{image(path, caption)}<figcaption>{h.esc(caption)} '
            f'<span class="files">({", ".join(files)})</span></figcaption></figure>')


def _unit_column(table: pd.DataFrame) -> str:
    """The grouping column of a per-unit table: its first column."""
    return str(table.columns[0])


def _verdict(row: pd.Series) -> str:
    if h.missing(row.get("overlap")):
        return '<span class="na" title="single document or no hits: no interval">not established</span>'
    if str(row.get("clear")).lower() == "true":
        return '<span class="ok">clear</span>'
    return '<span class="warn" title="the intervals of the first two frames overlap">overlapping</span>'


# -- header ---------------------------------------------------------------------------------------
def header(folder: AnalysisFolder) -> str:
    """Title, sources, settings, framing version and run time per step (from analysis.json)."""
    import framing

    m = folder.meta
    facts = [("folder", h.esc(folder.root.resolve())),
             ("created", h.esc(m.get("created", "unknown (no analysis.json)"))),
             ("framing version", h.esc(m.get("framing_version", "unknown"))
              + f' <span class="na">(report written with {h.esc(framing.__version__)})</span>')]
    sources = m.get("sources") or []
    if sources:
        facts.append(("sources", "<br>".join(h.esc(s) for s in sources)))
    settings = m.get("settings") or {}
    if settings:
        facts.append(("settings", " · ".join(f"<code>{h.esc(k)}={h.esc(v)}</code>" for k, v in settings.items())))
    seconds = m.get("seconds") or {}
    if seconds:
        total = sum(float(v) for v in seconds.values())
        facts.append(("run time", " · ".join(f"{h.esc(k)} {float(v):.1f} s" for k, v in seconds.items())
                      + f" · <strong>total {total:.1f} s</strong>"))
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    missing = "" if m else ('<p class="notrun">This folder has no <code>analysis.json</code>: sources, settings '
                            "and run times are unknown.</p>")
    return (f'<header><h1>framing report <span class="sub">{h.esc(folder.root.name)}</span></h1>'
            f'<table class="facts">{rows}</table>{missing}</header>')


# -- corpus ---------------------------------------------------------------------------------------
def _annotation_numbers(text: str | None) -> dict[str, str]:
    """``tokens``, ``sentences`` … from annotation_summary.txt (two columns: name, value)."""
    out: dict[str, str] = {}
    for line in (text or "").splitlines():
        m = re.match(r"(.+?)\s{2,}(\S.*)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _common_folder(paths: Sequence[str]) -> str:
    """The folder all ``paths`` lie in ("" for fewer than two paths or none in common)."""
    import os

    if len(paths) < 2:
        return ""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # absolute and relative paths mixed
        return ""
    if common in paths:  # one file for every record (a CSV, a JSONL): its folder
        common = os.path.dirname(common)
    return common if common not in ("", "/", ".") else ""


def _size(n_bytes: int) -> str:
    return f"{n_bytes:,} bytes" if n_bytes < 1024 else f"{n_bytes / 1024:,.0f} KB"


def _documents_box(docs: pd.DataFrame, limit: int = 10) -> str:
    """The first documents of a group: date, outlet, title."""
    cols = [c for c in ("doc_id", "date", "outlet", "title") if c in docs.columns]
    rows = docs[cols].copy()
    if "date" in rows.columns:
        rows["date"] = pd.to_datetime(rows["date"], errors="coerce").dt.strftime("%Y-%m-%d")
        rows = rows.sort_values("date", kind="stable", na_position="last")
    return h.table(rows, [h.Column(c, c) for c in cols], max_rows=limit, cls="small")


def corpus(folder: AnalysisFolder) -> h.Section:
    """Documents, sources, groups, ingest events (skipped, repaired, duplicates)."""
    sid, title = "corpus", "Corpus and ingest"
    docs = folder.corpus
    events = folder.csv("ingest_events.csv")
    if docs is None and events is None:
        return h.not_run(sid, title, "<code>corpus.parquet</code> and <code>ingest_events.csv</code> are absent.")
    by = folder.by
    ann = _annotation_numbers(folder.text("annotation_summary.txt"))
    cards: list[tuple[str, str]] = []
    if docs is not None:
        cards.append(("documents", h.count(len(docs))))
        if "is_duplicate" in docs.columns:
            cards.append(("marked duplicates", h.count(int(_truthy(docs["is_duplicate"]).sum()))))
        if by in docs.columns:
            cards.append((f"{by} groups", h.count(docs[by].nunique())))
        if "date" in docs.columns:
            dates = pd.to_datetime(docs["date"], errors="coerce").dropna()
            if len(dates):
                cards.append(("dates", f"{dates.min():%Y-%m-%d} – {dates.max():%Y-%m-%d}"))
    if "tokens" in ann:
        cards.append(("tokens", h.count(int(ann["tokens"]))))
    if events is not None and "status" in events.columns:
        status = events["status"].value_counts()
        for s in ("skipped", "repaired", "warning", "duplicate"):
            cards.append((s, h.count(int(status.get(s, 0)))))
    parts = ['<div class="cards">' + "".join(f'<div class="card"><div class="v">{v}</div>'
                                             f'<div class="k">{h.esc(k)}</div></div>'
                                             for k, v in cards) + "</div>"]
    parts.append(h.note(
        f"Every input record is accounted for: <em>read</em> became a document, <em>repaired</em> was read "
        "after fixing its encoding or markup, <em>skipped</em> was not a document (the reason is given), "
        "<em>duplicate</em> marks near-identical agency copies (kept in the table, left out of the "
        f"annotation). Documents are grouped by <code>{h.esc(by)}</code>; open a row to see its documents."))
    if docs is not None and by in docs.columns:
        groups = docs[by].astype(object).where(docs[by].notna(), NO_GROUP.format(by=by))
        counts = groups.value_counts().rename_axis(by).reset_index(name="documents")
        g = folder.meta.get("groups") or {}
        pooled = set(map(str, g.get("pooled") or []))
        counts["note"] = [("pooled into “other” (fewer than " + str(g.get("min_group_size")) + " documents)")
                          if str(v) in pooled else "" for v in counts[by]]
        years = None
        if "date" in docs.columns:
            years = pd.to_datetime(docs["date"], errors="coerce").dt.year
        cols = [h.Column(by, by), h.Column("documents", "documents", h.count, "num")]
        if years is not None and years.notna().any():
            span = groups.to_frame("g").assign(y=years.to_numpy())
            first = span.groupby("g")["y"].agg(["min", "max"])
            counts["years"] = [f"{int(first.loc[v, 'min'])}–{int(first.loc[v, 'max'])}"
                               if v in first.index and not h.missing(first.loc[v, "min"]) else None for v in counts[by]]
            cols.append(h.Column("years", "years"))
        if pooled:
            cols.append(h.Column("note", "note"))
        evidence = [h.details(f"{h.count(n)} documents", _documents_box(docs[groups == v]))
                    for v, n in zip(counts[by], counts["documents"])]
        parts.append(f"<h3>Documents by {h.esc(by)}</h3>" + h.table(counts, cols, evidence=evidence))
    summary = folder.glob("summary_*_year.csv")
    if summary:
        summ = pd.read_csv(summary[0])
        if {"year", "documents"} <= set(summ.columns) and len(summ.columns) >= 3:
            key = summ.columns[0]
            wide = summ.pivot_table(index=key, columns="year", values="documents", aggfunc="sum", fill_value=0)
            wide = wide.reset_index()
            if len(wide.columns) > 1:  # documents without dates give no year columns
                cols = [h.Column(key, key)] + [h.Column(y, str(y), h.count, "num") for y in wide.columns[1:]]
                parts.append(f"<h3>Documents by {h.esc(key)} and year</h3>"
                             + h.table(wide, cols, max_rows=MAX_ROWS, href=folder.rel(summary[0])))
    if events is not None and len(events):
        rank = {"skipped": 0, "warning": 1, "repaired": 2, "duplicate": 3, "read": 4}
        ev = events.assign(_r=events["status"].map(rank).fillna(5)).sort_values("_r", kind="stable")
        base = _common_folder(ev["file"].dropna().astype(str).tolist())
        if base:
            ev["file"] = ev["file"].astype(str).map(lambda f: f[len(base):].lstrip("/") if f.startswith(base) else f)
        cols = [h.Column("file", "file", cls="path"), h.Column("record", "record", h.count, "num"),
                h.Column("status", "status", lambda v: f'<span class="st-{h.esc(v)}">{h.esc(v)}</span>'),
                h.Column("detail", "detail"), h.Column("doc_id", "document")]
        where = f" Paths below <code>{h.esc(base)}</code>." if base else ""
        parts.append(f"<h3>Ingest events</h3><p>Problems first, then the records read.{where}</p>"
                     + h.table(ev, cols, max_rows=15, href="ingest_events.csv"))
    report = folder.text("ingest_report.txt")
    if report:
        parts.append(h.details("Full ingest report (text)", f"<pre>{h.esc(report[:20000])}</pre>", cls="plain"))
    if ann:
        rows = pd.DataFrame({"what": list(ann), "value": list(ann.values())})
        parts.append(h.details("Annotation summary", h.table(rows, [h.Column("what", ""), h.Column("value", "")],
                                                                 cls="small"), cls="plain"))
    return h.Section(sid, title, "".join(parts))


# -- frames ---------------------------------------------------------------------------------------
def _codebook_dims(folder: AnalysisFolder) -> dict[str, list[str]]:
    """Dimension → frames of the scored codebook (frames/codebook.yaml), in codebook order."""
    p = folder.path("frames/codebook.yaml")
    if p is None:
        return {}
    from framing.frames.codebook import Codebook

    cb = Codebook.from_yaml(p)
    return {(d or "frames"): list(fs) for d, fs in cb.dimensions.items()}


def _counted_by_unit(ev: pd.DataFrame | None) -> dict[str, pd.DataFrame] | None:
    """The counted frame hits of ``frames/evidence.csv``, split by unit once (not per row)."""
    if ev is None:
        return None
    if "counted" in ev.columns:
        ev = ev[_truthy(ev["counted"])]
    return {str(u): rows for u, rows in ev.groupby(ev["unit"].astype(str), sort=False)}


def _share_interval(share: str, low: str, high: str) -> Callable[[pd.Series], str]:
    """A cell: the share in column ``share`` with its interval and bar."""
    return lambda r: h.interval(r[share], r.get(low), r.get(high), h.pct) + h.bar(r[share])


def _frame_evidence(by_unit: dict[str, pd.DataFrame], unit: Any, frames: Sequence[str], per_frame: int = 3) -> str:
    """The first counted KWIC rows of each of ``frames`` in ``unit``."""
    rows = by_unit.get(str(unit), pd.DataFrame(columns=["frame"]))
    counted = rows[rows["frame"].isin(frames)]
    picked = pd.concat([counted[counted["frame"] == f].head(per_frame) for f in frames]) if len(counted) else counted
    extra = [h.Column("frame", "frame"), h.Column("term", "term")]
    return h.details(f"evidence: {h.count(len(counted))} counted hits",
                     h.kwic(picked, extra, max_rows=per_frame * len(frames)))


def frames_profile(folder: AnalysisFolder) -> h.Section:
    """The framing profile per group: dominant frame and runner-up with intervals; shares of
    every frame; the north/south measure; evidence per group."""
    sid, title = "frames", "Framing profile"
    frames = folder.csv("frames/frames.csv")
    if frames is None:
        return h.not_run(sid, title, "<code>frames/frames.csv</code> is absent (the frames step did not run).")
    dims = _codebook_dims(folder) or {"frames": [c[:-6] for c in frames.columns
                                                 if c.endswith("_share") and f"{c[:-6]}_per_1k" in frames.columns]}
    unit = _unit_column(frames)
    ev = _counted_by_unit(folder.csv("frames/evidence.csv"))
    first_dim, first = next(iter(dims.items()))
    parts = [h.note(
        f"Each codebook frame is a list of terms (lemmas, compounds, phrases); a hit is one occurrence. "
        f"<em>Share</em> is a frame's part of all hits of its dimension in that {h.esc(unit)} (the "
        f"{h.esc(first_dim)} shares add up to 100&nbsp;%). Brackets are 95&nbsp;% bootstrap intervals "
        "(documents resampled): wide brackets mean few documents or hits. The profile is <em>clear</em> "
        "when the dominant frame's interval lies above the runner-up's; <em>overlapping</em> means the "
        "data do not establish which frame dominates. Open a row for the passages behind the numbers.")]
    profile = folder.csv("frames/profile.csv")
    if profile is not None and len(profile):
        cols = [h.Column(unit, unit), h.Column("n_docs", "documents", h.count, "num"),
                h.Column("n_hits", "hits", h.count, "num"),
                h.Column("dominant", "dominant frame"),
                h.Column(lambda r: h.interval(r["share"], r["low"], r["high"], h.pct), "share", str, "num"),
                h.Column("runner_up", "runner-up"),
                h.Column(lambda r: h.interval(r.get("runner_up_share"), r.get("runner_up_low"),
                                              r.get("runner_up_high"), h.pct), "share", str, "num"),
                h.Column(_verdict, "profile", str)]
        evidence = ([_frame_evidence(ev, u, first) for u in profile[unit]] if ev is not None else None)
        parts.append(f"<h3>Dominant {h.esc(first_dim)} per {h.esc(unit)}</h3>"
                     + h.table(profile, cols, evidence=evidence, max_rows=MAX_ROWS, href="frames/profile.csv"))
    parts.append(_figure(folder, "frames/profile.png", f"Frame shares per {unit} with 95 % intervals"))
    for i, (dim, names) in enumerate(dims.items()):
        names = [f for f in names if f"{f}_share" in frames.columns]
        if not names:
            continue
        cols = [h.Column(unit, unit), h.Column("n_docs", "documents", h.count, "num")]
        for f in names:
            cols.append(h.Column(_share_interval(f"{f}_share", f"{f}_share_low", f"{f}_share_high"), f, str, "num"))
        evidence = [_frame_evidence(ev, u, names, per_frame=2) for u in frames[unit]] if ev is not None else None
        block = h.table(frames, cols, evidence=evidence, max_rows=MAX_ROWS, href="frames/frames.csv")
        label = f"Shares of every {h.esc(dim)} frame per {h.esc(unit)}"
        parts.append(f"<h3>{label}</h3>{block}" if i == 0 else h.details(label, block, cls="plain"))
    ns_file = next((f for f in ("frames/north_south.csv", "frames/northsouth.csv")   # older folders: northsouth.csv
                    if folder.path(f) is not None), "frames/north_south.csv")
    ns = folder.csv(ns_file)
    if ns is not None and len(ns):
        u = _unit_column(ns)
        cols = [h.Column(u, u), h.Column("n_docs", "documents", h.count, "num"),
                h.Column("n_mentions", "compass/district mentions", h.count, "num"),
                h.Column("n_problem", "in a problem context", h.count, "num"),
                h.Column(lambda r: h.interval(r["share"], r.get("share_low"), r.get("share_high"), h.pct),
                         "share in problem context", str, "num"),
                h.Column("mentions_per_1k", "mentions per 1,000 words", h.num, "num")]
        parts.append("<h3>The north/south division</h3>" + h.note(
            "Mentions of compass terms (Norden, Süden, A40 …) and named districts, and how many of them "
            "stand in the same sentence as problematisation vocabulary. A high share means the city's "
            "parts are talked about as problem areas.")
                     + h.table(ns, cols, max_rows=MAX_ROWS, href=ns_file))
    files = [h.link(folder.rel(p)) for p in folder.glob("frames/*") if p.suffix in (".csv", ".yaml")]
    parts.append(f'<p class="files">Files: {", ".join(files)}</p>')
    return h.Section(sid, title, "".join(parts))


def frames_over_time(folder: AnalysisFolder) -> h.Section:
    """Frame shares per period with intervals (frames/over_time.csv), evidence per period."""
    sid, title = "frames-time", "Frames over time"
    t = folder.csv("frames/over_time.csv")
    if t is None:
        return h.not_run(sid, title, "<code>frames/over_time.csv</code> is absent.")
    if t.empty:
        return h.not_run(sid, title, "<code>frames/over_time.csv</code> has no periods (documents without dates).")
    order = list(dict.fromkeys(t["frame"]))
    # one row per period; a frame without hits in a period (share NaN) stays an empty cell
    n_docs = t.groupby("period", sort=True)["n_docs"].first()
    rows = pd.DataFrame({"period": n_docs.index, "n_docs": n_docs.to_numpy()})
    for f in order:
        per_frame = t[t["frame"] == f].drop_duplicates("period").set_index("period")
        for k in ("share", "ci_low", "ci_high"):
            rows[f"{f}:{k}"] = per_frame[k].reindex(n_docs.index).to_numpy()
    cols = [h.Column("period", "period"), h.Column("n_docs", "documents", h.count, "num")]
    for f in order:
        cols.append(h.Column(_share_interval(f"{f}:share", f"{f}:ci_low", f"{f}:ci_high"), f, str, "num"))
    evidence = None
    ev = folder.csv("frames/evidence.csv")
    docs = folder.corpus
    yearly = rows["period"].astype(str).str.fullmatch(r"\d{4}").all()
    if ev is not None and docs is not None and "date" in docs.columns and yearly:
        year = pd.Series(pd.to_datetime(docs["date"], errors="coerce").dt.year.to_numpy(),
                         index=docs["doc_id"].astype(str))
        by_year = _counted_by_unit(ev.assign(unit=ev["doc_id"].astype(str).map(year).astype("Int64").astype(str))) or {}
        evidence = [_frame_evidence(by_year, p, order, per_frame=2) for p in rows["period"]]
    body = (h.note("Shares of each frame among all hits of its dimension in a period, with 95&nbsp;% bootstrap "
                   "intervals. A change is only real where the brackets of two periods do not overlap; "
                   "periods with few documents have wide brackets.")
            + h.table(rows, cols, evidence=evidence, max_rows=40, href="frames/over_time.csv")
            + _figure(folder, "frames/over_time.png", "Frame shares over time"))
    return h.Section(sid, title, body)


# -- othering -------------------------------------------------------------------------------------
def _both_polarities(ev: pd.DataFrame, flag: str, k: int = MAX_EVIDENCE // 2) -> pd.DataFrame:
    """Up to ``k`` othering and ``k`` recognising passages that count in the index (both sides
    of O / (O + R)); the first excluded matches where none counts."""
    counted = ev[_truthy(ev[flag])] if flag in ev.columns else ev
    if counted.empty or "polarity" not in ev.columns:
        return ev.head(2 * k)
    return pd.concat([counted[counted["polarity"] == p].head(k) for p in ("othering", "recognition")])


def _othering_role(row: pd.Series) -> str:
    """Whether a match counts in O or R, is only counted (neutral labels), or why not."""
    if str(row.get("in_index")).lower() == "true":
        return "yes"
    if str(row.get("counted")).lower() == "true":
        return "counted, not in the index"
    return f"no: {row.get('reason')}" if not h.missing(row.get("reason")) else "no"


def othering(folder: AnalysisFolder) -> h.Section:
    """Othering index per unit (place, outlet, party …) with intervals and its evidence."""
    sid, title = "othering", "Othering"
    tables = [p for p in folder.glob("othering/*.csv") if not p.stem.endswith("_evidence")]
    if not tables:
        return h.not_run(sid, title, "no <code>othering/*.csv</code> (the othering step did not run).")
    parts = [h.note(
        "The <em>othering index</em> is O / (O + R): O counts othering of newcomers in the index categories "
        "(pejorative and delegitimising labels, securitising topoi, mass metaphors, collective distancing, "
        "host/guest talk, exclusion demands), R recognition (person-first, membership, local identity, "
        "solidarity claims); neutral group labels (<em>Flüchtlinge</em>) and crisis labels are counted in "
        "othering.csv but, by default, not in the index. 0 means only recognition, 1 only othering; "
        "0.5 balanced. Brackets are 95&nbsp;% Wilson intervals widened for documents (design effect). "
        "Rates are per 1,000 words. Negated, distanced and quoted uses are listed in the evidence but not "
        "counted (see the reason column).")]
    for path in tables:
        t = pd.read_csv(path)
        if t.empty:
            continue
        unit = _unit_column(t)
        name = path.stem.replace("_", " ")
        cols = [h.Column(unit, unit), h.Column("n_docs", "documents", h.count, "num"),
                h.Column("othering", "othering (O)", h.count, "num"),
                h.Column("recognition", "recognising (R)", h.count, "num"),
                h.Column(lambda r: h.interval(r["othering_index"], r.get("ci_low"), r.get("ci_high"))
                         + h.bar(r["othering_index"]), "othering index", str, "num"),
                h.Column("othering_per_1k", "O per 1,000", h.num, "num"),
                h.Column("recognition_per_1k", "R per 1,000", h.num, "num")]
        ev_path = path.with_name(f"{path.stem}_evidence.csv")
        evidence = None
        if ev_path.is_file():
            flag = "in_index" if "in_index" in pd.read_csv(ev_path, nrows=0).columns else "counted"
            ev = _counted_first(_counted_first(pd.read_csv(ev_path)), flag)
            extra = [h.Column("category", "category"), h.Column("polarity", "polarity"),
                     h.Column(_othering_role, "in the index?")]
            evidence = []
            for u in t[unit]:
                sel = ev[ev["unit"].astype(str) == str(u)]
                n = int(_truthy(sel[flag]).sum()) if flag in sel.columns else len(sel)
                evidence.append(h.details(f"evidence: {h.count(n)} passage{'' if n == 1 else 's'} in the index, of "
                                          f"{h.count(len(sel))} matches",
                                          h.kwic(_both_polarities(sel, flag), extra, max_rows=MAX_EVIDENCE)
                                          + f'<p class="cut">All {h.count(len(sel))} matches with their reasons: '
                                          f"{h.link(folder.rel(ev_path))}</p>"))
        parts.append(f"<h3>{h.esc(name)}</h3>" + h.table(t, cols, evidence=evidence, max_rows=MAX_ROWS,
                                                          href=folder.rel(path))
                     + _figure(folder, f"othering/{path.stem}.png", f"Othering index: {name}")
                     + (f'<p class="files">All matches: {h.link(folder.rel(ev_path))}</p>'
                        if ev_path.is_file() else ""))
    return h.Section(sid, title, "".join(parts))


# -- topics ---------------------------------------------------------------------------------------
def _topic_group_sizes(folder: AnalysisFolder) -> pd.DataFrame | None:
    """Documents per group from topics/topics_by_<by>.csv (``n_docs``), for the ANTMN table."""
    p = folder.path(f"topics/topics_by_{folder.by}.csv")
    return pd.read_csv(p) if p is not None else None


def _shares_by_group(long: pd.DataFrame | None, wide: pd.DataFrame, key: str, heads: dict[Any, str],
                     href: str) -> str:
    """One row per group (with its number of documents ``n``), one column per topic or frame:
    groups can be many, so they go down the page, not across it."""
    rows = wide.reset_index(names=key) if key not in wide.columns else wide.reset_index(drop=True)
    cols = [h.Column(key, key)]
    if long is not None and {"n_docs", key} <= set(long.columns):
        n = long.groupby(key)["n_docs"].first()
        rows["n"] = rows[key].map(n)
        cols.append(h.Column("n", "n", h.count, "num"))
    for k in wide.columns:
        cols.append(h.Column(_share_cell(k), heads.get(k, str(k)), str, "num"))
    return h.table(rows, cols, max_rows=MAX_ROWS, href=href)


def _share_cell(key: Any) -> Callable[[pd.Series], str]:
    """A cell: the share in column ``key`` as a percentage with its bar."""
    return lambda r: h.pct(r[key]) + h.bar(r[key], 0.6)


def topics(folder: AnalysisFolder) -> h.Section:
    """Topics with their terms and sizes, shares by group with n per group, ANTMN frames."""
    sid, title = "topics", "Topics"
    t = folder.csv("topics/topics.csv")
    if t is None:
        return h.not_run(sid, title, "<code>topics/topics.csv</code> is absent (the topics step did not run).")
    parts = [h.note(
        "A topic model (LDA) describes each document as a mixture of topics; a topic is a list of words "
        "that occur together. <em>Documents</em> counts the documents whose largest share is that topic; "
        "<em>share</em> is the topic's average share over all documents. In the table by group, "
        "<em>n</em> is the number of documents behind each column: a share from a handful of documents "
        "says little. Open a topic for its most typical documents.")]
    reps = folder.csv("topics/representative_docs.csv")
    evidence = None
    if reps is not None and "topic" in reps.columns:
        rep_cols = [c for c in ("doc_id", "proportion", "place", "date", "title") if c in reps.columns]
        evidence = [h.details("typical documents",
                              h.table(reps[reps["topic"] == k],
                                      [h.Column(c, c, h.pct if c == "proportion" else h.esc,
                                                "num" if c == "proportion" else "") for c in rep_cols], cls="small"))
                    for k in t["topic"]]
    cols = [h.Column("topic", "topic", h.count, "num"), h.Column("label", "label"),
            h.Column(lambda r: "; ".join(str(r["terms"]).split("; ")[:8]), "top terms", cls="terms"),
            h.Column("size", "documents", h.count, "num"),
            h.Column("share", "share", lambda v: h.pct(v) + h.bar(v, 0.5), "num")]
    if "c_npmi" in t.columns:
        cols.append(h.Column("c_npmi", "coherence (NPMI)", h.num, "num"))
    parts.append(h.table(t, cols, evidence=evidence, href="topics/topics.csv"))
    names = dict(zip(t["topic"], t["label"])) if "label" in t.columns else {}
    for p in folder.glob("topics/topics_by_*.csv"):
        long = pd.read_csv(p)
        key = _unit_column(long)
        if not {"topic", "share"} <= set(long.columns):
            continue
        wide = long.pivot_table(index=key, columns="topic", values="share", aggfunc="first")
        heads = {k: f"{k}: {str(names.get(k, '')).split(' · ')[0]}".rstrip(": ") for k in wide.columns}
        parts.append(f"<h3>Topic shares by {h.esc(key)}</h3>"
                     + _shares_by_group(long, wide, key, heads, href=folder.rel(p)))
    for fig in folder.glob("topics/topic_shares_by_*.png"):
        parts.append(_figure(folder, folder.rel(fig), f"Topic shares by {fig.stem[len('topic_shares_by_'):]}"))
    for rel, cap in (("topics/topics_over_time.png", "Topic shares over time"),
                     ("topics/topic_network.png", "Topic network (ANTMN): topics that co-occur in documents")):
        parts.append(_figure(folder, rel, cap))
    fr = folder.csv("topics/frames.csv")
    if fr is not None and len(fr):
        cols = [h.Column("frame", "frame", h.count, "num"), h.Column("labels", "topics", cls="terms"),
                h.Column(lambda r: "; ".join(str(r["top_terms"]).split("; ")[:8]), "top terms", cls="terms"),
                h.Column("share", "share", h.pct, "num")]
        block = h.table(fr, cols, href="topics/frames.csv")
        groups = [c for c in fr.columns if c.startswith("share_")]
        if groups:
            wide = fr.set_index("frame")[groups].T
            wide.index = [c[len("share_"):] for c in groups]
            n = _topic_group_sizes(folder)
            block += f"<h4>Frame shares by {h.esc(folder.by)}</h4>" + _shares_by_group(
                n, wide, folder.by, {k: f"frame {k}" for k in wide.columns}, href="topics/frames.csv")
        parts.append("<h3>Topic-network frames (ANTMN)</h3>"
                     + h.note("Communities of the topic network: topics that tend to appear in the same "
                              "documents, read as one frame. Shares per group follow the frame's topics.")
                     + block)
    gexf = folder.path("topics/topic_network.gexf")
    if gexf is not None:
        parts.append(f'<p class="files">Topic network for Gephi: {h.link(folder.rel(gexf))}</p>')
    return h.Section(sid, title, "".join(parts))


# -- networks -------------------------------------------------------------------------------------
def _csv_rows(folder: AnalysisFolder, rel: str) -> int | None:
    p = folder.path(rel)
    if p is None:
        return None
    with open(p, encoding="utf-8") as fh:
        return max(0, sum(1 for _ in fh) - 1)


def networks(folder: AnalysisFolder) -> h.Section:
    """Co-occurrence network pictures per group, GEXF links, the edges that differ between groups."""
    sid, title = "networks", "Co-occurrence networks"
    gexfs = [p for p in folder.glob("networks/*.gexf") if not p.stem.endswith("_dynamic")]
    if not gexfs:
        return h.not_run(sid, title, "no <code>networks/*.gexf</code> (the networks step did not run).")
    parts = [h.note(
        "Nodes are nouns, names and adjectives; an edge joins two words that appear in the same sentence "
        "more often than chance (NPMI), keeping each word's 20 strongest links. Colours are communities "
        "(words that hang together). Open the GEXF files in Gephi to explore; the pictures are overviews.")]
    names = _group_names(folder)
    rows = []
    for p in gexfs:
        rows.append({"group": names.get(p.stem, p.stem), "nodes": _csv_rows(folder, f"networks/{p.stem}_nodes.csv"),
                     "edges": _csv_rows(folder, f"networks/{p.stem}_edges.csv"),
                     "files": ", ".join(h.link(folder.rel(q), q.suffix[1:].upper() if q.suffix == ".gexf" else q.name)
                                        for q in [p] + folder.glob(f"networks/{p.stem}_*.csv"))})
    table = pd.DataFrame(rows)
    parts.append(h.table(table, [h.Column("group", "network"), h.Column("nodes", "words", h.count, "num"),
                                 h.Column("edges", "links", h.count, "num"), h.Column("files", "files", str)]))
    for i, p in enumerate(gexfs):  # the first pictures open, the rest one click away (long pages)
        fig = _figure(folder, f"networks/{p.stem}.png", f"Network: {names.get(p.stem, p.stem)}")
        parts.append(fig if i < 4 or not fig else h.details(f"Network: {h.esc(names.get(p.stem, p.stem))}",
                                                            fig, cls="plain"))
    comp = folder.csv("networks/comparison.csv")
    if comp is not None and len(comp) and "q" in comp.columns:
        sig = comp[comp["q"] < 0.05]
        if "g2" in comp.columns:
            sig = sig.sort_values("g2", ascending=False)
        cols = [h.Column(lambda r: f"{r['source']} – {r['target']}", "word pair"),
                h.Column("stronger_in", "stronger in"),
                h.Column(lambda r: f"{r['group_a']}: {int(r['count_a'])} / {r['group_b']}: {int(r['count_b'])}",
                         "co-occurrences"),
                h.Column("log_ratio", "log ratio", h.num, "num"), h.Column("q", "q (BH)", lambda v: f"{v:.2g}", "num")]
        parts.append("<h3>Links that differ between groups</h3>"
                     + h.note("Word pairs whose co-occurrence rate differs significantly between two groups "
                              "(G² test, Benjamini–Hochberg q &lt; 0.05), strongest first.")
                     + (h.table(sig, cols, max_rows=MAX_ROWS, href="networks/comparison.csv") if len(sig)
                        else '<p class="na">No pair differs significantly.</p>'))
    return h.Section(sid, title, "".join(parts))


# -- keyness --------------------------------------------------------------------------------------
def _group_names(folder: AnalysisFolder) -> dict[str, str]:
    """File slug → group name, from analysis.json and the corpus."""
    from framing.networks.outputs import slug

    names: list[str] = list((folder.meta.get("groups") or {}).get("n_docs") or {})
    docs = folder.corpus
    if docs is not None and folder.by in docs.columns:
        names += [str(v) for v in docs[folder.by].dropna().unique()]
    return {slug(n): n for n in names}


def _key_passages(folder: AnalysisFolder, terms: Sequence[str]) -> pd.DataFrame | None:
    """KWIC rows of all key terms of all groups, found in one pass over tokens.parquet (None
    without it)."""
    tokens = folder.tokens
    if tokens is None or not len(terms):
        return None
    from framing.frames.kwic import kwic

    return kwic(tokens, sorted(set(terms)), window=6)


def _keyness_evidence(hits: pd.DataFrame | None, by: str, group: str, terms: Sequence[str],
                      per_term: int = 2) -> str:
    """A few passages of each key term in its group."""
    if hits is None or by not in hits.columns:
        return ""
    mine = hits[(hits[by].astype(str) == group) & hits["term"].isin(terms)]
    picked = mine.groupby("term", sort=False).head(per_term)
    picked = picked.assign(_k=picked["term"].map({t: i for i, t in enumerate(terms)})).sort_values("_k", kind="stable")
    return h.details(f"these words in context ({per_term} passages each)",
                     h.kwic(picked, lead=[h.Column("term", "word")], max_rows=per_term * len(terms)))


def keyness(folder: AnalysisFolder) -> h.Section:
    """Per group: the words most typical of it against the rest (compare/keyness_<group>.csv)."""
    sid, title = "keyness", "Keyness: words typical of each group"
    paths = folder.glob("compare/keyness_*.csv")
    if not paths:
        return h.not_run(sid, title, "no <code>compare/keyness_*.csv</code> (the comparison step did not run).")
    names = _group_names(folder)
    parts = [h.note(
        "Words used relatively more often in one group than in all others. <em>G²</em> (log-likelihood) "
        "says how sure the difference is, the <em>log ratio</em> how large it is (1 = twice as frequent, "
        "per 1,000 words); only words significant after the Benjamini–Hochberg correction are shown. "
        "Place names and local institutions lead such lists; the words after them are the telling ones.")]
    cols = [h.Column("term", "word"), h.Column("freq_target", "count here", h.count, "num"),
            h.Column("per_1k_target", "per 1,000 here", h.num, "num"),
            h.Column("per_1k_reference", "per 1,000 elsewhere", h.num, "num"),
            h.Column("log_ratio", "log ratio", h.num, "num"), h.Column("g2", "G²", lambda v: h.num(v, 1), "num"),
            h.Column("p_adj", "p (BH)", lambda v: f"{v:.1g}", "num")]
    tops: dict[str, tuple[Any, pd.DataFrame]] = {}
    for p in paths:
        t = pd.read_csv(p)
        if {"direction", "significant"} <= set(t.columns):
            t = t[(t["direction"] == "target") & _truthy(t["significant"])]
        tops[names.get(p.stem[len("keyness_"):], p.stem[len("keyness_"):])] = (p, t.head(15))
    hits = _key_passages(folder, [str(w) for _, t in tops.values() for w in t["term"]])
    for group, (p, top) in tops.items():
        if len(top):
            block = (h.table(top, cols, href=folder.rel(p))
                     + _keyness_evidence(hits, folder.by, group, top["term"].astype(str).tolist()))
        else:
            block = '<p class="na">No word is significantly typical of this group.</p>'
        parts.append(f"<h3>{h.esc(group)}</h3>{block}")
    return h.Section(sid, title, "".join(parts))


# -- files ----------------------------------------------------------------------------------------
def files(folder: AnalysisFolder) -> h.Section:
    """Every table and network file of the folder, linked by relative path."""
    kinds = (".csv", ".gexf", ".parquet", ".txt", ".json", ".yaml", ".svg")
    rows = [p for p in folder.glob("**/*") if p.suffix in kinds
            and p.name != "report.html"]
    items = "".join(f"<li>{h.link(folder.rel(p))} <span class=\"na\">{_size(p.stat().st_size)}</span></li>"
                    for p in rows)
    return h.Section("files", "Files of this analysis",
                     "<p>The same tables as CSV, networks as GEXF (Gephi), figures as PNG/SVG, next to "
                     f"this report:</p><ul class=\"filelist\">{items}</ul>")


#: the sections in report order
SECTIONS = (corpus, frames_profile, frames_over_time, othering, topics, networks, keyness, files)

__all__ = ["SECTIONS", "corpus", "files", "frames_over_time", "frames_profile", "header", "keyness", "networks",
           "othering", "topics"]
