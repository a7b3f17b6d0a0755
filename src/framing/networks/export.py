"""Export term networks for Gephi: GEXF 1.3 (static and dynamic), GraphML, spreadsheet CSV.

The GEXF writer is our own (lxml), because NetworkX's writer emits attributes that the official
GEXF 1.3 schema rejects (``name`` on ``<graph>``, a misspelt XSI namespace). Every file it
writes validates against the official RELAX NG schema (checked in the tests with
:func:`validate_gexf`) and reads back with ``networkx.read_gexf`` with attributes intact.

* node ``id`` and ``label`` are the term (XML-escaped by lxml; characters that XML 1.0 cannot
  carry at all, e.g. control characters, are replaced by U+FFFD);
* attributes become typed GEXF attributes (``integer``/``long``/``double``/``boolean``/
  ``string``); an attribute whose value is a list of ``(value, start, end)`` becomes a
  *dynamic* attribute, a node's/edge's ``spells`` its GEXF spells (see
  :func:`framing.networks.graph.dynamic_graph`); the edge ``weight`` is the GEXF weight;
* ``viz``: colour by community (or any categorical attribute), size by frequency, a seeded
  spring layout as starting positions, edge thickness by weight.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from lxml import etree

from framing.errors import ParameterError
from framing.networks import style

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_RESERVED = {"label", "spells", "start", "end", "viz", "pid", "parents"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INT32 = 2**31


def xml_text(value: Any) -> str:
    """``str(value)`` with characters that XML 1.0 cannot represent replaced by U+FFFD."""
    return _INVALID_XML.sub("\ufffd", str(value))


def _is_dynamic(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, tuple) and len(v) == 3 for v in value)


def _gexf_type(values: Iterable[Any]) -> str:
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long" if abs(v) >= _INT32 else "integer")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if not kinds:
        return "string"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"integer", "long"}:
        return "long"
    if kinds <= {"integer", "long", "double"}:
        return "double"
    return "string"


def _format(value: Any, gtype: str) -> str:
    if gtype == "boolean":
        return "true" if value else "false"
    if gtype == "double":
        v = float(value)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    if gtype in ("integer", "long"):
        return str(int(value))
    return xml_text(value)


def _native(value: Any) -> Any:
    """NumPy scalars → Python scalars (for type inference and GraphML)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, (list, tuple, dict, str)) else value


class _Attributes:
    """The declared attributes of one class (node or edge): titles, ids, types, static/dynamic."""

    def __init__(self, cls: str, items: list[dict[str, Any]], skip: set[str]) -> None:
        self.cls = cls
        titles: dict[str, list[Any]] = {}
        dynamic: dict[str, bool] = {}
        for data in items:
            for key, value in data.items():
                if key in skip or key in _RESERVED or value is None:
                    continue
                if isinstance(value, dict):
                    continue
                is_dyn = _is_dynamic(value)
                dynamic[key] = dynamic.get(key, False) or is_dyn
                values = [_native(v[0]) for v in value] if is_dyn else [_native(value)]
                titles.setdefault(key, []).extend(values)
        prefix = cls[0]
        self.order = list(titles)
        self.ids = {t: f"{prefix}{k}" for k, t in enumerate(self.order)}
        self.types = {t: _gexf_type(v) for t, v in titles.items()}
        self.dynamic = dynamic

    def declare(self, graph_el: etree._Element) -> None:
        for mode in ("static", "dynamic"):
            titles = [t for t in self.order if self.dynamic[t] == (mode == "dynamic")]
            if not titles:
                continue
            el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}attributes", {"class": self.cls, "mode": mode})
            for t in titles:
                etree.SubElement(el, f"{{{GEXF_NS}}}attribute",
                                 {"id": self.ids[t], "title": xml_text(t), "type": self.types[t]})

    def values(self, parent: etree._Element, data: dict[str, Any]) -> None:
        rows = []
        for t in self.order:
            value = data.get(t)
            if value is None:
                continue
            gtype = self.types[t]
            if self.dynamic[t]:
                if not _is_dynamic(value):
                    continue
                for v, start, end in value:
                    rows.append({"for": self.ids[t], "value": _format(_native(v), gtype),
                                 "start": str(start), "end": str(end)})
            elif not _is_dynamic(value) and not isinstance(value, dict):
                rows.append({"for": self.ids[t], "value": _format(_native(value), gtype)})
        if rows:
            att = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
            for r in rows:
                etree.SubElement(att, f"{{{GEXF_NS}}}attvalue", r)


