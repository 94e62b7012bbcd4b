"""policykg.naming: the one way a node is named for people."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from policykg.namespaces import DCTERMS, DOC, PKG, SKOS
from policykg.naming import Names, document_name, iri_tail, pick, short_iri
from rdflib.namespace import RDFS

PLAN = DOC["威政字-2023-40"]
UNIT = URIRef("https://w3id.org/policykg/code/unit-percent")


def names(*rows) -> Names:
    return Names(rows)


def test_a_document_is_named_by_its_number_then_label_title_english():
    n = names((PLAN, RDFS.label, Literal("Weihai plan", lang="en")),
              (PLAN, DCTERMS.title, Literal("威海市人民政府关于印发……的通知")),
              (PLAN, PKG.docNumber, Literal("威政字〔2023〕40号")))
    assert n.name(PLAN) == "威政字〔2023〕40号"
    assert n.document(PLAN) == "威政字〔2023〕40号《威海市人民政府关于印发……的通知》"
    assert n.en(PLAN) == "Weihai plan"
    untitled = names((PLAN, DCTERMS.title, Literal("《某某方案》")))
    assert untitled.name(PLAN) == "《某某方案》" and untitled.document(PLAN) == "《某某方案》"


def test_chinese_label_wins_and_untagged_counts_as_chinese_and_preflabel_is_the_fallback():
    n = names((UNIT, SKOS.prefLabel, Literal("百分比", lang="zh")), (UNIT, RDFS.label, Literal("percent", lang="en")))
    assert n.zh(UNIT) == "百分比" and n.en(UNIT) == "percent"
    plain = names((UNIT, RDFS.label, Literal("%")), (UNIT, RDFS.label, Literal("percent", lang="en")))
    assert plain.name(UNIT) == "%"


def test_an_unnamed_node_gets_a_prefixed_name_never_a_bare_project_iri():
    assert names().name(PLAN) == "doc:威政字-2023-40"
    assert short_iri(URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert iri_tail(PLAN) == "威政字-2023-40" and "unnamed" in iri_tail(BNode())


def test_pick_and_document_name():
    label = pick([Literal("b", lang="zh"), Literal("a", lang="zh-CN"), Literal("A", lang="en")])
    assert (label.zh, label.en) == ("a", "A")
    assert pick([Literal("only", lang="en")]).zh == "only"
    assert document_name(None, "立法法") == "《立法法》" and document_name("国发〔2022〕18号", None) == "国发〔2022〕18号"
