"""Scorer API: units (by=), confidence intervals, evidence = counts, robustness, CLI and plot."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import InputError, ParameterError
from framing.nlp.tokens import Tokens
from framing.othering import OtheringScorer, wilson_interval
from framing.othering.scorer import REASONS, design_effect


def hand_tokens(docs: dict[str, list[str]], meta: dict[str, dict] | None = None) -> Tokens:
    """Hand-made Tokens: lemma = text (the lexicon's inflection forms do the rest)."""
    rows = []
    for doc_id, sentences in docs.items():
        pos = 0
        for s, sentence in enumerate(sentences):
            for word in sentence.split():
                rows.append({"doc_id": doc_id, "sent_id": s, "token_id": pos, "text": word, "lemma": word,
                             "is_punct": word in {".", ",", "!", "?"}})
                pos += 1
    docs_frame = pd.DataFrame([{"doc_id": d, **(meta or {}).get(d, {})} for d in docs])
    return Tokens(pd.DataFrame(rows), docs_frame)


OTHERING_3_1 = ["Asylanten kamen .", "Asylbewerber kamen .", "Ausländer kamen .", "Geflüchtete kamen ."]
# the interval tests count the neutral labels too (index_categories="all"): they check the
# arithmetic of the interval, not which categories enter the default index


# -- confidence intervals --------------------------------------------------------------------
def test_wilson_interval_3_of_4():
    # the textbook value of the 95 % Wilson interval for 3 successes in 4 trials
    low, high = wilson_interval(3, 4)
    assert low == pytest.approx(0.3006, abs=1e-4) and high == pytest.approx(0.9544, abs=1e-4)
    r = OtheringScorer(places=None, index_categories="all").score(hand_tokens({"d1": OTHERING_3_1}), by="doc")
    row = r.table.iloc[0]
    assert (row["othering"], row["recognition"]) == (3, 1)
    assert row["othering_index"] == 0.75
    assert row["ci_low"] == pytest.approx(0.3006, abs=1e-4) and row["ci_high"] == pytest.approx(0.9544, abs=1e-4)
    assert row["design_effect"] == 1.0      # one document: nothing to estimate


def test_design_effect_widens_clustered_interval():
    # d1: 3 othering, d2: 3 recognition -> p = 0.5, N = 6; between-document variance:
    # v = 2/1 * ((3 - 1.5)^2 + (0 - 1.5)^2) / 36 = 0.25, v0 = 0.25 / 6 -> deff = 6 -> n_eff = 1
    toks = hand_tokens({"d1": ["Asylanten kamen .", "Asylbewerber kamen .", "Ausländer kamen ."],
                        "d2": ["Geflüchtete kamen .", "Geflüchtete kamen .", "Geflüchtete kamen ."]},
                       meta={"d1": {"place": "P"}, "d2": {"place": "P"}})
    row = OtheringScorer(places=None, index_categories="all").score(toks, by="place").table.iloc[0]
    assert row["design_effect"] == pytest.approx(6.0)
    z = 1.959963984540054
    half = 0.5 * z / np.sqrt(1 + z * z)                       # Wilson at p = 0.5, n = 1
    assert row["ci_low"] == pytest.approx(0.5 - half) and row["ci_high"] == pytest.approx(0.5 + half)
    plain = OtheringScorer(places=None, index_categories="all", cluster=False).score(toks, by="place").table.iloc[0]
    low, high = wilson_interval(3, 6)
    assert (plain["ci_low"], plain["ci_high"]) == pytest.approx((float(low), float(high)))
    assert plain["ci_high"] - plain["ci_low"] < row["ci_high"] - row["ci_low"]


def test_design_effect_function():
    deff = design_effect(np.array([3.0, 0.0, 2.0]), np.array([3.0, 3.0, 2.0]), np.array([0, 0, 1]), 2)
    assert deff[0] == pytest.approx(6.0) and deff[1] == 1.0   # unit 1 has a single document


def test_bootstrap_ci_is_deterministic_and_bounded():
    rng = np.random.default_rng(1)
    docs, meta = {}, {}
    for i in range(12):
        sents = [("Asylanten kamen ." if rng.random() < 0.6 else "Geflüchtete kamen .") for _ in range(3)]
        docs[f"d{i}"] = sents
        meta[f"d{i}"] = {"party": "A" if i < 6 else "B"}
    toks = hand_tokens(docs, meta)
    a = OtheringScorer(places=None, index_categories="all", ci="bootstrap",
                       random_state=3).score(toks, by="party").table
    b = OtheringScorer(places=None, index_categories="all", ci="bootstrap",
                       random_state=3).score(toks, by="party").table
    pd.testing.assert_frame_equal(a, b)
    assert set(a["ci_method"]) == {"bootstrap"}
    assert ((a["ci_low"] <= a["othering_index"]) & (a["othering_index"] <= a["ci_high"])).all()


def test_bootstrap_needs_five_documents_with_matches_else_keeps_wilson():
    # unit A: 3 documents with matches (2 : 1 each) -> resampling them gives near-point
    # intervals, so A keeps the design-effect Wilson interval; unit B: 5 documents -> bootstrap
    docs = {f"a{i}": ["Asylanten kamen .", "Asylanten kamen .", "Geflüchtete kamen ."] for i in range(3)}
    docs.update({f"b{i}": ["Asylanten kamen ." if i % 2 else "Geflüchtete kamen .", "Ausländer kamen ."]
                 for i in range(5)})
    meta = {d: {"party": d[0].upper()} for d in docs}
    toks = hand_tokens(docs, meta)
    boot = OtheringScorer(places=None, index_categories="all", ci="bootstrap").score(toks, by="party").table
    wilson = OtheringScorer(places=None, index_categories="all").score(toks, by="party").table
    assert boot["ci_method"].tolist() == ["wilson_deff", "bootstrap"]
    assert boot.loc[0, ["ci_low", "ci_high"]].tolist() == wilson.loc[0, ["ci_low", "ci_high"]].tolist()
    assert (boot.loc[0, "othering"], boot.loc[0, "recognition"]) == (6, 3)
    assert boot.loc[0, "ci_high"] - boot.loc[0, "ci_low"] > 0.3


def test_no_matches_gives_missing_index():
    row = OtheringScorer(places=None).score(hand_tokens({"d": ["Die Stadt baut ."]}), by="doc").table.iloc[0]
    assert np.isnan(row["othering_index"]) and np.isnan(row["ci_low"])
    assert row["n_tokens"] == 3 and row["n_matches"] == 0


# -- units ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("by, units", [
    ("speaker", {("A",), ("B",)}),
    ("party", {("X",), ("Y",)}),
    ("outlet", {("Bote",), ("Kurier",)}),
    ("place", {("Essen",), ("Altena",), ("Essen-Altenessen/Karnap",)}),
    ("year", {(2016,), (2017,)}),
    (["party", "speaker"], {("X", "A"), ("Y", "B")}),
])
def test_by_units(tokens, by, units):
    r = OtheringScorer(places=["Essen"]).score(tokens, by=by)
    cols = [by] if isinstance(by, str) else by
    assert set(r.table[cols].itertuples(index=False, name=None)) == units
    assert r.table["n_docs"].sum() == 4          # the four documents with metadata
    assert set(r.evidence["unit"]) <= {" / ".join(map(str, u)) for u in units}


