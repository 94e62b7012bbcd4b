"""Reading what reviewers hold: normalisation with an offset map, encodings, metadata, citations, the seed report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from policykg.errors import PolicyKGError
from policykg.ingest.citations import extract_citations
from policykg.ingest.draft import extract_facts, facts_json, ingest_file
from policykg.ingest.metadata import extract_metadata, is_chrome
from policykg.ingest.normalise import normalise_text
from policykg.ingest.text import decode_text

ROOT = Path(__file__).parents[1]
SEED = ROOT / "tests/corpus/ingest/texts/seed-000-weihai-evaluation-report.txt"


def test_pinyin_traditional_fullwidth_spaces_and_the_offset_map():
    original = "為深入貫徹落實國家創(chuàng)新驅動戰略，達(dá)到１２３家\u00a0以上"
    n = normalise_text(original)
    assert n.text == "为深入贯彻落实国家创新驱动战略，达到123家 以上"
    i = n.text.index("创新")
    back = n.range(i, i + 2)
    assert back.text == "創(chuàng)新" and original[back.start:back.end] == back.text
    j = n.text.index("123")
    assert n.range(j, j + 3).text == "１２３"


def test_wrapped_lines_are_rejoined_but_items_are_not():
    original = ("为深入实施创新驱动发展战略，加快建设国家创新型城市，\n结合我市实际，制定本方案。现将有关事项通知如下，\n"
                "请各单位认真贯彻落实并及时报告工作进展情况和问题，\n一、总体要求\n（一）指导思想。\n")
    n = normalise_text(original, rejoin=True)
    assert "城市，结合我市实际" in n.text and "\n一、总体要求\n（一）指导思想。" in n.text


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-16", "UTF-16"), ("gb18030", "GB18030"),
                                             ("big5", "Big5")])
def test_encodings_are_detected(encoding, label):
    text = "科技部關於支持新一批城市開展創新型城市建設的通知\n國科發區〔2022〕5號\n各有關省、自治區科技廳：\n"
    decoded, got = decode_text(text.encode(encoding))
    assert (decoded, got) == (text, label)


def test_garbage_is_refused_not_decoded():
    with pytest.raises(PolicyKGError, match="not a text file"):
        decode_text(os.urandom(4000))


def test_garbage_file_one_line_error_exit_2(tmp_path):
    bad = tmp_path / "garbled.txt"
    bad.write_bytes(bytes((i * 37 + 11) % 256 for i in range(5000)))
    r = run_cli("ingest", str(bad), "--format", "json")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "not a text file" in r.stderr


def test_metadata_lines_and_chrome():
    text = ("当前位置 : 首页 > 政府信息公开 > 政策文件\n索引号: 113710/2023-001 发布单位: 威海市人民政府\n"
            "发文字号\t威政字〔2023〕40号\t成文日期\t2023-07-16\n有效性：\n有效\n点击次数: 12\n字号 大 中 小\n")
    fields = {f.key: f.value.text for f in extract_metadata(text)}
    assert fields == {"indexNumber": "113710/2023-001", "issuer": "威海市人民政府", "docNumber": "威政字〔2023〕40号",
                      "dateDocument": "2023-07-16", "validity": "有效"}
    assert is_chrome("当前位置 : 首页") and is_chrome("点击次数: 12") and is_chrome("字号 大 中 小")
    assert not is_chrome("威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知")


def test_own_number_from_the_metadata_table_and_title_after_chrome():
    text = ("首页 > 政务公开\n发文字号：鲁政办字〔2024〕12号\n成文日期：2024-03-01\n"
            "山东省人民政府办公厅关于印发某某行动方案的通知\n各市人民政府：\n现将方案印发给你们。\n")
    f = extract_facts(text)
    assert f.title.text == "山东省人民政府办公厅关于印发某某行动方案的通知"
    assert f.doc_number_match.canonical == "鲁政办字〔2024〕12号"
    assert f.date_document.value.isoformat() == "2024-03-01"


def test_own_number_on_the_date_line_and_in_brackets():
    f = extract_facts("某市人民政府关于某事的通知\n（某政发〔2024〕3号）\n各区：\n……\n")
    assert f.doc_number_match.canonical == "某政发〔2024〕3号"
    f = extract_facts("某市人民政府关于某事的通知\n各区：\n……\n某市人民政府\n2024年5月6日 某政字〔2024〕9号\n")
    assert f.doc_number_match.canonical == "某政字〔2024〕9号" and f.date_document.value.isoformat() == "2024-05-06"


def test_placeholder_own_number_kept_without_an_iri():
    f = extract_facts("关于开展某项试点工作的通知\n国科函字[20XX]82号\n各有关单位：\n")
    assert f.doc_number_match.as_written == "国科函字[20XX]82号" and f.doc_number_match.iri is None
    assert f.title.text == "关于开展某项试点工作的通知"


def test_malformed_number_repaired_from_the_registry():
    f = extract_facts("关于某事的通知\n根据国发2022〕18号文件精神，制定本通知。\n")
    (c,) = f.citations
    assert c.number == "国发〔2022〕18号" and c.as_written == "国发2022〕18号"
    assert f.repairs and f.repairs[0]["repaired"] == "国发〔2022〕18号" and f.repairs[0]["from"] == "registry"


@pytest.mark.parametrize("text, relation", [
    ("根据《甲》（甲发〔2020〕1号），", "based_on"), ("依据《甲》（甲发〔2020〕1号）", "based_on"),
    ("为贯彻《甲》（甲发〔2020〕1号）", "implements"), ("按照《甲》（甲发〔2020〕1号）要求", "implements"),
    ("符合《甲》（甲发〔2020〕1号）规定", "conforms"), ("对《甲》（甲发〔2020〕1号）开展评估", "evaluates"),
    ("结合《甲》（甲发〔2020〕1号）", "cites"), ("《甲》（甲发〔2020〕1号）明确", "cites"),
    ("為貫徹《甲》（甲發〔2020〕1號）", "implements"),
])
def test_relation_from_the_words_before(text, relation):
    (c,) = extract_citations(normalise_text(text).text)
    assert (c.relation, c.number) == (relation, "甲发〔2020〕1号")


def test_citation_forms():
    text = ("根据国务院《关于加快发展的意见》和国发〔2022〕18号《国务院关于支持山东的意见》，"
            "落实鲁政发〔2017〕38号“山东省人民政府关于印发方案的通知”，《关于印发〈管理办法〉的通知》《乙规划》"
            "以及《丙办法》（丙发〔2021〕3号，以下简称《办法》）。执行《办法》。参照国办发〔2021〕5号。")
    cs = extract_citations(text)
    got = [(c.title, c.number, c.relation) for c in cs]
    assert got == [
        ("国务院关于加快发展的意见", None, "based_on"),
        ("国务院关于支持山东的意见", "国发〔2022〕18号", "based_on"),
        ("山东省人民政府关于印发方案的通知", "鲁政发〔2017〕38号", "implements"),
        ("关于印发〈管理办法〉的通知", None, "cites"),
        ("乙规划", None, "cites"),
        ("丙办法", "丙发〔2021〕3号", "cites"),
        ("丙办法", "丙发〔2021〕3号", "implements"),
        (None, "国办发〔2021〕5号", "cites"),
    ]
    assert cs[0].issuer == "国务院" and cs[5].alias == "办法" and cs[6].via_alias == "办法"
    for c in cs:
        assert text[c.span.start:c.span.end] == c.span.text


def test_seed_report_finds_its_four_documents_with_titles():
    d = ingest_file(SEED)
    data = facts_json(d, SEED.name)
    pairs = {(c["docNumber"], c["title"]) for c in data["citations"] if c["docNumber"]}
    assert pairs == {
        ("威政发〔2023〕5号", "关于强化科技创新支撑国家创新型城市建设的实施意见"),
        ("威政字〔2023〕40号", "威海市建设国家创新型城市实施方案"),
        ("国科发区〔2022〕5号", "科技部关于支持新一批城市开展创新型城市建设的通知"),
        ("国科发创〔2016〕370号", "科技部 国家发展改革委关于印发建设创新型城市工作指引的通知"),
    }
    rel = {c["docNumber"]: c["relation"] for c in data["citations"] if c["docNumber"] and not c["viaAlias"]}
    assert rel == {"威政发〔2023〕5号": "evaluates", "威政字〔2023〕40号": "evaluates",
                   "国科发区〔2022〕5号": "conforms", "国科发创〔2016〕370号": "conforms"}
    assert data["title"]["value"].startswith("威海市科学技术局关于《关于强化科技创新")  # not the breadcrumb
    assert "docNumber" not in data  # the page's 文号 field is empty
    assert data["metadata"]["indexNumber"]["value"] == "11371000004359096D/2025-03372"
    assert sum(1 for r in data["results"] if r["value"] is not None) == 25
    text = d.text
    for item in data["citations"] + data["results"]:
        assert text[item["start"]:item["end"]] == item["quote"]
    json.dumps(data, ensure_ascii=False)


PDF = Path(__file__).parent / "fixtures/ingest/lu-zhengfa-2014-20.pdf"
TXT = ROOT / "tests/corpus/ingest/texts/001-0798ci-lu-zhengfa-2014-20.txt"


def _facts_values(path):
    f = ingest_file(path).facts
    return (f.title.text, f.doc_number_match.canonical, f.genre,
            [(c.number, c.title, c.relation, c.target) for c in f.citations],
            [(it.level, it.marker, it.heading.text) for it in f.items])


def test_pdf_wrapped_lines_read_the_same_as_the_txt():
    # the PDF (tests/fixtures/ingest/make_pdf.py) sets the same text in 36-character lines: 国发〔20 / 14〕45号,
    # 《…的意 / 见》 and （鲁发… cut by line breaks
    from policykg.ingest.text import read_draft

    assert "国发〔20\n14〕45号" in read_draft(PDF).text
    got, want = _facts_values(PDF), _facts_values(TXT)
    assert got[0] == want[0] and got[1] == want[1] and got[3] == want[3] and got[4] == want[4]
    assert got[2][0] == want[2][0]


def test_html_metadata_table_gives_number_and_dates_never_chrome_as_title(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>"
        "<table><tr><td>索引号：</td><td>11371000/2023-00012</td><td>发文机关：</td><td>威海市人民政府</td></tr>"
        "<tr><td>发文字号：</td><td>威政字〔2023〕40号</td><td>成文日期：</td><td>2023-07-16</td></tr>"
        "<tr><td>有效性：</td><td>有效</td></tr></table>"
        "<div>字号：大 中 小</div><div>打印</div><div>关闭</div>"
        "<h1>威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知</h1>"
        "<p>各区市人民政府：</p><p>现将方案印发给你们。</p></body></html>", encoding="utf-8")
    d = ingest_file(page)
    data = facts_json(d, page.name)
    assert data["title"]["value"] == "威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知"
    assert data["docNumber"]["canonical"] == "威政字〔2023〕40号"
    assert data["dateDocument"]["value"] == "2023-07-16"
    assert data["metadata"]["validity"]["value"] == "有效"
    assert data["metadata"]["indexNumber"]["value"] == "11371000/2023-00012"
    assert d.text[data["docNumber"]["start"]:data["docNumber"]["end"]] == "威政字〔2023〕40号"


# A page that holds several documents (a page of sample notices, a forwarded text): once the first document's
# body has begun, a line that is only a 文号 belongs to a later embedded document, not to the page.
SAMPLES_PAGE = (
    "转发性通知范文\n"
    "转发性通知范文一:\n"
    "市人民政府办公室关于转发《市农业局关于稳定农业技术推广体系的意见》的通知\n"
    "各县(区)人民政府,市政府各工作部门:\n"
    "市农业局《关于稳定农业技术推广体系的意见》经市政府同意,现转发给你们,请认真贯彻执行。\n"
    "转发性通知范文二:\n"
    "陕政办发〔1997〕41号\n"
    "各市、县(区)人民政府,省人民政府各工作部门:\n"
    "现将《国务院办公厅关于禁止非法买卖人民币的通知》(国办发明电〔1997〕28号)转发给你们,请认真遵照执行。\n"
)


def test_a_number_of_a_later_embedded_document_is_not_the_pages_own():
    f = extract_facts(SAMPLES_PAGE)
    assert f.doc_number is None
    assert {c.number for c in f.citations} >= {"陕政办发〔1997〕41号", "国办发明电〔1997〕28号"}


def test_a_number_line_before_the_salutation_is_the_documents_own():
    text = SAMPLES_PAGE.split("转发性通知范文二:\n", 1)[1]
    f = extract_facts("陕西省人民政府办公厅关于转发国务院办公厅关于禁止非法买卖人民币的通知的通知\n" + text)
    assert f.doc_number_match is not None and f.doc_number_match.canonical == "陕政办发〔1997〕41号"
    assert "陕政办发〔1997〕41号" not in {c.number for c in f.citations}


def test_html_broken_and_deeply_nested_markup_is_read(tmp_path):
    page = tmp_path / "broken.html"
    deep = "<div>" * 3000 + "深层文字" + "</div>" * 3000
    page.write_text("<html><body><p>威海市人民政府关于印发实施方案的通知<p>威政字〔2023〕40号<table><tr><td>甲<td>乙"
                    f"<!-- 注释不是正文 -->{deep}</body></html>", encoding="utf-8")
    d = ingest_file(page)
    lines = d.text.splitlines()
    assert lines[:4] == ["威海市人民政府关于印发实施方案的通知", "威政字〔2023〕40号", "甲", "乙"]
    assert "注释" not in d.text and "深层文字" in lines
    assert d.facts.doc_number_match.canonical == "威政字〔2023〕40号"
