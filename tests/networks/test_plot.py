"""The network PNG keeps its promises: a legend with distinct colours, labels that overlap neither
nodes nor each other, a message instead of a blank picture, a note for the components not drawn,
and the same picture for the same input. Checked on the artists, not on pixels."""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from framing.networks import plot, style


def _graph(n: int = 150, m: int = 900, seed: int = 1, communities: bool = True) -> nx.Graph:
    """A dense term network with word-like labels, frequencies and Louvain communities."""
    R = nx.gnm_random_graph(n, m, seed=seed)
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    for k in R:
        G.add_node(f"Begriff{k:03d}", frequency=int(rng.integers(1, 500)))
    for u, v in R.edges:
        G.add_edge(f"Begriff{u:03d}", f"Begriff{v:03d}", weight=float(rng.uniform(0.1, 1.0)))
    if communities:
        from framing.networks.graph import add_communities
        add_communities(G)
    return G


def _labels(fig):
    return [t for ax in fig.axes for t in ax.texts if t.get_gid() == plot.LABEL_GID]


def _discs(ax):
    """The node discs of a panel (its edges are a LineCollection beside them)."""
    from matplotlib.collections import PathCollection

    return [c for c in ax.collections if isinstance(c, PathCollection) and c.get_gid() != plot.LEGEND_GID]


def test_labels_overlap_neither_each_other_nor_nodes() -> None:
    fig = plot.plot_network(_graph(), max_labels=60)
    renderer = fig.canvas.get_renderer()
    labels = _labels(fig)
    assert len(labels) >= 15  # a dense graph still gets many of its main terms labelled
    boxes = [t.get_window_extent(renderer) for t in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    px = fig.dpi / 72.0
    for ax in fig.axes:
        mine = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == plot.LABEL_GID]
        for coll in _discs(ax):
            xy = ax.transData.transform(coll.get_offsets())
            radius = np.sqrt(coll.get_sizes()) / 2.0 * px
            for box in mine:
                cx, cy = np.clip(xy[:, 0], box.x0, box.x1), np.clip(xy[:, 1], box.y0, box.y1)
                assert not np.any((xy[:, 0] - cx) ** 2 + (xy[:, 1] - cy) ** 2 < radius ** 2)


def test_a_hub_in_a_crowded_middle_is_labelled_on_its_node() -> None:
    """The most frequent term (a hub every other term is tied to, in the middle of a crowd of
    nodes) gets its label even where no place beside it is free: written on its node, still
    overlapping no other label (in real news networks "Flüchtling" went unnamed)."""
    G = _graph(300, 600, communities=False)
    for k in list(G):
        G.add_edge("Hub", k, weight=1.0)
    G.nodes["Hub"]["frequency"] = 5000
    from framing.networks.graph import add_communities
    add_communities(G)
    fig = plot.plot_network(G, max_labels=60, figsize=(6.0, 4.5))
    labels = {t.get_text(): t for t in _labels(fig)}
    assert "Hub" in labels
    hub = labels["Hub"]
    assert (hub.get_horizontalalignment(), hub.get_verticalalignment()) == ("center", "center")
    renderer = fig.canvas.get_renderer()
    box = hub.get_window_extent(renderer)
    assert not any(box.overlaps(t.get_window_extent(renderer)) for name, t in labels.items() if name != "Hub")


def test_legend_has_distinct_colours_and_groups_the_rest_as_other() -> None:
    G = _graph(60, 70, seed=3)  # sparse: many small communities
    n_comm = len({d["community"] for _, d in G.nodes(data=True)})
    assert n_comm > 6
    fig = plot.plot_network(G, max_colours=6, min_component_size=1, max_components=100)
    from matplotlib.colors import to_hex

    panels = [ax for ax in fig.axes if any(t.get_gid() == plot.LEGEND_GID for t in ax.texts)]
    assert len(panels) == 1
    ax = panels[0]
    title, *lines = [t for t in ax.texts if t.get_gid() == plot.LEGEND_GID]
    assert title.get_text() == "community (terms)"
    (discs,) = [c for c in ax.collections if c.get_gid() == plot.LEGEND_GID]
    colours = [to_hex(c) for c in discs.get_facecolors()]
    assert len(colours) == len(set(colours)) == 7  # 6 communities + "other"
    # one entry per disc, its first line level with the disc, in the same order
    disc_y = ax.transAxes.transform(discs.get_offsets())[:, 1]
    firsts = [t for t in lines if np.min(np.abs(ax.transAxes.transform(t.get_position())[1] - disc_y)) < 10]
    assert len(firsts) == 7
    assert firsts[-1].get_text().startswith("other (grey)") and colours[-1] == style.hex_colour(style.GREY)
    assert style.hex_colour(style.GREY) not in colours[:-1]
    # entries never overlap each other
    boxes = [t.get_window_extent(fig.canvas.get_renderer()) for t in [title, *lines]]
    assert all(a.y0 >= b.y1 - 1 for a, b in itertools.pairwise(boxes))


