"""Plots of topic results (matplotlib, imported only when a plot is drawn). Each function returns
the ``Figure``; save it with ``fig.savefig("file.png", dpi=150)``."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing.errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.figure import Figure


def _labels(columns: pd.Index, labels: Mapping[Any, str] | None, width: int = 40) -> list[str]:
    out = []
    for c in columns:
        text = f"{c}: {labels[c]}" if labels and c in labels else str(c)
        out.append(text if len(text) <= width else text[: width - 1] + "…")
    return out


def _figure(ax: Any, size: tuple[float, float]) -> tuple["Figure", Any]:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _shares_and_counts(table: pd.DataFrame, n_docs: Mapping[Any, int] | pd.Series | None
                       ) -> tuple[pd.DataFrame, dict[Any, int] | None]:
    """The wide groups x topics table and the documents per group, from a wide table (counts from
    ``n_docs`` or ``table.attrs["n_docs"]``) or from the long form of ``topics_by(long=True)``."""
    if {"topic", "share", "n_docs"} <= set(table.columns):
        group = [c for c in table.columns if c not in ("topic", "label", "topic_label", "share", "n_docs")]
        if len(group) != 1:
            raise ParameterError(f"a long topic-share table needs exactly one group column, got {group}")
        wide = table.pivot(index=group[0], columns="topic", values="share")
        counts = table.groupby(group[0])["n_docs"].first()
        label = "topic_label" if "topic_label" in table.columns else "label"
        if label in table.columns and label != group[0]:  # keep the topic labels for the axis
            wide.attrs["labels"] = dict(zip(table["topic"], table[label]))
        return wide, {k: int(v) for k, v in counts.items()}
    source = n_docs if n_docs is not None else table.attrs.get("n_docs")
    if source is None:
        return table, None
    return table, {g: int(source[g]) for g in table.index if g in source}


def plot_topic_shares(table: pd.DataFrame, labels: Mapping[Any, str] | None = None, *, ax: Any = None,
                      title: str | None = None, cmap: str = "Blues",
                      n_docs: Mapping[Any, int] | pd.Series | None = None, min_docs: int = 5) -> "Figure":
    """Heatmap of a groups x topics share table (from ``topics_by``): which town talks about what.

    With the documents per group — ``n_docs`` (group → count), ``table.attrs["n_docs"]``, or a
    long table from ``topics_by(..., long=True)`` — each group's label shows its ``n``, and groups
    with fewer than ``min_docs`` documents are greyed out without percentages: the mean share of
    one document is that document's mix, not the group's (a desk with 1 article is not "99 %").
    """
    table, counts = _shares_and_counts(table, n_docs)
    labels = labels if labels is not None else table.attrs.get("labels")
    data = table.to_numpy(dtype=float)
    n_groups, n_topics = data.shape
    small = np.array([counts is not None and counts.get(g, 0) < min_docs for g in table.index], dtype=bool)
    ylabels = _labels(table.columns, labels)
    width = 2.0 + (0.75 if counts is not None else 0.5) * n_groups + 0.07 * max(map(len, ylabels), default=0)
    fig, ax = _figure(ax, (max(6.0, width), max(3.0, 1.4 + 0.32 * n_topics)))
    shown = np.ma.masked_array(data.T, mask=np.isnan(data.T) | small[None, :])
    colours = _with_grey_bad(cmap)
    top = (float(np.nanmax(np.where(small[:, None], np.nan, data)))
           if (~small).any() and np.isfinite(data).any() else 1.0)
    im = ax.imshow(shown, aspect="auto", cmap=colours, vmin=0, vmax=top if np.isfinite(top) and top > 0 else None)
    rotate = n_groups > 4
    names = []
    for g in table.index:
        name = str(g)
        if counts is not None:  # one line when rotated (two rotated lines run into each other)
            name += (" " if rotate else "\n") + f"(n={counts.get(g, 0)}{'*' if counts.get(g, 0) < min_docs else ''})"
        names.append(name)
    ax.set_xticks(range(n_groups), names, rotation=30 if rotate else 0, ha="right" if rotate else "center",
                  rotation_mode="anchor" if rotate else "default")
    ax.set_yticks(range(n_topics), ylabels)
    for i in range(n_groups):
        for j in range(n_topics):
            v = data[i, j]
            if small[i]:
                continue
            if np.isfinite(v):
                ax.text(i, j, f"{v:.0%}", ha="center", va="center", fontsize=7,
                        color="white" if v > top * 0.6 else "black")
    for i in np.flatnonzero(small):
        ax.text(i, (n_topics - 1) / 2, f"fewer than {min_docs} documents", rotation=90, ha="center", va="center",
                fontsize=7, color="#555555")
    xlabel = str(table.index.name or "group")
    if counts is not None:
        xlabel += " (n = documents" + (f"; grey, *: below {min_docs}, not shown)" if small.any() else ")")
    ax.set_xlabel(xlabel)
    ax.set_title(title or f"Topic shares by {table.index.name or 'group'}")
    fig.colorbar(im, ax=ax, label="mean topic proportion", shrink=0.8)
    return fig


def _with_grey_bad(name: str) -> Any:
    """The named colormap with masked cells (small groups, missing values) drawn light grey."""
    import matplotlib

    return matplotlib.colormaps[name].with_extremes(bad="#dddddd")


def plot_topics_over_time(table: pd.DataFrame, labels: Mapping[Any, str] | None = None, *, top: int | None = 8,
                          ax: Any = None, title: str | None = None) -> "Figure":
    """Lines of topic shares per period (from ``topics_over_time``); the ``top`` topics by mean share.
    With a (group, period) index, one panel per group."""
    import matplotlib.pyplot as plt

    cols = list(table.columns)
    if top is not None and len(cols) > top:
        cols = list(table.mean(axis=0).sort_values(ascending=False).index[:top])
    if isinstance(table.index, pd.MultiIndex):
        groups = list(dict.fromkeys(table.index.get_level_values(0)))
        fig, axes = plt.subplots(len(groups), 1, figsize=(9, 2.6 * len(groups)), sharex=True, sharey=True,
                                 layout="constrained", squeeze=False)
        periods = sorted(set(table.index.get_level_values(1)))
        for a, g in zip(axes[:, 0], groups):
            sub = table.xs(g, level=0).reindex(periods)
            for c, name in zip(cols, _labels(pd.Index(cols), labels)):
                a.plot(range(len(periods)), sub[c].to_numpy(dtype=float), marker="o", label=name)
            a.set_title(str(g), fontsize=9)
            a.set_ylabel("share")
        axes[-1, 0].set_xticks(range(len(periods)), periods, rotation=30, ha="right")
        axes[0, 0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        fig.suptitle(title or "Topics over time")
        return fig
    fig, ax = _figure(ax, (9, 4.5))
    x = range(len(table.index))
    for c, name in zip(cols, _labels(pd.Index(cols), labels)):
        ax.plot(x, table[c].to_numpy(dtype=float), marker="o", label=name)
    ax.set_xticks(list(x), [str(p) for p in table.index], rotation=30, ha="right")
    ax.set_ylabel("mean topic proportion")
    ax.set_title(title or "Topics over time")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def plot_sweep(table: pd.DataFrame, *, ax: Any = None) -> "Figure":
    """Coherence (left axis) and held-out perplexity (right axis, if present) against k."""
    fig, ax = _figure(ax, (7, 4))
    for m in ("c_npmi", "c_v", "u_mass"):
        if m in table.columns:
            ax.plot(table["k"], table[m], marker="o", label=m)
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("coherence (mean over topics)")
    handles, names = ax.get_legend_handles_labels()
    if "perplexity" in table.columns and table["perplexity"].notna().any():
        ax2 = ax.twinx()
        line = ax2.plot(table["k"], table["perplexity"], marker="s", linestyle="--", color="grey",
                        label="perplexity (held out)")
        ax2.set_ylabel("perplexity")
        handles += line
        names += ["perplexity (held out)"]
    ax.legend(handles, names, fontsize=8, loc="best")
    ax.set_title("Choosing k")
    return fig


def plot_topic_network(G: "nx.Graph", *, ax: Any = None, random_state: int | None = 0,
                       title: str | None = None) -> "Figure":
    """The topic network: nodes coloured by frame and sized by topic share, edges by weight."""
    import matplotlib.pyplot as plt
    import networkx as nx

    fig, ax = _figure(ax, (8, 7))
    if G.number_of_nodes() == 0:
        ax.set_axis_off()
        return fig
    pos = nx.spring_layout(G, weight="weight", seed=random_state)
    frames = [G.nodes[n].get("frame", 0) for n in G.nodes]
    cmap = plt.get_cmap("tab10" if max(frames, default=0) < 10 else "tab20")
    sizes = np.array([G.nodes[n].get("size", 0.0) for n in G.nodes], dtype=float)
    sizes = 200 + 3000 * (sizes / sizes.max() if sizes.max() > 0 else sizes)
    weights = np.array([d.get("weight", 1.0) for _, _, d in G.edges(data=True)], dtype=float)
    widths = 0.3 + 4 * (weights / weights.max()) if weights.size and weights.max() > 0 else 1.0
    nx.draw_networkx_edges(G, pos, ax=ax, width=widths, alpha=0.35)
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=sizes, node_color=[cmap(f % cmap.N) for f in frames],
                           alpha=0.9)
    nx.draw_networkx_labels(G, pos, ax=ax, font_size=7,
                            labels={n: f"{n}: {G.nodes[n].get('label', n)}"[:32] for n in G.nodes})
    ax.set_title(title or "Topic network (colour = frame)")
    ax.set_axis_off()
    return fig
