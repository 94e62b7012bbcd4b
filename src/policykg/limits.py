"""Size caps for everything policykg reads, so a hostile or broken file fails with one line instead of eating memory.

Each cap has a default and an environment variable that sets it (a plain number, or with a K/M/G suffix in
powers of 1024, e.g. ``POLICYKG_MAX_DOCX_XML=64M``). ``0`` is not accepted: a cap cannot be switched off.

==========================  ==============================  ================================================
cap                         environment variable            what it bounds
==========================  ==============================  ================================================
``docx_xml``   64 MiB       ``POLICYKG_MAX_DOCX_XML``       decompressed word/document.xml of a .docx
``draft_file`` 16 MiB       ``POLICYKG_MAX_DRAFT_FILE``     a .txt/.html/.htm draft file, in bytes
``pdf_file``   64 MiB       ``POLICYKG_MAX_PDF``            a .pdf draft file, in bytes
``pdf_text``   8 Mi chars   ``POLICYKG_MAX_PDF_TEXT``       text extracted from a .pdf, in characters
``literal``    4 Mi chars   ``POLICYKG_MAX_LITERAL``        one literal in a Turtle file, in characters
``query``      200 KiB      ``POLICYKG_MAX_QUERY``          the text of a SPARQL query (CLI, saved, endpoint)
==========================  ==============================  ================================================

The defaults are far above any real policy document (the bundled Weihai report is 60 KB of text) and far below
what exhausts a small machine. Past a cap the reader raises PolicyKGError naming the file, the size, the cap and
the variable to raise it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .errors import PolicyKGError


@dataclass(frozen=True)
class Cap:
    name: str
    env: str
    default: int
    unit: str  # "bytes" or "characters"
    what: str


CAPS: dict[str, Cap] = {c.name: c for c in (
    Cap("docx_xml", "POLICYKG_MAX_DOCX_XML", 64 << 20, "bytes", "decompressed word/document.xml"),
    Cap("draft_file", "POLICYKG_MAX_DRAFT_FILE", 16 << 20, "bytes", "draft file"),
    Cap("pdf_file", "POLICYKG_MAX_PDF", 64 << 20, "bytes", "PDF file"),
    Cap("pdf_text", "POLICYKG_MAX_PDF_TEXT", 8 << 20, "characters", "text extracted from the PDF"),
    Cap("literal", "POLICYKG_MAX_LITERAL", 4 << 20, "characters", "literal"),
    Cap("query", "POLICYKG_MAX_QUERY", 200 << 10, "bytes", "SPARQL query"),
)}

_SIZE_RE = re.compile(r"^\s*(\d+)\s*([KMG]?)i?B?\s*$", re.IGNORECASE)
_SCALE = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str, label: str) -> int:
    """``"64M"`` → 67108864; PolicyKGError for anything that is not a positive size."""
    m = _SIZE_RE.match(text)
    if not m or int(m.group(1)) <= 0:
        raise PolicyKGError(f"{label}={text!r}: expected a positive size such as 500000, 512K or 64M")
    return int(m.group(1)) * _SCALE[m.group(2).upper()]


def limit(name: str) -> int:
    """The cap *name* in force: its environment variable when set, else the default."""
    cap = CAPS[name]
    raw = os.environ.get(cap.env)
    return cap.default if raw is None or raw == "" else parse_size(raw, cap.env)


def human(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return str(n)


def too_large(name: str, where: str, size: int | None = None) -> PolicyKGError:
    """The one-line error for input past cap *name*."""
    cap = CAPS[name]
    cap_value = limit(name)
    amount = f"more than {human(cap_value)}" if size is None else human(size)
    unit = "" if cap.unit == "bytes" else f" {cap.unit}"
    return PolicyKGError(f"{where}: {cap.what} is {amount}{unit}, over the limit of {human(cap_value)}{unit} "
                         f"(set {cap.env} to raise it)")


def check(name: str, size: int, where: str) -> None:
    """Raise the cap's error when *size* is over cap *name*."""
    if size > limit(name):
        raise too_large(name, where, size)


def read_capped(stream, name: str, where: str) -> bytes:
    """Read a binary stream up to cap *name*; the error as soon as it goes past (never reads more than cap + 1)."""
    cap = limit(name)
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise too_large(name, where)
    return data


__all__ = ["CAPS", "Cap", "check", "human", "limit", "parse_size", "read_capped", "too_large"]
