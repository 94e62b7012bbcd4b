"""JSON: the report model as a stable, documented schema (docs/report-json.md).

Keys are fixed (absent values are null, never missing), lists are in report order, and the output is
deterministic (sorted keys, two-space indent, UTF-8 characters kept).
"""

from __future__ import annotations

import json as _json
from typing import Any

from ..check.report import SEVERITIES, Bilingual, CheckReport, DocumentRef, Finding, LegalSource, NodeRef, Rule, Value

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


def finding_json(f: Finding) -> dict[str, Any]:
    return {
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


def report_json(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
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
