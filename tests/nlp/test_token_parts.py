"""Tokens as partitioned folders and annotation part by part (framing.nlp.token_parts)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus.partitioned import MANIFEST, write_partitioned
from framing.errors import InputError, ParameterError
from framing.nlp.token_parts import PartitionedTokens

TEXTS = [
    "Die Stadt Altena nimmt 100 Flüchtlinge auf. Der Bürgermeister begrüßt die Neuen.",
    "In Essen-Altenessen wächst die Sorge. Anwohner*innen fordern mehr Hilfe vom Rat.",
    "Die Flüchtlingsunterkunft an der Hauptstraße ist voll. Helfer organisieren Deutschkurse.",
    "Der Integrationsrat tagt am Montag. Auf der Tagesordnung: Wohnungen für Geflüchtete.",
    "Ein Sommerfest bringt Alteingesessene und Zugezogene zusammen.",
    "Die Polizei meldet keine Zwischenfälle am Bahnhof. Die Lage bleibt ruhig.",
    "Ehrenamtliche sammeln Spenden für die Kleiderkammer im Stadtteil.",
]
OPTIONS = {"profile": "fast", "cache": False, "progress": False, "compounds": False}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> framing.Corpus:
    c = framing.Corpus.from_texts(TEXTS, place=["Altena", "Essen", "Altena", "Essen", "Altena", "Essen", "Altena"],
                                  date=["2016-01-05", "2016-01-20", "2016-02-03", "2016-03-01",
                                        "2016-03-15", "2016-04-02", "2016-04-30"])
    path = tmp_path_factory.mktemp("c") / "corpus.parquet"
    c.to_parquet(path)
    return framing.read_parquet(path)


@pytest.fixture(scope="module")
def whole(corpus: framing.Corpus) -> framing.Tokens:
    return framing.annotate(corpus, **OPTIONS)


def test_annotating_a_partitioned_corpus_equals_annotating_it_whole(
        corpus: framing.Corpus, whole: framing.Tokens, tmp_path: Path) -> None:
    lazy = framing.read_parquet(write_partitioned(corpus, tmp_path / "c", partition_by=None, rows_per_file=3))
    tokens = framing.annotate(lazy, docs_per_file=2, **OPTIONS)
    assert tokens.meta["parts"] == 3 and tokens.meta["profile"] == "fast"
    pd.testing.assert_frame_equal(tokens.table, whole.table)
    pd.testing.assert_frame_equal(tokens.docs, whole.docs)


def test_annotate_with_output_writes_token_parts_and_returns_lazy_tokens(
        corpus: framing.Corpus, whole: framing.Tokens, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    lazy_corpus = framing.read_parquet(write_partitioned(corpus, tmp_path / "c", partition_by="month"))
    tokens = framing.annotate(lazy_corpus, output=tmp_path / "tokens", docs_per_file=2, **OPTIONS)
    assert isinstance(tokens, PartitionedTokens)
    manifest = json.loads((tmp_path / "tokens" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == "framing-tokens" and manifest["n_documents"] == 7
    assert [p["documents"] for p in manifest["parts"]] == [2, 3, 2]    # months joined up to 2 documents
    reads: list[Path] = []
    real = framing.Tokens.read_parquet.__func__
    monkeypatch.setattr(framing.Tokens, "read_parquet",
                        classmethod(lambda cls, path: reads.append(Path(path)) or real(cls, path)))
    again = framing.read_tokens(tmp_path / "tokens")
    assert (len(again), again.n_docs) == (len(whole), 7)
    assert reads == []                                          # the manifest answers
    reads.clear()
    first = next(again.iter_parts())
    assert first.n_docs == 2 and len(reads) == 1
    pd.testing.assert_frame_equal(again.table, whole.table)    # months keep the corpus order here
    assert framing.cooccurrence(again).n_docs == framing.cooccurrence(whole).n_docs


def test_in_memory_corpus_to_a_tokens_folder(corpus: framing.Corpus, whole: framing.Tokens, tmp_path: Path) -> None:
    tokens = framing.annotate(corpus, output=tmp_path / "t", docs_per_file=3, **OPTIONS)
    assert len(tokens.parts) == 3
    pd.testing.assert_frame_equal(tokens.table, whole.table)


def test_tokens_to_a_partitioned_folder_and_back(whole: framing.Tokens, tmp_path: Path) -> None:
    whole.to_parquet(tmp_path / "one.parquet")
    single = framing.Tokens.read_parquet(tmp_path / "one.parquet")
    whole.to_parquet(tmp_path / "t", partitioned=True, docs_per_file=3)
    back = framing.Tokens.read_parquet(tmp_path / "t")
    assert isinstance(back, PartitionedTokens) and [t.n_docs for t in back.iter_parts()] == [3, 3, 1]
    pd.testing.assert_frame_equal(back.table, single.table)
    pd.testing.assert_frame_equal(back.docs, single.docs)
    assert back.meta == single.meta


def test_token_folder_errors(whole: framing.Tokens, tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    with pytest.raises(InputError, match="no Parquet part files"):
        framing.read_tokens(tmp_path / "leer")
    whole.to_parquet(tmp_path / "t", partitioned=True, docs_per_file=4)
    bad = tmp_path / "t" / "part-00001.parquet"
    bad.write_bytes(b"kaputt")
    with pytest.raises(InputError) as err:
        _ = framing.read_tokens(tmp_path / "t").table
    assert str(bad) in str(err.value)
    with pytest.raises(ParameterError, match="give a folder"):
        framing.annotate(framing.Corpus.from_texts(["Die Stadt hilft."]), output=tmp_path / "x.parquet", **OPTIONS)


def test_docs_of_a_tokens_folder_come_from_the_footers(whole: framing.Tokens, tmp_path: Path) -> None:
    folder = whole.to_parquet(tmp_path / "tokens", partitioned=True, docs_per_file=3)
    lazy = framing.read_tokens(folder)
    docs = lazy.docs
    assert lazy._loaded is None              # the document table without a token read
    assert docs["doc_id"].tolist() == whole.docs["doc_id"].tolist()
    loaded = framing.read_tokens(folder)
    pd.testing.assert_frame_equal(loaded.table, whole.table)
    pd.testing.assert_frame_equal(docs, loaded.docs)   # what loading every part gives
