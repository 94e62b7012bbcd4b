"""Evaluation reports (实施后评估报告, 评估情况的报告, 自评报告) read into an evaluation graph, every fact quoted.

`is_evaluation_report(text)` decides by the title; `extract_evaluation(text)` reads the genre's structure (no RDF):
the evaluated documents with their 文号 and the aliases the report uses (以下简称《意见》), the dimensions it says it
covered and the parts it has for them, the implementation areas (the numbered parts of the implementation part), the
conclusion and the decision on the validity period, the rationale, the next-step measures, and the results
(`policykg.ingest.results.extract_results`, the one result extractor) linked to their areas. `evaluation_graph`
turns that into the data model of docs/data-model.md (the hand-built case data/cases/weihai-2023 is the reference);
every node is marked ``pkg:reviewState code:review-extracted`` until a reviewer confirms it. The words are data:
data/ingest/evaluation.toml. What no rule finds is left out.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..errors import PolicyKGError
from ..identifiers import doc_iri, title_slug
from ..namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC, bind_prefixes
from ..provenance import add_excerpt
from ..resources import resource_dir
from .draft import (
    ORGAN_RE,
    _lines,  # the draft reader's line splitter (same offsets)
)
from .draft import source_slug as draft_source_slug
from .lawmd import Span
from .results import Result, extract_results
from .text import normalise, read_draft

LEXICON_FILE = "ingest/evaluation.toml"
TITLE_SCAN_LINES = 15
_CN = "一二三四五六七八九十"
LEVEL_RES = (
    (1, re.compile(rf"^(?P<marker>[{_CN}]{{1,3}}、)")),
    (2, re.compile(rf"^(?P<marker>[（(][{_CN}]{{1,3}}[）)])")),
    (3, re.compile(r"^(?P<marker>\d{1,2}[.．、])(?!\d)")),
)
# 《title》(文号,以下简称《alias》) — brackets half or full width, either part optional but not both.
EVALUATED_RE = re.compile(
    r"《(?P<title>[^《》\n]{2,120})》[（(]\s*(?:(?P<num>[^，,（）()\n]{2,30}?〔\d{4}〕\d+号)\s*[，,、;；]?\s*)?"
    r"(?:以下简称(?P<alias>《[^《》\n]{1,20}》|“[^”\n]{1,20}”))?\s*[）)]")
INDEX_RE = re.compile(r"索引号[:：]\s*(?P<v>[0-9A-Za-z/\-]+)")
ISSUER_RE = re.compile(r"(?:发布单位|发布机构|发文机关)[:：]\s*(?P<v>[\u4e00-\u9fff]{2,40})")
PUBLISHED_RE = re.compile(r"(?:发布日期|公开日期)[:：]\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
ISO_DATE_RE = re.compile(r"成文日期[:：]\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
CN_DATE_LINE_RE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
# 符合《A》(文号)、《B》(文号)等文件规定: the documents the legality part says the evaluated ones conform with
CONFORMS_RE = re.compile(r"符合(?:《[^《》\n]{2,120}》[（(][^（）()\n]{2,30}〔\d{4}〕\d+号[）)][、和及与]?)+")
CITED_RE = re.compile(r"《[^《》\n]{2,120}》[（(](?P<num>[^（）()\n]{2,30}〔\d{4}〕\d+号)[）)]")
HEAD_END_RE = re.compile(r"[。；;：:！!？?]")


@dataclass(frozen=True)
class Lexicon:
    detect: tuple[str, ...]
    dimensions: dict[str, tuple[str, ...]]
    claim_lead: tuple[str, ...]
    claim_close: tuple[str, ...]
    parts: dict[str, tuple[str, ...]]
    conclusion: dict[str, tuple[str, ...]]
    validity: dict[str, tuple[str, ...]]
    rationale_lead: tuple[str, ...]
    rationale_close: tuple[str, ...]
    skip_ending: tuple[str, ...]
    measure_leads: tuple[str, ...] = ()
    measure_ends: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with open(resource_dir("data") / LEXICON_FILE, "rb") as fh:
        d = tomllib.load(fh)

    def table(name: str) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) for k, v in d[name].items()}

    return Lexicon(tuple(d["detect"]["title"]), table("dimensions"), tuple(d["claim"]["lead"]),
                   tuple(d["claim"]["close"]), table("parts"), table("conclusion"), table("validity"),
                   tuple(d["rationale"]["lead"]), tuple(d["rationale"]["close"]), tuple(d["finding"]["skip_ending"]),
                   tuple(d["measures"]["leads"]), tuple(d["measures"]["ends"]))


@dataclass
class Part:
    """A numbered part: 一、 / （一） / 1. with its heading and the span of its whole text."""

    level: int
    marker: str
    heading: Span  # the words after the marker up to the first 。；：
    line: Span  # the whole heading line
    start: int
    end: int = 0
    role: str | None = None  # basics, conclusion, next_steps, problems (from the lexicon), or None
    dimensions: tuple[str, ...] = ()
    parent: Part | None = field(default=None, repr=False)
    children: list[Part] = field(default_factory=list, repr=False)

    @property
    def path(self) -> str:
        """二(一) for a level-2 part under 二、, 二(二)1. for an area."""
        marks = []
        p: Part | None = self
        while p is not None:
            m = p.marker.rstrip("、") if p.level == 1 else p.marker.replace("（", "(").replace("）", ")")
            marks.append(m.replace("．", "."))
            p = p.parent
        return "".join(reversed(marks))


@dataclass(frozen=True)
class Evaluated:
    title: str
    number: str | None
    alias: str | None
    span: Span  # the whole citation 《…》(…)

    @property
    def iri(self) -> URIRef:
        if self.number:
            try:
                return doc_iri(self.number)
            except PolicyKGError:
                pass
        return DOC[title_slug(self.title)]


@dataclass(frozen=True)
class Coded:
    code: str
    span: Span


@dataclass
class EvaluationFacts:
    title: Span | None = None
    marker: Span | None = None  # the title word that made it an evaluation report
    index_number: Span | None = None
    issuer: Span | None = None
    date: tuple[str, Span] | None = None  # ISO date, the span stating it
    published: tuple[str, Span] | None = None  # the page's 发布日期 (eli:date_publication of the report)
    evaluated: list[Evaluated] = field(default_factory=list)
    claimed: list[Coded] = field(default_factory=list)  # dimension codes with the item that claims each
    claim: Span | None = None  # the whole claim sentence part (围绕……等方面)
    parts: list[Part] = field(default_factory=list)  # every numbered part, in order
    assessments: list[Part] = field(default_factory=list)  # the parts that assess a dimension
    areas: list[Part] = field(default_factory=list)
    planned: list[tuple[Part, Span]] = field(default_factory=list)  # (part, its paragraph)
    conclusion: Coded | None = None
    validity: Coded | None = None
    rationale: Span | None = None
    conforms_with: list[tuple[str, Span]] = field(default_factory=list)  # (文号, citation) after 符合 in 合法性
    results: list[tuple[Result, Part | None]] = field(default_factory=list)
    measures: list[tuple[Span, Part]] = field(default_factory=list)  # (the clause, its area)
    findings: dict[int, Span] = field(default_factory=dict)  # assessment part start → its finding sentence

    @property
    def present(self) -> set[str]:
        """Dimensions the report has a part for."""
        return {d for p in self.assessments for d in p.dimensions}


def _sub(span: Span, start: int, end: int) -> Span:
    return Span(span.text[start:end], span.start + start, span.start + end)


def find_title(text: str, lex: Lexicon | None = None) -> tuple[Span, Span] | None:
    """The title line (among the first lines) that names the genre, and the word that does."""
    lex = lex or lexicon()
    for line in _lines(text)[:TITLE_SCAN_LINES]:
        if len(line.text) > 150 or "：" in line.text[:8] or ":" in line.text[:8]:
            continue  # metadata rows (索引号: …) and long sentences are not titles
        for word in sorted(lex.detect, key=len, reverse=True):
            k = line.text.find(word)
            if k >= 0:
                return line, _sub(line, k, k + len(word))
    return None


def is_evaluation_report(text: str) -> bool:
    return find_title(normalise(text)) is not None


def _match_words(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    return [key for key, words in table.items() if any(w in text for w in words)]


def _longest(text: str, table: dict[str, tuple[str, ...]], start: int, end: int) -> Coded | None:
    best: tuple[int, int, str] | None = None
    for key, words in table.items():
        for w in words:
            k = text.find(w, start, end)
            if k >= 0 and (best is None or len(w) > best[1] - best[0] or (len(w) == best[1] - best[0] and k < best[0])):
                best = (k, k + len(w), key)
    if best is None:
        return None
    return Coded(best[2], Span(text[best[0]:best[1]], best[0], best[1]))


def _parts(text: str, lines: list[Span], lex: Lexicon, after: int) -> list[Part]:
    parts: list[Part] = []
    for line in lines:
        if line.start < after:
            continue
        for level, regex in LEVEL_RES:
            m = regex.match(line.text)
            if m:
                rest = _sub(line, m.end(), len(line.text))
                end = HEAD_END_RE.search(rest.text)
                heading = _sub(rest, 0, end.start() if end else len(rest.text))
                parts.append(Part(level, m["marker"], heading, line, line.start))
                break
    stack: list[Part] = []
    for p in parts:
        while stack and stack[-1].level >= p.level:
            stack.pop()
        p.parent = stack[-1] if stack else None
        if p.parent is not None:
            p.parent.children.append(p)
        stack.append(p)
    for i, p in enumerate(parts):  # a part runs to the next part of the same or a higher level
        nxt = next((q.start for q in parts[i + 1:] if q.level <= p.level), len(text))
        p.end = nxt
        for role, words in lex.parts.items():
            if any(w in p.heading.text for w in words):
                p.role = role
                break
    return parts


def _in_role(p: Part, role: str) -> bool:
    q: Part | None = p
    while q is not None:
        if q.role == role:
            return True
        q = q.parent
    return False


def extract_evaluation(text: str) -> EvaluationFacts:
    """Read an evaluation report's normalised *text* (see the module docstring for the rules)."""
    lex = lexicon()
    f = EvaluationFacts()
    lines = _lines(text)
    found = find_title(text, lex)
    body_start = 0
    if found:
        f.title, f.marker = found
        body_start = f.title.end
    if m := INDEX_RE.search(text, 0, body_start or len(text)):
        f.index_number = Span(m["v"], m.start("v"), m.end("v"))
    if m := ISSUER_RE.search(text, 0, body_start or len(text)):
        f.issuer = Span(m["v"], m.start("v"), m.end("v"))
    elif f.title is not None and "关于" in f.title.text:
        head = f.title.text.split("关于", 1)[0]
        if head and ORGAN_RE.match(head):
            f.issuer = _sub(f.title, 0, len(head))
    if m := PUBLISHED_RE.search(text, 0, body_start or len(text)):
        f.published = (f"{m['y']}-{m['m']}-{m['d']}", Span(m.group(0), m.start(), m.end()))
    if m := ISO_DATE_RE.search(text):
        f.date = (f"{m['y']}-{m['m']}-{m['d']}", Span(m.group(0), m.start(), m.end()))
    else:
        for line in reversed(lines):
            if m := CN_DATE_LINE_RE.match(line.text):
                f.date = (f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}", line)
                break

    f.parts = _parts(text, lines, lex, body_start)
    first_part = f.parts[0].start if f.parts else len(text)
    # evaluated documents: cited with a 文号 or an alias before the first numbered part (the opening paragraph),
    # else in the title
    for m in EVALUATED_RE.finditer(text, body_start, first_part):
        if m["num"] or m["alias"]:
            f.evaluated.append(Evaluated(m["title"], m["num"], m["alias"], Span(m.group(0), m.start(), m.end())))
    _claims(text, f, lex)

    for p in f.parts:
        if p.role in ("conclusion", "next_steps", "basics") or _in_role(p, "next_steps") or _in_role(p, "conclusion"):
            continue
        dims = tuple(d for d in lex.dimensions if d != "problems" and any(w in p.heading.text for w in
                                                                           lex.dimensions[d]))
        if p.role == "problems":
            dims = ("problems",)
        if dims and p.level <= 2 and not any(_covers(q, p) for q in f.assessments):
            p.dimensions = dims
            f.assessments.append(p)
            if (s := _finding(text, p, lex)) is not None:
                f.findings[p.start] = s
    for p in f.assessments:
        if "legality" in p.dimensions:
            for m in CONFORMS_RE.finditer(text, p.start, p.end):
                for c in CITED_RE.finditer(m.group(0)):
                    f.conforms_with.append((c["num"], Span(c.group(0), m.start() + c.start(), m.start() + c.end())))
    impl = [p for p in f.assessments if "implementation" in p.dimensions or "effects" in p.dimensions]
    for p in impl:
        f.areas.extend(p.children)
    for p in f.parts:
        if p.role == "next_steps":
            for child in p.children:
                f.planned.append((child, _paragraph(text, child)))
    concl = next((p for p in f.parts if p.role == "conclusion"), None)
    start, end = (concl.start, concl.end) if concl else (body_start, len(text))
    f.conclusion = _longest(text, lex.conclusion, start, end)
    f.validity = _longest(text, lex.validity, start, end)
    f.rationale = _between(text, lex.rationale_lead, lex.rationale_close, start, end)

    planned_ranges = [(p.start, p.end) for p in f.parts if p.role == "next_steps"]
    for r in extract_results(text):
        if r.statement.start < body_start or any(a <= r.statement.start < b for a, b in planned_ranges):
            continue
        area = next((a for a in f.areas if a.start <= r.statement.start < a.end), None)
        f.results.append((r, area))
    f.measures = _measures(text, f, lex)
    return f


