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
