"""A status card per document the reviewed documents rest on or cite, in the manner of 北大法宝: 文号, title,
issuer, 效力级别, 时效性 on the check date, dates, its own basis chain, and the findings about it.

Status, dates and chains come from one run of the saved query basis-status (one definition of 时效性,
docs/decisions/0004): its rows are every document → basis edge of the graph. A document the registry does not hold is named as the draft cites it (文号 and 《title》)
and its status is "unknown", with why.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .. import queries as Q
from .. import vocab
from ..naming import document_name, iri_tail, pick
from ..identifiers import doc_iri
from ..namespaces import ELI, PKG
from ..store import MemoryStore, Store
from ..terms import sorted_iris, sorted_terms

CITATION_RE = re.compile(r"《(?P<title>[^《》\n]{1,150})》(?:\s*[（(](?P<num>[^（）()\n]{3,40})[）)])?")
# the dates a card shows, in this order; each is named by its property's label in the ontology
DATE_PROPS: tuple[URIRef, ...] = (ELI.date_document, ELI.date_publication, ELI.first_date_entry_in_force,
                                  ELI.date_no_longer_in_force, PKG.dateAmended, PKG.dateRepealed)


@dataclass(frozen=True)
class CitedAs:
    """How a draft writes a document it cites: 《title》 and 文号, with the sentence's offsets."""

    title: str | None
    number: str | None


@dataclass(frozen=True)
class DocumentCard:
    """One document's status card.

    Attributes:
        iri: the document's IRI.
        known: whether the data holds the document (False: only cited).
        number, title: its 文号 and title (from the data, else as cited).
        issuer: the issuing organ's name.
        rank: 效力级别 — the rank tier, else the legal form, zh and en.
        status: 时效性 on the check date (现行有效 …), zh and en; None when unknown.
        status_code: e.g. status-in-force; None when unknown.
        why_unknown: why the status could not be established, zh and en.
        dates: (label zh, label en, ISO date) of each recorded date.
        chain: names of the documents it rests on in turn (basis-chain, nearest first).
        cited_by: (citing document's name, relation zh, relation en).
        finding_ids: the findings about it (value or detail of a finding).
    """

    iri: str
    known: bool
    number: str | None
    title: str | None
    issuer: str | None
    rank: tuple[str, str] | None
    status: tuple[str, str] | None
    status_code: str | None
    why_unknown: tuple[str, str] | None
    dates: tuple[tuple[str, str, str], ...]
    chain: tuple[str, ...]
    cited_by: tuple[tuple[str, str, str], ...]
    finding_ids: tuple[str, ...] = ()

    @property
    def name_zh(self) -> str:
        return document_name(self.number, self.title.strip("《》") if self.title else None, iri_tail(URIRef(self.iri)))

    @property
    def anchor(self) -> str:
        """An HTML id for the card."""
        return "doc-" + re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", self.number or self.title or self.iri).strip("-")


def _label(graph: Graph, node: Node, *props: URIRef) -> tuple[str, str] | None:
    for prop in props or (SKOS.prefLabel, RDFS.label):
        lits = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
        if lits:
            label = pick(lits)
            return (label.zh, label.en)
    return None


def cited_as(graph: Graph, node: Node) -> CitedAs | None:
    """How a document under review cites *node*: the 《title》（文号） of an excerpt stating the citation."""
    for citing in sorted_iris(set(graph.subjects(ELI.based_on, node)) | set(graph.subjects(PKG.implementsPolicy, node))):
        for excerpt in graph.objects(citing, PROV.wasDerivedFrom):
            quote = str(graph.value(excerpt, PROV.value) or "")
            for m in CITATION_RE.finditer(quote):
                number = (m["num"] or "").strip() or None
                try:
                    same = number is not None and doc_iri(number) == node
                except Exception:  # a bracket that is not a 文号
                    same = False
                if same:
                    return CitedAs(m["title"], number)
    return None


def _is_known(graph: Graph, node: Node) -> bool:
    return any(p not in (RDF.type,) for p, _ in graph.predicate_objects(node))


def _rows(store: Store, name: str, params: dict[str, str], as_of: _dt.date) -> list[dict[str, Node]]:
    query = Q.load(name)
    return Q.run(store, query, Q.bind(query, params, store, as_of=as_of)).dicts()


