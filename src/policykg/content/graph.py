"""Clauses of a draft, and what the content rule book finds in them, as RDF in the draft graph.

Each clause is a pkg:Clause (part of the document, eli:is_part_of) with its text, its location and an excerpt
giving its span in the draft's source text; each hit is a pkg:ContentHit naming the category (a concept of
data/content-rules), its certainty and the words matched. The shapes of shapes/content.ttl turn hits into findings.

What the clauses state also decides two facts about the document (docs/decisions, "text drafts"):
- a 办法, 规定 or (实施)细则 with a clause of a category that sets rights and obligations (pkg:marksNormative) is
  a pkg:NormativeDocument, so the validity rules apply to it as to a Turtle draft that says so;
- a clause of a category that touches business operators (pkg:marksBusinessOperators) makes the document
  pkg:affectsBusinessOperators and pkg:affectsMarketEntities, so the fair-competition and consultation rules apply.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ..namespaces import CODE, ELI, PKG
from ..provenance import add_excerpt
from .classify import classify
from .clauses import Clause, split_clauses
from .rulebook import Category, load_categories

# Forms that set rights and obligations when their clauses do (山东省人民政府令第353号 第3条 excludes work plans).
NORMATIVE_FORMS_RE = re.compile(r"办法|规定|细则")


def clause_iri(document: URIRef, clause: Clause) -> URIRef:
    return URIRef(f"{document}/clause-{clause.ordinal:03d}")


def add_clauses(graph: Graph, document: URIRef, source: URIRef, text: str, *, title: str = "",
                norm=None, categories: tuple[Category, ...] | None = None) -> list[Clause]:
    """Add the clauses of *text* (the draft text *source* holds) and their hits to *graph*; return the clauses.

    With *norm* (policykg.ingest.normalise.Normalised of *text*), the clauses are cut from and classified on the
    normalised text (simplified characters, ASCII digits, rejoined lines) and each is quoted, with its span, from
    the original *text*; without it, *text* is cut as it stands. The returned clauses carry original spans.
    """
    cats = categories if categories is not None else load_categories()
    read = norm.text if norm is not None else text
    clauses = []
    for c in split_clauses(read):
        if norm is not None:
            o = norm.range(c.start, c.end)
            clauses.append((replace(c, text=o.text, start=o.start, end=o.end), c.text, c.start))
        else:
            clauses.append((c, c.text, c.start))
    per_location = Counter(c.location for c, _, _ in clauses)
    normative_because: list[URIRef] = []
    operators_because: list[URIRef] = []
    for clause, reading, at in clauses:
        node = clause_iri(document, clause)
        graph.add((node, RDF.type, PKG.Clause))
        graph.add((node, ELI.is_part_of, document))
        graph.add((node, PKG.ordinal, Literal(clause.ordinal, datatype=XSD.integer)))
        graph.add((node, PKG.text, Literal(clause.text)))
        graph.add((node, PKG.location, Literal(clause.location, lang="zh")))
        label = clause.location if per_location[clause.location] == 1 else f"{clause.location}第{clause.sentence}句"
        graph.add((node, RDFS.label, Literal(label, lang="zh")))
        excerpt = add_excerpt(graph, source, text, clause.text, after=clause.start, attests=(PKG.text,))
        graph.add((node, PROV.wasDerivedFrom, excerpt))
        for hit in classify(reading, cats):
            h = URIRef(f"{node}/{hit.category.slug}")
            graph.add((node, PKG.hasContentHit, h))
            graph.add((h, RDF.type, PKG.ContentHit))
            graph.add((h, PKG.contentCategory, hit.category.iri))
            graph.add((h, PKG.certainty, CODE[f"certainty-{hit.certainty}"]))
            matched = norm.range(at + hit.start, at + hit.end).text if norm is not None else hit.matched
            graph.add((h, PKG.matchedText, Literal(matched)))
            if hit.category.marks_normative:
                normative_because.append(node)
            if hit.category.marks_operators:
                operators_because.append(node)
    if normative_because and NORMATIVE_FORMS_RE.search(title):
        graph.add((document, RDF.type, PKG.NormativeDocument))
    if operators_because:
        graph.add((document, PKG.affectsBusinessOperators, Literal(True)))
        graph.add((document, PKG.affectsMarketEntities, Literal(True)))
    return [c for c, _, _ in clauses]


__all__ = ["add_clauses", "clause_iri", "NORMATIVE_FORMS_RE"]
