"""Which version of a cited law a citation means: the one in force on the citing document's date.

A draft citing 《中华人民共和国立法法》 without a 文号 names a law, not a version. Its versions are the documents
whose ``dct:title`` (or short ``rdfs:label``) is that title; the version meant is the latest one that had entered
into force (``eli:first_date_entry_in_force``, else ``eli:version_date``) on the citing date. A version marked
expired (``eli:in_force code:status-expired``) is still returned when it is the one the date selects, so the
check can say so. Works on every Store (one bound SELECT).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from ..namespaces import ELI, PKG, sparql_prologue
from ..provenance import add_excerpt
from ..store import Store

VERSIONS = sparql_prologue() + """
SELECT DISTINCT ?doc ?version ?start WHERE {
  { ?doc dct:title ?t } UNION { ?doc rdfs:label ?t }
  FILTER(STR(?t) = ?title)
  ?doc eli:version_date ?version .
  OPTIONAL { ?doc eli:first_date_entry_in_force ?force }
  BIND(COALESCE(?force, ?version) AS ?start)
}
"""
PRC = "中华人民共和国"


@dataclass(frozen=True)
class Resolved:
    document: URIRef
    version_date: dt.date
    start: dt.date


def resolve_title(store: Store, title: str, on: dt.date) -> Resolved | None:
    """The version of the law titled *title* in force on *on*, or None (unknown title, or none yet in force)."""
    candidates: dict[URIRef, Resolved] = {}
    names = {title, title.removeprefix(PRC)} if title.startswith(PRC) else {title, PRC + title}
    for name in sorted(names):
        _v, rows = store.select(VERSIONS, {"title": Literal(name)})
        for doc, version, start in rows:
            try:
                r = Resolved(doc, dt.date.fromisoformat(str(version)), dt.date.fromisoformat(str(start)))
            except ValueError:
                continue
            candidates[doc] = r
    in_force = [r for r in candidates.values() if r.start <= on]
    if not in_force:
        return None
    return max(in_force, key=lambda r: (r.start, r.version_date, str(r.document)))


def resolve_citations(draft, store: Store, on: dt.date) -> list[tuple[str, Resolved]]:
    """Add ``eli:based_on`` / ``pkg:implementsPolicy`` for the draft's citations that name a law by title only.

    *draft* is an ingest.draft.IngestedDraft; its graph is extended in place, each link derived from the excerpt
    of the citation. Returns (title, resolved version) for each link added.
    """
    graph: Graph = draft.graph
    doc = draft.document
    source = next(iter(graph.subjects(PKG.localPath, None)), None)
    added = []
    for c in draft.facts.citations:
        if c.target is not None:
            continue
        hit = resolve_title(store, c.title, on)
        if hit is None:
            continue
        prop = ELI.based_on if c.relation == "based_on" else PKG.implementsPolicy
        graph.add((doc, prop, hit.document))
        if source is not None:
            ex = add_excerpt(graph, source, draft.text, c.span.text, after=c.span.start, attests=(prop,))
            graph.add((doc, PROV.wasDerivedFrom, ex))
        added.append((c.title, hit))
    return added


def citing_date(draft, as_of: dt.date) -> dt.date:
    """The date a draft cites on: its 成文日期 when it states one, else the date of the check."""
    stated = getattr(draft.facts, "date_document", None)
    return stated.value if stated is not None else as_of


def resolution_lines(added: list[tuple[str, Resolved]]) -> list[str]:
    return [f"  依据《{title}》→ <{r.document}>（{r.version_date.isoformat()} 版，{r.start.isoformat()} 起施行）"
            f" resolved to the version in force" for title, r in added]
