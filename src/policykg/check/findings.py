"""Findings, built in one place from what the rule book's engines returned.

Each :class:`~policykg.rulebook.engines.RawResult` — a SHACL sh:ValidationResult or a row of a check query — becomes
one :class:`~policykg.check.report.Finding` that carries everything a reviewer needs: the node by 文号 and title,
the offending value rendered readably, the rule with its legal source quoted, and a suggested fix, in Chinese and
English (the naming is :class:`~policykg.check.report.Describer`'s). :func:`make_report` then deduplicates, keeps
the findings in scope and orders them.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from ..namespaces import SH
from ..rulebook.checks import CheckQuery
from ..rulebook.engines import RawReport, RawResult
from ..words import EMPTY, Bilingual, Severity
from ..naming import pick
from .report import _CJK, CheckReport, Describer, Finding, PathRef, Rule

#: variables of a check query row with a role of their own (not shown as details)
_ROLE_VARIABLES = {"focus", "value", "path", "asOf"}
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def findings(raw: RawReport, describer: Describer) -> list[Finding]:
    """One Finding per raw result, in the engines' order."""
    return [finding(r, raw.validation_report, describer) for r in raw.results]


def finding(raw: RawResult, report: Graph, describer: Describer) -> Finding:
    """The Finding a reviewer reads for one raw result (*report*: the SHACL engine's report graph)."""
    if isinstance(raw.rule, CheckQuery):
        q = raw.rule
        binding = dict(raw.binding)
        return Finding(
            severity=q.severity,
            rule=query_rule(q, describer),
            message=_fill_message(q.message, binding, describer),
            focus=describer.node(raw.focus),
            path=describer.path(raw.path) if isinstance(raw.path, URIRef) else None,
            value=describer.render_value(raw.value) if raw.value is not None else None,
            component="sh:SPARQLConstraintComponent",
            details=tuple((name, describer.render_value(term)) for name, term in sorted(binding.items())
                          if name not in _ROLE_VARIABLES and term is not None),
        )
    shape = raw.rule
    rule = describer.shape_rule(shape, raw.severity) if shape is not None else _unknown_rule(raw.severity)
    # a node constraint's value is the focus itself (SHACL §5.3.2): nothing to add
    value = None if raw.value == raw.focus else raw.value
    return Finding(
        severity=raw.severity,
        rule=rule,
        message=_result_message(report, raw.result, describer, shape) if raw.result is not None else EMPTY,
        focus=describer.node(raw.focus),
        path=_path_in_report(report, raw.path, describer) if raw.path is not None else None,
        value=describer.render_value(value) if value is not None else None,
        component=describer.curie(raw.component) if raw.component is not None else None,
        result=raw.result,
    )


def query_rule(query: CheckQuery, describer: Describer) -> Rule:
    """The rule a check query states in its header, with its legal sources quoted."""
    return Rule(
        iri=str(query.iri),
        kind="query",
        rule_id=query.rule_id,
        label=describer.humanize(query.summary),
        severity=query.severity,
        sources=tuple(describer.legal_source(s) for s in query.sources),
        fix=describer.humanize(query.fix),
        curie=f"queries/checks/{query.path.name}",
    )


def _fill_message(message: Bilingual, binding: dict[str, Node], describer: Describer) -> Bilingual:
    def fill(template: str, lang: str) -> str:
        def sub(m: re.Match) -> str:
            term = binding.get(m[1])
            if term is None:
                return "—"
            text = describer.render_value(term).text
            return text.zh if lang == "zh" else text.en

        return _PLACEHOLDER.sub(sub, template)

    return describer.humanize(Bilingual(fill(message.zh, "zh"), fill(message.en, "en")))


def _path_in_report(report: Graph, path: Node, describer: Describer) -> PathRef:
    if isinstance(path, BNode) and (path, None, None) in report:
        # complex paths are copied into the report graph by the engine; read them from there
        return Describer(_union(report, describer.data), describer.shapes).path(path)
    return describer.path(path)


def _union(a: Graph, b: Graph) -> Graph:
    g = Graph()
    for t in a:
        g.add(t)
    for t in b.triples((None, RDFS.label, None)):
        g.add(t)
    return g


def _result_message(report: Graph, result: Node, describer: Describer, shape: Node | None) -> Bilingual:
    """sh:resultMessage by language. pySHACL drops language tags when it fills {?value} in SPARQL messages, so an
    untagged message is matched back to the template it came from."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    tagged: dict[str, str] = {}
    templates: list[Literal] = []
    for holder in (report.value(result, SH.sourceConstraint), shape):
        if holder is not None:
            templates += [m for m in describer.objects(holder, SH.message) if isinstance(m, Literal)]
            templates += [m for m in report.objects(holder, SH.message) if isinstance(m, Literal)]
    for m in sorted(messages, key=str):
        lang = (m.language or "").split("-")[0].lower() or _language_of(str(m), templates)
        tagged.setdefault(lang, str(m))
    if not tagged and shape is not None:
        return pick(templates) if templates else EMPTY
    zh = tagged.get("zh") or tagged.get("") or tagged.get("en") or ""
    en = tagged.get("en") or tagged.get("") or tagged.get("zh") or ""
    return describer.humanize(Bilingual(humanize_iris(zh, "zh", describer), humanize_iris(en, "en", describer)))


_IRI_IN_TEXT = re.compile(r"<?(https?://[^\s<>\"'，。；：、！？）」》]+)>?")


def humanize_iris(text: str, lang: str, describer: Describer) -> str:
    """Replace IRIs an engine pasted into a message (pySHACL fills {?value} with the bare IRI) by node names."""

    def sub(m: re.Match) -> str:
        iri = m[1]
        # trailing ASCII punctuation may belong to the sentence, not to the IRI
        for end in range(len(iri), max(len(iri) - 3, 0), -1):
            node = URIRef(iri[:end])
            if (node, None, None) in describer.data or (None, None, node) in describer.data:
                ref = describer.node(node)
                name = ref.label if ref.kind == "concept" else Bilingual(ref.name_zh, ref.name_en)
                return (name.zh if lang == "zh" else name.en) + iri[end:]
        return m[0]

    return _IRI_IN_TEXT.sub(sub, text)


def _language_of(message: str, templates: Sequence[Literal]) -> str:
    for t in templates:
        if not t.language:
            continue
        pattern = re.escape(str(t))
        pattern = re.sub(r"\\\{[\\$?]+\w+\\\}", ".*?", pattern)
        if re.fullmatch(pattern, message, flags=re.S):
            return t.language.split("-")[0].lower()
    return "zh" if _CJK.search(message) else "en"


def _unknown_rule(severity: Severity) -> Rule:
    return Rule("", "shape", None, Bilingual("（未知规则）", "(unknown rule)"), severity, (), EMPTY, "")


def make_report(
    findings: Iterable[Finding],
    *,
    as_of: _dt.date,
    focus: set[str] | None = None,
    **kwargs,
) -> CheckReport:
    """Deduplicate, filter by focus IRIs, order, and wrap *findings* in a CheckReport."""
    seen: set[tuple] = set()
    kept: list[Finding] = []
    for f in findings:
        if focus is not None and f.focus.iri not in focus:
            continue
        if f.identity in seen:
            continue
        seen.add(f.identity)
        kept.append(f)
    kept.sort(key=lambda f: f.sort_key)
    return CheckReport(as_of=as_of, conforms=not kept, findings=tuple(kept), **kwargs)


__all__ = ["finding", "findings", "humanize_iris", "make_report", "query_rule"]
