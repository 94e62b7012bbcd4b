"""Every reference a text makes to another document, with its span and the relation the words before it state.

Forms read (offsets count in the text passed in — the normalised text; the caller maps them to the original):

- 《title》 and 《title》（文号） — the bracket may also define an alias: （文号，以下简称《X》）, （以下简称“X”）;
- 文号《title》 and 文号“title”;
- an issuer outside the marks: 国务院《关于……的意见》 (the title is then 国务院关于……的意见);
- nested marks 《关于印发〈……〉的通知》 or 《关于印发《……》的通知》 (one citation, the outer title);
- adjacent titles 《A》《B》 (two citations), an unbalanced 《 (title up to the clause end, flagged);
- a bare 文号 with no title;
- a later use of an alias (《意见》) — a citation of the aliased document.

The relation comes from data/ingest/citations.toml: based_on, implements, conforms, evaluates, else cites.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rdflib import URIRef

from ..identifiers import NumberMatch, find_doc_numbers, repair
from ..resources import resource_dir
from .lawmd import Span

LEXICON_FILE = "ingest/citations.toml"
SENTENCE_END_RE = re.compile(r"[。；;！!？?\n]")
CLAUSE_PUNCT_RE = re.compile(r"[，,：:]")
ALIAS_RE = re.compile(r"(?:以下简称|下称|简称)[为:：]?\s*(?:《(?P<a1>[^《》\n]{1,30})》|[“\"](?P<a2>[^“”\"\n]{1,30})[”\"])")
_QUOTED_TITLE_RE = re.compile(r"\s*[“\"](?P<t>[^“”\"\n]{4,120}?(?:通知|意见|办法|方案|规定|决定|细则|规划|计划|指引|措施|条例|批复|函))[”\"]")
MAX_TITLE = 200


@dataclass(frozen=True)
class Citation:
    """One reference to another document.

    Attributes:
        title: the cited title (inside the marks, issuer outside the marks prefixed), None for a bare 文号.
        number: the cited 文号 in canonical form (None when none is written or it has a placeholder year …).
        as_written: the 文号 exactly as the text writes it.
        relation: based_on, implements, conforms, evaluates or cites; trigger: the word that decided it.
        span: the citation in the text (title marks and bracketed 文号 included).
        target: the IRI the 文号 gives (None without a usable 文号); resolution may set it from the registry.
        resolved: how the target was found — {"by": "number"|"title"|"short-title"|"alias"|"fuzzy"|"unresolved", …}.
    """

    title: str | None
    number: str | None
    as_written: str | None
    relation: str
    span: Span
    trigger: str | None = None
    target: URIRef | None = None
    issuer: str | None = None
    alias: str | None = None  # the short name this citation defines (以下简称《意见》 → 意见)
    via_alias: str | None = None  # this citation is a later use of that short name
    unbalanced: bool = False
    number_match: NumberMatch | None = field(default=None, compare=False, repr=False)
    resolved: dict = field(default_factory=dict, compare=False)

    @property
    def title_span(self) -> Span | None:
        return None


@dataclass
class CitationLexicon:
    relations: dict[str, tuple[str, ...]]
    evaluation_words: tuple[str, ...]
    neutral: tuple[str, ...]
    issuer_endings: tuple[str, ...]
    trigger_re: re.Pattern = field(init=False)
    relation_of: dict[str, str] = field(init=False)
    issuer_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        self.relation_of = {}
        for rel, words in self.relations.items():
            for w in words:
                self.relation_of[w] = rel
        for w in self.neutral:
            self.relation_of.setdefault(w, "cites")
        triggers = sorted(self.relation_of, key=len, reverse=True)
        self.trigger_re = re.compile("|".join(map(re.escape, triggers)))
        ends = "|".join(map(re.escape, sorted(self.issuer_endings, key=len, reverse=True)))
        self.issuer_re = re.compile(rf"(?P<issuer>[\u4e00-\u9fff]{{0,14}}?(?:{ends}))$")


@lru_cache(maxsize=1)
def lexicon() -> CitationLexicon:
    with open(resource_dir("data") / LEXICON_FILE, "rb") as fh:
        data = tomllib.load(fh)
    rel = data["relations"]
    return CitationLexicon(
        relations={k: tuple(rel[k]) for k in ("based_on", "implements", "conforms", "evaluates")},
        evaluation_words=tuple(rel["evaluation_words"]), neutral=tuple(rel["neutral"]),
        issuer_endings=tuple(data["issuer_outside"]["endings"]),
    )


def _title_marks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, balanced) of each outermost 《…》 (nested 《》 and 〈〉 inside kept)."""
    out: list[tuple[int, int, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "《":
            i += 1
            continue
        depth, j = 0, i
        while j < n and j - i <= MAX_TITLE and text[j] != "\n":
            if text[j] == "《":
                depth += 1
            elif text[j] == "》":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j < n and text[j] == "》" and depth == 0:
            out.append((i, j + 1, True))
            i = j + 1
            continue
        # unbalanced: the inner balanced part if any, else up to the clause end
        inner_close = text.find("》", i + 1, min(n, i + MAX_TITLE))
        nl = text.find("\n", i)
        if inner_close != -1 and (nl == -1 or inner_close < nl):
            out.append((i, inner_close + 1, True))
            i = inner_close + 1
            continue
        m = re.compile(r"[，,。；;\n]").search(text, i + 1)
        end = m.start() if m else n
        if end - i > 3:
            out.append((i, end, False))
        i = end
    return out


def _matching_bracket(text: str, start: int) -> int | None:
    """Offset just past the bracket closing the one at *start* (（ or (), or None."""
    depth = 0
    for j in range(start, min(len(text), start + 120)):
        c = text[j]
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth == 0:
                return j + 1
        elif c == "\n":
            return None
    return None


def mask(text: str) -> str:
    """*text* with the insides of 《》 and of brackets blanked, so words in cited titles trigger nothing."""
    out = list(text)
    for a, b, _ in _title_marks(text):
        for k in range(a + 1, b - 1):
            out[k] = "□"
    for m in re.finditer(r"[（(][^（）()\n]*[）)]", text):
        for k in range(m.start() + 1, m.end() - 1):
            out[k] = "□"
    return "".join(out)


def _relation(text: str, masked: str, start: int, end: int, lex: CitationLexicon) -> tuple[str, str | None]:
    sent_start = max((m.end() for m in SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    m_end = SENTENCE_END_RE.search(text, end)
    sent_end = m_end.start() if m_end else len(text)
    triggers = list(lex.trigger_re.finditer(masked, sent_start, start))
    if not triggers:
        return "cites", None
    t = triggers[-1]
    between = masked[t.end():start]
    if CLAUSE_PUNCT_RE.search(between):
        return "cites", None  # 根据《A》，结合《B》: the trigger belongs to another clause
    word = t.group(0)
    rel = lex.relation_of[word]
    if rel == "evaluates" and not any(w in masked[end:sent_end] for w in lex.evaluation_words):
        return "cites", None
    return rel, word


def extract_citations(text: str, *, exclude: Collection[tuple[int, int]] = (), registry_numbers: Collection[str] = (),
                      numbers: list[NumberMatch] | None = None) -> list[Citation]:
    """Every citation in *text* outside the *exclude* spans (the document's own title and 文号), in text order."""
    lex = lexicon()
    masked = mask(text)
    found_numbers = numbers if numbers is not None else find_doc_numbers(text)
    found_numbers = [repair(n, found_numbers, registry_numbers) for n in found_numbers]
    used: set[int] = set()
    out: list[Citation] = []
    aliases: dict[str, Citation] = {}

    def excluded(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in exclude)

    def number_in(a: int, b: int) -> NumberMatch | None:
        for k, nm in enumerate(found_numbers):
            if k not in used and a <= nm.start and nm.end <= b:
                used.add(k)
                return nm
        return None

    for a, b, balanced in _title_marks(text):
        if excluded(a, b) or (out and a < out[-1].span.end):
            continue  # inside the previous citation's bracket (以下简称《办法》)
        title: str | None = text[a + 1:b - 1 if balanced else b].strip()
        if not title:
            continue
        end = b
        nm: NumberMatch | None = None
        alias = None
        j = b
        while j < len(text) and text[j] in " \u3000":
            j += 1
        if j < len(text) and text[j] in "（(":
            close = _matching_bracket(text, j)
            if close is not None:
                inner = text[j:close]
                nm = number_in(j, close)
                am = ALIAS_RE.search(inner)
                if am:
                    alias = am["a1"] or am["a2"]
                if nm is not None or alias is not None:
                    end = close
        start = a
        # 文号《title》: a number written right before the marks
        if nm is None:
            for k, cand in enumerate(found_numbers):
                if k not in used and cand.end <= a and not text[cand.end:a].strip() and not excluded(cand.start, cand.end):
                    used.add(k)
                    nm, start = cand, cand.start
                    break
        # issuer outside the marks: 国务院《关于……》
        issuer = None
        if start == a and title.startswith("关于"):
            im = lex.issuer_re.search(masked, max(0, a - 16), a)
            if im:
                cut = lex.trigger_re.search(im["issuer"])
                name = im["issuer"]
                if cut:
                    name = name[cut.end():] if cut.end() < len(name) else ""
                    # the trigger's end splits 根据国务院 → 国务院
                if name and not excluded(a - len(name), a):
                    issuer = name
                    start = a - len(name)
        full_title = f"{issuer}{title}" if issuer else title
        if title in aliases and nm is None and balanced:
            target = aliases[title]
            rel, trig = _relation(text, masked, start, end, lex)
            out.append(Citation(target.title, target.number, None, rel, Span(text[start:end], start, end), trig,
                                target.target, via_alias=title, number_match=target.number_match))
            continue
        rel, trig = _relation(text, masked, start, end, lex)
        c = Citation(full_title, nm.canonical if nm else None, nm.as_written if nm else None, rel,
                     Span(text[start:end], start, end), trig, nm.iri if nm else None, issuer, alias,
                     unbalanced=not balanced, number_match=nm)
        out.append(c)
        if alias:
            aliases[alias] = c
    # 文号“title” and bare 文号
    for k, nm in enumerate(found_numbers):
        if k in used or excluded(nm.start, nm.end):
            continue
        if any(c.span.start <= nm.start < c.span.end for c in out):
            continue  # inside a cited title (《关于转发国办发〔2021〕5号文件的通知》)
        end, title = nm.end, None
        qm = _QUOTED_TITLE_RE.match(text, nm.end)
        if qm:
            title, end = qm["t"], qm.end()
        rel, trig = _relation(text, masked, nm.start, end, lex)
        out.append(Citation(title, nm.canonical, nm.as_written, rel, Span(text[nm.start:end], nm.start, end), trig,
                            nm.iri, number_match=nm))
    out.sort(key=lambda c: c.span.start)
    return out


def with_span(c: Citation, span: Span) -> Citation:
    return replace(c, span=span)


__all__ = ["Citation", "extract_citations", "lexicon", "mask", "with_span"]
