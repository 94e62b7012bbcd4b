"""How a node is named for people — the one implementation every layer uses.

- :func:`pick` / :func:`in_language`: a label in the wanted language out of a node's literals (untagged counts as
  Chinese; the smallest wins so the choice is stable);
- :func:`document_name`: a document as a reviewer writes it, 文号《title》;
- :func:`curie` / :func:`short_iri`: the last resort, a prefixed name (doc:威政字-2023-40), never a bare IRI when a
  project prefix fits;
- :class:`Names`: the name parts (文号, labels, title, short title, notation) of every node of a Store, read with
  one query, and the naming rule over them: 文号, else the Chinese label, else the title, else the English label.

The check report's Describer (policykg.check.report), the saved-query tables (policykg.queries), the trace, the
draft evaluation and the export all name nodes through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .namespaces import PREFIXES
from .words import Bilingual

_LOCAL_NAME = re.compile(r"^[^\s/#?]+$")


def _lang(literal: Literal) -> str:
    """'zh', 'en', '' (untagged) or another primary language subtag."""
    return (literal.language or "").split("-")[0].lower()


def in_language(literals: Iterable[object], lang: str) -> str:
    """The literal in *lang* ('zh' or 'en'; untagged literals count as Chinese), smallest first; '' if none."""
    chosen = sorted(str(lit) for lit in literals if isinstance(lit, Literal) and (_lang(lit) or "zh") == lang)
    return chosen[0] if chosen else ""


def pick(literals: Iterable[object]) -> Bilingual:
    """A Chinese and an English text out of *literals*: each language falls back to untagged, then to the other."""
    by_lang: dict[str, list[str]] = {}
    for lit in literals:
        if isinstance(lit, Literal):
            by_lang.setdefault(_lang(lit), []).append(str(lit))
    for v in by_lang.values():
        v.sort()
    zh = (by_lang.get("zh") or by_lang.get("") or by_lang.get("en") or [""])[0]
    en = (by_lang.get("en") or by_lang.get("") or by_lang.get("zh") or [""])[0]
    return Bilingual(zh, en)


def document_name(number: str | None, title: str | None, fallback: str = "") -> str:
    """文号《title》, 《title》 or the 文号 alone; *fallback* when neither is known. *title* comes without 《》.

    >>> document_name("威政字〔2023〕40号", "威海市人民政府关于印发……的通知")
    '威政字〔2023〕40号《威海市人民政府关于印发……的通知》'
    >>> document_name(None, None, "立法法")
    '立法法'
    """
    if title:
        return f"{number or ''}《{title}》"
    return number or fallback


def curie(term: Node) -> str | None:
    """The compact name of *term* under the longest project prefix that fits (None if none does)."""
    text = str(term)
    best = None
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and (best is None or len(str(ns)) > len(str(PREFIXES[best]))):
            best = prefix
    return f"{best}:{text[len(str(PREFIXES[best])):]}" if best else None


def short_iri(term: Node) -> str:
    """doc:威政字-2023-40 for a project IRI whose local part is a plain name, <…> otherwise."""
    short = curie(term)
    if short is not None:
        local = short.split(":", 1)[1]
        if local and _LOCAL_NAME.match(local):
            return short
    return f"<{term}>"


def iri_tail(node: Node) -> str:
    """A name for a node without any label, never its whole IRI: the last segment of the IRI ('' if it has none)."""
    if isinstance(node, BNode):
        return "（未命名节点 unnamed node）"
    return re.split(r"[/#]", str(node).rstrip("/#"))[-1]


#: the properties a node's name is made of, for a Store query: VALUES ?p { … }
NAME_PROPERTIES = ("rdfs:label", "skos:prefLabel", "pkg:docNumber", "dct:title", "pkg:shortTitle", "skos:notation")
NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pkg: <https://w3id.org/policykg/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?x ?p ?name WHERE {
  VALUES ?p { %s }
  ?x ?p ?name .
}
""" % " ".join(NAME_PROPERTIES)
_KEYS = {"label": "label", "prefLabel": "pref", "docNumber": "number", "title": "title", "shortTitle": "short",
         "notation": "notation"}


@dataclass
class NameParts:
    """What a node is called in the data (each the smallest value, '' when absent)."""

    number: str = ""
    title: str = ""
    short: str = ""
    notation: str = ""
    label_zh: str = ""
    label_en: str = ""
    pref_zh: str = ""
    pref_en: str = ""
    #: a label in another language, the last resort before the IRI
    other: str = ""

    @property
    def zh(self) -> str:
        """The Chinese label (rdfs:label, else skos:prefLabel; untagged counts as Chinese)."""
        return self.label_zh or self.pref_zh

    @property
    def en(self) -> str:
        return self.label_en or self.pref_en


class Names:
    """The name parts of every named node of a Store, read once (one flat query, cheaper than one per IRI)."""

    def __init__(self, rows: Iterable[tuple[Node, Node, Node]]):
        self.parts: dict[str, NameParts] = {}
        self._nodes: dict[str, Node] = {}
        for node, prop, value in rows:
            local = re.split(r"[#/]", str(prop))[-1]
            key = _KEYS.get(local)
            if key is None:
                continue
            if key in ("label", "pref"):
                lang = _lang(value) if isinstance(value, Literal) else ""
                lang = lang or "zh"
                key = f"{key}_{lang}" if lang in ("zh", "en") else "other"
            entry = self.parts.get(str(node))
            if entry is None:
                entry = self.parts[str(node)] = NameParts()
                self._nodes[str(node)] = node
            current = getattr(entry, key)
            if not current or str(value) < current:  # smallest wins: deterministic
                setattr(entry, key, str(value))

    @classmethod
    def of(cls, store) -> Names:
        """The names of everything *store* (a policykg.store.Store) holds."""
        return cls(store.select(NAMES_QUERY)[1])

    def nodes(self) -> list[Node]:
        """The nodes that have a name part, as the store gave them."""
        return list(self._nodes.values())

    def get(self, node: Node | str) -> NameParts:
        return self.parts.get(str(node)) or NameParts()

    def name(self, node: Node | str) -> str:
        """How people call *node*: its 文号, else its Chinese label, else its title, else its English label, else its
        prefixed name."""
        e = self.get(node)
        return e.number or e.zh or e.title or e.en or e.other or short_iri(URIRef(str(node)))

    def zh(self, node: Node | str) -> str:
        """The Chinese label, else the name."""
        return self.get(node).zh or self.name(node)

    def en(self, node: Node | str) -> str:
        """The English label, else the Chinese one, else the name."""
        return self.get(node).en or self.zh(node)

    def document(self, node: Node | str) -> str:
        """文号《title》, or 《title》, or the name."""
        e = self.get(node)
        return document_name(e.number or None, e.title.strip("《》") or None, self.name(node))


__all__ = ["NAMES_QUERY", "NameParts", "Names", "curie", "document_name", "in_language", "iri_tail", "pick", "short_iri"]
