"""The check report model: findings a legal reviewer can read, built from a SHACL validation report.

A pySHACL ``sh:ValidationReport`` names nodes by IRI or blank node and says little about why a rule exists. This
module turns each ``sh:ValidationResult`` (and each row of a ``*-violation.rq`` check query, see
:mod:`policykg.check.run`) into a :class:`Finding` that carries everything a reviewer needs: the document by 文号
and title, the offending value rendered readably, the rule with its legal source quoted, and a suggested fix, in
Chinese and English. Renderers (:mod:`policykg.render`) only format this model; they never look at RDF.

The model is plain frozen dataclasses, ordered deterministically: severity, rule, document number, focus.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Sequence, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .. import vocab
from ..naming import curie, document_name, iri_tail, pick
from ..namespaces import ELI, PKG, PREFIXES, SH
from ..words import EMPTY, SEVERITIES, Bilingual, Severity, severity_rank
from ..rulebook.engines import DEFAULT_ENGINE

if TYPE_CHECKING:
    from ..review.excerpts import Excerpt


def variable_label(name: str) -> tuple[str, str]:
    """How to introduce a query variable's value in a report (?document → 文件 / document; see vocab.variable_label)."""
    label = vocab.variable_label(name)
    return (label.zh, label.en) if label else (f"?{name}", f"?{name}")


# ---------------------------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRef:
    """A document as a reviewer names it: 文号 and title (laws: their title).

    Attributes:
        iri: the document's IRI.
        number: its 文号 as written in the data (pkg:docNumber), if it has one.
        title: its full title (dct:title, Chinese preferred), if known.
        label: its rdfs:label (the 文号 or short title) in zh and en.
        form: the label of its legal form (most specific class), e.g. 政策性文件 / policy document.
    """

    iri: str
    number: str | None
    title: str | None
    label: Bilingual
    form: Bilingual = EMPTY

    @property
    def name_zh(self) -> str:
        """E.g. 威政字〔2023〕40号《威海市人民政府关于印发……的通知》, or 《中华人民共和国立法法》."""
        # a label the title already contains (立法法 / 中华人民共和国立法法) is not repeated
        head = self.number or ("" if self.title and (not self.label.zh or self.label.zh in self.title) else self.label.zh)
        return document_name(head, _strip_book_marks(self.title) if self.title else None, self.label.zh)

    @property
    def name_en(self) -> str:
        """The English label, with the 文号 when the label does not already carry it."""
        label = self.label.en
        if self.number and self.number not in label and label != self.label.zh:
            return f"{label} ({self.number})" if label else self.number
        return label or self.number or self.title or ""

    @property
    def sort_key(self) -> str:
        return self.number or self.label.zh or self.iri


@dataclass(frozen=True)
class NodeRef:
    """The focus of a finding, named for people.

    Attributes:
        iri: the node's IRI (or ``_:id`` for a blank node, which reports try hard never to show).
        kind: one of document, provision, measure, result, evaluation, area, indicator, procedure-step,
            assessment, target, organ, concept, node.
        kind_label: the class label, e.g. 举措 / measure.
        label: the node's own name.
        documents: the document itself (kind document) or the documents the node belongs to.
    """

    iri: str
    kind: str
    kind_label: Bilingual
    label: Bilingual
    documents: tuple[DocumentRef, ...] = ()

    @property
    def is_document(self) -> bool:
        return self.kind == "document"

    @property
    def document(self) -> DocumentRef | None:
        return self.documents[0] if self.documents else None

    @property
    def name_zh(self) -> str:
        if self.is_document and self.documents:
            return self.documents[0].name_zh
        own = f"{self.kind_label.zh}「{self.label.zh}」" if self.kind_label.zh else self.label.zh
        if self.documents:
            return f"{own}（属于 {'、'.join(d.name_zh for d in self.documents)}）"
        return own

    @property
    def name_en(self) -> str:
        if self.is_document and self.documents:
            return self.documents[0].name_en
        own = f"{self.kind_label.en} “{self.label.en}”" if self.kind_label.en else self.label.en
        if self.documents:
            return f"{own} (of {'; '.join(d.name_en for d in self.documents)})"
        return own

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.documents[0].sort_key if self.documents else "\uffff", self.label.zh, self.iri)


