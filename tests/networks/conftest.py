"""Helpers for the co-occurrence tests: tiny hand-made token tables and the GEXF schema."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.nlp.tokens import Tokens

REPO = Path(__file__).resolve().parents[2]
GEXF_RNG = REPO.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.rng"

PUNCT = {".", ",", "!", "?"}


def make_tokens(docs: dict[str, list[str]], stop: set[str] | frozenset[str] = frozenset(),
                meta: dict[str, dict] | None = None, upos: dict[str, str] | None = None,
                compounds: dict[str, str] | None = None) -> Tokens:
    """Tokens from ``{doc_id: [sentence, …]}``, each sentence space-separated tokens.

    Tokens in ``stop`` are stopwords, ".,!?" punctuation; positions run through the document.
    ``compounds`` maps a token to its "|"-joined parts (the head is the last part).
    """
    rows = []
    for doc_id, sentences in docs.items():
        position = 0
        for sent_id, sentence in enumerate(sentences):
            for word in sentence.split():
                parts = (compounds or {}).get(word)
                rows.append({"doc_id": doc_id, "sent_id": sent_id, "token_id": position, "text": word,
                             "lemma": word, "is_stop": word in stop, "is_punct": word in PUNCT,
                             "upos": (upos or {}).get(word, "PUNCT" if word in PUNCT else "NOUN"),
                             "compound_parts": parts, "compound_head": parts.split("|")[-1] if parts else None})
                position += 1
    table = pd.DataFrame(rows, columns=["doc_id", "sent_id", "token_id", "text", "lemma", "is_stop",
                                        "is_punct", "upos", "compound_parts", "compound_head"])
    doc_rows = [{"doc_id": d, **((meta or {}).get(d, {}))} for d in docs]
    return Tokens(table, pd.DataFrame(doc_rows))


@pytest.fixture
def gexf_schema() -> Path:
    """The official GEXF 1.3 RELAX NG schema beside the checkout; skips where absent."""
    if not GEXF_RNG.is_file():
        pytest.skip("../shared/schemas/gexf-1.3/gexf.rng is absent (a fresh clone has no reference data)")
    return GEXF_RNG


@pytest.fixture
def tokens_from():
    """The :func:`make_tokens` helper (a fixture, since test modules cannot import conftest)."""
    return make_tokens
