"""Small Tokens sets with a known topic structure for the topic-model tests."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.nlp.tokens import Tokens

#: three clearly separated vocabularies (German nouns, as lemmas) and some shared words
VOCABS: dict[str, list[str]] = {
    "chance": ["Chance", "Leerstand", "Fachkraft", "Wandel", "Zukunft", "Arbeitsmarkt", "Ausbildung",
               "Wohnung", "Bevölkerung", "Handwerk", "Betrieb", "Demografie"],
    "problem": ["Brennpunkt", "Belastung", "Ghetto", "Kriminalität", "Polizei", "Überforderung",
                "Verteilung", "Sorge", "Beschwerde", "Konflikt", "Müll", "Lärm"],
    "alltag": ["Nachbarschaft", "Bürgerladen", "Begegnung", "Fest", "Kaffee", "Sprachkurs", "Verein",
               "Ehrenamt", "Garten", "Spielplatz", "Treffen", "Freundschaft"],
}
SHARED = ["Stadt", "Flüchtling", "Rat", "Jahr", "Mensch"]
PLACES = {"chance": "Altena", "problem": "Essen-Altenessen", "alltag": "Essen-Hörsterfeld"}


def make_tokens(n_per_topic: int = 20, length: int = 40, seed: int = 0, prefix: str = "d",
                with_pos: bool = True) -> Tokens:
    """``3 * n_per_topic`` documents, each drawn from one vocabulary (80 %) plus shared words."""
    rng = np.random.default_rng(seed)
    rows, docs = [], []
    n = 0
    for topic, words in VOCABS.items():
        for j in range(n_per_topic):
            doc_id = f"{prefix}{n:03d}"
            n += 1
            lemmas = [words[rng.integers(len(words))] if rng.random() < 0.8 else SHARED[rng.integers(len(SHARED))]
                      for _ in range(length)]
            for i, lemma in enumerate(lemmas):
                rows.append({"doc_id": doc_id, "sent_id": i // 10, "token_id": i, "text": lemma, "lemma": lemma,
                             "upos": "NOUN" if with_pos else None, "xpos": "NN" if with_pos else None,
                             "is_stop": False, "is_punct": False})
            year = 2015 + (j % 4)
            docs.append({"doc_id": doc_id, "place": PLACES[topic], "outlet": "Zeitung",
                         "date": pd.Timestamp(year=year, month=1 + (j % 12), day=1), "truth": topic})
    return Tokens(pd.DataFrame(rows), pd.DataFrame(docs))


@pytest.fixture(scope="session")
def toy_tokens() -> Tokens:
    return make_tokens()


@pytest.fixture(scope="session")
def make_toy():
    """The generator itself, for tests that need other sizes or new documents."""
    return make_tokens


@pytest.fixture(scope="session")
def vocabs() -> dict[str, list[str]]:
    return VOCABS


@pytest.fixture(scope="session")
def shared_data_root():
    """``../shared`` beside the checkout (schemas, reference data); may be absent in a fresh clone."""
    from pathlib import Path

    return Path(__file__).resolve().parents[2].parent / "shared"
