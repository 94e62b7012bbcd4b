"""The saved SPARQL library: headers, parsing, expected rows on the bundled data and on fixtures, parameters."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from policykg import queries as Q
from policykg.errors import PolicyKGError
from policykg.namespaces import CODE, DOC, PKG
from conftest import cached_store


FIXTURES = Path(__file__).parent / "fixtures" / "queries"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


class XSD:  # a plain holder: pytest inspects module attributes, and rdflib's closed XSD namespace warns on that
    date = URIRef(XSD_NS + "date")
    integer = URIRef(XSD_NS + "integer")
SAVED = [q.name for q in Q.discover()]
REQUIRED = {"trace-results", "results-without-basis", "uncovered-provisions", "basis-status", "impact-of-change",
            "expiring-documents", "basis-chain", "documents-by-issuer"}
AS_OF = "2026-11-26"

WZZ40 = DOC["威政字-2023-40"]
WZF5 = DOC["威政发-2023-5"]
GKFC370 = DOC["国科发创-2016-370"]
GKFQ5 = DOC["国科发区-2022-5"]
LZF38 = DOC["鲁政发-2017-38"]
GF18 = DOC["国发-2022-18"]



@pytest.fixture(autouse=True)
def _one_graph_per_data(read_only_store_per_data):
    """The commands here only read the graph: load each --data set once, not once per call."""


@pytest.fixture(scope="module")
def bundled():
    return cached_store()


@pytest.fixture(scope="module")
def fixture_store():
    return cached_store([FIXTURES])


def run(store, name, **params):
    query = Q.load(name)
    return Q.run(store, query, Q.bind(query, params, store)).dicts()


def results_in(store) -> set[URIRef]:
    g = store.graph()
    return {s for cls in (PKG.QuantitativeResult, PKG.QualitativeResult, PKG.Result)
            for s in g.subjects(RDF.type, cls)}


# ---------------------------------------------------------------------------------------------------------------
# The library itself
# ---------------------------------------------------------------------------------------------------------------


def test_library_has_the_required_queries_and_checks():
    assert REQUIRED <= set(SAVED)
    checks = [n for n in SAVED if n.startswith("checks/")]
    assert {"checks/basis-cycle-violation"} <= set(checks)
    assert all(n.endswith("-violation") for n in checks)


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_query_parses_and_has_a_bilingual_header(name):
    q = Q.load(name)
    assert q.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    assert " / " in q.summary, "summary is '中文 / English'"
    assert re.search(r"[\u4e00-\u9fff]", q.summary_zh) and re.search(r"[A-Za-z]", q.summary_en)
    assert q.description and q.tags
    for p in q.params:
        assert p.type in Q.PARAM_TYPES
        assert re.search(rf"\?{p.name}\b", q.text), f"?{p.name} not used"
    # self-contained: runs on any SPARQL endpoint, no prologue needed
    assert q.executable_text() == q.text


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in SAVED if n.startswith("checks/")])
def test_check_header_contract(name, bundled):
    q = Q.load(name)
    for key in Q.CHECK_KEYS:
        assert q.header.get(key), f"#+ {key}: missing"
    assert q.header["severity"] in ("Violation", "Warning", "Info")
    assert re.fullmatch(r"R-[A-Z]+-\d{2}", q.header["rule"])
    source = URIRef(q.header["source"])
    g = bundled.graph()
    assert (source, RDF.type, PKG.Provision) in g, f"{source} is not a provision in data/"
    # ADR 0006: a Violation needs an A or B source
    if q.header["severity"] == "Violation":
        assert g.value(source, PKG.evidenceStatus) in (CODE["evidence-A"], CODE["evidence-B"])
    names, _ = bundled.select(q.text, {"asOf": Literal(AS_OF, datatype=XSD.date)})
    assert "focus" in names


def test_trace_and_without_basis_share_one_reach_definition():
    def block(name):
        text = Q.load(name).text
        return text[text.index("# BEGIN reach"):text.index("# END reach")]
    assert block("trace-results") == block("results-without-basis")


# ---------------------------------------------------------------------------------------------------------------
# Expected rows on the bundled data
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_seed_result_is_in_exactly_one_of_trace_and_without_basis(bundled):
    everything = results_in(bundled)
    assert len(everything) >= 30  # the 2025 evaluation report's figures and achievements
    traced = {r["result"] for r in run(bundled, "trace-results")}
    without = [r["result"] for r in run(bundled, "results-without-basis")]
    assert len(without) == len(set(without)), "one row per result"
    assert traced.isdisjoint(without)
    assert traced | set(without) == everything


@pytest.mark.slow
def test_trace_results_reaches_the_plan_directives_with_the_report_quote(bundled):
    rows = run(bundled, "trace-results")
    hightech = [r for r in rows if "1700" in str(r.get("quote", ""))]
    assert hightech, "the 1,700 high-tech enterprises figure is traced"
    assert {str(r["quote"]) for r in hightech} == {"国家高新技术企业超1700家,较“十三五”末增加986家"}
    assert {r["value"].toPython() for r in hightech} == {1700}
    assert {r["unit"] for r in hightech} == {CODE["unit-enterprise"]}
    reached = {(r["directive"], str(r["level"]), str(r["via"])) for r in hightech}
    for directive in (GKFC370, LZF38, GF18):
        for via in ("attribution", "measure", "area"):
            assert (directive, "document", via) in reached
    assert all(r["document"] == WZZ40 for r in hightech if str(r["level"]) == "document")
    numbers = {str(r["directiveNumber"]) for r in hightech}
    assert numbers == {"国科发创〔2016〕370号", "鲁政发〔2017〕38号", "国发〔2022〕18号"}
    assert any(str(r["directiveTitle"]) == "科技部 国家发展改革委关于印发建设创新型城市工作指引的通知" for r in hightech)


@pytest.mark.slow
def test_trace_results_binds_one_result(bundled):
    one = next(iter(sorted(results_in(bundled))))
    rows = run(bundled, "trace-results", result=str(one))
    assert rows and {r["result"] for r in rows} == {one}


@pytest.mark.slow
def test_uncovered_provisions_lists_every_provision_of_the_assessed_directives(bundled):
    g = bundled.graph()
    rows = run(bundled, "uncovered-provisions")
    listed = {r["provision"] for r in rows}
    for directive in (GKFQ5, GKFC370):
        provisions = set(g.subjects(PKG.provisionOf, directive))
        assert provisions, f"{directive} has provisions in the data"
        assert provisions <= listed  # no measure names any of them
        counts = {(r["implementedCount"].toPython(), r["provisionCount"].toPython())
                  for r in rows if r["directive"] == directive}
        assert counts == {(0, len(provisions))}
    # laws nobody rests on are not directives of this case
    assert not any("立法法" in str(r["directive"]) for r in rows)


@pytest.mark.slow
def test_uncovered_provisions_of_one_directive_by_its_number(bundled):
    rows = run(bundled, "uncovered-provisions", directive="国科发区〔2022〕5号")
    assert rows and {r["directive"] for r in rows} == {GKFQ5}
    assert [str(r["directiveNumber"]) for r in rows][0] == "国科发区〔2022〕5号"


@pytest.mark.slow
def test_impact_of_change_of_the_city_guideline(bundled):
    rows = run(bundled, "impact-of-change", directive="国科发创〔2016〕370号")
    kinds = {(r["kind"].toPython(), r["dependent"], r["path"].toPython()) for r in rows}
    assert ("document", WZZ40, "basis-chain") in kinds
    depth = {r["depth"].toPython() for r in rows if r["dependent"] == WZZ40 and str(r["kind"]) == "document"}
    assert depth == {1}
    # 威政发〔2023〕5号 states no basis in the data: it does not depend on the guideline as a document
    assert not any(r["dependent"] == WZF5 and str(r["kind"]) == "document" for r in rows)
    # every result credited to the plan is affected, through the attribution
    g = bundled.graph()
    credited = set(g.subjects(PKG.attributedTo, WZZ40))
    affected = {r["dependent"] for r in rows if str(r["kind"]) == "result" and str(r["path"]) == "attributed-to"}
    assert credited and credited <= affected
    # the measures of the plan, and the evaluation that found conformity with the guideline
    assert any(str(r["kind"]) == "measure" and str(r["path"]) == "measure-of" and r["via"] == WZZ40 for r in rows)
    assert any(str(r["path"]) == "assessed-conformity" and r["via"] == GKFC370 for r in rows)


@pytest.mark.slow
def test_impact_of_change_needs_its_directive(bundled):
    with pytest.raises(PolicyKGError, match="needs --param directive"):
        run(bundled, "impact-of-change")


@pytest.mark.slow
def test_basis_status_of_the_plan(bundled):
    rows = run(bundled, "basis-status", document="威政字〔2023〕40号", asOf=AS_OF)
    by_basis = {r["basis"]: r for r in rows}
    assert set(by_basis) == {GKFC370, LZF38, GF18}
    assert by_basis[GKFC370]["statusAtIssue"] == CODE["status-in-force"]
    assert by_basis[GKFC370]["statusAsOf"] == CODE["status-in-force"]
    assert by_basis[GKFC370]["issueDate"] == Literal("2023-07-16", datatype=XSD.date)
    # no source gives a date for 鲁政发〔2017〕38号: its status is unknown, not guessed
    assert "statusAtIssue" not in by_basis[LZF38] and "statusAsOf" not in by_basis[LZF38]
    assert by_basis[GF18]["relation"] == PKG.implementsPolicy
    assert by_basis[GKFC370]["relation"].endswith("based_on")


@pytest.mark.slow
def test_basis_chain_of_the_plan(bundled):
    rows = run(bundled, "basis-chain", document="威政字〔2023〕40号")
    assert {(r["basis"], r["depth"].toPython(), r["statedBy"]) for r in rows} == {
        (GKFC370, 1, WZZ40), (LZF38, 1, WZZ40), (GF18, 1, WZZ40)}


@pytest.mark.slow
def test_documents_by_issuer(bundled):
    rows = run(bundled, "documents-by-issuer", issuer="威海市人民政府")
    docs = {r["document"] for r in rows}
    assert {WZZ40, WZF5} <= docs
    assert {str(r["organ"]) for r in rows} == {"https://w3id.org/policykg/org/威海市人民政府"}
    every = run(bundled, "documents-by-issuer")
    organs = {r["organ"] for r in every}
    assert len(organs) > 3 and docs < {r["document"] for r in every}
    joint = [r for r in every if r["document"] == GKFC370]
    assert len(joint) == 2 and {r["lead"].toPython() for r in joint} == {True, False}


@pytest.mark.slow
def test_expiring_documents_on_the_bundled_data_is_empty(bundled):
    # The evaluation decided 暂不设置有效期 and no other document records a validity end.
    assert run(bundled, "expiring-documents", days="3650", asOf="2025-01-01") == []
    assert not list(bundled.graph().subjects(URIRef("http://data.europa.eu/eli/ontology#date_no_longer_in_force")))


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in SAVED if n.startswith("checks/")])
def test_checks_find_nothing_in_the_bundled_case(name, bundled):
    names, rows = bundled.select(Q.load(name).text, {"asOf": Literal(AS_OF, datatype=XSD.date)})
    assert rows == [], [dict(zip(names, r)) for r in rows]


# ---------------------------------------------------------------------------------------------------------------
# Expected rows on the fixtures (dates, cycles, provision-level links, gaps)
# ---------------------------------------------------------------------------------------------------------------


def test_fixture_partition_and_reasons(fixture_store):
    traced = {r["result"] for r in run(fixture_store, "trace-results")}
    without = {r["result"]: str(r["reason"]) for r in run(fixture_store, "results-without-basis")}
    assert traced | set(without) == results_in(fixture_store) and traced.isdisjoint(without)
    manager = URIRef("https://w3id.org/policykg/doc/idx-11371000004359096D-2025-03372/result-04")
    isolated = URIRef("https://w3id.org/policykg/doc/测评-2025-1/result-02")
    assert without[manager].startswith("未关联任何举措或文件")
    assert without[isolated].startswith("所关联的举措与文件均无上位依据")


def test_fixture_provision_level_trace(fixture_store):
    rows = run(fixture_store, "trace-results", result="https://w3id.org/policykg/doc/测评-2025-1/result-01")
    provision = [r for r in rows if str(r["level"]) == "provision"]
    assert len(provision) == 1
    p = provision[0]
    assert p["directive"] == DOC["测部发-2018-3"] and str(p["provisionText"]) == "各地应当建设技术转移机构。"
    assert str(p["via"]) == "measure" and str(p["directiveNumber"]) == "测部发〔2018〕3号"
    documents = {r["directive"] for r in rows if str(r["level"]) == "document"}
    assert documents == {DOC["测部发-2018-3"], DOC["测省发-2016-2"], DOC["测省发-2020-7"]}


def test_fixture_basis_status_computed_from_dates(fixture_store):
    rows = run(fixture_store, "basis-status", document="测市发〔2021〕1号", asOf="2025-12-01")
    status = {r["basis"]: (r.get("statusAtIssue"), r.get("statusAsOf")) for r in rows}
    assert status == {
        DOC["测省发-2016-2"]: (CODE["status-expired"], CODE["status-expired"]),  # lapsed 2020-12-31
        DOC["测部发-2018-3"]: (CODE["status-in-force"], CODE["status-repealed"]),  # repealed 2023-06-30
        DOC["测省发-2020-7"]: (CODE["status-in-force"], CODE["status-amended"]),  # amended 2024-01-15
    }
    early = run(fixture_store, "basis-status", document="测市发〔2021〕1号", asOf="2016-01-01")
    assert {r["basis"]: r["statusAsOf"] for r in early}[DOC["测省发-2020-7"]] == CODE["status-not-yet-in-force"]


def test_fixture_expiring_documents_and_due_evaluations(fixture_store):
    rows = run(fixture_store, "expiring-documents", days="180", asOf="2025-12-01")
    got = [(r["document"], str(r["validUntil"]), r.get("evaluation"), str(r["evaluationStatus"])[:6]) for r in rows]
    assert got == [
        (DOC["测市发-2021-9"], "2026-01-31", None, "评估已到期，"),
        (DOC["测市发-2021-1"], "2026-03-31", URIRef("https://w3id.org/policykg/doc/测评-2025-1/evaluation"),
         "已在届满前6"),
    ]
    assert str(rows[0]["evaluationWindowStart"]) == "2025-07-31"
    assert run(fixture_store, "expiring-documents", days="30", asOf="2025-12-01") == []


def test_fixture_impact_is_transitive(fixture_store):
    rows = run(fixture_store, "impact-of-change", directive="测部发〔2018〕3号")
    docs = {(r["dependent"], r["depth"].toPython()) for r in rows if str(r["kind"]) == "document"}
    assert (DOC["测市发-2021-9"], 2) in docs and (DOC["测市发-2021-1"], 1) in docs
    paths = {(r["dependent"].split("/")[-1], str(r["path"])) for r in rows if str(r["kind"]) == "measure"}
    assert ("measure-02", "implements-provision") in paths and ("measure-03", "implements-document") in paths
    results = {r["dependent"].split("/")[-1] for r in rows if str(r["kind"]) == "result"}
    assert "result-01" in results and "result-02" not in results


def test_fixture_basis_chain_depth_and_cycle(fixture_store):
    rows = run(fixture_store, "basis-chain", document="测市发〔2021〕9号")
    assert [(r["basis"], r["depth"].toPython()) for r in rows] == [
        (DOC["测省发-2020-7"], 1), (DOC["测部发-2018-3"], 2)]
    cycle = run(fixture_store, "basis-chain", document="测环发〔2020〕1号")
    assert {(r["basis"], r["depth"].toPython()) for r in cycle} == {
        (DOC["测环发-2020-2"], 1), (DOC["测环发-2020-1"], 2)}


def test_fixture_checks_find_the_planted_defects(fixture_store):
    def rows(name):
        names, found = fixture_store.select(Q.load(name).text, {"asOf": Literal("2025-12-01", datatype=XSD.date)})
        return [dict(zip(names, r)) for r in found]
    assert {(r["focus"], r["value"]) for r in rows("checks/basis-cycle-violation")} == {
        (DOC["测环发-2020-1"], DOC["测环发-2020-2"]), (DOC["测环发-2020-2"], DOC["测环发-2020-1"])}


@pytest.mark.slow
def test_fixture_defects_that_the_shapes_own_are_found_once(policykg):
    """Late results and measures outside the basis chain are the shapes' job; no check query repeats them."""
    r = policykg("check", "--data", str(FIXTURES), "--as-of", "2025-12-01", "--format", "json")
    assert r.exit_code == 1, r.stderr
    found = [(f["rule"]["curie"], f["focus"]["iri"], json.dumps(f.get("value"), ensure_ascii=False))
             for f in json.loads(r.stdout)["findings"]]
    late = [f for f in found if f[0] == "shape:ResultPeriodNotBeforeEffect"]
    assert len(late) == 1 and late[0][1].endswith("测评-2025-1/result-01") and "2019" in late[0][2]
    outside = [f for f in found if f[0] == "shape:MeasureProvisionInBasisChain"]
    assert len(outside) == 1 and outside[0][1].endswith("measure-01") and "测外发-2017-5" in outside[0][2]


