"""Each report format renders the same fixture report: text, Markdown, self-contained HTML, JSON, Turtle."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from policykg.load import load_files
from policykg.namespaces import DOC, PKG, SH
from policykg.render import FORMATS, render
from policykg.render.common import display_width, wrap
from policykg.check.run import run_check

FIX = Path(__file__).parent / "fixtures" / "check"
AS_OF = dt.date(2026, 11, 26)
RULEBOOK = {"shapes": [FIX / "shapes"], "checks": [FIX / "checks"]}


def fixture_report(*drafts: str, as_of: dt.date = AS_OF, focus=None):
    graph = load_files([FIX / "registry" / "registry.ttl", *(FIX / "drafts" / d for d in drafts)])
    return run_check(graph, as_of=as_of, focus=focus, **RULEBOOK)


@pytest.fixture(scope="module")
def report():
    """Whole-graph check of registry + violating + expired drafts: 4 violations, 1 warning, 1 info."""
    return fixture_report("violating.ttl", "expired.ttl")


@pytest.fixture(scope="module")
def clean_report():
    draft = DOC["威测字-2024-7"]
    return fixture_report("conforming.ttl", as_of=dt.date(2024, 6, 1), focus={draft, f"{draft}/measure-01"})


def test_fixture_report_has_what_the_renderers_need(report):
    assert report.counts == {"Violation": 4, "Warning": 1, "Info": 1}
    # legality problems (violations) first: substance before form (文号 format, R-FMT-02, last); the heavier law
    # first (优化营商环境条例 before the Shandong rule, whose rank this fixture registry does not give); then the
    # findings to verify
    assert [f.rule.rule_id for f in report.findings] == ["R-HIER-05", "R-SD-03", "R-SD-03", "R-FMT-02", "R-CON-01", "R-SD-04"]
    assert [f.kind for f in report.findings] == ["legality"] * 4 + ["verify"] * 2
    assert report.kind_counts == {"legality": 4, "verify": 2, "procedure": 0, "data-gap": 0}
    # every finding has a stable id: the rule's id and a hash of rule, document and value
    assert all(re.fullmatch(r"R-[A-Z]+-\d\d-[0-9a-f]{8}", f.id) for f in report.findings)
    assert len({f.id for f in report.findings}) == 6
    # ordering within a rule: by document number
    validity = [f.focus.document.number for f in report.findings if f.rule.rule_id == "R-SD-03"]
    assert validity == sorted(validity) == ["威测字[2024]08号", "鲁测发〔2022〕3号"]


# --------------------------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------------------------


def test_text_starts_with_the_verdict_in_chinese_then_english(report):
    text = render(report, "text")
    lines = text.splitlines()
    assert "".join(lines[:2]) == ("合法性审核：不通过，须改正后方可发布——合法性问题 4 项、待核实 2 项、程序材料缺失 0 项、"
                                  "数据缺口 0 项（基准日 2026-11-26）")
    assert text.index("Legality review: NOT PASSED") < text.index("按规则严重程度：违规 4 项、警告 1 项、提示 1 项")


def test_text_orders_by_kind_and_groups_findings_by_problem(report):
    text = render(report, "text")
    assert text.index("一、合法性问题（4 项）") < text.index("二、待核实事项（2 项）")
    assert text.index("1.1 依据须在成文日有效（1 项，R-HIER-05）") < text.index("1.2 规范性文件须载明有效期")
    assert text.index("1.2 规范性文件须载明有效期") < text.index("1.3 文号须符合")  # form last
    block = text[text.index("1.2 规范性文件须载明有效期"):text.index("1.3 文号须符合")]
    assert block.index("规范性文件须载明有效期") < block.index("A normative document states its validity period")
    assert block.index("问题：未载明有效期。") < block.index("Problem: No validity period stated.")
    assert block.index("1.2.1 [R-SD-03-") < block.index("威测字[2024]08号") < block.index("1.2.2 [R-SD-03-")
    assert block.index("1.2.2 [R-SD-03-") < block.index("鲁测发〔2022〕3号")
    # the research note is English: it is on the English line, labelled, and the Chinese line says so
    flat = re.sub(r"\s*\n\s*", " ", block)
    assert "条文原文未收录（仅有英文研究笔记，见英文行）" in re.sub(r"\s+", "", block)
    assert "Research note, not the provision's text: “A normative document must state" in flat
    # a query's extra variable, introduced by the label of the property it is named after (eli:based_on)
    assert "依据 based on：鲁测发〔2015〕9号《测试省人民政府关于旧测试工作的通知》" in text
    # the value of a SPARQL result is named, not pasted as an IRI
    assert "问题：依据 鲁测发〔2015〕9号《测试省人民政府关于旧测试工作的通知》 在成文日前已废止。" in text


def test_text_lines_fit_a_terminal(report):
    for line in render(report, "text").splitlines():
        assert display_width(line) <= 100, line


def test_text_of_a_conforming_report(clean_report):
    text = render(clean_report, "text")
    assert text.startswith("合法性审核：通过，未发现问题——合法性问题 0 项、待核实 0 项、程序材料缺失 0 项、数据缺口")
    assert "未发现问题。 No findings." in text


def test_wrap_counts_cjk_as_two_columns_and_keeps_brackets_together():
    lines = wrap("取值：鲁测发〔2015〕9号《测试省人民政府关于旧测试工作的通知》 / Luce Fa [2015] No. 9", 30, "  ", "    ")
    assert all(display_width(line) <= 30 for line in lines)
    assert not any(line.rstrip().endswith(("《", "〔", "(")) for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == (
        "取值：鲁测发〔2015〕9号《测试省人民政府关于旧测试工作的通知》/LuceFa[2015]No.9"
    )


# --------------------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------------------


def test_markdown_has_the_summary_table_contents_and_rule_sections(report):
    md = render(report, "markdown")
    assert md.startswith("# 合法性审核报告 / Legality review report\n")
    assert ("| 类别 Kind | 数量 Count |\n|---|---:|\n| 合法性问题 Legality problems | 4 |\n"
            "| 待核实事项 Findings to verify | 2 |\n| 程序材料缺失 Procedure records missing | 0 |\n"
            "| 数据缺口 Data gaps | 0 |") in md
    assert md.index("## 合法性问题（4 项）") < md.index("## 待核实事项（2 项）")
    assert '<a id="legality-3"></a>' in md
    assert "条文原文：“没有法律、法规或者国务院决定和命令依据的" in md  # the provision quoted
    # 文号 with square brackets is escaped, so Markdown does not read it as a link
    assert "威测字\\[2024\\]08号" in md
    items = [line for line in md.splitlines() if re.match(r"^\d+\. `R-", line)]
    assert len(items) == len(report.findings)


# --------------------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def test_html_is_one_self_contained_page(report):
    page = render(report, "html")
    parser = _Collector()
    parser.feed(page)
    parser.close()
    tags = [t for t, _ in parser.tags]
    assert tags[0] == "html" and "style" in tags and "title" in tags
    assert "script" not in tags and "link" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in parser.tags:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"^\s*(https?:)?//", value), (tag, name, value)
        assert "http" not in (attrs.get("style") or "")
    assert "url(" not in parser.style and "@import" not in parser.style and "@font-face" not in parser.style
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?://""", page)
    # in-page table of contents: every link points at a section that exists
    ids = {a.get("id") for _, a in parser.tags if a.get("id")}
    links = [a["href"] for t, a in parser.tags if t == "a" and "href" in a]
    assert links and all(link.startswith("#") and link[1:] in ids for link in links)
    assert any(link.startswith("#prov-") for link in links)  # each provision links to its text
    assert any(link.startswith("#doc-") for link in links)  # each document relied on to its card