CLAUSE_RE = re.compile(r"[^，,。；;：:\n]+")


def _measures(text: str, f: EvaluationFacts, lex: Lexicon) -> list[tuple[Span, Part]]:
    """Clauses of each area that open with a measure word (大力实施, 健全, 加强 …) or end with one (深入推进), and
    state no figure or result of the result extractor."""
    taken = []
    for r, _ in f.results:
        taken.append((r.figure.start, r.figure.end) if r.figure is not None else (r.statement.start, r.statement.end))
    out: list[tuple[Span, Part]] = []
    for area in f.areas:
        body_start = area.heading.end + 1
        for m in CLAUSE_RE.finditer(text, body_start, area.end):
            clause = m.group(0).strip()
            if len(clause) < 4:
                continue
            start = m.start() + m.group(0).index(clause)
            end = start + len(clause)
            if any(a < end and start < b for a, b in taken):
                continue
            if clause.startswith(lex.measure_leads) or clause.endswith(lex.measure_ends):
                out.append((Span(clause, start, end), area))
    return out


def _covers(outer: Part, inner: Part) -> bool:
    return outer.start <= inner.start < outer.end


def _claims(text: str, f: EvaluationFacts, lex: Lexicon) -> None:
    """围绕A、B、C等方面: the dimensions the report says it covered (in the opening and basics parts)."""
    basics = next((p for p in f.parts if p.role == "basics"), None)
    end = basics.end if basics else (f.parts[1].start if len(f.parts) > 1 else len(text))
    start = f.title.end if f.title else 0
    closes = "|".join(map(re.escape, sorted(lex.claim_close, key=len, reverse=True)))
    for lead in lex.claim_lead:  # in the lexicon's order: the most specific lead word first
        for m in re.finditer(rf"{re.escape(lead)}(?P<list>[^。；;\n]{{4,200}}?)(?:{closes})", text[:end]):
            if m.start() < start:
                continue
            items = re.split(r"[、，,和及与]", m["list"])
            pos = m.start("list")
            coded: list[Coded] = []
            for item in items:
                k = text.find(item, pos)
                pos = k + len(item)
                for dim, words in lex.dimensions.items():
                    if item and any(w in item for w in words):
                        coded.append(Coded(dim, Span(item, k, k + len(item))))
                        break
            if len(coded) >= 2:
                f.claimed = coded
                f.claim = Span(m.group(0), m.start(), m.end())
                return


