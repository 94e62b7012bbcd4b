"""Terminal text: the verdict first, then the findings in the order a reviewer acts on them; 中文 first.

Legality problems, findings to verify and missing procedure records each list their findings grouped by problem:
the draft's own sentence, what is wrong, the provision (quoted in Chinese; an English research note on the
English line), what to change. Data gaps follow as one line per kind with its count; then the findings fixed
since the previous round (--baseline) and a status card per document relied on.
"""

from __future__ import annotations

import re

from ..check.report import CheckReport, Finding, Rule, variable_label
from .common import (
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
    wrap,
)

WIDTH = 100
QUOTE_LIMIT = 240  # characters of a provision shown here; JSON, Markdown and HTML carry the full text
NUMERALS = "一二三四五六七八九十"


def render(report: CheckReport, width: int = WIDTH) -> str:
    out: list[str] = []
    head = headline(report)
    out += wrap(head.zh, width)
    out += wrap(head.en, width)
    base = baseline_line(report)
    if base:
        out += wrap(base.zh, width)
        out += wrap(base.en, width)
        for f in report.findings:
            if f.since == "new":
                out += wrap(f"  新增 new [{f.id}] {f.heading.zh}：{f.focus.name_zh}", width, "", "    ")
    sev = severity_line(report)
    out += wrap(f"{sev.zh} / {sev.en}", width)
    out.append("")
    sc = scope(report)
    out += wrap(sc.zh, width)
    if report.scope == "drafts":
        for d in report.documents:
            out += wrap(f"· {d.name_zh}", width, "  ", "    ")
    out += wrap(sc.en, width)
    rl = rules_line(report)
    out += wrap(f"{rl.zh} / {rl.en}", width)

    if not report.findings and not report.fixed:
        out.append("")
        out.append("未发现问题。 No findings.")
        out += _cards(report, width, 0)
        return "\n".join(out) + "\n"

    section = 0
    for kind, groups in kind_sections(report):
        n = sum(len(fs) for _, fs in groups)
        if not n and kind != "legality":
            continue
        section += 1
        lab, note = kind_label(kind), kind_note(kind)
        out.append("")
        out.append("═" * width)
        out += wrap(f"{NUMERALS[section - 1]}、{lab.zh}（{n} 项）—— {note.zh}", width)
        out += wrap(f"{lab.en} ({n}) — {note.en}", width, "   ")
        if not n:
            out.append("   无。 None.")
            continue
        if kind == "data-gap":
            out += _gaps(groups, width)
            continue
        for i, (rule, findings) in enumerate(groups, 1):
            out.append("")
            out += _group(f"{section}.{i}", rule, findings, width)
    if report.fixed:
        section += 1
        out.append("")
        out.append("═" * width)
        out += wrap(f"{NUMERALS[section - 1]}、上一轮的问题已改正（{len(report.fixed)} 项） "
                    f"Fixed since the previous round ({len(report.fixed)})", width)
        for x in report.fixed:
            out += wrap(f"· [{x.id}] {x.title_zh}：{x.what_zh}", width, "   ", "     ")
            if x.title_en and x.title_en != x.title_zh:
                out += wrap(f"{x.title_en}: {x.what_en}", width, "     ")
    out += _cards(report, width, section)
    out.append("")
    return "\n".join(out) + "\n"


def _group(number: str, rule: Rule, findings: list[Finding], width: int) -> list[str]:
    first = findings[0]
    out = wrap(f"{number} {first.heading.zh}（{len(findings)} 项，{rule.rule_id or '—'}）", width)
    if first.heading.en != first.heading.zh:
        out += wrap(f"{first.heading.en} ({len(findings)}, {rule.rule_id or '—'})", width, " " * (len(number) + 1))
    ind = "   "
    for j, f in enumerate(findings, 1):
        out += _finding(f"{number}.{j}", f, width)
    if not rule.sources:
        out += wrap("依据：（规则未注明出处） Source: (the rule names no source)", width, ind)
    for src in rule.sources:
        lines = source_lines(src, QUOTE_LIMIT)
        out += wrap(re.sub(r"\n\s*\n", "\n", lines.zh), width, ind, ind + "      ")
        out += wrap(re.sub(r"\n\s*\n", "\n", lines.en), width, ind, ind + "        ")
    if rule.fix:
        out += wrap(f"建议：{rule.fix.zh}", width, ind, ind + "      ")
        if rule.fix.en != rule.fix.zh:
            out += wrap(f"Fix: {rule.fix.en}", width, ind, ind + "     ")
    return out


