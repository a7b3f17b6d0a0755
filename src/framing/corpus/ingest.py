"""Ingest: sources → Corpus, with cleaning, place tagging and near-duplicate marking.

Every input record ends up in the :class:`IngestReport` as read (possibly repaired, warned
about or marked duplicate) or skipped with file, record and reason. Nothing is dropped silently.
"""
from __future__ import annotations

import errno
import functools
import inspect
import logging
import os
import warnings
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from framing._memory import release_memory
from framing.corpus.corpus import Corpus
from framing.corpus.dates import check_date
from framing.corpus.readers import (
    accepted_options,
    available_formats,
    call_reader,
    is_documentation_file,
    reader_for,
)
from framing.corpus.readers.base import LINE_KEY, RECORD_KEY
from framing.corpus.report import IngestReport
from framing.corpus.schema import CORE_COLUMNS
from framing.errors import EmptyCorpusError, FormatError, InputError, ParameterError, check_choice

log = logging.getLogger(__name__)

PathLike = str | Path
#: Formats where one file is one document: its id is the file name without suffix.
SINGLE_DOCUMENT_FORMATS = frozenset({"text", "html"})


#: Where corpus-wide notes (not about one file) appear in the report.
CORPUS_NOTE = "(corpus)"


def _walk(root: Path, report: IngestReport) -> list[Path]:
    """Every file under ``root`` (recursively, symbolic links followed), in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are not sources. What cannot be walked is
    reported as skipped, never left out silently: an unreadable folder, a broken or looping
    symbolic link, a link back to a folder already read, a special file (pipe, socket)."""
    files: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def skip(path: Path, kind: str, reason: str) -> None:
        report.file_seen(path, kind)
        report.skip(path, None, reason)

    def visit(folder: Path) -> None:
        try:
            st = folder.stat()
            key = (st.st_dev, st.st_ino)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skip(folder, "folder", f"folder cannot be read ({exc.strerror or exc}); "
                                   "its files are not in the corpus")
            return
        if key in visited:
            skip(folder, "folder", "the same folder was already read under another path (a "
                                   "symbolic link loop or a second link); not read again")
            return
        visited.add(key)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    path.stat()
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        skip(path, "link", "symbolic link loop (the link points back to itself)")
                    else:
                        skip(path, "link", f"broken symbolic link (target "
                                           f"{os.readlink(path)!r}: {exc.strerror or exc})")
                    continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError as exc:
                skip(path, "unknown", f"cannot be read ({exc.strerror or exc})")
                continue
            if is_dir:
                visit(path)
            elif is_file:
                files.append(path)
            else:
                skip(path, "special", "not a regular file (a pipe, socket or device)")

    visit(root)
    return sorted(files)


def _expand(sources: Iterable[PathLike], report: IngestReport) -> list[Path]:
    """Files to read, in a stable order; folders are walked recursively (see :func:`_walk`)."""
    from framing.corpus.readers.textfolder import is_sidecar

    files: list[Path] = []
    for src in sources:
        path = Path(src)
        if path.is_dir():
            for f in _walk(path, report):
                if is_sidecar(f):
                    report.file_seen(f, "sidecar")
                    continue
                files.append(f)
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            try:
                path.stat()
            except OSError as exc:
                what = ("a symbolic link loop" if exc.errno == errno.ELOOP
                        else "a broken symbolic link (its target does not exist)")
                raise InputError(what, path=path) from None
            raise InputError("a symbolic link that cannot be followed", path=path)
        else:
            raise InputError("no such file or folder", path=path)
    return files


