"""The Weihai case and its registry (organs, directives): what the data says, and that it is what the sources say.

The expected results come from tests/fixtures/case/expected-results.json, read off the seed report by hand, not
from the builder's tables; the checked-in Turtle must equal a fresh build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib import namespace as _ns
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from policykg.curation import case as case_builder
from policykg.curation.facts import Facts
from policykg.curation.nodes import strip_pinyin
from policykg.curation.schema import Reader
from policykg.curation.texts import SourceTexts
from policykg.errors import PolicyKGError
from policykg.identifiers import doc_iri
from policykg.load import load_all, load_files
from policykg.namespaces import CODE, DOC, ELI, ORG_ID, PKG, SRC
from policykg.resources import resource_dir

ROOT = Path(__file__).resolve().parent.parent

DATA = resource_dir("data")
EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "case" / "expected-results.json").read_text("utf-8"))
REPORT = DOC["idx-11371000004359096D-2025-03372"]
EVALUATION = URIRef(f"{REPORT}/evaluation")
OPINION, PLAN = doc_iri("威政发〔2023〕5号"), doc_iri("威政字〔2023〕40号")
D370, D5, D111 = doc_iri("国科发创〔2016〕370号"), doc_iri("国科发区〔2022〕5号"), doc_iri("国科发创〔2016〕111号")
D18, D38 = doc_iri("国发〔2022〕18号"), doc_iri("鲁政发〔2017〕38号")
ACTION_PLAN = DOC["省13大产业科技创新行动计划"]


def part(local: str) -> URIRef:
    return URIRef(f"{REPORT}/{local}")


@pytest.fixture(scope="module")
def case() -> Graph:
    """Only the files this builder writes."""
    return load_files([ROOT / rel for rel in case_builder.OUTPUTS])


@pytest.fixture(scope="module")
def bundle() -> Graph:
    """Ontology, code lists, rank order and every bundled data file (laws included)."""
    return load_all()


@pytest.fixture(scope="module")
def fresh() -> dict[str, bytes]:
    return case_builder.build(Reader(ROOT))


def excerpts_of(g: Graph, node: URIRef) -> list[str]:
    return [str(g.value(ex, PROV.value)) for ex in g.objects(node, PROV.wasDerivedFrom)]


def has_labels(g: Graph, node: URIRef) -> bool:
    langs = {lit.language for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}
    return {"zh", "en"} <= langs


# ---------------------------------------------------------------- the build


@pytest.mark.parametrize("rel", case_builder.OUTPUTS)
def test_checked_in_turtle_equals_a_fresh_build(fresh, rel):
    checked_in = Graph().parse(ROOT / rel, format="turtle")
    rebuilt = Graph().parse(data=fresh[rel].decode("utf-8"), format="turtle")
    assert len(checked_in) == len(rebuilt) and isomorphic(checked_in, rebuilt), \
        f"{rel} is stale: run python -m policykg.curation"
    assert fresh[rel] == (ROOT / rel).read_bytes(), f"{rel} is not byte-identical to a fresh build"


@pytest.mark.slow
def test_build_is_deterministic(fresh):
    assert case_builder.build(Reader(ROOT)) == fresh


def test_builder_refuses_missing_and_ambiguous_quotes():
    facts = Facts(SourceTexts(DATA))
    with pytest.raises(PolicyKGError, match="not found"):
        facts.excerpt("seed-000", "国家高新技术企业超1800家")
    with pytest.raises(PolicyKGError, match="more than once"):
        facts.excerpt("seed-000", "《意见》和《方案》出台以来")  # in 二(二) and in 三: needs an anchor
    with pytest.raises(PolicyKGError, match="not described"):
        facts.excerpt("text-999", "anything")
    assert len(facts.graph) == 0


@pytest.mark.slow
def test_data_loads_with_the_ontology(bundle):
    for node in (OPINION, PLAN, REPORT, EVALUATION, D370, D5, ORG_ID["威海市人民政府"]):
        assert (node, RDF.type, None) in bundle, node


@pytest.mark.slow
def test_every_linked_iri_is_defined(case, bundle):
    """No dangling links: every doc:/orgid:/code:/src: object the case uses has a type somewhere in the bundle."""
    ours = (str(DOC), str(ORG_ID), str(CODE), str(SRC))
    dangling = {o for s, p, o in case if isinstance(o, URIRef) and str(o).startswith(ours)
                and p not in (RDF.type,) and (o, RDF.type, None) not in bundle}
    assert not dangling, sorted(dangling)[:5]


# ---------------------------------------------------------------- results against the hand-made list


def result_nodes(g: Graph) -> list[URIRef]:
    nodes = set(g.subjects(RDF.type, PKG.QuantitativeResult)) | set(g.subjects(RDF.type, PKG.QualitativeResult))
    return sorted(nodes, key=lambda n: int(str(n).rsplit("-", 1)[1]))


def test_number_and_kinds_of_results_match_the_seed(case):
    nodes = result_nodes(case)
    expected = EXPECTED["results"]
    assert [str(n) for n in nodes] == [str(part(f"result-{e['n']:02d}")) for e in expected]
    quantitative = [e for e in expected if e["kind"] == "quantitative"]
    assert len(set(case.subjects(RDF.type, PKG.QuantitativeResult))) == len(quantitative) == 25
    assert len(set(case.subjects(RDF.type, PKG.QualitativeResult))) == len(expected) - 25 == 14


@pytest.mark.parametrize("exp", EXPECTED["results"], ids=lambda e: f"result-{e['n']:02d}")
def test_result_matches_the_seed(case, exp):
    node = part(f"result-{exp['n']:02d}")
    kind = PKG.QuantitativeResult if exp["kind"] == "quantitative" else PKG.QualitativeResult
    assert (node, RDF.type, kind) in case
    quotes = excerpts_of(case, node)
    assert any(exp["figure"] in q for q in quotes), (exp["figure"], quotes)
    value = case.value(node, PKG.value)
    if exp["value"] is None:
        assert value is None and case.value(node, PKG.unit) is None and case.value(node, PKG.comparator) is None
        assert case.value(node, PKG.achievementType) is not None
    else:
        assert value.datatype == _ns.XSD.decimal and value.toPython() == exp["value"]
        assert case.value(node, PKG.unit) == CODE[f"unit-{exp['unit']}"]
        assert case.value(node, PKG.comparator) == CODE[f"comparator-{exp['comparator']}"]
        indicator = case.value(node, PKG.indicator)
        assert indicator is not None and case.value(indicator, PKG.unit) == CODE[f"unit-{exp['unit']}"]
    period = case.value(node, PKG.period)
    assert (period and (str(period), period.datatype)) == (exp["period"] and (exp["period"], _ns.XSD.gYear))
    rank = case.value(node, PKG.rankPosition)
    assert (rank.toPython() if rank is not None else None) == exp["rank"]
    if rank is not None:
        assert str(case.value(node, PKG.rankScope)) == "全省"
    change = case.value(node, PKG.changeValue)
    assert (change.toPython() if change is not None else None) == exp.get("change")
    if change is not None:
        assert str(case.value(node, PKG.baselineLabel)) == "“十三五”末"
    area = case.value(node, PKG.inArea)
    assert area == (part(f"area-{exp['area']}") if exp["area"] else None)


def test_every_result_is_attributed_to_both_documents_and_reported(case):
    for node in result_nodes(case):
        assert set(case.objects(node, PKG.attributedTo)) == {OPINION, PLAN}, node
        assert case.value(node, PKG.reportedIn) == REPORT
        assert any("《意见》和《方案》出台以来" == q for q in excerpts_of(case, node))


def test_achieved_through_only_measures_of_the_same_area(case):
    linked = 0
    for node in result_nodes(case):
        for measure in case.objects(node, PKG.achievedThrough):
            linked += 1
            assert (measure, RDF.type, PKG.Measure) in case
            assert case.value(measure, PKG.inArea) == case.value(node, PKG.inArea), (node, measure)
    assert linked > 0
    # The summary sentence of 二(二) names no measure; area 3 only lists parallel achievements; training of
    # technology-transfer staff does not produce service institutions.
    for n in (1, 2, 3, 4, 14, 15, 16, 17, 19, 23, 39):
        assert not any(case.objects(part(f"result-{n:02d}"), PKG.achievedThrough)), n
    assert case.value(part("result-05"), PKG.achievedThrough) == part("measure-01")
    assert case.value(part("result-38"), PKG.achievedThrough) == part("measure-19")


def test_hundred_odd_is_explained(case):
    comments = [str(c) for c in case.objects(part("result-27"), RDFS.comment)]
    assert any("百余项" in c and "余" in c for c in comments)


# ---------------------------------------------------------------- labels and provenance


KINDS = [PKG.QuantitativeResult, PKG.QualitativeResult, PKG.Measure, PKG.PlannedMeasure, PKG.PolicyDocument,
         PKG.EvaluationReport, PKG.ImplementationArea, PKG.Evaluation, PKG.DimensionAssessment, PKG.Provision,
         PKG.Indicator, PKG.Legislature, PKG.Government, PKG.Department]


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.split("#")[-1])
def test_every_node_has_labels_and_an_excerpt(case, cls):
    nodes = set(case.subjects(RDF.type, cls))
    assert nodes, cls
    for node in nodes:
        assert has_labels(case, node), node
        quotes = excerpts_of(case, node)
        assert quotes and all(q != "None" for q in quotes), node


def test_indicators_have_skos_labels_and_a_unit(case):
    for node in case.subjects(RDF.type, PKG.Indicator):
        assert {lit.language for lit in case.objects(node, SKOS.prefLabel)} == {"zh", "en"}
        assert case.value(node, PKG.unit) is not None


def test_every_derivation_points_at_an_excerpt(case):
    for node, ex in case.subject_objects(PROV.wasDerivedFrom):
        assert (ex, RDF.type, PKG.Excerpt) in case, (node, ex)


# ---------------------------------------------------------------- documents


def test_weizhengzi_40_as_its_text_states(case):
    assert str(case.value(PLAN, PKG.docNumber)) == "威政字〔2023〕40号"
    assert case.value(PLAN, ELI.date_document) == Literal("2023-07-16", datatype=_ns.XSD.date)
    assert set(case.objects(PLAN, ELI.based_on)) == {D370, D38}
    assert set(case.objects(PLAN, PKG.implementsPolicy)) == {D18}
    assert case.value(PLAN, ELI.passed_by) == ORG_ID["威海市人民政府"]
    assert (PLAN, PKG.genre, CODE["genre-notice"]) in case
    assert (PLAN, PKG.instrumentForm, CODE["form-implementation-plan"]) in case
    for absent in (ELI.date_publication, ELI.first_date_entry_in_force, ELI.date_no_longer_in_force,
                   PKG.validityPeriod):
        assert case.value(PLAN, absent) is None, absent


def test_weizhengfa_5_has_no_invented_basis(case):
    assert case.value(OPINION, ELI.based_on) is None
    assert case.value(OPINION, ELI.date_document) is None
    assert (OPINION, PKG.genre, CODE["genre-opinion"]) in case
    assert (OPINION, PKG.instrumentForm, CODE["form-implementing-opinion"]) in case
    # The issuer rests on the research note, and only there.
    sources = {case.value(ex, PROV.wasQuotedFrom) for ex in case.objects(OPINION, PROV.wasDerivedFrom)
               if (ex, PKG.attests, ELI.passed_by) in case}
    assert sources == {SRC["legal-rules"]}


def test_report_as_a_document(case):
    assert (REPORT, RDF.type, PKG.EvaluationReport) in case
    assert str(case.value(REPORT, PKG.indexNumber)) == "11371000004359096D/2025-03372"
    assert case.value(REPORT, ELI.passed_by) == ORG_ID["威海市科学技术局"]
    assert case.value(REPORT, ELI.date_document) == Literal("2025-12-05", datatype=_ns.XSD.date)
    assert case.value(REPORT, PKG.docNumber) is None  # the page's 文号 field is empty
    assert str(case.value(REPORT, DCTERMS.title)).endswith("实施后评估情况的报告")


def test_evaluation(case):
    ev = EVALUATION
    assert set(case.objects(ev, PKG.evaluates)) == {OPINION, PLAN}
    assert case.value(ev, PKG.evaluator) == ORG_ID["威海市科学技术局"]
    assert case.value(ev, PKG.evaluationReport) == REPORT
    assert len(set(case.objects(ev, PKG.declaresDimension))) == 4
    assessments = set(case.objects(ev, PKG.hasAssessment))
    assert assessments == {part("assessment-legality"), part("assessment-implementation")}
    assessed = {d for a in assessments for d in case.objects(a, PKG.dimension)}
    assert CODE["dimension-problems"] not in assessed  # there is no problems section: the gap stays visible
    assert set(case.objects(ev, PKG.assessedConformityWith)) == {D5, D370}
    assert case.value(ev, PKG.conclusion) == CODE["conclusion-continue"]
    assert case.value(ev, PKG.validityDecision) == CODE["validity-decision-none-for-now"]
    assert str(case.value(ev, PKG.rationale)).startswith("鉴于科技部尚未对国家创新型城市建设进行验收")


def test_areas(case):
    areas = sorted(case.subjects(RDF.type, PKG.ImplementationArea))
    assert [str(a) for a in areas] == [str(part(f"area-{n}")) for n in range(1, 7)]
    for a in areas:
        assert case.value(a, PKG.areaOf) == EVALUATION
        assert set(case.objects(a, PKG.areaConcerns)) == {OPINION, PLAN}
    assert str(case.value(part("area-1"), RDFS.label, any=True)) in {"1.自主创新能力不断增强",
                                                                    "Area 1: independent innovation capacity keeps growing"}


# ---------------------------------------------------------------- measures


def test_measures(case):
    implemented = set(case.subjects(RDF.type, PKG.Measure))
    planned = set(case.subjects(RDF.type, PKG.PlannedMeasure))
    assert len(implemented) == 19 and len(planned) == 5
    for m in implemented:
        assert set(case.objects(m, PKG.measureOf)) == {OPINION, PLAN}
        assert case.value(m, PKG.inArea) is not None
        # No source names a provision (or document) a reported measure implements: the gap stays visible.
        assert case.value(m, PKG.implements) is None, m
    labels = {str(lbl) for m in implemented for lbl in case.objects(m, RDFS.label)}
    for phrase in ("大力实施科技型企业梯次培育工程", "探索“揭榜制”等新型科研攻关组织形式", "加强科技成果转化中试示范跟踪管理"):
        assert phrase in labels


def test_planned_measures(case):
    planned = sorted(case.subjects(RDF.type, PKG.PlannedMeasure), key=str)
    numbers = [str(case.value(m, PKG.number)) for m in planned]
    assert numbers == ["(一)", "(二)", "(三)", "(四)", "(五)"]
    for m in planned:
        assert case.value(m, PKG.plannedIn) == EVALUATION
    implements = {(m, t) for m in planned for t in case.objects(m, PKG.implements)}
    assert implements == {(planned[0], ACTION_PLAN)}


# ---------------------------------------------------------------- registry


def test_directive_370(case):
    assert set(case.objects(D370, ELI.passed_by)) == {ORG_ID["科学技术部"], ORG_ID["国家发展和改革委员会"]}
    assert case.value(D370, PKG.leadIssuer) == ORG_ID["科学技术部"]
    assert case.value(D370, ELI.date_document) == Literal("2016-12-01", datatype=_ns.XSD.date)
    assert str(case.value(D370, PKG.docNumber)) == "国科发创〔2016〕370号"
    provisions = set(case.subjects(PKG.provisionOf, D370))
    assert len(provisions) == 3
    truncated = [p for p in provisions if any("incomplete" in str(c) for c in case.objects(p, RDFS.comment))]
    assert [str(p) for p in truncated] == [f"{D370}/guideline/para-1"]


def test_directive_111_metadata(case):
    assert case.value(D111, ELI.date_document) == Literal("2016-04-12", datatype=_ns.XSD.date)
    assert case.value(D111, ELI.date_publication) == Literal("2016-04-14", datatype=_ns.XSD.date)
    assert str(case.value(D111, PKG.indexNumber)) == "306-32-2016-138"
    assert case.value(D111, ELI.passed_by) == ORG_ID["科学技术部"]
    assert len(set(case.subjects(PKG.provisionOf, D111))) == 1


def test_directive_5_text_is_cleaned_but_quoted_verbatim(case):
    provisions = sorted(case.subjects(PKG.provisionOf, D5), key=str)
    assert len(provisions) == 4
    for p in provisions:
        text = str(case.value(p, PKG.text))
        (quote,) = excerpts_of(case, p)
        assert re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", quote), "the excerpt keeps the noise"
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), text
        assert text == strip_pinyin(quote)
        assert any("拼音" in str(c) for c in case.objects(p, RDFS.comment))
    first = str(case.value(URIRef(f"{D5}/para-1"), PKG.text))
    assert "創新型城市" in first and "(城市名單見附件)" in first  # traditional kept, real brackets kept


def test_strip_pinyin_keeps_chinese_brackets():
    assert strip_pinyin("創(chuàng)新(城市名單見附件)區(qū)") == "創新(城市名單見附件)區"


def test_cited_only_directives_have_no_provisions(case):
    for doc in (D18, D38, ACTION_PLAN):
        assert not any(case.subjects(PKG.provisionOf, doc)), doc
    assert case.value(D18, ELI.passed_by) == ORG_ID["国务院"]
    assert case.value(D38, ELI.passed_by) == ORG_ID["山东省人民政府"]
    assert case.value(ACTION_PLAN, ELI.passed_by) is None and case.value(ACTION_PLAN, PKG.docNumber) is None


@pytest.mark.slow
def test_organs(case, bundle):
    expected = {
        "全国人民代表大会": (PKG.Legislature, "central"), "全国人民代表大会常务委员会": (PKG.Legislature, "central"),
        "国务院": (PKG.Government, "state-council"), "科学技术部": (PKG.Department, "state-council-department"),
        "国家发展和改革委员会": (PKG.Department, "state-council-department"),
        "山东省人民代表大会常务委员会": (PKG.Legislature, "provincial"), "山东省人民政府": (PKG.Government, "provincial"),
        "威海市人民代表大会常务委员会": (PKG.Legislature, "municipal"), "威海市人民政府": (PKG.Government, "municipal"),
        "威海市科学技术局": (PKG.Department, "municipal"),
    }
    for name, (cls, level) in expected.items():
        node = ORG_ID[name]
        assert (node, RDF.type, cls) in case, name
        assert case.value(node, PKG.adminLevel) == CODE[f"level-{level}"], name
    supervised = set(case.subject_objects(PKG.supervisedBy))
    assert supervised == {(ORG_ID["威海市科学技术局"], ORG_ID["威海市人民政府"]),
                          (ORG_ID["威海市人民政府"], ORG_ID["山东省人民政府"]),
                          (ORG_ID["山东省人民政府"], ORG_ID["国务院"])}
    for organ, _ in supervised:
        articles = set(case.objects(organ, DCTERMS.source))
        assert articles and all((a, RDF.type, PKG.Provision) in bundle for a in articles), organ
