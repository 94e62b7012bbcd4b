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
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .. import vocab
from ..content.graph import add_clauses
from ..identifiers import NumberMatch, find_doc_numbers, repair
from ..namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC, bind_prefixes
from ..provenance import add_excerpt
from .citations import Citation, extract_citations
from .lawmd import Span
from .metadata import Field, extract_metadata, is_chrome, parse_date
from .normalise import Normalised, normalise_text
from .numerals import chinese_to_int
from .resolve import Registry
from .results import Result, extract_results
from .targets import Target, extract_targets
from .text import normalise, read_draft

# A title may also end with the form it carries (办法, 方案 …) when the draft is the attachment itself.
FORMS = ("实施意见", "实施方案", "行动计划", "实施细则", "办法", "方案", "规定", "细则", "措施", "规划", "计划", "指引", "条例",
         "规则", "办法（试行）", "办法(试行)")
_BRACKET_NUMBER = r"(?:\s*[（(](?P<num>[^（）()\n]{3,40})[）)])?"


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """TITLE_RE and TITLE2_RE; the genre words (文种, 党政机关公文处理工作条例 第8条) are the ontology's pkg:titleWord."""
    endings = "|".join(sorted([w for w, _slug in vocab.genre_title_words()] + list(FORMS), key=len, reverse=True))
    # X关于……的通知 (optionally followed by its 文号 in brackets), a whole line — possibly in 《》 or “”, possibly
    # after its 文号 (国发〔2022〕18号《国务院关于……的意见》).
    title = re.compile(rf"^(?P<pre>[^\s《“]{{0,25}}?[号號]\s*)?[《“]?(?P<title>(?P<issuer>[^\n。；;，,：:]{{0,60}}?)关于[^。；;\n]{{1,150}}?"
                       rf"(?:{endings}))[》”]?{_BRACKET_NUMBER}[\s|]*$")
    # A title without 关于: a line that ends in a genre or form word (…自评报告, …管理规定, …条例).
    title2 = re.compile(rf"^(?P<title>[^。；;，,：:！？!?|\n]{{4,80}}?(?:{endings}|条例|规则|报告)(?:[（(]试行[）)])?)[\s|]*$")
    return title, title2


DATE_LINE_RE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
# A date line that also carries the 文号: 2023年7月16日 威政字〔2023〕40号 (either order)
DATE_AND_NUMBER_RE = re.compile(r"^(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?P<n1>\S.{3,30})|(?P<n2>\S.{3,30}?)\s*"
                                r"(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)$")
