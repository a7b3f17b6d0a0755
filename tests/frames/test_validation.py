"""Validation against hand coding: alpha on Krippendorff's published examples, kappa against
scikit-learn, the stratified sample, the coding sheet round trip and per-frame agreement."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing import InputError
from framing.frames.validation import (
    agreement,
    coding_sample,
    cohen_kappa,
    krippendorff_alpha,
    read_codes,
    write_coding_sheet,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# 4 observers, 12 units, missing values; nominal alpha = 0.743, interval alpha = 0.849
EXAMPLE_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
             [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
             [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
             [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
# example A: 2 observers, 10 units, binary data; alpha = 0.095
EXAMPLE_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
             [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


def test_alpha_published_examples():
    assert round(krippendorff_alpha(EXAMPLE_C), 3) == 0.743
    assert round(krippendorff_alpha(EXAMPLE_C, level="interval"), 3) == 0.849
    assert round(krippendorff_alpha(EXAMPLE_A), 3) == 0.095
    # strings and a DataFrame work the same; perfect agreement is 1
    as_str = pd.DataFrame([[None if v is None else f"f{v}" for v in r] for r in EXAMPLE_C])
    assert round(krippendorff_alpha(as_str), 3) == 0.743
    assert krippendorff_alpha([[1, 2, 1], [1, 2, 1]]) == 1.0
    assert np.isnan(krippendorff_alpha([[1, N], [N, 2]]))          # nothing pairable
    with pytest.raises(InputError):
        krippendorff_alpha([[1, 2], [1]])


def test_kappa_matches_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    a = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    b = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
    assert cohen_kappa(a, b) == pytest.approx(metrics.cohen_kappa_score(a, b))
    a3 = ["x", "y", "z", "x", "y", "x", "z", "z"]
    b3 = ["x", "y", "y", "x", "z", "x", "z", "x"]
    assert cohen_kappa(a3, b3) == pytest.approx(metrics.cohen_kappa_score(a3, b3))
    # hand value: p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5 -> (0.7-0.5)/(1-0.5) = 0.4
    assert cohen_kappa([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 1, 1, 0, 0, 0]) == pytest.approx(0.4)


CB = {"problem": ["Belastung", "Überforderung", "Problem"], "chance": ["Chance", "Leerstand"]}


def test_coding_sample_strata_and_sheet_round_trip(tokens, tmp_path):
    result = framing.score_frames(tokens, CB, by="doc")
    s = coding_sample(tokens, result, n=3, by="place", random_state=1)
    # strata (place, predicted): (A, problem)=d2, (A, none)=d1, (B, chance)=d4, (B, problem)=d3
    assert len(s) == 3 and s["doc_id"].is_unique
    assert set(s.columns) >= {"doc_id", "place", "text", "sample_weight", "code_problem", "code_chance", "coder"}
    assert "predicted" not in s.columns                              # blind by default
    assert s["code_problem"].isna().all()
    full = coding_sample(tokens, result, n=10, by="place", blind=False)
    assert sorted(full["doc_id"]) == ["d1", "d2", "d3", "d4"]       # n larger than the corpus: all
    assert dict(zip(full["doc_id"], full["predicted"])) == {"d1": "(none)", "d2": "problem", "d3": "problem",
                                                            "d4": "chance"}
    assert (full["sample_weight"] == 1.0).all()
    # the same seed draws the same sample
    assert list(coding_sample(tokens, result, n=3, random_state=1)["doc_id"]) == list(s["doc_id"])
    # a grouped result is rescored per document
    grouped = framing.score_frames(tokens, CB, by="place")
    assert sorted(coding_sample(tokens, grouped, n=10)["doc_id"]) == ["d1", "d2", "d3", "d4"]

    # coder fills the sheet
    full["coder"] = "anna"
    full["code_problem"] = full["doc_id"].map({"d1": "0", "d2": "x", "d3": "ja", "d4": ""})
    full["code_chance"] = full["doc_id"].map({"d1": "nein", "d2": "0", "d3": "0", "d4": "1"})
    path = write_coding_sheet(full, tmp_path / "coding.csv")
    codes = read_codes(path)
    assert list(codes.columns) == ["doc_id", "coder", "problem", "chance"]
    c = codes.set_index("doc_id")
    assert c.loc["d2", "problem"] == 1 and c.loc["d1", "problem"] == 0 and pd.isna(c.loc["d4", "problem"])
    assert (codes["coder"] == "anna").all()


def test_agreement_counts(tokens, tmp_path):
    result = framing.score_frames(tokens, CB, by="doc")
    # instrument: problem in d2 (Belastung, Überforderung) and d3 (Probleme, Problem); chance in d4
    codes = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"] * 2, "coder": ["a"] * 4 + ["b"] * 4,
                          "problem": pd.array([1, 1, 0, 0, 1, 1, 0, 0], dtype="Int64"),
                          "chance": pd.array([0, 0, 0, 1, 0, 0, 1, 1], dtype="Int64")})
    ag = agreement(result, codes).set_index("frame")
    p = ag.loc["problem"]
    assert (p.tp, p.fp, p.fn, p.tn) == (1, 1, 1, 1)
    assert p.precision == 0.5 and p.recall == 0.5 and p.f1 == 0.5 and p.kappa == 0.0
    assert p.alpha_coders == 1.0 and p.n_coders == 2
    ch = ag.loc["chance"]
    # d3 is a tie between the coders (1 vs 0): left out
    assert ch.n_docs == 3 and (ch.tp, ch.fp, ch.fn, ch.tn) == (1, 0, 0, 2) and ch.f1 == 1.0
    assert ch.alpha_coders < 1
    assert ag.loc["(macro)", "f1"] == pytest.approx(0.75)


def test_bad_codes_name_file_and_line(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("doc_id,code_problem\nd1,1\nd2,vielleicht\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.csv.*line 3.*vielleicht"):
        read_codes(p)
    q = tmp_path / "nodoc.csv"
    q.write_text("id,code_problem\nd1,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="doc_id"):
        read_codes(q)
    with pytest.raises(InputError, match=r"csv or \.xlsx"):
        write_coding_sheet(pd.DataFrame({"doc_id": ["d1"]}), tmp_path / "x.txt")


def test_agreement_rejects_unknown_docs(tokens):
    result = framing.score_frames(tokens, CB, by="doc")
    codes = pd.DataFrame({"doc_id": ["zz"], "coder": ["a"], "problem": pd.array([1], dtype="Int64")})
    with pytest.raises(InputError, match="not in the result"):
        agreement(result, codes)


def test_coding_sample_from_corpus_keeps_original_text(tokens):
    from framing.corpus.corpus import Corpus
    corpus = Corpus(pd.DataFrame({"doc_id": ["d1", "d4"], "place": ["A", "B"],
                                  "text": ["Die Flüchtlinge wohnen in der Flüchtlingsunterkunft. Viele "
                                           "Wirtschaftsflüchtlinge kamen nicht.", "Der demografische Wandel ist "
                                           "eine Chance. Leerstand und Fachkräftemangel prägen die Stadt."]}))
    result = framing.score_frames(tokens, CB, by="doc")
    s = coding_sample(corpus, result, n=5, by="place").set_index("doc_id")
    assert sorted(s.index) == ["d1", "d4"]                     # only documents in both
    assert s.loc["d4", "text"].startswith("Der demografische Wandel ist eine Chance.")
    # tokens-only: the text is rebuilt from the tokens with their spacing
    t = coding_sample(tokens, result, n=5, by="place").set_index("doc_id")
    assert t.loc["d4", "text"] == ("Der demografische Wandel ist eine Chance. Leerstand und Fachkräftemangel "
                                   "prägen die Stadt.")
    with pytest.raises(InputError, match="rescored"):
        coding_sample(corpus, framing.score_frames(tokens, CB, by="place"), n=2)
