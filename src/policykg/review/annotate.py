"""Put the reviewer's view on a check report: kind, problem title, stable id, since-baseline status and the
draft's sentence of every finding; the order a reviewer acts in; the fixed findings; the status cards."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, URIRef

from ..check.report import Bilingual, CheckReport, Describer, Finding
from ..store import Store
from .baseline import Baseline, compare
from .cards import cards_for
from .excerpts import SourceTexts, excerpt_for
from .ids import finding_ids
from .kinds import KINDS, kind_of, near_of, title_of


def _node(ident: str | None):
    if not ident or ident.startswith("_:"):
        return None
    return URIRef(ident)


FORM_RULES = ("R-FMT-",)  # rules of form (文号, title, genre): after the rules of substance


def order_key(f: Finding) -> tuple:
    """Legality problems, then findings to verify, procedure records, data gaps. Within each: substance before
    form; what the text itself says wrong (its sentence is quoted) before what it leaves out; the heavier law
    first (legal weight of the rule's sources); then the report's usual order (rule, document)."""
    form = (f.rule.rule_id or "").startswith(FORM_RULES)
    stated = f.excerpt is not None and getattr(f.excerpt, "states", False)
    return (KINDS.index(f.kind) if f.kind in KINDS else len(KINDS), form, not stated, -f.weight, f.sort_key)


def annotate(report: CheckReport, graph: Graph, describer: Describer, *,
             texts: dict[str, tuple[str, str]] | None = None, baseline: Baseline | None = None,
             reviewed: list | None = None, store: Store | None = None) -> CheckReport:
    in_draft = report.scope == "drafts"
    sources = SourceTexts(graph, texts)
    annotated: list[Finding] = []
    for f, fid in zip(report.findings, finding_ids(report.findings)):
        kind = kind_of(f.severity, f.rule.iri, in_draft=in_draft)
        title = title_of(f.rule.iri)
        focus = _node(f.focus.iri)
        excerpt = None
        if focus is not None:
            value = _node(f.value.lexical) if f.value is not None and f.value.node is not None else None
            related = tuple(n for n in (_node(v.lexical) for _, v in f.details if v.node is not None) if n is not None)
            path = URIRef(f.path.iri) if f.path is not None and f.path.iri else None
            excerpt = excerpt_for(graph, sources, focus, path, value, related, near_of(f.rule.iri))
        annotated.append(replace(f, id=fid, kind=kind, title=Bilingual(*title) if title else f.title,
                                 excerpt=excerpt))
    fixed: tuple = ()
    if baseline is not None:
        since, fixed = compare([f.id for f in annotated], baseline)
        annotated = [replace(f, since=since[f.id]) for f in annotated]
    annotated.sort(key=order_key)
    cards = cards_for(graph, list(reviewed or []), report.as_of, lambda n: describer.document(n).name_zh,
                      store=store)
    by_doc: dict[str, list[str]] = {}
    for f in annotated:
        refs = {f.focus.iri} | {v.lexical for v in [f.value] if v is not None and v.node is not None}
        refs |= {v.lexical for _, v in f.details if v.node is not None}
        for r in refs:
            by_doc.setdefault(r, []).append(f.id)
    cards = [replace(c, finding_ids=tuple(by_doc.get(c.iri, ()))) for c in cards]
    return replace(report, findings=tuple(annotated), fixed=fixed,
                   baseline=baseline.path if baseline is not None else None, cards=tuple(cards))