# Organ names: the last characters of an issuing organ's name.
ORGAN_RE = re.compile(r"^[\u4e00-\u9fff]{2,40}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|政府|局|厅|部|委|署|院|中心)$")
_ORGAN_HEAD_RE = re.compile(r"人民政府办公[厅室]|[府厅室局部委署院]")
_NUM = "0-9一二三四五六七八九十两"
IN_FORCE_RE = re.compile(r"本[\u4e00-\u9fff]{0,8}?自(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日起(?:施行|实施|执行|生效)")
VALID_UNTIL_RE = re.compile(r"有效期至(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
VALIDITY_RE = re.compile(rf"有效期(?:为)?(?P<n>[{_NUM}]{{1,3}})年")
# Numbered items: 一、 / （一） / 1. at the start of a line (indentation allowed).
ITEM_RES = (
    (1, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[一二三四五六七八九十]{1,3}、)")),
    (2, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[（(][一二三四五六七八九十]{1,3}[）)])")),
    (3, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>\d{1,2}[.．、])(?!\d)")),
    (4, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[（(]\d{1,2}[）)])")),
    (5, re.compile(r"^(?P<ws>[ \t\u3000]*)(?P<marker>[①-⑳])")),
)
# Sections of a plan that state its frame, not measures.
GENERAL_SECTIONS = frozenset({"总体要求", "指导思想", "基本原则", "主要目标", "工作目标", "发展目标", "总体目标", "目标任务",
                              "适用范围", "附则", "其他", "其他事项", "名词解释", "编制依据"})
NOT_A_MEASURE_RE = re.compile(r"施行|有效期|负责解释|解释权")
LABEL_END_RE = re.compile(r"[。；;：:！!？?]")
TITLE_SCAN_LINES = 25


@dataclass(frozen=True)
class Dated:
    """A date a span of the text states."""

    value: _dt.date
    span: Span


@dataclass(frozen=True)
class MeasureItem:
    marker: str
    label: Span


@dataclass(frozen=True)
class Item:
    """A numbered item of the text (一、 （一） 1. (1) ①) with its heading and full text."""

    level: int
    marker: str
    heading: Span  # the lead phrase up to the first 。；：
    span: Span  # the item's whole text, to the next item of the same or a higher level
    parent: int | None  # index of the enclosing item in DraftFacts.items
    frame: bool  # a frame section (总体要求, 主要目标 …) or inside one: a section, not a measure
    measure: bool  # listed as a measure (a leaf outside the frame sections)


def first_day_not_in_force(last_day: _dt.date) -> _dt.date:
    """eli:date_no_longer_in_force for 有效期至 *last_day*: a document valid until X is still in force on X."""
    return last_day + _dt.timedelta(days=1)


@dataclass
class DraftFacts:
    """Everything the extraction rules found, each with the span of the normalised text that states it.

    `norm` maps those spans back to the original text (`norm.to_original`); `results` and `targets` are
    already in the original text's offsets."""

    title: Span | None = None
    doc_number: Span | None = None
    doc_number_match: NumberMatch | None = None
    issuers: list[Span] = field(default_factory=list)
    date_document: Dated | None = None
    genre: tuple[str, Span] | None = None  # (code slug, the genre word in the title)
    citations: list[Citation] = field(default_factory=list)
    in_force: Dated | None = None
    valid_until: Dated | None = None  # 有效期至X: X is the last day in force (see first_day_not_in_force)
    validity_years: tuple[int, Span] | None = None
    measures: list[MeasureItem] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    metadata: list[Field] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    norm: Normalised | None = None

    @property
    def bases(self) -> list[Citation]:
        return [c for c in self.citations if c.relation == "based_on"]

    @property
    def implemented(self) -> list[Citation]:
        return [c for c in self.citations if c.relation == "implements"]

    def original(self, span: Span) -> Span:
        """*span* (normalised text) as the span of the original text."""
        return self.norm.to_original(span) if self.norm is not None else span


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


def extract_facts(text: str, *, rejoin: bool | None = None, registry: Registry | None = None) -> DraftFacts:
    """Read the facts a draft's *text* states (see the module README for the rules).

    *text* is normalised first (normalise.normalise_text); every span found is mapped back to *text*.
    *registry* (default: the bundled one) resolves citations and repairs malformed numbers.
    """
    registry = registry if registry is not None else Registry.bundled()
    norm = normalise_text(text, rejoin=rejoin)
    t = norm.text
    facts = DraftFacts(norm=norm)
    lines = _lines(t)
    facts.metadata = extract_metadata(t)
    numbers = find_doc_numbers(t)
    _title_and_number(lines, facts, numbers, registry)
    _issuers_and_date(lines, facts)
    exclude: list[tuple[int, int]] = []
    if facts.title is not None:
        exclude.append((facts.title.start, facts.title.end))
    if facts.doc_number is not None:
        exclude.append((facts.doc_number.start, facts.doc_number.end))
    for f in facts.metadata:
        exclude.append((f.value.start, f.value.end))
    own = facts.doc_number_match.canonical if facts.doc_number_match else None
    own_title = facts.title.text if facts.title else None
    cited = extract_citations(t, exclude=exclude, registry_numbers=registry.number_list, numbers=numbers)
    on_date = facts.date_document.value.isoformat() if facts.date_document else None
    facts.citations = [registry.resolve(c, on_date=on_date) for c in cited
                       if not (own and c.number == own) and not (own_title and c.title == own_title and not c.number)]
    for c in facts.citations:
        nm = c.number_match
        if nm is not None and nm.repaired_from is not None:
            facts.repairs.append({"asWritten": nm.as_written, "repaired": nm.canonical, "from": nm.repair_source,
                                  **_span_json(facts.original(Span(nm.as_written, nm.start, nm.end)))})
    for attr, regex in (("in_force", IN_FORCE_RE), ("valid_until", VALID_UNTIL_RE)):
        m = regex.search(t)
        if m and (value := _date(m["y"], m["m"], m["d"])) is not None:
            setattr(facts, attr, Dated(value, Span(m.group(0), m.start(), m.end())))
    m = VALIDITY_RE.search(t)
    if m:
        try:
            years = chinese_to_int(m["n"])
        except ValueError:
            years = 0
        if years > 0:
            facts.validity_years = (years, Span(m.group(0), m.start(), m.end()))
    facts.items = _items(t, lines)
    facts.measures = [MeasureItem(it.marker, it.heading) for it in facts.items if it.measure]
    if is_report(facts, t):
        facts.results = [_map_result(r, norm) for r in extract_results(t)]
    facts.targets = [_map_target(tg, norm) for tg in extract_targets(t)]
    return facts


REPORT_TITLE_RE = re.compile(r"报告|评估|自评|总结|工作情况|实施情况|成效")


REPORT_OPENING_RE = re.compile(r"自评|评估报告|评估情况|完成情况|实施情况|工作总结|落实情况")


def is_report(facts: DraftFacts, text: str = "") -> bool:
    """A report of what was done (评估报告, 自评报告, 工作总结): the only kind of text whose figures are results.
    Told by its title, or — for a text without one — by its opening (…逐项梳理年度任务完成情况)."""
    if facts.title is not None:
        return bool(REPORT_TITLE_RE.search(facts.title.text))
    return bool(REPORT_OPENING_RE.search(text[:300]))


def _map_span(s: Span | None, norm: Normalised) -> Span | None:
    return norm.to_original(s) if s is not None else None


def _map_result(r: Result, norm: Normalised) -> Result:
    from dataclasses import replace

    change = replace(r.change, span=norm.to_original(r.change.span)) if r.change else None
    rank = replace(r.rank, span=norm.to_original(r.rank.span)) if r.rank else None
    return replace(r, statement=norm.to_original(r.statement), sentence=norm.to_original(r.sentence),
                   figure=_map_span(r.figure, norm), change=change, rank=rank)


def _map_target(tg: Target, norm: Normalised) -> Target:
    from dataclasses import replace

    return replace(tg, statement=norm.to_original(tg.statement), figure=norm.to_original(tg.figure))


def _number_span(nm: NumberMatch) -> Span:
    return Span(nm.as_written, nm.start, nm.end)


def _own_number(nm: NumberMatch, numbers: list[NumberMatch], registry: Registry, facts: DraftFacts) -> None:
    fixed = repair(nm, numbers, registry.number_list)
    facts.doc_number = _number_span(nm)
    facts.doc_number_match = fixed
    if fixed.repaired_from is not None:
        facts.repairs.append({"asWritten": fixed.as_written, "repaired": fixed.canonical, "from": fixed.repair_source,
                              "own": True})


def _title_and_number(lines: list[Span], facts: DraftFacts, numbers: list[NumberMatch], registry: Registry) -> None:
    meta_spans = [(f.value.start, f.value.end) for f in facts.metadata]
    meta_lines = {ln.start for ln in lines for a, b in meta_spans if ln.start <= a < ln.end}
    head = [ln for ln in lines if not is_chrome(ln.text) and ln.start not in meta_lines][:TITLE_SCAN_LINES]

    def numbers_in(span: Span) -> list[NumberMatch]:
        return [n for n in numbers if span.start <= n.start and n.end <= span.end]

    # 1. the metadata table's 发文字号
    for f in facts.metadata:
        if f.key == "docNumber":
            inside = numbers_in(f.value)
            if inside:
                _own_number(inside[0], numbers, registry, facts)
        elif f.key == "title" and facts.title is None:
            facts.title = f.value
    title_line = None
    found = _find_title(head, numbers_in)
    if found is not None:
        m, block, jsub = found
        title_line = block[0]
        if facts.title is None:
            facts.title = jsub(m.start("title"), m.end("title"))
        if facts.doc_number is None:
            for group in ("num", "pre"):
                if m.groupdict().get(group):
                    inside = numbers_in(jsub(m.start(group), m.end(group)))
                    if inside:
                        _own_number(inside[0], numbers, registry, facts)
                        break
        if m.groupdict().get("issuer") and _single_organ(m["issuer"]):
            facts.issuers.append(jsub(m.start("issuer"), m.end("issuer")))
    elif head and facts.title is None:
        # No title-like line: the first line is the title if it reads like one (not a sentence, a date or a 文号).
        first = head[0]
        if (len(first.text) <= 100 and not LABEL_END_RE.search(first.text[-1]) and not numbers_in(first)
                and not DATE_LINE_RE.match(first.text)):
            facts.title = first
    if facts.title is not None:
        for word, slug in vocab.genre_title_words():
            if facts.title.text.endswith(word):
                facts.genre = (slug, _sub(facts.title, len(facts.title.text) - len(word), len(facts.title.text)))
                break
    if facts.doc_number is not None:
        return
    # 2. a line that is only a 文号 (bare or in brackets), or a date line that carries it, near the title
    window = head
    if title_line is not None:
        k = head.index(title_line)
        window = head[:k + 8]
    # Once the body has begun (a salutation 各…： or a sentence), a line that is only a 文号 belongs to a later
    # document the page embeds (a page of sample notices, a forwarded text), never to the page itself; the date line
    # that closes the body (2024年5月6日 某政字〔2024〕9号) still carries the document's own number.
    body = next((i for i, ln in enumerate(window) if _BODY_LINE_RE.search(ln.text)), len(window))
    starts = {ln.start for ln in window[:body]}
    ends = {ln.end for ln in window[:body]}
    for n in numbers:
        if n.start in starts and n.end in ends and "\n" in n.as_written:
            _own_number(n, numbers, registry, facts)  # 国务院令 / 第 711 号 over two lines
            return
    for i, line in enumerate(window):
        bare = line.text.strip("（）()[]【】 ")
        for n in numbers_in(line) if i < body else ():
            if n.as_written == bare or n.as_written == line.text:
                _own_number(n, numbers, registry, facts)
                return
        if DATE_AND_NUMBER_RE.match(line.text):
            inside = numbers_in(line)
            if len(inside) == 1:
                _own_number(inside[0], numbers, registry, facts)
                return
    # 3. a rule's history note, (2002年10月14日市人民政府令第46号公布 …令第711号修订): its latest order number
    for line in head[:8]:
        if line.text[:1] in "(（" and HISTORY_NOTE_RE.search(line.text):
            orders = [n for n in numbers_in(line) if n.number is not None and n.number.is_order
                      and HISTORY_ACT_RE.match(line.text, n.end - line.start)]
            if orders:
                _own_number(orders[-1], numbers, registry, facts)
                return


HISTORY_NOTE_RE = re.compile(r"令\s*第\s*\d+\s*[号號]\s*(?:公布|修订|修正|发布)")
HISTORY_ACT_RE = re.compile(r"\s*(?:公布|修订|修正|发布)")
# A line that cannot be part of a wrapped title: a 文号, a date, a salutation (各…：), a sentence.
_NOT_TITLE_PART_RE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|各.{1,60}[:：]$)|[。；;！？]")
TITLE_BLOCK = 4
# A line of a document's body: a salutation (各…：, 各…, 国务院各部委…： wrapped) or a finished sentence.
_BODY_LINE_RE = re.compile(r"^各.{1,80}[:：]|[。！？]")


