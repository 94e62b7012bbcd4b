"""Instances per counted class — what ``policykg build`` reports. The classes, their order and how each count is
named are the ontology's (pkg:countOrder, pkg:countLabel, read by policykg.vocab.counted_classes)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from . import vocab
from .store import Store


def class_counts(graph: Graph) -> dict[str, int]:
    """Instances per counted class, counting subclasses (rdfs:subClassOf*) without running a reasoner."""
    counts = {}
    for counted in vocab.counted_classes():
        subclasses = set(graph.transitive_subjects(RDFS.subClassOf, counted.cls))
        members: set = set()
        for c in subclasses:
            members.update(graph.subjects(RDF.type, c))
        counts[str(counted.cls)] = len(members)
    return counts


def store_class_counts(store: Store) -> tuple[dict[str, int], int]:
    """class_counts, and the number of triples, by SPARQL on any backend."""
    counts = {}
    for counted in vocab.counted_classes():
        _n, rows = store.select("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c <%s>* ?cls . ?x a ?c }"
                                % RDFS.subClassOf, {"cls": counted.cls})
        counts[str(counted.cls)] = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    _n, rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    return counts, int(rows[0][0])


__all__ = ["class_counts", "store_class_counts"]
