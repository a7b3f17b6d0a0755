"""``framing.read`` with the default steps gives the stored corpus and report, cell for cell.

Memory work on ingest (issue 11: compact word frequencies, the place index's layout) must not
change any result. ``tests/fixtures/ingest_identity`` holds a small JSON Lines file (generated
press-like articles plus texts with hyphenated line breaks, stripped umlauts, mojibake and many
place names) and a Nexis Uni text export; ``expected.json`` is their corpus and report as
computed before that work. Regenerate it only for an intended change of results:

    PYTHONPATH=src python tests/corpus/test_ingest_identity.py
"""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import framing

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "ingest_identity"
EXPECTED = FIXTURES / "expected.json"
INPUTS = {"articles.jsonl": {"id_col": "id"}, "export.txt": {}}


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_cell(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):
        return _cell(value.item())
    return str(value)


def snapshot(name: str) -> dict[str, Any]:
    """The corpus of one fixture file (texts as SHA-256, every other cell as is) and its
    report (every event)."""
    path = FIXTURES / name
    corpus = framing.read(path, progress=False, **INPUTS[name])
    docs = corpus.docs.copy()
    docs["text"] = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in docs["text"]]
    docs["source"] = [str(s).replace(str(FIXTURES), "FIXTURES") for s in docs["source"]]
    events = corpus.report.to_frame()
    events["file"] = [Path(str(f)).name for f in events["file"]]
    return {
        "columns": [str(c) for c in docs.columns],
        "dtypes": [str(t) for t in docs.dtypes],
        "rows": [[_cell(v) for v in row] for row in docs.itertuples(index=False)],
        "report_columns": [str(c) for c in events.columns],
        "report": [[_cell(v) for v in row] for row in events.itertuples(index=False)],
    }


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_read_gives_the_stored_corpus_and_report(name: str) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[name]
    got = json.loads(json.dumps(snapshot(name)))
    assert got["columns"] == expected["columns"]
    assert got["dtypes"] == expected["dtypes"]
    assert len(got["rows"]) == len(expected["rows"])
    for row, want in zip(got["rows"], expected["rows"]):
        assert row == want
    assert got["report_columns"] == expected["report_columns"]
    assert got["report"] == expected["report"]


def test_fixtures_exercise_every_step() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for name in INPUTS:
        cols = expected[name]["columns"]
        rows = expected[name]["rows"]
        assert any(r[cols.index("is_duplicate")] for r in rows), name
        assert all(r[cols.index("places")] for r in rows), name
    statuses = {e[expected["articles.jsonl"]["report_columns"].index("status")]
                for e in expected["articles.jsonl"]["report"]}
    assert {"read", "repaired", "duplicate"} <= statuses


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps({name: snapshot(name) for name in sorted(INPUTS)},
                                   ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
