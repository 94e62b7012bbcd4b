"""Graphviz DOT (https://graphviz.org/doc/info/lang.html) and its SVG/PNG renderings by the `dot` program.

Node names are the IRIs; each node and edge also gets an `id` (n0…, e0…) that Graphviz copies into SVG, so the
HTML viewer can find them. Labels are wrapped to a readable width; colours and shapes come from style.py.
"""

from __future__ import annotations

import shutil
import subprocess

import networkx as nx

from ..errors import PolicyKGError
from ..words import char_width
from .style import edge_style, node_style
from .views import View

FONT = "Noto Sans CJK SC"
RANKDIR = {"basis": "BT", "trace": "LR", "all": "LR"}
LABEL_WIDTH = 24  # display columns (a CJK character is two)
LEAVES_PER_COLUMN = 24  # a hub with more leaves than this spreads them over several ranks (as `unflatten -l`)
EDGE_LABEL_LIMIT = 60  # above this many edges, relations are told by colour (legend, tooltips), not by labels
DOT_TIMEOUT = 300


class GraphvizMissing(PolicyKGError):
    """The `dot` program is not installed."""


def node_ids(graph: nx.MultiDiGraph) -> dict[str, str]:
    """IRI → DOM id (n0, n1 … in node order)."""
    return {n: f"n{i}" for i, n in enumerate(graph.nodes)}