@dataclass(frozen=True)
class Value:
    """An offending value, rendered readably (labels for IRIs, dates as dates).

    Attributes:
        text: how to show it, in zh and en.
        lexical: the raw lexical form (literal) or IRI.
        datatype: the literal's datatype IRI, if any.
        language: the literal's language tag, if any.
        node: a description of the node when the value is an IRI.
    """

    text: Bilingual
    lexical: str
    datatype: str | None = None
    language: str | None = None
    node: NodeRef | None = None

    @property
    def is_iri(self) -> bool:
        return self.node is not None


@dataclass(frozen=True)
class PathRef:
    """The property (SHACL path) a finding is about: its label and its SPARQL form."""

    iri: str | None
    label: Bilingual
    sparql: str


@dataclass(frozen=True)
class LegalSource:
    """The provision that mandates a rule, quoted.

    Attributes:
        iri: the provision node (or the document, when a rule cites a whole document).
        document: the law or document it belongs to.
        number: its article number as written (第五十三条), if any.
        label: its rdfs:label (e.g. 山东省行政程序规定 第53条).
        quote: the provision's text (pkg:text), or a research note's summary of it (pkg:summary).
        quote_kind: "text" (verbatim provision) or "summary" (a research note's account), or None.
        evidence: label of its evidence status (A/B/C/未核实).
        evidence_code: the code: IRI's local name, e.g. evidence-B.
    """

    iri: str
    document: DocumentRef | None
    number: str | None
    label: Bilingual
    quote: str | None
    quote_kind: str | None
    evidence: Bilingual | None
    evidence_code: str | None
    #: legal weight: how many tiers of the rank order the cited document's tier ranks above (0: none known)
    weight: int = 0

    @property
    def quote_language(self) -> str:
        """zh when the quote is Chinese, en when it is an English research note (shown on the English line)."""
        if not self.quote:
            return "zh"
        cjk = len(_CJK.findall(self.quote))
        return "zh" if cjk * 3 >= len(self.quote.replace(" ", "")) else "en"

    @property
    def citation_zh(self) -> str:
        """E.g. 优化营商环境条例 第六十四条（国务院令第722号）; 国办发〔2018〕37号 （三）."""
        base = self.label.zh
        if not base:
            doc = ""
            if self.document:
                doc = self.document.label.zh or self.document.number or ""
            base = f"{doc} {self.number}".strip() if self.number else doc
        number = self.document.number if self.document else None
        if number and number not in base:
            return f"{base}（{number}）"
        return base

    @property
    def citation_en(self) -> str:
        base = self.label.en if self.label.en and self.label.en != self.label.zh else ""
        if not base:
            return self.citation_zh
        number = self.document.number if self.document else None
        return f"{base} ({number})" if number and number not in base else base


@dataclass(frozen=True)
class Rule:
    """A rule of the rule book: a SHACL shape or a check query.

    Attributes:
        iri: the shape's IRI, or the check query's IRI (``…/query/checks/<name>``).
        kind: "shape" or "query".
        rule_id: the id in the legal-rules notes (pkg:ruleId), e.g. R-SD-03.
        label: what the rule requires, zh and en.
        severity: the rule's declared severity.
        sources: the provisions that mandate it.
        fix: what to do, zh and en.
        curie: the IRI in prefixed form, e.g. shape:validity-period.
    """

    iri: str
    kind: str
    rule_id: str | None
    label: Bilingual
    severity: Severity
    sources: tuple[LegalSource, ...]
    fix: Bilingual
    curie: str

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.rule_id or "\uffff", self.iri)


