"""A pyoxigraph store read in place: as an rdflib graph (every triple pattern one lookup, nothing copied), and as
one graph however many named graphs hold its triples.

A whole-registry check validates in a pyoxigraph store (policykg.check.run) but describes its findings with code
written against rdflib graphs (check.report.Describer, review.annotate): the nodes, labels, owners and excerpts
a result names. :func:`store_graph` gives that code an rdflib :class:`~rdflib.Graph` whose ``triples()`` asks the
store, so describing a finding reads the few triples it needs instead of converting millions. Read-only: adding
or removing a triple raises.

:class:`UnionStore` lets the same check run in a writable copy of a store folder (a RocksDB checkpoint, made in
milliseconds) without moving its quads into one graph: its default graph is the union of the copy's graphs, with
every triple in one graph only (docs/decisions/0024-whole-registry-check-in-a-checkpoint.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store as RdflibStore

from ..errors import PolicyKGError
from .oxigraph import _from_ox, to_ox

if TYPE_CHECKING:
    import pyoxigraph as ox


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
    """A read-only rdflib graph of *store*'s default graph (a pyoxigraph store or a :class:`UnionStore`), read on
    demand."""
    return Graph(store=_StoreView(store))


class UnionStore:
    """A pyoxigraph store seen as one graph: the union of all its graphs is its default graph, for queries
    (``use_default_graph_as_union``) and for triple patterns alike; what is added goes to the store's own default
    graph, what is removed leaves every graph. The part of pyoxigraph's Store API the check uses (enrichment,
    the engine, the check queries, the rdflib view).

    Oxigraph's union keeps a triple once per graph holding it, so :meth:`of` first leaves each triple in one graph
    only, and adding skips triples some graph holds: the union is then a set, as one graph would be.
    """

    def __init__(self, store: ox.Store):
        self.native = store

    @classmethod
    def of(cls, store: ox.Store) -> "UnionStore":
        """*store* (writable: it is changed) with each triple left in one of its graphs (the largest keeps its own)."""
        _one_graph_per_triple(store)
        return cls(store)

    def query(self, query: str, **options):
        options.setdefault("use_default_graph_as_union", True)
        return self.native.query(query, **options)

    def quads_for_pattern(self, subject, predicate, object, graph_name=None):  # noqa: A002 -- pyoxigraph's name
        import pyoxigraph as ox

        if graph_name is None or isinstance(graph_name, ox.DefaultGraph):
            return self.native.quads_for_pattern(subject, predicate, object)
        return self.native.quads_for_pattern(subject, predicate, object, graph_name)

    def __contains__(self, quad: ox.Quad) -> bool:
        return next(iter(self.native.quads_for_pattern(quad.subject, quad.predicate, quad.object)), None) is not None

    def add(self, quad: ox.Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        import pyoxigraph as ox

        new = [ox.Quad(q.subject, q.predicate, q.object) for q in quads if q not in self]
        self.native.extend(dict.fromkeys(new))

    def remove(self, quad: ox.Quad) -> None:
        for q in list(self.native.quads_for_pattern(quad.subject, quad.predicate, quad.object)):
            self.native.remove(q)

    def __len__(self) -> int:
        return len(self.native)

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self.native.quads_for_pattern(None, None, None))


_SIZE_CAP = 100_000  # counting a graph stops here: only the largest graph's size is skipped, not its exact size


def _one_graph_per_triple(store: ox.Store) -> int:
    """Remove from every graph but the largest each triple another graph also holds; the number removed. The
    bundled graphs share a few thousand triples with each other and with the corpus (11,147 on the national
    store: 0.6 s)."""
    import pyoxigraph as ox

    def size(graph) -> int:
        pattern = "?s ?p ?o" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ ?s ?p ?o }}"
        rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT * WHERE {{ {pattern} }} LIMIT {_SIZE_CAP} }}")
        return int(next(iter(rows))[0].value)  # type: ignore[arg-type,index,union-attr]

    graphs = [ox.DefaultGraph(), *store.named_graphs()]
    sizes = {g: size(g) for g in graphs}
    removed = 0
    for graph in sorted(graphs, key=lambda g: sizes[g])[:-1]:
        if not sizes[graph]:
            continue
        if isinstance(graph, ox.DefaultGraph):
            text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        else:
            text = (f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                    f"FILTER EXISTS {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {graph}) }} }} }}")
        twice = [ox.Quad(row[0], row[1], row[2], graph) for row in store.query(text)]  # type: ignore[union-attr]
        for quad in twice:
            store.remove(quad)
        removed += len(twice)
    return removed


__all__ = ["UnionStore", "store_graph"]
