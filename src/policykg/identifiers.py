"""Document numbers (文号) and the stable IRIs derived from them — the one 文号 grammar of policykg.

A 文号 such as 国科发创〔2016〕370号 gives the IRI doc:国科发创-2016-370; an order number such as
国务院令第713号 gives doc:国务院令-713. See docs/decisions/0002-iri-scheme.md. A 公告 or 令 series numbered within
each year (国家税务总局公告2016年第38号, 财政部 税务总局 海关总署公告2019年第39号, 商务部令2020年第2号) gives
doc:<issuers公告>-<year>-<serial>, the issuers' names joined without spaces (docs/decisions/0023-yearly-series-numbers.md).

What people write is read leniently and kept as written: brackets 〔〕 [] ［］ () （） 【】 or none, 號 for 号,
第 before the serial, spaces, leading zeros, full-width digits, 令 numbers with Arabic or Chinese serials
(国务院令第713号, 主席令第三十一号). A placeholder year (国科函字[20XX]82号) is kept as written and flagged: it has a
canonical form but never an IRI (no year is invented). A 2-digit year is flagged and gets no IRI either.
`find_doc_numbers` scans a text for every 文号 with its span; `repair` mends a malformed one (鲁政办字2024〕124号)
only when exactly one clean number among the candidates reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass

from rdflib import URIRef

from .errors import PolicyKGError
from .namespaces import DOC

_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ",
                           "0123456789XxABCDEFGHIJKLMNOPQRSTUVWYZ")
OPEN = "〔[［(（【"
CLOSE = "〕]］)）】"
_D = "0-9０-９"
_YEAR = rf"(?:[12１２][{_D}]{{3}}|[12１２][{_D}][XxＸｘ×]{{2}}|[XxＸｘ]{{4}}|[{_D}]{{2}})"
_CN_SERIAL = "零〇一二两三四五六七八九十百千"
# GB/T 9704-2012 §7.2.5: 机关代字 + 〔full year〕 + serial without leading zero or 第 + 号
WENHAO_RE = re.compile(r"^(?P<code>[\u4e00-\u9fffA-Za-z0-9]+)〔(?P<year>[12]\d{3})〕(?P<serial>[1-9]\d*)号$")
# 令 numbers: 国务院令第713号, 山东省人民政府令第353号
ORDER_RE = re.compile(r"^(?P<code>[\u4e00-\u9fff]+令)第(?P<serial>[1-9]\d*)号$")
# 公告/令 series numbered within each year: 国家税务总局公告2016年第38号, 商务部令2020年第2号; joint issuers separated by
# spaces (财政部 税务总局 海关总署公告2019年第39号). At least two characters before 公告/令: "公告2016年第1号" alone names no
# series. Without 第 (公告2016年38号) or with the serial before the word (2019年第39号公告) it is not this form.
_SERIES_WORD = "(?:公告|令)"
SERIES_RE = re.compile(rf"^(?P<code>[\u4e00-\u9fff]{{2,}}?{_SERIES_WORD})(?P<year>[12]\d{{3}})年第(?P<serial>[1-9]\d*)号$")
_SP = r"[ \t\u3000]"
_SERIES_CODE = rf"(?:[\u4e00-\u9fff]{{2,20}}{_SP}+){{0,6}}[\u4e00-\u9fff]{{2,20}}?{_SERIES_WORD}"
_SERIES_TAIL = rf"{_SP}*(?P<year>[12１２][{_D}]{{3}}){_SP}*年{_SP}*第{_SP}*(?P<serial>[{_D}]{{1,6}}){_SP}*[号號]"
LENIENT_SERIES_RE = re.compile(rf"^(?P<code>{_SERIES_CODE}){_SERIES_TAIL}$")
# The lenient reading of one whole 文号 (spaces allowed everywhere, brackets of any kind, possibly one missing).
LENIENT_RE = re.compile(
    rf"^(?P<code>[\u4e00-\u9fffA-Za-z]{{1,15}}?)\s*(?P<ob>[{re.escape(OPEN)}])?\s*(?P<year>{_YEAR})\s*"
    rf"(?P<cb>[{re.escape(CLOSE)}])?\s*(?P<di>第)?\s*(?P<serial>[{_D}]{{1,6}})\s*[号號]$"
)
LENIENT_ORDER_RE = re.compile(
    rf"^(?P<code>[\u4e00-\u9fff]{{1,25}}?令)\s*第\s*(?P<serial>[{_D}]{{1,5}}|[{_CN_SERIAL}]{{1,8}})\s*[号號]$")
# Scanning a text: the same grammar without anchors; the 机关代字 is cut back to where it starts (see _code_start).
SCAN_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fffA-Za-z]{{1,15}})[ \t\u3000]*(?P<ob>[{re.escape(OPEN)}])?[ \t\u3000]*(?P<year>{_YEAR})"
    rf"[ \t\u3000]*(?P<cb>[{re.escape(CLOSE)}])?[ \t\u3000]*(?P<di>第)?[ \t\u3000]*(?P<serial>[{_D}]{{1,6}})"
    rf"[ \t\u3000]*[号號]"
)
SCAN_ORDER_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fff]{{1,25}}令)[ \t\u3000]*\n?[ \t\u3000]*第[ \t\u3000]*(?P<serial>[{_D}]{{1,5}}|[{_CN_SERIAL}]{{1,8}})"
    rf"[ \t\u3000]*[号號]"
)
# Words that end the text before a 机关代字 (根据国办发〔2021〕5号 → 国办发): a code never contains them.
_BOUNDARY_WORDS = ("根据", "依据", "按照", "贯彻", "落实", "执行", "参照", "对照", "结合", "印发", "转发", "关于", "简称",
                   "文件", "精神", "要求", "规定", "通知", "意见", "办法", "的", "和", "及", "与", "或", "即", "见", "以",
                   "是", "为", "由", "在", "于", "将", "对", "按", "据", "号", "等", "了", "并", "文号",
                   "字号", "发文", "附件", "已", "日", "月", "年")
_ORDER_BOUNDARY = ("根据", "依据", "按照", "贯彻", "落实", "执行", "参照", "的", "和", "及", "与", "或", "即", "见", "以",
                   "经", "对", "据", "号", "等", "了", "并", "日", "公布", "发布")


SCAN_SERIES_RE = re.compile(rf"(?P<code>{_SERIES_CODE}){_SERIES_TAIL}")
# before a series code: the words that end a 文号's code or a 令's (转发国家税务总局公告…, 经…, 依照…)
_SERIES_BOUNDARY = tuple(dict.fromkeys(_BOUNDARY_WORDS + _ORDER_BOUNDARY + ("依照", "遵照", "参见")))

_NO_BRACKET_CODE_ENDS = "发字函办规电"


class Issue:
    """Flags a 文号 as written can carry (the 文号 shapes judge the form; these say why no IRI was made)."""

    PLACEHOLDER_YEAR = "placeholder-year"  # 20XX: kept as written, no IRI
    TWO_DIGIT_YEAR = "two-digit-year"  # [22]: no century guessed, no IRI
    MISSING_BRACKET = "missing-bracket"  # 鲁政办字2024〕124号
    NO_BRACKETS = "no-brackets"  # 国发2022 18号 (read, but not the GB/T 9704 form)
    NON_STANDARD_BRACKETS = "non-standard-brackets"
    LEADING_ZERO = "leading-zero"
    ORDINAL_DI = "di"  # 第 before a 文号 serial
    TRADITIONAL = "traditional"  # 號
    SPACES = "spaces"
    FULL_WIDTH = "full-width-digits"


@dataclass(frozen=True)
class DocNumber:
    """A 文号 read: its parts. ``year`` is None for a 令 number and for a placeholder/2-digit year
    (``year_text`` then keeps the year as written). ``series``: a 公告/令 series numbered within each year, written
    <code><year>年第<serial>号 (its code ends in 公告 or 令; joint issuers' names joined without spaces)."""

    code: str
    year: int | None
    serial: int
    is_order: bool = False
    year_text: str | None = None
    series: bool = False

    @property
    def placeholder(self) -> bool:
        return not self.is_order and self.year is None

    @property
    def canonical(self) -> str:
        if self.is_order:
            return f"{self.code}第{self.serial}号"
        if self.series:
            return f"{self.code}{self.year}年第{self.serial}号"
        return f"{self.code}〔{self.year if self.year is not None else self.year_text}〕{self.serial}号"

    @property
    def slug(self) -> str:
        """The IRI's local name; PolicyKGError for a placeholder or 2-digit year (no IRI is invented)."""
        if self.is_order:
            return f"{self.code}-{self.serial}"
        if self.year is None:
            raise PolicyKGError(f"文号 {self.canonical} has no real year ({self.year_text}): no IRI is made for it")
        return f"{self.code}-{self.year}-{self.serial}"

    @property
    def key(self) -> str:
        """Brackets, spaces and zeros ignored: how two spellings of one number are compared (a series number and
        the same number written with brackets, 国家税务总局公告〔2016〕38号, compare equal, as their IRIs do)."""
        return f"{self.code}|{self.year if self.year is not None else self.year_text}|{self.serial}|{self.is_order}"


@dataclass(frozen=True)
class NumberMatch:
    """A 文号 found in a text: as written (with its span), read, and what is unusual about it."""

    as_written: str
    start: int
    end: int
    number: DocNumber | None
    issues: tuple[str, ...] = ()
    repaired_from: str | None = None  # set by `repair`: the malformed form the number was mended from
    repair_source: str | None = None  # "text" or "registry"

    @property
    def canonical(self) -> str | None:
        return self.number.canonical if self.number else None

    @property
    def iri(self) -> URIRef | None:
        """doc:<slug> when the number has a real year (or is a 令 number) and no unrepaired defect."""
        if self.number is None or self.number.placeholder or Issue.MISSING_BRACKET in self.issues:
            return None
        return DOC[self.number.slug]

    @property
    def malformed(self) -> bool:
        return Issue.MISSING_BRACKET in self.issues


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(code: str) -> str:
    """The 机关代字 in simplified characters (國發 → 国发): one canonical form whatever the page's script."""
    return _t2s().convert(code) if any(ord(ch) > 0x7F for ch in code) else code


def _cn_int(s: str) -> int:
    from .ingest.numerals import chinese_to_int

    return chinese_to_int(s)


def _form_issues(whole: str, *, spaced: str) -> list[str]:
    """The issues of how a number is written: 號, full-width digits, and spaces within *spaced* (the part of
    *whole* where a space is not part of the form)."""
    issues: list[str] = []
    if "號" in whole:
        issues.append(Issue.TRADITIONAL)
    if re.search(r"[ \t\u3000]", spaced):
        issues.append(Issue.SPACES)
    if re.search("[０-９]", whole):
        issues.append(Issue.FULL_WIDTH)
    return issues


def _read_series(m: re.Match) -> tuple[DocNumber | None, tuple[str, ...]]:
    """The parts of a LENIENT_SERIES/SCAN_SERIES match; spaces between joint issuers' names are their form."""
    whole = m.group(0)
    issues = _form_issues(whole, spaced=whole[m.end("code") - m.start():])
    raw_serial = m["serial"].translate(_FULLWIDTH)
    serial = int(raw_serial)
    if serial == 0:
        return None, tuple(issues)
    if raw_serial.startswith("0"):
        issues.append(Issue.LEADING_ZERO)
    code = _series_code(_simplified(re.sub(r"[ \t\u3000]+", "", m["code"])))
    return DocNumber(code, int(m["year"].translate(_FULLWIDTH)), serial, series=True), tuple(issues)


def _series_code(code: str) -> str:
    """中华人民共和国海关总署公告 → 海关总署公告 (as for 令 numbers); the state's name alone stays."""
    rest = code.removeprefix("中华人民共和国")
    return rest if len(rest) > 2 else code


def _read(m: re.Match, order: bool) -> tuple[DocNumber | None, tuple[str, ...]]:
    """The parts of a LENIENT/SCAN match, with the issues of its form."""
    whole = m.group(0)
    issues = _form_issues(whole, spaced=whole)
    raw_serial = m["serial"].translate(_FULLWIDTH)
    if order:
        try:
            serial = int(raw_serial) if raw_serial.isdigit() else _cn_int(raw_serial)
        except ValueError:
            return None, tuple(issues)
        if raw_serial.startswith("0"):
            issues.append(Issue.LEADING_ZERO)
        code = _simplified(m["code"])
        code = code.removeprefix("中华人民共和国") if code != "中华人民共和国令" else code
        return (DocNumber(code, None, serial, is_order=True) if serial > 0 else None), tuple(issues)
    serial = int(raw_serial)
    if serial == 0:
        return None, tuple(issues)
    if raw_serial.startswith("0"):
        issues.append(Issue.LEADING_ZERO)
    if m["di"]:
        issues.append(Issue.ORDINAL_DI)
    ob, cb = m["ob"], m["cb"]
    if ob is None and cb is None:
        issues.append(Issue.NO_BRACKETS)
    elif ob is None or cb is None:
        issues.append(Issue.MISSING_BRACKET)
    elif ob != "〔" or cb != "〕":
        issues.append(Issue.NON_STANDARD_BRACKETS)
    year_s = m["year"].translate(_FULLWIDTH)
    code = _simplified(m["code"])
    if re.fullmatch(r"[12]\d{3}", year_s):
        return DocNumber(code, int(year_s), serial), tuple(issues)
    if re.fullmatch(r"\d{2}", year_s):
        if ob is None and cb is None:
            return None, tuple(issues)  # 发2 18号: not a 文号 at all
        issues.append(Issue.TWO_DIGIT_YEAR)
        return DocNumber(code, None, serial, year_text=year_s), tuple(issues)
    issues.append(Issue.PLACEHOLDER_YEAR)
    return DocNumber(code, None, serial, year_text=year_s.upper().replace("×", "X")), tuple(issues)


def parse_doc_number(text: str, *, strict: bool = False) -> DocNumber:
    """Parse a 文号. Strict mode accepts only the GB/T 9704 form (or a 令 number).

    >>> parse_doc_number("国科发创〔2016〕370号").slug
    '国科发创-2016-370'
    >>> parse_doc_number("国科发创[2016]0370号").canonical
    '国科发创〔2016〕370号'
    >>> parse_doc_number("国务院令第713号").slug
    '国务院令-713'
    >>> parse_doc_number("国科函字[20XX]82号").canonical
    '国科函字〔20XX〕82号'
    >>> parse_doc_number("财政部 税务总局 海关总署公告2019年第39号").slug
    '财政部税务总局海关总署公告-2019-39'
    """
    s = text.strip()
    m = ORDER_RE.match(s)
    if m:
        return DocNumber(m["code"].removeprefix("中华人民共和国") or m["code"], None, int(m["serial"]), is_order=True)
    m = WENHAO_RE.match(s)
    if m:
        return DocNumber(m["code"], int(m["year"]), int(m["serial"]))
    m = SERIES_RE.match(s)
    if m:
        return DocNumber(_series_code(m["code"]), int(m["year"]), int(m["serial"]), series=True)
    if not strict:
        m = LENIENT_SERIES_RE.match(s)
        if m:
            number, _ = _read_series(m)
            if number is not None:
                return number
        for regex, order in ((LENIENT_ORDER_RE, True), (LENIENT_RE, False)):
            m = regex.match(s)
            if m:
                number, issues = _read(m, order)
                if number is not None and Issue.MISSING_BRACKET not in issues and Issue.TWO_DIGIT_YEAR not in issues:
                    return number
    raise PolicyKGError(f"malformed document number (文号) {text!r}: expected e.g. 国科发创〔2016〕370号")


def doc_iri(number: str) -> URIRef:
    """The IRI of the document carrying *number* (lenient about brackets and zeros; never for a placeholder year)."""
    return DOC[parse_doc_number(number).slug]


def _code_start(text: str, start: int, end: int, boundary: Iterable[str]) -> int:
    """Where the 机关代字 in text[start:end] begins: after the last boundary word in it."""
    best = start
    seg = text[start:end].replace("中华人民共和国", "□□□□□□□")  # 和 inside the state's name ends nothing
    for w in boundary:
        k = seg.rfind(w)
        if k >= 0:
            best = max(best, start + k + len(w))
    return best


def find_doc_numbers(text: str) -> list[NumberMatch]:
    """Every 文号 and 令 number written in *text*, in order, each with its span and the issues of its form."""
    found: list[NumberMatch] = []
    taken: list[tuple[int, int]] = []
    for regex, kind, boundary in ((SCAN_SERIES_RE, "series", _SERIES_BOUNDARY), (SCAN_ORDER_RE, "order", _ORDER_BOUNDARY),
                                  (SCAN_RE, "wenhao", _BOUNDARY_WORDS)):
        for m in regex.finditer(text):
            cs = _code_start(text, m.start("code"), m.end("code"), boundary)
            while cs < m.end("code") and text[cs] in " \t\u3000":  # a joint series code cut after a word
                cs += 1
            if cs >= m.end("code"):
                continue
            sub = regex.match(text, cs)
            if sub is None or sub.end() != m.end():
                continue
            if any(a < sub.end() and sub.start() < b for a, b in taken):
                continue
            if kind == "series":
                number, issues = _read_series(sub)
            else:
                number, issues = _read(sub, kind == "order")
            if kind == "wenhao" and sub["ob"] is None and sub["cb"] is None and (
                    len(sub["code"]) < 2 or sub["code"][-1] not in _NO_BRACKET_CODE_ENDS):
                continue  # 会议室2023 5号: without brackets only a code ending like 发/字/函 makes a 文号
            if number is None:
                continue
            found.append(NumberMatch(sub.group(0), sub.start(), sub.end(), number, issues))
            taken.append((sub.start(), sub.end()))
    found.sort(key=lambda n: n.start)
    return found


def _loose_key(n: DocNumber) -> str:
    return f"{n.code}{n.year if n.year is not None else n.year_text}{n.serial}"


def repair(match: NumberMatch, text_numbers: Iterable[NumberMatch] = (), registry_numbers: Iterable[str] = ()
           ) -> NumberMatch:
    """Mend a malformed *match* when exactly one clean number (first in the same text, else in the registry)
    reads the same with brackets ignored; otherwise return it unchanged (kept as written, no IRI)."""
    if not match.malformed or match.number is None:
        return match
    key = _loose_key(match.number)
    for source, pool in (("text", [n.number for n in text_numbers if n.number and not n.malformed]),
                         ("registry", [_try(s) for s in registry_numbers])):
        clean = {n.canonical: n for n in pool if n is not None and _loose_key(n) == key}
        if len(clean) == 1:
            (number,) = clean.values()
            issues = tuple(i for i in match.issues if i != Issue.MISSING_BRACKET)
            return NumberMatch(match.as_written, match.start, match.end, number, issues,
                               repaired_from=match.as_written, repair_source=source)
    return match


def _try(s: str) -> DocNumber | None:
    try:
        return parse_doc_number(s)
    except PolicyKGError:
        return None


def title_slug(title: str, version_date: str | None = None) -> str:
    """Slug for a document without a 文号: its short title (and version date)."""
    t = re.sub(r"[《》〈〉\s]", "", title)
    t = re.sub(r"^中华人民共和国", "", t)
    t = re.sub(r"[（(][^）)]*[）)]$", "", t)
    t = re.sub(r"[^\w\-]", "-", t).strip("-")
    return f"{t}-{version_date}" if version_date else t


def looks_like_iri(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text)) and "〔" not in text


__all__ = ["DocNumber", "NumberMatch", "Issue", "parse_doc_number", "doc_iri", "find_doc_numbers", "repair",
           "title_slug", "looks_like_iri", "WENHAO_RE", "ORDER_RE", "LENIENT_RE"]