class _Sidecars:
    """Metadata sidecars by folder, loaded once. An unusable sidecar is reported once, on the
    sidecar itself (skipped, with the real reason), and each document of its folder is read
    without that metadata and warned about."""

    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self._rows: dict[Path, dict[str, dict] | None] = {}
        self._broken: dict[Path, str] = {}

    def row_for(self, path: Path) -> dict | None:
        from framing.corpus.readers.textfolder import find_sidecar, load_sidecar

        folder = path.parent
        if folder not in self._rows:
            try:
                self._rows[folder] = load_sidecar(folder, report=self.report) or {}
            except InputError as exc:
                self._rows[folder] = None
                try:
                    side = find_sidecar(folder) or Path(exc.path or folder)
                except InputError:
                    side = Path(exc.path or folder)
                self._broken[folder] = side.name
                self.report.file_seen(side, "sidecar")
                self.report.skip(side, exc.line or exc.record,
                                 f"metadata sidecar not used: {exc.reason}; the documents of "
                                 f"this folder are read without its metadata")
        rows = self._rows[folder]
        if rows is None:
            self.report.warn(path, None, f"no metadata from the folder's sidecar "
                                         f"{self._broken[folder]} (unusable, see its entry)")
            return None
        return rows.get(path.name)


def _display(text: str) -> str:
    """A file name as UTF-8 text: bytes that are not UTF-8 (a Latin-1 name from an old zip)
    are shown as ``\\xfc`` escapes, so Parquet, CSV and the report can hold them."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeError:
            return text.encode("utf-8", "replace").decode("utf-8")


def _explain_unrecognised(path: Path, exc: FormatError) -> str:
    """Why no reader took ``path``: empty, binary, malformed XML, unknown XML root, else the
    reader's message (which lists the readable suffixes). A reader's own explanation (e.g. a
    truncated .docx, a ZIP that is no Word file) is kept as it is."""
    if not exc.reason.startswith("unrecognised format"):
        return exc.reason
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as err:
        return f"cannot read file: {err.strerror or err}"
    if not head.strip():
        return "empty file"
    from framing.corpus.encoding import looks_binary

    if looks_binary(head) and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        from framing.corpus.readers.textfolder import binary_kind

        kind = binary_kind(head)
        return (f"binary data ({kind}), not a document" if kind else
                "binary data, not a text document or a format framing reads")
    if path.suffix.lower() == ".xml" or head.lstrip().startswith(b"<?xml"):
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, recover=False)
        try:
            root = etree.fromstring(path.read_bytes(), parser)
        except etree.XMLSyntaxError as err:
            line = f" (line {err.lineno})" if getattr(err, "lineno", None) else ""
            return f"malformed XML{line}: {err.msg}"
        except (OSError, ValueError) as err:
            return f"unreadable XML ({err.__class__.__name__}: {err})"
        tag = etree.QName(root).localname if isinstance(root.tag, str) else str(root.tag)
        return (f"XML with root element <{tag}> is not a format framing reads (XML readers: "
                f"Bundestag <dbtplenarprotokoll>); pass format=... to force a reader")
    return exc.reason


class _RowBuffer:
    """Collects document rows and turns every ``chunk`` of them into a small DataFrame, so that
    a large ingest does not hold all texts as Python dicts at once (the table stores strings
    far more compactly)."""

    def __init__(self, chunk: int = 20_000, max_chars: int = 4_000_000,
                 sink: Any = None) -> None:
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
        #: streaming: each finished chunk goes to ``sink(frame)`` instead of being kept
        self.sink = sink

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
            if self.sink is not None:
                columns = list(dict.fromkeys([*CORE_COLUMNS, *frame.columns]))
                self.sink(frame.reindex(columns=columns))
            else:
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


class _Origins:
    """File and record of each document by table position (for the duplicate events of the
    report), in compact arrays: a streaming ingest keeps them for every document."""

    def __init__(self) -> None:
        self._files: list[str] = []
        self._file_no: dict[str, int] = {}
        self._f = array("i")
        self._r = array("q")
        self._other: dict[int, Any] = {}

    def append(self, file: str, record: Any) -> None:
        no = self._file_no.setdefault(file, len(self._files))
        if no == len(self._files):
            self._files.append(file)
        i = len(self._f)
        self._f.append(no)
        if isinstance(record, int) and not isinstance(record, bool) and abs(record) < 2 ** 62:
            self._r.append(record)
        else:
            self._r.append(-(2 ** 63))
            self._other[i] = record

    def __getitem__(self, position: int) -> tuple[str, Any]:
        rec = self._r[position]
        return (self._files[self._f[position]],
                self._other.get(position) if rec == -(2 ** 63) else rec)


def _doc_id(record: dict[str, Any], path: Path, single: bool) -> str:
    given = record.get("doc_id")
    if given is not None and not (isinstance(given, float) and pd.isna(given)) and str(given).strip():
        return str(given).strip()
    rec = record.get(RECORD_KEY)
    stem = _display(path.stem)
    return stem if (rec is None or single) else f"{stem}-{rec}"


def _reader_keywords(func: Callable[..., Corpus]) -> Callable[..., Corpus]:
    """Reader options given as plain keywords (``read(path, split_chair=True)``, the form before
    ``options=``) still work for one release: they move into ``options`` with a
    DeprecationWarning. The signature shows only the named parameters."""
    params = set(inspect.signature(func).parameters)

    @functools.wraps(func)
    def wrapper(sources: PathLike | Sequence[PathLike], **kwargs: Any) -> Corpus:
        extra = {k: kwargs.pop(k) for k in list(kwargs) if k not in params}
        if extra:
            warnings.warn(f"reader options as keywords ({', '.join(sorted(extra))}) are deprecated; pass "
                          f"options={extra!r}", DeprecationWarning, stacklevel=2)
            kwargs["options"] = {**(kwargs.get("options") or {}), **extra}
        return func(sources, **kwargs)

    return wrapper


def _system_arrow_pool(func: Callable[..., Corpus]) -> Callable[..., Corpus]:
    """Run ``func`` with pyarrow allocating from the system allocator (malloc) instead of its
    default mimalloc pool, then restore the pool. The documents table is built chunk by chunk
    from many short-lived Arrow arrays; mimalloc keeps the pages they free, which made a 200 MB
    JSON Lines ingest hold ~90 MiB more than its table (``benchmarks/bench_ingest.py
    --memory-mb``). Buffers remember their pool, so arrays made here outlive the switch."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Corpus:
        import pyarrow as pa

        previous = pa.default_memory_pool()
        pa.set_memory_pool(pa.system_memory_pool())
        try:
            return func(*args, **kwargs)
        finally:
            pa.set_memory_pool(previous)

    return wrapper


