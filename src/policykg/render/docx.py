"""DOCX: the check as a 合法性审核意见书 a reviewer completes and signs (python-docx).

Laid out as such opinions are: the title 关于……的合法性审核意见书 and a number to fill in; the document under review
(文号, title, issuer, date); the basis of the review (the provisions the findings rest on); the findings, by what
the reviewer does with them, each with the draft's own sentence, the problem, its source and the change to make;
the data gaps in one short list; the status of the documents relied on; the system's preliminary view and an empty
审核结论 for the reviewer; the signature block. The running header carries the 文号 and the date, the footer the
page number. Chinese only: the 意见书 is the document a Chinese organ files (the other formats are bilingual).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from ..check.report import CheckReport, Finding, Rule
from ..safetext import for_markup
from .common import KIND_ORDER, kind_label, kind_sections, review_scope_documents, review_verdict, since_label

NUMERALS = "一二三四五六七八九十"
FONT = "SimSun"  # 宋体, as official documents are set; Word substitutes when absent


def _doc_name(report: CheckReport) -> str:
    if report.scope == "drafts" and report.documents:
        d = report.documents[0]
        return (d.title or d.name_zh).strip("《》") + ("等" if len(report.documents) > 1 else "")
    return "所检查文件"


def render(report: CheckReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for style in ("Title", "Heading 1", "Heading 2"):
        doc.styles[style].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    # running header (文号 · date) and page numbers
    section = doc.sections[0]
    numbers = review_scope_documents(report)
    header = section.header.paragraphs[0]
    header.text = _safe(f"{'、'.join(numbers) + ' · ' if numbers else ''}合法性审核意见书 · 基准日 {report.as_of.isoformat()}")
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field(footer.add_run(), "PAGE", OxmlElement, qn)
    footer.add_run(" 页 / 共 ")
    _field(footer.add_run(), "NUMPAGES", OxmlElement, qn)
    footer.add_run(" 页")

    title = _para(doc, style="Title")
    title.add_run(_safe(f"关于《{_doc_name(report)}》的合法性审核意见书"))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = _para(doc, "审核意见书编号：＿＿＿＿＿＿＿＿　　送审单位：＿＿＿＿＿＿＿＿　　收件日期：＿＿＿＿年＿＿月＿＿日")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    n = 0

    def heading(text: str) -> None:
        nonlocal n
        _heading(doc, f"{NUMERALS[n]}、{text}", level=1)
        n += 1

    heading("送审文件")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("文号", "标题", "文件类别", "草案文件")):
        cell.text = _safe(text)
    docs = report.documents if report.scope == "drafts" else ()
    for d in docs:
        row = table.add_row().cells
        row[0].text = _safe(d.number or "（未写明文号）")
        row[1].text = _safe((d.title or d.name_zh).strip("《》"))
        row[2].text = _safe(d.form.zh or "—")
        row[3].text = _safe("、".join(report.drafts) or "—")
    if not docs:
        row = table.add_row().cells
        row[0].text, row[1].text = "—", f"全部数据（{len(report.documents)} 份文件）"
        row[2].text = row[3].text = "—"

    heading("审核依据")
    cited: dict[str, str] = {}
    for f in report.findings:
        for src in f.rule.sources:
            cited.setdefault(src.iri, src.citation_zh)
    if cited:
        for citation in cited.values():
            _para(doc, citation, style="List Bullet")
    _para(doc, f"规则库共 {report.rule_count} 条规则，每条注明所依据的条款；本意见书只列出与所发现问题有关的条款。")

    heading("审核发现")
    counts = report.kind_counts
    _para(doc, "；".join(f"{kind_label(k).zh} {counts[k]} 项" for k in KIND_ORDER) + "。")
    if report.baseline is not None:
        new = sum(1 for f in report.findings if f.since == "new")
        _para(doc, f"与上一轮意见（{report.baseline}）相比：新增 {new} 项，已改正 {len(report.fixed)} 项。")
        for f in report.findings:
            if f.since == "new":
                value = f"（{f.value.text.zh}）" if f.value is not None and f.value.node is not None else ""
                _para(doc, f"新增：{f.id} {f.heading.zh}：{f.focus.name_zh}{value}", style="List Bullet")
    sub = 0
    for kind, groups in kind_sections(report):
        total = sum(len(fs) for _, fs in groups)
        if not total:
            continue
        sub += 1
        _heading(doc, f"（{NUMERALS[sub - 1]}）{kind_label(kind).zh}（{total} 项）", level=2)
        if kind == "data-gap":
            from ..review.kinds import why_of

            for rule, findings in groups:
                why = why_of(rule.iri)
                _para(doc, f"{findings[0].heading.zh}：{len(findings)} 项" + (f"（{why}）" if why else ""),
                                  style="List Bullet")
            _para(doc, "以上为数据未记录的事项，不是文件本身的问题，但限制了核查范围；逐项清单见 JSON 或 HTML 报告。")
            continue
        for i, (rule, findings) in enumerate(groups, 1):
            _group(doc, i, rule, findings)
    if report.fixed:
        _heading(doc, f"（{NUMERALS[sub]}）上一轮意见已改正事项（{len(report.fixed)} 项）", level=2)
        for x in report.fixed:
            _para(doc, f"{x.id} {x.title_zh}：{x.what_zh}", style="List Bullet")
    if not report.findings:
        _para(doc, "未发现问题。")

    if report.cards:
        heading("所依据文件的状态")
        t = doc.add_table(rows=1, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ("文件", "制定机关", "效力级别", f"时效性（{report.as_of.isoformat()}）", "日期")):
            cell.text = _safe(text)
        for c in report.cards:
            row = t.add_row().cells
            row[0].text = _safe(c.name_zh)
            row[1].text = _safe(c.issuer or "不明")
            row[2].text = _safe(c.rank[0] if c.rank else "不明")
            row[3].text = _safe(c.status[0] if c.status else "不明：" + (c.why_unknown[0] if c.why_unknown else ""))
            row[4].text = _safe("；".join(f"{zh} {d}" for zh, _en, d in c.dates) or "—")

    heading("审核结论")
    _para(doc, f"系统初步意见（供参考，不代替审核结论）：{review_verdict(report).zh}。")
    _para(doc, "审核结论（由审核人员填写）：")
    for option in ("□ 合法，同意按程序提请审议或发布", "□ 按上述意见修改后，可提请审议或发布", "□ 不合法，不同意提请审议或发布"):
        _para(doc, option)
    _para(doc, "具体意见：" + "＿" * 30)
    for _ in range(3):
        _para(doc, "＿" * 36)

    _para(doc, "")
    for line in ("审核人员：＿＿＿＿＿＿　　复核人员：＿＿＿＿＿＿", "审核机构（盖章）：＿＿＿＿＿＿＿＿＿＿",
                 "日期：＿＿＿＿年＿＿月＿＿日"):
        _para(doc, line).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    props = doc.core_properties
    props.title = f"合法性审核意见书 {'、'.join(numbers)}".strip()
    props.subject = f"基准日 {report.as_of.isoformat()}"
    props.author = props.last_modified_by = "policykg"
    moment = _dt.datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    props.created = props.modified = moment
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue(), moment)


def _fixed_zip(data: bytes, moment: _dt.datetime) -> bytes:
    """The same package with every entry dated *moment*: one report, one file, byte for byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def _group(doc, i: int, rule: Rule, findings: list[Finding]) -> None:
    first = findings[0]
    _para(doc, f"{i}. {first.heading.zh}（{len(findings)} 项）", style="List Number").runs[0].bold = True
    for f in findings:
        since = since_label(f.since)
        _para(doc, f"{f.id}{'（' + since.zh + '）' if since else ''}　{f.focus.name_zh}")
        if f.excerpt is not None:
            lead = "原文" if f.excerpt.states else "原文未写明；相关位置"
            p = _para(doc, f"{lead}（{f.excerpt.location_zh}）：“{f.excerpt.text}”")
            p.paragraph_format.left_indent = doc.styles["Normal"].font.size * 2
        if f.message:
            _para(doc, f"问题：{f.message.zh}")
    for src in rule.sources:
        text = f"依据：{src.citation_zh}"
        if src.evidence:
            text += f"（证据等级 {src.evidence.zh}）"
        if src.quote and src.quote_language == "zh":
            label = "条文原文" if src.quote_kind == "text" else "研究笔记摘要（非条文原文）"
            text += f"。{label}：“{src.quote.strip()}”"
        elif src.quote:
            text += "。条文原文未收录（仅有英文研究笔记）"
        _para(doc, text)
    if rule.fix:
        _para(doc, f"修改意见：{rule.fix.zh}")


def _safe(text: str) -> str:
    """Data is untrusted: characters XML may not carry become U+FFFD (policykg.safetext)."""
    return for_markup(str(text))


def _para(doc, text: str = "", style: str | None = None):
    return doc.add_paragraph(_safe(text), style=style)


def _heading(doc, text: str, level: int):
    return doc.add_heading(_safe(text), level=level)


def _field(run, code: str, OxmlElement, qn) -> None:
    """A Word field (PAGE, NUMPAGES) in *run*."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)
