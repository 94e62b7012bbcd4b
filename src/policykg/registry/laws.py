"""One LawRefBook version as quads in the project's data model (the same as data/registry/laws/*.ttl).

A version is a document ``doc:<name>-<YYYY-MM-DD>`` (pkg:Statute, pkg:AdministrativeRegulation, …) with
``dct:title``, ``eli:version_date`` and, where a source states them, ``eli:date_publication``,
``eli:first_date_entry_in_force``, ``eli:passed_by`` and ``eli:in_force code:status-expired``. Every article is a
``pkg:Provision`` with its text as published and an excerpt (file, code-point offsets) it is derived from. A later
version of the same law gives the earlier one ``eli:amended_by`` and ``pkg:dateAmended`` (the later version's
entry into force, else its version date). Nothing is guessed: what neither the text nor the database states is
left out, and the import report counts it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from ..ingest.lawmd import LawFormatError, LawText, parse_law_markdown, parse_title
from ..namespaces import CODE, DCT, DOC, ELI, ORG_ID, PKG, PROV, RDF, RDFS, XSD
from .lawrefbook import Version

# The legal form a db level names (the db column is the source; README of the corpus lists the levels).
LEVEL_CLASS = {
    "宪法": PKG.Constitution, "法律": PKG.Statute, "行政法规": PKG.AdministrativeRegulation,
    "地方性法规": PKG.LocalRegulation, "部门规章": PKG.DepartmentalRule,
}


def N(term) -> NamedNode:
    return NamedNode(str(term))


T_TYPE, T_LABEL = N(RDF.type), N(RDFS.label)
T_TITLE, T_VDATE, T_PUB, T_FORCE = N(DCT.title), N(ELI.version_date), N(ELI.date_publication), \
    N(ELI.first_date_entry_in_force)
T_PASSED, T_INFORCE, T_AMENDED_BY, T_AMENDS, T_DATE_AMENDED = N(ELI.passed_by), N(ELI.in_force), \
    N(ELI.amended_by), N(ELI.amends), N(PKG.dateAmended)
T_PROVISION, T_PROVISION_OF, T_PART_OF = N(PKG.Provision), N(PKG.provisionOf), N(ELI.is_part_of)
T_NUMBER, T_ORDINAL, T_TEXT, T_HEADING = N(PKG.number), N(PKG.ordinal), N(PKG.text), N(PKG.heading)
T_EVIDENCE, T_EV_A = N(PKG.evidenceStatus), N(CODE["evidence-A"])
T_DERIVED, T_QUOTED, T_VALUE = N(PROV.wasDerivedFrom), N(PROV.wasQuotedFrom), N(PROV.value)
T_EXCERPT, T_START, T_END, T_ATTESTS = N(PKG.Excerpt), N(PKG.startOffset), N(PKG.endOffset), N(PKG.attests)
T_SOURCE_TEXT, T_LOCAL, T_SHA = N(PKG.SourceText), N(PKG.localPath), N(PKG.sha256)
T_ENTITY, T_IDENT = N(PROV.Entity), N(DCT.identifier)
T_DOCUMENT, T_EXPIRED = N(PKG.Document), N(CODE["status-expired"])
T_LEGISLATURE, T_GOVERNMENT = N(PKG.Legislature), N(PKG.Government)
D_DATE, D_INT, D_NNI = N(XSD.date), N(XSD.integer), N(XSD.nonNegativeInteger)

_IRI_UNSAFE = ' <>"{}|\\^`%'


def iri_part(text: str) -> str:
    """*text* safe inside an IRI path (Chinese stays readable; spaces and delimiters are %-escaped)."""
    return "".join(quote(c, safe="") if c in _IRI_UNSAFE or ord(c) < 0x20 else c for c in text)


def doc_iri(stem: str, date: dt.date | None) -> NamedNode:
    return NamedNode(f"{DOC}{iri_part(stem)}" + (f"-{date.isoformat()}" if date else ""))


def date_lit(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=D_DATE)


@dataclass
class Counts:
    """What an import made and what it left out (for the report)."""

    documents: int = 0
    provisions: int = 0
    no_articles: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    duplicate_articles: int = 0
    no_in_force: int = 0
    force_conflicts: list[str] = field(default_factory=list)
    no_organ: int = 0
    expired: int = 0
    superseded: int = 0
    iri_clashes: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """A version's text and what its header states."""

    text: str
    law: LawText | None
    in_force: dt.date | None
    in_force_quotes: list[tuple[str, int]]
    organ: tuple[str, str, int] | None  # (organ, event text, start)
    publication: tuple[dt.date, str, int] | None