@dataclass(frozen=True)
class Finding:
    """One thing wrong: which rule, about which node, with which value, and why.

    Attributes:
        severity: Violation, Warning or Info.
        rule: the rule (with its legal sources and suggested fix).
        message: the result message, zh and en.
        focus: the node the finding is about.
        path: the property concerned, if any.
        value: the offending value, if any.
        component: the SHACL constraint component (prefixed), e.g. sh:MinCountConstraintComponent.
    """

    severity: Severity
    rule: Rule
    message: Bilingual
    focus: NodeRef
    path: PathRef | None = None
    value: Value | None = None
    component: str | None = None
    #: other variables a check query bound (e.g. ?document), as (variable name, value)
    details: tuple[tuple[str, Value], ...] = ()
    #: the engine's sh:ValidationResult node in CheckReport.validation_report (None for check-query findings)
    result: Node | None = field(default=None, compare=False, repr=False)
    #: set by policykg.review.annotate: stable id, kind (legality|verify|procedure|data-gap), the problem's title,
    #: new/unchanged since the baseline, and the draft's own sentence (policykg.review.excerpts.Excerpt)
    id: str = field(default="", compare=False)
    kind: str = field(default="", compare=False)
    title: Bilingual = field(default=EMPTY, compare=False)
    since: str | None = field(default=None, compare=False)
    excerpt: Excerpt | None = field(default=None, compare=False, repr=False)

    @property
    def sources(self) -> tuple[LegalSource, ...]:
        return self.rule.sources

    @property
    def fix(self) -> Bilingual:
        return self.rule.fix

    @property
    def heading(self) -> Bilingual:
        """The problem in a few words: the review title, else the rule's label."""
        return self.title or self.rule.label

    @property
    def weight(self) -> int:
        """The legal weight of the rule's heaviest source."""
        return max((s.weight for s in self.rule.sources), default=0)

    @property
    def sort_key(self) -> tuple:
        return (
            severity_rank(self.severity),
            self.rule.sort_key,
            self.focus.sort_key,
            self.path.sparql if self.path else "",
            self.value.lexical if self.value else "",
            self.message.zh,
            tuple((name, v.lexical) for name, v in self.details),
        )

    @property
    def identity(self) -> tuple:
        """What makes two results the same finding (pySHACL may repeat one)."""
        return (
            self.severity,
            self.rule.iri,
            self.focus.iri,
            self.path.sparql if self.path else None,
            self.value.lexical if self.value else None,
            self.message,
            tuple((name, v.lexical) for name, v in self.details),
        )


@dataclass(frozen=True)
class CheckReport:
    """The result of one check.

    Attributes:
        as_of: the date the check is made for.
        conforms: True when there is no finding at all.
        findings: the findings, ordered by severity, rule, document number, focus.
        documents: the documents checked (the drafts' documents, or every document of the data).
        scope: "graph" (whole graph) or "drafts".
        drafts: the draft files checked (names as given), for scope "drafts".
        engine: the SHACL engine's name.
        rule_count: how many rules (shapes with a message, plus check queries) were applied.
        validation_report: the engine's raw sh:ValidationReport (not part of the JSON schema).
    """

    as_of: _dt.date
    conforms: bool
    findings: tuple[Finding, ...]
    documents: tuple[DocumentRef, ...] = ()
    scope: str = "graph"
    drafts: tuple[str, ...] = ()
    engine: str = DEFAULT_ENGINE
    rule_count: int = 0
    validation_report: Graph | None = field(default=None, repr=False, compare=False)
    #: set by policykg.review.annotate: findings of the baseline that are gone (review.baseline.FixedFinding),
    #: the baseline file, and a status card per document the reviewed documents rest on (review.cards)
    fixed: tuple = ()
    baseline: str | None = None
    cards: tuple = ()

    @cached_property
    def counts(self) -> dict[str, int]:
        """Number of findings per severity (all three severities always present)."""
        counts: dict[str, int] = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return counts

    def blocking(self, *, allow_warnings: bool = False) -> bool:
        """True when the check fails: any violation, or any finding at all unless warnings are allowed.

        As in pySHACL, --allow-warnings makes sh:Warning and sh:Info non-blocking.
        """
        if allow_warnings:
            return any(f.severity == "Violation" for f in self.findings)
        return bool(self.findings)

    @cached_property
    def kind_counts(self) -> dict[str, int]:
        """Number of findings per review kind (legality, verify, procedure, data-gap; all present)."""
        from ..review.kinds import KINDS

        counts = {k: 0 for k in KINDS}
        for f in self.findings:
            if f.kind in counts:
                counts[f.kind] += 1
        return counts

    def groups(self) -> list[tuple[Rule, list[Finding]]]:
        """Findings grouped by rule, in report order."""
        out: list[tuple[Rule, list[Finding]]] = []
        index: dict[tuple[str, str], int] = {}
        for f in self.findings:
            key = (f.rule.iri, f.severity)
            if key not in index:
                index[key] = len(out)
                out.append((f.rule, []))
            out[index[key]][1].append(f)
        return out


# ---------------------------------------------------------------------------------------------------------------
# Describing RDF nodes for people
# ---------------------------------------------------------------------------------------------------------------

