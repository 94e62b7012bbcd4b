"""The two value types every layer shares: a text in Chinese and English, and the severity of a finding.

One severity type (SHACL's three levels, sh:Violation / sh:Warning / sh:Info) serves the rule book (shapes and the
``#+ severity`` of check queries), the report model, the renderers and the saved-query library.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from rdflib import URIRef

from .namespaces import SH

Severity = Literal["Violation", "Warning", "Info"]

#: the severities, most serious first (report order)
SEVERITIES: tuple[Severity, ...] = ("Violation", "Warning", "Info")
#: how a reviewer names each severity, zh and en
SEVERITY_LABELS: dict[str, tuple[str, str]] = {
    "Violation": ("违规", "Violation"),
    "Warning": ("警告", "Warning"),
    "Info": ("提示", "Info"),
}
#: SHACL's IRI of each severity
SEVERITY_IRIS: dict[str, URIRef] = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


def severity_rank(severity: str) -> int:
    """0 for Violation, 1 Warning, 2 Info; unknown names after them."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def severity_of(node: object) -> Severity:
    """The severity a SHACL sh:resultSeverity IRI names (Violation for anything else)."""
    if node is None:
        return "Violation"
    name = str(node).rsplit("#", 1)[-1]
    return name if name in SEVERITIES else "Violation"


@dataclass(frozen=True, order=True)
class Bilingual:
    """A text in Chinese and English (either may fall back to the other when a source has only one)."""

    zh: str
    en: str

    @classmethod
    def same(cls, text: str) -> "Bilingual":
        return cls(text, text)

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


EMPTY = Bilingual("", "")


def char_width(ch: str) -> int:
    """Terminal columns of one character: CJK and full-width take two, combining marks none."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns of *text* (the one display-width helper of policykg).

    >>> display_width("威政字〔2023〕40号")
    18
    """
    return sum(char_width(c) for c in text)

__all__ = ["EMPTY", "SEVERITIES", "char_width", "display_width", "SEVERITY_IRIS", "SEVERITY_LABELS", "Bilingual", "Severity", "severity_of",
           "severity_rank"]
