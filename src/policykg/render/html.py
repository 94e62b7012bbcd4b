"""HTML: one self-contained page (inline CSS, no script, no external URL of any kind) that opens offline.

The verdict and the counts by kind first, then the findings in the order a reviewer acts on them — legality
problems, findings to verify, missing procedure records — each on the draft's own sentence; the data gaps in one
collapsed section (one line per kind, each opening to its list); the findings fixed since the previous round; a
status card per document relied on; the provisions quoted. Links are in-page anchors only: each provision to its
text (#prov-N), each document to its card (#doc-…). A print stylesheet puts the 文号 and the date in a running
header and numbers the pages.
"""

from __future__ import annotations

import html as _html

from ..check.report import CheckReport, Finding, LegalSource, Rule, variable_label
from .common import (
    KIND_ORDER,
    baseline_line,
    excerpt_line,
    headline,
    kind_label,
    kind_note,
    kind_sections,
    review_scope_documents,
    review_verdict,
    rules_line,
    scope,
    severity_line,
    since_label,
)

COLOURS = {
    "legality": ("#a4161a", "#fdecea"),
    "verify": ("#8a5300", "#fff4e0"),
    "procedure": ("#5b3a99", "#f1ecfa"),
    "data-gap": ("#55606e", "#f1f3f5"),
}

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 1.2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.55; color: #1b1b1b; }
h1 { font-size: 1.35rem; margin: 0 0 .3rem; }
h2 { font-size: 1.12rem; margin: 1.4rem 0 .5rem; border-left: 6px solid var(--sev, #555); padding-left: .6rem; }
h3 { font-size: 1rem; margin: .9rem 0 .3rem; }
.en { color: #555; }
.verdict { border: 2px solid var(--sev); background: var(--bg); border-radius: .4rem; padding: .5rem .9rem;
           margin: .3rem 0 .6rem; }
.verdict .line { font-size: 1.08rem; font-weight: bold; margin: 0; }
.verdict .en { font-weight: normal; font-size: .92rem; margin: 0; }
ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; padding: 0; margin: .4rem 0 0; }
ul.counts li { font-size: .95rem; }
ul.counts .n { font-weight: bold; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; font-size: .8rem; font-weight: bold;
         color: #fff; background: var(--sev); }
.since { display: inline-block; padding: 0 .35rem; border-radius: .3rem; font-size: .78rem; border: 1px solid #999; }
.since.new { border-color: #a4161a; color: #a4161a; }
.since.unchanged { color: #555; }
section.kind { --sev: #555; }
article.group { border-left: 3px solid var(--sev); padding: .1rem 0 .3rem .8rem; margin: .4rem 0 .9rem; }
.finding { margin: .35rem 0 .6rem; }
.finding .subject { margin: 0; }
.fid { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .8rem; color: #444; }
blockquote.excerpt { margin: .25rem 0; padding: .2rem .7rem; border-left: 3px solid var(--sev); background: var(--bg); }
blockquote.excerpt .loc { display: block; font-size: .8rem; color: #555; }
blockquote.provision { margin: .3rem 0 .6rem 1rem; padding: .2rem .8rem; border-left: 3px solid #bbb;
                       white-space: pre-wrap; background: #fafafa; }
p { margin: .2rem 0; }
.meta p { margin: .15rem 0; }
details.gap { margin: .2rem 0; }
details.gap summary { cursor: pointer; }
details.gap ul { margin: .3rem 0 .5rem; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
.card { border: 1px solid #ccc; border-radius: .3rem; padding: .4rem .8rem; margin: .5rem 0; }
.card.unknown { border-style: dashed; }
.card h3 { margin: .1rem 0 .3rem; }
.card dl { display: grid; grid-template-columns: 9rem 1fr; gap: .1rem .8rem; margin: 0; }
.card dt { color: #555; }
.card dd { margin: 0; }
.note { font-size: .85rem; color: #666; }
.print-header { display: none; }
@page { size: A4; margin: 22mm 16mm 18mm;
        @top-center { content: var(--running, ""); font-size: 9pt; color: #555; }
        @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  article.group, .card, tr, .finding { break-inside: avoid; }
  details.gap > ul { display: block; }
  a { color: inherit; text-decoration: none; }
}
"""


def e(text: object) -> str:
    return _html.escape(str(text), quote=True)


def bi(zh: str, en: str, *, sep: str = "<br>") -> str:
    """Chinese, then English in grey when it differs."""
    if not en or en == zh:
        return e(zh)
    return f'{e(zh)}{sep}<span class="en" lang="en">{e(en)}</span>'


def kind_style(kind: str) -> str:
    fg, bg = COLOURS.get(kind, ("#555", "#f3f3f3"))
    return f"--sev: {fg}; --bg: {bg};"


class _Links:
    """Anchors of the page: provisions (#prov-N, numbered in order of first citation) and document cards."""

    def __init__(self, report: CheckReport):
        self.cards = {c.iri: c.anchor for c in report.cards}
        self.provisions: dict[str, tuple[int, LegalSource]] = {}

    def provision(self, src: LegalSource) -> str:
        if src.iri not in self.provisions:
            self.provisions[src.iri] = (len(self.provisions) + 1, src)
        return f"prov-{self.provisions[src.iri][0]}"

    def document(self, iri: str, text_html: str) -> str:
        anchor = self.cards.get(iri)
        return f'<a href="#{e(anchor)}">{text_html}</a>' if anchor else text_html


def running_header(report: CheckReport) -> str:
    numbers = review_scope_documents(report)
    head = "、".join(numbers[:3]) + (" 等" if len(numbers) > 3 else "")
    return f"{head + ' · ' if head else ''}合法性审核报告 · 基准日 {report.as_of.isoformat()}"


def render(report: CheckReport) -> str:
    links = _Links(report)
    head = headline(report)
    verdict = review_verdict(report)
    worst = next((k for k in KIND_ORDER if report.kind_counts[k] and k != "data-gap"), "data-gap")
    # a CSS string inside <style> (no HTML escaping applies there): escape quotes, backslashes and "<"
    css_running = running_header(report).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    style = CSS.replace('var(--running, "")', f'"{css_running}"')
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>合法性审核报告 Legality review report · {e(report.as_of.isoformat())}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        '<h1>合法性审核报告 <span class="en" lang="en">Legality review report</span></h1>',
        f'<div class="verdict" id="verdict" style="{kind_style(worst if report.findings else "data-gap")}">',
        f'<p class="line">{e(head.zh.split("——")[0])}</p>',
        f'<p class="en" lang="en">{e(verdict.en)}</p>',
        '<ul class="counts">',
    ]
    for kind in KIND_ORDER:
        lab = kind_label(kind)
        parts.append(f'<li style="{kind_style(kind)}"><span class="badge">{e(lab.zh)}</span> '
                     f'<span class="n">{report.kind_counts[kind]}</span> 项 '
                     f'<span class="en" lang="en">{e(lab.en)}</span></li>')
    parts.append("</ul>")
    base = baseline_line(report)
    if base:
        parts.append(f"<p>{bi(base.zh, base.en, sep=' / ')}</p>")
    parts.append(f'<p class="note">{e(head.zh)}</p>')
    parts.append("</div>")

    if not report.findings and not report.fixed:
        parts.append('<p class="verdict-none">未发现问题。 <span class="en" lang="en">No findings.</span></p>')
    for kind, groups in kind_sections(report):
        n = sum(len(fs) for _, fs in groups)
        if not n:  # the verdict already says 0; the first screen is for what there is to act on
            continue
        lab, note = kind_label(kind), kind_note(kind)
        parts.append(f'<section class="kind {e(kind)}" id="kind-{e(kind)}" style="{kind_style(kind)}">')
        parts.append(f"<h2>{e(lab.zh)}（{n} 项） <span class=\"en\" lang=\"en\">{e(lab.en)} ({n})</span></h2>")
        parts.append(f'<p class="note">{bi(note.zh, note.en, sep=" / ")}</p>')
        if kind == "data-gap":
            parts += _gaps(groups, links)
        else:
            for i, (rule, findings) in enumerate(groups, 1):
                parts += _group(kind, i, rule, findings, links)
        parts.append("</section>")
    if report.fixed:
        parts.append('<section class="fixed" id="fixed" style="--sev:#2f7a3d">')
        parts.append(f"<h2>上一轮的问题已改正（{len(report.fixed)} 项） "
                     f"<span class=\"en\" lang=\"en\">Fixed since the previous round</span></h2><ul>")
        for x in report.fixed:
            parts.append(f'<li><span class="since fixed">已改正 fixed</span> <span class="fid">{e(x.id)}</span> '
                         f"{e(x.title_zh)}：{e(x.what_zh)}<br><span class=\"en\" lang=\"en\">"
                         f"{e(x.title_en)}: {e(x.what_en)}</span></li>")
        parts.append("</ul></section>")
    parts += _cards(report)
    parts += _provisions(links)
    sc, rl, sev = scope(report), rules_line(report), severity_line(report)
    parts.append('<section class="scope" id="scope" style="--sev:#555">')
    parts.append('<h2>检查范围 <span class="en" lang="en">Scope</span></h2>')
    parts.append(f"<p>{bi(sc.zh, sc.en)}</p><p>{bi(rl.zh, rl.en, sep=' / ')}</p><p>{bi(sev.zh, sev.en, sep=' / ')}</p>")
    if report.scope == "drafts" and report.documents:
        parts.append("<ul>" + "".join(f"<li>{e(d.name_zh)}</li>" for d in report.documents) + "</ul>")
    parts.append("</section>")
    parts += [
        f'<p class="note">policykg · 引擎 engine {e(report.engine)} · 基准日 as of {e(report.as_of.isoformat())}</p>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _group(kind: str, i: int, rule: Rule, findings: list[Finding], links: _Links) -> list[str]:
    first = findings[0]
    out = [
        f'<article class="group" id="{e(kind)}-{i}">',
        f"<h3>{i}. {e(first.heading.zh)}（{len(findings)} 项） "
        f'<span class="en" lang="en">{e(first.heading.en)}</span></h3>',
    ]
    for f in findings:
        out += _finding(f, links)
    out.append('<div class="meta">')
    for src in rule.sources:
        out.append(_source(src, links))
    if not rule.sources:
        out.append('<p>依据：（规则未注明出处） <span class="en" lang="en">Source: (the rule names no source)</span></p>')
    if rule.fix:
        out.append(f"<p><strong>建议：</strong>{e(rule.fix.zh)}"
                   + (f'<br><span class="en" lang="en"><strong>Fix:</strong> {e(rule.fix.en)}</span>'
                      if rule.fix.en != rule.fix.zh else "") + "</p>")
    out.append(f'<p class="note">规则编号 Rule {e(rule.rule_id or "—")}</p>')
    out += ["</div>", "</article>"]
    return out


def _finding(f: Finding, links: _Links) -> list[str]:
    since = since_label(f.since)
    tag = f' <span class="since {e(f.since)}">{e(since.zh)} {e(since.en)}</span>' if since else ""
    subject = links.document(f.focus.iri, e(f.focus.name_zh)) if f.focus.is_document else e(f.focus.name_zh)
    out = [f'<div class="finding" id="f-{e(f.id)}">',
           f'<p class="subject"><span class="fid">{e(f.id)}</span>{tag} {subject}</p>']
    ex = excerpt_line(f)
    if ex is not None and f.excerpt is not None:
        lead = "原文" if f.excerpt.states else "原文未写明；相关位置"
        out.append(f'<blockquote class="excerpt">{e(f.excerpt.text)}'
                   f'<span class="loc">{e(lead)}：{e(f.excerpt.location_zh)}</span></blockquote>')
    if f.message:
        out.append(f"<p>问题：{e(f.message.zh)}"
                   + (f'<br><span class="en" lang="en">Problem: {e(f.message.en)}</span>'
                      if f.message.en != f.message.zh else "") + "</p>")
    mentioned = []
    if f.value is not None and f.value.node is not None:
        mentioned.append(("所涉", "concerns", f.value))
    mentioned += [(*variable_label(name), v) for name, v in f.details if v.node is not None]
    for zh, en, v in mentioned:
        if v.node is not None and v.node.iri in links.cards:
            out.append(f'<p class="note">{e(zh)} {e(en)}：{links.document(v.node.iri, e(v.text.zh))}（见状态卡 see card）</p>')
    out.append("</div>")
    return out


def _source(src: LegalSource, links: _Links) -> str:
    anchor = links.provision(src)
    ev = f"（证据等级 {e(src.evidence.zh)}）" if src.evidence else ""
    ev_en = f" (evidence {e(src.evidence.en)})" if src.evidence else ""
    text_link = f' <a href="#{anchor}">条文 text</a>' if src.quote else ""
    return (f'<p>依据：{e(src.citation_zh)}{ev}{text_link}<br>'
            f'<span class="en" lang="en">Source: {e(src.citation_en)}{ev_en}</span></p>')


def _gaps(groups: list[tuple[Rule, list[Finding]]], links: _Links) -> list[str]:
    from ..review.kinds import why_of

    out = []
    for rule, findings in groups:
        title = findings[0].heading
        why = why_of(rule.iri)
        out.append(f'<details class="gap" id="gap-{e(rule.iri.rsplit("/", 1)[-1])}"><summary>{e(title.zh)} '
                   f'<strong>{len(findings)} 项</strong>' + (f"（{e(why)}）" if why else "")
                   + f' <span class="en" lang="en">{e(title.en)}: {len(findings)}</span></summary><ul>')
        for f in findings:
            quote = f"：“{e(f.excerpt.text)}”" if f.excerpt is not None and f.excerpt.states else ""
            out.append(f'<li><span class="fid">{e(f.id)}</span> {e(f.focus.name_zh)}{quote}</li>')
        srcs = "；".join(f'<a href="#{links.provision(s)}">{e(s.citation_zh)}</a>' if s.quote else e(s.citation_zh)
                        for s in rule.sources)
        out.append("</ul>" + (f'<p class="note">依据 Source：{srcs}</p>' if srcs else "") + "</details>")
    return out


def _cards(report: CheckReport) -> list[str]:
    if not report.cards:
        return []
    out = ['<section class="cards" id="cards" style="--sev:#1f5f99">',
           f"<h2>所依据文件的状态（基准日 {e(report.as_of.isoformat())}） "
           '<span class="en" lang="en">Status of the documents relied on</span></h2>']
    for c in report.cards:
        cls = "card" if c.known and c.status else "card unknown"
        out.append(f'<div class="{cls}" id="{e(c.anchor)}"><h3>{e(c.name_zh)}</h3><dl>')
        rows = [
            ("文号 Number", e(c.number or "—")),
            ("制定机关 Issuer", e(c.issuer or "不明 unknown")),
            ("效力级别 Rank", bi(*c.rank, sep=" / ") if c.rank else "不明 unknown"),
            (f"时效性 Status（{report.as_of.isoformat()}）",
             bi(*c.status, sep=" / ") if c.status else
             "不明 unknown" + (f"：{bi(*c.why_unknown, sep=' / ')}" if c.why_unknown else "")),
        ]
        if c.dates:
            rows.append(("日期 Dates", "；".join(f"{e(zh)} {e(d)}" for zh, _en, d in c.dates)))
        if c.chain:
            rows.append(("其依据 Rests on", " → ".join(e(n) for n in c.chain)))
        if c.cited_by:
            rows.append(("引用 Cited by", "；".join(f"{e(who)}（{e(zh)}）" for who, zh, _ in c.cited_by)))
        if c.finding_ids:
            rows.append(("相关问题 Findings", "、".join(f'<a href="#f-{e(i)}">{e(i)}</a>' for i in c.finding_ids)))
        out += [f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows]
        out.append("</dl></div>")
    out.append("</section>")
    return out


def _provisions(links: _Links) -> list[str]:
    quoted = [(n, src) for n, src in links.provisions.values() if src.quote]
    if not quoted:
        return []
    out = ['<section class="provisions" id="provisions" style="--sev:#555">',
           '<h2>引用条文 <span class="en" lang="en">Provisions cited</span></h2>']
    for n, src in sorted(quoted, key=lambda x: x[0]):
        if src.quote_language == "zh":
            head = "条文原文" if src.quote_kind == "text" else "研究笔记摘要（非条文原文）"
            out.append(f'<h3 id="prov-{n}">{e(src.citation_zh)}</h3><p class="note">{e(head)}</p>'
                       f'<blockquote class="provision">{e((src.quote or "").strip())}</blockquote>')
        else:
            head = "Research note, not the provision's text" if src.quote_kind == "summary" else "Text"
            out.append(f'<h3 id="prov-{n}">{e(src.citation_zh)} <span class="en" lang="en">{e(src.citation_en)}'
                       f'</span></h3><p class="note">条文原文未收录 <span class="en" lang="en">{e(head)}:</span></p>'
                       f'<blockquote class="provision" lang="en">{e((src.quote or "").strip())}</blockquote>')
    out.append("</section>")
    return out
