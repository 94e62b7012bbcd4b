"""The vocabulary: it parses, every term is labelled in zh and en, and the data uses only declared terms."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg import resources
from policykg.load import load_data, load_ontology
from policykg.namespaces import CODE, PKG

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_data()


def langs(graph: Graph, node, *props) -> set[str]:
    return {o.language for p in props for o in graph.objects(node, p) if isinstance(o, Literal)}


def test_ontology_files_parse(ontology):
    names = {p.name for p in resources.ontology_files()}
    assert {"policykg.ttl", "codelists.ttl", "rank.ttl"} <= names
    assert (None, RDF.type, OWL.Ontology) in ontology


def test_every_term_has_zh_and_en_labels(ontology):
    missing = []
    for t in TERM_TYPES:
        for term in ontology.subjects(RDF.type, t):
            if langs(ontology, term, RDFS.label) < {"zh", "en"}:
                missing.append(str(term))
    assert not missing, f"terms without zh+en rdfs:label: {missing}"


def test_every_concept_and_scheme_has_zh_and_en_pref_labels(ontology):
    missing = [str(c) for t in (SKOS.Concept, SKOS.ConceptScheme) for c in ontology.subjects(RDF.type, t)
               if langs(ontology, c, SKOS.prefLabel) < {"zh", "en"}]
    assert not missing, missing


def test_rank_tiers_and_relations_are_labelled_and_sourced(ontology):
    tiers = set(ontology.subjects(RDF.type, PKG.RankTier))
    relations = set(ontology.subjects(RDF.type, PKG.RankRelation))
    assert len(tiers) >= 10 and len(relations) >= 20
    for node in tiers | relations:
        assert langs(ontology, node, RDFS.label) >= {"zh", "en"}, node
    for rel in relations:
        assert ontology.value(rel, PKG.evidenceStatus) is not None, rel


def test_code_lists_required_by_the_model_exist(ontology):
    for scheme in ("genre", "level", "status", "conclusion", "comparator", "unit", "dimension", "evidence"):
        assert list(ontology.subjects(SKOS.inScheme, CODE[scheme])), scheme
    # the 15 legal genres of 党政机关公文处理工作条例 第8条
    assert len(list(ontology.subjects(SKOS.inScheme, CODE.genre))) == 15


@pytest.mark.slow
def test_data_uses_only_declared_terms(ontology, data):
    """A typo in a predicate or class in data/ must not pass silently."""
    declared = set()
    for t in TERM_TYPES + (RDF.Property,):
        declared |= set(ontology.subjects(RDF.type, t))
    builtin = {RDF.type, RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.inScheme,
               SKOS.notation, SKOS.topConceptOf}
    used_predicates = set(data.predicates()) - builtin
    undeclared = sorted(str(p) for p in used_predicates if p not in declared
                        and not str(p).startswith("http://www.w3.org/ns/shacl#"))
    assert not undeclared, f"predicates used in data/ but not declared in ontology/: {undeclared}"
    used_classes = set(data.objects(None, RDF.type))
    undeclared_classes = sorted(str(c) for c in used_classes if c not in declared and (c, RDF.type, OWL.Class) not in ontology)
    assert not undeclared_classes, undeclared_classes