def test_by_doc_and_corpus(tokens):
    by_doc = OtheringScorer(places=["Essen"]).score(tokens, by="doc").table
    assert len(by_doc) == tokens.n_docs
    total = OtheringScorer(places=["Essen"]).score(tokens, by=None).table
    assert len(total) == 1 and total["n_docs"].iloc[0] == tokens.n_docs
    for col in ["othering", "recognition", "n_tokens", "n_matches"]:
        assert total[col].iloc[0] == by_doc[col].sum()


def test_by_dropna_false_and_unknown_column(tokens):
    r = OtheringScorer(places=["Essen"], dropna=False).score(tokens, by="speaker")
    assert "(none)" in set(r.table["speaker"])
    assert r.table["n_docs"].sum() == tokens.n_docs
    with pytest.raises(ParameterError, match=r"^by must be one of \['doc', .*got 'colour'$"):
        OtheringScorer().score(tokens, by="colour")


# -- evidence = counts ---------------------------------------------------------------------------
def test_evidence_rows_match_counts_exactly(tokens):
    r = OtheringScorer(places=["Essen", "Altena", "Bochum"]).score(tokens, by="doc")
    table, ev = r.table.set_index("doc"), r.evidence
    assert len(ev) == table["n_matches"].sum() == len(r.matches)
    cats = list(r.settings["index_categories"])
    for unit, group in ev.groupby("unit"):
        row = table.loc[unit]
        ok = group[group["counted"]]
        for c in cats:
            assert row[c] == (ok["category"] == c).sum(), (unit, c)
        for reason in REASONS:
            assert row[f"excluded_{reason}"] == (group["reason"] == reason).sum(), (unit, reason)
        assert row["othering"] == (ok["in_index"] & (ok["polarity"] == "othering")).sum()
        assert row["recognition"] == (ok["in_index"] & (ok["polarity"] == "recognition")).sum()
        assert row["n_matches"] == len(group)
    assert set(table.index) >= set(ev["unit"])
    # rates per 1,000 tokens
    t = r.table
    assert np.allclose(t["othering_per_1k"], t["othering"] / t["n_tokens"] * 1000)


