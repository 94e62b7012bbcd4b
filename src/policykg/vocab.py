"""Facts about the vocabulary, read once from the ontology (ontology/policykg.ttl) — never restated in Python.

The ontology marks its properties with annotations the code reads here:

- ``pkg:linksPartToWhole true`` / ``pkg:linksWholeToPart true``: the links that make a node part of a document
  (a draft's measures, provisions, procedure steps … are part of the draft);
- ``pkg:followedInScope true``: the links a draft's bounded registry context follows (policykg.check.scope).

tests/test_vocab.py checks that no Python source holds a literal table of these properties.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from .load import load_ontology
from .namespaces import PKG


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


__all__ = ["ontology", "part_to_whole_links", "scope_links", "whole_to_part_links"]
