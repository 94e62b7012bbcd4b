"""Result figures stated in evaluation and self-evaluation reports (实施后评估报告, 自评报告).

`extract_results(text)` returns every result a sentence of *text* reports, each with the span of the statement in
*text* (the string passed in — offsets count its code points):

- figures: value, unit (家 项 人 名 个 件 % 万元 亿元 …, thousands separators, 万/亿 multipliers, Chinese numerals
  such as 百余项), comparator (超 超过 达到 达 突破 约 近 以上 左右 余 多; none = exactly), period (2024年,
  “十四五”以来), subject (the words before the figure in its clause);
- kinds: ``figure``; ``share`` (占…比重达到14.4%); ``ratio`` (是…的1.57倍); ``rank`` (全省第一, 位列全省第三位);
  ``change`` (a change against a baseline with no figure before it); ``qualitative`` (获评, 入选, 获批, 成功发射 …);
- a figure followed in its sentence by a change against a baseline (较“十三五”末增加986家) carries it as
  ``change``; a figure followed in its clause by a rank (超73%稳居全省第一) carries it as ``rank``.

Plans are not results: sentences with a future marker (力争, 预计, 下一步 …) and sections headed 下步工作打算 … are
skipped (the targets module reads them). The words are data: data/ingest/results.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import resource_dir
from .lawmd import Span
from .numerals import chinese_to_int

LEXICON_FILE = "ingest/results.toml"
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
CLAUSE_END_RE = re.compile(r"[，,：:。！？!?；;\n]")
# Headings of a report's numbered sections: 一、 / （一） / (一)
HEADING_RE = re.compile(r"^[ \t\u3000]*(?:(?P<l1>[一二三四五六七八九十]{1,3}、)|(?P<l2>[（(][一二三四五六七八九十]{1,3}[）)]))")
YEAR_RE = re.compile(r"(?<![\d〔\[［(（])(?P<y>(?:19|20)\d{2})年(?!\d)(?:度|底|末|上半年|下半年|前三季度)?")
PERIOD_PHRASE_RE = re.compile(r"[“\"]?[十][一二三四五六七八九]五[”\"]?(?:以来|期间|时期)|(?:19|20)\d{2}年以来|近[一二三四五六七八九十\d]{1,2}年")
# What is masked before figures are looked for: cited titles, 文号, short quoted names (“1+4+N”, “威海壹号”).
_MASK_RE = re.compile(r"《[^《》\n]*》|〔\d{4}〕\d+号|[\[［(（]\d{4}[\]］)）]\d+号|[“\"][^“”\"\n]{1,20}[”\"]")


@dataclass(frozen=True)
class Rank:
    position: int
    scope: str
    span: Span


@dataclass(frozen=True)
class Change:
    """A change against a baseline: 较“十三五”末增加986家."""

    value: float
    unit: str
    unit_code: str
    direction: str  # "up" or "down"
    baseline: str  # the baseline as written (“十三五”末)
    span: Span


@dataclass(frozen=True)
class Result:
    """One result a report states.

    Attributes:
        kind: figure, share, ratio, rank, change or qualitative.
        value: the number (None for a qualitative result).
        unit: the unit as written (家, %, 万元, 名 for a rank); unit_code its code:unit-* local name ("" if none).
        comparator: the code:comparator-* local name (comparator-exactly when no word qualifies the figure);
            comparator_word: the word as written.
        statement: the clause(s) stating the result — quote, start, end in the text passed in.
        sentence: the whole sentence.
        figure: the number with its comparator and unit (None for a qualitative result).
    """

    kind: str
    value: float | None
    unit: str
    unit_code: str
    comparator: str
    comparator_word: str
    statement: Span
    sentence: Span
    figure: Span | None = None
    period: str | None = None
    subject: str | None = None
    change: Change | None = None
    rank: Rank | None = None
    achievement: str | None = None  # code:achievement-* local name for a qualitative result
    trigger: str | None = None

    def to_json(self) -> dict:
        out: dict = {
            "kind": self.kind, "value": self.value, "unit": self.unit or None, "unitCode": self.unit_code or None,
            "comparator": self.comparator, "comparatorWord": self.comparator_word or None, "period": self.period,
            "subject": self.subject, "quote": self.statement.text, "start": self.statement.start,
            "end": self.statement.end, "sentence": {"start": self.sentence.start, "end": self.sentence.end},
        }
        if self.figure is not None:
            out["figure"] = {"quote": self.figure.text, "start": self.figure.start, "end": self.figure.end}
        if self.change is not None:
            c = self.change
            out["change"] = {"value": c.value, "unit": c.unit, "unitCode": c.unit_code or None,
                             "direction": c.direction, "baseline": c.baseline, "quote": c.span.text,
                             "start": c.span.start, "end": c.span.end}
        if self.rank is not None:
            out["rank"] = {"position": self.rank.position, "scope": self.rank.scope, "quote": self.rank.span.text,
                           "start": self.rank.span.start, "end": self.rank.span.end}
        if self.achievement is not None:
            out["achievement"] = self.achievement
            out["trigger"] = self.trigger
        return out


@dataclass(frozen=True)
class _Unit:
    word: str
    code: str
    then: re.Pattern | None
    arabic_only: bool = False


@dataclass
class Lexicon:
    """The words of data/ingest/results.toml, compiled."""

    before: dict[str, str]
    between: dict[str, str]
    after: dict[str, str]
    units: list[_Unit]
    nouns_after: tuple[str, ...]
    future_markers: tuple[str, ...]
    future_sections: tuple[str, ...]
    baseline_words: tuple[str, ...]
    up: tuple[str, ...]
    down: tuple[str, ...]
    rank_scopes: tuple[str, ...]
    rank_leads: tuple[str, ...]
    achievements: dict[str, str]
    figure_re: re.Pattern = field(init=False)
    rank_re: re.Pattern = field(init=False)
    change_re: re.Pattern = field(init=False)
    achievement_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        def alt(words) -> str:
            return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

        unit_words = alt(u.word for u in self.units)
        self.figure_re = re.compile(
            rf"(?P<before>{alt(self.before)})?(?P<num>{_ARABIC}|[{_CN_NUM}]+)(?P<mult>(?:万|亿)(?!元))?"
            rf"(?P<between>{alt(self.between)})?(?P<unit>{unit_words})(?P<after>{alt(self.after)})?")
        self.rank_re = re.compile(
            rf"(?P<lead>{alt(self.rank_leads)})?(?P<scope>{alt(self.rank_scopes)})(?:排名|排)?"
            rf"第(?P<n>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?:位|名)?")
        self.change_re = re.compile(
            rf"(?P<base>(?:{alt(self.baseline_words)})[^，,。；;]{{0,20}}?)(?P<dir>{alt(self.up + self.down)})了?$")
        self.achievement_re = re.compile(alt(self.achievements))

    def read_figure(self, m: re.Match, text: str, end: int) -> tuple[float, str, str] | None:
        """(value, unit code, comparator code) of a figure_re match; None when it is a word, not a figure
        (一项工程, 千家万户, 二次开发) or counts parts of the text (2个文件)."""
        num = m["num"]
        if not num[0].isdigit() and (num == "一" or (len(num) == 1 and num in "十百千万亿" and not m["between"])):
            return None
        value = parse_number(num)
        if value is None:
            return None
        if m["mult"]:
            value *= 10_000 if m["mult"] == "万" else 100_000_000
        code = self.unit_code(m["unit"], text[m.end("unit"):end], num[0].isdigit())
        if code is None:
            return None
        comp = (self.before.get(m["before"] or "") or self.between.get(m["between"] or "")
                or self.after.get(m["after"] or "") or "comparator-exactly")
        return value, code, comp

    def unit_code(self, word: str, following: str, arabic: bool = True) -> str | None:
        """The concept of *word* given the text that follows it; None when the count is not a result."""
        if any(following.startswith(n) for n in self.nouns_after):
            return None
        for u in self.units:
            if u.word == word and u.arabic_only and not arabic:
                return None
            if u.word == word and (u.then is None or u.then.search(following)):
                return u.code
        return ""


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The result lexicon (data/ingest/results.toml)."""
    with open(resource_dir("data") / LEXICON_FILE, "rb") as fh:
        data = tomllib.load(fh)
    comps, nr, ch, rk = data["comparators"], data["not_results"], data["change"], data["rank"]
    units = [_Unit(u["word"], u["code"], re.compile(u["then"]) if u.get("then") else None, u.get("arabic_only", False))
             for u in data["units"]]
    return Lexicon(
        before=comps["before"], between=comps["between"], after=comps["after"], units=units,
        nouns_after=tuple(nr["nouns_after"]), future_markers=tuple(nr["future_markers"]),
        future_sections=tuple(nr["future_sections"]), baseline_words=tuple(ch["baseline_words"]),
        up=tuple(ch["up"]), down=tuple(ch["down"]), rank_scopes=tuple(rk["scopes"]), rank_leads=tuple(rk["lead_words"]),
        achievements=data["achievements"],
    )


