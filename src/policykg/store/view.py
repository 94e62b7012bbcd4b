"""An rdflib graph that reads a pyoxigraph store in place: every triple pattern one lookup, nothing copied.

A whole-registry check validates in a pyoxigraph store (policykg.check.run) but describes its findings with code
written against rdflib graphs (check.report.Describer, review.annotate): the nodes, labels, owners and excerpts
a result names. :func:`store_graph` gives that code an rdflib :class:`~rdflib.Graph` whose ``triples()`` asks the
store, so describing a finding reads the few triples it needs instead of converting millions. Read-only: adding
or removing a triple raises.
"""

from __future__ import annotations

from typing import Iterator

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store as RdflibStore

from ..errors import PolicyKGError
from .oxigraph import _from_ox, to_ox


class _StoreView(RdflibStore):
    """rdflib's Store API over a pyoxigraph store's default graph (triples only; prefixes kept here)."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store) -> None:
        super().__init__()
        import pyoxigraph as ox

        self._ox = store
        self._default = ox.DefaultGraph()
        self._prefix_store = Memory()

    def triples(self, triple_pattern, context=None) -> Iterator:  # type: ignore[override]
        s, p, o = triple_pattern
        if p is not None and not hasattr(p, "n3"):  # a property path object: rdflib evaluates those itself
            raise PolicyKGError("a store view answers triple patterns only")
        quads = self._ox.quads_for_pattern(None if s is None else to_ox(s), None if p is None else to_ox(p),
                                           None if o is None else to_ox(o), self._default)
        for q in quads:
            yield (_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)), iter(())

    def __len__(self, context=None) -> int:  # type: ignore[override]
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, self._default))

    def contexts(self, triple=None):  # type: ignore[override]
        return iter(())

    def add(self, triple, context=None, quoted=False):  # type: ignore[override]
        raise PolicyKGError("a store view is read-only")

    def remove(self, triple, context=None):  # type: ignore[override]
        raise PolicyKGError("a store view is read-only")

    # prefixes: kept by an rdflib memory store, so they bind exactly as in any rdflib graph
    def bind(self, prefix, namespace, override=True):  # type: ignore[override]
        self._prefix_store.bind(prefix, namespace, override=override)

    def namespace(self, prefix):  # type: ignore[override]
        return self._prefix_store.namespace(prefix)

    def prefix(self, namespace):  # type: ignore[override]
        return self._prefix_store.prefix(namespace)

    def namespaces(self):  # type: ignore[override]
        return self._prefix_store.namespaces()


def store_graph(store) -> Graph:
    """A read-only rdflib graph of *store*'s default graph (a pyoxigraph store), read on demand."""
    return Graph(store=_StoreView(store))


__all__ = ["store_graph"]
