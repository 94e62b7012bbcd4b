"""What `policykg ingest` read from a text, in a few bilingual lines for stderr — and what the text does not state."""

from __future__ import annotations

from .. import vocab
from ..ingest.draft import IngestedDraft
from ..ingest.evaluation import IngestedEvaluation
from ..namespaces import CODE


def summary(draft: IngestedDraft, name: str) -> str:
    """A short bilingual account of what was found (and what was not), for stderr."""
    f = draft.facts
    none = "—（未载明 not stated）"
    lines = [f"读取 Read {name} [{draft.source_format}, {len(draft.text)} 字 chars] → <{draft.document}>"]

    def row(zh: str, en: str, value: str | None) -> None:
        lines.append(f"  {zh} {en}: {value if value else none}")

    row("标题", "title", f.title.text if f.title else None)
    row("文号", "number", f.doc_number.text if f.doc_number else None)
    row("发文机关", "issuer", "、".join(s.text for s in f.issuers))
    row("成文日期", "date", f.date_document.value.isoformat() if f.date_document else None)
    row("文种", "genre", f.genre[1].text if f.genre else None)
    row("依据", "based on", "、".join(c.number or f"《{c.title}》" for c in f.bases))
    row("落实", "implements", "、".join(c.number or f"《{c.title}》" for c in f.implemented))
    row("施行日期", "in force from", f.in_force.value.isoformat() if f.in_force else None)
    row("有效期至", "valid until", f.valid_until.value.isoformat() if f.valid_until else None)
    row("有效期", "validity", f"{f.validity_years[0]} 年 years" if f.validity_years else None)
    lines.append(f"  举措 measures: {len(f.measures)}")
    if f.targets:
        lines.append(f"  目标 targets: {len(f.targets)}")
    if f.results:
        lines.append(f"  成效 results: {len(f.results)}")
    lines.append(f"  引用 citations: {len(f.citations)}")
    unresolved = [c for c in f.citations if (c.resolved or {}).get("by") == "unresolved"]
    if unresolved:
        lines.append("  登记库未收录（无法核对） not in the registry: "
                     + "、".join(c.number or f"《{c.title}》" for c in unresolved))
    for r in f.repairs:
        lines.append(f"  文号已修正 number repaired: {r['asWritten']} → {r['repaired']}")
    if f.doc_number_match is not None and f.doc_number_match.number is not None \
            and f.doc_number_match.number.placeholder:
        lines.append("  文号年份为占位或不全，未生成文件标识 placeholder year: no IRI made from the 文号")
    return "\n".join(lines) + "\n"


def _dimension_label(code: str) -> str:
    """The Chinese label of code:dimension-<code> (from the ontology's code lists), else the code."""
    return vocab.label(CODE[f"dimension-{code}"]).zh or code


def evaluation_summary(report: IngestedEvaluation, name: str) -> str:
    """What was read from an evaluation report (and what was not), for stderr."""
    f = report.facts
    none = "—（未载明 not stated）"
    claimed = [_dimension_label(c.code) for c in f.claimed]
    present = {_dimension_label(c) for c in f.present}
    missing = [c for c in claimed if c not in present]
    lines = [f"读取评估报告 Read evaluation report {name} [{report.source_format}, {len(report.text)} 字 chars] → "
             f"<{report.report}>（均为“已提取（待核实）” all marked extracted until a reviewer confirms them）",
             "  评估对象 evaluated: " + ("、".join(f"{e.number or ''}{e.alias or ''}" or e.title for e in f.evaluated)
                                        or none),
             f"  声明维度 dimensions claimed: {'、'.join(claimed) or none}；有其部分 with a part: "
             f"{'、'.join(c for c in claimed if c in present) or none}" + (f"；缺 missing: {'、'.join(missing)}" if missing else ""),
             f"  实施领域 areas: {len(f.areas)}；成效 results: {len(f.results)}；下步举措 next steps: {len(f.planned)}",
             f"  结论 conclusion: {f.conclusion.span.text if f.conclusion else none}；有效期 validity: "
             f"{f.validity.span.text if f.validity else none}"]
    return "\n".join(lines) + "\n"
