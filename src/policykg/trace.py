"""Trace evaluation results to the directives they rest on, with the source quotes, for people.

The links come from the saved query ``queries/trace-results.rq`` (so the command and the query cannot disagree);
the details of each result (value, unit, measures, quotes) from a few more queries through the Store. A result
reaches a directive at the *provision* level (a measure implements one of its provisions) or at the *document*
level (a measure implements the whole document, or the directive is in the basis chain of a document the result
is attributed to, that its area concerns or that its measures belong to).
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

from rdflib import URIRef
from rdflib.term import Node

from . import queries as Q
from . import vocab
from .errors import PolicyKGError
from .namespaces import PKG
from .naming import NAMES_QUERY, Names, document_name, short_iri
from .store import Store
from .words import Bilingual

LEVELS = ("provision", "document")
#: trace-results.rq's ?via (how a result reaches a directive), in the order a directive's paths are listed
VIA = ("measure", "area", "attribution")


@dataclass
class Named:
    """A node with what people read: its IRI, 文号 (documents), Chinese and English labels, title."""

    iri: str
    label: str = ""
    label_en: str = ""
    number: str | None = None
    title: str | None = None


@dataclass
class Quote:
    text: str
    source: str
    start: int
    end: int
    attests: list[str] = field(default_factory=list)


@dataclass
class ProvisionLink:
    iri: str
    label: str
    number: str | None
    text: str | None
    directive: str
    measures: list[str] = field(default_factory=list)  # IRIs of the measures implementing it for this result


@dataclass
class Path:
    """One way a result reaches a directive: through what (measure, area, attribution), starting where."""

    via: str  # measure | area | attribution
    measure: Named | None = None  # the result's measure (or, via area, a measure of its area)
    area: Named | None = None  # the result's implementation area (via area)
    provision: Named | None = None  # the implemented provision (provision level)
    chain: list[Named] = field(default_factory=list)  # documents from the first to the directive (document level)
    relations: list[str] = field(default_factory=list)  # eli:based_on / pkg:implementsPolicy along the chain


@dataclass
class DirectiveLink:
    iri: str
    number: str | None
    title: str | None
    label: str
    level: str  # "provision" when a measure implements one of its provisions, else "document"
    levels: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)


@dataclass
class Change:
    """A result's change against a baseline as the source states it (较“十三五”末增加986家).

    value: the change (negative for a decrease); unit: the result's unit as people read it (家), unit_en and
    unit_iri beside it; baseline: the baseline as written (“十三五”末), or None when the source names none.
    """

    value: float | int
    unit: str | None
    unit_en: str | None
    unit_iri: str | None
    baseline: str | None


@dataclass
class ResultTrace:
    result: str
    label: str
    label_en: str
    type: str  # quantitative | qualitative
    value: float | int | None
    unit: str | None
    unit_en: str | None
    unit_iri: str | None
    comparator: str | None
    comparator_en: str | None
    period: str | None
    subject: str | None
    indicator: Named | None
    reported_in: Named | None
    quote: str | None
    quotes: list[Quote]
    measures: list[Named]
    areas: list[Named]
    documents: list[Named]  # the documents the source attributes the result to
    provisions: list[ProvisionLink]
    directives: list[DirectiveLink]
    traced: bool
    change: Change | None = None

    def to_json(self) -> dict:
        return asdict(self)


# -------------------------------------------------------------------------------------------------------------
# Queries (each returns a handful of rows per result; all go through the Store)
# -------------------------------------------------------------------------------------------------------------

_PROLOGUE = """
PREFIX pkg:  <https://w3id.org/policykg/ns#>
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

_RESULTS = _PROLOGUE + """
SELECT ?result ?class ?value ?unit ?comparator ?period ?subject ?indicator ?report ?change ?baseline WHERE {
  VALUES ?class { pkg:QuantitativeResult pkg:QualitativeResult pkg:Result }
  ?result a ?class .
  OPTIONAL { ?result pkg:value ?value }
  OPTIONAL { ?result pkg:unit ?unit }
  OPTIONAL { ?result pkg:comparator ?comparator }
  OPTIONAL { ?result pkg:period ?period }
  OPTIONAL { ?result pkg:subject ?subject }
  OPTIONAL { ?result pkg:indicator ?indicator }
  OPTIONAL { ?result pkg:reportedIn ?report }
  OPTIONAL { ?result pkg:changeValue ?change }
  OPTIONAL { ?result pkg:baselineLabel ?baseline }
} ORDER BY ?result ?class
"""