def _spells(parent: etree._Element, spells: Any) -> None:
    if spells:
        el = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for start, end in spells:
            etree.SubElement(el, f"{{{GEXF_NS}}}spell", {"start": str(start), "end": str(end)})


def _numeric(data: dict[str, Any], key: str | None) -> float | None:
    if key is None:
        return None
    v = data.get(key)
    if _is_dynamic(v):
        v = max((float(x[0]) for x in v), default=None)
    try:
        v = float(_native(v))
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _layout(G: nx.Graph, weight: str | None, random_state: int | None) -> dict[Any, tuple[float, float]]:
    if G.number_of_nodes() == 0:
        return {}
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        w = _numeric(d, weight) if weight else 1.0
        H.add_edge(u, v, w=w if w is not None and w > 0 else 1e-3)
    pos = nx.spring_layout(H, weight="w", seed=random_state, scale=500.0)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _pick(G: nx.Graph, wanted: str | None, fallbacks: Iterable[str], edges: bool = False) -> str | None:
    items = [d for _, _, d in G.edges(data=True)] if edges else [d for _, d in G.nodes(data=True)]
    for key in ([wanted] if wanted else []) + list(fallbacks):
        if key and any(_numeric(d, key) is not None or (not edges and d.get(key) not in (None, ""))
                       for d in items):
            return key
    return None


