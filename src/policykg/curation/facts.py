"""One output graph whose facts each carry an excerpt of a shipped source text.

Every quote goes through :meth:`Facts.excerpt`, which finds it in the source with
``policykg.provenance.add_excerpt`` (refusing quotes that are not there). A quote must be unambiguous: either it
occurs once in its text, or an anchor quote is named after which the first occurrence is taken. Ambiguity is an
error, so a changed source cannot silently shift an excerpt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..errors import PolicyKGError
from ..namespaces import bind_prefixes
from ..provenance import add_excerpt, locate
from .texts import SourceTexts


def below(parent: URIRef, local: str) -> URIRef:
    """IRI of a part below *parent* (…/para-1, …/area-3, …/result-07)."""
    return URIRef(f"{parent}/{local}")


@dataclass
class Facts:
    """One output graph plus the sources its excerpts quote."""

    sources: SourceTexts
    graph: Graph = field(default_factory=Graph)

    def __post_init__(self) -> None:
        bind_prefixes(self.graph)

    def excerpt(self, stem: str, quote: str, *, anchor: str | None = None,
                attests: tuple[URIRef, ...] = ()) -> URIRef:
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

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
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
