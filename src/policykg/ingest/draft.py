"""What a Chinese policy draft states, read from its plain text into RDF with an excerpt for every fact.

`extract_facts` reads the text (no RDF); `draft_graph` turns the facts into the data model of docs/data-model.md;
`ingest_file` does both for a .txt/.html/.docx/.pdf file. Every rule is a line-level pattern; what no pattern
finds is left out, never guessed. The rules and their limits: src/policykg/ingest/README.md.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..content.graph import add_clauses
from ..errors import PolicyKGError
from ..identifiers import doc_iri
from ..namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC, bind_prefixes
from ..provenance import add_excerpt
from .lawmd import Span
from .numerals import chinese_to_int
from .text import normalise, read_draft

# 文种 (党政机关公文处理工作条例 第8条) by the word a title ends with → code:genre-<slug>.
GENRES: dict[str, str] = {
    "决议": "resolution", "决定": "decision", "公报": "communique", "公告": "announcement", "通告": "notice-public",
    "意见": "opinion", "通知": "notice", "通报": "bulletin", "报告": "report", "请示": "request", "批复": "reply",
    "议案": "motion", "函": "letter", "纪要": "minutes",
}
# A title may also end with the form it carries (办法, 方案 …) when the draft is the attachment itself.
FORMS = ("实施意见", "实施方案", "行动计划", "实施细则", "办法", "方案", "规定", "细则", "措施", "规划", "计划", "指引")
_ENDINGS = "|".join(sorted(list(GENRES) + list(FORMS), key=len, reverse=True))
_BRACKET_NUMBER = r"(?:\s*[（(](?P<num>[^（）()\n]{3,40})[）)])?"
# X关于……的通知 (optionally followed by its 文号 in brackets), a whole line.
TITLE_RE = re.compile(rf"^(?P<title>(?P<issuer>[^\s。；;，,：:]{{0,60}}?)关于[^。；;\n]{{1,150}}?(?:{_ENDINGS})){_BRACKET_NUMBER}$")
# A 文号 line, read leniently (〔〕 [] ［］ () （） 【】, 第, leading zeros) and kept exactly as written.
DOC_NUMBER_RE = re.compile(r"^(?P<num>[\u4e00-\u9fffA-Za-z]{1,15}\s*[〔\[［(（【]\d{2,4}[〕\]］)）】]\s*第?\d{1,5}\s*号)$")
DATE_LINE_RE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
# Organ names: the last characters of an issuing organ's name.
ORGAN_RE = re.compile(r"^[\u4e00-\u9fff]{2,40}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|政府|局|厅|部|委|署|院|中心)$")
_ORGAN_HEAD_RE = re.compile(r"人民政府办公[厅室]|[府厅室局部委署院]")
# 《title》 optionally followed by （文号）.
CITATION_RE = re.compile(r"《(?P<title>[^《》\n]{1,150})》" + _BRACKET_NUMBER)
# Words that introduce a citation; the nearest one before it (same clause) decides what the citation is.
TRIGGER_RE = re.compile(r"贯彻落实|根据|依据|落实|贯彻|按照|参照|对照|结合|执行|印发|转发|将|经")
BASIS_TRIGGERS = frozenset({"根据", "依据"})
IMPLEMENTS_TRIGGERS = frozenset({"落实", "贯彻落实"})
CLAUSE_END_RE = re.compile(r"[。；;！!？?\n]")
CLAUSE_PUNCT_RE = re.compile(r"[，,：:]")
_NUM = "0-9一二三四五六七八九十两"
IN_FORCE_RE = re.compile(r"本[\u4e00-\u9fff]{0,8}?自(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日起(?:施行|实施|执行|生效)")
VALID_UNTIL_RE = re.compile(r"有效期至(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
VALIDITY_RE = re.compile(rf"有效期(?:为)?(?P<n>[{_NUM}]{{1,3}})年")
# Numbered items: 一、 / （一） / 1. at the start of a line (indentation allowed).
ITEM_RES = (
    (1, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[一二三四五六七八九十]{1,3}、)")),
    (2, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[（(][一二三四五六七八九十]{1,3}[）)])")),
    (3, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>\d{1,2}[.．、])(?!\d)")),
)
# Sections of a plan that state its frame, not measures.
GENERAL_SECTIONS = frozenset({"总体要求", "指导思想", "基本原则", "主要目标", "工作目标", "发展目标", "总体目标", "目标任务",
                              "适用范围", "附则", "其他", "其他事项", "名词解释", "编制依据"})
NOT_A_MEASURE_RE = re.compile(r"施行|有效期|负责解释|解释权")
LABEL_END_RE = re.compile(r"[。；;：:！!？?]")
TITLE_SCAN_LINES = 15


@dataclass(frozen=True)
class Dated:
    """A date a span of the text states."""

    value: _dt.date
    span: Span


@dataclass(frozen=True)
class Citation:
    """A document the draft cites as its basis (eli:based_on) or as the policy it implements."""

    title: str
    number: str | None  # the 文号 in brackets after the title, as written
    target: URIRef | None  # doc_iri(number) when the number parses
    relation: str  # "based_on" or "implements"
    span: Span


@dataclass(frozen=True)
class MeasureItem:
    marker: str
    label: Span


@dataclass
class DraftFacts:
    """Everything the extraction rules found, each with the span of the text that states it."""

    title: Span | None = None
    doc_number: Span | None = None
    issuers: list[Span] = field(default_factory=list)
    date_document: Dated | None = None
    genre: tuple[str, Span] | None = None  # (code slug, the genre word in the title)
    citations: list[Citation] = field(default_factory=list)
    in_force: Dated | None = None
    valid_until: Dated | None = None
    validity_years: tuple[int, Span] | None = None
    measures: list[MeasureItem] = field(default_factory=list)

    @property
    def bases(self) -> list[Citation]:
        return [c for c in self.citations if c.relation == "based_on"]

    @property
    def implemented(self) -> list[Citation]:
        return [c for c in self.citations if c.relation == "implements"]


def _lines(text: str) -> list[Span]:
    """Non-empty lines, stripped of surrounding whitespace, with their offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append(Span(stripped, start, start + len(stripped)))
        pos += len(raw) + 1
    return out


