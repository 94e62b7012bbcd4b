"""Import Turtle files (each its own named graph) and report what a store holds."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from ..errors import PolicyKGError
from ..namespaces import sparql_prologue
from .importer import ImportReport, _header
from .laws import iri_part
from .persist import GRAPH_BASE, RdfFile, StoreDir, graph_iri


def import_ttl(paths: list[Path], store: StoreDir, *, prefix: str = "ttl", force: bool = False) -> list[ImportReport]:
    """Each Turtle file becomes the graph <…/graph/ttl/FILE-NAME>, replaced whole (or skipped when unchanged).
    Blank nodes are scoped to their file."""
    reports: list[ImportReport] = []
    todo: list[tuple[ox.NamedNode, Iterable[ox.Quad]]] = []
    large: list[tuple[ox.NamedNode, RdfFile]] = []
    files = []
    for path in map(Path, paths):
        if not path.is_file():
            raise PolicyKGError(f"{path}: no such file")
        files.append((path, graph_iri(f"{prefix}/{iri_part(path.name)}")))
    recorded = store.graph_fingerprints(g for _p, g in files)
    for path, graph in files:
        raw = path.read_bytes()
        fp = "ttl-1:" + hashlib.sha256(raw).hexdigest()
        if not force and recorded[graph] == fp:
            reports.append(ImportReport(graph.value, False, 0, [f"{path}: unchanged (nothing written)"]))
            continue
        base = path.resolve().as_uri()
        if len(raw) >= LARGE_FILE:  # parsed by the store's loader, into the new generation (errors raised there)
            todo.append((graph, _header(graph, fp, path.name)))
            large.append((graph, RdfFile(path, ox.RdfFormat.TURTLE, base)))
            reports.append(ImportReport(graph.value, True))
            continue
        try:
            triples = list(ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=base, rename_blank_nodes=True))
        except (SyntaxError, ValueError, OSError) as exc:
            raise PolicyKGError(f"{path}: broken Turtle: {' '.join(str(exc).split())[:200]}") from None
        quads = _header(graph, fp, path.name) + [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        todo.append((graph, quads))
        reports.append(ImportReport(graph.value, True, len(quads)))
    if todo:
        counts = store.replace_graphs(todo, large)
        for (path, graph), report in zip(files, reports):
            if report.changed:
                report.quads = counts.get(graph, report.quads)
                report.lines.append(f"{path}: {report.quads} quads → {graph.value}")
    elif reports:
        reports[-1].lines += store.refresh_derived()
    return reports


LARGE_FILE = 2**20  # bytes of Turtle (≈7,000 triples) from which a file is loaded by the store's own parser


STATS_QUERY = sparql_prologue() + """
SELECT ?label (COUNT(*) AS ?n) WHERE {
  { ?x a pkg:Provision . BIND("provisions (articles)" AS ?label) }
  UNION { ?x eli:version_date ?d . BIND("documents with a version date" AS ?label) }
  UNION { ?x eli:amended_by ?y . BIND("versions superseded by a later version" AS ?label) }
  UNION { ?x eli:in_force code:status-expired . BIND("documents marked expired" AS ?label) }
  UNION { ?x a pkg:Excerpt . BIND("excerpts (provenance)" AS ?label) }
} GROUP BY ?label ORDER BY ?label
"""
CLASS_QUERY = sparql_prologue() + """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class . FILTER(?class IN (pkg:Constitution, pkg:Statute,
  pkg:AdministrativeRegulation, pkg:LocalRegulation, pkg:DepartmentalRule, pkg:LocalGovernmentRule, pkg:Document,
  pkg:NormativeDocument, pkg:PolicyDocument)) } GROUP BY ?class ORDER BY ?class
"""


def stats(store_dir: StoreDir) -> list[str]:
    st = store_dir.open_read()
    lines = [f"store {store_dir.path} ({cast(Path, store_dir.current()).name})"]  # open_read found one
    for g in sorted(st.named_graphs(), key=lambda g: g.value):
        n = sum(1 for _ in st.quads_for_pattern(None, None, None, g))
        name = g.value.removeprefix(GRAPH_BASE) if isinstance(g, ox.NamedNode) else str(g)
        lines.append(f"graph {name}: {n} quads")
    for sol in cast(ox.QuerySolutions, st.query(CLASS_QUERY, use_default_graph_as_union=True)):
        lines.append(f"{sol['class'].value.rsplit('#', 1)[-1]}: {sol['n'].value}")
    for sol in cast(ox.QuerySolutions, st.query(STATS_QUERY, use_default_graph_as_union=True)):
        lines.append(f"{sol['label'].value}: {sol['n'].value}")
    return lines