def _finding(number: str, f: Finding, width: int) -> list[str]:
    ind = " " * 6
    since = since_label(f.since)
    tag = f"（{since.zh} {since.en}）" if since else ""
    out = wrap(f"  {number} [{f.id}]{tag} {f.focus.name_zh}", width, "", ind)
    if f.focus.name_en != f.focus.name_zh:
        out += wrap(f.focus.name_en, width, ind)
    ex = excerpt_line(f)
    if ex:
        out += wrap(ex.zh, width, ind, ind + "  ")
    if f.message:
        out += wrap(f"问题：{f.message.zh}", width, ind, ind + "      ")
        if f.message.en != f.message.zh:
            out += wrap(f"Problem: {f.message.en}", width, ind, ind + "         ")
    if f.value is not None and f.value.text.zh not in f.message.zh:
        out += wrap(f"所涉 Concerns：{f.value.text.zh}", width, ind, ind + "  ")
    for name, value in f.details:
        if value.text.zh in f.message.zh:
            continue
        zh, en = variable_label(name)
        out += wrap(f"{zh} {en}：{value.text.zh}", width, ind, ind + "  ")
    return out


def _gaps(groups: list[tuple[Rule, list[Finding]]], width: int) -> list[str]:
    from ..review.kinds import why_of

    out = [""]
    for rule, findings in groups:
        title = findings[0].heading
        why = why_of(rule.iri)
        out += wrap(f"· {title.zh} {len(findings)} 项" + (f"（{why}）" if why else ""), width, "   ", "     ")
        if title.en != title.zh:
            out += wrap(f"{title.en}: {len(findings)}", width, "     ")
    out += wrap("逐项清单见 --format html 或 json。 Every item: --format html or json.", width, "   ")
    return out


def _cards(report: CheckReport, width: int, section: int) -> list[str]:
    if not report.cards:
        return []
    out = ["", "═" * width]
    out += wrap(f"{NUMERALS[section]}、所依据文件的状态（{len(report.cards)} 份，基准日 {report.as_of.isoformat()}） "
                f"Status of the documents relied on", width)
    for c in report.cards:
        out.append("")
        out += wrap(f"· {c.name_zh}", width, "   ", "     ")
        ind = "     "
        facts = []
        if c.issuer:
            facts.append(f"制定机关 {c.issuer}")
        if c.rank:
            facts.append(f"效力级别 {c.rank[0]}")
        facts.append(f"时效性 {c.status[0]}" if c.status else "时效性 不明")
        out += wrap("；".join(facts), width, ind, ind)
        if c.why_unknown:
            out += wrap(f"不明原因：{c.why_unknown[0]}", width, ind, ind + "  ")
            out += wrap(f"Unknown: {c.why_unknown[1]}", width, ind, ind + "  ")
        if c.dates:
            out += wrap("日期：" + "；".join(f"{zh} {d}" for zh, _en, d in c.dates), width, ind, ind)
        if c.chain:
            out += wrap("其依据：" + " → ".join(c.chain), width, ind, ind + "  ")
        if c.cited_by:
            out += wrap("引用：" + "；".join(f"{who}（{rel}）" for who, rel, _ in c.cited_by), width, ind, ind + "  ")
        if c.finding_ids:
            out += wrap("相关问题：" + "、".join(c.finding_ids), width, ind, ind + "  ")
    return out