def parse_number(num: str) -> float | None:
    """12,345 / 73.5 / 百 / 三十 → a float; None when it is not a number."""
    if num[0].isdigit():
        return float(num.replace(",", ""))
    s = num
    if s[0] in "十百千万亿":
        s = "一" + s if s[0] != "十" else s
    try:
        return float(chinese_to_int(s))
    except ValueError:
        return None


def _mask(text: str) -> str:
    out = list(text)
    for m in _MASK_RE.finditer(text):
        for k in range(m.start() + 1, m.end() - 1):
            out[k] = "□"
    return "".join(out)


def _spans(text: str, regex: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at every match of *regex* (the separator stays with the piece before it)."""
    cuts, pos = [], start
    for m in regex.finditer(text, start, end):
        cuts.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        cuts.append((pos, end))
    return cuts


def _trim(text: str, start: int, end: int) -> Span:
    """The span [start, end) without surrounding whitespace and trailing punctuation."""
    while start < end and text[start] in " \t\u3000\n，,、":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\n，,。；;：:！!？?、":
        end -= 1
    return Span(text[start:end], start, end)


def _excluded_ranges(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Sections whose heading announces plans (下步工作打算 …): (start, end) offsets."""
    ranges: list[tuple[int, int]] = []
    open_at: dict[int, int] = {}
    pos = 0
    for line in text.split("\n"):
        m = HEADING_RE.match(line)
        if m:
            level = 1 if m["l1"] else 2
            for lv in [lv for lv in open_at if lv >= level]:
                ranges.append((open_at.pop(lv), pos))
            if any(w in line[:40] for w in lex.future_sections):
                open_at[level] = pos
        pos += len(line) + 1
    ranges.extend((s, len(text)) for s in open_at.values())
    return ranges


def _period(text: str, masked: str, sent_start: int, before: int, lex: Lexicon) -> str | None:
    """The last period stated in the sentence before *before* (not a baseline's year)."""
    found: tuple[int, str] | None = None  # (start, period)
    for m in PERIOD_PHRASE_RE.finditer(text, sent_start, before):
        found = (m.start(), m.group(0))
    best = found
    for m in YEAR_RE.finditer(masked, sent_start, before):
        lead = masked[max(sent_start, m.start() - 2):m.start()]
        if any(w in lead for w in lex.baseline_words):
            continue
        if best is None or m.start() > best[0]:
            best = (m.start(), m["y"])
    return best[1] if best else None


def _subject(text: str, start: int, end: int) -> str | None:
    s = YEAR_RE.sub("", text[start:end]).strip(" \t\u3000，,、：:")
    s = re.sub(r"^(?:其中|同时|此外|另外|共|累计)", "", s)
    s = re.sub(r"(?:达到|达|为|共|共计|累计|总计|超过|超|突破|约|近)$", "", s)
    return s or None


def extract_results(text: str) -> list[Result]:
    """Every result the sentences of *text* report (see the module docstring), in text order."""
    lex = lexicon()
    masked = _mask(text)
    excluded = _excluded_ranges(text, lex)
    results: list[Result] = []
    for s_start, s_end in _spans(text, SENTENCE_END_RE, 0, len(text)):
        if any(a <= s_start < b for a, b in excluded):
            continue
        sentence = _trim(text, s_start, s_end)
        if not sentence.text or HEADING_RE.match(text[s_start:s_end]) and len(sentence.text) < 30:
            continue
        if any(w in sentence.text for w in lex.future_markers):
            continue
        results.extend(_sentence_results(text, masked, sentence, lex))
    return results


def _clause_bounds(text: str, sentence: Span, pos: int) -> tuple[int, int]:
    start = sentence.start
    for m in CLAUSE_END_RE.finditer(text, sentence.start, pos):
        start = m.end()
    end = CLAUSE_END_RE.search(text, pos, sentence.end)
    return start, (end.start() if end else sentence.end)


def _sentence_results(text: str, masked: str, sentence: Span, lex: Lexicon) -> list[Result]:
    out: list[Result] = []
    taken: list[tuple[int, int]] = []  # spans already used by a figure, change or rank
    last_figure_end = sentence.start
    for m in lex.figure_re.finditer(masked, sentence.start, sentence.end):
        num_start = m.start("num")
        prev = masked[num_start - 1] if num_start > 0 else ""
        if m["before"] is None and (prev.isdigit() or prev in ".．-—~～/第每□" or prev in _CN_NUM):
            continue
        if m["before"] is not None and m.start() > 0 and masked[m.start() - 1] in "第每":
            continue
        read = lex.read_figure(m, text, sentence.end)
        if read is None:
            continue
        value, code, comp = read
        comp_word = m["before"] or m["between"] or m["after"] or ""
        figure = Span(text[m.start():m.end()], m.start(), m.end())
        c_start, c_end = _clause_bounds(text, sentence, m.start())
        lead = masked[max(c_start, last_figure_end):m.start()]
        ch = lex.change_re.search(lead)
        if ch and out and out[-1].kind in ("figure", "share") and out[-1].change is None:
            base = text[max(c_start, last_figure_end) + ch.start("base"):][:len(ch["base"])]
            baseline = re.sub(f"^(?:{'|'.join(map(re.escape, lex.baseline_words))})", "", base)
            change_span = Span(text[max(c_start, last_figure_end) + ch.start():m.end()],
                               max(c_start, last_figure_end) + ch.start(), m.end())
            direction = "down" if ch["dir"] in lex.down else "up"
            prev_r = out[-1]
            stmt = Span(text[prev_r.statement.start:c_end], prev_r.statement.start, c_end)
            out[-1] = _replace(prev_r, change=Change(value, m["unit"], code, direction, baseline, change_span),
                               statement=_trim(text, stmt.start, stmt.end))
            taken.append((figure.start, figure.end))
            last_figure_end = m.end()
            continue
        kind = "figure"
        clause_lead = masked[c_start:m.start()]
        if m["unit"] == "倍":
            kind = "ratio"
        elif "占" in clause_lead and re.search(r"比重|比例|份额", clause_lead):
            kind = "share"
        elif ch:
            kind = "change"
        rank = None
        rm = lex.rank_re.match(masked, m.end(), c_end) if m.end() < c_end else None
        if rm is None:
            rm2 = lex.rank_re.search(masked, m.end(), c_end)
            if rm2 and rm2.start() - m.end() <= 4:
                rm = rm2
        if rm is not None:
            pos = parse_number(rm["n"])
            if pos is not None:
                rank = Rank(int(pos), rm["scope"], Span(text[rm.start():rm.end()], rm.start(), rm.end()))
                taken.append((rm.start(), rm.end()))
        subject = _subject(text, max(c_start, last_figure_end), m.start())
        stmt = _trim(text, c_start if c_start >= last_figure_end else last_figure_end, c_end)
        if c_start < last_figure_end:
            stmt = _trim(text, c_start, c_end)
        out.append(Result(kind, value, m["unit"], code, comp, comp_word, stmt, sentence, figure,
                          _period(text, masked, sentence.start, m.start(), lex), subject, rank=rank))
        taken.append((figure.start, figure.end))
        last_figure_end = m.end()
    # ranks that carry no figure: 每万家企业法人主体中高新技术企业数量全省第2
    for rm in lex.rank_re.finditer(masked, sentence.start, sentence.end):
        if any(a < rm.end() and rm.start() < b for a, b in taken):
            continue
        pos = parse_number(rm["n"])
        if pos is None:
            continue
        c_start, c_end = _clause_bounds(text, sentence, rm.start())
        rank = Rank(int(pos), rm["scope"], Span(text[rm.start():rm.end()], rm.start(), rm.end()))
        out.append(Result("rank", float(pos), "名", "unit-rank", "comparator-exactly", "", _trim(text, c_start, c_end),
                          sentence, rank.span, _period(text, masked, sentence.start, rm.start(), lex),
                          _subject(text, c_start, rm.start()), rank=rank))
        taken.append((rm.start(), rm.end()))
    # qualitative achievements, in clauses that state no figure
    for c_start, c_end in _spans(text, CLAUSE_END_RE, sentence.start, sentence.end):
        if any(a < c_end and c_start < b for a, b in taken):
            continue
        for am in lex.achievement_re.finditer(masked, c_start, c_end):
            stmt = _trim(text, c_start, c_end)
            out.append(Result("qualitative", None, "", "", "", "", stmt, sentence, None,
                              _period(text, masked, sentence.start, am.start(), lex),
                              _subject(text, c_start, am.start()), achievement=lex.achievements[am.group(0)],
                              trigger=am.group(0)))
    out.sort(key=lambda r: (r.statement.start, r.figure.start if r.figure else r.statement.end))
    return out


def _replace(r: Result, **changes) -> Result:
    from dataclasses import replace

    return replace(r, **changes)


def results_json(results: list[Result]) -> list[dict]:
    return [r.to_json() for r in results]


__all__ = ["Result", "Change", "Rank", "Lexicon", "lexicon", "extract_results", "parse_number", "results_json"]
