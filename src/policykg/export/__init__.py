"""Graph exports for visualisation: GraphML, GEXF, Cytoscape.js JSON, DOT/SVG/PNG, JSON-LD and an offline viewer.

    model   — read entities, their triples and excerpts from a Store
    views   — the basis / trace / all views as RDF and a networkx MultiDiGraph
    focus   — --focus/--depth neighbourhoods
    formats — GraphML, GEXF, Cytoscape JSON, JSON-LD writers
    dot     — DOT writer and Graphviz rendering (SVG, PNG)
    html    — the self-contained HTML viewer
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .model import ExportModel, read_model
from .views import VIEWS, View, build_view


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    write: Callable[[View, ExportModel], bytes]
    binary: bool = False
    description: str = ""


def _formats() -> dict[str, Format]:
    from . import dot, formats, html

    table = [
        Format("graphml", (".graphml",), lambda v, m: formats.graphml_bytes(v), description="GraphML (yEd, Cytoscape, networkx)"),
        Format("gexf", (".gexf",), lambda v, m: formats.gexf_bytes(v), description="GEXF 1.2 (Gephi)"),
        Format("cyjs", (".cyjs", ".json"), lambda v, m: formats.cyjs_bytes(v), description="Cytoscape.js JSON"),
        Format("dot", (".dot", ".gv"), lambda v, m: dot.dot_bytes(v), description="Graphviz DOT"),
        Format("svg", (".svg",), lambda v, m: dot.svg_bytes(v), description="SVG drawn by Graphviz"),
        Format("png", (".png",), lambda v, m: dot.png_bytes(v), binary=True, description="PNG drawn by Graphviz"),
        Format("jsonld", (".jsonld",), lambda v, m: formats.jsonld_bytes(v), description="JSON-LD of the view's RDF"),
        Format("html", (".html", ".htm"), html.html_bytes, description="self-contained offline viewer"),
    ]
    return {f.name: f for f in table}


FORMAT_NAMES = ("graphml", "gexf", "cyjs", "dot", "svg", "png", "jsonld", "html")


def get_format(name: str) -> Format:
    return _formats()[name]


def format_for_suffix(suffix: str) -> str | None:
    for fmt in _formats().values():
        if suffix.lower() in fmt.suffixes:
            return fmt.name
    return None


def export_bytes(view: View, model: ExportModel, fmt: str) -> bytes:
    """*view* rendered as format *fmt*."""
    return get_format(fmt).write(view, model)


__all__ = ["FORMAT_NAMES", "VIEWS", "Format", "View", "build_view", "export_bytes", "format_for_suffix",
           "get_format", "read_model"]
