"""What the graph records about evaluated documents and their evaluations, read through the Store.

Plain data out (no RDF terms leave this module except IRIs as strings). Every value keeps the excerpts that attest
it, so the draft can trace each sentence. Saved queries (queries/evaluation-*.rq, basis-status.rq) do the reading
where a reviewer may want to run the same question; the small lookups below are inline, as in policykg.trace.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from .. import queries as Q
from .. import vocab
from ..errors import PolicyKGError
from ..namespaces import PREFIXES
from ..naming import NAMES_QUERY, Names, document_name, short_iri
from ..store import Store
from ..trace import as_number
from .model import Trace

# every project prefix, so the inline queries below may use any of them
_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))

_EXCERPTS = _PROLOGUE + """
SELECT ?node ?excerpt ?quote ?source ?start ?end ?attests WHERE {
  ?node prov:wasDerivedFrom ?excerpt .
  ?excerpt prov:value ?quote .
  OPTIONAL { ?excerpt prov:wasQuotedFrom ?source }
  OPTIONAL { ?excerpt pkg:startOffset ?start }
  OPTIONAL { ?excerpt pkg:endOffset ?end }
  OPTIONAL { ?excerpt pkg:attests ?attests }
}
"""

_PROPS = _PROLOGUE + """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { pkg:evaluates pkg:evaluator pkg:evaluationReport pkg:evaluationDate pkg:declaresDimension
              pkg:hasAssessment pkg:dimension pkg:finding pkg:section pkg:heading pkg:conclusion
              pkg:validityDecision pkg:rationale pkg:assessedConformityWith pkg:areaOf pkg:ordinal pkg:number
              pkg:inArea pkg:measureOf pkg:plannedIn pkg:text pkg:value pkg:unit pkg:comparator pkg:period
              pkg:changeValue pkg:baselineLabel pkg:indicator pkg:achievementType pkg:attributedTo
              pkg:achievedThrough pkg:reportedIn pkg:subject pkg:implements pkg:areaConcerns
              eli:based_on pkg:implementsPolicy eli:passed_by eli:date_document eli:date_publication
              eli:first_date_entry_in_force eli:date_no_longer_in_force pkg:validityPeriod pkg:reviewState
              pkg:effectRank }
  ?s ?p ?o .
}
"""

_TYPES = _PROLOGUE + """
SELECT ?s ?type WHERE {
  VALUES ?type { pkg:Evaluation pkg:ImplementationArea pkg:Measure pkg:PlannedMeasure pkg:QuantitativeResult
                 pkg:QualitativeResult pkg:Result pkg:DimensionAssessment }
  ?s a ?type .
}
"""

NS_PKG = "https://w3id.org/policykg/ns#"
NS_ELI = "http://data.europa.eu/eli/ontology#"


def _p(local: str) -> str:
    return NS_PKG + local


def _e(local: str) -> str:
    return NS_ELI + local


@dataclass(frozen=True)
class Excerpt:
    iri: str
    quote: str
    source: str
    start: int
    end: int
    attests: frozenset[str]

    def trace(self, detail: str | None = None) -> Trace:
        return Trace("quote", self.quote, iri=self.iri, source=self.source, start=self.start, end=self.end,
                     detail=detail)


@dataclass
class Graphed:
    """Everything needed from the graph, prefetched once: properties, types, names and excerpts per node."""

    props: dict[str, dict[str, list[Node]]]
    types: dict[str, set[str]]
    names: Names
    excerpts: dict[str, list[Excerpt]]

    def values(self, node: str, prop: str) -> list[Node]:
        return sorted(self.props.get(node, {}).get(prop, []), key=lambda n: (str(n)))

    def value(self, node: str, prop: str) -> Node | None:
        vals = self.values(node, prop)
        return vals[0] if vals else None

    def subjects(self, prop: str, obj: str) -> list[str]:
        return sorted(s for s, ps in self.props.items() if any(str(o) == obj for o in ps.get(prop, ())))

    def zh(self, node: Node | str) -> str:
        e = self.names.get(node)
        return e.zh or e.title or e.en or short_iri(URIRef(str(node)))

    def doc_name(self, node: Node | str) -> str:
        """文号《title》, or 《title》, or the label."""
        e = self.names.get(node)
        return document_name(e.number or None, nested_title(e.title) if e.title else None, self.zh(node))

    def short(self, node: Node | str) -> str:
        """The name a report uses after the first mention: its short title (《方案》) or 文号."""
        e = self.names.get(node)
        return e.short or e.number or self.zh(node)

    def own_quotes(self, node: str) -> list[Trace]:
        """Excerpts stating *node* itself, not only the context it shares with others (attribution)."""
        shared = {_p("measureOf"), _p("attributedTo"), _p("areaConcerns"), _p("period")}
        found = [x for x in self.excerpts.get(node, []) if not x.attests or x.attests - shared]
        return [x.trace() for x in sorted(found, key=lambda x: (x.start, x.end))] or self.quotes(node)

    def notation_key(self, node: Node | str) -> tuple:
        n = self.names.get(node).notation
        return (int(n) if n and n.isdigit() else 10**6, str(node))

    def quotes(self, node: str, *props: str) -> list[Trace]:
        """Excerpts of *node* attesting any of *props* (all its excerpts when *props* is empty), as traces."""
        found = [x for x in self.excerpts.get(node, []) if not props or x.attests & set(props)]
        return [x.trace() for x in sorted(found, key=lambda x: (x.start, x.end))]

    def fact(self, node: str, text: str, detail: str | None = None) -> Trace:
        return Trace("fact", text, iri=node, detail=detail)


def nested_title(title: str) -> str:
    """A title to put inside 《》: its own outer marks dropped, inner 《》 turned into 〈〉 (GB/T 15834)."""
    t = title.strip()
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    return t.replace("《", "〈").replace("》", "〉")


def join_names(items) -> str:
    """Names in a series: 、 between them, except between two book titles (《意见》《方案》, GB/T 15834 4.5.3.5)."""
    items = list(items)
    out = ""
    for i, item in enumerate(items):
        if i and not (items[i - 1].endswith("》") and item.startswith("《")):
            out += "、"
        out += item
    return out


def read_graph(store: Store) -> Graphed:
    props: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in store.select(_PROPS)[1]:
        props[str(s)][str(p)].append(o)
    types: dict[str, set[str]] = defaultdict(set)
    for s, t in store.select(_TYPES)[1]:
        types[str(s)].add(str(t))
    names = Names(store.select(NAMES_QUERY)[1])
    excerpts: dict[str, dict[str, Excerpt]] = defaultdict(dict)
    attests: dict[str, set[str]] = defaultdict(set)
    rows = store.select(_EXCERPTS)[1]
    for _node, ex, _quote, _source, _start, _end, att in rows:
        if att is not None:
            attests[str(ex)].add(str(att))
    for node, ex, quote, source, start, end, _att in rows:
        if str(ex) in excerpts[str(node)]:
            continue
        source_name = ""
        if source is not None:  # the source text as people name it (its label), else its short IRI
            source_name = names.get(source).zh or short_iri(source)
        excerpts[str(node)][str(ex)] = Excerpt(
            str(ex), str(quote), source_name,
            int(start) if start is not None else -1, int(end) if end is not None else -1,
            frozenset(attests[str(ex)]))
    return Graphed(props={k: dict(v) for k, v in props.items()}, types=dict(types), names=names,
                   excerpts={k: list(v.values()) for k, v in excerpts.items()})


number = as_number  # one reading of numeric literals (policykg.trace)


@dataclass(frozen=True)
class BasisStatus:
    document: str
    relation: str  # based_on | implements
    basis: str
    status_as_of: str | None  # code IRI or None (unknown)


def basis_status(store: Store, document: str, as_of: _dt.date) -> list[BasisStatus]:
    """Each basis of *document* and its status on *as_of*, by the saved query basis-status."""
    query = Q.load("basis-status")
    rows = Q.run(store, query, {"document": URIRef(document),
                                "asOf": Literal(as_of.isoformat(), datatype=URIRef(
                                    "http://www.w3.org/2001/XMLSchema#date"))}).dicts()
    out = []
    for r in rows:
        rel = next((name for name, prop in vocab.citation_relation_properties().items() if prop == r["relation"]),
                   "based_on")
        out.append(BasisStatus(document, rel, str(r["basis"]),
                               str(r["statusAsOf"]) if r.get("statusAsOf") is not None else None))
    return out


@dataclass(frozen=True)
class CoverageRow:
    directive: str
    provision: str
    provision_label: str
    measures: tuple[str, ...]


def coverage(store: Store, document: str) -> list[CoverageRow]:
    """Provisions of the directives *document* rests on or was assessed against, with the measures implementing
    each (saved query evaluation-coverage)."""
    rows = Q.run(store, Q.load("evaluation-coverage"), {"document": URIRef(document)}).dicts()
    by: dict[tuple[str, str], CoverageRow] = {}
    order: list[tuple[str, str]] = []
    for r in rows:
        key = (str(r["directive"]), str(r["provision"]))
        if key not in by:
            by[key] = CoverageRow(key[0], key[1], str(r.get("provisionLabel") or short_iri(r["provision"])), ())
            order.append(key)
        if r.get("measure") is not None and str(r["measure"]) not in by[key].measures:
            row = by[key]
            by[key] = CoverageRow(row.directive, row.provision, row.provision_label,
                                  row.measures + (str(r["measure"]),))
    return [by[k] for k in order]


def resolve_documents(store: Store, raw: list[str]) -> list[str]:
    """The IRIs of the documents the user named (文号, IRI or title); PolicyKGError names the first unknown."""
    param = Q.Param("document", "docnumber-or-iri", True)
    out: list[str] = []
    for value in raw:
        iri = str(Q.convert(param, value, store))
        if iri not in out:
            out.append(iri)
    if not out:
        raise PolicyKGError("give at least one DOCUMENT (文号 or IRI)")
    return out


@dataclass
class EvaluationView:
    """One evaluation of some of the documents, with its parts."""

    iri: str
    report: str | None
    evaluates: list[str]
    areas: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)


def evaluations_of(g: Graphed, documents: list[str]) -> list[EvaluationView]:
    out = []
    for ev, types in sorted(g.types.items()):
        if _p("Evaluation") not in types:
            continue
        evaluated = [str(d) for d in g.values(ev, _p("evaluates"))]
        if not set(evaluated) & set(documents):
            continue
        report = g.value(ev, _p("evaluationReport"))
        areas = sorted(g.subjects(_p("areaOf"), ev), key=lambda a: (number(g.value(a, _p("ordinal"))) or 0, a))
        planned = sorted(g.subjects(_p("plannedIn"), ev), key=lambda m: (number(g.value(m, _p("ordinal"))) or 0, m))
        assessments = sorted((str(a) for a in g.values(ev, _p("hasAssessment"))),
                             key=lambda a: (str(g.value(a, _p("section")) or "~"), a))
        out.append(EvaluationView(ev, str(report) if report is not None else None, evaluated, areas, planned,
                                  assessments))
    return out


def related_nodes(g: Graphed, documents: list[str], evaluations: list[EvaluationView]) -> set[str]:
    """The documents, their evaluations and every part of those (areas, measures, results, assessments)."""
    nodes = set(documents)
    for ev in evaluations:
        nodes.add(ev.iri)
        nodes.update(ev.areas, ev.planned, ev.assessments)
        if ev.report:
            nodes.add(ev.report)
    docs = set(documents)
    for s, ps in g.props.items():
        for prop in ("measureOf", "attributedTo", "areaConcerns"):
            if any(str(o) in docs for o in ps.get(_p(prop), ())):
                nodes.add(s)
        if any(str(o) in nodes for o in ps.get(_p("inArea"), ())):
            nodes.add(s)
    return nodes


__all__ = [
    "BasisStatus",
    "CoverageRow",
    "EvaluationView",
    "Excerpt",
    "Graphed",
    "basis_status",
    "coverage",
    "evaluations_of",
    "join_names",
    "nested_title",
    "number",
    "read_graph",
    "related_nodes",
    "resolve_documents",
]
