"""Draft a 实施后评估报告 from the graph: the genre's four parts, every sentence traced to facts, quotes or findings.

Structure (the genre as Shandong municipalities write it, e.g. the Weihai report in data/sources/seed/):

    一、评估工作的基本情况        the evaluation(s) recorded for the documents, the documents, the declared dimensions
    二、评估内容分析和依据
       （一）合法性和规范性       bases and their status on the date, validity period, the check's findings on the
                                 documents themselves, the report's own legality finding (quoted)
       （二）实施情况及效果       the results by implementation area, with their measures
       （三）存在的问题           the check's findings on the evaluation and its parts, the dimensions declared but
                                 not assessed, and the coverage table of the directives' provisions
    三、评估结论                  left to the evaluator; the report's recommendation and the facts bearing on it
    四、下步工作打算              the recorded next-step measures

Nothing is written that the graph does not hold; a part with nothing recorded says so, and that sentence is
traced to what was looked for.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict

from rdflib import Graph

from ..check.report import Finding
from ..store import Store
from ..words import SEVERITY_LABELS
from .facts import (
    EvaluationView,
    Graphed,
    basis_status,
    coverage,
    evaluations_of,
    join_names,
    nested_title,
    number,
    read_graph,
)
from .model import DraftReport, Section, Table, Trace

P = "https://w3id.org/policykg/ns#"
E = "http://data.europa.eu/eli/ontology#"
CODE = "https://w3id.org/policykg/code/"
NO_VALIDITY = f"{CODE}validity-decision-none-for-now"
STATUS_LAPSED = (f"{CODE}status-repealed", f"{CODE}status-expired")


def check_findings(data: Graph, documents: list[str], as_of: _dt.date, related: set[str]) -> tuple[Finding, ...]:
    """The check's findings on the evaluated documents and their evaluations' parts, on *as_of*.

    The documents are put under review (decision 0008), whatever their issuer.
    """
    from rdflib import URIRef

    from ..check.run import run_check  # the one call into the check path

    report = run_check(data, as_of=as_of, review=[URIRef(d) for d in documents])
    return tuple(f for f in report.findings if _concerns(f, related, set(documents)))


def _concerns(f: Finding, related: set[str], documents: set[str]) -> bool:
    if f.focus.iri in related:
        return True
    return any(d.iri in documents for d in f.focus.documents)


def finding_trace(f: Finding) -> Trace:
    sources = "；".join(
        s.citation_zh + (f"（证据等级 {s.evidence.zh}）" if s.evidence else "") for s in f.rule.sources)
    rule = f"{f.rule.rule_id or f.rule.curie} {f.rule.label.zh}".strip()
    return Trace("finding", f"{rule}（{SEVERITY_LABELS.get(f.severity, (f.severity,))[0]}）", iri=f.rule.iri,
                 detail=f"依据：{sources}" if sources else None)


def _join(items) -> str:
    return join_names(items)


def build_draft(store: Store, documents: list[str], as_of: _dt.date, findings: tuple[Finding, ...],
                *, graphed: Graphed | None = None) -> DraftReport:
    g = graphed or read_graph(store)
    evaluations = evaluations_of(g, documents)
    names = [g.doc_name(d) for d in documents]
    asked = Trace("parameter", f"评估对象 {_join(g.short(d) for d in documents)}；基准日 {as_of.isoformat()}")
    title = f"关于{_join([f'《{_title(g, d)}》' for d in documents])}实施后评估情况的报告（草稿）"
    report = DraftReport(title=title, as_of=as_of, documents=tuple(names))
    intro = Section("")
    intro.say(f"本稿依据知识图谱中的记录起草，基准日为{as_of.isoformat()}；评估结论由评估人填写，"
              "所有陈述均注明所依据的原文、事实或检查发现。", asked)
    report.preamble = intro.blocks

    doc_findings = [f for f in findings if f.focus.iri in documents]
    other_findings = [f for f in findings if f.focus.iri not in documents]

    report.sections.append(_part_one(g, documents, evaluations, asked))
    two = Section("二、评估内容分析和依据")
    two.sections.append(_legality(g, store, documents, evaluations, doc_findings, as_of))
    two.sections.append(_implementation(g, documents, evaluations))
    two.sections.append(_problems(g, store, documents, evaluations, other_findings))
    report.sections.append(two)
    report.sections.append(_conclusion(g, store, documents, evaluations, findings, as_of, asked))
    report.sections.append(_next_steps(g, evaluations))
    return report


def _title(g: Graphed, doc: str) -> str:
    return nested_title(g.names.get(doc).title or g.zh(doc))


# -- 一 ------------------------------------------------------------------------------------------------------


def _part_one(g: Graphed, documents: list[str], evaluations: list[EvaluationView], asked: Trace) -> Section:
    s = Section("一、评估工作的基本情况")
    for d in documents:
        s.say(_document_sentence(g, d), *_document_traces(g, d))
    if not evaluations:
        s.say(f"图谱中没有对{_join([g.short(d) for d in documents])}的实施后评估记录。",
              Trace("absence", "评估对象为这些文件的实施后评估"), asked)
        return s
    for ev in evaluations:
        evaluator = g.value(ev.iri, P + "evaluator")
        date = g.value(ev.iri, P + "evaluationDate")
        who = g.zh(evaluator) if evaluator is not None else "（评估单位未记录）"
        when = f"于{date}" if date is not None else ""
        objs = _join([g.short(d) for d in ev.evaluates])
        report = f"，形成《{_title(g, ev.report)}》" if ev.report else ""
        traces = g.quotes(ev.iri, P + "evaluates", P + "evaluator", P + "evaluationDate") or [
            g.fact(ev.iri, "实施后评估记录")]
        s.say(f"{who}{when}对{objs}开展了实施后评估{report}。", *traces)
        declared = [g.zh(c) for c in sorted(g.values(ev.iri, P + "declaresDimension"), key=g.notation_key)]
        if declared:
            s.say(f"评估报告称围绕{_join(declared)}等方面开展评估。",
                  *(g.quotes(ev.iri, P + "declaresDimension") or [g.fact(ev.iri, "声明的评估维度")]))
        parts = []
        for a in ev.assessments:
            dims = "、".join(g.zh(c) for c in sorted(g.values(a, P + "dimension"), key=g.notation_key))
            section = g.value(a, P + "section")
            parts.append(f"{section}（{dims}）" if section is not None else dims)
        if parts:
            s.say(f"报告中有评估内容的部分为：{'；'.join(parts)}。",
                  *[t for a in ev.assessments for t in g.quotes(a, P + "heading", P + "dimension")[:1]]
                  or [g.fact(ev.iri, "维度评估")])
    return s


def _document_sentence(g: Graphed, d: str) -> str:
    issuer = [g.zh(o) for o in g.values(d, E + "passed_by")]
    date = g.value(d, E + "date_document")
    text = g.doc_name(d)
    short = g.names.get(d).short
    if short:
        text += f"（简称{short}）"
    bits = []
    if issuer:
        bits.append(f"制定机关为{_join(issuer)}")
    bits.append(f"成文日期为{date}" if date is not None else "成文日期未记录")
    return f"{text}，{'，'.join(bits)}。"


def _document_traces(g: Graphed, d: str) -> list[Trace]:
    traces = g.quotes(d, P + "docNumber", P + "shortTitle", E + "passed_by", E + "date_document",
                      "http://purl.org/dc/terms/title")
    if g.value(d, E + "date_document") is None:
        traces.append(Trace("absence", f"{g.short(d)} 的成文日期", iri=d))
    return traces or [g.fact(d, g.doc_name(d))]


# -- 二（一） --------------------------------------------------------------------------------------------------


def _legality(g: Graphed, store: Store, documents: list[str], evaluations: list[EvaluationView],
              findings: list[Finding], as_of: _dt.date) -> Section:
    s = Section("（一）合法性和规范性")
    for d in documents:
        rows = basis_status(store, d, as_of)
        if rows:
            based = [g.doc_name(r.basis) for r in rows if r.relation == "based_on"]
            impl = [g.doc_name(r.basis) for r in rows if r.relation == "implements"]
            bits = []
            if based:
                bits.append(f"依据{_join(based)}")
            if impl:
                bits.append(f"落实{_join(impl)}")
            s.say(f"{g.short(d)}{'，'.join(bits)}制定。",
                  *(g.quotes(d, E + "based_on", P + "implementsPolicy") or [g.fact(d, "依据关系")]))
            for r in rows:
                status = r.status_as_of
                name = g.short(r.basis)
                if status is None:
                    s.say(f"{name}在图谱中没有日期记录，截至{as_of.isoformat()}的效力状态无从判断。",
                          Trace("absence", f"{name} 的施行、公布或成文日期", iri=r.basis),
                          Trace("fact", "依据效力状态查询 basis-status", iri=r.basis))
                else:
                    s.say(f"据图谱记录的日期推算，{name}截至{as_of.isoformat()}的状态为{g.zh(status)}。",
                          *(g.quotes(r.basis, E + "date_document", E + "first_date_entry_in_force",
                                     E + "date_publication", E + "date_no_longer_in_force", P + "dateRepealed")
                            or [g.fact(r.basis, g.doc_name(r.basis))]),
                          Trace("fact", "依据效力状态查询 basis-status", iri=r.basis))
        else:
            s.say(f"图谱中没有记录{g.short(d)}的制定依据。",
                  Trace("absence", f"{g.short(d)} 的依据", iri=d))
        ranked = [(x, rank) for x in [d] + [r.basis for r in rows]
                  if (rank := g.value(x, P + "effectRank")) is not None]
        if ranked:
            s.say("按制定机关层级与文件形式推定的效力位阶："
                  + "；".join(f"{g.short(x)}为{g.zh(r)}位阶" for x, r in ranked) + "。",
                  *[Trace("fact", f"{g.short(x)} 的效力位阶：{g.zh(r)}", iri=x,
                          detail="由推理规则 effect-rank 按制定机关层级与文件形式推定，非原文所载") for x, r in ranked])
        validity = g.value(d, P + "validityPeriod")
        until = g.value(d, E + "date_no_longer_in_force")
        if validity is not None or until is not None:
            bits = []
            if validity is not None:
                bits.append(f"有效期{_duration(str(validity))}")
            if until is not None:
                bits.append(f"有效期至{until}")
            s.say(f"{g.short(d)}载明{'，'.join(bits)}。",
                  *(g.quotes(d, P + "validityPeriod", E + "date_no_longer_in_force") or [g.fact(d, "有效期")]))
        else:
            s.say(f"图谱中没有{g.short(d)}载明的有效期。",
                  Trace("absence", f"{g.short(d)} 的有效期",
                        iri=d))
    for f in findings:
        s.say(f"{f.focus.name_zh}：{_plain(f.message.zh)}", finding_trace(f))
    for ev in evaluations:
        for a in ev.assessments:
            if f"{CODE}dimension-legality" in {str(c) for c in g.values(a, P + "dimension")}:
                for text in g.values(a, P + "finding"):
                    s.say(f"评估报告的意见是：“{text}”", *(g.quotes(a, P + "finding") or [g.fact(a, "评估意见")]))
    if not s.blocks:
        s.say("图谱中没有与合法性和规范性相关的记录。", Trace("absence", "依据、有效期、检查发现与报告意见"))
    return s


_RDF_TERM_RE = re.compile(r"[（(](?:pkg|eli|dct|prov|skos|rdfs):[A-Za-z_]+[）)]")


def _plain(message: str) -> str:
    """A rule's message without the RDF property names some messages still carry in brackets."""
    return _RDF_TERM_RE.sub("", message)


