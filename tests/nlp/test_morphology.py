"""framing's HanTa morphology (framing.nlp.morphology) gives HanTa's own results, bit for bit."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

HanTa = pytest.importorskip("HanTa.HanoverTagger")

from framing.nlp.compiled import kernel  # noqa: E402
from framing.nlp.morphology import Morphology, shared_hanta  # noqa: E402

#: the two implementations: pure Python (the reference) and the compiled kernel (_morphology.pyx)
MODES = ["pure", "compiled"]
DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


def _morphology(tagger, mode: str) -> Morphology:
    """A fresh Morphology for ``tagger`` in ``mode`` (skips the compiled mode where the kernel
    is not built, e.g. an install without a C compiler)."""
    if mode == "compiled" and kernel("_morphology") is None:
        pytest.skip("the compiled kernel framing.nlp._morphology is not built (or switched off)")
    m = Morphology(tagger, compiled=mode == "compiled")
    assert (m._kernel is not None) == (mode == "compiled")
    return m

WORDS = ("Flüchtlingsunterkünften Asylbewerberheim Integrationskurse Bürgermeisterin anderen "
         "Sozialwohnungen Nord-Süd-Gefälle Willkommenskultur aufgenommen hilft Geflüchtete "
         "Hörsterfelder Leerstandsquote verunsichert zusammengearbeitet kommunalpolitischen "
         "Stadtratssitzung Ausländerbehörde xyzq Ab ja ok e Qualitätssicherungsmaßnahmen "
         "Unterbringungskapazitäten Oberbürgermeisterwahl Wohnungslosenhilfe Ehrenamtlichen").split()


@pytest.fixture(scope="module")
def orig():
    return HanTa.HanoverTagger("morphmodel_ger.pgz")


@pytest.fixture(scope="module", params=MODES)
def pair(request, orig):
    fast = HanTa.HanoverTagger("morphmodel_ger.pgz")
    return orig, _morphology(fast, request.param).install()


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
        # framing's _tag_word and _analyze (installed on the instance) against HanTa's own
        for cutoff, cs, cond in ((5, True, True), (0, True, False), (5, False, False), (2.5, False, True)):
            assert fast._tag_word(w, cutoff, cs, cond) == cls._tag_word(orig, w, cutoff, cs, cond), (w, cutoff)
        for pos, _ in cls._tag_word(orig, w, 5)[:3]:
            for level in (0, 1, 2, 3):
                assert fast._analyze(w, pos, level) == cls._analyze(orig, w, pos, level), (w, pos, level)
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


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("order", ["sorted", "reversed", "as listed"])
def test_rows_reused_from_the_word_before(orig, order, mode):
    """Starting from the previous word's rows (Morphology._resume_rows) gives HanTa's results
    whatever the order of the words (a fresh analyser, so nothing is answered from its caches);
    the compiled kernel (which computes every row) too."""
    cls = HanTa.HanoverTagger
    words = {"sorted": sorted(FAMILIES), "reversed": sorted(FAMILIES, reverse=True),
             "as listed": list(FAMILIES)}[order]
    m = _morphology(orig, mode)  # reads the model's tables; installs nothing on it
    for w in words:
        expected = cls.analyze_forward(orig, w)
        m._forward.clear()
        assert m.analyze_forward(w) == expected, w
    for w in words:
        for pos, _ in cls.analyze_forward(orig, w)[:2]:
            m._viterbi.clear()
            assert m.analyze_viterbi(w, -pos) == cls.analyze_viterbi(orig, w, -pos), (w, pos)


@pytest.mark.parametrize("mode", MODES)
def test_rows_reused_on_real_text_in_sorted_order(orig, shared_data, mode):
    cls = HanTa.HanoverTagger
    gsd = shared_data / "ud_german_gsd" / "de_gsd-ud-dev.conllu"
    text = " ".join(line[9:] for line in gsd.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# text = "))
    words = sorted({w.lower() for w in re.findall(r"\w+", text)})
    m = _morphology(orig, mode)
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


def test_rows_from_any_earlier_word_and_a_full_store(orig, monkeypatch):
    """The forward program resumes from the rows of any earlier word with the same first
    letters (not only the last one), also right after the bounded store was emptied."""
    from framing.nlp import morphology

    cls = HanTa.HanoverTagger
    words = ["flüchtlingsunterkunft", "haus", "stadtratssitzung", "flüchtlingsheim", "häuser",
             "stadtrat", "flüchtlinge", "hausen", "stadtratssitzungen", "flüchtlingsunterkünften"]
    for size in (morphology._ROW_CACHE_SIZE, 30):  # 30 rows: emptied every few words
        monkeypatch.setattr(morphology, "_ROW_CACHE_SIZE", size)
        m = Morphology(orig, compiled=False)  # (the store of the pure-Python program)
        for w in words + words[::-1]:
            m._forward.clear()
            assert m.analyze_forward(w) == cls.analyze_forward(orig, w), (size, w)
            assert m._nrows <= size


# -- the compiled kernel (framing/nlp/_morphology.pyx) against the pure-Python reference -------
def _same(pure: Morphology, comp: Morphology, words, viterbi_pos: int = 3) -> int:
    """Both programs on every word: analyze_forward bit for bit, analyze_viterbi for the parts
    of speech HanTa would pick (the best ``viterbi_pos`` of analyze_forward). The number of
    words compared."""
    for w in words:
        expected = pure.analyze_forward(w)
        got = comp.analyze_forward(w)
        assert [(t, float(p).hex()) for t, p in got] == [(t, float(p).hex()) for t, p in expected], w
        assert [type(p) for _, p in got] == [type(p) for _, p in expected], w
        for pos, _ in expected[:viterbi_pos]:
            assert comp.analyze_viterbi(w, -pos) == pure.analyze_viterbi(w, -pos), (w, pos)
    return len(words)


def _pair(orig, strict: bool = False) -> tuple[Morphology, Morphology]:
    pure, comp = Morphology(orig, compiled=False), _morphology(orig, "compiled")
    pure.strict = comp.strict = strict  # the forward program's mode (the model's: non-strict)
    return pure, comp


def _demo_forms() -> list[str]:
    from framing.nlp.tokenizer import tokenize

    if not DEMO.is_dir():
        pytest.skip("corpora/demo is absent")
    forms: dict[str, None] = {}
    for path in sorted(DEMO.rglob("*.md")):
        forms.update(dict.fromkeys(t.lower() for t in tokenize(path.read_text(encoding="utf-8"))))
    return list(forms)


@pytest.mark.parametrize("strict", [False, True])
def test_compiled_same_as_pure_on_the_demo_corpus(orig, strict):
    """Every word form of the demo corpus (numbers, hyphens, punctuation and 1-3 letter forms
    included), in text order and again sorted, after the kernel's segment caches were emptied."""
    pure, comp = _pair(orig, strict)
    words = _demo_forms() + ["", "a", "ab", "abc", "x" * 40, "ärzte", "ku'damm", "z.b.", "½"]
    assert _same(pure, comp, words) > 3000
    comp._kernel.clear_caches()
    comp2 = _pair(orig, strict)[1]
    comp2._kernel = comp._kernel  # (a kernel with its caches emptied midway; pure answers from its cache)
    assert _same(pure, comp2, sorted(words))


