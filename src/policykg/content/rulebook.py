"""The content rule book (data/content-rules/*.ttl) read into compiled patterns.

Every category is a SKOS concept of code:content-rules; its patterns, source and flags are data a reviewer reads
and edits there. Nothing about a category is restated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .. import resources
from ..errors import PolicyKGError
from ..load import load_files
from ..namespaces import CODE, PKG

SCHEME = CODE["content-rules"]


@dataclass(frozen=True)
class Category:
    """One category of the content rule book."""

    iri: URIRef
    slug: str  # the concept's local name without content-, e.g. licence
    label_zh: str
    label_en: str
    source: URIRef | None
    triggers: tuple[re.Pattern, ...]
    possible: tuple[re.Pattern, ...]
    counters: tuple[re.Pattern, ...]  # govern the trigger matches near them (classify)
    look_alikes: tuple[re.Pattern, ...]  # the whole clause talks about the matter without setting it
    marks_normative: bool
    marks_operators: bool


def rule_files(folder: Path | None = None) -> list[Path]:
    root = Path(folder) if folder is not None else resources.resource_dir("data") / "content-rules"
    return sorted(root.glob("*.ttl"))


def _compile(graph: Graph, concept: URIRef, pred: URIRef) -> tuple[re.Pattern, ...]:
    out = []
    for lit in sorted(str(o) for o in graph.objects(concept, pred)):
        try:
            out.append(re.compile(lit))
        except re.error as exc:
            raise PolicyKGError(f"content rule book: {concept}: bad pattern {lit!r}: {exc}") from None
    return tuple(out)


def _label(graph: Graph, concept: URIRef, lang: str) -> str:
    for o in graph.objects(concept, SKOS.prefLabel):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def categories_from(graph: Graph) -> tuple[Category, ...]:
    """The categories of code:content-rules in *graph*, ordered by IRI."""
    cats = []
    for concept in sorted(graph.subjects(SKOS.inScheme, SCHEME), key=str):
        if not isinstance(concept, URIRef):
            continue
        name = str(concept)[len(str(CODE)):]
        cats.append(Category(
            iri=concept,
            slug=name.removeprefix("content-"),
            label_zh=_label(graph, concept, "zh"),
            label_en=_label(graph, concept, "en"),
            source=cast("URIRef | None", graph.value(concept, DCTERMS.source)),  # a provision's IRI
            triggers=_compile(graph, concept, PKG.triggerPattern),
            possible=_compile(graph, concept, PKG.possiblePattern),
            counters=_compile(graph, concept, PKG.counterPattern),
            look_alikes=_compile(graph, concept, PKG.lookAlikePattern),
            marks_normative=bool(graph.value(concept, PKG.marksNormative)),
            marks_operators=bool(graph.value(concept, PKG.marksBusinessOperators)),
        ))
    return tuple(cats)


@lru_cache(maxsize=4)
def load_categories(folder: str | None = None) -> tuple[Category, ...]:
    """The bundled content rule book (or the one in *folder*), parsed once per process."""
    return categories_from(load_files(rule_files(Path(folder) if folder else None)))


__all__ = ["Category", "SCHEME", "categories_from", "load_categories", "rule_files"]
