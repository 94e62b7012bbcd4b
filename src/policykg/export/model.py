"""Read what an export needs from a Store: entities, their triples and excerpts, and vocabulary labels.

An *entity* is a typed IRI whose class falls under the root class of a node kind the ontology exports
(pkg:exportedAsEntity, read by policykg.vocab: documents, provisions, organs, measures, areas, results …). Code-list concepts, excerpts and source texts are not
entities: they become node attributes. Everything is fetched with a handful of SELECT/CONSTRUCT queries through the
Store protocol (docs/decisions/0007-store-interface.md), so a persistent store or SPARQL server serves exports too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeGuard, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .. import naming, vocab
from ..namespaces import sparql_prologue
from ..store import Store
from ..terms import as_iri

_CLASS_TREE = sparql_prologue() + """
SELECT ?class ?super WHERE {
  ?class rdfs:subClassOf ?super .
  FILTER(isIRI(?class) && isIRI(?super))
}"""

_PROPERTY_TREE = sparql_prologue() + """
SELECT ?property ?super WHERE {
  ?property rdfs:subPropertyOf ?super .
  FILTER(isIRI(?property) && isIRI(?super))
}"""

# Patterns are ordered for rdflib's evaluator (VALUES first, no FILTER): blank nodes are dropped in Python.
_ENTITY_TRIPLES = sparql_prologue() + """
CONSTRUCT { ?e ?p ?o } WHERE {
  VALUES ?root { %s }
  ?class rdfs:subClassOf* ?root .
  ?e a ?class .
  ?e ?p ?o .
}"""

_EXCERPT_TRIPLES = sparql_prologue() + """
CONSTRUCT { ?x ?p ?o } WHERE {
  ?x a pkg:Excerpt ; ?p ?o .
}"""

# Labels of the vocabulary (classes, properties, code-list concepts) and of source texts.
_VOCABULARY_LABELS = sparql_prologue() + """
SELECT ?term ?label WHERE {
  VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty skos:Concept pkg:SourceText }
  ?term a ?kind ; %s ?label .
}"""


@dataclass(frozen=True)
class Labels:
    """A term's Chinese and English labels ('' when the data has none)."""

    zh: str
    en: str


@dataclass
class ExportModel:
    """The entities of a store, ready for views to select from."""

    #: entity IRI → kind (the name of a vocab.entity_kinds() kind)
    kinds: dict[URIRef, str]
    #: entity IRI → its most specific class
    classes: dict[URIRef, URIRef]
    #: every outgoing triple of every entity (no blank nodes)
    triples: Graph
    #: every triple of every excerpt an entity is derived from
    excerpts: Graph
    #: vocabulary term → labels
    vocabulary: dict[URIRef, Labels] = field(default_factory=dict)
    #: class → all its strict superclasses
    class_ancestors: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    #: property → all its strict super-properties
    property_ancestors: dict[URIRef, set[URIRef]] = field(default_factory=dict)

    def is_entity(self, node: Node) -> TypeGuard[URIRef]:
        return node in self.kinds

    def kind_of(self, node: Node) -> str | None:
        """The kind of *node*, None when it is not an entity (any term may be asked about)."""
        return self.kinds.get(cast(URIRef, node))

    def label(self, term: URIRef) -> Labels:
        """Labels of a vocabulary term or entity, falling back to its compact IRI."""
        found = self.vocabulary.get(term)
        if found is None and term in self.kinds:
            found = labels_of(self.triples, term)
        if found is None or not (found.zh or found.en):
            short = curie(term)
            return Labels(short, short)
        return Labels(found.zh or found.en, found.en or found.zh)


def curie(term: URIRef) -> str:
    """The compact form of *term* with the project prefixes (the IRI itself if none fits)."""
    return naming.curie(term) or str(term)


def pick_label(literals, lang: str) -> str:
    """The label in *lang* (plain literals count as Chinese), smallest first so the choice is stable."""
    return naming.in_language(literals, lang)


