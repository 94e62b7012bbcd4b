"""`policykg registry`: import a LawRefBook-layout folder into a store, re-import, kill, verify, stats."""

from __future__ import annotations

import json
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
    assert "6 version files, 5 db rows in 2 databases; 5 joined" in res.stdout
    assert "1 files without a db row, e.g. 经济法/广告法(2021-04-29).md" in res.stdout
    assert "1 versions superseded by a later one, 2 marked expired by the database" in res.stdout
    assert "1 texts without articles (document kept, no provisions), e.g. 刑法/刑法修正案（二）.md" in res.stdout


def test_file_named_without_a_date_takes_the_rows_date(imported):
    store, _ = imported
    doc = DOC + "刑法修正案（二）"
    assert objects(store, doc, "http://data.europa.eu/eli/ontology#version_date") == {"2001-08-31"}
    assert objects(store, doc, "http://purl.org/dc/terms/title") == {"中华人民共和国刑法修正案（二）"}


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


@pytest.mark.slow
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


def test_import_of_several_files_replaces_only_the_changed_one(tmp_path, policykg):
    store = tmp_path / "s"
    files = [tmp_path / f"{name}.ttl" for name in ("a", "b", "c")]
    for f in files:
        f.write_text(f"<urn:{f.stem}> <urn:p> <urn:old> .\n", encoding="utf-8")
    res = policykg("registry", "import", "ttl", *map(str, files), "--store", str(store))
    assert res.exit_code == 0 and all(f"graph/ttl/{f.name}" in res.stdout for f in files)
    first = StoreDir(store).current()
    res = policykg("registry", "import", "ttl", *map(str, files), "--store", str(store))
    assert res.stdout.count("unchanged (nothing written)") == 3 and StoreDir(store).current() == first
    files[1].write_text("<urn:b> <urn:p> <urn:new> .\n", encoding="utf-8")
    res = policykg("registry", "import", "ttl", *map(str, files), "--store", str(store))
    assert res.stdout.count("unchanged (nothing written)") == 2 and "b.ttl: 3 quads" in res.stdout
    second = StoreDir(store).current()
    assert second != first and not first.exists()  # the new generation stands alone once the old one is gone
    assert [objects(store, f"urn:{n}", "urn:p") for n in "abc"] == [{"urn:old"}, {"urn:new"}, {"urn:old"}]
    graphs = {g.value.rsplit("/", 1)[-1] for g in StoreDir(store).open_read().named_graphs()}
    assert graphs == {"a.ttl", "b.ttl", "c.ttl"}


def test_a_large_turtle_file_is_loaded_whole_or_not_at_all(tmp_path, policykg):
    """A file over registry.sources.LARGE_FILE is parsed by the store's own loader, inside the new generation."""
    from policykg.registry.sources import LARGE_FILE

    store = tmp_path / "s"
    small, big = tmp_path / "small.ttl", tmp_path / "big.ttl"
    small.write_text("<urn:a> <urn:p> <urn:old> .\n", encoding="utf-8")
    lines = [f'<urn:x:{i}> <urn:text> "第{i}条 {"规范性文件" * 20}"@zh .\n' for i in range(4000)]
    big.write_text("@prefix x: <urn:x:> .\n" + "".join(lines) + "x:0 <urn:p> _:b . _:b <urn:q> 1 .\n",
                   encoding="utf-8")
    assert big.stat().st_size >= LARGE_FILE
    res = policykg("registry", "import", "ttl", str(small), str(big), "--store", str(store))
    assert res.exit_code == 0, res.stderr
    assert f"{big}: 4004 quads → https://w3id.org/policykg/graph/ttl/big.ttl" in res.stdout  # 4002 + the header 2
    assert f"{small}: 3 quads" in res.stdout
    st = StoreDir(store).open_read()
    graph = ox.NamedNode("https://w3id.org/policykg/graph/ttl/big.ttl")
    assert sum(1 for _q in st.quads_for_pattern(None, None, None, graph)) == 4004
    assert objects(store, "urn:x:7", "urn:text") == {f"第7条 {'规范性文件' * 20}"}
    live = StoreDir(store).current()
    again = policykg("registry", "import", "ttl", str(small), str(big), "--store", str(store))
    assert again.stdout.count("unchanged (nothing written)") == 2 and StoreDir(store).current() == live
    # broken at its end: one line, exit 2, and the store as it was (the small file's change is not written either)
    small.write_text("<urn:a> <urn:p> <urn:new> .\n", encoding="utf-8")
    big.write_text(big.read_text(encoding="utf-8") + "<urn:broken> <urn:p> .\n", encoding="utf-8")
    res = policykg("registry", "import", "ttl", str(small), str(big), "--store", str(store))
    assert res.exit_code == 2 and "broken Turtle" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert StoreDir(store).current() == live and not list(store.glob(".staging-*"))
    assert objects(store, "urn:a", "urn:p") == {"urn:old"}