def test_evidence_char_offsets_point_into_the_text(tokens, texts):
    ev = OtheringScorer(places=["Essen", "Bochum"]).score(tokens, by="doc").evidence
    assert len(ev) > 40
    for row in ev.itertuples():
        assert texts[row.doc_id][row.start_char:row.end_char] == row.match
        assert row.match in row.sentence
        assert row.reason in ("",) + REASONS


def test_index_categories(tokens):
    r = OtheringScorer(places=["Essen"], index_categories=["group_label_pejorative", "local_identity"]).score(
        tokens, by=None)
    ev = r.evidence
    assert r.table["othering"].iloc[0] == (ev["counted"] & (ev["category"] == "group_label_pejorative")).sum()
    with pytest.raises(InputError, match="unknown categories"):
        OtheringScorer(index_categories=["nope"]).score(tokens)


# -- robustness ------------------------------------------------------------------------------------
def test_row_order_does_not_matter(tokens):
    shuffled = Tokens(tokens.table.iloc[::-1].reset_index(drop=True), tokens.docs, tokens.meta)
    a = OtheringScorer(places=["Essen"]).score(tokens, by="doc").table
    b = OtheringScorer(places=["Essen"]).score(shuffled, by="doc").table
    pd.testing.assert_frame_equal(a, b)


def test_missing_lemmas_fall_back_on_the_text():
    toks = hand_tokens({"d": ["Die Asylanten kamen ."]})
    table = toks.table.copy()
    table["lemma"] = pd.array([None] * len(table), dtype="string")
    r = OtheringScorer(places=None).score(Tokens(table, toks.docs), by=None)
    assert r.table["othering"].iloc[0] == 1


def test_empty_and_wrong_input():
    empty = Tokens(pd.DataFrame(columns=["doc_id", "sent_id", "token_id", "text", "lemma"]))
    r = OtheringScorer(places=None).score(empty, by=None)
    assert len(r.evidence) == 0
    with pytest.raises(InputError, match="takes framing Tokens"):
        OtheringScorer().score(pd.DataFrame())
    with pytest.raises(InputError, match="ci must be one of"):
        OtheringScorer(ci="exact").score(empty)


def test_public_api():
    assert framing.OtheringScorer is OtheringScorer
    assert framing.othering.Lexicon.default().name == "othering_de"


