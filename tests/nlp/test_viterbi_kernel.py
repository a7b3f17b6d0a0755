"""The compiled sentence tagger (framing.nlp._viterbi) against its Python reference.

``HanTaTagger._viterbi`` is the reference; the kernel must give the same tag numbers on every
sentence (same floats, same tie-breaking), and ``FRAMING_PURE_PYTHON=1`` or a missing kernel
must run the Python method. The random tables below are made to tie: few distinct log
probabilities, so equal totals, equal cut values and equal final scores are common.
"""
from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from framing.nlp import compiled
from framing.nlp.backends import offline
from framing.nlp.backends.offline import HanTaTagger, OfflineBackend
from framing.nlp.tokenizer import tokenize_text

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


def _need_kernel() -> Any:
    mod = compiled.kernel("_viterbi")
    if mod is None:
        pytest.skip("framing.nlp._viterbi is not built (or FRAMING_PURE_PYTHON is set)")
    return mod


@pytest.fixture(scope="module")
def backend() -> OfflineBackend:
    return OfflineBackend("full")


def _sentences(backend: OfflineBackend, texts: list[str]) -> list[list[str]]:
    """The tagger's input forms, sentence by sentence, as ``annotate`` makes them."""
    sents: list[list[str]] = []
    for text in texts:
        tt = tokenize_text(text)
        start = 0
        while start < len(tt.texts):
            end = start + 1
            while end < len(tt.texts) and tt.sent_ids[end] == tt.sent_ids[start]:
                end += 1
            sents.append([backend._input_form(t) for t in tt.texts[start:end]])
            start = end
    return sents


def _assert_same_tags(tagger: HanTaTagger, sents: list[list[str]]) -> None:
    _need_kernel()
    python = [tagger._viterbi(s) for s in sents]
    assert tagger._compiled() is not None
    one_by_one = [tagger.tag_ids(s) for s in sents]
    differ = [i for i, (a, b) in enumerate(zip(python, one_by_one)) if a != b]
    assert not differ, f"{len(differ)} of {len(sents)} sentences differ, first: {sents[differ[0]]}"
    words = [w for s in sents for w in s]
    ids = [i for i, s in enumerate(sents) for _ in s]
    assert tagger.tag_ids_sentences(words, ids) == [t for tags in python for t in tags]


def test_same_tags_on_every_sentence_of_the_demo_corpus(backend: OfflineBackend) -> None:
    if not DEMO.is_dir():
        pytest.skip("corpora/demo is absent")
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.rglob("*.md"))]
    sents = _sentences(backend, texts)
    assert len(sents) > 1000
    _assert_same_tags(backend.tagger, sents)


def test_same_tags_on_every_gnad_sentence(backend: OfflineBackend, shared_data: Path) -> None:
    df = pd.read_csv(shared_data / "gnad-dev" / "articles.csv", sep=";", quotechar="'", header=None,
                     names=["label", "text"])
    sents = _sentences(backend, df["text"].tolist())
    assert len(sents) > 10_000
    _assert_same_tags(backend.tagger, sents)


def test_same_tags_on_ud_gsd_dev(backend: OfflineBackend, shared_data: Path) -> None:
    sents: list[list[str]] = []
    cur: list[str] = []
    gsd = shared_data / "ud_german_gsd" / "de_gsd-ud-dev.conllu"
    for line in gsd.read_text(encoding="utf-8").splitlines():
        if not line:
            if cur:
                sents.append(cur)
            cur = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." not in cols[0]:  # surface tokens (ranges) and words: both are fine inputs
                cur.append(cols[1])
    assert len(sents) == 799
    _assert_same_tags(backend.tagger, sents)


def test_edge_cases_on_hanta_model(backend: OfflineBackend) -> None:
    tagger = backend.tagger
    # HanTa guesses tags for almost any string; words it knows nothing about have no scores
    unknown = ["§unbekannt1", "§unbekannt2", "§unbekannt3"]
    tagger.learn_emissions({(w, cs): {} for w in unknown for cs in (True, False)})
    sents = [
        ["Hallo"], ["."], ["Die"],  # one word
        # unknown words: every follow-up of every state is tried, then the beam cut
        unknown, ["Xqzvbnkt", "qwxyvz"], unknown * 40, ["Die", *unknown, "Stadt", "."],
        ["Die", "Stadt", "hilft", "."], ["z.B.", "bzw.", "usw."],  # forced tags
        ["Die", "die", "die", "die", "der", "das", "."],
        ["https://example.org", "und", "@foo", "x" * 80],  # XY by rule
        ["Die", "Stadt"] * 300,  # long
    ]
    try:
        _assert_same_tags(tagger, sents)
    finally:  # the tagger is the process's shared one
        for w in unknown:
            for cs in (True, False):
                tagger._wcache.pop((w, cs), None)