def _is_number_line(line: Span, numbers_in) -> bool:
    inside = numbers_in(line)
    return bool(inside) and line.text.strip("（）()[]【】 ") == inside[0].as_written


def _find_title(head: list[Span], numbers_in):
    """The first title in *head*: a 关于…<genre> title (TITLE_RE) or a line ending in a genre/form word
    (TITLE2_RE), possibly wrapped over up to TITLE_BLOCK lines. Returns (match, lines, jsub) or None; jsub maps
    offsets in the joined lines back to spans of the text."""
    title_re, title2_re = _title_patterns()
    for regex, sizes in ((title_re, range(1, TITLE_BLOCK + 1)), (title2_re, range(1, 3))):
        for n in sizes:
            for i in range(len(head) - n + 1):
                block = head[i:i + n]
                if any(_NOT_TITLE_PART_RE.search(ln.text) or _is_number_line(ln, numbers_in) for ln in block[:-1]) \
                        or (n > 1 and _is_number_line(block[-1], numbers_in)):
                    continue
                joined = "".join(ln.text for ln in block)
                m = regex.match(joined)
                if m:
                    offsets = [ln.start + k for ln in block for k in range(len(ln.text))]

                    def jsub(a: int, b: int, joined=joined, offsets=offsets) -> Span:
                        if b <= a:
                            return Span("", offsets[min(a, len(offsets) - 1)], offsets[min(a, len(offsets) - 1)])
                        return Span(joined[a:b], offsets[a], offsets[b - 1] + 1)
                    return m, block, jsub
    return None


