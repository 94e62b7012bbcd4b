"""Imports into a store folder: each source is one named graph, replaced whole, skipped when unchanged."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from ..namespaces import PKG, RDFS, SRC
from .lawrefbook import Corpus, Version, fingerprint, scan
from .laws import Counts, Emitter, N, doc_iri, parse_version, version_quads
from .persist import GRAPH_BASE, StoreDir, graph_iri

IMPORTER_VERSION = "laws-2"  # part of the fingerprint: a changed importer re-imports
T_SHA = N(PKG.sha256)


@dataclass
class ImportReport:
    graph: str
    changed: bool
    quads: int = 0
    lines: list[str] = field(default_factory=list)


Progress = Callable[[Iterable, int, str], Iterator]


def no_progress(items: Iterable, total: int, label: str) -> Iterator:
    return iter(items)


def _header(graph: ox.NamedNode, fp: str, label: str) -> list[ox.Quad]:
    return [ox.Quad(graph, T_SHA, ox.Literal(fp), graph),
            ox.Quad(graph, N(RDFS.label), ox.Literal(label, language="zh"), graph)]


def import_laws(root: Path, store: StoreDir, *, name: str = "lawrefbook", force: bool = False,
                progress: Progress = no_progress) -> ImportReport:
    """Import a LawRefBook folder as the named graph <…/graph/laws/NAME>."""
    root = Path(root)
    corpus = scan(root)
    graph = graph_iri(f"laws/{name}")
    fp = f"{IMPORTER_VERSION}:{fingerprint(corpus)}"
    report = ImportReport(graph.value, changed=False, lines=corpus.join_report())
    if not force and store.graph_fingerprint(graph) == fp:
        report.lines.append(f"unchanged since the last import: {graph.value} (nothing written)")
        report.lines += store.refresh_derived()
        return report
    counts = Counts()
    written = [0]

    def quads() -> Iterator[ox.Quad]:
        yield from _header(graph, fp, f"LawRefBook 法律法规库（{root.name}）")
        em = Emitter(graph, f"{SRC}lrb/{name}/")
        seen: dict[str, str] = {}
        for group in progress(_groups(corpus), len(corpus.versions), "导入法律法规 importing laws"):
            parsed = [parse_version(v, counts) for v in group]
            for i, v in enumerate(group):
                iri = doc_iri(v.file.stem, v.file.date).value
                if iri in seen:  # the same name and date in two folders: one document IRI, two texts
                    counts.iri_clashes.append(f"{v.file.rel} (same document as {seen[iri]}; left out)")
                    continue
                seen[iri] = v.file.rel
                later = parsed[i + 1] if i + 1 < len(group) else None
                for q in version_quads(v, parsed[i], em, counts, later):
                    written[0] += 1
                    yield q

    store.replace_graph(graph, quads())
    report.changed, report.quads = True, written[0]
    report.lines += _count_lines(counts)
    report.lines.append(f"{written[0]} quads → {graph.value} in {store.path}")
    return report


def _groups(corpus: Corpus) -> Iterator[list[Version]]:
    """Versions in corpus order, the versions of one law together (earliest first)."""
    done: set[str] = set()
    for v in corpus.versions:
        if v.file.rel in done:
            continue
        first = v
        while first.earlier is not None:
            first = first.earlier
        group = []
        node: Version | None = first
        while node is not None:
            group.append(node)
            done.add(node.file.rel)
            node = node.later
        yield group


def _count_lines(c: Counts) -> list[str]:
    lines = [f"{c.documents} documents (versions), {c.provisions} provisions (articles); "
             f"{c.superseded} versions superseded by a later one, {c.expired} marked expired by the database"]
    for label, items in (("texts without articles (document kept, no provisions)", c.no_articles),
                         ("texts not parsed", c.unparsed), ("conflicting entry-into-force dates", c.force_conflicts),
                         ("texts naming a version another folder already holds", c.iri_clashes)):
        if items:
            lines.append(f"{len(items)} {label}, e.g. {items[0]}")
    if c.duplicate_articles:
        lines.append(f"{c.duplicate_articles} repeated article numbers (kept as art-N.2 …)")
    lines.append(f"left out (no source states them): entry into force of {c.no_in_force} versions, "
                 f"issuing organ of {c.no_organ}")
    return lines


def terminal_progress(items: Iterable, total: int, label: str) -> Iterator:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield from items
        return
    import click

    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        for item in items:
            yield item
            bar.update(len(item) if isinstance(item, list) else 1)


__all__ = ["import_laws", "ImportReport", "terminal_progress", "no_progress", "GRAPH_BASE"]