def test_html_shows_summary_sources_and_findings(report):
    page = render(report, "html")
    parser = _Collector()
    parser.feed(page)
    text = " ".join(" ".join(parser.text).split())
    assert "合法性审核：不通过，须改正后方可发布" in text
    assert "山东省行政程序规定 第53条（山东省人民政府令第238号）" in text
    assert "威测字[2024]08号《测试市人民政府关于继续测试工作的通知》" in text
    assert page.count('<div class="finding"') == len(report.findings)
    assert "--sev: #a4161a" in page  # legality problems in red
    # the running header of the print stylesheet and page numbers
    assert '@top-center { content: "合法性审核报告 · 基准日 2026-11-26"' in page
    assert 'counter(page)' in page


HOSTILE = "<script>alert('x')</script> & \"{{ 7*7 }}\" </style>"


def test_html_escapes_what_the_draft_says(tmp_path):
    """A draft's title and labels are text on the page, never markup or template code (autoescape)."""
    turtle_literal = HOSTILE.replace('"', '\\"')
    text = (FIX / "drafts" / "violating.ttl").read_text(encoding="utf-8")
    text = text.replace("测试市人民政府关于继续测试工作的通知", turtle_literal).replace("继续测试工作\"@zh", turtle_literal + "\"@zh")
    (tmp_path / "hostile.ttl").write_text(text, encoding="utf-8")
    graph = load_files([FIX / "registry" / "registry.ttl", tmp_path / "hostile.ttl"])
    page = render(run_check(graph, as_of=AS_OF, **RULEBOOK), "html")
    parser = _Collector()
    parser.feed(page)
    assert [t for t, _ in parser.tags if t in ("script", "style")] == ["style"]
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;{{ 7*7 }}&quot; &lt;/style&gt;"
    assert escaped in page  # … and the template syntax in it stays text
    assert HOSTILE in " ".join(parser.text)  # the reader sees the text as written


