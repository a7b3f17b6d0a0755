"""score_frames on hand-written texts: exact hit counts per rule, evidence, units, context rules."""
from __future__ import annotations

import numpy as np
import pytest

import framing
from framing import Codebook, InputError
from framing.errors import ParameterError


def test_lemma_head_modifier(tokens):
    r = framing.score_frames(tokens, {"refugee": ["Flüchtling"]}, by="doc")
    ev = r.evidence
    d1 = ev[ev.doc_id == "d1"]
    assert sorted(d1["match"]) == ["Flüchtlinge", "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]
    assert dict(zip(d1["match"], d1["rule"])) == {"Flüchtlinge": "lemma", "Flüchtlingsunterkunft": "modifier",
                                                   "Wirtschaftsflüchtlinge": "head"}
    assert int(r.table.set_index("doc").loc["d1", "refugee"]) == 3


def test_phrase_compound_hyphen_and_inflection(tokens):
    cb = {"north": ["Essener Norden", "Nord-Süd-Gefälle", "Überforderung"],
          "chance": ["demografischer Wandel", "Leerstand", "Fachkräftemangel"],
          "admin": ["Kommunen", "abgeschoben"]}
    t = framing.score_frames(tokens, cb, by="doc").table.set_index("doc")
    assert int(t.loc["d2", "north"]) == 3
    assert int(t.loc["d4", "chance"]) == 3          # "demografische Wandel" matches "demografischer Wandel"
    assert int(t.loc["d3", "admin"]) == 2           # inflected terms match through the corpus's lemmas


def test_multi_frame_and_share_dominant(tokens):
    cb = {"a": ["Belastung", "Chance"], "b": ["Chance"]}
    r = framing.score_frames(tokens, cb, by="place")
    t = r.table.set_index("place")
    assert int(t.loc["B", "a"]) == 1 and int(t.loc["B", "b"]) == 1      # one token, two frames
    assert t.loc["B", "a_share"] == pytest.approx(0.5)
    assert t.loc["B", "dominant_frame"] == "(tie)"
    assert t.loc["A", "dominant_frame"] == "a"
    assert {"a_share_low", "a_share_high", "a_per_1k", "n_tokens", "n_docs"} <= set(r.table.columns)


def test_negation_exclusion_and_reasons(tokens):
    cb = Codebook.from_dict({"count": {"negated": False},
                             "frames": {"problem": {"terms": ["Problem"], "exclude": ["kein Problem"]}}})
    r = framing.score_frames(tokens, cb, by="doc")
    ev = r.evidence
    d3 = ev[ev.doc_id == "d3"].sort_values("token_start")
    assert list(d3["counted"]) == [True, False]
    assert list(d3["reason"]) == ["", "exclusion_term"]
    # without the exclusion term, the negation rule excludes it
    r2 = framing.score_frames(tokens, {"problem": ["Problem"]}, by="doc", count_negated=False)
    d3 = r2.evidence[r2.evidence.doc_id == "d3"].sort_values("token_start")
    assert list(d3["reason"]) == ["", "negated"]
    assert int(r2.table.set_index("doc").loc["d3", "n_excluded"]) == 1


def test_evidence_columns_and_offsets(tokens):
    r = framing.score_frames(tokens, {"x": ["Chance"]}, by="doc")
    ev = r.evidence
    assert len(ev) == 1
    row = ev.iloc[0]
    assert row["match"] == "Chance" and row["frame"] == "x" and row["term"] == "Chance" and row["rule"] == "lemma"
    assert row["left"].endswith("ist eine") and row["right"].startswith(".")
    text = "Der demografische Wandel ist eine Chance. Leerstand und Fachkräftemangel prägen die Stadt."
    assert text[row["start_char"]:row["end_char"]] == "Chance"
    assert row["unit"] == "d4"


def test_by_sentence_and_corpus(tokens):
    r = framing.score_frames(tokens, {"x": ["Flüchtling"]}, by="sentence")
    assert list(r.table.columns[:2]) == ["doc_id", "sentence"]
    assert int(r.table["x"].sum()) == 3
    r = framing.score_frames(tokens, {"x": ["Flüchtling"]}, by=None)
    assert len(r.table) == 1 and int(r.table["x"].iloc[0]) == 3


def test_bootstrap_reproducible(tokens):
    a = framing.score_frames(tokens, {"x": ["Flüchtling"], "y": ["Chance", "Belastung"]}, by="place", random_state=3)
    b = framing.score_frames(tokens, {"x": ["Flüchtling"], "y": ["Chance", "Belastung"]}, by="place", random_state=3)
    assert np.allclose(a.table["x_share_low"], b.table["x_share_low"], equal_nan=True)


def test_to_csv_and_plot(tokens, tmp_path):
    r = framing.score_frames(tokens, "integration_modes", by="place")
    paths = r.to_csv(tmp_path)
    assert {"frames", "evidence", "codebook", "profile"} <= set(paths)
    assert Codebook.from_yaml(paths["codebook"]) == Codebook.load("integration_modes")
    ax = r.plot()
    assert ax is not None


def test_errors(tokens):
    with pytest.raises(InputError, match="Tokens"):
        framing.score_frames("text", {"x": ["a"]})
    with pytest.raises(ParameterError, match=r"^by must be one of .*got 'nonexistent'"):
        framing.score_frames(tokens, {"x": ["a"]}, by="nonexistent")


def test_kwic(tokens):
    k = framing.kwic(tokens, "Flüchtling*", window=2)
    assert sorted(k["match"]) == ["Flüchtlinge", "Flüchtlingsunterkunft"]
    assert set(k["place"]) == {"A"}
    assert len(framing.kwic(tokens, "Flüchtling")) == 3
    assert list(framing.kwic(tokens, "Essener Norden")["match"]) == ["Essener Norden"]


def test_cli_frames(tokens, tmp_path):
    from framing.cli import main
    path = tmp_path / "tokens.parquet"
    tokens.to_parquet(path)
    rc = main(["frames", str(path), "--codebook", "integration_modes", "--by", "place", "-o", str(tmp_path / "out"),
               "-q", "--n-boot", "50"])
    assert rc == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"frames.csv", "evidence.csv", "profile.csv",
                                                               "codebook.yaml"}


