"""Wording and layout shared by the renderers: severity names, the summary sentence, scope, width-aware wrap."""

from __future__ import annotations

import re
from collections import Counter

from ..check.report import CheckReport, Finding, LegalSource, Rule
from ..review.kinds import KINDS
from ..words import SEVERITIES, SEVERITY_LABELS, Bilingual, char_width, display_width

EN_PLURAL = {"Violation": ("violation", "violations"), "Warning": ("warning", "warnings"), "Info": ("info", "infos")}


def severity_zh(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, (severity, severity))[0]


def severity_en(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, (severity, severity))[1]


def verdict(report: CheckReport) -> Bilingual:
    """通过 / PASSED when nothing was found, else 不通过 / FAILED."""
    if report.conforms:
        return Bilingual("通过", "PASSED")
    if report.counts.get("Violation"):
        return Bilingual("不通过", "FAILED")
    return Bilingual("有待处理的警告或提示", "WARNINGS")


def summary(report: CheckReport) -> Bilingual:
    """The one-sentence result, e.g. 合规检查：不通过——违规 3 项、警告 1 项、提示 0 项（基准日 2026-11-26）."""
    v = verdict(report)
    counts = report.counts
    zh_counts = "、".join(f"{severity_zh(s)} {counts[s]} 项" for s in SEVERITIES)
    en_counts = ", ".join(
        f"{counts[s]} {EN_PLURAL[s][0 if counts[s] == 1 else 1]}" for s in SEVERITIES
    )
    return Bilingual(
        f"合规检查：{v.zh}——{zh_counts}（基准日 {report.as_of.isoformat()}）",
        f"Compliance check: {v.en} — {en_counts} (as of {report.as_of.isoformat()})",
    )


def scope(report: CheckReport) -> Bilingual:
    """What was checked: the whole graph, or the drafts (by file)."""
    n = len(report.documents)
    if report.scope == "drafts":
        files = "、".join(report.drafts) or "—"
        return Bilingual(
            f"检查范围：草案 {files}（{n} 份文件），对照登记库；登记库文件本身的问题不在本报告内",
            f"Scope: draft(s) {', '.join(report.drafts) or '—'} ({n} document{'s' if n != 1 else ''}) "
            "against the registry; findings about registry documents are not reported",
        )
    counts = Counter((d.form.zh or "文件", d.form.en or "document") for d in report.documents)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    parts_zh = "，".join(f"{zh} {k}" for (zh, _en), k in ordered)
    parts_en = ", ".join(f"{k} {en}" for (_zh, en), k in ordered)
    return Bilingual(
        f"检查范围：全部数据，{n} 份文件" + (f"（{parts_zh}）" if parts_zh else ""),
        f"Scope: the whole graph, {n} document{'s' if n != 1 else ''}" + (f" ({parts_en})" if parts_en else ""),
    )


def rules_line(report: CheckReport) -> Bilingual:
    return Bilingual(
        f"规则 {report.rule_count} 条；引擎 {report.engine}",
        f"{report.rule_count} rules; engine {report.engine}",
    )


def quote_heading(source: LegalSource) -> Bilingual:
    """How to introduce a source's text: the provision itself, or a research note's account of it."""
    if source.quote_kind == "summary":
        return Bilingual("研究笔记摘要（非条文原文）", "research-note summary, not the provision's own text")
    return Bilingual("条文原文", "text of the provision")


def evidence_line(source: LegalSource) -> Bilingual | None:
    if source.evidence is None:
        return None
    return Bilingual(f"证据等级 {source.evidence.zh}", f"evidence {source.evidence.en}")


# ----------------------------------------------------------------------------------------------------------------
# Width-aware wrapping (CJK characters take two columns in a terminal)
# ----------------------------------------------------------------------------------------------------------------

_NO_LINE_START = set("，。、；：！？）」』》〉”’,.;:!?)]}%")
_NO_LINE_END = set("(（[「『《〈“‘")


def _tokens(text: str) -> list[str]:
    """Split into breakable units: each wide character alone, Latin words with their trailing spaces."""
    tokens: list[str] = []
    buf = ""
    for ch in text:
        if char_width(ch) == 2:
            if buf and buf[-1] in _NO_LINE_END:
                # keep an opening bracket with the character it opens
                if buf[:-1]:
                    tokens.append(buf[:-1])
                tokens.append(buf[-1] + ch)
            else:
                if buf:
                    tokens.append(buf)
                tokens.append(ch)
            buf = ""
        elif ch == " ":
            buf += ch
            tokens.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        tokens.append(buf)
    merged: list[str] = []
    for tok in tokens:
        if merged and merged[-1] and merged[-1][-1] in _NO_LINE_END:
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


