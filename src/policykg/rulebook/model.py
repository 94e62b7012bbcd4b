"""The rule book as one object: SHACL shapes, SPARQL check queries and inference rules, parsed once per process.

``RuleBook.load()`` reads the bundled rule book (shapes/*.ttl, queries/checks/*-violation.rq, ontology/rules/*.rq)
or the given files and folders, and keeps what it parsed: the next check in the same process (the next draft,
the next request of a server, the next test) reuses it. A file is read again only when its size or modification
time changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from .. import resources
from ..load import load_files
from ..namespaces import SH
from .checks import CheckQuery, check_query_files, expand, parse_check_query
from .inference import Rule as InferenceRule
from .inference import load_rules


@dataclass(frozen=True, eq=False)
class RuleBook:
    """Shapes, check queries and inference rules.

    Attributes:
        shapes: the shapes graph (never modified by a check).
        queries: the check queries, sorted by file.
        inference: the inference rules the data is enriched with before checking.
    """

    shapes: Graph
    queries: tuple[CheckQuery, ...]
    inference: tuple[InferenceRule, ...]

    @classmethod
    def load(cls, shapes: Iterable[Path] | None = None, checks: Iterable[Path] | None = None) -> "RuleBook":
        """The bundled rule book, or the given shape and check-query files/folders in its place (cached)."""
        shape_files = resources.shape_files() if shapes is None else expand(shapes, "*.ttl")
        query_files = check_query_files(checks)
        return _load(tuple(_stamp(p) for p in shape_files), tuple(_stamp(p) for p in query_files))

    @property
    def rule_count(self) -> int:
        """Shapes with an IRI, plus check queries: the rules a report says it applied."""
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape)) | set(
            self.shapes.subjects(RDF.type, SH.PropertyShape))
        return sum(1 for s in shapes if isinstance(s, URIRef)) + len(self.queries)

    def cited_sources(self) -> set[Node]:
        """The provisions and documents the shapes cite (dct:source), needed to quote them in a report."""
        return set(self.shapes.objects(None, DCTERMS.source))


def _stamp(path: Path) -> tuple[Path, int, int]:
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return path, -1, -1
    return path, st.st_size, st.st_mtime_ns


@lru_cache(maxsize=32)
def _load(shape_files: tuple[tuple[Path, int, int], ...], query_files: tuple[tuple[Path, int, int], ...]) -> RuleBook:
    return RuleBook(
        shapes=load_files([p for p, _, _ in shape_files]),
        queries=tuple(parse_check_query(p) for p, _, _ in query_files),
        inference=load_rules(),
    )


__all__ = ["RuleBook"]
