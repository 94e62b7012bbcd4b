"""Turtle: a real ``sh:ValidationReport`` (SHACL §3.6), the engine's results enriched with the finding details.

Each kept result of the engine's report is copied (focus node, path, value, source shape, component, severity);
check-query findings become results with ``sh:SPARQLConstraintComponent``. Every result then gets bilingual
``sh:resultMessage``s, ``dct:source`` (the provision), ``pkg:ruleId`` and ``pkg:suggestedFix``, and the report
carries the naming triples of the nodes it mentions (labels, 文号, titles, provision texts), so it reads on its own.
Results are named ``<https://w3id.org/policykg/check/<as-of>/result-NNN>`` in report order and blank nodes get
stable labels, so the same check serialises to the same bytes.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from ..namespaces import BASE, CODE, PKG, SH, bind_prefixes
from ..check.report import Bilingual, CheckReport, DocumentRef, Finding, LegalSource, NodeRef, Value

CHECK_BASE = BASE + "check/"
_SEVERITY = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


def _term(iri: str) -> Node:
    return BNode(iri[2:]) if iri.startswith("_:") else URIRef(iri)


class _Builder:
    def __init__(self, report: CheckReport):
        self.report = report
        self.g = Graph()
        bind_prefixes(self.g)
        self.g.bind("check", CHECK_BASE + report.as_of.isoformat() + "/")
        self._bnodes: dict[Node, BNode] = {}

    def stable(self, node: Node) -> Node:
        """A blank node labelled by a hash of its content, so the output is byte-stable across runs."""
        if not isinstance(node, BNode):
            return node
        if node not in self._bnodes:
            self._bnodes[node] = BNode("b" + self._digest(node, frozenset())[:12])
        return self._bnodes[node]

    def _digest(self, node: Node, path: frozenset) -> str:
        raw = self.report.validation_report
        if not isinstance(node, BNode):
            return node.n3()
        if node in path or raw is None:
            return "_"
        parts = sorted(
            f"{p.n3()} {self._digest(o, path | {node})}" for _s, p, o in raw.triples((node, None, None))
        )
        return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()

    def add_bilingual(self, s: Node, p: URIRef, text: Bilingual) -> None:
        if not text:
            return
        if text.zh == text.en:
            self.g.add((s, p, Literal(text.zh, lang="zh") if _has_cjk(text.zh) else Literal(text.zh)))
            return
        self.g.add((s, p, Literal(text.zh, lang="zh")))
        self.g.add((s, p, Literal(text.en, lang="en")))

    # -- naming triples ---------------------------------------------------------------------------------------

    def document(self, doc: DocumentRef) -> URIRef:
        node = URIRef(doc.iri)
        self.add_bilingual(node, RDFS.label, doc.label)
        if doc.number:
            self.g.add((node, PKG.docNumber, Literal(doc.number)))
        if doc.title:
            self.g.add((node, DCTERMS.title, Literal(doc.title, lang="zh")))
        return node

    def node(self, ref: NodeRef) -> Node:
        node = self.stable(_term(ref.iri))
        if ref.is_document and ref.documents:
            self.document(ref.documents[0])
            return node
        self.add_bilingual(node, RDFS.label, ref.label)
        for doc in ref.documents:
            self.g.add((node, DCTERMS.isPartOf, self.document(doc)))
        return node

    def value(self, value: Value) -> Node:
        if value.node is not None:
            return self.node(value.node)
        return Literal(
            value.lexical,
            lang=value.language,
            datatype=URIRef(value.datatype) if value.datatype and not value.language else None,
        )

    def source(self, src: LegalSource) -> URIRef:
        node = URIRef(src.iri)
        if src.document is not None and src.document.iri == src.iri:
            return self.document(src.document)
        self.add_bilingual(node, RDFS.label, src.label)
        if src.number:
            self.g.add((node, PKG.number, Literal(src.number)))
        if src.quote:
            self.g.add((node, PKG.text if src.quote_kind == "text" else PKG.summary, Literal(src.quote)))
        if src.document is not None:
            self.g.add((node, PKG.provisionOf, self.document(src.document)))
        if src.evidence_code:
            concept = CODE[src.evidence_code]
            self.g.add((node, PKG.evidenceStatus, concept))
            if src.evidence:
                self.add_bilingual(concept, RDFS.label, src.evidence)
        return node

    # -- results ----------------------------------------------------------------------------------------------

    def copy_engine_result(self, finding: Finding, target: URIRef) -> bool:
        raw = self.report.validation_report
        if raw is None or finding.result is None or (finding.result, None, None) not in raw:
            return False
        todo = [finding.result]
        seen = {finding.result}
        while todo:
            s = todo.pop()
            subject = target if s == finding.result else self.stable(s)
            for _s, p, o in sorted(raw.triples((s, None, None))):
                if s == finding.result and p == SH.resultMessage:
                    continue  # replaced by the tagged, readable messages below
                if isinstance(o, BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
                self.g.add((subject, p, self.stable(o)))
        return True

    def add_query_result(self, finding: Finding, target: URIRef) -> None:
        g = self.g
        g.add((target, RDF.type, SH.ValidationResult))
        g.add((target, SH.focusNode, self.stable(_term(finding.focus.iri))))
        g.add((target, SH.resultSeverity, _SEVERITY.get(finding.severity, SH.Violation)))
        g.add((target, SH.sourceShape, URIRef(finding.rule.iri)))
        g.add((target, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        if finding.path is not None and finding.path.iri:
            g.add((target, SH.resultPath, URIRef(finding.path.iri)))
        if finding.value is not None:
            g.add((target, SH.value, self.value(finding.value)))

    def finding(self, n: int, finding: Finding) -> URIRef:
        target = URIRef(f"{CHECK_BASE}{self.report.as_of.isoformat()}/result-{n:03d}")
        if not self.copy_engine_result(finding, target):
            self.add_query_result(finding, target)
        self.add_bilingual(target, SH.resultMessage, finding.message)
        self.node(finding.focus)
        if finding.value is not None and finding.value.node is not None:
            self.node(finding.value.node)
        rule = finding.rule
        if rule.rule_id:
            self.g.add((target, PKG.ruleId, Literal(rule.rule_id)))
        self.add_bilingual(target, PKG.suggestedFix, rule.fix)
        for src in rule.sources:
            self.g.add((target, DCTERMS.source, self.source(src)))
        if rule.iri and not rule.iri.startswith("_:"):
            rule_node = URIRef(rule.iri)
            self.g.add((target, RDFS.seeAlso, rule_node))
            self.add_bilingual(rule_node, RDFS.label, rule.label)
            if rule.rule_id:
                self.g.add((rule_node, PKG.ruleId, Literal(rule.rule_id)))
        return target

    def build(self) -> Graph:
        report = self.report
        root = URIRef(f"{CHECK_BASE}{report.as_of.isoformat()}")
        g = self.g
        g.add((root, RDF.type, SH.ValidationReport))
        g.add((root, SH.conforms, Literal(report.conforms)))
        g.add((root, DCTERMS.date, Literal(report.as_of.isoformat(), datatype=XSD.date)))
        for n, f in enumerate(report.findings, 1):
            g.add((root, SH.result, self.finding(n, f)))
        return g


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def report_graph(report: CheckReport) -> Graph:
    """The enriched sh:ValidationReport as an rdflib Graph."""
    return _Builder(report).build()


def render(report: CheckReport) -> str:
    return report_graph(report).serialize(format="turtle")
