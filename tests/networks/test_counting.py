"""Co-occurrence counts on tiny hand-computed examples, and against a brute-force count."""
from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import InputError
from framing.networks.counting import Cooccurrence, cooccurrence
from framing.nlp.tokens import Tokens


def pair(c: Cooccurrence, a: str, b: str) -> int:
    return int(c.counts[c.index(a), c.index(b)])


def as_dict(c: Cooccurrence) -> dict[tuple[str, str], int]:
    i, j, o = c.pairs()
    return {(c.vocab[a], c.vocab[b]): int(n) for a, b, n in zip(i, j, o)}


# -- window ---------------------------------------------------------------------------------
def test_window_two_is_direct_neighbours(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B C D E"]}), "window", window=2)
    assert as_dict(c) == {("A", "B"): 1, ("B", "C"): 1, ("C", "D"): 1, ("D", "E"): 1}
    assert c.n_units == 4 and c.n == 8
    assert c.marginals.tolist() == [1, 2, 2, 2, 1]


def test_window_edges_three(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B C D E"]}), "window", window=3)
    assert as_dict(c) == {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1, ("B", "D"): 1,
                          ("C", "D"): 1, ("C", "E"): 1, ("D", "E"): 1}
    # A's window reaches C (2 apart) but not D (3 apart)
    assert pair(c, "A", "D") == 0


def test_window_never_crosses_documents(tokens_from):
    c = cooccurrence(tokens_from({"d1": ["A B"], "d2": ["C D"]}), "window", window=5)
    assert as_dict(c) == {("A", "B"): 1, ("C", "D"): 1}


def test_window_crosses_sentences_unless_asked(tokens_from):
    toks = tokens_from({"d": ["A B .", "C D"]})
    loose = cooccurrence(toks, "window", window=3)
    assert pair(loose, "B", "C") == 1          # B(1) . (2) C(3): 2 apart
    assert pair(loose, "A", "C") == 0          # 3 apart
    strict = cooccurrence(toks, "window", window=3, within_sentence=True)
    assert as_dict(strict) == {("A", "B"): 1, ("C", "D"): 1}


def test_repeated_term_counts_once_per_position_pair(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B A"]}), "window", window=3)
    # position pairs (0,1) A-B, (1,2) B-A, (0,2) A-A (same term: not counted)
    assert as_dict(c) == {("A", "B"): 2}
    assert c.n_units == 2 and c.counts.diagonal().tolist() == [0, 0]
    assert c.term_freq.tolist() == [2, 1]


def test_stopword_removal_keeps_positions(tokens_from):
    toks = tokens_from({"d": ["A der B"]}, stop={"der"})
    assert as_dict(cooccurrence(toks, "window", window=2)) == {}
    assert as_dict(cooccurrence(toks, "window", window=3)) == {("A", "B"): 1}
    assert "der" not in cooccurrence(toks, "window", window=3)
    kept = cooccurrence(toks, "window", window=2, stopwords=False)
    assert as_dict(kept) == {("A", "der"): 1, ("B", "der"): 1}


def test_punctuation_is_never_a_term(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A , B ."]}), "window", window=3, stopwords=False)
    assert list(c.vocab) == ["A", "B"] and as_dict(c) == {("A", "B"): 1}


def test_window_order_of_rows_does_not_matter(tokens_from):
    toks = tokens_from({"d1": ["A B C A", "D B"], "d2": ["B C D"]})
    shuffled = Tokens(toks.table.sample(frac=1.0, random_state=3), toks.docs)
    a = cooccurrence(toks, "window", window=3)
    b = cooccurrence(shuffled, "window", window=3)
    assert as_dict(a) == as_dict(b)


def test_window_below_two_is_an_error(tokens_from):
    with pytest.raises(ValueError, match=r"window must be an integer >= 2, got 1"):
        cooccurrence(tokens_from({"d": ["A B"]}), "window", window=1)


# -- sentence and document ------------------------------------------------------------------
def test_sentence_boundaries(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B .", "B C ."]}), "sentence")
    assert as_dict(c) == {("A", "B"): 1, ("B", "C"): 1}
    assert c.n == 2 and c.marginals.tolist() == [1, 2, 1]


def test_sentence_repeated_term_counts_once(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B A B A"]}), "sentence")
    assert as_dict(c) == {("A", "B"): 1}
    assert c.marginals.tolist() == [1, 1] and c.term_freq.tolist() == [3, 2]


def test_sentence_n_counts_all_sentences(tokens_from):
    # the second sentence has only a stopword: still a sentence in which A and B do not occur
    c = cooccurrence(tokens_from({"d": ["A B", "der ."]}, stop={"der"}), "sentence")
    assert c.n == 2 and pair(c, "A", "B") == 1


def test_document_unit(tokens_from):
    c = cooccurrence(tokens_from({"d1": ["A B", "C"], "d2": ["A C"], "d3": ["B"]}), "document")
    assert as_dict(c) == {("A", "B"): 1, ("A", "C"): 2, ("B", "C"): 1}
    assert c.n == 3 and c.marginals.tolist() == [2, 2, 2] and c.doc_freq.tolist() == [2, 2, 2]


def test_doc_freq_and_term_freq(tokens_from):
    c = cooccurrence(tokens_from({"d1": ["A A B"], "d2": ["A"]}), "sentence")
    assert c.term_freq.tolist() == [3, 1] and c.doc_freq.tolist() == [2, 1]
    assert c.n_docs == 2 and c.n_tokens == 4


# -- symmetry, empty, single term -----------------------------------------------------------
@pytest.mark.parametrize("unit", ["sentence", "document", "window"])
def test_matrix_is_symmetric_with_zero_diagonal(tokens_from, unit):
    toks = tokens_from({"d1": ["A B C A D", "B D E"], "d2": ["E A C C"]})
    c = cooccurrence(toks, unit, window=3)
    dense = c.counts.toarray()
    assert (dense == dense.T).all() and (np.diag(dense) == 0).all()
    assert dense.sum() == 2 * sum(as_dict(c).values())
    import scipy.sparse as sp

    assert (sp.triu(c.upper, k=1) != c.upper).nnz == 0  # stored once, as the strict upper triangle
    assert (c.upper + c.upper.T != c.counts).nnz == 0
    if unit == "window":
        assert c.marginals.sum() == c.n == 2 * c.n_units


@pytest.mark.parametrize("unit", ["sentence", "document", "window"])
def test_empty_tokens(tokens_from, unit):
    c = cooccurrence(tokens_from({}), unit)
    assert c.n_terms == 0 and c.n_pairs == 0 and c.counts.shape == (0, 0)
    assert c.to_frame().empty
    assert c.to_graph().number_of_nodes() == 0


@pytest.mark.parametrize("unit", ["sentence", "document", "window"])
def test_only_stopwords(tokens_from, unit):
    c = cooccurrence(tokens_from({"d": ["der die das ."]}, stop={"der", "die", "das"}), unit)
    assert c.n_terms == 0 and c.n_pairs == 0
    assert c.to_graph().number_of_edges() == 0


@pytest.mark.parametrize("unit", ["sentence", "document", "window"])
def test_single_term(tokens_from, unit):
    c = cooccurrence(tokens_from({"d": ["A A A"]}), unit, window=3)
    assert list(c.vocab) == ["A"] and c.n_pairs == 0 and c.counts.shape == (1, 1)
    assert c.term_freq.tolist() == [3]
    assert c.to_frame().empty
    assert c.to_graph().number_of_nodes() == 0
    assert list(c.to_graph(keep_isolates=True).nodes) == ["A"]


# -- selection ------------------------------------------------------------------------------
def test_pos_filter(tokens_from):
    toks = tokens_from({"d": ["Stadt neue Chance"]}, upos={"neue": "ADJ"})
    c = cooccurrence(toks, "sentence", pos=["NOUN"])
    assert list(c.vocab) == ["Chance", "Stadt"]
    assert list(c.pos) == ["NOUN", "NOUN"]


def test_pos_filter_without_tags_is_an_error(tokens_from):
    toks = tokens_from({"d": ["A B"]})
    no_pos = Tokens(toks.table.assign(upos=pd.NA), toks.docs)
    with pytest.raises(InputError, match="no POS tags"):
        cooccurrence(no_pos, pos=["NOUN"])


def test_extra_stopwords_are_case_insensitive(tokens_from):
    c = cooccurrence(tokens_from({"d": ["Stadt Jahr Chance"]}), stopwords=["jahr"])
    assert list(c.vocab) == ["Chance", "Stadt"]


def test_min_count_min_df_max_terms(tokens_from):
    toks = tokens_from({"d1": ["A A B C"], "d2": ["A B", "D"]})
    assert list(cooccurrence(toks, min_count=2).vocab) == ["A", "B"]
    assert list(cooccurrence(toks, min_df=2).vocab) == ["A", "B"]
    assert list(cooccurrence(toks, max_terms=1).vocab) == ["A"]
    # removed terms keep their positions: A . . C → with only A and C kept, A-C is 3 apart
    c = cooccurrence(tokens_from({"d": ["A B B C", "C"]}), "window", window=3, vocabulary=["A", "C"])
    assert list(c.vocab) == ["A", "C"] and as_dict(c) == {}


def test_fixed_vocabulary_keeps_absent_terms(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B"]}), vocabulary=["B", "Z", "A"])
    assert list(c.vocab) == ["B", "Z", "A"]
    assert c.term_freq.tolist() == [1, 0, 1] and as_dict(c) == {("B", "A"): 1}
    # nothing selected at all: the fixed vocabulary still stands, with zero counts
    none = cooccurrence(tokens_from({"d": ["der die"]}, stop={"der", "die"}), vocabulary=["A"],
                        stopwords=["A"])
    assert list(none.vocab) == ["A"] and none.term_freq.tolist() == [0] and none.n_pairs == 0


def test_lowercase_and_text_column(tokens_from):
    toks = tokens_from({"d": ["Chance chance Stadt"]})
    c = cooccurrence(toks, column="text", lowercase=True)
    assert list(c.vocab) == ["chance", "stadt"] and c.term_freq.tolist() == [2, 1]


def test_compound_heads_and_parts(tokens_from):
    toks = tokens_from({"d": ["Flüchtlingsunterkunft Norden"]},
                       compounds={"Flüchtlingsunterkunft": "Flüchtling|Unterkunft"})
    assert list(cooccurrence(toks).vocab) == ["Flüchtlingsunterkunft", "Norden"]
    head = cooccurrence(toks, "window", window=2, compounds="head")
    assert as_dict(head) == {("Norden", "Unterkunft"): 1}
    parts = cooccurrence(toks, "window", window=2, compounds="parts")
    # both parts sit at position 0: they co-occur with each other (distance 0) and with Norden
    assert as_dict(parts) == {("Flüchtling", "Norden"): 1, ("Flüchtling", "Unterkunft"): 1,
                              ("Norden", "Unterkunft"): 1}
    assert parts.term_freq.tolist() == [1, 1, 1]
    sent = cooccurrence(toks, "sentence", compounds="parts")
    assert sent.n == 1 and sum(as_dict(sent).values()) == 3


def test_mask_selects_tokens(tokens_from):
    toks = tokens_from({"d": ["A B C"]})
    c = cooccurrence(toks, mask=(toks.table["text"] != "B").to_numpy())
    assert list(c.vocab) == ["A", "C"]


def test_unknown_unit_and_focus(tokens_from):
    toks = tokens_from({"d": ["Flüchtling Chance"]})
    with pytest.raises(ValueError, match="unit"):
        cooccurrence(toks, "paragraph")
    with pytest.raises(InputError, match="Flüchtlinge"):
        cooccurrence(toks, focus="Flüchtlinge")
    with pytest.raises(KeyError, match="did you mean"):
        cooccurrence(toks).index("Flüchtlinge")


# -- API ------------------------------------------------------------------------------------
def test_public_entry_points(tokens_from):
    toks = tokens_from({"d": ["A B"]})
    c = framing.cooccurrence(toks, unit="window", window=2)
    assert isinstance(c, framing.Cooccurrence) and as_dict(c) == {("A", "B"): 1}
    # the verb is a plain function; the package behind it is framing.networks
    import types

    assert isinstance(framing.cooccurrence, types.FunctionType)
    assert callable(framing.networks.write_gexf)
    from framing.networks import cooccurrence as fn

    assert as_dict(fn(toks, "window", window=2)) == {("A", "B"): 1}


def test_fresh_import_reaches_verb_and_modules():
    """In a fresh interpreter: the verb, the package's names and its modules, in either order."""
    import subprocess
    import sys

    code = ("import framing; m = framing.networks.measures; assert callable(framing.cooccurrence); "
            "from framing.networks.export import write_gexf; assert callable(framing.cooccurrence); "
            "assert framing.networks.write_gexf is write_gexf; print(m.npmi(10, 20, 30, 100))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("0.2218")


def test_to_frame_and_neighbours(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B", "A B", "A C", "D"]}), "sentence")
    df = c.to_frame(["count", "npmi"], test="fisher", contingency=True)
    assert list(df.columns[:4]) == ["source", "target", "count", "npmi"]
    top = df.iloc[0]
    assert (top["source"], top["target"], top["count"]) == ("A", "B", 2)
    assert {"p", "q", "o12", "o21", "o22", "e11"} <= set(df.columns)
    assert top["o12"] == 1 and top["o21"] == 0 and top["o22"] == 1 and top["e11"] == 1.5
    nb = c.neighbours("A", "count")
    assert nb["neighbour"].tolist() == ["B", "C"] and nb["share"].tolist() == [2 / 3, 1 / 3]
    assert c.to_frame(terms="C")[["source", "target"]].values.tolist() == [["A", "C"]]
    terms = c.terms()
    assert terms["term"].tolist() == ["A", "B", "C", "D"] and terms["frequency"].tolist() == [3, 2, 1, 1]


def test_matrix_of_a_measure_is_symmetric(tokens_from):
    c = cooccurrence(tokens_from({"d": ["A B", "A B C", "C D"]}))
    m = c.matrix("npmi").toarray()
    assert np.allclose(m, m.T)
    assert m[c.index("A"), c.index("B")] == pytest.approx(c.measure("npmi")[0])


def test_adding_counts_pools_documents(tokens_from):
    toks = tokens_from({"d1": ["A B C", "A"], "d2": ["B C D", "A D"]})
    vocab = list(cooccurrence(toks).vocab)
    a = cooccurrence(toks.filter_docs(["d1"]), "window", window=3, vocabulary=vocab)
    b = cooccurrence(toks.filter_docs(["d2"]), "window", window=3, vocabulary=vocab)
    whole = cooccurrence(toks, "window", window=3)
    pooled = a + b
    assert (pooled.counts != whole.counts).nnz == 0
    assert pooled.n == whole.n and pooled.marginals.tolist() == whole.marginals.tolist()
    assert sum([a, b]).n_units == whole.n_units


# -- against brute force ----------------------------------------------------------------------
def _random_tokens(seed: int) -> Tokens:
    rng = np.random.default_rng(seed)
    words = [f"w{k}" for k in range(30)] + ["und", "der"]
    rows = []
    for d in range(12):
        pos = 0
        for s in range(int(rng.integers(1, 5))):
            for _ in range(int(rng.integers(1, 12))):
                w = words[min(int(rng.zipf(1.3)) - 1, len(words) - 1)]
                rows.append({"doc_id": f"d{d}", "sent_id": s, "token_id": pos, "text": w, "lemma": w,
                             "is_stop": w in ("und", "der"), "is_punct": False})
                pos += 1
    return Tokens(pd.DataFrame(rows))


def _brute_window(toks: Tokens, window: int) -> Counter:
    out: Counter = Counter()
    for _, doc in toks.table.groupby("doc_id", sort=False):
        terms = [(p, t) for p, t, s in zip(doc["token_id"], doc["lemma"], doc["is_stop"]) if not s]
        for (p1, a), (p2, b) in itertools.combinations(terms, 2):
            if abs(p2 - p1) < window and a != b:
                out[tuple(sorted((a, b)))] += 1
    return out


def _brute_sentence(toks: Tokens) -> Counter:
    out: Counter = Counter()
    for _, sent in toks.table.groupby(["doc_id", "sent_id"], sort=False):
        terms = sorted(set(sent.loc[~sent["is_stop"], "lemma"]))
        out.update(itertools.combinations(terms, 2))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("window", [2, 5])
def test_window_matches_brute_force(seed, window):
    toks = _random_tokens(seed)
    c = cooccurrence(toks, "window", window=window, progress=False)
    assert as_dict(c) == dict(_brute_window(toks, window))


def test_window_chunking_matches_single_pass(monkeypatch):
    from framing.networks import counting

    toks = _random_tokens(5)
    whole = cooccurrence(toks, "window", window=4)
    monkeypatch.setattr(counting, "CHUNK_PAIRS", 4)
    view = toks.ids(mask=~toks.table["is_stop"].to_numpy())
    counts, n_pairs = counting.count_window(view.ids, view.doc_index, view.position, 4, len(view.vocab),
                                            chunk_tokens=7)
    assert (counts != whole.upper).nnz == 0 and n_pairs == whole.n_units


@pytest.mark.parametrize("seed", [0, 3])
def test_sentence_matches_brute_force(seed, monkeypatch):
    toks = _random_tokens(seed)
    c = cooccurrence(toks, "sentence")
    assert as_dict(c) == dict(_brute_sentence(toks))
    assert c.settings["pair_updates"] == sum(_brute_sentence(toks).values())
    from framing.networks import counting

    monkeypatch.setattr(counting, "CHUNK_PAIRS", 5)  # many small blocks, summed pairwise
    view = toks.ids(mask=~toks.table["is_stop"].to_numpy())
    blocks, diag, _ = counting.count_units(view.ids, view.sent_index, len(view.vocab))
    assert (blocks != c.upper).nnz == 0 and diag.tolist() == c.marginals.tolist()
    # the same counts as the upper triangle of X^T X
    import scipy.sparse as sp

    keep = view.ids >= 0
    X = sp.csr_matrix((np.ones(keep.sum()), (view.sent_index[keep], view.ids[keep])))
    X.data[:] = 1
    X.sum_duplicates()
    X.data[:] = 1
    assert (sp.triu(X.T @ X, k=1) != c.upper).nnz == 0


def test_document_matches_brute_force():
    toks = _random_tokens(7)
    c = cooccurrence(toks, "document")
    expected: Counter = Counter()
    for _, doc in toks.table.groupby("doc_id", sort=False):
        expected.update(itertools.combinations(sorted(set(doc.loc[~doc["is_stop"], "lemma"])), 2))
    assert as_dict(c) == dict(expected)


@pytest.mark.parametrize("band_pairs, flush", [(1 << 18, None), (64, None), (64, 50)])
def test_many_bands_and_early_flushes_match_brute_force(monkeypatch, band_pairs, flush):
    """Pairs are summed in bands of rows (many when BAND_PAIRS is small); small buffers force
    early partial counts that are summed at the end."""
    from framing.networks import counting

    monkeypatch.setattr(counting, "BAND_PAIRS", band_pairs)
    if flush:
        monkeypatch.setattr(counting, "CHUNK_PAIRS", flush)
    sink = counting._PairSink(5000, np.int32, expected_pairs=4500)
    assert sink.n_bands <= 2 if band_pairs > 4500 else sink.n_bands > 10
    rng = np.random.default_rng(11)
    n, V = 6000, 5000
    ids = rng.integers(-1, V, n)
    doc = np.repeat(np.arange(60), 100)
    sent = np.repeat(np.arange(600), 10)
    pos = np.tile(np.arange(100), 60)
    upper, n_pairs = counting.count_window(ids, doc, pos, 4, V, chunk_tokens=1000)
    expected: Counter = Counter()
    for k in range(n):
        for m in range(k + 1, min(k + 4, n)):
            if doc[k] == doc[m] and ids[k] >= 0 and ids[m] >= 0 and ids[k] != ids[m]:
                expected[(min(ids[k], ids[m]), max(ids[k], ids[m]))] += 1
    got = upper.tocoo()
    assert dict(zip(zip(got.row.tolist(), got.col.tolist()), got.data.tolist())) == dict(expected)
    assert n_pairs == sum(expected.values()) and upper.has_canonical_format
    units, _diag, updates = counting.count_units(ids, sent, V, chunk_terms=500)
    expected = Counter()
    for s in range(600):
        terms = sorted({int(x) for x in ids[sent == s] if x >= 0})
        expected.update(itertools.combinations(terms, 2))
    got = units.tocoo()
    assert dict(zip(zip(got.row.tolist(), got.col.tolist()), got.data.tolist())) == dict(expected)
    assert updates == sum(expected.values())
