"""Quantitative targets a plan sets: 到2027年，高新技术企业达到3000家以上; 力争…; …左右.

`extract_targets(text)` reads sentences that set a target (a year to reach — 到2027年, 2025年底前 — or 力争/确保/
争取/目标) and returns each figure in them with its year, value, unit and comparator. The figure grammar and units
are those of the result extractor (data/ingest/results.toml); offsets count in the text passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lawmd import Span
from .results import SENTENCE_END_RE, _trim, lexicon

TARGET_MARK_RE = re.compile(r"到(?P<y1>20\d{2})年|(?P<y2>20\d{2})年(?:底|末)?(?:前|以前)|力争|确保|争取|目标|预期")
_YEAR_RE = re.compile(r"(?:到|至)?(?P<y>20\d{2})年(?:底|末)?")


@dataclass(frozen=True)
class Target:
    value: float
    unit: str
    unit_code: str
    comparator: str
    year: int | None
    statement: Span  # the sentence
    figure: Span
    subject: str | None = None

    def to_json(self) -> dict:
        return {"value": self.value, "unit": self.unit, "unitCode": self.unit_code or None,
                "comparator": self.comparator, "year": self.year, "subject": self.subject,
                "quote": self.statement.text, "start": self.statement.start, "end": self.statement.end,
                "figure": {"quote": self.figure.text, "start": self.figure.start, "end": self.figure.end}}


def extract_targets(text: str) -> list[Target]:
    """The quantitative targets *text* sets, in text order."""
    lex = lexicon()
    out: list[Target] = []
    pos = 0
    cuts = [m.end() for m in SENTENCE_END_RE.finditer(text)] + [len(text)]
    for end in cuts:
        start, pos = pos, end
        sentence = _trim(text, start, end)
        mark = TARGET_MARK_RE.search(sentence.text)
        if not sentence.text or mark is None:
            continue
        year = None
        ym = _YEAR_RE.search(sentence.text)
        if ym and (mark["y1"] or mark["y2"] or ym.start() < 20):
            year = int(ym["y"])
        for m in lex.figure_re.finditer(text, sentence.start, sentence.end):
            if m.start("num") > 0 and (text[m.start("num") - 1].isdigit() or text[m.start("num") - 1] in "第每"):
                continue
            read = lex.read_figure(m, text, sentence.end)
            if read is None:
                continue
            value, code, comp = read
            clause_start = max([sentence.start] + [k + 1 for k in range(sentence.start, m.start()) if text[k] in "，,；;："])
            subject = text[clause_start:m.start()].strip() or None
            out.append(Target(value, m["unit"], code, comp, year, sentence, Span(m.group(0), m.start(), m.end()),
                              subject))
    return out


__all__ = ["Target", "extract_targets"]
