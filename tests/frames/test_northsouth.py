"""north_south on hand-written sentences: compass and district mentions, problem context by
sentence and by window, the mention not its own context, evidence and exact counts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing import InputError
from framing.corpus.corpus import Corpus
from framing.frames.northsouth import north_south, shipped_districts
from framing.nlp.annotate import annotate

TEXTS = {
    # 3 mentions (Norden, Karnap, Süden): Norden and Karnap share a sentence with Belastung/Brennpunkt
    "n1": "Im Norden der Stadt ist die Belastung hoch. Karnap gilt als Brennpunkt. Der Süden feiert ein Fest.",
    # the Nord-Süd-Gefälle is a problem term itself: alone in its sentence it is no problem context
    "n2": "Das Nord-Süd-Gefälle ist bekannt. Im Süden gibt es Überforderung.",
    # neutral use
    "s1": "Im Norden von Altena liegt Evingsen. Dort gibt es einen schönen Wald.",
    "s2": "Der Bürgerladen lädt ein.",
    # "Horst" is a district of Essen, but here a first name; "Werden" is a verb
    "n3": "Horst Seehofer besucht die Stadt. Werden die Probleme kleiner?",
    # no place: default districts are not counted (their city is unknown)
    "x1": "In Karnap ist die Belastung hoch.",
}
PLACES = {"n1": "Essen", "n2": "Essen", "s1": "Altena", "s2": "Altena", "n3": "Essen", "x1": None}


@pytest.fixture(scope="module")
def ns_tokens():
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "place": [PLACES[d] for d in TEXTS]})
    return annotate(Corpus(docs), progress=False, cache=False)


def test_sentence_context_counts(ns_tokens):
    r = north_south(ns_tokens, "integration_modes", by="place")
    t = r.table.set_index("place")
    ev = r.evidence
    n1 = ev[ev.doc_id == "n1"].sort_values("token_start")
    assert list(n1["match"]) == ["Norden", "Karnap", "Süden"]
    assert list(n1["kind"]) == ["compass", "district", "compass"]
    assert list(n1["problem_context"]) == [True, True, False]
    assert list(n1["problem_terms"]) == ["Belastung", "Brennpunkt", ""]
    n2 = ev[ev.doc_id == "n2"].sort_values("token_start")
    assert list(n2["match"]) == ["Nord-Süd-Gefälle", "Süden"]
    assert list(n2["problem_context"]) == [False, True]
    assert t.loc["Essen", "n_mentions"] == 5 and t.loc["Essen", "n_problem"] == 3
    assert t.loc["Essen", "share"] == pytest.approx(0.6)
    assert t.loc["Essen", "n_district"] == 1 and t.loc["Essen", "district_problem"] == 1
    assert t.loc["Essen", "n_compass"] == 4 and t.loc["Essen", "compass_problem"] == 2
    # two documents with mentions: too few to resample, no interval (MIN_DOCS_WITH_HITS)
    assert np.isnan(t.loc["Essen", "share_low"]) and np.isnan(t.loc["Essen", "share_high"])
    assert np.isnan(t.loc["Essen", "problem_per_1k_low"])
    # Altena: Norden and the district Evingsen, both neutral
    assert t.loc["Altena", "n_mentions"] == 2 and t.loc["Altena", "n_problem"] == 0
    assert t.loc["Altena", "share"] == 0.0 and t.loc["Altena", "n_docs"] == 2
    assert ev[ev.doc_id.isin(["n3", "x1"])].empty
    assert "x1" in set(north_south(ns_tokens, by=None, districts=["Karnap"]).evidence["doc_id"])


def test_window_and_explicit_districts(ns_tokens):
    # a window of 2 tokens: "Norden der Stadt ist die Belastung" is 5 tokens away -> not in context
    r = north_south(ns_tokens, by="doc_id", window=2, districts=[])
    ev = r.evidence
    assert set(ev["kind"]) == {"compass"}                       # no districts asked for
    n1 = ev[ev.doc_id == "n1"].sort_values("token_start")
    assert list(n1["match"]) == ["Norden", "Süden"]
    assert list(n1["problem_context"]) == [False, False]
    # a wide window crosses sentences within the document
    wide = north_south(ns_tokens, by="doc_id", window=30, districts=[])
    assert wide.evidence[wide.evidence.doc_id == "n1"]["problem_context"].all()
    assert wide.table.set_index("doc_id").loc["s1", "n_problem"] == 0
    only = north_south(ns_tokens, by=None, districts=["Karnap"], compass=[])
    assert list(only.evidence["match"]) == ["Karnap", "Karnap"] and only.table["n_problem"].iloc[0] == 2


def test_shipped_districts_and_errors(ns_tokens):
    essen = shipped_districts(["Essen"])
    assert {"Karnap", "Altenessen", "Hörsterfeld"} <= set(essen) and "Evingsen" not in essen
    with pytest.raises(InputError, match="no frame"):
        north_south(ns_tokens, frame="nope")
    with pytest.raises(InputError, match="window"):
        north_south(ns_tokens, window=-1)
    with pytest.raises(InputError, match="Tokens"):
        north_south("text")


def test_no_mentions_and_no_problem_terms(ns_tokens):
    r = north_south(ns_tokens, by="place", compass=["Zeppelin"], districts=[])
    assert r.evidence.empty and (r.table["n_mentions"] == 0).all() and r.table["share"].isna().all()
    q = north_south(ns_tokens, {"problematisation": ["Zeppelin"]}, by=None, districts=[])
    assert q.table["n_mentions"].iloc[0] == 5 and q.table["n_problem"].iloc[0] == 0


def test_bootstrap_in_blocks_gives_the_same_intervals(demo_tokens, monkeypatch):
    """Bootstrap draws are made in blocks of replicates (memory flat in the documents of a unit):
    frames, north/south and othering intervals equal the one-block result exactly."""
    import numpy as np

    import framing
    from framing.matching import layout

    def tables():
        return (framing.score_frames(demo_tokens, "integration_modes", by="place", n_boot=300).table,
                north_south(demo_tokens, by="place", n_boot=300).table,
                framing.OtheringScorer(ci="bootstrap", n_boot=300).score(demo_tokens, by="place").table)

    want = tables()
    assert layout.boot_blocks(300, 60) == [(0, 300)]
    monkeypatch.setattr(layout, "BOOT_BLOCK", 50)      # 2 replicates per block for ~50 documents
    assert layout.boot_blocks(5, 30) == [(0, 2), (2, 4), (4, 5)]
    got = tables()
    assert np.isfinite(want[0]["problematisation_share_low"]).any()
    for g, w in zip(got, want):
        pd.testing.assert_frame_equal(g, w, check_exact=True)


def test_tokens_without_pos_tags(ns_tokens):
    """The fast profile tags no POS (upos is NA): every district name is then taken as a name
    (the person "Horst" and the verb "Werden" of n3 too); this used to raise "boolean value of NA
    is ambiguous" (framing analyze with profile="fast")."""
    docs = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "place": [PLACES[d] for d in TEXTS]})
    fast = annotate(Corpus(docs), progress=False, cache=False, profile="fast")
    assert fast.table["upos"].isna().all()
    r = north_south(fast, "integration_modes", by="place")
    districts = r.evidence[r.evidence["kind"] == "district"]
    assert list(zip(districts["doc_id"], districts["match"])) == [
        ("n1", "Karnap"), ("s1", "Evingsen"), ("n3", "Horst"), ("n3", "Werden")]
    t = r.table.set_index("place")
    assert t.loc["Essen", "n_district"] == 3 and t.loc["Essen", "district_problem"] == 2
    assert t.loc["Altena", "n_mentions"] == 2