@_reader_keywords
@_system_arrow_pool
def read(sources: PathLike | Sequence[PathLike], *, format: str | None = None,
         clean: bool | Any = True, places: bool | Any = True, dedup: bool | dict = True,
         strict: bool = False, progress: bool = True, text_col: str | int | None = None,
         title_col: str | int | None = None, date_col: str | int | None = None,
         id_col: str | int | None = None, header: int | None = 0, names: Sequence[str] | None = None,
         encoding: str | None = None, delimiter: str | None = None,
         options: dict[str, Any] | None = None, output: PathLike | None = None,
         partition_by: str | None = "month", rows_per_file: int = 50_000) -> Corpus:
    """Read files/folders into a :class:`Corpus` and account for every record.

    ``framing.read("corpora/demo")`` reads the shipped corpus. :func:`ingest` is the same
    function under its older name.

    Parameters
    ----------
    sources: a file, a folder (walked recursively) or a list of them.
    format: force a reader (``"nexis"``, ``"csv"`` …); default detects per file.
    clean: ``True`` (default steps), ``False``, or a :class:`framing.corpus.cleaning.Cleaner`.
    places: ``True`` (default gazetteer), ``False``, or a :class:`framing.corpus.places.PlaceTagger`.
    dedup: ``True``, ``False`` or a dict of options for :func:`framing.corpus.dedup.mark_duplicates`.
    strict: raise on the first unreadable file instead of reporting it as skipped.
    progress: show a progress bar over files.
    text_col, title_col, date_col, id_col: for tables (CSV/TSV/JSONL/Parquet,
        :func:`framing.corpus.readers.tabular.read`), the column of the text, title, date, id
        (a name or a 0-based position); default: found by name and content.
    header: the 0-based row of a CSV holding the column names; ``None`` for a file without
        header row (the text column is then found by content).
    names: column names for a CSV without header row.
    encoding: the files' encoding (default: detected per file).
    delimiter: the CSV delimiter (default: detected).
    options: any other reader option by name (``{"author_col": "by", "sidecar": False,
        "split_chair": True}`` …); :func:`framing.corpus.readers.accepted_options` lists them.
    output: a folder: stream the corpus into a partitioned Parquet dataset there while reading
        (chunks of a few thousand documents are cleaned, place-tagged and written as they
        come; see :mod:`framing.corpus.partitioned`) and return a lazy
        :class:`~framing.corpus.partitioned.PartitionedCorpus` over it. Near-duplicates are
        marked across all parts in one global pass at the end (the same marks as without
        ``output``), stored in the folder's ``duplicates.parquet``.
    partition_by, rows_per_file: the folder's layout (with ``output``): ``"month"``, ``"year"``,
        ``"source"``, a column or None; at most ``rows_per_file`` documents a file.

    The returned corpus carries the report as ``corpus.report``. Sources that yield no document
    at all raise :class:`framing.errors.EmptyCorpusError` (an :class:`InputError`) carrying the
    report as ``.report``: an empty corpus is never returned as a success.
    """
    named = {"text_col": text_col, "title_col": title_col, "date_col": date_col, "id_col": id_col,
             "names": names, "encoding": encoding, "delimiter": delimiter}
    reader_options: dict[str, Any] = {k: v for k, v in named.items() if v is not None}
    if header != 0:
        reader_options["header"] = header
    clash = sorted(set(reader_options) & set(options or {}))
    if clash:
        raise ParameterError(f"options repeats the named parameter(s) {clash}; pass each once")
    reader_options.update(options or {})
    if isinstance(sources, (str, Path)):
        sources = [sources]
    unknown = set(reader_options) - accepted_options()
    if unknown:
        raise ParameterError(f"options: unknown reader option(s) {sorted(unknown)}; "
                             f"readers accept {sorted(accepted_options())}")
    check_choice("format", format, sorted(available_formats()), allow_none=True)
    report = IngestReport()
    files = _expand(sources, report)
    today = pd.Timestamp.today().normalize()
    if files:
        from framing.corpus import caches

        caches.prepare(clean=bool(clean), places=places is True, input_bytes=_input_bytes(files))

    cleaner = None
    if clean is True:
        from framing.corpus.cleaning import Cleaner

        cleaner = Cleaner()
    elif clean:
        cleaner = clean

    stream = _Stream(output, places=places, dedup=dedup, partition_by=partition_by,
                     rows_per_file=rows_per_file) if output is not None else None
    rows = _RowBuffer(sink=stream) if stream is not None else _RowBuffer()
    seen_ids: dict[str, int] = {}
    origins = _Origins()
    sidecars = _Sidecars(report)
    bar = tqdm(files, desc="ingest", unit="file", disable=not progress)
    for path in bar:
        if is_documentation_file(path):
            report.file_seen(path, "documentation")
            report.skip(path, None, "documentation file (README/LICENSE), not a document")
            continue
        if _display(str(path)) != str(path):
            report.warn(path, None, f"file name is not valid UTF-8; shown as "
                                    f"'{_display(path.name)}' (undecodable bytes as \\x escapes)")
        try:
            fmt, module = reader_for(path, format)
            report.file_seen(path, fmt)
            options = dict(reader_options)
            if fmt == "text":
                sidecar = sidecars.row_for(path)
                if sidecar is not None:
                    options["sidecar"] = sidecar
            single = fmt in SINGLE_DOCUMENT_FORMATS
            for record in call_reader(module, fmt, path, report, options):
                row = _to_row(record, path, single, report, seen_ids, cleaner, today)
                if row is not None:
                    origins.append(str(path), record.get(RECORD_KEY))
                    rows.append(row)
        except InputError as exc:  # the records read before the error are kept
            if strict:
                raise
            reason = (_explain_unrecognised(path, exc) if isinstance(exc, FormatError)
                      and format is None else exc.reason)
            report.file_seen(path, report.files.get(str(path), "unknown"))
            report.skip(path, getattr(exc, "record", None) or getattr(exc, "line", None), reason)
            continue
        except OSError as exc:
            if strict:
                raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
            report.file_seen(path, report.files.get(str(path), "unknown"))
            report.skip(path, None, f"cannot read file: {exc.strerror or exc}")
            continue
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # a reader's bug must not lose the other files silently
            if strict:
                raise
            report.file_seen(path, report.files.get(str(path), "unknown"))
            report.skip(path, None, f"reader failed ({exc.__class__.__name__}: {str(exc)[:200]}); "
                                    "please report this as a bug in framing")
            continue
        bar.set_postfix(docs=len(rows), refresh=False)  # drawn with the next tick, not per file
    if stream is not None:
        try:
            rows.frame()  # the last chunk goes to the stream
            if not len(rows):
                stream.writer.abort()
                _sanitise_report(report)
                raise EmptyCorpusError(_empty_message(sources, files, report), report=report)
            return stream.finish(report, origins)
        except BaseException:
            stream.writer.abort()
            raise
    docs = rows.frame()
    del rows, seen_ids
    if not len(docs):
        _sanitise_report(report)
        raise EmptyCorpusError(_empty_message(sources, files, report), report=report)
    release_memory()   # the pages of the per-record objects freed while reading

    # Duplicates are marked before places are tagged (unless their order reads a column that
    # tagging writes): MinHash's working memory is then given back before the place index and
    # HanTa are loaded, instead of coming on top of them. The columns and the report are those
    # of tagging first: the duplicate columns are moved behind the place columns, and the
    # duplicate events come after the places warning.
    dedup_options = dedup if isinstance(dedup, dict) else {}
    dedup_first = bool(dedup) and not (places and dedup_options.get("order_by")
                                       in ("place", "places", "place_country"))
    dedup_columns: list[str] = []
    if dedup_first:
        docs, dedup_columns = _mark_duplicates(docs, dedup_options)
        release_memory()
    if places:
        from framing.corpus.places import PlaceTagger

        tagger = PlaceTagger() if places is True else places
        docs = tagger.tag_frame(docs)
        del tagger
        if dedup_columns:
            docs = docs[[c for c in docs.columns if c not in dedup_columns] + dedup_columns]
        _warn_missing_places(int(docs["place"].isna().sum()), len(docs), report)
    if dedup and not dedup_first:
        docs, _ = _mark_duplicates(docs, dedup_options)
    if dedup:
        dup = np.flatnonzero(docs["is_duplicate"].to_numpy(dtype=bool))
        # the ids of the duplicates only (``to_numpy()`` of the column makes a string per document)
        _report_duplicates(report, origins, dup, docs["doc_id"].iloc[dup].to_numpy(),
                           docs["duplicate_of"].iloc[dup].to_numpy())
    _sanitise_report(report)
    return Corpus._adopt(docs, report)