def parse_version(version: Version, counts: Counts) -> Parsed:
    text = version.file.path.read_bytes().decode("utf-8")
    law: LawText | None
    try:
        law = parse_law_markdown(text)
    except LawFormatError as exc:
        (counts.no_articles if "no article" in str(exc) else counts.unparsed).append(f"{version.file.rel}: {exc}")
        law = parse_title(text)  # a text without articles still has a title: the document without provisions
    if law is None:
        return Parsed(text, None, None, [], None, None)
    vdate = version_date(version)
    organ = publication = None
    latest = law.latest_version_event()
    if latest is not None and latest.organ is not None:
        organ = (latest.organ, latest.text, latest.start)
    for e in law.events:
        if vdate is not None and e.date == vdate and e.action == "公布":
            publication = (e.date, e.text, e.start)
    force = law.entry_into_force(vdate)
    in_force: dt.date | None = None
    quotes: list[tuple[str, int]] = []
    if len(force) == 1:
        in_force, spans = next(iter(force.items()))
        quotes = [(span.text, span.start) for span in spans]
    elif len(force) > 1:
        counts.force_conflicts.append(f"{version.file.rel}: {sorted(map(str, force))}")
    return Parsed(text, law, in_force, quotes, organ, publication)


class Emitter:
    """Quads of one named graph; excerpt and source nodes are named as data/ names them."""

    def __init__(self, graph: NamedNode, source_base: str):
        self.g = graph
        self.source_base = source_base

    def q(self, s, p, o) -> Quad:
        return Quad(s, p, o, self.g)

    def source(self, rel: str) -> NamedNode:
        return NamedNode(f"{self.source_base}{iri_part(rel)}")

    def excerpt(self, src: NamedNode, quote_text: str, start: int, *attests: NamedNode) -> tuple[NamedNode, list]:
        end = start + len(quote_text)
        node = NamedNode(f"{src.value}/chars-{start}-{end}")
        qs = [self.q(node, T_TYPE, T_EXCERPT), self.q(node, T_QUOTED, src), self.q(node, T_VALUE, Literal(quote_text)),
              self.q(node, T_START, Literal(str(start), datatype=D_NNI)),
              self.q(node, T_END, Literal(str(end), datatype=D_NNI))]
        qs += [self.q(node, T_ATTESTS, a) for a in attests]
        return node, qs


