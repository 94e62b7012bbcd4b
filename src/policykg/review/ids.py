"""Stable finding ids: the same defect keeps its id from one review round to the next.

An id is made from what the finding is about — the rule, the document (by 文号, else its IRI), the part of the
document (by its kind and label, not by its IRI, which may number parts in order), the property and the value —
never from blank-node ids or the position of the finding in the report.
"""

from __future__ import annotations

import hashlib
import re

_BNODE_LIKE = re.compile(r"^_:")


def _rule_key(rule) -> str:
    return (rule.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if rule.iri else rule.label.en) or "rule"


def _document_key(doc) -> str:
    return doc.number or doc.iri


def _node_key(node) -> str:
    """A node by what a reader sees: a document by its 文号; a part by its documents, kind and label."""
    if node is None:
        return ""
    if node.is_document and node.documents:
        return _document_key(node.documents[0])
    docs = ",".join(_document_key(d) for d in node.documents)
    if _BNODE_LIKE.match(node.iri) or node.documents:
        return f"{docs}|{node.kind}|{node.label.zh}"
    return node.iri


def _value_key(value) -> str:
    if value is None:
        return ""
    if value.node is not None:
        return _node_key(value.node)
    return f"{value.lexical}|{value.datatype or ''}|{value.language or ''}"


def finding_key(finding) -> str:
    """The text the id is a hash of (readable, for tests and debugging)."""
    parts = [
        _rule_key(finding.rule),
        _node_key(finding.focus),
        finding.path.sparql if finding.path else "",
        _value_key(finding.value),
    ]
    parts += [f"{name}={_value_key(v)}" for name, v in finding.details]
    return "\x1f".join(parts)


def finding_id(finding, *, with_message: bool = False) -> str:
    """E.g. R-SD-03-5c1e07a2: the rule's id in the legal-rules notes, and 8 hex digits of the key's SHA-1.

    *with_message* adds the Chinese message to the key: for findings that differ only in what their message
    names (a rule reporting several documents on one node without a value).
    """
    key = finding_key(finding) + ("\x1e" + finding.message.zh if with_message else "")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{finding.rule.rule_id or 'R'}-{digest}"


def finding_ids(findings) -> list[str]:
    """Ids of *findings*, distinct: those that would share an id get their message into the key (never a
    number from their order)."""
    base = [finding_id(f) for f in findings]
    shared = {i for i in base if base.count(i) > 1}
    return [finding_id(f, with_message=True) if i in shared else i for f, i in zip(findings, base)]