def _mark_duplicates(docs: pd.DataFrame, options: dict[str, Any]) -> tuple[pd.DataFrame, list[str]]:
    """:func:`framing.corpus.dedup.mark_duplicates` and the columns it added."""
    from framing.corpus.dedup import mark_duplicates

    before = set(docs.columns)
    docs = mark_duplicates(docs, **options)
    return docs, [c for c in docs.columns if c not in before]


def _input_bytes(files: Sequence[Path]) -> int:
    """The size of the files to read, together (an unreadable file counts as empty)."""
    total = 0
    for path in files:
        with suppress(OSError):
            total += path.stat().st_size
    return total


def _report_duplicates(report: IngestReport, origins: _Origins, positions: Any, doc_ids: Any,
                       kept: Any) -> None:
    """One ``duplicate`` event per marked document, in table order."""
    for pos, doc_id, of in zip(positions.tolist(), list(doc_ids), list(kept)):
        file, rec = origins[pos]
        report.duplicate(file, rec, str(of), str(doc_id))


class _Stream:
    """The streaming path of :func:`ingest` (``output=folder``): each chunk of rows is
    place-tagged, signed for the global duplicate pass and written as partitions."""

    def __init__(self, output: PathLike, *, places: bool | Any, dedup: bool | dict,
                 partition_by: str | None, rows_per_file: int) -> None:
        from framing.corpus.partitioned import PartWriter

        self.writer = PartWriter(output, partition_by=partition_by, rows_per_file=rows_per_file)
        self.tagger = None
        if places:
            from framing.corpus.places import PlaceTagger

            self.tagger = PlaceTagger() if places is True else places
        self.dedup = None
        if dedup:
            from framing.corpus.dedup import StreamingDedup

            self.dedup = StreamingDedup(**(dedup if isinstance(dedup, dict) else {}))
        self.n = 0
        self.missing_places = 0

    def __call__(self, frame: pd.DataFrame) -> None:
        if self.tagger is not None:
            before = set(frame.columns)
            frame = self.tagger.tag_frame(frame)
            self.writer.trailing = tuple(c for c in frame.columns if c not in before)
            self.missing_places += int(frame["place"].isna().sum())
        if self.dedup is not None:
            self.dedup.add(frame)
        self.writer.write(frame)
        self.n += len(frame)

    def finish(self, report: IngestReport, origins: _Origins) -> Corpus:
        from framing.corpus.partitioned import PartitionedCorpus

        if self.tagger is not None:
            _warn_missing_places(self.missing_places, self.n, report)
        marks = None
        if self.dedup is not None:
            self.writer.close_parts()
            marks = self.dedup.finish(self.writer.fetch_texts)
            dup = marks[marks["is_duplicate"]]
            _report_duplicates(report, origins, dup["position"].to_numpy(), dup["doc_id"].to_numpy(),
                               dup["duplicate_of"].to_numpy())
        _sanitise_report(report)
        folder = self.writer.close(report=report, marks=marks)
        corpus = PartitionedCorpus(folder)
        corpus.report = report
        return corpus


