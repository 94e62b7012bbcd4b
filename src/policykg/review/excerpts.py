"""The draft's own sentence behind a finding, with its location (paragraph, section, characters).

Ingest names every fact it read after the excerpt that states it (prov:wasDerivedFrom → pkg:Excerpt with
pkg:attests, offsets and prov:wasQuotedFrom the source text). A finding about a stated fact quotes the sentence
that states it; a finding about something the draft does not state quotes the sentence where it belongs (the
施行 sentence for dates of effect and validity) or, failing that, the title, and says that the draft is silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from ..namespaces import ELI, PKG
from ..resources import source_text_path
from ..terms import sorted_iris

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
SECTION_RE = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百零〇\d]+[章节条])\s*([^\n。]{0,30})")
MAX_SENTENCE = 220
# Where a missing statement of these properties belongs: near the sentence stating one of these.
NEAR: dict[str, tuple[URIRef, ...]] = {
    str(ELI.date_no_longer_in_force): (ELI.first_date_entry_in_force,),
    str(PKG.validityPeriod): (ELI.first_date_entry_in_force,),
    str(ELI.first_date_entry_in_force): (ELI.date_document,),
}


@dataclass(frozen=True)
class Excerpt:
    """A sentence of a source text.

    Attributes:
        text: the sentence as written.
        source: the source text's name (the draft file).
        start, end: code-point offsets of the sentence in the (normalised) text.
        paragraph: the 1-based number of its paragraph (non-empty line).
        section: the heading of the section it is in (e.g. 四、附则), if any.
        states: True when the sentence states what the finding is about; False when the draft is silent on it
            and the sentence only shows where it belongs.
    """

    text: str
    source: str
    start: int
    end: int
    paragraph: int
    section: str | None
    states: bool

    @property
    def location_zh(self) -> str:
        sec = f"“{self.section}”部分，" if self.section else ""
        return f"{self.source} {sec}第 {self.paragraph} 段，第 {self.start + 1}–{self.end} 字"

    @property
    def location_en(self) -> str:
        sec = f"section “{self.section}”, " if self.section else ""
        return f"{self.source}, {sec}paragraph {self.paragraph}, characters {self.start + 1}–{self.end}"


class SourceTexts:
    """The texts excerpts point into: drafts read in this run, else shipped sources (pkg:localPath under data/)."""

    def __init__(self, graph: Graph, drafts: dict[str, tuple[str, str]] | None = None):
        self.graph = graph
        self.drafts = dict(drafts or {})  # source IRI → (name, text)
        self._cache: dict[str, tuple[str, str] | None] = {}

    def get(self, source: Node) -> tuple[str, str] | None:
        key = str(source)
        if key in self.drafts:
            return self.drafts[key]
        if key not in self._cache:
            found = None
            local = self.graph.value(source, PKG.localPath)
            if local is not None:
                try:
                    path = source_text_path(str(local))
                    if Path(path).is_file():
                        label = next((str(o) for o in self.graph.objects(source, RDFS.label)
                                      if getattr(o, "language", None) == "zh"), None)
                        found = (label or Path(str(local)).name, Path(path).read_bytes().decode("utf-8"))
                except (OSError, UnicodeDecodeError, ValueError):
                    found = None
            self._cache[key] = found
        return self._cache[key]


def quoted_sources(graphs) -> set[Node]:
    """The source texts the excerpts of *graphs* quote from."""
    return {o for g in graphs for o in g.objects(None, PROV.wasQuotedFrom)}


_SOURCE_QUERY = """PREFIX pkg: <https://w3id.org/policykg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s pkg:localPath ?p . ?s rdfs:label ?l } WHERE { ?s pkg:localPath ?p OPTIONAL { ?s rdfs:label ?l } }"""


