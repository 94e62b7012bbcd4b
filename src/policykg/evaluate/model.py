"""The draft evaluation report as plain data: sections of sentences, each sentence with the traces it rests on.

Nothing here reads RDF or formats output. A :class:`Sentence` cannot exist without at least one :class:`Trace`
(the model refuses it), so a renderer can always give every sentence its footnote or link.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

TRACE_KINDS = ("quote", "fact", "finding", "absence", "parameter")


@dataclass(frozen=True)
class Trace:
    """What a sentence rests on.

    Attributes:
        kind: quote (an excerpt of a source text), fact (a node of the graph and what it states), finding (a rule
            of the check and its legal source), absence (what was looked for in the graph and not found),
            parameter (what the user asked for: documents, date).
        text: the quote itself (quote), or a short description for people (the others).
        iri: the excerpt, node, rule or query the trace points at, if any.
        source: the source text (src:…) of a quote.
        start: code-point offset of a quote in its source (0-based).
        end: end offset (exclusive).
        detail: more for people: the legal source of a rule, the property a quote attests …
    """

    kind: str
    text: str
    iri: str | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in TRACE_KINDS:
            raise ValueError(f"unknown trace kind {self.kind!r}")
        if not self.text:
            raise ValueError("a trace needs a text")

    def describe(self) -> str:
        """One line a reviewer reads: the quote with where it stands, or the fact, rule or absence."""
        if self.kind == "quote":
            where = f"{self.source}，第{self.start}–{self.end}字符（从0计）" if self.source else ""
            out = f"原文：“{self.text}”（{where}）" if where else f"原文：“{self.text}”"
        elif self.kind == "finding":
            out = f"检查发现：{self.text}"
        elif self.kind == "absence":
            out = f"图谱中未见：{self.text}"
        elif self.kind == "parameter":
            out = f"起草参数：{self.text}"
        else:
            out = f"图谱事实：{self.text}"
        if self.detail:
            out += f"；{self.detail}"
        if self.iri and self.kind != "quote":
            out += f" <{self.iri}>"
        return out


@dataclass(frozen=True)
class Sentence:
    text: str
    traces: tuple[Trace, ...]

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("empty sentence")
        if not self.traces:
            raise ValueError(f"a sentence without a trace: {self.text[:40]!r}")


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Table:
    """A table; each row is a sentence-like statement, so each row carries its own traces."""

    caption: Sentence
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], tuple[Trace, ...]], ...]

    def __post_init__(self) -> None:
        for cells, traces in self.rows:
            if len(cells) != len(self.header):
                raise ValueError("row width differs from the header")
            if not traces:
                raise ValueError(f"a table row without a trace: {cells!r}")


Block = Paragraph | Table


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def say(self, text: str, *traces: Trace) -> None:
        """Add one sentence as its own paragraph."""
        self.blocks.append(Paragraph((Sentence(text, tuple(traces)),)))

    def sub(self, heading: str) -> Section:
        s = Section(heading)
        self.sections.append(s)
        return s


@dataclass
class DraftReport:
    title: str
    as_of: _dt.date
    documents: tuple[str, ...]  # the evaluated documents as named (文号《title》)
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def sentences(self) -> list[Sentence]:
        """Every sentence and table caption of the report, in reading order."""
        out: list[Sentence] = []

        def blocks(bs: list[Block]) -> None:
            for b in bs:
                if isinstance(b, Paragraph):
                    out.extend(b.sentences)
                else:
                    out.append(b.caption)

        def walk(s: Section) -> None:
            blocks(s.blocks)
            for c in s.sections:
                walk(c)

        blocks(self.preamble)
        for s in self.sections:
            walk(s)
        return out


__all__ = ["TRACE_KINDS", "Block", "DraftReport", "Paragraph", "Section", "Sentence", "Table", "Trace"]
