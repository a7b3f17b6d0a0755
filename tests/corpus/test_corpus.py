"""The Corpus: construction, verbs a researcher uses, and Parquet round trips."""
from __future__ import annotations

import pandas as pd
import pytest

from framing import Corpus
from framing.corpus.schema import CORE_COLUMNS
from framing.errors import InputError


@pytest.fixture
def corpus() -> Corpus:
    return Corpus.from_texts(
        ["Die Stadt Essen plant neue Unterkünfte.", "Altena sieht eine Chance.",
         "Nachbarn helfen in Hörsterfeld.", "Im Norden wächst die Sorge."],
        doc_ids=["a", "b", "c", "d"],
        place=["Essen-Altenessen/Karnap", "Altena", "Essen-Hörsterfeld", "Essen-Altenessen/Karnap"],
        outlet=["Nordanzeiger", "Lenne-Kurier", "Stadtteilkurier", "Nordanzeiger"],
        date=["2015-09-01", "2016-05-02", "2016-07-03", "2017-01-04"],
        genre="article",
    )


def test_from_texts_has_schema_and_extras(corpus: Corpus) -> None:
    df = corpus.to_pandas()
    assert list(df.columns[: len(CORE_COLUMNS)]) == list(CORE_COLUMNS)
    assert df["genre"].tolist() == ["article"] * 4
    assert df["date"].dt.year.tolist() == [2015, 2016, 2016, 2017]
    assert df["title"].isna().all()
    assert len(corpus) == 4
    assert corpus["b"].text == "Altena sieht eine Chance."
    assert corpus["b"].place == "Altena"


def test_from_texts_rejects_mismatched_metadata() -> None:
    with pytest.raises(InputError, match="place"):
        Corpus.from_texts(["a", "b"], place=["x"])


def test_duplicate_doc_ids_rejected() -> None:
    with pytest.raises(InputError, match="unique"):
        Corpus.from_texts(["a", "b"], doc_ids=["x", "x"])


def test_filter_by_columns_year_and_mask(corpus: Corpus) -> None:
    assert corpus.filter(outlet="Nordanzeiger").doc_ids == ["a", "d"]
    assert corpus.filter(year=2016).doc_ids == ["b", "c"]
    assert corpus.filter(place=["Altena", "Essen-Hörsterfeld"]).doc_ids == ["b", "c"]
    assert corpus.filter(lambda d: d["text"].str.contains("Norden")).doc_ids == ["d"]
    assert corpus.query("date >= '2016-06-01'").doc_ids == ["c", "d"]
    with pytest.raises(InputError, match="no column"):
        corpus.filter(town="Essen")


def test_groupby_and_summary(corpus: Corpus) -> None:
    groups = {k: c.doc_ids for k, c in corpus.groupby("place")}
    assert groups == {"Altena": ["b"], "Essen-Altenessen/Karnap": ["a", "d"], "Essen-Hörsterfeld": ["c"]}
    by_year = {k: len(c) for k, c in corpus.groupby("year")}
    assert by_year == {2015: 1, 2016: 2, 2017: 1}
    summary = corpus.summary(by="place")
    assert summary.loc["Essen-Altenessen/Karnap", "documents"] == 2
    assert summary.loc["Altena", "words"] == 4


def test_sample_is_reproducible(corpus: Corpus) -> None:
    assert corpus.sample(n=2, random_state=7).doc_ids == corpus.sample(n=2, random_state=7).doc_ids
    assert len(corpus.sample(frac=0.5, random_state=1)) == 2


def test_concat_and_add(corpus: Corpus) -> None:
    other = Corpus.from_texts(["Neu."], doc_ids=["e"])
    both = corpus + other
    assert both.doc_ids == ["a", "b", "c", "d", "e"]
    with pytest.raises(InputError):
        Corpus.concat([corpus, corpus])


def test_parquet_round_trip_keeps_types_and_lists(corpus: Corpus, tmp_path) -> None:
    df = corpus.to_pandas()
    df["places"] = [["Essen", "Karnap"], ["Altena"], [], ["Essen"]]
    original = Corpus(df)
    path = original.to_parquet(tmp_path / "c.parquet")
    loaded = Corpus.read_parquet(path)
    pd.testing.assert_frame_equal(loaded.docs, original.docs)
    assert loaded.docs["places"].tolist()[0] == ["Essen", "Karnap"]


def test_read_parquet_errors_name_the_file(tmp_path) -> None:
    with pytest.raises(InputError, match=r"missing\.parquet"):
        Corpus.read_parquet(tmp_path / "missing.parquet")
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match=r"junk\.parquet"):
        Corpus.read_parquet(junk)
    other = tmp_path / "other.parquet"
    pd.DataFrame({"x": [1]}).to_parquet(other)
    with pytest.raises(InputError, match="doc_id and text"):
        Corpus.read_parquet(other)