def _finding(text: str, p: Part, lex: Lexicon) -> Span | None:
    """The first sentence of a part's text after its heading (the heading line's rest, or the next paragraph)."""
    after = p.line.end if p.heading.end >= p.line.end - 1 else p.heading.end + 1
    body = text[after:p.end]
    lead = len(body) - len(body.lstrip())
    start = after + lead
    m = re.search(r"。", text[start:p.end])
    if not m:
        return None
    end = start + m.end()
    sentence = text[start:end]
    if not sentence.strip("。") or any(sentence.rstrip("。").endswith(w) for w in lex.skip_ending):
        return None
    return Span(sentence, start, end)


def _paragraph(text: str, p: Part) -> Span:
    end = text.find("\n", p.start)
    end = len(text) if end < 0 or end > p.end else end
    return Span(text[p.start:end], p.start, end)


def _between(text: str, leads, closes, start: int, end: int) -> Span | None:
    for lead in leads:
        k = text.find(lead, start, end)
        if k < 0:
            continue
        stop = min((j for c in closes if (j := text.find(c, k, end)) >= 0), default=-1)
        if stop > k:
            s = text[k:stop].rstrip(",，;；")
            return Span(s, k, k + len(s))
    return None


# -------------------------------------------------------------------------------------------------------------
# Graph
# -------------------------------------------------------------------------------------------------------------


