"""Partitioned Parquet datasets: a corpus (or token table) as a folder of part files plus a
manifest, written and read part by part so that no stage needs the whole corpus in memory.

Layout of a folder written by :func:`write_partitioned` (or ``framing ingest ... -o corpus/``)::

    corpus/
      _framing.json                  manifest: versions, documents, parts with row counts, report
      year=2016/month=03/part-00000.parquet    partition_by="month" (hive-style folders)
      source=artikel.jsonl-1a2b3c4d/part-00001.parquet   partition_by="source" (the input file)
      part-00000.parquet ...         partition_by=None: numbered parts
      duplicates.parquet             near-duplicate marks of a streaming ingest (see below)

Every part holds whole documents with all columns (partition values are not taken out of the
files, so a part is an ordinary corpus file) plus ``_position``, the document's place in the
corpus order, so that a folder read back whole has the order it was written in. Each part has
at most ``rows_per_file`` rows. :func:`read_parquet` on a folder gives a lazy
:class:`PartitionedCorpus`.

Near-duplicates across parts: a streaming ingest marks them at the end, in one global LSH pass
over the signatures kept from every part (:class:`framing.corpus.dedup.StreamingDedup`), and
writes the marks of the documents in a duplicate group to ``duplicates.parquet`` instead of
rewriting the parts; :func:`read_part` applies them, so every part read has the same
``is_duplicate``/``duplicate_of``/``carried_by``/``dup_group``/``dup_similarity`` columns as a
single-process ingest.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from framing.corpus.corpus import Corpus
from framing.corpus.report import IngestReport
from framing.corpus.schema import normalise_docs
from framing.errors import InputError, ParameterError

MANIFEST = "_framing.json"
DUPLICATES = "duplicates.parquet"
#: Version of the folder layout and manifest (raise when either changes incompatibly).
SCHEMA_VERSION = 1
#: The column that keeps each document's place in corpus order (dropped when read).
POSITION = "_position"
_UNKNOWN = "__unknown__"
_MAX_OPEN_WRITERS = 64

PathLike = str | Path


# -- reading single parts --------------------------------------------------------------------
def _read_table(path: Path, columns: Sequence[str] | None = None, filters: Any = None) -> Any:
    """One part file as an Arrow table (every part read goes through here); a file pyarrow
    cannot read raises :class:`InputError` naming it."""
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path, columns=None if columns is None else list(columns),
                             filters=filters)
    except FileNotFoundError:
        raise InputError("part file missing (listed in the manifest)", path=path) from None
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputError(f"not a readable Parquet part ({exc.__class__.__name__}: {exc})",
                         path=path) from None


def read_manifest(folder: PathLike) -> dict[str, Any]:
    """The folder's ``_framing.json`` (``{}`` when there is none: a folder of plain Parquet files)."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable manifest ({exc})", path=path) from None
    if int(manifest.get("schema_version", 0)) > SCHEMA_VERSION:
        raise InputError(f"written by a newer framing (layout version {manifest['schema_version']},"
                         f" this one reads {SCHEMA_VERSION}); update framing", path=path)
    return manifest


def list_parts(folder: PathLike) -> list[Path]:
    """The part files of a dataset folder in a stable order: the manifest's order (time order
    for ``partition_by="month"``), else every ``*.parquet`` below the folder, sorted by path.
    A folder without parts raises :class:`InputError`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("no such folder", path=folder)
    manifest = read_manifest(folder)
    if manifest:
        parts = [folder / p["path"] for p in manifest.get("parts", [])]
    else:
        parts = sorted(p for p in folder.rglob("*.parquet")
                       if p.name != DUPLICATES and not any(s.startswith((".", "_"))
                                                            for s in p.relative_to(folder).parts))
    if not parts:
        raise InputError("no Parquet part files in this folder (write one with framing ingest "
                         "-o FOLDER or framing.corpus.partitioned.write_partitioned)", path=folder)
    return parts


def _dataset_root(path: Path) -> Path | None:
    for parent in path.parents:
        if (parent / MANIFEST).exists():
            return parent
    return None


_MARKS_CACHE: dict[tuple[str, float], pd.DataFrame] = {}


def _marks(root: Path | None) -> pd.DataFrame | None:
    """The dataset's ``duplicates.parquet`` (read once per file version), or None."""
    if root is None:
        return None
    path = root / DUPLICATES
    if not path.exists():
        return None
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _MARKS_CACHE:
        _MARKS_CACHE.clear()
        _MARKS_CACHE[key] = _read_table(path).to_pandas()
    return _MARKS_CACHE[key]


