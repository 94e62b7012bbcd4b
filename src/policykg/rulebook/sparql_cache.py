"""Parse each SPARQL text once while a check runs.

pySHACL evaluates a SPARQL-based constraint once per focus node and hands rdflib the query *text* each time;
rdflib then parses it again (tens of milliseconds for a rule-book query), and the same happens for every call
of a SHACL-AF SPARQL function. Parsing, not evaluation, dominates a check. Inside :func:`parsed_query_cache`,
rdflib's SPARQL processor keeps the translated query of each distinct (text, base, prefixes) and evaluates that,
exactly as a query prepared with :func:`rdflib.plugins.sparql.prepareQuery` is meant to be reused.

The patch is scoped to the ``with`` block and restored afterwards, even on error. The translated queries
themselves are kept for the life of the process (up to :data:`MAX_ENTRIES`), so the next check, or the next test
case, does not parse them again.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from rdflib.plugins.sparql import processor as _processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery

#: Distinct queries kept; beyond this, new ones are evaluated without being kept.
MAX_ENTRIES = 4096

_lock = threading.Lock()
_cache: dict = {}


def _cache_key(text: str, base: str | None, init_ns: Mapping[str, Any] | None) -> tuple:
    ns = tuple(sorted((str(k), str(v)) for k, v in (init_ns or {}).items()))
    return text, base, ns


@contextmanager
def parsed_query_cache() -> Iterator[dict]:
    """Within the block, rdflib parses and translates each distinct SPARQL query text only once.

    Yields:
        The cache (query key → translated query), e.g. to count distinct queries in a test.

    >>> from rdflib import Graph
    >>> text = "SELECT * WHERE { ?s ?p ?o } # doctest"
    >>> with parsed_query_cache() as cache:
    ...     _ = list(Graph().query(text))
    ...     _ = list(Graph().query(text))
    >>> sum(1 for key in cache if key[0] == text)
    1
    """
    cache = _cache

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = _cache_key(strOrQuery, base, initNs)
            prepared = cache.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                if len(cache) < MAX_ENTRIES:
                    cache[key] = prepared
            strOrQuery = prepared
        return evalQuery(self.graph, strOrQuery, initBindings, base)

    with _lock:
        previous = _processor.SPARQLProcessor.query
        _processor.SPARQLProcessor.query = query
    try:
        yield cache
    finally:
        with _lock:
            _processor.SPARQLProcessor.query = previous


__all__ = ["parsed_query_cache"]
