"""A PNG preview of a term network (matplotlib): communities coloured, the main terms labelled.

Meant for a quick look and for reports; Gephi (via :mod:`.export`) is the tool for exploring.
Colours are the same as in the GEXF export (:mod:`.style`).

What the picture promises (checked by the tests):

* the largest connected component gets the main panel and fills it; the next few components with
  at least ``min_component_size`` terms get small panels below it; the rest are summarised in a
  note under the picture (how many, how many terms, their main terms) instead of being drawn;
* labels sit next to their node and never overlap a node or another label — a label that finds
  no free place is left out (the most frequent terms are placed first), except that each panel's
  :data:`MUST_LABEL` most frequent terms, where no place beside them is free (a hub in a dense
  middle), are written on their node (still not over another label);
* one colour per community, listed in a legend with the community's main terms; communities
  beyond ``max_colours`` are grey and the legend says how many were grouped as "other";
* a graph without edges gives a picture that says so instead of a blank one.
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from framing.networks import style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: ``gid`` of the label texts and of the note artists (the tests find them by it)
LABEL_GID = "node-label"
#: terms of each small component's panel that are tried for a label before the main component's
SMALL_PANEL_LABELS = 3
#: a panel's most frequent terms that are labelled on their node when no place beside it is free
MUST_LABEL = 3
NOTE_GID = "components-note"
#: ``gid`` of the legend's title, entry texts and discs
LEGEND_GID = "legend"
#: legend: distance of two lines of text in font sizes, and the gap between two entries in points
LINE = 1.2
GAP = 3.6
#: characters per line of the note under the picture
NOTE_WIDTH = 170
EMPTY_GID = "empty-message"
#: how much a layout may be stretched (x against y) to fill its panel
STRETCH = 1.5


def plot_network(G: nx.Graph, path: str | Path | None = None, *, title: str | None = None,
                 max_labels: int = 40, size_by: str = "frequency", colour_by: str = "community",
                 random_state: int | None = 0, figsize: tuple[float, float] = (12.0, 9.0),
                 dpi: int = 150, max_colours: int = 12, min_component_size: int = 4,
                 max_components: int = 4) -> "Figure":
    """Draw ``G`` and save it as PNG when ``path`` is given; returns the matplotlib ``Figure``.

    Node colour by ``colour_by`` (community; the ``max_colours`` largest get their own colour,
    the rest grey as "other"), size by ``size_by`` (frequency), edge width by weight. The layout
    is seeded (``random_state``): the same graph gives the same picture. At most
    ``max_components`` components are drawn (the largest always; the others only with at least
    ``min_component_size`` terms); the rest are named in a note. Up to ``max_labels`` terms are
    labelled, most frequent first, where a label fits without covering a node or another label.
    """
    from matplotlib.figure import Figure

    # a bare Figure (no pyplot): no global state, no GUI backend, safe in scripts and servers
    fig = Figure(figsize=figsize, dpi=dpi)
    if G.number_of_edges() == 0:
        _empty(fig, G, title)
    else:
        _draw(G, fig, title=title, max_labels=max_labels, size_by=size_by, colour_by=colour_by,
              random_state=random_state, max_colours=max_colours, min_component_size=min_component_size,
              max_components=max_components)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # same dpi as the figure and no tight bbox: the label placement measured on this canvas holds
        # zlib level 3 instead of 6: the same pixels, the file about as small, a third less time
        kwargs = {"pil_kwargs": {"compress_level": 3}} if path.suffix.lower() == ".png" else {}
        fig.savefig(path, dpi=dpi, facecolor="white", **kwargs)
    return fig


def _empty(fig: "Figure", G: nx.Graph, title: str | None) -> None:
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    n = G.number_of_nodes()
    terms = f" ({n} term{'s' if n != 1 else ''} without any link)" if n else ""
    ax.text(0.5, 0.55, f"No network to draw: no co-occurrence passes the filters{terms}.",
            ha="center", va="center", fontsize=14, transform=ax.transAxes, gid=EMPTY_GID)
    ax.text(0.5, 0.47, "Try a lower min_pair_count, a larger window or unit, or more documents in this group.",
            ha="center", va="center", fontsize=11, color="#555555", transform=ax.transAxes)
    if title:
        ax.text(0.5, 0.95, title, ha="center", va="top", fontsize=13, transform=ax.transAxes)


def _weight(d: dict[str, Any]) -> float:
    w = d.get("weight", 1.0)
    w = float(w) if isinstance(w, (int, float)) else float(d.get("count_total", d.get("count", 1.0)))
    return w


def _size_value(G: nx.Graph, n: Any, size_by: str) -> float:
    v = G.nodes[n].get(size_by, G.nodes[n].get("frequency_total", 1))
    return float(v) if isinstance(v, (int, float)) else 1.0


def _label(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("label", n))


def _layout(H: nx.Graph, random_state: int | None) -> dict[Any, tuple[float, float]]:
    """Seeded layout of one connected component: Kamada–Kawai's energy, minimised by stress
    majorization (:func:`_stress_layout`; spreads the network evenly, hubs do not swallow their
    neighbours); spring only for very large components."""
    if H.number_of_nodes() == 1:
        return {next(iter(H)): (0.0, 0.0)}
    if H.number_of_nodes() <= 600:
        p = _stress_layout(H, random_state)
    else:
        p = nx.spring_layout(H, weight="w", seed=random_state, iterations=100)
    return _lengthwise(p)


def _stress_layout(H: nx.Graph, random_state: int | None, *, max_iter: int = 300,
                   tol: float = 1e-4) -> dict[Any, tuple[float, float]]:
    """Kamada–Kawai's layout energy — Σ (‖xᵢ − xⱼ‖ − dᵢⱼ)² / dᵢⱼ² over all pairs, dᵢⱼ the number
    of links between them — minimised by stress majorization (Gansner, Koren & North 2004,
    "Graph drawing by stress majorization", localized form) from a classical-MDS start (its two
    leading axes by seeded power iteration). On real networks its energy is within 4 % of
    networkx's Kamada–Kawai from a spring start, lower on half of them, at a seventh of the time
    (docs/guide/cooccurrence.md); and it uses elementwise NumPy only: no BLAS/LAPACK call, whose
    idle threads spin and cost CPU time on a busy machine."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    nodes = list(H)
    n = len(nodes)
    links = nx.to_scipy_sparse_array(H, nodelist=nodes, weight=None, format="csr")
    d = shortest_path(links, directed=False, unweighted=True)

    def times(a: "np.ndarray", x: "np.ndarray") -> "np.ndarray":  # a @ x without BLAS
        return np.einsum("ij,jk->ik", a, x)

    # start: classical MDS (the double-centred squared distances' two leading axes)
    d2 = d * d
    b = -0.5 * (d2 - d2.mean(axis=0)[None, :] - d2.mean(axis=1)[:, None] + d2.mean())
    shift = float(np.abs(b).sum(axis=1).max())  # makes every eigenvalue non-negative
    v = np.random.default_rng(random_state).standard_normal((n, 2))
    for _ in range(50):
        v = times(b, v) + shift * v
        v[:, 0] /= np.sqrt((v[:, 0] ** 2).sum())
        v[:, 1] -= (v[:, 0] * v[:, 1]).sum() * v[:, 0]
        v[:, 1] /= np.sqrt((v[:, 1] ** 2).sum())
    x = v * np.sqrt(np.maximum((v * times(b, v)).sum(axis=0), 1e-9))
    # weights 1/d² (Kamada–Kawai's springs), zero on the diagonal
    diag = np.arange(n)
    d[diag, diag] = 1.0
    w = 1.0 / (d * d)
    w_d = 1.0 / d
    w[diag, diag] = w_d[diag, diag] = d[diag, diag] = 0.0
    w_sum = w.sum(axis=1)[:, None]
    previous = np.inf
    for _ in range(max_iter):
        dx = x[:, 0, None] - x[None, :, 0]
        dy = x[:, 1, None] - x[None, :, 1]
        dist = dx * dx
        dist += dy * dy
        np.sqrt(dist, out=dist)
        err = dist - d
        err *= err
        err *= w
        energy = float(err.sum())
        if previous - energy < tol * previous:
            break
        previous = energy
        np.maximum(dist, 1e-9, out=dist)
        r = w_d / dist
        # every node moves to the weighted mean of where each other node would put it
        x = (r.sum(axis=1)[:, None] * x - times(r, x) + times(w, x)) / w_sum
    return {node: (float(a), float(b_)) for node, (a, b_) in zip(nodes, x)}