_LINKS = _PROLOGUE + """
SELECT ?result ?kind ?target WHERE {
  ?result a ?class .
  VALUES ?class { pkg:QuantitativeResult pkg:QualitativeResult pkg:Result }
  { ?result pkg:achievedThrough ?target BIND("measure" AS ?kind) }
  UNION { ?result pkg:inArea ?target BIND("area" AS ?kind) }
  UNION { ?result pkg:attributedTo ?target BIND("document" AS ?kind) }
} ORDER BY ?result ?kind ?target
"""

# One property per step, each step DISTINCT: a store answers over the union of its named graphs, where an excerpt
# described by several source files repeats each of its triples once per file, and chained OPTIONALs multiplied
# them (11,417 rows for 232 on the bundled store, 0.86 s).
_QUOTES = _PROLOGUE + """
SELECT DISTINCT ?result ?excerpt ?text ?source ?start ?end ?attests WHERE {
  { SELECT DISTINCT ?result ?excerpt ?text ?source ?start ?end WHERE {
    { SELECT DISTINCT ?result ?excerpt ?text ?source ?start WHERE {
      { SELECT DISTINCT ?result ?excerpt ?text ?source WHERE {
        { SELECT DISTINCT ?result ?excerpt ?text WHERE {
            VALUES ?class { pkg:QuantitativeResult pkg:QualitativeResult pkg:Result }
            ?result a ?class ; prov:wasDerivedFrom ?excerpt .
            ?excerpt prov:value ?text .
        } }
        OPTIONAL { ?excerpt prov:wasQuotedFrom ?source }
      } }
      OPTIONAL { ?excerpt pkg:startOffset ?start }
    } }
    OPTIONAL { ?excerpt pkg:endOffset ?end }
  } }
  OPTIONAL { ?excerpt pkg:attests ?attests }
} ORDER BY ?result ?start ?excerpt ?attests
"""

_BASIS_EDGES = _PROLOGUE + """
SELECT ?document ?relation ?basis WHERE {
  VALUES ?relation { eli:based_on pkg:implementsPolicy }
  ?document ?relation ?basis .
} ORDER BY ?document ?basis ?relation
"""


class _Names(Names):
    """Every node's name (policykg.naming), read once, as the trace's Named records."""

    def __init__(self, store: Store):
        super().__init__(store.select(NAMES_QUERY)[1])

    def named(self, iri: Node | str) -> Named:
        e = self.get(iri)
        label = self.name(iri)
        return Named(iri=str(iri), label=label, label_en=e.en or label, number=e.number or None, title=e.title or None)

    # not overrides: Names.zh/en always give a name (a str); an absent unit or comparator stays None in the JSON
    def optional_zh(self, iri: Node | None) -> str | None:
        return None if iri is None else self.zh(iri)

    def optional_en(self, iri: Node | None) -> str | None:
        return None if iri is None else self.en(iri)


