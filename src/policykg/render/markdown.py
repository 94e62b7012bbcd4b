"""Markdown: the verdict and counts first, then the findings by what a reviewer does with them (legality problems,
findings to verify, procedure records missing; data gaps as one line per kind), the findings fixed since the
previous round, and a status card per document relied on."""

from __future__ import annotations

import re

from ..check.report import CheckReport, Finding, Rule, variable_label
from .common import (
    KIND_ORDER,
    baseline_line,
    excerpt_line,
    headline,
    kind_label,
    kind_note,
    kind_sections,
    rules_line,
    scope,
    severity_line,
    since_label,
    source_lines,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: str) -> str:
    """Escape Markdown syntax in plain text (so 威测字[2024]08号 is not read as a link)."""
    return _SPECIAL.sub(r"\\\1", text)


def anchor(kind: str, i: int) -> str:
    return f"{kind}-{i}"


def render(report: CheckReport) -> str:
    head = headline(report)
    out = ["# 合法性审核报告 / Legality review report", "", f"**{esc(head.zh)}**", "", esc(head.en), ""]
    base = baseline_line(report)
    if base:
        out += [f"- {esc(base.zh)}", f"- {esc(base.en)}", ""]
    out += ["| 类别 Kind | 数量 Count |", "|---|---:|"]
    for kind in KIND_ORDER:
        lab = kind_label(kind)
        out.append(f"| {esc(lab.zh)} {esc(lab.en)} | {report.kind_counts[kind]} |")
    out.append("")
    sev = severity_line(report)
    sc = scope(report)
    out += [f"- {esc(sev.zh)} / {esc(sev.en)}", f"- {esc(sc.zh)}", f"- {esc(sc.en)}"]
    if report.scope == "drafts":
        out += [f"  - {esc(d.name_zh)}" for d in report.documents]
    rl = rules_line(report)
    out.append(f"- {esc(rl.zh)} / {esc(rl.en)}")
    if not report.findings and not report.fixed:
        out += ["", "未发现问题。 No findings.", ""]
        out += _cards(report)
        return "\n".join(out)

    for kind, groups in kind_sections(report):
        n = sum(len(fs) for _, fs in groups)
        if not n and kind != "legality":
            continue
        lab, note = kind_label(kind), kind_note(kind)
        out += ["", f"## {esc(lab.zh)}（{n} 项） / {esc(lab.en)} ({n})", "", f"*{esc(note.zh)} / {esc(note.en)}*", ""]
        if not n:
            out += ["无。 None.", ""]
            continue
        if kind == "data-gap":
            out += _gaps(groups)
            continue
        for i, (rule, findings) in enumerate(groups, 1):
            out += _group(kind, i, rule, findings)
    if report.fixed:
        out += ["", f"## 上一轮的问题已改正（{len(report.fixed)} 项） / Fixed since the previous round", ""]
        for x in report.fixed:
            out.append(f"- `{x.id}` {esc(x.title_zh)}：{esc(x.what_zh)} / {esc(x.title_en)}: {esc(x.what_en)}")
    out += _cards(report)
    out.append("")
    return "\n".join(out)


def _group(kind: str, i: int, rule: Rule, findings: list[Finding]) -> list[str]:
    first = findings[0]
    out = [f'<a id="{anchor(kind, i)}"></a>', "",
           f"### {i}. {esc(first.heading.zh)}（{len(findings)} 项，{esc(rule.rule_id or '—')}）", ""]
    if first.heading.en != first.heading.zh:
        out += [f"*{esc(first.heading.en)}*", ""]
    for j, f in enumerate(findings, 1):
        since = since_label(f.since)
        tag = f" **{since.zh} {since.en}**" if since else ""
        out.append(f"{j}. `{f.id}`{tag} {esc(f.focus.name_zh)}" +
                   (f" / {esc(f.focus.name_en)}" if f.focus.name_en != f.focus.name_zh else ""))
        ex = excerpt_line(f)
        if ex:
            out.append(f"   - {esc(ex.zh)}")
        if f.message:
            out.append(f"   - 问题：{esc(f.message.zh)}")
            if f.message.en != f.message.zh:
                out.append(f"   - Problem: {esc(f.message.en)}")
        for name, value in f.details:
            if value.text.zh not in f.message.zh:
                zh, en = variable_label(name)
                out.append(f"   - {esc(zh)} {esc(en)}：{esc(value.text.zh)}")
    out.append("")
    for src in rule.sources:
        lines = source_lines(src)
        out += [f"- {esc(lines.zh)}", f"- {esc(lines.en)}"]
    if not rule.sources:
        out.append("- 依据：（规则未注明出处） Source: (the rule names no source)")
    if rule.fix:
        out.append(f"- **建议：**{esc(rule.fix.zh)}")
        if rule.fix.en != rule.fix.zh:
            out.append(f"- **Fix:** {esc(rule.fix.en)}")
    out.append("")
    return out


def _gaps(groups: list[tuple[Rule, list[Finding]]]) -> list[str]:
    from ..review.kinds import why_of

    out = ["| 数据缺口 Gap | 数量 Count | 说明 Why |", "|---|---:|---|"]
    for rule, findings in groups:
        title = findings[0].heading
        out.append(f"| {esc(title.zh)}<br>{esc(title.en)} | {len(findings)} | {esc(why_of(rule.iri) or '')} |")
    out.append("")
    for _rule, findings in groups:
        out.append(f"<details><summary>{esc(findings[0].heading.zh)}（{len(findings)} 项）</summary>")
        out.append("")
        out += [f"- `{f.id}` {esc(f.focus.name_zh)}" for f in findings]
        out += ["", "</details>", ""]
    return out


def _cards(report: CheckReport) -> list[str]:
    if not report.cards:
        return []
    out = ["", f"## 所依据文件的状态（基准日 {report.as_of.isoformat()}） / Status of the documents relied on", "",
           "| 文件 Document | 制定机关 Issuer | 效力级别 Rank | 时效性 Status | 日期 Dates | 其依据 Rests on | 相关问题 Findings |",
           "|---|---|---|---|---|---|---|"]
    for c in report.cards:
        status = esc(c.status[0]) if c.status else "不明 unknown：" + esc(c.why_unknown[0] if c.why_unknown else "")
        dates = "<br>".join(f"{esc(zh)} {d}" for zh, _en, d in c.dates) or "—"
        out.append(f"| {esc(c.name_zh)} | {esc(c.issuer or '—')} | {esc(c.rank[0]) if c.rank else '—'} | {status} | "
                   f"{dates} | {esc(' → '.join(c.chain)) or '—'} | {esc('、'.join(c.finding_ids)) or '—'} |")
    out.append("")
    return out