# --------------------------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------------------------

FINDING_KEYS = {"id", "kind", "title", "since_baseline", "excerpt", "severity", "rule", "message", "focus", "path",
                "value", "sources", "fix", "component", "details"}


def test_json_has_the_documented_schema(report):
    data = json.loads(render(report, "json"))
    assert data["schema"] == "policykg-check-report" and data["schema_version"] == 1
    assert data["as_of"] == "2026-11-26"
    assert data["conforms"] is False
    assert data["summary"] == {"Violation": 4, "Warning": 1, "Info": 1, "total": 6}
    assert data["scope"]["mode"] == "graph"
    assert len(data["findings"]) == 6
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS
        assert set(f["rule"]) == {"iri", "curie", "kind", "id", "label"}
        assert set(f["focus"]) == {"iri", "kind", "kind_label", "label", "name", "documents"}
        assert f["focus"]["name"]["zh"] and "https://" not in f["focus"]["name"]["zh"]
        assert f["focus"]["documents"], f  # every focus belongs to a named document
        for src in f["sources"]:
            assert set(src) >= {"iri", "citation", "document", "number", "quote", "quote_kind", "evidence"}
    validity = next(f for f in data["findings"] if f["rule"]["id"] == "R-SD-03")
    [src] = validity["sources"]
    assert src["quote_kind"] == "summary" and src["evidence_code"] == "evidence-B"
    assert src["document"]["number"] == "山东省人民政府令第238号"
    assert src["quote"].startswith("A normative document must state its validity period")
    assert validity["fix"]["zh"].startswith("在文件中写明有效期")
    measure = next(f for f in data["findings"] if f["rule"]["id"] == "R-CON-01")
    assert measure["focus"]["kind"] == "measure"
    assert measure["focus"]["documents"][0]["number"] == "威测字[2024]08号"
    assert measure["value"]["node"]["documents"][0]["title"] == "测试省人民政府关于旧测试工作的通知"
    lapsed = next(f for f in data["findings"] if f["rule"]["id"] == "R-SD-04")
    assert lapsed["value"] == {
        "text": {"zh": "2024-03-01", "en": "2024-03-01"},
        "lexical": "2024-03-01",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
        "language": None,
        "node": None,
    }
    [detail] = lapsed["details"]
    assert detail["variable"] == "basis"
    assert detail["value"]["node"]["documents"][0]["number"] == "鲁测发〔2015〕9号"