def as_number(term: Node | None) -> float | int | None:
    """A numeric literal as int (when whole) or float; None for no value or a non-number."""
    if term is None:
        return None
    try:
        d = Decimal(str(term))
    except InvalidOperation:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def trace(store: Store, selector: str | None = None) -> list[ResultTrace]:
    """The trace of every result, or of the one *selector* names (an IRI, or a unique label substring)."""
    names = _Names(store)
    _, rows = store.select(_RESULTS)
    classes: dict[str, set[str]] = defaultdict(set)
    details: dict[str, tuple] = {}
    for row in rows:
        classes[str(row[0])].add(str(row[1]))
        details.setdefault(str(row[0]), row)
    results = sorted(details)
    if selector is not None:
        results = [select_result(selector, results, names)]
    wanted = set(results)

    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for result, kind, target in store.select(_LINKS)[1]:
        if str(result) in wanted:
            links[str(result)][str(kind)].append(str(target))

    quotes: dict[str, dict[str, Quote]] = defaultdict(dict)
    for result, excerpt, text, source, start, end, attests in store.select(_QUOTES)[1]:
        if str(result) not in wanted:
            continue
        q = quotes[str(result)].setdefault(str(excerpt), Quote(
            text=str(text), source=short_iri(source) if source is not None else "",
            start=int(start) if start is not None else -1, end=int(end) if end is not None else -1))
        if attests is not None and short_iri(attests) not in q.attests:
            q.attests.append(short_iri(attests))

    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for document, relation, basis in store.select(_BASIS_EDGES)[1]:
        edges[str(document)].append((str(relation), str(basis)))

    query = Q.load("trace-results")
    bindings = {"result": URIRef(results[0])} if selector is not None else {}
    trace_rows = Q.run(store, query, bindings).dicts()

    out = []
    for r in results:
        row = details[r]
        _, _, value, unit, comparator, period, subject, indicator, report, change, baseline = row
        kind = "qualitative" if any(c.endswith("QualitativeResult") for c in classes[r]) else "quantitative"
        own = sorted(quotes[r].values(), key=lambda q: (q.start, q.end, q.text))
        change_value = as_number(change)
        out.append(ResultTrace(
            result=r,
            label=names.zh(URIRef(r)),
            label_en=names.en(URIRef(r)),
            type=kind,
            value=as_number(value),
            unit=names.optional_zh(unit), unit_en=names.optional_en(unit), unit_iri=str(unit) if unit is not None else None,
            comparator=names.optional_zh(comparator), comparator_en=names.optional_en(comparator),
            period=str(period) if period is not None else None,
            subject=str(subject) if subject is not None else None,
            indicator=names.named(indicator) if indicator is not None else None,
            reported_in=names.named(report) if report is not None else None,
            quote=_main_quote(own),
            quotes=own,
            measures=[names.named(m) for m in sorted(set(links[r]["measure"]))],
            areas=[names.named(a) for a in sorted(set(links[r]["area"]))],
            documents=[names.named(d) for d in sorted(set(links[r]["document"]))],
            provisions=[],
            directives=[],
            traced=False,
            change=Change(value=change_value, unit=names.optional_zh(unit), unit_en=names.optional_en(unit),
                          unit_iri=str(unit) if unit is not None else None,
                          baseline=str(baseline) if baseline is not None else None)
            if change_value is not None else None,
        ))
    by_iri = {t.result: t for t in out}
    _attach_links(by_iri, trace_rows, names, edges)
    return out


def _main_quote(quotes: list[Quote]) -> str | None:
    """The quote that states the result itself (as trace-results.rq chooses it)."""
    def rank(q: Quote) -> tuple:
        if "pkg:value" in q.attests or "pkg:achievementType" in q.attests:
            tier = 0
        elif "pkg:attributedTo" in q.attests or "pkg:period" in q.attests:
            tier = 2
        else:
            tier = 1
        return (tier, q.start, q.text)
    return min(quotes, key=rank).text if quotes else None


def _attach_links(by_iri: dict[str, ResultTrace], rows: list[dict], names: _Names,
                  edges: dict[str, list[tuple[str, str]]]) -> None:
    directives: dict[str, dict[str, DirectiveLink]] = defaultdict(dict)
    provisions: dict[str, dict[str, ProvisionLink]] = defaultdict(dict)
    for row in rows:
        r = str(row["result"])
        t = by_iri.get(r)
        if t is None:
            continue
        d = str(row["directive"])
        level = str(row["level"])
        via = str(row["via"])
        area = names.named(row["area"]) if "area" in row else None
        named = names.named(d)
        link = directives[r].setdefault(d, DirectiveLink(
            iri=d, number=named.number, title=named.title, label=named.label, level=level))
        if level not in link.levels:
            link.levels.append(level)
        if "provision" in link.levels:
            link.level = "provision"
        if level == "provision":
            p = str(row["provision"])
            measure = str(row["measure"]) if "measure" in row else None
            pl = provisions[r].setdefault(p, ProvisionLink(
                iri=p, label=names.named(p).label, number=str(row["provisionNumber"]) if "provisionNumber" in row else None,
                text=str(row["provisionText"]) if "provisionText" in row else None, directive=d))
            if measure and measure not in pl.measures:
                pl.measures.append(measure)
            path = Path(via=via, measure=names.named(measure) if measure else None, area=area,
                        provision=names.named(p))
        else:
            measure = str(row["measure"]) if "measure" in row else None
            start = str(row["document"]) if "document" in row else None
            if start is None:  # a measure implementing the whole document
                path = Path(via=via, measure=names.named(measure) if measure else None, area=area,
                            chain=[names.named(d)])
            else:
                chain, relations = _shortest_chain(start, d, edges)
                path = Path(via=via, measure=names.named(measure) if measure else None, area=area,
                            chain=[names.named(c) for c in chain],
                            relations=[short_iri(URIRef(x)) for x in relations])
        if path not in link.paths:
            link.paths.append(path)
    for r, t in by_iri.items():
        for link in directives[r].values():
            link.levels.sort(key=LEVELS.index)
            link.paths.sort(key=lambda p: (0 if p.provision else 1, VIA.index(p.via) if p.via in VIA else 9,
                                           p.measure.iri if p.measure else "", p.area.iri if p.area else "",
                                           [c.iri for c in p.chain]))
        t.directives = sorted(directives[r].values(), key=lambda l: (LEVELS.index(l.level), l.number or "~", l.iri))
        t.provisions = sorted(provisions[r].values(), key=lambda p: (p.directive, p.iri))
        t.traced = bool(t.directives)


