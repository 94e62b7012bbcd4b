"""Facts about the vocabulary, read once from the ontology (ontology/policykg.ttl) — never restated in Python.

The ontology marks its properties with annotations the code reads here:

- ``pkg:linksPartToWhole true`` / ``pkg:linksWholeToPart true``: the links that make a node part of a document
  (a draft's measures, provisions, procedure steps … are part of the draft);
- ``pkg:followedInScope true``: the links a draft's bounded registry context follows (policykg.check.scope);
- ``pkg:nodeKind`` / ``pkg:nodeKindOrder`` / ``pkg:exportedAsEntity`` on root classes: the kinds a report and an
  export group nodes by (document, provision …), shown by the root class's rdfs:label;
  ``pkg:subjectKindHint`` / ``pkg:objectKindHint``: the kind of a node whose type is not stated;
- ``pkg:queryVariable``: the check-query variable (?basis) a property's object is bound to;
- ``pkg:countOrder`` / ``pkg:countLabel``: what ``policykg build`` counts;
- ``pkg:titleWord`` on code:genre-* concepts: the word a title of that genre ends with;
- ``pkg:statedForCitationRelation``: the property a draft's citation states for a pkg:citationRelation value;
- ``pkg:linkWord``: the word a chain shown to people names a step along a property by (落实 / implements), where
  the property's rdfs:label is a name or a phrase (落实 / implements policy).

tests/test_vocab.py checks that no Python source holds a literal table of these facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from .load import load_ontology
from .namespaces import ELI, PKG
from .naming import pick
from .words import EMPTY, Bilingual


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The bundled ontology, code lists and rank order (parsed once per process)."""
    return load_ontology()


def _marked(annotation: URIRef) -> frozenset[URIRef]:
    graph = ontology()
    return frozenset(s for s, o in graph.subject_objects(annotation)
                     if isinstance(s, URIRef) and isinstance(o, Literal) and o.toPython() is True)


@lru_cache(maxsize=1)
def part_to_whole_links() -> frozenset[URIRef]:
    """Properties whose subject is part of their object (pkg:measureOf, pkg:provisionOf …)."""
    return _marked(PKG.linksPartToWhole)


@lru_cache(maxsize=1)
def whole_to_part_links() -> frozenset[URIRef]:
    """Properties whose object is part of their subject (pkg:hasProcedureStep, eli:has_part …)."""
    return _marked(PKG.linksWholeToPart)


@lru_cache(maxsize=1)
def scope_links() -> frozenset[URIRef]:
    """Properties a draft's bounded registry context follows: a rule may read their objects."""
    return _marked(PKG.followedInScope)


def _bilingual(graph: Graph, node: URIRef, pred: URIRef) -> Bilingual:
    return pick(graph.objects(node, pred))


@lru_cache(maxsize=None)
def label(term: URIRef) -> Bilingual:
    """A vocabulary term's rdfs:label in zh and en (each falls back to the other; EMPTY if unlabelled)."""
    return _bilingual(ontology(), term, RDFS.label)


@lru_cache(maxsize=None)
def link_word(prop: URIRef) -> Bilingual:
    """How a chain shown to people names a step along *prop*: its pkg:linkWord, else its rdfs:label (EMPTY if
    neither)."""
    return _bilingual(ontology(), prop, PKG.linkWord) or label(prop)


def basis_link_word(relation: object) -> Bilingual:
    """The word for a document's link to its basis (eli:based_on, pkg:implementsPolicy …); eli:based_on's for a
    relation that is absent or that the ontology does not name."""
    word = link_word(URIRef(str(relation))) if relation is not None else EMPTY
    return word or link_word(ELI.based_on)


@lru_cache(maxsize=1)
def citation_relation_properties() -> dict[str, URIRef]:
    """pkg:citationRelation value (based_on, implements …) → the property a draft's citation so worded states."""
    graph = ontology()
    return {str(value): prop for prop, value in sorted(graph.subject_objects(PKG.statedForCitationRelation))
            if isinstance(prop, URIRef)}


@dataclass(frozen=True)
class NodeKind:
    """A kind of node people are shown (a document, a provision …): named by its root class."""

    name: str
    root: URIRef
    label: Bilingual
    exported: bool