def _issuers_and_date(lines: list[Span], facts: DraftFacts) -> None:
    for i, line in enumerate(lines):
        m = DATE_LINE_RE.match(line.text)
        d = DATE_AND_NUMBER_RE.match(line.text) if not m else None
        if not m and not d:
            continue
        if m:
            value, span = _date(m["y"], m["m"], m["d"]), line
        else:
            assert d is not None  # neither matched → skipped above
            y, mo, dd = (d["y"], d["m"], d["d"]) if d["y"] else (d["y2"], d["m2"], d["d2"])
            key = "y" if d["y"] else "y2"
            value = _date(y, mo, dd)
            span = _sub(line, d.start(key), d.end("d" if d["y"] else "d2") + 1)
            if not (d["n1"] or d["n2"] or "").strip() or not find_doc_numbers(d["n1"] or d["n2"] or ""):
                continue
        if value is None:
            continue
        facts.date_document = Dated(value, span)
        # the signature block: organ-name lines right above the date line (one per joint issuer)
        named = {s.text for s in facts.issuers}
        j = i - 1
        block: list[Span] = []
        while j >= 0 and _single_organ(lines[j].text):
            block.insert(0, lines[j])
            j -= 1
        facts.issuers.extend(s for s in block if s.text not in named)
        break
    if facts.date_document is None:
        for f in facts.metadata:
            if f.key == "dateDocument" and (value := parse_date(f.value.text)) is not None:
                facts.date_document = Dated(value, f.value)
                break
    if not facts.issuers:
        for f in facts.metadata:
            if f.key == "issuer" and _single_organ(f.value.text):
                facts.issuers.append(f.value)
                break


