"""Graphviz DOT (https://graphviz.org/doc/info/lang.html) and its SVG/PNG renderings by the `dot` program.

Node names are the IRIs; each node and edge also gets an `id` (n0…, e0…) that Graphviz copies into SVG, so the
HTML viewer can find them. Labels are wrapped to a readable width; colours and shapes come from style.py.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import networkx as nx

from ..errors import PolicyKGError
from .style import edge_style, node_style
from .views import View

FONT = "Noto Sans CJK SC"
RANKDIR = {"basis": "BT", "trace": "LR", "all": "LR"}
LABEL_WIDTH = 24  # display columns (a CJK character is two)
DOT_TIMEOUT = 300


def node_ids(graph: nx.MultiDiGraph) -> dict[str, str]:
    """IRI → DOM id (n0, n1 … in node order)."""
    return {n: f"n{i}" for i, n in enumerate(graph.nodes)}


def to_dot(view: View) -> str:
    """The view as a DOT digraph."""
    graph = view.graph
    ids = node_ids(graph)
    lines = [
        f"digraph {_q(graph.graph['name'])} {{",
        f"  graph [rankdir={RANKDIR.get(view.name, 'LR')}, fontname={_q(FONT)}, bgcolor=\"white\", pad=0.3, "
        "nodesep=0.25, ranksep=0.6, outputorder=edgesfirst];",
        f"  node [fontname={_q(FONT)}, fontsize=11, margin=\"0.12,0.06\"];",
        f"  edge [fontname={_q(FONT)}, fontsize=9, arrowsize=0.7];",
    ]
    for n, data in graph.nodes(data=True):
        style = node_style(data["kind"], str(data.get("level_code", "")), str(data.get("status_code", "")))
        styles = ["filled"] + (["rounded"] if style.shape == "box" else []) + (
            ["dashed"] if style.border_style == "dashed" else [])
        attrs = {
            "id": ids[n],
            "label": _label_lines(data),
            "shape": style.shape,
            "style": ",".join(styles),
            "fillcolor": style.fill,
            "color": style.border,
            "penwidth": f"{style.pen_width:g}",
        }
        lines.append(f"  {_q(n)} [{_attrs(attrs)}];")
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        colour, line = edge_style(str(data.get("kind", "other")))
        attrs = {"id": f"e{i}", "label": _escape(str(data.get("label", ""))), "color": colour,
                 "fontcolor": colour, "style": line}
        lines.append(f"  {_q(u)} -> {_q(v)} [{_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_bytes(view: View) -> bytes:
    return to_dot(view).encode("utf-8")


def render(dot_source: str, fmt: str) -> bytes:
    """Run Graphviz `dot -T<fmt>` on *dot_source*; a missing or failing `dot` is a one-line PolicyKGError."""
    exe = shutil.which("dot")
    if exe is None:
        raise PolicyKGError(
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


def svg_bytes(view: View) -> bytes:
    return render(to_dot(view), "svg")


def png_bytes(view: View) -> bytes:
    return render(to_dot(view), "png")


def _label_lines(data: dict) -> str:
    """The node's label, wrapped; documents add their short title or title (two lines at most)."""
    lines = wrap(str(data.get("label", "")), LABEL_WIDTH, max_lines=3)
    if data.get("kind") == "document":
        extra = str(data.get("short_title") or data.get("title") or "")
        if extra and extra != data.get("label"):
            lines += wrap(extra, LABEL_WIDTH, max_lines=2)
    return "\\n".join(_escape(line) for line in lines)


def wrap(text: str, width: int, *, max_lines: int) -> list[str]:
    """Break *text* into lines of at most *width* display columns (CJK counts two), ending in … if cut.

    >>> wrap("国家高新技术企业超1700家", 12, max_lines=3)
    ['国家高新技术', '企业超1700家']
    """
    text = " ".join(text.split())
    lines, current, used = [], "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
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
