"""The ingest report's compact event store: ordering of corpus-wide notes and renaming."""
from __future__ import annotations

from framing.corpus.report import IngestReport


def test_corpus_wide_warning_goes_first_with_its_notes_and_records_shifted() -> None:
    report = IngestReport()
    report.read("a.csv", 1, "a-1")
    report.repair("a.csv", 2, "encoding", "a-2", note="line 3: read as cp1252")
    report.skip("a.csv", "x7", "no text")
    report.warn("(corpus)", None, "2 of 2 documents have no place", first=True)
    events = report.events
    assert [(e.file, e.status) for e in events] == [("(corpus)", "warning"), ("a.csv", "read"),
                                                   ("a.csv", "repaired"), ("a.csv", "skipped")]
    assert events[2].note == "line 3: read as cp1252" and events[3].record == "x7"
    assert report.n_read == 1 and report.n_skipped == 1


def test_rename_rewrites_files_details_and_ids() -> None:
    report = IngestReport()
    report.file_seen("b\udcfc.txt", "text")
    report.read("b\udcfc.txt", None, "b\udcfc")
    report.skip("c.txt", None, "cannot read b\udcfc.txt")
    fix = lambda s: s.replace("\udcfc", "\\xfc")  # noqa: E731
    report.rename(fix)
    assert list(report.files) == ["b\\xfc.txt"]
    assert [(e.file, e.doc_id, e.detail) for e in report.events] == [
        ("b\\xfc.txt", "b\\xfc", ""), ("c.txt", None, "cannot read b\\xfc.txt")]
    frame = report.to_frame()
    assert "\udcfc" not in frame.to_string() and "b\\xfc" in frame.to_string()
