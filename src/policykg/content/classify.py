"""Apply the content rule book to one clause: which categories it falls in, and how certainly.

A look-alike pattern of a category keeps the whole clause out of it (the clause talks about the matter — 解除查封,
收费票据, 适用本办法 — without setting it). Otherwise a trigger pattern makes a hit definite and a possible-pattern makes it possible (疑似), unless a counter-pattern of
the same category governs that match (the clause refers the matter to a law, forbids it or exempts it). A counter
governs a match it overlaps, a match later in the same sentence (an opening 依照《…》规定， or 不得… reaches over
the rest), and a match before it only within the same sub-clause (up to the next ，：): 应当扣留违禁物品，对…依照有关
法律处理 still sets a coercive measure, the later 依照有关法律 governs only its own part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rulebook import Category, load_categories

DEFINITE = "definite"
POSSIBLE = "possible"

# Where a sub-clause ends: a counter-pattern after a match reaches back over it only up to here.
SUBCLAUSE_END_RE = re.compile(r"[，,：:]")


@dataclass(frozen=True)
class Hit:
    """A category found in a clause: the words matched, at offsets within the clause."""

    category: Category
    certainty: str  # DEFINITE or POSSIBLE
    matched: str
    start: int
    end: int


def _governs(counter: re.Match, match: re.Match, text: str) -> bool:
    """Whether *counter* (a counter-pattern's match) keeps *match* (a trigger's) from counting."""
    if counter.start() < match.end() and match.start() < counter.end():
        return True  # they overlap: 不得…收取…费用, 依法给予行政处罚
    if counter.end() <= match.start():
        return True  # an opening reference or prohibition governs what follows it
    return SUBCLAUSE_END_RE.search(text, match.end(), counter.start()) is None


def classify(text: str, categories: tuple[Category, ...] | None = None) -> list[Hit]:
    """The hits of *text* (one clause), one per category at most, in rule-book order."""
    cats = categories if categories is not None else load_categories()
    hits: list[Hit] = []
    for cat in cats:
        if any(p.search(text) for p in cat.look_alikes):
            continue
        counters = [c for p in cat.counters for c in p.finditer(text)]
        for certainty, patterns in ((DEFINITE, cat.triggers), (POSSIBLE, cat.possible)):
            found = [m for p in patterns for m in p.finditer(text)
                     if not any(_governs(c, m, text) for c in counters)]
            if found:
                m = min(found, key=lambda m: (m.start(), -m.end()))
                hits.append(Hit(cat, certainty, m.group(0), m.start(), m.end()))
                break
    return hits


__all__ = ["Hit", "classify", "DEFINITE", "POSSIBLE"]
