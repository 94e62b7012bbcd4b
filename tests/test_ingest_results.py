"""Result figures of evaluation reports (policykg.ingest.results), measured on the real Weihai report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from policykg.ingest.results import extract_results, parse_number

ROOT = Path(__file__).parents[1]
SEED = ROOT / "tests/corpus/ingest/texts/seed-000-weihai-evaluation-report.txt"
RESULTS_TTL = ROOT / "data/cases/weihai-2023/results.ttl"
PKG = Namespace("https://w3id.org/policykg/ns#")


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _hand_built() -> Counter:
    g = Graph().parse(RESULTS_TTL)
    rows = g.query("""PREFIX pkg: <https://w3id.org/policykg/ns#>
        SELECT ?v ?u ?c WHERE { ?r a pkg:QuantitativeResult ; pkg:value ?v ; pkg:unit ?u ; pkg:comparator ?c }""")
    return Counter((float(r.v), _local(r.u), _local(r.c)) for r in rows)


@pytest.fixture(scope="module")
def seed_results():
    text = SEED.read_text(encoding="utf-8")
    return text, extract_results(text)


@pytest.mark.slow
def test_seed_quantitative_results_match_the_hand_built_data(seed_results):
    _, results = seed_results
    expected = _hand_built()
    assert sum(expected.values()) == 25
    got = Counter((r.value, r.unit_code, r.comparator) for r in results if r.value is not None)
    matched = sum((expected & got).values())
    assert matched / 25 >= 0.9, expected - got
    assert matched == 25
    assert not got - expected  # nothing that is not a result (years, 文号, 每万家, 二次开发, plans)


def test_every_result_quotes_the_text_it_points_at(seed_results):
    text, results = seed_results
    for r in results:
        assert text[r.statement.start:r.statement.end] == r.statement.text
        assert text[r.sentence.start:r.sentence.end] == r.sentence.text
        if r.figure:
            assert text[r.figure.start:r.figure.end] == r.figure.text


def test_seed_change_rank_share_and_period(seed_results):
    _, results = seed_results
    by_value = {r.value: r for r in results if r.value is not None}
    r1700 = by_value[1700.0]
    assert (r1700.change.value, r1700.change.baseline, r1700.change.direction) == (986.0, "“十三五”末", "up")
    assert r1700.statement.text == "国家高新技术企业超1700家,较“十三五”末增加986家"
    assert by_value[2980.0].period == "2024" and by_value[2980.0].change.value == 1844.0
    r73 = by_value[73.0]
    assert (r73.kind, r73.rank.position, r73.rank.scope, r73.period) == ("share", 1, "全省", "2024")
    ranks = [r for r in results if r.kind == "rank"]
    assert [(r.value, r.subject) for r in ranks] == [(2.0, "每万家企业法人主体中高新技术企业数量"),
                                                    (1.0, "每万家企业法人主体中科技型中小企业数量")]


def test_seed_qualitative_achievements(seed_results):
    _, results = seed_results
    kinds = {(r.trigger, r.achievement) for r in results if r.kind == "qualitative"}
    assert {("获评", "achievement-award"), ("成功发射", "achievement-launch"), ("获批", "achievement-approval"),
            ("开工建设", "achievement-construction"), ("入选", "achievement-selection")} <= kinds


def test_plans_are_not_results():
    text = ("一、工作成效\n全市高新技术企业达到120家。\n二、下步工作打算\n每条创新链梳理企业30家左右。\n"
            "三、其他\n力争到2027年培育企业200家以上。\n")
    assert [(r.value, r.unit) for r in extract_results(text)] == [(120.0, "家")]


@pytest.mark.parametrize("sentence, value, unit, comparator, kind", [
    ("全市技术合同成交额达到12,345.6万元。", 12345.6, "万元", "comparator-reached", "figure"),
    ("高新技术企业数量是2020年的1.57倍。", 1.57, "倍", "comparator-exactly", "ratio"),
    ("数字经济核心产业增加值占地区生产总值比重达到14.4%。", 14.4, "%", "comparator-reached", "share"),
    ("引进高层次人才近300人。", 300.0, "人", "comparator-nearly", "figure"),
    ("新增就业岗位1.2万个。", 12000.0, "个", "comparator-exactly", "figure"),
    ("建成试验基地三十余家。", 30.0, "家", "comparator-more-than-yu", "figure"),
    ("完成投资约5亿元。", 5.0, "亿元", "comparator-about", "figure"),
    ("服务企业突破1000家。", 1000.0, "家", "comparator-broke-through", "figure"),
    ("培育科技型企业50家以上。", 50.0, "家", "comparator-at-least", "figure"),
])
def test_figure_forms(sentence, value, unit, comparator, kind):
    (r,) = extract_results(sentence)
    assert (r.value, r.unit, r.comparator, r.kind) == (value, unit, comparator, kind)


def test_change_against_a_baseline_without_a_figure_before_it():
    (r,) = extract_results("全市研发投入同比增长12.5%。")
    assert (r.kind, r.value, r.unit) == ("change", 12.5, "%")


def test_numbers_that_are_not_results():
    text = "根据《关于印发方案的通知》（威政字〔2023〕40号），开展二次开发，评估2个文件，2024年1月5日，第3批。"
    assert extract_results(text) == []


def test_parse_number():
    assert parse_number("1,700") == 1700.0
    assert parse_number("百") == 100.0
    assert parse_number("三十") == 30.0