def test_category_colours_never_repeat() -> None:
    values = {k: k for k in range(30)} | {"x": None}
    colours = style.category_colours(values, max_colours=12)
    assert len({colours[k] for k in range(12)}) == 12
    assert all(colours[k] == style.GREY for k in range(12, 30)) and colours["x"] == style.GREY
    assert style.GREY not in style.PALETTE
    # other categories rank by how often they occur
    assert style.category_ranks({1: "b", 2: "a", 3: "b"}) == {"b": 0, "a": 1}


@pytest.mark.parametrize("G", [nx.Graph(), nx.empty_graph(["Heim", "Stadt"])])
def test_graph_without_edges_writes_a_message(tmp_path, G) -> None:
    path = tmp_path / "empty.png"
    fig = plot.plot_network(G, path, title="place: Altena")
    assert path.stat().st_size > 1000
    messages = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == plot.EMPTY_GID]
    assert len(messages) == 1 and messages[0].startswith("No network to draw")


def test_small_components_are_summarised_in_a_note(tmp_path) -> None:
    G = _graph(30, 80, seed=2)
    for k in range(6):  # six pairs beside the main network
        G.add_edge(f"Rand{k}a", f"Rand{k}b", weight=0.5)
        G.nodes[f"Rand{k}a"]["frequency"] = 10 - k
        G.nodes[f"Rand{k}b"]["frequency"] = 1
    G.add_node("allein", frequency=3)
    fig = plot.plot_network(G, tmp_path / "net.png", min_component_size=3)
    notes = [t.get_text() for t in fig.texts if t.get_gid() == plot.NOTE_GID]
    assert len(notes) == 1
    assert "6 small components (12 terms)" in notes[0] and "Rand0a–Rand0b" in notes[0]
    assert "1 term without links" in notes[0]
    drawn = {tuple(map(tuple, c.get_offsets())) for ax in fig.axes for c in _discs(ax)}
    assert sum(len(d) for d in drawn) == 30  # only the main component is drawn


def test_same_graph_same_picture() -> None:
    def placed():
        fig = plot.plot_network(_graph(80, 300, seed=5))
        return [(t.get_text(), tuple(t.get_position()), t.xy) for t in _labels(fig)]

    assert placed() == placed()


def test_small_component_panels_get_their_own_labels(tmp_path) -> None:
    # a main network of frequent terms beside two rare 4-term cliques: the frequent terms used to
    # take every label, so the small panels were drawn without a single word
    G = _graph(120, 700, seed=3)
    for node in G:
        G.nodes[node]["frequency"] = 1000
    for c in ("Nord", "Sued"):
        for a, b in itertools.combinations(range(4), 2):
            G.add_edge(f"{c}{a}", f"{c}{b}", weight=0.5)
        for k in range(4):
            G.nodes[f"{c}{k}"]["frequency"] = 2
    fig = plot.plot_network(G, tmp_path / "net.png", min_component_size=3, max_labels=20)
    panels = [ax for ax in fig.axes if _discs(ax)]
    assert len(panels) == 3
    labelled = [{t.get_text() for t in ax.texts if t.get_gid() == plot.LABEL_GID} for ax in panels]
    assert all(labelled), labelled
    assert sum(len(s) for s in labelled) <= 20


def test_every_edge_of_a_drawn_component_is_one_segment_wider_for_stronger_edges() -> None:
    from matplotlib.collections import LineCollection

    G = nx.path_graph(["a", "b", "c", "d"])
    for (u, v), w in zip(G.edges, (1.0, 2.0, 3.0)):
        G.edges[u, v]["weight"] = w
    fig = plot.plot_network(G)
    lines = [c for ax in fig.axes for c in ax.collections if isinstance(c, LineCollection)]
    assert len(lines) == 1 and len(lines[0].get_segments()) == 3
    assert sorted(lines[0].get_linewidths()) == pytest.approx([0.3, 1.65, 3.0])  # 0.3 + 2.7 x weight share


def test_same_picture_in_processes_with_different_string_hashing(tmp_path) -> None:
    # the edges used to be drawn in a subgraph view's (hash) order: overlapping translucent strokes
    # then gave pixels that differed from one Python process to the next
    import os
    import subprocess
    import sys

    script = ("import sys, networkx as nx\n"
              "from framing.networks import plot\n"
              "G = nx.relabel_nodes(nx.gnm_random_graph(40, 120, seed=1), lambda k: f'Begriff{k}')\n"
              "for k in range(40):  # many small components: the main one is under half of the terms\n"
              "    G.add_edges_from([(f'a{k}', f'b{k}'), (f'b{k}', f'c{k}'), (f'c{k}', f'a{k}')])\n"
              "for k, (u, v) in enumerate(G.edges):\n"
              "    G.edges[u, v]['weight'] = 0.1 + (k % 7) / 7\n"
              "plot.plot_network(G, sys.argv[1], random_state=0)\n")
    pictures = []
    for seed in ("1", "2"):
        out = tmp_path / f"net{seed}.png"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], env=env, check=True)
        pictures.append(out.read_bytes())
    assert pictures[0] == pictures[1]
