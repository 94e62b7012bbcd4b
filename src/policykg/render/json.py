"""JSON: the report model as a stable, documented schema (docs/report-json.md).

Keys are fixed (absent values are null, never missing), lists are in report order, and the output is
deterministic (sorted keys, two-space indent, UTF-8 characters kept).
"""

from __future__ import annotations

import json as _json
from typing import Any

from ..check.report import (
    SEVERITIES,
    Bilingual,
    CheckReport,
    DocumentRef,
    Finding,
    LegalSource,
    NodeRef,
    Rule,
    Value,
)
from .common import gap_kinds, review_verdict

SCHEMA_NAME = "policykg-check-report"
SCHEMA_VERSION = 1


def _bi(text: Bilingual | None) -> dict[str, str] | None:
    return None if text is None else {"zh": text.zh, "en": text.en}


def document_json(doc: DocumentRef) -> dict[str, Any]:
    return {
        "iri": doc.iri,
        "number": doc.number,
        "title": doc.title,
        "label": _bi(doc.label),
        "form": _bi(doc.form) if doc.form else None,
        "name": {"zh": doc.name_zh, "en": doc.name_en},
    }


def node_json(node: NodeRef) -> dict[str, Any]:
    return {
        "iri": node.iri,
        "kind": node.kind,
        "kind_label": _bi(node.kind_label),
        "label": _bi(node.label),
        "name": {"zh": node.name_zh, "en": node.name_en},
        "documents": [document_json(d) for d in node.documents],
    }


def value_json(value: Value | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "text": _bi(value.text),
        "lexical": value.lexical,
        "datatype": value.datatype,
        "language": value.language,
        "node": node_json(value.node) if value.node is not None else None,
    }


def source_json(src: LegalSource) -> dict[str, Any]:
    return {
        "iri": src.iri,
        "citation": {"zh": src.citation_zh, "en": src.citation_en},
        "label": _bi(src.label),
        "document": document_json(src.document) if src.document is not None else None,
        "number": src.number,
        "quote": src.quote,
        "quote_kind": src.quote_kind,
        "evidence": _bi(src.evidence),
        "evidence_code": src.evidence_code,
    }


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "iri": rule.iri,
        "curie": rule.curie,
        "kind": rule.kind,
        "id": rule.rule_id,
        "label": _bi(rule.label),
    }


def excerpt_json(ex) -> dict[str, Any] | None:
    if ex is None:
        return None
    return {"text": ex.text, "source": ex.source, "start": ex.start, "end": ex.end, "paragraph": ex.paragraph,
            "section": ex.section, "states": ex.states,
            "location": {"zh": ex.location_zh, "en": ex.location_en}}


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "kind": f.kind,
        "title": _bi(f.heading),
        "since_baseline": f.since,
        "excerpt": excerpt_json(f.excerpt),
        "severity": f.severity,
        "rule": rule_json(f.rule),
        "message": _bi(f.message),
        "focus": node_json(f.focus),
        "path": None if f.path is None else {"iri": f.path.iri, "label": _bi(f.path.label), "sparql": f.path.sparql},
        "value": value_json(f.value),
        "sources": [source_json(s) for s in f.sources],
        "fix": _bi(f.fix) if f.fix else None,
        "component": f.component,
        "details": [{"variable": name, "value": value_json(v)} for name, v in f.details],
    }


def fixed_json(x) -> dict[str, Any]:
    return {"id": x.id, "since_baseline": "fixed", "severity": x.severity, "kind": x.kind,
            "rule": {"id": x.rule_id}, "title": {"zh": x.title_zh, "en": x.title_en},
            "focus": {"name": {"zh": x.subject_zh, "en": x.subject_en}},
            "value": {"text": {"zh": x.value_zh, "en": x.value_en}} if x.value_zh else None}


def card_json(c) -> dict[str, Any]:
    return {
        "iri": c.iri, "known": c.known, "number": c.number, "title": c.title, "name": c.name_zh,
        "issuer": c.issuer, "rank": None if c.rank is None else {"zh": c.rank[0], "en": c.rank[1]},
        "status": None if c.status is None else {"code": c.status_code, "zh": c.status[0], "en": c.status[1]},
        "why_unknown": None if c.why_unknown is None else {"zh": c.why_unknown[0], "en": c.why_unknown[1]},
        "dates": [{"label": {"zh": zh, "en": en}, "date": d} for zh, en, d in c.dates],
        "chain": list(c.chain),
        "cited_by": [{"document": who, "relation": {"zh": zh, "en": en}} for who, zh, en in c.cited_by],
        "findings": list(c.finding_ids),
    }


def report_json(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    verdict = review_verdict(report)
    return {
        "verdict": {"zh": verdict.zh, "en": verdict.en, "counts": dict(report.kind_counts),
                    "data_gap_kinds": gap_kinds(report)},
        "baseline": None if report.baseline is None else {
            "file": report.baseline,
            **{k: sum(1 for f in report.findings if f.since == k) for k in ("new", "unchanged")},
            "fixed": len(report.fixed)},
        "fixed": [fixed_json(x) for x in report.fixed],
        "documents_relied_on": [card_json(c) for c in report.cards],
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "conforms": report.conforms,
        "summary": {**{s: report.counts[s] for s in SEVERITIES}, "total": len(report.findings)},
        "scope": {
            "mode": report.scope,
            "drafts": list(report.drafts),
            "documents": [document_json(d) for d in report.documents],
        },
        "engine": report.engine,
        "rule_count": report.rule_count,
        "findings": [finding_json(f) for f in report.findings],
    }


def render(report: CheckReport) -> str:
    return _json.dumps(report_json(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