def _stub_tagger(trans: dict, wcache: dict, end: int = 2, xy: int = 90) -> HanTaTagger:
    """A HanTaTagger over a made-up model: ``trans`` as HanTa's transition table and the
    emission scores of every word already in ``wcache``."""
    t = HanTaTagger.__new__(HanTaTagger)
    tags = {0: "EMPTY", end: "END", xy: "XY"}
    for (a, b), row in trans.items():
        tags.update({a: str(a), b: str(b)})
        tags.update({c: str(c) for c in row})
    t._t = SimpleNamespace(LP_trans_word=trans, int2tag=tags)
    t._end, t._xy = end, xy
    t._wcache = wcache
    t._kernel = None
    t.cache_size = 10**9
    return t


def _random_model(rng: random.Random, ntags: int, values: list[float]) -> dict:
    tags = [10 + 3 * i for i in range(ntags)]
    trans: dict = {}
    for a in [0, *tags]:
        for b in ([1] if a == 0 else tags):
            if rng.random() < 0.1:
                continue  # a state with no follow-ups
            follow = rng.sample([*tags, 2], rng.randint(1, ntags))
            trans[(a, b)] = {c: rng.choice(values) for c in follow}
    return trans


@pytest.mark.parametrize("seed", range(12))
def test_same_tags_on_random_models_with_ties(seed: int) -> None:
    _need_kernel()
    rng = random.Random(seed)
    ntags = rng.choice([3, 6, 12])
    values = rng.choice([[-1.0, -2.0], [-0.5, -1.5, -3.25], [-1.0, -1.0000000000000002, -2.0, 0.0]])
    trans = _random_model(rng, ntags, values)
    tags = sorted({c for row in trans.values() for c in row} - {2})
    wcache: dict = {}
    words = []
    for i in range(40):
        kind = rng.random()
        if kind < 0.2:
            probs: dict = {}  # unknown: every follow-up of every state
        elif kind < 0.3:
            probs = {3: -1.0}  # a tag no transition knows: "no transition fits"
        elif kind < 0.35:
            probs = {2: -0.5, rng.choice(tags): -0.5}  # END as an emission
        else:
            probs = {c: rng.choice([-0.5, -1.0, -1.5, np.float64(-1.0), np.float64(-0.7)])
                     for c in rng.sample(tags, rng.randint(1, len(tags)))}  # (HanTa gives both)
        word = f"w{i}"
        wcache[(word, True)] = wcache[(word, False)] = probs
        words.append(word)
    tagger = _stub_tagger(trans, wcache)
    tagger._t.int2tag[3] = "UNKNOWN"
    sents = [[rng.choice(words) for _ in range(rng.randint(1, 30))] for _ in range(300)]
    sents += [[w] for w in words]
    _assert_same_tags(tagger, sents)


def test_states_without_any_follow_up_and_no_transition_at_all() -> None:
    _need_kernel()
    # (EMPTY, START) has follow-ups, nothing after them has: every later word takes the fallback
    trans = {(0, 1): {10: -1.0, 13: -1.0, 2: -5.0}}
    wcache = {("a", False): {10: -2.0, 13: -2.0}, ("a", True): {13: -1.0, 10: -1.0},
              ("b", True): {}, ("b", False): {}, ("c", True): {99: -1.0}, ("c", False): {99: -2.0}}
    tagger = _stub_tagger(trans, wcache)
    tagger._t.int2tag[99] = "99"
    sents = [["a"], ["b"], ["a", "a"], ["b", "b", "a"], ["a", "c", "b"], ["c"] * 12]
    _assert_same_tags(tagger, sents)
    assert tagger.tag_ids(["a", "a"]) == [10, 13]  # ties: the first best state and tag


def test_sentences_the_kernel_cannot_read_go_to_python() -> None:
    _need_kernel()
    trans = {(0, 1): {10: -1.0, 13: -1.0}, (1, 10): {13: -1.0, 2: -1.0}, (1, 13): {10: -2.0, 2: -1.0}}
    class Half(float):
        def __radd__(self, other: Any) -> float:
            return float(other) + float(self) / 2

    odd_ones = ({10: float("nan")}, {10: np.float64("nan")}, {10: float("inf")}, {"10": -1.0}, {10: "x"},
                {10: -1}, {10**30: -1.0}, {10: Half(-1.0)})
    for odd in odd_ones:
        wcache = {("a", False): {10: -1.0}, ("x", True): odd}
        tagger = _stub_tagger(trans, wcache)
        calls: list[list[str]] = []
        python = tagger._viterbi

        def spy(sent: list[str], python: Any = python, calls: list = calls) -> list[int]:
            calls.append(list(sent))
            return python(sent)

        tagger._viterbi = spy  # type: ignore[method-assign]
        got = tagger.tag_ids_sentences(["a", "a", "x"], [0, 1, 1])
        assert calls == [["a", "x"]]
        assert got == python(["a"]) + python(["a", "x"])


