"""The endpoint backend: any SPARQL 1.1 Protocol server, read-only use."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import PolicyKGError
from ..sparql_guard import refuse_service_text
from .binding import RDF_LANG_STRING, XSD_STRING, with_values


class EndpointStore:
    """A SPARQL 1.1 Protocol endpoint, read-only (queries are POSTed as application/x-www-form-urlencoded)."""

    def __init__(self, url: str, timeout: float = 120.0):
        if not re.match(r"^https?://", url):
            raise PolicyKGError(f"--endpoint: {url!r} is not an http(s) URL")
        self.url = url
        self.timeout = timeout
        self._graph: Graph | None = None

    def _post(self, query: str, bindings, accept: str) -> bytes:
        refuse_service_text(query)  # the server would call the SERVICE's IRI on our behalf
        data = urllib.parse.urlencode({"query": with_values(query, bindings)}).encode("utf-8")
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
        raw = self._post(query, bindings, "application/sparql-results+json")
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
        raw = self._post(query, bindings, "application/n-triples")
        g = Graph()
        try:
            g.parse(data=raw.decode("utf-8"), format="nt")
        except Exception as exc:  # rdflib raises several types
            raise PolicyKGError(f"{self.url}: the answer is not N-Triples ({' '.join(str(exc).split())[:120]})") \
                from None
        return g

    def graph(self) -> Graph:
        """Everything the endpoint holds, fetched once (CONSTRUCT over the default graph).

        Only the verbs that need the whole registry call it: `check` without a draft or with ``--scope full`` (a
        check of everything) and `build --output` (the merged graph as Turtle). A draft check (bounded scope),
        `query`, `trace`, `export` and `build`'s counts send bounded SPARQL instead; no bounded CONSTRUCT can stand
        for "everything", so these two fetch it whole (on Virtuoso that includes its own system graphs).
        """
        if self._graph is None:
            from ..namespaces import bind_prefixes

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
    return Literal(value, datatype=URIRef(dt)) if dt and dt not in (XSD_STRING, RDF_LANG_STRING) else Literal(value)
