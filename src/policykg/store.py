"""Where the graph lives and how it is queried.

Commands talk to a Store, not to rdflib directly (docs/decisions/0007-store-interface.md). Three backends:

- MemoryStore: the bundled files parsed into rdflib (the default, and the reference);
- OxigraphStore: a store folder written by `policykg registry import …` (pyoxigraph on disk, read-only use);
- EndpointStore: any SPARQL 1.1 Protocol server (Oxigraph, Virtuoso, QLever, GraphDB), read-only use.

Bound parameters stay bound: the persistent backends add them as a VALUES block at the start of the WHERE group
(rdflib's initBindings semantics), never by pasting text into the query.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterable, Mapping, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import sparql_guard  # noqa: F401 — imported for its effect: rdflib itself never calls out (SERVICE, FROM)
from .errors import PolicyKGError
from .load import load_all


class Store(Protocol):
    """The operations the rest of policykg needs from a triple store."""

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[tuple]]:
        """Run a SELECT query; return (variable names, rows of RDF terms or None)."""

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""

    def graph(self) -> Graph:
        """The whole graph as rdflib (for SHACL and exports of a bounded view)."""


class MemoryStore:
    """An rdflib in-memory graph: the reference backend."""

    def __init__(self, graph: Graph):
        self._graph = graph

    @classmethod
    def from_files(cls, data_dirs: Iterable[Path] | None = None, extra: Iterable[Path] = ()) -> "MemoryStore":
        return cls(load_all(data_dirs, extra))

    def _run(self, query: str, bindings: Mapping[str, Node] | None):
        try:
            # a query already parsed and checked by queries.sparql_form is evaluated as translated there
            return self._graph.query(sparql_guard.recall(query) or query, initBindings=dict(bindings or {}))
        except PolicyKGError:
            raise
        except RecursionError:
            raise PolicyKGError("SPARQL failed: the query is nested too deeply") from None
        except Exception as exc:  # pyparsing and rdflib raise many types for bad SPARQL
            raise PolicyKGError(f"SPARQL failed: {' '.join(str(exc).split())[:300]}") from None

    def select(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type != "SELECT":
            raise PolicyKGError(f"expected a SELECT query, got {result.type}")
        names = [str(v) for v in result.vars]
        return names, [tuple(row) for row in result]

    def construct(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise PolicyKGError(f"expected a CONSTRUCT or DESCRIBE query, got {result.type}")
        return result.graph

    def ask(self, query, bindings=None):
        result = self._run(query, bindings)
        if result.type != "ASK":
            raise PolicyKGError(f"expected an ASK query, got {result.type}")
        return bool(result.askAnswer)

    def graph(self) -> Graph:
        return self._graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def with_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """*query* with ``VALUES (?a ?b) { (… …) }`` opening its WHERE group (or its first group)."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise PolicyKGError(f"not a variable name: {name!r}")
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + \
        " ".join(_sparql_term(bindings[n]) for n in names) + ") } "
    pos = _where_brace(query)
    if pos < 0:
        raise PolicyKGError("cannot bind parameters: the query has no WHERE group")
    return query[:pos + 1] + " " + block + query[pos + 1:]


