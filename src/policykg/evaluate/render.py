"""The draft report as Markdown (footnotes), HTML (one offline file, each sentence linked to its trace) or .docx
(Word footnotes, written with python-docx plus the footnotes part python-docx does not model).

Every sentence gets exactly one note listing its traces; a renderer never drops a trace.
"""

from __future__ import annotations

import html
import io

from ..render.pages import render_page
from .model import DraftReport, Paragraph, Section, Sentence, Trace

FORMATS = ("markdown", "html", "docx")
DRAFT_MARK = "（草稿：由 policykg 依据知识图谱生成，供评估人修改）"


def note_text(traces: tuple[Trace, ...]) -> str:
    return "；".join(t.describe() for t in traces)


def render(report: DraftReport, fmt: str) -> bytes:
    if fmt == "markdown":
        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "docx":
        return render_docx(report)
    raise ValueError(f"unknown format {fmt!r}")


def _walk(sections: list[Section], depth: int = 0):
    for s in sections:
        yield s, depth
        yield from _walk(s.sections, depth + 1)


# -- Markdown ---------------------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[")


def render_markdown(report: DraftReport) -> str:
    notes: list[str] = []
    out = [f"# {_md_escape(report.title)}", "", DRAFT_MARK, ""]

    def ref(traces: tuple[Trace, ...]) -> str:
        notes.append(note_text(traces))
        return f"[^{len(notes)}]"

    def sentence(s: Sentence) -> str:
        return _md_escape(s.text) + ref(s.traces)

    def blocks(bs) -> None:
        for b in bs:
            if isinstance(b, Paragraph):
                out.append("".join(sentence(s) for s in b.sentences))
                out.append("")
            else:
                out.append(sentence(b.caption))
                out.append("")
                out.append("| " + " | ".join(b.header) + " |")
                out.append("|" + "---|" * len(b.header))
                for cells, traces in b.rows:
                    cells = [_md_escape(c).replace("|", "\\|") for c in cells]
                    cells[-1] += ref(traces)
                    out.append("| " + " | ".join(cells) + " |")
                out.append("")

    blocks(report.preamble)
    for s, depth in _walk(report.sections):
        if s.heading:
            out.append(f"{'#' * min(depth + 2, 6)} {_md_escape(s.heading)}")
            out.append("")
        blocks(s.blocks)
    out.append("---")
    out.append("")
    for i, n in enumerate(notes, 1):
        out.append(f"[^{i}]: " + _md_escape(n).replace("\n", "\n    "))
    return "\n".join(out) + "\n"


# -- HTML -------------------------------------------------------------------------------------------------------


class _Notes:
    """The page's notes, numbered as the template cites them (one per sentence or table row)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, traces: tuple[Trace, ...]) -> int:
        self.texts.append(note_text(traces))
        return len(self.texts)


def render_html(report: DraftReport) -> str:
    """The page render/templates/evaluate-draft.html."""
    return render_page("evaluate-draft.html", report=report, mark=DRAFT_MARK, sections=list(_walk(report.sections)),
                       notes=_Notes(), is_paragraph=lambda b: isinstance(b, Paragraph))


# -- docx -------------------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class _Footnotes:
    """The word/footnotes.xml part, added to a python-docx Document, and the references to its notes."""

    def __init__(self, document):
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        part = XmlPart(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, parse_xml(_FOOTNOTES_XML),
                       document.part.package)
        document.part.relate_to(part, _FOOTNOTES_RT)
        # settings name the separator notes, as Word writes them (before w:compat in the schema's order)
        settings = document.settings.element
        pr = parse_xml(f'<w:footnotePr xmlns:w="{_W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        compat = settings.find(f"{{{_W}}}compat")
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)
        self._root = part.element
        self._next = 1
        self._parse_xml = parse_xml

    def add(self, paragraph, text: str) -> None:
        from docx.oxml.ns import qn

        n = self._next
        self._next += 1
        note = self._parse_xml(
            f'<w:footnote xmlns:w="{_W}" w:id="{n}"><w:p>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {html.escape(text)}</w:t></w:r>'
            "</w:p></w:footnote>")
        self._root.append(note)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        va = rpr.makeelement(qn("w:vertAlign"), {qn("w:val"): "superscript"})
        rpr.append(va)
        ref = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(n)})
        run._r.append(ref)


def render_docx(report: DraftReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    notes = _Footnotes(doc)

    head = doc.add_heading(report.title, level=0)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark = doc.add_paragraph(DRAFT_MARK)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def sentences(paragraph, ss) -> None:
        for s in ss:
            paragraph.add_run(s.text)
            notes.add(paragraph, note_text(s.traces))

    def blocks(bs) -> None:
        for b in bs:
            if isinstance(b, Paragraph):
                sentences(doc.add_paragraph(), b.sentences)
            else:
                sentences(doc.add_paragraph(), (b.caption,))
                table = doc.add_table(rows=1, cols=len(b.header))
                table.style = "Table Grid"
                for cell, h in zip(table.rows[0].cells, b.header):
                    cell.text = h
                for cells, traces in b.rows:
                    row = table.add_row().cells
                    for cell, text in zip(row, cells):
                        cell.text = text
                    notes.add(row[-1].paragraphs[0], note_text(traces))

    blocks(report.preamble)
    for s, depth in _walk(report.sections):
        if s.heading:
            doc.add_heading(s.heading, level=min(depth + 1, 9))
        blocks(s.blocks)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def read_docx_footnotes(data: bytes) -> dict[int, str]:
    """The footnotes of a .docx by id (separators left out): how tests and reviewers read the traces back."""
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/footnotes.xml" not in z.namelist():
            return {}
        root = ET.fromstring(z.read("word/footnotes.xml"))
    out = {}
    for fn in root.findall(f"{{{_W}}}footnote"):
        n = int(fn.get(f"{{{_W}}}id") or 0)
        if n > 0:
            out[n] = "".join(t.text or "" for t in fn.iter(f"{{{_W}}}t")).strip()
    return out


__all__ = [
    "FORMATS",
    "note_text",
    "read_docx_footnotes",
    "render",
    "render_docx",
    "render_html",
    "render_markdown",
]
