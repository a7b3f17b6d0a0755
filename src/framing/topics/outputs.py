"""Write a fitted topic model's tables, plots and topic network into a folder (used by
``framing topics``; handy in scripts too)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from framing.topics.base import TopicModel


def _csv(df: pd.DataFrame, path: Path, index: bool = False) -> Path:
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    out.to_csv(path, index=index)
    return path


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(name))


def _save(fig: Any, files: dict[str, Path], key: str, svg: bool) -> None:
    """Save ``fig`` as ``files[key]`` (PNG) and, with ``svg``, as SVG beside it (``<key>_svg``)."""
    fig.savefig(files[key], dpi=120)
    if svg:
        files[f"{key}_svg"] = files[key].with_suffix(".svg")
        fig.savefig(files[f"{key}_svg"])


def write_outputs(model: "TopicModel", outdir: str | Path, *, by: str | None = "place", freq: str = "year",
                  network: dict[str, Any] | None = None, plots: bool = True, n_docs: int = 5,
                  svg: bool = False) -> dict[str, Path]:
    """Write topics, document-topic proportions, shares by ``by`` and over time, representative
    documents, coherence, the ANTMN frames table and network (GEXF), and plots (PNG; with
    ``svg=True`` also SVG beside each, as ``<key>_svg``). Returns name → path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    labels = dict(zip(model.topics_["topic"], model.topics_["label"]))
    files["topics"] = _csv(model.topics_, outdir / "topics.csv")
    files["top_terms"] = _csv(model.top_terms(), outdir / "top_terms.csv")
    files["doc_topics"] = _csv(model.doc_topics_.reset_index(), outdir / "doc_topics.csv")
    if model.coherence_ is not None:
        table = pd.concat([model.coherence_, model.coherence_overall_.to_frame().T])
        files["coherence"] = _csv(table.rename_axis("topic").reset_index(), outdir / "coherence.csv")
    files["representative_docs"] = _csv(model.representative_docs(n_docs), outdir / "representative_docs.csv")
    by_table = None
    if by is not None and (by in model.docs_.columns or by in ("year", "quarter", "month")):
        by_table = model.topics_by(by)
        files[f"topics_by_{by}"] = _csv(model.topics_by(by, long=True), outdir / f"topics_by_{_safe(by)}.csv")
    time_table = None
    if "date" in model.docs_.columns and model.docs_["date"].notna().any():
        time_table = model.topics_over_time(freq)
        files["topics_over_time"] = _csv(model.topics_over_time(freq, long=True), outdir / "topics_over_time.csv")
    G = None
    if model.n_topics_ >= 2:
        from framing.topics.network import write_topic_network

        G = model.topic_network(**(network or {}))
        frames = model.frames(by=by if by_table is not None else None, graph=G)
        files["frames"] = _csv(frames, outdir / "frames.csv")
        files["topic_network"] = write_topic_network(G, outdir / "topic_network.gexf")
    if plots:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        from framing.topics import plot as tp

        if by_table is not None and len(by_table):
            fig = tp.plot_topic_shares(by_table, labels)
            files["plot_shares"] = outdir / f"topic_shares_by_{_safe(by)}.png"
            _save(fig, files, "plot_shares", svg)
            plt.close(fig)
        if time_table is not None and len(time_table):
            fig = tp.plot_topics_over_time(time_table, labels)
            files["plot_time"] = outdir / "topics_over_time.png"
            _save(fig, files, "plot_time", svg)
            plt.close(fig)
        if G is not None:
            fig = tp.plot_topic_network(G, random_state=model.random_state)
            files["plot_network"] = outdir / "topic_network.png"
            _save(fig, files, "plot_network", svg)
            plt.close(fig)
    settings = {k: v for k, v in model.get_params().items() if isinstance(v, (str, int, float, bool, type(None)))}
    summary = {"engine": model.engine, "n_topics": model.n_topics_, "n_docs": len(model.doc_topics_),
               "empty_docs": len(model.empty_docs_), "fit_seconds": round(model.fit_time_, 3),
               "coherence": None if model.coherence_overall_ is None else
               {k: round(float(v), 4) for k, v in model.coherence_overall_.items()},
               "settings": settings,
               "terms": model.terms_.settings() if model.terms_ is not None else None,
               "files": {k: p.name for k, p in files.items()}}
    (outdir / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n",
                                         encoding="utf-8")
    files["summary"] = outdir / "summary.json"
    return files
