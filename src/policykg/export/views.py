"""The three views of the graph an export can draw, each as RDF (the triples it is made of) and a networkx graph.

- ``basis``: documents and their 依据 links — eli:based_on, pkg:implementsPolicy, and, as a distinct edge kind,
  pkg:assessedConformityWith drawn from each evaluated document to the document an evaluation found it conforms
  to. Only documents that take part in such a link are drawn (a document stating no basis is a finding of
  `policykg check`, not a node floating in this picture).
- ``trace``: from every result forward along pkg:achievedThrough, pkg:inArea, pkg:attributedTo, pkg:measureOf,
  pkg:implements, pkg:areaConcerns, pkg:provisionOf and on through the documents' eli:based_on /
  pkg:implementsPolicy chains: result → measure / area → document → provision / directive.
- ``all``: every entity and every link between entities. Provisions nothing links to (the ≈2000 articles of the
  bundled laws) are left out unless ``--focus`` asks for a neighbourhood, which then may include them.

The networkx graph is built from the view's RDF only, so the JSON-LD export and the drawn graph agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from ..errors import PolicyKGError
from ..namespaces import ELI, PKG, bind_prefixes
from ..terms import as_iri
from .focus import neighbourhood
from .attributes import REFERENCE_ATTRIBUTES, Quote, edge_attributes, node_attributes, node_quotes
from .model import ExportModel, curie

VIEWS = ("basis", "trace", "all")

BASIS_PREDICATES = (ELI.based_on, PKG.implementsPolicy)
TRACE_PREDICATES = (
    PKG.achievedThrough, PKG.inArea, PKG.attributedTo, PKG.measureOf, PKG.implements, PKG.areaConcerns,
    PKG.provisionOf, ELI.based_on, PKG.implementsPolicy,
)
PART_PREDICATES = (PKG.provisionOf, ELI.is_part_of)
# Materialised by reasoning (closures and inverses); the links they repeat are drawn once, the asserted way.
DERIVED_PREDICATES = (PKG.basisChain, PKG.basisOf, ELI.has_part)
NOT_LINKS = (RDF.type, PROV.wasDerivedFrom)

EDGE_KINDS = {
    ELI.based_on: "basis",
    PKG.implementsPolicy: "implements-policy",
    PKG.assessedConformityWith: "conformity",
    PKG.achievedThrough: "trace",
    PKG.inArea: "trace",
    PKG.attributedTo: "trace",
    PKG.measureOf: "trace",
    PKG.implements: "trace",
    PKG.areaConcerns: "trace",
    PKG.provisionOf: "part",
    ELI.is_part_of: "part",
}


@dataclass
class Selection:
    """Which entities a view draws and which links between them become edges."""

    nodes: set[URIRef]
    #: edge predicates; None means every link between two nodes
    predicates: frozenset[URIRef] | None
    #: draw evaluated document → conformity target edges (basis view)
    conformity: bool = False


@dataclass
class View:
    """A view ready to export: its RDF, its graph, and the provenance quotes of its nodes."""

    name: str
    rdf: Graph
    graph: nx.MultiDiGraph
    quotes: dict[URIRef, list[Quote]] = field(default_factory=dict)
    focus: URIRef | None = None
    depth: int | None = None


def select(model: ExportModel, view: str, *, all_provisions: bool = False) -> Selection:
    """The entities and links of *view* (all_provisions: in ``all``, keep provisions nothing links to)."""
    if view == "basis":
        return _select_basis(model)
    if view == "trace":
        return _select_trace(model)
    if view == "all":
        return _select_all(model, all_provisions)
    raise PolicyKGError(f"unknown view {view!r}: expected one of {', '.join(VIEWS)}")


def _links(model: ExportModel) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Every (s, p, o) between two entities, minus derived duplicates (computed once per model)."""
    cached = model.__dict__.get("_links")
    if cached is None:
        cached = model.__dict__["_links"] = _find_links(model)
    return cached