def _duration(lexical: str) -> str:
    if lexical.startswith("P") and lexical.endswith("Y") and lexical[1:-1].isdigit():
        return f"{lexical[1:-1]}年"
    return lexical


# -- 二（二） --------------------------------------------------------------------------------------------------


def _implementation(g: Graphed, documents: list[str], evaluations: list[EvaluationView]) -> Section:
    s = Section("（二）实施情况及效果")
    results_by_area: dict[str | None, list[str]] = defaultdict(list)
    docs = set(documents)
    area_set = {a for ev in evaluations for a in ev.areas}
    for r, types in sorted(g.types.items()):
        if not types & {P + "QuantitativeResult", P + "QualitativeResult", P + "Result"}:
            continue
        areas = [str(a) for a in g.values(r, P + "inArea")]
        attributed = {str(d) for d in g.values(r, P + "attributedTo")}
        in_ours = [a for a in areas if a in area_set]
        if in_ours:
            for a in in_ours:
                results_by_area[a].append(r)
        elif attributed & docs:
            results_by_area[None].append(r)
    for ev in evaluations:
        for a in ev.assessments:
            dims = {str(c) for c in g.values(a, P + "dimension")}
            if dims & {f"{CODE}dimension-implementation", f"{CODE}dimension-effects"}:
                for text in g.values(a, P + "finding"):
                    s.say(f"评估报告的总体判断是：“{text}”。", *(g.quotes(a, P + "finding") or [g.fact(a, "评估意见")]))
    for r in _ordered(g, results_by_area.get(None, [])):
        s.say(*_result_sentence(g, r))
    for ev in evaluations:
        for a in ev.areas:
            sub = s.sub(g.zh(a))
            measures = [m for m in g.subjects(P + "inArea", a) if P + "Measure" in g.types.get(m, set())]
            if measures:
                sub.say(f"主要举措：{'；'.join(g.zh(m) for m in measures)}。",
                        *[t for m in measures for t in g.own_quotes(m)[:1]] or [g.fact(a, "举措")])
            results = _ordered(g, results_by_area.get(a, []))
            for r in results:
                sub.say(*_result_sentence(g, r))
            if not results:
                sub.say("图谱中没有本领域的成效记录。",
                        Trace("absence", f"所属领域为“{g.zh(a)}”的成效", iri=a))
    if not s.blocks and not s.sections:
        s.say("图谱中没有这些文件的实施领域或成效记录。",
              Trace("absence", "实施领域与成效记录"))
    return s