def test_pure_python_switch_and_missing_kernel(backend: OfflineBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    tagger = backend.tagger
    sent = ["Die", "Stadt", "hilft", "den", "Flüchtlingen", "."]
    expected = tagger._viterbi(sent)
    calls: list[int] = []
    python = tagger._viterbi

    def spy(s: Any) -> list[int]:
        calls.append(len(s))
        return python(s)

    monkeypatch.setattr(tagger, "_viterbi", spy)
    monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
    assert tagger._compiled() is None
    assert tagger.tag_ids(sent) == expected
    assert tagger.tag_ids_sentences(sent + sent, [0] * 6 + [1] * 6) == expected + expected
    assert calls == [6, 6, 6]
    monkeypatch.delenv("FRAMING_PURE_PYTHON")
    calls.clear()
    monkeypatch.setattr(offline, "kernel", lambda name: None)  # not built
    assert tagger.tag_ids(sent) == expected
    assert calls == [6]
    monkeypatch.undo()
    if compiled.kernel("_viterbi") is not None:
        assert tagger._compiled() is not None


@pytest.mark.slow
def test_annotate_gnad_same_token_tables_with_and_without_kernels(shared_data: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from framing.corpus.corpus import Corpus
    from framing.nlp.annotate import annotate

    df = pd.read_csv(shared_data / "gnad-dev" / "articles.csv", sep=";", quotechar="'", header=None,
                     names=["label", "text"])
    corpus = Corpus.from_frame(pd.DataFrame({"text": df["text"]}))
    for profile in ("full", "fast"):
        monkeypatch.delenv("FRAMING_PURE_PYTHON", raising=False)
        fast_way = annotate(corpus, profile=profile, cache=False, progress=False).table
        monkeypatch.setenv("FRAMING_PURE_PYTHON", "1")
        pure = annotate(corpus, profile=profile, cache=False, progress=False).table
        pd.testing.assert_frame_equal(fast_way, pure)
    assert len(fast_way) > 200_000


def _tag_doc_sentence_by_sentence(backend: OfflineBackend, texts: list[str],
                                  sent_ids: list[int]) -> tuple[list[str], list[str], list[str]]:
    """``OfflineBackend._tag_doc`` as it was before it tagged a document in one call: the
    reference for its output."""
    tagger = backend.tagger
    forms = [backend._input_form(t) for t in texts]
    lemmas: list[str] = []
    upos: list[str] = []
    xpos: list[str] = []
    start = 0
    while start < len(texts):
        end = start + 1
        while end < len(texts) and sent_ids[end] == sent_ids[start]:
            end += 1
        for k, tag in enumerate(tagger.tag_ids(forms[start:end]), start):
            xpos.append(tagger.stts_names[tag])
            upos.append(tagger.upos_names[tag])
            lemmas.append(backend._hanta_lemma(texts[k], forms[k], tag) if tag in tagger.hanta_lemma_tags
                          else backend.lemmatizer.lemma(texts[k]))
        offline._main_verb_haben(xpos, upos, lemmas, start, end)
        start = end
    return lemmas, upos, xpos


def test_tag_doc_equals_the_sentence_by_sentence_reference_on_the_demo_corpus(backend: OfflineBackend) -> None:
    if not DEMO.is_dir():
        pytest.skip("corpora/demo is absent")
    docs = [tokenize_text(p.read_text(encoding="utf-8")) for p in sorted(DEMO.rglob("*.md"))]
    docs.append(tokenize_text("Wir haben Zeit. Sie hat gewartet, wir haben gelacht. Er hat es. Hat er?"))
    got = [backend._tag_doc(tt.texts, tt.sent_ids) for tt in docs]
    assert got == [_tag_doc_sentence_by_sentence(backend, tt.texts, tt.sent_ids) for tt in docs]
    assert got[-1][1][:4] == ["PRON", "VERB", "NOUN", "PUNCT"]  # "haben" as a main verb


def test_haben_sentences_are_the_only_ones_main_verb_haben_changes() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(0, 40)
        sent_ids = sorted(rng.choice(range(6)) for _ in range(n))
        if rng.random() < 0.3:  # ids that repeat after a change are new sentences too
            sent_ids = [i % 2 for i in sent_ids]
        xpos = [rng.choice(["VAFIN", "VAFIN", "VVPP", "NN", "VVFIN"]) for _ in range(n)]
        upos = [{"VAFIN": "AUX", "VVPP": "VERB", "NN": "NOUN", "VVFIN": "VERB"}[x] for x in xpos]
        lemmas = [rng.choice(["haben", "haben", "sein", "Zeit"]) for _ in range(n)]
        every = (list(xpos), list(upos), list(lemmas))
        start = 0
        while start < n:
            end = start + 1
            while end < n and sent_ids[end] == sent_ids[start]:
                end += 1
            offline._main_verb_haben(*every, start, end)
            start = end
        some = (list(xpos), list(upos), list(lemmas))
        for start, end in offline._haben_sentences(xpos, lemmas, sent_ids):
            offline._main_verb_haben(*some, start, end)
        assert some == every
