"""Stanza backend: tokenisation, multi-word-token expansion, UPOS/STTS tags and lemmas from Stanza's
German neural models (default package: Stanza's ``combined`` German UD model).

Conversion decisions (see docs/guide/stanza.md):

* one row per **syntactic word**: Stanza expands contractions (multi-word tokens, MWT) the UD
  way, "am" → "an" + "dem", "zum" → "zu" + "dem", so lemmas and POS are those of the parts
  (``an``/ADP/APPR and ``der``/DET/ART). Both rows carry the **token's** character span (the
  text "am"), so ``text[start_char:end_char]`` is the surface for each of them, and ``text`` is the
  word form ("an", "dem");
* ``token_id`` numbers words within the document from 0, ``sent_id`` sentences from 0;
* offsets come from Stanza's tokens; where a Document has none (e.g. one read from CoNLL-U
  without ``reconstruct_text``), tokens are aligned left to right to the document text, or, if
  the Document has no text, to its sentence texts joined by single spaces; a token that cannot be
  found gets ``-1``.

Stanza is imported only inside functions, so importing this module is cheap; models are read from
disk only (``download_method=None``), never downloaded at run time.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from framing.errors import FramingError, ModelNotFoundError, check_positive
from framing.nlp import models as _models
from framing.nlp.backends.base import RAW_COLUMNS

__all__ = ["StanzaBackend", "stanza_document_to_rows", "missing_models_message"]


def missing_models_message(resources_dir: Path, missing: Sequence[str] = ()) -> str:
    """The message of :class:`ModelNotFoundError` when the German Stanza models are not on disk."""
    what = f" (missing: {', '.join(missing)})" if missing else ""
    return (
        f"The German Stanza models are not on disk at {resources_dir}{what}. framing never "
        "downloads models while it annotates, so they cannot be fetched from within this run. "
        "Get them on a machine with network access:\n"
        "  framing models download stanza-de\n"
        "or in Python: framing.nlp.models.download(\"stanza-de\")\n"
        "or copy an existing stanza_resources folder to this machine and set "
        "STANZA_RESOURCES_DIR=/path/to/stanza_resources (or pass resources_dir=... to the backend)."
    )


def _sentence_texts(doc: Any) -> str | None:
    texts = [getattr(s, "text", None) for s in doc.sentences]
    if texts and all(isinstance(t, str) for t in texts):
        return " ".join(texts)
    return None


def stanza_document_to_rows(doc_id: str, doc: Any, text: str | None = None) -> pd.DataFrame:
    """Rows (:data:`~framing.nlp.backends.base.RAW_COLUMNS`) of one Stanza ``Document``.

    One row per syntactic word (MWT parts share their token's span); ``text`` overrides the text
    that missing offsets are aligned to (default: ``doc.text``, else the sentence texts).
    """
    if text is None:
        text = doc.text if isinstance(getattr(doc, "text", None), str) else _sentence_texts(doc)
    cols: dict[str, list[Any]] = {c: [] for c in RAW_COLUMNS}
    cursor = 0
    token_id = 0
    for sent_id, sent in enumerate(doc.sentences):
        for token in sent.tokens:
            start, end = token.start_char, token.end_char
            if start is None or end is None:
                start, end = -1, -1
                if text is not None:
                    pos = text.find(token.text, cursor)
                    if 0 <= pos <= cursor + 200:  # nearby only: a far match would misalign the rest
                        start, end = pos, pos + len(token.text)
            if end >= 0:
                cursor = end
            for word in token.words:
                cols["doc_id"].append(doc_id)
                cols["sent_id"].append(sent_id)
                cols["token_id"].append(token_id)
                cols["text"].append(word.text)
                cols["lemma"].append(word.lemma if word.lemma is not None else pd.NA)
                cols["upos"].append(word.upos if word.upos is not None else pd.NA)
                cols["xpos"].append(word.xpos if word.xpos is not None else pd.NA)
                cols["start_char"].append(start)
                cols["end_char"].append(end)
                token_id += 1
    df = pd.DataFrame(cols, columns=list(RAW_COLUMNS))
    for c in ("sent_id", "token_id", "start_char", "end_char"):
        df[c] = df[c].astype("int32")
    for c in ("doc_id", "text", "lemma", "upos", "xpos"):
        df[c] = df[c].astype("string")
    return df


def _batches(docs: Iterable[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    for item in docs:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class StanzaBackend:
    """Annotation with a real ``stanza.Pipeline("de", ...)`` read from disk.

    ``processors``: Stanza processors (``ner=True`` adds ``ner``); ``use_gpu``: ``None`` = use
    CUDA when torch sees it; ``batch_size``: documents per bulk ``nlp([...])`` call;
    ``resources_dir``: model folder (default ``$STANZA_RESOURCES_DIR``, then Stanza's default);
    ``package``: Stanza package (``"default"``: Stanza's default German models); ``pipeline_options``: passed on to
    ``stanza.Pipeline`` (e.g. ``{"pos_batch_size": 3000}``). Raises
    :class:`~framing.errors.ModelNotFoundError` when the models are not on disk.
    """

    name = "stanza"
    #: PyTorch's threads (and CUDA) do not survive a fork: annotate() spawns workers instead
    fork_safe = False

    def __init__(self, processors: str = _models.DEFAULT_PROCESSORS, use_gpu: bool | None = None,
                 batch_size: int = 64, resources_dir: str | Path | None = None, package: str = "default",
                 ner: bool = False, pipeline_options: dict[str, Any] | None = None) -> None:
        procs = [p.strip() for p in processors.split(",") if p.strip()]
        if ner and "ner" not in procs:
            procs.append("ner")
        check_positive("batch_size", batch_size)
        self.processors = ",".join(procs)
        self.batch_size = int(batch_size)
        self.package = package
        self.ner = "ner" in procs
        self.pipeline_options = dict(pipeline_options or {})
        if not _models.stanza_installed():
            raise FramingError("the Stanza backend needs the stanza package. Install it with:\n"
                               + _models.install_hint())
        self.resources_dir = _models.model_dir("stanza-de", resources_dir)
        missing = _models.missing_files("stanza-de", self.resources_dir, self.processors)
        if missing:
            raise ModelNotFoundError(missing_models_message(self.resources_dir, missing))
        if use_gpu is None:
            import torch

            use_gpu = bool(torch.cuda.is_available())
        self.use_gpu = bool(use_gpu)
        self._nlp: Any = None

    # -- pipeline ----------------------------------------------------------------------------
    def _pipeline(self) -> Any:
        if self._nlp is None:
            import stanza

            try:
                self._nlp = stanza.Pipeline(
                    "de", dir=str(self.resources_dir), processors=self.processors, package=self.package,
                    use_gpu=self.use_gpu, download_method=None, logging_level="WARN",
                    **self.pipeline_options)
            except FileNotFoundError as exc:  # ResourcesFileNotFoundError, LanguageNotDownloadedError ...
                raise ModelNotFoundError(missing_models_message(self.resources_dir) +
                                         f"\n(Stanza said: {exc})") from exc
        return self._nlp

    def settings(self) -> dict[str, Any]:
        """Backend name, Stanza version, processors, package, device and model files (name, bytes)."""
        from importlib.metadata import version

        files = _models.describe("stanza-de", self.resources_dir)["files"]
        resources_version = None
        try:
            import json

            with open(self.resources_dir / "resources.json", encoding="utf-8") as fh:
                resources_version = json.load(fh).get("__resources_version__") or None
        except (OSError, ValueError):
            pass
        return {
            "backend": self.name,
            "stanza_version": version("stanza"),
            "resources_version": resources_version,
            "lang": "de",
            "processors": self.processors,
            "package": self.package,
            "mwt": "words",
            "models": files,
            "pipeline_options": {k: repr(v) for k, v in sorted(self.pipeline_options.items())},
        }

    def annotate_docs(self, docs: Iterable[tuple[str, str]]) -> pd.DataFrame:
        """Annotate ``(doc_id, text)`` pairs in bulk batches; one row per syntactic word."""
        import stanza

        nlp = self._pipeline()
        frames: list[pd.DataFrame] = []
        for batch in _batches(docs, self.batch_size):
            in_docs = [stanza.Document([], text=text) for _, text in batch]
            out_docs = nlp(in_docs)
            for (doc_id, text), sdoc in zip(batch, out_docs):
                frames.append(stanza_document_to_rows(str(doc_id), sdoc, text))
        if not frames:
            return stanza_document_to_rows("", _EmptyDoc())
        return pd.concat(frames, ignore_index=True)

    def __repr__(self) -> str:
        return (f"StanzaBackend(processors={self.processors!r}, package={self.package!r}, "
                f"use_gpu={self.use_gpu}, resources_dir={str(self.resources_dir)!r})")


class _EmptyDoc:
    sentences: ClassVar[list[Any]] = []
    text = ""

