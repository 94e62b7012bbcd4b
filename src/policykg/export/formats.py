"""Graph file formats built on networkx and rdflib: GraphML, GEXF, Cytoscape.js JSON and JSON-LD.

Each writer returns bytes and is deterministic: nodes and edges come sorted from the view, edges get positional ids
(e0, e1 …), GEXF's dated <meta> is rewritten, and JSON is written with sorted keys.
"""

from __future__ import annotations

import json
import re

import networkx as nx
from rdflib import Graph

from ..namespaces import PREFIXES
from .style import hex_to_rgb
from .views import View

GEXF_VERSION = "1.2draft"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _with_edge_ids(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose edge keys are e0, e1 … in the view's edge order (unique ids for GraphML and GEXF)."""
    g = nx.MultiDiGraph(**graph.graph)
    g.add_nodes_from(graph.nodes(data=True))
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        g.add_edge(u, v, key=f"e{i}", **data)
    return g


def graphml_bytes(view: View) -> bytes:
    """GraphML 1.0 (http://graphml.graphdrawing.org/specification.html); node ids are the IRIs."""
    g = _with_edge_ids(view.graph)
    text = "\n".join(nx.generate_graphml(g, prettyprint=True))
    return (XML_DECLARATION + text.rstrip("\n") + "\n").encode("utf-8")


def gexf_bytes(view: View) -> bytes:
    """GEXF 1.2 (https://gexf.net/1.2draft) as Gephi reads it, with viz colours from the style table.

    networkx stamps <meta lastmodifieddate="today">; the date is removed so the same graph gives the same file, and
    the graph's name moves from <graph name=…> (not in the 1.2 schema) to <meta><description>.
    """
    g = nx.MultiDiGraph(**{k: v for k, v in view.graph.graph.items() if k == "name"})
    for n, data in view.graph.nodes(data=True):
        r, gr, b = hex_to_rgb(data["color"])
        g.add_node(n, **data, viz={"color": {"r": r, "g": gr, "b": b, "a": 1.0}})
    for i, (u, v, data) in enumerate(view.graph.edges(data=True)):
        g.add_edge(u, v, key=f"e{i}", id=f"e{i}", **data)
    text = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True, version=GEXF_VERSION))
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>policykg</creator>", text, count=1)
    text = re.sub(r'(<graph [^>]*?) name="[^"]*"', r"\1", text, count=1)
    text = text.replace("<meta>", f"<meta>\n    <description>{_xml_text(view.graph.graph['name'])}</description>", 1)
    return (XML_DECLARATION + text.rstrip("\n") + "\n").encode("utf-8")


def cyjs_bytes(view: View) -> bytes:
    """Cytoscape.js elements JSON (nx.cytoscape_data): elements.nodes[].data.id, elements.edges[].data.source/target."""
    data = nx.cytoscape_data(_with_edge_ids(view.graph))
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    return _json_bytes(data)


def jsonld_context() -> dict[str, str]:
    """The project prefixes as a JSON-LD @context."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def jsonld_bytes(view: View) -> bytes:
    """The view's RDF as compacted JSON-LD with the project prefixes; @graph sorted by @id, values sorted."""
    return jsonld_from_graph(view.rdf)


def jsonld_from_graph(rdf: Graph) -> bytes:
    context = jsonld_context()
    text = rdf.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    if "@graph" not in doc:  # a single node is serialised without @graph
        doc = {"@context": doc.pop("@context", context), "@graph": [doc] if doc else []}
    doc["@context"] = context
    doc["@graph"] = sorted((_sorted_values(node) for node in doc["@graph"]), key=lambda n: n.get("@id", ""))
    return _json_bytes(doc)


def _sorted_values(node):
    if isinstance(node, dict):
        return {k: _sorted_values(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_values(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
