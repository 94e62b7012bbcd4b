"""Node and edge attributes of an exported graph, read from the view's RDF.

Every value is a str, int or float (GraphML, GEXF and Cytoscape reject None and rdflib terms), and each attribute
name always carries the same type. Long texts (provision text, quotes) are attributes, never nodes. Code-list values
(level, status, genre …) become their Chinese label; links to entities outside the view (issuing organ, indicator,
report) become the entity's label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from ..namespaces import ELI, PKG
from ..terms import as_iri
from .model import ExportModel, Labels, curie, labels_of, pick_label
from .style import level_rank, node_style

# property → attribute name, for literal values
LITERAL_ATTRIBUTES: dict[URIRef, str] = {
    PKG.docNumber: "number",
    DCT.title: "title",
    PKG.shortTitle: "short_title",
    PKG.indexNumber: "index_number",
    PKG.registrationId: "registration_id",
    ELI.date_document: "date_document",
    ELI.date_publication: "date_publication",
    ELI.first_date_entry_in_force: "date_in_force",
    ELI.date_no_longer_in_force: "date_no_longer_in_force",
    ELI.version_date: "version_date",
    PKG.dateRepealed: "date_repealed",
    PKG.dateAmended: "date_amended",
    PKG.validityPeriod: "validity_period",
    PKG.statusAsOf: "status_as_of",
    PKG.number: "provision_number",
    PKG.ordinal: "ordinal",
    PKG.heading: "heading",
    PKG.text: "text",
    PKG.summary: "summary",
    PKG.value: "value",
    PKG.changeValue: "change_value",
    PKG.baselineLabel: "baseline",
    PKG.subject: "subject",
    PKG.period: "period",
    PKG.cumulative: "cumulative",
    PKG.rankPosition: "rank_position",
    PKG.rankScope: "rank_scope",
    PKG.jurisdiction: "jurisdiction",
    PKG.docNumberCode: "doc_number_code",
    PKG.evaluationDate: "evaluation_date",
    PKG.rationale: "rationale",
    PKG.finding: "finding",
    PKG.section: "section",
    PKG.ruleId: "rule_id",
}
INT_ATTRIBUTES = {"ordinal", "rank_position"}
FLOAT_ATTRIBUTES = {"value", "change_value"}

# property → attribute name, for code-list (SKOS concept) values; the value is the concept's Chinese label
CONCEPT_ATTRIBUTES: dict[URIRef, str] = {
    ELI.in_force: "status",
    PKG.adminLevel: "level",
    PKG.genre: "genre",
    PKG.instrumentForm: "form",
    PKG.unit: "unit",
    PKG.comparator: "comparator",
    PKG.achievementType: "achievement_type",
    PKG.evidenceStatus: "evidence",
    PKG.conclusion: "conclusion",
    PKG.validityDecision: "validity_decision",
    PKG.dimension: "dimension",
    PKG.declaresDimension: "dimensions",
}

# property → attribute name, for links to entities; kept as attributes even when the entity is not a node
REFERENCE_ATTRIBUTES: dict[URIRef, str] = {
    ELI.passed_by: "issued_by",
    PKG.leadIssuer: "lead_issuer",
    PKG.indicator: "indicator",
    PKG.reportedIn: "reported_in",
    PKG.evaluator: "evaluator",
    PKG.evaluationReport: "evaluation_report",
}

# Handled elsewhere (labels, type, provenance) or structural.
_SKIPPED = {RDF.type, RDFS.label, SKOS.prefLabel, PROV.wasDerivedFrom}

# Attribute names a user sees in the viewer's side panel, in this order (others follow alphabetically).
FIELD_ORDER = [
    "label", "label_en", "type_label", "number", "title", "short_title", "level", "status", "status_as_of",
    "issued_by", "lead_issuer", "genre", "form", "date_document", "date_publication", "date_in_force",
    "date_no_longer_in_force", "date_repealed", "date_amended", "version_date", "validity_period",
    "provision_number", "heading", "text", "summary", "value", "unit", "comparator", "change_value", "baseline",
    "subject", "period", "cumulative", "rank_position", "rank_scope", "indicator", "achievement_type",
    "reported_in", "evaluator", "evaluation_date", "conclusion", "validity_decision", "rationale", "evidence",
    "quote", "source", "provenance", "type", "kind", "iri",
]


@dataclass(frozen=True)
class Quote:
    """One provenance excerpt of a node, as the viewer shows it."""

    quote: str
    source: str
    source_label: str
    start: int
    end: int
    attests: tuple[str, ...]


def node_attributes(rdf: Graph, node: URIRef, model: ExportModel) -> dict[str, str | int | float]:
    """All attributes of *node* in the view *rdf* (sorted by name)."""
    attrs: dict[str, str | int | float] = {}
    kind = model.kinds[node]
    cls = model.classes[node]
    labels = _node_labels(rdf, node)
    attrs["label"] = labels.zh
    attrs["label_en"] = labels.en
    attrs["kind"] = kind
    attrs["type"] = curie(cls)
    attrs["type_label"] = model.label(cls).zh
    attrs["iri"] = str(node)

    literals: dict[str, list[Literal]] = {}
    concepts: dict[str, list[URIRef]] = {}
    references: dict[str, list[URIRef]] = {}
    for p, o in cast("Iterator[tuple[URIRef, Node]]", rdf.predicate_objects(node)):  # predicates are IRIs
        if p in _SKIPPED:
            continue
        if isinstance(o, Literal):
            literals.setdefault(LITERAL_ATTRIBUTES.get(p) or _generic_name(p), []).append(o)
        elif p in REFERENCE_ATTRIBUTES:
            references.setdefault(REFERENCE_ATTRIBUTES[p], []).append(as_iri(o))  # links to entities
        elif p in CONCEPT_ATTRIBUTES:
            concepts.setdefault(CONCEPT_ATTRIBUTES[p], []).append(as_iri(o))  # code-list concepts
        elif isinstance(o, URIRef) and not model.is_entity(o):
            concepts.setdefault(_generic_name(p), []).append(o)

    for name, values in literals.items():
        name, value = _literal_value(name, values)
        attrs[name] = value
    for name, iris in concepts.items():
        attrs[name] = "；".join(sorted({model.label(v).zh for v in iris}))
    for name, iris in references.items():
        attrs[name] = "；".join(sorted({_entity_label(rdf, v, model) for v in iris}))

    level_code, level = _level(rdf, node, kind, model)
    if level_code:
        attrs["level"] = level.zh
        attrs["level_en"] = level.en
        attrs["level_code"] = level_code
    status_code = ""
    statuses = sorted(o for o in rdf.objects(node, ELI.in_force) if isinstance(o, URIRef))
    if statuses:
        status_code = _local(statuses[0])
        attrs["status_en"] = "；".join(sorted({model.label(s).en for s in statuses}))
        attrs["status_code"] = status_code

    quotes = node_quotes(rdf, node, model)
    if quotes:
        attrs["quote"] = "\n".join(q.quote for q in quotes)
        attrs["source"] = "；".join(sorted({q.source_label for q in quotes}))
        attrs["provenance"] = "; ".join(f"{q.source} [{q.start}–{q.end}]" for q in quotes)

    style = node_style(kind, level_code, status_code)
    attrs["color"] = style.fill
    attrs["border_color"] = style.border
    attrs["shape"] = style.shape
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in sorted(attrs.items())}


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """*text* without the control characters XML 1.0 cannot carry (GraphML and GEXF are XML).

    >>> xml_safe("第一条\x0b正文")
    '第一条 正文'
    """
    return _XML_INVALID.sub(" ", text)


def node_quotes(rdf: Graph, node: URIRef, model: ExportModel) -> list[Quote]:
    """The excerpts *node* is derived from, in source and offset order."""
    quotes = []
    for ex in rdf.objects(node, PROV.wasDerivedFrom):
        value = rdf.value(ex, PROV.value)
        source = rdf.value(ex, PROV.wasQuotedFrom)
        start, end = rdf.value(ex, PKG.startOffset), rdf.value(ex, PKG.endOffset)
        if value is None or source is None:
            continue
        attests = tuple(sorted(model.label(as_iri(a)).zh for a in rdf.objects(ex, PKG.attests)))  # properties
        quotes.append(Quote(
            quote=str(value),
            source=curie(as_iri(source)),  # a source text's IRI
            source_label=model.label(as_iri(source)).zh,
            start=_int(start),
            end=_int(end),
            attests=attests,
        ))
    return sorted(quotes, key=lambda q: (q.source, q.start, q.end, q.quote))


def edge_attributes(relation: URIRef, kind: str, model: ExportModel, via: Sequence[URIRef] = ()) -> dict[str, str]:
    labels = model.label(relation)
    attrs = {"relation": curie(relation), "label": labels.zh, "label_en": labels.en, "kind": kind}
    if via:
        attrs["via"] = " ".join(sorted(str(v) for v in via))
    return dict(sorted(attrs.items()))


def field_labels(model: ExportModel, names) -> dict[str, tuple[str, str]]:
    """Display names (zh, en) of attribute names, from the properties they come from."""
    by_name: dict[str, URIRef] = {}
    for table in (LITERAL_ATTRIBUTES, CONCEPT_ATTRIBUTES, REFERENCE_ATTRIBUTES):
        for prop, name in table.items():
            by_name.setdefault(name, prop)
    fixed = {
        "label": ("名称", "label"), "label_en": ("英文名称", "English label"), "type_label": ("类型", "type"),
        "type": ("类", "class"), "kind": ("类别", "kind"), "iri": ("IRI", "IRI"),
        "quote": ("原文摘录", "quote"), "source": ("来源文本", "source text"), "provenance": ("出处位置", "provenance"),
        "level": ("行政层级", "administrative level"), "status": ("效力状态", "in-force status"),
        "comment": ("注释", "comment"), "description": ("说明", "description"),
    }
    for term in model.vocabulary:  # names made by _generic_name take the label of their property
        by_name.setdefault(_generic_name(term), term)
    result = {}
    for name in names:
        if name in fixed:
            result[name] = fixed[name]
        elif name in by_name:
            labels = model.label(by_name[name])
            result[name] = (labels.zh, labels.en)
        else:
            result[name] = (name, name)
    return result


def _node_labels(rdf: Graph, node: URIRef) -> Labels:
    found = labels_of(rdf, node)
    zh = found.zh or pick_label(rdf.objects(node, PKG.docNumber), "zh") or pick_label(
        rdf.objects(node, DCT.title), "zh") or curie(node)
    return Labels(zh, found.en or zh)


def _entity_label(rdf: Graph, node: URIRef, model: ExportModel) -> str:
    found = labels_of(rdf, node)
    return found.zh or found.en or (labels_of(model.triples, node).zh) or curie(node)


def _level(rdf: Graph, node: URIRef, kind: str, model: ExportModel) -> tuple[str, Labels]:
    """The administrative level of an organ, or of a document's (lead) issuing organ."""
    organs: list[Node]
    if kind == "organ":
        organs = [node]
    elif kind == "document":
        organs = list(rdf.objects(node, PKG.leadIssuer)) or list(rdf.objects(node, ELI.passed_by))
    else:
        return "", Labels("", "")
    levels = {lvl for organ in organs for lvl in rdf.objects(organ, PKG.adminLevel) if isinstance(lvl, URIRef)}
    if not levels:
        return "", Labels("", "")
    # joint issuers without a lead: the highest level speaks for the document
    best = min(levels, key=lambda lvl: (level_rank(_local(lvl)), str(lvl)))
    return _local(best), model.label(best)


def _literal_value(name: str, values: list[Literal]) -> tuple[str, str | int | float]:
    """The attribute (name, value) for literal *values*; a number that is not numeric keeps its words in <name>_text."""
    preferred = [v for v in values if (v.language or "zh") == "zh"] or values
    texts = sorted({str(v) for v in preferred})
    if name in INT_ATTRIBUTES or name in FLOAT_ATTRIBUTES:
        try:
            number = float(texts[0])
        except ValueError:
            return f"{name}_text", "；".join(texts)
        return name, int(number) if name in INT_ATTRIBUTES else number
    sep = "\n\n" if name in ("text", "summary", "rationale", "finding") else "；"
    return name, sep.join(texts)


def _generic_name(prop: URIRef) -> str:
    """snake_case attribute name for a property not in the tables (pkg:noValidityPeriodReason → no_validity_period_reason)."""
    local = re.split(r"[#/]", str(prop))[-1]
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", local).lower().replace("-", "_")


def _local(term: URIRef) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
