"""Graphs whose SPARQL texts are parsed once per process: prepared queries instead of a patch of rdflib.

pySHACL evaluates a SPARQL-based constraint once per focus node and hands the data graph the query *text* each
time (and the same for every call of a SHACL-AF SPARQL function); rdflib would parse it again each time (tens of
milliseconds for a rule-book query), so parsing, not evaluation, would dominate a check. A
:class:`PreparedQueryGraph` is an ordinary rdflib Graph whose :meth:`~PreparedQueryGraph.query` turns a text into
a prepared query (:func:`rdflib.plugins.sparql.prepareQuery`'s translated algebra) the first time it sees that
(text, base, prefixes) and evaluates the prepared query from then on. Only graphs made this way behave so —
nothing in rdflib is patched — and the prepared queries are kept for the life of the process (up to
:data:`MAX_ENTRIES`), so the next check, or the next test case, does not parse them again.

>>> g = PreparedQueryGraph()
>>> text = "SELECT * WHERE { ?s ?p ?o } # doctest"
>>> _ = list(g.query(text)); _ = list(PreparedQueryGraph().query(text))
>>> sum(1 for key in prepared_queries() if key[0] == text)
1
"""

from __future__ import annotations

import threading
from typing import Any, Mapping

from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

#: Distinct queries kept; beyond this, new ones are prepared for one evaluation and not kept.
MAX_ENTRIES = 4096

_lock = threading.Lock()
_prepared: dict[tuple, Query] = {}


def _key(text: str, base: str | None, init_ns: Mapping[str, Any] | None) -> tuple:
    return text, base, tuple(sorted((str(k), str(v)) for k, v in (init_ns or {}).items()))


def prepared(text: str, base: str | None = None, init_ns: Mapping[str, Any] | None = None) -> Query:
    """The prepared (parsed and translated) form of *text*, made once per process."""
    key = _key(text, base, init_ns)
    query = _prepared.get(key)
    if query is None:
        query = translateQuery(parseQuery(text), base, init_ns)
        with _lock:
            if len(_prepared) < MAX_ENTRIES:
                _prepared[key] = query
    return query


def prepared_queries() -> Mapping[tuple, Query]:
    """The prepared queries kept so far, by (text, base, prefixes) (read-only view, e.g. to count them)."""
    return dict(_prepared)


class PreparedQueryGraph(Graph):
    """An rdflib Graph that evaluates each query text through its prepared form (see the module docstring)."""

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql":
            # as Graph.query does: without explicit prefixes, the graph's own bindings apply
            namespaces = initNs or dict(self.namespaces())
            query_object = prepared(query_object, kwargs.get("base"), namespaces)
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def preparing(graph: Graph) -> PreparedQueryGraph:
    """*graph* itself when it already prepares its queries, else a PreparedQueryGraph with its triples."""
    if isinstance(graph, PreparedQueryGraph):
        return graph
    out = PreparedQueryGraph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    return out


__all__ = ["MAX_ENTRIES", "PreparedQueryGraph", "prepared", "prepared_queries", "preparing"]
