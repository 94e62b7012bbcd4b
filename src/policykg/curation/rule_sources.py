"""data/registry/rule-sources.ttl: provisions that mandate rules but are not in the shipped law texts.

The rule book (shapes/) cites a provision for every rule via dct:source. Articles of the laws in
data/sources/laws/ are cited directly (data/registry/laws/). The provisions of data/curation/rule-sources.toml are
known only through the research notes (data/sources/reference/legal-rules.md): their text is not available, so
each gets no pkg:text but a pkg:summary that quotes the notes verbatim, as an excerpt of src:legal-rules, and the
evidence status the notes give it ([A]/[B]/[C]/UNCONFIRMED; a mixed tag such as [B/C] takes the weaker one).
Documents get only the facts the notes state (文号, title, dates), each with its excerpt.

IRIs follow docs/decisions/0002: ``<doc>/art-<N>`` for articles; ``<doc>/art-<N>-item-<M>`` for an item (项) of
an article; ``<doc>/sec-<number>`` for a numbered section of a standard; ``<doc>/item-<N>`` for the N-th of the
continuously numbered parts （一）（二）… of a notice, or the N-th indicator of an indicator system.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ..errors import PolicyKGError
from ..namespaces import CODE, DOC, PKG, SRC, bind_prefixes
from ..provenance import add_excerpt, read_source
from ..serialize import turtle_bytes
from .schema import CurationError, Reader, Row
from .curies import term

OUTPUT = "data/registry/rule-sources.ttl"
NOTES = "data/sources/reference/legal-rules.md"
SOURCE = SRC["legal-rules"]


def _value(fact: Row, where: str) -> Literal:
    given = [k for k in ("zh", "text", "date") if k in fact]
    if len(given) != 1:
        raise CurationError(f"{where}: give exactly one of zh, text, date")
    kind = given[0]
    if kind == "zh":
        return Literal(fact["zh"], lang="zh")
    if kind == "date":
        return Literal(fact["date"], datatype=XSD.date)
    return Literal(fact["text"])


def _excerpt(g: Graph, text: str, quote: str, attests: tuple[URIRef, ...], where: str) -> URIRef:
    try:
        return add_excerpt(g, SOURCE, text, quote, attests=attests)
    except PolicyKGError as exc:
        raise CurationError(f"{where}: {exc}") from None


def build(reader: Reader) -> dict[str, bytes]:
    curated = reader.toml("rule-sources.toml")
    text = read_source(reader.root / NOTES)
    g = Graph()
    bind_prefixes(g)
    slugs = set()
    for i, d in enumerate(curated["document"], 1):
        where = f"rule-sources.toml: document {i} ({d['slug']})"
        slugs.add(d["slug"])
        node = DOC[d["slug"]]
        g.add((node, RDF.type, term(d["class"])))
        g.add((node, RDFS.label, Literal(d["label_zh"], lang="zh")))
        g.add((node, RDFS.label, Literal(d["label_en"], lang="en")))
        g.add((node, PKG.evidenceStatus, CODE[f"evidence-{d['evidence']}"]))
        for fact in d.get("fact", []):
            prop = term(fact["property"])
            g.add((node, prop, _value(fact, where)))
            g.add((node, PROV.wasDerivedFrom, _excerpt(g, text, fact["quote"], (prop,), where)))
    no_text = curated["no_text"]
    for i, p in enumerate(curated["provision"], 1):
        where = f"rule-sources.toml: provision {i} ({p['document']}/{p['local']})"
        if p["document"] not in slugs:
            raise CurationError(f"{where}: document {p['document']!r} is not a [[document]]")
        node = URIRef(f"{DOC[p['document']]}/{p['local']}")
        g.add((node, RDF.type, PKG.Provision))
        g.add((node, PKG.provisionOf, DOC[p["document"]]))
        g.add((node, PKG.number, Literal(p["number"])))
        if "ordinal" in p:
            g.add((node, PKG.ordinal, Literal(p["ordinal"])))
        g.add((node, RDFS.label, Literal(p["label_zh"], lang="zh")))
        g.add((node, RDFS.label, Literal(p["label_en"], lang="en")))
        g.add((node, PKG.summary, Literal(p["summary"])))
        g.add((node, PROV.wasDerivedFrom, _excerpt(g, text, p["summary"], (PKG.summary,), where)))
        g.add((node, PKG.evidenceStatus, CODE[f"evidence-{p['evidence']}"]))
        for rule_id in p["rule_ids"]:
            g.add((node, PKG.ruleId, Literal(rule_id)))
        comments = [(no_text["zh"], no_text["en"])]
        if ("comment_zh" in p) != ("comment_en" in p):
            raise CurationError(f"{where}: give comment_zh and comment_en together")
        if "comment_zh" in p:
            comments.append((p["comment_zh"], p["comment_en"]))
        for zh, en in comments:
            g.add((node, RDFS.comment, Literal(zh, lang="zh")))
            g.add((node, RDFS.comment, Literal(en, lang="en")))
    return {OUTPUT: turtle_bytes(g)}