def _shortest_chain(start: str, goal: str, edges: dict[str, list[tuple[str, str]]]) -> tuple[list[str], list[str]]:
    """Documents from *start* to *goal* along basis edges (breadth first), and the relations between them."""
    previous: dict[str, tuple[str, str] | None] = {start: None}
    todo = deque([start])
    while todo:
        node = todo.popleft()
        for relation, basis in edges.get(node, ()):
            if basis in previous:
                continue
            previous[basis] = (node, relation)
            if basis == goal:
                todo.clear()
                break
            todo.append(basis)
    if goal not in previous or goal == start:
        return [start, goal], []
    chain, relations, node = [goal], [], goal
    while (step := previous[node]) is not None:
        node, relation = step
        chain.append(node)
        relations.append(relation)
    return chain[::-1], relations[::-1]


def select_result(selector: str, results: Iterable[str], names: _Names) -> str:
    """The one result *selector* names: its IRI (full, <…> or prefixed) or a substring of its label."""
    results = list(results)
    text = selector.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    try:
        iri = str(Q.to_iri(text, "RESULT"))
    except PolicyKGError:
        iri = None
    if iri is not None and iri in results:
        return iri
    needle = text.casefold()
    hits = [r for r in results if needle and (needle in names.zh(URIRef(r)).casefold()
                                              or needle in names.en(URIRef(r)).casefold())]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        if iri is not None and (iri.startswith("http") or ":" in selector):
            raise PolicyKGError(f"RESULT {selector!r}: no such result in the data")
        raise PolicyKGError(f"RESULT {selector!r}: no result's label contains it (`policykg trace --all` lists them)")
    shown = "; ".join(f"{short_iri(URIRef(h))} {names.zh(URIRef(h))}" for h in hits[:4])
    more = f" and {len(hits) - 4} more" if len(hits) > 4 else ""
    raise PolicyKGError(f"RESULT {selector!r} matches {len(hits)} results ({shown}{more}): be more specific")


# -------------------------------------------------------------------------------------------------------------
# Rendering
# -------------------------------------------------------------------------------------------------------------


def _figure(t: ResultTrace) -> str:
    if t.value is None:
        return ""
    comp = f"{t.comparator} " if t.comparator and t.comparator != "（确数）" else ""
    return f"{comp}{t.value} {t.unit or ''}".strip()


def _figure_en(t: ResultTrace) -> str:
    if t.value is None:
        return ""
    comp = f"{t.comparator_en} " if t.comparator_en and t.comparator_en != "exactly" else ""
    return f"{comp}{t.value} {t.unit_en or ''}".strip()


def _doc(n: Named | DirectiveLink) -> str:
    return document_name(n.number, n.title, n.label)


def _via_words(via: str) -> Bilingual:
    """How a path is introduced: "measure" and "area" are node kinds (their labels), "attribution" is the result's
    pkg:attributedTo link."""
    kind = vocab.node_kind(via)
    if kind is not None:
        return kind.label
    return vocab.link_word(PKG.attributedTo) if via == "attribution" else Bilingual.same(via)


def _step(prop: URIRef) -> str:
    word = vocab.link_word(prop)
    return f"—{word.zh} {word.en}→"


def _path_text(p: Path) -> str:
    """经 via …: the steps from the result to the directive, as the data states them."""
    via = _via_words(p.via)
    steps = []
    if p.area is not None:
        steps.append(p.area.label)
    if p.measure is not None:
        if steps:  # the measures of the area: pkg:inArea read backwards, which the ontology names no word for
            steps.append("—其中举措 has measure→")
        steps.append(p.measure.label)
    if p.provision is not None:
        steps.append(f"{_step(PKG.implements)} {p.provision.label}")
    elif p.chain and not p.relations:
        steps.append(f"—落实整份文件 implements the whole document→ {p.chain[-1].label}")
    elif p.chain:
        if steps:
            steps.append(_step(PKG.measureOf) if p.measure is not None else _step(PKG.areaConcerns))
        steps.append(p.chain[0].label)
        for relation, node in zip(p.relations, p.chain[1:]):
            word = vocab.basis_link_word(Q.to_iri(relation))
            steps.append(f"—{word.zh} {word.en}→ {node.label}")
    return f"{via.zh} {via.en}: " + " ".join(steps)


