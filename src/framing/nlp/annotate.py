"""``annotate(corpus) -> Tokens``: run a backend over a corpus and post-process uniformly.

Pipeline per chunk of documents (the same in one process or in ``n_process`` workers):

1. language check per document (:mod:`framing.nlp.language`) on the raw text;
2. the backend tokenises, splits sentences, lemmatises (and tags, in profiles with POS);
3. uniform post-processing, identical for every backend:
   gender-inclusive forms → masculine lemma + ``gender_inclusive`` (:mod:`framing.nlp.gender`);
   non-German documents → lemma = lower-cased form, POS ``X``/``FM`` (punctuation kept);
   emoji → ``SYM``/``XY`` and other symbols (``€``, ``%``) → ``SYM`` where POS is present;
   ``is_punct`` (all characters Unicode punctuation); ``is_stop`` (lower-cased lemma or form in
   the stopword set); compound columns for nouns (``framing.nlp.compounds.compound_columns``);
4. per-document flags (``empty``, ``not_german``, ``no_sentence_end``, ``sentence_capped``,
   ``control_chars``, ``emoji``) and counts go to :attr:`Tokens.docs`.

Which tokens are nouns (for the compound columns): with POS, ``upos == "NOUN"``; without POS
(fast profile), capitalised alphabetic tokens (hyphen-joined parts allowed, at least one lower-case
letter, so "CDU" alone is not a noun but "CDU-Fraktion" is) that are not the first word of their
sentence — or are, and have a capitalised lemma the lexicon knows (cached per form). Gender-inclusive
forms are always nouns.

Results are cached on disk (see :func:`annotate`): the key hashes the backend's ``settings()``,
:data:`ANNOTATION_VERSION`, the post-processing settings (stopword set, compounds module) and every
document's id and text, so a second identical call reads a Parquet file instead of annotating.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from framing._memory import deferred_full_collections
from framing.errors import InputError, ParameterError
from framing.nlp.tokens import TOKEN_COLUMNS, Tokens, normalise_tokens

#: bump when the output of annotate() changes for the same backend settings (invalidates caches)
ANNOTATION_VERSION = "1"
DEFAULT_BATCH_SIZE = 64
FLAGS: tuple[str, ...] = ("empty", "not_german", "no_sentence_end", "sentence_capped",
                          "control_chars", "emoji")
#: documents shorter than this (in tokens) are not flagged ``no_sentence_end`` (headlines, captions)
NO_SENTENCE_END_MIN_TOKENS = 20
_SENT_FINAL = frozenset({".", "!", "?", "…"})
_DOC_INFO_COLUMNS = ("language", "n_tokens", "n_sentences", "flags")


# -- inputs ------------------------------------------------------------------------------------
def _as_docs(corpus: Any) -> pd.DataFrame:
    """Documents table (doc_id, text, metadata) from a Corpus, a DataFrame or a list of strings."""
    from framing.corpus.corpus import Corpus

    if isinstance(corpus, Corpus):
        return corpus.docs
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus.columns:
            raise InputError(f"cannot annotate a table without a 'text' column; columns are {list(corpus.columns)}")
        return Corpus.from_frame(corpus, id_col="doc_id" if "doc_id" in corpus.columns else None).docs
    if isinstance(corpus, str):
        return Corpus.from_texts([corpus]).docs
    if isinstance(corpus, Iterable):
        texts = list(corpus)
        if not all(isinstance(t, str) for t in texts):
            raise InputError("annotate() takes a Corpus, a DataFrame with a 'text' column or a list of strings")
        return Corpus.from_texts(texts).docs
    raise InputError(f"annotate() cannot read a {type(corpus).__name__}; pass a Corpus")


def _make_backend(backend: Any, profile: str | None, options: dict[str, Any]) -> tuple[Any, tuple]:
    """The backend object and a spec from which worker processes can rebuild it."""
    if isinstance(backend, str):
        from framing.nlp.backends import get_backend

        opts = dict(options)
        if profile is not None:
            opts["profile"] = profile
        return get_backend(backend, **opts), ("name", backend, opts)
    if profile is not None or options:
        raise ParameterError("profile and backend options go to the backend's constructor; "
                             "pass them there when you give a backend object")
    for attr in ("name", "settings", "annotate_docs"):
        if not hasattr(backend, attr):
            raise InputError(f"backend object has no {attr!r}: it must follow "
                             "framing.nlp.backends.base.Backend")
    return backend, ("instance", backend)


def _stopword_set(stopwords: Iterable[str] | None, extra: Iterable[str], remove: Iterable[str]) -> frozenset[str]:
    from framing.nlp.stopwords import get_stopwords

    if stopwords is None:
        return get_stopwords(extra=extra, remove=remove)
    if isinstance(stopwords, str):
        raise ParameterError("stopwords takes a collection of words, not a single string")
    base = {w.lower() for w in stopwords}
    return frozenset((base | {w.lower() for w in extra}) - {w.lower() for w in remove})


def _compounds_signature() -> str:
    """Identifies the compound splitter's code and word lists (its output is part of the cache
    key) without importing it, so that a cache hit stays cheap."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("framing.nlp.compounds")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "absent"
    h = hashlib.sha1()
    try:
        h.update(Path(spec.origin).read_bytes())
        lists = Path(spec.origin).parents[1] / "resources" / "compounds"
        for path in sorted(lists.rglob("*")) if lists.is_dir() else []:
            if path.is_file():
                h.update(path.name.encode("utf-8") + path.read_bytes())
    except OSError:
        return "unreadable"
    return h.hexdigest()[:16]


