"""The self-contained HTML viewer: one file, no network requests.

The graph is laid out by Graphviz and inlined as SVG; a small script of our own (assets/viewer.js) adds pan/zoom,
search by 文号 or label, and a side panel with a node's attributes and provenance quotes, reading the node data
from an inline JSON block. A Content-Security-Policy of `default-src 'none'` (script allowed only by its hash)
makes the browser refuse any fetch the page might attempt.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

from rdflib import URIRef

from .attributes import FIELD_ORDER, field_labels
from .dot import node_ids, render_view
from .model import ExportModel
from .style import (EDGE_STYLES, KIND_LABELS, KIND_SHAPES, LEVEL_FILLS, NO_STATUS_BORDER, STATUS_BORDERS,
                    edge_style)
from .views import View

VIEW_TITLES = {
    "basis": ("依据关系图", "basis links"),
    "trace": ("成效追溯图", "result trace"),
    "all": ("全部实体图", "all entities"),
}
# Attributes the side panel does not list (shown elsewhere, or only for styling).
HIDDEN_FIELDS = ["label", "color", "border_color", "shape", "level_code", "status_code", "level_en", "status_en",
                 "quote", "provenance", "source", "kind"]


def _asset(name: str) -> str:
    return resources.files("policykg.export").joinpath("assets", name).read_text(encoding="utf-8")


def html_bytes(view: View, model: ExportModel) -> bytes:
    """The viewer for *view* as one HTML document."""
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
    page = _asset("viewer.html")
    # Substitute the data-bearing slots last, so text inside them is never taken for a placeholder.
    for slot, value in [
        ("@@SCRIPT_HASH@@", script_hash),
        ("@@TITLE@@", html.escape(title)),
        ("@@SUMMARY@@", html.escape(summary)),
        ("@@CSS@@", _asset("viewer.css")),
        ("@@LEGEND@@", _legend(view)),
    ]:
        page = page.replace(slot, value)
    head, rest = page.split("@@SVG@@")
    middle, tail = rest.split("@@DATA@@")
    before_js, after_js = tail.split("@@JS@@")
    return (head + svg + middle + _json_for_script(payload) + before_js + js + after_js).encode("utf-8")


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


def _legend(view: View) -> str:
    """Legend items for the levels, statuses, kinds and edge kinds present in the view."""
    nodes = list(view.graph.nodes(data=True))
    levels = {d.get("level_code"): d.get("level", "") for _, d in nodes if d.get("level_code")}
    level_en = {d.get("level_code"): d.get("level_en", "") for _, d in nodes if d.get("level_code")}
    statuses = {d.get("status_code"): (d.get("status", ""), d.get("status_en", "")) for _, d in nodes
                if d.get("status_code")}
    kinds = {d["kind"] for _, d in nodes}
    parts = []
    if levels:
        items = "".join(
            f'<li><span class="pkg-swatch" style="background:{LEVEL_FILLS[c]}"></span>'
            f"{html.escape(levels[c])} {html.escape(level_en[c])}</li>"
            for c in LEVEL_FILLS if c in levels)
        parts.append(f"<p>填色：制定机关层级 Fill: issuing organ's level</p><ul>{items}</ul>")
    border_items = [
        f'<li><span class="pkg-swatch" style="border:2px {STATUS_BORDERS[c][1]} {STATUS_BORDERS[c][0]}"></span>'
        f"{html.escape(statuses[c][0])} {html.escape(statuses[c][1])}</li>"
        for c in STATUS_BORDERS if c in statuses]
    border_items.append(
        f'<li><span class="pkg-swatch" style="border:1px solid {NO_STATUS_BORDER[0]}"></span>'
        "未记载效力状态 status not recorded</li>")
    if any(d["kind"] == "document" for _, d in nodes):
        parts.append(f"<p>边框：效力状态 Border: in-force status</p><ul>{''.join(border_items)}</ul>")
    shape_names = {"box": "圆角矩形", "note": "便签", "house": "屋形", "ellipse": "椭圆", "tab": "标签", "hexagon": "六边形",
                   "diamond": "菱形", "component": "组件", "cds": "箭头框", "parallelogram": "平行四边形"}
    kind_items = "".join(
        f'<li><span class="pkg-swatch" style="background:{KIND_SHAPES[k][1]};border-color:{KIND_SHAPES[k][2]}">'
        f"</span>{html.escape(shape_names.get(KIND_SHAPES[k][0], KIND_SHAPES[k][0]))}："
        f"{html.escape(KIND_LABELS[k][0])} {html.escape(KIND_LABELS[k][1])}</li>"
        for k in KIND_SHAPES if k in kinds)
    parts.append(f"<p>形状：实体类别 Shape: kind</p><ul>{kind_items}</ul>")
    relations = {d["relation"]: (d["kind"], d["label"], d["label_en"]) for _, _, d in view.graph.edges(data=True)}
    if relations:
        edge_items = "".join(
            '<li><span class="pkg-line" style="border-top:2px {1} {0}"></span>'.format(*edge_style(kind, rel))
            + f"{html.escape(zh)} {html.escape(en)}</li>"
            for rel, (kind, zh, en) in sorted(relations.items(), key=lambda r: (list(EDGE_STYLES).index(r[1][0])
                                                                               if r[1][0] in EDGE_STYLES else 99, r[0])))
        parts.append(f"<p>连线 Edges</p><ul>{edge_items}</ul>")
    return "\n".join(parts)