def _find_links(model: ExportModel) -> list[tuple[URIRef, URIRef, URIRef]]:
    out = []
    for s, p, o in model.triples:
        if p in NOT_LINKS or p in DERIVED_PREDICATES or not model.is_entity(o) or not isinstance(p, URIRef):
            continue
        out.append((as_iri(s), p, o))  # the entities' own triples: IRI subjects
    present: dict[tuple[URIRef, URIRef], set[URIRef]] = {(s, o): set() for s, _, o in out}
    for s, p, o in out:
        present[(s, o)].add(p)
    # a link also stated with a sub-property (eli:is_part_of under pkg:provisionOf) is drawn once, the specific way
    return sorted(
        (s, p, o) for s, p, o in out
        if not any(p in model.property_ancestors.get(q, ()) for q in present[(s, o)] if q != p)
    )


def _select_basis(model: ExportModel) -> Selection:
    nodes: set[URIRef] = set()
    for s, p, o in model.triples:
        if p in BASIS_PREDICATES and model.kind_of(s) == "document" and model.kind_of(o) == "document":
            nodes |= {as_iri(s), as_iri(o)}  # entities
    for evaluated, target, _ in _conformity(model):
        nodes |= {evaluated, target}
    return Selection(nodes, frozenset(BASIS_PREDICATES), conformity=True)


def _select_trace(model: ExportModel) -> Selection:
    forward: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, p, o in model.triples:
        if p in TRACE_PREDICATES and model.is_entity(o):
            forward[as_iri(s)].add(o)
    start = {e for e, kind in model.kinds.items() if kind == "result"}
    nodes, todo = set(start), list(start)
    while todo:
        for nxt in forward.get(todo.pop(), ()):
            if nxt not in nodes:
                nodes.add(nxt)
                todo.append(nxt)
    return Selection(nodes, frozenset(TRACE_PREDICATES))


def _select_all(model: ExportModel, all_provisions: bool) -> Selection:
    nodes = set(model.kinds)
    if not all_provisions:
        linked = set()
        for s, p, o in _links(model):
            if p in PART_PREDICATES:
                continue
            for end, other in ((s, o), (o, s)):
                # a provision counts as linked when something other than a provision points at it or it at it
                if model.kinds.get(end) == "provision" and model.kinds.get(other) != "provision":
                    linked.add(end)
        nodes = {e for e in nodes if model.kinds[e] != "provision" or e in linked}
    return Selection(nodes, None)


def _conformity(model: ExportModel) -> list[tuple[URIRef, URIRef, URIRef]]:
    """(evaluated document, conforming-with document, evaluation) for every evaluation's finding."""
    out: list[tuple[URIRef, URIRef, URIRef]] = []
    for evaluation, target in model.triples.subject_objects(PKG.assessedConformityWith):
        for evaluated in model.triples.objects(evaluation, PKG.evaluates):
            if model.kind_of(evaluated) == "document" and model.kind_of(target) == "document":
                out.append((as_iri(evaluated), as_iri(target), as_iri(evaluation)))  # entities
    return sorted(out)


