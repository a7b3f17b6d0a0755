"""Near-duplicate detection: the same (agency) story printed in several local editions.

Method (see ``docs/guide/dedup.md``):

1. normalise each text (Unicode NFKC, casefold, words only) and cut it into word shingles
   (``shingle_size`` consecutive words), hashed to 64 bits with a keyed BLAKE2b per word and a
   polynomial hash per shingle (seeded by ``random_state``);
2. MinHash signatures (``num_perm`` universal hash functions ``(a*x + b) mod 2**64``, upper 32
   bits), computed with numpy in chunks of ~0.5 M words;
3. LSH banding finds candidate pairs; the band/row split is chosen for the Jaccard level that a
   pair at the decision boundary can have (see below), weighted towards recall;
4. every candidate pair is **verified** on the exact shingle sets, so LSH false positives never
   reach the result; verified pairs are grouped transitively (union-find).

Measure: a pair is a near-duplicate when its shingle *containment* ``|A & B| / min(|A|, |B|)``
is at least ``threshold`` and the shorter text has at least ``min_length_ratio`` of the longer
one's shingles. Containment (not Jaccard) so that an edition that cut the last paragraphs still
counts: a 70 % version of a story has containment ~1.0 but Jaccard ~0.7. ``measure="jaccard"``
uses Jaccard instead. Texts with fewer than ``shingle_size`` words are compared by exact
normalised text; empty texts are never duplicates.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing.errors import InputError, ParameterError, check_choice, check_positive, check_range

__all__ = ["StreamingDedup", "find_duplicates", "lsh_params", "mark_duplicates", "normalise_tokens", "signatures"]

_WORD_RE = re.compile(r"\w+")
_P = np.uint64(0x100000001B3)            # FNV prime: polynomial shingle hash
_CHUNK_WORDS = 200_000                   # words per MinHash chunk (bounds memory)
_MAX_BUCKET = 100                        # larger LSH buckets are linked as a chain
_SET_CACHE_BYTES = 32 * 2**20            # shingle sets kept for verification (bounds memory)
_trapezoid = getattr(np, "trapezoid", None) or np.trapz   # numpy 1.x / 2.x


def normalise_tokens(text: str) -> list[str]:
    """Words of a text for shingling: NFKC, casefolded, punctuation and whitespace dropped."""
    if not isinstance(text, str) or not text:
        return []
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


class _Hasher:
    """Stable 64-bit word hashes (keyed BLAKE2b, independent of corpus order and process)."""

    def __init__(self, random_state: int) -> None:
        self._key = hashlib.blake2b(str(int(random_state)).encode(), digest_size=16).digest()
        self._cache: dict[str, int] = {}

    def clear(self) -> None:
        """Forget the cached word hashes (they are recomputed on demand, with the same values)."""
        self._cache = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        cache = self._cache
        vals = list(map(cache.get, tokens))
        if None in vals:
            key = self._key
            for i, (t, v) in enumerate(zip(tokens, vals)):
                if v is None:
                    v = cache.get(t)
                    if v is None:
                        v = cache[t] = int.from_bytes(
                            hashlib.blake2b(t.encode("utf-8"), digest_size=8, key=key).digest(),
                            "little")
                    vals[i] = v
        return np.array(vals, dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (spreads polynomial hashes over all 64 bits)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _shingle_hashes(tok_hashes: np.ndarray, k: int) -> np.ndarray:
    """Hashes of all k-word windows of one document (empty if shorter than k)."""
    n = len(tok_hashes) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _P + tok_hashes[j:j + n]
        return _mix(h)


def lsh_params(threshold: float, num_perm: int, *, fn_weight: float = 0.8) -> tuple[int, int]:
    """(bands, rows) for MinHash LSH that minimise the weighted area of false positives below and
    false negatives above ``threshold`` (Jaccard); ``fn_weight`` > 0.5 favours recall (candidates
    are verified exactly, so extra candidates only cost time)."""
    xs = np.linspace(0.0, 1.0, 1001)
    best, best_err = (1, num_perm), np.inf
    for r in range(1, num_perm + 1):
        b = num_perm // r
        p = 1.0 - (1.0 - xs ** r) ** b
        below = xs <= threshold
        fp = _trapezoid(p[below], xs[below]) if below.sum() > 1 else 0.0
        fn = _trapezoid(1.0 - p[~below], xs[~below]) if (~below).sum() > 1 else 0.0
        err = (1.0 - fn_weight) * fp + fn_weight * fn
        if err < best_err - 1e-12:
            best, best_err = (b, r), err
    return best


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, x: int) -> int:
        p = self.parent
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return int(root)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class _LazyTexts:
    """The texts of a column, made into Python strings a block at a time: ``tolist()`` of a
    200 MB Arrow text column costs 200–400 MB of Python strings at once (memory benchmark in
    ``benchmarks/bench_ingest.py``)."""

    def __init__(self, column: pd.Series | Sequence[Any]) -> None:
        self._values = column.array if isinstance(column, pd.Series) else column

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i: int) -> Any:
        return self._values[i]

    def blocks(self, size: int = 2048) -> Iterator[tuple[int, list[Any]]]:
        """``(first position, texts)`` for consecutive blocks of ``size`` texts."""
        for start in range(0, len(self._values), size):
            block = self._values[start:start + size]
            yield start, block.tolist() if hasattr(block, "tolist") else list(block)


def band_key(sig: np.ndarray, band: int, r: int) -> np.ndarray:
    """One uint64 LSH bucket key per signature row for band ``band`` (rows ``band*r`` …)."""
    block = sig[:, band * r:(band + 1) * r].astype(np.uint64)
    mults = (np.arange(r, dtype=np.uint64) * np.uint64(2) + np.uint64(0x9E3779B97F4A7C15))
    with np.errstate(over="ignore"):
        return _mix((block * mults).sum(axis=1, dtype=np.uint64) + np.uint64(band))


def _candidates_from_keys(keys: Iterator[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Candidate pairs (i < j, table positions ``rows``) from the bucket keys of each band."""
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64)
    big = np.int64(int(rows.max()) + 1)
    found = np.empty(0, dtype=np.int64)
    for key in keys:
        order = np.argsort(key, kind="stable")
        ks = key[order]
        brk = np.flatnonzero(ks[1:] != ks[:-1]) + 1
        starts = np.concatenate(([0], brk))
        ends = np.concatenate((brk, [len(ks)]))
        multi = np.flatnonzero(ends - starts > 1)
        pairs: list[np.ndarray] = []
        for s, e in zip(starts[multi], ends[multi]):
            members = np.sort(rows[order[s:e]])
            if len(members) > _MAX_BUCKET:   # huge bucket (boilerplate): link as a chain
                pairs.append(members[:-1] * big + members[1:])
            else:
                ii, jj = np.triu_indices(len(members), k=1)
                pairs.append(members[ii] * big + members[jj])
        if pairs:
            found = np.union1d(found, np.concatenate(pairs))
    if not len(found):
        return np.empty((0, 2), dtype=np.int64)
    return np.column_stack((found // big, found % big))


class _Engine:
    """Shingles, signatures, candidates and exact verification for one table of texts."""

    def __init__(self, texts: Sequence[Any], *, shingle_size: int, num_perm: int,
                 random_state: int) -> None:
        check_positive("shingle_size", shingle_size)
        check_positive("num_perm", num_perm, minimum=2)
        self.texts = texts if isinstance(texts, _LazyTexts) else _LazyTexts(texts)
        self.k = int(shingle_size)
        self.num_perm = int(num_perm)
        self.hasher = _Hasher(random_state)
        rng = np.random.default_rng(random_state)
        self.a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        # exact shingle sets of candidate documents, least recently used dropped beyond
        # _SET_CACHE_BYTES (unbounded, it held every article's set: ~200 MB for 100,000)
        self._sets: OrderedDict[int, np.ndarray] = OrderedDict()
        self._sets_bytes = 0
        self.short_keys: dict[int, str] = {}

    def shingle_set(self, i: int) -> np.ndarray:
        s = self._sets.get(i)
        if s is not None:
            self._sets.move_to_end(i)
            return s
        toks = normalise_tokens(self.texts[i])
        s = np.unique(_shingle_hashes(self.hasher(toks), self.k))
        self._sets[i] = s
        self._sets_bytes += s.nbytes
        while self._sets_bytes > _SET_CACHE_BYTES and len(self._sets) > 2:
            _, old = self._sets.popitem(last=False)
            self._sets_bytes -= old.nbytes
        return s

    def signatures(self, texts: _LazyTexts | None = None,
                   offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """MinHash signatures (uint32, rows = documents with >= k words) and their row ids.

        ``texts``/``offset``: sign another block of texts whose first one has table position
        ``offset`` (the streaming path, :class:`StreamingDedup`, signs the corpus chunk by chunk
        with one engine); default: the engine's own texts.

        Documents are processed in chunks of ~0.5 M words: words are factorised with pandas (C
        speed), only new distinct words are hashed, shingle hashes and the ``num_perm``
        minima are computed with whole-chunk numpy operations."""
        texts = self.texts if texts is None else texts
        n = len(texts)
        k = self.k
        # one matrix filled chunk by chunk (stacking chunk matrices would hold the signatures
        # twice at the end: 100 MB for 100,000 articles)
        sig_all = np.empty((n, self.num_perm), dtype=np.uint32)
        rows_all = np.empty(n, dtype=np.int64)
        filled = 0
        chunk_tokens: list[str] = []
        chunk_rows: list[int] = []
        chunk_lens: list[int] = []

        def flush() -> None:
            nonlocal filled
            if not chunk_rows:
                return
            codes, uniques = pd.factorize(pd.Series(chunk_tokens, dtype=object), sort=False)
            tokh = self.hasher(list(uniques))[codes]
            lens = np.asarray(chunk_lens, dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
            total = int(lens.sum())
            # polynomial hash of every k-window over the whole chunk, then keep the windows
            # that lie inside one document
            m = total - k + 1
            h = np.zeros(m, dtype=np.uint64)
            with np.errstate(over="ignore"):
                for j in range(k):
                    h = h * _P + tokh[j:j + m]
            pos_in_doc = np.arange(m) - np.repeat(starts, lens)[:m]
            valid = pos_in_doc <= np.repeat(lens, lens)[:m] - k
            sh = _mix(h[valid])
            counts = lens - k + 1
            seg = np.concatenate(([0], np.cumsum(counts)[:-1]))
            sig = sig_all[filled:filled + len(chunk_rows)]
            shift = np.uint64(32)
            with np.errstate(over="ignore"):
                for p in range(self.num_perm):
                    v = (sh * self.a[p] + self.b[p]) >> shift
                    sig[:, p] = np.minimum.reduceat(v, seg)
            rows_all[filled:filled + len(chunk_rows)] = chunk_rows
            filled += len(chunk_rows)
            chunk_tokens.clear()
            chunk_rows.clear()
            chunk_lens.clear()

        for start, block in texts.blocks():
            for i, text in enumerate(block, start):
                toks = normalise_tokens(text)
                if not toks:
                    continue
                if len(toks) < k:
                    self.short_keys[i + offset] = " ".join(toks)
                    continue
                chunk_tokens.extend(toks)
                chunk_rows.append(i + offset)
                chunk_lens.append(len(toks))
                if len(chunk_tokens) >= _CHUNK_WORDS:
                    flush()
        flush()
        return sig_all[:filled], rows_all[:filled]

    @staticmethod
    def candidates(sig: np.ndarray, rows: np.ndarray, bands: int, r: int) -> np.ndarray:
        """Candidate pairs (i < j, table positions) sharing at least one LSH band.

        Pairs are kept as one int64 key each (``i * N + j``) and made unique band by band, so
        memory follows the distinct pairs, not the pairs of all bands together."""
        return _candidates_from_keys((band_key(sig, band, r) for band in range(bands)), rows)

    def similarity(self, i: int, j: int) -> tuple[float, float, int, int]:
        """(containment, jaccard, |A|, |B|) on exact shingle sets."""
        a, b = self.shingle_set(i), self.shingle_set(j)
        if not len(a) or not len(b):
            return 0.0, 0.0, len(a), len(b)
        inter = len(np.intersect1d(a, b, assume_unique=True))
        union = len(a) + len(b) - inter
        return inter / min(len(a), len(b)), inter / union, len(a), len(b)


#: MinHash signatures of a table: (signature rows, their table positions, short texts by
#: position) — what :meth:`_Engine.signatures` leaves behind
Signatures = tuple[np.ndarray, np.ndarray, dict[int, str]]


def signatures(texts: pd.Series | Sequence[Any], *, shingle_size: int = 5, num_perm: int = 128,
               random_state: int = 0) -> Signatures:
    """The MinHash signatures of ``texts`` (one part of a corpus: signatures depend only on each
    text, so the parts' signatures, shifted by the parts' first rows, are the corpus's)."""
    eng = _Engine(_LazyTexts(texts), shingle_size=shingle_size, num_perm=num_perm, random_state=random_state)
    sig, rows = eng.signatures()
    return sig, rows, eng.short_keys


def _check(threshold: float, min_length_ratio: float, measure: str, keep: str) -> None:
    check_range("threshold", threshold, 0, 1, low_open=True)
    check_range("min_length_ratio", min_length_ratio, 0, 1)
    check_choice("measure", measure, ["containment", "jaccard"])
    check_choice("keep", keep, ["first", "last"])


def _lsh_setting(threshold: float, min_length_ratio: float, measure: str,
                 num_perm: int) -> tuple[int, int, float]:
    """(bands, rows, Jaccard level) of the LSH pass for these settings."""
    if measure == "containment":
        # the lowest Jaccard a qualifying pair can have: containment t, size ratio q
        q = max(min_length_ratio, 1e-3)
        lsh_t = threshold * q / (1.0 + q - threshold * q)
    else:
        lsh_t = threshold
    bands, r = lsh_params(max(lsh_t, 0.05), num_perm)
    return bands, r, lsh_t


def _pairs(df: pd.DataFrame, text_col: str, threshold: float, shingle_size: int, num_perm: int,
           random_state: int, min_length_ratio: float, measure: str,
           signatures: Signatures | None = None) -> tuple[pd.DataFrame, _Engine]:
    """Verified near-duplicate pairs by table position, plus the engine (for later lookups)."""
    if text_col not in df.columns:
        raise InputError(f"no text column {text_col!r}; columns are {list(df.columns)}")
    texts = _LazyTexts(df[text_col])
    eng = _Engine(texts, shingle_size=shingle_size, num_perm=num_perm, random_state=random_state)
    if signatures is None:
        sig, rows = eng.signatures()
    else:  # computed elsewhere, e.g. per part on Dask workers (framing.scale.dedup)
        sig, rows, eng.short_keys = signatures
    bands, r, lsh_t = _lsh_setting(threshold, min_length_ratio, measure, num_perm)
    cand = eng.candidates(sig, rows, bands, r)
    # the signatures (num_perm × 4 bytes a document: 51 MB for 100,000) and the word hashes
    # (one entry per distinct word) are not needed to verify: free them before the shingle
    # sets of the candidates are built (verification hashes the few words it needs again)
    del sig, rows, signatures
    eng.hasher.clear()
    return _verify(eng, cand, threshold, min_length_ratio, measure, (bands, r, lsh_t)), eng


def _verify(eng: _Engine, cand: np.ndarray, threshold: float, min_length_ratio: float,
            measure: str, lsh: tuple[int, int, float]) -> pd.DataFrame:
    """Candidate pairs checked on exact shingle sets, plus the short texts' exact matches."""
    out_a: list[int] = []
    out_b: list[int] = []
    sims: list[float] = []
    jacs: list[float] = []
    la: list[int] = []
    lb: list[int] = []
    for i, j in cand.tolist():
        cont, jac, na, nb = eng.similarity(i, j)
        if measure == "containment":
            ok = cont >= threshold and min(na, nb) >= min_length_ratio * max(na, nb)
            sim = cont
        else:
            ok = jac >= threshold
            sim = jac
        if ok:
            out_a.append(i), out_b.append(j), sims.append(sim), jacs.append(jac)
            la.append(na), lb.append(nb)
    # very short texts: exact normalised text
    by_text: dict[str, list[int]] = {}
    for i, key in eng.short_keys.items():
        by_text.setdefault(key, []).append(i)
    for members in by_text.values():
        for a, b in pairwise(members):
            out_a.append(a), out_b.append(b), sims.append(1.0), jacs.append(1.0)
            la.append(0), lb.append(0)
    pairs = pd.DataFrame({"a": out_a, "b": out_b, "similarity": sims, "jaccard": jacs,
                          "shingles_a": la, "shingles_b": lb})
    pairs = pairs.sort_values(["a", "b"], kind="stable").reset_index(drop=True)
    bands, r, lsh_t = lsh
    pairs.attrs["lsh"] = {"bands": bands, "rows": r, "lsh_threshold": lsh_t,
                          "candidates": len(cand)}
    return pairs


def _doc_ids(df: pd.DataFrame) -> pd.Series:
    if "doc_id" in df.columns:
        return df["doc_id"].astype("string")
    return pd.Series([str(i) for i in df.index], index=df.index, dtype="string")


def find_duplicates(docs: pd.DataFrame, *, threshold: float = 0.8, shingle_size: int = 5,
                    num_perm: int = 128, random_state: int = 0, min_length_ratio: float = 0.5,
                    measure: Literal["containment", "jaccard"] = "containment",
                    text_col: str = "text") -> pd.DataFrame:
    """Verified near-duplicate pairs for auditing: ``doc_id_a``, ``doc_id_b`` (a before b in
    table order), ``similarity`` (the measure used), ``jaccard``, ``shingles_a``/``shingles_b``
    (0 for short texts matched by exact text). Only direct pairs; :func:`mark_duplicates` also
    groups transitively."""
    df = _frame(docs)
    _check(threshold, min_length_ratio, measure, "first")
    pairs, _ = _pairs(df, text_col, threshold, shingle_size, num_perm, random_state,
                      min_length_ratio, measure)
    ids = _doc_ids(df).to_numpy()
    out = pd.DataFrame({
        "doc_id_a": pd.array(ids[pairs["a"].to_numpy(dtype=np.int64)], dtype="string"),
        "doc_id_b": pd.array(ids[pairs["b"].to_numpy(dtype=np.int64)], dtype="string"),
        "similarity": pairs["similarity"].astype(float),
        "jaccard": pairs["jaccard"].astype(float),
        "shingles_a": pairs["shingles_a"].astype("int64"),
        "shingles_b": pairs["shingles_b"].astype("int64"),
    })
    out.attrs["lsh"] = pairs.attrs.get("lsh", {})
    return out


def mark_duplicates(docs: pd.DataFrame, *, threshold: float = 0.8, shingle_size: int = 5,
                    num_perm: int = 128, random_state: int = 0,
                    keep: Literal["first", "last"] = "first", order_by: str | None = "date",
                    min_length_ratio: float = 0.5,
                    measure: Literal["containment", "jaccard"] = "containment",
                    text_col: str = "text", signatures: Signatures | None = None) -> pd.DataFrame:
    """Mark near-duplicate documents (nothing is dropped); returns a copy with

    - ``is_duplicate`` (bool): True for every member of a group except the kept one;
    - ``duplicate_of`` (string): doc_id of the group's kept document, <NA> for kept ones;
    - ``carried_by`` (list): for kept documents the sorted outlets that printed the story
      (own outlet included); ``[]`` for duplicates;
    - ``dup_group`` (Int64): group number (ordered by the kept document's row), <NA> if unique;
    - ``dup_similarity`` (float): a duplicate's similarity to its kept document (may be below
      ``threshold`` when it joined the group through another member), <NA> otherwise.

    The kept document is the earliest by ``order_by`` (``keep="last"``: the latest); missing
    values sort after present ones, ties keep table order; ``order_by=None`` (or a table without
    the default ``date`` column) uses table order.
    Use ``corpus.unique()`` / ``df[~df.is_duplicate]`` to drop duplicates afterwards. Pass a
    :class:`~framing.corpus.corpus.Corpus` to get a Corpus back. ``signatures``: the MinHash
    signatures computed elsewhere (:func:`framing.scale.mark_duplicates` computes them per part
    on Dask workers); LSH and verification run here either way.
    """
    corpus_cls = _corpus_class(docs)
    df = _frame(docs)
    _check(threshold, min_length_ratio, measure, keep)
    if order_by is not None and order_by not in df.columns:
        if order_by != "date":
            raise ParameterError(f"order_by must be one of {list(df.columns)}, got {order_by!r}")
        order_by = None   # the default on a table without dates: table order
    pairs, eng = _pairs(df, text_col, threshold, shingle_size, num_perm, random_state,
                        min_length_ratio, measure, signatures)
    order_values = None
    if order_by is not None:
        order_values = df[order_by]
        if order_by == "date" or pd.api.types.is_datetime64_any_dtype(order_values):
            order_values = pd.to_datetime(order_values, errors="coerce", format="mixed")
    outlets = df["outlet"] if "outlet" in df.columns else pd.Series(pd.NA, index=df.index)
    is_dup, dup_of, carried, group_no, dup_sim, n_groups = _group_marks(
        pairs, eng, _doc_ids(df).to_numpy(dtype=object), outlets, order_values, keep, measure)
    out = df.copy()
    out["is_duplicate"] = is_dup
    out["duplicate_of"] = pd.array(dup_of, dtype="string")
    out["carried_by"] = carried
    out["dup_group"] = pd.array(group_no, dtype="Int64")
    out["dup_similarity"] = pd.array(dup_sim, dtype="Float64")
    out.attrs["dedup"] = {"threshold": threshold, "measure": measure, "shingle_size": shingle_size,
                          "num_perm": num_perm, "random_state": random_state,
                          "min_length_ratio": min_length_ratio, **pairs.attrs.get("lsh", {}),
                          "verified_pairs": len(pairs), "groups": n_groups,
                          "duplicates": int(is_dup.sum())}
    if corpus_cls is not None:
        return corpus_cls(out, getattr(docs, "report", None))
    return out


def _group_marks(pairs: pd.DataFrame, eng: _Engine, ids: np.ndarray, outlets: Sequence[Any],
                 order_values: pd.Series | None, keep: str, measure: str
                 ) -> tuple[np.ndarray, list[Any], list[list[str]], list[Any], list[Any], int]:
    """Verified pairs → groups (transitively) → the kept document of each and the marks
    ``(is_duplicate, duplicate_of, carried_by, dup_group, dup_similarity, number of groups)``,
    one value per table position (see :func:`mark_duplicates`)."""
    n = len(ids)
    uf = _UnionFind(n)
    for a, b in zip(pairs["a"].tolist(), pairs["b"].tolist()):
        uf.union(a, b)
    roots = np.fromiter((uf.find(i) for i in range(n)), dtype=np.int64, count=n)

    # rank documents for "keep": earliest first (keep="first") or latest first
    pos = np.arange(n)
    if order_values is None:
        rank_order = pos if keep == "first" else pos[::-1]
    else:
        missing = order_values.isna().to_numpy()
        frame = pd.DataFrame({"missing": missing, "value": order_values.to_numpy(), "pos": pos})
        frame = frame.sort_values(["missing", "value", "pos"], ascending=[True, keep == "first", True],
                                  kind="stable", na_position="last")
        rank_order = frame["pos"].to_numpy()
    rank = np.empty(n, dtype=np.int64)
    rank[rank_order] = np.arange(n)

    # one string object per distinct outlet (``carried_by`` keeps them for every document)
    shared: dict[str, str] = {}
    outlets = [None if (o is None or (not isinstance(o, str) and pd.isna(o)))
               else shared.setdefault(str(o), str(o)) for o in outlets]
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots.tolist()):
        groups.setdefault(root, []).append(i)
    is_dup = np.zeros(n, dtype=bool)
    dup_of: list[Any] = [pd.NA] * n
    carried: list[list[str]] = [[o] if o else [] for o in outlets]
    group_no: list[Any] = [pd.NA] * n
    dup_sim: list[Any] = [pd.NA] * n
    multi = [m for m in groups.values() if len(m) > 1]
    kept_of = {id(m): min(m, key=lambda i: rank[i]) for m in multi}
    for g, members in enumerate(sorted(multi, key=lambda m: kept_of[id(m)])):
        kept = kept_of[id(members)]
        carried[kept] = sorted({outlets[i] for i in members if outlets[i]})
        for i in members:
            group_no[i] = g
            if i == kept:
                continue
            is_dup[i] = True
            dup_of[i] = ids[kept]
            carried[i] = []
            if i in eng.short_keys:
                dup_sim[i] = 1.0
            else:
                cont, jac, _, _ = eng.similarity(kept, i)
                dup_sim[i] = cont if measure == "containment" else jac
    return is_dup, dup_of, carried, group_no, dup_sim, len(multi)


class StreamingDedup:
    """:func:`mark_duplicates` over a corpus that arrives in chunks (streaming ingest, partitioned
    corpora), with the same result as one call on the whole table.

    :meth:`add` keeps per document only what the global pass needs: its LSH bucket keys (one
    uint64 per band, ~0.3 KB), id, outlet and date; texts are not kept. :meth:`finish` runs the
    LSH pass over all documents, asks ``fetch`` for the texts of the candidate documents only
    (to verify pairs on exact shingle sets) and returns the marks of the documents that belong
    to a group (:data:`MARK_COLUMNS`); every other document is unique (``is_duplicate`` False,
    ``carried_by`` its own outlet). :func:`apply_marks` puts them on a table.
    """

    def __init__(self, *, threshold: float = 0.8, shingle_size: int = 5, num_perm: int = 128,
                 random_state: int = 0, keep: Literal["first", "last"] = "first",
                 order_by: str | None = "date", min_length_ratio: float = 0.5,
                 measure: Literal["containment", "jaccard"] = "containment",
                 text_col: str = "text") -> None:
        _check(threshold, min_length_ratio, measure, keep)
        self.options = {"threshold": threshold, "measure": measure, "shingle_size": shingle_size,
                        "num_perm": num_perm, "random_state": random_state,
                        "min_length_ratio": min_length_ratio}
        self.keep, self.order_by, self.text_col = keep, order_by, text_col
        self._engine = _Engine([], shingle_size=shingle_size, num_perm=num_perm,
                               random_state=random_state)
        self._lsh = _lsh_setting(threshold, min_length_ratio, measure, num_perm)
        self._keys: list[np.ndarray] = []
        self._rows: list[np.ndarray] = []
        self._ids: list[np.ndarray] = []
        self._outlets: list[pd.Series] = []
        self._order: list[pd.Series] = []
        self.n = 0

    def add(self, frame: pd.DataFrame) -> None:
        """Sign the next chunk of documents (table positions continue from the last chunk)."""
        if self.text_col not in frame.columns:
            raise InputError(f"no text column {self.text_col!r}; columns are {list(frame.columns)}")
        sig, rows = self._engine.signatures(_LazyTexts(frame[self.text_col]), offset=self.n)
        bands, r, _ = self._lsh
        self._keys.append(np.column_stack([band_key(sig, b, r) for b in range(bands)])
                          if len(rows) else np.empty((0, bands), dtype=np.uint64))
        self._rows.append(rows)
        self._ids.append(_doc_ids(frame).to_numpy(dtype=object))
        self._outlets.append(frame["outlet"].astype("string") if "outlet" in frame.columns
                             else pd.Series(pd.NA, index=frame.index, dtype="string"))
        if self.order_by is not None:
            if self.order_by not in frame.columns:
                if self.order_by != "date":
                    raise InputError(f"no column {self.order_by!r} to order by; columns are "
                                     f"{list(frame.columns)}")
                self.order_by = None if self.n == 0 else self.order_by
            if self.order_by is not None:
                col = frame[self.order_by] if self.order_by in frame.columns else pd.Series(
                    pd.NaT, index=frame.index)
                if self.order_by == "date" or pd.api.types.is_datetime64_any_dtype(col):
                    col = pd.to_datetime(col, errors="coerce", format="mixed")
                self._order.append(col.reset_index(drop=True))
        self.n += len(frame)

    def finish(self, fetch: Callable[[np.ndarray], dict[int, str]]) -> pd.DataFrame:
        """The marks of every document in a duplicate group, in table order; ``fetch(positions)``
        returns ``{position: text}`` for the (sorted) table positions asked for."""
        bands = self._lsh[0]
        rows = np.concatenate(self._rows) if self._rows else np.empty(0, dtype=np.int64)
        keys = np.concatenate(self._keys) if self._keys else np.empty((0, bands), dtype=np.uint64)
        self._keys = []
        cand = _candidates_from_keys((keys[:, b] for b in range(bands)), rows)
        del keys
        eng = self._engine
        wanted = np.unique(cand.ravel())
        eng.texts = _Fetched(fetch(wanted) if len(wanted) else {}, self.n)
        pairs = _verify(eng, cand, self.options["threshold"], self.options["min_length_ratio"],
                        self.options["measure"], self._lsh)
        ids = np.concatenate(self._ids) if self._ids else np.empty(0, dtype=object)
        outlets = pd.concat(self._outlets, ignore_index=True) if self._outlets else []
        order = (pd.concat(self._order, ignore_index=True)
                 if self.order_by is not None and self._order else None)
        is_dup, dup_of, carried, group_no, dup_sim, n_groups = _group_marks(
            pairs, eng, ids, outlets, order, self.keep, self.options["measure"])
        members = np.flatnonzero(pd.notna(pd.array(group_no, dtype="Int64")))
        marks = pd.DataFrame({
            "position": members.astype(np.int64),
            "doc_id": pd.array(ids[members], dtype="string"),
            "is_duplicate": is_dup[members],
            "duplicate_of": pd.array([dup_of[i] for i in members], dtype="string"),
            "carried_by": [carried[i] for i in members],
            "dup_group": pd.array([group_no[i] for i in members], dtype="Int64"),
            "dup_similarity": pd.array([dup_sim[i] for i in members], dtype="Float64"),
        })
        marks.attrs["dedup"] = {**self.options, **pairs.attrs.get("lsh", {}),
                                "verified_pairs": len(pairs), "groups": n_groups,
                                "duplicates": int(is_dup.sum())}
        return marks


#: Columns :func:`mark_duplicates` adds, in its order.
MARK_COLUMNS = ("is_duplicate", "duplicate_of", "carried_by", "dup_group", "dup_similarity")


def apply_marks(frame: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the :data:`MARK_COLUMNS` of :meth:`StreamingDedup.finish` (matched by
    ``doc_id``); documents without a mark are unique, as :func:`mark_duplicates` marks them."""
    out = frame.copy()
    ids = out["doc_id"].astype("string")
    hit = marks.set_index("doc_id").reindex(pd.Index(ids))
    found = hit["dup_group"].notna().to_numpy()
    outlets = out["outlet"] if "outlet" in out.columns else pd.Series(pd.NA, index=out.index)
    own = [[str(o)] if isinstance(o, str) and o else [] for o in outlets]
    out["is_duplicate"] = np.where(found, hit["is_duplicate"].fillna(False).to_numpy(dtype=bool), False)
    out["duplicate_of"] = pd.array(hit["duplicate_of"].to_numpy(), dtype="string")
    got = hit["carried_by"].tolist()
    out["carried_by"] = [list(c) if f else o for c, f, o in zip(got, found, own)]
    out["dup_group"] = pd.array(hit["dup_group"].to_numpy(), dtype="Int64")
    out["dup_similarity"] = pd.array(hit["dup_similarity"].to_numpy(), dtype="Float64")
    return out


class _Fetched:
    """Texts of some table positions (the candidates), looked up like :class:`_LazyTexts`."""

    def __init__(self, texts: dict[int, str], n: int) -> None:
        self._texts, self._n = texts, n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> Any:
        return self._texts[int(i)]


def _corpus_class(docs: Any) -> Any:
    from framing.corpus.corpus import Corpus
    return Corpus if isinstance(docs, Corpus) else None


def _frame(docs: Any) -> pd.DataFrame:
    if isinstance(docs, pd.DataFrame):
        return docs
    frame = getattr(docs, "docs", None)
    if isinstance(frame, pd.DataFrame):
        return frame
    raise InputError(f"expected a pandas DataFrame or Corpus, got {type(docs).__name__}")
