"""framing's HanTa morphology (framing.nlp.morphology) gives HanTa's own results, bit for bit."""
from __future__ import annotations

import random
import re

import pytest

HanTa = pytest.importorskip("HanTa.HanoverTagger")

from framing.nlp.morphology import Morphology, shared_hanta  # noqa: E402

WORDS = ("Flüchtlingsunterkünften Asylbewerberheim Integrationskurse Bürgermeisterin anderen "
         "Sozialwohnungen Nord-Süd-Gefälle Willkommenskultur aufgenommen hilft Geflüchtete "
         "Hörsterfelder Leerstandsquote verunsichert zusammengearbeitet kommunalpolitischen "
         "Stadtratssitzung Ausländerbehörde xyzq Ab ja ok e Qualitätssicherungsmaßnahmen "
         "Unterbringungskapazitäten Oberbürgermeisterwahl Wohnungslosenhilfe Ehrenamtlichen").split()


@pytest.fixture(scope="module")
def pair():
    orig = HanTa.HanoverTagger("morphmodel_ger.pgz")
    fast = HanTa.HanoverTagger("morphmodel_ger.pgz")
    return orig, Morphology(fast).install()


def _check(orig, fast, words):
    cls = HanTa.HanoverTagger
    m = fast.framing_morphology
    for w in words:
        low = w.lower()
        expected = cls.analyze_forward(orig, low)
        got = m.analyze_forward(low)
        assert got == expected, w
        assert m.analyze_forward(low) == expected  # cached
        for pos, _ in expected[:3]:
            assert m.analyze_viterbi(low, -pos) == cls.analyze_viterbi(orig, low, -pos), (w, pos)
        assert fast.analyze(w, taglevel=3) == orig.analyze(w, taglevel=3), w
        assert fast.tag_word(w) == orig.tag_word(w), w


def test_same_results_as_hanta(pair):
    _check(*pair, WORDS)


def test_same_results_on_real_text(pair, shared_data):
    gsd = shared_data / "ud_german_gsd" / "de_gsd-ud-dev.conllu"
    text = " ".join(line[9:] for line in gsd.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# text = "))
    words = sorted(set(re.findall(r"\w+", text)))
    random.Random(1).shuffle(words)
    _check(*pair, words[:400])


def test_tag_sent_unchanged(pair):
    orig, fast = pair
    sent = "Die Stadt hat 2016 rund 3.000 Flüchtlinge in Notunterkünften untergebracht .".split()
    assert fast.tag_sent(sent) == orig.tag_sent(sent)


def test_shared_model_is_one_instance():
    from framing.nlp import compounds
    from framing.nlp.backends.offline import shared_tagger

    assert shared_tagger()._t is shared_hanta() is compounds._hanta()
    assert shared_hanta().framing_morphology.t is shared_hanta()