def _lengthwise(p: dict[Any, Any]) -> dict[Any, tuple[float, float]]:
    """Rotate a layout so its longest extent runs left–right (principal axes): the panels are
    wider than tall, so an upright network would leave their sides empty."""
    import numpy as np

    nodes = list(p)
    xy = np.array([p[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    if len(nodes) > 2:
        _, vecs = np.linalg.eigh(np.cov(xy.T))
        major = vecs[:, -1] * (1 if vecs[0, -1] >= 0 else -1)  # sign fixed: the same input, the same picture
        minor = np.array([-major[1], major[0]])
        xy = np.column_stack([xy @ major, xy @ minor])
    elif len(nodes) == 2:
        d = xy[1] - xy[0]
        xy = np.array([[-np.hypot(*d) / 2, 0.0], [np.hypot(*d) / 2, 0.0]])
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _ordered(H: nx.Graph, comp: list[Any]) -> nx.Graph:
    """The component as a graph whose nodes are in sorted order: a networkx subgraph view may
    iterate in set (hash) order, which would make the seeded layout differ between runs."""
    sub = nx.Graph()
    sub.add_nodes_from(sorted(comp, key=str))
    sub.add_edges_from(sorted(((u, v, d) for u, v, d in H.subgraph(comp).edges(data=True)),
                              key=lambda e: (str(e[0]), str(e[1]))))
    return sub


def _components(G: nx.Graph, min_size: int, max_components: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """Components (largest first, ties by name) split into drawn and summarised ones."""
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    drawn = comps[:1] + [c for c in comps[1:] if len(c) >= min_size][: max(max_components - 1, 0)]
    kept = {id(c) for c in drawn}
    return drawn, [c for c in comps if id(c) not in kept]


def _draw(G: nx.Graph, fig: "Figure", *, title: str | None, max_labels: int, size_by: str, colour_by: str,
          random_state: int | None, max_colours: int, min_component_size: int, max_components: int) -> None:
    from matplotlib.collections import LineCollection

    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, w=max(_weight(d), 1e-3))
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])  # isolates: counted in the note
    drawn, rest = _components(H, min_component_size, max_components)
    isolated = [n for n in G if n not in H]
    values = {n: G.nodes[n].get(colour_by) for n in G.nodes}
    colours = style.category_colours(values, max_colours)
    shown = [n for c in drawn for n in c]
    raw = {n: _size_value(G, n, size_by) for n in G.nodes}
    top_size = max(120.0, min(600.0, 15000.0 / max(len(shown), 1)))  # smaller discs in dense graphs
    sizes = dict(zip(shown, style.scale([raw[n] for n in shown], 20.0, top_size)))
    all_w = [d["w"] for _, _, d in H.edges(data=True)]
    lo_w, hi_w = (min(all_w), max(all_w)) if all_w else (1.0, 1.0)
    edge_alpha = min(0.45, 6.0 / max(len(all_w), 1) ** 0.5)  # fainter edges in dense networks

    # panels: main (largest component) on top, small components in a row below, legend on the right
    extra = drawn[1:]
    note = _note(G, rest, isolated, raw)
    bottom = 0.07 if note else 0.02
    top = 0.93 if title else 0.98
    gs = fig.add_gridspec(2 if extra else 1, 2, width_ratios=[3.6, 1.4], height_ratios=[3.2, 1.0] if extra else None,
                          left=0.01, right=0.99, bottom=bottom, top=top, wspace=0.02, hspace=0.05)
    panels: list[tuple["Axes", list[Any]]] = [(fig.add_subplot(gs[0, 0]), drawn[0])]
    if extra:
        sub = gs[1, 0].subgridspec(1, max(len(extra), 3), wspace=0.05)
        panels += [(fig.add_subplot(sub[0, k]), c) for k, c in enumerate(extra)]
    if title:
        fig.suptitle(title, fontsize=13, y=0.985)

    pos: dict[Any, tuple[float, float]] = {}
    for ax, comp in panels:
        ax.set_axis_off()
        ordered = _ordered(H, comp)
        p = _layout(ordered, random_state)
        pos.update(p)
        # one collection per panel, not one line artist per edge, in a fixed order and direction (a
        # subgraph view iterates in hash order; the order of overlapping translucent strokes shows)
        segments, widths = [], []
        ends = (sorted((u, v), key=str) + [d] for u, v, d in ordered.edges(data=True))  # each edge one way round
        for u, v, d in sorted(ends, key=lambda e: (str(e[0]), str(e[1]))):
            segments.append((p[u], p[v]))
            widths.append(0.3 + 2.7 * ((d["w"] - lo_w) / (hi_w - lo_w) if hi_w > lo_w else 0.5))
        ax.add_collection(LineCollection(segments, colors="#9a9a9a", linewidths=widths, alpha=edge_alpha,
                                         capstyle="projecting", zorder=1), autolim=False)
        order = sorted(comp, key=lambda n: (raw[n], str(n)))  # big nodes on top
        ax.scatter([p[n][0] for n in order], [p[n][1] for n in order], s=[sizes[n] for n in order],
                   c=[style.hex_colour(colours[n]) for n in order], edgecolors="white", linewidths=0.8, zorder=2)
        _fill(ax, [p[n] for n in comp], pad_share=0.12 if len(comp) > 1 else 0.0)

    _labels(G, fig, panels, pos, sizes, raw, max_labels)

    # legend: one entry per coloured category with its main terms, then "other" in grey
    legend_ax = fig.add_subplot(gs[:, 1])
    legend_ax.set_axis_off()
    drawn_values = {n: values[n] for n in shown}  # the legend lists what the picture shows
    handles, texts, title_text = _legend_entries(G, drawn_values, colours, raw, colour_by, max_colours,
                                                 ranks=style.category_ranks(values))
    if handles:
        _legend(legend_ax, handles, texts, title_text)
    if note:
        # wrapped here, once: matplotlib's wrap=True measures the note word by word at every save
        note = textwrap.fill(note, width=NOTE_WIDTH, break_on_hyphens=False)
        fig.text(0.01, 0.012, note, fontsize=8, color="#333333", ha="left", va="bottom", gid=NOTE_GID)


def _legend(ax: "Axes", colours: list[str], texts: list[str], title: str) -> None:
    """The legend as plain artists at the top left of ``ax``: the title, one disc per entry (all in
    one collection) and each line of the entry's text beside it, on fixed baselines. A matplotlib
    ``Legend`` looks the same but lays out its boxes anew at every save: a third of the drawing
    time of a network picture."""
    px = ax.figure.dpi / 72.0
    width, height = ax.bbox.width / px, ax.bbox.height / px  # the panel in points

    def at(right: float, down: float) -> tuple[float, float]:  # points from the top left corner
        return right / width, 1.0 - down / height

    ax.text(*at(0.0, 9.0), title, fontsize=9, ha="left", va="baseline", transform=ax.transAxes, gid=LEGEND_GID)
    baseline = 9.0 + LINE * 9 + GAP
    discs = []
    for text in texts:
        discs.append(at(8.0, baseline - 2.7))
        for line in text.split("\n"):
            ax.text(*at(20.0, baseline), line, fontsize=8, ha="left", va="baseline", transform=ax.transAxes,
                    gid=LEGEND_GID)
            baseline += LINE * 8
        baseline += GAP
    ax.scatter([x for x, _ in discs], [y for _, y in discs], s=81.0, c=colours, edgecolors="white",
               linewidths=1.0, transform=ax.transAxes, clip_on=False, gid=LEGEND_GID)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)