def cards_for(graph: Graph, reviewed: list[Node], as_of: _dt.date, name_of, store: Store | None = None
              ) -> list[DocumentCard]:
    """Cards for every document the *reviewed* documents rest on or implement (in *graph*, enriched).

    *name_of(node)* names a document for people (the report's Describer). *store*: where basis-status runs, if
    the enriched data is in a store (else on *graph*).
    """
    store = store if store is not None else MemoryStore(graph)
    by_basis: dict[Node, dict] = {}
    edges: dict[Node, list[Node]] = {}  # document → its bases, over the whole graph: the chains
    wanted = {d for d in reviewed if isinstance(d, URIRef)}
    # one run of basis-status for every document: its rows are the basis edges, and the status of each basis
    for row in _rows(store, "basis-status", {}, as_of):
        doc, basis = row["document"], row["basis"]
        if basis not in edges.setdefault(doc, []):
            edges[doc].append(basis)
        if doc not in wanted:
            continue
        entry = by_basis.setdefault(basis, {"row": row, "cited_by": []})
        rel = vocab.basis_link_word(row.get("relation"))
        entry["cited_by"].append((name_of(doc), rel.zh, rel.en))
    cards = []
    for basis, entry in by_basis.items():
        row = entry["row"]
        known = _is_known(graph, basis)
        cited = None if known else cited_as(graph, basis)
        number = str(row["basisNumber"]) if "basisNumber" in row else (cited.number if cited else None)
        title = str(row["basisTitle"]) if "basisTitle" in row else (cited.title if cited else None)
        status_node = row.get("statusAsOf")
        status = _label(graph, status_node) if status_node is not None else None
        why = None
        if not known:
            why = ("登记库中没有这份文件，无法核对其效力、日期和依据", "the registry does not hold this document: its "
                   "status, dates and basis could not be checked")
        elif status is None:
            why = ("登记库未记录这份文件的日期，无法判断其时效性", "the registry records no date of this document: "
                   "its status cannot be established")
        issuers = [_label(graph, o, SKOS.prefLabel, RDFS.label) for o in sorted_iris(graph.objects(basis, ELI.passed_by))]
        issuer = ("、".join(i[0] for i in issuers if i),) if any(issuers) else None
        tier = graph.value(basis, PKG.effectRank)
        rank = _label(graph, tier, RDFS.label) if tier is not None else None
        if rank is None and known:
            rank = _form_label(graph, basis)
        dates = tuple((vocab.label(prop).zh, vocab.label(prop).en, str(v)) for prop in DATE_PROPS
                      for v in sorted_terms(graph.objects(basis, prop)))
        chain = tuple(name_of(n) for n in _reach(edges, basis))
        cards.append(DocumentCard(
            iri=str(basis), known=known, number=number, title=title,
            issuer=issuer[0] if issuer else None, rank=rank,
            status=status, status_code=str(status_node).rsplit("/", 1)[-1] if status_node is not None else None,
            why_unknown=why, dates=dates, chain=chain, cited_by=tuple(sorted(set(entry["cited_by"]))),
        ))
    cards.sort(key=lambda c: (not c.known, c.number or "\uffff", c.title or "", c.iri))
    return cards


def _reach(edges: dict[Node, list[Node]], start: Node) -> list[Node]:
    """What *start* rests on in turn, nearest first (breadth-first over the basis-chain rows)."""
    out: list[Node] = []
    todo = list(edges.get(start, []))
    while todo:
        n = todo.pop(0)
        if n == start or n in out:
            continue
        out.append(n)
        todo += edges.get(n, [])
    return out


def _form_label(graph: Graph, node: Node) -> tuple[str, str] | None:
    """The most specific legal form's label (a class of the node with a Chinese label)."""
    best = None
    for t in sorted_iris(graph.objects(node, RDF.type)):
        if t == PKG.DocumentUnderReview:
            continue
        lab = _label(graph, t, RDFS.label)
        if lab is None:
            continue
        depth = len(set(graph.transitive_objects(t, RDFS.subClassOf)))
        if best is None or depth > best[0]:
            best = (depth, lab)
    return best[1] if best else None