def gexf_tree(G: nx.Graph, *, colour_by: str | None = "community", size_by: str | None = "frequency",
              layout: bool = True, max_layout_nodes: int = 5000, random_state: int | None = 0,
              description: str | None = None, date: str | _dt.date | None = None) -> etree._ElementTree:
    """The GEXF 1.3 document of ``G`` as an lxml tree (see :func:`write_gexf`)."""
    if G.is_directed() or G.is_multigraph():
        raise ParameterError("write_gexf writes simple undirected co-occurrence graphs (nx.Graph)")
    dynamic = G.graph.get("mode") == "dynamic" or any("spells" in d for _, d in G.nodes(data=True))
    nsmap = {None: GEXF_NS, "viz": VIZ_NS}
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap=nsmap, version="1.3")
    if isinstance(date, _dt.date):
        date = date.isoformat()
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=date or _dt.date.today().isoformat())
    from framing import __version__

    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = f"framing {__version__}"
    etree.SubElement(meta, f"{{{GEXF_NS}}}keywords").text = "co-occurrence network, framing"
    if description is None:
        description = "; ".join(f"{k}={v}" for k, v in G.graph.items()
                                if k not in ("mode", "timeformat", "start", "end", "name")
                                and isinstance(v, (str, int, float)))
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = xml_text(description)

    graph_attrs = {"defaultedgetype": "undirected", "idtype": "string", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attrs["timeformat"] = str(G.graph.get("timeformat", "date"))
        for k in ("start", "end"):
            if G.graph.get(k) is not None:
                graph_attrs[k] = str(G.graph[k])
    graph_el = etree.SubElement(root, f"{{{GEXF_NS}}}graph", graph_attrs)

    node_attrs = _Attributes("node", [d for _, d in G.nodes(data=True)], skip=set())
    edge_items = [d for _, _, d in G.edges(data=True)]
    static_weight = all(not _is_dynamic(d.get("weight")) for d in edge_items)
    edge_attrs = _Attributes("edge", edge_items, skip={"weight"} if static_weight else set())
    node_attrs.declare(graph_el)
    edge_attrs.declare(graph_el)

    # visual encoding
    colour_key = (colour_by if colour_by and any(d.get(colour_by) not in (None, "") for _, d in G.nodes(data=True))
                  else None)
    colours = style.category_colours({n: G.nodes[n].get(colour_key) for n in G.nodes}) if colour_key else {}
    size_key = _pick(G, size_by, ("frequency_total", "frequency", "degree"))
    sizes = dict(zip(G.nodes, style.scale([_numeric(G.nodes[n], size_key) or 0.0 for n in G.nodes], 4.0, 40.0))) \
        if size_key else {}
    weight_key = _pick(G, "weight", ("count_total", "count"), edges=True)
    positions = _layout(G, "count_total" if dynamic else weight_key, random_state) \
        if layout and G.number_of_nodes() <= max_layout_nodes else {}
    edges = list(G.edges(data=True))
    thickness = style.scale([_numeric(d, weight_key) or 0.0 for _, _, d in edges], 0.5, 8.0, sqrt=False) \
        if weight_key and not dynamic else []

    nodes_el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}nodes", count=str(G.number_of_nodes()))
    for node, data in G.nodes(data=True):
        el = etree.SubElement(nodes_el, f"{{{GEXF_NS}}}node",
                              {"id": xml_text(node), "label": xml_text(data.get("label", node))})
        node_attrs.values(el, data)
        _spells(el, data.get("spells"))
        if node in colours:
            r, g, b = colours[node]
            etree.SubElement(el, f"{{{VIZ_NS}}}color", r=str(r), g=str(g), b=str(b), a="1.0")
        if node in sizes:
            etree.SubElement(el, f"{{{VIZ_NS}}}size", value=repr(round(sizes[node], 3)))
        if node in positions:
            x, y = positions[node]
            etree.SubElement(el, f"{{{VIZ_NS}}}position", x=repr(round(x, 3)), y=repr(round(y, 3)), z="0.0")

    edges_el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}edges", count=str(len(edges)))
    for k, (u, v, data) in enumerate(edges):
        attrs = {"id": str(k), "source": xml_text(u), "target": xml_text(v)}
        w = data.get("weight")
        if static_weight and w is not None and _numeric(data, "weight") is not None:
            attrs["weight"] = repr(float(_native(w)))
        el = etree.SubElement(edges_el, f"{{{GEXF_NS}}}edge", attrs)
        edge_attrs.values(el, data)
        _spells(el, data.get("spells"))
        if thickness:
            etree.SubElement(el, f"{{{VIZ_NS}}}thickness", value=repr(round(thickness[k], 3)))
    return etree.ElementTree(root)


