"""pySHACL is the reference; a faster engine with its API must give the same findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.rulebook.engines import engine_names

DRAFTS = Path(__file__).parent / "fixtures" / "check" / "drafts"


def _findings(policykg, engine: str, *args: str):
    r = policykg("check", "--as-of", "2026-11-26", "--format", "json", "--engine", engine, *args)
    assert r.exit_code in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]


def test_turbo_engine_is_registered():
    assert {"pyshacl", "pyshacl-turbo"} <= set(engine_names())


@pytest.mark.slow
@pytest.mark.parametrize("args", [(), (str(DRAFTS / "violating.ttl"), str(DRAFTS / "expired.ttl"))],
                         ids=["bundled-graph", "fixture-drafts"])
def test_pyshacl_turbo_gives_the_reference_findings(policykg, args):
    pytest.importorskip("pyshacl_turbo", reason="installed by the test extras")
    reference = _findings(policykg, "pyshacl", *args)
    assert reference
    assert _findings(policykg, "pyshacl-turbo", *args) == reference


# ---------------------------------------------------------------------------------------------------------------
# The oxigraph engine: the rule book compiled to SPARQL must give pySHACL's results, result for result
# ---------------------------------------------------------------------------------------------------------------

import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402

from rdflib import Graph, Literal, URIRef  # noqa: E402

from policykg.check.run import check  # noqa: E402
from policykg.errors import PolicyKGError  # noqa: E402
from policykg.load import data_paths, load_files  # noqa: E402
from policykg.namespaces import SH  # noqa: E402
from policykg.render import FORMATS, render  # noqa: E402
from policykg.rulebook.compiled import UnsupportedShape, compile_shapes  # noqa: E402
from policykg.rulebook.engines import get_engine, result_signatures  # noqa: E402
from policykg.rulebook.inference import enrich, enrich_store  # noqa: E402
from policykg.rulebook.model import RuleBook  # noqa: E402
from policykg.rulebook.oxigraph_engine import load_graph  # noqa: E402

from test_shapes import CASE_FILES, read_case  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


def assert_same_results(enriched: Graph, shapes: Graph, what: str) -> int:
    reference = result_signatures(get_engine("pyshacl").validate(enriched, shapes))
    compiled = result_signatures(get_engine("oxigraph").validate(enriched, shapes))
    assert compiled == reference, (
        f"{what}: only pySHACL: {sorted(map(str, (reference - compiled).elements()))[:3]}; "
        f"only oxigraph: {sorted(map(str, (compiled - reference).elements()))[:3]}")
    return sum(reference.values())


def test_oxigraph_engine_is_registered():
    assert "oxigraph" in engine_names() and get_engine("oxigraph").name == "oxigraph"


@pytest.mark.slow
def test_oxigraph_gives_pyshacls_results_on_every_shape_case():
    shapes = RuleBook.load().shapes
    total = 0
    for path in CASE_FILES:
        case = read_case(path)
        total += assert_same_results(enrich(case.data, as_of=case.as_of), shapes, path.name)
    assert total > len(CASE_FILES) // 2  # the violating cases do produce results: the comparison is not empty


@pytest.mark.slow
def test_oxigraph_gives_pyshacls_results_on_the_bundled_data():
    enriched = enrich(load_files(data_paths(None)), as_of=AS_OF)
    assert assert_same_results(enriched, RuleBook.load().shapes, "bundled data") >= 30


@pytest.mark.slow
@pytest.mark.parametrize("drafts", [(), (DRAFTS / "violating.ttl", DRAFTS / "expired.ttl")],
                         ids=["bundled-graph", "fixture-drafts"])
def test_oxigraph_renders_the_same_bytes_as_pyshacl(drafts):
    reference = check(list(drafts), as_of=AS_OF, engine="pyshacl")
    compiled = check(list(drafts), as_of=AS_OF, engine="oxigraph")
    assert compiled.engine == "oxigraph" and reference.findings
    compiled = dataclasses.replace(compiled, engine=reference.engine)  # the only line that may differ
    for fmt in FORMATS:
        assert render(compiled, fmt) == render(reference, fmt), fmt


@pytest.mark.slow
def test_store_enrichment_adds_what_enrich_adds():
    data = load_files(data_paths(None))
    in_store = load_graph(data)
    enrich_store(in_store, as_of=AS_OF, review=[URIRef("https://w3id.org/policykg/doc/威政字-2023-40")])
    reference = enrich(data, as_of=AS_OF, review=[URIRef("https://w3id.org/policykg/doc/威政字-2023-40")])
    # compared as Oxigraph holds them (it stores xsd:nonNegativeInteger literals as xsd:integer)
    assert set(in_store) == set(load_graph(reference))
    assert len(reference) > len(data)


UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://w3id.org/policykg/test/> .
ex:AtMostOneTitle a sh:PropertyShape ; sh:targetClass ex:Doc ; sh:path ex:title ; sh:maxCount 1 ;
    sh:message "至多一个标题"@zh , "At most one title"@en .
"""


def test_oxigraph_refuses_a_component_it_does_not_implement():
    shapes = Graph().parse(data=UNSUPPORTED, format="turtle")
    with pytest.raises(UnsupportedShape, match=r"AtMostOneTitle> uses .*#maxCount>, which the oxigraph engine"):
        compile_shapes(shapes)
    assert issubclass(UnsupportedShape, PolicyKGError)  # the CLI reports it in one line, exit 2