# -- CLI and plot ----------------------------------------------------------------------------------
def test_cli_on_tokens(tmp_path, annotated):
    from framing.cli import main

    path = annotated["full"].to_parquet(tmp_path / "tokens.parquet")
    out = tmp_path / "out" / "scores.csv"
    code = main(["othering", str(path), "--by", "party", "-o", str(out), "--evidence",
                 str(tmp_path / "ev.csv"), "--plot", str(tmp_path / "index.png"), "--places", "Essen", "-q"])
    assert code == 0
    scores = pd.read_csv(out)
    assert set(scores["party"]) == {"X", "Y"}
    assert {"othering_index", "ci_low", "ci_high", "othering_per_1k"} <= set(scores.columns)
    ev = pd.read_csv(tmp_path / "ev.csv")
    assert {"left", "match", "right", "category", "counted", "reason"} <= set(ev.columns)
    assert (tmp_path / "index.png").stat().st_size > 1000


def test_cli_prints_the_index_the_balance_and_the_rate(tmp_path, annotated, capsys):
    from framing.cli import main

    path = annotated["full"].to_parquet(tmp_path / "tokens.parquet")
    assert main(["othering", str(path), "--by", "party", "-o", str(tmp_path / "o"), "--places", "Essen"]) == 0
    header = next(line for line in capsys.readouterr().out.splitlines() if "othering_index" in line)
    assert header.split() == ["party", "n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high",
                              "othering_balance", "othering_per_1k"]


def test_cli_output_folder_as_framing_frames(tmp_path, annotated):
    from framing.cli import main

    path = annotated["full"].to_parquet(tmp_path / "tokens.parquet")
    code = main(["othering", str(path), "--by", "party", "-o", str(tmp_path / "oth"), "--places", "Essen", "-q"])
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "oth").iterdir()) == ["evidence.csv", "othering.csv", "settings.json"]
    assert set(pd.read_csv(tmp_path / "oth" / "othering.csv")["party"]) == {"X", "Y"}
    assert main(["othering", str(path), "-o", str(tmp_path / "oth2"), "--evidence", str(tmp_path / "e.csv"),
                 "-q"]) == 2


def test_cli_reads_and_annotates_sources(tmp_path):
    from framing.cli import main

    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Die Asylanten kamen. Die neuen Essener feiern.", encoding="utf-8")
    (folder / "b.txt").write_text("Die Geflüchteten sind unsere Nachbarn.", encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert main(["othering", str(folder), "--by", "doc", "-o", str(out), "--places", "Essen", "-q"]) == 0
    scores = pd.read_csv(out)
    assert len(scores) == 2 and scores["othering"].sum() == 1 and scores["recognition"].sum() == 3


def test_plot_index(tokens, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    r = OtheringScorer(places=["Essen"]).score(tokens, by="doc")
    fig = r.plot(path=tmp_path / "p.png", min_matches=1)
    assert (tmp_path / "p.png").exists()
    n_plotted = int(((r.table["othering"] + r.table["recognition"]) >= 1).sum())
    assert len(fig.axes[0].get_yticklabels()) == n_plotted


def test_cli_index_categories(tmp_path, capsys):
    from framing.cli import main

    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Die Flüchtlinge kamen gestern an.", encoding="utf-8")
    default, everything = tmp_path / "default.csv", tmp_path / "all.csv"
    assert main(["othering", str(folder), "--by", "corpus", "-o", str(default), "-q"]) == 0
    assert main(["othering", str(folder), "--by", "corpus", "-o", str(everything), "-q",
                 "--index-categories", "all"]) == 0
    # the neutral label is reported as a rate by default and enters the index only with "all"
    assert pd.read_csv(default)["othering"].sum() == 0
    assert pd.read_csv(everything)["othering"].sum() == 1
    chosen = tmp_path / "chosen.csv"
    assert main(["othering", str(folder), "--by", "corpus", "-o", str(chosen), "-q",
                 "--index-categories", "group_label_neutral, local_identity"]) == 0
    assert pd.read_csv(chosen)["othering"].sum() == 1
    assert main(["othering", str(folder), "--by", "corpus", "-o", str(chosen), "-q",
                 "--index-categories", "no_such_category"]) == 2
    assert "no_such_category" in capsys.readouterr().err
