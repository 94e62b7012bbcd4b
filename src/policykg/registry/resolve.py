"""Citation resolution against any backend: the titles and 文号 index of ingest.resolve, read from a Store.

ingest.resolve.Registry is the one resolver (by 文号, title, short title, alias; the version in force on the
citing date). By default it indexes the bundled registry; with --store/--endpoint this module builds the same
index from the backend with one CONSTRUCT of the identifying triples of documents (not their provisions), so a
national store resolves 《中华人民共和国立法法》 on 2024-01-01 to the 2023 version without reading the store whole.

A store folder keeps that index with each generation (``gen-N/policykg-citations.json``, written by the import
before the generation goes live; docs/decisions/0018-derived-artefacts-of-a-generation.md), so a cold check
against the national store reads a small file instead of building it. The file names the code that built it (a
digest of the resolver's source): when the resolver changes, or the file is missing, the index is built from the
store as before. An endpoint's index is always built on demand (nothing says when a server's data changed).
"""

from __future__ import annotations

import hashlib
import json
import os
import weakref
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ..ingest.resolve import Registry
from ..namespaces import DOC, sparql_prologue
from ..store import OxigraphStore, Store

IDENTIFYING = sparql_prologue() + f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ {{ ?s dct:title ?x }} UNION {{ ?s pkg:docNumber ?x }} UNION {{ ?s pkg:shortTitle ?x }}
      FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{DOC}") && !CONTAINS(STRAFTER(STR(?s), "{DOC}"), "/")) }} }}
  VALUES ?p {{ dct:title rdfs:label pkg:shortTitle pkg:docNumber eli:version_date eli:date_document }}
  ?s ?p ?o .
}}
"""

INDEX_FILE = "policykg-citations.json"
INDEX_FORMAT = 1

_CACHE: "weakref.WeakKeyDictionary[object, Registry]" = weakref.WeakKeyDictionary()


def registry_index(store: Store) -> Registry:
    """The resolver's index of the documents *store* holds (read from its generation when saved there, else
    built; once per store object)."""
    hit = _CACHE.get(store)
    if hit is None:
        generation = getattr(store, "generation", None)
        hit = load_index(generation) if generation is not None else None
        if hit is None:
            hit = build_index(store)
        _CACHE[store] = hit
    return hit


def build_index(store: Store) -> Registry:
    return Registry.from_graph(store.construct(IDENTIFYING))


# ---- the index saved with a generation ---------------------------------------------------------------------------
def write_index(store: ox.Store, generation: Path) -> None:
    """Save the citation index of *store* (the quads of *generation*) into that generation's folder."""
    code = _code_digest()
    if code is None:
        return
    reg = build_index(OxigraphStore(store, str(generation)))
    doc = {"format": INDEX_FORMAT, "code": code,
           "numbers": {k: str(v) for k, v in reg.numbers.items()},
           "titles": {k: [[str(iri), date] for iri, date in v] for k, v in reg.titles.items()},
           "shorts": {k: [[str(iri), date] for iri, date in v] for k, v in reg.shorts.items()}}
    path = Path(generation) / INDEX_FILE
    tmp = path.with_name(f".{INDEX_FILE}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def load_index(generation: Path) -> Registry | None:
    """The index saved in *generation*, or None when there is none or it was built by other code."""
    try:
        doc = json.loads((Path(generation) / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != INDEX_FORMAT or doc.get("code") != _code_digest():
        return None
    try:
        return Registry(
            numbers={k: URIRef(v) for k, v in doc["numbers"].items()},
            titles={k: [(URIRef(iri), date) for iri, date in v] for k, v in doc["titles"].items()},
            shorts={k: [(URIRef(iri), date) for iri, date in v] for k, v in doc["shorts"].items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


@lru_cache(maxsize=1)
def _code_digest() -> str | None:
    """A digest of the source of the code that makes the index (the resolver, the 文号 grammar, this module)."""
    from .. import identifiers
    from ..ingest import resolve as ingest_resolve

    h = hashlib.sha256()
    for file in (ingest_resolve.__file__, identifiers.__file__, __file__):
        try:
            h.update(Path(str(file)).read_bytes())
        except (OSError, TypeError):
            return None
    return h.hexdigest()
