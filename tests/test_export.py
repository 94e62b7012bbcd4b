"""`policykg export`: views, --focus, and every graph format, on the Weihai mini fixture and on the bundled data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import requires_tool, run_cli
from policykg.export import FORMAT_NAMES, build_view, export_bytes, read_model
from policykg.export.dot import to_dot, wrap
from policykg.export.focus import resolve_focus
from policykg.export.style import node_style
from policykg.load import load_all
from policykg.provenance import verify_excerpts
from policykg.resources import resource_dir
from policykg.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "weihai"
BUNDLED_CASE = resource_dir("data") / "cases" / "weihai-2023"
D = "https://w3id.org/policykg/doc/"
REPORT = D + "idx-11371000004359096D-2025-03372"
PLAN, OPINION = D + "威政字-2023-40", D + "威政发-2023-5"
GUIDE, NEW_BATCH = D + "国科发创-2016-370", D + "国科发区-2022-5"
PROVINCE, STATE_COUNCIL = D + "鲁政发-2017-38", D + "国发-2022-18"
LAW = D + "立法法-2023-03-13"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ = "http://www.gexf.net/1.2draft/viz"


@pytest.fixture(scope="module")
def model():
    return read_model(open_store([FIXTURE]))


def nodes_of(view) -> set[str]:
    return set(view.graph.nodes)


def export(tmp_path: Path, *args: str, name: str = "out"):
    """Run the CLI on the fixture; return (result, written file)."""
    out = tmp_path / name
    result = run_cli("export", "--data", str(FIXTURE), "-o", str(out), *args)
    return result, out


# ---------------------------------------------------------------- the fixture itself


def test_fixture_quotes_stand_verbatim_in_the_shipped_sources():
    graph = load_all([FIXTURE])
    assert verify_excerpts(graph, resource_dir("data")) == []


# ---------------------------------------------------------------- views


def test_basis_view_holds_documents_and_their_basis_links(model):
    view = build_view(model, "basis")
    assert nodes_of(view) == {PLAN, OPINION, GUIDE, NEW_BATCH, PROVINCE, STATE_COUNCIL}
    edges = sorted((u, v, d["relation"], d["kind"]) for u, v, d in view.graph.edges(data=True))
    assert edges == sorted([
        (PLAN, GUIDE, "eli:based_on", "basis"),
        (PLAN, PROVINCE, "eli:based_on", "basis"),
        (PLAN, STATE_COUNCIL, "pkg:implementsPolicy", "implements-policy"),
        # the evaluation found both Weihai documents conform to both directives: a distinct edge kind
        (PLAN, GUIDE, "pkg:assessedConformityWith", "conformity"),
        (PLAN, NEW_BATCH, "pkg:assessedConformityWith", "conformity"),
        (OPINION, GUIDE, "pkg:assessedConformityWith", "conformity"),
        (OPINION, NEW_BATCH, "pkg:assessedConformityWith", "conformity"),
    ])
    conformity = view.graph.edges[OPINION, GUIDE, "pkg:assessedConformityWith"]
    assert conformity["via"] == REPORT + "/evaluation"
    assert conformity["label"] == "评估认定符合" and conformity["label_en"] == "assessed as conforming with"


def test_basis_nodes_carry_label_type_number_and_level_colour(model):
    g = build_view(model, "basis").graph
    plan = g.nodes[PLAN]
    assert plan["label"] == "威政字〔2023〕40号" and plan["label_en"] == "Weizhengzi [2023] No. 40"
    assert plan["type"] == "pkg:PolicyDocument" and plan["type_label"] == "政策性文件"
    assert plan["number"] == "威政字〔2023〕40号"
    assert plan["level"] == "市" and plan["level_code"] == "level-municipal"
    assert plan["title"] == "威海市人民政府关于印发威海市建设国家创新型城市实施方案的通知"
    assert plan["issued_by"] == "威海市人民政府"
    assert plan["date_document"] == "2023-07-16"
    # joint document: the lead issuer (科学技术部) gives the level
    assert g.nodes[GUIDE]["level"] == "国务院部门" and g.nodes[GUIDE]["issued_by"] == "国家发展和改革委员会；科学技术部"
    assert g.nodes[STATE_COUNCIL]["level"] == "国务院" and g.nodes[PROVINCE]["level"] == "省"
    assert len({g.nodes[n]["color"] for n in g}) == 4  # municipal, ministry, State Council, provincial
    assert g.nodes[PLAN]["color"] == node_style("document", "level-municipal").fill
    assert "status" not in plan  # the data records no status: none is invented


def test_trace_view_follows_results_to_directives(model):
    view = build_view(model, "trace")
    results = {f"{REPORT}/result-0{i}" for i in range(1, 5)}
    assert nodes_of(view) == results | {
        f"{REPORT}/measure-01", f"{REPORT}/measure-02", f"{REPORT}/area-1", PLAN, OPINION,
        f"{GUIDE}/para-2", GUIDE, PROVINCE, STATE_COUNCIL,
    }
    g = view.graph
    directives = {GUIDE, PROVINCE, STATE_COUNCIL}
    for r in results:
        assert any(nx.has_path(g, r, d) for d in directives), r
    # the measure → provision → directive chain
    chain = [f"{REPORT}/result-03", f"{REPORT}/measure-02", f"{GUIDE}/para-2", GUIDE]
    assert [list(g[a][b]) for a, b in zip(chain, chain[1:])] == [
        ["pkg:achievedThrough"], ["pkg:implements"], ["pkg:provisionOf"]]
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert relations == {"pkg:achievedThrough", "pkg:inArea", "pkg:attributedTo", "pkg:measureOf", "pkg:implements",
                         "pkg:areaConcerns", "pkg:provisionOf", "eli:based_on", "pkg:implementsPolicy"}


def test_long_texts_and_quotes_are_attributes_not_nodes(model):
    g = build_view(model, "trace").graph
    assert not [n for n in g if "/chars-" in n or "/source/" in n]
    para = g.nodes[f"{GUIDE}/para-2"]
    assert para["text"].startswith("已开展创新型城市试点建设的城市") and para["ordinal"] == 2
    assert para["quote"] == para["text"]
    assert para["provenance"].startswith("src:text-007 [")
    result = g.nodes[f"{REPORT}/result-02"]
    assert result["value"] == 1700.0 and result["unit"] == "家" and result["comparator"] == "超"
    assert result["indicator"] == "国家高新技术企业数量" and result["baseline"] == "“十三五”末"
    assert "国家高新技术企业超1700家,较“十三五”末增加986家" in result["quote"]


def test_all_view_keeps_linked_provisions_only(model):
    g = build_view(model, "all").graph
    assert f"{GUIDE}/para-2" in g  # a measure implements it
    assert f"{LAW}/art-99" not in g and f"{LAW}/art-100" not in g  # nothing links to them
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"document", "provision", "organ", "measure", "area", "result", "indicator", "evaluation"}
    # a joint document's lead issuer is drawn once, not again as eli:passed_by
    assert set(g[GUIDE]) >= {"https://w3id.org/policykg/org/科学技术部"}
    assert list(g[GUIDE]["https://w3id.org/policykg/org/科学技术部"]) == ["pkg:leadIssuer"]


def test_every_attribute_is_a_plain_value_of_one_type(model):
    for name in ("basis", "trace", "all"):
        g = build_view(model, name).graph
        types: dict[str, set[type]] = {}
        for _, data in list(g.nodes(data=True)) + [(None, d) for _, _, d in g.edges(data=True)]:
            for key, value in data.items():
                assert type(value) in (str, int, float), (name, key, value)
                types.setdefault(key, set()).add(type(value))
        assert all(len(t) == 1 for t in types.values()), types
        for n, data in g.nodes(data=True):
            assert data["label"] and data["label_en"] and data["type"] and data["iri"] == n


@pytest.mark.slow
def test_a_recorded_status_sets_the_border_and_the_legend(tmp_path):
    """Statuses are drawn only where the data records one (this one is test-only, not a fact)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "status.ttl").write_text(
        "@prefix doc: <https://w3id.org/policykg/doc/> . @prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix code: <https://w3id.org/policykg/code/> . @prefix pkg: <https://w3id.org/policykg/ns#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'doc:鲁政发-2017-38 eli:in_force code:status-expired ; pkg:statusAsOf "2025-01-01"^^xsd:date .\n',
        encoding="utf-8")
    m = read_model(open_store([data]))
    view = build_view(m, "basis")
    node = view.graph.nodes[PROVINCE]
    assert (node["status"], node["status_en"], node["status_code"], node["status_as_of"]) == (
        "已失效", "expired", "status-expired", "2025-01-01")
    assert node["border_color"] == node_style("document", "level-provincial", "status-expired").border
    assert view.graph.nodes[PLAN]["border_color"] != node["border_color"]
    dot_line = next(line for line in to_dot(view).splitlines() if line.startswith(f'  "{PROVINCE}"'))
    assert 'style="filled,rounded,dashed"' in dot_line
    if shutil.which("dot"):
        page = export_bytes(view, m, "html").decode("utf-8")
        legend = page[page.index('id="pkg-legend"'):]
        assert "已失效 expired" in legend


