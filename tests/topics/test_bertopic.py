"""BERTopic behind the common interface, offline: structure, determinism, seeds, outliers, save/load,
and a quick, clear error for hub model names that are not on this machine."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import ModelNotFoundError
from framing.topics import BertopicTopicModel, TopicModel

pytest.importorskip("bertopic")


@pytest.fixture(scope="module")
def bt(toy_tokens) -> BertopicTopicModel:
    return framing.TopicModel(engine="bertopic", random_state=3, progress=False).fit(toy_tokens)


def test_bertopic_recovers_three_vocabularies(bt, vocabs) -> None:
    assert isinstance(bt, BertopicTopicModel) and bt.n_topics_ == 3
    table = pd.crosstab(bt.docs_["truth"].to_numpy(), bt.labels_.to_numpy())
    assert (table.max(axis=1) == 20).all()
    for terms in bt.topics_["terms"]:
        assert len({name for name, words in vocabs.items() if set(terms[:5]) <= set(words)}) == 1
    assert bt.doc_topics_.shape == (60, 3)
    assert bt.embeddings_.shape[0] == 60
    assert bt.min_cluster_size_ == 5                        # clip(60 / 50, 5, 100)
    assert bt.max_cluster_size_ == 30                       # no topic may hold more than half the corpus
    assert bt.coherence_overall_["c_npmi"] > 0.2


def test_bertopic_is_deterministic(toy_tokens, bt) -> None:
    again = BertopicTopicModel(random_state=3, progress=False).fit(toy_tokens)
    pd.testing.assert_frame_equal(again.topics_, bt.topics_)
    pd.testing.assert_frame_equal(again.doc_topics_, bt.doc_topics_)
    assert np.array_equal(again.labels_.to_numpy(), bt.labels_.to_numpy())


def test_bertopic_transform_and_assign(bt, make_toy) -> None:
    new = make_toy(n_per_topic=3, seed=11, prefix="n")
    theta = bt.transform(new)
    assert theta.shape == (9, 3) and list(theta.columns) == [0, 1, 2]
    truth = new.docs.set_index("doc_id")["truth"]
    mapping = pd.crosstab(bt.docs_["truth"].to_numpy(), bt.labels_.to_numpy()).idxmax(axis=1)
    assert (bt.predict(new).to_numpy() == truth.map(mapping).to_numpy()).all()
    assigned = bt.assign(new)
    assert assigned.shape == (9,) and set(assigned) <= {-1, 0, 1, 2}


def test_seed_topics_and_kmeans(toy_tokens, vocabs) -> None:
    seeds = {"Chance": ["Chance", "Leerstand", "Fachkraft"], "Alltag": ["Nachbarschaft", "Bürgerladen"]}
    m = BertopicTopicModel(n_topics=3, cluster="kmeans", seed_topics=seeds, random_state=0, progress=False,
                           coherence=None).fit(toy_tokens)
    assert m.n_topics_ == 3 and (m.labels_ >= 0).all()
    by_seed = m.topics_.set_index("seed")
    assert set(by_seed.loc["Chance", "terms"][:5]) <= set(vocabs["chance"])
    assert set(by_seed.loc["Alltag", "terms"][:5]) <= set(vocabs["alltag"])
    assert by_seed.loc["Chance", "label"] == "Chance"


def test_merge_reduce_and_outliers(toy_tokens) -> None:
    m = BertopicTopicModel(random_state=3, progress=False, coherence=None).fit(toy_tokens)
    m.merge_topics([0, 1])
    assert m.n_topics_ == 2 and m.doc_topics_.shape == (60, 2) and m.topics_["size"].sum() == 60
    m.reduce_outliers("c-tf-idf")
    assert (m.labels_ >= 0).all()
    m2 = BertopicTopicModel(n_topics=2, random_state=3, progress=False, coherence=None).fit(toy_tokens)
    assert m2.n_topics_ == 2


def test_save_and_load(bt, tmp_path, make_toy) -> None:
    loaded = TopicModel.load(bt.save(tmp_path / "bt.pkl"))
    assert isinstance(loaded, BertopicTopicModel)
    pd.testing.assert_frame_equal(loaded.topics_, bt.topics_)
    new = make_toy(n_per_topic=2, seed=5, prefix="n")
    pd.testing.assert_frame_equal(loaded.transform(new), bt.transform(new))


def test_hub_model_name_fails_fast_offline(toy_tokens) -> None:
    t0 = time.perf_counter()
    with pytest.raises(ModelNotFoundError) as err:
        BertopicTopicModel(embedding_model="paraphrase-multilingual-MiniLM-L12-v2", progress=False).fit(toy_tokens)
    assert time.perf_counter() - t0 < 10
    msg = str(err.value)
    assert "paraphrase-multilingual-MiniLM-L12-v2" in msg and ".save(" in msg and "folder" in msg
    with pytest.raises(ModelNotFoundError, match="no such model folder"):
        BertopicTopicModel(embedding_model="./models/missing", progress=False).fit(toy_tokens)


def test_local_sentence_transformer_folder(toy_tokens, vocabs, tmp_path) -> None:
    """A sentence-transformers model saved in a folder is loaded offline and reads running text."""
    st = pytest.importorskip("sentence_transformers")
    tokenizers = pytest.importorskip("tokenizers")
    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # older sentence-transformers
        from sentence_transformers.models import StaticEmbedding

    words = sorted({w for v in vocabs.values() for w in v} | {"Stadt", "Flüchtling", "Rat", "Jahr", "Mensch"})
    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate(words)}}
    tok = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    weights = np.random.default_rng(0).normal(size=(len(vocab), 16)).astype("float32")
    st.SentenceTransformer(modules=[StaticEmbedding(tok, embedding_weights=weights)]).save(str(tmp_path / "tiny"))
    m = BertopicTopicModel(embedding_model=str(tmp_path / "tiny"), random_state=0, progress=False,
                           coherence=None).fit(toy_tokens)
    assert m._embed_mode() == "text" and m.embeddings_.shape == (60, 16)
    assert m.n_topics_ >= 2
