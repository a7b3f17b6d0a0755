"""The main job: sources → corpus → tokens → networks, topics and othering scores, in one folder.

``framing analyze corpora/demo -o out`` and ``framing.analyze("corpora/demo", "out")`` run it.
Every step calls the public API, so each output can be reproduced step by step in a script.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

PathLike = str | Path


@dataclass
class AnalysisResult:
    """What :func:`analyze` produced: the objects, the files written and the step timings."""

    outdir: Path
    corpus: Any = None
    tokens: Any = None
    networks: dict[str, Path] = field(default_factory=dict)
    topic_model: Any = None
    othering: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def analyze(sources: PathLike | Sequence[PathLike], outdir: PathLike = "out", *,
            by: str = "place", backend: str = "default", profile: str | None = None,
            n_process: int = 1, networks: bool = True, topics: bool = True, othering: bool = True,
            n_topics: int = 8, random_state: int = 0, progress: bool = True,
            log: Callable[[str], None] | None = print) -> AnalysisResult:
    """Run the whole analysis on ``sources`` and write every table, network and plot to ``outdir``.

    Steps (each output is named after the step):

    1. ``framing.read`` → ``corpus.parquet``, ``ingest_report.txt``, ``ingest_events.csv``,
       ``summary_<by>_year.csv``;
    2. ``framing.annotate`` (on the corpus without marked duplicates) → ``tokens.parquet``,
       ``annotation_summary.txt``;
    3. co-occurrence networks per ``by`` group (nouns, proper nouns, adjectives; sentence unit;
       NPMI; 20 strongest edges per term) → ``networks/`` (GEXF for Gephi, node/edge CSV, PNG,
       ``comparison.csv`` of edges significantly stronger in one group);
    4. an LDA topic model with ``n_topics`` topics and its topic network (ANTMN frames) →
       ``topics/``;
    5. othering scores per ``by`` group, and per party for speeches → ``othering/``.

    Sources that yield no document raise :class:`framing.errors.EmptyCorpusError` before
    ``outdir`` is created (``framing analyze`` exits with status 2).
    """
    import framing

    say = log or (lambda _msg: None)
    out = Path(outdir)
    result = AnalysisResult(outdir=out)

    def timed(step: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        value = fn()
        result.seconds[step] = round(time.perf_counter() - t0, 2)
        return value

    # Read before creating the folder: sources without any document raise EmptyCorpusError
    # (an InputError carrying the report) and leave no half-made output folder behind.
    corpus = timed("ingest", lambda: framing.read(sources, progress=progress))
    out.mkdir(parents=True, exist_ok=True)
    result.corpus = corpus
    result.files["corpus"] = corpus.to_parquet(out / "corpus.parquet")
    (out / "ingest_report.txt").write_text(corpus.report.to_text(max_rows=10_000) + "\n", encoding="utf-8")
    corpus.report.to_frame().to_csv(out / "ingest_events.csv", index=False)
    summary = corpus.summary(by=[by, "year"])
    summary.to_csv(out / f"summary_{by}_year.csv")
    say(corpus.report.to_text())
    say(f"\nDocuments and words by {by} and year:\n{summary.to_string()}")

    from framing.nlp.annotate import annotation_summary

    tokens = timed("annotate", lambda: framing.annotate(corpus.unique(), backend=backend, profile=profile,
                                                        n_process=n_process, progress=progress))
    result.tokens = tokens
    result.files["tokens"] = tokens.to_parquet(out / "tokens.parquet")
    ann = annotation_summary(tokens, as_text=True)
    (out / "annotation_summary.txt").write_text(ann + "\n", encoding="utf-8")
    say(f"\nAnnotation:\n{ann}")

    if networks:
        from framing.cooccurrence.outputs import write_networks

        result.networks = timed("networks", lambda: write_networks(
            tokens, out / "networks", by=by, pos=["NOUN", "PROPN", "ADJ"], min_count=3,
            random_state=random_state, progress=progress, log=say))

    if topics:
        from framing.topics import write_outputs

        def fit_topics() -> Any:
            model = framing.TopicModel(engine="lda", n_topics=n_topics,  # type: ignore[abstract]  # __new__: engine class
                                       random_state=random_state, progress=progress).fit(tokens)
            result.files.update({f"topics_{k}": v for k, v in
                                 write_outputs(model, out / "topics", by=by).items()})
            return model

        model = timed("topics", fit_topics)
        result.topic_model = model
        say(f"\nTopics (LDA, k={n_topics}):\n"
            + model.topics_[["topic", "label", "size"]].to_string(index=False))

    if othering:
        result.othering = timed("othering", lambda: _othering(tokens, out / "othering", by, random_state, say))

    say("\nSeconds per step: " + ", ".join(f"{k} {v}" for k, v in result.seconds.items()))
    say(f"Wrote {out}/")
    return result


def _othering(tokens: Any, outdir: Path, by: str, random_state: int,
              say: Callable[[str], None]) -> dict[str, Any]:
    """Othering index per ``by`` group (press and speeches apart) and per party for speeches."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing.othering import OtheringScorer

    outdir.mkdir(parents=True, exist_ok=True)
    scorer = OtheringScorer(random_state=random_state)
    docs = tokens.docs
    is_speech = ((docs["genre"] == "speech").fillna(False) if "genre" in docs.columns
                 else pd.Series(False, index=docs.index))
    results: dict[str, Any] = {}
    units = {f"press_by_{by}": (tokens.filter_docs(docs.loc[~is_speech, "doc_id"]), by)}
    if is_speech.any():
        speeches = tokens.filter_docs(docs.loc[is_speech, "doc_id"])
        units["speeches_by_party"] = (speeches, "party" if "party" in docs.columns else by)
    for name, (subset, unit) in units.items():
        if not len(subset):
            continue
        scored = scorer.score(subset, by=unit)
        scored.to_csv(outdir / f"{name}.csv", evidence=outdir / f"{name}_evidence.csv")
        fig = scored.plot(path=outdir / f"{name}.png", title=f"Othering index: {name.replace('_', ' ')}")
        plt.close(fig)
        results[name] = scored
        cols = [c for c in (unit, "othering", "recognition", "othering_index", "ci_low", "ci_high")
                if c in scored.table.columns]
        say(f"\nOthering ({name.replace('_', ' ')}):\n"
            + scored.table[cols].to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return results