# ---------------------------------------------------------------- --focus / --depth


@pytest.mark.parametrize("spelling", ["国科发创〔2016〕370号", "国科发创[2016]0370号", "doc:国科发创-2016-370", GUIDE])
def test_focus_resolves_wenhao_curie_and_iri(model, spelling):
    assert resolve_focus(spelling, model) == URIRef(GUIDE)


def test_focus_keeps_the_undirected_neighbourhood(model):
    focus = URIRef(GUIDE)
    assert nodes_of(build_view(model, "basis", focus=focus, depth=1)) == {GUIDE, PLAN, OPINION}
    assert nodes_of(build_view(model, "basis", focus=focus, depth=2)) == {
        GUIDE, PLAN, OPINION, NEW_BATCH, PROVINCE, STATE_COUNCIL}
    assert nodes_of(build_view(model, "basis", focus=focus, depth=0)) == {GUIDE}
    r2 = URIRef(f"{REPORT}/result-02")
    assert nodes_of(build_view(model, "trace", focus=r2, depth=2)) == {
        str(r2), f"{REPORT}/measure-01", f"{REPORT}/area-1",  # hop 1
        PLAN, OPINION, f"{REPORT}/result-03", f"{REPORT}/measure-02",  # hop 2, edges taken either way
    }


def test_focus_in_all_reaches_provisions_nothing_links_to(model):
    view = build_view(model, "all", focus=URIRef(LAW), depth=1)
    assert nodes_of(view) == {LAW, f"{LAW}/art-99", f"{LAW}/art-100", "https://w3id.org/policykg/org/全国人民代表大会"}
    assert view.graph.nodes[f"{LAW}/art-99"]["text"].startswith("法律的效力高于行政法规")