def _date(y: str, m: str, d: str) -> _dt.date | None:
    try:
        return _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None  # 2023年2月30日: stated, but not a date — left out rather than guessed


def _sub(span: Span, start: int, end: int) -> Span:
    """The part [start:end) of *span*'s text as a span of the whole text."""
    return Span(span.text[start:end], span.start + start, span.start + end)


def _single_organ(name: str) -> bool:
    """True when *name* looks like one organ, not several run together (科技部国家发展改革委)."""
    return bool(ORGAN_RE.match(name)) and len(_ORGAN_HEAD_RE.findall(name)) == 1


def extract_facts(text: str) -> DraftFacts:
    """Read the facts a draft's normalised *text* states (see the module README for the rules)."""
    facts = DraftFacts()
    lines = _lines(text)
    _title_and_number(lines, facts)
    _issuers_and_date(lines, facts)
    facts.citations = _citations(text)
    for attr, regex in (("in_force", IN_FORCE_RE), ("valid_until", VALID_UNTIL_RE)):
        m = regex.search(text)
        if m and (value := _date(m["y"], m["m"], m["d"])) is not None:
            setattr(facts, attr, Dated(value, Span(m.group(0), m.start(), m.end())))
    m = VALIDITY_RE.search(text)
    if m:
        try:
            years = chinese_to_int(m["n"])
        except ValueError:
            years = 0
        if years > 0:
            facts.validity_years = (years, Span(m.group(0), m.start(), m.end()))
    facts.measures = _measures(lines)
    return facts


def _title_and_number(lines: list[Span], facts: DraftFacts) -> None:
    head = lines[:TITLE_SCAN_LINES]
    for line in head:
        m = TITLE_RE.match(line.text)
        if m:
            facts.title = _sub(line, m.start("title"), m.end("title"))
            if m["num"] and DOC_NUMBER_RE.match(m["num"].strip()):
                facts.doc_number = _sub(line, m.start("num"), m.end("num"))
            if m["issuer"] and _single_organ(m["issuer"]):
                facts.issuers.append(_sub(line, m.start("issuer"), m.end("issuer")))
            break
    else:
        # No 关于…的通知 line: the first line is the title if it reads like one (not a sentence).
        if lines and len(lines[0].text) <= 100 and not LABEL_END_RE.search(lines[0].text[-1]):
            facts.title = lines[0]
    if facts.title is not None:
        for word, slug in sorted(GENRES.items(), key=lambda kv: -len(kv[0])):
            if facts.title.text.endswith(word):
                facts.genre = (slug, _sub(facts.title, len(facts.title.text) - len(word), len(facts.title.text)))
                break
    if facts.doc_number is None:
        for line in head:
            if DOC_NUMBER_RE.match(line.text):
                facts.doc_number = line
                break


def _issuers_and_date(lines: list[Span], facts: DraftFacts) -> None:
    for i, line in enumerate(lines):
        m = DATE_LINE_RE.match(line.text)
        if not m:
            continue
        value = _date(m["y"], m["m"], m["d"])
        if value is None:
            continue
        facts.date_document = Dated(value, line)
        # the signature block: organ-name lines right above the date line (one per joint issuer)
        named = {s.text for s in facts.issuers}
        j = i - 1
        block: list[Span] = []
        while j >= 0 and _single_organ(lines[j].text):
            block.insert(0, lines[j])
            j -= 1
        facts.issuers.extend(s for s in block if s.text not in named)
        return


