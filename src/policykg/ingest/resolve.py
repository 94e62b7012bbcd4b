"""Resolving citations against the registry: by canonical 文号, else by title — exact, short, then fuzzy.

`Registry.bundled()` indexes data/registry (directives and laws); `Registry.from_graph(g)` any graph with
`pkg:docNumber` / `dct:title` / `rdfs:label` / `pkg:shortTitle`. `Registry.resolve(citation)` returns the citation
with `target` and `resolved` set: ``{"by": "number"}``, ``{"by": "title"}``, ``{"by": "short-title"}``,
``{"by": "alias"}``, ``{"by": "fuzzy", "score": 93.1, "title": …}`` or ``{"by": "unresolved", "reason": …}``.
FUZZY_THRESHOLD is the rapidfuzz `ratio` below which a title is not taken as the same document (benchmarks/
bench_ingest.py measures it on the labelled corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from ..identifiers import parse_doc_number
from ..errors import PolicyKGError
from ..namespaces import ELI, PKG
from ..resources import resource_dir
from ..terms import as_iri
from .citations import Citation

FUZZY_THRESHOLD = 85.0  # benchmarks/bench_ingest.py: 0 false resolutions at 85 on the labelled titles, all variants kept
_STATE = "中华人民共和国"


def title_key(title: str) -> str:
    """A title compared without marks, spaces and punctuation."""
    return re.sub(r"[《》〈〉“”\"\s，,、·]", "", title)


def short_title(title: str) -> str:
    """中华人民共和国行政许可法 → 行政许可法; a trailing （试行）/（2021年修订） dropped."""
    t = title_key(title).removeprefix(_STATE)
    return re.sub(r"[（(][^（）()]*[）)]$", "", t)


@dataclass
class Registry:
    numbers: dict[str, URIRef] = field(default_factory=dict)
    titles: dict[str, list[tuple[URIRef, str]]] = field(default_factory=dict)  # key → [(iri, version date)]
    shorts: dict[str, list[tuple[URIRef, str]]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, g: Graph) -> "Registry":
        reg = cls()
        for s, number in g.subject_objects(PKG.docNumber):
            try:
                reg.numbers.setdefault(parse_doc_number(str(number)).canonical, as_iri(s))  # documents are IRIs
            except PolicyKGError:
                continue
        for prop in (DCTERMS.title, RDFS.label, PKG.shortTitle):
            for s, title in g.subject_objects(prop):
                if getattr(title, "language", None) == "en" or not isinstance(s, URIRef):
                    continue
                if "/" in str(s).rsplit("/doc/", 1)[-1]:
                    continue  # provisions and other parts of a document
                date = str(g.value(s, ELI.version_date) or g.value(s, ELI.date_document) or "")
                key = title_key(str(title))
                if prop == DCTERMS.title:
                    _add(reg.titles, key, s, date)
                _add(reg.shorts, short_title(str(title)), s, date)
        return reg

    @classmethod
    def bundled(cls) -> "Registry":
        return _bundled()

    @property
    def number_list(self) -> list[str]:
        return sorted(self.numbers)

    def resolve(self, c: Citation, *, on_date: str | None = None) -> Citation:
        """*c* with its target and how it was found."""
        if c.via_alias is not None and c.target is not None:
            return replace(c, resolved={"by": "alias", "alias": c.via_alias})
        if c.number is not None:
            iri = self.numbers.get(c.number)
            if iri is not None:
                return replace(c, target=iri, resolved={"by": "number"})
        if c.title:
            for by, index, key in (("title", self.titles, title_key(c.title)),
                                   ("short-title", self.shorts, short_title(c.title))):
                hit = _pick(index.get(key, []), on_date)
                if hit is not None:
                    return replace(c, target=c.target or hit, resolved={"by": by, "registry": str(hit)})
            best = _fuzzy(title_key(c.title), self.titles)
            if best is not None and best[1] >= FUZZY_THRESHOLD:
                hit = _pick(self.titles[best[0]], on_date)
                return replace(c, target=c.target or hit,
                               resolved={"by": "fuzzy", "score": round(best[1], 1), "title": best[0], "registry": str(hit)})
        if c.target is not None:
            # a usable 文号 the registry does not hold: the IRI is known, the document is not
            return replace(c, resolved={"by": "unresolved", "reason": "not-in-registry"})
        if c.number_match is not None and c.number_match.number is not None and c.number_match.number.placeholder:
            return replace(c, resolved={"by": "unresolved", "reason": "placeholder-year"})
        return replace(c, resolved={"by": "unresolved", "reason": "not-in-registry"})


def _add(index: dict, key: str, iri: URIRef, date: str) -> None:
    if key and (iri, date) not in index.setdefault(key, []):
        index[key].append((iri, date))


def _pick(hits: list[tuple[URIRef, str]], on_date: str | None) -> URIRef | None:
    """The version in force on *on_date* (latest version dated on or before it), else the latest one."""
    if not hits:
        return None
    ordered = sorted(hits, key=lambda h: h[1])
    if on_date:
        before = [h for h in ordered if h[1] and h[1] <= on_date]
        if before:
            return before[-1][0]
    return ordered[-1][0]


def _fuzzy(key: str, titles: dict) -> tuple[str, float] | None:
    if not titles or len(key) < 6:
        return None
    from rapidfuzz import fuzz, process

    hit = process.extractOne(key, list(titles), scorer=fuzz.ratio)
    return (hit[0], float(hit[1])) if hit else None


@lru_cache(maxsize=1)
def _bundled() -> Registry:
    g = Graph()
    root = resource_dir("data") / "registry"
    for path in sorted(Path(root).rglob("*.ttl")):
        g.parse(path, format="turtle")
    return Registry.from_graph(g)


__all__ = ["Registry", "FUZZY_THRESHOLD", "short_title", "title_key"]
