"""Document numbers (文号) and the stable IRIs derived from them.

A 文号 such as 国科发创〔2016〕370号 gives the IRI doc:国科发创-2016-370; an order number such as
国务院令第713号 gives doc:国务院令-713. See docs/decisions/0002-iri-scheme.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from .errors import PolicyKGError
from .namespaces import DOC

# GB/T 9704-2012 §7.2.5: 机关代字 + 〔full year〕 + serial without leading zero or 第 + 号
WENHAO_RE = re.compile(r"^(?P<code>[\u4e00-\u9fffA-Za-z0-9]+)〔(?P<year>[12]\d{3})〕(?P<serial>[1-9]\d*)号$")
# 令 numbers: 国务院令第713号, 山东省人民政府令第353号
ORDER_RE = re.compile(r"^(?P<code>[\u4e00-\u9fff]+令)第(?P<serial>[1-9]\d*)号$")
# Lenient reading of what people actually type: [] ［］ () 【】 （） around the year, 第, leading zeros.
LENIENT_RE = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z0-9]+?)\s*[〔\[［(（【](?P<year>\d{2,4})[〕\]］)）】]\s*第?(?P<serial>\d+)\s*号$"
)


@dataclass(frozen=True)
class DocNumber:
    code: str
    year: int | None
    serial: int
    is_order: bool = False

    @property
    def canonical(self) -> str:
        if self.is_order:
            return f"{self.code}第{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"

    @property
    def slug(self) -> str:
        if self.is_order:
            return f"{self.code}-{self.serial}"
        return f"{self.code}-{self.year}-{self.serial}"


def parse_doc_number(text: str, *, strict: bool = False) -> DocNumber:
    """Parse a 文号. Strict mode accepts only the GB/T 9704 form (or a 令 number).

    >>> parse_doc_number("国科发创〔2016〕370号").slug
    '国科发创-2016-370'
    >>> parse_doc_number("国科发创[2016]0370号").canonical
    '国科发创〔2016〕370号'
    >>> parse_doc_number("国务院令第713号").slug
    '国务院令-713'
    """
    s = text.strip()
    m = ORDER_RE.match(s)
    if m:
        return DocNumber(m["code"], None, int(m["serial"]), is_order=True)
    m = WENHAO_RE.match(s)
    if m:
        return DocNumber(m["code"], int(m["year"]), int(m["serial"]))
    if not strict:
        m = LENIENT_RE.match(s)
        if m and len(m["year"]) == 4 and int(m["serial"]) > 0:
            return DocNumber(m["code"], int(m["year"]), int(m["serial"]))
    raise PolicyKGError(f"malformed document number (文号) {text!r}: expected e.g. 国科发创〔2016〕370号")


def doc_iri(number: str) -> URIRef:
    """The IRI of the document carrying *number* (lenient about brackets and zeros)."""
    return DOC[parse_doc_number(number).slug]


def title_slug(title: str, version_date: str | None = None) -> str:
    """Slug for a document without a 文号: its short title (and version date)."""
    t = re.sub(r"[《》〈〉\s]", "", title)
    t = re.sub(r"^中华人民共和国", "", t)
    t = re.sub(r"[（(][^）)]*[）)]$", "", t)
    t = re.sub(r"[^\w\-]", "-", t).strip("-")
    return f"{t}-{version_date}" if version_date else t


def looks_like_iri(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", text)) and "〔" not in text