@pytest.mark.slow
def test_oxigraph_refusal_on_the_command_line(policykg, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(UNSUPPORTED, encoding="utf-8")
    r = policykg("check", "--as-of", "2026-11-26", "--engine", "oxigraph", "--shapes", str(shapes))
    assert r.exit_code == 2
    assert "maxCount" in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_oxigraph_skips_deactivated_shapes_and_fills_messages():
    shapes = Graph().parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://w3id.org/policykg/test/> .
ex:Off a sh:NodeShape ; sh:targetClass ex:Doc ; sh:deactivated true ; sh:message "off" ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this a ex:Doc }" ] .
ex:Named a sh:NodeShape ; sh:targetSubjectsOf ex:title ; sh:severity sh:Warning ;
    sh:message "标题 {?value} 属于 {$this}"@zh ;
    sh:sparql [ sh:prefixes ex:none ; sh:select "SELECT $this ?value WHERE { $this <https://w3id.org/policykg/test/title> ?value }" ] .
ex:Untitled a sh:NodeShape ; sh:targetClass ex:Doc ; sh:message "{?value} 无副标题" ;
    sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <https://w3id.org/policykg/test/subtitle> ?s } }" ] .
""", format="turtle")
    data = Graph().parse(data="""
@prefix ex: <https://w3id.org/policykg/test/> .
ex:a a ex:Doc ; ex:title "甲" . ex:b ex:title "乙" .
""", format="turtle")
    got = result_signatures(get_engine("oxigraph").validate(data, shapes))
    assert got == result_signatures(get_engine("pyshacl").validate(data, shapes))
    assert {(k[0].rsplit("/", 1)[-1], k[5][0][0]) for k in got} == {
        ("a", "标题 甲 属于 https://w3id.org/policykg/test/a"), ("b", "标题 乙 属于 https://w3id.org/policykg/test/b"),
        ("a", "https://w3id.org/policykg/test/a 无副标题")}  # a node shape's value is its focus node
    assert all(k[4] == SH.Warning and k[3] == Literal(k[5][0][0][3]) for k in got if k[1].endswith("Named"))


# ---------------------------------------------------------------------------------------------------------------
# FILTER NOT EXISTS looked up per row (compiled.lookup_not_exists): same solutions as the NOT EXISTS it replaces
# ---------------------------------------------------------------------------------------------------------------

from policykg.rulebook.compiled import lookup_not_exists  # noqa: E402

_ABSENCE_DATA = """
@prefix : <https://example.org/> .
:m1 :implements :doc1 .
:m2 :implements :doc1 , :p1 .
:m3 :implements :p2 ; :rank 1 .
:m4 :implements :doc2 ; :rank 2 .
:p1 a :Provision .  :p2 a :Provision ; :rank 1 .
:doc2 :rank 3 .
"""

_ABSENCE_QUERIES = {
    # the measure-implements-document-only form: two NOT EXISTS, one sharing ?value, one sharing ?this
    "two-absences": """SELECT DISTINCT ?this ?value WHERE {
        ?this :implements ?value .
        FILTER NOT EXISTS { ?value a :Provision }
        FILTER NOT EXISTS { ?this :implements ?provision . ?provision a :Provision } }""",
    # P's FILTER reads ?limit, bound by a BIND after the NOT EXISTS: the rewrite must come after it
    "bound-later": """SELECT ?this ?value WHERE {
        ?this :implements ?value .
        FILTER (NOT EXISTS { ?value :rank ?r . FILTER (?r < ?limit) })
        BIND (3 AS ?limit) }""",
    # no DISTINCT: one row per surviving solution, never one per match of P
    "multiplicity": """SELECT ?this WHERE {
        ?this :implements ?value .
        OPTIONAL { ?this :rank ?own }
        FILTER NOT EXISTS { ?value :rank ?other . FILTER (!BOUND(?own) || ?other > ?own) } }""",
}


@pytest.mark.parametrize("name", sorted(_ABSENCE_QUERIES))
def test_not_exists_lookup_gives_the_same_solutions(name):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(_ABSENCE_DATA.encode(), ox.RdfFormat.TURTLE)
    query = "PREFIX : <https://example.org/>\n" + _ABSENCE_QUERIES[name]
    rewritten = lookup_not_exists(query)
    assert "NOT EXISTS" not in rewritten and "LATERAL" in rewritten

    def rows(text):
        return sorted(tuple(str(t) if t is not None else None for t in s) for s in store.query(text))

    assert rows(rewritten) == rows(query)
    assert rows(query), "the data must give solutions, or the comparison proves nothing"


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?x ?p ?o FILTER EXISTS { ?x ?q ?y FILTER NOT EXISTS { ?y ?r ?z } } }",  # inside EXISTS
    "SELECT ?x WHERE { ?x ?p ?o FILTER (NOT EXISTS { ?x ?q ?y } || ?o = 1) }",  # combined with another expression
    "SELECT ?x WHERE { ?x ?p ?o FILTER NOT EXISTS { ?x ?q ?y OPTIONAL { ?y ?r ?z } } }",  # P has a group
    "SELECT ?x WHERE { ?x ?p ?o FILTER NOT EXISTS { { ?x ?q ?y } UNION { ?y ?q ?x } } }",
    "SELECT * WHERE { ?x ?p ?o FILTER NOT EXISTS { ?x ?q ?y } }",  # P's variables would be projected
    "SELECT ?x WHERE { ?x ?p 'FILTER NOT EXISTS { ?x ?q ?y }' }",  # in a string
], ids=["in-exists", "combined", "optional", "union", "select-star", "string"])
def test_not_exists_lookup_leaves_other_forms_alone(query):
    assert lookup_not_exists(query) == query