# -- post-processing ---------------------------------------------------------------------------
def _is_punct(tok: str) -> bool:
    if tok in ("``", "''"):
        return True
    return all(unicodedata.category(ch).startswith("P") for ch in tok)


def _is_symbol(tok: str) -> bool:
    return all(unicodedata.category(ch)[0] == "S" or ch in "\ufe0f\u200d\u20e3" for ch in tok)


def _string_series(values: np.ndarray) -> pd.Series:
    """Object array of str/None → pandas ``string`` Series, built with pyarrow directly when that
    is pandas' string storage (several times faster than ``astype`` for mostly-empty columns)."""
    dtype = pd.StringDtype()
    if dtype.storage == "pyarrow":
        import pyarrow as pa

        arr = pa.array(values, type=pa.large_string(), from_pandas=True)
        return pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)
    return pd.Series(values, dtype=object).astype(dtype)


#: bits of a word type's properties (see :meth:`PostProcessor._new_props`)
_PUNCT, _SYMBOL, _EMOJI, _STOP, _SHAPE, _FINAL = 1, 2, 4, 8, 16, 32

#: stopword set → the per-type caches of the post-processors using it (this process)
_TYPE_CACHES: dict[frozenset[str], dict[str, dict]] = {}


def _shared_type_caches(stopwords: frozenset[str]) -> dict[str, dict]:
    """The per-type caches for ``stopwords``, shared within the process (the last few sets kept)."""
    got = _TYPE_CACHES.get(stopwords)
    if got is None:
        if len(_TYPE_CACHES) >= 4:
            _TYPE_CACHES.clear()
        got = _TYPE_CACHES[stopwords] = {"types": {}, "lemma_stop": {}, "initial_noun": {}}
    return got


