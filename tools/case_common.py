"""Shared machinery of the case builder: source texts, excerpts and bilingual nodes.

Every fact the builder writes goes through :class:`Facts`, which finds its quote in a shipped source text with
``policykg.provenance.add_excerpt`` (refusing quotes that are not there) and links the node to the excerpt.
A quote must be unambiguous: either it occurs once in its text, or the caller names an anchor quote after which
the first occurrence is taken. Ambiguity is an error, so a changed source cannot silently shift an excerpt.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from policykg.errors import PolicyKGError  # noqa: E402
from policykg.namespaces import DOC, ORG_ID, PKG, SRC, bind_prefixes  # noqa: E402
from policykg.provenance import add_excerpt, locate, read_source  # noqa: E402

DATA = ROOT / "data"

# The evaluation report and the nodes hanging below it (docs/data-model.md).
REPORT = DOC["idx-11371000004359096D-2025-03372"]
EVALUATION = URIRef(f"{REPORT}/evaluation")


def below(parent: URIRef, local: str) -> URIRef:
    """IRI of a part below *parent* (…/para-1, …/area-3, …/result-07)."""
    return URIRef(f"{parent}/{local}")


def organ(name: str) -> URIRef:
    return ORG_ID[name]


class Sources:
    """The shipped source texts, by the stem of their src: IRI, read from data/sources.ttl."""

    def __init__(self, data_root: Path = DATA):
        self.data_root = Path(data_root)
        described = Graph()
        described.parse(self.data_root / "sources.ttl", format="turtle")
        self._paths: dict[str, Path] = {}
        for node in described.subjects(RDF.type, PKG.SourceText):
            local = described.value(node, PKG.localPath)
            self._paths[str(node)[len(str(SRC)):]] = self.data_root / str(local)
        self._texts: dict[str, str] = {}

    def iri(self, stem: str) -> URIRef:
        if stem not in self._paths:
            raise PolicyKGError(f"source {stem!r} is not described in data/sources.ttl")
        return SRC[stem]

    def text(self, stem: str) -> str:
        if stem not in self._texts:
            self.iri(stem)
            self._texts[stem] = read_source(self._paths[stem])
        return self._texts[stem]


@dataclass
class Facts:
    """One output graph plus the sources its excerpts quote."""

    sources: Sources
    graph: Graph = field(default_factory=Graph)

    def __post_init__(self) -> None:
        bind_prefixes(self.graph)

    # -- provenance -------------------------------------------------------------------------------------
    def excerpt(self, stem: str, quote: str, *, anchor: str | None = None, attests: tuple[URIRef, ...] = ()) -> URIRef:
        """Excerpt node for *quote* in source *stem*.

        Without *anchor* the quote must occur exactly once; with it, the first occurrence after the (unique)
        anchor is taken.
        """
        text = self.sources.text(stem)
        after = 0
        if anchor is not None:
            after = self._unique(text, anchor, stem)
        else:
            self._unique(text, quote, stem)
        return add_excerpt(self.graph, self.sources.iri(stem), text, quote, after=after, attests=attests)

    @staticmethod
    def _unique(text: str, quote: str, stem: str) -> int:
        first = locate(text, quote)
        if text.find(quote, first + 1) >= 0:
            raise PolicyKGError(f"quote occurs more than once in {stem}, give an anchor: {quote[:40]!r}")
        return first

    def derive(self, node: URIRef, stem: str, quote: str, *, anchor: str | None = None,
               attests: tuple[URIRef, ...] = ()) -> URIRef:
        """Add the excerpt and ``node prov:wasDerivedFrom excerpt``; return the excerpt."""
        ex = self.excerpt(stem, quote, anchor=anchor, attests=attests)
        self.graph.add((node, PROV.wasDerivedFrom, ex))
        return ex

    # -- plain triples ------------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def typed(self, node: URIRef, cls: URIRef, zh: str, en: str) -> URIRef:
        self.graph.add((node, RDF.type, cls))
        self.label(node, zh, en)
        return node

    def label(self, node: URIRef, zh: str, en: str) -> None:
        self.graph.add((node, RDFS.label, Literal(zh, lang="zh")))
        self.graph.add((node, RDFS.label, Literal(en, lang="en")))

    def pref_label(self, node: URIRef, zh: str, en: str) -> None:
        self.graph.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
        self.graph.add((node, SKOS.prefLabel, Literal(en, lang="en")))

    def comment(self, node: URIRef, zh: str, en: str) -> None:
        self.graph.add((node, RDFS.comment, Literal(zh, lang="zh")))
        self.graph.add((node, RDFS.comment, Literal(en, lang="en")))


def date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def year(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear)


def decimal(value: int | str) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")
