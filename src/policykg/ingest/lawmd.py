"""Parse a Markdown transcription of a Chinese law or regulation into its title, version history and articles.

The input is the LawRefBook layout::

    # 中华人民共和国立法法                      <- H1: the title
    2000年3月15日 第九届全国人民代表大会第三次会议通过   <- header: one paragraph per version event
    …
    <!-- INFO END -->                          <- end of the header (optional)
    ## 第一章 总则                              <- chapter (## ), section (### ) …
    第一条 为了……                              <- an article starts a paragraph with 第N条 and a space
    （一）……                                    <- items and further paragraphs belong to the article

Everything carries code-point offsets into the text as given (no newline translation), so a caller can quote
any part verbatim. The parser knows nothing about RDF; policykg.curation.laws turns its result into the registry.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .numerals import NUMERAL_CHARS, chinese_to_int

INFO_END = "<!-- INFO END -->"

_NUM = f"[{NUMERAL_CHARS}]+"
# 第N条 (or 第N条之M, an inserted article) at the start of a line, followed by whitespace and the text.
ARTICLE_RE = re.compile(rf"^(?P<number>第(?P<n>{_NUM})条(?:之(?P<sub>{_NUM}))?)[ \t\u3000]+(?=\S)", re.M)
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t\u3000\r]*$", re.M)
# 第二章  附　则 → number 第二章, title 附则 (typographic spaces inside short titles are dropped).
HEADING_NUMBER_RE = re.compile(rf"^(?P<number>第(?P<n>{_NUM})(?P<kind>分编|编|章|节|目))\s*(?P<title>.*)$")
DATE_RE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
EVENT_ACTIONS = ("通过", "公布", "修正", "修订", "批准", "施行")
#: the header lines that make a version of the text (a 批准 or 施行 line does not)
VERSION_ACTIONS = ("通过", "公布", "修正", "修订")
TITLE_RE = re.compile(r"^\ufeff?#[ \t]+(?P<title>.+?)[ \t\u3000\r]*$", re.M)
ACTION_RE = re.compile(r"(?P<action>" + "|".join(EVENT_ACTIONS) + r")[\s）)]*$")
# Who acted, read from the start of the event text (whitespace removed):
CONGRESS_RE = re.compile(rf"^(?P<place>[\u4e00-\u9fff]*?)第{_NUM}届(?P<body>全国人民代表大会|人民代表大会)(?P<sc>常务委员会)?")
STATE_COUNCIL_RE = re.compile(r"^(?:中华人民共和国)?国务院(?:令第(?P<order>\d+)号|第\d+次常务会议)")
# 本法自2021年7月15日起施行 — the entry-into-force clause of the text itself.
IN_FORCE_CLAUSE_RE = re.compile(
    r"^本(?:法|条例|规定|办法|细则|决定)自(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日起施行。", re.M)


class LawFormatError(ValueError):
    """The text is not a law transcription this parser understands (no title, no articles)."""


@dataclass(frozen=True)
class Span:
    """A piece of the source text with its code-point offsets (end exclusive)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A structural heading (编/章/节/目) below the title.

    Attributes:
        level: Markdown level (2 for ##, 3 for ###, …).
        raw: the heading line's text after the hashes, verbatim.
        start, end: offsets of *raw* in the source.
        number: e.g. 第五章, or None for an unnumbered heading.
        ordinal: the number as an int, or None.
        title: the title with typographic spaces removed, e.g. 附则.
    """

    level: int
    raw: str
    start: int
    end: int
    number: str | None
    ordinal: int | None
    title: str

    @property
    def label(self) -> str:
        """Normalised heading: number, one space, title (第六章 附则)."""
        return f"{self.number} {self.title}".strip() if self.number else self.title


@dataclass(frozen=True)
class Article:
    """One article (条) with its full text.

    Attributes:
        number: as written, e.g. 第九十九条 or 第十条之一.
        ordinal: 99 (the 条 number).
        sub: 0, or M for an inserted article 第N条之M.
        text: everything after the number up to the next article or heading, trailing whitespace removed.
        start, end: offsets of *text* in the source.
        marker_start: offset where 第N条 begins.
        headings: enclosing headings, outermost first (chapter, then section).
    """

    number: str
    ordinal: int
    sub: int
    text: str
    start: int
    end: int
    marker_start: int
    headings: tuple[Heading, ...] = ()

    @property
    def key(self) -> str:
        """Stable key for IRIs: '99', or '10-1' for 第十条之一."""
        return f"{self.ordinal}-{self.sub}" if self.sub else str(self.ordinal)

    @property
    def heading(self) -> str | None:
        """Enclosing headings joined outermost first (第二章 法律 / 第一节 立法权限), or None."""
        return " / ".join(h.label for h in self.headings) or None

    def paragraphs(self) -> list[Span]:
        """The article's paragraphs (blank-line separated), with source offsets."""
        return _paragraphs(self.text, self.start)


@dataclass(frozen=True)
class VersionEvent:
    """One dated line of the header: adoption, promulgation, amendment, approval or entry into force.

    Attributes:
        date: the date the line begins with.
        action: 通过, 公布, 修正, 修订, 批准 or 施行.
        organ: the acting organ as named in law (全国人民代表大会常务委员会, 国务院, 山东省人民代表大会常务委员会),
            or None when the line names none (e.g. "1980年1月1日 施行").
        order_number: a State Council order named in the line, e.g. 国务院令第722号, else None.
        text: the whole line (it may wrap over several paragraphs in the source), verbatim.
        start, end: offsets of *text*.
    """

    date: _dt.date
    action: str
    organ: str | None
    order_number: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class LawText:
    """A parsed law: title, header (version history) and articles.

    Attributes:
        title: the H1 text.
        header: header paragraphs between the title and the first heading or article.
        has_info_end: whether the header ended with ``<!-- INFO END -->``.
        events: the dated version events found in the header, in document order.
        headings: every heading below the title, in document order.
        articles: every article, in document order.
    """

    title: Span
    header: tuple[Span, ...]
    has_info_end: bool
    events: tuple[VersionEvent, ...]
    headings: tuple[Heading, ...]
    articles: tuple[Article, ...]

    def article(self, ordinal: int, sub: int = 0) -> Article:
        """The article 第<ordinal>条 (之<sub>); KeyError if absent."""
        for art in self.articles:
            if art.ordinal == ordinal and art.sub == sub:
                return art
        raise KeyError(f"no article {ordinal}" + (f"之{sub}" if sub else ""))

    def numbering_problems(self) -> list[str]:
        """Where the article numbers are not 第一条, 第二条, … in order; empty if the numbering is regular.

        An inserted article 第N条之M may follow 第N条 (M = 1) or 第N条之M-1.
        """
        problems: list[str] = []
        prev: Article | None = None
        for art in self.articles:
            here = (art.ordinal, art.sub)
            allowed = {(1, 0)} if prev is None else {(prev.ordinal + 1, 0), (prev.ordinal, prev.sub + 1)}
            if here not in allowed:
                after = f"after {prev.number}" if prev is not None else "as the first article"
                problems.append(f"{art.number} (offset {art.marker_start}) {after}")
            if not art.text:
                problems.append(f"{art.number} (offset {art.marker_start}) has no text")
            prev = art
        return problems

    def latest_version_event(self) -> VersionEvent | None:
        """The latest version line (通过/公布/修正/修订) by date; among equal dates the later line."""
        best: VersionEvent | None = None
        for ev in self.events:
            if ev.action in VERSION_ACTIONS and (best is None or ev.date >= best.date):
                best = ev
        return best

    def entry_into_force(self, version_date: _dt.date | None) -> dict[_dt.date, list[Span]]:
        """When the version of *version_date* took effect, each date with the sentences stating it.

        A 施行 line right after the version's own line (a version line dated *version_date*), dated on or after it;
        and the text's clause 本法自…起施行 when not before *version_date*: an amended text that keeps the
        original's clause states an earlier date (立法法 2023 keeps 2000-07-01), which is not this version's. More
        than one date: the sources conflict, the caller says so. Without a version date only the clause counts.
        """
        found: dict[_dt.date, list[Span]] = {}
        events = self.events
        for before, ev in zip(events, events[1:]):
            if ev.action == "施行" and version_date is not None and before.date == version_date \
                    and before.action in VERSION_ACTIONS and ev.date >= version_date:
                found.setdefault(ev.date, []).append(Span(ev.text, ev.start, ev.end))
        clause = self.in_force_clause()
        if clause is not None and (version_date is None or clause[0] >= version_date):
            found.setdefault(clause[0], []).append(clause[1])
        return found

    def in_force_clause(self) -> tuple[_dt.date, Span] | None:
        """The text's own entry-into-force sentence (本法自…起施行。) and its date, if an article has one.

        Only a sentence that begins a line counts; the last matching article wins (the 附则 one).
        """
        found: tuple[_dt.date, Span] | None = None
        for art in self.articles:
            for m in IN_FORCE_CLAUSE_RE.finditer(art.text):
                date = _date(m["y"], m["m"], m["d"])
                if date is not None:
                    found = (date, Span(m.group(0), art.start + m.start(), art.start + m.end()))
        return found


def _date(y: str, m: str, d: str) -> _dt.date | None:
    try:
        return _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _paragraphs(text: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    for m in re.finditer(r"[^\n]+(?:\n(?![ \t\u3000]*\n)[^\n]+)*", text):
        chunk = m.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start = offset + m.start() + lead
        spans.append(Span(stripped, start, start + len(stripped)))
    return spans


def _heading(level: int, raw: str, start: int) -> Heading:
    m = HEADING_NUMBER_RE.match(raw)
    if m:
        try:
            ordinal = chinese_to_int(m["n"])
        except ValueError:
            ordinal = None
        title = re.sub(r"\s+", "", m["title"])
        return Heading(level, raw, start, start + len(raw), m["number"], ordinal, title)
    return Heading(level, raw, start, start + len(raw), None, None, re.sub(r"\s+", "", raw))


def _organ(event_text: str) -> tuple[str | None, str | None]:
    """(organ, State Council order number) named at the start of an event line (after its date)."""
    compact = re.sub(r"\s+", "", DATE_RE.sub("", event_text, count=1))
    m = STATE_COUNCIL_RE.match(compact)
    if m:
        return "国务院", (f"国务院令第{m['order']}号" if m["order"] else None)
    m = CONGRESS_RE.match(compact)
    if m:
        if m["body"] == "全国人民代表大会":
            if m["place"]:
                return None, None
            return "全国人民代表大会" + (m["sc"] or ""), None
        if m["place"]:
            return m["place"] + "人民代表大会" + (m["sc"] or ""), None
    return None, None


def _events(text: str, header: list[Span]) -> list[VersionEvent]:
    """Group header paragraphs into dated events: a line starts with a date and may wrap over paragraphs."""
    groups: list[list[Span]] = []
    for para in header:
        if DATE_RE.match(para.text):
            groups.append([para])
        elif groups and not ACTION_RE.search(groups[-1][-1].text):
            groups[-1].append(para)  # the line wrapped before its act (…《关于修改〈…〉 / 的决定》修正)
        # paragraphs before the first date (a repeated, wrapped title) or after a complete line are not events
    events: list[VersionEvent] = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        full = text[start:end]
        dm = DATE_RE.match(full)
        am = ACTION_RE.search(full)
        date = _date(dm["y"], dm["m"], dm["d"]) if dm else None
        if date is None or am is None:
            continue  # a dated line that records no recognised act is not a version event
        organ, order = _organ(full)
        events.append(VersionEvent(date, am["action"], organ, order, full, start, end))
    return events


def parse_title(text: str) -> LawText | None:
    """Only the title of a text whose articles cannot be read (None without a ``# `` title line)."""
    m = TITLE_RE.search(text)
    if m is None:
        return None
    return LawText(Span(m["title"], m.start("title"), m.end("title")), (), False, (), (), ())


def parse_law_markdown(text: str) -> LawText:
    """Parse a law transcription (see the module docstring).

    Args:
        text: the file content exactly as read (UTF-8 decoded, newlines untranslated).

    Returns:
        The title, header paragraphs, version events, headings and articles, all with offsets into *text*.

    Raises:
        LawFormatError: no ``# `` title line, or no article.

    >>> law = parse_law_markdown("# 示例法\\n\\n2000年1月1日 第九届全国人民代表大会第三次会议通过\\n\\n"
    ...                          "<!-- INFO END -->\\n\\n## 第一章　总　则\\n\\n第一条 甲。\\n\\n乙：\\n（一）丙；\\n\\n"
    ...                          "第二条 本法自2000年7月1日起施行。\\n")
    >>> [(a.number, a.ordinal, a.text, a.heading) for a in law.articles]
    [('第一条', 1, '甲。\\n\\n乙：\\n（一）丙；', '第一章 总则'), ('第二条', 2, '本法自2000年7月1日起施行。', '第一章 总则')]
    >>> law.events[0].organ, law.events[0].action, str(law.events[0].date)
    ('全国人民代表大会', '通过', '2000-01-01')
    """
    title_m = TITLE_RE.search(text)
    if title_m is None:
        raise LawFormatError("no title line ('# …') found")
    title = Span(title_m["title"], title_m.start("title"), title_m.end("title"))

    info = text.find(INFO_END, title_m.end())
    headings: list[Heading] = []
    for m in HEADING_RE.finditer(text, title_m.end()):
        level = len(m["hashes"])
        if level >= 2:
            headings.append(_heading(level, m["text"], m.start("text")))
    markers = [m for m in ARTICLE_RE.finditer(text, title_m.end()) if info < 0 or m.start() > info]
    if not markers:
        raise LawFormatError("no article (第N条 …) found")

    # The header runs from the title to INFO END, or (without it) to the first heading or article.
    if info >= 0:
        header_end = info
        body_start = info + len(INFO_END)
    else:
        first_heading = min((_line_start(text, h.start) for h in headings), default=len(text))
        header_end = min(first_heading, markers[0].start())
        body_start = header_end
    header = _paragraphs(text[title_m.end():header_end], title_m.end())
    events = _events(text, header)

    body_headings = [h for h in headings if h.start >= body_start]
    # Boundaries: an article ends where the next article or any heading line begins.
    boundaries = sorted([m.start() for m in markers] + [_line_start(text, h.start) for h in body_headings]
                        + [len(text)])
    articles: list[Article] = []
    stack: list[Heading] = []
    h_iter = iter(body_headings)
    next_h = next(h_iter, None)
    for m in markers:
        while next_h is not None and next_h.start < m.start():
            stack = [h for h in stack if h.level < next_h.level] + [next_h]
            next_h = next(h_iter, None)
        end_limit = next(b for b in boundaries if b > m.start())
        raw = text[m.end():end_limit]
        body = raw.rstrip()
        articles.append(Article(
            number=m["number"],
            ordinal=chinese_to_int(m["n"]),
            sub=chinese_to_int(m["sub"]) if m["sub"] else 0,
            text=body,
            start=m.end(),
            end=m.end() + len(body),
            marker_start=m.start(),
            headings=tuple(stack),
        ))
    return LawText(title, tuple(header), info >= 0, tuple(events), tuple(body_headings), tuple(articles))


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


__all__ = ["parse_law_markdown", "parse_title", "LawText", "Article", "Heading", "VersionEvent", "Span", "LawFormatError",
           "INFO_END", "VERSION_ACTIONS"]
