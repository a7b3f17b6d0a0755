"""Topics and frames in the demo corpus: LDA topics, their shares by town, and ANTMN frames.

    python examples/topic_frames.py            # writes out/topic_frames/

Steps: read the shipped demo corpus (three places, 2015–2018) → annotate (lemmas, POS) → LDA with
12 topics over nouns, proper nouns and adjectives → topic shares per town and year → the topic
network (topics that occur in the same articles are linked) → its communities as candidate frames,
with each frame's share in each town. Everything is seeded, so a second run prints the same.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import pandas as pd

import framing
from framing.topics import write_outputs

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "out" / "topic_frames"


def main() -> None:
    warnings.simplefilter("ignore", UserWarning)
    try:
        corpus = framing.read(REPO / "corpora" / "demo", progress=False).unique()
    except Exception:  # a checkout without the dedup step
        corpus = framing.read(REPO / "corpora" / "demo", dedup=False, progress=False)
    tokens = framing.annotate(corpus, progress=False)
    print(tokens)

    # Seeded topics steer three topics towards the framing modes of the reference towns;
    # the other nine stay free.
    seeds = {
        "Chance (Inwertsetzung)": ["Chance", "Leerstand", "Fachkraft", "Ausbildung", "Betrieb"],
        "Problem (Problematisierung)": ["Norden", "Süden", "Verteilung", "Standort", "Belastung"],
        "Alltag (Veralltäglichung)": ["Bürgerladen", "Nachbar", "Nachbarschaft", "Fest", "Begegnung"],
    }
    model = framing.TopicModel(engine="lda", n_topics=12, passes=30, seed_topics=seeds,
                               random_state=1, progress=False).fit(tokens)
    pd.set_option("display.width", 160, "display.max_colwidth", 70)
    print("\nTopics (top terms, documents, mean share, NPMI coherence):")
    print(model.topics_[["topic", "label", "terms", "size", "share", "c_npmi"]].to_string(index=False))
    print("\nCoherence (mean over topics):", model.coherence_overall_.round(3).to_dict())

    print("\nTopic shares by place:")
    print(model.topics_by("place").round(2).to_string())

    G = model.topic_network(edge="cosine")          # ANTMN: cosine of topic proportions over articles
    frames = model.frames(by="place", graph=G)
    print("\nCandidate frames (communities of the topic network):")
    cols = ["frame", "topics", "top_terms", "share"] + [c for c in frames.columns if c.startswith("share_")]
    print(frames[cols].round(2).to_string(index=False))

    files = write_outputs(model, OUT, by="place", freq="year")
    print(f"\nwrote {len(files)} files to {OUT} (tables, plots, topic_network.gexf for Gephi)")


if __name__ == "__main__":
    main()
