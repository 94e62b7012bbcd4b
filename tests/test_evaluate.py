"""`policykg evaluate`: the draft 实施后评估报告 of the Weihai documents, in Markdown, HTML and .docx.

What a user sees: the genre's four parts, every figure the seed reports, the two things the seed's manual process
missed (validity period under 山东省行政程序规定 第53条; no 存在的问题 part), a trace behind every sentence, and
no figure the seed does not contain.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import run_cli
from docx import Document
from docx.oxml.ns import qn

from policykg.evaluate import draft_report, read_docx_footnotes, render
from policykg.resources import resource_dir

DOCS = ("威政发〔2023〕5号", "威政字〔2023〕40号")
AS_OF = "2025-12-05"
SEED = (resource_dir("data") / "sources/seed/000_a338d5221d2dbc76.txt").read_text(encoding="utf-8")
HEADINGS = ("一、评估工作的基本情况", "二、评估内容分析和依据", "（一）合法性和规范性", "（二）实施情况及效果",
            "（三）存在的问题", "三、评估结论", "四、下步工作打算")
# figures that are citations, not reported results: article and order numbers, 文号, dates, section numbers, and
# the year of a cited law's version (2011年《山东省行政程序规定》, 2024年施行的…令第353号)
CITATION_RE = re.compile(r"第\d+条|令第\d+号|〔\d{4}〕\d+号|\d{4}-\d{2}-\d{2}|第\d+段|\(\d{4}-\d{4}\)"
                         r"|\d{4}年(?=《|施行的)")


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", CITATION_RE.sub(" ", text)))


SEED_FIGURES = set(re.findall(r"\d+(?:\.\d+)?", SEED))


@pytest.fixture(scope="module")
def report():
    """The draft built once through the API (the CLI run below is the docx acceptance)."""
    return draft_report(DOCS, as_of=dt.date.fromisoformat(AS_OF))


@pytest.fixture(scope="module")
def markdown(report) -> str:
    return render(report, "markdown").decode("utf-8")


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("evaluate") / "评估报告.docx"
    r = run_cli("evaluate", *DOCS, "--as-of", AS_OF, "--format", "docx", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return out


@pytest.mark.slow
def test_markdown_has_the_genre_parts_in_order(markdown):
    positions = [markdown.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    for n, heading in enumerate(("自主创新能力不断增强", "产业集群效应更加凸显", "创新平台布局显著优化",
                                 "科技交流合作持续深化", "创新创业人才加速集聚", "成果转化服务体系不断完善"), 1):
        assert f"#### {n}.{heading}" in markdown


@pytest.mark.slow
def test_every_figure_of_the_seed_results_is_in_the_draft(markdown):
    body = markdown.split("\n---\n")[0]
    for figure in ("1700", "986", "2980", "1844", "26", "73%", "30", "160", "314", "243", "500", "200", "29", "24",
                   "304", "12", "80", "2000万元", "253", "7家", "百余项", "2个产业集群", "4个山东省"):
        assert figure in body, figure


@pytest.mark.slow
def test_the_draft_states_what_the_seed_missed(markdown):
    legality = markdown[markdown.index("（一）合法性和规范性"):markdown.index("（二）实施情况及效果")]
    assert "山东省行政程序规定第53条要求载明有效期" in legality
    problems = markdown[markdown.index("（三）存在的问题"):markdown.index("三、评估结论")]
    assert "评估报告称评估了“存在的问题”，但报告中没有这一部分。" in problems
    conclusion = markdown[markdown.index("三、评估结论"):markdown.index("四、下步工作打算")]
    assert "评估报告建议《意见》《方案》继续执行，暂不设置有效期。" in conclusion
    assert "《方案》未载明有效期，评估又建议暂不设置" in conclusion


@pytest.mark.slow
def test_every_markdown_sentence_has_a_defined_footnote(markdown):
    body, notes = markdown.split("\n---\n")
    defined = set(re.findall(r"^\[\^(\d+)\]:", notes, flags=re.MULTILINE))
    for line in body.splitlines():
        if not line or line.startswith(("#", "（草稿", "|---", "| 上位文件 |")):
            continue
        refs = re.findall(r"\[\^(\d+)\]", line)
        assert refs and line.rstrip(" |").endswith("]"), f"sentence without a trace: {line[:60]}"
        assert set(refs) <= defined
        sentences = [s for s in re.split(r"\[\^\d+\]", line) if s.strip(" |")]
        assert len(sentences) <= len(refs) + (1 if line.startswith("|") else 0)


@pytest.mark.slow
def test_coverage_table_lists_the_directives_provisions(markdown):
    assert "上位文件条款落实情况：所列条款均没有举措落实。" in markdown
    assert markdown.count("无举措落实[^") == 7


@pytest.mark.slow
def test_docx_reads_back_with_a_footnote_per_sentence_and_only_seed_figures(docx_file):
    data = docx_file.read_bytes()
    doc = Document(str(docx_file))
    notes = read_docx_footnotes(data)
    texts = [p.text for p in doc.paragraphs]
    assert any(t == "四、下步工作打算" for t in texts)
    refs = 0
    for p in doc.paragraphs:
        if p.style.name.startswith(("Heading", "Title")) or not p.text.strip() or p.text.startswith("（草稿"):
            continue
        ids = [r.get(qn("w:id")) for r in p._p.iter(qn("w:footnoteReference"))]
        assert ids, f"paragraph without a footnote: {p.text[:60]}"
        assert all(int(i) in notes and notes[int(i)] for i in ids)
        refs += len(ids)
        assert _figures(p.text) <= SEED_FIGURES, (p.text[:80], _figures(p.text) - SEED_FIGURES)
    for table in doc.tables:
        for row in table.rows[1:]:
            assert list(row.cells[-1]._tc.iter(qn("w:footnoteReference"))), "table row without a footnote"
            refs += 1
    assert refs == len(notes) > 80
    body = "\n".join(texts)
    assert "国家高新技术企业超1700家" in body and "服务合同额超过2000万元" in body
    assert any("“国家高新技术企业超1700家,较“十三五”末增加986家”" in n and "网页原文，第934–962字符" in n for n in notes.values())


@pytest.mark.slow
def test_html_links_every_sentence_to_its_note(report):
    page = render(report, "html").decode("utf-8")
    spans = page.count('<span class="s">')
    links = re.findall(r'<a href="#n(\d+)"', page)
    assert spans > 40 and len(links) >= spans
    for n in links:
        assert f'<li id="n{n}">' in page
    assert "http" not in page.split("<body>")[0].replace("http-equiv", "")  # no CDN, no remote asset


@pytest.mark.slow
def test_every_sentence_of_the_model_has_a_trace(report):
    sentences = report.sentences()
    assert len(sentences) > 80 and all(s.traces for s in sentences)


@pytest.mark.slow
def test_a_document_without_an_evaluation_gets_parts_that_say_so():
    r = run_cli("evaluate", "国科发创〔2016〕370号", "--as-of", AS_OF)
    assert r.exit_code == 0, r.stderr
    assert "图谱中没有对国科发创〔2016〕370号的实施后评估记录。" in r.stdout
    assert "图谱中没有记录下步工作举措。" in r.stdout


@pytest.mark.parametrize("args, needle", [
    pytest.param(("威政字〔2023〕99号", "--as-of", AS_OF), "威政字〔2023〕99号", marks=pytest.mark.slow),  # loads the data
    ((DOCS[0], "--as-of", "2025-13-01"), "--as-of"),
    ((DOCS[0],), "--as-of"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle, tmp_path):
    out = tmp_path / "x.md"
    r = run_cli("evaluate", *args, "-o", str(out))
    assert r.exit_code == 2
    assert r.stderr.startswith("policykg: error:") and r.stderr.count("\n") == 1 and needle in r.stderr
    assert not out.exists()
