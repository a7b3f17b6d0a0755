"""Partitioned Parquet corpora (framing.corpus.partitioned, ingest(output=folder)): round trips,
layout, manifest, filter pushdown, lazy reading, near-duplicates across parts, CLI, errors."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
import framing.corpus.ingest as ingest_module
from framing.cli import main
from framing.corpus import partitioned
from framing.corpus.dedup import StreamingDedup, mark_duplicates
from framing.corpus.partitioned import (
    MANIFEST,
    PartitionedCorpus,
    list_parts,
    read_parquet,
    read_part,
    write_partitioned,
)
from framing.errors import InputError, ParameterError

REPO = Path(__file__).resolve().parents[2]


def _sentences() -> list[str]:
    sents: list[str] = []
    for path in sorted((REPO / "corpora" / "demo" / "articles").rglob("*.md"))[:40]:
        text = path.read_text(encoding="utf-8").split("---", 2)[-1]
        sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 5]
    return sents


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 articles over 2015–2017 in one JSON Lines file: 4 stories printed again in another
    year with another first sentence (near-duplicates far apart), two identical short notes."""
    rng = random.Random(7)
    sents = _sentences()
    rows = []
    bodies: list[list[str]] = []
    for i in range(60):
        if i in (41, 47, 52, 58):   # the story of article i - 35, in another outlet
            body = [rng.choice(sents)] + bodies[i - 35][1:]
        else:
            body = rng.sample(sents, 8)
        bodies.append(body)
        text = " ".join(body) if i not in (20, 50) else "Kurz notiert: Bürgersprechstunde fällt aus."
        rows.append({"id": f"a{i:03d}", "title": f"Artikel {i}",
                     "date": f"{15 + i % 3:02d}.{1 + (i * 5) % 12:02d}.{2015 + i % 3}",
                     "outlet": ["Lokalblatt", "Kreisanzeiger", "Stadtspiegel"][i % 3],
                     "place": ["Altena", "Essen", None][i % 3], "text": text})
    folder = tmp_path_factory.mktemp("source")
    path = folder / "artikel.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def single(source: Path, tmp_path_factory: pytest.TempPathFactory) -> framing.Corpus:
    """The single-process ingest, written to one file and read back (the reference)."""
    corpus = framing.read(source, progress=False)
    path = tmp_path_factory.mktemp("single") / "corpus.parquet"
    corpus.to_parquet(path)
    back = framing.read_parquet(path)
    back.report = corpus.report
    return back


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest hands on chunks of 7 documents (instead of thousands), so that 60 make 9 chunks."""
    monkeypatch.setattr(ingest_module._RowBuffer.__init__, "__defaults__", (7, 4_000_000, None))


def test_the_fixture_has_near_duplicates_across_months(single: framing.Corpus) -> None:
    dups = single.docs[single.docs["is_duplicate"]]
    # the earliest printing is kept: a052 (Sep 2016) before a017 (Feb 2017)
    assert dict(zip(dups["doc_id"], dups["duplicate_of"])) == {
        "a017": "a052", "a023": "a058", "a041": "a006", "a047": "a012", "a050": "a020"}


@pytest.mark.parametrize("partition_by", ["month", "year", "source", "outlet", None])
def test_partitioned_write_reads_back_as_the_single_file_corpus(
        single: framing.Corpus, tmp_path: Path, partition_by: str | None) -> None:
    folder = write_partitioned(single, tmp_path / "corpus", partition_by=partition_by, rows_per_file=8)
    back = read_parquet(folder)
    assert isinstance(back, PartitionedCorpus)
    pd.testing.assert_frame_equal(back.docs, single.docs)   # same order, values and dtypes
    assert [d.doc_id for d in back.unique()] != []


def test_write_streams_an_iterable_of_chunks(single: framing.Corpus, tmp_path: Path) -> None:
    docs = single.docs
    chunks = (docs.iloc[s:s + 11] for s in range(0, len(docs), 11))
    folder = write_partitioned(chunks, tmp_path / "c", partition_by=None, rows_per_file=25)
    assert [len(read_part(p)) for p in list_parts(folder)] == [25, 25, 10]
    pd.testing.assert_frame_equal(read_parquet(folder).docs, single.docs)


def test_month_layout_holds_each_month_in_its_folder(single: framing.Corpus, tmp_path: Path) -> None:
    folder = write_partitioned(single, tmp_path / "c", partition_by="month", rows_per_file=2)
    parts = list_parts(folder)
    for part in parts:
        year, month = re.fullmatch(r"year=(\d{4})/month=(\d\d)", part.parent.relative_to(folder).as_posix()).groups()
        dates = read_part(part).docs["date"]
        assert len(dates) <= 2
        assert (dates.dt.year == int(year)).all() and (dates.dt.month == int(month)).all()
    months = [p.parent.relative_to(folder).as_posix() for p in parts]
    assert months == sorted(months)                      # time order
    assert len(set(months)) == single.docs["date"].dt.to_period("M").nunique()


def test_source_layout_is_one_folder_per_input_file(single: framing.Corpus, tmp_path: Path) -> None:
    other = single.docs.assign(source=[f"b.csv#{i}" if i % 2 else s for i, s in enumerate(single.docs["source"])])
    folder = write_partitioned(other, tmp_path / "c", partition_by="source")
    names = sorted(p.parent.name for p in list_parts(folder))
    assert len(names) == 2 and names[0].startswith("source=artikel.jsonl-") and names[1].startswith("source=b.csv-")
    for part in list_parts(folder):
        assert read_part(part).docs["source"].str.replace(r"#\d+$", "", regex=True).nunique() == 1


def test_manifest(single: framing.Corpus, tmp_path: Path) -> None:
    folder = write_partitioned(single, tmp_path / "c", partition_by="year", rows_per_file=15)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == "framing-corpus" and manifest["schema_version"] == 1
    assert manifest["framing_version"] == framing.__version__
    assert manifest["n_documents"] == 60 and manifest["partition_by"] == "year"
    assert [p["rows"] for p in manifest["parts"]] == [15, 5, 15, 5, 15, 5]
    assert [p["partition"] for p in manifest["parts"]][::2] == [{"year": 2015}, {"year": 2016}, {"year": 2017}]
    assert manifest["parts"][0]["date_min"].startswith("2015-") and manifest["parts"][0]["date_max"].startswith("2015-")
    assert manifest["report"]["documents_read"] == 60 and manifest["report"]["duplicates"] == 5
    assert manifest["columns"][:2] == ["doc_id", "text"]


def test_lazy_corpus_reads_no_part_until_needed(single: framing.Corpus, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_partitioned(single, tmp_path / "c", partition_by=None, rows_per_file=10)
    reads: list[Path] = []
    real = partitioned._read_table
    monkeypatch.setattr(partitioned, "_read_table", lambda path, *a, **k: reads.append(path) or real(path, *a, **k))
    corpus = read_parquet(folder)
    assert len(corpus) == 60 and "6 parts" in repr(corpus)
    assert reads == []                                  # the manifest knows
    first = next(iter(corpus))
    assert first.doc_id == "a000" and len(reads) == 1   # one part for the first document
    chunks = [len(c) for c in corpus.iter_parts()]
    assert chunks == [10] * 6 and len(reads) == 7
    assert len(corpus.partitions) == 6 and len(reads) == 7  # handles, nothing read


def test_filter_is_pushed_down_and_skips_parts(single: framing.Corpus, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_partitioned(single, tmp_path / "c", partition_by="month")
    corpus = read_parquet(folder)
    reads: list[Path] = []
    real = partitioned._read_table
    monkeypatch.setattr(partitioned, "_read_table", lambda path, *a, **k: reads.append(path) or real(path, *a, **k))
    in_2016 = corpus.filter(year=2016)
    assert reads == []
    pd.testing.assert_frame_equal(in_2016.docs, single.filter(year=2016).docs)
    assert reads and all("year=2016" in str(p) for p in reads)
    reads.clear()
    both = corpus.filter(year=[2015, 2017], place="Altena", outlet={"Lokalblatt", "Stadtspiegel"})
    pd.testing.assert_frame_equal(both.docs, single.filter(year=[2015, 2017], place="Altena",
                                                             outlet={"Lokalblatt", "Stadtspiegel"}).docs)
    assert not any("year=2016" in str(p) for p in reads)
    assert len(corpus.filter(place="Nirgendwo")) == 0
    with pytest.raises(InputError, match="no column 'town'"):
        corpus.filter(town="Altena")


def test_lazy_verbs_equal_the_in_memory_ones(single: framing.Corpus, tmp_path: Path) -> None:
    corpus = read_parquet(write_partitioned(single, tmp_path / "c", partition_by="outlet", rows_per_file=9))
    pd.testing.assert_frame_equal(corpus.unique().docs, single.unique().docs)
    assert len(corpus.unique()) == 55
    pd.testing.assert_frame_equal(corpus.query("place == 'Essen'").docs, single.query("place == 'Essen'").docs)
    pd.testing.assert_frame_equal(corpus.filter(lambda d: d["title"].str.endswith("7")).docs,
                                  single.filter(lambda d: d["title"].str.endswith("7")).docs)
    lazy_groups = [(k, g.doc_ids) for k, g in corpus.groupby(["place", "year"])]
    assert lazy_groups == [(k, g.doc_ids) for k, g in single.groupby(["place", "year"])]
    assert [(k, len(g)) for k, g in corpus.groupby("month")] == [(k, len(g)) for k, g in single.groupby("month")]
    pd.testing.assert_frame_equal(corpus.summary(), single.summary())
    pd.testing.assert_frame_equal(corpus.summary("outlet"), single.summary("outlet"))
    assert corpus[3].doc_id == single[3].doc_id           # loads all (documented)


def test_streaming_ingest_equals_the_single_process_ingest(source: Path, single: framing.Corpus,
                                                           tmp_path: Path, small_chunks: None) -> None:
    streamed = framing.ingest(source, progress=False, output=tmp_path / "c", partition_by="month",
                              rows_per_file=4)
    assert isinstance(streamed, PartitionedCorpus) and len(list_parts(tmp_path / "c")) > 9
    pd.testing.assert_frame_equal(streamed.docs, single.docs)   # duplicate marks across parts too
    pd.testing.assert_frame_equal(streamed.report.to_frame(), single.report.to_frame())
    assert (tmp_path / "c" / "duplicates.parquet").exists()
    manifest = json.loads((tmp_path / "c" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["duplicates"]["duplicates"] == 5 and manifest["duplicates"]["groups"] == 5
    # every part read alone carries its marks
    marked = pd.concat([read_part(p).docs for p in list_parts(tmp_path / "c")])
    assert sorted(marked.loc[marked["is_duplicate"], "doc_id"]) == ["a017", "a023", "a041", "a047", "a050"]


def test_streaming_ingest_without_dedup_or_places(source: Path, tmp_path: Path, small_chunks: None) -> None:
    reference = framing.ingest(source, progress=False, dedup=False, places=False)
    reference.to_parquet(tmp_path / "one.parquet")
    streamed = framing.ingest(source, progress=False, dedup=False, places=False,
                              output=tmp_path / "c", partition_by=None, rows_per_file=20)
    assert not (tmp_path / "c" / "duplicates.parquet").exists()
    pd.testing.assert_frame_equal(streamed.docs, read_parquet(tmp_path / "one.parquet").docs)


def test_streaming_dedup_equals_mark_duplicates_in_any_chunking(single: framing.Corpus) -> None:
    docs = single.docs.drop(columns=["is_duplicate", "duplicate_of", "carried_by", "dup_group", "dup_similarity"])
    whole = mark_duplicates(docs)
    for size in (1, 13, 60):
        stream = StreamingDedup()
        for start in range(0, len(docs), size):
            stream.add(docs.iloc[start:start + size])
        marks = stream.finish(lambda pos, texts=docs["text"]: {int(i): texts.iloc[int(i)] for i in pos})
        members = whole[whole["dup_group"].notna()].reset_index(drop=True)
        assert marks["doc_id"].tolist() == members["doc_id"].tolist()
        for col in ("is_duplicate", "duplicate_of", "dup_group", "dup_similarity"):
            assert marks[col].tolist() == members[col].tolist(), col
        assert marks["carried_by"].tolist() == members["carried_by"].tolist()


def test_cli_ingest_to_a_folder_and_annotate_the_folder(source: Path, single: framing.Corpus,
                                                        tmp_path: Path) -> None:
    assert main(["ingest", str(source), "-o", str(tmp_path / "corpus"), "--partition-by", "none",
                 "--rows-per-file", "25", "-q"]) == 0
    assert [p.name for p in list_parts(tmp_path / "corpus")] == [f"part-0000{i}.parquet" for i in range(3)]
    pd.testing.assert_frame_equal(read_parquet(tmp_path / "corpus").docs, single.docs)
    assert main(["ingest", str(source), "-o", str(tmp_path / "corpus.parquet"), "-q"]) == 0
    assert (tmp_path / "corpus.parquet").is_file()

    assert main(["annotate", str(tmp_path / "corpus"), "-o", str(tmp_path / "tokens"),
                 "--profile", "fast", "--no-cache", "-q"]) == 0
    assert main(["annotate", str(tmp_path / "corpus.parquet"), "-o", str(tmp_path / "tokens.parquet"),
                 "--profile", "fast", "--no-cache", "-q"]) == 0
    lazy = framing.read_tokens(tmp_path / "tokens")
    whole = framing.read_tokens(tmp_path / "tokens.parquet")
    assert (lazy.n_docs, len(lazy)) == (whole.n_docs, len(whole)) == (60, len(whole.table))
    pd.testing.assert_frame_equal(lazy.table, whole.table)


def test_a_folder_without_parts_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    with pytest.raises(InputError, match="no Parquet part files") as err:
        read_parquet(tmp_path / "leer")
    assert str(tmp_path / "leer") in str(err.value)


def test_a_corrupt_part_is_an_input_error_naming_it(single: framing.Corpus, tmp_path: Path) -> None:
    folder = write_partitioned(single, tmp_path / "c", partition_by=None, rows_per_file=20)
    bad = list_parts(folder)[1]
    bad.write_bytes(b"PAR1 this is not parquet")
    corpus = read_parquet(folder)
    assert len(corpus) == 60                                  # the manifest answers
    with pytest.raises(InputError, match="not a readable Parquet part") as err:
        _ = corpus.docs
    assert str(bad) in str(err.value)
    bad.unlink()
    with pytest.raises(InputError, match="part file missing"):
        list(read_parquet(folder).iter_parts())


def test_writing_checks_its_arguments(single: framing.Corpus, tmp_path: Path) -> None:
    (tmp_path / "andere").mkdir()
    (tmp_path / "andere" / "notiz.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a framing dataset"):
        write_partitioned(single, tmp_path / "andere")
    with pytest.raises(ParameterError, match="cannot partition by 'town'"):
        write_partitioned(single, tmp_path / "c", partition_by="town")
    assert not (tmp_path / "c").exists() and not (tmp_path / "c.partial").exists()
    with pytest.raises(ParameterError):
        write_partitioned(single, tmp_path / "c", rows_per_file=0)
    with pytest.raises(InputError, match="no documents"):
        write_partitioned(single.docs.iloc[:0], tmp_path / "c")
    with pytest.raises(ParameterError, match="is a folder"):
        write_partitioned(single, tmp_path / "c.parquet")


def test_overwriting_a_dataset_replaces_it(single: framing.Corpus, tmp_path: Path) -> None:
    write_partitioned(single, tmp_path / "c", partition_by=None, rows_per_file=10)
    write_partitioned(single.filter(place="Altena"), tmp_path / "c", partition_by=None)
    assert len(list_parts(tmp_path / "c")) == 1
    assert len(read_parquet(tmp_path / "c")) == len(single.filter(place="Altena"))
