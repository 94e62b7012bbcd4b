"""`policykg serve` on every backend: queries evaluated in a child forked from the server give the same rows.

The server forks a child for every query it has not yet measured (policykg.serve.runner). With ``--store DIR`` the
child must not use the RocksDB handle it inherited (RocksDB does not support using a handle across fork()), and
with ``--endpoint URL`` it talks to the server over its own connection. The same saved query and user query are
run on `policykg serve` over the bundled data in memory, over a store folder built by `registry import bundled`,
and over a real `oxigraph serve-read-only` on that folder; the rows must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest

from oxigraph_server import free_port, oxigraph_endpoint, stop, wait_until_answering
from policykg.registry.persist import StoreDir
from policykg.store import OxigraphStore
from test_serve import policykg_exe

pytestmark = pytest.mark.slow

PKG = "https://w3id.org/policykg/ns#"
USER_QUERY = (f"PREFIX pkg: <{PKG}> PREFIX dct: <http://purl.org/dc/terms/> "
              "SELECT ?d ?n ?t WHERE { ?d pkg:docNumber ?n OPTIONAL { ?d dct:title ?t } } ORDER BY ?d ?n ?t")
SAVED = ("impact-of-change", {"directive": "国科发创〔2016〕370号"})


@contextmanager
def policykg_serve(*backend: str):
    """`policykg serve BACKEND…` on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    proc = subprocess.Popen([policykg_exe(), "serve", "--port", str(port), "--timeout", "60", *backend],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base + "/api/queries", proc, 90, "policykg serve")
        yield base
    finally:
        stop(proc)


def _get(url: str) -> tuple[str, list]:
    """(the lane the server ran the query in, the result rows as SPARQL JSON bindings)."""
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        lane = resp.headers["X-PolicyKG-Lane"]
        return lane, json.loads(resp.read())["results"]["bindings"]


def _answers(base: str) -> dict:
    name, params = SAVED
    urls = {"saved": f"{base}/api/queries/{name}?" + urllib.parse.urlencode(params),
            "user": f"{base}/sparql?" + urllib.parse.urlencode({"query": USER_QUERY})}
    out = {}
    for key, url in urls.items():
        first_lane, first = _get(url)
        _, again = _get(url)  # a second run: in-process (known cheap) or forked again
        # a text not seen before is evaluated in a forked child (moved to the slow lane if it takes CPU)
        assert first_lane in ("new", "slow"), (key, first_lane)
        assert again == first, key
        out[key] = first
    return out


@pytest.fixture(scope="module")
def memory_answers():
    with policykg_serve() as base:
        return _answers(base)


@pytest.mark.slow
def test_serve_store_forked_queries_match_memory(bundled_store, memory_answers):
    assert memory_answers["saved"] and memory_answers["user"], "the comparison needs rows"
    with policykg_serve("--store", str(bundled_store)) as base:
        assert _answers(base) == memory_answers


@pytest.mark.slow
def test_serve_endpoint_forked_queries_match_memory(bundled_store, memory_answers):
    with oxigraph_endpoint(StoreDir(bundled_store).current()) as url:
        with policykg_serve("--endpoint", url) as base:
            assert _answers(base) == memory_answers


def test_a_forked_child_queries_the_store_through_its_own_handle(bundled_store):
    store = OxigraphStore.open(bundled_store)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d <{PKG}docNumber> ?o }}"
    expected = store.select(query)
    inherited = id(store._handle())
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: answer whether it reopened the store, and what the query returned
        try:
            os.close(read_fd)
            rows = store.select(query)
            os.write(write_fd, json.dumps([id(store._handle()) != inherited, rows == expected]).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        reopened, same_rows = json.loads(fh.read())
    os.waitpid(pid, 0)
    assert reopened and same_rows
    assert id(store._handle()) == inherited  # the server's own handle is untouched
