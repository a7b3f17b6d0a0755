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
        assert fast.analyze(w) == orig.analyze(w), w  # the lemma (makelemma)
        assert fast.tag_word(w) == orig.tag_word(w), w
        # the same bits: numpy's float64 sums come back as Python floats
        assert [(t, float(p).hex()) for t, p in got] == [(t, float(p).hex()) for t, p in expected], w
        assert all(type(p) is float or p == 0 for _, p in got), w


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


#: word families in sorted order: each expansion starts from the rows of the word before it
#: (common first letters); a word that is a prefix of the one before, words of 3 and 4 letters
FAMILIES = ("abab abc abcd abcde abcdef flücht flüchtling flüchtlinge flüchtlingen flüchtlings "
            "flüchtlingsheim flüchtlingsheime flüchtlingsunterkunft flüchtlingsunterkünfte "
            "flüchtlingsunterkünften flüchtling haus hausen häuser stadt stadtrat stadträte "
            "stadtratssitzung stadtratssitzungen stadt").split()


@pytest.mark.parametrize("order", ["sorted", "reversed", "as listed"])
def test_rows_reused_from_the_word_before(pair, order):
    """Starting from the previous word's rows (Morphology._resume_rows) gives HanTa's results
    whatever the order of the words (a fresh analyser, so nothing is answered from its caches)."""
    orig, _ = pair
    cls = HanTa.HanoverTagger
    words = {"sorted": sorted(FAMILIES), "reversed": sorted(FAMILIES, reverse=True),
             "as listed": list(FAMILIES)}[order]
    m = Morphology(orig)  # reads the model's tables; installs nothing on it
    for w in words:
        expected = cls.analyze_forward(orig, w)
        m._forward.clear()
        assert m.analyze_forward(w) == expected, w
    for w in words:
        for pos, _ in cls.analyze_forward(orig, w)[:2]:
            m._viterbi.clear()
            assert m.analyze_viterbi(w, -pos) == cls.analyze_viterbi(orig, w, -pos), (w, pos)


def test_rows_reused_on_real_text_in_sorted_order(pair, shared_data):
    orig, _ = pair
    cls = HanTa.HanoverTagger
    gsd = shared_data / "ud_german_gsd" / "de_gsd-ud-dev.conllu"
    text = " ".join(line[9:] for line in gsd.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# text = "))
    words = sorted({w.lower() for w in re.findall(r"\w+", text)})
    m = Morphology(orig)
    for w in words[1000:1400]:
        assert m.analyze_forward(w) == cls.analyze_forward(orig, w), w


def test_makelemma_same_as_hanta(pair):
    """framing's makelemma (the longest rule per part of speech computed once) gives HanTa's
    lemma for every part of speech and stems of every length, the empty one included."""
    orig, fast = pair
    cls = HanTa.HanoverTagger
    stems = ["", "a", "ab", "geh", "flüchtling", "unterkünft", "sozial", "schnell", "gegangen"]
    tags = sorted(orig.tag2int)
    for pos in tags:
        for stem in stems:
            try:
                expected = cls.makelemma(orig, [stem], pos)
            except IndexError:  # HanTa capitalises lemma[0]: an empty stem fails there too
                with pytest.raises(IndexError):
                    fast.makelemma([stem], pos)
                continue
            assert fast.makelemma([stem], pos) == expected, (stem, pos)
    assert fast.makelemma(["flücht", "ling"], "NN") == cls.makelemma(orig, ["flücht", "ling"], "NN")


def test_rows_from_any_earlier_word_and_a_full_store(pair, monkeypatch):
    """The forward program resumes from the rows of any earlier word with the same first
    letters (not only the last one), also right after the bounded store was emptied."""
    from framing.nlp import morphology

    orig, _ = pair
    cls = HanTa.HanoverTagger
    words = ["flüchtlingsunterkunft", "haus", "stadtratssitzung", "flüchtlingsheim", "häuser",
             "stadtrat", "flüchtlinge", "hausen", "stadtratssitzungen", "flüchtlingsunterkünften"]
    for size in (morphology._ROW_CACHE_SIZE, 30):  # 30 rows: emptied every few words
        monkeypatch.setattr(morphology, "_ROW_CACHE_SIZE", size)
        m = Morphology(orig)
        for w in words + words[::-1]:
            m._forward.clear()
            assert m.analyze_forward(w) == cls.analyze_forward(orig, w), (size, w)
            assert m._nrows <= size
