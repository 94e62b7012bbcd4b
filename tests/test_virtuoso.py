"""The endpoint backend against a real OpenLink Virtuoso 7 (Debian `virtuoso-opensource`), started on loopback.

The bundled registry is imported into a store folder, dumped as N-Quads and bulk-loaded into a throw-away Virtuoso
database, as the README tells a user to do. `policykg check --endpoint` and `policykg query/trace/export --endpoint`
must give what the in-memory backend gives. Skipped when Virtuoso is not installed (CI does not install it).
What Virtuoso 7.2 answers differently is listed in the README (section "Every verb on a store or a SPARQL server").
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.registry.persist import StoreDir
from virtuoso_server import virtuoso_endpoint, virtuoso_installed

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not virtuoso_installed(), reason="Virtuoso not installed (not installed in CI)")]

DRAFTS = Path(__file__).parent / "fixtures" / "check" / "drafts"
GOOD_DRAFTS = sorted(p for p in DRAFTS.glob("*.ttl") if p.name != "broken.ttl")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, bundled_store):
    """(Virtuoso's SPARQL URL, quads in the store folder) for the bundled registry."""
    work = tmp_path_factory.mktemp("virtuoso")
    store = StoreDir(bundled_store).open_read()
    (work / "data").mkdir()
    nquads = work / "data" / "registry.nq"
    store.dump(output=str(nquads), format=ox.RdfFormat.N_QUADS)
    with virtuoso_endpoint(nquads, work) as url:
        yield url, len(store)


def test_every_quad_is_loaded_into_its_named_graph(policykg, loaded, tmp_path):
    url, quads = loaded
    count = tmp_path / "count.rq"
    count.write_text('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
                     'FILTER(STRSTARTS(STR(?g), "https://w3id.org/policykg/graph/")) }', encoding="utf-8")
    res = policykg("query", str(count), "--format", "json", "--endpoint", url)
    assert res.exit_code == 0, res.stderr
    assert int(json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"]) == quads


@pytest.mark.parametrize("draft", GOOD_DRAFTS, ids=lambda p: p.stem)
def test_draft_findings_identical_on_virtuoso(policykg, loaded, draft):
    url, _ = loaded
    args = ("check", str(draft), "--as-of", "2026-11-26", "--format", "json")
    memory, virtuoso = policykg(*args), policykg(*args, "--endpoint", url)
    assert memory.exit_code in (0, 1) and virtuoso.exit_code == memory.exit_code, virtuoso.stderr
    findings = json.loads(memory.stdout)["findings"]
    assert findings, "the comparison needs findings"
    assert json.loads(virtuoso.stdout)["findings"] == findings


@pytest.mark.parametrize("args", [
    ("query", "basis-status", "--as-of", "2026-01-01", "--format", "json"),
    ("query", "basis-chain", "--param", "document=威政发〔2023〕5号", "--format", "json"),
    ("query", "impact-of-change", "--param", "directive=国科发创〔2016〕370号", "--format", "json"),
    ("query", "results-without-basis", "--format", "json"),
    ("query", "expiring-documents", "--as-of", "2026-01-01", "--format", "json"),
    ("query", "uncovered-provisions", "--format", "json"),
    # not every organ: a ?lead of false would differ (Virtuoso returns a boolean as the integer 0)
    ("query", "documents-by-issuer", "--param", "issuer=威海", "--format", "json"),
    ("query", "trace-results", "--format", "json"),
    ("trace", "--all", "--format", "json"),
    ("export", "--view", "trace", "--format", "cyjs"),
], ids=lambda a: "-".join(a[:2]))
def test_queries_traces_exports_identical_on_virtuoso(policykg, loaded, args):
    url, _ = loaded
    memory, virtuoso = policykg(*args), policykg(*args, "--endpoint", url)
    assert memory.exit_code == 0 and memory.stdout.strip(), memory.stderr
    assert virtuoso.exit_code == 0, virtuoso.stderr
    if args[0] == "query":
        assert _numbers_by_value(virtuoso.stdout) == _numbers_by_value(memory.stdout)
    else:
        assert virtuoso.stdout == memory.stdout



def test_describe_node_gives_the_same_rows_on_virtuoso(policykg, loaded):
    url, _ = loaded
    args = ("query", "describe-node", "--param", "node=https://w3id.org/policykg/doc/威政字-2023-40", "--as-of",
            "2026-01-01", "--format", "json")
    memory, virtuoso = policykg(*args), policykg(*args, "--endpoint", url)
    assert memory.exit_code == 0 and virtuoso.exit_code == 0, virtuoso.stderr
    rows = [json.loads(r.stdout)["results"]["bindings"] for r in (memory, virtuoso)]
    assert any(row["direction"]["value"] == "status" for row in rows[0])
    # as a set: Virtuoso orders the language-tagged values of one property its own way
    assert sorted(map(str, rows[1])) == sorted(map(str, rows[0]))

_NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "integer", "double", "float")}


def _numbers_by_value(sparql_json: str) -> dict:
    """SPARQL JSON results with numbers compared by value: a persistent store answers a literal's canonical form
    (the bundled Turtle's 73.0 as "73", Oxigraph alike), rdflib in memory the form written in the file."""
    doc = json.loads(sparql_json)
    for row in doc["results"]["bindings"]:
        for term in row.values():
            if term.get("datatype") in _NUMERIC:
                term["value"] = str(Decimal(term["value"]).normalize())
    return doc
