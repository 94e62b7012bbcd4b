"""The static types of the terms rdflib hands back, stated once (no run-time effect).

rdflib types every term it returns (``graph.subjects``/``objects``/``value``, triples, query rows) as ``Node``,
which has no order, no language and no datatype. A graph parsed from RDF holds only IRIs, blank nodes and
literals: rdflib ``Identifier``s, which rdflib orders. Where a term can only be an IRI (a predicate, or a node
the data model keys on its IRI), `as_iri` says so. These are casts: nothing is converted or checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from rdflib.term import Identifier, Node, URIRef


def as_term(node: Node) -> Identifier:
    """*node* as the IRI, blank node or literal it is."""
    return cast(Identifier, node)


def sorted_terms(nodes: Iterable[Node]) -> list[Identifier]:
    """*nodes* in rdflib's order of terms (what ``sorted`` does with them at run time)."""
    return sorted(cast("Iterable[Identifier]", nodes))


def as_iri(node: Node) -> URIRef:
    """*node*, which the data model guarantees to be an IRI (a predicate, an entity keyed by its IRI)."""
    return cast(URIRef, node)



def sorted_iris(nodes: Iterable[Node]) -> list[URIRef]:
    """*nodes*, IRIs by the data model (types, predicates, issuing organs …), in order."""
    return sorted(cast("Iterable[URIRef]", nodes))