def test_json_of_a_conforming_report(clean_report):
    data = json.loads(render(clean_report, "json"))
    assert data["conforms"] is True and data["findings"] == []
    assert data["summary"]["total"] == 0


# --------------------------------------------------------------------------------------------------------------
# Turtle
# --------------------------------------------------------------------------------------------------------------


def test_turtle_is_a_validation_report_with_the_same_results(report):
    g = Graph().parse(data=render(report, "turtle"), format="turtle")
    [root] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(root, SH.conforms) == Literal(False)
    results = list(g.objects(root, SH.result))
    assert len(results) == len(report.findings) == 6
    assert set(g.subjects(RDF.type, SH.ValidationResult)) == set(results)
    for r in results:
        assert isinstance(r, URIRef)  # results are named, not blank
        assert g.value(r, SH.focusNode) is not None and g.value(r, SH.resultSeverity) is not None
        langs = {m.language for m in g.objects(r, SH.resultMessage)}
        assert langs == {"zh", "en"}
        assert g.value(r, DCTERMS.source) is not None
    severities = sorted(str(g.value(r, SH.resultSeverity)).rsplit("#")[-1] for r in results)
    assert severities == ["Info", "Violation", "Violation", "Violation", "Violation", "Warning"]
    # enriched: the focus and the cited provision can be read without the data graph
    assert g.value(DOC["威测字-2024-8"], PKG.docNumber) == Literal("威测字[2024]08号")
    art53 = URIRef("https://w3id.org/policykg/doc/山东省人民政府令-238/art-53")
    assert str(g.value(art53, PKG.summary)).startswith("A normative document must state")


def test_turtle_of_a_conforming_report(clean_report):
    g = Graph().parse(data=render(clean_report, "turtle"), format="turtle")
    [root] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(root, SH.conforms) == Literal(True)
    assert list(g.objects(root, SH.result)) == []


# --------------------------------------------------------------------------------------------------------------
# all formats
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_deterministic_across_runs(fmt, report):
    again = fixture_report("violating.ttl", "expired.ttl")
    assert render(report, fmt) == render(again, fmt)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reader_formats_never_show_a_bare_iri_or_blank_node(fmt, report):
    out = render(report, fmt)
    assert "https://w3id.org" not in out and "_:" not in out


@pytest.mark.slow
def test_blank_node_focus_is_named_by_its_kind_and_document():
    """A finding on an anonymous node (here a procedure step) still names the document it belongs to."""
    data = load_files([FIX / "registry" / "registry.ttl", FIX / "drafts" / "conforming.ttl"])
    data.parse(
        data="""
        @prefix pkg: <https://w3id.org/policykg/ns#> . @prefix doc: <https://w3id.org/policykg/doc/> .
        doc:威测字-2024-7 pkg:hasProcedureStep [ a pkg:PublicConsultation ] .
        """,
        format="turtle",
    )
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix pkg: <https://w3id.org/policykg/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix shape: <https://w3id.org/policykg/shape/> .
        shape:fx-consultation-dates a sh:NodeShape ; sh:targetClass pkg:PublicConsultation ;
            rdfs:label "征求意见须有起止日期"@zh , "Consultation has dates"@en ;
            sh:property [ sh:path pkg:startDate ; sh:minCount 1 ; sh:message "缺开始日期"@zh , "no start date"@en ] .
        """,
        format="turtle",
    )
    rep = run_check(data, as_of=AS_OF, shapes=shapes, checks=[FIX / "checks"])
    [f] = rep.findings
    assert f.focus.kind == "procedure-step"
    assert f.focus.name_zh == "公开征求意见「（未命名节点 unnamed node）」（属于 威测字〔2024〕7号《测试市人民政府关于落实测试工作的实施方案》）"
    assert "_:" not in render(rep, "text")
