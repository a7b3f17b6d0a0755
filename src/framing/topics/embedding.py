"""Document embeddings for BERTopic, offline by default.

* ``"tfidf"`` (default): a scikit-learn pipeline TF-IDF → TruncatedSVD(random_state) → L2
  normalisation over the selected terms (lemmas), as BERTopic documents for scikit-learn
  embedders. Needs nothing beyond scikit-learn, is fast and reproducible; it captures which
  words documents share, not what sentences mean.
* a sentence-transformers model: a ``SentenceTransformer`` object, a folder with a saved model,
  or a Hugging Face model name *that is already in the local cache*. Names are resolved with
  ``HF_HUB_OFFLINE=1`` and ``local_files_only=True``, so a missing model raises
  :class:`~framing.errors.ModelNotFoundError` at once instead of retrying the hub for a minute;
  ``allow_download=True`` lets sentence-transformers download it (needs a network).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import InputError, ModelNotFoundError
from framing.topics.base import require

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens

DEFAULT_EMBEDDER = "tfidf"
_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@contextlib.contextmanager
def offline(enabled: bool = True) -> Iterator[None]:
    """Force Hugging Face libraries offline while resolving or loading a model (restored after)."""
    if not enabled:
        yield
        return
    saved = {k: os.environ.get(k) for k in _OFFLINE_VARS}
    for k in _OFFLINE_VARS:
        os.environ[k] = "1"
    const = None
    saved_const = None
    try:
        import huggingface_hub.constants as const  # read at import time: patch the constant too

        saved_const = const.HF_HUB_OFFLINE
        const.HF_HUB_OFFLINE = True
    except Exception:  # pragma: no cover - huggingface_hub comes with sentence-transformers
        const = None
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if const is not None:
            const.HF_HUB_OFFLINE = saved_const


def tfidf_pipeline(n_components: int = 100, random_state: int | None = 0) -> Any:
    """The offline default embedder: TF-IDF (over space-separated terms) → SVD → L2 norm."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import Normalizer

    return Pipeline([
        ("tfidf", TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True)),
        ("svd", TruncatedSVD(n_components=n_components, random_state=random_state)),
        ("norm", Normalizer(copy=False)),
    ])


def _not_found(name: str) -> ModelNotFoundError:
    return ModelNotFoundError(
        f"embedding model {name!r} is not on this machine and framing does not download models by itself "
        "(no network is assumed). Either (a) use the offline default embedding_model='tfidf'; "
        "(b) on a machine with a network run "
        f"`SentenceTransformer({name!r}).save('models/{name.split('/')[-1]}')`, copy that folder here "
        f"and pass embedding_model='models/{name.split('/')[-1]}' (a folder path); (c) pass a loaded "
        "SentenceTransformer object; or (d) pass allow_download=True to let sentence-transformers "
        "fetch it into the Hugging Face cache (needs a network).")


def resolve_sentence_transformer(model: Any, *, allow_download: bool = False, device: str | None = None) -> Any:
    """A ``SentenceTransformer`` from an object, a local folder or a locally cached hub name."""
    if not isinstance(model, (str, Path)):
        return model
    name = str(model)
    with offline(not allow_download):
        path = Path(name).expanduser()
        if path.is_dir():
            st = require("sentence_transformers")
            try:
                return st.SentenceTransformer(str(path), device=device, local_files_only=True)
            except Exception as exc:
                raise ModelNotFoundError(f"{path}: not a loadable sentence-transformers model "
                                         f"({exc.__class__.__name__}: {exc})") from None
        if looks_like_path(name):
            raise ModelNotFoundError(f"{name}: no such model folder")
        hub = require("huggingface_hub")
        candidates = [name] if "/" in name else [f"sentence-transformers/{name}", name]
        for repo in candidates:
            try:
                local = hub.snapshot_download(repo_id=repo, local_files_only=True)
            except Exception:
                continue
            st = require("sentence_transformers")
            return st.SentenceTransformer(local, device=device, local_files_only=True)
    if not allow_download:
        raise _not_found(name)
    st = require("sentence_transformers")
    return st.SentenceTransformer(name, device=device)


def looks_like_path(name: str) -> bool:
    """True for strings that are clearly file-system paths rather than hub names."""
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name or name.endswith("/")


def document_texts(tokens: "Tokens", doc_ids: Sequence[str]) -> list[str]:
    """Approximate document texts rebuilt from the token table (surface forms, original spacing
    where character offsets are known), for embedding models that read running text. A tokens
    folder is read part by part (the texts of all documents are kept, not the token table)."""
    if hasattr(tokens, "iter_parts") and not getattr(tokens, "loaded", True):
        texts: dict[str, str] = {}
        for part in tokens.iter_parts():
            ids = part.docs["doc_id"].astype(str).tolist()
            texts.update(zip(ids, document_texts(part, ids)))
        return [texts.get(str(d), "") for d in doc_ids]
    t = tokens.table
    if len(t) == 0:
        return ["" for _ in doc_ids]
    text = t["text"].fillna("").astype(str).to_numpy(dtype=object)
    doc = t["doc_id"].astype(str).to_numpy(dtype=object)
    start = t["start_char"].to_numpy(dtype=np.int64)
    end = t["end_char"].to_numpy(dtype=np.int64)
    same = np.zeros(len(t), dtype=bool)
    same[1:] = doc[1:] == doc[:-1]
    glued = same.copy()
    glued[1:] &= (start[1:] >= 0) & (start[1:] == end[:-1])
    sep = pd.Series(np.where(same & ~glued, " ", ""), dtype=object)
    joined = (sep + pd.Series(text, dtype=object)).groupby(doc, sort=False).agg("".join)
    return [joined.get(d, "") for d in doc_ids]


def check_embeddings(emb: Any, n_docs: int) -> np.ndarray:
    """Embeddings as a float32 array with one row per document."""
    arr = np.asarray(emb, dtype=np.float32)
    if arr.ndim != 2 or arr.shape[0] != n_docs:
        raise InputError(f"embeddings must have shape (n_documents={n_docs}, dim), got {arr.shape}")
    return arr