# ---------------------------------------------------------------------------------------------------------------
# Parameters: typed, bound, never pasted
# ---------------------------------------------------------------------------------------------------------------


class RecordingStore:
    """Wraps a store and records the text and bindings of every query."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def select(self, query, bindings=None):
        self.calls.append((query, dict(bindings or {})))
        return self.inner.select(query, bindings)

    def ask(self, query, bindings=None):
        self.calls.append((query, dict(bindings or {})))
        return self.inner.ask(query, bindings)

    def construct(self, query, bindings=None):
        return self.inner.construct(query, bindings)

    def graph(self):
        return self.inner.graph()


def test_parameters_are_bound_not_pasted(fixture_store):
    store = RecordingStore(fixture_store)
    q = Q.load("documents-by-issuer")
    hostile = '威海" } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } #\n'
    rows = Q.run(store, q, Q.bind(q, {"issuer": hostile}, store)).rows
    assert rows == []
    text, bindings = store.calls[-1]
    assert "DROP" not in text and bindings == {"issuer": Literal(hostile)}
    assert fixture_store.graph().query("ASK { <a:b> <a:c> <a:d> }").askAnswer is False


def test_docnumber_is_accepted_leniently_and_unknown_documents_are_refused(fixture_store):
    q = Q.load("basis-chain")
    for spelling in ("测市发〔2021〕9号", "测市发[2021]9号", "测市发（2021）09号", "doc:测市发-2021-9",
                     "<https://w3id.org/policykg/doc/测市发-2021-9>", "https://w3id.org/policykg/doc/测市发-2021-9"):
        assert Q.bind(q, {"document": spelling}, fixture_store) == {"document": DOC["测市发-2021-9"]}, spelling
    with pytest.raises(PolicyKGError, match=r"unknown document 测市发〔2021〕99号 \(doc:测市发-2021-99\)"):
        Q.bind(q, {"document": "测市发〔2021〕99号"}, fixture_store)
    with pytest.raises(PolicyKGError, match="neither a 文号"):
        Q.bind(q, {"document": "} ; DROP ALL"}, fixture_store)
    with pytest.raises(PolicyKGError, match="unknown IRI"):
        Q.bind(q, {"document": "doc:nothing-here"}, fixture_store)


@pytest.mark.slow
def test_a_title_is_accepted_for_a_document_without_number(bundled):
    q = Q.load("basis-chain")
    assert Q.bind(q, {"document": "省13大产业科技创新行动计划(2025-2027)"}, bundled) == {
        "document": DOC["省13大产业科技创新行动计划"]}


@pytest.mark.parametrize("name,params,message", [
    ("expiring-documents", {"days": "ten"}, "not an integer"),
    ("expiring-documents", {"days": "1e3"}, "not an integer"),
    ("expiring-documents", {"asOf": "2025-02-30"}, "not a date"),
    ("expiring-documents", {"asOf": "20250101"}, "not a date"),
    ("expiring-documents", {"weeks": "3"}, "unknown parameter 'weeks'"),
    ("basis-chain", {}, "needs --param document"),
    ("trace-results", {"result": "not an iri"}, "not an IRI"),
    ("trace-results", {"result": "https://x/}{"}, "not an IRI"),
])
def test_bad_parameters_are_one_clear_error(fixture_store, name, params, message):
    q = Q.load(name)
    with pytest.raises(PolicyKGError, match=re.escape(message)) as info:
        Q.bind(q, params, fixture_store)
    assert "\n" not in str(info.value)


def test_typed_conversion():
    store = None
    days = Q.Param("days", "integer", False)
    assert Q.convert(days, "-5", store) == Literal(-5, datatype=XSD.integer)
    assert Q.convert(Q.Param("d", "date", True), "2024-02-29", store) == Literal("2024-02-29", datatype=XSD.date)
    assert Q.convert(Q.Param("s", "string", True), 'a"b\n}', store) == Literal('a"b\n}')


def test_as_of_fills_the_asof_parameter_and_conflicts_are_refused(fixture_store):
    import datetime as dt
    q = Q.load("basis-status")
    b = Q.bind(q, {}, fixture_store, as_of=dt.date(2025, 1, 2))
    assert b["asOf"] == Literal("2025-01-02", datatype=XSD.date)
    with pytest.raises(PolicyKGError, match="disagree"):
        Q.bind(q, {"asOf": "2024-01-01"}, fixture_store, as_of=dt.date(2025, 1, 2))


def test_header_errors_are_refused(tmp_path):
    with pytest.raises(PolicyKGError, match="has type 'uri'"):
        Q.parse("#+ params: x (uri, required)\nSELECT ?x WHERE { ?x ?p ?o }", name="t")
    with pytest.raises(PolicyKGError, match="no \\?y"):
        Q.parse("#+ params: y (string, optional)\nSELECT ?x WHERE { ?x ?p ?o }", name="t")
    with pytest.raises(PolicyKGError, match="broken SPARQL"):
        Q.parse("SELECT ?x WHERE { ?x ?p ?o ", name="t")
    with pytest.raises(PolicyKGError, match="UPDATE is refused"):
        Q.parse("DELETE WHERE { ?s ?p ?o }", name="t")
    with pytest.raises(PolicyKGError, match="unknown option"):
        Q.parse("#+ params: x (string, sometimes)\nSELECT ?x WHERE { ?x ?p ?o }", name="t")


# ---------------------------------------------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------------------------------------------


def test_cli_queries_lists_the_library(policykg):
    r = policykg("queries")
    assert r.exit_code == 0, r.stderr
    for name in REQUIRED:
        assert name in r.stdout
    assert "--param directive (docnumber-or-iri, required)" in r.stdout
    assert "上位文件变动的影响范围 / What depends on a directive, transitively" in r.stdout
    assert "checks/basis-cycle-violation" in r.stdout and "[Violation, R-HIER-01]" in r.stdout
    listing = json.loads(policykg("queries", "--format", "json").stdout)
    assert {e["name"] for e in listing} == set(SAVED)


@pytest.mark.slow  # over 1.5 s: the fast subset stays under a minute
def test_cli_impact_table_names_documents_by_number(policykg):
    r = policykg("query", "impact-of-change", "--param", "directive=国科发创〔2016〕370号")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "kind"
    assert any(l.startswith("document") and "威政字〔2023〕40号" in l and "basis-chain" in l for l in lines)
    assert "https://w3id.org/policykg/doc/威政字-2023-40" not in r.stdout  # people read 文号, not IRIs
    assert re.search(r"^\(\d+ rows\)$", lines[-1])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_cli_machine_formats(policykg, fmt):
    r = policykg("query", "uncovered-provisions", "--param", "directive=国科发区〔2022〕5号", "--format", fmt)
    assert r.exit_code == 0, r.stderr
    if fmt == "json":
        doc = json.loads(r.stdout)
        assert doc["head"]["vars"][0] == "directive"
        first = doc["results"]["bindings"][0]
        assert first["directive"] == {"type": "uri", "value": str(GKFQ5)}
        assert first["provisionCount"]["datatype"].endswith("#integer")
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(r.stdout)))
        assert rows[0][0] == "directive" and rows[1][0] == str(GKFQ5) and r.stdout.endswith("\r\n")
    else:
        lines = r.stdout.splitlines()
        assert lines[0].startswith("?directive\t") and lines[1].startswith(f"<{GKFQ5}>\t")
        assert all(line.count("\t") == lines[0].count("\t") for line in lines)


def test_cli_user_query_file_with_params(policykg, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("#+ summary: 我的 / mine\n#+ params: d (docnumber-or-iri, required)\n"
                  "SELECT ?basis WHERE { ?d eli:based_on ?basis } ORDER BY ?basis\n", encoding="utf-8")
    r = policykg("query", str(rq), "--param", "d=威政字〔2023〕40号", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == ["basis", str(GKFC370), str(LZF38)]


@pytest.mark.parametrize("args,message", [
    (["query", "no-such-query"], "unknown query 'no-such-query'"),
    (["query", "impact-of-change"], "needs --param directive"),
    (["query", "impact-of-change", "--param", "directive=国科发创〔2016〕999号"], "unknown document"),
    (["query", "impact-of-change", "--param", "doc=x"], "unknown parameter 'doc'"),
    (["query", "impact-of-change", "--param", "directive"], "expected NAME=VALUE"),
    (["query", "expiring-documents", "--param", "days=soon"], "not an integer"),
    (["query", "basis-status", "--as-of", "yesterday"], "not a date"),
])
def test_cli_errors_are_one_line_exit_2(policykg, args, message):
    r = policykg(*args)
    assert r.exit_code == 2
    assert message in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_cli_broken_and_update_files_exit_2(policykg, tmp_path):
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x ?p \n", encoding="utf-8")
    r = policykg("query", str(broken))
    assert r.exit_code == 2 and "broken SPARQL" in r.stderr and r.stderr.count("\n") == 1
    update = tmp_path / "update.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    r = policykg("query", str(update))
    assert r.exit_code == 2 and "read-only" in r.stderr
    gbk = tmp_path / "gbk.rq"
    gbk.write_bytes("SELECT ?x WHERE { ?x ?p \"威海\" }".encode("gbk"))
    r = policykg("query", str(gbk))
    assert r.exit_code == 2 and "not UTF-8" in r.stderr


def test_cli_hostile_string_matches_nothing(policykg):
    r = policykg("query", "documents-by-issuer", "--param", "issuer=\"} ; DROP ALL ; #\nx", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"] == []


def test_cli_as_of_reaches_the_query(policykg):
    r = policykg("query", "expiring-documents", "--data", str(FIXTURES), "--as-of", "2025-12-01", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert [row[0].rsplit("/", 1)[-1] for row in csv.reader(io.StringIO(r.stdout))][1:] == [
        "测市发-2021-9", "测市发-2021-1"]
