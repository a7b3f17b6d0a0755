"""Frames by town on the demo corpus: shares with intervals, the profile, evidence, keyness.

    PYTHONPATH=src python examples/frames_by_town.py
"""
from __future__ import annotations

from pathlib import Path

import framing

ROOT = Path(__file__).resolve().parents[1]
tokens = framing.annotate(framing.read(ROOT / "corpora/demo").unique())
result = framing.score_frames(tokens, "integration_modes", by="place")
print(result.profile("mode").to_string(index=False))
print(framing.compare_frames(result, "mode").to_string(index=False))
ev = result.evidence
print(ev[ev["frame"] == "problematisation"][["doc_id", "left", "match", "right"]].head(5).to_string(index=False))
print(framing.keyness(tokens, by="place", target="Altena").head(10)[["term", "freq_target", "g2", "log_ratio"]])
print(framing.kwic(tokens, "Flüchtling*", window=4)[["place", "left", "match", "right"]].head(5))