def test_from_frame_maps_columns() -> None:
    df = pd.DataFrame({"body": ["Text eins", "Text zwei"], "published": ["2016-01-02", "2017-03-04"],
                       "paper": ["A", "B"]})
    c = Corpus.from_frame(df, text_col="body", date_col="published", outlet="paper")
    assert c.docs["text"].tolist() == ["Text eins", "Text zwei"]
    assert c.docs["outlet"].tolist() == ["A", "B"]
    with pytest.raises(InputError, match="no text column 'inhalt'"):
        Corpus.from_frame(df, text_col="inhalt")


def test_unique_drops_marked_duplicates(corpus: Corpus) -> None:
    df = corpus.to_pandas()
    df["is_duplicate"] = [False, False, False, True]
    assert Corpus(df).unique().doc_ids == ["a", "b", "c"]


def test_from_frame_parses_german_dates_day_first_like_read(tmp_path) -> None:
    import framing

    dates = ["12.03.2016", "12. März 2016", "31.02.2016", "0001-01-01", None, "2016-03-12"]
    df = pd.DataFrame({"text": [f"Text {i} über Essen." for i in range(6)], "date": dates})
    with pytest.warns(UserWarning, match=r"<from_frame>: 2 doubtful date\(s\), 2 kept missing"):
        c = Corpus.from_frame(df)
    assert str(c.docs["date"].dtype) == "datetime64[ns]"
    march12 = pd.Timestamp("2016-03-12")
    got = c.docs["date"].tolist()
    assert got[0] == march12 and got[1] == march12 and got[5] == march12  # 12 March, not 3 Dec
    assert all(pd.isna(v) for v in got[2:5])
    warnings = c.report.to_frame()
    assert warnings[["file", "record", "status", "doc_id"]].values.tolist() == [
        ["<from_frame>", "3", "warning", "doc000002"], ["<from_frame>", "4", "warning", "doc000003"]]
    assert warnings["detail"].tolist()[0].startswith("'31.02.2016' is not a calendar date")
    # the same values through read() give the same dates
    df.to_csv(tmp_path / "t.csv", index=False)
    read = framing.read(tmp_path / "t.csv", progress=False, places=False, dedup=False)
    assert read.docs["date"].tolist()[:2] == got[:2]
    assert c.docs["text"].tolist() == df["text"].tolist()  # from_frame does not clean text


def test_from_texts_parses_dates_and_drops_time_zones() -> None:
    berlin = pd.Timestamp("2016-03-12 00:30", tz="Europe/Berlin")
    c = Corpus.from_texts(["eins", "zwei"], date=["10.01.18", berlin])
    assert c.docs["date"].tolist() == [pd.Timestamp("2018-01-10"), pd.Timestamp("2016-03-12 00:30")]
    assert len(c.report.events) == 0


def test_from_frame_with_tz_aware_dates_keeps_the_wall_clock() -> None:
    df = pd.DataFrame({"text": ["a", "b"], "date": pd.to_datetime(
        ["2016-03-12 00:30", "2016-03-13 23:30"]).tz_localize("Europe/Berlin")})
    c = Corpus.from_frame(df)
    assert c.docs["date"].tolist() == [pd.Timestamp("2016-03-12 00:30"),
                                       pd.Timestamp("2016-03-13 23:30")]


def test_read_restores_the_arrow_memory_pool(tmp_path) -> None:
    """read() builds its table with the system allocator and gives the previous pool back."""
    import pyarrow as pa

    import framing

    (tmp_path / "a.txt").write_text("Ein kurzer Text über Essen und seine Bürger.", encoding="utf-8")
    before = pa.default_memory_pool().backend_name
    framing.read(tmp_path, progress=False)
    assert pa.default_memory_pool().backend_name == before


def test_corpus_copies_list_cells_and_ingest_takes_over_its_own() -> None:
    from framing.corpus.schema import normalise_docs

    df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "y"],
                       "places": [["Essen", "Altena"], ("Hagen", 5)]})
    copied = Corpus(df).docs["places"]
    assert copied.tolist() == [["Essen", "Altena"], ["Hagen", "5"]]
    assert copied[0] is not df["places"][0]          # a Corpus never shares the caller's lists
    own = normalise_docs(df, own_lists=True)["places"]
    assert own.tolist() == [["Essen", "Altena"], ["Hagen", "5"]]
    assert own[0] is df["places"][0]                 # a list of strings is taken over as it is
    assert own[1] is not df["places"][1]             # anything else is converted
