"""The ingest report: every input record accounted for as read, repaired, duplicate or skipped."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

#: Statuses an event can have. ``read`` and ``skipped`` are exclusive outcomes of one record;
#: ``repaired``, ``warning`` and ``duplicate`` annotate a record that was read.
STATUSES = ("read", "repaired", "warning", "duplicate", "skipped")


@dataclass(frozen=True)
class IngestEvent:
    """One thing that happened to one input record."""

    file: str
    record: int | str | None
    status: str
    detail: str = ""
    doc_id: str | None = None


@dataclass
class IngestReport:
    """Collects what readers, cleaning, dedup and place tagging did to each record.

    Readers call :meth:`file_seen`, :meth:`read`, :meth:`skip`; later steps call :meth:`repair`,
    :meth:`warn` and :meth:`duplicate`. ``events`` keeps every event so each count is traceable.
    """

    files: dict[str, str] = field(default_factory=dict)  # file -> format
    events: list[IngestEvent] = field(default_factory=list)
    #: file -> what the export itself says about it (a press export's cover page: job number,
    #: search terms, documents announced/found). Kept here, not on the documents.
    export_meta: dict[str, dict[str, Any]] = field(default_factory=dict)

    # -- recording ---------------------------------------------------------------------------
    def file_seen(self, path: str | Path, fmt: str) -> None:
        self.files[str(path)] = fmt

    def read(self, path: str | Path, record: int | str | None, doc_id: str | None = None) -> None:
        self.events.append(IngestEvent(str(path), record, "read", "", doc_id))

    def skip(self, path: str | Path, record: int | str | None, reason: str) -> None:
        self.events.append(IngestEvent(str(path), record, "skipped", reason))

    def repair(self, path: str | Path, record: int | str | None, step: str,
               doc_id: str | None = None) -> None:
        self.events.append(IngestEvent(str(path), record, "repaired", step, doc_id))

    def warn(self, path: str | Path, record: int | str | None, message: str,
             doc_id: str | None = None) -> None:
        self.events.append(IngestEvent(str(path), record, "warning", message, doc_id))

    def duplicate(self, path: str | Path, record: int | str | None, of: str,
                  doc_id: str | None = None) -> None:
        self.events.append(IngestEvent(str(path), record, "duplicate", f"duplicate of {of}", doc_id))

    def set_export_meta(self, path: str | Path, meta: dict[str, Any]) -> None:
        """Keep what an export's cover page says (search, job, document counts) for ``path``."""
        self.export_meta[str(path)] = dict(meta)

    def merge(self, other: "IngestReport") -> None:
        self.files.update(other.files)
        self.events.extend(other.events)
        self.export_meta.update(other.export_meta)

    # -- reading -----------------------------------------------------------------------------
    def count(self, status: str) -> int:
        return sum(1 for e in self.events if e.status == status)

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
        return self.to_frame().query("status == 'skipped'").reset_index(drop=True)

    def repairs_by_step(self) -> dict[str, int]:
        return dict(Counter(e.detail for e in self.events if e.status == "repaired"))

    def to_frame(self) -> pd.DataFrame:
        """All events as a table: file, record, status, detail, doc_id."""
        return pd.DataFrame(
            [(e.file, None if e.record is None else str(e.record), e.status, e.detail, e.doc_id)
             for e in self.events],
            columns=["file", "record", "status", "detail", "doc_id"],
        )

    def summary(self) -> dict[str, object]:
        return {
            "files_seen": len(self.files),
            "records": self.n_records,
            "documents_read": self.n_read,
            "skipped": self.n_skipped,
            "repaired_documents": len({e.doc_id or (e.file, e.record) for e in self.events
                                       if e.status == "repaired"}),
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
                shown = ", ".join(f"{k}={v!r}" for k, v in meta.items())
                lines.append(f"    {file}: {shown}")
        for status in ("skipped", "warning"):
            rows = [e for e in self.events if e.status == status]
            if rows:
                lines.append(f"  {status}:")
                for e in rows[:max_rows]:
                    rec = "" if e.record is None else f", record {e.record}"
                    lines.append(f"    {e.file}{rec}: {e.detail}")
                if len(rows) > max_rows:
                    lines.append(f"    ... and {len(rows) - max_rows} more (see report.to_frame())")
        return "\n".join(lines)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()