def _part_frame(path: Path, *, columns: Sequence[str] | None = None, filters: Any = None,
                all_columns: Sequence[str] | None = None, keep_position: bool = False
                ) -> pd.DataFrame:
    """A part as a documents table in corpus order, with the dataset's duplicate marks."""
    from framing.corpus.dedup import MARK_COLUMNS, apply_marks

    root = _dataset_root(path)
    marks = _marks(root)
    stored = columns
    if columns is not None:
        stored = [c for c in columns if c not in MARK_COLUMNS or marks is None]
        if marks is not None and any(c in MARK_COLUMNS for c in columns):
            stored = list(dict.fromkeys([*stored, "doc_id", "outlet"]))
        schema_names = _schema_names(path)
        stored = [c for c in dict.fromkeys([*stored, POSITION]) if c in schema_names]
    table = _read_table(path, stored, filters)
    schema = _dataset_schema(root)
    if schema is not None and columns is None:
        # parts written before a column appeared: that column as nulls of its type; a part from
        # another writer is read as it is
        with contextlib.suppress(KeyError, ValueError, TypeError, NotImplementedError):
            table = _conform(table, schema)
    df = table.to_pandas()
    if POSITION in df.columns:
        df = df.sort_values(POSITION, kind="stable").reset_index(drop=True)
        if not keep_position:
            df = df.drop(columns=[POSITION])
    if all_columns is not None and columns is None:
        skip = MARK_COLUMNS if marks is not None else ()
        df = df.reindex(columns=[*[c for c in all_columns if c not in skip],
                                 *[c for c in df.columns if c not in all_columns]])
    if marks is not None and "doc_id" in df.columns:
        df = apply_marks(df, marks)
    return df


_SCHEMA_CACHE: dict[tuple[str, float], Any] = {}


def _dataset_schema(root: Path | None) -> Any:
    """The Arrow schema every part of the dataset conforms to (from the manifest), or None."""
    if root is None:
        return None
    path = root / MANIFEST
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _SCHEMA_CACHE:
        import base64

        import pyarrow as pa

        text = read_manifest(root).get("arrow_schema")
        _SCHEMA_CACHE.clear()
        _SCHEMA_CACHE[key] = (pa.ipc.read_schema(pa.py_buffer(base64.b64decode(text)))
                              if text else None)
    return _SCHEMA_CACHE[key]


