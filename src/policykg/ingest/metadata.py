"""The metadata block of a government page (信息公开 table or lines) and the site chrome around it.

`extract_metadata(text)` reads fields written as ``字段: 值`` (colon, full-width colon, TAB between table cells, or
the value on the next line after a field alone on its line), several per line allowed
(索引号: … 发布单位: …). Fields (data/ingest/metadata.toml maps each label to a key):
docNumber 发文字号/文号, dateDocument 成文日期, datePublished 发布日期, issuer 发文机关/发布单位, indexNumber 索引号,
subject 主题分类, validity 有效性/截止日期, inForce 开始实施时间, status 文件状态, repealed 废止/失效时间 … .
An empty field (``文号:`` with nothing after it) gives nothing. `is_chrome(line)` tells site chrome
(当前位置 : 首页 > …, 点击次数, 字号 大 中 小, 打印, 关闭 …) that never becomes a title or a fact.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import resource_dir
from .lawmd import Span

LEXICON_FILE = "ingest/metadata.toml"
HEAD_LINES = 40


@dataclass(frozen=True)
class Field:
    key: str  # docNumber, dateDocument, …
    label: str  # the label as written (发文字号)
    value: Span


@dataclass
class _Lex:
    labels: dict[str, str]
    chrome: tuple[re.Pattern, ...]
    field_re: re.Pattern


@lru_cache(maxsize=1)
def _lexicon() -> _Lex:
    with open(resource_dir("data") / LEXICON_FILE, "rb") as fh:
        data = tomllib.load(fh)
    labels: dict[str, str] = {}
    for key, words in data["fields"].items():
        for w in words:
            labels[w] = key
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    # a label at the start of the line or after whitespace/TAB, then : or ： or TAB (or end of line)
    field_re = re.compile(rf"(?:(?<=^)|(?<=[\s\t|•·]))(?P<label>{alt})[ \t\u3000]*(?:[:：]|\t|\||$)[ \t\u3000|]*")
    chrome = tuple(re.compile(p) for p in data["chrome"]["patterns"])
    return _Lex(labels, chrome, field_re)


_DATE_RE = re.compile(r"^\d{4}\s*(?:[-./年])\s*\d{1,2}\s*(?:[-./月])\s*\d{1,2}日?")


def _plausible(key: str, value: str) -> bool:
    """A value that can be what the field says (a 文号 for docNumber, a date for dates)."""
    if key == "docNumber":
        from ..identifiers import find_doc_numbers

        return bool(find_doc_numbers(value))
    if key in ("dateDocument", "datePublished", "inForce", "repealed"):
        return bool(_DATE_RE.match(value))
    return len(value) <= 80


def parse_date(value: str):
    """2023-07-16 / 2023年7月16日 / 2023.7.16 → datetime.date, or None."""
    import datetime as _dt

    m = re.match(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})", value)
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def is_chrome(line: str) -> bool:
    """True for a line of site chrome (breadcrumbs, counters, font-size and print links)."""
    s = line.strip()
    return any(p.search(s) for p in _lexicon().chrome)


def extract_metadata(text: str, *, head_lines: int = HEAD_LINES) -> list[Field]:
    """The metadata fields among the first *head_lines* non-empty lines (and a trailing table, if any)."""
    lex = _lexicon()
    out: list[Field] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append((pos, raw))
        pos += len(raw) + 1
    seen: set[str] = set()
    for k, (start, line) in enumerate(lines[:head_lines]):
        matches = list(lex.field_re.finditer(line))
        for i, m in enumerate(matches):
            v_start = m.end()
            v_end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[v_start:v_end].strip(" \t\u3000|")
            v_off = start + v_start + (len(line[v_start:v_end]) - len(line[v_start:v_end].lstrip(" \t\u3000|")))
            alone = len(matches) == 1 and not line[:m.start()].strip(" \t\u3000•·*-")
            if not value and alone and k + 1 < len(lines):
                # the value on the next line (a table cell) unless that line is itself a field
                n_start, n_line = lines[k + 1]
                if not lex.field_re.match(n_line.strip()) and len(n_line.strip()) <= 60:
                    value = n_line.strip()
                    v_off = n_start + (len(n_line) - len(n_line.lstrip()))
            if not value:
                continue
            key = lex.labels[m["label"]]
            if key in seen or not _plausible(key, value):
                continue
            seen.add(key)
            out.append(Field(key, m["label"], Span(value, v_off, v_off + len(value))))
    return out


__all__ = ["Field", "extract_metadata", "is_chrome", "parse_date"]
