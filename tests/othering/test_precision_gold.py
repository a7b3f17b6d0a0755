"""The hand-checked precision sample (benchmarks/data/othering_gold.csv) stays a valid file: ids,
offsets and judgements only (the third-party texts must never be copied into the repository),
and its offsets point at the judged words in the texts the benchmark's readers produce. The
precision figures themselves are the benchmark's (benchmarks/bench_othering_precision.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.othering.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "data" / "othering_gold.csv"
REASONS = {"not_migrants", "name", "quoted", "historical", "other_sense", "negated", "wrong_category"}


def _bench(monkeypatch: pytest.MonkeyPatch):
    path = ROOT / "benchmarks" / "bench_othering_precision.py"
    spec = importlib.util.spec_from_file_location("bench_othering_precision", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_othering_precision", bench)
    spec.loader.exec_module(bench)
    return bench


def test_gold_file_holds_ids_offsets_and_judgements_only() -> None:
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    assert gold.columns.tolist() == ["source", "doc_key", "start", "end", "term", "category", "judgement",
                                     "reason"]
    assert set(gold["source"]) == {"bundestag", "debatenet", "gnad", "tweets"}
    assert set(gold["category"]) <= set(Lexicon.default().categories)
    assert set(gold["judgement"]) == {"correct", "wrong"}
    wrong = gold["judgement"] == "wrong"
    assert set(gold.loc[wrong, "reason"]) <= REASONS and (gold.loc[wrong, "reason"] != "").all()
    assert set(gold.loc[~wrong, "reason"]) <= {"", "stance"}
    start, end = gold["start"].astype(int), gold["end"].astype(int)
    assert (start >= 0).all() and (end > start).all()
    assert not gold.duplicated(["source", "doc_key", "start", "end"]).any()
    assert len(gold) >= 250


def test_gold_offsets_point_at_the_judged_words(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bench = _bench(monkeypatch)
    texts = {}
    for source, (corpus, keys) in bench._frames(shared_data).items():
        docs = corpus.docs
        texts.update({(source, keys[d]): t for d, t in zip(docs["doc_id"], docs["text"])})
    gold = bench.load_gold()
    spans = [texts[(r.source, r.doc_key)][r.start:r.end] for r in gold.itertuples()]
    # every span is a word or phrase: non-empty, no surrounding space, starts with a letter
    assert all(s and s == s.strip() and s[0].isalpha() for s in spans)
    # spot checks of rows whose words are known (a lemma entry matches an inflected form)
    by_key = {(r.source, r.doc_key, r.start): s for r, s in zip(gold.itertuples(), spans)}
    assert by_key[("gnad", "17", 27)] == "Flüchtlingskrise"
    assert by_key[("tweets", "95", 0)] == "Geflüchtete"