def _sparql_term(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    raise PolicyKGError(f"cannot bind a blank node as a parameter ({term})")


def _where_brace(query: str) -> int:
    """Offset of the '{' opening the WHERE clause, skipping strings, IRIs and comments."""
    i, n, first_brace, seen_where = 0, len(query), -1, False
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "'\"":
            quote = c * 3 if query.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if m:
                i += m.end()
                continue
        if c in "wW" and query[i:i + 5].upper() == "WHERE" and (i == 0 or not query[i - 1].isalnum()) \
                and (i + 5 >= n or not (query[i + 5].isalnum() or query[i + 5] == "_")):
            seen_where = True
            i += 5
            continue
        if c == "{":
            if seen_where:
                return i
            if first_brace < 0:
                first_brace = i
        i += 1
    return first_brace if not re.match(r"(?is)^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*CONSTRUCT\s*\{", query) else -1


_TERMS: dict = {}


def _from_ox(term) -> Node | None:
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
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise PolicyKGError(f"unsupported RDF term from the store: {term!r}")


class OxigraphStore:
    """A pyoxigraph store (a store folder, opened read-only): queries run over the union of its named graphs."""

    def __init__(self, store, location: str = "store"):
        self._store = store
        self.location = location
        self._graph: Graph | None = None

    @classmethod
    def open(cls, path: Path) -> "OxigraphStore":
        from .registry.persist import StoreDir

        return cls(StoreDir(path).open_read(), str(path))

    def _run(self, query: str, bindings):
        try:
            return self._store.query(with_values(query, bindings), use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise PolicyKGError(f"SPARQL failed: {' '.join(str(exc).split())[:300]}") from None

    def select(self, query, bindings=None):
        import pyoxigraph as ox

        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise PolicyKGError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return names, [tuple(_from_ox(sol[i]) for i in range(len(names))) for sol in result]

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
            from .namespaces import bind_prefixes

            g = Graph()
            bind_prefixes(g)
            for q in self._store.quads_for_pattern(None, None, None):
                g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
            self._graph = g
        return self._graph


class EndpointStore:
    """A SPARQL 1.1 Protocol endpoint, read-only (queries are POSTed as application/x-www-form-urlencoded)."""

    def __init__(self, url: str, timeout: float = 120.0):
        if not re.match(r"^https?://", url):
            raise PolicyKGError(f"--endpoint: {url!r} is not an http(s) URL")
        self.url = url
        self.timeout = timeout
        self._graph: Graph | None = None

    def _post(self, query: str, accept: str) -> bytes:
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        req = urllib.request.Request(self.url, data=data, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()[:300].decode("utf-8", "replace")
            raise PolicyKGError(f"{self.url}: HTTP {exc.code}: {' '.join(body.split())}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PolicyKGError(f"{self.url}: cannot reach the endpoint ({reason})") from None

    def _json(self, query: str, bindings) -> dict:
        raw = self._post(with_values(query, bindings), "application/sparql-results+json")
        try:
            return json.loads(raw)
        except ValueError:
            raise PolicyKGError(f"{self.url}: the answer is not SPARQL JSON results") from None

    def select(self, query, bindings=None):
        doc = self._json(query, bindings)
        if "results" not in doc:
            raise PolicyKGError("expected a SELECT query")
        names = list(doc.get("head", {}).get("vars", []))
        rows = [tuple(_from_json(b.get(n)) for n in names) for b in doc["results"]["bindings"]]
        return names, rows

    def ask(self, query, bindings=None):
        doc = self._json(query, bindings)
        if "boolean" not in doc:
            raise PolicyKGError("expected an ASK query")
        return bool(doc["boolean"])

    def construct(self, query, bindings=None):
        raw = self._post(with_values(query, bindings), "application/n-triples")
        g = Graph()
        try:
            g.parse(data=raw.decode("utf-8"), format="nt")
        except Exception as exc:  # rdflib raises several types
            raise PolicyKGError(f"{self.url}: the answer is not N-Triples ({' '.join(str(exc).split())[:120]})") \
                from None
        return g

    def graph(self) -> Graph:
        """Everything the endpoint holds, fetched once (CONSTRUCT over the default graph)."""
        if self._graph is None:
            from .namespaces import bind_prefixes

            self._graph = self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            bind_prefixes(self._graph)
        return self._graph


def _from_json(b: dict | None) -> Node | None:
    if b is None:
        return None
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in b:
        return Literal(value, lang=b["xml:lang"])
    dt = b.get("datatype")
    return Literal(value, datatype=URIRef(dt)) if dt and dt not in (_XSD_STRING, _RDF_LANG_STRING) else Literal(value)


def open_store(data_dirs: Iterable[Path] | None = None, extra: Iterable[Path] = (), *,
               store: Path | None = None, endpoint: str | None = None) -> Store:
    """The store for a command: the in-memory graph of ontology + data (+ extra files), or a store folder
    (``store``), or a SPARQL endpoint (``endpoint``)."""
    if store is not None and endpoint is not None:
        raise PolicyKGError("give --store or --endpoint, not both")
    if (store is not None or endpoint is not None) and (data_dirs or list(extra)):
        raise PolicyKGError("--data reads files into memory; it cannot be combined with --store or --endpoint")
    if store is not None:
        return OxigraphStore.open(store)
    if endpoint is not None:
        return EndpointStore(endpoint)
    return MemoryStore.from_files(data_dirs, extra)
