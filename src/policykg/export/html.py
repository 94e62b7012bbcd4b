"""The self-contained HTML viewer: one file, no network requests.

The graph is laid out by Graphviz and inlined as SVG; a small script of our own (assets/viewer.js) adds pan/zoom,
search by 文号 or label, and a side panel with a node's attributes and provenance quotes, reading the node data
from an inline JSON block. A Content-Security-Policy of `default-src 'none'` (script allowed only by its hash)
makes the browser refuse any fetch the page might attempt.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources

from rdflib import URIRef

from .. import vocab
from ..render.pages import Markup, render_page
from ..words import Bilingual
from .attributes import FIELD_ORDER, field_labels
from .dot import node_ids, render_view
from .model import ExportModel
from .style import (EDGE_STYLES, KIND_SHAPES, LEVEL_FILLS, NO_STATUS_BORDER, STATUS_BORDERS,
                    edge_style)
from .views import View

VIEW_TITLES = {
    "basis": ("依据关系图", "basis links"),
    "trace": ("成效追溯图", "result trace"),
    "all": ("全部实体图", "all entities"),
}
# Graphviz shape names as the legend says them.
SHAPE_NAMES = {"box": "圆角矩形", "note": "便签", "house": "屋形", "ellipse": "椭圆", "tab": "标签", "hexagon": "六边形",
               "diamond": "菱形", "component": "组件", "cds": "箭头框", "parallelogram": "平行四边形"}
# Attributes the side panel does not list (shown elsewhere, or only for styling).
HIDDEN_FIELDS = ["label", "color", "border_color", "shape", "level_code", "status_code", "level_en", "status_en",
                 "quote", "provenance", "source", "kind"]


def _asset(name: str) -> str:
    return resources.files("policykg.export").joinpath("assets", name).read_text(encoding="utf-8")


def html_bytes(view: View, model: ExportModel) -> bytes:
    """The viewer for *view* as one HTML document (the template render/templates/export-viewer.html)."""
    graph = view.graph
    svg = _inline_svg(render_view(view, "svg").decode("utf-8"))
    ids = node_ids(graph)
    names = sorted({k for _, d in graph.nodes(data=True) for k in d})
    order = [f for f in FIELD_ORDER if f in names] + [f for f in names if f not in FIELD_ORDER]
    payload = {
        "view": view.name,
        "fields": {k: list(v) for k, v in field_labels(model, names).items()},
        "order": order,
        "hidden": HIDDEN_FIELDS,
        "nodes": [
            {
                "id": ids[n],
                "iri": n,
                "label": d["label"],
                "label_en": d["label_en"],
                "kind": d["kind"],
                "number": d.get("number", ""),
                "attrs": d,
                "quotes": [q.__dict__ | {"attests": list(q.attests)} for q in view.quotes.get(URIRef(n), [])],
            }
            for n, d in graph.nodes(data=True)
        ],
        "edges": [
            {"id": f"e{i}", "source": ids[u], "target": ids[v], "label": d["label"], "label_en": d["label_en"],
             "relation": d["relation"]}
            for i, (u, v, d) in enumerate(graph.edges(data=True))
        ],
    }
    zh, en = VIEW_TITLES.get(view.name, (view.name, view.name))
    title = f"policykg · {zh} {en}"
    if view.focus is not None:
        title += f" · {graph.nodes[str(view.focus)]['label']}"
    summary = f"{graph.number_of_nodes()} 个节点 nodes · {graph.number_of_edges()} 条边 edges"
    if view.focus is not None:
        summary += f" · 焦点 focus {graph.nodes[str(view.focus)]['label']}，{view.depth if view.depth is not None else 1} 跳 hops"
    js = _asset("viewer.js")
    script_hash = "sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    page = render_page("export-viewer.html", title=title, summary=summary, script_hash=script_hash,
                       css=Markup(_asset("viewer.css")), svg=Markup(svg), data=Markup(_json_for_script(payload)),
                       js=Markup(js), legend=_legend(view))
    return page.encode("utf-8")


def _inline_svg(svg: str) -> str:
    """Graphviz SVG without its XML prolog, doctype and comments, ready to sit inside HTML."""
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return svg.strip()


def _json_for_script(data) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _kind_label(kind: str) -> Bilingual:
    """A kind's name in the legend: its root class's label (policykg.vocab)."""
    found = vocab.node_kind(kind)
    return found.label if found is not None else Bilingual.same(kind)


def _legend(view: View) -> dict:
    """Legend items for the levels, statuses, kinds and edge kinds present in the view."""
    nodes = list(view.graph.nodes(data=True))
    levels = {d.get("level_code"): (d.get("level", ""), d.get("level_en", "")) for _, d in nodes
              if d.get("level_code")}
    statuses = {d.get("status_code"): (d.get("status", ""), d.get("status_en", "")) for _, d in nodes
                if d.get("status_code")}
    kinds = {d["kind"] for _, d in nodes}
    relations = {d["relation"]: (d["kind"], d["label"], d["label_en"]) for _, _, d in view.graph.edges(data=True)}
    edge_order = sorted(relations.items(), key=lambda r: (list(EDGE_STYLES).index(r[1][0])
                                                          if r[1][0] in EDGE_STYLES else 99, r[0]))
    return {
        "levels": [(LEVEL_FILLS[c], *levels[c]) for c in LEVEL_FILLS if c in levels],
        "has_documents": any(d["kind"] == "document" for _, d in nodes),
        "borders": [(STATUS_BORDERS[c][:2], *statuses[c]) for c in STATUS_BORDERS if c in statuses],
        "no_status_colour": NO_STATUS_BORDER[0],
        "kinds": [(KIND_SHAPES[k][1:3], SHAPE_NAMES.get(KIND_SHAPES[k][0], KIND_SHAPES[k][0]), _kind_label(k).zh,
                   _kind_label(k).en)
                  for k in KIND_SHAPES if k in kinds],
        "edges": [(edge_style(kind, rel), zh, en) for rel, (kind, zh, en) in edge_order],
    }
