"""Read the shipped demo corpus, look at the ingest report, and explore it with pandas.

    python examples/read_and_explore.py [CORPUS_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

import framing

source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "corpora" / "demo"

corpus = framing.read(source, progress=False)
print(corpus)
print(corpus.report.to_text(max_rows=10))

# Documents and words per town and year
print(corpus.summary(by=["place", "year"]))

# Press only (no speeches), one town, two years
press = corpus.filter(lambda d: d["genre"] != "speech")
altena = press.filter(place="Altena", year=[2016, 2017])
print(f"\nAltena press 2016–17: {len(altena)} documents")

# Which outlets carried which story more than once (near-duplicates are marked, not dropped)
docs = corpus.to_pandas()
carried = docs.loc[docs["carried_by"].str.len() > 1, ["doc_id", "title", "carried_by"]]
print(f"\nstories carried by more than one outlet: {len(carried)}")

# Which places are mentioned, beyond the metadata place?
mentions = docs.explode("places").groupby("place")["places"].value_counts().groupby(level=0).head(5)
print("\nmost-mentioned places per corpus place:\n", mentions.to_string())

# Save for later stages (framing annotate / network / topics)
out = Path("out")
out.mkdir(exist_ok=True)
corpus.to_parquet(out / "corpus.parquet")
print(f"\nsaved {out / 'corpus.parquet'}")
