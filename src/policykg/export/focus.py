"""`--focus 文号|IRI` and `--depth N`: narrow a view to the N-hop neighbourhood of one node.

Hops ignore edge direction (a directive's neighbours include the documents resting on it). The focus is given as a
full IRI, a compact IRI with a project prefix (doc:威政字-2023-40), or a 文号 read leniently by
policykg.identifiers.doc_iri; anything not in the data, or not in the chosen view, is a one-line error.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Literal, URIRef

from ..errors import PolicyKGError
from ..identifiers import doc_iri, looks_like_iri, parse_doc_number
from ..namespaces import PKG, PREFIXES
from .model import ExportModel, curie

MAX_DEPTH = 50


def resolve_focus(text: str, model: ExportModel) -> URIRef:
    """The entity IRI *text* names: an IRI, a compact IRI, or a 文号."""
    raw = text.strip()
    if not raw:
        raise PolicyKGError("--focus is empty: give a 文号 (e.g. 国科发创〔2016〕370号) or an IRI")
    if looks_like_iri(raw):
        prefix, _, rest = raw.partition(":")
        node = URIRef(str(PREFIXES[prefix]) + rest) if prefix in PREFIXES and not rest.startswith("//") else URIRef(raw)
        if not model.is_entity(node):
            raise PolicyKGError(f"--focus {raw}: no such entity in the data")
        return node
    node = doc_iri(raw)  # PolicyKGError for a malformed 文号
    if model.is_entity(node):
        return node
    # a document whose recorded 文号 reads the same although its IRI was minted otherwise
    wanted = parse_doc_number(raw).canonical
    for s, number in sorted(model.triples.subject_objects(PKG.docNumber)):
        if isinstance(number, Literal) and model.is_entity(s) and _canonical(str(number)) == wanted:
            return s
    raise PolicyKGError(f"--focus {raw}: no document with this 文号 in the data (looked for {curie(node)})")


def _canonical(number: str) -> str | None:
    try:
        return parse_doc_number(number).canonical
    except PolicyKGError:
        return None


def neighbourhood(graph: nx.MultiDiGraph, focus: URIRef, depth: int, *, view: str, model: ExportModel) -> set[str]:
    """Node ids within *depth* undirected hops of *focus* in *graph* (the focus included)."""
    if depth < 0 or depth > MAX_DEPTH:
        raise PolicyKGError(f"--depth {depth}: expected a number from 0 to {MAX_DEPTH}")
    if focus not in graph:
        kind = model.kinds.get(focus, "entity")
        raise PolicyKGError(
            f"--focus {curie(focus)}: this {kind} is not in the {view} view; try --view all"
        )
    lengths = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), focus, cutoff=depth)
    return {str(n) for n in lengths}