def _mask(text: str) -> str:
    """*text* with the insides of 《》 and of brackets blanked, so words in cited titles trigger nothing."""
    out = list(text)
    for m in re.finditer(r"《[^《》\n]*》|[（(][^（）()\n]*[）)]", text):
        for k in range(m.start() + 1, m.end() - 1):
            out[k] = "□"
    return "".join(out)


def _citations(text: str) -> list[Citation]:
    masked = _mask(text)
    found: list[Citation] = []
    for m in CITATION_RE.finditer(text):
        clause_start = max((e.end() for e in CLAUSE_END_RE.finditer(text, 0, m.start())), default=0)
        triggers = list(TRIGGER_RE.finditer(masked, clause_start, m.start()))
        if not triggers:
            continue
        trigger = triggers[-1]
        if CLAUSE_PUNCT_RE.search(masked, trigger.end(), m.start()):
            continue  # 根据《A》，结合《B》: B is not introduced by 根据
        if trigger.group(0) in BASIS_TRIGGERS:
            relation = "based_on"
        elif trigger.group(0) in IMPLEMENTS_TRIGGERS and text[clause_start:m.start()].lstrip().startswith("为"):
            relation = "implements"  # 为……落实《…》: the policy the draft implements
        else:
            continue
        number = m["num"].strip() if m["num"] else None
        target = None
        if number is not None:
            try:
                target = doc_iri(number)
            except PolicyKGError:
                number = None  # （试行）, （2021—2025年）: not a 文号
        span = Span(m.group(0), m.start(), m.end()) if number else Span(m.group(0)[: m.end("title") + 1 - m.start()],
                                                                          m.start(), m.end("title") + 1)
        found.append(Citation(m["title"], number, target, relation, span))
    return found


def _measures(lines: list[Span]) -> list[MeasureItem]:
    items: list[tuple[int, str, Span]] = []  # (level, marker, rest of the line)
    for line in lines:
        for level, regex in ITEM_RES:
            m = regex.match(line.text)
            if m:
                items.append((level, m["marker"], _sub(line, m.end(), len(line.text))))
                break
    measures: list[MeasureItem] = []
    section = ""
    for k, (level, marker, rest) in enumerate(items):
        end = LABEL_END_RE.search(rest.text)
        label = _sub(rest, 0, end.start() if end else len(rest.text))
        label = _sub(label, 0, len(label.text.rstrip()))
        if level == 1:
            section = label.text
        is_leaf = k + 1 == len(items) or items[k + 1][0] <= level
        if (not is_leaf or not label.text or section in GENERAL_SECTIONS or label.text in GENERAL_SECTIONS
                or NOT_A_MEASURE_RE.search(rest.text)):
            continue
        measures.append(MeasureItem(marker, label))
    return measures


def source_slug(source_name: str) -> str:
    """draft-<file stem>, with characters unsafe in an IRI replaced."""
    stem = Path(source_name).stem
    slug = re.sub(r"[^\w.\-]+", "-", stem).strip("-.") or "draft"
    return f"draft-{slug}"


def document_iri(facts: DraftFacts, source_name: str) -> URIRef:
    """doc_iri(文号) when the draft states one that parses, else doc:draft-<stem>."""
    if facts.doc_number is not None:
        try:
            return doc_iri(facts.doc_number.text)
        except PolicyKGError:
            pass  # malformed beyond the lenient reading: kept as written, judged by the shapes
    return DOC[source_slug(source_name)]