def shipped_texts(sources, catalogue) -> dict[str, tuple[str, str]]:
    """Texts of *sources* that *catalogue* (the registry: a Graph or a Store) describes by pkg:localPath: a draft
    checked with the part of the registry it reaches may not carry the description of the source it quotes."""
    sources = list(sources)
    if not sources:
        return {}
    if isinstance(catalogue, Graph):
        described = catalogue
    elif all(isinstance(s, URIRef) for s in sources):  # each source asked for by itself: a national store
        described = Graph()                            # describes thousands of source texts
        for source in sources:
            described += catalogue.construct(_SOURCE_QUERY, {"s": source})
    else:
        described = catalogue.construct(_SOURCE_QUERY)
    texts = SourceTexts(described)
    found = {}
    for source in sources:
        got = texts.get(source)
        if got is not None:
            found[str(source)] = got
    return found


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous sentence end to its own end mark."""
    left = start
    while left > 0 and not SENTENCE_END.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and not SENTENCE_END.match(text[right]):
        right += 1
    if right < len(text) and text[right] != "\n":
        right += 1  # the sentence's own end mark
    while left < right and text[left] in " \t\u3000":
        left += 1
    if right - left > MAX_SENTENCE:  # a very long sentence: the excerpt itself with a little context
        left, right = max(left, start - 40), min(right, end + 60)
    return left, right


def locate(text: str, start: int) -> tuple[int, str | None]:
    """(1-based paragraph number, heading of the enclosing section) of offset *start*."""
    paragraph, section = 0, None
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            m = SECTION_RE.match(line)
            if m:
                section = line.strip()[:30].rstrip("。")
        if pos + len(line) >= start:
            break
        pos += len(line) + 1
    return max(paragraph, 1), section


def _excerpts_of(graph: Graph, node: Node) -> list[Node]:
    return sorted((e for e in graph.objects(node, PROV.wasDerivedFrom) if (e, RDF.type, PKG.Excerpt) in graph),
                  key=lambda e: int(str(graph.value(e, PKG.startOffset) or 0)))


def _make(graph: Graph, texts: SourceTexts, excerpt: Node, states: bool) -> Excerpt | None:
    source = graph.value(excerpt, PROV.wasQuotedFrom)
    start, end = graph.value(excerpt, PKG.startOffset), graph.value(excerpt, PKG.endOffset)
    if source is None or start is None or end is None:
        return None
    found = texts.get(source)
    if found is None:
        return None
    name, text = found
    s, e = int(str(start)), int(str(end))
    if not (0 <= s <= e <= len(text)):
        return None
    left, right = sentence_at(text, s, e)
    paragraph, section = locate(text, s)
    return Excerpt(text[left:right].strip(), name, left, right, paragraph, section, states)


def _mentions(graph: Graph, excerpt: Node, node: Node) -> bool:
    quote = str(graph.value(excerpt, PROV.value) or "")
    for prop in (PKG.docNumber, DCTERMS.title, PKG.shortTitle):
        for name in graph.objects(node, prop):
            if str(name).strip("《》") and str(name).strip("《》") in quote:
                return True
    return False


def excerpt_for(graph: Graph, texts: SourceTexts, focus: Node, path: Node | None, value: Node | None,
                related: tuple[Node, ...] = (), near: tuple[str, ...] = ()) -> Excerpt | None:
    """The sentence of the draft behind a finding on *focus* (property *path*, value *value*), or None."""
    excerpts = _excerpts_of(graph, focus)
    if not excerpts:
        # a part without its own excerpt (a procedure step …): its document's
        for parent in graph.subjects(PKG.hasProcedureStep, focus):
            excerpts = _excerpts_of(graph, parent)
            if excerpts:
                break
    if not excerpts:
        return None
    attested = {e: set(graph.objects(e, PKG.attests)) for e in excerpts}
    others = [v for v in (value, *related) if isinstance(v, URIRef)]
    # 1. the sentence that cites the value (a basis by its 文号 or title)
    for v in others:
        for e in excerpts:
            if _mentions(graph, e, v):
                return _make(graph, texts, e, True)
    # 2. the sentence that states the property (the finding's path, or what links the focus to the value)
    props = [path] if isinstance(path, URIRef) else []
    props += [p for v in others for p in sorted_iris(graph.predicates(focus, v))]
    for prop in props:
        for e in excerpts:
            if prop in attested[e]:
                return _make(graph, texts, e, True)
    # 3. a part's own excerpt (a measure's item, a citation) states it: a part has no excerpt of a title
    if not any(DCTERMS.title in a for a in attested.values()):
        return _make(graph, texts, excerpts[0], True)
    # 4. the text is silent: where it belongs, else its title; nothing rather than an unrelated sentence
    where = tuple(URIRef(n) for n in near) + (NEAR.get(str(path), ()) if path is not None else ())
    for prop in (*where, DCTERMS.title):
        for e in excerpts:
            if prop in attested[e]:
                return _make(graph, texts, e, False)
    return None