def test_inflected_term_not_in_corpus(tokens):
    # "Flüchtlingen" never occurs: its form without the ending matches lemma, head and modifier
    t = framing.score_frames(tokens, {"x": ["Flüchtlingen"]}, by="doc").table.set_index("doc")
    assert int(t.loc["d1", "x"]) == 3


def test_document_without_tokens_keeps_its_row():
    import pandas as pd

    from framing.corpus.corpus import Corpus
    docs = pd.DataFrame({"doc_id": ["b", "a", "c"], "text": ["Die Kommunen helfen.", "", "Eine Chance."]})
    tok = framing.annotate(Corpus(docs), progress=False, cache=False)
    r = framing.score_frames(tok, {"x": ["Kommune"], "y": ["Chance"]})
    assert list(r.table["doc"]) == ["a", "b", "c"]
    assert list(r.table["x"]) == [0, 1, 0] and list(r.table["n_tokens"]) == [0, 3, 2]
    assert list(r.evidence["unit"]) == ["b", "c"]


def test_evidence_flags_when_every_hit_counts(tokens):
    # the codebook counts negated hits: the evidence still says which hit is negated
    r = framing.score_frames(tokens, {"problem": ["Problem"]}, by="doc")
    d3 = r.evidence[r.evidence.doc_id == "d3"].sort_values("token_start")
    assert list(d3["match"]) == ["Probleme", "Problem"]
    assert list(d3["negated"]) == [False, True]
    assert list(d3["counted"]) == [True, True]