def _warn_missing_places(missing: int, n: int, report: IngestReport) -> None:
    """One corpus-wide warning when most documents have no place (metadata or tagger)."""
    if missing * 2 > n:
        report.warn(CORPUS_NOTE, None,
                    f"{missing} of {n} documents have no place (none in their metadata and "
                    "no known place found in the text); comparisons by place leave them out. Give "
                    "a place in the metadata (front matter, sidecar, a column) or pass "
                    "places=PlaceTagger(...) with your own gazetteer", first=True)


def _empty_message(sources: Sequence[PathLike], files: list[Path], report: IngestReport) -> str:
    """One line: why no document came out of ``sources`` (the commonest skip reasons)."""
    where = ", ".join(_display(str(s)) for s in list(sources)[:3]) + (" …" if len(sources) > 3 else "")
    skipped = [e for e in report.events if e.status == "skipped"]
    if not files and not skipped:
        return f"no documents: no files found in {where} (hidden files are not read)"
    reasons = Counter(e.detail for e in skipped)
    top = "; ".join(f"{n}× {reason}" for reason, n in reasons.most_common(3))
    more = f"; and {len(reasons) - 3} other reasons" if len(reasons) > 3 else ""
    first = skipped[0] if skipped else None
    example = f" (e.g. {first.file})" if first is not None else ""
    return (f"no documents read from {where}: {len(files)} file(s), {len(skipped)} skipped"
            f"{example}: {top}{more}").replace("\n", " ")


def _sanitise_report(report: IngestReport) -> None:
    """File names that are not valid UTF-8 → escaped text (see :func:`_display`), so the report
    can be printed and written to CSV."""
    if all(_display(f) == f for f in report.files):  # every event's file is one of these
        return
    report.rename(_display)


def _to_row(record: dict[str, Any], path: Path, single: bool, report: IngestReport,
            seen_ids: dict[str, int], cleaner: Any, today: pd.Timestamp) -> dict[str, Any] | None:
    """One reader record → one document row (id, source, parsed date, cleaned text), with every
    repair and warning reported; ``None`` (reported as skipped) when no text is left."""
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
    shown = _display(str(path))
    row["source"] = shown if (rec_no is None or single) else f"{shown}#{rec_no}"

    if not row.get("author") and row.get("speaker"):
        row["author"] = row["speaker"]  # a speech's author is its speaker

    checked = check_date(row.get("date"), today=today)
    if checked.problem:
        report.warn(path, rec_no, checked.problem, doc_id)
    row["date"] = checked.value

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


#: The older name of :func:`read`: the same function.
ingest = read
