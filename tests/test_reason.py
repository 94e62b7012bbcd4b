"""`policykg reason`: HermiT finds the model consistent, explains an inconsistency, materialises inferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdflib import RDF, Graph

from conftest import requires_tool
from policykg.namespaces import DOC, PKG

FIX = Path(__file__).parent / "fixtures" / "reason"
pytestmark = requires_tool("java")


@pytest.mark.slow
def test_bundled_ontology_and_data_are_consistent(policykg):
    r = policykg("reason")
    assert r.exit_code == 0, r.stderr + r.stdout
    assert "一致 / consistent" in r.stdout


@pytest.mark.slow
def test_inconsistency_is_reported_in_plain_words(policykg):
    r = policykg("reason", "--data", str(FIX / "inconsistent.ttl"))
    assert r.exit_code == 1
    assert "不一致" in r.stdout and "INCONSISTENT" in r.stdout
    # names the individual by its label and both disjoint classes, in both languages
    assert "测试发〔2024〕1号 同时属于互斥的类 政策性文件 与 实施后评估报告" in r.stdout
    assert "is both policy document and post-implementation evaluation report" in r.stdout


@pytest.mark.slow
def test_materialises_transitive_chain_inverse_links_and_classes(policykg, tmp_path):
    out = tmp_path / "inferred.ttl"
    r = policykg("reason", "--data", str(FIX / "chain.ttl"), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    g = Graph().parse(out)
    county, city, province = DOC["测县发-2024-3"], DOC["测市发-2023-2"], DOC["测省发-2022-1"]
    assert (county, PKG.basisChain, city) in g              # eli:based_on ⊑ pkg:basisChain
    assert (county, PKG.basisChain, province) in g          # transitive closure
    assert (province, PKG.basisOf, city) in g                # inverse link
    assert (county, RDF.type, PKG.PolicyDocument) in g  # inferred superclass


def test_without_java_it_says_so_and_exits_2(policykg, monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    monkeypatch.setenv("PATH", "/nonexistent")
    r = policykg("reason", "--data", str(FIX / "chain.ttl"))
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0
    assert "Java" in r.stderr and "Traceback" not in r.stderr
