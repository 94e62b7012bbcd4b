"""Described nodes (data/curation/case-*.toml ``[[node]]``): a class, bilingual labels, values, comments and the
quotes that attest them, plus ``[[node.paragraphs]]``: a document's body read off its source text as provisions.

A reference names a node as ``prefix:local`` (the project prefixes), ``doc-number:<文号>`` (the document's IRI by
decision 0002) or ``doc-title:<title>`` (a document without a 文号, by its title slug); a part below one adds
``/local``.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef

from ..errors import PolicyKGError
from ..identifiers import doc_iri, title_slug
from ..namespaces import DOC, PKG
from ..provenance import locate
from .facts import Facts, below, date, integer, zh
from .schema import CurationError, Row
from .curies import term

# Pinyin in brackets that the mirror of 国科发区〔2022〕5号 injected after characters, e.g. 創(chuàng).
# Only lower-case Latin letters with tone marks match, so bracketed Chinese such as (城市名單見附件) stays.
PINYIN_NOISE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def strip_pinyin(text: str) -> str:
    """Remove the injected bracketed pinyin, keep every other character."""
    return PINYIN_NOISE.sub("", text)


def ref(text: str) -> URIRef:
    """The IRI a curated reference names."""
    for scheme, to_iri in (("doc-number:", lambda s: doc_iri(s)), ("doc-title:", lambda s: DOC[title_slug(s)])):
        if text.startswith(scheme):
            rest = text[len(scheme):]
            name, sep, local = rest.partition("/")
            try:
                base = to_iri(name)
            except (PolicyKGError, ValueError) as exc:
                raise CurationError(f"{text!r}: {exc}") from None
            return below(base, local) if sep else base
    return term(text)


def value(v: Row, where: str) -> URIRef | Literal:
    given = [k for k in ("ref", "zh", "text", "date", "int") if k in v]
    if len(given) != 1:
        raise CurationError(f"{where}: {v.get('property')}: give exactly one of ref, zh, text, date, int")
    kind = given[0]
    if kind == "ref":
        return ref(v["ref"])
    if kind == "zh":
        return zh(v["zh"])
    if kind == "date":
        return date(v["date"])
    if kind == "int":
        return integer(v["int"])
    return Literal(v["text"])


def quote(f: Facts, node: URIRef, e: Row, where: str) -> URIRef:
    """``node prov:wasDerivedFrom`` the excerpt *e* names (source, quote, anchor, attests)."""
    try:
        return f.derive(node, e["source"], e["quote"], anchor=e.get("anchor"),
                        attests=tuple(term(a) for a in e.get("attests", ())))
    except CurationError:
        raise
    except PolicyKGError as exc:
        raise CurationError(f"{where}: {exc}") from None


def body_paragraphs(text: str, after: str, before: str | None) -> list[str]:
    """Non-empty lines (leading/trailing blanks removed) between the unique markers *after* and *before*."""
    start = locate(text, after) + len(after)
    end = locate(text, before, after=start) if before is not None else len(text)
    return [line.strip() for line in text[start:end].split("\n") if line.strip()]


def paragraphs(f: Facts, doc: URIRef, block: Row, notes: dict[str, Any], where: str) -> int:
    """The provisions of one ``[[node.paragraphs]]`` block; returns how many."""
    try:
        paras = body_paragraphs(f.sources.text(block["source"]), block["after"], block.get("before"))
    except PolicyKGError as exc:
        raise CurationError(f"{where}: {exc}") from None
    for i, raw in enumerate(paras, 1):
        node = below(doc, block["local"].format(i=i))
        f.typed(node, PKG.Provision, block["label_zh"].format(i=i), block["label_en"].format(i=i))
        f.add(node, PKG.provisionOf, doc)
        f.add(node, PKG.ordinal, integer(i))
        f.add(node, PKG.text, Literal(strip_pinyin(raw) if block.get("strip_pinyin") else raw))
        if "heading" in block:
            f.add(node, PKG.heading, zh(block["heading"]))
        quote(f, node, {"source": block["source"], "quote": raw, "anchor": block["after"], "attests": ["pkg:text"]},
              where)
        if block.get("mark_truncated") and i == len(paras) and not raw.endswith("。"):
            f.comment(node, notes["truncated"]["zh"], notes["truncated"]["en"])
        if block.get("strip_pinyin"):
            f.comment(node, notes["pinyin"]["zh"], notes["pinyin"]["en"])
    return len(paras)


def describe(f: Facts, nodes: list[Row], name: str, notes: dict[str, Any] | None = None) -> int:
    """Add every described node of file *name* to *f*; return the number of provisions read off texts."""
    provisions = 0
    for i, n in enumerate(nodes, 1):
        where = f"{name}: node {i} ({n['iri']})"
        node = ref(n["iri"])
        f.typed(node, term(n["class"]), n["label_zh"], n["label_en"])
        for v in n.get("values", ()):
            f.add(node, term(v["property"]), value(v, where))
        for c in n.get("comment", ()):
            f.comment(node, c["zh"], c["en"])
        for e in n.get("evidence", ()):
            quote(f, node, e, where)
        for block in n.get("paragraphs", ()):
            if notes is None:
                raise CurationError(f"{where}: paragraphs need the [notes] of the file")
            provisions += paragraphs(f, node, block, notes, where)
    return provisions
