"""The one 文号 grammar (policykg.identifiers): round trips over every way people write a number."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.errors import PolicyKGError
from policykg.identifiers import (DocNumber, Issue, doc_iri, find_doc_numbers, parse_doc_number, repair)
from policykg.namespaces import DOC

CODES = st.sampled_from(["国发", "国办发", "国科发区", "国科发创", "威政字", "威政发", "鲁政办字", "鲁政发", "工信部联规",
                         "京政发", "财税", "人社部发", "国科函字"])
BRACKETS = st.sampled_from([("〔", "〕"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】")])
FW = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def written(draw):
    """(DocNumber, a way of writing it)."""
    number = DocNumber(draw(CODES), draw(st.integers(1949, 2030)), draw(st.integers(1, 9999)))
    ob, cb = draw(BRACKETS)
    year, serial = str(number.year), str(number.serial)
    if draw(st.booleans()):
        serial = "0" * draw(st.integers(1, 2)) + serial
    if draw(st.booleans()):
        year, serial = year.translate(FW), serial.translate(FW)
    sp = draw(st.sampled_from(["", " ", "\u3000"]))
    di = draw(st.sampled_from(["", "第"]))
    hao = draw(st.sampled_from(["号", "號"]))
    return number, f"{number.code}{sp}{ob}{year}{cb}{sp}{di}{serial}{sp}{hao}"


@pytest.mark.slow
@given(written())
def test_every_spelling_parses_to_the_same_number(case):
    number, text = case
    assert parse_doc_number(text) == number
    assert doc_iri(text) == DOC[number.slug]


@given(written())
def test_canonical_round_trip(case):
    number, _ = case
    assert parse_doc_number(number.canonical, strict=True) == number
    assert parse_doc_number(parse_doc_number(number.canonical).canonical) == number


@settings(max_examples=60)
@given(written(), st.sampled_from(["根据", "按照", "依据", "贯彻落实", "印发", "（", "、", "和", "文号："]),
       st.sampled_from(["文件", "）", "精神", "，", "要求", ""]))
def test_found_in_running_text_with_its_span(case, before, after):
    number, text = case
    doc = f"为此，{before}{text}{after}。"
    (m,) = find_doc_numbers(doc)
    assert (m.as_written, m.number, doc[m.start:m.end]) == (text, number, text)


def test_order_numbers():
    for text, canonical in [("国务院令第713号", "国务院令第713号"), ("中华人民共和国国务院令第713号", "国务院令第713号"),
                            ("山东省人民政府令第353号", "山东省人民政府令第353号"), ("主席令第三十一号", "主席令第31号")]:
        (m,) = find_doc_numbers(f"根据{text}，")
        assert m.canonical == canonical and m.iri is not None


def test_placeholder_year_is_kept_flagged_and_gets_no_iri():
    (m,) = find_doc_numbers("《关于开展试点工作的通知》（国科函字[20XX]82号）")
    assert m.as_written == "国科函字[20XX]82号" and m.canonical == "国科函字〔20XX〕82号"
    assert Issue.PLACEHOLDER_YEAR in m.issues and m.iri is None
    with pytest.raises(PolicyKGError):
        doc_iri("国科函字[20XX]82号")


def test_two_digit_year_gets_no_iri():
    (m,) = find_doc_numbers("见鲁政发〔17〕38号")
    assert Issue.TWO_DIGIT_YEAR in m.issues and m.iri is None


def test_malformed_number_repaired_only_from_one_clean_candidate():
    text = "根据鲁政办字2024〕124号……（鲁政办字〔2024〕124号）"
    bad, good = find_doc_numbers(text)
    assert bad.malformed and bad.iri is None
    fixed = repair(bad, [bad, good])
    assert (fixed.canonical, fixed.repaired_from, fixed.repair_source) == ("鲁政办字〔2024〕124号", "鲁政办字2024〕124号", "text")
    assert fixed.iri == DOC["鲁政办字-2024-124"]
    assert repair(bad, [bad]).iri is None  # no candidate: kept as written, no IRI
    assert repair(bad, [bad], ["鲁政办字〔2024〕124号"]).repair_source == "registry"


def test_traditional_characters_give_the_simplified_canonical_form():
    (m,) = find_doc_numbers("（國發〔2022〕18號）")
    assert m.canonical == "国发〔2022〕18号" and Issue.TRADITIONAL in m.issues


@pytest.mark.parametrize("text", ["地铁12号线", "会议室305号", "“国和一号”示范工程1号机组", "2024年1月5日", "第3号"])
def test_not_a_doc_number(text):
    assert find_doc_numbers(text) == []


# 公告/令 series numbered within each year, as published (tests/fixtures/documents/README.md gives each page's URL)
@pytest.mark.parametrize("text, canonical, slug", [
    ("国家税务总局公告2016年第23号", "国家税务总局公告2016年第23号", "国家税务总局公告-2016-23"),
    ("贵州省国家税务局公告2016年第6号", "贵州省国家税务局公告2016年第6号", "贵州省国家税务局公告-2016-6"),
    ("财政部 税务总局 海关总署公告2019年第39号", "财政部税务总局海关总署公告2019年第39号", "财政部税务总局海关总署公告-2019-39"),
    ("商务部令2020年第2号", "商务部令2020年第2号", "商务部令-2020-2"),
    # as pages also print them: spaced out (a PDF's text layer), full-width digits
    ("财政部 税务总局 海关总署公告 2019 年第 39 号", "财政部税务总局海关总署公告2019年第39号", "财政部税务总局海关总署公告-2019-39"),
    ("国家税务总局公告２０１６年第２３号", "国家税务总局公告2016年第23号", "国家税务总局公告-2016-23"),
])
def test_yearly_series_numbers(text, canonical, slug):
    number = parse_doc_number(text)
    assert (number.canonical, number.slug) == (canonical, slug) and doc_iri(text) == DOC[slug]
    assert parse_doc_number(canonical, strict=True) == number  # the canonical form is the strict form
    (m,) = find_doc_numbers(f"根据《关于有关事项的公告》（{text}）等规定，")
    assert (m.as_written, m.canonical, m.iri) == (text, canonical, DOC[slug])


def test_a_series_number_with_brackets_is_the_same_document():
    """国家税务总局公告〔2016〕23号 (brackets, as some pages write it) names the same announcement: one IRI, one key."""
    series, bracketed = parse_doc_number("国家税务总局公告2016年第23号"), parse_doc_number("国家税务总局公告〔2016〕23号")
    assert series.slug == bracketed.slug and series.key == bracketed.key


def test_order_numbers_as_published():
    """Real 令 numbers (each page in tests/fixtures/documents/README.md): already read, still read."""
    for text, slug in [("建设部令第89号", "建设部令-89"), ("山东省人民政府令第96号", "山东省人民政府令-96"),
                       ("中华人民共和国国务院令第227号", "国务院令-227")]:
        assert doc_iri(text) == DOC[slug]
    # the order's heading set on two lines, as the State Council prints it: 中华人民共和国国务院令 / 第227号
    (m,) = find_doc_numbers("中华人民共和国国务院令\n  第227号\n  现发布《国务院行政机构设置和编制管理条例》")
    assert m.iri == DOC["国务院令-227"]


@pytest.mark.parametrize("text", [
    "公告2016年第38号",  # no issuer: names no series
    "国家税务总局公告16年第23号",  # a two-digit year
    "国家税务总局公告2016年第0号",
    "国家税务总局公告2016年23号",  # no 第
    "国家税务总局2019年第39号公告",  # the colloquial "39号公告", not the number
    "财税2019年39号",  # shorthand for 财税〔2019〕39号, not a number
    "国家税务总局公告2016年第23号附件",
])
def test_not_a_series_number(text):
    with pytest.raises(PolicyKGError):
        parse_doc_number(text)
    assert all(m.as_written != text for m in find_doc_numbers(text))


@pytest.mark.parametrize("text", ["国家税务总局2019年第39号公告发布后", "见公告2016年第1号", "本公告自2019年4月1日起施行"])
def test_no_series_number_in_running_text(text):
    assert find_doc_numbers(text) == []


def test_a_series_number_after_a_verb_is_cut_to_its_issuers():
    for text in ("市税务局转发国家税务总局公告2016年第23号，", "依照 国家税务总局公告2016年第23号 办理"):
        (m,) = find_doc_numbers(text)
        assert m.as_written == "国家税务总局公告2016年第23号"