def test_compiled_with_small_caches_and_odd_words(orig):
    """The kernel's bounded stores emptied every few words (tiny limits), and odd word forms:
    very long, letters outside the BMP, digits, a lone apostrophe."""
    pure, comp = _pair(orig)
    comp._kernel.set_limits(40, 8, 4)
    words = _demo_forms()[:600] + ["a" * 300, "x" * 25 + "ung", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "straße𝔘", "2016er",
                                   "'", "ab-", "ǅ", "ﬂüchtling"]
    assert _same(pure, comp, words, viterbi_pos=2)


def test_compiled_from_threads(orig):
    """Threads sharing one kernel get the pure-Python results (the kernel holds a lock)."""
    from concurrent.futures import ThreadPoolExecutor

    pure, comp = _pair(orig)
    words = _demo_forms()[:800]
    expected = {w: (pure.analyze_forward(w), pure.analyze_viterbi(w, -pure.analyze_forward(w)[0][0]))
                for w in words}

    def run(chunk):
        return {w: (comp.analyze_forward(w), comp.analyze_viterbi(w, -comp.analyze_forward(w)[0][0]))
                for w in chunk}

    got: dict = {}
    with ThreadPoolExecutor(4) as pool:
        for part in pool.map(run, [words[k::4] for k in range(4)]):
            got.update(part)
    assert got == expected


def test_compiled_same_as_pure_on_gnad(orig, shared_data):
    """All word forms of the 514 GNAD articles: analyze_forward (strict and not) and
    analyze_viterbi for the parts of speech HanTa picks."""
    import pandas as pd

    from framing.nlp.tokenizer import tokenize

    path = shared_data / "gnad-dev" / "articles.csv"
    texts = pd.read_csv(path, sep=";", quotechar="'", header=None, names=["label", "text"])["text"]
    forms = sorted({t.lower() for text in texts for t in tokenize(text)})
    assert _same(*_pair(orig), forms, viterbi_pos=2) > 30_000
    assert _same(*_pair(orig, strict=True), forms, viterbi_pos=1)


