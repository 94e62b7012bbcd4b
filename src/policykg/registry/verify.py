"""Consistency and provenance checks of a store: what `policykg registry verify` reports.

Each check is one SPARQL query over the union of the named graphs (or a walk over excerpts for the source
texts); a problem is a line naming the node. No problem → the store passes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..namespaces import sparql_prologue
from .persist import FINGERPRINT, GRAPH_BASE, StoreDir

SHA = ox.NamedNode(FINGERPRINT)

# (what is wrong, query selecting ?node [?detail])
CHECKS: tuple[tuple[str, str], ...] = (
    ("provision not part of exactly one typed document",
     "SELECT ?node (COUNT(DISTINCT ?d) AS ?detail) WHERE { ?node a pkg:Provision . "
     "OPTIONAL { ?node pkg:provisionOf ?d . ?d a ?t } } GROUP BY ?node HAVING (COUNT(DISTINCT ?d) != 1)"),
    ("provision with neither its text nor an excerpt",
     "SELECT ?node WHERE { ?node a pkg:Provision . FILTER NOT EXISTS { ?node pkg:text ?t } "
     "FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?e } }"),
    ("provision without provenance",
     "SELECT ?node WHERE { ?node a pkg:Provision . FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?e } }"),
    ("document without provenance",
     "SELECT DISTINCT ?node WHERE { ?p pkg:provisionOf ?node . FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?e } }"),
    ("excerpt without source, quote or offsets",
     "SELECT ?node WHERE { ?node a pkg:Excerpt . FILTER NOT EXISTS { ?node prov:wasQuotedFrom ?s ; "
     "prov:value ?v ; pkg:startOffset ?a ; pkg:endOffset ?b } }"),
    ("excerpt whose offsets do not span its quote",
     "SELECT ?node ?detail WHERE { ?node a pkg:Excerpt ; prov:value ?v ; pkg:startOffset ?a ; pkg:endOffset ?b . "
     "BIND(STR(?v) AS ?detail) FILTER(?b - ?a != STRLEN(?v)) }"),
    ("excerpt of an undescribed source",
     "SELECT ?node WHERE { ?node a pkg:Excerpt ; prov:wasQuotedFrom ?s . "
     "FILTER NOT EXISTS { ?s a ?type } }"),
    ("document with more than one version date",
     "SELECT ?node (COUNT(DISTINCT ?d) AS ?detail) WHERE { ?node eli:version_date ?d } GROUP BY ?node "
     "HAVING (COUNT(DISTINCT ?d) > 1)"),
    ("version superseded by a missing or not later version",
     "SELECT ?node ?detail WHERE { ?node eli:amended_by ?detail ; eli:version_date ?a . "
     "FILTER NOT EXISTS { ?detail eli:version_date ?b FILTER(?b > ?a) } }"),
    ("supersession date before the version's own date",
     "SELECT ?node ?detail WHERE { ?node pkg:dateAmended ?detail ; eli:version_date ?a FILTER(?detail < ?a) }"),
    ("version in force before its version date",
     "SELECT ?node ?detail WHERE { ?node eli:first_date_entry_in_force ?detail ; eli:version_date ?a "
     "FILTER(?detail < ?a) }"),
)


@dataclass
class Problem:
    check: str
    node: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.check}: {self.node}" + (f" ({self.detail[:60]})" if self.detail else "")


def verify_store(store: ox.Store) -> list[Problem]:
    problems: list[Problem] = []
    for g in store.named_graphs():
        if g.value.startswith(GRAPH_BASE) and not any(True for _ in store.quads_for_pattern(g, SHA, None, g)):
            problems.append(Problem("named graph without the fingerprint of its import", g.value))
    prologue = sparql_prologue()
    for label, query in CHECKS:
        result = cast(ox.QuerySolutions, store.query(prologue + query, use_default_graph_as_union=True))  # SELECT
        has_detail = any(v.value == "detail" for v in result.variables)
        for sol in result:
            node, detail = sol["node"], (sol["detail"] if has_detail else None)
            problems.append(Problem(label, node.value if node is not None else "?",
                                    "" if detail is None else str(detail.value)))
    return problems


def verify_sources(store: ox.Store, roots: dict[str, Path]) -> list[Problem]:
    """Check excerpts against the source texts: each quote verbatim at its offsets, each checksum as recorded.

    *roots* maps a source IRI prefix (e.g. …/source/lrb/lawrefbook/) to the folder its pkg:localPath is relative to.
    """
    problems: list[Problem] = []
    q = sparql_prologue() + ("SELECT ?src ?path ?sha WHERE { ?src a pkg:SourceText ; pkg:localPath ?path . "
                             "OPTIONAL { ?src pkg:sha256 ?sha } }")
    for sol in cast(ox.QuerySolutions, store.query(q, use_default_graph_as_union=True)):
        src = sol["src"].value
        root = next((r for prefix, r in roots.items() if src.startswith(prefix)), None)
        if root is None:
            continue
        path = Path(root) / sol["path"].value
        if not path.is_file():
            problems.append(Problem("source text not found", src, str(path)))
            continue
        raw = path.read_bytes()
        if sol["sha"] is not None and hashlib.sha256(raw).hexdigest() != sol["sha"].value:
            problems.append(Problem("source text changed since import (checksum differs)", src, str(path)))
            continue
        text = raw.decode("utf-8")
        eq = sparql_prologue() + ("SELECT ?src ?e ?v ?a ?b WHERE { ?e prov:wasQuotedFrom ?src ; prov:value ?v ; "
                                  "pkg:startOffset ?a ; pkg:endOffset ?b }")
        for ex in cast(ox.QuerySolutions,
                       store.query(eq, use_default_graph_as_union=True, substitutions={ox.Variable("src"): sol["src"]})):
            a, b = int(ex["a"].value), int(ex["b"].value)
            if text[a:b] != ex["v"].value:
                problems.append(Problem("quote differs from its source at its offsets", ex["e"].value))
    return problems


def verify(store_dir: StoreDir, roots: dict[str, Path] | None = None) -> list[Problem]:
    store = store_dir.open_read()
    problems = verify_store(store)
    if roots:
        problems += verify_sources(store, roots)
    return problems
