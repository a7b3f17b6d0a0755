"""framing: computational discourse analysis of local media framing in the German local press.

The public API is re-exported here and loaded lazily, so ``import framing`` stays fast and heavy
stacks (Stanza, torch, gensim, BERTopic) load only when a function that needs them runs.

    import framing
    corpus = framing.read("corpora/demo")              # Corpus (documents table)
    tokens = framing.annotate(corpus)                   # Tokens (one row per token)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from framing._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Corpus": "framing.corpus.corpus",
    "Document": "framing.corpus.corpus",
    "IngestReport": "framing.corpus.report",
    "read": "framing.corpus.ingest",
    "ingest": "framing.corpus.ingest",
    "Cleaner": "framing.corpus.cleaning",
    "Gazetteer": "framing.corpus.places",
    "PlaceTagger": "framing.corpus.places",
    "mark_duplicates": "framing.corpus.dedup",
    "Tokens": "framing.nlp.tokens",
    "read_parquet": "framing.corpus.partitioned",
    "read_tokens": "framing.nlp.token_parts",
    "PartitionedCorpus": "framing.corpus.partitioned",
    "PartitionedTokens": "framing.nlp.token_parts",
    "annotate": "framing.nlp.annotate",
    "analyze": "framing.pipeline",
    "cooccurrence": "framing.networks.counting",
    "cooccurrence_by": "framing.networks.compare",
    "Cooccurrence": "framing.networks.counting",
    "CooccurrenceGroups": "framing.networks.compare",
    "OtheringScorer": "framing.othering.scorer",
    "OtheringResult": "framing.othering.scorer",
    "Lexicon": "framing.othering.lexicon",
    "Terms": "framing.topics.terms",
    "othering": "framing.othering",
    "FramingError": "framing.errors",
    "InputError": "framing.errors",
    "EmptyCorpusError": "framing.errors",
    "ModelNotFoundError": "framing.errors",
    "FormatError": "framing.errors",
    "ParameterError": "framing.errors",
    "NotFittedError": "framing.errors",
    "MissingDependencyError": "framing.errors",
    "TopicModel": "framing.topics.base",
    "topic_model": "framing.topics.base",
    "sweep_topics": "framing.topics.sweep",
    "Codebook": "framing.frames.codebook",
    "score_frames": "framing.frames.scoring",
    "FrameResult": "framing.frames.result",
    "kwic": "framing.frames.kwic",
    "coding_sample": "framing.frames.validation",
    "read_codes": "framing.frames.validation",
    "agreement": "framing.frames.validation",
    "label_topics": "framing.frames.labels",
    "label_communities": "framing.frames.labels",
    "north_south": "framing.frames.northsouth",
    "expand_frame": "framing.frames.expand",
    "keyness": "framing.compare.keyness",
    "keyness_by": "framing.compare.keyness",
    "compare_frames": "framing.compare.shares",
    "build_report": "framing.report.build",
    "get_client": "framing.scale.cluster",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover  (for type checkers and IDEs; complete: tested)
    from framing.networks.compare import CooccurrenceGroups, cooccurrence_by
    from framing.networks.counting import Cooccurrence, cooccurrence
    from framing.corpus.cleaning import Cleaner
    from framing.corpus.corpus import Corpus, Document
    from framing.corpus.dedup import mark_duplicates
    from framing.corpus.ingest import ingest, read
    from framing.corpus.places import Gazetteer, PlaceTagger
    from framing.compare.keyness import keyness, keyness_by
    from framing.compare.shares import compare_frames
    from framing.corpus.report import IngestReport
    from framing.errors import (EmptyCorpusError, FormatError, FramingError, InputError,
                                MissingDependencyError, ModelNotFoundError, NotFittedError,
                                ParameterError)
    from framing.frames.codebook import Codebook
    from framing.frames.expand import expand_frame
    from framing.frames.kwic import kwic
    from framing.frames.labels import label_communities, label_topics
    from framing.frames.northsouth import north_south
    from framing.frames.result import FrameResult
    from framing.frames.scoring import score_frames
    from framing.frames.validation import agreement, coding_sample, read_codes
    from framing.nlp.annotate import annotate
    from framing.nlp.tokens import Tokens
    from framing.corpus.partitioned import PartitionedCorpus, read_parquet
    from framing.nlp.token_parts import PartitionedTokens, read_tokens
    from framing.othering import othering
    from framing.othering.lexicon import Lexicon
    from framing.othering.scorer import OtheringResult, OtheringScorer
    from framing.topics.terms import Terms
    from framing.pipeline import analyze
    from framing.report.build import build_report
    from framing.scale.cluster import get_client
    from framing.topics.base import TopicModel, topic_model
    from framing.topics.sweep import sweep_topics


#: subpackages reachable as attributes after a plain ``import framing`` (``framing.networks.write_gexf``)
_SUBPACKAGES = ("networks",)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, _SUBPACKAGES)
