"""The ingest report: every input record accounted for as read, repaired, duplicate or skipped.

Events are stored column-wise in compact arrays (a file number, a status byte, the record
number, an interned detail and a coded document id: about 21 bytes an event), because a corpus
of a million short rows has several million events; :attr:`IngestReport.events` and
:meth:`IngestReport.to_frame` build the familiar objects and tables on demand.
"""
from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: Statuses an event can have. ``read`` and ``skipped`` are exclusive outcomes of one record;
#: ``repaired``, ``warning`` and ``duplicate`` annotate a record that was read.
STATUSES = ("read", "repaired", "warning", "duplicate", "skipped")
_STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}

_NO_RECORD = -(2 ** 63)        # record None
_STR_RECORD = -(2 ** 63) + 1   # record is a string, kept in _str_records
# document-id codes: 0 none, 1 "<file stem>-<record>", 2 "<file stem>", n >= 3 _doc_ids[n - 3]
_DOC_NONE, _DOC_STEM_RECORD, _DOC_STEM, _DOC_LIST = 0, 1, 2, 3


@dataclass(frozen=True)
class IngestEvent:
    """One thing that happened to one input record.

    ``note`` says more about a repair made while reading (e.g. ``"line 40002: 2 byte(s) not
    valid UTF-8, read as cp1252"``); ``detail`` stays the step's name so repairs can be counted.
    """

    file: str
    record: int | str | None
    status: str
    detail: str = ""
    doc_id: str | None = None
    note: str = ""