def render_text(traces: list[ResultTrace], *, markdown: bool = False) -> str:
    """Each result as a readable chain in Chinese and English, with the quotes (plain text or Markdown)."""
    blocks = []
    for t in traces:
        lines: list[str] = []
        h = "### " if markdown else ""
        b = "- " if markdown else "  "
        lines.append(f"{h}成效 Result: {t.label}" + (f" / {t.label_en}" if t.label_en and t.label_en != t.label else ""))
        lines.append(f"{b}IRI: {'`' if markdown else ''}{t.result}{'`' if markdown else ''}")
        fig = _figure(t)
        if fig:
            lines.append(f"{b}数值 Value: {fig}" + (f" ({_figure_en(t)})" if _figure_en(t) != fig else ""))
        else:
            lines.append(f"{b}类型 Type: 定性成效 qualitative result")
        if t.change is not None:
            c = t.change
            lines.append(f"{b}变化 Change: 较{c.baseline or '基期'}{'增加' if c.value >= 0 else '减少'}{abs(c.value)}"
                         f"{c.unit or ''}" + (f" ({c.value:+} {c.unit_en or ''} vs {c.baseline or 'baseline'})"))
        if t.period:
            lines.append(f"{b}期间 Period: {t.period}")
        if t.subject:
            lines.append(f"{b}主体 Subject: {t.subject}")
        if t.quote:
            q = next(q for q in t.quotes if q.text == t.quote)
            lines.append(f"{b}原文 Quote: “{t.quote}” ({q.source}, chars {q.start}–{q.end})")
        for q in t.quotes:
            if q.text != t.quote:
                lines.append(f"{'  - ' if markdown else '    '}语境 Context: “{q.text}” ({q.source}, chars {q.start}–{q.end}; "
                             f"{', '.join(q.attests) or '—'})")
        if t.documents:
            lines.append(f"{b}归因文件 Attributed to: " + "; ".join(_doc(d) for d in t.documents))
        if t.measures:
            lines.append(f"{b}举措 Measures: " + "; ".join(
                m.label + (f" ({m.label_en})" if m.label_en != m.label else "") for m in t.measures))
        if t.areas:
            lines.append(f"{b}实施领域 Area: " + "; ".join(a.label for a in t.areas))
        if t.directives:
            lines.append(f"{b}上位文件 Directives:")
            for link in t.directives:
                lvl = "条款级 provision level" if link.level == "provision" else "文件级 document level"
                lines.append(f"{'  - ' if markdown else '    • '}{_doc(link)} [{lvl}]")
                for p in t.provisions:
                    if p.directive == link.iri:
                        text = f": “{p.text}”" if p.text else ""
                        lines.append(f"{'      - ' if markdown else '        '}条款 Provision {p.label}{text}")
                for path in link.paths:
                    lines.append(f"{'      - ' if markdown else '        '}经 via {_path_text(path)}")
            lines.append(f"{b}✔ 已溯及上位文件 / traced to {len(t.directives)} "
                         f"{'directive' if len(t.directives) == 1 else 'directives'}")
        else:
            lines.append(f"{b}✘ 未能溯及任何上位文件 / reaches no directive")
        blocks.append("\n".join(lines))
    traced = sum(1 for t in traces if t.traced)
    summary = (f"{len(traces)} 项成效，{traced} 项已溯及上位文件 / {len(traces)} "
               f"{'result' if len(traces) == 1 else 'results'}, {traced} traced to a directive")
    sep = "\n\n"
    if markdown:
        return "## 成效溯源 / Result trace\n\n" + summary + sep + sep.join(blocks) + "\n"
    return sep.join(blocks) + sep + summary + "\n"


def render_json(traces: list[ResultTrace]) -> str:
    return json.dumps([t.to_json() for t in traces], ensure_ascii=False, indent=2) + "\n"


__all__ = ["ResultTrace", "Change", "DirectiveLink", "ProvisionLink", "Path", "Quote", "Named", "trace", "select_result",
           "render_text", "render_json"]
