"""`policykg trace`: every result, its figure, its quote and its chain to the directives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from policykg import trace as T
from policykg.namespaces import PKG
from conftest import cached_store


FIXTURES = Path(__file__).parent / "fixtures" / "queries"
REQUIRED_KEYS = {"result", "label", "value", "unit", "comparator", "period", "quote", "measures", "provisions",
                 "directives", "traced"}



@pytest.fixture(autouse=True)
def _one_graph_per_data(read_only_store_per_data):
    """The commands here only read the graph: load each --data set once, not once per call."""


@pytest.fixture(scope="module")
def bundled_json():
    from conftest import run_cli

    r = run_cli("trace", "--all", "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def fixture_traces():
    return {t.result.rsplit("/", 2)[-2] + "/" + t.result.rsplit("/", 1)[-1]: t
            for t in T.trace(cached_store([FIXTURES]))}


@pytest.mark.slow
def test_json_lists_every_result_of_the_seed_once(bundled_json):
    g = cached_store().graph()
    results = {str(s) for cls in (PKG.QuantitativeResult, PKG.QualitativeResult)
               for s in g.subjects(RDF.type, cls)}
    listed = [entry["result"] for entry in bundled_json]
    assert len(listed) == len(set(listed)) and set(listed) == results
    assert listed == sorted(listed)


@pytest.mark.slow
def test_json_schema_and_figures(bundled_json):
    g = cached_store().graph()
    for entry in bundled_json:
        assert REQUIRED_KEYS <= set(entry), entry["result"]
        assert entry["label"] and isinstance(entry["traced"], bool)
        assert entry["quote"], f"{entry['result']} has no quote"
        if entry["type"] == "quantitative":
            # each figure has its value (a JSON number) and its unit (what people read: 家, 项, %)
            assert isinstance(entry["value"], (int, float)) and not isinstance(entry["value"], bool)
            assert isinstance(entry["unit"], str) and entry["unit"], entry["result"]
            assert float(g.value(__import__("rdflib").URIRef(entry["result"]), PKG.value)) == entry["value"]
        for d in entry["directives"]:
            assert {"iri", "number", "title", "level", "paths"} <= set(d)
            assert d["level"] in ("provision", "document") and d["paths"]
        assert entry["traced"] == bool(entry["directives"])


@pytest.mark.slow
def test_json_the_high_tech_enterprise_figure(bundled_json):
    [entry] = [e for e in bundled_json if e["value"] == 1700]
    assert entry["unit"] == "家" and entry["comparator"] == "超" and entry["unit_en"]
    assert entry["quote"] == "国家高新技术企业超1700家,较“十三五”末增加986家"
    assert {d["number"] for d in entry["directives"]} == {"国科发创〔2016〕370号", "鲁政发〔2017〕38号", "国发〔2022〕18号"}
    guideline = next(d for d in entry["directives"] if d["number"] == "国科发创〔2016〕370号")
    assert guideline["title"] == "科技部 国家发展改革委关于印发建设创新型城市工作指引的通知"
    assert guideline["level"] == "document"
    vias = {p["via"] for p in guideline["paths"]}
    assert vias == {"attribution", "measure", "area"}
    attribution = next(p for p in guideline["paths"] if p["via"] == "attribution")
    assert [c["number"] for c in attribution["chain"]] == ["威政字〔2023〕40号", "国科发创〔2016〕370号"]
    assert attribution["relations"] == ["eli:based_on"]
    assert entry["measures"] and entry["measures"][0]["label"] == "大力实施科技型企业梯次培育工程"
    assert entry["traced"] is True


def test_provision_level_and_untraced_results(fixture_traces):
    t = fixture_traces["测评-2025-1/result-01"]
    first = t.directives[0]
    assert (first.number, first.level, first.levels) == ("测部发〔2018〕3号", "provision", ["provision", "document"])
    [p] = t.provisions
    assert p.text == "各地应当建设技术转移机构。" and p.measures[0].endswith("measure-02")
    assert first.paths[0].provision is not None and first.paths[0].measure.label == "建设技术转移机构"
    assert t.period == "2019" and t.value == 7 and t.unit == "家"
    alone = fixture_traces["测评-2025-1/result-02"]
    assert alone.traced is False and alone.directives == [] and alone.documents[0].number == "测孤发〔2022〕1号"
    qualitative = fixture_traces["idx-11371000004359096D-2025-03372/result-03"]
    assert qualitative.type == "qualitative" and qualitative.value is None and qualitative.unit is None


@pytest.mark.slow
def test_text_is_bilingual_with_quotes_and_chain(policykg):
    r = policykg("trace", "1700")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "成效 Result: 国家高新技术企业超1700家" in out
    assert "数值 Value: 超 1700 家 (over 1700 enterprises / organisations)" in out
    assert "原文 Quote: “国家高新技术企业超1700家,较“十三五”末增加986家” (src:seed-000, chars 934–962)" in out
    assert "经 via 成效归因 attribution: 威政字〔2023〕40号 —依据 based on→ 国科发创〔2016〕370号" in out
    assert "[文件级 document level]" in out and "✔ 已溯及上位文件 / traced to 3 directives" in out


def test_markdown_and_untraced_text(policykg):
    r = policykg("trace", "孤立成效", "--data", str(FIXTURES), "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("## 成效溯源 / Result trace")
    assert "### 成效 Result: 孤立成效12项 / Isolated result: 12 items" in r.stdout
    assert "- ✘ 未能溯及任何上位文件 / reaches no directive" in r.stdout


@pytest.mark.slow
def test_result_by_iri_or_prefixed_name(policykg):
    iri = "https://w3id.org/policykg/doc/测评-2025-1/result-03"
    for spelling in (iri, f"<{iri}>", "doc:测评-2025-1/result-03"):
        r = policykg("trace", spelling, "--data", str(FIXTURES), "--format", "json")
        assert r.exit_code == 0, r.stderr
        [entry] = json.loads(r.stdout)
        assert entry["result"] == iri
        assert entry["directives"][0]["number"] == "测外发〔2017〕5号"


@pytest.mark.parametrize("args,message", [
    (["trace"], "give a RESULT"),
    (["trace", "1700", "--all"], "either a RESULT or --all"),
    (["trace", "没有这种成效"], "no result's label contains it"),
    (["trace", "全市"], "matches"),
    (["trace", "https://w3id.org/policykg/doc/nothing/result-99"], "no such result"),
])
def test_selection_errors_are_one_line(policykg, args, message):
    r = policykg(*args)
    assert r.exit_code == 2
    assert message in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.mark.slow
def test_json_change_against_the_baseline(bundled_json):
    [entry] = [e for e in bundled_json if e["value"] == 1700]
    assert entry["change"] == {"value": 986, "unit": "家", "unit_en": "enterprises / organisations",
                               "unit_iri": "https://w3id.org/policykg/code/unit-enterprise", "baseline": "“十三五”末"}
    [plain] = [e for e in bundled_json if e["value"] == 26]
    assert plain["change"] is None