def _ordered(g: Graphed, results: list[str]) -> list[str]:
    def key(r: str):
        starts = [x.start for x in g.excerpts.get(r, []) if x.attests & {P + "value", P + "achievementType"}]
        starts = starts or [x.start for x in g.excerpts.get(r, [])]
        return (min(starts) if starts else 10**9, r)
    return sorted(set(results), key=key)


def _result_sentence(g: Graphed, r: str) -> tuple:
    label = g.names.get(r).zh or g.zh(r)
    period = g.value(r, P + "period")
    text = label.rstrip("。；;，,")
    if period is not None and str(period)[:4] not in text:
        text += f"（{str(period)[:4]}年）"
    traces = g.quotes(r, P + "value", P + "achievementType", P + "changeValue") or g.quotes(r)
    details = []
    value = number(g.value(r, P + "value"))
    if value is not None:
        unit = g.value(r, P + "unit")
        comp = g.value(r, P + "comparator")
        details.append(f"数值 {value}{g.zh(unit) if unit is not None else ''}"
                       + (f"，比较词“{g.zh(comp)}”" if comp is not None else ""))
    change = number(g.value(r, P + "changeValue"))
    if change is not None:
        base = g.value(r, P + "baselineLabel")
        details.append(f"较{base if base is not None else '基期'}变化 {change}")
    if period is not None:
        details.append(f"期间 {period}")
    state = g.value(r, P + "reviewState")
    if state is not None:
        details.append(f"审核状态：{g.zh(state)}")
    traces = list(traces) + [g.fact(r, label, "；".join(details) if details else None)]
    return (f"{text}。", *traces)


