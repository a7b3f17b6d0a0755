"""Ingest: sources → Corpus, with cleaning, place tagging and near-duplicate marking.

Every input record ends up in the :class:`IngestReport` as read (possibly repaired, warned
about or marked duplicate) or skipped with file, record and reason. Nothing is dropped silently.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from framing.corpus.corpus import Corpus
from framing.corpus.dates import parse_date
from framing.corpus.readers import (
    accepted_options, call_reader, is_documentation_file, reader_for,
)
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
from framing.corpus.report import IngestReport
from framing.corpus.schema import CORE_COLUMNS
from framing.errors import InputError

PathLike = str | Path
#: Formats where one file is one document: its id is the file name without suffix.
SINGLE_DOCUMENT_FORMATS = frozenset({"text", "html"})


def _expand(sources: Iterable[PathLike], report: IngestReport) -> list[Path]:
    """Files to read, in a stable order; folders are walked recursively."""
    files: list[Path] = []
    for src in sources:
        path = Path(src)
        if path.is_dir():
            from framing.corpus.readers.textfolder import is_sidecar

            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                rel_parts = f.relative_to(path).parts
                if any(part.startswith(".") for part in rel_parts):
                    continue  # hidden files and folders (.git, .DS_Store) are not sources
                if is_sidecar(f):
                    report.file_seen(f, "sidecar")
                    continue
                files.append(f)
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or folder", path=path)
    return files


def _sidecar_for(path: Path, cache: dict[Path, dict[str, dict]], report: IngestReport) -> dict | None:
    from framing.corpus.readers.textfolder import load_sidecar

    folder = path.parent
    if folder not in cache:
        cache[folder] = load_sidecar(folder, report=report) or {}
    return cache[folder].get(path.name)


class _RowBuffer:
    """Collects document rows and turns every ``chunk`` of them into a small DataFrame, so that
    a large ingest does not hold all texts as Python dicts at once (the table stores strings
    far more compactly)."""

    def __init__(self, chunk: int = 20_000, max_chars: int = 4_000_000) -> None:
        # a chunk ends after ``chunk`` rows or ``max_chars`` characters of text, whichever comes
        # first: 10,000 articles held as Python strings cost ~75 MB more peak memory than 2,000,
        # while a million short rows in chunks of 1,000 would make 1,000 small DataFrames
        # (benchmarks/bench_ingest.py)
        self.chunk = chunk
        self.max_chars = max_chars
        self._chars = 0
        self._rows: list[dict[str, Any]] = []
        self._frames: list[pd.DataFrame] = []
        self._n = 0

    def append(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self._n += 1
        text = row.get("text")
        self._chars += len(text) if isinstance(text, str) else 0
        if len(self._rows) >= self.chunk or self._chars >= self.max_chars:
            self._flush()

    def __len__(self) -> int:
        return self._n

    def _flush(self) -> None:
        if self._rows:
            frame = pd.DataFrame(self._rows)
            for col in frame.columns:
                # every column of strings (ids, sources, outlets …), not only text and title:
                # a million short rows otherwise keep millions of Python string objects
                if col in ("text", "title") or (frame[col].dtype == object and
                                                pd.api.types.infer_dtype(frame[col], skipna=True) == "string"):
                    frame[col] = frame[col].astype("string")
            self._frames.append(frame)
            self._rows = []
            self._chars = 0

    def frame(self) -> pd.DataFrame:
        self._flush()
        if not self._frames:
            return pd.DataFrame(columns=list(CORE_COLUMNS))
        docs = pd.concat(self._frames, ignore_index=True) if len(self._frames) > 1 else self._frames[0]
        self._frames = []
        columns = list(dict.fromkeys([*CORE_COLUMNS, *docs.columns]))
        return docs.reindex(columns=columns)


def _doc_id(record: dict[str, Any], path: Path, single: bool) -> str:
    given = record.get("doc_id")
    if given is not None and not (isinstance(given, float) and pd.isna(given)) and str(given).strip():
        return str(given).strip()
    rec = record.get(RECORD_KEY)
    return path.stem if (rec is None or single) else f"{path.stem}-{rec}"


def ingest(sources: PathLike | Sequence[PathLike], *, format: str | None = None,
           clean: bool | Any = True, places: bool | Any = True, dedup: bool | dict = True,
           progress: bool = True, strict: bool = False, **reader_options: Any) -> Corpus:
    """Read files/folders into a :class:`Corpus` and account for every record.

    Parameters
    ----------
    sources: a file, a folder (walked recursively) or a list of them.
    format: force a reader (``"nexis"``, ``"csv"`` …); default detects per file.
    clean: ``True`` (default steps), ``False``, or a :class:`framing.corpus.cleaning.Cleaner`.
    places: ``True`` (default gazetteer), ``False``, or a :class:`framing.corpus.places.PlaceTagger`.
    dedup: ``True``, ``False`` or a dict of options for :func:`framing.corpus.dedup.mark_duplicates`.
    progress: show a progress bar over files.
    strict: raise on the first unreadable file instead of reporting it as skipped.
    reader_options: passed to the readers that accept them (e.g. ``text_col="body"``).
        Tables (CSV/TSV/JSONL/Parquet, :func:`framing.corpus.readers.tabular.read`):
        ``text_col``/``title_col``/``date_col``/``id_col`` … (a name or a 0-based position),
        ``header=None`` for a CSV without header row (text column found by content),
        ``names=[...]``, ``delimiter``, ``quotechar``, ``encoding``.

    The returned corpus carries the report as ``corpus.report``.
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    unknown = set(reader_options) - accepted_options()
    if unknown:
        raise InputError(f"unknown reader option(s) {sorted(unknown)}; "
                         f"readers accept {sorted(accepted_options())}")
    report = IngestReport()
    files = _expand(sources, report)

    cleaner = None
    if clean is True:
        from framing.corpus.cleaning import Cleaner

        cleaner = Cleaner()
    elif clean:
        cleaner = clean

    rows = _RowBuffer()
    seen_ids: dict[str, int] = {}
    sidecars: dict[Path, dict[str, dict]] = {}
    bar = tqdm(files, desc="ingest", unit="file", disable=not progress)
    for path in bar:
        if is_documentation_file(path):
            report.file_seen(path, "documentation")
            report.skip(path, None, "documentation file (README/LICENSE), not a document")
            continue
        try:
            fmt, module = reader_for(path, format)
            report.file_seen(path, fmt)
            options = dict(reader_options)
            if fmt == "text":
                sidecar = _sidecar_for(path, sidecars, report)
                if sidecar is not None:
                    options["sidecar"] = sidecar
            single = fmt in SINGLE_DOCUMENT_FORMATS
            for record in call_reader(module, fmt, path, report, options):
                row = _to_row(record, path, single, report, seen_ids, cleaner)
                if row is not None:
                    rows.append(row)
        except InputError as exc:  # the records read before the error are kept
            if strict:
                raise
            report.file_seen(path, report.files.get(str(path), "unknown"))
            report.skip(path, getattr(exc, "record", None) or getattr(exc, "line", None), exc.reason)
            continue
        bar.set_postfix(docs=len(rows))
    docs = rows.frame()

    if places and len(docs):
        from framing.corpus.places import PlaceTagger

        tagger = PlaceTagger() if places is True else places
        docs = tagger.tag_frame(docs)
    if dedup and len(docs):
        from framing.corpus.dedup import mark_duplicates

        docs = mark_duplicates(docs, **(dedup if isinstance(dedup, dict) else {}))
        for row in docs.loc[docs["is_duplicate"], ["doc_id", "source", "duplicate_of"]].itertuples():
            file, _, rec = str(row.source).rpartition("#")
            report.duplicate(file, rec or None, str(row.duplicate_of), row.doc_id)
    return Corpus(docs, report)


