"""Provenance of facts: excerpts of shipped source texts, with code-point offsets (PROV-O).

An excerpt node is named after its position (src:<stem>/chars-<start>-<end>), so the same quote always gets the
same IRI. See docs/decisions/0003-provenance.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Identifier, Node

from .errors import PolicyKGError
from .namespaces import PKG, SRC
from .terms import as_term, sorted_terms


def read_source(path: Path) -> str:
    """Read a shipped source text exactly as offsets count it (UTF-8, no newline translation)."""
    return Path(path).read_bytes().decode("utf-8")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def excerpt_iri(source: URIRef, start: int, end: int) -> URIRef:
    return URIRef(f"{source}/chars-{start}-{end}")


def locate(text: str, quote: str, occurrence: int = 1, after: int = 0) -> int:
    """Offset of the *occurrence*-th appearance of *quote* at or after *after*; PolicyKGError if absent."""
    pos = after - 1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise PolicyKGError(f"quote not found in source (occurrence {occurrence}): {quote[:40]!r}")
    return pos


def add_excerpt(graph: Graph, source: URIRef, text: str, quote: str, *, occurrence: int = 1, after: int = 0,
                attests: tuple[URIRef, ...] = ()) -> URIRef:
    """Add an excerpt node for *quote* in *text* (the content of *source*) and return its IRI."""
    start = locate(text, quote, occurrence, after)
    end = start + len(quote)
    node = excerpt_iri(source, start, end)
    graph.add((node, RDF.type, PKG.Excerpt))
    graph.add((node, PROV.wasQuotedFrom, source))
    graph.add((node, PROV.value, Literal(quote)))
    graph.add((node, PKG.startOffset, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, PKG.endOffset, Literal(end, datatype=XSD.nonNegativeInteger)))
    for prop in attests:
        graph.add((node, PKG.attests, prop))
    return node


@dataclass(frozen=True)
class ExcerptProblem:
    excerpt: Identifier
    message: str


def verify_excerpts(graph: Graph, data_root: Path) -> list[ExcerptProblem]:
    """Check every pkg:Excerpt against its source text: the quote must stand verbatim at its offsets."""
    problems: list[ExcerptProblem] = []
    cache: dict[Node, str | None] = {}
    for ex in sorted_terms(graph.subjects(RDF.type, PKG.Excerpt)):
        source = graph.value(ex, PROV.wasQuotedFrom)
        quote = graph.value(ex, PROV.value)
        start = graph.value(ex, PKG.startOffset)
        end = graph.value(ex, PKG.endOffset)
        if source is None or quote is None or start is None or end is None:
            problems.append(ExcerptProblem(ex, "excerpt lacks source, quote or offsets"))
            continue
        if source not in cache:
            local = graph.value(source, PKG.localPath)
            path = Path(data_root) / str(local) if local is not None else None
            cache[source] = read_source(path) if path is not None and path.is_file() else None
        text = cache[source]
        if text is None:
            problems.append(ExcerptProblem(ex, f"source text of {source} not found"))
            continue
        s, e = int(as_term(start)), int(as_term(end))
        if text[s:e] != str(quote):
            problems.append(ExcerptProblem(ex, f"quote differs from source at {s}-{e}: {str(quote)[:30]!r}"))
    return problems


__all__ = ["read_source", "sha256_of", "excerpt_iri", "locate", "add_excerpt", "verify_excerpts", "ExcerptProblem", "SRC"]