def skeleton(model: ExportModel, selection: Selection) -> nx.MultiDiGraph:
    """The nodes and edges of a selection without attributes (for neighbourhoods)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(sorted(selection.nodes))
    for s, p, o in _edges(model, selection):
        g.add_edge(s, o, key=curie(p))
    if selection.conformity:
        for evaluated, target, _ in _conformity(model):
            if evaluated in selection.nodes and target in selection.nodes:
                g.add_edge(evaluated, target, key=curie(PKG.assessedConformityWith))
    return g


def _edges(model: ExportModel, selection: Selection):
    return sorted(
        (s, p, o) for s, p, o in _links(model)
        if s in selection.nodes and o in selection.nodes
        and (selection.predicates is None or p in selection.predicates)
    )


def describe(model: ExportModel, selection: Selection) -> Graph:
    """The RDF of a selection: each node's literals, types and code values, its edges, its excerpts, the labels and
    level of entities it names as attributes, and the evaluation findings behind conformity edges."""
    g = Graph()
    bind_prefixes(g)
    nodes = selection.nodes
    edges = set(_edges(model, selection))
    for n in sorted(nodes):
        for p, o in model.triples.predicate_objects(n):
            if isinstance(o, Literal):
                g.add((n, p, o))
            elif model.is_entity(o):
                if (n, p, o) in edges:
                    g.add((n, p, o))
                if p in REFERENCE_ATTRIBUTES:
                    g.add((n, p, o))
                    _describe_reference(model, g, o)
            elif p == PROV.wasDerivedFrom:
                g.add((n, p, o))
                for t in model.excerpts.triples((o, None, None)):
                    g.add(t)
            else:
                g.add((n, p, o))
    if selection.conformity:
        for evaluated, target, evaluation in _conformity(model):
            if evaluated in nodes and target in nodes:
                g.add((evaluation, PKG.evaluates, evaluated))
                g.add((evaluation, PKG.assessedConformityWith, target))
                g.add((evaluation, RDF.type, model.classes[evaluation]))
                for label in model.triples.objects(evaluation, RDFS.label):
                    g.add((evaluation, RDFS.label, label))
    return g


def _describe_reference(model: ExportModel, g: Graph, entity: URIRef) -> None:
    for label in model.triples.objects(entity, RDFS.label):
        g.add((entity, RDFS.label, label))
    for level in model.triples.objects(entity, PKG.adminLevel):
        g.add((entity, PKG.adminLevel, level))


def to_networkx(model: ExportModel, selection: Selection, rdf: Graph, name: str) -> nx.MultiDiGraph:
    """The view's graph: nodes in IRI order with their attributes, edges keyed by relation, in (source, target,
    relation) order. Attributes are read from *rdf*, and each edge is a triple of it (or, for conformity, stands
    for the evaluation's two triples in it), so the drawn graph and the exported RDF agree."""
    g = nx.MultiDiGraph(name=f"policykg {name} view", view=name)
    for n in sorted(selection.nodes):
        g.add_node(str(n), **node_attributes(rdf, n, model))
    edges: dict[tuple[str, str, str], tuple[URIRef, str, list[URIRef]]] = {}
    for s, p, o in _edges(model, selection):
        if (s, p, o) in rdf:
            edges[(str(s), str(o), curie(p))] = (p, EDGE_KINDS.get(p, "other"), [])
    if selection.conformity:
        for evaluated, target, evaluation in _conformity(model):
            if evaluated in selection.nodes and target in selection.nodes:
                edge = (str(evaluated), str(target), curie(PKG.assessedConformityWith))
                edges.setdefault(edge, (PKG.assessedConformityWith, "conformity", []))[2].append(evaluation)
    for (s, o, key) in sorted(edges):
        p, kind, via = edges[(s, o, key)]
        g.add_edge(s, o, key=key, **edge_attributes(p, kind, model, via))
    return g


def build_view(model: ExportModel, name: str, *, focus: URIRef | None = None, depth: int | None = None) -> View:
    """Build view *name*, narrowed to the *depth*-hop neighbourhood of *focus* when given."""
    selection = select(model, name, all_provisions=focus is not None)
    if focus is not None:
        keep = neighbourhood(skeleton(model, selection), focus, depth if depth is not None else 1, view=name,
                             model=model)
        selection = Selection({n for n in selection.nodes if str(n) in keep}, selection.predicates,
                              selection.conformity)
    rdf = describe(model, selection)
    graph = to_networkx(model, selection, rdf, name)
    if focus is not None:
        graph.graph["focus"] = str(focus)
        graph.graph["depth"] = str(depth if depth is not None else 1)
    quotes = {n: node_quotes(rdf, n, model) for n in sorted(selection.nodes)}
    return View(name=name, rdf=rdf, graph=graph, quotes=quotes, focus=focus, depth=depth)
