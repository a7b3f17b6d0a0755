"""gensim LDA behind the common interface: structure recovery, determinism, transform, seeds, save/load."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import InputError
from framing.topics import LdaTopicModel, TopicModel


def _purity(model: TopicModel) -> float:
    table = pd.crosstab(model.docs_["truth"].to_numpy(), model.labels_.to_numpy())
    return float(table.max(axis=1).sum() / table.to_numpy().sum())


@pytest.fixture(scope="module")
def lda(toy_tokens) -> LdaTopicModel:
    return framing.TopicModel(engine="lda", n_topics=3, random_state=1, progress=False).fit(toy_tokens)


def test_topic_model_dispatches_on_engine() -> None:
    m = framing.TopicModel(engine="lda", n_topics=4)
    assert isinstance(m, LdaTopicModel) and isinstance(m, TopicModel)
    assert m.get_params()["n_topics"] == 4 and not m.is_fitted
    assert m.set_params(passes=3).passes == 3
    with pytest.raises(InputError, match=r"engine must be one of \[.bertopic., .lda.\], got"):
        framing.TopicModel(engine="nmf")
    with pytest.raises(TypeError, match="keyword"):
        framing.TopicModel("lda")


def test_lda_recovers_three_vocabularies(lda, vocabs) -> None:
    assert _purity(lda) == 1.0
    for terms in lda.topics_["terms"]:
        owners = {name for name, words in vocabs.items() if set(terms[:5]) <= set(words)}
        assert len(owners) == 1                     # each topic's top terms come from one vocabulary
    assert list(lda.topics_.columns[:7]) == ["topic", "label", "terms", "weights", "size", "share", "seed"]
    assert lda.doc_topics_.shape == (60, 3)
    assert np.allclose(lda.doc_topics_.sum(axis=1), 1.0)
    assert lda.topics_["size"].sum() == 60
    assert {"c_v", "c_npmi", "u_mass"} <= set(lda.topics_.columns)
    assert lda.coherence_overall_["c_npmi"] > 0.2


def test_lda_is_deterministic_for_a_random_state(toy_tokens, lda) -> None:
    again = LdaTopicModel(n_topics=3, random_state=1, progress=False).fit(toy_tokens)
    pd.testing.assert_frame_equal(again.topics_, lda.topics_)
    pd.testing.assert_frame_equal(again.doc_topics_, lda.doc_topics_)
    other = LdaTopicModel(n_topics=3, random_state=2, progress=False, coherence=None).fit(toy_tokens)
    assert not np.array_equal(other.doc_topics_.to_numpy(), lda.doc_topics_.to_numpy())


def test_transform_new_documents(lda, make_toy) -> None:
    new = make_toy(n_per_topic=4, seed=7, prefix="n")
    theta = lda.transform(new)
    assert theta.shape == (12, 3) and list(theta.index[:2]) == ["n000", "n001"]
    pred = lda.predict(new)
    truth = new.docs.set_index("doc_id")["truth"]
    mapping = pd.crosstab(lda.docs_["truth"].to_numpy(), lda.labels_.to_numpy()).idxmax(axis=1)
    assert (pred.to_numpy() == truth.map(mapping).to_numpy()).all()
    pd.testing.assert_frame_equal(lda.transform(new), theta)      # inference is re-seeded per call


def test_seed_topics_steer_lda(toy_tokens, vocabs) -> None:
    seeds = {"Chance": ["Chance", "Leerstand", "Fachkraft"], "Problem": ["Brennpunkt", "Ghetto"]}
    m = LdaTopicModel(n_topics=3, seed_topics=seeds, random_state=5, progress=False, coherence=None).fit(toy_tokens)
    assert m.topics_.loc[0, "seed"] == "Chance" and m.topics_.loc[0, "label"] == "Chance"
    assert m.topics_.loc[1, "seed"] == "Problem" and pd.isna(m.topics_.loc[2, "seed"])
    assert set(m.topics_.loc[0, "terms"][:6]) <= set(vocabs["chance"])
    assert set(m.topics_.loc[1, "terms"][:6]) <= set(vocabs["problem"])
    with pytest.warns(UserWarning, match="not in the vocabulary"):
        LdaTopicModel(n_topics=3, seed_topics=[["Chance", "Unsinnwort"]], progress=False,
                      coherence=None).fit(toy_tokens)


def test_save_and_load_round_trip(lda, tmp_path, make_toy) -> None:
    path = lda.save(tmp_path / "lda.pkl")
    loaded = TopicModel.load(path)
    assert isinstance(loaded, LdaTopicModel)
    pd.testing.assert_frame_equal(loaded.topics_, lda.topics_)
    new = make_toy(n_per_topic=2, seed=3, prefix="n")
    pd.testing.assert_frame_equal(loaded.transform(new), lda.transform(new))
    (tmp_path / "junk.pkl").write_bytes(b"not a pickle")
    with pytest.raises(InputError):
        TopicModel.load(tmp_path / "junk.pkl")


def test_perplexity_labels_and_empty_documents(lda, make_toy) -> None:
    assert 1.0 < lda.perplexity() < 1e4
    lda2 = LdaTopicModel(n_topics=3, random_state=1, progress=False, coherence=None)
    tok = make_toy(n_per_topic=5)
    table = tok.table.copy()
    table.loc[table["doc_id"] == "d000", "is_stop"] = True        # a document without terms
    from framing.nlp.tokens import Tokens

    with pytest.warns(UserWarning, match="no selected terms"):
        lda2.fit(Tokens(table, tok.docs))
    assert lda2.empty_docs_ == ["d000"] and "d000" not in lda2.doc_topics_.index
    lda2.set_labels({0: "Alpha"})
    assert lda2.topics_.loc[0, "label"] == "Alpha"
    assert lda2.top_terms(3).shape == (9, 5)


def test_multicore_runs(toy_tokens) -> None:
    m = LdaTopicModel(n_topics=3, n_process=2, passes=2, random_state=1, progress=False, coherence=None).fit(toy_tokens)
    assert m.doc_topics_.shape == (60, 3)
    with pytest.raises(InputError, match="alpha='auto'"):
        LdaTopicModel(n_topics=3, n_process=2, alpha="auto", progress=False).fit(toy_tokens)


def test_relevance_ranks_distinctive_terms_before_corpus_generic_ones() -> None:
    """Hand-checked: "Stadt" is the most probable term of both topics but no more likely in either
    than in the corpus; at λ = 0.6 the labels name the terms that set each topic apart."""
    from framing.topics.base import _relevance_table

    phi = np.array([[0.40, 0.35, 0.05, 0.20], [0.40, 0.05, 0.35, 0.20]])
    marginal = np.array([0.40, 0.20, 0.20, 0.20])
    vocab = ["Stadt", "Flüchtling", "Haushalt", "Rat"]
    table = _relevance_table(phi, marginal, vocab, [0, 1], n=4, lambda_=0.6)
    assert table.loc[table["topic"] == 0, "term"].tolist() == ["Flüchtling", "Stadt", "Rat", "Haushalt"]
    assert table.loc[table["topic"] == 1, "term"].tolist() == ["Haushalt", "Stadt", "Rat", "Flüchtling"]
    by_prob = _relevance_table(phi, marginal, vocab, [0, 1], n=1, lambda_=1.0)
    assert by_prob["term"].tolist() == ["Stadt", "Stadt"]


def test_fitted_labels_avoid_words_shared_by_all_topics(lda, vocabs) -> None:
    shared = {"Stadt", "Flüchtling", "Rat", "Mensch"}
    for label, distinctive in zip(lda.topics_["label"], lda.topics_["distinctive"]):
        assert label == " · ".join(distinctive[:3]) and not shared & set(label.split(" · "))
    rel = lda.relevant_terms(top_n=3)
    assert list(rel.columns) == ["topic", "rank", "term", "relevance", "probability", "lift"] and len(rel) == 9
    with pytest.raises(InputError):
        lda.relevant_terms(lambda_=2)


def test_auto_chunks_and_update_weights(lda) -> None:
    from framing.topics.lda import auto_chunksize, auto_offset

    assert [auto_chunksize(n) for n in (60, 514, 5000, 20_000, 50_000)] == [16, 52, 500, 2000, 2000]
    assert auto_offset(514, 52) == 10 and auto_offset(60, 16) == 4 and auto_offset(1000, 2000) == 1
    assert lda.chunksize_ == 16 and lda.offset_ == 4.0 and lda.model_.offset == 4.0
    with pytest.raises(InputError, match="chunksize"):
        LdaTopicModel(n_topics=2, chunksize="big", progress=False).fit(lda.documents_)