def facts_to_graph(facts: DraftFacts, text: str, source_name: str) -> Graph:
    """The data-model graph of *facts*: the document, its measures, the source text and one excerpt per fact."""
    g = Graph()
    bind_prefixes(g)
    source = SRC[source_slug(source_name)]
    name = Path(source_name).name
    g.add((source, RDF.type, PKG.SourceText))
    # labels name the stem, not the file: the same draft as .txt, .html or .docx gives the same graph
    g.add((source, RDFS.label, Literal(f"草案原文：{Path(name).stem}", lang="zh")))
    g.add((source, RDFS.label, Literal(f"Draft source text: {Path(name).stem}", lang="en")))
    g.add((source, PKG.localPath, Literal(name)))
    g.add((source, PKG.sha256, Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())))

    doc = document_iri(facts, source_name)

    def state(prop: URIRef, value, span: Span, subject: URIRef = doc) -> None:
        g.add((subject, prop, value))
        ex = add_excerpt(g, source, text, span.text, after=span.start, attests=(prop,))
        g.add((subject, PROV.wasDerivedFrom, ex))

    g.add((doc, RDF.type, PKG.PolicyDocument))
    if facts.doc_number is not None:
        state(PKG.docNumber, Literal(facts.doc_number.text), facts.doc_number)
        g.add((doc, RDFS.label, Literal(facts.doc_number.text, lang="zh")))
    if facts.title is not None:
        state(DCTERMS.title, Literal(facts.title.text, lang="zh"), facts.title)
        if facts.doc_number is None:
            g.add((doc, RDFS.label, Literal(facts.title.text, lang="zh")))
    if facts.genre is not None:
        state(PKG.genre, CODE[f"genre-{facts.genre[0]}"], facts.genre[1])
    for issuer in facts.issuers:
        state(ELI.passed_by, ORG_ID[issuer.text], issuer)
    if facts.date_document is not None:
        state(ELI.date_document, Literal(facts.date_document.value, datatype=XSD.date), facts.date_document.span)
    for c in facts.citations:
        if c.target is not None:
            state(ELI.based_on if c.relation == "based_on" else PKG.implementsPolicy, c.target, c.span)
    if facts.in_force is not None:
        state(ELI.first_date_entry_in_force, Literal(facts.in_force.value, datatype=XSD.date), facts.in_force.span)
    if facts.valid_until is not None:
        state(ELI.date_no_longer_in_force, Literal(facts.valid_until.value, datatype=XSD.date), facts.valid_until.span)
    if facts.validity_years is not None:
        years, span = facts.validity_years
        state(PKG.validityPeriod, Literal(f"P{years}Y", datatype=XSD.duration), span)
    for n, item in enumerate(facts.measures, start=1):
        measure = URIRef(f"{doc}/measure-{n:02d}")
        g.add((measure, RDF.type, PKG.Measure))
        g.add((measure, PKG.measureOf, doc))
        state(RDFS.label, Literal(item.label.text, lang="zh"), item.label, subject=measure)
    # every article, paragraph and measure cut into clauses, with what the content rule book finds (issue 9)
    add_clauses(g, doc, source, text, title=facts.title.text if facts.title is not None else "")
    return g


def draft_graph(text: str, *, source_name: str) -> tuple[Graph, str]:
    """Extract what the draft *text* states; return the graph and the normalised text its offsets count in.

    Args:
        text: the draft's plain text (normalised here: NFC, LF line ends, no BOM).
        source_name: the file name; it names the source node (src:draft-<stem>) and is its pkg:localPath.
    """
    text = normalise(text)
    return facts_to_graph(extract_facts(text), text, source_name), text


@dataclass(frozen=True)
class IngestedDraft:
    """A draft file read and extracted."""

    graph: Graph
    text: str
    facts: DraftFacts
    document: URIRef
    source_format: str


def ingest_file(path: Path) -> IngestedDraft:
    """Read a .txt/.html/.docx/.pdf draft and extract its graph (PolicyKGError, one line, on bad input)."""
    path = Path(path)
    draft = read_draft(path)
    facts = extract_facts(draft.text)
    graph = facts_to_graph(facts, draft.text, path.name)
    return IngestedDraft(graph, draft.text, facts, document_iri(facts, path.name), draft.source_format)


def _span_json(span: Span) -> dict:
    return {"quote": span.text, "start": span.start, "end": span.end}


def facts_json(draft: IngestedDraft, source_name: str) -> dict:
    """A JSON-ready summary of what was found, with the offsets of every quote."""
    f = draft.facts
    out: dict = {"source": source_name, "format": draft.source_format, "document": str(draft.document)}
    if f.title:
        out["title"] = {"value": f.title.text, **_span_json(f.title)}
    if f.doc_number:
        out["docNumber"] = {"value": f.doc_number.text, **_span_json(f.doc_number)}
    if f.genre:
        out["genre"] = {"value": str(CODE[f"genre-{f.genre[0]}"]), **_span_json(f.genre[1])}
    out["issuers"] = [{"value": str(ORG_ID[s.text]), **_span_json(s)} for s in f.issuers]
    for key, dated in (("dateDocument", f.date_document), ("firstDateEntryInForce", f.in_force),
                       ("dateNoLongerInForce", f.valid_until)):
        if dated:
            out[key] = {"value": dated.value.isoformat(), **_span_json(dated.span)}
    if f.validity_years:
        out["validityPeriod"] = {"value": f"P{f.validity_years[0]}Y", **_span_json(f.validity_years[1])}
    out["citations"] = [
        {"relation": c.relation, "title": c.title, "docNumber": c.number,
         "target": str(c.target) if c.target else None, **_span_json(c.span)}
        for c in f.citations
    ]
    out["measures"] = [{"marker": m.marker, "label": m.label.text, **_span_json(m.label)} for m in f.measures]
    return out


__all__ = ["draft_graph", "extract_facts", "facts_to_graph", "ingest_file", "facts_json", "DraftFacts", "Citation",
           "MeasureItem", "IngestedDraft", "document_iri", "source_slug"]