# -- 二（三） --------------------------------------------------------------------------------------------------


def _problems(g: Graphed, store: Store, documents: list[str], evaluations: list[EvaluationView],
              findings: list[Finding]) -> Section:
    s = Section("（三）存在的问题")
    problems_dim = f"{CODE}dimension-problems"
    for ev in evaluations:
        assessed = {str(c) for a in ev.assessments for c in g.values(a, P + "dimension")}
        declared = {str(c) for c in g.values(ev.iri, P + "declaresDimension")}
        for a in ev.assessments:
            if problems_dim in {str(c) for c in g.values(a, P + "dimension")}:
                for text in g.values(a, P + "finding"):
                    s.say(f"评估报告列出的问题：“{text}”", *(g.quotes(a, P + "finding") or [g.fact(a, "评估意见")]))
        for dim in sorted(declared - assessed):
            s.say(f"评估报告称评估了“{g.zh(dim)}”，但报告中没有这一部分。",
                  *(g.quotes(ev.iri, P + "declaresDimension") or [g.fact(ev.iri, "声明的评估维度")]),
                  Trace("absence", f"维度为“{g.zh(dim)}”的评估内容", iri=ev.iri))
    by_rule: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:  # one sentence for the findings of a rule that say the same thing
        by_rule[(f.rule.iri, f.message.zh)].append(f)
    for (rule_iri, _), group in by_rule.items():
        first = group[0]
        if len(group) == 1:
            s.say(f"{first.focus.name_zh}：{_plain(first.message.zh)}", finding_trace(first))
        else:
            kinds = sorted({f.focus.kind_label.zh for f in group if f.focus.kind_label.zh})
            names = "；".join(f.focus.label.zh for f in group[:30])
            s.say(f"下列{'、'.join(kinds) or '对象'}（见注）存在同一问题：{_plain(first.message.zh)}",
                  Trace("finding", finding_trace(first).text, iri=rule_iri,
                        detail=f"{finding_trace(first).detail or ''}；涉及：{names}".lstrip("；")))
    rows = []
    seen: set[tuple[str, str]] = set()
    for d in documents:
        for c in coverage(store, d):
            if (c.directive, c.provision) in seen:
                continue
            seen.add((c.directive, c.provision))
            implemented = _join([g.zh(m) for m in c.measures]) if c.measures else "无举措落实"
            traces = [g.fact(c.provision, c.provision_label)] + [
                g.fact(m, g.zh(m), "落实该条款的举措") for m in c.measures]
            if not c.measures:
                traces.append(Trace("absence", f"落实 {c.provision_label} 的举措",
                                    iri=c.provision))
            rows.append(((g.short(c.directive), c.provision_label, implemented), tuple(traces)))
    if rows:
        uncovered = sum(1 for cells, _ in rows if cells[2] == "无举措落实")
        summary = ("所列条款均没有举措落实。" if uncovered == len(rows) else
                   "所列条款均有举措落实。" if not uncovered else "没有举措落实的条款注明“无举措落实”。")
        caption_traces = (Trace("fact", "被评估文件所据上位文件的条款与落实举措（查询 evaluation-coverage）"),)
        s.blocks.append(Table(
            caption=_sentence(f"上位文件条款落实情况：{summary}", caption_traces),
            header=("上位文件", "条款", "落实举措"), rows=tuple(rows)))
    else:
        s.say("图谱中没有被评估文件所据上位文件的条款，无法列出条款落实情况。",
              Trace("absence", "依据文件或评估认定相符文件的条款"))
    if not s.blocks:
        s.say("图谱中没有记录存在的问题，检查也未发现问题。", Trace("absence", "维度为“存在的问题”的评估内容与检查发现"))
    return s