def _fill(ax: "Axes", points: list[tuple[float, float]], pad_share: float) -> None:
    """Set the panel's limits so the points fill it (scales of x and y differ by at most
    ``STRETCH``) with a margin of ``pad_share`` of the span left for labels at the rim."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    w = max(max(xs) - min(xs), 1e-6) * (1 + 2 * pad_share) if len(points) > 1 else 2.0
    h = max(max(ys) - min(ys), 1e-6) * (1 + 2 * pad_share) if len(points) > 1 else 2.0
    box_w, box_h = ax.bbox.width, ax.bbox.height
    # widen the data range towards the panel's shape, but stretch the layout by up to
    # ``STRETCH`` first: a network has no true proportions, and empty panel sides help nobody
    if w / h < box_w / box_h:
        w = max(w, h * box_w / box_h / STRETCH)
    else:
        h = max(h, w * box_h / box_w / STRETCH)
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)


def _legend_entries(G: nx.Graph, values: dict[Any, Any], colours: dict[Any, tuple[int, int, int]],
                    raw: dict[Any, float], colour_by: str, max_colours: int, ranks: dict[Any, int]
                    ) -> tuple[list[str], list[str], str]:
    limit = min(max_colours, len(style.PALETTE))
    members: dict[Any, list[Any]] = {}
    for n, v in values.items():
        if v is not None and v != "":
            members.setdefault(v, []).append(n)
    cats = sorted(members, key=lambda v: ranks[v])
    handles, texts = [], []
    for v in cats:
        if ranks[v] >= limit:
            continue
        nodes = sorted(members[v], key=lambda n: (-raw[n], str(n)))
        terms = ", ".join(_label(G, n) for n in nodes[:3])
        terms = terms if len(terms) <= 30 else terms[:29] + "…"
        handles.append(style.hex_colour(colours[nodes[0]]))
        texts.append(f"{v}: {terms} ({len(nodes)})")
    other = [v for v in cats if ranks[v] >= limit]
    none = [n for n, v in values.items() if v is None or v == ""]
    if other or none:
        parts = []
        if other:
            k = sum(len(members[v]) for v in other)
            parts.append(f"other (grey): {len(other)} smaller\n"
                         f"{colour_by} group{'s' if len(other) != 1 else ''} ({k} terms)")
        if none:
            parts.append(f"no {colour_by} ({len(none)} terms)")
        handles.append(style.hex_colour(style.GREY))
        texts.append("\n".join(parts))
    return handles, texts, f"{colour_by} (terms)"


def _note(G: nx.Graph, rest: list[list[Any]], isolated: list[Any], raw: dict[Any, float]) -> str:
    """One line naming what is not drawn: small components (with their main terms) and isolates."""
    if not rest and not isolated:
        return ""
    parts = []
    if rest:
        n_terms = sum(len(c) for c in rest)
        examples = ["–".join(_label(G, n) for n in sorted(c, key=lambda n: (-raw[n], str(n)))[:2])
                    for c in rest[:6]]
        more = ", …" if len(rest) > 6 else "."
        parts.append(f"Not drawn: {len(rest)} small component{'s' if len(rest) != 1 else ''} "
                     f"({n_terms} terms), e.g. {', '.join(examples)}{more}")
    if isolated:
        parts.append(f"{len(isolated)} term{'s' if len(isolated) != 1 else ''} without links left out.")
    return " ".join(parts)


def _labels(G: nx.Graph, fig: "Figure", panels: list[tuple["Axes", list[Any]]],
            pos: dict[Any, tuple[float, float]], sizes: dict[Any, float], raw: dict[Any, float],
            max_labels: int) -> None:
    """Place labels next to their nodes, most frequent terms first: each label tries positions
    around its node (right, left, above, below, diagonals; then step by step further out, with a
    thin leader line) and takes the first whose box — measured with the renderer — covers no node,
    no placed label and stays in its panel; a label without such a place is left out."""
    import numpy as np
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import IdentityTransform

    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    px_per_pt = fig.dpi / 72.0
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    # node discs in display pixels, per panel
    discs = []
    for ax, comp in panels:
        xy = ax.transData.transform(np.array([pos[n] for n in comp], dtype=float))
        r = np.sqrt(np.array([sizes[n] for n in comp])) / 2.0 * px_per_pt + 1.5 * px_per_pt
        discs.append((xy, r))
    node_panel = {n: k for k, (_, comp) in enumerate(panels) for n in comp}
    by_freq = sorted(node_panel, key=lambda n: (-raw[n], str(n)))
    # the small panels' own top terms first (else the main component's frequent terms take every
    # label and a small component is drawn unnamed), then all terms by frequency
    first = [n for k in range(1, len(panels)) for n in [m for m in by_freq if node_panel[m] == k][:SMALL_PANEL_LABELS]]
    ranked = first + [n for n in by_freq if n not in set(first)]
    big = max((raw[n] for n in ranked), default=1.0) or 1.0
    must = {n for k in range(len(panels)) for n in [m for m in by_freq if node_panel[m] == k][:MUST_LABEL]}
    directions = [(1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                  (0, -1, "center", "top"), (0.75, 0.75, "left", "bottom"), (-0.75, 0.75, "right", "bottom"),
                  (0.75, -0.75, "left", "top"), (-0.75, -0.75, "right", "top")]
    # a label's box is the same shape wherever it goes: it is measured once, on a probe text at
    # display (0, 0) aligned left and bottom, shifted by its width and height for the other
    # alignments (as matplotlib aligns unrotated text) and moved to each candidate place by
    # arithmetic — the sums matplotlib does (its ``offset points`` transform, then
    # ``Bbox.translated``), so the boxes are those of the annotation at each candidate place
    probe = fig.text(0.0, 0.0, "", transform=IdentityTransform(), ha="left", va="bottom")
    shift_x = {"left": 0.0, "center": 0.5, "right": 1.0}
    shift_y = {"bottom": 0.0, "center": 0.5, "top": 1.0}
    placed: list[tuple[float, float, float, float]] = []  # boxes of the placed labels (x0, y0, x1, y1)
    for n in ranked:
        if len(placed) >= max_labels:
            break
        k = node_panel[n]
        ax = panels[k][0]
        radius_pt = np.sqrt(sizes[n]) / 2.0
        fontsize = 7.0 + 5.0 * (raw[n] / big) ** 0.5
        label = _label(G, n)
        probe.set_text(label)
        probe.set_fontsize(fontsize)
        shape = probe.get_window_extent(renderer)
        shapes: dict[tuple[str, str], Any] = {}
        anchor_x, anchor_y = ax.transData.transform(pos[n])
        found = False
        for gap in (2.0, 7.0, 16.0, 28.0, 42.0):
            for dx, dy, ha, va in directions:
                if (ha, va) not in shapes:
                    shapes[ha, va] = shape.translated(-shift_x[ha] * shape.width, -shift_y[va] * shape.height)
                offset = (dx * (radius_pt + gap), dy * (radius_pt + gap))
                box = shapes[ha, va].translated(px_per_pt * offset[0] + anchor_x, px_per_pt * offset[1] + anchor_y)
                if _fits(box, ax.bbox, placed, discs[k]):
                    found = True
                    break
            if found:
                break
        if not found and n in must:
            # a panel's most frequent terms are named even where every place beside the node
            # covers another node (a hub in the middle of a dense network): on the node itself
            ha, va, gap, offset = "center", "center", 0.0, (0.0, 0.0)
            box = shapes.setdefault((ha, va), shape.translated(-0.5 * shape.width, -0.5 * shape.height))
            box = box.translated(anchor_x, anchor_y)
            found = _fits(box, ax.bbox, placed, None)
        if not found:
            continue
        text = ax.annotate(label, pos[n], xytext=offset, textcoords="offset points", fontsize=fontsize, ha=ha,
                           va=va, zorder=3, path_effects=halo, gid=LABEL_GID, annotation_clip=False)
        if gap > 7.0:  # placed further out: a thin leader line says whose label it is
            leader = ax.annotate("", pos[n], xytext=text.xyann, textcoords="offset points", zorder=1.5,
                                 arrowprops=dict(arrowstyle="-", color="#555555", lw=0.6, shrinkA=0,
                                                 shrinkB=radius_pt), annotation_clip=False)
            leader.set_gid("label-leader")
        placed.append(tuple(box.extents))
    probe.remove()


def _fits(box: Any, frame: Any, placed: list[tuple[float, float, float, float]],
          discs: tuple[Any, Any] | None) -> bool:
    """Whether ``box`` stays in ``frame`` and covers no placed label and (unless ``discs`` is
    None) no node disc."""
    import numpy as np

    if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
        return False
    if placed:  # Bbox.overlaps against every placed label at once (boxes of text are never flipped)
        p = np.asarray(placed)
        if np.any((box.x0 <= p[:, 2]) & (p[:, 0] <= box.x1) & (box.y0 <= p[:, 3]) & (p[:, 1] <= box.y1)):
            return False
    if discs is None:
        return True
    xy, r = discs
    # distance from each disc centre to the nearest point of the box
    nx_ = np.clip(xy[:, 0], box.x0, box.x1)
    ny_ = np.clip(xy[:, 1], box.y0, box.y1)
    return not bool(np.any((xy[:, 0] - nx_) ** 2 + (xy[:, 1] - ny_) ** 2 < r ** 2))
