"""Term co-occurrence networks: counting, association measures, graphs, group comparison, Gephi.

    import framing
    cooc = framing.cooccurrence(tokens, unit="sentence")         # Cooccurrence (sparse counts)
    cooc.to_frame(["count", "npmi", "g2"], test="g2")             # edge table
    G = cooc.to_graph("npmi", min_pair_count=5, top_n_per_node=20)     # networkx.Graph
    framing.networks.write_gexf(G, "out/network.gexf")        # open in Gephi
    by_place = framing.cooccurrence_by(tokens, "place")           # one network per town
    by_place.compare("Altena", "Essen")                            # edges stronger in one town

The verb is ``framing.cooccurrence`` (:func:`framing.networks.counting.cooccurrence`, also
``framing.networks.cooccurrence``); this package was called ``framing.cooccurrence`` before
(see CHANGELOG). Modules: ``counting`` (the Cooccurrence
result), ``measures`` (formulas), ``graph`` (networks, backbone, communities), ``compare``
(groups), ``export`` (GEXF/GraphML/CSV), ``plot`` (PNG preview), ``style`` (colours).
"""
from __future__ import annotations

from framing._lazy import lazy_exports

_NAMES: dict[str, str] = {
    "cooccurrence": "counting", "Cooccurrence": "counting", "select_terms": "counting",
    "UNITS": "counting",
    "MEASURES": "measures",
    "build_graph": "graph", "disparity_filter": "graph", "disparity_alpha": "graph",
    "add_communities": "graph", "add_centralities": "graph", "dynamic_graph": "graph", "ego_nodes": "graph",
    "CooccurrenceGroups": "compare", "cooccurrence_by": "compare", "compare_edges": "compare",
    "compare_neighbours": "compare", "period_bounds": "compare",
    "write_gexf": "export", "write_gexf_dynamic": "export", "write_graphml": "export",
    "write_gephi_csv": "export", "gephi_tables": "export", "validate_gexf": "export",
    "plot_network": "plot",
}
_MODULES = ("counting", "measures", "graph", "compare", "export", "plot", "style")
__all__ = sorted(_NAMES)


__getattr__, __dir__ = lazy_exports(__name__, _NAMES, _MODULES)