def _items(text: str, lines: list[Span]) -> list[Item]:
    """The numbered hierarchy: each item's level, heading, full span, parent and whether it is a measure."""
    found: list[tuple[int, str, Span, Span]] = []  # (level, marker, line, rest of the line)
    for line in lines:
        for level, regex in ITEM_RES:
            m = regex.match(line.text)
            if m:
                found.append((level, m["marker"], line, _sub(line, m.end(), len(line.text))))
                break
    # levels as used: a marker kind's rank is the order in which kinds first appear
    order: list[int] = []
    for level, *_ in found:
        if level not in order:
            order.append(level)
    items: list[Item] = []
    stack: list[int] = []
    frames: set[int] = set()
    for k, (kind, marker, line, rest) in enumerate(found):
        depth = order.index(kind)
        end_pos = len(text)
        for kind2, _, line2, _ in found[k + 1:]:
            if order.index(kind2) <= depth:
                end_pos = line2.start
                break
        whole_end = end_pos
        while whole_end > line.start and text[whole_end - 1] in " \n\t":
            whole_end -= 1
        end = LABEL_END_RE.search(rest.text)
        heading = _sub(rest, 0, end.start() if end else len(rest.text))
        heading = _sub(heading, 0, len(heading.text.rstrip()))
        while stack and order.index(items[stack[-1]].level) >= depth:
            stack.pop()
        parent = stack[-1] if stack else None
        frame = (heading.text in GENERAL_SECTIONS or (parent is not None and parent in frames)
                 or any(heading.text.endswith(g) for g in GENERAL_SECTIONS if len(heading.text) <= 8))
        if frame:
            frames.add(len(items))
        is_leaf = k + 1 == len(found) or order.index(found[k + 1][0]) <= depth
        measure = bool(is_leaf and heading.text and not frame and not NOT_A_MEASURE_RE.search(rest.text))
        items.append(Item(kind, marker, heading, Span(text[line.start:whole_end], line.start, whole_end), parent,
                          frame, measure))
        stack.append(len(items) - 1)
    return items


