"""Topic models over a tokens folder read part by part: the same terms, topics and coherence as
the fit on the whole token table in memory."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import framing
from framing.nlp.token_parts import PartitionedTokens, write_tokens
from framing.nlp.tokens import Tokens
from framing.topics import Terms
from framing.topics.streamed import StreamedDocumentTerms
from framing.topics.terms import DocumentTerms

from .conftest import make_tokens

OUTLETS = ["Westfälische Rundschau", "Ruhr Nachrichten", "Zeitung"]


def _varied(seed: int = 3) -> Tokens:
    """The toy corpus with case variants ("stadt", "STADT"), outlets whose names are words of
    the texts ("Rundschau"), a bigram ("sozial Arbeit") and a document without any term."""
    tok = make_tokens(n_per_topic=12, length=30, seed=seed)
    table = tok.table.copy()
    rng = np.random.default_rng(seed)
    lower = rng.random(len(table)) < 0.15
    table.loc[lower, "lemma"] = table.loc[lower, "lemma"].str.lower()
    upper = (rng.random(len(table)) < 0.03) & (table["lemma"] == "Stadt")
    table.loc[upper, "lemma"] = "STADT"
    rund = rng.random(len(table)) < 0.02
    table.loc[rund, "lemma"] = "Rundschau"
    pair = np.flatnonzero(rng.random(len(table) - 1) < 0.04)
    pair = pair[table["doc_id"].to_numpy()[pair] == table["doc_id"].to_numpy()[pair + 1]]
    table.loc[pair, "lemma"] = "sozial"
    table.loc[pair + 1, "lemma"] = "Arbeit"
    docs = tok.docs.copy()
    docs["outlet"] = [OUTLETS[i % 3] for i in range(len(docs))]
    empty = docs["doc_id"].iloc[7]
    table.loc[table["doc_id"] == empty, "lemma"] = "2016"     # a number only: no term left
    return Tokens(table.reset_index(drop=True), docs)


@pytest.fixture(scope="module")
def varied() -> Tokens:
    return _varied()


@pytest.fixture(scope="module")
def folder(varied, tmp_path_factory) -> PartitionedTokens:
    path = write_tokens(varied, tmp_path_factory.mktemp("tokens") / "tokens", docs_per_file=10)
    lazy = framing.read_tokens(path)
    assert isinstance(lazy, PartitionedTokens) and len(lazy.parts) == 4
    return lazy


SETTINGS = [{"min_df": 2}, {"bigrams": True, "bigram_min_count": 3, "bigram_threshold": 0.6, "max_df": 1.0},
            {"lowercase": True, "max_terms": 25, "min_count": 3}, {"lowercase": False, "max_df": 0.4}]


@pytest.mark.parametrize("settings", SETTINGS)
def test_terms_fit_part_by_part_equals_the_fit_in_memory(varied, folder, settings) -> None:
    one, parts = Terms(**settings), Terms(**settings)
    want, got = one.fit_transform(varied), parts.fit_transform(folder)
    assert not folder.loaded
    assert isinstance(got, StreamedDocumentTerms)
    d1, d2 = one.dictionary_, parts.dictionary_
    assert d2.token2id == d1.token2id and d2.dfs == d1.dfs and d2.cfs == d1.cfs
    assert (d2.num_docs, d2.num_pos, d2.num_nnz) == (d1.num_docs, d1.num_pos, d1.num_nnz)
    assert parts.case_map_ == one.case_map_
    if settings.get("lowercase", "merge") == "merge":
        assert one.case_map_["stadt"] == "Stadt"              # the most frequent spelling
    if settings.get("bigrams"):
        assert parts.phraser_.phrasegrams == one.phraser_.phrasegrams
        assert "sozial_Arbeit" in d1.token2id
    else:
        assert parts.phraser_ is None and one.phraser_ is None
    assert "Rundschau" not in d1.token2id                     # an outlet's word, from the parts' documents
    assert got.doc_ids == want.doc_ids and len(got) == len(want) == 36
    assert list(got.texts) == want.texts and list(got.bow) == want.bow
    assert got.lengths.tolist() == want.lengths.tolist() and want.lengths[7] == 0
    assert got.strings() == want.strings()
    assert (got.matrix() != want.matrix()).nnz == 0


def test_transform_subset_and_pickle_of_streamed_terms(varied, folder) -> None:
    one, parts = Terms(min_df=2), Terms(min_df=2)
    one.fit(varied)
    parts.fit(folder)
    want, got = one.transform(varied), parts.transform(folder)
    assert isinstance(got, StreamedDocumentTerms)
    assert list(got.bow) == want.bow and got.doc_ids == want.doc_ids
    picks = [0, 5, 11, 12, 30]
    sub = got.subset(picks)
    assert isinstance(sub, StreamedDocumentTerms)
    assert list(sub.texts) == want.subset(picks).texts and sub.bow[1:3] == want.bow[5:12:6]
    back = pickle.loads(pickle.dumps(sub))                  # saved models hold the terms in memory
    assert type(back) is DocumentTerms and back.bow == want.subset(picks).bow
    assert got.subset([3, 1]).texts == want.subset([3, 1]).texts   # any order: materialized


@pytest.mark.parametrize("settings", [{}, {"seed_topics": {"Chance": ["Chance", "Leerstand"]}}])
def test_lda_on_a_tokens_folder_equals_the_fit_in_memory(varied, folder, settings) -> None:
    """Single process, same random_state: gensim sees the same documents in the same chunks, so
    every number is the same float (compared exactly, not to a tolerance)."""
    kw = dict(n_topics=3, passes=3, random_state=4, progress=False, terms={"min_df": 2}, **settings)
    with pytest.warns(UserWarning, match="no selected terms"):
        one = framing.TopicModel(engine="lda", **kw).fit(varied)
    with pytest.warns(UserWarning, match="no selected terms"):
        lazy = framing.TopicModel(engine="lda", **kw).fit(folder)
    assert not folder.loaded
    assert isinstance(lazy.documents_, StreamedDocumentTerms)
    pd.testing.assert_frame_equal(lazy.topics_, one.topics_, check_exact=True)
    pd.testing.assert_frame_equal(lazy.doc_topics_, one.doc_topics_, check_exact=True)
    pd.testing.assert_frame_equal(lazy.coherence_, one.coherence_, check_exact=True)
    assert lazy.empty_docs_ == one.empty_docs_ == [varied.docs["doc_id"].iloc[7]]
    assert np.isfinite(one.coherence_.to_numpy()).all()
    pd.testing.assert_frame_equal(lazy.transform(folder), one.transform(varied), check_exact=True)
    assert lazy.perplexity() == one.perplexity()


def test_bertopic_on_a_tokens_folder_equals_the_fit_in_memory(varied, folder) -> None:
    """BERTopic needs every document's terms (and embeddings) at once: they are built from the
    parts (the token table is never whole in memory) and give the same topics."""
    kw = dict(random_state=3, progress=False, terms={"min_df": 2}, n_topics=3, cluster="kmeans")
    with pytest.warns(UserWarning, match="no selected terms"):
        one = framing.TopicModel(engine="bertopic", **kw).fit(varied)
    with pytest.warns(UserWarning, match="no selected terms"):
        lazy = framing.TopicModel(engine="bertopic", **kw).fit(folder)
    assert not folder.loaded
    pd.testing.assert_frame_equal(lazy.topics_, one.topics_)
    pd.testing.assert_frame_equal(lazy.doc_topics_, one.doc_topics_)
    assert lazy.labels_.tolist() == one.labels_.tolist() and lazy.labels_.nunique() == 3


def test_document_texts_of_a_folder_equal_those_of_the_table(varied, folder) -> None:
    from framing.topics.embedding import document_texts

    ids = varied.docs["doc_id"].tolist()[::-1]
    assert document_texts(folder, ids) == document_texts(varied, ids)
    assert not folder.loaded


def test_a_folder_whose_terms_are_all_pruned_is_an_error_as_in_memory(varied, folder) -> None:
    from framing.errors import InputError

    for source in (varied, folder):
        with pytest.raises(InputError, match="no term passes min_count=1 / min_df=100"):
            Terms(min_df=100).fit_transform(source)
    assert not folder.loaded


def test_client_needs_tokens_not_document_terms(varied) -> None:
    from framing.errors import ParameterError

    dt = Terms(min_df=2).fit_transform(varied)
    with pytest.raises(ParameterError, match="client= selects terms from Tokens"):
        framing.TopicModel(engine="lda", n_topics=2, progress=False).fit(dt, client=object())