class PostProcessor:
    """Uniform post-processing of raw backend rows (caches per word type; pure functions)."""

    def __init__(self, stopwords: frozenset[str], max_sentence_tokens: int = 1000,
                 compounds: bool = True) -> None:
        self.stopwords = stopwords
        self.compounds = compounds
        self.max_sentence_tokens = max_sentence_tokens
        self._lemmatizer: Any = None
        # per-type results are pure functions of the word and the stopword set: shared by every
        # post-processor of this process with the same set, so a second corpus starts warm
        shared = _shared_type_caches(stopwords)
        self._type_cache: dict[str, tuple[int, str | None]] = shared["types"]
        self._lemma_stop: dict[str, bool] = shared["lemma_stop"]
        self._initial_noun: dict[tuple[str, str], bool] = shared["initial_noun"]
        self._compounds: dict[str, tuple[Any, Any]] = {}
        self._compound_fn: Any = None
        self.compounds_available: bool | None = None

    # -- lazily loaded helpers ------------------------------------------------------------
    @property
    def lemmatizer(self) -> Any:
        if self._lemmatizer is None:
            from framing.nlp.backends.offline import shared_lemmatizer

            self._lemmatizer = shared_lemmatizer()
        return self._lemmatizer

    def _compound_function(self) -> Any:
        if not self.compounds:
            return None
        if self.compounds_available is None:
            try:
                from framing.nlp.compounds import compound_columns
            except ImportError:
                self.compounds_available = False
            else:
                self._compound_fn = compound_columns
                self.compounds_available = True
        return self._compound_fn

    # -- compound analyses shared between processes (framing.nlp.parallel) ----------------------
    def type_vocabulary(self, forms: set[str]) -> set[str]:
        """The capitalised word ``forms``: candidate nouns, whose lemmas get a compound analysis
        (empty when compounds are off)."""
        if self._compound_function() is None:
            return set()
        return {f for f in forms if f[:1].isupper() and not f.isupper()}

    def analyse_types(self, forms: Sequence[str]) -> dict[str, tuple[Any, Any]]:
        """Compound parts and head of the lemmas of ``forms`` not analysed yet (cached here too)."""
        fn = self._compound_function()
        if fn is None:
            return {}
        lemma = self.lemmatizer.lemma
        todo = sorted({lem for lem in map(lemma, forms) if lem[:1].isupper() and lem not in self._compounds})
        if not todo:
            return {}
        parts, heads = fn(todo, [True] * len(todo))
        new = dict(zip(todo, zip(parts, heads)))
        self._compounds.update(new)
        return new

    def learn_types(self, entries: dict[str, tuple[Any, Any]]) -> None:
        """Take over the compound analyses :meth:`analyse_types` made in another process."""
        self._compounds.update(entries)

    # -- per type properties --------------------------------------------------------------
    def _new_props(self, toks: Sequence[str]) -> list[tuple[int, str | None]]:
        """``(flags, masculine form)`` of each word form, in one pass: the flags are the bits
        :data:`_PUNCT`, :data:`_SYMBOL`, :data:`_EMOJI`, :data:`_STOP` (stopword form),
        :data:`_SHAPE` (noun-shaped) and :data:`_FINAL` (sentence-final punctuation). Plain words,
        the most, skip the Unicode category tests: a letter or digit is never punctuation or a
        symbol."""
        from framing.nlp.gender import masculine_form
        from framing.nlp.tokenizer import EMOJI_RE

        known = self.lemmatizer.is_known
        sw = self.stopwords
        out = []
        for tok in toks:
            bits = 0
            p = False
            if not tok.isalnum():
                p = _is_punct(tok)
                if p:
                    bits = _PUNCT
                elif _is_symbol(tok):
                    bits = _SYMBOL | (_EMOJI if EMOJI_RE.search(tok) is not None else 0)
                if tok in _SENT_FINAL or (tok[:2] == ".." and not tok.strip(".")):
                    bits |= _FINAL
            masc = masculine_form(tok, known) if len(tok) > 3 and not p else None
            if tok[:1].isupper():
                parts = tok.split("-")
                if (any(ch.islower() for ch in tok) and parts[-1].isalpha()
                        and all(x.isalnum() for x in parts if x)):
                    bits |= _SHAPE
            if tok.lower() in sw:
                bits |= _STOP
            out.append((bits, masc))
        return out

    def _type_props(self, uniq: Sequence[str] | np.ndarray) -> tuple[Any, ...]:
        """Per type of ``uniq``: punctuation, symbol, emoji, masculine form, stopword form,
        noun-shaped, sentence-final (boolean arrays, the forms a list; cached per type)."""
        cache = self._type_cache
        if len(cache) > 1_000_000:
            cache.clear()
        get = cache.get
        found = [get(t) for t in uniq]
        missing = [i for i, r in enumerate(found) if r is None]
        if missing:
            toks = [uniq[i] for i in missing]
            for i, tok, r in zip(missing, toks, self._new_props(toks)):
                found[i] = cache[tok] = r
        props: list[tuple[int, str | None]] = found  # type: ignore[assignment]  # every type filled in
        bits = np.fromiter((r[0] for r in props), dtype=np.uint8, count=len(props))
        return ((bits & _PUNCT) > 0, (bits & _SYMBOL) > 0, (bits & _EMOJI) > 0, [r[1] for r in props],
                (bits & _STOP) > 0, (bits & _SHAPE) > 0, (bits & _FINAL) > 0)

    def _known_noun(self, tok: str, lemma: str) -> bool:
        key = (tok, lemma)
        r = self._initial_noun.get(key)
        if r is None:
            r = bool(lemma[:1].isupper()) and self.lemmatizer.is_known(tok)
            self._initial_noun[key] = r
        return r

    # -- main ------------------------------------------------------------------------------
    def process(self, raw: pd.DataFrame, docs: Sequence[tuple[str, str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Post-process raw rows of ``docs`` (``(doc_id, text, language)``): token table, doc info."""
        n = len(raw)
        text = raw["text"].to_numpy(dtype=object)
        lemma = raw["lemma"].to_numpy(dtype=object).copy()
        upos = raw["upos"].to_numpy(dtype=object).copy()
        has_pos = n > 0 and bool(pd.notna(upos[:1000]).any() or pd.notna(upos).any())
        xpos = raw["xpos"].to_numpy(dtype=object).copy()
        doc_col = raw["doc_id"].to_numpy(dtype=object)
        sent = raw["sent_id"].to_numpy(dtype=np.int64)
        lang_of = {d: lang for d, _, lang in docs}

        if n:
            codes, uniq = pd.factorize(text, use_na_sentinel=False)
        else:
            codes, uniq = np.empty(0, dtype=np.int64), np.empty(0, dtype=object)
        punct_u, symbol_u, emoji_u, gender_u, stop_u, shape_u, final_u = self._type_props(uniq)
        is_punct = punct_u[codes] if n else np.zeros(0, dtype=bool)
        is_symbol = symbol_u[codes] if n else np.zeros(0, dtype=bool)
        is_emoji = emoji_u[codes] if n else np.zeros(0, dtype=bool)

        # gender-inclusive forms
        gender_idx = [i for i, g in enumerate(gender_u) if g is not None]
        gender_inclusive = np.zeros(n, dtype=bool)
        if gender_idx:
            g_lemma = {i: self.lemmatizer.lemma(gender_u[i]) for i in gender_idx}
            gmask_u = np.zeros(len(uniq), dtype=bool)
            gmask_u[gender_idx] = True
            gender_inclusive = gmask_u[codes]
            for row in np.flatnonzero(gender_inclusive):
                lemma[row] = g_lemma[codes[row]]

        # language: non-German documents are not lemmatised/tagged as German
        foreign_docs = {d for d, lang in lang_of.items() if lang != "de"}
        foreign = np.zeros(n, dtype=bool)
        if foreign_docs and n:
            foreign = np.fromiter((d in foreign_docs for d in doc_col), dtype=bool, count=n)
            for row in np.flatnonzero(foreign):
                lemma[row] = text[row].lower()
            gender_inclusive &= ~foreign
            if has_pos:
                word = foreign & ~is_punct
                upos[word] = "X"
                xpos[word] = "FM"

        if has_pos:
            upos[is_symbol] = "SYM"
            upos[is_emoji] = "SYM"
            xpos[is_emoji] = "XY"

        # stopwords: lower-cased lemma or form
        sw = self.stopwords
        is_stop = stop_u[codes] if n else np.zeros(0, dtype=bool)
        if n:
            lcodes, luniq = pd.factorize(lemma, use_na_sentinel=False)
            ls = self._lemma_stop
            if len(ls) > 1_000_000:
                ls.clear()
            lstop_u = np.fromiter((ls[t] if t in ls else ls.setdefault(t, isinstance(t, str) and t.lower() in sw)
                                   for t in luniq), dtype=bool, count=len(luniq))
            is_stop = is_stop | (lstop_u[lcodes] if len(lcodes) else False)

        # nouns → compound columns
        first_word = np.zeros(n, dtype=bool)
        new_sent = np.ones(n, dtype=bool)
        if n:
            new_sent[1:] = (doc_col[1:] != doc_col[:-1]) | (sent[1:] != sent[:-1])
            # first non-punctuation token of each sentence
            sent_key = np.cumsum(new_sent)
            nonp = np.flatnonzero(~is_punct)
            if len(nonp):
                keys = sent_key[nonp]
                firsts = nonp[np.r_[True, keys[1:] != keys[:-1]]]
                first_word[firsts] = True
        if has_pos:
            noun = np.asarray(upos == "NOUN", dtype=bool) if n else np.zeros(0, dtype=bool)
        else:
            noun = shape_u[codes] if n else np.zeros(0, dtype=bool)
            for row in np.flatnonzero(noun & first_word):
                lem = lemma[row]
                noun[row] = isinstance(lem, str) and self._known_noun(text[row], lem)
        noun |= gender_inclusive
        noun &= ~foreign
        parts_col = np.full(n, None, dtype=object)
        head_col = np.full(n, None, dtype=object)
        fn = self._compound_function()
        if fn is not None and noun.any():
            rows = np.flatnonzero(noun)
            ncodes, nuniq = pd.factorize(lemma[rows], use_na_sentinel=False)
            cache = self._compounds
            todo = sorted({lem for lem in nuniq if isinstance(lem, str) and lem not in cache})
            if todo:
                parts, heads = fn(todo, [True] * len(todo))
                for lem, p, h in zip(todo, parts, heads):
                    cache[lem] = (p, h)
            got = [cache.get(lem, (None, None)) for lem in nuniq]
            parts_u = np.empty(len(got), dtype=object)  # (np.array would split "a|b" tuples)
            heads_u = np.empty(len(got), dtype=object)
            parts_u[:] = [g[0] for g in got]
            heads_u[:] = [g[1] for g in got]
            parts_col[rows] = parts_u[ncodes]
            head_col[rows] = heads_u[ncodes]

        obj = _string_series
        table = pd.DataFrame({
            "doc_id": obj(doc_col), "sent_id": raw["sent_id"].to_numpy(), "token_id": raw["token_id"].to_numpy(),
            "text": obj(text), "lemma": obj(lemma), "upos": obj(upos), "xpos": obj(xpos), "is_stop": is_stop,
            "is_punct": is_punct, "compound_parts": obj(parts_col), "compound_head": obj(head_col),
            "gender_inclusive": gender_inclusive, "start_char": raw["start_char"].to_numpy(),
            "end_char": raw["end_char"].to_numpy(),
        }, columns=list(TOKEN_COLUMNS))
        # final dtypes per chunk: Arrow strings are compact (memory) and pickle fast (n_process > 1)
        table = normalise_tokens(table)
        final = final_u[codes] if n else np.zeros(0, dtype=bool)
        return table, self._doc_info(doc_col, new_sent, final, docs)

    def _doc_info(self, doc_col: np.ndarray, new_sent: np.ndarray, final: np.ndarray,
                  docs: Sequence[tuple[str, str, str]]) -> pd.DataFrame:
        from framing.nlp.tokenizer import CONTROL_RE, EMOJI_RE

        n_tok: dict[str, int] = {}
        n_sent: dict[str, int] = {}
        has_end: set[str] = set()
        capped: set[str] = set()
        if len(doc_col):
            # rows of a document are contiguous: count runs instead of sorting strings
            doc_start = np.ones(len(doc_col), dtype=bool)
            doc_start[1:] = doc_col[1:] != doc_col[:-1]
            run_starts = np.flatnonzero(doc_start)
            run_docs = doc_col[run_starts].tolist()
            bounds = np.r_[run_starts, len(doc_col)]
            sent_cum = np.r_[0, np.cumsum(new_sent)]
            final_cum = np.r_[0, np.cumsum(final)]
            starts = np.flatnonzero(new_sent)
            lengths = np.diff(np.r_[starts, len(doc_col)])
            long_rows = starts[lengths >= self.max_sentence_tokens]
            for d, a, b in zip(run_docs, bounds[:-1].tolist(), bounds[1:].tolist()):
                n_tok[d] = n_tok.get(d, 0) + (b - a)
                n_sent[d] = n_sent.get(d, 0) + int(sent_cum[b] - sent_cum[a])
                if final_cum[b] > final_cum[a]:
                    has_end.add(d)
            capped = set(doc_col[long_rows].tolist())
        rows = []
        for doc_id, text, lang in docs:
            k = n_tok.get(doc_id, 0)
            flags = []
            if k == 0:
                flags.append("empty")
            if lang != "de":
                flags.append("not_german")
            if k >= NO_SENTENCE_END_MIN_TOKENS and doc_id not in has_end:
                flags.append("no_sentence_end")
            if doc_id in capped:
                flags.append("sentence_capped")
            if text and CONTROL_RE.search(text):
                flags.append("control_chars")
            if text and EMOJI_RE.search(text):
                flags.append("emoji")
            rows.append((doc_id, lang, k, n_sent.get(doc_id, 0), "|".join(flags)))
        return pd.DataFrame(rows, columns=["doc_id", *_DOC_INFO_COLUMNS])


# -- running chunks (in this process or in workers) ------------------------------------------
def _run_chunk(backend: Any, post: PostProcessor,
               chunk: Sequence[tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from framing.nlp.language import detect_language

    docs = [(d, t, detect_language(t).language) for d, t in chunk]
    raw = backend.annotate_docs([(d, t) for d, t in chunk])
    missing = [c for c in ("doc_id", "sent_id", "token_id", "text", "lemma", "upos", "xpos",
                           "start_char", "end_char") if c not in raw.columns]
    if missing:
        raise InputError(f"backend {getattr(backend, 'name', '?')!r} returned no columns {missing}")
    return post.process(raw.reset_index(drop=True), docs)


def _chunked(pairs: list[tuple[str, str]], batch_size: int, n_process: int) -> list[list[tuple[str, str]]]:
    """Chunks of ``batch_size`` documents. With several processes the last ``2 * n_process``
    chunks' worth of documents go in quarter-size chunks, so that the processes finish together
    instead of one computing a last full chunk while the others wait. (The output does not
    depend on where chunks end.)"""
    tail = 0 if n_process == 1 else min(len(pairs) // 2, 2 * n_process * batch_size)
    head = len(pairs) - tail
    small = max(1, batch_size // 4)
    return ([pairs[i:min(i + batch_size, head)] for i in range(0, head, batch_size)]
            + [pairs[i:i + small] for i in range(head, len(pairs), small)])


def _build_for_worker(spec: tuple, stopwords: frozenset[str], max_sentence_tokens: int,
                      compounds: bool) -> tuple[Any, PostProcessor]:
    """A fresh ``(backend, post-processor)`` pair in a spawned worker (see :mod:`framing.nlp.parallel`)."""
    if spec[0] == "name":
        from framing.nlp.backends import get_backend

        backend = get_backend(spec[1], **spec[2])
    else:
        backend = spec[1]
    return backend, PostProcessor(stopwords, max_sentence_tokens, compounds)


# -- cache -------------------------------------------------------------------------------------
def default_cache_dir() -> Path:
    """``$FRAMING_CACHE_DIR`` or ``~/.cache/framing`` (see :mod:`framing.cache`)."""
    from framing.cache import cache_dir

    return cache_dir()


def cache_key(settings: dict[str, Any], docs: pd.DataFrame, extra: dict[str, Any] | None = None) -> str:
    """Hash of the backend settings, :data:`ANNOTATION_VERSION`, ``extra`` and every doc id + text."""
    h = hashlib.sha256()
    head = {"settings": settings, "annotation_version": ANNOTATION_VERSION, "extra": extra or {}}
    h.update(json.dumps(head, sort_keys=True, default=str).encode("utf-8"))
    for doc_id, text in zip(docs["doc_id"].tolist(), docs["text"].tolist()):
        h.update(b"\x00doc\x00")
        h.update(str(doc_id).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
        h.update((text or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _merge_docs(docs: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    meta = docs.drop(columns=[c for c in ("text", *_DOC_INFO_COLUMNS) if c in docs.columns])
    info = info.assign(doc_id=info["doc_id"].astype(meta["doc_id"].dtype))
    out = meta.merge(info, on="doc_id", how="left", sort=False)
    out["language"] = out["language"].astype("string")
    out["flags"] = out["flags"].fillna("").astype("string")
    for col in ("n_tokens", "n_sentences"):
        out[col] = out[col].fillna(0).astype("int64")
    return out


# -- public API --------------------------------------------------------------------------------
def annotate(corpus: Any, backend: Any = "default", profile: str | None = None, *, n_process: int = 1,
             cache: bool | str | os.PathLike[str] = True, progress: bool = True,
             batch_size: int = DEFAULT_BATCH_SIZE, stopwords: Iterable[str] | None = None,
             stopwords_extra: Iterable[str] = (), stopwords_remove: Iterable[str] = (),
             compounds: bool = True, output: str | os.PathLike[str] | None = None,
             client: Any = None, **backend_options: Any) -> Tokens:
    """Annotate a corpus: one row per token (see :mod:`framing.nlp.tokens` for the columns).

    ``backend``: ``"default"`` (offline; profiles ``"fast"``/``"full"``, default
    :data:`framing.nlp.backends.offline.DEFAULT_PROFILE`), ``"stanza"``, or a backend object.
    ``profile`` and ``backend_options`` go to the backend's constructor.
    ``n_process``: processes (this one and ``n_process - 1`` workers, see
    :mod:`framing.nlp.parallel`; documents in chunks of ``batch_size``; the output is identical
    to ``n_process=1``). ``cache``: ``True`` (``$FRAMING_CACHE_DIR`` or
    ``~/.cache/framing``), a directory, or ``False``. ``stopwords``: a set replacing the shipped
    list; ``stopwords_extra``/``stopwords_remove`` adjust it. ``progress``: tqdm bar over documents.
    ``compounds=False`` leaves ``compound_parts``/``compound_head`` empty (``<NA>``); compound
    splitting is the slowest step for a corpus with many new noun types.
    A partitioned corpus (:func:`framing.read_parquet` of a folder) is annotated part by part;
    ``output`` (a folder) writes each part's tokens as they are made and returns lazy Tokens
    over the folder (:func:`framing.nlp.token_parts.annotate_parts`).
    ``client``: a ``dask.distributed.Client``: parts of consecutive documents are annotated on its
    workers (the same output; not cached on disk; ``corpus`` may then also be a folder of Parquet
    parts), see :mod:`framing.scale` and docs/guide/scale.md.

    >>> from framing import Corpus
    >>> tokens = annotate(Corpus.from_texts(["Die Stadt hilft."]), cache=False, progress=False)
    >>> tokens.table["lemma"].tolist()
    ['der', 'Stadt', 'helfen', '.']
    """
    if client is not None:  # Dask: parts annotated on the workers (framing.scale.annotate)
        from framing.scale.annotate import annotate_on_cluster

        if output is not None:
            raise ParameterError("annotate: client= and output= together are not supported; use "
                                 "framing.scale.annotate_to_parquet(corpus, folder, client) to write "
                                 "token parts from the workers")
        return annotate_on_cluster(corpus, client, backend=backend, profile=profile, progress=progress,
                                   batch_size=batch_size, stopwords=stopwords, stopwords_extra=stopwords_extra,
                                   stopwords_remove=stopwords_remove, compounds=compounds, **backend_options)
    if output is not None or hasattr(corpus, "iter_parts"):
        from framing.nlp.token_parts import annotate_parts

        return annotate_parts(corpus, output=output, backend=backend, profile=profile,
                              n_process=n_process, cache=cache, progress=progress,
                              batch_size=batch_size, stopwords=stopwords,
                              stopwords_extra=stopwords_extra, stopwords_remove=stopwords_remove,
                              compounds=compounds, **backend_options)
    t0 = time.perf_counter()
    docs = _as_docs(corpus)
    if not isinstance(n_process, int) or n_process < 1:
        raise ParameterError(f"n_process must be a positive integer, not {n_process!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ParameterError(f"batch_size must be a positive integer, not {batch_size!r}")
    be, spec = _make_backend(backend, profile, backend_options)
    sw = _stopword_set(stopwords, stopwords_extra, stopwords_remove)
    max_sent = int(getattr(be, "max_sentence_tokens", 1000))
    settings = be.settings()
    extra = {"stopwords": hashlib.sha1("\n".join(sorted(sw)).encode("utf-8")).hexdigest(),
             "compounds": _compounds_signature() if compounds else "off", "max_sentence_tokens": max_sent}
    meta: dict[str, Any] = {"backend": getattr(be, "name", str(backend)), "settings": settings,
                            "profile": settings.get("profile", profile),
                            "annotation_version": ANNOTATION_VERSION, "n_process": n_process}

    cache_path: Path | None = None
    if cache is not False and cache is not None:
        cache_dir = default_cache_dir() if cache is True else Path(cache).expanduser()
        key = cache_key(settings, docs, extra)
        meta["cache_key"] = key
        cache_path = cache_dir / f"tokens-{key[:40]}.parquet"
        if cache_path.exists():
            try:
                cached = Tokens.read_parquet(cache_path)
            except InputError:
                cached = None
            if cached is not None:
                info = cached.docs[["doc_id", *[c for c in _DOC_INFO_COLUMNS if c in cached.docs.columns]]]
                # time_s is this call's time (reading the file), not the cached run's
                load_time = round(time.perf_counter() - t0, 4)
                new_meta = {**cached.meta, "cache": "hit", "cache_path": str(cache_path),
                            "load_time_s": load_time, "time_s": load_time,
                            "annotation_time_s": cached.meta.get("annotation_time_s",
                                                                 cached.meta.get("time_s"))}
                return Tokens(cached.table, _merge_docs(docs, info), new_meta)

    # the per-word caches grow by tens of thousands of containers: defer the interpreter's
    # full collections, which would walk the loaded models each time (framing._memory)
    with deferred_full_collections():
        pairs = list(zip(docs["doc_id"].astype(str).tolist(), docs["text"].fillna("").astype(str).tolist()))
        chunks = _chunked(pairs, batch_size, n_process)
        tables: list[pd.DataFrame] = []
        infos: list[pd.DataFrame] = []
        if progress:
            from tqdm.auto import tqdm
        else:  # a silent bar: tqdm.auto would also import asyncio (≈ 10 ms of a small corpus' run)
            from tqdm import tqdm

        bar = tqdm(total=len(pairs), disable=not progress, unit="doc", desc="annotate")
        try:
            from functools import partial

            from framing.nlp.parallel import run_chunks

            post = PostProcessor(sw, max_sent, compounds)
            build = partial(_build_for_worker, spec, sw, max_sent, compounds)
            words = None
            if cache_path is not None:  # analyses of word types from earlier corpora (wordcache)
                from framing.nlp.wordcache import WordCache

                words = WordCache(cache_path.parent)
                offline = getattr(be, "name", "") in ("default", "offline")
                full = offline and getattr(be, "profile", "") == "full"
                word_opts: dict[str, Any] = {"hanta": bool(compounds or full),
                                             "greedy": bool(getattr(be, "greedy", True)) if offline else None,
                                             "post": post if compounds else None}
                meta["word_cache_entries"] = words.load(**word_opts)
            def stage(text: str) -> None:
                bar.set_description_str(f"annotate ({text})" if text else "annotate")

            for (table, info), chunk in zip(run_chunks(chunks, n_process, _run_chunk, be, post, build, stage),
                                            chunks):
                tables.append(table)
                infos.append(info)
                bar.update(len(chunk))
            if words is not None:
                words.save(**word_opts)
            available = post.compounds_available  # None when workers computed every chunk
            meta["compounds"] = bool(compounds and (available if available is not None
                                                    else _compounds_signature() != "absent"))
        finally:
            bar.close()

        table = (pd.concat(tables, ignore_index=True) if tables
                 else pd.DataFrame({c: [] for c in TOKEN_COLUMNS}))
        info = (pd.concat(infos, ignore_index=True) if infos
                else pd.DataFrame({c: [] for c in ("doc_id", *_DOC_INFO_COLUMNS)}))
        meta["time_s"] = round(time.perf_counter() - t0, 4)
        meta["cache"] = "miss" if cache_path is not None else "off"
        tokens = Tokens(table, _merge_docs(docs, info), meta)
        if cache_path is not None:
            from framing.cache import atomic_path

            try:
                with atomic_path(cache_path) as tmp:
                    tokens.to_parquet(tmp)
                tokens.meta["cache_path"] = str(cache_path)
            except OSError as exc:  # a read-only cache dir must not fail the analysis
                tokens.meta["cache_error"] = str(exc)
    return tokens


@overload
def annotation_summary(tokens: Tokens, as_text: Literal[False] = False) -> pd.DataFrame: ...
@overload
def annotation_summary(tokens: Tokens, as_text: Literal[True]) -> str: ...
@overload
def annotation_summary(tokens: Tokens, as_text: bool) -> pd.DataFrame | str: ...
def annotation_summary(tokens: Tokens, as_text: bool = False) -> pd.DataFrame | str:
    """Key numbers of an annotation: tokens, documents, sentences, types, flag counts, backend,
    profile, time. A one-column DataFrame (``value``) indexed by measure, or text (``as_text``)."""
    d = tokens.docs
    # a tokens folder not yet in memory is counted part by part (documents never cross parts)
    lazy = hasattr(tokens, "iter_parts") and not getattr(tokens, "loaded", True)
    parts = tokens.iter_parts() if lazy else [tokens]  # type: ignore[attr-defined]
    n_tok = n_sent = n_stop = n_gender = n_compound = 0
    lemmas: set[Any] = set()
    forms: set[Any] = set()
    for part in parts:
        t = part.table
        n_tok += len(t)
        n_sent += int(t.groupby(["doc_id", "sent_id"], sort=False).ngroups) if len(t) else 0
        words = t.loc[~t["is_punct"], "lemma"] if len(t) else t["lemma"]
        lemmas.update(words.dropna().unique().tolist())
        forms.update(t["text"].dropna().unique().tolist() if len(t) else [])
        n_stop += int(t["is_stop"].sum())
        n_gender += int(t["gender_inclusive"].sum())
        n_compound += int((t["compound_parts"].fillna("").str.contains("|", regex=False)).sum())
    rows: list[tuple[str, Any]] = [
        ("tokens", n_tok),
        ("documents", int(len(d))),
        ("sentences", n_sent),
        ("types (lemmas, no punctuation)", len(lemmas)),
        ("word forms", len(forms)),
        ("stopword tokens", n_stop),
        ("gender-inclusive tokens", n_gender),
        ("compound nouns", n_compound),
    ]
    flags = d["flags"].fillna("") if "flags" in d.columns else pd.Series([], dtype="string")
    for flag in FLAGS:
        count = int(flags.str.split("|").apply(lambda fs, f=flag: f in fs).sum()) if len(flags) else 0
        rows.append((f"documents flagged {flag}", count))
    if "language" in d.columns and len(d):
        langs = d["language"].value_counts()
        rows.append(("languages", ", ".join(f"{k}: {v}" for k, v in langs.items())))
    m = tokens.meta
    rows += [("backend", m.get("backend")), ("profile", m.get("profile"))]
    if m.get("cache") == "hit":
        # read from the cache: this call's time is the reading; the annotation was an earlier run's
        rows += [("cache", "hit (read from an earlier run)"), ("time to read (s)", m.get("time_s"))]
        if m.get("annotation_time_s") is not None:
            rows.append(("time of the earlier annotation (s)", m.get("annotation_time_s")))
    else:
        rows += [("time (s)", m.get("time_s")), ("cache", m.get("cache"))]
        if m.get("time_s"):
            rows.append(("tokens per second", int(n_tok / m["time_s"])))
    df = pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure")
    if as_text:
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)
    return df