def source_slug(source_name: str) -> str:
    """draft-<file stem>, with characters unsafe in an IRI replaced."""
    stem = Path(source_name).stem
    slug = re.sub(r"[^\w.\-]+", "-", stem).strip("-.") or "draft"
    return f"draft-{slug}"


def document_iri(facts: DraftFacts, source_name: str) -> URIRef:
    """The 文号's IRI when the draft states one that has a real year, else doc:draft-<stem>."""
    if facts.doc_number_match is not None and facts.doc_number_match.iri is not None:
        return facts.doc_number_match.iri
    return DOC[source_slug(source_name)]


def facts_to_graph(facts: DraftFacts, text: str, source_name: str) -> Graph:
    """The data-model graph of *facts*: the document, its measures, results and targets, the source text and one
    excerpt per fact (quoting the original *text*), each excerpt in review state 'extracted'."""
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

    def excerpt(span: Span, props: tuple, *, mapped: bool = False) -> URIRef:
        o = span if mapped else facts.original(span)
        ex = add_excerpt(g, source, text, o.text, after=o.start, attests=props)
        g.add((ex, PKG.reviewState, CODE["review-extracted"]))
        return ex

    def state(prop: URIRef, value, span: Span, subject: URIRef = doc, *, mapped: bool = False) -> None:
        g.add((subject, prop, value))
        g.add((subject, PROV.wasDerivedFrom, excerpt(span, (prop,), mapped=mapped)))

    g.add((doc, RDF.type, PKG.PolicyDocument))
    if facts.doc_number is not None:
        state(PKG.docNumber, Literal(facts.original(facts.doc_number).text), facts.doc_number)
        g.add((doc, RDFS.label, Literal(facts.original(facts.doc_number).text, lang="zh")))
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
    for f in facts.metadata:
        if f.key == "indexNumber":
            state(PKG.indexNumber, Literal(f.value.text), f.value)
    for n, c in enumerate(facts.citations, start=1):
        # every citation is a node, resolved or not, so a check can name what it could not verify
        node = URIRef(f"{doc}/citation-{n:02d}")
        quote = facts.original(c.span)
        g.add((node, RDF.type, PKG.Citation))
        g.add((node, PKG.citationIn, doc))
        g.add((node, PKG.citationRelation, Literal(c.relation)))
        g.add((node, PKG.resolution, CODE[f"resolution-{(c.resolved or {}).get('by', 'unresolved')}"]))
        state(RDFS.label, Literal(quote.text, lang="zh"), c.span, subject=node)
        if c.target is None:
            continue
        g.add((node, PKG.citedDocument, c.target))
        prop = vocab.citation_relation_properties().get(c.relation)
        if prop is not None:
            state(prop, c.target, c.span)
        state(ELI.cites, c.target, c.span)
    if facts.in_force is not None:
        state(ELI.first_date_entry_in_force, Literal(facts.in_force.value, datatype=XSD.date), facts.in_force.span)
    if facts.valid_until is not None:
        state(ELI.date_no_longer_in_force, Literal(first_day_not_in_force(facts.valid_until.value), datatype=XSD.date),
              facts.valid_until.span)
    if facts.validity_years is not None:
        years, span = facts.validity_years
        state(PKG.validityPeriod, Literal(f"P{years}Y", datatype=XSD.duration), span)
    for n, item in enumerate(facts.measures, start=1):
        measure = URIRef(f"{doc}/measure-{n:02d}")
        g.add((measure, RDF.type, PKG.Measure))
        g.add((measure, PKG.measureOf, doc))
        state(RDFS.label, Literal(item.label.text, lang="zh"), item.label, subject=measure)
    for n, r in enumerate(facts.results, start=1):
        node = URIRef(f"{doc}/result-{n:02d}")
        g.add((node, RDF.type, PKG.QualitativeResult if r.value is None else PKG.QuantitativeResult))
        g.add((node, PKG.reportedIn, doc))
        state(RDFS.label, Literal(r.statement.text, lang="zh"), r.statement, subject=node, mapped=True)
        if r.value is not None:
            g.add((node, PKG.value, Literal(r.value, datatype=XSD.decimal)))
            g.add((node, PKG.comparator, CODE[r.comparator]))
            if r.unit_code:
                g.add((node, PKG.unit, CODE[r.unit_code]))
        if r.period and re.fullmatch(r"\d{4}", r.period):
            g.add((node, PKG.period, Literal(r.period, datatype=XSD.gYear)))
        if r.subject:
            g.add((node, PKG.subject, Literal(r.subject, lang="zh")))
        if r.change is not None:
            sign = -1 if r.change.direction == "down" else 1
            g.add((node, PKG.changeValue, Literal(sign * r.change.value, datatype=XSD.decimal)))
            if r.change.baseline:
                g.add((node, PKG.baselineLabel, Literal(r.change.baseline, lang="zh")))
        if r.rank is not None:
            g.add((node, PKG.rankPosition, Literal(r.rank.position)))
            g.add((node, PKG.rankScope, Literal(r.rank.scope, lang="zh")))
        if r.achievement:
            g.add((node, PKG.achievementType, CODE[r.achievement]))
    for n, tg in enumerate(facts.targets, start=1):
        node = URIRef(f"{doc}/target-{n:02d}")
        g.add((node, RDF.type, PKG.Target))
        g.add((node, PKG.targetOf, doc))
        state(RDFS.label, Literal(tg.statement.text, lang="zh"), tg.statement, subject=node, mapped=True)
        g.add((node, PKG.value, Literal(tg.value, datatype=XSD.decimal)))
        g.add((node, PKG.comparator, CODE[tg.comparator]))
        if tg.unit_code:
            g.add((node, PKG.unit, CODE[tg.unit_code]))
        if tg.year:
            g.add((node, PKG.period, Literal(str(tg.year), datatype=XSD.gYear)))
    # every article, paragraph and measure cut into clauses, with what the content rule book finds (issue 9)
    add_clauses(g, doc, source, text, title=facts.title.text if facts.title is not None else "", norm=facts.norm)
    return g


