"""The endpoint as an attacker meets it (issue 14): it calls no one, parses under the time limit, keeps cheap queries
fast while expensive ones run, answers only loopback Host names, and sends security headers on every response.

Runs against `policykg serve` on a loopback port (the `server` fixture of test_serve: time limit 2 s).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse

import pytest
from test_hardening import Trap, remote_queries
from test_serve import COUNT_QUERY, HEAVY_QUERY, TIMEOUT, form, http, server  # noqa: F401  (server: fixture)

from policykg import serve as S

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def trap():
    t = Trap()
    yield t
    t.close()


# ---------------------------------------------------------------- 1. SERVICE / FROM: the trap hears nothing


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(remote_queries("http://x")))
def test_sparql_endpoint_calls_no_one(server, trap, kind):  # noqa: F811
    base, _ = server
    query = remote_queries(trap.url)[kind]
    for method, kwargs in (("GET", {}), ("POST", {"data": form(query=query), "headers": FORM})):
        url = base + "/sparql" + ("?" + urllib.parse.urlencode({"query": query}) if method == "GET" else "")
        status, _, body = http(method, url, **kwargs)
        text = body.decode()
        assert status == 400, text
        assert ("SERVICE is refused" if kind.startswith("service") else "FROM and FROM NAMED are refused") in text
        assert len(text.strip().splitlines()) == 1 and trap.url not in text
    time.sleep(0.2)
    assert trap.hits == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["service", "service-silent-in-optional", "service-in-subselect", "from"])
def test_page_run_api_calls_no_one(server, trap, kind):  # noqa: F811
    base, _ = server
    body = json.dumps({"query": remote_queries(trap.url)[kind], "params": {}}).encode()
    status, _, answer = http("POST", base + "/api/run", data=body, headers=JSON)
    assert status == 400 and "refused" in json.loads(answer)["error"]
    time.sleep(0.2)
    assert trap.hits == []


# ---------------------------------------------------------------- 6. parsing counts against the time limit


@pytest.mark.slow
def test_parsing_a_huge_query_is_cut_at_the_time_limit(server):  # noqa: F811
    base, _ = server
    filter_ = " || ".join(f'?o = "value number {i}"' for i in range(6000))
    query = f"SELECT * WHERE {{ ?s ?p ?o FILTER({filter_}) }}"
    assert 150_000 < len(query) < 200_000
    start = time.monotonic()
    status, _, body = http("POST", base + "/sparql", data=query.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    elapsed = time.monotonic() - start
    assert status == 503 and b"time limit of 2 s" in body, body
    assert elapsed < TIMEOUT + 3
    assert http("GET", base + "/sparql?" + urllib.parse.urlencode({"query": COUNT_QUERY}))[0] == 200


@pytest.mark.slow
def test_a_query_of_200_triple_patterns_is_answered():
    """Parsed, translated (once) and evaluated in the worker under the default 10 s limit — no recursion error."""
    from test_serve import FIXTURES

    from policykg.store import open_store

    patterns = " ".join(f"?d <https://w3id.org/policykg/ns#p{i}> ?o{i} ." for i in range(200))
    runner = S.LimitedRunner(open_store([FIXTURES]))
    outcome = runner.run(f"SELECT * WHERE {{ {patterns} }}")
    assert outcome.result.form == "SELECT" and outcome.result.rows == []
    assert len(outcome.result.variables) == 201


@pytest.mark.slow
def test_a_request_body_past_the_cap_is_refused_without_reading_it(server):  # noqa: F811
    base, _ = server
    status, _, body = http("POST", base + "/sparql", data=b"x" * (S.app.max_request_bytes() + 1),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"request too large" in body


# ---------------------------------------------------------------- 7. cheap queries are not starved


@pytest.mark.slow
def test_cheap_queries_answer_while_expensive_ones_run(server):  # noqa: F811
    base, _ = server
    heavy: list[int] = []

    def expensive():
        heavy.append(http("POST", base + "/sparql", data=form(query=HEAVY_QUERY), headers=FORM)[0])

    threads = [threading.Thread(target=expensive) for _ in range(6)]  # more than the fast lane's 4 slots
    for t in threads:
        t.start()
    time.sleep(0.6)  # they are past the fast budget: in the slow lane now
    cheap = []
    for _ in range(8):
        start = time.monotonic()
        status = http("GET", base + "/sparql?" + urllib.parse.urlencode({"query": COUNT_QUERY}))[0]
        cheap.append((status, time.monotonic() - start))
    for t in threads:
        t.join()
    assert [s for s, _ in cheap] == [200] * 8
    # before the lanes, the six held every slot for the whole 2 s limit and a cheap query waited for it
    assert max(d for _, d in cheap) < TIMEOUT, cheap
    assert heavy == [503] * 6


@pytest.mark.slow
def test_runner_lanes_in_process():
    """Admission by cost: a text that burnt CPU is moved to the slow lane and, next time, waits there; a text known
    to be cheap keeps the fast lane; every expensive one is cut at the time limit."""
    from rdflib import Literal

    from policykg import queries as Q

    class Store:
        def select(self, query, bindings=None):
            if "slow" in query:
                end = time.monotonic() + 30
                while time.monotonic() < end:  # burns CPU, as an expensive query does
                    pass
            return ["x"], [(Literal(1),)]

    runner = S.LimitedRunner(Store(), timeout=3, fast_slots=1, slow_slots=1, new_slots=1, fast_budget=0.1)
    slow = Q.parse("SELECT ?x WHERE { ?x <urn:slow> ?o }", name="slow")
    fast = Q.parse("SELECT ?x WHERE { ?x <urn:fast> ?o }", name="fast")
    assert runner.run(fast).lane == "new" and runner.estimate(fast.text) < 0.1
    errors = []

    def run_slow():
        try:
            runner.run(slow)
        except S.QueryRefused as exc:
            errors.append(exc.message)

    threads = []
    for _ in range(3):
        threads.append(threading.Thread(target=run_slow))
        threads[-1].start()
        time.sleep(0.3)
    assert runner.estimate(slow.text) == float("inf")  # the first one showed it is expensive
    outcome = runner.run(fast)  # known cheap: runs in the server process, untouched by the burning workers
    assert outcome.lane == "in-process" and outcome.elapsed < 2.0
    for t in threads:
        t.join()
    assert len(errors) == 3 and all(e.startswith("query stopped: it exceeded the time limit of 3 s") for e in errors)
    assert runner.counts["slow"] == 0 and runner.counts["stopped"] == 3


def test_only_a_known_cheap_query_runs_in_process():
    from test_serve import FIXTURES

    from policykg import queries as Q
    from policykg.store import open_store

    runner = S.LimitedRunner(open_store([FIXTURES]))
    text = "SELECT ?d WHERE { ?d a ?c } LIMIT 3"
    assert [runner.run(text).lane for _ in range(3)] == ["new", "in-process", "in-process"]
    saved = Q.parse("#+ params: c (iri, required)\nSELECT ?d WHERE { ?d a ?c } LIMIT 3", name="typed")
    pkg = "https://w3id.org/policykg/ns#"
    lanes = [runner.run(saved, values={"c": pkg + "PolicyDocument"}).lane,
             runner.run(saved, values={"c": pkg + "PolicyDocument"}).lane,
             runner.run(saved, values={"c": pkg + "Measure"}).lane]  # other values: not known yet
    assert lanes == ["new", "in-process", "new"]


# ---------------------------------------------------------------- 8. Host allow-list and headers on every response


@pytest.mark.slow
def test_foreign_host_header_is_refused(server):  # noqa: F811
    base, _ = server
    port = base.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example"):
        status, headers, body = http("GET", base + "/api/queries", headers={"Host": host})
        assert status == 421 and b"is not allowed" in body, host
        assert {k.lower(): v for k, v in headers.items()}["x-content-type-options"] == "nosniff"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        assert http("GET", base + "/api/queries", headers={"Host": host})[0] == 200


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/sparql", "/api/queries", "/static/app.js", "/no-such-page",
                                  "/sparql?query=SELEC"])
def test_security_headers_on_every_response(server, path):  # noqa: F811
    base, _ = server
    _, headers, _ = http("GET", base + path)
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "default-src 'none'" in csp


def asgi_get(app, host: str) -> int:
    """Status of GET / on the ASGI *app* with Host *host* (no network)."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "query_string": b"",
             "headers": [(b"host", host.encode())], "scheme": "http", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 1), "root_path": "", "http_version": "1.1", "asgi": {"version": "3.0"}}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"]


def test_allowed_hosts_are_settable():
    async def ok(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    default = S.SecureApp(ok, S.allowed_hosts("127.0.0.1"))
    assert [asgi_get(default, h) for h in ("127.0.0.1:8000", "[::1]:8000", "reviewers.example")] == [200, 200, 421]
    wider = S.SecureApp(ok, S.allowed_hosts("0.0.0.0", ["Reviewers.Example"]))
    assert asgi_get(wider, "reviewers.example:8000") == 200 and asgi_get(wider, "other.example") == 421
    assert asgi_get(S.SecureApp(ok, S.allowed_hosts("10.0.0.5")), "10.0.0.5:8000") == 200
    assert asgi_get(S.SecureApp(ok, S.allowed_hosts("127.0.0.1", ["*"])), "anything.example") == 200


# ---------------------------------------------------------------- 9. an empty query is called empty


@pytest.mark.slow
def test_empty_query_is_not_called_an_update(server):  # noqa: F811
    base, _ = server
    status, _, body = http("POST", base + "/sparql", data=b"# nothing\n",
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"the query is empty" in body and b"UPDATE" not in body