def source_slug(source_name: str) -> str:
    """report-<file stem>: the draft reader's slug of the stem, with the report- prefix."""
    return "report-" + draft_source_slug(source_name).removeprefix("draft-")


def report_iri(f: EvaluationFacts, source_name: str) -> URIRef:
    if f.index_number is not None:
        return DOC["idx-" + f.index_number.text.replace("/", "-")]
    return DOC[source_slug(source_name)]


def _decimal(v: float) -> Literal:
    d = Decimal(str(v))
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    return Literal(d, datatype=XSD.decimal)


def evaluation_graph(f: EvaluationFacts, text: str, source_name: str) -> Graph:
    """The evaluation graph of *f*: report, evaluation, assessments, areas, results, planned measures, excerpts."""
    g = Graph()
    bind_prefixes(g)
    source = SRC[source_slug(source_name)]
    g.add((source, RDF.type, PKG.SourceText))
    g.add((source, RDFS.label, Literal(f"评估报告原文：{Path(source_name).stem}", lang="zh")))
    g.add((source, RDFS.label, Literal(f"Evaluation report source text: {Path(source_name).stem}", lang="en")))
    g.add((source, PKG.localPath, Literal(Path(source_name).name)))
    g.add((source, PKG.sha256, Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())))
    extracted = CODE["review-extracted"]

    def quote(node: URIRef, span: Span, *props: URIRef) -> URIRef:
        ex = add_excerpt(g, source, text, span.text, after=span.start, attests=props)
        g.add((node, PROV.wasDerivedFrom, ex))
        return ex

    def state(subject: URIRef, prop: URIRef, value, span: Span) -> None:
        g.add((subject, prop, value))
        quote(subject, span, prop)

    def node(iri: URIRef, cls: URIRef, label: str) -> URIRef:
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label, lang="zh")))
        g.add((iri, PKG.reviewState, extracted))
        return iri

    report = report_iri(f, source_name)
    ev = URIRef(f"{report}/evaluation")
    node(report, PKG.EvaluationReport, f.title.text if f.title else Path(source_name).stem)
    if f.title is not None:
        g.add((report, DCTERMS.title, Literal(f.title.text, lang="zh")))
        g.add((report, PKG.instrumentForm, CODE["form-evaluation-report"]))
        quote(report, f.title, DCTERMS.title, PKG.instrumentForm)
    if f.index_number is not None:
        state(report, PKG.indexNumber, Literal(f.index_number.text), f.index_number)
    if f.issuer is not None:
        state(report, ELI.passed_by, ORG_ID[f.issuer.text], f.issuer)
        state(ev, PKG.evaluator, ORG_ID[f.issuer.text], f.issuer)
    if f.date is not None:
        state(report, ELI.date_document, Literal(f.date[0], datatype=XSD.date), f.date[1])
        state(ev, PKG.evaluationDate, Literal(f.date[0], datatype=XSD.date), f.date[1])
    if f.published is not None:
        state(report, ELI.date_publication, Literal(f.published[0], datatype=XSD.date), f.published[1])

    node(ev, PKG.Evaluation, "实施后评估" if not f.evaluated else
         "".join(e.alias or f"《{e.title}》" for e in f.evaluated) + "实施后评估")
    g.add((ev, PKG.evaluationReport, report))
    for e in f.evaluated:
        doc = e.iri
        g.add((ev, PKG.evaluates, doc))
        quote(ev, e.span, PKG.evaluates)
        g.add((doc, DCTERMS.title, Literal(e.title, lang="zh")))
        props: list[URIRef] = [DCTERMS.title]
        if e.number:
            g.add((doc, PKG.docNumber, Literal(e.number)))
            g.add((doc, RDFS.label, Literal(e.number, lang="zh")))
            props.append(PKG.docNumber)
        if e.alias:
            g.add((doc, PKG.shortTitle, Literal(e.alias, lang="zh")))
            props.append(PKG.shortTitle)
        quote(doc, e.span, *props)
    for c in f.claimed:
        g.add((ev, PKG.declaresDimension, CODE[f"dimension-{c.code}"]))
    if f.claim is not None:
        quote(ev, f.claim, PKG.declaresDimension)
    for p in f.assessments:
        a = node(URIRef(f"{report}/assessment-{'-'.join(p.dimensions)}"), PKG.DimensionAssessment,
                 f"{p.path}{p.heading.text}")
        g.add((ev, PKG.hasAssessment, a))
        for d in p.dimensions:
            g.add((a, PKG.dimension, CODE[f"dimension-{d}"]))
        g.add((a, PKG.section, Literal(p.path)))
        g.add((a, PKG.heading, Literal(p.heading.text, lang="zh")))
        quote(a, p.heading, PKG.dimension, PKG.heading)
        if (s := f.findings.get(p.start)) is not None:
            g.add((a, PKG.finding, Literal(s.text, lang="zh")))
            quote(a, s, PKG.finding)
    areas: dict[int, URIRef] = {}
    for n, p in enumerate(f.areas, 1):
        a = node(URIRef(f"{report}/area-{n}"), PKG.ImplementationArea, f"{p.marker}{p.heading.text}")
        areas[p.start] = a
        g.add((a, PKG.areaOf, ev))
        g.add((a, PKG.number, Literal(p.marker)))
        g.add((a, PKG.ordinal, Literal(n, datatype=XSD.integer)))
        g.add((a, PKG.heading, Literal(p.heading.text, lang="zh")))
        g.add((a, PKG.section, Literal(p.path)))
        quote(a, p.heading, PKG.heading)
        for e in f.evaluated:
            g.add((a, PKG.areaConcerns, e.iri))
    for n, (r, area) in enumerate(f.results, 1):
        res = node(URIRef(f"{report}/result-{n:02d}"),
                   PKG.QualitativeResult if r.value is None else PKG.QuantitativeResult, r.statement.text)
        props = []
        if r.value is not None:
            g.add((res, PKG.value, _decimal(r.value)))
            props.append(PKG.value)
            if r.unit_code:
                g.add((res, PKG.unit, CODE[r.unit_code]))
                props.append(PKG.unit)
            if r.comparator:
                g.add((res, PKG.comparator, CODE[r.comparator]))
                props.append(PKG.comparator)
        if r.achievement:
            g.add((res, PKG.achievementType, CODE[r.achievement]))
            props.append(PKG.achievementType)
        if r.period and re.fullmatch(r"\d{4}", r.period):
            g.add((res, PKG.period, Literal(r.period, datatype=XSD.gYear)))
            props.append(PKG.period)
        elif r.period:
            g.add((res, PKG.period, Literal(r.period, lang="zh")))
            props.append(PKG.period)
        if r.subject:
            g.add((res, PKG.subject, Literal(r.subject, lang="zh")))
        if r.rank is not None:
            g.add((res, PKG.rankPosition, Literal(r.rank.position, datatype=XSD.integer)))
            g.add((res, PKG.rankScope, Literal(r.rank.scope, lang="zh")))
            props.append(PKG.rankPosition)
        quote(res, r.statement, *props)
        if r.change is not None:
            g.add((res, PKG.changeValue, _decimal(-r.change.value if r.change.direction == "down" else r.change.value)))
            g.add((res, PKG.baselineLabel, Literal(r.change.baseline, lang="zh")))
            quote(res, r.change.span, PKG.changeValue, PKG.baselineLabel)
        if area is not None:
            g.add((res, PKG.inArea, areas[area.start]))
        g.add((res, PKG.reportedIn, report))
        for e in f.evaluated:
            g.add((res, PKG.attributedTo, e.iri))
        if f.evaluated:
            quote(res, f.evaluated[0].span, PKG.attributedTo)
    for n, (clause, area) in enumerate(f.measures, 1):
        m = node(URIRef(f"{report}/measure-{n:02d}"), PKG.Measure, clause.text)
        g.add((m, PKG.inArea, areas[area.start]))
        quote(m, clause, PKG.inArea)
        for e in f.evaluated:
            g.add((m, PKG.measureOf, e.iri))
        if f.evaluated:
            quote(m, f.evaluated[0].span, PKG.measureOf)
    for n, (p, para) in enumerate(f.planned, 1):
        m = node(URIRef(f"{report}/planned-{n:02d}"), PKG.PlannedMeasure, p.heading.text)
        g.add((m, PKG.plannedIn, ev))
        g.add((m, PKG.number, Literal(p.marker)))
        g.add((m, PKG.ordinal, Literal(n, datatype=XSD.integer)))
        g.add((m, PKG.heading, Literal(p.heading.text, lang="zh")))
        g.add((m, PKG.text, Literal(para.text, lang="zh")))
        quote(m, para, PKG.plannedIn, PKG.text)
    if f.conclusion is not None:
        g.add((ev, PKG.conclusion, CODE[f"conclusion-{f.conclusion.code}"]))
        quote(ev, f.conclusion.span, PKG.conclusion)
    if f.validity is not None:
        g.add((ev, PKG.validityDecision, CODE[f"validity-decision-{f.validity.code}"]))
        quote(ev, f.validity.span, PKG.validityDecision)
    for number, span in f.conforms_with:
        try:
            g.add((ev, PKG.assessedConformityWith, doc_iri(number)))
        except PolicyKGError:
            continue
        quote(ev, span, PKG.assessedConformityWith)
    if f.rationale is not None:
        g.add((ev, PKG.rationale, Literal(f.rationale.text, lang="zh")))
        quote(ev, f.rationale, PKG.rationale)
    return g