def draft_graph(text: str, *, source_name: str) -> tuple[Graph, str]:
    """Extract what the draft *text* states; return the graph and the text its offsets count in.

    Args:
        text: the draft's plain text (NFC, LF line ends, no BOM here; the extractors normalise further with an
            offset map, so every excerpt quotes this text).
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


def ingest_file(path: Path, *, registry: Registry | None = None) -> IngestedDraft:
    """Read a .txt/.html/.docx/.pdf draft and extract its graph (PolicyKGError, one line, on bad input)."""
    path = Path(path)
    draft = read_draft(path)
    facts = extract_facts(draft.text, rejoin=True if draft.source_format == "pdf" else None, registry=registry)
    graph = facts_to_graph(facts, draft.text, path.name)
    return IngestedDraft(graph, draft.text, facts, document_iri(facts, path.name), draft.source_format)


def _span_json(span: Span) -> dict:
    return {"quote": span.text, "start": span.start, "end": span.end}


def facts_json(draft: IngestedDraft, source_name: str) -> dict:
    """A JSON-ready summary of what was found: values as normalised, quotes and offsets in the original text."""
    f = draft.facts
    o = f.original
    out: dict = {"source": source_name, "format": draft.source_format, "document": str(draft.document)}
    if f.title:
        out["title"] = {"value": f.title.text, **_span_json(o(f.title))}
    if f.doc_number:
        nm = f.doc_number_match
        out["docNumber"] = {"value": o(f.doc_number).text, "canonical": nm.canonical if nm else None,
                            "issues": list(nm.issues) if nm else [], **_span_json(o(f.doc_number))}
    if f.genre:
        out["genre"] = {"value": str(CODE[f"genre-{f.genre[0]}"]), **_span_json(o(f.genre[1]))}
    out["issuers"] = [{"value": str(ORG_ID[s.text]), **_span_json(o(s))} for s in f.issuers]
    for key, dated in (("dateDocument", f.date_document), ("firstDateEntryInForce", f.in_force),
                       ("dateNoLongerInForce", f.valid_until)):
        if dated:
            value = first_day_not_in_force(dated.value) if key == "dateNoLongerInForce" else dated.value
            out[key] = {"value": value.isoformat(), **_span_json(o(dated.span))}
    if f.validity_years:
        out["validityPeriod"] = {"value": f"P{f.validity_years[0]}Y", **_span_json(o(f.validity_years[1]))}
    out["metadata"] = {m.key: {"label": m.label, "value": m.value.text, **_span_json(o(m.value))} for m in f.metadata}
    out["citations"] = [
        {"relation": c.relation, "trigger": c.trigger, "title": c.title, "docNumber": c.number,
         "asWritten": c.as_written, "issues": list(c.number_match.issues) if c.number_match else [],
         "alias": c.alias, "viaAlias": c.via_alias, "issuer": c.issuer, "unbalanced": c.unbalanced,
         "target": str(c.target) if c.target else None, "resolved": c.resolved, **_span_json(o(c.span))}
        for c in f.citations
    ]
    out["repairs"] = f.repairs
    out["measures"] = [{"marker": m.marker, "label": m.label.text, **_span_json(o(m.label))} for m in f.measures]
    out["items"] = [{"level": it.level, "marker": it.marker, "heading": it.heading.text, "parent": it.parent,
                     "frame": it.frame, "measure": it.measure, "start": o(it.span).start, "end": o(it.span).end}
                    for it in f.items]
    out["targets"] = [t.to_json() for t in f.targets]
    out["results"] = [r.to_json() for r in f.results]
    return out


__all__ = ["draft_graph", "extract_facts", "facts_to_graph", "ingest_file", "facts_json", "DraftFacts", "Citation",
           "MeasureItem", "Item", "IngestedDraft", "document_iri", "source_slug"]
