"""Topic models (gensim LDA, BERTopic) behind one interface; topics by town and time; topic
networks (ANTMN) whose communities are candidate frames.

    from framing.topics import TopicModel, Terms
    model = TopicModel(engine="lda", n_topics=20, terms=Terms(bigrams=True), random_state=1).fit(tokens)
    model.topics_by("place"); model.frames(by="place")

Names are loaded lazily: importing this package loads neither gensim nor BERTopic.
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "TopicModel": "framing.topics.base",
    "topic_model": "framing.topics.base",
    "MissingDependencyError": "framing.errors",
    "LdaTopicModel": "framing.topics.lda",
    "BertopicTopicModel": "framing.topics.bertopic_engine",
    "Terms": "framing.topics.terms",
    "DocumentTerms": "framing.topics.terms",
    "document_terms": "framing.topics.terms",
    "topic_coherence": "framing.topics.coherence",
    "topics_by_group": "framing.topics.analysis",
    "topics_over_time": "framing.topics.analysis",
    "representative_docs": "framing.topics.analysis",
    "sweep_topics": "framing.topics.sweep",
    "topic_network": "framing.topics.network",
    "frames_table": "framing.topics.network",
    "frame_shares": "framing.topics.network",
    "doc_frames": "framing.topics.network",
    "write_topic_network": "framing.topics.network",
    "write_outputs": "framing.topics.outputs",
    "plot_topic_shares": "framing.topics.plot",
    "plot_topics_over_time": "framing.topics.plot",
    "plot_sweep": "framing.topics.plot",
    "plot_topic_network": "framing.topics.plot",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
