"""Wording and layout shared by the renderers: severity names, the summary sentence, scope, width-aware wrap."""

from __future__ import annotations

import re
from collections import Counter

from ..check.report import CheckReport, LegalSource
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