def version_quads(version: Version, parsed: Parsed, em: Emitter, counts: Counts,
                  later_parsed: Parsed | None = None) -> Iterator[Quad]:
    """Every quad of one version: source, document, provisions, supersession by the next version."""
    f, row, q = version.file, version.row, em.q
    src = em.source(f.rel)
    yield q(src, T_TYPE, T_SOURCE_TEXT)
    yield q(src, T_LOCAL, Literal(f.rel))
    yield q(src, T_SHA, Literal(hashlib.sha256(parsed.text.encode("utf-8")).hexdigest()))
    yield q(src, T_LABEL, Literal(f"{f.stem}" + (f"（{f.date.isoformat()}版）" if f.date else "") + "全文", language="zh"))
    law = parsed.law
    if law is None:
        counts.unparsed.append(f"{f.rel}: no title line")
        return
    doc = doc_iri(f.stem, f.date)
    counts.documents += 1

    def derive(node: NamedNode, qs: list) -> Iterator[Quad]:
        yield from qs
        yield q(doc, T_DERIVED, node)

    cls = LEVEL_CLASS.get(row.level) if row is not None else None
    yield q(doc, T_TYPE, N(cls) if cls is not None else T_DOCUMENT)
    yield q(doc, T_EVIDENCE, T_EV_A)
    yield q(doc, T_LABEL, Literal(f.stem, language="zh"))
    yield q(doc, T_TITLE, Literal(law.title.text, language="zh"))
    node, qs = em.excerpt(src, law.title.text, law.title.start, T_TITLE)
    yield from derive(node, qs)
    if f.date is not None:
        yield q(doc, T_VDATE, date_lit(f.date))  # the date in the file name is the version's (corpus README)
        yield q(doc, T_DERIVED, src)
    if row is not None:
        rec = NamedNode(f"{em.source(row.db).value}#law-{iri_part(row.id)}")
        if f.date is None and row.publish is not None:  # a file named without a date: the row's date
            yield q(doc, T_VDATE, date_lit(row.publish))
            yield q(rec, T_ATTESTS, T_VDATE)
        yield q(rec, T_TYPE, T_ENTITY)
        yield q(rec, T_QUOTED, em.source(row.db))
        yield q(rec, T_IDENT, Literal(row.id))
        yield q(rec, T_VALUE, Literal(row.record()))
        yield q(doc, T_DERIVED, rec)
        if row.expired:
            counts.expired += 1
            yield q(doc, T_INFORCE, T_EXPIRED)
            yield q(rec, T_ATTESTS, T_INFORCE)
    if parsed.publication is not None:
        d, text, start = parsed.publication
        yield q(doc, T_PUB, date_lit(d))
        yield from derive(*em.excerpt(src, text, start, T_PUB))
    in_force = effective_date(version, parsed)
    vdate = version_date(version)
    if parsed.in_force is not None:
        yield q(doc, T_FORCE, date_lit(parsed.in_force))
        for text, start in parsed.in_force_quotes:
            yield from derive(*em.excerpt(src, text, start, T_FORCE))
        if row is not None and row.valid_from is not None and row.valid_from != parsed.in_force:
            counts.force_conflicts.append(f"{f.rel}: text {parsed.in_force}, database {row.valid_from} (text kept)")
    elif in_force is not None and (vdate is None or in_force >= vdate):
        yield q(doc, T_FORCE, date_lit(in_force))  # the database's valid_from
        yield q(rec, T_ATTESTS, T_FORCE)
    else:
        counts.no_in_force += 1
    if parsed.organ is not None:
        organ, text, start = parsed.organ
        onode = N(ORG_ID[iri_part(organ)])
        yield q(doc, T_PASSED, onode)
        yield from derive(*em.excerpt(src, text, start, T_PASSED))
        yield q(onode, T_TYPE, T_GOVERNMENT if organ == "国务院" else T_LEGISLATURE)
        yield q(onode, T_LABEL, Literal(organ, language="zh"))
    else:
        counts.no_organ += 1

    later = version.later
    if later is not None and later_parsed is not None and later_parsed.law is not None:
        counts.superseded += 1
        lnode = doc_iri(later.file.stem, later.file.date)
        when = effective_date(later, later_parsed) or version_date(later)
        assert when is not None  # a later version is dated: lawrefbook links only dated versions
        yield q(doc, T_AMENDED_BY, lnode)
        yield q(lnode, T_AMENDS, doc)
        yield q(doc, T_DATE_AMENDED, date_lit(when))

    seen: dict[str, int] = {}
    for art in law.articles:
        key = art.key
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n:
            counts.duplicate_articles += 1
            key = f"{key}.{n + 1}"  # a second 第N条 in one text (separately numbered parts)
        pnode = NamedNode(f"{doc.value}/art-{key}")
        counts.provisions += 1
        yield q(pnode, T_TYPE, T_PROVISION)
        yield q(pnode, T_PROVISION_OF, doc)
        yield q(pnode, T_PART_OF, doc)
        yield q(pnode, T_NUMBER, Literal(art.number))
        yield q(pnode, T_ORDINAL, Literal(str(art.ordinal), datatype=D_INT))
        yield q(pnode, T_TEXT, Literal(art.text))
        yield q(pnode, T_EVIDENCE, T_EV_A)
        yield q(pnode, T_LABEL, Literal(f"{f.stem} {art.number}", language="zh"))
        if art.heading is not None:
            yield q(pnode, T_HEADING, Literal(art.heading, language="zh"))
        node, qs = em.excerpt(src, art.text, art.start, T_TEXT)
        yield from qs
        yield q(pnode, T_DERIVED, node)


def version_date(version: Version) -> dt.date | None:
    """The date in the file name; for a file named without one, the joined database row's publish date."""
    if version.file.date is not None:
        return version.file.date
    return version.row.publish if version.row is not None else None


def effective_date(version: Version, parsed: Parsed) -> dt.date | None:
    """The version's entry into force: the text's own statement, else the database's valid_from."""
    if parsed.in_force is not None:
        return parsed.in_force
    if version.row is not None and version.row.valid_from is not None:
        # a valid_from before the version date is the original's entry into force, not this version's
        vd = version_date(version)
        if vd is None or version.row.valid_from >= vd:
            return version.row.valid_from
    return None