def _sentence(text: str, traces: tuple[Trace, ...]):
    from .model import Sentence
    return Sentence(text, traces)


# -- 三 ------------------------------------------------------------------------------------------------------


def _conclusion(g: Graphed, store: Store, documents: list[str], evaluations: list[EvaluationView],
                findings: tuple[Finding, ...], as_of: _dt.date, asked: Trace) -> Section:
    s = Section("三、评估结论")
    s.say("评估结论由评估人根据以下事实作出，本稿不代为判断。", asked)
    for ev in evaluations:
        conclusion = g.value(ev.iri, P + "conclusion")
        decision = g.value(ev.iri, P + "validityDecision")
        if conclusion is not None or decision is not None:
            bits = []
            if conclusion is not None:
                bits.append(f"建议{_join([g.short(d) for d in ev.evaluates])}{g.zh(conclusion)}")
            if decision is not None:
                bits.append(g.zh(decision))
            s.say(f"评估报告{'，'.join(bits)}。",
                  *(g.quotes(ev.iri, P + "conclusion", P + "validityDecision") or [g.fact(ev.iri, "评估结论")]))
        else:
            s.say("评估报告没有记录处理建议（继续执行、修改或废止）。",
                  Trace("absence", "评估结论", iri=ev.iri))
        for text in g.values(ev.iri, P + "rationale"):
            s.say(f"报告所述理由：“{text}”。", *(g.quotes(ev.iri, P + "rationale") or [g.fact(ev.iri, "理由")]))
        if decision is not None and str(decision) == NO_VALIDITY:
            for d in ev.evaluates:
                if g.value(d, P + "validityPeriod") is None and g.value(d, E + "date_no_longer_in_force") is None:
                    related = [f for f in findings if "有效期" in f.rule.label.zh
                               and (f.focus.iri == d or f.focus.iri == ev.iri)]
                    s.say(f"{g.short(d)}未载明有效期，评估又建议暂不设置；如该文件属于行政规范性文件，"
                          "应载明有效期（所据规则见注）。",
                          *(g.quotes(ev.iri, P + "validityDecision")[:1]),
                          Trace("absence", f"{g.short(d)} 的有效期", iri=d),
                          *[finding_trace(f) for f in related[:2]])
    for d in documents:
        for r in basis_status(store, d, as_of):
            if r.status_as_of in STATUS_LAPSED:
                s.say(f"{g.short(d)}的依据{g.short(r.basis)}截至{as_of.isoformat()}{g.zh(r.status_as_of)}。",
                      Trace("fact", "依据效力状态查询 basis-status", iri=r.basis))
    blocking = [f for f in findings if f.severity == "Violation"]
    if blocking:
        s.say("检查发现违规事项（见第二部分），评估结论应予考虑。", *[finding_trace(f) for f in blocking])
    return s


# -- 四 ------------------------------------------------------------------------------------------------------


def _next_steps(g: Graphed, evaluations: list[EvaluationView]) -> Section:
    s = Section("四、下步工作打算")
    for ev in evaluations:
        for m in ev.planned:
            heading = g.value(m, P + "heading")
            num = g.value(m, P + "number")
            text = f"{num or ''}{heading if heading is not None else g.zh(m)}。"
            s.say(text, *(g.quotes(m) or [g.fact(m, g.zh(m))]))
    if not s.blocks:
        s.say("图谱中没有记录下步工作举措。", Trace("absence", "下步工作举措"))
    return s


__all__ = ["build_draft", "check_findings", "finding_trace"]