def test_blank_nodes_are_scoped_to_their_file(tmp_path, policykg):
    store = tmp_path / "s"
    files = [tmp_path / "a.ttl", tmp_path / "b.ttl"]
    for f in files:
        f.write_text(f"<urn:{f.stem}> <urn:p> _:x .\n", encoding="utf-8")
    assert policykg("registry", "import", "ttl", *map(str, files), "--store", str(store)).exit_code == 0
    nodes = objects(store, "urn:a", "urn:p") | objects(store, "urn:b", "urn:p")
    assert len(nodes) == 2  # as when each file is parsed on its own (rdflib): one _:x per file


def test_a_new_generation_leaves_the_live_one_untouched_until_the_switch(tmp_path, policykg):
    """The next generation starts as a checkpoint of the live one (shared, hard-linked table files): writing it
    must not change what a reader of the live generation sees."""
    store = tmp_path / "s"
    ttl = tmp_path / "a.ttl"
    ttl.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert policykg("registry", "import", "ttl", str(ttl), "--store", str(store)).exit_code == 0
    live = StoreDir(store).current()
    before = sorted(map(str, ox.Store.read_only(str(live))))
    graph = ox.NamedNode("https://w3id.org/policykg/graph/ttl/a.ttl")

    def quads():
        yield ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:d"), graph)
        assert sorted(map(str, ox.Store.read_only(str(live)))) == before  # mid-write: the live one unchanged
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        StoreDir(store).replace_graph(graph, quads())
    assert StoreDir(store).current() == live and not list(store.glob(".staging-*"))
    assert sorted(map(str, ox.Store.read_only(str(live)))) == before
    assert objects(store, "urn:a", "urn:b") == {"urn:c"}


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


CITES = Path(__file__).parent / "fixtures" / "registry"


@pytest.fixture(scope="module")
def national_store(tmp_path_factory):
    """The fixture corpus plus the bundled registry in one store (as a user would build it)."""
    from conftest import run_cli

    store = tmp_path_factory.mktemp("national") / "store"
    for args in (("import", "laws", str(FIXTURE)), ("import", "bundled")):
        res = run_cli("registry", *args, "--store", str(store))
        assert res.exit_code == 0, res.stderr
    return store


@pytest.mark.slow
def test_title_citation_resolves_to_the_version_in_force(national_store, policykg):
    res = policykg("ingest", str(CITES / "synthetic-cites-lifa.txt"), "--store", str(national_store))
    assert res.exit_code == 0, res.stderr
    assert "eli:based_on doc:立法法-2023-03-13" in res.stdout
    assert "立法法-2015-03-15" not in res.stdout


@pytest.mark.slow
def test_title_citation_before_the_new_version_resolves_to_the_old_one(national_store, policykg, tmp_path):
    text = (CITES / "synthetic-cites-lifa.txt").read_text(encoding="utf-8")
    draft = tmp_path / "dated-2020.txt"
    draft.write_text(text.replace("2024年1月1日", "2020年1月1日").replace("2024年2月1日", "2020年2月1日"),
                     encoding="utf-8")
    res = policykg("ingest", str(draft), "--store", str(national_store))
    assert res.exit_code == 0, res.stderr
    assert "eli:based_on doc:立法法-2015-03-15" in res.stdout