def labels_of(graph: Graph, node: URIRef) -> Labels:
    lits = list(graph.objects(node, RDFS.label)) or list(graph.objects(node, SKOS.prefLabel))
    return Labels(pick_label(lits, "zh"), pick_label(lits, "en"))


def read_model(store: Store) -> ExportModel:
    """Fetch the entities and what describes them from *store*."""
    _, rows = store.select(_CLASS_TREE)
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls, sup in rows:
        parents[cls].add(sup)
    ancestors = _closure(parents)

    roots = " ".join(k.root.n3() for k in vocab.entity_kinds())
    triples = _without_blank_nodes(store.construct(_ENTITY_TRIPLES % roots))
    kinds: dict[URIRef, str] = {}
    classes: dict[URIRef, URIRef] = {}
    typed: dict[URIRef, list[URIRef]] = defaultdict(list)
    for entity, cls in triples.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            typed[as_iri(entity)].append(cls)  # _without_blank_nodes kept IRI subjects only
    for entity, types in typed.items():
        kind, cls = _classify(types, ancestors)
        if kind is not None and cls is not None:  # (both or neither)
            kinds[entity] = kind
            classes[entity] = cls

    props: dict[URIRef, set[URIRef]] = defaultdict(set)
    for prop, sup in store.select(_PROPERTY_TREE)[1]:
        props[prop].add(sup)

    excerpts = _without_blank_nodes(store.construct(_EXCERPT_TRIPLES))
    vocabulary: dict[URIRef, Labels] = {}
    for predicate in ("skos:prefLabel", "rdfs:label"):  # rdfs:label wins where both exist
        term_labels: dict[URIRef, list[Literal]] = defaultdict(list)
        for term, label in store.select(_VOCABULARY_LABELS % predicate)[1]:
            if isinstance(term, URIRef):
                term_labels[term].append(label)
        vocabulary.update({t: Labels(pick_label(ls, "zh"), pick_label(ls, "en")) for t, ls in term_labels.items()})
    return ExportModel(kinds=kinds, classes=classes, triples=triples, excerpts=excerpts, vocabulary=vocabulary,
                       class_ancestors=ancestors, property_ancestors=_closure(props))


def _without_blank_nodes(graph: Graph) -> Graph:
    clean = Graph()
    for s, p, o in graph:
        if isinstance(s, URIRef) and not isinstance(o, BNode):
            clean.add((s, p, o))
    return clean


def _closure(parents: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Each class with all its strict ancestors."""
    result: dict[URIRef, set[URIRef]] = {}

    def visit(cls: URIRef, seen: frozenset) -> set[URIRef]:
        if cls in result:
            return result[cls]
        acc: set[URIRef] = set()
        for sup in parents.get(cls, ()):
            if sup in seen:  # a cycle (equivalent classes) ends here
                continue
            acc.add(sup)
            acc |= visit(sup, seen | {sup})
        result[cls] = acc
        return acc

    for cls in list(parents):
        visit(cls, frozenset({cls}))
    return result


def _classify(types: list[URIRef], ancestors: dict[URIRef, set[URIRef]]) -> tuple[str | None, URIRef | None]:
    """The kind and most specific class of an entity typed *types* (None if no type is an entity class)."""
    candidates = []
    for cls in types:
        lineage = {cls} | ancestors.get(cls, set())
        for entity_kind in vocab.entity_kinds():
            if entity_kind.root in lineage:
                candidates.append((entity_kind.name, cls, len(lineage)))
                break
    if not candidates:
        return None, None
    order = [k.name for k in vocab.entity_kinds()]
    # deepest class wins; ties go to the earlier kind, then the smaller IRI
    kind, cls, _ = min(candidates, key=lambda c: (-c[2], order.index(c[0]), str(c[1])))
    return kind, cls


__all__ = ["ExportModel", "Labels", "curie", "labels_of", "pick_label", "read_model"]
