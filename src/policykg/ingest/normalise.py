"""Normalisation before extraction, with an offset map back to the original text.

`normalise_text(original)` returns a `Normalised`: the text the extractors read and, for every one of its characters,
the offset of the character of *original* it came from — so every span found in the normalised text is mapped back
(`Normalised.to_original`) and provenance offsets point at what the file says.

Steps (each keeps or drops characters one by one; nothing is inserted except a space where a line break joined two
Latin words):

1. injected pinyin annotations removed: 創(chuàng)新 → 創新, 達(dá)到 → 達到 (lower-case Latin letters with tone marks in
   brackets right after a Chinese character);
2. zero-width characters dropped; NBSP, ideographic and other spaces → " ";
3. full-width digits, Latin letters, ％ ＋ and a full-width point between digits → ASCII (brackets, commas, colons
   stay: they are the standard Chinese forms);
4. traditional → simplified characters (OpenCC t2s, character for character so the map stays one-to-one);
5. hard-wrapped lines (PDF text, fixed-width .txt) rejoined into paragraphs: a line break is dropped when the line
   runs to the common line width and ends mid-sentence, and the next line does not start a numbered item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lawmd import Span

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_RE = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-z{_TONED}]*[aeiouv{_TONED}])[a-z{_TONED}]{{1,7}}[1-5]?[)）]")
_SPACES = {"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ",
           "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " "}
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "＋": "+"})
# A line that starts a new block: a numbered item, an article, an attachment, a signature date.
_BLOCK_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]+[条章节]"
    r"|附件|附：|抄送|\d{4}年\d{1,2}月\d{1,2}日\s*$)")
_SENTENCE_END = "。！？!?；;：:…”」』》>）)】〕"
# A line ending like a title (…的通知) or a 文号 (…号) is a line of its own, never the start of a wrapped paragraph.
_LINE_OF_ITS_OWN_RE = re.compile(r"(?:通知|意见|办法|方案|规定|决定|条例|报告|细则|规划|批复|函|公告|[号號])\s*$")
_NEXT_OF_ITS_OWN_RE = re.compile(r"^\s*(?:[\u4e00-\u9fff]{1,12}[〔\[［(（【]\d{4}[〕\]］)）】]\d+[号號]\s*$|\d{4}年\d{1,2}月\d{1,2}日)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the offset in *original* it came from."""

    text: str
    original: str
    index: tuple[int, ...]  # len(text) entries

    def offset(self, i: int) -> int:
        """Original offset of normalised position *i* (i == len(text) maps to the end of the original)."""
        return self.index[i] if i < len(self.index) else len(self.original)

    def to_original(self, span: Span) -> Span:
        """*span* of the normalised text as the span of the original text that it came from."""
        if span.end <= span.start:
            o = self.offset(span.start)
            return Span("", o, o)
        start = self.index[span.start]
        end = self.index[span.end - 1] + 1
        return Span(self.original[start:end], start, end)

    def range(self, start: int, end: int) -> Span:
        return self.to_original(Span(self.text[start:end], start, end))

    @property
    def changed(self) -> bool:
        return self.text != self.original


def _apply(chars: list[str], index: list[int], keep) -> tuple[list[str], list[int]]:
    out_c, out_i = [], []
    for k, (c, i) in enumerate(zip(chars, index)):
        r = keep(k, c)
        if r:
            out_c.append(r)
            out_i.append(i)
    return out_c, out_i


def _looks_wrapped(lines: list[str]) -> int | None:
    """The common width of a hard-wrapped text (most long lines share it and end mid-sentence), else None."""
    long = list(dict.fromkeys(ln.rstrip() for ln in lines if len(ln.strip()) >= 20))  # repeated lines count once
    if len(long) < 4:
        return None
    width, count = Counter(len(ln) for ln in long).most_common(1)[0]
    near = [ln for ln in long if abs(len(ln) - width) <= 2]
    mid = [ln for ln in near if ln[-1] not in _SENTENCE_END]
    if len(near) >= 3 and len(near) >= 0.3 * len(long) and len(mid) >= 0.5 * len(near):
        return width
    return None


_PARAGRAPH_END = "。！？!?；;：:"


def _rejoin(chars: list[str], index: list[int], force: bool) -> tuple[list[str], list[int]]:
    text = "".join(chars)
    # PDF text (force): a full line ends where the page width does, even after 》 or ）; only 。！？；： end it
    ends = _PARAGRAPH_END if force else _SENTENCE_END
    lines = text.split("\n")
    width = _looks_wrapped(lines)
    if width is None and force:
        long = [len(ln.rstrip()) for ln in lines if len(ln.strip()) >= 10]
        width = Counter(long).most_common(1)[0][0] if long else None
    if width is None:
        return chars, index
    drop: set[int] = set()
    space: set[int] = set()
    pos = 0
    for k, line in enumerate(lines[:-1]):
        nl = pos + len(line)
        nxt = lines[k + 1]
        stripped = line.rstrip()
        if (stripped and nxt.strip() and len(stripped) >= width - 3 and stripped[-1] not in ends
                and not _BLOCK_START_RE.match(nxt) and not _LINE_OF_ITS_OWN_RE.search(stripped)
                and not _NEXT_OF_ITS_OWN_RE.match(nxt) and "   " not in stripped
                and not (_LINE_OF_ITS_OWN_RE.search(nxt.rstrip()) and len(nxt.strip()) < width - 3
                         and k + 2 < len(lines) and lines[k + 2].strip()[:1] not in "，,、")):
            if stripped[-1].isascii() and stripped[-1].isalnum() and nxt.lstrip()[:1].isascii() and nxt.lstrip()[:1].isalpha():
                space.add(nl)
            else:
                drop.add(nl)
                # the indentation of the continuation line goes too
                j = nl + 1
                while j < len(text) and text[j] in " \t":
                    drop.add(j)
                    j += 1
        pos = nl + 1
    return _apply(chars, index, lambda k, c: "" if k in drop else (" " if k in space else c))


def normalise_text(original: str, *, rejoin: bool | None = None) -> Normalised:
    """Normalise *original* for extraction (see the module docstring).

    Args:
        rejoin: True for PDF text (always rejoin wrapped lines at the common width), None to rejoin only when the
            text looks hard-wrapped, False never.
    """
    chars = list(original)
    index = list(range(len(original)))
    # 1. pinyin annotations
    dropped: set[int] = set()
    for m in PINYIN_RE.finditer(original):
        dropped.update(range(m.start(), m.end()))
    if dropped:
        chars, index = _apply(chars, index, lambda k, c: "" if k in dropped else c)
    # 2.–3. spaces, zero-width, full-width
    chars, index = _apply(chars, index, lambda k, c: "" if c in _DROP else _SPACES.get(c, _FULLWIDTH.get(c, c)))
    for k in range(1, len(chars) - 1):
        if chars[k] == "．" and chars[k - 1].isdigit() and chars[k + 1].isdigit():
            chars[k] = "."
    # 4. traditional → simplified, one character for one
    joined = "".join(chars)
    converted = _t2s().convert(joined)
    if len(converted) == len(joined):
        chars = list(converted)
    else:
        conv = _t2s().convert
        chars = [(x if len(x := conv(c)) == 1 else c) if ord(c) > 0x2E7F else c for c in chars]
    # 5. wrapped lines
    if rejoin is not False:
        chars, index = _rejoin(chars, index, bool(rejoin))
    return Normalised("".join(chars), original, tuple(index))


__all__ = ["Normalised", "normalise_text", "PINYIN_RE"]