@pytest.mark.slow
def test_focus_cli_writes_the_neighbourhood(tmp_path):
    result, out = export(tmp_path, "--view", "basis", "--focus", "国科发创〔2016〕370号", "--depth", "1",
                         "--format", "graphml")
    assert result.exit_code == 0, result.stderr
    assert set(nx.read_graphml(out).nodes) == {GUIDE, PLAN, OPINION}
    assert "3 nodes" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args, message", [
    (["--focus", "国科发创〔2016〕999号"], "no document with this 文号 in the data"),
    (["--focus", "not a number"], "malformed document number"),
    (["--focus", "doc:nothing-here"], "no such entity in the data"),
    (["--view", "basis", "--focus", "doc:立法法-2023-03-13"], "not in the basis view; try --view all"),
    (["--depth", "2"], "--depth needs --focus"),
    (["--focus", "国科发创〔2016〕370号", "--depth", "-1"], "-1"),
    (["--view", "nonsense"], "nonsense"),
])
def test_bad_focus_and_options_fail_with_one_line(tmp_path, args, message):
    result, out = export(tmp_path, "--format", "graphml", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


# ---------------------------------------------------------------- formats


# the fast subset writes one view through the CLI; the larger views only in the full suite
@pytest.mark.parametrize("view_name", ["basis", *(pytest.param(v, marks=pytest.mark.slow) for v in ("trace", "all"))])
def test_graphml_reads_back_with_the_same_counts(tmp_path, model, view_name):
    result, out = export(tmp_path, "--view", view_name, "--format", "graphml")
    assert result.exit_code == 0, result.stderr
    view = build_view(model, view_name)
    back = nx.read_graphml(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (view.graph.number_of_nodes(),
                                                                  view.graph.number_of_edges())
    assert set(back.nodes) == set(view.graph.nodes)
    assert back.nodes[next(iter(view.graph.nodes))]["label"] == next(iter(view.graph.nodes(data=True)))[1]["label"]
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<graphml')


@pytest.mark.slow
@pytest.mark.parametrize("view_name", ["basis", "trace", "all"])
def test_gexf_is_valid_gexf_12_and_reads_back(tmp_path, model, view_name):
    result, out = export(tmp_path, "--view", view_name, "--format", "gexf")
    assert result.exit_code == 0, result.stderr
    view = build_view(model, view_name)
    back = nx.read_gexf(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (view.graph.number_of_nodes(),
                                                                  view.graph.number_of_edges())
    assert_valid_gexf(out.read_bytes(), view.graph)


def assert_valid_gexf(data: bytes, graph: nx.MultiDiGraph) -> None:
    """The structure of GEXF 1.2draft (gexf.xsd): root, namespace, version, meta, declared attributes, references."""
    assert b"lastmodifieddate" not in data  # no dates: the same graph gives the same file
    root = ET.fromstring(data)
    q = lambda tag: f"{{{GEXF_NS}}}{tag}"  # noqa: E731
    assert root.tag == q("gexf") and root.get("version") == "1.2"
    assert [child.tag for child in root] == [q("meta"), q("graph")]
    assert {c.tag for c in root.find(q("meta"))} <= {q("creator"), q("description"), q("keywords")}
    g = root.find(q("graph"))
    assert g.get("defaultedgetype") == "directed" and g.get("mode") == "static"
    assert set(g.attrib) <= {"timeformat", "start", "startopen", "end", "endopen", "defaultedgetype", "idtype",
                             "mode"}
    declared = {}
    for attributes in g.findall(q("attributes")):
        assert attributes.get("class") in ("node", "edge") and attributes.get("mode") == "static"
        for a in attributes.findall(q("attribute")):
            assert a.get("type") in ("integer", "long", "float", "double", "boolean", "string", "liststring",
                                     "anyURI")
            declared[(attributes.get("class"), a.get("id"))] = a.get("title")
    node_ids = []
    for node in g.find(q("nodes")).findall(q("node")):
        node_ids.append(node.get("id"))
        assert node.get("label")
        colour = node.find(f"{{{GEXF_VIZ}}}color")
        assert colour is not None and all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        for value in node.iter(q("attvalue")):
            assert ("node", value.get("for")) in declared
    assert node_ids == list(graph.nodes) and len(set(node_ids)) == len(node_ids)
    edge_ids = []
    for edge in g.find(q("edges")).findall(q("edge")):
        edge_ids.append(edge.get("id"))
        assert edge.get("source") in node_ids and edge.get("target") in node_ids
        assert edge.get("type") in (None, "directed")
        for value in edge.iter(q("attvalue")):
            assert ("edge", value.get("for")) in declared
    assert len(edge_ids) == graph.number_of_edges() and len(set(edge_ids)) == len(edge_ids)


@pytest.mark.slow
def test_cytoscape_json_structure(tmp_path, model):
    result, out = export(tmp_path, "--view", "trace", "--format", "cyjs")
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert ids == list(build_view(model, "trace").graph.nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges) == 21
    first = nodes[ids.index(PLAN)]["data"]
    assert first["label"] == "威政字〔2023〕40号" and first["level"] == "市"


@pytest.mark.slow
@requires_tool("dot")
@pytest.mark.parametrize("view_name", ["basis", "trace", "all"])
def test_dot_renders_with_graphviz(tmp_path, model, view_name):
    result, out = export(tmp_path, "--view", view_name, "--format", "dot")
    assert result.exit_code == 0, result.stderr
    proc = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    svg = ET.fromstring(proc.stdout)
    groups = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"]
    assert len(groups) == build_view(model, view_name).graph.number_of_nodes()
    assert sorted(g.get("id") for g in groups) == sorted(f"n{i}" for i in range(len(groups)))


def test_dot_quotes_hostile_labels(model):
    view = build_view(model, "basis")
    view.graph.nodes[PLAN]["label"] = 'a "quoted" \\ label'
    text = to_dot(view)
    assert 'label="a \\"quoted\\" \\\\ label' in text
    if shutil.which("dot"):
        assert subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True).returncode == 0


def test_wrap_counts_cjk_as_two_columns():
    assert wrap("国家高新技术企业超1700家", 12, max_lines=3) == ["国家高新技术", "企业超1700家"]
    assert wrap("一二三四五六七八九十" * 3, 8, max_lines=2) == ["一二三四", "五六七…"]


@pytest.mark.slow
@requires_tool("dot")
def test_svg_and_png(tmp_path):
    result, out = export(tmp_path, "--view", "basis", name="basis.svg")
    assert result.exit_code == 0, result.stderr
    assert ET.fromstring(out.read_bytes()).tag == "{http://www.w3.org/2000/svg}svg"
    result, out = export(tmp_path, "--view", "basis", name="basis.png")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.slow
@pytest.mark.parametrize("view_name", ["basis", "trace", "all"])
def test_jsonld_reparses_isomorphic_to_the_view(tmp_path, model, view_name):
    result, out = export(tmp_path, "--view", view_name, "--format", "jsonld")
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["pkg"] == "https://w3id.org/policykg/ns#" and data["@context"]["eli"]
    back = Graph().parse(data=out.read_text(encoding="utf-8"), format="json-ld")
    view = build_view(model, view_name)
    assert isomorphic(back, view.rdf)
    assert not any(isinstance(t, BNode) for triple in back for t in triple)
    # every node and every drawn edge is in the RDF
    subjects = {str(s) for s in back.subjects()}
    assert set(view.graph.nodes) <= subjects


@pytest.mark.slow
def test_formats_follow_the_output_suffix_and_stdout(tmp_path):
    result, out = export(tmp_path, "--view", "basis", name="x.gexf")
    assert result.exit_code == 0 and ET.fromstring(out.read_bytes()).tag == f"{{{GEXF_NS}}}gexf"
    result, out = export(tmp_path, "--view", "basis", name="x.unknown")
    assert result.exit_code == 2 and "--format is needed" in result.stderr and not out.exists()
    result = run_cli("export", "--data", str(FIXTURE), "--view", "basis", "--format", "jsonld")
    assert result.exit_code == 0 and json.loads(result.stdout)["@graph"]
    result = run_cli("export", "--data", str(FIXTURE), "--format", "dot", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr


# ---------------------------------------------------------------- determinism and atomic writes


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_same_graph_gives_byte_identical_files(tmp_path, fmt):
    if fmt in ("svg", "png", "html") and shutil.which("dot") is None and not os.environ.get("CI"):
        pytest.skip("Graphviz not installed (CI installs it)")
    first = export(tmp_path, "--view", "all", "--format", fmt, name="a")[1].read_bytes()
    second = export(tmp_path, "--view", "all", "--format", fmt, name="b")[1].read_bytes()
    assert first == second and len(first) > 100


@pytest.mark.slow
def test_output_does_not_depend_on_hash_seed(tmp_path):
    """Two processes with different string hashing give the same JSON-LD and GEXF."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        for fmt in ("jsonld", "gexf"):
            out = tmp_path / f"{seed}.{fmt}"
            proc = subprocess.run([sys.executable, "-m", "policykg.cli.main", "export", "--data", str(FIXTURE),
                                   "--view", "all", "-o", str(out)], env=env, capture_output=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
            outputs.append(out.read_bytes())
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


@pytest.mark.slow
def test_failed_render_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "graph.svg"
    out.write_text("old drawing", encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no Graphviz
    result = run_cli("export", "--data", str(FIXTURE), "--view", "basis", "-o", str(out))
    assert result.exit_code == 2
    assert "Graphviz 'dot' not found" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "old drawing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "graph.svg"]


@pytest.mark.slow
def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    import policykg.serialize as serialize

    out = tmp_path / "graph.graphml"
    out.write_text("old graph", encoding="utf-8")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(serialize.os, "replace", disk_full)
    result = run_cli("export", "--data", str(FIXTURE), "--view", "basis", "-o", str(out))
    assert result.exit_code == 2 and "cannot write: No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "old graph"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]  # no temporary file left behind


# ---------------------------------------------------------------- the bundled data

bundled = pytest.mark.skipif(not BUNDLED_CASE.is_dir(), reason="bundled Weihai case not built yet")


@pytest.fixture(scope="module")
def bundled_model():
    return read_model(open_store())


@pytest.mark.slow
@bundled
def test_bundled_trace_links_every_result_to_a_directive(bundled_model):
    g = build_view(bundled_model, "trace").graph
    results = [n for n, d in g.nodes(data=True) if d["kind"] == "result"]
    directives = {v for _, v, d in g.edges(data=True) if d["relation"] in ("eli:based_on", "pkg:implementsPolicy")}
    assert len(results) >= 20 and directives
    assert not [g.nodes[r]["label"] for r in results if not any(nx.has_path(g, r, d) for d in directives)]
    assert {g.nodes[d]["number"] for d in directives} >= {"国科发创〔2016〕370号"}


@pytest.mark.slow
@bundled
def test_bundled_basis_is_valid_gexf(bundled_model):
    view = build_view(bundled_model, "basis")
    data = export_bytes(view, bundled_model, "gexf")
    assert_valid_gexf(data, view.graph)
    g = view.graph
    assert {g.nodes[n].get("number") for n in g} >= {"威政字〔2023〕40号", "威政发〔2023〕5号", "国科发创〔2016〕370号"}


@pytest.mark.slow
@bundled
def test_bundled_all_view_stays_small_enough_to_draw(bundled_model):
    g = build_view(bundled_model, "all").graph
    provisions = [n for n, d in g.nodes(data=True) if d["kind"] == "provision"]
    every_provision = [e for e, k in bundled_model.kinds.items() if k == "provision"]
    assert len(every_provision) > 1000  # the laws' articles …
    assert len(provisions) < 100  # … are drawn only where something links to them
    assert g.number_of_nodes() < 400


def test_docstring_examples_hold():
    import doctest

    from policykg.export import attributes, dot, style

    for module in (attributes, dot, style):
        outcome = doctest.testmod(module)
        assert outcome.attempted > 0 and outcome.failed == 0, module.__name__
