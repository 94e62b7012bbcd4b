"""Read a draft policy document from .txt, .html/.htm, .docx or .pdf into normalised plain text.

The text returned here is *the* source text of an ingested draft: every excerpt offset counts code points in it.
Normalisation is deliberately small — Unicode NFC, a leading BOM removed, CR LF / CR → LF — so a reviewer can
reproduce the offsets from the file with any tool. Extraction rules and limits: src/policykg/ingest/README.md.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from bs4 import (BeautifulSoup, CData, MarkupResemblesLocatorWarning, NavigableString, PageElement, Tag,
                 XMLParsedAsHTMLWarning)
from lxml.etree import LxmlError

from .. import limits
from ..errors import PolicyKGError

# Suffixes the ingester reads; .doc is listed so it gets a helpful refusal rather than "unsupported".
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".docx", ".pdf")
REFUSED_SUFFIXES = {
    ".doc": "legacy Word .doc is not supported: save it as .docx (Word: 另存为 → .docx) and try again",
    ".wps": "WPS .wps is not supported: save it as .docx and try again",
}

# C0 controls other than TAB, LF, VT, FF, CR never occur in a policy text; they mean binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class DraftText:
    """A draft read from a file.

    Attributes:
        text: the normalised plain text the offsets count in.
        source_format: how it was read, e.g. "txt (UTF-8)", "txt (GB18030)", "html", "docx", "pdf".
    """

    text: str
    source_format: str


def is_ingestible(path: Path) -> bool:
    """True when *path* names a draft format this module reads (or refuses with a reason)."""
    suffix = Path(path).suffix.lower()
    return suffix in SUFFIXES or suffix in REFUSED_SUFFIXES


def normalise(text: str) -> str:
    """NFC, no leading BOM, LF line ends: the text offsets count in."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _plausibility(text: str) -> float:
    """Share of the CJK characters of *text* that are common ones (GB2312 level 1, after t2s) — near 1 for a real
    Chinese text, far lower for bytes decoded with the wrong encoding."""
    from .normalise import _t2s

    cjk = [c for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    if not cjk:
        return 1.0 if text.isascii() else 0.0
    sample = _t2s().convert("".join(cjk[:20000]))
    common = 0
    for c in sample:
        try:
            b = c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= b[0] <= 0xD7
    return common / len(sample)


def _utf16(data: bytes) -> str | None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if len(data) >= 4:
        even, odd = data[0::2], data[1::2]
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def decode_text(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode a plain-text draft: UTF-8 (BOM allowed), UTF-16 (BOM or NUL pattern), else GB18030 (a superset of
    GBK/GB2312) or Big5, whichever reads as Chinese text.

    Returns:
        (text, encoding name).

    Raises:
        PolicyKGError: no encoding gives a plausible text (binary data, garbage, another encoding) — never
            silently garbled text.
    """
    candidates: list[tuple[str, str]] = []
    if data.startswith(b"\xef\xbb\xbf") or _utf16(data) is None:
        candidates.append(("utf-8-sig", "UTF-8"))
    if (enc := _utf16(data)) is not None:
        candidates.append((enc, "UTF-16"))
    candidates += [("gb18030", "GB18030"), ("big5", "Big5")]
    best: tuple[float, str, str] | None = None
    for encoding, label in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_RE.search(text):
            continue  # decodable but full of control bytes: binary data, not a text
        if label in ("UTF-8", "UTF-16"):
            return text, label
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, label)
    if best is not None and best[0] >= 0.75:
        return best[1], best[2]
    raise PolicyKGError(f"{name}: not a text file in UTF-8, UTF-16, GB18030/GBK or Big5 "
                        f"(binary data or garbled bytes): save it as UTF-8 and try again")


def read_draft(path: Path) -> DraftText:
    """Read the draft at *path* into normalised plain text.

    Raises:
        PolicyKGError: missing file, unsupported or broken format, no text at all (one line).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise PolicyKGError(f"{path}: {REFUSED_SUFFIXES[suffix]}")
    if suffix not in SUFFIXES:
        raise PolicyKGError(f"{path}: unsupported draft format {suffix or '(no suffix)'!r}: "
                            f"use .txt, .html, .htm, .docx, .pdf or Turtle .ttl")
    if not path.is_file():
        raise PolicyKGError(f"{path}: no such file")
    try:
        cap = "pdf_file" if suffix == ".pdf" else "docx_xml" if suffix == ".docx" else "draft_file"
        limits.check(cap, path.stat().st_size, str(path))  # a .docx is compressed: its XML is capped again
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyKGError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if suffix in TEXT_SUFFIXES:
        raw, encoding = decode_text(data, str(path))
        fmt = f"txt ({encoding})"
    elif suffix in HTML_SUFFIXES:
        raw, _ = decode_text(data, str(path))
        raw, fmt = html_to_text(raw, str(path)), "html"
    elif suffix == ".docx":
        raw, fmt = docx_to_text(data, str(path)), "docx"
    else:
        raw, fmt = pdf_to_text(path), "pdf"
    text = normalise(raw)
    if not text.strip():
        raise PolicyKGError(f"{path}: the draft contains no text")
    return DraftText(text, fmt)


def _join_lines(lines: list[str]) -> str:
    """One line per block, inner whitespace kept, blank lines dropped, a final newline."""
    kept = [ln.strip() for ln in lines if ln.strip()]
    return "\n".join(kept) + "\n" if kept else ""


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead "
    "title tr ul".split()
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "object", "iframe"})