def _schema_names(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise InputError(f"not a readable Parquet part ({exc.__class__.__name__}: {exc})",
                         path=path) from None


def read_part(path: PathLike) -> Corpus:
    """One part file as an in-memory :class:`Corpus` (duplicate marks of its dataset applied)."""
    path = Path(path)
    root = _dataset_root(path)
    columns = read_manifest(root).get("columns") if root is not None else None
    df = _part_frame(path, all_columns=columns)
    if "doc_id" not in df.columns or "text" not in df.columns:
        raise InputError("not a framing corpus part: needs columns doc_id and text", path=path)
    return Corpus(df)


# -- writing ---------------------------------------------------------------------------------
def _check_partition_by(partition_by: str | None) -> None:
    if partition_by is not None and (not isinstance(partition_by, str) or not partition_by):
        raise ParameterError(f"partition_by must be 'month', 'year', 'source', a column name or "
                             f"None, not {partition_by!r}")


def _safe(value: str, limit: int = 60) -> str:
    """A partition value as a folder name: URL-quoted, long values cut and made unique by hash."""
    quoted = quote(value, safe=" -_.,()'+@")
    if len(quoted) <= limit and quoted not in (".", ".."):
        return quoted
    digest = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{quoted[:limit - 9]}-{digest}"


def source_file(source: Any) -> str | None:
    """The input file of a ``source`` value (``path#record`` → ``path``)."""
    if not isinstance(source, str) or not source:
        return None
    head, sep, _ = source.rpartition("#")
    return head if sep and head else source


def _partition_keys(df: pd.DataFrame, partition_by: str | None) -> tuple[pd.Series, list[dict]]:
    """Folder (relative, '' for none) per row, and the partition values per distinct folder."""
    n = len(df)
    if partition_by is None:
        return pd.Series([""] * n, index=df.index), [{}]
    if partition_by in ("month", "year"):
        date = pd.to_datetime(df["date"], errors="coerce")
        years = date.dt.year.astype("Int64")
        months = date.dt.month.astype("Int64")
        if partition_by == "year":
            folders = [f"year={_UNKNOWN}" if pd.isna(y) else f"year={y}" for y in years]
        else:
            folders = [f"year={_UNKNOWN}/month={_UNKNOWN}" if pd.isna(y) else f"year={y}/month={m:02d}"
                       for y, m in zip(years, months)]
    elif partition_by == "source":
        folders = [f"source={_safe(Path(f).name)}-{hashlib.sha1(f.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
                   if (f := source_file(s)) else f"source={_UNKNOWN}" for s in df["source"]]
    else:
        if partition_by not in df.columns:
            raise ParameterError(f"cannot partition by {partition_by!r}: no such column; use "
                                 f"'month', 'year', 'source', None or one of {list(df.columns)}")
        folders = [f"{partition_by}={_UNKNOWN}" if v is None or (not isinstance(v, str) and pd.isna(v))
                   else f"{partition_by}={_safe(str(v))}" for v in df[partition_by]]
    return pd.Series(folders, index=df.index), []


def _partition_values(folder: str, partition_by: str | None, sub: pd.DataFrame) -> dict[str, Any]:
    """What the manifest says about a partition folder (used to skip parts when filtering)."""
    if partition_by is None:
        return {}
    if partition_by in ("month", "year"):
        values: dict[str, Any] = {}
        for piece in folder.split("/"):
            key, _, value = piece.partition("=")
            values[key] = None if value == _UNKNOWN else int(value)
        return values
    if partition_by == "source":
        return {"source_file": source_file(sub["source"].iloc[0])}
    value = sub[partition_by].iloc[0]
    return {partition_by: None if pd.isna(value) else str(value)}


def prepare_folder(folder: Path) -> Path:
    """Check that ``folder`` may be (over)written as a dataset and make its ``.partial`` twin,
    where the parts are written until :func:`publish_folder` moves them into place."""
    if folder.suffix.lower() == ".parquet":
        raise ParameterError(f"{folder}: a partitioned dataset is a folder; a name ending "
                             ".parquet is a single file")
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", path=folder)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).exists():
        raise InputError("folder exists and is not a framing dataset (no _framing.json); "
                         "choose a new or empty folder", path=folder)
    tmp = folder.with_name(folder.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def base_manifest(kind: str) -> dict[str, Any]:
    """The manifest fields every dataset has: what it is and which versions wrote it."""
    import framing

    return {"format": f"framing-{kind}", "schema_version": SCHEMA_VERSION,
            "framing_version": framing.__version__}


def publish_folder(tmp: Path, folder: Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest into ``tmp`` and move it to ``folder`` (replacing an older dataset)."""
    (tmp / MANIFEST).write_text(json.dumps(_plain(manifest), indent=2, ensure_ascii=False,
                                           default=str), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    tmp.rename(folder)
    return folder


@dataclass
class _OpenPart:
    writer: Any
    path: str
    info: dict[str, Any] = field(default_factory=dict)


class PartWriter:
    """Writes a partitioned corpus one chunk at a time (see :func:`write_partitioned`).

    ``write(chunk)`` takes documents in corpus order; rows are buffered by partition folder
    (``buffer_rows`` in all) and written as row groups to one open part per folder, which is
    closed after ``rows_per_file`` rows. :meth:`close` writes the manifest and moves the folder
    into place (until then it is written as ``<folder>.partial``, so an interrupted write never
    leaves a folder that looks complete)."""

    def __init__(self, folder: PathLike, *, partition_by: str | None = "month",
                 rows_per_file: int = 50_000, buffer_rows: int | None = None,
                 kind: str = "corpus") -> None:
        from framing.errors import check_positive

        _check_partition_by(partition_by)
        check_positive("rows_per_file", rows_per_file)
        self.folder = Path(folder)
        self.tmp = prepare_folder(self.folder)
        self.partition_by = partition_by
        self.rows_per_file = int(rows_per_file)
        self.buffer_rows = int(buffer_rows or min(self.rows_per_file, 10_000))
        self.kind = kind
        self.position = 0
        self.columns: list[str] = []
        #: columns kept last in the manifest's column order (those a step adds to every chunk,
        #: e.g. place tagging's, come after the reader's, as in a single-process ingest)
        self.trailing: tuple[str, ...] = ()
        self.parts: list[dict[str, Any]] = []
        self._schema: Any = None
        self._open: OrderedDict[str, _OpenPart] = OrderedDict()
        self._buffers: dict[str, list[pd.DataFrame]] = {}
        self._buffered = 0
        self._number = 0
        self._closed_parts = False

    # writing ---------------------------------------------------------------------------------
    def write(self, chunk: Corpus | pd.DataFrame | Any) -> None:
        """Add documents (a Corpus, a DataFrame or an Arrow table/record batch)."""
        df = _as_frame(chunk)
        if not len(df):
            return
        df = normalise_docs(df)
        df[POSITION] = np.arange(self.position, self.position + len(df), dtype=np.int64)
        self.position += len(df)
        columns = list(dict.fromkeys([*self.columns, *[c for c in df.columns if c != POSITION]]))
        self.columns = ([c for c in columns if c not in self.trailing]
                        + [c for c in columns if c in self.trailing])
        folders, _ = _partition_keys(df, self.partition_by)
        for folder, idx in df.groupby(folders, sort=False).indices.items():
            self._buffers.setdefault(str(folder), []).append(df.iloc[idx])
        self._buffered += len(df)
        if self._buffered >= self.buffer_rows:
            self._flush_all()

    def _flush_all(self) -> None:
        for folder in list(self._buffers):
            frames = self._buffers.pop(folder)
            self._write_rows(folder, pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
        self._buffered = 0

    def _table(self, df: pd.DataFrame) -> Any:
        import pyarrow as pa

        table = pa.Table.from_pandas(df, preserve_index=False)
        if self._schema is None:
            self._schema = table.schema
            return table
        if table.schema.equals(self._schema, check_metadata=False):
            return table
        try:
            return _conform(table, self._schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, KeyError):
            pass
        # new columns or a wider type: parts opened from now on use the unified schema
        self._schema = pa.unify_schemas([self._schema, table.schema], promote_options="permissive")
        for folder in list(self._open):
            self._close_part(folder)
        return _conform(table, self._schema)

    def _write_rows(self, folder: str, df: pd.DataFrame) -> None:
        start = 0
        while start < len(df):
            part = self._open.get(folder)
            room = self.rows_per_file - (part.info["rows"] if part is not None else 0)
            sub = df.iloc[start:start + room]
            table = self._table(sub)  # a new schema closes the open parts
            part = self._open.get(folder) or self._open_part(folder, sub)
            part.writer.write_table(table)
            self._note(part.info, sub)
            start += len(sub)
            if part.info["rows"] >= self.rows_per_file:
                self._close_part(folder)

    def _open_part(self, folder: str, df: pd.DataFrame) -> _OpenPart:
        import pyarrow.parquet as pq

        if len(self._open) >= _MAX_OPEN_WRITERS:
            self._close_part(next(iter(self._open)))
        rel = f"{folder}/part-{self._number:05d}.parquet" if folder else f"part-{self._number:05d}.parquet"
        self._number += 1
        (self.tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        writer = pq.ParquetWriter(self.tmp / rel, self._schema)
        info = {"path": rel, "rows": 0, "partition": _partition_values(folder, self.partition_by, df),
                "date_min": None, "date_max": None, "folder": folder, "number": self._number - 1}
        part = self._open[folder] = _OpenPart(writer, rel, info)
        return part

    @staticmethod
    def _note(info: dict[str, Any], sub: pd.DataFrame) -> None:
        info["rows"] += len(sub)
        if "date" in sub.columns:
            dates = pd.to_datetime(sub["date"], errors="coerce").dropna()
            if len(dates):
                lo, hi = dates.min().isoformat(), dates.max().isoformat()
                info["date_min"] = lo if info["date_min"] is None else min(info["date_min"], lo)
                info["date_max"] = hi if info["date_max"] is None else max(info["date_max"], hi)

    def _close_part(self, folder: str) -> None:
        part = self._open.pop(folder)
        part.writer.close()
        if part.info["rows"]:
            self.parts.append(part.info)
        else:  # opened, then closed by a schema change before a row was written
            (self.tmp / part.path).unlink(missing_ok=True)

    def close_parts(self) -> list[Path]:
        """Write what is buffered and close every part (the files are then complete and can be
        read, e.g. for the texts that duplicate verification needs); returns their paths."""
        if not self._closed_parts:
            self._flush_all()
            for folder in list(self._open):
                self._close_part(folder)
            self.parts.sort(key=lambda p: (p["folder"].count(_UNKNOWN) > 0, p["folder"], p["number"]))
            self._closed_parts = True
        return [self.tmp / p["path"] for p in self.parts]

    def fetch_texts(self, positions: np.ndarray) -> dict[int, str]:
        """``{position: text}`` for the given corpus positions, read back from the closed parts."""
        import pyarrow as pa
        import pyarrow.compute as pc

        wanted = pa.array(np.asarray(positions, dtype=np.int64))
        out: dict[int, str] = {}
        for path in self.close_parts():
            table = _read_table(path, [POSITION, "text"], pc.field(POSITION).isin(wanted))
            out.update(zip(table[POSITION].to_pylist(), table["text"].to_pylist()))
        return out

    def close(self, *, report: IngestReport | None = None, marks: pd.DataFrame | None = None,
              extra: dict[str, Any] | None = None) -> Path:
        """Close the parts, write ``duplicates.parquet`` (when ``marks`` are given) and the
        manifest, and move the folder into place; returns the folder."""
        self.close_parts()
        if not self.parts:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise InputError("no documents to write (zero documents is an error)", path=self.folder)
        manifest: dict[str, Any] = {
            **base_manifest(self.kind), "partition_by": self.partition_by,
            "rows_per_file": self.rows_per_file, "n_documents": int(self.position),
            "columns": self.columns,
            "parts": [{k: v for k, v in p.items() if k not in ("folder", "number")} for p in self.parts],
        }
        if marks is not None:
            marks.drop(columns=["position"], errors="ignore").to_parquet(self.tmp / DUPLICATES, index=False)
            manifest["duplicates"] = {"file": DUPLICATES,
                                      **{k: _plain(v) for k, v in marks.attrs.get("dedup", {}).items()}}
            manifest["columns"] = list(dict.fromkeys([*self.columns, *_mark_columns()]))
        if report is not None:
            manifest["report"] = _plain(report.summary())
        import base64

        manifest["arrow_schema"] = base64.b64encode(self._schema.serialize().to_pybytes()).decode("ascii")
        manifest.update(extra or {})
        return publish_folder(self.tmp, self.folder, manifest)

    def abort(self) -> None:
        """Drop what was written (an error mid-way leaves no folder behind)."""
        for part in self._open.values():
            with contextlib.suppress(Exception):
                part.writer.close()
        self._open.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _mark_columns() -> tuple[str, ...]:
    from framing.corpus.dedup import MARK_COLUMNS

    return MARK_COLUMNS


def _plain(value: Any) -> Any:
    """JSON-ready copy (numpy numbers → Python numbers)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _conform(table: Any, schema: Any) -> Any:
    """``table`` with ``schema``'s columns (missing ones as nulls) and types; KeyError when the
    table has a column the schema lacks."""
    import pyarrow as pa

    extra = set(table.schema.names) - set(schema.names)
    if extra:
        raise KeyError(sorted(extra))
    arrays = [table[f.name].cast(f.type) if f.name in table.schema.names
              else pa.nulls(len(table), f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _as_frame(chunk: Any) -> pd.DataFrame:
    if isinstance(chunk, Corpus):
        return chunk.docs
    if isinstance(chunk, pd.DataFrame):
        return chunk
    if hasattr(chunk, "to_pandas"):  # pyarrow Table / RecordBatch
        return chunk.to_pandas()
    raise ParameterError(f"cannot write {type(chunk).__name__}: give Corpus objects, DataFrames, "
                         "Arrow tables/record batches or dict records")


def _chunks(data: Any, size: int = 10_000) -> Iterator[Any]:
    """Chunks of documents from a corpus, a frame, an iterable of chunks or of dict records."""
    if isinstance(data, PartitionedCorpus):
        yield from data.iter_parts()
        return
    if isinstance(data, (Corpus, pd.DataFrame)) or hasattr(data, "to_pandas"):
        df = _as_frame(data)
        for start in range(0, len(df), size):
            yield df.iloc[start:start + size]
        return
    rows: list[dict[str, Any]] = []
    for item in data:
        if isinstance(item, dict):
            rows.append(item)
            if len(rows) >= size:
                yield pd.DataFrame(rows)
                rows = []
        else:
            if rows:
                yield pd.DataFrame(rows)
                rows = []
            yield item
    if rows:
        yield pd.DataFrame(rows)


def write_partitioned(corpus_or_records: Corpus | pd.DataFrame | Iterable[Any], folder: PathLike, *,
                      partition_by: str | None = "month", rows_per_file: int = 50_000,
                      report: IngestReport | None = None) -> Path:
    """Write documents as a partitioned Parquet folder and return the folder.

    ``corpus_or_records``: a :class:`Corpus` (also a lazy one, written part by part), a
    DataFrame, or an iterable of Corpus chunks / DataFrames / Arrow record batches / dict
    records, consumed one at a time (never all held). ``partition_by``: ``"month"``
    (``year=2016/month=03/``), ``"year"``, ``"source"`` (one folder per input file),
    another column (``"outlet"``, ``"place"``) or None (numbered parts). Each file has at most
    ``rows_per_file`` rows. The manifest ``_framing.json`` lists the parts with their row
    counts and date ranges, the number of documents and the versions; ``report`` (default: the
    corpus's own) adds the ingest report's summary."""
    writer = PartWriter(folder, partition_by=partition_by, rows_per_file=rows_per_file)
    if report is None and isinstance(corpus_or_records, Corpus):
        report = corpus_or_records.report
    try:
        for chunk in _chunks(corpus_or_records):
            writer.write(chunk)
        return writer.close(report=report)
    except BaseException:
        writer.abort()
        raise


# -- the lazy corpus -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Where:
    """One pushed-down condition: an Arrow expression for the rows and a test on the manifest
    entry of a part that says whether the part can hold matching rows at all."""

    expression: Any
    may_match: Callable[[dict[str, Any]], bool]


def _year_range(years: Sequence[int]) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    return [(pd.Timestamp(year=int(y), month=1, day=1), pd.Timestamp(year=int(y) + 1, month=1, day=1))
            for y in years]


def _month_range(months: Sequence[str]) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    out = []
    for m in months:
        p = pd.Period(str(m), freq="M")
        out.append((p.start_time, (p + 1).start_time))
    return out


class PartitionedCorpus(Corpus):
    """A :class:`Corpus` over a partitioned Parquet folder whose documents are read part by part
    when needed (pandas throughout; nothing is read when it is made).

    Lazy (read part by part, never the whole corpus at once): ``len()`` (from the manifest
    when unfiltered), iteration over documents, :meth:`iter_parts`, :attr:`partitions`,
    :meth:`filter` with ``column=value`` (pushed down to Parquet: parts whose partition or date
    range cannot match are not opened, row groups are skipped by their statistics; a callable
    mask is applied part by part), :meth:`query` and :meth:`unique` (part by part),
    :meth:`groupby` (reads the key columns, then yields lazy sub-corpora), :meth:`summary`,
    ``to_parquet(folder)``.

    Load everything (then behave exactly like an in-memory Corpus): :attr:`docs`,
    :meth:`to_pandas`, ``texts``, ``doc_ids``, ``year``, ``corpus[i]``, :meth:`sample`,
    ``filter(mask)`` with a boolean Series, ``to_parquet("x.parquet")``, ``Corpus.concat``.
    The loaded table is kept, so a second ``.docs`` costs nothing.
    """

    def __init__(self, folder: PathLike, *, _where: tuple[_Where, ...] = (),
                 _post: tuple[Callable[[pd.DataFrame], Any], ...] = (),
                 _parts: Sequence[Path] | None = None) -> None:
        self.folder = Path(folder)
        self.manifest = read_manifest(self.folder)
        all_parts = list_parts(self.folder)
        infos = {str(self.folder / p["path"]): p for p in self.manifest.get("parts", [])}
        self._parts = list(_parts) if _parts is not None else all_parts
        self._info = {str(p): infos.get(str(p), {"path": str(p)}) for p in self._parts}
        self._where = tuple(_where)
        self._post = tuple(_post)
        self._loaded: pd.DataFrame | None = None
        self._len: int | None = None
        self._columns: list[str] | None = self.manifest.get("columns")
        self.report = IngestReport()

    # what the whole corpus costs -----------------------------------------------------------
    @property
    def _docs(self) -> pd.DataFrame:  # type: ignore[override]
        """The whole documents table (reads every part once, then kept)."""
        if self._loaded is None:
            frames = [self._frame(p, keep_position=True) for p in self._selected_parts()]
            frames = [f for f in frames if len(f)]
            if not frames:
                df = pd.DataFrame(columns=self.columns)
            else:
                df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
                if POSITION in df.columns:
                    df = df.sort_values(POSITION, kind="stable").drop(columns=[POSITION])
            self._loaded = Corpus(df).docs
        return self._loaded

    @property
    def columns(self) -> list[str]:
        """Column names (from the manifest, else the first part's schema; nothing is read)."""
        if self._columns is None:
            self._columns = [c for c in _schema_names(self._parts[0]) if c != POSITION]
        return list(self._columns)

    # parts -----------------------------------------------------------------------------------
    def _selected_parts(self) -> list[Path]:
        """The parts that can hold matching documents (by the manifest: partition, dates)."""
        return [p for p in self._parts
                if all(w.may_match(self._info[str(p)]) for w in self._where)]

    def _expression(self) -> Any:
        expr = None
        for w in self._where:
            if w.expression is not None:
                expr = w.expression if expr is None else (expr & w.expression)
        return expr

    def _frame(self, path: Path, *, columns: Sequence[str] | None = None,
               keep_position: bool = False) -> pd.DataFrame:
        df = _part_frame(path, columns=None if self._post else columns, filters=self._expression(),
                         all_columns=self._columns, keep_position=keep_position)
        for post in self._post:
            if not len(df):
                break
            keep = np.asarray(post(df), dtype=bool)
            df = df[keep].reset_index(drop=True)
        if columns is not None:
            df = df[[c for c in columns if c in df.columns]
                    + ([POSITION] if keep_position and POSITION in df.columns else [])]
        return df

    def iter_parts(self, columns: Sequence[str] | None = None) -> Iterator[Corpus]:
        """Each part that has matching documents, as an in-memory :class:`Corpus` (in part
        order; within a part, corpus order). ``columns``: read only these (plus ``doc_id`` and
        ``text``)."""
        if self._loaded is not None:  # already in memory: chunks of it, same parts order
            yield from self._chunks_of_loaded()
            return
        if columns is not None:
            columns = list(dict.fromkeys(["doc_id", "text", *columns]))
        for path in self._selected_parts():
            df = self._frame(path, columns=columns)
            if len(df):
                yield Corpus(df)

    def _chunks_of_loaded(self) -> Iterator[Corpus]:
        docs = self._loaded
        assert docs is not None
        size = max(1, int(self.manifest.get("rows_per_file", 50_000)))
        for start in range(0, len(docs), size):
            yield Corpus(docs.iloc[start:start + size])

    @property
    def partitions(self) -> list[PartitionedCorpus]:
        """One lazy corpus per part (nothing read; each can be handed to a worker)."""
        return [self._derive(parts=[p]) for p in self._selected_parts()]

    @property
    def parts(self) -> list[Path]:
        """The part files this corpus reads (after partition pruning)."""
        return self._selected_parts()

    def _derive(self, *, where: Sequence[_Where] = (), post: Sequence[Callable] = (),
                parts: Sequence[Path] | None = None) -> PartitionedCorpus:
        out = PartitionedCorpus.__new__(PartitionedCorpus)
        out.folder, out.manifest, out.report = self.folder, self.manifest, self.report
        out._parts = list(parts) if parts is not None else list(self._parts)
        out._info = self._info
        out._where = self._where + tuple(where)
        out._post = self._post + tuple(post)
        out._loaded, out._len, out._columns = None, None, self._columns
        return out

    # lazy verbs ------------------------------------------------------------------------------
    def __len__(self) -> int:
        if self._loaded is not None:
            return len(self._loaded)
        if self._len is None:
            if not self._where and not self._post and all("rows" in self._info[str(p)] for p in self._parts):
                self._len = int(sum(self._info[str(p)]["rows"] for p in self._parts))
            else:
                self._len = sum(len(self._frame(p, columns=["doc_id"])) for p in self._selected_parts())
        return self._len

    def __iter__(self) -> Iterator[Any]:
        for part in self.iter_parts():
            yield from Corpus.__iter__(part)

    def __repr__(self) -> str:
        return (f"<PartitionedCorpus: {len(self)} documents in {len(self._selected_parts())} "
                f"parts of {self.folder}>")

    def filter(self, mask: pd.Series | Callable[[pd.DataFrame], pd.Series] | None = None,
               **equals: Any) -> Corpus:
        """As :meth:`Corpus.filter`; ``column=value`` conditions are pushed down to the Parquet
        reader and a callable mask is applied part by part (both stay lazy); a boolean Series
        refers to the whole table and loads it."""
        if mask is not None and not callable(mask):
            return Corpus.filter(self, mask, **equals)
        where: list[_Where] = []
        post: list[Callable] = []
        if mask is not None:
            post.append(lambda df, m=mask: pd.Series(m(df), index=df.index).fillna(False).astype(bool))
        for col, value in equals.items():
            values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
            w = self._condition(col, values)
            if w is None:
                post.append(lambda df, c=col, v=values: Corpus(df)._equals_mask({c: v}))
            else:
                where.append(w)
        return self._derive(where=where, post=post)

    def _condition(self, col: str, values: list[Any]) -> _Where | None:
        """A pushed-down condition for ``col in values``, or None when it must run in pandas."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if col in ("year", "month"):
            ranges = _year_range(values) if col == "year" else _month_range(values)
            expr = None
            for lo, hi in ranges:
                e = ((pc.field("date") >= pa.scalar(lo.to_pydatetime()))
                     & (pc.field("date") < pa.scalar(hi.to_pydatetime())))
                expr = e if expr is None else (expr | e)

            def may_match(info: dict[str, Any], ranges=ranges) -> bool:
                lo_d, hi_d = info.get("date_min"), info.get("date_max")
                if "date_min" not in info:
                    return True
                if lo_d is None or hi_d is None:
                    return False  # no dated document in the part
                return any(pd.Timestamp(lo_d) < hi and pd.Timestamp(hi_d) >= lo for lo, hi in ranges)
            return _Where(expr, may_match)
        if col not in self.columns:
            raise InputError(f"no column {col!r}; columns are {self.columns}")
        if col in _mark_columns() or col in ("places", "carried_by"):
            return None
        present = [v for v in values if v is not None and not (not isinstance(v, str) and pd.isna(v))]
        try:
            expr = pc.field(col).isin(pa.array(present)) if len(present) != 1 else (pc.field(col) == present[0])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        by = self.manifest.get("partition_by")

        def may_match_col(info: dict[str, Any], col=col, present=present) -> bool:
            part = info.get("partition", {})
            if by == col and col in part:
                return part[col] is not None and str(part[col]) in {str(v) for v in present}
            return True
        return _Where(expr, may_match_col)

    def query(self, expr: str) -> Corpus:
        """As :meth:`Corpus.query`, evaluated part by part (row-wise expressions only)."""
        return self._derive(post=[lambda df, e=expr: df.eval(e).to_numpy(dtype=bool)])

    def unique(self) -> Corpus:
        """The corpus without near-duplicates (lazy; applied part by part)."""
        if "is_duplicate" not in self.columns:
            return self
        return self._derive(post=[lambda df: ~df["is_duplicate"].to_numpy(dtype=bool)])

    def _key_frame(self, by: str | Sequence[str]) -> pd.DataFrame:
        keys = [by] if isinstance(by, str) else list(by)
        need = ["date" if k in ("year", "month") else k for k in keys]
        frames = []
        for path in self._selected_parts():
            df = self._frame(path, columns=list(dict.fromkeys(["doc_id", *need])))
            if len(df):
                c = Corpus(df)
                frames.append(pd.concat(c._group_keys(keys), axis=1))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=keys)

    def groupby(self, by: str | Sequence[str]) -> Iterator[tuple[Any, Corpus]]:
        """As :meth:`Corpus.groupby`, yielding lazy sub-corpora: the key columns are read once,
        each group is a pushed-down filter (``"year"``/``"month"`` on ``date``)."""
        keys = [by] if isinstance(by, str) else list(by)
        frame = self._key_frame(keys).dropna().drop_duplicates()
        frame = frame.sort_values(keys, kind="stable")
        for row in frame.itertuples(index=False):
            values = tuple(row)
            where: dict[str, Any] = {k: (str(v) if k == "month" else v) for k, v in zip(keys, values)}
            sub = self.filter(**where)
            yield (values[0] if len(values) == 1 else values), sub

    def summary(self, by: str | Sequence[str] = ("place", "year")) -> pd.DataFrame:
        """As :meth:`Corpus.summary`, summed part by part."""
        parts = [Corpus.summary(part, by) for part in self.iter_parts()]
        if not parts:
            return Corpus.summary(Corpus(pd.DataFrame(columns=["doc_id", "text"])), by)
        out = pd.concat(parts)
        return out.groupby(level=list(range(out.index.nlevels)), dropna=False).sum().astype("int64")

    def to_parquet(self, path: PathLike, *, partition_by: str | None = "month",
                   rows_per_file: int = 50_000) -> Path:
        """A single file (``*.parquet``: loads the whole corpus) or another partitioned folder
        (written part by part)."""
        if Path(path).suffix.lower() == ".parquet":
            return Corpus.to_parquet(self, path)
        return write_partitioned(self, path, partition_by=partition_by, rows_per_file=rows_per_file)


def read_parquet(path: PathLike) -> Corpus:
    """A corpus from Parquet: a file → :meth:`Corpus.read_parquet` (in memory); a folder
    (``framing ingest -o corpus/``, :func:`write_partitioned`, or any folder of Parquet files
    with ``doc_id`` and ``text``) → a lazy :class:`PartitionedCorpus`."""
    path = Path(path)
    if path.is_dir():
        corpus = PartitionedCorpus(path)
        names = corpus.columns
        if "doc_id" not in names or "text" not in names:
            raise InputError("not a framing corpus: needs columns doc_id and text", path=corpus._parts[0])
        return corpus
    return Corpus.read_parquet(path)


def is_dataset_path(path: PathLike) -> bool:
    """Whether an output path names a partitioned folder (anything not ending in ``.parquet``)."""
    path = Path(path)
    return path.is_dir() or path.suffix.lower() != ".parquet"
