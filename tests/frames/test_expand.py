"""Lexicon expansion: candidates by co-occurrence with the frame's hits (exact shared counts) and
by seeded Word2Vec (deterministic); terms the frame already matches never come back."""
from __future__ import annotations

import pandas as pd
import pytest

from framing import InputError
from framing.corpus.corpus import Corpus
from framing.frames.expand import expand_frame
from framing.nlp.annotate import annotate

TEXTS = {
    "a": "Der Leerstand ist eine Chance. Die Chancen der Stadt wachsen mit dem Leerstand.",
    "b": "Der Leerstand bleibt. Eine große Chance für die Stadt.",
    "c": "Der Baum steht im Park. Der Baum ist alt. Im Park spielen Kinder.",
}
CB = {"chance": ["Chance"]}


@pytest.fixture(scope="module")
def ex_tokens():
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values())})
    return annotate(Corpus(docs), progress=False, cache=False)


def test_cooccurrence_candidates(ex_tokens):
    out = expand_frame(ex_tokens, CB, "chance", top_n=50, min_count=1)
    assert out.attrs["n_hits"] == 3                     # Chance, Chancen, Chance
    c = out.set_index("term")
    assert "Chance" not in c.index                      # the frame's own term is the marker
    assert c.loc["Leerstand", "shared"] == 2            # two sentences share Leerstand and Chance
    assert c.loc["Stadt", "shared"] == 2
    assert c.loc["Leerstand", "count"] == 3
    assert "Baum" not in c.index and "Park" not in c.index    # never with the frame
    assert list(out["score"]) == sorted(out["score"], reverse=True)
    assert (expand_frame(ex_tokens, CB, "chance", min_count=3)["count"] >= 3).all()


def test_word2vec_is_deterministic(ex_tokens):
    pytest.importorskip("gensim")
    a = expand_frame(ex_tokens, CB, "chance", method="word2vec", top_n=5, min_count=1, random_state=3, epochs=5)
    b = expand_frame(ex_tokens, CB, "chance", method="word2vec", top_n=5, min_count=1, random_state=3, epochs=5)
    assert len(a) == 5 and list(a["term"]) == list(b["term"]) and list(a["score"]) == list(b["score"])
    assert "Chance" not in set(a["term"]) and not any(t.startswith("⟨") for t in a["term"])


def test_errors(ex_tokens):
    with pytest.raises(InputError, match="no frame"):
        expand_frame(ex_tokens, CB, "nope")
    with pytest.raises(InputError, match="method"):
        expand_frame(ex_tokens, CB, "chance", method="bert")
    empty = expand_frame(ex_tokens, {"x": ["Zeppelin"]}, "x")
    assert empty.empty and empty.attrs["n_hits"] == 0