def wrap(text: str, width: int = 100, indent: str = "", subsequent_indent: str | None = None) -> list[str]:
    """Wrap *text* to *width* display columns; paragraphs (newlines) are kept.

    Closing punctuation never starts a line: the character before it moves down with it.
    """
    subsequent_indent = indent if subsequent_indent is None else subsequent_indent
    lines: list[str] = []
    prefix = indent
    for para in text.split("\n"):
        if not para.strip():
            lines.append(prefix.rstrip())
            prefix = subsequent_indent
            continue
        current: list[str] = []
        used = display_width(prefix)
        for tok in _tokens(para):
            if current and used + display_width(tok.rstrip()) > width:
                carried: list[str] = []
                if tok[0] in _NO_LINE_START and len(current) > 1:
                    carried = [current.pop().lstrip()]
                lines.append((prefix + "".join(current)).rstrip())
                prefix = subsequent_indent
                current = carried
                tok = tok if carried else tok.lstrip()
                used = display_width(prefix) + sum(display_width(t) for t in current)
            current.append(tok)
            used += display_width(tok)
        lines.append((prefix + "".join(current)).rstrip())
        prefix = subsequent_indent
    return lines


def truncate(text: str, limit: int) -> str:
    """At most *limit* characters, cut at a sentence end when one is near, with … (JSON/HTML carry the full text)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[:limit]
    # a sentence ends after 。 or ；, at a line break, or after a full stop that does not number a list item
    ends = [m.end() for m in re.finditer(r"[。；]|\n|(?<![0-9])\.(?=\s)", head)]
    cut = max(ends, default=0)
    if cut < limit * 0.6:
        cut = limit - 1
    return head[:cut].rstrip() + "…"


# ----------------------------------------------------------------------------------------------------------------
# The reviewer's view: verdict, sections by kind, the draft's sentence, sources on the line of their language
# ----------------------------------------------------------------------------------------------------------------

KIND_ORDER = KINDS  # the report order of finding kinds (policykg.review.kinds)
KIND_EN_PLURAL = {
    "legality": ("legality problem", "legality problems"),
    "verify": ("finding to verify", "findings to verify"),
    "procedure": ("procedure record missing", "procedure records missing"),
    "data-gap": ("data gap", "data gaps"),
}
KIND_ZH_SHORT = {"legality": "合法性问题", "verify": "待核实", "procedure": "程序材料缺失", "data-gap": "数据缺口"}


def kind_label(kind: str) -> Bilingual:
    from ..review.kinds import label

    lab = label(kind)
    return Bilingual(lab.zh, lab.en)


def kind_note(kind: str) -> Bilingual:
    from ..review.kinds import label

    lab = label(kind)
    return Bilingual(lab.zh_note, lab.en_note)


def review_verdict(report: CheckReport) -> Bilingual:
    """What stands between the documents and publication, in the reviewer's terms."""
    k = report.kind_counts
    if k["legality"]:
        return Bilingual("不通过，须改正后方可发布", "NOT PASSED — to be corrected before publication")
    if k["verify"] or k["procedure"]:
        return Bilingual("待核实，核实、补齐后再出具审核意见", "TO VERIFY — check and complete before an opinion")
    if report.findings:
        return Bilingual("未发现须改正或核实的问题（数据缺口见文末）", "PASSED — no problem to correct or verify "
                         "(data gaps listed at the end)")
    return Bilingual("通过，未发现问题", "PASSED — no findings")


def gap_kinds(report: CheckReport) -> int:
    return len({f.rule.iri for f in report.findings if f.kind == "data-gap"})


def headline(report: CheckReport) -> Bilingual:
    """The first line: 合法性审核：<verdict>——合法性问题 N 项、待核实 N 项、程序材料缺失 N 项、数据缺口 N 项（基准日 …）."""
    k = report.kind_counts
    v = review_verdict(report)
    zh = "、".join(f"{KIND_ZH_SHORT[kind]} {k[kind]} 项" for kind in KIND_ORDER)
    en = ", ".join(f"{k[kind]} {KIND_EN_PLURAL[kind][0 if k[kind] == 1 else 1]}" for kind in KIND_ORDER)
    day = report.as_of.isoformat()
    return Bilingual(f"合法性审核：{v.zh}——{zh}（基准日 {day}）", f"Legality review: {v.en} — {en} (as of {day})")


