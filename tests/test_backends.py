"""Every verb on every backend: bundled in memory, a store folder (--store), a SPARQL endpoint (--endpoint).

The endpoint is a real `oxigraph serve-read-only` on 127.0.0.1 serving the same store folder; the findings,
query rows, traces and counts must be identical on all three.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from oxigraph_server import oxigraph_endpoint
from policykg.registry.persist import StoreDir
from policykg.store import with_values

DRAFTS = Path(__file__).parent / "fixtures" / "check" / "drafts"
GOOD_DRAFTS = sorted(p for p in DRAFTS.glob("*.ttl") if p.name != "broken.ttl")


@pytest.fixture(scope="module")
def endpoint(bundled_store):
    with oxigraph_endpoint(StoreDir(bundled_store).current()) as url:
        yield url


@pytest.fixture(scope="module")
def backends(bundled_store, endpoint):
    return {"memory": [], "store": ["--store", str(bundled_store)], "endpoint": ["--endpoint", endpoint]}


def _all_three(policykg, backends, *args, codes=(0,)):
    out = {}
    for name, extra in backends.items():
        res = policykg(*args, *extra)
        assert res.exit_code in codes, (name, res.stderr)
        out[name] = res.stdout
    return out


@pytest.mark.slow
@pytest.mark.parametrize("draft", GOOD_DRAFTS, ids=lambda p: p.stem)
def test_draft_findings_identical_on_every_backend(policykg, backends, draft):
    out = _all_three(policykg, backends, "check", str(draft), "--as-of", "2026-11-26", "--format", "json",
                     codes=(0, 1))
    findings = {k: json.loads(v)["findings"] for k, v in out.items()}
    assert findings["memory"], "the comparison needs findings"
    assert findings["store"] == findings["memory"]
    assert findings["endpoint"] == findings["memory"]


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("query", "basis-status", "--as-of", "2026-01-01", "--format", "json"),
    ("query", "impact-of-change", "--param", "directive=国科发创〔2016〕370号", "--format", "json"),
    ("query", "describe-node", "--param", "node=https://w3id.org/policykg/doc/威政字-2023-40", "--as-of", "2026-01-01",
     "--format", "json"),  # asOf is used inside a UNION branch: the binding must reach it there too
    ("trace", "--all", "--format", "json"),
    ("export", "--view", "trace", "--format", "cyjs"),
], ids=["basis-status", "impact-of-change", "describe-node", "trace", "export"])
def test_queries_traces_exports_identical_on_every_backend(policykg, backends, args):
    out = _all_three(policykg, backends, *args)
    assert out["memory"].strip()
    assert out["store"] == out["memory"]
    assert out["endpoint"] == out["memory"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "turtle", "html"])
def test_whole_registry_check_identical_on_every_backend(policykg, backends, fmt):
    # no draft: the store validates a copy of itself in pyoxigraph, the endpoint's data is fetched whole
    out = _all_three(policykg, backends, "check", "--as-of", "2026-11-26", "--format", fmt, codes=(1,))
    assert out["memory"].strip()
    assert out["store"] == out["memory"]
    assert out["endpoint"] == out["memory"]


def test_whole_registry_check_on_a_store_reads_no_rdflib_graph(policykg, bundled_store, monkeypatch):
    from policykg.store import OxigraphStore

    def whole_graph(self):
        raise AssertionError("the whole registry was converted to rdflib")

    monkeypatch.setattr(OxigraphStore, "graph", whole_graph)
    res = policykg("check", "--store", str(bundled_store), "--as-of", "2026-11-26", "--format", "json")
    assert res.exit_code == 1, res.stderr
    assert json.loads(res.stdout)["findings"]


@pytest.mark.slow
def test_whole_registry_check_refuses_a_large_endpoint(policykg, endpoint, monkeypatch):
    import policykg.check.run as run

    monkeypatch.setattr(run, "ENDPOINT_WHOLE_CHECK_LIMIT", 1000)
    res = policykg("check", "--endpoint", endpoint, "--as-of", "2026-11-26")
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "triples" in res.stderr and "--store" in res.stderr
    drafted = policykg("check", str(DRAFTS / "violating.ttl"), "--endpoint", endpoint, "--as-of", "2026-11-26")
    assert drafted.exit_code == 1, drafted.stderr  # a draft check reads a bounded part: never refused


@pytest.mark.slow
def test_build_counts_the_same_classes(policykg, backends):
    out = _all_three(policykg, backends, "build", "--format", "json")
    counts = {k: json.loads(v)["counts"] for k, v in out.items()}
    assert counts["store"] == counts["memory"] == counts["endpoint"]


def test_unreachable_endpoint_is_one_line_exit_2(policykg):
    from oxigraph_server import free_port

    res = policykg("query", "basis-status", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert res.exit_code == 2 and "cannot reach the endpoint" in res.stderr and "Traceback" not in res.stderr


def test_store_and_endpoint_together_is_refused(policykg, tmp_path):
    # refused before either is opened: any folder will do (no store import, so the test stays in the fast subset)
    res = policykg("trace", "--all", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1/query")
    assert res.exit_code == 2 and "not both" in res.stderr


def test_bound_parameters_open_the_where_group():
    q = with_values('SELECT ?o WHERE { ?s <urn:p> "{" . ?s ?p ?o }', {"s": URIRef("urn:x"), "v": Literal("a")})
    assert q.startswith('SELECT ?o WHERE { VALUES (?s ?v) { (<urn:x> "a") }')
    assert with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("urn:x")}).startswith(
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES")


def test_bound_parameters_reach_subqueries_and_inner_groups():
    q = with_values("SELECT ?a WHERE { VALUES ?k { 1 } { SELECT ?s (MIN(?d) AS ?m) WHERE { ?s ?p ?d } GROUP BY ?s } "
                    "{ ?s ?r ?a } UNION { ?a ?b ?c FILTER NOT EXISTS { ?c ?b ?s } } OPTIONAL { ?a ?b ?z } }",
                    {"s": URIRef("urn:x")})
    v = "VALUES (?s) { (<urn:x>) }"
    assert q.count(v) == 5  # the WHERE group, the subquery's group, both UNION branches, the NOT EXISTS group
    assert "VALUES ?k { 1 }" in q and "{ SELECT ?s" in q and "OPTIONAL { ?a ?b ?z }" in q
