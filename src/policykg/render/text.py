"""Terminal text: the summary first, then findings grouped by rule; Chinese first, English second.

Written to be read top to bottom in two minutes: the verdict and counts, an index of rules, then per rule its
legal source (quoted), what to do, and each finding with the document's 文号 and title.
"""

from __future__ import annotations

import re

from ..check.report import SEVERITIES, CheckReport, Finding, Rule, variable_label
from .common import (
    display_width,
    evidence_line,
    quote_heading,
    rules_line,
    scope,
    severity_en,
    severity_zh,
    summary,
    truncate,
    wrap,
)

WIDTH = 100
QUOTE_LIMIT = 240  # characters of a provision shown here; JSON, Markdown and HTML carry the full text


def render(report: CheckReport, width: int = WIDTH) -> str:
    out: list[str] = []
    head = summary(report)
    out += wrap(head.zh, width)
    out += wrap(head.en, width)
    out.append("")
    for s in SEVERITIES:
        label = f"{severity_zh(s)} {severity_en(s)}"
        out.append(f"  {label}{' ' * (16 - display_width(label))}{report.counts[s]:>4}")
    out.append("")
    sc = scope(report)
    out += wrap(sc.zh, width)
    if report.scope == "drafts":
        for d in report.documents:
            out += wrap(f"· {d.name_zh}", width, "  ", "    ")
    out += wrap(sc.en, width)
    rl = rules_line(report)
    out += wrap(f"{rl.zh} / {rl.en}", width)

    groups = report.groups()
    if not groups:
        out.append("")
        out.append("未发现问题。 No findings.")
        return "\n".join(out) + "\n"

    out.append("")
    out.append("按规则 By rule")
    for i, (rule, findings) in enumerate(groups, 1):
        out += _index_line(i, rule, findings, width)

    for i, (rule, findings) in enumerate(groups, 1):
        out.append("")
        out.append("─" * width)
        shared = _shared(findings)
        out += _rule_block(i, rule, findings, width, shared)
        if shared["documents"]:
            out += _documents_lines(findings[0], width, "   ")
        compact = shared["message"] and all(f.value is None and not f.details for f in findings)
        if compact:
            out.append("")
        for j, f in enumerate(findings, 1):
            if not compact:
                out.append("")
            out += _finding_block(f"{i}.{j}", f, width, shared)
    out.append("")
    return "\n".join(out) + "\n"


def _index_line(i: int, rule: Rule, findings: list[Finding], width: int) -> list[str]:
    sev = severity_zh(findings[0].severity)
    rid = rule.rule_id or "—"
    left = f"{i:>4}. {sev} {rid:<10} {rule.label.zh}"
    count = f" {len(findings)}"
    pad = width - display_width(left) - display_width(count)
    if pad < 2:
        return wrap(left + count, width, "", "      ")
    return [left + " " + "·" * (pad - 1) + count]


def _rule_block(i: int, rule: Rule, findings: list[Finding], width: int, shared: dict[str, bool]) -> list[str]:
    sev = findings[0].severity
    out = [
        f"{i}. {severity_zh(sev)} {severity_en(sev)} · {rule.rule_id or '—'} · {len(findings)} 项 "
        f"finding{'s' if len(findings) != 1 else ''}"
    ]
    ind = "   "
    out += wrap(rule.label.zh, width, ind)
    if rule.label.en != rule.label.zh:
        out += wrap(rule.label.en, width, ind)
    if shared["message"]:
        out += _message_lines(findings[0], width, ind)
    if shared["path"]:
        out += _path_lines(findings[0], width, ind)
    if not rule.sources:
        out += wrap("依据：（规则未注明出处） Source: (the rule names no source)", width, ind)
    for src in rule.sources:
        ev = evidence_line(src)
        out += wrap(f"依据：{src.citation_zh}" + (f"；{ev.zh}" if ev else ""), width, ind, ind + "      ")
        out += wrap(f"Source: {src.citation_en}" + (f"; {ev.en}" if ev else ""), width, ind, ind + "        ")
        if src.quote:
            qh = quote_heading(src)
            out += wrap(f"{qh.zh} / {qh.en}:", width, ind)
            quote = re.sub(r"\n\s*\n", "\n", src.quote)  # paragraphs on consecutive lines in a terminal
            out += wrap(f"“{truncate(quote, QUOTE_LIMIT)}”", width, ind + "  ", ind + "   ")
    if rule.fix:
        out += wrap(f"建议：{rule.fix.zh}", width, ind, ind + "      ")
        if rule.fix.en != rule.fix.zh:
            out += wrap(f"Fix: {rule.fix.en}", width, ind, ind + "     ")
    out += wrap(f"规则 Rule: {rule.curie}", width, ind)
    return out


def _shared(findings: list[Finding]) -> dict[str, bool]:
    """Whether every finding of a rule has the same message / property (then it is said once, above them)."""
    many = len(findings) > 1
    first = findings[0].focus
    return {
        "message": many and len({f.message for f in findings}) == 1,
        "path": many and len({f.path for f in findings}) == 1 and findings[0].path is not None,
        # parts (measures, results …) of the same documents: the documents are named once
        "documents": many
        and not first.is_document
        and bool(first.documents)
        and all(not f.focus.is_document and f.focus.documents == first.documents for f in findings),
    }


def _documents_lines(f: Finding, width: int, ind: str) -> list[str]:
    out = [f"{ind}所属文件 Documents:"]
    for d in f.focus.documents:
        out += wrap(f"· {d.name_zh}", width, ind + "  ", ind + "    ")
    return out


def _message_lines(f: Finding, width: int, ind: str) -> list[str]:
    if not f.message:
        return []
    out = wrap(f"问题：{f.message.zh}", width, ind, ind + "      ")
    if f.message.en != f.message.zh:
        out += wrap(f"Problem: {f.message.en}", width, ind, ind + "         ")
    return out


def _path_lines(f: Finding, width: int, ind: str) -> list[str]:
    if f.path is None:
        return []
    label = f.path.label.zh if f.path.label.zh == f.path.label.en else f"{f.path.label.zh} / {f.path.label.en}"
    return wrap(f"属性 Property：{label}", width, ind, ind + "  ")


def _finding_block(number: str, f: Finding, width: int, shared: dict[str, bool]) -> list[str]:
    ind = " " * (len(number) + 4)
    focus = f.focus
    if shared["documents"]:  # documents already named above the list
        zh = f"{focus.kind_label.zh}「{focus.label.zh}」"
        en = f"{focus.kind_label.en} “{focus.label.en}”" if focus.label.en != focus.label.zh else ""
    else:
        zh, en = focus.name_zh, focus.name_en if focus.name_en != focus.name_zh else ""
    out = wrap(f"   {number} {zh}", width, "", ind)
    if en:
        out += wrap(en, width, ind)
    if not shared["message"]:
        out += _message_lines(f, width, ind)
    if not shared["path"]:
        out += _path_lines(f, width, ind)
    if f.value is not None:
        v = f.value.text
        out += wrap(f"取值 Value：{v.zh}", width, ind, ind + "  ")
        if v.en != v.zh:
            out += wrap(v.en, width, ind + "  ")
    for name, value in f.details:
        zh, en = variable_label(name)
        out += wrap(f"{zh} {en}：{value.text.zh}", width, ind, ind + "  ")
        if value.text.en != value.text.zh:
            out += wrap(value.text.en, width, ind + "  ")
    return out
