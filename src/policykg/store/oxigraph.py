"""The store-folder backend: a pyoxigraph store on disk, opened read-only; queries run over the union of its graphs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, overload

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import PolicyKGError
from ..sparql_guard import refuse_service_text
from .binding import XSD_STRING, with_values

if TYPE_CHECKING:
    import pyoxigraph as ox


_TERMS: dict = {}


@overload
def _from_ox(term: None) -> None: ...


@overload
def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node: ...


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Node | None:
    """The rdflib term of a pyoxigraph term (memoised: rdflib's Literal constructor is the costly part)."""
    if term is None:
        return None
    hit = _TERMS.get(term)
    if hit is None:
        if len(_TERMS) > 500_000:
            _TERMS.clear()
        hit = _TERMS[term] = _convert_ox(term)
    return hit


def _convert_ox(term) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise PolicyKGError(f"unsupported RDF term from the store: {term!r}")


def to_ox(term: Node):
    """The pyoxigraph term of an rdflib term (the inverse of :func:`_from_ox`; blank nodes keep their label)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise PolicyKGError(f"unsupported RDF term for the store: {term!r}")


class OxigraphStore:
    """A pyoxigraph store (a store folder, opened read-only): queries run over the union of its named graphs.

    Fork-safe: RocksDB does not support using a handle across fork(), so a forked child (policykg serve evaluates
    queries in one) opens the same generation read-only again before its first query (:meth:`after_fork`).
    """

    def __init__(self, store, location: str = "store", generation: Path | None = None,
                 reopen: Callable[[], object] | None = None):
        self._store = store
        self.location = location
        self.generation = generation  # the store folder's generation opened (its derived files sit there)
        self._graph: Graph | None = None
        self._reopen = reopen  # opens the same store again (None: an in-memory pyoxigraph store, fork-safe)
        self._pid = os.getpid()
        self._inherited: list = []  # handles from the parent, kept alive: never closed in the child

    @classmethod
    def open(cls, path: Path) -> "OxigraphStore":
        from ..registry.persist import StoreDir

        folder = StoreDir(path)
        store, generation = folder.open_generation()
        # a child reopens the generation the parent opened, even if an import has switched CURRENT since
        return cls(store, str(path), generation, reopen=lambda: folder.open_generation(generation)[0])

    def after_fork(self) -> None:
        """In a process forked from the one that opened the store: open it again, read-only, for this process."""
        if self._reopen is not None and self._pid != os.getpid():
            self._inherited.append(self._store)
            self._store = self._reopen()
            self._pid = os.getpid()

    def _handle(self):
        self.after_fork()
        return self._store

    def native(self):
        """The pyoxigraph store itself (read-only for a store folder), for work done in the store: a whole-registry
        check copies it and validates the copy (policykg.check.run)."""
        return self._handle()

    def _run(self, query: str, bindings):
        refuse_service_text(query)  # pyoxigraph would call the SERVICE's IRI
        try:
            return self._handle().query(with_values(query, bindings), use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise PolicyKGError(f"SPARQL failed: {' '.join(str(exc).split())[:300]}") from None

    def select(self, query, bindings=None):
        import pyoxigraph as ox

        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise PolicyKGError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return names, [tuple(map(_from_ox, sol)) for sol in result]

    def construct(self, query, bindings=None):
        import pyoxigraph as ox

        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise PolicyKGError("expected a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in result:
            g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
        return g

    def ask(self, query, bindings=None):
        import pyoxigraph as ox

        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise PolicyKGError("expected an ASK query")
        return bool(result)

    def graph(self) -> Graph:
        """Every quad as one rdflib graph (for a full-graph check or export; costly on a national store)."""
        if self._graph is None:
            from ..namespaces import bind_prefixes

            g = Graph()
            bind_prefixes(g)
            for q in self._handle().quads_for_pattern(None, None, None):
                g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
            self._graph = g
        return self._graph