@pytest.mark.slow
def test_draft_citing_an_expired_law_is_told_with_the_date(national_store, policykg):
    res = policykg("check", str(CITES / "synthetic-cites-expired.txt"), "--store", str(national_store),
                   "--as-of", "2024-06-01", "--format", "json")
    assert res.exit_code == 1, res.stderr
    found = [f for f in json.loads(res.stdout)["findings"] if "basis-marked-expired" in json.dumps(f)]
    assert found, res.stdout[:2000]
    text = json.dumps(found, ensure_ascii=False)
    assert "契税暂行条例" in text and "2024-01-01" in text
    # the draft citing the law in force gets no such finding
    res = policykg("check", str(CITES / "synthetic-cites-lifa.txt"), "--store", str(national_store),
                   "--as-of", "2024-06-01", "--format", "json")
    assert "basis-marked-expired" not in res.stdout


@pytest.mark.slow
def test_the_citation_index_is_saved_with_each_generation(national_store, tmp_path, policykg):
    from policykg.registry import resolve
    from policykg.store import OxigraphStore

    store = OxigraphStore.open(national_store)
    saved = resolve.load_index(store.generation)
    assert saved is not None and saved == resolve.build_index(store)  # the file says what the store says
    assert sorted(saved.titles["中华人民共和国立法法"]) == [(resolve.URIRef(DOC + "立法法-2015-03-15"), "2015-03-15"),
                                                            (resolve.URIRef(DOC + "立法法-2023-03-13"), "2023-03-13")]
    # a store whose generation lacks the index (imported by an older policykg) still resolves, and the next
    # import, though it changes no graph, saves the index
    copy = tmp_path / "copy"
    shutil.copytree(national_store, copy)
    gen = StoreDir(copy).current()
    (gen / resolve.INDEX_FILE).unlink()
    res = policykg("ingest", str(CITES / "synthetic-cites-lifa.txt"), "--store", str(copy))
    assert res.exit_code == 0 and "eli:based_on doc:立法法-2023-03-13" in res.stdout
    res = policykg("registry", "import", "laws", str(FIXTURE), "--store", str(copy))
    assert "unchanged since the last import" in res.stdout and "citation index saved" in res.stdout
    assert StoreDir(copy).current() == gen and resolve.load_index(gen) == saved


@pytest.mark.slow
def test_a_citation_index_from_other_code_or_another_generation_is_not_used(national_store, tmp_path, policykg):
    from policykg.registry import resolve

    copy = tmp_path / "copy"
    shutil.copytree(national_store, copy)
    gen = StoreDir(copy).current()
    index = gen / resolve.INDEX_FILE
    doc = json.loads(index.read_text(encoding="utf-8"))
    doc["code"] = "0" * 64
    doc["titles"]["中华人民共和国立法法"] = []
    index.write_text(json.dumps(doc), encoding="utf-8")
    assert resolve.load_index(gen) is None
    res = policykg("ingest", str(CITES / "synthetic-cites-lifa.txt"), "--store", str(copy))
    assert res.exit_code == 0 and "eli:based_on doc:立法法-2023-03-13" in res.stdout
    # an import that changes a graph makes a new generation with its own index (the old one is not copied)
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://w3id.org/policykg/doc/测试-2024-1> <http://purl.org/dc/terms/title> "测试文件"@zh .\n',
                     encoding="utf-8")
    res = policykg("registry", "import", "ttl", str(extra), "--store", str(copy))
    assert res.exit_code == 0, res.stderr
    new = StoreDir(copy).current()
    assert new != gen
    fresh = resolve.load_index(new)
    assert fresh is not None and "测试文件" in fresh.titles and fresh.titles["中华人民共和国立法法"]
