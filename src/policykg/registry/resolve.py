"""Citation resolution against any backend: the titles and 文号 index of ingest.resolve, read from a Store.

ingest.resolve.Registry is the one resolver (by 文号, title, short title, alias; the version in force on the
citing date). By default it indexes the bundled registry; with --store/--endpoint this module builds the same
index from the backend with one CONSTRUCT of the identifying triples of documents (not their provisions), so a
national store resolves 《中华人民共和国立法法》 on 2024-01-01 to the 2023 version without reading the store whole.
"""

from __future__ import annotations

from ..ingest.resolve import Registry
from ..namespaces import DOC, sparql_prologue
from ..store import Store

IDENTIFYING = sparql_prologue() + f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ {{ ?s dct:title ?x }} UNION {{ ?s pkg:docNumber ?x }} UNION {{ ?s pkg:shortTitle ?x }}
      FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{DOC}") && !CONTAINS(STRAFTER(STR(?s), "{DOC}"), "/")) }} }}
  VALUES ?p {{ dct:title rdfs:label pkg:shortTitle pkg:docNumber eli:version_date eli:date_document }}
  ?s ?p ?o .
}}
"""

_CACHE: dict[int, Registry] = {}


def registry_index(store: Store) -> Registry:
    """The resolver's index of the documents *store* holds (built once per store object)."""
    key = id(store)
    if key not in _CACHE:
        _CACHE[key] = Registry.from_graph(store.construct(IDENTIFYING))
    return _CACHE[key]
