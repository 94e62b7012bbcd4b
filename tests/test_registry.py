"""`policykg registry`: import a LawRefBook-layout folder into a store, re-import, kill, verify, stats."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.registry.persist import StoreDir

FIXTURE = Path(__file__).parent / "fixtures" / "lawrefbook"
SRC = Path(__file__).resolve().parent.parent / "src"
DOC = "https://w3id.org/policykg/doc/"


def objects(store_dir: Path, subject: str, predicate: str) -> set[str]:
    st = StoreDir(store_dir).open_read()
    return {q.object.value for q in st.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)}


@pytest.fixture
def imported(tmp_path, policykg):
    store = tmp_path / "store"
    res = policykg("registry", "import", "laws", str(FIXTURE), "--store", str(store))
    assert res.exit_code == 0, res.stderr
    return store, res


def test_import_reports_joins_and_counts(imported):
    _store, res = imported
    assert "5 version files, 4 db rows in 2 databases; 4 joined" in res.stdout
    assert "1 files without a db row, e.g. 经济法/广告法(2021-04-29).md" in res.stdout
    assert "1 versions superseded by a later one, 2 marked expired by the database" in res.stdout


def test_versions_supersession_and_expired_flag(imported):
    store, _ = imported
    old, new = DOC + "立法法-2015-03-15", DOC + "立法法-2023-03-13"
    assert objects(store, old, "http://data.europa.eu/eli/ontology#amended_by") == {new}
    assert objects(store, old, "https://w3id.org/policykg/ns#dateAmended") == {"2023-03-13"}
    assert objects(store, new, "http://data.europa.eu/eli/ontology#version_date") == {"2023-03-13"}
    expired = "https://w3id.org/policykg/code/status-expired"
    assert objects(store, DOC + "契税暂行条例-2019-03-02", "http://data.europa.eu/eli/ontology#in_force") == {expired}
    assert objects(store, new, "http://data.europa.eu/eli/ontology#in_force") == set()


def test_articles_keep_text_and_offsets(imported):
    store, _ = imported
    art = DOC + "立法法-2023-03-13/art-1"
    text = objects(store, art, "https://w3id.org/policykg/ns#text").pop()
    assert text.startswith("为了规范立法活动")
    (excerpt,) = objects(store, art, "http://www.w3.org/ns/prov#wasDerivedFrom")
    start = int(objects(store, excerpt, "https://w3id.org/policykg/ns#startOffset").pop())
    source = (FIXTURE / "宪法相关法" / "立法法(2023-03-13).md").read_bytes().decode("utf-8")
    assert source[start:start + len(text)] == text


def test_second_import_changes_nothing(imported, policykg):
    store, _ = imported
    before = StoreDir(store).current()
    res = policykg("registry", "import", "laws", str(FIXTURE), "--store", str(store))
    assert res.exit_code == 0 and "unchanged since the last import" in res.stdout
    assert StoreDir(store).current() == before


def test_verify_passes_and_catches_a_changed_source(imported, policykg, tmp_path):
    store, _ = imported
    res = policykg("registry", "verify", "--store", str(store), "--sources", f"lawrefbook={FIXTURE}")
    assert res.exit_code == 0 and "all checks pass" in res.stdout
    changed = tmp_path / "changed"
    shutil.copytree(FIXTURE, changed)
    path = changed / "行政法规" / "契税暂行条例(2019-03-02).md"
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace("契税", "契约", 1), encoding="utf-8")
    res = policykg("registry", "verify", "--store", str(store), "--sources", f"lawrefbook={changed}")
    assert res.exit_code == 1 and "checksum differs" in res.stdout


KILLER = """
import os, signal, sys
import pyoxigraph as ox
from policykg.registry.persist import StoreDir, graph_iri
g = graph_iri("laws/lawrefbook")
def quads():
    for i in range(300_000):
        yield ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)), g)
        if i == 260_000:
            os.kill(os.getpid(), signal.SIGKILL)   # killed half-way through writing
StoreDir(sys.argv[1]).replace_graph(g, quads())
"""


def test_killed_import_leaves_the_previous_store(imported, policykg):
    store, _ = imported
    before = StoreDir(store).current()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.run([sys.executable, "-c", KILLER, str(store)], env=env, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert StoreDir(store).current() == before
    res = policykg("registry", "verify", "--store", str(store), "--sources", f"lawrefbook={FIXTURE}")
    assert res.exit_code == 0, res.stdout
    stats = policykg("registry", "stats", "--store", str(store))
    assert "provisions (articles): 347" in stats.stdout
    # the next import clears what the killed one left
    assert policykg("registry", "import", "laws", str(FIXTURE), "--store", str(store), "--force").exit_code == 0
    assert not list(store.glob(".staging-*"))


def test_import_ttl_one_graph_per_file(tmp_path, policykg):
    store = tmp_path / "s"
    ttl = tmp_path / "a.ttl"
    ttl.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    res = policykg("registry", "import", "ttl", str(ttl), "--store", str(store))
    assert res.exit_code == 0 and "graph/ttl/a.ttl" in res.stdout
    assert "unchanged" in policykg("registry", "import", "ttl", str(ttl), "--store", str(store)).stdout
    ttl.write_text("<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    policykg("registry", "import", "ttl", str(ttl), "--store", str(store))
    assert objects(store, "urn:a", "urn:b") == {"urn:d"}  # replaced, not added


def test_store_location_from_environment(tmp_path, policykg, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "env-store"))
    ttl = tmp_path / "a.ttl"
    ttl.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert policykg("registry", "import", "ttl", str(ttl)).exit_code == 0
    assert (tmp_path / "env-store" / "CURRENT").is_file()


@pytest.mark.parametrize("args, message", [
    (("import", "laws", "/nonexistent-folder"), "no such folder"),
    (("stats",), "no policykg store here"),
    (("import", "ttl", "broken.ttl"), "broken Turtle"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, policykg, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.ttl").write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    res = policykg("registry", *args, "--store", str(tmp_path / "none"))
    assert res.exit_code == 2 and message in res.stderr and "Traceback" not in res.stderr