class IngestReport:
    """Collects what readers, cleaning, dedup and place tagging did to each record.

    Readers call :meth:`file_seen`, :meth:`read`, :meth:`skip` (and :meth:`repair` for what
    they mend while decoding); later steps call :meth:`repair`, :meth:`warn` and
    :meth:`duplicate`. Every event is kept, so each count is traceable (:meth:`to_frame`).
    """

    def __init__(self, files: dict[str, str] | None = None,
                 events: Iterable[IngestEvent] | None = None) -> None:
        self.files: dict[str, str] = dict(files or {})  # file -> format
        #: file -> what the export itself says about it (a press export's cover page: job number,
        #: search terms, documents announced/found). Kept here, not on the documents.
        self.export_meta: dict[str, dict[str, Any]] = {}
        self._file_names: list[str] = []
        self._file_index: dict[str, int] = {}
        self._stems: list[str] = []
        self._details: list[str] = []
        self._detail_index: dict[str, int] = {}
        self._doc_ids: list[str] = []
        self._f = array("i")
        self._s = array("b")
        self._r = array("q")
        self._d = array("i")
        self._doc = array("i")
        self._str_records: dict[int, str] = {}
        self._notes: dict[int, str] = {}
        self._counts: Counter[str] = Counter()
        for e in events or ():
            self._add(e.file, e.record, e.status, e.detail, e.doc_id, e.note)

    # -- storage -----------------------------------------------------------------------------
    def _file_no(self, file: str) -> int:
        no = self._file_index.get(file)
        if no is None:
            no = self._file_index[file] = len(self._file_names)
            self._file_names.append(file)
            self._stems.append(Path(file).stem)
        return no

    def _detail_no(self, detail: str) -> int:
        no = self._detail_index.get(detail)
        if no is None:
            no = self._detail_index[detail] = len(self._details)
            self._details.append(detail)
        return no

    def _add(self, path: str | Path, record: int | str | None, status: str, detail: str,
             doc_id: str | None, note: str = "") -> None:
        i = len(self._s)
        file = str(path)
        f = self._file_no(file)
        if record is None:
            r = _NO_RECORD
        elif isinstance(record, int) and not isinstance(record, bool) and record > _STR_RECORD:
            r = record
        else:
            r = _STR_RECORD
            self._str_records[i] = str(record)
        if doc_id is None:
            code = _DOC_NONE
        elif record is not None and doc_id == f"{self._stems[f]}-{record}":
            code = _DOC_STEM_RECORD
        elif doc_id == self._stems[f]:
            code = _DOC_STEM
        else:
            code = _DOC_LIST + len(self._doc_ids)
            self._doc_ids.append(doc_id)
        self._f.append(f)
        self._s.append(_STATUS_CODE[status])
        self._r.append(r)
        self._d.append(self._detail_no(detail))
        self._doc.append(code)
        if note:
            self._notes[i] = note
        self._counts[status] += 1

    def _record(self, i: int) -> int | str | None:
        r = self._r[i]
        if r == _NO_RECORD:
            return None
        if r == _STR_RECORD:
            return self._str_records[i]
        return r

    def _doc_id(self, i: int) -> str | None:
        code = self._doc[i]
        if code == _DOC_NONE:
            return None
        if code == _DOC_STEM_RECORD:
            return f"{self._stems[self._f[i]]}-{self._record(i)}"
        if code == _DOC_STEM:
            return self._stems[self._f[i]]
        return self._doc_ids[code - _DOC_LIST]

    def _event(self, i: int) -> IngestEvent:
        return IngestEvent(self._file_names[self._f[i]], self._record(i), STATUSES[self._s[i]],
                           self._details[self._d[i]], self._doc_id(i), self._notes.get(i, ""))

    def _indices(self, status: str) -> Iterator[int]:
        code = _STATUS_CODE[status]
        if not self._counts[status]:
            return iter(())
        import numpy as np

        return iter(np.flatnonzero(np.frombuffer(self._s, dtype=np.int8) == code).tolist())

    # -- recording ---------------------------------------------------------------------------
    def file_seen(self, path: str | Path, fmt: str) -> None:
        self.files[str(path)] = fmt

    def read(self, path: str | Path, record: int | str | None, doc_id: str | None = None) -> None:
        self._add(path, record, "read", "", doc_id)

    def skip(self, path: str | Path, record: int | str | None, reason: str) -> None:
        self._add(path, record, "skipped", reason, None)

    def repair(self, path: str | Path, record: int | str | None, step: str,
               doc_id: str | None = None, note: str = "") -> None:
        """A repair of one record: ``step`` names the kind (counted in :meth:`repairs_by_step`),
        ``note`` says where and what exactly (readers: the line and what they did)."""
        self._add(path, record, "repaired", step, doc_id, note)

    def warn(self, path: str | Path, record: int | str | None, message: str,
             doc_id: str | None = None, *, first: bool = False) -> None:
        """A warning about one record (or, with ``record=None``, a file or the corpus);
        ``first=True`` puts it at the top of the report (corpus-wide notes)."""
        self._add(path, record, "warning", message, doc_id)
        if first:
            self._move_last_to_front()

    def _move_last_to_front(self) -> None:
        """Make the newest event the first (a one-off O(n) shift of the arrays)."""
        last = len(self._s) - 1
        for arr in (self._f, self._s, self._r, self._d, self._doc):
            arr.insert(0, arr.pop())
        for store in (self._notes, self._str_records):
            moved = {(0 if i == last else i + 1): v for i, v in store.items()}
            store.clear()
            store.update(moved)

    def rename(self, fix: Callable[[str], str]) -> None:
        """Rewrite every file name, detail and document id with ``fix`` (e.g. to escape file
        names that are not valid UTF-8, so the report can be printed and written to CSV)."""
        self.files = {fix(k): v for k, v in self.files.items()}
        self.export_meta = {fix(k): v for k, v in self.export_meta.items()}
        self._file_names = [fix(f) for f in self._file_names]
        self._file_index = {f: i for i, f in enumerate(self._file_names)}
        self._stems = [fix(stem) for stem in self._stems]
        self._details = [fix(d) for d in self._details]
        self._detail_index = {d: i for i, d in enumerate(self._details)}
        self._doc_ids = [fix(d) for d in self._doc_ids]

    def duplicate(self, path: str | Path, record: int | str | None, of: str,
                  doc_id: str | None = None) -> None:
        self._add(path, record, "duplicate", f"duplicate of {of}", doc_id)

    def set_export_meta(self, path: str | Path, meta: dict[str, Any]) -> None:
        """Keep what an export's cover page says (search, job, document counts) for ``path``."""
        self.export_meta[str(path)] = dict(meta)

    def merge(self, other: IngestReport) -> None:
        self.files.update(other.files)
        self.export_meta.update(other.export_meta)
        for i in range(len(other)):
            self._add(other._file_names[other._f[i]], other._record(i), STATUSES[other._s[i]],
                      other._details[other._d[i]], other._doc_id(i), other._notes.get(i, ""))

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Number of events."""
        return len(self._s)

    @property
    def events(self) -> list[IngestEvent]:
        """Every event as an :class:`IngestEvent` (built on demand; use :meth:`to_frame` for
        large reports)."""
        return [self._event(i) for i in range(len(self))]

    def iter_events(self, status: str | None = None) -> Iterator[IngestEvent]:
        """Events one by one, optionally only those of one ``status``."""
        indices = range(len(self)) if status is None else self._indices(status)
        for i in indices:
            yield self._event(i)

    def count(self, status: str) -> int:
        return self._counts[status]

    @property
    def n_read(self) -> int:
        return self.count("read")

    @property
    def n_skipped(self) -> int:
        return self.count("skipped")

    @property
    def n_records(self) -> int:
        """Input records seen: each is either read or skipped, never both."""
        return self.n_read + self.n_skipped

    @property
    def skipped(self) -> pd.DataFrame:
        """Every skipped record with file, record and reason."""
        return self.to_frame(status="skipped")

    def repairs_by_step(self) -> dict[str, int]:
        return dict(Counter(self._details[self._d[i]] for i in self._indices("repaired")))

    def to_frame(self, status: str | None = None) -> pd.DataFrame:
        """All events (or those of one ``status``) as a table: file, record, status, detail,
        doc_id, note."""
        import numpy as np

        columns = ["file", "record", "status", "detail", "doc_id", "note"]
        if status is None:
            idx = np.arange(len(self))
        else:
            idx = np.fromiter(self._indices(status), dtype=np.int64)
        if not len(idx):
            return pd.DataFrame(columns=columns)
        files = np.asarray(self._file_names, dtype=object)[np.frombuffer(self._f, np.int32)[idx]]
        statuses = np.asarray(STATUSES, dtype=object)[np.frombuffer(self._s, np.int8)[idx]]
        details = np.asarray(self._details, dtype=object)[np.frombuffer(self._d, np.int32)[idx]]
        records = [None if (r := self._record(i)) is None else str(r) for i in idx.tolist()]
        doc_ids = [self._doc_id(i) for i in idx.tolist()]
        notes = [self._notes.get(i, "") for i in idx.tolist()]
        return pd.DataFrame({"file": files, "record": records, "status": statuses,
                             "detail": details, "doc_id": doc_ids, "note": notes},
                            columns=columns)

    def summary(self) -> dict[str, object]:
        repaired = {(self._f[i], r) if (r := self._record(i)) is not None else self._doc_id(i)
                    for i in self._indices("repaired")}
        return {
            "files_seen": len(self.files),
            "records": self.n_records,
            "documents_read": self.n_read,
            "skipped": self.n_skipped,
            "repaired_documents": len(repaired),
            "repairs_by_step": self.repairs_by_step(),
            "warnings": self.count("warning"),
            "duplicates": self.count("duplicate"),
        }

    def to_text(self, max_rows: int = 50) -> str:
        """Human-readable report, as printed by ``framing ingest``."""
        s = self.summary()
        lines = [
            "Ingest report",
            f"  files seen:       {s['files_seen']}",
            f"  input records:    {s['records']}",
            f"  documents read:   {s['documents_read']}",
            f"  skipped:          {s['skipped']}",
            f"  duplicates:       {s['duplicates']} (marked, kept in the table)",
            f"  repaired docs:    {s['repaired_documents']}",
        ]
        for step, n in sorted(s["repairs_by_step"].items()):
            lines.append(f"    {step}: {n}")
        lines.append(f"  warnings:         {s['warnings']}")
        if self.export_meta:
            lines.append("  export cover pages:")
            for file, meta in list(self.export_meta.items())[:max_rows]:
                shown_meta = ", ".join(f"{k}={v!r}" for k, v in meta.items())
                lines.append(f"    {file}: {shown_meta}")
        for status in ("skipped", "warning", "repaired"):
            shown = 0
            total = len(self._notes) if status == "repaired" else self.count(status)
            for i in self._indices(status):
                if status == "repaired" and i not in self._notes:
                    continue  # cleaning repairs are counted above; reader repairs are listed
                if shown == 0:
                    lines.append("  repaired while reading:" if status == "repaired" else f"  {status}:")
                if shown == max_rows:
                    lines.append(f"    ... and {total - max_rows} more (see report.to_frame())")
                    break
                e = self._event(i)
                rec = "" if e.record is None else f", record {e.record}"
                what = f"{e.detail}: {e.note}" if e.note else e.detail
                lines.append(f"    {e.file}{rec}: {what}")
                shown += 1
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"IngestReport(files={len(self.files)}, events={len(self)}, "
                f"read={self.n_read}, skipped={self.n_skipped})")

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()
