"""policykg.rulebook.inference: the facts the rule book reads (rank tiers and order, basis chain, closure, review scope)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from policykg.errors import PolicyKGError
from policykg.rulebook.inference import CHECK_CONTEXT, apply_rules, enrich, load_rules
from policykg.load import load_data
from policykg.namespaces import DOC, ELI, PKG, RANK

AS_OF = dt.date(2025, 12, 5)
# not rdflib's XSD namespace object: pytest probes module attributes and XSD warns on unknown names
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def bundled() -> Graph:
    return load_data()


@pytest.fixture(scope="module")
def enriched(bundled: Graph) -> Graph:
    return enrich(bundled, as_of=AS_OF)


def small(turtle: str) -> Graph:
    prefixes = """@prefix pkg: <https://w3id.org/policykg/ns#> . @prefix eli: <http://data.europa.eu/eli/ontology#> .
    @prefix code: <https://w3id.org/policykg/code/> . @prefix ex: <https://w3id.org/policykg/test/infer/> .
    """
    return Graph().parse(data=prefixes + turtle, format="turtle")


EX = "https://w3id.org/policykg/test/infer/"


def test_every_rule_is_a_construct_with_a_header() -> None:
    rules = load_rules()
    assert [r.path.name for r in rules] == sorted(r.path.name for r in rules)
    assert {r.name for r in rules} == {"basis-chain", "effect-rank", "property-closure", "ranks-above",
                                       "ranks-above-unconfirmed", "ranks-equal", "review-scope", "type-closure"}
    for r in rules:
        assert r.path.read_text(encoding="utf-8").startswith("#+ summary: "), r.path


@pytest.mark.slow
def test_effect_rank_of_the_bundled_documents(enriched: Graph) -> None:
    tiers = {d: enriched.value(d, PKG.effectRank) for d in (
        DOC["威政字-2023-40"], DOC["威政发-2023-5"], DOC["鲁政发-2017-38"], DOC["国发-2022-18"],
        DOC["国科发创-2016-370"], DOC["立法法-2023-03-13"], DOC["优化营商环境条例-2019-10-22"])}
    assert tiers == {
        DOC["威政字-2023-40"]: RANK["municipal-government-document"],
        DOC["威政发-2023-5"]: RANK["municipal-government-document"],
        DOC["鲁政发-2017-38"]: RANK["provincial-government-document"],
        DOC["国发-2022-18"]: RANK["state-council-document"],
        DOC["国科发创-2016-370"]: RANK["state-council-department-document"],  # joint: 科技部 + 发改委, same tier
        DOC["立法法-2023-03-13"]: RANK.statute,
        DOC["优化营商环境条例-2019-10-22"]: RANK["admin-regulation"],
    }
    # one tier per document (pkg:effectRank is functional)
    for doc in set(enriched.subjects(PKG.effectRank, None)):
        assert len(set(enriched.objects(doc, PKG.effectRank))) == 1, doc


@pytest.mark.slow
def test_confirmed_order_is_closed_transitively_and_unconfirmed_kept_apart(enriched: Graph) -> None:
    above = set(enriched.subject_objects(PKG.ranksAbove))
    unconfirmed = set(enriched.subject_objects(PKG.ranksAboveUnconfirmed))
    assert (RANK.statute, RANK["municipal-government-document"]) in above  # 法律 > 行政法规 > 市规章 > 市文件
    assert (RANK["state-council-document"], RANK["municipal-government-document"]) in above
    # 国务院部门文件 vs 市政府文件: no relation at all (R-HIER-03)
    pair = (RANK["state-council-department-document"], RANK["municipal-government-document"])
    assert pair not in above and pair not in unconfirmed
    # a chain through an UNCONFIRMED link stays unconfirmed
    assert (RANK["state-council-department-document"], RANK["municipal-department-document"]) in unconfirmed
    assert (RANK["state-council-department-document"], RANK["municipal-department-document"]) not in above
    assert (RANK["admin-regulation"], RANK["state-council-document"]) in unconfirmed
    # equal rank is symmetric and not chained (省规章 outranks 市规章 although both equal 部门规章)
    equal = set(enriched.subject_objects(PKG.ranksEqual))
    assert (RANK["departmental-rule"], RANK["municipal-government-rule"]) in equal
    assert (RANK["municipal-government-rule"], RANK["departmental-rule"]) in equal
    assert (RANK["provincial-government-rule"], RANK["municipal-government-rule"]) not in equal
    assert all((b, a) not in above for a, b in above), "the confirmed order has no cycle"


@pytest.mark.slow
def test_basis_chain_includes_implements_policy(enriched: Graph) -> None:
    chain = set(enriched.objects(DOC["威政字-2023-40"], PKG.basisChain))
    assert chain == {DOC["国科发创-2016-370"], DOC["鲁政发-2017-38"], DOC["国发-2022-18"]}
    assert (DOC["威政字-2023-40"], ELI.based_on, DOC["国发-2022-18"]) in enriched  # 为落实 … is a basis


@pytest.mark.slow
def test_review_scope_is_the_weihai_documents(enriched: Graph) -> None:
    assert set(enriched.subjects(RDF.type, PKG.DocumentUnderReview)) == {DOC["威政字-2023-40"], DOC["威政发-2023-5"]}


@pytest.mark.slow
def test_check_context_and_input_left_alone(bundled: Graph, enriched: Graph) -> None:
    before = len(bundled)
    assert enriched.value(CHECK_CONTEXT, PKG.asOf) == Literal("2025-12-05", datatype=XSD_DATE)
    assert (CHECK_CONTEXT, RDF.type, PKG.CheckContext) in enriched
    assert (CHECK_CONTEXT, None, None) not in bundled and len(bundled) == before
    again = enrich(enriched, as_of=dt.date(2026, 11, 26))
    assert list(again.objects(CHECK_CONTEXT, PKG.asOf)) == [Literal("2026-11-26", datatype=XSD_DATE)]


def test_transitive_chain_over_several_levels() -> None:
    g = enrich(small("""
        ex:a eli:based_on ex:b . ex:b eli:based_on ex:c . ex:c pkg:implementsPolicy ex:d . ex:d eli:based_on ex:e .
    """), as_of=AS_OF)
    assert set(g.objects(URIRef(EX + "a"), PKG.basisChain)) == {URIRef(EX + x) for x in "bcde"}


def test_lead_issuer_decides_a_joint_document_and_mixed_levels_get_no_tier() -> None:
    g = enrich(small("""
        ex:province a pkg:Government ; pkg:adminLevel code:level-provincial .
        ex:department a pkg:Department ; pkg:adminLevel code:level-provincial .
        ex:city a pkg:Government ; pkg:adminLevel code:level-municipal .
        ex:led a pkg:PolicyDocument ; pkg:leadIssuer ex:province ; eli:passed_by ex:department .
        ex:mixed a pkg:PolicyDocument ; eli:passed_by ex:province , ex:city .
        ex:normative a pkg:NormativeDocument ; eli:passed_by ex:city .
        ex:lead-municipal a pkg:WorkPlan ; pkg:leadIssuer ex:city ; eli:passed_by ex:province .
    """), as_of=AS_OF)
    tier = lambda x: set(g.objects(URIRef(EX + x), PKG.effectRank))  # noqa: E731
    assert tier("led") == {RANK["provincial-government-document"]}
    assert tier("mixed") == set()
    assert tier("normative") == {RANK["municipal-government-document"]}  # a subclass of the tier's form
    under_review = set(g.subjects(RDF.type, PKG.DocumentUnderReview))
    # in scope: any issuer local when there is no lead; the lead's level when there is one
    assert under_review == {URIRef(EX + "mixed"), URIRef(EX + "normative"), URIRef(EX + "lead-municipal")}
    assert (URIRef(EX + "lead-municipal"), RDF.type, PKG.PolicyDocument) in g  # type closure


def test_explicit_review_and_bad_as_of() -> None:
    g = enrich(small("ex:draft a pkg:PolicyDocument ."), as_of=AS_OF, review=[URIRef(EX + "draft")])
    assert (URIRef(EX + "draft"), RDF.type, PKG.DocumentUnderReview) in g
    with pytest.raises(PolicyKGError):
        enrich(Graph(), as_of="2025-12-05")  # type: ignore[arg-type]


def test_rules_stop_at_a_fixpoint() -> None:
    g = small("ex:a eli:based_on ex:b . ex:b eli:based_on ex:a .")
    added = apply_rules(g)
    assert added > 0 and apply_rules(g) == 0
    assert (URIRef(EX + "a"), PKG.basisChain, URIRef(EX + "a")) in g


@pytest.mark.slow
def test_enrich_is_fast_on_the_bundled_data(bundled: Graph) -> None:
    start = time.perf_counter()
    enrich(bundled, as_of=AS_OF)
    assert time.perf_counter() - start < 10  # about 1 s on the reference machine; generous for CI


def test_rules_from_another_folder_and_broken_rules(tmp_path) -> None:
    (tmp_path / "copy.rq").write_text(
        "PREFIX pkg: <https://w3id.org/policykg/ns#>\nCONSTRUCT { ?a pkg:basisChain ?b } WHERE { ?a pkg:basisOf ?b }",
        encoding="utf-8")
    (rule,) = load_rules(tmp_path)
    assert rule.name == "copy" and rule.reads == frozenset({PKG.basisOf})
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.rq").write_text("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b", encoding="utf-8")
    with pytest.raises(PolicyKGError, match="bad.rq: broken inference rule"):
        load_rules(broken)
    select = tmp_path / "select"
    select.mkdir()
    (select / "s.rq").write_text("SELECT * WHERE { ?a ?b ?c }", encoding="utf-8")
    with pytest.raises(PolicyKGError, match="must be a CONSTRUCT"):
        load_rules(select)


def test_query_texts_are_prepared_once_and_rdflib_is_not_patched() -> None:
    from rdflib.plugins.sparql import processor

    from policykg.rulebook.prepared import PreparedQueryGraph, prepared_queries

    original = processor.SPARQLProcessor.query
    text = "SELECT ?s WHERE { ?s ?p ?o } # test_query_texts_are_prepared_once_and_rdflib_is_not_patched"
    g = PreparedQueryGraph()
    g += small("ex:a ex:p ex:b .")
    other = PreparedQueryGraph()
    other += small("ex:c ex:p ex:d . ex:e ex:p ex:f .")
    assert len(list(g.query(text))) == 1
    assert len(list(other.query(text))) == 2  # same text, other data
    assert sum(1 for key in prepared_queries() if key[0] == text) == 1
    assert processor.SPARQLProcessor.query is original
    assert isinstance(enrich(small("ex:a ex:p ex:b ."), as_of=AS_OF), PreparedQueryGraph)