def _to_row(record: dict[str, Any], path: Path, single: bool, report: IngestReport,
            seen_ids: dict[str, int], cleaner: Any) -> dict[str, Any] | None:
    rec_no = record.get(RECORD_KEY)
    row = {k: v for k, v in record.items() if k not in (RECORD_KEY, LINE_KEY)}
    doc_id = _doc_id(record, path, single)
    if doc_id in seen_ids:
        seen_ids[doc_id] += 1
        new_id = f"{doc_id}~{seen_ids[doc_id]}"
        report.warn(path, rec_no, f"doc_id {doc_id!r} already used; renamed to {new_id!r}", new_id)
        doc_id = new_id
    seen_ids.setdefault(doc_id, 1)
    row["doc_id"] = doc_id
    row["source"] = str(path) if (rec_no is None or single) else f"{path}#{rec_no}"

    if not row.get("author") and row.get("speaker"):
        row["author"] = row["speaker"]  # a speech's author is its speaker

    raw_date = row.get("date")
    if raw_date is not None and not (isinstance(raw_date, float) and pd.isna(raw_date)) and str(raw_date).strip():
        parsed = parse_date(raw_date)
        if parsed is None:
            report.warn(path, rec_no, f"unparseable date {str(raw_date)[:40]!r} kept as missing", doc_id)
        row["date"] = parsed
    else:
        row["date"] = None

    text = row.get("text")
    text = "" if text is None else str(text)
    if cleaner is not None:
        result = cleaner.clean(text)
        text = result.text
        for step in result.steps:
            report.repair(path, rec_no, step, doc_id)
        if row.get("title"):
            row["title"] = cleaner.clean(str(row["title"])).text
    if not text.strip():
        report.skip(path, rec_no, "no text (empty after cleaning)")
        return None
    row["text"] = text
    report.read(path, rec_no, doc_id)
    return row


def read(sources: PathLike | Sequence[PathLike], **options: Any) -> Corpus:
    """Read a corpus from files or folders, detecting each file's format.

    The same as :func:`ingest` (cleaning, place tagging and duplicate marking on by default);
    see there for the options. ``framing.read("corpora/demo")`` reads the shipped corpus.
    """
    return ingest(sources, **options)
