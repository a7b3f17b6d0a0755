"""A PNG preview of a term network (matplotlib): communities coloured, the main terms labelled.

Meant for a quick look and for reports; Gephi (via :mod:`.export`) is the tool for exploring.
Colours are the same as in the GEXF export (:mod:`.style`).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from framing.cooccurrence import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


def plot_network(G: nx.Graph, path: str | Path | None = None, *, title: str | None = None,
                 max_labels: int = 40, size_by: str = "frequency", colour_by: str = "community",
                 random_state: int | None = 0, figsize: tuple[float, float] = (10.0, 8.0),
                 dpi: int = 150) -> "Figure":
    """Draw ``G`` with a seeded spring layout; node colour by ``colour_by`` (community), size by
    ``size_by`` (frequency), edge width by weight; the ``max_labels`` largest nodes are labelled
    with a white halo so labels stay readable over edges. Saves a PNG when ``path`` is given.
    """
    from matplotlib import patheffects
    from matplotlib.figure import Figure

    # a bare Figure (no pyplot): no global state, no GUI backend, safe in scripts and servers
    fig = Figure(figsize=figsize, dpi=dpi)
    ax = fig.subplots()
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=13)
    if G.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no edges pass the filters", ha="center", va="center", fontsize=12, color="grey",
                transform=ax.transAxes)
    else:
        _draw(G, ax, max_labels=max_labels, size_by=size_by, colour_by=colour_by, random_state=random_state,
              patheffects=patheffects)
    fig.tight_layout()
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi, facecolor="white")
    return fig


def _layout(H: nx.Graph, random_state: int | None) -> dict[Any, tuple[float, float]]:
    """Lay out each connected component on its own (spring layout, area ∝ size) and pack the
    components in rows, largest first: the main network gets the room, fragments line up below."""
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(map(str, c))))
    boxes = []
    for comp in comps:
        sub = H.subgraph(comp)
        radius = 0.45 * len(comp) ** 0.5
        if len(comp) == 1:
            p = {next(iter(comp)): (0.0, 0.0)}
        elif len(comp) <= 600:
            # Kamada–Kawai spreads a network evenly (hubs do not swallow their neighbours)
            start = nx.spring_layout(sub, weight="w", seed=random_state)
            p = nx.kamada_kawai_layout(sub, pos=start, weight=None, scale=radius)
        else:
            p = nx.spring_layout(sub, weight="w", seed=random_state, iterations=100, scale=radius)
        boxes.append((radius, p))
    width = max(2.0 * boxes[0][0], (sum((2 * r) ** 2 for r, _ in boxes)) ** 0.5) if boxes else 1.0
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for radius, p in boxes:
        size = 2.0 * radius + 0.5  # a margin around each component
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in p.items():
            pos[n] = (x + size / 2 + float(px), y - size / 2 + float(py))
        x += size
        row_height = max(row_height, size)
    return pos


def _draw(G: nx.Graph, ax: Any, *, max_labels: int, size_by: str, colour_by: str,
          random_state: int | None, patheffects: Any) -> None:
    nodes = list(G.nodes)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    weights = []
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 1.0)
        w = float(w) if isinstance(w, (int, float)) else float(d.get("count_total", d.get("count", 1.0)))
        H.add_edge(u, v, w=max(w, 1e-3))
        weights.append(w)
    pos = _layout(H, random_state)
    colours = style.category_colours({n: G.nodes[n].get(colour_by) for n in nodes})
    raw = []
    for n in nodes:
        v = G.nodes[n].get(size_by, G.nodes[n].get("frequency_total", 1))
        raw.append(float(v) if isinstance(v, (int, float)) else 1.0)
    sizes = style.scale(raw, 25.0, 700.0)
    widths = style.scale(weights, 0.3, 3.0, sqrt=False) if weights else []
    for (u, v), w in zip(H.edges(), widths):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot([x1, x2], [y1, y2], color="#9a9a9a", linewidth=w, alpha=0.45, zorder=1)
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=sizes,
               c=[style.hex_colour(colours[n]) for n in nodes], edgecolors="white", linewidths=0.8, zorder=2)
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.05)
    _labels(G, ax, nodes, pos, raw, max_labels, patheffects)


def _labels(G: nx.Graph, ax: Any, nodes: list[Any], pos: dict[Any, tuple[float, float]], raw: list[float],
            max_labels: int, patheffects: Any) -> None:
    """Label the most frequent terms first; a label that would overlap one already placed is
    left out (measured with the renderer, so what is drawn stays readable)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = ax.figure.canvas if hasattr(ax.figure.canvas, "get_renderer") else FigureCanvasAgg(ax.figure)
    renderer = canvas.get_renderer()
    ranked = sorted(range(len(nodes)), key=lambda k: (-raw[k], str(nodes[k])))
    big = max(raw) if raw else 1.0
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    placed: list[Any] = []
    for k in ranked:
        if len(placed) >= max_labels:
            break
        n = nodes[k]
        size = 7.5 + 6.5 * (raw[k] / big) ** 0.5 if big > 0 else 8.0
        text = ax.text(pos[n][0], pos[n][1], str(G.nodes[n].get("label", n)), fontsize=size, ha="center",
                       va="center", zorder=3, path_effects=halo)
        box = text.get_window_extent(renderer).expanded(1.05, 1.1)
        if any(box.overlaps(other) for other in placed):
            text.remove()
            continue
        placed.append(box)