def write_gexf(G: nx.Graph, path: str | Path, *, colour_by: str | None = "community",
               size_by: str | None = "frequency", layout: bool = True, random_state: int | None = 0,
               description: str | None = None, date: str | _dt.date | None = None) -> Path:
    """Write ``G`` as GEXF 1.3 for Gephi (static, or dynamic when nodes carry ``spells``).

    Nodes are coloured by ``colour_by`` (default: community), sized by ``size_by`` (default:
    frequency) and placed by a seeded spring layout (``layout=False`` leaves placement to
    Gephi). ``date`` sets the ``lastmodifieddate`` (default today). Returns the path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = gexf_tree(G, colour_by=colour_by, size_by=size_by, layout=layout, random_state=random_state,
                     description=description, date=date)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return path


def write_gexf_dynamic(graphs: dict[Any, nx.Graph] | nx.Graph, path: str | Path,
                       periods: dict[Any, tuple[str, str]] | None = None, **kwargs: Any) -> Path:
    """Write time-slice networks as one dynamic GEXF (Gephi's timeline replays them).

    ``graphs`` is either a graph made by :func:`~framing.networks.graph.dynamic_graph` /
    ``CooccurrenceGroups.to_dynamic_graph()``, or a mapping slice → graph with ``periods``
    slice → ``(start, end)`` (ISO dates, inclusive); keys that are years (2016) or months
    ("2016-03") get their periods automatically.
    """
    if isinstance(graphs, nx.Graph):
        D = graphs
    else:
        from framing.networks.compare import period_bounds
        from framing.networks.graph import dynamic_graph

        periods = periods or {k: period_bounds(k) for k in graphs}
        D = dynamic_graph(graphs, periods)
    return write_gexf(D, path, size_by=kwargs.pop("size_by", "frequency_total"), **kwargs)


def validate_gexf(path: str | Path, schema: str | Path) -> list[str]:
    """Validate a GEXF file against a RELAX NG schema (e.g. the official ``gexf.rng`` of 1.3);
    returns the error messages, empty when valid."""
    rng = etree.RelaxNG(etree.parse(str(schema)))
    doc = etree.parse(str(path))
    if rng.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in rng.error_log]


# -- GraphML and CSV -----------------------------------------------------------------------
def _scalar_copy(G: nx.Graph) -> nx.Graph:
    """A copy with only scalar attributes (GraphML cannot carry lists such as spells)."""
    def clean(d: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in d.items():
            v = _native(v)
            if isinstance(v, (bool, int, float, str)):
                out[k] = xml_text(v) if isinstance(v, str) else v
        return out

    H = nx.Graph()
    H.graph.update(clean(G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(xml_text(n), **clean(d))
    for u, v, d in G.edges(data=True):
        H.add_edge(xml_text(u), xml_text(v), **clean(d))
    return H


def write_graphml(G: nx.Graph, path: str | Path) -> Path:
    """Write ``G`` as GraphML (typed attributes; list-valued attributes such as spells are left
    out: use GEXF for dynamic networks)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_scalar_copy(G), str(path), encoding="utf-8", named_key_ids=True)
    return path


def _gephi_value(value: Any) -> Any:
    """Gephi's spreadsheet notation for time sets ``<[s, e]; …>`` and dynamic values
    ``<[s, e, v]; …>``; scalars unchanged."""
    if _is_dynamic(value):
        return "<" + "; ".join(f"[{s}, {e}, {_native(v)}]" for v, s, e in value) + ">"
    if isinstance(value, list) and value and all(isinstance(x, tuple) and len(x) == 2 for x in value):
        return "<" + "; ".join(f"[{s}, {e}]" for s, e in value) + ">"
    return _native(value)


def gephi_tables(G: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The node and edge tables in the layout of Gephi's spreadsheet import
    (``Id``, ``Label`` …; ``Source``, ``Target``, ``Type``, ``Id``, ``Weight`` …); spells go to
    an ``Interval`` column."""
    node_rows = []
    for n, d in G.nodes(data=True):
        row = {"Id": n, "Label": d.get("label", n)}
        for k, v in d.items():
            if k == "label":
                continue
            row["Interval" if k == "spells" else k] = _gephi_value(v)
        node_rows.append(row)
    edge_rows = []
    for k, (u, v, d) in enumerate(G.edges(data=True)):
        row = {"Source": u, "Target": v, "Type": "Undirected", "Id": k, "Weight": _gephi_value(d.get("weight"))}
        for key, value in d.items():
            if key != "weight":
                row["Interval" if key == "spells" else key] = _gephi_value(value)
        edge_rows.append(row)
    nodes = pd.DataFrame(node_rows, columns=None if node_rows else ["Id", "Label"])
    edges = pd.DataFrame(edge_rows, columns=None if edge_rows else ["Source", "Target", "Type", "Id", "Weight"])
    return nodes, edges


def write_gephi_csv(G: nx.Graph, prefix: str | Path) -> tuple[Path, Path]:
    """Write ``<prefix>_nodes.csv`` and ``<prefix>_edges.csv`` for Gephi's spreadsheet import
    (Data Laboratory → Import Spreadsheet; UTF-8, comma-separated)."""
    prefix = Path(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    nodes, edges = gephi_tables(G)
    node_path = prefix.parent / f"{prefix.name}_nodes.csv"
    edge_path = prefix.parent / f"{prefix.name}_edges.csv"
    nodes.to_csv(node_path, index=False, encoding="utf-8")
    edges.to_csv(edge_path, index=False, encoding="utf-8")
    return node_path, edge_path