@lru_cache(maxsize=1)
def node_kinds() -> tuple[NodeKind, ...]:
    """The node kinds, in the order a node typed under several of them is given one (pkg:nodeKindOrder)."""
    graph = ontology()
    kinds = []
    for root, name in graph.subject_objects(PKG.nodeKind):
        if isinstance(root, URIRef):
            order = graph.value(root, PKG.nodeKindOrder)
            exported = graph.value(root, PKG.exportedAsEntity)
            kinds.append((int(str(order)) if order is not None else 1 << 30, str(name),
                          NodeKind(str(name), root, _bilingual(graph, root, RDFS.label),
                                   isinstance(exported, Literal) and exported.toPython() is True)))
    return tuple(k for _o, _n, k in sorted(kinds, key=lambda t: (t[0], t[1])))


def node_kind(name: str) -> NodeKind | None:
    """The kind called *name* ("document" …), or None."""
    return next((k for k in node_kinds() if k.name == name), None)


def entity_kinds() -> tuple[NodeKind, ...]:
    """The kinds an exported graph draws as nodes (pkg:exportedAsEntity), in kind order."""
    return tuple(k for k in node_kinds() if k.exported)


def _hints(annotation: URIRef) -> tuple[tuple[str, URIRef], ...]:
    graph = ontology()
    kind_of = {k.root: k for k in node_kinds()}
    order = {k.name: i for i, k in enumerate(node_kinds())}
    found = [(kind_of[cls].name, prop) for prop, cls in graph.subject_objects(annotation)
             if isinstance(prop, URIRef) and isinstance(cls, URIRef) and cls in kind_of]
    return tuple(sorted(found, key=lambda h: (order[h[0]], str(h[1]))))


@lru_cache(maxsize=1)
def subject_kind_hints() -> tuple[tuple[str, URIRef], ...]:
    """(kind, property): a node whose type is not stated but which has the property is of the kind."""
    return _hints(PKG.subjectKindHint)


@lru_cache(maxsize=1)
def object_kind_hints() -> tuple[tuple[str, URIRef], ...]:
    """(kind, property): a node whose type is not stated but which is the property's object is of the kind."""
    return _hints(PKG.objectKindHint)


@lru_cache(maxsize=None)
def variable_label(name: str) -> Bilingual:
    """How a report introduces the value of a check query's ?name: the label of the node kind of that name, or of
    the property whose pkg:queryVariable it is; EMPTY if the ontology names no such variable."""
    kind = node_kind(name)
    if kind is not None:
        return kind.label
    graph = ontology()
    for prop in sorted(graph.subjects(PKG.queryVariable, Literal(name)), key=str):
        if isinstance(prop, URIRef):
            return _bilingual(graph, prop, RDFS.label)
    return Bilingual("", "")


@dataclass(frozen=True)
class Counted:
    """A class ``policykg build`` counts (subclasses included), and how the count is named."""

    cls: URIRef
    label: Bilingual
    #: 1 when an earlier counted class is a superclass (the count is shown indented under it)
    depth: int


@lru_cache(maxsize=1)
def counted_classes() -> tuple[Counted, ...]:
    """What ``policykg build`` counts, in pkg:countOrder."""
    graph = ontology()
    ordered = sorted((int(str(o)), c) for c, o in graph.subject_objects(PKG.countOrder) if isinstance(c, URIRef))
    out: list[Counted] = []
    for _order, cls in ordered:
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        depth = 1 if any(c.cls in ancestors for c in out) else 0
        out.append(Counted(cls, _bilingual(graph, cls, PKG.countLabel), depth))
    return tuple(out)


@lru_cache(maxsize=1)
def genre_title_words() -> tuple[tuple[str, str], ...]:
    """(word, genre slug) for each code:genre-* concept with a pkg:titleWord, longest word first."""
    graph = ontology()
    out = []
    for concept, word in graph.subject_objects(PKG.titleWord):
        slug = str(concept).rsplit("/", 1)[-1].removeprefix("genre-")
        out.append((str(word), slug))
    return tuple(sorted(out, key=lambda w: (-len(w[0]), w[0])))


__all__ = ["Counted", "NodeKind", "basis_link_word", "citation_relation_properties", "counted_classes", "entity_kinds", "genre_title_words", "label",
           "link_word", "node_kind", "node_kinds",
           "object_kind_hints", "ontology", "part_to_whole_links", "scope_links", "subject_kind_hints",
           "variable_label", "whole_to_part_links"]