def html_to_text(html: str, name: str = "input") -> str:
    """Visible text of an HTML page, one line per block element, scripts, styles and <head> dropped.

    The page is parsed by Beautiful Soup over lxml's HTML parser (both maintained, from PyPI), which repairs the
    broken markup government sites serve. Only <body> is read (lxml puts a fragment into one). The tree is walked
    without recursion, so a deeply nested page cannot exhaust the stack; its size is capped before (draft_file).
    """
    try:
        with warnings.catch_warnings():  # bs4's advice (XML parsed as HTML, text that looks like a URL) is no use here
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(html, "lxml")
    except (ValueError, LxmlError) as exc:  # e.g. a lone surrogate lxml cannot encode
        raise PolicyKGError(f"{name}: the HTML page cannot be parsed: {exc}") from None
    root = soup.body if soup.body is not None else soup
    parts: list[str] = []
    # (node, leaving, inside <pre>): a block element adds a line break where it opens and where it closes
    stack: list[tuple[PageElement, bool, bool]] = [(root, False, False)]
    while stack:
        node, leaving, pre = stack.pop()
        if isinstance(node, Tag):
            name = (node.name or "").lower()
            if leaving:
                if name in _BLOCK_TAGS:
                    parts.append("\n")
                continue
            if name in _HIDDEN_TAGS:
                continue
            if name in _BLOCK_TAGS and node is not root:
                parts.append("\n")
            stack.append((node, True, pre))
            inner = pre or name == "pre"
            stack.extend((child, False, inner) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and type(node) in (NavigableString, CData):
            # comments, doctype and processing instructions are not text. HTML collapses whitespace runs
            # (not U+3000, which is text) except inside <pre>
            parts.append(str(node) if pre else re.sub(r"[ \t\r\n\f]+", " ", str(node)))
    return _join_lines("".join(parts).split("\n"))


# ---------------------------------------------------------------- DOCX


def docx_to_text(data: bytes, name: str = "input") -> str:
    """Paragraphs of word/document.xml (body, tables included), one line each; w:tab → TAB, w:br → line break."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            # the declared size first (a zip bomb is refused before inflating), then the real one
            limits.check("docx_xml", zf.getinfo("word/document.xml").file_size, f"{name}: word/document.xml")
            with zf.open("word/document.xml") as member:
                xml = limits.read_capped(member, "docx_xml", f"{name}: word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zipfile.LargeZipFile, NotImplementedError):
        raise PolicyKGError(f"{name}: not a Word .docx file (no readable word/document.xml)") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise PolicyKGError(f"{name}: broken word/document.xml: {exc}") from None
    lines: list[str] = []
    for para in root.iter(f"{W_NS}p"):
        buf: list[str] = []
        for el in para.iter():
            if el.tag == f"{W_NS}t" and el.text:
                buf.append(el.text)
            elif el.tag == f"{W_NS}tab":
                buf.append("\t")
            elif el.tag in (f"{W_NS}br", f"{W_NS}cr"):
                buf.append("\n")
        lines.extend("".join(buf).split("\n"))
    return _join_lines(lines)


# ---------------------------------------------------------------- PDF


def pdf_to_text(path: Path) -> str:
    """Text of a PDF's pages via pypdf (optional extra `pdf`), one line per extracted line."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise PolicyKGError(f"{path}: reading PDF needs pypdf: pip install 'policykg[pdf]'") from None
    import logging
    import warnings

    pypdf_log = logging.getLogger("pypdf")  # pypdf logs its own complaints; the user sees our one line only
    saved = pypdf_log.propagate, pypdf_log.handlers[:]
    pypdf_log.propagate, pypdf_log.handlers = False, [logging.NullHandler()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path))
            pages, size = [], 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                limits.check("pdf_text", size, str(path))
    except (PyPdfError, ValueError, OSError, KeyError, TypeError, RecursionError) as exc:
        raise PolicyKGError(f"{path}: broken PDF: {' '.join(str(exc).split())[:200]}") from None
    finally:
        pypdf_log.propagate, pypdf_log.handlers = saved
    return _join_lines("\n".join(pages).split("\n"))


__all__ = ["DraftText", "read_draft", "decode_text", "normalise", "html_to_text", "docx_to_text", "pdf_to_text",
           "is_ingestible", "SUFFIXES"]