def test_column_codes_are_reused_and_refreshed(tokens):
    from framing.matching.table import table_codes
    cb = {"x": ["Flüchtling"], "y": ["Chance", "Belastung"]}
    first = framing.score_frames(tokens, cb, by="place")
    codes = table_codes(tokens.table)
    assert table_codes(tokens.table) is codes                  # kept with the table
    again = framing.score_frames(tokens, cb, by="place")
    assert again.table.equals(first.table) and again.hits.equals(first.hits)
    other = framing.score_frames(tokens, {"z": ["Flüchtling"]}, by="doc")    # another codebook, same codes
    assert table_codes(tokens.table) is codes
    assert int(other.table.set_index("doc").loc["d1", "z"]) == 3
    # a copy of the table (e.g. edited by the user) is encoded afresh
    copy = framing.Tokens(tokens.table.copy(), tokens.docs)
    assert table_codes(copy.table) is not codes
    copy.table["lemma"] = copy.table["lemma"].str.replace("Flüchtling", "Gast")
    assert int(framing.score_frames(copy, {"z": ["Flüchtling"]}, by="doc").table.set_index("doc").loc["d1", "z"]) == 2


def test_no_interval_and_no_clear_profile_from_too_few_documents_with_hits():
    import pandas as pd

    from framing.corpus.corpus import Corpus
    from framing.frames.result import MIN_DOCS_WITH_HITS

    # town A: one article with hits among six; town B: every article has hits
    texts = {f"a{i}": ("Die Chance ist groß. Eine Chance." if i == 0 else "Der Rat tagt.") for i in range(6)}
    texts.update({f"b{i}": ("Eine Chance für alle." if i % 2 else "Die Belastung wächst.") for i in range(6)})
    docs = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                         "place": ["A" if d.startswith("a") else "B" for d in texts]})
    tok = framing.annotate(Corpus(docs), progress=False, cache=False)
    r = framing.score_frames(tok, {"chance": ["Chance"], "last": ["Belastung"]}, by="place", random_state=0)
    a, b = (r.table[r.table["place"] == p].iloc[0] for p in ("A", "B"))
    assert a["chance"] == 2 and a["chance_share"] == 1.0
    # before: A's one document made every resample 1.0, an interval [1.0, 1.0] and a "clear" profile
    assert np.isnan(a["chance_share_low"]) and np.isnan(a["chance_share_high"])
    assert MIN_DOCS_WITH_HITS <= 6 and not np.isnan(b["chance_share_low"])
    prof = r.profile().set_index("place")
    assert not prof.loc["A", "clear"] and pd.isna(prof.loc["A", "overlap"])


# -- the term selector's settings (docs/reference/parameters.md) -------------------------------
def _d1(r) -> list[str]:
    return sorted(r.evidence.loc[r.evidence.doc_id == "d1", "match"])