def severity_line(report: CheckReport) -> Bilingual:
    c = report.counts
    return Bilingual(
        "按规则严重程度：" + "、".join(f"{severity_zh(s)} {c[s]} 项" for s in SEVERITIES),
        "By rule severity: " + ", ".join(f"{c[s]} {EN_PLURAL[s][0 if c[s] == 1 else 1]}" for s in SEVERITIES),
    )


def baseline_line(report: CheckReport) -> Bilingual | None:
    """与上一轮相比：新增 N 项、已改正 N 项、未改 N 项 — when the check was made with --baseline."""
    if report.baseline is None:
        return None
    new = sum(1 for f in report.findings if f.since == "new")
    same = sum(1 for f in report.findings if f.since == "unchanged")
    fixed = len(report.fixed)
    name = report.baseline
    return Bilingual(
        f"与上一轮（{name}）相比：新增 {new} 项、已改正 {fixed} 项、未改 {same} 项",
        f"Since the previous round ({name}): {new} new, {fixed} fixed, {same} unchanged",
    )


SINCE_LABELS = {"new": Bilingual("新增", "new"), "unchanged": Bilingual("未改", "unchanged"),
                "fixed": Bilingual("已改正", "fixed")}


def since_label(since: str | None) -> Bilingual | None:
    return SINCE_LABELS.get(since or "")


def kind_sections(report: CheckReport) -> list[tuple[str, list[tuple[Rule, list[Finding]]]]]:
    """The findings by kind, in the order a reviewer acts, each kind grouped by rule (report order kept)."""
    out: list[tuple[str, list[tuple[Rule, list[Finding]]]]] = []
    for kind in KIND_ORDER:
        groups: list[tuple[Rule, list[Finding]]] = []
        index: dict[str, int] = {}
        for f in report.findings:
            if f.kind != kind:
                continue
            key = f.rule.iri + "|" + f.severity
            if key not in index:
                index[key] = len(groups)
                groups.append((f.rule, []))
            groups[index[key]][1].append(f)
        out.append((kind, groups))
    return out


def excerpt_line(f: Finding) -> Bilingual | None:
    """The draft's own sentence: 原文（…，第 N 段，第 a–b 字）：“…”, or where the draft is silent."""
    ex = f.excerpt
    if ex is None:
        return None
    if ex.states:
        return Bilingual(f"原文（{ex.location_zh}）：“{ex.text}”", f"Text ({ex.location_en}): “{ex.text}”")
    return Bilingual(f"原文未写明；相关位置（{ex.location_zh}）：“{ex.text}”",
                     f"The text does not state it; nearest ({ex.location_en}): “{ex.text}”")


def source_lines(src: LegalSource, limit: int | None = None) -> Bilingual:
    """依据 on the Chinese line (with the provision's text when it is Chinese), Source on the English line (with a
    research note when that is all there is, labelled as such, in English)."""
    ev = evidence_line(src)
    zh = f"依据：{src.citation_zh}" + (f"（{ev.zh}）" if ev else "")
    en = f"Source: {src.citation_en}" + (f" ({ev.en})" if ev else "")
    if src.quote:
        quote = truncate(src.quote, limit) if limit else src.quote.strip()
        if src.quote_language == "zh":
            zh += f"。{'条文原文' if src.quote_kind == 'text' else '研究笔记摘要（非条文原文）'}：“{quote}”"
        else:
            zh += "。条文原文未收录（仅有英文研究笔记，见英文行）" if src.quote_kind == "summary" else ""
            label = "research note, not the provision's text" if src.quote_kind == "summary" else "text"
            en += f". {label[0].upper() + label[1:]}: “{quote}”"
    return Bilingual(zh, en)


def review_scope_documents(report: CheckReport) -> list[str]:
    """The documents under review by 文号 (for running headers): drafts, else the reviewed documents."""
    docs = report.documents if report.scope == "drafts" else ()
    return [d.number or d.name_zh for d in docs]


def finding_subject(f: Finding) -> Bilingual:
    return Bilingual(f.focus.name_zh, f.focus.name_en)
