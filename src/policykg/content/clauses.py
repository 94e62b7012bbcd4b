"""A draft's text cut into clauses: every article, paragraph and measure, by sentence and by ；-separated item.

A clause keeps its span in the text it was cut from (code-point offsets into the normalised draft text, the same
text the draft's excerpts count in), and where it stands: 第十二条第一款, 二、（三）, or 第5段 for a paragraph
outside any article or numbered item. Markers (第十二条, （三）, 1.) are not part of the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# 第十二条 / 第12条 at the start of a line: an article; the lines after it, up to the next article, are its 款.
ARTICLE_RE = re.compile(r"^[ \t\u3000]*(?P<marker>第[一二三四五六七八九十百零〇两0-9]{1,6}条)(?:[ \t\u3000]+|(?=[^\s]))")
CHAPTER_RE = re.compile(r"^[ \t\u3000]*第[一二三四五六七八九十百零〇0-9]{1,4}[章节编](?:[ \t\u3000]|$)")
# Numbered items: 一、 (level 1), （一） (level 2), 1. / 1、 / (1) （1） (level 3).
ITEM_RES = (
    (1, re.compile(r"^[ \t\u3000]*(?P<marker>[一二三四五六七八九十]{1,3}、)")),
    (2, re.compile(r"^[ \t\u3000]*(?P<marker>[（(][一二三四五六七八九十]{1,3}[）)])")),
    (3, re.compile(r"^[ \t\u3000]*(?P<marker>\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])")),
)
# A clause ends at a full stop, ！, ？ or a semicolon (items of an enumeration), and at a line end.
CLAUSE_END_RE = re.compile(r"[。！!？?；;]")
_TRIM = " \t\u3000"


@dataclass(frozen=True)
class Clause:
    """One clause of a draft.

    Attributes:
        ordinal: its position among the draft's clauses, from 1.
        text: the clause as written (without its closing punctuation or a leading marker).
        start, end: its span in the draft text: ``draft_text[start:end] == text``.
        location: where it stands, e.g. 第十二条第一款 or 二、（三）; 第N段 outside articles and items.
        sentence: its number within the paragraph (1 for the first sentence or item).
    """

    ordinal: int
    text: str
    start: int
    end: int
    location: str
    sentence: int


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        yield raw, pos
        pos += len(raw) + 1


def split_clauses(text: str) -> list[Clause]:
    """Cut *text* (a normalised draft) into clauses, in order, each with its span and location."""
    out: list[Clause] = []
    article: str | None = None
    paragraph = 0  # 款 within the current article
    items: dict[int, str] = {}  # the current numbered item at each level
    loose = 0  # paragraphs outside articles and items
    for raw, pos in _lines(text):
        body_start = len(raw) - len(raw.lstrip(_TRIM))
        if body_start == len(raw):
            continue
        if CHAPTER_RE.match(raw):
            article, paragraph, items = None, 0, {}
            continue
        m = ARTICLE_RE.match(raw)
        if m:
            article, paragraph, items = m["marker"], 1, {}
            body_start = m.end()
        else:
            for level, regex in ITEM_RES:
                im = regex.match(raw)
                if im:
                    if level == 1:
                        article, paragraph = None, 0  # 一、 starts a section of its own, outside any article
                    items = {k: v for k, v in items.items() if k < level}
                    items[level] = im["marker"]
                    body_start = im.end()
                    break
            else:
                if article is not None:
                    paragraph += 1
                    items = {}
                else:
                    loose += 1
                    items = {}
        if article is not None:
            where = f"{article}第{_cn(paragraph)}款" if paragraph else article
            if items:
                where += "".join(items[k] for k in sorted(items))
        elif items:
            where = "".join(items[k] for k in sorted(items))
        else:
            where = f"第{loose}段"
        out.extend(_sentences(raw, pos, body_start, where, len(out)))
    return out


def _sentences(raw: str, pos: int, body_start: int, where: str, before: int) -> list[Clause]:
    found: list[Clause] = []
    start = body_start
    bounds = [m.start() for m in CLAUSE_END_RE.finditer(raw, body_start)] + [len(raw)]
    for end in bounds:
        s, e = start, end
        while s < e and raw[s] in _TRIM:
            s += 1
        while e > s and raw[e - 1] in _TRIM:
            e -= 1
        if e > s and re.search(r"[\u4e00-\u9fff0-9A-Za-z]", raw[s:e]):
            found.append(Clause(before + len(found) + 1, raw[s:e], pos + s, pos + e, where, len(found) + 1))
        start = end + 1
    return found


_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (paragraph numbers are small)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


__all__ = ["Clause", "split_clauses"]
