"""Othering vs. linguistic recognition in the demo corpus: by town (press) and by party (speeches).

    python examples/othering_by_town.py            # writes out/othering/*.csv and *.png

The demo corpus is constructed (corpora/demo/README.md): the results show that the pipeline
recovers the designed patterns, they say nothing about the real places.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import framing
from framing.othering import OtheringScorer

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "out" / "othering"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = framing.read(REPO / "corpora" / "demo", progress=False)
    tokens = framing.annotate(corpus.unique(), progress=False)
    docs = tokens.docs

    # places="auto": demonyms from the place metadata (Essener, Altenaer, Hörsterfelder, Karnaper, ...)
    scorer = OtheringScorer()
    cols = ["n_docs", "othering", "recognition", "othering_index", "ci_low", "ci_high", "othering_per_1k",
            "recognition_per_1k"]

    # 1. press texts by town
    press = tokens.filter_docs(docs.loc[docs["genre"] != "speech", "doc_id"])
    by_town = scorer.score(press, by="place")
    print("Press texts by place\n" + by_town.table[["place", *cols]].round(3).to_string(index=False))
    by_town.to_csv(OUT / "press_by_place.csv", OUT / "press_by_place_evidence.csv")
    by_town.plot(path=OUT / "press_by_place.png", title="Press: othering index by place")

    # 2. the same by genre within each town (letters and commentaries carry most othering)
    by_genre = scorer.score(press, by=["place", "genre"])
    print("\nPress texts by place and genre\n"
          + by_genre.table[["place", "genre", *cols[:6]]].round(3).to_string(index=False))

    # 3. speeches by party and by speaker
    speeches = tokens.filter_docs(docs.loc[docs["genre"] == "speech", "doc_id"])
    by_party = scorer.score(speeches, by="party")
    print("\nSpeeches by party\n" + by_party.table[["party", *cols]].round(3).to_string(index=False))
    by_party.to_csv(OUT / "speeches_by_party.csv", OUT / "speeches_by_party_evidence.csv")
    by_party.plot(path=OUT / "speeches_by_party.png", title="Speeches: othering index by party")
    by_speaker = scorer.score(speeches, by=["outlet", "party", "speaker"])
    by_speaker.table.to_csv(OUT / "speeches_by_speaker.csv", index=False)
    by_speaker.plot(path=OUT / "speeches_by_speaker.png", title="Speeches: othering index by speaker")

    # 4. every count is traceable: the evidence of the AfD speeches, counted matches only
    ev = by_party.evidence
    afd = ev[(ev["unit"] == "AfD") & ev["counted"]]
    print("\nEvidence (AfD, counted):\n"
          + afd[["doc_id", "category", "left", "match", "right"]].to_string(index=False, max_colwidth=60))
    print(f"\nwrote {OUT}/")


if __name__ == "__main__":
    main()