def test_pure_python_when_switched_off(orig, monkeypatch):
    """FRAMING_PURE_PYTHON=1 (or a kernel that is not built) runs the pure-Python programs, with
    the same results."""
    from framing.nlp import compiled

    monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
    assert kernel("_morphology") is None
    m = Morphology(orig)
    assert m._kernel is None
    monkeypatch.delenv("FRAMING_PURE_PYTHON")
    monkeypatch.setattr(compiled, "kernel", lambda name: None)  # not built
    m2 = Morphology(orig)
    assert m2._kernel is None
    cls = HanTa.HanoverTagger
    for w in ("flüchtlingsunterkünften", "haus", "ab"):
        assert m.analyze_forward(w) == m2.analyze_forward(w) == cls.analyze_forward(orig, w)


@pytest.mark.parametrize("mode", MODES)
def test_pickles(orig, mode):
    """A model with Morphology installed pickles as before (the kernel is made anew)."""
    import pickle

    m = _morphology(HanTa.HanoverTagger("morphmodel_ger.pgz"), mode)
    model = pickle.loads(pickle.dumps(m.install()))
    m2 = model.framing_morphology
    assert m2 is not m and (m2._kernel is not None) == (mode == "compiled")
    cls = HanTa.HanoverTagger
    for w in ("flüchtlingsunterkünften", "haus"):
        assert m2.analyze_forward(w) == cls.analyze_forward(orig, w)
        assert model.analyze(w.capitalize()) == orig.analyze(w.capitalize())


def test_compiled_logaddexp_is_numpys():
    """The kernel sums a part of speech's probabilities with numpy's npy_logaddexp written in C:
    the same bits as ``numpy.logaddexp`` (what the pure-Python program calls), ties, large
    gaps and infinities included."""
    import math

    import numpy as np

    if kernel("_morphology") is None:
        pytest.skip("the compiled kernel framing.nlp._morphology is not built (or switched off)")
    from framing.nlp._morphology import logaddexp_

    rng = np.random.default_rng(13)
    x = -rng.exponential(30, 200_000)
    y = x + rng.normal(0, rng.choice([1e-6, 0.01, 1, 10, 100, 1000], x.size))
    y[::7] = x[::7]
    pairs = list(zip(x.tolist(), y.tolist())) + [
        (-math.inf, -math.inf), (-math.inf, -5.0), (-5.0, -math.inf), (0.0, -0.0), (-1e6, -1e6)]
    got = [logaddexp_(a, b).hex() for a, b in pairs]
    assert got == [float(v).hex() for v in np.logaddexp(*np.array(pairs).T)]
    assert got[:1000] == [float(np.logaddexp(a, b)).hex() for a, b in pairs[:1000]]


@pytest.mark.parametrize("model", ["morphmodel_ger.pgz", "morphmodel_en.pgz"])
def test_load_tagger_has_hantas_reachability(model):
    """framing's loader computes HanTa's reachability sets by another search: the same sets in
    the same order, the same atomic classes, and an object that is a plain HanoverTagger."""
    from framing.nlp.morphology import load_tagger

    theirs = HanTa.HanoverTagger(model)
    ours = load_tagger(model)
    assert type(ours) is HanTa.HanoverTagger
    assert list(ours.reachability.items()) == list(theirs.reachability.items())
    assert ours.atomic_class == theirs.atomic_class
    assert ours.LP_trans_nonfinal == theirs.LP_trans_nonfinal


def test_reachability_on_a_hand_made_graph():
    # transitions 1→2, 2→-5, 3→3 (a loop), 3→-6, 4→2; keys are (previous, current) states
    trans = {(0, 1): {2: 0.0}, (0, 2): {-5: 0.0}, (0, 3): {3: 0.0, -6: 0.0}, (0, 4): {2: 0.0}}
    from framing.nlp.morphology import reachability

    got = reachability(trans, [1, 2, -5, 3, -6, 4, -7])
    assert got == {-5: frozenset({1, 2, 4}), -6: frozenset({3}), -7: frozenset()}
    assert list(got) == [-5, -6, -7]
    bare = HanTa.HanoverTagger.__new__(HanTa.HanoverTagger)  # HanTa's own search on the same graph
    bare.LP_trans, bare.int2tag = trans, dict.fromkeys([1, 2, -5, 3, -6, 4, -7], "")
    bare.reachable()
    assert bare.reachability == got


def test_tag_word_and_analyze_on_quotes_and_punctuation(pair):
    """HanTa's normalisation of quote marks ("''" → '"') and its atomic classes (punctuation)."""
    orig, fast = pair
    cls = HanTa.HanoverTagger
    for w in ("''", "``", "´", "'", '"', ",", ".", "(", "-", "§", "3", "1.000"):
        assert fast._tag_word(w, 5, True, True) == cls._tag_word(orig, w, 5, True, True), w
        for pos, _ in cls._tag_word(orig, w, 5):
            for level in (1, 3):
                assert fast._analyze(w, pos, level) == cls._analyze(orig, w, pos, level), (w, pos)