@dataclass(frozen=True)
class IngestedEvaluation:
    graph: Graph
    text: str
    facts: EvaluationFacts
    report: URIRef
    source_format: str


def ingest_evaluation_text(text: str, source_name: str) -> IngestedEvaluation:
    text = normalise(text)
    facts = extract_evaluation(text)
    return IngestedEvaluation(evaluation_graph(facts, text, source_name), text, facts,
                              report_iri(facts, source_name), "txt")


def ingest_evaluation_file(path: Path) -> IngestedEvaluation:
    """Read a .txt/.html/.docx/.pdf evaluation report into its evaluation graph (PolicyKGError on bad input)."""
    path = Path(path)
    draft = read_draft(path)
    facts = extract_evaluation(draft.text)
    return IngestedEvaluation(evaluation_graph(facts, draft.text, path.name), draft.text, facts,
                              report_iri(facts, path.name), draft.source_format)


def _span(s: Span) -> dict:
    return {"quote": s.text, "start": s.start, "end": s.end}


def evaluation_json(ing: IngestedEvaluation, source_name: str) -> dict:
    """What was found, with the offsets of every quote (`policykg ingest --format json`)."""
    f = ing.facts
    out: dict = {"source": source_name, "format": ing.source_format, "genre": "evaluation-report",
                 "report": str(ing.report), "reviewState": "extracted"}
    if f.title:
        out["title"] = _span(f.title)
    if f.date:
        out["date"] = {"value": f.date[0], **_span(f.date[1])}
    if f.issuer:
        out["evaluator"] = _span(f.issuer)
    out["evaluated"] = [{"title": e.title, "docNumber": e.number, "alias": e.alias, "iri": str(e.iri),
                         **_span(e.span)} for e in f.evaluated]
    out["dimensionsClaimed"] = [{"dimension": c.code, **_span(c.span)} for c in f.claimed]
    out["dimensionsPresent"] = sorted(f.present)
    out["dimensionsMissing"] = sorted({c.code for c in f.claimed} - f.present)
    out["assessments"] = [{"section": p.path, "dimensions": list(p.dimensions), **_span(p.heading)}
                          for p in f.assessments]
    out["areas"] = [{"section": p.path, "heading": p.heading.text, **_span(p.heading)} for p in f.areas]
    out["results"] = [{**r.to_json(), "area": f.areas.index(a) + 1 if a is not None else None}
                      for r, a in f.results]
    for key, c in (("conclusion", f.conclusion), ("validityDecision", f.validity)):
        if c is not None:
            out[key] = {"code": c.code, **_span(c.span)}
    if f.rationale:
        out["rationale"] = _span(f.rationale)
    out["measures"] = [{"area": f.areas.index(a) + 1, **_span(c)} for c, a in f.measures]
    out["nextSteps"] = [{"marker": p.marker, "heading": p.heading.text, **_span(para)} for p, para in f.planned]
    return out


__all__ = [
    "Coded",
    "Evaluated",
    "EvaluationFacts",
    "IngestedEvaluation",
    "Part",
    "evaluation_graph",
    "evaluation_json",
    "extract_evaluation",
    "find_title",
    "ingest_evaluation_file",
    "ingest_evaluation_text",
    "is_evaluation_report",
    "lexicon",
    "report_iri",
]
