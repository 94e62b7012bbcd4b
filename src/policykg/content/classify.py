"""Apply the content rule book to one clause: which categories it falls in, and how certainly.

A category's counter-patterns win (the clause is a look-alike: it refers the matter to a law, forbids or exempts
it); otherwise a trigger pattern makes the hit definite and a possible-pattern makes it possible (疑似).
"""

from __future__ import annotations

from dataclasses import dataclass

from .rulebook import Category, load_categories

DEFINITE = "definite"
POSSIBLE = "possible"


@dataclass(frozen=True)
class Hit:
    """A category found in a clause: the words matched, at offsets within the clause."""

    category: Category
    certainty: str  # DEFINITE or POSSIBLE
    matched: str
    start: int
    end: int


def classify(text: str, categories: tuple[Category, ...] | None = None) -> list[Hit]:
    """The hits of *text* (one clause), one per category at most, in rule-book order."""
    cats = categories if categories is not None else load_categories()
    hits: list[Hit] = []
    for cat in cats:
        if any(p.search(text) for p in cat.counters):
            continue
        for certainty, patterns in ((DEFINITE, cat.triggers), (POSSIBLE, cat.possible)):
            found = [m for p in patterns if (m := p.search(text))]
            if found:
                m = min(found, key=lambda m: (m.start(), -m.end()))
                hits.append(Hit(cat, certainty, m.group(0), m.start(), m.end()))
                break
    return hits


__all__ = ["Hit", "classify", "DEFINITE", "POSSIBLE"]
