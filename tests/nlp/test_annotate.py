"""annotate(): token table, lemmas, POS, caching, Parquet, parallelism, bad input."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.corpus import Corpus
from framing.errors import InputError
from framing.nlp.annotate import annotate, annotation_summary
from framing.nlp.backends import get_backend
from framing.nlp.backends.offline import OfflineBackend
from framing.nlp.tokens import TOKEN_COLUMNS, Tokens

PRESS = [
    "Die Stadt Essen hat am 3. Oktober 2016 rund 1.200 Flüchtlinge in Flüchtlingsunterkünften "
    "untergebracht, sagte der Oberbürgermeister. Die Mitbürger*innen und Kolleg*innen der "
    "CDU-Fraktionen helfen z. B. den Asylbewerberinnen.",
    "Altena sieht den Zuzug als Chance gegen den Leerstand. „Wir haben Platz“, sagt der Bürgermeister.",
]


def _corpus(texts=PRESS, **meta) -> Corpus:
    return Corpus.from_texts(texts, **meta)


def _tok(tokens: Tokens, doc: int = 0) -> pd.DataFrame:
    t = tokens.table
    return t[t["doc_id"] == tokens.docs["doc_id"].iloc[doc]]


def _lemma_of(tokens: Tokens, text: str) -> str:
    t = tokens.table
    return t.loc[t["text"] == text, "lemma"].iloc[0]


@pytest.fixture(scope="module")
def fast() -> Tokens:
    return annotate(_corpus(place=["Essen", "Altena"]), profile="fast", cache=False, progress=False)


@pytest.fixture(scope="module")
def full() -> Tokens:
    return annotate(_corpus(place=["Essen", "Altena"]), profile="full", cache=False, progress=False)


def test_columns_and_types(fast: Tokens) -> None:
    t = fast.table
    assert list(t.columns[:len(TOKEN_COLUMNS)]) == list(TOKEN_COLUMNS)
    assert t["sent_id"].dtype == "int32" and t["is_stop"].dtype == bool
    assert fast.table["upos"].isna().all()  # fast profile: no POS
    doc0 = _tok(fast)
    assert doc0["token_id"].tolist() == list(range(len(doc0)))
    assert doc0["sent_id"].max() == 1
    text = PRESS[0]
    assert all(text[s:e] == w for w, s, e in zip(doc0["text"], doc0["start_char"], doc0["end_char"]))
    assert {"doc_id", "place", "language", "n_tokens", "n_sentences", "flags"} <= set(fast.docs.columns)
    assert "text" not in fast.docs.columns
    assert fast.docs["n_tokens"].sum() == len(fast)
    assert fast.meta["backend"] == "default" and fast.meta["profile"] == "fast"


@pytest.mark.parametrize("profile", ["fast", "full"])
def test_lemmas(profile: str, fast: Tokens, full: Tokens) -> None:
    tokens = fast if profile == "fast" else full
    assert _lemma_of(tokens, "Flüchtlinge") == "Flüchtling"
    assert _lemma_of(tokens, "Die") == "der"
    assert _lemma_of(tokens, "Flüchtlingsunterkünften") == "Flüchtlingsunterkunft"
    assert _lemma_of(tokens, "Asylbewerberinnen") == "Asylbewerberin"  # explicit feminine: kept
    assert _lemma_of(tokens, "Mitbürger*innen") == "Mitbürger"
    assert _lemma_of(tokens, "Kolleg*innen") == "Kollege"
    assert _lemma_of(tokens, "CDU-Fraktionen") == "CDU-Fraktion"
    assert _lemma_of(tokens, "z. B.") == "z.B."
    assert _lemma_of(tokens, "sagte") == "sagen"
    t = tokens.table
    assert t.loc[t["gender_inclusive"], "text"].tolist() == ["Mitbürger*innen", "Kolleg*innen"]


def test_stop_and_punct(fast: Tokens) -> None:
    t = fast.table.drop_duplicates("text").set_index("text")
    assert t.loc["sagte", "is_stop"] and t.loc["z. B.", "is_stop"] and t.loc["und", "is_stop"]
    assert not t.loc["Flüchtlinge", "is_stop"] and not t.loc["Stadt", "is_stop"]
    assert t.loc[",", "is_punct"] and t.loc["„", "is_punct"] and t.loc["“", "is_punct"]
    assert not t.loc["Stadt", "is_punct"] and not t.loc["1.200", "is_punct"]


def test_pos_full_profile(full: Tokens) -> None:
    sent = annotate(["Die Stadt Essen hilft den Flüchtlingen."], profile="full", cache=False, progress=False)
    t = sent.table
    assert t["upos"].tolist() == ["DET", "NOUN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"]
    assert t["xpos"].tolist() == ["ART", "NN", "NE", "VVFIN", "ART", "NN", "$."]
    assert t["lemma"].tolist() == ["der", "Stadt", "Essen", "helfen", "der", "Flüchtling", "."]
    # gender forms are nouns; STTS tags are STTS, not HanTa's ADJ(A)/VV(FIN)
    f = full.table
    assert set(f.loc[f["gender_inclusive"], "upos"]) == {"NOUN"}
    assert not f["xpos"].str.contains(r"\(", regex=True).any()


def test_compound_columns(fast: Tokens) -> None:
    t = fast.table.drop_duplicates("text").set_index("text")
    try:
        import framing.nlp.compounds  # noqa: F401
    except ImportError:
        pytest.skip("framing.nlp.compounds not available")
    assert t.loc["Flüchtlingsunterkünften", "compound_head"] == "Unterkunft"
    assert pd.isna(t.loc["hat", "compound_parts"])


def test_cache_reuse(tmp_path: Path) -> None:
    class Counting(OfflineBackend):
        calls = 0

        def annotate_docs(self, docs):
            type(self).calls += 1
            return super().annotate_docs(docs)

    be = Counting("fast")
    first = annotate(_corpus(), be, cache=tmp_path, progress=False)
    assert Counting.calls == 1 and first.meta["cache"] == "miss"
    files = list(tmp_path.glob("tokens-*.parquet"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = annotate(_corpus(), be, cache=tmp_path, progress=False)
    assert Counting.calls == 1  # the backend was not called again
    assert second.meta["cache"] == "hit"
    assert files[0].stat().st_mtime_ns == mtime
    pd.testing.assert_frame_equal(first.table, second.table)
    pd.testing.assert_frame_equal(first.docs, second.docs)
    # other text, other settings or other stopwords: a new annotation
    annotate(_corpus([PRESS[0], PRESS[1] + " Neu."]), be, cache=tmp_path, progress=False)
    assert Counting.calls == 2
    annotate(_corpus(), be, cache=tmp_path, progress=False, stopwords_extra=["Stadt"])
    assert Counting.calls == 3
    annotate(_corpus(), be, cache=False, progress=False)
    assert Counting.calls == 4
    assert len(list(tmp_path.glob("tokens-*.parquet"))) == 3


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "c"))
    tokens = annotate(_corpus(), profile="fast", progress=False)
    assert Path(tokens.meta["cache_path"]).parent == tmp_path / "c"
    again = annotate(_corpus(), profile="fast", progress=False)
    assert again.meta["cache"] == "hit"


def test_parquet_round_trip(full: Tokens, tmp_path: Path) -> None:
    path = full.to_parquet(tmp_path / "tokens.parquet")
    back = Tokens.read_parquet(path)
    pd.testing.assert_frame_equal(full.table, back.table)
    assert back.docs["flags"].fillna("").tolist() == full.docs["flags"].fillna("").tolist()
    assert back.docs["place"].tolist() == ["Essen", "Altena"]
    assert back.meta["profile"] == "full"


def test_ids_view(fast: Tokens) -> None:
    view = fast.ids("lemma", mask=~fast.table["is_punct"].to_numpy())
    assert len(view.ids) == len(fast)
    assert "Flüchtling" in view.term_to_id()


def test_bad_input() -> None:
    english = ("The city council decided on Monday that the new housing for refugees will be built in the "
               "north of the town, and the mayor said that it was a good day for all of them.")
    turkish = ("Belediye meclisi pazartesi günü mülteciler için yeni konutların şehrin kuzeyinde "
               "yapılmasına karar verdi ve belediye başkanı bunun herkes için iyi bir gün olduğunu söyledi.")
    arabic = "قرر مجلس المدينة يوم الاثنين بناء مساكن جديدة للاجئين في شمال المدينة وقال رئيس البلدية إنه يوم جيد"
    control = "Die Stadt\x00 hilft\x07 den Menschen.\x1b Gut."
    emoji = "Tolles Fest im Bürgerladen 😀👍🏽 Danke an alle Helfer ❤️!"
    long_doc = "die Stadt hilft den Menschen und " * 64_000  # ~2 MB, no full stop
    texts = ["", "   \n ", english, turkish, arabic, control, emoji, long_doc]
    corpus = _corpus(texts)
    tokens = annotate(corpus, profile="fast", cache=False, progress=False)
    docs = tokens.docs.set_index("doc_id")
    flags = docs["flags"].fillna("").str.split("|")
    ids = corpus.doc_ids
    assert "empty" in flags[ids[0]] and "empty" in flags[ids[1]]
    assert docs.loc[ids[0], "n_tokens"] == 0
    assert docs.loc[ids[2], "language"] == "en" and "not_german" in flags[ids[2]]
    assert docs.loc[ids[3], "language"] == "tr" and "not_german" in flags[ids[3]]
    assert docs.loc[ids[4], "language"] == "ar" and "not_german" in flags[ids[4]]
    assert "control_chars" in flags[ids[5]]
    assert "emoji" in flags[ids[6]]
    assert {"no_sentence_end", "sentence_capped"} <= set(flags[ids[7]])
    assert all(docs.loc[d, "language"] == "de" for d in (ids[5], ids[6], ids[7]))
    t = tokens.table
    # foreign text is not lemmatised as German
    en = t[t["doc_id"] == ids[2]]
    assert (en["lemma"] == en["text"].str.lower()).all()
    assert en["compound_parts"].isna().all()
    # control characters are never tokens; offsets still point into the text
    ctl = t[t["doc_id"] == ids[5]]
    assert ctl["text"].tolist() == ["Die", "Stadt", "hilft", "den", "Menschen", ".", "Gut", "."]
    # emoji are their own tokens
    emo = t[t["doc_id"] == ids[6]]
    assert {"😀", "👍🏽", "❤️"} <= set(emo["text"])
    # the long document: sentences capped at 1,000 tokens
    big = t[t["doc_id"] == ids[7]]
    assert big.groupby("sent_id").size().max() == 1000
    assert docs.loc[ids[7], "n_tokens"] == 64_000 * 6


def test_bad_input_full_profile_pos() -> None:
    texts = ["Tolles Fest 😀 im Bürgerladen, Eintritt 5 €.",
             "The city council decided that the new housing for refugees will be built in the north."]
    tokens = annotate(texts, profile="full", cache=False, progress=False)
    t = tokens.table.drop_duplicates("text").set_index("text")
    assert t.loc["😀", "upos"] == "SYM" and t.loc["😀", "xpos"] == "XY"
    assert t.loc["€", "upos"] == "SYM"
    en = tokens.table[tokens.table["doc_id"] == tokens.docs["doc_id"].iloc[1]]
    words = en[~en["is_punct"]]
    assert set(words["upos"]) == {"X"} and set(words["xpos"]) == {"FM"}


def test_stopword_options() -> None:
    base = annotate(["Die Stadt sagte ja."], profile="fast", cache=False, progress=False)
    extra = annotate(["Die Stadt sagte ja."], profile="fast", cache=False, progress=False,
                     stopwords_extra=["Stadt"], stopwords_remove=["sagte", "sagen"])
    own = annotate(["Die Stadt sagte ja."], profile="fast", cache=False, progress=False, stopwords={"stadt"})
    assert base.table["is_stop"].tolist() == [True, False, True, True, False]
    assert extra.table["is_stop"].tolist() == [True, True, False, True, False]
    assert own.table["is_stop"].tolist() == [False, True, False, False, False]


def test_summary(fast: Tokens) -> None:
    df = annotation_summary(fast)
    assert df.loc["tokens", "value"] == len(fast)
    assert df.loc["documents", "value"] == 2
    assert df.loc["sentences", "value"] == 4
    assert df.loc["documents flagged empty", "value"] == 0
    text = annotation_summary(fast, as_text=True)
    assert isinstance(text, str) and "tokens" in text and "profile" in text


def test_arguments() -> None:
    with pytest.raises(InputError):
        annotate(_corpus(), backend="nonexistent", cache=False, progress=False)
    with pytest.raises(InputError):
        annotate(_corpus(), profile="huge", cache=False, progress=False)
    with pytest.raises(InputError):
        annotate(_corpus(), n_process=0, cache=False, progress=False)
    with pytest.raises(InputError):
        annotate(42, cache=False, progress=False)
    empty = annotate(Corpus.from_texts([]), profile="fast", cache=False, progress=False)
    assert len(empty) == 0 and empty.n_docs == 0
    assert isinstance(get_backend("default", profile="fast"), OfflineBackend)


def test_import_framing_stays_light() -> None:
    code = ("import sys, framing; heavy = [m for m in ('simplemma', 'HanTa', 'stanza', 'torch') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = "import sys, framing.nlp.annotate; print([m for m in ('simplemma', 'HanTa') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_summary_on_cache_hit_says_it_was_read(tmp_path: Path) -> None:
    first = annotate(_corpus(), profile="fast", cache=tmp_path, progress=False)
    first.meta["time_s"] = 123.0  # as if the first run had been slow: the file keeps this meta
    path = Path(first.meta["cache_path"])
    first.to_parquet(path)
    again = annotate(_corpus(), profile="fast", cache=tmp_path, progress=False)
    assert again.meta["cache"] == "hit"
    assert again.meta["time_s"] == again.meta["load_time_s"] < 123.0
    assert again.meta["annotation_time_s"] == 123.0
    df = annotation_summary(again)
    assert "tokens per second" not in df.index and "time (s)" not in df.index
    assert df.loc["time of the earlier annotation (s)", "value"] == 123.0
    assert df.loc["time to read (s)", "value"] == again.meta["time_s"]
    text = annotation_summary(again, as_text=True)
    assert "hit (read from an earlier run)" in text
    miss = annotation_summary(first)
    assert "tokens per second" in miss.index


def test_word_cache_carries_analyses_to_the_next_corpus(tmp_path: Path) -> None:
    from framing.nlp import wordcache
    from framing.nlp.morphology import shared_hanta

    texts = ["Die Flüchtlingsunterkünfte in Hörsterfeld wurden gestern von Ehrenamtlichen renoviert."]
    first = annotate(_corpus(texts), profile="full", cache=tmp_path, progress=False)
    store = wordcache.store_path(tmp_path)
    assert store.is_file()
    data = wordcache.decode(store.read_bytes())
    assert "Flüchtlingsunterkunft" in data["compounds"]
    assert data["compounds"]["Flüchtlingsunterkunft"] == ("Flüchtling|Unterkunft", "Unterkunft")
    assert data["lemmas"][True]["Flüchtlingsunterkünfte"] == "Flüchtlingsunterkunft"
    # a new process would start with them: empty this one's caches, annotate other text
    m = shared_hanta().framing_morphology
    m._forward.clear()
    m._viterbi.clear()
    second = annotate(_corpus(texts + ["Neu."]), profile="full", cache=tmp_path, progress=False)
    assert second.meta["word_cache_entries"] > 0
    assert len(m._forward) >= len(data["forward"])
    same = second.table[second.table["doc_id"] == second.table["doc_id"].iloc[0]].reset_index(drop=True)
    pd.testing.assert_frame_equal(first.table.drop(columns="doc_id"), same.drop(columns="doc_id"),
                                  check_dtype=False)
    # a corrupt file is ignored and rewritten
    store.write_bytes(b"not a cache file")
    annotate(_corpus(["Wieder andere Wörter hier."]), profile="full", cache=tmp_path, progress=False)
    assert isinstance(wordcache.decode(store.read_bytes()), dict)


def test_word_cache_file_format_and_stale_files(tmp_path: Path) -> None:
    import os
    import time

    from framing.nlp import wordcache

    data = {"forward": {"haus": [(5, -1.25), (7, -3.5)]}, "viterbi": {("haus", -5): [(5, 4), (-5, 5)]},
            "lemmas": {True: {"Häuser": "Haus"}}, "compounds": {"Stadthaus": ("Stadt|Haus", "Haus"), "X": (None, None)}}
    assert wordcache.decode(wordcache.encode(data)) == data
    np = pytest.importorskip("numpy")
    odd = {"forward": {"haus": [(np.int64(5), np.float64(-1.25))]}}  # numpy numbers stay numbers
    back = wordcache.decode(wordcache.encode(odd))
    assert back == odd and type(back["forward"]["haus"][0][1]) is np.float64
    for bad in (b"", b"X123", b"\x80\x05garbage", wordcache.encode(data)[:-5]):
        with pytest.raises(ValueError):
            wordcache.decode(bad)
    # files of other fingerprints: deleted on save once older than STALE_DAYS, kept before
    words = tmp_path / "words"
    words.mkdir()
    old, recent = words / "analyses-0123456789abcdef0123.pickle", words / "analyses-fedcba9876543210fedc.pickle"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    past = time.time() - (wordcache.STALE_DAYS + 1) * 86_400
    os.utime(old, (past, past))
    annotate(_corpus(["Die Stadt baut Häuser."]), profile="full", cache=tmp_path, progress=False)
    assert wordcache.store_path(tmp_path).is_file()
    assert not old.exists() and recent.exists()