def to_dot(view: View, *, concentrate: bool | None = None) -> str:
    """The view as a DOT digraph. Large graphs draw relations by colour without labels and, unless *concentrate*
    is False, merge edges that run the same way (Graphviz `concentrate`), which keeps hub-heavy traces compact."""
    graph = view.graph
    ids = node_ids(graph)
    label_edges = graph.number_of_edges() <= EDGE_LABEL_LIMIT
    if concentrate is None:
        concentrate = not label_edges
    lines = [
        f"digraph {_q(graph.graph['name'])} {{",
        f"  graph [rankdir={RANKDIR.get(view.name, 'LR')}, fontname={_q(FONT)}, bgcolor=\"white\", pad=0.3, "
        f"nodesep=0.25, ranksep=0.6, outputorder=edgesfirst{', concentrate=true' if concentrate else ''}];",
        f"  node [fontname={_q(FONT)}, fontsize=11, margin=\"0.12,0.06\"];",
        f"  edge [fontname={_q(FONT)}, fontsize=9, arrowsize=0.7];",
    ]
    max_lines = 3 if graph.number_of_nodes() <= 40 else 2
    for n, data in graph.nodes(data=True):
        style = node_style(data["kind"], str(data.get("level_code", "")), str(data.get("status_code", "")))
        styles = ["filled"] + (["rounded"] if style.shape == "box" else []) + (
            ["dashed"] if style.border_style == "dashed" else [])
        attrs = {
            "id": ids[n],
            "label": _label_lines(data, max_lines),
            "shape": style.shape,
            "style": ",".join(styles),
            "fillcolor": style.fill,
            "color": style.border,
            "penwidth": f"{style.pen_width:g}",
        }
        lines.append(f"  {_q(n)} [{_attrs(attrs)}];")
    stagger = leaf_stagger(graph)
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        colour, line = edge_style(str(data.get("kind", "other")), str(data.get("relation", "")))
        attrs = {"id": f"e{i}", "label": _escape(str(data.get("label", ""))) if label_edges else "",
                 "color": colour, "fontcolor": colour, "style": line}
        if not label_edges:
            del attrs["label"]
            attrs["tooltip"] = str(data.get("label", ""))
        if stagger.get((u, v)):
            attrs["minlen"] = str(1 + stagger[(u, v)])
        lines.append(f"  {_q(u)} -> {_q(v)} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def leaf_stagger(graph: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    """Extra rank length for the edges of leaves fanning out of one hub (a law's articles), so a hub with a hundred
    leaves draws them as a block of columns instead of one endless column.

    >>> g = nx.MultiDiGraph([(f"a{i:02}", "law") for i in range(30)])
    >>> sorted(set(leaf_stagger(g).values()))
    [0, 1]
    """
    undirected = graph.to_undirected(as_view=True)
    extra: dict[tuple[str, str], int] = {}
    for hub in graph.nodes:
        leaves = sorted((n for n in undirected[hub] if n != hub and undirected.degree(n) == 1),
                        key=lambda n: (graph.nodes[n].get("ordinal", 0), n))
        if len(leaves) <= LEAVES_PER_COLUMN:
            continue
        columns = min(8, -(-len(leaves) // LEAVES_PER_COLUMN))
        for i, leaf in enumerate(leaves):
            for edge in ((leaf, hub), (hub, leaf)):
                if graph.has_edge(*edge):
                    extra[edge] = i % columns
    return extra


def dot_bytes(view: View) -> bytes:
    return to_dot(view).encode("utf-8")


def render(dot_source: str, fmt: str) -> bytes:
    """Run Graphviz `dot -T<fmt>` on *dot_source*; a missing or failing `dot` is a one-line PolicyKGError."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing(
            f"Graphviz 'dot' not found on PATH: it draws the {fmt} output; install Graphviz (Debian: apt-get install "
            "graphviz fonts-noto-cjk) or export --format dot"
        )
    try:
        proc = subprocess.run([exe, f"-T{fmt}"], input=dot_source.encode("utf-8"), capture_output=True,
                              timeout=DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PolicyKGError(f"Graphviz 'dot' took longer than {DOT_TIMEOUT}s: narrow the graph with --focus") from None
    except OSError as exc:
        raise PolicyKGError(f"Graphviz 'dot' could not run: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PolicyKGError(f"Graphviz 'dot' failed (exit {proc.returncode}): {message[0] if message else 'no message'}")
    return proc.stdout


def render_view(view: View, fmt: str) -> bytes:
    """Draw *view* as *fmt*; if Graphviz trips over edge concentration (it can, on some graphs), draw it plain."""
    source = to_dot(view)
    plain = to_dot(view, concentrate=False)
    if source == plain:
        return render(source, fmt)
    try:
        return render(source, fmt)
    except GraphvizMissing:
        raise
    except PolicyKGError:
        return render(plain, fmt)


def svg_bytes(view: View) -> bytes:
    return render_view(view, "svg")


def png_bytes(view: View) -> bytes:
    return render_view(view, "png")


def _label_lines(data: dict, max_lines: int = 3) -> str:
    """The node's label, wrapped; documents add their short title or title (two lines at most)."""
    lines = wrap(str(data.get("label", "")), LABEL_WIDTH, max_lines=max_lines)
    if data.get("kind") == "document":
        extra = str(data.get("short_title") or data.get("title") or "")
        if extra and extra != data.get("label"):
            lines += wrap(extra, LABEL_WIDTH, max_lines=min(2, max_lines))
    return "\\n".join(_escape(line) for line in lines)


def wrap(text: str, width: int, *, max_lines: int) -> list[str]:
    """Break *text* into lines of at most *width* display columns (CJK counts two), ending in … if cut.

    >>> wrap("国家高新技术企业超1700家", 12, max_lines=3)
    ['国家高新技术', '企业超1700家']
    """
    text = " ".join(text.split())
    lines, current, used = [], "", 0
    for ch in text:
        w = char_width(ch)
        if used + w > width and current:
            lines.append(current)
            current, used = "", 0
            if ch == " ":
                continue
        current += ch
        used += w
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _escape(text: str) -> str:
    """Text for a quoted DOT escString (backslash and quote escaped; newlines become spaces)."""
    return " ".join(text.replace("\\", "\\\\").replace('"', '\\"').split())


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attrs(attrs: dict[str, str]) -> str:
    # label is already escaped (it carries \n line breaks); the rest is quoted here
    return ", ".join(f'{k}="{v}"' if k == "label" else f"{k}={_q(v)}" for k, v in attrs.items())