# Kinds of node, their root classes and the hints for untyped nodes are the ontology's (policykg.vocab).
_KIND_FALLBACK_LABELS = {
    "node": Bilingual("节点", "node"),
}
_LABEL_PROPS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, SH.name)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


class Describer:
    """Names RDF nodes for a report, looking them up in the (enriched) data graph and the shapes graph.

    Args:
        data: the data graph the check ran on (with the ontology, so class and property labels resolve).
        shapes: the shapes graph (rule metadata, and shapes' own labels).
    """

    def __init__(self, data: Graph, shapes: Graph | None = None):
        self.data = data
        self.shapes = shapes if shapes is not None else Graph()
        self._kind_classes: dict[str, set[Node]] = {}
        self._node_cache: dict[Node, NodeRef] = {}
        self._doc_cache: dict[Node, DocumentRef] = {}
        self._source_cache: dict[Node, LegalSource] = {}
        self._rule_cache: dict[tuple[Node, str], Rule] = {}
        self._ns = data.namespace_manager

    # -- lookups over data + shapes -----------------------------------------------------------------------------

    def objects(self, node: Node, pred: URIRef) -> list[Node]:
        found = set(self.data.objects(node, pred)) | set(self.shapes.objects(node, pred))
        return sorted(found, key=_term_sort_key)

    def subjects(self, pred: URIRef, obj: Node) -> list[Node]:
        found = set(self.data.subjects(pred, obj)) | set(self.shapes.subjects(pred, obj))
        return sorted(found, key=_term_sort_key)

    def value(self, node: Node, pred: URIRef) -> Node | None:
        found = self.objects(node, pred)
        return found[0] if found else None

    def text(self, node: Node, *preds: URIRef) -> Bilingual:
        """The first of *preds* that has a value, as zh/en text (each falls back to the other or to untagged)."""
        for pred in preds:
            lits = [o for o in self.objects(node, pred) if isinstance(o, Literal)]
            if lits:
                return pick(lits)
        return EMPTY

    def curie(self, node: Node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        try:
            return self._ns.curie(str(node), generate=False)
        except (ValueError, KeyError):
            short = curie(node)
            return short if short is not None and not short.endswith(":") else str(node)

    # -- kinds --------------------------------------------------------------------------------------------------

    def _subclasses(self, root: Node) -> set[Node]:
        key = str(root)
        if key not in self._kind_classes:
            seen = {root}
            todo = [root]
            while todo:
                c = todo.pop()
                for sub in self.data.subjects(RDFS.subClassOf, c):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            self._kind_classes[key] = seen
        return self._kind_classes[key]

    def kind(self, node: Node) -> str:
        types = set(self.data.objects(node, RDF.type))
        for k in vocab.node_kinds():
            if types & self._subclasses(k.root):
                return k.name
        for name, pred in vocab.subject_kind_hints():
            if (node, pred, None) in self.data:
                return name
        # e.g. a document cited as a basis that the data does not otherwise describe
        for name, pred in vocab.object_kind_hints():
            if (None, pred, node) in self.data:
                return name
        return "node"

    def kind_label(self, node: Node, kind: str) -> Bilingual:
        """Label of the node's most specific class within its kind (举措, 行政规范性文件 …)."""
        if kind == "node":
            types = [t for t in self.data.objects(node, RDF.type) if isinstance(t, URIRef)]
            for t in sorted(types, key=str):
                lab = self.text(t, RDFS.label)
                if lab:
                    return lab
            return _KIND_FALLBACK_LABELS["node"]
        found = vocab.node_kind(kind)
        if found is None:
            return Bilingual(kind, kind)
        root = found.root
        candidates = [t for t in self.data.objects(node, RDF.type) if t in self._subclasses(root)]
        # most specific: a candidate no other candidate is a subclass of
        best = sorted(
            candidates,
            key=lambda c: (-sum(1 for o in candidates if o != c and c in self._subclasses(o)), str(c)),
        )
        for c in best or [root]:
            lab = self.text(c, RDFS.label)
            if lab:
                return lab
        return Bilingual(kind, kind)

    # -- documents ----------------------------------------------------------------------------------------------

    def document(self, node: Node) -> DocumentRef:
        if node not in self._doc_cache:
            number = self.value(node, PKG.docNumber)
            titles = [o for o in self.objects(node, DCTERMS.title) if isinstance(o, Literal)]
            title = pick(titles).zh if titles else None
            label = self.text(node, RDFS.label, SKOS.prefLabel)
            if number is None and title is None and not label:
                # only cited: named as the citing document writes it (文号 and 《title》), never by its node id
                from ..review.cards import cited_as

                cited = cited_as(self.data, node)
                if cited is not None:
                    number = Literal(cited.number) if cited.number is not None else None
                    title = cited.title
            if not label:
                label = Bilingual.same(str(number) if number else title or self._fallback_name(node))
            self._doc_cache[node] = DocumentRef(
                iri=str(node),
                number=str(number) if number is not None else None,
                title=title,
                label=label,
                form=self.kind_label(node, "document") if self.kind(node) == "document" else EMPTY,
            )
        return self._doc_cache[node]

    def owners(self, node: Node, kind: str, depth: int = 0) -> tuple[DocumentRef, ...]:
        """The documents a non-document node belongs to."""
        if depth > 4:
            return ()
        docs: list[Node] = []
        parents: list[Node] = []
        if kind == "provision":
            docs = self.objects(node, PKG.provisionOf) or self.objects(node, ELI.is_part_of)
        elif kind == "measure":
            docs = self.objects(node, PKG.measureOf)
            if not docs:
                parents = self.objects(node, PKG.plannedIn)
        elif kind == "result":
            docs = self.objects(node, PKG.reportedIn) or self.objects(node, PKG.attributedTo)
        elif kind == "evaluation":
            docs = self.objects(node, PKG.evaluationReport) or self.objects(node, PKG.evaluates)
        elif kind == "area":
            parents = self.objects(node, PKG.areaOf)
        elif kind == "procedure-step":
            docs = self.subjects(PKG.hasProcedureStep, node)
        elif kind == "assessment":
            parents = self.subjects(PKG.hasAssessment, node)
        elif kind == "target":
            docs = self.objects(node, PKG.targetOf)
        if not docs and not parents:
            docs = [d for d in self.objects(node, ELI.is_part_of) if self.kind(d) == "document"]
        if not docs and not parents and isinstance(node, URIRef):
            parent = _iri_parent(node)
            if parent is not None and self.kind(parent) == "document":
                docs = [parent]
        out: dict[str, DocumentRef] = {}
        for d in docs:
            if self.kind(d) == "document" or (d, None, None) in self.data:
                ref = self.document(d)
                out[ref.iri] = ref
        for p in parents:
            for ref in self.owners(p, self.kind(p), depth + 1):
                out[ref.iri] = ref
        return tuple(sorted(out.values(), key=lambda r: (r.sort_key, r.iri)))

    # -- any node -----------------------------------------------------------------------------------------------

    def node(self, node: Node) -> NodeRef:
        """Describe *node* for a reader: its kind, its name and the documents it belongs to."""
        if node in self._node_cache:
            return self._node_cache[node]
        kind = self.kind(node)
        kind_label = self.kind_label(node, kind)
        if kind == "document":
            doc = self.document(node)
            ref = NodeRef(str(node), kind, kind_label, Bilingual(doc.name_zh, doc.name_en), (doc,))
        else:
            label = self.text(node, *_LABEL_PROPS)
            if kind == "provision" and not label:
                number = self.value(node, PKG.number)
                if number is not None:
                    label = Bilingual.same(str(number))
            if not label:
                label = Bilingual.same(self._fallback_name(node))
            documents = self.owners(node, kind) if kind not in ("concept", "organ", "indicator") else ()
            ident = f"_:{node}" if isinstance(node, BNode) else str(node)
            ref = NodeRef(ident, kind, kind_label, label, documents)
        self._node_cache[node] = ref
        return ref

    def _fallback_name(self, node: Node) -> str:
        """A name for a node without any label: the last segment of its IRI, never the whole IRI."""
        return iri_tail(node) or self.curie(node)

    # -- values and paths ---------------------------------------------------------------------------------------

    def render_value(self, term: Node) -> Value:
        """An offending value as a reader should see it."""
        if isinstance(term, Literal):
            return Value(
                text=_literal_text(term),
                lexical=str(term),
                datatype=str(term.datatype) if term.datatype else None,
                language=term.language,
            )
        ref = self.node(term)
        if ref.kind == "concept":
            text = ref.label
        else:
            text = Bilingual(ref.name_zh, ref.name_en)
        return Value(text=text, lexical=ref.iri, node=ref)

    def path(self, path: Node) -> PathRef:
        """A SHACL property path with labels (^ inverse, / sequence, | alternative, * + ? repetition)."""
        label_zh, label_en, sparql = self._path_parts(path, 0)
        return PathRef(str(path) if isinstance(path, URIRef) else None, Bilingual(label_zh, label_en), sparql)

    def _path_parts(self, path: Node, depth: int) -> tuple[str, str, str]:
        if depth > 8:
            return ("…", "…", "…")
        if isinstance(path, URIRef):
            lab = self.text(path, RDFS.label)
            curie = self.curie(path)
            return (lab.zh or curie, lab.en or curie, curie)
        graph = self.data if (path, None, None) in self.data else self.shapes
        if (path, RDF.first, None) in graph:
            parts = [self._path_parts(p, depth + 1) for p in Collection(graph, path)]
            return cast("tuple[str, str, str]", tuple(" / ".join(p[i] for p in parts) for i in range(3)))
        for pred, fmt in (
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = graph.value(path, pred)
            if inner is not None:
                inner_parts = self._path_parts(inner, depth + 1)
                return cast("tuple[str, str, str]", tuple(fmt.format(p) for p in inner_parts))
        alt = graph.value(path, SH.alternativePath)
        if alt is not None:
            parts = [self._path_parts(p, depth + 1) for p in Collection(graph, alt)]
            return cast("tuple[str, str, str]", tuple("(" + " | ".join(p[i] for p in parts) + ")" for i in range(3)))
        return ("（复杂路径）", "(complex path)", "?")

    # -- legal sources and rules --------------------------------------------------------------------------------

    def legal_source(self, node: Node) -> LegalSource:
        """The provision (or document) a rule cites via dct:source, quoted."""
        if node in self._source_cache:
            return self._source_cache[node]
        kind = self.kind(node)
        if kind == "document":
            doc = self.document(node)
            src = LegalSource(
                iri=str(node),
                document=doc,
                number=None,
                label=Bilingual(doc.name_zh, doc.name_en),
                quote=None,
                quote_kind=None,
                evidence=None,
                evidence_code=None,
                weight=self.weight(node),
            )
        else:
            doc_node = self.value(node, PKG.provisionOf) or self.value(node, ELI.is_part_of)
            number = self.value(node, PKG.number)
            text = self.value(node, PKG.text)
            summary = self.value(node, PKG.summary)
            quote, quote_kind = (str(text), "text") if text is not None else (
                (str(summary), "summary") if summary is not None else (None, None)
            )
            evidence = self.value(node, PKG.evidenceStatus)
            label = self.text(node, RDFS.label)
            quote = plain_text(quote) if quote is not None else None
            src = LegalSource(
                iri=str(node),
                document=self.document(doc_node) if doc_node is not None else None,
                number=str(number) if number is not None else None,
                label=label,
                quote=quote,
                quote_kind=quote_kind,
                evidence=self.text(evidence, SKOS.prefLabel, RDFS.label) if evidence is not None else None,
                evidence_code=self.curie(evidence).split(":", 1)[-1] if evidence is not None else None,
                weight=self.weight(doc_node) if doc_node is not None else 0,
            )
            if not src.label:
                src = replace(src, label=Bilingual.same(src.citation_zh or self._fallback_name(node)))
        self._source_cache[node] = src
        return src

    def weight(self, document: Node) -> int:
        """Legal weight of a document: how many rank tiers its own tier ranks above (pkg:ranksAbove, closed)."""
        tier = self.value(document, PKG.effectRank)
        if tier is None:
            return 0
        return len(set(self.data.objects(tier, PKG.ranksAbove)))

    def humanize(self, text: Bilingual) -> Bilingual:
        """A text for people: prefixed names (pkg:hasProcedureStep …) become their labels, Markdown marks go."""
        return Bilingual(self.humanize_terms(text.zh, "zh"), self.humanize_terms(text.en, "en"))

    def humanize_terms(self, text: str, lang: str) -> str:
        def sub(m: re.Match) -> str:
            ns = PREFIXES.get(m[1])
            if ns is None:
                return m[0]
            node = URIRef(str(ns) + m[2])
            lab = self.text(node, RDFS.label, SKOS.prefLabel)
            name = (lab.zh if lang == "zh" else lab.en) if lab else ""
            return name or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", m[2]).replace("_", " ")

        return plain_text(_CURIE_IN_TEXT.sub(sub, text))

    def shape_rule(self, shape: Node, severity: Severity) -> Rule:
        """The rule behind a result's sh:sourceShape: the shape, or for an anonymous property shape its parent."""
        key = (shape, severity)
        if key in self._rule_cache:
            return self._rule_cache[key]
        # rule metadata may sit on the property shape itself or on the node shape that holds it
        chain = [shape] + self.subjects(SH.property, shape)

        def first(pred: URIRef) -> list[Node]:
            for s in chain:
                found = self.objects(s, pred)
                if found:
                    return found
            return []

        iri_node = next((s for s in chain if isinstance(s, URIRef)), shape)
        label = _first_text(self, chain, RDFS.label, SH.name)
        if not label:
            label = Bilingual.same(self._fallback_name(iri_node))
        rule_id = first(PKG.ruleId)
        rule = Rule(
            iri=str(iri_node) if isinstance(iri_node, URIRef) else f"_:{iri_node}",
            kind="shape",
            rule_id=str(rule_id[0]) if rule_id else None,
            label=self.humanize(label),
            severity=severity,
            sources=tuple(self.legal_source(s) for s in first(DCTERMS.source)),
            fix=self.humanize(_first_text(self, chain, PKG.suggestedFix)),
            curie=self.curie(iri_node),
        )
        self._rule_cache[key] = rule
        return rule


def _first_text(describer: Describer, nodes: Sequence[Node], *preds: URIRef) -> Bilingual:
    for n in nodes:
        t = describer.text(n, *preds)
        if t:
            return t
    return EMPTY


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------

_CURIE_IN_TEXT = re.compile(r"(?<![\w/#<])([a-z][a-z0-9]*):([A-Za-z_][A-Za-z0-9_\-]*)")
_MARKDOWN = (
    (re.compile(r"\*\*(.+?)\*\*", re.S), r"\1"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)__(.+?)__(?!\w)", re.S), r"\1"),
    (re.compile(r"`([^`\n]*)`"), r"\1"),
    (re.compile(r"\[([^\]\n]+)\]\((?:https?://|#)[^)\s]*\)"), r"\1"),
    (re.compile(r"^#{1,6}\s+", re.M), ""),
)


def plain_text(text: str) -> str:
    """*text* without Markdown marks (**bold**, `code`, [link](url), # headings): research notes use them."""
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return text



def _literal_text(lit: Literal) -> Bilingual:
    dt = lit.datatype
    s = str(lit)
    if dt == XSD.date or dt == XSD.dateTime:
        return Bilingual.same(s)
    if dt == XSD.gYear:
        return Bilingual(f"{s}年", s)
    if dt == XSD.boolean:
        truth = s.strip().lower() in ("true", "1")
        return Bilingual("是" if truth else "否", "true" if truth else "false")
    if dt in (XSD.duration, XSD.yearMonthDuration, XSD.dayTimeDuration):
        m = _DURATION.match(s)
        if m and any(m.groups()):
            y, mo, d = (int(x) if x else 0 for x in m.groups())
            zh = "".join(f"{n}{u}" for n, u in ((y, "年"), (mo, "个月"), (d, "日")) if n)
            en = ", ".join(
                f"{n} {u}{'s' if n != 1 else ''}" for n, u in ((y, "year"), (mo, "month"), (d, "day")) if n
            )
            return Bilingual(zh, en)
    if s == "":
        return Bilingual("（空字符串）", "(empty string)")
    return Bilingual.same(s)


def _strip_book_marks(title: str) -> str:
    """The title without outer 《》; inner 《》 become 〈〉, as nested book-title marks are written."""
    inner = title.strip().removeprefix("《").removesuffix("》")
    return inner.replace("《", "〈").replace("》", "〉")


def _iri_parent(node: URIRef) -> URIRef | None:
    s = str(node)
    if "/" not in s.rstrip("/"):
        return None
    parent = s.rstrip("/").rsplit("/", 1)[0]
    if parent.endswith(("/doc", "doc")) or parent.count("/") < 3:
        return None
    return URIRef(parent)


def _term_sort_key(term: Node) -> tuple[int, str, str]:
    if isinstance(term, Literal):
        return (2, term.language or "", str(term))
    if isinstance(term, BNode):
        return (1, "", str(term))
    return (0, "", str(term))
