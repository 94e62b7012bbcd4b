"""The part of the registry a draft check needs, fetched link by link.

A draft is validated against its own triples plus the registry nodes it reaches along the links the rules read
(basis chain, issuers, repeal/amend events, implemented provisions …), not against the whole registry. The cost
therefore grows with the draft's neighbourhood, not with the registry, and the same code works when the store is
a SPARQL server (one bound DESCRIBE-style query per node).
"""

from __future__ import annotations

from collections import deque
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import bind_prefixes
from ..store import Store
from ..vocab import scope_links

_OUTGOING = "SELECT ?p ?o WHERE { ?s ?p ?o }"


def bounded_context(store: Store, seeds: Iterable[URIRef], *, links: Iterable[URIRef] | None = None,
                    max_nodes: int = 100_000) -> Graph:
    """Outgoing triples of *seeds* and of every node reachable from them along *links* (default: the links the
    ontology marks pkg:followedInScope — those whose targets a rule may read)."""
    followed = set(links) if links is not None else set(scope_links())
    context = Graph()
    bind_prefixes(context)
    seen: set[URIRef] = set()
    queue = deque(sorted(s for s in seeds if isinstance(s, URIRef)))
    while queue and len(seen) < max_nodes:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        _names, rows = store.select(_OUTGOING, {"s": node})
        for p, o in rows:
            context.add((node, p, o))
            if p in followed and isinstance(o, URIRef) and o not in seen:
                queue.append(o)
    return context


def draft_seeds(draft: Graph) -> set[URIRef]:
    """The IRIs a draft defines or points at: subjects, and objects of followed links."""
    seeds = {s for s in draft.subjects() if isinstance(s, URIRef)}
    for p in sorted(scope_links()):
        seeds |= {o for o in draft.objects(None, p) if isinstance(o, URIRef)}
    seeds |= {o for o in draft.objects(None, RDF.type) if isinstance(o, URIRef)} - seeds
    return seeds
