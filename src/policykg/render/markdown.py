"""Markdown: a summary table, a table of contents, then one section per rule with a table of its findings."""

from __future__ import annotations

import re

from ..check.report import SEVERITIES, CheckReport, Finding, Rule, variable_label
from .common import evidence_line, quote_heading, rules_line, scope, severity_en, severity_zh, summary

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: str) -> str:
    """Escape Markdown syntax in plain text (so 威测字[2024]08号 is not read as a link)."""
    return _SPECIAL.sub(r"\\\1", text)


def cell(*lines: str) -> str:
    """A table cell: escaped lines joined by <br>."""
    return "<br>".join(esc(" ".join(line.split())) for line in lines if line)


def anchor(i: int) -> str:
    return f"rule-{i}"


def render(report: CheckReport) -> str:
    head = summary(report)
    out = [
        "# 合规检查报告 / Compliance check report",
        "",
        f"**{esc(head.zh)}**",
        "",
        esc(head.en),
        "",
        "| 严重程度 Severity | 数量 Count |",
        "|---|---:|",
    ]
    out += [f"| {severity_zh(s)} {severity_en(s)} | {report.counts[s]} |" for s in SEVERITIES]
    out.append("")
    sc = scope(report)
    out += [f"- {esc(sc.zh)}", f"- {esc(sc.en)}"]
    if report.scope == "drafts":
        out += [f"  - {esc(d.name_zh)}" for d in report.documents]
    rl = rules_line(report)
    out.append(f"- {esc(rl.zh)} / {esc(rl.en)}")
    groups = report.groups()
    if not groups:
        out += ["", "未发现问题。 No findings.", ""]
        return "\n".join(out)

    out += ["", "## 目录 Contents", ""]
    for i, (rule, findings) in enumerate(groups, 1):
        sev = findings[0].severity
        out.append(
            f"{i}. [{severity_zh(sev)} {esc(rule.rule_id or '—')} {esc(rule.label.zh)}](#{anchor(i)}) "
            f"({len(findings)})"
        )
    for i, (rule, findings) in enumerate(groups, 1):
        out += [""] + _rule_section(i, rule, findings)
    out.append("")
    return "\n".join(out)


def _rule_section(i: int, rule: Rule, findings: list[Finding]) -> list[str]:
    sev = findings[0].severity
    out = [
        f'<a id="{anchor(i)}"></a>',
        "",
        f"## {i}. {severity_zh(sev)} {severity_en(sev)} · {esc(rule.rule_id or '—')} · {esc(rule.label.zh)}",
        "",
    ]
    if rule.label.en != rule.label.zh:
        out += [f"*{esc(rule.label.en)}*", ""]
    out.append(f"- **规则 Rule:** `{rule.curie}`")
    for src in rule.sources:
        ev = evidence_line(src)
        out.append(
            f"- **依据 Source:** {esc(src.citation_zh)}" + (f"（{esc(ev.zh)}）" if ev else "")
            + f" / {esc(src.citation_en)}" + (f" ({esc(ev.en)})" if ev else "")
        )
        if src.quote:
            qh = quote_heading(src)
            out.append(f"  - {esc(qh.zh)} / {esc(qh.en)}:")
            out.append("")
            out += [f"    > {esc(line)}" if line.strip() else "    >" for line in src.quote.strip().splitlines()]
            out.append("")
    if not rule.sources:
        out.append("- **依据 Source:** （规则未注明出处） (the rule names no source)")
    if rule.fix:
        out.append(f"- **建议 Fix:** {esc(rule.fix.zh)}" + (f" / {esc(rule.fix.en)}" if rule.fix.en != rule.fix.zh else ""))
    out += [
        "",
        "| # | 文件或对象 Document / node | 问题 Problem | 属性 Property | 取值 Value |",
        "|---|---|---|---|---|",
    ]
    for j, f in enumerate(findings, 1):
        focus = cell(f.focus.name_zh, f.focus.name_en if f.focus.name_en != f.focus.name_zh else "")
        problem = cell(f.message.zh, f.message.en if f.message.en != f.message.zh else "")
        prop = cell(f.path.label.zh, f.path.label.en if f.path.label.en != f.path.label.zh else "") if f.path else "—"
        value = (
            cell(f.value.text.zh, f.value.text.en if f.value.text.en != f.value.text.zh else "") if f.value else "—"
        )
        for name, v in f.details:
            zh, en = variable_label(name)
            value += "<br>" + cell(f"{zh} {en}: {v.text.zh}", v.text.en if v.text.en != v.text.zh else "")
        out.append(f"| {i}.{j} | {focus} | {problem} | {prop} | {value} |")
    return out
