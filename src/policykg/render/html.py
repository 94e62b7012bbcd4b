"""HTML: one self-contained page (inline CSS, no script, no external URL of any kind) that opens offline.

Summary and severity counts first, a table of contents, then one section per rule (coloured by severity) with
its legal source quoted, the suggested fix and a table of findings. Links are only in-page anchors (#rule-N).
"""

from __future__ import annotations

import html as _html

from ..check.report import SEVERITIES, CheckReport, Finding, Rule, variable_label
from .common import evidence_line, quote_heading, rules_line, scope, severity_en, severity_zh, summary

COLOURS = {
    "Violation": ("#a4161a", "#fdecea"),
    "Warning": ("#8a5300", "#fff4e0"),
    "Info": ("#1f5f99", "#e8f1fb"),
}

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.6; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-left: 6px solid var(--sev); padding-left: .6rem; }
.en { color: #555; }
.verdict { font-size: 1.15rem; font-weight: bold; }
table { border-collapse: collapse; margin: .6rem 0 1rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .35rem .55rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
table.counts { width: auto; }
table.counts td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; font-size: .85rem; font-weight: bold;
         color: #fff; background: var(--sev); }
section.rule { --sev: #555; }
section.rule > .meta { background: var(--bg); padding: .6rem .9rem; border-radius: .3rem; }
blockquote { margin: .4rem 0 .4rem 1rem; padding: .2rem .8rem; border-left: 3px solid #bbb; white-space: pre-wrap;
             background: #fafafa; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
nav ol { padding-left: 1.6rem; }
.note { font-size: .85rem; color: #666; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def e(text: object) -> str:
    return _html.escape(str(text), quote=True)


def bi(zh: str, en: str, *, sep: str = "<br>") -> str:
    """Chinese, then English in grey when it differs."""
    if not en or en == zh:
        return e(zh)
    return f'{e(zh)}{sep}<span class="en" lang="en">{e(en)}</span>'


def sev_style(severity: str) -> str:
    fg, bg = COLOURS.get(severity, ("#555", "#f3f3f3"))
    return f"--sev: {fg}; --bg: {bg};"


def badge(severity: str) -> str:
    return f'<span class="badge" style="{sev_style(severity)}">{e(severity_zh(severity))} {e(severity_en(severity))}</span>'


def render(report: CheckReport) -> str:
    head = summary(report)
    sc = scope(report)
    rl = rules_line(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>合规检查报告 Compliance check report · {e(report.as_of.isoformat())}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<h1>合规检查报告 <span class="en" lang="en">Compliance check report</span></h1>',
        f'<p class="verdict">{e(head.zh)}<br><span class="en" lang="en">{e(head.en)}</span></p>',
        '<table class="counts"><thead><tr><th>严重程度 Severity</th><th>数量 Count</th></tr></thead><tbody>',
    ]
    for s in SEVERITIES:
        parts.append(f'<tr><td>{badge(s)}</td><td class="n">{report.counts[s]}</td></tr>')
    parts.append("</tbody></table>")
    parts.append(f"<p>{bi(sc.zh, sc.en)}<br>{bi(rl.zh, rl.en, sep=' / ')}</p>")
    if report.scope == "drafts" and report.documents:
        parts.append("<ul>" + "".join(f"<li>{e(d.name_zh)}</li>" for d in report.documents) + "</ul>")

    groups = report.groups()
    if not groups:
        parts.append('<p class="verdict">未发现问题。 <span class="en" lang="en">No findings.</span></p>')
    else:
        parts.append('<nav><h2 style="--sev:#555">目录 <span class="en" lang="en">Contents</span></h2><ol>')
        for i, (rule, findings) in enumerate(groups, 1):
            parts.append(
                f'<li><a href="#rule-{i}">{badge(findings[0].severity)} {e(rule.rule_id or "—")} '
                f"{e(rule.label.zh)}</a> ({len(findings)})</li>"
            )
        parts.append("</ol></nav>")
        for i, (rule, findings) in enumerate(groups, 1):
            parts += _rule_section(i, rule, findings)
    parts += [
        f'<p class="note">policykg · 引擎 engine {e(report.engine)} · 基准日 as of {e(report.as_of.isoformat())}</p>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _rule_section(i: int, rule: Rule, findings: list[Finding]) -> list[str]:
    sev = findings[0].severity
    out = [
        f'<section class="rule" id="rule-{i}" style="{sev_style(sev)}">',
        f"<h2>{i}. {badge(sev)} {e(rule.rule_id or '—')} · {bi(rule.label.zh, rule.label.en, sep=' / ')}</h2>",
        '<div class="meta">',
        f"<p>规则 Rule: <code>{e(rule.curie)}</code> · {len(findings)} 项 finding{'s' if len(findings) != 1 else ''}</p>",
    ]
    if not rule.sources:
        out.append("<p>依据 Source: （规则未注明出处） <span class=\"en\" lang=\"en\">(the rule names no source)</span></p>")
    for src in rule.sources:
        ev = evidence_line(src)
        ev_html = f" · {bi(ev.zh, ev.en, sep=' / ')}" if ev else ""
        out.append(f"<p><strong>依据 Source:</strong> {bi(src.citation_zh, src.citation_en, sep=' / ')}{ev_html}</p>")
        if src.quote:
            qh = quote_heading(src)
            out.append(f'<p class="note">{bi(qh.zh, qh.en, sep=" / ")}</p>')
            out.append(f"<blockquote>{e(src.quote.strip())}</blockquote>")
    if rule.fix:
        out.append(f"<p><strong>建议 Fix:</strong> {bi(rule.fix.zh, rule.fix.en)}</p>")
    out.append("</div>")
    out.append(
        "<table><thead><tr><th>#</th><th>文件或对象 Document / node</th><th>问题 Problem</th>"
        "<th>属性 Property</th><th>取值 Value</th></tr></thead><tbody>"
    )
    for j, f in enumerate(findings, 1):
        prop = bi(f.path.label.zh, f.path.label.en) if f.path else "—"
        value = bi(f.value.text.zh, f.value.text.en) if f.value else "—"
        for name, v in f.details:
            zh, en = variable_label(name)
            value += f"<br>{e(zh)} {e(en)}: {bi(v.text.zh, v.text.en)}"
        out.append(
            f"<tr><td>{i}.{j}</td><td>{bi(f.focus.name_zh, f.focus.name_en)}</td>"
            f"<td>{bi(f.message.zh, f.message.en)}</td><td>{prop}</td><td>{value}</td></tr>"
        )
    out += ["</tbody></table>", "</section>"]
    return out
