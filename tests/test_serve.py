"""`policykg serve`: the SPARQL 1.1 Protocol over HTTP, read-only, time-limited, capped; the query page in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from browser import decode_png, needs_chromium, run_chromium
from rdflib import Literal

from policykg import queries as Q
from policykg import serve as S
from policykg.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
PKG = "https://w3id.org/policykg/ns#"
DOCS_QUERY = f"PREFIX pkg: <{PKG}> SELECT ?d ?n WHERE {{ ?d pkg:docNumber ?n }} ORDER BY ?d"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
CAP = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def policykg_exe() -> str:
    return shutil.which("policykg") or str(Path(sys.executable).with_name("policykg"))


@pytest.fixture(scope="module")
def server():
    """`policykg serve` on a free loopback port over the fixture data, stopped after the module."""
    port = free_port()
    proc = subprocess.Popen(
        [policykg_exe(), "serve", "--port", str(port), "--data", str(FIXTURES), "--timeout", str(TIMEOUT),
         "--max-rows", str(CAP)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/queries", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"server did not start: {proc.stderr.read()}")
            time.sleep(0.2)
    yield base, proc
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def http(method, url, *, data=None, headers=None):
    """(status, headers, body) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode("utf-8")


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The protocol
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_select_over_get_answers_sparql_json(server):
    base, _ = server
    url = base + "/sparql?" + urllib.parse.urlencode({"query": DOCS_QUERY})
    status, headers, body = http("GET", url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["d", "n"]
    assert len(doc["results"]["bindings"]) == CAP and headers.get("x-policykg-truncated") == "true"
    assert doc["results"]["bindings"][0]["d"]["type"] == "uri"


@pytest.mark.slow
def test_select_over_post_form_and_direct_body(server):
    base, _ = server
    q = f"PREFIX pkg: <{PKG}> SELECT ?n WHERE {{ <https://w3id.org/policykg/doc/威政字-2023-40> pkg:docNumber ?n }}"
    for data, ctype in ((form(query=q), "application/x-www-form-urlencoded"),
                        (q.encode("utf-8"), "application/sparql-query")):
        status, headers, body = http("POST", base + "/sparql", data=data, headers={"Content-Type": ctype})
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"] == [{"n": {"type": "literal", "value": "威政字〔2023〕40号"}}]
        assert "x-policykg-truncated" not in headers


@pytest.mark.slow
@pytest.mark.parametrize("accept,prefix", [
    ("text/csv", b"n\r\n"),
    ("text/tab-separated-values", b"?n\n"),
    ("application/sparql-results+xml", b"<?xml"),
    ("text/html;q=0.9, text/csv;q=1.0", b"n\r\n"),
])
def test_content_negotiation(server, accept, prefix):
    base, _ = server
    status, headers, body = http("POST", base + "/sparql", data=form(query=COUNT_QUERY), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    assert status == 200 and body.startswith(prefix), body[:80]


@pytest.mark.slow
def test_construct_answers_turtle_and_unacceptable_types_406(server):
    base, _ = server
    q = f"PREFIX pkg: <{PKG}> CONSTRUCT {{ ?d pkg:docNumber ?n }} WHERE {{ ?d pkg:docNumber ?n }}"
    status, headers, body = http("POST", base + "/sparql", data=form(query=q),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert b"pkg:docNumber" in body
    status, _, body = http("POST", base + "/sparql", data=form(query=COUNT_QUERY), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body


@pytest.mark.slow
def test_update_is_refused_and_nothing_changes(server):
    base, _ = server

    def count():
        status, _, body = http("POST", base + "/sparql", data=form(query=COUNT_QUERY),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        return json.loads(body)["results"]["bindings"][0]["n"]["value"]

    before = count()
    update = "DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    attempts = [
        (form(update=update), {"Content-Type": "application/x-www-form-urlencoded"}),
        (update.encode(), {"Content-Type": "application/sparql-update"}),
        (form(query=update), {"Content-Type": "application/x-www-form-urlencoded"}),
    ]
    for data, headers in attempts:
        status, _, body = http("POST", base + "/sparql", data=data, headers=headers)
        assert status == 403, body
        assert b"read-only" in body and b"UPDATE is refused" in body
    status, _, body = http("GET", base + "/sparql?" + urllib.parse.urlencode({"update": "DROP ALL"}))
    assert status == 403
    assert count() == before


@pytest.mark.slow
def test_broken_sparql_and_dataset_parameters_400(server):
    base, _ = server
    status, _, body = http("GET", base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400 and b"broken SPARQL" in body
    status, _, body = http("GET", base + "/sparql?" + urllib.parse.urlencode(
        {"query": COUNT_QUERY, "default-graph-uri": "urn:g"}))
    assert status == 400 and b"one graph" in body


@pytest.mark.slow
def test_time_limit_stops_a_runaway_query(server):
    base, proc = server
    start = time.monotonic()
    status, _, body = http("POST", base + "/sparql", data=form(query=HEAVY_QUERY),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    elapsed = time.monotonic() - start
    assert status == 503 and b"time limit of 2 s" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 3
    # the worker was killed and collected: no child left behind, and the server still answers
    assert children_of(proc.pid) == []
    assert http("POST", base + "/sparql", data=form(query=COUNT_QUERY),
                headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 200


@pytest.mark.slow
def test_service_description_without_query(server):
    base, _ = server
    status, headers, body = http("GET", base + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and b"sd:SPARQL11Query" in body and b"sd:Service" in body


# ---------------------------------------------------------------------------------------------------------------
# Saved queries with parameters bound on the server
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_saved_query_with_a_document_number(server):
    base, _ = server
    url = base + "/api/queries/basis-chain?" + urllib.parse.urlencode({"document": "测市发〔2021〕9号"})
    status, _, body = http("GET", url, headers={"Accept": "text/csv"})
    assert status == 200, body
    lines = body.decode().splitlines()
    assert lines[0] == "depth,basis,basisNumber,basisTitle,relation,statedBy"
    assert [line.split(",")[2] for line in lines[1:]] == ["测省发〔2020〕7号", "测部发〔2018〕3号"]


@pytest.mark.slow
@pytest.mark.parametrize("params,message", [
    ({"document": "} ; DROP ALL"}, b"neither a"),
    ({"document": "测市发〔2021〕99号"}, b"unknown document"),
    ({"doc": "x"}, b"unknown parameter"),
    ({}, b"needs --param document"),
])
def test_saved_query_parameter_errors_400(server, params, message):
    base, _ = server
    status, _, body = http("POST", base + "/api/queries/basis-chain", data=json.dumps({"params": params}).encode(),
                           headers={"Content-Type": "application/json"})
    assert status == 400 and message in body


@pytest.mark.slow
def test_editor_run_binds_declared_params_and_returns_labels(server):
    base, _ = server
    text = ("#+ params: d (docnumber-or-iri, required)\n#+ params: who (string, optional)\n"
            f"PREFIX pkg: <{PKG}>\nSELECT ?p WHERE {{ ?p pkg:provisionOf ?d FILTER(!BOUND(?who) || CONTAINS(STR(?p), ?who)) }}"
            " ORDER BY ?p")
    payload = {"query": text, "params": {"d": "测部发〔2018〕3号", "who": ""}}
    status, _, body = http("POST", base + "/api/run", data=json.dumps(payload).encode(),
                           headers={"Content-Type": "application/json"})
    assert status == 200, body
    doc = json.loads(body)
    rows = doc["sparql"]["results"]["bindings"]
    assert [r["p"]["value"].rsplit("/", 1)[-1] for r in rows] == ["para-1", "para-2"]
    assert doc["labels"][rows[0]["p"]["value"]] == "测部发〔2018〕3号 第1段"
    assert doc["bound"] == {"d": "https://w3id.org/policykg/doc/测部发-2018-3"}
    hostile = {"query": "#+ params: s (string, required)\nSELECT ?x WHERE { ?x ?p ?s }", "params": {"s": '"} ; DROP ALL'}}
    status, _, body = http("POST", base + "/api/run", data=json.dumps(hostile).encode(),
                           headers={"Content-Type": "application/json"})
    assert status == 200 and json.loads(body)["sparql"]["results"]["bindings"] == []


# ---------------------------------------------------------------------------------------------------------------
# Pieces without HTTP
# ---------------------------------------------------------------------------------------------------------------


class SlowStore:
    def __init__(self, seconds):
        self.seconds = seconds

    def select(self, query, bindings=None):
        time.sleep(self.seconds)
        return ["x"], [(Literal(1),)]

    def ask(self, query, bindings=None):
        return True

    def construct(self, query, bindings=None):
        raise AssertionError

    def graph(self):
        raise AssertionError


def test_runner_kills_the_worker_at_the_limit():
    runner = S.LimitedRunner(SlowStore(60), timeout=0.5)
    q = Q.parse("SELECT ?x WHERE { ?x ?p ?o }", name="slow")
    before = set(children_of(os.getpid()))  # e.g. the module's server process
    start = time.monotonic()
    with pytest.raises(S.QueryRefused) as info:
        runner.run(q)
    assert info.value.status == 503 and time.monotonic() - start < 3
    assert set(children_of(os.getpid())) == before
    assert S.LimitedRunner(SlowStore(0), timeout=5).run(q).result.rows == [(Literal(1),)]


def test_runner_caps_rows():
    store = open_store([FIXTURES])
    outcome = S.LimitedRunner(store, max_rows=3).run(Q.parse(COUNT_QUERY.replace("(COUNT(*) AS ?n)", "*"), name="q"))
    assert len(outcome.result.rows) == 3 and outcome.truncated


@pytest.mark.parametrize("accept,form_,expected", [
    (None, "SELECT", "application/sparql-results+json"),
    ("*/*", "CONSTRUCT", "text/turtle"),
    ("application/xml;q=0.5, text/csv", "SELECT", "text/csv"),
    ("application/ld+json", "DESCRIBE", "application/ld+json"),
])
def test_negotiate(accept, form_, expected):
    assert S.negotiate(accept, form_) == expected


def test_non_loopback_host_warns_and_busy_port_is_one_line(policykg):
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = policykg("serve", "--host", "0.0.0.0", "--port", str(port), "--data", str(FIXTURES))
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert "warning" in lines[0] and "reachable from other machines" in lines[0]
    assert lines[-1].startswith("policykg: error: cannot listen on 0.0.0.0") and len(lines) == 2


# ---------------------------------------------------------------------------------------------------------------
# The page in a headless browser
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_page_screenshot_shows_the_editor(server, tmp_path):
    base, _ = server
    png = tmp_path / "page.png"
    done = run_chromium(tmp_path, "--virtual-time-budget=5000", f"--screenshot={png}", base + "/", text=True)
    assert png.is_file(), done.stderr[-2000:]
    assert png.stat().st_size > 20_000
    width, height, rows = decode_png(png.read_bytes())
    assert (width, height) == (1280, 900)
    colours = {row[i:i + 3] for row in rows[::15] for i in range(0, len(row), 45)}
    assert len(colours) > 20, "the screenshot is blank"
    # the editor's gutter (light grey panel) and text are drawn in the editor box area
    editor_band = {rows[300][i:i + 3] for i in range(0, len(rows[300]), 3)}
    assert len(editor_band) > 5


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_page_dom_has_editor_and_saved_queries(server, tmp_path):
    base, _ = server
    done = run_chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", base + "/", text=True)
    dom = done.stdout
    assert '<textarea id="editor"' in dom
    assert 'id="line-numbers"' in dom
    for q in Q.discover():
        assert f'data-name="{q.name}"' in dom, q.name
    # the script ran: the default query is selected, its text is in the editor, its parameter is a field
    assert 'class="saved-query active" data-name="trace-results"' in dom
    assert "#+ summary: 成效溯源至上位文件" in dom
    assert '<input name="result"' in dom
    # every asset is local: no script, style sheet or image from another host
    assert not re.search(r'(?:src|href)="(?:https?:)?//', dom)


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_page_runs_a_saved_query_from_a_link(server, tmp_path):
    base, _ = server
    url = base + "/?" + urllib.parse.urlencode({"q": "basis-chain", "document": "测市发〔2021〕9号", "run": "1"})
    dom = run_chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url, text=True).stdout
    assert 'class="saved-query active" data-name="basis-chain"' in dom
    assert '<table class="result">' in dom, "the result table was drawn"
    # IRIs are shown by their 文号, the IRI itself stays in the tooltip
    assert re.search(r'<td class="iri" title="https://w3id.org/policykg/doc/测省发-2020-7">测省发〔2020〕7号</td>', dom)
    assert "2 行 rows" in dom