def test_compounds_setting_says_which_compound_hits_are_made(tokens):
    # d1: Flüchtlinge (lemma), Flüchtlingsunterkunft (modifier), Wirtschaftsflüchtlinge (head)
    cb = {"refugee": ["Flüchtling"]}
    assert _d1(framing.score_frames(tokens, cb, compounds="parts")) == [
        "Flüchtlinge", "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]            # the default
    assert _d1(framing.score_frames(tokens, cb, compounds="head")) == ["Flüchtlinge", "Wirtschaftsflüchtlinge"]
    r = framing.score_frames(tokens, cb, compounds="keep")
    assert _d1(r) == ["Flüchtlinge"] and int(r.table.set_index("doc").loc["d1", "refugee"]) == 1
    assert r.settings["compounds"] == "keep" and "compounds" not in framing.score_frames(tokens, cb).settings
    with pytest.raises(ParameterError, match="compounds"):
        framing.score_frames(tokens, cb, compounds="split")


def test_stopwords_and_pos_settings_take_tokens_out_of_the_match_targets(tokens):
    cb = {"refugee": ["Flüchtling"]}
    # a stopword is never a target; decided on the whole token (as in co-occurrence), so the
    # compounds that contain it still match
    assert _d1(framing.score_frames(tokens, cb, stopwords=["flüchtling"])) == [
        "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]
    assert _d1(framing.score_frames(tokens, cb, stopwords=[], stopwords_extra=["Wirtschaftsflüchtling"])) == [
        "Flüchtlinge", "Flüchtlingsunterkunft"]
    assert _d1(framing.score_frames(tokens, cb, pos=["NOUN"])) == [
        "Flüchtlinge", "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]
    assert _d1(framing.score_frames(tokens, cb, pos=["VERB"])) == []
    # a phrase needs one of its words to be a target: "Essener Norden" in d2
    north = {"north": ["Essener Norden"]}
    assert len(framing.score_frames(tokens, north, stopwords=["essener"]).evidence) == 1
    assert len(framing.score_frames(tokens, north, stopwords=["essener", "norden"]).evidence) == 0


def test_min_count_counts_terms_as_the_compounds_setting_makes_them(tokens):
    cb = {"refugee": ["Flüchtling"]}
    # whole tokens: Flüchtling, Flüchtlingsunterkunft, Wirtschaftsflüchtling once each
    assert _d1(framing.score_frames(tokens, cb, compounds="keep", min_count=2)) == []
    # heads: Flüchtling twice (Flüchtlinge, Wirtschaftsflüchtlinge), Unterkunft once
    assert _d1(framing.score_frames(tokens, cb, compounds="head", min_count=2)) == [
        "Flüchtlinge", "Wirtschaftsflüchtlinge"]
    # parts: Flüchtling three times, so every token with it stays a target
    assert len(_d1(framing.score_frames(tokens, cb, min_count=2))) == 3
    assert _d1(framing.score_frames(tokens, cb, compounds="keep", min_df=2)) == []


def test_term_settings_follow_the_rows_of_an_unsorted_table(tokens):
    # tokens in reverse order: the matchers sort the table once, the targets must follow
    from framing.nlp.tokens import Tokens

    backwards = Tokens(tokens.table.iloc[::-1].reset_index(drop=True), tokens.docs)
    cb = {"refugee": ["Flüchtling"]}
    assert _d1(framing.score_frames(backwards, cb, stopwords=["flüchtling"])) == [
        "Flüchtlingsunterkunft", "Wirtschaftsflüchtlinge"]


def test_kwic_over_a_tokens_folder_equals_the_loaded_table(demo_tokens, tmp_path):
    """A tokens folder is searched part by part (the report's keyness passages of an analysis
    run on Dask): the same rows as the whole table, which is never loaded."""
    import pandas as pd

    import framing

    demo_tokens.to_parquet(tmp_path / "tokens", partitioned=True, docs_per_file=40)
    lazy = framing.read_tokens(tmp_path / "tokens")
    loaded = framing.read_tokens(tmp_path / "tokens")
    loaded.table  # noqa: B018  (the whole table in memory: the one-table path)
    assert len(lazy.parts) >= 3 and loaded.loaded
    for pattern, options in ((["Flüchtling", "Essener Norden", "*unterkunft"], {}),
                             ("Geflüchtete?r?", {"regex": True}), ("gibtsnicht", {})):
        want = framing.kwic(loaded, pattern, window=6, **options)
        got = framing.kwic(lazy, pattern, window=6, **options)
        assert not lazy.loaded
        pd.testing.assert_frame_equal(got, want)
        in_memory = framing.kwic(demo_tokens, pattern, window=6, **options)
        assert list(got.columns) == list(in_memory.columns)
        kwic_cols = ["doc_id", "left", "match", "right", "term", "rule"]   # metadata: Parquet's NA types
        pd.testing.assert_frame_equal(got[kwic_cols], in_memory[kwic_cols], check_dtype=False)
    assert len(framing.kwic(demo_tokens, ["Flüchtling", "Essener Norden"])) > 20
